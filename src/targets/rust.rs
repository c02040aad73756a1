//! The `rust` target: one std-only module, `rust/errors.rs`, with an `ErrorCode` enum (one
//! variant per error, in code order), a `Category` enum, and const getters that read a private
//! table indexed by the variant's discriminant. Serde support is behind `feature = "serde"`.
//!
//! The module must already be rustfmt-formatted as rendered. Most of it is laid out so rustfmt
//! keeps it whatever the catalog holds: every struct literal is wider than `struct_lit_width`,
//! every table entry is preceded by a comment (so no table collapses onto one line), and lookups
//! are loops over the table rather than `match` arms whose layout depends on name lengths. Where
//! rustfmt's choice does depend on a width (a long string literal moves to the next line, a short
//! `ALL` list stays on one line), this module measures the rendered literal and hands the
//! template the whitespace rustfmt would put around it: see [`Lit`], [`ListLayout`] and
//! [`AttrLayout`]. The rules are rustfmt's defaults, checked by `tests/rust.rs`.

use crate::catalog::{Catalog, CatalogError, Code, CodeKind};
use crate::filters::rust_str;
use crate::message::Segment;
use crate::render::{Engine, GeneratedFile, RenderError};
use crate::targets::{Target, header};
use serde::Serialize;

pub struct Rust;

const TEMPLATES: &[(&str, &str)] = &[(
    "rust/errors.rs.tera",
    include_str!("../../templates/rust/errors.rs.tera"),
)];

/// rustfmt's default `max_width`.
const MAX_WIDTH: usize = 100;
/// rustfmt's default `array_width`: wider array contents go one item per line.
const ARRAY_WIDTH: usize = 60;
/// rustfmt's default `attr_fn_like_width`: wider attribute arguments go one per line.
const ATTR_FN_LIKE_WIDTH: usize = 70;
/// Indentation of the fields of a table entry (`ENTRIES`, `CATEGORIES`).
const ENTRY_INDENT: usize = 8;

#[derive(Serialize)]
struct View<'a> {
    header: String,
    /// For custom templates; the built-in one reads only the fields below.
    catalog: &'a Catalog,
    /// `integer`, `string` or `none`.
    code_kind: CodeKind,
    category_doc: String,
    error_doc: String,
    categories: Vec<CategoryView<'a>>,
    category_all: ListLayout,
    errors: Vec<ErrorView<'a>>,
    error_all: ListLayout,
}

#[derive(Serialize)]
struct CategoryView<'a> {
    ident: String,
    doc: String,
    id: Lit<'a>,
    title: Lit<'a>,
}

#[derive(Serialize)]
struct ErrorView<'a> {
    ident: String,
    doc: String,
    /// The comment above the error's table entry: its code and name.
    label: String,
    deprecated: Option<AttrLayout>,
    name: Lit<'a>,
    /// A string code as a literal; integer codes are rendered as they are.
    code_str: Option<Lit<'a>>,
    code_int: Option<i64>,
    /// `category: Category::X` with the whitespace after the colon.
    category: String,
    category_sep: String,
    http_status: u16,
    title: Lit<'a>,
    message: Lit<'a>,
    fix: Option<Lit<'a>>,
    retryable: bool,
    docs_url: Option<Lit<'a>>,
    is_deprecated: bool,
    params: Nested<ParamView<'a>>,
    pieces: Nested<PieceView<'a>>,
}

#[derive(Serialize)]
struct ParamView<'a> {
    name: Lit<'a>,
    ty: &'static str,
    description: Option<Lit<'a>>,
}

/// A literal text followed by the placeholder after it, if any (like Python's
/// `string.Formatter.parse`): one struct literal per piece keeps rustfmt's layout independent of
/// the message's length.
#[derive(Serialize)]
struct PieceView<'a> {
    text: Lit<'a>,
    param: Option<Lit<'a>>,
}

/// An array of struct literals in a table entry: rustfmt writes a single struct as `&[X {`
/// (fields one level deeper than the entry's) and several one per line (two levels deeper).
#[derive(Serialize)]
struct Nested<T> {
    single: bool,
    items: Vec<T>,
}

