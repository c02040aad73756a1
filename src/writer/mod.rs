//! The only code that touches the output directory: it compares rendered files with the disk and
//! writes them so that a killed run, a full disk, two concurrent runs or a symbolic link never
//! leave a half-written or damaged output.
//!
//! The protocol, all under an exclusive lock on the output directory:
//!
//! 1. [`compare`] locks the directory, reads the manifest ([`MANIFEST`]: the files an earlier run
//!    generated there, each with the sha256 of what it wrote) and checks every path errcat will
//!    write or remove. errcat overwrites or deletes a file only when it can prove it wrote it:
//!    the file starts with errcat's header, or its content has the sha256 the manifest records
//!    (or is exactly what errcat renders now). A file it cannot prove is its own, a manifest
//!    entry outside the output directory or in a hidden directory, a symbolic link below the
//!    output directory, or an invalid manifest is a [`Plan::problems`] entry, and [`write`]
//!    then writes nothing.
//! 2. [`write`] removes the temporary files a killed run left (`.errcat-<name>.tmp` next to a
//!    file the manifest lists, nothing else), writes a write-ahead manifest recording the sha256
//!    of every file of errcat's on disk and of every content it is about to write (so a run
//!    killed later leaves only files the next run can prove are its own), then stages every
//!    changed file as a synced temporary file next to its target. Only when all are staged does
//!    it rename them over their targets: a failure while staging (a full disk, a directory it
//!    cannot create) removes what it staged and restores the old manifest, so the output is left
//!    as it was.
//! 3. It removes stale files (in the old manifest, not produced by this run), then directories
//!    that left empty, and writes the final manifest last, atomically.

mod apply;
mod fresh;
mod manifest;
mod plan;

pub use apply::write;
use plan::{check_parents, fingerprint, lock};

pub use fresh::{Fresh, unchanged};
pub(crate) use manifest::Hasher;
pub use manifest::{
    InputsRecord, MANIFEST, Manifest, TargetEntry, is_plain_relative, manifest_text,
    parse_manifest, refusal, same_files, seal, sha256_hex, targets_text,
};

use crate::render::GeneratedFile;
use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;

use std::path::{Path, PathBuf};

/// The name prefix of errcat's temporary files: errcat stages `dir/name` as
/// `dir/.errcat-name.tmp` ([`temp_name`]).
pub const TEMP_PREFIX: &str = ".errcat-";

/// The temporary file errcat stages a file named `file_name` in, next to it. A run removes such
/// a file only next to a file its manifest lists (or next to the manifest), where only errcat's
/// own staging can have left it.
pub fn temp_name(file_name: &str) -> String {
    format!("{TEMP_PREFIX}{file_name}.tmp")
}

/// How one generated file compares with what is on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileState {
    Unchanged,
    /// The file on disk differs; `old` is its text for [`compare_readonly`]'s callers (the diff
    /// of `--check`), and empty in a plan made by [`compare`], which does not keep it.
    Changed {
        old: String,
    },
    New,
}

/// A failed write: what went wrong and, where errcat knows, how to resolve it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriteError(pub String);

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for WriteError {}

/// One target's part of a run: its id, the files it rendered, and what the manifest records of
/// its inputs (`None`: nothing, so the next run renders it again).
#[derive(Debug, Clone)]
pub struct Rendered {
    pub target: String,
    pub files: Vec<GeneratedFile>,
    pub inputs: Option<InputsRecord>,
}

impl Rendered {
    /// A target's files, without an inputs record.
    pub fn new(target: impl Into<String>, files: Vec<GeneratedFile>) -> Rendered {
        Rendered {
            target: target.into(),
            files,
            inputs: None,
        }
    }
}

