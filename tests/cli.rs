//! The `errcat` binary on good and bad input: exact diagnostics, locations and exit codes.

mod common;

use assert_cmd::Command;
use std::path::Path;

/// Runs errcat in a fresh directory holding `files`; returns (exit code, stdout, stderr).
fn errcat_in(files: &[(&str, &str)], args: &[&str]) -> (i32, String, String, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    let out = errcat_at(dir.path(), args);
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(!stderr.contains("panicked"), "errcat panicked:\n{stderr}");
    (out.status.code().unwrap(), stdout, stderr, dir)
}

/// Runs errcat with `dir` as its working directory.
fn errcat_at(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::cargo_bin("errcat")
        .unwrap()
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap()
}

/// `errcat check` on one catalog file; returns (exit code, stderr).
fn check(yaml: &str) -> (i32, String) {
    let (code, _, stderr, _dir) = errcat_in(
        &[("catalog.yaml", yaml)],
        &["check", "--catalog", "catalog.yaml"],
    );
    (code, stderr)
}

const HEADER: &str = "errcat: 1
catalog:
  name: shop
  title: Shop
  version: 1.0.0
categories:
  - id: validation
    title: Validation
    http_status: 422
    codes: [1000, 1999]
  - id: auth
    title: Auth
    http_status: 401
    codes: [2000, 2999]
errors:
";

fn with_errors(errors: &str) -> String {
    format!("{HEADER}{errors}")
}

#[test]
fn valid_catalog_passes_check() {
    let (code, stderr) = check(&with_errors(
        "  - name: invalid_phone
    code: 1001
    category: validation
    message: \"Phone {phone} is invalid.\"
    params:
      phone: { type: string }
    fix: Use E.164.
",
    ));
    assert_eq!(stderr, "catalog `catalog.yaml` is valid: 1 error\n");
    assert_eq!(code, 0);
}

#[test]
fn unknown_key_names_the_key_and_the_nearest_valid_one() {
    let (code, stderr) = check(&with_errors(
        "  - name: invalid_phone
    code: 1001
    category: validation
    mesage: Phone is invalid.
    fix: Use E.164.
",
    ));
    assert_eq!(
        stderr,
        "error[missing-key]: missing required key `message` in an error
  --> catalog.yaml:16:5
   |
16 |   - name: invalid_phone
   |     ^
   = help: add `message:` to this entry

error[unknown-key]: unknown key `mesage` in an error
  --> catalog.yaml:19:5
   |
19 |     mesage: Phone is invalid.
   |     ^^^^^^
   = help: did you mean `message`?

error: catalog `catalog.yaml` has 2 errors
"
    );
    assert_eq!(code, 1);
}

#[test]
fn duplicate_codes_and_names_name_both_places() {
    let (code, stderr) = check(&with_errors(
        "  - name: first
    code: 1001
    category: validation
    message: A.
    fix: A.
  - name: second
    code: 1001
    category: validation
    message: B.
    fix: B.
  - name: first
    code: 1002
    category: validation
    message: C.
    fix: C.
",
    ));
    assert_eq!(
        stderr,
        "error[duplicate-code]: code `1001` is used twice
  --> catalog.yaml:22:11
   |
22 |     code: 1001
   |           ^^^^
  --> catalog.yaml:17:11
   |
17 |     code: 1001
   |           ^^^^ first used by `first` here
   = help: every error needs a unique code

error[duplicate-name]: error name `first` is used twice
  --> catalog.yaml:26:11
   |
26 |   - name: first
   |           ^^^^^
  --> catalog.yaml:16:11
   |
16 |   - name: first
   |           ^^^^^ first used here
   = help: every error needs a unique name

error: catalog `catalog.yaml` has 2 errors
"
    );
    assert_eq!(code, 1);
}

#[test]
fn code_outside_its_category_range() {
    let (code, stderr) = check(&with_errors(
        "  - name: bad_token
    code: 3000
    category: auth
    message: Bad token.
    fix: Send a valid token.
",
    ));
    assert_eq!(
        stderr,
        "error[code-out-of-range]: code 3000 is outside the range [2000, 2999] of category `auth`
  --> catalog.yaml:17:11
   |
17 |     code: 3000
   |           ^^^^
  --> catalog.yaml:14:12
   |
14 |     codes: [2000, 2999]
   |            ^ range declared here
   = help: pick a code between 2000 and 2999, or move the error to another category

error: catalog `catalog.yaml` has 1 error
"
    );
    assert_eq!(code, 1);
}

