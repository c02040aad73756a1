//! Catalog paths that are not readable files: a directory entry named `*.yaml`/`*.yml` that is a
//! dangling or looping symbolic link, a named pipe, a directory or unreadable is an I/O error
//! (exit 2) naming it, never skipped; `--catalog` naming a pipe or a device says what it is.
//! Nothing here may hang: every run has a time limit.
#![cfg(unix)]

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_errcat");

const VALID: &str = "errcat: 1
catalog: { name: shop, title: Shop, version: 1.0.0 }
categories:
  - { id: general, title: General, http_status: 400 }
errors:
  - { name: out_of_stock, code: 1, category: general, message: Out of stock. }
";

/// Runs errcat in `dir`, failing the test if it runs longer than 20 seconds (a blocked open or
/// an endless read); returns (exit code, stdout, stderr).
fn errcat(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let mut child = Command::new(BIN)
        .current_dir(dir)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(20) {
            child.kill().unwrap();
            panic!("errcat {args:?} hangs");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(!stderr.contains("panicked"), "{stderr}");
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        stderr,
    )
}

/// A catalog directory's name, how to put the bad entry in it, and the exact stderr.
type Case = (&'static str, fn(&Path), &'static str);

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success(), "mkfifo {}", path.display());
}

/// Five catalog directories, each holding a valid `a.yaml` and one entry named like a catalog
/// file that cannot be read as one. Each makes `check` and `generate` fail with exit 2 and a
/// message naming the entry and saying what it is; `generate` writes nothing. (Before, each
/// entry was skipped: its errors vanished from the output and the run exited 0.)
#[test]
fn an_unreadable_catalog_file_in_a_directory_is_an_error_never_skipped() {
    use std::os::unix::fs::symlink;
    let ws = tempfile::tempdir().unwrap();
    let dir = ws.path();
    let cases: [Case; 5] = [
        (
            "dangling",
            |d| symlink("nowhere.yaml", d.join("b.yaml")).unwrap(),
            "error: cannot read catalog file `dangling/b.yaml`: it is a symbolic link to \
             `nowhere.yaml`, which does not exist; fix or remove the link\n",
        ),
        (
            "looping",
            |d| {
                symlink("l2.yml", d.join("l1.yml")).unwrap();
                symlink("l1.yml", d.join("l2.yml")).unwrap();
            },
            "error: cannot read catalog file `looping/l1.yml`: it is a symbolic link to \
             `l2.yml`, which cannot be followed (Too many levels of symbolic links (os error \
             40)); fix or remove the link\n",
        ),
        (
            "fifo",
            |d| mkfifo(&d.join("p.yaml")),
            "error: catalog file `fifo/p.yaml` is a named pipe (FIFO), not a file; errcat reads \
             every *.yaml and *.yml file in `fifo`: rename it or move it out of the directory\n",
        ),
        (
            "directory",
            |d| std::fs::create_dir(d.join("more.yaml")).unwrap(),
            "error: catalog file `directory/more.yaml` is a directory, not a file; errcat reads \
             every *.yaml and *.yml file in `directory`: rename it or move it out of the \
             directory\n",
        ),
        (
            "device",
            |d| symlink("/dev/zero", d.join("zero.yaml")).unwrap(),
            "error: catalog file `device/zero.yaml` is a character device, not a file; errcat \
             reads every *.yaml and *.yml file in `device`: rename it or move it out of the \
             directory\n",
        ),
    ];
    for (name, make, expected) in cases {
        let catalog = dir.join(name);
        std::fs::create_dir(&catalog).unwrap();
        std::fs::write(catalog.join("a.yaml"), VALID).unwrap();
        make(&catalog);
        let (code, _, stderr) = errcat(dir, &["check", "--catalog", name]);
        assert_eq!((code, stderr.as_str()), (2, expected), "{name}");
        let out = format!("out-{name}");
        let (code, _, stderr) = errcat(dir, &["generate", "--catalog", name, "--out", &out]);
        assert_eq!((code, stderr.as_str()), (2, expected), "{name}");
        assert!(!dir.join(&out).exists(), "{name}: generate wrote {out}");
        // Machine formats carry it as their one document.
        let (code, stdout, _) = errcat(dir, &["check", "--catalog", name, "--format", "json"]);
        assert_eq!(code, 2, "{name}");
        let doc: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        assert_eq!(doc[0]["rule"], "io-error", "{name}: {stdout}");
    }
}

