//! `tracker import`: a ledger from a spreadsheet. The round trip through the exported
//! workbook gives back the ledger; an office's messy workbook (two-line merged headers, a
//! blank row, a totals row, dates in every form, a unit name with a trailing space, an
//! unknown column) gives the exact ledger and the exact list of cells not read.

mod common;

use common::{day, sample_path};
use tracker::Lang;
use tracker::excel::import::{Options, import};
use tracker::ledger::{Ledger, load_str};

fn round_trip(lang: Lang) -> (Ledger, Ledger) {
    let before = tracker::ledger::load_path(&sample_path())
        .expect("sample")
        .ledger;
    let dir = tempfile::tempdir().expect("dir");
    let xlsx = dir.path().join("台账.xlsx");
    let bytes = tracker::excel::workbook(&before, day("2018-06-15"), None, lang).expect("export");
    std::fs::write(&xlsx, bytes).expect("write");
    let imported = import(&xlsx, &Options::default()).expect("imports");
    assert!(imported.skipped.is_empty(), "{:?}", imported.skipped);
    let (after, _) = load_str(&imported.text).expect("loads");
    (before, after)
}

/// Units (names, leaders, pledges), projects (their fields, investment) and milestones
/// (dates, who, units) as the round trip must keep them.
fn kept(l: &Ledger) -> (Vec<String>, Vec<String>) {
    let mut units: Vec<String> = l
        .units
        .iter()
        .map(|u| {
            let pledges: Vec<String> = u
                .pledges
                .iter()
                .map(|p| {
                    format!(
                        "{}|{:?}|{:?}|{:?}|{:?}|{:?}",
                        p.text, p.due, p.target, p.measure, p.progress, p.done
                    )
                })
                .collect();
            format!("{}|{:?}|{}", u.name, u.leader, pledges.join(";"))
        })
        .collect();
    units.sort();
    let projects = l
        .projects
        .iter()
        .map(|p| {
            let support: Vec<&str> = p.support.iter().map(|&u| l.unit_name(u)).collect();
            let ms: Vec<String> = p
                .milestones
                .iter()
                .map(|m| {
                    format!(
                        "{}|{}|{:?}|{:?}|{:?}|{}",
                        m.name,
                        m.due,
                        m.baseline,
                        m.done,
                        m.by,
                        l.unit_name(p.milestone_unit(m))
                    )
                })
                .collect();
            format!(
                "{}|{:?}|{}|{}|{:?}|{:?}|{}",
                p.name,
                p.category,
                l.unit_name(p.lead),
                support.join(","),
                p.leader,
                p.investment,
                ms.join(";")
            )
        })
        .collect();
    (units, projects)
}

#[test]
fn the_sample_comes_back_from_its_workbook() {
    for lang in [Lang::Zh, Lang::En] {
        let (before, after) = round_trip(lang);
        assert_eq!(after.title, before.title);
        assert_eq!(
            after.office, before.office,
            "the office holding the district targets"
        );
        assert_eq!(after.year, before.year);
        let (bu, bp) = kept(&before);
        let (au, ap) = kept(&after);
        assert_eq!(au, bu, "units ({lang:?})");
        assert_eq!(ap.len(), bp.len());
        for (a, b) in ap.iter().zip(&bp) {
            assert_eq!(a, b, "({lang:?})");
        }
    }
}