/// A string literal and the whitespace rustfmt puts around it. The template escapes `text`
/// with `rust_str`; `pre` goes between `field:` (or `Some(`) and the literal, `post` between the
/// literal and the closing `)` of a `Some`.
#[derive(Serialize)]
struct Lit<'a> {
    text: &'a str,
    pre: String,
    post: String,
}

impl<'a> Lit<'a> {
    /// `field: "text",` in a struct literal whose fields are at `indent`: on one line when it
    /// fits, else the literal on the next line.
    fn field(indent: usize, field: &str, text: &'a str) -> Lit<'a> {
        Lit {
            text,
            pre: field_sep(indent, field, width(&rust_str(text))),
            post: String::new(),
        }
    }

    /// `field: Some("text"),`: on one line when it fits, else the literal alone on a line
    /// inside `Some(` ... `),`.
    fn some(indent: usize, field: &str, text: &'a str) -> Lit<'a> {
        let line = indent + field.len() + ": Some(".len() + width(&rust_str(text)) + "),".len();
        if line <= MAX_WIDTH {
            Lit {
                text,
                pre: String::new(),
                post: String::new(),
            }
        } else {
            Lit {
                text,
                pre: newline(indent + 4),
                post: format!(",{}", newline(indent)),
            }
        }
    }
}

/// The whitespace after `field:` for a value of `value_width` that rustfmt cannot break.
fn field_sep(indent: usize, field: &str, value_width: usize) -> String {
    if indent + field.len() + ": ".len() + value_width + ",".len() <= MAX_WIDTH {
        " ".to_owned()
    } else {
        newline(indent + 4)
    }
}

fn newline(indent: usize) -> String {
    format!("\n{}", " ".repeat(indent))
}

/// How rustfmt lays out `const ALL: &'static [Self] = &[Self::A, ...];` at indent 4: on one line,
/// broken after `=` with the list on the next line, or one item per line.
#[derive(Serialize)]
struct ListLayout {
    layout: &'static str,
    items: Vec<String>,
}

impl ListLayout {
    fn new(items: Vec<String>) -> ListLayout {
        let prefix = "    pub const ALL: &'static [Self] = ";
        let content: usize =
            items.iter().map(|i| i.len()).sum::<usize>() + 2 * items.len().saturating_sub(1);
        // A lone item may exceed `array_width`; the broken form keeps a column free.
        let layout = if items.len() > 1 && content > ARRAY_WIDTH {
            "vertical"
        } else if prefix.len() + "&[".len() + content + "];".len() <= MAX_WIDTH {
            "line"
        } else if 8 + "&[".len() + content + "];".len() < MAX_WIDTH {
            "break"
        } else {
            "vertical"
        };
        ListLayout { layout, items }
    }
}

/// `#[deprecated(since = "..", note = "..")]` at indent 4, with the whitespace rustfmt puts
/// around its arguments when they do not fit on one line.
#[derive(Serialize)]
struct AttrLayout {
    since: Option<String>,
    note: Option<String>,
    open: String,
    sep: String,
    close: String,
}

impl AttrLayout {
    fn new(since: Option<String>, note: Option<String>) -> AttrLayout {
        let args: Vec<usize> = [("since", &since), ("note", &note)]
            .iter()
            .filter_map(|(k, v)| {
                v.as_ref()
                    .map(|v| k.len() + " = ".len() + width(&rust_str(v)))
            })
            .collect();
        let content = args.iter().sum::<usize>() + 2 * args.len().saturating_sub(1);
        let line = 4 + "#[deprecated(".len() + content + ")]".len();
        // One argument may run past `attr_fn_like_width` as long as the line fits; rustfmt
        // keeps a column free after a lone argument.
        let fits = match args.len() {
            0 => true,
            1 => line < MAX_WIDTH,
            _ => content <= ATTR_FN_LIKE_WIDTH && line <= MAX_WIDTH,
        };
        let (open, sep, close) = if fits {
            (String::new(), " ".to_owned(), String::new())
        } else {
            (newline(8), newline(8), newline(4))
        };
        AttrLayout {
            since,
            note,
            open,
            sep,
            close,
        }
    }
}

/// The width rustfmt gives a line: East Asian wide characters and emoji count two, combining
/// marks zero. rustfmt measures with the unicode-width crate too.
fn width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

/// Text for a doc comment: controls, invisible and bidirectional characters are shown as
/// escapes (rustc rejects a bare CR in doc comments and denies bidi overrides), tabs as spaces,
/// and a code fence without a language is marked `text`, or rustdoc would run it as a doctest.
fn doc_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_fence = false;
    for (i, line) in s.replace("\r\n", "\n").split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        for c in line.chars() {
            match c {
                '\t' => out.push_str("    "),
                c if crate::filters::needs_unicode_escape(c) => {
                    out.push_str(&format!("\\u{{{:x}}}", c as u32))
                }
                c => out.push(c),
            }
        }
        let fence = line.trim_start();
        if fence.starts_with("```") || fence.starts_with("~~~") {
            if !in_fence && fence.trim_end().len() == 3 {
                out.push_str("text");
            }
            in_fence = !in_fence;
        }
    }
    out
}

