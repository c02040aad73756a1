//! The typed-error cases of `tests/typescript.rs`: a project of generated modules and drivers
//! compiled by one tsc run, the occurrences and parse cases built from each catalog with their
//! expected results, and the driver program that runs them (with `wire_check.ts`).

use errcat::catalog::body::{Values, body_json, example_values, format_message};
use errcat::catalog::{
    BodyMember, BodyValue, Catalog, CatalogError, Discriminator, FieldType, Member, Template,
    match_message,
};
use errcat::lang::typescript::TypeScript;
use errcat::message::Segment;
use serde_json::Value;
use std::process::Command;

/// A generated module and the drivers the wire tests write next to it, compiled together by
/// one `tsc` run and run by one `node` process: `<dir>/errors.ts` per catalog.
pub(crate) struct Project {
    dir: tempfile::TempDir,
    files: Vec<String>,
}

impl Project {
    pub(crate) fn new() -> Project {
        Project {
            dir: tempfile::tempdir().expect("temp dir"),
            files: Vec::new(),
        }
    }

    pub(crate) fn write(&mut self, path: &str, text: &str) {
        let full = self.dir.path().join(path);
        std::fs::create_dir_all(full.parent().expect("a parent")).expect("mkdir");
        std::fs::write(&full, text).expect("write");
        if path.ends_with(".ts") {
            self.files.push(path.to_owned());
        }
    }

    /// Where `path` of the project is.
    pub(crate) fn path(&self, path: &str) -> std::path::PathBuf {
        self.dir.path().join(path)
    }

    /// Renders `catalog`'s TypeScript into `<dir>/errors.ts`.
    pub(crate) fn module(&mut self, dir: &str, catalog: &Catalog) {
        let engine = errcat::Engine::new(None).expect("built-in templates load");
        let target = errcat::targets::by_id("typescript").expect("typescript target");
        let files = target
            .render(catalog, &engine, &Default::default())
            .expect("render");
        self.write(&format!("{dir}/errors.ts"), &files[0].contents);
    }

    /// Type-checks every file with the pinned tsc under tests/typescript/tsconfig.json.
    pub(crate) fn check(&mut self) {
        let config =
            std::fs::read_to_string(crate::common::root().join("tests/typescript/tsconfig.json"))
                .expect("tsconfig");
        let files: Vec<String> = self.files.iter().map(|f| format!("{f:?}")).collect();
        let start = config.find("\"files\"").expect("a files list");
        let end = start + config[start..].find(']').expect("end of the files list") + 1;
        let config = format!(
            "{}\"files\": [{}]{}",
            &config[..start],
            files.join(", "),
            &config[end..]
        );
        self.write("tsconfig.json", &config);
        crate::common::run(
            Command::new(crate::common::node_bin("tsc"))
                .arg("--project")
                .arg(self.dir.path().join("tsconfig.json"))
                .arg("--pretty")
                .arg("false"),
        );
    }

    /// Runs the compiled `main` with node and returns its stdout.
    pub(crate) fn run(&self, main: &str) -> String {
        let out = self.dir.path().join("out");
        std::fs::write(out.join("package.json"), "{ \"type\": \"module\" }\n")
            .expect("write package.json");
        crate::common::run(Command::new("node").arg(out.join(main)))
    }
}

/// Every valid fixture and the flagship catalog, with a directory name for each.
pub(crate) fn all_catalogs() -> Vec<(String, Catalog)> {
    let mut out = vec![(
        "flagship".to_owned(),
        crate::common::load(&crate::common::root().join("catalog")),
    )];
    for path in crate::common::valid_fixtures() {
        let name = path
            .parent()
            .and_then(|p| p.file_name())
            .expect("a fixture directory")
            .to_string_lossy()
            .into_owned();
        out.push((name, crate::common::load(&path)));
    }
    out
}

/// The object literal of a constructor's argument, from occurrence values.
pub(crate) fn args_literal(catalog: &Catalog, e: &CatalogError, values: &Values) -> String {
    let mut members = Vec::new();
    for name in arg_names(catalog, e) {
        let value = values.get(&name).cloned().unwrap_or(Value::Null);
        members.push(format!("{}: {}", TypeScript::param(&name).key, value));
    }
    format!("{{ {} }}", members.join(", "))
}

/// The constructor's arguments of `e`: params in message order, then wire fields.
pub(crate) fn arg_names(catalog: &Catalog, e: &CatalogError) -> Vec<String> {
    e.params
        .iter()
        .map(|p| p.name.clone())
        .chain(catalog.wire_fields(e).iter().map(|f| f.name.clone()))
        .collect()
}

