//! Reading a ledger: decode, parse with `ron`, then validate into the model, collecting
//! every problem with its position.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::explain::{explain_ron, unclosed_attribute};
use super::model::Ledger;
use super::problem::{Figure, Finding, Problem};
use super::raw::RawLedger;
use super::ron::line_col;
use super::sanitize;
use super::save::{self, Fingerprint, ReadError, Stamp};
use super::stream::LedgerSeed;
use super::validate::Validator;

/// The most a ledger's investment figures (亿元) can mean: 1e6 亿元 is 100 万亿, beyond
/// any district's budget; larger is a typing mistake.
pub const MAX_INVESTMENT: f64 = 1e6;
/// The most a pledge's target or progress can be, in its own measure.
pub const MAX_QUANTITY: f64 = 1e9;

/// A ledger read from disk, with what is needed to save it back safely.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub ledger: Ledger,
    /// Problems that do not stop loading (shown by `tracker check`).
    pub warnings: Vec<Problem>,
    pub file: LedgerFile,
}

/// Where the ledger lives and what its bytes were when loaded.
#[derive(Debug, Clone)]
pub struct LedgerFile {
    /// The path as the user gave it (a symlink stays a symlink).
    pub path: PathBuf,
    pub fingerprint: Fingerprint,
    pub read_only: bool,
    /// Size, time and inode as loaded: what a watcher compares to notice other writers.
    pub stamp: Option<Stamp>,
}

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{0}")]
    Read(#[from] ReadError),
    #[error("{}", render_problems(file, problems, crate::lang::Lang::En))]
    Invalid {
        file: String,
        problems: Vec<Problem>,
    },
}

fn render_problems(file: &str, problems: &[Problem], lang: crate::lang::Lang) -> String {
    let mut out = String::new();
    for (i, p) in problems.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&p.display_in(file, lang));
    }
    out
}

impl LoadError {
    /// Why the ledger did not load, in `lang`: the problems each with its place, or why the
    /// file could not be read (a read error's words are given by the caller's table).
    pub fn problems_in(&self, lang: crate::lang::Lang) -> Option<String> {
        match self {
            LoadError::Read(_) => None,
            LoadError::Invalid { file, problems } => Some(render_problems(file, problems, lang)),
        }
    }

    /// The problems that stopped loading (empty for read errors).
    pub fn problems(&self) -> &[Problem] {
        match self {
            LoadError::Read(_) => &[],
            LoadError::Invalid { problems, .. } => problems,
        }
    }
}

/// Reads, parses and validates the ledger at `path`.
pub fn load_path(path: &Path) -> Result<Loaded, LoadError> {
    let mut read = save::read(path)?;
    let (ledger, warnings) = parse_read(path, &mut read)?;
    Ok(Loaded::from_read(path, &read, ledger, warnings))
}

/// Parses the bytes read from `path`; they go as soon as the model is built.
pub(crate) fn parse_read(
    path: &Path,
    read: &mut save::ReadFile,
) -> Result<(Ledger, Vec<Problem>), LoadError> {
    let bytes = std::mem::take(&mut read.bytes);
    load_bytes(&bytes).map_err(|problems| LoadError::Invalid {
        file: sanitize::path(path),
        problems,
    })
}

impl Loaded {
    /// The ledger loaded from `path`, with what the save needs of the file as read.
    pub(crate) fn from_read(
        path: &Path,
        read: &save::ReadFile,
        ledger: Ledger,
        warnings: Vec<Problem>,
    ) -> Self {
        Loaded {
            ledger,
            warnings,
            file: LedgerFile {
                path: path.to_path_buf(),
                fingerprint: read.fingerprint,
                read_only: read.read_only,
                stamp: Some(read.stamp),
            },
        }
    }
}

/// Parses and validates ledger bytes; on failure every problem found, in file order.
pub fn load_bytes(bytes: &[u8]) -> Result<(Ledger, Vec<Problem>), Vec<Problem>> {
    let text = decode(bytes)?;
    load_str(text)
}

/// Parses and validates ledger text (a leading BOM is skipped).
pub fn load_str(text: &str) -> Result<(Ledger, Vec<Problem>), Vec<Problem>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let conflicts = conflict_markers(text);
    if !conflicts.is_empty() {
        return Err(conflicts);
    }
    let mut v = Validator::default();
    let ledger = options()
        .from_str_seed(text, LedgerSeed { v: &mut v })
        .map_err(|e| {
            // What an input method typed where RON needs ASCII explains the failure better
            // than where ron gave up: name every such slip at its place.
            let slips = super::slips::find(text);
            if slips.is_empty() {
                vec![ron_problem(text, &e)]
            } else {
                slips
            }
        })?;
    v.finish(text).map(|warnings| (ledger, warnings))
}

fn options() -> ron::Options {
    ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
}

