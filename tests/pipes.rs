//! Closed pipes and unwritable output streams: every command and format, with standard output or
//! standard error (or both) closed by its reader, ends quietly with the status it would have had;
//! the other stream says exactly what it says in a normal run. A full disk behind standard output
//! is an error, exit 2.

use std::io::Read as _;
use std::path::Path;
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_errcat");

/// A valid catalog of `n` errors; with `n` = 3,000 its `dump-ir` is far larger than a pipe's
/// buffer, so a writer blocks until the reader reads or goes away.
fn catalog(n: usize) -> String {
    let mut s = String::from(
        "errcat: 1
catalog: { name: shop, title: Shop, version: 1.0.0 }
categories:
  - { id: general, title: General, http_status: 400 }
errors:
",
    );
    for i in 0..n {
        s.push_str(&format!(
            "  - name: error_{i}
    code: {}
    category: general
    title: Error number {i}
    message: \"Item {{sku}} failed with error {i}.\"
    params: {{ sku: {{ type: string, description: The item }} }}
    fix: Try again.
",
            1000 + i
        ));
    }
    s
}

/// A working directory with `ok.yaml` (valid, one error), `bad.yaml` (two catalog problems) and
/// `big.yaml` (valid, 3,000 errors) and `bigbad.yaml` (3,000 errors, each with a misspelt key).
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ok.yaml"), catalog(1)).unwrap();
    std::fs::write(dir.path().join("big.yaml"), catalog(3000)).unwrap();
    let bigbad = catalog(3000).replace("    fix:", "    fixx:");
    std::fs::write(dir.path().join("bigbad.yaml"), bigbad).unwrap();
    let bad = catalog(1).replace("title: Shop", "titel: Shop") + "  - name: Bad Name\n";
    std::fs::write(dir.path().join("bad.yaml"), bad).unwrap();
    dir
}

#[derive(Clone, Copy, Debug)]
enum Closed {
    Stdout,
    Stderr,
    Both,
}

/// Runs errcat in `dir` with the chosen streams connected to a pipe whose reader is already
/// closed, as in `errcat … | true` once `true` has exited; the other stream is captured.
fn run_closed(dir: &Path, args: &[&str], closed: Closed) -> Output {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let mut cmd = Command::new(BIN);
    cmd.current_dir(dir).args(args).stdin(Stdio::null());
    match closed {
        Closed::Stdout => cmd.stdout(writer).stderr(Stdio::piped()),
        Closed::Stderr => cmd.stdout(Stdio::piped()).stderr(writer),
        Closed::Both => cmd.stdout(writer.try_clone().unwrap()).stderr(writer),
    };
    cmd.output().unwrap()
}

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .current_dir(dir)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

/// Output with run times (`in 12 ms`) masked, so two runs compare equal.
fn masked(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let mut out = String::new();
    for line in text.split_inclusive('\n') {
        match (line.rfind(" in "), line.trim_end().ends_with(" ms")) {
            (Some(at), true) => out.push_str(&format!("{} in N ms\n", &line[..at])),
            _ => out.push_str(line),
        }
    }
    out
}

fn assert_quiet(what: &str, other: &[u8]) {
    let other = String::from_utf8_lossy(other);
    for bad in ["panicked", "Broken pipe", "os error 32"] {
        assert!(!other.contains(bad), "{what}: `{bad}` printed:\n{other}");
    }
}

/// Every command and format, each run three times — stdout closed, stderr closed, both closed —
/// after a normal run that gives the expected exit code and streams. None may panic (exit 101)
/// or mention the pipe; each exits with the normal run's status, and the stream that stays open
/// holds exactly what the normal run printed there.
#[test]
fn a_closed_pipe_ends_every_command_quietly_with_its_own_status() {
    let ws = workspace();
    let dir = ws.path();
    // `generate --check` in a directory without output: every file is stale (exit 1).
    let cases: &[(&[&str], i32)] = &[
        (&["dump-ir", "--catalog", "ok.yaml"], 0),
        (&["dump-ir", "--catalog", "bad.yaml"], 1),
        (&["schema"], 0),
        (&["rules"], 0),
        (&["rules", "--markdown"], 0),
        (&["explain", "error_0", "--catalog", "ok.yaml"], 0),
        (&["explain", "error_O", "--catalog", "ok.yaml"], 2),
        (&["check", "--catalog", "ok.yaml"], 0),
        (&["check", "--catalog", "bad.yaml"], 1),
        (&["check", "--catalog", "ok.yaml", "--format", "json"], 0),
        (&["check", "--catalog", "bad.yaml", "--format", "json"], 1),
        (&["check", "--catalog", "bad.yaml", "--format", "github"], 1),
        (
            &["check", "--catalog", "missing.yaml", "--format", "json"],
            2,
        ),
        (
            &["generate", "--catalog", "ok.yaml", "--out", "x", "--check"],
            1,
        ),
        (
            &[
                "generate",
                "--catalog",
                "ok.yaml",
                "--out",
                "x",
                "--check",
                "--format",
                "json",
            ],
            1,
        ),
        (
            &[
                "generate",
                "--catalog",
                "ok.yaml",
                "--out",
                "x",
                "--check",
                "--format",
                "github",
            ],
            1,
        ),
        (&["generate", "--catalog", "bad.yaml", "--out", "x"], 1),
        (&["--help"], 0),
        (&["generate", "--help"], 0),
        (&["--version"], 0),
        (&["frobnicate"], 2),
    ];
    for (args, code) in cases {
        let normal = run(dir, args);
        assert_eq!(normal.status.code(), Some(*code), "{args:?} normally");
        for closed in [Closed::Stdout, Closed::Stderr, Closed::Both] {
            let what = format!("{args:?} with {closed:?} closed");
            let out = run_closed(dir, args, closed);
            assert_quiet(&what, &out.stdout);
            assert_quiet(&what, &out.stderr);
            assert_eq!(out.status.code(), Some(*code), "{what}");
            match closed {
                Closed::Stdout => assert_eq!(masked(&out.stderr), masked(&normal.stderr), "{what}"),
                Closed::Stderr => assert_eq!(masked(&out.stdout), masked(&normal.stdout), "{what}"),
                Closed::Both => {}
            }
        }
    }
}