#[test]
fn unknown_category_suggests_the_nearest() {
    let (code, stderr) = check(&with_errors(
        "  - name: bad_email
    code: 1002
    category: validaton
    message: Bad email.
    fix: Check it.
",
    ));
    assert_eq!(
        stderr,
        "error[unknown-category]: unknown category `validaton`
  --> catalog.yaml:18:15
   |
18 |     category: validaton
   |               ^^^^^^^^^
   = help: did you mean `validation`?

error: catalog `catalog.yaml` has 1 error
"
    );
    assert_eq!(code, 1);
}

#[test]
fn bad_http_status() {
    let (code, stderr) = check(&with_errors(
        "  - name: bad_email
    code: 1002
    category: validation
    http_status: 999
    message: Bad email.
    fix: Check it.
",
    ));
    assert_eq!(
        stderr,
        "error[bad-http-status]: HTTP status 999 is not between 100 and 599
  --> catalog.yaml:19:18
   |
19 |     http_status: 999
   |                  ^^^
   = help: use a status code such as 400, 404, 422, 429 or 500

error: catalog `catalog.yaml` has 1 error
"
    );
    assert_eq!(code, 1);
}

#[test]
fn placeholders_and_params_must_match() {
    let (code, stderr) = check(&with_errors(
        "  - name: bad_email
    code: 1002
    category: validation
    message: \"Email {email} is invalid: {reason}.\"
    params:
      email: { type: string }
      unused: { type: integer }
    fix: Check it.
",
    ));
    assert_eq!(
        stderr,
        "error[undeclared-param]: placeholder `{reason}` is not declared in `params`
  --> catalog.yaml:19:41
   |
19 |     message: \"Email {email} is invalid: {reason}.\"
   |                                         ^^^^^^^^
   = help: declare it: `params: { reason: { type: string } }`, or write `{{reason}}` for literal braces

error[unused-param]: parameter `unused` is never used in the message
  --> catalog.yaml:22:7
   |
22 |       unused: { type: integer }
   |       ^^^^^^
   = help: use it as `{unused}` in `message`, or remove it

error: catalog `catalog.yaml` has 2 errors
"
    );
    assert_eq!(code, 1);
}

#[test]
fn malformed_placeholder() {
    let (code, stderr) = check(&with_errors(
        "  - name: bad_email
    code: 1002
    category: validation
    message: \"Email {email is invalid.\"
    params:
      email: { type: string }
    fix: Check it.
",
    ));
    assert_eq!(
        stderr,
        "error[bad-placeholder]: unclosed `{` in message
  --> catalog.yaml:19:21
   |
19 |     message: \"Email {email is invalid.\"
   |                     ^
   = help: close the placeholder with `}`, or write `{{` for a literal brace

error: catalog `catalog.yaml` has 1 error
"
    );
    assert_eq!(code, 1);
}

#[test]
fn names_must_be_snake_case() {
    let (code, stderr) = check(&with_errors(
        "  - name: BadEmail
    code: 1002
    category: validation
    message: Bad email.
    fix: Check it.
",
    ));
    assert_eq!(
        stderr,
        "error[bad-name]: error name `BadEmail` is not snake_case
  --> catalog.yaml:16:11
   |
16 |   - name: BadEmail
   |           ^^^^^^^^
   = help: write it as `bad_email`

error: catalog `catalog.yaml` has 1 error
"
    );
    assert_eq!(code, 1);
}

#[test]
fn names_that_collide_in_a_target_language() {
    let (code, stderr) = check(&with_errors(
        "  - name: sms_2fa
    code: 2001
    category: auth
    message: A.
    fix: A.
  - name: sms2fa
    code: 2002
    category: auth
    message: B.
    fix: B.
",
    ));
    assert_eq!(
        stderr,
        "error[name-collision]: error names `sms_2fa` and `sms2fa` both become `Sms2fa` in Rust
  --> catalog.yaml:21:11
   |
21 |   - name: sms2fa
   |           ^^^^^^
  --> catalog.yaml:16:11
   |
16 |   - name: sms_2fa
   |           ^^^^^^^ `sms_2fa` defined here
   = help: rename one of the errors so the names differ by more than underscores or case

error: catalog `catalog.yaml` has 1 error
"
    );
    assert_eq!(code, 1);
}

