//! Structural checks: a parsed YAML tree against the catalog JSON Schema, every problem at once.
//!
//! The tree is turned into JSON while recording where each JSON pointer came from, then checked
//! with the `jsonschema` crate against the schema derived from `model`. Each schema violation
//! becomes a diagnostic at the exact key or value, with the nearest valid key as a hint.

use crate::diagnostic::Diagnostic;
use crate::rule::Rule;
use crate::source::Span;
use crate::yaml::{Node, NodeKind};
use jsonschema::error::{TypeKind, ValidationErrorKind};
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// Where each JSON pointer of a file came from: the span of its key (for map entries) and value.
#[derive(Debug, Default, Clone)]
pub struct Locator {
    entries: BTreeMap<String, (Option<Span>, Span)>,
}

impl Locator {
    /// The span of the value at `pointer`, or of the nearest enclosing value.
    pub fn value(&self, pointer: &str) -> Span {
        self.lookup(pointer).1
    }

    /// The span of the key at `pointer` (or of the value for sequence items and the root).
    pub fn key(&self, pointer: &str) -> Span {
        let (key, value) = self.lookup(pointer);
        key.unwrap_or(value)
    }

    fn lookup(&self, pointer: &str) -> (Option<Span>, Span) {
        let mut p = pointer;
        loop {
            if let Some(&found) = self.entries.get(p) {
                return found;
            }
            match p.rfind('/') {
                Some(i) => p = &p[..i],
                None => return (None, Span::default()),
            }
        }
    }
}

/// Escapes one JSON pointer segment (RFC 6901).
pub fn escape_segment(s: &str) -> String {
    s.replace('~', "~0").replace('/', "~1")
}

/// Converts a YAML tree to JSON, recording the span of every value.
pub fn to_json(root: &Node) -> (Value, Locator) {
    let mut loc = Locator::default();
    let value = convert(root, String::new(), None, &mut loc);
    (value, loc)
}

fn convert(node: &Node, pointer: String, key: Option<Span>, loc: &mut Locator) -> Value {
    let value = match &node.kind {
        NodeKind::Null => Value::Null,
        NodeKind::Bool(b) => Value::Bool(*b),
        NodeKind::Int(i) => {
            if let Ok(v) = i64::try_from(*i) {
                Value::from(v)
            } else if let Ok(v) = u64::try_from(*i) {
                Value::from(v)
            } else {
                Value::from(*i as f64)
            }
        }
        NodeKind::Float(f) => serde_json::Number::from_f64(*f)
            .map(Value::Number)
            .unwrap_or_else(|| Value::String(f.to_string())),
        NodeKind::Str(s) => Value::String(s.clone()),
        NodeKind::Seq(items) => Value::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, item)| convert(item, format!("{pointer}/{i}"), None, loc))
                .collect(),
        ),
        NodeKind::Map(entries) => {
            let mut map = serde_json::Map::new();
            for (k, v) in entries {
                let name = scalar_text(k);
                let child = format!("{pointer}/{}", escape_segment(&name));
                let converted = convert(v, child, Some(k.span), loc);
                map.insert(name, converted);
            }
            Value::Object(map)
        }
    };
    loc.entries.insert(pointer, (key, node.span));
    value
}

fn scalar_text(node: &Node) -> String {
    match &node.kind {
        NodeKind::Str(s) => s.clone(),
        NodeKind::Int(i) => i.to_string(),
        NodeKind::Float(f) => f.to_string(),
        NodeKind::Bool(b) => b.to_string(),
        NodeKind::Null => "null".into(),
        NodeKind::Seq(_) | NodeKind::Map(_) => "<complex key>".into(),
    }
}

fn schema() -> &'static Value {
    static SCHEMA: OnceLock<Value> = OnceLock::new();
    SCHEMA.get_or_init(crate::model::catalog_schema)
}

fn validator() -> &'static jsonschema::Validator {
    static VALIDATOR: OnceLock<jsonschema::Validator> = OnceLock::new();
    VALIDATOR.get_or_init(|| {
        jsonschema::validator_for(schema()).expect("the derived catalog schema is a valid schema")
    })
}

/// Checks one file's JSON against the catalog schema. Diagnostics are not yet tied to a file.
pub fn check(json: &Value, loc: &Locator) -> Vec<(Span, Diagnostic)> {
    let mut out = Vec::new();
    for err in validator().iter_errors(json) {
        let path = err.instance_path().as_str().to_owned();
        let field = path
            .rsplit('/')
            .next()
            .filter(|s| !s.is_empty())
            .map(|s| s.replace("~1", "/").replace("~0", "~"));
        let what = match &field {
            Some(f) if f.parse::<usize>().is_err() => format!("`{f}`"),
            _ => "this value".to_owned(),
        };
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
                    out.push((loc.key(&pointer), d));
                }
            }
            ValidationErrorKind::Required { property } => {
                let prop = property.as_str().unwrap_or_default();
                out.push((
                    loc.key(&path),
                    Diagnostic::error(
                        Rule::MissingKey,
                        format!("missing required key `{prop}` in {}", context_name(&path)),
                    )
                    .help(format!("add `{prop}:` to this entry")),
                ));
            }
            ValidationErrorKind::Type { kind } => {
                let expected = match kind {
                    TypeKind::Single(t) => article(&t.to_string()),
                    TypeKind::Multiple(set) => set
                        .iter()
                        .map(|t| article(&t.to_string()))
                        .collect::<Vec<_>>()
                        .join(" or "),
                };
                out.push((
                    loc.value(&path),
                    Diagnostic::error(
                        Rule::WrongType,
                        format!(
                            "{what} must be {expected}, found {}",
                            article(json_type(err.instance()))
                        ),
                    ),
                ));
            }
            ValidationErrorKind::AnyOf { .. } | ValidationErrorKind::OneOfNotValid { .. } => {
                let expected = if field.as_deref() == Some("code") {
                    "an integer or a string".to_owned()
                } else {
                    "one of the allowed forms".to_owned()
                };
                out.push((
                    loc.value(&path),
                    Diagnostic::error(
                        Rule::WrongType,
                        format!(
                            "{what} must be {expected}, found {}",
                            article(json_type(err.instance()))
                        ),
                    ),
                ));
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
                let found = err.instance().as_str().unwrap_or_default().to_owned();
                let mut d = Diagnostic::error(
                    Rule::WrongValue,
                    format!("{what} must be one of {}", backticked(&opts)),
                );
                if let Some(best) = nearest(&found, &opts) {
                    d = d.help(format!("did you mean `{best}`?"));
                }
                out.push((loc.value(&path), d));
            }
            _ => {
                out.push((
                    loc.value(&path),
                    Diagnostic::error(Rule::WrongValue, format!("{what}: {err}")),
                ));
            }
        }
    }
    out
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

/// The keys an object schema allows, found from the `additionalProperties` keyword's location.
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
        "null" => "null".into(),
        "integer" => "an integer".into(),
        "array" => "a list".into(),
        "object" => "a mapping".into(),
        _ => format!("a {t}"),
    }
}
