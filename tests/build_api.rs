//! The `build.rs` API (`errcat::build`) and the generated Rust as crates consume it: the example
//! project under `examples/build-rs/` built and run by cargo; the library without the CLI's
//! dependencies; a failing catalog's message; and one workspace of consumer crates (binary and
//! library, `mod` / `pub mod` / `include!`, with and without a `serde` feature, `pub(crate)` with
//! extra derives, the crate form used by path) linted with `-D warnings` in one clippy run.
//!
//! Every crate these tests build shares `target/rust-consumers` as its target directory.

mod common;

use errcat::build::{Config, Error};
use errcat::targets::options::{RustCrate, RustOptions, Visibility};
use std::path::{Path, PathBuf};
use std::process::Command;

fn target_dir() -> PathBuf {
    common::root().join("target/rust-consumers")
}

fn cargo(dir: &Path, args: &[&str]) -> String {
    common::run(
        Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .current_dir(dir)
            .env("CARGO_TARGET_DIR", target_dir())
            .env_remove("RUSTFLAGS")
            .args(args),
    )
}

#[test]
fn example_project_generates_its_module_in_build_rs_and_runs() {
    let out = cargo(
        &common::root(),
        &[
            "run",
            "--locked",
            "--quiet",
            "-p",
            "errcat-build-rs-example",
        ],
    );
    assert_eq!(
        out,
        "1001 order_not_found 404\nNo order `A-17` exists.\npayment_gateway_unavailable true\n"
    );
    // The build script told cargo to watch the catalog.
    let build = target_dir().join("debug/build");
    let outputs: Vec<String> = std::fs::read_dir(&build)
        .expect("cargo wrote build script output")
        .filter_map(|e| e.ok())
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("errcat-build-rs-example-")
        })
        .filter_map(|e| std::fs::read_to_string(e.path().join("output")).ok())
        .collect();
    assert!(
        outputs
            .iter()
            .any(|o| o.lines().any(|l| l == "cargo:rerun-if-changed=errors.yaml")),
        "no build script output says `cargo:rerun-if-changed=errors.yaml`: {outputs:?}"
    );
}

/// A crate whose build script generates from a directory catalog with a templates directory:
/// cargo is told to watch each and shown the catalog's warnings, and a broken catalog fails
/// `cargo build` with the diagnostics.
#[test]
fn build_script_watches_every_catalog_file_and_fails_on_a_broken_catalog() {
    let dir = target_dir().join("watched");
    let errcat = common::root().display().to_string();
    write(
        &dir.join("Cargo.toml"),
        &format!(
            "[package]\nname = \"watched\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\
             publish = false\n\n[workspace]\n\n[build-dependencies]\n\
             errcat = {{ path = {errcat:?}, default-features = false }}\n"
        ),
    );
    write(
        &dir.join("build.rs"),
        "fn main() -> Result<(), errcat::build::Error> {\n    \
         errcat::build::Config::new()\n        .templates(\"templates\")\n        \
         .compile(\"catalog\")?;\n    Ok(())\n}\n",
    );
    write(
        &dir.join("src/main.rs"),
        "mod errors {\n    include!(concat!(env!(\"OUT_DIR\"), \"/errors.rs\"));\n}\n\n\
         fn main() {\n    println!(\"{}\", errors::ErrorCode::InvalidPhone.name());\n}\n",
    );
    write(
        &dir.join("templates/README.md"),
        "Template overrides go here.\n",
    );
    let header = "errcat: 1\ncatalog:\n  name: shop\n  title: Shop\n  version: 1.0.0\n";
    write(&dir.join("catalog/a_header.yaml"), header);
    write(
        &dir.join("catalog/b_errors.yaml"),
        "errcat: 1\ncategories:\n  - id: validation\n    title: Validation\n\
         errors:\n  - name: invalid_phone\n    code: 1001\n    category: validation\n    \
         message: Phone is invalid.\n",
    );
    write(
        &dir.join("Cargo.lock"),
        &std::fs::read_to_string(common::root().join("Cargo.lock")).unwrap(),
    );
    let out = cargo(&dir, &["run", "--offline", "--quiet"]);
    assert_eq!(out, "invalid_phone\n");
    let build = target_dir().join("debug/build");
    let output = std::fs::read_dir(&build)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with("watched-"))
        .find_map(|e| std::fs::read_to_string(e.path().join("output")).ok())
        .expect("the build script's output");
    let watched: Vec<&str> = output
        .lines()
        .filter_map(|l| l.strip_prefix("cargo:rerun-if-changed="))
        .collect();
    // A warning (no `fix`) reaches cargo, which shows it.
    assert!(
        output
            .lines()
            .any(|l| l == "cargo:warning=warning[missing-fix]: error `invalid_phone` has no `fix`"),
        "{output}"
    );
    assert_eq!(
        watched,
        [
            "catalog",
            "catalog/a_header.yaml",
            "catalog/b_errors.yaml",
            "templates"
        ]
    );

    write(
        &dir.join("catalog/a_header.yaml"),
        &header.replace("1.0.0", "one"),
    );
    let failed = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", target_dir())
        .env_remove("RUSTFLAGS")
        .args(["build", "--offline", "--quiet"])
        .output()
        .unwrap();
    assert!(!failed.status.success(), "a broken catalog built");
    let stderr = String::from_utf8_lossy(&failed.stderr);
    for line in [
        "errcat: the catalog `catalog` has 1 error; nothing was generated",
        "error[bad-version]: `version` `one` is not a semantic version",
        " --> catalog/a_header.yaml:5:12",
    ] {
        assert!(
            stderr.contains(line),
            "cargo's output lacks {line:?}:\n{stderr}"
        );
    }
}

