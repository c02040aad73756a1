//! The lifecycle in the generated Python package (`tests/fixtures/lifecycle/catalog.yaml`):
//! deprecated members, classes and aliases warn where user code uses them, lookups by an alias
//! find the error, and lookups of a retired code or name raise `RetiredError` saying what to use.

use super::common::{self, py_lang};

/// `tests/python/lifecycle.py`, type-checked and run against the fixture's package, prints
/// exactly these lines.
#[test]
fn deprecations_aliases_and_retired_errors_answer_as_documented() {
    let out = common::generate(&common::root().join("tests/fixtures/lifecycle/catalog.yaml"));
    let package = py_lang::package(out.path());
    let script = common::root().join("tests/python/lifecycle.py");
    py_lang::ruff(&script);
    type_check(&package, &script);
    let printed = common::run(&mut py_lang::python(&package, &script));
    let expected = [
        "warning\tDeprecationWarning\t25\tErrorCode.MISSING_ORDER: Deprecated. Use ErrorCode.ORDER_NOT_FOUND instead.",
        "warning\tDeprecationWarning\t26\tErrorCode.UNKNOWN_ORDER: Deprecated. Use ErrorCode.ORDER_NOT_FOUND instead.",
        "warning\tDeprecationWarning\t27\tErrorCode.ORDER_GONE: Deprecated since 1.5.0. Use ErrorCode.ORDER_NOT_FOUND instead.",
        "warning\tDeprecationWarning\t28\tOrderGone: Deprecated since 1.5.0. Use OrderNotFound instead.",
        "same\tTrue\tTrue\tTrue",
        "listed\t['ORDER_NOT_FOUND', 'ORDER_GONE', 'ORDER_LOCKED', 'TOO_MANY_ORDERS', 'BAD_QUANTITY']",
        "parsed\tOrderGone\tOrderGone",
        "deprecated\t['ORDER_GONE']",
        "aliases\t[('missing_order', 'ORDER_NOT_FOUND'), ('unknown_order', 'ORDER_NOT_FOUND')]",
        "by alias\torder_not_found\t('missing_order', 'unknown_order')",
        "by value\torder_gone\tTrue",
        "unknown\tNone\tNone",
        "retired\torder_expired\t1004\tORDER_NOT_FOUND\t`order_expired` (1004): Retired since 2.0.0. Merged into ErrorCode.ORDER_NOT_FOUND: use it instead. Expired orders are deleted.",
        "pickled\tTrue\tTrue",
        "retired\torder_archived\t1005\tORDER_NOT_FOUND\t`order_archived` (1005): Retired since 2.0.0. Use ErrorCode.ORDER_NOT_FOUND instead. Archived orders can no longer be read.",
        "pickled\tTrue\tTrue",
        "retired table\t[('order_expired', '2.0.0'), ('order_archived', '2.0.0')]",
    ];
    let got: Vec<&str> = printed.lines().collect();
    assert_eq!(
        got, expected,
        "tests/python/lifecycle.py printed:\n{printed}"
    );
}

/// The enum's warning hook is hidden from type checkers, so a misspelled member, a deprecated
/// one included, is still a type error.
#[test]
fn a_misspelled_member_is_still_a_type_error() {
    let out = common::generate(&common::root().join("tests/fixtures/lifecycle/catalog.yaml"));
    let package = py_lang::package(out.path());
    let work = tempfile::tempdir().expect("temp dir");
    let file = work.path().join("typo.py");
    std::fs::write(
        &file,
        "from lifecycle_errors import ErrorCode\n\ncode = ErrorCode.ORDER_GONEE\n",
    )
    .expect("typo.py");
    let result = mypy(&package, &file, work.path())
        .output()
        .expect("mypy runs");
    let stdout = String::from_utf8_lossy(&result.stdout);
    assert!(
        !result.status.success(),
        "mypy accepted the typo:\n{stdout}"
    );
    assert!(
        stdout.contains(
            "typo.py:3: error: \"type[ErrorCode]\" has no attribute \"ORDER_GONEE\"  [attr-defined]"
        ),
        "mypy must name the misspelled member:\n{stdout}"
    );
}

