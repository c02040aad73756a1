//! Prints what `tests/rust_check/dump.rs` leaves out of a generated `errors` module: every
//! category's id and title and every parameter's description, as JSON. Built and run by
//! `tests/escaping.rs` with `rustc -D warnings` against the module built as the library `errors`.

use errors::{Category, ErrorCode};
use std::fmt::Write as _;

fn main() {
    let categories: Vec<String> = Category::ALL
        .iter()
        .map(|c| format!("[{},{}]", string(c.id()), string(c.title())))
        .collect();
    let params: Vec<String> = ErrorCode::ALL
        .iter()
        .map(|e| {
            let items: Vec<String> = e
                .params()
                .iter()
                .map(|p| {
                    let description = p.description.map_or("null".to_owned(), string);
                    format!("[{},{description}]", string(p.name))
                })
                .collect();
            format!("[{}]", items.join(","))
        })
        .collect();
    println!(
        "{{\"categories\":[{}],\"params\":[{}]}}",
        categories.join(","),
        params.join(",")
    );
}

/// A JSON string literal.
fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if u32::from(c) < 0x20 => write!(out, "\\u{:04x}", u32::from(c)).unwrap(),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
