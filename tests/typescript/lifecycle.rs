//! The lifecycle cases of `tests/typescript.rs`: a driver that asks a generated module about
//! every name, alias, retired entry and code of its catalog (and one it never had), and the
//! answers the catalog says it must give.

use errcat::catalog::{Catalog, Code, CodeKind};
use errcat::lang::typescript::TypeScript;
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// A lifecycle catalog whose aliases and retired names are words the module must escape or
/// must not confuse with `Object`'s own members (`delete`, `format_message`, `constructor`,
/// `to_string`), with a retired code beyond 2^53 (so every code is a `bigint`) and comment
/// breakers in the deprecation note and reasons.
const HOSTILE: &str = r#"errcat: 1
catalog: { name: hostile_lifecycle, title: Hostile lifecycle, version: 3.0.0 }
categories:
  - { id: misc, title: Misc }
errors:
  - name: remove
    code: 1
    category: misc
    message: "Cannot remove {item}."
    params: { item: { type: string } }
    fix: Retry.
    aliases: [delete, format_message, lookup_code, 3ds_legacy]
  - name: old_remove
    code: 2
    category: misc
    message: Old remove.
    fix: Use remove.
    deprecated: { replaced_by: remove, note: "*/ @deprecated {@link x}" }
    aliases: [constructor_old]
retired:
  - { name: constructor, code: 9007199254740993, reason: "Gone | with a pipe */ and `ticks`." }
  - { name: to_string, code: 3, replaced_by: remove, reason: Renamed. }
  - { name: purge, code: 4, merged_into: remove, since: 2.0.0, reason: "Merged.\nTwo lines." }
"#;

/// `HOSTILE`, loaded, with its directory name for a `Project`.
pub(crate) fn hostile() -> (String, Catalog) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("catalog.yaml");
    std::fs::write(&path, HOSTILE).expect("catalog.yaml");
    ("hostile_lifecycle".to_owned(), crate::common::load(&path))
}

/// Largest integer a JavaScript `number` holds exactly.
const MAX_SAFE_INTEGER: i64 = (1 << 53) - 1;

/// The driver program for `catalog`'s module (next to it as `errors.ts`), and the lines it must
/// print (one JSON object per lookup, in order).
pub(crate) fn driver(catalog: &Catalog) -> (String, Vec<Value>) {
    let mut text = String::from(
        "import * as m from \"./errors.js\";\n\
         declare const console: { log(text: string): void };\n\n\
         /** A lookup's answer as plain JSON (codes as text: a `bigint` has no JSON). */\n\
         function show(key: string, answer: m.Lookup): void {\n  \
           const frozen = Object.isFrozen(answer);\n  \
           switch (answer.kind) {\n    \
             case \"live\":\n      \
               console.log(JSON.stringify({ key, kind: answer.kind, name: answer.error.name, alias: answer.alias, frozen }));\n      \
               return;\n    \
             case \"retired\": {\n      \
               const r = answer.retired;\n      \
               const use = answer.use === null ? null : answer.use.name;\n      \
               console.log(JSON.stringify({ key, kind: answer.kind, name: r.name, use, replacedBy: r.replacedBy, mergedInto: r.mergedInto, since: r.since, reason: r.reason, frozen }));\n      \
               return;\n    \
             }\n    \
             case \"unknown\":\n      \
               console.log(JSON.stringify({ key, kind: answer.kind, frozen }));\n  \
           }\n\
         }\n\n",
    );
    let mut expected = Vec::new();
    let has_codes = catalog.code_kind != CodeKind::None;
    let bigint = uses_bigint(catalog);
    let literal = |code: &Code| match code {
        Code::Str(s) => serde_json::to_string(s).unwrap(),
        Code::Int(i) if bigint => format!("{i}n"),
        Code::Int(i) => i.to_string(),
    };
    let mut lookup_name = |text: &mut String, key: &str, answer: Value| {
        text.push_str(&format!(
            "show({0}, m.lookupName({0}));\n",
            serde_json::to_string(key).unwrap()
        ));
        expected.push(answer);
    };
    for e in &catalog.errors {
        lookup_name(&mut text, &e.name, live(&e.name, &e.name, None));
        for alias in &e.aliases {
            lookup_name(&mut text, alias, live(alias, &e.name, Some(alias)));
        }
    }
    for r in &catalog.retired {
        lookup_name(&mut text, &r.name, retired(&r.name, catalog, r));
    }
    // Names the catalog never had, `Object`'s own members among them.
    let taken = |n: &str| {
        catalog
            .errors
            .iter()
            .any(|e| e.name == n || e.aliases.iter().any(|a| a == n))
            || catalog.retired.iter().any(|r| r.name == n)
    };
    for never in [
        "no_such_error_ever",
        "constructor",
        "__proto__",
        "toString",
        "",
    ] {
        if !taken(never) {
            lookup_name(
                &mut text,
                never,
                json!({ "key": never, "kind": "unknown", "frozen": true }),
            );
        }
    }
    if has_codes {
        let mut lookup_code = |text: &mut String, code: &Code, answer: Value| {
            text.push_str(&format!(
                "show({}, m.lookupCode({}));\n",
                serde_json::to_string(&code.to_string()).unwrap(),
                literal(code)
            ));
            expected.push(answer);
        };
        for e in &catalog.errors {
            let code = e.code.as_ref().expect("a code");
            lookup_code(&mut text, code, live(&code.to_string(), &e.name, None));
        }
        for r in &catalog.retired {
            if let Some(code) = &r.code {
                lookup_code(&mut text, code, retired(&code.to_string(), catalog, r));
            }
        }
        let unused = unused_code(catalog);
        let key = unused.to_string();
        lookup_code(
            &mut text,
            &unused,
            json!({ "key": key, "kind": "unknown", "frozen": true }),
        );
    }

    // Aliases as constants: the error's name and code under the alias's key, the error's
    // constructor under the alias's function name, and found by `errorByName` but no
    // `ErrorName` value of their own.
    for e in &catalog.errors {
        for alias in &e.aliases {
            let key = TypeScript::member(alias).access;
            let code = if has_codes {
                format!("String(m.ErrorCode{key})")
            } else {
                "null".to_owned()
            };
            text.push_str(&format!(
                "console.log(JSON.stringify({{ alias: {a}, name: m.ErrorName{key}, code: {code}, \
                 sameConstructor: m.{alias_fn} === m.{fn_}, byName: m.errorByName({a})?.name, \
                 isErrorName: m.isErrorName({a}) }}));\n",
                a = serde_json::to_string(alias).unwrap(),
                alias_fn = TypeScript::function(alias),
                fn_ = TypeScript::function(&e.name),
            ));
            expected.push(json!({
                "alias": alias,
                "name": e.name,
                "code": e.code.as_ref().map(|c| c.to_string()),
                "sameConstructor": true,
                "byName": e.name,
                "isErrorName": false,
            }));
        }
    }
    (text, expected)
}

