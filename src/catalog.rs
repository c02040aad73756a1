//! The validated catalog: defaults applied, names resolved, errors sorted by code.
//!
//! This is the only type renderers see. Every invariant the validator checks holds here:
//! names and codes are unique, every error has an HTTP status and a resolved category, and
//! every placeholder of a message is a declared parameter.

use crate::message::Segment;
use crate::model::ParamType;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Serialize)]
pub struct Catalog {
    pub name: String,
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    /// The catalog's file or directory name, percent-encoded, for "generated from" headers.
    pub source: String,
    pub code_kind: CodeKind,
    /// In declaration order.
    pub categories: Vec<Category>,
    /// Sorted by code (numerically for integer codes), or by name when there are no codes.
    pub errors: Vec<CatalogError>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CodeKind {
    Integer,
    String,
    /// No error has a code; names identify errors.
    None,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(untagged)]
pub enum Code {
    Int(i64),
    Str(String),
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Code::Int(i) => write!(f, "{i}"),
            Code::Str(s) => f.write_str(s),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Category {
    pub id: String,
    pub title: String,
    pub description: Option<String>,
    pub http_status: Option<u16>,
    pub codes: Option<(i64, i64)>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CatalogError {
    pub name: String,
    pub code: Option<Code>,
    /// The category's `id`.
    pub category: String,
    pub http_status: u16,
    pub title: String,
    pub message: String,
    pub segments: Vec<Segment>,
    /// In order of first use in the message.
    pub params: Vec<Param>,
    pub fix: Option<String>,
    pub description: Option<String>,
    pub retryable: bool,
    pub since: Option<String>,
    pub deprecated: Option<Deprecation>,
    /// `docs_url` of the catalog with `{name}` and `{code}` expanded.
    pub docs_url: Option<String>,
    pub extensions: BTreeMap<String, serde_json::Value>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Param {
    pub name: String,
    #[serde(rename = "type")]
    pub ty: ParamType,
    pub description: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Deprecation {
    pub since: Option<String>,
    pub replaced_by: Option<String>,
    pub note: Option<String>,
}

impl Catalog {
    pub fn category(&self, id: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.id == id)
    }

    /// Finds an error by name or by its code as text.
    pub fn find(&self, key: &str) -> Option<&CatalogError> {
        self.errors.iter().find(|e| e.name == key).or_else(|| {
            self.errors
                .iter()
                .find(|e| e.code.as_ref().is_some_and(|c| c.to_string() == key))
        })
    }
}
