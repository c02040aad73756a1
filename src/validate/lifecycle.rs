//! The catalog's lifecycle: retired errors (tombstones), reserved codes and names, and aliases.
//! Replacement chains are in `replacements`, `retryable` and duplicate messages in
//! `consistency`.
//!
//! Every code and name lives in one namespace whatever holds it: a live error, an alias, a
//! retired error or a reservation. A collision between two of them is a diagnostic at the later
//! one (live errors count as first), naming the earlier.

use super::codes::show_code;
use super::entry::check_semver;
use super::names::{self, Named};
use super::place::{At, On, Place};
use crate::catalog::{Code, CodeKind, Reserved, Retired};
use crate::diagnostic::Diagnostic;
use crate::lang::NameKind;
use crate::model;
use crate::rule::Rule;
use std::collections::{HashMap, HashSet};

/// What the rest of validation needs from the catalog's lifecycle entries.
pub(crate) struct Lifecycle<'a> {
    pub retired: Vec<Retired>,
    pub reserved: Vec<Reserved>,
    /// Every alias with its place, for the identifier checks of error names.
    pub aliases: Vec<Named<'a>>,
    /// Names of retired errors: a `replaced_by` naming one is a chain, not an unknown name.
    pub retired_names: HashSet<&'a str>,
}

/// Who holds a code or name first.
#[derive(Clone)]
struct Holder<'a> {
    at: At,
    /// `error `x``, `alias of `x``, `retired error `x``.
    what: String,
    retired: bool,
    subject: Option<&'a str>,
}

/// Checks the `retired:` and `reserved:` lists and every alias against the live errors and each
/// other.
pub(crate) fn check<'a>(
    diags: &mut Vec<Diagnostic>,
    all: &'a [(Place<'a>, &'a model::ErrorDef)],
    retired: &'a [(Place<'a>, &'a model::RetiredDef)],
    reserved: &'a [(Place<'a>, &'a model::ReservedDef)],
    code_kind: CodeKind,
) -> Lifecycle<'a> {
    let mut names: HashMap<&str, Holder> = HashMap::new();
    let mut codes: HashMap<&model::Code, Holder> = HashMap::new();
    // Live errors are first; their own duplicates are reported elsewhere.
    for (place, e) in all {
        let holder = Holder {
            at: place.value("name"),
            what: format!("error `{}`", e.name),
            retired: false,
            subject: Some(&e.name),
        };
        names.entry(&e.name).or_insert_with(|| holder.clone());
        if let Some(code) = &e.code {
            codes.entry(code).or_insert(Holder {
                at: place.value("code"),
                ..holder
            });
        }
    }

    let mut aliases = Vec::new();
    for (place, e) in all {
        let list = place.child("aliases");
        for (i, alias) in e.aliases.iter().enumerate() {
            let at = list.value(&i.to_string());
            names::check_snake(diags, alias, NameKind::Error, at);
            let holder = Holder {
                at,
                what: format!("alias of `{}`", e.name),
                retired: false,
                subject: Some(&e.name),
            };
            claim_name(diags, &mut names, alias, holder, "alias");
            aliases.push(Named {
                name: alias,
                at,
                subject: Some(&e.name),
            });
        }
    }

    let mut out_retired = Vec::new();
    let mut retired_names = HashSet::new();
    for (place, r) in retired {
        retired_names.insert(r.name.as_str());
        names::check_snake(diags, &r.name, NameKind::Error, place.value("name"));
        if let Some(since) = &r.since {
            check_semver(diags, since, "`since`", place.value("since"));
        }
        let holder = Holder {
            at: place.value("name"),
            what: format!("retired error `{}`", r.name),
            retired: true,
            subject: None,
        };
        claim_name(diags, &mut names, &r.name, holder.clone(), "retired error");
        if let Some(code) = &r.code {
            check_code_kind(diags, place, code, code_kind);
            claim_code(
                diags,
                &mut codes,
                code,
                Holder {
                    at: place.value("code"),
                    ..holder
                },
            );
        }
        if r.replaced_by.is_some() && r.merged_into.is_some() {
            diags.push(
                Diagnostic::error(
                    Rule::BadReplacement,
                    format!(
                        "retired error `{}` has both `replaced_by` and `merged_into`",
                        r.name
                    ),
                )
                .on(place.key("merged_into"))
                .help(
                    "keep `merged_into` when the error became part of another, else `replaced_by`",
                ),
            );
        }
        out_retired.push(Retired {
            name: r.name.clone(),
            code: r.code.as_ref().map(ir_code),
            since: r.since.clone(),
            replaced_by: r.replaced_by.clone(),
            merged_into: r.merged_into.clone(),
            reason: r.reason.clone(),
        });
    }

    let out_reserved = check_reserved(diags, reserved, &names, &codes);
    Lifecycle {
        retired: out_retired,
        reserved: out_reserved,
        aliases,
        retired_names,
    }
}

