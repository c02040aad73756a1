//! Replacements: a deprecation or a tombstone names a live, current error, not one that is
//! itself deprecated or retired (a chain readers must follow), and never around in a cycle.

use super::Hints;
use super::place::{At, On, Place};
use crate::diagnostic::Diagnostic;
use crate::model;
use crate::rule::Rule;
use std::collections::{HashMap, HashSet};

/// Deprecations and tombstones point at a live, current error: not at a deprecated or retired
/// one (a chain readers must follow), and never around in a cycle. A deprecation should say
/// what to use instead.
pub(crate) fn check_replacements(
    diags: &mut Vec<Diagnostic>,
    all: &[(Place, &model::ErrorDef)],
    retired: &[(Place, &model::RetiredDef)],
    retired_names: &HashSet<&str>,
    complete: bool,
    broken: &HashSet<&str>,
    hints: &Hints,
) {
    let live: HashMap<&str, &model::ErrorDef> =
        all.iter().map(|(_, e)| (e.name.as_str(), *e)).collect();
    let successor_of_retired: HashMap<&str, Option<&str>> = retired
        .iter()
        .map(|(_, r)| {
            (
                r.name.as_str(),
                r.replaced_by.as_deref().or(r.merged_into.as_deref()),
            )
        })
        .collect();
    let next = |name: &str| -> Option<String> {
        match live.get(name) {
            Some(e) => e.deprecated.as_ref().and_then(|d| d.replaced_by.clone()),
            None => successor_of_retired
                .get(name)
                .copied()
                .flatten()
                .map(str::to_owned),
        }
    };
    let is_stale = |name: &str| {
        live.get(name).is_some_and(|e| e.deprecated.is_some()) || retired_names.contains(name)
    };

    for (place, e) in all {
        let Some(dep) = &e.deprecated else { continue };
        let dplace = place.child("deprecated");
        let Some(target) = &dep.replaced_by else {
            diags.push(
                Diagnostic::warning(
                    Rule::DeprecatedWithoutReplacement,
                    format!(
                        "deprecated error `{}` does not say what replaces it",
                        e.name
                    ),
                )
                .on(place.key("deprecated"))
                .help("add `replaced_by: <error>` so clients know what to switch to")
                .about(&e.name),
            );
            continue;
        };
        if target != &e.name && is_stale(target) {
            diags.push(chain(&e.name, target, &next, dplace.value("replaced_by")));
        }
    }
    for (place, r) in retired {
        for field in ["replaced_by", "merged_into"] {
            let target = if field == "replaced_by" {
                &r.replaced_by
            } else {
                &r.merged_into
            };
            let Some(target) = target else { continue };
            let at = place.value(field);
            if target == &r.name {
                diags.push(
                    Diagnostic::error(
                        Rule::BadReplacement,
                        format!("`{}` cannot be replaced by itself", r.name),
                    )
                    .on(at)
                    .help("name the live error that took its place, or remove the field"),
                );
            } else if is_stale(target) {
                diags.push(chain(&r.name, target, &next, at));
            } else if complete
                && !live.contains_key(target.as_str())
                && !broken.contains(target.as_str())
            {
                let known: Vec<String> = live.keys().map(|s| s.to_string()).collect();
                let mut d = Diagnostic::error(
                    Rule::UnknownReplacement,
                    format!("`{field}` names unknown error `{target}`"),
                )
                .on(at);
                if let Some(best) = hints.nearest(target, &known) {
                    d = d.help(format!("did you mean `{best}`?"));
                }
                diags.push(d);
            }
        }
    }
}

/// A replacement naming a deprecated or retired error: a cycle back to `from`, or a chain whose
/// end is the error to name instead.
fn chain(from: &str, target: &str, next: &dyn Fn(&str) -> Option<String>, at: At) -> Diagnostic {
    let mut path = vec![from.to_owned(), target.to_owned()];
    let mut seen: HashSet<String> = path.iter().cloned().collect();
    let mut end = target.to_owned();
    let mut cycle = false;
    while let Some(n) = next(&end) {
        path.push(n.clone());
        if n == from {
            cycle = true;
            break;
        }
        if !seen.insert(n.clone()) {
            break;
        }
        end = n;
    }
    let shown = path
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(" → ");
    let d = if cycle {
        Diagnostic::error(
            Rule::ReplacementChain,
            format!("replacements form a cycle: {shown}"),
        )
        .on(at)
        .help("point each replacement at a live error that is not deprecated")
    } else {
        let d = Diagnostic::error(
            Rule::ReplacementChain,
            format!("`{target}` is itself deprecated or retired: {shown}"),
        )
        .on(at);
        if end != target {
            d.help(format!("name `{end}` directly"))
        } else {
            d.help(format!(
                "name a live error that is not deprecated; `{target}` has no replacement"
            ))
        }
    };
    d.about(from)
}
