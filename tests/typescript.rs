//! The typescript target's module type-checks under `tsc --strict` and every stricter flag,
//! and, compiled and run by node with a consumer program, reproduces the catalog's table. Its
//! typed errors write the reference bodies, parse them back, reject malformed ones, and refuse
//! missing or mistyped constructor arguments at compile time (cases in `typescript/wire.rs`).

mod common;
#[path = "typescript/expectations.rs"]
mod expectations;
#[path = "typescript/lifecycle.rs"]
mod lifecycle;
#[path = "typescript/wire.rs"]
mod wire;

use errcat::catalog::body::example_values;
use errcat::catalog::{Catalog, CodeKind};
use errcat::lang::typescript::TypeScript;
use expectations::TypedExpectations;
use serde_json::Value;
use wire::{
    Project, all_catalogs, arg_names, args_literal_without, constructor_call, mistyped_value,
};

#[test]
fn committed_module_type_checks_and_reproduces_the_catalog() {
    let catalog = common::load(&common::root().join("catalog"));
    let dump = common::ts_lang::dump(&common::generated());
    common::assert_table_eq("TypeScript", &dump, &common::expected_table(&catalog));
}

#[test]
fn every_fixture_type_checks_and_reproduces_its_catalog() {
    let fixtures = common::valid_fixtures();
    assert!(!fixtures.is_empty(), "no fixtures found");
    for fixture in fixtures {
        let catalog = common::load(&fixture);
        let out = common::generate(&fixture);
        eprintln!("checking the TypeScript of {}", fixture.display());
        let dump = common::ts_lang::dump(out.path());
        common::assert_table_eq("TypeScript", &dump, &common::expected_table(&catalog));
    }
}

/// What tsc cannot see: the header, and `@deprecated` on exactly the deprecated errors' and
/// the aliases' constants and constructor functions (once in `ErrorName`, once on the function,
/// once more in `ErrorCode` when there are codes), in `errors.ts` and in the package's
/// declarations (`index.d.cts`).
#[test]
fn module_has_the_header_and_marks_deprecated_constants() {
    let engine = errcat::Engine::new(None).expect("built-in templates load");
    let target = errcat::targets::by_id("typescript").expect("typescript target");
    let mut catalogs = vec![common::root().join("catalog")];
    catalogs.extend(common::valid_fixtures());
    let (mut saw_deprecated, mut saw_alias) = (false, false);
    for path in catalogs {
        let catalog: Catalog = common::load(&path);
        let files = target
            .render(&catalog, &engine, &Default::default())
            .expect("render");
        assert_eq!(files[0].path, "typescript/errors.ts");
        for file in &files {
            let first = file.contents.lines().next().unwrap_or_default();
            let header = errcat::targets::header(&catalog);
            assert!(
                first == format!("// {header}")
                    || file
                        .contents
                        .starts_with(&format!("{{\n  \"//\": \"{header}\",\n")),
                "{} of {}: no header",
                file.path,
                path.display()
            );
        }
        let declarations = files
            .iter()
            .find(|f| f.path == "typescript/index.d.cts")
            .expect("the package's declarations");

        let deprecated = catalog
            .errors
            .iter()
            .filter(|e| e.deprecated.is_some())
            .count();
        let aliases: usize = catalog.errors.iter().map(|e| e.aliases.len()).sum();
        saw_deprecated |= deprecated > 0;
        saw_alias |= aliases > 0;
        let per_error = if catalog.code_kind == CodeKind::None {
            2
        } else {
            3
        };
        for file in [&files[0], declarations] {
            let tags = file
                .contents
                .lines()
                .filter(|l| l.trim_start().starts_with("* @deprecated"))
                .count();
            assert_eq!(
                tags,
                (deprecated + aliases) * per_error,
                "@deprecated tags in {} of {}",
                file.path,
                path.display()
            );
        }
    }
    assert!(
        saw_deprecated && saw_alias,
        "no catalog has a deprecated error and an alias, so this test proves nothing"
    );
}

