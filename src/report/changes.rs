//! What changed between two versions of the ledger, for the weekly meeting ("what changed
//! since last week?"): milestones crossed off, milestones newly red or yellow, re-plans,
//! progress lines and monthly investment figures, grouped by the unit that answers for
//! them. Two versions are compared, never the history between them.

use chrono::NaiveDate;

use super::Format;
use super::words::{Words, words};
use crate::lang::{Lang, fill};
use crate::ledger::{Ledger, UnitId};
use crate::rules::{self, Colour};

/// One change, by names (the items as they are now).
#[derive(Debug, Clone, PartialEq)]
pub enum Changed {
    /// A project new since then (under its lead unit).
    NewProject { project: String },
    /// A milestone new since then, of a project old or new (under its unit).
    NewMilestone {
        project: String,
        milestone: String,
        due: NaiveDate,
    },
    CrossedOff {
        project: String,
        milestone: String,
        on: NaiveDate,
        by: Option<String>,
    },
    /// Red or yellow now, neither then.
    NewlyWarned {
        project: String,
        milestone: String,
        colour: Colour,
    },
    Replanned {
        project: String,
        milestone: String,
        from: NaiveDate,
        to: NaiveDate,
    },
    Progress {
        project: String,
        on: NaiveDate,
        text: String,
    },
    Invested {
        project: String,
        month: u32,
        done: f64,
    },
}

/// The changes from `then` (as it stood on `then_day`) to `now` (as of `today`), by unit
/// (in the ledger's order of units), each unit's in the order above.
pub fn between(
    then: &Ledger,
    now: &Ledger,
    (then_day, today): (NaiveDate, NaiveDate),
) -> Vec<(UnitId, Vec<Changed>)> {
    let mut by_unit: Vec<Vec<Changed>> = vec![Vec::new(); now.units.len()];
    let t = &now.thresholds;
    for p in &now.projects {
        let before = then.project_by_name(&p.name).map(|i| &then.projects[i]);
        let project = p.name.to_string();
        if before.is_none() {
            by_unit[p.lead].push(Changed::NewProject {
                project: project.clone(),
            });
        }
        for m in &p.milestones {
            let was = before.and_then(|b| b.milestone_by_name(&m.name).map(|i| &b.milestones[i]));
            let unit = p.milestone_unit(m);
            let list = &mut by_unit[unit];
            let milestone = m.name.to_string();
            if was.is_none() {
                list.push(Changed::NewMilestone {
                    project: project.clone(),
                    milestone: milestone.clone(),
                    due: m.due,
                });
            }
            if let Some(on) = m.done
                && was.is_none_or(|w| w.done != m.done)
            {
                list.push(Changed::CrossedOff {
                    project: project.clone(),
                    milestone: milestone.clone(),
                    on,
                    by: m.by.as_ref().map(|b| b.to_string()),
                });
            }
            if let Some(w) = was
                && w.due != m.due
            {
                list.push(Changed::Replanned {
                    project: project.clone(),
                    milestone: milestone.clone(),
                    from: w.due,
                    to: m.due,
                });
            }
            let warned = |c: Colour| matches!(c, Colour::Red | Colour::Yellow);
            let now_c = rules::milestone_colour(m, today, t);
            let then_c = was.map(|w| rules::milestone_colour(w, then_day, &then.thresholds));
            if warned(now_c) && !then_c.is_some_and(warned) {
                list.push(Changed::NewlyWarned {
                    project: project.clone(),
                    milestone,
                    colour: now_c,
                });
            }
        }
        let lead = &mut by_unit[p.lead];
        let old_lines = before.map_or(&[][..], |b| &b.updates[..]);
        for u in crate::ledger::updates_added(old_lines, &p.updates) {
            lead.push(Changed::Progress {
                project: project.clone(),
                on: u.date,
                text: u.text.to_string(),
            });
        }
        for m in &p.monthly {
            let old = before.and_then(|b| b.month_done(m.month));
            if old != Some(m.done) {
                lead.push(Changed::Invested {
                    project: project.clone(),
                    month: m.month,
                    done: m.done,
                });
            }
        }
    }
    for list in &mut by_unit {
        list.sort_by_key(order);
    }
    by_unit
        .into_iter()
        .enumerate()
        .filter(|(_, l)| !l.is_empty())
        .collect()
}

