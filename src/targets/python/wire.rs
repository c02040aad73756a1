//! The typed errors of the python target: one exception class per error (its keyword arguments,
//! attributes and the values it hands the catalog's exception), the table of each error's
//! response body that `to_response_body` and `parse_response_body` walk, and the envelope's
//! identification order.
//!
//! Everything here is data for `templates/python/classes.py.tera` and `wire.py.tera`; the few
//! layout decisions (a table row on one line or exploded) follow `ruff format`, measured as
//! ruff measures.

use super::layout::{LINE_LENGTH, literal, width};
use crate::catalog::{
    BodyMember, BodyValue, Catalog, CatalogError, Discriminator, Field, FieldType, Member, Template,
};
use crate::filters::py_str;
use crate::lang::python::Python as Names;
use crate::message::Segment;
use crate::model::ParamType;
use serde::Serialize;
use serde_json::Value;

/// Indentation of a row of `_BODIES` (`_Member(...)` inside `ErrorCode.X: [`).
const ROW_INDENT: usize = 12;
/// Indentation of an item of `_IDENTIFY`.
const IDENTIFY_INDENT: usize = 4;

/// One error's exception class.
#[derive(Serialize)]
pub(super) struct ClassView {
    /// The class name, e.g. `InvalidPhone` (`lang::python::Python::error_class`).
    pub class: String,
    /// Whether the `class` line is too long, so its base goes on a line of its own.
    pub split: bool,
    /// Whether the name does not end in `Error`, which pep8-naming's N818 asks of exceptions:
    /// the `class` line then carries `# noqa: N818`.
    pub noqa: bool,
    /// The error's `ErrorCode` member, e.g. `INVALID_PHONE`.
    pub member: String,
    /// The class's docstring (title, deprecation and fix), without whitespace at either end,
    /// which `ruff format` would strip; empty for no docstring.
    pub doc: String,
    /// The keyword-only arguments of `__init__`, which are also the instance's attributes:
    /// the message parameters in order of first use, then the wire fields (catalog's,
    /// category's, the error's own).
    pub arguments: Vec<ArgumentView>,
    /// The message's placeholders, each once in order of first use: parameters and scalar wire
    /// fields. Their values go to the catalog exception's `params`.
    pub placeholders: Vec<NameView>,
    /// The wire fields, whose values go to the catalog exception's `fields`.
    pub fields: Vec<NameView>,
    /// The rows of the error's response body, in body order.
    pub body: Vec<RowView>,
    /// The `DeprecationWarning` text its constructor gives, when the error is deprecated.
    pub warning: Option<String>,
}

/// A keyword argument of an exception class.
#[derive(Serialize)]
pub(super) struct ArgumentView {
    /// The parameter's or field's catalog name.
    pub name: String,
    /// The argument and attribute name (`lang::python::Python::argument`).
    pub ident: String,
    /// Its Python type, e.g. `Optional[list[str]]`.
    pub py_type: String,
}

/// A catalog name and the argument spelling of it.
#[derive(Serialize)]
pub(super) struct NameView {
    /// The catalog name, the key of the `params` or `fields` mapping.
    pub name: String,
    /// The argument holding the value.
    pub ident: String,
}

/// One member of an error's response body: a `_Member` row of `_BODIES`.
#[derive(Serialize)]
pub(super) struct RowView {
    /// The member's path from the body's root, as a tuple literal's items.
    pub path: PathView,
    /// `object` (a nested object, listed before its members), `constant` (a constant of the
    /// envelope: must be present when parsing), `value` (a catalog value such as the code:
    /// checked when present), `message` or `field` (an occurrence field).
    pub kind: &'static str,
    /// `constant` and `value`: the value as a Python literal, its lines indented for the
    /// exploded row.
    pub value: Option<String>,
    /// `field`: the field's catalog name.
    pub field: Option<String>,
    /// `field`: the field's type expression, e.g. `optional<list<string>>`.
    pub field_type: Option<String>,
    /// Whether the whole row fits on one line (else one argument per line).
    pub one_line: bool,
}

