//! Free codes of a category: the next code to give a new error (`errcat next-code`) and the
//! unused codes below a category's highest one (`errcat next-code --gaps`).
//!
//! A code is taken when a live error or a retired error has it, or a `reserved:` entry holds
//! it. A category with a `codes:` range draws from that range; one without draws above its own
//! highest code, skipping other categories' ranges.

use crate::catalog::{Catalog, Category, Code, CodeKind};
use std::collections::BTreeSet;

/// A category's codes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Codes {
    pub category: String,
    pub range: Option<(i64, i64)>,
    /// Codes of the category's live errors, and retired codes inside its range.
    pub used: usize,
    pub highest: Option<i64>,
    /// Free codes between the category's lowest (its range's start, else its lowest code) and
    /// its highest code, as inclusive runs.
    pub gaps: Vec<(i64, i64)>,
    /// The next code: the first free one above the highest, else the first gap.
    pub next: Option<i64>,
    /// `next` lies in a gap because the range above the highest code is full.
    pub next_in_gap: bool,
}

/// Why a category has no next code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoCode {
    UnknownCategory(Vec<String>),
    NotIntegers(CodeKind),
    /// A category without a range and without errors: nothing says where its codes start.
    NoStart,
}

struct Taken {
    singles: BTreeSet<i64>,
    /// Reserved ranges and other categories' ranges.
    ranges: Vec<(i64, i64)>,
}

impl Taken {
    /// The first taken code after the free code `free`, if any.
    fn next_taken(&self, free: i64) -> Option<i64> {
        let single = self.singles.range(free..).next().copied();
        let range = self
            .ranges
            .iter()
            .map(|&(lo, _)| lo)
            .filter(|&lo| lo > free)
            .min();
        match (single, range) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// The first free code in `[from, to]`, jumping over ranges.
    fn first_free(&self, from: i64, to: i64) -> Option<i64> {
        let mut c = from;
        while c <= to {
            if let Some(&(_, hi)) = self.ranges.iter().find(|&&(lo, hi)| (lo..=hi).contains(&c)) {
                c = hi.checked_add(1)?;
            } else if self.singles.contains(&c) {
                c = c.checked_add(1)?;
            } else {
                return Some(c);
            }
        }
        None
    }
}

/// The codes of `category` in `catalog`.
pub fn codes(catalog: &Catalog, category: &str) -> Result<Codes, NoCode> {
    let Some(cat) = catalog.category(category) else {
        return Err(NoCode::UnknownCategory(
            catalog.categories.iter().map(|c| c.id.clone()).collect(),
        ));
    };
    if catalog.code_kind == CodeKind::String
        || (catalog.code_kind == CodeKind::None
            && !catalog
                .retired
                .iter()
                .any(|r| matches!(r.code, Some(Code::Int(_)))))
    {
        return Err(NoCode::NotIntegers(catalog.code_kind));
    }
    let int = |c: &Option<Code>| match c {
        Some(Code::Int(i)) => Some(*i),
        _ => None,
    };
    let mut taken = Taken {
        singles: catalog
            .errors
            .iter()
            .filter_map(|e| int(&e.code))
            .chain(catalog.retired.iter().filter_map(|r| int(&r.code)))
            .chain(catalog.reserved.iter().filter_map(|r| int(&r.code)))
            .collect(),
        ranges: catalog.reserved.iter().filter_map(|r| r.codes).collect(),
    };
    if cat.codes.is_none() {
        taken.ranges.extend(other_ranges(catalog, cat));
    }
    let mut mine: BTreeSet<i64> = catalog
        .errors
        .iter()
        .filter(|e| e.category == cat.id)
        .filter_map(|e| int(&e.code))
        .collect();
    if let Some((lo, hi)) = cat.codes {
        mine.extend(
            catalog
                .retired
                .iter()
                .filter_map(|r| int(&r.code))
                .filter(|c| (lo..=hi).contains(c)),
        );
    }
    let highest = mine.last().copied();
    let (start, end) = match (cat.codes, highest) {
        (Some((lo, hi)), _) => (lo, hi),
        (None, Some(h)) => (*mine.first().unwrap_or(&h), i64::MAX),
        (None, None) => return Err(NoCode::NoStart),
    };
    let mut gaps = Vec::new();
    if let Some(h) = highest {
        let mut c = start;
        while let Some(free) = taken.first_free(c, h) {
            let last = taken.next_taken(free).map_or(h, |t| (t - 1).min(h));
            gaps.push((free, last));
            match last.checked_add(1) {
                Some(n) => c = n,
                None => break,
            }
        }
    }
    let above = highest.map_or(Some(start), |h| h.checked_add(1));
    let mut next = above.and_then(|a| taken.first_free(a, end));
    let mut next_in_gap = false;
    if next.is_none()
        && let Some(&(g, _)) = gaps.first()
    {
        next = Some(g);
        next_in_gap = true;
    }
    Ok(Codes {
        category: cat.id.clone(),
        range: cat.codes,
        used: mine.len(),
        highest,
        gaps,
        next,
        next_in_gap,
    })
}

fn other_ranges<'a>(
    catalog: &'a Catalog,
    cat: &'a Category,
) -> impl Iterator<Item = (i64, i64)> + 'a {
    catalog
        .categories
        .iter()
        .filter(move |c| c.id != cat.id)
        .filter_map(|c| c.codes)
}

/// `4105, 4107-4109`.
pub fn show_runs(runs: &[(i64, i64)]) -> String {
    runs.iter()
        .map(|&(a, b)| {
            if a == b {
                a.to_string()
            } else {
                format!("{a}-{b}")
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}
