//! The weekly-meeting brief (周例会简报): overdue and due-soon milestones by unit, pledges
//! due, projects whose investment lags the year, and a summary paragraph.

use super::csv::{Cell, Csv};
use super::data::{Findings, Group, Item, Lagging, PledgeDue, Replan};
use super::format::{
    NONE, NOT_REPORTED, cn_date, colour_label, countdown, countdown_tight, heading, md_escape,
    md_row, md_table_head, month_figure, moved, moved_tight, number, one_decimal, pledge_progress,
    scope,
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

fn replans_heading(f: &Findings, tight: bool) -> String {
    let (n, days) = (f.replans_ahead.len(), f.days);
    if tight {
        format!("五、期限调整节点（{n}个，原定或调整后期限在{days}天内）")
    } else {
        format!("五、期限调整节点（{n} 个，原定或调整后期限在 {days} 天内）")
    }
}

const SUMMARY_HEADING: &str = "六、小结";

fn replan_names<'a>(ledger: &'a Ledger, r: &Replan) -> (&'a str, &'a str) {
    let p = &ledger.projects[r.project];
    (p.name.as_str(), p.milestones[r.milestone].name.as_str())
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
         逾期未完成节点{s}{}{s}个，{}{s}天内到期节点{s}{}{s}个，到期承诺{s}{}{s}项，投资序时进度滞后项目{s}{}{s}个，期限调整节点{s}{}{s}个{}。",
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
        f.replans_ahead.len(),
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
                "本月完成（亿元）",
                "累计完成/计划（亿元）",
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
                    month_figure(l.this_month),
                    format!("{}/{}", number(l.done), number(inv.plan.unwrap_or(0.0))),
                    format!("{:.1}%", l.lag.done_pct),
                    format!("{:.1}%", l.lag.elapsed_pct),
                    format!("{:.1}", l.lag.gap_points),
                ],
            );
        }
    }
    out.push('\n');

    heading(&mut out, true, &replans_heading(f, false));
    if f.replans_ahead.is_empty() {
        out.push_str(NONE);
        out.push('\n');
    } else {
        md_table_head(
            &mut out,
            &["单位", "项目", "节点", "原定期限", "现期限", "调整"],
        );
        for r in &f.replans_ahead {
            let (p, m) = replan_names(ledger, r);
            md_row(
                &mut out,
                &[
                    ledger.unit_name(r.unit).to_string(),
                    p.to_string(),
                    m.to_string(),
                    r.baseline.to_string(),
                    r.due.to_string(),
                    moved(r.moved_days),
                ],
            );
        }
    }
    out.push('\n');

    heading(&mut out, true, SUMMARY_HEADING);
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
        let month = l.this_month.map_or_else(
            || NOT_REPORTED.to_string(),
            |x| format!("{}亿元", number(x)),
        );
        out.push_str(&format!(
            "{}. {}（{}）：本月完成{month}，累计完成{}亿元，完成年度计划{:.1}%，序时进度{:.1}%，滞后{:.1}个百分点。\n",
            n + 1,
            p.name,
            ledger.unit_name(p.lead),
            number(l.done),
            l.lag.done_pct,
            l.lag.elapsed_pct,
            -l.lag.gap_points
        ));
    }
    out.push('\n');

    heading(&mut out, false, &replans_heading(f, true));
    if f.replans_ahead.is_empty() {
        out.push_str(NONE);
        out.push('\n');
    }
    for (n, r) in f.replans_ahead.iter().enumerate() {
        let (p, m) = replan_names(ledger, r);
        out.push_str(&format!(
            "{}. {}：{p}——{m}，原定期限{}，调整为{}，{}。\n",
            n + 1,
            ledger.unit_name(r.unit),
            cn_date(r.baseline),
            cn_date(r.due),
            moved_tight(r.moved_days)
        ));
    }
    out.push('\n');

    heading(&mut out, false, SUMMARY_HEADING);
    out.push_str(&summary(ledger, f, true));
    out.push('\n');
    out
}

/// One sheet for Excel: a row per milestone, pledge, lagging project and re-planned
/// milestone, with the days, percentages and amounts as numbers so they sort and sum (a
/// month without an entry is the text 未报, never 0).
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
            "本月完成（亿元）",
            "累计完成（亿元）",
            "原定期限",
            "调整天数（负数为提前）",
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
            Cell::Empty,
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
            Cell::Empty,
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
            l.this_month
                .map_or_else(|| NOT_REPORTED.into(), Cell::Number),
            Cell::Number(l.done),
            Cell::Empty,
            Cell::Empty,
        ]);
    }
    for r in &f.replans_ahead {
        let (p, m) = replan_names(ledger, r);
        csv.row([
            "期限调整".into(),
            ledger.unit_name(r.unit).into(),
            p.into(),
            m.into(),
            r.due.to_string().into(),
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
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
