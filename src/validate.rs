//! Semantic checks across all files of a catalog, producing the validated [`Catalog`].
//!
//! Every rule has an id (the first argument of each diagnostic) that docs, tests and machine
//! output use. All problems are collected; the catalog is returned only when there is no error.

use crate::catalog::{Catalog, CatalogError, Category, Code, CodeKind, Deprecation, Param};
use crate::diagnostic::Diagnostic;
use crate::loader::ParsedFile;
use crate::message;
use crate::model;
use crate::source::SourceFile;
use crate::structure::{escape_segment, nearest};
use crate::targets;
use std::collections::{HashMap, HashSet};

/// Most names listed in a "known ..." hint.
const MAX_LISTED: usize = 20;

/// Category lookups for error resolution, and a budget for did-you-mean hints: each hint
/// compares a name with every candidate, so a catalog with many unknown references to many names
/// would make validation quadratic. Past the budget, diagnostics go without the hint. The index
/// and the list of ids are built once, not per error.
struct Hints<'a> {
    comparisons_left: std::cell::Cell<usize>,
    categories: &'a [Category],
    by_id: HashMap<&'a str, usize>,
    category_ids: std::sync::OnceLock<Vec<String>>,
    /// Categories defined with a structural problem: known, but not resolvable.
    broken_categories: HashSet<&'a str>,
}

impl<'a> Hints<'a> {
    fn new(categories: &'a [Category]) -> Self {
        Hints {
            comparisons_left: std::cell::Cell::new(10_000_000),
            categories,
            by_id: categories
                .iter()
                .enumerate()
                .map(|(i, c)| (c.id.as_str(), i))
                .collect(),
            category_ids: std::sync::OnceLock::new(),
            broken_categories: HashSet::new(),
        }
    }

    fn category(&self, id: &str) -> Option<&'a Category> {
        self.by_id.get(id).map(|&i| &self.categories[i])
    }

    fn category_ids(&self) -> &[String] {
        self.category_ids
            .get_or_init(|| self.categories.iter().map(|c| c.id.clone()).collect())
    }

    fn nearest(&self, word: &str, candidates: &[String]) -> Option<String> {
        let left = self.comparisons_left.get();
        if candidates.len() > left {
            return None;
        }
        self.comparisons_left.set(left - candidates.len());
        nearest(word, candidates)
    }
}

/// The one format version this errcat reads.
pub const FORMAT_VERSION: u64 = 1;

/// A definition's place: file index and JSON pointer inside that file.
#[derive(Clone)]
struct Place<'a> {
    file: &'a ParsedFile,
    text: &'a str,
    pointer: String,
}

impl Place<'_> {
    fn key(&self, field: &str) -> (usize, crate::source::Span) {
        let p = format!("{}/{}", self.pointer, escape_segment(field));
        (self.file.file, self.file.locator.key(&p))
    }
    fn value(&self, field: &str) -> (usize, crate::source::Span) {
        let p = format!("{}/{}", self.pointer, escape_segment(field));
        (self.file.file, self.file.locator.value(&p))
    }
}

trait At {
    fn on(self, at: (usize, crate::source::Span)) -> Self;
    fn also_on(self, at: (usize, crate::source::Span), note: &str) -> Self;
}

impl At for Diagnostic {
    fn on(self, (file, span): (usize, crate::source::Span)) -> Self {
        self.at(file, span)
    }
    fn also_on(self, (file, span): (usize, crate::source::Span), note: &str) -> Self {
        self.also(file, span, note)
    }
}

