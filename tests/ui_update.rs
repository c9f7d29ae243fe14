//! The keymap and `update`, driven by actions with no terminal.

mod common;

use common::{sample_app, temp_copy};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tracker::cli::Lang;
use tracker::ledger::Change;
use tracker::ui::action::Message;
use tracker::ui::app::{Focus, Mode, View};
use tracker::ui::keymap::{self, KEYMAP, action_for};
use tracker::ui::{Action, Effect, update};

fn saved_ok(app: &tracker::ui::App, fp: tracker::ledger::save::Fingerprint) -> Message {
    Message::Saved {
        seq: app.saving.expect("a save in flight"),
        result: Ok(tracker::ledger::save::Saved {
            fingerprint: fp,
            stamp: None,
            undo: None,
        }),
    }
}

fn saved_err(
    app: &tracker::ui::App,
    e: tracker::ledger::save::SaveError<tracker::ledger::ChangeError>,
) -> Message {
    Message::Saved {
        seq: app.saving.expect("a save in flight"),
        result: Err(e),
    }
}

fn no_space() -> tracker::ledger::save::SaveError<tracker::ledger::ChangeError> {
    tracker::ledger::save::SaveError::NoSpace {
        path: "ledger.ron".into(),
    }
}

/// Another writer (李科长, from a shell) crosses a milestone off on 2018-06-10.
fn other_writer_crosses_off(path: &std::path::Path, project: &str, milestone: &str) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tracker"))
        .args(["done", path.to_str().expect("path"), project, milestone])
        .args([
            "--date",
            "2018-06-10",
            "--by",
            "李科长",
            "--today",
            "2018-06-15",
        ])
        .output()
        .expect("tracker done");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn key(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
}

#[test]
fn keys_map_through_the_one_table() {
    let browse = Mode::Browse;
    assert!(matches!(action_for(&browse, &key('q')), Some(Action::Quit)));
    assert!(matches!(action_for(&browse, &key('j')), Some(Action::Down)));
    assert!(matches!(action_for(&browse, &key('G')), Some(Action::End)));
    assert!(matches!(
        action_for(
            &browse,
            &KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL)
        ),
        Some(Action::Redo)
    ));
    assert!(matches!(
        action_for(
            &browse,
            &KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT)
        ),
        Some(Action::PrevView)
    ));
    // In the picker, letters are typed, not commands; Ctrl-C still quits.
    let picker = Mode::Picker(tracker::ui::app::Picker {
        query: tracker::ui::app::TextField::default(),
        selected: 0,
    });
    assert!(matches!(
        action_for(&picker, &key('q')),
        Some(Action::Input('q'))
    ));
    assert!(matches!(
        action_for(&picker, &key('农')),
        Some(Action::Input('农'))
    ));
    assert!(matches!(
        action_for(
            &picker,
            &KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)
        ),
        Some(Action::Quit)
    ));
    // The cross-off dialog's date field takes digits; y/n don't answer a dialog with a field.
    let mut app = sample_app(Lang::Zh);
    update(&mut app, Action::CrossOff);
    assert!(matches!(app.mode, Mode::CrossOff(_)));
    assert!(matches!(
        action_for(&app.mode, &key('1')),
        Some(Action::Input('1'))
    ));
    assert!(matches!(
        action_for(&app.mode, &key('n')),
        Some(Action::Input('n'))
    ));
}

#[test]
fn help_and_hints_come_from_the_table() {
    let rows = keymap::help_rows(Lang::Zh);
    assert_eq!(rows.len(), KEYMAP.len());
    assert!(
        rows.iter()
            .any(|(_, keys, what)| keys == "x / Space" && *what == "销号")
    );
    let hints = keymap::hints(&Mode::Browse, Lang::En);
    assert!(
        hints
            .iter()
            .any(|(k, w)| k == "f" && *w == "filter by unit")
    );
    // Every key in a context is bound once.
    for (i, a) in KEYMAP.iter().enumerate() {
        for b in &KEYMAP[i + 1..] {
            if a.context == b.context {
                for k in a.keys {
                    assert!(!b.keys.contains(k), "{k:?} bound twice in {:?}", a.context);
                }
            }
        }
    }
}

#[test]
fn views_cycle_with_tab_and_digits() {
    let mut app = sample_app(Lang::Zh);
    update(&mut app, Action::NextView);
    assert_eq!(app.view, View::Units);
    update(&mut app, Action::PrevView);
    update(&mut app, Action::PrevView);
    assert_eq!(app.view, View::Overview);
    update(&mut app, Action::ShowView(View::Timeline));
    assert_eq!(app.view, View::Timeline);
    assert!(!app.timeline_rows().is_empty());
}

#[test]
fn picker_filters_every_view_by_unit() {
    let mut app = sample_app(Lang::Zh);
    let all = app.derived.rows.len();
    update(&mut app, Action::OpenPicker);
    for c in "农工委".chars() {
        update(&mut app, Action::Input(c));
    }
    update(&mut app, Action::Confirm);
    assert_eq!(app.mode, Mode::Browse);
    let unit = app.ledger.unit_by_name("区农工委").expect("unit in sample");
    assert_eq!(app.filter.unit, Some(unit));
    assert!(!app.derived.rows.is_empty() && app.derived.rows.len() < all);
    assert_eq!(app.derived.unit_rows, vec![unit]);
    // Esc clears it again.
    update(&mut app, Action::ClearFilters);
    assert_eq!(app.derived.rows.len(), all);
}

