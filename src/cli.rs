//! Command-line interface: clap types, and their conversion into library calls.

use crate::console::{self, errln, outln};
use clap::{Parser, Subcommand};
use errcat::rule::{Level, Rule};
use errcat::targets::{self, Target};
use errcat::terminal::{Lines, safe};
use errcat::writer::{self, FileState};
use errcat::{Diagnostic, Engine, LoadOptions, Loaded, RenderLimits, SourceFile};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// Exit code for a catalog with problems, or stale output under `--check`.
const EXIT_PROBLEMS: u8 = 1;
/// Diagnostics of one rule shown in full in human output; the rest are counted.
const MAX_SHOWN_PER_RULE: usize = 3;

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
        #[command(flatten)]
        render_limits: RenderLimitsArg,
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
    /// List every rule: its id, default level, whether it can be configured, and what it finds
    #[command(
        after_help = "Examples:\n  errcat rules\n  errcat rules --markdown   # the README's rule table"
    )]
    Rules {
        /// Print a Markdown table
        #[arg(long)]
        markdown: bool,
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
    /// Largest catalog file, in bytes
    #[arg(long, value_name = "BYTES", default_value_t = LoadOptions::default().max_file_bytes, help_heading = "Limits")]
    max_file_size: u64,
    /// Largest total size of a catalog directory's files, in bytes
    #[arg(long, value_name = "BYTES", default_value_t = LoadOptions::default().max_total_bytes, help_heading = "Limits")]
    max_total_size: u64,
    /// Longest line in a catalog file, in bytes
    #[arg(long, value_name = "BYTES", default_value_t = LoadOptions::default().max_line_bytes, help_heading = "Limits")]
    max_line_length: usize,
    /// Deepest nesting of YAML lists and mappings
    #[arg(long, value_name = "N", default_value_t = LoadOptions::default().max_depth as u16,
          value_parser = clap::value_parser!(u16).range(1..=errcat::loader::MAX_DEPTH_CEILING as i64),
          help_heading = "Limits")]
    max_depth: u16,
    /// Most YAML values (scalars, lists, mappings) in one file
    #[arg(long, value_name = "N", default_value_t = LoadOptions::default().max_nodes, help_heading = "Limits")]
    max_nodes: usize,
    /// Most YAML aliases and anchors in one file
    #[arg(long, value_name = "N", default_value_t = LoadOptions::default().max_aliases, help_heading = "Limits")]
    max_aliases: usize,
    /// Most YAML events produced by expanding aliases in one file (alias bombs)
    #[arg(long, value_name = "N", default_value_t = LoadOptions::default().max_alias_events, help_heading = "Limits")]
    max_alias_events: usize,
    /// Most error definitions in one file
    #[arg(long, value_name = "N", default_value_t = LoadOptions::default().max_errors, help_heading = "Limits")]
    max_errors: usize,
    /// Do not report RULE (a configurable rule, see `errcat rules`); the catalog's `rules:` wins
    #[arg(long = "allow", value_name = "RULE", value_parser = rule_arg, help_heading = "Rules")]
    allow: Vec<Rule>,
    /// Report RULE as a warning
    #[arg(long = "warn", value_name = "RULE", value_parser = rule_arg, help_heading = "Rules")]
    warn: Vec<Rule>,
    /// Report RULE as an error; `--deny warnings` makes every warning an error
    #[arg(long = "deny", value_name = "RULE", value_parser = deny_arg, help_heading = "Rules")]
    deny: Vec<Option<Rule>>,
}

/// A configurable rule named on the command line.
fn rule_arg(id: &str) -> Result<Rule, String> {
    match errcat::validate::rule_problem(id) {
        Some(problem) => Err(problem),
        None => Rule::from_id(id).ok_or_else(|| format!("unknown rule `{id}`")),
    }
}

/// `--deny RULE`, or `--deny warnings` (`None`).
fn deny_arg(id: &str) -> Result<Option<Rule>, String> {
    if id == "warnings" {
        Ok(None)
    } else {
        rule_arg(id).map(Some)
    }
}

impl CatalogArg {
    /// The limits the loader enforces on this catalog.
    fn load_options(&self) -> LoadOptions {
        LoadOptions {
            max_file_bytes: self.max_file_size,
            max_total_bytes: self.max_total_size,
            max_line_bytes: self.max_line_length,
            max_depth: usize::from(self.max_depth),
            max_nodes: self.max_nodes,
            max_aliases: self.max_aliases,
            max_alias_events: self.max_alias_events,
            max_errors: self.max_errors,
            rules: self.rule_flags(),
        }
    }

