//! `docs_url` templates: a URI reference with `{name}` and `{code}` placeholders. Parsed and
//! checked once per catalog ([`DocsUrl::parse`]), expanded once per error ([`DocsUrl::expand`])
//! with each value percent-encoded (RFC 3986) for the component it sits in, so every generated
//! docs URL is a valid URI reference whatever a string code holds.

use crate::catalog::Code;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// A checked `docs_url` template.
#[derive(Debug, Clone)]
pub struct DocsUrl {
    parts: Vec<Part>,
}

#[derive(Debug, Clone)]
enum Part {
    Text(String),
    Name(Component),
    Code(Component),
}

/// The part of a URI reference a placeholder sits in; it decides which characters of the value
/// are percent-encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Component {
    Authority,
    Path,
    Query,
    Fragment,
}

/// A problem with the template, at byte `at` (length `len`) of the `docs_url` string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub message: String,
    pub at: usize,
    pub len: usize,
    pub help: String,
}

/// The placeholders a template may use.
const PLACEHOLDERS: [&str; 2] = ["name", "code"];

/// Unreserved characters (`A-Z a-z 0-9 - . _ ~`) are never encoded; each set below also keeps
/// the delimiters that mean nothing special in its component, and encodes the rest.
const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');
/// A host or user name (`reg-name`): unreserved characters and sub-delimiters.
const AUTHORITY: &AsciiSet = &UNRESERVED
    .remove(b'!')
    .remove(b'$')
    .remove(b'&')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b'+')
    .remove(b',')
    .remove(b';')
    .remove(b'=');
/// One path segment: `/` is encoded, so a value stays one segment; so is `:`, which in the first
/// segment of a relative reference would be read as a scheme.
const PATH_SEGMENT: &AsciiSet = &AUTHORITY.remove(b'@');
/// A query value: `&`, `=` and `+` are encoded, which form decoders read as separators or spaces.
const QUERY: &AsciiSet = &UNRESERVED
    .remove(b'!')
    .remove(b'$')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b',')
    .remove(b';')
    .remove(b':')
    .remove(b'@')
    .remove(b'/')
    .remove(b'?');
/// A fragment: everything but `#`, `%` and characters no URI holds.
const FRAGMENT: &AsciiSet = &AUTHORITY
    .remove(b':')
    .remove(b'@')
    .remove(b'/')
    .remove(b'?');

