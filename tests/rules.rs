//! Configurable rules: the catalog's `rules:` map, an error's `allow:` list and the command
//! line's `--allow`/`--warn`/`--deny`, the one-screen summary of a rule that fires many times,
//! `explain` showing only its error's findings, and the README's rule table.

mod common;

use assert_cmd::Command;

/// A catalog of `n` errors without a fix, as converted from an existing list; `rules` goes into
/// the header and `extra` after the first error's fields.
fn unfixed(n: usize, rules: &str, extra: &str) -> String {
    let mut y = format!(
        "errcat: 1\ncatalog:\n  name: server\n  title: Server\n  version: 1.0.0\n{rules}categories:\n  - id: server\n    title: Server\nerrors:\n"
    );
    for i in 0..n {
        y.push_str(&format!(
            "  - name: er_{i}\n    code: {}\n    category: server\n    message: Error {i}.\n",
            1000 + i
        ));
        if i == 0 {
            y.push_str(extra);
        }
    }
    y
}

const CHECK: &[&str] = &["check", "--catalog", "catalog.yaml"];

#[test]
fn a_rule_firing_two_thousand_times_fits_on_one_screen() {
    let (code, _, stderr) = common::errcat_on(&unfixed(2000, "", ""), CHECK);
    assert_eq!(code, 0);
    assert!(
        stderr.lines().count() <= 30,
        "more than a screen:\n{stderr}"
    );
    assert_eq!(
        stderr.matches("warning[missing-fix]").count(),
        3,
        "{stderr}"
    );
    assert!(
        stderr.ends_with(
            "note: 1997 more `missing-fix` warnings not shown (`--format json` lists all); allow the rule with `rules: { missing-fix: allow }` in the catalog header or `--allow missing-fix`\n\ncatalog `catalog.yaml` is valid: 2000 errors\n"
        ),
        "{stderr}"
    );
}

#[test]
fn json_lists_every_finding() {
    let (code, stdout, _) = common::errcat_on(
        &unfixed(2000, "", ""),
        &["check", "--catalog", "catalog.yaml", "--format", "json"],
    );
    assert_eq!(code, 0);
    let list: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 2000);
}

#[test]
fn an_allowed_rule_prints_nothing() {
    let quiet = "catalog `catalog.yaml` is valid: 2000 errors\n";
    let by_header = unfixed(2000, "  rules:\n    missing-fix: allow\n", "");
    assert_eq!(
        common::errcat_on(&by_header, CHECK),
        (0, String::new(), quiet.into())
    );
    let by_flag = [
        "check",
        "--catalog",
        "catalog.yaml",
        "--allow",
        "missing-fix",
    ];
    assert_eq!(
        common::errcat_on(&unfixed(2000, "", ""), &by_flag),
        (0, String::new(), quiet.into())
    );
}

#[test]
fn an_error_allows_a_rule_for_itself() {
    let (code, _, stderr) = common::errcat_on(&unfixed(2, "", "    allow: [missing-fix]\n"), CHECK);
    assert_eq!(code, 0);
    assert_eq!(
        stderr,
        "warning[missing-fix]: error `er_1` has no `fix`
  --> catalog.yaml:15:5
   |
15 |   - name: er_1
   |     ^^^^
   = help: add `fix:` telling the caller how to resolve the error

catalog `catalog.yaml` is valid: 2 errors
"
    );
}

#[test]
fn deny_turns_findings_into_errors() {
    for flag in ["warnings", "missing-fix"] {
        let (code, _, stderr) = common::errcat_on(
            &unfixed(1, "", ""),
            &["check", "--catalog", "catalog.yaml", "--deny", flag],
        );
        assert_eq!(code, 1, "--deny {flag}");
        assert!(
            stderr.starts_with("error[missing-fix]: error `er_0` has no `fix`\n"),
            "--deny {flag}:\n{stderr}"
        );
        assert!(stderr.ends_with("error: catalog `catalog.yaml` has 1 error\n"));
    }
    // A warning the catalog sets explicitly is still an error under `--deny warnings`.
    let (code, _, _) = common::errcat_on(
        &unfixed(1, "  rules:\n    missing-fix: warn\n", ""),
        &["check", "--catalog", "catalog.yaml", "--deny", "warnings"],
    );
    assert_eq!(code, 1);
}