/// The package names of `errcat`'s normal dependency tree with the given cargo flags.
fn dependency_names(flags: &[&str]) -> Vec<String> {
    let mut args = vec![
        "tree", "--locked", "-p", "errcat", "-e", "normal", "--prefix", "none", "--format", "{p}",
    ];
    args.extend_from_slice(flags);
    cargo(&common::root(), &args)
        .lines()
        .filter_map(|l| l.split_whitespace().next().map(str::to_owned))
        .collect()
}

#[test]
fn library_builds_without_the_cli_dependencies() {
    let cli_only = ["clap", "anstream"];
    let library = dependency_names(&["--no-default-features"]);
    for name in cli_only {
        assert!(
            !library.iter().any(|n| n == name),
            "`{name}` is in the library's dependencies:\n{library:?}"
        );
    }
    let binary = dependency_names(&[]);
    for name in cli_only {
        assert!(
            binary.iter().any(|n| n == name),
            "`{name}` is no longer a dependency of the binary; update this test"
        );
    }
}

#[test]
fn build_output_is_what_generate_writes() {
    let out = tempfile::tempdir().unwrap();
    let path = Config::new()
        .out_dir(out.path())
        .cargo_output(false)
        .compile(common::root().join("examples/build-rs/errors.yaml"))
        .expect("the example catalog is valid");
    assert_eq!(path, out.path().join("errors.rs"));
    let generated = common::generate(&common::root().join("examples/build-rs/errors.yaml"));
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        std::fs::read_to_string(generated.path().join("rust/errors.rs")).unwrap()
    );
}

#[test]
fn a_catalog_with_errors_fails_the_build_with_its_diagnostics() {
    let dir = tempfile::tempdir().unwrap();
    let catalog = dir.path().join("errors.yaml");
    std::fs::write(
        &catalog,
        "errcat: 1\ncatalog:\n  name: shop\n  title: Shop\n  version: one\nerrors: []\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let error = Config::new()
        .out_dir(&out)
        .cargo_output(false)
        .compile(&catalog)
        .expect_err("the version is not semver");
    let text = error
        .to_string()
        .replace(&catalog.display().to_string(), "<catalog>");
    assert_eq!(
        text,
        "errcat: the catalog `<catalog>` has 1 error; nothing was generated\n\n\
         error[bad-version]: `version` `one` is not a semantic version\n --> <catalog>:5:12\n  \
         |\n5 |   version: one\n  |            ^^^\n  = help: write a version such as `1.2.0`\n"
    );
    // `main() -> Result<(), Error>` prints `Debug`: the same readable text.
    assert_eq!(format!("{error:?}"), error.to_string());
    assert!(!out.exists(), "a failed build wrote {}", out.display());
}

#[test]
fn options_that_do_not_apply_are_refused() {
    let catalog = common::root().join("examples/build-rs/errors.yaml");
    let error = Config::new()
        .rust_options(RustOptions {
            krate: Some(RustCrate {
                name: "shop-errors".into(),
                version: None,
            }),
            ..RustOptions::default()
        })
        .out_dir(tempfile::tempdir().unwrap().path())
        .compile(&catalog)
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "errcat: the Rust option `crate` does not apply to a build script, which generates a \
         module to `include!`; leave it out"
    );
    let error = Config::new()
        .rust_options(RustOptions {
            derives: vec!["Serialize)]".into()],
            ..RustOptions::default()
        })
        .out_dir(tempfile::tempdir().unwrap().path())
        .cargo_output(false)
        .compile(&catalog)
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "errcat: the Rust option `derives` holds `Serialize)]`, which is not a Rust path (write \
         a derive macro's name, e.g. `serde::Serialize`)"
    );
}

