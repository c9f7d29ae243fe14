//! Reports for the office's working cycle: the weekly brief (周例会), the warning notice
//! (督查通报), the unit scorecard (考核), in Markdown, plain text or CSV for Excel.

pub(crate) mod brief;
pub mod changes;
pub mod csv;
pub mod data;
pub mod format;
pub mod history;
pub(crate) mod notice;
pub(crate) mod scorecard;
pub mod words;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::lang::{Lang, fill};
use crate::ledger::sanitize::path as shown;
use crate::ledger::{Ledger, UnitId};
pub use format::Format;

/// Which report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The weekly-meeting brief (周例会).
    Brief,
    /// The warning notice (督查通报).
    Notice,
    /// Units ranked (考核).
    Scorecard,
}

/// What to report: which report, for which window and unit, in which format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub kind: Kind,
    /// The window for "due soon", in days (default: the ledger's `warning.soon_days`).
    pub days: Option<i64>,
    /// Only this unit's milestones, pledges and projects.
    pub unit: Option<String>,
    pub format: Format,
    /// CSV with the UTF-8 byte-order mark (Excel needs it for Chinese).
    pub bom: bool,
    /// The language of the report's words (the ledger's own text is never translated).
    pub lang: Lang,
}

impl Request {
    /// The same request for another report.
    pub fn kind(self, kind: Kind) -> Self {
        Request { kind, ..self }
    }
}

/// Why a report could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReportError {
    #[error("--days {0} is negative; expected 0 or more days")]
    NegativeDays(i64),
    #[error("no unit named \"{name}\"; the ledger's units are: {}", units.join(", "))]
    NoSuchUnit { name: String, units: Vec<String> },
    #[error("{} is the ledger itself; a report is never written over the ledger (choose another -o file)", shown(.0))]
    OverTheLedger(PathBuf),
    #[error("{0}")]
    Write(String),
}

/// Renders one report for a loaded ledger.
pub fn render(req: &Request, ledger: &Ledger, today: NaiveDate) -> Result<String, ReportError> {
    render_with(req, ledger, today, None)
}

/// Renders one report; the scorecard also compares each unit's red and yellow with
/// `month_before` (the counts at the end of the month before, from the history) when given.
pub fn render_with(
    req: &Request,
    ledger: &Ledger,
    today: NaiveDate,
    month_before: Option<&crate::trend::Trend>,
) -> Result<String, ReportError> {
    // The ledger's own window is the default, as for its blue milestones.
    let days = req.days.unwrap_or(ledger.thresholds.soon_days);
    if days < 0 {
        return Err(ReportError::NegativeDays(days));
    }
    let unit =
        match &req.unit {
            None => None,
            Some(name) => Some(crate::ledger::names::unit_typed(ledger, name).ok_or_else(
                || ReportError::NoSuchUnit {
                    name: name.clone(),
                    units: ledger.units.iter().map(|u| u.name.to_string()).collect(),
                },
            )?),
        };
    let bom = req.bom;
    let w = words::words(req.lang);
    Ok(match req.kind {
        Kind::Brief => {
            let f = data::findings(ledger, today, days, unit);
            match req.format {
                Format::Md => brief::md(w, ledger, &f),
                Format::Txt => brief::txt(w, ledger, &f),
                Format::Csv => brief::csv(w, ledger, &f, bom),
            }
        }
        Kind::Notice => {
            let f = data::findings(ledger, today, days, unit);
            notice::render(w, ledger, &f, req.format, bom)
        }
        Kind::Scorecard => {
            let (rows, stats) = data::scorecard(ledger, today);
            let rows: Vec<_> = rows
                .into_iter()
                .filter(|r| unit.is_none_or(|u| u == r.unit))
                .collect();
            let before = month_before.and_then(|t| Some((t, t.points.last()?)));
            scorecard::render(w, ledger, (&rows, &stats), before, today, req.format, bom)
        }
    })
}

/// The last day of the month before `today`'s: the scorecard's "end of last month".
pub fn end_of_month_before(today: NaiveDate) -> NaiveDate {
    chrono::Datelike::with_day(&today, 1)
        .and_then(|d| d.pred_opt())
        .unwrap_or(today)
}

/// Writes a report beside and renames (the one atomic writer of `ledger::save`), so a
/// half-written report never replaces a good one and no planted file is followed. Never
/// onto the ledger: by identity, not by name, so a link or another spelling of it is
/// refused too.
pub fn write_file(out: &Path, ledger: &Path, text: &str) -> Result<(), ReportError> {
    if crate::ledger::save::same_file(out, ledger) {
        return Err(ReportError::OverTheLedger(out.to_path_buf()));
    }
    crate::ledger::save::write_new_file(out, text.as_bytes())
        .map_err(|e| ReportError::Write(e.to_string()))
}

/// The brief in `format` and `lang` (window: the ledger's `soon_days`), written from the UI (`b`)
/// beside the ledger, or into the current directory when the ledger's folder is not
/// writable. Returns the path written.
pub fn write_brief_from_ui(
    ledger: &Ledger,
    ledger_path: &Path,
    today: NaiveDate,
    unit: Option<UnitId>,
    format: Format,
    lang: Lang,
) -> Result<String, ReportError> {
    let w = words::words(lang);
    let f = data::findings(ledger, today, ledger.thresholds.soon_days, unit);
    let (text, ext) = match format {
        Format::Md => (brief::md(w, ledger, &f), "md"),
        Format::Txt => (brief::txt(w, ledger, &f), "txt"),
        // With the byte-order mark: the file is opened in Excel.
        Format::Csv => (brief::csv(w, ledger, &f, true), "csv"),
    };
    let name = fill(w.brief_file, &[&today, &ext]);
    let beside = ledger_path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join(&name);
    match write_file(&beside, ledger_path, &text) {
        Ok(()) => Ok(beside.display().to_string()),
        Err(first) => {
            // Absolute, so the message tells the user where to look.
            let here = std::env::current_dir()
                .map(|d| d.join(&name))
                .unwrap_or_else(|_| PathBuf::from(&name));
            write_file(&here, ledger_path, &text)
                .map_err(|second| ReportError::Write(format!("{first}; {second}")))?;
            Ok(here.display().to_string())
        }
    }
}
