//! The weekly-meeting brief (周例会简报): overdue and due-soon milestones by unit, pledges
//! due, projects whose investment lags the year, and a summary paragraph.

use super::csv::{Cell, Csv};
use super::data::{Findings, Group, Item, Lagging, PledgeDue, Replan};
use super::format::{
    colour_label, countdown, heading, long_date, md_escape, md_row, md_table_head, month_figure,
    moved, number, one_decimal, pledge_progress, scope,
};
use super::words::Words;
use crate::lang::fill;
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

/// "二七区…台账 周例会简报（2018年6月15日）", the title without the `# `.
fn title(w: &Words, ledger: &Ledger, f: &Findings) -> String {
    fill(w.brief_title, &[&ledger.title, &long_date(w, f.today)])
}

/// The headings; `tight` (plain text) drops the spaces around figures.
fn overdue_heading(w: &Words, f: &Findings, tight: bool) -> String {
    let (red, yellow) = (f.count(Colour::Red), f.count(Colour::Yellow));
    fill(w.overdue_heading[usize::from(tight)], &[&red, &yellow])
}

fn due_soon_heading(w: &Words, f: &Findings, tight: bool) -> String {
    let (days, n) = (f.days, f.due_soon_count());
    fill(w.due_soon_heading[usize::from(tight)], &[&days, &n])
}

fn pledges_heading(w: &Words, f: &Findings, tight: bool) -> String {
    fill(w.pledges_heading[usize::from(tight)], &[&f.pledges.len()])
}

fn lag_heading(w: &Words, ledger: &Ledger, f: &Findings, tight: bool) -> String {
    let (n, points) = (f.lagging.len(), number(ledger.thresholds.lag_points));
    fill(w.lag_heading[usize::from(tight)], &[&n, &points])
}

fn replans_heading(w: &Words, f: &Findings, tight: bool) -> String {
    let (n, days) = (f.replans_ahead.len(), f.days);
    fill(w.replans_heading[usize::from(tight)], &[&n, &days])
}

fn replan_names<'a>(ledger: &'a Ledger, r: &Replan) -> (&'a str, &'a str) {
    let p = &ledger.projects[r.project];
    (p.name.as_str(), p.milestones[r.milestone].name.as_str())
}

/// The closing paragraph: the counts the meeting asks for first. `tight` drops the spaces
/// around figures, as running text in a document has none.
fn summary(w: &Words, ledger: &Ledger, f: &Findings, tight: bool) -> String {
    let t = &f.totals;
    let c = &t.counts;
    let i = usize::from(tight);
    let plan = t.plan_share().map_or_else(String::new, |x| {
        fill(w.summary_plan[i], &[&format!("{:.1}", x * 100.0)])
    });
    fill(
        w.summary[i],
        &[
            &long_date(w, f.today),
            &scope(w, ledger, f),
            &t.projects,
            &t.milestones,
            &c.red,
            &c.yellow,
            &c.blue,
            &c.green,
            &(f.count(Colour::Red) + f.count(Colour::Yellow)),
            &f.days,
            &f.due_soon_count(),
            &f.pledges.len(),
            &f.lagging.len(),
            &f.replans_ahead.len(),
            &plan,
        ],
    )
}

fn md_groups(out: &mut String, w: &Words, ledger: &Ledger, groups: &[Group]) {
    if groups.is_empty() {
        out.push_str(w.none);
        out.push_str("\n\n");
        return;
    }
    for g in groups {
        let unit = md_escape(ledger.unit_name(g.unit));
        out.push_str("### ");
        out.push_str(&fill(w.group_md, &[&unit, &g.items.len()]));
        out.push_str("\n\n");
        md_table_head(out, &w.milestone_columns);
        for i in &g.items {
            let (p, m) = names(ledger, i);
            md_row(
                out,
                &[
                    colour_label(w, i.colour).to_string(),
                    p.to_string(),
                    m.to_string(),
                    i.due.to_string(),
                    countdown(w, i.days_late, false),
                ],
            );
        }
        out.push('\n');
    }
}

