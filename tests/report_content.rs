//! What the reports say, checked directly (the goldens check how they say it): grouping by
//! unit, severity order, the due-soon window, pledges, the lag boundary, scorecard ties.

use std::path::Path;

use chrono::NaiveDate;
use tracker::lang::Lang;
use tracker::ledger::{Investment, Ledger, load_path, load_str};
use tracker::report::data::findings;
use tracker::report::{Format, Kind, Request, render};
use tracker::rules::Colour;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
}

fn fixture() -> Ledger {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/report/ledger.ron");
    load_path(&path).expect("fixture loads").ledger
}

fn args(format: Format) -> Request {
    Request {
        kind: Kind::Brief,
        days: None,
        unit: None,
        format,
        bom: true,
        lang: Lang::Zh,
    }
}

/// The fixture's `warning.soon_days`, the reports' default window.
const DAYS: i64 = 14;

/// (project, milestone, days late).
type Line = (String, String, i64);

/// Each overdue group's unit and lines, in order.
fn overdue(ledger: &Ledger, today: &str) -> Vec<(String, Vec<Line>)> {
    findings(ledger, day(today), DAYS, None)
        .overdue
        .iter()
        .map(|g| {
            let items = g
                .items
                .iter()
                .map(|i| {
                    let p = &ledger.projects[i.project];
                    (
                        p.name.to_string(),
                        p.milestones[i.milestone].name.to_string(),
                        i.days_late,
                    )
                })
                .collect();
            (ledger.unit_name(g.unit).to_string(), items)
        })
        .collect()
}

#[test]
fn overdue_is_grouped_by_unit_worst_unit_first_then_by_severity() {
    let ledger = fixture();
    let s = |p: &str, m: &str, d: i64| (p.to_string(), m.to_string(), d);
    assert_eq!(
        overdue(&ledger, "2018-06-15"),
        vec![
            (
                "乙办".to_string(),
                vec![
                    s("=A1+1 危险名", "开工", 75),
                    s("-3 号地块", "拆迁", 31),
                    s("-3 号地块", "清表", 30),
                ]
            ),
            (
                "甲局".to_string(),
                vec![
                    // Same colour, days and due date: by project name.
                    s("+B 项目", "开工", 45),
                    s("甲项目", "开工", 45),
                    s("甲项目", "立项", 14),
                ]
            ),
        ]
    );
}

#[test]
fn red_starts_after_red_days_late() {
    let ledger = fixture();
    let f = findings(&ledger, day("2018-06-15"), DAYS, None);
    let colour_of = |days: i64| {
        f.overdue
            .iter()
            .flat_map(|g| &g.items)
            .find(|i| i.days_late == days)
            .map(|i| i.colour)
    };
    assert_eq!(colour_of(31), Some(Colour::Red));
    assert_eq!(colour_of(30), Some(Colour::Yellow));
}

#[test]
fn a_milestone_answers_to_its_own_unit_else_the_lead() {
    let ledger = fixture();
    let f = findings(&ledger, day("2018-06-15"), DAYS, None);
    let units: Vec<&str> = f
        .due_soon
        .iter()
        .map(|g| ledger.unit_name(g.unit))
        .collect();
    // 甲项目 is led by 甲局, but its 竣工 is 丙委's.
    assert_eq!(units, ["乙办", "丙委"]);
}

#[test]
fn the_window_includes_today_and_its_last_day_only() {
    let ledger = fixture();
    let f = findings(&ledger, day("2018-06-15"), DAYS, None);
    let due: Vec<String> = f
        .due_soon
        .iter()
        .flat_map(|g| &g.items)
        .map(|i| i.due.to_string())
        .collect();
    // 2018-06-30 (@物流园, 15 days) is outside a 14-day window.
    assert_eq!(due, ["2018-06-15", "2018-06-20", "2018-06-29"]);
    let wider = findings(&ledger, day("2018-06-15"), 15, None);
    assert_eq!(wider.due_soon_count(), 4);
}

#[test]
fn pledges_due_in_the_window_and_open_are_listed() {
    let ledger = fixture();
    let f = findings(&ledger, day("2018-06-15"), DAYS, None);
    let texts: Vec<&str> = f
        .pledges
        .iter()
        .map(|p| ledger.units[p.unit].pledges[p.pledge].text.as_str())
        .collect();
    // 完成=验收 is fulfilled; 年底建成1个公园 is due in December.
    assert_eq!(texts, ["签约=落地", "新建公厕24座"]);
}

