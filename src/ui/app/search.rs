//! The search (`/`): every project's name in one text, and every distinct milestone name
//! once in another (a ledger repeats its milestone names: 开工, 竣工 … in every project),
//! so that one pass of a substring finder over each answers a query over the whole ledger.
//! A query of Latin letters also finds names by pinyin (nsbd for 南水北调): their readings
//! are worked out once, with the index, never per keystroke.

use std::collections::HashMap;

use memchr::memmem;

use crate::ledger::Ledger;
use crate::ledger::pinyin::{Query, Readings};

/// Between two names: never part of a query, so no match runs from one name into the next.
const SEPARATOR: u8 = b'\n';

/// Names one after another, Latin letters lower-cased (a query matches them in either
/// case), each followed by the separator.
#[derive(Debug, Clone, Default)]
struct Names {
    text: Vec<u8>,
    /// Where each name starts in `text`.
    starts: Vec<u32>,
}

impl Names {
    fn push(&mut self, name: &str) -> u32 {
        let n = self.starts.len() as u32;
        self.starts.push(self.text.len() as u32);
        if name.is_ascii() {
            self.text
                .extend(name.bytes().map(|b| b.to_ascii_lowercase()));
        } else {
            let mut buf = [0; 4];
            for c in name.chars().map(fold_char) {
                self.text
                    .extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            }
        }
        self.text.push(SEPARATOR);
        n
    }

    /// The names that contain `needle`.
    fn find(&self, needle: &[u8]) -> Bits {
        let mut hits = Bits::with_room(self.starts.len());
        // Hits come in text order: walk the names alongside them.
        let mut name = 0;
        for at in memmem::find_iter(&self.text, needle) {
            let at = at as u32;
            while name + 1 < self.starts.len() && self.starts[name + 1] <= at {
                name += 1;
            }
            hits.set(name);
        }
        hits
    }
}

/// The ledger's names as the search reads them.
#[derive(Debug, Clone, Default)]
pub struct SearchIndex {
    /// Project names, in ledger order.
    projects: Names,
    /// Each distinct milestone name once.
    milestone_names: Names,
    /// Per milestone in ledger order: its name's number in `milestone_names`.
    milestone_name: Vec<u32>,
    /// Per project: the number of its first milestone in `milestone_name`.
    first: Vec<u32>,
    /// The projects' names' readings (their `pinyin:` where given), in ledger order.
    project_readings: Readings,
    /// The readings of `milestone_names`.
    milestone_readings: Readings,
}

/// One bit per name.
#[derive(Debug, Clone, Default)]
struct Bits(Vec<u64>);

impl Bits {
    fn with_room(n: usize) -> Self {
        Bits(vec![0; n.div_ceil(64)])
    }

    fn set(&mut self, n: usize) {
        if let Some(w) = self.0.get_mut(n / 64) {
            *w |= 1 << (n % 64);
        }
    }

    fn get(&self, n: usize) -> bool {
        self.0.get(n / 64).is_some_and(|w| w & (1 << (n % 64)) != 0)
    }
}

/// Which names a query matched: projects' and milestones'.
#[derive(Debug, Clone, Default)]
pub struct SearchHits {
    projects: Bits,
    milestone_names: Bits,
}

impl SearchIndex {
    /// Indexes the ledger's names; `None` when a text would not fit 32-bit offsets (then
    /// every name is searched one by one).
    pub fn build(ledger: &Ledger) -> Option<Self> {
        let bytes: usize = ledger.projects.iter().map(|p| p.name.len() + 1).sum();
        let milestones: usize = ledger.projects.iter().map(|p| p.milestones.len()).sum();
        u32::try_from(bytes).ok()?;
        u32::try_from(milestones).ok()?;
        let mut index = SearchIndex {
            projects: Names {
                text: Vec::with_capacity(bytes),
                starts: Vec::with_capacity(ledger.projects.len()),
            },
            milestone_names: Names::default(),
            milestone_name: Vec::with_capacity(milestones),
            first: Vec::with_capacity(ledger.projects.len()),
            project_readings: Readings::default(),
            milestone_readings: Readings::default(),
        };
        let mut seen: HashMap<&str, u32> = HashMap::new();
        for p in &ledger.projects {
            index.projects.push(&p.name);
            index.project_readings.push(&p.name, p.pinyin.as_deref())?;
            index.first.push(index.milestone_name.len() as u32);
            for m in &p.milestones {
                let n = match seen.get(m.name.as_str()) {
                    Some(&n) => n,
                    None => {
                        let n = index.milestone_names.push(&m.name);
                        index.milestone_readings.push(&m.name, None)?;
                        seen.insert(m.name.as_str(), n);
                        n
                    }
                };
                index.milestone_name.push(n);
            }
        }
        u32::try_from(index.milestone_names.text.len()).ok()?;
        Some(index)
    }

    /// The names that contain `query` (Latin letters in either case); `None` for an empty
    /// query (everything matches).
    pub fn hits(&self, query: &str) -> Option<SearchHits> {
        let needle = fold(query);
        if needle.is_empty() {
            return None;
        }
        let mut hits = SearchHits {
            projects: self.projects.find(&needle),
            milestone_names: self.milestone_names.find(&needle),
        };
        if let Some(q) = Query::new(query) {
            self.project_readings
                .matching(&q)
                .for_each(|p| hits.projects.set(p));
            self.milestone_readings
                .matching(&q)
                .for_each(|m| hits.milestone_names.set(m));
        }
        Some(hits)
    }

