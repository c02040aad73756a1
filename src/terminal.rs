//! Catalog text made safe to show on a terminal.
//!
//! A catalog is untrusted text, and errcat prints parts of it: diagnostics quote names and
//! source lines, `explain` prints titles and fixes, `--check` prints diffs of generated files.
//! An escape sequence (`ESC [2J`, the C1 `CSI` U+009B), a carriage return or backspace in that
//! text could clear the screen or rewrite the lines shown, and a bidi override could make the
//! text read differently from what it is. [`safe`] is the one place that decides what is shown
//! as a `\u{..}` escape (the characters [`crate::filters::needs_unicode_escape`] names, as the
//! Rust output's doc comments do); [`to_json`] applies the same rule inside JSON strings.

use crate::filters::needs_unicode_escape;
use serde::Serialize;
use std::borrow::Cow;
use std::fmt::Write as _;
use std::io;

/// What [`safe`] does with line breaks and tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lines {
    /// Keep `\n` and `\t`: multi-line text such as `explain` output or a diff.
    Keep,
    /// Escape them too: text that must stay on one line, such as a message or a source line.
    Escape,
}

/// `text` with every control character, bidi control and invisible formatting character shown
/// as a Rust-style `\u{1b}` escape, so printing it cannot move the cursor, change colours or
/// reorder what the reader sees. Borrows when there is nothing to escape.
pub fn safe(text: &str, lines: Lines) -> Cow<'_, str> {
    let escaped =
        |c: char| needs_unicode_escape(c) && !(lines == Lines::Keep && matches!(c, '\n' | '\t'));
    if !text.chars().any(escaped) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if escaped(c) {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// How a character of a source line is shown in a snippet, and how many terminal columns that
/// takes: tabs as one space, characters [`safe`] escapes as their escape, wide characters (CJK,
/// most emoji) as two columns.
pub fn shown_char(c: char) -> (Cow<'static, str>, usize) {
    if c == '\t' {
        return (Cow::Borrowed(" "), 1);
    }
    if needs_unicode_escape(c) {
        let escape = format!("\\u{{{:x}}}", c as u32);
        let width = escape.len();
        return (Cow::Owned(escape), width);
    }
    let width = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
    (Cow::Owned(c.to_string()), width)
}

/// Pretty-printed JSON whose strings escape what [`safe`] escapes (`\u001b`, `\u009b`,
/// `\u202e`), beyond the control characters JSON itself requires: the document reads back to the
/// same values, and printing it on a terminal is harmless.
pub fn to_json<T: Serialize>(value: &T) -> String {
    let mut out = Vec::new();
    let mut ser = serde_json::Serializer::with_formatter(&mut out, SafeFormatter::default());
    value
        .serialize(&mut ser)
        .expect("serializing to memory cannot fail");
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

/// serde_json's pretty formatter, with string contents escaped as [`to_json`] describes.
#[derive(Default)]
struct SafeFormatter(serde_json::ser::PrettyFormatter<'static>);

impl serde_json::ser::Formatter for SafeFormatter {
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            if needs_unicode_escape(c) {
                writer.write_all(&fragment.as_bytes()[start..i])?;
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    write!(writer, "\\u{unit:04x}")?;
                }
                start = i + c.len_utf8();
            }
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }

    fn begin_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn begin_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_a_terminal_acts_on() {
        let hostile = "a\u{1b}[2Jb\u{7}\r\u{8}\u{9b}31m\u{202e}\u{2066}\u{2069}\n\tz";
        assert_eq!(
            safe(hostile, Lines::Escape),
            "a\\u{1b}[2Jb\\u{7}\\u{d}\\u{8}\\u{9b}31m\\u{202e}\\u{2066}\\u{2069}\\u{a}\\u{9}z"
        );
        assert_eq!(
            safe(hostile, Lines::Keep),
            "a\\u{1b}[2Jb\\u{7}\\u{d}\\u{8}\\u{9b}31m\\u{202e}\\u{2066}\\u{2069}\n\tz"
        );
        assert!(matches!(
            safe("plain 中文 ✓", Lines::Escape),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn json_strings_escape_the_same_and_read_back_unchanged() {
        let text = "t\u{1b}[2J\u{9b}\u{202e}\u{7f}é😀";
        let json = to_json(&vec![text]);
        assert_eq!(json, "[\n  \"t\\u001b[2J\\u009b\\u202e\\u007fé😀\"\n]");
        let back: Vec<String> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, [text]);
    }

    #[test]
    fn wide_characters_take_two_columns() {
        assert_eq!(shown_char('中').1, 2);
        assert_eq!(shown_char('😀').1, 2);
        assert_eq!(shown_char('é').1, 1);
        assert_eq!(shown_char('\u{1b}'), (Cow::Owned("\\u{1b}".into()), 6));
    }
}
