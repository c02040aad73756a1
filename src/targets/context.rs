//! The tera context of a target's view. A view may carry fields that only an overriding
//! template reads (the raw text its escaped fields are made of): building and dropping them is a
//! measurable part of a large catalog's render, so they are serialized only while [`context`]
//! builds the context of an overridden template. The built-in templates print the escaped
//! fields alone; an override gets every documented field.

use crate::render::RenderError;
use serde::Serialize;
use std::cell::Cell;

thread_local! {
    /// Whether the context being built is for an overridden template; true outside
    /// [`context`], so a view serialized any other way is whole.
    static FOR_OVERRIDE: Cell<bool> = const { Cell::new(true) };
}

/// Whether the fields only an override reads are being serialized.
pub(crate) fn for_override() -> bool {
    FOR_OVERRIDE.with(Cell::get)
}

/// For `#[serde(skip_serializing_if = "...")]` on a field only an override reads.
pub(crate) fn override_only<T>(_: &T) -> bool {
    !for_override()
}

/// The tera context of `view` for `template`, with the fields only an override reads when
/// `overridden` (a template of the target is replaced).
pub(crate) fn context<T: Serialize>(
    template: &str,
    view: &T,
    overridden: bool,
) -> Result<tera::Context, RenderError> {
    FOR_OVERRIDE.with(|flag| flag.set(overridden));
    let context = tera::Context::from_serialize(view);
    FOR_OVERRIDE.with(|flag| flag.set(true));
    context.map_err(|e| RenderError(format!("cannot build the context of `{template}`: {e}")))
}
