//! Every change with who, when and what, for a project or a milestone or the whole ledger:
//! from the ledger's commits when it is in git (each save is one), else from what the
//! ledger itself records (cross-offs with their date and who, progress lines).

use std::path::Path;

use chrono::NaiveDate;

use super::words::words;
use crate::lang::{Lang, fill};
use crate::ledger::Ledger;

/// The history's lines, newest first; `project` and `milestone` narrow it (by position in
/// `ledger`, the version on disk at `path`).
pub fn lines(
    path: &Path,
    ledger: &Ledger,
    project: Option<usize>,
    milestone: Option<usize>,
    lang: Lang,
) -> Result<Vec<String>, crate::git::GitError> {
    let w = words(lang);
    let p_name = project.map(|p| ledger.projects[p].name.to_string());
    let m_name = project
        .zip(milestone)
        .map(|(p, m)| ledger.projects[p].milestones[m].name.to_string());
    let about = |text: &str| {
        p_name.as_deref().is_none_or(|n| text.contains(n))
            && m_name.as_deref().is_none_or(|n| text.contains(n))
    };
    if let Some(tree) = crate::git::work_tree(path) {
        return Ok(tree
            .history()?
            .into_iter()
            .filter(|e| about(&e.subject))
            .map(|e| {
                let when = e.when.get(..16).unwrap_or(&e.when).replace('T', " ");
                fill(w.history_line, &[&when, &e.author, &e.subject])
            })
            .collect());
    }
    Ok(recorded(ledger, project, milestone, lang))
}

/// What the ledger records of who did what and when, newest first.
fn recorded(
    l: &Ledger,
    project: Option<usize>,
    milestone: Option<usize>,
    lang: Lang,
) -> Vec<String> {
    let w = words(lang);
    let mut lines: Vec<(NaiveDate, String)> = Vec::new();
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
                let what = fill(w.history_crossed_off, &[&p.name, &m.name, &d]);
                lines.push((d, fill(w.history_line, &[&d, &by, &what])));
            }
        }
        if milestone.is_none() {
            for u in &p.updates {
                let by = u.by.as_deref().unwrap_or("");
                let what = fill(w.history_progress, &[&p.name, &u.text]);
                lines.push((u.date, fill(w.history_line, &[&u.date, &by, &what])));
            }
        }
    }
    lines.sort_by_key(|l| std::cmp::Reverse(l.0));
    lines.into_iter().map(|(_, l)| l).collect()
}
