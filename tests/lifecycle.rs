//! The lifecycle on the command line: `next-code` and its gap report, `explain` of a retired
//! error and of an alias, and the IR's `retired`/`reserved` lists. The rules themselves are
//! pinned as data in `tests/diagnostics/` (`lifecycle_ok`, `replacement_chain`, ...).

use std::path::{Path, PathBuf};
use std::process::Command;

fn diagnostics_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/diagnostics")
}

fn errcat(args: &[&str]) -> (String, String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_errcat"))
        .current_dir(diagnostics_dir())
        .args(args)
        .env_remove("CLICOLOR_FORCE")
        .output()
        .expect("errcat runs");
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code().unwrap_or(-1),
    )
}

const OK: &str = "lifecycle_ok.yaml";

#[test]
fn next_code_skips_retired_codes_and_reserved_ranges() {
    // Live 1001-1003 and 1006, retired 1004 and 1005: the next is 1007.
    assert_eq!(
        errcat(&["next-code", "orders", "--catalog", OK]),
        ("1007\n".into(), String::new(), 0)
    );
}

#[test]
fn next_code_gaps_lists_every_category() {
    let (stdout, stderr, code) = errcat(&["next-code", "--gaps", "--catalog", OK]);
    assert_eq!((stderr.as_str(), code), ("", 0));
    assert_eq!(
        stdout,
        "orders [1000, 1999]: 6 codes, highest 1006; unused: 1000; next 1007\n\
         input [2000, 2999]: 1 code, highest 2001; unused: 2000; next 2002\n"
    );
}

#[test]
fn next_code_fills_a_gap_when_the_range_is_full_above() {
    let dir = tempfile::tempdir().unwrap();
    let catalog = dir.path().join("c.yaml");
    std::fs::write(
        &catalog,
        "errcat: 1\ncatalog: { name: c, title: C, version: 1.0.0 }\n\
         categories:\n  - { id: a, title: A, codes: [10, 14] }\n  - { id: b, title: B }\n\
         errors:\n  - { name: a_one, code: 10, category: a, message: One., fix: F. }\n\
         \x20 - { name: a_four, code: 14, category: a, message: Four., fix: F. }\n\
         \x20 - { name: b_one, code: 8, category: b, message: B one., fix: F. }\n\
         retired:\n  - { name: a_two, code: 11, reason: Gone. }\n\
         reserved:\n  - { codes: [12, 12], reason: Kept. }\n",
    )
    .unwrap();
    let path = catalog.to_str().unwrap();
    let (stdout, _, code) = errcat(&["next-code", "--gaps", "--catalog", path]);
    assert_eq!(code, 0);
    assert_eq!(
        stdout,
        "a [10, 14]: 3 codes, highest 14; unused: 13; next 13 (the range above 14 is full)\n\
         b (no range): 1 code, highest 8; unused: none; next 9\n"
    );
    // `b` has no range: its codes go above its highest, past `a`'s range.
    std::fs::write(
        &catalog,
        std::fs::read_to_string(&catalog)
            .unwrap()
            .replace("code: 8,", "code: 9,"),
    )
    .unwrap();
    assert_eq!(errcat(&["next-code", "b", "--catalog", path]).0, "15\n");
}

#[test]
fn next_code_refusals_are_plain() {
    assert_eq!(
        errcat(&["next-code", "order", "--catalog", OK]),
        (
            String::new(),
            "error: no category `order` in the catalog\n  = help: did you mean `orders`?\n".into(),
            2
        )
    );
    let sqlstate =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sqlstate/catalog.yaml");
    let (_, stderr, code) = errcat(&[
        "next-code",
        "data_exception",
        "--catalog",
        sqlstate.to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        "error: the catalog's codes are not integers; `next-code` counts integer codes\n"
    );
}

#[test]
fn explain_a_retired_code_says_what_replaced_it() {
    assert_eq!(
        errcat(&["explain", "1004", "--catalog", OK]),
        (
            "1004 order_expired: retired since 2.0.0\n\n\
             Merged into: `order_not_found` (1001): Order not found\n\
             Reason:      Expired orders are deleted.\n"
                .into(),
            String::new(),
            0
        )
    );
    let (stdout, _, code) = errcat(&["explain", "order_archived", "--catalog", OK]);
    assert_eq!(code, 0);
    assert!(
        stdout.contains("Replaced by: `order_not_found` (1001): Order not found\n"),
        "{stdout}"
    );
}

#[test]
fn explain_an_alias_shows_its_error() {
    let (stdout, _, code) = errcat(&["explain", "missing_order", "--catalog", OK]);
    assert_eq!(code, 0);
    assert!(
        stdout.starts_with(
            "1001 order_not_found: Order not found\n\n`missing_order` is an alias of `order_not_found`.\n\nAliases:     `missing_order`\n"
        ),
        "{stdout}"
    );
}

#[test]
fn the_ir_lists_retired_and_reserved_entries_and_aliases() {
    let (stdout, _, code) = errcat(&["dump-ir", "--catalog", OK]);
    assert_eq!(code, 0);
    let ir: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(ir["retired"][0]["name"], "order_expired");
    assert_eq!(ir["retired"][0]["merged_into"], "order_not_found");
    assert_eq!(ir["reserved"][0]["codes"], serde_json::json!([1900, 1999]));
    assert_eq!(ir["reserved"][2]["name"], "order_cancelled");
    let e = ir["errors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == "order_not_found")
        .unwrap();
    assert_eq!(e["aliases"], serde_json::json!(["missing_order"]));
}
