//! Names as a clerk types them: full-width and half-width forms alike (（）and (), ＡＢＣ and
//! ABC, the ideographic space), surrounding spaces ignored; and, for a name that is not
//! there, the closest ones: by one character slipped (区城市管里局 for 区城市管理局) or by the
//! characters they share (区城管局 for 区城市管理局); and by pinyin (qngw for 区农工委).

use super::pinyin;

/// A full-width form as its ASCII twin (ＡＢＣ１２３（）：as ABC123():), the ideographic
/// space as a space; any other character as it is.
pub fn half_width(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        c => c,
    }
}

/// The name as compared: full-width forms as ASCII, runs of spaces as one, no spaces around.
pub fn fold(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.trim().chars().map(half_width) {
        if c.is_whitespace() && out.ends_with(' ') {
            continue;
        }
        out.push(if c.is_whitespace() { ' ' } else { c });
    }
    out.trim_end().to_string()
}

/// How a typed name was found among the names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// This one, the same once folded.
    Exact(usize),
    /// The only name that starts with what was typed.
    Prefix(usize),
    /// Several names start with what was typed: these.
    Ambiguous(Vec<usize>),
    /// None: the closest names, best first (maybe none).
    NotFound(Vec<usize>),
}

/// Finds `typed` among `names`: the same name once folded; else, when `prefix` allows, the
/// one name it starts; else the closest ones. Pinyin counts too: see [`find_read`].
pub fn find<'a>(typed: &str, names: impl IntoIterator<Item = &'a str>, prefix: bool) -> Found {
    find_read(typed, names.into_iter().map(|n| (n, None)), prefix)
}

/// [`find`] among names with their `pinyin:` overrides. Best first: the same text; the whole
/// name by its readings (qunonggongwei, then qngw for 区农工委); when `prefix` allows, the
/// names the text starts, then those whose readings hold what was typed (full pinyin before
/// initials: nonggong, then ngw). The first of these that any name meets decides: one name
/// is found, several are ambiguous. Names matched by reading lead the closest ones otherwise.
pub fn find_read<'a>(
    typed: &str,
    names: impl IntoIterator<Item = (&'a str, Option<&'a str>)>,
    prefix: bool,
) -> Found {
    let typed_text = typed;
    let typed = fold(typed);
    let (names, pinyin): (Vec<String>, Vec<Option<&str>>) =
        names.into_iter().map(|(n, p)| (fold(n), p)).unzip();
    if let Some(i) = names.iter().position(|n| *n == typed) {
        return Found::Exact(i);
    }
    let query = pinyin::Query::new(typed_text);
    let readings: Vec<pinyin::Reading> = match query {
        Some(_) => names
            .iter()
            .zip(&pinyin)
            .map(|(n, p)| pinyin::Reading::of(n, *p))
            .collect(),
        None => Vec::new(),
    };
    // The names in the best tier `tier_of` puts any in.
    let best = |tier_of: &dyn Fn(&pinyin::Reading) -> Option<pinyin::Tier>| {
        let tiers: Vec<Option<pinyin::Tier>> = readings.iter().map(tier_of).collect();
        let top = tiers.iter().flatten().min().copied();
        (0..tiers.len())
            .filter(|&i| top.is_some() && tiers[i] == top)
            .collect::<Vec<usize>>()
    };
    let (whole, within) = match &query {
        Some(q) => (best(&|r| r.whole(q)), best(&|r| r.within(q))),
        None => (Vec::new(), Vec::new()),
    };
    match whole[..] {
        [] => {}
        [i] => return Found::Exact(i),
        _ => return Found::Ambiguous(whole),
    }
    if prefix && !typed.is_empty() {
        let starting: Vec<usize> = (0..names.len())
            .filter(|&i| names[i].starts_with(&typed))
            .collect();
        let starting = if starting.is_empty() {
            within.clone()
        } else {
            starting
        };
        match starting.len() {
            0 => {}
            1 => return Found::Prefix(starting[0]),
            _ => return Found::Ambiguous(starting),
        }
    }
    let mut near = within;
    for i in closest(&typed, &names) {
        if !near.contains(&i) {
            near.push(i);
        }
    }
    near.truncate(3);
    Found::NotFound(near)
}

/// The unit `typed` names: the name itself, or one unit only it fits by [`find_read`]
/// (`--unit qngw` for 区农工委).
pub fn unit_typed(ledger: &super::Ledger, typed: &str) -> Option<usize> {
    let units = ledger.units.iter();
    match find_read(
        typed,
        units.map(|u| (u.name.as_str(), u.pinyin.as_deref())),
        true,
    ) {
        Found::Exact(i) | Found::Prefix(i) => Some(i),
        Found::Ambiguous(_) | Found::NotFound(_) => None,
    }
}

