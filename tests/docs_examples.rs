//! What the documentation shows is what errcat does: every example in a `--help` text runs on
//! the flagship catalog, and every `console` block of README.md (commands and their output)
//! matches a fresh run, times masked.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

/// Every subcommand with its `--help` examples.
const COMMANDS: &[&str] = &[
    "generate",
    "check",
    "explain",
    "diff",
    "next-code",
    "rules",
    "init",
    "schema",
    "dump-ir",
];

/// A copy of this repository's catalog, its fresh `generated/`, `schema/` and
/// `lifecycle_ok.yaml`, committed twice in a git repository on branch `main` (so `git:HEAD~1`
/// and `git:main` exist), plus `catalog-v1/`.
fn flagship_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = common::root();
    for sub in ["catalog", "generated", "schema"] {
        common::copy_dir(&root.join(sub), &dir.path().join(sub));
    }
    common::copy_dir(&root.join("catalog"), &dir.path().join("catalog-v1"));
    std::fs::copy(
        root.join("tests/diagnostics/lifecycle_ok.yaml"),
        dir.path().join("lifecycle_ok.yaml"),
    )
    .unwrap();
    common::git(dir.path(), &["init", "-q", "-b", "main"]);
    common::git(dir.path(), &["add", "-A"]);
    common::git(dir.path(), &["commit", "-q", "-m", "one"]);
    common::git(dir.path(), &["commit", "-q", "--allow-empty", "-m", "two"]);
    dir
}

/// Runs `command` with `sh` in `dir`, `errcat` being the binary under test; returns (exit
/// code, stdout, stderr).
fn shell(dir: &Path, command: &str) -> (i32, String, String) {
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_errcat"));
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = Command::new("sh")
        .arg("-c")
        .arg(command)
        .current_dir(dir)
        .env("PATH", path)
        .env_remove("CLICOLOR_FORCE")
        .output()
        .expect("sh runs");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{command}: {stderr}");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr,
    )
}

/// The examples of `errcat <command> --help`: the lines after `Example:`/`Examples:` that start
/// with `errcat`, without their `# comment`.
fn help_examples(command: &str) -> Vec<String> {
    let (code, help, _) = shell(Path::new("."), &format!("errcat {command} --help"));
    assert_eq!(code, 0);
    let Some((_, examples)) = help.split_once("Example") else {
        return Vec::new();
    };
    examples
        .lines()
        .skip(1)
        .map(str::trim)
        .filter(|l| l.starts_with("errcat "))
        .map(|l| l.split(" # ").next().unwrap().trim().to_owned())
        .collect()
}

#[test]
fn every_help_example_works_on_the_flagship_catalog() {
    let mut ran = 0;
    for command in COMMANDS {
        let examples = help_examples(command);
        assert!(
            !examples.is_empty(),
            "`errcat {command} --help` has no example"
        );
        for example in examples {
            // `init` writes a project of its own: a fresh directory each time.
            let project = if *command == "init" {
                tempfile::tempdir().unwrap()
            } else {
                flagship_project()
            };
            let (code, stdout, stderr) = shell(project.path(), &example);
            assert_eq!(
                code, 0,
                "`{example}` (from `errcat {command} --help`) fails on the flagship catalog:\n{stdout}{stderr}"
            );
            // Silent only when it writes to a file, or annotates nothing (no change to report).
            assert!(
                !stdout.is_empty()
                    || !stderr.is_empty()
                    || example.contains('>')
                    || example.contains("--format github"),
                "`{example}` prints nothing"
            );
            ran += 1;
        }
    }
    assert!(ran >= 18, "only {ran} examples found");
}

/// `text` with every `in <number> ms` written `in N ms`.
fn mask_times(text: &str) -> String {
    let mut out = String::new();
    for line in text.split_inclusive('\n') {
        match line.rfind(" in ") {
            Some(i) if line[i + 4..].trim_end().ends_with(" ms") => {
                let end = if line.ends_with('\n') { "\n" } else { "" };
                out.push_str(&format!("{} in N ms{end}", &line[..i]));
            }
            _ => out.push_str(line),
        }
    }
    out
}

/// Each `console` block of README.md: its commands (`$ ` lines) with the output shown after
/// each (stderr, then stdout).
fn console_blocks(readme: &str) -> Vec<Vec<(String, String)>> {
    let mut blocks = Vec::new();
    for part in readme.split("```console\n").skip(1) {
        let body = part.split("```").next().unwrap();
        let mut steps: Vec<(String, String)> = Vec::new();
        for line in body.lines() {
            match line.strip_prefix("$ ") {
                Some(cmd) => steps.push((cmd.to_owned(), String::new())),
                None => {
                    let step = steps.last_mut().expect("a console block starts with `$ `");
                    step.1.push_str(line);
                    step.1.push('\n');
                }
            }
        }
        blocks.push(steps);
    }
    blocks
}

#[test]
fn readme_console_blocks_match_a_fresh_run() {
    let readme = std::fs::read_to_string(common::root().join("README.md")).unwrap();
    let blocks = console_blocks(&readme);
    assert!(blocks.len() >= 6, "{}", blocks.len());
    for steps in blocks {
        // `errcat init` starts from an empty directory; everything else from a fresh clone.
        let project = if steps[0].0.starts_with("errcat init") {
            tempfile::tempdir().unwrap()
        } else {
            flagship_project()
        };
        for (command, expected) in steps {
            let run = command.replace("cargo run -- ", "errcat ");
            let (_, stdout, stderr) = shell(project.path(), &run);
            assert_eq!(
                mask_times(&format!("{stderr}{stdout}")),
                mask_times(&expected),
                "README.md shows other output for `$ {command}`"
            );
        }
    }
}
