//! Command-line interface: clap types, and their conversion into library calls. Each command
//! with more than a few lines has its own module: `generate`, `explain`; `report` prints
//! diagnostics and the machine-format document.

mod diff;
mod explain;
mod generate;
mod init;
mod next_code;
mod report;

use report::{Outcome, report};

use crate::console::{self, errln, outln};
use clap::{Parser, Subcommand};
use errcat::config::{Config, ConfigError};
use errcat::rule::{Level, Rule};
use errcat::targets;
use errcat::terminal::{Lines, safe};
use errcat::{Diagnostic, LoadOptions, Loaded, RenderLimits};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Exit code for a catalog with problems, or stale output under `--check`.
pub(super) const EXIT_PROBLEMS: u8 = 1;
/// Diagnostics of one rule shown in full in human output; the rest are counted.
pub(super) const MAX_SHOWN_PER_RULE: usize = 3;

/// Exit code for usage, I/O and template errors.
pub(super) const EXIT_USAGE: u8 = 2;

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
    /// The configuration file [default: the nearest `errcat.toml` in the working directory or
    /// above it]
    #[arg(long, global = true, value_name = "PATH")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Validate the catalog and write every target's files into the output directory
    #[command(
        after_help = "Without flags, `generate` does what `errcat.toml` says (catalog, templates, each \
                      target's output directory and options); a flag overrides it.\n\n\
                      Examples:\n  errcat generate\n  errcat generate --catalog catalog/ --out gen --target rust --target typescript\n  errcat generate --check   # in CI: fail when generated/ is stale"
    )]
    Generate {
        #[command(flatten)]
        catalog: CatalogArg,
        #[command(flatten)]
        report: ReportArg,
        /// Output directory of every selected target, each in its `<target>/` folder [default:
        /// as `errcat.toml` says, else `generated`]
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Target to generate (repeat for several) [default: the targets `errcat.toml` enables,
        /// else all]
        #[arg(long = "target", value_name = "T", value_parser = target_names())]
        targets: Vec<String>,
        /// Directory of templates overriding the built-in ones by relative path, e.g.
        /// `rust/errors.rs.tera` [default: `templates` in `errcat.toml`, else none]
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
        after_help = "KEY is a code or a name (or an alias, or a retired code or name); names and \
                      string codes match in any case.\n\n\
                      Examples:\n  errcat explain 4300\n  errcat explain rate_limit_exceeded"
    )]
    Explain {
        /// The error's code or name
        key: String,
        #[command(flatten)]
        catalog: CatalogArg,
    },
    /// Classify the changes between two catalogs (breaking or compatible) and the version bump
    /// they need
    #[command(
        after_help = "Each side is a catalog path or `git:REF[:PATH]` (read with git; `git:REF` alone is the\n\
                      same catalog path at REF). NEW defaults to `--catalog`.\n\n\
                      Exit codes: 0 ok, 1 a side has catalog errors or `--fail-on` fails, 2 usage or I/O errors.\n\n\
                      Examples:\n  errcat diff git:HEAD~1\n  errcat diff git:main --fail-on breaking --format github\n  errcat diff catalog-v1/ catalog/ --format markdown"
    )]
    Diff {
        /// The old catalog: a path, or `git:REF[:PATH]`
        old: String,
        /// The new catalog: a path, or `git:REF[:PATH]` (default: `--catalog`)
        new: Option<String>,
        #[command(flatten)]
        catalog: CatalogArg,
        /// Exit 1 on a breaking change without a major bump (`breaking`), or on any (`any-breaking`)
        #[arg(long, value_enum, value_name = "WHEN")]
        fail_on: Option<diff::FailOnArg>,
        /// Output: `text`, `json`, `github` (annotations) or `markdown` (a changelog section)
        #[arg(long, value_enum, value_name = "FORMAT", default_value_t = diff::DiffFormat::Text)]
        format: diff::DiffFormat,
    },
    /// Print the next free code of a category, or with `--gaps` the unused codes of each category
    #[command(
        name = "next-code",
        after_help = "Examples:\n  errcat next-code auth\n  errcat next-code --gaps\n  errcat next-code --gaps otp"
    )]
    NextCode {
        /// The category's id (with `--gaps`: only this category)
        category: Option<String>,
        /// List each category's range, highest code, unused codes below it and next code
        #[arg(long)]
        gaps: bool,
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
    /// Write a starter project: `errcat.toml`, a catalog and its JSON Schema
    #[command(
        after_help = "Writes `errcat.toml`, `catalog.yaml` (a small valid catalog showing categories, \
                      params, a fix and a deprecation) and `catalog.schema.json` (for the catalog's \
                      editor modeline) into DIR, creating DIR if needed. Existing files are never \
                      overwritten.\n\n\
                      Examples:\n  errcat init\n  errcat init my-api"
    )]
    Init {
        /// The project directory
        #[arg(value_name = "DIR", default_value = ".")]
        dir: PathBuf,
    },
    /// Print the JSON Schema of the catalog format (for editors and CI)
    #[command(after_help = "Example:\n  errcat schema > schema/catalog.schema.json")]
    Schema,
    /// Print the validated catalog as JSON: exactly what the templates are built from
    #[command(
        name = "dump-ir",
        after_help = "Example:\n  errcat dump-ir | head -n 40"
    )]
    DumpIr {
        #[command(flatten)]
        catalog: CatalogArg,
    },
}

