//! The reports laid out as Markdown, plain text (for pasting into a document) and CSV.

use chrono::{Datelike, NaiveDate};

use super::csv::{Cell, Csv};
use super::data::{Findings, Group, Item};
use crate::ledger::Ledger;
use crate::rules::{Colour, ScoreRow, UnitStats};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Md,
    Txt,
    Csv,
}

/// "2018年6月15日".
pub fn cn_date(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

fn colour_label(c: Colour) -> &'static str {
    match c {
        Colour::Red => "✗红",
        Colour::Yellow => "!黄",
        Colour::Blue => "►蓝",
        Colour::Green => "✓绿",
    }
}

fn countdown(item: &Item) -> String {
    match item.days_late {
        d if d > 0 => format!("逾期 {d} 天"),
        0 => "今天到期".to_string(),
        d => format!("还剩 {} 天", -d),
    }
}

fn percent(x: Option<f64>) -> String {
    x.map_or_else(|| "—".to_string(), |v| format!("{:.0}%", v * 100.0))
}

fn number(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{}", x as i64)
    } else {
        format!("{x:.1}")
    }
}

fn scope(ledger: &Ledger, f: &Findings) -> String {
    f.unit.map_or_else(
        || "全部单位".to_string(),
        |u| ledger.unit_name(u).to_string(),
    )
}

/// The closing paragraph of the brief.
fn summary(ledger: &Ledger, f: &Findings) -> String {
    let t = &f.totals;
    let c = &t.counts;
    let plan = t.plan_share().map_or_else(String::new, |s| {
        format!("，年度计划投资完成 {:.1}%", s * 100.0)
    });
    format!(
        "截至{}，{}共有项目 {} 个、节点 {} 个，其中红色预警 {} 个、黄色 {} 个、蓝色 {} 个、绿色 {} 个；\
         逾期未完成节点 {} 个，{} 天内到期节点 {} 个，到期承诺 {} 项，投资序时进度滞后项目 {} 个{}。",
        cn_date(f.today),
        scope(ledger, f),
        t.projects,
        t.milestones,
        c.red,
        c.yellow,
        c.blue,
        c.green,
        f.count(Colour::Red) + f.count(Colour::Yellow),
        f.days,
        f.due_soon_count(),
        f.pledges.len(),
        f.lagging.len(),
        plan
    )
}

fn names<'a>(ledger: &'a Ledger, item: &Item) -> (&'a str, &'a str) {
    let p = &ledger.projects[item.project];
    (p.name.as_str(), p.milestones[item.milestone].name.as_str())
}

fn md_groups(out: &mut String, ledger: &Ledger, groups: &[Group]) {
    if groups.is_empty() {
        out.push_str("无。\n\n");
        return;
    }
    for g in groups {
        out.push_str(&format!("### {}\n\n", ledger.unit_name(g.unit)));
        out.push_str("| 预警 | 项目 | 节点 | 期限 | 倒计时 |\n| --- | --- | --- | --- | --- |\n");
        for i in &g.items {
            let (p, m) = names(ledger, i);
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} |\n",
                colour_label(i.colour),
                md_escape(p),
                md_escape(m),
                i.due,
                countdown(i)
            ));
        }
        out.push('\n');
    }
}

/// Table cells must not break the table.
fn md_escape(s: &str) -> String {
    s.replace('|', "\\|")
}

