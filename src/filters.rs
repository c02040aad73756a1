//! Tera filters for display work in templates: case conversion, string literals per language,
//! markdown escaping and comment blocks. Identifiers in the built-in templates are computed in
//! Rust by each target; these filters exist for escaping and for custom templates.

use heck::{ToLowerCamelCase, ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};
use std::fmt::Write as _;
use tera::{Kwargs, State, Tera, Value};

/// Registers every errcat filter on a Tera instance.
pub fn register(tera: &mut Tera) {
    tera.register_filter("upper_camel", |s: &str, _: Kwargs, _: &State| {
        upper_camel(s)
    });
    tera.register_filter("lower_camel", |s: &str, _: Kwargs, _: &State| {
        s.to_lower_camel_case()
    });
    tera.register_filter("screaming_snake", |s: &str, _: Kwargs, _: &State| {
        screaming_snake(s)
    });
    tera.register_filter("snake", |s: &str, _: Kwargs, _: &State| s.to_snake_case());
    tera.register_filter("rust_str", |s: &str, _: Kwargs, _: &State| rust_str(s));
    tera.register_filter("ts_str", |s: &str, _: Kwargs, _: &State| ts_str(s));
    tera.register_filter("py_str", |s: &str, _: Kwargs, _: &State| py_str(s));
    tera.register_filter("json_str", |v: Value, _: Kwargs, _: &State| json_value(&v));
    tera.register_filter("md_cell", |s: &str, _: Kwargs, _: &State| md_cell(s));
    tera.register_filter("md_text", |s: &str, _: Kwargs, _: &State| md_text(s));
    tera.register_filter("comment", |s: &str, kwargs: Kwargs, _: &State| {
        let prefix: String = kwargs.get("prefix")?.unwrap_or_else(|| "// ".to_owned());
        Ok::<_, tera::Error>(comment(s, &prefix))
    });
}

/// `invalid_phone` → `InvalidPhone`; digits stay attached (`sms_2fa` → `Sms2fa`).
pub fn upper_camel(s: &str) -> String {
    s.to_upper_camel_case()
}

/// `invalid_phone` → `INVALID_PHONE`.
pub fn screaming_snake(s: &str) -> String {
    s.to_shouty_snake_case()
}

/// A Rust string literal (with quotes) that evaluates to exactly `s`.
pub fn rust_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if needs_unicode_escape(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A TypeScript/JavaScript string literal (double quotes) that evaluates to exactly `s`.
pub fn ts_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if needs_unicode_escape(c) => {
                let mut buf = [0u16; 2];
                for unit in c.encode_utf16(&mut buf) {
                    let _ = write!(out, "\\u{unit:04x}");
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A Python string literal (double quotes) that evaluates to exactly `s`.
pub fn py_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if needs_unicode_escape(c) => {
                let cp = c as u32;
                if cp <= 0xFFFF {
                    let _ = write!(out, "\\u{cp:04x}");
                } else {
                    let _ = write!(out, "\\U{cp:08x}");
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Control characters, line and paragraph separators, and invisible format characters are
/// written as escapes so the generated source stays readable and valid in every language.
pub fn needs_unicode_escape(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Any template value as compact JSON (a string becomes a JSON string literal).
pub fn json_value(v: &Value) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "null".to_owned())
}

/// Text for one GitHub-flavoured markdown table cell: pipes escaped, line breaks as `<br>`.
pub fn md_cell(s: &str) -> String {
    let trimmed = s.trim();
    let mut out = String::with_capacity(trimmed.len());
    let mut lines = trimmed.lines().peekable();
    while let Some(line) = lines.next() {
        out.push_str(&line.trim().replace('|', "\\|"));
        if lines.peek().is_some() {
            out.push_str("<br>");
        }
    }
    out
}

/// Plain text (a title, a name) escaped so markdown shows it literally.
pub fn md_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '!'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Prefixes every line with `prefix`; blank lines get the prefix without trailing spaces.
pub fn comment(s: &str, prefix: &str) -> String {
    s.trim_end()
        .lines()
        .map(|line| {
            if line.trim().is_empty() {
                prefix.trim_end().to_owned()
            } else {
                format!("{prefix}{}", line.trim_end())
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_conversion() {
        assert_eq!(upper_camel("invalid_phone"), "InvalidPhone");
        assert_eq!(upper_camel("sms_2fa"), "Sms2fa");
        assert_eq!(upper_camel("sms2fa"), "Sms2fa");
        assert_eq!(screaming_snake("invalid_phone"), "INVALID_PHONE");
    }

    #[test]
    fn rust_literals_escape_quotes_backslashes_and_controls() {
        assert_eq!(rust_str(r#"a "b" \c"#), r#""a \"b\" \\c""#);
        assert_eq!(rust_str("x\ny\u{7}"), "\"x\\ny\\u{7}\"");
        assert_eq!(rust_str("ünï {}"), "\"ünï {}\"");
    }

    #[test]
    fn ts_literals_escape_line_separators_and_astral_controls() {
        assert_eq!(ts_str("a\u{2028}b"), "\"a\\u2028b\"");
        assert_eq!(ts_str("${x}`"), "\"${x}`\"");
        assert_eq!(ts_str("\"\\"), "\"\\\"\\\\\"");
    }

    #[test]
    fn py_literals() {
        assert_eq!(py_str("a\"\"\"b\\"), "\"a\\\"\\\"\\\"b\\\\\"");
        assert_eq!(py_str("\u{0}"), "\"\\u0000\"");
    }

    #[test]
    fn markdown_cells_keep_the_table_intact() {
        assert_eq!(md_cell("a | b\nc"), "a \\| b<br>c");
        assert_eq!(md_text("*x* <b>"), "\\*x\\* \\<b\\>");
    }

    #[test]
    fn comments_prefix_every_line() {
        assert_eq!(comment("a\n\nb\n", "/// "), "/// a\n///\n/// b");
    }
}
