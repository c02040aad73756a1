//! `errcat diff OLD [NEW]`: each side a catalog path or `git:REF[:PATH]`; the changes as text,
//! JSON, GitHub annotations or a Markdown changelog section; exit 1 under `--fail-on` when the
//! changes call for it.

use super::report::report;
use super::{CatalogArg, EXIT_PROBLEMS, EXIT_USAGE, Format, error, plural};
use crate::console::{self, outln};
use errcat::diff::git::{self, GitSide};
use errcat::diff::{FailOn, Report, Side};
use errcat::{LoadOptions, Loaded, SourceFile};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(super) enum DiffFormat {
    /// Each change located in the new catalog, as `check` prints diagnostics, then a summary
    Text,
    /// One JSON object on stdout
    Json,
    /// GitHub Actions annotations on stdout
    Github,
    /// A changelog section
    Markdown,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(super) enum FailOnArg {
    /// A breaking change without a major bump of `catalog.version`
    Breaking,
    /// Any breaking change
    AnyBreaking,
}

/// The catalog one side names, as shown in messages (`git:HEAD~1:catalog`, `catalog`).
struct Named {
    shown: String,
    loaded: Loaded,
}

pub(super) fn diff(
    old: &str,
    new: Option<&str>,
    catalog: &CatalogArg,
    format: DiffFormat,
    fail_on: Option<FailOnArg>,
) -> ExitCode {
    let options = catalog.load_options();
    let new_arg = new.map_or_else(|| catalog.path().display().to_string(), str::to_owned);
    // `git:REF` alone means the other side's catalog path.
    let default_path = match GitSide::parse(&new_arg) {
        Some(GitSide { path: Some(p), .. }) => PathBuf::from(p),
        Some(GitSide { path: None, .. }) => catalog.path().to_path_buf(),
        None => PathBuf::from(&new_arg),
    };
    let old = match load_side(old, &default_path, &options) {
        Ok(o) => o,
        Err(code) => return code,
    };
    let new = match load_side(&new_arg, &default_path, &options) {
        Ok(n) => n,
        Err(code) => return code,
    };
    let (Some(old_catalog), Some(new_catalog)) = (&old.loaded.catalog, &new.loaded.catalog) else {
        return ExitCode::from(EXIT_PROBLEMS);
    };
    let fail_on = match fail_on {
        None => FailOn::Nothing,
        Some(FailOnArg::Breaking) => FailOn::Breaking,
        Some(FailOnArg::AnyBreaking) => FailOn::AnyBreaking,
    };
    // One list of files for labels: the new side's, then the old side's.
    let mut sources: Vec<SourceFile> = new.loaded.sources.clone();
    sources.extend(old.loaded.sources.iter().cloned());
    let mut report_ = Report::new(
        &Side {
            catalog: old_catalog,
            locations: &old.loaded.locations,
            offset: new.loaded.sources.len(),
        },
        &Side {
            catalog: new_catalog,
            locations: &new.loaded.locations,
            offset: 0,
        },
    );
    report_.settle(fail_on);
    let fails = report_.fails(fail_on);
    match format {
        DiffFormat::Text => text(&report_, &sources, &old.shown, &new.shown),
        DiffFormat::Json => json(&report_, &sources, fails),
        DiffFormat::Github => {
            report(Format::Github, &report_.changes, &sources);
            if report_.required > errcat::diff::Bump::None || fails {
                let kind = if fails { "error" } else { "notice" };
                let line = errcat::terminal::safe(
                    &report_.version_line(),
                    errcat::terminal::Lines::Escape,
                )
                .replace('%', "%25");
                outln!("::{kind} title=errcat diff::{line}");
            }
        }
        DiffFormat::Markdown => {
            let md = errcat::diff::changelog::markdown(&report_, &new_catalog.name);
            console::out(format_args!(
                "{}",
                errcat::terminal::safe(&md, errcat::terminal::Lines::Keep)
            ));
        }
    }
    if fails {
        let why = match fail_on {
            FailOn::AnyBreaking => format!(
                "{} breaking change{} (`--fail-on any-breaking`)",
                report_.breaking(),
                plural(report_.breaking())
            ),
            _ => format!(
                "{} breaking change{} without a major version bump ({} → {})",
                report_.breaking(),
                plural(report_.breaking()),
                report_.old_version,
                report_.new_version
            ),
        };
        error(format_args!("{why}"));
        return ExitCode::from(EXIT_PROBLEMS);
    }
    ExitCode::SUCCESS
}

/// Reads and validates one side; a side with problems prints them and fails the run.
fn load_side(arg: &str, default_path: &Path, options: &LoadOptions) -> Result<Named, ExitCode> {
    let (shown, loaded) = match GitSide::parse(arg) {
        Some(side) => {
            let path = side.path.as_deref().map_or(default_path, Path::new);
            let read = git::read(&side.rev, path, options);
            let shown = format!("git:{}:{}", side.rev, path.display());
            (
                shown,
                read.map(|files| {
                    errcat::load_sources(files, &errcat::source::header_name(path), options)
                }),
            )
        }
        None => (arg.to_owned(), errcat::load(Path::new(arg), options)),
    };
    let loaded = match loaded {
        Ok(l) => l,
        Err(e) => {
            error(format_args!("{e}"));
            return Err(ExitCode::from(EXIT_USAGE));
        }
    };
    if loaded.catalog.is_none() {
        report(Format::Human, &loaded.diagnostics, &loaded.sources);
        let n = loaded.error_count();
        error(format_args!(
            "catalog `{shown}` has {n} error{}; `diff` compares valid catalogs",
            plural(n)
        ));
        return Err(ExitCode::from(EXIT_PROBLEMS));
    }
    Ok(Named { shown, loaded })
}

fn text(report: &Report, sources: &[SourceFile], old: &str, new: &str) {
    for d in &report.changes {
        outln!("{}", d.render(sources));
    }
    let (b, c) = (report.breaking(), report.compatible());
    let sides = format!("{old} → {new}");
    outln!(
        "{}: {b} breaking change{}, {c} compatible change{}",
        errcat::terminal::safe(&sides, errcat::terminal::Lines::Escape),
        plural(b),
        plural(c)
    );
    outln!(
        "{}",
        errcat::terminal::safe(&report.version_line(), errcat::terminal::Lines::Keep)
    );
}

fn json(report: &Report, sources: &[SourceFile], fails: bool) {
    let changes: serde_json::Value =
        serde_json::from_str(&errcat::diagnostic::to_json(&report.changes, sources))
            .unwrap_or_default();
    let changes: Vec<serde_json::Value> = changes
        .as_array()
        .into_iter()
        .flatten()
        .zip(&report.changes)
        .map(|(v, d)| {
            let mut v = v.clone();
            if let Some(o) = v.as_object_mut() {
                let class = if errcat::diff::is_breaking(d.rule) {
                    "breaking"
                } else {
                    "compatible"
                };
                o.insert("class".into(), class.into());
            }
            v
        })
        .collect();
    let doc = serde_json::json!({
        "old_version": report.old_version,
        "new_version": report.new_version,
        "breaking": report.breaking(),
        "compatible": report.compatible(),
        "required_bump": report.required.as_str(),
        "actual_bump": report.actual.as_str(),
        "reason": report.reason,
        "fails": fails,
        "changes": changes,
    });
    outln!("{}", errcat::terminal::to_json(&doc));
}
