//! Reports for the office's working cycle: the weekly brief (周例会), the warning notice
//! (督查通报), the unit scorecard (考核), in Markdown, plain text or CSV for Excel.

pub mod brief;
pub mod csv;
pub mod data;
pub mod format;
pub mod notice;
pub mod scorecard;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Args, Subcommand};

use crate::ledger::sanitize::path as shown;
use crate::ledger::{Ledger, UnitId, load_path};
pub use format::Format;

#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// The weekly-meeting brief (周例会): overdue and due-soon milestones by unit, pledges
    /// due, lagging investment, and a summary.
    Brief(ReportArgs),
    /// The warning notice (督查通报): every red and yellow milestone with who answers for it.
    Notice(ReportArgs),
    /// Units ranked by on-time rate, then red count, then pledge attainment (考核).
    Scorecard(ReportArgs),
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The ledger (default: the default ledger).
    pub file: Option<PathBuf>,
    /// The window for "due soon", in days (default: the ledger's `warning.soon_days`).
    #[arg(long)]
    pub days: Option<i64>,
    /// Only this unit's milestones, pledges and projects.
    #[arg(long)]
    pub unit: Option<String>,
    /// md (default), txt (to paste into a document) or csv (for Excel).
    #[arg(long, value_enum, default_value_t = Format::Md)]
    pub format: Format,
    /// Write CSV without the UTF-8 byte-order mark (Excel needs it for Chinese).
    #[arg(long)]
    pub no_bom: bool,
    /// Write to this file instead of standard output.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

/// Renders one report for a loaded ledger.
pub fn render(cmd: &ReportCommand, ledger: &Ledger, today: NaiveDate) -> Result<String, String> {
    let args = match cmd {
        ReportCommand::Brief(a) | ReportCommand::Notice(a) | ReportCommand::Scorecard(a) => a,
    };
    // The ledger's own window is the default, as for its blue milestones.
    let days = args.days.unwrap_or(ledger.thresholds.soon_days);
    if days < 0 {
        return Err(format!(
            "--days {days} is negative; expected 0 or more days"
        ));
    }
    let unit = match &args.unit {
        None => None,
        Some(name) => Some(ledger.unit_by_name(name).ok_or_else(|| {
            let names: Vec<&str> = ledger.units.iter().map(|u| u.name.as_str()).collect();
            format!(
                "no unit named \"{name}\"; the ledger's units are: {}",
                names.join(", ")
            )
        })?),
    };
    let bom = !args.no_bom;
    Ok(match cmd {
        ReportCommand::Brief(_) => {
            let f = data::findings(ledger, today, days, unit);
            match args.format {
                Format::Md => brief::md(ledger, &f),
                Format::Txt => brief::txt(ledger, &f),
                Format::Csv => brief::csv(ledger, &f, bom),
            }
        }
        ReportCommand::Notice(_) => {
            let f = data::findings(ledger, today, days, unit);
            notice::render(ledger, &f, args.format, bom)
        }
        ReportCommand::Scorecard(_) => {
            let (rows, stats) = data::scorecard(ledger, today);
            let rows: Vec<_> = rows
                .into_iter()
                .filter(|r| unit.is_none_or(|u| u == r.unit))
                .collect();
            scorecard::render(ledger, &rows, &stats, today, args.format, bom)
        }
    })
}

/// `tracker report ...`.
pub fn run(cmd: &ReportCommand, today: NaiveDate) -> Result<ExitCode, String> {
    let args = match cmd {
        ReportCommand::Brief(a) | ReportCommand::Notice(a) | ReportCommand::Scorecard(a) => a,
    };
    let path = crate::cli::resolve_ledger(args.file.as_deref()).map_err(|e| e.to_string())?;
    let loaded = load_path(&path).map_err(|e| e.to_string())?;
    let text = render(cmd, &loaded.ledger, today)?;
    match &args.output {
        Some(out) => {
            write_file(out, &path, &text)?;
            let _ = writeln!(std::io::stdout(), "{}", shown(out));
        }
        None => {
            std::io::stdout()
                .write_all(text.as_bytes())
                .map_err(|e| format!("cannot write the report: {e}"))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes beside and renames (the one atomic writer of `ledger::save`), so a half-written
/// report never replaces a good one and no planted file is followed.
/// Never onto the ledger: by identity, not by name, so a link or another spelling of it is
/// refused too.
fn write_file(out: &Path, ledger: &Path, text: &str) -> Result<(), String> {
    if crate::ledger::save::same_file(out, ledger) {
        return Err(format!(
            "{} is the ledger itself; a report is never written over the ledger \
             (choose another -o file)",
            shown(out)
        ));
    }
    crate::ledger::save::write_new_file(out, text.as_bytes()).map_err(|e| e.to_string())
}

/// The brief in `format` (window: the ledger's `soon_days`), written from the UI (`b`)
/// beside the ledger, or into the current directory when the ledger's folder is not
/// writable. Returns the path written.
pub fn write_brief_from_ui(
    ledger: &Ledger,
    ledger_path: &Path,
    today: NaiveDate,
    unit: Option<UnitId>,
    format: Format,
) -> Result<String, String> {
    let f = data::findings(ledger, today, ledger.thresholds.soon_days, unit);
    let (text, ext) = match format {
        Format::Md => (brief::md(ledger, &f), "md"),
        Format::Txt => (brief::txt(ledger, &f), "txt"),
        // With the byte-order mark: the file is opened in Excel.
        Format::Csv => (brief::csv(ledger, &f, true), "csv"),
    };
    let name = format!("周例会简报-{today}.{ext}");
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
            write_file(&here, ledger_path, &text).map_err(|second| format!("{first}; {second}"))?;
            Ok(here.display().to_string())
        }
    }
}
