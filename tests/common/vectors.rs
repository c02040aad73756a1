//! Response-body test vectors shared by every language: for each error of a catalog, its
//! example body and mutations of it, each with the verdict every generated parser must reach.
//!
//! A verdict is one line: `known <name> <canonical body>` (the parser identified the error and
//! re-serialized it to exactly these bytes), `unknown`, or `malformed`. Each language's driver
//! reads the vectors as JSON lines `{"body": ..., "http_status": ...}` and prints one verdict per
//! line, so the three languages are compared with each other and with the reference.

use errcat::catalog::body::{Values, body_json, example_values};
use errcat::catalog::{
    BodyMember, BodyValue, Catalog, CatalogError, Discriminator, FieldType, Member, Reference,
    Template, match_message,
};
use serde_json::{Value, json};

pub struct Vector {
    /// What the vector tests, for failure messages.
    pub label: String,
    pub body: Value,
    pub http_status: Option<u16>,
    /// The verdict line every language must print.
    pub expect: String,
}

impl Vector {
    /// The JSON line a driver reads.
    pub fn line(&self) -> String {
        json!({ "body": self.body, "http_status": self.http_status }).to_string()
    }
}

fn known(catalog: &Catalog, e: &CatalogError, values: &Values) -> String {
    format!("known {} {}", e.name, body_json(catalog, e, values))
}

/// A value of the wrong JSON type for `ty`.
fn wrong(ty: &FieldType) -> Value {
    match ty {
        FieldType::String => json!(12),
        FieldType::Integer => json!(1.5),
        FieldType::Number | FieldType::Boolean => json!("text"),
        FieldType::List(_) => json!({}),
        FieldType::Map(_) => json!([]),
        FieldType::Optional(inner) => wrong(inner),
    }
}

/// A value no error of the catalog has, of the same JSON type as `v`.
fn unknown_like(v: &Value) -> Value {
    match v {
        Value::Number(_) => json!(987_654_321),
        _ => json!("zz_no_such_error"),
    }
}

fn at<'a>(body: &'a mut Value, path: &[String]) -> Option<&'a mut Value> {
    let mut cur = body;
    for key in path {
        cur = cur.as_object_mut()?.get_mut(key)?;
    }
    Some(cur)
}

fn remove(body: &mut Value, path: &[String]) {
    if let Some((last, parent)) = path.split_last()
        && let Some(Value::Object(map)) = at(body, parent)
    {
        map.remove(last);
    }
}

fn leaves(members: &[BodyMember], out: &mut Vec<BodyMember>) {
    for m in members {
        match &m.value {
            BodyValue::Object { members } => leaves(members, out),
            _ => out.push(m.clone()),
        }
    }
}

/// The error a parser identifies `body` as, by the envelope's `identify` list: the reference
/// semantics (first candidate in catalog order whose every discriminator matches).
pub fn identify<'a>(
    catalog: &'a Catalog,
    body: &Value,
    status: Option<u16>,
) -> Option<&'a CatalogError> {
    catalog.errors.iter().find(|e| {
        catalog.envelope.identify.iter().all(|d| match d {
            Discriminator::HttpStatus => status.is_none() || e.http_status == status,
            Discriminator::Member { path, reference } => {
                let mut cur = Some(body);
                for key in path {
                    cur = cur.and_then(|v| v.as_object()).and_then(|m| m.get(key));
                }
                match reference {
                    Reference::Message => cur.and_then(Value::as_str).is_some_and(|text| {
                        let type_of =
                            |p: &str| catalog.placeholder_type(e, p).unwrap_or(FieldType::String);
                        match_message(&e.segments, text, &type_of).is_some()
                    }),
                    r => cur.cloned() == r.static_value(catalog, e),
                }
            }
        })
    })
}

/// Whether the template member at `path` is a constant (which a body must carry) rather than a
/// catalog value (which a body may leave out, as errors without the value do).
fn is_constant(members: &[Member], path: &[String]) -> bool {
    let Some((first, rest)) = path.split_first() else {
        return false;
    };
    match members.iter().find(|m| &m.key == first).map(|m| &m.value) {
        Some(Template::Object(inner)) => is_constant(inner, rest),
        Some(Template::Const(_)) => rest.is_empty(),
        _ => false,
    }
}

