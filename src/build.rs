//! The `build.rs` API: load and validate a catalog, render the Rust target into `OUT_DIR`
//! (`$OUT_DIR/errors.rs`), and tell cargo when to run the build script again.
//!
//! ```ignore
//! // build.rs
//! fn main() -> Result<(), errcat::build::Error> {
//!     errcat::build::compile("errors.yaml")
//! }
//!
//! // src/main.rs or src/lib.rs
//! mod errors {
//!     include!(concat!(env!("OUT_DIR"), "/errors.rs"));
//! }
//! ```
//!
//! Warnings are printed as `cargo:warning=` lines (cargo shows them on a successful build); when
//! the catalog has errors, every diagnostic is in the [`Error`] that fails the build. Only the library's
//! own dependencies are needed: build with `default-features = false` to leave out the CLI.

use crate::targets::options::RustOptions;
use crate::targets::{self, Options};
use crate::{Engine, LoadOptions};
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// The name of the file written into the output directory.
pub const FILE_NAME: &str = "errors.rs";

/// Generates `$OUT_DIR/errors.rs` from the catalog at `catalog` (a file, or a directory of
/// `*.yaml` files) with the default options. Returns the path written.
pub fn compile(catalog: impl AsRef<Path>) -> Result<PathBuf, Error> {
    Config::new().compile(catalog)
}

/// Options of a build script's generation, set in the builder style of `prost-build`.
#[derive(Debug, Clone, Default)]
pub struct Config {
    templates: Option<PathBuf>,
    rust: RustOptions,
    out_dir: Option<PathBuf>,
    load: LoadOptions,
    cargo_output: Option<bool>,
}

impl Config {
    /// The defaults: built-in templates, `RustOptions::default()`, output into `$OUT_DIR`.
    pub fn new() -> Config {
        Config::default()
    }

    /// A directory of template overrides by relative path (`rust/errors.rs.tera`), as
    /// `errcat generate --templates` reads them. Cargo reruns the script when it changes.
    pub fn templates(&mut self, dir: impl Into<PathBuf>) -> &mut Config {
        self.templates = Some(dir.into());
        self
    }

    /// The Rust target's options (visibility, derives). The `crate` option does not apply: a
    /// build script generates a module.
    pub fn rust_options(&mut self, options: RustOptions) -> &mut Config {
        self.rust = options;
        self
    }

    /// Where to write `errors.rs` instead of `$OUT_DIR`.
    pub fn out_dir(&mut self, dir: impl Into<PathBuf>) -> &mut Config {
        self.out_dir = Some(dir.into());
        self
    }

    /// Limits and rule levels of the catalog loader (`errcat check`'s `--max-*`, `--allow`...).
    pub fn load_options(&mut self, options: LoadOptions) -> &mut Config {
        self.load = options;
        self
    }

    /// Whether to print `cargo:` instructions (`rerun-if-changed`, `warning`) on stdout. On by
    /// default when `OUT_DIR` is set, i.e. inside a build script.
    pub fn cargo_output(&mut self, on: bool) -> &mut Config {
        self.cargo_output = Some(on);
        self
    }

    /// Loads and validates the catalog, renders the Rust target and writes `errors.rs` into the
    /// output directory (only when its content changed, so an unchanged catalog does not
    /// rebuild the crate). Returns the path of `errors.rs`.
    pub fn compile(&self, catalog: impl AsRef<Path>) -> Result<PathBuf, Error> {
        let catalog = catalog.as_ref();
        let cargo = self
            .cargo_output
            .unwrap_or_else(|| std::env::var_os("OUT_DIR").is_some());
        let out_dir = match &self.out_dir {
            Some(dir) => dir.clone(),
            None => std::env::var_os("OUT_DIR")
                .map(PathBuf::from)
                .ok_or(Error::NoOutDir)?,
        };
        if self.rust.krate.is_some() {
            return Err(Error::Render(
                "the Rust option `crate` does not apply to a build script, which generates a \
                 module to `include!`; leave it out"
                    .to_owned(),
            ));
        }
        let mut out = std::io::stdout().lock();
        let mut instruction = |line: String| {
            if cargo {
                // A build script whose stdout is gone has nothing to tell.
                let _ = writeln!(out, "cargo:{line}");
            }
        };

        // Before loading, so a catalog that fails is watched too.
        instruction(format!("rerun-if-changed={}", catalog.display()));
        if let Ok(files) = crate::loader::catalog_files(catalog, &self.load) {
            for file in files.iter().filter(|f| f.as_path() != catalog) {
                instruction(format!("rerun-if-changed={}", file.display()));
            }
        }
        if let Some(dir) = &self.templates {
            // Cargo scans a directory for changes, so a new override counts too.
            instruction(format!("rerun-if-changed={}", dir.display()));
        }

        let loaded = crate::load(catalog, &self.load).map_err(|e| Error::Io(e.0))?;
        // With errors, the diagnostics are the failure's message; cargo shows a successful
        // script's warnings only through `cargo:warning`.
        let Some(ir) = loaded.catalog.as_ref() else {
            return Err(Error::Catalog {
                catalog: catalog.to_path_buf(),
                errors: loaded.error_count(),
                report: loaded.render_diagnostics(),
            });
        };
        for diagnostic in &loaded.diagnostics {
            for line in diagnostic.render(&loaded.sources).lines() {
                instruction(format!("warning={line}"));
            }
        }
        let engine =
            Engine::new(self.templates.as_deref()).map_err(|e| Error::Render(e.to_string()))?;
        let options = Options {
            rust: self.rust.clone(),
            ..Options::default()
        };
        let files = crate::render_with(ir, &[&targets::rust::Rust], &engine, &options)
            .map_err(|e| Error::Render(e.to_string()))?;
        let module = files
            .iter()
            .find(|f| f.path == "rust/errors.rs")
            .ok_or_else(|| Error::Render("the Rust target rendered no `rust/errors.rs`".into()))?;
        let path = out_dir.join(FILE_NAME);
        if std::fs::read(&path).ok().as_deref() != Some(module.contents.as_bytes()) {
            std::fs::create_dir_all(&out_dir)
                .and_then(|()| std::fs::write(&path, &module.contents))
                .map_err(|e| Error::Io(format!("cannot write `{}`: {e}", path.display())))?;
        }
        Ok(path)
    }
}

/// Why a build script's generation failed. `Debug` prints the same text as `Display`, so a
/// `main` returning this error shows a readable message.
pub enum Error {
    /// `OUT_DIR` is not set: not run by cargo, and no [`Config::out_dir`].
    NoOutDir,
    /// The catalog or the output could not be read or written.
    Io(String),
    /// The catalog has errors; `report` holds every diagnostic as `errcat check` prints it.
    Catalog {
        catalog: PathBuf,
        errors: usize,
        report: String,
    },
    /// A template or an option failed.
    Render(String),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::NoOutDir => f.write_str(
                "errcat: OUT_DIR is not set; run from a build script, or set an output directory \
                 with `Config::out_dir`",
            ),
            Error::Io(message) => write!(f, "errcat: {message}"),
            Error::Catalog {
                catalog,
                errors,
                report,
            } => {
                let s = if *errors == 1 { "" } else { "s" };
                write!(
                    f,
                    "errcat: the catalog `{}` has {errors} error{s}; nothing was generated\n\n\
                     {report}",
                    catalog.display()
                )
            }
            Error::Render(message) => write!(f, "errcat: {message}"),
        }
    }
}

impl std::fmt::Debug for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for Error {}