/// Deprecation the TypeScript way: every symbol of a deprecated error or an alias (its property
/// in `ErrorName`, in `ErrorCode` when there are codes, its constructor) has a JSDoc comment
/// with a `@deprecated` tag, which editors strike through and lint rules such as
/// `no-deprecated` report; no symbol of a live error's own name has one. Escaped names
/// (`delete_`, `formatMessage_`, `_3dsLegacy`) included.
#[test]
fn every_symbol_of_deprecated_errors_and_aliases_is_deprecated() {
    let (mut deprecated_symbols, mut checked) = (0, 0);
    let mut catalogs = all_catalogs();
    catalogs.push(lifecycle::hostile());
    for (fixture, catalog) in catalogs {
        let mut project = Project::new();
        project.module(&fixture, &catalog);
        let module =
            std::fs::read_to_string(project.path(&format!("{fixture}/errors.ts"))).unwrap();
        let symbols = lifecycle::documented_symbols(&module);
        let mut expect = |symbol: String, deprecated: bool| {
            let found = symbols
                .get(&symbol)
                .unwrap_or_else(|| panic!("{fixture}: no `{symbol}` with a doc comment"));
            assert_eq!(*found, deprecated, "{fixture}: `@deprecated` on `{symbol}`");
            checked += 1;
            deprecated_symbols += usize::from(deprecated);
        };
        let mut each = |name: &str, deprecated: bool| {
            let key = TypeScript::member(name).key;
            expect(format!("ErrorName.{key}"), deprecated);
            if catalog.code_kind != CodeKind::None {
                expect(format!("ErrorCode.{key}"), deprecated);
            }
            expect(TypeScript::function(name), deprecated);
        };
        for e in &catalog.errors {
            each(&e.name, e.deprecated.is_some());
            for alias in &e.aliases {
                each(alias, true);
            }
        }
    }
    eprintln!("{checked} symbols, {deprecated_symbols} deprecated");
    assert!(
        deprecated_symbols >= 9,
        "too few deprecated symbols to prove anything"
    );
}

/// The lifecycle, in every fixture, the flagship catalog and a catalog of hostile lifecycle
/// names (`lifecycle::HOSTILE`): `lookupName` of each error's name,
/// each alias, each retired name and a name the catalog never had, and `lookupCode` of each
/// code, each retired code and an unused one, give the documented tagged answer (`live` with the
/// alias used, `retired` with the error to use, `unknown`), frozen; an alias's constants hold
/// its error's name and code, its constructor is the error's, `errorByName` finds the error by
/// it and `isErrorName` refuses it.
#[test]
fn lookups_answer_for_retired_codes_names_and_aliases() {
    let mut project = Project::new();
    let mut main = String::new();
    let mut expected = Vec::new();
    let (mut retired, mut aliases) = (0, 0);
    let mut catalogs = all_catalogs();
    catalogs.push(lifecycle::hostile());
    for (fixture, catalog) in catalogs {
        project.module(&fixture, &catalog);
        let (text, lines) = lifecycle::driver(&catalog);
        project.write(&format!("{fixture}/lifecycle.ts"), &text);
        main.push_str(&format!("import \"./{fixture}/lifecycle.js\";\n"));
        expected.extend(lines);
        retired += catalog.retired.len();
        aliases += catalog
            .errors
            .iter()
            .map(|e| e.aliases.len())
            .sum::<usize>();
    }
    assert!(
        retired >= 2 && aliases >= 2,
        "the fixtures need retired errors and aliases for this test to prove anything"
    );
    project.write("lifecycle_main.ts", &main);
    project.check();
    let stdout = project.run("lifecycle_main.js");
    let got: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("invalid JSON ({e}): {l}")))
        .collect();
    assert_eq!(got.len(), expected.len(), "lookups run");
    for (got, want) in got.iter().zip(&expected) {
        assert_eq!(got, want);
    }
}

