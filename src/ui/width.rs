//! Display-width helpers: CJK takes two cells, and a wide character is never split.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// `s` cut to at most `max` cells, ending in `…` when cut.
pub fn fit(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > max - 1 {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// `s` fitted and padded with spaces to exactly `cells` cells.
pub fn pad(s: &str, cells: usize) -> String {
    let mut out = fit(s, cells);
    let w = width(&out);
    out.extend(std::iter::repeat_n(' ', cells.saturating_sub(w)));
    out
}

/// `s` fitted and right-aligned in `cells` cells.
pub fn pad_left(s: &str, cells: usize) -> String {
    let out = fit(s, cells);
    let w = width(&out);
    let mut padded: String = std::iter::repeat_n(' ', cells.saturating_sub(w)).collect();
    padded.push_str(&out);
    padded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_splits_a_wide_character() {
        assert_eq!(fit("南水北调生态文化公园", 7), "南水北…");
        assert_eq!(width(&fit("南水北调生态文化公园", 7)), 7);
        assert_eq!(fit("南水北调", 8), "南水北调");
        assert_eq!(fit("南水北调", 4), "南…");
        assert_eq!(width(&pad("南水北调生态", 9)), 9);
        assert_eq!(pad("“五一”·㎡", 10), "“五一”·㎡ ");
    }

    #[test]
    fn pad_left_aligns_right() {
        assert_eq!(pad_left("12", 4), "  12");
        assert_eq!(pad_left("逾期", 5), " 逾期");
    }
}
