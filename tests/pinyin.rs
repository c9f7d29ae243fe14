//! Names by pinyin: the search (`/`) and the unit picker in the real binary on the sample,
//! the CLI finding projects and units by full pinyin and initials, and the `pinyin:`
//! override: checked when loaded, read instead of the table, kept through edits.

mod common;

use common::pty::{ENTER, Tui};
use common::{app_from_str, sample_path, stderr, temp_copy, tracker};
use tracker::cli::Lang;
use tracker::ledger::change::{Fields, Item, fields_of};
use tracker::ledger::{Change, edit_bytes, load_bytes, load_path};
use tracker::ui::update::picker_rows;

fn start_on(path: &std::path::Path) -> Tui {
    let dir = path.parent().expect("dir");
    let file = path.to_str().expect("utf-8 path");
    let args = ["--today", "2018-06-15", "--lang", "zh", file];
    Tui::start(&args, dir, 120, 40, &[])
}

#[test]
fn slash_then_initials_finds_south_to_north_water_projects() {
    let (_dir, path) = temp_copy(&sample_path());
    let mut tui = start_on(&path);
    tui.wait_for("凤湖生态休闲区");
    tui.keys("/");
    tui.keys("nsbd");
    tui.wait_for("搜索: nsbd▏");
    let screen = tui.wait_until("narrowed to 南水北调", |s| {
        s.contains("南水北调生态文化公园") && !s.contains("凤湖生态休闲区")
    });
    // Both 南水北调 projects and no other of the sample's 60.
    assert!(screen.contains("南水北调中线防洪"), "{screen}");
    assert!(screen.contains("项目 2/60"), "{screen}");
    assert!(!screen.contains("西岗生态公园"), "{screen}");
    tui.keys(ENTER);
    tui.wait_for("搜索: nsbd");
}

#[test]
fn the_picker_finds_a_unit_by_initials() {
    let (_dir, path) = temp_copy(&sample_path());
    let mut tui = start_on(&path);
    tui.wait_for("凤湖生态休闲区");
    tui.keys("f");
    tui.wait_for("按单位筛选");
    tui.keys("cgzf");
    let screen = tui.wait_until("picker narrowed", |s| {
        s.contains("› cgzf") && s.contains("区城管执法局")
    });
    assert!(!screen.contains("区农工委"), "{screen}");
    tui.keys(ENTER);
    tui.wait_for("单位: 区城管执法局");
}

