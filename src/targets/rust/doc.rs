//! Catalog prose made safe for the generated module's comments: [`comment_text`] for any
//! comment, [`doc_text`] for doc comments, which leaves rustdoc no code block to run as a
//! doctest in the user's crate, no raw HTML and nothing to warn about.

use crate::filters::rustdoc_paragraph;

/// Text for a comment: controls, invisible and bidirectional characters are shown as escapes
/// (rustc rejects a bare CR in doc comments and denies bidi overrides), tabs as spaces, line
/// breaks as LF.
pub(super) fn comment_text(s: &str) -> String {
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
pub(super) fn doc_text(s: &str) -> String {
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
pub(super) enum Html {
    No,
    /// Types 6 and 7 end at a blank line.
    UntilBlank,
    /// Types 1 to 5 (`<script>`, `<!--`, `<?`, `<!X`, `<![CDATA[`) end at their closing
    /// sequence; taken to run to the end of the text.
    ToEnd,
}

impl Html {
    /// What a line may start; any `<` counts, wherever it is.
    pub(super) fn starting(line: &str) -> Html {
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
pub(super) fn margin_fence(line: &str) -> Option<(char, usize)> {
    let c = line.chars().next().filter(|c| matches!(c, '`' | '~'))?;
    let n = line.len() - line.trim_start_matches(c).len();
    (n >= 3 && (c == '~' || !line[n..].contains('`'))).then_some((c, n))
}

/// A closing fence: up to three spaces, at least `n` of `c`, nothing after (line ends are
/// trimmed).
pub(super) fn closes_fence(line: &str, c: char, n: usize) -> bool {
    let rest = line.trim_start_matches(' ');
    line.len() - rest.len() <= 3 && rest.len() >= n && rest.trim_start_matches(c).is_empty()
}

/// Appends `line` with every run of three or more backticks or tildes escaped (unless a
/// backslash already precedes it), leading spaces cut to three and other runs of spaces to four.
pub(super) fn disarm_line(line: &str, out: &mut String) {
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
}
