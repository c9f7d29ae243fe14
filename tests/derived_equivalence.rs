//! The cached rows the UI draws from equal a straightforward computation (issue 6: speed is
//! not bought with correctness).

mod common;

use chrono::NaiveDate;
use tracker::cli::Lang;
use tracker::ledger::Project;
use tracker::rules::{self, Colour};
use tracker::ui::app::{ColourFilter, SortKey, TimelineRow, View};
use tracker::ui::{Action, App, update};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2018, 6, 15).expect("date")
}

fn app() -> App {
    common::app_from_str(
        &tracker::generate::ledger_text(400, 3),
        Lang::Zh,
        "2018-06-15",
    )
}

/// The rows, computed the slow and obvious way.
fn naive_rows(app: &App) -> Vec<usize> {
    let l = &app.ledger;
    let t = &l.thresholds;
    let colour = |p: &Project| {
        p.milestones
            .iter()
            .map(|m| rules::milestone_colour(m, today(), t))
            .max()
            .unwrap_or(Colour::Green)
    };
    let next = |p: &Project| {
        p.milestones
            .iter()
            .filter(|m| m.done.is_none())
            .map(|m| m.due)
            .min()
    };
    let q = &app.filter.search;
    let mut rows: Vec<usize> = (0..l.projects.len())
        .filter(|&i| {
            let p = &l.projects[i];
            let unit_ok = app
                .filter
                .unit
                .is_none_or(|u| p.lead == u || p.milestones.iter().any(|m| m.unit == Some(u)));
            let colour_ok = app.filter.colour.is_none_or(|c| c.admits(colour(p)));
            // Latin letters match in either case, and as pinyin (g1 is 工1).
            let lower = q.to_ascii_lowercase();
            let found = |name: &str, pinyin: Option<&str>| {
                name.to_ascii_lowercase().contains(lower.as_str())
                    || tracker::ledger::pinyin::tier(name, pinyin, q).is_some()
            };
            let search_ok = q.is_empty()
                || found(&p.name, p.pinyin.as_deref())
                || p.milestones.iter().any(|m| found(&m.name, None));
            unit_ok && colour_ok && search_ok
        })
        .collect();
    let key_due = |i: usize| next(&l.projects[i]).map_or((1, NaiveDate::MAX), |d| (0, d));
    match app.sort {
        SortKey::Colour => {
            rows.sort_by_key(|&i| (std::cmp::Reverse(colour(&l.projects[i])), key_due(i), i))
        }
        SortKey::Due => rows.sort_by_key(|&i| (key_due(i), i)),
        SortKey::Unit => rows.sort_by_key(|&i| {
            (
                l.projects[i].lead,
                std::cmp::Reverse(colour(&l.projects[i])),
                i,
            )
        }),
        // Pinyin order, by the collator's comparison rather than the app's sort keys.
        SortKey::Name => {
            let order = tracker::ledger::pinyin::NameOrder::new().expect("compiled data");
            let (a, b) = (&l.projects, &l.projects);
            rows.sort_by(|&i, &j| {
                (order.compare(&a[i].name, &b[j].name)).then_with(|| a[i].name.cmp(&b[j].name))
            })
        }
    }
    rows
}

#[test]
fn filtered_and_sorted_rows_match_a_naive_computation() {
    let mut app = app();
    let units = [None, Some(1), Some(7)];
    let searches = ["", "公园", "开工", "1", "G1", "g1", "段G", "gy", "kaigong"];
    let colours = [
        None,
        Some(ColourFilter::RedYellow),
        Some(ColourFilter::Red),
        Some(ColourFilter::Blue),
    ];
    let mut checked = 0;
    for unit in units {
        for search in searches {
            for colour in colours {
                for _ in 0..4 {
                    app.filter.unit = unit;
                    app.filter.search = search.to_string();
                    app.filter.colour = colour;
                    update(&mut app, Action::CycleSort);
                    assert_eq!(
                        app.derived.rows,
                        naive_rows(&app),
                        "unit {unit:?} search {search:?} colour {colour:?} sort {:?}",
                        app.sort
                    );
                    checked += 1;
                }
            }
        }
    }
    assert_eq!(checked, 432);
}

