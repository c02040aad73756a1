//! Shared support for the integration tests: the repo's paths, pinned tool locations, catalog
//! loading and generation, and the table every language's dump must equal.
#![allow(dead_code)]

pub mod py_lang;
pub mod rust_lang;
pub mod ts_lang;
pub mod vectors;

use errcat::catalog::{Catalog, Code};
use errcat::message::Segment;
use errcat::model::ParamType;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::Command;

/// A small valid catalog of one error with a param, for tests about commands rather than content.
pub const SHOP_CATALOG: &str = "errcat: 1
catalog: { name: shop, title: Shop, version: 1.0.0 }
categories:
  - { id: general, title: General, http_status: 400 }
errors:
  - name: out_of_stock
    code: 1
    category: general
    title: Out of stock
    message: \"Item {sku} is out of stock.\"
    params: { sku: { type: string, description: The item } }
    fix: Try again tomorrow.
";

/// The markdown target's pages of `catalog` in `layout`: `(path under the markdown folder,
/// text)` per page, in path order.
pub fn markdown_pages(
    catalog: &Catalog,
    layout: errcat::targets::options::MarkdownLayout,
) -> std::collections::BTreeMap<String, String> {
    let options = errcat::targets::Options {
        markdown: errcat::targets::options::MarkdownOptions { layout },
        ..Default::default()
    };
    errcat::targets::by_id("markdown")
        .expect("markdown")
        .render(
            catalog,
            &errcat::Engine::new(None).expect("engine"),
            &options,
        )
        .expect("render")
        .into_iter()
        .map(|f| {
            let path = f.path.strip_prefix("markdown/").expect("under markdown/");
            (path.to_owned(), f.contents)
        })
        .collect()
}

/// Runs `git args` in `dir` with a fixed author; panics with git's stderr when it fails.
pub fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Copies the directory `from` to `to`, recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &to.join(e.file_name()));
        } else {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The committed output of the flagship catalog.
pub fn generated() -> PathBuf {
    root().join("generated")
}

/// Every fixture catalog under `tests/fixtures/<case>/catalog.yaml` that is meant to be valid.
pub fn valid_fixtures() -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(root().join("tests/fixtures"))
        .expect("tests/fixtures exists")
        .filter_map(|e| e.ok().map(|e| e.path().join("catalog.yaml")))
        .filter(|p| p.is_file())
        .collect();
    out.sort();
    out
}

/// Every `examples/<api>/catalog.yaml`, sorted: the five reference APIs.
pub fn example_catalogs() -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(root().join("examples"))
        .expect("examples/ exists")
        .filter_map(|e| e.ok().map(|e| e.path().join("catalog.yaml")))
        .filter(|p| p.is_file())
        .collect();
    out.sort();
    out
}

/// The flagship catalog, every valid fixture and every reference API under `examples/`.
pub fn every_catalog() -> Vec<PathBuf> {
    let mut out = vec![root().join("catalog")];
    out.extend(valid_fixtures());
    out.extend(example_catalogs());
    out
}

/// Loads a catalog, failing the test with the rendered diagnostics if it is invalid.
pub fn load(path: &Path) -> Catalog {
    let loaded = errcat::load(path, &errcat::LoadOptions::default())
        .unwrap_or_else(|e| panic!("cannot load {}: {e}", path.display()));
    match loaded.catalog {
        Some(c) if loaded.error_count() == 0 => c,
        _ => panic!(
            "{} is invalid:\n{}",
            path.display(),
            loaded.render_diagnostics()
        ),
    }
}

/// Generates every target of `catalog` into a fresh temporary directory.
pub fn generate(catalog: &Path) -> tempfile::TempDir {
    let out = tempfile::tempdir().expect("temp dir");
    let cat = load(catalog);
    let engine = errcat::Engine::new(None).expect("built-in templates load");
    let rendered = errcat::targets::all()
        .iter()
        .map(|t| {
            let files = errcat::render(&cat, &[*t], &engine).expect("render");
            errcat::writer::Rendered::new(t.id(), files)
        })
        .collect();
    let plan = errcat::writer::compare(out.path(), rendered);
    errcat::writer::write(out.path(), &plan).expect("write");
    out
}