fn live(key: &str, name: &str, alias: Option<&str>) -> Value {
    json!({ "key": key, "kind": "live", "name": name, "alias": alias, "frozen": true })
}

fn retired(key: &str, catalog: &Catalog, r: &errcat::catalog::Retired) -> Value {
    let successor = r.successor().map(|s| {
        catalog
            .errors
            .iter()
            .find(|e| e.name == s)
            .expect("a successor is a live error")
            .name
            .clone()
    });
    json!({
        "key": key,
        "kind": "retired",
        "name": r.name,
        "use": successor,
        "replacedBy": r.replaced_by,
        "mergedInto": r.merged_into,
        "since": r.since,
        "reason": r.reason,
        "frozen": true,
    })
}

/// Whether the catalog's codes are `bigint`s in TypeScript: some code, live or retired, is
/// beyond `Number.MAX_SAFE_INTEGER`.
fn uses_bigint(catalog: &Catalog) -> bool {
    let codes = catalog
        .errors
        .iter()
        .filter_map(|e| e.code.as_ref())
        .chain(catalog.retired.iter().filter_map(|r| r.code.as_ref()));
    codes
        .into_iter()
        .any(|c| matches!(c, Code::Int(i) if !(-MAX_SAFE_INTEGER..=MAX_SAFE_INTEGER).contains(i)))
}

/// A code of the catalog's kind that no error, live or retired, has.
fn unused_code(catalog: &Catalog) -> Code {
    let taken = |c: &Code| {
        catalog.errors.iter().any(|e| e.code.as_ref() == Some(c))
            || catalog.retired.iter().any(|r| r.code.as_ref() == Some(c))
    };
    if catalog.code_kind == CodeKind::String {
        return Code::Str("no such code".to_owned());
    }
    (0..)
        .map(Code::Int)
        .find(|c| !taken(c))
        .expect("a free code")
}

/// Every symbol of a generated module that has a doc comment, with whether the comment has a
/// `@deprecated` tag: the properties of the `ErrorName` and `ErrorCode` objects as
/// `ErrorName.KEY`, and exported functions and constants by name.
pub(crate) fn documented_symbols(module: &str) -> BTreeMap<String, bool> {
    let mut out = BTreeMap::new();
    let mut object: Option<&str> = None;
    let mut doc: Option<bool> = None;
    let mut in_doc = false;
    for line in module.lines() {
        let trimmed = line.trim();
        if in_doc {
            if trimmed.starts_with("* @deprecated") {
                doc = Some(true);
            }
            in_doc = !trimmed.ends_with("*/");
            continue;
        }
        if trimmed.starts_with("/**") {
            doc = Some(trimmed.starts_with("/** @deprecated"));
            in_doc = !trimmed.ends_with("*/");
            continue;
        }
        if let Some(rest) = line.strip_prefix("export const ") {
            for name in ["ErrorName", "ErrorCode"] {
                if rest.starts_with(&format!("{name} = {{")) {
                    object = Some(name);
                }
            }
        }
        let symbol = if line == "} as const;" {
            object = None;
            None
        } else if let (Some(name), Some(rest)) = (object, line.strip_prefix("  ")) {
            rest.split_once(": ")
                .map(|(key, _)| format!("{name}.{key}"))
        } else {
            ["export function ", "export const "]
                .iter()
                .find_map(|p| line.strip_prefix(p))
                .map(|rest| {
                    rest.chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '$')
                        .collect()
                })
        };
        if let (Some(symbol), Some(deprecated)) = (symbol, doc.take()) {
            out.insert(symbol, deprecated);
        }
        doc = None;
    }
    out
}
