//! Names by their readings (拼音): a clerk types 南水北调 as nanshuibeidiao or as nsbd, and
//! 重庆 as chongqing, zhongqing, cq or zq (every reading of a character counts: the table
//! cannot know which one a name means). Sorting by name follows CLDR's pinyin order.
//!
//! A name's readings are worked out once ([`Reading`], [`Readings`]); a query is then
//! matched against them without looking anything up, so a search over 100,000 names costs
//! a pass over small numbers, not 100,000 conversions.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::sync::OnceLock;

use ib_matcher::pinyin::{PinyinData, PinyinNotation};
use icu_collator::options::{CollatorOptions, Strength};
use icu_collator::{Collator, CollatorBorrowed};

/// How a query matched a name's readings, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Tier {
    /// Whole syllables (nanshuibeidiao; the last one may be cut short: nanshuib).
    Full,
    /// First letters, alone or mixed with syllables (nsbd, nanshuibd).
    Initials,
}

/// Marks a character with readings: the low bits count the syllable numbers that follow.
const HAN: u16 = 0x8000;
/// A character no query matches by its reading (（, a character the table lacks).
const OTHER: u16 = 0x7FFF;
/// The longest query matched by reading: its positions are bits of a u64.
const MAX_QUERY: usize = 63;

/// Every syllable of the table, numbered, with the letters it is made of.
struct Syllables {
    data: &'static PinyinData,
    number: HashMap<&'static str, u16>,
    text: Vec<&'static [u8]>,
    letters: Vec<u64>,
}

fn syllables() -> &'static Syllables {
    static DATA: OnceLock<PinyinData> = OnceLock::new();
    static SYLLABLES: OnceLock<Syllables> = OnceLock::new();
    SYLLABLES.get_or_init(|| {
        let data = DATA.get_or_init(|| PinyinData::new(PinyinNotation::Ascii));
        let mut s = Syllables {
            data,
            number: HashMap::new(),
            text: Vec::new(),
            letters: Vec::new(),
        };
        for p in data.iter() {
            if let Some(a) = p.notation(PinyinNotation::Ascii) {
                s.intern(a);
            }
        }
        s
    })
}

impl Syllables {
    fn intern(&mut self, a: &'static str) -> u16 {
        if let Some(&n) = self.number.get(a) {
            return n;
        }
        let n = self.text.len() as u16;
        self.number.insert(a, n);
        self.text.push(a.as_bytes());
        self.letters.push(letters(a.as_bytes()));
        n
    }

    /// The character's distinct readings, as syllable numbers.
    fn of(&self, c: char, out: &mut Vec<u16>) {
        out.clear();
        self.data.get_pinyins_and_for_each(c, |p| {
            let n = p
                .notation(PinyinNotation::Ascii)
                .and_then(|a| self.number.get(a));
            if let Some(&n) = n
                && !out.contains(&n)
            {
                out.push(n);
            }
        });
    }
}

/// One bit per letter or digit in `bytes`: a name whose readings lack a letter of the
/// query is passed over without matching.
fn letters(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0, |m, &b| match b {
        b'a'..=b'z' => m | 1 << (b - b'a'),
        b'0'..=b'9' => m | 1 << (26 + b - b'0'),
        _ => m,
    })
}

/// A character as compared: full-width forms as ASCII, Latin letters lower-cased.
fn fold_char(c: char) -> char {
    super::names::half_width(c).to_ascii_lowercase()
}

/// What a name's readings hold, to pass over a name without matching: every letter of a
/// query must be in `letters`, and a match starts at a character read from `firsts`.
#[derive(Debug, Clone, Copy, Default)]
struct Marks {
    letters: u64,
    firsts: u64,
}

impl Marks {
    /// Whether the query may match: if not, it does not; for one letter, whether it does.
    fn admit(&self, q: &Query) -> bool {
        let first = letters(&q.bytes[..1]);
        q.letters & !self.letters == 0 && self.firsts & first != 0
    }
}

