//! Prints what `tests/rust_check/dump.rs` leaves out of a generated `errors` module: every
//! category's id and title and every parameter's description, as JSON. Built and run by
//! `tests/escaping.rs` with `rustc -D warnings` against the module built as the library `errors`.

#[path = "../rust_check/json_string.rs"]
mod json_string;

use errors::{Category, ErrorCode};
use json_string::string;

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
