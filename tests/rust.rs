//! The `rust` target's output compiles warning-free, runs, and reproduces its catalog: for the
//! committed module of the flagship catalog and for every fixture. Also clippy (with and without
//! the `serde` feature), a serde round trip, and rustfmt, including catalogs whose strings sit on
//! either side of every width at which rustfmt changes its layout.

mod common;
#[path = "rust/lifecycle.rs"]
mod lifecycle;
#[path = "rust/typed.rs"]
mod typed;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

#[test]
fn flagship_module_runs_and_matches_the_catalog() {
    let catalog = common::load(&common::root().join("catalog"));
    let dump = common::rust_lang::dump(&common::generated());
    common::assert_table_eq("Rust", &dump, &common::expected_table(&catalog));
}

#[test]
fn fixture_modules_run_and_match_their_catalogs() {
    for fixture in common::valid_fixtures() {
        let out = common::generate(&fixture);
        let dump = common::rust_lang::dump(out.path());
        let language = format!("Rust ({})", fixture.display());
        common::assert_table_eq(
            &language,
            &dump,
            &common::expected_table(&common::load(&fixture)),
        );
    }
}

#[test]
fn modules_are_rustfmt_formatted() {
    let fixtures: Vec<_> = common::valid_fixtures()
        .iter()
        .map(|f| common::generate(f))
        .collect();
    let mut files = vec![common::generated().join("rust/errors.rs")];
    files.extend(fixtures.iter().map(|d| d.path().join("rust/errors.rs")));
    common::rust_lang::rustfmt_check(&files);
}