/// A call of `e`'s constructor function on `m`.
pub(crate) fn constructor_call(catalog: &Catalog, e: &CatalogError, values: &Values) -> String {
    let function = TypeScript::function(&e.name);
    if arg_names(catalog, e).is_empty() {
        format!("m.{function}()")
    } else {
        format!("m.{function}({})", args_literal(catalog, e, values))
    }
}

/// The data `parseResponseBody` must give back for an occurrence with `values`: fields as
/// given (an optional without value is `null`), params as the reference matcher reads them
/// from the formatted message.
pub(crate) fn expected_data(catalog: &Catalog, e: &CatalogError, values: &Values) -> Value {
    let mut data = serde_json::Map::new();
    data.insert("name".into(), Value::from(e.name.clone()));
    for f in catalog.wire_fields(e) {
        let v = values.get(&f.name).cloned().unwrap_or(Value::Null);
        data.insert(TypeScript::param(&f.name).name, v);
    }
    let message = format_message(&e.segments, values);
    let type_of = |name: &str| {
        catalog
            .placeholder_type(e, name)
            .unwrap_or(FieldType::String)
    };
    let pieces = match_message(&e.segments, &message, &type_of).expect("the message matches");
    let names = e.segments.iter().filter_map(|s| match s {
        Segment::Param(p) => Some(p),
        Segment::Text(_) => None,
    });
    for (name, piece) in names.zip(pieces) {
        let Some(param) = e.params.iter().find(|p| &p.name == name) else {
            continue;
        };
        let property = TypeScript::param(&param.name).name;
        if data.contains_key(&property) {
            continue;
        }
        let value = match type_of(name) {
            FieldType::Integer => Value::from(piece.parse::<i64>().expect("an integer")),
            FieldType::Number => Value::from(piece.parse::<f64>().expect("a number")),
            FieldType::Boolean => Value::Bool(piece == "true"),
            _ => Value::from(piece),
        };
        data.insert(property, value);
    }
    Value::Object(data)
}

/// Whether a JSON value holds an integer a JavaScript `number` cannot hold exactly.
pub(crate) fn has_bigint(v: &Value) -> bool {
    const MAX: i64 = (1 << 53) - 1;
    match v {
        Value::Number(n) => n
            .as_i64()
            .map_or(n.is_u64(), |i| !(-MAX..=MAX).contains(&i)),
        Value::Array(items) => items.iter().any(has_bigint),
        Value::Object(map) => map.values().any(has_bigint),
        _ => false,
    }
}

/// Every occurrence the wire test builds for `e`: the example values, and when the error has
/// optional fields, the same with each of them `null`.
pub(crate) fn occurrences(catalog: &Catalog, e: &CatalogError) -> Vec<(String, Values)> {
    let values = example_values(catalog, e);
    let mut out = vec![(e.name.clone(), values.clone())];
    let optional: Vec<&str> = catalog
        .wire_fields(e)
        .into_iter()
        .filter(|f| matches!(f.ty, FieldType::Optional(_)))
        .map(|f| f.name.as_str())
        .collect();
    if !optional.is_empty() {
        let mut nulls = values;
        for name in optional {
            nulls.insert(name.to_owned(), Value::Null);
        }
        out.push((format!("{}#null", e.name), nulls));
    }
    out
}

/// A value of another JSON type than `ty` accepts.
pub(crate) fn wrong_value(ty: &FieldType) -> Value {
    match ty {
        FieldType::String => Value::from(12),
        FieldType::Integer => Value::from(1.5),
        FieldType::Number | FieldType::Boolean => Value::from("1"),
        FieldType::List(_) | FieldType::Map(_) => Value::from(false),
        FieldType::Optional(t) => wrong_value(t),
    }
}

pub(crate) fn dotted(path: &[String]) -> String {
    path.join(".")
}

pub(crate) fn at_mut<'a>(
    body: &'a mut Value,
    path: &[String],
) -> &'a mut serde_json::Map<String, Value> {
    let mut here = body;
    for key in path {
        here = here.get_mut(key).expect("the member exists");
    }
    here.as_object_mut().expect("an object")
}

/// One parse case: a label, the body, the HTTP status passed, and the expected verdict.
pub(crate) struct ParseCase {
    pub(crate) label: String,
    pub(crate) body: Value,
    pub(crate) status: Option<u16>,
    pub(crate) expect: String,
}