/// An office's messy workbook, written here: a title with the year in Chinese numerals, a
/// two-line header with merged cells, a project merged over its milestone rows, a unit
/// name with a trailing space, a blank row, a totals row, an unknown column, a project
/// without a unit, figures and dates in every form the office writes.
fn messy_workbook(path: &std::path::Path) {
    use rust_xlsxwriter::{Format, Workbook};
    let mut wb = Workbook::new();
    let s = wb.add_worksheet();
    s.set_name("台账").expect("name");
    let f = Format::new();
    let datef = Format::new().set_num_format("yyyy-mm-dd");
    s.merge_range(0, 0, 0, 9, "二〇一八年金水区重点项目台账", &f)
        .expect("title");
    for (c, h) in [
        (0, "序号"),
        (1, "项目名称"),
        (2, "责任单位"),
        (3, "配合单位"),
        (7, "节点目标"),
        (8, "完成时限"),
        (9, "备注"),
    ] {
        s.merge_range(1, c, 2, c, h, &f).expect("header");
    }
    s.merge_range(1, 4, 1, 6, "投资情况（亿元）", &f)
        .expect("group");
    for (c, h) in [(4, "总投资"), (5, "年度计划投资"), (6, "完成投资")] {
        s.write_string(2, c, h).expect("sub-header");
    }
    // Project 1, merged over its three milestone rows.
    s.write_number(3, 0, 1).expect("n");
    s.merge_range(3, 1, 5, 1, "北龙湖湿地公园", &f)
        .expect("name");
    s.merge_range(3, 2, 5, 2, "区住建局 ", &f).expect("lead");
    s.write_string(3, 3, "区园林局、区水务局").expect("support");
    s.write_number(3, 4, 12).expect("total");
    s.write_number(3, 5, 3.2).expect("plan");
    s.write_number(3, 6, 1.5).expect("done");
    s.write_string(3, 7, "完成可研批复").expect("m");
    let d = rust_xlsxwriter::ExcelDateTime::from_ymd(2018, 3, 31).expect("date");
    s.write_datetime_with_format(3, 8, &d, &datef).expect("due");
    s.write_string(3, 9, "市重点").expect("remark");
    s.write_string(4, 7, "主体工程开工").expect("m");
    s.write_string(4, 8, "2018/6/30").expect("due");
    s.write_string(5, 7, "竣工验收").expect("m");
    s.write_string(5, 8, "年底前").expect("due");
    // Row 7 blank. Project 2: full-width digits, a figure that is not one, an Excel serial
    // date, and a milestone row with the project cell left blank.
    s.write_number(7, 0, 2).expect("n");
    s.write_string(7, 1, "重庆路改造").expect("name");
    s.write_string(7, 2, "区城管局").expect("lead");
    s.write_number(7, 4, 5).expect("total");
    s.write_string(7, 5, "２．５").expect("plan");
    s.write_string(7, 6, "约1").expect("done");
    s.write_string(7, 7, "管网改造").expect("m");
    s.write_number(7, 8, 43373).expect("serial");
    s.write_string(8, 7, "路面恢复").expect("m");
    s.write_string(8, 8, "三季度").expect("due");
    // Project 3 has no unit.
    s.write_number(9, 0, 3).expect("n");
    s.write_string(9, 1, "花园路快速通道").expect("name");
    s.write_string(9, 7, "立项").expect("m");
    s.write_string(9, 8, "6月底前").expect("due");
    s.write_string(10, 1, "合计").expect("totals");
    s.write_number(10, 4, 17).expect("sum");
    // Project 4: every other way of writing a day.
    s.write_number(11, 0, 4).expect("n");
    s.write_string(11, 1, "南阳路整治").expect("name");
    s.write_string(11, 2, "区城管局").expect("lead");
    for (r, (m, due)) in [
        ("拆除", "二〇一八年十月三十一日"),
        ("围挡", "2018.6.30"),
        ("清表", "2018年6月30日"),
        ("放线", "6月30日"),
        ("开挖", "6月底"),
        ("上半年目标", "上半年"),
        ("验收", "２０１８年１１月３０日"),
        ("清淤", "下周"),
    ]
    .iter()
    .enumerate()
    {
        s.write_string(11 + r as u32, 7, *m).expect("m");
        s.write_string(11 + r as u32, 8, *due).expect("due");
    }
    wb.save(path).expect("save");
}

