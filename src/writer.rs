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

mod manifest;

pub use manifest::{
    MANIFEST, Manifest, is_plain_relative, manifest_text, parse_manifest, refusal, sha256_hex,
};

use crate::render::GeneratedFile;
use manifest::Hasher;
use std::collections::{BTreeMap, BTreeSet};
use std::fs::{self, File};
use std::io::{self, Read as _, Write as _};
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
    Changed { old: String },
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
    /// A recorded sha256 of each entry of the manifest on disk that has one.
    old_digests: BTreeMap<String, String>,
    /// The sha256 of every file on disk that is provably errcat's, by relative path.
    owned: BTreeMap<String, String>,
    old_manifest: Option<Vec<u8>>,
    /// The sha256 of each file's new content, in the order of `files`.
    digests: Vec<String>,
    /// The text of each file to write when a [`Planner`] spooled it, in the order of `files`.
    spools: Vec<Option<Spool>>,
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
/// The returned plan keeps the lock; pass it to [`write`].
pub fn compare(out_dir: &Path, files: Vec<GeneratedFile>) -> Plan {
    plan(out_dir, files, true)
}

/// Like [`compare`], but changes nothing on disk (for `--check`): it does not create the
/// directory and holds a shared lock, so it waits for a running `generate` to finish.
pub fn compare_readonly(out_dir: &Path, files: Vec<GeneratedFile>) -> Plan {
    plan(out_dir, files, false)
}

/// Carries out a plan made by [`compare`]; see the module documentation for the protocol.
/// On error, every output file holds either its old or its new content, and no temporary file
/// is left behind.
pub fn write(out_dir: &Path, plan: &Plan) -> Result<Written, WriteError> {
    if !plan.problems.is_empty() {
        return Err(WriteError(plan.problems.join("\n")));
    }
    if !plan.writable || plan._lock.is_none() || out_dir != plan.out_dir {
        return Err(WriteError(format!(
            "internal error: the plan was not made by `writer::compare` for `{}`",
            out_dir.display()
        )));
    }
    let out = out_dir;
    let retired: Vec<&String> = plan
        .old_listed
        .iter()
        .filter(|p| !plan.files.iter().any(|(f, _)| &f.path == *p))
        .collect();

    // 1. Leftovers of a killed run. Safe under the lock: no other errcat run is writing now.
    for rel in &plan.leftovers {
        let path = out.join(rel);
        match fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => {
                return Err(WriteError(format!(
                    "cannot remove the leftover temporary file `{}`: {e}",
                    path.display()
                )));
            }
        }
    }

    // 2. Write-ahead: record what is on disk now and what this run is about to write.
    let to_write: Vec<(&GeneratedFile, &String, Option<&Spool>)> = plan
        .files
        .iter()
        .zip(&plan.digests)
        .zip(
            plan.spools
                .iter()
                .map(Option::as_ref)
                .chain(std::iter::repeat(None)),
        )
        .filter(|(((_, s), _), _)| *s != FileState::Unchanged)
        .map(|(((f, _), digest), spool)| (f, digest, spool))
        .collect();
    let mut manifest_on_disk = plan.old_manifest.clone();
    if !to_write.is_empty() {
        let pending = to_write
            .iter()
            .map(|(f, digest, _)| (f.path.clone(), (*digest).clone()))
            .collect();
        // Entries this run retires stay listed until their directories are pruned (step 5),
        // even when their file is gone: a killed earlier run may have created a directory for
        // a file it never renamed into place, and only a listed path lets a later run remove
        // that directory once it is empty.
        let mut files = plan.owned.clone();
        for rel in &retired {
            if let Some(digest) = plan.old_digests.get(*rel) {
                files
                    .entry((*rel).clone())
                    .or_insert_with(|| digest.clone());
            }
        }
        let text = manifest::write_ahead_text(files, pending);
        write_atomically(out, MANIFEST, text.as_bytes())?;
        manifest_on_disk = Some(text.into_bytes());
    }

    // 3. Stage every new content as a synced temporary file next to its target.
    let mut created_dirs = Vec::new();
    let mut staged = Vec::new();
    let staging: Result<(), WriteError> = to_write.iter().try_for_each(|(file, _, spool)| {
        let target = out.join(&file.path);
        let dir = target.parent().unwrap_or(out);
        create_dirs(out, dir, &mut created_dirs)?;
        let staged_file = match spool {
            Some(spool) => {
                let bytes = spool.read().map_err(|e| {
                    WriteError(format!(
                        "cannot read back the text of `{}`: {e}",
                        target.display()
                    ))
                })?;
                stage(dir, &bytes, &target)?
            }
            None => stage(dir, file.contents.as_bytes(), &target)?,
        };
        staged.push((staged_file, target));
        Ok(())
    });
    if let Err(e) = staging {
        // Nothing was replaced yet: put the directory back as it was.
        drop(staged);
        for dir in created_dirs.iter().rev() {
            let _ = fs::remove_dir(dir);
        }
        if !to_write.is_empty() {
            let _ = match &plan.old_manifest {
                Some(old) => write_atomically(out, MANIFEST, old),
                None => fs::remove_file(out.join(MANIFEST)).map_err(|e| WriteError(e.to_string())),
            };
        }
        if plan.created_out_dir {
            let _ = fs::remove_dir(out);
        }
        return Err(e);
    }

    // 4. Commit: each rename replaces one file whole.
    let written = staged.len();
    let mut touched = BTreeSet::new();
    for (tmp, target) in staged {
        replace(tmp, &target)?;
        if let Some(parent) = target.parent() {
            touched.insert(parent.to_path_buf());
        }
    }
    for dir in &touched {
        sync_dir(dir);
    }

    // 5. Stale files, then the directories they leave empty (`remove_dir` only removes an empty
    //    directory, so a user's file keeps its directory).
    for rel in &plan.stale {
        let path = out.join(rel);
        match fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => {
                return Err(WriteError(format!(
                    "cannot remove stale generated file `{}`: {e}",
                    path.display()
                )));
            }
        }
    }
    for rel in retired {
        let mut dir = out.join(rel);
        while dir.pop() && dir != out && fs::remove_dir(&dir).is_ok() {}
    }

    // 6. The manifest, last.
    let manifest = &plan.manifest.0;
    if manifest_on_disk.as_deref() != Some(manifest.contents.as_bytes()) {
        write_atomically(out, MANIFEST, manifest.contents.as_bytes())?;
    }
    Ok(Written {
        written,
        removed: plan.stale.clone(),
        removed_leftovers: plan.leftovers.clone(),
    })
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

