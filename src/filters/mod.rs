//! Tera filters for display work in templates: string literals per language, markdown escaping
//! and comment blocks. Identifiers in the built-in templates come from [`crate::lang`] through
//! each target's view; the case filters exist for custom templates and convert case only (they
//! do not escape keywords: a custom template that needs an identifier should read the view's).

use heck::{ToLowerCamelCase, ToSnakeCase};
use std::fmt::Write as _;
use tera::{Kwargs, State, Tera, Value};

mod markdown;

pub use markdown::{md_block, md_cell, md_code, md_inline, md_text, md_url, rustdoc_paragraph};

/// Registers every errcat filter on a Tera instance.
pub fn register(tera: &mut Tera) {
    tera.register_filter("upper_camel", |s: &str, _: Kwargs, _: &State| {
        crate::lang::upper_camel(s)
    });
    tera.register_filter("lower_camel", |s: &str, _: Kwargs, _: &State| {
        s.to_lower_camel_case()
    });
    tera.register_filter("screaming_snake", |s: &str, _: Kwargs, _: &State| {
        crate::lang::screaming_snake(s)
    });
    tera.register_filter("snake", |s: &str, _: Kwargs, _: &State| s.to_snake_case());
    tera.register_filter("rust_str", |s: &str, _: Kwargs, _: &State| rust_str(s));
    tera.register_filter("ts_str", |s: &str, _: Kwargs, _: &State| ts_str(s));
    tera.register_filter("py_str", |s: &str, _: Kwargs, _: &State| py_str(s));
    tera.register_filter("json_str", |v: Value, _: Kwargs, _: &State| json_value(&v));
    tera.register_filter("json_pretty", |v: Value, kwargs: Kwargs, _: &State| {
        let indent: usize = kwargs.get("indent")?.unwrap_or(0);
        Ok::<_, tera::Error>(json_pretty(&v, indent))
    });
    tera.register_filter("md_cell", |s: &str, _: Kwargs, _: &State| md_cell(s));
    tera.register_filter("md_text", |s: &str, _: Kwargs, _: &State| md_text(s));
    tera.register_filter("md_inline", |s: &str, _: Kwargs, _: &State| md_inline(s));
    tera.register_filter("md_block", |s: &str, kwargs: Kwargs, _: &State| {
        let continues: bool = kwargs.get("continues")?.unwrap_or(false);
        Ok::<_, tera::Error>(md_block(s, continues))
    });
    tera.register_filter("md_code", |s: &str, _: Kwargs, _: &State| md_code(s));
    tera.register_filter("md_url", |s: &str, _: Kwargs, _: &State| md_url(s));
    tera.register_filter("comment", |s: &str, kwargs: Kwargs, _: &State| {
        let prefix: String = kwargs.get("prefix")?.unwrap_or_else(|| "// ".to_owned());
        Ok::<_, tera::Error>(comment(s, &prefix))
    });
}

/// A Rust string literal (with quotes) that evaluates to exactly `s`.
pub fn rust_str(s: &str) -> String {
    if let Some(plain) = quoted_plain(s) {
        return plain;
    }
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
    if let Some(plain) = quoted_plain(s) {
        return plain;
    }
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
    if let Some(plain) = quoted_plain(s) {
        return plain;
    }
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

/// `s` in double quotes when it is printable ASCII without `"` or a backslash: the same
/// literal in Rust, TypeScript and Python, written in one copy rather than character by
/// character (most catalog text is such).
fn quoted_plain(s: &str) -> Option<String> {
    if !s
        .bytes()
        .all(|b| (b' '..=b'~').contains(&b) && b != b'"' && b != b'\\')
    {
        return None;
    }
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    out.push_str(s);
    out.push('"');
    Some(out)
}

/// Control characters, line and paragraph separators, and invisible format characters are
/// written as escapes so the generated source stays readable and valid in every language
/// (clippy denies a soft hyphen, a zero-width space or a word joiner in a Rust literal).
pub fn needs_unicode_escape(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{ad}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{feff}'
                | '\u{200b}'..='\u{200f}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{2069}'
        )
}

/// Any template value as compact JSON (a string becomes a JSON string literal).
pub fn json_value(v: &Value) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "null".to_owned())
}