pub fn brief_md(ledger: &Ledger, f: &Findings) -> String {
    let mut out = format!(
        "# {} 周例会简报\n\n日期：{}　范围：{}　临期窗口：{} 天\n\n",
        ledger.title,
        cn_date(f.today),
        scope(ledger, f),
        f.days
    );
    out.push_str(&format!(
        "## 一、逾期节点（红色 {} 个，黄色 {} 个）\n\n",
        f.count(Colour::Red),
        f.count(Colour::Yellow)
    ));
    md_groups(&mut out, ledger, &f.overdue);
    out.push_str(&format!(
        "## 二、{} 天内到期节点（{} 个）\n\n",
        f.days,
        f.due_soon_count()
    ));
    md_groups(&mut out, ledger, &f.due_soon);
    out.push_str(&format!("## 三、到期承诺（{} 项）\n\n", f.pledges.len()));
    if f.pledges.is_empty() {
        out.push_str("无。\n\n");
    } else {
        out.push_str("| 单位 | 承诺 | 期限 | 进度 |\n| --- | --- | --- | --- |\n");
        for pd in &f.pledges {
            let p = &ledger.units[pd.unit].pledges[pd.pledge];
            out.push_str(&format!(
                "| {} | {} | {} | {} |\n",
                md_escape(ledger.unit_name(pd.unit)),
                md_escape(&p.text),
                pd.due,
                pledge_progress(p)
            ));
        }
        out.push('\n');
    }
    out.push_str(&format!(
        "## 四、投资序时进度滞后项目（{} 个，滞后超过 {} 个百分点）\n\n",
        f.lagging.len(),
        number(ledger.thresholds.lag_points)
    ));
    if f.lagging.is_empty() {
        out.push_str("无。\n\n");
    } else {
        out.push_str("| 项目 | 责任单位 | 完成/计划（亿元） | 完成率 | 序时进度 | 差距（百分点） |\n| --- | --- | --- | --- | --- | --- |\n");
        for l in &f.lagging {
            let p = &ledger.projects[l.project];
            let inv = p.investment.unwrap_or_default();
            out.push_str(&format!(
                "| {} | {} | {}/{} | {:.1}% | {:.1}% | {:.1} |\n",
                md_escape(&p.name),
                md_escape(ledger.unit_name(p.lead)),
                number(inv.done.unwrap_or(0.0)),
                number(inv.plan.unwrap_or(0.0)),
                l.lag.done_pct,
                l.lag.elapsed_pct,
                l.lag.gap_points
            ));
        }
        out.push('\n');
    }
    out.push_str("## 五、小结\n\n");
    out.push_str(&summary(ledger, f));
    out.push('\n');
    out
}

fn pledge_progress(p: &crate::ledger::Pledge) -> String {
    match (p.target, &p.measure) {
        (Some(t), Some(m)) => format!("{}/{}{m}", number(p.progress.unwrap_or(0.0)), number(t)),
        _ => "—".to_string(),
    }
}

fn txt_groups(out: &mut String, ledger: &Ledger, groups: &[Group]) {
    if groups.is_empty() {
        out.push_str("无。\n\n");
        return;
    }
    for g in groups {
        out.push_str(&format!("（{}）\n", ledger.unit_name(g.unit)));
        for (n, i) in g.items.iter().enumerate() {
            let (p, m) = names(ledger, i);
            out.push_str(&format!(
                "{}. [{}] {}——{}，期限{}，{}。\n",
                n + 1,
                colour_label(i.colour),
                p,
                m,
                cn_date(i.due),
                countdown(i).replace(' ', "")
            ));
        }
    }
    out.push('\n');
}

pub fn brief_txt(ledger: &Ledger, f: &Findings) -> String {
    let mut out = format!(
        "{} 周例会简报\n日期：{}　范围：{}　临期窗口：{}天\n\n",
        ledger.title,
        cn_date(f.today),
        scope(ledger, f),
        f.days
    );
    out.push_str(&format!(
        "一、逾期节点（红色{}个，黄色{}个）\n",
        f.count(Colour::Red),
        f.count(Colour::Yellow)
    ));
    txt_groups(&mut out, ledger, &f.overdue);
    out.push_str(&format!(
        "二、{}天内到期节点（{}个）\n",
        f.days,
        f.due_soon_count()
    ));
    txt_groups(&mut out, ledger, &f.due_soon);
    out.push_str(&format!("三、到期承诺（{}项）\n", f.pledges.len()));
    if f.pledges.is_empty() {
        out.push_str("无。\n");
    }
    for (n, pd) in f.pledges.iter().enumerate() {
        let p = &ledger.units[pd.unit].pledges[pd.pledge];
        out.push_str(&format!(
            "{}. {}：{}，期限{}，进度{}。\n",
            n + 1,
            ledger.unit_name(pd.unit),
            p.text,
            cn_date(pd.due),
            pledge_progress(p)
        ));
    }
    out.push('\n');
    out.push_str(&format!(
        "四、投资序时进度滞后项目（{}个）\n",
        f.lagging.len()
    ));
    if f.lagging.is_empty() {
        out.push_str("无。\n");
    }
    for (n, l) in f.lagging.iter().enumerate() {
        let p = &ledger.projects[l.project];
        out.push_str(&format!(
            "{}. {}（{}）：完成年度计划{:.1}%，序时进度{:.1}%，滞后{:.1}个百分点。\n",
            n + 1,
            p.name,
            ledger.unit_name(p.lead),
            l.lag.done_pct,
            l.lag.elapsed_pct,
            -l.lag.gap_points
        ));
    }
    out.push('\n');
    out.push_str("五、小结\n");
    out.push_str(&summary(ledger, f));
    out.push('\n');
    out
}

