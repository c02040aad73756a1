//! Reading a catalog from disk: one file or a directory of files, parsed and checked structurally.

use crate::diagnostic::Diagnostic;
use crate::model::{CatalogFile, CategoryDef, ErrorDef, Header, ReservedDef, RetiredDef};
use crate::rule::Rule;
use crate::source::{SourceFile, Span};
use crate::structure::{self, Locator};
use serde::Deserialize as _;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Limits that keep a hostile or broken catalog from exhausting time or memory.
///
/// Every limit is named, has a default that no real catalog comes near, and can be raised (the
/// CLI has one flag per field). A breached limit is a diagnostic that names the limit and the
/// flag, or for sizes checked before reading, an I/O-class error.
#[derive(Debug, Clone)]
pub struct LoadOptions {
    /// Largest catalog file read, in bytes (`--max-file-size`). Also caps the total text of a
    /// file's values after alias expansion.
    pub max_file_bytes: u64,
    /// Largest sum of file sizes in a catalog directory, in bytes (`--max-total-size`).
    pub max_total_bytes: u64,
    /// Longest line, in bytes (`--max-line-length`).
    pub max_line_bytes: usize,
    /// Deepest nesting of YAML collections (`--max-depth`), at most [`MAX_DEPTH_CEILING`].
    pub max_depth: usize,
    /// Most YAML values (scalars, lists, mappings) in one file (`--max-nodes`).
    pub max_nodes: usize,
    /// Most aliases (`*name`) and anchors (`&name`) in one file (`--max-aliases`).
    pub max_aliases: usize,
    /// Most YAML events replayed by alias expansion in one file (`--max-alias-events`): the
    /// budget that stops a "billion laughs" alias bomb.
    pub max_alias_events: usize,
    /// Most error definitions in one file (`--max-errors`).
    pub max_errors: usize,
    /// Rule levels from the command line (`--allow`, `--deny`).
    pub rules: crate::validate::RuleFlags,
}

/// The deepest `max_depth` accepted: the parser and the checks recurse once per level, so a
/// higher limit could overflow the stack instead of failing cleanly. A catalog needs 6 levels.
pub const MAX_DEPTH_CEILING: usize = 1_000;

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            max_file_bytes: 64 * 1024 * 1024,
            max_total_bytes: 256 * 1024 * 1024,
            max_line_bytes: 1024 * 1024,
            max_depth: 64,
            max_nodes: 2_000_000,
            max_aliases: 10_000,
            max_alias_events: 1_000_000,
            max_errors: 100_000,
            rules: crate::validate::RuleFlags::default(),
        }
    }
}

/// A problem that is not about catalog content: a missing path, an unreadable file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IoError(pub String);

impl std::fmt::Display for IoError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The parts of one file that passed the structural checks, with their positions in the file.
#[derive(Debug)]
pub struct ParsedFile {
    /// Index into the list of source files.
    pub file: usize,
    /// The declared format version (`errcat:`), when it is a number.
    pub errcat: Option<u64>,
    pub header: Option<Header>,
    /// `(index in the file's list, definition)`.
    pub categories: Vec<(usize, CategoryDef)>,
    pub errors: Vec<(usize, ErrorDef)>,
    pub retired: Vec<(usize, RetiredDef)>,
    pub reserved: Vec<(usize, ReservedDef)>,
    pub locator: Locator,
    /// The file declares `catalog:`, but the header failed its structural check (and has its
    /// diagnostic): the catalog is not missing a header.
    pub broken_header: bool,
    /// Ids of categories and names of errors whose entries failed their structural check (and
    /// have their diagnostics). They exist, so a reference to one is not an unknown name.
    pub broken_categories: Vec<String>,
    pub broken_errors: Vec<String>,
    /// The locator has the span of every value (the thorough path, or [`locate_file`]), not
    /// only of the values a valid catalog needs (the fast read: see [`parse_file_fast`]).
    pub complete: bool,
}

/// The keys whose values the fast read keeps with spans, because validating a catalog without
/// problems reads their positions: how a `code` is written (`0x1F` is not a plain code), and the
/// declaration order of occurrence `fields` and of the envelope's `body`.
pub const POSITIONED: &[&str] = &["code", "fields", "body"];

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

/// Parses and structurally checks one source file. Returns what could be read and every problem.
///
/// Runs on a thread with a stack sized for `max_depth`: parsing, the JSON conversion and the
/// schema check recurse once per nesting level.
pub fn parse_file(
    file_index: usize,
    source: &SourceFile,
    options: &LoadOptions,
) -> (Option<ParsedFile>, Vec<Diagnostic>) {
    on_parse_thread(options, || {
        parse_on_this_thread(file_index, source, options)
    })
}

