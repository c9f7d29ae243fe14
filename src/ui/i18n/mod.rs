//! Every word the interface shows: one table of labels per language (Chinese, English),
//! the keys' texts included. Adding a label means adding it to both.

use crate::lang::Lang;

/// What each key does, in one language (the keymap table points into it).
#[derive(Debug)]
pub struct KeyTexts {
    pub quit: &'static str,
    pub suspend: &'static str,
    pub toggle_help: &'static str,
    pub next_view: &'static str,
    pub prev_view: &'static str,
    pub view_projects: &'static str,
    pub view_units: &'static str,
    pub view_timeline: &'static str,
    pub view_overview: &'static str,
    pub up: &'static str,
    pub down: &'static str,
    pub page_up: &'static str,
    pub page_down: &'static str,
    pub home: &'static str,
    pub end: &'static str,
    pub focus_left: &'static str,
    pub focus_right: &'static str,
    pub open_picker: &'static str,
    pub start_search: &'static str,
    pub cycle_colour: &'static str,
    pub cycle_sort: &'static str,
    pub cross_off: &'static str,
    pub undo: &'static str,
    pub redo: &'static str,
    pub toggle_wall: &'static str,
    pub add_update: &'static str,
    pub edit_progress: &'static str,
    pub write_brief: &'static str,
    pub reload: &'static str,
    pub retry_save: &'static str,
    pub clear_filters: &'static str,
    pub confirm: &'static str,
    pub cancel: &'static str,
    pub backspace: &'static str,
    pub confirm_input: &'static str,
    pub keep_mine: &'static str,
    pub keep_theirs: &'static str,
    pub choose_mine: &'static str,
    pub choose_theirs: &'static str,
    pub choose_all_mine: &'static str,
    pub choose_all_theirs: &'static str,
    pub sync_chosen: &'static str,
    pub leave_conflicts: &'static str,
    pub toggle_help_help: &'static str,
    pub up_help: &'static str,
    pub down_help: &'static str,
    pub cursor_left: &'static str,
    pub cursor_right: &'static str,
    pub line_start: &'static str,
    pub line_end: &'static str,
    pub delete_forward: &'static str,
    pub delete_word: &'static str,
    pub delete_to_start: &'static str,
    pub invest: &'static str,
    pub move_due: &'static str,
    pub add_item: &'static str,
    pub add_outer: &'static str,
    pub edit_item: &'static str,
    pub remove_item: &'static str,
    pub next_field: &'static str,
    pub prev_field: &'static str,
    pub save_form: &'static str,
    pub open_editor: &'static str,
    pub sync: &'static str,
    pub history: &'static str,
    pub edit_again: &'static str,
    pub discard_draft: &'static str,
}

/// `e`, the ledger in the user's editor: what came back, and why it could not be used.
#[derive(Debug)]
pub struct EditorTexts {
    /// The dialog shown when the edited ledger does not load.
    pub invalid_title: &'static str,
    pub invalid_hint: &'static str,
    pub draft_at: &'static str,
    pub unchanged: &'static str,
    pub saving: &'static str,
    /// The `.bak` path.
    pub saved: &'static str,
    pub busy: &'static str,
    /// The draft's path.
    pub changed_meanwhile: &'static str,
    /// Why, and the draft's path.
    pub not_saved_kept: &'static str,
    pub discarded: &'static str,
    /// The commit's message for an edit made in the editor.
    pub committed_as: &'static str,
    pub err_read: &'static str,
    /// The draft's path, and why.
    pub err_draft: &'static str,
    /// The editor command, and why.
    pub err_start: &'static str,
    /// {} the editor named.
    pub err_not_installed: &'static str,
    /// The editor command, its exit status, the draft's path.
    pub err_failed: &'static str,
}