/// Checks the parsed files as one catalog. `source` is the catalog path shown in generated headers.
pub fn validate(
    files: &[ParsedFile],
    sources: &[SourceFile],
    source: &str,
) -> (Option<Catalog>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    // A file that could not be read at all already has its diagnostic; checks that need every
    // file (the header, cross-file references) would only add noise.
    let complete = files.len() == sources.len();

    for f in files {
        if let Some(v) = f.errcat
            && v != FORMAT_VERSION
        {
            diags.push(
                Diagnostic::error(
                    "unsupported-version",
                    format!("unsupported format version `errcat: {v}`"),
                )
                .on((f.file, f.locator.value("/errcat")))
                .help(format!("this errcat reads format version {FORMAT_VERSION}; write `errcat: {FORMAT_VERSION}`")),
            );
        }
    }

    // The header: exactly one file declares `catalog:`.
    let headers: Vec<&ParsedFile> = files.iter().filter(|f| f.header.is_some()).collect();
    let header = match headers.as_slice() {
        // A header that failed its structural check has its own diagnostic.
        [] if !complete || files.iter().any(|f| f.broken_header) => None,
        [] => {
            let mut d =
                Diagnostic::error("missing-header", "no file declares the `catalog:` header").help(
                    "add `catalog: { name: ..., title: ..., version: ... }` to one catalog file",
                );
            if let Some(f) = files.first() {
                d = d.at(f.file, f.locator.key(""));
            }
            diags.push(d);
            None
        }
        [one, rest @ ..] => {
            for other in rest {
                diags.push(
                    Diagnostic::error(
                        "duplicate-header",
                        "the `catalog:` header is declared twice",
                    )
                    .on((other.file, other.locator.key("/catalog")))
                    .also_on(
                        (one.file, one.locator.key("/catalog")),
                        "first declared here",
                    )
                    .help("keep the header in one file of the catalog directory"),
                );
            }
            let h = one.header.clone();
            if let Some(h) = &h {
                let place = Place {
                    file: one,
                    text: &sources[one.file].text,
                    pointer: "/catalog".into(),
                };
                check_snake(&mut diags, &h.name, "catalog name", place.value("name"));
                check_semver(&mut diags, &h.version, "`version`", place.value("version"));
            }
            h
        }
    };

    // Categories.
    let mut categories: Vec<Category> = Vec::new();
    let mut cat_places: HashMap<String, Place> = HashMap::new();
    for f in files {
        for (i, c) in &f.categories {
            let place = Place {
                file: f,
                text: &sources[f.file].text,
                pointer: format!("/categories/{i}"),
            };
            check_snake(&mut diags, &c.id, "category id", place.value("id"));
            if let Some(first) = cat_places.get(&c.id) {
                diags.push(
                    Diagnostic::error(
                        "duplicate-category",
                        format!("category `{}` is defined twice", c.id),
                    )
                    .on(place.value("id"))
                    .also_on(first.value("id"), "first defined here")
                    .help("category ids must be unique across all catalog files"),
                );
                continue;
            }
            let http_status = c
                .http_status
                .and_then(|s| check_status(&mut diags, s, place.value("http_status")));
            let codes = c.codes.map(|[lo, hi]| (lo, hi));
            if let Some((lo, hi)) = codes
                && lo > hi
            {
                diags.push(
                    Diagnostic::error(
                        "bad-code-range",
                        format!("code range [{lo}, {hi}] is empty"),
                    )
                    .on(place.value("codes"))
                    .help("write the range as `[first, last]` with first <= last"),
                );
            }
            cat_places.insert(c.id.clone(), place);
            categories.push(Category {
                id: c.id.clone(),
                title: c.title.clone(),
                description: c.description.clone(),
                http_status,
                codes,
            });
        }
    }
    check_overlapping_ranges(&mut diags, &categories, &cat_places);

    // Errors.
    let all: Vec<(Place, &model::ErrorDef)> = files
        .iter()
        .flat_map(|f| {
            f.errors.iter().map(move |(i, e)| {
                (
                    Place {
                        file: f,
                        text: &sources[f.file].text,
                        pointer: format!("/errors/{i}"),
                    },
                    e,
                )
            })
        })
        .collect();

    let code_kind = check_code_kinds(&mut diags, &all);
    let mut hints = Hints::new(&categories);
    hints.broken_categories = files
        .iter()
        .flat_map(|f| f.broken_categories.iter().map(String::as_str))
        .collect();
    let mut names: HashMap<&str, &Place> = HashMap::new();
    let mut codes: HashMap<&model::Code, (&Place, &str)> = HashMap::new();
    let mut errors = Vec::new();
    for (place, e) in &all {
        check_snake(&mut diags, &e.name, "error name", place.value("name"));
        if let Some(first) = names.get(e.name.as_str()) {
            diags.push(
                Diagnostic::error(
                    "duplicate-name",
                    format!("error name `{}` is used twice", e.name),
                )
                .on(place.value("name"))
                .also_on(first.value("name"), "first used here")
                .help("every error needs a unique name"),
            );
        } else {
            names.insert(&e.name, place);
        }
        if let Some(code) = &e.code {
            if let Some((first, first_name)) = codes.get(code) {
                diags.push(
                    Diagnostic::error(
                        "duplicate-code",
                        format!("code `{}` is used twice", show_code(code)),
                    )
                    .on(place.value("code"))
                    .also_on(
                        first.value("code"),
                        format!("first used by `{first_name}` here").as_str(),
                    )
                    .help("every error needs a unique code"),
                );
            } else {
                codes.insert(code, (place, e.name.as_str()));
            }
        }
        if let Some(err) = resolve_error(
            &mut diags,
            place,
            e,
            &cat_places,
            header.as_ref(),
            complete,
            &hints,
        ) {
            errors.push(err);
        }
    }

    // Deprecations point at existing errors.
    let known_names = std::sync::OnceLock::new();
    let broken_errors: HashSet<&str> = files
        .iter()
        .flat_map(|f| f.broken_errors.iter().map(String::as_str))
        .collect();
    for (place, e) in &all {
        if let Some(dep) = &e.deprecated {
            let dplace = Place {
                file: place.file,
                text: place.text,
                pointer: format!("{}/deprecated", place.pointer),
            };
            if let Some(since) = &dep.since {
                check_semver(
                    &mut diags,
                    since,
                    "`deprecated.since`",
                    dplace.value("since"),
                );
            }
            if let Some(target) = &dep.replaced_by {
                if target == &e.name {
                    diags.push(
                        Diagnostic::error(
                            "bad-replacement",
                            format!("`{}` cannot be replaced by itself", e.name),
                        )
                        .on(dplace.value("replaced_by")),
                    );
                } else if complete
                    && !names.contains_key(target.as_str())
                    && !broken_errors.contains(target.as_str())
                {
                    let known: &Vec<String> =
                        known_names.get_or_init(|| names.keys().map(|s| s.to_string()).collect());
                    let mut d = Diagnostic::error(
                        "unknown-replacement",
                        format!("`replaced_by` names unknown error `{target}`"),
                    )
                    .on(dplace.value("replaced_by"));
                    // Never suggest the error itself, which cannot replace itself.
                    if let Some(best) = hints.nearest(target, known).filter(|b| *b != e.name) {
                        d = d.help(format!("did you mean `{best}`?"));
                    }
                    diags.push(d);
                }
            }
        }
    }

    check_identifiers(&mut diags, &all);
    check_category_identifiers(&mut diags, &categories, &cat_places);

    if diags.iter().any(Diagnostic::is_error) {
        return (None, diags);
    }
    let Some(h) = header else {
        return (None, diags);
    };
    sort_errors(&mut errors);
    let catalog = Catalog {
        name: h.name,
        title: h.title,
        version: h.version,
        description: h.description,
        source: source.to_owned(),
        code_kind,
        categories,
        errors,
    };
    (Some(catalog), diags)
}

