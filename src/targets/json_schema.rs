//! The `json-schema` target (not yet implemented).

use crate::catalog::Catalog;
use crate::render::{Engine, GeneratedFile, RenderError};
use crate::targets::Target;

pub struct JsonSchema;

impl Target for JsonSchema {
    fn id(&self) -> &'static str {
        "json-schema"
    }
    fn language(&self) -> &'static str {
        "JSON Schema"
    }
    fn templates(&self) -> &'static [(&'static str, &'static str)] {
        &[]
    }
    fn error_identifier(&self, name: &str) -> String {
        name.to_owned()
    }
    fn is_reserved(&self, ident: &str) -> bool {
        let _ = ident;
        false
    }
    fn render(&self, _catalog: &Catalog, _engine: &Engine) -> Result<Vec<GeneratedFile>, RenderError> {
        Ok(Vec::new())
    }
}
