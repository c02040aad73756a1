//! The template engine: tera with errcat's filters, a list of templates, and overrides read
//! from a directory, rendered under a time and an output-size limit. It knows no target:
//! `targets` hands it the built-in templates (`Engine::new`), so the module graph stays a DAG
//! (targets → render, never back).

use crate::budget::{self, CappedWriter, Waited};
use crate::diagnostic::Diagnostic;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use tera::{Context, Tera};

pub use crate::budget::RenderLimits;

/// A file produced by a target, relative to the output directory (always `/`-separated).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    pub path: String,
    pub contents: String,
}

impl GeneratedFile {
    /// Normalizes the end of the text to exactly one newline, so templates need not care. A
    /// `String` passed by value is trimmed in place, not copied.
    pub fn new(path: impl Into<String>, contents: impl Into<String>) -> GeneratedFile {
        let mut contents = contents.into();
        contents.truncate(contents.trim_end().len());
        contents.push('\n');
        GeneratedFile {
            path: path.into(),
            contents,
        }
    }
}

/// A template that failed to load or render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderError(pub String);

impl std::fmt::Display for RenderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Tera with errcat's filters, every built-in template, and any overrides.
pub struct Engine {
    tera: Arc<Tera>,
    limits: RenderLimits,
    /// The relative paths of the templates replaced by an override.
    overridden: Vec<String>,
    /// How many targets [`crate::render_each`] renders at once.
    threads: usize,
    /// The limit a render breached, as a diagnostic for the caller to report.
    exceeded: Mutex<Option<Diagnostic>>,
}

