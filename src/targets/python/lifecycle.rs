//! The lifecycle part of the Python view: aliases as deprecated `ErrorCode` members, the
//! `DeprecationWarning` text of each deprecated member and class, and the retired errors that
//! `by_code` and `by_name` answer with `RetiredError`.
//!
//! Every sentence comes from the IR (`Deprecation::sentence`, `Retired::sentence`), spelled
//! with the package's identifiers: `ErrorCode.X` for a member, the class for a constructor.

use super::MEMBER_INDENT;
use super::layout::parenthesize;
use crate::catalog::{Catalog, CatalogError, Code, Deprecation, Retired};
use crate::filters::py_str;
use crate::lang::python::Python as Names;
use serde::Serialize;

/// An alias of an error: a deprecated member of `ErrorCode` with the error's value.
#[derive(Serialize)]
pub(super) struct AliasView {
    /// The alias as the catalog names it.
    pub name: String,
    /// The `ErrorCode` member, e.g. `MISSING_ORDER`.
    pub ident: String,
    /// Whether the member takes its value on a line of its own.
    pub wrap_value: bool,
    /// The member's docstring: the deprecation sentence.
    pub doc: String,
    /// The `DeprecationWarning` text of `ErrorCode.<ident>`.
    pub warning: String,
}

/// A retired error, as a `RetiredInfo` of `RETIRED`.
#[derive(Serialize)]
pub(super) struct RetiredView {
    /// The catalog name.
    pub name: String,
    /// The code as a Python literal, or `None`.
    pub code: String,
    pub since: Option<String>,
    /// The `ErrorCode` members of `replaced_by` and `merged_into`, when they are live errors.
    pub replaced_by: Option<String>,
    pub merged_into: Option<String>,
    pub reason: String,
    /// `str()` of its `RetiredError`: what it was and what to use now.
    pub summary: String,
}

/// The member of a live error, spelled as user code spells it (`ErrorCode.X`), or the catalog
/// name in backticks when `name` is not a live error.
fn qualified_member(catalog: &Catalog, name: &str) -> String {
    if catalog.errors.iter().any(|e| e.name == name) {
        format!("ErrorCode.{}", Names::member(name))
    } else {
        format!("`{name}`")
    }
}

/// The live member of `name`, when it names a live error.
fn live_member(catalog: &Catalog, name: Option<&str>) -> Option<String> {
    name.filter(|n| catalog.errors.iter().any(|e| e.name == *n))
        .map(Names::member)
}

/// The error's deprecation with a `replaced_by` kept only when it is a live error.
pub(super) fn live_deprecation(catalog: &Catalog, e: &CatalogError) -> Option<Deprecation> {
    e.deprecated.as_ref().map(|d| Deprecation {
        replaced_by: live_member(catalog, d.replaced_by.as_deref()).and(d.replaced_by.clone()),
        ..d.clone()
    })
}

/// The `DeprecationWarning` text of a deprecated error's `ErrorCode` member.
pub(super) fn member_warning(catalog: &Catalog, e: &CatalogError) -> Option<String> {
    live_deprecation(catalog, e).map(|d| {
        format!(
            "ErrorCode.{}: {}",
            Names::member(&e.name),
            d.sentence(|n| qualified_member(catalog, n))
        )
    })
}

/// The `DeprecationWarning` text of a deprecated error's class, raised by its constructor.
pub(super) fn class_warning(catalog: &Catalog, e: &CatalogError) -> Option<String> {
    live_deprecation(catalog, e).map(|d| {
        format!(
            "{}: {}",
            Names::error_class(&catalog.name, &e.name),
            d.sentence(|n| Names::error_class(&catalog.name, n))
        )
    })
}

/// The error's aliases, in declaration order. `literal` is the error's value as a Python literal.
pub(super) fn aliases(catalog: &Catalog, e: &CatalogError, literal: &str) -> Vec<AliasView> {
    let rename = Deprecation {
        since: None,
        replaced_by: Some(e.name.clone()),
        note: None,
    };
    e.aliases
        .iter()
        .map(|alias| {
            let ident = Names::member(alias);
            AliasView {
                name: alias.clone(),
                wrap_value: parenthesize(MEMBER_INDENT, &ident, literal),
                doc: rename.sentence(Names::member),
                warning: format!(
                    "ErrorCode.{ident}: {}",
                    rename.sentence(|n| qualified_member(catalog, n))
                ),
                ident,
            }
        })
        .collect()
}

/// The catalog's retired errors, in catalog order.
pub(super) fn retired(catalog: &Catalog) -> Vec<RetiredView> {
    catalog
        .retired
        .iter()
        .map(|r| retired_view(catalog, r))
        .collect()
}

fn retired_view(catalog: &Catalog, r: &Retired) -> RetiredView {
    let code = match &r.code {
        Some(Code::Int(i)) => i.to_string(),
        Some(Code::Str(s)) => py_str(s),
        None => "None".to_owned(),
    };
    let subject = match &r.code {
        Some(c) => format!("`{}` ({c})", r.name),
        None => format!("`{}`", r.name),
    };
    RetiredView {
        name: r.name.clone(),
        code,
        since: r.since.clone(),
        replaced_by: live_member(catalog, r.replaced_by.as_deref()),
        merged_into: live_member(catalog, r.merged_into.as_deref()),
        reason: r.reason.clone(),
        summary: format!(
            "{subject}: {}",
            r.sentence(|n| qualified_member(catalog, n))
        ),
    }
}