fn ir_code(code: &model::Code) -> Code {
    match code {
        model::Code::Int(i) => Code::Int(*i),
        model::Code::Str(s) => Code::Str(s.clone()),
    }
}

/// A retired error's code has the catalog's kind of code.
fn check_code_kind(diags: &mut Vec<Diagnostic>, place: &Place, code: &model::Code, kind: CodeKind) {
    let found = match (code, kind) {
        (model::Code::Int(_), CodeKind::String) => "an integer",
        (model::Code::Str(_), CodeKind::Integer) => "a string",
        _ => return,
    };
    diags.push(
        Diagnostic::error(
            Rule::MixedCodeKinds,
            format!(
                "retired code `{}` is {found}, unlike the catalog's codes",
                show_code(code)
            ),
        )
        .on(place.value("code"))
        .help("write the code the error had, in the kind every error of the catalog uses"),
    );
}

/// Records `name` for `holder`, or reports it taken.
fn claim_name<'a>(
    diags: &mut Vec<Diagnostic>,
    names: &mut HashMap<&'a str, Holder<'a>>,
    name: &'a str,
    holder: Holder<'a>,
    role: &str,
) {
    let Some(first) = names.get(name) else {
        names.insert(name, holder);
        return;
    };
    if first.retired != holder.retired {
        let (live, retired) = if holder.retired {
            (first, &holder)
        } else {
            (&holder, first)
        };
        diags.push(retired_reused(live, retired, &format!("name `{name}`")));
        return;
    }
    let mut d = Diagnostic::error(
        Rule::DuplicateName,
        format!("{role} `{name}` is also the name of {}", first.what),
    )
    .on(holder.at)
    .also_on(first.at, "first used here")
    .help("every error, alias and retired error needs its own name");
    if let Some(s) = holder.subject {
        d = d.about(s);
    }
    diags.push(d);
}

/// Records a retired error's `code`, or reports it taken.
fn claim_code<'a>(
    diags: &mut Vec<Diagnostic>,
    codes: &mut HashMap<&'a model::Code, Holder<'a>>,
    code: &'a model::Code,
    holder: Holder<'a>,
) {
    let Some(first) = codes.get(code) else {
        codes.insert(code, holder);
        return;
    };
    let shown = format!("code `{}`", show_code(code));
    if !first.retired {
        diags.push(retired_reused(first, &holder, &shown));
        return;
    }
    diags.push(
        Diagnostic::error(
            Rule::DuplicateCode,
            format!("retired {shown} is also the code of {}", first.what),
        )
        .on(holder.at)
        .also_on(first.at, "first used here")
        .help("each retired error keeps the code it had; two cannot share one"),
    );
}

/// A live error or alias holding what a retired error held: reported at the live one.
fn retired_reused(live: &Holder, retired: &Holder, what: &str) -> Diagnostic {
    let mut d = Diagnostic::error(
        Rule::RetiredReused,
        format!("{} takes the {what} of {}", live.what, retired.what),
    )
    .on(live.at)
    .also_on(retired.at, "retired here")
    .help("a retired code or name is never used again, so old clients cannot mistake one error for another; pick another");
    if let Some(s) = live.subject {
        d = d.about(s);
    }
    d
}

/// One `reserved:` entry as checked: what it reserves and where.
struct Reservation<'a> {
    place: &'a Place<'a>,
    def: &'a model::ReservedDef,
}

