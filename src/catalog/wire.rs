//! What an error looks like on the wire: occurrence fields, the envelope template, and the body of
//! one error computed from them.
//!
//! Every target reads the same [`Envelope::body_of`] result, so the Rust, TypeScript and Python
//! serializers, the JSON Schema, the OpenAPI document and the docs' example bodies cannot
//! disagree about which member holds what.

use super::{Catalog, CatalogError, Code};
use crate::message::Segment;
use serde::Serialize;
use serde_json::Value;

/// The type of an occurrence field.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FieldType {
    String,
    Integer,
    Number,
    Boolean,
    /// A JSON array.
    List(Box<FieldType>),
    /// A JSON object with string keys.
    Map(Box<FieldType>),
    /// `null` (or an absent member) when there is no value.
    Optional(Box<FieldType>),
}

impl FieldType {
    /// Reads a type expression such as `optional<list<string>>`.
    pub fn parse(text: &str) -> Result<FieldType, String> {
        let t = text.trim();
        let scalar = match t {
            "string" => Some(FieldType::String),
            "integer" => Some(FieldType::Integer),
            "number" => Some(FieldType::Number),
            "boolean" => Some(FieldType::Boolean),
            _ => None,
        };
        if let Some(s) = scalar {
            return Ok(s);
        }
        let Some((outer, rest)) = t.split_once('<') else {
            return Err(format!("`{t}` is not a field type"));
        };
        let Some(inner) = rest.strip_suffix('>') else {
            return Err(format!("`{t}` has no closing `>`"));
        };
        let inner = FieldType::parse(inner)?;
        match outer.trim() {
            "list" => Ok(FieldType::List(Box::new(inner))),
            "map" => Ok(FieldType::Map(Box::new(inner))),
            "optional" if matches!(inner, FieldType::Optional(_)) => {
                Err("`optional<optional<…>>` says nothing more than `optional<…>`".into())
            }
            "optional" => Ok(FieldType::Optional(Box::new(inner))),
            other => Err(format!("`{other}<…>` is not a field type")),
        }
    }

    /// The type expression, e.g. `map<list<string>>`.
    pub fn expr(&self) -> String {
        match self {
            FieldType::String => "string".into(),
            FieldType::Integer => "integer".into(),
            FieldType::Number => "number".into(),
            FieldType::Boolean => "boolean".into(),
            FieldType::List(t) => format!("list<{}>", t.expr()),
            FieldType::Map(t) => format!("map<{}>", t.expr()),
            FieldType::Optional(t) => format!("optional<{}>", t.expr()),
        }
    }

    /// Whether a message placeholder can show the value: a non-optional scalar.
    pub fn is_scalar(&self) -> bool {
        matches!(
            self,
            FieldType::String | FieldType::Integer | FieldType::Number | FieldType::Boolean
        )
    }

    /// The scalar name of a scalar type (`string`, ...), as params spell it.
    pub fn scalar_name(&self) -> Option<&'static str> {
        match self {
            FieldType::String => Some("string"),
            FieldType::Integer => Some("integer"),
            FieldType::Number => Some("number"),
            FieldType::Boolean => Some("boolean"),
            _ => None,
        }
    }

    /// A value of this type for docs examples and test vectors, derived from the field's name so
    /// examples read naturally and differ between fields.
    pub fn example(&self, name: &str) -> Value {
        match self {
            FieldType::String => Value::from(format!("{name}_value")),
            FieldType::Integer => Value::from(name.len() as i64 * 7),
            FieldType::Number => Value::from(name.len() as f64 + 0.5),
            FieldType::Boolean => Value::Bool(name.len().is_multiple_of(2)),
            FieldType::List(t) => Value::Array(vec![t.example(name)]),
            FieldType::Map(t) => {
                let mut m = serde_json::Map::new();
                m.insert(name.to_owned(), t.example(name));
                Value::Object(m)
            }
            FieldType::Optional(t) => t.example(name),
        }
    }
}

