//! The manifest (`errcat-manifest.json`): the files errcat generated in an output directory and
//! the sha256 of what it wrote in each. It is how errcat proves a file is its own before it
//! overwrites or deletes it; read from disk, it is untrusted input.

use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};
use std::collections::BTreeMap;

/// The manifest's name in the output directory.
pub const MANIFEST: &str = "errcat-manifest.json";

const VERSION: u32 = 3;
const COMMENT: &str = "written by errcat generate: the files each target generated in this \
                       directory, each with the sha256 of what it wrote there, and a digest of \
                       the inputs it rendered them from; errcat overwrites or deletes a file only \
                       when its content still has that sha256 or errcat's header; do not edit";

/// A manifest read from disk.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Manifest {
    /// Each usable entry with the sha256 digests (lowercase hex) errcat wrote there: one in a
    /// final manifest; in a write-ahead manifest left by a killed run, also the digest of the
    /// content that run was writing; none in a version 1 manifest, which recorded no digests.
    pub entries: BTreeMap<String, Vec<String>>,
    /// The target that generated each entry. An entry of a version 1 or 2 manifest, which
    /// recorded no targets, belongs to the target whose folder it is in (errcat wrote each
    /// target into a folder named after it); one outside every target's folder has no owner.
    pub owners: BTreeMap<String, String>,
    /// What a version 3 manifest records of each target, as read (entries refused or not).
    pub targets: BTreeMap<String, TargetEntry>,
    /// Entries errcat refuses to touch, each with the reason (completing "it …").
    pub refused: Vec<(String, String)>,
}

/// What the manifest records of one target.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetEntry {
    /// The seal of the run that generated these files ([`seal`]): the digest of its inputs
    /// bound to the files below, so an unchanged tree needs no render. Absent when the run's
    /// catalog had diagnostics (they are reported on every run) and in a write-ahead manifest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inputs: Option<String>,
    /// How many errors the catalog had, for the summary of a run that renders nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub errors: Option<usize>,
    /// Each file with the sha256 of its content.
    pub files: BTreeMap<String, String>,
    /// Only in a write-ahead manifest: what the run that wrote it was about to write.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub pending: BTreeMap<String, String>,
}

/// What a run records of one target's inputs: their digest (`crate::inputs`) and the number of
/// errors in the catalog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputsRecord {
    pub digest: String,
    pub errors: usize,
}

/// The value of a target's `inputs` in the manifest: the digest of its inputs bound to the
/// error count and to every file with its sha256, so an edited entry is not trusted to skip a
/// render.
pub fn seal(record: &InputsRecord, files: &BTreeMap<String, String>) -> String {
    let mut hasher = Hasher::default();
    hasher.update(b"errcat-seal\0");
    hasher.update(record.digest.as_bytes());
    hasher.update(format!("\0{}\0", record.errors).as_bytes());
    for (path, digest) in files {
        hasher.update(format!("{}:{path}\0{digest}\0", path.len()).as_bytes());
    }
    hasher.hex()
}

/// A final manifest of files without recorded inputs, from `(target, path, content)`: what a
/// run without inputs digests writes. Deterministic, one file a line, so it diffs well.
pub fn manifest_text<'a>(files: impl IntoIterator<Item = (&'a str, &'a str, &'a [u8])>) -> String {
    let mut targets: BTreeMap<String, TargetEntry> = BTreeMap::new();
    for (target, path, bytes) in files {
        targets
            .entry(target.to_owned())
            .or_default()
            .files
            .insert(path.to_owned(), sha256_hex(bytes));
    }
    targets_text(&targets)
}

/// The write-ahead manifest written before a run replaces or creates files: `files` are the
/// digests of errcat's files on disk now, `pending` those of the contents the run is about to
/// write, each under the target `owner` names, so whichever of the two a killed run leaves in a
/// file, the next run knows it; `kept` are the other targets' entries, as they were.
pub(crate) fn write_ahead_text(
    mut kept: BTreeMap<String, TargetEntry>,
    owner: impl Fn(&str) -> String,
    files: BTreeMap<String, String>,
    pending: BTreeMap<String, String>,
) -> String {
    for (path, digest) in files {
        let entry = kept.entry(owner(&path)).or_default();
        entry.files.insert(path, digest);
    }
    for (path, digest) in pending {
        let entry = kept.entry(owner(&path)).or_default();
        entry.pending.insert(path, digest);
    }
    targets_text(&kept)
}

/// The manifest recording `targets`.
pub fn targets_text(targets: &BTreeMap<String, TargetEntry>) -> String {
    let manifest = ManifestFile {
        comment: COMMENT.to_owned(),
        errcat_manifest: VERSION,
        targets: targets.clone(),
    };
    let mut text = serde_json::to_string_pretty(&manifest).unwrap_or_default();
    text.push('\n');
    text
}

/// Whether two manifests record the same files with the same digests for the same targets,
/// whatever inputs they record: the inputs digest is a record of how the files were made, not
/// part of the output, so `--check` does not call a manifest stale for it alone.
pub fn same_files(a: &[u8], b: &[u8]) -> bool {
    fn files(bytes: &[u8]) -> Option<BTreeMap<String, TargetEntry>> {
        let file: ManifestFile = serde_json::from_slice(bytes).ok()?;
        if file.errcat_manifest != VERSION {
            return None;
        }
        let mut targets = file.targets;
        for entry in targets.values_mut() {
            entry.inputs = None;
            entry.errors = None;
        }
        Some(targets)
    }
    a == b || matches!((files(a), files(b)), (Some(a), Some(b)) if a == b)
}

