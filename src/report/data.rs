//! What the reports say, computed once from the ledger; the formats only lay it out.

use chrono::NaiveDate;

use crate::ledger::{Ledger, UnitId};
use crate::rules::{self, Colour, InvestmentLag, ScoreRow, UnitStats};

/// One milestone in a report.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub unit: UnitId,
    pub project: usize,
    pub milestone: usize,
    pub colour: Colour,
    pub due: NaiveDate,
    /// Days past due (positive) or left (zero or negative means due in that many days).
    pub days_late: i64,
}

/// Items of one unit.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub unit: UnitId,
    pub items: Vec<Item>,
}

/// A pledge due within the window and not attained; one already overdue is still due, so
/// it stays in the brief until it is fulfilled or its progress reaches its target.
#[derive(Debug, Clone, PartialEq)]
pub struct PledgeDue {
    pub unit: UnitId,
    pub pledge: usize,
    pub due: NaiveDate,
    /// Days past due (positive) or, negated, days left.
    pub days_late: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Lagging {
    pub project: usize,
    pub lag: InvestmentLag,
}

/// Everything the weekly brief and the notice draw on.
#[derive(Debug, Clone)]
pub struct Findings {
    pub today: NaiveDate,
    pub days: i64,
    pub unit: Option<UnitId>,
    /// Red, then yellow; grouped by unit, the unit with the worst item first.
    pub overdue: Vec<Group>,
    /// Open milestones due from today to today + days, by unit, earliest first.
    pub due_soon: Vec<Group>,
    pub pledges: Vec<PledgeDue>,
    pub lagging: Vec<Lagging>,
    pub totals: rules::Totals,
}

impl Findings {
    pub fn count(&self, colour: Colour) -> usize {
        self.overdue
            .iter()
            .flat_map(|g| &g.items)
            .filter(|i| i.colour == colour)
            .count()
    }

    pub fn due_soon_count(&self) -> usize {
        self.due_soon.iter().map(|g| g.items.len()).sum()
    }
}

/// Severity order of items: red first, most days late first, then due, project, milestone.
pub fn item_order(ledger: &Ledger) -> impl Fn(&Item, &Item) -> std::cmp::Ordering + '_ {
    move |a, b| {
        b.colour
            .cmp(&a.colour)
            .then(b.days_late.cmp(&a.days_late))
            .then(a.due.cmp(&b.due))
            .then(
                ledger.projects[a.project]
                    .name
                    .cmp(&ledger.projects[b.project].name),
            )
            .then(a.milestone.cmp(&b.milestone))
    }
}

/// Groups items by unit keeping the items' order; units appear in the order of their first
/// item (so the unit with the worst item leads).
fn group(items: Vec<Item>) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    for item in items {
        match groups.iter_mut().find(|g| g.unit == item.unit) {
            Some(g) => g.items.push(item),
            None => groups.push(Group {
                unit: item.unit,
                items: vec![item],
            }),
        }
    }
    groups
}

pub fn findings(ledger: &Ledger, today: NaiveDate, days: i64, unit: Option<UnitId>) -> Findings {
    let t = &ledger.thresholds;
    let mut overdue = Vec::new();
    let mut soon = Vec::new();
    for (pi, p) in ledger.projects.iter().enumerate() {
        for (mi, m) in p.milestones.iter().enumerate() {
            let u = p.milestone_unit(m);
            if m.done.is_some() || unit.is_some_and(|f| f != u) {
                continue;
            }
            let item = Item {
                unit: u,
                project: pi,
                milestone: mi,
                colour: rules::milestone_colour(m, today, t),
                due: m.due,
                days_late: (today - m.due).num_days(),
            };
            if item.days_late > 0 {
                overdue.push(item);
            } else if -item.days_late <= days {
                soon.push(item);
            }
        }
    }
    overdue.sort_by(item_order(ledger));
    soon.sort_by(|a, b| {
        a.due
            .cmp(&b.due)
            .then(
                ledger.projects[a.project]
                    .name
                    .cmp(&ledger.projects[b.project].name),
            )
            .then(a.milestone.cmp(&b.milestone))
    });
    let mut pledges: Vec<PledgeDue> = ledger
        .units
        .iter()
        .enumerate()
        .filter(|(u, _)| unit.is_none_or(|f| f == *u))
        .flat_map(|(u, unit)| {
            unit.pledges.iter().enumerate().filter_map(move |(i, p)| {
                let due = p.due?;
                let open = !rules::pledge_attained(p);
                let days_late = (today - due).num_days();
                (open && -days_late <= days).then_some(PledgeDue {
                    unit: u,
                    pledge: i,
                    due,
                    days_late,
                })
            })
        })
        .collect();
    pledges.sort_by(|a, b| {
        a.due
            .cmp(&b.due)
            .then(a.unit.cmp(&b.unit))
            .then(a.pledge.cmp(&b.pledge))
    });
    let mut lagging: Vec<Lagging> = ledger
        .projects
        .iter()
        .enumerate()
        .filter(|(_, p)| unit.is_none_or(|f| p.lead == f))
        .filter_map(|(i, p)| {
            let lag = rules::investment_lag(ledger, p, today)?;
            lag.lagging.then_some(Lagging { project: i, lag })
        })
        .collect();
    lagging.sort_by(|a, b| {
        a.lag.gap_points.total_cmp(&b.lag.gap_points).then(
            ledger.projects[a.project]
                .name
                .cmp(&ledger.projects[b.project].name),
        )
    });
    let shown = ledger.projects.iter().filter(|p| {
        unit.is_none_or(|f| p.lead == f || p.milestones.iter().any(|m| m.unit == Some(f)))
    });
    Findings {
        today,
        days,
        unit,
        overdue: group(overdue),
        due_soon: group(soon),
        pledges,
        lagging,
        totals: rules::totals(ledger, shown, today),
    }
}

/// The scorecard rows with their statistics.
pub fn scorecard(ledger: &Ledger, today: NaiveDate) -> (Vec<ScoreRow>, Vec<UnitStats>) {
    let stats = rules::unit_stats(ledger, today);
    (rules::scorecard(&stats), stats)
}
