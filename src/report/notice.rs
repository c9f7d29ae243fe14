//! The warning notice (督查通报): every red and yellow milestone with the unit and the
//! official who answers for it, most serious first, the projects whose investment lags, and
//! the milestones re-planned (倒排工期) whose first or current due date has passed.

use super::csv::{Cell, Csv};
use super::data::{Findings, Item};
use super::format::{
    Format, NONE, cn_date, colour_label, heading, md_escape, md_escape_line, moved_tight, number,
    one_decimal, scope, unit_leader,
};
use crate::ledger::Ledger;
use crate::rules::Colour;

/// The sender when the ledger names no office.
const DEFAULT_OFFICE: &str = "项目建设攻坚办公室";

/// Red first, most days late first, across units: the notice is read top down by severity.
fn by_severity<'a>(ledger: &Ledger, f: &'a Findings) -> Vec<&'a Item> {
    let mut items: Vec<&Item> = f.overdue.iter().flat_map(|g| &g.items).collect();
    let order = super::data::item_order(ledger);
    items.sort_by(|a, b| order(a, b));
    items
}

fn names<'a>(ledger: &'a Ledger, item: &Item) -> (&'a str, &'a str) {
    let p = &ledger.projects[item.project];
    (p.name.as_str(), p.milestones[item.milestone].name.as_str())
}

pub fn render(ledger: &Ledger, f: &Findings, format: Format, bom: bool) -> String {
    match format {
        Format::Csv => csv(ledger, f, bom),
        Format::Md => text(ledger, f, true),
        Format::Txt => text(ledger, f, false),
    }
}

fn text(ledger: &Ledger, f: &Findings, md: bool) -> String {
    let items = by_severity(ledger, f);
    // Ledger text is escaped in Markdown, so it is always shown literally.
    let esc = |s: &str| if md { md_escape(s) } else { s.to_string() };
    let office_raw = ledger.office.as_deref().unwrap_or(DEFAULT_OFFICE);
    let office = esc(office_raw);
    // The office also begins lines, where `-` or `1.` would start a list.
    let office_line = if md {
        md_escape_line(office_raw)
    } else {
        office_raw.to_string()
    };
    let mut out = String::new();
    out.push_str(if md {
        "# 督查通报\n\n"
    } else {
        "督查通报\n\n"
    });
    out.push_str(&format!("{office_line}　　{}\n\n", cn_date(f.today)));
    out.push_str("关于重点项目节点逾期及投资滞后情况的通报\n\n");
    let whom = if f.unit.is_some() {
        esc(&scope(ledger, f))
    } else {
        String::new()
    };
    out.push_str(&format!(
        "根据《{}》，截至{}，{whom}逾期未完成节点共 {} 个，其中红色预警（逾期超过{}天）{} 个、\
         黄色预警（逾期{}天以内）{} 个；投资序时进度滞后项目 {} 个。现予通报：\n\n",
        esc(&ledger.title),
        cn_date(f.today),
        items.len(),
        ledger.thresholds.red_days,
        f.count(Colour::Red),
        ledger.thresholds.red_days,
        f.count(Colour::Yellow),
        f.lagging.len()
    ));

    let sections = [
        (Colour::Red, "一、红色预警"),
        (Colour::Yellow, "二、黄色预警"),
    ];
    for (colour, title) in sections {
        heading(&mut out, md, title);
        let list: Vec<&&Item> = items.iter().filter(|i| i.colour == colour).collect();
        if list.is_empty() {
            out.push_str(NONE);
            out.push('\n');
        }
        for (n, i) in list.iter().enumerate() {
            let (p, m) = names(ledger, i);
            let (p, m) = (esc(p), esc(m));
            let leader = esc(&unit_leader(ledger, i.unit));
            let leader = if leader.is_empty() {
                String::new()
            } else {
                format!("（{leader}）")
            };
            out.push_str(&format!(
                "{}. {}{leader}：{p}——{m}，期限{}，逾期{}天。\n",
                n + 1,
                esc(ledger.unit_name(i.unit)),
                cn_date(i.due),
                i.days_late
            ));
        }
        out.push('\n');
    }

    heading(&mut out, md, "三、投资序时进度滞后");
    if f.lagging.is_empty() {
        out.push_str(NONE);
        out.push('\n');
    }
    for (n, l) in f.lagging.iter().enumerate() {
        let p = &ledger.projects[l.project];
        let inv = p.investment.unwrap_or_default();
        out.push_str(&format!(
            "{}. {}（{}）：年度计划投资{}亿元，完成{}亿元（{:.1}%），低于序时进度（{:.1}%）{:.1}个百分点。\n",
            n + 1,
            esc(&p.name),
            esc(ledger.unit_name(p.lead)),
            number(inv.plan.unwrap_or(0.0)),
            number(inv.done.unwrap_or(0.0)),
            l.lag.done_pct,
            l.lag.elapsed_pct,
            -l.lag.gap_points
        ));
    }
    out.push('\n');

    heading(&mut out, md, "四、期限调整节点（原定或调整后期限已过）");
    if f.replans_past.is_empty() {
        out.push_str(NONE);
        out.push('\n');
    }
    for (n, r) in f.replans_past.iter().enumerate() {
        let p = &ledger.projects[r.project];
        let leader = esc(&unit_leader(ledger, r.unit));
        let leader = if leader.is_empty() {
            String::new()
        } else {
            format!("（{leader}）")
        };
        out.push_str(&format!(
            "{}. {}{leader}：{}——{}，原定期限{}，调整为{}，{}。\n",
            n + 1,
            esc(ledger.unit_name(r.unit)),
            esc(&p.name),
            esc(&p.milestones[r.milestone].name),
            cn_date(r.baseline),
            cn_date(r.due),
            moved_tight(r.moved_days)
        ));
    }
    out.push('\n');
    // Nothing to rectify: a notice still goes out, but must not order rectification.
    let closing = if items.is_empty() && f.lagging.is_empty() {
        "请继续对照时间节点推进，确保按期完成。".to_string()
    } else {
        format!("请以上单位对照时间节点抓紧整改，于一周内将整改情况书面报{office}。")
    };
    out.push_str(&format!(
        "{closing}\n\n{office_line}\n{}\n",
        cn_date(f.today)
    ));
    out
}

