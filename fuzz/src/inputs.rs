//! Fuzz inputs for errcat, decoded from a byte string, and the load → validate → render run.
//!
//! Shared by the libFuzzer target (`fuzz/fuzz_targets/load_render.rs`, coverage-guided bytes)
//! and the bounded proptest pass in `tests/fuzz.rs` (random bytes with a fixed seed), so both
//! explore the same input space. The first byte picks a generator:
//!
//! - raw bytes as one catalog file;
//! - a catalog built from the catalog grammar with random keys, values and types, printed in
//!   random YAML styles (block or flow, plain, quoted or literal scalars);
//! - a soup of YAML tokens: anchors, aliases, tags, flow/block mixes, directives, documents;
//! - a flagship or fixture catalog file mutated by byte-driven edits;
//! - a directory of several files, each made by one of the generators above.
//!
//! Only `std`, `errcat` and `tempfile` are used, so the module compiles in both crates.

use std::path::{Path, PathBuf};

/// Reads choices from fuzz bytes; once they run out, every choice is 0.
pub struct Bytes<'a> {
    data: &'a [u8],
    /// Structure-aware generation aims at a valid catalog: no wrong types, unknown keys or
    /// dangling references, so the input reaches validation's deeper rules and the renderers.
    sane: bool,
}

impl<'a> Bytes<'a> {
    pub fn new(data: &'a [u8]) -> Bytes<'a> {
        Bytes { data, sane: false }
    }

    pub fn byte(&mut self) -> u8 {
        match self.data.split_first() {
            Some((&b, rest)) => {
                self.data = rest;
                b
            }
            None => 0,
        }
    }

    /// A number below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        let v = if n <= 256 {
            usize::from(self.byte())
        } else {
            usize::from(self.byte()) << 8 | usize::from(self.byte())
        };
        v % n
    }

    /// True with probability about `percent` / 100.
    pub fn chance(&mut self, percent: u8) -> bool {
        self.byte() % 100 < percent
    }

    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    /// Takes up to `n` bytes as they are.
    pub fn take(&mut self, n: usize) -> &'a [u8] {
        let n = n.min(self.data.len());
        let (head, rest) = self.data.split_at(n);
        self.data = rest;
        head
    }
}

/// One fuzz input: a single catalog file, or a directory of files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    File(Vec<u8>),
    Dir(Vec<(String, Vec<u8>)>),
}

impl Input {
    /// Writes the input under `dir` (emptied first) and returns the path to load.
    pub fn write(&self, dir: &Path) -> std::io::Result<PathBuf> {
        if dir.exists() {
            std::fs::remove_dir_all(dir)?;
        }
        std::fs::create_dir_all(dir)?;
        match self {
            Input::File(bytes) => {
                let path = dir.join("catalog.yaml");
                std::fs::write(&path, bytes)?;
                Ok(path)
            }
            Input::Dir(files) => {
                let root = dir.join("catalog");
                std::fs::create_dir_all(&root)?;
                for (name, bytes) in files {
                    std::fs::write(root.join(name), bytes)?;
                }
                Ok(root)
            }
        }
    }

    /// The input as one text for a regression file: a directory's files are separated by a
    /// `# ==> name` line.
    pub fn to_text(&self) -> Vec<u8> {
        match self {
            Input::File(bytes) => bytes.clone(),
            Input::Dir(files) => {
                let mut out = Vec::new();
                for (name, bytes) in files {
                    out.extend_from_slice(format!("# ==> {name}\n").as_bytes());
                    out.extend_from_slice(bytes);
                    out.push(b'\n');
                }
                out
            }
        }
    }
}

/// The flagship catalog files and the test fixtures, used as seeds for mutation.
pub fn seeds(repo: &Path) -> Vec<String> {
    let mut paths = Vec::new();
    for dir in [repo.join("catalog"), repo.join("tests/fixtures")] {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                paths.push(p.join("catalog.yaml"));
            } else if p.extension().is_some_and(|x| x == "yaml") {
                paths.push(p);
            }
        }
    }
    paths.sort();
    paths
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect()
}

