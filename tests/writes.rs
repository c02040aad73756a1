//! Safe writes: a killed run, two concurrent runs, an unwritable directory, stale outputs, files
//! errcat did not generate, symbolic links and a hostile manifest never leave a damaged output
//! or touch anything errcat does not own.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_errcat");
const MANIFEST: &str = "errcat-manifest.json";

/// A small valid catalog. Two catalogs with different names and errors differ in every output
/// file (the header names the catalog file, the Python package is named after the catalog).
fn catalog(name: &str, error: &str, code: u32) -> String {
    format!(
        "errcat: 1
catalog: {{ name: {name}, title: {name} API, version: 1.0.0 }}
categories:
  - {{ id: general, title: General, http_status: 400 }}
errors:
  - name: {error}
    code: {code}
    category: general
    title: Something about {error}
    message: \"Item {{sku}} failed: {error}.\"
    params: {{ sku: {{ type: string, description: The item }} }}
    fix: Try {error} again.
"
    )
}

/// A working directory holding catalogs `a.yaml` (`alpha`) and `b.yaml` (`beta`).
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.yaml"),
        catalog("alpha", "out_of_stock", 1),
    )
    .unwrap();
    std::fs::write(dir.path().join("b.yaml"), catalog("beta", "sold_out", 2)).unwrap();
    dir
}

fn command(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.current_dir(dir).args(args);
    cmd
}

fn run(dir: &Path, args: &[&str]) -> (i32, String) {
    let out: Output = command(dir, args).output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(!stderr.contains("panicked"), "errcat panicked:\n{stderr}");
    (out.status.code().expect("exited normally"), stderr)
}