/// Typed errors on the wire, in every fixture and the flagship catalog: each error built by its
/// constructor function with the example values (and with `null` optionals) writes exactly the
/// reference body (`JSON.stringify` of `toResponseBody()`, or `responseJson` where a code is a
/// `bigint`), parses back to the same data and writes the same body again; bodies that are not
/// objects, lack a member, hold a member of the wrong type or another catalog value (a name
/// that disagrees with the code) are `ResponseParseError`s naming the member; an unknown
/// identifying value gives an `UnknownError` keeping the body and the identifying values it
/// read; extra members are ignored.
/// `ERRORS[..].extensions` holds each error's extensions over its category's, frozen.
#[test]
fn typed_errors_write_the_reference_bodies_and_parse_them_back() {
    let mut project = Project::new();
    project.write(
        "wire_check.ts",
        &std::fs::read_to_string(common::root().join("tests/typescript/wire_check.ts")).unwrap(),
    );
    let mut expected = TypedExpectations::default();
    let mut main = String::new();
    for (fixture, catalog) in &all_catalogs() {
        project.module(fixture, catalog);
        project.write(
            &format!("{fixture}/driver.ts"),
            &expected.add(fixture, catalog),
        );
        main.push_str(&format!("import \"./{fixture}/driver.js\";\n"));
    }
    project.write("main.ts", &main);
    project.check();
    expected.check(&project.run("main.js"));
}

/// A constructor called without one of its arguments, or with an argument of the wrong type,
/// does not compile: each such call carries `@ts-expect-error`, which tsc reports as an error
/// when the call compiles after all. A correct call next to them must compile.
#[test]
fn constructors_refuse_missing_and_mistyped_arguments() {
    let mut project = Project::new();
    let mut checked = 0;
    for (fixture, catalog) in all_catalogs() {
        let before = checked;
        let mut text = String::from("import * as m from \"./errors.js\";\n\n");
        for e in &catalog.errors {
            let names = arg_names(&catalog, e);
            let Some(last) = names.last() else {
                continue;
            };
            let values = example_values(&catalog, e);
            text.push_str(&format!("{};\n", constructor_call(&catalog, e, &values)));
            let mut missing = values.clone();
            missing.remove(last);
            let call = format!(
                "m.{}({})",
                TypeScript::function(&e.name),
                args_literal_without(&catalog, e, &missing, last)
            );
            text.push_str(&format!(
                "// @ts-expect-error: `{last}` is missing.\n{call};\n"
            ));
            let first = &names[0];
            let ty = catalog.placeholder_type(e, first).unwrap();
            let mut mistyped = values.clone();
            mistyped.insert(first.clone(), mistyped_value(&ty));
            text.push_str(&format!(
                "// @ts-expect-error: `{first}` is a {}.\n{};\n",
                ty.expr(),
                constructor_call(&catalog, e, &mistyped)
            ));
            checked += 1;
        }
        if checked > before {
            project.module(&fixture, &catalog);
            project.write(&format!("{fixture}/compile_fail.ts"), &text);
        }
    }
    assert!(
        checked > 10,
        "too few constructors with arguments: {checked}"
    );
    project.check();
}

/// A constructor function must not take the name of a function the module defines: the naming
/// layer's list of those is every lowercase top-level declaration of the built-in templates.
#[test]
fn the_naming_layer_knows_every_function_of_the_module() {
    let mut declared = Vec::new();
    for file in [
        "errors.ts.tera",
        "lifecycle.ts.tera",
        "wire.ts.tera",
        "index.cjs.tera",
        "index.js.tera",
    ] {
        let text = std::fs::read_to_string(common::root().join("templates/typescript").join(file))
            .unwrap();
        for line in text.lines() {
            let line = line.strip_prefix("export ").unwrap_or(line);
            let Some(rest) = ["function ", "const ", "let ", "class "]
                .iter()
                .find_map(|k| line.strip_prefix(k))
            else {
                continue;
            };
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '$')
                .collect();
            if name.starts_with(|c: char| c.is_ascii_lowercase()) {
                declared.push(name);
            }
        }
    }
    declared.sort();
    declared.dedup();
    let mut known: Vec<String> = errcat::lang::typescript::MODULE_FUNCTIONS
        .iter()
        .map(|s| s.to_string())
        .collect();
    known.sort();
    assert_eq!(declared, known);
    for name in &declared {
        assert!(
            TypeScript::function(&snake_of(name)).ends_with('_'),
            "an error named after `{name}` is escaped"
        );
    }
}

