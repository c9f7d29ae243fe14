//! The saving side of `update`: changes queued and saved one at a time, what the loop
//! reports back about each save, reloading when someone else wrote, and quitting without
//! losing anything. Like all of `update`, no I/O: the loop carries out the effects.

use std::sync::Arc;

use crate::ledger::rebase::{Rebased, rebase, relocate};
use crate::ledger::save::{SaveError, Saved};
use crate::ledger::{Change, ChangeError, LoadError, Loaded};

use crate::ui::action::Effect;
use crate::ui::app::{App, Conflict, ConflictDialog, Mode, Pending, Status, StatusKind};
use crate::ui::i18n::{fill, holder_text};

pub(crate) fn ok(text: String) -> Status {
    Status {
        kind: StatusKind::Ok,
        text,
    }
}

pub(crate) fn error(text: String) -> Status {
    Status {
        kind: StatusKind::Error,
        text,
    }
}

pub(crate) fn info(text: String) -> Status {
    Status {
        kind: StatusKind::Info,
        text,
    }
}

/// Applies a change in memory, remembers its inverse, and queues it for saving.
pub(crate) fn commit(app: &mut App, change: Change) -> Vec<Effect> {
    match try_commit(app, change) {
        Ok(effects) => effects,
        // Broke one of the ledger's rules: nothing changed, and the user is told why.
        Err(e) => commit_error(app, e),
    }
}

/// A change that could not be made, on the status line.
pub(crate) fn commit_error(app: &mut App, e: ChangeError) -> Vec<Effect> {
    let t = app.text();
    app.status = Some(error(fill(
        t.refused,
        super::words::change_error_text(app, &e),
    )));
    Vec::new()
}

/// [`commit`], with a refusal handed back (a form shows it beside the field).
pub(crate) fn try_commit(app: &mut App, change: Change) -> Result<Vec<Effect>, ChangeError> {
    let (before, record) = apply_noting(app, &change)?;
    app.undo.push(before.clone());
    app.redo.clear();
    Ok(enqueue(app, change, before, record))
}

/// Applies a change in memory; its inverse, and the record of the milestones' facts it
/// changed (for its commit).
fn apply_noting(app: &mut App, change: &Change) -> Result<(Change, String), ChangeError> {
    use crate::ledger::facts;
    let touched = change.touched(&app.ledger);
    let mut names = facts::touched_names(&app.ledger, &touched);
    let was = facts::facts(&app.ledger, &touched, &names);
    let before = app.apply(change)?;
    names.extend(facts::touched_names(&app.ledger, &touched));
    let now = facts::facts(&app.ledger, &touched, &names);
    Ok((before, facts::record(&was, &now)))
}

fn enqueue(app: &mut App, change: Change, before: Change, record: String) -> Vec<Effect> {
    let what = super::describe(app, &change, &before);
    app.unsaved.push_back(Pending {
        change,
        before,
        what,
        carried: false,
        record: Some(record),
    });
    let t = app.text();
    app.status = Some(match &app.save_failed {
        // Saving is stopped: say so, not "saving…".
        Some(reason) => error(format!(
            "{} ({}): {reason} — {}",
            t.not_saved,
            app.unsaved.len(),
            t.save_failed_hint
        )),
        None => info(t.saving.to_string()),
    });
    next_save(app)
}

/// Sends the oldest unsaved change to the loop, unless one is in flight or saving waits.
pub(crate) fn next_save(app: &mut App) -> Vec<Effect> {
    if app.saving.is_some() || app.save_failed.is_some() || app.stale {
        return Vec::new();
    }
    let Some(p) = app.unsaved.front() else {
        return Vec::new();
    };
    let seq = app.next_seq;
    app.next_seq += 1;
    app.saving = Some(seq);
    vec![Effect::Save {
        seq,
        change: p.change.clone(),
        what: format!("{}{}", p.what, p.record.as_deref().unwrap_or_default()),
        author: app.user.clone(),
    }]
}

