//! Diagnostics as data: every `tests/diagnostics/<case>.yaml` (or `<case>/`, a directory catalog)
//! is checked with `errcat check`, and its stderr must equal `<case>.stderr` byte for byte.
//!
//! The exit code follows from the text: 1 when an `error[` is expected, 0 otherwise. To accept
//! new or changed output after reviewing it, run `ERRCAT_BLESS=1 cargo test --test diagnostics`,
//! which rewrites the `.stderr` files (and writes missing ones), then review `git diff`.

use std::path::{Path, PathBuf};

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/diagnostics")
}

/// Every case name: `<case>.yaml` files and `<case>/` directories, sorted.
fn cases() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(cases_dir())
        .expect("tests/diagnostics exists")
        .filter_map(|e| {
            let path = e.ok()?.path();
            let name = path.file_name()?.to_str()?.to_owned();
            if path.is_dir() {
                Some(name)
            } else {
                name.strip_suffix(".yaml").map(str::to_owned)
            }
        })
        .collect();
    names.sort();
    names
}

/// Runs `errcat check` on one case from the cases directory, so paths print as `<case>.yaml`.
fn run(case: &str) -> (i32, String) {
    let catalog = if cases_dir().join(case).is_dir() {
        case.to_owned()
    } else {
        format!("{case}.yaml")
    };
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_errcat"))
        .current_dir(cases_dir())
        .args(["check", "--catalog", &catalog])
        .env_remove("CLICOLOR_FORCE")
        .output()
        .expect("errcat runs");
    let stderr = String::from_utf8(out.stderr).expect("stderr is UTF-8");
    (out.status.code().unwrap_or(-1), stderr)
}

#[test]
fn every_case_prints_its_expected_stderr() {
    let bless = std::env::var_os("ERRCAT_BLESS").is_some_and(|v| v == "1");
    let cases = cases();
    assert!(
        cases.len() >= 30,
        "expected the cases under tests/diagnostics, found {cases:?}"
    );
    let mut failures = Vec::new();
    for case in &cases {
        let (code, stderr) = run(case);
        assert!(
            !stderr.contains("panicked"),
            "{case}: errcat panicked:\n{stderr}"
        );
        let expected_code = if stderr.contains("error[") { 1 } else { 0 };
        if code != expected_code {
            failures.push(format!(
                "{case}: exit code {code}, expected {expected_code}"
            ));
        }
        let path = cases_dir().join(format!("{case}.stderr"));
        let expected = std::fs::read_to_string(&path).unwrap_or_default();
        if stderr == expected {
            continue;
        }
        if bless {
            std::fs::write(&path, &stderr).expect("write .stderr");
        } else {
            failures.push(format!(
                "{case}: stderr differs from {case}.stderr\n--- expected\n{expected}--- actual\n{stderr}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{}\n\nreview the output, then run `ERRCAT_BLESS=1 cargo test --test diagnostics` to accept it",
        failures.join("\n\n")
    );
}

/// No diagnostic quotes serde, the YAML parser or the schema validator.
#[test]
fn no_library_wording_reaches_a_user() {
    let leaks = [
        "untagged enum",
        "invalid type:",
        "invalid value:",
        "expected i64",
        "expected u64",
        "from_str",
        "Options",
        "configured policy",
        "weak recursion",
        "is not valid under any of the schemas",
        "allowed forms",
        "fix the YAML syntax",
        "scalar",
        "serde",
    ];
    for case in cases() {
        let (_, stderr) = run(&case);
        for leak in leaks {
            assert!(!stderr.contains(leak), "{case}: `{leak}` in\n{stderr}");
        }
    }
}