/// Bare `ron` deserialisation into the types that mirror the file, the floor that loading
/// is measured against.
pub fn parse_raw(text: &str) -> Result<RawLedger, Problem> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    options()
        .from_str::<RawLedger>(text)
        .map_err(|e| ron_problem(text, &e))
}

/// One `Project(...)` as written, read alone (the history walk reads only the projects a
/// commit touched).
pub fn parse_raw_project(text: &str) -> Option<super::raw::RawProject> {
    options().from_str(text).ok()
}

/// The `warning: (...)` value as written, read alone.
pub fn parse_raw_warning(text: &str) -> Option<super::raw::RawWarning> {
    options().from_str(text).ok()
}

/// A `ron` error as a problem at its place.
fn ron_problem(text: &str, e: &ron::error::SpannedError) -> Problem {
    // ron reports an unclosed `#![enable(` wherever it gave up reading; name the line.
    if let Some((line, col)) = unclosed_attribute(text) {
        return Problem::error(line, col, Finding::UnclosedAttribute);
    }
    // ron quotes the offending text: the words are cleaned like any ledger text.
    Problem::error(
        e.span.start.line.max(1),
        e.span.start.col.max(1),
        explain_ron(&e.code),
    )
}

/// Checks that the bytes are UTF-8, naming the first bad byte's place.
pub fn decode(bytes: &[u8]) -> Result<&str, Vec<Problem>> {
    // SIMD validation first (several times faster on Chinese text); std's only to name the
    // place of a bad byte.
    if let Ok(text) = simdutf8::basic::from_utf8(bytes) {
        return Ok(text);
    }
    std::str::from_utf8(bytes).map_err(|e| {
        let good = &bytes[..e.valid_up_to()];
        // valid_up_to() is a char boundary, so this prefix decodes.
        let prefix = std::str::from_utf8(good).unwrap_or_default();
        let (line, col) = line_col(prefix, prefix.len());
        let bad = bytes.get(e.valid_up_to()).copied().unwrap_or_default();
        vec![Problem::error(line, col, Finding::NotUtf8 { byte: bad })]
    })
}

fn conflict_markers(text: &str) -> Vec<Problem> {
    if memchr::memmem::find(text.as_bytes(), b"<<<<<<<").is_none() {
        return Vec::new();
    }
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.starts_with("<<<<<<<"))
        .map(|(i, _)| Problem::error(i + 1, 1, Finding::ConflictMarker))
        .collect()
}

/// An amount (investment, target, progress) is a finite number, 0 or more.
pub(crate) fn amount_rule(what: Figure, x: f64) -> Result<f64, Finding> {
    if !x.is_finite() || x < 0.0 {
        return Err(Finding::BadAmount { what, x });
    }
    Ok(x)
}

/// A milestone cannot have been done before its campaign could have started.
pub(crate) fn done_date_rule(d: NaiveDate, year: i32) -> Result<(), Finding> {
    let earliest = NaiveDate::from_ymd_opt(year - 1, 1, 1);
    if earliest.is_some_and(|e| d < e) {
        return Err(Finding::DoneTooEarly { date: d, year });
    }
    Ok(())
}

/// Parses an ISO `YYYY-MM-DD` date, explaining what is wrong otherwise.
pub fn parse_date(s: &str) -> Result<NaiveDate, Finding> {
    let shape_ok = s.len() == 10
        && s.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    if !shape_ok {
        return Err(Finding::NotADate(s.to_string()));
    }
    // The shape is checked above, so these are ASCII digits; no format string to interpret.
    let num = |r: std::ops::Range<usize>| {
        s.as_bytes()[r]
            .iter()
            .fold(0u32, |n, b| n * 10 + u32::from(b - b'0'))
    };
    let year = i32::try_from(num(0..4)).unwrap_or(0);
    NaiveDate::from_ymd_opt(year, num(5..7), num(8..10))
        .ok_or_else(|| Finding::NoSuchDay(s.to_string()))
}

/// A month of the monthly figures as the file writes it: `2018-05`.
pub fn month_text(year: i32, month: u32) -> String {
    format!("{year}-{month:02}")
}

/// A month of the monthly figures: `YYYY-MM` in the ledger's year; the month, 1 to 12.
pub fn parse_month(s: &str, year: i32) -> Result<u32, Finding> {
    let b = s.as_bytes();
    let shape_ok = b.len() == 7
        && b[4] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || c.is_ascii_digit());
    let num =
        |r: std::ops::Range<usize>| b[r].iter().fold(0u32, |n, c| n * 10 + u32::from(c - b'0'));
    if !shape_ok || !(1..=12).contains(&num(5..7)) {
        return Err(Finding::NotAMonth {
            text: s.to_string(),
            year,
        });
    }
    if i64::from(num(0..4)) != i64::from(year) {
        return Err(Finding::MonthOutsideYear {
            text: s.to_string(),
            year,
        });
    }
    Ok(num(5..7))
}
