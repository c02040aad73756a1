//! `errcat generate`: load, render every selected target, then write (or, with `--check`, compare).
//! When the manifest shows the output was rendered from the same inputs and every file still
//! has the sha256 it records, nothing is loaded or rendered: the tree is unchanged.

use super::report::{Outcome, report};
use super::{CatalogArg, EXIT_PROBLEMS, EXIT_USAGE, Format, error, load_read, plural, read};
use crate::console::{self, errln};
use errcat::inputs::Inputs;
use errcat::rule::Rule;
use errcat::targets::{self, Target};
use errcat::terminal::{Lines, safe};
use errcat::writer::{self, FileState, InputsRecord, Rendered};
use errcat::{Engine, RenderLimits};
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

/// What the summary line says after the counts on an unchanged tree.
const UNCHANGED: &str = " (inputs unchanged)";

#[allow(clippy::too_many_arguments)]
pub(super) fn generate(
    catalog_arg: &CatalogArg,
    format: Format,
    out: &Path,
    target_ids: &[String],
    (templates, limits): (Option<&Path>, RenderLimits),
    options: &targets::Options,
    check: bool,
    quiet: bool,
) -> ExitCode {
    let start = Instant::now();
    let selected: Vec<&dyn Target> = if target_ids.is_empty() {
        targets::all().to_vec()
    } else {
        targets::all()
            .iter()
            .copied()
            .filter(|t| target_ids.iter().any(|id| id == t.id()))
            .collect()
    };
    // `note` follows the counts: `… from 68 errors (inputs unchanged) in 2 ms`.
    let summary = |verb: &str, (files, errors): (usize, usize), count: usize, what: &str, note| {
        format!(
            "{verb} {} target{}: {files} file{}, {count} {what}, from {errors} error{}{note} in {} ms",
            selected.len(),
            plural(selected.len()),
            plural(files),
            plural(errors),
            start.elapsed().as_millis()
        )
    };
    let read = match read(catalog_arg, format) {
        Ok(read) => read,
        Err(code) => return code,
    };
    // Inputs are pinned only for a catalog read without a problem; diagnostics are shown on
    // every run, so a catalog with any is loaded every time.
    let inputs = read
        .iter()
        .all(|(_, problem)| problem.is_none())
        .then(|| {
            let sources: Vec<&errcat::SourceFile> = read.iter().map(|(s, _)| s).collect();
            Inputs::of(
                &errcat::source::header_name(&catalog_arg.catalog),
                &sources,
                &catalog_arg.load_options(),
                (templates, &limits),
                options,
            )
        })
        .flatten();
    if let Some(inputs) = &inputs {
        let digests: Vec<(&str, String)> = selected
            .iter()
            .map(|t| (t.id(), inputs.digest(t.id())))
            .collect();
        if let Some(fresh) = writer::unchanged(out, &digests) {
            if !quiet {
                let (verb, what) = if check {
                    ("checked", "stale")
                } else {
                    ("generated", "changed")
                };
                let counts = (fresh.files, fresh.errors);
                errln!("{}", summary(verb, counts, 0, what, UNCHANGED));
            }
            if format != Format::Human {
                report(format, &[], &[]);
            }
            return ExitCode::SUCCESS;
        }
    }
    let loaded = match load_read(catalog_arg, format, true, read) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let Some(catalog) = loaded.catalog.as_ref() else {
        return ExitCode::from(EXIT_PROBLEMS);
    };
    let mut outcome = Outcome::new(format, &loaded);
    let record = |target: &str| {
        let clean = loaded.diagnostics.is_empty();
        inputs.as_ref().filter(|_| clean).map(|i| InputsRecord {
            digest: i.digest(target),
            errors: catalog.errors.len(),
        })
    };
    let engine = Engine::new(templates).map(|engine| engine.with_limits(limits));
    let rendered = engine.as_ref().map_err(Clone::clone).and_then(|engine| {
        selected
            .iter()
            .map(|t| {
                Ok(Rendered {
                    target: t.id().to_owned(),
                    files: errcat::render_with(catalog, &[*t], engine, options)?,
                    inputs: record(t.id()),
                })
            })
            .collect::<Result<Vec<_>, errcat::RenderError>>()
    });
    let rendered = match rendered {
        Ok(files) => files,
        Err(e) => {
            // A breached render limit is reported like a breached catalog limit.
            match engine.ok().and_then(|engine| engine.limit_exceeded()) {
                Some(d) => {
                    if format == Format::Human {
                        report(format, std::slice::from_ref(&d), &[]);
                    }
                    outcome.diagnostics.push(d);
                }
                None => {
                    error(format_args!("{e}"));
                    outcome.problem(Rule::TemplateError, e.to_string());
                }
            }
            return outcome.exit(EXIT_USAGE);
        }
    };
    let file_count = rendered.iter().map(|r| r.files.len()).sum();
    let plan = if check {
        writer::compare_readonly(out, rendered)
    } else {
        writer::compare(out, rendered)
    };
    if !plan.problems.is_empty() {
        for problem in &plan.problems {
            error(format_args!("{problem}"));
            outcome.problem(Rule::OutputConflict, problem.clone());
        }
        return outcome.exit(EXIT_USAGE);
    }
    // Paths can come from the manifest on disk, which is untrusted: shown escaped.
    let shown = |rel: &str| safe(&out.join(rel).display().to_string(), Lines::Escape).into_owned();
    let counts = (file_count, catalog.errors.len());
    if check {
        let list = |outcome: &mut Outcome, file: &errcat::GeneratedFile, state: &FileState| {
            let shown = shown(&file.path);
            match state {
                FileState::Unchanged => {}
                FileState::New => {
                    errln!("stale: {shown} is missing");
                    outcome.missing(&shown);
                }
                FileState::Changed { old } => {
                    errln!("stale: {shown}");
                    if format == Format::Human {
                        // The diff quotes the file on disk and the catalog's text.
                        let diff = writer::short_diff(&shown, old, &file.contents, 40);
                        console::err(format_args!("{}", safe(&diff, Lines::Keep)));
                    }
                    outcome.stale(&shown, old, &file.contents);
                }
            }
        };
        for (file, state) in &plan.files {
            list(&mut outcome, file, state);
        }
        for rel in &plan.stale {
            errln!(
                "stale: {} is no longer generated (`errcat generate` removes it)",
                shown(rel)
            );
            outcome.no_longer_generated(&shown(rel));
        }
        list(&mut outcome, &plan.manifest.0, &plan.manifest.1);
        let stale = plan.out_of_date();
        if !quiet {
            errln!("{}", summary("checked", counts, stale, "stale", ""));
        }
        if stale > 0 {
            error(format_args!(
                "{stale} generated file{} out of date; run `errcat generate` (`cargo run -- generate`)",
                plural(stale)
            ));
            return outcome.exit(EXIT_PROBLEMS);
        }
        return outcome.exit(0);
    }
    let written = match writer::write(out, &plan) {
        Ok(written) => written,
        Err(e) => {
            error(format_args!("{e}"));
            outcome.problem(Rule::WriteError, e.to_string());
            return outcome.exit(EXIT_USAGE);
        }
    };
    // Always reported, even with `--quiet`: it means an earlier run was interrupted.
    for rel in &written.removed_leftovers {
        errln!(
            "removed {} (a temporary file left by an interrupted run)",
            shown(rel)
        );
    }
    if !quiet {
        for rel in &written.removed {
            errln!("removed {} (no longer generated)", shown(rel));
        }
        let removed = match written.removed.len() {
            0 => String::new(),
            n => format!(", {n} removed"),
        };
        errln!(
            "{}",
            summary(
                "generated",
                counts,
                written.written,
                &format!("changed{removed}"),
                ""
            )
        );
    }
    outcome.exit(0)
}
