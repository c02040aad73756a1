//! Catalog text is data, never template or code: whatever a catalog string holds (quotes,
//! backslashes, `${`, `*/`, `"""`, `{{ x }}`, `{% raw %}`, `<script>`, pipes, line breaks, NUL,
//! bidi controls, emoji), every target still compiles, type-checks or parses, and reads the
//! string back unchanged.
//!
//! Two tests share one check ([`check_catalog`]): a deterministic one over the committed corpus
//! `tests/escaping/corpus.txt`, and a property test with a fixed seed over generated strings
//! biased towards every escape-relevant sequence of the five targets and of tera. Each writes
//! catalogs as YAML text (every string a double-quoted scalar), proves the YAML round trip through
//! `errcat::load`, generates every target, then:
//!
//! - **Rust**: builds the module, included at the root of a library that denies missing docs,
//!   with `clippy-driver -D warnings` (rustc plus clippy's default lints, as a user's
//!   `cargo clippy -- -D warnings`), runs `tests/rust_check/dump.rs` (the table) and
//!   `tests/escaping/dump.rs` (category titles, parameter descriptions) against it, checks that
//!   `rustdoc --test` finds no doctest in it (catalog text in doc comments never becomes code a
//!   user's `cargo test` runs) and that `rustfmt --check` leaves it as it is;
//! - **TypeScript**: `tsc --strict` over the module, `tests/typescript/consumer.ts` and
//!   `tests/escaping/dump.ts` (deprecation details), then runs both with node;
//! - **Python**: `mypy --strict` over the package, `tests/python/consumer.py` and
//!   `tests/escaping/dump.py` (title, descriptions, deprecation notes, segments and the member
//!   docstrings, read with `ast`), `ruff check` and `ruff format --check` over the package, then
//!   runs both programs;
//! - **JSON Schema**: parses it, validates it against the 2020-12 meta-schema and compares every
//!   string it carries;
//! - **Markdown**: parses it with pulldown-cmark and checks the page (see [`check_markdown`]).
//!
//! Every string is compared byte for byte, except on the markdown page, where whitespace is
//! compared after normalisation (see [`norm`]). Text that only reaches comments (Rust and
//! TypeScript doc comments, the Rust `#[deprecated]` note) is proven harmless by the compile and
//! by every runtime value around it being intact, and Rust doc text by rustdoc finding no test.

mod common;

use errcat::catalog::{Catalog, CatalogError, Code};
use errcat::filters::{md_block, md_inline};
use errcat::lang::python::Python;
use errcat::message::Segment;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed, TestRunner};
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde_json::{Value, json};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The property test's seed: the same cases on every run and machine.
const SEED: u64 = 0x00e5_ca9e;
/// Generated catalogs per run; each compiles once per language.
const CASES: u32 = 12;
/// Errors per generated catalog; each carries eight generated strings.
const ERRORS_PER_CATALOG: usize = 40;
/// Categories per catalog.
const CATEGORIES: usize = 3;

// --- the tests

/// Every string of the committed corpus, in every slot of a catalog, survives every target.
#[test]
fn corpus_survives_every_target() {
    let corpus = corpus();
    check_catalog(&Input::from_corpus(&corpus));
}

/// Generated strings, biased towards what each target and tera treat specially, survive every
/// target. Deterministic: a fixed seed, no persisted failures.
#[test]
fn generated_strings_survive_every_target() {
    let config = Config {
        cases: CASES,
        rng_seed: RngSeed::Fixed(SEED),
        failure_persistence: None,
        // Each case compiles three languages: shrink a failure for a few minutes at most.
        max_shrink_iters: 32,
        ..Config::default()
    };
    let mut runner = TestRunner::new(config);
    let strategy = (
        any::<bool>(),
        proptest::collection::vec(hostile(), Input::SLOTS),
    );
    let result = runner.run(&strategy, |(string_codes, strings)| {
        check_catalog(&Input::from_strings(&strings, string_codes));
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}

/// The corpus is well-formed: every entry is a JSON string with a comment saying why it is there.
#[test]
fn corpus_entries_are_commented_and_distinct() {
    let text = std::fs::read_to_string(corpus_path()).expect("read the corpus");
    let mut commented = false;
    let mut seen = std::collections::BTreeSet::new();
    for (i, line) in text.lines().enumerate() {
        if line.starts_with('#') {
            commented = true;
        } else if !line.trim().is_empty() {
            assert!(
                commented,
                "corpus line {}: an entry without a comment",
                i + 1
            );
            let s: String = serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("corpus line {}: not a JSON string: {e}", i + 1));
            assert!(seen.insert(s), "corpus line {}: a duplicate entry", i + 1);
            commented = false;
        }
    }
    assert!(
        seen.len() >= 40,
        "the corpus has only {} entries",
        seen.len()
    );
}

// --- hostile strings

/// Sequences that mean something to one of the targets, to markdown, to YAML or to tera.
const HOSTILE: &[&str] = &[
    "\"",
    "'",
    "\\",
    "`",
    "${",
    "${x}",
    "*/",
    "/*",
    "/**",
    "\"\"\"",
    "'''",
    "{{ x }}",
    "{{",
    "}}",
    "{",
    "}",
    "{% raw %}",
    "{% endraw %}",
    "{%",
    "%}",
    "{#",
    "#}",
    "<script>",
    "</script>",
    "&amp;",
    "&lt;",
    "&#0;",
    "&#x3c;",
    "|",
    "\\|",
    "\n",
    "\r",
    "\r\n",
    "\t",
    "\n\n",
    "\u{2028}",
    "\u{2029}",
    "\u{202e}",
    "\u{202a}",
    "\u{2066}",
    "\u{2069}",
    "\u{200e}",
    "\u{200f}",
    "\u{61c}",
    "\0",
    "\u{7}",
    "\u{8}",
    "\u{b}",
    "\u{c}",
    "\u{1b}",
    "\u{7f}",
    "\u{85}",
    "\u{9f}",
    "\u{301}",
    "\u{200d}",
    "\u{200b}",
    "\u{feff}",
    "\u{fffe}",
    "\u{a0}",
    "\u{3000}",
    "🎉",
    "👨‍👩‍👧",
    "𝕏",
    "\u{10ffff}",
    "\u{fe0f}",
    "日本",
    "שלום",
    "مرحبا",
    "#",
    "//",
    "r#\"",
    "\"#",
    "\\u{41}",
    "\\u0041",
    "\\U00000041",
    "\\x41",
    "\\N{BULLET}",
    "\\n",
    "\\",
    " ",
    "  ",
    "<!--",
    "-->",
    "[x](y)",
    "[x]",
    "[x]: /y",
    "![i](s)",
    "*",
    "_",
    "**",
    "__",
    "~~",
    "\n# ",
    "\n> ",
    "\n- ",
    "\n+ ",
    "\n1. ",
    "\n===",
    "\n---",
    "```",
    "```rust",
    "```no_run",
    "```should_panic",
    "~~~rust",
    "~~~",
    "\n\n    ",
    "[^1]",
    "\u{ad}",
    "\u{2060}",
    "\n    ",
    "<br>",
    "<a id=\"x\">",
    "</a>",
    "<https://x.y/z>",
    "<b>",
    "<",
    ">",
    "&",
    "@param",
    "{@link x}",
    "$",
    "$$",
    "%",
    ":",
    "-->",
    "]]>",
    "<?",
    "\\\\",
    "\\`",
    "''",
    "\\'",
    "f\"",
    "b'",
    "#[",
    "#!",
    "///",
    "//!",
    "\" + x + \"",
    "`;",
    "</",
    "http://",
    "{p}",
    "{{p}}",
];

fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => proptest::sample::select(HOSTILE).prop_map(str::to_owned),
        2 => any::<char>().prop_map(String::from),
        1 => proptest::char::range('\0', '\u{1f}').prop_map(String::from),
        2 => "[A-Za-z0-9 .,]{1,8}",
    ]
}

