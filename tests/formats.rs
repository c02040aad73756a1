//! Machine-readable diagnostics: `--format json` and `--format github` on `check` and
//! `generate`, and colour in human output only on a terminal (or when forced).

use assert_cmd::Command;
use serde_json::{Value, json};

/// The header and one category, shared by the catalogs below (a macro, so `concat!` can build
/// constants from it).
macro_rules! header {
    () => {
        "errcat: 1
catalog:
  name: shop
  title: Shop
  version: 1.0.0
categories:
  - id: auth
    title: Auth
    http_status: 401
errors:
  - name: one
    code: 1
    category: auth
"
    };
}

/// A catalog with one warning (no `fix`), an unknown category, a duplicate code pointing back at
/// its first use, and a message containing the characters GitHub's annotation syntax escapes.
const BROKEN: &str = concat!(
    header!(),
    "    message: \"Rate: 100%, then stop.\"
  - name: two
    code: 1
    category: billing
    message: M
    fix: F
"
);

const VALID: &str = concat!(
    header!(),
    "    message: M
    fix: F
"
);

/// Runs errcat in a fresh directory holding `dir_name/catalog.yaml`; returns (exit code,
/// stdout, stderr).
fn run(dir_name: &str, yaml: &str, args: &[&str], env: &[(&str, &str)]) -> (i32, String, String) {
    let dir = tempfile::tempdir().unwrap();
    run_in(&dir, dir_name, yaml, args, env)
}

fn run_in(
    dir: &tempfile::TempDir,
    dir_name: &str,
    yaml: &str,
    args: &[&str],
    env: &[(&str, &str)],
) -> (i32, String, String) {
    let catalog = dir.path().join(dir_name);
    std::fs::create_dir_all(&catalog).unwrap();
    std::fs::write(catalog.join("catalog.yaml"), yaml).unwrap();
    let mut cmd = Command::cargo_bin("errcat").unwrap();
    cmd.current_dir(dir.path())
        .args(args)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("CLICOLOR");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn expected_json() -> Value {
    json!([
        {
            "severity": "warning",
            "rule": "missing-fix",
            "message": "error `one` has no `fix`",
            "file": "cat/catalog.yaml",
            "line": 11, "column": 5, "end_line": 11, "end_column": 9,
            "help": "add `fix:` telling the caller how to resolve the error",
            "related": []
        },
        {
            "severity": "error",
            "rule": "duplicate-code",
            "message": "code `1` is used twice",
            "file": "cat/catalog.yaml",
            "line": 16, "column": 11, "end_line": 16, "end_column": 12,
            "help": "every error needs a unique code",
            "related": [{
                "file": "cat/catalog.yaml",
                "line": 12, "column": 11, "end_line": 12, "end_column": 12,
                "note": "first used by `one` here"
            }]
        },
        {
            "severity": "error",
            "rule": "unknown-category",
            "message": "unknown category `billing`",
            "file": "cat/catalog.yaml",
            "line": 17, "column": 15, "end_line": 17, "end_column": 22,
            "help": "known categories: `auth`",
            "related": []
        }
    ])
}

#[test]
fn check_format_json_prints_every_diagnostic_with_its_range() {
    let (code, stdout, stderr) = run(
        "cat",
        BROKEN,
        &["check", "--catalog", "cat", "--format", "json"],
        &[],
    );
    let got: Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{stdout}"));
    assert_eq!(got, expected_json());
    // The document keeps the documented field order, so it reads well in a log too.
    let first = stdout.find("\"severity\"").unwrap();
    assert!(first < stdout.find("\"rule\"").unwrap());
    assert!(stdout.find("\"end_column\"").unwrap() < stdout.find("\"help\"").unwrap());
    assert_eq!(
        stderr, "error: catalog `cat` has 2 errors and 1 warning\n",
        "only the summary goes to stderr"
    );
    assert_eq!(code, 1);
}

#[test]
fn generate_format_json_reports_the_same_and_writes_nothing() {
    let dir_args = [
        "generate",
        "--catalog",
        "cat",
        "--out",
        "gen",
        "--format",
        "json",
    ];
    let dir = tempfile::tempdir().unwrap();
    let (code, stdout, _) = run_in(&dir, "cat", BROKEN, &dir_args, &[]);
    let got: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(got, expected_json());
    assert!(!dir.path().join("gen").exists(), "nothing is written");
    assert_eq!(code, 1);
}

#[test]
fn format_json_on_a_valid_catalog_is_an_empty_array() {
    let (code, stdout, stderr) = run(
        "cat",
        VALID,
        &["check", "--catalog", "cat", "--format", "json"],
        &[],
    );
    assert_eq!(stdout, "[]\n");
    assert_eq!(stderr, "catalog `cat` is valid: 1 error\n");
    assert_eq!(code, 0);
}

#[test]
fn format_json_reports_an_unreadable_catalog_without_a_location() {
    let (code, stdout, _) = run(
        "cat",
        VALID,
        &["check", "--catalog", "missing", "--format", "json"],
        &[],
    );
    let got: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        got,
        json!([{
            "severity": "error",
            "rule": "io-error",
            "message": "cannot read catalog `missing`: No such file or directory (os error 2)",
            "file": null, "line": null, "column": null, "end_line": null, "end_column": null,
            "help": null,
            "related": []
        }])
    );
    assert_eq!(code, 2);
}

