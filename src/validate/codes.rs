//! Codes: one kind per catalog, each code unique, in its category's range and in the range
//! every target can hold exactly.

use super::place::{On, Place};
use crate::catalog::{Category, CodeKind};
use crate::diagnostic::Diagnostic;
use crate::model;
use crate::rule::Rule;
use std::collections::HashMap;

/// The code as the catalog author reads it.
pub(crate) fn show_code(code: &model::Code) -> String {
    match code {
        model::Code::Int(i) => i.to_string(),
        model::Code::Str(s) => s.clone(),
    }
}

/// Whether the source spells a plain (unquoted) YAML scalar.
fn is_plain(raw: &str) -> bool {
    !raw.starts_with(['"', '\''])
}

/// The catalog's kind of code, reporting a catalog that mixes kinds or leaves some errors
/// without a code.
pub(crate) fn check_code_kinds(
    diags: &mut Vec<Diagnostic>,
    all: &[(Place, &model::ErrorDef)],
) -> CodeKind {
    // A code YAML misread (`0B000`, `1e3`) is reported by `check_code` and counts as no kind.
    let is_int = |p: &Place, e: &model::ErrorDef| match e.code {
        Some(model::Code::Int(i)) => p
            .raw("code")
            .is_none_or(|raw| !is_plain(raw) || is_canonical(raw, i)),
        _ => false,
    };
    let first_int = all.iter().find(|(p, e)| is_int(p, e));
    let first_str = all
        .iter()
        .find(|(_, e)| matches!(e.code, Some(model::Code::Str(_))));
    let first_none = all.iter().find(|(_, e)| e.code.is_none());
    if let (Some(_), Some((ps, es))) = (first_int, first_str) {
        // A catalog of string codes in which YAML read some unquoted codes as numbers (an
        // unquoted SQLSTATE such as `08000`): each of those is reported where it is written.
        let unquoted: Vec<&(Place, &model::ErrorDef)> = all
            .iter()
            .filter(|(p, e)| is_int(p, e) && p.raw("code").is_some_and(is_plain))
            .collect();
        let strings = all
            .iter()
            .filter(|(_, e)| matches!(e.code, Some(model::Code::Str(_))))
            .count();
        if strings >= unquoted.len() && !unquoted.is_empty() {
            for (p, e) in unquoted {
                let raw = p.raw("code").unwrap_or_default();
                let value = e.code.as_ref().map(show_code).unwrap_or_default();
                let read = if raw == value {
                    String::new()
                } else {
                    format!(" {value}")
                };
                diags.push(
                    Diagnostic::error(
                        Rule::MixedCodeKinds,
                        format!(
                            "code `{raw}` is read by YAML as the number{read}, but this catalog's codes are strings"
                        ),
                    )
                    .on(p.value("code"))
                    .also_on(ps.value("code"), &format!("`{}` has a string code", es.name))
                    .help(format!("quote it: `code: \"{raw}\"`"))
                    .about(&e.name),
                );
            }
        } else {
            let (pi, ei) = first_int.expect("checked above");
            diags.push(
                Diagnostic::error(
                    Rule::MixedCodeKinds,
                    "the catalog mixes integer and string codes",
                )
                .on(ps.value("code"))
                .also_on(
                    pi.value("code"),
                    &format!("`{}` has an integer code", ei.name),
                )
                .help(format!(
                    "make `{}`'s code an integer, or quote every code as a string",
                    es.name
                ))
                .about(&es.name),
            );
        }
    }
    let with_code = first_int.or(first_str);
    if let (Some((pc, ec)), Some((pn, en))) = (with_code, first_none) {
        diags.push(
            Diagnostic::error(
                Rule::MissingCode,
                format!("error `{}` has no `code`, but other errors do", en.name),
            )
            .on(pn.key("name"))
            .also_on(pc.value("code"), &format!("`{}` has a code", ec.name))
            .help("give every error a code, or remove all codes")
            .about(&en.name),
        );
    }
    match (first_int, first_str) {
        (Some(_), _) => CodeKind::Integer,
        (None, Some(_)) => CodeKind::String,
        (None, None) => CodeKind::None,
    }
}