/// The timeline, computed the slow and obvious way: the milestones of the projects shown
/// that pass the filters, sorted; overdue open ones first; the rest under month headers,
/// with today's marker before the first one due from today on (or last).
fn naive_timeline(app: &App) -> Vec<TimelineRow> {
    use chrono::Datelike;
    use tracker::ui::app::MilestoneRef;
    let l = &app.ledger;
    let q = app.filter.search.to_ascii_lowercase();
    let found = |name: &str, pinyin: Option<&str>| {
        name.to_ascii_lowercase().contains(q.as_str())
            || tracker::ledger::pinyin::tier(name, pinyin, &q).is_some()
    };
    let mut all: Vec<(NaiveDate, usize, usize)> = Vec::new();
    for &p in &app.derived.rows {
        let pr = &l.projects[p];
        for (j, m) in pr.milestones.iter().enumerate() {
            let unit_ok = app
                .filter
                .unit
                .is_none_or(|u| pr.milestone_unit(m) == u || pr.lead == u);
            let colour_ok = app
                .filter
                .colour
                .is_none_or(|c| c.admits(rules::milestone_colour(m, today(), &l.thresholds)));
            let search_ok =
                q.is_empty() || found(&pr.name, pr.pinyin.as_deref()) || found(&m.name, None);
            if unit_ok && colour_ok && search_ok {
                all.push((m.due, p, j));
            }
        }
    }
    all.sort();
    let open_late = |&(due, p, j): &(NaiveDate, usize, usize)| {
        l.projects[p].milestones[j].done.is_none() && due < today()
    };
    let item = |&(_, project, milestone): &(NaiveDate, usize, usize)| {
        TimelineRow::Milestone(MilestoneRef { project, milestone })
    };
    let mut rows = Vec::new();
    let overdue: Vec<_> = all.iter().filter(|m| open_late(m)).collect();
    if !overdue.is_empty() {
        rows.push(TimelineRow::OverdueHeader);
        rows.extend(overdue.into_iter().map(item));
    }
    let mut month = None;
    let mut today_shown = false;
    let mut header = |rows: &mut Vec<TimelineRow>, d: NaiveDate| {
        let key = (d.year(), d.month());
        if month != Some(key) {
            rows.push(TimelineRow::Month {
                year: key.0,
                month: key.1,
            });
            month = Some(key);
        }
    };
    for m in all.iter().filter(|m| !open_late(m)) {
        if !today_shown && m.0 >= today() {
            header(&mut rows, today());
            rows.push(TimelineRow::Today);
            today_shown = true;
        }
        header(&mut rows, m.0);
        rows.push(item(m));
    }
    if !today_shown {
        rows.push(TimelineRow::Today);
    }
    rows
}