#[test]
fn the_catalog_outranks_the_command_line() {
    let allowed = unfixed(1, "  rules:\n    missing-fix: allow\n", "");
    let (code, _, stderr) = common::errcat_on(
        &allowed,
        &[
            "check",
            "--catalog",
            "catalog.yaml",
            "--deny",
            "missing-fix",
        ],
    );
    assert_eq!(
        (code, stderr.as_str()),
        (0, "catalog `catalog.yaml` is valid: 1 error\n")
    );
}

#[test]
fn unknown_and_unconfigurable_rules_are_catalog_errors() {
    let (code, _, stderr) = common::errcat_on(
        &unfixed(
            1,
            "  rules:\n    misisng-fix: allow\n    duplicate-code: allow\n",
            "    allow: [nope]\n",
        ),
        CHECK,
    );
    assert_eq!(code, 1);
    assert_eq!(
        stderr,
        "error[unknown-rule]: unknown rule `misisng-fix`; did you mean `missing-fix`?
 --> catalog.yaml:7:5
  |
7 |     misisng-fix: allow
  |     ^^^^^^^^^^^
  = help: `rules:` sets the level of configurable rules: see `errcat rules`

error[unknown-rule]: rule `duplicate-code` cannot be configured: errcat cannot generate a catalog in which two errors or retired errors have the same code, or a code is reserved twice
 --> catalog.yaml:8:5
  |
8 |     duplicate-code: allow
  |     ^^^^^^^^^^^^^^
  = help: `rules:` sets the level of configurable rules: see `errcat rules`

warning[missing-fix]: error `er_0` has no `fix`
  --> catalog.yaml:13:5
   |
13 |   - name: er_0
   |     ^^^^
   = help: add `fix:` telling the caller how to resolve the error

error[unknown-rule]: unknown rule `nope`; configurable rules: `unused-param`, `missing-fix`, `duplicate-message`, `retryable-mismatch`, `deprecated-without-replacement`, `replacement-chain`, `reserved-used`
  --> catalog.yaml:17:13
   |
17 |     allow: [nope]
   |             ^^^^
   = help: `allow:` lists configurable rules not reported for this error: see `errcat rules`

error: catalog `catalog.yaml` has 3 errors and 1 warning
"
    );
}

#[test]
fn an_unknown_rule_on_the_command_line_is_a_usage_error() {
    let (code, _, stderr) = common::errcat_on(
        &unfixed(1, "", ""),
        &[
            "check",
            "--catalog",
            "catalog.yaml",
            "--allow",
            "missing_fix",
        ],
    );
    assert_eq!(code, 2);
    assert!(
        stderr.starts_with(
            "error: invalid value 'missing_fix' for '--allow <RULE>': unknown rule `missing_fix`; did you mean `missing-fix`?\n"
        ),
        "{stderr}"
    );
}

#[test]
fn explain_shows_only_what_concerns_its_error() {
    let (code, stdout, stderr) = common::errcat_on(
        &unfixed(3, "", ""),
        &["explain", "er_1", "--catalog", "catalog.yaml"],
    );
    assert_eq!(code, 0);
    assert_eq!(
        stderr.matches("warning[missing-fix]").count(),
        1,
        "{stderr}"
    );
    assert!(stderr.contains("error `er_1` has no `fix`"), "{stderr}");
    assert!(stdout.starts_with("1001 er_1: Er 1\n"), "{stdout}");
}

/// The README's rule table is `errcat rules --markdown`, so it lists every rule of the typed
/// list with its default level.
#[test]
fn readme_lists_every_rule() {
    let out = Command::cargo_bin("errcat")
        .unwrap()
        .args(["rules", "--markdown"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let table = String::from_utf8(out.stdout).unwrap();
    let readme = std::fs::read_to_string(common::root().join("README.md")).unwrap();
    assert!(
        readme.contains(&table),
        "README.md's rule table is stale: paste the output of `errcat rules --markdown`"
    );
    for rule in errcat::rule::Rule::ALL {
        assert!(table.contains(&format!("| `{rule}` |")), "{rule} missing");
    }
}
