//! The `openapi` target: the OpenAPI 3.1 document it writes passes openapi-spec-validator for the
//! flagship catalog and every fixture; its schemas are the json-schema target's; each response
//! holds exactly the errors of its HTTP status with the reference example body of each; and
//! ajv, Python's jsonschema and the Rust `jsonschema` crate accept every example and reject wrong
//! bodies under the document's own schemas.

mod body_cases;
mod common;

use errcat::catalog::Catalog;
use errcat::catalog::body::{body_json, example_values};
use errcat::targets::json::Json;
use errcat::{Engine, RenderError};
use serde_json::{Value, json};
use std::path::PathBuf;
use std::process::Command;

const DOCUMENT: &str = "openapi/errors.openapi.json";
const TEMPLATE: &str = "openapi/errors.openapi.json.tera";
const DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";

#[test]
fn committed_document_is_pretty_and_fresh() {
    let path = common::generated().join(DOCUMENT);
    let committed = std::fs::read_to_string(&path).expect("the committed document");
    let rendered = render(&common::load(&common::root().join("catalog")), &engine());
    assert!(
        rendered == committed,
        "{} is stale: run `cargo run -- generate --target openapi`",
        path.display()
    );
    for catalog in common::every_catalog() {
        let text = render(&common::load(&catalog), &engine());
        let pretty = Json::parse(&text).expect("JSON").pretty() + "\n";
        assert_eq!(
            text,
            pretty,
            "{}: not pretty-printed JSON",
            catalog.display()
        );
    }
}

#[test]
fn openapi_spec_validator_accepts_every_document() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut files = Vec::new();
    let mut names = Vec::new();
    let empty = dir.path().join("empty.yaml");
    std::fs::write(
        &empty,
        "errcat: 1\ncatalog:\n  name: empty\n  title: Empty\n  version: 0.1.0\n\
         categories:\n  - id: general\n    title: General\n    http_status: 500\nerrors: []\n",
    )
    .expect("write catalog");
    for (n, catalog) in common::every_catalog()
        .into_iter()
        .chain([empty])
        .enumerate()
    {
        let path = dir.path().join(format!("doc{n}.json"));
        std::fs::write(&path, render(&common::load(&catalog), &engine())).expect("write");
        files.push(path);
        names.push(catalog);
    }
    let out = common::run(
        Command::new(common::venv_bin("python"))
            .arg(common::root().join("tests/schema_tools/openapi_check.py"))
            .args(&files),
    );
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), names.len(), "{out}");
    for (line, name) in lines.iter().zip(&names) {
        assert_eq!(*line, "ok", "{}", name.display());
    }
}

#[test]
fn the_schemas_are_the_json_schema_targets() {
    for catalog in common::every_catalog() {
        let cat = common::load(&catalog);
        let doc = document(&cat);
        let files = errcat::targets::by_id("json-schema")
            .expect("json-schema")
            .render(&cat, &engine(), &Default::default())
            .expect("render");
        let schema: Value = serde_json::from_str(&files[0].contents).expect("JSON");
        let schemas = &doc["components"]["schemas"];
        for e in &cat.errors {
            assert_eq!(
                schemas[&e.name],
                schema["$defs"][&e.name],
                "{}: `{}`",
                catalog.display(),
                e.name
            );
        }
        let envelope = &schemas["ErrorResponse"];
        for key in ["type", "properties", "required"] {
            assert_eq!(envelope[key], schema[key], "{}: {key}", catalog.display());
        }
        let refs = |v: &Value, prefix: &str| -> Vec<String> {
            ["oneOf", "anyOf"]
                .iter()
                .filter_map(|k| v.get(*k))
                .flat_map(|list| list.as_array().cloned().unwrap_or_default())
                .map(|r| r["$ref"].as_str().unwrap_or("").replacen(prefix, "", 1))
                .collect()
        };
        assert_eq!(
            refs(envelope, "#/components/schemas/"),
            refs(&schema, "#/$defs/"),
            "{}: the branches",
            catalog.display()
        );
    }
}

