//! errcat deletes or overwrites a file only when it can prove it wrote it: the file carries
//! errcat's header, or its content has the sha256 the manifest records. A hand-edited manifest
//! cannot make errcat touch a user's file, a hidden directory or anything outside the output
//! directory, and errcat removes only the temporary files it names itself, reporting each.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_errcat");
const MANIFEST: &str = "errcat-manifest.json";

const CATALOG: &str = "errcat: 1
catalog: { name: alpha, title: Alpha API, version: 1.0.0 }
categories:
  - { id: general, title: General, http_status: 400 }
errors:
  - { name: out_of_stock, code: 1, category: general, message: Out of stock., fix: Wait. }
";

fn run(dir: &Path, args: &[&str]) -> (i32, String) {
    let out = Command::new(BIN)
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(!stderr.contains("panicked"), "{stderr}");
    (out.status.code().unwrap(), stderr)
}

/// A directory with `a.yaml` and its complete output in `out/`.
fn generated() -> tempfile::TempDir {
    let ws = tempfile::tempdir().unwrap();
    std::fs::write(ws.path().join("a.yaml"), CATALOG).unwrap();
    let (code, stderr) = run(
        ws.path(),
        &["generate", "--catalog", "a.yaml", "--out", "out"],
    );
    assert_eq!(code, 0, "{stderr}");
    ws
}