/// The `reserved:` entries: well-formed, not overlapping each other, and used by nothing.
fn check_reserved<'a>(
    diags: &mut Vec<Diagnostic>,
    reserved: &'a [(Place<'a>, &'a model::ReservedDef)],
    names: &HashMap<&'a str, Holder<'a>>,
    codes: &HashMap<&'a model::Code, Holder<'a>>,
) -> Vec<Reserved> {
    let mut out = Vec::new();
    let mut good: Vec<Reservation> = Vec::new();
    for (place, r) in reserved {
        let set = [r.code.is_some(), r.codes.is_some(), r.name.is_some()]
            .iter()
            .filter(|b| **b)
            .count();
        if set != 1 {
            let (file, span) = (place.file.file, place.file.locator.key(&place.pointer));
            diags.push(
                Diagnostic::error(
                    Rule::BadReserved,
                    if set == 0 {
                        "this `reserved:` entry reserves nothing".to_owned()
                    } else {
                        "this `reserved:` entry reserves more than one thing".to_owned()
                    },
                )
                .at(file, span)
                .help("write one entry per code (`code: 4999`), range (`codes: [5000, 5099]`) or name (`name: old_name`), each with its `reason`"),
            );
            continue;
        }
        if let Some([lo, hi]) = r.codes
            && lo > hi
        {
            diags.push(
                Diagnostic::error(
                    Rule::BadCodeRange,
                    format!("code range [{lo}, {hi}] is empty"),
                )
                .on(place.value("codes"))
                .help("write the range as `[first, last]` with first <= last"),
            );
            continue;
        }
        if let Some(name) = &r.name {
            names::check_snake(diags, name, NameKind::Error, place.value("name"));
        }
        out.push(Reserved {
            code: r.code.as_ref().map(ir_code),
            codes: r.codes.map(|[lo, hi]| (lo, hi)),
            name: r.name.clone(),
            reason: r.reason.clone(),
        });
        good.push(Reservation { place, def: r });
    }

    // Names.
    let mut reserved_names: HashMap<&str, &Reservation> = HashMap::new();
    for res in &good {
        let Some(name) = &res.def.name else { continue };
        if let Some(first) = reserved_names.get(name.as_str()) {
            diags.push(
                Diagnostic::error(
                    Rule::DuplicateName,
                    format!("name `{name}` is reserved twice"),
                )
                .on(res.place.value("name"))
                .also_on(first.place.value("name"), "first reserved here")
                .help("keep one of the two entries"),
            );
            continue;
        }
        reserved_names.insert(name, res);
        if let Some(holder) = names.get(name.as_str()) {
            reserved_used(diags, holder, &format!("name `{name}`"), res.place, "name");
        }
    }

    // Codes: single codes and ranges, as inclusive intervals for integers.
    let mut strings: HashMap<&model::Code, &Reservation> = HashMap::new();
    let mut intervals: Vec<(i64, i64, usize)> = Vec::new();
    for (i, res) in good.iter().enumerate() {
        match (&res.def.code, res.def.codes) {
            (Some(model::Code::Int(c)), _) => intervals.push((*c, *c, i)),
            (_, Some([lo, hi])) => intervals.push((lo, hi, i)),
            (Some(code), None) => {
                if let Some(first) = strings.get(code) {
                    diags.push(
                        Diagnostic::error(
                            Rule::DuplicateCode,
                            format!("code `{}` is reserved twice", show_code(code)),
                        )
                        .on(res.place.value("code"))
                        .also_on(first.place.value("code"), "first reserved here")
                        .help("keep one of the two entries"),
                    );
                } else {
                    strings.insert(code, res);
                    if let Some(holder) = codes.get(code) {
                        let what = format!("code `{}`", show_code(code));
                        reserved_used(diags, holder, &what, res.place, "code");
                    }
                }
            }
            (None, None) => {}
        }
    }
    intervals.sort_unstable();
    // Overlaps, in one sweep over intervals sorted by their start.
    let mut reach: Option<(i64, usize)> = None;
    for &(lo, hi, i) in &intervals {
        match reach {
            Some((far, j)) if lo <= far => {
                let field = |r: &Reservation| {
                    if r.def.codes.is_some() {
                        "codes"
                    } else {
                        "code"
                    }
                };
                diags.push(
                    Diagnostic::error(Rule::DuplicateCode, format!("code {lo} is reserved twice"))
                        .on(good[i].place.value(field(&good[i])))
                        .also_on(good[j].place.value(field(&good[j])), "also reserved here")
                        .help("merge the two entries, or make their codes disjoint"),
                );
                if hi > far {
                    reach = Some((hi, i));
                }
            }
            _ => reach = Some((hi, i)),
        }
    }
    // Codes in use that fall in a reservation: a binary search over the sorted starts, with the
    // furthest end so far, keeps this O(n log m) for n codes and m reservations.
    let mut furthest: Vec<(i64, usize)> = Vec::with_capacity(intervals.len());
    for &(_, hi, i) in &intervals {
        let best = match furthest.last() {
            Some(&(far, j)) if far >= hi => (far, j),
            _ => (hi, i),
        };
        furthest.push(best);
    }
    let mut used: Vec<(&&model::Code, &Holder)> = codes.iter().collect();
    used.sort_by_key(|(_, h)| (h.at.0, h.at.1.offset));
    for (code, holder) in used {
        let model::Code::Int(c) = code else { continue };
        let n = intervals.partition_point(|&(lo, _, _)| lo <= *c);
        if n == 0 {
            continue;
        }
        let (far, i) = furthest[n - 1];
        if far < *c {
            continue;
        }
        let res = &good[i];
        let field = if res.def.codes.is_some() {
            "codes"
        } else {
            "code"
        };
        reserved_used(diags, holder, &format!("code {c}"), res.place, field);
    }
    out
}

fn reserved_used(
    diags: &mut Vec<Diagnostic>,
    holder: &Holder,
    what: &str,
    place: &Place,
    field: &str,
) {
    let mut d = Diagnostic::error(
        Rule::ReservedUsed,
        format!("{} takes reserved {what}", holder.what),
    )
    .on(holder.at)
    .also_on(place.value(field), "reserved here")
    .help("reserved codes and names are never used; pick another");
    if let Some(s) = holder.subject {
        d = d.about(s);
    }
    diags.push(d);
}
