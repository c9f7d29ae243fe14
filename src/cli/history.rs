//! `tracker history FILE [PROJECT [MILESTONE]]`: every change with who, when and what (see
//! `report::history`).

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use super::edit::{find_milestone, project_named};
use super::words::say;
use super::{CliError, Lang};
use crate::ledger;

pub(super) fn history(
    file: &Path,
    project: Option<&str>,
    milestone: Option<&str>,
    lang: Lang,
) -> Result<ExitCode, CliError> {
    let l = ledger::load_path(file)?.ledger;
    let save = |e| CliError::Save(ledger::save::SaveError::Edit(e));
    let (p, m) = match (project, milestone) {
        (Some(p), Some(m)) => {
            let (p, m) = find_milestone(&l, p, m).map_err(save)?;
            (Some(p), Some(m))
        }
        (Some(p), None) => (Some(project_named(&l, p).map_err(save)?), None),
        _ => (None, None),
    };
    let lines = crate::report::history::lines(file, &l, p, m, lang)
        .map_err(|e| CliError::Setup(say!(crate::ui::i18n::text(lang).sync_git_failed, e)))?;
    let mut out = io::stdout().lock();
    if lines.is_empty() {
        let _ = writeln!(out, "{}", crate::report::words::words(lang).history_none);
    }
    for line in lines {
        let _ = writeln!(out, "{line}");
    }
    Ok(ExitCode::SUCCESS)
}
