//! The weekly-meeting brief (周例会简报): overdue and due-soon milestones by unit, pledges
//! due, projects whose investment lags the year, and a summary paragraph.

use super::csv::{Cell, Csv};
use super::data::{Findings, Group, Item, Lagging, PledgeDue};
use super::format::{
    NONE, cn_date, colour_label, countdown, countdown_tight, heading, md_escape, md_row,
    md_table_head, number, one_decimal, pledge_progress, scope,
};
use crate::ledger::{Ledger, Pledge, Project};
use crate::rules::Colour;

fn names<'a>(ledger: &'a Ledger, item: &Item) -> (&'a str, &'a str) {
    let p = &ledger.projects[item.project];
    (p.name.as_str(), p.milestones[item.milestone].name.as_str())
}

fn pledge<'a>(ledger: &'a Ledger, pd: &PledgeDue) -> &'a Pledge {
    &ledger.units[pd.unit].pledges[pd.pledge]
}

fn project<'a>(ledger: &'a Ledger, l: &Lagging) -> &'a Project {
    &ledger.projects[l.project]
}

/// "# 二七区…台账 周例会简报（2018年6月15日）" without the `# `.
fn title(ledger: &Ledger, f: &Findings) -> String {
    format!("{} 周例会简报（{}）", ledger.title, cn_date(f.today))
}

fn overdue_heading(f: &Findings, tight: bool) -> String {
    let (red, yellow) = (f.count(Colour::Red), f.count(Colour::Yellow));
    if tight {
        format!("一、逾期节点（红色{red}个，黄色{yellow}个）")
    } else {
        format!("一、逾期节点（红色 {red} 个，黄色 {yellow} 个）")
    }
}

fn due_soon_heading(f: &Findings, tight: bool) -> String {
    let (days, n) = (f.days, f.due_soon_count());
    if tight {
        format!("二、{days}天内到期节点（{n}个）")
    } else {
        format!("二、{days} 天内到期节点（{n} 个）")
    }
}

fn pledges_heading(f: &Findings, tight: bool) -> String {
    let n = f.pledges.len();
    if tight {
        format!("三、到期承诺（{n}项）")
    } else {
        format!("三、到期承诺（{n} 项）")
    }
}

fn lag_heading(ledger: &Ledger, f: &Findings, tight: bool) -> String {
    let (n, points) = (f.lagging.len(), number(ledger.thresholds.lag_points));
    if tight {
        format!("四、投资序时进度滞后项目（{n}个，滞后超过{points}个百分点）")
    } else {
        format!("四、投资序时进度滞后项目（{n} 个，滞后超过 {points} 个百分点）")
    }
}

