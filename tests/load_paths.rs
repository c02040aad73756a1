//! The ways of loading a catalog agree: the fast read (typed model straight from the parser,
//! spans only where validation needs them) never accepts a file the thorough path (span tree,
//! structural schema) would report, and what it accepts it reads into the same model; the
//! located path (the fast read's model, complete spans read again, validation again) reports
//! exactly what the thorough path reports.
//!
//! Run over every diagnostics case, fixture, example, the flagship catalog and the fuzz
//! regressions, and over a table of values where a lenient typed read and the catalog format
//! part ways (`title: 123`, `code: 404.0`, a key `0`, `.nan`, tags, integers beyond 64 bits).

use errcat::loader::{self, LoadOptions, ParsedFile};
use errcat::source::SourceFile;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The model a parsed file holds, as text (the model types have no `PartialEq`).
fn model(f: &ParsedFile) -> String {
    format!(
        "{:?} {:?} {:?} {:?} {:?} {:?}",
        f.errcat, f.header, f.categories, f.errors, f.retired, f.reserved
    )
}

/// Checks one file: when the fast read accepts it, the thorough path reports nothing and reads
/// the same model, every span the fast read kept is the thorough path's, and the located path
/// ([`loader::locate_file`]) has every span the thorough path has. Returns whether the
/// fast read accepted it.
fn agree(what: &str, source: &SourceFile, options: &LoadOptions) -> bool {
    let fast = loader::parse_file_fast(0, source, options);
    let (thorough, diags) = loader::parse_file(0, source, options);
    let Some(fast) = fast else { return false };
    assert!(
        diags.is_empty(),
        "{what}: the fast read accepted a file the thorough path reports: {diags:?}"
    );
    let thorough = thorough.expect("a file without diagnostics is parsed");
    assert_eq!(
        model(&fast),
        model(&thorough),
        "{what}: the two reads differ"
    );
    // The located path's spans are the thorough path's, pointer for pointer.
    let located = loader::locate_file(source, options).expect("an accepted file is located");
    for pointer in thorough.locator.pointers() {
        assert!(
            located.contains(pointer),
            "{what}: the located path has no value at {pointer}"
        );
        assert_eq!(
            (located.key(pointer), located.value(pointer)),
            (
                thorough.locator.key(pointer),
                thorough.locator.value(pointer)
            ),
            "{what}: the located span at {pointer} differs"
        );
        // A pointer the file does not write gets its nearest enclosing value's span.
        for missing in [format!("{pointer}/missing"), format!("{pointer}/0/missing")] {
            assert_eq!(
                (located.key(&missing), located.value(&missing)),
                (
                    thorough.locator.key(&missing),
                    thorough.locator.value(&missing)
                ),
                "{what}: the located span at {missing} differs"
            );
        }
    }
    for pointer in fast.locator.pointers() {
        assert_eq!(
            fast.locator.value(pointer),
            thorough.locator.value(pointer),
            "{what}: the span of the value at {pointer} differs"
        );
        // A kept value's own key has no span in the fast read (nothing valid asks for it).
        let last = pointer.rsplit('/').next().unwrap_or_default();
        if !loader::POSITIONED.contains(&last) {
            assert_eq!(
                fast.locator.key(pointer),
                thorough.locator.key(pointer),
                "{what}: the span of the key at {pointer} differs"
            );
        }
    }
    true
}

/// Checks a whole catalog: loading it returns exactly what the thorough path alone returns, and
/// so does the located path (fast read, complete spans, validation again) whenever the fast read
/// accepts every file. Returns whether the located path took the catalog.
fn agree_loaded(what: &str, path: &Path) -> bool {
    let options = LoadOptions::default();
    let Ok(read) = errcat::read(path, &options) else {
        return false;
    };
    let loaded = errcat::load_sources(read.clone(), "catalog", &options);
    let located = errcat::load_sources_located(read.clone(), "catalog", &options);
    let thorough = errcat::load_sources_thorough(read, "catalog", &options);
    assert_eq!(
        loaded.render_diagnostics(),
        thorough.render_diagnostics(),
        "{what}: diagnostics differ"
    );
    assert_eq!(
        format!("{:?}", loaded.catalog),
        format!("{:?}", thorough.catalog),
        "{what}: catalogs differ"
    );
    let Some(located) = located else {
        return false;
    };
    assert_eq!(
        located.render_diagnostics(),
        thorough.render_diagnostics(),
        "{what}: diagnostics differ on the located path"
    );
    assert_eq!(
        format!("{:?}", located.catalog),
        format!("{:?}", thorough.catalog),
        "{what}: catalogs differ on the located path"
    );
    true
}

fn catalogs_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            catalogs_under(&path, out);
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml")
        ) {
            out.push(path);
        }
    }
}

#[test]
fn every_catalog_file_in_the_repository_loads_alike_on_both_paths() {
    let mut files = Vec::new();
    for dir in [
        "tests/diagnostics",
        "tests/fixtures",
        "tests/fuzz_regressions",
        "examples",
        "catalog",
    ] {
        catalogs_under(&root().join(dir), &mut files);
    }
    files.sort();
    assert!(
        files.len() > 100,
        "found only {} catalog files",
        files.len()
    );
    let options = LoadOptions::default();
    let mut accepted = 0;
    for file in &files {
        let bytes = std::fs::read(file).expect("readable");
        let (source, problem) = loader::source_from_bytes(file, &bytes, &options);
        if problem.is_none() && agree(&file.display().to_string(), &source, &options) {
            accepted += 1;
        }
    }
    // The fast read must not decline everything: the fixtures and examples are valid.
    assert!(
        accepted >= 20,
        "the fast read accepted only {accepted} files"
    );
}

