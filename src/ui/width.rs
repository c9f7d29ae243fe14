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

/// The end of `s` in at most `cells` cells, where a cursor typing into it is: a long input
/// costs one line to draw, not a wrapped page.
pub fn tail(s: &str, cells: usize) -> &str {
    let mut used = 0;
    let start = s
        .char_indices()
        .rev()
        .find(|(_, c)| {
            used += c.width().unwrap_or(0);
            used > cells
        })
        .map_or(0, |(i, c)| i + c.len_utf8());
    &s[start..]
}

/// The longest start of `s` that takes at most `cells` cells (nothing marks the cut).
pub fn head(s: &str, cells: usize) -> &str {
    let mut used = 0;
    let end = s
        .char_indices()
        .find(|(_, c)| {
            used += c.width().unwrap_or(0);
            used > cells
        })
        .map_or(s.len(), |(i, _)| i);
    &s[..end]
}

/// What to show of a line being typed in `cells` cells, around its cursor: the end of what
/// is before the cursor and the start of what is after it, so that the cursor is always in
/// view (at the end of the line, this is the line's tail).
pub fn around_cursor<'a>(before: &'a str, after: &'a str, cells: usize) -> (&'a str, &'a str) {
    // After the cursor: what is left beside all that is before it, and at least a third.
    let after_room = cells
        .saturating_sub(width(before))
        .max(cells / 3)
        .min(cells);
    let after = head(after, after_room);
    (tail(before, cells.saturating_sub(width(after))), after)
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

/// `s` cut to `max` cells (`max` >= 1) keeping at most `tail` cells of its end after the `…`.
fn cut(s: &str, max: usize, tail: usize) -> (String, String) {
    let room = max - 1;
    let mut end = Vec::new();
    let mut end_w = 0;
    for c in s.chars().rev() {
        let w = c.width().unwrap_or(0);
        if end_w + w > tail.min(room) {
            break;
        }
        end.push(c);
        end_w += w;
    }
    let mut head = String::new();
    let mut head_w = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if head_w + w > room - end_w {
            break;
        }
        head.push(c);
        head_w += w;
    }
    (head, end.into_iter().rev().collect())
}

/// `s` cut to at most `max` cells so that it cannot be read as any other of `names`. Names
/// in a column often share a head and differ at the end (物流园区…管委会, 物流园区…办事处):
/// the head alone when that is enough, else the middle is taken out, the end kept.
pub fn fit_distinct(s: &str, max: usize, names: &[&str]) -> String {
    if width(s) <= max || max < 3 {
        return fit(s, max);
    }
    // A cut is ambiguous when another name has the same head and end.
    let clear = |(head, tail): &(String, String)| {
        !names
            .iter()
            .any(|o| *o != s && o.starts_with(head.as_str()) && o.ends_with(tail.as_str()))
    };
    let balanced = (max - 1).div_ceil(2);
    let tried = [0, balanced].into_iter().chain(1..max);
    for tail in tried {
        let c = cut(s, max, tail);
        if clear(&c) {
            return format!("{}…{}", c.0, c.1);
        }
    }
    // Too narrow to tell it apart from every name: cut at the end, as ever.
    fit(s, max)
}

/// `s` fitted by `fit_distinct` and padded with spaces to exactly `cells` cells.
pub fn pad_distinct(s: &str, cells: usize, names: &[&str]) -> String {
    pad(&fit_distinct(s, cells, names), cells)
}

/// Punctuation that never starts a line (closing marks) and that never ends one (opening
/// marks), as Chinese is typeset.
fn no_line_start(c: char) -> bool {
    "，。、；：？！）》」』】〕”’…·,.;:?!)]}%".contains(c)
}

fn no_line_end(c: char) -> bool {
    "（《「『【〔“‘([{\"".contains(c)
}

/// Byte ranges of the lines of `s` wrapped to `max` cells. Chinese text breaks between any
/// two characters, as it is typeset, but a closing mark stays with what it closes and an
/// opening mark with what it opens; other text breaks after the last space that fits; else
/// before the first character that does not fit. No line is wider than `max` (unless one
/// character is) and a wide character never straddles the edge.
pub fn wrap(s: &str, max: usize) -> Vec<std::ops::Range<usize>> {
    let chars: Vec<(usize, char, usize)> = s
        .char_indices()
        .map(|(i, c)| (i, c, c.width().unwrap_or(0)))
        .collect();
    let mut lines = Vec::new();
    let (mut start, mut used) = (0usize, 0usize);
    // Index (into `chars`) of the first character of this line.
    let mut first = 0usize;
    let mut k = 0usize;
    while k < chars.len() {
        let w = chars[k].2;
        if used + w <= max || k == first {
            used += w;
            k += 1;
            continue;
        }
        // Character k does not fit: find where to break, at or before it.
        let cut = break_before(&chars, first, k);
        lines.push(start..chars[cut].0);
        start = chars[cut].0;
        first = cut;
        used = chars[cut..k].iter().map(|x| x.2).sum();
    }
    if start < s.len() || lines.is_empty() {
        lines.push(start..s.len());
    }
    lines
}

