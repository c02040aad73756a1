//! The editor schema (`schema/catalog.schema.json`) is as strict as `errcat check` where a schema
//! can be: Python's jsonschema, independent of errcat, validates every catalog file of the
//! flagship, the fixtures, the examples and the diagnostics cases, and its verdict is compared
//! with `errcat check`'s. A file the schema refuses is one check refuses; a catalog check refuses
//! for a rule the schema states is one the schema refuses.

mod common;

use errcat::rule::Rule;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;

/// Rules whose findings the schema states, file by file.
const STATED: &[Rule] = &[
    Rule::UnknownKey,
    Rule::MissingKey,
    Rule::WrongType,
    Rule::WrongValue,
    Rule::InvalidStructure,
    Rule::UnsupportedVersion,
    Rule::BadVersion,
    Rule::BadName,
    Rule::BadHttpStatus,
    Rule::BadGrpcStatus,
    Rule::UnknownRule,
    Rule::BadReserved,
    Rule::BadPlaceholder,
];

/// Rules about the YAML itself: a case reported under one of them is not compared, since PyYAML
/// and errcat need not read such a file alike (or at all).
const UNREAD: &[Rule] = &[
    Rule::IoError,
    Rule::InvalidUtf8,
    Rule::EmptyFile,
    Rule::YamlSyntax,
    Rule::UnsupportedYaml,
    Rule::LineTooLong,
    Rule::LimitExceeded,
];

/// Cases where check reports a stated rule that no JSON Schema can state, with the reason; the
/// test fails when one of them agrees again, so the list stays exact.
const UNSTATABLE: &[(&str, &str)] = &[
    // JSON Schema's data model has numbers, not spellings: `422.0` and `1e3` are integers to
    // it, and YAML 1.2 reads `08000` as 8000. errcat refuses what YAML misreads.
    (
        "tests/diagnostics/category_broken_in_other_file",
        "`http_status: 4.22e2`",
    ),
    (
        "tests/diagnostics/category_mistake.yaml",
        "`http_status: 422.0`",
    ),
    ("tests/diagnostics/code_decimal.yaml", "`code: 1001.0`"),
    ("tests/diagnostics/code_exponent.yaml", "`code: 1e3`"),
    ("tests/diagnostics/code_leading_zero.yaml", "`code: 08000`"),
    ("tests/diagnostics/errcat_decimal.yaml", "`errcat: 1.0`"),
    (
        "tests/diagnostics/http_status_decimal.yaml",
        "`http_status: 404.0`",
    ),
    // Free-form extension values: JSON has no NaN, but a schema cannot refuse one.
    (
        "tests/diagnostics/extension_nan.yaml",
        "`.nan` in `extensions`",
    ),
    // A placeholder naming a list field: the message and the field are different values.
    (
        "tests/diagnostics/field_bad_types.yaml",
        "`{reasons}` names a `list<string>` field",
    ),
];

/// Every catalog compared: (name, path).
fn catalogs() -> Vec<(String, PathBuf)> {
    let root = common::root();
    let mut out: Vec<(String, PathBuf)> = common::every_catalog()
        .into_iter()
        .map(|p| {
            let name = p
                .strip_prefix(&root)
                .unwrap_or(&p)
                .to_string_lossy()
                .into_owned();
            (name, p)
        })
        .collect();
    out.push((
        "examples/build-rs/errors.yaml".into(),
        root.join("examples/build-rs/errors.yaml"),
    ));
    let cases = root.join("tests/diagnostics");
    let mut entries: Vec<PathBuf> = std::fs::read_dir(&cases)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir() || p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    entries.sort();
    for p in entries {
        let name = format!(
            "tests/diagnostics/{}",
            p.file_name().unwrap().to_string_lossy()
        );
        out.push((name, p));
    }
    out
}

/// Each file's verdict from `tests/schema_tools/validate_catalogs.py`.
fn python_verdicts(files: &[PathBuf]) -> BTreeMap<String, Value> {
    let out = common::run(
        Command::new(common::venv_bin("python"))
            .arg(common::root().join("tests/schema_tools/validate_catalogs.py"))
            .arg(common::root().join("schema/catalog.schema.json"))
            .args(files),
    );
    serde_json::from_str(&out).expect("the validator prints JSON")
}

