//! Planning a run: [`super::compare`] locks the output directory, reads the manifest on disk and
//! decides, file by file, what the run changes and whether errcat may: every path it would write
//! or remove must be provably errcat's (its header, a recorded sha256, or already the content
//! rendered now), plain relative, and free of symbolic links. Nothing here writes a file.

use super::manifest::{
    Hasher, Manifest, is_plain_relative, parse_manifest, same_files, seal, sha256_hex, targets_text,
};
use super::{FileState, MANIFEST, Plan, Rendered, TargetEntry, temp_name};
use crate::render::GeneratedFile;
use std::collections::{BTreeMap, BTreeSet};
use std::fs::{self, File};
use std::io::{self, Read as _};
use std::path::Path;

pub(super) fn plan(out_dir: &Path, rendered: Vec<Rendered>, writable: bool) -> Plan {
    let mut owner = BTreeMap::new();
    let mut digests = BTreeMap::new();
    let mut run: BTreeMap<String, TargetEntry> = BTreeMap::new();
    let mut records = BTreeMap::new();
    let mut files = Vec::new();
    for r in rendered {
        let entry = run.entry(r.target.clone()).or_default();
        for f in &r.files {
            owner.insert(f.path.clone(), r.target.clone());
            // Hashed once: the manifest, the write-ahead record and the comparison with the
            // disk all read this digest.
            let digest = sha256_hex(f.contents.as_bytes());
            digests.insert(f.path.clone(), digest.clone());
            entry.files.insert(f.path.clone(), digest);
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
        digests,
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
            Ok(m) if m.is_file() => match on_disk(&path, writable, plan.digests.get(&file.path)) {
                Ok((sha, _, _)) if plan.digests.get(&file.path) == Some(&sha) => {
                    *state = FileState::Unchanged;
                    plan.owned.insert(file.path.clone(), sha);
                }
                Ok((sha, head, old_text)) => {
                    match unproven(&file.path, &sha, &head) {
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
                    *state = FileState::Changed { old: old_text };
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
pub(super) fn check_parents(out_dir: &Path, rel: &str) -> Result<(), String> {
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

/// The sha256 of the file at `path`, its first kilobyte (enough to find errcat's header), and,
/// when it differs from `rendered` (the rendered content's sha256) in a plan that writes
/// nothing, its whole text for `--check`'s diff. Files are hashed in pieces: a plan that
/// writes keeps no old content, so replacing a large tree never holds it twice, and an
/// unchanged file is never held at all.
fn on_disk(
    path: &Path,
    writable: bool,
    rendered: Option<&String>,
) -> io::Result<(String, Vec<u8>, String)> {
    let (head, sha) = fingerprint(path)?;
    if writable || rendered == Some(&sha) {
        return Ok((sha, head, String::new()));
    }
    let text = String::from_utf8(fs::read(path)?)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    Ok((sha, head, text))
}

/// The first kilobyte of the file at `path` (enough to find errcat's header) and the sha256 of
/// all of it, read in pieces so a large file costs no memory.
pub(super) fn fingerprint(path: &Path) -> io::Result<(Vec<u8>, String)> {
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

/// An exclusive (or, for reading, shared) lock on the output directory, held until the file is
/// closed; the operating system releases it when a process dies. On Unix errcat locks the
/// directory itself, so it adds no file to it; elsewhere, where a directory cannot be opened as a
/// file, it locks `.errcat.lock` inside it.
pub(super) fn lock(out_dir: &Path, exclusive: bool) -> io::Result<File> {
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
