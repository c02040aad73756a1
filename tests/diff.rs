//! `errcat diff` as data: every `tests/diff/<case>/` holds `old.yaml`, `new.yaml`, the extra
//! arguments (`args`, one line) and the expected run (`expected`: stdout, then `--- stderr`,
//! then `--- exit N`), which pins each change's classification, its place in the new catalog,
//! the semver advice and the exit code. `ERRCAT_BLESS=1 cargo test --test diff` rewrites the
//! `expected` files; review `git diff` afterwards.
//!
//! The git tests build a repository in a temporary directory (`git init`, two commits) and
//! read the old side with `git:HEAD~1`.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/diff")
}

fn cases() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(cases_dir())
        .expect("tests/diff exists")
        .filter_map(|e| {
            let path = e.ok()?.path();
            path.join("old.yaml")
                .is_file()
                .then(|| path.file_name()?.to_str().map(str::to_owned))?
        })
        .collect();
    names.sort();
    names
}

fn errcat(dir: &Path, args: &[&str]) -> (String, String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_errcat"))
        .current_dir(dir)
        .args(args)
        .env_remove("CLICOLOR_FORCE")
        .output()
        .expect("errcat runs");
    (
        String::from_utf8(out.stdout).expect("UTF-8 stdout"),
        String::from_utf8(out.stderr).expect("UTF-8 stderr"),
        out.status.code().unwrap_or(-1),
    )
}

fn run_case(case: &str) -> String {
    let dir = cases_dir().join(case);
    let extra = std::fs::read_to_string(dir.join("args")).unwrap_or_default();
    let mut args = vec!["diff", "old.yaml", "new.yaml"];
    args.extend(extra.split_whitespace());
    let (stdout, stderr, code) = errcat(&dir, &args);
    assert!(!stderr.contains("panicked"), "{case}: {stderr}");
    format!("{stdout}--- stderr\n{stderr}--- exit {code}\n")
}

#[test]
fn every_case_prints_its_expected_run() {
    let bless = std::env::var_os("ERRCAT_BLESS").is_some_and(|v| v == "1");
    let cases = cases();
    assert!(
        cases.len() >= 20,
        "expected the cases under tests/diff, found {cases:?}"
    );
    let mut failures = Vec::new();
    for case in &cases {
        let actual = run_case(case);
        let path = cases_dir().join(case).join("expected");
        let expected = std::fs::read_to_string(&path).unwrap_or_default();
        if actual == expected {
            continue;
        }
        if bless {
            std::fs::write(&path, &actual).expect("write expected");
        } else {
            failures.push(format!(
                "{case}: the run differs from {case}/expected\n--- expected\n{expected}--- actual\n{actual}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Each classification `errcat rules` lists for `diff` has a case that reports it, and the
/// case named after it reports it with the class the rule table gives.
#[test]
fn every_classification_has_its_case() {
    for rule in errcat::rule::Rule::ALL {
        if !rule.doc().starts_with("`diff`: ") {
            continue;
        }
        let id = rule.id();
        let reported = cases().iter().any(|case| {
            std::fs::read_to_string(cases_dir().join(case).join("expected"))
                .is_ok_and(|e| e.contains(&format!("[{id}]")))
        });
        assert!(reported, "no case under tests/diff reports `{id}`");
        let case = id.replace('-', "_");
        if let Ok(expected) = std::fs::read_to_string(cases_dir().join(&case).join("expected")) {
            let breaking = errcat::diff::is_breaking(*rule);
            let shown = if breaking {
                format!("error[{id}]")
            } else {
                format!("note[{id}]")
            };
            assert!(expected.contains(&shown), "{case}: expected `{shown}`");
            // Under `--fail-on breaking` with a minor bump, only breaking changes fail.
            let exit = if breaking { "--- exit 1" } else { "--- exit 0" };
            assert!(
                expected.ends_with(&format!("{exit}\n")),
                "{case}: expected {exit}"
            );
        }
    }
}

/// A repository whose first commit holds `old.yaml` of a case and the second `new.yaml`, both
/// as `catalog/shop.yaml` (a directory catalog) or `api.yaml` (a file).
fn repo(case: &str, file: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let case = cases_dir().join(case);
    let target = dir.path().join(file);
    std::fs::create_dir_all(target.parent().unwrap()).unwrap();
    common::git(dir.path(), &["init", "-q"]);
    std::fs::copy(case.join("old.yaml"), &target).unwrap();
    common::git(dir.path(), &["add", "-A"]);
    common::git(dir.path(), &["commit", "-q", "-m", "first"]);
    std::fs::copy(case.join("new.yaml"), &target).unwrap();
    common::git(dir.path(), &["add", "-A"]);
    common::git(dir.path(), &["commit", "-q", "-m", "second"]);
    dir
}

#[test]
fn git_head_1_of_a_directory_catalog() {
    let dir = repo("code_changed", "catalog/shop.yaml");
    let (stdout, stderr, code) =
        errcat(dir.path(), &["diff", "git:HEAD~1", "--fail-on", "breaking"]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(
        stdout.starts_with(
            "error[code-changed]: code of `order_locked` changed from 1002 to 1004\n  --> catalog/shop.yaml:25:11\n"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("  --> HEAD~1:catalog/shop.yaml:24:11\n"),
        "the old definition is shown at the revision: {stdout}"
    );
    assert!(
        stdout.contains("git:HEAD~1:catalog → catalog: 1 breaking change, 0 compatible changes\n"),
        "{stdout}"
    );
    assert_eq!(
        stderr,
        "error: 1 breaking change without a major version bump (1.0.0 → 1.1.0)\n"
    );
}

#[test]
fn git_revisions_on_both_sides_of_a_file_catalog() {
    let dir = repo("error_added", "api.yaml");
    let (stdout, stderr, code) = errcat(
        dir.path(),
        &[
            "diff",
            "git:HEAD~1:api.yaml",
            "git:HEAD:api.yaml",
            "--fail-on",
            "breaking",
        ],
    );
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(
        stdout.starts_with(
            "note[error-added]: error `card_expired` (2002) was added\n  --> HEAD:api.yaml:37:11\n"
        ),
        "{stdout}"
    );
    // `git:REF` alone takes the other side's path.
    let (stdout, _, code) = errcat(dir.path(), &["diff", "git:HEAD~1", "git:HEAD:api.yaml"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("1 compatible change"), "{stdout}");
}

#[test]
fn a_clone_with_one_commit_has_no_previous_revision() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("catalog")).unwrap();
    std::fs::copy(
        cases_dir().join("no_changes/old.yaml"),
        dir.path().join("catalog/shop.yaml"),
    )
    .unwrap();
    common::git(dir.path(), &["init", "-q"]);
    common::git(dir.path(), &["add", "-A"]);
    common::git(dir.path(), &["commit", "-q", "-m", "only"]);
    let (stdout, stderr, code) = errcat(dir.path(), &["diff", "git:HEAD~1"]);
    assert_eq!((stdout.as_str(), code), ("", 2));
    assert_eq!(
        stderr,
        "error: no git revision `HEAD~1` in this repository\n"
    );
    let (_, stderr, code) = errcat(dir.path(), &["diff", "git:HEAD:nowhere"]);
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        "error: catalog `nowhere` does not exist at git revision `HEAD`\n"
    );
}

#[test]
fn outside_a_repository_git_sides_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (_, stderr, code) = errcat(dir.path(), &["diff", "git:HEAD~1"]);
    assert_eq!(code, 2);
    assert_eq!(stderr, "error: not inside a git repository\n");
}
