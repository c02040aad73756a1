//! Printing diagnostics (human text with one-screen summaries, JSON, GitHub annotations) and the
//! document `check` and `generate` print in a machine format.

use super::{Format, MAX_SHOWN_PER_RULE, plural};
use crate::console::{errln, outln};
use errcat::rule::Rule;
use errcat::{Diagnostic, Loaded, SourceFile};
use std::path::Path;
use std::process::ExitCode;

/// Prints diagnostics: human text on stderr (coloured only on a terminal), or JSON / GitHub
/// annotations on stdout, where tools read them. JSON is printed even when there is nothing to
/// report (`[]`), so a consumer always gets one document.
pub(super) fn report(format: Format, diagnostics: &[Diagnostic], sources: &[SourceFile]) {
    match format {
        Format::Human => {
            if diagnostics.is_empty() {
                return;
            }
            let mut shown: std::collections::BTreeMap<Rule, (usize, errcat::Severity)> =
                std::collections::BTreeMap::new();
            for d in diagnostics {
                let seen = shown.entry(d.rule).or_insert((0, d.severity));
                seen.0 += 1;
                if seen.0 <= MAX_SHOWN_PER_RULE {
                    errln!("{}", d.render_styled(sources));
                }
            }
            for (rule, (count, severity)) in shown {
                if count > MAX_SHOWN_PER_RULE {
                    let hidden = count - MAX_SHOWN_PER_RULE;
                    let allow = if rule.configurable() {
                        format!(
                            "; allow the rule with `rules: {{ {rule}: allow }}` in the catalog header or `--allow {rule}`"
                        )
                    } else {
                        String::new()
                    };
                    errln!(
                        "note: {hidden} more `{rule}` {}{} not shown (`--format json` lists all){allow}\n",
                        severity.as_str(),
                        plural(hidden)
                    );
                }
            }
        }
        Format::Json => {
            outln!("{}", errcat::diagnostic::to_json(diagnostics, sources));
        }
        Format::Github => {
            for d in diagnostics {
                outln!("{}", d.to_github(sources));
            }
        }
    }
}

/// What `check` and `generate` report in a machine format (`json`, `github`): the catalog's
/// diagnostics plus problems found after loading (template errors, output conflicts, stale
/// files), printed as one document at the end. In the human format those are printed as they
/// happen, and `emit` prints nothing.
pub(super) struct Outcome {
    format: Format,
    pub(super) diagnostics: Vec<Diagnostic>,
    sources: Vec<SourceFile>,
    /// The document of the whole run, when it has several output roots: `exit` adds to it.
    sink: Option<Sink>,
    /// Outcomes added to this one (a sink).
    absorbed: usize,
}

/// One machine-format document gathered from several `generate` runs (one per output root).
pub(super) type Sink = std::rc::Rc<std::cell::RefCell<Outcome>>;

impl Outcome {
    pub(super) fn new(format: Format, loaded: &Loaded) -> Outcome {
        let machine = format != Format::Human;
        Outcome {
            format,
            diagnostics: if machine {
                loaded.diagnostics.clone()
            } else {
                Vec::new()
            },
            sources: if machine {
                loaded.sources.clone()
            } else {
                Vec::new()
            },
            sink: None,
            absorbed: 0,
        }
    }

    /// An empty document, for a run over several output roots.
    pub(super) fn sink(format: Format) -> Sink {
        std::rc::Rc::new(std::cell::RefCell::new(Outcome {
            format,
            diagnostics: Vec::new(),
            sources: Vec::new(),
            sink: None,
            absorbed: 0,
        }))
    }

    /// Adds this outcome to `sink` at `exit` instead of printing it; without `with_catalog`
    /// the catalog's own diagnostics are left out (an earlier root reported them).
    pub(super) fn defer_to(&mut self, sink: Sink, with_catalog: bool) {
        if !with_catalog {
            self.diagnostics.clear();
            self.sources.clear();
        }
        self.sink = Some(sink);
    }

    /// Notes a run that reached the sink with nothing to add (an unchanged tree), so the
    /// gathered document is printed, if empty.
    pub(super) fn reached(sink: &Sink) {
        sink.borrow_mut().absorbed += 1;
    }

    /// A problem with no place in a file.
    pub(super) fn problem(&mut self, rule: Rule, message: String) {
        self.diagnostics.push(Diagnostic::error(rule, message));
    }

    /// A generated file on disk that differs from what the catalog renders: points at the first
    /// line that differs, so an annotation lands on it.
    pub(super) fn stale(&mut self, shown: &str, old: &str, new: &str) {
        let line = old
            .split_inclusive('\n')
            .zip(new.split_inclusive('\n'))
            .take_while(|(a, b)| a == b)
            .count();
        let offset: usize = old.split_inclusive('\n').take(line).map(str::len).sum();
        let len = old[offset..].find('\n').unwrap_or(old.len() - offset);
        self.at_file(shown, old, offset, len, format!("`{shown}` is out of date"));
    }

    pub(super) fn missing(&mut self, shown: &str) {
        self.at_file(shown, "", 0, 0, format!("`{shown}` is missing"));
    }

    pub(super) fn no_longer_generated(&mut self, shown: &str) {
        let d = Diagnostic::error(Rule::StaleFile, format!("`{shown}` is no longer generated"))
            .help("run `errcat generate`, which removes it");
        self.push_at(d, shown, "", 0, 0);
    }

    pub(super) fn at_file(
        &mut self,
        shown: &str,
        text: &str,
        offset: usize,
        len: usize,
        message: String,
    ) {
        let d = Diagnostic::error(Rule::StaleFile, message)
            .help("run `errcat generate` (`cargo run -- generate`)");
        self.push_at(d, shown, text, offset, len);
    }

    pub(super) fn push_at(
        &mut self,
        d: Diagnostic,
        shown: &str,
        text: &str,
        offset: usize,
        len: usize,
    ) {
        if self.format == Format::Human {
            return;
        }
        let file = self.sources.len();
        let span = errcat::source::Span::at(text, offset, len);
        self.sources
            .push(SourceFile::new(Path::new(shown), text.to_owned()));
        self.diagnostics.push(d.at(file, span));
    }

    /// Prints the document (machine formats) and returns `code` as the exit code.
    pub(super) fn exit(&self, code: u8) -> ExitCode {
        match &self.sink {
            Some(sink) => sink.borrow_mut().absorb(self),
            None => self.emit(),
        }
        ExitCode::from(code)
    }

    /// `other`'s diagnostics and files, appended (file indexes shifted past this one's).
    fn absorb(&mut self, other: &Outcome) {
        self.absorbed += 1;
        let base = self.sources.len();
        self.sources.extend(other.sources.iter().cloned());
        for d in &other.diagnostics {
            let mut d = d.clone();
            for label in d.primary.iter_mut().chain(d.secondary.iter_mut()) {
                label.file += base;
            }
            self.diagnostics.push(d);
        }
    }

    /// Prints a sink's document, unless no run reached it (a catalog that failed to load has
    /// printed its own).
    pub(super) fn emit_gathered(&self) {
        if self.absorbed > 0 {
            self.emit();
        }
    }

    pub(super) fn emit(&self) {
        if self.format != Format::Human {
            report(self.format, &self.diagnostics, &self.sources);
        }
    }
}
