//! `tracker done`, `undone` and `log`: changes from scripts, through the same safe save as
//! the interface.

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use chrono::NaiveDate;

use super::CliError;
use crate::ledger::sanitize::{self, path as shown};
use crate::ledger::{self, Change, ChangeError, Ledger};
use crate::rules;

fn find_milestone(
    ledger: &Ledger,
    project: &str,
    milestone: &str,
) -> Result<(usize, usize), ChangeError> {
    let p = ledger
        .project_by_name(project)
        .ok_or_else(|| ChangeError::Missing(format!("no project named \"{project}\"")))?;
    let m = ledger.projects[p]
        .milestone_by_name(milestone)
        .ok_or_else(|| {
            let names: Vec<&str> = ledger.projects[p]
                .milestones
                .iter()
                .map(|m| m.name.as_str())
                .collect();
            ChangeError::Missing(format!(
                "project \"{project}\" has no milestone \"{milestone}\"; it has: {}",
                names.join(", ")
            ))
        })?;
    Ok((p, m))
}

/// `tracker done`: not dated after today (the rule the UI's dialog uses too).
pub(super) fn done(
    file: &Path,
    project: &str,
    milestone: &str,
    (date, today): (NaiveDate, NaiveDate),
    by: String,
    force: bool,
) -> Result<ExitCode, CliError> {
    rules::check_done_date(date, today)?;
    cross_off(file, project, milestone, Some(date), Some(by), force)
}

/// Sets or clears a milestone's `done`/`by`. Without `replace`, a milestone already crossed
/// off is left as recorded: silently replacing who and when would lose the record.
pub(super) fn cross_off(
    file: &Path,
    project: &str,
    milestone: &str,
    done: Option<NaiveDate>,
    by: Option<String>,
    replace: bool,
) -> Result<ExitCode, CliError> {
    let mut refused = None;
    let change = ledger::change_file(file, |l| {
        let (p, m) = find_milestone(l, project, milestone)?;
        let recorded = &l.projects[p].milestones[m];
        if let (Some(on), Some(_), false) = (recorded.done, done, replace) {
            let who = recorded
                .by
                .as_deref()
                .map_or_else(String::new, |w| format!(" by {w}"));
            let why = format!(
                "{project} / {milestone} was already crossed off on {on}{who}; \
                 nothing was changed (--force replaces the date and who)"
            );
            refused = Some(why.clone());
            return Err(ChangeError::Missing(why));
        }
        Ok(Change::MilestoneDone {
            project: p,
            milestone: m,
            done,
            by: by.as_deref().map(Into::into),
        })
    })
    .map_err(|e| match refused.take() {
        Some(why) => CliError::AlreadyDone(why),
        None => e.into(),
    })?;
    let (project, milestone) = (sanitize::message(project), sanitize::message(milestone));
    let what = match (&change, done) {
        (_, Some(d)) => format!("crossed off {project} / {milestone} on {d}"),
        _ => format!("un-marked {project} / {milestone}"),
    };
    let _ = writeln!(io::stdout(), "{}: {what}", shown(file));
    Ok(ExitCode::SUCCESS)
}

pub(super) fn log(
    file: &Path,
    project: &str,
    text: &str,
    date: NaiveDate,
    by: String,
) -> Result<ExitCode, CliError> {
    if text.trim().is_empty() {
        return Err(CliError::EmptyLine);
    }
    ledger::change_file(file, |l| {
        let p = l
            .project_by_name(project)
            .ok_or_else(|| ChangeError::Missing(format!("no project named \"{project}\"")))?;
        Ok(Change::AddUpdate {
            project: p,
            update: ledger::Update {
                date,
                text: text.into(),
                by: Some(by.into()),
            },
        })
    })?;
    let _ = writeln!(
        io::stdout(),
        "{}: logged for {} on {date}",
        shown(file),
        sanitize::message(project)
    );
    Ok(ExitCode::SUCCESS)
}
