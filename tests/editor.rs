//! `e`: the ledger in the user's editor. The draft, the editor run (a shell script as the
//! editor) and the read-back; and `update`'s side: when `e` may open, what the user sees of
//! each outcome, editing again and discarding.

mod common;

use std::fs;
use std::path::Path;

use common::{app_on, sample_path, temp_copy};
use tracker::cli::Lang;
use tracker::ledger::change::Item;
use tracker::ledger::save::{self, SaveError};
use tracker::ui::action::Message;
use tracker::ui::app::{DraftProblems, Mode};
use tracker::ui::editor::{self, Outcome};
use tracker::ui::{Action, Effect, update};

/// A shell script used as the editor: `body` runs with the draft as `$2` (after `+LINE`).
fn script(dir: &Path, name: &str, body: &str) -> String {
    let path = dir.join(name);
    fs::write(&path, format!("#!/bin/sh\n{body}\n")).expect("write script");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).expect("chmod");
    }
    path.to_str().expect("utf-8").to_string()
}

#[test]
fn the_draft_opens_at_the_selected_items_line_and_a_valid_edit_comes_back_to_be_saved() {
    let (dir, path) = temp_copy(&sample_path());
    let original = fs::read_to_string(&path).expect("read");
    let item = Item::Milestone {
        project: 2,
        milestone: 1,
    };
    let (draft, line) = editor::new_draft(&path, Some(item)).expect("draft");
    assert_ne!(
        draft.path.parent(),
        path.parent(),
        "the draft is not beside the ledger"
    );
    let at_line = original.lines().nth(line - 1).expect("line");
    let ledger = tracker::ledger::load_str(&original).expect("loads").0;
    let name = ledger.projects[2].milestones[1].name.to_string();
    assert!(
        at_line.contains("Milestone(") || at_line.contains(&format!("\"{name}\"")),
        "line {line} is {at_line:?}, not the milestone {name}"
    );
    let log = dir.path().join("args");
    let editor = script(
        dir.path(),
        "ed.sh",
        &format!(
            "echo \"$1\" > {}\nsed -i 's/{name}/{name}（调整）/' \"$2\"",
            log.display()
        ),
    );
    editor::run_editor(&editor, &draft, line).expect("editor ran");
    assert_eq!(
        fs::read_to_string(&log).expect("args").trim(),
        format!("+{line}")
    );
    let Outcome::Loads { draft, bytes } = editor::read_back(draft).expect("read back") else {
        panic!("a valid edit loads")
    };
    assert_eq!(
        String::from_utf8(bytes).expect("utf-8"),
        original.replace(&name, &format!("{name}（调整）"))
    );
    assert_eq!(
        fs::read_to_string(&path).expect("read"),
        original,
        "the ledger is untouched until the draft is saved"
    );
    editor::discard(&draft);
    assert!(!draft.path.exists());
}

#[test]
fn an_invalid_edit_comes_back_with_every_problem_and_the_ledger_untouched() {
    let (dir, path) = temp_copy(&sample_path());
    let original = fs::read(&path).expect("read");
    let (draft, line) = editor::new_draft(&path, None).expect("draft");
    assert_eq!(line, 1);
    // A full-width comma typed through the input method, and a date that is no day.
    let editor = script(
        dir.path(),
        "bad.sh",
        "sed -i '0,/due: \"2018-0[0-9]-[0-9]*\"/s//due: \"2018-02-30\"/' \"$2\"",
    );
    editor::run_editor(&editor, &draft, line).expect("editor ran");
    let Outcome::Invalid { draft, problems } = editor::read_back(draft).expect("read back") else {
        panic!("an impossible date does not load")
    };
    assert!(!problems.is_empty());
    assert!(
        problems.iter().all(|p| p.line > 1 && p.col >= 1),
        "{problems:?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.message(tracker::cli::Lang::En).contains("2018-02-30")),
        "{problems:?}"
    );
    assert_eq!(fs::read(&path).expect("read"), original);
    assert!(draft.path.exists(), "the draft is kept to be edited again");
    assert_eq!(
        editor::first_problem_line(&problems),
        problems.iter().map(|p| p.line).min().expect("one")
    );
    editor::discard(&draft);
}

#[test]
fn an_editor_that_changes_nothing_or_fails_leaves_the_ledger_alone() {
    let (dir, path) = temp_copy(&sample_path());
    let original = fs::read(&path).expect("read");
    let (draft, _) = editor::new_draft(&path, None).expect("draft");
    editor::run_editor(&script(dir.path(), "noop.sh", "true"), &draft, 1).expect("ran");
    let kept = draft.path.clone();
    assert!(matches!(
        editor::read_back(draft).expect("read back"),
        Outcome::Unchanged
    ));
    assert!(!kept.exists(), "an unchanged draft is removed");

    let (draft, _) = editor::new_draft(&path, None).expect("draft");
    let failed = editor::run_editor(&script(dir.path(), "fail.sh", "exit 3"), &draft, 1);
    let Err(editor::EditorError::Failed { draft: at, .. }) = failed else {
        panic!("a failing editor is reported: {failed:?}")
    };
    assert_eq!(at, draft.path);
    let again = editor::new_draft(&path, None).expect("a second draft").0;
    let missing = editor::run_editor("/no/such/editor", &again, 1);
    // Not installed is said as such (not as the editor failing), and its draft is gone.
    assert!(
        matches!(missing, Err(editor::EditorError::NotInstalled { .. })),
        "{missing:?}"
    );
    assert!(!again.path.exists(), "the unused draft is removed");
    assert_eq!(fs::read(&path).expect("read"), original);
    editor::discard(&draft);
}