fn plan(out_dir: &Path, files: Vec<GeneratedFile>, writable: bool) -> Plan {
    // Unsafe paths are refused before the directory is touched.
    let unsafe_paths: Vec<String> = files
        .iter()
        .filter(|f| !is_plain_relative(&f.path) || f.path == MANIFEST)
        .map(|f| unsafe_path(&f.path))
        .collect();
    if !unsafe_paths.is_empty() {
        let mut planner = Planner::empty(out_dir, writable, Keep::All);
        planner.plan.problems = unsafe_paths;
        planner.stopped = true;
        for file in files {
            planner.add(file);
        }
        return planner.finish();
    }
    let mut planner = Planner::start(out_dir, writable, Keep::All);
    for file in files {
        planner.add(file);
    }
    planner.finish()
}

fn unsafe_path(path: &str) -> String {
    format!("internal error: errcat rendered the unsafe path `{path}`")
}

/// What a [`Planner`] keeps of each file's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Keep {
    /// Every text, in memory ([`compare`], [`compare_readonly`]).
    All,
    /// The text of files to write, spooled to an anonymous temporary file; nothing of the rest.
    Spool,
    /// The text of changed files only, in memory (what `--check` shows a diff of).
    Changed,
}

/// Compares rendered files with the output directory one at a time, as they are rendered, so
/// no run needs every output in memory at once. [`Planner::new`] locks the directory and reads
/// the manifest, [`Planner::add`] checks one file (and, for writing, spools its text to an
/// anonymous temporary file outside the output directory, which the system removes whatever
/// happens to the run), [`Planner::finish`] makes the [`Plan`] that [`write`] carries out. The
/// protocol and its guarantees are those of [`compare`]: nothing is staged in the output
/// directory before `write` has written the write-ahead manifest.
///
/// In a plan made this way, [`Plan::files`] carries the text only of the files `--check` shows
/// a diff of (readonly: changed files); the text of files to write is in the spool, and the
/// `contents` of every other file is empty.
#[derive(Debug)]
pub struct Planner {
    plan: Plan,
    old: Manifest,
    /// A problem that stops every check (a path that is no directory, no lock).
    stopped: bool,
    keep: Keep,
}

