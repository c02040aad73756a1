//! Rendering on several threads changes nothing a user sees: `render_each` hands the files in
//! target order, the same files `render` returns one target at a time; a sink's error stops the
//! run and is returned.

mod common;

use errcat::{Engine, GeneratedFile, RenderError};

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