/// A string of 0 to 7 fragments.
fn hostile() -> impl Strategy<Value = String> {
    proptest::collection::vec(fragment(), 0..8).prop_map(|parts| parts.concat())
}

fn corpus_path() -> PathBuf {
    common::root().join("tests/escaping/corpus.txt")
}

/// The corpus entries: one JSON string per line, `#` lines are comments.
fn corpus() -> Vec<String> {
    let text = std::fs::read_to_string(corpus_path()).expect("read the corpus");
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("a JSON string"))
        .collect()
}

// --- catalogs as YAML

/// The catalog text of one test catalog.
#[derive(Debug, Clone)]
struct Input {
    string_codes: bool,
    title: String,
    description: String,
    /// Goes percent-encoded into the header's `docs_url` (see [`docs_url_template`]).
    docs_url: String,
    /// `(title, description)` per category.
    categories: Vec<(String, String)>,
    errors: Vec<ErrorInput>,
}

#[derive(Debug, Clone)]
struct ErrorInput {
    /// The string code, when the catalog has string codes (made unique and control-free).
    code: String,
    title: String,
    /// Literal text before and after the `{p}` placeholder (errors without params: `before` only).
    before: String,
    after: String,
    fix: String,
    description: String,
    note: String,
    param: String,
    extension: String,
}

impl Input {
    /// Strings a generated catalog takes: title, description, docs URL, two per category and
    /// eight per error (the code is derived from the title).
    const SLOTS: usize = 3 + 2 * CATEGORIES + 8 * ERRORS_PER_CATALOG;

    fn from_strings(strings: &[String], string_codes: bool) -> Input {
        let mut next = strings.iter().cycle().cloned();
        let mut take = || next.next().unwrap_or_default();
        let title = take();
        let description = take();
        let docs_url = take();
        // `tests/rust_check/dump.rs` holds a category title to be non-empty.
        let categories = (0..CATEGORIES)
            .map(|_| (take(), take()))
            .map(|(t, d)| (if t.is_empty() { "C".to_owned() } else { t }, d))
            .collect();
        let errors = (0..ERRORS_PER_CATALOG)
            .map(|i| {
                let title = take();
                ErrorInput {
                    code: string_code(&title, i),
                    title,
                    before: take(),
                    after: take(),
                    fix: take(),
                    description: take(),
                    note: take(),
                    param: take(),
                    extension: take(),
                }
            })
            .collect();
        Input {
            string_codes,
            title,
            description,
            docs_url,
            categories,
            errors,
        }
    }

    /// Error `i` carries corpus entry `i` in every slot; the catalog's and categories' slots
    /// carry all entries (of their third, for categories) joined.
    fn from_corpus(corpus: &[String]) -> Input {
        let all = corpus.concat();
        let third = |k: usize| -> String {
            corpus
                .iter()
                .enumerate()
                .filter(|(i, _)| i % CATEGORIES == k)
                .map(|(_, s)| s.as_str())
                .collect()
        };
        Input {
            string_codes: true,
            title: all.clone(),
            description: all.clone(),
            docs_url: all,
            categories: (0..CATEGORIES).map(|k| (third(k), third(k))).collect(),
            errors: corpus
                .iter()
                .enumerate()
                .map(|(i, s)| ErrorInput {
                    code: string_code(s, i),
                    title: s.clone(),
                    before: s.clone(),
                    after: s.clone(),
                    fix: s.clone(),
                    description: s.clone(),
                    note: s.clone(),
                    param: s.clone(),
                    extension: s.clone(),
                })
                .collect(),
        }
    }

    fn yaml(&self) -> String {
        let mut y = String::new();
        y.push_str("errcat: 1\ncatalog:\n  name: hostile_text\n");
        let _ = writeln!(y, "  title: {}", yaml_str(&self.title));
        y.push_str("  version: 1.0.0\n");
        let _ = writeln!(y, "  description: {}", yaml_str(&self.description));
        let _ = writeln!(
            y,
            "  docs_url: {}",
            yaml_str(&docs_url_template(&self.docs_url))
        );
        y.push_str("categories:\n");
        for (k, (title, description)) in self.categories.iter().enumerate() {
            let _ = writeln!(y, "  - id: c{k}\n    http_status: 400");
            let _ = writeln!(y, "    title: {}", yaml_str(title));
            let _ = writeln!(y, "    description: {}", yaml_str(description));
        }
        y.push_str("errors:\n");
        for (i, e) in self.errors.iter().enumerate() {
            let _ = writeln!(y, "  - name: {}", error_name(i));
            if self.string_codes {
                let _ = writeln!(y, "    code: {}", yaml_str(&e.code));
            } else {
                let _ = writeln!(y, "    code: {}", 1000 + i);
            }
            let _ = writeln!(y, "    category: c{}", i % CATEGORIES);
            let _ = writeln!(y, "    title: {}", yaml_str(&e.title));
            let _ = writeln!(y, "    message: {}", yaml_str(&message(i, e)));
            if has_param(i) {
                let _ = writeln!(
                    y,
                    "    params:\n      p: {{ type: string, description: {} }}",
                    yaml_str(&e.param)
                );
            }
            let _ = writeln!(y, "    fix: {}", yaml_str(&e.fix));
            let _ = writeln!(y, "    description: {}", yaml_str(&e.description));
            if is_deprecated(i) {
                let _ = writeln!(
                    y,
                    "    deprecated: {{ since: 1.0.0, replaced_by: {}, note: {} }}",
                    error_name(0),
                    yaml_str(&e.note)
                );
            }
            let _ = writeln!(y, "    extensions: {{ note: {} }}", yaml_str(&e.extension));
        }
        y
    }
}

fn error_name(i: usize) -> String {
    format!("e{i}")
}

/// Two errors in three have the string parameter `p`.
fn has_param(i: usize) -> bool {
    i % 3 != 2
}

/// One error in four (never the first, which replaces them) is deprecated.
fn is_deprecated(i: usize) -> bool {
    i % 4 == 1
}

/// The message in catalog syntax: literal braces doubled around the `{p}` placeholder.
fn message(i: usize, e: &ErrorInput) -> String {
    let literal = |s: &str| s.replace('{', "{{").replace('}', "}}");
    if has_param(i) {
        format!("{}{{p}}{}", literal(&e.before), literal(&e.after))
    } else {
        literal(&e.before)
    }
}