impl Planner {
    /// Locks `out_dir` for writing (creating it if needed) and reads its manifest.
    pub fn new(out_dir: &Path) -> Planner {
        Planner::start(out_dir, true, Keep::Spool)
    }

    /// Like [`Planner::new`], but changes nothing on disk (for `--check`), as
    /// [`compare_readonly`].
    pub fn readonly(out_dir: &Path) -> Planner {
        Planner::start(out_dir, false, Keep::Changed)
    }

    fn empty(out_dir: &Path, writable: bool, keep: Keep) -> Planner {
        Planner {
            plan: Plan {
                problems: Vec::new(),
                files: Vec::new(),
                stale: Vec::new(),
                leftovers: Vec::new(),
                manifest: (
                    GeneratedFile {
                        path: MANIFEST.to_owned(),
                        contents: String::new(),
                    },
                    FileState::New,
                ),
                out_dir: out_dir.to_path_buf(),
                writable,
                created_out_dir: false,
                old_listed: BTreeSet::new(),
                old_digests: BTreeMap::new(),
                owned: BTreeMap::new(),
                old_manifest: None,
                digests: Vec::new(),
                spools: Vec::new(),
                _lock: None,
            },
            old: Manifest::default(),
            stopped: false,
            keep,
        }
    }

    fn start(out_dir: &Path, writable: bool, keep: Keep) -> Planner {
        let mut planner = Planner::empty(out_dir, writable, keep);
        planner.open();
        planner
    }

    /// Checks the output directory, locks it and reads the old manifest.
    fn open(&mut self) {
        let out_dir = self.plan.out_dir.clone();
        let out_dir = out_dir.as_path();
        let writable = self.plan.writable;
        let plan = &mut self.plan;
        let shown = |rel: &str| out_dir.join(rel).display().to_string();
        let manifest_shown = shown(MANIFEST);

        // The output directory itself may be a symbolic link: the user chose it.
        match fs::metadata(out_dir) {
            Ok(m) if m.is_dir() => {}
            Ok(_) => {
                plan.problems.push(format!(
                    "the output directory `{}` is not a directory; pass another `--out`",
                    out_dir.display()
                ));
                self.stopped = true;
                return;
            }
            // Not a directory: a component of the path is a file; creating it reports that.
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
                ) =>
            {
                if !writable {
                    self.stopped = true;
                    return;
                }
                if let Err(e) = fs::create_dir_all(out_dir) {
                    plan.problems.push(format!(
                        "cannot create the output directory `{}`: {e}",
                        out_dir.display()
                    ));
                    self.stopped = true;
                    return;
                }
                plan.created_out_dir = true;
            }
            Err(e) => {
                plan.problems.push(format!(
                    "cannot read the output directory `{}`: {e}",
                    out_dir.display()
                ));
                self.stopped = true;
                return;
            }
        }
        match lock(out_dir, writable) {
            Ok(lock) => plan._lock = Some(lock),
            Err(e) => {
                plan.problems.push(format!(
                    "cannot lock the output directory `{}`: {e}",
                    out_dir.display()
                ));
                self.stopped = true;
                return;
            }
        }

