//! Per-target options: what `errcat.toml` (`[targets.<id>]`) and the library API set beyond the
//! catalog itself. Every field has a default that reproduces the output of a run without a
//! configuration, so `Options::default()` is the flag-only behaviour.
//!
//! Each struct deserializes from its `[targets.<id>]` table (kebab-case keys, unknown keys
//! refused); the keys that place output (`out`, `enabled`) are the configuration's, not these.

use serde::Deserialize;

/// Options of every target.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    pub rust: RustOptions,
    pub typescript: TypeScriptOptions,
    pub python: PythonOptions,
    pub markdown: MarkdownOptions,
}

/// `[targets.rust]`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct RustOptions {}

/// `[targets.typescript]`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct TypeScriptOptions {}

/// `[targets.python]`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct PythonOptions {}

/// `[targets.markdown]`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct MarkdownOptions {
    /// How the reference is split into pages.
    pub layout: MarkdownLayout,
}

/// How the markdown reference is split into pages (`layout = "..."`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MarkdownLayout {
    /// One page, `errors.md`, with everything.
    #[default]
    Single,
    /// An index page, `errors.md` (contents, envelope, retired errors), and one page per
    /// category, `errors/<category>.md`.
    Category,
    /// An index page, `errors.md` (contents, envelope, each category's table, retired errors),
    /// and one page per error, `errors/<name>.md`.
    Error,
}
