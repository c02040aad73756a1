//! The `json-schema` target: the schema it writes is a valid draft 2020-12 schema, it is pretty and
//! stable, it accepts every error's Problem Details body and rejects bodies that mix errors or break
//! the shape, and an override template that renders a broken schema fails with a clear error.

mod common;

use errcat::catalog::{Catalog, Code};
use errcat::{Engine, GeneratedFile, RenderError};
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::{Value, json};
use std::fmt;
use std::path::{Path, PathBuf};

/// The file the target writes, under the output directory.
const SCHEMA: &str = "json-schema/error-response.schema.json";
/// The template it renders, under `templates/`.
const TEMPLATE: &str = "json-schema/error-response.schema.json.tera";
const DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";

#[test]
fn committed_schema_is_valid_pretty_and_fresh() {
    let path = common::generated().join(SCHEMA);
    let committed = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    assert_valid_schema(&committed, &path.display().to_string());
    assert_pretty(&committed, &path.display().to_string());
    let rendered = render(&common::load(&common::root().join("catalog")), &engine());
    assert!(
        rendered == committed,
        "{} is stale: run `cargo run -- generate --target json-schema`",
        path.display()
    );
}

#[test]
fn every_fixture_generates_a_valid_pretty_schema() {
    let fixtures = common::valid_fixtures();
    assert!(!fixtures.is_empty(), "no fixture under tests/fixtures");
    for fixture in fixtures {
        let out = common::generate(&fixture);
        let path = out.path().join(SCHEMA);
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{} wrote no {SCHEMA}: {e}", fixture.display()));
        let what = format!("the schema of {}", fixture.display());
        assert_valid_schema(&text, &what);
        assert_pretty(&text, &what);
    }
}

#[test]
fn rendering_is_byte_deterministic() {
    for catalog in catalogs() {
        let cat = common::load(&catalog);
        let first = render(&cat, &engine());
        let second = render(&cat, &engine());
        assert!(
            first == second,
            "two renders of {} differ",
            catalog.display()
        );
    }
}

#[test]
fn header_and_catalog_text_survive_escaping() {
    // The hostile fixture's titles hold quotes, backslashes, tabs and braces.
    for catalog in catalogs() {
        let cat = common::load(&catalog);
        let schema: Value = serde_json::from_str(&render(&cat, &engine())).expect("JSON");
        assert_eq!(schema["$comment"], json!(errcat::targets::header(&cat)));
        assert_eq!(
            schema["title"],
            json!(format!("{} error response", cat.title))
        );
        for e in &cat.errors {
            let def = &schema["$defs"][&e.name];
            assert_eq!(
                def["title"],
                json!(e.title),
                "{}: branch title",
                catalog.display()
            );
            let description = def["description"].as_str().unwrap_or_default();
            assert!(
                description.starts_with(e.message.trim()),
                "{}: the description of `{}` does not start with its message: {description:?}",
                catalog.display(),
                e.name
            );
        }
    }
}

#[test]
fn every_error_body_validates() {
    for catalog in catalogs() {
        let cat = common::load(&catalog);
        let validator = compile(&cat);
        for body in bodies(&cat) {
            assert_accepts(&validator, &body, &catalog);
        }
    }
}

#[test]
fn a_body_mixing_two_errors_fails() {
    for catalog in catalogs() {
        let cat = common::load(&catalog);
        let validator = compile(&cat);
        let bodies = bodies(&cat);
        assert!(bodies.len() >= 2, "{} needs two errors", catalog.display());
        for (i, body) in bodies.iter().enumerate() {
            let other = &bodies[(i + 1) % bodies.len()];
            // Each mix changes one member, so each binding is tested on its own.
            let mut mixed = body.clone();
            mixed["name"] = other["name"].clone();
            assert_rejects(&validator, &mixed, &catalog, "the name of another error");
            if let Some(code) = other.get("code") {
                let mut mixed = body.clone();
                mixed["code"] = code.clone();
                assert_rejects(&validator, &mixed, &catalog, "the code of another error");
            }
            if let Some(url) = other.get("type").filter(|u| *u != &body["type"]) {
                let mut mixed = body.clone();
                mixed["type"] = url.clone();
                assert_rejects(
                    &validator,
                    &mixed,
                    &catalog,
                    "the docs URL of another error",
                );
            }
            if other["title"] != body["title"] {
                let mut mixed = body.clone();
                mixed["title"] = other["title"].clone();
                assert_rejects(&validator, &mixed, &catalog, "the title of another error");
            }
        }
    }
}