/// Every file below `dir` (symbolic links as their target path), by relative path.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let rel = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let meta = std::fs::symlink_metadata(&path).unwrap();
            if meta.is_symlink() {
                let target = std::fs::read_link(&path).unwrap();
                out.insert(rel, target.to_string_lossy().as_bytes().to_vec());
            } else if meta.is_dir() {
                out.insert(format!("{rel}/"), Vec::new());
                walk(root, &path, out);
            } else {
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn sha(text: &str) -> String {
    errcat::writer::sha256_hex(text.as_bytes())
}

/// A tampered manifest (version 3, then version 1 without digests) lists the user's own files
/// (`NOTES.md`, with a made-up digest and with none), paths in hidden directories (`.git/HEAD`,
/// `.git/config`, `docs/.env`, even with their true digests), paths outside the output directory
/// (`../victim.txt`, an absolute path) and the manifest itself, all as the rust target's files,
/// its recorded inputs left as they were. `generate`, `generate --target rust` (which would
/// delete every other file listed for rust) and `generate --check` refuse with exit 2, report
/// each entry in one line, and every file in the working directory survives byte for byte: the
/// unchanged-tree check trusts no such manifest.
#[test]
fn a_tampered_manifest_cannot_make_errcat_delete_or_overwrite_a_users_file() {
    let ws = generated();
    let dir = ws.path();
    let out = dir.join("out");
    write(&out.join("NOTES.md"), "my notes\n");
    write(&out.join(".git/HEAD"), "ref: refs/heads/main\n");
    write(&out.join(".git/config"), "[core]\n");
    write(&out.join("docs/.env"), "TOKEN=secret\n");
    write(&dir.join("victim.txt"), "precious\n");
    let absolute = dir.join("victim.txt").to_string_lossy().into_owned();
    let manifest_text = std::fs::read_to_string(out.join(MANIFEST)).unwrap();
    let mut manifest: serde_json::Value = serde_json::from_str(&manifest_text).unwrap();
    let listed = manifest["targets"]["rust"]["files"]
        .as_object_mut()
        .unwrap();
    for (path, digest) in [
        ("NOTES.md", "0".repeat(64)),
        (".git/HEAD", sha("ref: refs/heads/main\n")),
        (".git/config", sha("[core]\n")),
        ("docs/.env", sha("TOKEN=secret\n")),
        ("../victim.txt", sha("precious\n")),
        (absolute.as_str(), sha("precious\n")),
        (MANIFEST, sha(&manifest_text)),
    ] {
        listed.insert(path.to_owned(), digest.into());
    }
    write(&out.join(MANIFEST), &manifest.to_string());
    let before = files(dir);

    let hidden = "is hidden or in a hidden directory (a name starting with `.`), where errcat \
                  never generates files";
    let outside = "is not a plain relative path below the output directory";
    let refused = |entry: &str, why: &str| {
        format!(
            "error: refusing to act on the entry `{entry}` of `out/{MANIFEST}`: it {why}; errcat \
             never touches such a path: remove the entry from the manifest\n"
        )
    };
    let notes = "error: refusing to delete `out/NOTES.md`, which `out/errcat-manifest.json` lists \
                 as generated: errcat cannot prove it generated it (it has no \"generated by \
                 errcat\" header, and its content is not what `out/errcat-manifest.json` records \
                 errcat wrote there); if it is yours, remove its entry from the manifest, if not, \
                 delete it yourself\n";
    let mut expected = [
        refused(".git/HEAD", hidden),
        refused(".git/config", hidden),
        refused("../victim.txt", outside),
        refused(&absolute, outside),
        refused("docs/.env", hidden),
        refused(MANIFEST, "is the manifest itself"),
    ];
    // In the order the manifest sorts them (byte order; the absolute path starts with `/`).
    expected.sort();
    let expected = expected.concat() + notes;
    for extra in [&[][..], &["--target", "rust"][..], &["--check"][..]] {
        let mut args = vec!["generate", "--catalog", "a.yaml", "--out", "out"];
        args.extend_from_slice(extra);
        let (code, stderr) = run(dir, &args);
        assert_eq!((code, stderr.as_str()), (2, expected.as_str()), "{args:?}");
        assert_eq!(files(dir), before, "{args:?} changed a file");
    }

    // The same entries in a version 1 manifest, which records no digests.
    let v1 = serde_json::json!({
        "errcat_manifest": 1,
        "files": ["NOTES.md", ".git/HEAD", "../victim.txt", "rust/errors.rs"],
    });
    write(&out.join(MANIFEST), &v1.to_string());
    let before = files(dir);
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
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(
        stderr,
        [
            refused(".git/HEAD", hidden),
            refused("../victim.txt", outside),
            "error: refusing to delete `out/NOTES.md`, which `out/errcat-manifest.json` lists as \
             generated: errcat cannot prove it generated it (it has no \"generated by errcat\" \
             header, and `out/errcat-manifest.json` records no sha256 for it); if it is yours, \
             remove its entry from the manifest, if not, delete it yourself\n"
                .to_owned(),
        ]
        .concat()
    );
    assert_eq!(
        files(dir),
        before,
        "a version 1 manifest run changed a file"
    );
}

/// A generated file the user rewrote and stripped of errcat's header is no longer provably
/// errcat's: overwriting it (still generated) and deleting it (no longer generated, after the
/// catalog was renamed) are refused; a run of another target leaves it alone. A generated file
/// edited with its header kept is errcat's and is overwritten, and a version 1 manifest of
/// unedited output is upgraded to version 3.
#[test]
fn a_generated_file_rewritten_without_the_header_is_kept() {
    let ws = generated();
    let dir = ws.path();
    let out = dir.join("out");
    let rewritten = "# My own reference, copied once from errcat's\n";
    write(&out.join("markdown/errors.md"), rewritten);
    let before = files(dir);
    let (code, stderr) = run(dir, &["generate", "--catalog", "a.yaml", "--out", "out"]);
    assert_eq!(
        (code, stderr.as_str()),
        (
            2,
            "error: refusing to overwrite `out/markdown/errors.md`: errcat cannot prove it \
             generated it (it has no \"generated by errcat\" header, and its content is not what \
             `out/errcat-manifest.json` records errcat wrote there); move it away, or pass \
             another `--out`\n"
        )
    );
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
            "--quiet",
        ],
    );
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert_eq!(files(dir), before);
    // The catalog renamed: the Python package `alpha_errors` is no longer generated, and its
    // module was rewritten without the header.
    write(
        &out.join("python/alpha_errors/__init__.py"),
        "# My own module now\n",
    );
    write(&dir.join("b.yaml"), &CATALOG.replace("alpha", "beta"));
    let before = files(dir);
    let (code, stderr) = run(
        dir,
        &[
            "generate",
            "--catalog",
            "b.yaml",
            "--out",
            "out",
            "--target",
            "python",
        ],
    );
    assert_eq!(
        (code, stderr.as_str()),
        (
            2,
            "error: refusing to delete `out/python/alpha_errors/__init__.py`, which \
             `out/errcat-manifest.json` lists as generated: errcat cannot prove it generated it \
             (it has no \"generated by errcat\" header, and its content is not what \
             `out/errcat-manifest.json` records errcat wrote there); if it is yours, remove its \
             entry from the manifest, if not, delete it yourself\n"
        )
    );
    assert_eq!(files(dir), before);

    // Edited below the header: errcat's, so it is regenerated.
    let fresh = generated();
    let out = fresh.path().join("out");
    let original = std::fs::read_to_string(out.join("rust/errors.rs")).unwrap();
    write(
        &out.join("rust/errors.rs"),
        &format!("{original}// a local hack\n"),
    );
    let (code, stderr) = run(
        fresh.path(),
        &["generate", "--catalog", "a.yaml", "--out", "out", "--quiet"],
    );
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert_eq!(
        std::fs::read_to_string(out.join("rust/errors.rs")).unwrap(),
        original
    );

    // A version 1 manifest (no digests) of unedited output: upgraded.
    let v3 = std::fs::read(out.join(MANIFEST)).unwrap();
    let parsed = errcat::writer::parse_manifest(&v3).unwrap();
    let v1 = serde_json::json!({ "errcat_manifest": 1, "files": parsed.entries.keys().collect::<Vec<_>>() });
    write(&out.join(MANIFEST), &v1.to_string());
    let (code, stderr) = run(
        fresh.path(),
        &["generate", "--catalog", "a.yaml", "--out", "out", "--quiet"],
    );
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert_eq!(std::fs::read(out.join(MANIFEST)).unwrap(), v3);
}