/// What a run would change in the output directory. A plan made by [`compare`] holds the
/// directory's lock until it is dropped, so nothing changes between comparing and writing.
#[derive(Debug)]
pub struct Plan {
    /// Every rendered file, in render order, with how it compares with the disk.
    pub files: Vec<(GeneratedFile, FileState)>,
    /// Files an earlier run generated (listed in its manifest, and provably its own) that this
    /// run does not produce and that exist: [`write`] removes them. Relative paths, sorted.
    pub stale: Vec<String>,
    /// Temporary files a killed run left next to files the manifest lists: [`write`] removes
    /// them. Relative paths, sorted.
    pub leftovers: Vec<String>,
    /// The manifest this run writes, and how it compares with the one on disk.
    pub manifest: (GeneratedFile, FileState),
    /// Reasons the output directory must not be written (each a full sentence naming the path
    /// and how to resolve it). [`write`] refuses a plan with any.
    pub problems: Vec<String>,
    out_dir: PathBuf,
    writable: bool,
    created_out_dir: bool,
    /// The entries of the manifest on disk.
    old_listed: BTreeSet<String>,
    /// The entries of the manifest on disk this run may retire: those of the targets it renders,
    /// and those that belong to no target (see [`Manifest::owners`]).
    prunable: BTreeSet<String>,
    /// The target of each rendered file and each prunable entry; an entry of no target is
    /// this run's first target's until it is gone.
    owner: BTreeMap<String, String>,
    /// The sha256 of each rendered file's content, by relative path.
    digests: BTreeMap<String, String>,
    /// What the manifest keeps of the targets this run does not render, as it was.
    kept: BTreeMap<String, TargetEntry>,
    /// A recorded sha256 of each entry of the manifest on disk that has one.
    old_digests: BTreeMap<String, String>,
    /// The sha256 of every file on disk that is provably errcat's, by relative path.
    owned: BTreeMap<String, String>,
    old_manifest: Option<Vec<u8>>,
    _lock: Option<File>,
}

impl Plan {
    /// How many generated files are new or changed.
    pub fn changed(&self) -> usize {
        self.files
            .iter()
            .filter(|(_, s)| *s != FileState::Unchanged)
            .count()
    }

    /// How many paths differ from what this run would leave: changed or new files, stale
    /// files, and the manifest.
    pub fn out_of_date(&self) -> usize {
        self.changed() + self.stale.len() + usize::from(self.manifest.1 != FileState::Unchanged)
    }
}

/// What [`write`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// How many files were written (new or changed).
    pub written: usize,
    /// The stale files it removed, as relative paths.
    pub removed: Vec<String>,
    /// The temporary files of a killed run it removed, as relative paths.
    pub removed_leftovers: Vec<String>,
}

/// Locks `out_dir` for writing (creating it if needed) and compares the rendered files with it.
/// The returned plan keeps the lock; pass it to [`write`]. Files listed in the manifest for a
/// target the run does not render are left alone.
pub fn compare(out_dir: &Path, rendered: Vec<Rendered>) -> Plan {
    plan::plan(out_dir, rendered, true)
}

/// Like [`compare`], but changes nothing on disk (for `--check`): it does not create the
/// directory and holds a shared lock, so it waits for a running `generate` to finish.
pub fn compare_readonly(out_dir: &Path, rendered: Vec<Rendered>) -> Plan {
    plan::plan(out_dir, rendered, false)
}

/// A unified diff of `old` → `new`, at most `max_lines` lines long.
pub fn short_diff(path: &str, old: &str, new: &str, max_lines: usize) -> String {
    let diff = similar::TextDiff::from_lines(old, new);
    let text = diff
        .unified_diff()
        .context_radius(2)
        .header(
            &format!("{path} (on disk)"),
            &format!("{path} (from catalog)"),
        )
        .to_string();
    let lines: Vec<&str> = text.lines().collect();
    if lines.len() <= max_lines {
        text
    } else {
        let mut out = lines[..max_lines].join("\n");
        out.push_str(&format!(
            "\n... {} more diff lines\n",
            lines.len() - max_lines
        ));
        out
    }
}
