//! The catalog format as written in YAML: serde types that mirror the file, nothing resolved.
//!
//! These types are the single definition of the format. `errcat schema` prints their JSON Schema
//! (derived with schemars), the loader checks every file against that schema to report all
//! structural problems at once, and only then deserializes into these types. Value rules
//! (snake_case names, HTTP ranges, placeholders) are semantic checks in `validate`.
//!
//! The schema an editor reads is stricter than the one the structural check runs: the value
//! rules a schema can state (name and version patterns, status ranges, the format version, rule
//! ids) are written here as `x-errcat-editor` extensions, which `catalog_schema` merges into their
//! schema objects and `structural_schema` drops, because `validate` reports the same problems
//! with better messages (the snake_case spelling, a did-you-mean).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One catalog file. A directory catalog is several of these; exactly one carries `catalog`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "errcat catalog file")]
pub struct CatalogFile {
    /// Format version of this file. Only `1` exists.
    #[schemars(extend("x-errcat-editor" = { "const": 1 }))]
    pub errcat: u64,
    /// The catalog's identity. Required in exactly one file of a catalog.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub catalog: Option<Header>,
    /// Categories that group errors; they may live in any file of the catalog.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub categories: Vec<CategoryDef>,
    /// The errors.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ErrorDef>,
    /// Errors that no longer exist. Their codes and names stay known and are never reused.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub retired: Vec<RetiredDef>,
    /// Codes, code ranges and names that no error may use.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reserved: Vec<ReservedDef>,
}

/// The catalog's identity.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Header {
    /// snake_case identifier of the catalog, e.g. `messaging`.
    #[schemars(extend("x-errcat-editor" = { "pattern": SNAKE_CASE }))]
    pub name: String,
    /// Human title, e.g. `Messaging Platform API`.
    pub title: String,
    /// The catalog's own semantic version, e.g. `1.0.0`.
    #[schemars(extend("x-errcat-editor" = { "pattern": SEMVER }))]
    pub version: String,
    /// Markdown shown at the top of the docs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Documentation URL per error; `{name}` and `{code}` expand for each error.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub docs_url: Option<String>,
    /// Levels of configurable rules for the whole catalog, e.g. `{ missing-fix: allow }`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[schemars(extend("x-errcat-editor" = { "propertyNames": { "enum": configurable_rules() } }))]
    pub rules: BTreeMap<String, LevelDef>,
    /// Occurrence fields every error of the catalog carries on the wire, e.g. `request_id`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[schemars(extend("x-errcat-editor" = { "propertyNames": { "pattern": SNAKE_CASE } }))]
    pub fields: BTreeMap<String, FieldDef>,
    /// The JSON shape of an error response body. Absent: RFC 9457 Problem Details.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub envelope: Option<EnvelopeDef>,
}

/// The JSON shape of every error response body, and how a parser finds the error in it.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EnvelopeDef {
    /// The body template: a mapping whose leaves are constants or references such as `$code`,
    /// `$message`, `$ext.KEY` or `$field.NAME`. `$$` at the start of a string is a literal `$`.
    pub body: BTreeMap<String, serde_json::Value>,
    /// Dotted path of the object that receives each error's occurrence fields; default: the body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fields: Option<String>,
    /// How a parser identifies the error: dotted member paths, and `$http_status` for the
    /// response's status. Default: the member holding `$code`, else the one holding `$name`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identify: Option<Vec<String>>,
}

/// An occurrence field: data an error carries on the wire, outside (or also inside) its message.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FieldDef {
    /// The field's type: `string`, `integer`, `number`, `boolean`, `list<T>`, `map<T>` (string
    /// keys) or `optional<T>`.
    #[serde(rename = "type")]
    pub ty: String,
    /// The member name in the JSON body; default: the field's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wire: Option<String>,
    /// What the field holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// A rule's level: `allow` (not reported), `warn` or `deny` (an error).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum LevelDef {
    Allow,
    Warn,
    Deny,
}