/// `errcat generate --catalog <catalog> --out <out> <extra…>`, which must succeed.
fn generate(dir: &Path, catalog: &str, out: &str, extra: &[&str]) -> String {
    let mut args = vec!["generate", "--catalog", catalog, "--out", out];
    args.extend_from_slice(extra);
    let (code, stderr) = run(dir, &args);
    assert_eq!(code, 0, "{args:?} failed:\n{stderr}");
    stderr
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Entry {
    Dir,
    File(Vec<u8>),
    Link(PathBuf),
}

/// Everything below `dir` by `/`-separated relative path, without following symbolic links.
fn snapshot(dir: &Path) -> BTreeMap<String, Entry> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Entry>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let rel = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let meta = std::fs::symlink_metadata(&path).unwrap();
            if meta.is_symlink() {
                out.insert(rel, Entry::Link(std::fs::read_link(&path).unwrap()));
            } else if meta.is_dir() {
                out.insert(rel, Entry::Dir);
                walk(root, &path, out);
            } else {
                out.insert(rel, Entry::File(std::fs::read(&path).unwrap()));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// Fails naming every path that differs, rather than printing both trees.
fn assert_same(actual: &BTreeMap<String, Entry>, expected: &BTreeMap<String, Entry>, what: &str) {
    let keys: std::collections::BTreeSet<&String> = actual.keys().chain(expected.keys()).collect();
    let differing: Vec<String> = keys
        .into_iter()
        .filter(|k| actual.get(*k) != expected.get(*k))
        .map(|k| match (actual.get(k), expected.get(k)) {
            (Some(_), None) => format!("unexpected {k}"),
            (None, Some(_)) => format!("missing {k}"),
            _ => format!("different {k}"),
        })
        .collect();
    assert!(differing.is_empty(), "{what}: {differing:?}");
}

fn temp_files(snapshot: &BTreeMap<String, Entry>) -> Vec<&String> {
    snapshot
        .keys()
        .filter(|k| k.rsplit('/').next().unwrap().starts_with(".errcat-"))
        .collect()
}

/// Catalog `name`'s complete output, generated into a fresh `expect-<name>` directory of `dir`.
fn expected(dir: &Path, catalog: &str) -> BTreeMap<String, Entry> {
    let out = format!("expect-{catalog}");
    generate(dir, catalog, &out, &["--quiet"]);
    snapshot(&dir.join(out))
}

/// A tiny seeded xorshift: the same delays on every run of the test.
struct XorShift(u64);

impl XorShift {
    fn below(&mut self, n: u64) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x % n.max(1)
    }
}

/// 200 runs, alternately of catalog A and catalog B (whose outputs differ in every file), each
/// SIGKILLed after a seeded random delay spread over the measured length of a whole run. After
/// every kill each output file must be byte-equal to A's or B's version of it (the manifest to
/// A's, B's or, between its write-ahead entry and its final write, the one listing both), and
/// nothing else may be there but errcat's temporary files; every file must be listed in the
/// manifest and every temporary file be in a directory of a listed file, so that the next run
/// can clean up whatever a killed run left. A final normal run must leave exactly
/// A's output, with no temporary file.
#[test]
fn a_killed_run_leaves_every_file_old_or_new() {
    const KILLS: usize = 200;
    let ws = workspace();
    let dir = ws.path();
    let a = expected(dir, "a.yaml");
    let b = expected(dir, "b.yaml");
    let manifest = |s: &BTreeMap<String, Entry>| match &s[MANIFEST] {
        Entry::File(bytes) => bytes.clone(),
        other => panic!("manifest is {other:?}"),
    };
    let manifests = [manifest(&a), manifest(&b)];

    // How long a whole run takes here, rewriting every file (the longest of a few).
    let mut run_time = Duration::ZERO;
    for catalog in ["a.yaml", "b.yaml", "a.yaml", "b.yaml", "a.yaml", "b.yaml"] {
        let start = Instant::now();
        generate(dir, catalog, "out", &["--quiet"]);
        run_time = run_time.max(start.elapsed());
    }
    let span = run_time.as_micros() as u64 * 11 / 10;

    let mut rng = XorShift(0x5eed_0bad_cafe_f00d);
    let (mut interrupted, mut mixed) = (0, 0);
    for i in 0..KILLS {
        let catalog = if i % 2 == 0 { "b.yaml" } else { "a.yaml" };
        let mut child = command(
            dir,
            &["generate", "--catalog", catalog, "--out", "out", "--quiet"],
        )
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
        std::thread::sleep(Duration::from_micros(rng.below(span)));
        let _ = child.kill();
        let output = child.wait_with_output().unwrap();
        match output.status.code() {
            None => interrupted += 1,
            Some(0) => {}
            Some(code) => panic!(
                "kill {i}: a run after a killed run failed with {code}:\n{}",
                String::from_utf8_lossy(&output.stderr)
            ),
        }
        let now = snapshot(&dir.join("out"));
        let mut from = (false, false);
        for (path, entry) in &now {
            if temp_files(&now).contains(&path) || *entry == Entry::Dir {
                continue;
            }
            let Entry::File(bytes) = entry else {
                panic!("kill {i}: {path} is {entry:?}");
            };
            if path == MANIFEST {
                let json: serde_json::Value = serde_json::from_slice(bytes).unwrap();
                let write_ahead = json["targets"]
                    .as_object()
                    .is_some_and(|t| t.values().any(|e| e.get("pending").is_some()));
                assert!(
                    manifests.contains(bytes) || write_ahead,
                    "kill {i}: the manifest is neither A's, B's nor a write-ahead manifest:\n{}",
                    String::from_utf8_lossy(bytes)
                );
                continue;
            }
            let is_a = a.get(path) == Some(entry);
            let is_b = b.get(path) == Some(entry);
            assert!(
                is_a || is_b,
                "kill {i}: {path} is neither catalog A's nor catalog B's"
            );
            from = (from.0 || is_a && !is_b, from.1 || is_b && !is_a);
        }
        // Whatever a killed run left, the next run can clean up: every file is listed in the
        // manifest (written ahead of the files it replaces or adds) with the sha256 of its
        // content, so the next run can prove it is errcat's, and every temporary file is named
        // after a listed file next to it (or the manifest), so the next run removes it.
        let Some(Entry::File(manifest)) = now.get(MANIFEST) else {
            panic!("kill {i}: the manifest is missing");
        };
        let manifest = errcat::writer::parse_manifest(manifest).unwrap();
        assert!(manifest.refused.is_empty(), "kill {i}: {manifest:?}");
        for (path, entry) in &now {
            if temp_files(&now).contains(&path) {
                let (dir, name) = path.rsplit_once('/').unwrap_or(("", path));
                let target = name
                    .strip_prefix(".errcat-")
                    .and_then(|n| n.strip_suffix(".tmp"))
                    .unwrap_or_else(|| panic!("kill {i}: {path} is not named as errcat names"));
                let target = if dir.is_empty() {
                    target.to_owned()
                } else {
                    format!("{dir}/{target}")
                };
                assert!(
                    target == MANIFEST || manifest.entries.contains_key(&target),
                    "kill {i}: the temporary file {path} is not next to a listed file, so no \
                     run will remove it"
                );
            } else if let Entry::File(bytes) = entry
                && path != MANIFEST
            {
                let sha = errcat::writer::sha256_hex(bytes);
                assert!(
                    manifest.entries.get(path).is_some_and(|d| d.contains(&sha)),
                    "kill {i}: {path} is not in the manifest with its sha256, so no run can \
                     prove it is errcat's"
                );
            }
        }
        if from == (true, true) || !temp_files(&now).is_empty() {
            mixed += 1;
        }
    }
    eprintln!(
        "{KILLS} runs over {span} µs: {interrupted} killed before exiting, {mixed} left a mix of \
         old and new files or temporary files"
    );

    generate(dir, "a.yaml", "out", &["--quiet"]);
    let after = snapshot(&dir.join("out"));
    assert!(temp_files(&after).is_empty(), "{:?}", temp_files(&after));
    assert_same(
        &after,
        &a,
        "after a final run, out/ is not exactly A's output",
    );
}

/// 25 iterations of two `generate` runs started at once on the same output directory, one for
/// catalog A and one for catalog B (every fifth iteration on a directory that does not exist
/// yet). Both must succeed, and the directory must then be exactly A's output or exactly B's,
/// manifest included.
#[test]
fn concurrent_runs_leave_one_complete_output() {
    const ITERATIONS: usize = 25;
    let ws = workspace();
    let dir = ws.path();
    let a = expected(dir, "a.yaml");
    let b = expected(dir, "b.yaml");
    for i in 0..ITERATIONS {
        if i % 5 == 0 {
            let _ = std::fs::remove_dir_all(dir.join("out"));
        }
        let catalogs = if i % 2 == 0 {
            ["a.yaml", "b.yaml"]
        } else {
            ["b.yaml", "a.yaml"]
        };
        let children: Vec<_> = catalogs
            .iter()
            .map(|c| {
                command(
                    dir,
                    &["generate", "--catalog", c, "--out", "out", "--quiet"],
                )
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
            })
            .collect();
        for child in children {
            let output = child.wait_with_output().unwrap();
            assert!(
                output.status.success(),
                "iteration {i}: {}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
        let now = snapshot(&dir.join("out"));
        if now != b {
            assert_same(
                &now,
                &a,
                &format!("iteration {i}: out/ is neither A's output nor B's"),
            );
        }
    }
}

/// Three unwritable outputs, one run each: a path through a regular file; a run that fails
/// while staging (a directory name longer than the file system allows, which fails for root
/// too) over an existing output, after staging other files; the same into a directory that does
/// not exist yet. Each exits
/// 2 with the reason, leaves existing files as they were and leaves no temporary file.
#[test]
fn an_unwritable_output_directory_is_a_clear_error_and_changes_nothing() {
    let ws = workspace();
    let dir = ws.path();
    std::fs::write(dir.join("file.txt"), "not a directory\n").unwrap();
    let (code, stderr) = run(
        dir,
        &["generate", "--catalog", "a.yaml", "--out", "file.txt/out"],
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.starts_with("error: cannot create the output directory `file.txt/out`: "),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("file.txt")).unwrap(),
        "not a directory\n"
    );

    // The Python package directory is named after the catalog: 257 bytes is too long. Over an
    // output without Python, the Rust and TypeScript files and the `python/` directory are
    // staged before that fails, and must all be rolled back.
    let long = "x".repeat(250);
    std::fs::write(dir.join("long.yaml"), catalog(&long, "out_of_stock", 1)).unwrap();
    generate(
        dir,
        "a.yaml",
        "out",
        &["--quiet", "--target", "rust", "--target", "typescript"],
    );
    let before = snapshot(&dir.join("out"));
    let (code, stderr) = run(dir, &["generate", "--catalog", "long.yaml", "--out", "out"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.starts_with(&format!(
            "error: cannot create directory `out/python/{long}_errors`: "
        )),
        "{stderr}"
    );
    assert_same(
        &snapshot(&dir.join("out")),
        &before,
        "a failed run changed the output",
    );

    let (code, stderr) = run(
        dir,
        &["generate", "--catalog", "long.yaml", "--out", "fresh"],
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(!dir.join("fresh").exists(), "a failed run left `fresh/`");
}

/// One run that cannot write its files, as on a full disk: a file size limit (`ulimit -f`, which
/// binds root too; 12 blocks of 512 bytes; `SIGXFSZ` ignored so that the write fails instead of
/// killing the process) lets errcat write its write-ahead manifest but not the Rust file. The run exits 2
/// naming the file, and the output is left exactly as it was, manifest included, with no
/// temporary file.
#[cfg(unix)]
#[test]
fn a_write_error_leaves_the_output_as_it_was() {
    let ws = workspace();
    let dir = ws.path();
    generate(dir, "a.yaml", "out", &["--quiet"]);
    let before = snapshot(&dir.join("out"));
    let output = Command::new("sh")
        .current_dir(dir)
        .args([
            "-c",
            "trap '' XFSZ; ulimit -f 12; exec \"$0\" generate --catalog b.yaml --out out",
            BIN,
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert_eq!(
        stderr,
        "error: cannot write `out/rust/errors.rs`: File too large (os error 27)\n"
    );
    assert_same(
        &snapshot(&dir.join("out")),
        &before,
        "a failed write changed the output",
    );
}

/// All targets, then `--target rust`: a run of one target leaves the other targets' files
/// alone. Then a catalog rename removes the old Python package and the directory it leaves
/// empty, each file reported, but not a user's files next to generated ones.
#[test]
fn stale_outputs_are_reported_and_removed_and_user_files_are_kept() {
    let ws = workspace();
    let dir = ws.path();
    generate(dir, "a.yaml", "out", &[]);
    let out = dir.join("out");
    std::fs::write(out.join("NOTES.md"), "my notes\n").unwrap();
    std::fs::write(out.join("typescript/README.md"), "mine too\n").unwrap();
    let before = snapshot(&out);
    let stderr = generate(dir, "a.yaml", "out", &["--target", "rust"]);
    assert!(
        stderr.starts_with("generated 1 target: 1 file, 0 changed, from 1 error"),
        "{stderr}"
    );
    assert_same(&snapshot(&out), &before, "a run of one target");

    // A renamed catalog: the old package goes, the user's files stay.
    let stderr = generate(dir, "b.yaml", "out", &[]);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(
        lines[..2],
        [
            "removed out/python/alpha_errors/__init__.py (no longer generated)",
            "removed out/python/alpha_errors/py.typed (no longer generated)",
        ],
        "{stderr}"
    );
    assert!(
        lines[2]
            .starts_with("generated 6 targets: 13 files, 13 changed, 2 removed, from 1 error in "),
        "{stderr}"
    );
    let mut expected = expected(dir, "b.yaml");
    expected.insert("NOTES.md".into(), Entry::File(b"my notes\n".to_vec()));
    expected.insert(
        "typescript/README.md".into(),
        Entry::File(b"mine too\n".to_vec()),
    );
    assert_same(&snapshot(&out), &expected, "after renaming the catalog");
}

/// `--target rust`, then `--target typescript` into one directory: each keeps the other's
/// files, and the manifest records each file under its target; `--check` of either is fresh,
/// and a later run of one target with another catalog changes only its own files. A version 2
/// manifest (no targets) is read with each entry under the target whose folder it is in: a run
/// of one target keeps the others' files and entries. A file listed under one target that a run
/// generates for another is refused.
#[test]
fn targets_run_one_at_a_time_never_delete_each_others_files() {
    let ws = workspace();
    let dir = ws.path();
    let out = dir.join("out");
    generate(dir, "a.yaml", "out", &["--quiet", "--target", "rust"]);
    generate(dir, "a.yaml", "out", &["--quiet", "--target", "typescript"]);
    let rust = std::fs::read(out.join("rust/errors.rs")).unwrap();
    let typescript = std::fs::read(out.join("typescript/errors.ts")).unwrap();
    let manifest =
        errcat::writer::parse_manifest(&std::fs::read(out.join(MANIFEST)).unwrap()).unwrap();
    let owners: Vec<(&str, &str)> = manifest
        .owners
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    assert_eq!(
        owners,
        [
            ("rust/errors.rs", "rust"),
            ("typescript/errors.ts", "typescript"),
            ("typescript/index.cjs", "typescript"),
            ("typescript/index.d.cts", "typescript"),
            ("typescript/index.d.ts", "typescript"),
            ("typescript/index.js", "typescript"),
            ("typescript/package.json", "typescript")
        ]
    );
    for target in ["rust", "typescript"] {
        let args = ["generate", "--check", "--catalog", "a.yaml", "--out", "out"];
        let (code, stderr) = run(dir, &[&args[..], &["--quiet", "--target", target]].concat());
        assert_eq!((code, stderr.as_str()), (0, ""), "{target}");
    }
    generate(dir, "b.yaml", "out", &["--quiet", "--target", "typescript"]);
    assert_eq!(std::fs::read(out.join("rust/errors.rs")).unwrap(), rust);
    assert_ne!(
        std::fs::read(out.join("typescript/errors.ts")).unwrap(),
        typescript
    );

    // A version 2 manifest of the complete output of `a.yaml`.
    let old = dir.join("old");
    generate(dir, "a.yaml", "old", &["--quiet"]);
    let complete = snapshot(&old);
    let v3 = errcat::writer::parse_manifest(&std::fs::read(old.join(MANIFEST)).unwrap()).unwrap();
    let v2 = serde_json::json!({
        "errcat_manifest": 2,
        "files": v3.entries.iter().map(|(p, d)| (p.clone(), d[0].clone())).collect::<BTreeMap<_, _>>(),
    });
    std::fs::write(old.join(MANIFEST), v2.to_string()).unwrap();
    let stderr = generate(dir, "b.yaml", "old", &["--target", "typescript"]);
    assert!(
        stderr.starts_with("generated 1 target: 6 files, 6 changed, from 1 error in "),
        "{stderr}"
    );
    let now = snapshot(&old);
    for (path, entry) in &complete {
        if !path.starts_with("typescript") && path != MANIFEST {
            assert_eq!(now.get(path), Some(entry), "{path} changed");
        }
    }
    let upgraded =
        errcat::writer::parse_manifest(&std::fs::read(old.join(MANIFEST)).unwrap()).unwrap();
    assert_eq!(upgraded.entries.len(), 13, "{upgraded:?}");
    assert_eq!(upgraded.owners["python/alpha_errors/py.typed"], "python");
    assert_eq!(upgraded.targets.len(), 6);

    // A manifest that lists rust's file under typescript.
    let text = std::fs::read_to_string(out.join(MANIFEST)).unwrap();
    let mut json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let rust_entry = json["targets"]["rust"]["files"]["rust/errors.rs"].clone();
    json["targets"]["rust"]["files"] = serde_json::json!({});
    json["targets"]["typescript"]["files"]["rust/errors.rs"] = rust_entry;
    std::fs::write(out.join(MANIFEST), json.to_string()).unwrap();
    let before = snapshot(&out);
    let (code, stderr) = run(
        dir,
        &[
            "generate",
            "--catalog",
            "a.yaml",
            "--out",
            "out",
            "--target",
            "rust",
        ],
    );
    assert_eq!(
        (code, stderr.as_str()),
        (
            2,
            "error: refusing to overwrite `out/rust/errors.rs`: `out/errcat-manifest.json` lists \
             it as generated by the typescript target, and this run generates it for the rust \
             target; two targets cannot share a file: give them different output paths\n"
        )
    );
    assert_same(&snapshot(&out), &before, "a refused run wrote");
}

/// Four output directories, one run each (plus the setup runs): a file without errcat's header
/// at an output path is refused, also a non-empty `py.typed`; an output written before errcat
/// had a manifest (files with the header, an empty `py.typed`) is adopted.
#[test]
fn files_errcat_did_not_generate_are_never_overwritten() {
    let ws = workspace();
    let dir = ws.path();
    let mine = dir.join("out/rust/errors.rs");
    std::fs::create_dir_all(mine.parent().unwrap()).unwrap();
    std::fs::write(&mine, "// my own code\n").unwrap();
    let before = snapshot(&dir.join("out"));
    let (code, stderr) = run(dir, &["generate", "--catalog", "a.yaml", "--out", "out"]);
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(
        stderr,
        "error: refusing to overwrite `out/rust/errors.rs`: errcat did not generate it (it is not \
         in `out/errcat-manifest.json` and has no \"generated by errcat\" header); move it away, \
         or pass another `--out`\n"
    );
    assert_same(&snapshot(&dir.join("out")), &before, "a refused run wrote");

    let typed = dir.join("typed/python/alpha_errors/py.typed");
    std::fs::create_dir_all(typed.parent().unwrap()).unwrap();
    std::fs::write(&typed, "partial\n").unwrap();
    let (code, stderr) = run(dir, &["generate", "--catalog", "a.yaml", "--out", "typed"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.starts_with("error: refusing to overwrite `typed/python/alpha_errors/py.typed`"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(&typed).unwrap(), "partial\n");

    // Output from before the manifest: A's files with their headers and an empty py.typed.
    generate(dir, "a.yaml", "old", &["--quiet"]);
    std::fs::remove_file(dir.join("old").join(MANIFEST)).unwrap();
    generate(dir, "b.yaml", "old", &["--quiet"]);
    let a = expected(dir, "a.yaml");
    let mut expected = expected(dir, "b.yaml");
    // Without a manifest errcat cannot know A's package was its own, so it stays.
    for path in [
        "python/alpha_errors",
        "python/alpha_errors/__init__.py",
        "python/alpha_errors/py.typed",
    ] {
        expected.insert(path.into(), a[path].clone());
    }
    assert_same(
        &snapshot(&dir.join("old")),
        &expected,
        "a pre-manifest output",
    );
}

/// Symbolic links below the output directory, one run each: a linked subdirectory and a linked
/// file are refused and nothing outside is written; a stale file that is a link is refused (errcat
/// never creates links); a stale file below a linked directory is refused; the output directory itself may be a
/// link.
#[cfg(unix)]
#[test]
fn symbolic_links_below_the_output_directory_are_never_followed() {
    use std::os::unix::fs::symlink;
    let ws = workspace();
    let dir = ws.path();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("keep.md"), "outside\n").unwrap();
    let untouched = snapshot(outside.path());

    std::fs::create_dir(dir.join("out")).unwrap();
    symlink(outside.path(), dir.join("out/rust")).unwrap();
    let (code, stderr) = run(dir, &["generate", "--catalog", "a.yaml", "--out", "out"]);
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(
        stderr,
        "error: `out/rust` is a symbolic link; errcat never writes through a symbolic link below \
         the output directory (only the output directory itself may be one): replace it with a \
         real directory or file, or pass another `--out`\n"
    );
    assert_same(&snapshot(outside.path()), &untouched, "written outside");
    assert_eq!(snapshot(&dir.join("out")).len(), 1, "a refused run wrote");

    std::fs::create_dir_all(dir.join("file/markdown")).unwrap();
    symlink(
        outside.path().join("keep.md"),
        dir.join("file/markdown/errors.md"),
    )
    .unwrap();
    let (code, stderr) = run(dir, &["generate", "--catalog", "a.yaml", "--out", "file"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.starts_with("error: `file/markdown/errors.md` is a symbolic link;"),
        "{stderr}"
    );
    assert_same(&snapshot(outside.path()), &untouched, "written outside");

    // A stale output (the Python package of a renamed catalog) that is now a link: errcat
    // never creates links, so it did not create this one; it is refused, and the link and what
    // it leads to stay.
    generate(dir, "a.yaml", "stale", &["--quiet"]);
    std::fs::remove_file(dir.join("stale/python/alpha_errors/py.typed")).unwrap();
    symlink(
        outside.path().join("keep.md"),
        dir.join("stale/python/alpha_errors/py.typed"),
    )
    .unwrap();
    let before = snapshot(&dir.join("stale"));
    let (code, stderr) = run(
        dir,
        &[
            "generate",
            "--catalog",
            "b.yaml",
            "--out",
            "stale",
            "--target",
            "python",
        ],
    );
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(
        stderr,
        "error: refusing to delete `stale/python/alpha_errors/py.typed`, which \
         `stale/errcat-manifest.json` lists as generated: it is a symbolic link, and errcat only \
         generates regular files; if it is yours, remove its entry from the manifest, if not, \
         delete it yourself\n"
    );
    assert_same(
        &snapshot(&dir.join("stale")),
        &before,
        "a refused run wrote",
    );
    assert_same(&snapshot(outside.path()), &untouched, "removed outside");

    // A stale output below a linked directory: refused, the file it leads to stays.
    generate(dir, "a.yaml", "below", &["--quiet"]);
    std::fs::rename(
        dir.join("below/python/alpha_errors"),
        outside.path().join("alpha_errors"),
    )
    .unwrap();
    symlink(
        outside.path().join("alpha_errors"),
        dir.join("below/python/alpha_errors"),
    )
    .unwrap();
    let (code, stderr) = run(
        dir,
        &[
            "generate",
            "--catalog",
            "b.yaml",
            "--out",
            "below",
            "--target",
            "python",
        ],
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.starts_with("error: `below/python/alpha_errors` is a symbolic link;"),
        "{stderr}"
    );
    assert!(outside.path().join("alpha_errors/py.typed").is_file());

    // The output directory itself may be a link the user chose.
    std::fs::create_dir(dir.join("real")).unwrap();
    symlink(dir.join("real"), dir.join("linked")).unwrap();
    generate(dir, "a.yaml", "linked", &["--quiet"]);
    assert_same(
        &snapshot(&dir.join("real")),
        &expected(dir, "a.yaml"),
        "through a linked output directory",
    );
}

/// Seven manifests, one run each, whose entry is not a plain relative path (`..`, absolute,
/// `.`, empty components, backslashes): each is rejected with exit 2 and the file it names
/// survives.
#[test]
fn a_manifest_entry_outside_the_output_directory_is_rejected() {
    let ws = workspace();
    let dir = ws.path();
    let victim = dir.join("victim.txt");
    std::fs::write(&victim, "precious\n").unwrap();
    generate(dir, "a.yaml", "out", &["--quiet"]);
    let absolute = victim.to_string_lossy().into_owned();
    for entry in [
        "../victim.txt",
        "rust/../../victim.txt",
        absolute.as_str(),
        "./rust/errors.rs",
        "rust//errors.rs",
        "..\\victim.txt",
        "",
    ] {
        let manifest = serde_json::json!({ "errcat_manifest": 1, "files": [entry] });
        std::fs::write(dir.join("out").join(MANIFEST), manifest.to_string()).unwrap();
        let (code, stderr) = run(
            dir,
            &[
                "generate",
                "--catalog",
                "a.yaml",
                "--out",
                "out",
                "--target",
                "rust",
            ],
        );
        assert_eq!(code, 2, "{entry}: {stderr}");
        assert_eq!(
            stderr,
            format!(
                "error: refusing to act on the entry `{entry}` of `out/{MANIFEST}`: it is not a \
                 plain relative path below the output directory; errcat never touches such a \
                 path: remove the entry from the manifest\n"
            ),
            "{entry}"
        );
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious\n");
        assert!(dir.join("out/typescript/errors.ts").is_file());
    }
}

/// Three template directories, one run each: an override that is a symbolic link to a file
/// outside `--templates`, a linked subdirectory leading outside, and a misspelt override path.
/// Each is refused with exit 2 before anything is written.
#[cfg(unix)]
#[test]
fn template_overrides_cannot_reach_outside_their_directory() {
    use std::os::unix::fs::symlink;
    let ws = workspace();
    let dir = ws.path();
    let outside = tempfile::tempdir().unwrap();
    std::fs::create_dir(outside.path().join("markdown")).unwrap();
    std::fs::write(
        outside.path().join("markdown/errors.md.tera"),
        "{{ header }}\n",
    )
    .unwrap();
    let real = outside.path().canonicalize().unwrap();

    std::fs::create_dir_all(dir.join("tpl/markdown")).unwrap();
    symlink(
        outside.path().join("markdown/errors.md.tera"),
        dir.join("tpl/markdown/errors.md.tera"),
    )
    .unwrap();
    std::fs::create_dir(dir.join("tpl2")).unwrap();
    symlink(outside.path().join("markdown"), dir.join("tpl2/markdown")).unwrap();
    std::fs::create_dir_all(dir.join("tpl3/markdown")).unwrap();
    std::fs::write(dir.join("tpl3/markdown/error.md.tera"), "{{ header }}\n").unwrap();

    let cases = [
        (
            "tpl",
            format!(
                "error: template `tpl/markdown/errors.md.tera` is a symbolic link to \
                 `{}/markdown/errors.md.tera`, outside the templates directory `tpl`; errcat \
                 reads templates only from inside it\n",
                real.display()
            ),
        ),
        (
            "tpl2",
            format!(
                "error: template `tpl2/markdown` is a symbolic link to `{}/markdown`, outside the \
                 templates directory `tpl2`; errcat reads templates only from inside it\n",
                real.display()
            ),
        ),
        (
            "tpl3",
            "error: template `tpl3/markdown/error.md.tera` overrides no built-in template; did \
             you mean `markdown/errors.md.tera`? an override has the relative path of a built-in \
             template: "
                .to_owned(),
        ),
    ];
    for (templates, expected) in cases {
        let (code, stderr) = run(
            dir,
            &["generate", "--catalog", "a.yaml", "--templates", templates],
        );
        assert_eq!(code, 2, "{stderr}");
        assert!(stderr.starts_with(&expected), "{stderr}");
        assert!(!dir.join("generated").exists(), "a refused run wrote");
    }

    // A link that stays inside the directory is fine.
    std::fs::create_dir_all(dir.join("tpl4/shared")).unwrap();
    std::fs::write(dir.join("tpl4/shared/page.txt"), "{{ header }}\n").unwrap();
    std::fs::create_dir(dir.join("tpl4/markdown")).unwrap();
    symlink(
        "../shared/page.txt",
        dir.join("tpl4/markdown/errors.md.tera"),
    )
    .unwrap();
    generate(
        dir,
        "a.yaml",
        "out",
        &["--templates", "tpl4", "--target", "markdown"],
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("out/markdown/errors.md")).unwrap(),
        "generated by errcat from a.yaml, do not edit\n"
    );
}

/// Six catalog names that would leave the output directory or name a path (`..`, `.`, `a/b`,
/// `../evil`, a backslash, an absolute path), one run each: `bad-name` (validate.rs accepts only
/// lowercase ASCII letters, digits and single underscores) stops the run before anything is
/// written.
#[test]
fn catalog_names_cannot_be_paths() {
    let ws = workspace();
    let dir = ws.path();
    for name in ["..", ".", "a/b", "../evil", "a\\\\b", "/tmp/evil"] {
        let text = catalog("placeholder", "out_of_stock", 1)
            .replace("name: placeholder", &format!("name: \"{name}\""));
        std::fs::write(dir.join("bad.yaml"), text).unwrap();
        let (code, stderr) = run(dir, &["generate", "--catalog", "bad.yaml", "--out", "out"]);
        assert_eq!(code, 1, "{name}: {stderr}");
        let shown = name.replace("\\\\", "\\");
        assert!(
            stderr.starts_with(&format!(
                "error[bad-name]: catalog name `{shown}` is not snake_case\n"
            )),
            "{name}: {stderr}"
        );
        assert!(!dir.join("out").exists(), "{name}: wrote output");
    }
}

/// Five `--check` runs: on a directory without output, every file and the manifest are
/// missing; without only the manifest, the manifest is stale; one target alone is fresh (the
/// other targets' files are not its own); after the catalog is renamed, the old Python package
/// is listed as no longer generated and the manifest shows a diff. `--check` writes nothing.
#[test]
fn check_reports_stale_files_and_a_missing_manifest() {
    let ws = workspace();
    let dir = ws.path();
    let check = |extra: &[&str]| {
        let mut args = vec!["generate", "--check", "--catalog", "a.yaml", "--out", "out"];
        args.extend_from_slice(extra);
        run(dir, &args)
    };

    let (code, stderr) = check(&["--target", "markdown"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.starts_with(&format!(
            "stale: out/markdown/errors.md is missing\nstale: out/{MANIFEST} is missing\nchecked \
             1 target: 1 file, 2 stale, from 1 error in "
        )),
        "{stderr}"
    );
    assert!(
        !dir.join("out").exists(),
        "--check created the output directory"
    );

    generate(dir, "a.yaml", "out", &["--quiet"]);
    let (code, stderr) = check(&[]);
    assert_eq!(code, 0, "{stderr}");

    std::fs::remove_file(dir.join("out").join(MANIFEST)).unwrap();
    let before = snapshot(&dir.join("out"));
    let (code, stderr) = check(&["--quiet"]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(
        stderr,
        format!(
            "stale: out/{MANIFEST} is missing\nerror: 1 generated file out of date; run `errcat \
             generate` (`cargo run -- generate`)\n"
        )
    );
    assert_same(&snapshot(&dir.join("out")), &before, "--check wrote");

    generate(dir, "a.yaml", "out", &["--quiet"]);
    let before = snapshot(&dir.join("out"));
    let (code, stderr) = check(&["--quiet", "--target", "rust"]);
    assert_eq!((code, stderr.as_str()), (0, ""));
    let mut args = vec!["generate", "--check", "--catalog", "b.yaml", "--out", "out"];
    args.extend(["--quiet", "--target", "python"]);
    let (code, stderr) = run(dir, &args);
    assert_eq!(code, 1, "{stderr}");
    for line in [
        "stale: out/python/beta_errors/__init__.py is missing\n",
        "stale: out/python/alpha_errors/__init__.py is no longer generated (`errcat generate` removes it)\n",
        "stale: out/python/alpha_errors/py.typed is no longer generated (`errcat generate` removes it)\n",
        &format!("stale: out/{MANIFEST}\n"),
        "-        \"python/alpha_errors/__init__.py\": \"",
        "error: 6 generated files out of date; run `errcat generate` (`cargo run -- generate`)\n",
    ] {
        assert!(stderr.contains(line), "{line:?} missing in:\n{stderr}");
    }
    assert_same(&snapshot(&dir.join("out")), &before, "--check wrote");
}
