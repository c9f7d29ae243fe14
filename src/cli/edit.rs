//! `tracker done`, `undone` and `log`: changes from scripts, through the same safe save as
//! the interface.

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use chrono::NaiveDate;

use super::CliError;
use super::words::{self, say};
use crate::lang::Lang;
use crate::ledger::change::{NameOf, NotFound};
use crate::ledger::sanitize::{self, path as shown};
use crate::ledger::{self, Change, ChangeError, Ledger, names};
use crate::rules;

/// A name as typed on the command line: the same once full-width forms and spaces are
/// folded, else the one name it starts; otherwise an error naming what was meant.
pub(super) fn find_named(typed: &str, names: &[&str], kind: NameOf) -> Result<usize, ChangeError> {
    find_read(typed, names, &[], kind)
}

/// [`find_named`], by pinyin too (`pinyin`: each name's override, if any).
fn find_read(
    typed: &str,
    names: &[&str],
    pinyin: &[Option<&str>],
    kind: NameOf,
) -> Result<usize, ChangeError> {
    let read = names
        .iter()
        .enumerate()
        .map(|(i, &n)| (n, pinyin.get(i).copied().flatten()));
    let named = |v: &[usize]| v.iter().map(|&i| names[i].to_string()).collect();
    let typed_s = typed.to_string();
    match names::find_read(typed, read, true) {
        names::Found::Exact(i) | names::Found::Prefix(i) => Ok(i),
        names::Found::Ambiguous(v) => Err(ChangeError::NotFound(NotFound::Ambiguous {
            kind,
            typed: typed_s,
            candidates: named(&v),
        })),
        names::Found::NotFound(v) => Err(ChangeError::NotFound(NotFound::Named {
            kind,
            typed: typed_s,
            closest: named(&v),
        })),
    }
}

/// A project by name or pinyin.
pub(super) fn project_named(l: &Ledger, typed: &str) -> Result<usize, ChangeError> {
    let names: Vec<&str> = l.projects.iter().map(|p| p.name.as_str()).collect();
    let pinyin: Vec<Option<&str>> = l.projects.iter().map(|p| p.pinyin.as_deref()).collect();
    find_read(typed, &names, &pinyin, NameOf::Project)
}

/// A unit by name or pinyin.
pub(super) fn unit_named(l: &Ledger, typed: &str) -> Result<usize, ChangeError> {
    let names: Vec<&str> = l.units.iter().map(|u| u.name.as_str()).collect();
    let pinyin: Vec<Option<&str>> = l.units.iter().map(|u| u.pinyin.as_deref()).collect();
    find_read(typed, &names, &pinyin, NameOf::Unit)
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
    let m = find_named(milestone, &milestones, NameOf::Milestone).map_err(|_| {
        ChangeError::NotFound(NotFound::Milestone {
            project: projects[p].to_string(),
            typed: milestone.to_string(),
            milestones: milestones.iter().map(|m| m.to_string()).collect(),
        })
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
    lang: Lang,
) -> Result<ExitCode, CliError> {
    rules::check_done_date(date, today)?;
    cross_off(
        file,
        project,
        milestone,
        (Some(date), Some(by)),
        force,
        lang,
    )
}

/// Sets or clears a milestone's `done`/`by`. Without `replace`, a milestone already crossed
/// off is left as recorded: silently replacing who and when would lose the record.
pub(super) fn cross_off(
    file: &Path,
    project: &str,
    milestone: &str,
    (done, by): (Option<NaiveDate>, Option<String>),
    replace: bool,
    lang: Lang,
) -> Result<ExitCode, CliError> {
    let t = words::text(lang);
    let mut refused = None;
    // The names as the ledger spells them (what was typed may be a prefix).
    let mut named = None;
    let (change, record) = ledger::change_file_noting(file, |l| {
        let (p, m) = find_milestone(l, project, milestone)?;
        named = Some((
            l.projects[p].name.to_string(),
            l.projects[p].milestones[m].name.to_string(),
        ));
        let recorded = &l.projects[p].milestones[m];
        if let (Some(on), Some(_), false) = (recorded.done, done, replace) {
            refused = Some(CliError::AlreadyDone {
                project: l.projects[p].name.to_string(),
                milestone: recorded.name.to_string(),
                on,
                by: recorded.by.as_ref().map(|b| b.to_string()),
            });
            return Err(ChangeError::Missing(recorded.name.to_string()));
        }
        Ok(Change::MilestoneDone {
            project: p,
            milestone: m,
            done,
            by: by.as_deref().map(Into::into),
        })
    })
    .map_err(|e| refused.take().unwrap_or_else(|| e.into()))?;
    let (project, milestone) =
        named.unwrap_or_else(|| (project.to_string(), milestone.to_string()));
    let (project, milestone) = (sanitize::message(&project), sanitize::message(&milestone));
    let what = match (&change, done) {
        (_, Some(d)) => say!(t.crossed_off, project, milestone, d),
        _ => say!(t.unmarked, project, milestone),
    };
    let _ = writeln!(io::stdout(), "{}", say!(t.done_in, shown(file), what));
    let author = by.unwrap_or_else(crate::config::user);
    super::commit(file, &format!("{what}{record}"), &author, lang);
    Ok(ExitCode::SUCCESS)
}

pub(super) fn log(
    file: &Path,
    project: &str,
    text: &str,
    date: NaiveDate,
    by: String,
    lang: Lang,
) -> Result<ExitCode, CliError> {
    let t = words::text(lang);
    if text.trim().is_empty() {
        return Err(CliError::EmptyLine);
    }
    // The project as the ledger names it (what was typed may be a prefix or pinyin).
    let mut named = None;
    let (_, record) = ledger::change_file_noting(file, |l| {
        let p = project_named(l, project)?;
        named = Some(l.projects[p].name.to_string());
        Ok(Change::AddUpdate {
            project: p,
            update: ledger::Update {
                date,
                text: text.into(),
                by: Some(by.as_str().into()),
            },
        })
    })?;
    let project = named.unwrap_or_else(|| project.to_string());
    let logged = say!(t.logged, sanitize::message(&project), date);
    let _ = writeln!(io::stdout(), "{}", say!(t.done_in, shown(file), logged));
    super::commit(file, &format!("{logged}{record}"), &by, lang);
    Ok(ExitCode::SUCCESS)
}