impl DocsUrl {
    /// Parses `template`. `has_codes` says whether the catalog's errors have codes (`{code}` needs
    /// them). Returns every problem: a brace that starts no placeholder, an unknown placeholder,
    /// `{code}` without codes, and text that cannot be part of a URI reference.
    pub fn parse(template: &str, has_codes: bool) -> Result<DocsUrl, Vec<Problem>> {
        let mut problems = Vec::new();
        // The parts, and the byte offset in `template` of each.
        let mut parts: Vec<(usize, Part)> = Vec::new();
        let mut text = String::new();
        let mut text_start = 0;
        let mut i = 0;
        let bytes = template.as_bytes();
        while i < template.len() {
            match bytes[i] {
                b'{' => {
                    let rest = &template[i + 1..];
                    let close = rest
                        .find(['{', '}'])
                        .filter(|&j| rest.as_bytes()[j] == b'}');
                    let Some(close) = close else {
                        problems.push(Problem {
                            message: "`docs_url` has a `{` that starts no placeholder".into(),
                            at: i,
                            len: 1,
                            help: "placeholders are `{name}` and `{code}`; a URL cannot hold a \
                                   brace, write `%7B` for a literal `{`"
                                .into(),
                        });
                        text.push('{');
                        i += 1;
                        continue;
                    };
                    let name = &rest[..close];
                    let len = close + 2;
                    match name {
                        "name" | "code" => {
                            if name == "code" && !has_codes {
                                problems.push(Problem {
                                    message: "`docs_url` uses `{code}`, but the catalog's errors \
                                              have no codes"
                                        .into(),
                                    at: i,
                                    len,
                                    help: "use `{name}`, or give every error a `code`".into(),
                                });
                            }
                            if !text.is_empty() {
                                parts.push((text_start, Part::Text(std::mem::take(&mut text))));
                            }
                            let component = Component::Path;
                            parts.push((
                                i,
                                if name == "name" {
                                    Part::Name(component)
                                } else {
                                    Part::Code(component)
                                },
                            ));
                            text_start = i + len;
                        }
                        _ => {
                            let hint =
                                crate::structure::nearest(name, &PLACEHOLDERS.map(str::to_owned))
                                    .map(|n| format!("did you mean `{{{n}}}`? "))
                                    .unwrap_or_default();
                            problems.push(Problem {
                                message: format!(
                                    "`docs_url` has an unknown placeholder `{{{name}}}`"
                                ),
                                at: i,
                                len,
                                help: format!(
                                    "{hint}placeholders are `{{name}}` and `{{code}}`; a URL \
                                     cannot hold a brace, write `%7B` and `%7D` for literal ones"
                                ),
                            });
                            text.push_str(&template[i..i + len]);
                        }
                    }
                    i += len;
                }
                b'}' => {
                    problems.push(Problem {
                        message: "`docs_url` has a `}` that closes no placeholder".into(),
                        at: i,
                        len: 1,
                        help: "a URL cannot hold a brace; write `%7D` for a literal `}`".into(),
                    });
                    text.push('}');
                    i += 1;
                }
                _ => {
                    let c = template[i..].chars().next().unwrap_or_default();
                    text.push(c);
                    i += c.len_utf8();
                }
            }
        }
        if !text.is_empty() {
            parts.push((text_start, Part::Text(text)));
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        // The template with every placeholder replaced by `x`, and for each byte of it, its
        // offset in `template`: checked as one URI reference, and scanned for components.
        let mut sample = String::new();
        let mut origin = Vec::new();
        for (at, part) in &parts {
            match part {
                Part::Text(t) => {
                    origin.extend((0..t.len()).map(|k| at + k));
                    sample.push_str(t);
                }
                Part::Name(_) | Part::Code(_) => {
                    origin.push(*at);
                    sample.push('x');
                }
            }
        }
        if let Err(e) = fluent_uri::UriRef::parse(sample.as_str()) {
            let index = e.index();
            let c = sample[index..].chars().next().unwrap_or_default();
            let at = origin.get(index).copied().unwrap_or(template.len());
            let problem = match e.kind() {
                fluent_uri::ParseErrorKind::InvalidPctEncodedOctet => Problem {
                    message: "`docs_url` has a `%` that starts no percent-encoded byte".into(),
                    at,
                    len: 1,
                    help: "a `%` is followed by two hexadecimal digits, as in `%20`; write `%25` \
                           for a literal `%`"
                        .into(),
                },
                fluent_uri::ParseErrorKind::InvalidIpv6Addr => Problem {
                    message: "`docs_url` has an invalid IPv6 address".into(),
                    at,
                    len: 1,
                    help: "write the host as a name, or as an IPv6 address in brackets".into(),
                },
                _ => Problem {
                    message: format!(
                        "`docs_url` is not a valid URI reference: `{}` cannot appear here",
                        c.escape_debug()
                    ),
                    at,
                    len: c.len_utf8(),
                    help: format!(
                        "percent-encode it: write `{}`",
                        utf8_percent_encode(c.encode_utf8(&mut [0; 4]), NON_ALPHANUMERIC)
                    ),
                },
            };
            return Err(vec![problem]);
        }
        let mut pos = 0;
        let parts = parts
            .into_iter()
            .map(|(_, part)| {
                let component = component_at(&sample, pos);
                match part {
                    Part::Text(t) => {
                        pos += t.len();
                        Part::Text(t)
                    }
                    Part::Name(_) => {
                        pos += 1;
                        Part::Name(component)
                    }
                    Part::Code(_) => {
                        pos += 1;
                        Part::Code(component)
                    }
                }
            })
            .collect();
        Ok(DocsUrl { parts })
    }

    /// The URL of the error `name` with `code`.
    pub fn expand(&self, name: &str, code: Option<&Code>) -> String {
        let code = code.map(ToString::to_string).unwrap_or_default();
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Text(t) => out.push_str(t),
                Part::Name(c) => out.push_str(&encode(name, *c)),
                Part::Code(c) => out.push_str(&encode(&code, *c)),
            }
        }
        out
    }
}

