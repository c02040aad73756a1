//! Hostile and broken input: every case has a pinned outcome (exact diagnostic and exit code)
//! within a bound. Big inputs are generated into a temporary directory; the binary runs under a
//! virtual-memory cap (`ulimit -v`), so a blow-up fails the test instead of the machine, and a
//! hang guard kills it after two minutes. No test measures time: bounds are checked by the caps.
//!
//! Cases pinned elsewhere, not repeated here: a YAML syntax error's location
//! (`cli::yaml_syntax_error_has_a_location`), a directory without catalog files
//! (`cli::io_and_usage_errors_exit_2`), assorted hostile byte strings never panicking
//! (`cli::hostile_bytes_never_panic`).

use std::io::Read as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Virtual memory the binary may use, in KiB. A 2,000,000-value file peaks at about 600 MB
/// resident; virtual size adds thread stacks and allocator arenas.
const MEMORY_CAP_KIB: u64 = 1_500_000;
/// A run that takes longer than this is a hang.
const HANG_GUARD: Duration = Duration::from_secs(120);

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs `errcat args` in `dir` under the memory cap and the hang guard.
fn errcat(dir: &Path, args: &[&str]) -> Run {
    let bin = assert_cmd::cargo::cargo_bin("errcat");
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v {MEMORY_CAP_KIB} && exec \"$0\" \"$@\""))
        .arg(&bin)
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run errcat");
    let mut out_pipe = child.stdout.take().unwrap();
    let mut err_pipe = child.stderr.take().unwrap();
    let out_thread = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = out_pipe.read_to_end(&mut s);
        s
    });
    let err_thread = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = err_pipe.read_to_end(&mut s);
        s
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > HANG_GUARD {
            let _ = child.kill();
            panic!("errcat {args:?} still running after {HANG_GUARD:?}: a hang");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let stdout = String::from_utf8_lossy(&out_thread.join().unwrap()).into_owned();
    let stderr = String::from_utf8_lossy(&err_thread.join().unwrap()).into_owned();
    assert!(!stderr.contains("panicked"), "errcat panicked:\n{stderr}");
    let Some(code) = status.code() else {
        panic!(
            "errcat {args:?} was killed by a signal ({status}), e.g. out of memory or stack:\n{stderr}"
        );
    };
    Run {
        code,
        stdout,
        stderr,
    }
}

/// Writes `files` into a fresh directory.
fn dir_with(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, bytes) in files {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
    dir
}

/// `errcat check` on one file `c.yaml` holding `bytes`, with extra flags.
fn check(bytes: &[u8], flags: &[&str]) -> Run {
    let dir = dir_with(&[("c.yaml", bytes)]);
    let mut args = vec!["check", "--catalog", "c.yaml"];
    args.extend_from_slice(flags);
    errcat(dir.path(), &args)
}

const VALID: &str = "errcat: 1
catalog: { name: shop, title: Shop, version: 1.0.0 }
categories:
  - { id: general, title: General, http_status: 400 }
errors:
  - name: out_of_stock
    code: 1
    category: general
    message: \"Item {sku} is out of stock.\"
    params: { sku: { type: string } }
    fix: Try again tomorrow.
";

/// A "billion laughs": ten levels of ten aliases each would expand to 10^10 values.
fn alias_bomb() -> String {
    let mut s =
        String::from("errcat: 1\nx0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        let refs = vec![format!("*a{}", i - 1); 10].join(", ");
        s.push_str(&format!("x{i}: &a{i} [{refs}]\n"));
    }
    s
}