/// Runs the errcat binary in a fresh directory holding `catalog.yaml` with `catalog`, failing
/// the test on a panic; returns (exit code, stdout, stderr).
pub fn errcat_on(catalog: &str, args: &[&str]) -> (i32, String, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("catalog.yaml"), catalog).expect("catalog.yaml");
    let out = Command::new(env!("CARGO_BIN_EXE_errcat"))
        .current_dir(dir.path())
        .args(args)
        .output()
        .expect("errcat runs");
    let stderr = String::from_utf8(out.stderr).expect("UTF-8 stderr");
    assert!(!stderr.contains("panicked"), "errcat panicked:\n{stderr}");
    (
        out.status.code().expect("an exit code"),
        String::from_utf8(out.stdout).expect("UTF-8 stdout"),
        stderr,
    )
}

/// A pinned tool installed by `scripts/test.sh` into `node_modules/.bin`.
pub fn node_bin(name: &str) -> PathBuf {
    installed(root().join("node_modules/.bin").join(name))
}

/// A pinned tool installed by `scripts/test.sh` into the project's `.venv`.
pub fn venv_bin(name: &str) -> PathBuf {
    installed(root().join(".venv/bin").join(name))
}

fn installed(path: PathBuf) -> PathBuf {
    assert!(
        path.exists(),
        "{} is missing: run `scripts/test.sh`, which installs the pinned test tools",
        path.display()
    );
    path
}

/// Runs a command, failing the test with its output when it does not succeed; returns stdout.
pub fn run(cmd: &mut Command) -> String {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "{cmd:?} failed with {}\n--- stdout\n{stdout}\n--- stderr\n{stderr}",
        out.status
    );
    stdout
}

/// The sample value every language passes for a parameter when testing `format_message`:
/// strings `«name»`, integers 42, numbers 2.5, booleans true.
pub fn sample(name: &str, ty: ParamType) -> (Value, String) {
    match ty {
        ParamType::String => (json!(format!("«{name}»")), format!("«{name}»")),
        ParamType::Integer => (json!(42), "42".into()),
        ParamType::Number => (json!(2.5), "2.5".into()),
        ParamType::Boolean => (json!(true), "true".into()),
    }
}

/// What every language's dump must equal: one entry per error, in code order.
///
/// Each entry: `name`, `code` (integer, string or null), `category`, `http_status` (or null),
/// `grpc_status` (a canonical name, or null), `title`,
/// `message`, `fix` (or null), `retryable`, `docs_url` (or null), `deprecated` (bool),
/// `params` (`[{name, type}]` in order of first use), and `formatted`: the message filled
/// with the sample values of [`sample`] (a placeholder naming a wire field left as it is).
pub fn expected_table(catalog: &Catalog) -> Value {
    let rows: Vec<Value> = catalog
        .errors
        .iter()
        .map(|e| {
            let formatted: String = e
                .segments
                .iter()
                .map(|s| match s {
                    Segment::Text(t) => t.clone(),
                    // A placeholder naming an occurrence field gets no value from the
                    // params, so it stays a placeholder.
                    Segment::Param(p) => match e.params.iter().find(|x| &x.name == p) {
                        Some(param) => sample(p, param.ty).1,
                        None => format!("{{{p}}}"),
                    },
                })
                .collect();
            json!({
                "name": e.name,
                "code": match &e.code {
                    Some(Code::Int(i)) => json!(i),
                    Some(Code::Str(s)) => json!(s),
                    None => Value::Null,
                },
                "category": e.category,
                "http_status": e.http_status,
                "grpc_status": e.grpc_status.map(|g| g.name()),
                "title": e.title,
                "message": e.message,
                "fix": e.fix,
                "retryable": e.retryable,
                "docs_url": e.docs_url,
                "deprecated": e.deprecated.is_some(),
                "params": e.params.iter().map(|p| json!({"name": p.name, "type": p.ty})).collect::<Vec<_>>(),
                "formatted": formatted,
            })
        })
        .collect();
    Value::Array(rows)
}

/// Compares a language's dump with the catalog, showing the first differing entry.
pub fn assert_table_eq(language: &str, dump: &Value, expected: &Value) {
    let (Some(got), Some(want)) = (dump.as_array(), expected.as_array()) else {
        panic!("{language} dump is not a JSON array: {dump}");
    };
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        assert_eq!(g, w, "{language} entry {i} differs from the catalog");
    }
    assert_eq!(
        got.len(),
        want.len(),
        "{language} dump has a different number of errors"
    );
}