#[test]
fn category_ids_that_collide_in_a_target_language() {
    let yaml = HEADER
        .replace("id: validation", "id: sms2fa")
        .replace("id: auth", "id: sms_2fa")
        + "  - { name: a, code: 1001, category: sms2fa, message: A., fix: A. }\n";
    let (code, stderr) = check(&yaml);
    assert_eq!(
        stderr,
        "error[name-collision]: category ids `sms2fa` and `sms_2fa` both become `Sms2fa` in Rust
  --> catalog.yaml:11:9
   |
11 |   - id: sms_2fa
   |         ^^^^^^^
  --> catalog.yaml:7:9
   |
 7 |   - id: sms2fa
   |         ^^^^^^ `sms2fa` defined here
   = help: rename one of the categories so the ids differ by more than underscores or case

error: catalog `catalog.yaml` has 1 error
"
    );
    assert_eq!(code, 1);
}

#[test]
fn names_a_language_reserves_are_spelled_with_its_escape() {
    // `self` is `Self_` in Rust, `ok` is `Ok` (as tonic spells it), `i` is `I_` in Python.
    let (code, stderr) = check(&with_errors(
        "  - name: self
    code: 2001
    category: auth
    message: A.
    fix: A.
  - name: ok
    code: 2002
    category: auth
    message: B.
    fix: B.
  - name: i
    code: 2003
    category: auth
    message: C.
    fix: C.
",
    ));
    assert_eq!(stderr, "catalog `catalog.yaml` is valid: 3 errors\n");
    assert_eq!(code, 0);
}

#[test]
fn a_catalog_name_no_language_can_spell_is_refused_with_the_reason() {
    let (code, stderr) = check(
        &with_errors("")
            .replace("name: shop", "name: 3ds")
            .replace("errors:\n", ""),
    );
    assert_eq!(
        stderr,
        "error[unspellable-name]: catalog name `3ds` cannot be spelled in Python
 --> catalog.yaml:3:9
  |
3 |   name: 3ds
  |         ^^^
  = help: it becomes the Python package `3ds_errors`, and a Python module name cannot start with a digit; start the name with a letter

error: catalog `catalog.yaml` has 1 error
"
    );
    assert_eq!(code, 1);
}

#[test]
fn every_problem_of_a_file_is_reported_in_one_run() {
    let (code, stderr) = check(&with_errors(
        "  - name: BadName
    code: 1001
    category: nope
    http_status: 42
    message: \"{x}\"
    fix: A.
  - name: other
    code: 1001
    category: validation
    mesage: B.
",
    ));
    let rules: Vec<&str> = stderr
        .lines()
        .filter_map(|l| {
            l.split_once('[')
                .and_then(|(_, r)| r.split_once(']'))
                .map(|(r, _)| r)
        })
        .collect();
    assert_eq!(
        rules,
        [
            "bad-name",
            "unknown-category",
            "bad-http-status",
            "undeclared-param",
            "missing-key",
            "unknown-key"
        ]
    );
    assert!(
        stderr.ends_with("error: catalog `catalog.yaml` has 6 errors\n"),
        "{stderr}"
    );
    assert_eq!(code, 1);
}

