//! Generates `$OUT_DIR/errors.rs` from `errors.yaml`; cargo reruns this script when the catalog
//! changes. A catalog with errors fails the build with errcat's diagnostics.

fn main() -> Result<(), errcat::build::Error> {
    errcat::build::compile("errors.yaml")?;
    Ok(())
}