/// Parses a manifest read from disk: version 3, 2 (path → sha256, no targets) or 1 (a list of
/// paths without digests). A manifest that is not one is an error; an entry errcat must not
/// touch (see [`refusal`]) or with a malformed digest is listed in [`Manifest::refused`].
pub fn parse_manifest(bytes: &[u8]) -> Result<Manifest, String> {
    let not_a_manifest = |e: serde_json::Error| format!("it is not an errcat manifest ({e})");
    let value: serde_json::Value = serde_json::from_slice(bytes).map_err(not_a_manifest)?;
    let version = value
        .get("errcat_manifest")
        .and_then(serde_json::Value::as_u64);
    // (path, digest, target)
    let mut listed: Vec<(String, Option<String>, Option<String>)> = Vec::new();
    let mut manifest = Manifest::default();
    match version {
        Some(1) => {
            let v1 = ManifestV1::deserialize(&value).map_err(not_a_manifest)?;
            listed.extend(v1.files.into_iter().map(|path| {
                let owner = folder_target(&path);
                (path, None, owner)
            }));
        }
        Some(2) => {
            let v2 = ManifestV2::deserialize(&value).map_err(not_a_manifest)?;
            for (path, digest) in v2.files.into_iter().chain(v2.pending) {
                let owner = folder_target(&path);
                listed.push((path, Some(digest), owner));
            }
        }
        Some(3) => {
            let v3 = ManifestFile::deserialize(&value).map_err(not_a_manifest)?;
            for (target, entry) in &v3.targets {
                for (path, digest) in entry.files.iter().chain(&entry.pending) {
                    listed.push((path.clone(), Some(digest.clone()), Some(target.clone())));
                }
            }
            manifest.targets = v3.targets;
        }
        Some(other) => {
            return Err(format!(
                "its version is {other}, and this errcat reads versions 1 to {VERSION}"
            ));
        }
        None => {
            return Err(
                "it is not an errcat manifest (it has no `errcat_manifest` version)".into(),
            );
        }
    }
    for (path, digest, owner) in listed {
        if let Some(why) = refusal(&path) {
            manifest.refused.push((path, why.to_owned()));
            continue;
        }
        if let Some(owner) = owner {
            match manifest.owners.get(&path) {
                Some(other) if *other != owner => {
                    manifest.refused.push((
                        path,
                        format!("is listed under two targets, `{other}` and `{owner}`"),
                    ));
                    continue;
                }
                _ => {
                    manifest.owners.insert(path.clone(), owner);
                }
            }
        }
        let digests = manifest.entries.entry(path.clone()).or_default();
        match digest {
            Some(d) if is_sha256_hex(&d) && digests.contains(&d) => {}
            Some(d) if is_sha256_hex(&d) => digests.push(d),
            Some(d) => {
                manifest.entries.remove(&path);
                manifest.refused.push((
                    path,
                    format!(
                        "records `{d}` as its sha256, which is not 64 lowercase hexadecimal digits"
                    ),
                ));
            }
            None => {}
        }
    }
    // A path refused once is refused: a second, well-formed entry does not make it usable.
    for (path, _) in &manifest.refused {
        manifest.entries.remove(path);
        manifest.owners.remove(path);
    }
    Ok(manifest)
}

/// The target a version 1 or 2 entry belongs to: errcat then wrote every target into a folder
/// named after the target (`rust/errors.rs`).
fn folder_target(path: &str) -> Option<String> {
    let (folder, _) = path.split_once('/')?;
    crate::targets::by_id(folder).map(|t| t.id().to_owned())
}

/// Why errcat must never touch the manifest entry `path`, if so (completing "it …"): a path that
/// is not plain and relative could lead outside the output directory; errcat generates no
/// hidden file and nothing in a hidden directory (`.git/HEAD`, `.env`); and the manifest is not
/// one of its own entries.
pub fn refusal(path: &str) -> Option<&'static str> {
    if !is_plain_relative(path) {
        Some("is not a plain relative path below the output directory")
    } else if path == MANIFEST {
        Some("is the manifest itself")
    } else if path.split('/').any(|c| c.starts_with('.')) {
        Some(
            "is hidden or in a hidden directory (a name starting with `.`), where errcat never generates files",
        )
    } else {
        None
    }
}

/// A `/`-separated relative path of plain names: not absolute, no `.` or `..`, no empty
/// component, no backslash, colon or NUL (which could mean something else on another system).
pub fn is_plain_relative(path: &str) -> bool {
    !path.is_empty()
        && path
            .split('/')
            .all(|c| !c.is_empty() && c != "." && c != ".." && !c.contains(['\\', ':', '\0']))
}

/// The sha256 of `bytes` in lowercase hexadecimal, as the manifest records it.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// A sha256 computed while reading.
#[derive(Debug, Clone, Default)]
pub(crate) struct Hasher(Sha256);

impl Hasher {
    pub(crate) fn update(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }

    pub(crate) fn hex(self) -> String {
        hex(&self.0.finalize())
    }
}

fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

fn is_sha256_hex(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ManifestFile {
    #[serde(rename = "$comment", default)]
    comment: String,
    errcat_manifest: u32,
    targets: BTreeMap<String, TargetEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ManifestV2 {
    #[serde(rename = "$comment", default)]
    #[allow(dead_code)]
    comment: String,
    #[allow(dead_code)]
    errcat_manifest: u32,
    files: BTreeMap<String, String>,
    #[serde(default)]
    pending: BTreeMap<String, String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ManifestV1 {
    #[serde(rename = "$comment", default)]
    #[allow(dead_code)]
    comment: String,
    #[allow(dead_code)]
    errcat_manifest: u32,
    files: Vec<String>,
}
