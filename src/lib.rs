//! errcat: one YAML error catalog rendered into Rust, TypeScript, Python, JSON Schema and Markdown.
//!
//! The pipeline has three stages with three types: [`model`] (the YAML as written) →
//! [`catalog::Catalog`] (validated, defaults applied) → [`targets`] (pure renderers returning
//! [`GeneratedFile`]s). Only [`writer`] touches the output directory.

mod budget;
pub mod catalog;
pub mod diagnostic;
pub mod diff;
pub mod docs_url;
pub mod filters;
pub mod inputs;
pub mod lang;
pub mod loader;
pub mod locations;
pub mod message;
pub mod model;
pub mod next_code;
pub mod render;
pub mod rule;
pub mod source;
pub mod structure;
pub mod targets;
pub mod terminal;
pub mod validate;
pub mod width;
pub mod writer;
mod yaml;

pub use catalog::Catalog;
pub use diagnostic::{Diagnostic, Severity};
pub use loader::{IoError, LoadOptions};
pub use render::{Engine, GeneratedFile, RenderError, RenderLimits};
pub use source::SourceFile;

use std::path::Path;

/// A catalog read from disk: its files, every diagnostic, and the catalog when it has no error.
#[derive(Debug)]
pub struct Loaded {
    pub sources: Vec<SourceFile>,
    pub diagnostics: Vec<Diagnostic>,
    pub catalog: Option<Catalog>,
    /// Where each entry is defined, for diagnostics about the catalog as a whole (`diff`).
    pub locations: locations::Locations,
}

impl Loaded {
    /// Every diagnostic rendered for a terminal, errors and warnings in catalog order.
    pub fn render_diagnostics(&self) -> String {
        self.diagnostics
            .iter()
            .map(|d| d.render(&self.sources))
            .collect::<Vec<_>>()
            .join("\n")
    }

    pub fn error_count(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }
}

/// Loads and validates the catalog at `path` (a file or a directory of files).
pub fn load(path: &Path, options: &LoadOptions) -> Result<Loaded, IoError> {
    let read = read(path, options)?;
    Ok(load_sources(read, &source::header_name(path), options))
}

/// Reads the files of the catalog at `path` (a file or a directory of files), each with the
/// problem found while decoding it: the first half of [`load`].
pub fn read(
    path: &Path,
    options: &LoadOptions,
) -> Result<Vec<(SourceFile, Option<Diagnostic>)>, IoError> {
    let paths = loader::catalog_files(path, options)?;
    let mut read = Vec::new();
    for p in &paths {
        read.push(loader::read_source(p, options)?);
    }
    Ok(read)
}

/// Validates a catalog whose files are already read (from disk, or from git by `errcat
/// diff`), each with the problem found while decoding it. `name` is the catalog's name in
/// generated headers.
pub fn load_sources(
    read: Vec<(SourceFile, Option<Diagnostic>)>,
    name: &str,
    options: &LoadOptions,
) -> Loaded {
    let mut sources = Vec::new();
    let mut diagnostics = Vec::new();
    let mut parsed = Vec::new();
    for (source, utf8_problem) in read {
        let index = sources.len();
        sources.push(source);
        if let Some(d) = utf8_problem {
            let mut d = d;
            if let Some(label) = d.primary.as_mut() {
                label.file = index;
            }
            diagnostics.push(d);
            continue;
        }
        let (file, diags) = loader::parse_file(index, &sources[index], options);
        diagnostics.extend(diags);
        parsed.extend(file);
    }
    let (catalog, semantic) = validate::validate(&parsed, &sources, name, &options.rules);
    diagnostics.extend(semantic);
    // Reading order: by file, then position; the sort is stable, so rules keep their order.
    diagnostics.sort_by_key(|d| {
        d.primary
            .as_ref()
            .map(|l| (l.file, l.span.line, l.span.column))
    });
    let catalog = if diagnostics.iter().any(Diagnostic::is_error) {
        None
    } else {
        catalog
    };
    let locations = locations::Locations::of(parsed);
    Loaded {
        sources,
        diagnostics,
        catalog,
        locations,
    }
}

/// Renders `catalog` with the given targets and default options. Pure: reads templates,
/// writes nothing.
pub fn render(
    catalog: &Catalog,
    targets: &[&dyn targets::Target],
    engine: &Engine,
) -> Result<Vec<GeneratedFile>, RenderError> {
    render_with(catalog, targets, engine, &targets::Options::default())
}

/// Renders `catalog` with the given targets and options. Pure: reads templates, writes nothing.
pub fn render_with(
    catalog: &Catalog,
    targets: &[&dyn targets::Target],
    engine: &Engine,
    options: &targets::Options,
) -> Result<Vec<GeneratedFile>, RenderError> {
    let mut files = Vec::new();
    for t in targets {
        files.extend(t.render(catalog, engine, options)?);
    }
    Ok(files)
}
