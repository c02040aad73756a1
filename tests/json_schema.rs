//! The `json-schema` target: the schema it writes is a valid draft 2020-12 schema, it is pretty and
//! stable, it accepts every error's body in the catalog's envelope (Problem Details by default)
//! and every response printed by the reference APIs under `examples/`, and rejects bodies that
//! mix errors or break the shape — under the Rust `jsonschema` crate, ajv
//! and Python's jsonschema alike — and an override template that renders a broken schema fails
//! with a clear error.

mod body_cases;
mod common;

use errcat::catalog::body::example_values;
use errcat::catalog::{Catalog, Code};
use errcat::targets::json::Json;
use errcat::{Engine, GeneratedFile, RenderError};
use serde_json::{Value, json};
use std::path::Path;

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
    for catalog in common::every_catalog() {
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
    for catalog in common::every_catalog() {
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
fn the_rust_validator_gives_every_case_its_verdict() {
    for catalog in common::every_catalog() {
        let cat = common::load(&catalog);
        let schema: Value = serde_json::from_str(&render(&cat, &engine())).expect("JSON");
        let mut cases = body_cases::cases(&cat);
        let responses = body_cases::response_cases(&catalog);
        assert!(
            !responses.is_empty() || !catalog.starts_with(common::root().join("examples")),
            "{}: no printed responses",
            catalog.display()
        );
        cases.extend(responses);
        assert!(
            cases.iter().any(|c| !c.valid),
            "{}: no rejected case",
            catalog.display()
        );
        let (schemas, indexed) = case_file(&schema, &cases);
        let validators: Vec<jsonschema::Validator> = schemas.iter().map(compile_value).collect();
        for (case, (i, _)) in cases.iter().zip(&indexed) {
            let valid = validators[*i].is_valid(&case.body);
            if case.valid {
                assert_accepts(&validators[*i], &case.body, &catalog);
            }
            assert_eq!(
                valid,
                case.valid,
                "{}: {} (branch {:?})\n{:#}",
                catalog.display(),
                case.what,
                case.branch,
                case.body
            );
        }
    }
}

/// The same cases, for a dozen errors of each catalog, under two independent validators
/// installed by `scripts/test.sh`: ajv with ajv-formats, and Python's jsonschema with format
/// checking (each run once for all catalogs).
#[test]
fn ajv_and_python_jsonschema_give_every_case_its_verdict() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut files = Vec::new();
    let mut all = Vec::new();
    for (n, catalog) in common::every_catalog().into_iter().enumerate() {
        let cat = common::load(&catalog);
        let schema: Value = serde_json::from_str(&render(&cat, &engine())).expect("JSON");
        let mut cases = body_cases::cases_of(&cat, 12);
        cases.extend(body_cases::response_cases(&catalog));
        let (schemas, indexed) = case_file(&schema, &cases);
        let path = dir.path().join(format!("cases{n}.json"));
        let doc = json!({ "schemas": schemas, "cases": indexed.iter().map(|(i, b)| json!([i, b])).collect::<Vec<_>>() });
        std::fs::write(&path, doc.to_string()).expect("write cases");
        files.push(path);
        all.push((catalog, cases));
    }
    let tools = common::root().join("tests/schema_tools");
    let ajv = common::run(
        std::process::Command::new("node")
            .arg(tools.join("validate.cjs"))
            .args(&files)
            .current_dir(common::root()),
    );
    let python = common::run(
        std::process::Command::new(common::venv_bin("python"))
            .arg(tools.join("validate.py"))
            .args(&files),
    );
    for (tool, output) in [("ajv", ajv), ("python-jsonschema", python)] {
        let verdicts: Vec<Vec<bool>> = serde_json::from_str(&output)
            .unwrap_or_else(|e| panic!("{tool} printed no verdicts ({e}): {output}"));
        assert_eq!(verdicts.len(), all.len(), "{tool}: one list per catalog");
        for ((catalog, cases), verdicts) in all.iter().zip(&verdicts) {
            assert_eq!(verdicts.len(), cases.len(), "{tool}: {}", catalog.display());
            for (case, valid) in cases.iter().zip(verdicts) {
                assert_eq!(
                    *valid,
                    case.valid,
                    "{tool}, {}: {} (branch {:?})\n{:#}",
                    catalog.display(),
                    case.what,
                    case.branch,
                    case.body
                );
            }
        }
    }
}

/// Issue 9's promise, spelled out: wherever the envelope has both a code and a name, a body
/// with one error's code and another's name is rejected by the whole schema.
#[test]
fn a_body_whose_code_and_name_disagree_is_rejected() {
    let mut checked = 0;
    for catalog in common::every_catalog() {
        let cat = common::load(&catalog);
        let validator = compile(&cat);
        let paths = |e: &errcat::catalog::CatalogError| {
            let mut code = None;
            let mut name = None;
            for (path, value) in fixed_paths(&cat.envelope.body_of(&cat, e)) {
                if Some(&value) == code_value(e).as_ref() {
                    code = Some(path.clone());
                }
                if value == json!(e.name) {
                    name = Some(path);
                }
            }
            code.zip(name)
        };
        for pair in cat.errors.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            let Some((code, name)) = paths(a) else {
                continue;
            };
            let mut body = body_cases::example(&cat, a, &example_values(&cat, a));
            *body_cases::at(&mut body, &name) = json!(b.name);
            assert_rejects(&validator, &body, &catalog, "the name of the next error");
            let mut body = body_cases::example(&cat, a, &example_values(&cat, a));
            *body_cases::at(&mut body, &code) = code_value(b).expect("a code");
            assert_rejects(&validator, &body, &catalog, "the code of the next error");
            checked += 1;
        }
    }
    assert!(checked > 60, "only {checked} pairs checked");
}