fn order(c: &Changed) -> u8 {
    match c {
        Changed::CrossedOff { .. } => 0,
        Changed::NewlyWarned { .. } => 1,
        Changed::Replanned { .. } => 2,
        Changed::Progress { .. } => 3,
        Changed::Invested { .. } => 4,
        Changed::NewProject { .. } => 5,
        Changed::NewMilestone { .. } => 6,
    }
}

/// One change in words.
fn line(w: &Words, c: &Changed, year: i32) -> String {
    match c {
        Changed::NewProject { project } => fill(w.changes_new_project, &[project]),
        Changed::NewMilestone {
            project,
            milestone,
            due,
        } => fill(w.changes_new_milestone, &[project, milestone, due]),
        Changed::CrossedOff {
            project,
            milestone,
            on,
            by,
        } => fill(
            w.changes_crossed_off,
            &[project, milestone, on, &by.as_deref().unwrap_or("")],
        ),
        Changed::NewlyWarned {
            project,
            milestone,
            colour,
        } => fill(
            w.changes_warned,
            &[project, milestone, &super::format::colour_label(w, *colour)],
        ),
        Changed::Replanned {
            project,
            milestone,
            from,
            to,
        } => fill(w.changes_replanned, &[project, milestone, from, to]),
        Changed::Progress { project, on, text } => fill(w.changes_progress, &[project, on, text]),
        Changed::Invested {
            project,
            month,
            done,
        } => fill(
            w.changes_invested,
            &[
                project,
                &crate::ledger::month_text(year, *month),
                &crate::ledger::number::display(*done),
            ],
        ),
    }
}

/// The changes report: a title with the two points compared, then each unit's changes.
pub fn render(
    now: &Ledger,
    changes: &[(UnitId, Vec<Changed>)],
    since: &str,
    format: Format,
    lang: Lang,
    bom: bool,
) -> String {
    let w = words(lang);
    if format == Format::Csv {
        return csv(now, changes, w, bom);
    }
    let mut out = String::new();
    let title = fill(w.changes_title, &[&now.title, &since]);
    match format {
        Format::Md => out.push_str(&format!("# {title}\n\n")),
        Format::Txt | Format::Csv => out.push_str(&format!("{title}\n\n")),
    }
    if changes.is_empty() {
        out.push_str(w.none);
        out.push('\n');
        return out;
    }
    for (unit, list) in changes {
        let name = now.unit_name(*unit);
        match format {
            Format::Md => out.push_str(&format!("## {name}\n\n")),
            Format::Txt | Format::Csv => out.push_str(&format!("{name}\n")),
        }
        for c in list {
            let text = line(w, c, now.year);
            match format {
                Format::Md => out.push_str(&format!("- {text}\n")),
                Format::Txt | Format::Csv => out.push_str(&format!("  {text}\n")),
            }
        }
        out.push('\n');
    }
    out
}

/// One row per change: unit, what, project, milestone, date, and the change in words.
fn csv(now: &Ledger, changes: &[(UnitId, Vec<Changed>)], w: &Words, bom: bool) -> String {
    use super::csv::{Cell, Csv};
    let mut out = Csv::new(bom);
    out.row(
        w.changes_csv_columns
            .iter()
            .map(|c| Cell::Text(c.to_string())),
    );
    for (unit, list) in changes {
        for c in list {
            let (kind, project, milestone, date) = match c {
                Changed::CrossedOff {
                    project,
                    milestone,
                    on,
                    ..
                } => (0, project, milestone.as_str(), Some(*on)),
                Changed::NewlyWarned {
                    project, milestone, ..
                } => (1, project, milestone.as_str(), None),
                Changed::Replanned {
                    project,
                    milestone,
                    to,
                    ..
                } => (2, project, milestone.as_str(), Some(*to)),
                Changed::Progress { project, on, .. } => (3, project, "", Some(*on)),
                Changed::Invested { project, .. } => (4, project, "", None),
                Changed::NewProject { project } => (5, project, "", None),
                Changed::NewMilestone {
                    project,
                    milestone,
                    due,
                } => (6, project, milestone.as_str(), Some(*due)),
            };
            out.row([
                Cell::Text(now.unit_name(*unit).to_string()),
                Cell::Text(w.changes_kinds[kind].to_string()),
                Cell::Text(project.clone()),
                Cell::Text(milestone.to_string()),
                Cell::Text(date.map(|d| d.to_string()).unwrap_or_default()),
                Cell::Text(line(w, c, now.year)),
            ]);
        }
    }
    out.finish()
}
