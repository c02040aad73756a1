//! The `python` target (not yet implemented).

use crate::catalog::Catalog;
use crate::render::{Engine, GeneratedFile, RenderError};
use crate::targets::Target;

pub struct Python;

impl Target for Python {
    fn id(&self) -> &'static str {
        "python"
    }
    fn language(&self) -> &'static str {
        "Python"
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
