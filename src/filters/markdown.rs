//! Markdown filters: catalog text shown literally (`md_text`, `md_cell`) or kept as markdown with
//! raw HTML, open fences and link definitions disarmed (`md_inline`, `md_block`), code spans
//! (`md_code`), links (`md_url`), and the paragraph escaping rustdoc needs
//! (`rustdoc_paragraph`). Everything but the rustdoc escaping is written for CommonMark, GFM,
//! Python-Markdown (MkDocs) and MDX 3 (Docusaurus) at once.

/// Plain text for one GitHub-flavoured markdown table cell, shown literally: markdown and HTML
/// escaped as by [`md_text`], line breaks as `<br />` (which MDX, being JSX, needs closed).
pub fn md_cell(s: &str) -> String {
    lines(s.trim())
        .map(|line| md_text(line.trim()))
        .collect::<Vec<_>>()
        .join("<br />")
}

/// Plain text (a title, a message, a note) for an inline place — a heading, a list item, a
/// paragraph — shown literally in CommonMark, GFM, Python-Markdown (MkDocs) and MDX alike.
/// Every character markdown, HTML or MDX (`{`, `}`) would act on is escaped: with a backslash
/// where every engine takes one, as a character reference otherwise (`<`, `|`, `~`, and `&` where
/// it would start a reference). Line breaks become spaces, as markdown would show them, so the
/// text cannot end its heading or start a block.
pub fn md_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    let mut prev = ' ';
    while let Some(c) = chars.next() {
        let after_word = prev.is_alphanumeric();
        prev = c;
        match c {
            // Inside a word (`snake_case`) an underscore cannot start or end emphasis.
            '_' if after_word && chars.peek().is_some_and(|n| n.is_alphanumeric()) => out.push(c),
            '\\' | '`' | '*' | '_' | '[' | ']' | '>' | '#' | '!' | '{' | '}' => {
                out.push('\\');
                out.push(c);
            }
            // Python-Markdown (MkDocs) has no backslash escape for these: references work in
            // every engine. `|` as a reference splits no table cell.
            '<' => out.push_str("&lt;"),
            '|' => out.push_str("&#124;"),
            '~' => out.push_str("&#126;"),
            '&' if chars
                .peek()
                .is_some_and(|n| n.is_ascii_alphanumeric() || *n == '#') =>
            {
                out.push_str("&amp;");
            }
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push(' ');
            }
            '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A markdown field (a fix) inside a table cell: its inline markdown kept, raw HTML shown as
/// text (see [`md_block`]), pipes escaped, line breaks as `<br>`. The lines are escaped as one
/// text, since the cell's code spans pair across its `<br>`s.
pub fn md_inline(s: &str) -> String {
    let text = lines(s.trim())
        .map(str::trim)
        .collect::<Vec<_>>()
        .join("\n");
    escape_markdown(
        &text,
        Escape {
            cell: true,
            rustdoc: false,
        },
    )
}

/// A markdown field (a description, a fix) as markdown blocks: everything markdown does is
/// kept except raw HTML, whose `<` is escaped so tags and comments show as text (code keeps
/// its own), and what MDX would read as JSX or JavaScript: autolinks such as
/// `<https://example.com>` become inline links showing the same text, and braces are escaped. A code fence left open is closed, so
/// it cannot swallow the rest of the page. With `continues`, the text continues a paragraph
/// the template started (`**Fix:** ...`): its first line cannot open a fence, and no line of
/// that paragraph may turn it into a heading (`===`, `---`) or a table (`:--`).
pub fn md_block(s: &str, continues: bool) -> String {
    // Each line, and whether it is markdown text to escape (`false`: fence lines and their
    // content, blank lines, kept as written).
    let mut out_lines: Vec<(std::borrow::Cow<str>, bool)> = Vec::new();
    // The open top-level fence: its character and length.
    let mut fence: Option<(char, usize)> = None;
    // The content column of the list item the lines are in, if any. Fences inside a list item
    // or a block quote close when it ends (before the template's next block); only top-level
    // fences are tracked, and everything else is escaped.
    let mut item: Option<usize> = None;
    let mut after_blank = false;
    let mut first_paragraph = continues;
    for (i, line) in lines(s.trim()).enumerate() {
        if let Some((c, n)) = fence {
            out_lines.push((line.into(), false));
            if fence_marker(line).is_some_and(|(mc, mn, info)| {
                mc == c && mn >= n && info.trim_matches([' ', '\t']).is_empty()
            }) {
                fence = None;
            }
            continue;
        }
        if line.trim_matches([' ', '\t']).is_empty() {
            after_blank = true;
            first_paragraph = false;
            out_lines.push((line.into(), false));
            continue;
        }
        let indent = line.len() - line.trim_start_matches(' ').len();
        let marker = fence_marker(line).filter(|_| i > 0 || !continues);
        // A line left of the item's content ends the item after a blank line, or when it
        // starts a block of its own (a fence cannot continue a paragraph lazily).
        if item.is_some_and(|col| indent < col && (after_blank || marker.is_some())) {
            item = None;
        }
        after_blank = false;
        if item.is_none()
            && !(i == 0 && continues)
            && let Some(col) = list_item_content(line)
        {
            item = Some(col);
        }
        if first_paragraph && i > 0 && is_underline(line) {
            // An escaped first character (the escape pair is kept as it is).
            let escaped = format!("{}\\{}", &line[..indent], &line[indent..]);
            out_lines.push((escaped.into(), true));
            continue;
        }
        match marker {
            Some((c, n, info))
                if item.is_none()
                    && !line.trim_start().starts_with('>')
                    && (c == '~' || !info.contains('`')) =>
            {
                fence = Some((c, n));
                out_lines.push((line.into(), false));
            }
            _ => out_lines.push((line.into(), true)),
        }
    }
    // Runs of text lines between blank lines and fences are escaped as one text: a code span
    // can cross their line breaks.
    let mut out = String::with_capacity(s.len());
    let mut run = String::new();
    let mut in_run = false;
    for (i, (line, text)) in out_lines.iter().enumerate() {
        if *text {
            if in_run {
                run.push('\n');
            }
            run.push_str(line);
            in_run = true;
        }
        let run_ends = in_run && out_lines.get(i + 1).is_none_or(|(_, next)| !next);
        if run_ends {
            out.push_str(&escape_markdown(
                &run,
                Escape {
                    cell: false,
                    rustdoc: false,
                },
            ));
            run.clear();
            in_run = false;
        }
        if !*text {
            out.push_str(line);
        }
        if i + 1 < out_lines.len() && !in_run {
            out.push('\n');
        }
    }
    if let Some((c, n)) = fence {
        out.push('\n');
        out.extend(std::iter::repeat_n(c, n));
    }
    out
}

/// The content column of a list item starting on `line` (a `-`, `*`, `+`, `1.` or `1)` marker
/// after up to three spaces, then a space, a tab or the end of the line).
fn list_item_content(line: &str) -> Option<usize> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let rest = &line[indent..];
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let marker = match rest[digits..].chars().next() {
        Some('-' | '*' | '+') if digits == 0 => 1,
        Some('.' | ')') if (1..=9).contains(&digits) => digits + 1,
        _ => return None,
    };
    let after = &rest[marker..];
    let spaces = after.len() - after.trim_start_matches([' ', '\t']).len();
    if !after.is_empty() && spaces == 0 {
        return None;
    }
    Some(indent + marker + spaces.clamp(1, 4))
}

