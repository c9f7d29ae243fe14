//! The one table of keys. Dispatch, the footer hints and the `?` help all read it.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;
use super::app::{Mode, View};
use crate::lang::Lang;

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
    /// A confirmation dialog (cross off, un-mark, save failed).
    Dialog,
    /// The help screen.
    Help,
}

impl Context {
    pub const ALL: [Context; 6] = [
        Context::Global,
        Context::Browse,
        Context::Picker,
        Context::Input,
        Context::Dialog,
        Context::Help,
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
    /// What it does, in Chinese and in English.
    pub zh: &'static str,
    pub en: &'static str,
}

const fn b(
    context: Context,
    keys: &'static [Key],
    action: Action,
    hint: bool,
    zh: &'static str,
    en: &'static str,
) -> Binding {
    Binding {
        context,
        keys,
        action,
        hint,
        zh,
        en,
    }
}

use Context as C;

/// The keymap. Order matters: the first matching row wins, and rows appear in this order in
/// the footer and the help.
#[rustfmt::skip]
pub static KEYMAP: &[Binding] = &[
    b(C::Global, &[ctrl('c')], Action::Quit, false, "退出", "quit"),
    b(C::Global, &[ctrl('z')], Action::Suspend, false, "挂起到后台（fg 恢复）", "suspend (fg resumes)"),
    b(C::Browse, &[k('q')], Action::Quit, true, "退出", "quit"),
    b(C::Browse, &[k('?')], Action::ToggleHelp, true, "帮助", "help"),
    b(C::Browse, &[code(KeyCode::Tab)], Action::NextView, false, "下一视图", "next view"),
    b(C::Browse, &[code(KeyCode::BackTab)], Action::PrevView, false, "上一视图", "previous view"),
    b(C::Browse, &[k('1')], Action::ShowView(View::Projects), false, "项目视图", "projects view"),
    b(C::Browse, &[k('2')], Action::ShowView(View::Units), false, "单位承诺视图", "units and pledges view"),
    b(C::Browse, &[k('3')], Action::ShowView(View::Timeline), false, "时间轴视图", "timeline view"),
    b(C::Browse, &[k('4')], Action::ShowView(View::Overview), false, "总览视图", "overview"),
    b(C::Browse, &[code(KeyCode::Up), k('k')], Action::Up, false, "上移", "move up"),
    b(C::Browse, &[code(KeyCode::Down), k('j')], Action::Down, false, "下移", "move down"),
    b(C::Browse, &[code(KeyCode::PageUp), ctrl('b')], Action::PageUp, false, "上一页", "page up"),
    b(C::Browse, &[code(KeyCode::PageDown), ctrl('f')], Action::PageDown, false, "下一页", "page down"),
    b(C::Browse, &[code(KeyCode::Home), k('g')], Action::Home, false, "到顶", "first row"),
    b(C::Browse, &[code(KeyCode::End), k('G')], Action::End, false, "到底", "last row"),
    b(C::Browse, &[code(KeyCode::Left), k('h')], Action::FocusLeft, false, "焦点到列表", "focus the list"),
    b(C::Browse, &[code(KeyCode::Right), k('l'), code(KeyCode::Enter)], Action::FocusRight, true, "进入节点", "into milestones"),
    b(C::Browse, &[k('f')], Action::OpenPicker, true, "按单位筛选", "filter by unit"),
    b(C::Browse, &[k('/')], Action::StartSearch, true, "搜索", "search"),
    b(C::Browse, &[k('c')], Action::CycleColour, true, "按预警筛选", "colour filter"),
    b(C::Browse, &[k('s')], Action::CycleSort, true, "排序", "sort"),
    b(C::Browse, &[k('x'), k(' ')], Action::CrossOff, true, "销号", "cross off"),
    b(C::Browse, &[k('u')], Action::Undo, true, "撤销", "undo"),
    b(C::Browse, &[ctrl('r')], Action::Redo, false, "重做", "redo"),
    b(C::Browse, &[k('w')], Action::ToggleWall, false, "挂图作战(时间轴)", "wall chart (timeline)"),
    b(C::Browse, &[k('n')], Action::AddUpdate, false, "填报进度(项目)", "add progress line (project)"),
    b(C::Browse, &[k('p')], Action::EditProgress, false, "修改承诺进度(单位)", "edit pledge progress (unit)"),
    b(C::Browse, &[k('b')], Action::WriteBrief, false, "生成周例会简报", "write the weekly brief"),
    b(C::Browse, &[k('r')], Action::Reload, false, "重新载入台账", "reload the ledger"),
    b(C::Browse, &[k('R')], Action::RetrySave, false, "重试保存", "retry saving"),
    b(C::Browse, &[code(KeyCode::Esc)], Action::ClearFilters, false, "清除筛选", "clear filters"),
    b(C::Picker, &[code(KeyCode::Up)], Action::Up, false, "上移", "move up"),
    b(C::Picker, &[code(KeyCode::Down)], Action::Down, false, "下移", "move down"),
    b(C::Picker, &[code(KeyCode::Enter)], Action::Confirm, true, "确定", "apply"),
    b(C::Picker, &[code(KeyCode::Esc)], Action::Cancel, true, "取消", "cancel"),
    b(C::Picker, &[code(KeyCode::Backspace)], Action::Backspace, false, "删除一字", "delete a character"),
    b(C::Input, &[code(KeyCode::Enter)], Action::Confirm, true, "确定", "confirm"),
    b(C::Input, &[code(KeyCode::Esc)], Action::Cancel, true, "取消", "cancel"),
    b(C::Input, &[code(KeyCode::Backspace)], Action::Backspace, false, "删除一字", "delete a character"),
    b(C::Dialog, &[code(KeyCode::Enter), k('y')], Action::Confirm, true, "确定", "confirm"),
    b(C::Dialog, &[code(KeyCode::Esc), k('n')], Action::Cancel, true, "取消", "cancel"),
    b(C::Dialog, &[k('m')], Action::KeepMine, false, "冲突时保留我的修改", "in a conflict: keep mine"),
    b(C::Dialog, &[k('t')], Action::KeepTheirs, false, "冲突时保留文件中的", "in a conflict: keep the file's"),
    b(C::Dialog, &[code(KeyCode::Backspace)], Action::Backspace, false, "删除一字", "delete a character"),
    b(C::Help, &[code(KeyCode::Esc), k('?'), k('q')], Action::ToggleHelp, true, "关闭帮助", "close help"),
    b(C::Help, &[code(KeyCode::Up), k('k')], Action::Up, false, "上滚", "scroll up"),
    b(C::Help, &[code(KeyCode::Down), k('j')], Action::Down, false, "下滚", "scroll down"),
];

/// The context a mode listens in.
pub fn context_of(mode: &Mode) -> Context {
    match mode {
        Mode::Browse => Context::Browse,
        Mode::Picker(_) => Context::Picker,
        Mode::Search | Mode::Input(_) => Context::Input,
        Mode::CrossOff(_) | Mode::Unmark(_) | Mode::ConfirmQuit | Mode::Conflict(_) => {
            Context::Dialog
        }
        Mode::Help { .. } => Context::Help,
    }
}

/// Whether printable keys type text in this context.
fn types_text(context: Context) -> bool {
    matches!(context, Context::Picker | Context::Input | Context::Dialog)
}

fn matches(key: &Key, ev: &KeyEvent) -> bool {
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

/// Maps a key press in a mode to an action, from the table. Unbound printable keys type text
/// where text is typed.
pub fn action_for(mode: &Mode, ev: &KeyEvent) -> Option<Action> {
    let context = context_of(mode);
    let bound = KEYMAP
        .iter()
        .filter(|b| b.context == context || (b.context == Context::Global))
        .find(|b| b.keys.iter().any(|k| matches(k, ev)));
    if let Some(b) = bound {
        // In a text field, letters are text even when the dialog binds them ('y'/'n' only
        // answer dialogs that have no field).
        let is_letter = matches!(ev.code, KeyCode::Char(c) if !c.is_control());
        let dialog_with_field = matches!(mode, Mode::CrossOff(_));
        if !(is_letter && dialog_with_field && b.context == Context::Dialog) {
            return Some(b.action);
        }
    }
    if types_text(context)
        && !ev.modifiers.contains(KeyModifiers::CONTROL)
        && let KeyCode::Char(c) = ev.code
    {
        return Some(Action::Input(c));
    }
    None
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
        other => format!("{other:?}"),
    };
    if key.ctrl {
        format!("Ctrl-{base}")
    } else {
        base
    }
}

/// Footer hints for a mode: (keys, description) in table order.
pub fn hints(mode: &Mode, lang: Lang) -> Vec<(String, &'static str)> {
    let context = context_of(mode);
    KEYMAP
        .iter()
        .filter(|b| b.context == context && b.hint)
        .map(|b| {
            (
                b.keys.iter().take(1).map(key_label).collect(),
                describe(b, lang),
            )
        })
        .collect()
}

pub fn describe(b: &Binding, lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => b.zh,
        Lang::En => b.en,
    }
}

/// The help's lines: per context, every binding with all its keys.
pub fn help_rows(lang: Lang) -> Vec<(Context, String, &'static str)> {
    Context::ALL
        .iter()
        .flat_map(|&c| {
            KEYMAP.iter().filter(move |b| b.context == c).map(move |b| {
                let keys: Vec<String> = b.keys.iter().map(key_label).collect();
                (c, keys.join(" / "), describe(b, lang))
            })
        })
        .collect()
}

/// Views cycle in this order with Tab.
pub const VIEW_ORDER: [View; 4] = [View::Projects, View::Units, View::Timeline, View::Overview];
