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

mod fresh;

pub use fresh::{Fresh, unchanged};
pub(crate) use manifest::Hasher;
pub use manifest::{
    InputsRecord, MANIFEST, Manifest, TargetEntry, is_plain_relative, manifest_text,
    parse_manifest, refusal, same_files, seal, sha256_hex, targets_text,
};

use crate::render::GeneratedFile;
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
    plan(out_dir, rendered, true)
}

/// Like [`compare`], but changes nothing on disk (for `--check`): it does not create the
/// directory and holds a shared lock, so it waits for a running `generate` to finish.
pub fn compare_readonly(out_dir: &Path, rendered: Vec<Rendered>) -> Plan {
    plan(out_dir, rendered, false)
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
        .prunable
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
    let to_write: Vec<&GeneratedFile> = plan
        .files
        .iter()
        .filter(|(_, s)| *s != FileState::Unchanged)
        .map(|(f, _)| f)
        .collect();
    let mut manifest_on_disk = plan.old_manifest.clone();
    if !to_write.is_empty() {
        let pending = to_write
            .iter()
            .map(|f| (f.path.clone(), sha256_hex(f.contents.as_bytes())))
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
        let first = plan.owner.values().next().cloned().unwrap_or_default();
        let owner = |path: &str| plan.owner.get(path).cloned().unwrap_or(first.clone());
        let text = manifest::write_ahead_text(plan.kept.clone(), owner, files, pending);
        write_atomically(out, MANIFEST, text.as_bytes())?;
        manifest_on_disk = Some(text.into_bytes());
    }

    // 3. Stage every new content as a synced temporary file next to its target.
    let mut created_dirs = Vec::new();
    let mut staged = Vec::new();
    let staging: Result<(), WriteError> = to_write.iter().try_for_each(|file| {
        let target = out.join(&file.path);
        let dir = target.parent().unwrap_or(out);
        create_dirs(out, dir, &mut created_dirs)?;
        staged.push((stage(dir, file.contents.as_bytes(), &target)?, target));
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

fn plan(out_dir: &Path, rendered: Vec<Rendered>, writable: bool) -> Plan {
    let mut owner = BTreeMap::new();
    let mut run: BTreeMap<String, TargetEntry> = BTreeMap::new();
    let mut records = BTreeMap::new();
    let mut files = Vec::new();
    for r in rendered {
        let entry = run.entry(r.target.clone()).or_default();
        for f in &r.files {
            owner.insert(f.path.clone(), r.target.clone());
            entry
                .files
                .insert(f.path.clone(), sha256_hex(f.contents.as_bytes()));
        }
        if let Some(record) = r.inputs {
            records.insert(r.target.clone(), record);
        }
        files.extend(r.files);
    }
    for (target, record) in &records {
        if let Some(entry) = run.get_mut(target) {
            entry.inputs = Some(seal(record, &entry.files));
            entry.errors = Some(record.errors);
        }
    }
    let manifest = GeneratedFile {
        path: MANIFEST.to_owned(),
        contents: targets_text(&run),
    };
    let mut plan = Plan {
        problems: files
            .iter()
            .filter(|f| !is_plain_relative(&f.path) || f.path == MANIFEST)
            .map(|f| {
                format!(
                    "internal error: errcat rendered the unsafe path `{}`",
                    f.path
                )
            })
            .collect(),
        files: files.into_iter().map(|f| (f, FileState::New)).collect(),
        stale: Vec::new(),
        leftovers: Vec::new(),
        manifest: (manifest, FileState::New),
        out_dir: out_dir.to_path_buf(),
        writable,
        created_out_dir: false,
        old_listed: BTreeSet::new(),
        prunable: BTreeSet::new(),
        owner,
        kept: BTreeMap::new(),
        old_digests: BTreeMap::new(),
        owned: BTreeMap::new(),
        old_manifest: None,
        _lock: None,
    };
    if !plan.problems.is_empty() {
        return plan;
    }
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
            return plan;
        }
        // Not a directory: a component of the path is a file; creating it reports that.
        Err(e)
            if matches!(
                e.kind(),
                io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
            ) =>
        {
            if !writable {
                return plan;
            }
            if let Err(e) = fs::create_dir_all(out_dir) {
                plan.problems.push(format!(
                    "cannot create the output directory `{}`: {e}",
                    out_dir.display()
                ));
                return plan;
            }
            plan.created_out_dir = true;
        }
        Err(e) => {
            plan.problems.push(format!(
                "cannot read the output directory `{}`: {e}",
                out_dir.display()
            ));
            return plan;
        }
    }
    match lock(out_dir, writable) {
        Ok(lock) => plan._lock = Some(lock),
        Err(e) => {
            plan.problems.push(format!(
                "cannot lock the output directory `{}`: {e}",
                out_dir.display()
            ));
            return plan;
        }
    }

    // The old manifest: which files errcat wrote, and what it wrote in each.
    let mut old = Manifest::default();
    let manifest_path = out_dir.join(MANIFEST);
    match fs::symlink_metadata(&manifest_path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Ok(m) if m.is_file() => match fs::read(&manifest_path) {
            Ok(bytes) => {
                match parse_manifest(&bytes) {
                    Ok(parsed) => old = parsed,
                    Err(why) => plan.problems.push(format!(
                        "the manifest `{}` is invalid: {why}. errcat only overwrites or deletes \
                         files its manifest lists; delete the manifest and run again (errcat then \
                         overwrites only files that carry its \"generated by errcat\" header)",
                        manifest_path.display()
                    )),
                }
                plan.manifest.1 = if same_files(&bytes, plan.manifest.0.contents.as_bytes()) {
                    FileState::Unchanged
                } else {
                    FileState::Changed {
                        old: String::from_utf8_lossy(&bytes).into_owned(),
                    }
                };
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
    for (entry, why) in &old.refused {
        plan.problems.push(format!(
            "refusing to act on the entry `{entry}` of `{manifest_shown}`: it {why}; errcat \
             never touches such a path: remove the entry from the manifest"
        ));
    }
    plan.old_listed = old.entries.keys().cloned().collect();
    // Other targets' entries stay as they were; this run retires only its own and those of no
    // target (a version 1 or 2 entry outside every target's folder).
    let first = run.keys().next().cloned().unwrap_or_default();
    for path in &plan.old_listed {
        match old.owners.get(path) {
            Some(target) if !run.contains_key(target) => {
                if plan.owner.contains_key(path) {
                    plan.problems.push(format!(
                        "refusing to overwrite `{}`: `{manifest_shown}` lists it as generated by \
                         the {target} target, and this run generates it for the {} target; two \
                         targets cannot share a file: give them different output paths",
                        shown(path),
                        plan.owner[path]
                    ));
                    continue;
                }
                if old.targets.is_empty() {
                    // Version 1 or 2: kept under its target, with its digests.
                    let digests = &old.entries[path];
                    let entry = plan.kept.entry(target.clone()).or_default();
                    if let Some(d) = digests.first() {
                        entry.files.insert(path.clone(), d.clone());
                    }
                    if let Some(d) = digests.get(1) {
                        entry.pending.insert(path.clone(), d.clone());
                    }
                }
            }
            owned => {
                plan.prunable.insert(path.clone());
                let target = owned.cloned().unwrap_or(first.clone());
                plan.owner.entry(path.clone()).or_insert(target);
            }
        }
    }
    for (target, entry) in &old.targets {
        if !run.contains_key(target) {
            plan.kept.insert(target.clone(), entry.clone());
        }
    }
    if !plan.kept.is_empty() {
        let mut all = plan.kept.clone();
        all.extend(run);
        plan.manifest.0.contents = targets_text(&all);
        if let Some(bytes) = &plan.old_manifest {
            plan.manifest.1 = if same_files(bytes, plan.manifest.0.contents.as_bytes()) {
                FileState::Unchanged
            } else {
                FileState::Changed {
                    old: String::from_utf8_lossy(bytes).into_owned(),
                }
            };
        }
    }
    plan.old_digests = old
        .entries
        .iter()
        .filter_map(|(path, digests)| Some((path.clone(), digests.first()?.clone())))
        .collect();
    // Why a file errcat would replace or delete is not provably its own, if it is not.
    let unproven = |rel: &str, sha: &str, bytes_head: &[u8]| -> Option<String> {
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
    };

    for (file, state) in &mut plan.files {
        if let Err(problem) = check_parents(out_dir, &file.path) {
            plan.problems.push(problem);
            continue;
        }
        let path = out_dir.join(&file.path);
        match fs::symlink_metadata(&path) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Ok(m) if m.is_file() => match fs::read(&path) {
                Ok(bytes) if bytes == file.contents.as_bytes() => {
                    *state = FileState::Unchanged;
                    plan.owned.insert(file.path.clone(), sha256_hex(&bytes));
                }
                Ok(bytes) => {
                    let sha = sha256_hex(&bytes);
                    match unproven(&file.path, &sha, &bytes) {
                        None => {
                            plan.owned.insert(file.path.clone(), sha);
                        }
                        Some(why) if !old.entries.contains_key(&file.path) => {
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
                    *state = FileState::Changed {
                        old: String::from_utf8_lossy(&bytes).into_owned(),
                    };
                }
                Err(e) => plan
                    .problems
                    .push(format!("cannot read `{}`: {e}", path.display())),
            },
            Ok(m) if m.is_symlink() => plan.problems.push(symlink_problem(&path)),
            Ok(_) => plan.problems.push(format!(
                "`{}` is in the way: errcat writes a file there; move it away",
                path.display()
            )),
            Err(e) => plan
                .problems
                .push(format!("cannot read `{}`: {e}", path.display())),
        }
    }

    let produced: BTreeSet<&str> = plan.files.iter().map(|(f, _)| f.path.as_str()).collect();
    for rel in &plan.prunable {
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
                Ok((head, sha)) => match unproven(rel, &sha, &head) {
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
    plan
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
