//! The module graph keeps its promises: validation and the naming layer use no renderer and no
//! template engine, the engine knows no target, and targets take every identifier from the
//! naming layer instead of converting case themselves.

mod common;

use std::path::Path;

/// The Rust sources under `src/<dir>` (or the file `src/<dir>.rs`), with their text.
fn sources(dir: &str) -> Vec<(String, String)> {
    let root = common::root().join("src");
    let mut out = Vec::new();
    let file = root.join(format!("{dir}.rs"));
    if file.is_file() {
        out.push((dir.to_owned(), std::fs::read_to_string(&file).unwrap()));
    }
    let folder = root.join(dir);
    if folder.is_dir() {
        let mut entries: Vec<_> = std::fs::read_dir(&folder)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "rs"))
            .collect();
        entries.sort();
        for p in entries {
            let name = p
                .strip_prefix(&root)
                .unwrap_or(Path::new("?"))
                .display()
                .to_string();
            out.push((name, std::fs::read_to_string(&p).unwrap()));
        }
    }
    assert!(!out.is_empty(), "no sources for {dir}");
    out
}

fn assert_none(dir: &str, forbidden: &[&str], why: &str) {
    for (file, text) in sources(dir) {
        for word in forbidden {
            assert!(!text.contains(word), "src/{file} mentions `{word}`: {why}");
        }
    }
}

#[test]
fn validation_and_names_use_no_renderer() {
    let renderers = ["crate::targets", "crate::render", "tera::", "use tera"];
    assert_none(
        "validate",
        &renderers,
        "validation must not depend on a renderer",
    );
    assert_none(
        "lang",
        &renderers,
        "the naming layer must not depend on a renderer",
    );
}

#[test]
fn the_engine_knows_no_target() {
    assert_none(
        "render",
        &["crate::targets", "targets::all"],
        "targets depend on the engine, not back",
    );
}

#[test]
fn targets_take_identifiers_from_the_naming_layer() {
    assert_none(
        "targets",
        &[
            "heck::",
            "to_upper_camel_case",
            "to_shouty_snake_case",
            "to_snake_case",
            "upper_camel(",
            "screaming_snake(",
        ],
        "identifiers come from `crate::lang`",
    );
}