/// rustfmt moves a string literal to its own line, or keeps a short list on one line, depending
/// on widths; the target computes those layouts. These catalogs put strings just below and just
/// above each width. No line may exceed 100 columns: rustfmt leaves an item it cannot fit as it
/// is, which would hide a wrong layout. (A line holding a name of 80 characters or more, which
/// the `ALL` cases need, cannot fit where the typed errors use it: `fn <name>() -> Self {`.)
#[test]
fn layouts_match_rustfmt_at_every_width_boundary() {
    let dir = tempfile::tempdir().expect("temp dir");
    let engine = errcat::Engine::new(None).expect("built-in templates load");
    let rust = errcat::targets::by_id("rust").expect("rust target");
    let mut files = Vec::new();
    let mut all = String::new();
    for (i, yaml) in boundary_catalogs().iter().enumerate() {
        let case = dir.path().join(format!("case{i}"));
        std::fs::create_dir(&case).unwrap();
        std::fs::write(case.join("catalog.yaml"), yaml).unwrap();
        let catalog = common::load(&case.join("catalog.yaml"));
        let rendered = rust
            .render(&catalog, &engine, &Default::default())
            .expect("render");
        let text = &rendered[0].contents;
        for (n, line) in text.lines().enumerate() {
            let long_name = line
                .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .any(|word| word.len() >= 80);
            // A string literal alone on the line after `field:` was moved there; nothing can
            // break it further.
            let trimmed = line.trim_start();
            let lone_literal = trimmed.starts_with('"')
                && trimmed.trim_end_matches(',').ends_with('"')
                && n > 0
                && text.lines().nth(n - 1).is_some_and(|l| l.ends_with(':'));
            assert!(
                line.chars().count() <= 100 || long_name || lone_literal,
                "case{i} line {} is too long:\n{line}",
                n + 1
            );
        }
        let file = case.join("errors.rs");
        std::fs::write(&file, text).unwrap();
        files.push(file);
        all.push_str(text);
    }
    // The boundaries are crossed: each width-dependent layout occurs in both forms.
    for (what, broken) in [
        ("a field's literal", "        title:\n"),
        ("a nested field's literal", "                text:\n"),
        ("an `Option`", "Some(\n"),
        (
            "`#[deprecated]` with `since`",
            "#[deprecated(\n        since",
        ),
        (
            "`#[deprecated]` without `since`",
            "#[deprecated(\n        note",
        ),
        (
            "`ErrorCode::ALL` broken after `=`",
            "(deprecated)]\n    pub const ALL: &'static [Self] =\n",
        ),
        (
            "`ErrorCode::ALL` one item per line",
            "(deprecated)]\n    pub const ALL: &'static [Self] = &[\n",
        ),
        (
            "`ErrorCode::ALL` on one line",
            "(deprecated)]\n    pub const ALL: &'static [Self] = &[Self",
        ),
        (
            "`Category::ALL` broken after `=`",
            "order.\n    pub const ALL: &'static [Self] =\n",
        ),
        (
            "`Category::ALL` one item per line",
            "order.\n    pub const ALL: &'static [Self] = &[\n",
        ),
        ("a constructor's signature", "    pub fn sxxx"),
        (
            "a constructor's signature",
            "(\n        a: impl Into<String>,\n    ) -> Self {",
        ),
        (
            "a constructor's struct literal",
            "        Self::Int18 { pxxxxxxxxxxxxxxxxx }",
        ),
        (
            "a constructor's struct literal",
            "        Self::Int19 {\n            pxxx",
        ),
        (
            "a constructor's struct literal",
            "        Self::Str4 { qxxx: qxxx.into() }",
        ),
        ("a constructor's struct literal", "        Self::Str5 {\n"),
        (
            "a pattern",
            "        Error::Int18 { pxxxxxxxxxxxxxxxxx } => {",
        ),
        ("a pattern", "        Error::Int19 {\n"),
        (
            "a unit match arm",
            "        Error::Uxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx => ErrorCode::U",
        ),
        (
            "a unit match arm",
            "        Error::Uxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx => {\n",
        ),
        ("an extension pair", "            (\"k\", \"\\\"xxxx"),
        (
            "an extension pair",
            "            (\n                \"k\",\n",
        ),
        (
            "an envelope constant",
            "            value: Node::Fixed(\"\\\"xxx",
        ),
        ("an envelope constant", "            value: Node::Fixed(\n"),
        ("an identification path", "    &[\n        \"kxxx"),
        (
            "an alias's `#[deprecated]`",
            "    #[deprecated(note = \"use `ErrorCode::Exxx",
        ),
        (
            "an alias's `#[deprecated]`",
            "    #[deprecated(\n        note = \"use `ErrorCode::Exxx",
        ),
        (
            "an alias constant",
            "    pub const Axxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx: Self = Self::E",
        ),
        (
            "an alias constant",
            "    pub const Bxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx: Self =\n",
        ),
        (
            "a retired error's successor",
            "        use_instead: Some(ErrorCode::Rxxx",
        ),
        (
            "a retired error's successor",
            "        use_instead: Some(\n",
        ),
    ] {
        assert!(all.contains(broken), "no case renders {what} as {broken:?}");
    }
    common::rust_lang::rustfmt_check(&files);
}