fn show_code(code: &model::Code) -> String {
    match code {
        model::Code::Int(i) => i.to_string(),
        model::Code::Str(s) => s.clone(),
    }
}

fn sort_errors(errors: &mut [CatalogError]) {
    errors.sort_by(|a, b| a.code.cmp(&b.code).then_with(|| a.name.cmp(&b.name)));
}

fn resolve_error(
    diags: &mut Vec<Diagnostic>,
    place: &Place,
    e: &model::ErrorDef,
    cat_places: &HashMap<String, Place>,
    header: Option<&model::Header>,
    complete: bool,
    hints: &Hints,
) -> Option<CatalogError> {
    let mut ok = true;
    let category = hints.category(&e.category);
    // A category whose definition failed its structural check exists; it has its diagnostic.
    if category.is_none() && (!complete || hints.broken_categories.contains(e.category.as_str())) {
        ok = false;
    } else if category.is_none() {
        let known = hints.category_ids();
        let mut d = Diagnostic::error(
            "unknown-category",
            format!("unknown category `{}`", e.category),
        )
        .on(place.value("category"));
        d = match hints.nearest(&e.category, known) {
            Some(best) => d.help(format!("did you mean `{best}`?")),
            None if known.is_empty() => d.help("define the category under `categories:`"),
            None => d.help(format!(
                "known categories: {}{}",
                known
                    .iter()
                    .take(MAX_LISTED)
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", "),
                if known.len() > MAX_LISTED {
                    format!(" and {} more", known.len() - MAX_LISTED)
                } else {
                    String::new()
                }
            )),
        };
        diags.push(d);
        ok = false;
    }

    // Code inside its category's range.
    if let (Some(model::Code::Int(code)), Some(cat)) = (&e.code, category)
        && let Some((lo, hi)) = cat.codes
        && !(lo..=hi).contains(code)
    {
        let mut d = Diagnostic::error(
            "code-out-of-range",
            format!(
                "code {code} is outside the range [{lo}, {hi}] of category `{}`",
                cat.id
            ),
        )
        .on(place.value("code"))
        .help(format!(
            "pick a code between {lo} and {hi}, or move the error to another category"
        ));
        if let Some(cp) = cat_places.get(&cat.id) {
            d = d.also_on(cp.value("codes"), "range declared here");
        }
        diags.push(d);
    }
    if let Some(model::Code::Int(code)) = &e.code
        && !(0..=i64::from(i32::MAX)).contains(code)
    {
        diags.push(
            Diagnostic::error("bad-code", format!("code {code} is out of range"))
                .on(place.value("code"))
                .help(format!("integer codes must be between 0 and {}", i32::MAX)),
        );
    }
    if let Some(model::Code::Str(s)) = &e.code
        && (s.is_empty() || s.chars().any(char::is_control))
    {
        diags.push(
            Diagnostic::error(
                "bad-code",
                "string codes must be non-empty and without control characters",
            )
            .on(place.value("code")),
        );
    }

    // HTTP status: the error's own, else its category's.
    let http_status = match e.http_status {
        Some(s) => check_status(diags, s, place.value("http_status")),
        None => match category.and_then(|c| c.http_status) {
            Some(s) => Some(s),
            None => {
                if category.is_some() {
                    diags.push(
                        Diagnostic::error(
                            "missing-http-status",
                            format!("error `{}` has no HTTP status and its category `{}` has no default", e.name, e.category),
                        )
                        .on(place.key("name"))
                        .help("add `http_status:` to the error or to its category"),
                    );
                }
                None
            }
        },
    };

    // Message placeholders against declared params.
    let segments = match message::parse(&e.message) {
        Ok(s) => s,
        Err(err) => {
            let (file, span) = place.value("message");
            diags.push(
                Diagnostic::error("bad-placeholder", err.message)
                    .at(
                        file,
                        span_within(place, "message", &e.message, err.at, err.len).unwrap_or(span),
                    )
                    .help(err.help),
            );
            return None;
        }
    };
    let used = message::params_in_order(&segments);
    for p in &used {
        if !e.params.contains_key(*p) {
            let at = find_placeholder(place, &e.message, p);
            diags.push(
                Diagnostic::error("undeclared-param", format!("placeholder `{{{p}}}` is not declared in `params`"))
                    .at(at.0, at.1)
                    .help(format!("declare it: `params: {{ {p}: {{ type: string }} }}`, or write `{{{{{p}}}}}` for literal braces")),
            );
            ok = false;
        }
    }
    for name in e.params.keys() {
        let pplace = Place {
            file: place.file,
            text: place.text,
            pointer: format!("{}/params", place.pointer),
        };
        check_snake(diags, name, "parameter name", pplace.key(name));
        if !used.contains(&name.as_str()) {
            diags.push(
                Diagnostic::error(
                    "unused-param",
                    format!("parameter `{name}` is never used in the message"),
                )
                .on(pplace.key(name))
                .help(format!("use it as `{{{name}}}` in `message`, or remove it")),
            );
            ok = false;
        }
    }

    if e.fix.as_deref().is_none_or(|f| f.trim().is_empty()) {
        diags.push(
            Diagnostic::warning("missing-fix", format!("error `{}` has no `fix`", e.name))
                .on(place.key("name"))
                .help("add `fix:` telling the caller how to resolve the error"),
        );
    }
    if let Some(since) = &e.since {
        check_semver(diags, since, "`since`", place.value("since"));
    }

    let (category, http_status) = match (category, http_status) {
        (Some(c), Some(s)) if ok => (c, s),
        _ => return None,
    };
    let code = e.code.as_ref().map(|c| match c {
        model::Code::Int(i) => Code::Int(*i),
        model::Code::Str(s) => Code::Str(s.clone()),
    });
    let docs_url = header.and_then(|h| h.docs_url.as_ref()).map(|u| {
        u.replace("{name}", &e.name).replace(
            "{code}",
            &code.as_ref().map(ToString::to_string).unwrap_or_default(),
        )
    });
    let params = used
        .iter()
        .map(|p| Param {
            name: (*p).to_owned(),
            ty: e.params[*p].ty,
            description: e.params[*p].description.clone(),
        })
        .collect();
    Some(CatalogError {
        name: e.name.clone(),
        code,
        category: category.id.clone(),
        http_status,
        title: e.title.clone().unwrap_or_else(|| sentence_case(&e.name)),
        message: e.message.clone(),
        segments,
        params,
        fix: e.fix.clone().filter(|f| !f.trim().is_empty()),
        description: e.description.clone(),
        retryable: e.retryable,
        since: e.since.clone(),
        deprecated: e.deprecated.as_ref().map(|d| Deprecation {
            since: d.since.clone(),
            replaced_by: d.replaced_by.clone(),
            note: d.note.clone(),
        }),
        docs_url,
        extensions: e.extensions.clone(),
    })
}