/// Decodes fuzz bytes into an input.
pub fn input(data: &[u8], seeds: &[String]) -> Input {
    let mut b = Bytes::new(data);
    match b.byte() % 5 {
        4 => {
            let n = 1 + b.below(5);
            let names = ["a.yaml", "b.yml", "c.yaml", "d.yaml", "notes.txt"];
            let mut files = Vec::new();
            for name in names.iter().take(n) {
                let mode = b.byte() % 4;
                let len = b.below(4096);
                let mut part = Bytes::new(b.take(len));
                files.push(((*name).to_owned(), file(mode, &mut part, seeds)));
            }
            Input::Dir(files)
        }
        mode => Input::File(file(mode, &mut b, seeds)),
    }
}

fn file(mode: u8, b: &mut Bytes, seeds: &[String]) -> Vec<u8> {
    match mode {
        0 => b.take(usize::MAX).to_vec(),
        1 => structured(b).into_bytes(),
        2 => tokens(b).into_bytes(),
        _ => mutated(b, seeds),
    }
}

/// A YAML value to print.
#[derive(Debug, Clone)]
enum V {
    Null,
    Bool(bool),
    Int(i128),
    Float(String),
    Str(String),
    /// Printed as it is: numbers in odd notations, tags, aliases.
    Raw(String),
    List(Vec<V>),
    Map(Vec<(String, V)>),
}

const NAMES: &[&str] = &[
    "not_found",
    "invalid_phone_number",
    "type",
    "class",
    "None",
    "self",
    "default",
    "Self",
    "Ok",
    "Err",
    "async",
    "__init__",
    "a",
    "A",
    "a_b",
    "aB",
    "a__b",
    "_x",
    "x_",
    "9lives",
    "",
    "ünïcödé",
    "emoji_😀",
    "with space",
    "tab\there",
    "new\nline",
    "quote\"d",
    "back\\slash",
    "*/",
    "\"\"\"",
    "${x}",
    "a-b",
    "null",
    "true",
    "constructor",
    "prototype",
    "__proto__",
];

const TEXTS: &[&str] = &[
    "Something went wrong.",
    "User {user} not found.",
    "{a}{b}",
    "{{literal}}",
    "{",
    "}",
    "{}",
    "{ x }",
    "{x",
    "x}",
    "{{{x}}}",
    "{unknown}",
    "{0}",
    "*/ /* <!-- --> `code` | pipe | # head",
    "\"\"\" ''' \\ \\n",
    "line one\nline two\n\n  indented",
    "",
    " ",
    "\t",
    "\r\n",
    "\u{202e}rtl\u{200b}zero",
    "😀😀😀",
    "<script>alert(1)</script>",
    "[link](http://x) *em* _u_",
    "%s %d %(x)s {{!}}",
    "https://example.com/docs#frag",
    "1.0.0",
    "0.1.0-alpha+build",
    "not a version",
];

const KEYS: &[&str] = &[
    "errcat",
    "catalog",
    "categories",
    "errors",
    "name",
    "title",
    "version",
    "description",
    "docs_url",
    "id",
    "http_status",
    "codes",
    "code",
    "category",
    "message",
    "params",
    "fix",
    "retryable",
    "since",
    "deprecated",
    "replaced_by",
    "note",
    "extensions",
    "type",
    "grpc_status",
    "rules",
    "allow",
    "missing-fix",
    "retired",
    "reserved",
    "aliases",
    "merged_into",
    "reason",
    "mesage",
    "<<",
    "? x",
    "",
];

fn text(b: &mut Bytes) -> String {
    if b.sane {
        let t = b.pick(TEXTS);
        return if t.contains(['{', '}']) || t.trim().is_empty() {
            "Something went wrong.".to_owned()
        } else {
            t.to_owned()
        };
    }
    match b.byte() % 8 {
        0 => b.pick(NAMES).to_string(),
        1 => {
            let n = b.below(6);
            (0..n).map(|_| b.pick(TEXTS)).collect::<Vec<_>>().join(" ")
        }
        2 => {
            let n = b.below(24);
            String::from_utf8_lossy(b.take(n)).into_owned()
        }
        3 => format!("{} {{{}}}", b.pick(TEXTS), b.pick(NAMES)),
        4 => "x".repeat(b.below(300)),
        _ => b.pick(TEXTS).to_string(),
    }
}

