//! The keymap in force: the static table with the config's overrides applied. Built once at
//! startup and held by the App; dispatch, the footer and the help all read it, so the table
//! stays declared once and an override shows everywhere.

use std::sync::LazyLock;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{Context, KEYMAP, Key, context_of, key_label, matches, types_text};
use crate::config::{KeyOverride, Problem, ProblemKind};
use crate::lang::Lang;
use crate::ui::action::Action;
use crate::ui::app::{LineEdit, Mode, View};
use crate::ui::i18n::KeyTexts;

/// Which of an action's keys a dialog's hint names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pick {
    First,
    /// The dialogs without a field answer to y/n, listed after Enter/Esc.
    Last,
    All,
}

/// One binding in force: a row of `KEYMAP`, its keys possibly replaced.
#[derive(Debug, Clone)]
pub struct Row {
    pub context: Context,
    pub keys: Vec<Key>,
    pub action: Action,
    pub hint: bool,
    pub label: fn(&KeyTexts) -> &'static str,
}

#[derive(Debug, Clone)]
pub struct Keymap {
    rows: Vec<Row>,
}

impl Default for Keymap {
    fn default() -> Self {
        Keymap::defaults().clone()
    }
}

/// A clash: two rows (by index) answering one key where both listen.
struct Clash {
    first: usize,
    second: Option<usize>,
    key: Key,
    context: Context,
}

