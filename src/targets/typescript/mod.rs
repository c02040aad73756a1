//! The `typescript` target: one dependency-free ES module, `typescript/errors.ts`.
//!
//! The module exports `as const` objects of codes, names and categories keyed by SCREAMING_SNAKE
//! identifiers, a deeply frozen `ERRORS` table, lookups, type guards and `formatMessage`; and the
//! typed errors: the `ErrorData` union, the catalog's `Error` subclass, one constructor function
//! per error, `toResponseBody`, `responseJson` and `parseResponseBody` (`wire.rs` builds the
//! tables they walk). When the catalog has no codes, everything code-related is left out and
//! errors are keyed by name only.
//!
//! The lifecycle: every symbol of a deprecated error carries `@deprecated`; an alias is a
//! deprecated property of `ErrorCode`/`ErrorName` with its error's value and a deprecated
//! constant equal to its error's constructor; retired errors are no live errors but `RETIRED`
//! entries that `lookupCode`/`lookupName` answer with a tagged `Lookup` (`lifecycle.ts.tera`).
//!
//! The view is the template's contract: every field below is documented in README.md's template
//! section, and no IR type is flattened into it. It carries what templates cannot compute
//! safely: identifiers, doc comment text (where `*/` would end the comment early), each message
//! split into literal text and parameters, and the wire tables as TypeScript expressions.

use crate::catalog::{Catalog, CatalogError, Code, CodeKind, Coverage};
use crate::filters::ts_str;
use crate::lang::typescript::{Property, TypeScript as Names};
use crate::render::{Engine, GeneratedFile, RenderError};
use crate::targets::Options;
use crate::targets::{Target, header};
use serde::Serialize;

mod package;
mod wire;

use wire::ArgView;

pub struct TypeScript;

const TEMPLATES: &[(&str, &str)] = &[
    (
        "typescript/errors.ts.tera",
        include_str!("../../../templates/typescript/errors.ts.tera"),
    ),
    (
        "typescript/wire.ts.tera",
        include_str!("../../../templates/typescript/wire.ts.tera"),
    ),
    (
        "typescript/lifecycle.ts.tera",
        include_str!("../../../templates/typescript/lifecycle.ts.tera"),
    ),
    (
        "typescript/_info.ts.tera",
        include_str!("../../../templates/typescript/_info.ts.tera"),
    ),
    (
        "typescript/_retired.ts.tera",
        include_str!("../../../templates/typescript/_retired.ts.tera"),
    ),
    (
        "typescript/_lookup.ts.tera",
        include_str!("../../../templates/typescript/_lookup.ts.tera"),
    ),
    (
        "typescript/_data.ts.tera",
        include_str!("../../../templates/typescript/_data.ts.tera"),
    ),
    (
        "typescript/_exports.js.tera",
        include_str!("../../../templates/typescript/_exports.js.tera"),
    ),
    (
        "typescript/index.cjs.tera",
        include_str!("../../../templates/typescript/index.cjs.tera"),
    ),
    (
        "typescript/index.js.tera",
        include_str!("../../../templates/typescript/index.js.tera"),
    ),
    (
        "typescript/index.d.cts.tera",
        include_str!("../../../templates/typescript/index.d.cts.tera"),
    ),
    (
        "typescript/index.d.ts.tera",
        include_str!("../../../templates/typescript/index.d.ts.tera"),
    ),
    (
        "typescript/package.json.tera",
        include_str!("../../../templates/typescript/package.json.tera"),
    ),
];

#[derive(Serialize)]
pub(super) struct View<'a> {
    header: String,
    /// The module's doc comment text, already made safe for `/** */`.
    doc: String,
    has_codes: bool,
    /// `number`, `bigint` or `string`: the type of codes before narrowing to the catalog's
    /// literals. Integer codes beyond 2^53 - 1 are not exact as `number`, so such a catalog's
    /// codes are all `bigint`s.
    code_type: &'static str,
    /// Whether every error has an HTTP status (`httpStatus: number`, else `number | null`).
    http_total: bool,
    /// Whether any error has a gRPC status, and whether all do.
    grpc: bool,
    grpc_total: bool,
    /// The canonical statuses, for the `GRPC_STATUS_CODES` table (empty without gRPC).
    grpc_statuses: Vec<crate::targets::GrpcStatusEntry>,
    /// Whether codes are written as string literals.
    string_codes: bool,
    /// The catalog's `Error` subclass, e.g. `MessagingError`.
    error_class: String,
    /// The identification steps as a TypeScript array: a member path (`["error", "code"]`) or
    /// `null` for the HTTP status the caller passes.
    identify: String,
    categories: Vec<CategoryView<'a>>,
    errors: Vec<ErrorView<'a>>,
    /// The retired errors, in code order (name order without codes).
    retired: Vec<RetiredView<'a>>,
}

