//! The config file: every field, positioned errors in both languages, key overrides reaching
//! dispatch, footer and help, `tracker config`, `tracker new` and the first run.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::pty::Tui;
use common::{render, sample_path, stderr, stdout, text_of};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tracker::Lang;
use tracker::config::{self, ProblemKind};
use tracker::report::Format;
use tracker::ui::Action;
use tracker::ui::app::Mode;
use tracker::ui::i18n::config::{EN, ZH, problem_message};
use tracker::ui::keymap::Keymap;
use tracker::ui::startup::FromConfig;
use tracker::ui::terminal::{Options, prepare};

const FULL: &str = r#"// all of it
(
    user: "张三",
    unit: "区发改委",
    lang: "en",
    ledger: "/srv/ledgers/2026.ron",
    brief_format: "csv",
    keys: {
        "cross_off": ["ctrl-s", "space"],
        "browse.up": ["f5"],
    },
)
"#;

#[test]
fn every_field_is_read() {
    let (c, keys) = config::parse(FULL).expect("parses");
    assert_eq!(c.user.as_deref(), Some("张三"));
    assert_eq!(c.unit.as_deref(), Some("区发改委"));
    assert_eq!(c.lang, Some(Lang::En));
    assert_eq!(c.ledger, Some("/srv/ledgers/2026.ron".into()));
    assert_eq!(c.brief_format, Some(Format::Csv));
    assert_eq!(keys.len(), 2);
    let up = keys.iter().find(|k| k.action == "browse.up").expect("up");
    assert_eq!(
        (up.keys.clone(), up.line, up.col),
        (vec!["f5".into()], 10, 9)
    );
    // Precedence: a flag beats the config, the config beats the defaults.
    let flags = config::Flags {
        lang: Some(Lang::Zh),
        ..config::Flags::default()
    };
    let s = config::resolve(&c, &flags);
    assert_eq!(s.lang, (Lang::Zh, config::Source::Flag));
    assert_eq!(s.brief_format, (Format::Csv, config::Source::Config));
    assert_eq!(s.unit.1, config::Source::Config);
}

#[test]
fn a_bad_config_is_pinned_to_its_line_and_column_in_both_languages() {
    let cases = [
        ("(\n  user: \"a\",\n  colour: 3,\n)\n", (3, 3), "colour"),
        // ron points just before a wrong value, or into it.
        ("(\n  user: 3,\n)\n", (2, 8), ""),
        ("(\n  lang: \"fr\",\n)\n", (2, 10), "\"fr\""),
        ("(\n  user: \"a\"\n  lang: \"zh\",\n)\n", (3, 3), ""),
    ];
    for (text, (line, col), quoted) in cases {
        let p = config::parse(text).expect_err(text);
        assert_eq!((p.line, p.col), (line, col), "{text}: {p:?}");
        let zh = problem_message(Lang::Zh, &p);
        let en = problem_message(Lang::En, &p);
        assert_ne!(zh, en);
        assert!(zh.contains(quoted) && en.contains(quoted), "{zh} / {en}");
        assert!(
            zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{zh}"
        );
    }
    assert!(matches!(
        config::parse(cases[0].0).expect_err("unknown").kind,
        ProblemKind::UnknownField { .. }
    ));
}

/// Runs the binary with its config at `config` and nothing from the real home.
fn run(args: &[&str], home: &Path, config: &Path, lang: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tracker"))
        .args(args)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("TRACKER_CONFIG", config)
        .env("LANG", lang)
        .env("USER", "login")
        .output()
        .expect("run tracker")
}

#[test]
fn a_command_with_a_bad_config_warns_in_one_line_and_runs_with_the_defaults() {
    let home = tempfile::tempdir().expect("dir");
    let cfg = home.path().join("c.ron");
    std::fs::write(&cfg, "(\n  colour: 3,\n)\n").expect("write");
    let sample = sample_path();
    let args = [
        "check",
        sample.to_str().expect("path"),
        "--today",
        "2018-06-15",
    ];
    for (lang, words) in [
        ("en_US.UTF-8", "using the defaults"),
        ("zh_CN.UTF-8", "已使用默认设置"),
    ] {
        let o = run(&args, home.path(), &cfg, lang);
        assert!(o.status.success(), "{}", stderr(&o));
        let err = stderr(&o);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains("c.ron:2:3:") && err.contains(words), "{err}");
    }
}