#[test]
fn picker_cancel_keeps_the_old_filter() {
    let mut app = sample_app(Lang::Zh);
    update(&mut app, Action::OpenPicker);
    update(&mut app, Action::Input('区'));
    update(&mut app, Action::Cancel);
    assert_eq!(app.filter.unit, None);
    assert_eq!(app.mode, Mode::Browse);
}

#[test]
fn search_narrows_with_each_character_and_colour_filter_cycles() {
    let mut app = sample_app(Lang::Zh);
    update(&mut app, Action::StartSearch);
    update(&mut app, Action::Input('公'));
    let one = app.derived.rows.len();
    update(&mut app, Action::Input('园'));
    let two = app.derived.rows.len();
    assert!(two <= one && two > 0);
    for &p in &app.derived.rows {
        let project = &app.ledger.projects[p];
        assert!(
            project.name.contains("公园")
                || project.milestones.iter().any(|m| m.name.contains("公园"))
        );
    }
    update(&mut app, Action::Confirm);
    update(&mut app, Action::ClearFilters);
    update(&mut app, Action::CycleColour);
    let reds_and_yellows = app.derived.rows.clone();
    assert!(!reds_and_yellows.is_empty());
    for &p in &reds_and_yellows {
        assert!(app.derived.project_colour[p] >= Some(tracker::rules::Colour::Yellow));
    }
    for _ in 0..3 {
        update(&mut app, Action::CycleColour);
    }
    assert_eq!(app.filter.colour, None);
}

#[test]
fn sort_cycles_through_four_keys() {
    let mut app = sample_app(Lang::Zh);
    let first = app.derived.rows[0];
    assert_eq!(
        app.derived.project_colour[first],
        Some(tracker::rules::Colour::Red)
    );
    for _ in 0..4 {
        update(&mut app, Action::CycleSort);
    }
    assert_eq!(app.derived.rows[0], first);
}

#[test]
fn cross_off_undo_redo_emit_saves_and_change_memory() {
    let mut app = sample_app(Lang::Zh);
    update(&mut app, Action::FocusRight);
    assert_eq!(app.focus, Focus::Detail);
    let at = app.target_milestone().expect("a milestone");
    update(&mut app, Action::CrossOff);
    let Mode::CrossOff(d) = &app.mode else {
        panic!("no dialog")
    };
    assert_eq!(d.date.as_str(), "2018-06-15");
    // Edit the date: delete the day and type 14.
    update(&mut app, Action::Backspace);
    update(&mut app, Action::Backspace);
    update(&mut app, Action::Input('1'));
    update(&mut app, Action::Input('4'));
    let effects = update(&mut app, Action::Confirm);
    let done = common::day("2018-06-14");
    assert!(matches!(
        &effects[..],
        [Effect::Save { change, .. }] if *change == Change::MilestoneDone {
            project: at.project,
            milestone: at.milestone,
            done: Some(done),
            by: Some("攻坚办".into()),
        }
    ));
    assert_eq!(
        app.ledger.projects[at.project].milestones[at.milestone].done,
        Some(done)
    );
    assert!(app.saving.is_some());
    // The save finished; undo un-marks and saves that too.
    let fp = app.file.fingerprint;
    assert!(
        {
            let a = saved_ok(&app, fp);
            update(&mut app, a)
        }
        .is_empty()
    );
    let effects = update(&mut app, Action::Undo);
    assert!(matches!(
        &effects[..],
        [Effect::Save {
            change: Change::MilestoneDone { done: None, .. },
            ..
        }]
    ));
    assert_eq!(
        app.ledger.projects[at.project].milestones[at.milestone].done,
        None
    );
    {
        let a = saved_ok(&app, fp);
        update(&mut app, a)
    };
    let effects = update(&mut app, Action::Redo);
    assert!(matches!(
        &effects[..],
        [Effect::Save {
            change: Change::MilestoneDone { done: Some(_), .. },
            ..
        }]
    ));
}

#[test]
fn a_bad_date_keeps_the_dialog_open() {
    let mut app = sample_app(Lang::Zh);
    update(&mut app, Action::CrossOff);
    for _ in 0..3 {
        update(&mut app, Action::Backspace);
    }
    let effects = update(&mut app, Action::Confirm);
    assert!(effects.is_empty());
    assert!(matches!(&app.mode, Mode::CrossOff(d) if d.error.is_some()));
}

#[test]
fn a_done_milestone_offers_to_unmark() {
    let mut app = sample_app(Lang::Zh);
    // Find a project with a done milestone and select it in the detail panel.
    let (row, mi) = app
        .derived
        .rows
        .iter()
        .enumerate()
        .find_map(|(row, &p)| {
            app.ledger.projects[p]
                .milestones
                .iter()
                .position(|m| m.done.is_some())
                .map(|mi| (row, mi))
        })
        .expect("a done milestone in the sample");
    app.projects.selected = row;
    app.focus = Focus::Detail;
    app.milestones.selected = mi;
    update(&mut app, Action::CrossOff);
    assert!(matches!(app.mode, Mode::Unmark(_)));
    let effects = update(&mut app, Action::Confirm);
    assert!(matches!(
        &effects[..],
        [Effect::Save {
            change: Change::MilestoneDone {
                done: None,
                by: None,
                ..
            },
            ..
        }]
    ));
}

