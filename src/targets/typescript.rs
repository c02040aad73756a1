//! The `typescript` target (not yet implemented).

use crate::catalog::Catalog;
use crate::render::{Engine, GeneratedFile, RenderError};
use crate::targets::Target;

pub struct TypeScript;

impl Target for TypeScript {
    fn id(&self) -> &'static str {
        "typescript"
    }
    fn language(&self) -> &'static str {
        "TypeScript"
    }
    fn templates(&self) -> &'static [(&'static str, &'static str)] {
        &[]
    }
    fn error_identifier(&self, name: &str) -> String {
        crate::filters::screaming_snake(name)
    }
    fn is_reserved(&self, ident: &str) -> bool {
        let _ = ident;
        false
    }
    fn render(&self, _catalog: &Catalog, _engine: &Engine) -> Result<Vec<GeneratedFile>, RenderError> {
        Ok(Vec::new())
    }
}
