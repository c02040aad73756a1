//! One truth on the wire: the same response-body vectors (`tests/common/vectors.rs`) parsed by
//! the generated Rust, TypeScript and Python of every catalog the tests know (the fixtures, the
//! flagship catalog and the five examples, with every response file the examples hold). Each
//! language prints one verdict per vector, and all three must print the expected verdicts:
//! the same error re-serialized to the same bytes, the same "unknown", the same "malformed".

mod common;

use common::vectors::{Vector, vectors};
use errcat::catalog::Catalog;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Every catalog: `(label, path)`.
fn catalogs() -> Vec<(String, PathBuf)> {
    let mut out: Vec<(String, PathBuf)> = common::valid_fixtures()
        .into_iter()
        .map(|p| {
            let name = p
                .parent()
                .unwrap()
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (format!("fixture_{name}"), p)
        })
        .collect();
    out.push(("flagship".into(), common::root().join("catalog")));
    for e in examples() {
        let name = e.file_name().unwrap().to_string_lossy().replace('-', "_");
        out.push((format!("example_{name}"), e.join("catalog.yaml")));
    }
    out
}

fn examples() -> Vec<PathBuf> {
    common::example_catalogs()
        .into_iter()
        .filter_map(|c| c.parent().map(Path::to_path_buf))
        .collect()
}

/// The response files of an example: each must parse to the error its file is named after.
fn response_vectors(catalog_path: &Path, catalog: &Catalog) -> Vec<Vector> {
    let dir = catalog_path.parent().unwrap().join("responses");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    files.sort();
    files
        .into_iter()
        .map(|f| {
            let stem = f.file_name().unwrap().to_string_lossy().into_owned();
            let name = stem.split('.').next().unwrap().to_owned();
            let e = catalog
                .errors
                .iter()
                .find(|e| e.name == name)
                .unwrap_or_else(|| panic!("{} names no error", f.display()));
            let text = std::fs::read_to_string(&f).unwrap();
            Vector {
                label: format!("response file {stem}"),
                body: serde_json::from_str(&text).unwrap(),
                http_status: e.http_status,
                // A printed body carries its own values, so only the error is compared.
                expect: format!("known {name}"),
            }
        })
        .collect()
}

struct Case {
    label: String,
    generated: tempfile::TempDir,
    vectors: Vec<Vector>,
}