fn item_row(ledger: &Ledger, section: &str, i: &Item) -> Vec<Cell> {
    let (p, m) = names(ledger, i);
    vec![
        section.into(),
        ledger.unit_name(i.unit).into(),
        p.into(),
        m.into(),
        i.due.to_string().into(),
        colour_label(i.colour).into(),
        Cell::Number(i.days_late as f64),
    ]
}

pub fn brief_csv(ledger: &Ledger, f: &Findings, bom: bool) -> String {
    let mut csv = Csv::new(bom);
    csv.row(
        [
            "类别",
            "单位",
            "项目",
            "节点/承诺",
            "期限",
            "预警",
            "逾期天数",
        ]
        .map(Cell::from),
    );
    for g in &f.overdue {
        for i in &g.items {
            csv.row(item_row(ledger, "逾期节点", i));
        }
    }
    for g in &f.due_soon {
        for i in &g.items {
            csv.row(item_row(ledger, "临期节点", i));
        }
    }
    for pd in &f.pledges {
        let p = &ledger.units[pd.unit].pledges[pd.pledge];
        csv.row([
            "到期承诺".into(),
            ledger.unit_name(pd.unit).into(),
            Cell::Empty,
            p.text.as_str().into(),
            pd.due.to_string().into(),
            Cell::Empty,
            Cell::Number((f.today - pd.due).num_days() as f64),
        ]);
    }
    for l in &f.lagging {
        let p = &ledger.projects[l.project];
        csv.row([
            "投资滞后".into(),
            ledger.unit_name(p.lead).into(),
            p.name.as_str().into(),
            format!("差距 {:.1} 个百分点", l.lag.gap_points).into(),
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
        ]);
    }
    csv.finish()
}

/// The warning notice (督查通报): red and yellow milestones by severity, with who answers.
pub fn notice(ledger: &Ledger, f: &Findings, format: Format, bom: bool) -> String {
    let items: Vec<&Item> = f.overdue.iter().flat_map(|g| &g.items).collect();
    let mut sorted = items.clone();
    sorted.sort_by(|a, b| {
        b.colour
            .cmp(&a.colour)
            .then(b.days_late.cmp(&a.days_late))
            .then(
                ledger.projects[a.project]
                    .name
                    .cmp(&ledger.projects[b.project].name),
            )
            .then(a.milestone.cmp(&b.milestone))
    });
    let who = |u: usize| {
        let unit = &ledger.units[u];
        match (&unit.title, &unit.leader) {
            (Some(t), Some(l)) => format!("{t} {l}"),
            (None, Some(l)) => l.clone(),
            _ => String::new(),
        }
    };
    if format == Format::Csv {
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
            ]
            .map(Cell::from),
        );
        for (n, i) in sorted.iter().enumerate() {
            let (p, m) = names(ledger, i);
            csv.row([
                Cell::Number((n + 1) as f64),
                colour_label(i.colour).into(),
                ledger.unit_name(i.unit).into(),
                who(i.unit).into(),
                p.into(),
                m.into(),
                i.due.to_string().into(),
                Cell::Number(i.days_late as f64),
            ]);
        }
        return csv.finish();
    }
    let md = format == Format::Md;
    let office = ledger.office.as_deref().unwrap_or("项目建设攻坚办公室");
    let mut out = String::new();
    out.push_str(if md {
        "# 督查通报\n\n"
    } else {
        "督查通报\n\n"
    });
    out.push_str(&format!("{office}　{}\n\n", cn_date(f.today)));
    out.push_str(&format!(
        "根据《{}》，截至{}，{}逾期未完成节点共 {} 个，其中红色预警（严重逾期）{} 个、黄色预警（逾期）{} 个；\
         投资序时进度滞后项目 {} 个。现予通报：\n\n",
        ledger.title,
        cn_date(f.today),
        if f.unit.is_some() { scope(ledger, f) } else { String::new() },
        sorted.len(),
        f.count(Colour::Red),
        f.count(Colour::Yellow),
        f.lagging.len()
    ));
    let sections = [
        (Colour::Red, "一、红色预警（逾期超过", "天）"),
        (Colour::Yellow, "二、黄色预警（逾期", "天以内）"),
    ];
    for (colour, head, tail) in sections {
        let heading = format!("{head}{}{tail}", ledger.thresholds.red_days);
        out.push_str(&if md {
            format!("## {heading}\n\n")
        } else {
            format!("{heading}\n")
        });
        let list: Vec<&&Item> = sorted.iter().filter(|i| i.colour == colour).collect();
        if list.is_empty() {
            out.push_str("无。\n");
        }
        for (n, i) in list.iter().enumerate() {
            let (p, m) = names(ledger, i);
            let person = who(i.unit);
            let person = if person.is_empty() {
                String::new()
            } else {
                format!("（{person}）")
            };
            out.push_str(&format!(
                "{}. {}{}：{}——{}，期限{}，逾期{}天。\n",
                n + 1,
                ledger.unit_name(i.unit),
                person,
                p,
                m,
                cn_date(i.due),
                i.days_late
            ));
        }
        out.push('\n');
    }
    let heading = "三、投资序时进度滞后";
    out.push_str(&if md {
        format!("## {heading}\n\n")
    } else {
        format!("{heading}\n")
    });
    if f.lagging.is_empty() {
        out.push_str("无。\n");
    }
    for (n, l) in f.lagging.iter().enumerate() {
        let p = &ledger.projects[l.project];
        out.push_str(&format!(
            "{}. {}（{}）：年度计划完成{:.1}%，低于序时进度{:.1}个百分点。\n",
            n + 1,
            p.name,
            ledger.unit_name(p.lead),
            l.lag.done_pct,
            -l.lag.gap_points
        ));
    }
    out.push('\n');
    out.push_str(&format!(
        "请以上单位对照时间节点抓紧整改，于一周内将整改情况报{office}。\n"
    ));
    out
}

