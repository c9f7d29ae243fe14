//! From rows to a ledger: units, projects and their milestones, pledges; then the text,
//! written through the same edits the forms make (so it is laid out as `tracker add` lays
//! it out) and loaded before it is handed back.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use compact_str::CompactString;

use super::columns::{Field, Header, Names, find_header};
use super::grid::{Grid, Value};
use super::values::{date, number, year_in, year_of_dates};
use super::{ImportError, Imported, Options, Skipped, Why};
use crate::ledger::change::{Change, Item, MilestoneFields, NewItem, ProjectFields, UnitFields};
use crate::ledger::{Investment, Pledge};

#[derive(Default)]
struct Ledger {
    units: Vec<(UnitFields, Vec<Pledge>)>,
    projects: Vec<(ProjectFields, Vec<MilestoneFields>)>,
    skipped: Vec<Skipped>,
    sheets: Vec<super::SheetRead>,
}

impl Ledger {
    fn unit(&mut self, name: &str) -> Option<usize> {
        let name = name.trim();
        if name.is_empty() {
            return None;
        }
        if let Some(i) = self.units.iter().position(|(u, _)| u.name == name) {
            return Some(i);
        }
        self.units.push((
            UnitFields {
                name: name.into(),
                pinyin: None,
                leader: None,
                title: None,
            },
            Vec::new(),
        ));
        Some(self.units.len() - 1)
    }

    fn project(&self, name: &str) -> Option<usize> {
        self.projects
            .iter()
            .position(|(p, _)| p.name == name.trim())
    }

    fn skip(&mut self, sheet: &str, row: usize, col: Option<usize>, why: Why) {
        self.skipped.push(Skipped {
            sheet: sheet.to_string(),
            row,
            col,
            why,
        });
    }
}

/// The columns of a sheet by field (the first of each), its unknown ones said.
fn columns(
    l: &mut Ledger,
    grid: &Grid,
    header: &Header,
    report_unknown: bool,
) -> BTreeMap<Field, usize> {
    let mut at = BTreeMap::new();
    let mut said = Vec::new();
    for (c, f) in &header.columns {
        match f {
            Ok(f) => {
                at.entry(*f).or_insert(*c);
                said.push((*c, grid.get(header.row, *c).text(), *f));
            }
            Err(text) if report_unknown => {
                l.skip(
                    &grid.sheet,
                    header.row,
                    Some(*c),
                    Why::UnknownColumn(text.clone()),
                );
            }
            Err(_) => {}
        }
    }
    l.sheets.push((grid.sheet.clone(), said));
    at
}

/// The words of a cell of `field` in `row`, trimmed ("" when there is no such column).
fn text_at(grid: &Grid, at: &BTreeMap<Field, usize>, row: usize, f: Field) -> String {
    at.get(&f)
        .map(|&c| grid.get(row, c).text())
        .unwrap_or_default()
}

