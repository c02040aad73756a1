//! The `python` target: an importable, typed package `python/<catalog>_errors/` (Python 3.9+).
//!
//! Errors become members of an `ErrorCode` enum (`IntEnum` for integer codes, a `str` enum
//! otherwise) in SCREAMING_SNAKE_CASE, so no error name can clash with a Python keyword or an
//! `Enum` attribute. The output is laid out exactly as `ruff format` lays it out (with
//! `quote-style = "preserve"`, since `py_str` always writes double quotes): tests/python.rs
//! checks it with `ruff format --check`, `ruff check` and `mypy --strict`.

use crate::catalog::{Catalog, CatalogError, Code, CodeKind, Coverage};
use crate::filters::py_str;
use crate::lang::python::Python as Names;
use crate::message::Segment;
use crate::model::ParamType;
use crate::render::{Engine, GeneratedFile, RenderError};
use crate::targets::{Target, header};
use serde::Serialize;

pub struct Python;

const TEMPLATES: &[(&str, &str)] = &[(
    "python/__init__.py.tera",
    include_str!("../../templates/python/__init__.py.tera"),
)];

/// `ruff format`'s default line length, which decides when a one-item tuple is split.
const LINE_LENGTH: usize = 88;
/// The indentation of an enum member.
const MEMBER_INDENT: usize = 4;
/// The columns around a one-item `segments` tuple in the table: twelve spaces of indentation,
/// `segments=(` before the literal and `,),` after it.
const SEGMENTS_LINE_OVERHEAD: usize = 12 + "segments=(".len() + ",),".len();

#[derive(Serialize)]
struct View<'a> {
    header: String,
    catalog_name: &'a str,
    title: &'a str,
    version: &'a str,
    code_kind: CodeKind,
    /// Whether every error has an HTTP status (`http_status: int`, else `Optional[int]`).
    http_total: bool,
    /// Whether any error has a gRPC status, and whether all do.
    grpc: bool,
    grpc_total: bool,
    /// The canonical statuses, for the `GRPC_STATUS_CODES` table (empty without gRPC).
    grpc_statuses: Vec<crate::targets::GrpcStatusEntry>,
    /// Whether `CATALOG_TITLE` and `CATALOG_VERSION` take their value on a line of its own.
    wrap_title: bool,
    wrap_version: bool,
    exception: String,
    /// Whether the exception's `class` line is too long, so its base goes on a line of its own.
    split_exception: bool,
    /// `__all__`, sorted as ruff's `RUF022` wants: constants, then classes, then functions.
    exports: Vec<String>,
    /// The member used in docstring examples.
    example: String,
    categories: Vec<CategoryView<'a>>,
    errors: Vec<ErrorView<'a>>,
}

#[derive(Serialize)]
struct CategoryView<'a> {
    ident: String,
    id: &'a str,
    /// Whether the member takes its value on a line of its own.
    wrap_id: bool,
    title: &'a str,
}

#[derive(Serialize)]
struct ErrorView<'a> {
    ident: String,
    /// The enum value: the code as text, or the name when the catalog has no codes.
    value: String,
    /// Whether the `ErrorCode` member takes its value on a line of its own.
    wrap_value: bool,
    name: &'a str,
    category: String,
    http_status: Option<u16>,
    grpc_status: Option<&'static str>,
    title: &'a str,
    message: &'a str,
    /// The message split at placeholders: literal text at even indexes, names at odd ones.
    segments: Vec<String>,
    /// Whether a one-item `segments` tuple fits on one line (`ruff format` splits it otherwise).
    segments_fit: bool,
    params: Vec<ParamView<'a>>,
    fix: Option<&'a str>,
    description: Option<&'a str>,
    retryable: bool,
    docs_url: Option<&'a str>,
    since: Option<&'a str>,
    deprecated: bool,
    deprecated_since: Option<&'a str>,
    replaced_by: Option<String>,
    deprecation_note: Option<&'a str>,
    /// The text of the member's docstring: title, deprecation and fix.
    doc: String,
}

#[derive(Serialize)]
struct ParamView<'a> {
    name: &'a str,
    ty: String,
}