#[test]
fn the_interface_starts_with_the_defaults_and_says_the_config_is_bad() {
    let home = tempfile::tempdir().expect("dir");
    let cfg = home.path().join("c.ron");
    std::fs::write(&cfg, "(\n  lang: \"fr\",\n)\n").expect("write");
    let sample = sample_path();
    let tui = Tui::start(
        &["--today", "2018-06-15", sample.to_str().expect("path")],
        home.path(),
        200,
        30,
        &[("TRACKER_CONFIG", cfg.to_str().expect("path"))],
    );
    let screen = tui.wait_for("配置文件有误");
    assert!(screen.contains("c.ron:2:10:"), "{screen}");
    assert!(screen.contains("二七区"), "{screen}");
}

fn ctrl(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
}

fn overrides(text: &str) -> Vec<config::KeyOverride> {
    config::parse(text).expect("parses").1
}

#[test]
fn key_overrides_reach_dispatch_footer_and_help() {
    let (map, problems) = Keymap::with_overrides(&overrides(FULL));
    assert!(problems.is_empty(), "{problems:?}");
    let browse = Mode::Browse;
    assert_eq!(map.action_for(&browse, &ctrl('s')), Some(Action::CrossOff));
    assert_eq!(
        map.action_for(&browse, &KeyEvent::from(KeyCode::Char(' '))),
        Some(Action::CrossOff)
    );
    assert_eq!(
        map.action_for(&browse, &KeyEvent::from(KeyCode::Char('x'))),
        None
    );
    assert_eq!(
        map.action_for(&browse, &KeyEvent::from(KeyCode::F(5))),
        Some(Action::Up)
    );
    // `browse.up` leaves the help screen's ↑ alone.
    let help = Mode::Help { scroll: 0 };
    assert_eq!(
        map.action_for(&help, &KeyEvent::from(KeyCode::Up)),
        Some(Action::Up)
    );
    assert!(
        map.hints(&browse, Lang::Zh)
            .contains(&("Ctrl-s".into(), "销号"))
    );
    assert!(
        map.help_rows(Lang::En)
            .iter()
            .any(|(_, keys, _)| keys == "Ctrl-s / Space")
    );
    // Through the interface's start: the App holds the keymap the footer is drawn from.
    let opts = Options {
        file: Some(sample_path()),
        today: chrono::NaiveDate::from_ymd_opt(2018, 6, 15),
        lang: Some(Lang::Zh),
        config: FromConfig {
            keys: overrides(FULL),
            user: Some("张三".into()),
            ..FromConfig::default()
        },
        ..Options::default()
    };
    let mut app = prepare(&opts).expect("app");
    assert_eq!(app.user, "张三");
    assert_eq!(
        app.keymap.action_for(&app.mode, &ctrl('s')),
        Some(Action::CrossOff)
    );
    let screen = text_of(&render(&mut app, 160, 30));
    assert!(screen.contains("Ctrl-s 销号"), "{screen}");
}