/// The 17 canonical gRPC status codes, by name.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum GrpcStatus {
    Ok,
    Cancelled,
    Unknown,
    InvalidArgument,
    DeadlineExceeded,
    NotFound,
    AlreadyExists,
    PermissionDenied,
    ResourceExhausted,
    FailedPrecondition,
    Aborted,
    OutOfRange,
    Unimplemented,
    Internal,
    Unavailable,
    DataLoss,
    Unauthenticated,
}

impl GrpcStatus {
    /// Every status, in the order of their numbers (`OK` is 0).
    pub const ALL: [GrpcStatus; 17] = [
        GrpcStatus::Ok,
        GrpcStatus::Cancelled,
        GrpcStatus::Unknown,
        GrpcStatus::InvalidArgument,
        GrpcStatus::DeadlineExceeded,
        GrpcStatus::NotFound,
        GrpcStatus::AlreadyExists,
        GrpcStatus::PermissionDenied,
        GrpcStatus::ResourceExhausted,
        GrpcStatus::FailedPrecondition,
        GrpcStatus::Aborted,
        GrpcStatus::OutOfRange,
        GrpcStatus::Unimplemented,
        GrpcStatus::Internal,
        GrpcStatus::Unavailable,
        GrpcStatus::DataLoss,
        GrpcStatus::Unauthenticated,
    ];

    /// The status's number on the wire.
    pub fn number(self) -> u8 {
        self as u8
    }

    /// The status's canonical name, e.g. `NOT_FOUND`.
    pub fn name(self) -> &'static str {
        match self {
            GrpcStatus::Ok => "OK",
            GrpcStatus::Cancelled => "CANCELLED",
            GrpcStatus::Unknown => "UNKNOWN",
            GrpcStatus::InvalidArgument => "INVALID_ARGUMENT",
            GrpcStatus::DeadlineExceeded => "DEADLINE_EXCEEDED",
            GrpcStatus::NotFound => "NOT_FOUND",
            GrpcStatus::AlreadyExists => "ALREADY_EXISTS",
            GrpcStatus::PermissionDenied => "PERMISSION_DENIED",
            GrpcStatus::ResourceExhausted => "RESOURCE_EXHAUSTED",
            GrpcStatus::FailedPrecondition => "FAILED_PRECONDITION",
            GrpcStatus::Aborted => "ABORTED",
            GrpcStatus::OutOfRange => "OUT_OF_RANGE",
            GrpcStatus::Unimplemented => "UNIMPLEMENTED",
            GrpcStatus::Internal => "INTERNAL",
            GrpcStatus::Unavailable => "UNAVAILABLE",
            GrpcStatus::DataLoss => "DATA_LOSS",
            GrpcStatus::Unauthenticated => "UNAUTHENTICATED",
        }
    }
}

/// A group of errors, such as `auth` or `validation`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CategoryDef {
    /// snake_case identifier that errors name in `category`.
    #[schemars(extend("x-errcat-editor" = { "pattern": SNAKE_CASE }))]
    pub id: String,
    /// Human title of the category.
    pub title: String,
    /// Markdown description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Default HTTP status (100-599) for errors of this category.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-errcat-editor" = { "minimum": 100, "maximum": 599 }))]
    pub http_status: Option<i64>,
    /// Default gRPC status (a canonical code name such as `NOT_FOUND`) for errors of this
    /// category.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grpc_status: Option<GrpcStatus>,
    /// Inclusive range `[first, last]` that integer codes of this category must fall in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-errcat-editor" = { "items": int64_items() }))]
    pub codes: Option<[i64; 2]>,
    /// Occurrence fields every error of this category carries on the wire.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[schemars(extend("x-errcat-editor" = { "propertyNames": { "pattern": SNAKE_CASE } }))]
    pub fields: BTreeMap<String, FieldDef>,
    /// Free-form data for templates, docs and the envelope (`$ext.KEY`); an error's own
    /// extension of the same key wins.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub extensions: BTreeMap<String, serde_json::Value>,
}

