//! Hostile text shared by the injection and hygiene tests: one list of payloads, one poisoned
//! ledger, one check of the bytes written, and one walk through every view in a PTY.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

use super::pty::Tui;

/// Payloads as RON string escapes. Each carries a marker that the tests look for in the raw
/// bytes written to the terminal: the marker must never follow a real ESC (or C1) byte.
pub const ESC_PAYLOADS: &[(&str, &[u8])] = &[
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

/// Characters that must never be written at all (as UTF-8): C1 CSI/OSC/DCS/NEL, line and
/// paragraph separators, bidi overrides and isolates, zero-width characters, tags.
pub const FORBIDDEN_CHARS: &[char] = &[
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

/// A raw name (for a file or a folder) that retitles the window, turns the line
/// right-to-left and starts a C1 CSI.
pub const POISONED_NAME: &str = "台账\u{1b}]0;PWNED\u{7}\u{202e}\u{9b}31m";

/// A RON fragment carrying every payload and forbidden character, after a visible `tag`.
pub fn poison(tag: &str) -> String {
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
pub fn hostile_ledger() -> String {
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

/// Fails naming the first payload or forbidden character found in `bytes`, or a BEL.
pub fn assert_clean(bytes: &[u8], what: &str) {
    let find = |needle: &[u8]| bytes.windows(needle.len()).position(|w| w == needle);
    let around = |at: usize| {
        String::from_utf8_lossy(&bytes[at.saturating_sub(40)..(at + 40).min(bytes.len())])
            .into_owned()
    };
    for (_, marker) in ESC_PAYLOADS {
        if let Some(at) = find(marker) {
            panic!(
                "{what}: {:?} reached the terminal at byte {at}: {:?}",
                String::from_utf8_lossy(marker),
                around(at)
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
                around(at)
            );
        }
    }
    assert!(
        !bytes.contains(&0x07),
        "{what}: a BEL reached the terminal (it also ends OSC sequences)"
    );
}

/// No ESC, BEL, C1 control or RLO anywhere in `bytes`: stricter than `assert_clean`, for
/// command-line output, which has no reason to send any escape at all.
pub fn assert_no_controls(bytes: &[u8], what: &str) {
    let text = String::from_utf8_lossy(bytes);
    assert!(!bytes.contains(&0x1b), "{what}: ESC: {text:?}");
    assert!(!bytes.contains(&0x07), "{what}: BEL: {text:?}");
    assert!(
        !bytes
            .windows(2)
            .any(|w| w[0] == 0xC2 && (0x80..=0x9F).contains(&w[1])),
        "{what}: a C1 control: {text:?}"
    );
    assert!(
        !bytes.windows(3).any(|w| w == "\u{202e}".as_bytes()),
        "{what}: RLO: {text:?}"
    );
}

/// `text` written as `ledger.ron` in a new temp dir.
pub fn ledger_in_temp(text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("ledger.ron");
    std::fs::write(&path, text).expect("write");
    (dir, path)
}

/// `tracker check` on `path`.
pub fn check(path: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tracker"))
        .arg("check")
        .arg(path)
        .output()
        .expect("run tracker check")
}

/// `text` in a temp dir (`ledger_in_temp`) and the interface on it in Chinese.
pub fn start_on(
    text: &str,
    cols: u16,
    rows: u16,
    env: &[(&str, &str)],
) -> (tempfile::TempDir, PathBuf, Tui) {
    let (dir, path) = ledger_in_temp(text);
    let tui = Tui::open(&path, "zh", cols, rows, env);
    (dir, path, tui)
}

/// Every view with its detail panel, the units' pledges, the week toggle, then the unit
/// picker (which ends open).
pub const EVERY_VIEW: &[&str] = &["l", "h", "2", "l", "h", "3", "w", "w", "4", "1", "f"];

/// Walks `EVERY_VIEW`, waits for `in_picker` in the open unit picker, closes it, then opens
/// and closes help (the interface in Chinese).
pub fn walk_every_view(tui: &mut Tui, in_picker: &str) {
    for keys in EVERY_VIEW {
        tui.keys(keys);
        std::thread::sleep(Duration::from_millis(80));
    }
    tui.wait_for(in_picker);
    tui.esc();
    tui.keys("?");
    tui.wait_for("按键帮助");
    tui.esc();
}