impl Engine {
    /// Loads `builtin` templates (`(relative path, text)`), then every file under `overrides` by
    /// its relative path, replacing a built-in template of the same path.
    pub fn with_templates(
        builtin: &[(&'static str, &'static str)],
        overrides: Option<&Path>,
    ) -> Result<Engine, RenderError> {
        let mut tera = Tera::new();
        // Generated code is not HTML: escaping is done explicitly by the language filters.
        tera.autoescape_on(Vec::<&'static str>::new());
        crate::filters::register(&mut tera);
        let mut templates: Vec<(String, String)> = builtin
            .iter()
            .map(|(name, text)| ((*name).to_owned(), (*text).to_owned()))
            .collect();
        let mut overridden = Vec::new();
        if let Some(dir) = overrides {
            let names: Vec<String> = templates.iter().map(|(name, _)| name.clone()).collect();
            for (name, text) in override_templates(dir, &names)? {
                templates.retain(|(n, _)| *n != name);
                overridden.push(name.clone());
                templates.push((name, text));
            }
        }
        tera.add_raw_templates(templates)
            .map_err(|e| RenderError(format!("template error: {}", error_chain(&e))))?;
        Ok(Engine {
            tera: Arc::new(tera),
            limits: RenderLimits::default(),
            overridden,
            threads: default_threads(),
            exceeded: Mutex::new(None),
        })
    }

    /// The engine rendering up to `threads` targets at once (at least one). The default is two
    /// on a machine with three or more cores, else one: measured on two shared cores, a second
    /// render thread made a 10,000-error run slower and 100 MB larger.
    pub fn with_threads(mut self, threads: usize) -> Engine {
        self.threads = threads.max(1);
        self
    }

    /// How many targets [`crate::render_each`] renders at once; one when a template is
    /// overridden (see [`Engine::has_overrides`]).
    pub fn threads(&self) -> usize {
        if self.has_overrides() {
            1
        } else {
            self.threads
        }
    }

    /// The engine with other render limits.
    pub fn with_limits(mut self, limits: RenderLimits) -> Engine {
        self.limits = limits;
        self
    }

    /// Whether any built-in template was replaced by an override. The time and memory limits
    /// of [`RenderLimits`] watch renders only then, and targets render one at a time (see
    /// [`crate::render_each`]); the output size limit always holds.
    pub fn has_overrides(&self) -> bool {
        !self.overridden.is_empty()
    }

    /// Whether `template` (a built-in template's relative path) was replaced by an override.
    /// The built-in templates' output is proven by the test suite; an override's is not, so a
    /// target checks what an overridden template renders.
    pub fn is_overridden(&self, template: &str) -> bool {
        self.overridden.iter().any(|name| name == template)
    }

    /// The `limit-exceeded` diagnostic of the render that breached a [`RenderLimits`] limit,
    /// if one did (its [`RenderError`] says the same in one line).
    pub fn limit_exceeded(&self) -> Option<Diagnostic> {
        self.exceeded.lock().ok()?.clone()
    }

    /// Renders `template` with `view` as its context (its fields become template variables),
    /// within the engine's [`RenderLimits`].
    ///
    /// A view passed by value is dropped once its context is built, before rendering starts: the
    /// context is a copy of the same data, and a large catalog's view is tens of megabytes.
    ///
    /// The render runs on its own thread (see `budget`). Past a limit this returns an error
    /// without waiting for it: the thread stops at its next write (its writer refuses every byte
    /// from then on), and a process that exits on the error ends it in any case, as the CLI does.
    pub fn render<T: Serialize>(&self, template: &str, view: T) -> Result<String, RenderError> {
        let context = Context::from_serialize(&view)
            .map_err(|e| RenderError(format!("cannot build the context of `{template}`: {e}")))?;
        drop(view);
        self.render_context(template, context)
    }

    /// Renders `template` with a context the caller built (for a view cheaper to build as tera
    /// values than to serialize), within the engine's [`RenderLimits`], as [`Engine::render`].
    pub fn render_context(&self, template: &str, context: Context) -> Result<String, RenderError> {
        let cancelled = Arc::new(AtomicBool::new(false));
        let mut writer = CappedWriter::new(self.limits.max_output_bytes, Arc::clone(&cancelled));
        let tera = Arc::clone(&self.tera);
        let name = template.to_owned();
        let (done, result) = mpsc::channel();
        let worker = std::thread::Builder::new()
            .name("errcat-render".into())
            // As much stack as the main thread has: nested template loops and macros recurse.
            .stack_size(8 * 1024 * 1024)
            .spawn(move || {
                let rendered = tera.render_to(&name, &context, &mut writer);
                // The context goes before the output is handed over, so the two are never
                // joined into one string while it is alive.
                drop(context);
                let _ = done.send((rendered, writer));
            })
            .map_err(|e| RenderError(format!("cannot start rendering `{template}`: {e}")))?;
        // Only an override can loop or collect text without bound: the built-in templates end,
        // and write what the catalog holds. Their renders are not watched, which lets targets
        // render in parallel (a memory limit reads the whole process's memory).
        let waited = if self.has_overrides() {
            budget::wait(&result, &self.limits)
        } else {
            result.recv().map_or(Waited::Stopped, Waited::Done)
        };
        match waited {
            Waited::Done((Ok(()), writer)) => {
                let _ = worker.join();
                String::from_utf8(writer.into_bytes()).map_err(|_| {
                    RenderError(format!(
                        "template `{template}` wrote text that is not UTF-8"
                    ))
                })
            }
            Waited::Done((Err(_), writer)) if writer.over => {
                let _ = worker.join();
                Err(self.exceed(
                    format!(
                        "template `{template}` writes more than the limit of {} bytes",
                        self.limits.max_output_bytes
                    ),
                    "--max-output-size BYTES",
                    "max_output_bytes",
                ))
            }
            Waited::Done((Err(e), _)) => {
                let _ = worker.join();
                Err(RenderError(format!(
                    "cannot render `{template}`: {}",
                    error_chain(&e)
                )))
            }
            Waited::TooLong => {
                cancelled.store(true, Ordering::Relaxed);
                Err(self.exceed(
                    format!(
                        "template `{template}` renders for longer than the limit of {}",
                        budget::seconds(self.limits.max_render_time)
                    ),
                    "--max-render-time SECONDS",
                    "max_render_time",
                ))
            }
            Waited::TooMuchMemory => {
                cancelled.store(true, Ordering::Relaxed);
                Err(self.exceed(
                    format!(
                        "template `{template}` grows errcat's memory by more than the limit of {} \
                         bytes",
                        self.limits.max_render_memory
                    ),
                    "--max-render-memory BYTES",
                    "max_render_memory",
                ))
            }
            Waited::Stopped => Err(RenderError(format!(
                "cannot render `{template}`: the renderer stopped unexpectedly"
            ))),
        }
    }

    /// Records a breached limit and returns its one-line error.
    fn exceed(&self, message: String, flag: &str, field: &str) -> RenderError {
        let help = format!(
            "if the templates are trusted, raise the limit with `{flag}` (`RenderLimits::{field}`)"
        );
        let line = format!("{message}; {help}");
        if let Ok(mut slot) = self.exceeded.lock() {
            *slot = Some(Diagnostic::error(crate::rule::Rule::LimitExceeded, message).help(help));
        }
        RenderError(line)
    }
}

/// Two render threads where a core is left for everything else, else one.
fn default_threads() -> usize {
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    if cores >= 3 { 2 } else { 1 }
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        out.push_str(": ");
        out.push_str(&s.to_string());
        source = s.source();
    }
    out
}