/// `value` percent-encoded for `component`. A path segment that is all dots is encoded too:
/// `.` and `..` would otherwise move the URL up a directory.
fn encode(value: &str, component: Component) -> String {
    let set = match component {
        Component::Authority => AUTHORITY,
        Component::Path => PATH_SEGMENT,
        Component::Query => QUERY,
        Component::Fragment => FRAGMENT,
    };
    if component == Component::Path && matches!(value, "." | "..") {
        return value.replace('.', "%2E");
    }
    utf8_percent_encode(value, set).to_string()
}

/// The component that byte `pos` of the URI reference `uri` falls in (RFC 3986, section 3):
/// after the first `#` the fragment, after the first `?` the query, after `//` (at the start or
/// after the scheme) the authority up to the next `/`, `?` or `#`, else the path.
fn component_at(uri: &str, pos: usize) -> Component {
    let before = &uri[..pos];
    if before.contains('#') {
        return Component::Fragment;
    }
    if before.contains('?') {
        return Component::Query;
    }
    let scheme_end = uri
        .find(':')
        .filter(|&end| {
            let scheme = &uri[..end];
            scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        })
        .map_or(0, |end| end + 1);
    if pos >= scheme_end && uri[scheme_end..].starts_with("//") {
        let authority_start = scheme_end + 2;
        let authority_end = uri[authority_start..]
            .find(['/', '?', '#'])
            .map_or(uri.len(), |k| authority_start + k);
        if (authority_start..authority_end).contains(&pos) {
            return Component::Authority;
        }
    }
    Component::Path
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(template: &str, code: &str) -> String {
        DocsUrl::parse(template, true)
            .unwrap()
            .expand("bad_thing", Some(&Code::Str(code.into())))
    }

    #[test]
    fn values_are_encoded_per_component() {
        let t = "https://{code}.example.com/e/{code}/x?q={code}&n={name}#{code}";
        assert_eq!(
            url(t, "a b/c?d#e&f=g+h:i@j'k"),
            "https://a%20b%2Fc%3Fd%23e&f=g+h%3Ai%40j'k.example.com\
             /e/a%20b%2Fc%3Fd%23e&f=g+h%3Ai@j'k\
             /x?q=a%20b/c?d%23e%26f%3Dg%2Bh:i@j'k&n=bad_thing\
             #a%20b/c?d%23e&f=g+h:i@j'k"
        );
        assert_eq!(url("/e/{code}", "ü%"), "/e/%C3%BC%25");
        assert_eq!(url("/e/{code}", ".."), "/e/%2E%2E");
        assert_eq!(url("{code}", "a:b"), "a%3Ab");
    }

    #[test]
    fn problems_point_into_the_template() {
        let problems = |t: &str, codes: bool| DocsUrl::parse(t, codes).unwrap_err();
        let p = problems("https://x/{slug}/{code}", false);
        assert_eq!(p.len(), 2);
        assert_eq!((p[0].at, p[0].len), (10, 6));
        assert_eq!(
            p[0].message,
            "`docs_url` has an unknown placeholder `{slug}`"
        );
        assert_eq!((p[1].at, p[1].len), (17, 6));
        let p = problems("https://x/a b/{name}", true);
        assert_eq!((p[0].at, p[0].len), (11, 1));
        assert_eq!(p[0].help, "percent-encode it: write `%20`");
        let p = problems("https://x/ü", true);
        assert_eq!((p[0].at, p[0].len), (10, 2));
        assert_eq!(p[0].help, "percent-encode it: write `%C3%BC`");
        let p = problems("/{name}#a#b", true);
        assert_eq!(p[0].at, 9);
        let p = problems("/%zz{name}", true);
        assert_eq!(p[0].at, 1);
        let p = problems("/{name", true);
        assert_eq!((p[0].at, p[0].len), (1, 1));
        let p = problems("/}{name}", true);
        assert_eq!((p[0].at, p[0].len), (1, 1));
    }
}
