//! The `json-schema` target: a JSON Schema (draft 2020-12) of the error response body.
//!
//! The body is RFC 9457 Problem Details (`type`, `title`, `status`, `detail`, `instance`) with the
//! extension members `code` and `name`. One `oneOf` branch per error, kept under `$defs` by error
//! name, binds that error's code, name, status, title and docs URL together, so a body whose code
//! belongs to one error and name to another does not validate.
//!
//! JSON has no comments, so the "do not edit" header goes in the top-level `$comment`. Because a
//! template can be overridden, the rendered text is parsed back and checked against the 2020-12
//! meta-schema before it is returned: a broken override fails here, not in a user's validator.

use crate::catalog::{Catalog, CatalogError, CodeKind};
use crate::render::{Engine, GeneratedFile, RenderError};
use crate::targets::{Target, header};
use serde::Serialize;
use serde_json::Value;
use std::fmt::Write as _;

pub struct JsonSchema;

/// The template, under `templates/`.
const TEMPLATE: &str = "json-schema/error-response.schema.json.tera";

/// The file written, under the output directory.
const OUTPUT: &str = "json-schema/error-response.schema.json";

/// The dialect the template declares and the output is checked against.
const DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";

const TEMPLATES: &[(&str, &str)] = &[(
    TEMPLATE,
    include_str!("../../templates/json-schema/error-response.schema.json.tera"),
)];

#[derive(Serialize)]
struct View<'a> {
    header: String,
    catalog: &'a Catalog,
    /// The schema's `title`.
    title: String,
    /// The schema's `description`: what the body is, then the catalog's description.
    description: String,
    /// The JSON type of `code` (`integer` or `string`), or none when the catalog has no codes.
    code_type: Option<&'static str>,
    /// The members every response carries, in the order of `properties`.
    required: Vec<&'static str>,
    errors: Vec<ErrorView<'a>>,
}

#[derive(Serialize)]
struct ErrorView<'a> {
    #[serde(flatten)]
    error: &'a CatalogError,
    /// The key of the error's branch under `$defs`.
    def_name: &'a str,
    /// The `$ref` to that branch.
    def_ref: String,
    /// The branch's `description`: message, description, fix, retry and deprecation notes.
    summary: String,
}

impl Target for JsonSchema {
    fn id(&self) -> &'static str {
        "json-schema"
    }
    fn language(&self) -> &'static str {
        "JSON Schema"
    }
    fn templates(&self) -> &'static [(&'static str, &'static str)] {
        TEMPLATES
    }
    fn render(
        &self,
        catalog: &Catalog,
        engine: &Engine,
    ) -> Result<Vec<GeneratedFile>, RenderError> {
        let code_type = match catalog.code_kind {
            CodeKind::Integer => Some("integer"),
            CodeKind::String => Some("string"),
            CodeKind::None => None,
        };
        // A status is required only when the catalog gives every error one.
        let mut required = vec!["title"];
        if catalog.http_status == crate::catalog::Coverage::All {
            required.push("status");
        }
        required.push("detail");
        if code_type.is_some() {
            required.push("code");
        }
        required.push("name");
        let view = View {
            header: header(catalog),
            catalog,
            title: format!("{} error response", catalog.title),
            description: schema_description(catalog),
            code_type,
            required,
            errors: catalog
                .errors
                .iter()
                .map(|e| ErrorView {
                    error: e,
                    def_name: &e.name,
                    // Error names are snake_case, so they need no JSON Pointer or URI escaping.
                    def_ref: format!("#/$defs/{}", e.name),
                    summary: error_summary(e),
                })
                .collect(),
        };
        let text = engine.render(TEMPLATE, &view)?;
        check_schema(&text)
            .map_err(|problem| RenderError(format!("cannot render `{TEMPLATE}`: {problem}")))?;
        Ok(vec![GeneratedFile::new(OUTPUT, &text)])
    }
}

fn schema_description(catalog: &Catalog) -> String {
    let members = if catalog.code_kind == CodeKind::None {
        "the error's `name` as an extension member"
    } else {
        "the error's `code` and `name` as extension members"
    };
    let mut out = format!(
        "An error response of {} {}: RFC 9457 Problem Details (`application/problem+json`) \
         with {members}.",
        catalog.title, catalog.version
    );
    if let Some(d) = catalog
        .description
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
    {
        out.push_str("\n\n");
        out.push_str(d);
    }
    out
}

fn error_summary(e: &CatalogError) -> String {
    let mut parts = vec![e.message.trim().to_owned()];
    if let Some(d) = e
        .description
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
    {
        parts.push(d.to_owned());
    }
    if let Some(fix) = &e.fix {
        parts.push(format!("Fix: {}", fix.trim()));
    }
    if e.retryable {
        parts.push("Retryable.".to_owned());
    }
    if let Some(dep) = &e.deprecated {
        let since = dep.since.as_ref().map(|s| format!(" since {s}"));
        let mut note = format!("Deprecated{}.", since.unwrap_or_default());
        if let Some(by) = &dep.replaced_by {
            let _ = write!(note, " Use `{by}` instead.");
        }
        if let Some(n) = dep.note.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
            note.push(' ');
            note.push_str(n);
        }
        parts.push(note);
    }
    parts.join("\n\n")
}

/// Checks that `text` is JSON declaring draft 2020-12, valid against that meta-schema, and that it
/// compiles (every `$ref` resolves), so an overridden template cannot ship a broken schema.
fn check_schema(text: &str) -> Result<(), String> {
    let schema: Value =
        serde_json::from_str(text).map_err(|e| format!("the output is not valid JSON: {e}"))?;
    if schema.get("$schema").and_then(Value::as_str) != Some(DIALECT) {
        return Err(format!(
            "the output does not declare `\"$schema\": \"{DIALECT}\"`"
        ));
    }
    let meta = jsonschema::draft202012::meta::validator();
    let problems: Vec<String> = meta
        .iter_errors(&schema)
        .map(|e| format!("at `{}`: {e}", pointer(&e.instance_path().to_string())))
        .collect();
    if !problems.is_empty() {
        return Err(format!(
            "the output is not a valid draft 2020-12 JSON Schema:\n  {}",
            problems.join("\n  ")
        ));
    }
    jsonschema::draft202012::new(&schema)
        .map_err(|e| format!("the output is not a usable JSON Schema: {e}"))?;
    Ok(())
}

/// The document root is the empty JSON Pointer; show it as `/` so the message stays readable.
fn pointer(p: &str) -> &str {
    if p.is_empty() { "/" } else { p }
}
