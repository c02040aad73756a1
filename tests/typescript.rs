//! The typescript target's module type-checks under `tsc --strict` and every stricter flag,
//! and, compiled and run by node with a consumer program, reproduces the catalog's table.

mod common;

use errcat::catalog::{Catalog, CodeKind};

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

/// What tsc cannot see: the header, and `@deprecated` on exactly the deprecated errors'
/// constants (once in `ErrorName`, once more in `ErrorCode` when there are codes).
#[test]
fn module_has_the_header_and_marks_deprecated_constants() {
    let engine = errcat::Engine::new(None).expect("built-in templates load");
    let target = errcat::targets::by_id("typescript").expect("typescript target");
    let mut catalogs = vec![common::root().join("catalog")];
    catalogs.extend(common::valid_fixtures());
    let mut saw_deprecated = false;
    for path in catalogs {
        let catalog: Catalog = common::load(&path);
        let files = target.render(&catalog, &engine).expect("render");
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].path, "typescript/errors.ts");
        let text = &files[0].contents;
        let first = text.lines().next().unwrap_or_default();
        assert_eq!(
            first,
            format!("// {}", errcat::targets::header(&catalog)),
            "{}",
            path.display()
        );

        let deprecated = catalog
            .errors
            .iter()
            .filter(|e| e.deprecated.is_some())
            .count();
        saw_deprecated |= deprecated > 0;
        let per_error = if catalog.code_kind == CodeKind::None {
            1
        } else {
            2
        };
        let tags = text
            .lines()
            .filter(|l| l.trim_start().starts_with("* @deprecated"))
            .count();
        assert_eq!(
            tags,
            deprecated * per_error,
            "@deprecated tags in {}",
            path.display()
        );
    }
    assert!(
        saw_deprecated,
        "no catalog has a deprecated error, so this test proves nothing"
    );
}