/// The span of `{param}` inside a message value, when the message is a plain one-line scalar.
fn find_placeholder(place: &Place, message: &str, param: &str) -> (usize, crate::source::Span) {
    let needle = format!("{{{param}}}");
    let at = message.find(&needle).unwrap_or(0);
    let fallback = place.value("message");
    let span = span_within(place, "message", message, at, needle.len()).unwrap_or(fallback.1);
    (fallback.0, span)
}

/// Maps a byte range of a string value to the source, when the source text is the value itself
/// (possibly quoted) on one line, so the caret can point inside the string.
fn span_within(
    place: &Place,
    field: &str,
    value: &str,
    at: usize,
    len: usize,
) -> Option<crate::source::Span> {
    let (_, vspan) = place.value(field);
    let text = place.text;
    let raw = text.get(vspan.offset..vspan.offset + vspan.len)?;
    let inner_start = if raw.starts_with('"') || raw.starts_with('\'') {
        1
    } else {
        0
    };
    let inner = raw.get(inner_start..)?;
    // Only exact when the source spells the value literally (no escapes before `at`).
    if !inner.starts_with(&value[..at]) || raw.contains('\n') {
        return None;
    }
    let prefix_chars = value[..at].chars().count();
    Some(crate::source::Span {
        offset: vspan.offset + inner_start + at,
        len,
        line: vspan.line,
        column: vspan.column + inner_start + prefix_chars,
    })
}

