//! Where `ruff format` breaks the lines of the generated package, for the places whose layout
//! depends on a width, and Python literals of JSON values laid out as ruff lays them out.
//! Measured as ruff measures (`crate::width::ruff`); `tests/python.rs` runs
//! `ruff format --check` on every fixture.

use crate::filters::py_str;
use serde_json::Value;

/// `ruff format`'s default line length, which decides when a one-item tuple is split.
pub(super) const LINE_LENGTH: usize = 88;

/// Whether `ruff format` puts the value of the one-line assignment `{target} = {value}`, indented
/// `indent` columns, in parentheses on a line of its own (`{target} = (`, the value indented four
/// more columns, `)`): when the line is too long and both `{target} = (` and the value's line fit.
/// A line that cannot be made to fit that way stays as it is.
pub(super) fn parenthesize(indent: usize, target: &str, value: &str) -> bool {
    let (target, value) = (width(target), width(value));
    indent + target + " = ".len() + value > LINE_LENGTH
        && indent + target + " = (".len() <= LINE_LENGTH
        && indent + 4 + value <= LINE_LENGTH
}

/// The width `ruff format` gives `s` when deciding whether a line fits (see `crate::width`).
pub(super) fn width(s: &str) -> usize {
    crate::width::ruff(s)
}

/// A JSON value as a Python literal (`None`, `True`, numbers, strings, lists, dicts) whose first
/// line continues a line indented `indent` columns. A non-empty list or dict has one item per
/// line and a trailing comma, which `ruff format` keeps as it is (the magic trailing comma).
pub(super) fn literal(v: &Value, indent: usize) -> String {
    let pad = " ".repeat(indent + 4);
    match v {
        Value::Null => "None".into(),
        Value::Bool(b) => if *b { "True" } else { "False" }.into(),
        Value::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => i.to_string(),
            (None, Some(u), _) => u.to_string(),
            // Rust's `{:?}` is the shortest text that reads back as the same float, and always
            // has a `.` or an exponent, so Python reads a float too.
            (None, None, Some(f)) => format!("{f:?}"),
            _ => "None".into(),
        },
        Value::String(s) => py_str(s),
        Value::Array(items) if items.is_empty() => "[]".into(),
        Value::Object(map) if map.is_empty() => "{}".into(),
        Value::Array(items) => {
            let mut out = String::from("[\n");
            for item in items {
                out.push_str(&format!("{pad}{},\n", literal(item, indent + 4)));
            }
            out.push_str(&format!("{}]", " ".repeat(indent)));
            out
        }
        Value::Object(map) => {
            let mut out = String::from("{\n");
            for (k, item) in map {
                out.push_str(&format!(
                    "{pad}{}: {},\n",
                    py_str(k),
                    literal(item, indent + 4)
                ));
            }
            out.push_str(&format!("{}}}", " ".repeat(indent)));
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn width_counts_wide_and_combining_characters() {
        assert_eq!(width("abc"), 3);
        assert_eq!(width("🎉 日本"), 7);
        assert_eq!(width("e\u{301}"), 1);
        assert_eq!(width("שלום"), 4);
    }

    #[test]
    fn long_assignments_are_parenthesized_as_ruff_formats_them() {
        let literal = |n: usize| format!("\"{}\"", "x".repeat(n - 2));
        // `    E76 = "..."`: 4 + 3 + 3 + 78 = 88 columns fit.
        assert!(!parenthesize(4, "E76", &literal(78)));
        assert!(parenthesize(4, "E76", &literal(79)));
        // The parenthesized value must fit on its own line (8 + 80 columns), ...
        assert!(parenthesize(4, "E76", &literal(80)));
        assert!(!parenthesize(4, "E76", &literal(81)));
        // ... and so must `NAME = (`.
        assert!(parenthesize(0, &"A".repeat(84), "12"));
        assert!(!parenthesize(0, &"A".repeat(85), "12"));
        // Wide characters count twice.
        assert!(!parenthesize(4, "E1", &format!("\"{}\"", "日".repeat(38))));
        assert!(parenthesize(4, "E1", &format!("\"{}\"", "日".repeat(39))));
    }

    #[test]
    fn json_values_become_python_literals() {
        let v = serde_json::json!({"a": [1, 2.5, null, true], "b": {}, "c": "x\"y", "d": 1e21});
        assert_eq!(
            literal(&v, 4),
            "{\n        \"a\": [\n            1,\n            2.5,\n            None,\n            True,\n        ],\n        \"b\": {},\n        \"c\": \"x\\\"y\",\n        \"d\": 1e21,\n    }"
        );
    }
}
