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
pub fn check_override(pinyin: &str) -> Result<(), crate::ledger::Finding> {
    let words = pinyin.split_whitespace();
    let ok = words.clone().next().is_some()
        && words
            .clone()
            .all(|w| w.bytes().all(|b| b.is_ascii_alphanumeric()));
    if ok {
        return Ok(());
    }
    Err(crate::ledger::Finding::NotAReading(pinyin.to_string()))
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
mod tests;