/// A wire that tells errors apart by title and message cannot use `oneOf`: two errors share the
/// title `Not Found`, and only the message patterns tell their bodies apart.
#[test]
fn branches_are_one_of_only_when_no_body_can_match_two() {
    let combinator = |path: &str| {
        let cat = common::load(&common::root().join(path));
        let schema: Value = serde_json::from_str(&render(&cat, &engine())).expect("JSON");
        ["oneOf", "anyOf"]
            .into_iter()
            .filter(|k| schema.get(*k).is_some())
            .collect::<Vec<_>>()
    };
    assert_eq!(combinator("catalog"), ["oneOf"]);
    assert_eq!(combinator("tests/fixtures/wire/catalog.yaml"), ["oneOf"]);
    assert_eq!(
        combinator("tests/fixtures/wire_titles/catalog.yaml"),
        ["anyOf"]
    );
    let cat = common::load(&common::root().join("tests/fixtures/wire_titles/catalog.yaml"));
    let validator = compile(&cat);
    assert!(validator.is_valid(&json!({"error": "Not Found", "message": "Campaign 7 not found"})));
    assert!(validator.is_valid(
        &json!({"error": "Not Found", "message": "Template not found or access denied"})
    ));
    assert!(!validator.is_valid(&json!({"error": "Not Found", "message": "Template gone"})));
    assert!(!validator.is_valid(
        &json!({"error": "Bad Request", "message": "Maximum many recipients allowed per request"})
    ));
}

/// Without `envelope:`, the body stays RFC 9457 Problem Details with `code` and `name`.
#[test]
fn the_default_envelope_is_problem_details() {
    let cat = common::load(&common::root().join("catalog"));
    let schema: Value = serde_json::from_str(&render(&cat, &engine())).expect("JSON");
    let keys: Vec<&str> = schema["properties"]
        .as_object()
        .expect("properties")
        .keys()
        .map(String::as_str)
        .collect();
    let mut want = vec![
        "code", "detail", "instance", "name", "status", "title", "type",
    ];
    want.sort();
    assert_eq!(keys, want);
    assert_eq!(
        schema["properties"]["instance"]["format"],
        json!("uri-reference")
    );
    assert_eq!(
        schema["properties"]["type"]["format"],
        json!("uri-reference")
    );
    let def = &schema["$defs"]["invalid_phone"];
    assert_eq!(def["properties"]["code"], json!({ "const": 4410 }));
    assert_eq!(def["properties"]["status"], json!({ "const": 422 }));
    assert_eq!(
        def["properties"]["detail"]["pattern"],
        json!("^Phone number [\\s\\S]+ is not a valid international \\(E\\.164\\) number\\.$")
    );
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
        let err = target()
            .render(&cat, &engine, &Default::default())
            .expect_err(template);
        assert_eq!(
            err,
            RenderError(expected.to_owned()),
            "override:\n{template}"
        );
    }
}

