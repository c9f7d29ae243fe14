//! Screenshots of the real `tracker`: runs it in a pseudo-terminal on a copy of the sample
//! ledger as of 2018-06-15, types each scene's keys, reads the screen through vt100, draws
//! the SVG from the cell grid and renders the PNG with resvg.
//!
//! `screenshot --bin PATH --ledger FILE --out DIR [--only NAME]`

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use resvg::{tiny_skia, usvg};
use screenshot::{SvgOptions, screen_to_svg};

/// One picture: its name, size, language, the keys that lead to it and text that shows it.
struct Scene {
    name: &'static str,
    cols: u16,
    rows: u16,
    lang: &'static str,
    steps: &'static [(&'static str, &'static str)],
    /// The ledger in a git repository with a spring of weekly history (the Overview's
    /// trend needs one).
    history: bool,
}

const RIGHT: &str = "\x1b[C";

/// (keys to send, text to wait for afterwards).
const SCENES: &[Scene] = &[
    Scene {
        name: "projects",
        cols: 120,
        rows: 40,
        lang: "zh",
        steps: &[("", "今天 2018-06-15")],
        history: false,
    },
    Scene {
        name: "projects-80x24",
        cols: 80,
        rows: 24,
        lang: "zh",
        steps: &[("", "今天 2018-06-15")],
        history: false,
    },
    Scene {
        name: "units",
        cols: 120,
        rows: 40,
        lang: "zh",
        steps: &[("2", "目标承诺书"), ("jj", "区农工委 · 目标承诺书")],
        history: false,
    },
    Scene {
        name: "timeline",
        cols: 120,
        rows: 40,
        lang: "zh",
        steps: &[("3", "逾期未完成")],
        history: false,
    },
    Scene {
        name: "wall-chart",
        cols: 120,
        rows: 40,
        lang: "zh",
        steps: &[("3", "逾期未完成"), ("w", "挂图作战 2018")],
        history: false,
    },
    Scene {
        name: "overview",
        cols: 120,
        rows: 40,
        lang: "zh",
        steps: &[("4", "单位考核排名"), ("", "共 16 周")],
        history: true,
    },
    Scene {
        name: "picker",
        cols: 120,
        rows: 40,
        lang: "zh",
        steps: &[("f", "按单位筛选"), ("农工", "› 农工")],
        history: false,
    },
    Scene {
        name: "cross-off",
        cols: 120,
        rows: 40,
        lang: "zh",
        steps: &[(RIGHT, "节点"), ("x", "完成日期")],
        history: false,
    },
    Scene {
        name: "invest",
        cols: 120,
        rows: 40,
        lang: "zh",
        steps: &[
            ("j", "▸✗红  郑州树木园改造"),
            ("i", "月报 · 郑州树木园改造"),
            ("\t0.3", "[0.3"),
        ],
        history: false,
    },
    Scene {
        name: "add-project",
        cols: 120,
        rows: 40,
        lang: "zh",
        steps: &[("A", "新增项目"), ("城南停车场\t\t区商", "区商务局")],
        history: false,
    },
    Scene {
        name: "re-planned",
        cols: 120,
        rows: 40,
        lang: "zh",
        steps: &[
            ("j", "▸✗红  郑州树木园改造"),
            ("l", "节点"),
            ("m", "延期（倒排工期）"),
            ("\x157月31日\r", "延期 107 天"),
        ],
        history: false,
    },
    Scene {
        name: "help",
        cols: 120,
        rows: 40,
        lang: "zh",
        steps: &[("?", "按键帮助")],
        history: false,
    },
    Scene {
        name: "projects-en",
        cols: 120,
        rows: 40,
        lang: "en",
        steps: &[("", "today 2018-06-15")],
        history: false,
    },
];

struct Shot {
    parser: vt100::Parser,
    last: Instant,
}

fn nz(n: u16) -> NonZeroU16 {
    NonZeroU16::new(n).unwrap_or(NonZeroU16::MIN)
}

/// The Sundays of the spring of 2018 up to the sample's day.
const SPRING: [&str; 15] = [
    "2018-03-04",
    "2018-03-11",
    "2018-03-18",
    "2018-03-25",
    "2018-04-01",
    "2018-04-08",
    "2018-04-15",
    "2018-04-22",
    "2018-04-29",
    "2018-05-06",
    "2018-05-13",
    "2018-05-20",
    "2018-05-27",
    "2018-06-03",
    "2018-06-10",
];

/// The ledger as a git history: a commit each Sunday of the spring holding only the
/// cross-offs made by then, and the sample itself on its day (2018-06-15).
fn spring_history(dir: &Path, ledger: &Path) {
    let git = |args: &[&str], day: &str| {
        let when = format!("{day}T18:00:00+08:00");
        let ok = std::process::Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(args)
            .env("GIT_AUTHOR_DATE", &when)
            .env("GIT_COMMITTER_DATE", &when)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .output()
            .is_ok_and(|o| o.status.success());
        assert!(ok, "git {args:?}");
    };
    let sample = std::fs::read_to_string(ledger).expect("read the ledger");
    let name = ledger.file_name().and_then(|n| n.to_str()).expect("name");
    git(&["init", "-q", "-b", "main"], "2018-03-01");
    git(&["config", "user.name", "攻坚办"], "2018-03-01");
    git(
        &["config", "user.email", "office@example.org"],
        "2018-03-01",
    );
    for day in SPRING.into_iter().chain(["2018-06-15"]) {
        std::fs::write(ledger, as_of(&sample, day)).expect("write the ledger");
        git(&["add", name], day);
        git(
            &[
                "commit",
                "-q",
                "--allow-empty",
                "-m",
                &format!("{day} 周报"),
            ],
            day,
        );
    }
}

