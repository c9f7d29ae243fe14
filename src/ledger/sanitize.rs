//! Text from a ledger must never reach the terminal as control sequences. Every string is
//! cleaned once, when loading; placeholders keep the damage visible.

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

/// Whether any byte could start an unsafe character: controls, DEL, and the UTF-8 lead
/// bytes of C1 controls (C2), U+061C (D8), U+2000 block (E2), U+FExx/U+FFxx (EF) and tags
/// (F3). CJK ideographs (E3..E9) never match, so most ledger text is cleared here without
/// decoding a single character.
fn may_hold_unsafe(text: &str) -> bool {
    text.bytes()
        .any(|b| b < 0x20 || matches!(b, 0x7F | 0xC2 | 0xD8 | 0xE2 | 0xEF | 0xF3))
}

/// Returns the text with every unsafe character replaced, and whether anything was replaced.
pub fn clean(text: String) -> (String, bool) {
    if !may_hold_unsafe(&text) || !text.chars().any(is_unsafe) {
        return (text, false);
    }
    let cleaned = text
        .chars()
        .map(|c| if is_unsafe(c) { placeholder(c) } else { c })
        .collect();
    (cleaned, true)
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
        // Every unsafe character in the BMP and the tag block must pass the pre-check.
        for u in (0..0x1_0000u32).chain(0xE0000..0xE0080) {
            if let Some(c) = char::from_u32(u)
                && is_unsafe(c)
            {
                assert!(may_hold_unsafe(&c.to_string()), "U+{u:04X} slips past");
            }
        }
    }

    #[test]
    fn plain_cjk_is_untouched() {
        let (s, changed) = clean("新建公厕24座，“五一”前·㎡".to_string());
        assert!(!changed);
        assert_eq!(s, "新建公厕24座，“五一”前·㎡");
    }
}
