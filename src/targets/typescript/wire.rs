//! The wire half of the TypeScript view: each error's data properties with their TypeScript
//! types, its response body as the table the generated serializer and parser walk, and the
//! catalog's identification steps.
//!
//! Bodies and values are handed to the template as TypeScript expressions, built here from
//! [`Envelope::body_of`](crate::catalog::Envelope::body_of), so the generated module walks the
//! same members in the same order as the reference serializer (`catalog::body`).

use super::MAX_SAFE_INTEGER;
use crate::catalog::{
    BodyMember, BodyValue, Catalog, CatalogError, Discriminator, FieldType, Member, Template,
    body::js_number,
};
use crate::filters::ts_str;
use crate::lang::typescript::{Property, TypeScript as Names};
use crate::message::Segment;
use serde::Serialize;
use serde_json::Value;

/// One constructor argument of an error, which is also a property of its data: a message
/// parameter or an occurrence field.
#[derive(Serialize)]
pub(super) struct ArgView {
    /// The catalog name (`retry_after_seconds`).
    pub name: String,
    /// The property in the data and in the constructor's argument (`name` is `name_`).
    pub property: Property,
    /// The TypeScript type: `string`, `number`, `boolean`, `ReadonlyArray<T>`,
    /// `Readonly<Record<string, T>>`, `T | null`.
    pub ts_type: String,
    /// The catalog's type expression (`optional<list<string>>`), which the module checks values
    /// against at run time.
    pub wire_type: String,
    /// Whether it is a message parameter (message-only) rather than an occurrence field.
    pub is_param: bool,
    /// The field's description, already made safe for `/** */`; empty for none.
    pub doc: String,
}

/// The arguments of `error`: its params in message order, then its wire fields (catalog,
/// category, own).
pub(super) fn args(catalog: &Catalog, error: &CatalogError) -> Vec<ArgView> {
    let params = error.params.iter().map(|p| {
        let ty = catalog
            .placeholder_type(error, &p.name)
            .unwrap_or(FieldType::String);
        (p.name.as_str(), ty, true, p.description.as_deref())
    });
    let fields = catalog.wire_fields(error).into_iter().map(|f| {
        (
            f.name.as_str(),
            f.ty.clone(),
            false,
            f.description.as_deref(),
        )
    });
    params
        .chain(fields)
        .map(|(name, ty, is_param, doc)| ArgView {
            name: name.to_owned(),
            property: Names::param(name),
            ts_type: ts_type(&ty),
            wire_type: ty.expr(),
            is_param,
            doc: super::doc_text(doc.unwrap_or("").trim()),
        })
        .collect()
}

/// Whether the message parameters among `args` are `error`'s params as its `ERRORS` row lists
/// them: the same names as data properties, the same type expressions, in the same order.
pub(super) fn params_from_info(error: &CatalogError, args: &[ArgView]) -> bool {
    let params: Vec<&ArgView> = args.iter().filter(|a| a.is_param).collect();
    params.len() == error.params.len()
        && params.iter().zip(&error.params).all(|(a, p)| {
            a.property.name == p.name
                && serde_json::to_value(p.ty).ok() == Some(Value::from(a.wire_type.as_str()))
        })
}

/// The TypeScript type of a field type. Lists and maps are read-only, so callers can pass
/// read-only values and no one changes an error's data in place.
pub(super) fn ts_type(ty: &FieldType) -> String {
    match ty {
        FieldType::String => "string".into(),
        FieldType::Integer | FieldType::Number => "number".into(),
        FieldType::Boolean => "boolean".into(),
        FieldType::List(t) => format!("ReadonlyArray<{}>", ts_type(t)),
        FieldType::Map(t) => format!("Readonly<Record<string, {}>>", ts_type(t)),
        FieldType::Optional(t) => format!("{} | null", ts_type(t)),
    }
}

/// The message with data properties in place of placeholders: text at even indices, property
/// names at odd ones (as `parts` does with catalog names).
pub(super) fn message_parts(segments: &[Segment]) -> Vec<String> {
    crate::message::alternating(segments)
        .into_iter()
        .enumerate()
        .map(|(i, p)| {
            if i % 2 == 1 {
                Names::param(p).name
            } else {
                p.to_owned()
            }
        })
        .collect()
}