#[test]
fn yaml_syntax_error_has_a_location() {
    let (code, stderr) = check("errcat: 1\ncatalog: [oops\n");
    assert_eq!(
        stderr,
        "error[yaml-syntax]: the list opened with `[` is never closed
 --> catalog.yaml:2:10
  |
2 | catalog: [oops
  |          ^
  = help: add the closing `]`

error: catalog `catalog.yaml` has 1 error
"
    );
    assert_eq!(code, 1);
}

#[test]
fn wrong_types_are_named() {
    let (code, stderr) = check(&with_errors(
        "  - name: bad_email
    code: [1]
    category: validation
    retryable: maybe
    message: Bad email.
    fix: Check it.
",
    ));
    assert_eq!(
        stderr,
        "error[wrong-type]: `code` must be an integer or a string, found a list
  --> catalog.yaml:17:11
   |
17 |     code: [1]
   |           ^

error[wrong-type]: `retryable` must be a boolean, found a string
  --> catalog.yaml:19:16
   |
19 |     retryable: maybe
   |                ^^^^^
   = help: write `true` or `false`

error: catalog `catalog.yaml` has 2 errors
"
    );
    assert_eq!(code, 1);
}

#[test]
fn a_directory_catalog_reports_duplicates_across_files_with_both_files() {
    let header = "errcat: 1
catalog: { name: shop, title: Shop, version: 1.0.0 }
categories:
  - { id: general, title: General, http_status: 400 }
";
    let a = "errcat: 1
errors:
  - { name: out_of_stock, code: 1, category: general, message: Gone., fix: Wait. }
";
    let b = "errcat: 1
errors:
  - { name: sold_out, code: 1, category: general, message: Sold., fix: Wait. }
";
    let (code, _, stderr, _dir) = errcat_in(
        &[
            ("cat/00-header.yaml", header),
            ("cat/a.yaml", a),
            ("cat/b.yaml", b),
            ("cat/notes.txt", "ignored"),
        ],
        &["check", "--catalog", "cat"],
    );
    assert_eq!(
        stderr,
        "error[duplicate-code]: code `1` is used twice
 --> cat/b.yaml:3:29
  |
3 |   - { name: sold_out, code: 1, category: general, message: Sold., fix: Wait. }
  |                             ^
 --> cat/a.yaml:3:33
  |
3 |   - { name: out_of_stock, code: 1, category: general, message: Gone., fix: Wait. }
  |                                 ^ first used by `out_of_stock` here
  = help: every error needs a unique code

error: catalog `cat` has 1 error
"
    );
    assert_eq!(code, 1);
}

#[test]
fn missing_fix_is_a_warning_only() {
    let (code, stderr) = check(&with_errors(
        "  - name: bad_email
    code: 1002
    category: validation
    message: Bad email.
",
    ));
    assert!(
        stderr.starts_with("warning[missing-fix]: error `bad_email` has no `fix`\n"),
        "{stderr}"
    );
    assert!(
        stderr.ends_with("catalog `catalog.yaml` is valid: 1 error\n"),
        "{stderr}"
    );
    assert_eq!(code, 0);
}

#[test]
fn io_and_usage_errors_exit_2() {
    let (code, _, stderr, _d) = errcat_in(&[], &["check", "--catalog", "missing.yaml"]);
    assert!(
        stderr.starts_with("error: cannot read catalog `missing.yaml`"),
        "{stderr}"
    );
    assert_eq!(code, 2);
    let (code, _, stderr, _d) = errcat_in(
        &[("empty/readme.txt", "x")],
        &["check", "--catalog", "empty"],
    );
    assert_eq!(
        stderr,
        "error: no catalog files (*.yaml, *.yml) in directory `empty`\n"
    );
    assert_eq!(code, 2);
    let (code, _, _, _d) = errcat_in(&[], &["generate", "--target", "cobol"]);
    assert_eq!(code, 2);
}

#[test]
fn hostile_bytes_never_panic() {
    let inputs: [&[u8]; 8] = [
        b"",
        b"\xff\xfe\x00garbage",
        b"errcat: 1\nerrors: 12\n",
        b"- just\n- a\n- list\n",
        b"errcat: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
        b"a: &a [*a]\n",
        b"errcat: 1\ncatalog: ~\nerrors: [{}]\n",
        b"\xef\xbb\xbferrcat: 1\r\ncatalog:\r\n\tname: x\r\n",
    ];
    for input in inputs {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("c.yaml"), input).unwrap();
        let out = errcat_at(
            dir.path(),
            &["generate", "--catalog", "c.yaml", "--out", "out"],
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "input {input:?}:\n{stderr}");
        assert!(stderr.contains("error["), "input {input:?}:\n{stderr}");
        assert!(
            !Path::new(&dir.path().join("out")).exists(),
            "a failed run wrote output"
        );
    }
}