impl Serialize for Template {
    /// Templates and `dump-ir` see `{ "kind": "object", "members": [...] }`,
    /// `{ "kind": "const", "value": ... }` or `{ "kind": "ref", "ref": "$code" }`.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(2))?;
        match self {
            Template::Object(members) => {
                m.serialize_entry("kind", "object")?;
                m.serialize_entry("members", members)?;
            }
            Template::Const(v) => {
                m.serialize_entry("kind", "const")?;
                m.serialize_entry("value", v)?;
            }
            Template::Ref(r) => {
                m.serialize_entry("kind", "ref")?;
                m.serialize_entry("ref", &r.spelled())?;
            }
        }
        m.end()
    }
}

impl Serialize for FieldType {
    /// Templates see `{ "expr": "list<string>", "kind": "list", "item": { ... } }`.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let (kind, item) = match self {
            FieldType::String => ("string", None),
            FieldType::Integer => ("integer", None),
            FieldType::Number => ("number", None),
            FieldType::Boolean => ("boolean", None),
            FieldType::List(t) => ("list", Some(t)),
            FieldType::Map(t) => ("map", Some(t)),
            FieldType::Optional(t) => ("optional", Some(t)),
        };
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("expr", &self.expr())?;
        m.serialize_entry("kind", kind)?;
        if let Some(item) = item {
            m.serialize_entry("item", item)?;
        }
        m.end()
    }
}

/// Where an occurrence field is declared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldLevel {
    Catalog,
    Category,
    Error,
}

/// An occurrence field: a typed value an error carries on the wire.
#[derive(Debug, Clone, Serialize)]
pub struct Field {
    /// snake_case catalog name: the identifier in every language.
    pub name: String,
    /// The member name in the JSON body.
    pub wire: String,
    #[serde(rename = "type")]
    pub ty: FieldType,
    pub description: Option<String>,
    pub level: FieldLevel,
}

/// A value of the catalog an envelope member can hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reference {
    Code,
    Name,
    Title,
    Message,
    Category,
    HttpStatus,
    HttpReason,
    GrpcStatus,
    DocsUrl,
    Fix,
    Retryable,
    /// An extension of the error, else of its category.
    Extension(String),
    /// A catalog-level occurrence field placed at this member.
    Field(String),
}

impl Reference {
    /// The names a `$word` reference may use, for hints.
    pub const WORDS: &'static [&'static str] = &[
        "code",
        "name",
        "title",
        "message",
        "category",
        "http_status",
        "http_reason",
        "grpc_status",
        "docs_url",
        "fix",
        "retryable",
        "ext.KEY",
        "field.NAME",
    ];

    /// Reads the text after `$`; `None` for a word that is not a reference.
    pub fn parse(word: &str) -> Option<Reference> {
        Some(match word {
            "code" => Reference::Code,
            "name" => Reference::Name,
            "title" => Reference::Title,
            "message" => Reference::Message,
            "category" => Reference::Category,
            "http_status" => Reference::HttpStatus,
            "http_reason" => Reference::HttpReason,
            "grpc_status" => Reference::GrpcStatus,
            "docs_url" => Reference::DocsUrl,
            "fix" => Reference::Fix,
            "retryable" => Reference::Retryable,
            _ => {
                if let Some(k) = word.strip_prefix("ext.").filter(|k| !k.is_empty()) {
                    Reference::Extension(k.to_owned())
                } else if let Some(f) = word.strip_prefix("field.").filter(|f| !f.is_empty()) {
                    Reference::Field(f.to_owned())
                } else {
                    return None;
                }
            }
        })
    }

    /// The reference as written, e.g. `$ext.type`.
    pub fn spelled(&self) -> String {
        match self {
            Reference::Code => "$code".into(),
            Reference::Name => "$name".into(),
            Reference::Title => "$title".into(),
            Reference::Message => "$message".into(),
            Reference::Category => "$category".into(),
            Reference::HttpStatus => "$http_status".into(),
            Reference::HttpReason => "$http_reason".into(),
            Reference::GrpcStatus => "$grpc_status".into(),
            Reference::DocsUrl => "$docs_url".into(),
            Reference::Fix => "$fix".into(),
            Reference::Retryable => "$retryable".into(),
            Reference::Extension(k) => format!("$ext.{k}"),
            Reference::Field(f) => format!("$field.{f}"),
        }
    }

    /// The value of a reference that is the same for every occurrence of `error`; `None` when
    /// the error has no such value (the member is then absent). Not for `$message` and
    /// `$field.*`, whose values come with each occurrence.
    pub fn static_value(&self, catalog: &Catalog, error: &CatalogError) -> Option<Value> {
        let category = catalog.category(&error.category);
        match self {
            Reference::Code => error.code.as_ref().map(|c| match c {
                Code::Int(i) => Value::from(*i),
                Code::Str(s) => Value::from(s.clone()),
            }),
            Reference::Name => Some(Value::from(error.name.clone())),
            Reference::Title => Some(Value::from(error.title.clone())),
            Reference::Category => Some(Value::from(error.category.clone())),
            Reference::HttpStatus => error.http_status.map(Value::from),
            Reference::HttpReason => error
                .http_status
                .and_then(http_reason)
                .map(|r| Value::from(r.to_owned())),
            Reference::GrpcStatus => error.grpc_status.map(|g| Value::from(g.name())),
            Reference::DocsUrl => error.docs_url.clone().map(Value::from),
            Reference::Fix => error.fix.clone().map(Value::from),
            Reference::Retryable => Some(Value::Bool(error.retryable)),
            Reference::Extension(k) => error
                .extensions
                .get(k)
                .or_else(|| category.and_then(|c| c.extensions.get(k)))
                .cloned(),
            Reference::Message | Reference::Field(_) => None,
        }
    }
}