#[test]
fn the_timeline_matches_a_naive_computation() {
    let mut app = app();
    update(&mut app, Action::ShowView(View::Timeline));
    let mut checked = 0;
    for unit in [None, Some(1), Some(7)] {
        for search in ["", "公园", "G1"] {
            for colour in [
                None,
                Some(ColourFilter::RedYellow),
                Some(ColourFilter::Red),
                Some(ColourFilter::Blue),
            ] {
                app.filter.unit = unit;
                app.filter.search = search.to_string();
                app.filter.colour = colour;
                update(&mut app, Action::CycleSort);
                assert_eq!(
                    app.timeline_rows().iter().collect::<Vec<_>>(),
                    naive_timeline(&app),
                    "unit {unit:?} search {search:?} colour {colour:?}"
                );
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 36);
}

#[test]
fn timeline_holds_every_shown_milestone_once_in_due_order() {
    let mut app = app();
    update(&mut app, Action::ShowView(View::Timeline));
    let rows: Vec<TimelineRow> = app.timeline_rows().iter().collect();
    let items: Vec<_> = rows
        .iter()
        .filter_map(|r| match r {
            TimelineRow::Milestone(at) => Some(at),
            _ => None,
        })
        .collect();
    let total: usize = app.ledger.projects.iter().map(|p| p.milestones.len()).sum();
    assert_eq!(items.len(), total);
    let mut seen = std::collections::HashSet::new();
    assert!(
        items
            .iter()
            .all(|at| seen.insert((at.project, at.milestone)))
    );
    // Overdue open ones first, in due order; then the rest in due order.
    let due = |at: &tracker::ui::app::MilestoneRef| {
        let m = &app.ledger.projects[at.project].milestones[at.milestone];
        (m.due, m.done.is_none() && m.due < today())
    };
    let split = items
        .iter()
        .position(|at| !due(at).1)
        .unwrap_or(items.len());
    assert!(items[..split].iter().all(|at| due(at).1));
    assert!(items[split..].iter().all(|at| !due(at).1));
    assert!(
        items[..split]
            .windows(2)
            .all(|w| due(w[0]).0 <= due(w[1]).0)
    );
    assert!(
        items[split..]
            .windows(2)
            .all(|w| due(w[0]).0 <= due(w[1]).0)
    );
    assert_eq!(
        rows.iter()
            .filter(|r| matches!(r, TimelineRow::Today))
            .count(),
        1
    );
}

#[test]
fn unit_statistics_match_a_naive_count() {
    let app = app();
    let l = &app.ledger;
    for (u, s) in app.derived.unit_stats.iter().enumerate() {
        let mut red = 0;
        let mut led = 0;
        for p in &l.projects {
            if p.lead == u {
                led += 1;
            }
            for m in &p.milestones {
                if m.unit.unwrap_or(p.lead) == u
                    && rules::milestone_colour(m, today(), &l.thresholds) == Colour::Red
                {
                    red += 1;
                }
            }
        }
        assert_eq!((s.counts.red, s.projects), (red, led), "unit {u}");
    }
}

#[test]
fn the_overviews_kept_totals_and_ranking_match_a_fresh_computation() {
    let mut app = app();
    update(&mut app, Action::ShowView(tracker::ui::app::View::Overview));
    let fresh = |app: &App| {
        let mut shown = app.derived.rows.clone();
        shown.sort_unstable();
        let projects = shown.iter().map(|&i| &app.ledger.projects[i]);
        tracker::rules::totals(&app.ledger, projects, today())
    };
    let mut checked = 0;
    for colour in [None, Some(ColourFilter::Red), Some(ColourFilter::Blue)] {
        for unit in [None, Some(3)] {
            app.filter.colour = colour;
            app.filter.unit = unit;
            update(&mut app, Action::CycleSort);
            assert_eq!(app.derived.totals.as_ref(), Some(&fresh(&app)));
            assert_eq!(
                app.derived.scorecard,
                tracker::rules::scorecard(&app.derived.unit_stats)
            );
            checked += 1;
        }
    }
    // After a cross-off and its undo, too.
    update(&mut app, Action::ShowView(tracker::ui::app::View::Projects));
    update(&mut app, Action::CrossOff);
    update(&mut app, Action::Confirm);
    update(&mut app, Action::ShowView(tracker::ui::app::View::Overview));
    assert_eq!(app.derived.totals.as_ref(), Some(&fresh(&app)));
    update(&mut app, Action::Undo);
    assert_eq!(app.derived.totals.as_ref(), Some(&fresh(&app)));
    assert_eq!(checked, 6);
}

#[test]
fn a_search_narrowed_as_it_is_typed_equals_one_computed_afresh() {
    let mut app = app();
    for colour in [None, Some(ColourFilter::RedYellow)] {
        app.filter.colour = colour;
        update(&mut app, Action::ClearFilters);
        app.filter.colour = colour;
        update(&mut app, Action::CycleSort);
        update(&mut app, Action::StartSearch);
        for c in "公园1".chars().chain("Ab".chars()) {
            update(&mut app, Action::Input(c));
            assert_eq!(
                app.derived.rows,
                naive_rows(&app),
                "search {:?}",
                app.filter.search
            );
        }
        update(&mut app, Action::Cancel);
    }
}

#[test]
fn a_timeline_picked_from_the_kept_due_order_equals_one_built_afresh() {
    let mut app = app();
    update(&mut app, Action::ShowView(tracker::ui::app::View::Timeline));
    for colour in [
        None,
        Some(ColourFilter::RedYellow),
        Some(ColourFilter::Blue),
    ] {
        for unit in [None, Some(2)] {
            app.filter.colour = colour;
            app.filter.unit = unit;
            update(&mut app, Action::CycleSort);
            let kept = app.derived.timeline.clone();
            app.derived.due_order = None;
            app.derived.timeline = None;
            app.ensure_timeline();
            assert_eq!(
                kept, app.derived.timeline,
                "colour {colour:?} unit {unit:?}"
            );
        }
    }
}

#[test]
fn what_a_change_updates_in_place_equals_a_full_recomputation() {
    let mut app = app();
    let mut rng = tracker::generate::Rng::new(11);
    let mut checked = 0;
    for step in 0..60 {
        // Different views and filters, so rows, timeline and totals are all kept.
        match step % 5 {
            0 => drop(update(&mut app, Action::ShowView(View::Timeline))),
            1 => drop(update(&mut app, Action::ShowView(View::Overview))),
            2 => drop(update(&mut app, Action::CycleColour)),
            3 => {
                // A search on, or off again.
                update(&mut app, Action::StartSearch);
                if app.filter.search.is_empty() {
                    update(&mut app, Action::Input('园'));
                    update(&mut app, Action::Confirm);
                } else {
                    update(&mut app, Action::Cancel);
                }
            }
            _ => drop(update(&mut app, Action::CycleSort)),
        }
        update(&mut app, Action::ShowView(tracker::ui::app::View::Projects));
        if app.derived.rows.is_empty() {
            update(&mut app, Action::ClearFilters);
        }
        app.projects.selected = rng.index(app.derived.rows.len().max(1));
        if rng.below(3) == 0 {
            update(&mut app, Action::Undo);
        } else {
            update(&mut app, Action::CrossOff);
            update(&mut app, Action::Confirm);
        }
        // The timeline as picked from the due order kept through the change.
        app.ensure_timeline();
        let kept = app.derived.clone();
        if let Some(totals) = &kept.totals {
            // Added up in the ledger's order, whatever the sort.
            let mut shown = app.derived.rows.clone();
            shown.sort_unstable();
            let projects = shown.iter().map(|&i| &app.ledger.projects[i]);
            let fresh = tracker::rules::totals(&app.ledger, projects, today());
            assert_eq!(totals, &fresh, "totals, step {step}");
        }
        app.refresh_all();
        let fresh = &app.derived;
        assert_eq!(kept.project_colour, fresh.project_colour, "step {step}");
        assert_eq!(kept.next_due, fresh.next_due, "step {step}");
        assert_eq!(kept.unit_stats, fresh.unit_stats, "step {step}");
        assert_eq!(kept.scorecard, fresh.scorecard, "step {step}");
        assert_eq!(kept.rows, fresh.rows, "step {step}");
        assert_eq!(kept.unit_rows, fresh.unit_rows, "step {step}");
        assert_eq!(kept.milestone_counts, fresh.milestone_counts, "step {step}");
        assert_eq!(kept.leads, fresh.leads, "step {step}");
        assert_eq!(kept.amounts, fresh.amounts, "step {step}");
        app.ensure_timeline();
        assert_eq!(kept.timeline, app.derived.timeline, "step {step}");
        checked += 1;
    }
    assert_eq!(checked, 60);
}

#[test]
fn each_units_projects_are_the_rows_it_leads() {
    let mut app = app();
    for colour in [None, Some(ColourFilter::RedYellow)] {
        app.filter.colour = colour;
        update(&mut app, Action::CycleSort);
        update(&mut app, Action::ShowView(View::Units));
        for u in 0..app.ledger.units.len() {
            let naive: Vec<usize> = app
                .derived
                .rows
                .iter()
                .copied()
                .filter(|&p| app.ledger.projects[p].lead == u)
                .collect();
            assert_eq!(app.led_rows(u), naive.as_slice(), "unit {u}");
        }
        update(&mut app, Action::ShowView(View::Projects));
    }
}

#[test]
fn what_is_built_while_idle_gives_the_same_timeline_and_search() {
    use tracker::ui::action::Message;
    let mut idle = app();
    let mut busy = app();
    while idle.wants_warming() {
        update(&mut idle, Message::Idle);
    }
    assert!(idle.derived.due_order.is_some() && idle.derived.search_index.is_some());
    assert!(busy.derived.due_order.is_none() && busy.derived.search_index.is_none());
    for app in [&mut idle, &mut busy] {
        update(app, Action::ShowView(View::Timeline));
        update(app, Action::StartSearch);
        update(app, Action::Input('园'));
    }
    assert_eq!(idle.timeline_rows(), busy.timeline_rows());
    assert_eq!(idle.derived.rows, busy.derived.rows);
    assert!(!idle.derived.rows.is_empty());
}

#[test]
fn moving_in_the_timeline_steps_over_headers_as_a_list_of_its_milestones_would() {
    let mut app = app();
    update(&mut app, Action::ShowView(View::Timeline));
    let rows: Vec<TimelineRow> = app.timeline_rows().iter().collect();
    let items: Vec<usize> = (0..rows.len())
        .filter(|&i| matches!(rows[i], TimelineRow::Milestone(_)))
        .collect();
    assert!(items.len() > 100 && rows.len() > items.len());
    // The milestone rows as a list: from the first at or after the selection (else the
    // last), `delta` items on, kept within the list.
    let naive = |selected: usize, delta: isize| {
        let here = items
            .iter()
            .position(|&i| i >= selected)
            .unwrap_or(items.len() - 1);
        items[here.saturating_add_signed(delta).min(items.len() - 1)]
    };
    let mut rng = tracker::generate::Rng::new(5);
    for _ in 0..300 {
        let start = rng.index(rows.len() + 3);
        for (action, delta) in [(Action::Down, 1), (Action::Up, -1)] {
            app.timeline.selected = start;
            update(&mut app, action);
            assert_eq!(app.timeline.selected, naive(start, delta), "from {start}");
        }
    }
}

/// After reading the file again (another writer crossed a milestone off), everything kept
/// equals what a fresh start on the new file computes, indexes built while idle included.
#[test]
fn after_a_reload_what_is_kept_equals_a_fresh_start() {
    use tracker::ui::action::Message;
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("ledger.ron");
    std::fs::write(&path, tracker::generate::ledger_text(300, 9)).expect("write");
    let mut app = common::app_on(&path, Lang::Zh, "2018-06-15");
    // Kept state of every kind: a filter, a search, the timeline, the indexes.
    app.filter.colour = Some(ColourFilter::RedYellow);
    update(&mut app, Action::CycleSort);
    update(&mut app, Action::ShowView(View::Timeline));
    while app.wants_warming() {
        update(&mut app, Message::Idle);
    }
    // Another writer crosses off the first open milestone.
    let (project, milestone) = common::open_milestones(&app.ledger, 1).remove(0);
    tracker::ledger::change_file(&path, |l| {
        let p = l.project_by_name(&project).expect("project");
        let m = l.projects[p]
            .milestone_by_name(&milestone)
            .expect("milestone");
        Ok(tracker::ledger::Change::MilestoneDone {
            project: p,
            milestone: m,
            done: Some(today()),
            by: Some("李".into()),
        })
    })
    .expect("saved by the other writer");
    let reloaded = tracker::ledger::load_path(&path);
    update(&mut app, Message::Reloaded(Box::new(reloaded)));
    while app.wants_warming() {
        update(&mut app, Message::Idle);
    }
    let mut fresh = common::app_on(&path, Lang::Zh, "2018-06-15");
    fresh.filter.colour = app.filter.colour;
    fresh.sort = app.sort;
    fresh.refresh_rows();
    update(&mut fresh, Action::ShowView(View::Timeline));
    assert_eq!(app.ledger, fresh.ledger);
    assert_eq!(app.derived.rows, fresh.derived.rows);
    assert_eq!(app.derived.project_colour, fresh.derived.project_colour);
    assert_eq!(app.derived.milestone_counts, fresh.derived.milestone_counts);
    assert_eq!(app.derived.unit_stats, fresh.derived.unit_stats);
    assert_eq!(app.derived.timeline, fresh.derived.timeline);
    assert_eq!(app.derived.totals, {
        fresh.ensure_totals();
        fresh.derived.totals.clone()
    });
    // And the search over the new ledger.
    for a in [&mut app, &mut fresh] {
        update(a, Action::StartSearch);
        update(a, Action::Input('园'));
    }
    assert_eq!(app.derived.rows, fresh.derived.rows);
}
