//! Dialogs and typing: the cross-off date, a progress line or a pledge's figure, the unit
//! picker, the search, the help, quitting with unsaved changes, and conflicts.

use chrono::NaiveDate;

use super::saving::{self, commit, error};
use crate::ledger::{Change, Update, WhenError, parse_when};
use crate::rules::{self, ProgressError};
use crate::ui::action::{Action, Effect};
use crate::ui::app::{
    App, CrossOffDialog, DateProblem, InputField, InputPurpose, LineEdit, Mode, Picker, TextField,
    View,
};
use crate::ui::i18n::fill;

/// A key in a dialog, a field, the picker, the search or the help.
pub(super) fn dialog(app: &mut App, mode: Mode, action: Action) -> Vec<Effect> {
    match mode {
        Mode::Browse => {}
        Mode::Picker(p) => picker(app, p, action),
        Mode::Search(field) => search(app, field, action),
        Mode::Input(field) => return input(app, field, action),
        Mode::Form(form) => return super::forms::key(app, form, action),
        Mode::DraftProblems(d) => return super::editor::problems(app, d, action),
        Mode::ConfirmRemove(at) => match action {
            // A unit projects still name cannot go: the dialog only says why.
            Action::Confirm if in_use(app, at) => {}
            Action::Confirm => {
                app.mode = Mode::Browse;
                return commit(app, Change::Remove { at });
            }
            Action::Cancel => app.mode = Mode::Browse,
            _ => {}
        },
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
        Mode::SyncConflict(choice) => return sync_choice(app, choice, action),
        Mode::SyncPassword(said) => match action {
            Action::Confirm => {
                app.mode = Mode::Browse;
                app.status = Some(saving::info(app.text().syncing.to_string()));
                return vec![Effect::SyncInTerminal];
            }
            Action::Cancel => {
                app.mode = Mode::Browse;
                app.status = Some(saving::error(app.text().password_declined.to_string()));
            }
            _ => app.mode = Mode::SyncPassword(said),
        },
        Mode::History { lines, scroll } => match action {
            Action::ToggleHelp | Action::Cancel => app.mode = Mode::Browse,
            Action::Up | Action::Down => {
                let scroll = if action == Action::Up {
                    scroll.saturating_sub(1)
                } else {
                    scroll.saturating_add(1)
                };
                app.mode = Mode::History { lines, scroll };
            }
            _ => app.mode = Mode::History { lines, scroll },
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

fn in_use(app: &App, at: crate::ledger::change::Item) -> bool {
    matches!(at, crate::ledger::change::Item::Unit(u)
        if !crate::ledger::change::projects_naming(&app.ledger, u).is_empty())
}

fn cross_off_dialog(app: &mut App, mut d: CrossOffDialog, action: Action) -> Vec<Effect> {
    match action {
        Action::Confirm => match done_date(d.date.as_str().trim(), app.today, app.ledger.year) {
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
        Action::Backspace | Action::Edit(_) => {
            if d.date.edit(line_edit(action)) {
                d.error = None;
            }
            app.mode = Mode::CrossOff(d);
        }
        // Any date as the office writes it (6月14日, 2018/6/14 …), up to a short phrase.
        Action::Input(c) => {
            if !d.date.insert(c.encode_utf8(&mut [0; 4]), 16) {
                d.error = None;
            }
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
        _ => DateProblem::Shape,
    })?;
    rules::check_done_date(done, today).map_err(|_| DateProblem::AfterToday)?;
    Ok(done)
}

fn input(app: &mut App, mut field: InputField, action: Action) -> Vec<Effect> {
    match action {
        Action::Confirm => {
            let text = field.text.as_str().trim().to_string();
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
        Action::Backspace | Action::Edit(_) => {
            if field.text.edit(line_edit(action)) {
                field.error = None;
            }
            app.mode = Mode::Input(field);
        }
        Action::Input(c) => {
            app.mode = Mode::Input(field);
            type_text(app, c.encode_utf8(&mut [0; 4]));
        }
        _ => app.mode = Mode::Input(field),
    }
    Vec::new()
}

/// Typed or pasted text, into whatever takes text now: a field, the search, the picker.
pub(super) fn type_text(app: &mut App, text: &str) {
    let too_long = app.text().too_long;
    let mut searched = None;
    match &mut app.mode {
        Mode::Input(field) => {
            let limit = input_limit(field.purpose);
            field.error = field
                .text
                .insert(text, limit)
                .then(|| fill(too_long, limit));
        }
        Mode::Picker(p) => {
            p.query.insert(text, MAX_QUERY);
            p.selected = 0;
        }
        Mode::Search(field) => searched = Some(field.insert(text, MAX_QUERY)),
        Mode::Form(form) => super::forms::type_into(form, text),
        _ => {}
    }
    if let Some(cut) = searched {
        if cut {
            app.status = Some(error(fill(too_long, MAX_QUERY)));
        }
        search_changed(app);
    }
}

/// The edit a key makes in a line being typed (Backspace is one of them).
pub(super) fn line_edit(action: Action) -> LineEdit {
    match action {
        Action::Edit(e) => e,
        _ => LineEdit::DeleteBack,
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

/// Picker rows: `None` is "all units", then the units the query finds, best first: the
/// name itself, then by full pinyin (nonggongwei), by initials (ngw), then the names that
/// contain the query; in ledger order within each.
pub fn picker_rows(app: &App, query: &str) -> Vec<Option<usize>> {
    use crate::ledger::{names, pinyin};
    let mut rows = vec![None];
    let read = pinyin::Query::new(query);
    let same = names::fold(query).to_lowercase();
    let mut found: Vec<(u8, usize)> = (app.ledger.units.iter().enumerate())
        .filter_map(|(i, u)| {
            // As the search compares: full-width forms alike, Latin letters in either case.
            let contains = crate::ui::app::search_matches(&u.name, query);
            // Readings only for a query that can be pinyin: not for every key.
            let by_reading = || {
                let q = read.as_ref()?;
                pinyin::Reading::of(&u.name, u.pinyin.as_deref()).within(q)
            };
            let rank = if contains && names::fold(&u.name).to_lowercase() == same {
                0
            } else if let Some(tier) = by_reading() {
                1 + tier as u8
            } else if contains {
                3
            } else {
                return None;
            };
            Some((rank, i))
        })
        .collect();
    found.sort_unstable();
    rows.extend(found.into_iter().map(|(_, i)| Some(i)));
    if !query.is_empty() && rows.len() > 1 {
        rows.remove(0);
    }
    rows
}

fn picker(app: &mut App, mut p: Picker, action: Action) {
    let rows = picker_rows(app, p.query.as_str());
    match action {
        Action::Up => p.selected = p.selected.saturating_sub(1),
        Action::Down => p.selected = (p.selected + 1).min(rows.len().saturating_sub(1)),
        Action::Input(c) => {
            p.query.insert(c.encode_utf8(&mut [0; 4]), MAX_QUERY);
            p.selected = 0;
        }
        Action::Backspace | Action::Edit(_) => {
            // A changed query starts at the top; moving the cursor keeps the selection.
            let changed = p.query.edit(line_edit(action));
            p.selected = if changed { 0 } else { p.selected };
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

fn search(app: &mut App, mut field: TextField, action: Action) {
    match action {
        Action::Input(c) => {
            app.mode = Mode::Search(field);
            type_text(app, c.encode_utf8(&mut [0; 4]));
        }
        Action::Backspace | Action::Edit(_) => {
            let changed = field.edit(line_edit(action));
            app.mode = Mode::Search(field);
            if changed {
                search_changed(app);
            }
        }
        Action::Confirm => app.mode = Mode::Browse,
        Action::Cancel => {
            app.filter.search.clear();
            app.refresh_rows();
            app.mode = Mode::Browse;
        }
        _ => app.mode = Mode::Search(field),
    }
}

/// The search line changed: the filter takes it. When the new query holds the old one,
/// the rows can only shrink and keep their order, so only the rows shown are looked at
/// again; otherwise every project is. A changed search starts at the top.
fn search_changed(app: &mut App) {
    let Mode::Search(field) = &app.mode else {
        return;
    };
    let query = field.as_str().to_string();
    let narrows = query.contains(app.filter.search.as_str());
    app.filter.search = query;
    if narrows {
        app.narrow_rows();
    } else {
        app.refresh_rows();
    }
    app.projects.selected = 0;
    app.clamp_all();
}

/// The sync conflict dialog: a choice per field (`m` / `t` on the selected one, `M` / `T` for
/// all), then Enter syncs again with them; Esc leaves the ledger as ours.
fn sync_choice(
    app: &mut App,
    mut choice: crate::ui::app::SyncChoice,
    action: Action,
) -> Vec<Effect> {
    use crate::ledger::merge::{Clash, Side};
    let last = choice.lines.len().saturating_sub(1);
    match action {
        Action::Up => choice.selected = choice.selected.saturating_sub(1),
        Action::Down => choice.selected = (choice.selected + 1).min(last),
        Action::KeepMine | Action::KeepTheirs => {
            let side = if action == Action::KeepMine {
                Side::Mine
            } else {
                Side::Theirs
            };
            if let Some(p) = choice.picks.get_mut(choice.selected) {
                *p = Some(side);
            }
            // On to the next one not chosen yet.
            let next = (choice.selected + 1..=last)
                .chain(0..choice.selected)
                .find(|&i| choice.picks[i].is_none());
            choice.selected = next.unwrap_or(choice.selected);
        }
        Action::KeepAllMine | Action::KeepAllTheirs => {
            let side = if action == Action::KeepAllMine {
                Side::Mine
            } else {
                Side::Theirs
            };
            choice.picks.iter_mut().for_each(|p| *p = Some(side));
        }
        Action::Confirm => match choice.chosen() {
            Some(choices) => {
                app.mode = Mode::Browse;
                app.status = Some(saving::info(app.text().syncing.to_string()));
                return vec![Effect::Sync {
                    clash: Clash::Report,
                    choices,
                }];
            }
            None => {
                let left = choice.picks.iter().filter(|p| p.is_none()).count();
                app.status = Some(saving::error(crate::ui::i18n::fill(
                    app.text().sync_choose_all,
                    left,
                )));
            }
        },
        Action::Cancel => {
            app.mode = Mode::Browse;
            app.status = Some(saving::error(app.text().sync_left.to_string()));
            return Vec::new();
        }
        _ => {}
    }
    app.mode = Mode::SyncConflict(choice);
    Vec::new()
}
