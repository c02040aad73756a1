//! Response bodies to check a catalog's schema with, and whether each must be accepted: every
//! error's example body and variants of it the envelope allows (other values, optional fields
//! null or absent, extra members), and bodies it must reject (a constant of another error, an
//! unknown code or name, a field of the wrong type, a missing member, a message its template
//! does not match). Shared by `tests/json_schema.rs` and `tests/openapi.rs`, and run under the
//! Rust `jsonschema` crate, ajv (with ajv-formats) and Python's jsonschema (format checks on).
#![allow(dead_code)]

use errcat::catalog::body::{body_json, example_values};
use errcat::catalog::{BodyMember, BodyValue, Catalog, CatalogError, FieldType, match_message};
use serde_json::{Value, json};
use std::collections::HashMap;

/// One body and the verdict a validator must give.
pub struct Case {
    pub body: Value,
    /// The error whose `$defs` branch is checked, or `None` for the whole schema. A rejection is
    /// checked against the branch only where no other member tells the error apart, so another
    /// error's branch may accept the body (a wire that tells errors apart by the HTTP status or
    /// the message alone).
    pub branch: Option<String>,
    pub valid: bool,
    pub what: String,
}

/// Every case for every error of `cat`.
pub fn cases(cat: &Catalog) -> Vec<Case> {
    cases_of(cat, usize::MAX)
}

/// The cases of at most about `errors` of the catalog's errors, evenly spaced (the first one
/// included): what the external validators check, whose `oneOf` over a few hundred branches is
/// slow in Python.
pub fn cases_of(cat: &Catalog, errors: usize) -> Vec<Case> {
    let step = cat.errors.len().div_ceil(errors.max(1)).max(1);
    let unique = unique_paths(cat);
    let mut out = Vec::new();
    for (i, e) in cat.errors.iter().enumerate().step_by(step) {
        let members = cat.envelope.body_of(cat, e);
        let base = example(cat, e, &example_values(cat, e));
        let what = |s: &str| format!("`{}`: {s}", e.name);
        // A rejection is checked on the whole schema when a member other than the ones changed
        // holds a value only this error has.
        let scope = |changed: &[String]| -> Option<String> {
            if unique.iter().any(|p| p.as_slice() != changed) {
                None
            } else {
                Some(e.name.clone())
            }
        };
        let accept = |out: &mut Vec<Case>, body: Value, s: &str| {
            out.push(Case {
                body,
                branch: None,
                valid: true,
                what: what(s),
            })
        };
        accept(&mut out, base.clone(), "the example body");

        let mut other = example_values(cat, e);
        for v in other.values_mut() {
            if v.is_string() {
                *v = json!("two\nlines with {braces} $^.*+?()[]|\\ and «ünïcode» 🙂");
            }
        }
        accept(
            &mut out,
            example(cat, e, &other),
            "strings with line breaks and regex syntax",
        );

        let mut extra = base.clone();
        add_extra_members(&mut extra, &[], &members);
        accept(&mut out, extra, "extra members everywhere");

        for (path, ty) in fields(cat, e, &members) {
            if matches!(ty, FieldType::Optional(_)) {
                let mut null = base.clone();
                *at(&mut null, &path) = Value::Null;
                accept(&mut out, null, &format!("`{}` null", path.join(".")));
                let mut absent = base.clone();
                remove(&mut absent, &path);
                accept(&mut out, absent, &format!("`{}` absent", path.join(".")));
            }
            for wrong in wrong_values(&ty) {
                let mut body = base.clone();
                *at(&mut body, &path) = wrong.clone();
                out.push(Case {
                    body,
                    branch: scope(&path),
                    valid: false,
                    what: what(&format!(
                        "`{}` set to {wrong} ({})",
                        path.join("."),
                        ty.expr()
                    )),
                });
            }
        }

        let constants = fixed(&members);
        for (path, value) in &constants {
            // The value another error has at the same place.
            let theirs = cat
                .errors
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .find_map(|(_, o)| {
                    fixed(&cat.envelope.body_of(cat, o))
                        .into_iter()
                        .find(|(p, v)| p == path && v != value)
                        .map(|(_, v)| v)
                });
            if let Some(theirs) = theirs {
                let mut body = base.clone();
                *at(&mut body, path) = theirs.clone();
                out.push(Case {
                    body,
                    branch: scope(path),
                    valid: false,
                    what: what(&format!("`{}` of another error ({theirs})", path.join("."))),
                });
            }
            if unique.contains(path) {
                let mut body = base.clone();
                *at(&mut body, path) = match value {
                    // Small enough for a JavaScript number to hold exactly.
                    Value::Number(_) => json!(
                        (987_654_321..)
                            .find(|c| cat.errors.iter().all(|o| fixed(
                                &cat.envelope.body_of(cat, o)
                            )
                            .iter()
                            .all(|(p, v)| p != path || *v != json!(c))))
                            .unwrap_or_default()
                    ),
                    _ => json!("no_such_error"),
                };
                out.push(Case {
                    body,
                    branch: None,
                    valid: false,
                    what: what(&format!("an unknown value at `{}`", path.join("."))),
                });
            }
        }

        for path in required(cat, e, &members) {
            let mut body = base.clone();
            remove(&mut body, &path);
            out.push(Case {
                body,
                branch: scope(&path),
                valid: false,
                what: what(&format!("no `{}`", path.join("."))),
            });
        }

        if let Some(path) = message_path(&members) {
            let text = at(&mut base.clone(), &path)
                .as_str()
                .unwrap_or_default()
                .to_owned();
            let type_of = |name: &str| cat.placeholder_type(e, name).unwrap_or(FieldType::String);
            for wrong in [
                format!("{text} (changed)"),
                String::new(),
                format!("x{text}"),
            ] {
                if match_message(&e.segments, &wrong, &type_of).is_none() {
                    let mut body = base.clone();
                    *at(&mut body, &path) = json!(wrong);
                    out.push(Case {
                        body,
                        branch: scope(&path),
                        valid: false,
                        what: what(&format!("a message its template does not match: {wrong:?}")),
                    });
                }
            }
        }

        if cat.envelope.is_default {
            // `instance` is declared with the `uri-reference` format only at the top level, so
            // only a validator that checks formats rejects this one.
            let mut body = base.clone();
            body["instance"] = json!("/requests/1");
            accept(&mut out, body, "an `instance` URI reference");
            let mut body = base.clone();
            body["instance"] = json!("http://[not a host/");
            out.push(Case {
                body,
                branch: None,
                valid: false,
                what: what("an `instance` that is not a URI reference"),
            });
        }
    }
    out
}

