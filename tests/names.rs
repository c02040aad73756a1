//! Names proof: seeded random catalogs whose catalog, category, error and parameter names are
//! biased towards every language's keywords, builtins and prelude names, the members the
//! generated modules define, case-folding collisions and leading digits. Each catalog errcat
//! accepts must compile, type-check, lint and run in every language (rustc and clippy with
//! `-D warnings`, rustfmt, `tsc --strict`, mypy `--strict`, ruff) and read its table back; each
//! it refuses must be refused only for a name clash, with a diagnostic naming both names.

mod common;

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed, TestRunner};
use std::cell::RefCell;
use std::fmt::Write as _;
use std::path::PathBuf;

/// The property test's seed: the same cases on every run and machine.
const SEED: u64 = 0x6e61_6d65;
/// Generated catalogs per run; each compiles once per language.
const CASES: u32 = 10;
/// Errors per generated catalog (before duplicates are dropped).
const ERRORS_PER_CATALOG: usize = 24;
/// Categories per catalog.
const CATEGORIES: usize = 4;

/// Names every generated language treats specially, in snake_case.
const SPECIAL: &[&str] = &[
    // Rust keywords, prelude and generated members.
    "as",
    "async",
    "await",
    "break",
    "const",
    "continue",
    "crate",
    "dyn",
    "else",
    "enum",
    "extern",
    "false",
    "fn",
    "for",
    "if",
    "impl",
    "in",
    "let",
    "loop",
    "match",
    "mod",
    "move",
    "mut",
    "pub",
    "ref",
    "return",
    "self",
    "static",
    "struct",
    "super",
    "trait",
    "true",
    "type",
    "unsafe",
    "use",
    "where",
    "while",
    "abstract",
    "become",
    "box",
    "do",
    "final",
    "gen",
    "macro",
    "override",
    "priv",
    "try",
    "typeof",
    "unsized",
    "virtual",
    "yield",
    "ok",
    "err",
    "some",
    "none",
    "option",
    "result",
    "vec",
    "string",
    "default",
    "all",
    "a_l_l",
    "code",
    "from_code",
    "name",
    "from_name",
    "title",
    "message",
    "fix",
    "category",
    "params",
    "entry",
    // JavaScript and TypeScript.
    "case",
    "catch",
    "class",
    "debugger",
    "delete",
    "export",
    "extends",
    "finally",
    "function",
    "import",
    "instanceof",
    "new",
    "null",
    "switch",
    "this",
    "throw",
    "var",
    "void",
    "with",
    "implements",
    "interface",
    "package",
    "private",
    "protected",
    "public",
    "any",
    "boolean",
    "number",
    "symbol",
    "never",
    "unknown",
    "object",
    "undefined",
    "constructor",
    "prototype",
    "to_string",
    "has_own_property",
    "value_of",
    "nan",
    "infinity",
    "arguments",
    "eval",
    // Python keywords, builtins and generated members.
    "and",
    "assert",
    "def",
    "del",
    "elif",
    "except",
    "from",
    "global",
    "is",
    "lambda",
    "nonlocal",
    "not",
    "or",
    "pass",
    "raise",
    "int",
    "str",
    "list",
    "dict",
    "id",
    "print",
    "len",
    "range",
    "set",
    "tuple",
    "bytes",
    "float",
    "bool",
    "map",
    "filter",
    "min",
    "max",
    "iter",
    "next",
    "open",
    "hash",
    "format",
    "vars",
    "dir",
    "mro",
    "value",
    "i",
    "o",
    "l",
    "errors",
    "by_code",
    "by_name",
    "format_message",
    "catalog_title",
    "catalog_version",
    "code_kind",
    "param",
    "param_type",
    "param_value",
    "error_code",
    "error_info",
    // Leading digits.
    "3ds_required",
    "2fa",
    "404",
    "0",
];

/// Pairs that differ only in underscores next to digits or single letters: some collide in a
/// language's case convention (`sms_2fa` and `sms2fa` are both `Sms2fa` in Rust), some do not.
const NEAR: &[(&str, &str)] = &[
    ("sms_2fa", "sms2fa"),
    ("a_l_l", "all"),
    ("ab_c", "a_bc"),
    ("v_1", "v1"),
    ("http_2", "http2"),
    ("x_y_z", "xyz"),
];

/// Catalog names that are builtins' stems in Python (`ValueError`, ...) or keywords.
const CATALOG_NAMES: &[&str] = &[
    "value",
    "timeout",
    "key",
    "type",
    "connection",
    "class",
    "self",
    "errors",
    "os",
    "io",
    "lookup",
    "runtime",
    "not_implemented",
    "3ds",
    "api",
];

fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        12 => proptest::sample::select(SPECIAL).prop_map(str::to_owned),
        4 => "[a-z][a-z0-9]{0,5}(_[a-z0-9]{1,4}){0,2}",
        1 => proptest::sample::select(NEAR)
            .prop_flat_map(|(a, b)| proptest::sample::select(vec![a, b]))
            .prop_map(str::to_owned),
    ]
}

#[derive(Debug, Clone)]
struct Input {
    catalog: String,
    categories: Vec<String>,
    /// `(name, params)`.
    errors: Vec<(String, Vec<String>)>,
    string_codes: bool,
}