/// A one-project ledger with this year's plan and done, as of `today`.
fn with_investment(plan: f64, done: f64) -> Ledger {
    let mut ledger = load_str(
        r#"Ledger(title: "t", year: 2018, units: [Unit(name: "甲局")],
           projects: [Project(name: "p", lead: "甲局", milestones: [])])"#,
    )
    .expect("loads")
    .0;
    ledger.projects[0].investment = Some(Investment {
        total: None,
        plan: Some(plan),
        done: Some(done),
    });
    ledger
}

fn lagging(ledger: &Ledger, today: &str) -> usize {
    findings(ledger, day(today), DAYS, None).lagging.len()
}

#[test]
fn exactly_lag_points_behind_is_not_flagged_more_is() {
    // On 2018-12-31 the whole year has elapsed (100%): 90% done is exactly 10 points behind.
    assert_eq!(lagging(&with_investment(10.0, 9.0), "2018-12-31"), 0);
    assert_eq!(lagging(&with_investment(10.0, 8.99), "2018-12-31"), 1);
    // On 2018-06-15 (166/365): 259 of 730 is exactly 10 points behind as well.
    assert_eq!(lagging(&with_investment(730.0, 259.0), "2018-06-15"), 0);
    assert_eq!(lagging(&with_investment(730.0, 258.0), "2018-06-15"), 1);
}

#[test]
fn the_fixture_flags_the_lagging_project_and_not_the_boundary_one() {
    let ledger = fixture();
    let md = render(
        &kind(Kind::Brief, args(Format::Md)),
        &ledger,
        day("2018-06-15"),
    )
    .expect("renders");
    let start = md.find("## 四").expect("lag section");
    let end = md.find("## 五").expect("summary");
    let lag = &md[start..end];
    assert!(
        lag.contains("=A1+1 危险名") && lag.contains("A,B \"双子\"座"),
        "{lag}"
    );
    assert!(!lag.contains("@物流园"), "exactly 10 points behind: {lag}");
    assert!(!lag.contains("甲项目"), "3.5 points behind: {lag}");
}

#[test]
fn scorecard_ties_share_a_rank_and_the_next_rank_skips() {
    let ledger = fixture();
    let csv = render(
        &kind(Kind::Scorecard, args(Format::Csv)),
        &ledger,
        day("2018-06-15"),
    )
    .expect("renders");
    let ranks: Vec<(&str, &str)> = csv
        .split("\r\n")
        .skip(1)
        .filter(|l| !l.is_empty())
        .filter_map(|l| {
            let mut cells = l.split(',');
            Some((cells.next()?, cells.next()?))
        })
        .collect();
    assert_eq!(
        ranks,
        [
            ("1", "丙委"),
            ("1", "丁委"),
            // 甲局 and 乙办: both 0% on time, 2 reds; 甲局's pledges are 61% met, 乙办's unmeasured.
            ("3", "甲局"),
            ("4", "乙办"),
            // Nothing due yet: listed apart, unranked.
            ("—", "攻坚办"),
        ]
    );
}

#[test]
fn a_unit_filter_keeps_only_that_units_items() {
    let ledger = fixture();
    let unit = ledger.unit_by_name("甲局");
    let f = findings(&ledger, day("2018-06-15"), DAYS, unit);
    assert!(f.overdue.iter().all(|g| Some(g.unit) == unit));
    assert_eq!(f.count(Colour::Red), 2);
    assert_eq!(f.due_soon_count(), 0, "甲项目/竣工 is 丙委's");
    assert_eq!(f.pledges.len(), 1);
    assert!(f.lagging.is_empty());
}

#[test]
fn negative_days_and_unknown_units_are_errors() {
    let ledger = fixture();
    let mut a = args(Format::Md);
    a.days = Some(-1);
    let err =
        render(&kind(Kind::Brief, a), &ledger, day("2018-06-15")).expect_err("negative window");
    assert!(err.to_string().contains("--days -1"), "{err}");
    let mut a = args(Format::Md);
    a.unit = Some("戊局".into());
    let err = render(&kind(Kind::Notice, a), &ledger, day("2018-06-15")).expect_err("no such unit");
    assert_eq!(
        err.to_string(),
        "no unit named \"戊局\"; the ledger's units are: 攻坚办, 甲局, 乙办, 丙委, 丁委"
    );
}