        // The old manifest: which files errcat wrote, and what it wrote in each.
        let manifest_path = out_dir.join(MANIFEST);
        match fs::symlink_metadata(&manifest_path) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Ok(m) if m.is_file() => match fs::read(&manifest_path) {
                Ok(bytes) => {
                    match parse_manifest(&bytes) {
                        Ok(parsed) => self.old = parsed,
                        Err(why) => plan.problems.push(format!(
                            "the manifest `{}` is invalid: {why}. errcat only overwrites or deletes \
                             files its manifest lists; delete the manifest and run again (errcat then \
                             overwrites only files that carry its \"generated by errcat\" header)",
                            manifest_path.display()
                        )),
                    }
                    plan.old_manifest = Some(bytes);
                }
                Err(e) => plan.problems.push(format!(
                    "cannot read the manifest `{}`: {e}",
                    manifest_path.display()
                )),
            },
            Ok(m) if m.is_symlink() => plan.problems.push(symlink_problem(&manifest_path)),
            Ok(_) => plan.problems.push(format!(
                "`{}` is not a file; errcat keeps its manifest there: move it away",
                manifest_path.display()
            )),
            Err(e) => plan.problems.push(format!(
                "cannot read the manifest `{}`: {e}",
                manifest_path.display()
            )),
        }
        for (entry, why) in &self.old.refused {
            plan.problems.push(format!(
                "refusing to act on the entry `{entry}` of `{manifest_shown}`: it {why}; errcat \
                 never touches such a path: remove the entry from the manifest"
            ));
        }
        plan.old_listed = self.old.entries.keys().cloned().collect();
        plan.old_digests = self
            .old
            .entries
            .iter()
            .filter_map(|(path, digests)| Some((path.clone(), digests.first()?.clone())))
            .collect();
    }
}

/// Why a file errcat would replace or delete is not provably its own, if it is not.
fn unproven(
    old: &Manifest,
    manifest_shown: &str,
    rel: &str,
    sha: &str,
    bytes_head: &[u8],
) -> Option<String> {
    if has_errcat_header(bytes_head) {
        return None;
    }
    match old.entries.get(rel) {
        Some(digests) if digests.iter().any(|d| d == sha) => None,
        Some(digests) if digests.is_empty() => Some(format!(
            "it has no \"generated by errcat\" header, and `{manifest_shown}` records no \
             sha256 for it"
        )),
        Some(_) => Some(format!(
            "it has no \"generated by errcat\" header, and its content is not what \
             `{manifest_shown}` records errcat wrote there"
        )),
        None => Some(format!(
            "it is not in `{manifest_shown}` and has no \"generated by errcat\" header"
        )),
    }
}

impl Planner {
    /// Compares one rendered file with the disk. Files come in render order; the plan lists
    /// them in that order.
    pub fn add(&mut self, mut file: GeneratedFile) {
        let digest = sha256_hex(file.contents.as_bytes());
        let state = if self.stopped {
            FileState::New
        } else if !is_plain_relative(&file.path) || file.path == MANIFEST {
            self.plan.problems.push(unsafe_path(&file.path));
            FileState::New
        } else {
            self.check(&file, &digest)
        };
        let mut spool = None;
        match self.keep {
            Keep::All => {}
            Keep::Changed => {
                if !matches!(state, FileState::Changed { .. }) {
                    file.contents = String::new();
                }
            }
            Keep::Spool => {
                // Once a problem is found nothing is written: no text is needed. A text that
                // cannot be spooled (no room for temporary files) stays in memory instead.
                let needed = state != FileState::Unchanged && self.plan.problems.is_empty();
                if !needed {
                    file.contents = String::new();
                } else if let Ok(s) = Spool::of(&file.contents) {
                    spool = Some(s);
                    file.contents = String::new();
                }
            }
        }
        self.plan.digests.push(digest);
        self.plan.spools.push(spool);
        self.plan.files.push((file, state));
    }

