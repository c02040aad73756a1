//! The TOML of `errcat.toml` → [`Config`], every problem a diagnostic at its key or value (the
//! `toml` crate's spans), worded in the configuration's terms with a hint. All problems of the
//! file are collected before failing.

use super::fields::fields_of;
use super::{Config, catalog_name, resolve};
use crate::diagnostic::Diagnostic;
use crate::rule::Rule;
use crate::source::Span;
use crate::targets;
use std::ops::Range;
use std::path::Path;
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

/// The top-level keys.
const TOP_KEYS: &[&str] = &["catalog", "templates", "out", "targets"];

/// The keys of every `[targets.<id>]` table besides the target's options.
const PLACEMENT_KEYS: &[&str] = &["out", "enabled"];

/// Parses the configuration `text`, whose relative paths are relative to `root`.
pub(super) fn parse(text: &str, root: &Path) -> Result<Config, Vec<Diagnostic>> {
    let doc = DeTable::parse(text).map_err(|e| vec![syntax(text, &e)])?;
    let mut p = Parser {
        text,
        root,
        problems: Vec::new(),
        config: Config::without_file(),
    };
    p.config.catalog_name = Some(super::DEFAULT_CATALOG.to_owned());
    for (key, value) in in_order(doc.into_inner()) {
        match key.get_ref().as_ref() {
            "catalog" => {
                if let Some(path) = p.path(&value, "catalog") {
                    p.config.catalog = resolve(root, &path);
                    p.config.catalog_name = Some(catalog_name(&path, &p.config.catalog));
                }
            }
            "templates" => {
                if let Some(path) = p.path(&value, "templates") {
                    p.config.templates = Some(resolve(root, &path));
                }
            }
            "out" => {
                if let Some(path) = p.path(&value, "out") {
                    p.config.out = resolve(root, &path);
                }
            }
            "targets" => p.targets(value),
            other => {
                let d = p.unknown_key(&key, other, "in `errcat.toml`").help(hint(
                    other,
                    TOP_KEYS,
                    "the keys are `catalog`, `templates`, `out` and `[targets.<id>]` tables",
                ));
                p.problems.push(d);
            }
        }
    }
    if p.problems.is_empty() {
        Ok(p.config)
    } else {
        p.problems
            .sort_by_key(|d| d.primary.as_ref().map(|l| l.span.offset));
        Err(p.problems)
    }
}

struct Parser<'a> {
    text: &'a str,
    root: &'a Path,
    problems: Vec<Diagnostic>,
    config: Config,
}