#[test]
fn a_refused_save_keeps_the_change_and_offers_retry() {
    let mut app = sample_app(Lang::Zh);
    update(&mut app, Action::CrossOff);
    update(&mut app, Action::Confirm);
    let effects = {
        let a = saved_err(&app, no_space());
        update(&mut app, a)
    };
    assert!(effects.is_empty());
    assert_eq!(app.unsaved.len(), 1);
    assert!(app.save_failed.is_some());
    let status = app.status.clone().expect("a status");
    assert!(status.text.contains("磁盘空间已满") && status.text.contains("未保存"));
    // A further change waits behind the failed one.
    update(&mut app, Action::Down);
    update(&mut app, Action::CrossOff);
    assert!(update(&mut app, Action::Confirm).is_empty());
    assert_eq!(app.unsaved.len(), 2);
    // Quitting asks first instead of dropping them.
    assert!(update(&mut app, Action::Quit).is_empty());
    assert_eq!(app.mode, Mode::ConfirmQuit(None));
    update(&mut app, Action::Cancel);
    assert!(
        app.status
            .as_ref()
            .is_some_and(|s| s.text.contains("未保存"))
    );
    // Retry sends the oldest again.
    let effects = update(&mut app, Action::RetrySave);
    assert!(matches!(&effects[..], [Effect::Save { .. }]));
}

#[test]
fn reload_reapplies_unsaved_changes_by_name() {
    let (_dir, path) = temp_copy(&common::sample_path());
    let mut app = common::app_on(&path, Lang::En, "2018-06-15");
    let at = app.target_milestone().expect("milestone");
    let name = app.ledger.projects[at.project].name.clone();
    update(&mut app, Action::CrossOff);
    update(&mut app, Action::Confirm);
    // Someone else edits the file: a comment line at the top shifts nothing by index, but the
    // fingerprint changes.
    let text = std::fs::read_to_string(&path).expect("read");
    std::fs::write(&path, format!("// edited by someone else\n{text}")).expect("write");
    // The save finds the file changed and the file is read again at once.
    let changed = tracker::ledger::save::SaveError::ChangedOnDisk { path: path.clone() };
    let effects = {
        let a = saved_err(&app, changed);
        update(&mut app, a)
    };
    assert_eq!(effects, vec![Effect::Reload]);
    let result = tracker::ledger::load_path(&path);
    let effects = update(&mut app, Message::Reloaded(Box::new(result)));
    assert!(matches!(&effects[..], [Effect::Save { .. }]));
    let p = app.ledger.project_by_name(&name).expect("project");
    assert!(
        app.ledger.projects[p].milestones[at.milestone]
            .done
            .is_some()
    );
    assert!(
        app.status
            .as_ref()
            .is_some_and(|s| s.text.contains("re-applied 1"))
    );
}

#[test]
fn progress_line_and_pledge_progress_inputs() {
    let mut app = sample_app(Lang::Zh);
    let p = app.selected_project().expect("project");
    update(&mut app, Action::AddUpdate);
    for c in "主体完工".chars() {
        update(&mut app, Action::Input(c));
    }
    let effects = update(&mut app, Action::Confirm);
    assert!(
        matches!(&effects[..], [Effect::Save { change: Change::AddUpdate { project, .. }, .. }] if *project == p)
    );
    assert_eq!(
        app.ledger.projects[p]
            .updates
            .last()
            .map(|u| u.text.as_str()),
        Some("主体完工")
    );

    let mut app = sample_app(Lang::Zh);
    update(&mut app, Action::ShowView(View::Units));
    let unit = (0..app.derived.unit_rows.len())
        .find(|&i| {
            !app.ledger.units[app.derived.unit_rows[i]]
                .pledges
                .is_empty()
        })
        .expect("a unit with pledges");
    app.units.selected = unit;
    update(&mut app, Action::EditProgress);
    let Mode::Input(_) = &app.mode else {
        panic!("no input")
    };
    for _ in 0..10 {
        update(&mut app, Action::Backspace);
    }
    update(&mut app, Action::Input('x'));
    assert!(update(&mut app, Action::Confirm).is_empty(), "not a number");
    update(&mut app, Action::Backspace);
    update(&mut app, Action::Input('7'));
    let effects = update(&mut app, Action::Confirm);
    assert!(
        matches!(&effects[..], [Effect::Save { change: Change::PledgeProgress { progress: Some(x), .. }, .. }] if *x == 7.0)
    );
}

#[test]
fn day_change_moves_today_unless_fixed() {
    let mut app = sample_app(Lang::Zh);
    update(&mut app, Message::DayChanged(common::day("2018-07-01")));
    assert_eq!(app.today, common::day("2018-06-15"), "--today is fixed");
    app.today_fixed = false;
    update(&mut app, Message::DayChanged(common::day("2018-07-01")));
    assert_eq!(app.today, common::day("2018-07-01"));
}