/// Text as one markdown code span that shows exactly `s` (on one line): the backtick fence is
/// longer than any run of backticks inside, and padded where CommonMark strips a space.
pub fn md_code(s: &str) -> String {
    let s = s.replace("\r\n", " ").replace(['\r', '\n'], " ");
    let mut longest = 0;
    let mut run = 0;
    for c in s.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = s.starts_with('`')
        || s.ends_with('`')
        || (s.starts_with(' ') && s.ends_with(' ') && !s.trim().is_empty());
    if pad {
        format!("{fence} {s} {fence}")
    } else {
        format!("{fence}{s}{fence}")
    }
}

/// A URL as a markdown link showing it (`[url](url)`): not an autolink (`<url>`), which MDX
/// reads as JSX. A URL with spaces, controls or angle brackets is shown as literal text.
pub fn md_url(s: &str) -> String {
    let linkable = !s.is_empty()
        && !s
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>'));
    if linkable {
        md_link(&md_text(s), s)
    } else {
        md_text(s)
    }
}

/// An inline link to `url` (no whitespace, controls or angle brackets) with the markdown `text`:
/// in the destination, the characters that could end it or escape are backslash-escaped, which
/// every engine reads back in a destination.
fn md_link(text: &str, url: &str) -> String {
    let mut dest = String::with_capacity(url.len());
    for c in url.chars() {
        if matches!(c, '(' | ')' | '\\') {
            dest.push('\\');
        }
        dest.push(c);
    }
    format!("[{text}]({dest})")
}

