//! Reading a ledger straight into the model: each project is checked and built as soon as
//! it is read, so what `ron` parses never lives beside the whole model (at 100,000
//! projects that parse alone is twice the file's size).

use std::fmt;

use compact_str::CompactString;
use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::model::{Ledger, Project};
use super::raw::{RawHead, RawProject, RawUnit, RawWarning};
use super::validate::{Context, Validator};

#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "snake_case")]
enum Field {
    Title,
    Year,
    Office,
    Categories,
    Warning,
    Units,
    Projects,
}

const FIELDS: &[&str] = &[
    "title",
    "year",
    "office",
    "categories",
    "warning",
    "units",
    "projects",
];

/// Reads a `Ledger(...)`, checking it with `v` as it goes.
pub(super) struct LedgerSeed<'v> {
    pub v: &'v mut Validator,
}

impl<'de> DeserializeSeed<'de> for LedgerSeed<'_> {
    type Value = Ledger;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Ledger, D::Error> {
        d.deserialize_struct("Ledger", FIELDS, self)
    }
}

/// The projects as read: built already, or kept as read when the file lists them before
/// the year or the units they are checked against.
enum Projects {
    Built(Vec<Project>),
    Read(Vec<RawProject>),
}

/// Sets a field once; a second time is an error, as for any struct serde reads.
fn once<T, E: de::Error>(slot: &mut Option<T>, value: T, name: &'static str) -> Result<(), E> {
    if slot.is_some() {
        return Err(E::duplicate_field(name));
    }
    *slot = Some(value);
    Ok(())
}

impl<'de> Visitor<'de> for LedgerSeed<'_> {
    type Value = Ledger;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("struct Ledger")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Ledger, A::Error> {
        let v = self.v;
        let mut title: Option<CompactString> = None;
        let mut year: Option<i64> = None;
        let mut office: Option<Option<CompactString>> = None;
        let mut categories: Option<Vec<CompactString>> = None;
        let mut warning: Option<Option<RawWarning>> = None;
        let mut units: Option<Vec<RawUnit>> = None;
        let mut projects: Option<Projects> = None;
        let mut context: Option<Context> = None;
        // The categories came after the projects: those were checked without them.
        let mut categories_late = false;
        while let Some(key) = map.next_key::<Field>()? {
            match key {
                Field::Title => once(&mut title, map.next_value()?, "title")?,
                Field::Year => once(&mut year, map.next_value()?, "year")?,
                Field::Office => once(&mut office, map.next_value()?, "office")?,
                Field::Categories => once(&mut categories, map.next_value()?, "categories")?,
                Field::Warning => once(&mut warning, map.next_value()?, "warning")?,
                Field::Units => once(&mut units, map.next_value()?, "units")?,
                Field::Projects => {
                    let read = match (year, units.take()) {
                        (Some(y), Some(u)) => {
                            categories_late = categories.is_none();
                            let cx = v.context(y, u, categories.clone().unwrap_or_default());
                            let built = map.next_value_seed(ProjectsSeed { v, cx: &cx })?;
                            context = Some(cx);
                            Projects::Built(built)
                        }
                        (_, u) => {
                            units = u;
                            Projects::Read(map.next_value()?)
                        }
                    };
                    once(&mut projects, read, "projects")?;
                }
            }
        }
        let title = title.ok_or_else(|| de::Error::missing_field("title"))?;
        let year = year.ok_or_else(|| de::Error::missing_field("year"))?;
        let head = RawHead {
            title,
            office: office.flatten(),
            warning: warning.flatten(),
        };
        let (cx, projects) = match (context, projects) {
            (Some(mut cx), Some(Projects::Built(built))) => {
                if let Some(late) = categories.filter(|_| categories_late) {
                    v.late_categories(&mut cx, late, &built);
                }
                (cx, built)
            }
            (_, projects) => {
                let cx = v.context(
                    year,
                    units.unwrap_or_default(),
                    categories.unwrap_or_default(),
                );
                let read = match projects {
                    Some(Projects::Read(read)) => read,
                    _ => Vec::new(),
                };
                let mut built = Vec::with_capacity(read.len());
                for (i, p) in read.into_iter().enumerate() {
                    built.push(v.project_in(&cx, i, p));
                }
                (cx, built)
            }
        };
        Ok(v.ledger(cx, head, projects))
    }
}

/// Reads the `projects: [...]` list, building each project as it is read.
struct ProjectsSeed<'a> {
    v: &'a mut Validator,
    cx: &'a Context,
}