/// A section's body: `none` when it is empty.
fn none_if_empty(out: &mut String, w: &Words, empty: bool) {
    if empty {
        out.push_str(w.none);
        out.push('\n');
    }
}

pub fn md(w: &Words, ledger: &Ledger, f: &Findings) -> String {
    let mut out = format!("# {}\n\n", md_escape(&title(w, ledger, f)));
    let scope_line = fill(
        w.brief_scope[0],
        &[&md_escape(&scope(w, ledger, f)), &f.days],
    );
    out.push_str(&scope_line);
    out.push_str("\n\n");
    heading(&mut out, true, &overdue_heading(w, f, false));
    md_groups(&mut out, w, ledger, &f.overdue);
    heading(&mut out, true, &due_soon_heading(w, f, false));
    md_groups(&mut out, w, ledger, &f.due_soon);

    heading(&mut out, true, &pledges_heading(w, f, false));
    none_if_empty(&mut out, w, f.pledges.is_empty());
    if !f.pledges.is_empty() {
        md_table_head(&mut out, &w.pledge_columns);
        for pd in &f.pledges {
            let p = pledge(ledger, pd);
            md_row(
                &mut out,
                &[
                    ledger.unit_name(pd.unit).to_string(),
                    p.text.to_string(),
                    pd.due.to_string(),
                    countdown(w, pd.days_late, false),
                    pledge_progress(p),
                ],
            );
        }
    }
    out.push('\n');

    heading(&mut out, true, &lag_heading(w, ledger, f, false));
    none_if_empty(&mut out, w, f.lagging.is_empty());
    if !f.lagging.is_empty() {
        md_table_head(&mut out, &w.lag_columns);
        for l in &f.lagging {
            let p = project(ledger, l);
            let inv = p.investment.unwrap_or_default();
            md_row(
                &mut out,
                &[
                    p.name.to_string(),
                    ledger.unit_name(p.lead).to_string(),
                    month_figure(w, l.this_month),
                    format!("{}/{}", number(l.done), number(inv.plan.unwrap_or(0.0))),
                    format!("{:.1}%", l.lag.done_pct),
                    format!("{:.1}%", l.lag.elapsed_pct),
                    format!("{:.1}", l.lag.gap_points),
                ],
            );
        }
    }
    out.push('\n');

    heading(&mut out, true, &replans_heading(w, f, false));
    none_if_empty(&mut out, w, f.replans_ahead.is_empty());
    if !f.replans_ahead.is_empty() {
        md_table_head(&mut out, &w.replan_columns);
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
                    moved(w, r.moved_days, false),
                ],
            );
        }
    }
    out.push('\n');

    heading(&mut out, true, w.summary_heading);
    out.push_str(&md_escape(&summary(w, ledger, f, false)));
    out.push('\n');
    out
}

fn txt_groups(out: &mut String, w: &Words, ledger: &Ledger, groups: &[Group]) {
    none_if_empty(out, w, groups.is_empty());
    for g in groups {
        out.push_str(&fill(
            w.group_txt,
            &[&ledger.unit_name(g.unit), &g.items.len()],
        ));
        out.push('\n');
        for (n, i) in g.items.iter().enumerate() {
            let (p, m) = names(ledger, i);
            out.push_str(&fill(
                w.milestone_line,
                &[
                    &(n + 1),
                    &colour_label(w, i.colour),
                    &p,
                    &m,
                    &long_date(w, i.due),
                    &countdown(w, i.days_late, true),
                ],
            ));
            out.push('\n');
        }
    }
    out.push('\n');
}

