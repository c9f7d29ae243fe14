//! `tracker export xlsx`: the workbook read back (calamine) for its sheets, headers, values,
//! dates as dates and numbers as numbers; its XML for the fill of every warning cell, the
//! frozen header, the filter, the column widths and the page setup.

mod common;

use std::io::{Cursor, Read};

use calamine::{Data, DataType, Reader, Xlsx, open_workbook_from_rs};
use common::{day, sample_path, stderr};
use tracker::Lang;
use tracker::rules::{self, Colour};

const TODAY: &str = "2018-06-15";

fn exported(lang: Lang) -> Vec<u8> {
    let ledger = tracker::ledger::load_path(&sample_path())
        .expect("sample")
        .ledger;
    tracker::excel::workbook(&ledger, day(TODAY), None, lang).expect("workbook")
}

fn book(bytes: &[u8]) -> Xlsx<Cursor<Vec<u8>>> {
    open_workbook_from_rs(Cursor::new(bytes.to_vec())).expect("opens")
}

/// One part of the xlsx package, as text.
fn part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
    let mut f = zip
        .by_name(name)
        .unwrap_or_else(|_| panic!("{name} in the package"));
    let mut s = String::new();
    f.read_to_string(&mut s).expect("utf-8");
    s
}

/// The values of `attr` in each `<tag …>` of `xml`, in order.
fn attrs(xml: &str, tag: &str, attr: &str) -> Vec<String> {
    xml.split(&format!("<{tag}"))
        .skip(1)
        .filter(|t| t.starts_with([' ', '>', '/']))
        .map(|t| {
            let t = &t[..t.find('>').unwrap_or(t.len())];
            t.split(&format!(" {attr}=\""))
                .nth(1)
                .and_then(|v| v.split('"').next())
                .unwrap_or("")
                .to_string()
        })
        .collect()
}

/// The fill colour (RRGGBB) of the cell `r` (e.g. "A3") in a sheet's XML.
fn fill_of(bytes: &[u8], sheet_xml: &str, r: &str) -> Option<String> {
    let styles = part(bytes, "xl/styles.xml");
    let fills_xml = styles.split("<fills").nth(1)?.split("</fills>").next()?;
    let fills: Vec<String> = fills_xml
        .split("<fill>")
        .skip(1)
        .map(|f| {
            attrs(f, "fgColor", "rgb")
                .first()
                .cloned()
                .unwrap_or_default()
        })
        .collect();
    let xfs_xml = styles
        .split("<cellXfs")
        .nth(1)?
        .split("</cellXfs>")
        .next()?;
    let xf_fills = attrs(xfs_xml, "xf", "fillId");
    let cell = sheet_xml.split(&format!("<c r=\"{r}\"")).nth(1)?;
    let style: usize = cell
        .split(" s=\"")
        .nth(1)?
        .split('"')
        .next()?
        .parse()
        .ok()?;
    let fill: usize = xf_fills.get(style)?.parse().ok()?;
    // ARGB: the alpha byte first.
    fills
        .get(fill)
        .map(|argb| argb.get(2..).unwrap_or_default().to_string())
}