impl<'de> DeserializeSeed<'de> for ProjectsSeed<'_> {
    type Value = Vec<Project>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Vec<Project>, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for ProjectsSeed<'_> {
    type Value = Vec<Project>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a sequence")
    }

    /// Reading and building run side by side: this thread reads projects in batches while
    /// another checks and builds them, so that building costs next to nothing beside ron's
    /// parse.
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<Project>, A::Error> {
        const BATCH: usize = 256;
        let (v, cx) = (self.v, self.cx);
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<RawProject>>(8);
        std::thread::scope(|s| {
            let builder = s.spawn(move || {
                let mut built = Vec::new();
                for batch in rx {
                    for p in batch {
                        let i = built.len();
                        built.push(v.project_in(cx, i, p));
                    }
                }
                built
            });
            let mut batch = Vec::with_capacity(BATCH);
            let read = loop {
                match seq.next_element::<RawProject>() {
                    Ok(Some(p)) => {
                        batch.push(p);
                        if batch.len() == BATCH {
                            let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                            if tx.send(full).is_err() {
                                break Ok(());
                            }
                        }
                    }
                    Ok(None) => break Ok(()),
                    Err(e) => break Err(e),
                }
            };
            if !batch.is_empty() {
                let _ = tx.send(batch);
            }
            drop(tx);
            let built = match builder.join() {
                Ok(built) => built,
                Err(panic) => std::panic::resume_unwind(panic),
            };
            read.map(|()| built)
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::ledger::load_str;

    const UNITS: &str = r#"units: [Unit(name: "区城管局"), Unit(name: "区教育局")],"#;
    const CATEGORIES: &str = r#"categories: ["城建", "教育"],"#;
    const PROJECTS: &str = r#"projects: [
        Project(name: "第八大街改造", category: "城建", lead: "区城管局", milestones: [
            Milestone(name: "完工", due: "2018-10-31", done: "2018-10-01", by: "王"),
        ]),
        Project(name: "学校建设", category: "教育", lead: "区教育局", support: ["区城管局"]),
    ],"#;

    fn ledger(parts: &[&str]) -> String {
        format!("Ledger(title: \"t\", year: 2018,\n{}\n)", parts.join("\n"))
    }

    #[test]
    fn projects_read_before_the_units_give_the_same_ledger() {
        let usual = load_str(&ledger(&[CATEGORIES, UNITS, PROJECTS])).expect("loads");
        let projects_first = load_str(&ledger(&[PROJECTS, UNITS, CATEGORIES])).expect("loads");
        let categories_last = load_str(&ledger(&[UNITS, PROJECTS, CATEGORIES])).expect("loads");
        assert_eq!(usual.0, projects_first.0);
        assert_eq!(usual.0, categories_last.0);
        assert_eq!(usual.0.projects[1].support, vec![0]);
    }

    /// Each problem's message, without its place (the orders put it on other lines).
    fn messages(text: &str) -> Vec<String> {
        let problems = load_str(text).expect_err("refused");
        let mut m: Vec<String> = problems
            .into_iter()
            .map(|p| p.message(crate::lang::Lang::En))
            .collect();
        m.sort();
        m
    }

    #[test]
    fn a_project_is_checked_alike_whatever_the_fields_order() {
        let bad = PROJECTS
            .replace("category: \"教育\"", "category: \"水利\"")
            .replace("support: [\"区城管局\"]", "support: [\"区城管\"]")
            .replace("2018-10-01", "2016-10-01");
        let usual = messages(&ledger(&[CATEGORIES, UNITS, &bad]));
        assert_eq!(usual.len(), 3, "{usual:?}");
        for order in [[&bad, UNITS, CATEGORIES], [UNITS, &bad, CATEGORIES]] {
            assert_eq!(messages(&ledger(&order)), usual);
        }
    }

    #[test]
    fn a_field_given_twice_or_missing_is_an_error() {
        let twice = messages(&ledger(&[UNITS, UNITS, PROJECTS]));
        assert!(twice[0].contains("units"), "{twice:?}");
        let no_title = messages(&format!("Ledger(year: 2018, {UNITS} {PROJECTS})"));
        assert!(no_title[0].contains("title"), "{no_title:?}");
        let unknown = messages(&ledger(&[UNITS, "colour: 1,", PROJECTS]));
        assert!(unknown[0].contains("colour"), "{unknown:?}");
    }

    /// Many projects (several batches for the builder), one line each.
    fn many(n: usize, bad: Option<(usize, &str)>) -> String {
        let mut text = format!("Ledger(title: \"t\", year: 2018,\n{UNITS}\nprojects: [\n");
        for i in 0..n {
            let line = format!(
                "Project(name: \"P{i}\", lead: \"区城管局\", milestones: [Milestone(name: \"完工\", due: \"2018-10-31\")]),\n"
            );
            match bad {
                Some((at, with)) if at == i => text.push_str(with),
                _ => text.push_str(&line),
            }
        }
        text.push_str("])\n");
        text
    }

    #[test]
    fn a_problem_far_into_the_projects_is_found_at_its_line() {
        let ok = load_str(&many(1000, None)).expect("loads");
        assert_eq!(ok.0.projects.len(), 1000);
        assert_eq!(ok.0.projects[999].name, "P999");
        // Project 700 is on line 4 + 700: a syntax error and a check, each at its line.
        let syntax = load_str(&many(
            1000,
            Some((700, "Project(name: \"x\" lead: \"区城管局\"),\n")),
        ))
        .expect_err("refused");
        assert_eq!(syntax[0].line, 704, "{syntax:?}");
        let unit = load_str(&many(
            1000,
            Some((700, "Project(name: \"x\", lead: \"区城\"),\n")),
        ))
        .expect_err("refused");
        assert_eq!((unit.len(), unit[0].line), (1, 704), "{unit:?}");
    }
}
