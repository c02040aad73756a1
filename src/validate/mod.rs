//! Semantic checks across all files of a catalog, producing the validated [`Catalog`].
//!
//! Every finding carries a [`Rule`]. All problems are collected; the catalog is returned only
//! when there is no error. One file per concern: [`place`] (locations), [`names`] (snake_case
//! and identifiers in every language), [`codes`], [`entry`] (one error's fields) and [`levels`]
//! (configurable rules).

mod codes;
mod consistency;
mod entry;
mod levels;
mod lifecycle;
mod names;
mod place;
mod replacements;
mod wire;

pub use levels::{RuleFlags, rule_problem};

use crate::catalog::{Catalog, Category, CodeKind, Coverage, FieldLevel};
use crate::diagnostic::Diagnostic;
use crate::docs_url::DocsUrl;
use crate::lang::NameKind;
use crate::loader::ParsedFile;
use crate::model;
use crate::rule::Rule;
use crate::source::SourceFile;
use crate::structure::nearest;
use names::Named;
use place::{On, Place};
use std::collections::{HashMap, HashSet};

/// Most names listed in a "known ..." hint.
const MAX_LISTED: usize = 20;

/// The one format version this errcat reads.
pub const FORMAT_VERSION: u64 = 1;

/// Category lookups for error resolution, and a budget for did-you-mean hints: each hint
/// compares a name with every candidate, so a catalog with many unknown references to many names
/// would make validation quadratic. Past the budget, diagnostics go without the hint. The index
/// and the list of ids are built once, not per error.
pub(crate) struct Hints<'a> {
    comparisons_left: std::cell::Cell<usize>,
    categories: &'a [Category],
    by_id: HashMap<&'a str, usize>,
    category_ids: std::sync::OnceLock<Vec<String>>,
    /// Categories defined with a structural problem: known, but not resolvable.
    pub broken_categories: HashSet<&'a str>,
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

    pub fn category(&self, id: &str) -> Option<&'a Category> {
        self.by_id.get(id).map(|&i| &self.categories[i])
    }

    pub fn category_ids(&self) -> &[String] {
        self.category_ids
            .get_or_init(|| self.categories.iter().map(|c| c.id.clone()).collect())
    }

    pub fn nearest(&self, word: &str, candidates: &[String]) -> Option<String> {
        let left = self.comparisons_left.get();
        if candidates.len() > left {
            return None;
        }
        self.comparisons_left.set(left - candidates.len());
        nearest(word, candidates)
    }

    /// `known categories: `a`, `b`` (at most [`MAX_LISTED`]).
    pub fn listed(known: &[String]) -> String {
        format!(
            "{}{}",
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
        )
    }
}