    /// How `file` compares with the disk, recording a problem when it cannot be written.
    fn check(&mut self, file: &GeneratedFile, digest: &str) -> FileState {
        let out_dir = self.plan.out_dir.clone();
        let manifest_shown = out_dir.join(MANIFEST).display().to_string();
        let plan = &mut self.plan;
        if let Err(problem) = check_parents(&out_dir, &file.path) {
            plan.problems.push(problem);
            return FileState::New;
        }
        let path = out_dir.join(&file.path);
        match fs::symlink_metadata(&path) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => FileState::New,
            Ok(m) if m.is_file() => match fs::read(&path) {
                Ok(bytes) if bytes == file.contents.as_bytes() => {
                    plan.owned.insert(file.path.clone(), digest.to_owned());
                    FileState::Unchanged
                }
                Ok(bytes) => {
                    let sha = sha256_hex(&bytes);
                    match unproven(&self.old, &manifest_shown, &file.path, &sha, &bytes) {
                        None => {
                            plan.owned.insert(file.path.clone(), sha);
                        }
                        Some(why) if !self.old.entries.contains_key(&file.path) => {
                            plan.problems.push(format!(
                                "refusing to overwrite `{}`: errcat did not generate it ({why}); \
                                 move it away, or pass another `--out`",
                                path.display()
                            ))
                        }
                        Some(why) => plan.problems.push(format!(
                            "refusing to overwrite `{}`: errcat cannot prove it generated it \
                             ({why}); move it away, or pass another `--out`",
                            path.display()
                        )),
                    }
                    FileState::Changed {
                        old: String::from_utf8_lossy(&bytes).into_owned(),
                    }
                }
                Err(e) => {
                    plan.problems
                        .push(format!("cannot read `{}`: {e}", path.display()));
                    FileState::New
                }
            },
            Ok(m) if m.is_symlink() => {
                plan.problems.push(symlink_problem(&path));
                FileState::New
            }
            Ok(_) => {
                plan.problems.push(format!(
                    "`{}` is in the way: errcat writes a file there; move it away",
                    path.display()
                ));
                FileState::New
            }
            Err(e) => {
                plan.problems
                    .push(format!("cannot read `{}`: {e}", path.display()));
                FileState::New
            }
        }
    }

    /// Gives up without writing (the render failed): releases the lock and removes the output
    /// directory again if this planner created it and it is still empty, so a failed run leaves
    /// the disk as it found it.
    pub fn abandon(self) {
        let Planner { plan, .. } = self;
        let (out_dir, created) = (plan.out_dir.clone(), plan.created_out_dir);
        drop(plan);
        if created {
            let _ = fs::remove_dir(out_dir);
        }
    }

    /// The plan: the manifest this run writes, stale files, leftovers of a killed run, and
    /// every problem. It keeps the directory's lock.
    pub fn finish(mut self) -> Plan {
        let digests: BTreeMap<String, String> = self
            .plan
            .files
            .iter()
            .zip(&self.plan.digests)
            .map(|((f, _), d)| (f.path.clone(), d.clone()))
            .collect();
        // The final manifest: every generated file with its digest, nothing pending.
        self.plan.manifest.0.contents = manifest::write_ahead_text(digests, BTreeMap::new());
        if let Some(bytes) = &self.plan.old_manifest {
            self.plan.manifest.1 = if bytes == self.plan.manifest.0.contents.as_bytes() {
                FileState::Unchanged
            } else {
                FileState::Changed {
                    old: String::from_utf8_lossy(bytes).into_owned(),
                }
            };
        }
        if self.stopped {
            return self.plan;
        }
        let out_dir = self.plan.out_dir.clone();
        let out_dir = out_dir.as_path();
        let shown = |rel: &str| out_dir.join(rel).display().to_string();
        let manifest_shown = shown(MANIFEST);
        let plan = &mut self.plan;
        let produced: BTreeSet<&str> = plan.files.iter().map(|(f, _)| f.path.as_str()).collect();
        for rel in &plan.old_listed {
            if produced.contains(rel.as_str()) {
                continue;
            }
            if let Err(problem) = check_parents(out_dir, rel) {
                plan.problems.push(problem);
                continue;
            }
            let path = out_dir.join(rel);
            let refuse = |why: &str| {
                format!(
                    "refusing to delete `{}`, which `{manifest_shown}` lists as generated: {why}; if \
                     it is yours, remove its entry from the manifest, if not, delete it yourself",
                    path.display()
                )
            };
            match fs::symlink_metadata(&path) {
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Ok(m) if m.is_file() => match fingerprint(&path) {
                    Ok((head, sha)) => match unproven(&self.old, &manifest_shown, rel, &sha, &head)
                    {
                        None => {
                            plan.stale.push(rel.clone());
                            plan.owned.insert(rel.clone(), sha);
                        }
                        Some(why) => plan.problems.push(refuse(&format!(
                            "errcat cannot prove it generated it ({why})"
                        ))),
                    },
                    Err(e) => plan
                        .problems
                        .push(format!("cannot read `{}`: {e}", path.display())),
                },
                Ok(m) if m.is_symlink() => plan.problems.push(refuse(
                    "it is a symbolic link, and errcat only generates regular files",
                )),
                Ok(m) if m.is_dir() => plan.problems.push(format!(
                    "`{}` is listed in `{manifest_shown}` as a generated file but is a directory; \
                     move it away",
                    path.display(),
                )),
                Ok(_) => plan.problems.push(refuse(
                    "it is not a regular file, and errcat only generates regular files",
                )),
                Err(e) => plan
                    .problems
                    .push(format!("cannot read `{}`: {e}", path.display())),
            }
        }

        // Temporary files: errcat's own only next to a listed file (a killed run listed every file
        // before staging it) or next to the manifest. Anything else with such a name is in the way
        // of a file this run stages.
        let staged_here: BTreeSet<&str> = plan
            .files
            .iter()
            .filter(|(_, s)| *s != FileState::Unchanged)
            .map(|(f, _)| f.path.as_str())
            .collect();
        let candidates: BTreeSet<&str> = plan
            .old_listed
            .iter()
            .map(String::as_str)
            .chain(staged_here.iter().copied())
            .chain([MANIFEST])
            .collect();
        for rel in candidates {
            if check_parents(out_dir, rel).is_err() {
                continue; // reported above
            }
            let (dir, name) = rel.rsplit_once('/').unwrap_or(("", rel));
            let temp = if dir.is_empty() {
                temp_name(name)
            } else {
                format!("{dir}/{}", temp_name(name))
            };
            let path = out_dir.join(&temp);
            let listed = rel == MANIFEST || plan.old_listed.contains(rel);
            match fs::symlink_metadata(&path) {
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Ok(m) if listed && m.is_file() => plan.leftovers.push(temp),
                Ok(m) => plan.problems.push(format!(
                    "`{}` is in the way: errcat stages `{}` there, and did not create it ({}); move \
                     it away",
                    path.display(),
                    shown(rel),
                    if m.is_file() {
                        format!("it is not next to a file `{manifest_shown}` lists")
                    } else {
                        "it is not a regular file".to_owned()
                    }
                )),
                Err(e) => plan
                    .problems
                    .push(format!("cannot read `{}`: {e}", path.display())),
            }
        }
        plan.leftovers.sort();
        // Two files in one bad directory give the same problem twice.
        let mut seen = BTreeSet::new();
        plan.problems.retain(|p| seen.insert(p.clone()));
        self.plan
    }
}

