//! Fuzzing support for errcat: input generators and the load → validate → render run.
//!
//! The generators live in `inputs.rs` so `tests/fuzz.rs` in the main crate can include the same
//! file with `#[path]` and run a short bounded pass over the same input space.

pub mod inputs;