fn mypy(
    package: &py_lang::Package,
    file: &std::path::Path,
    work: &std::path::Path,
) -> std::process::Command {
    let mut cmd = std::process::Command::new(common::venv_bin("mypy"));
    cmd.args(["--strict", "--python-version", "3.9", "--no-color-output"])
        .arg("--cache-dir")
        .arg(work.join("mypy-cache"))
        .arg(file)
        .env("MYPYPATH", &package.python_dir)
        .current_dir(work);
    cmd
}

fn type_check(package: &py_lang::Package, file: &std::path::Path) {
    let work = tempfile::tempdir().expect("temp dir");
    common::run(&mut mypy(package, file, work.path()));
}

/// The README's lifecycle example type-checks, passes ruff and prints what its comments say,
/// against the lifecycle fixture's package.
#[test]
fn readme_lifecycle_example_runs() {
    let readme = std::fs::read_to_string(common::root().join("README.md")).expect("README.md");
    let example = readme
        .split("```python\n")
        .skip(1)
        .filter_map(|block| block.split("```").next())
        .find(|code| code.contains("RetiredError"))
        .expect("README.md shows a Python lookup raising `RetiredError`");
    let out = common::generate(&common::root().join("tests/fixtures/lifecycle/catalog.yaml"));
    let package = py_lang::package(out.path());
    let work = tempfile::tempdir().expect("temp dir");
    let file = work.path().join("lifecycle_example.py");
    std::fs::write(&file, example).expect("lifecycle_example.py");
    py_lang::ruff(&file);
    type_check(&package, &file);
    let printed = common::run(&mut py_lang::python(&package, &file));
    assert_eq!(
        printed.lines().collect::<Vec<_>>(),
        [
            "ORDER_NOT_FOUND",
            "ErrorCode.MISSING_ORDER: Deprecated. Use ErrorCode.ORDER_NOT_FOUND instead.",
            "OrderGone: Deprecated since 1.5.0. Use OrderNotFound instead.",
            "order_not_found ['ORDER_GONE']",
            "`order_expired` (1004): Retired since 2.0.0. Merged into ErrorCode.ORDER_NOT_FOUND: use it instead. Expired orders are deleted.",
            "True",
        ],
        "the README example printed:\n{printed}"
    );
}

/// With string codes and without codes the enum is a `str` enum: its aliases pass ruff (one
/// laid out on a line of its own), the package passes mypy, and lookups by an alias, a retired
/// code (a name, without codes) and a retired name answer as with integer codes.
#[test]
fn string_valued_enums_carry_aliases_and_retired_lookups() {
    let alias =
        "a_very_long_alias_name_that_goes_on_and_on_and_on_and_on_and_on_and_on_forever_more";
    for (catalog, retired_key, retired_text) in [
        ("lifecycle_strings", "A3", "`gamma` (A3): Retired. Gone."),
        ("lifecycle_names", "gamma", "`gamma`: Retired. Gone."),
    ] {
        let out =
            common::generate(&common::root().join(format!("tests/python/{catalog}/catalog.yaml")));
        let package = py_lang::package(out.path());
        py_lang::ruff(&package.dir());
        let work = tempfile::tempdir().expect("temp dir");
        let script = work.path().join("lookups.py");
        std::fs::write(
            &script,
            format!(
                "import {pkg} as errors\n\n\
                 info = errors.by_name(\"{alias}\")\n\
                 print(info.name if info else None)\n\
                 for lookup in (errors.by_code, errors.by_name):\n\
                 \x20   key = \"{retired_key}\" if lookup is errors.by_code else \"delta\"\n\
                 \x20   try:\n\
                 \x20       lookup(key)\n\
                 \x20   except errors.RetiredError as retired:\n\
                 \x20       print(retired)\n",
                pkg = package.name
            ),
        )
        .expect("lookups.py");
        type_check(&package, &script);
        let printed = common::run(&mut py_lang::python(&package, &script));
        assert_eq!(
            printed.lines().collect::<Vec<_>>(),
            [
                "alpha",
                retired_text,
                "`delta`: Retired. Use ErrorCode.ALPHA instead. Moved.",
            ],
            "{catalog}"
        );
    }
}
