//! `update`: the only place UI state changes. It does no I/O; it returns the effects the
//! loop must carry out. Split by what the user is doing: browsing the views, answering a
//! dialog or typing, and the saving that every change goes through.

mod browse;
mod dialogs;
mod editor;
mod forms;
pub mod saving;
mod words;

use chrono::NaiveDate;

use super::action::{Action, Effect, Event, Message};
use super::app::{App, Mode};
use crate::ui::i18n::fill;
use saving::{error, ok};

pub use dialogs::{MAX_LINE, MAX_QUERY, picker_rows};
pub use words::{change_error_words, describe, item_words, refusal_text, values_of, when_words};

/// Applies a key's action or a message from the loop; returns what the loop must do next.
pub fn update(app: &mut App, event: impl Into<Event>) -> Vec<Effect> {
    let mut effects = handle(app, event.into());
    // The Overview charts the history: counted while it is shown, when it changed.
    if app.view == super::app::View::Overview
        && let Some(generation) = app.trend.to_ask()
    {
        app.trend.asked_of = Some(generation);
        effects.push(Effect::Trend { generation });
    }
    effects
}

fn handle(app: &mut App, event: Event) -> Vec<Effect> {
    match event {
        Event::Message(m) => message(app, m),
        Event::Action(Action::Quit) => saving::quit(app),
        Event::Action(Action::Suspend) => vec![Effect::Suspend],
        Event::Action(a) => match app.mode.clone() {
            Mode::Browse => browse::browse(app, a),
            mode => dialogs::dialog(app, mode, a),
        },
    }
}

fn message(app: &mut App, m: Message) -> Vec<Effect> {
    match m {
        Message::Resize(w, h) => {
            app.size = (w, h);
            app.clamp_all();
        }
        Message::Paste(text) => dialogs::type_text(app, &text),
        Message::Saved { seq, result } => return saving::saved(app, seq, result),
        Message::LockWait(holder) => saving::lock_wait(app, holder),
        Message::Reloaded(result) => {
            app.trend.outdated();
            return saving::reloaded(app, *result);
        }
        Message::BriefWritten(result) => {
            app.status = Some(match result {
                Ok(path) => ok(format!("{} → {path}", app.text().brief_written)),
                Err(e) => error(crate::ui::i18n::report_error_text(app.lang, &e)),
            });
        }
        Message::ChangedOnDisk => return saving::external_change(app),
        Message::Terminate => return saving::terminate(app),
        Message::DayChanged(day) => {
            if !app.today_fixed && day != app.today {
                app.today = day;
                app.trend.outdated();
                app.refresh_all();
            }
        }
        Message::Idle => app.warm(),
        Message::Synced(result) => {
            app.trend.outdated();
            return saving::synced(app, result);
        }
        Message::History(Ok(mut lines)) => {
            if lines.is_empty() {
                lines.push(
                    crate::report::words::words(app.lang)
                        .history_none
                        .to_string(),
                );
            }
            app.mode = Mode::History { lines, scroll: 0 };
        }
        Message::History(Err(e)) => {
            app.status = Some(error(fill(app.text().sync_git_failed, e)));
        }
        Message::Committed(Ok(crate::git::Committed::Commit(_))) => app.trend.outdated(),
        Message::Committed(Ok(crate::git::Committed::Unchanged)) => {}
        Message::Trend {
            generation,
            counted,
        } => app.trend.answered(generation, counted),
        Message::Committed(Err(e)) => {
            app.status = Some(error(fill(app.text().not_committed, e)));
        }
        Message::EditorReturned(result) => return editor::returned(app, result),
        Message::DraftSaved { draft, result } => return editor::draft_saved(app, &draft, result),
    }
    Vec::new()
}

/// Today's date from the clock, for the loop's day-change check.
pub fn clock_today() -> NaiveDate {
    chrono::Local::now().date_naive()
}
