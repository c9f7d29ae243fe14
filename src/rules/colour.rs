//! The four-colour warning (红黄蓝绿四色预警).

use chrono::NaiveDate;

use crate::ledger::{Milestone, Project, Thresholds};

/// Ordered from best to worst, so `max` is "the worst of".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Colour {
    /// On track, or done.
    Green,
    /// Due within `soon_days`.
    Blue,
    /// Past due by 1 to `red_days` days.
    Yellow,
    /// Past due by more than `red_days`.
    Red,
}

impl Colour {
    /// Worst first: the order of severity used in reports and sorting.
    pub const BY_SEVERITY: [Colour; 4] = [Colour::Red, Colour::Yellow, Colour::Blue, Colour::Green];
}

/// The colour of one milestone on `today`.
pub fn milestone_colour(m: &Milestone, today: NaiveDate, t: &Thresholds) -> Colour {
    colour_on(m.due, m.done.is_some(), today, t)
}

/// The colour of a milestone due on `due`, done or not, on `today`.
pub fn colour_on(due: NaiveDate, done: bool, today: NaiveDate, t: &Thresholds) -> Colour {
    if done {
        return Colour::Green;
    }
    let ahead = (due - today).num_days();
    if ahead > t.soon_days {
        Colour::Green
    } else if ahead >= 0 {
        Colour::Blue
    } else if -ahead <= t.red_days {
        Colour::Yellow
    } else {
        Colour::Red
    }
}

/// A project takes the worst colour of its milestones (done ones are green); `None` when it
/// has no milestones, which is not the same as having finished them all.
pub fn project_colour(p: &Project, today: NaiveDate, t: &Thresholds) -> Option<Colour> {
    p.milestones
        .iter()
        .map(|m| milestone_colour(m, today, t))
        .max()
}

/// The open milestone due first: what the project must do next.
pub fn next_open(p: &Project) -> Option<&Milestone> {
    next_open_index(p).map(|i| &p.milestones[i])
}

/// Where in the project's list the next open milestone is.
pub fn next_open_index(p: &Project) -> Option<usize> {
    p.milestones
        .iter()
        .enumerate()
        .filter(|(_, m)| m.done.is_none())
        .min_by_key(|(_, m)| m.due)
        .map(|(i, _)| i)
}

/// Days to go or days late ("还剩 N 天" / "逾期 N 天").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Countdown {
    Done(NaiveDate),
    /// Days until due; 0 means due today.
    Left(i64),
    /// Days past due, at least 1.
    Overdue(i64),
}

pub fn countdown(m: &Milestone, today: NaiveDate) -> Countdown {
    if let Some(d) = m.done {
        return Countdown::Done(d);
    }
    let ahead = (m.due - today).num_days();
    if ahead >= 0 {
        Countdown::Left(ahead)
    } else {
        Countdown::Overdue(-ahead)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
    }

    fn open(due: &str) -> Milestone {
        Milestone {
            baseline: None,
            name: "开工".into(),
            due: day(due),
            done: None,
            by: None,
            unit: None,
        }
    }

    const T: Thresholds = Thresholds {
        soon_days: 14,
        red_days: 30,
        lag_points: 10.0,
    };

    #[test]
    fn boundaries() {
        let today = day("2018-06-15");
        let at = |offset: i64| {
            let m = open(&(today + chrono::Duration::days(offset)).to_string());
            milestone_colour(&m, today, &T)
        };
        assert_eq!(at(0), Colour::Blue, "due today is due soon");
        assert_eq!(at(14), Colour::Blue, "soon_days ahead is still soon");
        assert_eq!(at(15), Colour::Green, "soon_days + 1 ahead is on track");
        assert_eq!(at(-1), Colour::Yellow, "1 day late");
        assert_eq!(at(-30), Colour::Yellow, "red_days late is still yellow");
        assert_eq!(at(-31), Colour::Red, "red_days + 1 late is red");
    }

    #[test]
    fn done_late_is_green() {
        let mut m = open("2018-03-31");
        m.done = Some(day("2018-05-20"));
        assert_eq!(milestone_colour(&m, day("2018-06-15"), &T), Colour::Green);
        assert_eq!(
            countdown(&m, day("2018-06-15")),
            Countdown::Done(day("2018-05-20"))
        );
    }

    #[test]
    fn countdown_words() {
        let m = open("2018-06-20");
        assert_eq!(countdown(&m, day("2018-06-15")), Countdown::Left(5));
        assert_eq!(countdown(&m, day("2018-06-20")), Countdown::Left(0));
        assert_eq!(countdown(&m, day("2018-06-22")), Countdown::Overdue(2));
    }

    #[test]
    fn project_takes_worst_and_next_is_earliest_open() {
        let mut done = open("2018-01-31");
        done.done = Some(day("2018-01-30"));
        let p = Project {
            monthly: Vec::new(),
            name: "p".into(),
            pinyin: None,
            category: None,
            lead: 0,
            support: vec![],
            leader: None,
            investment: None,
            scale: None,
            milestones: vec![done, open("2018-09-30"), open("2018-06-01")],
            updates: vec![],
        };
        let today = day("2018-06-15");
        assert_eq!(project_colour(&p, today, &T), Some(Colour::Yellow));
        assert_eq!(next_open(&p).map(|m| m.due), Some(day("2018-06-01")));
    }

    #[test]
    fn no_milestones_is_no_colour_not_green() {
        let p = Project {
            monthly: Vec::new(),
            name: "p".into(),
            pinyin: None,
            category: None,
            lead: 0,
            support: vec![],
            leader: None,
            investment: None,
            scale: None,
            milestones: vec![],
            updates: vec![],
        };
        assert_eq!(project_colour(&p, day("2018-06-15"), &T), None);
    }
}
