//! Command-line interface: clap types, and their conversion into library calls.

use clap::{Parser, Subcommand};
use errcat::targets::{self, Target};
use errcat::writer::{self, FileState};
use errcat::{Diagnostic, Engine, LoadOptions, Loaded, SourceFile};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// Exit code for a catalog with problems, or stale output under `--check`.
const EXIT_PROBLEMS: u8 = 1;
/// Exit code for usage, I/O and template errors.
const EXIT_USAGE: u8 = 2;

#[derive(Parser)]
#[command(
    name = "errcat",
    version,
    about = "Render one YAML error catalog into Rust, TypeScript, Python, JSON Schema and Markdown",
    long_about = "errcat keeps error codes from drifting between server, clients and docs: one YAML \
                  catalog is the single source of truth, and every other artefact is generated \
                  from it, deterministically.\n\nExit codes: 0 ok, 1 catalog problems (or stale \
                  files with --check), 2 usage or I/O errors."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Validate the catalog and write every target's files into the output directory
    #[command(
        after_help = "Examples:\n  errcat generate\n  errcat generate --catalog api.yaml --out gen --target rust --target typescript\n  errcat generate --check   # in CI: fail when generated/ is stale"
    )]
    Generate {
        #[command(flatten)]
        catalog: CatalogArg,
        #[command(flatten)]
        report: ReportArg,
        /// Output directory
        #[arg(long, value_name = "DIR", default_value = "generated")]
        out: PathBuf,
        /// Target to generate (repeat for several; default: all)
        #[arg(long = "target", value_name = "T", value_parser = target_names())]
        targets: Vec<String>,
        /// Directory of templates overriding the built-in ones by relative path, e.g. `rust/errors.rs.tera`
        #[arg(long, value_name = "DIR")]
        templates: Option<PathBuf>,
        /// Write nothing; list stale files with a short diff and exit 1 if any
        #[arg(long)]
        check: bool,
        /// Do not print the summary line
        #[arg(long, short)]
        quiet: bool,
    },
    /// Validate the catalog only
    #[command(after_help = "Example:\n  errcat check --catalog catalog/")]
    Check {
        #[command(flatten)]
        catalog: CatalogArg,
        #[command(flatten)]
        report: ReportArg,
    },
    /// Show one error's title, message, HTTP status and fix
    #[command(
        after_help = "Examples:\n  errcat explain 4401\n  errcat explain invalid_phone_number"
    )]
    Explain {
        /// The error's code or name
        key: String,
        #[command(flatten)]
        catalog: CatalogArg,
    },
    /// Print the JSON Schema of the catalog format (for editors and CI)
    #[command(after_help = "Example:\n  errcat schema > schema/catalog.schema.json")]
    Schema,
    /// Print the validated catalog as JSON: exactly what the templates are built from
    #[command(
        name = "dump-ir",
        after_help = "Example:\n  errcat dump-ir | jq '.errors[0]'"
    )]
    DumpIr {
        #[command(flatten)]
        catalog: CatalogArg,
    },
}

#[derive(clap::Args)]
struct CatalogArg {
    /// Catalog file, or directory of *.yaml files
    #[arg(long, value_name = "PATH", default_value = "catalog")]
    catalog: PathBuf,
}

impl CatalogArg {
    /// The limits the loader enforces on this catalog.
    fn load_options(&self) -> LoadOptions {
        LoadOptions::default()
    }
}

#[derive(clap::Args, Clone, Copy)]
struct ReportArg {
    /// How to print diagnostics: `human` (snippets; colour on a terminal), `json` (an array on
    /// stdout) or `github` (GitHub Actions annotations on stdout)
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = Format::Human)]
    format: Format,
}

#[derive(clap::ValueEnum, Clone, Copy, PartialEq, Eq)]
enum Format {
    Human,
    Json,
    Github,
}

fn target_names() -> clap::builder::PossibleValuesParser {
    clap::builder::PossibleValuesParser::new(targets::all().iter().map(|t| t.id()))
}