/// Any template value as pretty JSON (two-space indentation, members in the view's order), every
/// line after the first indented by `indent` spaces, so it can stand as a member's value inside a
/// pretty JSON document at that depth.
pub fn json_pretty(v: &Value, indent: usize) -> String {
    indent_lines(
        serde_json::to_string_pretty(v).unwrap_or_else(|_| "null".to_owned()),
        indent,
    )
}

/// `text` with every line after the first indented by `indent` spaces (in place when `indent`
/// is 0 or the text is one line).
pub fn indent_lines(text: String, indent: usize) -> String {
    if indent == 0 || !text.contains('\n') {
        return text;
    }
    text.replace('\n', &format!("\n{}", " ".repeat(indent)))
}

/// Prefixes every line with `prefix`; blank lines get the prefix without trailing spaces.
pub fn comment(s: &str, prefix: &str) -> String {
    let text = s.trim_end();
    let mut out = String::with_capacity(text.len() + 2 * prefix.len());
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if line.trim().is_empty() {
            out.push_str(prefix.trim_end());
        } else {
            out.push_str(prefix);
            out.push_str(line.trim_end());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rust_literals_escape_quotes_backslashes_and_controls() {
        assert_eq!(rust_str(r#"a "b" \c"#), r#""a \"b\" \\c""#);
        assert_eq!(rust_str("x\ny\u{7}"), "\"x\\ny\\u{7}\"");
        assert_eq!(rust_str("ünï {}"), "\"ünï {}\"");
        assert_eq!(
            rust_str("soft\u{ad}hyphen\u{2060}joiner"),
            "\"soft\\u{ad}hyphen\\u{2060}joiner\""
        );
    }

    #[test]
    fn ts_literals_escape_line_separators_and_astral_controls() {
        assert_eq!(ts_str("a\u{2028}b"), "\"a\\u2028b\"");
        assert_eq!(ts_str("${x}`"), "\"${x}`\"");
        assert_eq!(ts_str("\"\\"), "\"\\\"\\\\\"");
    }

    #[test]
    fn plain_ascii_is_quoted_as_is_and_del_is_still_escaped() {
        for lit in [rust_str, ts_str, py_str] {
            assert_eq!(lit(" {x} ~ ${y} #"), "\" {x} ~ ${y} #\"");
            assert_eq!(lit(""), "\"\"");
        }
        assert_eq!(rust_str("a\u{7f}"), "\"a\\u{7f}\"");
        assert_eq!(ts_str("a\u{7f}"), "\"a\\u007f\"");
        assert_eq!(py_str("a\u{7f}"), "\"a\\u007f\"");
    }

    #[test]
    fn comment_lines_keep_their_text_and_blank_lines_lose_trailing_spaces() {
        assert_eq!(
            comment("a  \n \n  b\n\n", "    /// "),
            "    /// a\n    ///\n    ///   b"
        );
        assert_eq!(comment("", "// "), "");
    }

    #[test]
    fn py_literals() {
        assert_eq!(py_str("a\"\"\"b\\"), "\"a\\\"\\\"\\\"b\\\\\"");
        assert_eq!(py_str("\u{0}"), "\"\\u0000\"");
    }

    #[test]
    fn markdown_cells_keep_the_table_intact() {
        assert_eq!(md_cell("a | b\nc"), "a &#124; b<br />c");
        assert_eq!(
            md_text("*x* <b> {y} ~z~"),
            "\\*x\\* &lt;b\\> \\{y\\} &#126;z&#126;"
        );
    }

    #[test]
    fn markdown_fields_keep_markdown_but_show_html_as_text() {
        assert_eq!(
            md_block("a <b>x</b> & `<c>`", false),
            "a &lt;b>x&lt;/b> & `<c>`"
        );
        // MDX reads autolinks as JSX, braces as expressions and `import`/`export` starting a
        // block as JavaScript.
        assert_eq!(
            md_block("see <https://x.y/z> <a@b.c>", false),
            "see [https://x.y/z](https://x.y/z) [a@b.c](mailto:a@b.c)"
        );
        assert_eq!(md_block("{x} `{y}`", false), "\\{x\\} `{y}`");
        assert_eq!(
            md_block("export it\nimport it\n\n  import x", false),
            "&#101;xport it\n&#105;mport it\n\n  &#105;mport x"
        );
        assert_eq!(md_block("exports, imported", false), "exports, imported");
        assert_eq!(md_block("```html\n<p>\n```", false), "```html\n<p>\n```");
        assert_eq!(md_block("open\n```\n<p>", false), "open\n```\n<p>\n```");
        assert_eq!(md_block("- ```\n  ```\n<b>", false), "- ```\n  ```\n&lt;b>");
        assert_eq!(md_block("[x]: /y", false), "[x]\\: /y");
        assert_eq!(md_block("a\n===\n\nb\n===", true), "a\n\\===\n\nb\n===");
        assert_eq!(md_inline("a | `b | c`\n<d>"), "a \\| `b \\| c`<br />&lt;d>");
    }

    #[test]
    fn code_spans_crossing_lines_are_not_trusted() {
        // The span `` `\n` `` crosses the line: `<b>` is outside any span on the page.
        assert_eq!(md_block("x `\n`<b>` y`", false), "x `\n`&lt;b>` y`");
        // Across several lines, in a fix continuing the template's paragraph.
        assert_eq!(
            md_block("one `\ntwo\nthree `<i>`", true),
            "one `\ntwo\nthree `&lt;i>`"
        );
        // In a list item and in a block quote (the markers are not part of the span).
        assert_eq!(md_block("- a `\n  `<i>` b`", false), "- a `\n  `&lt;i>` b`");
        assert_eq!(md_block("> a `\n> `<i>` b`", false), "> a `\n> `&lt;i>` b`");
        // After a span holding a pipe (a table row would split it), later spans are not trusted.
        assert_eq!(md_block("`a|b`<c>`", false), "`a|b`&lt;c>`");
        // A blank line ends the paragraph: spans after it are trusted again.
        assert_eq!(
            md_block("x `\n`<b>`\n\n`<c>`", false),
            "x `\n`&lt;b>`\n\n`<c>`"
        );
        // Spans on one line stay as written.
        assert_eq!(md_block("`<a>`\n`<b>`", false), "`<a>`\n`<b>`");
        // A table cell is one line on the page: its spans pair across the `<br />`s.
        assert_eq!(md_inline("x `\n`<b>` y`"), "x `<br />`&lt;b>` y`");
        assert_eq!(md_inline("a\\\nb"), "a\\\\<br />b");
        for (text, cell) in [
            ("x `\n`<b>` y`", false),
            ("one `\ntwo\nthree `<i>`", false),
            ("- a `\n  `<i>` b`", false),
            ("> a `\n> `<i>` b`", false),
            ("`a|b`<c>`", false),
            ("x `\n`<b>` y`", true),
        ] {
            let page = if cell {
                format!("| x |\n| --- |\n| {} |\n", md_inline(text))
            } else {
                format!("{}\n", md_block(text, false))
            };
            let html = pulldown_cmark::Parser::new_ext(&page, pulldown_cmark::Options::all())
                .filter(|e| {
                    matches!(
                        e,
                        pulldown_cmark::Event::Html(h) | pulldown_cmark::Event::InlineHtml(h)
                            if h.as_ref() != "<br />"
                    )
                })
                .count();
            assert_eq!(html, 0, "raw HTML in {page:?}");
        }
    }

    #[test]
    fn code_spans_and_urls() {
        assert_eq!(md_code("a`b"), "``a`b``");
        assert_eq!(md_code("`x"), "`` `x ``");
        assert_eq!(md_url("https://x.y/a"), "[https://x.y/a](https://x.y/a)");
        assert_eq!(md_url("/a_(b)"), "[/a\\_(b)](/a_\\(b\\))");
        assert_eq!(md_url("https://x.y/<b> c"), "https://x.y/&lt;b\\> c");
        assert_eq!(md_text("a\r\nb & c &amp; #1"), "a b & c &amp;amp; \\#1");
    }

    #[test]
    fn comments_prefix_every_line() {
        assert_eq!(comment("a\n\nb\n", "/// "), "/// a\n///\n/// b");
    }
}
