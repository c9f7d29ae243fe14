//! `update`: the only place UI state changes. It does no I/O; it returns the effects the
//! loop must carry out.

use chrono::NaiveDate;

use crate::ledger::{Change, Update, parse_date};
use crate::rules::{self, ProgressError};

use super::action::{Action, Effect};
use super::app::{
    App, CrossOffDialog, DateProblem, Focus, InputField, InputPurpose, Mode, Picker, View,
};
use super::i18n::fill;
use super::keymap::VIEW_ORDER;
use super::saving::{self, commit, error, info, ok};

/// Applies one action to the state; returns what the loop must do next.
pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    match action {
        Action::Quit => return saving::quit(app),
        Action::Resize(w, h) => {
            app.size = (w, h);
            app.clamp_all();
        }
        Action::Saved { seq, result } => return saving::saved(app, seq, result),
        Action::LockWait(holder) => saving::lock_wait(app, holder),
        Action::Reloaded(result) => return saving::reloaded(app, *result),
        Action::BriefWritten(result) => {
            app.status = Some(match result {
                Ok(path) => ok(format!("{} → {path}", app.text().brief_written)),
                Err(e) => error(e),
            });
        }
        Action::ChangedOnDisk => return saving::external_change(app),
        Action::Suspend => return vec![Effect::Suspend],
        Action::DayChanged(day) => {
            if !app.today_fixed && day != app.today {
                app.today = day;
                app.refresh_all();
            }
        }
        other => match app.mode.clone() {
            Mode::Browse => return browse(app, other),
            Mode::Picker(p) => picker(app, p, other),
            Mode::Search => search(app, other),
            Mode::Input(field) => return input(app, field, other),
            Mode::CrossOff(d) => return cross_off_dialog(app, d, other),
            Mode::Unmark(at) => match other {
                Action::Confirm => {
                    app.mode = Mode::Browse;
                    let change = Change::MilestoneDone {
                        project: at.project,
                        milestone: at.milestone,
                        done: None,
                        by: None,
                    };
                    return commit(app, change);
                }
                Action::Cancel => app.mode = Mode::Browse,
                _ => {}
            },
            Mode::ConfirmQuit => match other {
                Action::Confirm => return saving::confirm_quit(app, true),
                Action::Cancel => return saving::confirm_quit(app, false),
                _ => {}
            },
            Mode::Conflict(d) => match other {
                Action::KeepMine => return saving::resolve(app, d, true),
                Action::KeepTheirs => return saving::resolve(app, d, false),
                _ => {}
            },
            Mode::Help { scroll } => match other {
                Action::ToggleHelp | Action::Cancel => app.mode = Mode::Browse,
                Action::Up => {
                    app.mode = Mode::Help {
                        scroll: scroll.saturating_sub(1),
                    }
                }
                Action::Down => {
                    app.mode = Mode::Help {
                        scroll: scroll.saturating_add(1),
                    }
                }
                _ => {}
            },
        },
    }
    Vec::new()
}

fn page(app: &App) -> usize {
    app.body_height().saturating_sub(4).max(1)
}

