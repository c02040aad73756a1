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
pub struct RustOptions {
    /// The visibility of the module's items: `pub` (the default) or `pub(crate)`.
    pub visibility: Visibility,
    /// Derives added to `ErrorCode` and `Category`, as Rust paths (`serde::Serialize`,
    /// `strum::EnumIter`); the ones those enums already derive are not repeated.
    pub derives: Vec<String>,
    /// Emit the module as a crate of its own (`rust/Cargo.toml`, `rust/src/lib.rs`) rather than
    /// the single file `rust/errors.rs`.
    #[serde(rename = "crate")]
    pub krate: Option<RustCrate>,
}

/// The visibility of the generated Rust items.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
pub enum Visibility {
    /// `pub`: the items are part of the including module's API.
    #[default]
    #[serde(rename = "pub")]
    Pub,
    /// `pub(crate)`: usable anywhere in the including crate, exported by none.
    #[serde(rename = "pub(crate)")]
    PubCrate,
}

impl Visibility {
    /// The keyword as written before an item.
    pub fn keyword(self) -> &'static str {
        match self {
            Visibility::Pub => "pub",
            Visibility::PubCrate => "pub(crate)",
        }
    }
}

/// `[targets.rust.crate]`: the package of the generated crate.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RustCrate {
    /// The package name (`[package] name`).
    pub name: String,
    /// The package version; the catalog's `version` when absent.
    #[serde(default)]
    pub version: Option<String>,
}

/// `[targets.typescript]`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct TypeScriptOptions {
    /// Write the npm package (`package.json`, `index.js`, `index.cjs`, `index.d.ts`,
    /// `index.d.cts`) next to `errors.ts`. On by default.
    pub package: bool,
    /// The package's npm name; by default the catalog's package name in kebab case
    /// (`messaging-errors`).
    pub package_name: Option<String>,
}

impl Default for TypeScriptOptions {
    fn default() -> Self {
        TypeScriptOptions {
            package: true,
            package_name: None,
        }
    }
}

/// `[targets.python]`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct PythonOptions {
    /// Write `python/pyproject.toml`, so `pip install <out>/python` installs the package. On by
    /// default.
    pub package: bool,
    /// The distribution name `pip` knows the package by; by default the import package's name
    /// in kebab case (`messaging-errors` for `import messaging_errors`).
    pub package_name: Option<String>,
}

impl Default for PythonOptions {
    fn default() -> Self {
        PythonOptions {
            package: true,
            package_name: None,
        }
    }
}

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
