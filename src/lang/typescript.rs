//! How the `typescript` target spells catalog names.
//!
//! Errors and categories become SCREAMING_SNAKE_CASE property names of `as const` objects
//! (`ErrorCode.INVALID_PHONE`). A property name may be any word, keywords included, so the only
//! escape needed is for names that are not identifiers at all: one starting with a digit is
//! written as a quoted key (`"3DS_REQUIRED": ...`, read as `ErrorCode["3DS_REQUIRED"]`).
//! Parameters are property names of a parameters object, quoted the same way when needed.

use super::{Language, NameKind, screaming_snake};

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

    /// The property of a parameter in a parameters object.
    pub fn param(name: &str) -> Property {
        Property::new(name.to_owned())
    }
}

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
    }
}
