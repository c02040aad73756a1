//! `Diagnostic`: one problem found in a catalog, with its location, rule id and a hint.

use crate::rule::Rule;
use crate::source::{SourceFile, Span};
use crate::terminal::{Lines, safe, shown_char};
use anstyle::{AnsiColor, Style};
use serde::Serialize;
use std::fmt::Write as _;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
    /// Information that fails nothing: a compatible change found by `errcat diff`.
    Note,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }

    /// The GitHub Actions workflow command of this severity.
    fn github_command(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "notice",
        }
    }
}

/// A place in a catalog file that a diagnostic points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub file: usize,
    pub span: Span,
    pub note: String,
}

/// A problem in a catalog. `file` indexes the loader's list of source files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The rule, whose id (such as `duplicate-code`) tests, docs and machine output use.
    pub rule: Rule,
    /// The error the diagnostic is about, when it is about one: per-error `allow:` and
    /// `errcat explain` select by it.
    pub subject: Option<String>,
    pub message: String,
    pub primary: Option<Label>,
    /// Other places involved, e.g. the first definition of a duplicate.
    pub secondary: Vec<Label>,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(rule: Rule, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            rule,
            subject: None,
            message: message.into(),
            primary: None,
            secondary: Vec::new(),
            help: None,
        }
    }

    pub fn warning(rule: Rule, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(rule, message)
        }
    }

    pub fn note(rule: Rule, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Note,
            ..Diagnostic::error(rule, message)
        }
    }

    pub fn at(mut self, file: usize, span: Span) -> Diagnostic {
        self.primary = Some(Label {
            file,
            span,
            note: String::new(),
        });
        self
    }

    pub fn also(mut self, file: usize, span: Span, note: impl Into<String>) -> Diagnostic {
        self.secondary.push(Label {
            file,
            span,
            note: note.into(),
        });
        self
    }

    /// Marks the diagnostic as being about the error named `name`.
    pub fn about(mut self, name: &str) -> Diagnostic {
        self.subject = Some(name.to_owned());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Renders the diagnostic the way rustc does: header, location, snippet with a caret, notes.
    pub fn render(&self, files: &[SourceFile]) -> String {
        self.render_with(files, &Palette::plain())
    }

    /// Like [`Diagnostic::render`], with ANSI colours for a terminal.
    pub fn render_styled(&self, files: &[SourceFile]) -> String {
        self.render_with(files, &Palette::terminal())
    }

    fn render_with(&self, files: &[SourceFile], p: &Palette) -> String {
        let level = match self.severity {
            Severity::Error => p.error,
            Severity::Warning => p.warning,
            Severity::Note => p.secondary,
        };
        let mut out = format!(
            "{level}{}[{}]{level:#}{}: {}{:#}\n",
            self.severity.as_str(),
            self.rule,
            p.emphasis,
            safe(&self.message, Lines::Escape),
            p.emphasis
        );
        // One gutter width for every snippet of the diagnostic, as rustc does.
        let gutter = self
            .primary
            .iter()
            .chain(&self.secondary)
            .map(|l| l.span.line.to_string().len())
            .max()
            .unwrap_or(1);
        if let Some(label) = &self.primary {
            render_label(&mut out, files, label, gutter, p, level);
        }
        for label in &self.secondary {
            render_label(&mut out, files, label, gutter, p, p.secondary);
        }
        if let Some(help) = &self.help {
            let g = p.gutter;
            let _ = writeln!(
                out,
                "{} {g}={g:#} {}help{:#}: {}",
                " ".repeat(gutter),
                p.emphasis,
                p.emphasis,
                safe(help, Lines::Escape)
            );
        }
        out
    }

    /// The diagnostic as a GitHub Actions workflow command (`::error file=…,line=…::message`), so
    /// a CI run shows it on the catalog line of the pull request.
    pub fn to_github(&self, files: &[SourceFile]) -> String {
        let mut props = Vec::new();
        if let Some(Place {
            file: Some(file),
            line: Some(line),
            column: Some(column),
            end_line: Some(end_line),
            end_column: Some(end_column),
        }) = self.primary.as_ref().and_then(|l| Place::of(l, files))
        {
            props.push(format!(
                "file={}",
                github_property(&safe(&file, Lines::Escape))
            ));
            props.push(format!("line={line}"));
            props.push(format!("col={column}"));
            if end_line != line {
                props.push(format!("endLine={end_line}"));
            } else if end_column > column + 1 {
                // GitHub's end column is the last character, inclusive.
                props.push(format!("endColumn={}", end_column - 1));
            }
        }
        props.push(format!(
            "title={}",
            github_property(&format!("errcat {}", self.rule))
        ));
        // The runner shows the message in the log and on the pull request: controls and bidi
        // overrides are escaped as in the human format.
        let mut message = safe(&self.message, Lines::Escape).into_owned();
        if let Some(help) = &self.help {
            message.push_str("\nhelp: ");
            message.push_str(&safe(help, Lines::Escape));
        }
        format!(
            "::{} {}::{}",
            self.severity.github_command(),
            props.join(","),
            github_data(&message)
        )
    }
}