pub(crate) fn undo_redo(app: &mut App, undo: bool) -> Vec<Effect> {
    let t = app.text();
    let popped = if undo { app.undo.pop() } else { app.redo.pop() };
    let Some(change) = popped else {
        app.status = Some(info(
            if undo {
                t.nothing_to_undo
            } else {
                t.nothing_to_redo
            }
            .to_string(),
        ));
        return Vec::new();
    };
    let Ok((before, record)) = apply_noting(app, &change) else {
        return Vec::new();
    };
    if undo {
        app.redo.push(before.clone());
    } else {
        app.undo.push(before.clone());
    }
    let effects = enqueue(app, change, before, record);
    if let Some(s) = &mut app.status {
        s.text = format!("{} · {}", if undo { t.undone } else { t.redone }, s.text);
    }
    effects
}

/// The loop finished save `seq`.
pub(crate) fn saved(
    app: &mut App,
    seq: u64,
    result: Result<Saved, SaveError<ChangeError>>,
) -> Vec<Effect> {
    if app.saving != Some(seq) {
        return Vec::new();
    }
    app.saving = None;
    app.lock_wait = None;
    let t = app.text();
    match result {
        Ok(s) => {
            app.file.fingerprint = s.fingerprint;
            if let Some(p) = app.unsaved.pop_front() {
                if let Some(splice) = s.undo {
                    exact_undo(app, &p.before, s.fingerprint, splice);
                }
                let saved = if p.carried { t.saved_carried } else { t.saved };
                app.status = Some(ok(format!("{saved} {}: {}", app.file_name(), p.what)));
            }
        }
        // On disk, just not confirmed by the disk: the file holds it, so it is not unsaved
        // (re-applying it would write it twice).
        Err(SaveError::Unconfirmed {
            fingerprint,
            message,
            ..
        }) => {
            app.file.fingerprint = fingerprint;
            app.unsaved.pop_front();
            app.status = Some(error(fill(t.saved_unconfirmed, message)));
        }
        Err(SaveError::ChangedOnDisk { .. }) => return external_change(app),
        // The change itself breaks a rule: it can never be saved, so it is taken back.
        Err(SaveError::Edit(e)) => {
            if let Some(p) = app.unsaved.pop_front() {
                let _ = app.apply(&p.before);
                app.undo.retain(|c| *c != p.before);
            }
            app.status = Some(error(fill(
                t.refused,
                super::words::change_error_text(app, &e),
            )));
        }
        Err(SaveError::LockBusy { holder, .. }) => {
            // Only a cancelled wait ends so: the user chose to quit.
            app.save_failed = Some(holder_text(app.lang, &holder));
            if app.quitting {
                return vec![Effect::Quit];
            }
        }
        Err(e) => {
            let message = crate::ui::i18n::save_error_text(app.lang, &e);
            app.save_failed = Some(message.clone());
            app.status = Some(error(format!(
                "{}: {message} — {}",
                t.not_saved, t.save_failed_hint
            )));
            if app.quitting {
                app.quitting = false;
                app.mode = Mode::ConfirmQuit(None);
            }
            return Vec::new();
        }
    }
    if app.reload_pending {
        app.reload_pending = false;
        return vec![Effect::Reload];
    }
    let effects = next_save(app);
    if effects.is_empty() && app.quitting && app.unsaved.is_empty() {
        return vec![Effect::Quit];
    }
    effects
}

/// The undo (or redo) of a change just saved, made exact: while the file is the version
/// this save wrote, undoing writes back the very bytes from before.
fn exact_undo(
    app: &mut App,
    before: &Change,
    on: crate::ledger::save::Fingerprint,
    splice: crate::ledger::edit::Splice,
) {
    let found = |stack: &[Change]| stack.iter().rposition(|c| c == before);
    let entry = match (found(&app.undo), found(&app.redo)) {
        (Some(i), _) => &mut app.undo[i],
        (None, Some(i)) => &mut app.redo[i],
        (None, None) => return,
    };
    *entry = Change::Exactly {
        change: Box::new(before.clone()),
        on,
        splice,
    };
}

