//! The template engine: tera with errcat's filters, a list of templates, and overrides read
//! from a directory. It knows no target: `targets` hands it the built-in templates
//! (`Engine::new`), so the module graph stays a DAG (targets → render, never back).

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
        if let Some(dir) = overrides {
            let names: Vec<String> = templates.iter().map(|(name, _)| name.clone()).collect();
            for (name, text) in override_templates(dir, &names)? {
                templates.retain(|(n, _)| *n != name);
                templates.push((name, text));
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
