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

/// The name generated headers give the catalog at `path`: its last path component (the file or
/// directory name as given, or the real name for `.` and `..`), so the header is the same from
/// every working directory, output directory and machine, and holds no absolute path. Every
/// byte outside [`is_plain`] characters is percent-encoded (`%0A`, `%2F`, `%FF` for a byte that
/// is not UTF-8), so a directory name cannot end a comment, open a new line of code or hold a
/// Python encoding declaration in any target's header.
pub fn header_name(path: &Path) -> String {
    let name = path.file_name().map(ToOwned::to_owned).or_else(|| {
        std::fs::canonicalize(path)
            .ok()?
            .file_name()
            .map(ToOwned::to_owned)
    });
    match name {
        Some(name) => percent_encode_name(&name),
        None => "catalog".to_owned(),
    }
}

/// Characters a header name keeps as they are: ASCII letters and digits, `-`, `.`, `_`, `~` (the
/// unreserved characters of a URI) and letters and digits of other scripts. None of them is a
/// line break, a control, a bidi override or part of a comment delimiter in any target.
pub fn is_plain(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(c, '-' | '.' | '_' | '~')
        || (!c.is_ascii() && c.is_alphanumeric())
}

/// Text safe to print in a generated header: `text` with every character other than
/// [`is_plain`] ones, `%` and `/` percent-encoded as UTF-8 (`/` separates the components of a
/// catalog path relative to `errcat.toml`, and ends no comment without a `*` or `-->` beside it). Idempotent on [`header_name`]'s output,
/// so a catalog built by hand, whose `source` did not come from a path, is made safe the same way.
pub fn header_safe(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if is_plain(c) || c == '%' || c == '/' {
            out.push(c);
        } else {
            push_encoded(&mut out, c.encode_utf8(&mut [0; 4]).as_bytes());
        }
    }
    out
}

fn percent_encode_name(name: &std::ffi::OsStr) -> String {
    #[cfg(unix)]
    let bytes = std::os::unix::ffi::OsStrExt::as_bytes(name).to_vec();
    #[cfg(not(unix))]
    let bytes = name.to_string_lossy().into_owned().into_bytes();
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            if is_plain(c) {
                out.push(c);
            } else {
                push_encoded(&mut out, c.encode_utf8(&mut [0; 4]).as_bytes());
            }
        }
        push_encoded(&mut out, chunk.invalid());
    }
    out
}

fn push_encoded(out: &mut String, bytes: &[u8]) {
    for b in bytes {
        out.push_str(&format!("%{b:02X}"));
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

/// Escapes one JSON pointer segment (RFC 6901), the address of a value in a file that
/// diagnostics turn into a position; borrowed when there is nothing to escape, as
/// for every catalog key.
pub fn escape_segment(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains(['~', '/']) {
        s.replace('~', "~0").replace('/', "~1").into()
    } else {
        s.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_names_are_the_last_component_percent_encoded() {
        assert_eq!(header_name(Path::new("catalog")), "catalog");
        assert_eq!(header_name(Path::new("a/b/errors.yaml")), "errors.yaml");
        assert_eq!(header_name(Path::new("/abs/x/catalog/")), "catalog");
        assert_eq!(
            header_name(Path::new("x/a\nb * -->")),
            "a%0Ab%20%2A%20--%3E"
        );
        assert_eq!(
            header_name(Path::new("x/100% \"\"\"")),
            "100%25%20%22%22%22"
        );
        assert_eq!(header_name(Path::new("x/Fehler-ü_日本")), "Fehler-ü_日本");
        assert_eq!(
            header_name(Path::new("x/\u{202e}\u{2028}")),
            "%E2%80%AE%E2%80%A8"
        );
    }

    #[cfg(unix)]
    #[test]
    fn bytes_that_are_not_utf8_are_percent_encoded() {
        use std::os::unix::ffi::OsStrExt;
        let name = std::ffi::OsStr::from_bytes(b"x\xff\xfey.yaml");
        assert_eq!(header_name(Path::new(name)), "x%FF%FEy.yaml");
    }

    #[test]
    fn header_safe_keeps_encoded_names_and_encodes_the_rest() {
        let name = header_name(Path::new("a b\n"));
        assert_eq!(header_safe(&name), name);
        assert_eq!(header_safe("a/b\n-->"), "a/b%0A--%3E");
    }
}
