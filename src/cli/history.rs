//! `tracker history FILE [PROJECT [MILESTONE]]`: every change with who, when and what. In a
//! git work tree, from the ledger's commits (each save is one); elsewhere, from what the
//! ledger itself records (cross-offs with their date and who, progress lines).

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use super::edit::{find_milestone, project_named};
use super::words::{self, say};
use super::{CliError, Lang};
use crate::ledger::{self, Ledger};

pub(super) fn history(
    file: &Path,
    project: Option<&str>,
    milestone: Option<&str>,
    lang: Lang,
) -> Result<ExitCode, CliError> {
    let t = words::text(lang);
    let l = ledger::load_path(file)?.ledger;
    let save = |e| CliError::Save(ledger::save::SaveError::Edit(e));
    // The names as the ledger spells them: what the commits and the lines name.
    let (p, m) = match (project, milestone) {
        (Some(p), Some(m)) => {
            let (p, m) = find_milestone(&l, p, m).map_err(save)?;
            (Some(p), Some(m))
        }
        (Some(p), None) => (Some(project_named(&l, p).map_err(save)?), None),
        _ => (None, None),
    };
    let p_name = p.map(|p| l.projects[p].name.to_string());
    let m_name = p
        .zip(m)
        .map(|(p, m)| l.projects[p].milestones[m].name.to_string());
    let about = |text: &str| {
        p_name.as_deref().is_none_or(|n| text.contains(n))
            && m_name.as_deref().is_none_or(|n| text.contains(n))
    };
    let mut out = io::stdout().lock();
    if let Some(tree) = crate::git::work_tree(file) {
        let entries = tree
            .history()
            .map_err(|e| CliError::Setup(say!(t.sync_git_failed_words, e)))?;
        let mut any = false;
        for e in entries.iter().filter(|e| about(&e.subject)) {
            any = true;
            let when = e.when.get(..16).unwrap_or(&e.when).replace('T', " ");
            let _ = writeln!(out, "{}", say!(t.history_line, when, e.author, e.subject));
        }
        if !any {
            let _ = writeln!(out, "{}", t.history_none);
        }
        return Ok(ExitCode::SUCCESS);
    }
    let lines = recorded(&l, p, m, lang);
    if lines.is_empty() {
        let _ = writeln!(out, "{}", t.history_none);
    }
    for (_, line) in lines {
        let _ = writeln!(out, "{line}");
    }
    Ok(ExitCode::SUCCESS)
}

/// What the ledger records of who did what and when, newest first.
fn recorded(
    l: &Ledger,
    project: Option<usize>,
    milestone: Option<usize>,
    lang: Lang,
) -> Vec<(chrono::NaiveDate, String)> {
    let t = words::text(lang);
    let mut lines = Vec::new();
    for (pi, p) in l.projects.iter().enumerate() {
        if project.is_some_and(|want| want != pi) {
            continue;
        }
        for (mi, m) in p.milestones.iter().enumerate() {
            if milestone.is_some_and(|want| want != mi) {
                continue;
            }
            if let Some(d) = m.done {
                let by = m.by.as_deref().unwrap_or("");
                let what = say!(t.crossed_off, p.name, m.name, d);
                lines.push((d, say!(t.history_line, d, by, what)));
            }
        }
        if milestone.is_none() {
            for u in &p.updates {
                let by = u.by.as_deref().unwrap_or("");
                let what = say!(t.history_progress, p.name, u.text);
                lines.push((u.date, say!(t.history_line, u.date, by, what)));
            }
        }
    }
    lines.sort_by_key(|l| std::cmp::Reverse(l.0));
    lines
}