#[test]
fn a_pledge_at_or_above_its_target_leaves_the_brief() {
    // 新建公厕24座 is due in 5 days at 20/24: listed. At 24/24 or more it is attained.
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/report/ledger.ron"),
    )
    .expect("fixture");
    for (progress, listed) in [(23.0, true), (24.0, false), (25.0, false)] {
        let changed = text.replace("progress: 20)", &format!("progress: {progress})"));
        assert_ne!(changed, text);
        let (ledger, _) = load_str(&changed).expect("loads");
        let f = findings(&ledger, day("2018-06-15"), DAYS, None);
        let texts: Vec<&str> = f
            .pledges
            .iter()
            .map(|p| ledger.units[p.unit].pledges[p.pledge].text.as_str())
            .collect();
        assert_eq!(
            texts.contains(&"新建公厕24座"),
            listed,
            "{progress}: {texts:?}"
        );
        let brief = render(
            &kind(Kind::Brief, args(Format::Txt)),
            &ledger,
            day("2018-06-15"),
        )
        .expect("renders");
        assert_eq!(
            brief.contains("新建公厕24座"),
            listed,
            "{progress}: {brief}"
        );
    }
}

#[test]
fn units_with_nothing_due_are_listed_apart_in_every_format() {
    let ledger = fixture();
    let out = |format| {
        render(
            &kind(Kind::Scorecard, args(format)),
            &ledger,
            day("2018-06-15"),
        )
        .expect("renders")
    };
    let md = out(Format::Md);
    let (ranked, apart) = md
        .split_once("\n## 尚无到期节点")
        .expect("md: a section apart");
    assert!(!ranked.contains("| 攻坚办 |"), "{md}");
    assert!(apart.contains("| — | 攻坚办 | — |"), "{md}");
    let txt = out(Format::Txt);
    let (ranked, apart) = txt
        .split_once("\n尚无到期节点")
        .expect("txt: a section apart");
    assert!(!ranked.contains("攻坚办"), "{txt}");
    assert!(apart.contains("—　攻坚办　按期率—（0/0）"), "{txt}");
    let csv = out(Format::Csv);
    let last = csv.trim_end().lines().last().expect("rows");
    assert!(last.starts_with("—,攻坚办,,"), "{csv}");
}

/// The same request for another report.
fn kind(kind: Kind, r: Request) -> Request {
    r.kind(kind)
}

fn replan_fixture() -> Ledger {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/report/replan.ron");
    load_path(&path).expect("fixture loads").ledger
}

#[test]
fn any_window_lists_the_replans_in_it_without_overflow() {
    let ledger = replan_fixture();
    let mut a = args(Format::Txt);
    a.days = Some(i64::MAX);
    let txt = render(&kind(Kind::Brief, a), &ledger, day("2018-06-15")).expect("renders");
    let start = txt.find("\n五、").expect("re-plan section");
    let end = txt.find("\n六、").expect("summary");
    // Every open re-plan whose due date or baseline is today or later; not 无月报项目's
    // (both in March and April), nor the baseline equal to its due date, nor 立项 (done).
    let section = &txt[start..end];
    let items = section
        .lines()
        .filter(|l| l.starts_with(|c: char| c.is_ascii_digit()))
        .count();
    assert_eq!(items, 4, "{section}");
    assert!(
        section.contains("封顶") && !section.contains("立项"),
        "{section}"
    );
    assert!(
        !section.contains("无月报项目") && !section.contains("开工，原定期限2018年7月1日"),
        "{section}"
    );
}

#[test]
fn a_unit_filter_keeps_only_the_replans_it_answers_for() {
    let ledger = replan_fixture();
    let unit = ledger.unit_by_name("丙委");
    let f = findings(&ledger, day("2018-06-15"), DAYS, unit);
    // 月报项目 is 甲局's, but its 验收 is 丙委's.
    let ahead: Vec<&str> = f
        .replans_ahead
        .iter()
        .map(|r| {
            ledger.projects[r.project].milestones[r.milestone]
                .name
                .as_str()
        })
        .collect();
    assert_eq!(ahead, ["验收"]);
    let past: Vec<&str> = f
        .replans_past
        .iter()
        .map(|r| ledger.projects[r.project].name.as_str())
        .collect();
    assert_eq!(past, ["无月报项目"]);
}
