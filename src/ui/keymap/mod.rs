//! The one table of keys. Dispatch, the footer hints and the `?` help all read it.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;
use super::app::{LineEdit, Mode, View};
use super::i18n::KeyTexts;
use crate::lang::Lang;

mod custom;
pub use custom::{Keymap, Pick, Row, action_name, context_name, parse_key};

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// Everywhere except while typing text.
    Global,
    /// Browsing the views.
    Browse,
    /// The unit picker.
    Picker,
    /// Typing a search or a value.
    Input,
    /// A dialog: the cross-off date, un-mark, quit with unsaved changes, a conflict.
    Dialog,
    /// The help screen.
    Help,
    /// Editing a line of text, wherever text is typed (the picker, an input, a dialog).
    Line,
    /// A form of several fields.
    Form,
    /// The ledger from the editor does not load.
    Draft,
    /// A sync found fields both sides changed: a choice for each.
    Choose,
}

impl Context {
    pub const ALL: [Context; 10] = [
        Context::Global,
        Context::Browse,
        Context::Picker,
        Context::Input,
        Context::Dialog,
        Context::Help,
        Context::Line,
        Context::Form,
        Context::Draft,
        Context::Choose,
    ];

    pub fn index(self) -> usize {
        Context::ALL.iter().position(|c| *c == self).unwrap_or(0)
    }
}

/// A key as written in the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

const fn k(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: false,
    }
}

const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: true,
    }
}

const fn code(code: KeyCode) -> Key {
    Key { code, ctrl: false }
}

/// One row of the keymap.
#[derive(Debug)]
pub struct Binding {
    pub context: Context,
    pub keys: &'static [Key],
    pub action: Action,
    /// Shown in the footer of its context.
    pub hint: bool,
    /// What it does, from the interface language's table of key texts.
    pub label: fn(&KeyTexts) -> &'static str,
}

const fn b(
    context: Context,
    keys: &'static [Key],
    action: Action,
    hint: bool,
    label: fn(&KeyTexts) -> &'static str,
) -> Binding {
    Binding {
        context,
        keys,
        action,
        hint,
        label,
    }
}

use Context as C;