impl Target for Python {
    fn id(&self) -> &'static str {
        "python"
    }
    fn language(&self) -> &'static str {
        "Python"
    }
    fn templates(&self) -> &'static [(&'static str, &'static str)] {
        TEMPLATES
    }
    fn render(
        &self,
        catalog: &Catalog,
        engine: &Engine,
    ) -> Result<Vec<GeneratedFile>, RenderError> {
        let errors: Vec<ErrorView> = catalog
            .errors
            .iter()
            .map(|e| error_view(catalog, e))
            .collect();
        let exception = Names::exception(&catalog.name);
        let mut exports: Vec<String> = EXPORTS.iter().map(|s| (*s).to_owned()).collect();
        exports.push(exception.clone());
        if catalog.uses_grpc() {
            exports.extend(["GRPC_STATUS_CODES".to_owned(), "GrpcStatus".to_owned()]);
        }
        exports.sort_by_key(|name| (export_group(name), name.clone()));
        let view = View {
            header: header(catalog),
            catalog_name: &catalog.name,
            title: &catalog.title,
            version: &catalog.version,
            code_kind: catalog.code_kind,
            http_total: catalog.http_status == Coverage::All,
            grpc: catalog.uses_grpc(),
            grpc_total: catalog.grpc_status == Coverage::All,
            grpc_statuses: crate::targets::grpc_statuses(catalog),
            wrap_title: parenthesize(0, "CATALOG_TITLE: Final", &py_str(&catalog.title)),
            wrap_version: parenthesize(0, "CATALOG_VERSION: Final", &py_str(&catalog.version)),
            split_exception: width(&format!("class {exception}(Exception):")) > LINE_LENGTH,
            exception,
            exports,
            example: errors
                .first()
                .map_or_else(|| "NAME".to_owned(), |e| e.ident.clone()),
            categories: catalog
                .categories
                .iter()
                .map(|c| {
                    let ident = Names::member(&c.id);
                    CategoryView {
                        wrap_id: parenthesize(MEMBER_INDENT, &ident, &py_str(&c.id)),
                        ident,
                        id: &c.id,
                        title: c.title.trim(),
                    }
                })
                .collect(),
            errors,
        };
        let text = engine.render("python/__init__.py.tera", &view)?;
        let dir = format!("python/{}", Names::package(&catalog.name));
        Ok(vec![
            GeneratedFile::new(format!("{dir}/__init__.py"), &text),
            // PEP 561: the package ships its own type information. Empty on purpose.
            GeneratedFile {
                path: format!("{dir}/py.typed"),
                contents: String::new(),
            },
        ])
    }
}

fn error_view<'a>(catalog: &'a Catalog, e: &'a CatalogError) -> ErrorView<'a> {
    let ident = Names::member(&e.name);
    let segments = alternating_segments(&e.segments);
    let segments_fit =
        segments.len() != 1 || SEGMENTS_LINE_OVERHEAD + width(&py_str(&segments[0])) <= LINE_LENGTH;
    let replaced_by = e
        .deprecated
        .as_ref()
        .and_then(|d| d.replaced_by.as_deref())
        .filter(|name| catalog.errors.iter().any(|other| other.name == *name));
    let mut doc = e.title.trim().to_owned();
    if let Some(d) = &e.deprecated {
        doc.push_str("\n\nDeprecated");
        if let Some(since) = &d.since {
            doc.push_str(&format!(" since {since}"));
        }
        doc.push('.');
        if let Some(name) = replaced_by {
            doc.push_str(&format!(" Use {} instead.", Names::member(name)));
        }
        if let Some(note) = &d.note {
            doc.push_str(&format!(" {}", note.trim()));
        }
    }
    if let Some(fix) = &e.fix {
        doc.push_str(&format!("\n\nFix: {}", fix.trim()));
    }
    let (value, literal) = match &e.code {
        Some(Code::Int(i)) => (i.to_string(), i.to_string()),
        Some(Code::Str(s)) => (s.clone(), py_str(s)),
        None => (e.name.clone(), py_str(&e.name)),
    };
    ErrorView {
        wrap_value: parenthesize(MEMBER_INDENT, &ident, &literal),
        ident,
        value,
        name: &e.name,
        category: Names::member(&e.category),
        http_status: e.http_status,
        grpc_status: e.grpc_status.map(|s| s.name()),
        title: &e.title,
        message: &e.message,
        segments,
        segments_fit,
        params: e
            .params
            .iter()
            .map(|p| ParamView {
                name: &p.name,
                ty: param_type(p.ty).to_owned(),
            })
            .collect(),
        fix: e.fix.as_deref(),
        description: e.description.as_deref(),
        retryable: e.retryable,
        docs_url: e.docs_url.as_deref(),
        since: e.since.as_deref(),
        deprecated: e.deprecated.is_some(),
        deprecated_since: e.deprecated.as_ref().and_then(|d| d.since.as_deref()),
        replaced_by: replaced_by.map(Names::member),
        deprecation_note: e.deprecated.as_ref().and_then(|d| d.note.as_deref()),
        doc,
    }
}

