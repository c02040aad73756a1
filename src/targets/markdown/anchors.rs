//! The explicit anchors of the page: those the template always writes, and an error's code
//! anchor when its `docs_url` points at `#<code>`.

use super::code_text;
use crate::catalog::{Catalog, CatalogError};
use std::collections::BTreeSet;

/// The anchors the page template writes whatever the catalog: a code anchor never takes one.
pub(super) fn taken_anchors(catalog: &Catalog) -> BTreeSet<String> {
    let mut taken: BTreeSet<String> = ["envelope", "retired-errors"]
        .into_iter()
        .map(str::to_owned)
        .collect();
    taken.extend(
        catalog
            .categories
            .iter()
            .map(|c| format!("category-{}", c.id)),
    );
    for e in &catalog.errors {
        taken.insert(e.name.clone());
        taken.extend(e.aliases.iter().cloned());
    }
    taken.extend(catalog.retired.iter().map(|r| r.name.clone()));
    taken
}

/// The anchor an error's `docs_url` points at when it is the error's code (percent-decoded, as
/// a browser matches it), if no other anchor has that id and the code has no control character.
pub(super) fn code_anchor(e: &CatalogError, taken: &BTreeSet<String>) -> Option<String> {
    let (_, fragment) = e.docs_url.as_deref()?.split_once('#')?;
    let fragment = percent_encoding::percent_decode_str(fragment)
        .decode_utf8()
        .ok()?;
    let code = code_text(e.code.as_ref()?);
    // A control character (a line break) could end the anchor's line or paragraph.
    let fits = !code.chars().any(char::is_control);
    (fragment == code && fits && !taken.contains(&code)).then(|| html_attr(&code))
}

/// Text for a double-quoted HTML (and JSX) attribute value.
fn html_attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}
