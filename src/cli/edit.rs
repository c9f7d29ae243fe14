//! `tracker done`, `undone` and `log`: changes from scripts, through the same safe save as
//! the interface.

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use chrono::NaiveDate;

use super::CliError;
use crate::ledger::sanitize::{self, path as shown};
use crate::ledger::{self, Change, ChangeError, Ledger, names};
use crate::rules;

/// A name as typed on the command line: the same once full-width forms and spaces are
/// folded, else the one name it starts; otherwise an error naming what was meant.
pub(super) fn find_named(typed: &str, names: &[&str], what: &str) -> Result<usize, ChangeError> {
    find_read(typed, names, &[], what)
}

/// [`find_named`], by pinyin too (`pinyin`: each name's override, if any).
fn find_read(
    typed: &str,
    names: &[&str],
    pinyin: &[Option<&str>],
    what: &str,
) -> Result<usize, ChangeError> {
    let read = names
        .iter()
        .enumerate()
        .map(|(i, &n)| (n, pinyin.get(i).copied().flatten()));
    let quoted = |v: &[usize]| {
        v.iter()
            .map(|&i| format!("\"{}\"", names[i]))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match names::find_read(typed, read, true) {
        names::Found::Exact(i) | names::Found::Prefix(i) => Ok(i),
        names::Found::Ambiguous(v) => Err(ChangeError::Missing(format!(
            "\"{typed}\" fits the names of several {what}s: {}; give more of the name",
            quoted(&v)
        ))),
        names::Found::NotFound(v) if v.is_empty() => {
            Err(ChangeError::Missing(format!("no {what} named \"{typed}\"")))
        }
        names::Found::NotFound(v) => Err(ChangeError::Missing(format!(
            "no {what} named \"{typed}\" (did you mean {}?)",
            quoted(&v)
        ))),
    }
}

/// A project by name or pinyin.
pub(super) fn project_named(l: &Ledger, typed: &str) -> Result<usize, ChangeError> {
    let names: Vec<&str> = l.projects.iter().map(|p| p.name.as_str()).collect();
    let pinyin: Vec<Option<&str>> = l.projects.iter().map(|p| p.pinyin.as_deref()).collect();
    find_read(typed, &names, &pinyin, "project")
}

/// A unit by name or pinyin.
pub(super) fn unit_named(l: &Ledger, typed: &str) -> Result<usize, ChangeError> {
    let names: Vec<&str> = l.units.iter().map(|u| u.name.as_str()).collect();
    let pinyin: Vec<Option<&str>> = l.units.iter().map(|u| u.pinyin.as_deref()).collect();
    find_read(typed, &names, &pinyin, "unit")
}

pub(super) fn find_milestone(
    ledger: &Ledger,
    project: &str,
    milestone: &str,
) -> Result<(usize, usize), ChangeError> {
    let projects: Vec<&str> = ledger.projects.iter().map(|p| p.name.as_str()).collect();
    let p = project_named(ledger, project)?;
    let milestones: Vec<&str> = ledger.projects[p]
        .milestones
        .iter()
        .map(|m| m.name.as_str())
        .collect();
    let m = find_named(milestone, &milestones, "milestone").map_err(|_| {
        ChangeError::Missing(format!(
            "project \"{}\" has no milestone \"{milestone}\"; it has: {}",
            projects[p],
            milestones.join(", ")
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
    // The names as the ledger spells them (what was typed may be a prefix).
    let mut named = None;
    let change = ledger::change_file(file, |l| {
        let (p, m) = find_milestone(l, project, milestone)?;
        named = Some((
            l.projects[p].name.to_string(),
            l.projects[p].milestones[m].name.to_string(),
        ));
        let recorded = &l.projects[p].milestones[m];
        if let (Some(on), Some(_), false) = (recorded.done, done, replace) {
            let who = recorded
                .by
                .as_deref()
                .map_or_else(String::new, |w| format!(" by {w}"));
            let why = format!(
                "{} / {} was already crossed off on {on}{who}; \
                 nothing was changed (--force replaces the date and who)",
                l.projects[p].name, recorded.name
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
    let (project, milestone) =
        named.unwrap_or_else(|| (project.to_string(), milestone.to_string()));
    let (project, milestone) = (sanitize::message(&project), sanitize::message(&milestone));
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
        let p = project_named(l, project)?;
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
