//! Codes as real catalogs write them: negative, 64-bit and hex integers are read exactly; a
//! code YAML would read as something other than what its author wrote is refused where it is
//! written, with the quoted spelling as the hint.

mod common;

/// A catalog whose errors have these codes, as written in YAML.
fn with_codes(codes: &[&str]) -> String {
    let mut y = String::from(
        "errcat: 1\ncatalog: { name: db, title: DB, version: 1.0.0, rules: { missing-fix: allow } }\ncategories:\n  - id: c\n    title: C\nerrors:\n",
    );
    for (i, code) in codes.iter().enumerate() {
        y.push_str(&format!(
            "  - name: e{i}\n    code: {code}\n    category: c\n    message: M{i}.\n"
        ));
    }
    y
}

fn check(codes: &[&str]) -> (i32, String) {
    let (code, _, stderr) =
        common::errcat_on(&with_codes(codes), &["check", "--catalog", "catalog.yaml"]);
    (code, stderr)
}

#[test]
fn negative_hex_and_64_bit_codes_are_read_exactly() {
    let (code, stdout, stderr) = common::errcat_on(
        &with_codes(&[
            "-2",
            "0x80070005",
            "0X7FFFFFFFFFFFFFFF",
            "-9223372036854775808",
        ]),
        &["dump-ir", "--catalog", "catalog.yaml"],
    );
    assert_eq!(code, 0, "{stderr}");
    let ir: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let codes: Vec<i64> = ir["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["code"].as_i64().unwrap())
        .collect();
    assert_eq!(
        codes,
        [i64::MIN, -2, 0x8007_0005, i64::MAX],
        "errors sorted by code"
    );
}

#[test]
fn an_unquoted_number_in_a_catalog_of_string_codes_must_be_quoted() {
    let (code, stderr) = check(&["\"0A000\"", "22012"]);
    assert_eq!(code, 1);
    assert_eq!(
        stderr,
        "error[mixed-code-kinds]: code `22012` is read by YAML as the number, but this catalog's codes are strings
  --> catalog.yaml:12:11
   |
12 |     code: 22012
   |           ^^^^^
  --> catalog.yaml:8:11
   |
 8 |     code: \"0A000\"
   |           ^^^^^^^ `e0` has a string code
   = help: quote it: `code: \"22012\"`

error: catalog `catalog.yaml` has 1 error
"
    );
}

#[test]
fn numbers_yaml_reads_differently_are_refused_where_they_are_written() {
    let (code, stderr) = check(&["08000", "0B000", "1e3", "404.0", "9223372036854775808"]);
    assert_eq!(code, 1);
    assert_eq!(
        stderr,
        "error[wrong-type]: `code` must be an integer, found the number `08000`
 --> catalog.yaml:8:11
  |
8 |     code: 08000
  |           ^^^^^
  = help: YAML reads a number with a leading zero as a decimal number; write it without the zero, or quote it to keep it as text: `\"08000\"`

error[bad-code]: code `0B000` is read by YAML as the number 0
  --> catalog.yaml:12:11
   |
12 |     code: 0B000
   |           ^^^^^
   = help: quote it if it is a string code (`code: \"0B000\"`), or write `0`

error[wrong-type]: `code` must be an integer, found the number `1e3`
  --> catalog.yaml:16:11
   |
16 |     code: 1e3
   |           ^^^
   = help: write it without a decimal point or exponent: `1000`

error[wrong-type]: `code` must be an integer, found the number `404.0`
  --> catalog.yaml:20:11
   |
20 |     code: 404.0
   |           ^^^^^
   = help: write it without a decimal point or exponent: `404`

error[wrong-value]: the number `9223372036854775808` in `code` is too large
  --> catalog.yaml:24:11
   |
24 |     code: 9223372036854775808
   |           ^^^^^^^^^^^^^^^^^^^
   = help: integers here are at most 9223372036854775807

error: catalog `catalog.yaml` has 5 errors
"
    );
}