fn browse(app: &mut App, action: Action) -> Vec<Effect> {
    match action {
        Action::NextView | Action::PrevView => {
            let i = VIEW_ORDER.iter().position(|v| *v == app.view).unwrap_or(0);
            let n = VIEW_ORDER.len();
            let next = if matches!(action, Action::NextView) {
                (i + 1) % n
            } else {
                (i + n - 1) % n
            };
            show(app, VIEW_ORDER[next]);
        }
        Action::ShowView(v) => show(app, v),
        Action::Up => move_by(app, -1),
        Action::Down => move_by(app, 1),
        Action::PageUp => move_by(app, -(page(app) as isize)),
        Action::PageDown => move_by(app, page(app) as isize),
        Action::Home => move_by(app, isize::MIN / 2),
        Action::End => move_by(app, isize::MAX / 2),
        Action::FocusRight => {
            if matches!(app.view, View::Projects | View::Units) {
                app.focus = Focus::Milestones;
                if app.view == View::Projects {
                    // Land on the next open milestone, where work is.
                    if let Some(p) = app.selected_project() {
                        let ms = &app.ledger.projects[p].milestones;
                        app.milestones.selected = ms
                            .iter()
                            .enumerate()
                            .filter(|(_, m)| m.done.is_none())
                            .min_by_key(|(_, m)| m.due)
                            .map_or(0, |(i, _)| i);
                    }
                }
                app.clamp_all();
            }
        }
        Action::FocusLeft => app.focus = Focus::Table,
        Action::CycleSort => {
            app.sort = app.sort.next();
            app.refresh_rows();
        }
        Action::OpenPicker => {
            app.mode = Mode::Picker(Picker {
                query: String::new(),
                selected: app.filter.unit.map_or(0, |u| u + 1),
            })
        }
        Action::StartSearch => app.mode = Mode::Search,
        Action::CycleColour => {
            app.filter.colour = match app.filter.colour {
                None => Some(super::app::ColourFilter::RedYellow),
                Some(c) => Some(c.next()).filter(|c| *c != super::app::ColourFilter::All),
            };
            app.refresh_rows();
        }
        Action::ClearFilters => {
            if app.focus == Focus::Milestones {
                app.focus = Focus::Table;
            } else if !app.filter.is_empty() {
                app.filter = Default::default();
                app.refresh_rows();
            }
        }
        Action::ToggleHelp => app.mode = Mode::Help { scroll: 0 },
        Action::ToggleWall => {
            app.wall = !app.wall;
            if app.view != View::Timeline {
                show(app, View::Timeline);
            }
            app.timeline = Default::default();
            app.ensure_timeline();
            app.clamp_all();
        }
        Action::CrossOff => start_cross_off(app),
        Action::Undo => return saving::undo_redo(app, true),
        Action::Redo => return saving::undo_redo(app, false),
        Action::AddUpdate => start_update(app),
        Action::EditProgress => start_progress(app),
        Action::WriteBrief => return vec![Effect::WriteBrief],
        Action::Reload => return saving::request_reload(app),
        Action::RetrySave => return saving::retry(app),
        _ => {}
    }
    Vec::new()
}

fn show(app: &mut App, view: View) {
    app.view = view;
    app.focus = Focus::Table;
    if view == View::Timeline {
        app.ensure_timeline();
    }
    app.clamp_all();
}

fn move_by(app: &mut App, delta: isize) {
    let step = |s: &mut super::app::Scroll| {
        s.selected = s.selected.saturating_add_signed(delta);
    };
    match (app.view, app.focus) {
        (View::Projects, Focus::Table) => {
            step(&mut app.projects);
            app.milestones = Default::default();
        }
        (View::Projects, Focus::Milestones) => step(&mut app.milestones),
        (View::Units, Focus::Table) => {
            step(&mut app.units);
            app.pledges = Default::default();
        }
        (View::Units, Focus::Milestones) => step(&mut app.pledges),
        (View::Timeline, _) if app.wall => step(&mut app.timeline),
        (View::Timeline, _) => move_in_timeline(app, delta),
        (View::Overview, _) => step(&mut app.overview),
    }
    app.clamp_all();
}

/// Moves among milestone rows only, skipping month headers and the today marker.
fn move_in_timeline(app: &mut App, delta: isize) {
    let rows = app.timeline_rows();
    let is_item = |i: usize| matches!(rows.get(i), Some(super::app::TimelineRow::Milestone(_)));
    let items: Vec<usize> = (0..rows.len()).filter(|&i| is_item(i)).collect();
    if items.is_empty() {
        return;
    }
    let here = items
        .iter()
        .position(|&i| i >= app.timeline.selected)
        .unwrap_or(items.len() - 1);
    let target = here.saturating_add_signed(delta).min(items.len() - 1);
    app.timeline.selected = items[target];
    // Show the header above the first item.
    if target == 0 {
        app.timeline.offset = 0;
    }
}

fn start_cross_off(app: &mut App) {
    if app.file.read_only {
        app.status = Some(error(format!(
            "{}: {}",
            app.text().read_only,
            app.file_name()
        )));
        return;
    }
    let Some(at) = app.target_milestone() else {
        app.status = Some(info(app.text().no_milestone.to_string()));
        return;
    };
    let m = &app.ledger.projects[at.project].milestones[at.milestone];
    app.mode = if m.done.is_some() {
        Mode::Unmark(at)
    } else {
        Mode::CrossOff(CrossOffDialog {
            at,
            date: app.today.to_string(),
            error: None,
        })
    };
}

fn cross_off_dialog(app: &mut App, mut d: CrossOffDialog, action: Action) -> Vec<Effect> {
    match action {
        Action::Confirm => match done_date(d.date.trim(), app.today) {
            Ok(done) => {
                app.mode = Mode::Browse;
                let change = Change::MilestoneDone {
                    project: d.at.project,
                    milestone: d.at.milestone,
                    done: Some(done),
                    by: Some(app.user.clone()),
                };
                return commit(app, change);
            }
            Err(problem) => {
                d.error = Some(problem);
                app.mode = Mode::CrossOff(d);
            }
        },
        Action::Cancel => app.mode = Mode::Browse,
        Action::Backspace => {
            d.date.pop();
            d.error = None;
            app.mode = Mode::CrossOff(d);
        }
        Action::Input(c) if d.date.chars().count() < 10 && (c.is_ascii_digit() || c == '-') => {
            d.date.push(c);
            d.error = None;
            app.mode = Mode::CrossOff(d);
        }
        _ => {}
    }
    Vec::new()
}