    /// `--allow`, `--warn` and `--deny`; for a rule named by several, `--deny` wins over
    /// `--warn`, which wins over `--allow`.
    fn rule_flags(&self) -> errcat::validate::RuleFlags {
        let mut levels: Vec<(Rule, Level)> = Vec::new();
        levels.extend(self.allow.iter().map(|r| (*r, Level::Allow)));
        levels.extend(self.warn.iter().map(|r| (*r, Level::Warn)));
        levels.extend(self.deny.iter().flatten().map(|r| (*r, Level::Deny)));
        errcat::validate::RuleFlags {
            levels,
            deny_warnings: self.deny.iter().any(Option::is_none),
        }
    }
}

#[derive(clap::Args)]
struct RenderLimitsArg {
    /// Longest time one template may render, in seconds
    #[arg(long, value_name = "SECONDS", default_value_t = RenderLimits::default().max_render_time.as_secs(),
          help_heading = "Limits")]
    max_render_time: u64,
    /// Most bytes one template may write
    #[arg(long, value_name = "BYTES", default_value_t = RenderLimits::default().max_output_bytes, help_heading = "Limits")]
    max_output_size: usize,
    /// Most errcat's memory may grow while one template renders, in bytes
    #[arg(long, value_name = "BYTES", default_value_t = RenderLimits::default().max_render_memory, help_heading = "Limits")]
    max_render_memory: u64,
}

impl RenderLimitsArg {
    /// The limits every template renders under.
    fn render_limits(&self) -> RenderLimits {
        RenderLimits {
            max_render_time: std::time::Duration::from_secs(self.max_render_time),
            max_output_bytes: self.max_output_size,
            max_render_memory: self.max_render_memory,
        }
    }
}

#[derive(clap::Args)]
struct ReportArg {
    /// How to print diagnostics: `human` (snippets; colour on a terminal), `json` (one array on
    /// stdout) or `github` (GitHub Actions annotations on stdout)
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = Format::Human)]
    format: Format,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Human,
    Json,
    Github,
}

fn target_names() -> clap::builder::PossibleValuesParser {
    clap::builder::PossibleValuesParser::new(targets::all().iter().map(|t| t.id()))
}

/// Runs the command line. Every line goes through [`console`], so a closed pipe never panics.
pub fn run() -> ExitCode {
    // clap prints `--help`, `--version` and usage errors itself and ignores a closed pipe.
    let cli = Cli::parse();
    console::finish(run_command(cli), EXIT_USAGE)
}

fn run_command(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Generate {
            catalog,
            report,
            out,
            targets,
            templates,
            check,
            quiet,
            render_limits,
        } => generate(
            &catalog,
            report.format,
            &out,
            &targets,
            (templates.as_deref(), render_limits.render_limits()),
            check,
            quiet,
        ),
        Command::Check { catalog, report } => match load(&catalog, report.format, true) {
            Ok(loaded) => {
                Outcome::new(report.format, &loaded).emit();
                let n = loaded.catalog.as_ref().map_or(0, |c| c.errors.len());
                errln!(
                    "catalog `{}` is valid: {n} error{}",
                    catalog.catalog.display(),
                    plural(n)
                );
                ExitCode::SUCCESS
            }
            Err(code) => code,
        },
        Command::Explain { key, catalog } => explain(&catalog, &key),
        Command::Rules { markdown } => {
            if markdown {
                crate::console::out(format_args!("{}", Rule::markdown_table()));
            } else {
                for r in Rule::ALL {
                    outln!(
                        "{:<20} {:<5} {:<12} {}",
                        r.id(),
                        r.default_level().as_str(),
                        if r.configurable() { "configurable" } else { "" },
                        r.doc()
                    );
                }
            }
            ExitCode::SUCCESS
        }
        Command::Schema => {
            let schema = errcat::model::catalog_schema();
            outln!(
                "{}",
                serde_json::to_string_pretty(&schema).unwrap_or_default()
            );
            ExitCode::SUCCESS
        }
        Command::DumpIr { catalog } => match load(&catalog, Format::Human, true) {
            Ok(loaded) => {
                // Catalog text on stdout: escaped like diagnostics, the same JSON values.
                let json = errcat::terminal::to_json(&loaded.catalog);
                outln!("{json}");
                ExitCode::SUCCESS
            }
            Err(code) => code,
        },
    }
}

