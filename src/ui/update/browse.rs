//! Browsing: moving, switching views, filters, and starting an edit.

use super::saving::{self, error, info};
use crate::rules;
use crate::ui::action::{Action, Effect};
use crate::ui::app::{
    App, CrossOffDialog, Focus, InputField, InputPurpose, Mode, Picker, TextField, View,
};
use crate::ui::keymap::VIEW_ORDER;

fn page(app: &App) -> usize {
    app.body_height().saturating_sub(4).max(1)
}

pub(super) fn browse(app: &mut App, action: Action) -> Vec<Effect> {
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
                app.focus = Focus::Detail;
                if app.view == View::Projects {
                    // Land on the next open milestone, where work is.
                    if let Some(p) = app.selected_project() {
                        app.milestones.selected =
                            rules::next_open_index(&app.ledger.projects[p]).unwrap_or(0);
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
                query: TextField::default(),
                selected: app.filter.unit.map_or(0, |u| u + 1),
            })
        }
        Action::StartSearch => app.mode = Mode::Search(TextField::new(&app.filter.search)),
        Action::CycleColour => {
            app.filter.colour = match app.filter.colour {
                None => Some(crate::ui::app::ColourFilter::RedYellow),
                Some(c) => Some(c.next()).filter(|c| *c != crate::ui::app::ColourFilter::All),
            };
            app.refresh_rows();
        }
        Action::ClearFilters => {
            if app.focus == Focus::Detail {
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
        // On a pledge, 销号 closes it (or opens it again).
        Action::CrossOff if app.view == View::Units => {
            if writable(app)
                && let Some(effects) = super::forms::close_pledge(app)
            {
                return effects;
            }
        }
        Action::CrossOff => start_cross_off(app),
        Action::Undo => return saving::undo_redo(app, true),
        Action::Redo => return saving::undo_redo(app, false),
        Action::AddUpdate => start_update(app),
        Action::EditProgress => start_progress(app),
        Action::Invest
        | Action::MoveDue
        | Action::AddItem
        | Action::AddOuter
        | Action::EditItem
            if writable(app) =>
        {
            super::forms::open(app, action);
        }
        Action::RemoveItem => {
            if writable(app)
                && let Some(at) = super::forms::selected_item(app)
            {
                app.mode = Mode::ConfirmRemove(at);
            }
        }
        Action::OpenEditor => return super::editor::open(app),
        Action::History => {
            let project = app
                .selected_project()
                .filter(|_| app.view == View::Projects);
            let milestone = match app.focus {
                Focus::Detail => app.target_milestone().map(|m| m.milestone),
                Focus::Table => None,
            };
            return vec![Effect::History {
                project,
                milestone: milestone.filter(|_| project.is_some()),
            }];
        }
        Action::Sync => {
            if app.saving.is_some() || !app.unsaved.is_empty() {
                app.status = Some(error(app.text().sync_busy.to_string()));
                return Vec::new();
            }
            app.status = Some(info(app.text().syncing.to_string()));
            return vec![Effect::Sync {
                clash: crate::ledger::merge::Clash::Report,
                choices: Vec::new(),
            }];
        }
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
    match view {
        View::Timeline => app.ensure_timeline(),
        View::Overview => app.ensure_totals(),
        View::Units => app.ensure_led_rows(),
        View::Projects => {}
    }
    app.clamp_all();
}

fn move_by(app: &mut App, delta: isize) {
    let step = |s: &mut crate::ui::app::Scroll| {
        s.selected = s.selected.saturating_add_signed(delta);
    };
    match (app.view, app.focus) {
        (View::Projects, Focus::Table) => {
            step(&mut app.projects);
            app.milestones = Default::default();
        }
        (View::Projects, Focus::Detail) => step(&mut app.milestones),
        (View::Units, Focus::Table) => {
            step(&mut app.units);
            app.pledges = Default::default();
        }
        (View::Units, Focus::Detail) => step(&mut app.pledges),
        (View::Timeline, _) if app.wall => step(&mut app.timeline),
        (View::Timeline, _) => move_in_timeline(app, delta),
        (View::Overview, _) => step(&mut app.overview),
    }
    app.clamp_all();
}

/// Moves among milestone rows only, skipping month headers and the today marker: from
/// the selection, `delta` milestone rows on, stopping at the first or last. Headers are
/// few, so this looks at little more than the rows it passes.
fn move_in_timeline(app: &mut App, delta: isize) {
    let rows = app.timeline_rows();
    let len = rows.len();
    let first = (0..len).find(|&i| rows.is_milestone(i));
    let Some(first) = first else {
        return;
    };
    // The milestone row at or after the selection, else the last one.
    let here = (app.timeline.selected..len)
        .find(|&i| rows.is_milestone(i))
        .or_else(|| (0..len).rev().find(|&i| rows.is_milestone(i)))
        .unwrap_or(first);
    let mut at = here;
    for _ in 0..delta.unsigned_abs() {
        let next = if delta > 0 {
            (at + 1..len).find(|&i| rows.is_milestone(i))
        } else {
            (0..at).rev().find(|&i| rows.is_milestone(i))
        };
        match next {
            Some(i) => at = i,
            None => break,
        }
    }
    app.timeline.selected = at;
    // Show the header above the first item.
    if at == first {
        app.timeline.offset = 0;
    }
}

fn start_cross_off(app: &mut App) {
    if !writable(app) {
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
            date: TextField::new(&app.today.to_string()),
            error: None,
        })
    };
}

fn start_update(app: &mut App) {
    if app.view != View::Projects {
        return;
    }
    if !writable(app) {
        return;
    }
    if let Some(project) = app.selected_project() {
        app.mode = Mode::Input(InputField {
            purpose: InputPurpose::Update { project },
            text: TextField::default(),
            error: None,
        });
    }
}

fn start_progress(app: &mut App) {
    if app.view != View::Units {
        return;
    }
    if !writable(app) {
        return;
    }
    let Some(unit) = app.selected_unit() else {
        return;
    };
    let pledge = app.pledges.selected;
    let Some(p) = app.ledger.units[unit].pledges.get(pledge) else {
        return;
    };
    app.focus = Focus::Detail;
    app.mode = Mode::Input(InputField {
        purpose: InputPurpose::Progress { unit, pledge },
        text: TextField::new(
            &p.progress
                .map(crate::ledger::number::literal)
                .unwrap_or_default(),
        ),
        error: None,
    });
}

/// Whether the ledger may be changed; says why not on the status line. Every edit asks this
/// one question before it starts.
pub(super) fn writable(app: &mut App) -> bool {
    if app.file.read_only {
        app.status = Some(error(format!(
            "{}: {}",
            app.text().read_only,
            app.file_name()
        )));
    }
    !app.file.read_only
}