#[test]
fn a_wrong_status_fails() {
    for catalog in catalogs() {
        let cat = common::load(&catalog);
        let validator = compile(&cat);
        for mut body in bodies(&cat) {
            // An error without a status has no status to get wrong.
            let Some(status) = body.get("status").and_then(Value::as_u64) else {
                continue;
            };
            body["status"] = json!(if status == 599 { 598 } else { status + 1 });
            assert_rejects(&validator, &body, &catalog, "wrong status");
        }
    }
}

#[test]
fn a_missing_member_fails() {
    for catalog in catalogs() {
        let cat = common::load(&catalog);
        let validator = compile(&cat);
        let mut members = vec!["name", "title", "detail"];
        if cat.errors.iter().all(|e| e.http_status.is_some()) {
            members.push("status");
        }
        if cat.errors.iter().all(|e| e.code.is_some()) {
            members.push("code");
        }
        if cat.errors.iter().all(|e| e.docs_url.is_some()) {
            members.push("type");
        }
        for body in bodies(&cat) {
            for member in &members {
                let mut partial = body.clone();
                partial.as_object_mut().expect("object").remove(*member);
                assert_rejects(&validator, &partial, &catalog, &format!("no `{member}`"));
            }
        }
    }
}

#[test]
fn an_unknown_code_or_name_fails() {
    for catalog in catalogs() {
        let cat = common::load(&catalog);
        let validator = compile(&cat);
        let unknown_code = match cat.errors.iter().filter_map(|e| e.code.as_ref()).max() {
            Some(Code::Int(i)) => Some(json!(i + 1)),
            Some(Code::Str(s)) => Some(json!(format!("{s}-UNKNOWN"))),
            None => None,
        };
        for body in bodies(&cat) {
            if let Some(code) = &unknown_code {
                let mut unknown = body.clone();
                unknown["code"] = code.clone();
                assert_rejects(&validator, &unknown, &catalog, "unknown code");
            }
            let mut unknown = body.clone();
            unknown["name"] = json!("no_such_error");
            assert_rejects(&validator, &unknown, &catalog, "unknown name");
        }
    }
}

#[test]
fn members_of_the_wrong_type_fail() {
    for catalog in catalogs() {
        let cat = common::load(&catalog);
        let validator = compile(&cat);
        for body in bodies(&cat) {
            if let Some(status) = body.get("status") {
                let mut wrong = body.clone();
                wrong["status"] = json!(status.to_string());
                assert_rejects(&validator, &wrong, &catalog, "status as a string");
            }
            let mut wrong = body.clone();
            wrong["detail"] = json!(42);
            assert_rejects(&validator, &wrong, &catalog, "detail as a number");
            if let Some(Value::Number(n)) = body.get("code") {
                let mut wrong = body.clone();
                wrong["code"] = json!(n.to_string());
                assert_rejects(&validator, &wrong, &catalog, "integer code as a string");
            }
        }
    }
}

#[test]
fn a_catalog_without_errors_renders_a_valid_schema() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("catalog.yaml");
    std::fs::write(
        &path,
        "errcat: 1\ncatalog:\n  name: empty\n  title: Empty\n  version: 0.1.0\n\
         categories:\n  - id: general\n    title: General\n    http_status: 500\nerrors: []\n",
    )
    .expect("write catalog");
    let cat = common::load(&path);
    let text = render(&cat, &engine());
    assert_valid_schema(&text, "the schema of an empty catalog");
    assert_pretty(&text, "the schema of an empty catalog");
}

