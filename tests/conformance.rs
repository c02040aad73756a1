//! One table, three languages: the committed Rust, TypeScript and Python output each dump their
//! whole error table as JSON, and all three equal what the catalog says.

mod common;

#[test]
fn rust_typescript_and_python_tables_equal_the_catalog() {
    let catalog = common::load(&common::root().join("catalog"));
    let expected = common::expected_table(&catalog);
    assert_eq!(
        expected.as_array().map(Vec::len),
        Some(catalog.errors.len())
    );
    let generated = common::generated();
    let rust = common::rust_lang::dump(&generated);
    let typescript = common::ts_lang::dump(&generated);
    let python = common::py_lang::dump(&generated);
    common::assert_table_eq("Rust", &rust, &expected);
    common::assert_table_eq("TypeScript", &typescript, &expected);
    common::assert_table_eq("Python", &python, &expected);
}
