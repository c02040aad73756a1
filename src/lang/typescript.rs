//! How the `typescript` target spells catalog names.
//!
//! Errors and categories become SCREAMING_SNAKE_CASE property names of `as const` objects
//! (`ErrorCode.INVALID_PHONE`). A property name may be any word, keywords included, so the only
//! escape needed is for names that are not identifiers at all: one starting with a digit is
//! written as a quoted key (`"3DS_REQUIRED": ...`, read as `ErrorCode["3DS_REQUIRED"]`).
//! Parameters and occurrence fields are properties of an error's data and of its constructor's
//! argument, quoted the same way when needed; `name` is the data's discriminant, so a parameter
//! or field called `name` is the property `name_`.
//!
//! Each error also gets a constructor function named in lowerCamelCase (`invalidPhone`). A
//! function name is a binding in a strict-mode module, so reserved words (`delete`, `let`,
//! `await`), the names strict mode forbids binding (`eval`, `arguments`), the globals the module
//! relies on (`undefined`, `globalThis`), the names tsc reserves in a module (`require`,
//! `exports`) and the module's own functions (`formatMessage`, `parseResponseBody`) get a
//! trailing underscore (`delete_`, `formatMessage_`); a name starting with a digit gets a leading
//! one (`_3dsRequired`). No catalog name ends or starts with `_`, so an escaped name never
//! equals another error's. Two error names with the same lowerCamel spelling have the same
//! UpperCamel spelling, which the Rust naming already refuses as a collision; the checked
//! identifier of an error stays its SCREAMING_SNAKE key, so one collision is reported once.
//!
//! The catalog's name gives the module's `Error` subclass, `<Name>Error` (`MessagingError`);
//! where that is a JavaScript error class (`TypeError`) or another class of the module
//! (`UnknownError`), it is `<Name>CatalogError`.

use super::{Language, NameKind, lower_camel, screaming_snake, starts_with_digit, upper_camel};

pub struct TypeScript;

/// A property of a generated object: its name and how an object literal writes its key.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Property {
    /// The property's name, as `Object.keys` lists it.
    pub name: String,
    /// The key in an object literal or type: the name, or the name quoted.
    pub key: String,
    /// How code reads it: `.NAME` or `["NAME"]`.
    pub access: String,
}

impl Property {
    fn new(name: String) -> Property {
        if is_identifier(&name) {
            Property {
                key: name.clone(),
                access: format!(".{name}"),
                name,
            }
        } else {
            // Catalog names are ASCII letters, digits and underscores: no escaping is needed
            // inside the quotes.
            Property {
                key: format!("\"{name}\""),
                access: format!("[\"{name}\"]"),
                name,
            }
        }
    }
}

impl TypeScript {
    /// The key of an error (in `ErrorCode`, `ErrorName`) or a category (in `Category`).
    pub fn member(name: &str) -> Property {
        Property::new(screaming_snake(name))
    }

    /// The property of a parameter or occurrence field in an error's data and in its
    /// constructor's argument.
    pub fn param(name: &str) -> Property {
        if name == DISCRIMINANT {
            Property::new(format!("{name}_"))
        } else {
            Property::new(name.to_owned())
        }
    }

    /// The constructor function of an error: `invalid_phone` → `invalidPhone`.
    pub fn function(name: &str) -> String {
        let camel = lower_camel(name);
        if starts_with_digit(&camel) {
            format!("_{camel}")
        } else if RESERVED.contains(&camel.as_str()) || MODULE_FUNCTIONS.contains(&camel.as_str()) {
            format!("{camel}_")
        } else {
            camel
        }
    }

    /// The npm package's default name: the catalog's name in kebab case plus `-errors`
    /// (`messaging-errors`), the same as the Python distribution's.
    pub fn npm_package(catalog: &str) -> String {
        format!("{}-errors", catalog.replace('_', "-"))
    }

    /// The module's `Error` subclass, named after the catalog: `messaging` → `MessagingError`.
    pub fn error_class(catalog: &str) -> String {
        let camel = upper_camel(catalog);
        let camel = if starts_with_digit(&camel) {
            format!("_{camel}")
        } else {
            camel
        };
        let class = format!("{camel}Error");
        if ERROR_GLOBALS.contains(&class.as_str()) || MODULE_CLASSES.contains(&class.as_str()) {
            format!("{camel}CatalogError")
        } else {
            class
        }
    }
}

/// The member of an error's data that holds its name.
const DISCRIMINANT: &str = "name";