/// The fast read of one source file: the typed model straight from the parser, with spans only
/// under [`POSITIONED`] keys. `None` when the file is anything but a plain, valid catalog file
/// (a YAML or structural problem, a breached limit, a value JSON cannot hold): the caller then
/// takes the thorough path ([`parse_file`]), which reports it.
///
/// A file the fast read accepts is one the thorough path accepts with the same model: every
/// value is handed to the model's types by its own kind, as the thorough path hands them JSON,
/// and the structural schema is derived from those types (`tests/load_paths.rs` runs every
/// diagnostics case, fixture and example through both paths).
pub fn parse_file_fast(
    file_index: usize,
    source: &SourceFile,
    options: &LoadOptions,
) -> Option<ParsedFile> {
    on_parse_thread(options, || {
        let mut locator = Locator::partial(POSITIONED);
        let file: CatalogFile = crate::yaml::parse_typed(
            &source.text,
            &yaml_limits(options),
            POSITIONED,
            &mut |pointer, node| structure::subtree_to_json(&node, pointer, &mut locator),
        )?;
        if file.errors.len() > options.max_errors {
            return None;
        }
        Some(ParsedFile {
            file: file_index,
            errcat: Some(file.errcat),
            header: file.catalog,
            categories: file.categories.into_iter().enumerate().collect(),
            errors: file.errors.into_iter().enumerate().collect(),
            retired: file.retired.into_iter().enumerate().collect(),
            reserved: file.reserved.into_iter().enumerate().collect(),
            locator,
            broken_header: false,
            broken_categories: Vec::new(),
            broken_errors: Vec::new(),
            complete: false,
        })
    })
}

/// The complete spans of a file the fast read accepted: its span tree read again and kept as a
/// [`Locator`] that walks it per lookup, without the JSON copy, the structural check or the
/// model (the fast read proved the structure and already holds the model). `None` when the tree cannot be read,
/// which a file the fast read accepted never is; the caller then takes the thorough path.
pub fn locate_file(source: &SourceFile, options: &LoadOptions) -> Option<Locator> {
    on_parse_thread(options, || {
        let root = crate::yaml::parse(&source.text, &yaml_limits(options)).ok()?;
        Some(structure::locate(root))
    })
}

/// Runs `parse` on a thread with a stack sized for `max_depth` (on this thread when none can
/// be started or it did not finish).
fn on_parse_thread<R: Send>(options: &LoadOptions, parse: impl Fn() -> R + Sync) -> R {
    let depth = options.max_depth.min(MAX_DEPTH_CEILING);
    let stack = 8 * 1024 * 1024 + depth * 64 * 1024;
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("errcat-parse".into())
            .stack_size(stack)
            .spawn_scoped(scope, &parse)
            .ok()
            .and_then(|handle| handle.join().ok())
    })
    .unwrap_or_else(parse)
}

fn yaml_limits(options: &LoadOptions) -> crate::yaml::Limits {
    crate::yaml::Limits {
        max_depth: options.max_depth.min(MAX_DEPTH_CEILING),
        max_nodes: options.max_nodes,
        max_aliases: options.max_aliases,
        max_alias_events: options.max_alias_events,
        max_scalar_bytes: usize::try_from(options.max_file_bytes).unwrap_or(usize::MAX),
    }
}

