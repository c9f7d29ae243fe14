//! A terminal that cannot show the full-screen interface (`TERM=dumb`, or no `TERM`) gets a
//! clear message in the interface's language and a non-zero exit, never escape sequences.

mod common;

use common::pty::Tui;

fn refused(term: &str, lang: &str) -> String {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("ledger.ron");
    std::fs::write(&path, tracker::generate::ledger_text(3, 1)).expect("write");
    let mut tui = Tui::start(
        &["--today", "2018-06-15", path.to_str().expect("path")],
        dir.path(),
        100,
        30,
        &[("TERM", term), ("LANG", lang)],
    );
    assert!(
        !tui.wait_exit(),
        "TERM={term:?}: refused with a failure exit"
    );
    let raw = tui.raw.lock().expect("raw").clone();
    assert!(
        !raw.contains(&0x1b),
        "TERM={term:?}: escape sequences written: {:?}",
        String::from_utf8_lossy(&raw)
    );
    String::from_utf8_lossy(&raw).replace("\r\n", "\n")
}

#[test]
fn a_dumb_terminal_is_refused_in_chinese() {
    assert_eq!(
        refused("dumb", "zh_CN.UTF-8"),
        "tracker: 终端类型为 dumb，无法显示全屏界面；脚本请用 tracker check / report\n"
    );
}

#[test]
fn a_dumb_terminal_is_refused_in_english() {
    assert_eq!(
        refused("dumb", "en_US.UTF-8"),
        "tracker: the terminal type is dumb, which cannot show the full-screen interface; \
         for scripts use tracker check / report\n"
    );
}

#[test]
fn no_terminal_type_is_refused() {
    assert_eq!(
        refused("", "zh_CN.UTF-8"),
        "tracker: 终端类型为 未设置，无法显示全屏界面；脚本请用 tracker check / report\n"
    );
}

#[test]
fn a_user_name_that_breaks_lines_is_cleaned_before_it_is_written() {
    // TRACKER_USER goes into the ledger as `by`: a U+2028 or RLO in it must not land raw.
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("ledger.ron");
    std::fs::copy(common::root().join("tests/fixtures/valid/small.ron"), &path).expect("copy");
    let mut tui = Tui::open(
        &path,
        "zh",
        120,
        40,
        &[("TRACKER_USER", "王\u{2028}五\u{202e}")],
    );
    tui.wait_for("今天 2018-06-15");
    tui.keys(common::pty::RIGHT);
    tui.keys("x");
    tui.wait_for("销号");
    tui.keys(common::pty::ENTER);
    tui.wait_for("已保存");
    tui.keys("q");
    assert!(tui.wait_exit());
    let after = std::fs::read_to_string(&path).expect("read");
    assert!(
        after.contains("by: \"王\u{2426}五\u{2426}\""),
        "the cleaned name is recorded:\n{after}"
    );
    assert!(
        !after.contains('\u{2028}') && !after.contains('\u{202e}'),
        "{after}"
    );
}