/// Loads and validates, printing diagnostics in `format` (a valid catalog's warnings only when
/// `warnings` is set). Errors out with the right exit code.
fn load(arg: &CatalogArg, format: Format, warnings: bool) -> Result<Loaded, ExitCode> {
    let path = arg.catalog.as_path();
    let loaded = match errcat::load(path, &arg.load_options()) {
        Ok(l) => l,
        Err(e) => {
            if format == Format::Human {
                error(format_args!("{e}"));
            } else {
                report(
                    format,
                    &[Diagnostic::error(Rule::IoError, e.to_string())],
                    &[],
                );
            }
            return Err(ExitCode::from(EXIT_USAGE));
        }
    };
    let errors = loaded.error_count();
    // In a machine format a valid catalog's warnings are printed by the caller, together with
    // what it finds later, so stdout holds one document.
    if (format == Format::Human && warnings) || errors > 0 || loaded.catalog.is_none() {
        report(format, &loaded.diagnostics, &loaded.sources);
    }
    if errors > 0 || loaded.catalog.is_none() {
        let warnings = loaded.diagnostics.len() - errors;
        error(format_args!(
            "catalog `{}` has {errors} error{}{}",
            path.display(),
            plural(errors),
            if warnings > 0 {
                format!(" and {warnings} warning{}", plural(warnings))
            } else {
                String::new()
            }
        ));
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
            let mut shown: std::collections::BTreeMap<Rule, (usize, errcat::Severity)> =
                std::collections::BTreeMap::new();
            for d in diagnostics {
                let seen = shown.entry(d.rule).or_insert((0, d.severity));
                seen.0 += 1;
                if seen.0 <= MAX_SHOWN_PER_RULE {
                    errln!("{}", d.render_styled(sources));
                }
            }
            for (rule, (count, severity)) in shown {
                if count > MAX_SHOWN_PER_RULE {
                    let hidden = count - MAX_SHOWN_PER_RULE;
                    let allow = if rule.configurable() {
                        format!(
                            "; allow the rule with `rules: {{ {rule}: allow }}` in the catalog header or `--allow {rule}`"
                        )
                    } else {
                        String::new()
                    };
                    errln!(
                        "note: {hidden} more `{rule}` {}{} not shown (`--format json` lists all){allow}\n",
                        severity.as_str(),
                        plural(hidden)
                    );
                }
            }
        }
        Format::Json => {
            outln!("{}", errcat::diagnostic::to_json(diagnostics, sources));
        }
        Format::Github => {
            for d in diagnostics {
                outln!("{}", d.to_github(sources));
            }
        }
    }
}