fn parse_on_this_thread(
    file_index: usize,
    source: &SourceFile,
    options: &LoadOptions,
) -> (Option<ParsedFile>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let limits = yaml_limits(options);
    let root = match crate::yaml::parse(&source.text, &limits) {
        Ok(root) => root,
        Err(err) => {
            let d = Diagnostic::error(err.rule, err.message).help(err.help);
            diags.push(d.at(file_index, err.span));
            return (None, diags);
        }
    };
    if let crate::yaml::NodeKind::Map(entries) = &root.kind
        && let Some((key, list)) = entries
            .iter()
            .find(|(k, _)| k.kind == crate::yaml::NodeKind::Str("errors".into()))
        && let crate::yaml::NodeKind::Seq(items) = &list.kind
        && items.len() > options.max_errors
    {
        diags.push(
            Diagnostic::error(
                Rule::LimitExceeded,
                format!(
                    "catalog file defines {} errors, more than the limit of {}",
                    items.len(),
                    options.max_errors
                ),
            )
            .at(file_index, key.span)
            .help(
                "split the catalog, or if it is trusted, raise the limit with `--max-errors N` \
                 (`LoadOptions::max_errors`)",
            ),
        );
        return (None, diags);
    }
    let (json, locator) = structure::to_json(&root);
    // The JSON copy is all that is needed from here; free the tree before the checks.
    let root_span = root.span;
    drop(root);
    if json.is_null() {
        diags.push(
            Diagnostic::error(Rule::EmptyFile, "catalog file is empty")
                .at(file_index, Span::at(&source.text, 0, 0))
                .help("start the file with `errcat: 1`"),
        );
        return (None, diags);
    }
    let problems = structure::check(&json, &locator, &source.text);
    // The entries (`/catalog`, `/categories/N`, `/errors/N`) that have a structural problem.
    let broken: BTreeSet<&str> = problems
        .iter()
        .filter_map(|p| entry_of(&p.pointer))
        .collect();
    let clean = problems.is_empty();
    if !json.is_object() {
        diags.extend(
            problems
                .into_iter()
                .map(|p| p.diagnostic.at(file_index, p.span)),
        );
        return (None, diags);
    }
    // Keep every part that is well-formed on its own, so semantic checks still run on them.
    // Deserializing from `&Value` avoids copying the (possibly large) lists. A part the schema
    // accepts but the model does not is still reported at the part, in plain words.
    let mut unreadable = Vec::new();
    let mut header = None;
    let mut broken_header = false;
    if let Some(v) = json.get("catalog").filter(|v| !v.is_null()) {
        if broken.contains("/catalog") {
            broken_header = true;
        } else {
            match Header::deserialize(v) {
                Ok(h) => header = Some(h),
                Err(_) => {
                    broken_header = true;
                    unreadable.push(("/catalog".to_owned(), "the `catalog:` header"));
                }
            }
        }
    }
    let (categories, broken_categories) =
        items::<CategoryDef>(&json, "categories", "id", &broken, &mut unreadable);
    let (errors, broken_errors) =
        items::<ErrorDef>(&json, "errors", "name", &broken, &mut unreadable);
    // A broken tombstone's name still counts as known, like a broken error's.
    let (retired, broken_retired) =
        items::<RetiredDef>(&json, "retired", "name", &broken, &mut unreadable);
    let (reserved, _) = items::<ReservedDef>(&json, "reserved", "name", &broken, &mut unreadable);
    let mut broken_errors = broken_errors;
    broken_errors.extend(broken_retired);
    diags.extend(
        problems
            .into_iter()
            .map(|p| p.diagnostic.at(file_index, p.span)),
    );
    for (pointer, what) in &unreadable {
        diags.push(unreadable_part(what).at(file_index, locator.key(pointer)));
    }
    if clean && unreadable.is_empty() && CatalogFile::deserialize(&json).is_err() {
        diags.push(unreadable_part("this file").at(file_index, root_span));
    }
    let parsed = ParsedFile {
        file: file_index,
        errcat: json.get("errcat").and_then(Value::as_u64),
        header,
        categories,
        errors,
        retired,
        reserved,
        locator,
        broken_header,
        broken_categories,
        broken_errors,
        complete: true,
    };
    (Some(parsed), diags)
}

/// The entry of the file a JSON pointer lies in: the header, a category or an error.
fn entry_of(pointer: &str) -> Option<&str> {
    let end = |n: usize| {
        pointer
            .match_indices('/')
            .nth(n)
            .map_or(pointer.len(), |(i, _)| i)
    };
    if pointer.starts_with("/catalog") && end(1) == "/catalog".len() {
        Some(&pointer[..end(1)])
    } else if ["/categories/", "/errors/", "/retired/", "/reserved/"]
        .iter()
        .any(|list| pointer.starts_with(list))
    {
        Some(&pointer[..end(2)])
    } else {
        None
    }
}

/// A part the schema accepted but the catalog model could not read: a gap between the two that
/// is still reported at the part, without the deserializer's wording.
fn unreadable_part(what: &str) -> Diagnostic {
    Diagnostic::error(
        Rule::InvalidStructure,
        format!("{what} does not match the catalog format"),
    )
    .help("`errcat schema` prints the format of a catalog file")
}

/// The entries of the list `key` that are well-formed, by index, and the `name_key` of the
/// others (which have a diagnostic).
fn items<T: serde::de::DeserializeOwned>(
    json: &Value,
    key: &str,
    name_key: &str,
    broken: &BTreeSet<&str>,
    unreadable: &mut Vec<(String, &'static str)>,
) -> (Vec<(usize, T)>, Vec<String>) {
    let mut good = Vec::new();
    let mut bad = Vec::new();
    let what = match key {
        "errors" => "this error",
        "retired" => "this retired error",
        "reserved" => "this reserved entry",
        _ => "this category",
    };
    for (i, v) in json
        .get(key)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        let pointer = format!("/{key}/{i}");
        let parsed = if broken.contains(pointer.as_str()) {
            None
        } else {
            let t = T::deserialize(v).ok();
            if t.is_none() {
                unreadable.push((pointer, what));
            }
            t
        };
        match parsed {
            Some(t) => good.push((i, t)),
            None => bad.extend(v.get(name_key).and_then(Value::as_str).map(str::to_owned)),
        }
    }
    (good, bad)
}
