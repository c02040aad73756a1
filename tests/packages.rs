//! The packages as a consumer installs them, for the committed flagship output, a project made
//! by `errcat init` and `errcat generate`, and every
//! fixture, in one batch per tool.
//!
//! TypeScript: `npm install <dir>...` (offline, copies as npm would publish them) into one
//! scratch project; the consumer programs of `tests/typescript/` and each catalog's typed-error
//! driver, importing the package by name, are type-checked against its declarations with the
//! pinned tsc (`module`/`moduleResolution` `node16`, once as ES modules and once as CommonJS,
//! then `bundler`) and run by plain `node` in both formats; `import` and `require` of one
//! package give one instance (`instanceof` holds across them).
//!
//! Python: each `pyproject.toml` is built with the pinned flit_core (`--no-build-isolation`,
//! nothing fetched) and the wheels are installed into one fresh virtual environment, where the
//! consumer script of `tests/python/` and `tests/packages/installed.py` use them.

mod common;
#[path = "typescript/expectations.rs"]
mod expectations;
#[path = "typescript/wire.rs"]
#[allow(dead_code)]
mod wire;

use errcat::catalog::{Catalog, CodeKind};
use errcat::targets::Options;
use expectations::TypedExpectations;
use std::path::{Path, PathBuf};
use std::process::Command;

/// One catalog's generated output: the flagship's committed `generated/`, or a fixture's.
struct Output {
    fixture: String,
    catalog: Catalog,
    dir: PathBuf,
    _temp: Option<tempfile::TempDir>,
}

fn outputs() -> Vec<Output> {
    let mut out = vec![Output {
        fixture: "flagship".to_owned(),
        catalog: common::load(&common::root().join("catalog")),
        dir: common::generated(),
        _temp: None,
    }];
    // A project as `errcat init` starts it, generated with `errcat generate`.
    let init = tempfile::tempdir().unwrap();
    for args in [&["init"][..], &["generate", "--quiet"]] {
        let status = Command::new(env!("CARGO_BIN_EXE_errcat"))
            .current_dir(init.path())
            .args(args)
            .status()
            .unwrap();
        assert!(status.success(), "errcat {args:?} failed");
    }
    out.push(Output {
        fixture: "init".to_owned(),
        catalog: common::load(&init.path().join("catalog.yaml")),
        dir: init.path().join("generated"),
        _temp: Some(init),
    });
    for path in common::valid_fixtures() {
        let fixture = path
            .parent()
            .and_then(|p| p.file_name())
            .expect("a fixture directory")
            .to_string_lossy()
            .into_owned();
        let temp = common::generate(&path);
        out.push(Output {
            fixture,
            catalog: common::load(&path),
            dir: temp.path().to_path_buf(),
            _temp: Some(temp),
        });
    }
    out
}

/// The npm name a catalog's package has by default.
fn npm_name(catalog: &Catalog) -> String {
    errcat::lang::typescript::TypeScript::npm_package(&catalog.name)
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
    std::fs::write(path, text).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}

/// A program of `tests/typescript/` importing the package `name` instead of `./errors.js`.
fn consumer_program(file: &str, name: &str) -> String {
    let text = std::fs::read_to_string(common::root().join("tests/typescript").join(file))
        .unwrap_or_else(|e| panic!("cannot read tests/typescript/{file}: {e}"));
    let import = "from \"./errors.js\"";
    assert!(
        text.contains(import) || !file.ends_with(".ts") || file == "check.ts",
        "tests/typescript/{file} no longer imports ./errors.js"
    );
    text.replace(import, &format!("from {name:?}"))
}

/// Compiler options of the consumer project: the strict flags of tests/typescript/tsconfig.json,
/// with `module` and `moduleResolution` as given.
fn tsconfig(module: &str, resolution: &str, include: &[&str], emit: bool) -> String {
    let include: Vec<String> = include.iter().map(|i| format!("{i:?}")).collect();
    format!(
        r#"{{
  "compilerOptions": {{
    "strict": true,
    "noUncheckedIndexedAccess": true,
    "exactOptionalPropertyTypes": true,
    "noImplicitOverride": true,
    "noImplicitReturns": true,
    "noFallthroughCasesInSwitch": true,
    "noPropertyAccessFromIndexSignature": true,
    "noUnusedLocals": true,
    "noUnusedParameters": true,
    "target": "ES2020",
    "module": "{module}",
    "moduleResolution": "{resolution}",
    "lib": ["ES2020"],
    "types": [],
    "noEmit": {no_emit},
    "noEmitOnError": true,
    "rootDir": ".",
    "outDir": "out"
  }},
  "include": [{include}]
}}
"#,
        no_emit = !emit,
        include = include.join(", ")
    )
}

