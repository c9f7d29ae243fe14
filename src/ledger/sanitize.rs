//! Text from a ledger must never reach the terminal as control sequences. Every string is
//! cleaned once, when loading; placeholders keep the damage visible.

/// Placeholder for invisible format characters (bidi overrides, zero-width, tags).
pub const INVISIBLE: char = '\u{FFFD}';

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

/// Returns the text with every unsafe character replaced, and whether anything was replaced.
pub fn clean(text: String) -> (String, bool) {
    if !text.chars().any(is_unsafe) {
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
        assert_eq!(s, "a\u{241b}[2Jb\u{fffd}c\u{fffd}d");
        assert!(!s.chars().any(is_unsafe));
    }

    #[test]
    fn plain_cjk_is_untouched() {
        let (s, changed) = clean("新建公厕24座，“五一”前·㎡".to_string());
        assert!(!changed);
        assert_eq!(s, "新建公厕24座，“五一”前·㎡");
    }
}