/// Tests run as root, which reads any file whatever its mode, so a file that cannot be opened is
/// not something a test can make here. A file that opens and then fails to read can be:
/// `/proc/self/mem` at offset 0 gives an I/O error. It is an error naming the catalog file.
#[cfg(target_os = "linux")]
#[test]
fn a_catalog_file_that_fails_to_read_is_an_error() {
    let ws = tempfile::tempdir().unwrap();
    let dir = ws.path();
    std::fs::create_dir(dir.join("c")).unwrap();
    std::fs::write(dir.join("c/a.yaml"), VALID).unwrap();
    std::os::unix::fs::symlink("/proc/self/mem", dir.join("c/mem.yaml")).unwrap();
    let (code, _, stderr) = errcat(dir, &["check", "--catalog", "c"]);
    assert_eq!(
        (code, stderr.as_str()),
        (
            2,
            "error: cannot read `c/mem.yaml`: Input/output error (os error 5)\n"
        )
    );
}

/// `--catalog` naming a named pipe (nobody writes to it), `/dev/null` or `/dev/zero` (endless):
/// errcat says what it is at once, exit 2, without opening it.
#[test]
fn a_catalog_path_that_is_a_pipe_or_a_device_says_what_it_is() {
    let ws = tempfile::tempdir().unwrap();
    let dir = ws.path();
    mkfifo(&dir.join("pipe.yaml"));
    for (path, kind) in [
        ("pipe.yaml", "a named pipe (FIFO)"),
        ("/dev/null", "a character device"),
        ("/dev/zero", "a character device"),
    ] {
        for command in ["check", "dump-ir"] {
            let (code, stdout, stderr) = errcat(dir, &[command, "--catalog", path]);
            assert_eq!(
                (code, stdout.as_str(), stderr.as_str()),
                (
                    2,
                    "",
                    format!(
                        "error: catalog `{path}` is {kind}, not a file or a directory; pass a \
                         catalog file or a directory of *.yaml files\n"
                    )
                    .as_str()
                ),
                "{command} {path}"
            );
        }
    }
}

/// A catalog file replaced by a named pipe between listing and reading (or handed to the library
/// directly) is opened without blocking and refused: `read_source` returns at once.
#[test]
fn reading_a_named_pipe_never_blocks() {
    let ws = tempfile::tempdir().unwrap();
    let fifo = ws.path().join("c.yaml");
    mkfifo(&fifo);
    let (tx, rx) = std::sync::mpsc::channel();
    let path = fifo.clone();
    std::thread::spawn(move || {
        let result = errcat::loader::read_source(&path, &errcat::LoadOptions::default());
        let _ = tx.send(result.map(|_| ()).map_err(|e| e.to_string()));
    });
    let result = rx
        .recv_timeout(Duration::from_secs(20))
        .expect("read_source blocks on a named pipe");
    assert_eq!(
        result,
        Err(format!(
            "catalog file `{}` is a named pipe (FIFO), not a file",
            fifo.display()
        ))
    );
}

/// Hidden entries are not catalog files, as a shell's `*.yaml` skips them: an editor's lock
/// file (Emacs's `.#errors.yaml`, a dangling link while the file is edited) or swap file does
/// not stop a run, and its content is not read.
#[test]
fn hidden_entries_are_not_catalog_files() {
    let dir = tempfile::tempdir().unwrap();
    let catalog = dir.path().join("catalog");
    std::fs::create_dir(&catalog).unwrap();
    std::fs::write(catalog.join("a.yaml"), VALID).unwrap();
    std::os::unix::fs::symlink("root@host.1234:1700000000", catalog.join(".#a.yaml")).unwrap();
    std::fs::write(catalog.join(".b.yaml"), "not: [a catalog").unwrap();
    let (code, _, stderr) = errcat(
        dir.path(),
        &["check", "--catalog", "catalog", "--allow", "missing-fix"],
    );
    assert_eq!(
        (code, stderr.as_str()),
        (0, "catalog `catalog` is valid: 1 error\n")
    );
}