/// One member of a body template.
#[derive(Debug, Clone, Serialize)]
pub struct Member {
    pub key: String,
    pub value: Template,
}

/// A body template.
#[derive(Debug, Clone)]
pub enum Template {
    Object(Vec<Member>),
    /// A constant: any JSON value written in the catalog (a string starting with `$$` has lost
    /// one `$`).
    Const(Value),
    Ref(Reference),
}

/// How a parser narrows the candidate errors.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Discriminator {
    /// The body member at `path`, whose template holds `reference`.
    Member {
        path: Vec<String>,
        #[serde(serialize_with = "spelled")]
        reference: Reference,
    },
    /// The HTTP status of the response, given by the caller.
    HttpStatus,
}

fn spelled<S: serde::Serializer>(r: &Reference, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&r.spelled())
}

/// The envelope of a catalog's error response bodies.
#[derive(Debug, Clone, Serialize)]
pub struct Envelope {
    pub body: Vec<Member>,
    /// The path of the object receiving the spread occurrence fields (empty: the body).
    pub fields_at: Vec<String>,
    pub identify: Vec<Discriminator>,
    /// No `envelope:` was declared: RFC 9457 Problem Details.
    pub is_default: bool,
}

/// One member of one error's body.
#[derive(Debug, Clone, Serialize)]
pub struct BodyMember {
    pub key: String,
    /// The member's path from the body root, this key included.
    pub path: Vec<String>,
    pub value: BodyValue,
}

/// What one member of one error's body holds.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BodyValue {
    Object {
        members: Vec<BodyMember>,
    },
    /// The same for every occurrence of the error: a constant or a catalog value.
    Fixed {
        value: Value,
    },
    /// The message formatted for the occurrence.
    Message,
    /// An occurrence field.
    Field {
        name: String,
    },
}

impl Envelope {
    /// RFC 9457 Problem Details with `code` (when the catalog has codes) and `name` members.
    pub fn problem_details(has_codes: bool) -> Envelope {
        let m = |key: &str, r: Reference| Member {
            key: key.into(),
            value: Template::Ref(r),
        };
        let mut body = vec![
            m("type", Reference::DocsUrl),
            m("title", Reference::Title),
            m("status", Reference::HttpStatus),
            m("detail", Reference::Message),
        ];
        if has_codes {
            body.push(m("code", Reference::Code));
        }
        body.push(m("name", Reference::Name));
        let identify = vec![Discriminator::Member {
            path: vec![if has_codes { "code" } else { "name" }.into()],
            reference: if has_codes {
                Reference::Code
            } else {
                Reference::Name
            },
        }];
        Envelope {
            body,
            fields_at: Vec::new(),
            identify,
            is_default: true,
        }
    }