#[test]
fn schema_verdicts_match_check_on_every_catalog() {
    let catalogs = catalogs();
    let mut files_of: Vec<Vec<PathBuf>> = Vec::new();
    for (_, path) in &catalogs {
        let files = errcat::loader::catalog_files(path, &errcat::LoadOptions::default())
            .unwrap_or_default();
        files_of.push(files);
    }
    let all: Vec<PathBuf> = files_of.iter().flatten().cloned().collect();
    let verdicts = python_verdicts(&all);

    let mut problems = Vec::new();
    let mut compared = 0;
    let mut unstatable_seen = Vec::new();
    for ((name, path), files) in catalogs.iter().zip(&files_of) {
        let loaded = errcat::load(path, &errcat::LoadOptions::default());
        let rules: Vec<Rule> = match &loaded {
            Ok(l) => l
                .diagnostics
                .iter()
                .filter(|d| d.is_error())
                .map(|d| d.rule)
                .collect(),
            Err(_) => vec![Rule::IoError],
        };
        if rules.iter().any(|r| UNREAD.contains(r)) {
            continue;
        }
        let mut schema_errors = Vec::new();
        for f in files {
            match verdicts.get(&f.display().to_string()) {
                Some(Value::Null) => {}
                Some(Value::Array(errors)) => {
                    schema_errors.extend(errors.iter().map(|e| e.as_str().unwrap().to_owned()))
                }
                other => problems.push(format!("{name}: PyYAML cannot read it ({other:?})")),
            }
        }
        compared += 1;
        let stated: Vec<&str> = rules
            .iter()
            .filter(|r| STATED.contains(r))
            .map(|r| r.id())
            .collect();
        let unstatable = UNSTATABLE.iter().any(|(case, _)| case == name);
        if unstatable {
            unstatable_seen.push(name.clone());
        }
        if !schema_errors.is_empty() && rules.is_empty() {
            problems.push(format!(
                "{name}: check accepts it, the schema refuses it: {schema_errors:?}"
            ));
        }
        if !stated.is_empty() && schema_errors.is_empty() && !unstatable {
            problems.push(format!(
                "{name}: check refuses it for {stated:?}, the schema accepts it"
            ));
        }
        if unstatable && (stated.is_empty() || !schema_errors.is_empty()) {
            problems.push(format!(
                "{name}: listed in UNSTATABLE but the verdicts agree; remove it"
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "{} disagreement(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
    assert_eq!(
        unstatable_seen.len(),
        UNSTATABLE.len(),
        "UNSTATABLE names a missing case"
    );
    // Nearly every case is compared: only unreadable YAML is left out.
    assert!(
        compared >= catalogs.len() * 3 / 4,
        "only {compared} of {} compared",
        catalogs.len()
    );
}

#[test]
fn the_issue_example_gets_a_schema_error_for_each_problem() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("catalog.yaml");
    std::fs::write(
        &file,
        "errcat: 7\ncatalog:\n  name: payments\n  title: Payments\n  version: one\n\
         categories:\n  - id: cards\n    title: Cards\nerrors:\n  - name: CardDeclined\n    \
         code: -4\n    category: cards\n    http_status: 999\n    title: Card declined\n    \
         message: The card was declined.\n    fix: Use another card.\n",
    )
    .unwrap();
    let verdicts = python_verdicts(std::slice::from_ref(&file));
    let errors: Vec<&str> = verdicts[&file.display().to_string()]
        .as_array()
        .expect("schema errors")
        .iter()
        .map(|e| e.as_str().unwrap())
        .collect();
    let at = |pointer: &str| {
        errors
            .iter()
            .any(|e| e.starts_with(&format!("{pointer}: ")))
    };
    for pointer in [
        "/errcat",
        "/catalog/version",
        "/errors/0/name",
        "/errors/0/http_status",
    ] {
        assert!(at(pointer), "no schema error at {pointer}: {errors:?}");
    }
    // A negative code is a valid code, for the schema as for check.
    assert!(!at("/errors/0/code"), "{errors:?}");
    assert_eq!(errors.len(), 4, "{errors:?}");
}

#[test]
fn the_structural_check_reads_the_schema_without_the_editor_rules() {
    let editor = errcat::model::catalog_schema();
    let structural = errcat::model::structural_schema();
    let text = |v: &Value| v.to_string();
    assert!(text(&editor).contains("\"pattern\""));
    assert!(!text(&structural).contains("\"pattern\""));
    assert!(!text(&editor).contains("x-errcat-editor"));
    assert!(!text(&structural).contains("x-errcat-editor"));
}