/// A retired error: catalog values for `RETIRED`.
#[derive(Serialize)]
struct RetiredView<'a> {
    name: &'a str,
    /// The code as a TypeScript literal, null when the entry has none.
    code_literal: Option<String>,
    since: Option<&'a str>,
    replaced_by: Option<&'a str>,
    merged_into: Option<&'a str>,
    reason: &'a str,
}

/// An alias of an error: deprecated constants and a deprecated constructor equal to the error's.
#[derive(Serialize)]
struct AliasView {
    /// The alias as the catalog writes it.
    name: String,
    /// Its SCREAMING_SNAKE property in `ErrorCode` and `ErrorName`.
    key: Property,
    /// Its constructor constant, e.g. `missingOrder`.
    function: String,
    /// The constants' doc comment text, ending in a `@deprecated` tag naming the error's key.
    doc: String,
    /// The constructor's doc comment text, ending in a `@deprecated` tag naming the error's
    /// constructor.
    function_doc: String,
}

#[derive(Serialize)]
struct CategoryView<'a> {
    key: Property,
    id: &'a str,
    doc: String,
}

#[derive(Serialize)]
struct ErrorView<'a> {
    /// The snake_case catalog name, the `name` of its data.
    name: &'a str,
    /// The SCREAMING_SNAKE property in `ErrorCode` and `ErrorName`.
    key: Property,
    /// The constructor function, e.g. `invalidPhone`.
    function: String,
    /// The code as a TypeScript literal.
    code_literal: Option<String>,
    /// The category's id.
    category: &'a str,
    http_status: Option<u16>,
    /// The canonical gRPC status name.
    grpc_status: Option<&'static str>,
    title: &'a str,
    /// The message template as written.
    message: &'a str,
    fix: Option<&'a str>,
    retryable: bool,
    docs_url: Option<&'a str>,
    deprecation: Option<DeprecationView<'a>>,
    /// The message's parameters, in order of first use, for `ParamInfo`.
    params: Vec<ParamView<'a>>,
    /// The constants' doc comment text, already made safe for `/** */`.
    doc: String,
    /// The title alone (and `@deprecated` for a deprecated error), for the second constant of
    /// an error where the first (`ErrorCode`) carries `doc`.
    short_doc: String,
    /// Whether the message has no placeholder and no escaped brace, so its `parts` and
    /// `message_parts` are the message itself (and the tables leave them out).
    plain_message: bool,
    /// Whether the message split at each `{...}` (`message.split(/\{([^{}]*)\}/)`, what
    /// `define` does when the table leaves `parts` out) gives `parts`; false where the message
    /// has an escaped brace.
    split_message: bool,
    /// Whether `message_parts` equal `parts` (every parameter's data property is its catalog
    /// name), so the wire table leaves them out and reads `parts`.
    wire_message_is_parts: bool,
    /// Whether the message parameters' data properties and wire types are the `ERRORS` row's
    /// `params` (names and types), so the wire table leaves them out and reads the row.
    wire_params_from_info: bool,
    /// The error's other names, in catalog order.
    aliases: Vec<AliasView>,
    /// The message for `formatMessage`: literal text at even indices, parameter names at odd ones.
    parts: Vec<&'a str>,
    /// The constructor's arguments, which are also the data's properties: params, then wire
    /// fields.
    args: Vec<ArgView>,
    /// As `parts`, with each parameter's data property instead of its catalog name.
    message_parts: Vec<String>,
    /// The extensions `$ext.KEY` reads, as a TypeScript object expression.
    extensions: String,
    /// The error's response body as a TypeScript array of `Shape`s.
    body: String,
}

#[derive(Serialize)]
struct DeprecationView<'a> {
    since: Option<&'a str>,
    replaced_by: Option<&'a str>,
    note: Option<&'a str>,
}

#[derive(Serialize)]
struct ParamView<'a> {
    name: &'a str,
    /// `string`, `integer`, `number` or `boolean`.
    #[serde(rename = "type")]
    ty: crate::model::ParamType,
}

