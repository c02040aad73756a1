//! Dumps the error table through the generated code of one language (see `dump`).
//!
//! The generated `rust/errors.rs` is built as a library with `rustc -D warnings` (so every public
//! item counts as used), then `tests/rust_check/dump.rs` is built against it and run: it checks
//! the round trips and prints the table as JSON.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

/// Runs the generated code in `generated_dir` and returns its table as JSON (shape: `super::expected_table`).
pub fn dump(generated_dir: &Path) -> serde_json::Value {
    let module = generated_dir.join("rust/errors.rs");
    let source = std::fs::read_to_string(&module)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", module.display()));
    let work = tempfile::tempdir().expect("temp dir");
    let lib = work.path().join("liberrors.rlib");
    super::run(
        Command::new("rustc")
            .args([
                "--edition",
                "2021",
                "-D",
                "warnings",
                "--crate-type",
                "rlib",
                "--crate-name",
                "errors",
            ])
            .arg(&module)
            .arg("-o")
            .arg(&lib),
    );
    let exe = work.path().join("dump");
    super::run(
        Command::new("rustc")
            .args(["--edition", "2021", "-D", "warnings"])
            .args(cfgs(&source))
            .arg("--extern")
            .arg(format!("errors={}", lib.display()))
            .arg(super::root().join("tests/rust_check/dump.rs"))
            .arg("-o")
            .arg(&exe),
    );
    let out = super::run(&mut Command::new(&exe));
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("the Rust dump is not JSON ({e}):\n{out}"))
}

/// The `--cfg` arguments that tell `tests/rust_check/dump.rs` the shape of the generated module
/// `source`: `code_kind` (`integer`, `string`, `none`), `http` and `grpc` (`total`, `partial`,
/// `none`).
pub fn cfgs(source: &str) -> Vec<String> {
    [
        format!("code_kind=\"{}\"", code_kind(source)),
        format!("http=\"{}\"", coverage(source, "http_status", "u16")),
        format!("grpc=\"{}\"", coverage(source, "grpc_status", "GrpcStatus")),
    ]
    .into_iter()
    .flat_map(|cfg| ["--cfg".to_owned(), cfg])
    .collect()
}

/// Whether every error (`total`), some (`partial`) or none has a status, from the signature of
/// its getter.
fn coverage(source: &str, getter: &str, ty: &str) -> &'static str {
    if source.contains(&format!("pub const fn {getter}(self) -> {ty} {{")) {
        "total"
    } else if source.contains(&format!("pub const fn {getter}(self) -> Option<{ty}> {{")) {
        "partial"
    } else {
        "none"
    }
}

/// The kind of codes of a generated module, from the signature of `ErrorCode::code`.
fn code_kind(source: &str) -> &'static str {
    if ["u32", "i32", "i64"].iter().any(|t| {
        source.contains(&format!(
            "/// The error's code.\n    #[must_use]\n    pub const fn code(self) -> {t} {{"
        ))
    }) {
        "integer"
    } else if source.contains("pub const fn code(self) -> &'static str {") {
        "string"
    } else {
        "none"
    }
}

/// Runs clippy (`-D warnings`) on `modules` (`(module name, generated directory)`) included in
/// the `tests/rust_check` crate as a user includes them, with and without the `serde` feature,
/// then each module's serde round trip. One crate for all modules: two clippy runs in all.
pub fn clippy(modules: &[(String, std::path::PathBuf)]) {
    check(modules, None, true);
}

/// [`clippy`], with `driver` (the source of a `main` that uses the modules as
/// `errcat_rust_check::<name>`) as the crate's `driver` program, which clippy checks too and
/// which is then run with the `serde` feature; returns its stdout.
pub fn clippy_and_run(modules: &[(String, std::path::PathBuf)], driver: &str) -> String {
    check(modules, Some(driver), true)
}

/// Builds the modules with the `serde` feature and runs `driver` (as in [`clippy_and_run`]),
/// without linting; returns its stdout.
pub fn run_driver(modules: &[(String, std::path::PathBuf)], driver: &str) -> String {
    check(modules, Some(driver), false)
}

fn check(modules: &[(String, std::path::PathBuf)], driver: Option<&str>, lint: bool) -> String {
    let mut source = String::new();
    for (name, dir) in modules {
        let module = dir.join("rust/errors.rs");
        writeln!(
            source,
            "/// The module generated from the `{name}` catalog."
        )
        .unwrap();
        writeln!(source, "pub mod {name} {{").unwrap();
        writeln!(
            source,
            "    include!({:?});",
            module.to_str().expect("UTF-8 path")
        )
        .unwrap();
        writeln!(source, "    #[cfg(all(test, feature = \"serde\"))]").unwrap();
        writeln!(source, "    serde_round_trip!();").unwrap();
        writeln!(source, "}}").unwrap();
    }
    let work = tempfile::tempdir().expect("temp dir");
    let list = work.path().join("modules.rs");
    std::fs::write(&list, source).unwrap();
    let driver_file = work.path().join("driver.rs");
    std::fs::write(&driver_file, driver.unwrap_or("fn main() {}\n")).unwrap();

    let cargo = |args: &[&str]| {
        let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
        cmd.current_dir(super::root().join("tests/rust_check"))
            .env("CARGO_TARGET_DIR", super::root().join("target/rust-check"))
            .env("ERRCAT_RUST_CHECK_MODULES", &list)
            .env("ERRCAT_RUST_CHECK_DRIVER", &driver_file)
            .env_remove("RUSTFLAGS")
            .args(args);
        super::run(&mut cmd)
    };
    if !lint {
        return cargo(&[
            "run",
            "--locked",
            "--quiet",
            "--bin",
            "driver",
            "--features",
            "serde",
        ]);
    }
    cargo(&[
        "clippy",
        "--locked",
        "--quiet",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]);
    cargo(&[
        "clippy",
        "--locked",
        "--quiet",
        "--all-targets",
        "--features",
        "serde",
        "--",
        "-D",
        "warnings",
    ]);
    let out = cargo(&[
        "test",
        "--locked",
        "--quiet",
        "--lib",
        "--features",
        "serde",
    ]);
    let passed = format!("test result: ok. {} passed", modules.len());
    assert!(
        out.contains(&passed),
        "expected one serde round trip per module ({passed}):\n{out}"
    );
    if driver.is_none() {
        return String::new();
    }
    cargo(&[
        "run",
        "--locked",
        "--quiet",
        "--bin",
        "driver",
        "--features",
        "serde",
    ])
}

/// `rustfmt --check` with the default configuration on `files`, in one run, whatever
/// `rustfmt.toml` the tree holds.
pub fn rustfmt_check(files: &[std::path::PathBuf]) {
    let config = tempfile::tempdir().expect("temp dir");
    std::fs::write(config.path().join("rustfmt.toml"), "").unwrap();
    super::run(
        Command::new("rustfmt")
            .args(["--edition", "2021", "--check", "--config-path"])
            .arg(config.path().join("rustfmt.toml"))
            .args(files),
    );
}
