//! `tracker import`: a ledger built from an office's existing 台账 spreadsheet (xlsx, xls,
//! ods or csv). The header is found among the first rows and read through a table of the
//! usual column names (a mapping file adds an office's own); units are made from the
//! names seen; totals rows and blank rows are skipped and said; every cell not understood
//! is listed with its sheet, row, column and why. Nothing is guessed: a value not read is
//! left out, never made up. A workbook that tracker exported itself (项目台账, 节点,
//! 单位承诺) comes back whole: units, projects, milestones, dates, investment, pledges.

mod build;
mod columns;
pub(crate) mod grid;
mod values;

use std::collections::BTreeMap;
use std::path::Path;

pub use columns::Field;
pub use grid::Value;

/// What `tracker import` is asked.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub sheet: Option<String>,
    /// For dates written without a year, when the sheet's title names none.
    pub year: Option<i32>,
    /// An office's own column names (from `--map`).
    pub map: BTreeMap<String, Field>,
}

/// Why a spreadsheet could not be imported at all.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ImportError {
    #[error("cannot read the spreadsheet: {0}")]
    Read(String),
    #[error("the CSV file is not UTF-8")]
    NotUtf8,
    #[error("no sheet named {name}; the sheets are: {}", sheets.join(", "))]
    NoSuchSheet { name: String, sheets: Vec<String> },
    #[error("the workbook has no sheets")]
    Empty,
    #[error("no header row found in sheet {0} (none of the first rows names two known columns)")]
    NoHeader(String),
    #[error("no column of project names in sheet {0}")]
    NoNameColumn(String),
    #[error("the year is written nowhere in the sheet's title; give it with --year")]
    NoYear,
    #[error("the mapping file: {0}")]
    Map(String),
    /// The ledger made does not load (a bug: it is checked before it is written).
    #[error("the ledger made does not load: {0}")]
    Invalid(String),
}

/// Why a row or a cell was left out.
#[derive(Debug, Clone, PartialEq)]
pub enum Why {
    /// A column whose header is not a known name (its header's text).
    UnknownColumn(String),
    BlankRow,
    /// A totals row (合计, 小计), its first words.
    TotalsRow(String),
    /// A heading between the projects (一、产业项目): one text cell alone.
    Heading(String),
    NotANumber(String),
    NotADate(String),
    /// A row with neither a project name nor one above it to belong to.
    NoProject,
    /// A project without a responsible unit: left out.
    NoLead(String),
    /// A due date without a milestone beside it.
    DueWithoutMilestone(String),
    /// A milestone without a due date: left out.
    MilestoneWithoutDue(String),
    /// A milestone or pledge of a project or unit not in the workbook.
    Orphan(String),
}

/// A row or cell left out: where (row and column from 0), and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Skipped {
    pub sheet: String,
    pub row: usize,
    pub col: Option<usize>,
    pub why: Why,
}

impl Skipped {
    /// The place as Excel names it: `C5`, or the row alone (`5`).
    pub fn place(&self) -> String {
        match self.col {
            Some(c) => format!("{}{}", column_letters(c), self.row + 1),
            None => (self.row + 1).to_string(),
        }
    }
}

/// `A`, `B`, … `Z`, `AA` …
pub fn column_letters(mut c: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (c % 26) as u8);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// A sheet read, and its columns understood: (column, header as written, what it holds).
pub type SheetRead = (String, Vec<(usize, String, Field)>);

/// What was understood: the ledger's text, and what it holds.
#[derive(Debug, Clone)]
pub struct Imported {
    pub text: String,
    /// Each sheet read, with its columns.
    pub sheets: Vec<SheetRead>,
    pub units: usize,
    pub projects: usize,
    pub milestones: usize,
    pub pledges: usize,
    pub skipped: Vec<Skipped>,
}

/// Reads the mapping file: `Map(columns: {"主要负责单位": lead, …})`.
pub fn read_map(text: &str) -> Result<BTreeMap<String, Field>, ImportError> {
    #[derive(serde::Deserialize)]
    #[serde(rename = "Map")]
    struct Map {
        columns: BTreeMap<String, Field>,
    }
    ron::from_str::<Map>(text)
        .map(|m| m.columns)
        .map_err(|e| ImportError::Map(e.to_string()))
}

/// The ledger in the spreadsheet at `path`.
pub fn import(path: &Path, opts: &Options) -> Result<Imported, ImportError> {
    let (grid, names) = grid::read(path, opts.sheet.as_deref())?;
    // The sheets tracker's own export writes, by their names in either language.
    let ours = |i: usize| {
        let (zh, en) = (
            super::words::words(crate::Lang::Zh).sheets[i],
            super::words::words(crate::Lang::En).sheets[i],
        );
        names.iter().find(|n| *n == zh || *n == en).cloned()
    };
    if opts.sheet.is_none()
        && let (Some(p), Some(m)) = (ours(0), ours(1))
    {
        // A workbook tracker exported: every sheet it wrote.
        let projects = grid::read_sheet(path, &p)?;
        let milestones = grid::read_sheet(path, &m)?;
        let pledges = match ours(2) {
            Some(n) => Some(grid::read_sheet(path, &n)?),
            None => None,
        };
        let card = match ours(3) {
            Some(n) => Some(grid::read_sheet(path, &n)?),
            None => None,
        };
        let office = match ours(4) {
            Some(n) => office_in(&grid::read_sheet(path, &n)?),
            None => None,
        };
        let sheets = build::Exported {
            projects: &projects,
            milestones: &milestones,
            pledges: pledges.as_ref(),
            card: card.as_ref(),
            office,
        };
        return build::exported(opts, sheets);
    }
    build::office_sheet(opts, &grid)
}

/// The office named on an exported workbook's 总览 sheet.
fn office_in(overview: &grid::Grid) -> Option<String> {
    let labels = [
        super::words::words(crate::Lang::Zh).office_row,
        super::words::words(crate::Lang::En).office_row,
    ];
    overview.rows.iter().find_map(|r| {
        let first = r.first()?.text();
        labels
            .contains(&first.as_str())
            .then(|| r.get(1).map(Value::text))
            .flatten()
            .filter(|t| !t.is_empty())
    })
}
