//! The python target's output, for the committed flagship package and every fixture: it
//! type-checks with a consumer script under `mypy --strict` for Python 3.9, passes `ruff check`
//! and `ruff format --check`, and, run, holds exactly the catalog's table.

mod common;

use common::py_lang;
use std::path::Path;

#[test]
fn committed_package_checks_and_holds_the_catalog() {
    let catalog = common::load(&common::root().join("catalog"));
    check_package(&common::generated(), &catalog);
}

#[test]
fn fixture_packages_check_and_hold_their_catalogs() {
    let fixtures = common::valid_fixtures();
    assert!(!fixtures.is_empty(), "no fixtures under tests/fixtures");
    for fixture in fixtures {
        eprintln!("checking {}", fixture.display());
        let out = common::generate(&fixture);
        check_package(out.path(), &common::load(&fixture));
    }
}

/// `ruff format` splits a one-item tuple that does not fit in 88 columns, counting wide
/// characters twice and combining marks not at all; the target must lay it out the same.
#[test]
fn one_item_tuples_are_split_where_ruff_splits_them() {
    let catalog = common::root().join("tests/python/layout/catalog.yaml");
    let out = common::generate(&catalog);
    let package = py_lang::package(out.path());
    py_lang::ruff(&package.dir());
    let text = std::fs::read_to_string(package.dir().join("__init__.py")).expect("__init__.py");
    let split = text.matches("segments=(\n").count();
    let inline = text.matches("segments=(\"").count();
    assert_eq!(
        (inline, split),
        (5, 5),
        "each case must fit once and split once:\n{text}"
    );
}

#[test]
fn consumer_script_is_clean() {
    py_lang::ruff(&common::root().join("tests/python/consumer.py"));
}

fn check_package(generated_dir: &Path, catalog: &errcat::Catalog) {
    let package = py_lang::package(generated_dir);
    let init = std::fs::read_to_string(package.dir().join("__init__.py")).expect("__init__.py");
    let header = format!("# {}\n", errcat::targets::header(catalog));
    assert!(
        init.starts_with(&header),
        "{} must start with {header:?}",
        package.name
    );
    let typed = package.dir().join("py.typed");
    assert_eq!(
        std::fs::read(&typed).ok().as_deref(),
        Some(&[][..]),
        "{} must exist and be empty",
        typed.display()
    );
    py_lang::mypy(&package);
    py_lang::ruff(&package.dir());
    let dump = py_lang::dump(generated_dir);
    common::assert_table_eq("Python", &dump, &common::expected_table(catalog));
}

/// The naming layer's list of builtin exception classes is the interpreter's, so no catalog
/// name can make the package's exception shadow one.
#[test]
fn the_naming_layer_knows_every_builtin_error() {
    let out = common::run(std::process::Command::new(common::venv_bin("python")).args([
        "-c",
        "import builtins; print('\\n'.join(sorted(n for n in dir(builtins) if n.endswith('Error'))))",
    ]));
    for name in out.lines() {
        assert!(
            errcat::lang::python::BUILTIN_ERRORS.contains(&name),
            "`{name}` is a builtin the naming layer does not know"
        );
    }
}