#[test]
fn format_github_prints_one_escaped_annotation_per_diagnostic() {
    // A directory name with `,` and `:` must not break the annotation's property list.
    let (code, stdout, stderr) = run(
        "a,b:c",
        BROKEN,
        &["check", "--catalog", "a,b:c", "--format", "github"],
        &[],
    );
    assert_eq!(
        stdout,
        "::warning file=a%2Cb%3Ac/catalog.yaml,line=11,col=5,endColumn=8,title=errcat missing-fix::error `one` has no `fix`%0Ahelp: add `fix:` telling the caller how to resolve the error
::error file=a%2Cb%3Ac/catalog.yaml,line=16,col=11,title=errcat duplicate-code::code `1` is used twice%0Ahelp: every error needs a unique code
::error file=a%2Cb%3Ac/catalog.yaml,line=17,col=15,endColumn=21,title=errcat unknown-category::unknown category `billing`%0Ahelp: known categories: `auth`
"
    );
    assert_eq!(
        stderr,
        "error: catalog `a,b:c` has 2 errors and 1 warning\n"
    );
    assert_eq!(code, 1);
}

#[test]
fn format_github_escapes_percent_and_newlines_in_messages() {
    // An unknown key whose name holds `%` and a newline: both reach the message.
    let yaml = VALID.replace("    fix: F\n", "    fix: F\n    \"50%\\nx\": 1\n");
    let (code, stdout, _) = run(
        "cat",
        &yaml,
        &["check", "--catalog", "cat", "--format", "github"],
        &[],
    );
    let line = stdout.lines().next().unwrap_or_default();
    assert!(
        line.starts_with("::error file=cat/catalog.yaml,line=16,col=5,"),
        "{stdout}"
    );
    // `%` is escaped for the runner; a line break inside catalog text is shown as `\u{a}`, as
    // in the human format, and the one between message and help as `%0A`.
    assert!(
        line.contains("50%25\\u{a}x` in an error%0Ahelp: "),
        "`%` and newline are escaped: {line}"
    );
    assert_eq!(
        stdout.lines().count(),
        1,
        "one annotation, one line: {stdout}"
    );
    assert_eq!(code, 1);
}

#[test]
fn human_output_is_plain_off_a_terminal_and_coloured_when_forced() {
    let args = ["check", "--catalog", "cat"];
    let (plain_code, plain_out, plain) = run("cat", BROKEN, &args, &[]);
    assert!(
        !plain.contains('\x1b'),
        "no escape codes in a pipe:\n{plain}"
    );
    assert!(
        plain.contains(
            "error[duplicate-code]: code `1` is used twice\n  --> cat/catalog.yaml:16:11\n"
        )
    );
    assert_eq!(plain_out, "");

    let (code, _, coloured) = run("cat", BROKEN, &args, &[("CLICOLOR_FORCE", "1")]);
    assert!(
        coloured.contains("\x1b[1m\x1b[91merror[duplicate-code]"),
        "forced colour paints errors red:\n{coloured}"
    );
    assert_eq!(
        anstream::adapter::strip_str(&coloured).to_string(),
        plain,
        "colour changes nothing but the escape codes"
    );
    assert_eq!((code, plain_code), (1, 1));

    let (_, _, no_color) = run(
        "cat",
        BROKEN,
        &args,
        &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")],
    );
    assert!(!no_color.contains('\x1b'), "NO_COLOR wins:\n{no_color}");
}

/// A catalog with one warning: `generate` succeeds, and its JSON holds the warning.
#[test]
fn generate_format_json_reports_warnings_once_and_writes_the_files() {
    let dir = tempfile::tempdir().unwrap();
    let yaml = VALID.replace("    fix: F\n", "");
    let args = [
        "generate",
        "--catalog",
        "cat",
        "--out",
        "gen",
        "--format",
        "json",
    ];
    let (code, stdout, _) = run_in(&dir, "cat", &yaml, &args, &[]);
    let got: Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("stdout is one JSON document ({e}):\n{stdout}"));
    let rules: Vec<&str> = got
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["missing-fix"]);
    assert!(dir.path().join("gen/rust/errors.rs").is_file());
    assert_eq!(code, 0);
}

/// `generate --check` in a machine format: each stale file is a `stale-file` diagnostic on the
/// generated file, at the first line that differs, so an annotation lands on it.
#[test]
fn generate_check_reports_stale_files_as_diagnostics() {
    let dir = tempfile::tempdir().unwrap();
    let gen_args = ["generate", "--catalog", "cat", "--out", "gen"];
    let (code, _, _) = run_in(&dir, "cat", VALID, &gen_args, &[]);
    assert_eq!(code, 0);
    let rust = dir.path().join("gen/rust/errors.rs");
    let text = std::fs::read_to_string(&rust).unwrap();
    let line = text.lines().position(|l| l.contains("\"M\"")).unwrap() + 1;
    std::fs::write(&rust, text.replacen("\"M\"", "\"Edited\"", 1)).unwrap();
    std::fs::remove_file(dir.path().join("gen/markdown/errors.md")).unwrap();

    let check = [&gen_args[..], &["--check", "--format", "github"]].concat();
    let (code, stdout, _) = run_in(&dir, "cat", VALID, &check, &[]);
    let edited = text
        .lines()
        .nth(line - 1)
        .unwrap()
        .replacen("\"M\"", "\"Edited\"", 1);
    assert_eq!(
        stdout,
        format!(
            "::error file=gen/rust/errors.rs,line={line},col=1,endColumn={},title=errcat stale-file::`gen/rust/errors.rs` is out of date%0Ahelp: run `errcat generate` (`cargo run -- generate`)\n\
             ::error file=gen/markdown/errors.md,line=1,col=1,title=errcat stale-file::`gen/markdown/errors.md` is missing%0Ahelp: run `errcat generate` (`cargo run -- generate`)\n",
            edited.chars().count()
        )
    );
    assert_eq!(code, 1);
    assert!(
        !dir.path().join("gen/markdown/errors.md").exists(),
        "--check writes nothing"
    );
}