/// Every TypeScript package installs with `npm install <dir>`, has its catalog's name and
/// version, type-checks a consumer against its declarations under `node16` (ES module and
/// CommonJS importers) and `bundler` resolution, and, run by node in both formats, holds exactly
/// the catalog's table and writes and parses exactly the reference bodies.
#[test]
fn typescript_packages_install_and_run_as_esm_and_commonjs() {
    let outputs = outputs();
    let project = tempfile::tempdir().expect("temp dir");
    let root = project.path();
    write(
        &root.join("package.json"),
        "{ \"name\": \"consumer\", \"private\": true }\n",
    );
    // `--install-links` copies each directory as npm would pack it (its `files` only).
    let mut npm = Command::new("npm");
    npm.args([
        "install",
        "--offline",
        "--no-audit",
        "--no-fund",
        "--loglevel=error",
        "--install-links",
    ])
    .current_dir(root);
    for o in &outputs {
        npm.arg(o.dir.join("typescript"));
    }
    common::run(&mut npm);

    let wire_check = std::fs::read_to_string(common::root().join("tests/typescript/wire_check.ts"))
        .expect("wire_check.ts");
    write(&root.join("esm/package.json"), "{ \"type\": \"module\" }\n");
    let mut expected = TypedExpectations::default();
    let mut mains = String::new();
    for o in &outputs {
        let name = npm_name(&o.catalog);
        let installed = root.join("node_modules").join(&name);
        let manifest: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(installed.join("package.json"))
                .unwrap_or_else(|e| panic!("{}: {name} is not installed: {e}", o.fixture)),
        )
        .expect("package.json is JSON");
        assert_eq!(manifest["name"], name.as_str(), "{}", o.fixture);
        assert_eq!(
            manifest["version"],
            o.catalog.version.as_str(),
            "{}",
            o.fixture
        );
        for file in ["index.js", "index.cjs", "index.d.ts", "index.d.cts"] {
            assert!(
                installed.join(file).is_file(),
                "{}: {file} not installed",
                o.fixture
            );
        }
        // Installed as published: the package's `files`, not the TypeScript source next to it.
        assert!(
            !installed.join("errors.ts").exists(),
            "{}: errors.ts was installed",
            o.fixture
        );
        let driver = expected
            .add(&o.fixture, &o.catalog)
            .replace("from \"./errors.js\"", &format!("from {name:?}"));
        let codes = if o.catalog.code_kind == CodeKind::None {
            "without_codes.ts"
        } else {
            "with_codes.ts"
        };
        for format in ["esm", "cjs"] {
            let dir = root.join(format).join(&o.fixture);
            write(&dir.join("driver.ts"), &driver);
            for (file, source) in [
                ("check.ts", "check.ts"),
                ("codes.ts", codes),
                ("consumer.ts", "consumer.ts"),
            ] {
                write(&dir.join(file), &consumer_program(source, &name));
            }
        }
        mains.push_str(&format!("import \"./{}/driver.js\";\n", o.fixture));
    }
    for format in ["esm", "cjs"] {
        write(&root.join(format).join("wire_check.ts"), &wire_check);
        write(&root.join(format).join("main.ts"), &mains);
    }
    let tsc = |config: &str, text: String| {
        write(&root.join(config), &text);
        common::run(
            Command::new(common::node_bin("tsc"))
                .arg("--project")
                .arg(root.join(config))
                .arg("--pretty")
                .arg("false"),
        );
    };
    tsc(
        "tsconfig.json",
        tsconfig("node16", "node16", &["esm/**/*.ts", "cjs/**/*.ts"], true),
    );
    tsc(
        "tsconfig.bundler.json",
        tsconfig("preserve", "bundler", &["esm/**/*.ts"], false),
    );
    write(
        &root.join("out/esm/package.json"),
        "{ \"type\": \"module\" }\n",
    );
    for o in &outputs {
        let name = npm_name(&o.catalog);
        let cjs =
            std::fs::read_to_string(root.join("out/cjs").join(&o.fixture).join("consumer.js"))
                .expect("compiled consumer");
        assert!(
            cjs.contains(&format!("require({name:?})")),
            "{}: the CommonJS consumer does not require the package",
            o.fixture
        );
        for format in ["esm", "cjs"] {
            let consumer = root
                .join("out")
                .join(format)
                .join(&o.fixture)
                .join("consumer.js");
            let stdout = common::run(Command::new("node").arg(&consumer).current_dir(root));
            let dump: serde_json::Value = serde_json::from_str(&stdout).unwrap_or_else(|e| {
                panic!(
                    "{} ({format}): the consumer printed invalid JSON ({e}):\n{stdout}",
                    o.fixture
                )
            });
            common::assert_table_eq(
                &format!("TypeScript package {} ({format})", o.fixture),
                &dump,
                &common::expected_table(&o.catalog),
            );
        }
    }
    for format in ["esm", "cjs"] {
        let main = root.join("out").join(format).join("main.js");
        expected.check(&common::run(
            Command::new("node").arg(main).current_dir(root),
        ));
    }
    one_instance_for_import_and_require(root, &outputs);
}