/// A file's text held in an anonymous temporary file (outside the output directory, removed by
/// the system when closed or when the process ends) between rendering and writing.
#[derive(Debug)]
struct Spool(File);

impl Spool {
    fn of(text: &str) -> io::Result<Spool> {
        let mut file = tempfile::tempfile()?;
        file.write_all(text.as_bytes())?;
        Ok(Spool(file))
    }

    /// The text back, from the start.
    fn read(&self) -> io::Result<Vec<u8>> {
        use std::io::Seek as _;
        let mut file = &self.0;
        file.seek(io::SeekFrom::Start(0))?;
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes)?;
        Ok(bytes)
    }
}

/// Checks the directories between `out_dir` and `rel`'s file: each is a real directory or does
/// not exist yet. A symbolic link there could lead errcat outside the output directory.
fn check_parents(out_dir: &Path, rel: &str) -> Result<(), String> {
    let mut path = out_dir.to_path_buf();
    let mut components = rel.split('/').peekable();
    while let Some(component) = components.next() {
        if components.peek().is_none() {
            break;
        }
        path.push(component);
        match fs::symlink_metadata(&path) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(format!("cannot read `{}`: {e}", path.display())),
            Ok(m) if m.is_symlink() => return Err(symlink_problem(&path)),
            Ok(m) if !m.is_dir() => {
                return Err(format!(
                    "`{}` is not a directory, and errcat writes `{rel}` inside it; move it away",
                    path.display()
                ));
            }
            Ok(_) => {}
        }
    }
    Ok(())
}

fn symlink_problem(path: &Path) -> String {
    format!(
        "`{}` is a symbolic link; errcat never writes through a symbolic link below the output \
         directory (only the output directory itself may be one): replace it with a real \
         directory or file, or pass another `--out`",
        path.display()
    )
}

