//! The markdown reference page parses as GitHub-flavoured markdown with intact tables and anchors.

mod common;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

struct Page {
    /// Cells per row, for every table row (header included).
    rows: Vec<usize>,
    /// Every `#fragment` a link points at.
    links: Vec<String>,
    html: String,
}

fn parse(text: &str) -> Page {
    let mut page = Page {
        rows: Vec::new(),
        links: Vec::new(),
        html: String::new(),
    };
    let mut cells = 0;
    for event in Parser::new_ext(text, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::TableHead | Tag::TableRow) => cells = 0,
            Event::Start(Tag::TableCell) => cells += 1,
            Event::End(TagEnd::TableHead | TagEnd::TableRow) => page.rows.push(cells),
            Event::Start(Tag::Link { dest_url, .. }) => {
                if let Some(anchor) = dest_url.strip_prefix('#') {
                    page.links.push(anchor.to_owned());
                }
            }
            Event::Html(h) | Event::InlineHtml(h) => page.html.push_str(&h),
            _ => {}
        }
    }
    page
}

fn check_page(catalog: &errcat::Catalog, text: &str) {
    let page = parse(text);
    // One table per category with its errors (code, name, message, fix, and HTTP and gRPC when
    // some error has one), one params table per error with params (3 columns).
    let columns = 4
        + usize::from(catalog.errors.iter().any(|e| e.http_status.is_some()))
        + usize::from(catalog.errors.iter().any(|e| e.grpc_status.is_some()));
    let error_rows = page.rows.iter().filter(|&&n| n == columns).count();
    let categories = catalog
        .categories
        .iter()
        .filter(|c| catalog.errors.iter().any(|e| e.category == c.id))
        .count();
    assert_eq!(
        error_rows,
        catalog.errors.len() + categories,
        "every error is one table row"
    );
    assert!(
        page.rows.iter().all(|&n| n == columns || n == 3),
        "a row with a wrong cell count: {:?}",
        page.rows
    );
    for e in &catalog.errors {
        let anchor = format!("<a id=\"{}\"></a>", e.name);
        assert!(page.html.contains(&anchor), "no anchor for {}", e.name);
        assert!(
            page.links.contains(&e.name),
            "the contents table does not link {}",
            e.name
        );
    }
    for link in &page.links {
        assert!(
            page.html.contains(&format!("<a id=\"{link}\"></a>")),
            "link to missing anchor #{link}"
        );
    }
}

#[test]
fn flagship_page_renders_with_intact_tables_and_anchors() {
    let catalog = common::load(&common::root().join("catalog"));
    let text = std::fs::read_to_string(common::generated().join("markdown/errors.md")).unwrap();
    check_page(&catalog, &text);
}

#[test]
fn fixture_pages_render_with_intact_tables_and_anchors() {
    for fixture in common::valid_fixtures() {
        let catalog = common::load(&fixture);
        let out = common::generate(&fixture);
        let text = std::fs::read_to_string(out.path().join("markdown/errors.md")).unwrap();
        check_page(&catalog, &text);
    }
}
