//! Reports for the office's working cycle: the weekly brief, the warning notice, the unit
//! scorecard. Being replaced by the full implementation (issue 4).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Args, Subcommand};

use crate::ledger::{Ledger, UnitId};

#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// The weekly-meeting brief (周例会).
    Brief(ReportArgs),
    /// The warning notice (督查通报).
    Notice(ReportArgs),
    /// Units ranked (考核).
    Scorecard(ReportArgs),
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    pub file: Option<PathBuf>,
    #[arg(long, default_value_t = 14)]
    pub days: i64,
    #[arg(long)]
    pub unit: Option<String>,
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

pub fn run(_cmd: &ReportCommand, _today: NaiveDate) -> Result<ExitCode, String> {
    Err("reports are not built yet".into())
}

pub fn write_brief_from_ui(
    _ledger: &Ledger,
    _ledger_path: &Path,
    _today: NaiveDate,
    _unit: Option<UnitId>,
) -> Result<String, String> {
    Err("reports are not built yet".into())
}