/// A setext heading underline (`===`, `---`) or a table delimiter row (`:--`, `-|-`): a line
/// that changes what the paragraph above it is.
fn is_underline(line: &str) -> bool {
    let t = line.trim();
    t.contains(['-', '='])
        && (t.chars().all(|c| c == '=')
            || t.chars().all(|c| matches!(c, '-' | ':' | '|' | ' ' | '\t')))
}

/// The lines of `s`, split at LF, CR LF and CR.
fn lines(s: &str) -> impl Iterator<Item = &str> {
    s.split('\n')
        .flat_map(|l| l.strip_suffix('\r').unwrap_or(l).split('\r'))
}

/// A fence line: up to three spaces, then three or more backticks or tildes; returns the fence
/// character, its length and the info string.
fn fence_marker(line: &str) -> Option<(char, usize, &str)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let rest = &line[indent..];
    let c = rest.chars().next().filter(|c| matches!(c, '`' | '~'))?;
    let n = rest.len() - rest.trim_start_matches(c).len();
    (n >= 3).then(|| (c, n, &rest[n..]))
}

/// A paragraph of catalog text for a rustdoc doc comment (lines joined by `\n`, no fence, no
/// blank line): escaped as [`md_block`] escapes a line, so no raw HTML, and no link reference
/// definition; besides, for rustdoc's lints:
///
/// - `[` and `]` are escaped, so rustdoc resolves no intra-doc link (`[x]`, `[x][y]`, `[x](y)`,
///   footnotes); an inline link whose destination holds a `/` (rustdoc never takes one for an
///   item path) is kept, as long as its text and destination are plain;
/// - a bare `http://` or `https://` URL is made an autolink (`<https://...>`), as rustdoc's
///   `bare_urls` lint asks;
/// - a backslash that escapes nothing is doubled, so it cannot escape what this inserts;
/// - code spans are trusted (their text kept as written) only while the paragraph's backtick
///   pairing cannot depend on its block structure: after a span that crosses a line or holds a
///   `|` (a table row splits it), `<`, brackets and URLs are escaped even inside later spans, where
///   the escape shows. Whatever the lines turn out to be (a heading, a table row, list items), no
///   `<` outside a code span is left as written.
pub fn rustdoc_paragraph(text: &str) -> String {
    escape_markdown(
        text,
        Escape {
            cell: false,
            rustdoc: true,
        },
    )
}

/// What [`escape_markdown`] is escaping for.
#[derive(Clone, Copy)]
struct Escape {
    /// A GFM table cell: `|` escaped everywhere.
    cell: bool,
    /// rustdoc: see [`rustdoc_paragraph`].
    rustdoc: bool,
}

