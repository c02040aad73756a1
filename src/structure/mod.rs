//! Structural checks: a parsed YAML tree against the catalog JSON Schema, every problem at once.
//!
//! The tree is turned into JSON while recording where each JSON pointer came from, then checked
//! with the `jsonschema` crate against the schema derived from `model`. Each schema violation
//! becomes a diagnostic at the exact key or value, with the nearest valid key as a hint.

mod locator;
mod strict;

pub use locator::{Locator, locate, subtree_to_json, to_json};

use crate::diagnostic::Diagnostic;
use crate::rule::Rule;
use crate::source::{Span, escape_segment};
use jsonschema::error::{TypeKind, ValidationErrorKind};
use serde_json::Value;
use std::sync::OnceLock;

/// A structural problem: the diagnostic, where it points, and the JSON pointer of the value it
/// is about (so the loader knows which entry of the file it breaks).
#[derive(Debug)]
pub struct Problem {
    pub pointer: String,
    pub span: Span,
    pub diagnostic: Diagnostic,
}

fn schema() -> &'static Value {
    static SCHEMA: OnceLock<Value> = OnceLock::new();
    SCHEMA.get_or_init(crate::model::structural_schema)
}

/// Checks one file's JSON against the catalog schema. `text` is the file's source, so messages
/// can quote a value as it was written (`404.0`, `1e3`). Diagnostics are not yet tied to a file.
pub fn check(json: &Value, loc: &Locator, text: &str) -> Vec<Problem> {
    let mut out = Vec::new();
    let ctx = Context { loc, text };
    for pointer in &loc.non_finite {
        let written = ctx.written(pointer);
        let meaning = if written.to_ascii_lowercase().contains("nan") {
            "not a number"
        } else {
            "infinity"
        };
        ctx.push(
            &mut out,
            pointer,
            loc.value(pointer),
            Diagnostic::error(
                Rule::WrongType,
                format!(
                    "{} is `{written}`, which YAML reads as {meaning}; a catalog holds only finite numbers",
                    what(pointer)
                ),
            )
            .help(format!(
                "write a finite number, or quote the value to keep it as text: `\"{written}\"`"
            )),
        );
    }
    for err in strict::validator().iter_errors(json) {
        // A non-finite number is already reported; its `null` stand-in is no further problem.
        if loc.non_finite.contains(err.instance_path().as_str()) {
            continue;
        }
        ctx.report(&err, json, &mut out);
    }
    // Two keywords can refuse one value for one reason (`minimum` and the strict-integer range
    // both refuse `errcat: -1`): say it once.
    let mut seen = std::collections::HashSet::new();
    out.retain(|p| seen.insert((p.pointer.clone(), p.diagnostic.message.clone())));
    out
}

struct Context<'a> {
    loc: &'a Locator,
    text: &'a str,
}

