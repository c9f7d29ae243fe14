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
    assert!(!tui.wait_exit(), "TERM={term:?}: refused with a failure exit");
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
