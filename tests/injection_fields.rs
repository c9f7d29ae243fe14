//! Nothing injected, beyond names: control sequences, C1 controls and bidi/invisible characters
//! in EVERY text field of a ledger, in the ledger's file name and in the user name never reach
//! the terminal, through any view, dialog or message, nor `tracker check`'s output.

mod common;

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use common::pty::{ENTER, RIGHT, Tui};

/// Payloads as RON string escapes. Each carries a marker that the test looks for in the raw
/// bytes written to the terminal: the marker must never follow a real ESC (or C1) byte.
const ESC_PAYLOADS: &[(&str, &[u8])] = &[
    // Set the window title.
    ("\\u{1b}]0;PWNED\\u{7}", b"\x1b]0;PWNED"),
    // Copy to the clipboard.
    ("\\u{1b}]52;c;SGVsbG8=\\u{7}", b"\x1b]52;"),
    // A hyperlink.
    ("\\u{1b}]8;;http://evil.example\\u{1b}\\\\", b"\x1b]8;;"),
    // Resize the window (xterm window ops).
    ("\\u{1b}[8;1;1t", b"\x1b[8;1;1t"),
    // DECRQSS: makes xterm answer with bytes the program would read as keys.
    ("\\u{1b}P$qm\\u{1b}\\\\", b"\x1bP$q"),
];

/// Characters that must never be written at all (as UTF-8): C1 CSI/OSC/DCS, bidi overrides and
/// isolates, zero-width characters, tags.
const FORBIDDEN_CHARS: &[char] = &[
    '\u{9b}',
    '\u{9d}',
    '\u{90}',
    '\u{85}',
    '\u{2028}',
    '\u{2029}',
    '\u{202a}',
    '\u{202b}',
    '\u{202c}',
    '\u{202d}',
    '\u{202e}',
    '\u{2066}',
    '\u{2067}',
    '\u{2068}',
    '\u{2069}',
    '\u{200b}',
    '\u{200f}',
    '\u{feff}',
    '\u{e0041}',
];

/// A RON fragment carrying every payload and forbidden character, after a visible `tag`.
fn poison(tag: &str) -> String {
    let mut s = tag.to_string();
    for (p, _) in ESC_PAYLOADS {
        s.push_str(p);
    }
    for c in FORBIDDEN_CHARS {
        s.push_str(&format!("\\u{{{:x}}}", *c as u32));
    }
    s.push_str("\\u{7}end");
    s
}

/// A small ledger with a poisoned value in every text field (the references to units use
/// the same poisoned names, so it loads).
fn ledger() -> String {
    let unit_a = poison("甲委");
    let unit_b = poison("乙委");
    format!(
        r#"#![enable(implicit_some)]
// 注入测试
Ledger(
    title: "{title}",
    year: 2018,
    office: "{office}",
    categories: ["{cat}", "普通"],
    units: [
        Unit(
            name: "{unit_a}",
            leader: "{leader}",
            title: "{utitle}",
            pledges: [
                Pledge(text: "{pledge}", due: "2018-12-31", target: 4, measure: "{measure}", progress: 1),
            ],
        ),
        Unit(name: "{unit_b}"),
    ],
    projects: [
        Project(
            name: "{project}",
            category: "{cat}",
            lead: "{unit_a}",
            support: ["{unit_b}"],
            leader: "{pleader}",
            investment: (total: 12.5, plan: 3.0, done: 1.2),
            scale: "{scale}",
            milestones: [
                Milestone(name: "{m1}", due: "2018-04-30"),
                Milestone(name: "{m2}", due: "2018-07-31", unit: "{unit_b}"),
                Milestone(name: "{m3}", due: "2018-03-31", done: "2018-03-29", by: "{by}"),
            ],
            updates: [
                Update(date: "2018-03-05", text: "{update}", by: "{uby}"),
            ],
        ),
        Project(name: "普通项目", category: "普通", lead: "{unit_b}", milestones: [
            Milestone(name: "普通节点", due: "2018-06-20"),
        ]),
    ],
)
"#,
        title = poison("标题"),
        office = poison("办公室"),
        cat = poison("类别"),
        leader = poison("领导"),
        utitle = poison("职务"),
        pledge = poison("承诺"),
        measure = poison("个"),
        project = poison("项目"),
        pleader = poison("分包"),
        scale = poison("规模"),
        m1 = poison("节点一"),
        m2 = poison("节点二"),
        m3 = poison("节点三"),
        by = poison("记录人"),
        update = poison("进度"),
        uby = poison("填报人"),
    )
}

/// Fails naming the first payload or character found in `bytes`.
fn assert_clean(bytes: &[u8], what: &str) {
    let find = |needle: &[u8]| bytes.windows(needle.len()).position(|w| w == needle);
    for (_, marker) in ESC_PAYLOADS {
        if let Some(at) = find(marker) {
            panic!(
                "{what}: {:?} reached the terminal at byte {at}: {:?}",
                String::from_utf8_lossy(marker),
                String::from_utf8_lossy(&bytes[at.saturating_sub(40)..(at + 40).min(bytes.len())])
            );
        }
    }
    for c in FORBIDDEN_CHARS {
        let mut buf = [0u8; 4];
        let enc = c.encode_utf8(&mut buf).as_bytes();
        if let Some(at) = find(enc) {
            panic!(
                "{what}: U+{:04X} reached the terminal at byte {at}: {:?}",
                *c as u32,
                String::from_utf8_lossy(&bytes[at.saturating_sub(40)..(at + 40).min(bytes.len())])
            );
        }
    }
    assert!(
        !bytes.contains(&0x07),
        "{what}: a BEL reached the terminal (it also ends OSC sequences)"
    );
}