fn name(b: &mut Bytes) -> String {
    if b.chance(85) {
        match b.byte() % 3 {
            0 => b.pick(NAMES).to_string(),
            1 => format!("err_{}", b.below(8)),
            _ => format!("{}_{}", b.pick(NAMES), b.below(4)),
        }
    } else {
        text(b)
    }
}

fn int(b: &mut Bytes) -> i128 {
    match b.byte() % 8 {
        0 => 0,
        1 => -1,
        2 => i128::from(i64::MAX),
        3 => i128::from(i64::MIN),
        4 => i128::from(u64::MAX),
        5 => 100 + b.below(500) as i128,
        6 => b.below(10_000) as i128,
        _ => b.below(8) as i128,
    }
}

/// Any value, of any type: used where the schema expects something else.
fn any(b: &mut Bytes, depth: usize) -> V {
    match b.byte() % 12 {
        0 => V::Null,
        1 => V::Bool(b.chance(50)),
        2 => V::Int(int(b)),
        3 => V::Float(
            b.pick(&[
                "1.5", "-0.0", ".inf", "-.inf", ".nan", "1e309", "1e3", "0.1",
            ])
            .to_string(),
        ),
        4 => V::Raw(
            b.pick(&[
                "0x1F",
                "0o17",
                "017",
                "1_000",
                "~",
                "yes",
                "no",
                "!!str 5",
                "!!int x",
                "!!binary aGVsbG8=",
                "!custom x",
                "!!float 1",
                "99999999999999999999999999999999999999999",
                "-170141183460469231731687303715884105729",
                "2001-12-14",
                "'single ''quoted'''",
                "\"\\u0000 \\x07 \\U0001F600\"",
            ])
            .to_string(),
        ),
        5 if depth < 4 => V::List((0..b.below(4)).map(|_| any(b, depth + 1)).collect()),
        6 if depth < 4 => V::Map(
            (0..b.below(4))
                .map(|_| (b.pick(KEYS).to_string(), any(b, depth + 1)))
                .collect(),
        ),
        _ => V::Str(text(b)),
    }
}

/// Usually the expected value, sometimes anything else.
fn or_any(b: &mut Bytes, good: impl FnOnce(&mut Bytes) -> V) -> V {
    if !b.sane && b.chance(8) {
        any(b, 2)
    } else {
        good(b)
    }
}

/// Builds a map from optional entries: each is kept with probability `keep`, and an unknown or
/// misspelt key is sometimes added.
fn entries(b: &mut Bytes, fields: Vec<(&str, u8, V)>) -> V {
    let mut out = Vec::new();
    for (key, keep, value) in fields {
        let required = b.sane && keep >= 90;
        if required || b.chance(keep) {
            out.push((key.to_owned(), value));
        }
    }
    if b.sane {
        return V::Map(out);
    }
    if b.chance(5) {
        out.push((b.pick(KEYS).to_string(), any(b, 2)));
    }
    if b.chance(3) && !out.is_empty() {
        let i = b.below(out.len());
        out.push(out[i].clone());
    }
    V::Map(out)
}

fn structured(b: &mut Bytes) -> String {
    b.sane = b.chance(50);
    let out = if b.sane { sane_catalog(b) } else { catalog(b) };
    b.sane = false;
    out
}