/// Supporting units as a cell lists them: 、 , ， ; ； / or line breaks between.
fn split_units(s: &str) -> Vec<String> {
    s.split(['、', ',', '，', ';', '；', '/', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

const TOTALS: [&str; 3] = ["合计", "小计", "总计"];

/// A heading as offices number them: `一、…`, `（二）…`, `3、…`.
fn numbered_heading(t: &str) -> bool {
    let t = t.trim_start_matches(['（', '(']);
    let numeral = t
        .chars()
        .take_while(|c| "一二三四五六七八九十".contains(*c) || c.is_ascii_digit())
        .count();
    numeral > 0
        && t.chars()
            .nth(numeral)
            .is_some_and(|c| "、）).．".contains(c))
}

/// A figure of `field` in `row`; a cell that is not one is said and left out.
fn figure(
    l: &mut Ledger,
    grid: &Grid,
    at: &BTreeMap<Field, usize>,
    row: usize,
    f: Field,
) -> Option<f64> {
    let &c = at.get(&f)?;
    match number(grid.get(row, c)) {
        Ok(x) => x,
        Err(t) => {
            l.skip(&grid.sheet, row, Some(c), Why::NotANumber(t));
            None
        }
    }
}

fn day_at(
    l: &mut Ledger,
    grid: &Grid,
    at: &BTreeMap<Field, usize>,
    row: usize,
    f: Field,
    year: i32,
) -> Result<Option<NaiveDate>, ()> {
    let Some(&c) = at.get(&f) else {
        return Ok(None);
    };
    date(grid.get(row, c), year).map_err(|t| l.skip(&grid.sheet, row, Some(c), Why::NotADate(t)))
}

/// The title and year from the rows above the header.
fn title_and_year(
    grid: &Grid,
    header: &Header,
    due: Option<usize>,
    opts: &Options,
) -> Result<(String, i32), ImportError> {
    let title = (0..header.row)
        .flat_map(|r| grid.rows[r].iter())
        .map(Value::text)
        .find(|t| !t.is_empty())
        .unwrap_or_else(|| grid.sheet.clone());
    let year = opts
        .year
        .or_else(|| year_in(&title))
        .or_else(|| due.and_then(|c| year_of_dates(grid.rows.iter().filter_map(|r| r.get(c)))))
        .ok_or(ImportError::NoYear)?;
    Ok((title, year))
}

/// A project from the cells of `row` (its name and lead read already): its units made,
/// its figures read (a cell that is not one said); its index.
fn push_project(
    l: &mut Ledger,
    grid: &Grid,
    at: &BTreeMap<Field, usize>,
    row: usize,
    (name, lead): (&str, &str),
) -> usize {
    l.unit(lead);
    let support = split_units(&text_at(grid, at, row, Field::Support));
    for s in &support {
        l.unit(s);
    }
    let opt = |f| {
        Some(text_at(grid, at, row, f))
            .filter(|s| !s.is_empty())
            .map(CompactString::from)
    };
    let (total, plan, done) = (
        figure(l, grid, at, row, Field::Total),
        figure(l, grid, at, row, Field::Plan),
        figure(l, grid, at, row, Field::Done),
    );
    let investment = (total.is_some() || plan.is_some() || done.is_some()).then_some(Investment {
        total,
        plan,
        done,
    });
    l.projects.push((
        ProjectFields {
            name: name.into(),
            pinyin: None,
            category: opt(Field::Category),
            lead: lead.into(),
            support: support.iter().map(|s| s.as_str().into()).collect(),
            leader: opt(Field::Leader),
            investment,
            monthly: Vec::new(),
            scale: opt(Field::Scale),
        },
        Vec::new(),
    ));
    l.projects.len() - 1
}

/// An office's own 台账 sheet: a row per project, or per milestone with the project's
/// cells merged down (or left blank) over its rows.
pub(super) fn office_sheet(opts: &Options, grid: &Grid) -> Result<Imported, ImportError> {
    let names = Names::new(&opts.map);
    let header =
        find_header(grid, &names).ok_or_else(|| ImportError::NoHeader(grid.sheet.clone()))?;
    let mut l = Ledger::default();
    let at = columns(&mut l, grid, &header, true);
    if !at.contains_key(&Field::Name) {
        return Err(ImportError::NoNameColumn(grid.sheet.clone()));
    }
    let (title, year) = title_and_year(grid, &header, at.get(&Field::Due).copied(), opts)?;
    let sheet = grid.sheet.clone();
    // The project the rows below belong to: its index, or None when it was left out.
    let mut current: Option<Option<usize>> = None;
    for row in header.row + 1..grid.rows.len() {
        let cells = &grid.rows[row];
        if cells.iter().all(Value::is_empty) {
            l.skip(&sheet, row, None, Why::BlankRow);
            continue;
        }
        if let Some(t) = cells
            .iter()
            .take(4)
            .map(Value::text)
            .find(|t| TOTALS.iter().any(|w| t.contains(w)))
        {
            l.skip(&sheet, row, None, Why::TotalsRow(t));
            continue;
        }
        let name = text_at(grid, &at, row, Field::Name);
        let filled: Vec<String> = cells
            .iter()
            .map(Value::text)
            .filter(|t| !t.is_empty())
            .collect();
        let alone = filled.len() == 1 && text_at(grid, &at, row, Field::Milestone).is_empty();
        if alone && (name.is_empty() || numbered_heading(&name)) {
            l.skip(&sheet, row, None, Why::Heading(filled[0].clone()));
            continue;
        }
        let project = if name.is_empty() {
            match current {
                Some(p) => p,
                None => {
                    l.skip(&sheet, row, None, Why::NoProject);
                    continue;
                }
            }
        } else if let Some(i) = l.project(&name) {
            Some(i)
        } else {
            let lead = text_at(grid, &at, row, Field::Lead);
            if lead.is_empty() {
                l.skip(
                    &sheet,
                    row,
                    at.get(&Field::Lead).copied(),
                    Why::NoLead(name.clone()),
                );
                None
            } else {
                Some(push_project(&mut l, grid, &at, row, (&name, &lead)))
            }
        };
        current = Some(project);
        let milestone = text_at(grid, &at, row, Field::Milestone);
        let due = day_at(&mut l, grid, &at, row, Field::Due, year);
        match (milestone.is_empty(), due) {
            (true, Ok(Some(d))) => l.skip(
                &sheet,
                row,
                at.get(&Field::Due).copied(),
                Why::DueWithoutMilestone(d.to_string()),
            ),
            (false, Ok(None)) => l.skip(
                &sheet,
                row,
                at.get(&Field::Milestone).copied(),
                Why::MilestoneWithoutDue(milestone),
            ),
            (false, Ok(Some(due))) => {
                if let Some(p) = project {
                    l.projects[p].1.push(MilestoneFields {
                        name: milestone.as_str().into(),
                        due,
                        baseline: None,
                        done: None,
                        by: None,
                        unit: None,
                    });
                }
            }
            _ => {}
        }
    }
    finish(l, &title, year, None)
}

/// Sheet overrides for the workbook tracker exports: its derived columns, and the names
/// that mean something else on its milestones and pledges sheets.
const EXPORT_PROJECTS: &[(&str, Field)] = &[
    ("下一节点", Field::Ignore),
    ("时限", Field::Ignore),
    ("倒计时", Field::Ignore),
    ("本月完成", Field::Ignore),
    ("完成计划", Field::Ignore),
    ("序时差", Field::Ignore),
    ("Next milestone", Field::Ignore),
    ("Due", Field::Ignore),
    ("Days left", Field::Ignore),
    ("Done this month", Field::Ignore),
    ("Plan done", Field::Ignore),
    ("Against the year", Field::Ignore),
    ("Done", Field::Done),
];
const EXPORT_MILESTONES: &[(&str, Field)] = &[
    ("责任单位", Field::Unit),
    ("Unit", Field::Unit),
    ("倒计时", Field::Ignore),
    ("Days left", Field::Ignore),
    ("Done", Field::DoneOn),
];
const EXPORT_PLEDGES: &[(&str, Field)] = &[
    ("单位", Field::Unit),
    ("Unit", Field::Unit),
    ("负责人", Field::UnitLeader),
    ("Signed by", Field::UnitLeader),
    ("承诺", Field::Pledge),
    ("Pledge", Field::Pledge),
    ("期限", Field::Due),
    ("目标", Field::Target),
    ("Target", Field::Target),
    ("计量单位", Field::Measure),
    ("Measure", Field::Measure),
    ("进度", Field::Progress),
    ("Progress", Field::Progress),
    ("完成度", Field::Ignore),
    ("Attained", Field::Ignore),
    ("Done", Field::DoneOn),
];

/// The ledger's title from an exported sheet's title row (`TITLE 项目台账（DAY）`).
fn exported_title(t: &str) -> String {
    for suffix in [" 项目台账（", ": projects ("] {
        if let Some(i) = t.rfind(suffix) {
            return t[..i].to_string();
        }
    }
    t.to_string()
}

/// The sheets of a workbook tracker exported, and the office its overview names.
pub(super) struct Exported<'a> {
    pub projects: &'a Grid,
    pub milestones: &'a Grid,
    pub pledges: Option<&'a Grid>,
    pub card: Option<&'a Grid>,
    pub office: Option<String>,
}

/// A workbook tracker exported: units, projects, milestones and pledges as they were.
pub(super) fn exported(opts: &Options, sheets: Exported) -> Result<Imported, ImportError> {
    let Exported {
        projects,
        milestones,
        pledges,
        card,
        office,
    } = sheets;
    let mut l = Ledger::default();
    let header = |g: &Grid, names: &Names| {
        find_header(g, names).ok_or_else(|| ImportError::NoHeader(g.sheet.clone()))
    };
    // Projects.
    let names = Names::new(&opts.map).with(EXPORT_PROJECTS);
    let h = header(projects, &names)?;
    let at = columns(&mut l, projects, &h, true);
    let title = exported_title(&projects.get(0, 0).text());
    let mh = header(milestones, &Names::new(&opts.map).with(EXPORT_MILESTONES))?;
    let (_, year) = title_and_year(milestones, &mh, Some(4), opts)?;
    // Units in the ledger's order, as the pledges sheet lists them, first.
    let pledge_names = Names::new(&opts.map).with(EXPORT_PLEDGES);
    let pledge_sheet = match pledges {
        Some(g) => {
            let h = header(g, &pledge_names)?;
            Some((g, h))
        }
        None => None,
    };
    if let Some((g, h)) = &pledge_sheet {
        let pat = columns(&mut l, g, h, true);
        for row in h.row + 1..g.rows.len() {
            let unit = text_at(g, &pat, row, Field::Unit);
            let Some(u) = l.unit(&unit) else { continue };
            let leader = text_at(g, &pat, row, Field::UnitLeader);
            if !leader.is_empty() {
                l.units[u].0.leader = Some(leader.as_str().into());
            }
            let text = text_at(g, &pat, row, Field::Pledge);
            if text.is_empty() {
                continue;
            }
            let due = day_at(&mut l, g, &pat, row, Field::Due, year)
                .ok()
                .flatten();
            let done = day_at(&mut l, g, &pat, row, Field::DoneOn, year)
                .ok()
                .flatten();
            let measure = Some(text_at(g, &pat, row, Field::Measure)).filter(|m| !m.is_empty());
            let pledge = Pledge {
                text: text.as_str().into(),
                due,
                target: figure(&mut l, g, &pat, row, Field::Target),
                measure: measure.map(|m| m.as_str().into()),
                progress: figure(&mut l, g, &pat, row, Field::Progress),
                done,
                by: None,
            };
            l.units[u].1.push(pledge);
        }
    }
    for row in h.row + 1..projects.rows.len() {
        let name = text_at(projects, &at, row, Field::Name);
        let lead = text_at(projects, &at, row, Field::Lead);
        if name.is_empty() || lead.is_empty() {
            if !name.is_empty() {
                l.skip(
                    &projects.sheet,
                    row,
                    at.get(&Field::Lead).copied(),
                    Why::NoLead(name),
                );
            }
            continue;
        }
        push_project(&mut l, projects, &at, row, (&name, &lead));
    }
    // Milestones.
    let mat = columns(&mut l, milestones, &mh, true);
    for row in mh.row + 1..milestones.rows.len() {
        let project = text_at(milestones, &mat, row, Field::Name);
        let name = text_at(milestones, &mat, row, Field::Milestone);
        if project.is_empty() && name.is_empty() {
            continue;
        }
        let Some(p) = l.project(&project) else {
            l.skip(
                &milestones.sheet,
                row,
                mat.get(&Field::Name).copied(),
                Why::Orphan(project),
            );
            continue;
        };
        let Ok(Some(due)) = day_at(&mut l, milestones, &mat, row, Field::Due, year) else {
            l.skip(
                &milestones.sheet,
                row,
                mat.get(&Field::Due).copied(),
                Why::MilestoneWithoutDue(name),
            );
            continue;
        };
        let unit = text_at(milestones, &mat, row, Field::Unit);
        let unit = (!unit.is_empty() && unit != l.projects[p].0.lead.as_str()).then(|| {
            l.unit(&unit);
            CompactString::from(unit.as_str())
        });
        let by = Some(text_at(milestones, &mat, row, Field::By)).filter(|b| !b.is_empty());
        let m = MilestoneFields {
            name: name.as_str().into(),
            due,
            baseline: day_at(&mut l, milestones, &mat, row, Field::Baseline, year)
                .ok()
                .flatten(),
            done: day_at(&mut l, milestones, &mat, row, Field::DoneOn, year)
                .ok()
                .flatten(),
            by: by.map(|b| b.as_str().into()),
            unit,
        };
        l.projects[p].1.push(m);
    }
    // Units named nowhere else, from the scorecard (every unit is ranked there).
    if let Some(g) = card {
        let names = Names::new(&BTreeMap::new()).with(&[
            ("单位", Field::Unit),
            ("Unit", Field::Unit),
            ("名次", Field::Ignore),
            ("Rank", Field::Ignore),
        ]);
        if let Some(h) = find_header(g, &names) {
            let cat = columns(&mut l, g, &h, false);
            for row in h.row + 1..g.rows.len() {
                let u = text_at(g, &cat, row, Field::Unit);
                l.unit(&u);
            }
        }
    }
    finish(l, &title, year, office.as_deref())
}

/// The ledger's text, written through the forms' edits, and checked by loading it.
fn finish(
    l: Ledger,
    title: &str,
    year: i32,
    office: Option<&str>,
) -> Result<Imported, ImportError> {
    let quote = |s: &str| crate::ledger::edit::ron_string(s);
    let office = office
        .map(|o| format!("    office: {},\n", quote(o)))
        .unwrap_or_default();
    let mut text = format!(
        "#![enable(implicit_some)]\nLedger(\n    title: {},\n    year: {year},\n{office}    units: [\n    ],\n    projects: [\n    ],\n)\n",
        quote(title)
    );
    let add = |text: &str, change: Change| -> Result<String, ImportError> {
        crate::ledger::edit_bytes(text.as_bytes(), &change)
            .map_err(|e| ImportError::Invalid(e.to_string()))
            .and_then(|b| String::from_utf8(b).map_err(|e| ImportError::Invalid(e.to_string())))
    };
    let pledges: usize = l.units.iter().map(|(_, p)| p.len()).sum();
    let milestones: usize = l.projects.iter().map(|(_, m)| m.len()).sum();
    let (units, projects) = (l.units.len(), l.projects.len());
    for (i, (u, p)) in l.units.into_iter().enumerate() {
        let item = Box::new(NewItem::Unit(u, p));
        text = add(
            &text,
            Change::Add {
                at: Item::Unit(i),
                item,
            },
        )?;
    }
    for (i, (p, m)) in l.projects.into_iter().enumerate() {
        let item = Box::new(NewItem::Project(p, m, Vec::new()));
        text = add(
            &text,
            Change::Add {
                at: Item::Project(i),
                item,
            },
        )?;
    }
    crate::ledger::load_str(&text).map_err(|problems| {
        ImportError::Invalid(
            problems
                .first()
                .map(|p| format!("{}:{} {:?}", p.line, p.col, p.finding))
                .unwrap_or_default(),
        )
    })?;
    Ok(Imported {
        text,
        sheets: l.sheets,
        units,
        projects,
        milestones,
        pledges,
        skipped: l.skipped,
    })
}
