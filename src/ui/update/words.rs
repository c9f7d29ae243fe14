//! Changes in words, for the status line and the conflict dialog.

use chrono::NaiveDate;

use crate::ledger::change::{Fields, Item, Kind, Refusal};
use crate::ledger::number::display;
use crate::ledger::{Change, ChangeError};
use crate::ui::app::App;
use crate::ui::i18n::{EditTexts, fill, fill_all};

fn kind_word(t: &EditTexts, k: Kind) -> &'static str {
    match k {
        Kind::Unit => t.unit,
        Kind::Pledge => t.pledge,
        Kind::Project => t.project,
        Kind::Milestone => t.milestone,
    }
}

/// Why a change was refused, in the interface's language.
pub fn refusal_text(t: &EditTexts, r: &Refusal) -> String {
    match r {
        Refusal::EmptyName(k) => fill(t.empty_name, kind_word(t, *k)),
        Refusal::DuplicateName(k, n) => fill_all(t.duplicate_name, &[&kind_word(t, *k), n]),
        Refusal::UnknownUnit(n) => fill(t.unknown_unit, n),
        Refusal::UnknownCategory(c) => fill(t.unknown_category, c),
        Refusal::UnitInUse(u, projects) => fill_all(t.unit_in_use, &[u, &projects.join("、")]),
        Refusal::BadAmount(what, x) => fill_all(t.bad_amount, &[what, &display(*x)]),
        Refusal::DoneTooEarly(d) => fill(t.done_too_early, d),
        Refusal::TargetWithoutMeasure => t.target_without_measure.to_string(),
        Refusal::MonthWithoutInvestment => t.month_without_investment.to_string(),
        Refusal::BadMonth(m) => fill(t.bad_month, m),
        Refusal::ProgressWithoutTarget => t.progress_without_target.to_string(),
    }
}

/// A change's failure in words: the ledger's rules in the interface's language.
pub fn change_error_text(app: &App, e: &ChangeError) -> String {
    match e {
        ChangeError::Rejected(r) => refusal_text(&app.text().edits, r),
        other => other.to_string(),
    }
}

/// The item a form's change is about, by name (`project / milestone` for a milestone).
fn item_name(app: &App, item: Item, own: &str) -> String {
    let l = &app.ledger;
    match item {
        Item::Milestone { project, .. } => {
            let p = l.projects.get(project).map_or("", |p| p.name.as_str());
            format!("{p} / {own}")
        }
        Item::Pledge { unit, .. } => {
            let u = l.units.get(unit).map_or("", |u| u.name.as_str());
            format!("{u} / {own}")
        }
        _ => own.to_string(),
    }
}

/// The item at `at`, by name, for a form's title.
pub fn item_words(app: &App, at: Item) -> String {
    match crate::ledger::change::fields_of(&app.ledger, at) {
        Some(f) => item_name(app, at, f.name()),
        None => String::new(),
    }
}

/// A form's change in words: what it did, found by comparing it with what it replaced.
fn describe_form(app: &App, change: &Change, before: &Change) -> Option<String> {
    let e = &app.text().edits;
    Some(match (change, before) {
        (Change::Set { item, fields }, Change::Set { fields: was, .. }) => {
            let kind = kind_word(e, item.kind());
            let name = item_name(app, *item, fields.name());
            if was.name() != fields.name() {
                return Some(fill_all(e.renamed, &[&kind, &was.name(), &fields.name()]));
            }
            match (fields.as_ref(), was.as_ref()) {
                (Fields::Milestone(m), Fields::Milestone(w)) if m.due != w.due => {
                    fill_all(e.moved, &[&name, &w.due, &m.due])
                }
                (Fields::Project(p), Fields::Project(w)) if p.monthly != w.monthly => {
                    let month = |m: u32| crate::ledger::month_text(app.ledger.year, m);
                    let set = p.monthly.iter().find(|m| !w.monthly.contains(m));
                    let gone = w
                        .monthly
                        .iter()
                        .find(|m| !p.monthly.iter().any(|n| n.month == m.month));
                    match (set, gone) {
                        (Some(m), _) => {
                            fill_all(e.month_done, &[&name, &month(m.month), &display(m.done)])
                        }
                        (None, Some(m)) => fill_all(e.month_cleared, &[&name, &month(m.month)]),
                        (None, None) => fill_all(e.edited, &[&kind, &name]),
                    }
                }
                (Fields::Project(p), Fields::Project(w)) if p.investment != w.investment => {
                    fill(e.investment, &name)
                }
                (Fields::Pledge(p), Fields::Pledge(w)) if p.done.is_some() && w.done.is_none() => {
                    format!("{} {name}", e.pledge_closed)
                }
                (Fields::Pledge(p), Fields::Pledge(w)) if p.done.is_none() && w.done.is_some() => {
                    format!("{} {name}", e.pledge_reopened)
                }
                _ => fill_all(e.edited, &[&kind, &name]),
            }
        }
        (Change::Add { at, item }, _) => {
            let name = item_name(app, *at, item.name());
            fill_all(e.added, &[&kind_word(e, at.kind()), &name])
        }
        (Change::Remove { at }, Change::Add { item, .. }) => {
            let name = item_name(app, *at, item.name());
            fill_all(e.removed, &[&kind_word(e, at.kind()), &name])
        }
        (Change::Exactly { change, .. }, _) => describe(app, change, before),
        _ => return None,
    })
}

/// A short description of a change, for the status line; `before` is its inverse (what
/// it replaced).
pub fn describe(app: &App, change: &Change, before: &Change) -> String {
    if let Some(words) = describe_form(app, change, before) {
        return words;
    }
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
        // Described above.
        Change::Set { .. }
        | Change::Add { .. }
        | Change::Remove { .. }
        | Change::Exactly { .. } => String::new(),
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
        other => (describe(app, other, other), String::new()),
    }
}
