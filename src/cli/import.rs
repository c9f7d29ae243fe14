//! `tracker import SHEET -o ledger.ron`: a ledger from an office's existing 台账
//! spreadsheet, with every cell not read listed by its place.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::{CliError, Lang};
use crate::excel::import::{
    Field, ImportError, Imported, Options, Why, column_letters, import, read_map,
};
use crate::excel::words::{ImportWords, import_words};
use crate::lang::fill;
use crate::ledger::sanitize::path as shown;

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The spreadsheet: .xlsx, .xls, .ods or .csv.
    pub sheet_file: PathBuf,
    /// The ledger to write (a new file).
    #[arg(short, long, required_unless_present = "dry_run")]
    pub output: Option<PathBuf>,
    /// Column names of your own: a file `Map(columns: {"主要负责单位": lead})`.
    #[arg(long, value_name = "MAP.ron")]
    pub map: Option<PathBuf>,
    /// The sheet to read (default: the first).
    #[arg(long)]
    pub sheet: Option<String>,
    /// The year of dates written without one, when the title does not say it.
    #[arg(long)]
    pub year: Option<i32>,
    /// Say what would be read, write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

fn field_word(w: &ImportWords, f: Field) -> &'static str {
    use Field as F;
    let i = [
        F::Name,
        F::Category,
        F::Lead,
        F::Support,
        F::Leader,
        F::Total,
        F::Plan,
        F::Done,
        F::Milestone,
        F::Due,
        F::Baseline,
        F::DoneOn,
        F::By,
        F::Scale,
        F::Unit,
        F::UnitLeader,
        F::Pledge,
        F::Target,
        F::Measure,
        F::Progress,
        F::Ignore,
    ]
    .iter()
    .position(|x| *x == f)
    .unwrap_or(20);
    w.fields[i]
}

fn why_words(w: &ImportWords, why: &Why) -> String {
    match why {
        Why::UnknownColumn(h) => fill(w.unknown_column, &[h]),
        Why::BlankRow => w.blank_row.to_string(),
        Why::TotalsRow(t) => fill(w.totals_row, &[t]),
        Why::Heading(t) => fill(w.heading_row, &[t]),
        Why::NotANumber(t) => fill(w.not_a_number, &[t]),
        Why::NotADate(t) => fill(w.not_a_date, &[t]),
        Why::NoProject => w.no_project.to_string(),
        Why::NoLead(p) => fill(w.no_lead, &[p]),
        Why::DueWithoutMilestone(d) => fill(w.due_without_milestone, &[d]),
        Why::MilestoneWithoutDue(m) => fill(w.milestone_without_due, &[m]),
        Why::Orphan(p) => fill(w.orphan, &[p]),
    }
}

/// An import error in words.
pub fn error_words(lang: Lang, e: &ImportError) -> String {
    let w = import_words(lang);
    match e {
        ImportError::Read(why) => fill(w.err_read, &[why]),
        ImportError::NotUtf8 => w.err_not_utf8.to_string(),
        ImportError::NoSuchSheet { name, sheets } => {
            fill(w.err_no_sheet, &[name, &sheets.join("、")])
        }
        ImportError::Empty => w.err_empty.to_string(),
        ImportError::NoHeader(s) => fill(w.err_no_header, &[s]),
        ImportError::NoNameColumn(s) => fill(w.err_no_names, &[s]),
        ImportError::NoYear => w.err_no_year.to_string(),
        ImportError::Map(why) => fill(w.err_map, &[why]),
        ImportError::Invalid(why) => fill(w.err_invalid, &[why]),
    }
}

/// What was read, in words: the columns, the counts, and every row or cell left out.
pub fn report(lang: Lang, got: &Imported) -> String {
    let w = import_words(lang);
    let mut out = String::new();
    for (sheet, columns) in &got.sheets {
        for (c, header, f) in columns {
            let line = fill(
                w.column,
                &[sheet, &column_letters(*c), header, &field_word(w, *f)],
            );
            out.push_str(&format!("  {line}\n"));
        }
    }
    out.push_str(&fill(
        w.summary,
        &[&got.units, &got.projects, &got.milestones, &got.pledges],
    ));
    out.push('\n');
    if !got.skipped.is_empty() {
        out.push_str(w.skipped_title);
        out.push('\n');
        for s in &got.skipped {
            let line = fill(w.skipped, &[&s.sheet, &s.place(), &why_words(w, &s.why)]);
            out.push_str(&format!("  {line}\n"));
        }
    }
    out
}

pub(super) fn run(a: &ImportArgs, lang: Lang) -> Result<ExitCode, CliError> {
    let w = import_words(lang);
    let map = match &a.map {
        Some(p) => {
            let text = std::fs::read_to_string(p)
                .map_err(|e| CliError::Setup(fill(w.err_map, &[&format!("{}: {e}", shown(p))])))?;
            read_map(&text).map_err(|e| CliError::Setup(error_words(lang, &e)))?
        }
        None => Default::default(),
    };
    let opts = Options {
        sheet: a.sheet.clone(),
        year: a.year,
        map,
    };
    let got = import(&a.sheet_file, &opts).map_err(|e| CliError::Setup(error_words(lang, &e)))?;
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(report(lang, &got).as_bytes());
    match (&a.output, a.dry_run) {
        (Some(path), false) => {
            crate::paths::write_new(path, &got.text).map_err(|e| {
                CliError::Setup(if e.kind() == std::io::ErrorKind::AlreadyExists {
                    fill(w.exists, &[&shown(path)])
                } else {
                    fill(w.err_read, &[&e])
                })
            })?;
            let _ = writeln!(out, "{}", fill(w.written, &[&shown(path)]));
        }
        _ => {
            let _ = writeln!(out, "{}", w.dry_run);
        }
    }
    Ok(ExitCode::SUCCESS)
}