/// Every fixture's module (and the flagship's) in one crate: clippy-clean with and without the
/// `serde` feature, each `ErrorCode`'s serde round trip, and a driver program that constructs
/// every error with example values, serializes it, parses it back and parses malformed bodies.
/// Each line it prints must equal the reference: `errcat::catalog::body::body_json` for the
/// bytes, `format_message` for `Display`, the member path for a malformed body.
#[test]
fn typed_errors_serialize_parse_and_lint_clean_in_every_fixture() {
    let fixtures: Vec<(PathBuf, tempfile::TempDir)> = common::valid_fixtures()
        .into_iter()
        .map(|f| {
            let out = common::generate(&f);
            (f, out)
        })
        .collect();
    let mut modules = vec![("flagship".to_owned(), common::generated())];
    let mut driver = typed::Driver::default();
    driver.add("flagship", &common::load(&common::root().join("catalog")));
    let readme = std::fs::read_to_string(common::root().join("README.md")).unwrap();
    let example = readme
        .split_once("A server-and-client round trip")
        .and_then(|(_, rest)| rest.split_once("```rust\n"))
        .and_then(|(_, rest)| rest.split_once("\n```"))
        .map(|(block, _)| block)
        .expect("README.md has the Rust round trip");
    driver.readme("flagship", example, &["bad phone +1 555"]);
    let example = readme
        .split_once("A lookup of a retired code")
        .and_then(|(_, rest)| rest.split_once("```rust\n"))
        .and_then(|(_, rest)| rest.split_once("\n```"))
        .map(|(block, _)| block)
        .expect("README.md has the Rust lifecycle example");
    driver.readme(
        "fixture_lifecycle",
        example,
        &[
            "`order_expired` (1004) was retired in 2.0.0, merged into `order_not_found`: use `order_not_found` instead.",
            "use order_not_found",
        ],
    );
    for (fixture, out) in &fixtures {
        let case = fixture
            .parent()
            .and_then(Path::file_name)
            .unwrap()
            .to_string_lossy();
        let ident: String = case
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
        let name = format!("fixture_{ident}");
        driver.add(&name, &common::load(fixture));
        modules.push((name, out.path().to_owned()));
    }
    let locals = tempfile::tempdir().expect("temp dir");
    std::fs::write(locals.path().join("catalog.yaml"), typed::LOCALS).unwrap();
    let locals_out = common::generate(&locals.path().join("catalog.yaml"));
    driver.add("locals", &common::load(&locals.path().join("catalog.yaml")));
    modules.push(("locals".to_owned(), locals_out.path().to_owned()));
    let names: Vec<String> = modules.iter().map(|(n, _)| n.clone()).collect();
    let out = common::rust_lang::clippy_and_run(&modules, &driver.source(&names));
    let lines: Vec<&str> = out.lines().collect();
    for (i, want) in driver.expected.iter().enumerate() {
        let got = lines.get(i).copied().unwrap_or("<no line>");
        assert_eq!(got, want, "driver line {} differs", i + 1);
    }
    assert_eq!(
        lines.len(),
        driver.expected.len(),
        "driver printed extra lines"
    );
    // Every fixture with fields and a nested envelope is covered, malformed bodies included.
    for needle in [
        "fixture_wire\t0\tbody\t{\"success\":false",
        "fixture_wire\t0-wrong-type\tparse\terr error.request_id",
        "fixture_wire\t0-none\tbody",
        "fixture_wire\t1-disagree\tparse\terr error.type",
        "fixture_wire\t1-unknown\tparse\tunknown",
        "fixture_wire\t1-not-object\tparse\terr error",
        "fixture_wire_titles\t0-unknown\tparse\tunknown",
        "fixture_wire\tarray\tparse\terr ",
        "fixture_wire\t3-whole\tparse\tknown",
        "fixture_wire\t1\textensions\tkind=\"lookup\"",
        "fixture_wire\t3\textensions\tkind=\"limit\"",
        "fixture_wire\t3-fraction\tparse\terr error.retryAfterSeconds",
        "fixture_lifecycle\tretired-code order_expired\tretired order_expired use order_not_found",
        "fixture_lifecycle\tretired-name order_archived\tretired order_archived use order_not_found",
        "fixture_lifecycle\talias missing_order\tlive order_not_found",
        "fixture_lifecycle\talias-parse unknown_order\tSome(\"order_not_found\")",
        "fixture_lifecycle\tretired-from-code order_expired\tNone",
    ] {
        assert!(
            driver.expected.iter().any(|l| l.starts_with(needle)),
            "no check {needle:?}"
        );
    }
}

