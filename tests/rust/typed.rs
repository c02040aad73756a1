//! The driver program that exercises the generated typed errors, and the lines it must print.
//!
//! For each module and each error, the driver constructs an occurrence with
//! `errcat::catalog::body::example_values` (and once more with every optional field empty),
//! prints `to_response_body()` and the `Display` text, and parses the expected body back. Then
//! it parses bodies made malformed in one place each. Every printed line is
//! `<module>\t<case>\t<what>\t<result>`, and [`Driver::expected`] holds what each must be: the
//! reference serializer's bytes (`body_json`), the reference message, `err <member path>`,
//! `unknown` or `known <bytes>`.

use errcat::catalog::body::{Values, body_json, example_values, format_message};
use errcat::catalog::{
    BodyMember, BodyValue, Catalog, CatalogError, Discriminator, FieldType, Reference,
    match_message,
};
use errcat::filters::rust_str;
use errcat::lang::rust::Rust;
use serde_json::{Value, json};
use std::fmt::Write as _;

/// The driver's source and the lines it must print.
#[derive(Default)]
pub struct Driver {
    pub source: String,
    pub expected: Vec<String>,
    /// The README's examples: each with the module it runs against as `errors`.
    readmes: Vec<(String, String)>,
    /// How many lines the README's examples print.
    readme_lines: usize,
}

impl Driver {
    /// Adds the checks of one module, `errcat_rust_check::<module>`, generated from `catalog`.
    pub fn add(&mut self, module: &str, catalog: &Catalog) {
        let mut body = String::new();
        for (i, e) in catalog.errors.iter().enumerate() {
            let values = example_values(catalog, e);
            self.occurrence(&mut body, module, catalog, e, &format!("{i}"), &values);
            let mut empty = values.clone();
            let mut any = false;
            for f in catalog.wire_fields(e) {
                if matches!(f.ty, FieldType::Optional(_)) {
                    empty.insert(f.name.clone(), Value::Null);
                    any = true;
                }
            }
            if any {
                self.occurrence(&mut body, module, catalog, e, &format!("{i}-none"), &empty);
            }
            self.malformed(&mut body, module, catalog, e, i, &values);
        }
        for (case, bad) in [
            ("array", json!([1])),
            ("string", json!("text")),
            ("null", Value::Null),
        ] {
            self.parse(&mut body, module, case, &bad, None, "err ");
        }
        super::lifecycle::checks(&mut body, &mut self.expected, module, catalog);
        let _ = writeln!(self.source, "fn {module}() {{");
        self.source.push_str(&body);
        self.source.push_str("}\n\n");
    }

    /// Runs `block`, a README example using `module` as `errors`, before the checks (after
    /// the examples added before it); it must print `lines`.
    pub fn readme(&mut self, module: &str, block: &str, lines: &[&str]) {
        self.readmes.push((module.to_owned(), block.to_owned()));
        for line in lines {
            self.expected.insert(self.readme_lines, (*line).to_owned());
            self.readme_lines += 1;
        }
    }

    /// The driver's whole source.
    pub fn source(&self, modules: &[String]) -> String {
        let mut out = String::from(MACROS);
        out.push_str(super::lifecycle::MACROS);
        for (i, (module, block)) in self.readmes.iter().enumerate() {
            let _ = writeln!(
                out,
                "fn readme{i}() -> Result<(), Box<dyn std::error::Error>> {{"
            );
            let _ = writeln!(out, "    use errcat_rust_check::{module} as errors;");
            for line in block.lines() {
                let _ = writeln!(out, "    {line}");
            }
            out.push_str("    Ok(())\n}\n\n");
        }
        out.push_str("fn main() {\n");
        for i in 0..self.readmes.len() {
            let _ = writeln!(
                out,
                "    readme{i}().expect(\"the README's example runs\");"
            );
        }
        for m in modules {
            let _ = writeln!(out, "    {m}();");
        }
        out.push_str("}\n\n");
        out.push_str(&self.source);
        out
    }

