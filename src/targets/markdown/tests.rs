//! Unit tests of the markdown target's view.

use super::*;

/// An override of the page gets the raw text the built-in template reads only escaped.
#[test]
fn an_override_reads_the_raw_text_of_each_error() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let loaded = crate::load(&root.join("catalog"), &crate::LoadOptions::default())
        .expect("the flagship catalog loads");
    let catalog = loaded.catalog.expect("a catalog");
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("markdown/errors.md.tera");
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(
        &path,
        "{% set e = categories[0].errors[0] %}{{ e.title }}|{{ e.message }}|{{ e.title_md }}",
    )
    .expect("write");
    let engine = Engine::new(Some(dir.path())).expect("the override loads");
    let files = Markdown
        .render(&catalog, &engine, &Options::default())
        .expect("render");
    let e = catalog
        .errors
        .iter()
        .find(|e| e.category == catalog.categories[0].id)
        .expect("an error in the first category");
    assert_eq!(
        files[0].contents,
        format!("{}|{}|{}\n", e.title, e.message, md_text(&e.title))
    );
}
