//! errcat: one YAML error catalog rendered into Rust, TypeScript, Python, JSON Schema and Markdown.
//!
//! The pipeline has three stages with three types: [`model`] (the YAML as written) →
//! [`catalog::Catalog`] (validated, defaults applied) → [`targets`] (pure renderers returning
//! [`GeneratedFile`]s). Only [`writer`] touches the output directory.

mod budget;
pub mod build;
pub mod catalog;
pub mod config;
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
    load_named(path, &source::header_name(path), options)
}

/// Loads and validates the catalog at `path`, named `name` in generated headers (its path
/// relative to `errcat.toml`: see [`config::Config::catalog_name`]).
pub fn load_named(path: &Path, name: &str, options: &LoadOptions) -> Result<Loaded, IoError> {
    Ok(load_sources(read(path, options)?, name, options))
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
///
/// Three paths, each producing the same diagnostics and catalog: the fast read when it finds
/// nothing to report; the located path ([`load_sources_located`]) when the fast read accepted
/// every file but validation reported something (a warning, a semantic error), so the
/// diagnostics need complete positions; the thorough path ([`load_sources_thorough`]) for
/// anything the fast read declines.
pub fn load_sources(
    read: Vec<(SourceFile, Option<Diagnostic>)>,
    name: &str,
    options: &LoadOptions,
) -> Loaded {
    if read.iter().all(|(_, problem)| problem.is_none()) {
        let sources: Vec<SourceFile> = read.into_iter().map(|(source, _)| source).collect();
        if let Some(parsed) = fast_read(&sources, options) {
            let (catalog, diagnostics) =
                validate::validate(&parsed, &sources, name, &options.rules);
            match catalog {
                Some(catalog) if diagnostics.is_empty() => {
                    let locations = locations::Locations::of(parsed, &sources, options);
                    return Loaded {
                        sources,
                        diagnostics,
                        catalog: Some(catalog),
                        locations,
                    };
                }
                _ => {
                    if let Some(parsed) = with_spans(parsed, &sources, options) {
                        return located(parsed, sources, name, options);
                    }
                }
            }
        }
        let read = sources.into_iter().map(|s| (s, None)).collect();
        return load_sources_thorough(read, name, options);
    }
    load_sources_thorough(read, name, options)
}

/// The located path alone: the fast read, then every file's complete spans
/// ([`loader::locate_file`]) and validation again on the model already read. `None` when the
/// fast read declines a file (or a file's spans cannot be read), where [`load_sources`] takes the
/// thorough path. Public so that tests can hold the three paths against each other.
pub fn load_sources_located(
    read: Vec<(SourceFile, Option<Diagnostic>)>,
    name: &str,
    options: &LoadOptions,
) -> Option<Loaded> {
    if read.iter().any(|(_, problem)| problem.is_some()) {
        return None;
    }
    let sources: Vec<SourceFile> = read.into_iter().map(|(source, _)| source).collect();
    let parsed = with_spans(fast_read(&sources, options)?, &sources, options)?;
    Some(located(parsed, sources, name, options))
}

/// Every file read straight into the model ([`loader::parse_file_fast`]); `None` when the fast
/// read declines one.
fn fast_read(sources: &[SourceFile], options: &LoadOptions) -> Option<Vec<loader::ParsedFile>> {
    sources
        .iter()
        .enumerate()
        .map(|(index, source)| loader::parse_file_fast(index, source, options))
        .collect()
}

/// Fast-read files with their complete spans ([`loader::locate_file`]) in place of the partial
/// ones; `None` when a file's spans cannot be read, which a file the fast read accepted never is.
fn with_spans(
    mut parsed: Vec<loader::ParsedFile>,
    sources: &[SourceFile],
    options: &LoadOptions,
) -> Option<Vec<loader::ParsedFile>> {
    for file in &mut parsed {
        file.locator = loader::locate_file(&sources[file.file], options)?;
        file.complete = true;
    }
    Some(parsed)
}

/// Validates fast-read files with their complete spans. The fast read proved each file's
/// structure (so the structural check has nothing to report) and holds the model the thorough
/// path would deserialize, so only the spans were read again and validation runs once more with
/// them: every diagnostic points where the thorough path's does.
fn located(
    parsed: Vec<loader::ParsedFile>,
    sources: Vec<SourceFile>,
    name: &str,
    options: &LoadOptions,
) -> Loaded {
    let (catalog, diagnostics) = validate::validate(&parsed, &sources, name, &options.rules);
    finish(sources, parsed, diagnostics, catalog, options)
}

/// The thorough path alone: each file parsed into a span tree and checked against the
/// structural schema, every part that is well-formed validated, every problem reported. What
/// [`load_sources`] returns for a catalog the fast read declines; public so that tests can
/// hold the paths against each other.
pub fn load_sources_thorough(
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
    finish(sources, parsed, diagnostics, catalog, options)
}

/// Puts the diagnostics in reading order and keeps the catalog only when none is an error.
fn finish(
    sources: Vec<SourceFile>,
    parsed: Vec<loader::ParsedFile>,
    mut diagnostics: Vec<Diagnostic>,
    catalog: Option<Catalog>,
    options: &LoadOptions,
) -> Loaded {
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
    let locations = locations::Locations::of(parsed, &sources, options);
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
/// The files come in the order of `targets`, each target's in its own order, whatever order the
/// targets finish in (see [`render_each`]).
pub fn render_with(
    catalog: &Catalog,
    targets: &[&dyn targets::Target],
    engine: &Engine,
    options: &targets::Options,
) -> Result<Vec<GeneratedFile>, RenderError> {
    let mut files = Vec::new();
    render_each(catalog, targets, engine, options, |file| {
        files.push(file);
        Ok::<(), RenderError>(())
    })?;
    Ok(files)
}

/// Renders `catalog` with the given targets and options, handing each file to `sink` as soon as
/// it and every file before it are rendered, so a caller can write (or compare) one file while
/// the next is rendered and need not hold every output at once.
///
/// Targets render on [`Engine::threads`] threads (two on a machine with three or more cores,
/// one when the engine has template overrides, so their [`RenderLimits`] measure that render
/// alone); `sink` runs on the calling thread and receives the files
/// in the fixed order of `targets` (each target's files in its own order), so what it sees is the
/// same on every run. The first failure in that order is returned: a target's [`RenderError`]
/// (converted into `E`) or the sink's own error. Either stops the rendering of targets not yet
/// started; files already handed to `sink` stay handed.
pub fn render_each<E: From<RenderError>>(
    catalog: &Catalog,
    targets: &[&dyn targets::Target],
    engine: &Engine,
    options: &targets::Options,
    mut sink: impl FnMut(GeneratedFile) -> Result<(), E>,
) -> Result<(), E> {
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    type Rendered = Result<Vec<GeneratedFile>, RenderError>;
    // One thread when a template is overridden: its time and memory limits are read from the
    // whole process, so nothing else may render meanwhile. Each render holds its view and its
    // output in memory, so more threads cost memory as well as cores.
    let workers = engine.threads().min(targets.len());
    if workers <= 1 {
        for t in targets {
            for file in t.render(catalog, engine, options)? {
                sink(file)?;
            }
        }
        return Ok(());
    }
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    std::thread::scope(|scope| {
        let (done, results) = std::sync::mpsc::channel::<(usize, Rendered)>();
        for _ in 0..workers {
            let done = done.clone();
            let (next, stop) = (&next, &stop);
            scope.spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(t) = targets.get(i) else { break };
                    if done.send((i, t.render(catalog, engine, options))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(done);
        // Results arrive in any order; they are handed on in target order.
        let mut waiting: std::collections::BTreeMap<usize, Rendered> = Default::default();
        let mut due = 0;
        for (i, rendered) in results {
            waiting.insert(i, rendered);
            while let Some(rendered) = waiting.remove(&due) {
                due += 1;
                let handed = rendered
                    .map_err(E::from)
                    .and_then(|files| files.into_iter().try_for_each(&mut sink));
                if let Err(e) = handed {
                    stop.store(true, Ordering::Relaxed);
                    return Err(e);
                }
            }
        }
        Ok(())
    })
}
