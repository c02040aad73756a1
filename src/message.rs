//! Message templates: `{param}` placeholders, `{{` and `}}` for literal braces.

use serde::Serialize;

/// A piece of a parsed message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Segment {
    /// Literal text, with `{{`/`}}` already turned into single braces.
    Text(String),
    /// A `{name}` placeholder.
    Param(String),
}

/// A malformed placeholder, at byte offset `at` of the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaceholderError {
    pub at: usize,
    pub len: usize,
    pub message: String,
    pub help: String,
}

/// Splits a message into literal text and placeholders.
pub fn parse(message: &str) -> Result<Vec<Segment>, PlaceholderError> {
    let mut segments = Vec::new();
    let mut text = String::new();
    let mut chars = message.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '{' if chars.peek().map(|&(_, n)| n) == Some('{') => {
                chars.next();
                text.push('{');
            }
            '}' if chars.peek().map(|&(_, n)| n) == Some('}') => {
                chars.next();
                text.push('}');
            }
            '{' => {
                let rest = &message[i + 1..];
                let Some(end) = rest.find('}') else {
                    return Err(PlaceholderError {
                        at: i,
                        len: 1,
                        message: "unclosed `{` in message".into(),
                        help: "close the placeholder with `}`, or write `{{` for a literal brace"
                            .into(),
                    });
                };
                let name = &rest[..end];
                if !is_param_name(name) {
                    return Err(PlaceholderError {
                        at: i,
                        len: end + 2,
                        message: format!("`{{{name}}}` is not a valid placeholder"),
                        help: "placeholders are snake_case parameter names such as `{phone}`; write `{{` and `}}` for literal braces".into(),
                    });
                }
                if !text.is_empty() {
                    segments.push(Segment::Text(std::mem::take(&mut text)));
                }
                segments.push(Segment::Param(name.to_owned()));
                for _ in 0..=name.chars().count() {
                    chars.next();
                }
            }
            '}' => {
                return Err(PlaceholderError {
                    at: i,
                    len: 1,
                    message: "unmatched `}` in message".into(),
                    help: "write `}}` for a literal closing brace".into(),
                });
            }
            c => text.push(c),
        }
    }
    if !text.is_empty() {
        segments.push(Segment::Text(text));
    }
    Ok(segments)
}

fn is_param_name(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some('a'..='z' | '0'..='9' | '_'))
        && chars.all(|c| matches!(c, 'a'..='z' | '0'..='9' | '_'))
}

/// The parameter names in order of first use.
pub fn params_in_order(segments: &[Segment]) -> Vec<&str> {
    let mut seen: Vec<&str> = Vec::new();
    for s in segments {
        if let Segment::Param(p) = s
            && !seen.contains(&p.as_str())
        {
            seen.push(p);
        }
    }
    seen
}

/// The message as alternating literal text and parameter names, starting and ending with text
/// (possibly empty): text at even indices, names at odd ones. The parser never yields two text
/// segments in a row, so text always lands on an even index.
pub fn alternating(segments: &[Segment]) -> Vec<&str> {
    let mut out = Vec::with_capacity(segments.len() + 2);
    for s in segments {
        match s {
            Segment::Text(t) => out.push(t.as_str()),
            Segment::Param(p) => {
                if out.len() % 2 == 0 {
                    out.push("");
                }
                out.push(p.as_str());
            }
        }
    }
    if out.len() % 2 == 0 {
        out.push("");
    }
    out
}

/// Whether splitting the raw message at each `{...}` holding no brace gives `alternating`'s
/// list: what JavaScript's `message.split(/\{([^{}]*)\}/)` and Python's
/// `re.split(r"\{([^{}]*)\}", message)` return (text at even indices, the captured names at
/// odd ones). Where it does, a generated table can leave the list out and the module split the
/// message it already holds; an escaped brace (`{{`) or a lone one makes it differ.
pub fn splits_at_placeholders(message: &str, alternating: &[&str]) -> bool {
    let mut parts: Vec<&str> = Vec::with_capacity(alternating.len());
    let bytes = message.as_bytes();
    let (mut start, mut i) = (0, 0);
    while i < bytes.len() {
        if bytes[i] == b'{' {
            let close = bytes[i + 1..]
                .iter()
                .position(|&b| b == b'{' || b == b'}')
                .map(|n| i + 1 + n);
            if let Some(j) = close.filter(|&j| bytes[j] == b'}') {
                parts.push(&message[start..i]);
                parts.push(&message[i + 1..j]);
                start = j + 1;
                i = j + 1;
                continue;
            }
        }
        i += 1;
    }
    parts.push(&message[start..]);
    parts == alternating
}

/// Each literal text paired with the placeholder after it; the last text has none. A message
/// that ends with a placeholder has no trailing text pair, and an empty message is one pair.
pub fn pairs(segments: &[Segment]) -> Vec<(&str, Option<&str>)> {
    let mut raw: Vec<(&str, Option<&str>)> = Vec::new();
    let mut text = "";
    for s in segments {
        match s {
            Segment::Text(t) => text = t,
            Segment::Param(p) => raw.push((std::mem::take(&mut text), Some(p))),
        }
    }
    if !text.is_empty() || raw.is_empty() {
        raw.push((text, None));
    }
    raw
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_message_splits_at_placeholders_as_javascript_and_python_split_it() {
        let split = |m: &str| {
            let segments = parse(m).expect("a valid message");
            splits_at_placeholders(m, &alternating(&segments))
        };
        for same in [
            "plain",
            "",
            "{a}",
            "{a}{b}",
            "x {a} y {b} z",
            "caf\u{e9} {n}.",
        ] {
            assert!(split(same), "{same:?}");
        }
        for differs in ["{{literal}}", "a {{ b", "a }} b", "{{{a}}}"] {
            assert!(!split(differs), "{differs:?}");
        }
    }

    use super::*;

    #[test]
    fn parses_placeholders_and_literal_braces() {
        assert_eq!(
            parse("Number {phone} is {{not}} ok").unwrap(),
            vec![
                Segment::Text("Number ".into()),
                Segment::Param("phone".into()),
                Segment::Text(" is {not} ok".into()),
            ]
        );
    }

    #[test]
    fn rejects_malformed_placeholders() {
        assert_eq!(
            parse("a {b").unwrap_err().message,
            "unclosed `{` in message"
        );
        assert_eq!(
            parse("a } b").unwrap_err().message,
            "unmatched `}` in message"
        );
        let bad = parse("x {Bad Name} y").unwrap_err();
        assert_eq!((bad.at, bad.len), (2, 10));
    }

    #[test]
    fn params_keep_first_use_order() {
        let segs = parse("{b} {a} {b}").unwrap();
        assert_eq!(params_in_order(&segs), vec!["b", "a"]);
    }

    #[test]
    fn alternating_starts_and_ends_with_text() {
        let segs = parse("{a} and {b}").unwrap();
        assert_eq!(alternating(&segs), vec!["", "a", " and ", "b", ""]);
        assert_eq!(pairs(&segs), vec![("", Some("a")), (" and ", Some("b"))]);
        assert_eq!(alternating(&[]), vec![""]);
        let segs = parse("{a}{b} x {c}").unwrap();
        assert_eq!(alternating(&segs), vec!["", "a", "", "b", " x ", "c", ""]);
        let segs = parse("plain {{text}}").unwrap();
        assert_eq!(alternating(&segs), vec!["plain {text}"]);
        assert_eq!(pairs(&[]), vec![("", None)]);
    }
}