#[test]
fn check_warns_and_prints_no_control_sequence() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("ledger.ron");
    std::fs::write(&path, ledger()).expect("write");
    let out = Command::new(env!("CARGO_BIN_EXE_tracker"))
        .arg("check")
        .arg(&path)
        .output()
        .expect("run");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    // One warning per poisoned field, each at its own line and column.
    let warnings = err.matches(": warning: control or invisible").count();
    assert!(warnings >= 18, "{warnings} warnings:\n{err}");
    assert!(err.contains("ledger.ron:4:12: warning:"), "{err}");
    assert_clean(&out.stderr, "check's warnings");
    assert_clean(&out.stdout, "check's summary");
}

#[test]
fn every_field_every_view_no_control_sequence_reaches_the_terminal() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("ledger.ron");
    std::fs::write(&path, ledger()).expect("write");
    let mut tui = Tui::start(
        &[
            "--today",
            "2018-06-15",
            "--lang",
            "zh",
            path.to_str().expect("path"),
        ],
        dir.path(),
        200,
        50,
        // The user name recorded by a cross-off is poisoned too.
        &[(
            "TRACKER_USER",
            "坏人\u{1b}]52;c;VVNFUg==\u{7}\u{202e}\u{9b}8;1;1t",
        )],
    );
    let first = tui.wait_for("今天 2018-06-15");
    assert!(first.contains("项目␛]0;PWNED"), "{first}");
    // Every view, with the detail panel, the week toggle, the unit picker and help.
    for keys in ["l", "h", "2", "l", "h", "3", "w", "w", "4", "1", "f"] {
        tui.keys(keys);
        std::thread::sleep(Duration::from_millis(60));
    }
    tui.wait_for("甲委");
    tui.esc();
    tui.keys("?");
    std::thread::sleep(Duration::from_millis(80));
    tui.esc();
    // Cross off the first open milestone of the poisoned project as the poisoned user, then
    // look at it in the detail panel, then undo.
    tui.keys("1");
    tui.keys(RIGHT);
    tui.keys("x");
    // (The dialog's date line may be pushed out of its box by the long unit name.)
    tui.wait_for("销号");
    tui.keys(ENTER);
    let saved = tui.wait_until("saved", |s| s.contains("已保存"));
    assert!(!saved.contains('\u{202e}'), "{saved}");
    tui.keys("u");
    tui.wait_until("undo saved", |s| {
        s.contains("已保存") && s.contains("撤销销号")
    });
    let screen = tui.screen();
    assert!(
        screen.contains('\u{241b}') && screen.contains('\u{2426}'),
        "placeholders ␛ and ␦ on screen:\n{screen}"
    );
    tui.keys("q");
    assert!(tui.wait_exit());
    let raw = tui.raw.lock().expect("raw").clone();
    assert_clean(&raw, "the interface");
    // What was saved and undone is back to the original bytes.
    assert_eq!(std::fs::read_to_string(&path).expect("read"), ledger());
}

#[test]
fn a_poisoned_file_name_is_shown_safely() {
    let dir = tempfile::tempdir().expect("dir");
    let name = "台账\u{1b}]0;PWNED\u{7}\u{202e}nor.ledger";
    let path = dir.path().join(format!("{name}.ron"));
    std::fs::write(&path, tracker::generate::ledger_text(3, 1)).expect("write");
    let mut tui = Tui::start(
        &[
            "--today",
            "2018-06-15",
            "--lang",
            "en",
            path.to_str().expect("path"),
        ],
        dir.path(),
        160,
        40,
        &[],
    );
    let screen = tui.wait_for("today 2018-06-15");
    assert!(
        screen.contains("nor.ledger.ron"),
        "the file name is on screen:\n{screen}"
    );
    tui.keys("q");
    assert!(tui.wait_exit());
    let raw = tui.raw.lock().expect("raw").clone();
    assert_clean(&raw, "the interface, file name in the title");
}

#[test]
fn the_poisoned_ledger_is_not_rewritten_by_a_command_line_cross_off() {
    // `tracker done` with a poisoned project name (as typed) works, and the file keeps every
    // other byte: the payloads stay escaped in the file, never turned into raw bytes.
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("ledger.ron");
    std::fs::write(&path, ledger()).expect("write");
    let loaded = tracker::ledger::load_path(&path).expect("loads");
    let project = loaded.ledger.projects[0].name.clone();
    let milestone = loaded.ledger.projects[0].milestones[0].name.clone();
    let out = Command::new(env!("CARGO_BIN_EXE_tracker"))
        .arg("done")
        .arg(&path)
        .args([&project, &milestone, "--date", "2018-06-01", "--by", "k"])
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_clean(&out.stdout, "done's report");
    let after = std::fs::read_to_string(&path).expect("read");
    assert!(!after.contains('\u{1b}'), "no raw ESC written to the file");
    let expected = ledger().replacen(
        "due: \"2018-04-30\")",
        "due: \"2018-04-30\", done: \"2018-06-01\", by: \"k\")",
        1,
    );
    assert_eq!(after, expected);
    assert!(Path::new(&path).exists());
}