/// A string code from `s`: control characters (which codes may not hold) dropped, made unique.
fn string_code(s: &str, i: usize) -> String {
    let kept: String = s.chars().filter(|c| !c.is_control()).collect();
    format!("{kept}#{i}")
}

/// A YAML double-quoted scalar holding exactly `s`: everything YAML would fold, drop or reject
/// (line breaks, controls, NEL, the line and paragraph separators, BOM, non-characters) escaped.
fn yaml_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20
                || ('\u{7f}'..='\u{9f}').contains(&c)
                || matches!(
                    c,
                    '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
                ) =>
            {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

// --- the check

/// Writes `input` as a catalog, proves the YAML round trip, generates every target and checks
/// each one (the three languages in parallel).
fn check_catalog(input: &Input) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("catalog.yaml");
    std::fs::write(&path, input.yaml()).expect("write catalog");
    let cat = common::load(&path);
    check_round_trip(input, &cat);
    let out = common::generate(&path);
    check_json_schema(&cat, out.path());
    check_markdown(&cat, out.path());
    std::thread::scope(|s| {
        let checks = [
            s.spawn(|| check_rust(&cat, out.path())),
            s.spawn(|| check_typescript(&cat, out.path())),
            s.spawn(|| check_python(&cat, out.path())),
        ];
        for check in checks {
            if let Err(panic) = check.join() {
                std::panic::resume_unwind(panic);
            }
        }
    });
}

/// `errcat::load` gives back exactly the strings written into the YAML.
fn check_round_trip(input: &Input, cat: &Catalog) {
    assert_eq!(cat.title, input.title, "catalog title");
    assert_eq!(
        cat.description.as_deref(),
        Some(input.description.as_str()),
        "catalog description"
    );
    for (k, (title, description)) in input.categories.iter().enumerate() {
        let c = &cat.categories[k];
        assert_eq!(&c.title, title, "category title");
        assert_eq!(c.description.as_deref(), Some(description.as_str()));
    }
    assert_eq!(cat.errors.len(), input.errors.len());
    for (i, e) in input.errors.iter().enumerate() {
        let got = error(cat, i);
        let what = format!("error {i}");
        assert_eq!(got.title, e.title, "{what}: title");
        assert_eq!(got.message, message(i, e), "{what}: message");
        let mut segments = Vec::new();
        if !e.before.is_empty() {
            segments.push(Segment::Text(e.before.clone()));
        }
        if has_param(i) {
            segments.push(Segment::Param("p".into()));
            if !e.after.is_empty() {
                segments.push(Segment::Text(e.after.clone()));
            }
        }
        assert_eq!(got.segments, segments, "{what}: message segments");
        // The validator drops a blank fix (and warns about it).
        let fix = Some(e.fix.clone()).filter(|f| !f.trim().is_empty());
        assert_eq!(got.fix, fix, "{what}: fix");
        assert_eq!(got.description.as_deref(), Some(e.description.as_str()));
        let note = got.deprecated.as_ref().and_then(|d| d.note.as_deref());
        assert_eq!(note, is_deprecated(i).then_some(e.note.as_str()));
        let param = got.params.first().and_then(|p| p.description.as_deref());
        assert_eq!(param, has_param(i).then_some(e.param.as_str()));
        assert_eq!(got.extensions.get("note"), Some(&json!(e.extension)));
        let code = if input.string_codes {
            Code::Str(e.code.clone())
        } else {
            Code::Int(1000 + i as i64)
        };
        assert_eq!(got.code.as_ref(), Some(&code), "{what}: code");
        check_docs_url(
            got.docs_url.as_deref().expect("a docs URL"),
            &input.docs_url,
            &code.to_string(),
            &got.name,
        );
    }
}

/// The `docs_url` of a test catalog: the hostile text percent-encoded as a path segment (a URL
/// holds no raw brace, space or non-ASCII character), then `{code}` in the path, the query and
/// the fragment, where each must arrive encoded for its component.
fn docs_url_template(hostile: &str) -> String {
    let literal =
        percent_encoding::utf8_percent_encode(hostile, percent_encoding::NON_ALPHANUMERIC);
    format!("https://docs.example.com/{literal}/{{code}}?c={{code}}&n={{name}}#{{code}}")
}

/// An expanded docs URL is a valid URI reference, and each component decodes back to exactly the
/// hostile text, the code or the name it was built from.
fn check_docs_url(url: &str, hostile: &str, code: &str, name: &str) {
    let decode = |s: &str| {
        percent_encoding::percent_decode_str(s)
            .decode_utf8()
            .unwrap_or_else(|e| panic!("{url}: not UTF-8 once decoded: {e}"))
            .into_owned()
    };
    assert!(
        fluent_uri::UriRef::parse(url).is_ok(),
        "not a URI reference: {url}"
    );
    let rest = url
        .strip_prefix("https://docs.example.com/")
        .unwrap_or_else(|| panic!("{url}: the template's start is lost"));
    let (path, rest) = rest.split_once('?').expect("a query");
    let (query, fragment) = rest.split_once('#').expect("a fragment");
    let (literal, path_code) = path.split_once('/').expect("two path segments");
    assert_eq!(
        decode(literal),
        hostile,
        "{url}: the template's literal text"
    );
    assert_eq!(decode(path_code), code, "{url}: `{{code}}` in the path");
    let (c, n) = query.split_once('&').expect("two query parameters");
    assert_eq!(
        c.strip_prefix("c=").map(decode).as_deref(),
        Some(code),
        "{url}: `{{code}}` in the query"
    );
    assert_eq!(n, format!("n={name}"), "{url}: `{{name}}` in the query");
    assert_eq!(decode(fragment), code, "{url}: `{{code}}` in the fragment");
}

/// Error `i` of the input, found by name (string codes sort differently).
fn error(cat: &Catalog, i: usize) -> &CatalogError {
    let name = error_name(i);
    cat.errors
        .iter()
        .find(|e| e.name == name)
        .unwrap_or_else(|| panic!("no error {name}"))
}

// --- Rust