#[test]
fn an_unconfirmed_save_is_on_disk_and_not_saved_again() {
    let mut app = sample_app(Lang::Zh);
    update(&mut app, Action::AddUpdate);
    update(&mut app, Message::Paste("主体封顶".into()));
    update(&mut app, Action::Confirm);
    let fp = tracker::ledger::save::fingerprint(b"what the disk holds now");
    let unconfirmed = tracker::ledger::save::SaveError::Unconfirmed {
        path: "ledger.ron".into(),
        message: "Input/output error".into(),
        fingerprint: fp,
    };
    let effects = {
        let a = saved_err(&app, unconfirmed);
        update(&mut app, a)
    };
    assert!(effects.is_empty(), "{effects:?}");
    assert!(
        app.unsaved.is_empty(),
        "written but unconfirmed is not unsaved"
    );
    assert_eq!(
        app.file.fingerprint, fp,
        "the new version is what the file holds"
    );
    assert!(app.save_failed.is_none(), "later saves are not blocked");
    assert!(
        app.status
            .as_ref()
            .is_some_and(|s| s.text.contains("磁盘未确认"))
    );
}

#[test]
fn a_reload_asked_for_during_a_save_waits_for_it() {
    let mut app = sample_app(Lang::Zh);
    update(&mut app, Action::CrossOff);
    update(&mut app, Action::Confirm);
    assert!(app.saving.is_some());
    // `r` while the save is in flight: nothing yet, the reload follows the save.
    assert!(update(&mut app, Action::Reload).is_empty());
    assert!(app.reload_pending);
    let fp = app.file.fingerprint;
    let effects = {
        let a = saved_ok(&app, fp);
        update(&mut app, a)
    };
    assert_eq!(effects, vec![Effect::Reload]);
    assert!(app.unsaved.is_empty());
    // The reload lands; a later cross-off is saved at once, not stuck behind anything.
    let result = tracker::ledger::load_path(&common::sample_path());
    update(&mut app, Message::Reloaded(Box::new(result)));
    update(&mut app, Action::Down);
    update(&mut app, Action::CrossOff);
    let effects = update(&mut app, Action::Confirm);
    assert!(matches!(&effects[..], [Effect::Save { .. }]), "{effects:?}");
}

#[test]
fn a_result_for_another_save_is_ignored() {
    let mut app = sample_app(Lang::Zh);
    update(&mut app, Action::CrossOff);
    update(&mut app, Action::Confirm);
    let seq = app.saving.expect("saving");
    let stale = Message::Saved {
        seq: seq + 7,
        result: Ok(tracker::ledger::save::Saved {
            fingerprint: app.file.fingerprint,
            stamp: None,
            undo: None,
        }),
    };
    assert!(update(&mut app, stale).is_empty());
    assert_eq!(app.unsaved.len(), 1, "not taken as this save's result");
    assert_eq!(app.saving, Some(seq));
}

#[test]
fn progress_on_a_pledge_without_a_target_is_refused_with_a_reason() {
    let mut app = sample_app(Lang::Zh);
    update(&mut app, Action::ShowView(View::Units));
    // The first unit with a pledge that has no target and is not fulfilled.
    let (row, pledge) = (0..app.derived.unit_rows.len())
        .find_map(|i| {
            let u = &app.ledger.units[app.derived.unit_rows[i]];
            let p = u
                .pledges
                .iter()
                .position(|p| p.target.is_none() && p.done.is_none())?;
            Some((i, p))
        })
        .expect("a pledge without a target");
    app.units.selected = row;
    update(&mut app, Action::FocusRight);
    app.pledges.selected = pledge;
    update(&mut app, Action::EditProgress);
    for _ in 0..10 {
        update(&mut app, Action::Backspace);
    }
    update(&mut app, Action::Input('5'));
    assert!(
        update(&mut app, Action::Confirm).is_empty(),
        "nothing saved"
    );
    let Mode::Input(field) = &app.mode else {
        panic!("the input stays open")
    };
    assert_eq!(
        field.error.as_deref(),
        Some(app.text().progress_without_target)
    );
    // Clearing it is allowed.
    update(&mut app, Action::Backspace);
    let effects = update(&mut app, Action::Confirm);
    assert!(
        matches!(
            &effects[..],
            [Effect::Save {
                change: Change::PledgeProgress { progress: None, .. },
                ..
            }]
        ),
        "{effects:?}"
    );
}

/// Types `date` into the open cross-off dialog over the default, and confirms.
fn confirm_date(app: &mut tracker::ui::App, date: &str) -> Vec<Effect> {
    for _ in 0..16 {
        update(app, Action::Backspace);
    }
    for c in date.chars() {
        update(app, Action::Input(c));
    }
    update(app, Action::Confirm)
}

#[test]
fn cross_off_refuses_a_later_day_and_names_an_impossible_one() {
    let mut app = sample_app(Lang::Zh);
    update(&mut app, Action::CrossOff);
    let cases = [
        ("2018-06-16", "不能晚于今天"),
        ("2018-06-31", "没有 2018-06-31 这一天"),
        ("下周", "不是日期"),
    ];
    for (date, says) in cases {
        let effects = confirm_date(&mut app, date);
        assert!(effects.is_empty(), "{date} was accepted");
        assert!(
            matches!(app.mode, Mode::CrossOff(_)),
            "{date}: dialog closed"
        );
        let text = common::text_of(&common::render(&mut app, 80, 24));
        assert!(text.contains(says), "{date}: no {says:?} in\n{text}");
        if date != "下周" {
            assert!(!text.contains("不是日期"), "{date} is a date:\n{text}");
        }
    }
    // English says the same.
    app.lang = Lang::En;
    confirm_date(&mut app, "2018-06-16");
    let text = common::text_of(&common::render(&mut app, 80, 24));
    assert!(text.contains("after today"), "{text}");
    confirm_date(&mut app, "2018-02-30");
    let text = common::text_of(&common::render(&mut app, 80, 24));
    assert!(text.contains("no such day"), "{text}");
    // Today itself is fine.
    let effects = confirm_date(&mut app, "2018-06-15");
    assert!(matches!(
        &effects[..],
        [Effect::Save {
            change: Change::MilestoneDone { done: Some(_), .. },
            ..
        }]
    ));
}

