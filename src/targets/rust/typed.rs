//! The part of the `rust` view for typed errors: the `Error` enum (one struct variant per error
//! with its params and occurrence fields), its constructors, and the tables its serializer and
//! parser read (arguments, body template, identification paths, extensions).
//!
//! Like the rest of the module, the code must be rustfmt-formatted as rendered. Where rustfmt's
//! layout depends on a width, the view says which form to print (`inline` flags); everything
//! else is written in forms rustfmt keeps whatever the names: struct literals whose fields are
//! wider than `struct_lit_width`, lists preceded by a comment, match arms whose body is a block
//! with statements.

use super::doc::{comment_text, doc_text};
use super::layout::{ARRAY_WIDTH, AttrLayout, ENTRY_INDENT, Lit, MAX_WIDTH, Nested, width};
use crate::catalog::body::write_value;
use crate::catalog::{BodyMember, BodyValue, Catalog, CatalogError, Discriminator, FieldType};
use crate::catalog::{Reference, Template};
use crate::filters::rust_str;
use crate::lang::rust::Rust as names;
use serde::Serialize;
use std::collections::BTreeMap;

/// rustfmt's default `struct_lit_width`: a wider struct literal or pattern body goes one field
/// per line.
const STRUCT_LIT_WIDTH: usize = 18;
/// rustfmt's default `fn_call_width`, which also bounds a tuple on one line.
const FN_CALL_WIDTH: usize = 60;

/// What the template needs to write one error's typed API.
#[derive(Serialize)]
pub(super) struct TypedView<'a> {
    /// The constructor's name: `not_found`, `r#type`, `name_` (see `lang::rust::constructor`).
    pub(super) ctor: String,
    /// The constructor's `#[deprecated]`, laid out for a function.
    pub(super) deprecated: Option<AttrLayout>,
    /// The constructor's arguments and the variant's fields: params, then wire fields.
    pub(super) args: Vec<ArgView>,
    /// Whether the constructor's signature fits on one line.
    pub(super) sig_inline: bool,
    /// Whether the struct literal `Self::X { a, b: b.into() }` in the constructor fits on one line.
    pub(super) init_inline: bool,
    /// Whether the pattern `Error::X { a, b }` fits on one line.
    pub(super) pattern_inline: bool,
    /// For a variant without fields: whether `Error::X => ErrorCode::X,` fits on one line.
    pub(super) visit_arm_inline: bool,
    /// For a variant without fields: whether `ErrorCode::X => Error::X,` fits on one line; with
    /// fields, whether `ErrorCode::X => Error::X {` does (else the literal goes in a block).
    pub(super) build_arm_inline: bool,
    /// The argument table entry (`ErrorEntry::args`).
    pub(super) arg_table: Nested<ArgEntryView<'a>>,
    /// `(key, JSON text)` pairs of the error's extensions over its category's, by key.
    pub(super) extensions: Vec<ExtensionView>,
    /// The body template, flattened: members in order, each with its depth.
    pub(super) body: Nested<MemberView>,
}

/// A constructor argument and variant field.
#[derive(Serialize)]
pub(super) struct ArgView {
    /// The identifier (`Rust::field`): `count`, `r#type`, `self_`.
    pub(super) ident: String,
    /// The field's type: `String`, `i64`, `Option<Vec<String>>`, ...
    pub(super) ty: String,
    /// The argument's type: `impl Into<String>` for a string, else `ty`.
    pub(super) param_ty: String,
    /// The field in the constructor's struct literal: `count` or `resource: resource.into()`.
    pub(super) init: String,
    /// The field's doc comment text.
    pub(super) doc: String,
}

/// One `Arg` of the argument table.
#[derive(Serialize)]
pub(super) struct ArgEntryView<'a> {
    pub(super) name: Lit<'a>,
    /// `Some(ParamType::Integer)` for a scalar, `None` otherwise.
    pub(super) scalar: String,
    /// Whether it is a wire field (else a message-only param).
    pub(super) field: bool,
}

