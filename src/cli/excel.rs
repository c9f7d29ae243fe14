//! `tracker export xlsx`: the 台账 as a workbook the meeting prints.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Args, Subcommand};

use super::words::{self, say};
use super::{CliError, Lang, resolve_ledger};
use crate::ledger::load_path;
use crate::ledger::sanitize::path as shown;
use crate::report::ReportError;

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// An Excel workbook (.xlsx): 项目台账, 节点, 单位承诺, 考核排名 and 总览, colour-coded and set
    /// up to print on A3.
    Xlsx(XlsxArgs),
}

#[derive(Debug, Args)]
pub struct XlsxArgs {
    /// The ledger (default: the default ledger).
    pub file: Option<PathBuf>,
    /// The workbook to write.
    #[arg(short, long)]
    pub output: PathBuf,
    /// Only this unit's projects, milestones and pledges.
    #[arg(long)]
    pub unit: Option<String>,
}

pub(super) fn export(
    cmd: &ExportCommand,
    today: NaiveDate,
    lang: Lang,
) -> Result<ExitCode, CliError> {
    let ExportCommand::Xlsx(a) = cmd;
    let path = resolve_ledger(a.file.as_deref(), lang)?;
    let ledger = load_path(&path)?.ledger;
    let unit =
        match &a.unit {
            None => None,
            Some(name) => Some(crate::ledger::names::unit_typed(&ledger, name).ok_or_else(
                || ReportError::NoSuchUnit {
                    name: name.clone(),
                    units: ledger.units.iter().map(|u| u.name.to_string()).collect(),
                },
            )?),
        };
    let t = words::text(lang);
    let bytes = crate::excel::workbook(&ledger, today, unit, lang)
        .map_err(|e| CliError::Setup(say!(t.export_failed, e)))?;
    if crate::ledger::save::same_file(&a.output, &path) {
        return Err(ReportError::OverTheLedger(a.output.clone()).into());
    }
    crate::ledger::save::write_new_file(&a.output, &bytes)
        .map_err(|e| ReportError::Write(e.to_string()))?;
    let _ = writeln!(std::io::stdout(), "{}", shown(&a.output));
    Ok(ExitCode::SUCCESS)
}
