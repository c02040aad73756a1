//! `errcat init [DIR]`: a starter project (`errcat.toml`, a small catalog and its JSON Schema),
//! never overwriting a file.

use super::{EXIT_USAGE, error};
use crate::console::{errln, outln};
use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;

/// The starter catalog: valid and clean under `errcat check`, showing categories, params, a fix
/// and a deprecation; its modeline points at the schema written next to it.
const CATALOG: &str = include_str!("init/catalog.yaml");
/// The starter configuration.
const CONFIG: &str = include_str!("init/errcat.toml");

pub(super) fn init(dir: &Path) -> ExitCode {
    let schema = errcat::model::catalog_schema();
    let mut schema = serde_json::to_string_pretty(&schema).unwrap_or_default();
    schema.push('\n');
    let files: [(&str, &str); 3] = [
        (errcat::config::FILE_NAME, CONFIG),
        ("catalog.yaml", CATALOG),
        ("catalog.schema.json", &schema),
    ];
    // `errcat.toml`, not `./errcat.toml`, for the working directory.
    let shown = |name: &str| {
        if dir == Path::new(".") {
            name.to_owned()
        } else {
            dir.join(name).display().to_string()
        }
    };
    let existing: Vec<String> = files
        .iter()
        .filter(|(name, _)| std::fs::symlink_metadata(dir.join(name)).is_ok())
        .map(|(name, _)| shown(name))
        .collect();
    if !existing.is_empty() {
        for path in &existing {
            error(format_args!("refusing to overwrite `{path}`"));
        }
        errln!(
            "  = help: `errcat init` writes only new files: move {} away, or pass another directory",
            if existing.len() == 1 { "it" } else { "them" }
        );
        return ExitCode::from(EXIT_USAGE);
    }
    if let Err(e) = std::fs::create_dir_all(dir) {
        error(format_args!("cannot create `{}`: {e}", dir.display()));
        return ExitCode::from(EXIT_USAGE);
    }
    for (name, text) in files {
        let path = dir.join(name);
        // `create_new`: a file that appeared since the check above is not overwritten either.
        let written = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .and_then(|mut f| f.write_all(text.as_bytes()));
        if let Err(e) = written {
            error(format_args!("cannot write `{}`: {e}", shown(name)));
            return ExitCode::from(EXIT_USAGE);
        }
        errln!("created {}", shown(name));
    }
    let cd = if dir == Path::new(".") {
        String::new()
    } else {
        format!("cd {} && ", dir.display())
    };
    outln!("Next: edit catalog.yaml, then run `{cd}errcat generate`.");
    outln!("Add this line to CI to fail when the generated files are stale:");
    outln!("  errcat generate --check");
    ExitCode::SUCCESS
}
