//! Runs the python target's output: finds the generated package, adapts the consumer script
//! `tests/python/consumer.py` to it, and dumps the error table through it (see `dump`).

use std::path::{Path, PathBuf};
use std::process::Command;

/// The names the consumer script is written against: the flagship catalog's package.
const CONSUMER_PACKAGE: &str = "messaging_errors";
const CONSUMER_EXCEPTION: &str = "MessagingError";
/// The ruff settings for generated packages and the consumer script.
const RUFF_CONFIG: &str = "tests/python/ruff.toml";

/// The package generated into `<generated_dir>/python/`.
pub struct Package {
    /// The directory to put on `PYTHONPATH` / `MYPYPATH`.
    pub python_dir: PathBuf,
    /// The import name, e.g. `messaging_errors`.
    pub name: String,
    /// The exception class, e.g. `MessagingError`.
    pub exception: String,
}

impl Package {
    /// The package's own directory.
    pub fn dir(&self) -> PathBuf {
        self.python_dir.join(&self.name)
    }
}

/// The one package under `<generated_dir>/python/`.
pub fn package(generated_dir: &Path) -> Package {
    let python_dir = generated_dir.join("python");
    let entries = std::fs::read_dir(&python_dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", python_dir.display()));
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join("__init__.py").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names.len(),
        1,
        "expected one package in {}, found {names:?}",
        python_dir.display()
    );
    let name = names.remove(0);
    let catalog = name
        .strip_suffix("_errors")
        .unwrap_or_else(|| panic!("package `{name}` is not named `<catalog>_errors`"));
    Package {
        exception: errcat::lang::python::Python::exception(catalog),
        python_dir,
        name,
    }
}

/// Writes the consumer script into `dir`, importing `package` instead of the flagship's.
pub fn write_consumer(package: &Package, dir: &Path) -> PathBuf {
    let source_path = super::root().join("tests/python/consumer.py");
    let source = std::fs::read_to_string(&source_path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", source_path.display()));
    assert!(
        source.contains(&format!("import {CONSUMER_PACKAGE} as errors"))
            && source.contains(&format!("import {CONSUMER_EXCEPTION} as CatalogException")),
        "{} no longer imports `{CONSUMER_PACKAGE}` and `{CONSUMER_EXCEPTION}`",
        source_path.display()
    );
    let adapted = source
        .replace(CONSUMER_PACKAGE, &package.name)
        .replace(CONSUMER_EXCEPTION, &package.exception);
    let path = dir.join("consumer.py");
    std::fs::write(&path, adapted)
        .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    path
}

/// Runs `script` with the project's Python, the package importable, output in UTF-8, and no
/// `__pycache__` written into the generated directory.
pub fn python(package: &Package, script: &Path) -> Command {
    let mut cmd = Command::new(super::venv_bin("python"));
    cmd.arg("-B")
        .arg(script)
        .env("PYTHONPATH", &package.python_dir)
        .env("PYTHONIOENCODING", "utf-8")
        .env("PYTHONDONTWRITEBYTECODE", "1");
    cmd
}

/// Runs the generated code in `generated_dir` and returns its table as JSON (shape: `super::expected_table`).
///
/// The consumer script asserts, for every error, lookups by code and name, message formatting,
/// raising and pickling the exception, and that the table and its entries are read-only.
pub fn dump(generated_dir: &Path) -> serde_json::Value {
    let package = package(generated_dir);
    let work = tempfile::tempdir().expect("temp dir");
    let script = write_consumer(&package, work.path());
    let out = super::run(&mut python(&package, &script));
    serde_json::from_str(&out)
        .unwrap_or_else(|e| panic!("the Python consumer printed invalid JSON ({e}):\n{out}"))
}

/// `mypy --strict` for Python 3.9 over the package and the consumer script, with a fresh cache.
pub fn mypy(package: &Package) {
    let work = tempfile::tempdir().expect("temp dir");
    let consumer = write_consumer(package, work.path());
    super::run(
        Command::new(super::venv_bin("mypy"))
            .args([
                "--strict",
                "--python-version",
                "3.9",
                "--no-color-output",
                "--cache-dir",
            ])
            .arg(work.path().join("mypy-cache"))
            .arg(package.dir())
            .arg(&consumer)
            .env("MYPYPATH", &package.python_dir)
            .current_dir(work.path()),
    );
}

/// `ruff check` and `ruff format --check` (showing the diff) with tests/python/ruff.toml.
pub fn ruff(path: &Path) {
    ruff_all(&[path.to_path_buf()]);
}

/// [`ruff`] over several packages or files in one run of each command.
pub fn ruff_all(paths: &[PathBuf]) {
    let config = super::root().join(RUFF_CONFIG);
    for args in [
        &["check", "--no-cache"][..],
        &["format", "--no-cache", "--diff"][..],
    ] {
        super::run(
            Command::new(super::venv_bin("ruff"))
                .args(args)
                .arg("--config")
                .arg(&config)
                .args(paths),
        );
    }
}

/// `mypy --strict`, `ruff check` and `ruff format --check` on the package in `generated_dir`.
pub fn check(generated_dir: &Path) {
    let package = package(generated_dir);
    mypy(&package);
    ruff(&package.dir());
}
