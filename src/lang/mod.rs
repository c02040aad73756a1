//! Language facts: how each generated language spells a catalog name as an identifier.
//!
//! This is the one naming authority. Validation asks it whether two names collide in some
//! language, and every target asks it for the identifiers it prints, so the name that was
//! checked is the name that is generated. It knows each language's keywords, the builtins a
//! star-import or prelude would shadow, and the members the generated module itself defines;
//! it depends on no renderer and no template engine.
//!
//! A name a language can spell is spelled, with that language's established escape where the
//! plain spelling is taken (prost's trailing underscore for `Self`, PEP 8's trailing underscore
//! for a Python name that its linters reject, a quoted key in TypeScript). A name is refused
//! only where no escape exists, and [`Language::refusal`] says why.

pub mod python;
pub mod rust;
pub mod typescript;

use heck::{ToLowerCamelCase, ToShoutySnakeCase, ToUpperCamelCase};

/// What a catalog name names. Each kind is its own namespace in every generated language (error
/// variants and category variants are members of two different enums), so collisions are only
/// checked within a kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NameKind {
    Catalog,
    Category,
    Error,
    Param,
    /// An occurrence field: spelled like a parameter, since both are constructor arguments.
    Field,
}

impl NameKind {
    /// What a rename hint calls several of the kind's owners and their names: `errors`/`names`,
    /// `categories`/`ids`.
    pub fn owners(self) -> (&'static str, &'static str) {
        match self {
            NameKind::Catalog => ("catalogs", "names"),
            NameKind::Category => ("categories", "ids"),
            NameKind::Error => ("errors", "names"),
            NameKind::Param => ("parameters", "names"),
            NameKind::Field => ("fields", "names"),
        }
    }

    /// The kind in diagnostics: `error name`, `category id`, ...
    pub fn describe(self) -> &'static str {
        match self {
            NameKind::Catalog => "catalog name",
            NameKind::Category => "category id",
            NameKind::Error => "error name",
            NameKind::Param => "parameter name",
            NameKind::Field => "field name",
        }
    }
}

/// A generated language's naming rules.
pub trait Language: Sync {
    /// The language's name in diagnostics and docs, e.g. `TypeScript`.
    fn name(&self) -> &'static str;
    /// The identifier this language spells `name` (a valid catalog name) as, when the kind
    /// becomes an identifier in it; two names of one kind with the same identifier collide.
    fn ident(&self, kind: NameKind, name: &str) -> Option<String>;
    /// The class this language generates for the error `name` of the catalog `catalog`, when
    /// it generates one per error (Python's exception classes). Classes share the module's
    /// namespace, so two errors with the same class collide.
    fn error_class(&self, _catalog: &str, _name: &str) -> Option<String> {
        None
    }
    /// Why `name` cannot be spelled in this language at all, when that is so.
    fn refusal(&self, _kind: NameKind, _name: &str) -> Option<String> {
        None
    }
}

/// Every language errcat generates code for.
pub fn all() -> &'static [&'static dyn Language] {
    &[&rust::Rust, &typescript::TypeScript, &python::Python]
}

/// A catalog name: lowercase ASCII letters and digits in words joined by single underscores,
/// starting with a letter or a digit (`3ds_required`). Every language below can spell these.
pub fn is_catalog_name(s: &str) -> bool {
    matches!(s.chars().next(), Some('a'..='z' | '0'..='9'))
        && !s.ends_with('_')
        && !s.contains("__")
        && s.chars().all(|c| matches!(c, 'a'..='z' | '0'..='9' | '_'))
}

/// `invalid_phone` → `InvalidPhone`; digits stay attached (`sms_2fa` → `Sms2fa`).
pub(crate) fn upper_camel(s: &str) -> String {
    s.to_upper_camel_case()
}

/// `invalid_phone` → `invalidPhone`.
pub(crate) fn lower_camel(s: &str) -> String {
    s.to_lower_camel_case()
}

/// `invalid_phone` → `INVALID_PHONE`.
pub(crate) fn screaming_snake(s: &str) -> String {
    s.to_shouty_snake_case()
}

/// Whether `s` starts with an ASCII digit, so no language can use it as an identifier as is.
pub(crate) fn starts_with_digit(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_conversion() {
        assert_eq!(upper_camel("invalid_phone"), "InvalidPhone");
        assert_eq!(upper_camel("sms_2fa"), "Sms2fa");
        assert_eq!(upper_camel("sms2fa"), "Sms2fa");
        assert_eq!(screaming_snake("invalid_phone"), "INVALID_PHONE");
    }

    #[test]
    fn catalog_names_may_start_with_a_digit() {
        assert!(is_catalog_name("3ds_required"));
        assert!(is_catalog_name("a1"));
        assert!(!is_catalog_name("A"));
        assert!(!is_catalog_name("a__b"));
        assert!(!is_catalog_name("a_"));
        assert!(!is_catalog_name("_a"));
    }
}