#[test]
fn the_hints_written_in_dialogs_name_the_keys_in_force() {
    let text = "(keys: {\"picker.cancel\": [\"ctrl-g\"], \"toggle_help\": [\"f1\"]})";
    let opts = Options {
        file: Some(sample_path()),
        today: chrono::NaiveDate::from_ymd_opt(2018, 6, 15),
        lang: Some(Lang::En),
        config: FromConfig {
            keys: overrides(text),
            ..FromConfig::default()
        },
        ..Options::default()
    };
    let mut app = prepare(&opts).expect("app");
    tracker::ui::update(&mut app, Action::OpenPicker);
    let screen = text_of(&render(&mut app, 120, 40));
    assert!(screen.contains("Enter apply · Ctrl-g cancel"), "{screen}");
    tracker::ui::update(&mut app, Action::Cancel);
    let screen = text_of(&render(&mut app, 120, 40));
    let footer = screen.lines().last().unwrap_or_default();
    assert!(footer.contains("F1 ") && !footer.contains("? "), "{footer}");
    tracker::ui::update(&mut app, Action::ToggleHelp);
    let screen = text_of(&render(&mut app, 120, 40));
    // The keys given replace the action's keys wherever it is bound (`help.toggle_help`
    // would have left the help's own Esc/?/q).
    assert!(screen.contains("Keys · F1 close"), "{screen}");
}

#[test]
fn the_configs_user_signs_cross_offs_unless_tracker_user_says_otherwise() {
    let (dir, ledger) = common::temp_copy(&sample_path());
    let cfg = dir.path().join("c.ron");
    std::fs::write(&cfg, "(user: \"张三\")").expect("write");
    let loaded = tracker::ledger::load_path(&ledger).expect("loads");
    let open = common::open_milestones(&loaded.ledger, 2);
    let l = ledger.to_str().expect("path");
    let done =
        |(p, m): &(String, String)| ["done", l, p, m, "--today", "2018-06-15"].map(String::from);
    let o = run(
        &done(&open[0]).each_ref().map(String::as_str),
        dir.path(),
        &cfg,
        "C",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        std::fs::read_to_string(&ledger)
            .expect("read")
            .contains("by: \"张三\"")
    );
    let o = Command::new(env!("CARGO_BIN_EXE_tracker"))
        .args(done(&open[1]))
        .env("TRACKER_CONFIG", &cfg)
        .env("TRACKER_USER", "李四")
        .output()
        .expect("run");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        std::fs::read_to_string(&ledger)
            .expect("read")
            .contains("by: \"李四\"")
    );
}

#[test]
fn the_configs_unit_filters_the_interface_or_is_reported_missing() {
    let start = |unit: &str| {
        prepare(&Options {
            file: Some(sample_path()),
            today: chrono::NaiveDate::from_ymd_opt(2018, 6, 15),
            lang: Some(Lang::En),
            config: FromConfig {
                unit: Some(unit.into()),
                ..FromConfig::default()
            },
            ..Options::default()
        })
        .expect("starts")
    };
    let app = start("区发改委");
    assert_eq!(app.filter.unit, app.ledger.unit_by_name("区发改委"));
    assert!(app.filter.unit.is_some() && app.status.is_none());
    let app = start("不存在的单位");
    assert_eq!(app.filter.unit, None);
    let said = app.status.expect("a status").text;
    assert!(
        said.contains("不存在的单位") && said.contains("not in this ledger"),
        "{said}"
    );
}

#[test]
fn a_conflicting_override_is_reported_and_left_out() {
    let text = "(\n  keys: {\n    \"cross_off\": [\"q\"],\n    \"reload\": [\"F\"],\n  },\n)\n";
    let (map, problems) = Keymap::with_overrides(&overrides(text));
    assert_eq!(problems.len(), 1, "{problems:?}");
    let p = &problems[0];
    assert_eq!((p.line, p.col), (3, 5));
    assert!(matches!(&p.kind, ProblemKind::Conflict { key, .. } if key == "q"));
    assert!(problem_message(Lang::Zh, p).contains("quit"));
    let browse = Mode::Browse;
    assert_eq!(
        map.action_for(&browse, &KeyEvent::from(KeyCode::Char('q'))),
        Some(Action::Quit)
    );
    assert_eq!(
        map.action_for(&browse, &KeyEvent::from(KeyCode::Char('x'))),
        Some(Action::CrossOff)
    );
    // The other override stands.
    assert_eq!(
        map.action_for(&browse, &KeyEvent::from(KeyCode::Char('F'))),
        Some(Action::Reload)
    );
    // Unknown actions and key names are reported too; a letter in the picker would be typed.
    let text = "(keys: {\"nope\": [\"x\"], \"undo\": [\"ctrl-\"], \"picker.up\": [\"k\"]})";
    let (_, problems) = Keymap::with_overrides(&overrides(text));
    assert_eq!(problems.len(), 3, "{problems:?}");
    // `quit` is bound globally too: a plain q there would swallow the q typed in a search.
    let (map, problems) = Keymap::with_overrides(&overrides("(keys: {\"quit\": [\"q\"]})"));
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(
        map.action_for(&Mode::Browse, &ctrl('c')),
        Some(Action::Quit)
    );
    let (map, problems) =
        Keymap::with_overrides(&overrides("(keys: {\"browse.quit\": [\"q\", \"ctrl-q\"]})"));
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(
        map.action_for(&Mode::Browse, &ctrl('q')),
        Some(Action::Quit)
    );
    // A name from the file reaches the status line cleaned.
    let text = "(keys: {\"\\u{1b}[2J\": [\"x\"]})";
    let (_, problems) = Keymap::with_overrides(&overrides(text));
    let said = problem_message(Lang::En, &problems[0]);
    assert!(!said.contains('\u{1b}'), "{said:?}");
}