/// Someone else wrote the file: read it again and carry the unsaved changes over.
pub(crate) fn external_change(app: &mut App) -> Vec<Effect> {
    if app.stale {
        return Vec::new();
    }
    app.stale = true;
    if app.saving.is_some() || matches!(app.mode, Mode::Conflict(_)) {
        // The save in flight finds out for itself, and the conflicts on screen are answered
        // against the file they were found in: reload after either.
        app.reload_pending = true;
        return Vec::new();
    }
    app.status = Some(info(app.text().reloading.to_string()));
    vec![Effect::Reload]
}

/// The user asked for a reload (`r`): now, or once the save in flight lands.
pub(crate) fn request_reload(app: &mut App) -> Vec<Effect> {
    if app.saving.is_some() {
        app.reload_pending = true;
        app.status = Some(info(app.text().reload_after_save.to_string()));
        return Vec::new();
    }
    vec![Effect::Reload]
}

pub(crate) fn retry(app: &mut App) -> Vec<Effect> {
    if app.save_failed.take().is_some() {
        app.status = Some(info(app.text().saving.to_string()));
    }
    next_save(app)
}

pub(crate) fn lock_wait(app: &mut App, holder: crate::ledger::lock::LockHolder) {
    if app.saving.is_some() {
        let t = app.text();
        app.status = Some(info(fill(t.lock_wait, holder_text(app.lang, &holder))));
        app.lock_wait = Some(holder);
    }
}

/// The ledger as read again: every unsaved change is carried over by identity. Those the
/// other writer did not touch are saved again at once; one that already stands in the file
/// is dropped; one whose field the other writer changed differently is put to the user.
pub(crate) fn reloaded(app: &mut App, result: Result<Loaded, LoadError>) -> Vec<Effect> {
    app.stale = false;
    let note = app.reload_note.take();
    let loaded = match result {
        Ok(l) => l,
        Err(e) => {
            app.status = Some(error(crate::ui::i18n::load_error_text(app.lang, &e)));
            if app.quitting && !app.unsaved.is_empty() {
                // Nothing more can be saved now: ask, as a refused save does.
                app.quitting = false;
                app.mode = Mode::ConfirmQuit(None);
            }
            return Vec::new();
        }
    };
    let old = std::mem::replace(&mut app.ledger, Arc::new(loaded.ledger));
    app.file = loaded.file;
    app.save_failed = None;
    // Undo history follows its items; entries whose item is gone are dropped.
    app.undo = app
        .undo
        .iter()
        .filter_map(|c| relocate(c, &old, &app.ledger))
        .collect();
    app.redo = app
        .redo
        .iter()
        .filter_map(|c| relocate(c, &old, &app.ledger))
        .collect();
    let pending: Vec<Pending> = app.unsaved.drain(..).collect();
    let (mut reapplied, mut there, mut lost) = (0, 0, Vec::new());
    let mut conflicts = Vec::new();
    let mut later = Vec::new();
    for p in pending {
        let outcome = rebase(&p.change, &p.before, &old, &app.ledger);
        if !conflicts.is_empty() {
            // Kept in order behind the question; carried over once it is answered.
            if let Some(change) = relocate(&p.change, &old, &app.ledger) {
                later.push(Pending {
                    change,
                    record: None,
                    ..p
                });
            }
            continue;
        }
        match outcome {
            Rebased::Apply(change) => match change.apply(Arc::make_mut(&mut app.ledger)) {
                Ok(before) => {
                    reapplied += 1;
                    app.unsaved.push_back(Pending {
                        change,
                        before,
                        what: p.what,
                        carried: true,
                        record: None,
                    });
                }
                Err(_) => lost.push(p.what),
            },
            Rebased::AlreadyThere => there += 1,
            Rebased::Gone => lost.push(p.what),
            Rebased::Conflict(change) => {
                conflicts.push(conflict(app, change, p.what));
            }
        }
    }
    let dialog_note = carry_dialog(app, &old);
    app.refresh_all();
    let t = app.text();
    let mut text = note.unwrap_or_else(|| format!("{} {}", t.reloaded, app.file_name()));
    if let Some(note) = dialog_note {
        text.push_str(t.list_separator);
        text.push_str(&note);
    }
    if reapplied > 0 {
        text.push_str(&fill(t.reapplied, reapplied));
    }
    if there > 0 {
        text.push_str(&fill(t.already_there, there));
    }
    let kind = if lost.is_empty() {
        StatusKind::Ok
    } else {
        text.push_str(&fill(t.not_reapplied, lost.join(t.list_separator)));
        StatusKind::Error
    };
    app.status = Some(Status { kind, text });
    if !conflicts.is_empty() {
        app.mode = Mode::Conflict(ConflictDialog { conflicts, later });
        return Vec::new();
    }
    next_save(app)
}

