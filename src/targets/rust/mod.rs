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
//! template the whitespace rustfmt would put around it (`layout`). The rules are rustfmt's
//! defaults, checked by `tests/rust.rs`.
//!
//! Catalog prose reaches doc comments only through `doc::doc_text`, which leaves rustdoc no code
//! block to run as a doctest in the user's crate, no raw HTML and nothing to warn about.

use crate::catalog::{Catalog, CatalogError, Code, CodeKind, Coverage, GrpcStatus};
use crate::filters::rustdoc_paragraph;
use crate::lang::rust as names;
use crate::message::Segment;
use crate::render::{Engine, GeneratedFile, RenderError};
use crate::targets::{Target, header};
use serde::Serialize;

mod doc;
mod layout;
mod typed;

use doc::{comment_text, doc_text};
use layout::{AttrLayout, ENTRY_INDENT, ListLayout, Lit, Nested, field_sep};
use typed::{PathView, TypedView};

pub struct Rust;

const TEMPLATES: &[(&str, &str)] = &[
    (
        "rust/errors.rs.tera",
        include_str!("../../../templates/rust/errors.rs.tera"),
    ),
    (
        "rust/_typed.rs.tera",
        include_str!("../../../templates/rust/_typed.rs.tera"),
    ),
    (
        "rust/_wire.rs.tera",
        include_str!("../../../templates/rust/_wire.rs.tera"),
    ),
    (
        "rust/_parse.rs.tera",
        include_str!("../../../templates/rust/_parse.rs.tera"),
    ),
];

#[derive(Serialize)]
struct View<'a> {
    header: String,
    /// For custom templates; the built-in one reads only the fields below.
    catalog: &'a Catalog,
    /// `integer`, `string` or `none`.
    code_kind: CodeKind,
    /// The Rust type of integer codes: the narrowest of `u32`, `i32` and `i64` that holds them.
    code_type: &'static str,
    /// Whether every error has an HTTP status, so `http_status()` returns `u16`, not an
    /// `Option`.
    http_total: bool,
    /// The `GrpcStatus` enum, when any error has a gRPC status.
    grpc: Option<GrpcView>,
    category_doc: String,
    error_doc: String,
    categories: Vec<CategoryView<'a>>,
    category_all: ListLayout,
    errors: Vec<ErrorView<'a>>,
    error_all: ListLayout,
    /// The doc comment of the `Error` enum.
    typed_doc: String,
    /// Whether some error is deprecated, so code naming every variant allows `deprecated`.
    any_deprecated: bool,
    /// Whether some error has params or fields (so `Error` has a variant with fields).
    any_args: bool,
    /// How a response body identifies its error, in order.
    identify: Vec<PathView>,
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
    /// The `http_status` field's value: `404`, or `Some(404)`/`None` when not every error has one.
    http_status: String,
    /// The `grpc_status` field's value, likewise.
    grpc_status: String,
    title: Lit<'a>,
    message: Lit<'a>,
    fix: Option<Lit<'a>>,
    retryable: bool,
    docs_url: Option<Lit<'a>>,
    is_deprecated: bool,
    params: Nested<ParamView<'a>>,
    pieces: Nested<PieceView<'a>>,
    /// The error's typed API: constructor, fields, body template.
    typed: TypedView<'a>,
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

/// The generated `GrpcStatus` enum: every canonical status, and whether each error has one.
#[derive(Serialize)]
struct GrpcView {
    total: bool,
    statuses: Vec<GrpcStatusView>,
}

#[derive(Serialize)]
struct GrpcStatusView {
    variant: String,
    /// The canonical name, e.g. `NOT_FOUND`.
    name: &'static str,
    number: u8,
}

fn grpc_view(catalog: &Catalog) -> Option<GrpcView> {
    catalog.uses_grpc().then(|| GrpcView {
        total: catalog.grpc_status == Coverage::All,
        statuses: GrpcStatus::ALL
            .iter()
            .map(|s| GrpcStatusView {
                variant: names::Rust::constant_variant(s.name()),
                name: s.name(),
                number: s.number(),
            })
            .collect(),
    })
}