/// Prints `error: <message>` on stderr, the label in red and bold on a terminal. The message may
/// quote paths or names read from files, so controls in it are escaped.
fn error(message: std::fmt::Arguments) {
    let style = anstyle::Style::new()
        .bold()
        .fg_color(Some(anstyle::AnsiColor::BrightRed.into()));
    errln!(
        "{style}error{style:#}: {}",
        safe(&message.to_string(), Lines::Keep)
    );
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn generate(
    catalog_arg: &CatalogArg,
    format: Format,
    out: &Path,
    target_ids: &[String],
    (templates, limits): (Option<&Path>, RenderLimits),
    check: bool,
    quiet: bool,
) -> ExitCode {
    let start = Instant::now();
    let loaded = match load(catalog_arg, format, true) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let Some(catalog) = loaded.catalog.as_ref() else {
        return ExitCode::from(EXIT_PROBLEMS);
    };
    let mut outcome = Outcome::new(format, &loaded);
    let selected: Vec<&dyn Target> = if target_ids.is_empty() {
        targets::all().to_vec()
    } else {
        targets::all()
            .iter()
            .copied()
            .filter(|t| target_ids.iter().any(|id| id == t.id()))
            .collect()
    };
    let engine = Engine::new(templates).map(|engine| engine.with_limits(limits));
    let rendered = engine
        .as_ref()
        .map_err(Clone::clone)
        .and_then(|engine| errcat::render(catalog, &selected, engine));
    let files = match rendered {
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
    let file_count = files.len();
    let plan = if check {
        writer::compare_readonly(out, files)
    } else {
        writer::compare(out, files)
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

/// What `check` and `generate` report in a machine format (`json`, `github`): the catalog's
/// diagnostics plus problems found after loading (template errors, output conflicts, stale
/// files), printed as one document at the end. In the human format those are printed as they
/// happen, and `emit` prints nothing.
struct Outcome {
    format: Format,
    diagnostics: Vec<Diagnostic>,
    sources: Vec<SourceFile>,
}

impl Outcome {
    fn new(format: Format, loaded: &Loaded) -> Outcome {
        let machine = format != Format::Human;
        Outcome {
            format,
            diagnostics: if machine {
                loaded.diagnostics.clone()
            } else {
                Vec::new()
            },
            sources: if machine {
                loaded.sources.clone()
            } else {
                Vec::new()
            },
        }
    }

    /// A problem with no place in a file.
    fn problem(&mut self, rule: Rule, message: String) {
        self.diagnostics.push(Diagnostic::error(rule, message));
    }

    /// A generated file on disk that differs from what the catalog renders: points at the first
    /// line that differs, so an annotation lands on it.
    fn stale(&mut self, shown: &str, old: &str, new: &str) {
        let line = old
            .split_inclusive('\n')
            .zip(new.split_inclusive('\n'))
            .take_while(|(a, b)| a == b)
            .count();
        let offset: usize = old.split_inclusive('\n').take(line).map(str::len).sum();
        let len = old[offset..].find('\n').unwrap_or(old.len() - offset);
        self.at_file(shown, old, offset, len, format!("`{shown}` is out of date"));
    }

    fn missing(&mut self, shown: &str) {
        self.at_file(shown, "", 0, 0, format!("`{shown}` is missing"));
    }

    fn no_longer_generated(&mut self, shown: &str) {
        let d = Diagnostic::error(Rule::StaleFile, format!("`{shown}` is no longer generated"))
            .help("run `errcat generate`, which removes it");
        self.push_at(d, shown, "", 0, 0);
    }

    fn at_file(&mut self, shown: &str, text: &str, offset: usize, len: usize, message: String) {
        let d = Diagnostic::error(Rule::StaleFile, message)
            .help("run `errcat generate` (`cargo run -- generate`)");
        self.push_at(d, shown, text, offset, len);
    }

    fn push_at(&mut self, d: Diagnostic, shown: &str, text: &str, offset: usize, len: usize) {
        if self.format == Format::Human {
            return;
        }
        let file = self.sources.len();
        let span = errcat::source::Span::at(text, offset, len);
        self.sources
            .push(SourceFile::new(Path::new(shown), text.to_owned()));
        self.diagnostics.push(d.at(file, span));
    }

    /// Prints the document (machine formats) and returns `code` as the exit code.
    fn exit(&self, code: u8) -> ExitCode {
        self.emit();
        ExitCode::from(code)
    }

    fn emit(&self) {
        if self.format != Format::Human {
            report(self.format, &self.diagnostics, &self.sources);
        }
    }
}

fn explain(catalog_arg: &CatalogArg, key: &str) -> ExitCode {
    let catalog_path = catalog_arg.catalog.as_path();
    let loaded = match load(catalog_arg, Format::Human, false) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let Some(catalog) = loaded.catalog.as_ref() else {
        return ExitCode::from(EXIT_PROBLEMS);
    };
    let Some(e) = catalog.find(key) else {
        let names: Vec<String> = catalog.errors.iter().map(|e| e.name.clone()).collect();
        error(format_args!(
            "no error with code or name `{key}` in `{}`",
            catalog_path.display()
        ));
        if let Some(best) = errcat::structure::nearest(key, &names) {
            errln!("  = help: did you mean `{}`?", safe(&best, Lines::Escape));
        }
        return ExitCode::from(EXIT_USAGE);
    };
    // Only what the catalog says about this error.
    let about: Vec<Diagnostic> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.subject.as_deref() == Some(e.name.as_str()))
        .cloned()
        .collect();
    report(Format::Human, &about, &loaded.sources);
    let code = e.code.as_ref().map(|c| format!("{c} ")).unwrap_or_default();
    let mut out = format!("{code}{}: {}\n\n", e.name, e.title);
    if let Some(status) = e.http_status {
        out.push_str(&format!("HTTP status: {status}\n"));
    }
    if let Some(status) = e.grpc_status {
        out.push_str(&format!(
            "gRPC status: {} ({})\n",
            status.name(),
            status.number()
        ));
    }
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
    // Every line above may hold catalog text: show its controls and bidi overrides as escapes.
    console::out(format_args!("{}", safe(&out, Lines::Keep)));
    ExitCode::SUCCESS
}