/// The public names of the package besides the exception class.
const EXPORTS: &[&str] = &[
    "ALL",
    "CATALOG_TITLE",
    "CATALOG_VERSION",
    "CODE_KIND",
    "ERRORS",
    "Category",
    "ErrorCode",
    "ErrorInfo",
    "Param",
    "ParamType",
    "ParamValue",
    "by_code",
    "by_name",
    "format_message",
];

/// isort's order of names: CONSTANTS, then Classes, then everything else.
fn export_group(name: &str) -> u8 {
    if name.chars().all(|c| !c.is_ascii_lowercase()) {
        0
    } else if name.starts_with(|c: char| c.is_ascii_uppercase()) {
        1
    } else {
        2
    }
}

/// The `ParamType` member of a parameter type.
fn param_type(ty: ParamType) -> &'static str {
    match ty {
        ParamType::String => "STRING",
        ParamType::Integer => "INTEGER",
        ParamType::Number => "NUMBER",
        ParamType::Boolean => "BOOLEAN",
    }
}

/// Text, name, text, name, ..., text: an empty text goes between adjacent placeholders and at
/// either end, so the generated `format_message` tells text from names by position alone.
fn alternating_segments(segments: &[Segment]) -> Vec<String> {
    let mut out = Vec::with_capacity(segments.len() * 2 + 1);
    for s in segments {
        match s {
            Segment::Text(t) => out.push(t.clone()),
            Segment::Param(p) => {
                if out.len() % 2 == 0 {
                    out.push(String::new());
                }
                out.push(p.clone());
            }
        }
    }
    if out.len() % 2 == 0 {
        out.push(String::new());
    }
    out
}

/// Whether `ruff format` puts the value of the one-line assignment `{target} = {value}`, indented
/// `indent` columns, in parentheses on a line of its own (`{target} = (`, the value indented four
/// more columns, `)`): when the line is too long and both `{target} = (` and the value's line fit.
/// A line that cannot be made to fit that way stays as it is.
fn parenthesize(indent: usize, target: &str, value: &str) -> bool {
    let (target, value) = (width(target), width(value));
    indent + target + " = ".len() + value > LINE_LENGTH
        && indent + target + " = (".len() <= LINE_LENGTH
        && indent + 4 + value <= LINE_LENGTH
}

/// The width `ruff format` gives `s` when deciding whether a line fits (see `crate::width`).
fn width(s: &str) -> usize {
    crate::width::ruff(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_alternate_text_and_names() {
        let segs = crate::message::parse("{a}{b} x {c}").unwrap();
        assert_eq!(
            alternating_segments(&segs),
            ["", "a", "", "b", " x ", "c", ""]
        );
        let plain = crate::message::parse("no {{params}}").unwrap();
        assert_eq!(alternating_segments(&plain), ["no {params}"]);
    }

    #[test]
    fn width_counts_wide_and_combining_characters() {
        assert_eq!(width("abc"), 3);
        assert_eq!(width("🎉 日本"), 7);
        assert_eq!(width("e\u{301}"), 1);
        assert_eq!(width("שלום"), 4);
    }

    #[test]
    fn long_assignments_are_parenthesized_as_ruff_formats_them() {
        let literal = |n: usize| format!("\"{}\"", "x".repeat(n - 2));
        // `    E76 = "..."`: 4 + 3 + 3 + 78 = 88 columns fit.
        assert!(!parenthesize(4, "E76", &literal(78)));
        assert!(parenthesize(4, "E76", &literal(79)));
        // The parenthesized value must fit on its own line (8 + 80 columns), ...
        assert!(parenthesize(4, "E76", &literal(80)));
        assert!(!parenthesize(4, "E76", &literal(81)));
        // ... and so must `NAME = (`.
        assert!(parenthesize(0, &"A".repeat(84), "12"));
        assert!(!parenthesize(0, &"A".repeat(85), "12"));
        // Wide characters count twice.
        assert!(!parenthesize(4, "E1", &format!("\"{}\"", "日".repeat(38))));
        assert!(parenthesize(4, "E1", &format!("\"{}\"", "日".repeat(39))));
    }
}
