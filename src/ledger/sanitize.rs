//! Text from a ledger must never reach the terminal as control sequences. Every string is
//! cleaned once, when loading; placeholders keep the damage visible.
//!
//! Width: ratatui measures a grapheme cluster with unicode-width, terminals (tmux, xterm,
//! vt100) mostly add up code points, each in its own way. We do not try to guess which
//! terminal we are in: what no two of them measure alike is replaced here, so that every
//! cleaned string is as wide for ratatui as the sum of its characters (a unit test holds
//! that). Replaced: variation selectors, emoji skin-tone modifiers, regional indicators
//! (flags), ZWJ (already, as zero-width) and combining marks beyond `MAX_MARKS` on one letter.

use unicode_width::UnicodeWidthChar;

/// Placeholder for invisible format characters (bidi overrides, zero-width, tags, C1):
/// ␦ from the same Control Pictures block as ␛. Not U+FFFD, which some terminals and
/// terminal emulators treat specially.
pub const INVISIBLE: char = '\u{2426}';

/// Whether `c` must not be shown as it is.
pub fn is_unsafe(c: char) -> bool {
    let u = c as u32;
    c.is_control()
        || (0x200B..=0x200F).contains(&u) // zero-width space/joiners, LRM, RLM
        || (0x202A..=0x202E).contains(&u) // bidi embeddings and overrides
        || (0x2060..=0x2064).contains(&u) // word joiner, invisible operators
        || (0x2066..=0x2069).contains(&u) // bidi isolates
        || u == 0xFEFF
        || u == 0x061C
        || (0xFFF9..=0xFFFB).contains(&u) // interlinear annotations
        || (0xE0000..=0xE007F).contains(&u) // tag characters
        || u == 0x2028 || u == 0x2029 // line and paragraph separators: break lines
        || matches!(u, 0x115F | 0x3164 | 0xFFA0) // Hangul fillers: blank, widths disagree
        || unmeasurable(u)
}

/// Characters whose width terminals and ratatui disagree on (see the module comment).
fn unmeasurable(u: u32) -> bool {
    (0xFE00..=0xFE0F).contains(&u) // variation selectors (VS16: emoji presentation)
        || (0xE0100..=0xE01EF).contains(&u) // variation selectors supplement
        || (0x1F3FB..=0x1F3FF).contains(&u) // emoji skin-tone modifiers
        || (0x1F1E6..=0x1F1FF).contains(&u) // regional indicators (flag pairs)
}

/// Combining marks kept on one letter: real text (Vietnamese, Tibetan stacks) needs up to
/// four; beyond, tmux and xterm drop or misplace them and columns shift.
pub const MAX_MARKS: usize = 4;

/// A zero-width character that is not unsafe: a combining mark (or a Hangul vowel jamo).
fn is_mark(c: char) -> bool {
    c.width() == Some(0) && !is_unsafe(c)
}

/// The visible stand-in for an unsafe character: C0 controls become their control
/// pictures (␛ for ESC), everything else the replacement character.
pub fn placeholder(c: char) -> char {
    let u = c as u32;
    if u < 0x20 {
        char::from_u32(0x2400 + u).unwrap_or(INVISIBLE)
    } else if u == 0x7F {
        '\u{2421}'
    } else {
        INVISIBLE
    }
}

/// A path as shown to the user (messages, notices, the status line): cleaned like ledger
/// text, since a file name can hold ESC or RLO as easily as a ledger can.
pub fn path(p: &std::path::Path) -> String {
    clean(p.display().to_string()).0
}

