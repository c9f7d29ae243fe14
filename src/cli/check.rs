//! `tracker check`: every problem with its line and column, or a one-line summary.

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use chrono::NaiveDate;

use super::words::{fill, text};
use super::{CliError, resolve_ledger};
use crate::lang::Lang;
use crate::ledger::sanitize::path as shown;
use crate::ledger::{self, CacheWrite, ChangeError, Ledger, Severity, load_path_cached_with};
use crate::rules::{self, Colour};

pub(super) fn check(
    file: Option<&Path>,
    today: NaiveDate,
    lang: Lang,
) -> Result<ExitCode, CliError> {
    let t = text(lang);
    let path = resolve_ledger(file, lang)?;
    let name = shown(&path);
    let mut err = io::stderr().lock();
    // The cache is written before exiting, or the next check would parse again.
    match load_path_cached_with(&path, CacheWrite::Now) {
        Ok(loaded) => {
            for w in &loaded.warnings {
                let _ = writeln!(err, "{}", w.display_in(&name, lang));
            }
            let summary = summary_line(&loaded.ledger, today, lang);
            let _ = writeln!(io::stdout(), "{}", fill(t.check_ok, &[&name, &summary]));
            Ok(ExitCode::SUCCESS)
        }
        Err(ledger::LoadError::Invalid { problems, .. }) => {
            for p in &problems {
                let _ = writeln!(err, "{}", p.display_in(&name, lang));
            }
            let errors = problems
                .iter()
                .filter(|p| p.severity == Severity::Error)
                .count();
            let _ = writeln!(
                err,
                "{}",
                fill(
                    one(errors, t.check_failed_one, t.check_failed),
                    &[&name, &errors]
                )
            );
            Ok(ExitCode::FAILURE)
        }
        Err(e) => Err(e.into()),
    }
}

/// `tracker check --fix-punctuation`: the full-width punctuation an input method typed
/// outside strings replaced by its ASCII twin, written only when the result loads (and the
/// file is still as read), each changed line shown before and after; then the check.
pub(super) fn fix_punctuation(
    file: Option<&Path>,
    today: NaiveDate,
    lang: Lang,
) -> Result<ExitCode, CliError> {
    let t = text(lang);
    let path = resolve_ledger(file, lang)?;
    let name = shown(&path);
    let read = ledger::save::read(&path).map_err(ledger::LoadError::from)?;
    let text = match ledger::decode(&read.bytes) {
        Ok(text) => text,
        // Not UTF-8: the check says where.
        Err(_) => return check(file, today, lang),
    };
    let (fixed, count) = ledger::slips::fix_punctuation(text);
    let mut out = io::stdout().lock();
    if count == 0 {
        let _ = writeln!(out, "{}", fill(t.fix_nothing, &[&name]));
        return check(file, today, lang);
    }
    if let Err(problems) = ledger::load_str(&fixed) {
        let mut err = io::stderr().lock();
        let _ = writeln!(
            err,
            "{}",
            fill(
                one(count, t.fix_would_not_load_one, t.fix_would_not_load),
                &[&name, &count]
            )
        );
        for p in &problems {
            let _ = writeln!(err, "{}", p.display_in(&name, lang));
        }
        return Ok(ExitCode::FAILURE);
    }
    let bytes = fixed.clone().into_bytes();
    ledger::save::transact(&path, Some(read.fingerprint), |_| {
        Ok::<_, ChangeError>(bytes)
    })?;
    for (n, (before, after)) in text.lines().zip(fixed.lines()).enumerate() {
        if before != after {
            let at = fill(t.fix_line, &[&name, &(n + 1)]);
            let _ = writeln!(out, "{at}\n- {before}\n+ {after}");
        }
    }
    let done = fill(one(count, t.fix_done_one, t.fix_done), &[&name, &count]);
    let _ = writeln!(out, "{done}");
    drop(out);
    super::commit(&path, &done, &crate::config::user(), lang);
    check(file, today, lang)
}

/// The label for one thing or for several.
fn one(n: usize, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 { one } else { many }
}

/// "22 units, 165 projects, 420 milestones: 3 red, 5 yellow, 2 blue, 410 green (as of
/// 2018-06-15)", in `lang`.
pub fn summary_line(ledger: &Ledger, today: NaiveDate, lang: Lang) -> String {
    let t = rules::totals(ledger, &ledger.projects, today);
    fill(
        text(lang).summary,
        &[
            &ledger.units.len(),
            &t.projects,
            &t.milestones,
            &t.counts.get(Colour::Red),
            &t.counts.get(Colour::Yellow),
            &t.counts.get(Colour::Blue),
            &t.counts.get(Colour::Green),
            &today,
        ],
    )
}