/// One row per flagged item: the milestones, the lagging projects, then the re-planned
/// milestones, with days and percentages as numbers.
fn csv(ledger: &Ledger, f: &Findings, bom: bool) -> String {
    let mut csv = Csv::new(bom);
    csv.row(
        [
            "序号",
            "预警",
            "单位",
            "负责人",
            "项目",
            "节点",
            "期限",
            "逾期天数",
            "投资完成率（%）",
            "序时进度（%）",
            "差距（百分点）",
            "原定期限",
            "调整天数（负数为提前）",
        ]
        .map(Cell::from),
    );
    let items = by_severity(ledger, f);
    for (n, i) in items.iter().enumerate() {
        let (p, m) = names(ledger, i);
        csv.row([
            Cell::Number((n + 1) as f64),
            colour_label(i.colour).into(),
            ledger.unit_name(i.unit).into(),
            unit_leader(ledger, i.unit).into(),
            p.into(),
            m.into(),
            i.due.to_string().into(),
            Cell::Number(i.days_late as f64),
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
        ]);
    }
    for (n, l) in f.lagging.iter().enumerate() {
        let p = &ledger.projects[l.project];
        csv.row([
            Cell::Number((items.len() + n + 1) as f64),
            "投资滞后".into(),
            ledger.unit_name(p.lead).into(),
            unit_leader(ledger, p.lead).into(),
            p.name.as_str().into(),
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            Cell::Number(one_decimal(l.lag.done_pct)),
            Cell::Number(one_decimal(l.lag.elapsed_pct)),
            Cell::Number(one_decimal(l.lag.gap_points)),
            Cell::Empty,
            Cell::Empty,
        ]);
    }
    let before = items.len() + f.lagging.len();
    for (n, r) in f.replans_past.iter().enumerate() {
        let p = &ledger.projects[r.project];
        csv.row([
            Cell::Number((before + n + 1) as f64),
            "期限调整".into(),
            ledger.unit_name(r.unit).into(),
            unit_leader(ledger, r.unit).into(),
            p.name.as_str().into(),
            p.milestones[r.milestone].name.as_str().into(),
            r.due.to_string().into(),
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            r.baseline.to_string().into(),
            Cell::Number(r.moved_days as f64),
        ]);
    }
    csv.finish()
}
