//! Dialogs and typing: the cross-off date, a progress line or a pledge's figure, the unit
//! picker, the search, the help, quitting with unsaved changes, and conflicts.

use chrono::NaiveDate;

use super::saving::{self, commit, error};
use crate::ledger::{Change, Update, WhenError, parse_when};
use crate::rules::{self, ProgressError};
use crate::ui::action::{Action, Effect};
use crate::ui::app::{
    App, CrossOffDialog, DateProblem, InputField, InputPurpose, Mode, Picker, View,
};
use crate::ui::i18n::fill;

/// A key in a dialog, a field, the picker, the search or the help.
pub(super) fn dialog(app: &mut App, mode: Mode, action: Action) -> Vec<Effect> {
    match mode {
        Mode::Browse => {}
        Mode::Picker(p) => picker(app, p, action),
        Mode::Search => search(app, action),
        Mode::Input(field) => return input(app, field, action),
        Mode::CrossOff(d) => return cross_off_dialog(app, d, action),
        Mode::Unmark(at) => match action {
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
        Mode::ConfirmQuit(_) => match action {
            Action::Confirm => return saving::confirm_quit(app, true),
            Action::Cancel => return saving::confirm_quit(app, false),
            _ => {}
        },
        Mode::Conflict(d) => match action {
            Action::KeepMine => return saving::resolve(app, d, true),
            Action::KeepTheirs => return saving::resolve(app, d, false),
            _ => {}
        },
        Mode::Help { scroll } => match action {
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
    }
    Vec::new()
}

fn cross_off_dialog(app: &mut App, mut d: CrossOffDialog, action: Action) -> Vec<Effect> {
    match action {
        Action::Confirm => match done_date(d.date.trim(), app.today, app.ledger.year) {
            Ok(done) => {
                app.mode = Mode::Browse;
                let change = Change::MilestoneDone {
                    project: d.at.project,
                    milestone: d.at.milestone,
                    done: Some(done),
                    by: Some(app.user.as_str().into()),
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
        // Any date as the office writes it (6月14日, 2018/6/14 …), up to a short phrase.
        Action::Input(c) if d.date.chars().count() < 16 && !c.is_control() => {
            d.date.push(c);
            d.error = None;
            app.mode = Mode::CrossOff(d);
        }
        _ => {}
    }
    Vec::new()
}

/// The typed done date (as the office writes dates: `6月14日`, `2018/6/14` …, in the
/// ledger's year when none is given), or why it is refused.
fn done_date(text: &str, today: NaiveDate, year: i32) -> Result<NaiveDate, DateProblem> {
    let done = parse_when(text, year).map_err(|e| match e {
        WhenError::NoSuchDay { .. } => DateProblem::NoSuchDay,
        WhenError::NotADate(_) => DateProblem::Shape,
    })?;
    rules::check_done_date(done, today).map_err(|_| DateProblem::AfterToday)?;
    Ok(done)
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
                            text: text.into(),
                            by: Some(app.user.as_str().into()),
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
            app.mode = Mode::Input(field);
            type_text(app, c.encode_utf8(&mut [0; 4]));
        }
        _ => {}
    }
    Vec::new()
}

/// Typed or pasted text, into whatever takes text now: a field, the search, the picker.
pub(super) fn type_text(app: &mut App, text: &str) {
    let too_long = app.text().too_long;
    match &mut app.mode {
        Mode::Input(field) => {
            let limit = input_limit(field.purpose);
            field.error = type_into(&mut field.text, text, limit).then(|| fill(too_long, limit));
        }
        Mode::Picker(p) => {
            type_into(&mut p.query, text, MAX_QUERY);
            p.selected = 0;
        }
        Mode::Search => {
            if type_into(&mut app.filter.search, text, MAX_QUERY) {
                app.status = Some(error(fill(too_long, MAX_QUERY)));
            }
            // Typing only adds to the query: the rows shown can only shrink. A new search
            // starts at the top (a refresh otherwise follows the selection).
            app.narrow_rows();
            app.projects.selected = 0;
            app.clamp_all();
        }
        _ => {}
    }
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
            type_into(&mut p.query, c.encode_utf8(&mut [0; 4]), MAX_QUERY);
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
        Action::Input(c) => type_text(app, c.encode_utf8(&mut [0; 4])),
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