/// A catalog that is usually valid: unique snake_case names, declared categories, codes
/// inside their category's range, placeholders that match the parameters.
fn sane_catalog(b: &mut Bytes) -> String {
    let words = [
        "user",
        "not_found",
        "rate_limited",
        "otp",
        "expired",
        "a",
        "b2",
        "x_y_z",
        "3ds",
        "i",
        "self",
        "a_l_l",
    ];
    let n_cat = 1 + b.below(3);
    let with_codes = b.chance(70);
    let categories: Vec<V> = (0..n_cat)
        .map(|c| {
            let lo = (c as i128 + 1) * 1000;
            let fields = vec![
                ("id", 100, V::Str(format!("{}_{c}", b.pick(&words)))),
                ("title", 100, V::Str(text(b))),
                ("description", 30, V::Str(text(b))),
                (
                    "http_status",
                    70,
                    V::Int(b.pick(&[400, 401, 404, 429, 500, 503])),
                ),
                (
                    "grpc_status",
                    30,
                    V::Str(b.pick(&["OK", "NOT_FOUND", "INTERNAL"]).to_owned()),
                ),
                ("codes", 60, V::List(vec![V::Int(lo), V::Int(lo + 999)])),
            ];
            entries(b, fields)
        })
        .collect();
    let cat_ids: Vec<String> = categories
        .iter()
        .map(|c| match c {
            V::Map(e) => match &e[0].1 {
                V::Str(s) => s.clone(),
                _ => String::new(),
            },
            _ => String::new(),
        })
        .collect();
    let n_err = b.below(8);
    let names: Vec<String> = (0..n_err)
        .map(|i| format!("{}_{i}", b.pick(&words)))
        .collect();
    let errors: Vec<V> = (0..n_err)
        .map(|i| {
            let c = b.below(n_cat);
            let params: Vec<(String, V)> = (0..b.below(3))
                .map(|p| {
                    let ty = V::Str(
                        b.pick(&["string", "integer", "number", "boolean"])
                            .to_owned(),
                    );
                    let fields = vec![("type", 100, ty), ("description", 30, V::Str(text(b)))];
                    (format!("{}_{p}", b.pick(&words)), entries(b, fields))
                })
                .collect();
            let mut message = text(b);
            for (p, _) in &params {
                message.push_str(&format!(" {{{p}}}"));
            }
            if b.chance(20) {
                message.push_str(" {{literal}}");
            }
            let deprecated = if i > 0 && b.chance(20) {
                let fields = vec![
                    ("since", 50, V::Str("1.0.0".into())),
                    ("replaced_by", 50, V::Str(names[b.below(i)].clone())),
                    ("note", 50, V::Str(text(b))),
                ];
                entries(b, fields)
            } else {
                V::Map(Vec::new())
            };
            let code = (c as i128 + 1) * 1000 + i as i128;
            let fields = vec![
                ("name", 100, V::Str(names[i].clone())),
                ("code", if with_codes { 100 } else { 0 }, V::Int(code)),
                ("category", 100, V::Str(cat_ids[c].clone())),
                ("http_status", 20, V::Int(b.pick(&[400, 409, 422, 500]))),
                ("title", 40, V::Str(text(b))),
                ("message", 100, V::Str(message)),
                (
                    "params",
                    if params.is_empty() { 0 } else { 100 },
                    V::Map(params),
                ),
                ("fix", 80, V::Str(text(b))),
                ("description", 30, V::Str(text(b))),
                ("retryable", 30, V::Bool(b.chance(50))),
                ("since", 20, V::Str("0.1.0".into())),
                (
                    "deprecated",
                    if matches!(&deprecated, V::Map(e) if e.is_empty()) {
                        0
                    } else {
                        100
                    },
                    deprecated,
                ),
                ("extensions", 15, any(b, 1)),
                (
                    "grpc_status",
                    20,
                    V::Str(b.pick(&["UNAVAILABLE", "ABORTED", "UNKNOWN"]).to_owned()),
                ),
                (
                    "allow",
                    15,
                    V::List(vec![V::Str(
                        b.pick(&["missing-fix", "unused-param", "retryable-mismatch"])
                            .to_owned(),
                    )]),
                ),
                (
                    "aliases",
                    15,
                    V::List(vec![V::Str(format!("{}_old{i}", b.pick(&words)))]),
                ),
            ];
            entries(b, fields)
        })
        .collect();
    // Tombstones and reservations: valid ones that every lifecycle check walks through.
    let retired: Vec<V> = (0..if b.chance(30) { 1 + b.below(2) } else { 0 })
        .map(|r| {
            let target = if names.is_empty() {
                V::Null
            } else {
                V::Str(names[b.below(names.len())].clone())
            };
            let fields = vec![
                (
                    "name",
                    100,
                    V::Str(format!("{}_retired{r}", b.pick(&words))),
                ),
                (
                    "code",
                    if with_codes { 100 } else { 0 },
                    V::Int(900 + r as i128),
                ),
                ("since", 40, V::Str("1.0.0".into())),
                (
                    b.pick(&["replaced_by", "merged_into"]),
                    if names.is_empty() { 0 } else { 60 },
                    target,
                ),
                ("reason", 100, V::Str(text(b))),
            ];
            entries(b, fields)
        })
        .collect();
    let reserved: Vec<V> = (0..if b.chance(30) { 1 + b.below(2) } else { 0 })
        .map(|r| {
            let lo = 5000 + 100 * r as i128;
            let (key, value) = match b.below(3) {
                0 => ("code", V::Int(lo)),
                1 => (
                    "codes",
                    V::List(vec![V::Int(lo + 1), V::Int(lo + 1 + b.below(20) as i128)]),
                ),
                _ => ("name", V::Str(format!("{}_reserved{r}", b.pick(&words)))),
            };
            let reason = V::Str(text(b));
            entries(b, vec![(key, 100, value), ("reason", 100, reason)])
        })
        .collect();
    let fields = vec![
        ("name", 100, V::Str(format!("{}_api", b.pick(&words[..8])))),
        ("title", 100, V::Str(text(b))),
        ("version", 100, V::Str("1.2.3".into())),
        ("description", 30, V::Str(text(b))),
        (
            "docs_url",
            30,
            V::Str(
                b.pick(&[
                    "https://example.com/errors",
                    "https://example.com/errors/{name}?q={name}#{name}",
                    "/e/{name}",
                ])
                .into(),
            ),
        ),
        (
            "rules",
            20,
            V::Map(vec![(
                b.pick(&["missing-fix", "unused-param"]).to_owned(),
                V::Str(b.pick(&["allow", "warn", "deny"]).to_owned()),
            )]),
        ),
    ];
    let header = entries(b, fields);
    let root = V::Map(vec![
        ("errcat".into(), V::Int(1)),
        ("catalog".into(), header),
        ("categories".into(), V::List(categories)),
        ("errors".into(), V::List(errors)),
        ("retired".into(), V::List(retired)),
        ("reserved".into(), V::List(reserved)),
    ]);
    let mut out = String::new();
    emit_block(&mut out, b, &root, 0);
    out
}