fn check_rust(cat: &Catalog, generated: &Path) {
    let module = generated.join("rust/errors.rs");
    let source = std::fs::read_to_string(&module).expect("errors.rs");
    let work = tempfile::tempdir().expect("temp dir");
    // The module included at the root of a user's library, which denies missing docs as
    // `tests/rust_check` does.
    let root = work.path().join("lib.rs");
    std::fs::write(
        &root,
        format!(
            "//! A crate holding a generated module.\n#![deny(missing_docs)]\ninclude!({:?});\n",
            module.to_str().expect("UTF-8 path")
        ),
    )
    .expect("lib.rs");
    // clippy-driver is rustc with clippy's lints: one build gives the library and the lints,
    // with clippy's default configuration (no `clippy.toml`), as in a user's crate.
    let lib = work.path().join("liberrors.rlib");
    common::run(
        Command::new("clippy-driver")
            .env("CLIPPY_CONF_DIR", work.path())
            .args([
                "--edition",
                "2021",
                "-D",
                "warnings",
                "--crate-type",
                "rlib",
            ])
            .args(["--crate-name", "errors"])
            .arg(&root)
            .arg("-o")
            .arg(&lib),
    );
    check_no_doctests(&root, work.path());
    check_rustdoc_html(&root, work.path());
    rustfmt_check(&module, work.path());
    let cfgs = common::rust_lang::cfgs(&std::fs::read_to_string(&module).expect("module"));
    let program = |source: PathBuf, name: &str| -> String {
        let exe = work.path().join(name);
        common::run(
            Command::new("rustc")
                .args(["--edition", "2021", "-D", "warnings"])
                .args(&cfgs)
                .arg("--extern")
                .arg(format!("errors={}", lib.display()))
                .arg(source)
                .arg("-o")
                .arg(&exe),
        );
        common::run(&mut Command::new(&exe))
    };
    let table = program(common::root().join("tests/rust_check/dump.rs"), "table");
    common::assert_table_eq("Rust", &parse_json(&table), &common::expected_table(cat));

    let extra = parse_json(&program(
        common::root().join("tests/escaping/dump.rs"),
        "extra",
    ));
    let categories: Vec<Value> = cat
        .categories
        .iter()
        .map(|c| json!([c.id, c.title]))
        .collect();
    assert_eq!(
        extra["categories"],
        json!(categories),
        "Rust category titles"
    );
    let params: Vec<Value> = cat
        .errors
        .iter()
        .map(|e| {
            json!(
                e.params
                    .iter()
                    .map(|p| json!([p.name, p.description]))
                    .collect::<Vec<_>>()
            )
        })
        .collect();
    assert_eq!(extra["params"], json!(params), "Rust param descriptions");
    // Doc comments cannot be read back at run time; they must at least hold no line break that
    // would end the comment early and put catalog text into code.
    for line in source.lines() {
        assert!(
            !line.contains('\r') && !line.contains('\u{2028}') && !line.contains('\u{2029}'),
            "a raw line separator in errors.rs: {line:?}"
        );
    }
}

/// `rustdoc --test` over the crate finds no doctest: no catalog text became a code block
/// rustdoc would compile and run in the user's `cargo test`.
fn check_no_doctests(root: &Path, work: &Path) {
    let out = common::run(
        Command::new("rustdoc")
            .args(["--test", "--edition", "2021", "--crate-type", "lib"])
            .args(["--crate-name", "errors", "-D", "warnings"])
            .arg(root)
            .current_dir(work),
    );
    assert!(
        out.contains("running 0 tests") && out.contains("test result: ok. 0 passed"),
        "rustdoc found doctests in catalog text:\n{out}"
    );
}

/// `rustdoc -D warnings` documents the crate without a word (no broken intra-doc link, invalid
/// HTML tag, bare URL or unportable markdown in catalog text), and the pages it writes hold no
/// HTML from the catalog (see [`check_rustdoc_tags`]).
fn check_rustdoc_html(root: &Path, work: &Path) {
    let doc = work.join("doc");
    let mut cmd = Command::new("rustdoc");
    cmd.args(["--edition", "2021", "--crate-type", "lib"])
        .args(["--crate-name", "errors", "-D", "warnings", "-o"])
        .arg(&doc)
        .arg(root)
        .current_dir(work);
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && stderr.trim().is_empty(),
        "rustdoc warns about catalog text ({}):\n{stderr}",
        out.status
    );
    let mut pages = 0;
    for entry in std::fs::read_dir(doc.join("errors")).expect("rustdoc wrote errors/") {
        let path = entry.expect("a page").path();
        if path.extension().is_some_and(|e| e == "html") {
            let html = std::fs::read_to_string(&path).expect("read a page");
            check_rustdoc_tags(&html, &path.display().to_string());
            pages += 1;
        }
    }
    // The crate page, `all.html`, one per enum, struct and the rest.
    assert!(pages >= 5, "rustdoc wrote only {pages} pages");
}

/// The elements rustdoc's markdown renderer writes for doc text (headings get an `id`, links an
/// `href`, code blocks a `div` and a `pre` with a class, `br` and `hr` are self-closed). Images,
/// footnotes and task lists are left out: catalog text never makes them.
const MARKDOWN_ELEMENTS: &[&str] = &[
    "p",
    "em",
    "strong",
    "del",
    "code",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "br",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "div",
    "pre",
    "span",
];

/// Every region of a rustdoc page that shows doc text — a docs block, an item's deprecation box
/// (`item-info`), a summary line in an item table (`dd`) — holds only elements of
/// [`MARKDOWN_ELEMENTS`], balanced, written as rustdoc writes them: no comment, CDATA or
/// processing instruction, no `a` without `href`, no `<br>` rustdoc would write `<br />`. In
/// rustdoc's HTML every `<` of text is written `&lt;`, so each `<` there is a tag; a tag from the
/// catalog (`<script>`, `<b>`, `<img onerror=..>`, `<a id=..>`, `<!--`, a stray `</a>`) fails
/// this. (Balanced HTML written exactly as rustdoc writes markdown, `<em>x</em>`, would look the
/// same here; `doc_text`'s unit tests parse the doc text itself and find no HTML in it.)
fn check_rustdoc_tags(html: &str, page: &str) {
    for start in [
        "<div class=\"docblock",
        "<span class=\"item-info\">",
        "<dd>",
    ] {
        for (at, _) in html.match_indices(start) {
            // The region's own element, written by rustdoc.
            let name = start[1..].split(['>', ' ']).next().unwrap_or_default();
            let mut open: Vec<&str> = vec![name];
            let mut i = at + html[at..].find('>').expect("a tag ends") + 1;
            while !open.is_empty() {
                let lt = i + html[i..]
                    .find('<')
                    .unwrap_or_else(|| panic!("{page}: a docs region at {at} never closes"));
                let gt = lt + html[lt..].find('>').expect("a tag ends");
                let tag = &html[lt..=gt];
                i = gt + 1;
                let context = || &html[lt.saturating_sub(200)..(gt + 200).min(html.len())];
                assert!(
                    !tag.starts_with("<!") && !tag.starts_with("<?"),
                    "{page}: catalog text became HTML: {tag:?} in {:?}",
                    context()
                );
                if let Some(name) = tag.strip_prefix("</") {
                    let name = name.trim_end_matches('>');
                    assert_eq!(
                        open.pop(),
                        Some(name),
                        "{page}: an end tag {tag:?} that rustdoc did not open, in {:?}",
                        context()
                    );
                } else {
                    let name_end = tag[1..]
                        .find(|c: char| c.is_whitespace() || c == '/' || c == '>')
                        .map_or(tag.len(), |e| e + 1);
                    let name = &tag[1..name_end];
                    assert!(
                        MARKDOWN_ELEMENTS.contains(&name)
                            && (name != "a" || tag.contains(" href=\""))
                            && (!matches!(name, "br" | "hr") || tag.ends_with(" />")),
                        "{page}: catalog text became HTML: {tag:?} in {:?}",
                        context()
                    );
                    if !matches!(name, "br" | "hr") {
                        open.push(name);
                    }
                }
            }
        }
    }
}

