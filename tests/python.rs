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

/// The naming layer's other capitalized builtins are the interpreter's, so no error class can
/// shadow one.
#[test]
fn the_naming_layer_knows_every_capitalized_builtin() {
    let out = common::run(std::process::Command::new(common::venv_bin("python")).args([
        "-c",
        "import builtins; print('\\n'.join(sorted(n for n in dir(builtins) if n[:1].isupper())))",
    ]));
    for name in out.lines() {
        assert!(
            errcat::lang::python::BUILTIN_ERRORS.contains(&name)
                || errcat::lang::python::BUILTIN_CLASSES.contains(&name)
                || errcat::lang::python::KEYWORDS.contains(&name),
            "`{name}` is a builtin the naming layer does not know"
        );
    }
}

/// Typed errors in every fixture: each error built with its example values writes exactly the
/// reference body (`body_json`), that body parses back to an equal error of the same class,
/// and malformed bodies raise `ResponseParseError` naming the member while a body of an error
/// the catalog does not know gives an `UnknownError` keeping it. One mypy run type-checks
/// every package with its driver, one Python process runs them all.
#[test]
fn typed_errors_round_trip_through_the_envelope_in_every_fixture() {
    let work = tempfile::tempdir().expect("temp dir");
    let python_dir = work.path().join("python");
    std::fs::create_dir(&python_dir).expect("python dir");
    let mut expected = Vec::new();
    let mut drivers = Vec::new();
    let mut counts = wire_driver::Counts::default();
    for fixture in common::valid_fixtures() {
        let catalog = common::load(&fixture);
        let out = common::generate(&fixture);
        let package = py_lang::package(out.path());
        let target = python_dir.join(&package.name);
        assert!(!target.exists(), "two fixtures generate `{}`", package.name);
        common::copy_dir(&package.dir(), &target);
        let driver = wire_driver::Driver::new(&catalog, &mut counts);
        let module = format!("drive_{}", catalog.name);
        std::fs::write(python_dir.join(format!("{module}.py")), &driver.source).expect("driver");
        expected.extend(driver.expected);
        drivers.push(module);
    }
    // Every kind of case ran somewhere.
    assert!(
        counts.fields > 0 && counts.nested > 0 && counts.missing > 0 && counts.disagreeing > 0,
        "{counts:?}"
    );
    let mut runner = String::from("\"\"\"Runs every fixture's driver.\"\"\"\n\n");
    for d in &drivers {
        runner.push_str(&format!("import {d}\n"));
    }
    runner.push('\n');
    for d in &drivers {
        runner.push_str(&format!("{d}.main()\n"));
    }
    let runner_path = python_dir.join("run_drivers.py");
    std::fs::write(&runner_path, runner).expect("runner");
    common::run(
        std::process::Command::new(common::venv_bin("mypy"))
            .args(["--strict", "--python-version", "3.9", "--no-color-output"])
            .arg("--cache-dir")
            .arg(work.path().join("mypy-cache"))
            .arg(&python_dir)
            .env("MYPYPATH", &python_dir)
            .current_dir(work.path()),
    );
    let out = common::run(
        std::process::Command::new(common::venv_bin("python"))
            .arg("-B")
            .arg(&runner_path)
            .env("PYTHONPATH", &python_dir)
            .env("PYTHONIOENCODING", "utf-8")
            .env("PYTHONDONTWRITEBYTECODE", "1"),
    );
    let got: Vec<&str> = out.lines().collect();
    let want: Vec<&str> = expected.iter().map(String::as_str).collect();
    for (g, w) in got.iter().zip(&want) {
        assert_eq!(g, w, "first differing line of the drivers' output");
    }
    assert_eq!(got.len(), want.len(), "the drivers printed:\n{out}");
}

/// Calling a constructor without a keyword argument, or with one of the wrong type, fails
/// `mypy --strict`, which names both lines.
#[test]
fn constructors_with_a_missing_or_mistyped_argument_do_not_type_check() {
    let fixture = common::root().join("tests/fixtures/wire/catalog.yaml");
    let catalog = common::load(&fixture);
    let out = common::generate(&fixture);
    let package = py_lang::package(out.path());
    let class = errcat::lang::python::Python::error_class(&catalog.name, "not_found");
    let arg = errcat::lang::python::Python::argument;
    let work = tempfile::tempdir().expect("temp dir");
    let file = work.path().join("misuse.py");
    let source = format!(
        "from {pkg} import {class}\n\
         \n\
         missing = {class}({resource}=\"r\", {request_id}=\"q\")\n\
         mistyped = {class}({resource}=\"r\", {request_id}=\"q\", {id}=3)\n",
        pkg = package.name,
        resource = arg("resource"),
        request_id = arg("request_id"),
        id = arg("id"),
    );
    std::fs::write(&file, source).expect("misuse.py");
    let result = std::process::Command::new(common::venv_bin("mypy"))
        .args(["--strict", "--python-version", "3.9", "--no-color-output"])
        .arg("--cache-dir")
        .arg(work.path().join("mypy-cache"))
        .arg(&file)
        .env("MYPYPATH", &package.python_dir)
        .current_dir(work.path())
        .output()
        .expect("mypy runs");
    let stdout = String::from_utf8_lossy(&result.stdout);
    assert!(
        !result.status.success(),
        "mypy accepted the misuse:\n{stdout}"
    );
    assert!(
        stdout.contains(&format!(
            "misuse.py:3: error: Missing named argument \"{}\"",
            arg("id")
        )),
        "mypy must name the missing argument on line 3:\n{stdout}"
    );
    assert!(
        stdout.contains(&format!(
            "misuse.py:4: error: Argument \"{}\" to \"{class}\" has incompatible type \"int\"; expected \"str\"",
            arg("id")
        )),
        "mypy must name the mistyped argument on line 4:\n{stdout}"
    );
    assert_eq!(
        stdout.matches(": error:").count(),
        2,
        "mypy must report exactly the two misuses:\n{stdout}"
    );
}

#[path = "python/wire_driver.rs"]
mod wire_driver;

/// The README's Python client example type-checks and runs against the committed package.
#[test]
fn readme_client_example_runs() {
    let readme = std::fs::read_to_string(common::root().join("README.md")).expect("README.md");
    let example = readme
        .split("```python\n")
        .skip(1)
        .filter_map(|block| block.split("```").next())
        .find(|code| code.contains("parse_response_body("))
        .expect("README.md shows a Python client calling `parse_response_body`");
    let work = tempfile::tempdir().expect("temp dir");
    let file = work.path().join("client.py");
    std::fs::write(&file, example).expect("client.py");
    let package = py_lang::package(&common::generated());
    common::run(
        std::process::Command::new(common::venv_bin("mypy"))
            .args(["--strict", "--python-version", "3.9", "--no-color-output"])
            .arg("--cache-dir")
            .arg(work.path().join("mypy-cache"))
            .arg(&file)
            .env("MYPYPATH", &package.python_dir)
            .current_dir(work.path()),
    );
    let out = common::run(&mut py_lang::python(&package, &file));
    assert!(
        out.starts_with("+1 555 "),
        "the example must reach the `except InvalidPhone` branch:\n{out}"
    );
    py_lang::ruff(&file);
}

#[path = "python/lifecycle.rs"]
mod lifecycle;
