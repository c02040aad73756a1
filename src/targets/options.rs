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
pub struct MarkdownOptions {}