/// Catalogs whose strings straddle rustfmt's widths (max_width 100, array_width 60,
/// attr_fn_like_width 70) in every position the rust target renders a string, and an empty one.
fn boundary_catalogs() -> Vec<String> {
    let header = |docs: bool| {
        format!(
            "errcat: 1\ncatalog: {{ name: widths, title: Widths, version: 1.0.0{} }}\n",
            if docs {
                ", docs_url: \"https://errors.example.com/{name}\""
            } else {
                ""
            }
        )
    };
    let text = |n: usize| "x".repeat(n);
    let mut cases = Vec::new();

    // One catalog for string fields: each error moves one string across its width.
    let mut yaml = header(true);
    yaml.push_str("categories:\n  - { id: general, title: General, http_status: 400 }\n");
    // `category: Category::X,` breaks past 100 columns.
    for n in 70..=73 {
        writeln!(
            yaml,
            "  - {{ id: c{}, title: Long, http_status: 400 }}",
            text(n - 1)
        )
        .unwrap();
    }
    yaml.push_str("errors:\n");
    let mut code = 0;
    let mut error = |yaml: &mut String, name: String, category: String, fields: String| {
        code += 1;
        writeln!(
            yaml,
            "  - {{ name: {name}, code: {code}, category: {category}, message: \"{fields}"
        )
        .unwrap();
    };
    // The docs URL holds the name: `docs_url: Some(..)` breaks past 74 columns of literal.
    for n in 43..=47 {
        error(
            &mut yaml,
            format!("d_{}", text(n - 2)),
            "general".into(),
            "M.\", fix: F. }".into(),
        );
    }
    for n in 70..=73 {
        error(
            &mut yaml,
            format!("cat{n}"),
            format!("c{}", text(n - 1)),
            "M.\", fix: F. }".into(),
        );
    }
    // `title: ".."` (indent 8) breaks past 82 characters.
    for n in 80..=84 {
        error(
            &mut yaml,
            format!("title{n}"),
            "general".into(),
            format!("M.\", title: {}, fix: F. }}", text(n)),
        );
    }
    // `message: ".."` breaks past 80; its single piece `text: ".."` (indent 12) past 79.
    for n in 78..=81 {
        error(
            &mut yaml,
            format!("message{n}"),
            "general".into(),
            format!("{}\", fix: F. }}", text(n)),
        );
    }
    // `fix: Some("..")` breaks past 78.
    for n in 75..=84 {
        error(
            &mut yaml,
            format!("fix{n}"),
            "general".into(),
            format!("M.\", fix: {} }}", text(n)),
        );
    }
    // A second piece's `text: ".."` (indent 16) breaks past 75.
    for n in 73..=77 {
        let fields = format!(
            "{{a}}{}\", params: {{ a: {{ type: string }} }}, fix: F. }}",
            text(n)
        );
        error(&mut yaml, format!("piece{n}"), "general".into(), fields);
    }
    // `description: Some("..")` breaks past 62 with several params (indent 16), 66 with one.
    for n in 60..=64 {
        let fields = format!(
            "{{a}}{{b}}\", params: {{ a: {{ type: integer, description: {} }}, b: {{ type: boolean }} }}, fix: F. }}",
            text(n)
        );
        error(&mut yaml, format!("params{n}"), "general".into(), fields);
    }
    for n in 64..=68 {
        let fields = format!(
            "{{a}}\", params: {{ a: {{ type: number, description: {} }} }}, fix: F. }}",
            text(n)
        );
        error(&mut yaml, format!("param{n}"), "general".into(), fields);
    }
    // `#[deprecated(since = "1.0.0", note = "..")]` breaks past 44 characters of note; a lone
    // note past 71.
    for n in 42..=47 {
        let fields = format!(
            "M.\", fix: F., deprecated: {{ since: 1.0.0, note: {} }} }}",
            text(n)
        );
        error(&mut yaml, format!("since{n}"), "general".into(), fields);
    }
    for n in 69..=74 {
        let fields = format!("M.\", fix: F., deprecated: {{ note: {} }} }}", text(n));
        error(&mut yaml, format!("note{n}"), "general".into(), fields);
    }
    cases.push(yaml);

    // One catalog per layout of `ALL`: (error name lengths, category id lengths). Up to 59
    // columns of content fit on the line, 60 after `=`; a lone item fits after `=` up to 87.
    for (names, categories) in [
        (&[22, 23][..], &[22, 23][..]),
        (&[23, 23], &[53]),
        (&[23, 24], &[54]),
        (&[81], &[23, 23]),
        (&[82], &[23, 24]),
        (&[53], &[10]),
    ] {
        let mut yaml = header(false);
        yaml.push_str("categories:\n");
        let ids: Vec<String> = categories
            .iter()
            .enumerate()
            .map(|(i, n)| format!("{}{}", ["c", "d"][i], text(n - 1)))
            .collect();
        for id in &ids {
            writeln!(yaml, "  - {{ id: {id}, title: C, http_status: 400 }}").unwrap();
        }
        yaml.push_str("errors:\n");
        for (i, n) in names.iter().enumerate() {
            let name = format!("{}{}", ["a", "b"][i], text(n - 1));
            writeln!(
                yaml,
                "  - {{ name: {name}, category: {}, message: M., fix: F. }}",
                ids[i.min(ids.len() - 1)]
            )
            .unwrap();
        }
        cases.push(yaml);
    }

    // The typed errors: constructor signatures around 100 columns, struct literals and
    // patterns around 18 columns of fields, unit match arms around 100 columns, extension pairs
    // around 60 columns, and envelope constants and identification paths around their widths.
    let mut yaml = String::from(
        "errcat: 1\ncatalog:\n  name: typed\n  title: Typed\n  version: 1.0.0\n  envelope:\n",
    );
    writeln!(
        yaml,
        "    body:\n      short: {}\n      long: {}\n      k{}:\n        k{}: $code\n      name: $name\n      message: $message",
        text(61),
        text(62),
        text(29),
        text(25),
    )
    .unwrap();
    writeln!(yaml, "    identify: [k{}.k{}]", text(29), text(25)).unwrap();
    yaml.push_str("categories:\n  - { id: general, title: General, http_status: 400 }\nerrors:\n");
    let mut code = 0;
    let mut error = |yaml: &mut String, name: String, rest: &str| {
        code += 1;
        writeln!(
            yaml,
            "  - {{ name: {name}, code: {code}, category: general, fix: F., {rest} }}"
        )
        .unwrap();
    };
    // `pub fn <name>(a: impl Into<String>) -> Self {` is 43 columns plus the name.
    for n in 56..=58 {
        let rest = "message: \"{a}\", params: { a: { type: string } }";
        error(&mut yaml, format!("s{}", text(n - 1)), rest);
    }
    // One integer field: the struct literal's body is its name; one string: `a: a.into()`.
    for n in 17..=19 {
        let rest = format!(
            "message: \"{{p{0}}}\", params: {{ p{0}: {{ type: integer }} }}",
            text(n - 1)
        );
        error(&mut yaml, format!("int{n}"), &rest);
    }
    for n in 4..=5 {
        let rest = format!(
            "message: \"{{q{0}}}\", params: {{ q{0}: {{ type: string }} }}",
            text(n - 1)
        );
        error(&mut yaml, format!("str{n}"), &rest);
    }
    // `Error::X => ErrorCode::X,` at 8 columns is 31 plus twice the variant.
    for n in 34..=35 {
        error(&mut yaml, format!("u{}", text(n - 1)), "message: M.");
    }
    // `("k", "\"..\"")` is 11 columns plus the value.
    for n in 49..=50 {
        let rest = format!("message: M., extensions: {{ k: {} }}", text(n));
        error(&mut yaml, format!("ext{n}"), &rest);
    }
    cases.push(yaml);

    // The lifecycle: `pub const <Alias>: Self = Self::<Error>;` is 30 columns plus both names,
    // an alias's lone `note` fits up to a variant of 47, and a retired error's
    // `use_instead: Some(ErrorCode::X),` up to a variant of 61.
    let mut yaml = header(false);
    yaml.push_str("categories:\n  - { id: general, title: General, http_status: 400 }\nerrors:\n");
    for (error, aliases) in [(47, [5, 6]), (48, [7, 8]), (35, [35, 36])] {
        writeln!(
            yaml,
            "  - {{ name: e{}, category: general, message: M., fix: F., aliases: [a{}, b{}] }}",
            text(error - 1),
            text(aliases[0] - 1),
            text(aliases[1] - 1)
        )
        .unwrap();
    }
    for n in 61..=62 {
        writeln!(
            yaml,
            "  - {{ name: r{}, category: general, message: M., fix: F. }}",
            text(n - 1)
        )
        .unwrap();
    }
    yaml.push_str("retired:\n");
    for n in 61..=62 {
        writeln!(
            yaml,
            "  - {{ name: old{n}, replaced_by: r{}, reason: Gone. }}",
            text(n - 1)
        )
        .unwrap();
    }
    cases.push(yaml);

    // No errors at all: empty enums and tables are written `{}` and `[]`.
    let mut yaml = header(false);
    yaml.push_str(
        "categories:\n  - { id: general, title: General, http_status: 400 }\nerrors: []\n",
    );
    cases.push(yaml);
    cases
}

