//! Source files and byte spans: everything a diagnostic needs to point at a catalog line.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// A region of a source file, in bytes, with its 1-based line and column (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Span {
    pub offset: usize,
    pub len: usize,
    pub line: usize,
    pub column: usize,
}

impl Span {
    /// Builds a span from a byte offset, computing line and column from the text.
    pub fn at(text: &str, offset: usize, len: usize) -> Span {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = text[line_start..offset].chars().count() + 1;
        Span {
            offset,
            len,
            line,
            column,
        }
    }
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// One catalog file as read from disk.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as the user should see it (relative to the working directory when possible).
    pub display: String,
    pub path: PathBuf,
    pub text: String,
    /// Byte offset of the start of every line, built on first use: diagnostics look lines up
    /// by number, and scanning the text for each would make many diagnostics quadratic.
    line_starts: OnceLock<Vec<usize>>,
}

impl SourceFile {
    pub fn new(path: &Path, text: String) -> SourceFile {
        SourceFile {
            display: display_path(path),
            path: path.to_path_buf(),
            text,
            line_starts: OnceLock::new(),
        }
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        })
    }

    /// The 1-based line and column (in characters) of byte `offset`, clamped to the text and
    /// moved back to a character boundary.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let starts = self.line_starts();
        let line = starts.partition_point(|&s| s <= offset);
        let start = starts[line - 1];
        (line, self.text[start..offset].chars().count() + 1)
    }

    /// The text of 1-based line `line`, without its line ending.
    pub fn line_text(&self, line: usize) -> &str {
        let starts = self.line_starts();
        let Some(&start) = starts.get(line.saturating_sub(1)) else {
            return "";
        };
        let end = starts
            .get(line.saturating_sub(1) + 1)
            .map_or(self.text.len(), |&next| next - 1);
        let l = &self.text[start..end];
        l.strip_suffix('\r').unwrap_or(l)
    }
}

/// Renders a path with forward slashes, relative to the current directory when it lies inside it,
/// so diagnostics and generated headers read the same on every machine.
pub fn display_path(path: &Path) -> String {
    let rel = std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(&cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf());
    let s = rel.to_string_lossy().replace('\\', "/");
    s.strip_prefix("./").map(str::to_owned).unwrap_or(s)
}
