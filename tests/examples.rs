//! The reference APIs reproduced in `examples/`: every catalog passes `errcat check`, and every
//! printed response body is JSON, is named after an error of its catalog, and is the body the
//! catalog's envelope writes for that error with the values the body carries (same members,
//! values and order).

mod common;

use errcat::catalog::body::{Values, body_json};
use errcat::catalog::{BodyMember, BodyValue, Catalog, CatalogError, FieldType, match_message};
use errcat::message::Segment;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Every directory under `examples/` that holds a `catalog.yaml`, sorted.
fn examples() -> Vec<PathBuf> {
    let out: Vec<PathBuf> = common::example_catalogs()
        .into_iter()
        .filter_map(|c| c.parent().map(Path::to_path_buf))
        .collect();
    assert!(
        out.len() >= 5,
        "expected the five reference APIs under examples/, found {out:?}"
    );
    out
}

/// The `responses/*.json` files of an example, sorted; the directory holds nothing else.
fn responses(example: &Path) -> Vec<PathBuf> {
    let dir = example.join("responses");
    let mut out: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.expect("a directory entry").path())
        .collect();
    out.sort();
    for p in &out {
        assert!(
            p.is_file() && p.extension().is_some_and(|x| x == "json"),
            "{} is not a `.json` file; responses/ holds only response bodies",
            p.display()
        );
    }
    assert!(!out.is_empty(), "{} holds no response body", dir.display());
    out
}

/// The error a response file shows: `<name>.json`, or `<name>.<n>.json` (n ≥ 2) for another
/// body of the same error.
fn error_name(file: &Path) -> String {
    let stem = file
        .file_stem()
        .and_then(|s| s.to_str())
        .expect("UTF-8 name");
    match stem.rsplit_once('.') {
        Some((name, n)) => {
            assert!(
                n.parse::<u32>().is_ok_and(|n| n >= 2),
                "{}: a second body of one error is named `<name>.2.json`, `<name>.3.json`, ...",
                file.display()
            );
            name.to_owned()
        }
        None => stem.to_owned(),
    }
}

fn read_json(file: &Path) -> (String, Value) {
    let text = std::fs::read_to_string(file)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()));
    let value: Value = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{} is not JSON: {e}", file.display()));
    assert!(value.is_object(), "{} is not a JSON object", file.display());
    (text, value)
}

#[test]
fn every_example_catalog_passes_check_without_warnings() {
    for example in examples() {
        let catalog = example.join("catalog.yaml");
        let out = Command::new(env!("CARGO_BIN_EXE_errcat"))
            .current_dir(common::root())
            .args(["check", "--deny", "warnings", "--catalog"])
            .arg(&catalog)
            .output()
            .expect("errcat runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success(),
            "`errcat check {}` failed:\n{stderr}",
            catalog.display()
        );
        assert!(
            stderr.contains("is valid") && !stderr.contains("warning"),
            "`errcat check {}` reported findings:\n{stderr}",
            catalog.display()
        );
    }
}

#[test]
fn every_response_is_a_json_object_named_after_an_error_of_its_catalog() {
    for example in examples() {
        let catalog = common::load(&example.join("catalog.yaml"));
        for file in responses(&example) {
            read_json(&file);
            let name = error_name(&file);
            assert!(
                catalog.errors.iter().any(|e| e.name == name),
                "{}: `{name}` is not an error of {}",
                file.display(),
                example.join("catalog.yaml").display()
            );
        }
    }
}

/// The printed body and the catalog's body of its error agree member for member, in the same
/// order; only the members of a map-typed field's value may come in any order (the catalog
/// cannot know the order a server writes a map in).
#[test]
fn every_response_is_the_body_its_catalog_writes_for_its_error() {
    for example in examples() {
        let catalog = common::load(&example.join("catalog.yaml"));
        for file in responses(&example) {
            let (text, body) = read_json(&file);
            let name = error_name(&file);
            let Some(error) = catalog.errors.iter().find(|e| e.name == name) else {
                panic!(
                    "{}: `{name}` is not an error of its catalog",
                    file.display()
                );
            };
            let values = occurrence_values(&catalog, error, &body, &file);
            let written = body_json(&catalog, error, &values);
            let ours: Value = serde_json::from_str(&written).expect("the catalog writes JSON");
            assert_eq!(
                ours,
                body,
                "{}: the catalog writes another body for `{name}`: {written}",
                file.display()
            );
            let members: Ordered = serde_json::from_str(&text).expect("JSON");
            assert_same_order(&catalog.envelope.body_of(&catalog, error), &members, &file);
        }
    }
}

#[test]
fn the_examples_readme_lists_every_example() {
    let readme = std::fs::read_to_string(common::root().join("examples/README.md"))
        .expect("examples/README.md exists");
    for example in examples() {
        let dir = example.file_name().and_then(|s| s.to_str()).expect("UTF-8");
        assert!(
            readme.contains(&format!("({dir}/README.md)")),
            "examples/README.md does not link {dir}/README.md"
        );
        assert!(
            example.join("README.md").is_file(),
            "examples/{dir} has no README.md"
        );
    }
}