impl Target for TypeScript {
    fn id(&self) -> &'static str {
        "typescript"
    }
    fn language(&self) -> &'static str {
        "TypeScript"
    }
    fn templates(&self) -> &'static [(&'static str, &'static str)] {
        TEMPLATES
    }
    fn render(
        &self,
        catalog: &Catalog,
        engine: &Engine,
        options: &Options,
    ) -> Result<Vec<GeneratedFile>, RenderError> {
        let code_type = code_type(catalog);
        let bigint = code_type == "bigint";
        let view = View {
            header: header(catalog),
            doc: module_doc(catalog),
            has_codes: catalog.code_kind != CodeKind::None,
            code_type,
            http_total: catalog.http_status == Coverage::All,
            grpc: catalog.uses_grpc(),
            grpc_total: catalog.grpc_status == Coverage::All,
            grpc_statuses: crate::targets::grpc_statuses(catalog),
            string_codes: catalog.code_kind == CodeKind::String,
            error_class: Names::error_class(&catalog.name),
            identify: wire::identify(catalog),
            categories: catalog
                .categories
                .iter()
                .map(|c| CategoryView {
                    key: Names::member(&c.id),
                    id: &c.id,
                    doc: doc_text(&join_paragraphs(&[
                        Some(&c.title),
                        c.description.as_deref(),
                    ])),
                })
                .collect(),
            errors: catalog
                .errors
                .iter()
                .map(|e| error_view(catalog, e, bigint))
                .collect(),
            retired: catalog
                .retired
                .iter()
                .map(|r| RetiredView {
                    name: &r.name,
                    code_literal: r.code.as_ref().map(|c| code_literal(c, bigint)),
                    since: r.since.as_deref(),
                    replaced_by: r.replaced_by.as_deref(),
                    merged_into: r.merged_into.as_deref(),
                    reason: &r.reason,
                })
                .collect(),
        };
        let text = engine.render("typescript/errors.ts.tera", &view)?;
        let mut files = vec![GeneratedFile::new("typescript/errors.ts", text)];
        if options.typescript.package {
            files.extend(package::render(
                catalog,
                engine,
                &options.typescript,
                &view,
            )?);
        }
        Ok(files)
    }
}

/// `bigint`: whether codes are `bigint`s ([`code_type`], computed once per catalog).
fn error_view<'a>(catalog: &'a Catalog, e: &'a CatalogError, bigint: bool) -> ErrorView<'a> {
    let parts = crate::message::alternating(&e.segments);
    let message_parts = wire::message_parts(&e.segments);
    let args = wire::args(catalog, e);
    ErrorView {
        name: &e.name,
        key: Names::member(&e.name),
        function: Names::function(&e.name),
        code_literal: e.code.as_ref().map(|c| code_literal(c, bigint)),
        category: &e.category,
        http_status: e.http_status,
        grpc_status: e.grpc_status.map(|g| g.name()),
        title: &e.title,
        message: &e.message,
        fix: e.fix.as_deref(),
        retryable: e.retryable,
        docs_url: e.docs_url.as_deref(),
        deprecation: e.deprecated.as_ref().map(|d| DeprecationView {
            since: d.since.as_deref(),
            replaced_by: d.replaced_by.as_deref(),
            note: d.note.as_deref(),
        }),
        params: e
            .params
            .iter()
            .map(|p| ParamView {
                name: &p.name,
                ty: p.ty,
            })
            .collect(),
        doc: error_doc(e),
        short_doc: short_doc(e),
        plain_message: parts.len() == 1 && parts[0] == e.message,
        split_message: crate::message::splits_at_placeholders(&e.message, &parts),
        wire_message_is_parts: message_parts.iter().eq(&parts),
        aliases: e.aliases.iter().map(|a| alias_view(e, a)).collect(),
        parts,
        wire_params_from_info: wire::params_from_info(e, &args),
        args,
        message_parts,
        extensions: wire::extensions(catalog, e),
        body: wire::body(catalog, e, &info_values(e, bigint), 2),
    }
}

fn alias_view(e: &CatalogError, alias: &str) -> AliasView {
    let what = doc_text(&format!(
        "`{alias}`: another name of `{}` ({}).",
        e.name,
        e.title.trim()
    ));
    let key = Names::member(alias);
    let function = Names::function(alias);
    // Names are ASCII identifiers or quoted keys: nothing in them needs `doc_text`.
    AliasView {
        name: alias.to_owned(),
        doc: format!(
            "{what}\n\n@deprecated Use `{}` instead.",
            Names::member(&e.name).name
        ),
        function_doc: format!(
            "{what}\n\n@deprecated Use `{}` instead.",
            Names::function(&e.name)
        ),
        key,
        function,
    }
}

