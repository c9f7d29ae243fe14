//! `tracker check`: every problem with its line and column, or a one-line summary.

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use chrono::NaiveDate;

use super::{CliError, resolve_ledger};
use crate::ledger::sanitize::path as shown;
use crate::ledger::{self, CacheWrite, ChangeError, Ledger, Severity, load_path_cached_with};
use crate::rules::{self, Colour};

pub(super) fn check(file: Option<&Path>, today: NaiveDate) -> Result<ExitCode, CliError> {
    let path = resolve_ledger(file)?;
    let name = shown(&path);
    let mut err = io::stderr().lock();
    // The cache is written before exiting, or the next check would parse again.
    match load_path_cached_with(&path, CacheWrite::Now) {
        Ok(loaded) => {
            for w in &loaded.warnings {
                let _ = writeln!(err, "{}", w.display_in(&name));
            }
            let summary = summary_line(&loaded.ledger, today);
            let _ = writeln!(io::stdout(), "{name}: ok: {summary}");
            Ok(ExitCode::SUCCESS)
        }
        Err(ledger::LoadError::Invalid { problems, .. }) => {
            for p in &problems {
                let _ = writeln!(err, "{}", p.display_in(&name));
            }
            let errors = problems
                .iter()
                .filter(|p| p.severity == Severity::Error)
                .count();
            let _ = writeln!(
                err,
                "{name}: {errors} problem{} found; nothing was changed",
                if errors == 1 { "" } else { "s" }
            );
            Ok(ExitCode::FAILURE)
        }
        Err(e) => Err(e.into()),
    }
}

/// `tracker check --fix-punctuation`: the full-width punctuation an input method typed
/// outside strings replaced by its ASCII twin, written only when the result loads (and the
/// file is still as read), each changed line shown before and after; then the check.
pub(super) fn fix_punctuation(file: Option<&Path>, today: NaiveDate) -> Result<ExitCode, CliError> {
    let path = resolve_ledger(file)?;
    let name = shown(&path);
    let read = ledger::save::read(&path).map_err(ledger::LoadError::from)?;
    let text = match ledger::decode(&read.bytes) {
        Ok(text) => text,
        // Not UTF-8: the check says where.
        Err(_) => return check(file, today),
    };
    let (fixed, count) = ledger::slips::fix_punctuation(text);
    let mut out = io::stdout().lock();
    if count == 0 {
        let _ = writeln!(out, "{name}: no full-width punctuation to replace");
        return check(file, today);
    }
    if let Err(problems) = ledger::load_str(&fixed) {
        let mut err = io::stderr().lock();
        let _ = writeln!(
            err,
            "{name}: with its {count} full-width punctuation mark{} replaced, the file would \
             still not load; nothing was changed. What would remain:",
            if count == 1 { "" } else { "s" }
        );
        for p in &problems {
            let _ = writeln!(err, "{}", p.display_in(&name));
        }
        return Ok(ExitCode::FAILURE);
    }
    let bytes = fixed.clone().into_bytes();
    ledger::save::transact(&path, Some(read.fingerprint), |_| {
        Ok::<_, ChangeError>(bytes)
    })?;
    for (n, (before, after)) in text.lines().zip(fixed.lines()).enumerate() {
        if before != after {
            let _ = writeln!(out, "{name}:{}:\n- {before}\n+ {after}", n + 1);
        }
    }
    let _ = writeln!(
        out,
        "{name}: replaced {count} full-width punctuation mark{}",
        if count == 1 { "" } else { "s" }
    );
    drop(out);
    check(file, today)
}

/// "165 projects, 420 milestones: 3 red, 5 yellow, 2 blue, 410 green (as of 2018-06-15)".
pub fn summary_line(ledger: &Ledger, today: NaiveDate) -> String {
    let t = rules::totals(ledger, &ledger.projects, today);
    format!(
        "{} units, {} projects, {} milestones: {} red, {} yellow, {} blue, {} green (as of {today})",
        ledger.units.len(),
        t.projects,
        t.milestones,
        t.counts.get(Colour::Red),
        t.counts.get(Colour::Yellow),
        t.counts.get(Colour::Blue),
        t.counts.get(Colour::Green),
    )
}