/// Plain text for pasting into a Word document: no Markdown symbols, numbered lines.
pub fn txt(w: &Words, ledger: &Ledger, f: &Findings) -> String {
    let mut out = title(w, ledger, f);
    out.push('\n');
    out.push_str(&fill(w.brief_scope[1], &[&scope(w, ledger, f), &f.days]));
    out.push_str("\n\n");
    heading(&mut out, false, &overdue_heading(w, f, true));
    txt_groups(&mut out, w, ledger, &f.overdue);
    heading(&mut out, false, &due_soon_heading(w, f, true));
    txt_groups(&mut out, w, ledger, &f.due_soon);

    heading(&mut out, false, &pledges_heading(w, f, true));
    none_if_empty(&mut out, w, f.pledges.is_empty());
    for (n, pd) in f.pledges.iter().enumerate() {
        let p = pledge(ledger, pd);
        // Progress only where the pledge has a target to measure it against.
        let progress = if p.target.is_some() {
            fill(w.pledge_progress, &[&pledge_progress(p)])
        } else {
            String::new()
        };
        out.push_str(&fill(
            w.pledge_line,
            &[
                &(n + 1),
                &ledger.unit_name(pd.unit),
                &p.text,
                &long_date(w, pd.due),
                &countdown(w, pd.days_late, true),
                &progress,
            ],
        ));
        out.push('\n');
    }
    out.push('\n');

    heading(&mut out, false, &lag_heading(w, ledger, f, true));
    none_if_empty(&mut out, w, f.lagging.is_empty());
    for (n, l) in f.lagging.iter().enumerate() {
        let p = project(ledger, l);
        let month = l.this_month.map_or_else(
            || w.not_reported.to_string(),
            |x| fill(w.amount, &[&number(x)]),
        );
        out.push_str(&fill(
            w.lag_line,
            &[
                &(n + 1),
                &p.name,
                &ledger.unit_name(p.lead),
                &month,
                &number(l.done),
                &format!("{:.1}", l.lag.done_pct),
                &format!("{:.1}", l.lag.elapsed_pct),
                &format!("{:.1}", -l.lag.gap_points),
            ],
        ));
        out.push('\n');
    }
    out.push('\n');

    heading(&mut out, false, &replans_heading(w, f, true));
    none_if_empty(&mut out, w, f.replans_ahead.is_empty());
    for (n, r) in f.replans_ahead.iter().enumerate() {
        let (p, m) = replan_names(ledger, r);
        out.push_str(&fill(
            w.replan_line,
            &[
                &(n + 1),
                &ledger.unit_name(r.unit),
                &p,
                &m,
                &long_date(w, r.baseline),
                &long_date(w, r.due),
                &moved(w, r.moved_days, true),
            ],
        ));
        out.push('\n');
    }
    out.push('\n');

    heading(&mut out, false, w.summary_heading);
    out.push_str(&summary(w, ledger, f, true));
    out.push('\n');
    out
}

/// One sheet for Excel: a row per milestone, pledge, lagging project and re-planned
/// milestone, with the days, percentages and amounts as numbers so they sort and sum (a
/// month without an entry is the text 未报, never 0).
pub fn csv(w: &Words, ledger: &Ledger, f: &Findings, bom: bool) -> String {
    let mut csv = Csv::new(bom);
    csv.row(w.brief_csv_columns.map(Cell::from));
    let milestone_row = |section: &str, i: &Item| {
        let (p, m) = names(ledger, i);
        vec![
            section.into(),
            ledger.unit_name(i.unit).into(),
            p.into(),
            m.into(),
            i.due.to_string().into(),
            colour_label(w, i.colour).into(),
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
        csv.row(milestone_row(w.section_overdue, i));
    }
    for i in f.due_soon.iter().flat_map(|g| &g.items) {
        csv.row(milestone_row(w.section_due_soon, i));
    }
    for pd in &f.pledges {
        csv.row([
            w.section_pledge.into(),
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
            w.section_lag.into(),
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
                .map_or_else(|| w.not_reported.into(), Cell::Number),
            Cell::Number(l.done),
            Cell::Empty,
            Cell::Empty,
        ]);
    }
    for r in &f.replans_ahead {
        let (p, m) = replan_names(ledger, r);
        csv.row([
            w.section_replan.into(),
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