#[test]
fn each_status_has_one_response_with_an_example_body_per_error() {
    for catalog in common::every_catalog() {
        let cat = common::load(&catalog);
        let text = render(&cat, &engine());
        let doc: Value = serde_json::from_str(&text).expect("JSON");
        let ordered = Json::parse(&text).expect("JSON");
        let responses = doc["components"]["responses"]
            .as_object()
            .expect("responses");
        let mut statuses: Vec<u16> = cat.errors.iter().filter_map(|e| e.http_status).collect();
        statuses.sort();
        statuses.dedup();
        let keys: Vec<String> = statuses.iter().map(u16::to_string).collect();
        let mut got: Vec<String> = responses.keys().cloned().collect();
        got.sort_by_key(|k| k.parse::<u16>().unwrap_or(0));
        assert_eq!(got, keys, "{}: one response per status", catalog.display());
        let media = if cat.envelope.is_default {
            "application/problem+json"
        } else {
            "application/json"
        };
        for status in statuses {
            let response = &responses[&status.to_string()];
            let content = &response["content"][media];
            let errors: Vec<_> = cat
                .errors
                .iter()
                .filter(|e| e.http_status == Some(status))
                .collect();
            let examples = content["examples"].as_object().expect("examples");
            assert_eq!(
                examples.len(),
                errors.len(),
                "{}: {status}",
                catalog.display()
            );
            for e in errors {
                let example = &examples[&e.name];
                assert_eq!(example["summary"], json!(e.title));
                // Exactly the reference bytes once written compactly, member order included.
                let value = example_text(&ordered, media, status, &e.name);
                assert_eq!(
                    value,
                    body_json(&cat, e, &example_values(&cat, e)),
                    "{}: the example of `{}`",
                    catalog.display(),
                    e.name
                );
            }
        }
    }
}

/// Every example under its response's schema, and the schema cases of `tests/body_cases` under
/// the document's `ErrorResponse`, with the Rust `jsonschema` crate, ajv and Python's jsonschema.
#[test]
fn examples_are_accepted_and_wrong_bodies_rejected_by_three_validators() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut files = Vec::new();
    let mut expected: Vec<(PathBuf, Vec<(bool, String)>)> = Vec::new();
    for (n, catalog) in common::every_catalog().into_iter().enumerate() {
        let cat = common::load(&catalog);
        let doc = document(&cat);
        let defs = doc["components"]["schemas"].clone();
        // `#/components/schemas/x` becomes `#/$defs/x`, so the schemas stand alone.
        let standalone = |schema: Value| -> Value {
            let mut root = schema.as_object().cloned().unwrap_or_default();
            root.insert("$schema".into(), json!(DIALECT));
            root.insert("$defs".into(), defs.clone());
            let text = Value::Object(root)
                .to_string()
                .replace("\"#/components/schemas/", "\"#/$defs/");
            serde_json::from_str(&text).expect("JSON")
        };
        let mut schemas = vec![standalone(defs["ErrorResponse"].clone())];
        let mut cases = Vec::new();
        let mut verdicts = Vec::new();
        let mut all = body_cases::cases_of(&cat, 12);
        all.extend(body_cases::response_cases(&catalog));
        for c in all {
            let index = match &c.branch {
                None => 0,
                Some(name) => {
                    schemas.push(standalone(
                        json!({ "$ref": format!("#/components/schemas/{name}") }),
                    ));
                    schemas.len() - 1
                }
            };
            cases.push(json!([index, c.body]));
            verdicts.push((c.valid, c.what));
        }
        let media = if cat.envelope.is_default {
            "application/problem+json"
        } else {
            "application/json"
        };
        for (status, response) in doc["components"]["responses"]
            .as_object()
            .expect("responses")
        {
            let content = &response["content"][media];
            schemas.push(standalone(content["schema"].clone()));
            for (name, example) in content["examples"].as_object().expect("examples") {
                cases.push(json!([schemas.len() - 1, example["value"]]));
                verdicts.push((
                    true,
                    format!("the example of `{name}` under response {status}"),
                ));
            }
        }
        // The Rust validator first.
        let validators: Vec<jsonschema::Validator> = schemas
            .iter()
            .map(|s| {
                jsonschema::draft202012::options()
                    .should_validate_formats(true)
                    .build(s)
                    .expect("compiles")
            })
            .collect();
        for (case, (valid, what)) in cases.iter().zip(&verdicts) {
            let i = case[0].as_u64().expect("index") as usize;
            assert_eq!(
                validators[i].is_valid(&case[1]),
                *valid,
                "{}: {what}",
                catalog.display()
            );
        }
        let path = dir.path().join(format!("cases{n}.json"));
        std::fs::write(
            &path,
            json!({ "schemas": schemas, "cases": cases }).to_string(),
        )
        .expect("write");
        files.push(path);
        expected.push((catalog, verdicts));
    }
    let tools = common::root().join("tests/schema_tools");
    let ajv = common::run(
        Command::new("node")
            .arg(tools.join("validate.cjs"))
            .args(&files)
            .current_dir(common::root()),
    );
    let python = common::run(
        Command::new(common::venv_bin("python"))
            .arg(tools.join("validate.py"))
            .args(&files),
    );
    for (tool, output) in [("ajv", ajv), ("python-jsonschema", python)] {
        let got: Vec<Vec<bool>> = serde_json::from_str(&output).expect("verdicts");
        assert_eq!(got.len(), expected.len(), "{tool}");
        for ((catalog, verdicts), got) in expected.iter().zip(&got) {
            assert_eq!(got.len(), verdicts.len(), "{tool}: {}", catalog.display());
            for ((valid, what), verdict) in verdicts.iter().zip(got) {
                assert_eq!(verdict, valid, "{tool}, {}: {what}", catalog.display());
            }
        }
    }
}