/// `rustfmt --check` with the default configuration, as `tests/rust.rs` runs it on fixtures.
fn rustfmt_check(module: &Path, work: &Path) {
    let config = work.join("rustfmt.toml");
    std::fs::write(&config, "").expect("rustfmt.toml");
    common::run(
        Command::new("rustfmt")
            .args(["--edition", "2021", "--check", "--config-path"])
            .arg(&config)
            .arg(module),
    );
}

// --- TypeScript

fn check_typescript(cat: &Catalog, generated: &Path) {
    let work = tempfile::tempdir().expect("temp dir");
    let copy = |from: PathBuf, to: &str| {
        std::fs::copy(&from, work.path().join(to))
            .unwrap_or_else(|e| panic!("cannot copy {}: {e}", from.display()));
    };
    let programs = common::root().join("tests/typescript");
    let ours = common::root().join("tests/escaping");
    copy(generated.join("typescript/errors.ts"), "errors.ts");
    copy(programs.join("check.ts"), "check.ts");
    copy(programs.join("consumer.ts"), "consumer.ts");
    copy(programs.join("with_codes.ts"), "codes.ts");
    copy(ours.join("dump.ts"), "dump.ts");
    copy(ours.join("tsconfig.json"), "tsconfig.json");
    common::run(
        Command::new(common::node_bin("tsc"))
            .arg("--project")
            .arg(work.path().join("tsconfig.json"))
            .args(["--pretty", "false"]),
    );
    let out = work.path().join("out");
    std::fs::write(out.join("package.json"), "{ \"type\": \"module\" }\n").expect("package.json");
    let table = common::run(Command::new("node").arg(out.join("consumer.js")));
    common::assert_table_eq(
        "TypeScript",
        &parse_json(&table),
        &common::expected_table(cat),
    );
    let extra = parse_json(&common::run(Command::new("node").arg(out.join("dump.js"))));
    let ids: Vec<&str> = cat.categories.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(extra["categories"], json!(ids), "TypeScript categories");
    let deprecations: Vec<Value> = cat
        .errors
        .iter()
        .map(|e| match &e.deprecated {
            None => Value::Null,
            Some(d) => json!({"since": d.since, "replacedBy": d.replaced_by, "note": d.note}),
        })
        .collect();
    assert_eq!(
        extra["deprecations"],
        json!(deprecations),
        "TypeScript deprecations"
    );
}

// --- Python

fn check_python(cat: &Catalog, generated: &Path) {
    let package = common::py_lang::package(generated);
    let work = tempfile::tempdir().expect("temp dir");
    let consumer = common::py_lang::write_consumer(&package, work.path());
    let source = std::fs::read_to_string(common::root().join("tests/escaping/dump.py"))
        .expect("read dump.py");
    let dump = work.path().join("dump.py");
    std::fs::write(&dump, source.replace("messaging_errors", &package.name)).expect("dump.py");
    common::run(
        Command::new(common::venv_bin("mypy"))
            .args(["--strict", "--python-version", "3.9", "--no-color-output"])
            .arg("--cache-dir")
            .arg(work.path().join("mypy-cache"))
            .arg(package.dir())
            .arg(&consumer)
            .arg(&dump)
            .env("MYPYPATH", &package.python_dir)
            .current_dir(work.path()),
    );
    common::py_lang::ruff(&package.dir());
    let table = common::run(&mut common::py_lang::python(&package, &consumer));
    common::assert_table_eq("Python", &parse_json(&table), &common::expected_table(cat));

    let extra = parse_json(&common::run(&mut common::py_lang::python(&package, &dump)));
    assert_eq!(extra["title"], json!(cat.title), "Python CATALOG_TITLE");
    let ids: Vec<&str> = cat.categories.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(extra["categories"], json!(ids), "Python categories");
    for (e, got) in cat
        .errors
        .iter()
        .zip(extra["errors"].as_array().expect("errors"))
    {
        let what = format!("Python {}", e.name);
        assert_eq!(got["name"], json!(e.name), "{what}: order");
        assert_eq!(
            got["description"],
            json!(e.description),
            "{what}: description"
        );
        let note = e.deprecated.as_ref().and_then(|d| d.note.clone());
        assert_eq!(
            got["deprecation_note"],
            json!(note),
            "{what}: deprecation note"
        );
        assert_eq!(
            got["segments"],
            json!(alternating(&e.segments)),
            "{what}: segments"
        );
        let doc = &extra["error_docs"][Python::member(&e.name)];
        assert_eq!(doc, &json!(python_doc(e)), "{what}: docstring");
    }
    for c in &cat.categories {
        let doc = &extra["category_docs"][Python::member(&c.id)];
        assert_eq!(doc, &json!(c.title.trim()), "Python category docstring");
    }
}

/// Text, name, text, ..., text (see the python target).
fn alternating(segments: &[Segment]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for s in segments {
        match s {
            Segment::Text(t) => out.push(t.clone()),
            Segment::Param(p) => {
                if out.len().is_multiple_of(2) {
                    out.push(String::new());
                }
                out.push(p.clone());
            }
        }
    }
    if out.len().is_multiple_of(2) {
        out.push(String::new());
    }
    out
}

/// The docstring the python target gives an `ErrorCode` member: title, deprecation, fix, each
/// trimmed and separated by a blank line.
fn python_doc(e: &CatalogError) -> String {
    let mut doc = e.title.trim().to_owned();
    if let Some(d) = &e.deprecated {
        doc.push_str("\n\nDeprecated");
        if let Some(since) = &d.since {
            let _ = write!(doc, " since {since}");
        }
        doc.push('.');
        if let Some(r) = &d.replaced_by {
            let _ = write!(doc, " Use {} instead.", Python::member(r));
        }
        // A note of only whitespace says nothing, and the docstring leaves it out.
        if let Some(note) = d.note.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
            let _ = write!(doc, " {note}");
        }
    }
    if let Some(fix) = &e.fix {
        let _ = write!(doc, "\n\nFix: {}", fix.trim());
    }
    doc
}

fn parse_json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"))
}

// --- JSON Schema

