//! The markdown reference page parses as GitHub-flavoured markdown with intact tables and anchors,
//! shows the envelope, and an example body per error equal to the reference serializer's.

mod body_cases;
mod common;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

struct Page {
    /// Cells per row, for every table row (header included), with the text of its table's
    /// first header cell (`Code` for an error table, `Name` for a parameter table; `Retired` for
    /// the table of retired errors).
    rows: Vec<(String, usize)>,
    /// The text of every body row's cells (code spans as their text), with its table as in
    /// `rows`.
    cells: Vec<(String, Vec<String>)>,
    /// Every `#fragment` a link points at.
    links: Vec<String>,
    html: String,
}

/// The header of the table of retired errors.
const RETIRED_HEADER: [&str; 5] = ["Code", "Name", "Since", "Use instead", "Reason"];

fn parse(text: &str) -> Page {
    let mut page = Page {
        rows: Vec::new(),
        cells: Vec::new(),
        links: Vec::new(),
        html: String::new(),
    };
    let mut in_table = false;
    let mut header: Vec<String> = Vec::new();
    let mut row: Vec<String> = Vec::new();
    let table = |header: &[String]| {
        if header == RETIRED_HEADER {
            "Retired".to_owned()
        } else {
            header.first().cloned().unwrap_or_default()
        }
    };
    for event in Parser::new_ext(text, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Table(_)) => in_table = true,
            Event::End(TagEnd::Table) => in_table = false,
            Event::Start(Tag::TableHead) => row.clear(),
            Event::Start(Tag::TableRow) => row.clear(),
            Event::Start(Tag::TableCell) => row.push(String::new()),
            Event::Text(t) | Event::Code(t) if in_table => {
                if let Some(cell) = row.last_mut() {
                    cell.push_str(&t);
                }
            }
            Event::End(TagEnd::TableHead) => {
                header = row.clone();
                page.rows.push((table(&header), row.len()));
            }
            Event::End(TagEnd::TableRow) => {
                page.rows.push((table(&header), row.len()));
                page.cells.push((table(&header), row.clone()));
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
    let retired_rows = page.rows.iter().filter(|(t, _)| t == "Retired").count();
    let retired_table = usize::from(!catalog.retired.is_empty());
    assert_eq!(
        retired_rows,
        catalog.retired.len() + retired_table,
        "every retired error is one row of the Retired table"
    );
    assert!(
        page.rows.iter().all(|(table, n)| match table.as_str() {
            "Code" => *n == columns,
            "Name" => *n == 3,
            "Retired" => *n == RETIRED_HEADER.len(),
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
    let mut ids: Vec<&str> = page
        .html
        .split("<a id=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect();
    let count = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), count, "every anchor is unique");
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
    for path in common::every_catalog() {
        let catalog = common::load(&path);
        let text = errcat::targets::by_id("markdown")
            .expect("markdown")
            .render(
                &catalog,
                &errcat::Engine::new(None).expect("engine"),
                &Default::default(),
            )
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

/// The lifecycle on the page, in every fixture: each retired error is a row of the "Retired"
/// table under an anchor equal to its name (so old links still land), with its code, since,
/// reason and a link to its successor; each alias is an anchor of its error's section and
/// listed there; deprecated errors, and only they, are marked in their category's table.
#[test]
fn pages_keep_retired_and_alias_anchors_and_mark_deprecated_errors() {
    let (mut retired, mut aliases, mut deprecated) = (0, 0, 0);
    let mut catalogs = vec![common::root().join("catalog")];
    catalogs.extend(common::valid_fixtures());
    for path in catalogs {
        let catalog = common::load(&path);
        let text = errcat::targets::by_id("markdown")
            .expect("markdown")
            .render(
                &catalog,
                &errcat::Engine::new(None).expect("engine"),
                &Default::default(),
            )
            .expect("render")
            .remove(0)
            .contents;
        let page = parse(&text);
        let where_ = path.display();
        let rows: Vec<&Vec<String>> = page
            .cells
            .iter()
            .filter(|(t, _)| t == "Retired")
            .map(|(_, cells)| cells)
            .collect();
        assert_eq!(rows.len(), catalog.retired.len(), "{where_}: retired rows");
        for (r, cells) in catalog.retired.iter().zip(rows) {
            retired += 1;
            let code = r.code.as_ref().map(|c| c.to_string()).unwrap_or_default();
            let how = match (r.successor(), r.merged_into.is_some()) {
                (Some(s), true) => format!("{s} (merged into it)"),
                (Some(s), false) => s.to_owned(),
                (None, _) => String::new(),
            };
            let want = [
                code,
                r.name.clone(),
                r.since.clone().unwrap_or_default(),
                how,
                r.reason.clone(),
            ];
            assert_eq!(cells, &want, "{where_}: the row of `{}`", r.name);
            assert!(
                page.html.contains(&format!("<a id=\"{}\"></a>", r.name)),
                "{where_}: no anchor for retired `{}`",
                r.name
            );
            if let Some(s) = r.successor() {
                assert!(
                    page.links.iter().any(|l| l == s),
                    "{where_}: no link to `{s}`"
                );
            }
        }
        for e in &catalog.errors {
            for alias in &e.aliases {
                aliases += 1;
                let anchor = format!("<a id=\"{alias}\"></a>");
                let at = text
                    .find(&anchor)
                    .unwrap_or_else(|| panic!("{where_}: no anchor for alias `{alias}`"));
                let heading = text[at..]
                    .lines()
                    .find(|l| l.starts_with("### "))
                    .expect("a heading after the anchor");
                assert!(
                    heading.contains(&format!("`{}`:", e.name)),
                    "{where_}: `{alias}` lands on `{heading}`"
                );
            }
            if !e.aliases.is_empty() {
                let list: Vec<String> = e.aliases.iter().map(|a| format!("`{a}`")).collect();
                let line = format!("- **Aliases (deprecated names):** {}", list.join(", "));
                assert!(
                    text.contains(&line),
                    "{where_}: `{}` lists its aliases",
                    e.name
                );
            }
            let row = page
                .cells
                .iter()
                .find(|(t, cells)| {
                    t == "Code"
                        && cells
                            .get(1)
                            .is_some_and(|n| n.strip_suffix(" (deprecated)").unwrap_or(n) == e.name)
                })
                .map(|(_, cells)| cells[1].as_str())
                .unwrap_or_else(|| panic!("{where_}: no table row for `{}`", e.name));
            let marked = if e.deprecated.is_some() {
                deprecated += 1;
                format!("{} (deprecated)", e.name)
            } else {
                e.name.clone()
            };
            assert_eq!(row, marked, "{where_}: the name cell of `{}`", e.name);
        }
    }
    assert!(
        retired >= 2 && aliases >= 2 && deprecated >= 2,
        "the fixtures need retired errors, aliases and deprecations for this test to prove anything"
    );
}

/// The `id`s of the anchors of a page, with character references decoded.
fn ids(text: &str) -> Vec<String> {
    parse(text)
        .html
        .split("<a id=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(|id| {
            id.replace("&quot;", "\"")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&")
        })
        .collect()
}

/// Every link between pages (`other.md#anchor`, `../errors.md#anchor`, `#anchor`) lands on an
/// anchor of the page it names, resolved relative to the linking page.
fn check_links(pages: &std::collections::BTreeMap<String, String>) {
    let mut checked = 0;
    for (path, text) in pages {
        let dir = path.rsplit_once('/').map_or("", |(dir, _)| dir);
        for event in Parser::new_ext(text, Options::ENABLE_TABLES) {
            let Event::Start(Tag::Link { dest_url, .. }) = event else {
                continue;
            };
            if dest_url.contains("://") {
                continue;
            }
            let (file, anchor) = dest_url.split_once('#').unwrap_or((&dest_url, ""));
            let target = if file.is_empty() {
                path.clone()
            } else if let Some(up) = file.strip_prefix("../") {
                up.to_owned()
            } else if dir.is_empty() {
                file.to_owned()
            } else {
                format!("{dir}/{file}")
            };
            let page = pages
                .get(&target)
                .unwrap_or_else(|| panic!("{path}: link to a missing page `{dest_url}`"));
            assert!(
                anchor.is_empty() || ids(page).iter().any(|id| id == anchor),
                "{path}: link `{dest_url}` to a missing anchor"
            );
            checked += 1;
        }
    }
    assert!(checked > 0, "no links checked");
}

/// `layout = "category"`: an index with the contents, the envelope and the retired errors, and
/// one page per category with its table and its errors' sections; `layout = "error"`: an index
/// with every category's table and one page per error. Every error's section (its anchor and its
/// aliases') is on exactly one page, the one the tables link to, and every link lands.
#[test]
fn layouts_split_pages_with_links_that_land() {
    use errcat::targets::options::MarkdownLayout;
    for path in [
        common::root().join("catalog"),
        common::root().join("tests/fixtures/lifecycle"),
    ] {
        let catalog = common::load(&path);
        let categories: Vec<&str> = catalog
            .categories
            .iter()
            .filter(|c| catalog.errors.iter().any(|e| e.category == c.id))
            .map(|c| c.id.as_str())
            .collect();
        for layout in [MarkdownLayout::Category, MarkdownLayout::Error] {
            let pages = common::markdown_pages(&catalog, layout);
            let mut want: Vec<String> = match layout {
                MarkdownLayout::Category => categories
                    .iter()
                    .map(|c| format!("errors/{c}.md"))
                    .collect(),
                _ => catalog
                    .errors
                    .iter()
                    .map(|e| format!("errors/{}.md", e.name))
                    .collect(),
            };
            want.push("errors.md".to_owned());
            want.sort();
            assert_eq!(
                pages.keys().cloned().collect::<Vec<_>>(),
                want,
                "{layout:?}"
            );
            let index = &pages["errors.md"];
            assert!(ids(index).contains(&"envelope".to_owned()), "{layout:?}");
            for r in &catalog.retired {
                assert!(
                    ids(index).contains(&r.name),
                    "{layout:?}: retired `{}`",
                    r.name
                );
            }
            for e in &catalog.errors {
                let home = match layout {
                    MarkdownLayout::Category => format!("errors/{}.md", e.category),
                    _ => format!("errors/{}.md", e.name),
                };
                for anchor in std::iter::once(&e.name).chain(&e.aliases) {
                    let holders: Vec<&String> = pages
                        .iter()
                        .filter(|(_, text)| ids(text).contains(anchor))
                        .map(|(path, _)| path)
                        .collect();
                    assert_eq!(holders, [&home], "{layout:?}: the anchor `{anchor}`");
                }
                let page = if layout == MarkdownLayout::Error {
                    format!("errors/{}.md", e.name)
                } else {
                    String::new()
                };
                let code = e.code.as_ref().expect("a code").to_string();
                let marked = format!(
                    "| [{code}]({page}#{}) | <nobr>`{}`</nobr> (deprecated) |",
                    e.name, e.name
                );
                let table_page = if layout == MarkdownLayout::Error {
                    index
                } else {
                    &pages[&home]
                };
                assert_eq!(
                    table_page.contains(&marked),
                    e.deprecated.is_some(),
                    "{layout:?}: the row of `{}`",
                    e.name
                );
            }
            check_links(&pages);
        }
        check_links(&common::markdown_pages(&catalog, MarkdownLayout::Single));
    }
}

/// Every `docs_url` whose fragment is the error's name or code lands on an anchor of the page:
/// the flagship's (`#{name}`), and the string codes of `url_codes` (`#{code}`, percent-encoded
/// as the browser decodes it), which get an anchor of their own.
#[test]
fn docs_url_fragments_land_on_anchors() {
    let flagship = std::fs::read_to_string(common::generated().join("markdown/errors.md")).unwrap();
    let mut checked = 0;
    for (path, text) in [
        (common::root().join("catalog"), flagship),
        (
            common::root().join("tests/fixtures/url_codes"),
            String::new(),
        ),
    ] {
        let catalog = common::load(&path);
        let text = if text.is_empty() {
            common::markdown_pages(&catalog, Default::default())
                .remove("errors.md")
                .expect("the page")
        } else {
            text
        };
        let ids = ids(&text);
        for e in &catalog.errors {
            let url = e.docs_url.as_deref().expect("a docs URL");
            let (_, fragment) = url.split_once('#').expect("a fragment");
            let id = percent_encoding::percent_decode_str(fragment)
                .decode_utf8()
                .expect("UTF-8");
            assert!(
                ids.iter().any(|i| *i == id),
                "{}: `{url}` has no anchor `{id}`",
                path.display()
            );
            checked += 1;
        }
    }
    assert!(checked > 70, "too few docs URLs: {checked}");
}

/// `[targets.markdown]` takes `layout` in kebab-case, defaults to `single` (today's one page),
/// and refuses unknown keys and layouts.
#[test]
fn markdown_options_read_the_layout() {
    use errcat::targets::options::{MarkdownLayout, MarkdownOptions};
    let read = |json: &str| serde_json::from_str::<MarkdownOptions>(json);
    assert_eq!(read("{}").unwrap().layout, MarkdownLayout::Single);
    for (name, layout) in [
        ("single", MarkdownLayout::Single),
        ("category", MarkdownLayout::Category),
        ("error", MarkdownLayout::Error),
    ] {
        let options = read(&format!(r#"{{"layout": "{name}"}}"#)).unwrap();
        assert_eq!(options.layout, layout);
    }
    assert!(read(r#"{"layout": "pages"}"#).is_err());
    assert!(read(r#"{"layouts": "single"}"#).is_err());
}