#[test]
fn an_override_that_breaks_the_schema_fails_to_render() {
    let cat = common::load(&common::root().join("tests/fixtures/no_codes/catalog.yaml"));
    let cases = [
        (
            "{\n  \"$schema\": \"https://json-schema.org/draft/2020-12/schema\",\n  \"title\": {{ catalog.title | json_str }},\n}\n",
            "cannot render `json-schema/error-response.schema.json.tera`: the output is not valid JSON: \
             trailing comma at line 4 column 1",
        ),
        (
            "{ \"title\": {{ catalog.title }} }\n",
            "cannot render `json-schema/error-response.schema.json.tera`: the output is not valid JSON: \
             expected value at line 1 column 12",
        ),
        (
            "{ \"$schema\": \"http://json-schema.org/draft-07/schema#\" }\n",
            "cannot render `json-schema/error-response.schema.json.tera`: the output does not declare \
             `\"$schema\": \"https://json-schema.org/draft/2020-12/schema\"`",
        ),
        (
            "{ \"$schema\": \"https://json-schema.org/draft/2020-12/schema\", \"type\": \"banana\", \
             \"required\": \"name\" }\n",
            "cannot render `json-schema/error-response.schema.json.tera`: the output is not a valid \
             draft 2020-12 JSON Schema:\n  \
             at `/required`: \"name\" is not of type \"array\"\n  \
             at `/type`: \"banana\" is not valid under any of the schemas listed in the 'anyOf' keyword",
        ),
        (
            "{ \"$schema\": \"https://json-schema.org/draft/2020-12/schema\", \
             \"oneOf\": [{ \"$ref\": \"#/$defs/internal\" }] }\n",
            "cannot render `json-schema/error-response.schema.json.tera`: the output is not a usable \
             JSON Schema: Pointer '/$defs/internal' does not exist",
        ),
    ];
    for (template, expected) in cases {
        let dir = override_dir(template);
        let engine = Engine::new(Some(dir.path())).expect("the override loads");
        let err = target().render(&cat, &engine).expect_err(template);
        assert_eq!(
            err,
            RenderError(expected.to_owned()),
            "override:\n{template}"
        );
    }
}

#[test]
fn an_override_that_renders_a_valid_schema_is_accepted() {
    let cat = common::load(&common::root().join("tests/fixtures/no_codes/catalog.yaml"));
    let template = "{\n  \"$schema\": \"https://json-schema.org/draft/2020-12/schema\",\n  \
                    \"$comment\": {{ header | json_str }}\n}\n";
    let dir = override_dir(template);
    let engine = Engine::new(Some(dir.path())).expect("the override loads");
    let files = target()
        .render(&cat, &engine)
        .expect("a valid schema renders");
    let expected = format!(
        "{{\n  \"$schema\": \"{DIALECT}\",\n  \"$comment\": \"generated by errcat from {}, do not edit\"\n}}\n",
        cat.source
    );
    assert_eq!(files, vec![GeneratedFile::new(SCHEMA, &expected)]);
}

// --- helpers

/// The flagship catalog and every fixture.
fn catalogs() -> Vec<PathBuf> {
    let mut out = vec![common::root().join("catalog")];
    out.extend(common::valid_fixtures());
    out
}

fn target() -> &'static dyn errcat::targets::Target {
    errcat::targets::by_id("json-schema").expect("the json-schema target exists")
}

fn engine() -> Engine {
    Engine::new(None).expect("built-in templates load")
}

/// Renders only the json-schema target and returns the schema's text.
fn render(cat: &Catalog, engine: &Engine) -> String {
    let files = target().render(cat, engine).expect("render");
    assert_eq!(
        files.iter().map(|f| f.path.as_str()).collect::<Vec<_>>(),
        [SCHEMA],
        "the json-schema target writes exactly one file"
    );
    files
        .into_iter()
        .next()
        .map(|f| f.contents)
        .unwrap_or_default()
}

/// A template directory overriding the json-schema template with `text`.
fn override_dir(text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(TEMPLATE);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(&path, text).expect("write template");
    dir
}