fn check_status(
    diags: &mut Vec<Diagnostic>,
    status: i64,
    at: (usize, crate::source::Span),
) -> Option<u16> {
    if (100..=599).contains(&status) {
        Some(status as u16)
    } else {
        diags.push(
            Diagnostic::error(
                "bad-http-status",
                format!("HTTP status {status} is not between 100 and 599"),
            )
            .on(at)
            .help("use a status code such as 400, 404, 422, 429 or 500"),
        );
        None
    }
}

/// snake_case: lowercase ASCII letters and digits in words joined by single underscores.
pub fn is_snake_case(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some('a'..='z'))
        && !s.ends_with('_')
        && !s.contains("__")
        && s.chars().all(|c| matches!(c, 'a'..='z' | '0'..='9' | '_'))
}

fn check_snake(diags: &mut Vec<Diagnostic>, s: &str, what: &str, at: (usize, crate::source::Span)) {
    if !is_snake_case(s) {
        let suggestion = heck::ToSnakeCase::to_snake_case(s);
        let mut d = Diagnostic::error("bad-name", format!("{what} `{s}` is not snake_case")).on(at);
        d = if is_snake_case(&suggestion) {
            d.help(format!("write it as `{suggestion}`"))
        } else {
            d.help("use lowercase letters, digits and single underscores, starting with a letter")
        };
        diags.push(d);
    }
}