/// Markdown text (one line, or the lines of one run of blocks without a blank line or fence
/// between them) with `<` escaped outside code spans and autolinks, so no raw HTML, and link
/// reference definitions disarmed; backslash escapes kept as they are. Outside rustdoc, where
/// the page may be MDX, autolinks become inline links and braces outside code spans are
/// escaped. In a table cell (`cell`), `|` is escaped too (inside code spans as well, as GFM
/// tables want) and line breaks become `<br />`. For rustdoc, more: see [`rustdoc_paragraph`].
///
/// Code spans are trusted (their text kept as written) only while the text's backtick pairing
/// cannot depend on its block structure: a span that crosses a line (a heading, a list item, a
/// quote or a table row may end there) or, outside a cell, holds a `|` (a table row splits it)
/// is not, and after it `<` is escaped even inside later spans, where the escape shows.
fn escape_markdown(text: &str, mode: Escape) -> String {
    let mut out = String::with_capacity(text.len());
    // A code span could not be trusted; no later one is.
    let mut untrusted = false;
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        let c = rest.chars().next().unwrap_or_default();
        match c {
            '\\' => {
                let next = rest[1..].chars().next();
                if mode.rustdoc && !next.is_some_and(|n| n.is_ascii_punctuation() || n == '\n') {
                    // A literal backslash: what follows is read on its own. Before a bare URL,
                    // doubled, so it cannot escape the `<` put before the URL.
                    if bare_url_len(&rest[1..]).is_some() {
                        out.push('\\');
                    }
                    out.push('\\');
                    i += 1;
                    continue;
                }
                // An escape pair stays as it is; a trailing backslash is literal (in a cell, a
                // backslash before a line break too: the break becomes `<br>`).
                let next = next.filter(|n| !(mode.cell && *n == '\n'));
                let len = 1 + next.map_or(0, char::len_utf8);
                let pair = &rest[..len];
                if mode.cell && pair == "\\|" {
                    out.push_str("\\|");
                } else {
                    out.push_str(pair);
                    if mode.cell && pair == "\\" {
                        // Nothing follows; keep it from escaping the cell's closing pipe or `<br>`.
                        out.push('\\');
                    }
                }
                i += len;
            }
            '`' => {
                let run = rest.len() - rest.trim_start_matches('`').len();
                let after = &rest[run..];
                let close = find_closing_run(after, run);
                let trusted = close.is_some_and(|end| {
                    let inner = &after[..end];
                    !untrusted && !inner.contains('\n') && (mode.cell || !inner.contains('|'))
                });
                match close {
                    Some(end) if trusted => {
                        let span = &rest[..run + end + run];
                        if mode.cell {
                            out.push_str(&span.replace('|', "\\|"));
                        } else {
                            out.push_str(span);
                        }
                        i += span.len();
                    }
                    _ => {
                        untrusted |= close.is_some();
                        out.push_str(&rest[..run]);
                        i += run;
                    }
                }
            }
            '<' => match autolink_len(rest) {
                // rustdoc wants autolinks; MDX reads them as JSX, so elsewhere they become
                // inline links showing the same text.
                Some(len) if mode.rustdoc => {
                    out.push_str(&rest[..len]);
                    i += len;
                }
                Some(len) => {
                    let inner = &rest[1..len - 1];
                    let url = if autolink_is_email(inner) {
                        format!("mailto:{inner}")
                    } else {
                        inner.to_owned()
                    };
                    let link = md_link(&md_text(inner), &url);
                    out.push_str(&if mode.cell {
                        link.replace('|', "\\|")
                    } else {
                        link
                    });
                    i += len;
                }
                None if mode.rustdoc => {
                    out.push_str("\\<");
                    i += 1;
                }
                // Python-Markdown (MkDocs) has no `\<` escape; a reference works everywhere.
                None => {
                    out.push_str("&lt;");
                    i += 1;
                }
            },
            // MDX reads a block starting with `import` or `export` as JavaScript; a character
            // reference for the first letter reads the same everywhere else.
            'i' | 'e'
                if !mode.rustdoc
                    && starts_esm(rest)
                    && text[..i]
                        .rsplit('\n')
                        .next()
                        .is_some_and(|l| l.trim().is_empty()) =>
            {
                out.push_str(if c == 'i' { "&#105;" } else { "&#101;" });
                i += 1;
            }
            // MDX reads braces as JavaScript expressions.
            '{' | '}' if !mode.rustdoc => {
                out.push('\\');
                out.push(c);
                i += 1;
            }
            '|' if mode.cell => {
                out.push_str("\\|");
                i += 1;
            }
            '\n' if mode.cell => {
                out.push_str("<br />");
                i += 1;
            }
            '[' if mode.rustdoc => match link_len(rest).filter(|_| !out.ends_with('!')) {
                Some(len) => {
                    out.push_str(&rest[..len]);
                    i += len;
                }
                None => {
                    out.push_str("\\[");
                    i += 1;
                }
            },
            ']' if mode.rustdoc => {
                out.push_str("\\]");
                i += 1;
            }
            'h' if let Some(len) = bare_url_len(rest).filter(|_| mode.rustdoc) => {
                out.push('<');
                out.push_str(&rest[..len]);
                out.push('>');
                i += len;
            }
            // `[label]: url` defines a link for the whole page; no field may change another's.
            ']' if rest[1..].starts_with(':') => {
                out.push_str("]\\:");
                i += 2;
            }
            c => {
                out.push(c);
                i += c.len_utf8();
            }
        }
    }
    out
}