fn verdicts_match(language: &str, case: &Case, printed: &str) {
    let lines: Vec<&str> = printed.lines().collect();
    assert_eq!(
        lines.len(),
        case.vectors.len(),
        "{language} printed {} verdicts for {} vectors of {}:\n{printed}",
        lines.len(),
        case.vectors.len(),
        case.label
    );
    let mut wrong = Vec::new();
    for (v, got) in case.vectors.iter().zip(&lines) {
        let ok = if v.expect.starts_with("known ") && !v.expect[6..].contains(' ') {
            got.starts_with(&format!("{} ", v.expect))
        } else {
            *got == v.expect
        };
        if !ok {
            wrong.push(format!(
                "  {}\n    body:     {}\n    expected: {}\n    got:      {got}",
                v.label, v.body, v.expect
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{language} disagrees on {} of {} vectors of {}:\n{}",
        wrong.len(),
        case.vectors.len(),
        case.label,
        wrong.join("\n")
    );
}

fn cases() -> Vec<Case> {
    catalogs()
        .into_iter()
        .map(|(label, path)| {
            let catalog = common::load(&path);
            let mut vectors = vectors(&catalog);
            vectors.extend(response_vectors(&path, &catalog));
            Case {
                generated: common::generate(&path),
                label,
                vectors,
            }
        })
        .collect()
}

const TS_DRIVER: &str = r#"// Prints one verdict per vector: known <name> <body>, unknown or malformed.
declare const console: { log(text: string): void };
import * as m from "./errors.js";
import { VECTORS } from "./vectors.js";

for (const v of VECTORS) {
  try {
    const r = m.parseResponseBody(v.body, v.http_status ?? undefined);
    if (r instanceof m.UnknownError) {
      console.log("unknown");
    } else {
      console.log(`known ${r.errorName} ${m.responseJson(r.toResponseBody())}`);
    }
  } catch (e) {
    if (!(e instanceof m.ResponseParseError)) {
      throw e;
    }
    console.log("malformed");
  }
}
"#;

const PY_DRIVER: &str = r#"# Prints one verdict per vector: known <name> <body>, unknown or malformed.
import importlib
import json
import sys

m = importlib.import_module(sys.argv[1])
with open(sys.argv[2], encoding="utf-8") as f:
    for line in f:
        v = json.loads(line)
        try:
            r = m.parse_response_body(v["body"], v["http_status"])
        except m.ResponseParseError:
            print("malformed")
            continue
        if isinstance(r, m.UnknownError):
            print("unknown")
        else:
            print("known", r.name, m.response_json(r.to_response_body()))
"#;

#[test]
fn typescript_python_and_rust_reach_the_same_verdicts_on_every_vector() {
    let cases = cases();
    let work = tempfile::tempdir().unwrap();

    // TypeScript: one tsc run over every catalog, then one node run per catalog.
    let mut files = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        let dir = work.path().join(format!("ts/c{i}"));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::copy(
            case.generated.path().join("typescript/errors.ts"),
            dir.join("errors.ts"),
        )
        .unwrap();
        let items: Vec<String> = case
            .vectors
            .iter()
            .map(|v| {
                serde_json::json!({ "body": v.body, "http_status": v.http_status }).to_string()
            })
            .collect();
        std::fs::write(
            dir.join("vectors.ts"),
            format!(
                "export const VECTORS: readonly {{ readonly body: unknown; readonly http_status: number | null }}[] = [\n{}\n];\n",
                items.join(",\n")
            ),
        )
        .unwrap();
        std::fs::write(dir.join("driver.ts"), TS_DRIVER).unwrap();
        for f in ["errors.ts", "vectors.ts", "driver.ts"] {
            files.push(format!("c{i}/{f}"));
        }
    }
    let tsconfig = serde_json::json!({
        "compilerOptions": {
            "strict": true, "target": "ES2020", "module": "ES2020",
            "moduleResolution": "bundler", "lib": ["ES2020"], "types": [],
            "noEmitOnError": true, "rootDir": ".", "outDir": "out", "skipLibCheck": true
        },
        "files": files,
    });
    std::fs::write(work.path().join("ts/tsconfig.json"), tsconfig.to_string()).unwrap();
    common::run(
        Command::new(common::node_bin("tsc"))
            .arg("--project")
            .arg(work.path().join("ts/tsconfig.json"))
            .arg("--pretty")
            .arg("false"),
    );
    std::fs::write(
        work.path().join("ts/out/package.json"),
        "{ \"type\": \"module\" }\n",
    )
    .unwrap();

    let mut printed: BTreeMap<(&str, usize), String> = BTreeMap::new();
    for (i, _) in cases.iter().enumerate() {
        let out = common::run(
            Command::new("node").arg(work.path().join(format!("ts/out/c{i}/driver.js"))),
        );
        printed.insert(("TypeScript", i), out);
    }

    // Python: one process per catalog.
    let driver = work.path().join("driver.py");
    std::fs::write(&driver, PY_DRIVER).unwrap();
    for (i, case) in cases.iter().enumerate() {
        let package = common::py_lang::package(case.generated.path());
        let lines = work.path().join(format!("vectors{i}.jsonl"));
        let text: Vec<String> = case.vectors.iter().map(Vector::line).collect();
        std::fs::write(&lines, text.join("\n") + "\n").unwrap();
        let out = common::run(
            common::py_lang::python(&package, &driver)
                .arg(&package.name)
                .arg(&lines),
        );
        printed.insert(("Python", i), out);
    }

    // Rust: one crate holding every module, one driver run over all of them.
    let mut modules = Vec::new();
    let mut driver = String::from(
        "// Prints one verdict per vector of each module.\n\
         fn main() {\n",
    );
    for (i, case) in cases.iter().enumerate() {
        let lines = work.path().join(format!("vectors{i}.jsonl"));
        modules.push((format!("c{i}"), case.generated.path().to_path_buf()));
        driver.push_str(&format!(
            "    println!(\"== c{i}\");\n    \
             {{\n        use errcat_rust_check::c{i}::*;\n        \
             let text = std::fs::read_to_string({lines:?}).unwrap();\n        \
             for line in text.lines() {{\n            \
             let v: serde_json::Value = serde_json::from_str(line).unwrap();\n            \
             let status = v[\"http_status\"].as_u64().map(|s| u16::try_from(s).unwrap());\n            \
             match parse_response_body(&v[\"body\"], status) {{\n                \
             Ok(Parsed::Known(e)) => println!(\"known {{}} {{}}\", e.name(), e.to_response_body()),\n                \
             Ok(Parsed::Unknown(_)) => println!(\"unknown\"),\n                \
             Err(_) => println!(\"malformed\"),\n            }}\n        }}\n    }}\n",
        ));
    }
    driver.push_str("}\n");
    let out = common::rust_lang::run_driver(&modules, &driver);
    for (i, chunk) in out.split("== c").skip(1).enumerate() {
        let (index, verdicts) = chunk.split_once('\n').unwrap_or((chunk, ""));
        assert_eq!(index, i.to_string(), "driver output out of order");
        printed.insert(("Rust", i), verdicts.to_owned());
    }
    assert_eq!(
        printed.len(),
        cases.len() * 3,
        "every language ran every catalog"
    );

    for ((language, i), out) in &printed {
        verdicts_match(language, &cases[*i], out);
    }
}
