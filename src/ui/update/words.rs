//! Changes in words, for the status line and the conflict dialog.

use chrono::NaiveDate;

use crate::ledger::Change;
use crate::ui::app::App;

/// A short description of a change, for the status line.
pub fn describe(app: &App, change: &Change) -> String {
    let t = app.text();
    let l = &app.ledger;
    match change {
        Change::MilestoneDone {
            project,
            milestone,
            done,
            ..
        } => {
            let p = l.projects.get(*project);
            let names = p.map_or_else(String::new, |p| {
                let m = p.milestones.get(*milestone).map_or("", |m| m.name.as_str());
                format!("{} / {m}", p.name)
            });
            match done {
                Some(d) => format!("{} {names} ({d})", t.crossed_off),
                None => format!("{} {names}", t.unmarked),
            }
        }
        Change::AddUpdate { project, update } => {
            let name = l.projects.get(*project).map_or("", |p| p.name.as_str());
            format!("{} {name}: {}", t.updates, update.text)
        }
        Change::RemoveLastUpdate { project, .. } => {
            let name = l.projects.get(*project).map_or("", |p| p.name.as_str());
            format!("{} {name} −1", t.updates)
        }
        Change::PledgeProgress {
            unit,
            pledge,
            progress,
        } => {
            let text = l
                .units
                .get(*unit)
                .and_then(|u| u.pledges.get(*pledge))
                .map_or("", |p| p.text.as_str());
            let v = progress.map_or_else(|| "—".to_string(), crate::ledger::number::display);
            format!("{} {text}: {v}", t.col_pledges)
        }
    }
}

/// The value a change sets and the value the ledger holds now, in words (for a conflict).
pub fn values_of(app: &App, change: &Change) -> (String, String) {
    let t = app.text();
    let done_by = |done: &Option<NaiveDate>, by: &Option<compact_str::CompactString>| match done {
        Some(d) => format!(
            "{} {d}{}",
            t.crossed_off,
            by.as_deref().map(|b| format!(" ({b})")).unwrap_or_default()
        ),
        None => t.not_crossed_off.to_string(),
    };
    let number =
        |x: &Option<f64>| x.map_or_else(|| "—".to_string(), crate::ledger::number::display);
    let l = &app.ledger;
    match change {
        Change::MilestoneDone {
            project,
            milestone,
            done,
            by,
        } => {
            let now = l
                .projects
                .get(*project)
                .and_then(|p| p.milestones.get(*milestone));
            (
                done_by(done, by),
                now.map_or_else(String::new, |m| done_by(&m.done, &m.by)),
            )
        }
        Change::PledgeProgress {
            unit,
            pledge,
            progress,
        } => {
            let now = l
                .units
                .get(*unit)
                .and_then(|u| u.pledges.get(*pledge))
                .map(|p| p.progress);
            (
                number(progress),
                now.map_or_else(String::new, |x| number(&x)),
            )
        }
        other => (describe(app, other), String::new()),
    }
}