/// Edits of the ledger in words: what a change did, and why one was refused.
#[derive(Debug)]
pub struct EditTexts {
    pub unit: &'static str,
    pub pledge: &'static str,
    pub project: &'static str,
    pub milestone: &'static str,
    /// "{kind} {name}": the item edited, added, removed.
    pub edited: &'static str,
    pub added: &'static str,
    pub removed: &'static str,
    /// "{kind} {old} → {new}".
    pub renamed: &'static str,
    /// A rename with other fields changed in the same form.
    pub renamed_and_edited: &'static str,
    /// "{what} {from} → {to}": a milestone re-planned (倒排工期).
    pub moved: &'static str,
    /// "{project}: {month} {figure}".
    pub month_done: &'static str,
    /// A month's figure taken out (undoing the first figure of a month).
    pub month_cleared: &'static str,
    pub investment: &'static str,
    pub pledge_closed: &'static str,
    pub pledge_reopened: &'static str,
    pub empty_name: &'static str,
    /// "{kind} {name}".
    pub duplicate_name: &'static str,
    pub unknown_unit: &'static str,
    pub unknown_category: &'static str,
    /// "{unit} {projects}".
    pub unit_in_use: &'static str,
    /// "{what} {figure}".
    pub bad_amount: &'static str,
    pub done_too_early: &'static str,
    pub target_without_measure: &'static str,
    pub month_without_investment: &'static str,
    pub bad_month: &'static str,
    pub progress_without_target: &'static str,
    pub nothing_written: &'static str,
    pub label_name: &'static str,
    pub label_due: &'static str,
    pub label_unit: &'static str,
    pub label_lead: &'static str,
    pub label_support: &'static str,
    pub label_category: &'static str,
    pub label_leader: &'static str,
    pub label_title: &'static str,
    pub label_scale: &'static str,
    pub label_total: &'static str,
    pub label_plan: &'static str,
    pub label_month: &'static str,
    pub label_month_done: &'static str,
    pub label_text: &'static str,
    pub label_target: &'static str,
    pub label_measure: &'static str,
    pub label_progress: &'static str,
    pub label_done_on: &'static str,
    pub title_invest: &'static str,
    pub title_move: &'static str,
    pub title_add_milestone: &'static str,
    pub title_add_project: &'static str,
    pub title_add_unit: &'static str,
    pub title_add_pledge: &'static str,
    pub title_edit: &'static str,
    pub title_close_pledge: &'static str,
    pub err_required: &'static str,
    pub err_not_a_date: &'static str,
    pub err_no_such_day: &'static str,
    pub err_too_early: &'static str,
    pub err_after_today: &'static str,
    pub err_not_a_number: &'static str,
    pub err_negative: &'static str,
    pub err_not_a_month: &'static str,
    pub err_unknown_unit: &'static str,
    pub err_did_you_mean: &'static str,
    pub err_unknown_category: &'static str,
    pub form_hint: &'static str,
    pub completes: &'static str,
    pub remove_title: &'static str,
    pub remove_goes: &'static str,
    pub remove_hint: &'static str,
    /// A unit still named by projects: the dialog says why and only closes.
    pub remove_blocked_title: &'static str,
    pub remove_blocked_hint: &'static str,
    pub baseline: &'static str,
    pub moved_days: &'static str,
    pub moved_earlier: &'static str,
    // A change refused, in words (the commands and the interface alike).
    pub category: &'static str,
    pub not_found: &'static str,
    pub closest: &'static str,
    pub ambiguous: &'static str,
    pub no_milestone_in: &'static str,
    pub missing_item: &'static str,
    pub edit_failed: &'static str,
    pub invalid_on_disk: &'static str,
    pub unverified: &'static str,
    pub with_nothing_written: &'static str,
    pub when_before_campaign: &'static str,
    pub when_month_outside: &'static str,
}

