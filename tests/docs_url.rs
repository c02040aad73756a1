//! `docs_url` problems are `bad-docs-url` catalog errors pointing into the URL: an unknown
//! placeholder, `{code}` in a catalog without codes, a brace that starts or ends no placeholder,
//! text no URI reference may hold. (That every expanded URL is a valid URI reference, with each
//! value percent-encoded for its component, is checked in `tests/json_schema.rs`.)

use assert_cmd::Command;

/// `errcat check` on one file `c.yaml`; returns (exit code, stderr).
fn check(yaml: &str) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("c.yaml"), yaml).unwrap();
    let out = Command::cargo_bin("errcat")
        .unwrap()
        .current_dir(dir.path())
        .args(["check", "--catalog", "c.yaml"])
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// Unknown placeholders were kept verbatim, and `{code}` became empty (every error got the same
/// URL); both are errors now, with a caret on the placeholder.
#[test]
fn unknown_placeholders_and_code_without_codes_are_errors() {
    let (code, stderr) = check(
        "errcat: 1
catalog:
  name: shop
  title: Shop
  version: 1.0.0
  docs_url: https://docs.example.com/{slug}/{code}#{nmae}
categories:
  - { id: general, title: General, http_status: 400 }
errors:
  - { name: out_of_stock, category: general, message: Gone., fix: Wait. }
",
    );
    assert_eq!(
        stderr,
        "error[bad-docs-url]: `docs_url` has an unknown placeholder `{slug}`
 --> c.yaml:6:38
  |
6 |   docs_url: https://docs.example.com/{slug}/{code}#{nmae}
  |                                      ^^^^^^
  = help: placeholders are `{name}` and `{code}`; a URL cannot hold a brace, write `%7B` and `%7D` for literal ones

error[bad-docs-url]: `docs_url` uses `{code}`, but the catalog's errors have no codes
 --> c.yaml:6:45
  |
6 |   docs_url: https://docs.example.com/{slug}/{code}#{nmae}
  |                                             ^^^^^^
  = help: use `{name}`, or give every error a `code`

error[bad-docs-url]: `docs_url` has an unknown placeholder `{nmae}`
 --> c.yaml:6:52
  |
6 |   docs_url: https://docs.example.com/{slug}/{code}#{nmae}
  |                                                    ^^^^^^
  = help: did you mean `{name}`? placeholders are `{name}` and `{code}`; a URL cannot hold a brace, write `%7B` and `%7D` for literal ones

error: catalog `c.yaml` has 3 errors
"
    );
    assert_eq!(code, 1);
}

#[test]
fn an_unclosed_brace_is_an_error() {
    let (code, stderr) = check(
        "errcat: 1
catalog:
  name: shop
  title: Shop
  version: 1.0.0
  docs_url: \"https://docs.example.com/über uns/{name\"
categories:
  - { id: general, title: General, http_status: 400 }
errors:
  - { name: out_of_stock, code: 1, category: general, message: Gone., fix: Wait. }
",
    );
    assert_eq!(
        stderr,
        "error[bad-docs-url]: `docs_url` has a `{` that starts no placeholder
 --> c.yaml:6:48
  |
6 |   docs_url: \"https://docs.example.com/über uns/{name\"
  |                                                ^
  = help: placeholders are `{name}` and `{code}`; a URL cannot hold a brace, write `%7B` for a literal `{`

error: catalog `c.yaml` has 1 error
"
    );
    assert_eq!(code, 1);
}

/// Text no URI may hold is reported at its first character, with the percent-encoding to write.
#[test]
fn text_a_uri_cannot_hold_is_an_error() {
    let (code, stderr) = check(
        "errcat: 1
catalog:
  name: shop
  title: Shop
  version: 1.0.0
  docs_url: \"https://docs.example.com/über uns/{name}\"
categories:
  - { id: general, title: General, http_status: 400 }
errors:
  - { name: out_of_stock, code: 1, category: general, message: Gone., fix: Wait. }
",
    );
    assert_eq!(
        stderr,
        "error[bad-docs-url]: `docs_url` is not a valid URI reference: `ü` cannot appear here
 --> c.yaml:6:39
  |
6 |   docs_url: \"https://docs.example.com/über uns/{name}\"
  |                                       ^
  = help: percent-encode it: write `%C3%BC`

error: catalog `c.yaml` has 1 error
"
    );
    assert_eq!(code, 1);
}