/// The members of a body with their paths, depth first.
pub(crate) fn flat_members(members: &[BodyMember], out: &mut Vec<BodyMember>) {
    for m in members {
        out.push(m.clone());
        if let BodyValue::Object { members } = &m.value {
            flat_members(members, out);
        }
    }
}

/// Whether the template member at `path` is a constant (not a catalog reference).
pub(crate) fn is_constant(template: &[Member], path: &[String]) -> bool {
    let Some((first, rest)) = path.split_first() else {
        return false;
    };
    match template.iter().find(|m| &m.key == first).map(|m| &m.value) {
        Some(Template::Object(inner)) => is_constant(inner, rest),
        Some(Template::Const(_)) => rest.is_empty(),
        _ => false,
    }
}

/// The malformed, unknown and tolerated variants of each error's example body.
pub(crate) fn parse_cases(catalog: &Catalog) -> Vec<ParseCase> {
    let mut cases = Vec::new();
    for (label, body) in [
        ("array", "[]"),
        ("string", "\"x\""),
        ("null", "null"),
        ("number", "7"),
    ] {
        cases.push(ParseCase {
            label: format!("not an object: {label}"),
            body: serde_json::from_str(body).unwrap(),
            status: None,
            expect: "malformed:".into(),
        });
    }
    let identify: Vec<Vec<String>> = catalog
        .envelope
        .identify
        .iter()
        .filter_map(|d| match d {
            Discriminator::Member { path, .. } => Some(path.clone()),
            Discriminator::HttpStatus => None,
        })
        .collect();
    let by_status = catalog
        .envelope
        .identify
        .iter()
        .any(|d| matches!(d, Discriminator::HttpStatus));
    for e in &catalog.errors {
        let values = example_values(catalog, e);
        let text = body_json(catalog, e, &values);
        let body: Value = serde_json::from_str(&text).expect("the reference body is JSON");
        let status = e.http_status;
        let mut case = |what: &str, body: Value, status: Option<u16>, expect: String| {
            cases.push(ParseCase {
                label: format!("{}: {what}", e.name),
                body,
                status,
                expect,
            });
        };
        let known = format!("known:{}", e.name);

        let mut extra = body.clone();
        extra
            .as_object_mut()
            .unwrap()
            .insert("zz_extra".into(), Value::from(1));
        case("an extra member", extra, status, known.clone());

        let mut members = Vec::new();
        flat_members(&catalog.envelope.body_of(catalog, e), &mut members);
        for m in &members {
            let (parent, key) = m.path.split_at(m.path.len() - 1);
            let path = dotted(&m.path);
            let identifying = identify.contains(&m.path);
            let field_type = match &m.value {
                BodyValue::Field { name } => catalog
                    .wire_fields(e)
                    .into_iter()
                    .find(|f| &f.name == name)
                    .map(|f| f.ty.clone()),
                _ => None,
            };
            // Without the member.
            let required = match &m.value {
                BodyValue::Object { .. } | BodyValue::Message => true,
                BodyValue::Fixed { .. } => is_constant(&catalog.envelope.body, &m.path),
                BodyValue::Field { .. } => !matches!(field_type, Some(FieldType::Optional(_))),
            };
            if !identifying {
                let mut missing = body.clone();
                at_mut(&mut missing, parent).remove(&key[0]);
                let expect = if required {
                    format!("malformed:{path}")
                } else {
                    known.clone()
                };
                case(&format!("without `{path}`"), missing, status, expect);
            }
            // With a value of the wrong type, or another value.
            let wrong = match (&m.value, &field_type) {
                (BodyValue::Field { .. }, Some(ty)) => Some(wrong_value(ty)),
                (BodyValue::Fixed { value }, _) if !identifying => Some(match value {
                    Value::String(s) => Value::from(format!("{s}, changed")),
                    Value::Number(_) => Value::from(123_456_789),
                    Value::Bool(b) => Value::Bool(!b),
                    _ => Value::from("changed"),
                }),
                (BodyValue::Message, _) if !identifying => Some(Value::from(12)),
                (BodyValue::Object { .. }, _) => Some(Value::from("text")),
                _ => None,
            };
            if let Some(wrong) = wrong {
                let mut changed = body.clone();
                at_mut(&mut changed, parent).insert(key[0].clone(), wrong);
                case(
                    &format!("`{path}` of the wrong type"),
                    changed,
                    status,
                    format!("malformed:{path}"),
                );
            }
            // One wrong element inside a list or a map field.
            if let Some(ty) = &field_type {
                let inner = match ty {
                    FieldType::Optional(t) => t.as_ref(),
                    t => t,
                };
                if let FieldType::List(item) | FieldType::Map(item) = inner {
                    let mut changed = body.clone();
                    let holder = at_mut(&mut changed, parent).get_mut(&key[0]).unwrap();
                    let (slot, suffix) = match holder {
                        Value::Array(items) => (&mut items[0], "[0]".to_owned()),
                        Value::Object(map) => {
                            let (k, v) = map.iter_mut().next().unwrap();
                            let suffix = format!(".{k}");
                            (v, suffix)
                        }
                        _ => unreachable!("examples of lists and maps have one element"),
                    };
                    *slot = wrong_value(item);
                    case(
                        &format!("an element of `{path}` of the wrong type"),
                        changed,
                        status,
                        format!("malformed:{path}{suffix}"),
                    );
                }
            }
        }
        // Identifying values no error has.
        for path in &identify {
            let member = members.iter().find(|m| &m.path == path);
            let other = match member.map(|m| &m.value) {
                Some(BodyValue::Fixed {
                    value: Value::Number(_),
                }) => Value::from(-987_654_321_i64),
                Some(BodyValue::Message) => Value::from("zz no such message zz"),
                Some(_) => Value::from("zz_no_such_value"),
                None => continue,
            };
            let (parent, key) = path.split_at(path.len() - 1);
            let mut changed = body.clone();
            at_mut(&mut changed, parent).insert(key[0].clone(), other);
            case(
                &format!("an unknown `{}`", dotted(path)),
                changed,
                status,
                "unknown".into(),
            );
        }
        if by_status {
            case(
                "an unknown HTTP status",
                body.clone(),
                Some(599),
                "unknown".into(),
            );
        }
    }
    cases
}