    /// Project `p`'s milestones' name numbers.
    fn names_of(&self, p: usize) -> &[u32] {
        let first = self.first.get(p).map_or(0, |&n| n as usize);
        let end = self
            .first
            .get(p + 1)
            .map_or(self.milestone_name.len(), |&n| n as usize);
        self.milestone_name.get(first..end).unwrap_or(&[])
    }

    /// Whether the project's name or one of its milestones' names matched (read off the
    /// index: the project itself is not read).
    pub fn project_hit(&self, hits: &SearchHits, p: usize) -> bool {
        hits.projects.get(p)
            || self
                .names_of(p)
                .iter()
                .any(|&n| hits.milestone_names.get(n as usize))
    }

    /// Whether the project's name or milestone `j`'s name matched.
    pub fn milestone_hit(&self, hits: &SearchHits, p: usize, j: usize) -> bool {
        hits.projects.get(p)
            || self
                .names_of(p)
                .get(j)
                .is_some_and(|&n| hits.milestone_names.get(n as usize))
    }
}

/// The query as the index holds text: Latin letters lower-cased; a separator (which a
/// paste could bring) cannot match across names, so it is left out.
fn fold(query: &str) -> Vec<u8> {
    query
        .chars()
        .filter(|&c| c != char::from(SEPARATOR))
        .map(fold_char)
        .collect::<String>()
        .into_bytes()
}

/// A character as the search compares it: full-width letters, digits and signs as their
/// ASCII twins (Ｇ１０７ is G107, （ is (), the ideographic space as a space, Latin letters
/// lower-cased.
fn fold_char(c: char) -> char {
    crate::ledger::names::half_width(c).to_ascii_lowercase()
}

/// Whether `text` contains `query` or reads as it (pinyin; `pinyin`: the name's override),
/// as the index compares (for the few names outside it: units).
pub fn matches_read(text: &str, pinyin: Option<&str>, query: &str) -> bool {
    matches(text, query) || crate::ledger::pinyin::tier(text, pinyin, query).is_some()
}

/// Whether `text` contains `query`, compared as the index compares.
pub fn matches(text: &str, query: &str) -> bool {
    let q = fold(query);
    if q.is_empty() {
        return true;
    }
    if text.is_ascii() {
        return text
            .as_bytes()
            .windows(q.len())
            .any(|w| w.eq_ignore_ascii_case(&q));
    }
    let t: String = text.chars().map(fold_char).collect();
    memmem::find(t.as_bytes(), &q).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ledger() -> Ledger {
        let text = r#"Ledger(title: "t", year: 2018,
            units: [Unit(name: "区城管局")],
            projects: [
                Project(name: "第八大街改造", lead: "区城管局", milestones: [
                    Milestone(name: "G107 段开工", due: "2018-04-30"),
                    Milestone(name: "完工", due: "2018-10-31"),
                ]),
                Project(name: "园博园", lead: "区城管局", milestones: [
                    Milestone(name: "工", due: "2018-05-31"),
                ]),
            ])"#;
        crate::ledger::load_str(text).expect("loads").0
    }

    #[test]
    fn a_query_is_found_in_project_and_milestone_names() {
        let l = ledger();
        let index = SearchIndex::build(&l).expect("fits");
        let hits = index.hits("完工").expect("a query");
        assert!(index.project_hit(&hits, 0));
        assert!(!index.project_hit(&hits, 1));
        assert!(index.milestone_hit(&hits, 0, 1));
        assert!(!index.milestone_hit(&hits, 0, 0));
        // A project's name matching shows every milestone of it.
        let hits = index.hits("园博").expect("a query");
        assert!(index.milestone_hit(&hits, 1, 0));
        assert!(!index.project_hit(&hits, 0));
    }

    #[test]
    fn latin_letters_match_in_either_case() {
        let l = ledger();
        let index = SearchIndex::build(&l).expect("fits");
        for q in ["g107", "G107", "g107 段"] {
            assert!(
                index.milestone_hit(&index.hits(q).expect("a query"), 0, 0),
                "{q}"
            );
        }
        assert!(matches("G107 段开工", "g107"));
        assert!(!matches("完工", "g"));
    }

    #[test]
    fn full_width_forms_match_their_ascii_twins() {
        let l = ledger();
        let index = SearchIndex::build(&l).expect("fits");
        for q in ["Ｇ１０７", "ｇ107 段"] {
            let hits = index.hits(q).expect("a query");
            assert!(index.milestone_hit(&hits, 0, 0), "{q}");
        }
        assert!(matches("区城管局（一）", "局(一"));
        assert!(matches("G107", "ｇ１"));
    }

    #[test]
    fn no_match_runs_from_one_name_into_the_next() {
        let l = ledger();
        let index = SearchIndex::build(&l).expect("fits");
        // "改造" ends project 0's name and "G107" starts its first milestone.
        let hits = index.hits("改造G107").expect("a query");
        assert!(!index.project_hit(&hits, 0));
        let hits = index.hits("改造\nG107").expect("a query");
        assert!(!index.project_hit(&hits, 0));
    }
}