/// An error code: an integer (64-bit, may be negative, may be written in hex as `0x80070005`),
/// or a string such as `"E0308"`. One kind per catalog.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum Code {
    #[schemars(extend("x-errcat-editor" = { "minimum": i64::MIN, "maximum": i64::MAX }))]
    Int(i64),
    #[schemars(extend("x-errcat-editor" = { "pattern": STRING_CODE }))]
    Str(String),
}

impl<'de> Deserialize<'de> for Code {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct CodeVisitor;

        impl serde::de::Visitor<'_> for CodeVisitor {
            type Value = Code;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an integer or a string")
            }
            fn visit_i64<E>(self, v: i64) -> Result<Code, E> {
                Ok(Code::Int(v))
            }
            // The structural check refuses numbers outside 64 bits and fractions at their place
            // first; these only keep the model total.
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Code, E> {
                i64::try_from(v)
                    .map(Code::Int)
                    .map_err(|_| E::custom("a code beyond 64 bits"))
            }
            fn visit_str<E>(self, v: &str) -> Result<Code, E> {
                Ok(Code::Str(v.to_owned()))
            }
        }

        d.deserialize_any(CodeVisitor)
    }
}

/// One error of the catalog.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ErrorDef {
    /// Unique snake_case name; the identifier in every generated language.
    #[schemars(extend("x-errcat-editor" = { "pattern": SNAKE_CASE }))]
    pub name: String,
    /// Unique code: an integer or a string. Either every error has one or none does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<Code>,
    /// The `id` of the category this error belongs to.
    pub category: String,
    /// HTTP status (100-599); defaults to the category's. Optional: errcat never invents one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-errcat-editor" = { "minimum": 100, "maximum": 599 }))]
    pub http_status: Option<i64>,
    /// gRPC status (a canonical code name such as `NOT_FOUND`); defaults to the category's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grpc_status: Option<GrpcStatus>,
    /// Short human title; defaults to the name in sentence case.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Message template. `{param}` inserts a parameter; `{{` and `}}` are literal braces.
    #[schemars(extend("x-errcat-editor" = { "pattern": MESSAGE }))]
    pub message: String,
    /// Parameters the message uses, by name. They live in the message only; see `fields`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[schemars(extend("x-errcat-editor" = { "propertyNames": { "pattern": SNAKE_CASE } }))]
    pub params: BTreeMap<String, ParamDef>,
    /// Occurrence fields this error carries on the wire; a message may use them as `{name}`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[schemars(extend("x-errcat-editor" = { "propertyNames": { "pattern": SNAKE_CASE } }))]
    pub fields: BTreeMap<String, FieldDef>,
    /// Markdown telling the caller how to fix the error. Missing is a warning.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
    /// Longer markdown description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Whether retrying the same request can succeed. Default `false`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub retryable: bool,
    /// Catalog version that introduced the error.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-errcat-editor" = { "pattern": SEMVER }))]
    pub since: Option<String>,
    /// Marks the error as deprecated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deprecated: Option<Deprecation>,
    /// Former or extra snake_case names of this error; lookups by an alias find the error.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("x-errcat-editor" = { "items": { "type": "string", "pattern": SNAKE_CASE } }))]
    pub aliases: Vec<String>,
    /// Free-form data passed through to templates and docs.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub extensions: BTreeMap<String, serde_json::Value>,
    /// Configurable rules not reported for this error, e.g. `[missing-fix]`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("x-errcat-editor" = { "items": { "type": "string", "enum": configurable_rules() } }))]
    pub allow: Vec<String>,
}

/// A message parameter.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ParamDef {
    /// The parameter's type.
    #[serde(rename = "type")]
    pub ty: ParamType,
    /// What the parameter holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ParamType {
    String,
    Integer,
    Number,
    Boolean,
}