impl Keymap {
    /// The static table as it is.
    pub fn defaults() -> &'static Keymap {
        static DEFAULTS: LazyLock<Keymap> = LazyLock::new(|| Keymap {
            rows: KEYMAP
                .iter()
                .map(|b| Row {
                    context: b.context,
                    keys: b.keys.to_vec(),
                    action: b.action,
                    hint: b.hint,
                    label: b.label,
                })
                .collect(),
        });
        &DEFAULTS
    }

    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    /// The defaults with the overrides applied. An override naming no action, with a key
    /// that is not one, or clashing with another binding is left out and reported.
    pub fn with_overrides(overrides: &[KeyOverride]) -> (Keymap, Vec<Problem>) {
        let base = Keymap::defaults();
        let mut problems = Vec::new();
        let mut active: Vec<(&KeyOverride, Vec<usize>, Vec<Key>)> = Vec::new();
        for o in overrides {
            let problem = |kind| Problem {
                line: o.line,
                col: o.col,
                kind,
            };
            let rows = base.rows_named(&o.action);
            if rows.is_empty() {
                problems.push(problem(ProblemKind::UnknownAction(o.action.clone())));
                continue;
            }
            if o.keys.is_empty() {
                problems.push(problem(ProblemKind::NoKeys(o.action.clone())));
                continue;
            }
            match o
                .keys
                .iter()
                .map(|k| parse_key(k).ok_or(k))
                .collect::<Result<Vec<_>, _>>()
            {
                Ok(keys) => active.push((o, rows, keys)),
                Err(bad) => problems.push(problem(ProblemKind::BadKey {
                    action: o.action.clone(),
                    key: bad.clone(),
                })),
            }
        }
        // Clashing overrides are dropped until none is left (the defaults never clash).
        loop {
            let mut map = base.clone();
            for (_, rows, keys) in &active {
                for &r in rows {
                    map.rows[r].keys = keys.clone();
                }
            }
            let clashes = map.clashes();
            let mut dropped = vec![false; active.len()];
            for c in &clashes {
                for (i, (o, rows, _)) in active.iter().enumerate() {
                    let involved =
                        rows.contains(&c.first) || c.second.is_some_and(|s| rows.contains(&s));
                    if involved && !dropped[i] {
                        dropped[i] = true;
                        problems.push(Problem {
                            line: o.line,
                            col: o.col,
                            kind: ProblemKind::Conflict {
                                key: key_name(&c.key),
                                context: context_name(c.context).into(),
                                first: action_name(map.rows[c.first].action).into(),
                                second: c
                                    .second
                                    .map_or("input", |s| action_name(map.rows[s].action))
                                    .into(),
                            },
                        });
                    }
                }
            }
            if !dropped.contains(&true) {
                return (map, problems);
            }
            let mut i = 0;
            active.retain(|_| {
                i += 1;
                !dropped[i - 1]
            });
        }
    }

    /// Rows an override names: `action` in every context, or `context.action` in one.
    fn rows_named(&self, name: &str) -> Vec<usize> {
        let (context, action) = match name.split_once('.') {
            Some((c, a)) => match Context::ALL.iter().find(|x| context_name(**x) == c) {
                Some(c) => (Some(*c), a),
                None => return Vec::new(),
            },
            None => (None, name),
        };
        self.rows
            .iter()
            .enumerate()
            .filter(|(_, r)| {
                action_name(r.action) == action && context.is_none_or(|c| c == r.context)
            })
            .map(|(i, _)| i)
            .collect()
    }

    /// Keys answered by two different actions where both listen, and printable keys bound
    /// where they would be typed as text.
    fn clashes(&self) -> Vec<Clash> {
        let mut out = Vec::new();
        for &c in &Context::ALL {
            if matches!(c, Context::Global | Context::Line) {
                continue;
            }
            let listening: Vec<usize> = (0..self.rows.len())
                .filter(|&i| {
                    let rc = self.rows[i].context;
                    rc == c || rc == Context::Global || (rc == Context::Line && types_text(c))
                })
                .collect();
            for (n, &i) in listening.iter().enumerate() {
                for &j in &listening[n + 1..] {
                    let (a, b) = (&self.rows[i], &self.rows[j]);
                    if a.action == b.action {
                        continue;
                    }
                    if let Some(k) = a.keys.iter().find(|k| b.keys.contains(k)) {
                        out.push(Clash {
                            first: i,
                            second: Some(j),
                            key: *k,
                            context: c,
                        });
                    }
                }
                // Dialogs answer y/n on purpose; elsewhere a bound letter (a global one
                // too: `quit = ["q"]`) could not be typed.
                let typed = matches!(c, Context::Picker | Context::Input | Context::Form);
                let row = &self.rows[i];
                if typed {
                    let printable = |k: &&Key| !k.ctrl && matches!(k.code, KeyCode::Char(_));
                    if let Some(k) = row.keys.iter().find(printable) {
                        out.push(Clash {
                            first: i,
                            second: None,
                            key: *k,
                            context: c,
                        });
                    }
                }
            }
        }
        out
    }

    /// Maps a key press in a mode to an action. Unbound printable keys type text where text
    /// is typed.
    pub fn action_for(&self, mode: &Mode, ev: &KeyEvent) -> Option<Action> {
        let context = context_of(mode);
        let bound = self
            .rows
            .iter()
            .filter(|b| {
                b.context == context
                    || b.context == Context::Global
                    || (b.context == Context::Line && types_text(context))
            })
            .find(|b| b.keys.iter().any(|k| matches(k, ev)));
        if let Some(b) = bound {
            // In a text field, letters are text even when the dialog binds them ('y'/'n'
            // only answer dialogs that have no field).
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

    /// A hint written in a dialog ("{} 确定 · {} 取消") with the keys in force filled in, so
    /// an override shows there too.
    pub fn fill_keys(&self, template: &str, keys: &[(Context, Action, Pick)]) -> String {
        let labels: Vec<String> = keys
            .iter()
            .map(|&(context, action, pick)| self.keys_of(context, action, pick))
            .collect();
        let values: Vec<&dyn std::fmt::Display> =
            labels.iter().map(|l| l as &dyn std::fmt::Display).collect();
        crate::ui::i18n::fill_all(template, &values)
    }

    fn keys_of(&self, context: Context, action: Action, pick: Pick) -> String {
        let Some(row) = self
            .rows
            .iter()
            .find(|r| r.context == context && r.action == action)
        else {
            return String::new();
        };
        let labels: Vec<String> = row.keys.iter().map(key_label).collect();
        match pick {
            Pick::First => labels.first().cloned().unwrap_or_default(),
            Pick::Last => labels.last().cloned().unwrap_or_default(),
            Pick::All => labels.join("/"),
        }
    }

    /// Footer hints for a mode: (first key, description) in table order.
    pub fn hints(&self, mode: &Mode, lang: Lang) -> Vec<(String, &'static str)> {
        let context = context_of(mode);
        let texts = &crate::ui::i18n::text(lang).keys;
        self.rows
            .iter()
            .filter(|b| b.context == context && b.hint)
            .map(|b| {
                (
                    b.keys.iter().take(1).map(key_label).collect(),
                    (b.label)(texts),
                )
            })
            .collect()
    }

    /// The help's lines: per context, every binding with all its keys.
    pub fn help_rows(&self, lang: Lang) -> Vec<(Context, String, &'static str)> {
        let texts = &crate::ui::i18n::text(lang).keys;
        Context::ALL
            .iter()
            .flat_map(|&c| {
                self.rows
                    .iter()
                    .filter(move |b| b.context == c)
                    .map(move |b| {
                        let keys: Vec<String> = b.keys.iter().map(key_label).collect();
                        (c, keys.join(" / "), (b.label)(texts))
                    })
            })
            .collect()
    }
}

/// A key from its usual name: `x`, `G`, `?`, `ctrl-s`, `space`, `enter`, `esc`, `tab`,
/// `shift-tab`, `backspace`, `up`, `pgdn`, `home`, `delete`, `f5` …
pub fn parse_key(name: &str) -> Option<Key> {
    let lower = name.trim().to_lowercase();
    if let Some(rest) = lower.strip_prefix("ctrl-").or(lower.strip_prefix("ctrl+")) {
        let mut key = parse_key(rest)?;
        if key.ctrl {
            return None;
        }
        key.ctrl = true;
        return Some(key);
    }
    if let Some(rest) = lower
        .strip_prefix("shift-")
        .or(lower.strip_prefix("shift+"))
    {
        return match rest {
            "tab" => Some(plain(KeyCode::BackTab)),
            r if r.chars().count() == 1 => r
                .chars()
                .next()
                .filter(char::is_ascii_alphabetic)
                .map(|c| plain(KeyCode::Char(c.to_ascii_uppercase()))),
            _ => None,
        };
    }
    let trimmed = name.trim();
    if trimmed.chars().count() == 1 {
        return trimmed.chars().next().map(|c| plain(KeyCode::Char(c)));
    }
    let code = match lower.as_str() {
        "space" => KeyCode::Char(' '),
        "enter" | "return" => KeyCode::Enter,
        "esc" | "escape" => KeyCode::Esc,
        "tab" => KeyCode::Tab,
        "backtab" => KeyCode::BackTab,
        "backspace" => KeyCode::Backspace,
        "up" => KeyCode::Up,
        "down" => KeyCode::Down,
        "left" => KeyCode::Left,
        "right" => KeyCode::Right,
        "pgup" | "pageup" => KeyCode::PageUp,
        "pgdn" | "pagedown" => KeyCode::PageDown,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        "delete" | "del" => KeyCode::Delete,
        f => KeyCode::F(
            f.strip_prefix('f')?
                .parse()
                .ok()
                .filter(|n| (1..=12).contains(n))?,
        ),
    };
    Some(plain(code))
}

fn plain(code: KeyCode) -> Key {
    Key { code, ctrl: false }
}

/// A key's name as the config writes it (`ctrl-s`, `space`, `f5`).
pub fn key_name(key: &Key) -> String {
    let base = match key.code {
        KeyCode::Char(' ') => "space".into(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::BackTab => "shift-tab".into(),
        KeyCode::PageUp => "pgup".into(),
        KeyCode::PageDown => "pgdn".into(),
        KeyCode::F(n) => format!("f{n}"),
        other => format!("{other:?}").to_lowercase(),
    };
    if key.ctrl {
        format!("ctrl-{base}")
    } else {
        base
    }
}

/// A context's name in the config (`browse.up`).
pub fn context_name(c: Context) -> &'static str {
    match c {
        Context::Global => "global",
        Context::Browse => "browse",
        Context::Picker => "picker",
        Context::Input => "input",
        Context::Dialog => "dialog",
        Context::Help => "help",
        Context::Line => "line",
        Context::Form => "form",
        Context::Draft => "draft",
        Context::Choose => "choose",
    }
}

/// An action's name in the config.
pub fn action_name(a: Action) -> &'static str {
    use Action as A;
    match a {
        A::Quit => "quit",
        A::Suspend => "suspend",
        A::ToggleHelp => "toggle_help",
        A::NextView => "next_view",
        A::PrevView => "prev_view",
        A::ShowView(View::Projects) => "view_projects",
        A::ShowView(View::Units) => "view_units",
        A::ShowView(View::Timeline) => "view_timeline",
        A::ShowView(View::Overview) => "view_overview",
        A::Up => "up",
        A::Down => "down",
        A::PageUp => "page_up",
        A::PageDown => "page_down",
        A::Home => "home",
        A::End => "end",
        A::FocusLeft => "focus_left",
        A::FocusRight => "focus_right",
        A::OpenPicker => "open_picker",
        A::StartSearch => "start_search",
        A::CycleColour => "cycle_colour",
        A::CycleSort => "cycle_sort",
        A::CrossOff => "cross_off",
        A::Undo => "undo",
        A::Redo => "redo",
        A::ToggleWall => "toggle_wall",
        A::AddUpdate => "add_update",
        A::EditProgress => "edit_progress",
        A::Invest => "invest",
        A::MoveDue => "move_due",
        A::AddItem => "add_item",
        A::AddOuter => "add_outer",
        A::EditItem => "edit_item",
        A::RemoveItem => "remove_item",
        A::OpenEditor => "open_editor",
        A::Sync => "sync",
        A::History => "history",
        A::WriteBrief => "write_brief",
        A::Reload => "reload",
        A::RetrySave => "retry_save",
        A::ClearFilters => "clear_filters",
        A::Confirm => "confirm",
        A::Cancel => "cancel",
        A::Backspace => "backspace",
        A::KeepMine => "keep_mine",
        A::KeepTheirs => "keep_theirs",
        A::KeepAllMine => "keep_all_mine",
        A::KeepAllTheirs => "keep_all_theirs",
        A::NextField => "next_field",
        A::PrevField => "prev_field",
        A::EditAgain => "edit_again",
        A::DiscardDraft => "discard_draft",
        A::Edit(LineEdit::Left) => "cursor_left",
        A::Edit(LineEdit::Right) => "cursor_right",
        A::Edit(LineEdit::Start) => "line_start",
        A::Edit(LineEdit::End) => "line_end",
        A::Edit(LineEdit::DeleteBack) => "delete_back",
        A::Edit(LineEdit::DeleteForward) => "delete_forward",
        A::Edit(LineEdit::DeleteWord) => "delete_word",
        A::Edit(LineEdit::DeleteToStart) => "delete_to_start",
        A::Input(_) => "input",
    }
}
