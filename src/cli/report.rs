//! `tracker report …`: the report's arguments, the ledger loaded, the report written to
//! standard output or a file.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Args, Subcommand};

use super::{CliError, resolve_ledger};
use crate::ledger::load_path;
use crate::ledger::sanitize::path as shown;
use crate::report::{self, Format, Kind, Request};

#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// The weekly-meeting brief (周例会): overdue and due-soon milestones by unit, pledges
    /// due, lagging investment, and a summary.
    Brief(ReportArgs),
    /// The warning notice (督查通报): every red and yellow milestone with who answers for it.
    Notice(ReportArgs),
    /// Units ranked by on-time rate, then red count, then pledge attainment (考核).
    Scorecard(ReportArgs),
    /// What changed since a date or a revision (a meeting's tag): cross-offs, new warnings,
    /// re-plans, progress lines, monthly figures, by unit. Needs the ledger in git.
    Changes(ChangesArgs),
}

#[derive(Debug, Args)]
pub struct ChangesArgs {
    #[command(flatten)]
    pub report: ReportArgs,
    /// Since this day (YYYY-MM-DD) or this revision (a commit, a tag); default: the last
    /// meeting (`tracker meeting`).
    #[arg(long)]
    pub since: Option<String>,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The ledger (default: the default ledger).
    pub file: Option<PathBuf>,
    /// The window for "due soon", in days (default: the ledger's `warning.soon_days`).
    #[arg(long, allow_negative_numbers = true)]
    pub days: Option<i64>,
    /// Only this unit's milestones, pledges and projects.
    #[arg(long)]
    pub unit: Option<String>,
    /// md (default), txt (to paste into a document), csv (for Excel) or xlsx (a workbook
    /// set up to print; needs -o).
    #[arg(long, value_parser = parse_out_format, default_value = "md")]
    pub format: OutFormat,
    /// Write CSV without the UTF-8 byte-order mark (Excel needs it for Chinese).
    #[arg(long)]
    pub no_bom: bool,
    /// Write to this file instead of standard output.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

/// A report's format on the command line: a text format, or a workbook.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutFormat {
    Text(Format),
    Xlsx,
}

impl OutFormat {
    /// The text the report is made as (a workbook is made from the CSV's table).
    pub fn text(self) -> Format {
        match self {
            OutFormat::Text(f) => f,
            OutFormat::Xlsx => Format::Csv,
        }
    }
}

/// A text format (the interface's brief: md, txt or csv).
pub(super) fn parse_format(s: &str) -> Result<Format, String> {
    let t = super::words::text(super::early_lang());
    Format::parse(s).ok_or_else(|| super::words::say!(t.bad_format, s))
}

/// A report's format: a text format, or xlsx.
pub(super) fn parse_out_format(s: &str) -> Result<OutFormat, String> {
    if s.eq_ignore_ascii_case("xlsx") {
        return Ok(OutFormat::Xlsx);
    }
    let t = super::words::text(super::early_lang());
    Format::parse(s)
        .map(OutFormat::Text)
        .ok_or_else(|| super::words::say!(t.bad_report_format, s))
}

impl ReportCommand {
    fn parts(&self) -> (Kind, &ReportArgs) {
        match self {
            ReportCommand::Brief(a) => (Kind::Brief, a),
            ReportCommand::Notice(a) => (Kind::Notice, a),
            ReportCommand::Scorecard(a) => (Kind::Scorecard, a),
            // Rendered apart (see `changes`); as a brief where a kind is asked for.
            ReportCommand::Changes(c) => (Kind::Brief, &c.report),
        }
    }

    /// What the report module is asked for.
    pub fn request(&self, lang: crate::lang::Lang) -> Request {
        let (kind, a) = self.parts();
        Request {
            kind,
            days: a.days,
            unit: a.unit.clone(),
            format: a.format.text(),
            bom: !a.no_bom,
            lang,
        }
    }
}