impl Parser<'_> {
    fn span(&self, range: Range<usize>) -> Span {
        Span::at(
            self.text,
            range.start,
            range.end.saturating_sub(range.start),
        )
    }

    fn error(&self, range: Range<usize>, message: String) -> Diagnostic {
        Diagnostic::error(Rule::ConfigError, message).at(0, self.span(range))
    }

    fn unknown_key(
        &self,
        key: &Spanned<std::borrow::Cow<'_, str>>,
        name: &str,
        place: &str,
    ) -> Diagnostic {
        self.error(key.span(), format!("unknown key `{name}` {place}"))
    }

    /// A path value: a non-empty string.
    fn path(&mut self, value: &Spanned<DeValue<'_>>, name: &str) -> Option<String> {
        match value.get_ref() {
            DeValue::String(s) if !s.is_empty() => Some(s.to_string()),
            DeValue::String(_) => {
                let d = self
                    .error(value.span(), format!("`{name}` is empty"))
                    .help(format!(
                        "write a path relative to `errcat.toml`, e.g. `{name} = \"{}\"`",
                        example(name)
                    ));
                self.problems.push(d);
                None
            }
            other => {
                let d = self
                    .error(
                        value.span(),
                        format!("`{name}` must be a path in quotes, found {}", kind(other)),
                    )
                    .help(format!("write e.g. `{name} = \"{}\"`", example(name)));
                self.problems.push(d);
                None
            }
        }
    }

    /// `[targets.<id>]` tables.
    fn targets(&mut self, value: Spanned<DeValue<'_>>) {
        let span = value.span();
        let DeValue::Table(table) = value.into_inner() else {
            let d = self
                .error(span, "`targets` must be a table of targets".to_owned())
                .help("write one `[targets.<id>]` table per target, e.g. `[targets.rust]`");
            self.problems.push(d);
            return;
        };
        let ids: Vec<&str> = targets::all().iter().map(|t| t.id()).collect();
        for (key, value) in in_order(table) {
            let id = key.get_ref().as_ref();
            let Some(target) = targets::by_id(id) else {
                let d = self
                    .error(key.span(), format!("unknown target `{id}` in `[targets]`"))
                    .help(hint(id, &ids, &format!("the targets are {}", listed(&ids))));
                self.problems.push(d);
                continue;
            };
            let span = value.span();
            let DeValue::Table(table) = value.into_inner() else {
                let d = self
                    .error(span, format!("`targets.{id}` must be a table"))
                    .help(format!(
                        "write its keys under a `[targets.{id}]` header, e.g. `enabled = false`"
                    ));
                self.problems.push(d);
                continue;
            };
            self.target(target.id(), span, table);
        }
    }

    /// One `[targets.<id>]` table: `out` and `enabled`, then the target's options.
    fn target(&mut self, id: &'static str, span: Range<usize>, table: DeTable<'_>) {
        let fields = option_fields(id);
        let mut known: Vec<&str> = PLACEMENT_KEYS.to_vec();
        known.extend(fields.iter().copied());
        let mut options = DeTable::new();
        let mut ok = true;
        for (key, value) in in_order(table) {
            let name = key.get_ref().to_string();
            match name.as_str() {
                "out" => {
                    if let Some(path) = self.path(&value, "out") {
                        let own = resolve(self.root, &path);
                        if let Some(t) = self.config.targets.iter_mut().find(|t| t.id == id) {
                            t.out = Some(own);
                        }
                    }
                }
                "enabled" => match value.get_ref() {
                    DeValue::Boolean(b) => {
                        if let Some(t) = self.config.targets.iter_mut().find(|t| t.id == id) {
                            t.enabled = *b;
                        }
                    }
                    other => {
                        let d = self
                            .error(
                                value.span(),
                                format!("`enabled` must be `true` or `false`, found {}", kind(other)),
                            )
                            .help("write `enabled = false` to generate the target only when `--target` names it");
                        self.problems.push(d);
                    }
                },
                _ if fields.contains(&name.as_str()) => {
                    options.insert(key, value);
                }
                _ => {
                    ok = false;
                    let all = if fields.is_empty() {
                        format!("`[targets.{id}]` has no options: its keys are `out` and `enabled`")
                    } else {
                        format!("the keys of `[targets.{id}]` are {}", listed(&known))
                    };
                    let d = self
                        .error(
                            key.span(),
                            format!("unknown key `{name}` in `[targets.{id}]`"),
                        )
                        .help(hint(&name, &known, &all));
                    self.problems.push(d);
                }
            }
        }
        if !ok {
            return;
        }
        let value = Spanned::new(span.clone(), DeValue::Table(options));
        let result = match id {
            "rust" => deserialize(value).map(|o| self.config.options.rust = o),
            "typescript" => deserialize(value).map(|o| self.config.options.typescript = o),
            "python" => deserialize(value).map(|o| self.config.options.python = o),
            "markdown" => deserialize(value).map(|o| self.config.options.markdown = o),
            _ => Ok(()),
        };
        if let Err(e) = result {
            let d = self
                .error(
                    e.span().unwrap_or(span),
                    format!("wrong value in `[targets.{id}]`: {}", reword(e.message())),
                )
                .help(format!(
                    "README's Configuration section lists the options of `[targets.{id}]` with their values"
                ));
            self.problems.push(d);
        }
    }
}

/// The option keys of target `id`.
fn option_fields(id: &str) -> &'static [&'static str] {
    use crate::targets::options::*;
    match id {
        "rust" => fields_of::<RustOptions>(),
        "typescript" => fields_of::<TypeScriptOptions>(),
        "python" => fields_of::<PythonOptions>(),
        "markdown" => fields_of::<MarkdownOptions>(),
        _ => &[],
    }
}