/// The keymap. Order matters: the first matching row wins, and rows appear in this order in
/// the footer and the help.
#[rustfmt::skip]
pub static KEYMAP: &[Binding] = &[
    b(C::Global, &[ctrl('c')], Action::Quit, false, |k| k.quit),
    b(C::Global, &[ctrl('z')], Action::Suspend, false, |k| k.suspend),
    b(C::Browse, &[k('q')], Action::Quit, true, |k| k.quit),
    b(C::Browse, &[k('?')], Action::ToggleHelp, true, |k| k.toggle_help),
    b(C::Browse, &[code(KeyCode::Tab)], Action::NextView, false, |k| k.next_view),
    b(C::Browse, &[code(KeyCode::BackTab)], Action::PrevView, false, |k| k.prev_view),
    b(C::Browse, &[k('1')], Action::ShowView(View::Projects), false, |k| k.view_projects),
    b(C::Browse, &[k('2')], Action::ShowView(View::Units), false, |k| k.view_units),
    b(C::Browse, &[k('3')], Action::ShowView(View::Timeline), false, |k| k.view_timeline),
    b(C::Browse, &[k('4')], Action::ShowView(View::Overview), false, |k| k.view_overview),
    b(C::Browse, &[code(KeyCode::Up), k('k')], Action::Up, false, |k| k.up),
    b(C::Browse, &[code(KeyCode::Down), k('j')], Action::Down, false, |k| k.down),
    b(C::Browse, &[code(KeyCode::PageUp), ctrl('b')], Action::PageUp, false, |k| k.page_up),
    b(C::Browse, &[code(KeyCode::PageDown), ctrl('f')], Action::PageDown, false, |k| k.page_down),
    b(C::Browse, &[code(KeyCode::Home), k('g')], Action::Home, false, |k| k.home),
    b(C::Browse, &[code(KeyCode::End), k('G')], Action::End, false, |k| k.end),
    b(C::Browse, &[code(KeyCode::Left), k('h')], Action::FocusLeft, false, |k| k.focus_left),
    b(C::Browse, &[code(KeyCode::Right), k('l'), code(KeyCode::Enter)], Action::FocusRight, true, |k| k.focus_right),
    b(C::Browse, &[k('f')], Action::OpenPicker, true, |k| k.open_picker),
    b(C::Browse, &[k('/')], Action::StartSearch, true, |k| k.start_search),
    b(C::Browse, &[k('c')], Action::CycleColour, true, |k| k.cycle_colour),
    b(C::Browse, &[k('s')], Action::CycleSort, true, |k| k.cycle_sort),
    b(C::Browse, &[k('x'), k(' ')], Action::CrossOff, true, |k| k.cross_off),
    b(C::Browse, &[k('u')], Action::Undo, true, |k| k.undo),
    b(C::Browse, &[ctrl('r')], Action::Redo, false, |k| k.redo),
    b(C::Browse, &[k('w')], Action::ToggleWall, false, |k| k.toggle_wall),
    b(C::Browse, &[k('n')], Action::AddUpdate, false, |k| k.add_update),
    b(C::Browse, &[k('p')], Action::EditProgress, false, |k| k.edit_progress),
    b(C::Browse, &[k('i')], Action::Invest, false, |k| k.invest),
    b(C::Browse, &[k('m')], Action::MoveDue, false, |k| k.move_due),
    b(C::Browse, &[k('a')], Action::AddItem, true, |k| k.add_item),
    b(C::Browse, &[k('A')], Action::AddOuter, false, |k| k.add_outer),
    b(C::Browse, &[k('E')], Action::EditItem, true, |k| k.edit_item),
    b(C::Browse, &[k('D')], Action::RemoveItem, false, |k| k.remove_item),
    b(C::Browse, &[k('S')], Action::Sync, false, |k| k.sync),
    b(C::Browse, &[k('H')], Action::History, false, |k| k.history),
    b(C::Browse, &[k('e')], Action::OpenEditor, false, |k| k.open_editor),
    b(C::Browse, &[k('b')], Action::WriteBrief, false, |k| k.write_brief),
    b(C::Browse, &[k('r')], Action::Reload, false, |k| k.reload),
    b(C::Browse, &[k('R')], Action::RetrySave, false, |k| k.retry_save),
    b(C::Browse, &[code(KeyCode::Esc)], Action::ClearFilters, false, |k| k.clear_filters),
    b(C::Picker, &[code(KeyCode::Up)], Action::Up, false, |k| k.up),
    b(C::Picker, &[code(KeyCode::Down)], Action::Down, false, |k| k.down),
    b(C::Picker, &[code(KeyCode::Enter)], Action::Confirm, true, |k| k.confirm),
    b(C::Picker, &[code(KeyCode::Esc)], Action::Cancel, true, |k| k.cancel),
    b(C::Picker, &[code(KeyCode::Backspace)], Action::Backspace, false, |k| k.backspace),
    b(C::Input, &[code(KeyCode::Enter)], Action::Confirm, true, |k| k.confirm_input),
    b(C::Input, &[code(KeyCode::Esc)], Action::Cancel, true, |k| k.cancel),
    b(C::Input, &[code(KeyCode::Backspace)], Action::Backspace, false, |k| k.backspace),
    b(C::Dialog, &[code(KeyCode::Enter), k('y')], Action::Confirm, true, |k| k.confirm_input),
    b(C::Dialog, &[code(KeyCode::Esc), k('n')], Action::Cancel, true, |k| k.cancel),
    b(C::Dialog, &[k('m')], Action::KeepMine, false, |k| k.keep_mine),
    b(C::Dialog, &[k('t')], Action::KeepTheirs, false, |k| k.keep_theirs),
    b(C::Dialog, &[code(KeyCode::Backspace)], Action::Backspace, false, |k| k.backspace),
    b(C::Form, &[code(KeyCode::Tab), code(KeyCode::Down)], Action::NextField, true, |k| k.next_field),
    b(C::Form, &[code(KeyCode::BackTab), code(KeyCode::Up)], Action::PrevField, false, |k| k.prev_field),
    b(C::Form, &[code(KeyCode::Enter)], Action::Confirm, true, |k| k.save_form),
    b(C::Form, &[code(KeyCode::Esc)], Action::Cancel, true, |k| k.cancel),
    b(C::Form, &[code(KeyCode::Backspace)], Action::Backspace, false, |k| k.backspace),
    b(C::Draft, &[k('e'), code(KeyCode::Enter)], Action::EditAgain, true, |k| k.edit_again),
    b(C::Draft, &[code(KeyCode::Esc), k('d')], Action::DiscardDraft, true, |k| k.discard_draft),
    b(C::Draft, &[code(KeyCode::Up), k('k')], Action::Up, false, |k| k.up_help),
    b(C::Draft, &[code(KeyCode::Down), k('j')], Action::Down, false, |k| k.down_help),
    b(C::Choose, &[code(KeyCode::Up), k('k')], Action::Up, false, |k| k.up),
    b(C::Choose, &[code(KeyCode::Down), k('j')], Action::Down, false, |k| k.down),
    b(C::Choose, &[k('m')], Action::KeepMine, true, |k| k.choose_mine),
    b(C::Choose, &[k('t')], Action::KeepTheirs, true, |k| k.choose_theirs),
    b(C::Choose, &[k('M')], Action::KeepAllMine, false, |k| k.choose_all_mine),
    b(C::Choose, &[k('T')], Action::KeepAllTheirs, false, |k| k.choose_all_theirs),
    b(C::Choose, &[code(KeyCode::Enter)], Action::Confirm, true, |k| k.sync_chosen),
    b(C::Choose, &[code(KeyCode::Esc)], Action::Cancel, true, |k| k.leave_conflicts),
    b(C::Help, &[code(KeyCode::Esc), k('?'), k('q')], Action::ToggleHelp, true, |k| k.toggle_help_help),
    b(C::Help, &[code(KeyCode::Up), k('k')], Action::Up, false, |k| k.up_help),
    b(C::Help, &[code(KeyCode::Down), k('j')], Action::Down, false, |k| k.down_help),
    b(C::Line, &[code(KeyCode::Left)], Action::Edit(LineEdit::Left), false, |k| k.cursor_left),
    b(C::Line, &[code(KeyCode::Right)], Action::Edit(LineEdit::Right), false, |k| k.cursor_right),
    b(C::Line, &[code(KeyCode::Home), ctrl('a')], Action::Edit(LineEdit::Start), false, |k| k.line_start),
    b(C::Line, &[code(KeyCode::End), ctrl('e')], Action::Edit(LineEdit::End), false, |k| k.line_end),
    b(C::Line, &[code(KeyCode::Delete)], Action::Edit(LineEdit::DeleteForward), false, |k| k.delete_forward),
    b(C::Line, &[ctrl('w')], Action::Edit(LineEdit::DeleteWord), false, |k| k.delete_word),
    b(C::Line, &[ctrl('u')], Action::Edit(LineEdit::DeleteToStart), false, |k| k.delete_to_start),
];

