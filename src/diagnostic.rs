//! `Diagnostic`: one problem found in a catalog, with its location, rule id and a hint.

use crate::source::{SourceFile, Span};
use std::fmt::Write as _;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
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
    /// A stable rule id such as `duplicate-code`, used by tests, docs and machine output.
    pub rule: &'static str,
    pub message: String,
    pub primary: Option<Label>,
    /// Other places involved, e.g. the first definition of a duplicate.
    pub secondary: Vec<Label>,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(rule: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            rule,
            message: message.into(),
            primary: None,
            secondary: Vec::new(),
            help: None,
        }
    }

    pub fn warning(rule: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
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

    pub fn help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Renders the diagnostic the way rustc does: header, location, snippet with a caret, notes.
    pub fn render(&self, files: &[SourceFile]) -> String {
        let mut out = format!(
            "{}[{}]: {}\n",
            self.severity.as_str(),
            self.rule,
            self.message
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
            render_label(&mut out, files, label, gutter);
        }
        for label in &self.secondary {
            render_label(&mut out, files, label, gutter);
        }
        if let Some(help) = &self.help {
            let _ = writeln!(out, "{} = help: {help}", " ".repeat(gutter));
        }
        out
    }
}

fn render_label(out: &mut String, files: &[SourceFile], label: &Label, gutter: usize) {
    let Some(file) = files.get(label.file) else {
        return;
    };
    let span = label.span;
    let pad = " ".repeat(gutter);
    let _ = writeln!(
        out,
        "{pad}--> {}:{}:{}",
        file.display, span.line, span.column
    );
    let line_text = file.line_text(span.line);
    let shown: String = line_text
        .chars()
        .map(|c| if c == '\t' { ' ' } else { c })
        .collect();
    let _ = writeln!(out, "{pad} |");
    let _ = writeln!(out, "{:>gutter$} | {}", span.line, shown);
    let caret_len = span_chars_on_line(line_text, span).max(1);
    let mut caret = format!(
        "{pad} | {}{}",
        " ".repeat(span.column.saturating_sub(1)),
        "^".repeat(caret_len)
    );
    if !label.note.is_empty() {
        caret.push(' ');
        caret.push_str(&label.note);
    }
    let _ = writeln!(out, "{caret}");
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
