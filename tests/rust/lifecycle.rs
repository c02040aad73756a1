//! The lifecycle in Rust: a compile-fail case for the deprecated constants, and the driver's
//! lifecycle checks: in every module, each live error is found by its name and code, each alias
//! by its name (through `lookup_name`, `from_name` and `FromStr`), each retired error by its name
//! and code as `Lookup::Retired` (and by neither `from_name` nor `from_code`), and an unknown
//! name by nothing. Each printed line is `<module>\t<case>\t<answer>`.
//!
//! What a retired error answers (the live error to use instead, and the sentence `Display`
//! writes) is pinned here per catalog: a new retired entry in a fixture needs its answer written
//! down below.

use errcat::catalog::{Catalog, Code, CodeKind};
use errcat::filters::rust_str;
use std::fmt::Write as _;

/// The answers of the retired errors of the fixtures: (module, name, error to use instead or
/// `-`, `Display` text).
const RETIRED: &[(&str, &str, &str, &str)] = &[
    (
        "fixture_lifecycle",
        "order_expired",
        "order_not_found",
        "`order_expired` (1004) was retired in 2.0.0, merged into `order_not_found`: use `order_not_found` instead.",
    ),
    (
        "fixture_lifecycle",
        "order_archived",
        "order_not_found",
        "`order_archived` (1005) was retired in 2.0.0: use `order_not_found` instead.",
    ),
];

/// Prints what a lookup found: `live <name>`, `retired <name> use <name or -> / <text>` (checking
/// that `Lookup::live` and `Lookup::current` agree), or `none`.
pub const MACROS: &str = r#"/// Prints what a lookup found.
macro_rules! lookup {
    ($m:ident, $case:expr, $found:expr) => {{
        use errcat_rust_check::$m::{ErrorCode, Lookup};
        let found: Option<Lookup> = $found;
        let shown = match found {
            Some(Lookup::Live(error)) => {
                assert_eq!(found.and_then(Lookup::live), Some(error));
                assert_eq!(found.and_then(Lookup::current), Some(error));
                format!("live {}", error.name())
            }
            Some(Lookup::Retired(retired)) => {
                assert_eq!(found.and_then(Lookup::live), None);
                assert_eq!(found.and_then(Lookup::current), retired.use_instead());
                format!(
                    "retired {} use {} / {retired}",
                    retired.name(),
                    retired.use_instead().map_or("-", ErrorCode::name),
                )
            }
            None => "none".to_owned(),
        };
        println!("{}\t{}\t{}", stringify!($m), $case, shown);
    }};
}

"#;

/// Adds the lifecycle checks of `module`, generated from `catalog`, to the driver's `out`.
pub fn checks(out: &mut String, expected: &mut Vec<String>, module: &str, catalog: &Catalog) {
    let label = |case: &str| format!("{module}\t{case}");
    let code = |c: &Code| match c {
        Code::Int(i) => i.to_string(),
        Code::Str(s) => rust_str(s),
    };
    let has_codes = catalog.code_kind != CodeKind::None;
    let path = format!("errcat_rust_check::{module}::ErrorCode");
    for e in &catalog.errors {
        let _ = writeln!(
            out,
            "    lookup!({module}, \"name {}\", {path}::lookup_name({}));",
            e.name.escape_default(),
            rust_str(&e.name)
        );
        expected.push(format!(
            "{}\tlive {}",
            label(&format!("name {}", e.name)),
            e.name
        ));
        if let (true, Some(c)) = (has_codes, &e.code) {
            let _ = writeln!(
                out,
                "    lookup!({module}, \"code {}\", {path}::lookup_code({}));",
                e.name.escape_default(),
                code(c)
            );
            expected.push(format!(
                "{}\tlive {}",
                label(&format!("code {}", e.name)),
                e.name
            ));
        }
        for alias in &e.aliases {
            let _ = writeln!(
                out,
                "    lookup!({module}, \"alias {alias}\", {path}::lookup_name({}));",
                rust_str(alias)
            );
            expected.push(format!(
                "{}\tlive {}",
                label(&format!("alias {alias}")),
                e.name
            ));
            let _ = writeln!(
                out,
                "    println!(\"{module}\\talias-parse {alias}\\t{{:?}} {{:?}}\", {path}::from_name({lit}).map({path}::name), {lit}.parse::<{path}>().map({path}::name));",
                lit = rust_str(alias)
            );
            expected.push(format!(
                "{}\tSome({:?}) Ok({:?})",
                label(&format!("alias-parse {alias}")),
                e.name,
                e.name
            ));
        }
    }
    for r in &catalog.retired {
        let (_, _, use_instead, text) = RETIRED
            .iter()
            .find(|(m, n, _, _)| *m == module && *n == r.name)
            .unwrap_or_else(|| panic!("pin the answer of `{}` in {module}", r.name));
        let answer = format!("retired {} use {use_instead} / {text}", r.name);
        let _ = writeln!(
            out,
            "    lookup!({module}, \"retired-name {}\", {path}::lookup_name({}));",
            r.name,
            rust_str(&r.name)
        );
        expected.push(format!(
            "{}\t{answer}",
            label(&format!("retired-name {}", r.name))
        ));
        let _ = writeln!(
            out,
            "    println!(\"{module}\\tretired-from-name {}\\t{{:?}}\", {path}::from_name({}));",
            r.name,
            rust_str(&r.name)
        );
        expected.push(format!(
            "{}\tNone",
            label(&format!("retired-from-name {}", r.name))
        ));
        if let Some(c) = &r.code {
            let _ = writeln!(
                out,
                "    lookup!({module}, \"retired-code {}\", {path}::lookup_code({}));",
                r.name,
                code(c)
            );
            expected.push(format!(
                "{}\t{answer}",
                label(&format!("retired-code {}", r.name))
            ));
            let _ = writeln!(
                out,
                "    println!(\"{module}\\tretired-from-code {}\\t{{:?}}\", {path}::from_code({}));",
                r.name,
                code(c)
            );
            expected.push(format!(
                "{}\tNone",
                label(&format!("retired-from-code {}", r.name))
            ));
        }
    }
    let unknown = "errcat_not_in_the_catalog";
    let _ = writeln!(
        out,
        "    lookup!({module}, \"unknown\", {path}::lookup_name({unknown:?}));"
    );
    expected.push(format!("{}\tnone", label("unknown")));
    let _ = writeln!(
        out,
        "    println!(\"{module}\\tretired-count\\t{{}}\", errcat_rust_check::{module}::RetiredError::all().len());"
    );
    expected.push(format!(
        "{}\t{}",
        label("retired-count"),
        catalog.retired.len()
    ));
}