#[test]
fn e_opens_on_the_selected_item_unless_a_change_is_waiting_or_the_file_is_read_only() {
    let (_dir, path) = temp_copy(&sample_path());
    let mut app = app_on(&path, Lang::Zh, "2018-06-15");
    let project = app.selected_project().expect("a project");
    assert_eq!(
        update(&mut app, Action::OpenEditor),
        vec![Effect::OpenEditor {
            item: Some(Item::Project(project))
        }]
    );
    // With a change not yet on disk, the editor would start from an older file.
    update(&mut app, Action::FocusRight);
    update(&mut app, Action::CrossOff);
    let saves = update(&mut app, Action::Confirm);
    assert!(matches!(&saves[..], [Effect::Save { .. }]));
    assert!(update(&mut app, Action::OpenEditor).is_empty());
    let status = app.status.as_ref().expect("told why").text.clone();
    assert!(status.contains("正在保存"), "{status}");

    let mut app = app_on(&path, Lang::En, "2018-06-15");
    app.file.read_only = true;
    assert!(update(&mut app, Action::OpenEditor).is_empty());
    assert!(
        app.status
            .as_ref()
            .expect("told")
            .text
            .contains("read-only")
    );
}

#[test]
fn what_the_editor_gives_back_is_saved_shown_or_discarded() {
    let (_dir, path) = temp_copy(&sample_path());
    let mut app = app_on(&path, Lang::Zh, "2018-06-15");
    let (draft, _) = editor::new_draft(&path, None).expect("draft");

    update(&mut app, Message::EditorReturned(Ok(Outcome::Unchanged)));
    assert!(app.status.as_ref().expect("told").text.contains("没有修改"));

    let effects = update(
        &mut app,
        Message::EditorReturned(Ok(Outcome::Loads {
            draft: draft.clone(),
            bytes: b"new".to_vec(),
        })),
    );
    assert_eq!(
        effects,
        vec![Effect::SaveDraft {
            draft: draft.clone(),
            bytes: b"new".to_vec(),
            commit: ("在编辑器中修改台账".into(), app.user.clone()),
        }]
    );

    let problem = tracker::ledger::Problem::error(12, 40, tracker::ledger::Finding::ExpectedComma);
    update(
        &mut app,
        Message::EditorReturned(Ok(Outcome::Invalid {
            draft: draft.clone(),
            problems: vec![
                problem.clone(),
                tracker::ledger::Problem::error(30, 1, tracker::ledger::Finding::TrailingText),
            ],
        })),
    );
    assert!(
        matches!(&app.mode, Mode::DraftProblems(DraftProblems { problems, .. }) if problems.len() == 2)
    );
    let shown = common::text_of(&common::render(&mut app, 120, 40));
    assert!(shown.contains("第 12 行第 40 列"), "{shown}");
    assert!(shown.contains("磁盘上的台账没有改动"), "{shown}");
    // Edit again: at the first problem's line.
    assert_eq!(
        update(&mut app, Action::EditAgain),
        vec![Effect::EditAgain {
            draft: draft.clone(),
            line: 12
        }]
    );
    assert_eq!(app.mode, Mode::Browse);
    update(
        &mut app,
        Message::EditorReturned(Ok(Outcome::Invalid {
            draft: draft.clone(),
            problems: vec![problem],
        })),
    );
    assert_eq!(
        update(&mut app, Action::DiscardDraft),
        vec![Effect::DiscardDraft(draft.clone())]
    );
    assert!(app.status.as_ref().expect("told").text.contains("已放弃"));

    // Saved: read again. Changed meanwhile: not saved, the draft's place said, read again.
    let fingerprint = save::fingerprint(b"new");
    let saved = save::Saved {
        fingerprint,
        stamp: None,
        undo: None,
    };
    let effects = update(
        &mut app,
        Message::DraftSaved {
            draft: draft.clone(),
            result: Ok(saved),
        },
    );
    assert_eq!(effects, vec![Effect::Reload]);
    assert_eq!(app.file.fingerprint, fingerprint);
    assert!(app.status.as_ref().expect("told").text.contains(".bak"));
    let effects = update(
        &mut app,
        Message::DraftSaved {
            draft: draft.clone(),
            result: Err(SaveError::ChangedOnDisk { path: path.clone() }),
        },
    );
    assert_eq!(effects, vec![Effect::Reload]);
    let status = &app.status.as_ref().expect("told").text;
    assert!(
        status.contains("他人修改") && status.contains(&draft.path.display().to_string()),
        "{status}"
    );
    editor::discard(&draft);
}
