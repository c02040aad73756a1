//! The Python driver of one fixture for `tests/python.rs`: a module that builds every error of
//! the catalog with its example values (`errcat::catalog::body::example_values`), prints its
//! response body, parses the reference body (`body_json`) back, and feeds the parser malformed
//! and unknown bodies; with the lines it must print. Identifiers come from
//! `errcat::lang::python`, the spellings the generated package uses.

use errcat::catalog::body::{body_json, example_values};
use errcat::catalog::{
    BodyMember, BodyValue, Catalog, CatalogError, Discriminator, FieldType, Member, Reference,
    Template,
};
use errcat::filters::py_str;
use errcat::lang::python::{
    BUILTIN_CLASSES, BUILTIN_ERRORS, EXCEPTION_ATTRIBUTES, MODULE_MEMBERS, Python,
};
use serde_json::Value;

/// How many cases of each kind the drivers hold, so the test can insist every kind ran.
#[derive(Debug, Default)]
pub struct Counts {
    pub fields: usize,
    pub nested: usize,
    pub missing: usize,
    pub disagreeing: usize,
}

pub struct Driver {
    /// The module's source.
    pub source: String,
    /// The lines `main()` must print, in order.
    pub expected: Vec<String>,
}

impl Driver {
    pub fn new(catalog: &Catalog, counts: &mut Counts) -> Driver {
        let package = Python::package(&catalog.name);
        let exception = Python::exception(&catalog.name);
        let name = &catalog.name;
        let mut src = format!(
            "\"\"\"Drives `{package}` (written by tests/python.rs).\"\"\"\n\n\
             import json\n\
             import pickle\n\
             from typing import Optional\n\n\
             import {package} as pkg\n\n\n\
             def bad(case: str, body: object, http_status: Optional[int] = None) -> None:\n\
             \x20   try:\n\
             \x20       parsed = pkg.parse_response_body(body, http_status)\n\
             \x20   except pkg.ResponseParseError as error:\n\
             \x20       print(f\"{name}\\t{{case}}\\tparse-error\\t{{error.path}}\")\n\
             \x20       return\n\
             \x20   if isinstance(parsed, pkg.UnknownError):\n\
             \x20       print(f\"{name}\\t{{case}}\\tunknown\\t{{parsed.body == body}}\")\n\
             \x20   else:\n\
             \x20       print(f\"{name}\\t{{case}}\\tknown\\t{{type(parsed).__name__}}\")\n"
        );
        let mut calls = Vec::new();
        let mut expected = Vec::new();
        for (i, e) in catalog.errors.iter().enumerate() {
            let function = format!("error_{i}");
            src.push_str(&error_function(catalog, e, &function, &mut expected));
            calls.push(function);
        }
        let (cases, lines) = malformed_cases(catalog, counts);
        expected.extend(lines);
        // The module's capitalized names and the exception's attributes are all known to the
        // naming layer, so no error class or argument can take one.
        let mut allowed: Vec<String> = MODULE_MEMBERS
            .iter()
            .chain(BUILTIN_ERRORS)
            .chain(BUILTIN_CLASSES)
            .map(|s| (*s).to_owned())
            .collect();
        allowed.push(exception.clone());
        allowed.extend(
            catalog
                .errors
                .iter()
                .map(|e| Python::error_class(&catalog.name, &e.name)),
        );
        src.push_str("\n\ndef main() -> None:\n");
        for c in &calls {
            src.push_str(&format!("    {c}()\n"));
        }
        for c in &cases {
            src.push_str(&format!("    {c}\n"));
        }
        src.push_str(&format!(
            "    allowed = {}\n\
             \x20   names = [n for n in vars(pkg) if n[:1].isupper() and n.isalnum()]\n\
             \x20   print(\"{name}\\tmembers\\t\" + json.dumps(sorted(set(names) - allowed)))\n",
            set_literal(&allowed)
        ));
        expected.push(format!("{name}\tmembers\t[]"));
        if let Some(first) = catalog.errors.first() {
            let attributes: Vec<String> = EXCEPTION_ATTRIBUTES
                .iter()
                .map(|s| (*s).to_owned())
                .collect();
            src.push_str(&format!(
                "    base = pkg.{exception}(pkg.ErrorCode.{})\n\
                 \x20   public = {{n for n in dir(base) if not n.startswith(\"_\")}}\n\
                 \x20   print(\"{name}\\tattributes\\t\" + json.dumps(sorted(public - {})))\n",
                Python::member(&first.name),
                set_literal(&attributes)
            ));
            expected.push(format!("{name}\tattributes\t[]"));
        }
        Driver {
            source: src,
            expected,
        }
    }
}

