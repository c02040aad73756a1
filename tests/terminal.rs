//! Catalog text never drives the terminal: every place errcat prints catalog text (diagnostics —
//! message, labels, help, source lines —, `explain`, `dump-ir`, `--check` diffs, and the JSON
//! and GitHub formats) shows escape sequences, BEL, CR, backspace, C1 controls and bidi controls
//! as visible escapes instead of sending them.

use assert_cmd::Command;
use std::path::Path;

/// What a hostile catalog string holds: ESC + CSI "clear screen", an OSC window title ended by
/// BEL, CR and backspace (which rewrite the line shown), the C1 CSI (U+009B), and the bidi
/// override and isolates.
const HOSTILE: &str =
    "\u{1b}[2J\u{1b}]0;owned\u{7}\r\u{8}\u{9b}31m\u{202e}\u{2066}\u{2067}\u{2068}\u{2069}";

/// The same text as a YAML double-quoted escape sequence.
const HOSTILE_YAML: &str = r"\e[2J\e]0;owned\a\r\b\x9b31m\u202e\u2066\u2067\u2068\u2069";

/// How errcat shows it: every control and bidi character as a `\u{..}` escape.
const SHOWN: &str =
    r"\u{1b}[2J\u{1b}]0;owned\u{7}\u{d}\u{8}\u{9b}31m\u{202e}\u{2066}\u{2067}\u{2068}\u{2069}";