fn catalog(b: &mut Bytes) -> String {
    let header = or_any(b, |b| {
        let fields = vec![
            ("name", 95, V::Str(name(b))),
            ("title", 95, V::Str(text(b))),
            ("version", 95, V::Str(b.pick(TEXTS).to_string())),
            ("description", 30, V::Str(text(b))),
            ("docs_url", 30, V::Str(text(b))),
        ];
        entries(b, fields)
    });
    let n_cat = b.below(5);
    let categories = (0..n_cat)
        .map(|_| {
            or_any(b, |b| {
                let lo = int(b);
                let fields = vec![
                    ("id", 95, V::Str(name(b))),
                    ("title", 95, V::Str(text(b))),
                    ("description", 30, V::Str(text(b))),
                    ("http_status", 70, or_any(b, |b| V::Int(int(b)))),
                    (
                        "codes",
                        40,
                        or_any(b, |b| V::List(vec![V::Int(lo), V::Int(lo + int(b))])),
                    ),
                ];
                entries(b, fields)
            })
        })
        .collect();
    let n_err = b.below(8);
    let errors = (0..n_err)
        .map(|_| {
            or_any(b, |b| {
                let params = (0..b.below(4))
                    .map(|_| {
                        let ty = or_any(b, |b| {
                            V::Str(
                                b.pick(&["string", "integer", "number", "boolean", "bool"])
                                    .to_string(),
                            )
                        });
                        let fields = vec![("type", 95, ty), ("description", 30, V::Str(text(b)))];
                        (name(b), entries(b, fields))
                    })
                    .collect();
                let fields = vec![
                    ("since", 50, V::Str(b.pick(TEXTS).to_string())),
                    ("replaced_by", 50, V::Str(name(b))),
                    ("note", 50, V::Str(text(b))),
                ];
                let deprecated = entries(b, fields);
                let code = or_any(b, |b| {
                    if b.chance(70) {
                        V::Int(int(b))
                    } else {
                        V::Str(text(b))
                    }
                });
                let fields = vec![
                    ("name", 95, V::Str(name(b))),
                    ("code", 70, code),
                    ("category", 95, V::Str(name(b))),
                    ("http_status", 30, or_any(b, |b| V::Int(int(b)))),
                    ("title", 40, V::Str(text(b))),
                    ("message", 95, V::Str(text(b))),
                    ("params", 40, V::Map(params)),
                    ("fix", 50, V::Str(text(b))),
                    ("description", 30, V::Str(text(b))),
                    ("retryable", 30, or_any(b, |b| V::Bool(b.chance(50)))),
                    ("since", 20, V::Str(b.pick(TEXTS).to_string())),
                    ("deprecated", 20, deprecated),
                    ("extensions", 15, any(b, 1)),
                    ("aliases", 15, or_any(b, |b| V::List(vec![V::Str(name(b))]))),
                ];
                entries(b, fields)
            })
        })
        .collect();
    let retired = (0..b.below(3))
        .map(|_| {
            or_any(b, |b| {
                let fields = vec![
                    ("name", 95, V::Str(name(b))),
                    ("code", 60, or_any(b, |b| V::Int(int(b)))),
                    ("replaced_by", 40, V::Str(name(b))),
                    ("merged_into", 20, V::Str(name(b))),
                    ("reason", 90, V::Str(text(b))),
                ];
                entries(b, fields)
            })
        })
        .collect();
    let reserved = (0..b.below(3))
        .map(|_| {
            or_any(b, |b| {
                let lo = int(b);
                let fields = vec![
                    ("code", 40, or_any(b, |b| V::Int(int(b)))),
                    (
                        "codes",
                        40,
                        or_any(b, |b| V::List(vec![V::Int(lo), V::Int(lo + int(b))])),
                    ),
                    ("name", 30, V::Str(name(b))),
                    ("reason", 90, V::Str(text(b))),
                ];
                entries(b, fields)
            })
        })
        .collect();
    let version = or_any(b, |_| V::Int(1));
    let root = entries(
        b,
        vec![
            ("errcat", 95, version),
            ("catalog", 90, header),
            ("categories", 90, V::List(categories)),
            ("errors", 95, V::List(errors)),
            ("retired", 20, V::List(retired)),
            ("reserved", 20, V::List(reserved)),
        ],
    );
    let mut out = String::new();
    if b.chance(10) {
        out.push_str(b.pick(&["%YAML 1.2\n---\n", "---\n", "\u{feff}", "# comment\n"]));
    }
    emit_block(&mut out, b, &root, 0);
    if b.chance(10) {
        out = out.replace('\n', "\r\n");
    }
    out
}

