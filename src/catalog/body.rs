//! The JSON text of one occurrence of an error: the reference every generated serializer
//! matches byte for byte, and the example bodies of the docs, the OpenAPI document and the
//! cross-language test vectors.
//!
//! The text is compact (no spaces), members in template order, strings escaped as ECMAScript's
//! `JSON.stringify` escapes them (only `"`, `\` and control characters; `\u00xx` in lowercase),
//! numbers as `JSON.stringify` writes them (`1.0` is `1`).

use super::{BodyMember, BodyValue, Catalog, CatalogError, FieldType};
use crate::message::Segment;
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// The values of one occurrence: every param and wire field of the error, by catalog name.
pub type Values = BTreeMap<String, Value>;

/// Example values for every param and wire field of `error`, derived from their names.
pub fn example_values(catalog: &Catalog, error: &CatalogError) -> Values {
    let mut out = Values::new();
    for p in &error.params {
        let ty = catalog
            .placeholder_type(error, &p.name)
            .unwrap_or(FieldType::String);
        out.insert(p.name.clone(), ty.example(&p.name));
    }
    for f in catalog.wire_fields(error) {
        out.insert(f.name.clone(), f.ty.example(&f.name));
    }
    out
}

/// The message of `error` with `values` filled in: strings as they are, numbers as JSON
/// writes them, booleans as `true`/`false`.
pub fn format_message(segments: &[Segment], values: &Values) -> String {
    let mut out = String::new();
    for s in segments {
        match s {
            Segment::Text(t) => out.push_str(t),
            Segment::Param(p) => match values.get(p) {
                Some(Value::String(s)) => out.push_str(s),
                Some(v) => write_value(&mut out, v),
                None => {}
            },
        }
    }
    out
}

/// The body of one occurrence of `error` as compact JSON text.
pub fn body_json(catalog: &Catalog, error: &CatalogError, values: &Values) -> String {
    let members = catalog.envelope.body_of(catalog, error);
    let message = format_message(&error.segments, values);
    let mut out = String::new();
    write_object(&mut out, &members, &message, values);
    out
}

fn write_object(out: &mut String, members: &[BodyMember], message: &str, values: &Values) {
    out.push('{');
    for (i, m) in members.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_string(out, &m.key);
        out.push(':');
        match &m.value {
            BodyValue::Object { members } => write_object(out, members, message, values),
            BodyValue::Fixed { value } => write_value(out, value),
            BodyValue::Message => write_string(out, message),
            BodyValue::Field { name } => write_value(out, values.get(name).unwrap_or(&Value::Null)),
        }
    }
    out.push('}');
}

/// Re-indents compact JSON text (as [`body_json`] writes it) with two spaces per level, keeping
/// member order; empty objects and lists stay `{}` and `[]`.
pub fn pretty(compact: &str) -> String {
    reindent(
        compact,
        usize::MAX,
        |out, c| out.push(c),
        |out, number| out.push_str(number),
    )
    .unwrap_or_default()
}

/// [`pretty`] with a say in how the text is spelled: `string_char` writes each character inside
/// a string that is not part of an escape sequence, `number` each number token. `None` when the
/// nesting passes `max_depth`.
pub fn reindent(
    compact: &str,
    max_depth: usize,
    string_char: impl Fn(&mut String, char),
    number: impl Fn(&mut String, &str),
) -> Option<String> {
    let mut out = String::with_capacity(compact.len() * 2);
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        for _ in 0..depth {
            out.push_str("  ");
        }
    };
    let mut chars = compact.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if in_string {
            match c {
                _ if escaped => {
                    escaped = false;
                    out.push(c);
                }
                '\\' => {
                    escaped = true;
                    out.push(c);
                }
                '"' => {
                    in_string = false;
                    out.push(c);
                }
                c => string_char(&mut out, c),
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            '{' | '[' => {
                out.push(c);
                if chars.next_if(|(_, n)| matches!(n, '}' | ']')).is_some() {
                    out.push(if c == '{' { '}' } else { ']' });
                } else {
                    depth += 1;
                    if depth > max_depth {
                        return None;
                    }
                    newline(&mut out, depth);
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(c);
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            '-' | '0'..='9' => {
                let mut end = i + 1;
                while let Some((j, _)) =
                    chars.next_if(|(_, n)| matches!(n, '0'..='9' | '-' | '+' | '.' | 'e' | 'E'))
                {
                    end = j + 1;
                }
                number(&mut out, &compact[i..end]);
            }
            c => out.push(c),
        }
    }
    Some(out)
}

/// Writes a JSON value compactly. Objects keep their members' order.
pub fn write_value(out: &mut String, v: &Value) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => {
                let _ = write!(out, "{i}");
            }
            (None, Some(u), _) => {
                let _ = write!(out, "{u}");
            }
            (None, None, Some(f)) => out.push_str(&js_number(f)),
            _ => out.push_str("null"),
        },
        Value::String(s) => write_string(out, s),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(out, item);
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (k, item)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(out, k);
                out.push(':');
                write_value(out, item);
            }
            out.push('}');
        }
    }
}

/// Writes a JSON string as `JSON.stringify` does.
pub fn write_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// A finite number as ECMAScript's `Number::toString` writes it: integral values without a
/// fraction, exponents from 1e21 and below 1e-6, written `1e+21`.
pub fn js_number(f: f64) -> String {
    if f == 0.0 {
        return "0".into();
    }
    // Rust's `{:e}` gives the shortest round-trip digits, as ECMAScript requires.
    let sci = format!("{:e}", f.abs());
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let k = digits.len() as i32;
    let n = exp + 1;
    let body = if k <= n && n <= 21 {
        format!("{digits}{}", "0".repeat((n - k) as usize))
    } else if 0 < n && n <= 21 {
        format!("{}.{}", &digits[..n as usize], &digits[n as usize..])
    } else if -6 < n && n <= 0 {
        format!("0.{}{digits}", "0".repeat((-n) as usize))
    } else {
        let sign = if n - 1 < 0 { '-' } else { '+' };
        let e = (n - 1).abs();
        if k == 1 {
            format!("{digits}e{sign}{e}")
        } else {
            format!("{}.{}e{sign}{e}", &digits[..1], &digits[1..])
        }
    };
    if f < 0.0 { format!("-{body}") } else { body }
}

#[cfg(test)]
mod tests {
    use super::{js_number, pretty};

    #[test]
    fn pretty_keeps_order_and_strings() {
        assert_eq!(
            pretty(r#"{"b":1,"a":{"s":"x,\"{y}:","e":{},"l":[1,[]]}}"#),
            "{\n  \"b\": 1,\n  \"a\": {\n    \"s\": \"x,\\\"{y}:\",\n    \"e\": {},\n    \"l\": [\n      1,\n      []\n    ]\n  }\n}"
        );
    }

    #[test]
    fn numbers_print_as_ecmascript_prints_them() {
        for (f, s) in [
            (1.0, "1"),
            (-2.5, "-2.5"),
            (0.1, "0.1"),
            (1e21, "1e+21"),
            (123456789012345680000.0, "123456789012345680000"),
            (1e-7, "1e-7"),
            (0.000001, "0.000001"),
            (1.5e-10, "1.5e-10"),
            (f64::MAX, "1.7976931348623157e+308"),
        ] {
            assert_eq!(js_number(f), s, "{f:e}");
        }
    }
}
