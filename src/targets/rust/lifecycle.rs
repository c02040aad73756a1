//! The lifecycle's part of the rust view: each alias as a deprecated associated constant of
//! `ErrorCode` (and a row of the `ALIASES` table `from_name` reads), and each retired error as a
//! row of the `RETIRED` table behind `RetiredError` and `Lookup`. What a retired error leads to
//! is resolved here, not in the generated code: replacements through other retired errors are
//! followed to the live error at the end (a chain is `replacement-chain`, which a catalog may
//! allow), and the sentence its `Display` writes is computed once.

use super::layout::{AttrLayout, ENTRY_INDENT, Lit, MAX_WIDTH, field_sep, newline, width};
use crate::catalog::{Catalog, CatalogError, Code, Retired};
use crate::filters::rust_str;
use crate::lang::rust as names;
use serde::Serialize;

/// An alias: `ErrorCode::<Alias>`, a deprecated constant equal to its error.
#[derive(Serialize)]
pub(super) struct AliasView<'a> {
    /// The constant, spelled like a variant (`ErrorCode::MissingOrder`).
    pub(super) ident: String,
    /// The alias in the catalog.
    pub(super) name: Lit<'a>,
    /// The variant of the error it stands for.
    pub(super) error: String,
    /// The whitespace after `error:` in its `ALIASES` row.
    pub(super) error_sep: String,
    /// Whether the error is deprecated too (the constant's value needs `allow(deprecated)`).
    pub(super) error_deprecated: bool,
    /// Its `#[deprecated(note = "..")]`.
    pub(super) deprecated: AttrLayout,
    /// The whitespace after `=` in `pub const X: Self = Self::Y;`.
    pub(super) const_sep: String,
}

/// A retired error: one row of `RETIRED`, indexed by `RetiredError`.
#[derive(Serialize)]
pub(super) struct RetiredView<'a> {
    /// The comment above the row: its code and name.
    pub(super) label: String,
    pub(super) name: Lit<'a>,
    /// An integer code's field value (`Some(1004)`, `None`); a string code as a literal.
    pub(super) code_int: String,
    pub(super) code_str: Option<Lit<'a>>,
    pub(super) since: Option<Lit<'a>>,
    pub(super) replaced_by: Option<Lit<'a>>,
    pub(super) merged_into: Option<Lit<'a>>,
    pub(super) reason: Lit<'a>,
    /// `Some(ErrorCode::X)` or `None`, with the whitespace around the path.
    pub(super) use_instead: Option<Expr>,
    /// What `Display` writes, and the whitespace after `text:`.
    pub(super) text: String,
    pub(super) text_sep: String,
}

/// A path in `field: Some(path),` and the whitespace rustfmt puts around it (as [`Lit::some`]).
#[derive(Serialize)]
pub(super) struct Expr {
    pub(super) text: String,
    pub(super) pre: String,
    pub(super) post: String,
}

impl Expr {
    fn some(indent: usize, field: &str, text: String) -> Expr {
        let line = indent + field.len() + ": Some(".len() + text.len() + "),".len();
        if line <= MAX_WIDTH {
            Expr {
                text,
                pre: String::new(),
                post: String::new(),
            }
        } else {
            Expr {
                text,
                pre: newline(indent + 4),
                post: format!(",{}", newline(indent)),
            }
        }
    }
}

/// Every alias of every error, in code order, then in the order the error lists them.
pub(super) fn aliases(catalog: &Catalog) -> Vec<AliasView<'_>> {
    let mut out = Vec::new();
    for e in catalog.errors.iter().filter(|e| !e.aliases.is_empty()) {
        let error = names::Rust::variant(&e.name);
        for alias in &e.aliases {
            let path = format!("ErrorCode::{error}");
            let note = format!("use `{path}` instead");
            let ident = names::Rust::variant(alias);
            let line = "    pub const : Self = Self::;".len() + ident.len() + error.len();
            out.push(AliasView {
                const_sep: if line <= MAX_WIDTH {
                    " ".to_owned()
                } else {
                    newline(8)
                },
                ident,
                name: Lit::field(ENTRY_INDENT, "name", alias).with_text(),
                error_sep: field_sep(ENTRY_INDENT, "error", path.len()),
                error: error.clone(),
                error_deprecated: e.deprecated.is_some(),
                deprecated: AttrLayout::on_fn(None, Some(note)),
            });
        }
    }
    out
}