pub fn run() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Generate {
            catalog,
            report,
            out,
            targets,
            templates,
            check,
            quiet,
        } => generate(
            &catalog,
            report.format,
            &out,
            &targets,
            templates.as_deref(),
            check,
            quiet,
        ),
        Command::Check { catalog, report } => match load(&catalog, report.format) {
            Ok(loaded) => {
                let n = loaded.catalog.as_ref().map_or(0, |c| c.errors.len());
                eprintln!(
                    "catalog `{}` is valid: {n} error{}",
                    catalog.catalog.display(),
                    plural(n)
                );
                ExitCode::SUCCESS
            }
            Err(code) => code,
        },
        Command::Explain { key, catalog } => explain(&catalog, &key),
        Command::Schema => {
            let schema = errcat::model::catalog_schema();
            println!(
                "{}",
                serde_json::to_string_pretty(&schema).unwrap_or_default()
            );
            ExitCode::SUCCESS
        }
        Command::DumpIr { catalog } => match load(&catalog, Format::Human) {
            Ok(loaded) => {
                let json = serde_json::to_string_pretty(&loaded.catalog).unwrap_or_default();
                println!("{json}");
                ExitCode::SUCCESS
            }
            Err(code) => code,
        },
    }
}

/// Loads and validates, printing diagnostics in `format`. Errors out with the right exit code.
fn load(arg: &CatalogArg, format: Format) -> Result<Loaded, ExitCode> {
    let path = arg.catalog.as_path();
    let loaded = match errcat::load(path, &arg.load_options()) {
        Ok(l) => l,
        Err(e) => {
            if format == Format::Human {
                eprintln!("error: {e}");
            } else {
                report(format, &[Diagnostic::error("io-error", e.to_string())], &[]);
            }
            return Err(ExitCode::from(EXIT_USAGE));
        }
    };
    report(format, &loaded.diagnostics, &loaded.sources);
    let errors = loaded.error_count();
    if errors > 0 || loaded.catalog.is_none() {
        let warnings = loaded.diagnostics.len() - errors;
        eprintln!(
            "error: catalog `{}` has {errors} error{}{}",
            path.display(),
            plural(errors),
            if warnings > 0 {
                format!(" and {warnings} warning{}", plural(warnings))
            } else {
                String::new()
            }
        );
        return Err(ExitCode::from(EXIT_PROBLEMS));
    }
    Ok(loaded)
}