/// The done date as the office writes it: the ledger's year when none is given.
#[test]
fn cross_off_takes_a_date_as_the_office_writes_it() {
    for date in ["6月14日", "6-14", "2018/6/14", "６月１４日"] {
        let mut app = sample_app(Lang::Zh);
        update(&mut app, Action::CrossOff);
        let effects = confirm_date(&mut app, date);
        let done = match &effects[..] {
            [
                Effect::Save {
                    change: Change::MilestoneDone { done, .. },
                    ..
                },
            ] => *done,
            _ => panic!("{date}: {effects:?}"),
        };
        assert_eq!(done, Some(common::day("2018-06-14")), "{date}");
    }
}

#[test]
fn the_selection_follows_its_project_through_a_re_sort() {
    let mut app = sample_app(Lang::Zh);
    for _ in 0..5 {
        update(&mut app, Action::Down);
    }
    let chosen = app.selected_project().expect("a project");
    for _ in 0..4 {
        update(&mut app, Action::CycleSort);
        assert_eq!(app.selected_project(), Some(chosen), "sort {:?}", app.sort);
    }
    // The wall chart follows its own selection.
    update(&mut app, Action::ToggleWall);
    for _ in 0..7 {
        update(&mut app, Action::Down);
    }
    let on_wall = app.derived.rows[app.timeline.selected];
    update(&mut app, Action::CycleSort);
    assert_eq!(app.derived.rows[app.timeline.selected], on_wall);
}

#[test]
fn undo_history_follows_its_items_through_a_reload() {
    let (_dir, path) = temp_copy(&common::sample_path());
    let mut app = common::app_on(&path, Lang::Zh, "2018-06-15");
    let at = app.target_milestone().expect("milestone");
    let name = app.ledger.projects[at.project].name.clone();
    update(&mut app, Action::CrossOff);
    update(&mut app, Action::Confirm);
    let fp = app.file.fingerprint;
    let effects = {
        let a = saved_ok(&app, fp);
        update(&mut app, a)
    };
    assert!(effects.is_empty());
    // Someone else adds a unit at the top: every unit index moves; projects keep theirs but
    // are found by name anyway.
    let text = std::fs::read_to_string(&path).expect("read");
    let text = text.replacen(
        "projects: [",
        "projects: [\n        Project(name: \"新增项目\", lead: \"区农工委\"),",
        1,
    );
    std::fs::write(&path, text).expect("write");
    let result = tracker::ledger::load_path(&path);
    update(&mut app, Message::Reloaded(Box::new(result)));
    let effects = update(&mut app, Action::Undo);
    let p = app.ledger.project_by_name(&name).expect("project");
    assert_ne!(p, at.project, "the project moved");
    assert!(
        matches!(
            &effects[..],
            [Effect::Save { change: Change::MilestoneDone { project, done: None, .. }, .. }]
                if *project == p
        ),
        "{effects:?}"
    );
}

#[test]
fn an_open_dialog_follows_its_milestone_through_a_reload() {
    let (_dir, path) = temp_copy(&common::sample_path());
    let mut app = common::app_on(&path, Lang::Zh, "2018-06-15");
    let at = app.target_milestone().expect("milestone");
    let (pname, mname) = {
        let p = &app.ledger.projects[at.project];
        (p.name.clone(), p.milestones[at.milestone].name.clone())
    };
    update(&mut app, Action::CrossOff);
    // Someone else inserts a project at the top while the dialog is open.
    let text = std::fs::read_to_string(&path).expect("read");
    let inserted = text.replacen(
        "projects: [",
        "projects: [\n        Project(name: \"新增项目\", lead: \"区农工委\"),",
        1,
    );
    std::fs::write(&path, &inserted).expect("write");
    let result = tracker::ledger::load_path(&path);
    update(&mut app, Message::Reloaded(Box::new(result)));
    let effects = update(&mut app, Action::Confirm);
    let Some(Effect::Save { change, .. }) = effects.first() else {
        panic!("{effects:?}")
    };
    let Change::MilestoneDone {
        project, milestone, ..
    } = change
    else {
        panic!("{change:?}")
    };
    assert_eq!(app.ledger.projects[*project].name, pname);
    assert_eq!(
        app.ledger.projects[*project].milestones[*milestone].name,
        mname
    );

    // Open again on a fresh app; this time the other writer crossed it off meanwhile.
    let (_dir, path) = temp_copy(&common::sample_path());
    let mut app = common::app_on(&path, Lang::Zh, "2018-06-15");
    update(&mut app, Action::CrossOff);
    other_writer_crosses_off(&path, &pname, &mname);
    let result = tracker::ledger::load_path(&path);
    update(&mut app, Message::Reloaded(Box::new(result)));
    assert_eq!(app.mode, Mode::Browse, "the dialog closed");
    let status = app.status.clone().expect("status").text;
    assert!(
        status.contains("已由他人销号") && status.contains("李科长"),
        "{status}"
    );
}

