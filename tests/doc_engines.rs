//! The markdown reference in real doc engines: every page of every catalog (the flagship in each
//! layout, the examples, the fixtures, and a 2,000-error catalog split per category) builds in
//! MkDocs with `--strict`, where a link to a missing page or anchor fails the build, and
//! compiles as MDX 3 with GFM, as Docusaurus v3 compiles a docs page. One MkDocs build and one
//! node process for all pages, since each tool takes seconds to start.

mod common;

use errcat::Catalog;
use errcat::targets::options::MarkdownLayout;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// A catalog of `categories` × `per_category` errors, each with a placeholder in its message,
/// a parameter, a description (with an autolink, braces, and a paragraph starting with `export`,
/// which MDX would read as JavaScript), a fix and a `docs_url` pointing at its code; every tenth
/// error is deprecated in favour of the one before it.
pub fn synthetic(categories: usize, per_category: usize) -> String {
    let mut y = String::from(
        "errcat: 1\ncatalog:\n  name: synthetic\n  title: Synthetic API\n  version: 1.0.0\n  \
         docs_url: \"https://docs.example.com/errors#{code}\"\ncategories:\n",
    );
    for c in 0..categories {
        let start = 10_000 + c * 1000;
        let _ = writeln!(
            y,
            "  - id: area_{c:02}\n    title: \"Area {c} <beta> {{x}}\"\n    http_status: 400\n    \
             codes: [{start}, {}]",
            start + 999
        );
    }
    y.push_str("errors:\n");
    for c in 0..categories {
        for i in 0..per_category {
            let code = 10_000 + c * 1000 + i;
            let _ = writeln!(
                y,
                "  - name: area_{c:02}_unauthorized_request_{i:03}\n    code: {code}\n    \
                 category: area_{c:02}\n    message: \"Request {{id}} of <area> {c} failed | {i}.\"\n    \
                 params:\n      id: {{ type: string, description: \"The {{id}} <of> the request.\" }}\n    \
                 description: \"See <https://example.com/{i}> and {{braces}}, `<code>`.\\n\\n\
                 export the log first, then import it.\"\n    \
                 fix: \"Retry with a new `id` & a <valid> token.\""
            );
            if i % 10 == 9 {
                let _ = writeln!(
                    y,
                    "    deprecated:\n      since: 0.9.0\n      replaced_by: \
                     area_{c:02}_unauthorized_request_{:03}",
                    i - 1
                );
            }
        }
    }
    y
}

struct Book {
    _dir: tempfile::TempDir,
    root: PathBuf,
    /// Every markdown page written, absolute.
    pages: Vec<PathBuf>,
}

impl Book {
    fn new() -> Book {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().to_owned();
        std::fs::create_dir(root.join("docs")).expect("docs/");
        std::fs::write(root.join("docs/index.md"), "# Catalogs\n").expect("index");
        Book {
            _dir: dir,
            root,
            pages: Vec::new(),
        }
    }

    /// Writes the pages of `catalog` in `layout` under `docs/<slug>/`.
    fn add(&mut self, slug: &str, catalog: &Catalog, layout: MarkdownLayout) {
        for (path, text) in common::markdown_pages(catalog, layout) {
            let file = self.root.join("docs").join(slug).join(path);
            std::fs::create_dir_all(file.parent().expect("a folder")).expect("folder");
            std::fs::write(&file, text).expect("page");
            self.pages.push(file);
        }
    }
}

fn slug(path: &Path) -> String {
    let rel = path.strip_prefix(common::root()).expect("in the repo");
    rel.to_string_lossy()
        .trim_end_matches("/catalog.yaml")
        .replace('/', "-")
}

/// The `id`s of the elements of a built HTML page, with character references decoded.
fn html_ids(html: &str) -> Vec<String> {
    html.split(" id=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(|id| {
            id.replace("&quot;", "\"")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&#39;", "'")
                .replace("&amp;", "&")
        })
        .collect()
}