#[test]
fn a_messy_office_workbook_gives_the_exact_ledger_and_the_cells_not_read() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("台账.xlsx");
    messy_workbook(&path);
    let named = Options {
        sheet: Some("台账".into()),
        ..Options::default()
    };
    let got = import(&path, &named).expect("imports the sheet named");
    let wrong = Options {
        sheet: Some("第二季度".into()),
        ..Options::default()
    };
    assert_eq!(
        import(&path, &wrong)
            .expect_err("no such sheet")
            .to_string(),
        "no sheet named 第二季度; the sheets are: 台账"
    );
    let places: Vec<(String, String)> = got
        .skipped
        .iter()
        .map(|s| (s.place(), format!("{:?}", s.why)))
        .collect();
    assert_eq!(
        places,
        [
            ("J3".to_string(), "UnknownColumn(\"备注\")".to_string()),
            ("7".into(), "BlankRow".into()),
            ("G8".into(), "NotANumber(\"约1\")".into()),
            ("C10".into(), "NoLead(\"花园路快速通道\")".into()),
            ("11".into(), "TotalsRow(\"合计\")".into()),
            ("I19".into(), "NotADate(\"下周\")".into()),
        ]
    );
    let (l, _) = load_str(&got.text).expect("the ledger loads");
    assert_eq!(l.year, 2018);
    assert_eq!(l.title, "二〇一八年金水区重点项目台账");
    let units: Vec<&str> = l.units.iter().map(|u| u.name.as_str()).collect();
    assert_eq!(units, ["区住建局", "区园林局", "区水务局", "区城管局"]);
    let shown: Vec<String> = l
        .projects
        .iter()
        .map(|p| {
            let ms: Vec<String> = p
                .milestones
                .iter()
                .map(|m| format!("{} {}", m.name, m.due))
                .collect();
            let support: Vec<&str> = p.support.iter().map(|&u| l.unit_name(u)).collect();
            format!(
                "{} | {} | {} | {:?} | {}",
                p.name,
                l.unit_name(p.lead),
                support.join(","),
                p.investment,
                ms.join("; ")
            )
        })
        .collect();
    assert_eq!(
        shown,
        [
            "北龙湖湿地公园 | 区住建局 | 区园林局,区水务局 | Some(Investment { total: Some(12.0), plan: Some(3.2), done: Some(1.5) }) | 完成可研批复 2018-03-31; 主体工程开工 2018-06-30; 竣工验收 2018-12-31",
            "重庆路改造 | 区城管局 |  | Some(Investment { total: Some(5.0), plan: Some(2.5), done: None }) | 管网改造 2018-09-30; 路面恢复 2018-09-30",
            "南阳路整治 | 区城管局 |  | None | 拆除 2018-10-31; 围挡 2018-06-30; 清表 2018-06-30; 放线 2018-06-30; 开挖 2018-06-30; 上半年目标 2018-06-30; 验收 2018-11-30",
        ]
    );
}