    /// Constructs one occurrence of `e` with `values` and checks its body, message and parse.
    fn occurrence(
        &mut self,
        out: &mut String,
        module: &str,
        catalog: &Catalog,
        e: &CatalogError,
        case: &str,
        values: &Values,
    ) {
        let mut args = Vec::new();
        for p in &e.params {
            let ty = catalog
                .placeholder_type(e, &p.name)
                .unwrap_or(FieldType::String);
            args.push(literal(&ty, &values[&p.name], true));
        }
        for f in catalog.wire_fields(e) {
            args.push(literal(&f.ty, &values[&f.name], true));
        }
        let body = body_json(catalog, e, values);
        let _ = writeln!(
            out,
            "    occurrence!({module}, {case:?}, errcat_rust_check::{module}::Error::{}({}), {}, {});",
            Rust::constructor(&e.name),
            args.join(", "),
            rust_str(&body),
            status(e),
        );
        let message = format_message(&e.segments, values);
        let label = format!("{module}\t{case}");
        self.expected.push(format!("{label}\tname\t{}", e.name));
        self.expected.push(format!("{label}\tbody\t{body}"));
        // The error's extensions over its category's, by key, as JSON text.
        let mut extensions = catalog
            .category(&e.category)
            .map(|c| c.extensions.clone())
            .unwrap_or_default();
        extensions.extend(e.extensions.clone());
        let extensions: Vec<String> = extensions
            .iter()
            .map(|(k, v)| {
                let mut json = String::new();
                errcat::catalog::body::write_value(&mut json, v);
                format!("{k}={json}")
            })
            .collect();
        self.expected
            .push(format!("{label}\textensions\t{}", extensions.join(";")));
        self.expected
            .push(format!("{label}\tdisplay\t{}", Value::from(message)));
        self.expected.push(format!("{label}\tparse\tknown {body}"));
    }

    /// Parses `bad` and expects `result` (`err <path>`, `unknown` or `known <bytes>`).
    fn parse(
        &mut self,
        out: &mut String,
        module: &str,
        case: &str,
        bad: &Value,
        status: Option<u16>,
        result: &str,
    ) {
        let text = serde_json::to_string(bad).unwrap();
        let _ = writeln!(
            out,
            "    parse!({module}, {case:?}, {}, {status:?});",
            rust_str(&text)
        );
        self.expected
            .push(format!("{module}\t{case}\tparse\t{result}"));
    }

