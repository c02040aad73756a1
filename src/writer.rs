//! The only code that writes generated files: atomically, and only when the content changed.

use crate::render::GeneratedFile;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// How one generated file compares with what is on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileState {
    Unchanged,
    Changed { old: String },
    New,
}

/// Compares rendered files with the output directory without touching it.
pub fn compare(out_dir: &Path, files: Vec<GeneratedFile>) -> Vec<(GeneratedFile, FileState)> {
    files
        .into_iter()
        .map(|f| {
            let state = match std::fs::read(out_dir.join(&f.path)) {
                Ok(bytes) if bytes == f.contents.as_bytes() => FileState::Unchanged,
                Ok(bytes) => FileState::Changed {
                    old: String::from_utf8_lossy(&bytes).into_owned(),
                },
                Err(_) => FileState::New,
            };
            (f, state)
        })
        .collect()
}

/// Writes every changed or new file through a temporary file in the same directory and a rename,
/// so a reader sees either the old or the new content, never a partial file. Unchanged files
/// are not touched, so their modification time stays and build systems do not rebuild.
pub fn write(out_dir: &Path, plan: &[(GeneratedFile, FileState)]) -> Result<usize, String> {
    let mut written = 0;
    for (file, state) in plan {
        if *state == FileState::Unchanged {
            continue;
        }
        let target: PathBuf = out_dir.join(&file.path);
        let dir = target.parent().unwrap_or(out_dir);
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create directory `{}`: {e}", dir.display()))?;
        let mut tmp = tempfile::Builder::new()
            .prefix(".errcat-")
            .tempfile_in(dir)
            .map_err(|e| format!("cannot write in `{}`: {e}", dir.display()))?;
        tmp.write_all(file.contents.as_bytes())
            .and_then(|()| tmp.as_file().sync_all())
            .map_err(|e| format!("cannot write `{}`: {e}", target.display()))?;
        tmp.persist(&target)
            .map_err(|e| format!("cannot replace `{}`: {}", target.display(), e.error))?;
        written += 1;
    }
    Ok(written)
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