/// A scalar in a random legal style.
fn scalar(out: &mut String, b: &mut Bytes, v: &V, indent: usize) {
    match v {
        V::Null => out.push_str(b.pick(&["null", "~", ""])),
        V::Bool(x) => out.push_str(if *x { "true" } else { "false" }),
        V::Int(i) => out.push_str(&i.to_string()),
        V::Float(f) | V::Raw(f) => out.push_str(f),
        V::Str(s) => {
            let plain = !s.is_empty()
                && s.chars()
                    .all(|c| c.is_alphanumeric() || c == '_' || c == ' ' || c == '.')
                && !s.starts_with(' ')
                && !s.ends_with(' ')
                && !matches!(s.as_str(), "null" | "true" | "false" | "None");
            match b.byte() % 4 {
                0 if plain => out.push_str(s),
                1 if !s.contains(['\n', '\r', '\t', '\u{feff}'])
                    && !s.contains(['\u{85}', '\u{2028}', '\u{2029}']) =>
                {
                    out.push('\'');
                    out.push_str(&s.replace('\'', "''"));
                    out.push('\'');
                }
                2 if !s.is_empty() && !s.contains('\r') && !s.starts_with([' ', '\n', '\t']) => {
                    out.push_str(b.pick(&["|", "|-", ">", "|+"]));
                    for line in s.split('\n') {
                        out.push('\n');
                        out.push_str(&" ".repeat(indent + 2));
                        out.push_str(line);
                    }
                }
                _ => out.push_str(&json_string(s)),
            }
        }
        V::List(_) | V::Map(_) => emit_flow(out, b, v),
    }
}

