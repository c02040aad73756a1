//! The unchanged-tree check: whether an output directory already holds exactly what a run would
//! leave there, decided from the manifest and the files on disk without loading the catalog or
//! rendering anything.
//!
//! A target's manifest entry carries a seal ([`super::seal`]): the digest of the inputs it was
//! rendered from (catalog, errcat build, templates, options, limits; see `crate::inputs`) bound
//! to its files and their sha256. When the seal matches this run's inputs and every file still
//! has its sha256 (read and hashed, so a hand-edited file is noticed), a render would produce
//! the same bytes and the writer would change nothing. Anything else — no or another seal, a
//! write-ahead manifest of a killed run, a refused entry, a symbolic link, a temporary file
//! errcat would clean up — answers "not known to be unchanged", and the caller takes the full
//! path, which reports every problem exactly as it always has.

use super::manifest::{InputsRecord, MANIFEST, parse_manifest, seal};
use super::{check_parents, fingerprint, lock, temp_name};
use std::fs;
use std::path::Path;

/// An output directory found unchanged: what a run would have reported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fresh {
    /// How many files the targets generated.
    pub files: usize,
    /// How many errors the catalog they were rendered from has.
    pub errors: usize,
}

/// Whether `out_dir` holds exactly what a run of `targets` (each `(id, digest of its inputs)`)
/// would leave there, and then what the run would count. Holds a shared lock on the directory
/// while it reads, so a concurrent `generate` is not seen half-way. Changes nothing on disk.
pub fn unchanged(out_dir: &Path, targets: &[(&str, String)]) -> Option<Fresh> {
    if targets.is_empty() || !fs::metadata(out_dir).ok()?.is_dir() {
        return None;
    }
    let _lock = lock(out_dir, false).ok()?;
    let manifest_path = out_dir.join(MANIFEST);
    if !fs::symlink_metadata(&manifest_path).ok()?.is_file() {
        return None;
    }
    let manifest = parse_manifest(&fs::read(&manifest_path).ok()?).ok()?;
    // A refused entry is reported by every run; pending entries mean a run was killed, and the
    // next full run finishes its job.
    if !manifest.refused.is_empty() || manifest.targets.values().any(|t| !t.pending.is_empty()) {
        return None;
    }
    let mut errors = None;
    let mut to_verify = Vec::new();
    for (id, digest) in targets {
        let entry = manifest.targets.get(*id)?;
        let record = InputsRecord {
            digest: digest.clone(),
            errors: entry.errors?,
        };
        if entry.inputs.as_deref() != Some(seal(&record, &entry.files).as_str()) {
            return None;
        }
        if *errors.get_or_insert(record.errors) != record.errors {
            return None;
        }
        to_verify.extend(entry.files.iter());
    }
    // A temporary file next to any listed file (or the manifest) is one a full run removes.
    let temp_of = |rel: &str| match rel.rsplit_once('/') {
        Some((dir, name)) => format!("{dir}/{}", temp_name(name)),
        None => temp_name(rel),
    };
    for rel in manifest
        .entries
        .keys()
        .map(String::as_str)
        .chain([MANIFEST])
    {
        if fs::symlink_metadata(out_dir.join(temp_of(rel))).is_ok() {
            return None;
        }
    }
    // Hash the files on both cores: at 10,000 errors they are tens of megabytes.
    let verify = |rel: &str, digest: &str| -> bool {
        check_parents(out_dir, rel).is_ok()
            && fs::symlink_metadata(out_dir.join(rel)).is_ok_and(|m| m.is_file())
            && fingerprint(&out_dir.join(rel)).is_ok_and(|(_, sha)| sha == digest)
    };
    let files = to_verify.len();
    let sizes: Vec<u64> = to_verify
        .iter()
        .map(|(rel, _)| fs::metadata(out_dir.join(rel)).map_or(0, |m| m.len()))
        .collect();
    // Two shares of about equal size, the largest files first.
    let mut order: Vec<usize> = (0..files).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(sizes[i]));
    let (mut a, mut b, mut load) = (Vec::new(), Vec::new(), (0u64, 0u64));
    for i in order {
        if load.0 <= load.1 {
            load.0 += sizes[i];
            a.push(to_verify[i]);
        } else {
            load.1 += sizes[i];
            b.push(to_verify[i]);
        }
    }
    let all_match = std::thread::scope(|scope| {
        let other = scope.spawn(|| b.iter().all(|(rel, digest)| verify(rel, digest)));
        let mine = a.iter().all(|(rel, digest)| verify(rel, digest));
        mine && other.join().unwrap_or(false)
    });
    all_match.then(|| Fresh {
        files,
        errors: errors.unwrap_or(0),
    })
}
