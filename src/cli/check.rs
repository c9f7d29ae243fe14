//! `tracker check`: every problem with its line and column, or a one-line summary.

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use chrono::NaiveDate;

use super::{CliError, resolve_ledger};
use crate::ledger::sanitize::path as shown;
use crate::ledger::{self, CacheWrite, Ledger, Severity, load_path_cached_with};
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