    /// The body of `error`: every member in order, absent values left out, and the error's
    /// spread occurrence fields appended to the object at `fields_at`.
    pub fn body_of(&self, catalog: &Catalog, error: &CatalogError) -> Vec<BodyMember> {
        let placed: Vec<&str> = self.placed_fields();
        let spread: Vec<&Field> = catalog
            .wire_fields(error)
            .into_iter()
            .filter(|f| !placed.contains(&f.name.as_str()))
            .collect();
        let mut out = self.members_of(&self.body, &[], catalog, error);
        let target = if self.fields_at.is_empty() {
            Some(&mut out)
        } else {
            find_object(&mut out, &self.fields_at)
        };
        if let Some(members) = target {
            for f in spread {
                let mut path = self.fields_at.clone();
                path.push(f.wire.clone());
                members.push(BodyMember {
                    key: f.wire.clone(),
                    path,
                    value: BodyValue::Field {
                        name: f.name.clone(),
                    },
                });
            }
        }
        out
    }

    /// Names of the catalog fields placed with `$field.NAME`.
    pub fn placed_fields(&self) -> Vec<&str> {
        fn walk<'a>(members: &'a [Member], out: &mut Vec<&'a str>) {
            for m in members {
                match &m.value {
                    Template::Object(inner) => walk(inner, out),
                    Template::Ref(Reference::Field(f)) => out.push(f),
                    _ => {}
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.body, &mut out);
        out
    }

    fn members_of(
        &self,
        members: &[Member],
        prefix: &[String],
        catalog: &Catalog,
        error: &CatalogError,
    ) -> Vec<BodyMember> {
        let mut out = Vec::new();
        for m in members {
            let mut path = prefix.to_vec();
            path.push(m.key.clone());
            let value = match &m.value {
                Template::Object(inner) => BodyValue::Object {
                    members: self.members_of(inner, &path, catalog, error),
                },
                Template::Const(v) => BodyValue::Fixed { value: v.clone() },
                Template::Ref(Reference::Message) => BodyValue::Message,
                Template::Ref(Reference::Field(f)) => BodyValue::Field { name: f.clone() },
                Template::Ref(r) => match r.static_value(catalog, error) {
                    Some(value) => BodyValue::Fixed { value },
                    None => continue,
                },
            };
            out.push(BodyMember {
                key: m.key.clone(),
                path,
                value,
            });
        }
        out
    }
}

fn find_object<'a>(
    members: &'a mut [BodyMember],
    path: &[String],
) -> Option<&'a mut Vec<BodyMember>> {
    let (first, rest) = path.split_first()?;
    let m = members.iter_mut().find(|m| &m.key == first)?;
    let BodyValue::Object { members } = &mut m.value else {
        return None;
    };
    if rest.is_empty() {
        Some(members)
    } else {
        find_object(members, rest)
    }
}

/// The reason phrase of an HTTP status (RFC 9110 and the IANA registry), when it has one.
pub fn http_reason(status: u16) -> Option<&'static str> {
    Some(match status {
        100 => "Continue",
        101 => "Switching Protocols",
        102 => "Processing",
        103 => "Early Hints",
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        203 => "Non-Authoritative Information",
        204 => "No Content",
        205 => "Reset Content",
        206 => "Partial Content",
        300 => "Multiple Choices",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        407 => "Proxy Authentication Required",
        408 => "Request Timeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "Length Required",
        412 => "Precondition Failed",
        413 => "Content Too Large",
        414 => "URI Too Long",
        415 => "Unsupported Media Type",
        416 => "Range Not Satisfiable",
        417 => "Expectation Failed",
        421 => "Misdirected Request",
        422 => "Unprocessable Content",
        423 => "Locked",
        424 => "Failed Dependency",
        425 => "Too Early",
        426 => "Upgrade Required",
        428 => "Precondition Required",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        451 => "Unavailable For Legal Reasons",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        505 => "HTTP Version Not Supported",
        506 => "Variant Also Negotiates",
        507 => "Insufficient Storage",
        508 => "Loop Detected",
        511 => "Network Authentication Required",
        _ => return None,
    })
}