/// Appends the readings of `name` (or of its override: syllables split by spaces) to
/// `words`; returns what they hold.
fn encode(name: &str, pinyin: Option<&str>, words: &mut Vec<u16>) -> Marks {
    let s = syllables();
    let mut mask = Marks::default();
    let literal = |b: u8, words: &mut Vec<u16>| {
        words.push(u16::from(b));
        let l = letters(&[b]);
        Marks {
            letters: l,
            firsts: l,
        }
    };
    let syllable = |n: u16| Marks {
        letters: s.letters[n as usize],
        firsts: letters(&s.text[n as usize][..1]),
    };
    let add = |m: &mut Marks, o: Marks| {
        m.letters |= o.letters;
        m.firsts |= o.firsts;
    };
    if let Some(p) = pinyin {
        for token in p.split_whitespace().map(str::to_ascii_lowercase) {
            match s.number.get(token.as_str()) {
                Some(&n) => {
                    words.extend([HAN | 1, n]);
                    add(&mut mask, syllable(n));
                }
                None => token
                    .bytes()
                    .for_each(|b| add(&mut mask, literal(b, words))),
            }
        }
        return mask;
    }
    let mut found = Vec::new();
    for c in name.chars().map(fold_char) {
        if c.is_ascii_alphanumeric() {
            add(&mut mask, literal(c as u8, words));
            continue;
        }
        s.of(c, &mut found);
        if found.is_empty() {
            // Spaces and signs are not typed: G107 国道 is g107gd, 教育(学校) jyxx.
            if c.is_alphanumeric() {
                words.push(OTHER);
            }
        } else {
            words.push(HAN | found.len() as u16);
            for &n in &found {
                words.push(n);
                add(&mut mask, syllable(n));
            }
        }
    }
    mask
}

/// What was typed, as matched against readings: lower-case letters and digits, spaces and
/// apostrophes (xi'an) left out; `None` when it is not that (Chinese text, too long).
#[derive(Debug, Clone)]
pub struct Query {
    bytes: Vec<u8>,
    letters: u64,
}

impl Query {
    pub fn new(typed: &str) -> Option<Query> {
        let bytes: Vec<u8> = typed
            .chars()
            .map(fold_char)
            .filter(|&c| !c.is_whitespace() && c != '\'')
            .map(|c| c.is_ascii_alphanumeric().then_some(c as u8))
            .collect::<Option<_>>()?;
        let fits = (1..=MAX_QUERY).contains(&bytes.len());
        (fits && bytes.iter().any(u8::is_ascii_alphabetic)).then(|| Query {
            letters: letters(&bytes),
            bytes,
        })
    }
}

/// Where a match may start and end.
#[derive(Clone, Copy, PartialEq)]
enum Span {
    /// Anywhere in the name (the search).
    Within,
    /// The whole name, from first character to last.
    Whole,
}

/// Matches `q` against encoded readings. Each bit of `full` and `any` is a position in the
/// query reached after the characters read so far: `full` by whole syllables only, `any`
/// by syllables or first letters; so polyphonic characters cost a few bit operations.
fn scan(words: &[u16], q: &[u8], span: Span) -> Option<Tier> {
    let s = syllables();
    let end = 1u64 << q.len();
    let (mut full, mut any) = (1u64, 1u64);
    let mut best = None;
    let mut i = 0;
    while i < words.len() {
        if span == Span::Within {
            full |= 1;
            any |= 1;
        }
        let (mut next_full, mut next_any) = (0u64, 0u64);
        let w = words[i];
        if w & HAN != 0 {
            let k = usize::from(w & !HAN);
            for &n in words.get(i + 1..i + 1 + k).unwrap_or(&[]) {
                let syl = s.text[n as usize];
                let mut at = any & (end - 1);
                while at != 0 {
                    let qi = at.trailing_zeros() as usize;
                    at &= at - 1;
                    let rest = &q[qi..];
                    let by_full = full & (1 << qi) != 0;
                    if rest.starts_with(syl) {
                        let to = 1u64 << (qi + syl.len());
                        next_any |= to;
                        if by_full {
                            next_full |= to;
                        }
                    } else if span == Span::Within && syl.starts_with(rest) {
                        // The query ends inside this syllable.
                        if by_full {
                            return Some(Tier::Full);
                        }
                        best = Some(Tier::Initials);
                    }
                    if syl.len() > 1 && rest[0] == syl[0] {
                        next_any |= 1 << (qi + 1);
                    }
                }
            }
            i += 1 + k;
        } else {
            let step = |bits: u64| {
                let mut at = bits & (end - 1);
                let mut next = 0;
                while at != 0 {
                    let qi = at.trailing_zeros() as usize;
                    at &= at - 1;
                    if w != OTHER && u16::from(q[qi]) == w {
                        next |= 1 << (qi + 1);
                    }
                }
                next
            };
            next_full = step(full);
            next_any = step(any);
            i += 1;
        }
        full = next_full;
        any = next_any | next_full;
        if span == Span::Within {
            if full & end != 0 {
                return Some(Tier::Full);
            }
            if any & end != 0 {
                best = Some(Tier::Initials);
            }
        } else if any == 0 {
            return None;
        }
    }
    match span {
        Span::Within => best,
        Span::Whole if full & end != 0 => Some(Tier::Full),
        Span::Whole if any & end != 0 => Some(Tier::Initials),
        Span::Whole => None,
    }
}