    /// Bodies of `e` broken in one place each: a field of the wrong type, a missing field, a
    /// name that disagrees with the code, an unknown identifier, an identifying member inside
    /// something that is not an object; and sound ones: an extra member, an absent optional.
    fn malformed(
        &mut self,
        out: &mut String,
        module: &str,
        catalog: &Catalog,
        e: &CatalogError,
        i: usize,
        values: &Values,
    ) {
        let members = catalog.envelope.body_of(catalog, e);
        let good: Value = serde_json::from_str(&body_json(catalog, e, values)).unwrap();
        let status = e.http_status;
        let fields: Vec<(Vec<String>, FieldType)> = flatten(&members)
            .into_iter()
            .filter_map(|m| match &m.value {
                BodyValue::Field { name } => catalog
                    .wire_fields(e)
                    .into_iter()
                    .find(|f| &f.name == name)
                    .map(|f| (m.path.clone(), f.ty.clone())),
                _ => None,
            })
            .collect();

        if let Some((path, ty)) = fields.first() {
            let wrong = if matches!(ty, FieldType::String)
                || matches!(ty, FieldType::Optional(t) if **t == FieldType::String)
            {
                json!(12345)
            } else {
                json!("not this type")
            };
            let bad = with(&good, path, Some(wrong));
            let result = format!("err {}", path.join("."));
            self.parse(
                out,
                module,
                &format!("{i}-wrong-type"),
                &bad,
                status,
                &result,
            );
        }
        if let Some((path, _)) = fields
            .iter()
            .find(|(_, ty)| !matches!(ty, FieldType::Optional(_)))
        {
            let bad = with(&good, path, None);
            let result = format!("err {}", path.join("."));
            self.parse(out, module, &format!("{i}-missing"), &bad, status, &result);
        }
        if let Some((path, _)) = fields
            .iter()
            .find(|(_, ty)| matches!(ty, FieldType::Optional(_)))
        {
            let absent = with(&good, path, None);
            let mut empty = values.clone();
            let name = match &member_at(&members, path).map(|m| &m.value) {
                Some(BodyValue::Field { name }) => name.clone(),
                _ => unreachable!("a field's path"),
            };
            empty.insert(name, Value::Null);
            let result = format!("known {}", body_json(catalog, e, &empty));
            self.parse(
                out,
                module,
                &format!("{i}-absent"),
                &absent,
                status,
                &result,
            );
        }
        // An integer may be written with a zero fraction (`7.0`, as JavaScript writes nothing
        // else apart), not with a fraction.
        if let Some((path, _)) = fields.iter().find(|(_, ty)| *ty == FieldType::Integer) {
            let name = match &member_at(&members, path).map(|m| &m.value) {
                Some(BodyValue::Field { name }) => name.clone(),
                _ => unreachable!("a field's path"),
            };
            let mut seven = values.clone();
            seven.insert(name, json!(7));
            let result = format!("known {}", body_json(catalog, e, &seven));
            let whole = with(&good, path, Some(json!(7.0)));
            self.parse(out, module, &format!("{i}-whole"), &whole, status, &result);
            let fraction = with(&good, path, Some(json!(7.5)));
            let result = format!("err {}", path.join("."));
            self.parse(
                out,
                module,
                &format!("{i}-fraction"),
                &fraction,
                status,
                &result,
            );
        }
        let mut extra = good.clone();
        if let Value::Object(m) = &mut extra {
            m.insert("zz_extra_member".into(), json!({"a": [1, 2]}));
        }
        let result = format!("known {}", body_json(catalog, e, values));
        self.parse(out, module, &format!("{i}-extra"), &extra, status, &result);

        // A name that disagrees with the code: the code identifies the error, the name is
        // checked against it.
        let code_path = path_of(&members, &Reference::Code, catalog, e);
        let name_path = path_of(&members, &Reference::Name, catalog, e);
        let other = catalog.errors.iter().find(|o| o.name != e.name);
        if let (Some(_), Some(name_path), Some(other)) = (code_path, name_path, other) {
            let bad = with(&good, &name_path, Some(json!(other.name)));
            let result = format!("err {}", name_path.join("."));
            self.parse(out, module, &format!("{i}-disagree"), &bad, status, &result);
        }

        // An identifier no error has: the first discriminator that is a body member.
        let first = catalog.envelope.identify.iter().find_map(|d| match d {
            Discriminator::Member { path, reference } => Some((path, reference)),
            Discriminator::HttpStatus => None,
        });
        if let Some((path, reference)) = first {
            let unknown = match reference {
                Reference::Code => match good_at(&good, path) {
                    Some(Value::Number(_)) => json!(i64::MAX - 11),
                    _ => json!("no_such_code_xyz"),
                },
                Reference::Message => json!("No message of this catalog says this: xyz."),
                _ => json!("no such value xyz"),
            };
            let matches_some = match (&reference, unknown.as_str()) {
                (Reference::Message, Some(text)) => catalog.errors.iter().any(|x| {
                    match_message(&x.segments, text, &|n| {
                        catalog.placeholder_type(x, n).unwrap_or(FieldType::String)
                    })
                    .is_some()
                }),
                _ => false,
            };
            if !matches_some && good_at(&good, path).is_some() {
                let bad = with(&good, path, Some(unknown));
                self.parse(
                    out,
                    module,
                    &format!("{i}-unknown"),
                    &bad,
                    status,
                    "unknown",
                );
            }
            if path.len() > 1 {
                let bad = with(&good, &path[..1], Some(json!(5)));
                let result = format!("err {}", path[0]);
                self.parse(
                    out,
                    module,
                    &format!("{i}-not-object"),
                    &bad,
                    status,
                    &result,
                );
            }
        }
    }
}