/// `import` and `require` of a package give one instance (no dual-package hazard): the same
/// exports, each the same object, and an error made through one is an `instanceof` the other's
/// class (checked with the first error that needs no arguments; the flagship has one).
fn one_instance_for_import_and_require(root: &Path, outputs: &[Output]) {
    let packages: Vec<(String, String)> = outputs
        .iter()
        .map(|o| {
            (
                npm_name(&o.catalog),
                errcat::lang::typescript::TypeScript::error_class(&o.catalog.name),
            )
        })
        .collect();
    // In the consumer project, where `import` resolves the installed packages.
    let script = root.join("one_instance.mjs");
    std::fs::copy(
        common::root().join("tests/packages/one_instance.mjs"),
        &script,
    )
    .expect("copy one_instance.mjs");
    let stdout = common::run(
        Command::new("node")
            .arg(&script)
            .arg(serde_json::to_string(&packages).expect("JSON"))
            .current_dir(root),
    );
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), packages.len(), "{stdout}");
    for ((name, _), line) in packages.iter().zip(&lines) {
        assert!(
            line.starts_with(&format!("{name}: ")) && line.contains(" exports shared"),
            "{line}"
        );
    }
    assert_eq!(
        lines[0], "messaging-errors: 85 exports shared, instanceof checked with invalid_request",
        "the flagship package"
    );
}

/// Every Python package builds from its `pyproject.toml` with the pinned backend and installs
/// into a fresh virtual environment, where pip knows it by its distribution name and the
/// catalog's version, the consumer script holds exactly the catalog's table, and every string
/// enum member shows its value under `str()` and f-strings.
#[test]
fn python_packages_install_with_pip_into_a_fresh_environment() {
    let outputs = outputs();
    let work = tempfile::tempdir().expect("temp dir");
    let wheels = work.path().join("wheels");
    let mut build = Command::new(common::venv_bin("python"));
    build
        .args([
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-build-isolation",
            "--no-deps",
            "--no-index",
            "--wheel-dir",
        ])
        .arg(&wheels);
    for o in &outputs {
        build.arg(o.dir.join("python"));
    }
    common::run(&mut build);

    let venv = work.path().join("venv");
    common::run(Command::new("python3").args(["-m", "venv"]).arg(&venv));
    let python = venv.join("bin/python");
    let mut install = Command::new(&python);
    install.args([
        "-m",
        "pip",
        "install",
        "--quiet",
        "--no-index",
        "--no-deps",
        "--disable-pip-version-check",
    ]);
    let mut built: Vec<PathBuf> = std::fs::read_dir(&wheels)
        .expect("wheels")
        .map(|e| e.expect("entry").path())
        .collect();
    built.sort();
    assert_eq!(
        built.len(),
        outputs.len(),
        "one wheel per package: {built:?}"
    );
    install.args(&built);
    common::run(&mut install);

    let mut packages = Vec::new();
    for o in &outputs {
        let package = common::py_lang::package(&o.dir);
        let pyproject =
            std::fs::read_to_string(o.dir.join("python/pyproject.toml")).expect("pyproject.toml");
        let distribution = errcat::lang::python::Python::distribution(&o.catalog.name);
        assert!(
            pyproject.contains(&format!("name = {distribution:?}\n")),
            "{}: the distribution is not named {distribution}",
            o.fixture
        );
        let scripts = work.path().join(&o.fixture);
        std::fs::create_dir_all(&scripts).expect("mkdir");
        let consumer = common::py_lang::write_consumer(&package, &scripts);
        let stdout = common::run(
            Command::new(&python)
                .arg("-B")
                .arg(&consumer)
                .env("PYTHONIOENCODING", "utf-8")
                .env_remove("PYTHONPATH")
                .current_dir(&scripts),
        );
        let dump: serde_json::Value = serde_json::from_str(&stdout).unwrap_or_else(|e| {
            panic!(
                "{}: the consumer printed invalid JSON ({e}):\n{stdout}",
                o.fixture
            )
        });
        common::assert_table_eq(
            &format!("Python package {}", o.fixture),
            &dump,
            &common::expected_table(&o.catalog),
        );
        packages.push(serde_json::json!({
            "module": package.name,
            "distribution": distribution,
            "version": pep440_plain(&o.catalog.version),
        }));
    }
    let stdout = common::run(
        Command::new(&python)
            .arg("-B")
            .arg(common::root().join("tests/packages/installed.py"))
            .arg(serde_json::Value::from(packages).to_string())
            .env_remove("PYTHONPATH")
            .current_dir(work.path()),
    );
    let report: serde_json::Value = serde_json::from_str(&stdout).expect("a JSON report");
    assert_eq!(report["packages"], outputs.len(), "{stdout}");
    assert!(report["members"].as_u64().unwrap_or(0) > 100, "{stdout}");
}