/// The typed done date, or why it is refused.
fn done_date(text: &str, today: NaiveDate) -> Result<NaiveDate, DateProblem> {
    let done = parse_date(text).map_err(|_| {
        // `parse_date` refuses a bad shape and an impossible day alike; tell them apart.
        let shape = text.len() == 10
            && text.bytes().enumerate().all(|(i, b)| match i {
                4 | 7 => b == b'-',
                _ => b.is_ascii_digit(),
            });
        if shape {
            DateProblem::NoSuchDay
        } else {
            DateProblem::Shape
        }
    })?;
    rules::check_done_date(done, today).map_err(|_| DateProblem::AfterToday)?;
    Ok(done)
}

fn start_update(app: &mut App) {
    if app.view != View::Projects {
        return;
    }
    if app.file.read_only {
        app.status = Some(error(format!(
            "{}: {}",
            app.text().read_only,
            app.file_name()
        )));
        return;
    }
    if let Some(project) = app.selected_project() {
        app.mode = Mode::Input(InputField {
            purpose: InputPurpose::Update { project },
            text: String::new(),
            error: None,
        });
    }
}

fn start_progress(app: &mut App) {
    if app.view != View::Units {
        return;
    }
    if app.file.read_only {
        app.status = Some(error(format!(
            "{}: {}",
            app.text().read_only,
            app.file_name()
        )));
        return;
    }
    let Some(unit) = app.selected_unit() else {
        return;
    };
    let pledge = app.pledges.selected;
    let Some(p) = app.ledger.units[unit].pledges.get(pledge) else {
        return;
    };
    app.focus = Focus::Milestones;
    app.mode = Mode::Input(InputField {
        purpose: InputPurpose::Progress { unit, pledge },
        text: p.progress.map(format_number).unwrap_or_default(),
        error: None,
    });
}