/// The HTTP status the driver passes to the parser for `e`.
fn status(e: &CatalogError) -> String {
    format!("{:?}", e.http_status)
}

/// `value` with the member at `path` replaced (or removed, for `None`).
fn with(value: &Value, path: &[String], new: Option<Value>) -> Value {
    let mut out = value.clone();
    let mut at = &mut out;
    for (i, key) in path.iter().enumerate() {
        let Value::Object(m) = at else {
            panic!("no object at {path:?}")
        };
        if i + 1 == path.len() {
            match new {
                Some(v) => {
                    m.insert(key.clone(), v);
                }
                None => {
                    m.remove(key);
                }
            }
            return out;
        }
        at = m.get_mut(key).expect("a member on the path");
    }
    out
}

fn good_at<'a>(value: &'a Value, path: &[String]) -> Option<&'a Value> {
    path.iter().try_fold(value, |v, k| v.get(k))
}

fn flatten(members: &[BodyMember]) -> Vec<&BodyMember> {
    let mut out = Vec::new();
    for m in members {
        out.push(m);
        if let BodyValue::Object { members } = &m.value {
            out.extend(flatten(members));
        }
    }
    out
}

fn member_at<'a>(members: &'a [BodyMember], path: &[String]) -> Option<&'a BodyMember> {
    flatten(members).into_iter().find(|m| m.path == path)
}

/// The path of the member holding `reference`, found by its value in `e`'s body.
fn path_of(
    members: &[BodyMember],
    reference: &Reference,
    catalog: &Catalog,
    e: &CatalogError,
) -> Option<Vec<String>> {
    let value = reference.static_value(catalog, e)?;
    let template = template_paths(&catalog.envelope.body, &[]);
    template
        .into_iter()
        .find(|(_, r)| *r == reference)
        .map(|(p, _)| p)
        .filter(|p| {
            member_at(members, p)
                .is_some_and(|m| matches!(&m.value, BodyValue::Fixed { value: v } if *v == value))
        })
}

fn template_paths<'a>(
    members: &'a [errcat::catalog::Member],
    prefix: &[String],
) -> Vec<(Vec<String>, &'a Reference)> {
    let mut out = Vec::new();
    for m in members {
        let mut path = prefix.to_vec();
        path.push(m.key.clone());
        match &m.value {
            errcat::catalog::Template::Ref(r) => out.push((path, r)),
            errcat::catalog::Template::Object(inner) => out.extend(template_paths(inner, &path)),
            errcat::catalog::Template::Const(_) => {}
        }
    }
    out
}

/// A Rust expression of type `ty` holding `v`; `top` for a constructor argument, where a string
/// may be a `&str`.
fn literal(ty: &FieldType, v: &Value, top: bool) -> String {
    match ty {
        FieldType::String => {
            let s = rust_str(v.as_str().expect("a string"));
            if top { s } else { format!("{s}.to_owned()") }
        }
        FieldType::Integer => format!("{}_i64", v.as_i64().expect("an integer")),
        FieldType::Number => format!("{:?}_f64", v.as_f64().expect("a number")),
        FieldType::Boolean => v.as_bool().expect("a boolean").to_string(),
        FieldType::List(t) => {
            let items: Vec<String> = v
                .as_array()
                .expect("an array")
                .iter()
                .map(|i| literal(t, i, false))
                .collect();
            format!("vec![{}]", items.join(", "))
        }
        FieldType::Map(t) => {
            let items: Vec<String> = v
                .as_object()
                .expect("an object")
                .iter()
                .map(|(k, i)| format!("({}.to_owned(), {})", rust_str(k), literal(t, i, false)))
                .collect();
            format!("std::collections::BTreeMap::from([{}])", items.join(", "))
        }
        FieldType::Optional(t) => match v {
            Value::Null => "None".to_owned(),
            v => format!("Some({})", literal(t, v, false)),
        },
    }
}