/// The catalogs under test have release versions, which PEP 440 spells the same.
fn pep440_plain(version: &str) -> &str {
    assert!(
        version.chars().all(|c| c.is_ascii_digit() || c == '.'),
        "{version} is not a plain release: spell it as PEP 440 does here"
    );
    version
}

/// The options name the packages (an npm scope, a distribution name) or turn them off; a name
/// the registry would refuse is a render error naming the option.
#[test]
fn package_options_name_the_packages_or_turn_them_off() {
    let catalog = common::load(&common::root().join("catalog"));
    let engine = errcat::Engine::new(None).expect("built-in templates load");
    let render = |options: &Options| {
        errcat::render_with(&catalog, errcat::targets::all(), &engine, options)
            .map(|files| {
                files
                    .into_iter()
                    .map(|f| (f.path, f.contents))
                    .collect::<std::collections::BTreeMap<_, _>>()
            })
            .map_err(|e| e.to_string())
    };

    let defaults = render(&Options::default()).expect("render");
    let ts: Vec<&str> = defaults
        .keys()
        .filter(|p| p.starts_with("typescript/") || p.starts_with("python/"))
        .map(String::as_str)
        .collect();
    assert_eq!(
        ts,
        [
            "python/messaging_errors/__init__.py",
            "python/messaging_errors/py.typed",
            "python/pyproject.toml",
            "typescript/errors.ts",
            "typescript/index.cjs",
            "typescript/index.d.cts",
            "typescript/index.d.ts",
            "typescript/index.js",
            "typescript/package.json",
        ]
    );
    assert!(defaults["typescript/package.json"].contains("\n  \"name\": \"messaging-errors\",\n"));
    assert!(defaults["python/pyproject.toml"].contains("\nname = \"messaging-errors\"\n"));
    // The runtime once: the ES module imports the CommonJS file and exports exactly its names.
    let (esm, cjs) = (
        &defaults["typescript/index.js"],
        &defaults["typescript/index.cjs"],
    );
    let names = |text: &str, open: &str, close: &str| -> Vec<String> {
        let (_, rest) = text.split_once(open).expect("an export list");
        let (list, _) = rest.split_once(close).expect("the end of the export list");
        list.lines().map(|l| l.trim().to_owned()).collect()
    };
    assert!(
        esm.contains("\nimport CommonJs from \"./index.cjs\";\n"),
        "{esm}"
    );
    let exported = names(esm, "\nexport const {\n", "\n} = CommonJs;\n");
    assert_eq!(exported, names(cjs, "\nmodule.exports = {\n", "\n};\n"));
    assert!(exported.len() > 80 && exported.contains(&"invalidRequest,".to_owned()));
    assert!(
        esm.len() < 2_000,
        "index.js carries more than the re-export:\n{esm}"
    );
    assert!(defaults["typescript/index.d.ts"].ends_with("\n\nexport * from \"./index.cjs\";\n"));
    assert!(
        defaults["typescript/index.d.cts"]
            .contains("\nexport declare function notFound(): MessagingError;\n")
    );

    let mut named = Options::default();
    named.typescript.package_name = Some("@acme/messaging-errors".to_owned());
    named.python.package_name = Some("acme-messaging-errors".to_owned());
    let files = render(&named).expect("render");
    assert!(
        files["typescript/package.json"].contains("\n  \"name\": \"@acme/messaging-errors\",\n")
    );
    assert!(files["python/pyproject.toml"].contains("\nname = \"acme-messaging-errors\"\n"));

    let mut off = Options::default();
    off.typescript.package = false;
    off.python.package = false;
    let files = render(&off).expect("render");
    let ts: Vec<&str> = files
        .keys()
        .filter(|p| p.starts_with("typescript/") || p.ends_with(".toml"))
        .map(String::as_str)
        .collect();
    assert_eq!(ts, ["typescript/errors.ts"]);

    let mut bad = Options::default();
    bad.typescript.package_name = Some("Messaging Errors".to_owned());
    assert_eq!(
        render(&bad).unwrap_err(),
        "the typescript option `package-name` `Messaging Errors` is not an npm package name: use \
         lowercase ASCII letters, digits, `-`, `.`, `_` and `~` (not first), at most 214 \
         characters, optionally after a scope (`@scope/`)"
    );
    let mut bad = Options::default();
    bad.python.package_name = Some("-errors".to_owned());
    assert_eq!(
        render(&bad).unwrap_err(),
        "the python option `package-name` `-errors` is not a Python distribution name: use ASCII \
         letters, digits, `-`, `_` and `.`, starting and ending with a letter or digit"
    );
}