/// The schema of `cat`, compiled with format checks on (`type` and `instance` are URI references).
fn compile(cat: &Catalog) -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(&render(cat, &engine())).expect("JSON");
    jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap_or_else(|e| panic!("the schema of `{}` does not compile: {e}", cat.name))
}

/// One full Problem Details body per error, in catalog order: docs URL, title, status, the message
/// filled with the shared sample values, an instance, code and name.
fn bodies(cat: &Catalog) -> Vec<Value> {
    let table = common::expected_table(cat);
    let rows = table.as_array().expect("array");
    cat.errors
        .iter()
        .zip(rows)
        .map(|(e, row)| {
            let mut body = serde_json::Map::new();
            if let Some(url) = &e.docs_url {
                body.insert("type".into(), json!(url));
            }
            body.insert("title".into(), json!(e.title));
            if let Some(status) = e.http_status {
                body.insert("status".into(), json!(status));
            }
            body.insert("detail".into(), row["formatted"].clone());
            body.insert("instance".into(), json!(format!("/requests/{}", e.name)));
            match &e.code {
                Some(Code::Int(i)) => body.insert("code".into(), json!(i)),
                Some(Code::Str(s)) => body.insert("code".into(), json!(s)),
                None => None,
            };
            body.insert("name".into(), json!(e.name));
            Value::Object(body)
        })
        .collect()
}

