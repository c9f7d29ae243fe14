//! The search (`/`): every project's name and its milestones' names in one text, so that
//! one pass of a substring finder answers a query over the whole ledger.

use memchr::memmem;

use crate::ledger::Ledger;

/// Between two names: never part of a query, so no match runs from one name into the next.
const SEPARATOR: u8 = b'\n';

/// The names searched, in ledger order: project 0's name, its milestones' names, project
/// 1's name, … Latin letters are lower-cased, so a query matches them in either case.
#[derive(Debug, Clone, Default)]
pub struct SearchIndex {
    text: Vec<u8>,
    /// Where each name starts in `text`.
    starts: Vec<u32>,
    /// Per project: the number of its name among the names (its milestones follow).
    first: Vec<u32>,
}

/// Which names a query matched, by their number in the index.
#[derive(Debug, Clone, Default)]
pub struct SearchHits {
    names: Vec<bool>,
}

impl SearchIndex {
    /// Indexes the ledger's names; `None` when the text would not fit 32-bit offsets (then
    /// every name is searched one by one, as `search_hit` does).
    pub fn build(ledger: &Ledger) -> Option<Self> {
        let names: usize = ledger.projects.iter().map(|p| 1 + p.milestones.len()).sum();
        let bytes: usize = ledger
            .projects
            .iter()
            .map(|p| {
                p.name.len() + 1 + p.milestones.iter().map(|m| m.name.len() + 1).sum::<usize>()
            })
            .sum();
        u32::try_from(bytes).ok()?;
        u32::try_from(names).ok()?;
        let mut index = SearchIndex {
            text: Vec::with_capacity(bytes),
            starts: Vec::with_capacity(names),
            first: Vec::with_capacity(ledger.projects.len()),
        };
        for p in &ledger.projects {
            index.first.push(index.starts.len() as u32);
            index.push(&p.name);
            for m in &p.milestones {
                index.push(&m.name);
            }
        }
        Some(index)
    }

    fn push(&mut self, name: &str) {
        self.starts.push(self.text.len() as u32);
        self.text
            .extend(name.bytes().map(|b| b.to_ascii_lowercase()));
        self.text.push(SEPARATOR);
    }

    /// The names that contain `query` (Latin letters in either case).
    pub fn hits(&self, query: &str) -> SearchHits {
        let mut names = vec![false; self.starts.len()];
        let needle = fold(query);
        if needle.is_empty() {
            names.fill(true);
            return SearchHits { names };
        }
        // Hits come in text order: walk the names alongside them.
        let mut name = 0;
        for at in memmem::find_iter(&self.text, &needle) {
            let at = at as u32;
            while name + 1 < self.starts.len() && self.starts[name + 1] <= at {
                name += 1;
            }
            names[name] = true;
        }
        SearchHits { names }
    }

    /// The number of project `p`'s name; its milestone `j` is that plus 1 + j.
    fn name_of(&self, p: usize) -> usize {
        self.first.get(p).map_or(usize::MAX, |&n| n as usize)
    }

    /// Whether the project's name or one of its milestones' names matched (its names run
    /// up to the next project's: the project itself is not read).
    pub fn project_hit(&self, hits: &SearchHits, p: usize) -> bool {
        let first = self.name_of(p);
        let end = self
            .first
            .get(p + 1)
            .map_or(self.starts.len(), |&n| n as usize);
        hits.names
            .get(first..end)
            .is_some_and(|names| names.contains(&true))
    }

    /// Whether the project's name or milestone `j`'s name matched.
    pub fn milestone_hit(&self, hits: &SearchHits, p: usize, j: usize) -> bool {
        let first = self.name_of(p);
        let hit = |n: usize| hits.names.get(n).copied().unwrap_or(false);
        hit(first) || hit(first.saturating_add(1 + j))
    }
}

/// The query as the index holds text: Latin letters lower-cased; a separator (which a
/// paste could bring) cannot match across names, so it is left out.
fn fold(query: &str) -> Vec<u8> {
    query
        .bytes()
        .filter(|&b| b != SEPARATOR)
        .map(|b| b.to_ascii_lowercase())
        .collect()
}

/// Whether `text` contains `query`, compared as the index compares, without a copy (for
/// the few names outside it: units).
pub fn matches(text: &str, query: &str) -> bool {
    let q = query.as_bytes();
    q.is_empty()
        || text
            .as_bytes()
            .windows(q.len())
            .any(|w| w.eq_ignore_ascii_case(q))
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
        let hits = index.hits("完工");
        assert!(index.project_hit(&hits, 0));
        assert!(!index.project_hit(&hits, 1));
        assert!(index.milestone_hit(&hits, 0, 1));
        assert!(!index.milestone_hit(&hits, 0, 0));
        // A project's name matching shows every milestone of it.
        let hits = index.hits("园博");
        assert!(index.milestone_hit(&hits, 1, 0));
        assert!(!index.project_hit(&hits, 0));
    }

    #[test]
    fn latin_letters_match_in_either_case() {
        let l = ledger();
        let index = SearchIndex::build(&l).expect("fits");
        for q in ["g107", "G107", "g107 段"] {
            assert!(index.milestone_hit(&index.hits(q), 0, 0), "{q}");
        }
        assert!(matches("G107 段开工", "g107"));
        assert!(!matches("完工", "g"));
    }

    #[test]
    fn no_match_runs_from_one_name_into_the_next() {
        let l = ledger();
        let index = SearchIndex::build(&l).expect("fits");
        // "改造" ends project 0's name and "G107" starts its first milestone.
        let hits = index.hits("改造G107");
        assert!(!index.project_hit(&hits, 0));
        let hits = index.hits("改造\nG107");
        assert!(!index.project_hit(&hits, 0));
    }
}