/// A message for the terminal, cleaned line by line (its line breaks are kept).
pub fn message(text: &str) -> String {
    text.split('\n')
        .map(|l| clean(l.to_string()).0)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Whether any byte could start an unsafe character or a combining mark: controls, DEL,
/// and the UTF-8 lead bytes of C1 controls (C2), combining marks (CC..E1, EA, ED, F0),
/// U+2000 block (E2), U+FExx/U+FFxx (EF), tags and variation selectors (F3); of E3 only
/// U+302A..302F, U+3099..309A and U+3164. CJK ideographs (E4..E9) never match, so most ledger text
/// is cleared here without decoding a single character.
fn may_hold_unsafe(text: &str) -> bool {
    let b = text.as_bytes();
    b.iter().enumerate().any(|(i, &x)| match x {
        0x00..=0x1F | 0x7F | 0xC2 | 0xCC..=0xE2 | 0xEA | 0xED | 0xEF | 0xF0 | 0xF3 => true,
        0xE3 => matches!(
            b.get(i + 1..i + 3),
            Some([0x80, 0xAA..=0xAF] | [0x82, 0x99..=0x9A] | [0x85, 0xA4])
        ),
        _ => false,
    })
}

/// Returns the text with every unsafe character replaced, and whether anything was replaced.
/// A run of combining marks longer than `MAX_MARKS` keeps the first ones and shows one `␦`.
pub fn clean(text: String) -> (String, bool) {
    if is_clean(&text) {
        return (text, false);
    }
    let mut cleaned = String::with_capacity(text.len());
    let mut marks = 0;
    for c in text.chars() {
        if is_mark(c) {
            marks += 1;
            if marks <= MAX_MARKS {
                cleaned.push(c);
            } else if marks == MAX_MARKS + 1 {
                cleaned.push(INVISIBLE);
            }
            continue;
        }
        marks = 0;
        cleaned.push(if is_unsafe(c) { placeholder(c) } else { c });
    }
    (cleaned, true)
}

/// Whether the text shows as it is (nothing for `clean` to replace).
pub fn is_clean(text: &str) -> bool {
    !may_hold_unsafe(text) || !needs_cleaning(text)
}

fn needs_cleaning(text: &str) -> bool {
    let mut marks = 0;
    text.chars().any(|c| {
        marks = if is_mark(c) { marks + 1 } else { 0 };
        is_unsafe(c) || marks > MAX_MARKS
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn esc_and_bidi_become_visible() {
        let (s, changed) = clean("a\u{1b}[2Jb\u{202e}c\u{9b}d".to_string());
        assert!(changed);
        assert_eq!(s, "a\u{241b}[2Jb\u{2426}c\u{2426}d");
        assert!(!s.chars().any(is_unsafe));
    }

    #[test]
    fn the_byte_precheck_never_misses_an_unsafe_character() {
        // Every unsafe character and every combining mark, in all planes, must pass it.
        for u in 0..=0x10_FFFFu32 {
            if let Some(c) = char::from_u32(u)
                && (is_unsafe(c) || is_mark(c))
            {
                assert!(may_hold_unsafe(&c.to_string()), "U+{u:04X} slips past");
            }
        }
    }

    #[test]
    fn line_and_paragraph_separators_are_replaced() {
        let (s, changed) = clean("甲\u{2028}乙\u{2029}丙\u{85}丁\u{b}\u{c}".to_string());
        assert!(changed);
        assert_eq!(s, "甲\u{2426}乙\u{2426}丙\u{2426}丁\u{240b}\u{240c}");
    }

    /// What terminals measure differently from ratatui, and what it becomes.
    const TRICKY: &[(&str, &str)] = &[
        // ZWJ family: the joiners go, four emoji stay (each 2 cells everywhere).
        (
            "\u{1f468}\u{200d}\u{1f469}\u{200d}\u{1f467}",
            "\u{1f468}\u{2426}\u{1f469}\u{2426}\u{1f467}",
        ),
        // Flags: regional indicator pairs.
        ("\u{1f1e8}\u{1f1f3}", "\u{2426}\u{2426}"),
        // Variation selectors: text-default ❤ with VS16, ☺ with VS15, CJK with VS17.
        (
            "\u{2764}\u{fe0f}\u{263a}\u{fe0e}\u{845b}\u{e0100}",
            "\u{2764}\u{2426}\u{263a}\u{2426}\u{845b}\u{2426}",
        ),
        // Skin tones.
        ("\u{1f44d}\u{1f3fd}", "\u{1f44d}\u{2426}"),
        // Keycap: the VS16 goes, the enclosing keycap stays on the digit.
        ("1\u{fe0f}\u{20e3}", "1\u{2426}\u{20e3}"),
    ];

    #[test]
    fn what_terminals_measure_differently_is_replaced() {
        for (raw, want) in TRICKY {
            let (s, changed) = clean(raw.to_string());
            assert!(changed, "{raw:?}");
            assert_eq!(&s, want, "{raw:?}");
        }
        // 50 combining marks on one letter: four stay, the rest show as one ␦.
        let zalgo: String = std::iter::once('e')
            .chain(std::iter::repeat_n('\u{301}', 50))
            .collect();
        let (s, changed) = clean(zalgo + "x");
        assert!(changed);
        assert_eq!(s, "e\u{301}\u{301}\u{301}\u{301}\u{2426}x");
        // Real text with marks is kept: Vietnamese, a Tibetan stack, a kana voiced mark.
        for text in [
            "Vie\u{323}\u{302}t",
            "\u{f56}\u{f66}\u{f92}\u{fb2}\u{f74}\u{f56}\u{f66}",
            "か\u{3099}",
        ] {
            assert_eq!(clean(text.to_string()), (text.to_string(), false));
        }
    }

    #[test]
    fn cleaned_text_is_as_wide_for_ratatui_as_its_characters() {
        // ratatui measures strings (grapheme clusters), terminals characters: after cleaning
        // the two must agree, or columns shift.
        use unicode_width::UnicodeWidthStr;
        let zalgo: String = std::iter::once('e')
            .chain(std::iter::repeat_n('\u{301}', 50))
            .collect();
        let samples = TRICKY.iter().map(|(raw, _)| raw.to_string()).chain([
            zalgo,
            "\u{1f3f3}\u{fe0f}\u{200d}\u{1f308}".to_string(),
            "\u{1f3f4}\u{e0067}\u{e0062}\u{e0073}\u{e0063}\u{e0074}\u{e007f}".to_string(),
            "#\u{fe0f}\u{20e3}\u{2642}\u{fe0f}\u{1f1fa}".to_string(),
            "南水北调“五一”·㎡".to_string(),
        ]);
        for raw in samples {
            let (s, _) = clean(raw.clone());
            let chars: usize = s.chars().map(|c| c.width().unwrap_or(0)).sum();
            assert_eq!(
                UnicodeWidthStr::width(s.as_str()),
                chars,
                "{raw:?} -> {s:?}"
            );
        }
    }

    #[test]
    fn plain_cjk_is_untouched() {
        let (s, changed) = clean("新建公厕24座，“五一”前·㎡".to_string());
        assert!(!changed);
        assert_eq!(s, "新建公厕24座，“五一”前·㎡");
    }
}
