//! Strict integers: the schema check's copy of the catalog schema, with a keyword that refuses
//! what JSON Schema accepts as an integer but the catalog's serde types do not (`404.0`, `1e3`,
//! a number beyond the field's 64-bit format), and the diagnostic for each case.

use super::{field, schema, what};
use crate::diagnostic::Diagnostic;
use crate::rule::Rule;
use serde_json::Value;
use std::sync::OnceLock;

/// The custom keyword that makes integers strict: JSON Schema counts `404.0` as an integer and
/// ignores the `int64` format, while the catalog's serde types accept neither.
const INTEGER_KEYWORD: &str = "errcatInteger";

pub(super) fn validator() -> &'static jsonschema::Validator {
    static VALIDATOR: OnceLock<jsonschema::Validator> = OnceLock::new();
    VALIDATOR.get_or_init(|| {
        let mut strict = schema().clone();
        mark_integers(&mut strict);
        jsonschema::options()
            .with_keyword(INTEGER_KEYWORD, |_, format, _| {
                Ok(Box::new(StrictInteger(IntRange::of(format.as_str()))))
            })
            .build(&strict)
            .expect("the derived catalog schema is a valid schema")
    })
}

/// Adds [`INTEGER_KEYWORD`] (valued with the integer's `format`) to every subschema that allows
/// integers.
fn mark_integers(schema: &mut Value) {
    match schema {
        Value::Object(map) => {
            let integer = match map.get("type") {
                Some(Value::String(t)) => t == "integer",
                Some(Value::Array(ts)) => ts.iter().any(|t| t == "integer"),
                _ => false,
            };
            if integer {
                let format = map.get("format").cloned().unwrap_or(Value::Null);
                map.insert(INTEGER_KEYWORD.into(), format);
            }
            map.values_mut().for_each(mark_integers);
        }
        Value::Array(items) => items.iter_mut().for_each(mark_integers),
        _ => {}
    }
}

/// The values an integer field holds, from its schema `format`.
#[derive(Debug, Clone, Copy)]
struct IntRange {
    min: i128,
    max: i128,
}

impl IntRange {
    fn of(format: Option<&str>) -> IntRange {
        let (min, max) = match format {
            Some("uint64") => (0, i128::from(u64::MAX)),
            Some("uint32" | "uint") => (0, i128::from(u32::MAX)),
            Some("int32") => (i128::from(i32::MIN), i128::from(i32::MAX)),
            Some("uint16") => (0, i128::from(u16::MAX)),
            Some("uint8") => (0, i128::from(u8::MAX)),
            _ => (i128::from(i64::MIN), i128::from(i64::MAX)),
        };
        IntRange { min, max }
    }
}

struct StrictInteger(IntRange);

/// What [`StrictInteger`] reports; [`check`] words the diagnostic from the source text.
const NOT_WHOLE: &str = "not-whole";
const OUT_OF_RANGE: &str = "out-of-range";

impl<'i> jsonschema::Keyword<'i> for StrictInteger {
    fn validate(&self, instance: &'i Value) -> Result<(), jsonschema::ValidationError<'i>> {
        match instance.as_number() {
            // A fraction is the `type` keyword's to report; a whole number written as a
            // decimal (`404.0`, `1e3`, or too many digits for 64 bits) is this keyword's.
            Some(n) if n.as_f64().is_some_and(|f| f.fract() != 0.0) && n.is_f64() => Ok(()),
            Some(n) if n.is_f64() => Err(jsonschema::ValidationError::custom(format!(
                "{NOT_WHOLE} {} {}",
                self.0.min, self.0.max
            ))),
            Some(n) => {
                let v = n
                    .as_i64()
                    .map(i128::from)
                    .or_else(|| n.as_u64().map(i128::from))
                    .unwrap_or_default();
                if (self.0.min..=self.0.max).contains(&v) {
                    Ok(())
                } else {
                    Err(jsonschema::ValidationError::custom(format!(
                        "{OUT_OF_RANGE} {} {}",
                        self.0.min, self.0.max
                    )))
                }
            }
            None => Ok(()),
        }
    }

    fn is_valid(&self, instance: &'i Value) -> bool {
        self.validate(instance).is_ok()
    }
}

/// The diagnostic for a number that is not a whole number in the field's range, where an integer
/// belongs: `problem` is what [`StrictInteger`] reported, `written` the value as in the file.
pub(super) fn integer_problem(
    path: &str,
    written: &str,
    instance: &Value,
    problem: &str,
) -> Diagnostic {
    let mut words = problem.split_whitespace();
    let kind = words.next().unwrap_or_default();
    let min = words.next().unwrap_or_default();
    let max = words.next().unwrap_or_default();
    let digits = written.trim_start_matches(['-', '+']);
    let integer_literal = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit());
    // YAML reads an integer too large for 64 bits as a decimal number.
    let in_range = |v: i128| {
        min.parse::<i128>().is_ok_and(|m| v >= m) && max.parse::<i128>().is_ok_and(|m| v <= m)
    };
    let huge = kind == OUT_OF_RANGE
        || (integer_literal
            && !written
                .trim_start_matches('+')
                .parse::<i128>()
                .is_ok_and(in_range));
    if huge {
        let (size, help) = if written.starts_with('-') {
            ("small", format!("integers here are at least {min}"))
        } else {
            ("large", format!("integers here are at most {max}"))
        };
        Diagnostic::error(
            Rule::WrongValue,
            format!("the number `{written}` in {} is too {size}", field(path)),
        )
        .help(help)
    } else {
        let whole = instance
            .as_f64()
            .filter(|f| f.fract() == 0.0 && f.abs() < 1e15);
        let leading_zero = digits.len() > 1
            && digits.starts_with('0')
            && digits.bytes().all(|b| b.is_ascii_digit());
        let help = match whole {
            Some(_) if leading_zero => format!(
                "YAML reads a number with a leading zero as a decimal number; write it \
                 without the zero, or quote it to keep it as text: `\"{written}\"`"
            ),
            Some(f) => format!("write it without a decimal point or exponent: `{f:.0}`"),
            None => "write a whole number".to_owned(),
        };
        Diagnostic::error(
            Rule::WrongType,
            format!(
                "{} must be an integer, found the number `{written}`",
                what(path)
            ),
        )
        .help(help)
    }
}
