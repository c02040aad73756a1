//! The validated catalog: defaults applied, names resolved, errors sorted by code.
//!
//! This is the only type renderers see. Every invariant the validator checks holds here:
//! names and codes are unique, every error has a resolved category, and every placeholder of a
//! message is a declared parameter. Statuses are optional: `http_status` and `grpc_status` say
//! whether every error, some or none has one, so targets can keep a total API where they can.

pub mod body;
mod wire;

pub use wire::{
    BodyMember, BodyValue, Discriminator, Envelope, Field, FieldLevel, FieldType, Member,
    Reference, Template, accepts, http_reason, is_json_number, match_message,
};

use crate::message::Segment;
pub use crate::model::GrpcStatus;
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
    /// Which errors have an HTTP status.
    pub http_status: Coverage,
    /// Which errors have a gRPC status.
    pub grpc_status: Coverage,
    /// In declaration order.
    pub categories: Vec<Category>,
    /// Sorted by code (numerically for integer codes), or by name when there are no codes.
    pub errors: Vec<CatalogError>,
    /// Retired errors (tombstones), sorted like `errors`.
    pub retired: Vec<Retired>,
    /// Reserved codes, ranges and names, in declaration order.
    pub reserved: Vec<Reserved>,
    /// Occurrence fields every error carries, in declaration order.
    pub fields: Vec<Field>,
    /// The JSON shape of an error response body.
    pub envelope: Envelope,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CodeKind {
    Integer,
    String,
    /// No error has a code; names identify errors.
    None,
}

/// How many errors of the catalog have a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Coverage {
    /// Every error (vacuously, in a catalog without errors).
    All,
    Some,
    None,
}

impl Coverage {
    /// The coverage of a property over `items`.
    pub fn of<T>(items: &[T], has: impl Fn(&T) -> bool) -> Coverage {
        let n = items.iter().filter(|i| has(i)).count();
        if n == items.len() {
            Coverage::All
        } else if n == 0 {
            Coverage::None
        } else {
            Coverage::Some
        }
    }
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
    pub grpc_status: Option<GrpcStatus>,
    pub codes: Option<(i64, i64)>,
    /// Occurrence fields every error of the category carries, in declaration order.
    pub fields: Vec<Field>,
    pub extensions: BTreeMap<String, serde_json::Value>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CatalogError {
    pub name: String,
    pub code: Option<Code>,
    /// The category's `id`.
    pub category: String,
    pub http_status: Option<u16>,
    pub grpc_status: Option<GrpcStatus>,
    pub title: String,
    pub message: String,
    pub segments: Vec<Segment>,
    /// Message-only parameters, in order of first use in the message.
    pub params: Vec<Param>,
    /// The error's own occurrence fields, in declaration order (see [`Catalog::wire_fields`]).
    pub fields: Vec<Field>,
    pub fix: Option<String>,
    pub description: Option<String>,
    pub retryable: bool,
    pub since: Option<String>,
    pub deprecated: Option<Deprecation>,
    /// Other names of the error, in declaration order.
    pub aliases: Vec<String>,
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

impl Deprecation {
    /// The deprecation as one sentence or more: `Deprecated since 1.2.0. Use X instead. Note.`,
    /// with the replacement spelled by `spell` (a language's identifier, a docs link). Each
    /// target escapes the result for its own doc syntax.
    pub fn sentence(&self, spell: impl Fn(&str) -> String) -> String {
        let mut out = String::from("Deprecated");
        if let Some(since) = &self.since {
            out.push_str(" since ");
            out.push_str(since);
        }
        out.push('.');
        for d in self
            .details(spell)
            .into_iter()
            .skip(usize::from(self.since.is_some()))
        {
            out.push(' ');
            out.push_str(&d);
        }
        out
    }

    /// The sentences after a "deprecated" marker of a doc syntax (a JSDoc `@deprecated` tag):
    /// `Since 1.2.0.`, `Use X instead.` and the note, each when given.
    pub fn details(&self, spell: impl Fn(&str) -> String) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(since) = &self.since {
            out.push(format!("Since {since}."));
        }
        if let Some(by) = &self.replaced_by {
            out.push(format!("Use {} instead.", spell(by)));
        }
        if let Some(note) = self
            .note
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
        {
            out.push(note.to_owned());
        }
        out
    }
}

/// A retired error: its code and name stay known, and lookups say what replaced it.
#[derive(Debug, Clone, Serialize)]
pub struct Retired {
    pub name: String,
    pub code: Option<Code>,
    pub since: Option<String>,
    /// The live error to use instead, when there is one.
    pub replaced_by: Option<String>,
    /// The live error this one became part of, when it was merged.
    pub merged_into: Option<String>,
    pub reason: String,
}

impl Retired {
    /// The live error that took this one's place (`replaced_by` or `merged_into`).
    pub fn successor(&self) -> Option<&str> {
        self.replaced_by.as_deref().or(self.merged_into.as_deref())
    }