/// The narrowest of `u32`, `i32` and `i64` that holds every integer code.
fn code_type(catalog: &Catalog) -> &'static str {
    match catalog.int_code_bounds() {
        Some((lo, hi)) if lo >= 0 && hi <= i64::from(u32::MAX) => "u32",
        Some((lo, hi)) if lo >= i64::from(i32::MIN) && hi <= i64::from(i32::MAX) => "i32",
        Some(_) => "i64",
        None => "u32",
    }
}

fn error_view<'a>(catalog: &'a Catalog, e: &'a CatalogError) -> ErrorView<'a> {
    let ident = names::Rust::variant(&e.name);
    // A blank title gives way to the name: a variant without docs fails `missing_docs`.
    let mut doc = non_blank(&e.title, &e.name).to_owned();
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
            .map(|r| format!("use `ErrorCode::{}` instead", names::Rust::variant(r)));
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
        // rustdoc renders the note as markdown and resolves intra-doc links in it (its HTML
        // shows as text there); escaped as doc text, it links nothing and warns about nothing.
        let note = note.map(|n| rustdoc_paragraph(&n));
        (
            AttrLayout::new(d.since.clone(), note.clone()),
            AttrLayout::on_fn(d.since.clone(), note),
        )
    });
    let (deprecated, ctor_deprecated) = deprecated.unzip();
    let category = format!("Category::{}", names::Rust::variant(&e.category));
    let category_sep = field_sep(ENTRY_INDENT, "category", category.len());
    let (code_str, code_int) = match &e.code {
        Some(Code::Int(i)) => (None, Some(*i)),
        Some(Code::Str(s)) => (Some(Lit::field(ENTRY_INDENT, "code", s)), None),
        None => (None, None),
    };
    // A string code may hold bidi controls or line separators; `comment_text` shows them as
    // escapes.
    let label = match &e.code {
        Some(code) => comment_text(&format!("{code} {}", e.name)),
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
        http_status: match (catalog.http_status, e.http_status) {
            (Coverage::All, Some(s)) => s.to_string(),
            (_, Some(s)) => format!("Some({s})"),
            (_, None) => "None".to_owned(),
        },
        grpc_status: match (catalog.grpc_status, e.grpc_status) {
            (Coverage::All, Some(s)) => {
                format!("GrpcStatus::{}", names::Rust::constant_variant(s.name()))
            }
            (_, Some(s)) => format!(
                "Some(GrpcStatus::{})",
                names::Rust::constant_variant(s.name())
            ),
            (_, None) => "None".to_owned(),
        },
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
        typed: typed::typed_view(catalog, e, ctor_deprecated),
    }
}

/// `text` trimmed, or `fallback` when that leaves nothing.
fn non_blank<'a>(text: &'a str, fallback: &'a str) -> &'a str {
    match text.trim() {
        "" => fallback,
        t => t,
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
    fn render(
        &self,
        catalog: &Catalog,
        engine: &Engine,
    ) -> Result<Vec<GeneratedFile>, RenderError> {
        let mut categories: Vec<CategoryView> = Vec::new();
        for c in &catalog.categories {
            let ident = names::Rust::variant(&c.id);
            let mut doc = non_blank(&c.title, &c.id).to_owned();
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
            .map(|e| error_view(catalog, e))
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
            code_type: code_type(catalog),
            http_total: catalog.http_status == Coverage::All,
            grpc: grpc_view(catalog),
            category_doc: doc_text(&format!(
                "A category of errors in the {} catalog.",
                catalog.title.trim()
            )),
            error_doc: doc_text(&format!(
                "An error of the {} catalog, version {}.",
                catalog.title.trim(),
                catalog.version
            )),
            typed_doc: doc_text(&format!(
                "An occurrence of an error of the {} catalog: the error and its values.",
                catalog.title.trim()
            )),
            any_deprecated: catalog.errors.iter().any(|e| e.deprecated.is_some()),
            any_args: errors.iter().any(|e| !e.typed.args.is_empty()),
            identify: typed::identify(catalog),
            categories,
            category_all,
            errors,
            error_all,
        };
        let text = engine.render("rust/errors.rs.tera", &view)?;
        Ok(vec![GeneratedFile::new("rust/errors.rs", &text)])
    }
}
