//! The wire: occurrence fields at every level, the envelope template, and whether a parser can
//! tell every error's body apart.

use super::Hints;
use super::names;
use super::place::{On, Place};
use crate::catalog::{
    BodyMember, BodyValue, Catalog, CodeKind, Discriminator, Envelope, Field, FieldLevel,
    FieldType, Member, Reference, Template, match_message,
};
use crate::diagnostic::Diagnostic;
use crate::lang::NameKind;
use crate::message::Segment;
use crate::model::{EnvelopeDef, FieldDef};
use crate::rule::Rule;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap, HashSet};

/// The help of a type expression that does not parse.
const TYPE_HELP: &str = "write `string`, `integer`, `number`, `boolean`, `list<T>`, `map<T>` or \
                         `optional<T>`, e.g. `optional<list<string>>`";

/// Checks the `fields:` of one owner (`owner` is the place of the header, a category or an
/// error) and returns them in declaration order.
pub(crate) fn fields(
    diags: &mut Vec<Diagnostic>,
    defs: &BTreeMap<String, FieldDef>,
    owner: &Place,
    level: FieldLevel,
    subject: Option<&str>,
) -> Vec<Field> {
    let fplace = owner.child("fields");
    let mut names: Vec<&String> = defs.keys().collect();
    names.sort_by_key(|n| fplace.key(n).1.offset);
    let mut out = Vec::new();
    for name in names {
        let def = &defs[name];
        let ok = names::check_snake(diags, name, NameKind::Field, fplace.key(name));
        let ty = match FieldType::parse(&def.ty) {
            Ok(ty) => ty,
            Err(why) => {
                let mut d = Diagnostic::error(Rule::BadFieldType, format!("field `{name}`: {why}"))
                    .on(fplace.child(name).value("type"))
                    .help(TYPE_HELP);
                if let Some(s) = subject {
                    d = d.about(s);
                }
                diags.push(d);
                continue;
            }
        };
        if ok {
            out.push(Field {
                name: name.clone(),
                wire: def.wire.clone().unwrap_or_else(|| name.clone()),
                ty,
                description: def.description.clone(),
                level,
            });
        }
    }
    out
}

/// What checking an envelope needs from the rest of the catalog.
pub(crate) struct EnvelopeContext<'a> {
    pub code_kind: CodeKind,
    pub catalog_fields: &'a [Field],
    /// Every extension key of any error or category.
    pub extension_keys: &'a HashSet<String>,
    pub hints: &'a Hints<'a>,
}

/// Checks the header's `envelope:`; without one, the envelope is Problem Details.
pub(crate) fn envelope(
    diags: &mut Vec<Diagnostic>,
    def: Option<&EnvelopeDef>,
    header: &Place,
    cx: &EnvelopeContext,
) -> Option<Envelope> {
    let Some(def) = def else {
        return Some(Envelope::problem_details(cx.code_kind != CodeKind::None));
    };
    let eplace = header.child("envelope");
    let before = diags.len();
    let mut placed = HashMap::new();
    let body = object(diags, &def.body, &eplace.child("body"), cx, &mut placed);

    let fields_at: Vec<String> = match def.fields.as_deref() {
        None | Some("") => Vec::new(),
        Some(path) => {
            let parts: Vec<String> = path.split('.').map(str::to_owned).collect();
            if !matches!(walk(&body, &parts), Some(Template::Object(_))) {
                diags.push(
                    Diagnostic::error(
                        Rule::BadEnvelope,
                        format!("`fields: {path}` names no object of the body"),
                    )
                    .on(eplace.value("fields"))
                    .help(
                        "write the dotted path of a mapping in `body`, e.g. `error`, or leave \
                         `fields` out to put occurrence fields at the top of the body",
                    ),
                );
            }
            parts
        }
    };

    let identify = match &def.identify {
        Some(items) => identify(diags, items, &body, &eplace),
        // A body with a broken reference already has its diagnostic.
        None if diags.len() > before => None,
        None => default_identify(&body).or_else(|| {
            diags.push(
                Diagnostic::error(
                    Rule::BadEnvelope,
                    "the envelope has no `$code` or `$name` member, so a parser cannot tell \
                     errors apart",
                )
                .on(eplace.key("body"))
                .help(
                    "add `identify:` with the members that identify an error, e.g. \
                     `identify: [error, message]` for a title member and a message member",
                ),
            );
            None
        }),
    };
    if diags.len() > before {
        return None;
    }
    Some(Envelope {
        body,
        fields_at,
        identify: identify?,
        is_default: false,
    })
}