/// The context a mode listens in.
pub fn context_of(mode: &Mode) -> Context {
    match mode {
        Mode::Browse => Context::Browse,
        Mode::Picker(_) => Context::Picker,
        Mode::Search(_) | Mode::Input(_) => Context::Input,
        Mode::CrossOff(_)
        | Mode::Unmark(_)
        | Mode::ConfirmQuit(_)
        | Mode::SyncPassword(_)
        | Mode::Conflict(_)
        | Mode::ConfirmRemove(_) => Context::Dialog,
        Mode::SyncConflict(_) => Context::Choose,
        Mode::Form(_) => Context::Form,
        Mode::DraftProblems(_) => Context::Draft,
        Mode::Help { .. } | Mode::History { .. } => Context::Help,
    }
}

/// Whether printable keys type text in this context.
pub(super) fn types_text(context: Context) -> bool {
    matches!(
        context,
        Context::Picker | Context::Input | Context::Dialog | Context::Form
    )
}

pub(super) fn matches(key: &Key, ev: &KeyEvent) -> bool {
    let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
    if key.ctrl != ctrl {
        return false;
    }
    match (key.code, ev.code) {
        // Shift is part of the character ('G', '?'), not a separate modifier to check.
        (KeyCode::Char(a), KeyCode::Char(b)) => a == b,
        (a, b) => a == b,
    }
}

/// Maps a key press in a mode to an action, from the default table (the interface uses
/// `App::keymap`, the table with the config's overrides).
pub fn action_for(mode: &Mode, ev: &KeyEvent) -> Option<Action> {
    Keymap::defaults().action_for(mode, ev)
}

/// The label of a key, as shown in hints and help.
pub fn key_label(key: &Key) -> String {
    let base = match key.code {
        KeyCode::Char(' ') => "Space".to_string(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Enter => "Enter".into(),
        KeyCode::Esc => "Esc".into(),
        KeyCode::Tab => "Tab".into(),
        KeyCode::BackTab => "Shift-Tab".into(),
        KeyCode::Backspace => "Backspace".into(),
        KeyCode::Up => "↑".into(),
        KeyCode::Down => "↓".into(),
        KeyCode::Left => "←".into(),
        KeyCode::Right => "→".into(),
        KeyCode::PageUp => "PgUp".into(),
        KeyCode::PageDown => "PgDn".into(),
        KeyCode::Home => "Home".into(),
        KeyCode::End => "End".into(),
        KeyCode::F(n) => format!("F{n}"),
        other => format!("{other:?}"),
    };
    if key.ctrl {
        format!("Ctrl-{base}")
    } else {
        base
    }
}

/// Footer hints for a mode from the default table: (keys, description) in table order.
pub fn hints(mode: &Mode, lang: Lang) -> Vec<(String, &'static str)> {
    Keymap::defaults().hints(mode, lang)
}

pub fn describe(b: &Binding, lang: Lang) -> &'static str {
    (b.label)(&super::i18n::text(lang).keys)
}

/// The help's lines from the default table: per context, every binding with all its keys.
pub fn help_rows(lang: Lang) -> Vec<(Context, String, &'static str)> {
    Keymap::defaults().help_rows(lang)
}

/// Views cycle in this order with Tab.
pub const VIEW_ORDER: [View; 4] = [View::Projects, View::Units, View::Timeline, View::Overview];