fn check_semver(
    diags: &mut Vec<Diagnostic>,
    s: &str,
    what: &str,
    at: (usize, crate::source::Span),
) {
    if semver::Version::parse(s).is_err() {
        diags.push(
            Diagnostic::error(
                "bad-version",
                format!("{what} `{s}` is not a semantic version"),
            )
            .on(at)
            .help("write a version such as `1.2.0`"),
        );
    }
}

fn check_code_kinds(diags: &mut Vec<Diagnostic>, all: &[(Place, &model::ErrorDef)]) -> CodeKind {
    let first_int = all
        .iter()
        .find(|(_, e)| matches!(e.code, Some(model::Code::Int(_))));
    let first_str = all
        .iter()
        .find(|(_, e)| matches!(e.code, Some(model::Code::Str(_))));
    let first_none = all.iter().find(|(_, e)| e.code.is_none());
    if let (Some((pi, ei)), Some((ps, es))) = (first_int, first_str) {
        // Point at whichever comes second in the catalog.
        diags.push(
            Diagnostic::error(
                "mixed-code-kinds",
                "the catalog mixes integer and string codes",
            )
            .on(ps.value("code"))
            .also_on(
                pi.value("code"),
                &format!("`{}` has an integer code", ei.name),
            )
            .help(format!(
                "make `{}`'s code an integer, or quote every code as a string",
                es.name
            )),
        );
    }
    let with_code = first_int.or(first_str);
    if let (Some((pc, ec)), Some((pn, en))) = (with_code, first_none) {
        diags.push(
            Diagnostic::error(
                "missing-code",
                format!("error `{}` has no `code`, but other errors do", en.name),
            )
            .on(pn.key("name"))
            .also_on(pc.value("code"), &format!("`{}` has a code", ec.name))
            .help("give every error a code, or remove all codes"),
        );
    }
    match (first_int, first_str) {
        (Some(_), _) => CodeKind::Integer,
        (None, Some(_)) => CodeKind::String,
        (None, None) => CodeKind::None,
    }
}