impl Context<'_> {
    fn push(&self, out: &mut Vec<Problem>, pointer: &str, span: Span, diagnostic: Diagnostic) {
        out.push(Problem {
            pointer: pointer.to_owned(),
            span,
            diagnostic,
        });
    }

    /// The value at `pointer` as written in the file (for scalars on one line).
    fn written(&self, pointer: &str) -> String {
        let span = self.loc.value(pointer);
        let raw = self
            .text
            .get(span.offset..span.offset + span.len)
            .unwrap_or("");
        raw.lines().next().unwrap_or("").trim().to_owned()
    }

    /// The value at `pointer` for a message: a number as written, otherwise its kind.
    fn found(&self, pointer: &str, value: &Value) -> String {
        match value {
            Value::Number(n) => {
                let written = self.written(pointer);
                let shown = if written.is_empty() {
                    n.to_string()
                } else {
                    written
                };
                format!("the number `{shown}`")
            }
            Value::Null => "an empty value".into(),
            other => article(json_type(other)),
        }
    }

    fn report(&self, err: &jsonschema::ValidationError, json: &Value, out: &mut Vec<Problem>) {
        let path = err.instance_path().as_str().to_owned();
        let what = what(&path);
        let instance = json.pointer(&path).unwrap_or(err.instance());
        match err.kind() {
            ValidationErrorKind::AdditionalProperties { unexpected } => {
                let allowed = allowed_keys(err.schema_path().as_str());
                for key in unexpected {
                    let pointer = format!("{path}/{}", escape_segment(key));
                    let mut d = Diagnostic::error(
                        Rule::UnknownKey,
                        format!("unknown key `{key}` in {}", context_name(&path)),
                    );
                    d = match nearest(key, &allowed) {
                        Some(best) => d.help(format!("did you mean `{best}`?")),
                        None => d.help(format!("valid keys here: {}", backticked(&allowed))),
                    };
                    self.push(out, &pointer, self.loc.key(&pointer), d);
                }
            }
            ValidationErrorKind::Required { property } => {
                let prop = property.as_str().unwrap_or_default();
                let d = Diagnostic::error(
                    Rule::MissingKey,
                    format!("missing required key `{prop}` in {}", context_name(&path)),
                )
                .help(format!("add `{prop}:` to this entry"));
                self.push(out, &path, self.loc.key(&path), d);
            }
            ValidationErrorKind::Type { kind } => {
                let expected = match kind {
                    TypeKind::Single(t) => vec![t.to_string()],
                    TypeKind::Multiple(set) => set.iter().map(|t| t.to_string()).collect(),
                };
                self.wrong_type(out, &path, instance, expected);
            }
            ValidationErrorKind::AnyOf { context }
            | ValidationErrorKind::OneOfNotValid { context } => {
                // Report the problems of the form the value was meant to have (a mapping under
                // `catalog:` is a header with a mistake inside, not "not one of the forms").
                match context.iter().find(|branch| fits(branch, &path)) {
                    Some(branch) => {
                        for e in branch {
                            self.report(e, json, out);
                        }
                    }
                    None => {
                        let mut expected = Vec::new();
                        for branch in context {
                            expected_types(branch, &path, &mut expected);
                        }
                        self.wrong_type(out, &path, instance, expected);
                    }
                }
            }
            ValidationErrorKind::Custom { message, .. } => {
                let written = self.written(&path);
                let d = strict::integer_problem(&path, &written, instance, message);
                self.push(out, &path, self.loc.value(&path), d);
            }
            ValidationErrorKind::Enum { options } => {
                let opts: Vec<String> = options
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .filter_map(|v| v.as_str().map(str::to_owned))
                            .collect()
                    })
                    .unwrap_or_default();
                let found = instance.as_str().unwrap_or_default().to_owned();
                let mut d = Diagnostic::error(
                    Rule::WrongValue,
                    format!("{what} must be one of {}", backticked(&opts)),
                );
                d = match nearest(&found, &opts) {
                    Some(best) => d.help(format!("did you mean `{best}`?")),
                    None => d.help(format!("write one of {}", backticked(&opts))),
                };
                self.push(out, &path, self.loc.value(&path), d);
            }
            ValidationErrorKind::MinItems { limit } | ValidationErrorKind::MaxItems { limit } => {
                let found = instance.as_array().map_or(0, Vec::len);
                let bound = match err.kind() {
                    ValidationErrorKind::MinItems { .. } => "at least",
                    _ => "at most",
                };
                let values = |n: u64| format!("{n} value{}", if n == 1 { "" } else { "s" });
                let help = if path.ends_with("/codes") {
                    "write the range as `[first, last]`".to_owned()
                } else {
                    format!("list {bound} {}", values(*limit))
                };
                let d = Diagnostic::error(
                    Rule::WrongValue,
                    format!("{what} must hold {bound} {}, found {found}", values(*limit)),
                )
                .help(help);
                self.push(out, &path, self.loc.value(&path), d);
            }
            ValidationErrorKind::Minimum { limit } | ValidationErrorKind::Maximum { limit } => {
                let (bound, kind) = match err.kind() {
                    ValidationErrorKind::Minimum { .. } => ("at least", "small"),
                    _ => ("at most", "large"),
                };
                let d = Diagnostic::error(
                    Rule::WrongValue,
                    format!(
                        "the number `{}` in {} is too {kind}",
                        self.written(&path),
                        field(&path)
                    ),
                )
                .help(format!("{what} must be {bound} {limit}"));
                self.push(out, &path, self.loc.value(&path), d);
            }
            _ => {
                let d = Diagnostic::error(Rule::WrongValue, format!("{what} is not valid here"))
                    .help("`errcat schema` prints the format of a catalog file");
                self.push(out, &path, self.loc.value(&path), d);
            }
        }
    }

    fn wrong_type(
        &self,
        out: &mut Vec<Problem>,
        path: &str,
        instance: &Value,
        expected: Vec<String>,
    ) {
        let mut expected: Vec<String> = expected;
        let mut seen = std::collections::HashSet::new();
        expected.retain(|t| seen.insert(t.clone()));
        // `null` means "leave it out"; name it only when nothing else is allowed.
        if expected.len() > 1 {
            expected.retain(|t| t != "null");
        }
        let wants = |t: &str| expected.iter().any(|e| e == t);
        let found = self.found(path, instance);
        let mut d = Diagnostic::error(
            Rule::WrongType,
            format!(
                "{} must be {}, found {found}",
                what(path),
                expected
                    .iter()
                    .map(|t| article(t))
                    .collect::<Vec<_>>()
                    .join(" or ")
            ),
        );
        match instance {
            Value::Number(_) | Value::Bool(_) if wants("string") => {
                let written = self.written(path);
                d = d.help(format!(
                    "quote the value to keep it as text: `\"{written}\"`"
                ));
            }
            Value::String(s)
                if (wants("integer") || wants("number")) && s.trim().parse::<f64>().is_ok() =>
            {
                d = d.help(format!("remove the quotes: `{}`", s.trim()));
            }
            Value::Number(_) if wants("integer") => d = d.help("write a whole number"),
            Value::Null => d = d.help("write the value after the key, on the same line"),
            _ if wants("boolean") => d = d.help("write `true` or `false`"),
            _ if path.is_empty() => {
                d = d.help(
                    "start the file with `errcat: 1`, then `catalog:`, `categories:` or `errors:`",
                )
            }
            _ if wants("object") => {
                d = d.help("write its keys on the lines below, indented, or as `{ key: value }`")
            }
            _ if wants("array") => {
                d = d.help("write the values as `[a, b]`, or as `- ` lines below")
            }
            _ => {}
        }
        self.push(out, path, self.loc.value(path), d);
    }
}

