//! The JSON Schema of error response bodies and the words for what each envelope member holds,
//! computed once from [`Envelope::body_of`](crate::catalog::Envelope::body_of) for the json-schema
//! and openapi targets (and the markdown docs' envelope table), so the three cannot disagree.
//!
//! Each error's schema is complete on its own: every member of its body with its constant or its
//! type, the message as a pattern of its template, its occurrence fields with their types, and
//! every member required except optional fields. Members the envelope does not declare are
//! allowed, so a newer server may add some.

use super::json::Json;
use crate::catalog::body::{body_json, example_values, write_value};
use crate::catalog::{
    BodyMember, BodyValue, Catalog, CatalogError, CodeKind, FieldType, Member, Reference, Template,
};
use crate::message::Segment;
use std::collections::{HashMap, HashSet};

/// One member of the envelope's template, as every body has it.
pub struct ShapeMember {
    pub key: String,
    /// The member's path from the body root.
    pub path: Vec<String>,
    /// What the member holds, as a phrase (`the error's code`).
    pub holds: String,
    /// The member's JSON type in words: `string`, `integer`, `object`, a field's type expression,
    /// or `any` (an extension).
    pub json_type: String,
    /// Whether every error's body has the member (else only the errors with a value for it).
    pub always: bool,
    /// The member's schema, its description first.
    pub schema: Json,
    /// The members of an object member.
    pub members: Vec<ShapeMember>,
}

/// The envelope's template members, with their schemas. Problem Details members keep RFC 9457's
/// descriptions.
pub fn shape(catalog: &Catalog) -> Vec<ShapeMember> {
    // One body at a time: a target that needs no other use of them holds none.
    let presence = presence(
        catalog,
        catalog
            .errors
            .iter()
            .map(|e| (e, catalog.envelope.body_of(catalog, e))),
    );
    shape_of(catalog, &catalog.envelope.body, &[], &presence)
}

/// [`shape`] from every error's body, as [`bodies`] returns them.
pub fn shape_in(catalog: &Catalog, bodies: &[Vec<BodyMember>]) -> Vec<ShapeMember> {
    let presence = presence(catalog, catalog.errors.iter().zip(bodies));
    shape_of(catalog, &catalog.envelope.body, &[], &presence)
}

/// Every error's body ([`Envelope::body_of`](crate::catalog::Envelope::body_of)), in catalog
/// order: a target computes them once and hands them to [`shape_in`], [`error_schema_of`] and
/// [`combinator_in`], rather than each resolving every body again.
pub fn bodies(catalog: &Catalog) -> Vec<Vec<BodyMember>> {
    catalog
        .errors
        .iter()
        .map(|e| catalog.envelope.body_of(catalog, e))
        .collect()
}

/// The `properties` and `required` of an object schema built from `members`.
pub fn shape_object(members: &[ShapeMember]) -> (Json, Vec<String>) {
    let properties = Json::Object(
        members
            .iter()
            .map(|m| (m.key.clone(), m.schema.clone()))
            .collect(),
    );
    let required = members
        .iter()
        .filter(|m| m.always)
        .map(|m| m.key.clone())
        .collect();
    (properties, required)
}

/// The complete schema of the body of `error`, `body` (its [`bodies`] entry):
/// `{"type": "object", "properties", "required"}`.
pub fn error_schema_of(catalog: &Catalog, error: &CatalogError, body: &[BodyMember]) -> Json {
    object_schema(catalog, error, body)
}

/// `oneOf` when no body can be valid under two errors' schemas (each pair of errors has a member
/// that both bodies hold as different constants), else `anyOf`: some wires tell errors apart
/// only by the HTTP status or the message text, and a body of such an error is valid under more
/// than one branch. `bodies` are those of the errors to tell apart (entries of [`bodies`]).
pub fn combinator_in<'a>(bodies: impl Iterator<Item = &'a [BodyMember]>) -> &'static str {
    let fixed: Vec<Vec<(Vec<String>, String)>> = bodies
        .map(|body| {
            let mut out = Vec::new();
            fixed_members(body, &mut out);
            out
        })
        .collect();
    let mut count: HashMap<&[String], usize> = HashMap::new();
    for members in &fixed {
        for (path, _) in members {
            *count.entry(path.as_slice()).or_default() += 1;
        }
    }
    let mut seen = HashSet::new();
    for members in &fixed {
        // The constants at the paths every error holds a constant at, in template order.
        let key: Vec<&str> = members
            .iter()
            .filter(|(path, _)| count.get(path.as_slice()) == Some(&fixed.len()))
            .map(|(_, text)| text.as_str())
            .collect();
        if !seen.insert(key) {
            return "anyOf";
        }
    }
    "oneOf"
}

