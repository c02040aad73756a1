//! The changes as a changelog section in Markdown (`errcat diff --format markdown`): one
//! heading for the new version, then the changes grouped as readers of a changelog look for
//! them.

use super::{Report, is_breaking};
use crate::rule::Rule;

/// Which changes a group holds.
type Holds = fn(Rule) -> bool;

/// The groups of a changelog section, in order, and which changes each holds.
const GROUPS: &[(&str, Holds)] = &[
    ("Breaking", is_breaking),
    ("Added", |r| {
        matches!(r, Rule::ErrorAdded | Rule::AliasAdded)
    }),
    ("Deprecated", |r| r == Rule::DeprecationChanged),
    ("Retired", |r| r == Rule::ErrorRetired),
    ("Changed", |r| {
        matches!(r, Rule::TextChanged | Rule::ReservationChanged)
    }),
];

/// `## <catalog> <version>` and one `###` list per group that has changes.
pub fn markdown(report: &Report, catalog_name: &str) -> String {
    let mut out = format!("## {catalog_name} {}\n", report.new_version);
    if report.changes.is_empty() {
        out.push_str("\nNo changes.\n");
        return out;
    }
    for (title, holds) in GROUPS {
        let items: Vec<&str> = report
            .changes
            .iter()
            .filter(|d| holds(d.rule))
            .map(|d| d.message.as_str())
            .collect();
        if items.is_empty() {
            continue;
        }
        out.push_str(&format!("\n### {title}\n\n"));
        for item in items {
            out.push_str(&format!("- {}\n", escape(item)));
        }
    }
    out
}

/// Change messages hold names and codes in backticks and plain words; only a character that
/// would start markdown outside a code span is escaped.
fn escape(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut in_code = false;
    for c in message.chars() {
        if c == '`' {
            in_code = !in_code;
        } else if !in_code && matches!(c, '*' | '_' | '[' | ']' | '<' | '>' | '\\' | '|') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
