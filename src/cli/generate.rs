//! `errcat generate`: load, render every selected target, then write (or, with `--check`, compare).
//! When the manifest shows the output was rendered from the same inputs and every file still
//! has the sha256 it records, nothing is loaded or rendered: the tree is unchanged.
//! [`generate_configured`] resolves `errcat.toml` and the flags into output roots and runs the
//! flow once per root, so each root has its own manifest.

use super::report::{Outcome, Sink, report};
use super::{CatalogArg, EXIT_PROBLEMS, EXIT_USAGE, Format, error, load_read, plural, read};
use crate::console::{self, errln};
use errcat::config::Config;
use errcat::inputs::Inputs;
use errcat::rule::Rule;
use errcat::targets::{Options, Target};
use errcat::terminal::{Lines, safe};
use errcat::writer::{self, FileState, InputsRecord, Rendered};
use errcat::{Engine, GeneratedFile, RenderError, RenderLimits};
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

/// What the summary line says after the counts on an unchanged tree.
const UNCHANGED: &str = " (inputs unchanged)";

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

/// Places a rendered file in its output root (with the index of its target in `selected`): a target whose files go straight into the root
/// (`flat` in `selected`) loses its `<id>/` folder (a file's first path component is its
/// target's id). Two targets writing one path are refused.
fn place(
    selected: &[(&'static dyn Target, bool)],
    owners: &mut std::collections::BTreeMap<String, &'static str>,
    mut file: GeneratedFile,
) -> Result<(usize, GeneratedFile), RenderError> {
    let i = selected
        .iter()
        .position(|(t, _)| file.path.split('/').next() == Some(t.id()))
        .ok_or_else(|| RenderError(format!("no target writes `{}`", file.path)))?;
    let (target, flat) = selected[i];
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
    Ok((i, file))
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
    // every run, so a catalog with any is loaded every time. A target's digest names whether
    // its files sit in their `<id>/` folder or straight in the output root.
    let digest_id = |target: &dyn Target, flat: bool| {
        if flat {
            format!("{}/flat", target.id())
        } else {
            target.id().to_owned()
        }
    };
    let inputs = read
        .iter()
        .all(|(_, problem)| problem.is_none())
        .then(|| {
            let sources: Vec<&errcat::SourceFile> = read.iter().map(|(s, _)| s).collect();
            Inputs::of(
                &catalog_arg.header_name(),
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
            .map(|(t, flat)| (t.id(), inputs.digest(&digest_id(*t, *flat))))
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
            // Several roots in a machine format print one document, at the end.
            match &sink {
                Some(sink) => Outcome::reached(sink),
                None if format != Format::Human => report(format, &[], &[]),
                None => {}
            }
            return ExitCode::SUCCESS;
        }
    }
    let loaded = match load_read(catalog_arg, format, first, read) {
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
    let record = |target: &dyn Target, flat: bool| {
        let clean = loaded.diagnostics.is_empty();
        inputs.as_ref().filter(|_| clean).map(|i| InputsRecord {
            digest: i.digest(&digest_id(target, flat)),
            errors: catalog.errors.len(),
        })
    };
    let engine = Engine::new(templates).map(|engine| engine.with_limits(limits));
    // One render of every selected target (in parallel where `Engine::threads` allows), each
    // file placed in its root and recorded under the target that wrote it.
    let rendered = engine.as_ref().map_err(Clone::clone).and_then(|engine| {
        let mut owners = std::collections::BTreeMap::new();
        let mut rendered: Vec<Rendered> = selected
            .iter()
            .map(|(t, flat)| Rendered {
                target: t.id().to_owned(),
                files: Vec::new(),
                inputs: record(*t, *flat),
            })
            .collect();
        let targets: Vec<&dyn Target> = selected.iter().map(|(t, _)| *t).collect();
        errcat::render_each(catalog, &targets, engine, options, |file| {
            let (i, file) = place(selected, &mut owners, file)?;
            rendered[i].files.push(file);
            Ok::<(), RenderError>(())
        })?;
        Ok(rendered)
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