/// The params and wire fields of one occurrence, read from its body: each field from its
/// member, each param from the message text matched against the error's template.
fn occurrence_values(catalog: &Catalog, error: &CatalogError, body: &Value, file: &Path) -> Values {
    let mut values = Values::new();
    let mut message = None;
    collect(
        &catalog.envelope.body_of(catalog, error),
        body,
        &mut values,
        &mut message,
    );
    for field in catalog.wire_fields(error) {
        let value = values.get(&field.name).unwrap_or(&Value::Null);
        assert!(
            conforms(&field.ty, value),
            "{}: `{}` is {value}, not a value of type `{}`",
            file.display(),
            field.wire,
            field.ty.expr()
        );
    }
    let Some(text) = message else {
        return values;
    };
    let type_of = |p: &str| {
        catalog
            .placeholder_type(error, p)
            .unwrap_or(FieldType::String)
    };
    let Some(pieces) = match_message(&error.segments, &text, &type_of) else {
        panic!(
            "{}: the message {text:?} does not match the template {:?} of `{}`",
            file.display(),
            error.message,
            error.name
        );
    };
    let placeholders = error.segments.iter().filter_map(|s| match s {
        Segment::Param(p) => Some(p),
        Segment::Text(_) => None,
    });
    for (p, piece) in placeholders.zip(pieces) {
        if !error.params.iter().any(|x| &x.name == p) {
            continue; // a wire field: its value is the member's
        }
        let value = match type_of(p) {
            FieldType::String => Value::String(piece),
            _ => serde_json::from_str(&piece).expect("a matched placeholder is JSON"),
        };
        values.insert(p.clone(), value);
    }
    values
}

/// Whether a JSON value has a field type: an integer is a JSON number without a fraction.
fn conforms(ty: &FieldType, v: &Value) -> bool {
    match ty {
        FieldType::String => v.is_string(),
        FieldType::Integer => v.is_i64(),
        FieldType::Number => v.is_number(),
        FieldType::Boolean => v.is_boolean(),
        FieldType::List(t) => v
            .as_array()
            .is_some_and(|a| a.iter().all(|x| conforms(t, x))),
        FieldType::Map(t) => v
            .as_object()
            .is_some_and(|m| m.values().all(|x| conforms(t, x))),
        FieldType::Optional(t) => v.is_null() || conforms(t, v),
    }
}

fn collect(members: &[BodyMember], body: &Value, values: &mut Values, msg: &mut Option<String>) {
    for m in members {
        let Some(v) = m.path.iter().try_fold(body, |v, k| v.get(k)) else {
            continue;
        };
        match &m.value {
            BodyValue::Object { members } => collect(members, body, values, msg),
            BodyValue::Field { name } => {
                values.insert(name.clone(), v.clone());
            }
            BodyValue::Message => *msg = v.as_str().map(str::to_owned),
            BodyValue::Fixed { .. } => {}
        }
    }
}

/// Each object of the body template has its members in the file in template order.
fn assert_same_order(members: &[BodyMember], file_object: &Ordered, file: &Path) {
    let Ordered::Object(got) = file_object else {
        panic!(
            "{}: an object of the template is not an object",
            file.display()
        );
    };
    let want: Vec<&str> = members.iter().map(|m| m.key.as_str()).collect();
    let keys: Vec<&str> = got.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        keys,
        want,
        "{}: the members are not in the catalog's order",
        file.display()
    );
    for m in members {
        if let BodyValue::Object { members } = &m.value {
            let (_, inner) = got
                .iter()
                .find(|(k, _)| k == &m.key)
                .expect("compared above");
            assert_same_order(members, inner, file);
        }
    }
}

/// A JSON value that keeps the order of its objects' members (`serde_json::Value` sorts them).
enum Ordered {
    Object(Vec<(String, Ordered)>),
    Other,
}

impl<'de> serde::Deserialize<'de> for Ordered {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(OrderedVisitor)
    }
}

struct OrderedVisitor;

impl<'de> serde::de::Visitor<'de> for OrderedVisitor {
    type Value = Ordered;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Ordered, A::Error> {
        let mut members = Vec::new();
        while let Some(member) = map.next_entry::<String, Ordered>()? {
            members.push(member);
        }
        Ok(Ordered::Object(members))
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Ordered, A::Error> {
        while seq.next_element::<Ordered>()?.is_some() {}
        Ok(Ordered::Other)
    }
    fn visit_bool<E>(self, _: bool) -> Result<Ordered, E> {
        Ok(Ordered::Other)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Ordered, E> {
        Ok(Ordered::Other)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Ordered, E> {
        Ok(Ordered::Other)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Ordered, E> {
        Ok(Ordered::Other)
    }
    fn visit_str<E>(self, _: &str) -> Result<Ordered, E> {
        Ok(Ordered::Other)
    }
    fn visit_unit<E>(self) -> Result<Ordered, E> {
        Ok(Ordered::Other)
    }
}