/// A category's variant name: UpperCamel, and `Self` (the one reserved UpperCamel word) with a
/// trailing underscore.
fn category_identifier(id: &str) -> String {
    let ident = crate::filters::upper_camel(id);
    if ident == "Self" {
        "Self_".to_owned()
    } else {
        ident
    }
}

fn error_view<'a>(rust: &Rust, catalog: &'a Catalog, e: &'a CatalogError) -> ErrorView<'a> {
    let ident = rust.error_identifier(&e.name);
    let mut doc = e.title.trim().to_owned();
    if let Some(fix) = &e.fix {
        doc.push_str("\n\n");
        doc.push_str(fix.trim());
    }
    let deprecated = e.deprecated.as_ref().map(|d| {
        let note = d
            .note
            .as_deref()
            .map(|n| n.split_whitespace().collect::<Vec<_>>().join(" "));
        let replaced = d
            .replaced_by
            .as_deref()
            .map(|r| format!("use `ErrorCode::{}` instead", rust.error_identifier(r)));
        let note = match (note, replaced) {
            (Some(n), Some(r)) => {
                if n.ends_with(['.', '!', '?']) {
                    Some(format!("{n} {}.", upper_first(&r)))
                } else {
                    Some(format!("{n}; {r}"))
                }
            }
            (n, r) => n.or(r),
        };
        AttrLayout::new(d.since.clone(), note)
    });
    let category_ident = catalog
        .category(&e.category)
        .map(|c| category_identifier(&c.id))
        .unwrap_or_else(|| category_identifier(&e.category));
    let category = format!("Category::{category_ident}");
    let category_sep = field_sep(ENTRY_INDENT, "category", category.len());
    let (code_str, code_int) = match &e.code {
        Some(Code::Int(i)) => (None, Some(*i)),
        Some(Code::Str(s)) => (Some(Lit::field(ENTRY_INDENT, "code", s)), None),
        None => (None, None),
    };
    // A string code may hold bidi controls or line separators; `doc_text` shows them as escapes.
    let label = match &e.code {
        Some(code) => doc_text(&format!("{code} {}", e.name)),
        None => e.name.clone(),
    };

    let single = e.params.len() == 1;
    let indent = if single {
        ENTRY_INDENT + 4
    } else {
        ENTRY_INDENT + 8
    };
    let params = Nested {
        single,
        items: e
            .params
            .iter()
            .map(|p| ParamView {
                name: Lit::field(indent, "name", &p.name),
                ty: match p.ty {
                    crate::model::ParamType::String => "String",
                    crate::model::ParamType::Integer => "Integer",
                    crate::model::ParamType::Number => "Number",
                    crate::model::ParamType::Boolean => "Boolean",
                },
                description: p
                    .description
                    .as_deref()
                    .map(|d| Lit::some(indent, "description", d)),
            })
            .collect(),
    };

    // Pair each literal text with the placeholder that follows it.
    let mut raw: Vec<(&str, Option<&str>)> = Vec::new();
    let mut text = "";
    for s in &e.segments {
        match s {
            Segment::Text(t) => text = t,
            Segment::Param(p) => raw.push((std::mem::take(&mut text), Some(p))),
        }
    }
    if !text.is_empty() || raw.is_empty() {
        raw.push((text, None));
    }
    let single = raw.len() == 1;
    let indent = if single {
        ENTRY_INDENT + 4
    } else {
        ENTRY_INDENT + 8
    };
    let pieces = Nested {
        single,
        items: raw
            .into_iter()
            .map(|(text, param)| PieceView {
                text: Lit::field(indent, "text", text),
                param: param.map(|p| Lit::some(indent, "param", p)),
            })
            .collect(),
    };

    ErrorView {
        ident,
        doc: doc_text(&doc),
        label,
        deprecated,
        name: Lit::field(ENTRY_INDENT, "name", &e.name),
        code_str,
        code_int,
        category,
        category_sep,
        http_status: e.http_status,
        title: Lit::field(ENTRY_INDENT, "title", &e.title),
        message: Lit::field(ENTRY_INDENT, "message", &e.message),
        fix: e.fix.as_deref().map(|f| Lit::some(ENTRY_INDENT, "fix", f)),
        retryable: e.retryable,
        docs_url: e
            .docs_url
            .as_deref()
            .map(|u| Lit::some(ENTRY_INDENT, "docs_url", u)),
        is_deprecated: e.deprecated.is_some(),
        params,
        pieces,
    }
}

