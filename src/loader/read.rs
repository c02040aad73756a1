//! Finding and reading a catalog's files: which files form a catalog, each read without
//! blocking and within the size limits, its text checked for UTF-8 and line lengths.

use super::{IoError, LoadOptions};
use crate::diagnostic::Diagnostic;
use crate::rule::Rule;
use crate::source::{SourceFile, Span};
use std::path::{Path, PathBuf};

/// Lists the catalog files at `path`: the file itself, or a directory's `*.yaml`/`*.yml` files
/// sorted by name so the result never depends on directory order.
///
/// Nothing named like a catalog file is skipped: a directory entry `*.yaml`/`*.yml` that is not
/// a readable file (a dangling or looping symbolic link, a directory, a named pipe, a device) is
/// an error naming it, since skipping it would drop its errors from the output without a word.
/// The sizes of all files together must stay within `max_total_bytes`.
pub fn catalog_files(path: &Path, options: &LoadOptions) -> Result<Vec<PathBuf>, IoError> {
    let meta = std::fs::metadata(path).map_err(|e| match broken_link(path, &e) {
        Some(why) => IoError(format!("cannot read catalog `{}`: {why}", path.display())),
        None => IoError(format!("cannot read catalog `{}`: {e}", path.display())),
    })?;
    if meta.is_file() {
        return Ok(vec![path.to_path_buf()]);
    }
    if !meta.is_dir() {
        return Err(IoError(format!(
            "catalog `{}` is {}, not a file or a directory; pass a catalog file or a directory \
             of *.yaml files",
            path.display(),
            file_kind(&meta.file_type())
        )));
    }
    let entries = std::fs::read_dir(path).map_err(|e| {
        IoError(format!(
            "cannot read catalog directory `{}`: {e}",
            path.display()
        ))
    })?;
    let mut files = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| {
            IoError(format!(
                "cannot read catalog directory `{}`: {e}",
                path.display()
            ))
        })?;
        let p = entry.path();
        // Hidden entries are skipped as a shell's `*.yaml` skips them: editors keep lock and
        // swap files there (Emacs's `.#errors.yaml` is a dangling link while a file is edited).
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        if !hidden && matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml")) {
            files.push(p);
        }
    }
    if files.is_empty() {
        return Err(IoError(format!(
            "no catalog files (*.yaml, *.yml) in directory `{}`",
            path.display()
        )));
    }
    files.sort_by(|a, b| a.file_name().cmp(&b.file_name()));
    let mut total: u64 = 0;
    for f in &files {
        let meta = std::fs::metadata(f).map_err(|e| match broken_link(f, &e) {
            Some(why) => IoError(format!("cannot read catalog file `{}`: {why}", f.display())),
            None => IoError(format!("cannot read catalog file `{}`: {e}", f.display())),
        })?;
        if !meta.is_file() {
            return Err(not_a_file(f, &meta.file_type(), path));
        }
        total = total.saturating_add(meta.len());
    }
    if total > options.max_total_bytes {
        return Err(IoError(format!(
            "catalog directory `{}` holds {total} bytes of catalog files, more than the limit of \
             {} bytes (raise it with `--max-total-size`)",
            path.display(),
            options.max_total_bytes
        )));
    }
    Ok(files)
}

/// Reads one file. Invalid UTF-8 is a catalog problem (it has a location), not an I/O error.
///
/// The file is opened without blocking (a named pipe put in its place after listing would
/// otherwise wait for a writer), checked to be a regular file through the open handle, and read
/// up to the size limit, so nothing swapped in between can make errcat hang or read forever.
pub fn read_source(
    path: &Path,
    options: &LoadOptions,
) -> Result<(SourceFile, Option<Diagnostic>), IoError> {
    use std::io::Read as _;
    let cannot_read = |e: std::io::Error| IoError(format!("cannot read `{}`: {e}", path.display()));
    let mut open = std::fs::OpenOptions::new();
    open.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut open, libc::O_NONBLOCK);
    let file = open.open(path).map_err(cannot_read)?;
    let meta = file.metadata().map_err(cannot_read)?;
    if !meta.is_file() {
        return Err(IoError(format!(
            "catalog file `{}` is {}, not a file",
            path.display(),
            file_kind(&meta.file_type())
        )));
    }
    let too_big = |size: u64| {
        IoError(format!(
            "catalog file `{}` is {size} bytes, more than the limit of {} bytes (raise it with \
             `--max-file-size`)",
            path.display(),
            options.max_file_bytes
        ))
    };
    if meta.len() > options.max_file_bytes {
        return Err(too_big(meta.len()));
    }
    let mut bytes = Vec::new();
    file.take(options.max_file_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(cannot_read)?;
    if bytes.len() as u64 > options.max_file_bytes {
        // It grew after its size was read.
        return Err(too_big(bytes.len() as u64));
    }
    Ok(source_from_bytes(path, &bytes, options))
}