fn format_number(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

fn input(app: &mut App, mut field: InputField, action: Action) -> Vec<Effect> {
    match action {
        Action::Confirm => {
            let text = field.text.trim().to_string();
            let change = match field.purpose {
                InputPurpose::Update { project } => {
                    if text.is_empty() {
                        app.mode = Mode::Browse;
                        return Vec::new();
                    }
                    let (text, _) = crate::ledger::sanitize::clean(text);
                    Change::AddUpdate {
                        project,
                        update: Update {
                            date: app.today,
                            text,
                            by: Some(app.user.clone()),
                        },
                    }
                }
                InputPurpose::Progress { unit, pledge } => {
                    let value = if text.is_empty() {
                        None
                    } else {
                        // Not a number parses as NaN, which the check refuses as out of range.
                        Some(text.parse::<f64>().unwrap_or(f64::NAN))
                    };
                    let checked = app
                        .ledger
                        .units
                        .get(unit)
                        .and_then(|u| u.pledges.get(pledge))
                        .map_or(Ok(()), |p| rules::check_progress(p, value));
                    if let Err(e) = checked {
                        let t = app.text();
                        field.error = Some(
                            match e {
                                ProgressError::NoTarget => t.progress_without_target,
                                ProgressError::OutOfRange(_) => t.not_a_number,
                            }
                            .to_string(),
                        );
                        app.mode = Mode::Input(field);
                        return Vec::new();
                    }
                    Change::PledgeProgress {
                        unit,
                        pledge,
                        progress: value,
                    }
                }
            };
            app.mode = Mode::Browse;
            return commit(app, change);
        }
        Action::Cancel => app.mode = Mode::Browse,
        Action::Backspace => {
            field.text.pop();
            field.error = None;
            app.mode = Mode::Input(field);
        }
        Action::Input(c) => {
            let limit = input_limit(field.purpose);
            field.error = type_into(&mut field.text, &c.to_string(), limit)
                .then(|| fill(app.text().too_long, limit));
            app.mode = Mode::Input(field);
        }
        Action::Paste(text) => {
            let limit = input_limit(field.purpose);
            field.error =
                type_into(&mut field.text, &text, limit).then(|| fill(app.text().too_long, limit));
            app.mode = Mode::Input(field);
        }
        _ => {}
    }
    Vec::new()
}

/// The most characters a field takes: a progress line is a sentence, a number is short.
fn input_limit(purpose: InputPurpose) -> usize {
    match purpose {
        InputPurpose::Update { .. } => MAX_LINE,
        InputPurpose::Progress { .. } => 20,
    }
}

/// A progress line, a name: longer than this is a paste gone wrong.
pub const MAX_LINE: usize = 500;
/// A search or a unit name being typed.
pub const MAX_QUERY: usize = 100;

/// Appends typed or pasted text to a field, as one line (line breaks and tabs become spaces,
/// other control characters are dropped), keeping within `limit` characters. True when
/// something was cut. Linear in what is added, whatever the field already holds.
fn type_into(field: &mut String, text: &str, limit: usize) -> bool {
    let mut have = field.chars().count();
    for c in text.chars() {
        let c = match c {
            '\n' | '\r' | '\t' => ' ',
            c if crate::ledger::sanitize::is_unsafe(c) => continue,
            c => c,
        };
        if have >= limit {
            return true;
        }
        field.push(c);
        have += 1;
    }
    false
}

/// Picker rows: `None` is "all units", then the units whose names contain the query.
pub fn picker_rows(app: &App, query: &str) -> Vec<Option<usize>> {
    let mut rows = vec![None];
    rows.extend(
        app.ledger
            .units
            .iter()
            .enumerate()
            .filter(|(_, u)| query.is_empty() || u.name.contains(query))
            .map(|(i, _)| Some(i)),
    );
    if !query.is_empty() && rows.len() > 1 {
        rows.remove(0);
    }
    rows
}

fn picker(app: &mut App, mut p: Picker, action: Action) {
    let rows = picker_rows(app, &p.query);
    match action {
        Action::Up => p.selected = p.selected.saturating_sub(1),
        Action::Down => p.selected = (p.selected + 1).min(rows.len().saturating_sub(1)),
        Action::Input(c) => {
            type_into(&mut p.query, &c.to_string(), MAX_QUERY);
            p.selected = 0;
        }
        Action::Paste(text) => {
            type_into(&mut p.query, &text, MAX_QUERY);
            p.selected = 0;
        }
        Action::Backspace => {
            p.query.pop();
            p.selected = 0;
        }
        Action::Confirm => {
            if let Some(choice) = rows.get(p.selected) {
                app.filter.unit = *choice;
                app.refresh_rows();
                // A new filter starts at the top, not following the old selection.
                app.projects = Default::default();
                app.units = Default::default();
                app.timeline = Default::default();
                app.derived.timeline = None;
                if app.view == View::Timeline {
                    app.ensure_timeline();
                }
                app.clamp_all();
            }
            app.mode = Mode::Browse;
            return;
        }
        Action::Cancel => {
            app.mode = Mode::Browse;
            return;
        }
        _ => {}
    }
    app.mode = Mode::Picker(p);
}

fn search(app: &mut App, action: Action) {
    match action {
        Action::Input(_) | Action::Paste(_) => {
            let typed = match action {
                Action::Input(c) => c.to_string(),
                Action::Paste(text) => text,
                _ => String::new(),
            };
            if type_into(&mut app.filter.search, &typed, MAX_QUERY) {
                app.status = Some(error(fill(app.text().too_long, MAX_QUERY)));
            }
            // A new search starts at the top (a refresh otherwise follows the selection).
            app.refresh_rows();
            app.projects.selected = 0;
            app.clamp_all();
        }
        Action::Backspace => {
            app.filter.search.pop();
            app.refresh_rows();
        }
        Action::Confirm => app.mode = Mode::Browse,
        Action::Cancel => {
            app.filter.search.clear();
            app.refresh_rows();
            app.mode = Mode::Browse;
        }
        _ => {}
    }
}

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
            let v = progress.map_or_else(|| "—".to_string(), format_number);
            format!("{} {text}: {v}", t.col_pledges)
        }
    }
}

/// The value a change sets and the value the ledger holds now, in words (for a conflict).
pub fn values_of(app: &App, change: &Change) -> (String, String) {
    let t = app.text();
    let done_by = |done: &Option<NaiveDate>, by: &Option<String>| match done {
        Some(d) => format!(
            "{} {d}{}",
            t.crossed_off,
            by.as_deref().map(|b| format!(" ({b})")).unwrap_or_default()
        ),
        None => t.not_crossed_off.to_string(),
    };
    let number = |x: &Option<f64>| x.map_or_else(|| "—".to_string(), format_number);
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

/// Today's date from the clock, for the loop's day-change check.
pub fn clock_today() -> NaiveDate {
    chrono::Local::now().date_naive()
}
