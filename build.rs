//! Computes `ERRCAT_BUILD_ID`: a digest of the sources and templates errcat is built from
//! (`src/`, `templates/`, `Cargo.lock`). The inputs digest a run records in the manifest
//! (`src/inputs.rs`) includes it, so a changed errcat never takes an unchanged tree for one it
//! would render the same; the version number alone would not notice a change during
//! development. Line endings are normalized, so a checkout with CRLF gives the same id.

use sha2::{Digest as _, Sha256};
use std::path::{Path, PathBuf};

fn main() {
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let mut files = Vec::new();
    for dir in ["src", "templates"] {
        println!("cargo:rerun-if-changed={dir}");
        walk(&root.join(dir), &mut files);
    }
    println!("cargo:rerun-if-changed=Cargo.lock");
    files.push(root.join("Cargo.lock"));
    files.sort();
    let mut hasher = Sha256::new();
    hasher.update(env!("CARGO_PKG_VERSION").as_bytes());
    for file in files {
        let Ok(bytes) = std::fs::read(&file) else {
            continue;
        };
        let rel = file.strip_prefix(&root).unwrap_or(&file);
        let rel = rel.to_string_lossy().replace('\\', "/");
        let text = String::from_utf8_lossy(&bytes).replace("\r\n", "\n");
        hasher.update(format!("\0{rel}\0{}\0", text.len()).as_bytes());
        hasher.update(text.as_bytes());
    }
    let id: String = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    println!("cargo:rustc-env=ERRCAT_BUILD_ID={}", &id[..32]);
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        match entry.file_type() {
            Ok(t) if t.is_dir() => walk(&path, out),
            Ok(t) if t.is_file() => out.push(path),
            _ => {}
        }
    }
}