#[test]
fn tracker_config_creates_a_loadable_template_and_says_where_each_setting_comes_from() {
    let home = tempfile::tempdir().expect("dir");
    let cfg = home.path().join("sub/c.ron");
    let o = run(&["config"], home.path(), &cfg, "en_US.UTF-8");
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("a commented template was created"), "{out}");
    let written = config::load_from(&cfg);
    assert!(written.exists && written.problem.is_none(), "{written:?}");
    assert!(
        out.contains("language        en  [environment LANG]"),
        "{out}"
    );
    assert!(
        out.contains("user            login  [environment USER]"),
        "{out}"
    );
    for (template, lang) in [(ZH.template, Lang::Zh), (EN.template, Lang::En)] {
        let (c, _) = config::parse(template).expect("the template loads");
        assert_eq!(c, config::Config::default());
        // Each line un-commented, it still loads, with every setting.
        let setting = [
            "user:",
            "unit:",
            "lang:",
            "ledger:",
            "brief_format:",
            "keys:",
            "\"",
            "}",
        ];
        let open: String = template
            .lines()
            .map(|l| match l.strip_prefix("    // ") {
                Some(r) if setting.iter().any(|p| r.trim_start().starts_with(p)) => {
                    format!("    {r}")
                }
                _ => l.to_string(),
            })
            .collect::<Vec<_>>()
            .join("\n");
        let (c, keys) = config::parse(&open).unwrap_or_else(|p| panic!("{lang:?} {p:?}\n{open}"));
        assert!(c.user.is_some() && c.unit.is_some() && c.lang.is_some());
        assert!(c.ledger.is_some() && c.brief_format.is_some());
        assert_eq!(keys.len(), 3);
        assert!(Keymap::with_overrides(&keys).1.is_empty());
    }
    std::fs::write(&cfg, FULL).expect("write");
    // The config's language beats LANG.
    let o = run(&["config"], home.path(), &cfg, "zh_CN.UTF-8");
    let out = stdout(&o);
    assert!(out.contains("user            张三  [config file]"), "{out}");
    assert!(out.contains("language        en  [config file]"), "{out}");
    assert!(
        out.contains("keys            browse.up = f5; cross_off = ctrl-s, space"),
        "{out}"
    );
    assert!(!out.contains("template"), "{out}");
    // TRACKER_USER beats the config; --lang beats it too.
    let o = Command::new(env!("CARGO_BIN_EXE_tracker"))
        .args(["config", "--lang", "zh"])
        .env("TRACKER_CONFIG", &cfg)
        .env("TRACKER_USER", "李四")
        .output()
        .expect("run");
    let out = stdout(&o);
    assert!(
        out.contains("用户名    李四  [环境变量 TRACKER_USER]"),
        "{out}"
    );
    assert!(out.contains("界面语言  zh  [命令行参数]"), "{out}");
}