#[test]
fn quitting_while_the_file_is_read_again_waits_for_it_and_saves() {
    let (_dir, path) = temp_copy(&common::sample_path());
    let mut app = common::app_on(&path, Lang::Zh, "2018-06-15");
    update(&mut app, Action::CrossOff);
    update(&mut app, Action::Confirm);
    let changed = tracker::ledger::save::SaveError::ChangedOnDisk { path: path.clone() };
    let effects = {
        let a = saved_err(&app, changed);
        update(&mut app, a)
    };
    assert_eq!(effects, vec![Effect::Reload]);
    // q while the reload is under way: no question, the change is saved first.
    assert!(update(&mut app, Action::Quit).is_empty());
    assert_eq!(app.mode, Mode::Browse);
    let result = tracker::ledger::load_path(&path);
    let effects = update(&mut app, Message::Reloaded(Box::new(result)));
    assert!(matches!(&effects[..], [Effect::Save { .. }]), "{effects:?}");
    let fp = app.file.fingerprint;
    let effects = {
        let a = saved_ok(&app, fp);
        update(&mut app, a)
    };
    assert_eq!(effects, vec![Effect::Quit]);
}

#[test]
fn a_conflict_waiting_for_an_answer_is_never_dropped() {
    let (_dir, path) = temp_copy(&common::sample_path());
    let mut app = common::app_on(&path, Lang::Zh, "2018-06-15");
    let at = app.target_milestone().expect("milestone");
    let (p, m) = {
        let p = &app.ledger.projects[at.project];
        (p.name.clone(), p.milestones[at.milestone].name.clone())
    };
    update(&mut app, Action::CrossOff);
    update(&mut app, Action::Confirm);
    // Another writer crosses the same milestone off with another date.
    other_writer_crosses_off(&path, &p, &m);
    let changed = tracker::ledger::save::SaveError::ChangedOnDisk { path: path.clone() };
    let effects = {
        let a = saved_err(&app, changed);
        update(&mut app, a)
    };
    assert_eq!(effects, vec![Effect::Reload]);
    let result = tracker::ledger::load_path(&path);
    update(&mut app, Message::Reloaded(Box::new(result)));
    assert!(matches!(app.mode, Mode::Conflict(_)));
    // Yet another change on disk while the question is open: read again only after it.
    assert!(update(&mut app, Message::ChangedOnDisk).is_empty());
    assert!(app.reload_pending);
    // Quitting asks, counting the conflict, and going back returns to it.
    assert!(update(&mut app, Action::Quit).is_empty());
    assert!(matches!(app.mode, Mode::ConfirmQuit(Some(_))));
    assert_eq!(tracker::ui::update::saving::unsaved_lines(&app).len(), 1);
    update(&mut app, Action::Cancel);
    assert!(matches!(app.mode, Mode::Conflict(_)));
    // Answered: the deferred reload comes first.
    assert_eq!(update(&mut app, Action::KeepTheirs), vec![Effect::Reload]);
    assert_eq!(app.mode, Mode::Browse);
}

/// A unit counting thousands of milestones of one colour: every count stays in its own
/// column, apart from the next (at 100,000 projects units count hundreds to thousands).
#[test]
fn large_counts_keep_their_columns_apart() {
    let mut text = String::from(
        "Ledger(title: \"t\", year: 2018, units: [Unit(name: \"区城管局\")], projects: [",
    );
    for p in 0..30 {
        text.push_str(&format!(
            "Project(name: \"项目{p}\", lead: \"区城管局\", milestones: ["
        ));
        for m in 0..40 {
            // 1,200 milestones: overdue (red), as of 2018-06-15.
            text.push_str(&format!(
                "Milestone(name: \"节点{m}\", due: \"2018-01-01\"),"
            ));
        }
        text.push_str("]),");
    }
    text.push_str("])");
    let mut app = common::app_from_str(&text, Lang::Zh, "2018-06-15");
    for view in [View::Units, View::Overview] {
        update(&mut app, Action::ShowView(view));
        let screen = common::text_of(&common::render(&mut app, 120, 40));
        let row = screen
            .lines()
            .find(|l| l.contains("区城管局") && l.contains("1200"))
            .unwrap_or_else(|| panic!("{view:?}: no row with the count:\n{screen}"));
        // The red count, then the empty yellow, blue and green columns, each apart.
        assert!(row.contains(" 1200    0    0    0"), "{view:?}: {row}");
    }
}

/// The overview's totals and the unit picker write counts whole, however many digits (at
/// 100,000 projects: 350,487 green milestones, 100,000 projects).
#[test]
fn counts_of_six_digits_are_written_whole() {
    let mut app = sample_app(Lang::Zh);
    // More projects, copies of the first: only their number matters to the picker.
    let first = app.ledger.projects[0].clone();
    let ledger = std::sync::Arc::make_mut(&mut app.ledger);
    ledger.projects.resize(123_456, first);
    app.refresh_all();
    update(&mut app, Action::ShowView(View::Overview));
    let screen = common::text_of(&common::render(&mut app, 120, 40));
    let greens = app
        .derived
        .totals
        .as_ref()
        .map(|t| t.counts.green)
        .unwrap_or(0);
    assert!(greens >= 100_000, "{greens}");
    assert!(screen.contains(&format!(" {greens} ")), "{screen}");
    update(&mut app, Action::OpenPicker);
    let screen = common::text_of(&common::render(&mut app, 120, 40));
    assert!(screen.contains(" 123456"), "{screen}");
}