/// Temporary files: a leftover errcat names itself (`.errcat-errors.rs.tmp` next to the listed
/// `rust/errors.rs`, `.errcat-errcat-manifest.json.tmp` next to the manifest) is removed and
/// reported, with `--quiet` too. A user's files whose names merely start with `.errcat-` — not
/// errcat's pattern, or named after a file the manifest does not list — are kept and never
/// reported. One in the way of a file errcat stages (a directory with a temporary file's name)
/// is refused, exit 2.
#[test]
fn only_errcats_own_temporary_files_are_removed_and_each_is_reported() {
    let ws = generated();
    let dir = ws.path();
    let out = dir.join("out");
    write(
        &out.join("rust/.errcat-errors.rs.tmp"),
        "// generated by errcat fr",
    );
    write(&out.join(".errcat-errcat-manifest.json.tmp"), "{");
    let mine = [
        ".errcat-notes",
        ".errcat-todo.txt.tmp",
        "rust/.errcat-x7Yz9Q",
        "rust/.errcat-mine.rs.tmp",
        "rust/.errcat-errors.rs.tmp.bak",
        "typescript/.errcat-",
    ];
    for path in mine {
        write(&out.join(path), "mine\n");
    }
    let (code, stderr) = run(
        dir,
        &["generate", "--catalog", "a.yaml", "--out", "out", "--quiet"],
    );
    assert_eq!(
        (code, stderr.as_str()),
        (
            0,
            "removed out/.errcat-errcat-manifest.json.tmp (a temporary file left by an \
             interrupted run)\nremoved out/rust/.errcat-errors.rs.tmp (a temporary file left by \
             an interrupted run)\n"
        )
    );
    assert!(!out.join("rust/.errcat-errors.rs.tmp").exists());
    assert!(!out.join(".errcat-errcat-manifest.json.tmp").exists());
    for path in mine {
        assert_eq!(
            std::fs::read_to_string(out.join(path)).unwrap(),
            "mine\n",
            "{path}"
        );
    }

    // A directory where errcat stages a changed file.
    std::fs::write(
        dir.join("a.yaml"),
        CATALOG.replace("Out of stock.", "Sold out."),
    )
    .unwrap();
    std::fs::create_dir(out.join("rust/.errcat-errors.rs.tmp")).unwrap();
    let before = files(dir);
    let (code, stderr) = run(dir, &["generate", "--catalog", "a.yaml", "--out", "out"]);
    assert_eq!(
        (code, stderr.as_str()),
        (
            2,
            "error: `out/rust/.errcat-errors.rs.tmp` is in the way: errcat stages \
             `out/rust/errors.rs` there, and did not create it (it is not a regular file); move \
             it away\n"
        )
    );
    assert_eq!(files(dir), before);
}