/// `tracker report ...`.
pub(super) fn run(
    cmd: &ReportCommand,
    today: NaiveDate,
    lang: crate::lang::Lang,
) -> Result<ExitCode, CliError> {
    let (_, args) = cmd.parts();
    let path = resolve_ledger(args.file.as_deref(), lang)?;
    let loaded = load_path(&path)?;
    let text = match cmd {
        ReportCommand::Changes(c) => {
            changes(&path, &loaded.ledger, c.since.as_deref(), args, today, lang)?
        }
        ReportCommand::Scorecard(_) => {
            // With the history, each unit's red and yellow against the end of last month.
            let before = crate::git::work_tree(&path).and_then(|tree| {
                let day = report::end_of_month_before(today);
                crate::trend::on_days(&tree, &[day], today)
                    .ok()
                    .filter(|t| !t.points.is_empty())
            });
            report::render_with(&cmd.request(lang), &loaded.ledger, today, before.as_ref())?
        }
        _ => report::render(&cmd.request(lang), &loaded.ledger, today)?,
    };
    if args.format == OutFormat::Xlsx {
        let t = super::words::text(lang);
        let out = args
            .output
            .as_ref()
            .ok_or_else(|| CliError::Setup(t.xlsx_needs_output.to_string()))?;
        let (sheet, title) = workbook_title(cmd, &path, &loaded.ledger, today, lang);
        let bytes = crate::excel::report::report_workbook(&sheet, &title, today, &text, lang)
            .map_err(|e| CliError::Setup(super::words::say!(t.export_failed, e)))?;
        if crate::ledger::save::same_file(out, &path) {
            return Err(report::ReportError::OverTheLedger(out.clone()).into());
        }
        crate::ledger::save::write_new_file(out, &bytes)
            .map_err(|e| report::ReportError::Write(e.to_string()))?;
        let _ = writeln!(std::io::stdout(), "{}", shown(out));
        return Ok(ExitCode::SUCCESS);
    }
    match &args.output {
        Some(out) => {
            report::write_file(out, &path, &text)?;
            let _ = writeln!(std::io::stdout(), "{}", shown(out));
        }
        None => {
            std::io::stdout()
                .write_all(text.as_bytes())
                .map_err(CliError::Stdout)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The sheet's name and the title row of a report's workbook.
fn workbook_title(
    cmd: &ReportCommand,
    path: &std::path::Path,
    ledger: &crate::ledger::Ledger,
    today: NaiveDate,
    lang: crate::lang::Lang,
) -> (String, String) {
    let w = crate::report::words::words(lang);
    let day = crate::report::format::long_date(w, today);
    let (sheet, template) = match cmd {
        ReportCommand::Brief(_) => (w.xlsx_sheets[0], w.brief_title),
        ReportCommand::Notice(_) => (w.xlsx_sheets[1], w.xlsx_notice_title),
        ReportCommand::Scorecard(_) => (w.xlsx_sheets[2], w.scorecard_title),
        ReportCommand::Changes(_) => (w.xlsx_sheets[3], w.changes_title),
    };
    // The changes' title says since what, as the text report does.
    let point = match cmd {
        ReportCommand::Changes(c) => c
            .since
            .clone()
            .or_else(|| crate::git::work_tree(path).and_then(|t| t.last_meeting()))
            .unwrap_or(day),
        _ => day,
    };
    let title = crate::lang::fill(template, &[&ledger.title, &point]);
    (sheet.to_string(), title)
}

/// `tracker report changes FILE --since DATE|REV`: the ledger then (from git) against now.
fn changes(
    path: &std::path::Path,
    now: &crate::ledger::Ledger,
    since: Option<&str>,
    args: &ReportArgs,
    today: NaiveDate,
    lang: crate::lang::Lang,
) -> Result<String, CliError> {
    let t = super::words::text(lang);
    let tree = super::share::tree_of(path, lang)?;
    let since = match since {
        Some(s) => s.to_string(),
        None => tree
            .last_meeting()
            .ok_or_else(|| CliError::Setup(t.changes_no_meeting.to_string()))?,
    };
    let since = since.as_str();
    let (then_text, then_day) = tree
        .ledger_at(since)
        .map_err(|_| CliError::Setup(super::words::say!(t.changes_no_version, since)))?;
    let then = crate::ledger::load_str(&then_text)
        .map_err(|_| CliError::Setup(super::words::say!(t.changes_no_version, since)))?
        .0;
    let mut found = report::changes::between(&then, now, (then_day, today));
    if let Some(unit) = &args.unit {
        let names: Vec<&str> = now.units.iter().map(|u| u.name.as_str()).collect();
        let u = super::edit::find_named(unit, &names, crate::ledger::change::NameOf::Unit)
            .map_err(|e| CliError::Save(crate::ledger::save::SaveError::Edit(e)))?;
        found.retain(|(id, _)| *id == u);
    }
    Ok(report::changes::render(
        now,
        &found,
        since,
        args.format.text(),
        lang,
        !args.no_bom && args.format != OutFormat::Xlsx,
    ))
}
