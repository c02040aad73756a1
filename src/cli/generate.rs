//! `errcat generate`: load, render every selected target, then write (or, with `--check`, compare).
//! [`generate_configured`] resolves `errcat.toml` and the flags into output roots and runs the
//! flow once per root, so each root has its own manifest.

use super::report::{Outcome, Sink, report};
use super::{CatalogArg, EXIT_PROBLEMS, EXIT_USAGE, Format, error, load, plural};
use crate::console::{self, errln};
use errcat::config::Config;
use errcat::rule::Rule;
use errcat::targets::{Options, Target};
use errcat::terminal::{Lines, safe};
use errcat::writer::{self, FileState};
use errcat::{Engine, GeneratedFile, RenderError, RenderLimits};
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

/// `errcat generate` as `config` and the flags (`--out`, `--target`) say: one run of
/// [`generate`] per output root, in order, stopping at the first that fails. Only the first
/// prints the catalog's warnings.
pub(super) fn generate_configured(
    catalog_arg: &CatalogArg,
    format: Format,
    config: &Config,
    (out, target_ids): (Option<&Path>, &[String]),
    templates: (Option<&Path>, RenderLimits),
    check: bool,
    quiet: bool,
) -> ExitCode {
    let roots = config.output_roots(target_ids, out);
    if roots.is_empty() {
        error(format_args!(
            "no target to generate: `errcat.toml` disables every target"
        ));
        errln!("  = help: pass `--target <id>`, or set `enabled = true` under a `[targets.<id>]`");
        return ExitCode::from(EXIT_USAGE);
    }
    // In a machine format several roots still print one document.
    let sink = (format != Format::Human && roots.len() > 1).then(|| Outcome::sink(format));
    let mut code = ExitCode::SUCCESS;
    for (i, root) in roots.iter().enumerate() {
        code = generate(
            catalog_arg,
            format,
            (&root.dir, &root.targets, &config.options),
            templates.clone(),
            check,
            (quiet, i == 0, sink.clone()),
        );
        if code != ExitCode::SUCCESS {
            break;
        }
    }
    if let Some(sink) = sink {
        sink.borrow().emit_gathered();
    }
    code
}

/// Places a rendered file in its output root: a target whose files go straight into the root
/// (`flat` in `selected`) loses its `<id>/` folder (a file's first path component is its
/// target's id). Two targets writing one path are refused.
fn place(
    selected: &[(&'static dyn Target, bool)],
    owners: &mut std::collections::BTreeMap<String, &'static str>,
    mut file: GeneratedFile,
) -> Result<GeneratedFile, RenderError> {
    let (target, flat) = selected
        .iter()
        .copied()
        .find(|(t, _)| file.path.split('/').next() == Some(t.id()))
        .ok_or_else(|| RenderError(format!("no target writes `{}`", file.path)))?;
    if flat && let Some((_, rest)) = file.path.split_once('/') {
        file.path = rest.to_owned();
    }
    if let Some(other) = owners.insert(file.path.clone(), target.id()) {
        return Err(RenderError(format!(
            "targets `{other}` and `{}` both write `{}` in one output directory; give one \
             of them another `out` in `errcat.toml`",
            target.id(),
            file.path
        )));
    }
    Ok(file)
}

pub(super) fn generate(
    catalog_arg: &CatalogArg,
    format: Format,
    (out, selected, options): (&Path, &[(&'static dyn Target, bool)], &Options),
    (templates, limits): (Option<&Path>, RenderLimits),
    check: bool,
    (quiet, first, sink): (bool, bool, Option<Sink>),
) -> ExitCode {
    let start = Instant::now();
    let loaded = match load(catalog_arg, format, first) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let Some(catalog) = loaded.catalog.as_ref() else {
        return ExitCode::from(EXIT_PROBLEMS);
    };
    let mut outcome = Outcome::new(format, &loaded);
    if let Some(sink) = sink {
        outcome.defer_to(sink, first);
    }
    let engine = Engine::new(templates).map(|engine| engine.with_limits(limits));
    // Each file goes to the writer as soon as it is rendered, so the outputs are never all in
    // memory at once (the writer spools what it will write).
    let mut file_count = 0;
    let rendered = match engine.as_ref() {
        Ok(engine) => {
            let mut planner = if check {
                writer::Planner::readonly(out)
            } else {
                writer::Planner::new(out)
            };
            let targets: Vec<&dyn Target> = selected.iter().map(|(t, _)| *t).collect();
            let mut owners = std::collections::BTreeMap::new();
            let rendered = errcat::render_each(catalog, &targets, engine, options, |file| {
                let file = place(selected, &mut owners, file)?;
                file_count += 1;
                planner.add(file);
                Ok::<(), RenderError>(())
            });
            match rendered {
                Ok(()) => Ok(planner),
                Err(e) => {
                    planner.abandon();
                    Err(e)
                }
            }
        }
        Err(e) => Err(e.clone()),
    };
    let plan = match rendered {
        Ok(planner) => planner.finish(),
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
    if !plan.problems.is_empty() {
        for problem in &plan.problems {
            error(format_args!("{problem}"));
            outcome.problem(Rule::OutputConflict, problem.clone());
        }
        return outcome.exit(EXIT_USAGE);
    }
    // Paths can come from the manifest on disk, which is untrusted: shown escaped.
    let shown = |rel: &str| safe(&out.join(rel).display().to_string(), Lines::Escape).into_owned();
    let summary = |verb: &str, count: usize, what: &str, removed: usize| {
        let removed = if removed > 0 {
            format!(", {removed} removed")
        } else {
            String::new()
        };
        format!(
            "{verb} {} target{}: {} file{}, {count} {what}{removed}, from {} error{} in {} ms",
            selected.len(),
            plural(selected.len()),
            file_count,
            plural(file_count),
            catalog.errors.len(),
            plural(catalog.errors.len()),
            start.elapsed().as_millis()
        )
    };
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
            errln!("{}", summary("checked", stale, "stale", 0));
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
        errln!(
            "{}",
            summary(
                "generated",
                written.written,
                "changed",
                written.removed.len()
            )
        );
    }
    outcome.exit(0)
}