/// Up to three names close to `typed`, best first: one character slipped (added, left out
/// or replaced), then the most characters in common (at least two thirds of the shorter
/// name's: 区 and 局 alone do not make two units alike).
pub fn closest(typed: &str, names: &[String]) -> Vec<usize> {
    let t: Vec<char> = typed.chars().collect();
    let mut scored: Vec<(usize, usize)> = names
        .iter()
        .enumerate()
        .filter_map(|(i, n)| {
            let n: Vec<char> = n.chars().collect();
            if one_slip(&t, &n) {
                return Some((0, i));
            }
            let shared = shared(&t, &n);
            let shorter = t.len().min(n.len());
            // Scored so that more in common sorts first; 0 is kept for one slip.
            (shorter > 0 && shared * 3 >= shorter * 2)
                .then(|| (1 + t.len() + n.len() - 2 * shared, i))
        })
        .collect();
    scored.sort();
    scored.into_iter().take(3).map(|(_, i)| i).collect()
}

/// Whether `a` becomes `b` by adding, leaving out or replacing one character.
fn one_slip(a: &[char], b: &[char]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if long.len() - short.len() > 1 || a == b {
        return false;
    }
    let head = short.iter().zip(long).take_while(|(x, y)| x == y).count();
    if short.len() == long.len() {
        short[head + 1..] == long[head + 1..]
    } else {
        short[head..] == long[head + 1..]
    }
}

/// How many characters the two have in common, each counted as often as both have it.
fn shared(a: &[char], b: &[char]) -> usize {
    let mut left: Vec<char> = b.to_vec();
    a.iter()
        .filter(|c| {
            if let Some(i) = left.iter().position(|x| x == *c) {
                left.swap_remove(i);
                true
            } else {
                false
            }
        })
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    const UNITS: [&str; 4] = [
        "区城市管理局",
        "区教育局",
        "区农工委",
        "教育文化工程(学校建设)",
    ];

    #[test]
    fn full_width_and_spaces_are_alike() {
        assert_eq!(
            fold("  教育文化工程（学校建设）　"),
            "教育文化工程(学校建设)"
        );
        assert_eq!(fold("Ｇ１０７　国道"), "G107 国道");
        assert_eq!(
            find("教育文化工程（学校建设）", UNITS, false),
            Found::Exact(3)
        );
    }

    #[test]
    fn a_slip_or_a_shorter_name_finds_the_closest() {
        assert_eq!(find("区城市管里局", UNITS, false), Found::NotFound(vec![0]));
        assert_eq!(find("区城管局", UNITS, false), Found::NotFound(vec![0]));
        assert_eq!(find("市政府", UNITS, false), Found::NotFound(vec![]));
    }

    #[test]
    fn a_prefix_is_taken_only_when_one_name_starts_with_it() {
        assert_eq!(find("区农", UNITS, true), Found::Prefix(2));
        assert_eq!(find("区", UNITS, true), Found::Ambiguous(vec![0, 1, 2]));
        assert_eq!(find("区农", UNITS, false), Found::NotFound(vec![2]));
    }

    const OFFICE: [&str; 5] = [
        "区农工委",
        "区城管执法局",
        "区城建局",
        "重庆路街道",
        "区农工委办公室",
    ];

    #[test]
    fn a_whole_name_by_full_pinyin_or_initials_is_found() {
        assert_eq!(find("qunonggongwei", OFFICE, true), Found::Exact(0));
        assert_eq!(find("qngw", OFFICE, true), Found::Exact(0));
        assert_eq!(find("QNGW", OFFICE, false), Found::Exact(0));
        // Every reading of 重 (chong, zhong).
        assert_eq!(find("cqljd", OFFICE, true), Found::Exact(3));
        assert_eq!(find("zqljd", OFFICE, true), Found::Exact(3));
        assert_eq!(find("chongqinglujiedao", OFFICE, true), Found::Exact(3));
    }

    #[test]
    fn part_of_the_readings_finds_one_name_or_lists_several() {
        assert_eq!(find("cgzf", OFFICE, true), Found::Prefix(1));
        assert_eq!(find("chengjian", OFFICE, true), Found::Prefix(2));
        assert_eq!(find("qc", OFFICE, true), Found::Ambiguous(vec![1, 2]));
        // Not taken without `prefix`, but offered first.
        assert_eq!(find("cgzf", OFFICE, false), Found::NotFound(vec![1]));
    }

    #[test]
    fn exact_text_then_full_pinyin_then_initials() {
        // 公安南路 reads g-a-n by initials, 赣江路 gan in full: the full reading wins.
        let names = ["公安南路", "赣江路"];
        assert_eq!(find("gan", names, true), Found::Prefix(1));
        assert_eq!(find("gan", ["公安南路"], true), Found::Prefix(0));
        // The same text beats any reading.
        assert_eq!(find("gan", ["赣江路", "gan"], true), Found::Exact(1));
        // A whole name beats a longer one holding the same readings.
        assert_eq!(find("qngwbgs", OFFICE, true), Found::Exact(4));
        assert_eq!(find("nonggong", OFFICE, true), Found::Ambiguous(vec![0, 4]));
    }

    #[test]
    fn an_override_is_read_instead_of_the_table() {
        let names = [("长江路", Some("chang jiang lu")), ("中山路", None)];
        assert_eq!(find_read("cjl", names, true), Found::Exact(0));
        assert_eq!(find_read("zjl", names, true), Found::NotFound(vec![]));
    }
}
