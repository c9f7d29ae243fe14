//! `e`, the ledger in the user's editor: when it may open, and what the user sees of what
//! came back. The loop runs the editor, reads the draft and saves it; nothing here does I/O.

use super::saving::{error, info, ok};
use crate::ledger::save::{SaveError, Saved, backup_of};
use crate::ui::action::{Action, Effect};
use crate::ui::app::{App, DraftProblems, Mode};
use crate::ui::editor::{Draft, EditorError, Outcome, first_problem_line};
use crate::ui::i18n::{fill, fill_all, read_error_text, save_error_text};

/// `e`: only on a writable ledger with nothing waiting to be saved (the editor starts from
/// the file on disk, and its save replaces the whole file).
pub(super) fn open(app: &mut App) -> Vec<Effect> {
    if !super::browse::writable(app) {
        return Vec::new();
    }
    if app.saving.is_some() || !app.unsaved.is_empty() {
        app.status = Some(error(app.text().editor.busy.to_string()));
        return Vec::new();
    }
    vec![Effect::OpenEditor {
        item: super::forms::selected_item(app),
    }]
}

/// The editor was closed.
pub(super) fn returned(app: &mut App, result: Result<Outcome, EditorError>) -> Vec<Effect> {
    let t = &app.text().editor;
    match result {
        Ok(Outcome::Unchanged) => app.status = Some(info(t.unchanged.to_string())),
        Ok(Outcome::Loads { draft, bytes }) => {
            app.status = Some(info(t.saving.to_string()));
            let commit = (t.committed_as.to_string(), app.user.clone());
            return vec![Effect::SaveDraft {
                draft,
                bytes,
                commit,
            }];
        }
        Ok(Outcome::Invalid { draft, problems }) => {
            app.mode = Mode::DraftProblems(DraftProblems {
                draft,
                problems,
                scroll: 0,
            });
        }
        Err(e) => app.status = Some(error(editor_error_text(app, &e))),
    }
    Vec::new()
}

/// The draft's save finished. On success the file is read again; on failure the draft
/// stays where it is and the user is told where.
pub(super) fn draft_saved(
    app: &mut App,
    draft: &Draft,
    result: Result<Saved, SaveError>,
) -> Vec<Effect> {
    let t = &app.text().editor;
    let shown = crate::ledger::sanitize::path(&draft.path);
    match result {
        Ok(saved) => {
            app.file.fingerprint = saved.fingerprint;
            let bak = crate::ledger::sanitize::path(&backup_of(&app.file.path));
            app.status = Some(ok(fill(t.saved, bak)));
            app.reload_note = app.status.as_ref().map(|s| s.text.clone());
        }
        Err(SaveError::ChangedOnDisk { .. }) => {
            app.status = Some(error(fill(t.changed_meanwhile, shown)));
        }
        Err(SaveError::Unconfirmed {
            fingerprint,
            message,
            ..
        }) => {
            app.file.fingerprint = fingerprint;
            app.status = Some(error(fill(app.text().saved_unconfirmed, message)));
        }
        Err(e) => {
            let why = save_error_text(app.lang, &e);
            app.status = Some(error(fill_all(t.not_saved_kept, &[&why, &shown])));
            return Vec::new();
        }
    }
    vec![Effect::Reload]
}

/// Keys while the edited ledger's problems are shown.
pub(super) fn problems(app: &mut App, mut d: DraftProblems, action: Action) -> Vec<Effect> {
    match action {
        Action::EditAgain => {
            app.mode = Mode::Browse;
            let line = first_problem_line(&d.problems);
            return vec![Effect::EditAgain {
                draft: d.draft,
                line,
            }];
        }
        Action::DiscardDraft => {
            app.mode = Mode::Browse;
            app.status = Some(ok(app.text().editor.discarded.to_string()));
            return vec![Effect::DiscardDraft(d.draft)];
        }
        Action::Up => d.scroll = d.scroll.saturating_sub(1),
        Action::Down => d.scroll = d.scroll.saturating_add(1),
        _ => {}
    }
    app.mode = Mode::DraftProblems(d);
    Vec::new()
}

fn editor_error_text(app: &App, e: &EditorError) -> String {
    let t = &app.text().editor;
    let path = crate::ledger::sanitize::path;
    match e {
        EditorError::Read(r) => fill(t.err_read, read_error_text(app.lang, r)),
        EditorError::Draft { path: p, source } => fill_all(t.err_draft, &[&path(p), source]),
        EditorError::Start { editor, source } => fill_all(t.err_start, &[editor, source]),
        EditorError::NotInstalled { editor } => fill(t.err_not_installed, editor),
        EditorError::Failed {
            editor,
            status,
            draft,
        } => fill_all(t.err_failed, &[editor, status, &path(draft)]),
    }
}