/// One `(key, JSON text)` pair of `ErrorCode::extensions`.
#[derive(Serialize)]
pub(super) struct ExtensionView {
    /// The pair as Rust source: `("kind", "\"request\"")`.
    pub(super) key: String,
    pub(super) value: String,
    /// Whether rustfmt keeps the pair on one line.
    pub(super) inline: bool,
}

/// One member of the flattened body template.
#[derive(Serialize)]
pub(super) struct MemberView {
    /// How many objects enclose it (0 at the body's root).
    pub(super) depth: usize,
    /// The comment above the member: its dotted path.
    pub(super) label: String,
    /// The member name as a Rust string literal.
    pub(super) key: String,
    /// The `Node` it holds: `Node::Object`, `Node::Message`, `Node::Arg(2)`, or a `Fixed` JSON
    /// text (`fixed`).
    pub(super) node: String,
    pub(super) fixed: Option<FixedView>,
    /// A constant of the envelope, which a parsed body must hold (a reference may be absent).
    pub(super) required: bool,
}

/// `value: Node::Fixed("…"),` with the whitespace rustfmt puts around the literal.
#[derive(Serialize)]
pub(super) struct FixedView {
    pub(super) text: String,
    pub(super) pre: String,
    pub(super) post: String,
}

/// A discriminator of `IDENTIFY`: a body path (empty for the HTTP status).
#[derive(Serialize)]
pub(super) struct PathView {
    pub(super) label: String,
    /// The path's keys as Rust string literals.
    pub(super) keys: Vec<String>,
    /// Whether `&["a", "b"],` stays on one line.
    pub(super) inline: bool,
}

/// The Rust type of a field type.
fn rust_type(ty: &FieldType) -> String {
    match ty {
        FieldType::String => "String".into(),
        FieldType::Integer => "i64".into(),
        FieldType::Number => "f64".into(),
        FieldType::Boolean => "bool".into(),
        FieldType::List(t) => format!("Vec<{}>", rust_type(t)),
        FieldType::Map(t) => format!("std::collections::BTreeMap<String, {}>", rust_type(t)),
        FieldType::Optional(t) => format!("Option<{}>", rust_type(t)),
    }
}

fn scalar_variant(ty: &FieldType) -> Option<&'static str> {
    match ty {
        FieldType::String => Some("String"),
        FieldType::Integer => Some("Integer"),
        FieldType::Number => Some("Number"),
        FieldType::Boolean => Some("Boolean"),
        _ => None,
    }
}

/// Whether a struct literal or pattern `head { items }tail` at `indent` stays on one line.
fn struct_inline(indent: usize, head: &str, items: &[String], tail: &str) -> bool {
    let body = items.join(", ");
    body.len() <= STRUCT_LIT_WIDTH
        && indent + head.len() + " { ".len() + body.len() + " }".len() + tail.len() <= MAX_WIDTH
}