fn assert_accepts(validator: &jsonschema::Validator, body: &Value, catalog: &Path) {
    let errors: Vec<String> = validator
        .iter_errors(body)
        .map(|e| format!("at `{}`: {e}", e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{}: the schema rejects a valid body\n{body:#}\n{}",
        catalog.display(),
        errors.join("\n")
    );
}

fn assert_rejects(validator: &jsonschema::Validator, body: &Value, catalog: &Path, why: &str) {
    assert!(
        !validator.is_valid(body),
        "{}: the schema accepts a body with {why}\n{body:#}",
        catalog.display()
    );
}

/// Parses `text` and checks it against the 2020-12 meta-schema, listing every problem.
fn assert_valid_schema(text: &str, what: &str) {
    let schema: Value =
        serde_json::from_str(text).unwrap_or_else(|e| panic!("{what} is not JSON: {e}"));
    assert_eq!(
        schema["$schema"],
        json!(DIALECT),
        "{what} declares another dialect"
    );
    let meta = jsonschema::draft202012::meta::validator();
    let errors: Vec<String> = meta
        .iter_errors(&schema)
        .map(|e| format!("at `{}`: {e}", e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{what} is not a valid 2020-12 schema:\n{}",
        errors.join("\n")
    );
    jsonschema::draft202012::new(&schema)
        .unwrap_or_else(|e| panic!("{what} does not compile: {e}"));
}

/// Checks that `text` is exactly its own 2-space pretty print, members in the order written and
/// none repeated, ending with one newline.
fn assert_pretty(text: &str, what: &str) {
    let doc: Ordered = serde_json::from_str(text).unwrap_or_else(|e| panic!("{what}: {e}"));
    let duplicates = doc.duplicate_keys();
    assert!(duplicates.is_empty(), "{what} repeats keys: {duplicates:?}");
    let pretty = serde_json::to_string_pretty(&doc).expect("serialize") + "\n";
    if text != pretty {
        let diff = similar::TextDiff::from_lines(pretty.as_str(), text);
        panic!(
            "{what} is not pretty-printed JSON (- pretty, + rendered):\n{}",
            diff.unified_diff().context_radius(2)
        );
    }
}

/// A JSON document that keeps object members in document order, duplicates included, so a
/// re-print shows exactly what the template wrote (`serde_json::Value` sorts and dedupes keys).
enum Ordered {
    Scalar(Value),
    Array(Vec<Ordered>),
    Object(Vec<(String, Ordered)>),
}

impl Ordered {
    fn duplicate_keys(&self) -> Vec<String> {
        let mut out = Vec::new();
        match self {
            Ordered::Scalar(_) => {}
            Ordered::Array(items) => items.iter().for_each(|i| out.extend(i.duplicate_keys())),
            Ordered::Object(members) => {
                for (i, (key, value)) in members.iter().enumerate() {
                    if members[..i].iter().any(|(k, _)| k == key) {
                        out.push(key.clone());
                    }
                    out.extend(value.duplicate_keys());
                }
            }
        }
        out
    }
}

impl<'de> Deserialize<'de> for Ordered {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct OrderedVisitor;
        impl<'de> Visitor<'de> for OrderedVisitor {
            type Value = Ordered;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Ordered, E> {
                Ok(Ordered::Scalar(json!(v)))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Ordered, E> {
                Ok(Ordered::Scalar(json!(v)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Ordered, E> {
                Ok(Ordered::Scalar(json!(v)))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Ordered, E> {
                Ok(Ordered::Scalar(json!(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Ordered, E> {
                Ok(Ordered::Scalar(json!(v)))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Ordered, E> {
                Ok(Ordered::Scalar(Value::Null))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Ordered, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(Ordered::Array(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Ordered, A::Error> {
                let mut members = Vec::new();
                while let Some(member) = map.next_entry()? {
                    members.push(member);
                }
                Ok(Ordered::Object(members))
            }
        }
        deserializer.deserialize_any(OrderedVisitor)
    }
}

impl Serialize for Ordered {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Ordered::Scalar(v) => v.serialize(serializer),
            Ordered::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Ordered::Object(members) => {
                let mut map = serializer.serialize_map(Some(members.len()))?;
                for (key, value) in members {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }
    }
}

/// Every docs URL of every catalog is a URI reference, checked with the `uri-reference` format
/// asserted (as the error-response schema declares for `type`); in `tests/fixtures/url_codes`,
/// whose string codes hold `#`, `?`, spaces, `/`, `%`, `&`, `=`, `+`, `..`, non-ASCII text and
/// brackets, each component decodes back to the code. The unencoded expansion errcat once
/// produced is rejected by the same check.
#[test]
fn every_docs_url_is_a_uri_reference() {
    let format = jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(&json!({ "type": "string", "format": "uri-reference" }))
        .expect("a schema");
    let mut checked = 0;
    for catalog in catalogs() {
        let cat = common::load(&catalog);
        for e in &cat.errors {
            let Some(url) = &e.docs_url else { continue };
            assert!(
                format.is_valid(&json!(url)),
                "{}: `{}` has a docs URL that is not a URI reference: {url}",
                catalog.display(),
                e.name
            );
            checked += 1;
        }
    }
    assert!(checked > 68, "only {checked} docs URLs checked");

    let cat = common::load(&common::root().join("tests/fixtures/url_codes/catalog.yaml"));
    let decode = |s: &str| {
        percent_encoding::percent_decode_str(s)
            .decode_utf8()
            .expect("UTF-8")
            .into_owned()
    };
    for e in &cat.errors {
        let url = e.docs_url.as_deref().expect("a docs URL");
        let Some(Code::Str(code)) = &e.code else {
            panic!("string codes")
        };
        let rest = url
            .strip_prefix(&format!("https://{}.docs.example.com/errors/", e.name))
            .unwrap_or_else(|| panic!("{url}: the host or the path changed"));
        let (segment, rest) = rest.split_once('?').expect("a query");
        let (query, fragment) = rest.split_once('#').expect("a fragment");
        let value = query
            .strip_prefix("code=")
            .and_then(|q| q.strip_suffix("&lang=en"))
            .unwrap_or_else(|| panic!("{url}: the query's parameters changed"));
        assert_eq!(decode(segment), *code, "{url}: path segment");
        assert_eq!(decode(value), *code, "{url}: query value");
        assert_eq!(decode(fragment), *code, "{url}: fragment");
        let raw = format!(
            "https://{}.docs.example.com/errors/{code}?code={code}&lang=en#{code}",
            e.name
        );
        assert!(
            !format.is_valid(&json!(raw)) || matches!(code.as_str(), "k=v&x+y;z" | ".."),
            "the unencoded URL passes the check: {raw}"
        );
    }
}
