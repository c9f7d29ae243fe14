//! Ledger text in a Markdown report is always shown literally: links, images, autolinks, raw
//! HTML, entities and emphasis in names are escaped, in table cells, headings and paragraphs.

use std::path::Path;

use chrono::NaiveDate;
use tracker::lang::Lang;
use tracker::ledger::{Ledger, load_path};
use tracker::report::{Format, Kind, Request, render};

const LINK: &str = "[点我](javascript:alert(1))";
const HTML: &str = "<script>alert(1)</script>";
const IMAGE: &str = "![图](http://evil.example/a.png)";
const AUTOLINK: &str = "<http://evil.example>";
const ENTITY: &str = "&lt;b&gt;";
const EMPHASIS: &str = "**粗** _斜_ `码` ~~删~~";

fn poisoned() -> Ledger {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/report/ledger.ron");
    let mut l = load_path(&path).expect("fixture loads").ledger;
    l.title = format!("台账{HTML}").into();
    l.office = Some(format!("# 攻坚办{AUTOLINK}").into());
    l.units[1].name = format!("甲局{LINK}").into();
    l.units[1].leader = Some(ENTITY.to_string().into());
    l.units[1].title = Some(EMPHASIS.to_string().into());
    l.units[2].name = format!("乙办{AUTOLINK}").into();
    l.units[1].pledges[0].text = format!("承诺{IMAGE}").into();
    for p in &mut l.projects {
        p.name = format!("{}{IMAGE}", p.name).into();
        for m in &mut p.milestones {
            m.name = format!("{}{EMPHASIS}", m.name).into();
        }
    }
    l
}

fn md(kind: Kind) -> String {
    let args = Request {
        kind: Kind::Brief,
        days: None,
        unit: None,
        format: Format::Md,
        bom: true,
        lang: Lang::Zh,
    };
    let today = NaiveDate::from_ymd_opt(2018, 6, 15).expect("date");
    render(&args.kind(kind), &poisoned(), today).expect("renders")
}

/// Every Markdown-active character of the report is escaped with a backslash.
fn assert_inert(report: &str, what: &str) {
    for (n, line) in report.lines().enumerate() {
        let chars: Vec<char> = line.chars().collect();
        for (i, c) in chars.iter().enumerate() {
            if matches!(c, '[' | ']' | '<' | '>' | '&' | '`' | '*' | '_' | '~') {
                assert!(
                    i > 0 && chars[i - 1] == '\\',
                    "{what}, line {}: a live {c:?} in {line:?}",
                    n + 1
                );
            }
        }
    }
    for raw in [LINK, HTML, IMAGE, AUTOLINK, ENTITY, EMPHASIS] {
        assert!(!report.contains(raw), "{what}: {raw:?} left as is");
    }
}

const LINK_MD: &str = "\\[点我\\](javascript:alert(1))";
const HTML_MD: &str = "\\<script\\>alert(1)\\</script\\>";
const IMAGE_MD: &str = "!\\[图\\](http://evil.example/a.png)";
const AUTOLINK_MD: &str = "\\<http://evil.example\\>";
const ENTITY_MD: &str = "\\&lt;b\\&gt;";
const EMPHASIS_MD: &str = "\\*\\*粗\\*\\* \\_斜\\_ \\`码\\` \\~\\~删\\~\\~";

#[test]
fn the_brief_shows_ledger_text_literally() {
    let r = md(Kind::Brief);
    assert_inert(&r, "brief");
    assert!(
        r.starts_with(&format!("# 台账{HTML_MD} 周例会简报（2018年6月15日）\n")),
        "{r}"
    );
    assert!(r.contains(&format!("\n### 甲局{LINK_MD}（")), "{r}");
    assert!(r.contains(&format!("\n### 乙办{AUTOLINK_MD}（")), "{r}");
    assert!(
        r.contains(&format!(
            "| ✗红 | =A1+1 危险名{IMAGE_MD} | 开工{EMPHASIS_MD} | 2018-04-01 |"
        )),
        "{r}"
    );
    assert!(r.contains(&format!("| 主体\\|封顶{EMPHASIS_MD} |")), "{r}");
    assert!(
        r.contains(&format!("| 甲局{LINK_MD} | 承诺{IMAGE_MD} |")),
        "{r}"
    );
}

#[test]
fn the_brief_for_one_unit_names_it_literally() {
    let args = Request {
        kind: Kind::Brief,
        days: None,
        unit: Some(format!("甲局{LINK}")),
        format: Format::Md,
        bom: true,
        lang: Lang::Zh,
    };
    let today = NaiveDate::from_ymd_opt(2018, 6, 15).expect("date");
    let r = render(&kind(Kind::Brief, args), &poisoned(), today).expect("renders");
    assert_inert(&r, "brief for one unit");
    assert!(
        r.contains(&format!("\n范围：甲局{LINK_MD}　临期窗口")),
        "{r}"
    );
    assert!(r.contains(&format!("，甲局{LINK_MD}共有项目")), "{r}");
}

#[test]
fn the_notice_shows_ledger_text_literally() {
    let r = md(Kind::Notice);
    assert_inert(&r, "notice");
    // The office begins a line: `#` would make it a heading.
    assert!(
        r.contains(&format!("\n\\# 攻坚办{AUTOLINK_MD}　　2018年6月15日\n")),
        "{r}"
    );
    assert!(r.contains(&format!("根据《台账{HTML_MD}》")), "{r}");
    assert!(
        r.contains(&format!(
            "1. 乙办{AUTOLINK_MD}（李四）：=A1+1 危险名{IMAGE_MD}——开工{EMPHASIS_MD}，期限"
        )),
        "{r}"
    );
    assert!(
        r.contains(&format!("甲局{LINK_MD}（{EMPHASIS_MD} {ENTITY_MD}）：")),
        "{r}"
    );
    assert!(
        r.ends_with(&format!(
            "书面报\\# 攻坚办{AUTOLINK_MD}。\n\n\\# 攻坚办{AUTOLINK_MD}\n2018年6月15日\n"
        )),
        "{r}"
    );
}

#[test]
fn the_scorecard_shows_ledger_text_literally() {
    let r = md(Kind::Scorecard);
    assert_inert(&r, "scorecard");
    assert!(
        r.starts_with(&format!("# 台账{HTML_MD} 单位考核排名（2018年6月15日）\n")),
        "{r}"
    );
    assert!(r.contains(&format!(" | 甲局{LINK_MD} | ")), "{r}");
}

#[test]
fn plain_text_reports_are_not_escaped() {
    let args = Request {
        kind: Kind::Brief,
        days: None,
        unit: None,
        format: Format::Txt,
        bom: true,
        lang: Lang::Zh,
    };
    let today = NaiveDate::from_ymd_opt(2018, 6, 15).expect("date");
    let r = render(&kind(Kind::Notice, args), &poisoned(), today).expect("renders");
    assert!(
        r.contains(&format!("# 攻坚办{AUTOLINK}　　2018年6月15日")),
        "{r}"
    );
    assert!(
        r.contains(&format!("甲局{LINK}（{EMPHASIS} {ENTITY}）")),
        "{r}"
    );
}

/// The same request for another report.
fn kind(kind: Kind, r: Request) -> Request {
    r.kind(kind)
}