/// A constructor called with an argument missing, or with an argument of the wrong type, does
/// not compile; the same call with the right arguments does. One rustc run, each error pinned to
/// its line by its code.
#[test]
fn constructors_refuse_missing_and_mistyped_arguments() {
    let out = common::generate(&common::root().join("tests/fixtures/wire/catalog.yaml"));
    let module = out.path().join("rust/errors.rs");
    let source = format!(
        "mod errors {{\n    include!({:?});\n}}\n\
         pub fn missing() -> errors::Error {{\n    errors::Error::too_many_requests(\"req-1\")\n}}\n\
         pub fn integer_given_text() -> errors::Error {{\n    errors::Error::too_many_requests(\"req-1\", \"30\")\n}}\n\
         pub fn text_given_integer() -> errors::Error {{\n    errors::Error::too_many_requests(7, 30)\n}}\n\
         pub fn list_given_map() -> errors::Error {{\n    errors::Error::r#type(\"req-1\", vec![1])\n}}\n\
         pub fn right() -> errors::Error {{\n    errors::Error::too_many_requests(\"req-1\", 30)\n}}\n",
        module.to_str().expect("UTF-8 path")
    );
    let work = tempfile::tempdir().expect("temp dir");
    let file = work.path().join("calls.rs");
    std::fs::write(&file, &source).unwrap();
    let output = std::process::Command::new("rustc")
        .args(["--edition", "2021", "--crate-type", "lib", "-A", "warnings"])
        .args(["--error-format", "short", "--emit", "metadata", "--out-dir"])
        .arg(work.path())
        .arg(&file)
        .output()
        .expect("rustc runs");
    assert!(!output.status.success(), "the bad calls compiled");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let errors: Vec<(usize, &str)> = stderr
        .lines()
        .filter_map(|l| {
            let rest = l.strip_prefix(file.to_str()?)?.strip_prefix(':')?;
            let (line, rest) = rest.split_once(':')?;
            let code = rest.split("error[").nth(1)?.split(']').next()?;
            Some((line.parse().ok()?, code))
        })
        .collect();
    // Lines of `calls.rs`: 5 missing, 8 a string for an integer, 11 an integer for a string,
    // 14 a list for a map; 17, the right call, has no error.
    assert_eq!(
        errors,
        [(5, "E0061"), (8, "E0308"), (11, "E0277"), (14, "E0308")],
        "rustc said:\n{stderr}"
    );
}