#[test]
fn tracker_new_writes_a_ledger_check_accepts_and_never_overwrites() {
    let home = tempfile::tempdir().expect("dir");
    let cfg = home.path().join("c.ron");
    let file = home.path().join("new/2026.ron");
    let f = file.to_str().expect("path");
    let o = run(
        &[
            "new",
            f,
            "--title",
            "测试\"台账\"",
            "--office",
            "区攻坚办",
            "--year",
            "2026",
        ],
        home.path(),
        &cfg,
        "zh_CN.UTF-8",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run(&["check", f], home.path(), &cfg, "zh_CN.UTF-8");
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    let before = std::fs::read_to_string(&file).expect("read");
    assert!(before.contains("year: 2026"), "{before}");
    let o = run(&["new", f], home.path(), &cfg, "en_US.UTF-8");
    assert!(!o.status.success());
    assert!(stderr(&o).contains("exists already"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&file).expect("read"), before);
}

fn first_run_env(home: &Path) -> Vec<(String, String)> {
    let p = |s: &str| home.join(s).to_string_lossy().into_owned();
    vec![
        ("XDG_DATA_HOME".into(), p("data")),
        ("XDG_CONFIG_HOME".into(), p("config")),
        ("TRACKER_CONFIG".into(), p("config/tracker/config.ron")),
    ]
}

#[test]
fn the_first_run_creates_a_ledger_and_remembers_it() {
    let home = tempfile::tempdir().expect("dir");
    let env = first_run_env(home.path());
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let mut tui = Tui::start(&[], home.path(), 120, 30, &env);
    tui.wait_for("还没有台账");
    tui.keys("1\r");
    tui.wait_for("台账标题");
    tui.keys("测试台账\r");
    tui.wait_for("牵头办公室");
    tui.keys("\r");
    tui.wait_for("保存到");
    tui.keys("\r");
    tui.wait_for("测试台账");
    tui.keys("q");
    assert_eq!(tui.wait_exit_code(), 0);
    let ledger = home.path().join("data/tracker/ledger.ron");
    let o = run(
        &["check", ledger.to_str().expect("path")],
        home.path(),
        Path::new(env[2].1),
        "zh_CN.UTF-8",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let loaded = config::load_from(Path::new(env[2].1));
    assert!(loaded.problem.is_none(), "{:?}", loaded.problem);
    assert_eq!(loaded.config.ledger.as_deref(), Some(ledger.as_path()));
}

#[test]
fn the_first_run_opens_the_sample_as_of_its_own_date() {
    let home = tempfile::tempdir().expect("dir");
    let env = first_run_env(home.path());
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let mut tui = Tui::start(&["--lang", "en"], home.path(), 120, 30, &env);
    tui.wait_for("There is no ledger yet");
    tui.keys("2\r");
    // The sample's title, and its own date as today.
    let screen = tui.wait_for("项目建设全力攻坚年");
    assert!(screen.contains("today 2018-06-15"), "{screen}");
    tui.keys("q");
    assert_eq!(tui.wait_exit_code(), 0);
    assert!(home.path().join("data/tracker/erqi-2018.ron").exists());
}

/// `tracker config` lists only the key overrides in force: one refused (an action that
/// does not exist) is said with its place and why, and not listed as in force.
#[test]
fn tracker_config_lists_only_the_key_overrides_in_force() {
    let home = tempfile::tempdir().expect("dir");
    let cfg = home.path().join("c.ron");
    std::fs::write(
        &cfg,
        "(\n    keys: {\n        \"cross_off\": [\"space\"],\n        \"fly\": [\"f9\"],\n    },\n)\n",
    )
    .expect("write");
    let o = run(&["config"], home.path(), &cfg, "en_US.UTF-8");
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("fly"), "the refused one is said: {out}");
    let keys = out
        .lines()
        .find(|l| l.trim_start().starts_with("keys "))
        .expect("the keys row");
    assert!(keys.contains("cross_off = space"), "{keys}");
    assert!(!keys.contains("fly"), "{keys}");
}