/// Every retired error, in the IR's order.
pub(super) fn retired(catalog: &Catalog) -> Vec<RetiredView<'_>> {
    catalog
        .retired
        .iter()
        .map(|r| {
            let live = use_instead(catalog, r);
            let text = sentence(r, live);
            let (code_int, code_str) = match &r.code {
                Some(Code::Int(i)) => (format!("Some({i})"), None),
                Some(Code::Str(s)) => ("None".to_owned(), Some(Lit::some(ENTRY_INDENT, "code", s))),
                None => ("None".to_owned(), None),
            };
            let label = match &r.code {
                Some(code) => super::doc::comment_text(&format!("{code} {}", r.name)),
                None => r.name.clone(),
            };
            RetiredView {
                label,
                name: Lit::field(ENTRY_INDENT, "name", &r.name),
                code_int,
                code_str,
                since: r
                    .since
                    .as_deref()
                    .map(|s| Lit::some(ENTRY_INDENT, "since", s)),
                replaced_by: r
                    .replaced_by
                    .as_deref()
                    .map(|s| Lit::some(ENTRY_INDENT, "replaced_by", s)),
                merged_into: r
                    .merged_into
                    .as_deref()
                    .map(|s| Lit::some(ENTRY_INDENT, "merged_into", s)),
                reason: Lit::field(ENTRY_INDENT, "reason", &r.reason),
                use_instead: live.map(|e| {
                    Expr::some(
                        ENTRY_INDENT,
                        "use_instead",
                        format!("ErrorCode::{}", names::Rust::variant(&e.name)),
                    )
                }),
                text_sep: field_sep(ENTRY_INDENT, "text", width(&rust_str(&text))),
                text,
            }
        })
        .collect()
}

/// The live error a retired one leads to: its successor, or the successor's, through retired
/// errors only (a deprecated error is still live). None when nothing replaces it or the
/// replacements go around in a cycle.
pub fn use_instead<'a>(catalog: &'a Catalog, r: &'a Retired) -> Option<&'a CatalogError> {
    let mut next = r.successor()?;
    for _ in 0..=catalog.retired.len() {
        if let Some(e) = catalog.errors.iter().find(|e| e.name == next) {
            return Some(e);
        }
        next = catalog
            .retired
            .iter()
            .find(|t| t.name == next)?
            .successor()?;
    }
    None
}

/// What a lookup of a retired error says: "`order_expired` (1004) was retired in 2.0.0, merged
/// into `order_not_found`: use `order_not_found` instead."
pub fn sentence(r: &Retired, live: Option<&CatalogError>) -> String {
    let mut out = format!("`{}`", r.name);
    if let Some(code) = &r.code {
        out.push_str(&format!(" ({code})"));
    }
    out.push_str(" was retired");
    if let Some(since) = &r.since {
        out.push_str(&format!(" in {since}"));
    }
    let live_name = live.map(|e| e.name.as_str());
    if let Some(m) = &r.merged_into {
        out.push_str(&format!(", merged into `{m}`"));
    } else if let Some(by) = r.replaced_by.as_deref().filter(|by| Some(*by) != live_name) {
        out.push_str(&format!(", replaced by `{by}`"));
    }
    match live_name {
        Some(name) => out.push_str(&format!(": use `{name}` instead.")),
        None => out.push_str("; nothing replaces it."),
    }
    out
}