#[test]
fn every_catalog_loads_alike_on_both_paths() {
    let mut catalogs: Vec<PathBuf> = Vec::new();
    for dir in ["tests/diagnostics", "tests/fixtures", "examples"] {
        for entry in std::fs::read_dir(root().join(dir))
            .expect("exists")
            .flatten()
        {
            catalogs.push(entry.path());
        }
    }
    catalogs.push(root().join("catalog"));
    catalogs.sort();
    let mut located = Vec::new();
    for catalog in &catalogs {
        let is_catalog = catalog.is_dir()
            || matches!(
                catalog.extension().and_then(|e| e.to_str()),
                Some("yaml" | "yml")
            );
        if is_catalog && agree_loaded(&catalog.display().to_string(), catalog) {
            located.push(catalog.clone());
        }
    }
    // The located path must be exercised where it matters: catalogs the fast read accepts
    // whose validation reports something (the semantic diagnostics cases).
    let with_diagnostics = located
        .iter()
        .filter(|c| c.starts_with(root().join("tests/diagnostics")))
        .count();
    assert!(
        with_diagnostics >= 20,
        "the located path took only {with_diagnostics} diagnostics cases"
    );
}

/// Values where a lenient typed read and the catalog format disagree. Each replaces `$` in a
/// valid catalog; neither path may accept one the other reports.
const EDGES: &[&str] = &[
    "title: 123",
    "title: true",
    "title: ~",
    "title: 1.5",
    "title: !!str 123",
    "title: !custom x",
    "title: !!binary aGVsbG8=",
    "code: 404.0",
    "code: 1e3",
    "code: 0x1F",
    "code: 0o17",
    "code: +12",
    "code: \"12\"",
    "code: '0042'",
    "code: 99999999999999999999999",
    "code: -99999999999999999999999",
    "code: 18446744073709551615",
    "code: .nan",
    "code: !!int 12",
    "code: [1]",
    "code: {a: 1}",
    "http_status: \"404\"",
    "http_status: 404.0",
    "http_status: -1",
    "http_status: 70000",
    "retryable: \"true\"",
    "retryable: yes",
    "retryable: 1",
    "0: x",
    "1.5: x",
    "true: x",
    "~: x",
    "extensions: {a: .nan}",
    "extensions: {a: .inf}",
    "extensions: {a: 99999999999999999999999}",
    "extensions: {1: x}",
    "extensions: {a: !!binary aGVsbG8=}",
    "extensions: {a: [1, {b: ~}]}",
    "params: {who: string}",
    "params: {who: {type: text}}",
    "params: {who: {type: string, description: 5}}",
    "params: ~",
    "params: []",
    "deprecated: yes",
    "deprecated: {since: 1.0}",
    "fields: {b: {type: string}, a: {type: integer}}",
    "fields: {a: {type: string, extra: 1}}",
    "fields: ~",
    "category: !!str general",
    "category: [general]",
    "<<: {title: x}",
    "grpc_status: NOT_FOUND",
    "grpc_status: not_found",
    "grpc_status: 5",
    "description:",
    "description: \"\"",
    "description: |\n      Two\n      lines.",
    "\"code\": 7",
    "code: &c 7",
    "code: 7 # a comment",
    "fields: &f {z: {type: string}, y: {type: \"list<string>\"}}",
    "fields: {\"a/b\": {type: string}, \"a~b\": {type: string}}",
    "params: {\"x/y\": string}",
    "code: 100\n    code: 101",
    "title: Out of stock\n    title: Again",
    "---\nerrcat: 1",
];

const BASE: &str = "errcat: 1
catalog:
  name: shop
  title: Shop
  version: 1.0.0
categories: [{ id: general, title: General, http_status: 400 }]
errors:
  - name: out_of_stock
    code: 100
    category: general
    title: Out of stock
    message: The item is out of stock.
    fix: Try later.
    $
";

#[test]
fn values_where_a_lenient_read_would_differ_load_alike_on_both_paths() {
    let options = LoadOptions::default();
    let base = SourceFile::new(Path::new("base.yaml"), BASE.replace("    $\n", ""));
    assert!(
        agree("the base catalog", &base, &options),
        "the fast read declines the base catalog"
    );
    // A key that is a number could be read as a struct's field by its index.
    let indices: Vec<String> = (0..24).map(|i| format!("{i}: x")).collect();
    for edge in EDGES
        .iter()
        .copied()
        .chain(indices.iter().map(String::as_str))
    {
        // The edge either adds a key or replaces the one the base has.
        let key = edge.split(':').next().unwrap_or_default();
        let text: String = BASE
            .lines()
            .filter(|line| !line.starts_with(&format!("    {key}:")))
            .map(|line| {
                if line.trim() == "$" {
                    format!("    {edge}\n")
                } else {
                    format!("{line}\n")
                }
            })
            .collect();
        let source = SourceFile::new(Path::new("edge.yaml"), text);
        agree(edge, &source, &options);
        let dir = std::env::temp_dir().join(format!("errcat-load-paths-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join("edge.yaml");
        std::fs::write(&path, &source.text).expect("write");
        agree_loaded(edge, &path);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
