//! Which page of the reference holds what, for each [`MarkdownLayout`], and the relative links
//! between pages. Pages live under the target's output folder: the index (or the single page)
//! is `errors.md`, the others `errors/<category>.md` or `errors/<name>.md`, so a link from one
//! page to another never depends on where the folder is published.

use crate::catalog::Catalog;
use crate::targets::options::MarkdownLayout;
use std::collections::BTreeMap;

/// The index page, or the single page.
pub const INDEX: &str = "errors.md";

/// Where every live error and every category is shown in one layout.
pub struct Site<'a> {
    pub layout: MarkdownLayout,
    /// The category of each live error name and alias.
    category_of: BTreeMap<&'a str, &'a str>,
    /// The error name of each alias.
    alias_of: BTreeMap<&'a str, &'a str>,
}

impl<'a> Site<'a> {
    pub fn new(catalog: &'a Catalog, layout: MarkdownLayout) -> Site<'a> {
        let mut category_of = BTreeMap::new();
        let mut alias_of = BTreeMap::new();
        for e in &catalog.errors {
            category_of.insert(e.name.as_str(), e.category.as_str());
            for a in &e.aliases {
                category_of.insert(a.as_str(), e.category.as_str());
                alias_of.insert(a.as_str(), e.name.as_str());
            }
        }
        Site {
            layout,
            category_of,
            alias_of,
        }
    }

    /// The page holding the section of the live error `name`.
    pub fn error_page(&self, name: &str) -> String {
        match self.layout {
            MarkdownLayout::Single => INDEX.to_owned(),
            MarkdownLayout::Category => match self.category_of.get(name) {
                Some(category) => category_page(category),
                None => INDEX.to_owned(),
            },
            MarkdownLayout::Error => {
                format!("errors/{}.md", self.alias_of.get(name).unwrap_or(&name))
            }
        }
    }

    /// The page holding the section of category `id` (its heading and table).
    pub fn category_page(&self, id: &str) -> String {
        match self.layout {
            MarkdownLayout::Category => category_page(id),
            MarkdownLayout::Single | MarkdownLayout::Error => INDEX.to_owned(),
        }
    }

    /// The link from page `from` to the section of the live error `name`.
    pub fn error_href(&self, from: &str, name: &str) -> String {
        href(from, &self.error_page(name), name)
    }
}

fn category_page(id: &str) -> String {
    format!("errors/{id}.md")
}

/// The link from page `from` to `anchor` on page `to`: the anchor alone on the same page, else
/// the relative path of `to` (pages are `errors.md` and `errors/<x>.md`) and the anchor.
pub fn href(from: &str, to: &str, anchor: &str) -> String {
    if from == to {
        return format!("#{anchor}");
    }
    let path = match (from.split_once('/'), to.split_once('/')) {
        // From a sub page to another: a sibling.
        (Some(_), Some((_, file))) => file.to_owned(),
        // From a sub page up to the index.
        (Some(_), None) => format!("../{to}"),
        (None, _) => to.to_owned(),
    };
    if anchor.is_empty() {
        path
    } else {
        format!("{path}#{anchor}")
    }
}

#[cfg(test)]
mod tests {
    use super::href;

    #[test]
    fn links_are_relative_between_pages() {
        assert_eq!(href("errors.md", "errors.md", "x"), "#x");
        assert_eq!(href("errors.md", "errors/a.md", "x"), "errors/a.md#x");
        assert_eq!(href("errors/a.md", "errors/b.md", "x"), "b.md#x");
        assert_eq!(href("errors/a.md", "errors.md", "x"), "../errors.md#x");
        assert_eq!(href("errors/a.md", "errors.md", ""), "../errors.md");
    }
}
