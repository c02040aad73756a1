//! The manifest (`errcat-manifest.json`): the files errcat generated in an output directory and
//! the sha256 of what it wrote in each. It is how errcat proves a file is its own before it
//! overwrites or deletes it; read from disk, it is untrusted input.

use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};
use std::collections::BTreeMap;

/// The manifest's name in the output directory.
pub const MANIFEST: &str = "errcat-manifest.json";

const VERSION: u32 = 2;
const COMMENT: &str = "written by errcat generate: the files it generated in this directory, \
                       each with the sha256 of what it wrote there; errcat overwrites or deletes \
                       a file only when its content still has that sha256 or errcat's header; do \
                       not edit";

/// A manifest read from disk.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Manifest {
    /// Each usable entry with the sha256 digests (lowercase hex) errcat wrote there: one in a
    /// final manifest; in a write-ahead manifest left by a killed run, also the digest of the
    /// content that run was writing; none in a version 1 manifest, which recorded no digests.
    pub entries: BTreeMap<String, Vec<String>>,
    /// Entries errcat refuses to touch, each with the reason (completing "it …").
    pub refused: Vec<(String, String)>,
}

/// The final manifest of a run: every file it generated, sorted, with the sha256 of its
/// contents. Deterministic, one file a line, so it diffs well.
pub fn manifest_text<'a>(files: impl IntoIterator<Item = (&'a str, &'a [u8])>) -> String {
    let files = files
        .into_iter()
        .map(|(path, bytes)| (path.to_owned(), sha256_hex(bytes)))
        .collect();
    text(files, BTreeMap::new())
}

/// The write-ahead manifest written before a run replaces or creates files: `files` are the
/// digests of errcat's files on disk now, `pending` those of the contents the run is about to
/// write, so whichever of the two a killed run leaves in a file, the next run knows it.
pub(crate) fn write_ahead_text(
    files: BTreeMap<String, String>,
    pending: BTreeMap<String, String>,
) -> String {
    text(files, pending)
}

fn text(files: BTreeMap<String, String>, pending: BTreeMap<String, String>) -> String {
    let manifest = ManifestFile {
        comment: COMMENT.to_owned(),
        errcat_manifest: VERSION,
        files,
        pending,
    };
    let mut text = serde_json::to_string_pretty(&manifest).unwrap_or_default();
    text.push('\n');
    text
}

/// Parses a manifest read from disk: version 2, or version 1 (a list of paths without
/// digests). A manifest that is not one is an error; an entry errcat must not touch (see
/// [`refusal`]) or with a malformed digest is listed in [`Manifest::refused`].
pub fn parse_manifest(bytes: &[u8]) -> Result<Manifest, String> {
    let not_a_manifest = |e: serde_json::Error| format!("it is not an errcat manifest ({e})");
    let value: serde_json::Value = serde_json::from_slice(bytes).map_err(not_a_manifest)?;
    let version = value
        .get("errcat_manifest")
        .and_then(serde_json::Value::as_u64);
    let mut listed: Vec<(String, Option<String>)> = Vec::new();
    match version {
        Some(1) => {
            let v1 = ManifestV1::deserialize(&value).map_err(not_a_manifest)?;
            listed.extend(v1.files.into_iter().map(|path| (path, None)));
        }
        Some(2) => {
            let v2 = ManifestFile::deserialize(&value).map_err(not_a_manifest)?;
            for (path, digest) in v2.files.into_iter().chain(v2.pending) {
                listed.push((path, Some(digest)));
            }
        }
        Some(other) => {
            return Err(format!(
                "its version is {other}, and this errcat reads versions 1 and {VERSION}"
            ));
        }
        None => {
            return Err(
                "it is not an errcat manifest (it has no `errcat_manifest` version)".into(),
            );
        }
    }
    let mut manifest = Manifest::default();
    for (path, digest) in listed {
        if let Some(why) = refusal(&path) {
            manifest.refused.push((path, why.to_owned()));
            continue;
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
    }
    Ok(manifest)
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
#[derive(Default)]
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
    files: BTreeMap<String, String>,
    /// Only in a write-ahead manifest: what the run that wrote it was about to write.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
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
