//! The `markdown` target: a reference page for doc sites (mdBook, MkDocs, Docusaurus, GitHub).
//!
//! Anchors are explicit (`<a id="name">`) and equal the error name, so links stay stable whatever
//! slug rules the doc site applies to headings.

use crate::catalog::{Catalog, CatalogError, Code};
use crate::render::{Engine, GeneratedFile, RenderError};
use crate::targets::{Target, header};
use serde::Serialize;

pub struct Markdown;

const TEMPLATES: &[(&str, &str)] = &[(
    "markdown/errors.md.tera",
    include_str!("../../templates/markdown/errors.md.tera"),
)];

#[derive(Serialize)]
struct View<'a> {
    header: String,
    catalog: &'a Catalog,
    /// Whether tables have an HTTP column (some error has an HTTP status), a gRPC column and a
    /// Fix column (some error has a fix: a catalog converted from a list of codes may have none).
    show_http: bool,
    show_grpc: bool,
    show_fix: bool,
    categories: Vec<CategoryView<'a>>,
}

#[derive(Serialize)]
struct CategoryView<'a> {
    id: &'a str,
    anchor: String,
    title: &'a str,
    description: Option<&'a str>,
    errors: Vec<ErrorView<'a>>,
}

#[derive(Serialize)]
struct ErrorView<'a> {
    #[serde(flatten)]
    error: &'a CatalogError,
    code_text: String,
    anchor: &'a str,
    extension_list: Vec<(String, String)>,
}

impl Target for Markdown {
    fn id(&self) -> &'static str {
        "markdown"
    }
    fn language(&self) -> &'static str {
        "Markdown"
    }
    fn templates(&self) -> &'static [(&'static str, &'static str)] {
        TEMPLATES
    }
    fn render(
        &self,
        catalog: &Catalog,
        engine: &Engine,
    ) -> Result<Vec<GeneratedFile>, RenderError> {
        let categories = catalog
            .categories
            .iter()
            .map(|c| CategoryView {
                id: &c.id,
                anchor: format!("category-{}", c.id),
                title: &c.title,
                description: c.description.as_deref(),
                errors: catalog
                    .errors
                    .iter()
                    .filter(|e| e.category == c.id)
                    .map(|e| ErrorView {
                        error: e,
                        code_text: match &e.code {
                            Some(Code::Int(i)) => i.to_string(),
                            Some(Code::Str(s)) => s.clone(),
                            None => String::new(),
                        },
                        anchor: &e.name,
                        extension_list: e
                            .extensions
                            .iter()
                            .map(|(k, v)| (k.clone(), serde_json::to_string(v).unwrap_or_default()))
                            .collect(),
                    })
                    .collect(),
            })
            .filter(|c| !c.errors.is_empty())
            .collect();
        let view = View {
            header: header(catalog),
            catalog,
            show_http: catalog.http_status != crate::catalog::Coverage::None,
            show_grpc: catalog.uses_grpc(),
            show_fix: catalog.errors.iter().any(|e| e.fix.is_some()),
            categories,
        };
        let text = engine.render("markdown/errors.md.tera", &view)?;
        Ok(vec![GeneratedFile::new("markdown/errors.md", &text)])
    }
}