/// The driver of one catalog: every occurrence built, written and parsed back, every parse case,
/// and an integer argument with a fraction refused by each constructor that has one.
pub(crate) fn driver(fixture: &str, catalog: &Catalog, cases: &[ParseCase]) -> String {
    let class = TypeScript::error_class(&catalog.name);
    let mut out = String::from(
        "import * as m from \"./errors.js\";\nimport * as w from \"../wire_check.js\";\n\n",
    );
    for e in &catalog.errors {
        let status = e
            .http_status
            .map_or("undefined".to_owned(), |s| s.to_string());
        for (label, values) in occurrences(catalog, e) {
            let text = body_json(catalog, e, &values);
            let exact = !has_bigint(&serde_json::from_str(&text).unwrap());
            out.push_str(&format!(
                "w.known({fixture:?}, {label:?}, () => {}, {exact}, {status}, m, m.{class});\n",
                constructor_call(catalog, e, &values)
            ));
        }
        out.push_str(&format!(
            "w.extensions({fixture:?}, {:?}, m.ERRORS.find((info) => info.name === {:?})?.extensions);\n",
            e.name, e.name
        ));
        let values = example_values(catalog, e);
        for name in arg_names(catalog, e) {
            let ty = catalog.placeholder_type(e, &name).unwrap();
            if ty == FieldType::Integer {
                let mut bad = values.clone();
                bad.insert(name.clone(), Value::from(1.5));
                out.push_str(&format!(
                    "w.invalid({fixture:?}, {:?}, () => {});\n",
                    format!("{}: {name} 1.5", e.name),
                    constructor_call(catalog, e, &bad)
                ));
            }
        }
    }
    for c in cases {
        let status = c.status.map_or("undefined".to_owned(), |s| s.to_string());
        out.push_str(&format!(
            "w.parse({fixture:?}, {:?}, {:?}, {status}, m);\n",
            c.label,
            c.body.to_string()
        ));
    }
    out
}

pub(crate) fn args_literal_without(
    catalog: &Catalog,
    e: &CatalogError,
    values: &Values,
    skip: &str,
) -> String {
    let members: Vec<String> = arg_names(catalog, e)
        .into_iter()
        .filter(|n| n != skip)
        .map(|n| format!("{}: {}", TypeScript::param(&n).key, values[&n]))
        .collect();
    format!("{{ {} }}", members.join(", "))
}

/// A value TypeScript does not accept for a `ty` argument (`null` included, except for optional
/// types, whose inner type it gets wrong instead).
pub(crate) fn mistyped_value(ty: &FieldType) -> Value {
    match ty {
        FieldType::String => Value::from(5),
        FieldType::Integer | FieldType::Number => Value::from("5"),
        FieldType::Boolean => Value::from("yes"),
        FieldType::List(_) | FieldType::Map(_) => Value::from(5),
        FieldType::Optional(t) => mistyped_value(t),
    }
}