#[test]
fn generate_writes_once_then_leaves_unchanged_files_alone() {
    let (code, _, stderr, dir) = errcat_in(
        &[("catalog.yaml", common::SHOP_CATALOG)],
        &[
            "generate",
            "--catalog",
            "catalog.yaml",
            "--target",
            "markdown",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    let summary = stderr.trim_end();
    assert!(
        summary.starts_with("generated 1 target: 1 file, 1 changed, from 1 error in ")
            && summary.ends_with(" ms"),
        "{stderr}"
    );
    let page = dir.path().join("generated/markdown/errors.md");
    let before = std::fs::metadata(&page).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let out = errcat_at(
        dir.path(),
        &[
            "generate",
            "--catalog",
            "catalog.yaml",
            "--target",
            "markdown",
        ],
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains(": 1 file, 0 changed, from 1 error"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::metadata(&page).unwrap().modified().unwrap(),
        before,
        "unchanged file was rewritten"
    );
    let quiet = errcat_at(
        dir.path(),
        &[
            "generate",
            "--catalog",
            "catalog.yaml",
            "--target",
            "markdown",
            "--quiet",
        ],
    );
    assert!(quiet.status.success() && quiet.stderr.is_empty());
}

#[test]
fn check_mode_reports_stale_files_with_a_diff_and_writes_nothing() {
    let (code, _, _, dir) = errcat_in(
        &[("catalog.yaml", common::SHOP_CATALOG)],
        &[
            "generate",
            "--catalog",
            "catalog.yaml",
            "--target",
            "markdown",
        ],
    );
    assert_eq!(code, 0);
    let run_check = || {
        errcat_at(
            dir.path(),
            &[
                "generate",
                "--check",
                "--catalog",
                "catalog.yaml",
                "--target",
                "markdown",
            ],
        )
    };
    assert_eq!(run_check().status.code(), Some(0));
    std::fs::write(
        dir.path().join("catalog.yaml"),
        common::SHOP_CATALOG.replace("Try again tomorrow.", "Order elsewhere."),
    )
    .unwrap();
    let page = dir.path().join("generated/markdown/errors.md");
    let before = std::fs::read_to_string(&page).unwrap();
    let out = run_check();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.starts_with("stale: generated/markdown/errors.md\n"),
        "{stderr}"
    );
    assert!(
        stderr.contains("\n-**Fix:** Try again tomorrow.\n+**Fix:** Order elsewhere.\n"),
        "{stderr}"
    );
    // The manifest records each file's sha256, so it is stale with the file.
    assert!(
        stderr.contains("\nstale: generated/errcat-manifest.json\n"),
        "{stderr}"
    );
    assert!(stderr.ends_with(
        "error: 2 generated files out of date; run `errcat generate` (`cargo run -- generate`)\n"
    ));
    assert_eq!(
        std::fs::read_to_string(&page).unwrap(),
        before,
        "--check wrote a file"
    );
}

#[test]
fn a_failing_run_writes_nothing() {
    let broken = common::SHOP_CATALOG.replace("category: general", "category: nowhere");
    let (code, _, _, dir) = errcat_in(
        &[("catalog.yaml", &broken)],
        &["generate", "--catalog", "catalog.yaml"],
    );
    assert_eq!(code, 1);
    assert!(!dir.path().join("generated").exists());
}

#[test]
fn explain_by_code_and_by_name() {
    let expected = r#"1 out_of_stock: Out of stock

HTTP status: 400
Category:    General (general)
Retryable:   no
Message:     Item {sku} is out of stock.
  {sku} (string): The item

Fix: Try again tomorrow.

Example response body:
{
  "title": "Out of stock",
  "status": 400,
  "detail": "Item sku_value is out of stock.",
  "code": 1,
  "name": "out_of_stock"
}
"#;
    for key in ["1", "out_of_stock"] {
        let (code, stdout, stderr, _d) = errcat_in(
            &[("catalog.yaml", common::SHOP_CATALOG)],
            &["explain", key, "--catalog", "catalog.yaml"],
        );
        assert_eq!((code, stdout.as_str()), (0, expected), "{stderr}");
    }
    let (code, _, stderr, _d) = errcat_in(
        &[("catalog.yaml", common::SHOP_CATALOG)],
        &["explain", "out_of_stok", "--catalog", "catalog.yaml"],
    );
    assert_eq!(
        stderr,
        "error: no error with code or name `out_of_stok` in `catalog.yaml`\n  = help: did you mean `out_of_stock`?\n"
    );
    assert_eq!(code, 2);
}

/// String codes and names match in any case; a near miss names the nearest name or string code.
#[test]
fn explain_matches_string_codes_and_names_in_any_case() {
    let sqlstate =
        std::fs::read_to_string(common::root().join("tests/fixtures/sqlstate/catalog.yaml"))
            .unwrap();
    for key in ["22p02", "22P02", "INVALID_TEXT_REPRESENTATION"] {
        let (code, stdout, stderr, _d) = errcat_in(
            &[("catalog.yaml", &sqlstate)],
            &["explain", key, "--catalog", "catalog.yaml"],
        );
        assert_eq!(code, 0, "{key}: {stderr}");
        assert!(
            stdout.starts_with("22P02 invalid_text_representation: "),
            "{key}: {stdout}"
        );
    }
    let (code, _, stderr, _d) = errcat_in(
        &[("catalog.yaml", &sqlstate)],
        &["explain", "22P2", "--catalog", "catalog.yaml"],
    );
    assert_eq!(
        (code, stderr.as_str()),
        (
            2,
            "error: no error with code or name `22P2` in `catalog.yaml`\n  = help: did you mean `22P02`?\n"
        )
    );
}

#[test]
fn schema_command_matches_the_committed_schema() {
    let (code, stdout, _, _d) = errcat_in(&[], &["schema"]);
    assert_eq!(code, 0);
    let committed =
        std::fs::read_to_string(common::root().join("schema/catalog.schema.json")).unwrap();
    assert_eq!(
        stdout, committed,
        "schema/catalog.schema.json is stale: run `cargo run -- schema > schema/catalog.schema.json`"
    );
}

#[test]
fn every_catalog_file_carries_the_schema_modeline() {
    let dir = common::root().join("catalog");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "yaml") {
            let text = std::fs::read_to_string(&path).unwrap();
            assert!(
                text.starts_with("# yaml-language-server: $schema=../schema/catalog.schema.json\n"),
                "{} lacks the yaml-language-server modeline",
                path.display()
            );
        }
    }
}

