//! What the reports say, computed once from the ledger; the formats only lay it out.

use chrono::{Datelike, NaiveDate};

use crate::ledger::{Ledger, Project, UnitId};
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
    /// The investment completed in the month of `today` (本月完成), in 亿元; None when the
    /// project has no entry for that month (not reported, which is not 0).
    pub this_month: Option<f64>,
    /// The year-to-date total (累计完成), `investment.done`: the figure the lag is worked
    /// out from (the editing code keeps it equal to the sum of the monthly entries).
    pub done: f64,
}

/// A re-planned milestone (倒排工期): its due date differs from its first plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Replan {
    pub unit: UnitId,
    pub project: usize,
    pub milestone: usize,
    /// The due date as first planned.
    pub baseline: NaiveDate,
    /// The due date now.
    pub due: NaiveDate,
    /// `due − baseline` in days: positive moved later (延期), negative brought forward (提前).
    pub moved_days: i64,
}

/// The dates a report looks at, worked out by days from `today` (never by adding days to a
/// date, so no `--days` can overflow the calendar).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Window {
    /// The brief's look-ahead: today to today + `days`, both included, as its due-soon
    /// milestones.
    Ahead { today: NaiveDate, days: i64 },
    /// The notice's: every day before today, the days it reports milestones overdue on.
    Before { today: NaiveDate },
}

impl Window {
    pub fn contains(&self, d: NaiveDate) -> bool {
        match *self {
            Window::Ahead { today, days } => (0..=days).contains(&(d - today).num_days()),
            Window::Before { today } => d < today,
        }
    }

    pub fn ahead(today: NaiveDate, days: i64) -> Window {
        Window::Ahead { today, days }
    }

    pub fn past(today: NaiveDate) -> Window {
        Window::Before { today }
    }
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
    /// Re-planned milestones whose due date or baseline is in the brief's window
    /// ([`Window::ahead`]), earliest due first.
    pub replans_ahead: Vec<Replan>,
    /// Re-planned milestones whose due date or baseline is before today ([`Window::past`]),
    /// for the notice.
    pub replans_past: Vec<Replan>,
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
            lag.lagging.then_some(Lagging {
                project: i,
                lag,
                this_month: month_done(ledger, p, today),
                done: p.investment.and_then(|inv| inv.done).unwrap_or(0.0),
            })
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
        replans_ahead: replans(ledger, Window::ahead(today, days), unit),
        replans_past: replans(ledger, Window::past(today), unit),
        totals: rules::totals(ledger, shown, today),
    }
}

/// The investment a project completed in the month of `today` (本月完成); None when it has
/// no entry for that month, or `today` is not in the ledger's year (the entries are).
pub fn month_done(ledger: &Ledger, p: &Project, today: NaiveDate) -> Option<f64> {
    (today.year() == ledger.year)
        .then(|| p.month_done(today.month()))
        .flatten()
}

/// Re-planned milestones still open (a baseline that differs from the due date), whose
/// due date or baseline lies in `window`, of `unit` (a milestone's own unit, else its
/// project's lead) or of every unit; by due date, then project name, then milestone order.
pub fn replans(ledger: &Ledger, window: Window, unit: Option<UnitId>) -> Vec<Replan> {
    let mut out: Vec<Replan> = Vec::new();
    for (pi, p) in ledger.projects.iter().enumerate() {
        for (mi, m) in p.milestones.iter().enumerate() {
            let u = p.milestone_unit(m);
            let (Some(baseline), Some(moved_days)) = (m.baseline, m.moved_days()) else {
                continue;
            };
            // A milestone done is history: the reports ask after the open ones.
            if moved_days == 0 || m.done.is_some() || unit.is_some_and(|f| f != u) {
                continue;
            }
            if window.contains(m.due) || window.contains(baseline) {
                out.push(Replan {
                    unit: u,
                    project: pi,
                    milestone: mi,
                    baseline,
                    due: m.due,
                    moved_days,
                });
            }
        }
    }
    out.sort_by(|a, b| {
        a.due
            .cmp(&b.due)
            .then(
                ledger.projects[a.project]
                    .name
                    .cmp(&ledger.projects[b.project].name),
            )
            .then(a.milestone.cmp(&b.milestone))
    });
    out
}

