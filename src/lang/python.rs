//! How the `python` target spells catalog names.
//!
//! Errors and categories become SCREAMING_SNAKE_CASE members of the `ErrorCode` and `Category`
//! enums, which no Python keyword, `Enum` attribute or `str`/`int` method can be. Two such
//! members are legal but rejected by pycodestyle's E741 (`I` and `O` read as digits): they get
//! PEP 8's trailing underscore (`I_`, `O_`). A name starting with a digit gets a leading
//! underscore (`_3DS_REQUIRED`).
//!
//! The catalog's name becomes the package `<name>_errors` and the exception class
//! `<Name>Error`. A class named like a builtin (`ValueError`, `TimeoutError`, ...) would shadow
//! it in the module and, through `__all__`, in every `from package import *`; such a class is
//! spelled `<Name>CatalogError` instead (a trailing underscore would fail pep8-naming's N801 and
//! N818). A catalog name starting with a digit is refused: the package could only be importable
//! with a leading underscore, which marks it private.
//!
//! Parameters, when they become keyword arguments, are snake_case with PEP 8's trailing
//! underscore for keywords and E741's ambiguous `l` (`class_`, `l_`).

use super::{Language, NameKind, screaming_snake, starts_with_digit, upper_camel};

pub struct Python;

/// Python 3 keywords (soft keywords such as `match` and `type` are valid identifiers).
pub const KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

/// Names that pycodestyle's E741 rejects as ambiguous.
const AMBIGUOUS: &[&str] = &["I", "O", "l"];

/// Every builtin class whose name ends in `Error` (Python 3.9 to 3.14). `tests/python.rs`
/// checks the list against the interpreter's `builtins`.
pub const BUILTIN_ERRORS: &[&str] = &[
    "ArithmeticError",
    "AssertionError",
    "AttributeError",
    "BlockingIOError",
    "BrokenPipeError",
    "BufferError",
    "ChildProcessError",
    "ConnectionAbortedError",
    "ConnectionError",
    "ConnectionRefusedError",
    "ConnectionResetError",
    "EOFError",
    "EnvironmentError",
    "FileExistsError",
    "FileNotFoundError",
    "FloatingPointError",
    "IOError",
    "ImportError",
    "IndentationError",
    "IndexError",
    "InterruptedError",
    "IsADirectoryError",
    "KeyError",
    "LookupError",
    "MemoryError",
    "ModuleNotFoundError",
    "NameError",
    "NotADirectoryError",
    "NotImplementedError",
    "OSError",
    "OverflowError",
    "PermissionError",
    "ProcessLookupError",
    "PythonFinalizationError",
    "RecursionError",
    "ReferenceError",
    "RuntimeError",
    "SyntaxError",
    "SystemError",
    "TabError",
    "TimeoutError",
    "TypeError",
    "UnboundLocalError",
    "UnicodeDecodeError",
    "UnicodeEncodeError",
    "UnicodeError",
    "UnicodeTranslateError",
    "ValueError",
    "ZeroDivisionError",
];

impl Python {
    /// The member of `ErrorCode` (for an error) or `Category` (for a category).
    pub fn member(name: &str) -> String {
        let upper = screaming_snake(name);
        if starts_with_digit(&upper) {
            format!("_{upper}")
        } else if AMBIGUOUS.contains(&upper.as_str()) {
            format!("{upper}_")
        } else {
            upper
        }
    }

    /// A keyword argument named after a parameter.
    pub fn argument(name: &str) -> String {
        if starts_with_digit(name) {
            format!("_{name}")
        } else if KEYWORDS.contains(&name) || AMBIGUOUS.contains(&name) {
            format!("{name}_")
        } else {
            name.to_owned()
        }
    }

    /// The import name of the package generated for the catalog `catalog_name`.
    pub fn package(catalog_name: &str) -> String {
        format!("{catalog_name}_errors")
    }

    /// The exception class generated for the catalog `catalog_name`: its name in
    /// UpperCamelCase plus `Error`, so packages of two catalogs can be imported side by side,
    /// or plus `CatalogError` where that would shadow a builtin.
    pub fn exception(catalog_name: &str) -> String {
        let plain = format!("{}Error", upper_camel(catalog_name));
        if BUILTIN_ERRORS.contains(&plain.as_str()) {
            format!("{}CatalogError", upper_camel(catalog_name))
        } else {
            plain
        }
    }
}

impl Language for Python {
    fn name(&self) -> &'static str {
        "Python"
    }
    fn ident(&self, kind: NameKind, name: &str) -> Option<String> {
        match kind {
            NameKind::Error | NameKind::Category => Some(Python::member(name)),
            NameKind::Param | NameKind::Field => Some(Python::argument(name)),
            NameKind::Catalog => Some(Python::package(name)),
        }
    }
    fn refusal(&self, kind: NameKind, name: &str) -> Option<String> {
        (kind == NameKind::Catalog && starts_with_digit(name)).then(|| {
            format!(
                "it becomes the Python package `{}`, and a Python module name cannot start \
                 with a digit",
                Python::package(name)
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_pass_pycodestyle() {
        assert_eq!(Python::member("invalid_phone"), "INVALID_PHONE");
        assert_eq!(Python::member("i"), "I_");
        assert_eq!(Python::member("o"), "O_");
        assert_eq!(Python::member("l"), "L");
        assert_eq!(Python::member("3ds_required"), "_3DS_REQUIRED");
        assert_eq!(Python::argument("class"), "class_");
        assert_eq!(Python::argument("type"), "type");
        assert_eq!(Python::argument("l"), "l_");
    }

    #[test]
    fn exceptions_never_shadow_builtins() {
        assert_eq!(Python::package("billing_api"), "billing_api_errors");
        assert_eq!(Python::exception("billing_api"), "BillingApiError");
        assert_eq!(Python::exception("value"), "ValueCatalogError");
        assert_eq!(Python::exception("timeout"), "TimeoutCatalogError");
        assert_eq!(Python::exception("connection"), "ConnectionCatalogError");
        assert_eq!(Python::exception("key"), "KeyCatalogError");
        assert_eq!(Python::exception("type"), "TypeCatalogError");
    }
}