/// An open dialog follows its item onto the ledger as read again; it closes, saying why,
/// when the item is gone or another writer already did what it was about to do.
fn carry_dialog(app: &mut App, old: &crate::ledger::Ledger) -> Option<String> {
    use crate::ledger::rebase::{milestone_in, pledge_in, project_in};
    use crate::ui::app::InputPurpose;
    let t = app.text();
    let new = &app.ledger;
    let (closed, note) = match &mut app.mode {
        Mode::CrossOff(d) => match milestone_in(old, new, d.at.project, d.at.milestone) {
            Some((project, milestone)) => {
                let m = &new.projects[project].milestones[milestone];
                d.at = crate::ui::app::MilestoneRef { project, milestone };
                match m.done {
                    Some(done) => {
                        let by = m.by.as_deref().unwrap_or("?");
                        let what = format!("{} / {}", new.projects[project].name, m.name);
                        (
                            true,
                            Some(crate::ui::i18n::fill_all(
                                t.crossed_off_by_other,
                                &[&what, &done, &by],
                            )),
                        )
                    }
                    None => (false, None),
                }
            }
            None => (true, Some(t.dialog_item_gone.to_string())),
        },
        Mode::Unmark(at) => match milestone_in(old, new, at.project, at.milestone) {
            Some((project, milestone)) => {
                *at = crate::ui::app::MilestoneRef { project, milestone };
                let undone = new.projects[project].milestones[milestone].done.is_none();
                (undone, None)
            }
            None => (true, Some(t.dialog_item_gone.to_string())),
        },
        Mode::Input(f) => {
            let moved = match f.purpose {
                InputPurpose::Update { project } => {
                    project_in(old, new, project).map(|project| InputPurpose::Update { project })
                }
                InputPurpose::Progress { unit, pledge } => pledge_in(old, new, unit, pledge)
                    .map(|(unit, pledge)| InputPurpose::Progress { unit, pledge }),
            };
            match moved {
                Some(p) => {
                    f.purpose = p;
                    (false, None)
                }
                None => (true, Some(t.dialog_item_gone.to_string())),
            }
        }
        _ => (false, None),
    };
    if closed {
        app.mode = Mode::Browse;
    }
    note
}

/// A conflict in words: what the user's change sets, and what the file says now.
fn conflict(app: &App, change: Change, what: String) -> Conflict {
    let (mine, theirs) = super::values_of(app, &change);
    Conflict {
        change,
        what,
        mine,
        theirs,
    }
}

/// The user's answer to the first conflict: keep their own change, or the file's.
pub(crate) fn resolve(app: &mut App, mut d: ConflictDialog, keep_mine: bool) -> Vec<Effect> {
    let c = d.conflicts.remove(0);
    if keep_mine && let Ok(before) = c.change.apply(Arc::make_mut(&mut app.ledger)) {
        app.unsaved.push_back(Pending {
            change: c.change,
            before,
            what: c.what,
            carried: true,
            record: None,
        });
    }
    if !d.conflicts.is_empty() {
        app.mode = Mode::Conflict(d);
        return Vec::new();
    }
    // The changes behind the conflicts, carried over as on a reload.
    for p in d.later {
        if let Ok(before) = p.change.apply(Arc::make_mut(&mut app.ledger)) {
            app.unsaved.push_back(Pending {
                before,
                record: None,
                ..p
            });
        }
    }
    app.mode = Mode::Browse;
    app.refresh_all();
    if app.reload_pending {
        // Another writer saved while the question was open: read the file again first.
        app.reload_pending = false;
        return vec![Effect::Reload];
    }
    next_save(app)
}