/// The override of each built-in template found in `dir`, by the built-in template's relative
/// path. Every `.tera` file in `dir` must be such an override (a misspelt path is an error, not a
/// silently ignored file), and nothing is read from outside `dir`: a symbolic link there that
/// points outside it is refused.
fn override_templates(dir: &Path, names: &[String]) -> Result<Vec<(String, String)>, RenderError> {
    let root = dir.canonicalize().map_err(|e| {
        RenderError(format!(
            "cannot read template directory `{}`: {e}",
            dir.display()
        ))
    })?;
    for (rel, path, is_dir) in entries(dir)? {
        let target = path
            .canonicalize()
            .map_err(|e| RenderError(format!("cannot read template `{}`: {e}", path.display())))?;
        if !target.starts_with(&root) {
            return Err(RenderError(format!(
                "template `{}` is a symbolic link to `{}`, outside the templates directory `{}`; \
                 errcat reads templates only from inside it",
                path.display(),
                target.display(),
                dir.display()
            )));
        }
        if !is_dir && rel.ends_with(".tera") && !names.contains(&rel) {
            let hint = crate::structure::nearest(&rel, names)
                .map(|n| format!("did you mean `{n}`? "))
                .unwrap_or_default();
            return Err(RenderError(format!(
                "template `{}` overrides no built-in template; {hint}an override has the relative \
                 path of a built-in template: {}",
                path.display(),
                names
                    .iter()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
    }
    let mut out = Vec::new();
    for name in names {
        let path = dir.join(name);
        if !path.is_file() {
            continue;
        }
        // Checked again by name: a symbolic link to a directory is not walked above.
        let target = path
            .canonicalize()
            .map_err(|e| RenderError(format!("cannot read template `{}`: {e}", path.display())))?;
        if !target.starts_with(&root) {
            return Err(RenderError(format!(
                "template `{}` resolves to `{}`, outside the templates directory `{}`; errcat \
                 reads templates only from inside it",
                path.display(),
                target.display(),
                dir.display()
            )));
        }
        let text = std::fs::read_to_string(&target)
            .map_err(|e| RenderError(format!("cannot read template `{}`: {e}", path.display())))?;
        out.push((name.clone(), text));
    }
    Ok(out)
}

/// Every entry below `dir` as (`/`-separated relative path, path, is a directory), without
/// following symbolic links.
fn entries(dir: &Path) -> Result<Vec<(String, PathBuf, bool)>, RenderError> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = std::fs::read_dir(&d).map_err(|e| {
            RenderError(format!(
                "cannot read template directory `{}`: {e}",
                d.display()
            ))
        })?;
        for entry in entries {
            let entry =
                entry.map_err(|e| RenderError(format!("cannot read `{}`: {e}", d.display())))?;
            let path = entry.path();
            let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
            if is_dir {
                stack.push(path.clone());
            }
            let rel = path
                .strip_prefix(dir)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            out.push((rel, path, is_dir));
        }
    }
    out.sort();
    Ok(out)
}