fn json_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{7f}' || c == '\u{feff}' => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn key_text(k: &str) -> String {
    if !k.is_empty()
        && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !k.starts_with(|c: char| c.is_ascii_digit())
    {
        k.to_owned()
    } else {
        json_string(k)
    }
}

fn emit_flow(out: &mut String, b: &mut Bytes, v: &V) {
    match v {
        V::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                emit_flow(out, b, item);
            }
            out.push(']');
        }
        V::Map(entries) => {
            out.push('{');
            for (i, (k, item)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(&key_text(k));
                out.push_str(": ");
                emit_flow(out, b, item);
            }
            out.push('}');
        }
        V::Str(s) => out.push_str(&json_string(s)),
        V::Null => out.push_str("null"),
        other => scalar(out, b, other, 0),
    }
}

/// Prints `v` as the value of a block entry at `indent` (the caller printed the key).
fn emit_block(out: &mut String, b: &mut Bytes, v: &V, indent: usize) {
    let pad = " ".repeat(indent);
    match v {
        V::Map(entries) if !entries.is_empty() && b.chance(85) => {
            for (i, (k, item)) in entries.iter().enumerate() {
                if i > 0 || indent == 0 {
                    out.push_str(&pad);
                }
                out.push_str(&key_text(k));
                out.push(':');
                emit_child(out, b, item, indent + 2);
            }
        }
        V::List(items) if !items.is_empty() && b.chance(85) => {
            for (i, item) in items.iter().enumerate() {
                if i > 0 || indent == 0 {
                    out.push_str(&pad);
                }
                out.push_str("- ");
                match item {
                    V::Map(e) if !e.is_empty() => emit_block(out, b, item, indent + 2),
                    _ => {
                        scalar(out, b, item, indent + 2);
                        out.push('\n');
                    }
                }
            }
        }
        _ => {
            scalar(out, b, v, indent);
            out.push('\n');
        }
    }
}

fn emit_child(out: &mut String, b: &mut Bytes, v: &V, indent: usize) {
    match v {
        V::Map(e) if !e.is_empty() && b.chance(80) => {
            out.push('\n');
            emit_block_at(out, b, v, indent);
        }
        V::List(e) if !e.is_empty() && b.chance(80) => {
            out.push('\n');
            emit_block_at(out, b, v, indent);
        }
        _ => {
            out.push(' ');
            scalar(out, b, v, indent);
            out.push('\n');
        }
    }
}

/// Like [`emit_block`], with the first line indented too.
fn emit_block_at(out: &mut String, b: &mut Bytes, v: &V, indent: usize) {
    out.push_str(&" ".repeat(indent));
    emit_block(out, b, v, indent);
}

const TOKENS: &[&str] = &[
    "errcat: 1\n",
    "errors:\n",
    "categories:\n",
    "catalog:",
    "- ",
    "  ",
    "    ",
    "\t",
    "\n",
    "\r\n",
    ": ",
    "? ",
    ",",
    "[",
    "]",
    "{",
    "}",
    "&a ",
    "&b ",
    "*a",
    "*b",
    "<<: *a\n",
    "!!str ",
    "!!map ",
    "!!seq ",
    "!!binary ",
    "!local ",
    "!<tag:yaml.org,2002:str> ",
    "%YAML 1.2\n",
    "%YAML 1.1\n",
    "%TAG ! tag:example.com,2000:\n",
    "---\n",
    "--- ",
    "...\n",
    "|\n",
    "|-\n",
    ">+\n",
    "|2\n",
    "\"",
    "'",
    "\\",
    "# c\n",
    "name",
    "message",
    "code",
    "category",
    "params",
    "type: string",
    "12",
    "-7",
    "0x10",
    "1e99",
    ".nan",
    "~",
    "null",
    "true",
    "not_found",
    "{x}",
    "\u{feff}",
    "\u{0}",
    "é",
    "😀",
];

