//! Rendering on several threads and streaming each file to the writer change nothing a user sees:
//! `render_each` hands the files in target order, the same files `render` returns one target at
//! a time; a sink's error stops the run and is returned; and a `writer::Planner` fed one file at
//! a time leaves exactly the output `compare` + `write` leaves, for a fresh and for an existing
//! output directory.

mod common;

use errcat::writer::{self, FileState};
use errcat::{Engine, GeneratedFile, RenderError};
use std::collections::BTreeMap;
use std::path::Path;

fn engine() -> Engine {
    Engine::new(None).expect("built-in templates load")
}

#[test]
fn render_each_hands_files_in_target_order() {
    let engine = engine();
    for catalog in common::every_catalog() {
        let cat = common::load(&catalog);
        let mut one_by_one = Vec::new();
        for t in errcat::targets::all() {
            one_by_one.extend(
                t.render(&cat, &engine, &Default::default())
                    .expect("render"),
            );
        }
        for threads in [1, 2, 3] {
            let engine = Engine::new(None)
                .expect("built-in templates load")
                .with_threads(threads);
            assert_eq!(engine.threads(), threads);
            let mut handed = Vec::new();
            errcat::render_each(
                &cat,
                errcat::targets::all(),
                &engine,
                &Default::default(),
                |file| {
                    handed.push(file);
                    Ok::<(), RenderError>(())
                },
            )
            .expect("render_each");
            assert!(
                handed == one_by_one,
                "{} on {threads} threads",
                catalog.display()
            );
        }
        let rendered = errcat::render(&cat, errcat::targets::all(), &engine).expect("render");
        assert!(rendered == one_by_one, "{}", catalog.display());
    }
}

#[test]
fn a_sink_error_stops_the_run_and_is_returned() {
    let cat = common::load(&common::root().join("catalog"));
    let mut seen = Vec::new();
    let result = errcat::render_each(
        &cat,
        errcat::targets::all(),
        &engine().with_threads(2),
        &Default::default(),
        |file: GeneratedFile| {
            seen.push(file.path.clone());
            if file.path.starts_with("typescript/") {
                Err(RenderError(format!("disk full at {}", file.path)))
            } else {
                Ok(())
            }
        },
    );
    assert_eq!(
        result,
        Err(RenderError("disk full at typescript/errors.ts".into()))
    );
    assert_eq!(seen, ["rust/errors.rs", "typescript/errors.ts"]);
}

#[test]
fn a_planner_fed_file_by_file_writes_what_compare_writes() {
    let cat = common::load(&common::root().join("catalog"));
    let files = errcat::render(&cat, errcat::targets::all(), &engine()).expect("render");
    let by_compare = tempfile::tempdir().expect("temp dir");
    let plan = writer::compare(by_compare.path(), files.clone());
    writer::write(by_compare.path(), &plan).expect("write");
    drop(plan);

    let streamed = tempfile::tempdir().expect("temp dir");
    let out = streamed.path().join("out");
    let mut planner = writer::Planner::new(&out);
    for file in files.clone() {
        planner.add(file);
    }
    let plan = planner.finish();
    assert!(plan.problems.is_empty(), "{:?}", plan.problems);
    assert!(plan.files.iter().all(|(_, s)| *s == FileState::New));
    let written = writer::write(&out, &plan).expect("write");
    drop(plan);
    assert_eq!(written.written, files.len());
    assert_eq!(tree(&out), tree(by_compare.path()));

    // Again on the written tree: nothing changes, and `--check` sees nothing stale.
    let mut planner = writer::Planner::new(&out);
    for file in files.clone() {
        planner.add(file);
    }
    let plan = planner.finish();
    assert_eq!(plan.out_of_date(), 0);
    assert_eq!(writer::write(&out, &plan).expect("write").written, 0);
    drop(plan);
    let mut planner = writer::Planner::readonly(&out);
    for file in files {
        planner.add(file);
    }
    assert_eq!(planner.finish().out_of_date(), 0);
    assert_eq!(tree(&out), tree(by_compare.path()));
}

#[test]
fn a_readonly_planner_keeps_the_text_of_changed_files_for_their_diff() {
    let cat = common::load(&common::root().join("catalog"));
    let files = errcat::render(&cat, errcat::targets::all(), &engine()).expect("render");
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = writer::compare(dir.path(), files.clone());
    writer::write(dir.path(), &plan).expect("write");
    drop(plan);
    let md = dir.path().join("markdown/errors.md");
    let text = std::fs::read_to_string(&md).expect("markdown");
    std::fs::write(&md, format!("{text}edited\n")).expect("edit");
    let mut planner = writer::Planner::readonly(dir.path());
    for file in files.iter().cloned() {
        planner.add(file);
    }
    let plan = planner.finish();
    for ((file, state), rendered) in plan.files.iter().zip(&files) {
        if file.path == "markdown/errors.md" {
            assert_eq!(
                state,
                &FileState::Changed {
                    old: format!("{text}edited\n")
                }
            );
            assert_eq!(file.contents, rendered.contents);
        } else {
            assert_eq!(state, &FileState::Unchanged, "{}", file.path);
        }
    }
}

/// Every file below `dir` with its bytes, by relative path.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("read dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(dir).expect("below").display().to_string();
                out.insert(rel, std::fs::read(&path).expect("read"));
            }
        }
    }
    out
}
