//! How the `rust` target spells catalog names.
//!
//! Errors and categories become UpperCamelCase variants of `ErrorCode` and `Category`.
//! Variants share a namespace with the enum's associated items, and only one of those can be
//! UpperCamelCase-shaped: the `ALL` constant (which `a_l_l` would spell). `Self` is the one
//! keyword UpperCamelCase can spell, and it cannot be a raw identifier, so it gets prost's
//! trailing underscore (`Self_`), as does `ALL_`. `Ok`, `Err`, `Some` and `None` are ordinary
//! variant names (tonic's `Code::Ok`): the generated module always writes `Self::Ok` or
//! `ErrorCode::Ok`, so they shadow nothing. A name starting with a digit gets a leading
//! underscore (`_3dsRequired`). Parameters, when they become fields or arguments, are snake_case
//! with raw identifiers for keywords (`r#type`) and a trailing underscore for the keywords that
//! cannot be raw (`self_`, `crate_`, `super_`).
//!
//! Each error also gets a constructor, `Error::<snake name>(..)`: the name spelled like a field,
//! with a trailing underscore where it would be one of `Error`'s own methods (`name_`) or the
//! error's variant (`_404` for an error named `404`, whose variant is `_404` too).

use super::{Language, NameKind, starts_with_digit, upper_camel};

pub struct Rust;

/// Associated items of the generated enums that a variant name could take.
const ENUM_MEMBERS: &[&str] = &["ALL"];

/// Every Rust keyword, strict, reserved and edition-dependent (2015 to 2024).
pub const KEYWORDS: &[&str] = &[
    "Self", "abstract", "as", "async", "await", "become", "box", "break", "const", "continue",
    "crate", "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if",
    "impl", "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub",
    "ref", "return", "self", "static", "struct", "super", "trait", "true", "try", "type", "typeof",
    "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// The methods of the generated `Error` enum, which a constructor name must not take.
pub const ERROR_METHODS: &[&str] = &[
    "kind",
    "code",
    "name",
    "http_status",
    "grpc_status",
    "to_response_body",
    "to_response_value",
];

/// Keywords that `r#` cannot make identifiers.
const NOT_RAW: &[&str] = &["Self", "self", "crate", "super", "_"];

impl Rust {
    /// The variant of `ErrorCode` (for an error) or `Category` (for a category).
    pub fn variant(name: &str) -> String {
        let camel = upper_camel(name);
        if starts_with_digit(&camel) {
            format!("_{camel}")
        } else if camel == "Self" || ENUM_MEMBERS.contains(&camel.as_str()) {
            format!("{camel}_")
        } else {
            camel
        }
    }

    /// The variant of a generated enum for a SCREAMING_SNAKE constant such as `NOT_FOUND`.
    pub fn constant_variant(constant: &str) -> String {
        Rust::variant(&constant.to_ascii_lowercase())
    }

    /// A field or argument named after a parameter.
    pub fn field(name: &str) -> String {
        if starts_with_digit(name) {
            format!("_{name}")
        } else if NOT_RAW.contains(&name) {
            format!("{name}_")
        } else if KEYWORDS.contains(&name) {
            format!("r#{name}")
        } else {
            name.to_owned()
        }
    }
}

impl Rust {
    /// The constructor of an error's occurrence: `Error::not_found(..)`.
    pub fn constructor(name: &str) -> String {
        let ident = Rust::field(name);
        if ERROR_METHODS.contains(&ident.as_str()) || ident == Rust::variant(name) {
            format!("{ident}_")
        } else {
            ident
        }
    }
}

impl Language for Rust {
    fn name(&self) -> &'static str {
        "Rust"
    }
    fn ident(&self, kind: NameKind, name: &str) -> Option<String> {
        match kind {
            NameKind::Error | NameKind::Category => Some(Rust::variant(name)),
            NameKind::Param | NameKind::Field => Some(Rust::field(name)),
            // The module is `rust/errors.rs` whatever the catalog's name.
            NameKind::Catalog => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_escape_what_rust_reserves() {
        assert_eq!(Rust::variant("invalid_phone"), "InvalidPhone");
        assert_eq!(Rust::variant("self"), "Self_");
        assert_eq!(Rust::variant("a_l_l"), "ALL_");
        assert_eq!(Rust::variant("all"), "All");
        assert_eq!(Rust::variant("ok"), "Ok");
        assert_eq!(Rust::variant("none"), "None");
        assert_eq!(Rust::variant("3ds_required"), "_3dsRequired");
    }

    #[test]
    fn fields_use_raw_identifiers() {
        assert_eq!(Rust::field("type"), "r#type");
        assert_eq!(Rust::field("gen"), "r#gen");
        assert_eq!(Rust::field("self"), "self_");
        assert_eq!(Rust::field("limit"), "limit");
        assert_eq!(Rust::field("2fa"), "_2fa");
    }

    #[test]
    fn constructors_avoid_methods_and_variants() {
        assert_eq!(Rust::constructor("not_found"), "not_found");
        assert_eq!(Rust::constructor("type"), "r#type");
        assert_eq!(Rust::constructor("self"), "self_");
        assert_eq!(Rust::constructor("name"), "name_");
        assert_eq!(Rust::constructor("to_response_body"), "to_response_body_");
        assert_eq!(Rust::constructor("404"), "_404_");
        assert_eq!(Rust::constructor("2fa"), "_2fa_");
        assert_eq!(Rust::constructor("3ds_required"), "_3ds_required");
    }
}
