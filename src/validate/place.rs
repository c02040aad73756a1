//! Where a definition sits in its file, so every diagnostic can point at the offending value.

use crate::diagnostic::Diagnostic;
use crate::loader::ParsedFile;
use crate::source::Span;
use crate::source::escape_segment;

/// A file index and a span in it.
pub(crate) type At = (usize, Span);

/// A definition's place: its file and its JSON pointer inside that file.
#[derive(Clone)]
pub(crate) struct Place<'a> {
    pub file: &'a ParsedFile,
    pub text: &'a str,
    pub pointer: String,
}

impl<'a> Place<'a> {
    /// The place of a field that is itself a mapping or list, e.g. `deprecated` or `params`.
    pub fn child(&self, field: &str) -> Place<'a> {
        Place {
            file: self.file,
            text: self.text,
            pointer: format!("{}/{}", self.pointer, escape_segment(field)),
        }
    }
    /// The span of the key `field`.
    pub fn key(&self, field: &str) -> At {
        if !self.file.locator.may_hold(&self.pointer, field) {
            return (self.file.file, Span::default());
        }
        let p = format!("{}/{}", self.pointer, escape_segment(field));
        (self.file.file, self.file.locator.key(&p))
    }
    /// The span of the value of `field`.
    pub fn value(&self, field: &str) -> At {
        if !self.file.locator.may_hold(&self.pointer, field) {
            return (self.file.file, Span::default());
        }
        let p = format!("{}/{}", self.pointer, escape_segment(field));
        (self.file.file, self.file.locator.value(&p))
    }
    /// The source text of the value of `field` exactly as written (quotes included).
    pub fn raw(&self, field: &str) -> Option<&'a str> {
        let (_, span) = self.value(field);
        self.text.get(span.offset..span.offset + span.len)
    }
}

/// Attaching a place to a diagnostic.
pub(crate) trait On {
    fn on(self, at: At) -> Self;
    fn also_on(self, at: At, note: &str) -> Self;
}

impl On for Diagnostic {
    fn on(self, (file, span): At) -> Self {
        self.at(file, span)
    }
    fn also_on(self, (file, span): At, note: &str) -> Self {
        self.also(file, span, note)
    }
}

/// The span of `{param}` inside a message value, when the message is a plain one-line scalar.
pub(crate) fn find_placeholder(place: &Place, message: &str, param: &str) -> At {
    let needle = format!("{{{param}}}");
    let at = message.find(&needle).unwrap_or(0);
    let fallback = place.value("message");
    let span = span_within(place, "message", message, at, needle.len()).unwrap_or(fallback.1);
    (fallback.0, span)
}

/// Maps a byte range of a string value to the source, when the source text is the value itself
/// (possibly quoted) on one line, so the caret can point inside the string.
pub(crate) fn span_within(
    place: &Place,
    field: &str,
    value: &str,
    at: usize,
    len: usize,
) -> Option<Span> {
    let (_, vspan) = place.value(field);
    let text = place.text;
    let raw = text.get(vspan.offset..vspan.offset + vspan.len)?;
    let inner_start = if raw.starts_with('"') || raw.starts_with('\'') {
        1
    } else {
        0
    };
    let inner = raw.get(inner_start..)?;
    // Only exact when the source spells the value literally (no escapes before `at`).
    if !inner.starts_with(&value[..at]) || raw.contains('\n') {
        return None;
    }
    let prefix_chars = value[..at].chars().count();
    Some(Span {
        offset: vspan.offset + inner_start + at,
        len,
        line: vspan.line,
        column: vspan.column + inner_start + prefix_chars,
    })
}