/// Units ranked (考核): on-time rate, then fewer reds, then pledge attainment; ties share a rank.
pub fn scorecard(
    ledger: &Ledger,
    rows: &[ScoreRow],
    stats: &[UnitStats],
    today: NaiveDate,
    format: Format,
    bom: bool,
) -> String {
    let rate = |s: &UnitStats| percent(s.on_time_rate());
    match format {
        Format::Csv => {
            let mut csv = Csv::new(bom);
            csv.row(
                [
                    "名次",
                    "单位",
                    "按期率",
                    "红",
                    "黄",
                    "蓝",
                    "绿",
                    "承诺完成度",
                    "到期节点",
                    "按期完成",
                ]
                .map(Cell::from),
            );
            for r in rows {
                let s = &stats[r.unit];
                let opt = |x: Option<f64>| {
                    x.map_or(Cell::Empty, |v| Cell::Number((v * 1000.0).round() / 10.0))
                };
                csv.row([
                    Cell::Number(r.rank as f64),
                    ledger.unit_name(r.unit).into(),
                    opt(s.on_time_rate()),
                    Cell::Number(s.counts.red as f64),
                    Cell::Number(s.counts.yellow as f64),
                    Cell::Number(s.counts.blue as f64),
                    Cell::Number(s.counts.green as f64),
                    opt(s.pledge_attainment),
                    Cell::Number(s.due_so_far as f64),
                    Cell::Number(s.on_time as f64),
                ]);
            }
            csv.finish()
        }
        Format::Md => {
            let mut out = format!(
                "# {} 单位考核排名\n\n截至{}。排名依据：按期率（高者在前），其次红色预警数（少者在前），再次承诺完成度（高者在前）；并列者名次相同。\n\n",
                ledger.title,
                cn_date(today)
            );
            out.push_str("| 名次 | 单位 | 按期率 | ✗红 | !黄 | ►蓝 | ✓绿 | 承诺完成度 |\n| --- | --- | --- | --- | --- | --- | --- | --- |\n");
            for r in rows {
                let s = &stats[r.unit];
                out.push_str(&format!(
                    "| {} | {} | {} | {} | {} | {} | {} | {} |\n",
                    r.rank,
                    md_escape(ledger.unit_name(r.unit)),
                    rate(s),
                    s.counts.red,
                    s.counts.yellow,
                    s.counts.blue,
                    s.counts.green,
                    percent(s.pledge_attainment)
                ));
            }
            out
        }
        Format::Txt => {
            let mut out = format!("{} 单位考核排名\n截至{}\n\n", ledger.title, cn_date(today));
            for r in rows {
                let s = &stats[r.unit];
                out.push_str(&format!(
                    "第{}名　{}　按期率{}　红{} 黄{} 蓝{} 绿{}　承诺完成度{}\n",
                    r.rank,
                    ledger.unit_name(r.unit),
                    rate(s),
                    s.counts.red,
                    s.counts.yellow,
                    s.counts.blue,
                    s.counts.green,
                    percent(s.pledge_attainment)
                ));
            }
            out
        }
    }
}