/// A function building `e`, printing its body, the body parsed back and re-written, and the
/// body of a pickled copy.
fn error_function(
    catalog: &Catalog,
    e: &CatalogError,
    function: &str,
    expected: &mut Vec<String>,
) -> String {
    let class = Python::error_class(&catalog.name, &e.name);
    let values = example_values(catalog, e);
    let body = body_json(catalog, e, &values);
    let mut arguments: Vec<String> = e.params.iter().map(|p| p.name.clone()).collect();
    arguments.extend(catalog.wire_fields(e).iter().map(|f| f.name.clone()));
    let call: Vec<String> = arguments
        .iter()
        .map(|a| format!("{}={}", Python::argument(a), literal(&values[a])))
        .collect();
    let same: Vec<String> = arguments
        .iter()
        .map(|a| {
            let ident = Python::argument(a);
            format!("parsed.{ident} == error.{ident}")
        })
        .collect();
    let same = if same.is_empty() {
        "True".to_owned()
    } else {
        same.join(" and ")
    };
    let tag = format!("{}\\t{}", catalog.name, e.name);
    let status = e
        .http_status
        .map_or_else(|| "None".to_owned(), |s| s.to_string());
    for line in ["body", "parsed\tTrue", "pickled"] {
        expected.push(format!("{}\t{}\t{line}\t{body}", catalog.name, e.name));
    }
    format!(
        "\n\ndef {function}() -> None:\n\
         \x20   error = pkg.{class}({call})\n\
         \x20   print(\"{tag}\\tbody\\t\" + pkg.response_json(error.to_response_body()))\n\
         \x20   parsed = pkg.parse_response_body(json.loads({body}), {status})\n\
         \x20   if not isinstance(parsed, pkg.{class}):\n\
         \x20       print(\"{tag}\\tparsed\\t\" + type(parsed).__name__)\n\
         \x20       return\n\
         \x20   same = {same}\n\
         \x20   print(f\"{tag}\\tparsed\\t{{same}}\\t\" + pkg.response_json(parsed.to_response_body()))\n\
         \x20   copy = pickle.loads(pickle.dumps(error))\n\
         \x20   assert type(copy) is pkg.{class}\n\
         \x20   print(\"{tag}\\tpickled\\t\" + pkg.response_json(copy.to_response_body()))\n",
        call = call.join(", "),
        body = py_str(&body),
    )
}

