//! One error's own fields: category, code, statuses, message and parameters, fix, version.

use super::Hints;
use super::codes;
use super::names;
use super::place::{At, On, Place, find_placeholder, span_within};
use crate::catalog::{CatalogError, Deprecation, Param};
use crate::diagnostic::Diagnostic;
use crate::lang::NameKind;
use crate::message;
use crate::model;
use crate::rule::Rule;
use std::collections::HashMap;

/// What resolving an error needs from the rest of the catalog.
pub(crate) struct Context<'a, 'b> {
    pub catalog_fields: &'b [crate::catalog::Field],
    pub cat_places: &'b HashMap<String, Place<'a>>,
    pub docs_url: Option<&'b crate::docs_url::DocsUrl>,
    pub complete: bool,
    pub hints: &'b Hints<'b>,
}

/// Checks one error and builds its IR, or reports why it cannot be built.
pub(crate) fn resolve(
    diags: &mut Vec<Diagnostic>,
    place: &Place,
    e: &model::ErrorDef,
    cx: &Context,
) -> Option<CatalogError> {
    let mut ok = true;
    let category = cx.hints.category(&e.category);
    // A category whose definition failed its structural check exists; it has its diagnostic.
    if category.is_none()
        && (!cx.complete || cx.hints.broken_categories.contains(e.category.as_str()))
    {
        ok = false;
    } else if category.is_none() {
        let known = cx.hints.category_ids();
        let mut d = Diagnostic::error(
            Rule::UnknownCategory,
            format!("unknown category `{}`", e.category),
        )
        .on(place.value("category"))
        .about(&e.name);
        d = match cx.hints.nearest(&e.category, known) {
            Some(best) => d.help(format!("did you mean `{best}`?")),
            None if known.is_empty() => d.help("define the category under `categories:`"),
            None => d.help(format!("known categories: {}", Hints::listed(known))),
        };
        diags.push(d);
        ok = false;
    }

    if let Some(cat) = category {
        codes::check_in_range(diags, place, e, cat, cx.cat_places);
    }
    let code = codes::check_code(diags, place, e);
    ok &= code.is_some() == e.code.is_some();

    // Statuses: the error's own, else its category's; none is fine.
    let http_status = match e.http_status {
        Some(s) => {
            let checked = check_status(diags, s, place.value("http_status"));
            ok &= checked.is_some();
            checked
        }
        None => category.and_then(|c| c.http_status),
    };
    let grpc_status = e.grpc_status.or(category.and_then(|c| c.grpc_status));

    // Occurrence fields: the error's own, named apart from its params and from the fields of
    // its category and of the catalog, which it also carries.
    let fields = super::wire::fields(
        diags,
        &e.fields,
        place,
        crate::catalog::FieldLevel::Error,
        Some(&e.name),
    );
    ok &= fields.len() == e.fields.len();
    let inherited: Vec<&crate::catalog::Field> = cx
        .catalog_fields
        .iter()
        .chain(category.into_iter().flat_map(|c| c.fields.iter()))
        .collect();
    let fplace = place.child("fields");
    for f in &fields {
        let clash = if e.params.contains_key(&f.name) {
            Some("a parameter of the error".to_owned())
        } else {
            inherited
                .iter()
                .find(|i| i.name == f.name)
                .map(|i| match i.level {
                    crate::catalog::FieldLevel::Catalog => "a field of the catalog".to_owned(),
                    _ => format!("a field of category `{}`", e.category),
                })
        };
        if let Some(what) = clash {
            diags.push(
                Diagnostic::error(
                    Rule::DuplicateField,
                    format!("field `{}` has the name of {what}", f.name),
                )
                .on(fplace.key(&f.name))
                .help("every parameter and field of an error needs its own name")
                .about(&e.name),
            );
            ok = false;
        }
    }
    for p in e.params.keys() {
        if let Some(i) = inherited.iter().find(|i| &i.name == p) {
            diags.push(
                Diagnostic::error(
                    Rule::DuplicateField,
                    format!(
                        "parameter `{p}` has the name of a field of the {}",
                        match i.level {
                            crate::catalog::FieldLevel::Catalog => "catalog",
                            _ => "category",
                        }
                    ),
                )
                .on(place.child("params").key(p))
                .help("use the field in the message as it is, or rename the parameter")
                .about(&e.name),
            );
            ok = false;
        }
    }
    let wire_field = |name: &str| {
        fields
            .iter()
            .chain(inherited.iter().copied())
            .find(|f| f.name == name)
    };

    // Message placeholders against declared params and fields.
    let segments = match message::parse(&e.message) {
        Ok(s) => s,
        Err(err) => {
            let (file, span) = place.value("message");
            diags.push(
                Diagnostic::error(Rule::BadPlaceholder, err.message)
                    .at(
                        file,
                        span_within(place, "message", &e.message, err.at, err.len).unwrap_or(span),
                    )
                    .help(err.help)
                    .about(&e.name),
            );
            return None;
        }
    };
    let used = message::params_in_order(&segments);
    for p in &used {
        if let Some(f) = wire_field(p).filter(|_| !e.params.contains_key(*p)) {
            if !f.ty.is_scalar() {
                let at = find_placeholder(place, &e.message, p);
                diags.push(
                    Diagnostic::error(
                        Rule::BadPlaceholder,
                        format!(
                            "placeholder `{{{p}}}` names field `{p}` of type `{}`",
                            f.ty.expr()
                        ),
                    )
                    .at(at.0, at.1)
                    .help("a message can show `string`, `integer`, `number` and `boolean` fields; declare a parameter for the text instead")
                    .about(&e.name),
                );
                ok = false;
            }
            continue;
        }
        if !e.params.contains_key(*p) {
            let at = find_placeholder(place, &e.message, p);
            diags.push(
                Diagnostic::error(Rule::UndeclaredParam, format!("placeholder `{{{p}}}` is not declared in `params`"))
                    .at(at.0, at.1)
                    .help(format!("declare it: `params: {{ {p}: {{ type: string }} }}`, or write `{{{{{p}}}}}` for literal braces"))
                    .about(&e.name),
            );
            ok = false;
        }
    }
    let pplace = place.child("params");
    // The parameters of one error share a namespace (a constructor's arguments, a struct's
    // fields): none may be spelled like another in any language.
    let param_names: Vec<names::Named> = e
        .params
        .keys()
        .map(|name| names::Named {
            name,
            at: pplace.key(name),
            subject: Some(&e.name),
        })
        .chain(fields.iter().map(|f| names::Named {
            name: &f.name,
            at: fplace.key(&f.name),
            subject: Some(&e.name),
        }))
        .collect();
    names::check_identifiers(diags, NameKind::Param, &param_names);
    for name in e.params.keys() {
        names::check_snake(diags, name, NameKind::Param, pplace.key(name));
        if !used.contains(&name.as_str()) {
            diags.push(
                Diagnostic::error(
                    Rule::UnusedParam,
                    format!("parameter `{name}` is never used in the message"),
                )
                .on(pplace.key(name))
                .help(format!("use it as `{{{name}}}` in `message`, or remove it"))
                .about(&e.name),
            );
        }
    }

    if e.fix.as_deref().is_none_or(|f| f.trim().is_empty()) {
        diags.push(
            Diagnostic::warning(Rule::MissingFix, format!("error `{}` has no `fix`", e.name))
                .on(place.key("name"))
                .help("add `fix:` telling the caller how to resolve the error")
                .about(&e.name),
        );
    }
    if let Some(since) = &e.since {
        check_semver(diags, since, "`since`", place.value("since"));
    }

    let category = match category {
        Some(c) if ok => c,
        _ => return None,
    };
    let docs_url = cx.docs_url.map(|t| t.expand(&e.name, code.as_ref()));
    // Parameters in order of first use, then any the message does not use (when
    // `unused-param` is allowed), by name.
    let params = used
        .iter()
        .copied()
        .chain(
            e.params
                .keys()
                .map(String::as_str)
                .filter(|p| !used.contains(p)),
        )
        .filter_map(|p| {
            e.params.get(p).map(|def| Param {
                name: p.to_owned(),
                ty: def.ty,
                description: def.description.clone(),
            })
        })
        .collect();
    Some(CatalogError {
        name: e.name.clone(),
        code,
        category: category.id.clone(),
        http_status,
        grpc_status,
        title: e.title.clone().unwrap_or_else(|| sentence_case(&e.name)),
        message: e.message.clone(),
        segments,
        params,
        fields,
        fix: e.fix.clone().filter(|f| !f.trim().is_empty()),
        description: e.description.clone(),
        retryable: e.retryable,
        since: e.since.clone(),
        deprecated: e.deprecated.as_ref().map(|d| Deprecation {
            since: d.since.clone(),
            replaced_by: d.replaced_by.clone(),
            note: d.note.clone(),
        }),
        aliases: e.aliases.clone(),
        docs_url,
        extensions: e.extensions.clone(),
    })
}

pub(crate) fn check_status(diags: &mut Vec<Diagnostic>, status: i64, at: At) -> Option<u16> {
    if (100..=599).contains(&status) {
        Some(status as u16)
    } else {
        diags.push(
            Diagnostic::error(
                Rule::BadHttpStatus,
                format!("HTTP status {status} is not between 100 and 599"),
            )
            .on(at)
            .help("use a status code such as 400, 404, 422, 429 or 500"),
        );
        None
    }
}

pub(crate) fn check_semver(diags: &mut Vec<Diagnostic>, s: &str, what: &str, at: At) {
    if semver::Version::parse(s).is_err() {
        diags.push(
            Diagnostic::error(
                Rule::BadVersion,
                format!("{what} `{s}` is not a semantic version"),
            )
            .on(at)
            .help("write a version such as `1.2.0`"),
        );
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
