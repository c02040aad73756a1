//! The example body of an error's section: the reference serializer's compact JSON
//! (`crate::catalog::body::body_json`) re-indented in one pass, with what a terminal or a
//! reader could be fooled by shown as `\u` escapes. The text is exactly what
//! `crate::terminal::to_json` writes for the same value read back from that JSON, without
//! building the value (`tests` below pins the two equal).

use crate::catalog::body::{body_json, example_values, reindent};
use crate::catalog::{Catalog, CatalogError};
use crate::filters::needs_unicode_escape;
use crate::targets::body_schema;
use std::fmt::Write as _;

/// Nesting deeper than this goes the long way (read back as a value, whose reader stops at a
/// depth of 128), so the text stays what that way writes.
const MAX_DEPTH: usize = 100;

/// The example body of `e` as pretty JSON, as the section shows it.
pub(super) fn example_body(catalog: &Catalog, e: &CatalogError) -> String {
    let compact = body_json(catalog, e, &example_values(catalog, e));
    pretty(&compact)
        .unwrap_or_else(|| crate::terminal::to_json(&body_schema::example_body(catalog, e)))
}

/// Compact JSON text as serde_json's pretty printer writes it after reading it back: two
/// spaces per level, `"key": value`, empty objects and lists as `{}` and `[]`, numbers in
/// serde_json's form, and the characters [`needs_unicode_escape`] names (besides the control
/// characters the compact text already escapes) as `\uXXXX` escapes. `None` past
/// [`MAX_DEPTH`].
fn pretty(compact: &str) -> Option<String> {
    reindent(
        compact,
        MAX_DEPTH,
        |out, c| {
            if needs_unicode_escape(c) {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    let _ = write!(out, "\\u{unit:04x}");
                }
            } else {
                out.push(c);
            }
        },
        |out, token| match token.parse::<serde_json::Number>() {
            Ok(n) => {
                let _ = write!(out, "{n}");
            }
            Err(_) => out.push_str(token),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::body::write_value;
    use crate::targets::json::Json;

    /// What the section showed before: the compact text read back and pretty-printed.
    fn long_way(compact: &str) -> String {
        crate::terminal::to_json(&Json::parse(compact).expect("valid JSON"))
    }

    #[test]
    fn equals_reading_back_and_pretty_printing() {
        let mut nested = String::new();
        write_value(
            &mut nested,
            &serde_json::json!({"a": [1, -2, 1.5, 1e21, 1e-7, 0.000001, 123456789012345680000.0,
                18446744073709551615u64, -9223372036854775808i64, true, null],
                "b": {}, "c": [], "d": [{}], "e": "x\u{7f}\u{9b}\u{202e}\u{1f600}\u{1b}\"\\/\n\t",
                "f": {"g": {"h": "é"}}}),
        );
        for compact in [
            nested.as_str(),
            "{}",
            r#"{"k":"v","n":{"m":[1,2,{"x":null}]}}"#,
            r#"{"s":"a\u0001b\bc\fd","t":"\u00ad\u2028\ufeff\u200b\u2066"}"#,
        ] {
            assert_eq!(
                pretty(compact).as_deref(),
                Some(long_way(compact).as_str()),
                "{compact}"
            );
        }
    }

    #[test]
    fn deep_nesting_goes_the_long_way() {
        let deep = format!(
            "{}1{}",
            "[".repeat(MAX_DEPTH + 1),
            "]".repeat(MAX_DEPTH + 1)
        );
        assert_eq!(pretty(&deep), None);
        let fits = format!("{}1{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert_eq!(pretty(&fits).as_deref(), Some(long_way(&fits).as_str()));
    }
}
