//! The program `tests/rust.rs` writes to exercise the generated modules' typed errors: it builds,
//! serializes and parses errors of every module and prints one line per check.
// Deprecated errors are constructed like the others.
#![allow(deprecated)]

include!(env!("ERRCAT_RUST_CHECK_DRIVER"));