/// Every vector of one catalog.
pub fn vectors(catalog: &Catalog) -> Vec<Vector> {
    let mut out = vec![
        Vector {
            label: "a list is not a body".into(),
            body: json!([]),
            http_status: None,
            expect: "malformed".into(),
        },
        Vector {
            label: "a string is not a body".into(),
            body: json!("error"),
            http_status: None,
            expect: "malformed".into(),
        },
    ];
    let identifying: Vec<&Vec<String>> = catalog
        .envelope
        .identify
        .iter()
        .filter_map(|d| match d {
            Discriminator::Member { path, .. } => Some(path),
            Discriminator::HttpStatus => None,
        })
        .collect();
    for e in &catalog.errors {
        let values = example_values(catalog, e);
        let text = body_json(catalog, e, &values);
        let body: Value = serde_json::from_str(&text).expect("the reference body is JSON");
        let status = e.http_status;
        let push = |out: &mut Vec<Vector>, label: String, body: Value, expect: String| {
            out.push(Vector {
                label: format!("{}: {label}", e.name),
                body,
                http_status: status,
                expect,
            });
        };
        push(
            &mut out,
            "its example body".into(),
            body.clone(),
            known(catalog, e, &values),
        );

        let mut extra = body.clone();
        extra
            .as_object_mut()
            .expect("bodies are objects")
            .insert("zz_extra".into(), json!({"added": "by a newer server"}));
        push(
            &mut out,
            "an extra member is ignored".into(),
            extra,
            known(catalog, e, &values),
        );

        let mut members = Vec::new();
        leaves(&catalog.envelope.body_of(catalog, e), &mut members);
        for m in &members {
            let path = &m.path;
            let dotted = path.join(".");
            match &m.value {
                BodyValue::Field { name } => {
                    let ty = catalog
                        .wire_fields(e)
                        .into_iter()
                        .find(|f| &f.name == name)
                        .map(|f| f.ty.clone())
                        .expect("a body field is a wire field");
                    let mut missing = body.clone();
                    remove(&mut missing, path);
                    let expect = if matches!(ty, FieldType::Optional(_)) {
                        let mut none = values.clone();
                        none.insert(name.clone(), Value::Null);
                        known(catalog, e, &none)
                    } else {
                        "malformed".into()
                    };
                    push(&mut out, format!("`{dotted}` missing"), missing, expect);
                    let mut mistyped = body.clone();
                    if let Some(v) = at(&mut mistyped, path) {
                        *v = wrong(&ty);
                    }
                    push(
                        &mut out,
                        format!("`{dotted}` of the wrong type"),
                        mistyped,
                        "malformed".into(),
                    );
                }
                BodyValue::Fixed { value } => {
                    let is_id = identifying.contains(&path);
                    let mut changed = body.clone();
                    if let Some(v) = at(&mut changed, path) {
                        *v = unknown_like(value);
                    }
                    let mut missing = body.clone();
                    remove(&mut missing, path);
                    let mut mistyped = body.clone();
                    if let Some(v) = at(&mut mistyped, path) {
                        *v = if value.is_string() {
                            json!(7)
                        } else {
                            json!("7")
                        };
                    }
                    let cases = [
                        ("changed", changed),
                        ("missing", missing),
                        ("of the wrong type", mistyped),
                    ];
                    for (what, mutated) in cases {
                        // An identifying member that no longer identifies this error makes the
                        // body unknown, unless it now identifies another error (not asserted).
                        let expect = if !is_id
                            && what == "missing"
                            && !is_constant(&catalog.envelope.body, path)
                        {
                            // A catalog value is checked only when present.
                            Some(known(catalog, e, &values))
                        } else if !is_id {
                            Some("malformed".to_owned())
                        } else {
                            identify(catalog, &mutated, status)
                                .is_none()
                                .then(|| "unknown".to_owned())
                        };
                        if let Some(expect) = expect {
                            push(&mut out, format!("`{dotted}` {what}"), mutated, expect);
                        }
                    }
                }
                BodyValue::Message => {
                    let is_id = identifying.contains(&path);
                    let mut changed = body.clone();
                    if let Some(v) = at(&mut changed, path) {
                        *v = json!("\u{1}no message reads like this");
                    }
                    let expect = if !is_id {
                        Some("malformed".to_owned())
                    } else {
                        identify(catalog, &changed, status)
                            .is_none()
                            .then(|| "unknown".to_owned())
                    };
                    if let Some(expect) = expect {
                        push(&mut out, format!("`{dotted}` reworded"), changed, expect);
                    }
                }
                BodyValue::Object { .. } => {}
            }
        }
        // A body naming one error by code and another by name.
        let name_path = members
            .iter()
            .find(|m| matches!(&m.value, BodyValue::Fixed { value } if value == &json!(e.name)))
            .map(|m| m.path.clone());
        let by_code = catalog.envelope.identify.iter().any(|d| {
            matches!(
                d,
                Discriminator::Member {
                    reference: Reference::Code,
                    ..
                }
            )
        });
        if let (Some(path), true, Some(other)) = (
            name_path,
            by_code,
            catalog.errors.iter().find(|o| o.name != e.name),
        ) {
            let mut disagree = body.clone();
            if let Some(v) = at(&mut disagree, &path) {
                *v = json!(other.name);
            }
            push(
                &mut out,
                "its code with another error's name".into(),
                disagree,
                "malformed".into(),
            );
        }
        // An object on the path to the fields replaced by text.
        if let Some(first) = catalog.envelope.fields_at.first() {
            let mut flat = body.clone();
            if let Some(v) = at(&mut flat, std::slice::from_ref(first)) {
                *v = json!("flattened");
            }
            push(
                &mut out,
                format!("`{first}` is text"),
                flat,
                "malformed".into(),
            );
        }
    }
    out
}