/// Whether an override is as docs/format.md gives it: words of Latin letters or digits
/// separated by spaces ("chong qing lu"), one syllable a word; else what to write.
pub fn check_override(pinyin: &str) -> Result<(), String> {
    let words = pinyin.split_whitespace();
    let ok = words.clone().next().is_some()
        && words
            .clone()
            .all(|w| w.bytes().all(|b| b.is_ascii_alphanumeric()));
    if ok {
        return Ok(());
    }
    Err(format!(
        "pinyin \"{pinyin}\" is not a reading; expected syllables in Latin letters \
         separated by spaces, without tones, e.g. \"chong qing lu\""
    ))
}

/// One name's readings, for the few names matched one by one (units, the CLI).
#[derive(Debug, Clone)]
pub struct Reading {
    words: Vec<u16>,
    marks: Marks,
}

impl Reading {
    /// `pinyin` is the name's override, when it has one.
    pub fn of(name: &str, pinyin: Option<&str>) -> Reading {
        let mut words = Vec::new();
        let marks = encode(name, pinyin, &mut words);
        Reading { words, marks }
    }

    /// How the query matches somewhere in the name.
    pub fn within(&self, q: &Query) -> Option<Tier> {
        match self.marks.admit(q) {
            false => None,
            // One letter starts a syllable or is one: read in full so far.
            true if q.bytes.len() == 1 => Some(Tier::Full),
            true => scan(&self.words, &q.bytes, Span::Within),
        }
    }

    /// How the query reads the whole name (qunonggongwei or qngw for 区农工委).
    pub fn whole(&self, q: &Query) -> Option<Tier> {
        (q.letters & !self.marks.letters == 0)
            .then(|| scan(&self.words, &q.bytes, Span::Whole))
            .flatten()
    }
}

/// How `query` matches somewhere in `name` by its readings.
pub fn tier(name: &str, pinyin: Option<&str>, query: &str) -> Option<Tier> {
    Reading::of(name, pinyin).within(&Query::new(query)?)
}

/// Many names' readings one after another (the search's index).
#[derive(Debug, Clone, Default)]
pub struct Readings {
    words: Vec<u16>,
    /// Where each name's readings start in `words`.
    starts: Vec<u32>,
    marks: Vec<Marks>,
}

impl Readings {
    /// Adds a name; `None` once the readings would not fit 32-bit offsets.
    pub fn push(&mut self, name: &str, pinyin: Option<&str>) -> Option<()> {
        self.starts.push(u32::try_from(self.words.len()).ok()?);
        let marks = encode(name, pinyin, &mut self.words);
        self.marks.push(marks);
        u32::try_from(self.words.len()).ok().map(|_| ())
    }

    /// The names the query matches somewhere, by their readings.
    pub fn matching<'a>(&'a self, q: &'a Query) -> impl Iterator<Item = usize> + 'a {
        (0..self.starts.len()).filter(move |&i| {
            if !self.marks[i].admit(q) {
                return false;
            }
            if q.bytes.len() == 1 {
                return true;
            }
            let from = self.starts[i] as usize;
            let to = self
                .starts
                .get(i + 1)
                .map_or(self.words.len(), |&n| n as usize);
            scan(&self.words[from..to], &q.bytes, Span::Within).is_some()
        })
    }
}

/// Sorting by name in CLDR's pinyin order (阿, 重庆, 德化 … 郑州), Latin after Chinese.
pub struct NameOrder {
    collator: CollatorBorrowed<'static>,
}