#[test]
fn five_sheets_with_titles_headers_values_dates_and_numbers() {
    let bytes = exported(Lang::Zh);
    let mut wb = book(&bytes);
    assert_eq!(
        wb.sheet_names(),
        ["项目台账", "节点", "单位承诺", "考核排名", "总览"]
    );
    let sheet = wb.worksheet_range("项目台账").expect("sheet");
    let row = |r: usize| -> Vec<Data> { sheet.rows().nth(r).expect("row").to_vec() };
    let title = row(0)[0].to_string();
    assert!(
        title.contains("重点项目台账") && title.contains(TODAY),
        "{title}"
    );
    let headers: Vec<String> = row(1).iter().map(|c| c.to_string()).collect();
    assert_eq!(
        headers[..8],
        [
            "预警",
            "项目名称",
            "类别",
            "责任单位",
            "配合单位",
            "分包领导",
            "下一节点",
            "时限"
        ]
    );
    let ledger = tracker::ledger::load_path(&sample_path())
        .expect("sample")
        .ledger;
    assert_eq!(
        sheet.rows().count(),
        2 + ledger.projects.len(),
        "a row per project"
    );
    let found = sheet
        .rows()
        .find(|r| r[1] == "足球文化产业园")
        .expect("the project");
    let p = &ledger.projects[ledger.project_by_name("足球文化产业园").expect("p")];
    let next = rules::next_open(p).expect("an open milestone");
    assert_eq!(found[3].to_string(), ledger.unit_name(p.lead));
    assert_eq!(found[6].to_string(), next.name.as_str());
    assert!(
        found[7].is_datetime(),
        "the due date is a date: {:?}",
        found[7]
    );
    assert_eq!(found[7].as_date(), Some(next.due));
    let plan = p.investment.and_then(|i| i.plan).expect("a plan");
    assert_eq!(found[10], Data::Float(plan), "numbers are numbers");
    // Milestones: one row each, done dates as dates.
    let ms = wb.worksheet_range("节点").expect("sheet");
    let milestones: usize = ledger.projects.iter().map(|p| p.milestones.len()).sum();
    assert_eq!(ms.rows().count(), 2 + milestones);
    let done = ms
        .rows()
        .find(|r| r[6].is_datetime())
        .expect("a crossed-off milestone");
    assert!(done[4].is_datetime());
    // Pledges and the scorecard.
    let pledges = wb.worksheet_range("单位承诺").expect("sheet");
    let count: usize = ledger.units.iter().map(|u| u.pledges.len()).sum();
    assert_eq!(pledges.rows().count(), 2 + count);
    let card = wb.worksheet_range("考核排名").expect("sheet");
    assert_eq!(card.rows().nth(2).expect("first")[0], Data::Float(1.0));
    let overview = wb.worksheet_range("总览").expect("sheet");
    let projects = overview.rows().find(|r| r[0] == "项目数").expect("row");
    assert_eq!(projects[1], Data::Float(ledger.projects.len() as f64));
}

#[test]
fn every_warning_cell_is_filled_in_its_colour() {
    let bytes = exported(Lang::Zh);
    let ledger = tracker::ledger::load_path(&sample_path())
        .expect("sample")
        .ledger;
    let sheet = part(&bytes, "xl/worksheets/sheet1.xml");
    let mut seen = std::collections::BTreeSet::new();
    for (i, p) in ledger.projects.iter().enumerate() {
        let Some(c) = rules::project_colour(p, day(TODAY), &ledger.thresholds) else {
            continue;
        };
        let want = format!("{:06X}", tracker::excel::export::fill_rgb(c));
        let got = fill_of(&bytes, &sheet, &format!("A{}", i + 3));
        assert_eq!(got.as_deref(), Some(want.as_str()), "{} ({c:?})", p.name);
        seen.insert(c);
    }
    assert_eq!(seen.len(), 4, "all four colours drawn");
    // The milestones' sheet too.
    let ms = part(&bytes, "xl/worksheets/sheet2.xml");
    let mut row = 3;
    for p in &ledger.projects {
        for m in &p.milestones {
            let c = rules::milestone_colour(m, day(TODAY), &ledger.thresholds);
            let want = format!("{:06X}", tracker::excel::export::fill_rgb(c));
            assert_eq!(
                fill_of(&bytes, &ms, &format!("A{row}")).as_deref(),
                Some(want.as_str())
            );
            row += 1;
        }
    }
}

