//! A catalog as it was at a git revision: `git:REF[:PATH]`, read by running `git` (no git
//! library): `git cat-file -t` tells a file from a directory, `git ls-tree` lists a directory's
//! files, `git show` reads each. Files are chosen as the loader chooses them on disk: the
//! directory's `*.yaml`/`*.yml` entries that are not hidden, sorted by name.

use crate::diagnostic::Diagnostic;
use crate::loader::{IoError, LoadOptions, source_from_bytes};
use crate::source::SourceFile;
use std::path::Path;
use std::process::Command;

/// A side given as `git:REF[:PATH]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GitSide {
    pub rev: String,
    /// The catalog path relative to the working directory; `None` for "the same path as the
    /// other side".
    pub path: Option<String>,
}

impl GitSide {
    /// `git:REF` or `git:REF:PATH`; `None` for anything else (a path on disk).
    pub fn parse(arg: &str) -> Option<GitSide> {
        let rest = arg.strip_prefix("git:")?;
        // Revisions cannot hold `:`, paths can.
        let (rev, path) = match rest.split_once(':') {
            Some((rev, path)) => (rev, Some(path.to_owned()).filter(|p| !p.is_empty())),
            None => (rest, None),
        };
        Some(GitSide {
            rev: rev.to_owned(),
            path,
        })
    }
}

/// The files of the catalog at `path` in revision `rev`, each shown as `REV:PATH`, ready for
/// [`crate::load_sources`].
pub fn read(
    rev: &str,
    path: &Path,
    options: &LoadOptions,
) -> Result<Vec<(SourceFile, Option<Diagnostic>)>, IoError> {
    if rev.is_empty() || rev.starts_with('-') {
        return Err(IoError(format!(
            "`git:{rev}` does not name a git revision; write `git:REF` or `git:REF:PATH`, e.g. `git:HEAD~1`"
        )));
    }
    // Outside a repository every later question would fail with a less helpful answer.
    run(&["rev-parse", "--show-toplevel"])?;
    let object_path = object_path(path)?;
    let shown_path = path.to_string_lossy().replace('\\', "/");
    let spec = format!("{rev}:{object_path}");
    let commit = git(&[
        "rev-parse",
        "--verify",
        "--quiet",
        &format!("{rev}^{{commit}}"),
    ]);
    if !commit.as_ref().is_ok_and(|o| o.status.success()) {
        return Err(IoError(format!(
            "no git revision `{rev}` in this repository"
        )));
    }
    let kind = run(&["cat-file", "-t", &spec]).map_err(|_| {
        IoError(format!(
            "catalog `{shown_path}` does not exist at git revision `{rev}`"
        ))
    })?;
    let files: Vec<(String, String)> = match String::from_utf8_lossy(&kind).trim() {
        "blob" => vec![(spec.clone(), format!("{rev}:{shown_path}"))],
        "tree" => {
            let listing = run(&["ls-tree", "-z", &spec])
                .map_err(|e| IoError(format!("cannot list `{shown_path}` at `{rev}`: {e}")))?;
            let mut names = Vec::new();
            for entry in listing.split(|b| *b == 0).filter(|e| !e.is_empty()) {
                let entry = String::from_utf8_lossy(entry);
                let Some((meta, name)) = entry.split_once('\t') else {
                    continue;
                };
                if name.starts_with('.') || !(name.ends_with(".yaml") || name.ends_with(".yml")) {
                    continue;
                }
                let mut meta = meta.split(' ');
                let (mode, kind) = (meta.next().unwrap_or(""), meta.next().unwrap_or(""));
                if kind != "blob" || mode == "120000" {
                    let what = if mode == "120000" {
                        "a symbolic link"
                    } else {
                        "not a file"
                    };
                    return Err(IoError(format!(
                        "catalog file `{shown_path}/{name}` at git revision `{rev}` is {what}"
                    )));
                }
                names.push(name.to_owned());
            }
            names.sort();
            names
                .into_iter()
                .map(|n| {
                    (
                        format!("{spec}/{n}"),
                        format!("{rev}:{}/{n}", shown_path.trim_end_matches('/')),
                    )
                })
                .collect()
        }
        other => {
            return Err(IoError(format!(
                "`{shown_path}` at git revision `{rev}` is a {other}, not a catalog file or directory"
            )));
        }
    };
    let mut total: u64 = 0;
    let mut out = Vec::new();
    for (object, shown) in files {
        let bytes =
            run(&["show", &object]).map_err(|e| IoError(format!("cannot read `{shown}`: {e}")))?;
        let size = bytes.len() as u64;
        if size > options.max_file_bytes {
            return Err(IoError(format!(
                "catalog file `{shown}` is {size} bytes, more than the limit of {} bytes (raise it with `--max-file-size`)",
                options.max_file_bytes
            )));
        }
        total += size;
        if total > options.max_total_bytes {
            return Err(IoError(format!(
                "catalog `{rev}:{shown_path}` is more than {} bytes (raise the limit with `--max-total-size`)",
                options.max_total_bytes
            )));
        }
        let (mut source, problem) = source_from_bytes(Path::new(&shown), &bytes, options);
        source.display = shown;
        out.push((source, problem));
    }
    Ok(out)
}

/// How git names `path` inside a revision: relative to the working directory (`./catalog`), or
/// for an absolute path, relative to the repository's top directory.
fn object_path(path: &Path) -> Result<String, IoError> {
    if path.is_relative() {
        let p = path.to_string_lossy().replace('\\', "/");
        return Ok(format!("./{}", p.trim_start_matches("./")));
    }
    let top = run(&["rev-parse", "--show-toplevel"])?;
    let top = String::from_utf8_lossy(&top).trim().to_owned();
    let canonical_top = std::fs::canonicalize(&top).unwrap_or_else(|_| top.clone().into());
    let absolute = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    absolute
        .strip_prefix(&canonical_top)
        .or_else(|_| path.strip_prefix(&top))
        .map(|rel| rel.to_string_lossy().replace('\\', "/"))
        .map_err(|_| {
            IoError(format!(
                "`{}` is outside the git repository at `{top}`",
                path.display()
            ))
        })
}

fn git(args: &[&str]) -> std::io::Result<std::process::Output> {
    Command::new("git")
        .args(args)
        .env("GIT_TERMINAL_PROMPT", "0")
        .stdin(std::process::Stdio::null())
        .output()
}

/// Runs git and returns its stdout, or a plain-worded error.
fn run(args: &[&str]) -> Result<Vec<u8>, IoError> {
    match git(args) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(IoError(
            "cannot run `git`: it is not installed or not on PATH".into(),
        )),
        Err(e) => Err(IoError(format!("cannot run `git`: {e}"))),
        Ok(out) if out.status.success() => Ok(out.stdout),
        Ok(out) => {
            let says = String::from_utf8_lossy(&out.stderr);
            if says.contains("not a git repository") {
                Err(IoError("not inside a git repository".into()))
            } else {
                Err(IoError(format!("`git {}` failed", args.join(" "))))
            }
        }
    }
}