fn check_json_schema(cat: &Catalog, generated: &Path) {
    let text = std::fs::read_to_string(generated.join("json-schema/error-response.schema.json"))
        .expect("the schema");
    let schema = parse_json(&text);
    let meta = jsonschema::draft202012::meta::validator();
    let problems: Vec<String> = meta.iter_errors(&schema).map(|e| e.to_string()).collect();
    assert!(problems.is_empty(), "not a 2020-12 schema: {problems:?}");
    assert_eq!(schema["$comment"], json!(errcat::targets::header(cat)));
    assert_eq!(
        schema["title"],
        json!(format!("{} error response", cat.title))
    );
    let description = schema["description"].as_str().expect("description");
    if let Some(d) = cat.description.as_deref().map(str::trim)
        && !d.is_empty()
    {
        assert!(
            description.ends_with(&format!("\n\n{d}")),
            "the schema description does not end with the catalog's: {description:?}"
        );
    }
    assert!(
        description.contains(&format!(" of {} 1.0.0: ", cat.title)),
        "the schema description does not name the catalog: {description:?}"
    );
    for e in &cat.errors {
        let def = &schema["$defs"][&e.name];
        let what = format!("JSON Schema {}", e.name);
        assert_eq!(def["title"], json!(e.title), "{what}: title");
        assert_eq!(
            def["description"],
            json!(schema_summary(e)),
            "{what}: description"
        );
        let props = &def["properties"];
        assert_eq!(
            props["title"]["const"],
            json!(e.title),
            "{what}: title const"
        );
        assert_eq!(props["name"]["const"], json!(e.name), "{what}: name const");
        assert_eq!(
            props["type"]["const"],
            json!(e.docs_url),
            "{what}: docs URL"
        );
        assert_eq!(props["code"]["const"], json!(e.code), "{what}: code");
        assert_eq!(props["status"]["const"], json!(e.http_status));
    }
}

/// The description of an error's branch: message, description, fix, retry and deprecation
/// notes, each trimmed, separated by blank lines.
fn schema_summary(e: &CatalogError) -> String {
    let mut parts = vec![e.message.trim().to_owned()];
    if let Some(d) = e.description.as_deref().map(str::trim)
        && !d.is_empty()
    {
        parts.push(d.to_owned());
    }
    if let Some(fix) = &e.fix {
        parts.push(format!("Fix: {}", fix.trim()));
    }
    if e.retryable {
        parts.push("Retryable.".to_owned());
    }
    if let Some(d) = &e.deprecated {
        let mut note = "Deprecated".to_owned();
        if let Some(since) = &d.since {
            let _ = write!(note, " since {since}");
        }
        note.push('.');
        if let Some(by) = &d.replaced_by {
            let _ = write!(note, " Use `{by}` instead.");
        }
        if let Some(n) = d.note.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
            let _ = write!(note, " {n}");
        }
        parts.push(note);
    }
    parts.join("\n\n")
}

// --- Markdown

/// GitHub-flavoured markdown as far as pulldown-cmark has it: tables and strikethrough.
fn md_options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

/// The events of `text`, with trailing line breaks of code block text dropped: a fence left
/// open inside a list item ends with the item, after one more (invisible) blank line on the page
/// than on its own.
fn parse_md(text: &str) -> Vec<Event<'static>> {
    let mut in_code = false;
    Parser::new_ext(text, md_options())
        .map(Event::into_static)
        .filter_map(|e| match e {
            Event::Start(Tag::CodeBlock(_)) => {
                in_code = true;
                Some(e)
            }
            Event::End(TagEnd::CodeBlock) => {
                in_code = false;
                Some(e)
            }
            Event::Text(t) if in_code => {
                let t = t.trim_end_matches('\n');
                (!t.is_empty()).then(|| Event::Text(t.to_owned().into()))
            }
            e => Some(e),
        })
        .collect()
}