/// The characters that must never reach the terminal raw.
fn dangerous(c: char) -> bool {
    (c.is_control() && c != '\n') || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn assert_safe(surface: &str, text: &str) {
    let raw: Vec<String> = text
        .chars()
        .filter(|&c| dangerous(c))
        .map(|c| format!("U+{:04X}", c as u32))
        .collect();
    assert!(raw.is_empty(), "{surface} prints {raw:?} raw:\n{text}");
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn errcat(dir: &Path, args: &[&str]) -> Run {
    let out = Command::cargo_bin("errcat")
        .unwrap()
        .current_dir(dir)
        .env_remove("CLICOLOR_FORCE")
        .args(args)
        .output()
        .unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

fn dir_with(name: &str, text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(name), text).unwrap();
    dir
}

/// A valid catalog whose texts are hostile.
fn hostile_valid() -> String {
    format!(
        "errcat: 1
catalog: {{ name: shop, title: \"Shop {HOSTILE_YAML}\", version: 1.0.0 }}
categories:
  - {{ id: general, title: \"General {HOSTILE_YAML}\", http_status: 400 }}
errors:
  - name: bad_input
    code: 1
    category: general
    title: \"Bad {HOSTILE_YAML} input\"
    message: \"Input {{field}} {HOSTILE_YAML} is bad.\"
    params:
      field: {{ type: string, description: \"The field {HOSTILE_YAML}\" }}
    fix: \"Fix it {HOSTILE_YAML}.\"
    description: \"More {HOSTILE_YAML}.\"
    deprecated: {{ note: \"Old {HOSTILE_YAML}.\" }}
"
    )
}

/// A catalog whose problems quote hostile text in every part of a diagnostic: the message
/// (an unknown category), a secondary label's note (the first user of a duplicate code), the
/// help (a did-you-mean naming a hostile category id).
fn hostile_invalid() -> String {
    format!(
        "errcat: 1
catalog: {{ name: shop, title: Shop, version: 1.0.0 }}
categories:
  - {{ id: \"general{HOSTILE_YAML}\", title: General, http_status: 400 }}
errors:
  - name: \"first{HOSTILE_YAML}\"
    code: 1
    category: \"general{HOSTILE_YAML}\"
    message: A.
    fix: A.
  - name: second
    code: 1
    category: \"genera{HOSTILE_YAML}\"
    message: B.
    fix: B.
"
    )
}

#[test]
fn human_diagnostics_escape_messages_labels_and_help() {
    let dir = dir_with("c.yaml", &hostile_invalid());
    let run = errcat(dir.path(), &["check", "--catalog", "c.yaml"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_safe("human diagnostics", &run.stderr);
    assert!(
        run.stderr.contains(&format!(
            "error[unknown-category]: unknown category `genera{SHOWN}`"
        )),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains(&format!("first used by `first{SHOWN}` here")),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains(&format!("= help: did you mean `general{SHOWN}`?")),
        "{}",
        run.stderr
    );
}

#[test]
fn source_lines_in_snippets_are_escaped_and_carets_follow() {
    // Raw control characters in the file: the YAML itself is refused, and the snippet shows
    // the line with its controls escaped, the caret under the first of them.
    let text =
        format!("errcat: 1\ncatalog: {{ name: shop, title: \"{HOSTILE}\", version: 1.0.0 }}\n");
    let dir = dir_with("c.yaml", &text);
    let run = errcat(dir.path(), &["check", "--catalog", "c.yaml"]);
    assert_safe("a snippet's source line", &run.stderr);
    assert_eq!(
        run.stderr,
        format!(
            "error[yaml-syntax]: the control character `\\u{{1b}}` cannot appear in YAML text
 --> c.yaml:2:32
  |
2 | catalog: {{ name: shop, title: \"{SHOWN}\", version: 1.0.0 }}
  |                                ^^^^^^
  = help: remove it, or write it as an escape inside double quotes (`\\u001b`)

error: catalog `c.yaml` has 1 error
"
        )
    );
}

#[test]
fn github_annotations_escape_catalog_text() {
    let dir = dir_with("c.yaml", &hostile_invalid());
    let run = errcat(
        dir.path(),
        &["check", "--catalog", "c.yaml", "--format", "github"],
    );
    assert_eq!(run.code, 1);
    assert_safe("--format github", &run.stdout);
    assert!(
        run.stdout.contains(&format!(
            ",title=errcat unknown-category::unknown category `genera{SHOWN}`%0Ahelp: did you mean `general{SHOWN}`?\n"
        )),
        "{}",
        run.stdout
    );
}

#[test]
fn json_diagnostics_escape_catalog_text_and_read_back_exactly() {
    let dir = dir_with("c.yaml", &hostile_invalid());
    let run = errcat(
        dir.path(),
        &["check", "--catalog", "c.yaml", "--format", "json"],
    );
    assert_eq!(run.code, 1);
    assert_safe("--format json", &run.stdout);
    // JSON escapes C0 controls itself; errcat also escapes DEL, C1 and bidi controls.
    assert!(
        run.stdout.contains(r"\u009b31m\u202e\u2066"),
        "{}",
        run.stdout
    );
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let messages: Vec<&str> = doc
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert!(
        messages.contains(&format!("unknown category `genera{HOSTILE}`").as_str()),
        "{messages:?}"
    );
}

#[test]
fn explain_escapes_every_catalog_text() {
    let dir = dir_with("c.yaml", &hostile_valid());
    let run = errcat(dir.path(), &["explain", "bad_input", "--catalog", "c.yaml"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_safe("explain", &run.stdout);
    assert_eq!(
        run.stdout,
        format!(
            r#"1 bad_input: Bad {SHOWN} input

HTTP status: 400
Category:    General {SHOWN} (general)
Retryable:   no
Message:     Input {{field}} {SHOWN} is bad.
  {{field}} (string): The field {SHOWN}

Deprecated. Old {SHOWN}.

More {SHOWN}.

Fix: Fix it {SHOWN}.

Example response body:
{{
  "title": "Bad {IN_JSON} input",
  "status": 400,
  "detail": "Input field_value {IN_JSON} is bad.",
  "code": 1,
  "name": "bad_input"
}}
"#
        )
    );
}

/// How the example body of `explain` shows it: JSON's own escapes for C0 controls, errcat's for
/// C1 and bidi characters.
const IN_JSON: &str =
    r"\u001b[2J\u001b]0;owned\u0007\r\b\u{9b}31m\u{202e}\u{2066}\u{2067}\u{2068}\u{2069}";

#[test]
fn dump_ir_escapes_catalog_text_and_reads_back_exactly() {
    let dir = dir_with("c.yaml", &hostile_valid());
    let run = errcat(dir.path(), &["dump-ir", "--catalog", "c.yaml"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_safe("dump-ir", &run.stdout);
    let ir: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(ir["errors"][0]["title"], format!("Bad {HOSTILE} input"));
}

#[test]
fn check_diffs_escape_what_the_files_hold() {
    let dir = dir_with("c.yaml", &hostile_valid());
    let run = errcat(
        dir.path(),
        &[
            "generate",
            "--catalog",
            "c.yaml",
            "--out",
            "gen",
            "--target",
            "markdown",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    // A stale file on disk holding raw escape sequences, as a diff would quote it.
    let page = dir.path().join("gen/markdown/errors.md");
    let text = std::fs::read_to_string(&page).unwrap();
    let stale = text.replacen("\n", &format!("\nedited {HOSTILE}\n"), 3);
    std::fs::write(&page, stale).unwrap();
    let run = errcat(
        dir.path(),
        &[
            "generate",
            "--catalog",
            "c.yaml",
            "--out",
            "gen",
            "--target",
            "markdown",
            "--check",
        ],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_safe("generate --check", &run.stderr);
    // The diff also splits the line at its CR (each piece keeps its `-`); all of it escaped.
    assert!(
        run.stderr
            .contains(r"-edited \u{1b}[2J\u{1b}]0;owned\u{7}\u{d}-\u{8}\u{9b}31m\u{202e}"),
        "{}",
        run.stderr
    );
}