/// A path: the keys of the members from the body's root.
#[derive(Serialize)]
pub(super) struct PathView {
    /// The member names, outermost first.
    pub keys: Vec<String>,
    /// Whether the tuple fits on its line (else one key per line).
    pub fits: bool,
}

/// One discriminator of `_IDENTIFY`: a member's path, or the response's HTTP status.
#[derive(Serialize)]
pub(super) struct DiscriminatorView {
    /// The path of the member; `None` for the HTTP status.
    pub path: Option<PathView>,
}

pub(super) fn class_view(catalog: &Catalog, e: &CatalogError, doc: &str) -> ClassView {
    let wire = catalog.wire_fields(e);
    let class = Names::error_class(&catalog.name, &e.name);
    let exception = Names::exception(&catalog.name);
    let mut arguments: Vec<ArgumentView> = e
        .params
        .iter()
        .map(|p| ArgumentView {
            name: p.name.clone(),
            ident: Names::argument(&p.name),
            py_type: param_type(p.ty).to_owned(),
        })
        .collect();
    arguments.extend(wire.iter().map(|f| ArgumentView {
        name: f.name.clone(),
        ident: Names::argument(&f.name),
        py_type: py_type(&f.ty),
    }));
    let mut placeholders: Vec<NameView> = Vec::new();
    for s in &e.segments {
        if let Segment::Param(p) = s
            && !placeholders.iter().any(|n| &n.name == p)
        {
            placeholders.push(NameView {
                name: p.clone(),
                ident: Names::argument(p),
            });
        }
    }
    let mut body = Vec::new();
    rows(
        &catalog.envelope.body_of(catalog, e),
        &catalog.envelope.body,
        &wire,
        &info_values(e),
        &mut body,
    );
    ClassView {
        split: width(&format!("class {class}({exception}):")) > LINE_LENGTH,
        noqa: !class.ends_with("Error"),
        class,
        member: Names::member(&e.name),
        doc: doc.trim().to_owned(),
        arguments,
        placeholders,
        fields: wire
            .iter()
            .map(|f| NameView {
                name: f.name.clone(),
                ident: Names::argument(&f.name),
            })
            .collect(),
        body,
        warning: None,
    }
}

pub(super) fn identify_view(catalog: &Catalog) -> Vec<DiscriminatorView> {
    catalog
        .envelope
        .identify
        .iter()
        .map(|d| DiscriminatorView {
            path: match d {
                Discriminator::HttpStatus => None,
                Discriminator::Member { path, .. } => Some(path_view(path, IDENTIFY_INDENT)),
            },
        })
        .collect()
}

/// The `ErrorInfo` attributes of `e` that hold a body's catalog values with the same Python
/// type (`str`, `int`; not the `code` and `category` enum members), with their JSON values.
fn info_values(e: &CatalogError) -> Vec<(&'static str, Value)> {
    let mut values = vec![
        ("name", Value::from(e.name.as_str())),
        ("title", Value::from(e.title.as_str())),
    ];
    if let Some(status) = e.http_status {
        values.push(("http_status", Value::from(status)));
    }
    if let Some(url) = &e.docs_url {
        values.push(("docs_url", Value::from(url.as_str())));
    }
    values
}