impl NameOrder {
    pub fn new() -> Option<NameOrder> {
        let locale = icu_locale_core::locale!("zh-u-co-pinyin").into();
        // Primary strength: letters and characters only, no case or accent levels, so keys
        // are short and quick to make (ties are broken by the caller, by the name's bytes).
        let mut options = CollatorOptions::default();
        options.strength = Some(Strength::Primary);
        let collator = Collator::try_new(locale, options).ok()?;
        Some(NameOrder { collator })
    }

    /// The bytes that sort the name; with an override, its syllables are sorted as
    /// characters read only that way would be.
    pub fn key(&self, name: &str, pinyin: Option<&str>) -> Vec<u8> {
        let mut key = Vec::new();
        let text = match pinyin {
            Some(p) => self.stand_ins(p),
            None => name.to_string(),
        };
        let Ok(()) = self.collator.write_sort_key_to(&text, &mut key);
        key
    }

    pub fn compare(&self, a: &str, b: &str) -> Ordering {
        self.collator.compare(a, b)
    }

    /// The override as characters the collator places among that syllable's.
    fn stand_ins(&self, pinyin: &str) -> String {
        let table = self.stand_in_table();
        let s = syllables();
        pinyin
            .split_whitespace()
            .map(|t| {
                let t = t.to_ascii_lowercase();
                s.number
                    .get(t.as_str())
                    .and_then(|n| table.get(n))
                    .map_or(t, |c| c.to_string())
            })
            .collect()
    }