/// The length of the `http://` or `https://` URL at the start of `s`, up to the first character
/// rustdoc's `bare_urls` lint does not take as part of a URL (its pattern may stop earlier, at
/// the end of a domain, but an autolink of the longer run holds it).
fn bare_url_len(s: &str) -> Option<usize> {
    let scheme = ["http://", "https://"]
        .iter()
        .find(|p| s.starts_with(**p))?
        .len();
    let url = |c: char| c.is_ascii_alphanumeric() || "-@:%._+~#?&/=".contains(c);
    Some(s.len() - s[scheme..].trim_start_matches(url).len())
}

/// The length of an inline link `[text](dest)` at the start of `s` that rustdoc leaves alone
/// (its destination holds a `/`) and that is a link wherever it stands: text and destination
/// hold nothing that could end or split them (brackets, backticks, angle brackets, backslashes,
/// pipes, parentheses in the destination, whitespace in it).
fn link_len(s: &str) -> Option<usize> {
    let text_end = s[1..].find(']')? + 1;
    let text = &s[1..text_end];
    if text.contains(['[', '`', '<', '>', '\\', '|', '\n']) {
        return None;
    }
    let dest = s[text_end + 1..].strip_prefix('(')?;
    let dest_end = dest.find(')')?;
    let dest = &dest[..dest_end];
    let plain = |c: char| {
        !(c.is_whitespace()
            || c.is_control()
            || matches!(
                c,
                '(' | '<' | '>' | '[' | ']' | '`' | '\\' | '|' | '"' | '\''
            ))
    };
    (dest.contains('/') && dest.chars().all(plain)).then_some(text_end + 2 + dest_end + 1)
}

/// Where a backtick run of exactly `n` starts in `s`, if any.
fn find_closing_run(s: &str, n: usize) -> Option<usize> {
    let mut i = 0;
    while let Some(at) = s[i..].find('`') {
        let start = i + at;
        let run = s[start..].len() - s[start..].trim_start_matches('`').len();
        if run == n {
            return Some(start);
        }
        i = start + run;
    }
    None
}

/// Whether `s` starts with the keyword of an MDX `import` or `export` statement.
fn starts_esm(s: &str) -> bool {
    ["import", "export"].iter().any(|k| {
        s.strip_prefix(k)
            .is_some_and(|after| after.is_empty() || after.starts_with(char::is_whitespace))
    })
}

/// Whether the inside of an autolink is an email address (it has no scheme).
fn autolink_is_email(inner: &str) -> bool {
    !inner.contains(':')
}

/// The length of the CommonMark autolink `<scheme:...>` or `<user@host>` at the start of `s`.
fn autolink_len(s: &str) -> Option<usize> {
    let end = s.find('>')?;
    let inner = &s[1..end];
    if inner.is_empty()
        || inner
            .chars()
            .any(|c| c.is_ascii_whitespace() || c.is_ascii_control() || c == '<')
    {
        return None;
    }
    let uri = inner.split_once(':').is_some_and(|(scheme, _)| {
        (2..=32).contains(&scheme.len())
            && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-'))
    });
    let email = inner.split_once('@').is_some_and(|(user, host)| {
        !user.is_empty()
            && user
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || ".!#$%&'*+/=?^_`{|}~-".contains(c))
            && !host.is_empty()
            && host.split('.').all(|label| {
                !label.is_empty()
                    && label.len() <= 63
                    && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                    && !label.starts_with('-')
                    && !label.ends_with('-')
            })
    });
    (uri || email).then_some(end + 1)
}