    /// The tombstone as sentences: `Retired since 2.0.0. Use X instead. Reason.` (or `Merged
    /// into X: use it instead.`), with the successor spelled by `spell`. Each target escapes
    /// the result for its own syntax.
    pub fn sentence(&self, spell: impl Fn(&str) -> String) -> String {
        let mut out = String::from("Retired");
        if let Some(since) = &self.since {
            out.push_str(" since ");
            out.push_str(since);
        }
        out.push('.');
        if let Some(by) = &self.replaced_by {
            out.push_str(&format!(" Use {} instead.", spell(by)));
        } else if let Some(into) = &self.merged_into {
            out.push_str(&format!(" Merged into {}: use it instead.", spell(into)));
        }
        let reason = self.reason.trim();
        if !reason.is_empty() {
            out.push(' ');
            out.push_str(reason);
        }
        out
    }
}

/// A reserved code, inclusive code range or name; exactly one is set.
#[derive(Debug, Clone, Serialize)]
pub struct Reserved {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<Code>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub codes: Option<(i64, i64)>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub reason: String,
}

impl Reserved {
    /// Whether the entry reserves `code`.
    pub fn holds_code(&self, code: &Code) -> bool {
        match (code, &self.code, self.codes) {
            (c, Some(r), _) => c == r,
            (Code::Int(i), None, Some((lo, hi))) => (lo..=hi).contains(i),
            _ => false,
        }
    }
}

impl Catalog {
    /// The smallest and largest integer code, when codes are integers.
    pub fn int_code_bounds(&self) -> Option<(i64, i64)> {
        let mut ints = self.errors.iter().filter_map(|e| match e.code {
            Some(Code::Int(i)) => Some(i),
            _ => None,
        });
        let first = ints.next()?;
        Some(ints.fold((first, first), |(lo, hi), i| (lo.min(i), hi.max(i))))
    }

    /// Whether any error has a gRPC status, so targets emit their gRPC API.
    pub fn uses_grpc(&self) -> bool {
        self.grpc_status != Coverage::None
    }

    /// Every occurrence field of `error`: the catalog's, its category's, then its own.
    pub fn wire_fields<'a>(&'a self, error: &'a CatalogError) -> Vec<&'a Field> {
        let category = self.category(&error.category);
        self.fields
            .iter()
            .chain(category.into_iter().flat_map(|c| c.fields.iter()))
            .chain(error.fields.iter())
            .collect()
    }

    /// The type of a message placeholder of `error`: its param's, or its field's.
    pub fn placeholder_type(&self, error: &CatalogError, name: &str) -> Option<FieldType> {
        if let Some(p) = error.params.iter().find(|p| p.name == name) {
            return Some(match p.ty {
                ParamType::String => FieldType::String,
                ParamType::Integer => FieldType::Integer,
                ParamType::Number => FieldType::Number,
                ParamType::Boolean => FieldType::Boolean,
            });
        }
        self.wire_fields(error)
            .into_iter()
            .find(|f| f.name == name)
            .map(|f| f.ty.clone())
    }

    pub fn category(&self, id: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.id == id)
    }

    /// Finds an error by name, alias or its code as text.
    pub fn find(&self, key: &str) -> Option<&CatalogError> {
        self.errors
            .iter()
            .find(|e| e.name == key)
            .or_else(|| {
                self.errors
                    .iter()
                    .find(|e| e.aliases.iter().any(|a| a == key))
            })
            .or_else(|| {
                self.errors
                    .iter()
                    .find(|e| e.code.as_ref().is_some_and(|c| c.to_string() == key))
            })
    }

    /// Finds a retired error by name or by its code as text.
    pub fn find_retired(&self, key: &str) -> Option<&Retired> {
        self.retired.iter().find(|r| r.name == key).or_else(|| {
            self.retired
                .iter()
                .find(|r| r.code.as_ref().is_some_and(|c| c.to_string() == key))
        })
    }
}