/// Checks the parsed files as one catalog. `source` is the catalog path shown in generated
/// headers; `flags` are the rule levels given on the command line.
pub fn validate(
    files: &[ParsedFile],
    sources: &[SourceFile],
    source: &str,
    flags: &RuleFlags,
) -> (Option<Catalog>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut levels = levels::Levels::default();
    // A file that could not be read at all already has its diagnostic; checks that need every
    // file (the header, cross-file references) would only add noise.
    let complete = files.len() == sources.len();

    for f in files {
        if let Some(v) = f.errcat
            && v != FORMAT_VERSION
        {
            diags.push(
                Diagnostic::error(
                    Rule::UnsupportedVersion,
                    format!("unsupported format version `errcat: {v}`"),
                )
                .on((f.file, f.locator.value("/errcat")))
                .help(format!("this errcat reads format version {FORMAT_VERSION}; write `errcat: {FORMAT_VERSION}`")),
            );
        }
    }

    let header = check_header(&mut diags, &mut levels, files, sources, complete);

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
            names::check_snake(&mut diags, &c.id, NameKind::Category, place.value("id"));
            if let Some(first) = cat_places.get(&c.id) {
                diags.push(
                    Diagnostic::error(
                        Rule::DuplicateCategory,
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
                .and_then(|s| entry::check_status(&mut diags, s, place.value("http_status")));
            let codes = c.codes.map(|[lo, hi]| (lo, hi));
            if let Some((lo, hi)) = codes
                && lo > hi
            {
                diags.push(
                    Diagnostic::error(
                        Rule::BadCodeRange,
                        format!("code range [{lo}, {hi}] is empty"),
                    )
                    .on(place.value("codes"))
                    .help("write the range as `[first, last]` with first <= last"),
                );
            }
            let fields = wire::fields(&mut diags, &c.fields, &place, FieldLevel::Category, None);
            cat_places.insert(c.id.clone(), place);
            categories.push(Category {
                id: c.id.clone(),
                title: c.title.clone(),
                description: c.description.clone(),
                http_status,
                grpc_status: c.grpc_status,
                codes,
                fields,
                extensions: c.extensions.clone(),
            });
        }
    }
    codes::check_overlapping_ranges(&mut diags, &categories, &cat_places);

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

    let code_kind = codes::check_code_kinds(&mut diags, &all);
    let header_file = files.iter().find(|f| f.header.is_some());
    let docs_url = docs_url(&mut diags, header_file, sources, code_kind);
    let mut hints = Hints::new(&categories);
    hints.broken_categories = files
        .iter()
        .flat_map(|f| f.broken_categories.iter().map(String::as_str))
        .collect();

    // The wire: catalog fields and the envelope, which the header declares.
    let header_place = header_file.map(|file| Place {
        file,
        text: &sources[file.file].text,
        pointer: "/catalog".into(),
    });
    let catalog_fields = match (&header, &header_place) {
        (Some(h), Some(place)) => {
            wire::fields(&mut diags, &h.fields, place, FieldLevel::Catalog, None)
        }
        _ => Vec::new(),
    };
    let extension_keys: HashSet<String> = all
        .iter()
        .flat_map(|(_, e)| e.extensions.keys())
        .chain(categories.iter().flat_map(|c| c.extensions.keys()))
        .cloned()
        .collect();
    let envelope = match (&header, &header_place) {
        (Some(h), Some(place)) => wire::envelope(
            &mut diags,
            h.envelope.as_ref(),
            place,
            &wire::EnvelopeContext {
                code_kind,
                catalog_fields: &catalog_fields,
                extension_keys: &extension_keys,
                hints: &hints,
            },
        ),
        _ => None,
    };
    let mut names: HashMap<&str, &Place> = HashMap::new();
    let mut seen_codes: HashMap<&model::Code, (&Place, &str)> = HashMap::new();
    let mut errors = Vec::new();
    for (place, e) in &all {
        levels.error(&mut diags, e, place);
        names::check_snake(&mut diags, &e.name, NameKind::Error, place.value("name"));
        if let Some(first) = names.get(e.name.as_str()) {
            diags.push(
                Diagnostic::error(
                    Rule::DuplicateName,
                    format!("error name `{}` is used twice", e.name),
                )
                .on(place.value("name"))
                .also_on(first.value("name"), "first used here")
                .help("every error needs a unique name")
                .about(&e.name),
            );
        } else {
            names.insert(&e.name, place);
        }
        if let Some(code) = &e.code {
            if let Some((first, first_name)) = seen_codes.get(code) {
                diags.push(
                    Diagnostic::error(
                        Rule::DuplicateCode,
                        format!("code `{}` is used twice", codes::show_code(code)),
                    )
                    .on(place.value("code"))
                    .also_on(
                        first.value("code"),
                        format!("first used by `{first_name}` here").as_str(),
                    )
                    .help("every error needs a unique code")
                    .about(&e.name),
                );
            } else {
                seen_codes.insert(code, (place, e.name.as_str()));
            }
        }
        let context = entry::Context {
            catalog_fields: &catalog_fields,
            cat_places: &cat_places,
            docs_url: docs_url.as_ref(),
            complete,
            hints: &hints,
        };
        if let Some(err) = entry::resolve(&mut diags, place, e, &context) {
            errors.push(err);
        }
    }

    let retired: Vec<(Place, &model::RetiredDef)> =
        entries(files, sources, "retired", |f| &f.retired);
    let reserved: Vec<(Place, &model::ReservedDef)> =
        entries(files, sources, "reserved", |f| &f.reserved);
    let life = lifecycle::check(&mut diags, &all, &retired, &reserved, code_kind);
    let mut broken_errors: HashSet<&str> = files
        .iter()
        .flat_map(|f| f.broken_errors.iter().map(String::as_str))
        .collect();
    // A replacement naming a retired error is a chain, reported by `lifecycle`.
    broken_errors.extend(life.retired_names.iter().copied());
    check_deprecations(&mut diags, &all, &names, &broken_errors, complete, &hints);
    replacements::check_replacements(
        &mut diags,
        &all,
        &retired,
        &life.retired_names,
        complete,
        &broken_errors,
        &hints,
    );
    consistency::check_retryable(&mut diags, &all, &errors);
    consistency::check_duplicate_messages(&mut diags, &all);

    // Aliases become identifiers next to the error names, in every language.
    let error_names: Vec<Named> = all
        .iter()
        .map(|(p, e)| Named {
            name: &e.name,
            at: p.value("name"),
            subject: Some(&e.name),
        })
        .chain(life.aliases)
        .collect();
    names::check_identifiers(&mut diags, NameKind::Error, &error_names);
    if let Some(h) = &header {
        names::check_error_classes(&mut diags, &h.name, &error_names);
    }
    let category_names: Vec<Named> = categories
        .iter()
        .map(|c| Named {
            name: &c.id,
            at: cat_places[&c.id].value("id"),
            subject: None,
        })
        .collect();
    names::check_identifiers(&mut diags, NameKind::Category, &category_names);

    levels.apply(&mut diags, flags);
    if diags.iter().any(Diagnostic::is_error) {
        return (None, diags);
    }
    let (Some(h), Some(envelope)) = (header, envelope) else {
        return (None, diags);
    };
    errors.sort_by(|a, b| a.code.cmp(&b.code).then_with(|| a.name.cmp(&b.name)));
    let mut retired = life.retired;
    retired.sort_by(|a, b| a.code.cmp(&b.code).then_with(|| a.name.cmp(&b.name)));
    let catalog = Catalog {
        name: h.name,
        title: h.title,
        version: h.version,
        description: h.description,
        source: source.to_owned(),
        code_kind,
        http_status: Coverage::of(&errors, |e| e.http_status.is_some()),
        grpc_status: Coverage::of(&errors, |e| e.grpc_status.is_some()),
        categories,
        errors,
        retired,
        reserved: life.reserved,
        fields: catalog_fields,
        envelope,
    };
    let error_at = |name: &str| names[name].value("name");
    let before = diags.len();
    let field_at = |name: &str, field: &str| names[name].child("fields").child(field).value("wire");
    wire::check_bodies(&mut diags, &catalog, &error_at, &field_at);
    if diags[before..].iter().any(Diagnostic::is_error) {
        return (None, diags);
    }
    (Some(catalog), diags)
}

/// The entries of the list `key` of every file, with their places.
fn entries<'a, T>(
    files: &'a [ParsedFile],
    sources: &'a [SourceFile],
    key: &str,
    list: impl Fn(&'a ParsedFile) -> &'a Vec<(usize, T)>,
) -> Vec<(Place<'a>, &'a T)> {
    files
        .iter()
        .flat_map(|f| {
            list(f).iter().map(move |(i, t)| {
                (
                    Place {
                        file: f,
                        text: &sources[f.file].text,
                        pointer: format!("/{key}/{i}"),
                    },
                    t,
                )
            })
        })
        .collect()
}

/// The header: exactly one file declares `catalog:`; its name, version and rules are valid.
fn check_header(
    diags: &mut Vec<Diagnostic>,
    levels: &mut levels::Levels,
    files: &[ParsedFile],
    sources: &[SourceFile],
    complete: bool,
) -> Option<model::Header> {
    let headers: Vec<&ParsedFile> = files.iter().filter(|f| f.header.is_some()).collect();
    match headers.as_slice() {
        // A header that failed its structural check has its own diagnostic.
        [] if !complete || files.iter().any(|f| f.broken_header) => None,
        [] => {
            let mut d = Diagnostic::error(
                Rule::MissingHeader,
                "no file declares the `catalog:` header",
            )
            .help("add `catalog: { name: ..., title: ..., version: ... }` to one catalog file");
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
                        Rule::DuplicateHeader,
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
                if names::check_snake(diags, &h.name, NameKind::Catalog, place.value("name")) {
                    names::check_identifiers(
                        diags,
                        NameKind::Catalog,
                        &[Named {
                            name: &h.name,
                            at: place.value("name"),
                            subject: None,
                        }],
                    );
                }
                entry::check_semver(diags, &h.version, "`version`", place.value("version"));
                levels.catalog(diags, &h.rules, &place);
            }
            h
        }
    }
}