/// The closing paragraph: the counts the meeting asks for first. `tight` drops the spaces
/// around figures, as running text in a document has none.
fn summary(ledger: &Ledger, f: &Findings, tight: bool) -> String {
    let t = &f.totals;
    let c = &t.counts;
    let s = if tight { "" } else { " " };
    let plan = t.plan_share().map_or_else(String::new, |x| {
        format!("，年度计划投资完成{s}{:.1}%", x * 100.0)
    });
    format!(
        "截至{}，{}共有项目{s}{}{s}个、节点{s}{}{s}个，其中红色预警{s}{}{s}个、黄色{s}{}{s}个、蓝色{s}{}{s}个、绿色{s}{}{s}个；\
         逾期未完成节点{s}{}{s}个，{}{s}天内到期节点{s}{}{s}个，到期承诺{s}{}{s}项，投资序时进度滞后项目{s}{}{s}个{}。",
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

fn md_groups(out: &mut String, ledger: &Ledger, groups: &[Group]) {
    if groups.is_empty() {
        out.push_str(NONE);
        out.push_str("\n\n");
        return;
    }
    for g in groups {
        out.push_str(&format!(
            "### {}（{} 个）\n\n",
            md_escape(ledger.unit_name(g.unit)),
            g.items.len()
        ));
        md_table_head(out, &["预警", "项目", "节点", "期限", "倒计时"]);
        for i in &g.items {
            let (p, m) = names(ledger, i);
            md_row(
                out,
                &[
                    colour_label(i.colour).to_string(),
                    p.to_string(),
                    m.to_string(),
                    i.due.to_string(),
                    countdown(i.days_late),
                ],
            );
        }
        out.push('\n');
    }
}

pub fn md(ledger: &Ledger, f: &Findings) -> String {
    let mut out = format!(
        "# {}\n\n范围：{}　临期窗口：{} 天\n\n",
        md_escape(&title(ledger, f)),
        md_escape(&scope(ledger, f)),
        f.days
    );
    heading(&mut out, true, &overdue_heading(f, false));
    md_groups(&mut out, ledger, &f.overdue);
    heading(&mut out, true, &due_soon_heading(f, false));
    md_groups(&mut out, ledger, &f.due_soon);

    heading(&mut out, true, &pledges_heading(f, false));
    if f.pledges.is_empty() {
        out.push_str(NONE);
        out.push('\n');
    } else {
        md_table_head(&mut out, &["单位", "承诺", "期限", "倒计时", "进度"]);
        for pd in &f.pledges {
            let p = pledge(ledger, pd);
            md_row(
                &mut out,
                &[
                    ledger.unit_name(pd.unit).to_string(),
                    p.text.to_string(),
                    pd.due.to_string(),
                    countdown(pd.days_late),
                    pledge_progress(p),
                ],
            );
        }
    }
    out.push('\n');

    heading(&mut out, true, &lag_heading(ledger, f, false));
    if f.lagging.is_empty() {
        out.push_str(NONE);
        out.push('\n');
    } else {
        md_table_head(
            &mut out,
            &[
                "项目",
                "责任单位",
                "完成/计划（亿元）",
                "完成率",
                "序时进度",
                "差距（百分点）",
            ],
        );
        for l in &f.lagging {
            let p = project(ledger, l);
            let inv = p.investment.unwrap_or_default();
            md_row(
                &mut out,
                &[
                    p.name.to_string(),
                    ledger.unit_name(p.lead).to_string(),
                    format!(
                        "{}/{}",
                        number(inv.done.unwrap_or(0.0)),
                        number(inv.plan.unwrap_or(0.0))
                    ),
                    format!("{:.1}%", l.lag.done_pct),
                    format!("{:.1}%", l.lag.elapsed_pct),
                    format!("{:.1}", l.lag.gap_points),
                ],
            );
        }
    }
    out.push('\n');

    heading(&mut out, true, "五、小结");
    out.push_str(&md_escape(&summary(ledger, f, false)));
    out.push('\n');
    out
}

fn txt_groups(out: &mut String, ledger: &Ledger, groups: &[Group]) {
    if groups.is_empty() {
        out.push_str(NONE);
        out.push('\n');
    }
    for g in groups {
        out.push_str(&format!(
            "（{}，{}个）\n",
            ledger.unit_name(g.unit),
            g.items.len()
        ));
        for (n, i) in g.items.iter().enumerate() {
            let (p, m) = names(ledger, i);
            out.push_str(&format!(
                "{}. [{}] {}——{}，期限{}，{}。\n",
                n + 1,
                colour_label(i.colour),
                p,
                m,
                cn_date(i.due),
                countdown_tight(i.days_late)
            ));
        }
    }
    out.push('\n');
}

/// Plain text for pasting into a Word document: no Markdown symbols, numbered lines.
pub fn txt(ledger: &Ledger, f: &Findings) -> String {
    let mut out = format!(
        "{}\n范围：{}　临期窗口：{}天\n\n",
        title(ledger, f),
        scope(ledger, f),
        f.days
    );
    heading(&mut out, false, &overdue_heading(f, true));
    txt_groups(&mut out, ledger, &f.overdue);
    heading(&mut out, false, &due_soon_heading(f, true));
    txt_groups(&mut out, ledger, &f.due_soon);

    heading(&mut out, false, &pledges_heading(f, true));
    if f.pledges.is_empty() {
        out.push_str(NONE);
        out.push('\n');
    }
    for (n, pd) in f.pledges.iter().enumerate() {
        let p = pledge(ledger, pd);
        // Progress only where the pledge has a target to measure it against.
        let progress = if p.target.is_some() {
            format!("，进度{}", pledge_progress(p))
        } else {
            String::new()
        };
        out.push_str(&format!(
            "{}. {}：{}，期限{}，{}{progress}。\n",
            n + 1,
            ledger.unit_name(pd.unit),
            p.text,
            cn_date(pd.due),
            countdown_tight(pd.days_late),
        ));
    }
    out.push('\n');

    heading(&mut out, false, &lag_heading(ledger, f, true));
    if f.lagging.is_empty() {
        out.push_str(NONE);
        out.push('\n');
    }
    for (n, l) in f.lagging.iter().enumerate() {
        let p = project(ledger, l);
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

    heading(&mut out, false, "五、小结");
    out.push_str(&summary(ledger, f, true));
    out.push('\n');
    out
}

/// One sheet for Excel: a row per milestone, pledge and lagging project, with the days and
/// percentages as numbers so they sort and sum.
pub fn csv(ledger: &Ledger, f: &Findings, bom: bool) -> String {
    let mut csv = Csv::new(bom);
    csv.row(
        [
            "类别",
            "单位",
            "项目",
            "节点/承诺",
            "期限",
            "预警",
            "逾期天数（负数为剩余天数）",
            "投资完成率（%）",
            "序时进度（%）",
            "差距（百分点）",
        ]
        .map(Cell::from),
    );
    let milestone_row = |section: &str, i: &Item| {
        let (p, m) = names(ledger, i);
        vec![
            section.into(),
            ledger.unit_name(i.unit).into(),
            p.into(),
            m.into(),
            i.due.to_string().into(),
            colour_label(i.colour).into(),
            Cell::Number(i.days_late as f64),
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
        ]
    };
    for i in f.overdue.iter().flat_map(|g| &g.items) {
        csv.row(milestone_row("逾期节点", i));
    }
    for i in f.due_soon.iter().flat_map(|g| &g.items) {
        csv.row(milestone_row("临期节点", i));
    }
    for pd in &f.pledges {
        csv.row([
            "到期承诺".into(),
            ledger.unit_name(pd.unit).into(),
            Cell::Empty,
            pledge(ledger, pd).text.as_str().into(),
            pd.due.to_string().into(),
            Cell::Empty,
            Cell::Number(pd.days_late as f64),
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
        ]);
    }
    for l in &f.lagging {
        let p = project(ledger, l);
        csv.row([
            "投资滞后".into(),
            ledger.unit_name(p.lead).into(),
            p.name.as_str().into(),
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            Cell::Number(one_decimal(l.lag.done_pct)),
            Cell::Number(one_decimal(l.lag.elapsed_pct)),
            Cell::Number(one_decimal(l.lag.gap_points)),
        ]);
    }
    csv.finish()
}