/// Whether a file starts with errcat's "generated by errcat from <catalog>, do not edit" header
/// (in any comment syntax, or the JSON Schema's `$comment`, within its first lines).
fn has_errcat_header(bytes: &[u8]) -> bool {
    let head: Vec<u8> = bytes.iter().copied().take(1024).collect();
    String::from_utf8_lossy(&head).lines().take(5).any(|line| {
        match line.find("generated by errcat from ") {
            Some(start) => line[start..].contains(", do not edit"),
            None => false,
        }
    })
}

/// The first kilobyte of the file at `path` (enough to find errcat's header) and the sha256 of
/// all of it, read in pieces so a large file costs no memory.
fn fingerprint(path: &Path) -> io::Result<(Vec<u8>, String)> {
    let mut file = File::open(path)?;
    let mut head = Vec::new();
    let mut hasher = Hasher::default();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = match file.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if head.len() < 1024 {
            let take = n.min(1024 - head.len());
            head.extend_from_slice(&buf[..take]);
        }
        hasher.update(&buf[..n]);
    }
    Ok((head, hasher.hex()))
}

/// Creates `dir` and its missing parents below `out_dir`, recording each directory it created.
fn create_dirs(out_dir: &Path, dir: &Path, created: &mut Vec<PathBuf>) -> Result<(), WriteError> {
    let rel = dir.strip_prefix(out_dir).unwrap_or(Path::new(""));
    let mut path = out_dir.to_path_buf();
    for component in rel.components() {
        path.push(component);
        match fs::create_dir(&path) {
            Ok(()) => created.push(path.clone()),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && path.is_dir() => {}
            Err(e) => {
                return Err(WriteError(format!(
                    "cannot create directory `{}`: {e}",
                    path.display()
                )));
            }
        }
    }
    Ok(())
}

/// A synced temporary file next to its target, removed when dropped before [`replace`] renames
/// it over the target.
struct Staged {
    path: PathBuf,
    committed: bool,
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// Writes `bytes` to `target`'s temporary file ([`temp_name`]) in `dir` and syncs it to disk.
/// The name is fixed, so a killed run's leftover is recognisable; runs are serialized by the
/// lock, so no two runs stage the same file at once. `create_new` never opens what is there.
fn stage(dir: &Path, bytes: &[u8], target: &Path) -> Result<Staged, WriteError> {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let path = dir.join(temp_name(&name));
    // Like `fs::write`: mode 0666 less the umask.
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| WriteError(format!("cannot write in `{}`: {e}", dir.display())))?;
    let staged = Staged {
        path,
        committed: false,
    };
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(|e| WriteError(format!("cannot write `{}`: {e}", target.display())))?;
    Ok(staged)
}

/// Renames a staged temporary file over `target`: the one step that replaces a file whole.
fn replace(mut staged: Staged, target: &Path) -> Result<(), WriteError> {
    fs::rename(&staged.path, target)
        .map_err(|e| WriteError(format!("cannot replace `{}`: {e}", target.display())))?;
    staged.committed = true;
    Ok(())
}

/// Replaces `dir/name` with `bytes` through a synced temporary file and a rename.
fn write_atomically(dir: &Path, name: &str, bytes: &[u8]) -> Result<(), WriteError> {
    let target = dir.join(name);
    replace(stage(dir, bytes, &target)?, &target)?;
    sync_dir(dir);
    Ok(())
}

/// Makes the renames in `dir` durable. Best effort: some file systems cannot sync a directory.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// An exclusive (or, for reading, shared) lock on the output directory, held until the file is
/// closed; the operating system releases it when a process dies. On Unix errcat locks the
/// directory itself, so it adds no file to it; elsewhere, where a directory cannot be opened as a
/// file, it locks `.errcat.lock` inside it.
fn lock(out_dir: &Path, exclusive: bool) -> io::Result<File> {
    #[cfg(unix)]
    let file = File::open(out_dir)?;
    #[cfg(not(unix))]
    let file = fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(out_dir.join(".errcat.lock"))?;
    if exclusive {
        file.lock()?;
    } else {
        file.lock_shared()?;
    }
    Ok(file)
}