/// `matchMessage` → `match_message`: the catalog name whose function would be `name`.
fn snake_of(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// The README's typed-errors example compiles against the committed flagship module, prints
/// the body its comment shows, and its client reads the retry delay back from that body.
#[test]
fn readme_typed_errors_example_compiles_and_runs() {
    let readme = std::fs::read_to_string(common::root().join("README.md")).unwrap();
    let example = readme
        .split("```ts\n")
        .skip(1)
        .filter_map(|block| block.split("```").next())
        .find(|block| block.contains("parseResponseBody("))
        .expect("a TypeScript example calling parseResponseBody");
    let shown = example
        .lines()
        .find_map(|l| l.strip_prefix("// {"))
        .map(|rest| format!("{{{rest}"))
        .expect("the example shows the body in a comment");
    let mut project = Project::new();
    project.write(
        "readme/errors.ts",
        &std::fs::read_to_string(common::generated().join("typescript/errors.ts")).unwrap(),
    );
    project.write(
        "readme/main.ts",
        &format!(
            "{example}\ndeclare const console: {{ log(text: string): void }};\n\
             console.log(text);\nconsole.log(describe(JSON.parse(text), status));\n"
        ),
    );
    project.check();
    let stdout = project.run("readme/main.js");
    assert_eq!(stdout, format!("{shown}\nretry in 30 s\n"));
}

/// The README's lifecycle example compiles against the lifecycle fixture's module, and each of
/// its `EXPR; // => text` lines prints that text.
#[test]
fn readme_lifecycle_example_compiles_and_runs() {
    let readme = std::fs::read_to_string(common::root().join("README.md")).unwrap();
    let example = readme
        .split("```ts\n")
        .skip(1)
        .filter_map(|block| block.split("```").next())
        .find(|block| block.contains("lookupCode("))
        .expect("a TypeScript example calling lookupCode");
    let mut program = String::new();
    let mut shown = String::new();
    for line in example.lines() {
        match line.split_once("; // => ") {
            Some((expr, text)) => {
                program.push_str(&format!("console.log(String({expr}));\n"));
                shown.push_str(text);
                shown.push('\n');
            }
            None => {
                program.push_str(line);
                program.push('\n');
            }
        }
    }
    assert!(shown.lines().count() >= 5, "the example shows its results");
    let mut project = Project::new();
    project.module(
        "readme",
        &common::load(&common::root().join("tests/fixtures/lifecycle/catalog.yaml")),
    );
    project.write(
        "readme/main.ts",
        &format!("declare const console: {{ log(text: string): void }};\n{program}"),
    );
    project.check();
    assert_eq!(project.run("readme/main.js"), shown);
}

/// A catalog without errors still gives a module that type-checks under every strict flag
/// (no unused helper, no data without a name).
#[test]
fn a_catalog_without_errors_type_checks() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("catalog.yaml");
    std::fs::write(
        &path,
        "errcat: 1\ncatalog:\n  name: empty\n  title: Empty\n  version: 1.0.0\n\
         categories:\n  - id: misc\n    title: Misc\nerrors: []\n",
    )
    .expect("catalog.yaml");
    let catalog = common::load(&path);
    assert!(catalog.errors.is_empty());
    let mut project = Project::new();
    project.module("empty", &catalog);
    project.check();
}