/// `tracker import` in words: the columns read, the counts, each cell not read by its
/// place; `--dry-run` writes nothing; an existing ledger is never replaced.
#[test]
fn the_command_says_what_it_read_and_where_it_could_not() {
    let dir = tempfile::tempdir().expect("dir");
    let sheet = dir.path().join("台账.xlsx");
    messy_workbook(&sheet);
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_tracker"))
            .args(args)
            .env("HOME", dir.path())
            .output()
            .expect("tracker")
    };
    let s = sheet.to_str().expect("utf-8");
    let out = run(&["--lang", "zh", "import", s, "--dry-run"]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let said = common::stdout(&out);
    assert!(said.contains("  台账（E 列）“总投资” → 总投资\n"), "{said}");
    assert!(said.contains("台账 J3：列“备注”不认识，未导入"), "{said}");
    assert!(
        said.contains("读出：4 个单位、3 个项目、12 个节点、0 项承诺"),
        "{said}"
    );
    assert!(said.contains("台账 G8：“约1”不是数字，未导入"), "{said}");
    assert!(said.contains("台账 I19：“下周”不是日期，未导入"), "{said}");
    assert!(said.contains("（试读，未写入文件）"), "{said}");
    let ledger = dir.path().join("ledger.ron");
    assert!(!ledger.exists());
    let out = run(&[
        "--lang",
        "zh",
        "import",
        s,
        "-o",
        ledger.to_str().expect("utf-8"),
    ]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let check = run(&["--lang", "zh", "check", ledger.to_str().expect("utf-8")]);
    assert!(check.status.success(), "{}", common::stdout(&check));
    let before = std::fs::read(&ledger).expect("read");
    let again = run(&[
        "--lang",
        "zh",
        "import",
        s,
        "-o",
        ledger.to_str().expect("utf-8"),
    ]);
    assert!(!again.status.success());
    assert!(
        common::stderr(&again).contains("已存在，未覆盖"),
        "{}",
        common::stderr(&again)
    );
    assert_eq!(std::fs::read(&ledger).expect("read"), before);
}

/// The projects of a ledger as the messy workbook's test compares them.
fn shown(l: &Ledger) -> Vec<String> {
    l.projects
        .iter()
        .map(|p| {
            let ms: Vec<String> = p
                .milestones
                .iter()
                .map(|m| format!("{} {}", m.name, m.due))
                .collect();
            format!("{} | {} | {}", p.name, l.unit_name(p.lead), ms.join("; "))
        })
        .collect()
}

/// The same workbook saved by LibreOffice as .ods and .xls, and as CSV, reads the same.
#[test]
fn ods_xls_and_csv_read_alike() {
    let dir = tempfile::tempdir().expect("dir");
    let xlsx = dir.path().join("台账.xlsx");
    messy_workbook(&xlsx);
    let from_xlsx = import(&xlsx, &Options::default()).expect("xlsx").text;
    let want = shown(&load_str(&from_xlsx).expect("loads").0);
    for ext in ["ods", "xls"] {
        let out = std::process::Command::new("soffice")
            .args(["--headless", "--convert-to", ext, "--outdir"])
            .arg(dir.path())
            .arg(&xlsx)
            .env("HOME", dir.path())
            .output()
            .expect("LibreOffice is needed for this test: apt-get install libreoffice-calc-nogui");
        assert!(out.status.success(), "{ext}");
        let got = import(&dir.path().join(format!("台账.{ext}")), &Options::default()).expect(ext);
        assert_eq!(shown(&load_str(&got.text).expect("loads").0), want, "{ext}");
        // The same cells left out, whether or not the file knows its merged cells.
        let places: Vec<String> = got.skipped.iter().map(|s| s.place()).collect();
        assert_eq!(places, ["J3", "7", "G8", "C10", "11", "I19"], "{ext}");
        assert_eq!(got.text, from_xlsx, "{ext}: the same ledger, byte for byte");
        assert!(
            got.skipped.iter().any(|s| s.place() == "I19"),
            "{ext}: {:?}",
            got.skipped
        );
    }
    // CSV as Excel saves it (UTF-8 with a byte-order mark): no merged cells, so the
    // project's name is on its first row only and its other rows follow it.
    let csv = "\u{feff}2018年重点项目台账,,,,\r\n项目名称,责任单位,总投资,节点,完成时限\r\n\
               一、生态项目,,,,\r\n\
               北龙湖湿地公园,区住建局,12,完成可研批复,2018-03-31\r\n,,,主体工程开工,6月底\r\n\
               合计,,12,,\r\n";
    let path = dir.path().join("台账.csv");
    std::fs::write(&path, csv).expect("csv");
    let got = import(&path, &Options::default()).expect("csv");
    assert_eq!(
        shown(&load_str(&got.text).expect("loads").0),
        ["北龙湖湿地公园 | 区住建局 | 完成可研批复 2018-03-31; 主体工程开工 2018-06-30"]
    );
    let skipped: Vec<String> = got
        .skipped
        .iter()
        .map(|s| format!("{} {:?}", s.place(), s.why))
        .collect();
    assert_eq!(
        skipped,
        ["3 Heading(\"一、生态项目\")", "6 TotalsRow(\"合计\")"]
    );
}

/// An office's own column names through a mapping file, and the year given when the title
/// names none.
#[test]
fn a_mapping_file_and_a_year() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("表.csv");
    std::fs::write(
        &path,
        "工程,主要负责单位,形象进度,节点日期\n东风渠清淤,区水务局,清淤完成,6月底前\n",
    )
    .expect("csv");
    let err = import(&path, &Options::default()).expect_err("no known header");
    assert!(
        matches!(err, tracker::excel::import::ImportError::NoHeader(_)),
        "{err:?}"
    );
    let map = tracker::excel::import::read_map(
        r#"Map(columns: {"工程": name, "主要负责单位": lead, "形象进度": milestone, "节点日期": due})"#,
    )
    .expect("map");
    let no_year = Options {
        map: map.clone(),
        ..Options::default()
    };
    assert_eq!(
        import(&path, &no_year).expect_err("no year").to_string(),
        tracker::excel::import::ImportError::NoYear.to_string()
    );
    let opts = Options {
        map,
        year: Some(2019),
        ..Options::default()
    };
    let got = import(&path, &opts).expect("imports");
    let (l, _) = load_str(&got.text).expect("loads");
    assert_eq!(l.year, 2019);
    assert_eq!(shown(&l), ["东风渠清淤 | 区水务局 | 清淤完成 2019-06-30"]);
    assert!(got.skipped.is_empty(), "{:?}", got.skipped);
}