fn input() -> impl Strategy<Value = Input> {
    (
        proptest::sample::select(CATALOG_NAMES),
        proptest::collection::vec(word(), CATEGORIES),
        proptest::collection::vec(
            (word(), proptest::collection::vec(word(), 0..3)),
            ERRORS_PER_CATALOG,
        ),
        any::<bool>(),
    )
        .prop_map(|(catalog, mut categories, errors, string_codes)| {
            dedup(&mut categories);
            let mut seen = Vec::new();
            let errors = errors
                .into_iter()
                .filter(|(name, _)| {
                    let fresh = !seen.contains(name);
                    seen.push(name.clone());
                    fresh
                })
                .map(|(name, mut params)| {
                    dedup(&mut params);
                    (name, params)
                })
                .collect();
            Input {
                catalog: catalog.to_owned(),
                categories,
                errors,
                string_codes,
            }
        })
}

fn dedup(v: &mut Vec<String>) {
    let mut seen = Vec::new();
    v.retain(|x| {
        let fresh = !seen.contains(x);
        seen.push(x.clone());
        fresh
    });
}

impl Input {
    fn yaml(&self) -> String {
        let mut y = format!(
            "errcat: 1\ncatalog:\n  name: \"{}\"\n  title: Names\n  version: 1.0.0\ncategories:\n",
            self.catalog
        );
        for (i, c) in self.categories.iter().enumerate() {
            writeln!(y, "  - id: \"{c}\"\n    title: Category {i}").unwrap();
            if i % 2 == 0 {
                writeln!(y, "    http_status: 400").unwrap();
            }
        }
        y.push_str("errors:\n");
        for (i, (name, params)) in self.errors.iter().enumerate() {
            let code = if self.string_codes {
                format!("\"E{i:03}\"")
            } else {
                (i + 1).to_string()
            };
            let category = &self.categories[i % self.categories.len()];
            let message: String = params.iter().map(|p| format!(" {{{p}}}")).collect();
            writeln!(
                y,
                "  - name: \"{name}\"\n    code: {code}\n    category: \"{category}\"\n    message: \"Failed:{message}.\"\n    fix: Retry."
            )
            .unwrap();
            if !params.is_empty() {
                y.push_str("    params:\n");
                for (j, p) in params.iter().enumerate() {
                    let ty = ["string", "integer", "number", "boolean"][j % 4];
                    writeln!(y, "      \"{p}\": {{ type: {ty} }}").unwrap();
                }
            }
            if i % 7 == 3 {
                y.push_str("    grpc_status: NOT_FOUND\n");
            }
        }
        y
    }
}

/// What a refused catalog may be refused for.
const NAMING_RULES: &[&str] = &["name-collision", "unspellable-name"];

/// Every accepted catalog is compiled, linted and run in every language; every refused one is
/// refused for names alone.
#[test]
fn generated_names_compile_or_are_refused_for_a_clash() {
    let config = Config {
        cases: CASES,
        rng_seed: RngSeed::Fixed(SEED),
        failure_persistence: None,
        max_shrink_iters: 16,
        ..Config::default()
    };
    let accepted: RefCell<Vec<(String, tempfile::TempDir)>> = RefCell::new(Vec::new());
    let refused = RefCell::new(0);
    let work = tempfile::tempdir().expect("temp dir");
    let mut runner = TestRunner::new(config);
    let result = runner.run(&input(), |input| {
        let index = accepted.borrow().len() + *refused.borrow();
        let case = work.path().join(format!("case{index}"));
        std::fs::create_dir_all(&case).unwrap();
        let path = case.join("catalog.yaml");
        std::fs::write(&path, input.yaml()).unwrap();
        let loaded = errcat::load(&path, &errcat::LoadOptions::default()).expect("readable");
        let Some(catalog) = loaded.catalog.as_ref() else {
            let text = loaded.render_diagnostics();
            for d in loaded.diagnostics.iter().filter(|d| d.is_error()) {
                prop_assert!(
                    NAMING_RULES.contains(&d.rule.id()),
                    "refused for something other than names:\n{text}\n{}",
                    input.yaml()
                );
                let named: Vec<&str> = d.message.split('`').skip(1).step_by(2).collect();
                prop_assert!(!named.is_empty(), "{text}");
            }
            *refused.borrow_mut() += 1;
            return Ok(());
        };
        let out = common::generate(&path);
        let expected = common::expected_table(catalog);
        let what = format!("names case {}", path.display());
        common::assert_table_eq(
            &format!("Rust ({what})"),
            &common::rust_lang::dump(out.path()),
            &expected,
        );
        common::assert_table_eq(
            &format!("TypeScript ({what})"),
            &common::ts_lang::dump(out.path()),
            &expected,
        );
        common::assert_table_eq(
            &format!("Python ({what})"),
            &common::py_lang::dump(out.path()),
            &expected,
        );
        common::py_lang::check(out.path());
        let index = accepted.borrow().len();
        accepted.borrow_mut().push((format!("names_{index}"), out));
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    let accepted = accepted.into_inner();
    // The generator must exercise both outcomes, mostly the first.
    assert!(
        accepted.len() * 2 > CASES as usize && *refused.borrow() > 0,
        "{} of {CASES} catalogs accepted: the generator tests too little",
        accepted.len()
    );
    let modules: Vec<(String, PathBuf)> = accepted
        .iter()
        .map(|(name, dir)| (name.clone(), dir.path().to_owned()))
        .collect();
    common::rust_lang::clippy(&modules);
    let files: Vec<PathBuf> = modules
        .iter()
        .map(|(_, d)| d.join("rust/errors.rs"))
        .collect();
    common::rust_lang::rustfmt_check(&files);
}
