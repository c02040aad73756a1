//! Reading a catalog from disk: one file or a directory of files, parsed and checked structurally.

use crate::diagnostic::Diagnostic;
use crate::model::{CatalogFile, CategoryDef, ErrorDef, Header, ReservedDef, RetiredDef};
use crate::rule::Rule;
use crate::source::{SourceFile, Span};
use crate::structure::{self, Locator};
use serde::Deserialize as _;
use serde_json::Value;
use std::collections::BTreeSet;

mod read;

pub use read::{catalog_files, read_source, source_from_bytes};

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
