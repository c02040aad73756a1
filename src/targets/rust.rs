//! The `rust` target: one std-only module, `rust/errors.rs`, with an `ErrorCode` enum (one
//! variant per error, in code order), a `Category` enum, and const getters that read a private
//! table indexed by the variant's discriminant. Serde support is behind `feature = "serde"`.
//!
//! The module must already be rustfmt-formatted as rendered. Most of it is laid out so rustfmt
//! keeps it whatever the catalog holds: every struct literal is wider than `struct_lit_width`,
//! every table entry is preceded by a comment (so no table collapses onto one line), and lookups
//! are loops over the table rather than `match` arms whose layout depends on name lengths. Where
//! rustfmt's choice does depend on a width (a long string literal moves to the next line, a short
//! `ALL` list stays on one line), this module measures the rendered literal and hands the
//! template the whitespace rustfmt would put around it: see [`Lit`], [`ListLayout`] and
//! [`AttrLayout`]. The rules are rustfmt's defaults, checked by `tests/rust.rs`.
//!
//! Catalog prose reaches doc comments only through [`doc_text`], which leaves rustdoc no code
//! block to run as a doctest in the user's crate, no raw HTML and nothing to warn about.

use crate::catalog::{Catalog, CatalogError, Code, CodeKind, Coverage, GrpcStatus};
use crate::filters::{rust_str, rustdoc_paragraph};
use crate::lang::rust as names;
use crate::message::Segment;
use crate::render::{Engine, GeneratedFile, RenderError};
use crate::targets::{Target, header};
use serde::Serialize;

pub struct Rust;

const TEMPLATES: &[(&str, &str)] = &[(
    "rust/errors.rs.tera",
    include_str!("../../templates/rust/errors.rs.tera"),
)];

/// rustfmt's default `max_width`.
const MAX_WIDTH: usize = 100;
/// rustfmt's default `array_width`: wider array contents go one item per line.
const ARRAY_WIDTH: usize = 60;
/// rustfmt's default `attr_fn_like_width`: wider attribute arguments go one per line.
const ATTR_FN_LIKE_WIDTH: usize = 70;
/// Indentation of the fields of a table entry (`ENTRIES`, `CATEGORIES`).
const ENTRY_INDENT: usize = 8;

#[derive(Serialize)]
struct View<'a> {
    header: String,
    /// For custom templates; the built-in one reads only the fields below.
    catalog: &'a Catalog,
    /// `integer`, `string` or `none`.
    code_kind: CodeKind,
    /// The Rust type of integer codes: the narrowest of `u32`, `i32` and `i64` that holds them.
    code_type: &'static str,
    /// Whether every error has an HTTP status, so `http_status()` returns `u16`, not an
    /// `Option`.
    http_total: bool,
    /// The `GrpcStatus` enum, when any error has a gRPC status.
    grpc: Option<GrpcView>,
    category_doc: String,
    error_doc: String,
    categories: Vec<CategoryView<'a>>,
    category_all: ListLayout,
    errors: Vec<ErrorView<'a>>,
    error_all: ListLayout,
}

#[derive(Serialize)]
struct CategoryView<'a> {
    ident: String,
    doc: String,
    id: Lit<'a>,
    title: Lit<'a>,
}

#[derive(Serialize)]
struct ErrorView<'a> {
    ident: String,
    doc: String,
    /// The comment above the error's table entry: its code and name.
    label: String,
    deprecated: Option<AttrLayout>,
    name: Lit<'a>,
    /// A string code as a literal; integer codes are rendered as they are.
    code_str: Option<Lit<'a>>,
    code_int: Option<i64>,
    /// `category: Category::X` with the whitespace after the colon.
    category: String,
    category_sep: String,
    /// The `http_status` field's value: `404`, or `Some(404)`/`None` when not every error has one.
    http_status: String,
    /// The `grpc_status` field's value, likewise.
    grpc_status: String,
    title: Lit<'a>,
    message: Lit<'a>,
    fix: Option<Lit<'a>>,
    retryable: bool,
    docs_url: Option<Lit<'a>>,
    is_deprecated: bool,
    params: Nested<ParamView<'a>>,
    pieces: Nested<PieceView<'a>>,
}