fn upper_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

impl Target for Rust {
    fn id(&self) -> &'static str {
        "rust"
    }
    fn language(&self) -> &'static str {
        "Rust"
    }
    fn templates(&self) -> &'static [(&'static str, &'static str)] {
        TEMPLATES
    }
    fn error_identifier(&self, name: &str) -> String {
        crate::filters::upper_camel(name)
    }
    fn is_reserved(&self, ident: &str) -> bool {
        matches!(ident, "Self" | "None" | "Some" | "Ok" | "Err")
    }
    fn render(
        &self,
        catalog: &Catalog,
        engine: &Engine,
    ) -> Result<Vec<GeneratedFile>, RenderError> {
        let mut categories: Vec<CategoryView> = Vec::new();
        for c in &catalog.categories {
            let ident = category_identifier(&c.id);
            if let Some(other) = categories.iter().find(|o| o.ident == ident) {
                return Err(RenderError(format!(
                    "categories `{}` and `{}` both become `Category::{ident}` in Rust; rename one of them",
                    other.id.text, c.id
                )));
            }
            let mut doc = c.title.trim().to_owned();
            if let Some(d) = &c.description {
                doc.push_str("\n\n");
                doc.push_str(d.trim());
            }
            categories.push(CategoryView {
                ident,
                doc: doc_text(&doc),
                id: Lit::field(ENTRY_INDENT, "id", &c.id),
                title: Lit::field(ENTRY_INDENT, "title", &c.title),
            });
        }
        let errors: Vec<ErrorView> = catalog
            .errors
            .iter()
            .map(|e| error_view(self, catalog, e))
            .collect();
        let category_all = ListLayout::new(
            categories
                .iter()
                .map(|c| format!("Self::{}", c.ident))
                .collect(),
        );
        let error_all = ListLayout::new(
            errors
                .iter()
                .map(|e| format!("Self::{}", e.ident))
                .collect(),
        );
        let view = View {
            header: header(catalog),
            catalog,
            code_kind: catalog.code_kind,
            category_doc: doc_text(&format!(
                "A category of errors in the {} catalog.",
                catalog.title.trim()
            )),
            error_doc: doc_text(&format!(
                "An error of the {} catalog, version {}.",
                catalog.title.trim(),
                catalog.version
            )),
            categories,
            category_all,
            errors,
            error_all,
        };
        let text = engine.render("rust/errors.rs.tera", &view)?;
        Ok(vec![GeneratedFile::new("rust/errors.rs", &text)])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_text_escapes_invisible_characters_and_disarms_doctests() {
        assert_eq!(
            doc_text("a\tb\u{7}\u{202e}c\r\nd"),
            "a    b\\u{7}\\u{202e}c\nd"
        );
        assert_eq!(
            doc_text("```\nx\n```\n```json\n{}\n```"),
            "```text\nx\n```\n```json\n{}\n```"
        );
    }

    #[test]
    fn widths_count_wide_characters_twice() {
        assert_eq!(width("ab"), 2);
        assert_eq!(width("🎉é"), 3);
        assert_eq!(width("日本"), 4);
    }
}