#[test]
fn frozen_header_filter_widths_and_a3_landscape_print() {
    let bytes = exported(Lang::Zh);
    let sheet = part(&bytes, "xl/worksheets/sheet1.xml");
    assert!(
        sheet.contains("<pane ySplit=\"2\" topLeftCell=\"A3\""),
        "frozen below the header"
    );
    assert!(sheet.contains("state=\"frozen\""));
    assert!(
        sheet.contains("<autoFilter ref=\"A2:O62\""),
        "a filter over the header and rows"
    );
    let setup = attrs(&sheet, "pageSetup", "paperSize");
    assert_eq!(setup, ["8"], "A3");
    assert_eq!(attrs(&sheet, "pageSetup", "orientation"), ["landscape"]);
    assert_eq!(
        attrs(&sheet, "pageSetup", "fitToHeight"),
        ["0"],
        "one page wide, as tall as needed"
    );
    assert!(sheet.contains("<pageSetUpPr fitToPage=\"1\"/>"));
    assert!(
        sheet.contains("<oddFooter>") && sheet.contains(TODAY),
        "the date in the footer"
    );
    let book = part(&bytes, "xl/workbook.xml");
    assert!(
        book.contains("_xlnm.Print_Titles") && book.contains("$1:$2"),
        "header rows repeated"
    );
    // The name column is as wide as the longest name on screen (two columns a character).
    let ledger = tracker::ledger::load_path(&sample_path())
        .expect("sample")
        .ledger;
    let longest = ledger
        .projects
        .iter()
        .map(|p| unicode_width::UnicodeWidthStr::width(p.name.as_str()))
        .max()
        .unwrap_or(0);
    let cols = sheet
        .split("<col ")
        .skip(1)
        .find(|c| c.starts_with("min=\"2\""))
        .expect("column B");
    let width: f64 = cols
        .split("width=\"")
        .nth(1)
        .and_then(|w| w.split('"').next())
        .and_then(|w| w.parse().ok())
        .expect("width");
    assert!(width >= longest as f64, "{width} < {longest}");
}

#[test]
fn one_sheet_as_text() {
    let bytes = exported(Lang::Zh);
    let mut wb = book(&bytes);
    let sheet = wb.worksheet_range("考核排名").expect("sheet");
    let text: String = sheet
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| c.to_string())
                .collect::<Vec<_>>()
                .join("\t")
                + "\n"
        })
        .collect();
    insta::assert_snapshot!("excel_scorecard_zh", text);
}