#[test]
fn an_override_that_breaks_the_document_fails_to_render() {
    let cat = common::load(&common::root().join("tests/fixtures/no_codes/catalog.yaml"));
    let cases = [
        (
            "{ \"openapi\": \"3.1.0\", }\n",
            "cannot render `openapi/errors.openapi.json.tera`: the output is not valid JSON: \
             trailing comma at line 1 column 23",
        ),
        (
            "{ \"openapi\": \"3.0.3\" }\n",
            "cannot render `openapi/errors.openapi.json.tera`: the output does not declare \
             `\"openapi\": \"3.1.x\"`",
        ),
        (
            "{ \"openapi\": \"3.1.0\", \"components\": { \"schemas\": { \"E\": { \"$ref\": \"#/components/schemas/F\" } } } }\n",
            "cannot render `openapi/errors.openapi.json.tera`: the schema `E` is not usable: \
             Pointer '/components/schemas/F' does not exist",
        ),
    ];
    for (template, want) in cases {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join(TEMPLATE);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, template).expect("write");
        let engine = Engine::new(Some(dir.path())).expect("the override loads");
        let err = target()
            .render(&cat, &engine, &Default::default())
            .expect_err(template);
        assert_eq!(err, RenderError(want.to_owned()), "override:\n{template}");
    }
}

/// The built-in template prints `body_json`; an override still gets each example body as a
/// value, members in wire order.
#[test]
fn an_override_reads_the_example_bodies_as_values() {
    let cat = common::load(&common::root().join("catalog"));
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(TEMPLATE);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(
        &path,
        "{ \"openapi\": \"3.1.0\", \"x-body\": {{ responses[0].errors[0].body | json_str }} }\n",
    )
    .expect("write");
    let engine = Engine::new(Some(dir.path())).expect("the override loads");
    let status = cat.errors.iter().filter_map(|e| e.http_status).min();
    let first = cat
        .errors
        .iter()
        .find(|e| e.http_status == status)
        .expect("an error with a status");
    let body = body_json(&cat, first, &example_values(&cat, first));
    assert_eq!(
        render(&cat, &engine),
        format!("{{ \"openapi\": \"3.1.0\", \"x-body\": {body} }}\n")
    );
}

/// A run checks only an override's output; the built-in template, given as an override, must
/// pass that check (every component schema valid and compiled) for every catalog the tests know.
#[test]
fn the_built_in_template_passes_the_override_check_for_every_catalog() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(TEMPLATE);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(&path, target().templates()[0].1).expect("write");
    let checked = Engine::new(Some(dir.path())).expect("the override loads");
    assert!(checked.is_overridden(TEMPLATE));
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

// --- helpers

fn target() -> &'static dyn errcat::targets::Target {
    errcat::targets::by_id("openapi").expect("the openapi target exists")
}

fn engine() -> Engine {
    Engine::new(None).expect("built-in templates load")
}

fn render(cat: &Catalog, engine: &Engine) -> String {
    let files = target()
        .render(cat, engine, &Default::default())
        .expect("render");
    assert_eq!(
        files.iter().map(|f| f.path.as_str()).collect::<Vec<_>>(),
        [DOCUMENT]
    );
    files
        .into_iter()
        .next()
        .map(|f| f.contents)
        .unwrap_or_default()
}

fn document(cat: &Catalog) -> Value {
    serde_json::from_str(&render(cat, &engine())).expect("JSON")
}

/// The example of `name` under the response of `status`, written compactly in document order.
fn example_text(doc: &Json, media: &str, status: u16, name: &str) -> String {
    let path = [
        "components",
        "responses",
        &status.to_string(),
        "content",
        media,
        "examples",
        name,
        "value",
    ];
    let value = path.iter().try_fold(doc, |v, key| match v {
        Json::Object(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
        _ => None,
    });
    serde_json::to_string(value.expect("the example")).expect("text")
}