/// The media type of a body: `application/problem+json` for Problem Details.
pub fn media_type(catalog: &Catalog) -> &'static str {
    if catalog.envelope.is_default {
        "application/problem+json"
    } else {
        "application/json"
    }
}

/// The example body of `error`: its body with every param and field set to the example value
/// [`example_values`] derives from its name, exactly as the generated serializers write it.
pub fn example_body(catalog: &Catalog, error: &CatalogError) -> Json {
    let text = body_json(catalog, error, &example_values(catalog, error));
    // The reference serializer writes JSON; a failure here would be a bug in it.
    Json::parse(&text).unwrap_or(Json::Scalar(serde_json::Value::Null))
}

/// [`example_body`] as pretty JSON whose lines after the first are indented by `indent` spaces.
pub fn example_body_text(catalog: &Catalog, error: &CatalogError, indent: usize) -> String {
    example_body(catalog, error).pretty_at(indent)
}

/// The schema of a field's values, with its description when it has one.
pub fn field_schema(ty: &FieldType, description: Option<&str>) -> Json {
    let mut out = Json::object();
    if let Some(d) = description.map(str::trim).filter(|d| !d.is_empty()) {
        out = out.with("description", d);
    }
    append_type(out, ty)
}

/// An ECMA-262 regular expression (as JSON Schema's `pattern` reads it, and as Python's `re`
/// reads it alike) that matches exactly the texts the message template matches: literal text
/// escaped, each placeholder a non-empty run its type accepts.
pub fn message_pattern(catalog: &Catalog, error: &CatalogError) -> String {
    let mut out = String::from("^");
    for s in &error.segments {
        match s {
            Segment::Text(t) => {
                for c in t.chars() {
                    if "^$\\.*+?()[]{}|".contains(c) {
                        out.push('\\');
                    }
                    out.push(c);
                }
            }
            Segment::Param(p) => out.push_str(
                match catalog
                    .placeholder_type(error, p)
                    .unwrap_or(FieldType::String)
                {
                    FieldType::Integer => "-?[0-9]+",
                    FieldType::Number => "-?(?:0|[1-9][0-9]*)(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?",
                    FieldType::Boolean => "(?:true|false)",
                    _ => "[\\s\\S]+",
                },
            ),
        }
    }
    out.push('$');
    out
}

/// What a reference holds, as a phrase; Problem Details keeps RFC 9457's wording in schemas.
pub fn holds(reference: &Reference, catalog: &Catalog) -> String {
    match reference {
        Reference::Code => "the error's stable code".into(),
        Reference::Name => "the error's stable name".into(),
        Reference::Title => "the error's title".into(),
        Reference::Message => "the error's message with its parameters filled in".into(),
        Reference::Category => "the id of the error's category".into(),
        Reference::HttpStatus => "the HTTP status code of the response".into(),
        Reference::HttpReason => "the reason phrase of the response's HTTP status".into(),
        Reference::GrpcStatus => "the canonical name of the error's gRPC status".into(),
        Reference::DocsUrl => "the error's documentation page".into(),
        Reference::Fix => "how to fix the error".into(),
        Reference::Retryable => "whether the request may succeed when retried".into(),
        Reference::Extension(k) => format!("the error's extension `{k}`, else its category's"),
        Reference::Field(f) => {
            let description = catalog
                .fields
                .iter()
                .find(|x| &x.name == f)
                .and_then(|x| x.description.as_deref())
                .map(str::trim)
                .filter(|d| !d.is_empty());
            match description {
                Some(d) => format!("the field `{f}`: {d}"),
                None => format!("the field `{f}`"),
            }
        }
    }
}

// --- the template's shape

