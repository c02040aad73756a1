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
//! Each error also becomes an exception class, a subclass of the catalog's exception, named in
//! UpperCamelCase (`invalid_phone` → `InvalidPhone`). A class that would be a keyword (`None`),
//! ambiguous to pycodestyle (E742: `I`, `O`),
//! shadow a builtin (`value_error` → `ValueError`) or a name the module defines or imports
//! (`ErrorCode`, `Mapping`, the catalog's own exception), or would start with a digit, is prefixed
//! with the catalog's name in UpperCamelCase (`MessagingValueError`, `Messaging3dsRequired`).
//!
//! Parameters and fields, when they become keyword arguments and attributes, are snake_case with
//! PEP 8's trailing underscore for keywords, E741's ambiguous `l`, and the attributes the
//! catalog's exception already has (`class_`, `l_`, `code_`, `message_`).

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

/// The exception classes the generated module defines besides the catalog's own and one per
/// error, which the catalog's exception must not be named like.
pub const MODULE_ERRORS: &[&str] = &["ResponseParseError", "RetiredError", "UnknownError"];

/// Every name the generated module defines or imports that an UpperCamelCase spelling can take
/// (`ALL` is `a_l_l`), besides the exception classes. `tests/python.rs` checks the list against
/// the generated module.
pub const MODULE_MEMBERS: &[&str] = &[
    "ALIASES",
    "ALL",
    "Callable",
    "Category",
    "ClassVar",
    "DEPRECATED",
    "ERRORS",
    "Enum",
    "EnumMeta",
    "ErrorCode",
    "ErrorInfo",
    "Final",
    "GrpcStatus",
    "IntEnum",
    "Iterator",
    "Literal",
    "Mapping",
    "MappingProxyType",
    "Optional",
    "Param",
    "ParamType",
    "ParamValue",
    "RETIRED",
    "ResponseParseError",
    "RetiredError",
    "RetiredInfo",
    "Sequence",
    "Union",
    "UnknownError",
];

/// Every builtin whose name starts with an uppercase letter, besides [`BUILTIN_ERRORS`] and the
/// keywords (Python 3.9 to 3.14). `tests/python.rs` checks the list against the interpreter.
pub const BUILTIN_CLASSES: &[&str] = &[
    "BaseException",
    "BaseExceptionGroup",
    "BytesWarning",
    "DeprecationWarning",
    "Ellipsis",
    "EncodingWarning",
    "Exception",
    "ExceptionGroup",
    "FutureWarning",
    "GeneratorExit",
    "ImportWarning",
    "KeyboardInterrupt",
    "NotImplemented",
    "PendingDeprecationWarning",
    "ResourceWarning",
    "RuntimeWarning",
    "StopAsyncIteration",
    "StopIteration",
    "SyntaxWarning",
    "SystemExit",
    "UnicodeWarning",
    "UserWarning",
    "Warning",
];

/// Attributes and methods of the catalog's exception (and of `Exception`) that an argument
/// named after a parameter or field must not replace, and `self`, which `__init__` takes.
/// `tests/python.rs` checks the list against the generated class.
pub const EXCEPTION_ATTRIBUTES: &[&str] = &[
    "add_note",
    "args",
    "code",
    "fields",
    "http_status",
    "info",
    "message",
    "name",
    "params",
    "self",
    "to_response_body",
    "with_traceback",
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

    /// A keyword argument, and the attribute holding it, named after a parameter or a field.
    pub fn argument(name: &str) -> String {
        if starts_with_digit(name) {
            format!("_{name}")
        } else if KEYWORDS.contains(&name)
            || AMBIGUOUS.contains(&name)
            || EXCEPTION_ATTRIBUTES.contains(&name)
        {
            format!("{name}_")
        } else {
            name.to_owned()
        }
    }

    /// The import name of the package generated for the catalog `catalog_name`.
    pub fn package(catalog_name: &str) -> String {
        format!("{catalog_name}_errors")
    }

    /// The distribution name `pyproject.toml` gives that package by default: its import name in
    /// kebab case (`messaging-errors`), as PyPI normalizes names.
    pub fn distribution(catalog_name: &str) -> String {
        Python::package(catalog_name).replace('_', "-")
    }

    /// The exception class generated for the catalog `catalog_name`: its name in
    /// UpperCamelCase plus `Error`, so packages of two catalogs can be imported side by side,
    /// or plus `CatalogError` where that would shadow a builtin.
    pub fn exception(catalog_name: &str) -> String {
        let plain = format!("{}Error", upper_camel(catalog_name));
        if BUILTIN_ERRORS.contains(&plain.as_str()) || MODULE_ERRORS.contains(&plain.as_str()) {
            format!("{}CatalogError", upper_camel(catalog_name))
        } else {
            plain
        }
    }

    /// The exception class of the error `name` in the package of the catalog `catalog_name`:
    /// UpperCamelCase, prefixed with the catalog's name where it would be a keyword, shadow a
    /// builtin or another name of the module, or start with a digit.
    pub fn error_class(catalog_name: &str, name: &str) -> String {
        let mut class = upper_camel(name);
        let prefix = upper_camel(catalog_name);
        let prefix = if starts_with_digit(&prefix) {
            "Catalog".to_owned()
        } else {
            prefix
        };
        let exception = Python::exception(catalog_name);
        let taken = |class: &str| {
            starts_with_digit(class)
                || KEYWORDS.contains(&class)
                || AMBIGUOUS.contains(&class)
                || BUILTIN_ERRORS.contains(&class)
                || BUILTIN_CLASSES.contains(&class)
                || MODULE_MEMBERS.contains(&class)
                || class == exception
        };
        while taken(&class) {
            class = format!("{prefix}{class}");
        }
        class
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
    fn error_class(&self, catalog: &str, name: &str) -> Option<String> {
        Some(Python::error_class(catalog, name))
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
        assert_eq!(Python::argument("code"), "code_");
        assert_eq!(Python::argument("self"), "self_");
        assert_eq!(Python::argument("request_id"), "request_id");
    }

    #[test]
    fn error_classes_shadow_nothing() {
        let class = |name| Python::error_class("messaging", name);
        assert_eq!(class("invalid_phone"), "InvalidPhone");
        assert_eq!(class("validation_error"), "ValidationError");
        assert_eq!(class("none"), "MessagingNone");
        assert_eq!(class("i"), "MessagingI");
        assert_eq!(class("value_error"), "MessagingValueError");
        assert_eq!(class("exception"), "MessagingException");
        assert_eq!(class("unknown_error"), "MessagingUnknownError");
        assert_eq!(class("error_code"), "MessagingErrorCode");
        assert_eq!(class("a_l_l"), "MessagingALL");
        assert_eq!(class("retired_error"), "MessagingRetiredError");
        assert_eq!(class("retired_info"), "MessagingRetiredInfo");
        assert_eq!(class("messaging_error"), "MessagingMessagingError");
        assert_eq!(class("3ds_required"), "Messaging3dsRequired");
        assert_eq!(Python::error_class("3d", "2fa"), "Catalog2fa");
        assert_eq!(
            Python::error_class("value", "value_error"),
            "ValueValueError"
        );
        assert_eq!(
            Python::error_class("value", "value_catalog_error"),
            "ValueValueCatalogError"
        );
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
        assert_eq!(Python::exception("unknown"), "UnknownCatalogError");
        assert_eq!(
            Python::exception("response_parse"),
            "ResponseParseCatalogError"
        );
        assert_eq!(Python::exception("retired"), "RetiredCatalogError");
    }
}