/// A run checks only an override's output; the built-in template, given as an override, must
/// pass that check (meta-schema and compilation) for every catalog the tests know.
#[test]
fn the_built_in_template_passes_the_override_check_for_every_catalog() {
    let builtin = target().templates()[0].1;
    let dir = override_dir(builtin);
    let checked = Engine::new(Some(dir.path())).expect("the override loads");
    assert!(checked.is_overridden(TEMPLATE));
    assert!(!engine().is_overridden(TEMPLATE));
    for catalog in common::every_catalog() {
        let cat = common::load(&catalog);
        assert_eq!(
            render(&cat, &checked),
            render(&cat, &engine()),
            "{}",
            catalog.display()
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
        .render(&cat, &engine, &Default::default())
        .expect("a valid schema renders");
    let expected = format!(
        "{{\n  \"$schema\": \"{DIALECT}\",\n  \"$comment\": \"generated by errcat from {}, do not edit\"\n}}\n",
        cat.source
    );
    assert_eq!(files, vec![GeneratedFile::new(SCHEMA, &expected)]);
}

/// The built-in template prints `properties_json`; an override still gets each error's
/// `properties` and `required` as values, the same schema.
#[test]
fn an_override_reads_each_errors_schema_as_values() {
    let cat = common::load(&common::root().join("catalog"));
    let template = "{ \"$schema\": \"https://json-schema.org/draft/2020-12/schema\", \
                    \"properties\": {{ errors[0].properties | json_str }}, \
                    \"required\": {{ errors[0].required | json_str }} }\n";
    let dir = override_dir(template);
    let engine = Engine::new(Some(dir.path())).expect("the override loads");
    let got: Value = serde_json::from_str(&render(&cat, &engine)).expect("JSON");
    let builtin: Value = serde_json::from_str(&render(&cat, &self::engine())).expect("JSON");
    let branch = &builtin["$defs"][cat.errors[0].name.as_str()];
    assert!(branch["properties"].is_object(), "{branch}");
    assert_eq!(got["properties"], branch["properties"]);
    assert_eq!(got["required"], branch["required"]);
}

// --- helpers

fn target() -> &'static dyn errcat::targets::Target {
    errcat::targets::by_id("json-schema").expect("the json-schema target exists")
}

fn engine() -> Engine {
    Engine::new(None).expect("built-in templates load")
}

/// Renders only the json-schema target and returns the schema's text.
fn render(cat: &Catalog, engine: &Engine) -> String {
    let files = target()
        .render(cat, engine, &Default::default())
        .expect("render");
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

/// The schemas a case file holds (the whole schema, then one per branch checked alone) and each
/// case's schema index and body.
fn case_file(schema: &Value, cases: &[body_cases::Case]) -> (Vec<Value>, Vec<(usize, Value)>) {
    let mut schemas = vec![schema.clone()];
    let mut branches: Vec<String> = Vec::new();
    let indexed = cases
        .iter()
        .map(|c| {
            let i = match &c.branch {
                None => 0,
                Some(name) => match branches.iter().position(|b| b == name) {
                    Some(i) => i + 1,
                    None => {
                        branches.push(name.clone());
                        schemas.push(json!({
                            "$schema": DIALECT,
                            "$ref": format!("#/$defs/{name}"),
                            "$defs": schema["$defs"].clone(),
                        }));
                        branches.len()
                    }
                },
            };
            (i, c.body.clone())
        })
        .collect();
    (schemas, indexed)
}

fn compile_value(schema: &Value) -> jsonschema::Validator {
    jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(schema)
        .unwrap_or_else(|e| panic!("a schema does not compile: {e}"))
}

fn code_value(e: &errcat::catalog::CatalogError) -> Option<Value> {
    match &e.code {
        Some(Code::Int(i)) => Some(json!(i)),
        Some(Code::Str(s)) => Some(json!(s)),
        None => None,
    }
}

fn fixed_paths(members: &[errcat::catalog::BodyMember]) -> Vec<(Vec<String>, Value)> {
    let mut out = Vec::new();
    for m in members {
        match &m.value {
            errcat::catalog::BodyValue::Object { members } => out.extend(fixed_paths(members)),
            errcat::catalog::BodyValue::Fixed { value } => {
                out.push((m.path.clone(), value.clone()))
            }
            _ => {}
        }
    }
    out
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
    // `Json` keeps members in document order, duplicates included, so a re-print shows exactly
    // what the template wrote (`serde_json::Value` sorts and dedupes keys).
    let doc = Json::parse(text).unwrap_or_else(|e| panic!("{what}: {e}"));
    let duplicates = duplicate_keys(&doc);
    assert!(duplicates.is_empty(), "{what} repeats keys: {duplicates:?}");
    let pretty = doc.pretty() + "\n";
    if text != pretty {
        let diff = similar::TextDiff::from_lines(pretty.as_str(), text);
        panic!(
            "{what} is not pretty-printed JSON (- pretty, + rendered):\n{}",
            diff.unified_diff().context_radius(2)
        );
    }
}

/// Object keys that appear twice in one object, anywhere in `doc`.
fn duplicate_keys(doc: &Json) -> Vec<String> {
    let mut out = Vec::new();
    match doc {
        Json::Scalar(_) => {}
        Json::Array(items) => items.iter().for_each(|i| out.extend(duplicate_keys(i))),
        Json::Object(members) => {
            for (i, (key, value)) in members.iter().enumerate() {
                if members[..i].iter().any(|(k, _)| k == key) {
                    out.push(key.clone());
                }
                out.extend(duplicate_keys(value));
            }
        }
    }
    out
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
    for catalog in common::every_catalog() {
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
