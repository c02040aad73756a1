//! libFuzzer target: fuzz bytes → a catalog file or directory → `errcat::load` → every
//! diagnostic rendered → when valid, `errcat::render` with every target.
//!
//! A panic is caught once to save the input and its message under `fuzz/crashes/`, then
//! re-raised so libFuzzer records it too. A valid catalog that a target refuses to render is
//! saved under `fuzz/crashes/` as well: the validator should have rejected it.

#![no_main]

use errcat_fuzz::inputs::{self, Outcome};
use libfuzzer_sys::fuzz_target;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

struct State {
    seeds: Vec<String>,
    engine: errcat::Engine,
    work: tempfile::TempDir,
    crashes: PathBuf,
}

fn state() -> &'static State {
    static STATE: OnceLock<State> = OnceLock::new();
    STATE.get_or_init(|| {
        let fuzz = Path::new(env!("CARGO_MANIFEST_DIR"));
        let crashes = fuzz.join("crashes");
        let _ = std::fs::create_dir_all(&crashes);
        State {
            seeds: inputs::seeds(&fuzz.join("..")),
            engine: errcat::Engine::new(None).expect("built-in templates compile"),
            work: tempfile::tempdir().expect("temporary directory"),
            crashes,
        }
    })
}

fn save(st: &State, input: &inputs::Input, kind: &str, message: &str) {
    let text = input.to_text();
    let name = format!("{kind}-{:016x}", fnv(&text));
    let _ = std::fs::write(st.crashes.join(format!("{name}.yaml")), &text);
    let _ = std::fs::write(st.crashes.join(format!("{name}.txt")), message);
}

fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf29ce484222325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x100000001b3)
    })
}

fuzz_target!(|data: &[u8]| {
    let st = state();
    let input = inputs::input(data, &st.seeds);
    let Ok(path) = input.write(&st.work.path().join("case")) else {
        return;
    };
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        inputs::run(&path, &st.engine)
    })) {
        Ok(Outcome::RenderError(e)) => save(st, &input, "render-error", &e),
        Ok(_) => {}
        Err(payload) => {
            save(
                st,
                &input,
                "panic",
                &inputs::panic_message(payload.as_ref()),
            );
            std::panic::resume_unwind(payload);
        }
    }
});