/// The typed view of `error`.
pub(super) fn typed_view<'a>(
    catalog: &'a Catalog,
    e: &'a CatalogError,
    variant: &str,
    deprecated: Option<AttrLayout>,
) -> TypedView<'a> {
    let ctor = names::constructor(&e.name);
    // (catalog name, type, description, is a wire field)
    let mut all: Vec<(&str, FieldType, Option<&str>, bool)> = Vec::new();
    for p in &e.params {
        let ty = catalog
            .placeholder_type(e, &p.name)
            .unwrap_or(FieldType::String);
        all.push((&p.name, ty, p.description.as_deref(), false));
    }
    for f in catalog.wire_fields(e) {
        all.push((&f.name, f.ty.clone(), f.description.as_deref(), true));
    }
    let args: Vec<ArgView> = all
        .iter()
        .map(|(name, ty, description, field)| {
            let ident = names::field(name);
            let ty_text = rust_type(ty);
            let (param_ty, init) = if *ty == FieldType::String {
                (
                    "impl Into<String>".to_owned(),
                    format!("{ident}: {ident}.into()"),
                )
            } else {
                (ty_text.clone(), ident.clone())
            };
            let doc = match description {
                Some(d) if !d.trim().is_empty() => d.trim().to_owned(),
                _ if *field => format!("The `{name}` field."),
                _ => format!("The `{name}` parameter of the message."),
            };
            ArgView {
                ident,
                ty: ty_text,
                param_ty,
                init,
                doc: doc_text(&doc),
            }
        })
        .collect();

    let params: Vec<String> = args
        .iter()
        .map(|a| format!("{}: {}", a.ident, a.param_ty))
        .collect();
    let sig = format!("    pub fn {ctor}({}) -> Self {{", params.join(", "));
    let inits: Vec<String> = args.iter().map(|a| a.init.clone()).collect();
    let idents: Vec<String> = args.iter().map(|a| a.ident.clone()).collect();

    let single = all.len() == 1;
    let indent = if single {
        ENTRY_INDENT + 4
    } else {
        ENTRY_INDENT + 8
    };
    let arg_table = Nested {
        single,
        items: all
            .iter()
            .map(|(name, ty, _, field)| ArgEntryView {
                name: Lit::field(indent, "name", name),
                scalar: match scalar_variant(ty) {
                    Some(v) => format!("Some(ParamType::{v})"),
                    None => "None".to_owned(),
                },
                field: *field,
            })
            .collect(),
    };

    TypedView {
        sig_inline: sig.len() <= MAX_WIDTH,
        init_inline: struct_inline(8, &format!("Self::{variant}"), &inits, ""),
        pattern_inline: struct_inline(8, &format!("Error::{variant}"), &idents, " => {"),
        visit_arm_inline: 8 + format!("Error::{variant} => ErrorCode::{variant},").len()
            <= MAX_WIDTH,
        build_arm_inline: 8
            + format!("ErrorCode::{variant} => Error::{variant}").len()
            + if all.is_empty() {
                ",".len()
            } else {
                " {".len()
            }
            <= MAX_WIDTH,
        ctor,
        deprecated,
        args,
        arg_table,
        extensions: extensions(catalog, e),
        body: body_view(catalog, e),
    }
}

/// The error's extensions over its category's, as Rust source of `(key, JSON text)` pairs.
fn extensions(catalog: &Catalog, e: &CatalogError) -> Vec<ExtensionView> {
    let mut merged: BTreeMap<&str, &serde_json::Value> = BTreeMap::new();
    if let Some(c) = catalog.category(&e.category) {
        merged.extend(c.extensions.iter().map(|(k, v)| (k.as_str(), v)));
    }
    merged.extend(e.extensions.iter().map(|(k, v)| (k.as_str(), v)));
    merged
        .into_iter()
        .map(|(k, v)| {
            let mut json = String::new();
            write_value(&mut json, v);
            let key = rust_str(k);
            let value = rust_str(&json);
            // Inside `extensions: &[` at the entry's indent, after a comment line.
            let content = width(&key) + ", ".len() + width(&value);
            let inline = content <= FN_CALL_WIDTH
                && ENTRY_INDENT + 4 + "(".len() + content + "),".len() <= MAX_WIDTH;
            ExtensionView { key, value, inline }
        })
        .collect()
}