fn object(
    diags: &mut Vec<Diagnostic>,
    map: &BTreeMap<String, Value>,
    place: &Place,
    cx: &EnvelopeContext,
    placed: &mut HashMap<String, String>,
) -> Vec<Member> {
    let mut keys: Vec<&String> = map.keys().collect();
    keys.sort_by_key(|k| place.key(k).1.offset);
    let mut out = Vec::new();
    for key in keys {
        if let Some(value) = template(diags, key, &map[key], place, cx, placed) {
            out.push(Member {
                key: key.clone(),
                value,
            });
        }
    }
    out
}

fn template(
    diags: &mut Vec<Diagnostic>,
    key: &str,
    value: &Value,
    place: &Place,
    cx: &EnvelopeContext,
    placed: &mut HashMap<String, String>,
) -> Option<Template> {
    let at = place.value(key);
    match value {
        Value::Object(map) => {
            let map: BTreeMap<String, Value> =
                map.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
            Some(Template::Object(object(
                diags,
                &map,
                &place.child(key),
                cx,
                placed,
            )))
        }
        Value::Array(_) => {
            diags.push(
                Diagnostic::error(
                    Rule::BadEnvelope,
                    format!("member `{key}` of the envelope is a list"),
                )
                .on(at)
                .help(
                    "a body template holds mappings, constants and `$references`; data that \
                     varies per occurrence belongs in an occurrence field of type `list<T>`",
                ),
            );
            None
        }
        Value::String(s) if s.starts_with("$$") => Some(Template::Const(Value::from(&s[1..]))),
        Value::String(s) if s.starts_with('$') => {
            let word = &s[1..];
            let Some(r) = Reference::parse(word) else {
                let words: Vec<String> = Reference::WORDS.iter().map(|w| w.to_string()).collect();
                let mut d =
                    Diagnostic::error(Rule::UnknownReference, format!("unknown reference `{s}`"))
                        .on(at);
                d = match cx.hints.nearest(word, &words) {
                    Some(best) => d.help(format!(
                        "did you mean `${best}`? For the literal text, write `${s}`"
                    )),
                    None => d.help(format!(
                        "references are {}; for the literal text, write `${s}`",
                        Hints::listed(&words.iter().map(|w| format!("${w}")).collect::<Vec<_>>())
                    )),
                };
                diags.push(d);
                return None;
            };
            let problem = match &r {
                Reference::Code if cx.code_kind == CodeKind::None => Some((
                    "`$code`: no error of the catalog has a code".to_owned(),
                    "identify errors with `$name`, or give every error a `code`".to_owned(),
                )),
                Reference::Field(f) if !cx.catalog_fields.iter().any(|c| &c.name == f) => {
                    let known: Vec<String> =
                        cx.catalog_fields.iter().map(|c| c.name.clone()).collect();
                    Some((
                        format!("`{s}` names no field of the catalog"),
                        match cx.hints.nearest(f, &known) {
                            Some(best) => format!("did you mean `$field.{best}`?"),
                            None => format!(
                                "declare it under `catalog:` as `fields: {{ {f}: {{ type: string }} }}`"
                            ),
                        },
                    ))
                }
                Reference::Extension(k) if !cx.extension_keys.contains(k) => Some((
                    format!("`{s}`: no error or category has the extension `{k}`"),
                    format!(
                        "add `extensions: {{ {k}: ... }}` to the errors or categories that have it"
                    ),
                )),
                _ => None,
            };
            if let Some((message, help)) = problem {
                diags.push(
                    Diagnostic::error(Rule::UnknownReference, message)
                        .on(at)
                        .help(help),
                );
                return None;
            }
            if let Reference::Field(f) = &r
                && let Some(first) = placed.insert(f.clone(), key.to_owned())
            {
                diags.push(
                    Diagnostic::error(
                        Rule::BadEnvelope,
                        format!("field `{f}` is placed twice, at `{first}` and at `{key}`"),
                    )
                    .on(at)
                    .help("place each catalog field at one member"),
                );
                return None;
            }
            Some(Template::Ref(r))
        }
        other => Some(Template::Const(other.clone())),
    }
}