/// The scorecard rows with their statistics.
pub fn scorecard(ledger: &Ledger, today: NaiveDate) -> (Vec<ScoreRow>, Vec<UnitStats>) {
    let stats = rules::unit_stats(ledger, today);
    (rules::scorecard(&stats), stats)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::load_str;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
    }

    /// A ledger of one project whose milestones are `(name, due, baseline)`.
    fn ledger(milestones: &[(&str, &str, Option<&str>)]) -> Ledger {
        let ms: Vec<String> = milestones
            .iter()
            .map(|(name, due, baseline)| {
                let baseline = baseline.map_or(String::new(), |b| format!(", baseline: \"{b}\""));
                format!("Milestone(name: \"{name}\", due: \"{due}\"{baseline})")
            })
            .collect();
        let text = format!(
            r#"Ledger(title: "t", year: 2018, units: [Unit(name: "甲局"), Unit(name: "乙办")],
               projects: [Project(name: "p", lead: "甲局", milestones: [{}])])"#,
            ms.join(", ")
        );
        load_str(&text).expect("loads").0
    }

    fn names(ledger: &Ledger, window: Window) -> Vec<String> {
        replans(ledger, window, None)
            .iter()
            .map(|r| {
                ledger.projects[r.project].milestones[r.milestone]
                    .name
                    .to_string()
            })
            .collect()
    }

    #[test]
    fn a_replan_is_in_the_window_when_its_due_date_or_its_baseline_is() {
        // The window: 2018-06-15 to 2018-06-29, both ends included.
        let ledger = ledger(&[
            ("due first day", "2018-06-15", Some("2018-05-01")),
            ("due last day", "2018-06-29", Some("2018-09-01")),
            ("due a day after", "2018-06-30", Some("2018-05-01")),
            ("baseline first day", "2018-08-01", Some("2018-06-15")),
            ("baseline last day", "2018-05-01", Some("2018-06-29")),
            ("baseline a day before", "2018-08-01", Some("2018-06-14")),
            ("both outside, around it", "2018-07-31", Some("2018-06-01")),
            ("never moved", "2018-06-20", None),
            ("baseline equal to due", "2018-06-20", Some("2018-06-20")),
        ]);
        assert_eq!(
            names(&ledger, Window::ahead(day("2018-06-15"), 14)),
            [
                "baseline last day",
                "due first day",
                "due last day",
                "baseline first day",
            ]
        );
    }

    #[test]
    fn the_notices_window_is_every_day_before_today() {
        let ledger = ledger(&[
            ("baseline passed", "2018-07-01", Some("2018-06-14")),
            ("due passed", "2018-06-14", Some("2018-07-01")),
            ("baseline today", "2018-07-01", Some("2018-06-15")),
            ("due today", "2018-06-15", Some("2018-07-01")),
            ("long ago", "2018-02-01", Some("2018-01-15")),
        ]);
        assert_eq!(
            names(&ledger, Window::past(day("2018-06-15"))),
            ["long ago", "due passed", "baseline passed"]
        );
    }

    #[test]
    fn a_window_of_any_size_is_no_overflow() {
        let ledger = ledger(&[("far", "2018-06-20", Some("2018-06-01"))]);
        let today = day("2018-06-15");
        assert_eq!(names(&ledger, Window::ahead(today, i64::MAX)), ["far"]);
        assert_eq!(
            names(&ledger, Window::ahead(today, 0)),
            Vec::<String>::new()
        );
        assert_eq!(
            names(&ledger, Window::past(NaiveDate::MIN)),
            Vec::<String>::new()
        );
    }

    #[test]
    fn a_replan_says_how_far_it_moved_and_answers_to_its_unit() {
        let mut ledger = ledger(&[
            ("later", "2018-06-20", Some("2018-06-01")),
            ("earlier", "2018-06-21", Some("2018-07-01")),
        ]);
        ledger.projects[0].milestones[1].unit = ledger.unit_by_name("乙办");
        let window = Window::ahead(day("2018-06-15"), 14);
        let all = replans(&ledger, window, None);
        let moved: Vec<(i64, &str)> = all
            .iter()
            .map(|r| (r.moved_days, ledger.unit_name(r.unit)))
            .collect();
        assert_eq!(moved, [(19, "甲局"), (-10, "乙办")]);
        let mine = replans(&ledger, window, ledger.unit_by_name("乙办"));
        assert_eq!(mine.len(), 1);
        assert_eq!(
            (mine[0].baseline, mine[0].due),
            (day("2018-07-01"), day("2018-06-21"))
        );
    }

    /// A lagging project (plan 10, done 1) with these monthly entries.
    fn lagging_with(monthly: &str) -> Findings {
        let text = format!(
            r#"Ledger(title: "t", year: 2018, units: [Unit(name: "甲局")],
               projects: [Project(name: "p", lead: "甲局", investment: (plan: 10, done: 1),
                                  monthly: [{monthly}])])"#
        );
        let ledger = load_str(&text).expect("loads").0;
        findings(&ledger, day("2018-06-15"), 14, None)
    }

    #[test]
    fn this_month_is_the_entry_of_todays_month_or_none_never_zero() {
        let with = lagging_with(
            r#"Month(month: "2018-05", done: 0.4), Month(month: "2018-06", done: 0.6)"#,
        );
        assert_eq!(with.lagging.len(), 1);
        assert_eq!(with.lagging[0].this_month, Some(0.6));
        // The year to date is investment.done, as the lag is worked out from it.
        assert_eq!(with.lagging[0].done, 1.0);
        let without = lagging_with(r#"Month(month: "2018-05", done: 1)"#);
        assert_eq!(without.lagging[0].this_month, None);
        assert_eq!(without.lagging[0].done, 1.0);
        let none_at_all = lagging_with("");
        assert_eq!(none_at_all.lagging[0].this_month, None);
        let zero = lagging_with(r#"Month(month: "2018-06", done: 0)"#);
        assert_eq!(zero.lagging[0].this_month, Some(0.0));
    }

    #[test]
    fn a_day_outside_the_ledgers_year_has_no_month_entry() {
        let text = r#"Ledger(title: "t", year: 2018, units: [Unit(name: "甲局")],
            projects: [Project(name: "p", lead: "甲局",
                               monthly: [Month(month: "2018-06", done: 0.6)])])"#;
        let ledger = load_str(text).expect("loads").0;
        let p = &ledger.projects[0];
        assert_eq!(month_done(&ledger, p, day("2018-06-15")), Some(0.6));
        assert_eq!(month_done(&ledger, p, day("2019-06-15")), None);
        assert_eq!(month_done(&ledger, p, day("2018-07-01")), None);
    }
}
