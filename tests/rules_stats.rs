//! Statistics on a small hand-made ledger, with every number worked out by hand.

use chrono::NaiveDate;
use tracker::ledger::load_str;
use tracker::rules::{self, Colour};

const LEDGER: &str = r#"
Ledger(
    title: "统计测试", year: 2018,
    warning: (soon_days: 14, red_days: 30, lag_points: 10),
    units: [
        Unit(name: "甲", pledges: [
            Pledge(text: "公厕", target: 24, measure: "座", progress: 6),
            Pledge(text: "公园", target: 1, measure: "个", progress: 3),
            Pledge(text: "签约", done: "2018-03-01"),
            Pledge(text: "说明"),
        ]),
        Unit(name: "乙"),
        Unit(name: "丙"),
    ],
    projects: [
        Project(name: "P1", lead: "甲", investment: (total: 10, plan: 4, done: 1),
            milestones: [
                Milestone(name: "a", due: "2018-03-31", done: "2018-03-30"),
                Milestone(name: "b", due: "2018-04-30", done: "2018-05-10"),
                Milestone(name: "c", due: "2018-05-01"),
                Milestone(name: "d", due: "2018-06-01"),
                Milestone(name: "e", due: "2018-06-20", unit: "乙"),
                Milestone(name: "f", due: "2018-12-31"),
            ]),
        Project(name: "P2", lead: "乙", investment: (total: 5, plan: 2, done: 1.5),
            milestones: [
                Milestone(name: "a", due: "2018-07-31", done: "2018-06-01"),
            ]),
        Project(name: "P3", lead: "丙"),
    ],
)
"#;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2018, 6, 15).expect("date")
}

#[test]
fn unit_counts_on_time_rate_and_pledges() {
    let (l, _) = load_str(LEDGER).expect("loads");
    let s = rules::unit_stats(&l, today());
    // 甲: a ✓ (done on time), b ✓ (done late), c ✗ (45 days late), d ! (14 days late), f ✓ (ahead).
    // e belongs to 乙 through its own `unit`.
    let jia = &s[0];
    assert_eq!(
        (
            jia.counts.red,
            jia.counts.yellow,
            jia.counts.blue,
            jia.counts.green
        ),
        (1, 1, 0, 3)
    );
    assert_eq!(jia.projects, 1);
    // Due so far: a, b (done) and c, d (past due); on time: a only.
    assert_eq!((jia.due_so_far, jia.on_time, jia.done_late), (4, 1, 1));
    assert_eq!(jia.on_time_rate(), Some(0.25));
    // Pledges: 6/24 = 0.25, 3/1 capped at 1, done = 1, no target: left out -> 2.25 / 3.
    assert_eq!(jia.pledge_attainment, Some(0.75));

    // 乙: e is blue (due in 5 days); P2's a was done early, which counts as on time.
    let yi = &s[1];
    assert_eq!((yi.counts.blue, yi.counts.green), (1, 1));
    assert_eq!((yi.due_so_far, yi.on_time), (1, 1));
    assert_eq!(yi.on_time_rate(), Some(1.0));
    assert_eq!(yi.pledge_attainment, None);

    // 丙 has nothing due: no rate rather than 0%.
    assert_eq!(s[2].on_time_rate(), None);
}

#[test]
fn totals_and_plan_share() {
    let (l, _) = load_str(LEDGER).expect("loads");
    let t = rules::totals(&l, &l.projects, today());
    assert_eq!((t.projects, t.milestones), (3, 7));
    assert_eq!(t.counts.get(Colour::Red), 1);
    assert_eq!(t.counts.get(Colour::Yellow), 1);
    assert_eq!(t.counts.get(Colour::Blue), 1);
    assert_eq!(t.counts.get(Colour::Green), 4);
    // Projects by worst colour: P1 red, P2 green; P3 has no milestones, so no colour: it is
    // counted apart, not as green (finished).
    assert_eq!((t.project_counts.red, t.project_counts.green), (1, 1));
    assert_eq!(t.no_milestones, 1);
    assert_eq!(
        (t.investment_total, t.investment_plan, t.investment_done),
        (15.0, 6.0, 2.5)
    );
    assert_eq!(t.plan_share(), Some(2.5 / 6.0));
}

#[test]
fn scorecard_ranks_ties_equal() {
    let (l, _) = load_str(LEDGER).expect("loads");
    let s = rules::unit_stats(&l, today());
    let card = rules::scorecard(&s);
    let ranks: Vec<(usize, Option<usize>)> = card.iter().map(|r| (r.unit, r.rank)).collect();
    // 乙 100%, then 甲 25%; 丙 has nothing due: listed apart, unranked.
    assert_eq!(ranks, vec![(1, Some(1)), (0, Some(2)), (2, None)]);
    // Two units with identical records share a rank.
    let twins = [s[0].clone(), s[0].clone(), s[1].clone()];
    let ranks: Vec<Option<usize>> = rules::scorecard(&twins).iter().map(|r| r.rank).collect();
    assert_eq!(ranks, vec![Some(1), Some(2), Some(2)]);
}