/// Outside cargo (no `OUT_DIR`) and without `Config::out_dir`, the build API says where output
/// should go. `cargo test` sets `OUT_DIR` for errcat's own tests (errcat has a build script), so
/// the test runs itself again without it.
#[test]
fn without_out_dir_the_build_api_says_so() {
    let catalog = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/build-rs/errors.yaml");
    if std::env::var_os("ERRCAT_BUILD_API_CHILD").is_some() {
        let error = Config::new().cargo_output(false).compile(&catalog);
        assert!(matches!(error, Err(Error::NoOutDir)), "{error:?}");
        assert_eq!(
            error.unwrap_err().to_string(),
            "errcat: OUT_DIR is not set; run from a build script, or set an output directory \
             with `Config::out_dir`"
        );
        return;
    }
    let output = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "without_out_dir_the_build_api_says_so"])
        .env_remove("OUT_DIR")
        .env("ERRCAT_BUILD_API_CHILD", "1")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}");
    assert!(stdout.contains("1 passed"), "{stdout}");
}

/// One member crate of the consumer workspace.
struct Member {
    name: &'static str,
    /// `bin` or `lib`.
    kind: &'static str,
    edition: &'static str,
    /// `mod`, `pub mod` or `include`.
    how: &'static str,
    /// No `serde` feature (`None`), or one declared and on by default or not.
    serde: Option<bool>,
}

const MEMBERS: &[Member] = &[
    Member {
        name: "bin-mod",
        kind: "bin",
        edition: "2024",
        how: "mod",
        serde: None,
    },
    Member {
        name: "bin-pub-mod",
        kind: "bin",
        edition: "2021",
        how: "pub mod",
        serde: Some(true),
    },
    Member {
        name: "bin-include",
        kind: "bin",
        edition: "2021",
        how: "include",
        serde: Some(false),
    },
    Member {
        name: "lib-mod",
        kind: "lib",
        edition: "2021",
        how: "mod",
        serde: Some(true),
    },
    Member {
        name: "lib-pub-mod",
        kind: "lib",
        edition: "2021",
        how: "pub mod",
        serde: None,
    },
    Member {
        name: "lib-include",
        kind: "lib",
        edition: "2024",
        how: "include",
        serde: Some(false),
    },
];

fn render(catalog: &Path, rust: RustOptions) -> Vec<errcat::GeneratedFile> {
    let catalog = common::load(catalog);
    let options = errcat::targets::Options {
        rust,
        ..Default::default()
    };
    let engine = errcat::Engine::new(None).unwrap();
    errcat::render_with(&catalog, &[&errcat::targets::rust::Rust], &engine, &options).unwrap()
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    // Unchanged files keep their time stamps, so cargo rebuilds only what changed.
    if std::fs::read_to_string(path).ok().as_deref() != Some(text) {
        std::fs::write(path, text).unwrap();
    }
}

fn manifest(name: &str, edition: &str, features: &str, dependencies: &str) -> String {
    format!(
        "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"{edition}\"\n\
         publish = false\n\n[features]\n{features}\n[dependencies]\n{dependencies}"
    )
}