/// Largest integer a JavaScript `number` holds exactly (`Number.MAX_SAFE_INTEGER`).
const MAX_SAFE_INTEGER: i64 = (1 << 53) - 1;

fn code_type(catalog: &Catalog) -> &'static str {
    match catalog.code_kind {
        CodeKind::String => "string",
        CodeKind::Integer => {
            // Retired codes too: `lookupCode` must tell them apart exactly.
            let retired = catalog.retired.iter().filter_map(|r| match r.code {
                Some(Code::Int(i)) => Some(i),
                _ => None,
            });
            let unsafe_code = catalog
                .int_code_bounds()
                .into_iter()
                .flat_map(|(lo, hi)| [lo, hi])
                .chain(retired)
                .any(|i| !(-MAX_SAFE_INTEGER..=MAX_SAFE_INTEGER).contains(&i));
            if unsafe_code { "bigint" } else { "number" }
        }
        CodeKind::None => "number",
    }
}

/// The `ERRORS` row's scalar properties of `e` as the template writes them, for the wire table
/// to name instead of repeating (`wire::body`).
fn info_values(e: &CatalogError, bigint: bool) -> Vec<(&'static str, String)> {
    let mut values = vec![
        ("name", ts_str(&e.name)),
        ("category", ts_str(&e.category)),
        ("title", ts_str(&e.title)),
    ];
    if let Some(code) = &e.code {
        values.push(("code", code_literal(code, bigint)));
    }
    if let Some(status) = e.http_status {
        values.push(("httpStatus", status.to_string()));
    }
    if let Some(url) = &e.docs_url {
        values.push(("docsUrl", ts_str(url)));
    }
    values
}

fn code_literal(code: &Code, bigint: bool) -> String {
    match code {
        Code::Str(s) => crate::filters::ts_str(s),
        Code::Int(i) if bigint => format!("{i}n"),
        Code::Int(i) => i.to_string(),
    }
}

fn module_doc(catalog: &Catalog) -> String {
    let summary = format!(
        "Errors of the {} catalog, version {}.",
        catalog.title, catalog.version
    );
    doc_text(&join_paragraphs(&[
        Some(&summary),
        catalog.description.as_deref(),
    ]))
}

/// Title, message and fix, then a `@deprecated` tag for deprecated errors.
fn error_doc(e: &CatalogError) -> String {
    let fix = e.fix.as_ref().map(|f| format!("Fix: {}", f.trim()));
    let mut doc = doc_text(&join_paragraphs(&[
        Some(&e.title),
        Some(&e.message),
        fix.as_deref(),
    ]));
    if let Some(d) = &e.deprecated {
        let details = d.details(|by| format!("`{by}`"));
        // Only the catalog's text is escaped: the tag itself must stay a tag.
        doc.push_str("\n\n@deprecated");
        if !details.is_empty() {
            doc.push(' ');
            doc.push_str(&doc_text(&details.join(" ")));
        }
    }
    doc
}

/// The title, and for a deprecated error a `@deprecated` tag pointing at its `ErrorCode`
/// constant, whose doc comment (like its constructor's) has the details.
fn short_doc(e: &CatalogError) -> String {
    let mut doc = doc_text(e.title.trim());
    if e.deprecated.is_some() {
        // Names are ASCII identifiers or quoted keys: nothing in them needs `doc_text`.
        let key = Names::member(&e.name).name;
        doc.push_str(&format!("\n\n@deprecated See `ErrorCode.{key}`."));
    }
    doc
}

fn join_paragraphs(parts: &[Option<&str>]) -> String {
    parts
        .iter()
        .flatten()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Catalog text made safe inside a `/** */` comment: `*/` would end the comment, a line starting
/// with `@` would become a JSDoc tag and `{@` an inline tag, and control or bidirectional
/// characters would hide what the source says. Newlines and tabs are kept.
fn doc_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c != '\n' && c != '\t' && crate::filters::needs_unicode_escape(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    let out = out.replace("*/", "*\\/").replace("{@", "{\\@");
    out.lines()
        .map(|line| match line.strip_prefix('@') {
            Some(rest) => format!("\\@{rest}"),
            None => line.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_text_cannot_close_the_comment_or_start_a_tag() {
        assert_eq!(doc_text("a */ b"), "a *\\/ b");
        assert_eq!(
            doc_text("@param x\nsee {@link y}"),
            "\\@param x\nsee {\\@link y}"
        );
        assert_eq!(
            doc_text("bell \u{7}, rlo \u{202e}"),
            "bell \\u0007, rlo \\u202e"
        );
    }
}