/// The driver's checks, written once as macros so they work for every module's types.
const MACROS: &str = r#"/// Builds one occurrence and prints its name, body, message and the body parsed back.
macro_rules! occurrence {
    ($m:ident, $case:expr, $error:expr, $body:expr, $status:expr) => {{
        use errcat_rust_check::$m;
        let error: $m::Error = $error;
        let label = format!("{}\t{}", stringify!($m), $case);
        println!("{label}\tname\t{}", error.name());
        println!("{label}\tbody\t{}", error.to_response_body());
        let extensions: Vec<String> = error
            .kind()
            .extensions()
            .iter()
            .map(|(key, json)| format!("{key}={json}"))
            .collect();
        println!("{label}\textensions\t{}", extensions.join(";"));
        let text = serde_json::to_string(&error.to_string()).unwrap_or_default();
        println!("{label}\tdisplay\t{text}");
        let value: serde_json::Value = serde_json::from_str($body).unwrap_or_default();
        assert_eq!(error.to_response_value(), value, "{label}: to_response_value");
        assert_eq!(error.kind().name(), error.name(), "{label}: kind");
        let parsed = $m::parse_response_body(&value, $status);
        println!("{label}\tparse\t{}", describe!($m, parsed));
    }};
}

/// Parses one body and prints the outcome.
macro_rules! parse {
    ($m:ident, $case:expr, $body:expr, $status:expr) => {{
        use errcat_rust_check::$m;
        let value: serde_json::Value = serde_json::from_str($body).unwrap_or_default();
        let parsed = $m::parse_response_body(&value, $status);
        if let Ok($m::Parsed::Unknown(unknown)) = &parsed {
            assert_eq!(unknown.body, value, "the unknown error keeps the body");
            assert!(!unknown.identifiers().is_empty(), "the unknown error shows its identifier");
            assert!(!unknown.to_string().is_empty());
        }
        println!("{}\t{}\tparse\t{}", stringify!($m), $case, describe!($m, parsed));
    }};
}

/// `known <bytes>`, `unknown` or `err <path>`.
macro_rules! describe {
    ($m:ident, $parsed:expr) => {
        match $parsed {
            Ok($m::Parsed::Known(error)) => format!("known {}", error.to_response_body()),
            Ok($m::Parsed::Unknown(_)) => "unknown".to_owned(),
            Err(e) => {
                assert!(e.to_string().contains(&format!("`{}`", e.path())) || e.path().is_empty());
                format!("err {}", e.path())
            }
        }
    };
}

"#;

/// A catalog whose params and fields are named like the locals and parameters of the generated
/// functions (`out`, `error`, `kind`, `values`, `args`, ...): no binding of a variant's field may
/// shadow what the generated code uses.
pub const LOCALS: &str = r#"errcat: 1
catalog:
  name: locals
  title: Locals
  version: 1.0.0
  fields:
    out: { type: string }
categories:
  - id: general
    title: General
    http_status: 400
    fields:
      error: { type: integer }
errors:
  - name: shadows
    code: 1
    category: general
    message: "{kind} {values} {message} {entry} {args} {self}"
    params:
      kind: { type: string }
      values: { type: integer }
      message: { type: string }
      entry: { type: boolean }
      args: { type: number }
      self: { type: string }
    fields:
      body: { type: "list<string>" }
      path: { type: "map<string>" }
      value: { type: "optional<string>" }
      found: { type: string }
      keys: { type: integer }
      m: { type: string }
      i: { type: integer }
      json: { type: string }
      text: { type: string }
      f: { type: number }
      piece: { type: string }
      param: { type: string }
      index: { type: integer }
      key: { type: string }
      item: { type: string }
      items: { type: "list<integer>" }
      members: { type: "map<integer>" }
      k: { type: string }
      v: { type: string }
      texts: { type: string }
      captured: { type: string }
      slot: { type: string }
      ty: { type: string }
      label: { type: string }
      type: { type: string }
      limit: { type: integer }
      whole: { type: integer }
      placeholders: { type: string }
      digits: { type: string }
      object: { type: string }
      inner: { type: string }
      first: { type: string }
      node: { type: string }
      error_message: { type: string }
    fix: F.
  - name: second
    code: 2
    category: general
    message: "Retry as {out}."
    fix: F.
"#;
