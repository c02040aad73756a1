//! Line width as each pinned formatter measures it, so the line breaks a target decides are the
//! ones the formatter would make (`ruff format --check` and `rustfmt --check` pass on output).
//!
//! The two formatters disagree, so each target measures with its own formatter's rule:
//!
//! - **ruff** (0.17, `requirements-dev.txt`) adds up the width of each character on its own
//!   (unicode-width 0.2.2's `UnicodeWidthChar`): a variation selector (U+FE0F) counts 0 and does
//!   not widen the character before it, an emoji with a skin-tone modifier counts 4, a flag 2.
//! - **rustfmt** (Rust 1.95) measures the whole string (`UnicodeWidthStr` with the tables of
//!   unicode-width 0.1.14, equal to 0.2.0 outside control characters): `❤` + U+FE0F counts 2,
//!   an emoji with a modifier 2, and so on.
//!
//! Found by running each formatter on every code point of planes 0 to 3 and 14 placed at the
//! line limit (`tests/width.rs` keeps a table of character classes at every column around the
//! limit): ruff agrees with the 0.2.2 character widths on all of them, rustfmt with the 0.1.14
//! string widths; unicode-width 0.2.3 (Unicode 17) disagrees with both on newly assigned
//! characters, which is why the versions are exact in `Cargo.toml`. Control characters never
//! reach a measured line: every target writes them as escapes.

/// The width `ruff format` gives `s`.
pub fn ruff(s: &str) -> usize {
    s.chars()
        .map(|c| unicode_width::UnicodeWidthChar::width(c).unwrap_or(0))
        .sum()
}

/// The width `rustfmt` gives `s`.
pub fn rustfmt(s: &str) -> usize {
    unicode_width_rustfmt::UnicodeWidthStr::width(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_formatters_disagree_on_sequences() {
        // A heart with an emoji variation selector.
        assert_eq!(
            (ruff("\u{2764}\u{fe0f}"), rustfmt("\u{2764}\u{fe0f}")),
            (1, 2)
        );
        // Thumbs up with a skin tone.
        assert_eq!((ruff("👍🏽"), rustfmt("👍🏽")), (4, 2));
        // A keycap sequence.
        assert_eq!(
            (ruff("1\u{fe0f}\u{20e3}"), rustfmt("1\u{fe0f}\u{20e3}")),
            (1, 2)
        );
    }

    #[test]
    fn the_formatters_agree_on_plain_text() {
        for s in ["abc", "日本", "🎉", "e\u{301}", "שלום", "ｱ", "Ａ"] {
            assert_eq!(ruff(s), rustfmt(s), "{s}");
        }
        assert_eq!(ruff("🎉 日本"), 7);
    }
}