/// `q`: leave now, once the queue is saved, or after asking when changes would be lost.
pub(crate) fn quit(app: &mut App) -> Vec<Effect> {
    // Ctrl-C inside a dialog still quits, but a half-typed dialog is simply dropped;
    // conflicts waiting for an answer are kept, and counted as unsaved.
    let conflicts = match std::mem::replace(&mut app.mode, Mode::Browse) {
        Mode::Conflict(d) => Some(d),
        Mode::ConfirmQuit(d) => d,
        _ => None,
    };
    if conflicts.is_none() && app.unsaved.is_empty() && app.saving.is_none() {
        return vec![Effect::Quit];
    }
    // A reload under way (another writer) is not stuck: the change is saved after it.
    let stuck = app.save_failed.is_some() || app.lock_wait.is_some();
    if stuck || conflicts.is_some() {
        app.mode = Mode::ConfirmQuit(conflicts);
        return Vec::new();
    }
    // Saving goes on: leave when the last change is on disk.
    app.quitting = true;
    app.status = Some(info(app.text().saving_then_quit.to_string()));
    next_save(app)
}

/// A signal (the terminal closing, `kill`): save what can be saved, then leave. Conflicts
/// stay on screen, unanswered, and count as unsaved.
pub(crate) fn terminate(app: &mut App) -> Vec<Effect> {
    app.quitting = true;
    if !matches!(app.mode, Mode::Conflict(_)) {
        app.mode = Mode::Browse;
    }
    next_save(app)
}

/// The answer to "quit and lose N changes?".
pub(crate) fn confirm_quit(app: &mut App, yes: bool) -> Vec<Effect> {
    let conflicts = match std::mem::replace(&mut app.mode, Mode::Browse) {
        Mode::ConfirmQuit(d) => d,
        _ => None,
    };
    if !yes {
        if let Some(d) = conflicts {
            app.mode = Mode::Conflict(d);
        }
        return Vec::new();
    }
    app.mode = Mode::ConfirmQuit(conflicts);
    app.quitting = true;
    if app.saving.is_some() {
        // A wait for the lock is given up; the loop reports what was not saved.
        return vec![Effect::CancelSave, Effect::Quit];
    }
    vec![Effect::Quit]
}

/// What is still unsaved, one line each, for the message on leaving.
pub fn unsaved_lines(app: &App) -> Vec<String> {
    let waiting = match &app.mode {
        Mode::Conflict(d) | Mode::ConfirmQuit(Some(d)) => Some(d),
        _ => None,
    };
    let conflicts = waiting.into_iter().flat_map(|d| {
        d.conflicts
            .iter()
            .map(|c| c.what.clone())
            .chain(d.later.iter().map(|p| p.what.clone()))
    });
    app.unsaved
        .iter()
        .map(|p| p.what.clone())
        .chain(conflicts)
        .collect()
}

/// A sync finished: what came in is read again.
pub(crate) fn synced(
    app: &mut App,
    result: Result<crate::git::Synced, crate::git::SyncError>,
) -> Vec<Effect> {
    use crate::git::SyncError;
    let t = app.text();
    match result {
        Err(SyncError::Conflict(clashes)) => {
            app.mode = Mode::SyncConflict(crate::ui::app::SyncChoice::new(clashes));
            return Vec::new();
        }
        Err(SyncError::NeedsPassword(said)) => {
            app.mode = Mode::SyncPassword(said);
            return Vec::new();
        }
        _ => {}
    }
    app.status = Some(match &result {
        Ok(s) => ok(crate::lang::fill(t.synced, &[&s.pulled, &s.pushed])),
        Err(e) => error(fill(
            t.sync_failed,
            crate::ui::i18n::sync_error_text(app.lang, e),
        )),
    });
    match result {
        Ok(s) if s.pulled > 0 => {
            app.reload_note = app.status.as_ref().map(|s| s.text.clone());
            vec![Effect::Reload]
        }
        _ => Vec::new(),
    }
}