#[test]
fn every_command_has_help() {
    for cmd in ["generate", "check", "explain", "schema", "dump-ir"] {
        let (code, stdout, _, _d) = errcat_in(&[], &[cmd, "--help"]);
        assert_eq!(code, 0);
        assert!(stdout.contains("Usage: errcat"), "{cmd}: {stdout}");
        assert!(
            stdout.contains("Example"),
            "{cmd} --help has no example: {stdout}"
        );
    }
}

#[test]
fn templates_override_built_in_ones_by_relative_path() {
    let template = "<!-- {{ header }} -->\n{% for c in categories %}{% for e in c.errors %}* {{ e.name }} = {{ e.code_text }}\n{% endfor %}{% endfor %}";
    let (code, _, stderr, dir) = errcat_in(
        &[
            ("catalog.yaml", common::SHOP_CATALOG),
            ("tpl/markdown/errors.md.tera", template),
        ],
        &[
            "generate",
            "--catalog",
            "catalog.yaml",
            "--templates",
            "tpl",
            "--target",
            "markdown",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    let page = std::fs::read_to_string(dir.path().join("generated/markdown/errors.md")).unwrap();
    assert_eq!(
        page,
        "<!-- generated by errcat from catalog.yaml, do not edit -->\n* out_of_stock = 1\n"
    );

    let (code, _, stderr, dir) = errcat_in(
        &[
            ("catalog.yaml", common::SHOP_CATALOG),
            ("tpl/markdown/errors.md.tera", "{{ nope.field }}"),
        ],
        &[
            "generate",
            "--catalog",
            "catalog.yaml",
            "--templates",
            "tpl",
        ],
    );
    assert_eq!(code, 2);
    assert!(
        stderr.starts_with("error: cannot render `markdown/errors.md.tera`"),
        "{stderr}"
    );
    assert!(
        !dir.path().join("generated").exists(),
        "a failed render wrote output"
    );
}

/// `generate` and `generate --check` in `dir` on `catalog.yaml` into `generated/`, with `extra`;
/// returns (exit code, stdout, stderr).
fn generate_in(dir: &Path, check: bool, extra: &[&str]) -> (i32, String, String) {
    let mut args = vec!["generate", "--catalog", "catalog.yaml"];
    if check {
        args.push("--check");
    }
    args.extend_from_slice(extra);
    let out = errcat_at(dir, &args);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(!stderr.contains("panicked"), "{stderr}");
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        stderr,
    )
}

/// The summary line without its run time (`in 12 ms`).
fn summary(stderr: &str) -> &str {
    let line = stderr.lines().last().unwrap_or_default();
    &line[..line.rfind(" in ").unwrap_or(line.len())]
}

/// A second run on an unchanged tree renders nothing: `generate` and `generate --check` say so
/// after the counts, which are those of a full run, and `--format json` prints the same empty
/// document; the files keep their bytes.
#[test]
fn an_unchanged_tree_is_not_rendered_again() {
    let (code, _, stderr, dir) = errcat_in(
        &[("catalog.yaml", common::SHOP_CATALOG)],
        &["generate", "--catalog", "catalog.yaml"],
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        summary(&stderr),
        "generated 6 targets: 13 files, 13 changed, from 1 error"
    );
    let before = std::fs::read(dir.path().join("generated/rust/errors.rs")).unwrap();
    let (code, _, stderr) = generate_in(dir.path(), false, &[]);
    assert_eq!(
        (code, summary(&stderr)),
        (
            0,
            "generated 6 targets: 13 files, 0 changed, from 1 error (inputs unchanged)"
        )
    );
    let (code, _, stderr) = generate_in(dir.path(), true, &[]);
    assert_eq!(
        (code, summary(&stderr)),
        (
            0,
            "checked 6 targets: 13 files, 0 stale, from 1 error (inputs unchanged)"
        )
    );
    let (code, _, stderr) = generate_in(dir.path(), true, &["--target", "python"]);
    assert_eq!(
        (code, summary(&stderr)),
        (
            0,
            "checked 1 target: 3 files, 0 stale, from 1 error (inputs unchanged)"
        )
    );
    for check in [false, true] {
        let (code, stdout, _) = generate_in(dir.path(), check, &["--format", "json"]);
        assert_eq!((code, stdout.as_str()), (0, "[]\n"), "check: {check}");
    }
    assert_eq!(
        std::fs::read(dir.path().join("generated/rust/errors.rs")).unwrap(),
        before
    );
}

/// A generated file edited by hand is read and hashed, so an unchanged catalog does not hide
/// it: `--check` reports it with its diff (exit 1), `generate` rewrites it, and then the tree is
/// unchanged again.
#[test]
fn a_hand_edited_file_is_caught_by_check_and_rewritten_by_generate() {
    let (code, _, stderr, dir) = errcat_in(
        &[("catalog.yaml", common::SHOP_CATALOG)],
        &["generate", "--catalog", "catalog.yaml"],
    );
    assert_eq!(code, 0, "{stderr}");
    let page = dir.path().join("generated/markdown/errors.md");
    let original = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, original.replace("Try again tomorrow.", "Try later.")).unwrap();
    let (code, _, stderr) = generate_in(dir.path(), true, &[]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.starts_with("stale: generated/markdown/errors.md\n"),
        "{stderr}"
    );
    assert!(
        stderr.contains("\n-**Fix:** Try later.\n+**Fix:** Try again tomorrow.\n"),
        "{stderr}"
    );
    assert!(
        stderr.contains("\nchecked 6 targets: 13 files, 1 stale, from 1 error in "),
        "{stderr}"
    );
    let (code, _, stderr) = generate_in(dir.path(), false, &[]);
    assert_eq!(
        (code, summary(&stderr)),
        (0, "generated 6 targets: 13 files, 1 changed, from 1 error")
    );
    assert_eq!(std::fs::read_to_string(&page).unwrap(), original);
    let (_, _, stderr) = generate_in(dir.path(), true, &[]);
    assert!(summary(&stderr).ends_with("(inputs unchanged)"), "{stderr}");
}