/// A catalog file's text from its bytes (read from disk or from git): a byte order mark
/// dropped, a line past `max_line_bytes` or bytes that are not UTF-8 reported. The
/// diagnostic's file index is 0; the caller sets it.
pub fn source_from_bytes(
    path: &Path,
    bytes: &[u8],
    options: &LoadOptions,
) -> (SourceFile, Option<Diagnostic>) {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Some((line, start)) = long_line(bytes, options.max_line_bytes) {
        // Keep only the start of the long line: the diagnostic's snippet shows the line, and a
        // file with a too-long line is not parsed.
        let keep = floor_boundary(bytes, start + 80.min(options.max_line_bytes));
        let text = String::from_utf8_lossy(&bytes[..keep]).into_owned();
        let len = bytes[start..]
            .iter()
            .position(|&b| b == b'\n')
            .unwrap_or(bytes.len() - start);
        let span = Span {
            offset: start,
            len: 1,
            line,
            column: 1,
        };
        let d = Diagnostic::error(
            Rule::LineTooLong,
            format!(
                "line {line} is {len} bytes long, more than the limit of {} bytes",
                options.max_line_bytes
            ),
        )
        .help("split the text over several lines (YAML folds `>` blocks), or raise the limit with `--max-line-length`");
        return (SourceFile::new(path, text), Some(d.at(0, span)));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => (SourceFile::new(path, text.to_owned()), None),
        Err(e) => {
            let valid = e.valid_up_to();
            let text = String::from_utf8_lossy(bytes).into_owned();
            let span = Span::at(&text, valid, 1);
            let d = Diagnostic::error(Rule::InvalidUtf8, "catalog file is not valid UTF-8")
                .help("save the file as UTF-8");
            (SourceFile::new(path, text), Some(d.at(0, span)))
        }
    }
}

/// What kind of file system object `kind` is, for a message: "a directory", "a named pipe
/// (FIFO)", ….
fn file_kind(kind: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if kind.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if kind.is_char_device() {
            return "a character device";
        }
        if kind.is_block_device() {
            return "a block device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    if kind.is_dir() {
        "a directory"
    } else {
        "not a regular file"
    }
}

/// A catalog directory entry named like a catalog file that is not one.
fn not_a_file(file: &Path, kind: &std::fs::FileType, dir: &Path) -> IoError {
    IoError(format!(
        "catalog file `{}` is {}, not a file; errcat reads every *.yaml and *.yml file in `{}`: \
         rename it or move it out of the directory",
        file.display(),
        file_kind(kind),
        dir.display()
    ))
}

/// Why `path`, when it is a symbolic link, cannot be followed (`error` is what following it
/// gave): a link to nothing, or a loop of links.
fn broken_link(path: &Path, error: &std::io::Error) -> Option<String> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    if !meta.is_symlink() {
        return None;
    }
    let target = std::fs::read_link(path).ok()?;
    Some(if error.kind() == std::io::ErrorKind::NotFound {
        format!(
            "it is a symbolic link to `{}`, which does not exist; fix or remove the link",
            target.display()
        )
    } else {
        format!(
            "it is a symbolic link to `{}`, which cannot be followed ({error}); fix or remove \
             the link",
            target.display()
        )
    })
}

/// The first line longer than `max` bytes: its 1-based number and byte offset.
fn long_line(bytes: &[u8], max: usize) -> Option<(usize, usize)> {
    let mut start = 0;
    for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
        let len = line.strip_suffix(b"\r").map_or(line.len(), <[u8]>::len);
        if len > max {
            return Some((i + 1, start));
        }
        start += line.len() + 1;
    }
    None
}

/// The largest index at most `i` that does not split a UTF-8 sequence.
fn floor_boundary(bytes: &[u8], i: usize) -> usize {
    let mut i = i.min(bytes.len());
    while i > 0 && i < bytes.len() && (bytes[i] & 0xC0) == 0x80 {
        i -= 1;
    }
    i
}