fn deserialize<T: serde::de::DeserializeOwned>(
    value: Spanned<DeValue<'_>>,
) -> Result<T, toml::de::Error> {
    T::deserialize(ValueDeserializer::from(value))
}

/// A table's entries in the order they appear in the file (the parser sorts them by key).
fn in_order<'i>(
    table: DeTable<'i>,
) -> Vec<(Spanned<std::borrow::Cow<'i, str>>, Spanned<DeValue<'i>>)> {
    let mut entries: Vec<_> = table.into_iter().collect();
    entries.sort_by_key(|(k, _)| k.span().start);
    entries
}

/// A TOML syntax error at its place.
fn syntax(text: &str, e: &toml::de::Error) -> Diagnostic {
    let range = e.span().unwrap_or(0..0);
    let message = e.message().trim().trim_end_matches('.');
    let d = Diagnostic::error(
        Rule::ConfigError,
        format!("`errcat.toml` is not valid TOML: {message}"),
    );
    d.at(
        0,
        Span::at(text, range.start, range.end.saturating_sub(range.start)),
    )
    .help("write `key = \"value\"` lines, and `[targets.<id>]` headers for per-target keys")
}

/// `did you mean ...?` when a known key is near `word`, else `otherwise`.
fn hint(word: &str, known: &[&str], otherwise: &str) -> String {
    let known: Vec<String> = known.iter().map(|s| (*s).to_owned()).collect();
    match crate::structure::nearest(word, &known) {
        Some(best) => format!("did you mean `{best}`?"),
        None => otherwise.to_owned(),
    }
}

/// `` `a`, `b` and `c` ``.
fn listed(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| format!("`{s}`")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        Some((last, _)) => last.clone(),
        None => String::new(),
    }
}

/// What a value is, for "found ...".
fn kind(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "text",
        DeValue::Integer(_) => "a whole number",
        DeValue::Float(_) => "a number",
        DeValue::Boolean(_) => "`true` or `false`",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "a list",
        DeValue::Table(_) => "a table",
    }
}

/// An example value of a path key.
fn example(key: &str) -> &'static str {
    match key {
        "catalog" => "catalog",
        "templates" => "templates",
        _ => "generated",
    }
}

/// serde's wording of a wrong option value, in the configuration's terms.
fn reword(message: &str) -> String {
    let message = message.trim();
    for prefix in ["invalid type: ", "invalid value: "] {
        if let Some(rest) = message.strip_prefix(prefix) {
            return format!("found {rest}");
        }
    }
    message.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    fn problems(text: &str) -> Vec<String> {
        match parse(text, Path::new("")) {
            Ok(_) => Vec::new(),
            Err(ds) => ds
                .iter()
                .map(|d| {
                    let l = d.primary.as_ref().map(|l| (l.span.line, l.span.column));
                    format!("{l:?} {} | {}", d.message, d.help.as_deref().unwrap_or(""))
                })
                .collect(),
        }
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields, rename_all = "kebab-case")]
    struct Demo {
        #[allow(dead_code)]
        module_name: String,
    }

    #[test]
    fn a_wrong_option_value_is_worded_for_the_configuration() {
        let text = "module-name = 3\n";
        let doc = DeTable::parse(text).unwrap();
        let span = doc.span();
        let e =
            deserialize::<Demo>(Spanned::new(span, DeValue::Table(doc.into_inner()))).unwrap_err();
        assert_eq!(reword(e.message()), "found integer `3`, expected a string");
        assert_eq!(e.span(), Some(14..15));
    }

    #[test]
    fn every_problem_is_collected_in_file_order() {
        assert_eq!(
            problems("catlog = \"x\"\nout = 3\n[targets.rust]\nenabled = \"no\"\n"),
            vec![
                "Some((1, 1)) unknown key `catlog` in `errcat.toml` | did you mean `catalog`?",
                "Some((2, 7)) `out` must be a path in quotes, found a whole number | write e.g. `out = \"generated\"`",
                "Some((4, 11)) `enabled` must be `true` or `false`, found text | write `enabled = false` to generate the target only when `--target` names it",
            ]
        );
    }
}