/// The labels of one language. Adding a label means adding it to both tables.
#[derive(Debug)]
pub struct Text {
    pub keys: KeyTexts,
    pub edits: EditTexts,
    pub editor: EditorTexts,
    pub view_projects: &'static str,
    pub view_units: &'static str,
    pub view_timeline: &'static str,
    pub view_overview: &'static str,
    pub today: &'static str,
    pub all_units: &'static str,
    pub filter_unit: &'static str,
    pub filter_search: &'static str,
    pub filter_colour: &'static str,
    pub colour_words: [&'static str; 4],
    pub colour_meaning: [&'static str; 4],
    pub colour_filters: [&'static str; 4],
    pub col_warning: &'static str,
    pub col_project: &'static str,
    pub col_category: &'static str,
    pub col_lead: &'static str,
    pub col_next: &'static str,
    pub col_due: &'static str,
    pub col_countdown: &'static str,
    pub col_investment: &'static str,
    pub col_lag: &'static str,
    pub col_unit: &'static str,
    pub col_projects: &'static str,
    pub col_on_time: &'static str,
    pub col_pledges: &'static str,
    pub col_milestone: &'static str,
    pub col_done: &'static str,
    pub col_by: &'static str,
    pub col_rank: &'static str,
    pub sort: &'static str,
    pub sort_keys: [&'static str; 4],
    pub days_left: &'static str,
    pub days_late: &'static str,
    pub due_today: &'static str,
    pub done_on: &'static str,
    pub no_open: &'static str,
    pub detail: &'static str,
    pub milestones: &'static str,
    pub support: &'static str,
    pub leader: &'static str,
    pub scale: &'static str,
    pub investment: &'static str,
    pub updates: &'static str,
    pub none: &'static str,
    pub pledge_letter: &'static str,
    pub unit_projects: &'static str,
    pub no_pledges: &'static str,
    pub pledge_done: &'static str,
    pub pledge_open: &'static str,
    pub overdue_group: &'static str,
    pub today_marker: &'static str,
    pub month: &'static str,
    pub wall_chart: &'static str,
    pub picker_title: &'static str,
    pub picker_hint: &'static str,
    pub search_prompt: &'static str,
    pub crossoff_title: &'static str,
    pub crossoff_date: &'static str,
    pub confirm_hint: &'static str,
    pub unmark_title: &'static str,
    pub unmark_hint: &'static str,
    pub help_title: &'static str,
    pub help_footer: &'static str,
    pub too_small: &'static str,
    pub too_small_quit: &'static str,
    pub saving: &'static str,
    pub saved: &'static str,
    pub not_saved: &'static str,
    pub save_failed_hint: &'static str,
    pub changed_on_disk: &'static str,
    pub reloaded: &'static str,
    pub read_only: &'static str,
    pub nothing_to_undo: &'static str,
    pub nothing_to_redo: &'static str,
    pub undone: &'static str,
    pub redone: &'static str,
    pub crossed_off: &'static str,
    pub unmarked: &'static str,
    pub bad_date: &'static str,
    pub no_milestone: &'static str,
    pub empty: &'static str,
    pub wan_yi: &'static str,
    pub yi: &'static str,
    pub contexts: [&'static str; 10],
    pub status_projects: &'static str,
    pub status_units: &'static str,
    pub reload_hint: &'static str,
    pub brief_written: &'static str,
    pub quit_unsaved: &'static str,
    pub not_a_number: &'static str,
    pub reapplied: &'static str,
    pub not_reapplied: &'static str,
    pub totals_line: &'static str,
    pub investment_figures: &'static str,
    pub investment_progress: &'static str,
    pub district_targets: &'static str,
    pub scorecard_title: &'static str,
    pub month_heading: &'static str,
    pub month_short: &'static str,
    /// The month's completed investment (月报), where a project has monthly figures.
    pub done_this_month: &'static str,
    pub not_reported: &'static str,
    /// The help's line on the re-planned mark.
    pub replanned_legend: &'static str,
    pub report_negative_days: &'static str,
    pub report_no_such_unit: &'static str,
    pub report_over_ledger: &'static str,
    pub report_cannot_write: &'static str,
    /// A name quoted in a sentence.
    pub quoted: &'static str,
    /// Between names in a list (区农工委、区城管局).
    pub names_separator: &'static str,
    pub worker_stopped: &'static str,
    pub needs_terminal: &'static str,
    pub not_committed: &'static str,
    pub syncing: &'static str,
    pub synced: &'static str,
    pub sync_conflict: &'static str,
    pub sync_failed: &'static str,
    pub sync_not_in_git: &'static str,
    pub sync_no_git: &'static str,
    pub sync_busy: &'static str,
    pub sync_no_remote: &'static str,
    pub sync_detached: &'static str,
    pub sync_kept_moving: &'static str,
    pub sync_git_failed: &'static str,
    pub history_title: &'static str,
    pub sync_conflict_title: &'static str,
    pub sync_conflict_hint: &'static str,
    pub sync_left: &'static str,
    /// git wants a password: {} its words. Then the dialog offering the terminal, its
    /// hint ({} Enter, {} Esc), what is printed above git's prompts, and the status when
    /// the clerk declines.
    pub sync_needs_password: &'static str,
    /// A branch of one's own checked out: {} it, {} the office's, {} again for the command.
    pub sync_other_branch: &'static str,
    pub password_title: &'static str,
    pub password_offer: &'static str,
    pub password_hint: &'static str,
    pub password_handover: &'static str,
    pub password_declined: &'static str,
    /// Enter before every conflict has a choice: {} how many are left.
    pub sync_choose_all: &'static str,
    /// Who changed the ledger on each side since they parted: {} ours, {} theirs.
    pub sync_conflict_who: &'static str,
    /// Beside each conflict: the choice made (mine, theirs) or none yet.
    pub sync_picks: [&'static str; 3],
    /// The Overview's trend chart: its title (for one unit: {} the unit), while counting,
    /// without git, the latest week ({} day, red, yellow) and the scale's top.
    pub trend_title: &'static str,
    pub trend_unit_title: &'static str,
    pub trend_counting: &'static str,
    pub trend_no_history: &'static str,
    pub trend_latest: &'static str,
    pub trend_max: &'static str,
    /// Under the columns: the first and the last day shown, and how many.
    pub trend_span: &'static str,
    /// The merge commit a sync makes: {} the other side's branch.
    pub sync_merged: &'static str,
    pub list_separator: &'static str,
    // data-loss (main)
    pub saved_unconfirmed: &'static str,
    pub refused: &'static str,
    pub reloading: &'static str,
    pub reload_after_save: &'static str,
    pub already_there: &'static str,
    pub lock_wait: &'static str,
    pub lock_holder_unknown: &'static str,
    pub lock_holder: &'static str,
    pub saving_then_quit: &'static str,
    pub confirm_quit_title: &'static str,
    pub confirm_quit: &'static str,
    pub confirm_quit_hint: &'static str,
    pub conflict_title: &'static str,
    pub conflict_intro: &'static str,
    pub conflict_mine: &'static str,
    pub conflict_theirs: &'static str,
    pub conflict_hint: &'static str,
    pub not_crossed_off: &'static str,
    pub exit_unsaved: &'static str,
    pub err_read_only: &'static str,
    pub err_no_space: &'static str,
    pub err_not_found: &'static str,
    pub err_not_regular: &'static str,
    pub err_too_large: &'static str,
    pub err_io: &'static str,
    pub too_long: &'static str,
    pub saved_carried: &'static str,
    pub crossed_off_by_other: &'static str,
    pub dialog_item_gone: &'static str,
    // h-hygiene
    pub dumb_terminal: &'static str,
    pub term_unset: &'static str,
    // h-reports
    /// Progress typed for a pledge that has no target.
    pub progress_without_target: &'static str,
    // h-ui
    pub no_milestones: &'static str,
    pub no_milestone_projects: &'static str,
    pub date_after_today: &'static str,
    pub date_no_such_day: &'static str,
    // config, first run, `tracker new`
    pub config: ConfigTexts,
}

pub mod config;
mod en;
mod zh;
pub use config::ConfigTexts;
pub use en::EN;
pub use zh::ZH;

pub fn text(lang: Lang) -> &'static Text {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}

/// Fills the `{}` of a label.
pub fn fill(template: &str, n: impl std::fmt::Display) -> String {
    crate::lang::fill(template, &[&n])
}

/// Fills each `{}` of a label in turn (see [`crate::lang::fill`]).
pub fn fill_all(template: &str, values: &[&dyn std::fmt::Display]) -> String {
    crate::lang::fill(template, values)
}

/// A ledger field, by its name in the file (`due`, `done`, …), as the forms label it.
pub fn field_word(lang: Lang, field: &str) -> &str {
    let t = text(lang);
    let e = &t.edits;
    match field {
        "due" => e.label_due,
        "done" => e.label_done_on,
        "unit" => e.label_unit,
        "progress" => e.label_progress,
        "target" => e.label_target,
        "lead" => e.label_lead,
        "leader" => e.label_leader,
        "category" => e.label_category,
        "scale" => e.label_scale,
        "support" => e.label_support,
        "title" => e.label_title,
        "investment" => t.investment,
        other => other,
    }
}

/// Who holds the ledger's lock, in words.
pub fn holder_text(lang: Lang, h: &crate::ledger::lock::LockHolder) -> String {
    let t = text(lang);
    match h.pid {
        None => t.lock_holder_unknown.to_string(),
        Some(pid) => fill_all(
            t.lock_holder,
            &[
                &pid,
                &h.host.as_deref().unwrap_or("?"),
                &h.since
                    .map_or_else(|| "?".to_string(), crate::ledger::save::clock_time),
            ],
        ),
    }
}

/// Why the ledger did not load, in one line: the first problem with its place, or why the
/// file could not be read.
pub fn load_error_text(lang: Lang, e: &crate::ledger::LoadError) -> String {
    match e {
        crate::ledger::LoadError::Read(r) => read_error_text(lang, r),
        crate::ledger::LoadError::Invalid { problems, .. } => problems
            .first()
            .map(|p| p.at(lang, &p.message(lang)))
            .unwrap_or_default(),
    }
}

/// Why a sync stopped, in the interface language (conflicts are listed by the caller).
pub fn sync_error_text(lang: Lang, e: &crate::git::SyncError) -> String {
    use crate::git::SyncError as S;
    let t = text(lang);
    match e {
        S::NotInRepository => t.sync_not_in_git.to_string(),
        S::NotInstalled => t.sync_no_git.to_string(),
        S::NoRemote => t.sync_no_remote.to_string(),
        S::Detached => t.sync_detached.to_string(),
        S::KeptMoving => t.sync_kept_moving.to_string(),
        S::Git(g) => fill(t.sync_git_failed, g),
        S::Conflict(c) => c.lines.join(t.list_separator),
        S::NeedsPassword(said) => fill(t.sync_needs_password, said),
        S::OtherBranch { current, shared } => {
            crate::lang::fill(t.sync_other_branch, &[current, shared, shared])
        }
    }
}

/// Who changed the ledger on each side of a sync conflict since they parted.
pub fn conflict_who(lang: Lang, ours: &[String], theirs: &[String]) -> String {
    let t = text(lang);
    let names = |n: &[String]| {
        if n.is_empty() {
            "—".to_string()
        } else {
            n.join(t.names_separator)
        }
    };
    fill_all(t.sync_conflict_who, &[&names(ours), &names(theirs)])
}

/// Why a report could not be made or written, in the interface language.
pub fn report_error_text(lang: Lang, e: &crate::report::ReportError) -> String {
    use crate::report::ReportError as R;
    let t = text(lang);
    match e {
        R::NegativeDays(d) => fill(t.report_negative_days, d),
        R::NoSuchUnit { name, units } => fill_all(
            t.report_no_such_unit,
            &[name, &units.join(t.names_separator)],
        ),
        R::OverTheLedger(p) => fill(t.report_over_ledger, crate::ledger::sanitize::path(p)),
        R::Write(why) => fill(t.report_cannot_write, why),
    }
}

/// Why the ledger could not be read, in the interface language.
pub fn read_error_text(lang: Lang, e: &crate::ledger::save::ReadError) -> String {
    use crate::ledger::save::ReadError as R;
    let t = text(lang);
    match e {
        R::NotFound { .. } => t.err_not_found.to_string(),
        R::NotRegular { .. } => t.err_not_regular.to_string(),
        R::TooLarge { bytes, .. } => {
            fill_all(t.err_too_large, &[bytes, &crate::ledger::save::MAX_BYTES])
        }
        R::Io { op, source, .. } => fill_all(t.err_io, &[op, source]),
    }
}

/// Why a save did not happen, in the interface language.
pub fn save_error_text<E: std::fmt::Display>(
    lang: Lang,
    e: &crate::ledger::save::SaveError<E>,
) -> String {
    use crate::ledger::save::SaveError as S;
    let t = text(lang);
    match e {
        S::ReadOnly { .. } => t.err_read_only.to_string(),
        S::NoSpace { .. } => t.err_no_space.to_string(),
        S::Read(r) => read_error_text(lang, r),
        S::Io { op, source, .. } => fill_all(t.err_io, &[op, source]),
        S::ChangedOnDisk { .. } => t.changed_on_disk.to_string(),
        S::LockBusy { holder, .. } => fill(t.lock_wait, holder_text(lang, holder)),
        S::Unconfirmed { message, .. } => fill(t.saved_unconfirmed, message),
        S::Edit(e) => e.to_string(),
    }
}