/// `errcat generate … 2>&1 | true` (every stream closed) and `errcat generate --format json |
/// true` still generate: the output directory equals a normal run's, and the status is 0.
#[test]
fn generate_with_a_closed_log_still_writes_its_files() {
    let ws = workspace();
    let dir = ws.path();
    let normal = run(
        dir,
        &["generate", "--catalog", "ok.yaml", "--out", "normal"],
    );
    assert_eq!(normal.status.code(), Some(0));
    for (out, format, closed) in [
        ("both", "human", Closed::Both),
        ("json", "json", Closed::Stdout),
        ("github", "github", Closed::Both),
    ] {
        let args = [
            "generate",
            "--catalog",
            "ok.yaml",
            "--out",
            out,
            "--format",
            format,
        ];
        let run = run_closed(dir, &args, closed);
        assert_quiet(out, &run.stderr);
        assert_eq!(run.status.code(), Some(0), "{out}");
        for file in [
            "errcat-manifest.json",
            "rust/errors.rs",
            "typescript/errors.ts",
            "python/shop_errors/__init__.py",
            "python/shop_errors/py.typed",
            "json-schema/error-response.schema.json",
            "markdown/errors.md",
        ] {
            assert_eq!(
                std::fs::read(dir.join(out).join(file)).unwrap(),
                std::fs::read(dir.join("normal").join(file)).unwrap(),
                "{out}: {file}"
            );
        }
    }
}

/// `errcat dump-ir | head -c 10`: the reader takes ten bytes of a document much larger than the
/// pipe's buffer and goes away while errcat is still writing. errcat exits with its own status
/// (0; 1 for `check` of a catalog with 3,000 problems) without a word about the pipe.
#[test]
fn a_reader_that_leaves_mid_document_ends_the_output_quietly() {
    let ws = workspace();
    let dir = ws.path();
    for (args, code) in [
        (&["dump-ir", "--catalog", "big.yaml"][..], 0),
        (
            &["check", "--catalog", "bigbad.yaml", "--format", "json"][..],
            1,
        ),
        (
            &["check", "--catalog", "bigbad.yaml", "--format", "github"][..],
            1,
        ),
    ] {
        let mut child = Command::new(BIN)
            .current_dir(dir)
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdout = child.stdout.take().unwrap();
        let mut head = [0u8; 10];
        stdout.read_exact(&mut head).unwrap();
        drop(stdout);
        let out = child.wait_with_output().unwrap();
        assert_quiet(&format!("{args:?}"), &out.stderr);
        assert_eq!(out.status.code(), Some(code), "{args:?}");
        let (expected_head, expected_stderr) = match args[2] {
            "big.yaml" => (&b"{\n  \"name\""[..], ""),
            _ if args[4] == "json" => (
                &b"[\n  {\n    "[..],
                "error: catalog `bigbad.yaml` has 3000 errors\n",
            ),
            _ => (
                &b"::error fi"[..],
                "error: catalog `bigbad.yaml` has 3000 errors\n",
            ),
        };
        assert_eq!(&head[..], expected_head, "{args:?}");
        assert_eq!(String::from_utf8_lossy(&out.stderr), expected_stderr);
    }

    // The same through a shell pipeline with `pipefail`, so the status is errcat's own.
    #[cfg(unix)]
    {
        let script = format!("set -o pipefail; '{BIN}' dump-ir --catalog big.yaml | head -c 10");
        let out = Command::new("bash")
            .current_dir(dir)
            .args(["-c", &script])
            .output()
            .unwrap();
        assert_quiet("bash pipeline", &out.stderr);
        assert_eq!(out.stdout, b"{\n  \"name\"");
        assert_eq!(out.status.code(), Some(0));
    }
}

/// `errcat dump-ir > /dev/full`: the document cannot be written, so the run fails (exit 2) and
/// says why on standard error, once.
#[cfg(target_os = "linux")]
#[test]
fn an_unwritable_standard_output_is_an_error() {
    let ws = workspace();
    let dir = ws.path();
    for args in [
        &["dump-ir", "--catalog", "ok.yaml"][..],
        &["schema"][..],
        &["check", "--catalog", "bad.yaml", "--format", "json"][..],
    ] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let out = Command::new(BIN)
            .current_dir(dir)
            .args(args)
            .stdout(full)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.ends_with(
                "error: cannot write to standard output: No space left on device (os error 28); \
                 the output is incomplete\n"
            ),
            "{args:?}: {stderr}"
        );
        assert_eq!(stderr.matches("cannot write").count(), 1, "{stderr}");
    }
}