/// The flattened body template of `error`.
fn body_view(catalog: &Catalog, e: &CatalogError) -> Nested<MemberView> {
    let args: Vec<String> = e
        .params
        .iter()
        .map(|p| p.name.clone())
        .chain(catalog.wire_fields(e).iter().map(|f| f.name.clone()))
        .collect();
    let mut flat: Vec<(usize, &BodyMember)> = Vec::new();
    fn walk<'m>(members: &'m [BodyMember], depth: usize, out: &mut Vec<(usize, &'m BodyMember)>) {
        for m in members {
            out.push((depth, m));
            if let BodyValue::Object { members } = &m.value {
                walk(members, depth + 1, out);
            }
        }
    }
    let body = catalog.envelope.body_of(catalog, e);
    walk(&body, 0, &mut flat);
    let single = flat.len() == 1;
    // `&[Member {` puts the fields at 8 columns; several members are at 8, their fields at 12.
    let indent = if single { 8 } else { 12 };
    let items = flat
        .into_iter()
        .map(|(depth, m)| {
            let (node, fixed) = match &m.value {
                BodyValue::Object { .. } => ("Node::Object".to_owned(), None),
                BodyValue::Message => ("Node::Message".to_owned(), None),
                BodyValue::Field { name } => {
                    let i = args.iter().position(|a| a == name).unwrap_or(0);
                    (format!("Node::Arg({i})"), None)
                }
                BodyValue::Fixed { value } => match catalog_node(&catalog.envelope.body, &m.path) {
                    Some(node) => (node, None),
                    None => {
                        let mut json = String::new();
                        write_value(&mut json, value);
                        let text = rust_str(&json);
                        let line = indent + "value: Node::Fixed(".len() + width(&text) + "),".len();
                        let (pre, post) = if line <= MAX_WIDTH {
                            (String::new(), String::new())
                        } else {
                            (
                                super::layout::newline(indent + 4),
                                format!(",{}", super::layout::newline(indent)),
                            )
                        };
                        (String::new(), Some(FixedView { text, pre, post }))
                    }
                },
            };
            MemberView {
                depth,
                label: comment_text(&m.path.join(".")),
                key: rust_str(&m.key),
                node,
                fixed,
                required: is_constant(&catalog.envelope.body, &m.path),
            }
        })
        .collect();
    Nested { single, items }
}

/// The `Node` of a member whose template is a catalog value the module has a getter for
/// (`Node::Title`, `Node::Extension("kind")`), so its text is not repeated in the body table.
fn catalog_node(members: &[crate::catalog::Member], path: &[String]) -> Option<String> {
    let (first, rest) = path.split_first()?;
    match &members.iter().find(|m| &m.key == first)?.value {
        Template::Object(inner) => catalog_node(inner, rest),
        Template::Ref(r) if rest.is_empty() => Some(match r {
            Reference::Code => "Node::Code".to_owned(),
            Reference::Name => "Node::Name".to_owned(),
            Reference::Title => "Node::Title".to_owned(),
            Reference::Category => "Node::Category".to_owned(),
            Reference::HttpStatus => "Node::HttpStatus".to_owned(),
            Reference::DocsUrl => "Node::DocsUrl".to_owned(),
            Reference::Fix => "Node::Fix".to_owned(),
            Reference::Retryable => "Node::Retryable".to_owned(),
            Reference::Extension(k) => format!("Node::Extension({})", rust_str(k)),
            Reference::HttpReason
            | Reference::GrpcStatus
            | Reference::Message
            | Reference::Field(_) => return None,
        }),
        _ => None,
    }
}

/// Whether the envelope template holds a constant at `path`.
fn is_constant(members: &[crate::catalog::Member], path: &[String]) -> bool {
    let Some((first, rest)) = path.split_first() else {
        return false;
    };
    match members.iter().find(|m| &m.key == first).map(|m| &m.value) {
        Some(Template::Const(_)) => rest.is_empty(),
        Some(Template::Object(inner)) => is_constant(inner, rest),
        Some(Template::Ref(_)) | None => false,
    }
}

/// The discriminators of the catalog's `identify`, in order.
pub(super) fn identify(catalog: &Catalog) -> Vec<PathView> {
    catalog
        .envelope
        .identify
        .iter()
        .map(|d| match d {
            Discriminator::Member { path, reference } => {
                let keys: Vec<String> = path.iter().map(|k| rust_str(k)).collect();
                let content: usize =
                    keys.iter().map(|k| width(k)).sum::<usize>() + 2 * keys.len().saturating_sub(1);
                PathView {
                    label: comment_text(&format!("{} ({})", path.join("."), reference.spelled())),
                    inline: content <= ARRAY_WIDTH
                        && 4 + "&[".len() + content + "],".len() <= MAX_WIDTH,
                    keys,
                }
            }
            Discriminator::HttpStatus => PathView {
                label: "the response's HTTP status".to_owned(),
                keys: Vec::new(),
                inline: true,
            },
        })
        .collect()
}