/// The rows of `members` (one error's resolved body) in body order, an object before its
/// members. `template` is the envelope's template at the same level, which tells a constant
/// from a catalog value; `wire` are the error's fields. A catalog value equal to one of `info`
/// (the error's `ErrorInfo` attributes) is an `info` row naming the attribute, which
/// `_resolve_bodies` turns back into the `value` row.
fn rows(
    members: &[BodyMember],
    template: &[Member],
    wire: &[&Field],
    info: &[(&'static str, Value)],
    out: &mut Vec<RowView>,
) {
    for m in members {
        let in_template = template.iter().find(|t| t.key == m.key).map(|t| &t.value);
        let (kind, value, field) = match &m.value {
            BodyValue::Object { .. } => ("object", None, None),
            BodyValue::Fixed { value } => (
                if matches!(in_template, Some(Template::Const(_))) {
                    "constant"
                } else {
                    "value"
                },
                Some(value),
                None,
            ),
            BodyValue::Message => ("message", None, None),
            BodyValue::Field { name } => ("field", None, Some(name)),
        };
        let field_type =
            field.and_then(|name| wire.iter().find(|f| &f.name == name).map(|f| f.ty.expr()));
        let attribute = value
            .filter(|_| kind == "value")
            .and_then(|v| info.iter().find(|(_, i)| i == v))
            .map(|(attribute, _)| Value::from(*attribute));
        match &attribute {
            Some(attribute) => out.push(row(&m.path, "info", Some(attribute), None, None)),
            None => out.push(row(&m.path, kind, value, field, field_type)),
        }
        if let BodyValue::Object { members } = &m.value {
            let inner: &[Member] = match in_template {
                Some(Template::Object(inner)) => inner,
                _ => &[],
            };
            rows(members, inner, wire, info, out);
        }
    }
}

fn row(
    path: &[String],
    kind: &'static str,
    value: Option<&Value>,
    field: Option<&String>,
    field_type: Option<String>,
) -> RowView {
    // The arguments after the path, as they are written on one line.
    let mut rest = format!(", \"{kind}\"");
    if let Some(v) = value {
        rest.push_str(&format!(", {}", literal(v, 0)));
    }
    if let (Some(f), Some(t)) = (field, &field_type) {
        rest.push_str(&format!(", {}, {}", py_str(f), py_str(t)));
    }
    let line = format!("_Member({}{rest}),", tuple(path));
    let one_line = !line.contains('\n') && ROW_INDENT + width(&line) <= LINE_LENGTH;
    RowView {
        path: path_view(path, ROW_INDENT + 4),
        kind,
        value: value.map(|v| literal(v, ROW_INDENT + 4)),
        field: field.cloned(),
        field_type,
        one_line,
    }
}

/// A path tuple written as an argument at `indent`, followed by a comma.
fn path_view(path: &[String], indent: usize) -> PathView {
    PathView {
        // The tuple and its comma.
        fits: indent + width(&tuple(path)) < LINE_LENGTH,
        keys: path.to_vec(),
    }
}

/// `("a", "b")` or `("a",)`.
fn tuple(path: &[String]) -> String {
    let items: Vec<String> = path.iter().map(|k| py_str(k)).collect();
    if items.len() == 1 {
        format!("({},)", items[0])
    } else {
        format!("({})", items.join(", "))
    }
}

/// The Python type of a message parameter.
fn param_type(ty: ParamType) -> &'static str {
    match ty {
        ParamType::String => "str",
        ParamType::Integer => "int",
        ParamType::Number => "float",
        ParamType::Boolean => "bool",
    }
}

/// The Python type of a field: `list` and `dict` for JSON arrays and objects.
pub(super) fn py_type(ty: &FieldType) -> String {
    match ty {
        FieldType::String => "str".into(),
        FieldType::Integer => "int".into(),
        FieldType::Number => "float".into(),
        FieldType::Boolean => "bool".into(),
        FieldType::List(t) => format!("list[{}]", py_type(t)),
        FieldType::Map(t) => format!("dict[str, {}]", py_type(t)),
        FieldType::Optional(t) => format!("Optional[{}]", py_type(t)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_types_become_python_types() {
        let t = FieldType::parse("optional<map<list<number>>>").unwrap();
        assert_eq!(py_type(&t), "Optional[dict[str, list[float]]]");
    }

    #[test]
    fn rows_explode_where_ruff_would_split_them() {
        let path = vec!["error".to_owned(), "code".to_owned()];
        let short = row(&path, "value", Some(&Value::from(100)), None, None);
        assert!(short.one_line);
        let text = Value::from("x".repeat(60));
        assert!(!row(&path, "value", Some(&text), None, None).one_line);
        let object = serde_json::json!({"a": 1});
        assert!(!row(&path, "value", Some(&object), None, None).one_line);
        assert_eq!(tuple(&path[..1]), "(\"error\",)");
    }
}