fn ctrl_key(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
}

/// The line editor's keys, from the one keymap, wherever text is typed.
#[test]
fn line_editing_keys_work_in_every_field() {
    use tracker::ui::app::LineEdit;
    let search = Mode::Search(tracker::ui::app::TextField::default());
    for (ev, edit) in [
        (KeyEvent::from(KeyCode::Left), LineEdit::Left),
        (KeyEvent::from(KeyCode::Right), LineEdit::Right),
        (KeyEvent::from(KeyCode::Home), LineEdit::Start),
        (ctrl_key('a'), LineEdit::Start),
        (KeyEvent::from(KeyCode::End), LineEdit::End),
        (ctrl_key('e'), LineEdit::End),
        (KeyEvent::from(KeyCode::Delete), LineEdit::DeleteForward),
        (ctrl_key('w'), LineEdit::DeleteWord),
        (ctrl_key('u'), LineEdit::DeleteToStart),
    ] {
        assert_eq!(action_for(&search, &ev), Some(Action::Edit(edit)), "{ev:?}");
    }
    // Browsing keeps its own meaning for the arrows.
    assert_eq!(
        action_for(&Mode::Browse, &KeyEvent::from(KeyCode::Left)),
        Some(Action::FocusLeft)
    );

    // The search: a character typed in the middle changes the query there, and the rows
    // follow it (the new query does not hold the old one: every project is looked at).
    let mut app = sample_app(Lang::Zh);
    update(&mut app, Action::StartSearch);
    for c in "公园".chars() {
        update(&mut app, Action::Input(c));
    }
    let parks = app.derived.rows.clone();
    update(&mut app, Action::Edit(LineEdit::Left));
    update(&mut app, Action::Edit(LineEdit::DeleteBack));
    assert_eq!(app.filter.search, "园");
    assert!(app.derived.rows.len() >= parks.len());
    update(&mut app, Action::Edit(LineEdit::Start));
    update(&mut app, Action::Input('公'));
    assert_eq!(app.filter.search, "公园");
    assert_eq!(app.derived.rows, parks);
    let text = common::text_of(&common::render(&mut app, 120, 40));
    assert!(text.contains("公▏园"), "the cursor after 公:\n{text}");
    update(&mut app, Action::Edit(LineEdit::DeleteToStart));
    assert_eq!(app.filter.search, "园");

    // The cross-off date: Ctrl-U clears what is before the cursor; typing goes at the cursor.
    let mut app = sample_app(Lang::Zh);
    update(&mut app, Action::CrossOff);
    update(&mut app, Action::Edit(LineEdit::DeleteToStart));
    for c in "6月14".chars() {
        update(&mut app, Action::Input(c));
    }
    update(&mut app, Action::Input('日'));
    let effects = update(&mut app, Action::Confirm);
    assert!(
        matches!(
            &effects[..],
            [Effect::Save {
                change: Change::MilestoneDone { done: Some(d), .. },
                ..
            }] if *d == common::day("2018-06-14")
        ),
        "{effects:?}"
    );
}

fn type_str(app: &mut tracker::ui::App, s: &str) {
    for c in s.chars() {
        assert!(update(app, Action::Input(c)).is_empty());
    }
}

#[test]
fn the_investment_form_records_a_month_and_moves_the_years_total() {
    let mut app = sample_app(Lang::Zh);
    let p = app.selected_project().expect("a project");
    let was = app.ledger.projects[p]
        .investment
        .and_then(|i| i.done)
        .unwrap_or(0.0);
    assert!(update(&mut app, Action::Invest).is_empty());
    assert!(matches!(app.mode, Mode::Form(_)));
    update(&mut app, Action::NextField);
    type_str(&mut app, "0.5");
    let effects = update(&mut app, Action::Confirm);
    assert!(
        matches!(
            &effects[..],
            [Effect::Save {
                change: Change::Set { .. },
                ..
            }]
        ),
        "{effects:?}"
    );
    assert_eq!(app.mode, Mode::Browse);
    let pr = &app.ledger.projects[p];
    assert_eq!(pr.month_done(6), Some(0.5));
    let now = pr.investment.and_then(|i| i.done).expect("done");
    assert!((now - (was + 0.5)).abs() < 1e-9, "{was} + 0.5 → {now}");
}

