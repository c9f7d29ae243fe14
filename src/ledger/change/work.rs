//! The office's monthly work as changes, shared by the forms and the command line: a
//! month's investment recorded (月报), a milestone re-planned (倒排工期), a pledge closed.

use chrono::NaiveDate;
use compact_str::CompactString;

use super::item::{Fields, Item, MilestoneFields, ProjectFields};
use super::{Change, ChangeError};
use crate::ledger::model::{Investment, Ledger, MonthDone};

fn missing(what: &str) -> ChangeError {
    ChangeError::Missing(what.to_string())
}

/// Figures are kept to the millionth (of 亿元: to the hundred yuan), so that adding a
/// month's figure to the year's total never leaves a binary tail like 1.3000000000000003.
fn tidy(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// What a project's investment figures are to become.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct InvestmentEntry {
    /// A month (1 to 12) and what was completed in it.
    pub month: Option<(u32, f64)>,
    pub plan: Option<f64>,
    pub total: Option<f64>,
}

/// Records investment: a month's completed figure replaces that month's earlier figure, and
/// the year's `done` moves by the difference, in the same edit; `plan` and `total` are set
/// when given.
pub fn record_investment(
    ledger: &Ledger,
    project: usize,
    entry: InvestmentEntry,
) -> Result<Change, ChangeError> {
    let p = ledger
        .projects
        .get(project)
        .ok_or_else(|| missing("project"))?;
    let inv = p.investment.unwrap_or_default();
    let plan = entry.plan.or(inv.plan);
    let total = entry.total.or(inv.total);
    set_investment(ledger, project, entry.month, plan, total)
}

/// [`record_investment`] with the plan and total the project is to have (None: no figure),
/// as a form that shows them sets them.
pub fn set_investment(
    ledger: &Ledger,
    project: usize,
    month: Option<(u32, f64)>,
    plan: Option<f64>,
    total: Option<f64>,
) -> Result<Change, ChangeError> {
    let p = ledger
        .projects
        .get(project)
        .ok_or_else(|| missing("project"))?;
    let mut fields = ProjectFields::of(ledger, p);
    let mut inv = fields.investment.unwrap_or_default();
    if let Some((month, done)) = month {
        let was = p.month_done(month).unwrap_or(0.0);
        match fields.monthly.iter_mut().find(|m| m.month == month) {
            Some(m) => m.done = done,
            None => fields.monthly.push(MonthDone { month, done }),
        }
        inv.done = Some(tidy(inv.done.unwrap_or(0.0) + done - was).max(0.0));
    }
    inv.plan = plan;
    inv.total = total;
    fields.investment = (inv != Investment::default()).then_some(inv);
    Ok(Change::Set {
        item: Item::Project(project),
        fields: Box::new(Fields::Project(fields)),
    })
}

/// Moves a milestone's due date. The first move keeps the date it had as `baseline`; later
/// moves keep that baseline; moving it back to the baseline ends the re-plan.
pub fn move_milestone(
    ledger: &Ledger,
    project: usize,
    milestone: usize,
    due: NaiveDate,
) -> Result<Change, ChangeError> {
    let m = ledger
        .projects
        .get(project)
        .and_then(|p| p.milestones.get(milestone))
        .ok_or_else(|| missing("milestone"))?;
    let mut fields = MilestoneFields::of(ledger, m);
    fields.move_to(due);
    Ok(Change::Set {
        item: Item::Milestone { project, milestone },
        fields: Box::new(Fields::Milestone(fields)),
    })
}

/// What a pledge's record is to become.
#[derive(Debug, Clone, PartialEq)]
pub enum PledgeEntry {
    /// Fulfilled on that day, recorded by that person.
    Done(NaiveDate, CompactString),
    /// Open again.
    Reopen,
    Progress(f64),
}

pub fn record_pledge(
    ledger: &Ledger,
    unit: usize,
    pledge: usize,
    entry: PledgeEntry,
) -> Result<Change, ChangeError> {
    let mut p = ledger
        .units
        .get(unit)
        .and_then(|u| u.pledges.get(pledge))
        .ok_or_else(|| missing("pledge"))?
        .clone();
    match entry {
        PledgeEntry::Done(d, by) => {
            p.done = Some(d);
            p.by = Some(by);
        }
        PledgeEntry::Reopen => {
            p.done = None;
            p.by = None;
        }
        PledgeEntry::Progress(x) => p.progress = Some(x),
    }
    Ok(Change::Set {
        item: Item::Pledge { unit, pledge },
        fields: Box::new(Fields::Pledge(p)),
    })
}

/// A month as a clerk types it: `2018-05`, `2018年5月`, `5`, `5月`, `05`, `五月`; in the
/// ledger's year (1 to 12).
pub fn parse_month_typed(text: &str, year: i32) -> Result<u32, crate::ledger::WhenError> {
    use crate::ledger::WhenError;
    let not = || WhenError::NotAMonth(text.trim().to_string());
    let t = text.trim();
    if let Ok(m) = crate::ledger::load::parse_month(t, year) {
        return Ok(m);
    }
    let outside = || WhenError::MonthOutsideYear {
        text: t.to_string(),
        year,
    };
    // YYYY-MM of another year.
    if let Some((y, m)) = t.split_once('-')
        && y.len() == 4
        && y.parse::<i32>().is_ok_and(|y| y != year)
        && m.parse::<u32>().is_ok_and(|m| (1..=12).contains(&m))
    {
        return Err(outside());
    }
    // The month's last day, read as any date would be: 5月, 2018年5月, 五月.
    let t = t.strip_suffix("份").unwrap_or(t);
    let as_day = if t.chars().all(|c| c.is_ascii_digit()) && !t.is_empty() {
        format!("{t}月")
    } else {
        t.to_string()
    };
    let plain = as_day.ends_with('月') || as_day.chars().all(|c| c.is_ascii_digit() || c == '-');
    let d = crate::ledger::parse_when(&as_day, year).map_err(|_| not())?;
    if !plain {
        return Err(not());
    }
    if chrono::Datelike::year(&d) != year {
        return Err(outside());
    }
    Ok(chrono::Datelike::month(&d))
}
