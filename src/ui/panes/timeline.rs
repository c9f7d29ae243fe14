//! The timeline: milestones by due date grouped by month, and the wall chart (挂图作战).

use chrono::Datelike;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{block, colour_cell_width, colour_span, countdown_text, countdown_width, due_marked};
use crate::rules::{self, Colour};
use crate::ui::app::{App, TimelineRow};
use crate::ui::width::{pad, pad_distinct, width};

pub fn render_timeline(frame: &mut Frame, app: &App, area: Rect) {
    let t = app.text();
    let th = app.theme;
    let rows = app.timeline_rows();
    let count = app.derived.timeline_dues.count;
    let outer = block(th, format!(" {} {count} ", t.view_timeline), true);
    let inner = outer.inner(area);
    frame.render_widget(outer, area);
    let w = usize::from(inner.width);
    let height = usize::from(inner.height);
    let offset = app.timeline.visible_offset(rows.len(), height);
    let names = super::unit_names(app);
    let cw = colour_cell_width(app);
    let unit_w = if w >= 100 { 14 } else { 10 };
    // The due and countdown columns take their longest text among all rows, so they stay put
    // while scrolling (measured when the rows were built).
    let dues = &app.derived.timeline_dues;
    // One cell more for the re-planned mark.
    let due_w = super::due_width(dues) + 1;
    let count_w = countdown_width(app, dues);
    let name_w = w
        .saturating_sub(1 + cw + 1 + due_w + 1 + unit_w + 1 + count_w + 1)
        .max(8);
    let mut lines = Vec::with_capacity(height);
    for (i, row) in (offset..).zip(rows.iter_from(offset)).take(height) {
        let line = match row {
            TimelineRow::OverdueHeader => Line::from(Span::styled(
                rule_with(app, t.overdue_group, w),
                th.warning(Colour::Red),
            )),
            TimelineRow::Month { year, month } => {
                let month = match app.lang {
                    crate::lang::Lang::Zh => month.to_string(),
                    crate::lang::Lang::En => format!("{month:02}"),
                };
                let label = crate::ui::i18n::fill_all(t.month_heading, &[&year, &month]);
                Line::from(Span::styled(label, th.header()))
            }
            TimelineRow::Today => Line::from(Span::styled(
                rule_with(app, &format!("{} {}", t.today_marker, app.today), w),
                th.focus_border(),
            )),
            TimelineRow::Milestone(at) => {
                let p = &app.ledger.projects[at.project];
                let m = &p.milestones[at.milestone];
                let colour = rules::milestone_colour(m, app.today, &app.ledger.thresholds);
                let selected = i == app.timeline.selected;
                let marker = if selected { th.marker() } else { " " };
                let cell = colour_span(app, colour);
                let pad_n = cw.saturating_sub(width(&cell.content));
                let unit = app.ledger.unit_name(p.milestone_unit(m));
                let line = Line::from(vec![
                    Span::raw(marker.to_string()),
                    cell,
                    Span::raw(format!(
                        "{} {} {} {} ",
                        " ".repeat(pad_n),
                        pad(&due_marked(app, m), due_w),
                        pad(&format!("{} · {}", p.name, m.name), name_w),
                        pad_distinct(unit, unit_w, &names)
                    )),
                    Span::styled(pad(&countdown_text(app, m), count_w), th.warning(colour)),
                ]);
                if selected {
                    line.style(th.selected())
                } else {
                    line
                }
            }
        };
        lines.push(line);
    }
    if count == 0 {
        lines.push(Line::from(Span::styled(format!(" {}", t.empty), th.dim())));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// "── label ──────" across `w` cells.
fn rule_with(app: &App, label: &str, w: usize) -> String {
    let r = app.theme.rule();
    let head = format!("{r}{r} {label} ");
    let rest = w.saturating_sub(width(&head));
    format!("{head}{}", r.repeat(rest))
}

/// Projects as rows, the campaign's twelve months as columns, each milestone a mark in its
/// month in its colour (the worst when several fall in one month).
pub fn render_wall_chart(frame: &mut Frame, app: &App, area: Rect) {
    let t = app.text();
    let th = app.theme;
    let outer = block(th, format!(" {} {} ", t.wall_chart, app.ledger.year), true);
    let inner = outer.inner(area);
    frame.render_widget(outer, area);
    let w = usize::from(inner.width);
    let cell = if w >= 100 { 5 } else { 4 };
    let name_w = w.saturating_sub(1 + 12 * cell).max(6);
    let year = app.ledger.year;
    let mut header = format!(" {}", pad(t.col_project, name_w));
    for m in 1..=12 {
        let label = crate::ui::i18n::fill(t.month_short, m);
        header.push_str(&crate::ui::width::pad_left(&label, cell));
    }
    let today_col = (app.today.year() == year).then(|| app.today.month() as usize);
    let height = usize::from(inner.height).saturating_sub(1);
    let len = app.derived.rows.len();
    let offset = app.timeline.visible_offset(len, height);
    let mut lines = vec![Line::from(Span::styled(header, th.header()))];
    for (i, &pi) in app
        .derived
        .rows
        .iter()
        .enumerate()
        .skip(offset)
        .take(height)
    {
        let p = &app.ledger.projects[pi];
        let selected = i == app.timeline.selected;
        let marker = if selected { th.marker() } else { " " };
        let mut spans = vec![Span::raw(format!("{marker}{}", pad(&p.name, name_w)))];
        for month in 1..=12u32 {
            let marks: Vec<Colour> = p
                .milestones
                .iter()
                .filter(|m| m.due.year() == year && m.due.month() == month)
                .map(|m| rules::milestone_colour(m, app.today, &app.ledger.thresholds))
                .collect();
            let worst = marks.iter().copied().max();
            match worst {
                None => {
                    let dot = th.empty_month(today_col == Some(month as usize));
                    spans.push(Span::styled(
                        crate::ui::width::pad_left(dot, cell - 1),
                        th.dim(),
                    ));
                    spans.push(Span::raw(" "));
                }
                Some(c) => {
                    // A block of the colour with its symbol (and the count when several
                    // fall in the month), one cell apart from the next month.
                    let mark = match marks.len() {
                        1 => th.symbol(c).to_string(),
                        n => format!("{}{n}", th.symbol(c)),
                    };
                    spans.push(Span::raw(" "));
                    spans.push(Span::styled(
                        crate::ui::width::pad(&format!(" {mark}"), cell - 1),
                        th.block(c),
                    ));
                }
            }
        }
        let line = Line::from(spans);
        lines.push(if selected {
            line.style(th.selected())
        } else {
            line
        });
    }
    if len == 0 {
        lines.push(Line::from(Span::styled(
            format!(" {}", t.empty),
            Style::new(),
        )));
    }
    // Legend in the last line when there is room below the rows.
    if lines.len() < usize::from(inner.height) {
        let mut legend = vec![Span::raw(" ")];
        for c in Colour::BY_SEVERITY {
            legend.push(colour_span(app, c));
            legend.push(Span::raw(format!(" {}  ", t.colour_meaning[c as usize])));
        }
        while lines.len() < usize::from(inner.height) - 1 {
            lines.push(Line::from(""));
        }
        lines.push(Line::from(legend));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