#[test]
fn a_bad_value_keeps_the_form_open_with_the_reason_and_saves_nothing() {
    let mut app = sample_app(Lang::En);
    let before = app.ledger.clone();
    update(&mut app, Action::AddItem);
    type_str(&mut app, "完成设计");
    update(&mut app, Action::NextField);
    type_str(&mut app, "2018-02-30");
    assert!(update(&mut app, Action::Confirm).is_empty());
    let Mode::Form(form) = &app.mode else {
        panic!("the form closed: {:?}", app.mode)
    };
    assert_eq!(form.focus, 1);
    assert!(matches!(
        &form.error,
        Some((1, tracker::ui::app::FieldError::NoSuchDay(d))) if d == "2018-02-30"
    ));
    // A name the project has already: refused by the ledger's rules, beside the name.
    let taken = app.ledger.projects[app.selected_project().expect("p")].milestones[0]
        .name
        .to_string();
    update(&mut app, Action::Cancel);
    update(&mut app, Action::AddItem);
    type_str(&mut app, &taken);
    update(&mut app, Action::NextField);
    type_str(&mut app, "9月底");
    assert!(update(&mut app, Action::Confirm).is_empty());
    let Mode::Form(form) = &app.mode else {
        panic!("the form closed")
    };
    assert!(matches!(
        &form.error,
        Some((
            0,
            tracker::ui::app::FieldError::Refused(tracker::ledger::change::Refusal::DuplicateName(
                ..
            ))
        ))
    ));
    assert_eq!(app.ledger, before);
    assert!(app.unsaved.is_empty());
}

#[test]
fn tab_in_a_unit_field_completes_the_name() {
    let mut app = sample_app(Lang::Zh);
    update(&mut app, Action::AddItem);
    update(&mut app, Action::NextField);
    update(&mut app, Action::NextField);
    type_str(&mut app, "区农");
    update(&mut app, Action::NextField);
    let Mode::Form(form) = &app.mode else {
        panic!("the form closed")
    };
    assert_eq!(form.fields[2].text.as_str(), "区农工委");
    assert_eq!(form.focus, 2, "completing stays in the field");
}

#[test]
fn a_unit_projects_still_name_is_not_offered_for_removal() {
    let mut app = sample_app(Lang::Zh);
    update(&mut app, Action::ShowView(View::Units));
    update(&mut app, Action::Down);
    let unit = app.selected_unit().expect("a unit");
    update(&mut app, Action::RemoveItem);
    assert!(matches!(app.mode, Mode::ConfirmRemove(_)));
    // Enter does nothing: the dialog only says why, and Esc closes it.
    assert!(update(&mut app, Action::Confirm).is_empty());
    assert!(matches!(app.mode, Mode::ConfirmRemove(_)));
    assert!(app.unsaved.is_empty());
    update(&mut app, Action::Cancel);
    assert_eq!(app.mode, Mode::Browse);
    assert!(app.ledger.units.len() > unit);
    let shown = common::text_of(&common::render(&mut app, 120, 40));
    assert!(!shown.contains("无法删除"));
}

#[test]
fn undoing_a_months_first_figure_says_the_figure_went() {
    let mut app = sample_app(Lang::Zh);
    update(&mut app, Action::Down);
    update(&mut app, Action::Invest);
    update(&mut app, Action::NextField);
    for c in "0.3".chars() {
        update(&mut app, Action::Input(c));
    }
    let saves = update(&mut app, Action::Confirm);
    assert!(matches!(&saves[..], [Effect::Save { .. }]), "{saves:?}");
    update(&mut app, Action::Undo);
    // What the status line says once the undo is saved.
    let what = &app.unsaved.back().expect("queued").what;
    assert_eq!(what, "郑州树木园改造 2018-06 的月报已删除");
}

/// The Overview asks the worker for the trend once, and again only after the history
/// changed (a commit, a sync, a reload); other views never ask.
#[test]
fn the_trend_is_counted_when_the_overview_shows_and_again_after_a_commit() {
    use tracker::ui::app::Counted;
    let asks = |effects: &[Effect]| -> Vec<u64> {
        effects
            .iter()
            .filter_map(|e| match e {
                Effect::Trend { generation } => Some(*generation),
                _ => None,
            })
            .collect()
    };
    let mut app = sample_app(Lang::Zh);
    assert!(asks(&update(&mut app, Action::ShowView(View::Units))).is_empty());
    let first = asks(&update(&mut app, Action::ShowView(View::Overview)));
    assert_eq!(first.len(), 1, "asked on showing the Overview");
    // Moving about does not ask again while the count is under way or done.
    assert!(asks(&update(&mut app, Action::Down)).is_empty());
    let answer = Message::Trend {
        generation: first[0],
        counted: Counted::NoHistory,
    };
    assert!(update(&mut app, answer).is_empty());
    assert_eq!(app.trend.counted, Some(Counted::NoHistory));
    assert!(asks(&update(&mut app, Action::Down)).is_empty());
    // A commit changes the history: counted again, at once since the Overview is shown.
    let committed = Message::Committed(Ok(tracker::git::Committed::Commit("abc1234".into())));
    let again = asks(&update(&mut app, committed));
    assert_eq!(again.len(), 1);
    assert_ne!(again[0], first[0]);
    // An answer for the old generation arriving late does not count as the new one.
    let late = Message::Trend {
        generation: first[0],
        counted: Counted::Failed("late".into()),
    };
    update(&mut app, late);
    assert_eq!(app.trend.counted_of, Some(first[0]));
    assert!(
        asks(&update(&mut app, Action::Down)).is_empty(),
        "still under way"
    );
    // Away from the Overview a commit is noted, and counted on the next visit.
    update(&mut app, Action::ShowView(View::Projects));
    let committed = Message::Committed(Ok(tracker::git::Committed::Commit("def5678".into())));
    assert!(asks(&update(&mut app, committed)).is_empty());
    assert_eq!(
        asks(&update(&mut app, Action::ShowView(View::Overview))).len(),
        1
    );
}