#[test]
fn every_page_builds_in_mkdocs_strict_and_compiles_as_mdx() {
    let mkdocs = common::venv_bin("mkdocs");
    common::node_bin("tsc");
    assert!(
        common::root().join("node_modules/@mdx-js/mdx").is_dir(),
        "@mdx-js/mdx is missing: run `scripts/test.sh`, which installs the pinned test tools"
    );
    let mut book = Book::new();
    let flagship = common::load(&common::root().join("catalog"));
    book.add("flagship/single", &flagship, MarkdownLayout::Single);
    book.add("flagship/category", &flagship, MarkdownLayout::Category);
    book.add("flagship/error", &flagship, MarkdownLayout::Error);
    let mut catalogs = common::valid_fixtures();
    catalogs.extend(common::example_catalogs());
    for path in &catalogs {
        let catalog = common::load(path);
        book.add(&slug(path), &catalog, MarkdownLayout::Single);
    }
    let big_dir = tempfile::tempdir().expect("temp dir");
    let big_path = big_dir.path().join("catalog.yaml");
    std::fs::write(&big_path, synthetic(20, 100)).expect("catalog");
    let big = common::load(&big_path);
    assert_eq!(big.errors.len(), 2000);
    book.add("synthetic", &big, MarkdownLayout::Category);
    assert_eq!(
        book.pages
            .iter()
            .filter(|p| p.starts_with(book.root.join("docs/synthetic")))
            .count(),
        21,
        "the 2,000 errors are on 20 category pages and an index"
    );

    // MkDocs: a warning fails the build under `--strict`, and links to a missing page or anchor
    // are warnings. (Not `--quiet`: it hides the warnings from the count `--strict` fails on.)
    std::fs::write(
        book.root.join("mkdocs.yml"),
        "site_name: errcat\nvalidation:\n  omitted_files: warn\n  absolute_links: warn\n  \
         unrecognized_links: warn\n  anchors: warn\n",
    )
    .expect("mkdocs.yml");
    let out = Command::new(&mkdocs)
        .args(["build", "--strict", "--site-dir", "site"])
        .current_dir(&book.root)
        .output()
        .expect("mkdocs runs");
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && !log.contains("WARNING"),
        "MkDocs --strict failed:\n{}{log}",
        String::from_utf8_lossy(&out.stdout),
    );

    // Every `docs_url` fragment of the flagship (`#{name}`) and of the fixture whose URLs end
    // in `#{code}` lands on an anchor of the built page.
    for (slug, catalog) in [
        ("flagship/single", flagship),
        (
            "tests-fixtures-url_codes",
            common::load(&common::root().join("tests/fixtures/url_codes")),
        ),
    ] {
        let html =
            std::fs::read_to_string(book.root.join("site").join(slug).join("errors/index.html"))
                .expect("the built page");
        let ids = html_ids(&html);
        let mut checked = 0;
        for e in &catalog.errors {
            let url = e.docs_url.as_deref().expect("every error has a docs URL");
            let (_, fragment) = url.split_once('#').expect("a fragment");
            let id = percent_encoding::percent_decode_str(fragment)
                .decode_utf8()
                .expect("UTF-8");
            assert!(
                ids.iter().any(|i| *i == id),
                "{slug}: `{url}` of `{}` has no anchor `{id}` on the built page",
                e.name
            );
            checked += 1;
        }
        assert!(checked >= 5, "{slug}: too few docs URLs to prove anything");
    }

    // MDX 3 with GFM, every page in one node process.
    let mut child = Command::new("node")
        .arg(common::root().join("tests/doc_engines/mdx_compile.mjs"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("node runs");
    let list: String = book
        .pages
        .iter()
        .map(|p| format!("{}\n", p.display()))
        .collect();
    std::io::Write::write_all(&mut child.stdin.take().expect("stdin"), list.as_bytes())
        .expect("page list");
    let out = child.wait_with_output().expect("node ends");
    assert!(
        out.status.success(),
        "pages that do not compile as MDX:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("{} pages compiled as MDX, 0 failed\n", book.pages.len())
    );
}
