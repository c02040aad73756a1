//! The template engine: built-in templates embedded in the binary, overridable from a directory.

use crate::targets;
use serde::Serialize;
use std::path::{Path, PathBuf};
use tera::{Context, Tera};

/// A file produced by a target, relative to the output directory (always `/`-separated).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    pub path: String,
    pub contents: String,
}

impl GeneratedFile {
    /// Normalizes the end of the text to exactly one newline, so templates need not care.
    pub fn new(path: impl Into<String>, contents: &str) -> GeneratedFile {
        let mut contents = contents.trim_end().to_owned();
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
    tera: Tera,
}

impl Engine {
    /// Loads the built-in templates, then every file under `overrides` by its relative path,
    /// replacing a built-in template of the same path.
    pub fn new(overrides: Option<&Path>) -> Result<Engine, RenderError> {
        let mut tera = Tera::new();
        // Generated code is not HTML: escaping is done explicitly by the language filters.
        tera.autoescape_on(Vec::<&'static str>::new());
        crate::filters::register(&mut tera);
        let mut templates: Vec<(String, String)> = targets::all()
            .iter()
            .flat_map(|t| t.templates().iter())
            .map(|(name, text)| ((*name).to_owned(), (*text).to_owned()))
            .collect();
        if let Some(dir) = overrides {
            for path in template_files(dir)? {
                let rel = path
                    .strip_prefix(dir)
                    .unwrap_or(&path)
                    .to_string_lossy()
                    .replace('\\', "/");
                let text = std::fs::read_to_string(&path).map_err(|e| {
                    RenderError(format!("cannot read template `{}`: {e}", path.display()))
                })?;
                templates.retain(|(name, _)| *name != rel);
                templates.push((rel, text));
            }
        }
        tera.add_raw_templates(templates)
            .map_err(|e| RenderError(format!("template error: {}", error_chain(&e))))?;
        Ok(Engine { tera })
    }

    /// Renders `template` with `view` as its context (its fields become template variables).
    pub fn render<T: Serialize>(&self, template: &str, view: &T) -> Result<String, RenderError> {
        let context = Context::from_serialize(view)
            .map_err(|e| RenderError(format!("cannot build the context of `{template}`: {e}")))?;
        self.tera
            .render(template, &context)
            .map_err(|e| RenderError(format!("cannot render `{template}`: {}", error_chain(&e))))
    }
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

fn template_files(dir: &Path) -> Result<Vec<PathBuf>, RenderError> {
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
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    Ok(out)
}
