//! Where rustfmt breaks the lines of the generated module, for the places whose layout depends
//! on a width: a string literal too long for its line, the `ALL` list, `#[deprecated]`
//! arguments. The rules are rustfmt's defaults, measured as rustfmt measures
//! (`crate::width::rustfmt`) and checked by `tests/rust.rs` at every boundary.

use crate::filters::rust_str;
use serde::Serialize;
use serde::ser::{SerializeStruct, Serializer};

/// rustfmt's default `max_width`.
pub(super) const MAX_WIDTH: usize = 100;
/// rustfmt's default `array_width`: wider array contents go one item per line.
pub(super) const ARRAY_WIDTH: usize = 60;
/// rustfmt's default `attr_fn_like_width`: wider attribute arguments go one per line.
pub(super) const ATTR_FN_LIKE_WIDTH: usize = 70;
/// Indentation of the fields of a table entry (`ENTRIES`, `CATEGORIES`).
pub(super) const ENTRY_INDENT: usize = 8;

/// An array of struct literals in a table entry: rustfmt writes a single struct as `&[X {`
/// (fields one level deeper than the entry's) and several one per line (two levels deeper).
#[derive(Serialize)]
pub(super) struct Nested<T> {
    pub(super) single: bool,
    pub(super) items: Vec<T>,
}

/// A string literal and the whitespace rustfmt puts around it. `pre` goes between `field:` (or
/// `Some(`) and the literal, `post` between the literal and the closing `)` of a `Some`; `code`
/// is the three together with `text` escaped by `rust_str`, which the built-in templates print
/// (the literal is escaped once, here, where its width is measured anyway). The parts are
/// handed to templates only when one is overridden (see [`context`]).
pub(super) struct Lit<'a> {
    pub(super) text: &'a str,
    pub(super) pre: String,
    pub(super) post: String,
    pub(super) code: String,
    /// The parts are handed over in every case: a built-in template prints `text` (in a
    /// comment).
    printed_text: bool,
}

impl<'a> Lit<'a> {
    /// `field: "text",` in a struct literal whose fields are at `indent`: on one line when it
    /// fits, else the literal on the next line.
    pub(super) fn field(indent: usize, field: &str, text: &'a str) -> Lit<'a> {
        let literal = rust_str(text);
        Lit::new(
            text,
            field_sep(indent, field, width(&literal)),
            literal,
            String::new(),
        )
    }

    /// `field: Some("text"),`: on one line when it fits, else the literal alone on a line
    /// inside `Some(` ... `),`.
    pub(super) fn some(indent: usize, field: &str, text: &'a str) -> Lit<'a> {
        let literal = rust_str(text);
        let line = indent + field.len() + ": Some(".len() + width(&literal) + "),".len();
        if line <= MAX_WIDTH {
            Lit::new(text, String::new(), literal, String::new())
        } else {
            Lit::new(
                text,
                newline(indent + 4),
                literal,
                format!(",{}", newline(indent)),
            )
        }
    }

    fn new(text: &'a str, pre: String, literal: String, post: String) -> Lit<'a> {
        let code = if pre.is_empty() && post.is_empty() {
            literal
        } else {
            format!("{pre}{literal}{post}")
        };
        Lit {
            text,
            pre,
            post,
            code,
            printed_text: false,
        }
    }

    /// This literal with its parts handed to every template, for one whose `text` a built-in
    /// template prints.
    pub(super) fn with_text(mut self) -> Lit<'a> {
        self.printed_text = true;
        self
    }
}

impl Serialize for Lit<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if !self.printed_text && !crate::targets::context::for_override() {
            let mut out = serializer.serialize_struct("Lit", 1)?;
            out.serialize_field("code", &self.code)?;
            return out.end();
        }
        let mut out = serializer.serialize_struct("Lit", 4)?;
        out.serialize_field("text", self.text)?;
        out.serialize_field("pre", &self.pre)?;
        out.serialize_field("post", &self.post)?;
        out.serialize_field("code", &self.code)?;
        out.end()
    }
}

