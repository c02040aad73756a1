//! Output depends on the catalog only: not on the order files were created in, the locale, the
//! time zone, the hash seed of the process or the absolute path of the working directory.
//!
//! Each run is a separate `errcat generate` process (so `HashMap` seeds differ between runs), in
//! a fresh directory at a different depth, with the catalog's files created in a different
//! seeded order and a different `LC_ALL`, `LANG` and `TZ`. Every run's output tree must equal
//! every other's, and the committed `generated/`, byte for byte.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

/// Every file under `dir`, by path relative to it (with `/`), with its bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                let rel = p
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// A seeded permutation of `0..n` (xorshift; no dependency, the same on every machine).
fn permutation(n: usize, seed: u64) -> Vec<usize> {
    let mut state = seed | 1;
    let mut order: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        order.swap(i, (state % (i as u64 + 1)) as usize);
    }
    order
}

/// Four runs: locale, time zone, file creation order and directory depth all differ.
#[test]
fn generated_bytes_do_not_depend_on_locale_file_order_hash_seed_or_directory() {
    let mut catalog_files: Vec<_> = std::fs::read_dir(common::root().join("catalog"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    catalog_files.sort();
    let envs = [
        ("C", "UTC"),
        ("en_US.UTF-8", "America/New_York"),
        ("tr_TR.UTF-8", "Asia/Kathmandu"),
        ("de_DE.UTF-8", "Pacific/Chatham"),
    ];
    let mut trees = Vec::new();
    for (run, (locale, tz)) in envs.iter().enumerate() {
        let base = tempfile::tempdir().unwrap();
        // A different absolute path for every run: base/d0, base/d1/d1, …
        let mut work = base.path().to_path_buf();
        for _ in 0..=run {
            work.push(format!("d{run}"));
        }
        let catalog = work.join("catalog");
        std::fs::create_dir_all(&catalog).unwrap();
        let order = permutation(catalog_files.len(), 0x5eed + run as u64);
        for &i in &order {
            let from = &catalog_files[i];
            std::fs::copy(from, catalog.join(from.file_name().unwrap())).unwrap();
        }
        let out = assert_cmd::Command::cargo_bin("errcat")
            .unwrap()
            .current_dir(&work)
            .args([
                "generate",
                "--catalog",
                "catalog",
                "--out",
                "gen",
                "--quiet",
            ])
            .env("LC_ALL", locale)
            .env("LANG", locale)
            .env("TZ", tz)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "run {run} failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        trees.push((
            format!("LC_ALL={locale} TZ={tz} order={order:?}"),
            tree(&work.join("gen")),
        ));
    }
    let committed = tree(&common::generated());
    for (label, t) in &trees {
        assert_eq!(
            t.keys().collect::<Vec<_>>(),
            committed.keys().collect::<Vec<_>>(),
            "{label}: a different set of files than generated/"
        );
        for (path, bytes) in t {
            assert!(
                committed[path] == *bytes,
                "{label}: {path} differs from the committed generated/{path}"
            );
        }
    }
}