/// Calls of `bad(...)` with malformed and unknown bodies, and the lines they must print.
fn malformed_cases(catalog: &Catalog, counts: &mut Counts) -> (Vec<String>, Vec<String>) {
    let name = &catalog.name;
    let mut calls = Vec::new();
    let mut lines = Vec::new();
    let mut case = |label: &str, body: &str, status: Option<u16>, outcome: String| {
        let status = status.map_or_else(|| "None".to_owned(), |s| s.to_string());
        calls.push(format!("bad({}, {body}, {status})", py_str(label)));
        lines.push(format!("{name}\t{label}\t{outcome}"));
    };
    case("not an object: list", "[]", None, "parse-error\t".into());
    case(
        "not an object: string",
        "\"text\"",
        None,
        "parse-error\t".into(),
    );
    case("not an object: null", "None", None, "parse-error\t".into());
    let body_of = |e: &CatalogError| -> Value {
        serde_json::from_str(&body_json(catalog, e, &example_values(catalog, e))).unwrap()
    };
    let json = |v: &Value| format!("json.loads({})", py_str(&v.to_string()));
    let identify: Vec<(&Vec<String>, &Reference)> = catalog
        .envelope
        .identify
        .iter()
        .filter_map(|d| match d {
            Discriminator::Member { path, reference } => Some((path, reference)),
            Discriminator::HttpStatus => None,
        })
        .collect();
    let Some(first) = catalog.errors.first() else {
        return (calls, lines);
    };
    // A body that identifies no error of the catalog.
    if let Some((path, reference)) = identify.first() {
        let mut body = body_of(first);
        let unknown = match reference {
            Reference::Message => Value::from("\u{1}no such message"),
            _ => match get(&body, path) {
                Some(Value::Number(_)) => {
                    let taken: Vec<Value> = catalog
                        .errors
                        .iter()
                        .filter_map(|e| get(&body_of(e), path).cloned())
                        .collect();
                    let n = (987_654_321..)
                        .find(|n| !taken.contains(&Value::from(*n)))
                        .unwrap();
                    Value::from(n)
                }
                _ => Value::from("\u{1}no such error"),
            },
        };
        set(&mut body, path, Some(unknown));
        case(
            "unknown error",
            &json(&body),
            first.http_status,
            "unknown\tTrue".into(),
        );
        if path.len() > 1 {
            let mut body = body_of(first);
            set(&mut body, &path[..1], Some(Value::from(3)));
            case(
                "identifying member inside a number",
                &json(&body),
                first.http_status,
                format!("parse-error\t{}", path[0]),
            );
        }
    }
    // A field of the wrong type, and a required field left out.
    for e in &catalog.errors {
        let members = catalog.envelope.body_of(catalog, e);
        let Some((path, _, ty)) = fields_of(&members, catalog, e).into_iter().next() else {
            continue;
        };
        counts.fields += 1;
        let mut body = body_of(e);
        let wrong = if matches!(ty.strip_optional(), FieldType::String) {
            Value::from(12345)
        } else {
            Value::from("wrong")
        };
        set(&mut body, &path, Some(wrong));
        case(
            &format!("{}: field of the wrong type", e.name),
            &json(&body),
            e.http_status,
            format!("parse-error\t{}", path.join(".")),
        );
        if let Some((path, _, _)) = fields_of(&members, catalog, e)
            .into_iter()
            .find(|(_, _, ty)| !matches!(ty, FieldType::Optional(_)))
        {
            counts.missing += 1;
            let mut body = body_of(e);
            set(&mut body, &path, None);
            case(
                &format!("{}: field missing", e.name),
                &json(&body),
                e.http_status,
                format!("parse-error\t{}", path.join(".")),
            );
        }
        break;
    }
    // An item of a list or map field of the wrong type.
    'nested: for e in &catalog.errors {
        let members = catalog.envelope.body_of(catalog, e);
        for (path, field, ty) in fields_of(&members, catalog, e) {
            let (item, key) = match ty.strip_optional() {
                FieldType::List(item) => (item.as_ref(), "0".to_owned()),
                FieldType::Map(item) => (item.as_ref(), path.last().cloned().unwrap_or_default()),
                _ => continue,
            };
            let mut body = body_of(e);
            let wrong = if matches!(item.strip_optional(), FieldType::String) {
                Value::from(12345)
            } else {
                Value::from("wrong")
            };
            let container = get_mut(&mut body, &path).expect("the field");
            let shown = match container {
                Value::Array(items) => {
                    items[0] = wrong;
                    format!("{}[0]", path.join("."))
                }
                Value::Object(map) => {
                    let key = map.keys().next().cloned().unwrap_or(key);
                    map.insert(key.clone(), wrong);
                    format!("{}.{key}", path.join("."))
                }
                _ => continue,
            };
            counts.nested += 1;
            case(
                &format!("{}: item of {field} of the wrong type", e.name),
                &json(&body),
                e.http_status,
                format!("parse-error\t{shown}"),
            );
            break 'nested;
        }
    }
    // A body identified as one error holding another error's value (a code and a name that
    // disagree).
    'pairs: for a in &catalog.errors {
        for b in &catalog.errors {
            if a.name == b.name {
                continue;
            }
            let (body_a, body_b) = (body_of(a), body_of(b));
            let mut paths = value_paths(&catalog.envelope.body, &[]);
            // The name first, then the code: the disagreement users meet.
            paths.sort_by_key(|(_, r)| match r {
                Reference::Name => 0,
                Reference::Code => 1,
                _ => 2,
            });
            for (path, _) in paths {
                if identify.iter().any(|(p, _)| **p == path) {
                    continue;
                }
                let (Some(va), Some(vb)) = (get(&body_a, &path), get(&body_b, &path)) else {
                    continue;
                };
                if va == vb {
                    continue;
                }
                counts.disagreeing += 1;
                let mut body = body_a.clone();
                set(&mut body, &path, Some(vb.clone()));
                case(
                    &format!("{} with the {} of {}", a.name, path.join("."), b.name),
                    &json(&body),
                    a.http_status,
                    format!("parse-error\t{}", path.join(".")),
                );
                break 'pairs;
            }
        }
    }
    (calls, lines)
}