/// The body of `error` as a TypeScript array of `ShapeSpec`s, one member per line at `indent`.
/// `info` holds the error's `ErrorInfo` properties as its `ERRORS` row writes them (property,
/// TypeScript expression): a catalog value written the same way is named by its property
/// (`{ key: "title", info: "title" }`) rather than written again, and `defineWire` reads it
/// from the row. Equal expressions give equal values, so the body is the same.
pub(super) fn body(
    catalog: &Catalog,
    error: &CatalogError,
    info: &[(&'static str, String)],
    indent: usize,
) -> String {
    let members = catalog.envelope.body_of(catalog, error);
    shapes(&members, &catalog.envelope.body, info, indent)
}

fn shapes(
    members: &[BodyMember],
    template: &[Member],
    info: &[(&'static str, String)],
    indent: usize,
) -> String {
    if members.is_empty() {
        return "[]".into();
    }
    let pad = " ".repeat(indent + 2);
    let mut out = String::from("[\n");
    for m in members {
        let key = ts_str(&m.key);
        let inner = template.iter().find(|t| t.key == m.key).map(|t| &t.value);
        let shape = match &m.value {
            BodyValue::Object { members } => {
                let nested = match inner {
                    Some(Template::Object(t)) => t.as_slice(),
                    _ => &[],
                };
                format!(
                    "{{ key: {key}, members: {} }}",
                    shapes(members, nested, info, indent + 2)
                )
            }
            BodyValue::Fixed { value } => {
                let constant = matches!(inner, Some(Template::Const(_)));
                let value = ts_value(value);
                match info.iter().find(|(_, written)| *written == value) {
                    Some((property, _)) if !constant => {
                        format!("{{ key: {key}, info: {} }}", ts_str(property))
                    }
                    _ => format!("{{ key: {key}, value: {value}, constant: {constant} }}"),
                }
            }
            BodyValue::Message => format!("{{ key: {key}, message: true }}"),
            BodyValue::Field { name } => {
                format!(
                    "{{ key: {key}, field: {} }}",
                    ts_str(&Names::param(name).name)
                )
            }
        };
        out.push_str(&pad);
        out.push_str(&shape);
        out.push_str(",\n");
    }
    out.push_str(&" ".repeat(indent));
    out.push(']');
    out
}

/// A JSON value as a TypeScript expression that evaluates to it. An integer beyond
/// `Number.MAX_SAFE_INTEGER` is a `bigint`, so `responseJson` writes its exact digits and
/// `JSON.stringify` refuses it rather than rounding. A `__proto__` key is written computed,
/// since a plain `__proto__:` in an object literal sets the prototype instead of a member.
pub(super) fn ts_value(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) if !(-MAX_SAFE_INTEGER..=MAX_SAFE_INTEGER).contains(&i) => format!("{i}n"),
            (Some(i), _) => i.to_string(),
            (None, Some(u)) => format!("{u}n"),
            _ => js_number(n.as_f64().unwrap_or(0.0)),
        },
        Value::String(s) => ts_str(s),
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(ts_value).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Object(map) if map.is_empty() => "{}".into(),
        Value::Object(map) => {
            let members: Vec<String> = map
                .iter()
                .map(|(k, v)| {
                    if k == "__proto__" {
                        format!("[{}]: {}", ts_str(k), ts_value(v))
                    } else {
                        format!("{}: {}", ts_str(k), ts_value(v))
                    }
                })
                .collect();
            format!("{{ {} }}", members.join(", "))
        }
    }
}

/// The extensions `$ext.KEY` reads for `error`: its category's, overridden by its own.
pub(super) fn extensions(catalog: &Catalog, error: &CatalogError) -> String {
    let mut merged = serde_json::Map::new();
    if let Some(c) = catalog.category(&error.category) {
        for (k, v) in &c.extensions {
            merged.insert(k.clone(), v.clone());
        }
    }
    for (k, v) in &error.extensions {
        merged.insert(k.clone(), v.clone());
    }
    ts_value(&Value::Object(merged))
}

/// The identification steps: a member path as an array of keys, `null` for the HTTP status.
pub(super) fn identify(catalog: &Catalog) -> String {
    let steps: Vec<String> = catalog
        .envelope
        .identify
        .iter()
        .map(|d| match d {
            Discriminator::Member { path, .. } => {
                let keys: Vec<String> = path.iter().map(|k| ts_str(k)).collect();
                format!("[{}]", keys.join(", "))
            }
            Discriminator::HttpStatus => "null".into(),
        })
        .collect();
    format!("[{}]", steps.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn types_nest_without_parentheses() {
        let t = FieldType::parse("optional<map<list<optional<integer>>>>").unwrap();
        assert_eq!(
            ts_type(&t),
            "Readonly<Record<string, ReadonlyArray<number | null>>> | null"
        );
    }

    #[test]
    fn values_are_exact_and_keep_proto_a_member() {
        assert_eq!(ts_value(&json!(9007199254740991_i64)), "9007199254740991");
        assert_eq!(ts_value(&json!(9007199254740992_i64)), "9007199254740992n");
        assert_eq!(ts_value(&json!(u64::MAX)), "18446744073709551615n");
        assert_eq!(ts_value(&json!(1.0e21)), "1e+21");
        assert_eq!(
            ts_value(&json!({"__proto__": [1, "a"], "b": null})),
            "{ [\"__proto__\"]: [1, \"a\"], \"b\": null }"
        );
    }
}