/// The lifecycle's deprecations warn the Rust way: under `deny(deprecated)`, naming an alias
/// constant, a deprecated error's variants or its constructor fails to compile, each with the
/// note that says what to use; the live error, and an alias under `#[allow(deprecated)]`, do not.
/// One rustc run, each error pinned to its line.
#[test]
fn deprecated_aliases_and_errors_fail_under_deny_deprecated() {
    let out = crate::common::generate(
        &crate::common::root().join("tests/fixtures/lifecycle/catalog.yaml"),
    );
    let module = out.path().join("rust/errors.rs");
    let source = format!(
        "#![deny(deprecated)]\nmod errors {{\n    include!({:?});\n}}\n\
         pub fn alias() -> errors::ErrorCode {{\n    errors::ErrorCode::MissingOrder\n}}\n\
         pub fn variant() -> errors::ErrorCode {{\n    errors::ErrorCode::OrderGone\n}}\n\
         pub fn constructor() -> errors::Error {{\n    errors::Error::order_gone()\n}}\n\
         pub fn pattern(error: &errors::Error) -> bool {{\n    matches!(error, errors::Error::OrderGone)\n}}\n\
         pub fn live() -> errors::ErrorCode {{\n    errors::ErrorCode::OrderNotFound\n}}\n\
         #[allow(deprecated)]\npub fn allowed() -> bool {{\n    errors::ErrorCode::UnknownOrder == errors::ErrorCode::OrderNotFound\n}}\n",
        module.to_str().expect("UTF-8 path")
    );
    let work = tempfile::tempdir().expect("temp dir");
    let file = work.path().join("uses.rs");
    std::fs::write(&file, &source).unwrap();
    let output = std::process::Command::new("rustc")
        .args(["--edition", "2021", "--crate-type", "lib"])
        .args(["--error-format", "short", "--emit", "metadata", "--out-dir"])
        .arg(work.path())
        .arg(&file)
        .output()
        .expect("rustc runs");
    assert!(!output.status.success(), "the deprecated uses compiled");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let prefix = format!("{}:", file.to_str().unwrap());
    let mut errors: Vec<(usize, &str)> = stderr
        .lines()
        .filter(|l| l.contains(": error:"))
        .map(|l| {
            let rest = l
                .strip_prefix(&prefix)
                .unwrap_or_else(|| panic!("an error outside the uses: {l}"));
            let (line, rest) = rest.split_once(':').unwrap();
            let message = rest.split_once(": error: ").unwrap().1;
            (line.parse().unwrap(), message)
        })
        .collect();
    errors.sort_unstable();
    // Lines of `uses.rs`: 6 the alias, 9 the deprecated variant, 12 its constructor, 15 its
    // typed variant; 18, the live error, and 22, an alias where deprecation is allowed, have none.
    assert_eq!(
        errors,
        [
            (
                6,
                "use of deprecated associated constant `errors::ErrorCode::MissingOrder`: use `ErrorCode::OrderNotFound` instead"
            ),
            (
                9,
                "use of deprecated unit variant `errors::ErrorCode::OrderGone`: use `ErrorCode::OrderNotFound` instead"
            ),
            (
                12,
                "use of deprecated associated function `errors::Error::order_gone`: use `Error::order_not_found` instead"
            ),
            (
                15,
                "use of deprecated unit variant `errors::Error::OrderGone`: use `Error::OrderNotFound` instead"
            ),
        ],
        "rustc said:\n{stderr}"
    );
}
