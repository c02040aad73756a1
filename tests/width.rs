//! Line widths are measured as the pinned formatters measure them (`src/width.rs`): a table of
//! character classes — ASCII, CJK, full- and halfwidth forms, emoji, emoji with U+FE0F or U+FE0E,
//! ZWJ sequences, skin-tone modifiers, flags, keycaps, tag sequences, combining marks, Hangul
//! jamo, characters newer Unicode tables measure differently, characters written as escapes —
//! each placed at the end of a title, a message and a fix after every padding from 30 to 100
//! characters, so it crosses the 88-column (Python) and 100-column (Rust) limits at every
//! column. One catalog holds every case; `ruff format --check` and `rustfmt --check` must leave
//! the generated files as they are.

mod common;

use std::fmt::Write as _;
use std::process::Command;

/// `(class, text)`: the text that ends each literal.
const CLASSES: &[(&str, &str)] = &[
    ("ascii", "a"),
    ("cjk", "日"),
    ("fullwidth", "Ａ"),
    ("halfwidth_katakana", "ｱﾞ"),
    ("emoji", "🎉"),
    ("text_style_emoji", "\u{2764}"),
    ("emoji_presentation_selector", "\u{2764}\u{fe0f}"),
    ("wide_emoji_with_selector", "🎉\u{fe0f}"),
    ("sun_with_selector", "\u{2600}\u{fe0f}"),
    ("text_presentation_selector", "\u{2764}\u{fe0e}"),
    ("selector_after_ascii", "a\u{fe0f}"),
    ("zwj_family", "👨\u{200d}👩\u{200d}👧"),
    ("skin_tone", "👍🏽"),
    ("flag", "🇩🇪"),
    ("keycap", "1\u{fe0f}\u{20e3}"),
    (
        "tag_sequence",
        "🏴\u{e0067}\u{e0062}\u{e0065}\u{e006e}\u{e0067}\u{e007f}",
    ),
    ("combining_mark", "e\u{301}"),
    ("two_combining_marks", "a\u{301}\u{302}"),
    ("hangul_jamo", "\u{1100}\u{1161}\u{11a8}"),
    ("lam_alef", "\u{644}\u{627}"),
    ("khmer_beyyal", "\u{17d8}"),
    ("ideographic_variation", "\u{845b}\u{e0100}"),
    ("ambiguous_width", "\u{b7}"),
    // Characters that unicode-width versions measure differently (Unicode 16 and 17).
    ("arabic_pepet", "\u{897}"),
    ("combining_doubled_circumflex", "\u{1acf}"),
    ("hebrew_mark", "\u{5c8}"),
    // Written as escapes in every target.
    ("bell", "\u{7}"),
    ("zero_width_space", "\u{200b}"),
    ("quote_and_backslash", "\"\\"),
];

/// Paddings before each class: the literal's end crosses both limits in every slot.
const PADDING: std::ops::RangeInclusive<usize> = 30..=100;

fn yaml_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn catalog() -> String {
    let mut y = String::from(
        "errcat: 1\ncatalog: { name: widths, title: Widths, version: 1.0.0 }\n\
         categories:\n  - { id: general, title: General, http_status: 400 }\nerrors:\n",
    );
    let mut code = 0;
    for (class, text) in CLASSES {
        for n in PADDING {
            code += 1;
            let literal = yaml_str(&format!("{}{text}", "x".repeat(n)));
            let _ = writeln!(
                y,
                "  - {{ name: {class}_{n}, code: {code}, category: general, title: {literal}, \
                 message: {literal}, fix: {literal} }}"
            );
        }
    }
    y
}

#[test]
fn formatters_keep_every_character_class_at_every_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("catalog.yaml");
    std::fs::write(&path, catalog()).unwrap();
    let out = common::generate(&path);

    let config = dir.path().join("rustfmt.toml");
    std::fs::write(&config, "").unwrap();
    common::run(
        Command::new("rustfmt")
            .args(["--edition", "2021", "--check", "--config-path"])
            .arg(&config)
            .arg(out.path().join("rust/errors.rs")),
    );
    common::run(
        Command::new(common::venv_bin("ruff"))
            .args(["format", "--no-cache", "--check", "--config"])
            .arg(common::root().join("tests/python/ruff.toml"))
            .arg(out.path().join("python/widths_errors/__init__.py")),
    );
}