/// Prints diagnostics: human text on stderr (coloured only on a terminal), or JSON / GitHub
/// annotations on stdout, where tools read them. JSON is printed even when there is nothing to
/// report (`[]`), so a consumer always gets one document.
fn report(format: Format, diagnostics: &[Diagnostic], sources: &[SourceFile]) {
    match format {
        Format::Human => {
            if diagnostics.is_empty() {
                return;
            }
            let mut stderr = anstream::stderr();
            for d in diagnostics {
                let _ = writeln!(stderr, "{}", d.render_styled(sources));
            }
        }
        Format::Json => {
            println!("{}", errcat::diagnostic::to_json(diagnostics, sources));
        }
        Format::Github => {
            for d in diagnostics {
                println!("{}", d.to_github(sources));
            }
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn generate(
    catalog_arg: &CatalogArg,
    format: Format,
    out: &Path,
    target_ids: &[String],
    templates: Option<&Path>,
    check: bool,
    quiet: bool,
) -> ExitCode {
    let start = Instant::now();
    let loaded = match load(catalog_arg, format) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let Some(catalog) = loaded.catalog.as_ref() else {
        return ExitCode::from(EXIT_PROBLEMS);
    };
    let selected: Vec<&dyn Target> = if target_ids.is_empty() {
        targets::all().to_vec()
    } else {
        targets::all()
            .iter()
            .copied()
            .filter(|t| target_ids.iter().any(|id| id == t.id()))
            .collect()
    };
    let rendered =
        Engine::new(templates).and_then(|engine| errcat::render(catalog, &selected, &engine));
    let files = match rendered {
        Ok(files) => files,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let file_count = files.len();
    let plan = writer::compare(out, files);
    let changed = plan
        .iter()
        .filter(|(_, s)| *s != FileState::Unchanged)
        .count();
    let summary = |verb: &str, what: &str| {
        format!(
            "{verb} {} target{}: {} file{}, {changed} {what}, from {} error{} in {} ms",
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
        let mut stderr = std::io::stderr().lock();
        for (file, state) in &plan {
            let shown = out.join(&file.path);
            let shown = shown.display();
            match state {
                FileState::Unchanged => {}
                FileState::New => {
                    let _ = writeln!(stderr, "stale: {shown} is missing");
                }
                FileState::Changed { old } => {
                    let _ = writeln!(stderr, "stale: {shown}");
                    let _ = write!(
                        stderr,
                        "{}",
                        writer::short_diff(&shown.to_string(), old, &file.contents, 40)
                    );
                }
            }
        }
        if !quiet {
            let _ = writeln!(stderr, "{}", summary("checked", "stale"));
        }
        if changed > 0 {
            let _ = writeln!(
                stderr,
                "error: {changed} generated file{} out of date; run `errcat generate` (`cargo run -- generate`)",
                plural(changed)
            );
            return ExitCode::from(EXIT_PROBLEMS);
        }
        return ExitCode::SUCCESS;
    }
    if let Err(e) = writer::write(out, &plan) {
        eprintln!("error: {e}");
        return ExitCode::from(EXIT_USAGE);
    }
    if !quiet {
        eprintln!("{}", summary("generated", "changed"));
    }
    ExitCode::SUCCESS
}

fn explain(catalog_arg: &CatalogArg, key: &str) -> ExitCode {
    let catalog_path = catalog_arg.catalog.as_path();
    let loaded = match load(catalog_arg, Format::Human) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let Some(catalog) = loaded.catalog.as_ref() else {
        return ExitCode::from(EXIT_PROBLEMS);
    };
    let Some(e) = catalog.find(key) else {
        let names: Vec<String> = catalog.errors.iter().map(|e| e.name.clone()).collect();
        eprintln!(
            "error: no error with code or name `{key}` in `{}`",
            catalog_path.display()
        );
        if let Some(best) = errcat::structure::nearest(key, &names) {
            eprintln!("  = help: did you mean `{best}`?");
        }
        return ExitCode::from(EXIT_USAGE);
    };
    let code = e.code.as_ref().map(|c| format!("{c} ")).unwrap_or_default();
    let mut out = format!("{code}{}: {}\n\n", e.name, e.title);
    out.push_str(&format!("HTTP status: {}\n", e.http_status));
    if let Some(cat) = catalog.category(&e.category) {
        out.push_str(&format!("Category:    {} ({})\n", cat.title, cat.id));
    }
    out.push_str(&format!(
        "Retryable:   {}\n",
        if e.retryable { "yes" } else { "no" }
    ));
    out.push_str(&format!("Message:     {}\n", e.message));
    for p in &e.params {
        let ty = serde_json::to_value(p.ty)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        let desc = p
            .description
            .as_deref()
            .map(|d| format!(": {d}"))
            .unwrap_or_default();
        out.push_str(&format!("  {{{}}} ({ty}){desc}\n", p.name));
    }
    if let Some(d) = &e.deprecated {
        out.push_str("\nDeprecated");
        if let Some(s) = &d.since {
            out.push_str(&format!(" since {s}"));
        }
        if let Some(r) = &d.replaced_by {
            out.push_str(&format!("; use `{r}` instead"));
        }
        out.push_str(".\n");
        if let Some(n) = &d.note {
            out.push_str(&format!("{n}\n"));
        }
    }
    if let Some(desc) = &e.description {
        out.push_str(&format!("\n{}\n", desc.trim()));
    }
    if let Some(fix) = &e.fix {
        out.push_str(&format!("\nFix: {}\n", fix.trim()));
    }
    if let Some(url) = &e.docs_url {
        out.push_str(&format!("\nDocs: {url}\n"));
    }
    print!("{out}");
    ExitCode::SUCCESS
}