/// The whitespace after `field:` for a value of `value_width` that rustfmt cannot break.
pub(super) fn field_sep(indent: usize, field: &str, value_width: usize) -> String {
    if indent + field.len() + ": ".len() + value_width + ",".len() <= MAX_WIDTH {
        " ".to_owned()
    } else {
        newline(indent + 4)
    }
}

pub(super) fn newline(indent: usize) -> String {
    format!("\n{}", " ".repeat(indent))
}

/// How rustfmt lays out `const ALL: &'static [Self] = &[Self::A, ...];` at indent 4: on one line,
/// broken after `=` with the list on the next line, or one item per line.
#[derive(Serialize)]
pub(super) struct ListLayout {
    pub(super) layout: &'static str,
    pub(super) items: Vec<String>,
}

impl ListLayout {
    pub(super) fn new(items: Vec<String>) -> ListLayout {
        let prefix = "    pub const ALL: &'static [Self] = ";
        let content: usize =
            items.iter().map(|i| i.len()).sum::<usize>() + 2 * items.len().saturating_sub(1);
        // A lone item may exceed `array_width`; the broken form keeps a column free.
        let layout = if items.len() > 1 && content > ARRAY_WIDTH {
            "vertical"
        } else if prefix.len() + "&[".len() + content + "];".len() <= MAX_WIDTH {
            "line"
        } else if 8 + "&[".len() + content + "];".len() < MAX_WIDTH {
            "break"
        } else {
            "vertical"
        };
        ListLayout { layout, items }
    }
}

/// `#[deprecated(since = "..", note = "..")]` at indent 4, with the whitespace rustfmt puts
/// around its arguments when they do not fit on one line.
#[derive(Serialize)]
pub(super) struct AttrLayout {
    pub(super) since: Option<String>,
    pub(super) note: Option<String>,
    pub(super) open: String,
    pub(super) sep: String,
    pub(super) close: String,
}

impl AttrLayout {
    /// The attribute of an enum variant (rustfmt keeps a column free after a lone argument there,
    /// for the variant's comma).
    pub(super) fn new(since: Option<String>, note: Option<String>) -> AttrLayout {
        AttrLayout::with_limit(since, note, MAX_WIDTH - 1)
    }

    /// The attribute of a function, whose lone argument may reach the last column.
    pub(super) fn on_fn(since: Option<String>, note: Option<String>) -> AttrLayout {
        AttrLayout::with_limit(since, note, MAX_WIDTH)
    }

    fn with_limit(since: Option<String>, note: Option<String>, lone: usize) -> AttrLayout {
        let args: Vec<usize> = [("since", &since), ("note", &note)]
            .iter()
            .filter_map(|(k, v)| {
                v.as_ref()
                    .map(|v| k.len() + " = ".len() + width(&rust_str(v)))
            })
            .collect();
        let content = args.iter().sum::<usize>() + 2 * args.len().saturating_sub(1);
        let line = 4 + "#[deprecated(".len() + content + ")]".len();
        // One argument may run past `attr_fn_like_width` as long as the line fits.
        let fits = match args.len() {
            0 => true,
            1 => line <= lone,
            _ => content <= ATTR_FN_LIKE_WIDTH && line <= MAX_WIDTH,
        };
        let (open, sep, close) = if fits {
            (String::new(), " ".to_owned(), String::new())
        } else {
            (newline(8), newline(8), newline(4))
        };
        AttrLayout {
            since,
            note,
            open,
            sep,
            close,
        }
    }
}

/// The width rustfmt gives a line: East Asian wide characters and emoji count two, combining
/// marks zero (see `crate::width`).
pub(super) fn width(s: &str) -> usize {
    crate::width::rustfmt(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_count_wide_characters_twice() {
        assert_eq!(width("ab"), 2);
        assert_eq!(width("🎉é"), 3);
        assert_eq!(width("日本"), 4);
    }
}