/// The equivalence of plain text on the page: markdown folds whitespace and trims it (Unicode
/// whitespace too, at the ends of a table cell), so runs of whitespace characters (line breaks
/// included) are one space and the ends are trimmed; CommonMark shows NUL as U+FFFD.
fn norm(s: &str) -> String {
    s.replace("\r\n", "\n")
        .replace(['\r'], "\n")
        .replace('\0', "\u{fffd}")
        .split(char::is_whitespace)
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The text a reader sees in `events`: text and code, line breaks (`<br />` included) as `\n`.
fn text_of(events: &[Event]) -> String {
    let mut out = String::new();
    for e in events {
        match e {
            Event::Text(t) | Event::Code(t) => out.push_str(t),
            Event::SoftBreak | Event::HardBreak => out.push('\n'),
            Event::InlineHtml(h) if h.as_ref() == "<br />" => out.push('\n'),
            _ => {}
        }
    }
    out
}

/// The index just past the block starting at `events[start]` (a `Start` and its `End`, or one
/// event).
fn block_end(events: &[Event], start: usize) -> usize {
    let mut depth = 0usize;
    for (i, e) in events.iter().enumerate().skip(start) {
        match e {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth -= 1,
            _ => {}
        }
        if depth == 0 {
            return i + 1;
        }
    }
    events.len()
}

/// Top-level blocks of `events`.
fn blocks<'e>(events: &'e [Event<'static>]) -> Vec<&'e [Event<'static>]> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < events.len() {
        let end = block_end(events, i);
        out.push(&events[i..end]);
        i = end;
    }
    out
}

/// The bold label a template paragraph starts with (`Fix:`, `Parameters`, `Extensions:`).
fn label(block: &[Event]) -> Option<String> {
    match block {
        [
            Event::Start(Tag::Paragraph),
            Event::Start(Tag::Strong),
            Event::Text(t),
            Event::End(TagEnd::Strong),
            ..,
        ] => Some(t.to_string()),
        _ => None,
    }
}

/// A table's rows (the head first), each a list of cells, each its events.
fn table_rows(table: &[Event<'static>]) -> Vec<Vec<Vec<Event<'static>>>> {
    let mut rows = Vec::new();
    let mut row: Vec<Vec<Event<'static>>> = Vec::new();
    let mut cell: Option<Vec<Event<'static>>> = None;
    for e in table {
        match e {
            Event::Start(Tag::TableCell) => cell = Some(Vec::new()),
            Event::End(TagEnd::TableCell) => row.push(cell.take().unwrap_or_default()),
            Event::End(TagEnd::TableHead | TagEnd::TableRow) => rows.push(std::mem::take(&mut row)),
            e => {
                if let Some(c) = cell.as_mut() {
                    c.push(e.clone());
                }
            }
        }
    }
    rows
}

/// The events of the single body cell of a one-column table holding `cell`: how a table cell
/// renders on its own.
fn lone_cell(cell: &str) -> Vec<Event<'static>> {
    let table = parse_md(&format!("| x |\n| --- |\n| {cell} |\n"));
    table_rows(&table)
        .get(1)
        .and_then(|row| row.first().cloned())
        .unwrap_or_default()
}

/// How a markdown field renders on its own, as a page of its own (ending in a line break).
fn lone_block(s: &str) -> Vec<Event<'static>> {
    parse_md(&format!("{}\n", md_block(s, false)))
}

fn assert_text(got: &[Event], want: &str, what: &str) {
    assert_eq!(
        norm(&text_of(got)),
        norm(want),
        "markdown {what}: the page reads {:?}",
        text_of(got)
    );
}

/// Checks the markdown page:
///
/// - the only HTML on the page is the template's own (`<a id>` anchors, `<nobr>` around names
///   in tables, `<br />` in table cells; the header is a link definition, which shows nothing): no catalog
///   text becomes raw HTML;
/// - every table keeps its columns and rows;
/// - plain-text fields (titles, codes, messages, parameter descriptions, deprecation notes)
///   read back equal to the catalog text under [`norm`], literally (so `{{ x }}` and
///   `{% raw %}` come out as written);
/// - markdown fields (descriptions, fixes) render exactly as the same text renders on its own
///   (a lone paragraph, or a lone table cell): nothing in them leaks out of their place, and
///   nothing around them leaks in; their HTML is shown as text;
/// - extension values read back byte for byte from their code spans.
fn check_markdown(cat: &Catalog, generated: &Path) {
    let text = std::fs::read_to_string(generated.join("markdown/errors.md")).expect("the page");
    let events = parse_md(&text);

    let mut anchors: Vec<String> = std::iter::once("envelope".to_owned())
        .chain(cat.categories.iter().map(|c| format!("category-{}", c.id)))
        .collect();
    anchors.extend(cat.errors.iter().map(|e| e.name.clone()));
    // `(anchor, index of the anchor's paragraph, index just past it)`. An anchor line is a
    // paragraph of two inline HTML events (`<a id="x">` and `</a>`); an error's may be followed,
    // after a line break, by the anchor of its code (its `docs_url` ends in `#{code}`), with the
    // code written as an HTML attribute.
    let mut sections: Vec<(String, usize, usize)> = Vec::new();
    let close = || Event::InlineHtml("</a>".into());
    for (i, e) in events.iter().enumerate() {
        match e {
            Event::Html(h) | Event::InlineHtml(h) => {
                let h = h.trim_end_matches('\n');
                if sections.last().is_some_and(|s| i < s.2) {
                    continue;
                }
                let anchor = anchors
                    .iter()
                    .find(|a| h == format!("<a id=\"{a}\">"))
                    .filter(|_| {
                        i > 0
                            && events[i - 1] == Event::Start(Tag::Paragraph)
                            && events.get(i + 1) == Some(&close())
                    });
                if let Some(a) = anchor {
                    let mut end = i + 2;
                    if let Some(e) = cat.errors.iter().find(|e| &e.name == a) {
                        let code = html_attr(&code_text(e));
                        if events.get(end) == Some(&Event::SoftBreak)
                            && events.get(end + 1)
                                == Some(&Event::InlineHtml(format!("<a id=\"{code}\">").into()))
                            && events.get(end + 2) == Some(&close())
                        {
                            end += 3;
                        }
                    }
                    assert_eq!(
                        events.get(end),
                        Some(&Event::End(TagEnd::Paragraph)),
                        "markdown: the anchors of `{a}`"
                    );
                    sections.push((a.clone(), i - 1, end + 1));
                } else {
                    assert!(
                        matches!(h, "<br />" | "<nobr>" | "</nobr>")
                            && matches!(e, Event::InlineHtml(_)),
                        "catalog text became HTML on the markdown page: {h:?}"
                    );
                }
            }
            Event::InlineMath(_) | Event::DisplayMath(_) => panic!("math on the page: {e:?}"),
            _ => {}
        }
    }
    assert_eq!(
        sections.iter().map(|(a, ..)| a.clone()).collect::<Vec<_>>(),
        std::iter::once("envelope".to_owned())
            .chain(
                cat.categories
                    .iter()
                    .filter(|c| cat.errors.iter().any(|e| e.category == c.id))
                    .flat_map(|c| {
                        std::iter::once(format!("category-{}", c.id)).chain(
                            cat.errors
                                .iter()
                                .filter(|e| e.category == c.id)
                                .map(|e| e.name.clone()),
                        )
                    }),
            )
            .collect::<Vec<_>>(),
        "markdown: the anchors, in page order"
    );

    // The preamble: title, version, description, contents.
    let preamble = blocks(&events[..sections[0].1]);
    let h1 = preamble
        .iter()
        .position(|b| {
            matches!(
                b[0],
                Event::Start(Tag::Heading {
                    level: HeadingLevel::H1,
                    ..
                })
            )
        })
        .expect("an h1");
    assert_text(preamble[h1], &cat.title, "catalog title");
    assert_text(preamble[h1 + 1], "Version 1.0.0.", "version line");
    let contents_title = preamble
        .iter()
        .rposition(|b| {
            matches!(
                b[0],
                Event::Start(Tag::Heading {
                    level: HeadingLevel::H2,
                    ..
                })
            ) && text_of(b) == "Contents"
        })
        .expect("a contents heading");
    let description: Vec<Event> = preamble[h1 + 2..contents_title]
        .iter()
        .flat_map(|b| b.iter().cloned())
        .collect();
    let want = cat
        .description
        .as_deref()
        .map_or_else(Vec::new, |d| lone_block(d));
    assert_eq!(description, want, "markdown: the catalog description");
    let mut rest = preamble[contents_title + 1..].iter();
    let contents = rest.next().expect("the contents list");
    let items: Vec<String> = blocks(&contents[1..contents.len() - 1])
        .iter()
        .map(|item| norm(&text_of(item)))
        .collect();
    let want: Vec<String> = std::iter::once("Envelope".to_owned())
        .chain(cat.categories.iter().filter_map(|c| {
            let n = cat.errors.iter().filter(|e| e.category == c.id).count();
            (n > 0).then(|| norm(&format!("{} ({n})", c.title)))
        }))
        .collect();
    assert_eq!(items, want, "markdown: the contents");

    for (k, (anchor, _, start)) in sections.iter().enumerate() {
        let end = sections.get(k + 1).map_or(events.len(), |(_, i, _)| *i);
        let section = blocks(&events[*start..end]);
        if anchor == "envelope" {
            // The envelope section holds no catalog text for these catalogs (no `envelope:`,
            // no fields): a heading, a sentence, the members table, two paragraphs and the list.
            assert_text(section[0], "Envelope", "the envelope heading");
            assert!(
                section
                    .iter()
                    .any(|b| matches!(b[0], Event::Start(Tag::Table(_)))),
                "markdown: the envelope table"
            );
        } else if let Some(id) = anchor.strip_prefix("category-") {
            let c = cat
                .categories
                .iter()
                .find(|c| c.id == id)
                .expect("category");
            check_category_section(cat, c, &section);
        } else {
            let e = cat
                .errors
                .iter()
                .find(|e| &e.name == anchor)
                .expect("error");
            check_error_section(cat, e, &section);
        }
    }
}

fn check_category_section(
    cat: &Catalog,
    c: &errcat::catalog::Category,
    section: &[&[Event<'static>]],
) {
    let what = format!("category {}", c.id);
    assert!(matches!(
        section[0][0],
        Event::Start(Tag::Heading {
            level: HeadingLevel::H2,
            ..
        })
    ));
    assert_text(section[0], &c.title, &format!("{what}: title"));
    let table_at = section
        .iter()
        .rposition(|b| matches!(b[0], Event::Start(Tag::Table(_))))
        .expect("the category's table");
    let description: Vec<Event> = section[1..table_at]
        .iter()
        .flat_map(|b| b.iter().cloned())
        .collect();
    let want = c
        .description
        .as_deref()
        .map_or_else(Vec::new, |d| lone_block(d));
    assert_eq!(description, want, "markdown {what}: description");
    assert_eq!(
        table_at,
        section.len() - 1,
        "markdown {what}: nothing after the table"
    );

    let rows = table_rows(section[table_at]);
    let errors: Vec<&CatalogError> = cat.errors.iter().filter(|e| e.category == c.id).collect();
    assert_eq!(
        rows.len(),
        errors.len() + 1,
        "markdown {what}: one row per error"
    );
    let head: Vec<String> = rows[0].iter().map(|cell| text_of(cell)).collect();
    assert_eq!(head, ["Code", "Name", "HTTP", "Message", "Fix"]);
    for (row, e) in rows[1..].iter().zip(errors) {
        let what = format!("{what}, row {}", e.name);
        assert_eq!(row.len(), 5, "markdown {what}: five cells");
        assert_text(&row[0], &code_text(e), &format!("{what}: code"));
        // A deprecated error is marked next to its name.
        let name = if e.deprecated.is_some() {
            format!("{} (deprecated)", e.name)
        } else {
            e.name.clone()
        };
        assert_text(&row[1], &name, &format!("{what}: name"));
        assert_text(&row[2], &status(e).to_string(), &format!("{what}: status"));
        assert_text(&row[3], &e.message, &format!("{what}: message"));
        let fix = e
            .fix
            .as_deref()
            .map_or_else(Vec::new, |f| lone_cell(&md_inline(f)));
        assert_eq!(row[4], fix, "markdown {what}: the fix cell");
    }
}

/// The HTTP status of an error of a generated catalog, which gives every error one.
fn status(e: &CatalogError) -> u16 {
    e.http_status
        .expect("escaping catalogs give every error an HTTP status")
}

/// Text as a double-quoted HTML attribute value.
fn html_attr(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn code_text(e: &CatalogError) -> String {
    e.code.as_ref().map(ToString::to_string).unwrap_or_default()
}

fn check_error_section(cat: &Catalog, e: &CatalogError, section: &[&[Event<'static>]]) {
    let what = format!("error {}", e.name);
    let mut blocks = section.iter().copied().peekable();
    let heading = blocks.next().expect("a heading");
    assert!(matches!(
        heading[0],
        Event::Start(Tag::Heading {
            level: HeadingLevel::H3,
            ..
        })
    ));
    let code = code_text(e);
    let prefix = if code.is_empty() {
        String::new()
    } else {
        format!("{code} ")
    };
    assert_text(
        heading,
        &format!("{prefix}{}: {}", e.name, e.title),
        &format!("{what}: heading"),
    );

    if let Some(d) = &e.deprecated {
        let quote = blocks.next().expect("a deprecation note");
        assert!(
            matches!(quote[0], Event::Start(Tag::BlockQuote(_))),
            "{what}: no blockquote"
        );
        let mut want = "Deprecated".to_owned();
        if let Some(since) = &d.since {
            let _ = write!(want, " since {since}");
        }
        want.push('.');
        if let Some(r) = &d.replaced_by {
            let _ = write!(want, " Use {r} instead.");
        }
        if let Some(n) = &d.note {
            let _ = write!(want, " {n}");
        }
        assert_text(quote, &want, &format!("{what}: deprecation"));
    }

    let list = blocks.next().expect("the field list");
    assert!(
        matches!(list[0], Event::Start(Tag::List(_))),
        "{what}: no field list"
    );
    let items: Vec<String> = self::blocks(&list[1..list.len() - 1])
        .iter()
        .map(|item| norm(&text_of(item)))
        .collect();
    let mut want = vec![
        norm(&format!("HTTP status: {}", status(e))),
        norm(&format!("Message: {}", e.message)),
        norm(&format!(
            "Retryable: {}",
            if e.retryable { "yes" } else { "no" }
        )),
    ];
    if let Some(since) = &e.since {
        want.push(norm(&format!("Since: {since}")));
    }
    if let Some(url) = &e.docs_url {
        want.push(norm(&format!("Docs: {url}")));
    }
    assert_eq!(items, want, "markdown {what}: the field list");

    // A description gets a title of its own, so a list it starts with cannot join the field list.
    if let Some(d) = e.description.as_deref().filter(|d| !d.trim().is_empty()) {
        let title = blocks.next().expect("a description title");
        assert_eq!(label(title).as_deref(), Some("Description"), "{what}");
        let description: Vec<Event> = std::iter::from_fn(|| blocks.next_if(|b| label(b).is_none()))
            .flat_map(|b| b.iter().cloned())
            .collect();
        assert_eq!(description, lone_block(d), "markdown {what}: description");
    }

    if !e.params.is_empty() {
        let title = blocks.next().expect("a parameters title");
        assert_eq!(label(title).as_deref(), Some("Parameters"), "{what}");
        let table = blocks.next().expect("a parameters table");
        let rows = table_rows(table);
        assert_eq!(
            rows.len(),
            e.params.len() + 1,
            "markdown {what}: one row per param"
        );
        for (row, p) in rows[1..].iter().zip(&e.params) {
            assert_eq!(row.len(), 3, "markdown {what}: three cells");
            assert_text(&row[0], &p.name, &format!("{what}: param name"));
            let description = p.description.as_deref().unwrap_or_default();
            assert_text(&row[2], description, &format!("{what}: param description"));
        }
    }

    // The example body: the reference serializer's JSON, read back from the code block.
    let title = blocks.next().expect("an example body title");
    assert_eq!(label(title).as_deref(), Some("Example body"), "{what}");
    let code = blocks.next().expect("an example body");
    let json: String = code
        .iter()
        .filter_map(|ev| match ev {
            Event::Text(t) => Some(t.to_string()),
            _ => None,
        })
        .collect();
    let body =
        errcat::catalog::body::body_json(cat, e, &errcat::catalog::body::example_values(cat, e));
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&json).expect("JSON"),
        serde_json::from_str::<serde_json::Value>(&body).expect("JSON"),
        "markdown {what}: the example body"
    );

    if let Some(fix) = &e.fix {
        let title = blocks.peek().copied().expect("a fix");
        assert_eq!(label(title).as_deref(), Some("Fix:"), "{what}");
        blocks.next();
        let mut got: Vec<Event> = title.to_vec();
        got.extend(
            std::iter::from_fn(|| blocks.next_if(|b| label(b).is_none()))
                .flat_map(|b| b.iter().cloned()),
        );
        let want = parse_md(&format!("**Fix:** {}\n", md_block(fix, true)));
        assert_eq!(got, want, "markdown {what}: the fix");
    }

    if !e.extensions.is_empty() {
        let para = blocks.next().expect("extensions");
        assert_eq!(label(para).as_deref(), Some("Extensions:"), "{what}");
        let codes: Vec<String> = para
            .iter()
            .filter_map(|ev| match ev {
                Event::Code(c) => Some(c.to_string()),
                _ => None,
            })
            .collect();
        let want: Vec<String> = e
            .extensions
            .iter()
            .flat_map(|(k, v)| [k.clone(), serde_json::to_string(v).expect("JSON")])
            .collect();
        assert_eq!(codes, want, "markdown {what}: extensions");
    }
    let left: Vec<_> = blocks.collect();
    assert!(
        left.is_empty(),
        "markdown {what}: unexpected blocks {left:?}"
    );
}
