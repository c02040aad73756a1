//! Carrying out a plan: [`write`] removes a killed run's temporary files, writes the
//! write-ahead manifest, stages every changed file as a synced temporary file next to its target,
//! renames them into place, removes stale files and the directories they leave empty, and writes
//! the final manifest last.

use super::manifest::{self, MANIFEST, sha256_hex};
use super::{FileState, Plan, WriteError, Written, temp_name};
use crate::render::GeneratedFile;
use std::collections::BTreeSet;
use std::fs::{self, File};
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

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
            .map(|f| {
                let digest = plan.digests.get(&f.path).cloned();
                (
                    f.path.clone(),
                    digest.unwrap_or_else(|| sha256_hex(f.contents.as_bytes())),
                )
            })
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