/// The example body of `e` with `values`, as the reference serializer writes it.
pub fn example(cat: &Catalog, e: &CatalogError, values: &errcat::catalog::body::Values) -> Value {
    serde_json::from_str(&body_json(cat, e, values)).expect("the reference body is JSON")
}

/// Paths holding a constant in every error's body, different for each error (`code`, `name`).
fn unique_paths(cat: &Catalog) -> Vec<Vec<String>> {
    let mut values: HashMap<Vec<String>, Vec<String>> = HashMap::new();
    let mut order = Vec::new();
    for e in &cat.errors {
        for (path, value) in fixed(&cat.envelope.body_of(cat, e)) {
            if !values.contains_key(&path) {
                order.push(path.clone());
            }
            values.entry(path).or_default().push(value.to_string());
        }
    }
    order
        .into_iter()
        .filter(|p| {
            let v = &values[p];
            let mut sorted = v.clone();
            sorted.sort();
            sorted.dedup();
            v.len() == cat.errors.len() && sorted.len() == v.len() && cat.errors.len() > 1
        })
        .collect()
}

fn fixed(members: &[BodyMember]) -> Vec<(Vec<String>, Value)> {
    let mut out = Vec::new();
    for m in members {
        match &m.value {
            BodyValue::Object { members } => out.extend(fixed(members)),
            BodyValue::Fixed { value } => out.push((m.path.clone(), value.clone())),
            _ => {}
        }
    }
    out
}