#[test]
fn alias_bomb_stops_at_the_alias_expansion_budget() {
    let run = check(alias_bomb().as_bytes(), &[]);
    assert_eq!(
        run.stderr,
        "error[limit-exceeded]: catalog file expands aliases into more YAML events than the limit of 1000000 events
 --> c.yaml:7:45
  |
7 | x5: &a5 [*a4, *a4, *a4, *a4, *a4, *a4, *a4, *a4, *a4, *a4]
  |                                             ^^^
  = help: if the catalog is trusted, raise the limit with `--max-alias-events N` (`LoadOptions::max_alias_events`)

error: catalog `c.yaml` has 1 error
"
    );
    assert_eq!(run.code, 1);
    // The budget is configurable: a lower one stops earlier.
    let run = check(alias_bomb().as_bytes(), &["--max-alias-events", "1000"]);
    assert!(
        run.stderr.starts_with(
            "error[limit-exceeded]: catalog file expands aliases into more YAML events than the limit of 1000 events\n --> c.yaml:4:"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(run.code, 1);
}

#[test]
fn too_many_aliases_is_a_limit() {
    let yaml = "errcat: 1\nx: &a 1\ny: [*a, *a, *a, *a]\n";
    let run = check(yaml.as_bytes(), &["--max-aliases", "3"]);
    assert_eq!(
        run.stderr,
        "error[limit-exceeded]: catalog file has more aliases or anchors than the limit of 3
 --> c.yaml:3:17
  |
3 | y: [*a, *a, *a, *a]
  |                 ^^
  = help: if the catalog is trusted, raise the limit with `--max-aliases N` (`LoadOptions::max_aliases`)

error: catalog `c.yaml` has 1 error
"
    );
    assert_eq!(run.code, 1);
}

#[test]
fn nesting_10000_deep_stops_at_the_depth_limit() {
    let flow_lists = format!(
        "errcat: 1\nx: {}{}\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let run = check(flow_lists.as_bytes(), &[]);
    assert!(
        run.stderr.starts_with(
            "error[limit-exceeded]: catalog file nests deeper than the limit of 64 levels\n --> c.yaml:2:68\n"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stderr.ends_with(
        "  = help: if the catalog is trusted, raise the limit with `--max-depth N` (`LoadOptions::max_depth`)\n\nerror: catalog `c.yaml` has 1 error\n"
    ));
    assert_eq!(run.code, 1);

    let flow_maps = format!(
        "errcat: 1\nx: {}1{}\n",
        "{a: ".repeat(10_000),
        "}".repeat(10_000)
    );
    let block_lists = format!("errcat: 1\nx:\n  {}a\n", "- ".repeat(10_000));
    for yaml in [flow_maps, block_lists] {
        let run = check(yaml.as_bytes(), &[]);
        assert!(
            run.stderr.starts_with(
                "error[limit-exceeded]: catalog file nests deeper than the limit of 64 levels\n"
            ),
            "{}",
            run.stderr
        );
        assert_eq!(run.code, 1);
    }
}

#[test]
fn the_depth_limit_can_be_raised_to_its_ceiling_without_overflowing_the_stack() {
    // 998 levels under `x` (999 with the root mapping): within `--max-depth 1000`, so the file
    // parses and the only problem is the unknown key.
    let yaml = format!(
        "errcat: 1\ncatalog: {{ name: x, title: X, version: 1.0.0 }}\nx: {}{}\n",
        "[".repeat(998),
        "]".repeat(998)
    );
    let run = check(yaml.as_bytes(), &["--max-depth", "1000"]);
    assert!(
        run.stderr
            .starts_with("error[unknown-key]: unknown key `x` in the catalog file\n"),
        "{}",
        run.stderr
    );
    assert_eq!(run.code, 1);
    let run = check(yaml.as_bytes(), &["--max-depth", "1001"]);
    assert!(
        run.stderr
            .contains("invalid value '1001' for '--max-depth <N>': 1001 is not in 1..=1000"),
        "{}",
        run.stderr
    );
    assert_eq!(run.code, 2);
}

#[test]
fn a_100_mb_file_is_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let f = std::fs::File::create(dir.path().join("c.yaml")).unwrap();
    f.set_len(100 * 1024 * 1024).unwrap();
    let run = errcat(dir.path(), &["check", "--catalog", "c.yaml"]);
    assert_eq!(
        run.stderr,
        "error: catalog file `c.yaml` is 104857600 bytes, more than the limit of 67108864 bytes (raise it with `--max-file-size`)\n"
    );
    assert_eq!(run.code, 2);
}

#[test]
fn a_directory_over_the_total_size_is_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("cat")).unwrap();
    // Seven sparse 40 MiB files: 280 MiB, over the 256 MiB default, each under 64 MiB.
    for name in ["a", "b", "c", "d", "e", "f", "g"] {
        let f = std::fs::File::create(dir.path().join("cat").join(format!("{name}.yaml"))).unwrap();
        f.set_len(40 * 1024 * 1024).unwrap();
    }
    let run = errcat(dir.path(), &["check", "--catalog", "cat"]);
    assert_eq!(
        run.stderr,
        "error: catalog directory `cat` holds 293601280 bytes of catalog files, more than the limit of 268435456 bytes (raise it with `--max-total-size`)\n"
    );
    assert_eq!(run.code, 2);
}

#[test]
fn a_10_mb_line_is_a_diagnostic_with_a_short_snippet() {
    let yaml = format!(
        "errcat: 1\ncatalog: {{ name: x, title: \"{}\", version: 1.0.0 }}\n",
        "x".repeat(10 * 1024 * 1024)
    );
    let run = check(yaml.as_bytes(), &[]);
    assert_eq!(
        run.stderr,
        "error[line-too-long]: line 2 is 10485807 bytes long, more than the limit of 1048576 bytes
 --> c.yaml:2:1
  |
2 | catalog: { name: x, title: \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
  | ^
  = help: split the text over several lines (YAML folds `>` blocks), or raise the limit with `--max-line-length`

error: catalog `c.yaml` has 1 error
"
    );
    assert_eq!(run.code, 1);
}

/// `n` errors, one per line, in the most compact form.
fn many_errors(n: usize) -> String {
    let mut s = String::from(
        "errcat: 1\ncatalog: { name: big, title: Big, version: 1.0.0 }\ncategories:\n  - { id: g, title: General, http_status: 400 }\nerrors:\n",
    );
    for i in 0..n {
        s.push_str(&format!(
            "  - {{name: e{i}, code: {i}, category: g, message: m, fix: f}}\n"
        ));
    }
    s
}

#[test]
fn a_million_errors_stop_at_the_value_limit() {
    // 1,000,000 errors of 11 YAML values each. With the default `--max-nodes 2000000` the
    // parser stops at error 181,816 (line 181,822); the full-size runs, default and with raised
    // limits, are measured by `scripts/bench.sh` (README, "Limits and hostile input"). Here the
    // limit is lowered tenfold so the test stays fast in a debug build: same path, earlier stop.
    let yaml = many_errors(1_000_000);
    assert!(yaml.len() < 64 * 1024 * 1024, "within the file size limit");
    let run = check(yaml.as_bytes(), &["--max-nodes", "200000"]);
    assert_eq!(
        run.stderr,
        "error[limit-exceeded]: catalog file has more YAML values than the limit of 200000
     --> c.yaml:18185:58
      |
18185 |   - {name: e18179, code: 18179, category: g, message: m, fix: f}
      |                                                          ^^^
      = help: if the catalog is trusted, raise the limit with `--max-nodes N` (`LoadOptions::max_nodes`)

error: catalog `c.yaml` has 1 error
"
    );
    assert_eq!(run.code, 1);
}

#[test]
fn too_many_errors_in_a_file_is_a_limit() {
    let run = check(many_errors(11).as_bytes(), &["--max-errors", "10"]);
    assert_eq!(
        run.stderr,
        "error[limit-exceeded]: catalog file defines 11 errors, more than the limit of 10
 --> c.yaml:5:1
  |
5 | errors:
  | ^^^^^^
  = help: split the catalog, or if it is trusted, raise the limit with `--max-errors N` (`LoadOptions::max_errors`)

error: catalog `c.yaml` has 1 error
"
    );
    assert_eq!(run.code, 1);
    // The errors share one message (it keeps the million-error file small): not the point here.
    let run = check(
        many_errors(10).as_bytes(),
        &["--max-errors", "10", "--allow", "duplicate-message"],
    );
    assert_eq!(run.stderr, "catalog `c.yaml` is valid: 10 errors\n");
    assert_eq!(run.code, 0);
}

#[test]
fn invalid_utf8_points_at_the_first_bad_byte() {
    let run = check(b"errcat: 1\ncatalog:\n  name: x\xff\n", &[]);
    assert_eq!(
        run.stderr,
        "error[invalid-utf8]: catalog file is not valid UTF-8
 --> c.yaml:3:10
  |
3 |   name: x\u{fffd}
  |          ^
  = help: save the file as UTF-8

error: catalog `c.yaml` has 1 error
"
    );
    assert_eq!(run.code, 1);
}

#[test]
fn a_byte_order_mark_is_skipped() {
    let mut bom = b"\xef\xbb\xbf".to_vec();
    bom.extend_from_slice(VALID.as_bytes());
    let run = check(&bom, &[]);
    assert_eq!(run.stderr, "catalog `c.yaml` is valid: 1 error\n");
    assert_eq!(run.code, 0);
    // Columns on the first line do not count the mark.
    let run = check(b"\xef\xbb\xbfbogus: 1\n", &[]);
    assert!(run.stderr.contains(" --> c.yaml:1:1\n"), "{}", run.stderr);
}

#[test]
fn crlf_line_ends_read_like_lf() {
    let crlf = VALID.replace('\n', "\r\n");
    let run = check(crlf.as_bytes(), &[]);
    assert_eq!(run.stderr, "catalog `c.yaml` is valid: 1 error\n");
    assert_eq!(run.code, 0);
    let run = check(
        b"errcat: 1\r\ncatalog: { name: x, title: X, version: 1.0.0 }\r\nbogus: 1\r\n",
        &[],
    );
    assert_eq!(
        run.stderr,
        "error[unknown-key]: unknown key `bogus` in the catalog file
 --> c.yaml:3:1
  |
3 | bogus: 1
  | ^^^^^
  = help: valid keys here: `catalog`, `categories`, `errcat`, `errors`, `reserved`, `retired`

error: catalog `c.yaml` has 1 error
"
    );
    assert_eq!(run.code, 1);
}

#[test]
fn tab_indentation_is_a_yaml_error_and_tabs_in_scalars_are_fine() {
    let run = check(b"errcat: 1\ncatalog:\n\tname: x\n", &[]);
    assert_eq!(
        run.stderr,
        "error[yaml-syntax]: a tab indents this line; YAML indents with spaces only
 --> c.yaml:3:1
  |
3 |  name: x
  | ^
  = help: replace the tab with spaces

error: catalog `c.yaml` has 1 error
"
    );
    assert_eq!(run.code, 1);
    let tabbed = VALID.replace("Try again tomorrow.", "\"Try\tagain\ttomorrow.\"");
    let dir = dir_with(&[("c.yaml", tabbed.as_bytes())]);
    let run = errcat(dir.path(), &["dump-ir", "--catalog", "c.yaml"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("\"Try\\tagain\\ttomorrow.\""),
        "{}",
        run.stdout
    );
}

#[test]
fn duplicate_mapping_keys_name_the_second_key() {
    let run = check(
        b"errcat: 1\ncatalog: { name: x, title: X, version: 1.0.0 }\ncatalog: { name: y }\n",
        &[],
    );
    assert_eq!(
        run.stderr,
        "error[yaml-syntax]: the key `catalog` appears twice in this mapping
 --> c.yaml:3:1
  |
3 | catalog: { name: y }
  | ^^^^^^^
  = help: keep one of the two entries

error: catalog `c.yaml` has 1 error
"
    );
    assert_eq!(run.code, 1);
}

#[test]
fn an_empty_file_points_at_line_1() {
    for text in ["", "# only a comment\n\n", "\n\n\n"] {
        let run = check(text.as_bytes(), &[]);
        let first = text.lines().next().unwrap_or("");
        assert_eq!(
            run.stderr,
            format!(
                "error[empty-file]: catalog file is empty
 --> c.yaml:1:1
  |
1 | {first}
  | ^
  = help: start the file with `errcat: 1`

error: catalog `c.yaml` has 1 error
"
            ),
            "input {text:?}"
        );
        assert_eq!(run.code, 1);
    }
}

#[test]
fn a_directory_without_catalog_files_is_a_usage_error() {
    // The directory with only a non-YAML file is pinned in `cli::io_and_usage_errors_exit_2`;
    // an empty directory behaves the same. A directory named `*.yaml` is not skipped: it is
    // named (`tests/catalog_entries.rs` has the other entries that are not files).
    let dir = dir_with(&[("cat/sub.yaml/x.txt", b"x")]);
    std::fs::create_dir(dir.path().join("empty")).unwrap();
    for (catalog, expected) in [
        (
            "empty",
            "error: no catalog files (*.yaml, *.yml) in directory `empty`\n",
        ),
        (
            "cat",
            "error: catalog file `cat/sub.yaml` is a directory, not a file; errcat reads every \
             *.yaml and *.yml file in `cat`: rename it or move it out of the directory\n",
        ),
    ] {
        let run = errcat(dir.path(), &["check", "--catalog", catalog]);
        assert_eq!(run.stderr, expected);
        assert_eq!(run.code, 2);
    }
}

#[test]
fn a_hint_lists_at_most_20_known_names() {
    // Validation hints stay bounded on catalogs with many names: a list of every category in
    // each unknown-category diagnostic would grow with categories × errors.
    let mut yaml =
        String::from("errcat: 1\ncatalog: { name: x, title: X, version: 1.0.0 }\ncategories:\n");
    for i in 0..25 {
        yaml.push_str(&format!("  - {{ id: category_{i:02}, title: C }}\n"));
    }
    yaml.push_str("errors:\n  - { name: e, category: zzzzzzzzzzzzzzzzzzzz, message: m, fix: f }\n");
    let run = check(yaml.as_bytes(), &[]);
    let listed: Vec<String> = (0..20).map(|i| format!("`category_{i:02}`")).collect();
    assert!(
        run.stderr.contains(&format!(
            "  = help: known categories: {} and 5 more\n",
            listed.join(", ")
        )),
        "{}",
        run.stderr
    );
    assert_eq!(run.code, 1);
}

#[test]
fn one_anchor_reused_often_is_not_an_alias_bomb() {
    // serde-saphyr's alias/anchor ratio heuristic is off: no flag could raise it, and
    // `--max-alias-events` bounds what aliases cost.
    let mut yaml = String::from(
        "errcat: 1\ncatalog: { name: x, title: X, version: 1.0.0 }\ncategories:\n  - { id: g, title: G, http_status: 400 }\nerrors:\n",
    );
    yaml.push_str("  - { name: e0, code: 0, category: g, message: \"{p}\", fix: f, params: &p { p: { type: string } } }\n");
    for i in 1..150 {
        yaml.push_str(&format!(
            "  - {{ name: e{i}, code: {i}, category: g, message: \"{{p}}\", fix: f, params: *p }}\n"
        ));
    }
    let run = check(yaml.as_bytes(), &[]);
    assert_eq!(run.stderr, "catalog `c.yaml` is valid: 150 errors\n");
    assert_eq!(run.code, 0);
}

// --- template overrides: user input too

/// `errcat generate --target markdown` of the valid catalog with `template` overriding the
/// markdown template, with extra flags.
fn generate_with_override(template: &str, flags: &[&str]) -> Run {
    let dir = dir_with(&[
        ("c.yaml", VALID.as_bytes()),
        ("t/markdown/errors.md.tera", template.as_bytes()),
    ]);
    let mut args = vec![
        "generate",
        "--catalog",
        "c.yaml",
        "--templates",
        "t",
        "--target",
        "markdown",
    ];
    args.extend_from_slice(flags);
    let run = errcat(dir.path(), &args);
    assert!(
        !dir.path().join("generated").exists(),
        "a failed render wrote output"
    );
    run
}

/// Two nested `range()` loops: 10^10 bytes of output, which once ran for 40 s and took 3.4 GB
/// before being killed. The writer refuses the byte past the limit, so the render stops there.
#[test]
fn nested_loops_in_a_template_stop_at_the_output_limit() {
    let template =
        "{% for i in range(end=100000) %}{% for j in range(end=100000) %}x{% endfor %}{% endfor %}";
    let run = generate_with_override(template, &["--max-output-size", "1000000"]);
    assert_eq!(
        run.stderr,
        "error[limit-exceeded]: template `markdown/errors.md.tera` writes more than the limit of 1000000 bytes
  = help: if the templates are trusted, raise the limit with `--max-output-size BYTES` (`RenderLimits::max_output_bytes`)

"
    );
    assert_eq!(run.code, 2);
}

/// The same loops writing nothing: 10^10 iterations, stopped by the time limit. errcat reports
/// and exits without waiting for the render thread.
#[test]
fn a_template_that_writes_nothing_stops_at_the_time_limit() {
    let template =
        "{% for i in range(end=100000) %}{% for j in range(end=100000) %}{% endfor %}{% endfor %}";
    let run = generate_with_override(template, &["--max-render-time", "1", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        doc,
        serde_json::json!([{
            "severity": "error",
            "rule": "limit-exceeded",
            "message": "template `markdown/errors.md.tera` renders for longer than the limit of 1 s",
            "file": null, "line": null, "column": null, "end_line": null, "end_column": null,
            "help": "if the templates are trusted, raise the limit with `--max-render-time SECONDS` (`RenderLimits::max_render_time`)",
            "related": []
        }])
    );
    assert_eq!(run.stderr, "");
    assert_eq!(run.code, 2);
}

/// The same loops collecting their text in a `{% set %}` block: nothing reaches the output, so
/// the memory limit stops the render, long before the time limit.
#[test]
fn a_template_that_collects_text_stops_at_the_memory_limit() {
    let template = "{% set s %}{% for i in range(end=100000) %}{% for j in range(end=100000) %}\
                    xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\
                    {% endfor %}{% endfor %}{% endset %}{{ s | length }}";
    let run = generate_with_override(template, &["--max-render-memory", "100000000"]);
    assert_eq!(
        run.stderr,
        "error[limit-exceeded]: template `markdown/errors.md.tera` grows errcat's memory by more than the limit of 100000000 bytes
  = help: if the templates are trusted, raise the limit with `--max-render-memory BYTES` (`RenderLimits::max_render_memory`)

"
    );
    assert_eq!(run.code, 2);
}