#[test]
fn investment_lag_boundaries() {
    let (mut l, _) = load_str(LEDGER).expect("loads");
    // 2018-06-15 is day 166 of 365: 45.48% of the year.
    let elapsed = rules::year_elapsed_share(2018, today()) * 100.0;
    assert!((elapsed - 166.0 / 365.0 * 100.0).abs() < 1e-9);
    let plan = 4.0;
    // Exactly lag_points behind: not lagging. A hair more: lagging.
    let at = |done: f64, l: &mut tracker::ledger::Ledger| {
        l.projects[0].investment = Some(tracker::ledger::Investment {
            total: None,
            plan: Some(plan),
            done: Some(done),
        });
        rules::investment_lag(l, &l.projects[0], today()).expect("has a plan")
    };
    let exact = (elapsed - 10.0) / 100.0 * plan;
    let lag = at(exact, &mut l);
    assert!((lag.gap_points + 10.0).abs() < 1e-9);
    assert!(!lag.lagging);
    assert!(at(exact - 0.001, &mut l).lagging);
    assert!(!at(plan, &mut l).lagging);
    // No plan, no lag figure.
    l.projects[0].investment = None;
    assert!(rules::investment_lag(&l, &l.projects[0], today()).is_none());
}

#[test]
fn a_unit_with_nothing_due_is_not_ranked_below_units_with_reds() {
    let (l, _) = load_str(LEDGER).expect("loads");
    let s = rules::unit_stats(&l, today());
    // 丙 (nothing due, blameless) against 甲 (a red milestone).
    assert_eq!((s[2].due_so_far, s[0].counts.red), (0, 1));
    let card = rules::scorecard(&s);
    let bing = card.iter().find(|r| r.unit == 2).expect("丙 is listed");
    assert_eq!(bing.rank, None);
    // Ranked units come first, the unranked after them.
    let first_unranked = card.iter().position(|r| r.rank.is_none()).expect("one");
    assert!(card[first_unranked..].iter().all(|r| r.rank.is_none()));
    assert!(card[..first_unranked].iter().all(|r| r.rank.is_some()));
}

#[test]
fn a_cross_off_cannot_be_dated_after_today() {
    let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date");
    assert_eq!(rules::check_done_date(d("2018-06-15"), today()), Ok(()));
    assert_eq!(rules::check_done_date(d("2018-01-02"), today()), Ok(()));
    let err = rules::check_done_date(d("2018-06-16"), today()).expect_err("tomorrow");
    assert_eq!(
        err,
        rules::DoneDateError::AfterToday {
            done: d("2018-06-16"),
            today: today()
        }
    );
    assert_eq!(
        err.to_string(),
        "done date 2018-06-16 is after today (2018-06-15); \
         a milestone is crossed off once it is done, not in advance"
    );
}

#[test]
fn a_pledge_at_or_above_its_target_is_attained() {
    let (l, _) = load_str(LEDGER).expect("loads");
    let [toilets, park, signed, words] = &l.units[0].pledges[..] else {
        panic!("four pledges")
    };
    assert!(!rules::pledge_attained(toilets), "6 of 24");
    assert!(rules::pledge_attained(park), "3 of 1");
    assert!(rules::pledge_attained(signed), "done");
    assert!(!rules::pledge_attained(words), "no target, not done");
    let mut exact = toilets.clone();
    exact.progress = Some(24.0);
    assert!(rules::pledge_attained(&exact), "24 of 24");
}

#[test]
fn progress_is_refused_on_a_pledge_without_a_target() {
    use rules::ProgressError;
    let (l, _) = load_str(LEDGER).expect("loads");
    let toilets = &l.units[0].pledges[0];
    let words = &l.units[0].pledges[3];
    assert_eq!(
        rules::check_progress(words, Some(5.0)),
        Err(ProgressError::NoTarget)
    );
    assert_eq!(
        rules::check_progress(words, None),
        Ok(()),
        "clearing is fine"
    );
    assert_eq!(
        rules::check_progress(toilets, Some(30.0)),
        Ok(()),
        "beyond the target"
    );
    assert_eq!(rules::check_progress(toilets, None), Ok(()));
    for bad in [-1.0, f64::NAN, f64::INFINITY, 2e9] {
        assert!(
            matches!(
                rules::check_progress(toilets, Some(bad)),
                Err(ProgressError::OutOfRange(_))
            ),
            "{bad}"
        );
    }
}
