//! Dumps the error table through the generated TypeScript (see `dump`).

use std::path::Path;
use std::process::Command;

/// Runs the generated code in `generated_dir` and returns its table as JSON (shape: `super::expected_table`).
///
/// Copies `typescript/errors.ts` next to the consumer programs of `tests/typescript/`, type-checks
/// them with the pinned `tsc` under `tests/typescript/tsconfig.json` (strict plus every stricter
/// flag; `noEmitOnError`, so JavaScript is only written for a clean check), runs the result with
/// `node`, and parses what it prints. The consumer's own checks (lookups, type guards, frozen
/// table, unknown codes and names) make node exit non-zero, failing the test.
pub fn dump(generated_dir: &Path) -> serde_json::Value {
    let module = generated_dir.join("typescript/errors.ts");
    let source = std::fs::read_to_string(&module)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", module.display()));
    let programs = super::root().join("tests/typescript");
    let work = tempfile::tempdir().expect("temp dir");
    let copy = |from: &Path, to: &str| {
        std::fs::copy(from, work.path().join(to))
            .unwrap_or_else(|e| panic!("cannot copy {}: {e}", from.display()));
    };
    copy(&module, "errors.ts");
    for file in ["tsconfig.json", "check.ts", "consumer.ts"] {
        copy(&programs.join(file), file);
    }
    // A catalog without codes has no `ErrorCode`; the consumer's code half must not use one.
    let codes = if source.contains("\nexport const ErrorCode = ") {
        "with_codes.ts"
    } else {
        "without_codes.ts"
    };
    copy(&programs.join(codes), "codes.ts");

    super::run(
        Command::new(super::node_bin("tsc"))
            .arg("--project")
            .arg(work.path().join("tsconfig.json"))
            .arg("--pretty")
            .arg("false"),
    );
    let out = work.path().join("out");
    // The emitted files are ES modules; without this node would read them as CommonJS.
    std::fs::write(out.join("package.json"), "{ \"type\": \"module\" }\n")
        .expect("write package.json");
    let stdout = super::run(Command::new("node").arg(out.join("consumer.js")));
    serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("the TypeScript consumer printed invalid JSON ({e}):\n{stdout}"))
}