/// Whether a branch of `anyOf` is of the value's kind: it has no type error about the value
/// itself (only problems inside it).
fn fits(branch: &[jsonschema::ValidationError], path: &str) -> bool {
    branch.iter().all(|e| {
        e.instance_path().as_str() != path
            || match e.kind() {
                ValidationErrorKind::Type { .. } => false,
                ValidationErrorKind::AnyOf { context }
                | ValidationErrorKind::OneOfNotValid { context } => {
                    context.iter().any(|b| fits(b, path))
                }
                _ => true,
            }
    })
}

/// The JSON types a branch of `anyOf` allows at `path`.
fn expected_types(branch: &[jsonschema::ValidationError], path: &str, out: &mut Vec<String>) {
    for e in branch {
        if e.instance_path().as_str() != path {
            continue;
        }
        match e.kind() {
            ValidationErrorKind::Type { kind } => match kind {
                TypeKind::Single(t) => out.push(t.to_string()),
                TypeKind::Multiple(set) => out.extend(set.iter().map(|t| t.to_string())),
            },
            ValidationErrorKind::AnyOf { context }
            | ValidationErrorKind::OneOfNotValid { context } => {
                for b in context {
                    expected_types(b, path, out);
                }
            }
            _ => {}
        }
    }
}

/// The field a value at `path` belongs to: its key, or for a list item, the list's key.
fn field(path: &str) -> String {
    let mut segments = path.rsplit('/');
    let last = segments.next().unwrap_or_default();
    let key = if last.parse::<usize>().is_ok() {
        segments.next().unwrap_or_default()
    } else {
        last
    };
    if key.is_empty() || key.parse::<usize>().is_ok() {
        "this value".to_owned()
    } else {
        format!("`{}`", key.replace("~1", "/").replace("~0", "~"))
    }
}

/// How a message names the value at `path`: its key in backticks, or for a list item, the list.
fn what(path: &str) -> String {
    let mut segments = path.rsplit('/');
    let unescape = |s: &str| s.replace("~1", "/").replace("~0", "~");
    match (segments.next(), segments.next()) {
        (Some(last), Some(parent)) if last.parse::<usize>().is_ok() => {
            match parent.parse::<usize>() {
                Err(_) if !parent.is_empty() => format!("a value in `{}`", unescape(parent)),
                _ => "this value".to_owned(),
            }
        }
        (Some(last), _) if !last.is_empty() => format!("`{}`", unescape(last)),
        _ if path.is_empty() => "a catalog file".to_owned(),
        _ => "this value".to_owned(),
    }
}

fn context_name(path: &str) -> &'static str {
    let depth = path.split('/').count();
    if path.is_empty() {
        "the catalog file"
    } else if path == "/catalog" {
        "`catalog`"
    } else if path.starts_with("/categories/") {
        "a category"
    } else if path.starts_with("/errors/") && path.contains("/params/") {
        "a parameter"
    } else if path.ends_with("/deprecated") {
        "`deprecated`"
    } else if path.starts_with("/errors/") && depth == 3 {
        "an error"
    } else {
        "this mapping"
    }
}

/// The keys an object schema allows, found from the `additionalProperties` keyword's location
/// (a path into the schema with references resolved, such as `/$defs/Header/...`).
fn allowed_keys(schema_path: &str) -> Vec<String> {
    let parent = schema_path
        .strip_suffix("/additionalProperties")
        .unwrap_or(schema_path);
    let mut keys: Vec<String> = schema()
        .pointer(parent)
        .and_then(|s| s.get("properties"))
        .and_then(Value::as_object)
        .map(|props| props.keys().cloned().collect())
        .unwrap_or_default();
    keys.sort();
    keys
}

/// The closest candidate by edit distance, if close enough to be a likely typo.
pub fn nearest(word: &str, candidates: &[String]) -> Option<String> {
    candidates
        .iter()
        .map(|c| (strsim::damerau_levenshtein(word, c), c))
        .filter(|(d, c)| *d <= (c.chars().count() / 3).max(1) + 1)
        .min()
        .map(|(_, c)| c.clone())
}

fn backticked(items: &[String]) -> String {
    items
        .iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_f64() => "number",
        Value::Number(_) => "integer",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn article(t: &str) -> String {
    match t {
        "null" => "an empty value".into(),
        "integer" => "an integer".into(),
        "array" => "a list".into(),
        "object" => "a mapping".into(),
        _ => format!("a {t}"),
    }
}