fn tokens(b: &mut Bytes) -> String {
    let mut out = String::new();
    while !b.is_empty() {
        out.push_str(b.pick(TOKENS));
    }
    out
}

fn mutated(b: &mut Bytes, seeds: &[String]) -> Vec<u8> {
    let mut text: Vec<u8> = if seeds.is_empty() {
        b"errcat: 1\n".to_vec()
    } else {
        seeds[b.below(seeds.len())].as_bytes().to_vec()
    };
    let edits = 1 + b.below(8);
    for _ in 0..edits {
        let len = text.len();
        let at = b.below(len + 1);
        match b.byte() % 8 {
            0 => {
                let end = (at + b.below(64)).min(len);
                text.drain(at..end);
            }
            1 => {
                let tok = b.pick(TOKENS).as_bytes();
                text.splice(at..at, tok.iter().copied());
            }
            2 => {
                // Duplicate a whole line: duplicate keys and repeated list items.
                let start = text[..at]
                    .iter()
                    .rposition(|&c| c == b'\n')
                    .map_or(0, |i| i + 1);
                let end = text[at..]
                    .iter()
                    .position(|&c| c == b'\n')
                    .map_or(len, |i| at + i + 1);
                let line = text[start..end].to_vec();
                text.splice(start..start, line);
            }
            3 => {
                if at < len {
                    text[at] = b.byte();
                }
            }
            4 => text.truncate(at),
            5 => {
                let chunk = b.take(16).to_vec();
                text.splice(at..at, chunk);
            }
            6 => {
                // Re-indent a line by a random amount, sometimes with a tab.
                let start = text[..at]
                    .iter()
                    .rposition(|&c| c == b'\n')
                    .map_or(0, |i| i + 1);
                let pad: &[u8] = b.pick(&[&b" "[..], b"  ", b"\t", b"   "]);
                text.splice(start..start, pad.iter().copied());
            }
            _ => {
                let name = b.pick(NAMES).as_bytes();
                text.splice(at..at, name.iter().copied());
            }
        }
    }
    text
}

/// What one run produced; a panic is the only failure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The catalog is valid; every target rendered this many files.
    Rendered(usize),
    /// The catalog has problems: this many diagnostics.
    Diagnostics(usize),
    /// A rendering error (a target refused the catalog), as `errcat generate` reports it.
    RenderError(String),
    /// An I/O-class error (as `errcat` exits 2 with).
    Io(String),
}

/// Loads the catalog at `path` with default limits, renders every diagnostic, and when the
/// catalog is valid renders every target and the IR, exactly as `errcat generate` and
/// `errcat dump-ir` would.
pub fn run(path: &Path, engine: &errcat::Engine) -> Outcome {
    let loaded = match errcat::load(path, &errcat::LoadOptions::default()) {
        Ok(l) => l,
        Err(e) => return Outcome::Io(e.to_string()),
    };
    let rendered = loaded.render_diagnostics();
    for d in &loaded.diagnostics {
        let _ = d.render_styled(&loaded.sources);
    }
    let Some(catalog) = &loaded.catalog else {
        assert!(
            loaded.error_count() > 0 && !rendered.is_empty(),
            "no catalog but no error diagnostic"
        );
        return Outcome::Diagnostics(loaded.diagnostics.len());
    };
    let _ = serde_json::to_string_pretty(catalog);
    match errcat::render(catalog, errcat::targets::all(), engine) {
        Ok(files) => Outcome::Rendered(files.len()),
        Err(e) => Outcome::RenderError(e.to_string()),
    }
}

/// The panic message of a `catch_unwind` payload.
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap_or_else(|| "panic with a non-string payload".to_owned())
}
