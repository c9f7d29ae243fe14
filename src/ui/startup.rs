//! What the config brings to a starting interface: the user, the keys, the user's unit, and
//! word of a config that could not be used (on the status line: tracker never refuses to
//! start over its config).

use std::path::PathBuf;

use super::app::{App, Status, StatusKind};
use super::i18n::{config as words, fill};
use super::keymap::Keymap;
use crate::config::{KeyOverride, Problem};

/// The config's part of the interface's options.
#[derive(Debug, Clone, Default)]
pub struct FromConfig {
    /// Who is recorded in `by` (already resolved: TRACKER_USER, the config, the login).
    pub user: Option<String>,
    /// The config's unit: a filter to start with, dropped (and said so) when not in the
    /// ledger, unlike `--unit`.
    pub unit: Option<String>,
    pub keys: Vec<KeyOverride>,
    /// The file, and why it could not be used at all.
    pub problem: Option<(PathBuf, Problem)>,
}

pub fn apply(app: &mut App, from: &FromConfig) {
    if let Some(user) = &from.user {
        app.user = user.clone();
    }
    // The user name is written into the ledger as `by`: clean it like typed text.
    app.user = crate::ledger::sanitize::clean(std::mem::take(&mut app.user)).0;
    let lang = app.lang;
    let t = words::texts(lang);
    let mut said = Vec::new();
    if let Some(name) = &from.unit {
        match app.ledger.unit_by_name(name) {
            Some(u) => {
                app.filter.unit = Some(u);
                app.refresh_rows();
            }
            None => said.push(fill(t.no_such_unit, name)),
        }
    }
    let (keymap, problems) = Keymap::with_overrides(&from.keys);
    app.keymap = keymap;
    if let Some((file, p)) = &from.problem {
        said.push(fill(t.bad_config, words::problem_line(lang, file, p)));
    } else if !problems.is_empty() {
        let file = crate::config::path().unwrap_or_default();
        let lines: Vec<String> = problems
            .iter()
            .map(|p| words::problem_line(lang, &file, p))
            .collect();
        said.push(fill(t.bad_keys, lines.join("; ")));
    }
    if !said.is_empty() {
        app.status = Some(Status {
            kind: StatusKind::Error,
            text: said.join(" · "),
        });
    }
}