/// Words a function declaration in a strict-mode ES module cannot use, or must not shadow:
/// reserved words (ECMAScript, strict mode, modules), `eval` and `arguments`, the globals the
/// module itself reads, and the names tsc reserves at the top of a module.
pub const RESERVED: &[&str] = &[
    "arguments",
    "await",
    "break",
    "case",
    "catch",
    "class",
    "const",
    "continue",
    "debugger",
    "default",
    "delete",
    "do",
    "else",
    "enum",
    "eval",
    "export",
    "exports",
    "extends",
    "false",
    "finally",
    "for",
    "function",
    "globalThis",
    "if",
    "implements",
    "import",
    "in",
    "instanceof",
    "interface",
    "let",
    "module",
    "new",
    "null",
    "package",
    "private",
    "protected",
    "public",
    "require",
    "return",
    "static",
    "super",
    "switch",
    "this",
    "throw",
    "true",
    "try",
    "typeof",
    "undefined",
    "var",
    "void",
    "while",
    "with",
    "yield",
];

/// The functions the generated module defines at its top level (exported or not);
/// `tests/typescript.rs` checks the list against the templates.
pub const MODULE_FUNCTIONS: &[&str] = &[
    "agrees",
    "build",
    "decode",
    "deepFreeze",
    "define",
    "defineWire",
    "emptyValue",
    "errorByCode",
    "errorByName",
    "formatMessage",
    "fromText",
    "isErrorCode",
    "isErrorName",
    "isJsonNumber",
    "isObject",
    "jsonText",
    "lookupCode",
    "lookupName",
    "matchMessage",
    "memberAt",
    "messageOf",
    "own",
    "parseResponseBody",
    "printable",
    "responseJson",
    "sameJson",
    "typeProblem",
    "wire",
];

/// JavaScript's built-in error classes, which a module-level class must not shadow.
pub const ERROR_GLOBALS: &[&str] = &[
    "AggregateError",
    "EvalError",
    "InternalError",
    "RangeError",
    "ReferenceError",
    "SuppressedError",
    "SyntaxError",
    "TypeError",
    "URIError",
];

/// The other classes of the generated module.
pub const MODULE_CLASSES: &[&str] = &["ResponseParseError", "UnknownError"];

/// An ECMAScript IdentifierName made of ASCII characters.
fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
}

impl Language for TypeScript {
    fn name(&self) -> &'static str {
        "TypeScript"
    }
    fn ident(&self, kind: NameKind, name: &str) -> Option<String> {
        match kind {
            NameKind::Error | NameKind::Category => Some(TypeScript::member(name).name),
            NameKind::Param | NameKind::Field => Some(TypeScript::param(name).name),
            NameKind::Catalog => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_are_quoted_only_when_not_identifiers() {
        let p = TypeScript::member("class");
        assert_eq!((p.key.as_str(), p.access.as_str()), ("CLASS", ".CLASS"));
        let p = TypeScript::member("3ds_required");
        assert_eq!(p.key, "\"3DS_REQUIRED\"");
        assert_eq!(p.access, "[\"3DS_REQUIRED\"]");
        assert_eq!(TypeScript::param("constructor").key, "constructor");
        assert_eq!(TypeScript::param("name").key, "name_");
        assert_eq!(TypeScript::param("3d").key, "\"3d\"");
    }

    #[test]
    fn functions_escape_reserved_words_module_functions_and_digits() {
        assert_eq!(TypeScript::function("invalid_phone"), "invalidPhone");
        assert_eq!(TypeScript::function("delete"), "delete_");
        assert_eq!(TypeScript::function("format_message"), "formatMessage_");
        assert_eq!(TypeScript::function("global_this"), "globalThis_");
        assert_eq!(TypeScript::function("3ds_required"), "_3dsRequired");
        assert_eq!(TypeScript::function("type"), "type");
    }

    #[test]
    fn same_function_name_means_same_rust_variant() {
        // Why the checked identifier can stay the SCREAMING_SNAKE key: functions collide only
        // where Rust variants do, and validation reports those.
        use super::super::rust::Rust;
        for (a, b) in [("sms_2fa", "sms2fa"), ("http_2", "http2"), ("a_b", "ab")] {
            let same = TypeScript::function(a) == TypeScript::function(b);
            assert_eq!(same, Rust::variant(a) == Rust::variant(b), "{a} and {b}");
        }
        assert_eq!(
            TypeScript::function("sms_2fa"),
            TypeScript::function("sms2fa")
        );
    }

    #[test]
    fn error_class_avoids_javascript_and_module_classes() {
        assert_eq!(TypeScript::error_class("messaging"), "MessagingError");
        assert_eq!(TypeScript::error_class("type"), "TypeCatalogError");
        assert_eq!(TypeScript::error_class("unknown"), "UnknownCatalogError");
        assert_eq!(
            TypeScript::error_class("response_parse"),
            "ResponseParseCatalogError"
        );
    }
}