/// The whole catalog is handed to the Rust templates only when one is overridden (the built-in
/// ones never read it); an override can still read it.
#[test]
fn an_override_reads_the_parts_of_each_literal() {
    let cat = common::load(&common::root().join("catalog"));
    let contents = render_module_override(
        &cat,
        "{% set t = errors[0].title %}[{{ t.text }}] [{{ t.pre }}] [{{ t.post }}] [{{ t.code }}]",
    );
    let title = &cat.errors[0].title;
    assert_eq!(
        contents,
        format!("[{title}] [ ] [] [ {}]\n", errcat::filters::rust_str(title))
    );
}

#[test]
fn an_override_reads_the_whole_catalog() {
    let cat = common::load(&common::root().join("catalog"));
    let contents = render_module_override(
        &cat,
        "{{ catalog.name }}: {{ catalog.errors | length }} errors",
    );
    assert_eq!(
        contents,
        format!("{}: {} errors\n", cat.name, cat.errors.len())
    );
}

/// The Rust module rendered with `template` overriding `rust/errors.rs.tera`.
fn render_module_override(cat: &errcat::Catalog, template: &str) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("rust/errors.rs.tera");
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(&path, template).expect("write");
    let engine = errcat::Engine::new(Some(dir.path())).expect("the override loads");
    let mut files = errcat::targets::by_id("rust")
        .expect("the rust target")
        .render(cat, &engine, &Default::default())
        .expect("render");
    files.swap_remove(0).contents
}
