//! The inputs of a run: everything a target's output depends on, reduced to one sha256 per
//! target. A run records it in the manifest (`writer::seal`), so the next run with the same
//! inputs can find the tree unchanged (`writer::unchanged`) without loading or rendering.
//!
//! What goes in: the errcat build (`ERRCAT_BUILD_ID`, a digest of its sources and built-in
//! templates, so a rebuilt errcat counts as a new one), the catalog's name as headers print it,
//! every catalog file's name (not its path) and text, the load options (limits, rule levels), the render
//! limits, the target options, every file of the template override directory, and the target.
//! Anything unexpected there (a symbolic link among the overrides, a file that cannot be read)
//! gives no digest: the run renders as usual.

use crate::loader::LoadOptions;
use crate::render::RenderLimits;
use crate::source::SourceFile;
use crate::targets::Options;
use crate::writer::Hasher;
use std::path::Path;

/// The digest of errcat's sources and built-in templates, computed when it was built.
pub const BUILD_ID: &str = env!("ERRCAT_BUILD_ID");

/// The inputs every target of one run shares.
#[derive(Debug, Clone)]
pub struct Inputs {
    shared: Hasher,
}

impl Inputs {
    /// The inputs of a run over the catalog files `sources` (named `header_name` in headers),
    /// or `None` when they cannot be pinned down (see the module documentation).
    pub fn of(
        header_name: &str,
        sources: &[&SourceFile],
        load: &LoadOptions,
        (templates, limits): (Option<&Path>, &RenderLimits),
        options: &Options,
    ) -> Option<Inputs> {
        let mut h = Hasher::default();
        let mut part = |label: &str, bytes: &[u8]| {
            h.update(format!("{label}\0{}\0", bytes.len()).as_bytes());
            h.update(bytes);
        };
        part("errcat", BUILD_ID.as_bytes());
        part("header", header_name.as_bytes());
        // File names, not paths: the output is the same from every working directory, so
        // the digest must be too.
        for source in sources {
            let name = source.path.file_name().unwrap_or_default();
            part("file", name.to_string_lossy().as_bytes());
            part("text", source.text.as_bytes());
        }
        part("load", format!("{load:?}").as_bytes());
        part("limits", format!("{limits:?}").as_bytes());
        part("options", format!("{options:?}").as_bytes());
        if let Some(dir) = templates {
            let mut files = Vec::new();
            overrides(dir, "", &mut files)?;
            files.sort();
            for (rel, bytes) in files {
                part("template", rel.as_bytes());
                part("template-text", &bytes);
            }
        }
        Some(Inputs { shared: h })
    }

    /// The digest of `target`'s inputs, lowercase hexadecimal.
    pub fn digest(&self, target: &str) -> String {
        let mut h = self.shared.clone();
        h.update(format!("target\0{}\0{target}", target.len()).as_bytes());
        h.hex()
    }
}

/// Every file below `dir` with its bytes, by `/`-separated relative path; `None` for a symbolic
/// link or an unreadable entry, which the template loader judges on a full run.
fn overrides(dir: &Path, prefix: &str, out: &mut Vec<(String, Vec<u8>)>) -> Option<()> {
    for entry in std::fs::read_dir(dir).ok()? {
        let entry = entry.ok()?;
        let kind = entry.file_type().ok()?;
        let rel = format!("{prefix}{}", entry.file_name().to_str()?);
        if kind.is_dir() {
            overrides(&entry.path(), &format!("{rel}/"), out)?;
        } else if kind.is_file() {
            out.push((rel, std::fs::read(entry.path()).ok()?));
        } else {
            return None;
        }
    }
    Some(())
}