/// Reports each category whose code range overlaps an earlier-sorted one, once, against the
/// range reaching furthest so far. A sweep over ranges sorted by their start: O(n log n), where
/// comparing every pair would be quadratic in the number of categories.
fn check_overlapping_ranges(
    diags: &mut Vec<Diagnostic>,
    categories: &[Category],
    places: &HashMap<String, Place>,
) {
    let mut ranged: Vec<(i64, i64, usize)> = categories
        .iter()
        .enumerate()
        .filter_map(|(i, c)| {
            c.codes
                .filter(|(lo, hi)| lo <= hi)
                .map(|(lo, hi)| (lo, hi, i))
        })
        .collect();
    ranged.sort_unstable();
    let mut reach: Option<(i64, usize)> = None;
    for (lo, hi, i) in ranged {
        match reach {
            Some((far, j)) if lo <= far => {
                // Name the one defined first in the catalog first, and point at the later one.
                let (a, b) = if j < i {
                    (&categories[j], &categories[i])
                } else {
                    (&categories[i], &categories[j])
                };
                diags.push(
                    Diagnostic::error(
                        "overlapping-ranges",
                        format!(
                            "code ranges of categories `{}` and `{}` overlap",
                            a.id, b.id
                        ),
                    )
                    .on(places[&b.id].value("codes"))
                    .also_on(
                        places[&a.id].value("codes"),
                        &format!("range of `{}`", a.id),
                    )
                    .help("give each category its own range of codes"),
                );
                if hi > far {
                    reach = Some((hi, i));
                }
            }
            _ => reach = Some((hi, i)),
        }
    }
}

/// Two names that become the same identifier in a target, or a reserved word there.
fn check_identifiers(diags: &mut Vec<Diagnostic>, all: &[(Place, &model::ErrorDef)]) {
    for target in targets::all() {
        let mut seen: HashMap<String, (&Place, &str)> = HashMap::new();
        for (place, e) in all {
            if !is_snake_case(&e.name) {
                continue;
            }
            let ident = target.error_identifier(&e.name);
            if target.is_reserved(&ident) {
                diags.push(
                    Diagnostic::error(
                        "reserved-word",
                        format!(
                            "error name `{}` becomes `{ident}`, a reserved word in {}",
                            e.name,
                            target.language()
                        ),
                    )
                    .on(place.value("name"))
                    .help("rename the error, e.g. add a word that says what failed"),
                );
            }
            match seen.get(&ident) {
                Some((first, first_name)) if *first_name != e.name => {
                    diags.push(
                        Diagnostic::error(
                            "name-collision",
                            format!(
                                "error names `{first_name}` and `{}` both become `{ident}` in {}",
                                e.name,
                                target.language()
                            ),
                        )
                        .on(place.value("name"))
                        .also_on(first.value("name"), &format!("`{first_name}` defined here"))
                        .help("rename one of the errors so the names differ by more than underscores or case"),
                    );
                }
                Some(_) => {}
                None => {
                    seen.insert(ident, (place, e.name.as_str()));
                }
            }
        }
    }
}

/// `invalid_phone` → `Invalid phone`: the default title of an error.
fn sentence_case(name: &str) -> String {
    let words = name.replace('_', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Two category ids that become the same identifier in a target (`sms_2fa` / `sms2fa`).
/// Categories follow the same case rules as errors in every target.
fn check_category_identifiers(
    diags: &mut Vec<Diagnostic>,
    categories: &[Category],
    places: &HashMap<String, Place>,
) {
    for target in targets::all() {
        let mut seen: HashMap<String, &str> = HashMap::new();
        for c in categories {
            if !is_snake_case(&c.id) {
                continue;
            }
            let ident = target.error_identifier(&c.id);
            if let Some(first) = seen.get(&ident) {
                diags.push(
                    Diagnostic::error(
                        "name-collision",
                        format!(
                            "category ids `{first}` and `{}` both become `{ident}` in {}",
                            c.id,
                            target.language()
                        ),
                    )
                    .on(places[&c.id].value("id"))
                    .also_on(
                        places[*first].value("id"),
                        &format!("`{first}` defined here"),
                    )
                    .help(
                        "rename one of the categories so the ids differ by more than underscores",
                    ),
                );
            } else {
                seen.insert(ident, &c.id);
            }
        }
    }
}