/// A code's own value: integers within 64 bits, strings non-empty and printable. Returns the
/// code as the IR holds it.
pub(crate) fn check_code(
    diags: &mut Vec<Diagnostic>,
    place: &Place,
    e: &model::ErrorDef,
) -> Option<crate::catalog::Code> {
    let raw = place.raw("code").unwrap_or_default();
    match e.code.as_ref()? {
        // Fractions, numbers beyond 64 bits and leading zeros are refused by the structural
        // check; what is left is a number YAML read from another notation (`0B000` is binary 0).
        model::Code::Int(code) if is_plain(raw) && !is_canonical(raw, *code) => {
            diags.push(
                Diagnostic::error(
                    Rule::BadCode,
                    format!("code `{raw}` is read by YAML as the number {code}"),
                )
                .on(place.value("code"))
                .help(format!(
                    "quote it if it is a string code (`code: \"{raw}\"`), or write `{code}`"
                ))
                .about(&e.name),
            );
            None
        }
        model::Code::Int(code) => Some(crate::catalog::Code::Int(*code)),
        model::Code::Str(s) if s.is_empty() || s.chars().any(char::is_control) => {
            diags.push(
                Diagnostic::error(
                    Rule::BadCode,
                    "string codes must be non-empty and without control characters",
                )
                .on(place.value("code"))
                .about(&e.name),
            );
            None
        }
        model::Code::Str(s) => Some(crate::catalog::Code::Str(s.clone())),
    }
}

/// Whether `raw` spells `value` as a catalog author spells an integer code: in decimal without a
/// leading zero or sign (`4001`, `-2`), or in hex (`0x80070005`). Anything else YAML reads as
/// a number (`08000`, `0B000` in binary, `0o17`, `+5`) was most likely meant as text.
fn is_canonical(raw: &str, value: i64) -> bool {
    if raw == value.to_string() {
        return true;
    }
    let (negative, digits) = match raw.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, raw),
    };
    digits
        .strip_prefix("0x")
        .or_else(|| digits.strip_prefix("0X"))
        .and_then(|hex| i128::from_str_radix(hex, 16).ok())
        .map(|v| if negative { -v } else { v })
        .is_some_and(|v| v == i128::from(value))
}

/// An integer code outside its category's range.
pub(crate) fn check_in_range(
    diags: &mut Vec<Diagnostic>,
    place: &Place,
    e: &model::ErrorDef,
    category: &Category,
    cat_places: &HashMap<String, Place>,
) {
    if let Some(model::Code::Int(code)) = &e.code
        && let Some((lo, hi)) = category.codes
        && !(lo..=hi).contains(code)
    {
        let mut d = Diagnostic::error(
            Rule::CodeOutOfRange,
            format!(
                "code {code} is outside the range [{lo}, {hi}] of category `{}`",
                category.id
            ),
        )
        .on(place.value("code"))
        .help(format!(
            "pick a code between {lo} and {hi}, or move the error to another category"
        ))
        .about(&e.name);
        if let Some(cp) = cat_places.get(&category.id) {
            d = d.also_on(cp.value("codes"), "range declared here");
        }
        diags.push(d);
    }
}

/// Reports each category whose code range overlaps an earlier-sorted one, once, against the
/// range reaching furthest so far. A sweep over ranges sorted by their start: O(n log n), where
/// comparing every pair would be quadratic in the number of categories.
pub(crate) fn check_overlapping_ranges(
    diags: &mut Vec<Diagnostic>,
    categories: &[Category],
    places: &HashMap<String, Place>,
) {
    let mut ranged: Vec<(i64, i64, usize)> = categories
        .iter()
        .enumerate()
        .filter_map(|(i, c)| {
            c.codes
                .filter(|(lo, hi)| lo <= hi)
                .map(|(lo, hi)| (lo, hi, i))
        })
        .collect();
    ranged.sort_unstable();
    let mut reach: Option<(i64, usize)> = None;
    for (lo, hi, i) in ranged {
        match reach {
            Some((far, j)) if lo <= far => {
                // Name the one defined first in the catalog first, and point at the later one.
                let (a, b) = if j < i {
                    (&categories[j], &categories[i])
                } else {
                    (&categories[i], &categories[j])
                };
                diags.push(
                    Diagnostic::error(
                        Rule::OverlappingRanges,
                        format!(
                            "code ranges of categories `{}` and `{}` overlap",
                            a.id, b.id
                        ),
                    )
                    .on(places[&b.id].value("codes"))
                    .also_on(
                        places[&a.id].value("codes"),
                        &format!("range of `{}`", a.id),
                    )
                    .help("give each category its own range of codes"),
                );
                if hi > far {
                    reach = Some((hi, i));
                }
            }
            _ => reach = Some((hi, i)),
        }
    }
}