/// The ledger with the cross-offs made after `day` taken out (`, done: "D"` and its `by`).
fn as_of(text: &str, day: &str) -> String {
    const DONE: &str = ", done: \"";
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(DONE) {
        let date = rest
            .get(at + DONE.len()..at + DONE.len() + 10)
            .unwrap_or("");
        out.push_str(&rest[..at]);
        let mut after = &rest[at..];
        if date > day {
            after = &after[DONE.len() + 11..];
            if let Some(by) = after.strip_prefix(", by: \"") {
                after = by.split_once('"').map_or(by, |(_, r)| r);
            }
        } else {
            out.push_str(DONE);
            after = &after[DONE.len()..];
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// Runs one scene and returns the final screen.
fn capture(bin: &Path, ledger: &Path, scene: &Scene) -> vt100::Parser {
    let dir = std::env::temp_dir().join(format!(
        "tracker-shot-{}-{}",
        std::process::id(),
        scene.name
    ));
    let _ = std::fs::create_dir_all(&dir);
    let copy = dir.join("erqi-2018.ron");
    std::fs::copy(ledger, &copy).expect("copy the ledger");
    if scene.history {
        spring_history(&dir, &copy);
    }
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: scene.rows,
            cols: scene.cols,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("open a pty");
    let mut cmd = CommandBuilder::new(bin);
    cmd.args(["--today", "2018-06-15", "--lang", scene.lang]);
    cmd.arg(&copy);
    cmd.cwd(&dir);
    cmd.env("TERM", "xterm-256color");
    cmd.env("LANG", "zh_CN.UTF-8");
    cmd.env("TRACKER_USER", "攻坚办");
    let mut child = pty.slave.spawn_command(cmd).expect("start tracker");
    drop(pty.slave);
    let mut reader = pty.master.try_clone_reader().expect("pty reader");
    let mut writer = pty.master.take_writer().expect("pty writer");
    let shot = Arc::new(Mutex::new(Shot {
        parser: vt100::Parser::new(nz(scene.rows), nz(scene.cols), 0),
        last: Instant::now(),
    }));
    let s = shot.clone();
    std::thread::spawn(move || {
        let mut buf = [0u8; 16384];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            if let Ok(mut st) = s.lock() {
                st.parser.process(&buf[..n]);
                st.last = Instant::now();
            }
        }
    });
    for (keys, expect) in scene.steps {
        if !keys.is_empty() {
            let _ = writer.write_all(keys.as_bytes());
            let _ = writer.flush();
        }
        // Until the text is there and the frame has settled; never hang.
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            std::thread::sleep(Duration::from_millis(20));
            let (found, quiet) = match shot.lock() {
                Ok(st) => (
                    st.parser.screen().contents().contains(expect),
                    st.last.elapsed() > Duration::from_millis(150),
                ),
                Err(_) => (false, false),
            };
            if found && quiet {
                break;
            }
            if Instant::now() > deadline {
                eprintln!("warning: scene {}: \"{expect}\" never appeared", scene.name);
                break;
            }
        }
    }
    let parser = match shot.lock() {
        Ok(st) => {
            let mut p = vt100::Parser::new(nz(scene.rows), nz(scene.cols), 0);
            p.process(st.parser.screen().contents_formatted().as_bytes());
            p
        }
        Err(_) => vt100::Parser::new(nz(scene.rows), nz(scene.cols), 0),
    };
    let _ = writer.write_all(b"\x03");
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&dir);
    parser
}

fn render_png(svg: &str, fontdb: &Arc<usvg::fontdb::Database>, out: &Path) {
    let opt = usvg::Options {
        fontdb: fontdb.clone(),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &opt).expect("our SVG parses");
    let size = tree.size().to_int_size();
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height()).expect("pixmap");
    resvg::render(
        &tree,
        tiny_skia::Transform::identity(),
        &mut pixmap.as_mut(),
    );
    pixmap.save_png(out).expect("write the PNG");
}

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .cloned()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(bin), Some(ledger), Some(out)) = (
        arg(&args, "--bin"),
        arg(&args, "--ledger"),
        arg(&args, "--out"),
    ) else {
        eprintln!("usage: screenshot --bin PATH --ledger FILE --out DIR [--only NAME] [--svg]");
        std::process::exit(2);
    };
    let only = arg(&args, "--only");
    let keep_svg = args.iter().any(|a| a == "--svg");
    let out = PathBuf::from(out);
    std::fs::create_dir_all(&out).expect("create the output directory");
    let mut db = usvg::fontdb::Database::new();
    db.load_system_fonts();
    let fontdb = Arc::new(db);
    let opts = SvgOptions::default();
    for scene in SCENES
        .iter()
        .filter(|s| only.as_deref().is_none_or(|o| o == s.name))
    {
        let t = Instant::now();
        let parser = capture(Path::new(&bin), Path::new(&ledger), scene);
        let svg = screen_to_svg(parser.screen(), &opts);
        if keep_svg {
            std::fs::write(out.join(format!("{}.svg", scene.name)), &svg).expect("write the SVG");
        }
        let png = out.join(format!("{}.png", scene.name));
        render_png(&svg, &fontdb, &png);
        println!("{} ({} ms)", png.display(), t.elapsed().as_millis());
    }
}