#[derive(Serialize)]
struct ParamView<'a> {
    name: Lit<'a>,
    ty: &'static str,
    description: Option<Lit<'a>>,
}

/// A literal text followed by the placeholder after it, if any (like Python's
/// `string.Formatter.parse`): one struct literal per piece keeps rustfmt's layout independent of
/// the message's length.
#[derive(Serialize)]
struct PieceView<'a> {
    text: Lit<'a>,
    param: Option<Lit<'a>>,
}

/// An array of struct literals in a table entry: rustfmt writes a single struct as `&[X {`
/// (fields one level deeper than the entry's) and several one per line (two levels deeper).
#[derive(Serialize)]
struct Nested<T> {
    single: bool,
    items: Vec<T>,
}

/// A string literal and the whitespace rustfmt puts around it. The template escapes `text`
/// with `rust_str`; `pre` goes between `field:` (or `Some(`) and the literal, `post` between the
/// literal and the closing `)` of a `Some`.
#[derive(Serialize)]
struct Lit<'a> {
    text: &'a str,
    pre: String,
    post: String,
}

impl<'a> Lit<'a> {
    /// `field: "text",` in a struct literal whose fields are at `indent`: on one line when it
    /// fits, else the literal on the next line.
    fn field(indent: usize, field: &str, text: &'a str) -> Lit<'a> {
        Lit {
            text,
            pre: field_sep(indent, field, width(&rust_str(text))),
            post: String::new(),
        }
    }

    /// `field: Some("text"),`: on one line when it fits, else the literal alone on a line
    /// inside `Some(` ... `),`.
    fn some(indent: usize, field: &str, text: &'a str) -> Lit<'a> {
        let line = indent + field.len() + ": Some(".len() + width(&rust_str(text)) + "),".len();
        if line <= MAX_WIDTH {
            Lit {
                text,
                pre: String::new(),
                post: String::new(),
            }
        } else {
            Lit {
                text,
                pre: newline(indent + 4),
                post: format!(",{}", newline(indent)),
            }
        }
    }
}

/// The whitespace after `field:` for a value of `value_width` that rustfmt cannot break.
fn field_sep(indent: usize, field: &str, value_width: usize) -> String {
    if indent + field.len() + ": ".len() + value_width + ",".len() <= MAX_WIDTH {
        " ".to_owned()
    } else {
        newline(indent + 4)
    }
}

fn newline(indent: usize) -> String {
    format!("\n{}", " ".repeat(indent))
}

/// How rustfmt lays out `const ALL: &'static [Self] = &[Self::A, ...];` at indent 4: on one line,
/// broken after `=` with the list on the next line, or one item per line.
#[derive(Serialize)]
struct ListLayout {
    layout: &'static str,
    items: Vec<String>,
}

impl ListLayout {
    fn new(items: Vec<String>) -> ListLayout {
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
struct AttrLayout {
    since: Option<String>,
    note: Option<String>,
    open: String,
    sep: String,
    close: String,
}

impl AttrLayout {
    fn new(since: Option<String>, note: Option<String>) -> AttrLayout {
        let args: Vec<usize> = [("since", &since), ("note", &note)]
            .iter()
            .filter_map(|(k, v)| {
                v.as_ref()
                    .map(|v| k.len() + " = ".len() + width(&rust_str(v)))
            })
            .collect();
        let content = args.iter().sum::<usize>() + 2 * args.len().saturating_sub(1);
        let line = 4 + "#[deprecated(".len() + content + ")]".len();
        // One argument may run past `attr_fn_like_width` as long as the line fits; rustfmt
        // keeps a column free after a lone argument.
        let fits = match args.len() {
            0 => true,
            1 => line < MAX_WIDTH,
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

/// The generated `GrpcStatus` enum: every canonical status, and whether each error has one.
#[derive(Serialize)]
struct GrpcView {
    total: bool,
    statuses: Vec<GrpcStatusView>,
}

#[derive(Serialize)]
struct GrpcStatusView {
    variant: String,
    /// The canonical name, e.g. `NOT_FOUND`.
    name: &'static str,
    number: u8,
}

fn grpc_view(catalog: &Catalog) -> Option<GrpcView> {
    catalog.uses_grpc().then(|| GrpcView {
        total: catalog.grpc_status == Coverage::All,
        statuses: GrpcStatus::ALL
            .iter()
            .map(|s| GrpcStatusView {
                variant: names::Rust::constant_variant(s.name()),
                name: s.name(),
                number: s.number(),
            })
            .collect(),
    })
}

/// The narrowest of `u32`, `i32` and `i64` that holds every integer code.
fn code_type(catalog: &Catalog) -> &'static str {
    match catalog.int_code_bounds() {
        Some((lo, hi)) if lo >= 0 && hi <= i64::from(u32::MAX) => "u32",
        Some((lo, hi)) if lo >= i64::from(i32::MIN) && hi <= i64::from(i32::MAX) => "i32",
        Some(_) => "i64",
        None => "u32",
    }
}

/// The width rustfmt gives a line: East Asian wide characters and emoji count two, combining
/// marks zero (see `crate::width`).
fn width(s: &str) -> usize {
    crate::width::rustfmt(s)
}

/// Text for a comment: controls, invisible and bidirectional characters are shown as escapes
/// (rustc rejects a bare CR in doc comments and denies bidi overrides), tabs as spaces, line
/// breaks as LF.
fn comment_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for (i, line) in s.replace("\r\n", "\n").split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        for c in line.chars() {
            match c {
                '\t' => out.push_str("    "),
                c if crate::filters::needs_unicode_escape(c) => {
                    out.push_str(&format!("\\u{{{:x}}}", c as u32))
                }
                c => out.push(c),
            }
        }
    }
    out
}

/// Text for a doc comment ([`comment_text`]) in which rustdoc finds no code block to test.
///
/// rustdoc runs every code block as Rust unless its info string holds a word that is not one of
/// its attributes (`ignore`, `no_run`, `should_panic`, `compile_fail`, `edition2021`, ...) and
/// no `rust`; an indented code block has no info string, so it is always Rust. Exactly which
/// lines form a block depends on the whole CommonMark block structure (lists, block quotes,
/// footnotes, HTML blocks), so this does not parse it; it makes sure no reading of a line opens
/// a testable block:
///
/// - a fence at column 0 outside possible HTML opens a block in every reading, so it keeps its
///   fence, its info string becomes `text` and its lines stay as written up to its closing
///   fence (added at the end if missing, so it cannot swallow the template's text after it);
/// - every other run of three or more backticks or tildes (a fence in a list item, a quote or
///   a footnote, or after raw HTML) is escaped with a backslash, so it opens nothing;
/// - no line is indented four columns or more: leading spaces are cut to three and other runs
///   of spaces to four (after `>` or a list marker, four spaces still start the content).
///
/// Each paragraph is then escaped by [`rustdoc_paragraph`] (`<` outside code spans, brackets
/// that rustdoc would resolve as intra-doc links, bare URLs made autolinks), so no catalog text
/// becomes HTML or makes `rustdoc -D warnings` fail; fenced blocks are left as written.
///
/// Ordinary prose, lists nested twice and fenced blocks at the margin read as written; a code
/// block elsewhere shows as text.
fn doc_text(s: &str) -> String {
    let text = comment_text(s);
    let mut out: Vec<String> = Vec::new();
    // The disarmed lines of the paragraph being read, escaped together when it ends.
    let mut para: Vec<String> = Vec::new();
    let flush = |para: &mut Vec<String>, out: &mut Vec<String>| {
        if !para.is_empty() {
            out.push(rustdoc_paragraph(&para.join("\n")));
            para.clear();
        }
    };
    // The open fence: its character and length.
    let mut fence: Option<(char, usize)> = None;
    let mut html = Html::No;
    for line in text.split('\n') {
        // `comment` trims line ends; the analysis sees the lines rustdoc will see.
        let line = line.trim_end();
        if let Some((c, n)) = fence {
            out.push(line.to_owned());
            if closes_fence(line, c, n) {
                fence = None;
            }
            continue;
        }
        if line.is_empty() {
            if html == Html::UntilBlank {
                html = Html::No;
            }
            flush(&mut para, &mut out);
            out.push(String::new());
            continue;
        }
        if html == Html::No
            && let Some((c, n)) = margin_fence(line)
        {
            flush(&mut para, &mut out);
            let mut open: String = std::iter::repeat_n(c, n).collect();
            open.push_str("text");
            out.push(open);
            fence = Some((c, n));
            continue;
        }
        html = html.max(Html::starting(line));
        let mut disarmed = String::with_capacity(line.len());
        disarm_line(line, &mut disarmed);
        para.push(disarmed);
    }
    flush(&mut para, &mut out);
    if let Some((c, n)) = fence {
        out.push(std::iter::repeat_n(c, n).collect());
    }
    out.join("\n")
}

/// Whether the lines seen so far may be inside a CommonMark HTML block, in which a fence line is
/// text rather than a fence.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Html {
    No,
    /// Types 6 and 7 end at a blank line.
    UntilBlank,
    /// Types 1 to 5 (`<script>`, `<!--`, `<?`, `<!X`, `<![CDATA[`) end at their closing
    /// sequence; taken to run to the end of the text.
    ToEnd,
}

impl Html {
    /// What a line may start; any `<` counts, wherever it is.
    fn starting(line: &str) -> Html {
        let lower = line.to_ascii_lowercase();
        if ["<!", "<?", "<script", "<pre", "<style", "<textarea"]
            .iter()
            .any(|s| lower.contains(s))
        {
            Html::ToEnd
        } else if line.contains('<') {
            Html::UntilBlank
        } else {
            Html::No
        }
    }
}

/// The fence a line at column 0 opens: three or more backticks (followed by no backtick) or
/// tildes.
fn margin_fence(line: &str) -> Option<(char, usize)> {
    let c = line.chars().next().filter(|c| matches!(c, '`' | '~'))?;
    let n = line.len() - line.trim_start_matches(c).len();
    (n >= 3 && (c == '~' || !line[n..].contains('`'))).then_some((c, n))
}

/// A closing fence: up to three spaces, at least `n` of `c`, nothing after (line ends are
/// trimmed).
fn closes_fence(line: &str, c: char, n: usize) -> bool {
    let rest = line.trim_start_matches(' ');
    line.len() - rest.len() <= 3 && rest.len() >= n && rest.trim_start_matches(c).is_empty()
}

/// Appends `line` with every run of three or more backticks or tildes escaped (unless a
/// backslash already precedes it), leading spaces cut to three and other runs of spaces to four.
fn disarm_line(line: &str, out: &mut String) {
    let mut rest = line;
    let mut prev = None;
    while let Some(c) = rest.chars().next() {
        if !matches!(c, ' ' | '`' | '~') {
            out.push(c);
            prev = Some(c);
            rest = &rest[c.len_utf8()..];
            continue;
        }
        let after = rest.trim_start_matches(c);
        let run = rest.len() - after.len();
        if c == ' ' {
            let keep = if prev.is_none() { 3 } else { 4 };
            out.extend(std::iter::repeat_n(' ', run.min(keep)));
        } else {
            if run >= 3 && prev != Some('\\') {
                out.push('\\');
            }
            out.extend(std::iter::repeat_n(c, run));
        }
        prev = Some(c);
        rest = after;
    }
}

fn error_view<'a>(catalog: &'a Catalog, e: &'a CatalogError) -> ErrorView<'a> {
    let ident = names::Rust::variant(&e.name);
    // A blank title gives way to the name: a variant without docs fails `missing_docs`.
    let mut doc = non_blank(&e.title, &e.name).to_owned();
    if let Some(fix) = &e.fix {
        doc.push_str("\n\n");
        doc.push_str(fix.trim());
    }
    let deprecated = e.deprecated.as_ref().map(|d| {
        let note = d
            .note
            .as_deref()
            .map(|n| n.split_whitespace().collect::<Vec<_>>().join(" "));
        let replaced = d
            .replaced_by
            .as_deref()
            .map(|r| format!("use `ErrorCode::{}` instead", names::Rust::variant(r)));
        let note = match (note, replaced) {
            (Some(n), Some(r)) => {
                if n.ends_with(['.', '!', '?']) {
                    Some(format!("{n} {}.", upper_first(&r)))
                } else {
                    Some(format!("{n}; {r}"))
                }
            }
            (n, r) => n.or(r),
        };
        // rustdoc renders the note as markdown and resolves intra-doc links in it (its HTML
        // shows as text there); escaped as doc text, it links nothing and warns about nothing.
        let note = note.map(|n| rustdoc_paragraph(&n));
        AttrLayout::new(d.since.clone(), note)
    });
    let category = format!("Category::{}", names::Rust::variant(&e.category));
    let category_sep = field_sep(ENTRY_INDENT, "category", category.len());
    let (code_str, code_int) = match &e.code {
        Some(Code::Int(i)) => (None, Some(*i)),
        Some(Code::Str(s)) => (Some(Lit::field(ENTRY_INDENT, "code", s)), None),
        None => (None, None),
    };
    // A string code may hold bidi controls or line separators; `comment_text` shows them as
    // escapes.
    let label = match &e.code {
        Some(code) => comment_text(&format!("{code} {}", e.name)),
        None => e.name.clone(),
    };

    let single = e.params.len() == 1;
    let indent = if single {
        ENTRY_INDENT + 4
    } else {
        ENTRY_INDENT + 8
    };
    let params = Nested {
        single,
        items: e
            .params
            .iter()
            .map(|p| ParamView {
                name: Lit::field(indent, "name", &p.name),
                ty: match p.ty {
                    crate::model::ParamType::String => "String",
                    crate::model::ParamType::Integer => "Integer",
                    crate::model::ParamType::Number => "Number",
                    crate::model::ParamType::Boolean => "Boolean",
                },
                description: p
                    .description
                    .as_deref()
                    .map(|d| Lit::some(indent, "description", d)),
            })
            .collect(),
    };

    // Pair each literal text with the placeholder that follows it.
    let mut raw: Vec<(&str, Option<&str>)> = Vec::new();
    let mut text = "";
    for s in &e.segments {
        match s {
            Segment::Text(t) => text = t,
            Segment::Param(p) => raw.push((std::mem::take(&mut text), Some(p))),
        }
    }
    if !text.is_empty() || raw.is_empty() {
        raw.push((text, None));
    }
    let single = raw.len() == 1;
    let indent = if single {
        ENTRY_INDENT + 4
    } else {
        ENTRY_INDENT + 8
    };
    let pieces = Nested {
        single,
        items: raw
            .into_iter()
            .map(|(text, param)| PieceView {
                text: Lit::field(indent, "text", text),
                param: param.map(|p| Lit::some(indent, "param", p)),
            })
            .collect(),
    };

    ErrorView {
        ident,
        doc: doc_text(&doc),
        label,
        deprecated,
        name: Lit::field(ENTRY_INDENT, "name", &e.name),
        code_str,
        code_int,
        category,
        category_sep,
        http_status: match (catalog.http_status, e.http_status) {
            (Coverage::All, Some(s)) => s.to_string(),
            (_, Some(s)) => format!("Some({s})"),
            (_, None) => "None".to_owned(),
        },
        grpc_status: match (catalog.grpc_status, e.grpc_status) {
            (Coverage::All, Some(s)) => {
                format!("GrpcStatus::{}", names::Rust::constant_variant(s.name()))
            }
            (_, Some(s)) => format!(
                "Some(GrpcStatus::{})",
                names::Rust::constant_variant(s.name())
            ),
            (_, None) => "None".to_owned(),
        },
        title: Lit::field(ENTRY_INDENT, "title", &e.title),
        message: Lit::field(ENTRY_INDENT, "message", &e.message),
        fix: e.fix.as_deref().map(|f| Lit::some(ENTRY_INDENT, "fix", f)),
        retryable: e.retryable,
        docs_url: e
            .docs_url
            .as_deref()
            .map(|u| Lit::some(ENTRY_INDENT, "docs_url", u)),
        is_deprecated: e.deprecated.is_some(),
        params,
        pieces,
    }
}

/// `text` trimmed, or `fallback` when that leaves nothing.
fn non_blank<'a>(text: &'a str, fallback: &'a str) -> &'a str {
    match text.trim() {
        "" => fallback,
        t => t,
    }
}

fn upper_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

impl Target for Rust {
    fn id(&self) -> &'static str {
        "rust"
    }
    fn language(&self) -> &'static str {
        "Rust"
    }
    fn templates(&self) -> &'static [(&'static str, &'static str)] {
        TEMPLATES
    }
    fn render(
        &self,
        catalog: &Catalog,
        engine: &Engine,
    ) -> Result<Vec<GeneratedFile>, RenderError> {
        let mut categories: Vec<CategoryView> = Vec::new();
        for c in &catalog.categories {
            let ident = names::Rust::variant(&c.id);
            let mut doc = non_blank(&c.title, &c.id).to_owned();
            if let Some(d) = &c.description {
                doc.push_str("\n\n");
                doc.push_str(d.trim());
            }
            categories.push(CategoryView {
                ident,
                doc: doc_text(&doc),
                id: Lit::field(ENTRY_INDENT, "id", &c.id),
                title: Lit::field(ENTRY_INDENT, "title", &c.title),
            });
        }
        let errors: Vec<ErrorView> = catalog
            .errors
            .iter()
            .map(|e| error_view(catalog, e))
            .collect();
        let category_all = ListLayout::new(
            categories
                .iter()
                .map(|c| format!("Self::{}", c.ident))
                .collect(),
        );
        let error_all = ListLayout::new(
            errors
                .iter()
                .map(|e| format!("Self::{}", e.ident))
                .collect(),
        );
        let view = View {
            header: header(catalog),
            catalog,
            code_kind: catalog.code_kind,
            code_type: code_type(catalog),
            http_total: catalog.http_status == Coverage::All,
            grpc: grpc_view(catalog),
            category_doc: doc_text(&format!(
                "A category of errors in the {} catalog.",
                catalog.title.trim()
            )),
            error_doc: doc_text(&format!(
                "An error of the {} catalog, version {}.",
                catalog.title.trim(),
                catalog.version
            )),
            categories,
            category_all,
            errors,
            error_all,
        };
        let text = engine.render("rust/errors.rs.tera", &view)?;
        Ok(vec![GeneratedFile::new("rust/errors.rs", &text)])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_text_escapes_invisible_characters() {
        assert_eq!(
            doc_text("a\tb\u{7}\u{202e}c\r\nd"),
            "a    b\\u{7}\\u{202e}c\nd"
        );
        assert_eq!(comment_text("```rust #3 e0"), "```rust #3 e0");
    }

    #[test]
    fn doc_text_keeps_prose_lists_and_margin_fences() {
        let prose = [
            "Check the key.",
            "",
            "- one",
            "- two",
            "  continued",
            "  - nested",
            "",
            "1. first",
            "   more",
            "",
            "> quoted",
            "",
            "`code` and ``more``, a ~ b, `` ` ``.",
        ]
        .join("\n");
        assert_eq!(doc_text(&prose), prose);
        assert_eq!(
            doc_text("Run:\n\n```sh\ncargo update\n    indented\n```\n\nThen retry."),
            "Run:\n\n```text\ncargo update\n    indented\n```\n\nThen retry."
        );
    }

    /// rustdoc tests a fence unless a word of its info string is not one of its attributes and
    /// none is `rust`; `text` is never Rust, whatever the catalog wrote.
    #[test]
    fn doc_text_makes_every_margin_fence_text() {
        for info in [
            "",
            "rust",
            "no_run",
            "should_panic",
            "compile_fail",
            "ignore",
            "edition2021",
            "rust,ignore",
            "json rust",
            "custom",
            "{.rust}",
            "json",
        ] {
            for (c, closer) in [("```", "```"), ("~~~", "~~~"), ("````", "`````")] {
                let text = format!("a\n{c}{info}\nfn main() {{}}\n{closer}\nb");
                assert_eq!(
                    doc_text(&text),
                    format!("a\n{c}text\nfn main() {{}}\n{closer}\nb"),
                    "{text:?}"
                );
            }
        }
        // A shorter or different fence inside does not close it; an indented closer does.
        assert_eq!(
            doc_text("````\n```\n~~~~\n   ````\n```rust"),
            "````text\n```\n~~~~\n   ````\n```text\n```"
        );
        // Left open, it is closed, so the template's text after it stays prose.
        assert_eq!(doc_text("~~~rust\nx"), "~~~text\nx\n~~~");
    }

    #[test]
    fn doc_text_escapes_fences_it_cannot_place() {
        // In a list item, a quote or a footnote, or indented: the block's extent depends on
        // its container, so the fence is escaped.
        assert_eq!(
            doc_text("- ```rust\n  x\n  ```"),
            "- \\```rust\n  x\n  \\```"
        );
        assert_eq!(doc_text("> ~~~\n> x"), "> \\~~~\n> x");
        assert_eq!(doc_text("[^n]: ```"), "\\[^n\\]: \\```");
        assert_eq!(doc_text("  ```no_run"), "  \\```no_run");
        // A backtick fence whose info string holds a backtick is not a fence; already escaped
        // runs stay as they are.
        assert_eq!(doc_text("```a`b"), "\\```a`b");
        assert_eq!(doc_text("\\```x ```"), "\\```x \\```");
        // After raw HTML a margin fence may be HTML text: escaped up to the next blank line, or
        // to the end after a comment, `<script>`, `<pre>` and the like.
        assert_eq!(
            doc_text("<div>\n```\n\n```rust\nx"),
            "\\<div>\n\\```\n\n```text\nx\n```"
        );
        assert_eq!(
            doc_text("<!--\n```\n-->\n\n```\nfn main() {}\n```"),
            "\\<!--\n\\```\n-->\n\n\\```\nfn main() {}\n\\```"
        );
    }

    #[test]
    fn doc_text_indents_no_line_four_columns() {
        assert_eq!(
            doc_text("a\n\n    fn main() {}\n\n\tx"),
            "a\n\n   fn main() {}\n\n   x"
        );
        assert_eq!(doc_text("- a\n\n      code"), "- a\n\n   code");
        assert_eq!(doc_text("-     code"), "-    code");
        assert_eq!(doc_text(">     code"), ">    code");
        assert_eq!(doc_text("# H\n        code"), "# H\n   code");
        assert_eq!(doc_text("a     b"), "a    b");
    }

    #[test]
    fn doc_text_shows_html_as_text() {
        assert_eq!(
            doc_text("a <b>x</b> <!-- `<c>` <https://x.y/z> <u@x.y>"),
            "a \\<b>x\\</b> \\<!-- `<c>` <https://x.y/z> <u@x.y>"
        );
        // Inside a margin fence, text stays as written.
        assert_eq!(doc_text("```\n<b>[x]\n```"), "```text\n<b>[x]\n```");
        assert_eq!(doc_text("a\n\n<script>"), "a\n\n\\<script>");
    }

    /// A code span is kept only while the pairing of backticks cannot depend on the block
    /// structure: after one that crosses a line (the lines may be one paragraph or two blocks)
    /// or holds a pipe (a table row splits it), `<` is escaped even inside code spans.
    #[test]
    fn doc_text_trusts_no_code_span_it_cannot_place() {
        assert_eq!(doc_text("x `\n`<b>` y`"), "x `\n`\\<b>` y`");
        assert_eq!(doc_text("# a `\n` x `<b>`"), "# a `\n` x `\\<b>`");
        assert_eq!(doc_text("`a|b` `<c>`"), "`a|b` `\\<c>`");
        // A lone backtick pairs with nothing: later spans stay trusted.
        assert_eq!(doc_text("` a\n``<b>``"), "` a\n``<b>``");
        // A blank line ends the paragraph, and the distrust.
        assert_eq!(doc_text("`a\n`\n\n`<b>`"), "`a\n`\n\n`<b>`");
    }

    /// rustdoc resolves `[x]`, `[x][y]` and `[x](y)` as links to Rust items, and warns when it
    /// cannot; a link to a URL (a destination with a `/`) is left alone.
    #[test]
    fn doc_text_escapes_brackets_rustdoc_would_resolve() {
        assert_eq!(
            doc_text("[x] [x][y] [x](y) [Self::E0] ![i](s/t) [^1] [a]: b\n- [ ] t"),
            "\\[x\\] \\[x\\]\\[y\\] \\[x\\](y) \\[Self::E0\\] !\\[i\\](s/t) \\[^1\\] \\[a\\]: b\n- \\[ \\] t"
        );
        assert_eq!(
            doc_text("[docs](https://x.y/z) [rel](a/b), `[x]`, \\[y]"),
            "[docs](https://x.y/z) [rel](a/b), `[x]`, \\[y\\]"
        );
        // Not plain enough to be a link wherever it stands: escaped.
        assert_eq!(doc_text("[a `b](c/d)`"), "\\[a `b](c/d)`");
        assert_eq!(doc_text("[a](b/c d)"), "\\[a\\](b/c d)");
    }

    /// rustdoc's `bare_urls` lint asks for an autolink around every `http(s)://` URL in text.
    #[test]
    fn doc_text_makes_bare_urls_autolinks() {
        assert_eq!(
            doc_text("see https://x.y/a_b?c=d#e, xhttp://x.y\n`http://a.b` <http://c.d>"),
            "see <https://x.y/a_b?c=d#e>, x<http://x.y>\n`http://a.b` <http://c.d>"
        );
        // A backslash before it is doubled, so it cannot escape the `<`; other backslashes stay.
        assert_eq!(
            doc_text("\\https://x.y \\d \\*"),
            "\\\\<https://x.y> \\d \\*"
        );
    }

    /// Many generated texts, parsed as rustdoc parses docs: every code block is a `text` fence,
    /// and there is no raw HTML, no link rustdoc would resolve, no footnote or task list.
    /// (`tests/escaping.rs` runs rustdoc itself on whole generated modules.)
    #[test]
    fn doc_text_leaves_rustdoc_no_rust_block() {
        use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag};
        const PIECES: &[&str] = &[
            "```",
            "~~~",
            "````",
            "rust",
            "no_run",
            ",",
            "\n",
            "\n",
            "\n\n",
            " ",
            "    ",
            "\t",
            "- ",
            "* ",
            "1. ",
            "2) ",
            "> ",
            "[^a]: ",
            "<div>",
            "<!--",
            "-->",
            "<pre>",
            "# ",
            "a|b\n-|-\n",
            "\\",
            "`",
            "x",
            "fn f() {}",
            "\u{a0}",
            "\r",
            "<b>",
            "</a>",
            "[x]",
            "[",
            "]",
            "](y)",
            "(a/b)",
            "[^1]",
            "https://a.b/c",
            "|",
        ];
        let options = Options::ENABLE_TABLES
            | Options::ENABLE_FOOTNOTES
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_TASKLISTS
            | Options::ENABLE_SMART_PUNCTUATION;
        let mut state: u64 = 0x00e5_ca9e;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut fences = 0;
        for _ in 0..3000 {
            let len = next() % 24;
            let text: String = (0..len)
                .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
                .collect();
            // What rustdoc reads: the lines `comment` writes, without their `/// `.
            let doc = crate::filters::comment(&doc_text(&format!("T\n{text}")), "/// ")
                .lines()
                .map(|l| l.strip_prefix("/// ").unwrap_or(l.trim_start_matches('/')))
                .collect::<Vec<_>>()
                .join("\n");
            for event in Parser::new_ext(&doc, options) {
                match event {
                    Event::Start(Tag::CodeBlock(kind)) => {
                        assert!(
                            matches!(&kind, CodeBlockKind::Fenced(info) if info.as_ref() == "text"),
                            "a {kind:?} code block in {doc:?} (from {text:?})"
                        );
                        fences += 1;
                    }
                    // No raw HTML, no link rustdoc would resolve, no footnote, no task list.
                    Event::Html(_)
                    | Event::InlineHtml(_)
                    | Event::FootnoteReference(_)
                    | Event::TaskListMarker(_)
                    | Event::Start(Tag::FootnoteDefinition(_) | Tag::Image { .. }) => {
                        panic!("{event:?} in {doc:?} (from {text:?})")
                    }
                    Event::Start(Tag::Link { dest_url, .. }) => assert!(
                        dest_url.contains('/'),
                        "a link to {dest_url:?} in {doc:?} (from {text:?})"
                    ),
                    _ => {}
                }
            }
        }
        assert!(
            fences > 100,
            "only {fences} fences: the texts test too little"
        );
    }

    #[test]
    fn widths_count_wide_characters_twice() {
        assert_eq!(width("ab"), 2);
        assert_eq!(width("🎉é"), 3);
        assert_eq!(width("日本"), 4);
    }
}