#[derive(clap::Args)]
pub(super) struct CatalogArg {
    /// Catalog file, or directory of *.yaml files [default: `catalog` in `errcat.toml`, else
    /// `catalog`]
    #[arg(long, value_name = "PATH")]
    catalog: Option<PathBuf>,
    /// The catalog's name in generated headers, when `errcat.toml` gives its path.
    #[arg(skip)]
    header: Option<String>,
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
    /// The catalog's path, once [`CatalogArg::configure`] has run.
    pub(super) fn path(&self) -> &Path {
        self.catalog
            .as_deref()
            .unwrap_or(Path::new(errcat::config::DEFAULT_CATALOG))
    }

    /// The catalog's name in generated headers: its path relative to `errcat.toml` when the
    /// configuration gives it, else its last path component.
    pub(super) fn header_name(&self) -> String {
        self.header
            .clone()
            .unwrap_or_else(|| errcat::source::header_name(self.path()))
    }

    /// The catalog of `config` unless `--catalog` names one.
    fn configure(&mut self, config: &Config) {
        if self.catalog.is_none() {
            self.catalog = Some(config.catalog.clone());
            self.header.clone_from(&config.catalog_name);
        }
    }

    /// The limits the loader enforces on this catalog.
    pub(super) fn load_options(&self) -> LoadOptions {
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
pub(super) struct RenderLimitsArg {
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
pub(super) struct ReportArg {
    /// How to print diagnostics: `human` (snippets; colour on a terminal), `json` (one array on
    /// stdout) or `github` (GitHub Actions annotations on stdout)
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = Format::Human)]
    format: Format,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(super) enum Format {
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

/// The configuration of this run: `--config`, else the nearest `errcat.toml`, else none.
fn find_config(explicit: Option<&Path>) -> Result<Config, ConfigError> {
    let cwd = std::env::current_dir().unwrap_or_default();
    Config::find(explicit, &cwd)
}

/// Prints a configuration's problems in `format`; the exit code of a usage error.
fn config_failed(format: Format, e: &ConfigError) -> ExitCode {
    let sources: Vec<errcat::SourceFile> = e.source.iter().map(|s| (**s).clone()).collect();
    report(format, &e.diagnostics, &sources);
    if format == Format::Human
        && let Some(source) = &e.source
    {
        let n = e.diagnostics.len();
        error(format_args!(
            "the configuration `{}` has {n} error{}",
            source.display,
            plural(n)
        ));
    }
    ExitCode::from(EXIT_USAGE)
}

fn run_command(cli: Cli) -> ExitCode {
    let mut cli = cli;
    let format = match &cli.command {
        Command::Generate { report, .. } | Command::Check { report, .. } => report.format,
        _ => Format::Human,
    };
    let catalog_arg = match &mut cli.command {
        Command::Generate { catalog, .. }
        | Command::Check { catalog, .. }
        | Command::Explain { catalog, .. }
        | Command::Diff { catalog, .. }
        | Command::NextCode { catalog, .. }
        | Command::DumpIr { catalog } => Some(catalog),
        Command::Init { .. } | Command::Rules { .. } | Command::Schema => None,
    };
    let config = match catalog_arg {
        Some(arg) => match find_config(cli.config.as_deref()) {
            Ok(config) => {
                arg.configure(&config);
                config
            }
            Err(e) => return config_failed(format, &e),
        },
        None => Config::without_file(),
    };
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
        } => generate::generate_configured(
            &catalog,
            report.format,
            &config,
            (out.as_deref(), &targets),
            (
                templates.as_deref().or(config.templates.as_deref()),
                render_limits.render_limits(),
            ),
            check,
            quiet,
        ),
        Command::Check { catalog, report } => match load(&catalog, report.format, true) {
            Ok(loaded) => {
                Outcome::new(report.format, &loaded).emit();
                let n = loaded.catalog.as_ref().map_or(0, |c| c.errors.len());
                errln!(
                    "catalog `{}` is valid: {n} error{}",
                    catalog.path().display(),
                    plural(n)
                );
                ExitCode::SUCCESS
            }
            Err(code) => code,
        },
        Command::Explain { key, catalog } => explain::explain(&catalog, &key),
        Command::Diff {
            old,
            new,
            catalog,
            fail_on,
            format,
        } => diff::diff(&old, new.as_deref(), &catalog, format, fail_on),
        Command::NextCode {
            category,
            gaps,
            catalog,
        } => next_code::next_code(&catalog, category.as_deref(), gaps),
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
        Command::Init { dir } => init::init(&dir),
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
pub(super) fn load(arg: &CatalogArg, format: Format, warnings: bool) -> Result<Loaded, ExitCode> {
    let read = read(arg, format)?;
    load_read(arg, format, warnings, read)
}

/// Reads the catalog's files, reporting an I/O error in `format`: the first half of [`load`].
pub(super) fn read(
    arg: &CatalogArg,
    format: Format,
) -> Result<Vec<(errcat::SourceFile, Option<Diagnostic>)>, ExitCode> {
    errcat::read(arg.path(), &arg.load_options()).map_err(|e| {
        if format == Format::Human {
            error(format_args!("{e}"));
        } else {
            report(
                format,
                &[Diagnostic::error(Rule::IoError, e.to_string())],
                &[],
            );
        }
        ExitCode::from(EXIT_USAGE)
    })
}

/// Validates files [`read`] read, like [`load`].
pub(super) fn load_read(
    arg: &CatalogArg,
    format: Format,
    warnings: bool,
    read: Vec<(errcat::SourceFile, Option<Diagnostic>)>,
) -> Result<Loaded, ExitCode> {
    let path = arg.path();
    let options = arg.load_options();
    let loaded = errcat::load_sources(read, &arg.header_name(), &options);
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

/// Prints `error: <message>` on stderr, the label in red and bold on a terminal. The message may
/// quote paths or names read from files, so controls in it are escaped.
pub(super) fn error(message: std::fmt::Arguments) {
    let style = anstyle::Style::new()
        .bold()
        .fg_color(Some(anstyle::AnsiColor::BrightRed.into()));
    errln!(
        "{style}error{style:#}: {}",
        safe(&message.to_string(), Lines::Keep)
    );
}

pub(super) fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