/// How many errors' bodies hold each path (optional fields not counted).
fn presence<'a, B: AsRef<[BodyMember]>>(
    catalog: &Catalog,
    bodies: impl Iterator<Item = (&'a CatalogError, B)>,
) -> HashMap<Vec<String>, usize> {
    fn walk(
        catalog: &Catalog,
        e: &CatalogError,
        members: &[BodyMember],
        out: &mut HashMap<Vec<String>, usize>,
    ) {
        for m in members {
            let present = match &m.value {
                BodyValue::Object { members } => {
                    walk(catalog, e, members, out);
                    true
                }
                BodyValue::Field { name } => !is_optional(&field_type(catalog, e, name)),
                BodyValue::Fixed { .. } | BodyValue::Message => true,
            };
            if present {
                *out.entry(m.path.clone()).or_default() += 1;
            }
        }
    }
    let mut out = HashMap::new();
    for (e, body) in bodies {
        walk(catalog, e, body.as_ref(), &mut out);
    }
    out
}

fn shape_of(
    catalog: &Catalog,
    members: &[Member],
    prefix: &[String],
    presence: &HashMap<Vec<String>, usize>,
) -> Vec<ShapeMember> {
    let problem_details = catalog.envelope.is_default;
    members
        .iter()
        .map(|m| {
            let mut path = prefix.to_vec();
            path.push(m.key.clone());
            let always = presence.get(&path).copied().unwrap_or(0) == catalog.errors.len();
            let (holds, json_type, schema, members) = match &m.value {
                Template::Object(inner) => {
                    let members = shape_of(catalog, inner, &path, presence);
                    let (properties, required) = shape_object(&members);
                    let schema = Json::object()
                        .with("type", "object")
                        .with("properties", properties)
                        .with("required", strings(required));
                    ("an object".to_owned(), "object".to_owned(), schema, members)
                }
                Template::Const(v) => {
                    let mut text = String::new();
                    write_value(&mut text, v);
                    let schema = Json::object().with("const", Json::from(v.clone()));
                    (
                        format!("the constant `{text}`"),
                        json_kind(v).to_owned(),
                        schema,
                        Vec::new(),
                    )
                }
                Template::Ref(r) => {
                    let holds = holds(r, catalog);
                    let description = if problem_details {
                        problem_details_description(&m.key)
                            .map_or_else(|| sentence(&holds), str::to_owned)
                    } else {
                        sentence(&holds)
                    };
                    let (json_type, schema) = reference_schema(r, catalog, description);
                    (holds, json_type, schema, Vec::new())
                }
            };
            ShapeMember {
                key: m.key.clone(),
                path,
                holds,
                json_type,
                always,
                schema,
                members,
            }
        })
        .collect()
}

/// RFC 9457's wording for the Problem Details members.
fn problem_details_description(key: &str) -> Option<&'static str> {
    Some(match key {
        "type" => {
            "A URI reference that identifies the problem type: the error's documentation page."
        }
        "title" => "A short, human-readable summary of the problem type: the error's title.",
        "status" => "The HTTP status code of the response.",
        "detail" => {
            "A human-readable explanation of this occurrence: the error's message with its parameters filled in."
        }
        _ => return None,
    })
}

/// The JSON type in words and the schema of a reference member.
fn reference_schema(r: &Reference, catalog: &Catalog, description: String) -> (String, Json) {
    let schema = Json::object().with("description", description);
    let typed = |schema: Json, ty: &str| (ty.to_owned(), schema.with("type", ty));
    match r {
        Reference::Code => typed(
            schema,
            if catalog.code_kind == CodeKind::String {
                "string"
            } else {
                "integer"
            },
        ),
        Reference::HttpStatus => {
            let (ty, schema) = typed(schema, "integer");
            (ty, schema.with("minimum", 100i64).with("maximum", 599i64))
        }
        Reference::DocsUrl => {
            let (ty, schema) = typed(schema, "string");
            (ty, schema.with("format", "uri-reference"))
        }
        Reference::Retryable => typed(schema, "boolean"),
        Reference::Extension(_) => ("any".to_owned(), schema),
        Reference::Field(f) => match catalog.fields.iter().find(|x| &x.name == f) {
            Some(field) => (field.ty.expr(), append_type(schema, &field.ty)),
            None => ("any".to_owned(), schema),
        },
        Reference::Name
        | Reference::Title
        | Reference::Message
        | Reference::Category
        | Reference::HttpReason
        | Reference::GrpcStatus
        | Reference::Fix => typed(schema, "string"),
    }
}