/// The template at a dotted path.
fn walk<'a>(members: &'a [Member], path: &[String]) -> Option<&'a Template> {
    let (first, rest) = path.split_first()?;
    let m = members.iter().find(|m| &m.key == first)?;
    match (&m.value, rest.is_empty()) {
        (t, true) => Some(t),
        (Template::Object(inner), false) => walk(inner, rest),
        _ => None,
    }
}

/// The path of the first member holding `reference`.
fn path_of(members: &[Member], reference: &Reference) -> Option<Vec<String>> {
    for m in members {
        match &m.value {
            Template::Ref(r) if r == reference => return Some(vec![m.key.clone()]),
            Template::Object(inner) => {
                if let Some(mut p) = path_of(inner, reference) {
                    p.insert(0, m.key.clone());
                    return Some(p);
                }
            }
            _ => {}
        }
    }
    None
}

fn default_identify(body: &[Member]) -> Option<Vec<Discriminator>> {
    [Reference::Code, Reference::Name]
        .into_iter()
        .find_map(|r| {
            path_of(body, &r).map(|path| vec![Discriminator::Member { path, reference: r }])
        })
}

fn identify(
    diags: &mut Vec<Diagnostic>,
    items: &[String],
    body: &[Member],
    eplace: &Place,
) -> Option<Vec<Discriminator>> {
    let iplace = eplace.child("identify");
    let mut out = Vec::new();
    let mut ok = true;
    for (i, item) in items.iter().enumerate() {
        if item == "$http_status" {
            out.push(Discriminator::HttpStatus);
            continue;
        }
        let path: Vec<String> = item.split('.').map(str::to_owned).collect();
        let problem = match walk(body, &path) {
            Some(Template::Ref(r)) if identifying(r) => {
                out.push(Discriminator::Member {
                    path,
                    reference: r.clone(),
                });
                continue;
            }
            Some(Template::Ref(r)) => format!(
                "`{item}` holds `{}`, which does not identify an error",
                r.spelled()
            ),
            Some(_) => format!("`{item}` is not a member holding a `$reference`"),
            None => format!("`{item}` names no member of the body"),
        };
        ok = false;
        diags.push(
            Diagnostic::error(Rule::BadEnvelope, problem)
                .on(iplace.value(&i.to_string()))
                .help(
                    "list dotted paths of body members holding `$code`, `$name`, `$title`, \
                     `$message`, `$category`, a status or `$ext.KEY`, or `$http_status` for the \
                     response's status",
                ),
        );
    }
    if out.is_empty() && ok {
        diags.push(
            Diagnostic::error(Rule::BadEnvelope, "`identify` is empty")
                .on(eplace.value("identify"))
                .help("name at least one member, e.g. `identify: [code]`"),
        );
        return None;
    }
    ok.then_some(out)
}

fn identifying(r: &Reference) -> bool {
    !matches!(
        r,
        Reference::DocsUrl | Reference::Fix | Reference::Retryable | Reference::Field(_)
    )
}

