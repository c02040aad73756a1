//! The `rust` target (not yet implemented).

use crate::catalog::Catalog;
use crate::render::{Engine, GeneratedFile, RenderError};
use crate::targets::Target;

pub struct Rust;

impl Target for Rust {
    fn id(&self) -> &'static str {
        "rust"
    }
    fn language(&self) -> &'static str {
        "Rust"
    }
    fn templates(&self) -> &'static [(&'static str, &'static str)] {
        &[]
    }
    fn error_identifier(&self, name: &str) -> String {
        crate::filters::upper_camel(name)
    }
    fn is_reserved(&self, ident: &str) -> bool {
        let _ = ident;
        matches!(ident, "Self" | "None" | "Some" | "Ok" | "Err")
    }
    fn render(&self, _catalog: &Catalog, _engine: &Engine) -> Result<Vec<GeneratedFile>, RenderError> {
        Ok(Vec::new())
    }
}