/// The header's `docs_url`, parsed once (see `docs_url`); each problem is a `bad-docs-url`
/// diagnostic pointing into the URL where the source spells it literally.
fn docs_url(
    diags: &mut Vec<Diagnostic>,
    header_file: Option<&ParsedFile>,
    sources: &[SourceFile],
    code_kind: CodeKind,
) -> Option<DocsUrl> {
    let file = header_file?;
    let template = file.header.as_ref()?.docs_url.as_deref()?;
    let place = Place {
        file,
        text: &sources[file.file].text,
        pointer: "/catalog".into(),
    };
    let problems = match DocsUrl::parse(template, code_kind != CodeKind::None) {
        Ok(url) => return Some(url),
        Err(problems) => problems,
    };
    for p in problems {
        let (file, span) = place.value("docs_url");
        let span = place::span_within(&place, "docs_url", template, p.at, p.len).unwrap_or(span);
        diags.push(
            Diagnostic::error(Rule::BadDocsUrl, p.message)
                .at(file, span)
                .help(p.help),
        );
    }
    None
}

/// Deprecations point at existing errors other than themselves.
fn check_deprecations(
    diags: &mut Vec<Diagnostic>,
    all: &[(Place, &model::ErrorDef)],
    names: &HashMap<&str, &Place>,
    broken_errors: &HashSet<&str>,
    complete: bool,
    hints: &Hints,
) {
    let known_names = std::sync::OnceLock::new();
    for (place, e) in all {
        let Some(dep) = &e.deprecated else {
            continue;
        };
        let dplace = place.child("deprecated");
        if let Some(since) = &dep.since {
            entry::check_semver(diags, since, "`deprecated.since`", dplace.value("since"));
        }
        let Some(target) = &dep.replaced_by else {
            continue;
        };
        if target == &e.name {
            diags.push(
                Diagnostic::error(
                    Rule::BadReplacement,
                    format!("`{}` cannot be replaced by itself", e.name),
                )
                .on(dplace.value("replaced_by"))
                .about(&e.name),
            );
        } else if complete
            && !names.contains_key(target.as_str())
            && !broken_errors.contains(target.as_str())
        {
            let known: &Vec<String> =
                known_names.get_or_init(|| names.keys().map(|s| s.to_string()).collect());
            let mut d = Diagnostic::error(
                Rule::UnknownReplacement,
                format!("`replaced_by` names unknown error `{target}`"),
            )
            .on(dplace.value("replaced_by"))
            .about(&e.name);
            // Never suggest the error itself, which cannot replace itself.
            if let Some(best) = hints.nearest(target, known).filter(|b| *b != e.name) {
                d = d.help(format!("did you mean `{best}`?"));
            }
            diags.push(d);
        }
    }
}