/// Where to break a line that runs from `first` and overflows at `k`: the latest place, at
/// or before `k`, where the rules allow a break, else `k` itself.
fn break_before(chars: &[(usize, char, usize)], first: usize, k: usize) -> usize {
    let allowed = |j: usize| {
        let (_, before, wb) = chars[j - 1];
        let (_, after, wa) = chars[j];
        let cjk = wb > 1 || wa > 1;
        let spaced = before == ' ';
        (cjk || spaced) && !no_line_start(after) && !no_line_end(before)
    };
    (first + 1..=k).rev().find(|&j| allowed(j)).unwrap_or(k)
}

/// How many digits `n` is written with (a column of counts is at least this wide).
pub fn digits(n: usize) -> usize {
    n.checked_ilog10().map_or(1, |d| d as usize + 1)
}

#[cfg(test)]
mod tests {

    #[test]
    fn the_cursor_stays_in_view() {
        // At the end: the line's tail, as before there was a cursor to move.
        assert_eq!(
            around_cursor("南水北调生态文化公园", "", 8),
            ("文化公园", "")
        );
        // In the middle of a long line: the end of what is before and the start of what
        // is after, within the room, the part after at least a third of it.
        let (before, after) = around_cursor("南水北调生态", "文化公园建成开放", 12);
        assert_eq!((before, after), ("北调生态", "文化"));
        assert!(width(before) + width(after) <= 12);
        // A short line shows whole.
        assert_eq!(around_cursor("公", "园", 12), ("公", "园"));
        assert_eq!(head("公园ab", 5), "公园a");
    }

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
    fn fit_distinct_keeps_names_apart() {
        let names = [
            "物流园区建设管理委员会",
            "物流园区建设街道办事处",
            "区农工委",
            "区商务局",
        ];
        let (a, b) = (names[0], names[1]);
        // Cut at the end, both read 物流园区…: cut in the middle they stay apart.
        assert_eq!(fit(a, 10), fit(b, 10));
        assert_eq!(fit_distinct(a, 10, &names), "物流…员会");
        assert_eq!(fit_distinct(b, 10, &names), "物流…事处");
        assert_eq!(fit_distinct(a, 13, &names), "物流园…委员会");
        for max in 3..22 {
            let (x, y) = (fit_distinct(a, max, &names), fit_distinct(b, max, &names));
            assert_ne!(x, y, "at {max}");
            assert!(width(&x) <= max && width(&y) <= max, "{x} {y} at {max}");
        }
        // A head that is already unique is cut at the end as before.
        assert_eq!(fit_distinct("二七新区管委会", 6, &names), "二七…");
        assert_eq!(fit_distinct("区农工委", 8, &names), "区农工委");
        assert_eq!(width(&pad_distinct(a, 14, &names)), 14);
        assert_eq!(fit_distinct(a, 2, &names), "…");
    }

    #[test]
    fn wrap_never_lets_a_wide_character_cross_the_edge() {
        let lines = |s: &str, max| -> Vec<String> {
            wrap(s, max).into_iter().map(|r| s[r].to_string()).collect()
        };
        // An odd-width quote puts a wide character on the last cell: it goes to the next line.
        // Chinese breaks between characters.
        assert_eq!(
            lines(" 06-02 主体封顶，\"钉子户\"已签约", 20),
            [" 06-02 主体封顶，\"钉", "子户\"已签约"]
        );
        assert_eq!(
            lines("责任单位 物流园区建设管理委员会", 30),
            ["责任单位 物流园区建设管理委员", "会"]
        );
        assert_eq!(lines("一二三", 5), ["一二", "三"]);
        assert_eq!(lines("the year gone", 8), ["the ", "year ", "gone"]);
        assert_eq!(lines("", 8), [""]);
        for max in 1..30 {
            for s in ["主体封顶，“钉子户”已签约 (攻坚办)", "a\"钉\"b 区 c"] {
                for l in lines(s, max) {
                    assert!(width(&l) <= max.max(2), "{l:?} wider than {max}");
                }
                assert_eq!(lines(s, max).concat(), s);
            }
        }
    }

    #[test]
    fn the_tail_keeps_the_end_within_its_cells() {
        assert_eq!(tail("主体封顶abc", 5), "顶abc");
        assert_eq!(tail("主体封顶abc", 6), "顶abc");
        assert_eq!(tail("abc", 10), "abc");
    }

    #[test]
    fn pad_left_aligns_right() {
        assert_eq!(pad_left("12", 4), "  12");
        assert_eq!(pad_left("逾期", 5), " 逾期");
    }
}

#[cfg(test)]
mod cjk_wrap {
    use super::*;

    #[test]
    fn chinese_breaks_between_characters_not_at_an_earlier_space() {
        let s = " 06-01 主体封顶，正在施工";
        let lines: Vec<&str> = wrap(s, 16).into_iter().map(|r| &s[r]).collect();
        // A comma never starts a line: it takes the character before it along.
        assert_eq!(lines, [" 06-01 主体封", "顶，正在施工"]);
        let s = "主体“钉子户”已签约";
        let lines: Vec<&str> = wrap(s, 6).into_iter().map(|r| &s[r]).collect();
        assert_eq!(lines, ["主体", "“钉子", "户”已", "签约"]);
        // Latin text still breaks at spaces.
        let s = "done by wang today";
        let lines: Vec<&str> = wrap(s, 10).into_iter().map(|r| &s[r]).collect();
        assert_eq!(lines, ["done by ", "wang today"]);
    }
}