/// The paths of the body's spread and placed fields of `e`, with their names and types.
fn fields_of(
    members: &[BodyMember],
    catalog: &Catalog,
    e: &CatalogError,
) -> Vec<(Vec<String>, String, FieldType)> {
    let mut out = Vec::new();
    for m in members {
        match &m.value {
            BodyValue::Object { members } => out.extend(fields_of(members, catalog, e)),
            BodyValue::Field { name } => {
                let field = catalog
                    .wire_fields(e)
                    .into_iter()
                    .find(|f| &f.name == name)
                    .expect("a wire field");
                out.push((m.path.clone(), name.clone(), field.ty.clone()));
            }
            _ => {}
        }
    }
    out
}

/// The paths of the template's members holding a catalog value of the error (`$name`, ...).
fn value_paths(members: &[Member], prefix: &[String]) -> Vec<(Vec<String>, Reference)> {
    let mut out = Vec::new();
    for m in members {
        let mut path = prefix.to_vec();
        path.push(m.key.clone());
        match &m.value {
            Template::Object(inner) => out.extend(value_paths(inner, &path)),
            Template::Ref(Reference::Message | Reference::Field(_)) | Template::Const(_) => {}
            Template::Ref(r) => out.push((path, r.clone())),
        }
    }
    out
}

trait StripOptional {
    fn strip_optional(&self) -> &FieldType;
}

impl StripOptional for FieldType {
    fn strip_optional(&self) -> &FieldType {
        match self {
            FieldType::Optional(t) => t,
            t => t,
        }
    }
}

fn get<'a>(v: &'a Value, path: &[String]) -> Option<&'a Value> {
    path.iter().try_fold(v, |v, k| v.get(k))
}

fn get_mut<'a>(v: &'a mut Value, path: &[String]) -> Option<&'a mut Value> {
    path.iter().try_fold(v, |v, k| v.get_mut(k))
}

/// Sets (or, with `None`, removes) the member at `path`.
fn set(v: &mut Value, path: &[String], value: Option<Value>) {
    let (last, parents) = path.split_last().expect("a path");
    let mut target = v;
    for k in parents {
        target = target.get_mut(k).expect("the path exists");
    }
    let object = target.as_object_mut().expect("an object");
    match value {
        Some(value) => {
            object.insert(last.clone(), value);
        }
        None => {
            object.remove(last);
        }
    }
}

/// A Python literal of a JSON value.
fn literal(v: &Value) -> String {
    match v {
        Value::Null => "None".into(),
        Value::Bool(b) => if *b { "True" } else { "False" }.into(),
        Value::Number(n) if n.is_f64() => format!("{:?}", n.as_f64().unwrap()),
        Value::Number(n) => n.to_string(),
        Value::String(s) => py_str(s),
        Value::Array(items) => format!(
            "[{}]",
            items.iter().map(literal).collect::<Vec<_>>().join(", ")
        ),
        Value::Object(map) => format!(
            "{{{}}}",
            map.iter()
                .map(|(k, v)| format!("{}: {}", py_str(k), literal(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

fn set_literal(items: &[String]) -> String {
    format!(
        "{{{}}}",
        items
            .iter()
            .map(|s| py_str(s))
            .collect::<Vec<_>>()
            .join(", ")
    )
}