fn fields(
    cat: &Catalog,
    e: &CatalogError,
    members: &[BodyMember],
) -> Vec<(Vec<String>, FieldType)> {
    let mut out = Vec::new();
    for m in members {
        match &m.value {
            BodyValue::Object { members } => out.extend(fields(cat, e, members)),
            BodyValue::Field { name } => {
                let f = cat
                    .wire_fields(e)
                    .into_iter()
                    .find(|f| &f.name == name)
                    .expect("a field");
                out.push((m.path.clone(), f.ty.clone()));
            }
            _ => {}
        }
    }
    out
}

fn required(cat: &Catalog, e: &CatalogError, members: &[BodyMember]) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for m in members {
        match &m.value {
            BodyValue::Object { members } => {
                out.push(m.path.clone());
                out.extend(required(cat, e, members));
            }
            BodyValue::Field { name } => {
                let f = cat
                    .wire_fields(e)
                    .into_iter()
                    .find(|f| &f.name == name)
                    .expect("a field");
                if !matches!(f.ty, FieldType::Optional(_)) {
                    out.push(m.path.clone());
                }
            }
            _ => out.push(m.path.clone()),
        }
    }
    out
}

fn message_path(members: &[BodyMember]) -> Option<Vec<String>> {
    members.iter().find_map(|m| match &m.value {
        BodyValue::Message => Some(m.path.clone()),
        BodyValue::Object { members } => message_path(members),
        _ => None,
    })
}

/// Values a field of type `ty` must not hold.
fn wrong_values(ty: &FieldType) -> Vec<Value> {
    match ty {
        FieldType::String => vec![json!(42), json!(null)],
        FieldType::Integer => vec![json!("7"), json!(1.5), json!(null)],
        FieldType::Number => vec![json!("7"), json!(true)],
        FieldType::Boolean => vec![json!("true"), json!(1)],
        FieldType::List(item) => {
            let mut out = vec![json!({}), json!("[]")];
            out.extend(
                wrong_values(item)
                    .into_iter()
                    .filter(|v| !v.is_null())
                    .map(|v| json!([v])),
            );
            out
        }
        FieldType::Map(item) => {
            let mut out = vec![json!([]), json!(3)];
            out.extend(
                wrong_values(item)
                    .into_iter()
                    .filter(|v| !v.is_null())
                    .map(|v| json!({ "k": v })),
            );
            out
        }
        FieldType::Optional(inner) => wrong_values(inner)
            .into_iter()
            .filter(|v| !v.is_null())
            .collect(),
    }
}

/// Adds a member the envelope does not declare to the body and to each of its objects (not to
/// field values: a map field's members are its entries).
fn add_extra_members(body: &mut Value, path: &[String], members: &[BodyMember]) {
    for m in members {
        if let BodyValue::Object { members } = &m.value {
            add_extra_members(body, &m.path, members);
        }
    }
    if let Some(map) = at(body, path).as_object_mut() {
        map.insert(
            "x_added_by_a_newer_server".into(),
            json!({ "any": [1, "two"] }),
        );
    }
}

/// The member at `path` (created as null when absent).
pub fn at<'a>(v: &'a mut Value, path: &[String]) -> &'a mut Value {
    path.iter().fold(v, |v, key| &mut v[key.as_str()])
}

fn remove(v: &mut Value, path: &[String]) {
    let (last, parent) = path.split_last().expect("a path");
    if let Some(map) = at(v, parent).as_object_mut() {
        map.remove(last);
    }
}

/// For an example's catalog, each body its reference API printed (`responses/*.json` next to
/// it), which its schema must accept; none for another catalog.
pub fn response_cases(catalog: &std::path::Path) -> Vec<Case> {
    let Some(dir) = catalog.parent().map(|d| d.join("responses")) else {
        return Vec::new();
    };
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    paths
        .into_iter()
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("a response file");
            Case {
                body: serde_json::from_str(&text).expect("a JSON response"),
                branch: None,
                valid: true,
                what: format!("the printed response {}", p.display()),
            }
        })
        .collect()
}