#[test]
fn the_cli_takes_a_project_by_initials_and_says_which_when_several_fit() {
    let (_dir, path) = temp_copy(&sample_path());
    let file = path.to_str().expect("utf-8 path");
    let o = tracker(&["log", file, "nsbdst", "园区巡查", "--date", "2018-06-01"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let l = load_path(&path).expect("loads").ledger;
    let park = l.project_by_name("南水北调生态文化公园").expect("the park");
    assert_eq!(
        l.projects[park].updates.last().map(|u| u.text.as_str()),
        Some("园区巡查")
    );

    // Both 南水北调 projects fit: neither is taken.
    let o = tracker(&["log", file, "nsbd", "园区巡查", "--date", "2018-06-01"]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(
        err.contains("南水北调生态文化公园") && err.contains("南水北调中线防洪影响处理工程"),
        "{err}"
    );
}

#[test]
fn a_report_takes_its_unit_by_full_pinyin() {
    let sample = sample_path();
    let file = sample.to_str().expect("utf-8 path");
    let by_name = tracker(&[
        "report",
        "brief",
        "--unit",
        "区农工委",
        "--today",
        "2018-06-15",
        file,
    ]);
    let by_pinyin = tracker(&[
        "report",
        "brief",
        "--unit",
        "qunonggongwei",
        "--today",
        "2018-06-15",
        file,
    ]);
    assert!(by_pinyin.status.success(), "{}", stderr(&by_pinyin));
    assert_eq!(by_pinyin.stdout, by_name.stdout);
}

const WITH_OVERRIDES: &str = r#"Ledger(
    title: "t",
    year: 2018,
    units: [Unit(name: "长江路街道", pinyin: "chang jiang lu jie dao", leader: "张三")],
    projects: [
        Project(
            name: "长江路改造",
            pinyin: "chang jiang lu gai zao",
            lead: "长江路街道",
            milestones: [Milestone(name: "开工", due: "2018-04-30")],
        ),
    ],
)
"#;

#[test]
fn an_override_is_read_by_the_cli_instead_of_the_table() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("l.ron");
    std::fs::write(&path, WITH_OVERRIDES).expect("write");
    let file = path.to_str().expect("utf-8 path");
    let o = tracker(&["log", file, "cjlgz", "已开工", "--date", "2018-05-02"]);
    assert!(o.status.success(), "{}", stderr(&o));
    // The table reads 长 as zhang too; the override says chang only.
    let o = tracker(&["log", file, "zjlgz", "已开工", "--date", "2018-05-02"]);
    assert!(!o.status.success());
}

#[test]
fn edits_keep_an_override() {
    let (l, _) = load_bytes(WITH_OVERRIDES.as_bytes()).expect("loads");
    let change = |item, f: &dyn Fn(&mut Fields)| {
        let mut fields = fields_of(&l, item).expect("item");
        f(&mut fields);
        let c = Change::Set {
            item,
            fields: Box::new(fields),
        };
        String::from_utf8(edit_bytes(WITH_OVERRIDES.as_bytes(), &c).expect("edits")).expect("utf-8")
    };
    let text = change(Item::Project(0), &|f| {
        if let Fields::Project(p) = f {
            p.leader = Some("李四".into());
        }
    });
    assert!(
        text.contains("pinyin: \"chang jiang lu gai zao\""),
        "{text}"
    );
    let (edited, _) = load_bytes(text.as_bytes()).expect("loads");
    assert_eq!(
        edited.projects[0].pinyin.as_deref(),
        Some("chang jiang lu gai zao")
    );
    let text = change(Item::Unit(0), &|f| {
        if let Fields::Unit(u) = f {
            u.title = Some("主任".into());
        }
    });
    let (edited, _) = load_bytes(text.as_bytes()).expect("loads");
    assert_eq!(
        edited.units[0].pinyin.as_deref(),
        Some("chang jiang lu jie dao")
    );
    assert_eq!(edited.units[0].title.as_deref(), Some("主任"));
}

#[test]
fn an_override_in_chinese_or_with_tones_is_a_mistake() {
    for bad in ["长江路", "cháng jiāng", "chang-jiang", ""] {
        let text = WITH_OVERRIDES.replace("chang jiang lu jie dao", bad);
        let err = load_bytes(text.as_bytes()).expect_err("refused");
        let shown: Vec<String> = err.iter().map(|p| p.message(tracker::Lang::En)).collect();
        assert!(
            shown.iter().any(|m| m.contains("is not a reading")),
            "{bad}: {shown:?}"
        );
        let zh: Vec<String> = err.iter().map(|p| p.message(tracker::Lang::Zh)).collect();
        assert!(zh.iter().any(|m| m.contains("不是读音")), "{bad}: {zh:?}");
    }
}

#[test]
fn the_picker_ranks_the_name_then_full_pinyin_then_initials() {
    let app = app_from_str(
        r#"Ledger(title: "t", year: 2018, units: [
            Unit(name: "公安南路派出所"),
            Unit(name: "区农工委办公室"),
            Unit(name: "赣江路街道"),
            Unit(name: "区农工委"),
        ])"#,
        Lang::Zh,
        "2018-06-15",
    );
    let names = |q: &str| -> Vec<String> {
        (picker_rows(&app, q).into_iter().flatten())
            .map(|u| app.ledger.units[u].name.to_string())
            .collect()
    };
    // 赣 is gan in full; 公安南 only g-an-n by initials.
    assert_eq!(names("gan"), ["赣江路街道", "公安南路派出所"]);
    // The name itself before a longer one holding it.
    assert_eq!(names("区农工委"), ["区农工委", "区农工委办公室"]);
    // Chinese text keeps the ledger's order.
    assert_eq!(names("农工"), ["区农工委办公室", "区农工委"]);
    assert_eq!(names("ngw"), ["区农工委办公室", "区农工委"]);
    assert_eq!(names("xyz"), Vec::<String>::new());
}