// --- one error's body

fn object_schema(catalog: &Catalog, error: &CatalogError, members: &[BodyMember]) -> Json {
    let mut properties = Vec::new();
    let mut required = Vec::new();
    for m in members {
        let (schema, is_required) = match &m.value {
            BodyValue::Object { members } => (object_schema(catalog, error, members), true),
            BodyValue::Fixed { value } => (
                Json::object().with("const", Json::from(value.clone())),
                true,
            ),
            BodyValue::Message => (
                Json::object()
                    .with("type", "string")
                    .with("pattern", message_pattern(catalog, error)),
                true,
            ),
            BodyValue::Field { name } => {
                let field = catalog
                    .wire_fields(error)
                    .into_iter()
                    .find(|f| &f.name == name);
                let ty = field.map_or(FieldType::String, |f| f.ty.clone());
                let description = field.and_then(|f| f.description.as_deref());
                (field_schema(&ty, description), !is_optional(&ty))
            }
        };
        if is_required {
            required.push(m.key.clone());
        }
        properties.push((m.key.clone(), schema));
    }
    Json::object()
        .with("type", "object")
        .with("properties", Json::Object(properties))
        .with("required", strings(required))
}

fn field_type(catalog: &Catalog, error: &CatalogError, name: &str) -> FieldType {
    catalog
        .wire_fields(error)
        .into_iter()
        .find(|f| f.name == name)
        .map_or(FieldType::String, |f| f.ty.clone())
}

/// Every constant member of a body (catalog values included) with its value as JSON text, numbers
/// written as the serializers write them (so `1.0` and `1` are the same constant, as they are to
/// a JSON Schema `const`).
fn fixed_members(members: &[BodyMember], out: &mut Vec<(Vec<String>, String)>) {
    for m in members {
        match &m.value {
            BodyValue::Object { members } => fixed_members(members, out),
            BodyValue::Fixed { value } => {
                let mut text = String::new();
                write_value(&mut text, value);
                out.push((m.path.clone(), text));
            }
            BodyValue::Message | BodyValue::Field { .. } => {}
        }
    }
}

/// `schema` with the type keywords of `ty` appended.
fn append_type(schema: Json, ty: &FieldType) -> Json {
    match ty {
        FieldType::List(item) => schema
            .with("type", "array")
            .with("items", append_type(Json::object(), item)),
        FieldType::Map(item) => schema
            .with("type", "object")
            .with("additionalProperties", append_type(Json::object(), item)),
        FieldType::Optional(inner) => match inner.scalar_name() {
            Some(name) => schema.with("type", Json::Array(vec![name.into(), "null".into()])),
            None => schema.with(
                "anyOf",
                Json::Array(vec![
                    append_type(Json::object(), inner),
                    Json::object().with("type", "null"),
                ]),
            ),
        },
        scalar => schema.with("type", scalar.scalar_name().unwrap_or("string")),
    }
}

fn is_optional(ty: &FieldType) -> bool {
    matches!(ty, FieldType::Optional(_))
}

fn json_kind(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "boolean",
        serde_json::Value::Number(n) if n.is_f64() => "number",
        serde_json::Value::Number(_) => "integer",
        serde_json::Value::String(_) => "string",
        serde_json::Value::Array(_) => "array",
        serde_json::Value::Object(_) => "object",
    }
}

fn strings(items: Vec<String>) -> Json {
    Json::Array(items.into_iter().map(Json::from).collect())
}

/// A phrase as a sentence: first letter capitalised, a full stop at the end.
fn sentence(phrase: &str) -> String {
    let mut chars = phrase.chars();
    match chars.next() {
        Some(first) => {
            let end = if phrase.ends_with(['.', '!', '?']) {
                ""
            } else {
                "."
            };
            format!("{}{}{end}", first.to_uppercase(), chars.as_str())
        }
        None => String::new(),
    }
}