/// Deprecation notice of an error.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Deprecation {
    /// Catalog version that deprecated the error.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-errcat-editor" = { "pattern": SEMVER }))]
    pub since: Option<String>,
    /// Name of the error to use instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replaced_by: Option<String>,
    /// Markdown note for readers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A retired error (a tombstone): it is no longer a variant, but its code and name stay known.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RetiredDef {
    /// The snake_case name the error had.
    #[schemars(extend("x-errcat-editor" = { "pattern": SNAKE_CASE }))]
    pub name: String,
    /// The code the error had.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<Code>,
    /// Catalog version that retired the error.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-errcat-editor" = { "pattern": SEMVER }))]
    pub since: Option<String>,
    /// Name of the live error to use instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replaced_by: Option<String>,
    /// Name of the live error this one became part of (instead of `replaced_by`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merged_into: Option<String>,
    /// Why the error was retired.
    pub reason: String,
}

/// A reserved code, code range or name: exactly one of `code`, `codes` and `name`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("x-errcat-editor" = { "oneOf": [
    { "required": ["code"] },
    { "required": ["codes"] },
    { "required": ["name"] },
] }))]
pub struct ReservedDef {
    /// One reserved code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<Code>,
    /// An inclusive range `[first, last]` of reserved integer codes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-errcat-editor" = { "items": int64_items() }))]
    pub codes: Option<[i64; 2]>,
    /// A reserved snake_case name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-errcat-editor" = { "pattern": SNAKE_CASE }))]
    pub name: Option<String>,
    /// Why it is reserved.
    pub reason: String,
}

/// The JSON Schema of a catalog file, as `errcat schema` prints it for editors: the structure,
/// and the value rules a schema can state (see the module comment).
pub fn catalog_schema() -> serde_json::Value {
    let mut schema = derived_schema();
    editor_constraints(&mut schema, true);
    schema
}

/// The schema the structural check validates against: [`catalog_schema`] without the value
/// rules, which `validate` reports itself.
pub fn structural_schema() -> serde_json::Value {
    let mut schema = derived_schema();
    editor_constraints(&mut schema, false);
    schema
}

fn derived_schema() -> serde_json::Value {
    let schema = schemars::schema_for!(CatalogFile);
    serde_json::to_value(schema).expect("a derived schema always serializes")
}

/// The key under which a value rule waits for [`catalog_schema`].
const EDITOR: &str = "x-errcat-editor";

/// A catalog name: lowercase letters and digits in words joined by single underscores
/// (`lang::is_catalog_name`).
const SNAKE_CASE: &str = "^[a-z0-9]+(_[a-z0-9]+)*$";

/// A semantic version as the `semver` crate reads it (semver.org's expression, ASCII digits).
const SEMVER: &str = "^(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\
    (-((0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*)(\\.(0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*))*))?\
    (\\+([0-9a-zA-Z-]+(\\.[0-9a-zA-Z-]+)*))?$";

/// The items of a code range: 64-bit integers with their bounds (JSON Schema's `format: int64`
/// is an annotation, not a check).
fn int64_items() -> serde_json::Value {
    serde_json::json!({
        "type": "integer",
        "format": "int64",
        "minimum": i64::MIN,
        "maximum": i64::MAX,
    })
}

/// A string code: not empty, no control character (`validate::codes`).
const STRING_CODE: &str = "^[^\\u0000-\\u001f\\u007f-\\u009f]+$";

/// A message whose braces are `{{`, `}}` or placeholders `{name}` (`message::parse`).
const MESSAGE: &str = "^([^{}]|\\{\\{|\\}\\}|\\{[a-z0-9_]+\\})*$";

/// The ids of the rules `rules:` and `allow:` may name.
fn configurable_rules() -> Vec<&'static str> {
    crate::rule::Rule::ALL
        .iter()
        .filter(|r| r.configurable())
        .map(|r| r.id())
        .collect()
}

/// Merges (`apply`) or drops every `x-errcat-editor` object in `schema`.
fn editor_constraints(schema: &mut serde_json::Value, apply: bool) {
    match schema {
        serde_json::Value::Object(map) => {
            if let Some(serde_json::Value::Object(extra)) = map.remove(EDITOR)
                && apply
            {
                map.extend(extra);
            }
            map.values_mut().for_each(|v| editor_constraints(v, apply));
        }
        serde_json::Value::Array(items) => {
            items.iter_mut().for_each(|v| editor_constraints(v, apply));
        }
        _ => {}
    }
}
