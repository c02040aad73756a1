//! No input panics: every input that once misbehaved (fuzzer crashes and hand-found cases, in
//! `tests/fuzz_regressions/`), and a short bounded fuzz pass.
//!
//! The generators are the fuzz crate's (`fuzz/src/inputs.rs`, included here by path), so this
//! pass explores the same inputs as the long `cargo fuzz` run, just fewer of them and with a
//! fixed seed. Each input goes through load → every diagnostic rendered → when valid, every
//! target rendered and the IR serialized.

#[path = "../fuzz/src/inputs.rs"]
#[allow(dead_code)]
mod inputs;

use inputs::{Input, Outcome};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs one input, turning a panic into an error naming it.
fn run(input: &Input, engine: &errcat::Engine) -> Result<Outcome, String> {
    let dir = tempfile::tempdir().unwrap();
    let path = input.write(&dir.path().join("case")).unwrap();
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| inputs::run(&path, engine)))
        .map_err(|payload| inputs::panic_message(payload.as_ref()))
}

/// Reads a regression file back into an input: a file with `# ==> name` lines is a directory.
fn regression_input(bytes: &[u8]) -> Input {
    if !bytes.starts_with(b"# ==> ") {
        return Input::File(bytes.to_vec());
    }
    let text = String::from_utf8_lossy(bytes);
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for line in text.split_inclusive('\n') {
        match line.strip_prefix("# ==> ") {
            Some(name) => files.push((name.trim_end().to_owned(), Vec::new())),
            None => files
                .last_mut()
                .unwrap()
                .1
                .extend_from_slice(line.as_bytes()),
        }
    }
    for (_, bytes) in &mut files {
        // `to_text` added one newline after each file.
        bytes.pop();
    }
    Input::Dir(files)
}

#[test]
fn fuzz_regressions_give_a_diagnostic_or_succeed() {
    let engine = errcat::Engine::new(None).unwrap();
    let dir = root().join("tests/fuzz_regressions");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    paths.sort();
    assert!(
        !paths.is_empty(),
        "no regression inputs in {}",
        dir.display()
    );
    for path in paths {
        let input = regression_input(&std::fs::read(&path).unwrap());
        match run(&input, &engine) {
            Ok(Outcome::Rendered(n)) => assert!(n > 0, "{}: no files rendered", path.display()),
            Ok(Outcome::Diagnostics(n)) => assert!(n > 0, "{}", path.display()),
            Ok(Outcome::Io(_)) => {}
            Ok(Outcome::RenderError(e)) => {
                panic!("{}: a valid catalog failed to render: {e}", path.display())
            }
            Err(panic) => panic!("{}: panicked: {panic}", path.display()),
        }
    }
}

#[test]
fn seeds_decode_into_every_kind_of_input() {
    // The generators are only useful if each one produces something: pin a few decodings.
    let seeds = inputs::seeds(&root());
    assert!(seeds.len() >= 10, "flagship files and fixtures are seeds");
    assert_eq!(
        inputs::input(b"\x00raw", &seeds),
        Input::File(b"raw".to_vec())
    );
    let Input::File(structured) = inputs::input(&[1; 64], &seeds) else {
        panic!("mode 1 is one file")
    };
    assert!(String::from_utf8(structured).unwrap().contains("errcat:"));
    let Input::File(mutated) = inputs::input(&[3, 0, 0, 0], &seeds) else {
        panic!("mode 3 is one file")
    };
    assert!(!mutated.is_empty());
    assert!(
        matches!(inputs::input(&[4, 1, 1, 0, 9], &seeds), Input::Dir(files) if files.len() == 2)
    );
}

#[test]
fn structured_inputs_include_valid_catalogs() {
    // A structure-aware generator that never yields a valid catalog would never reach the
    // renderers: a good share of random structured inputs must render.
    let engine = errcat::Engine::new(None).unwrap();
    let seeds = inputs::seeds(&root());
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut rendered = 0;
    for _ in 0..100 {
        let mut data = vec![1u8];
        data.extend((0..1500).map(|_| {
            // xorshift64: a fixed, dependency-free byte stream.
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 56) as u8
        }));
        if let Ok(Outcome::Rendered(_)) = run(&inputs::input(&data, &seeds), &engine) {
            rendered += 1;
        }
    }
    assert!(
        rendered >= 10,
        "only {rendered} of 100 structured inputs rendered"
    );
}

#[test]
fn bounded_fuzz_pass_never_panics() {
    let engine = errcat::Engine::new(None).unwrap();
    let seeds = inputs::seeds(&root());
    let config = Config {
        cases: 300,
        failure_persistence: None,
        ..Config::default()
    };
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &[42; 32]);
    let mut runner = TestRunner::new_with_rng(config, rng);
    let strategy = (0u8..5, proptest::collection::vec(any::<u8>(), 0..2048));
    let result = runner.run(&strategy, |(mode, bytes)| {
        let mut data = vec![mode];
        data.extend_from_slice(&bytes);
        let input = inputs::input(&data, &seeds);
        match run(&input, &engine) {
            Ok(_) => Ok(()),
            Err(panic) => Err(TestCaseError::fail(format!(
                "panicked: {panic}\ninput:\n{}",
                String::from_utf8_lossy(&input.to_text())
            ))),
        }
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}