/// Diagnostics as a pretty-printed JSON array for tools. Each object has `severity`, `rule`,
/// `message`, `file`, `line`, `column`, `end_line`, `end_column` (1-based; the end is exclusive,
/// in characters like the column), `help`, and `related` (the other places involved, each with
/// a `note`). Location fields are `null` for a problem that has no place in a file.
pub fn to_json(diagnostics: &[Diagnostic], files: &[SourceFile]) -> String {
    let place = |l: &Label| Place::of(l, files).unwrap_or_default();
    let list: Vec<JsonDiagnostic> = diagnostics
        .iter()
        .map(|d| JsonDiagnostic {
            severity: d.severity.as_str(),
            rule: d.rule.id(),
            message: &d.message,
            place: d.primary.as_ref().map(place).unwrap_or_default(),
            help: d.help.as_deref(),
            related: d
                .secondary
                .iter()
                .map(|l| JsonRelated {
                    place: place(l),
                    note: &l.note,
                })
                .collect(),
        })
        .collect();
    crate::terminal::to_json(&list)
}

/// The JSON shape of a diagnostic; field order is the documented order.
#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    severity: &'a str,
    rule: &'a str,
    message: &'a str,
    #[serde(flatten)]
    place: Place,
    help: Option<&'a str>,
    related: Vec<JsonRelated<'a>>,
}

#[derive(Serialize)]
struct JsonRelated<'a> {
    #[serde(flatten)]
    place: Place,
    note: &'a str,
}

/// A label resolved to file name and start/end positions; all `None` for a problem that has no
/// place in a file.
#[derive(Serialize, Default)]
struct Place {
    file: Option<String>,
    line: Option<usize>,
    column: Option<usize>,
    end_line: Option<usize>,
    end_column: Option<usize>,
}

impl Place {
    fn of(label: &Label, files: &[SourceFile]) -> Option<Place> {
        let file = files.get(label.file)?;
        let span = label.span;
        let (end_line, end_column) = if span.len == 0 {
            (span.line, span.column)
        } else {
            file.position(span.offset.saturating_add(span.len))
        };
        Some(Place {
            file: Some(file.display.clone()),
            line: Some(span.line),
            column: Some(span.column),
            end_line: Some(end_line),
            end_column: Some(end_column),
        })
    }
}

/// Escapes the message part of a workflow command.
fn github_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value of a workflow command, where `:` and `,` are separators.
fn github_property(s: &str) -> String {
    github_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// The styles of each part of a rendered diagnostic; all plain for files and pipes.
struct Palette {
    error: Style,
    warning: Style,
    secondary: Style,
    gutter: Style,
    emphasis: Style,
}

impl Palette {
    fn plain() -> Palette {
        Palette {
            error: Style::new(),
            warning: Style::new(),
            secondary: Style::new(),
            gutter: Style::new(),
            emphasis: Style::new(),
        }
    }

    /// rustc's colours: red errors, yellow warnings, blue gutter and secondary labels.
    fn terminal() -> Palette {
        let bold = |c: AnsiColor| Style::new().bold().fg_color(Some(c.into()));
        Palette {
            error: bold(AnsiColor::BrightRed),
            warning: bold(AnsiColor::BrightYellow),
            secondary: bold(AnsiColor::BrightBlue),
            gutter: bold(AnsiColor::BrightBlue),
            emphasis: Style::new().bold(),
        }
    }
}

fn render_label(
    out: &mut String,
    files: &[SourceFile],
    label: &Label,
    gutter: usize,
    p: &Palette,
    caret_style: Style,
) {
    let Some(file) = files.get(label.file) else {
        return;
    };
    let span = label.span;
    let pad = " ".repeat(gutter);
    let g = p.gutter;
    let _ = writeln!(
        out,
        "{pad}{g}-->{g:#} {}:{}:{}",
        safe(&file.display, Lines::Escape),
        span.line,
        span.column
    );
    let line_text = file.line_text(span.line);
    // The line as shown (controls escaped, tabs as spaces) and where the span starts and ends in
    // terminal columns, so the caret sits under the value after wide or escaped characters.
    let span_chars = span_chars_on_line(line_text, span).max(1);
    let first = span.column.saturating_sub(1);
    let mut shown = String::with_capacity(line_text.len());
    let (mut before, mut under) = (0, 0);
    for (i, c) in line_text.chars().enumerate() {
        let (text, width) = shown_char(c);
        shown.push_str(&text);
        if i < first {
            before += width;
        } else if i < first + span_chars {
            under += width;
        }
    }
    let _ = writeln!(out, "{pad} {g}|{g:#}");
    let _ = writeln!(out, "{g}{:>gutter$} |{g:#} {shown}", span.line);
    let mut caret = format!(
        "{pad} {g}|{g:#} {}{caret_style}{}",
        " ".repeat(before),
        "^".repeat(under.max(1))
    );
    if !label.note.is_empty() {
        caret.push(' ');
        caret.push_str(&safe(&label.note, Lines::Escape));
    }
    let _ = writeln!(out, "{caret}{caret_style:#}");
}

/// How many characters of `span` fall on its first line.
fn span_chars_on_line(line_text: &str, span: Span) -> usize {
    let start = line_text
        .char_indices()
        .nth(span.column.saturating_sub(1))
        .map_or(line_text.len(), |(i, _)| i);
    let end = (start + span.len).min(line_text.len());
    let end = (start..=end)
        .rev()
        .find(|&i| line_text.is_char_boundary(i))
        .unwrap_or(start);
    line_text[start..end].chars().count()
}
