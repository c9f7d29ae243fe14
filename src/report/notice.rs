//! The warning notice (督查通报): every red and yellow milestone with the unit and the
//! official who answers for it, most serious first, the projects whose investment lags, and
//! the milestones re-planned (倒排工期) whose first or current due date has passed.

use super::csv::{Cell, Csv};
use super::data::{Findings, Item};
use super::format::{
    Format, colour_label, countdown, heading, long_date, md_escape, md_escape_line, moved, number,
    one_decimal, scope, unit_leader,
};
use super::words::Words;
use crate::lang::fill;
use crate::ledger::Ledger;
use crate::rules::Colour;

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

pub fn render(w: &Words, ledger: &Ledger, f: &Findings, format: Format, bom: bool) -> String {
    match format {
        Format::Csv => csv(w, ledger, f, bom),
        Format::Md => text(w, ledger, f, true),
        Format::Txt => text(w, ledger, f, false),
    }
}

/// "（党组书记、主任 余莉）" after a unit, or nothing when the ledger names nobody.
fn leader_after(w: &Words, leader: &str) -> String {
    if leader.is_empty() {
        String::new()
    } else {
        fill(w.notice_leader, &[&leader])
    }
}

fn text(w: &Words, ledger: &Ledger, f: &Findings, md: bool) -> String {
    let items = by_severity(ledger, f);
    // Ledger text is escaped in Markdown, so it is always shown literally.
    let esc = |s: &str| if md { md_escape(s) } else { s.to_string() };
    let office_raw = ledger.office.as_deref().unwrap_or(w.default_office);
    let office = esc(office_raw);
    // The office also begins lines, where `-` or `1.` would start a list.
    let office_line = if md {
        md_escape_line(office_raw)
    } else {
        office_raw.to_string()
    };
    let today = long_date(w, f.today);
    let mut out = String::new();
    if md {
        out.push_str("# ");
    }
    out.push_str(w.notice_title);
    out.push_str("\n\n");
    out.push_str(&fill(w.notice_sender, &[&office_line, &today]));
    out.push_str("\n\n");
    out.push_str(w.notice_subject);
    out.push_str("\n\n");
    let whom = if f.unit.is_some() {
        fill(w.notice_whom, &[&esc(&scope(w, ledger, f))])
    } else {
        String::new()
    };
    let red_days = ledger.thresholds.red_days;
    out.push_str(&fill(
        w.notice_intro,
        &[
            &esc(&ledger.title),
            &today,
            &whom,
            &items.len(),
            &red_days,
            &f.count(Colour::Red),
            &red_days,
            &f.count(Colour::Yellow),
            &f.lagging.len(),
        ],
    ));
    out.push_str("\n\n");

    let sections = [
        (Colour::Red, w.notice_red),
        (Colour::Yellow, w.notice_yellow),
    ];
    for (colour, title) in sections {
        heading(&mut out, md, title);
        let list: Vec<&&Item> = items.iter().filter(|i| i.colour == colour).collect();
        if list.is_empty() {
            out.push_str(w.none);
            out.push('\n');
        }
        for (n, i) in list.iter().enumerate() {
            let (p, m) = names(ledger, i);
            let leader = leader_after(w, &esc(&unit_leader(ledger, i.unit)));
            out.push_str(&fill(
                w.notice_line,
                &[
                    &(n + 1),
                    &esc(ledger.unit_name(i.unit)),
                    &leader,
                    &esc(p),
                    &esc(m),
                    &long_date(w, i.due),
                    // Every item here is overdue: "逾期N天".
                    &countdown(w, i.days_late, true),
                ],
            ));
            out.push('\n');
        }
        out.push('\n');
    }

    heading(&mut out, md, w.notice_lag);
    if f.lagging.is_empty() {
        out.push_str(w.none);
        out.push('\n');
    }
    for (n, l) in f.lagging.iter().enumerate() {
        let p = &ledger.projects[l.project];
        let inv = p.investment.unwrap_or_default();
        out.push_str(&fill(
            w.notice_lag_line,
            &[
                &(n + 1),
                &esc(&p.name),
                &esc(ledger.unit_name(p.lead)),
                &number(inv.plan.unwrap_or(0.0)),
                &number(inv.done.unwrap_or(0.0)),
                &format!("{:.1}", l.lag.done_pct),
                &format!("{:.1}", l.lag.elapsed_pct),
                &format!("{:.1}", -l.lag.gap_points),
            ],
        ));
        out.push('\n');
    }
    out.push('\n');

    heading(&mut out, md, w.notice_replans);
    if f.replans_past.is_empty() {
        out.push_str(w.none);
        out.push('\n');
    }
    for (n, r) in f.replans_past.iter().enumerate() {
        let p = &ledger.projects[r.project];
        let leader = leader_after(w, &esc(&unit_leader(ledger, r.unit)));
        out.push_str(&fill(
            w.notice_replan_line,
            &[
                &(n + 1),
                &esc(ledger.unit_name(r.unit)),
                &leader,
                &esc(&p.name),
                &esc(&p.milestones[r.milestone].name),
                &long_date(w, r.baseline),
                &long_date(w, r.due),
                &moved(w, r.moved_days, true),
            ],
        ));
        out.push('\n');
    }
    out.push('\n');
    // Nothing to rectify: a notice still goes out, but must not order rectification.
    let closing = if items.is_empty() && f.lagging.is_empty() {
        w.notice_keep_on.to_string()
    } else {
        fill(w.notice_rectify, &[&office])
    };
    out.push_str(&format!("{closing}\n\n{office_line}\n{today}\n"));
    out
}

/// One row per flagged item: the milestones, the lagging projects, then the re-planned
/// milestones, with days and percentages as numbers.
fn csv(w: &Words, ledger: &Ledger, f: &Findings, bom: bool) -> String {
    let mut csv = Csv::new(bom);
    csv.row(w.notice_csv_columns.map(Cell::from));
    let items = by_severity(ledger, f);
    for (n, i) in items.iter().enumerate() {
        let (p, m) = names(ledger, i);
        csv.row([
            Cell::Number((n + 1) as f64),
            colour_label(w, i.colour).into(),
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
            w.section_lag.into(),
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
            w.section_replan.into(),
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