/// After the catalog is built: each error's body has distinct member names per object, has
/// every identifying member, and no two errors' bodies identify alike.
pub(crate) fn check_bodies(
    diags: &mut Vec<Diagnostic>,
    catalog: &Catalog,
    error_at: &dyn Fn(&str) -> super::place::At,
    field_at: &dyn Fn(&str, &str) -> super::place::At,
) {
    let env = &catalog.envelope;
    let mut groups: HashMap<Vec<String>, Vec<usize>> = HashMap::new();
    let uses_message = env.identify.iter().any(|d| {
        matches!(
            d,
            Discriminator::Member {
                reference: Reference::Message,
                ..
            }
        )
    });
    for (i, e) in catalog.errors.iter().enumerate() {
        let body = env.body_of(catalog, e);
        if let Some((key, what, field)) = duplicate_key(&body) {
            // Point at the error's own field when it is one of the two.
            let at = match field.filter(|f| e.fields.iter().any(|o| &o.name == f)) {
                Some(f) => field_at(&e.name, &f),
                None => error_at(&e.name),
            };
            diags.push(
                Diagnostic::error(
                    Rule::DuplicateField,
                    format!("the body of `{}` has two members `{key}`", e.name),
                )
                .on(at)
                .help(format!(
                    "{what}; give one of them another `wire:` name or move the fields with \
                     the envelope's `fields:`"
                ))
                .about(&e.name),
            );
            continue;
        }
        // An error without a value for an identifying member is told apart by its absence.
        let key: Vec<String> = env
            .identify
            .iter()
            .filter_map(|d| match d {
                Discriminator::HttpStatus => Some(format!("{:?}", e.http_status)),
                Discriminator::Member {
                    reference: Reference::Message,
                    ..
                } => None,
                Discriminator::Member { reference, .. } => Some(
                    reference
                        .static_value(catalog, e)
                        .map_or_else(|| "absent".to_owned(), |v| v.to_string()),
                ),
            })
            .collect();
        groups.entry(key).or_default().push(i);
    }
    let mut groups: Vec<Vec<usize>> = groups.into_values().filter(|g| g.len() > 1).collect();
    groups.sort();
    for g in groups {
        if !uses_message {
            let (a, b) = (&catalog.errors[g[0]], &catalog.errors[g[1]]);
            diags.push(
                Diagnostic::error(
                    Rule::AmbiguousIdentification,
                    format!("the bodies of `{}` and `{}` identify alike", a.name, b.name),
                )
                .on(error_at(&b.name))
                .also_on(error_at(&a.name), &format!("`{}` defined here", a.name))
                .help(
                    "give them different values in an identifying member, or add the message \
                     member to the envelope's `identify`",
                )
                .about(&b.name),
            );
            continue;
        }
        for (n, &later) in g.iter().enumerate() {
            let e = &catalog.errors[later];
            let [Segment::Text(literal)] = e.segments.as_slice() else {
                continue;
            };
            for &earlier in &g[..n] {
                let first = &catalog.errors[earlier];
                let type_of = |p: &str| {
                    catalog
                        .placeholder_type(first, p)
                        .unwrap_or(FieldType::String)
                };
                if match_message(&first.segments, literal, &type_of).is_some() {
                    diags.push(
                        Diagnostic::error(
                            Rule::AmbiguousIdentification,
                            format!(
                                "the message of `{}` also matches the message of `{}`, which is tried first",
                                e.name, first.name
                            ),
                        )
                        .on(error_at(&e.name))
                        .also_on(error_at(&first.name), &format!("`{}` defined here", first.name))
                        .help("reword one of the messages, or identify the errors by another member too")
                        .about(&e.name),
                    );
                    break;
                }
            }
        }
    }
}

fn duplicate_key(members: &[BodyMember]) -> Option<(String, String, Option<String>)> {
    let mut seen: HashMap<&str, &BodyValue> = HashMap::new();
    for m in members {
        if let Some(first) = seen.insert(&m.key, &m.value) {
            let describe = |v: &BodyValue| match v {
                BodyValue::Field { name } => format!("field `{name}`"),
                _ => "a member of the envelope".to_owned(),
            };
            let field = match &m.value {
                BodyValue::Field { name } => Some(name.clone()),
                _ => None,
            };
            return Some((
                m.key.clone(),
                format!("{} and {} both use it", describe(first), describe(&m.value)),
                field,
            ));
        }
        if let BodyValue::Object { members } = &m.value
            && let Some(found) = duplicate_key(members)
        {
            return Some(found);
        }
    }
    None
}
