//! The command line: check, done, undone, log, help, version, exit codes.

mod common;

use std::process::Command;

use common::{root, sample_path, stderr, stdout, temp_copy, tracker};

#[test]
fn check_on_the_sample_prints_a_clean_summary() {
    let sample = sample_path();
    let o = tracker(&[
        "check",
        sample.to_str().expect("path"),
        "--today",
        "2018-06-15",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains(": ok: ") && out.contains("(as of 2018-06-15)"),
        "{out}"
    );
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
}

#[test]
fn check_on_a_broken_copy_prints_every_problem_and_exits_1() {
    let f = root().join("tests/fixtures/invalid/many_problems.ron");
    let o = tracker(&["check", f.to_str().expect("path")]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 4, "{err}");
    assert!(
        lines[0].contains("many_problems.ron:7:40: red_days is 0"),
        "{err}"
    );
    assert!(lines[1].contains("many_problems.ron:16:19: no unit is named \"农工委\""));
    assert!(lines[2].contains("many_problems.ron:20:46: 2018-02-30 is not a date"));
    assert!(lines[3].ends_with("3 problems found; nothing was changed"));
}

#[test]
fn a_missing_file_is_a_clear_error() {
    let o = tracker(&["check", "/nonexistent/ledger.ron"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).starts_with("tracker: "), "{}", stderr(&o));
    assert!(stderr(&o).contains("/nonexistent/ledger.ron"));
}

#[test]
fn help_and_version() {
    let o = tracker(&["--help"]);
    assert!(o.status.success());
    for word in [
        "check", "done", "undone", "log", "report", "--today", "--lang", "--unit",
    ] {
        assert!(stdout(&o).contains(word), "--help lacks {word}");
    }
    let o = tracker(&["--version"]);
    assert!(o.status.success());
    assert!(stdout(&o).starts_with("tracker "));
    let o = tracker(&["--today", "2018-13-01", "check"]);
    assert_eq!(o.status.code(), Some(2), "bad --today is a usage error");
}

#[test]
fn done_and_undone_round_trip_the_bytes() {
    let (_dir, path) = temp_copy(&sample_path());
    let file = path.to_str().expect("path");
    let before = std::fs::read(&path).expect("read");
    let ledger = tracker::ledger::load_path(&path).expect("load").ledger;
    let (project, milestone) = ledger
        .projects
        .iter()
        .find_map(|p| {
            p.milestones
                .iter()
                .find(|m| m.done.is_none())
                .map(|m| (p.name.clone(), m.name.clone()))
        })
        .expect("an open milestone");
    let o = tracker(&["done", file, &project, &milestone, "--date", "2018-06-01"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("crossed off"));
    let after = tracker::ledger::load_path(&path).expect("load").ledger;
    let p = after.project_by_name(&project).expect("project");
    let m = after.projects[p]
        .milestone_by_name(&milestone)
        .expect("milestone");
    assert_eq!(
        after.projects[p].milestones[m].done,
        Some(common::day("2018-06-01"))
    );
    assert_eq!(
        after.projects[p].milestones[m].by.as_deref(),
        Some("tester")
    );
    assert_eq!(
        std::fs::read(path.with_extension("ron.bak")).expect("bak"),
        before
    );

    let o = tracker(&["undone", file, &project, &milestone]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        std::fs::read(&path).expect("read"),
        before,
        "un-marking restores the bytes"
    );
}

#[test]
fn done_names_what_is_missing() {
    let (_dir, path) = temp_copy(&sample_path());
    let file = path.to_str().expect("path");
    let before = std::fs::read(&path).expect("read");
    let o = tracker(&["done", file, "没有这个项目", "开工"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("no project named \"没有这个项目\""),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read(&path).expect("read"), before);
}

#[test]
fn done_refuses_a_broken_ledger_and_leaves_it_alone() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("broken.ron");
    std::fs::copy(
        root().join("tests/fixtures/invalid/unknown_lead.ron"),
        &path,
    )
    .expect("copy");
    let before = std::fs::read(&path).expect("read");
    let o = tracker(&[
        "done",
        path.to_str().expect("path"),
        "南水北调生态文化公园",
        "建成开放",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no unit is named"), "{}", stderr(&o));
    assert_eq!(std::fs::read(&path).expect("read"), before);
    assert!(!path.with_extension("ron.bak").exists(), "nothing written");
}

#[test]
fn log_appends_a_progress_line() {
    let (_dir, path) = temp_copy(&sample_path());
    let file = path.to_str().expect("path");
    let ledger = tracker::ledger::load_path(&path).expect("load").ledger;
    let name = ledger.projects[0].name.clone();
    let count = ledger.projects[0].updates.len();
    let o = tracker(&[
        "log",
        file,
        &name,
        "主体结构完成60%",
        "--date",
        "2018-06-10",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let after = tracker::ledger::load_path(&path).expect("load").ledger;
    let updates = &after.projects[0].updates;
    assert_eq!(updates.len(), count + 1);
    let last = updates.last().expect("update");
    assert_eq!(last.text, "主体结构完成60%");
    assert_eq!(last.date, common::day("2018-06-10"));
    assert_eq!(last.by.as_deref(), Some("tester"));
}

#[test]
fn concurrent_done_calls_all_land() {
    let (_dir, path) = temp_copy(&sample_path());
    let ledger = tracker::ledger::load_path(&path).expect("load").ledger;
    let open = common::open_milestones(&ledger, 12);
    common::concurrent_done(
        &path,
        &open,
        &["--date", "2018-06-02"],
        &[("TRACKER_USER", "tester")],
    );
    let after = tracker::ledger::load_path(&path).expect("load").ledger;
    for (p, m) in &open {
        let pi = after.project_by_name(p).expect("project");
        let mi = after.projects[pi].milestone_by_name(m).expect("milestone");
        assert!(
            after.projects[pi].milestones[mi].done.is_some(),
            "{p} / {m} was lost"
        );
    }
}

#[test]
fn the_default_ledger_is_created_from_the_bundled_sample_and_announced() {
    let home = tempfile::tempdir().expect("dir");
    let data = home.path().join("data");
    let o = Command::new(env!("CARGO_BIN_EXE_tracker"))
        .args(["check", "--today", "2018-06-15"])
        .env("HOME", home.path())
        .env("XDG_DATA_HOME", &data)
        .output()
        .expect("run");
    assert!(o.status.success(), "{}", stderr(&o));
    let created = data.join("tracker/ledger.ron");
    assert!(
        stderr(&o).contains("created the default ledger"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains(&created.display().to_string()));
    assert_eq!(
        std::fs::read_to_string(&created).expect("created"),
        std::fs::read_to_string(sample_path()).expect("sample")
    );
    // The second run uses it quietly.
    let o = Command::new(env!("CARGO_BIN_EXE_tracker"))
        .args(["check"])
        .env("HOME", home.path())
        .env("XDG_DATA_HOME", &data)
        .output()
        .expect("run");
    assert!(o.status.success());
    assert!(!stderr(&o).contains("created"));
}

/// The first open milestone of the ledger at `path`: (project, milestone).
fn first_open(path: &std::path::Path) -> (String, String) {
    let ledger = tracker::ledger::load_path(path).expect("load").ledger;
    ledger
        .projects
        .iter()
        .find_map(|p| {
            p.milestones
                .iter()
                .find(|m| m.done.is_none())
                .map(|m| (p.name.to_string(), m.name.to_string()))
        })
        .expect("an open milestone")
}

/// The `done` and `by` of a milestone, read from the file.
fn done_of(
    path: &std::path::Path,
    project: &str,
    milestone: &str,
) -> (Option<chrono::NaiveDate>, Option<String>) {
    let ledger = tracker::ledger::load_path(path).expect("load").ledger;
    let p = ledger.project_by_name(project).expect("project");
    let m = ledger.projects[p].milestone_by_name(milestone).expect("m");
    let m = &ledger.projects[p].milestones[m];
    (m.done, m.by.as_deref().map(String::from))
}

#[test]
fn done_refuses_a_date_after_today() {
    let (_dir, path) = temp_copy(&sample_path());
    let file = path.to_str().expect("path");
    let before = std::fs::read(&path).expect("read");
    let (project, milestone) = first_open(&path);
    let o = tracker(&[
        "done",
        file,
        &project,
        &milestone,
        "--date",
        "2018-07-01",
        "--today",
        "2018-06-15",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert_eq!(
        stderr(&o),
        "tracker: done date 2018-07-01 is after today (2018-06-15); \
         a milestone is crossed off once it is done, not in advance\n"
    );
    assert_eq!(
        std::fs::read(&path).expect("read"),
        before,
        "nothing written"
    );
    // Today itself is fine.
    let o = tracker(&[
        "done",
        file,
        &project,
        &milestone,
        "--date",
        "2018-06-15",
        "--today",
        "2018-06-15",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn done_on_a_crossed_off_milestone_names_the_record_and_needs_force() {
    let (_dir, path) = temp_copy(&sample_path());
    let file = path.to_str().expect("path");
    let ledger = tracker::ledger::load_path(&path).expect("load").ledger;
    let (project, milestone, done, by) = ledger
        .projects
        .iter()
        .find_map(|p| {
            p.milestones
                .iter()
                .find_map(|m| Some((p.name.clone(), m.name.clone(), m.done?, m.by.clone()?)))
        })
        .expect("a crossed-off milestone with its recorder");
    let before = std::fs::read(&path).expect("read");
    let o = tracker(&[
        "done",
        file,
        &project,
        &milestone,
        "--date",
        "2018-06-01",
        "--today",
        "2018-06-15",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert_eq!(
        stderr(&o),
        format!(
            "tracker: {project} / {milestone} was already crossed off on {done} by {by}; \
             nothing was changed (--force replaces the date and who)\n"
        )
    );
    assert_eq!(
        std::fs::read(&path).expect("read"),
        before,
        "nothing written"
    );

    let o = tracker(&[
        "done",
        file,
        &project,
        &milestone,
        "--date",
        "2018-06-01",
        "--today",
        "2018-06-15",
        "--force",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        done_of(&path, &project, &milestone),
        (Some(common::day("2018-06-01")), Some("tester".to_string()))
    );
}

#[test]
fn global_options_work_before_and_after_every_subcommand() {
    let (_dir, path) = temp_copy(&sample_path());
    let file = path.to_str().expect("path");
    let (project, milestone) = first_open(&path);
    let globals = ["--today", "2018-06-15", "--lang", "en"];
    // The global options first, then last: each run as its own command, in turn.
    let both_ways = |sub: &[&str]| -> Vec<Vec<String>> {
        let before = globals.iter().chain(sub);
        let after = sub.iter().chain(&globals);
        vec![
            before.map(|s| s.to_string()).collect(),
            after.map(|s| s.to_string()).collect(),
        ]
    };
    let run = |args: &Vec<String>| {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        tracker(&args)
    };
    for args in both_ways(&["check", file]) {
        let o = run(&args);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        assert!(stdout(&o).contains("(as of 2018-06-15)"), "{}", stdout(&o));
    }
    for report in ["brief", "notice", "scorecard"] {
        for args in both_ways(&["report", report, file]) {
            let o = run(&args);
            assert!(o.status.success(), "{args:?}: {}", stderr(&o));
            // In English (`--lang en`), as the report's dates read.
            assert!(stdout(&o).contains("2018-06-15"), "{args:?}");
        }
    }
    // done without --date takes --today; undone clears it again.
    for args in both_ways(&["done", file, &project, &milestone]) {
        let o = run(&args);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        assert_eq!(
            done_of(&path, &project, &milestone).0,
            Some(common::day("2018-06-15"))
        );
        let o = tracker(&["undone", file, &project, &milestone]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    for args in both_ways(&["undone", file, &project, &milestone]) {
        let o = run(&args);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    }
    for args in both_ways(&["log", file, &project, "全局选项"]) {
        let o = run(&args);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        let ledger = tracker::ledger::load_path(&path).expect("load").ledger;
        let p = ledger.project_by_name(&project).expect("project");
        let last = ledger.projects[p].updates.last().expect("logged");
        assert_eq!(last.date, common::day("2018-06-15"));
    }
    // Without a subcommand the UI starts; here it stops only for want of a terminal.
    for args in both_ways(&[file]) {
        let o = run(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(stderr(&o).contains("needs a terminal"), "{}", stderr(&o));
    }
    // What belongs to the UI alone still cannot be given with a subcommand.
    for args in [
        &["--unit", "区农工委", "check", file][..],
        &["--brief-format", "md", "check", file][..],
        &[file, "check"][..],
    ] {
        assert_eq!(tracker(args).status.code(), Some(2), "{args:?}");
    }
}

#[test]
fn the_readme_check_example_is_what_check_prints() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    let command = "$ tracker check data/examples/broken.ron\n";
    let start = readme
        .find(command)
        .expect("README shows the broken.ron example")
        + command.len();
    let shown: String = readme[start..]
        .lines()
        .take_while(|l| !l.starts_with("$ ") && !l.starts_with("```"))
        .map(|l| format!("{l}\n"))
        .collect();
    let o = Command::new(env!("CARGO_BIN_EXE_tracker"))
        .current_dir(root())
        .args(["check", "data/examples/broken.ron"])
        .output()
        .expect("run tracker");
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stderr(&o), shown);
    assert_eq!(shown.lines().count(), 4, "three problems and the summary");
}

/// `check --fix-punctuation` replaces only the input method's full-width punctuation outside
/// strings, shows each line changed, and writes only when the result loads.
#[test]
fn fix_punctuation_replaces_the_slips_and_nothing_else() {
    let slips = root().join("tests/fixtures/invalid/ime_slips.ron");
    let original = std::fs::read_to_string(&slips).expect("read");
    // With a number written with its unit as well, the fix alone would not make it load:
    // nothing is written, and what would remain is named.
    let (_dir, path) = temp_copy(&slips);
    let file = path.to_str().expect("path");
    let o = tracker(&["check", file, "--fix-punctuation", "--today", "2018-06-15"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("nothing was changed"), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(":12:33: the number 3.5亿元"),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read_to_string(&path).expect("read"), original);
    // Without it, the punctuation is replaced and the ledger loads.
    let fixable = original.replace("3.5亿元", "3.5");
    std::fs::write(&path, &fixable).expect("write");
    let o = tracker(&["check", file, "--fix-punctuation", "--today", "2018-06-15"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("replaced 6 full-width punctuation marks"),
        "{out}"
    );
    assert!(
        out.contains("- ") && out.contains("+ ") && out.contains(":14:"),
        "{out}"
    );
    assert!(out.contains(": ok: 1 units"), "{out}");
    let fixed = std::fs::read_to_string(&path).expect("read");
    // Exactly those characters differ, one for one; the comment keeps its own.
    let want = fixable
        .lines()
        .map(|l| {
            if l.starts_with("//") {
                l.to_string()
            } else {
                l.replace('，', ",")
                    .replace('（', "(")
                    .replace(['“', '”'], "\"")
                    .replace('：', ":")
                    .replace('\u{3000}', " ")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n";
    assert_eq!(fixed, want);
    assert!(tracker::ledger::load_path(&path).is_ok());
}

/// Names as a clerk types them: the start of a name when only one name starts so, full-width
/// forms alike; a slip answered with the name meant.
#[test]
fn names_are_found_as_a_clerk_types_them() {
    let (_dir, path) = temp_copy(&sample_path());
    let file = path.to_str().expect("path");
    // Crossed off in the sample: un-marked by its full name with full-width spaces around,
    // crossed off again by the start of each name.
    let o = tracker(&["undone", file, "　足球文化产业园 ", "开工建设"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = tracker(&[
        "done",
        file,
        "足球文化",
        "开工",
        "--date",
        "2018-03-28",
        "--today",
        "2018-06-15",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("crossed off 足球文化产业园 / 开工建设 on 2018-03-28"),
        "{}",
        stdout(&o)
    );
    let o = tracker(&[
        "done",
        file,
        "足球文化产业圆",
        "开工建设",
        "--today",
        "2018-06-15",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o)
            .contains("no project named \"足球文化产业圆\" (did you mean \"足球文化产业园\"?)"),
        "{}",
        stderr(&o)
    );
}
