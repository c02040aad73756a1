//! The markdown reference page parses as GitHub-flavoured markdown with intact tables and anchors,
//! shows the envelope, and an example body per error equal to the reference serializer's.

mod body_cases;
mod common;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

struct Page {
    /// Cells per row, for every table row (header included), with the text of its table's
    /// first header cell (`Code` for an error table, `Name` for a parameter table).
    rows: Vec<(String, usize)>,
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
    let mut first_header = String::new();
    let mut in_head = false;
    for event in Parser::new_ext(text, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::TableHead) => {
                cells = 0;
                in_head = true;
                first_header.clear();
            }
            Event::Start(Tag::TableRow) => cells = 0,
            Event::Start(Tag::TableCell) => cells += 1,
            Event::Text(t) if in_head && cells == 1 => first_header.push_str(&t),
            Event::End(TagEnd::TableHead | TagEnd::TableRow) => {
                in_head = false;
                page.rows.push((first_header.clone(), cells));
            }
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
    // One table per category with its errors (code, name, message, and HTTP, gRPC and fix when
    // some error has one), one params table per error with params (3 columns).
    let columns = 3
        + usize::from(catalog.errors.iter().any(|e| e.http_status.is_some()))
        + usize::from(catalog.errors.iter().any(|e| e.grpc_status.is_some()))
        + usize::from(catalog.errors.iter().any(|e| e.fix.is_some()));
    let error_rows = page
        .rows
        .iter()
        .filter(|(table, _)| table == "Code")
        .count();
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
        page.rows.iter().all(|(table, n)| match table.as_str() {
            "Code" => *n == columns,
            "Name" => *n == 3,
            // A table the catalog's own prose holds.
            _ => true,
        }),
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

/// The envelope table has one row per template member, and each error's section shows its
/// example body: the reference serializer's bytes, pretty-printed (invisible characters as `\u`
/// escapes, the same JSON value).
#[test]
fn pages_show_the_envelope_and_an_example_body_per_error() {
    use errcat::catalog::body::{body_json, example_values};
    use errcat::catalog::{Member, Template};
    fn count(members: &[Member]) -> usize {
        members
            .iter()
            .map(|m| match &m.value {
                Template::Object(inner) => 1 + count(inner),
                _ => 1,
            })
            .sum()
    }
    let mut catalogs = vec![common::root().join("catalog")];
    catalogs.extend(common::valid_fixtures());
    catalogs.extend(body_cases::example_catalogs());
    for path in catalogs {
        let catalog = common::load(&path);
        let text = errcat::targets::by_id("markdown")
            .expect("markdown")
            .render(&catalog, &errcat::Engine::new(None).expect("engine"))
            .expect("render")
            .remove(0)
            .contents;
        let page = parse(&text);
        let members = page.rows.iter().filter(|(t, _)| t == "Member").count();
        assert_eq!(
            members,
            count(&catalog.envelope.body) + 1,
            "{}: one envelope row per member, plus the header",
            path.display()
        );
        let mut blocks = Vec::new();
        let mut current: Option<String> = None;
        for event in Parser::new_ext(&text, Options::ENABLE_TABLES) {
            match event {
                Event::Start(Tag::CodeBlock(pulldown_cmark::CodeBlockKind::Fenced(info)))
                    if &*info == "json" =>
                {
                    current = Some(String::new())
                }
                Event::Text(t) => {
                    if let Some(c) = current.as_mut() {
                        c.push_str(&t)
                    }
                }
                Event::End(TagEnd::CodeBlock) => blocks.extend(current.take()),
                _ => {}
            }
        }
        let want: Vec<String> = catalog
            .categories
            .iter()
            .flat_map(|c| catalog.errors.iter().filter(move |e| e.category == c.id))
            .map(|e| body_json(&catalog, e, &example_values(&catalog, e)))
            .collect();
        let got: Vec<String> = blocks
            .iter()
            .map(|b| {
                let json = errcat::targets::json::Json::parse(b)
                    .unwrap_or_else(|e| panic!("{}: not JSON ({e}):\n{b}", path.display()));
                serde_json::to_string(&json).expect("text")
            })
            .collect();
        assert_eq!(got, want, "{}: the example bodies", path.display());
    }
}
