//! `errcat next-code <category>`: the next free code of a category; `--gaps`: each category's
//! range, highest code, unused codes below it and next code.

use super::{CatalogArg, EXIT_USAGE, Format, error, load};
use crate::console::outln;
use errcat::next_code::{Codes, NoCode, codes, show_runs};
use std::process::ExitCode;

pub(super) fn next_code(catalog_arg: &CatalogArg, category: Option<&str>, gaps: bool) -> ExitCode {
    let loaded = match load(catalog_arg, Format::Human, false) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let Some(catalog) = loaded.catalog.as_ref() else {
        return ExitCode::from(super::EXIT_PROBLEMS);
    };
    let ids: Vec<String> = match (category, gaps) {
        (Some(c), _) => vec![c.to_owned()],
        (None, true) => catalog.categories.iter().map(|c| c.id.clone()).collect(),
        (None, false) => {
            error(format_args!(
                "name a category: `errcat next-code <category>`, or list every category's gaps with `--gaps`"
            ));
            return ExitCode::from(EXIT_USAGE);
        }
    };
    for id in &ids {
        let found = match codes(catalog, id) {
            Ok(c) => c,
            Err(NoCode::UnknownCategory(known)) => {
                error(format_args!("no category `{id}` in the catalog"));
                let hint = errcat::structure::nearest(id, &known)
                    .map(|b| format!("did you mean `{b}`?"))
                    .unwrap_or_else(|| {
                        let listed: Vec<String> = known.iter().map(|k| format!("`{k}`")).collect();
                        format!("categories: {}", listed.join(", "))
                    });
                crate::console::errln!(
                    "  = help: {}",
                    errcat::terminal::safe(&hint, errcat::terminal::Lines::Escape)
                );
                return ExitCode::from(EXIT_USAGE);
            }
            Err(NoCode::NotIntegers(_)) => {
                error(format_args!(
                    "the catalog's codes are not integers; `next-code` counts integer codes"
                ));
                return ExitCode::from(EXIT_USAGE);
            }
            Err(NoCode::NoStart) if gaps => {
                outln!("{id}: no range and no code yet");
                continue;
            }
            Err(NoCode::NoStart) => {
                error(format_args!(
                    "category `{id}` has no `codes:` range and no error with a code, so nothing says where its codes start"
                ));
                crate::console::errln!(
                    "  = help: give the category a range: `codes: [first, last]`"
                );
                return ExitCode::from(EXIT_USAGE);
            }
        };
        if gaps {
            outln!("{}", gap_line(&found));
        } else if let Some(next) = found.next {
            outln!("{next}");
        } else {
            error(format_args!(
                "category `{id}` has no free code left in its range [{}, {}]",
                found.range.map_or(0, |r| r.0),
                found.range.map_or(0, |r| r.1)
            ));
            crate::console::errln!("  = help: widen the category's `codes:` range");
            return ExitCode::from(super::EXIT_PROBLEMS);
        }
    }
    ExitCode::SUCCESS
}

/// `auth [4100, 4199]: 12 codes, highest 4112; unused: 4105, 4107-4109; next 4113`.
fn gap_line(c: &Codes) -> String {
    let range = c
        .range
        .map(|(lo, hi)| format!(" [{lo}, {hi}]"))
        .unwrap_or_else(|| " (no range)".to_owned());
    let highest = c
        .highest
        .map(|h| format!(", highest {h}"))
        .unwrap_or_default();
    let unused = if c.gaps.is_empty() {
        "none".to_owned()
    } else {
        show_runs(&c.gaps)
    };
    let next = match (c.next, c.next_in_gap) {
        (Some(n), false) => format!("next {n}"),
        (Some(n), true) => format!(
            "next {n} (the range above {} is full)",
            c.highest.unwrap_or_default()
        ),
        (None, _) => "no free code left".to_owned(),
    };
    format!(
        "{}{range}: {} code{}{highest}; unused: {unused}; {next}",
        c.category,
        c.used,
        super::plural(c.used)
    )
}