/// Matches `text` against a message template: the reference semantics every generated parser
/// implements. Each placeholder takes the shortest non-empty text for which the rest matches
/// and which its type accepts. Returns the placeholder texts in order.
pub fn match_message(
    segments: &[Segment],
    text: &str,
    type_of: &dyn Fn(&str) -> FieldType,
) -> Option<Vec<String>> {
    fn go(
        segments: &[Segment],
        text: &str,
        type_of: &dyn Fn(&str) -> FieldType,
        out: &mut Vec<String>,
    ) -> bool {
        let Some((first, rest)) = segments.split_first() else {
            return text.is_empty();
        };
        match first {
            Segment::Text(lit) => text
                .strip_prefix(lit.as_str())
                .is_some_and(|t| go(rest, t, type_of, out)),
            Segment::Param(name) => {
                let ty = type_of(name);
                let ends = text
                    .char_indices()
                    .map(|(i, _)| i)
                    .skip(1)
                    .chain(std::iter::once(text.len()))
                    .filter(|&i| i > 0);
                for i in ends {
                    let piece = &text[..i];
                    if accepts(&ty, piece) {
                        out.push(piece.to_owned());
                        if go(rest, &text[i..], type_of, out) {
                            return true;
                        }
                        out.pop();
                    }
                }
                false
            }
        }
    }
    let mut out = Vec::new();
    go(segments, text, type_of, &mut out).then_some(out)
}

/// Whether a placeholder of type `ty` can have printed `piece`.
pub fn accepts(ty: &FieldType, piece: &str) -> bool {
    match ty {
        FieldType::Integer => {
            let digits = piece.strip_prefix('-').unwrap_or(piece);
            !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
        }
        FieldType::Number => is_json_number(piece),
        FieldType::Boolean => piece == "true" || piece == "false",
        _ => true,
    }
}

/// Whether `s` is a number in JSON's grammar: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
pub fn is_json_number(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - start
    };
    if b.first() == Some(&b'-') {
        i += 1;
    }
    match b.get(i) {
        Some(b'0') => i += 1,
        Some(c) if c.is_ascii_digit() => {
            digits(&mut i);
        }
        _ => return false,
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::message::parse;

    fn matches(template: &str, text: &str, ty: FieldType) -> Option<Vec<String>> {
        let segments = parse(template).expect("a valid template");
        match_message(&segments, text, &|_| ty.clone())
    }

    #[test]
    fn placeholders_take_the_shortest_text_the_rest_accepts() {
        assert_eq!(
            matches(
                "{a} not found in {b}",
                "x not found in y not found in z",
                FieldType::String
            ),
            Some(vec!["x".into(), "y not found in z".into()])
        );
        assert_eq!(
            matches(
                "{resource} not found",
                "Template not found or access denied",
                FieldType::String
            ),
            None,
            "matching is anchored at the end"
        );
        assert_eq!(
            matches("{a}", "", FieldType::String),
            None,
            "a value is never empty"
        );
    }

    #[test]
    fn typed_placeholders_only_take_what_their_type_prints() {
        assert_eq!(
            matches(
                "retry after {n} seconds",
                "retry after 12 seconds",
                FieldType::Integer
            ),
            Some(vec!["12".into()])
        );
        assert_eq!(
            matches(
                "retry after {n} seconds",
                "retry after soon seconds",
                FieldType::Integer
            ),
            None
        );
        assert_eq!(
            matches("{n}{m}", "-12", FieldType::Integer),
            Some(vec!["-1".into(), "2".into()]),
            "the first placeholder still takes the shortest text"
        );
        assert_eq!(
            matches("ratio {x}", "ratio 1.5e-3", FieldType::Number),
            Some(vec!["1.5e-3".into()])
        );
        assert_eq!(matches("ratio {x}", "ratio 01", FieldType::Number), None);
        assert_eq!(
            matches("on: {b}", "on: true", FieldType::Boolean),
            Some(vec!["true".into()])
        );
        assert_eq!(matches("on: {b}", "on: yes", FieldType::Boolean), None);
    }

    #[test]
    fn field_types_read_back_as_written() {
        for t in [
            "string",
            "list<integer>",
            "optional<map<list<boolean>>>",
            "number",
        ] {
            assert_eq!(FieldType::parse(t).map(|t| t.expr()), Ok(t.to_owned()));
        }
        assert!(FieldType::parse("optional<optional<string>>").is_err());
        assert!(FieldType::parse("list<>").is_err());
        assert!(FieldType::parse("tuple<string>").is_err());
    }
}