    /// For each syllable, a character with no other reading from the middle of the
    /// collator's run of them: the middle, because the table and CLDR disagree on a few.
    fn stand_in_table(&self) -> &'static HashMap<u16, char> {
        static TABLE: OnceLock<HashMap<u16, char>> = OnceLock::new();
        TABLE.get_or_init(|| {
            let s = syllables();
            let mut by: HashMap<u16, Vec<char>> = HashMap::new();
            let mut found = Vec::new();
            for c in '\u{4E00}'..='\u{9FA5}' {
                s.of(c, &mut found);
                if let [n] = found[..] {
                    by.entry(n).or_default().push(c);
                }
            }
            by.into_iter()
                .map(|(n, mut cs)| {
                    let mut buf = [0; 4];
                    let mut keys: Vec<(Vec<u8>, char)> = cs
                        .drain(..)
                        .map(|c| {
                            let mut k = Vec::new();
                            let Ok(()) = self
                                .collator
                                .write_sort_key_to(c.encode_utf8(&mut buf), &mut k);
                            (k, c)
                        })
                        .collect();
                    keys.sort();
                    (n, keys[keys.len() / 2].1)
                })
                .collect()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_pinyin_and_initials_match() {
        for q in [
            "nanshuibeidiao",
            "NanShuiBeiDiao",
            "nan shui",
            "nanshuib",
            "shuibei",
        ] {
            assert_eq!(
                tier("南水北调生态文化公园", None, q),
                Some(Tier::Full),
                "{q}"
            );
        }
        for q in ["nsbd", "NSBD", "sbd", "nanshuibd", "nsbeidiao"] {
            assert_eq!(
                tier("南水北调生态文化公园", None, q),
                Some(Tier::Initials),
                "{q}"
            );
        }
        for q in ["nsbx", "beinan", "nsbdz"] {
            assert_eq!(tier("南水北调生态文化公园", None, q), None, "{q}");
        }
    }

    #[test]
    fn every_reading_of_a_polyphonic_character_counts() {
        for q in ["chongqing", "zhongqing"] {
            assert_eq!(tier("重庆路", None, q), Some(Tier::Full), "{q}");
        }
        for q in ["cq", "zq", "cql"] {
            assert_eq!(tier("重庆路", None, q), Some(Tier::Initials), "{q}");
        }
        // 区 reads qu (and ou): both.
        assert_eq!(tier("区农工委", None, "qngw"), Some(Tier::Initials));
        assert_eq!(tier("区农工委", None, "ongw"), Some(Tier::Initials));
        assert_eq!(tier("重庆路", None, "xq"), None);
        // ü is typed v, as on a pinyin keyboard.
        assert_eq!(tier("绿化完成", None, "lvhua"), Some(Tier::Full));
    }

    #[test]
    fn latin_letters_and_digits_match_as_written() {
        assert_eq!(tier("G107国道改造", None, "g107gd"), Some(Tier::Initials));
        assert_eq!(tier("G107国道改造", None, "g107guodao"), Some(Tier::Full));
        assert_eq!(tier("Ｇ１０７国道", None, "g107"), Some(Tier::Full));
        assert_eq!(tier("（一期）南水", None, "yiqi"), Some(Tier::Full));
        assert_eq!(tier("G107 国道", None, "g107gd"), Some(Tier::Initials));
        assert_eq!(
            tier("教育文化工程（学校建设）", None, "gcxx"),
            Some(Tier::Initials)
        );
        // A letter the table has no reading for stops a match.
        assert_eq!(tier("南α北", None, "nb"), None);
        assert_eq!(tier("南α北", None, "n"), Some(Tier::Full));
        // Chinese text is the substring search's business, not this.
        assert!(Query::new("南水").is_none());
        assert!(Query::new("123").is_none());
    }

    #[test]
    fn the_whole_name_by_readings() {
        let r = Reading::of("区农工委", None);
        let q = |s| Query::new(s).expect("a query");
        assert_eq!(r.whole(&q("qunonggongwei")), Some(Tier::Full));
        assert_eq!(r.whole(&q("qngw")), Some(Tier::Initials));
        assert_eq!(r.whole(&q("ngw")), None);
        assert_eq!(r.whole(&q("qngwx")), None);
        assert_eq!(r.within(&q("ngw")), Some(Tier::Initials));
    }

    #[test]
    fn an_override_replaces_the_table() {
        // Read the override's way only: the table's 长 (chang, zhang) no longer counts.
        let r = Reading::of("长江路", Some("Chang Jiang Lu"));
        let q = |s| Query::new(s).expect("a query");
        assert_eq!(r.whole(&q("cjl")), Some(Tier::Initials));
        assert_eq!(r.whole(&q("changjianglu")), Some(Tier::Full));
        assert_eq!(r.within(&q("zjl")), None);
        assert_eq!(
            Reading::of("长江路", None).within(&q("zjl")),
            Some(Tier::Initials)
        );
    }

    #[test]
    fn many_names_at_once() {
        let mut all = Readings::default();
        for n in ["南水北调生态文化公园", "重庆路", "南三环"] {
            all.push(n, None).expect("fits");
        }
        let q = Query::new("ns").expect("a query");
        assert_eq!(all.matching(&q).collect::<Vec<_>>(), vec![0, 2]);
        let q = Query::new("zq").expect("a query");
        assert_eq!(all.matching(&q).collect::<Vec<_>>(), vec![1]);
    }

    /// The sample's units (data/erqi-2018.ron) in CLDR's pinyin order.
    #[test]
    fn units_sort_in_pinyin_order() {
        let text = std::fs::read_to_string("data/erqi-2018.ron").expect("the sample");
        let ledger = crate::ledger::load_str(&text).expect("loads").0;
        let order = NameOrder::new().expect("compiled data");
        let mut names: Vec<&str> = ledger.units.iter().map(|u| u.name.as_str()).collect();
        names.sort_by_key(|n| order.key(n, None));
        assert_eq!(
            names,
            [
                "德化街道",             // de
                "二七新区管委会",       // er
                "河南上林置业有限公司", // he
                "侯寨乡",               // hou
                "解放路街道",           // jie
                "金水源街道筹备组",     // jin
                "马寨产业集聚区管委会", // ma
                "区城管执法局",         // qu cheng guan
                "区城建局",             // qu cheng jian
                "区发改委",
                "区攻坚办",
                "区检察院",
                "区教体局",
                "区科技局",
                "区民政局",
                "区农工委",
                "区商务局",
                "区卫计委",
                "区征迁办",
                "区政府办公室",
                "区住建局",
                "郑州华侨城都市置业有限公司", // zheng
            ]
        );
    }

    #[test]
    fn an_override_sorts_by_its_syllables() {
        let order = NameOrder::new().expect("compiled data");
        let key = |n, p| order.key(n, p);
        // The collator reads 长 as zhang; the override puts 长江路 among the c's.
        assert!(key("长江路", None) > key("区农工委", None));
        assert!(key("长江路", Some("chang jiang lu")) < key("德化街道", None));
        assert!(key("长江路", Some("chang jiang lu")) > key("阿里", None));
        assert_eq!(order.compare("重庆", "德化"), Ordering::Less);
    }
}
