//! What the typed-error drivers (`wire::driver` with `wire_check.ts`) must print for some
//! catalogs, and the check of what they printed; shared by `tests/typescript.rs` (the module)
//! and `tests/packages.rs` (the installed package, as ES module and CommonJS).

use crate::wire::{arg_names, driver, expected_data, occurrences, parse_cases};
use errcat::catalog::body::{body_json, format_message};
use errcat::catalog::{Catalog, Discriminator, FieldType};
use serde_json::Value;
use std::collections::BTreeMap;

/// What the typed-error drivers of some catalogs must print (`driver` and `wire_check.ts`), and
/// the check of what they printed: each occurrence writes the reference body and parses back to
/// the same data and body, each parse case gets its verdict (and an `UnknownError` keeps the
/// identifying values), each integer argument with a fraction is a `TypeError`, each error's
/// `extensions` are its category's and its own, frozen.
#[derive(Default)]
pub(crate) struct TypedExpectations {
    known: BTreeMap<(String, String), Value>,
    parse: BTreeMap<(String, String), String>,
    invalid: usize,
    identifiers: BTreeMap<(String, String), Value>,
    extensions: BTreeMap<(String, String), Value>,
}

impl TypedExpectations {
    /// Adds the cases of `catalog` under `fixture` and returns its driver program.
    pub(crate) fn add(&mut self, fixture: &str, catalog: &Catalog) -> String {
        let cases = parse_cases(catalog);
        for c in &cases {
            let key = (fixture.to_owned(), c.label.clone());
            let identifiers = if c.expect == "unknown" {
                identifiers_of(catalog, &c.body)
            } else {
                Value::Null
            };
            self.identifiers.insert(key.clone(), identifiers);
            let previous = self.parse.insert(key, c.expect.clone());
            assert!(previous.is_none(), "two cases named {}", c.label);
        }
        for e in &catalog.errors {
            for (label, values) in occurrences(catalog, e) {
                let text = body_json(catalog, e, &values);
                self.known.insert(
                    (fixture.to_owned(), label),
                    serde_json::json!({
                        "text": text,
                        "stringify": "same",
                        "isError": true,
                        "message": format_message(&e.segments, &values),
                        "errorName": e.name,
                        "data": expected_data(catalog, e, &values),
                        "again": text,
                    }),
                );
            }
            let mut merged = serde_json::Map::new();
            let category = catalog.category(&e.category).expect("a category");
            for (k, v) in category.extensions.iter().chain(&e.extensions) {
                merged.insert(k.clone(), v.clone());
            }
            self.extensions
                .insert((fixture.to_owned(), e.name.clone()), Value::Object(merged));
            self.invalid += arg_names(catalog, e)
                .iter()
                .filter(|n| catalog.placeholder_type(e, n) == Some(FieldType::Integer))
                .count();
        }
        driver(fixture, catalog, &cases)
    }

    /// Checks the lines the drivers printed: every case ran once and gave what it must.
    pub(crate) fn check(&self, stdout: &str) {
        let (mut seen_known, mut seen_parse, mut seen_invalid) = (0, 0, 0);
        let mut seen_extensions = 0;
        for line in stdout.lines() {
            let mut v: Value = serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("the driver printed invalid JSON ({e}): {line}"));
            let obj = v.as_object_mut().unwrap();
            let fixture = obj.remove("fixture").unwrap().as_str().unwrap().to_owned();
            let kind = obj.remove("kind").unwrap().as_str().unwrap().to_owned();
            let label = obj.remove("case").unwrap().as_str().unwrap().to_owned();
            let key = (fixture.clone(), label.clone());
            match kind.as_str() {
                "known" => {
                    seen_known += 1;
                    let want = &self.known[&key];
                    assert_eq!(
                        obj.get("text"),
                        want.get("text"),
                        "{fixture}: the body of {label} differs from the reference bytes"
                    );
                    assert_eq!(&v, want, "{fixture}: {label}");
                }
                "parse" => {
                    seen_parse += 1;
                    assert_eq!(
                        obj["result"].as_str(),
                        Some(self.parse[&key].as_str()),
                        "{fixture}: parsing the body of case `{label}`"
                    );
                    assert_eq!(
                        obj["identifiers"], self.identifiers[&key],
                        "{fixture}: the identifying values an UnknownError keeps, case `{label}`"
                    );
                }
                "extensions" => {
                    seen_extensions += 1;
                    assert_eq!(
                        v,
                        serde_json::json!({ "value": self.extensions[&key], "frozen": true }),
                        "{fixture}: ERRORS extensions of {label}"
                    );
                }
                "invalid" => {
                    seen_invalid += 1;
                    assert_eq!(obj["result"], "TypeError", "{fixture}: {label}");
                }
                other => panic!("unexpected line kind {other}"),
            }
        }
        eprintln!(
            "{seen_known} occurrences, {seen_parse} parse cases, {seen_invalid} refused values"
        );
        assert_eq!(seen_known, self.known.len(), "known cases run");
        assert_eq!(seen_parse, self.parse.len(), "parse cases run");
        assert_eq!(seen_invalid, self.invalid, "invalid cases run");
        assert_eq!(
            seen_extensions,
            self.extensions.len(),
            "extension checks run"
        );
        assert!(
            self.extensions
                .values()
                .any(|v| v.as_object().is_some_and(|m| !m.is_empty())),
            "some fixture has extensions"
        );
        assert!(
            self.parse.values().any(|v| v == "unknown")
                && self
                    .parse
                    .values()
                    .any(|v| v.starts_with("malformed:error."))
                && self.known.keys().any(|(_, l)| l.ends_with("#null")),
            "the fixtures cover unknown bodies, nested members and null optionals"
        );
    }
}

/// The identifying members `body` has, by dotted path: what an `UnknownError` keeps.
fn identifiers_of(catalog: &Catalog, body: &Value) -> Value {
    let mut out = serde_json::Map::new();
    for d in &catalog.envelope.identify {
        if let Discriminator::Member { path, .. } = d {
            let found = path.iter().try_fold(body, |v, k| v.get(k));
            if let Some(v) = found {
                out.insert(path.join("."), v.clone());
            }
        }
    }
    Value::Object(out)
}
