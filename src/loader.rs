//! Reading a catalog from disk: one file or a directory of files, parsed and checked structurally.

use crate::diagnostic::Diagnostic;
use crate::model::{CatalogFile, CategoryDef, ErrorDef, Header};
use crate::source::{SourceFile, Span};
use crate::structure::{self, Locator};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Limits that keep a hostile catalog from exhausting memory.
#[derive(Debug, Clone)]
pub struct LoadOptions {
    /// Largest catalog file read, in bytes.
    pub max_file_bytes: u64,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            max_file_bytes: 64 * 1024 * 1024,
        }
    }
}

/// A problem that is not about catalog content: a missing path, an unreadable file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IoError(pub String);

impl std::fmt::Display for IoError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The parts of one file that passed the structural checks, with their positions in the file.
#[derive(Debug)]
pub struct ParsedFile {
    /// Index into the list of source files.
    pub file: usize,
    /// The declared format version (`errcat:`), when it is a number.
    pub errcat: Option<u64>,
    pub header: Option<Header>,
    /// `(index in the file's list, definition)`.
    pub categories: Vec<(usize, CategoryDef)>,
    pub errors: Vec<(usize, ErrorDef)>,
    pub locator: Locator,
}

/// Lists the catalog files at `path`: the file itself, or a directory's `*.yaml`/`*.yml` files
/// sorted by name so the result never depends on directory order.
pub fn catalog_files(path: &Path) -> Result<Vec<PathBuf>, IoError> {
    let meta = std::fs::metadata(path)
        .map_err(|e| IoError(format!("cannot read catalog `{}`: {e}", path.display())))?;
    if meta.is_file() {
        return Ok(vec![path.to_path_buf()]);
    }
    let entries = std::fs::read_dir(path).map_err(|e| {
        IoError(format!(
            "cannot read catalog directory `{}`: {e}",
            path.display()
        ))
    })?;
    let mut files = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| {
            IoError(format!(
                "cannot read catalog directory `{}`: {e}",
                path.display()
            ))
        })?;
        let p = entry.path();
        let is_yaml = matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml"));
        if is_yaml && p.is_file() {
            files.push(p);
        }
    }
    if files.is_empty() {
        return Err(IoError(format!(
            "no catalog files (*.yaml, *.yml) in directory `{}`",
            path.display()
        )));
    }
    files.sort_by(|a, b| a.file_name().cmp(&b.file_name()));
    Ok(files)
}

/// Reads one file. Invalid UTF-8 is a catalog problem (it has a location), not an I/O error.
pub fn read_source(
    path: &Path,
    options: &LoadOptions,
) -> Result<(SourceFile, Option<Diagnostic>), IoError> {
    let size = std::fs::metadata(path)
        .map_err(|e| IoError(format!("cannot read `{}`: {e}", path.display())))?
        .len();
    if size > options.max_file_bytes {
        return Err(IoError(format!(
            "catalog file `{}` is {size} bytes, more than the limit of {} bytes",
            path.display(),
            options.max_file_bytes
        )));
    }
    let bytes = std::fs::read(path)
        .map_err(|e| IoError(format!("cannot read `{}`: {e}", path.display())))?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok((SourceFile::new(path, text.to_owned()), None)),
        Err(e) => {
            let valid = e.valid_up_to();
            let text = String::from_utf8_lossy(bytes).into_owned();
            let span = Span::at(&text, valid, 1);
            let d = Diagnostic::error("invalid-utf8", "catalog file is not valid UTF-8")
                .help("save the file as UTF-8");
            Ok((SourceFile::new(path, text), Some(d.at(0, span))))
        }
    }
}

/// Parses and structurally checks one source file. Returns what could be read and every problem.
pub fn parse_file(file_index: usize, source: &SourceFile) -> (Option<ParsedFile>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let root = match crate::yaml::parse(&source.text) {
        Ok(root) => root,
        Err(err) => {
            diags.push(
                Diagnostic::error("yaml-syntax", err.message)
                    .at(file_index, err.span)
                    .help("fix the YAML syntax at this position"),
            );
            return (None, diags);
        }
    };
    let (json, locator) = structure::to_json(&root);
    if json.is_null() {
        diags.push(
            Diagnostic::error("empty-file", "catalog file is empty")
                .at(file_index, Span::default())
                .help("start the file with `errcat: 1`"),
        );
        return (None, diags);
    }
    for (span, d) in structure::check(&json, &locator) {
        diags.push(d.at(file_index, span));
    }
    if !json.is_object() {
        return (None, diags);
    }
    // Keep every part that is well-formed on its own, so semantic checks still run on them.
    let part = |v: Option<&Value>| v.cloned().unwrap_or(Value::Null);
    let header = json
        .get("catalog")
        .and_then(|v| serde_json::from_value::<Header>(v.clone()).ok());
    let categories = items::<CategoryDef>(&part(json.get("categories")));
    let errors = items::<ErrorDef>(&part(json.get("errors")));
    if diags.is_empty()
        && let Err(e) = serde_json::from_value::<CatalogFile>(json.clone())
    {
        diags.push(Diagnostic::error("invalid-structure", e.to_string()).at(file_index, root.span));
    }
    let parsed = ParsedFile {
        file: file_index,
        errcat: json.get("errcat").and_then(Value::as_u64),
        header,
        categories,
        errors,
        locator,
    };
    (Some(parsed), diags)
}

fn items<T: serde::de::DeserializeOwned>(list: &Value) -> Vec<(usize, T)> {
    list.as_array()
        .map(|a| {
            a.iter()
                .enumerate()
                .filter_map(|(i, v)| serde_json::from_value(v.clone()).ok().map(|t| (i, t)))
                .collect()
        })
        .unwrap_or_default()
}