/// Each input makes the next run render: the catalog's text (even a comment), a template
/// override, a limit, a rule level. A change that alters no output still renders and rewrites
/// nothing but the manifest's record; the run after it finds the tree unchanged again.
#[test]
fn a_catalog_template_or_option_change_renders_again() {
    let (code, _, stderr, dir) = errcat_in(
        &[("catalog.yaml", common::SHOP_CATALOG)],
        &["generate", "--catalog", "catalog.yaml", "--quiet"],
    );
    assert_eq!((code, stderr.as_str()), (0, ""));
    let unchanged = |extra: &[&str]| {
        let (code, _, stderr) = generate_in(dir.path(), false, extra);
        assert_eq!(code, 0, "{stderr}");
        summary(&stderr).ends_with("(inputs unchanged)")
    };
    assert!(unchanged(&[]));

    // A comment: the output is the same, but the catalog was read and rendered again.
    let catalog = dir.path().join("catalog.yaml");
    std::fs::write(&catalog, format!("# reviewed\n{}", common::SHOP_CATALOG)).unwrap();
    let (_, _, stderr) = generate_in(dir.path(), false, &[]);
    assert_eq!(
        summary(&stderr),
        "generated 6 targets: 13 files, 0 changed, from 1 error"
    );
    assert!(unchanged(&[]));

    // A changed message: every file that holds it (`index.js` only re-exports `index.cjs`).
    std::fs::write(
        &catalog,
        common::SHOP_CATALOG.replace("is out of stock", "is sold out"),
    )
    .unwrap();
    let (_, _, stderr) = generate_in(dir.path(), false, &[]);
    assert_eq!(
        summary(&stderr),
        "generated 6 targets: 13 files, 8 changed, from 1 error"
    );
    assert!(unchanged(&[]));

    // A template override, then a change to it.
    let templates = dir.path().join("tpl/markdown");
    std::fs::create_dir_all(&templates).unwrap();
    let builtin = errcat::targets::by_id("markdown")
        .unwrap()
        .templates()
        .iter()
        .find(|(name, _)| *name == "markdown/errors.md.tera")
        .unwrap()
        .1;
    std::fs::write(templates.join("errors.md.tera"), builtin).unwrap();
    let with = ["--templates", "tpl"];
    let (_, _, stderr) = generate_in(dir.path(), false, &with);
    assert_eq!(
        summary(&stderr),
        "generated 6 targets: 13 files, 0 changed, from 1 error"
    );
    assert!(unchanged(&with));
    std::fs::write(
        templates.join("errors.md.tera"),
        format!("{builtin}\nOverridden.\n"),
    )
    .unwrap();
    let (_, _, stderr) = generate_in(dir.path(), false, &with);
    assert_eq!(
        summary(&stderr),
        "generated 6 targets: 13 files, 1 changed, from 1 error"
    );
    assert!(unchanged(&with));
    // Back to the built-in templates.
    assert!(!unchanged(&[]));

    // A limit and a rule level are inputs too.
    assert!(!unchanged(&["--max-nodes", "100000"]));
    assert!(unchanged(&["--max-nodes", "100000"]));
    assert!(!unchanged(&["--warn", "missing-fix"]));
}

/// A catalog with a warning is loaded on every run, so its warning is shown every time.
#[test]
fn a_catalog_with_warnings_is_loaded_on_every_run() {
    let catalog = common::SHOP_CATALOG.replace("    fix: Try again tomorrow.\n", "");
    let (code, _, stderr, dir) = errcat_in(
        &[("catalog.yaml", &catalog)],
        &["generate", "--catalog", "catalog.yaml"],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("missing-fix"), "{stderr}");
    let (code, _, again) = generate_in(dir.path(), false, &[]);
    assert_eq!(code, 0, "{again}");
    // The same warning, before the summary line.
    let before_summary = |s: &str| s.trim_end().rsplit_once('\n').unwrap().0.to_owned();
    assert_eq!(before_summary(&again), before_summary(&stderr));
    assert_eq!(
        summary(&again),
        "generated 6 targets: 13 files, 0 changed, from 1 error"
    );
}