#[test]
fn generated_rust_is_warning_free_in_every_consumer_and_builds_as_a_crate() {
    let flagship = common::root().join("catalog");
    let module = render(&flagship, RustOptions::default());
    let [module] = module.as_slice() else {
        panic!("one file")
    };
    let ws = target_dir().join("workspace");
    let mut members: Vec<&str> = Vec::new();
    for m in MEMBERS {
        let dir = ws.join(m.name);
        let (features, dependencies) = match m.serde {
            None => (String::new(), String::new()),
            Some(on) => (
                format!(
                    "{}serde = [\"dep:serde\", \"dep:serde_json\"]\n",
                    if on { "default = [\"serde\"]\n" } else { "" }
                ),
                "serde = { version = \"1\", optional = true }\n\
                 serde_json = { version = \"1\", optional = true }\n"
                    .to_owned(),
            ),
        };
        write(
            &dir.join("Cargo.toml"),
            &manifest(m.name, m.edition, &features, &dependencies),
        );
        write(&dir.join("src/errors.rs"), &module.contents);
        let root_file = if m.kind == "bin" { "main.rs" } else { "lib.rs" };
        let inclusion = match m.how {
            "include" => "include!(\"errors.rs\");\n".to_owned(),
            how => format!("{how} errors;\n"),
        };
        let main = if m.kind == "bin" {
            "\nfn main() {}\n"
        } else {
            ""
        };
        write(
            &dir.join("src").join(root_file),
            &format!("//! A consumer of the generated module.\n\n{inclusion}{main}"),
        );
        members.push(m.name);
    }

    // `pub(crate)` items with an extra derive, in a library that exports none of them.
    let restricted = render(
        &flagship,
        RustOptions {
            visibility: Visibility::PubCrate,
            derives: vec!["serde::Serialize".into(), "Hash".into()],
            ..RustOptions::default()
        },
    );
    let dir = ws.join("lib-pub-crate");
    write(
        &dir.join("Cargo.toml"),
        &manifest(
            "lib-pub-crate",
            "2021",
            "",
            "serde = { version = \"1\", features = [\"derive\"] }\n",
        ),
    );
    write(&dir.join("src/errors.rs"), &restricted[0].contents);
    write(
        &dir.join("src/lib.rs"),
        "//! A consumer of the generated module with `pub(crate)` items.\n\npub mod errors;\n\n\
         /// The derive reached both enums.\n\
         const _: fn() = || {\n    fn serializable<T: serde::Serialize>() {}\n    \
         serializable::<errors::ErrorCode>();\n    serializable::<errors::Category>();\n};\n",
    );
    members.push("lib-pub-crate");

    // The crate form, used by path with its `serde` feature.
    let krate = render(
        &flagship,
        RustOptions {
            krate: Some(RustCrate {
                name: "messaging-errors".into(),
                version: None,
            }),
            ..RustOptions::default()
        },
    );
    let paths: Vec<&str> = krate.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(paths, ["rust/Cargo.toml", "rust/src/lib.rs"]);
    assert_eq!(krate[1].contents, module.contents);
    for f in &krate {
        write(
            &ws.join("messaging-errors")
                .join(f.path.strip_prefix("rust/").unwrap()),
            &f.contents,
        );
    }
    members.push("messaging-errors");
    write(
        &ws.join("crate-consumer/Cargo.toml"),
        &manifest(
            "crate-consumer",
            "2021",
            "",
            "messaging-errors = { path = \"../messaging-errors\", features = [\"serde\"] }\n",
        ),
    );
    write(
        &ws.join("crate-consumer/src/main.rs"),
        "//! Uses the generated crate.\n\nuse messaging_errors::{Error, ErrorCode};\n\n\
         fn main() {\n    println!(\"{}\", ErrorCode::ALL.len());\n    \
         println!(\"{}\", Error::missing_api_key().to_response_body());\n}\n",
    );
    members.push("crate-consumer");

    let list: Vec<String> = members.iter().map(|m| format!("\"{m}\"")).collect();
    write(
        &ws.join("Cargo.toml"),
        &format!(
            "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
            list.join(", ")
        ),
    );
    // errcat's own lock pins serde and serde_json; cargo drops the rest without the network.
    write(
        &ws.join("Cargo.lock"),
        &std::fs::read_to_string(common::root().join("Cargo.lock")).unwrap(),
    );

    cargo(
        &ws,
        &[
            "clippy",
            "--offline",
            "--quiet",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
    );
    let out = cargo(
        &ws,
        &["run", "--offline", "--quiet", "-p", "crate-consumer"],
    );
    let catalog = common::load(&flagship);
    let error = catalog
        .errors
        .iter()
        .find(|e| e.name == "missing_api_key")
        .unwrap();
    let body = errcat::catalog::body::body_json(&catalog, error, &Default::default());
    assert_eq!(out, format!("{}\n{body}\n", catalog.errors.len()));
}

#[test]
fn rust_options_read_their_table_and_refuse_unknown_keys() {
    let options: RustOptions = serde_json::from_value(serde_json::json!({
        "visibility": "pub(crate)",
        "derives": ["serde::Serialize"],
        "crate": { "name": "shop-errors", "version": "2.0.0" },
    }))
    .unwrap();
    assert_eq!(
        options,
        RustOptions {
            visibility: Visibility::PubCrate,
            derives: vec!["serde::Serialize".into()],
            krate: Some(RustCrate {
                name: "shop-errors".into(),
                version: Some("2.0.0".into()),
            }),
        }
    );
    assert_eq!(
        serde_json::from_value::<RustOptions>(serde_json::json!({})).unwrap(),
        RustOptions::default()
    );
    for bad in [
        serde_json::json!({ "visibility": "private" }),
        serde_json::json!({ "derive": ["Hash"] }),
        serde_json::json!({ "crate": { "name": "x", "edition": "2021" } }),
    ] {
        assert!(
            serde_json::from_value::<RustOptions>(bad.clone()).is_err(),
            "{bad}"
        );
    }
}

#[test]
fn the_crate_option_checks_its_name_version_and_visibility() {
    let catalog = common::load(&common::root().join("examples/build-rs/errors.yaml"));
    let engine = errcat::Engine::new(None).unwrap();
    let refusal = |rust: RustOptions| {
        let options = errcat::targets::Options {
            rust,
            ..Default::default()
        };
        errcat::render_with(&catalog, &[&errcat::targets::rust::Rust], &engine, &options)
            .unwrap_err()
            .to_string()
    };
    let krate = |name: &str, version: Option<&str>| RustOptions {
        krate: Some(RustCrate {
            name: name.into(),
            version: version.map(Into::into),
        }),
        ..RustOptions::default()
    };
    assert_eq!(
        refusal(krate("shop errors", None)),
        "the Rust crate name `shop errors` is not a valid package name (letters, digits, `-` and \
         `_`, starting with a letter, at most 64 characters)"
    );
    assert_eq!(
        refusal(krate("shop-errors", Some("2"))),
        "the Rust crate version `2` is not a semantic version (e.g. `1.2.0`)"
    );
    assert_eq!(
        refusal(RustOptions {
            visibility: Visibility::PubCrate,
            ..krate("shop-errors", None)
        }),
        "the Rust option `visibility = \"pub(crate)\"` would leave the generated crate exporting \
         nothing; use `pub` (the default) with `crate`"
    );
    // The version defaults to the catalog's.
    let files = render(
        &common::root().join("examples/build-rs/errors.yaml"),
        krate("shop-errors", None),
    );
    let manifest = &files[0].contents;
    assert!(manifest.starts_with("# generated by errcat from errors.yaml, do not edit\n"));
    assert!(
        manifest.contains("\nname = \"shop-errors\"\nversion = \"1.0.0\"\n"),
        "{manifest}"
    );
}

/// The path from `errcat init` to Rust code: a fresh project made by `errcat init` and
/// `errcat generate` builds as a crate that generates the same catalog in its `build.rs` and
/// also `include!`s the committed `generated/rust/errors.rs`; both modules agree.
#[test]
fn an_init_project_builds_by_build_rs_and_by_include() {
    let dir = target_dir().join("init-project");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let errcat = |args: &[&str]| {
        common::run(
            Command::new(env!("CARGO_BIN_EXE_errcat"))
                .current_dir(&dir)
                .args(args),
        )
    };
    errcat(&["init"]);
    errcat(&["generate", "--quiet"]);
    assert!(dir.join("generated/rust/errors.rs").is_file());
    let root = common::root().display().to_string();
    write(
        &dir.join("Cargo.toml"),
        &format!(
            "[package]\nname = \"init-project\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\
             publish = false\n\n[workspace]\n\n[build-dependencies]\n\
             errcat = {{ path = {root:?}, default-features = false }}\n"
        ),
    );
    write(
        &dir.join("build.rs"),
        "fn main() -> Result<(), errcat::build::Error> {\n    \
         errcat::build::compile(\"catalog.yaml\")?;\n    Ok(())\n}\n",
    );
    write(
        &dir.join("src/main.rs"),
        "mod built {\n    include!(concat!(env!(\"OUT_DIR\"), \"/errors.rs\"));\n}\n\
         mod committed {\n    include!(\"../generated/rust/errors.rs\");\n}\n\n\
         fn main() {\n    \
         let e = built::Error::invalid_email(\"a@\".to_owned());\n    \
         println!(\"{} {} {}\", e.code(), e.name(), e);\n    \
         let c = committed::ErrorCode::from_code(1001).expect(\"1001\");\n    \
         println!(\"{} {:?}\", c.name(), c.http_status());\n}\n",
    );
    write(
        &dir.join("Cargo.lock"),
        &std::fs::read_to_string(common::root().join("Cargo.lock")).unwrap(),
    );
    let out = cargo(&dir, &["run", "--offline", "--quiet"]);
    assert_eq!(
        out,
        "2001 invalid_email Email address a@ is not valid.\nmissing_token 401\n"
    );
}
