//! Counts already made, kept inside .git (not shared). A day's counts depend only on that
//! day and the version of the ledger it counts (a commit), so an entry never goes stale:
//! a history that changes under it (a fast-forward, a rewrite) simply has other commits.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::Counts;

/// The first line: the file's format and the counting rule's version.
const HEADER: &str = "tracker-trend 1";

/// One day's counts: the total, and each unit's where it is not zero.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Counted {
    pub total: Counts,
    pub by_unit: Vec<(String, Counts)>,
}

#[derive(Debug, Default)]
pub(super) struct Cache {
    path: Option<PathBuf>,
    entries: HashMap<(NaiveDate, String), Counted>,
    changed: bool,
}

impl Cache {
    pub fn open(git_dir: &Path) -> Self {
        let path = git_dir.join("tracker-trend");
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let mut lines = text.lines();
        let entries = if lines.next() == Some(HEADER) {
            lines.filter_map(entry).collect()
        } else {
            HashMap::new()
        };
        Cache {
            path: Some(path),
            entries,
            changed: false,
        }
    }

    pub fn get(&self, day: NaiveDate, commit: &str) -> Option<&Counted> {
        self.entries.get(&(day, commit.to_string()))
    }

    pub fn put(&mut self, day: NaiveDate, commit: &str, counted: Counted) {
        self.entries.insert((day, commit.to_string()), counted);
        self.changed = true;
    }

    /// Written beside and renamed, so a reader never sees half a file; a cache that
    /// cannot be written is only slower next time.
    pub fn save(self) {
        let Some(path) = self.path.filter(|_| self.changed) else {
            return;
        };
        let mut out = String::from(HEADER);
        out.push('\n');
        let mut keys: Vec<_> = self.entries.keys().collect();
        keys.sort();
        for key in keys {
            let c = &self.entries[key];
            let units: Vec<String> = c
                .by_unit
                .iter()
                .map(|(u, n)| format!("{u}\u{1f}{}\u{1f}{}", n.red, n.yellow))
                .collect();
            out.push_str(&format!(
                "{}\t{}\t{}\t{}\t{}\n",
                key.0,
                key.1,
                c.total.red,
                c.total.yellow,
                units.join("\u{1e}")
            ));
        }
        let tmp = path.with_extension(format!("tmp{}", std::process::id()));
        if std::fs::write(&tmp, out).is_ok() && std::fs::rename(&tmp, &path).is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
    }
}

/// One line back; `None` if it does not read (it is then counted again).
fn entry(line: &str) -> Option<((NaiveDate, String), Counted)> {
    let mut f = line.split('\t');
    let day = NaiveDate::parse_from_str(f.next()?, "%Y-%m-%d").ok()?;
    let commit = f.next()?.to_string();
    let total = Counts {
        red: f.next()?.parse().ok()?,
        yellow: f.next()?.parse().ok()?,
    };
    let by_unit = f
        .next()?
        .split('\u{1e}')
        .filter(|s| !s.is_empty())
        .map(|u| {
            let mut p = u.split('\u{1f}');
            let name = p.next()?.to_string();
            let red = p.next()?.parse().ok()?;
            let yellow = p.next()?.parse().ok()?;
            Some((name, Counts { red, yellow }))
        })
        .collect::<Option<Vec<_>>>()?;
    Some(((day, commit), Counted { total, by_unit }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_come_back_as_written_and_a_foreign_file_is_ignored() {
        let dir = tempfile::tempdir().expect("dir");
        let day = NaiveDate::from_ymd_opt(2018, 6, 17).expect("day");
        let counted = Counted {
            total: Counts { red: 3, yellow: 1 },
            by_unit: vec![
                ("区住建局".into(), Counts { red: 2, yellow: 0 }),
                ("区 发改委".into(), Counts { red: 1, yellow: 1 }),
            ],
        };
        let mut c = Cache::open(dir.path());
        c.put(day, "abc", counted.clone());
        c.save();
        let c = Cache::open(dir.path());
        assert_eq!(c.get(day, "abc"), Some(&counted));
        assert_eq!(c.get(day, "abd"), None);
        std::fs::write(dir.path().join("tracker-trend"), "something else\n").expect("write");
        assert!(Cache::open(dir.path()).entries.is_empty());
    }
}