#[test]
fn the_command_writes_the_workbook_and_refuses_the_ledger_itself() {
    let (dir, ledger) = common::temp_copy(&sample_path());
    let out = dir.path().join("台账.xlsx");
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_tracker"))
            .args(args)
            .env("HOME", dir.path())
            .output()
            .expect("tracker")
    };
    let file = ledger.to_str().expect("utf-8");
    let o = run(&[
        "--lang",
        "zh",
        "export",
        "xlsx",
        file,
        "-o",
        out.to_str().expect("utf-8"),
        "--today",
        TODAY,
        "--unit",
        "区教体局",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let bytes = std::fs::read(&out).expect("written");
    let mut wb = book(&bytes);
    let sheet = wb.worksheet_range("项目台账").expect("sheet");
    // Each project the unit leads, supports or answers a milestone of.
    assert!(sheet.rows().count() > 2);
    let ledger_model = tracker::ledger::load_path(&ledger).expect("ledger").ledger;
    let unit = ledger_model.unit_by_name("区教体局").expect("unit");
    for r in sheet.rows().skip(2) {
        let p = &ledger_model.projects[ledger_model.project_by_name(&r[1].to_string()).expect("p")];
        assert!(
            p.lead == unit
                || p.support.contains(&unit)
                || p.milestones.iter().any(|m| m.unit == Some(unit)),
            "{}",
            p.name
        );
    }
    let before = std::fs::read(&ledger).expect("read");
    let o = run(&["--lang", "zh", "export", "xlsx", file, "-o", file]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("台账"), "{}", stderr(&o));
    assert_eq!(
        std::fs::read(&ledger).expect("read"),
        before,
        "the ledger untouched"
    );
}

/// LibreOffice opens the workbook and converts every sheet to CSV headlessly: the rows
/// are there, dates read as dates. (CI installs LibreOffice: `.ci/run`.)
#[test]
fn libreoffice_reads_every_sheet() {
    let dir = tempfile::tempdir().expect("dir");
    let xlsx = dir.path().join("台账.xlsx");
    std::fs::write(&xlsx, exported(Lang::Zh)).expect("write");
    let out = std::process::Command::new("soffice")
        .args(["--headless", "--convert-to"])
        // Comma-separated, UTF-8 (76), every sheet to a file of its own (-1).
        .arg("csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1")
        .arg("--outdir")
        .arg(dir.path())
        .arg(&xlsx)
        // Its profile in the temporary folder, not the user's.
        .env("HOME", dir.path())
        .output()
        .expect("LibreOffice is needed for this test: apt-get install libreoffice-calc-nogui");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let sheet = |name: &str| {
        std::fs::read_to_string(dir.path().join(format!("台账-{name}.csv")))
            .unwrap_or_else(|e| panic!("{name}: {e}"))
    };
    let ledger = tracker::ledger::load_path(&sample_path())
        .expect("sample")
        .ledger;
    let projects = sheet("项目台账");
    assert_eq!(projects.lines().count(), 2 + ledger.projects.len());
    let p = &ledger.projects[ledger.project_by_name("足球文化产业园").expect("p")];
    let next = rules::next_open(p).expect("open");
    let line = projects
        .lines()
        .find(|l| l.contains(",足球文化产业园,"))
        .expect("the project's row");
    assert!(
        line.contains(&format!(",{},{},", next.name, next.due)),
        "{line}"
    );
    for name in ["节点", "单位承诺", "考核排名", "总览"] {
        assert!(sheet(name).lines().count() > 2, "{name}");
    }
}

/// `--format xlsx` for the brief, the notice and the scorecard: the CSV report's table in a
/// workbook set up to print, with its title; without `-o` it says what is missing.
#[test]
fn reports_as_workbooks() {
    let dir = tempfile::tempdir().expect("dir");
    let sample = sample_path();
    let file = sample.to_str().expect("utf-8");
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_tracker"))
            .args(["--lang", "zh"])
            .args(args)
            .args(["--today", TODAY])
            .env("HOME", dir.path())
            .output()
            .expect("tracker")
    };
    for (kind, sheet, title) in [
        ("brief", "周例会简报", "周例会简报"),
        ("notice", "督查通报", "督查通报"),
        ("scorecard", "考核排名", "单位考核排名"),
    ] {
        let out = dir.path().join(format!("{kind}.xlsx"));
        let o = run(&[
            "report",
            kind,
            file,
            "--format",
            "xlsx",
            "-o",
            out.to_str().expect("utf-8"),
        ]);
        assert!(o.status.success(), "{kind}: {}", stderr(&o));
        let csv = run(&["report", kind, file, "--format", "csv", "--no-bom"]);
        let csv = String::from_utf8(csv.stdout).expect("utf-8");
        let bytes = std::fs::read(&out).expect("written");
        let mut wb = book(&bytes);
        assert_eq!(wb.sheet_names(), [sheet]);
        let range = wb.worksheet_range(sheet).expect("sheet");
        let t = range.rows().next().expect("title")[0].to_string();
        assert!(
            t.contains(title) && t.contains("2018年6月15日"),
            "{kind}: {t}"
        );
        let header = csv.lines().next().expect("header");
        let got: Vec<String> = range
            .rows()
            .nth(1)
            .expect("header")
            .iter()
            .map(|c| c.to_string())
            .collect();
        assert_eq!(got.join(","), header, "{kind}");
        assert_eq!(
            range.rows().count(),
            1 + csv.lines().count(),
            "{kind}: every row"
        );
        let xml = part(&bytes, "xl/worksheets/sheet1.xml");
        assert_eq!(
            attrs(&xml, "pageSetup", "orientation"),
            ["landscape"],
            "{kind}"
        );
    }
    // The notice's colour cells are filled.
    let bytes = std::fs::read(dir.path().join("notice.xlsx")).expect("notice");
    let xml = part(&bytes, "xl/worksheets/sheet1.xml");
    let mut wb = book(&bytes);
    let range = wb.worksheet_range("督查通报").expect("sheet");
    let (r, c) = range
        .rows()
        .enumerate()
        .find_map(|(r, row)| row.iter().position(|c| *c == "✗红").map(|c| (r, c)))
        .expect("a red cell");
    let place = format!("{}{}", tracker::excel::import::column_letters(c), r + 1);
    let red = format!("{:06X}", tracker::excel::export::fill_rgb(Colour::Red));
    assert_eq!(fill_of(&bytes, &xml, &place).as_deref(), Some(red.as_str()));
    let o = run(&["report", "brief", file, "--format", "xlsx"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("需要用 -o"), "{}", stderr(&o));
}
