//! The projects view: a table of projects and the selected project's detail.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{
    block, colour_cell_width, colour_span, countdown_text, countdown_width, due_marked, due_text,
    money, project_colour_span, replan_text, wrapped,
};
use crate::ledger::Project;
use crate::rules::{self, Colour};
use crate::ui::app::{App, Focus};
use crate::ui::width::{self, fit, pad, pad_distinct, pad_left};

pub fn render_projects(frame: &mut Frame, app: &App, area: Rect) {
    let (table_h, _) = crate::ui::layout::projects_split(usize::from(area.height));
    let [table, detail] =
        Layout::vertical([Constraint::Length(table_h as u16), Constraint::Min(0)]).areas(area);
    render_table(frame, app, table);
    if detail.height >= 3 {
        render_detail(frame, app, detail);
    }
}

/// Column widths for the inner width `w`; 0 means the column is left out.
struct Columns {
    colour: usize,
    name: usize,
    category: usize,
    lead: usize,
    next: usize,
    due: usize,
    countdown: usize,
    invest: usize,
    lag: usize,
}

fn columns(app: &App, w: usize) -> Columns {
    let t = app.text();
    let colour = colour_cell_width(app).max(width::width(t.col_warning));
    let wide = w >= 110;
    // The due and countdown columns take their longest text among the rows shown.
    let dues = &app.derived.row_dues;
    let due = if wide { 10 } else { super::due_width(dues) };
    let mut c = Columns {
        colour,
        name: 0,
        category: if wide { 12 } else { 0 },
        lead: if wide { 14 } else { 10 },
        next: if wide { 16 } else { 12 },
        due: due.max(width::width(t.col_due)),
        countdown: countdown_width(app, dues).max(width::width(t.col_countdown)),
        // "12.35/30.25": two decimals each side, as every figure is shown.
        invest: if w >= 90 { 11 } else { 0 },
        lag: if w >= 100 { 6 } else { 0 },
    };
    let fixed = [
        c.colour,
        c.category,
        c.lead,
        c.next,
        c.due,
        c.countdown,
        c.invest,
        c.lag,
    ];
    let gaps = fixed.iter().filter(|&&x| x > 0).count() + 1;
    let used: usize = fixed.iter().sum::<usize>() + gaps;
    c.name = w.saturating_sub(used + 1).max(8);
    c
}

fn header_line(app: &App, c: &Columns) -> Line<'static> {
    let t = app.text();
    let mut s = format!(
        " {} {}",
        pad(t.col_warning, c.colour),
        pad(t.col_project, c.name)
    );
    if c.category > 0 {
        s.push_str(&format!(" {}", pad(t.col_category, c.category)));
    }
    s.push_str(&format!(
        " {} {} {} {}",
        pad(t.col_lead, c.lead),
        pad(t.col_next, c.next),
        pad(t.col_due, c.due),
        pad(t.col_countdown, c.countdown)
    ));
    if c.invest > 0 {
        s.push_str(&format!(
            " {}",
            pad_left(&fit(t.col_investment, c.invest), c.invest)
        ));
    }
    if c.lag > 0 {
        s.push_str(&format!(" {}", pad_left(t.col_lag, c.lag)));
    }
    Line::from(Span::styled(s, app.theme.header()))
}

fn row_line(app: &App, index: usize, c: &Columns, selected: bool) -> Line<'static> {
    let p = &app.ledger.projects[index];
    let colour = app.derived.project_colour[index];
    let marker = if selected { app.theme.marker() } else { " " };
    let next = rules::next_open(p);
    let cell = project_colour_span(app, colour);
    let cw = width::width(&cell.content);
    let mut spans = vec![Span::raw(marker.to_string()), cell];
    spans.push(Span::raw(" ".repeat(c.colour.saturating_sub(cw) + 1)));
    let mut s = pad(&p.name, c.name);
    if c.category > 0 {
        s.push(' ');
        s.push_str(&pad(p.category.as_deref().unwrap_or(""), c.category));
    }
    s.push(' ');
    s.push_str(&pad_distinct(
        app.ledger.unit_name(p.lead),
        c.lead,
        &super::unit_names(app),
    ));
    s.push(' ');
    let t = app.text();
    match next {
        Some(m) => {
            s.push_str(&pad(&m.name, c.next));
            s.push(' ');
            let due = if c.due < 10 {
                due_text(app, m.due)
            } else {
                m.due.to_string()
            };
            s.push_str(&pad(&due, c.due));
            spans.push(Span::raw(s));
            spans.push(Span::raw(" "));
            let mc = rules::milestone_colour(m, app.today, &app.ledger.thresholds);
            spans.push(Span::styled(
                pad(&countdown_text(app, m), c.countdown),
                app.theme.warning(mc),
            ));
        }
        None => {
            let none = if p.milestones.is_empty() {
                t.no_milestones
            } else {
                t.no_open
            };
            s.push_str(&pad(none, c.next));
            s.push(' ');
            s.push_str(&pad("", c.due));
            s.push(' ');
            s.push_str(&pad("", c.countdown));
            spans.push(Span::raw(s));
        }
    }
    if c.invest > 0 {
        let inv = p.investment.unwrap_or_default();
        let cell = if inv.plan.is_some() || inv.done.is_some() {
            format!("{}/{}", money(inv.done), money(inv.plan))
        } else {
            String::new()
        };
        spans.push(Span::raw(format!(" {}", pad_left(&cell, c.invest))));
    }
    if c.lag > 0 {
        spans.push(lag_span(app, p, c.lag));
    }
    let line = Line::from(spans);
    if selected {
        line.style(app.theme.selected())
    } else {
        line
    }
}

/// The investment gap in percentage points ("-12" behind, "+3" ahead), flagged when lagging.
fn lag_span(app: &App, p: &Project, cells: usize) -> Span<'static> {
    match rules::investment_lag(&app.ledger, p, app.today) {
        Some(l) => {
            let flag = if l.lagging { "!" } else { " " };
            let text = format!("{flag}{:+.0}", l.gap_points);
            let style = if l.lagging {
                app.theme.warning(Colour::Yellow)
            } else {
                Style::new()
            };
            Span::styled(format!(" {}", pad_left(&text, cells)), style)
        }
        None => Span::raw(format!(" {}", pad_left("", cells))),
    }
}

fn render_table(frame: &mut Frame, app: &App, area: Rect) {
    let t = app.text();
    let title = format!(
        " {} {}/{} · {}: {} ",
        t.view_projects,
        app.derived.rows.len(),
        app.ledger.projects.len(),
        t.sort,
        t.sort_keys[app.sort.index()]
    );
    let outer = block(app.theme, title, app.focus == Focus::Table);
    let inner = outer.inner(area);
    frame.render_widget(outer, area);
    if inner.height == 0 {
        return;
    }
    let c = columns(app, usize::from(inner.width));
    let height = usize::from(inner.height).saturating_sub(1);
    let len = app.derived.rows.len();
    let offset = app.projects.visible_offset(len, height);
    let mut lines = vec![header_line(app, &c)];
    if len == 0 {
        lines.push(Line::from(Span::styled(
            format!(" {}", t.empty),
            app.theme.dim(),
        )));
    }
    // Only the visible rows are built: at 10,000 projects, building all costs a frame.
    lines.extend(
        app.derived.rows[offset..len.min(offset + height)]
            .iter()
            .enumerate()
            .map(|(i, &p)| row_line(app, p, &c, offset + i == app.projects.selected)),
    );
    frame.render_widget(Paragraph::new(lines), inner);
}

fn render_detail(frame: &mut Frame, app: &App, area: Rect) {
    let t = app.text();
    let Some(index) = app.selected_project() else {
        frame.render_widget(block(app.theme, format!(" {} ", t.detail), false), area);
        return;
    };
    let p = &app.ledger.projects[index];
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(52), Constraint::Percentage(48)]).areas(area);
    render_milestones(frame, app, p, left);
    render_info(frame, app, p, right);
}

fn render_milestones(frame: &mut Frame, app: &App, p: &Project, area: Rect) {
    let t = app.text();
    let title = format!(
        " {} · {} ",
        fit(&p.name, usize::from(area.width).saturating_sub(12)),
        t.milestones
    );
    let focused = app.focus == Focus::Detail;
    let outer = block(app.theme, title, focused);
    let inner = outer.inner(area);
    frame.render_widget(outer, area);
    let w = usize::from(inner.width);
    let cw = colour_cell_width(app);
    let height = usize::from(inner.height);
    let offset = app.milestones.visible_offset(p.milestones.len(), height);
    let due_w = p
        .milestones
        .iter()
        .map(|m| width::width(&due_marked(app, m)))
        .max()
        .unwrap_or(5);
    let name_w = w.saturating_sub(cw + 1 + 1 + due_w + 1 + 12 + 1).max(4);
    if p.milestones.is_empty() {
        let none = Line::from(Span::styled(
            format!(" {}", t.no_milestones),
            app.theme.dim(),
        ));
        frame.render_widget(Paragraph::new(none), inner);
        return;
    }
    let lines: Vec<Line> = p
        .milestones
        .iter()
        .enumerate()
        .skip(offset)
        .take(height)
        .map(|(i, m)| {
            let colour = rules::milestone_colour(m, app.today, &app.ledger.thresholds);
            let selected = focused && i == app.milestones.selected;
            let marker = if selected { app.theme.marker() } else { " " };
            let cell = colour_span(app, colour);
            let pad_n = cw.saturating_sub(width::width(&cell.content));
            let state = match (&m.done, &m.by) {
                (Some(d), Some(by)) => {
                    format!("{}{} {by}", app.theme.done_mark(), &d.to_string()[5..])
                }
                (Some(d), None) => format!("{}{}", app.theme.done_mark(), &d.to_string()[5..]),
                (None, _) => countdown_text(app, m),
            };
            let line = Line::from(vec![
                Span::raw(marker.to_string()),
                cell,
                Span::raw(format!(
                    "{} {} {} ",
                    " ".repeat(pad_n),
                    pad(&m.name, name_w),
                    pad(&due_marked(app, m), due_w)
                )),
                Span::styled(fit(&state, 12), app.theme.warning(colour)),
            ]);
            if selected {
                line.style(app.theme.selected())
            } else {
                line
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

fn render_info(frame: &mut Frame, app: &App, p: &Project, area: Rect) {
    let t = app.text();
    let outer = block(app.theme, format!(" {} ", t.detail), false);
    let inner = outer.inner(area);
    frame.render_widget(outer, area);
    let label = |s: &str| Span::styled(format!("{s} "), app.theme.header());
    let mut lines = Vec::new();
    lines.push(Line::from(vec![
        label(t.col_lead),
        Span::raw(app.ledger.unit_name(p.lead).to_string()),
        Span::raw(format!("  {}", p.category.as_deref().unwrap_or(""))),
    ]));
    let support: Vec<&str> = p.support.iter().map(|&u| app.ledger.unit_name(u)).collect();
    lines.push(Line::from(vec![
        label(t.support),
        Span::raw(if support.is_empty() {
            t.none.to_string()
        } else {
            support.join(t.names_separator)
        }),
    ]));
    lines.push(Line::from(vec![
        label(t.leader),
        Span::raw(p.leader.as_deref().unwrap_or(t.none).to_string()),
    ]));
    if let Some(scale) = &p.scale {
        lines.push(Line::from(vec![label(t.scale), Span::raw(scale.clone())]));
    }
    if let Some(inv) = &p.investment {
        let mut s = format!(
            "{} / {} / {}",
            money(inv.total),
            money(inv.plan),
            money(inv.done)
        );
        if let Some(l) = rules::investment_lag(&app.ledger, p, app.today) {
            s.push_str(&format!(
                " ({:.0}%, {}{:+.1})",
                l.done_pct, t.col_lag, l.gap_points
            ));
        }
        lines.push(Line::from(vec![label(t.investment), Span::raw(s)]));
        // Only where the office files monthly figures (月报).
        if !p.monthly.is_empty() {
            use chrono::Datelike;
            let this_month = p
                .month_done(app.today.month())
                .map_or_else(|| t.not_reported.to_string(), |x| money(Some(x)));
            lines.push(Line::from(vec![
                label(t.done_this_month),
                Span::raw(this_month),
            ]));
        }
    }
    let selected = (app.focus == Focus::Detail)
        .then(|| p.milestones.get(app.milestones.selected))
        .flatten();
    if let Some((m, replan)) = selected.and_then(|m| Some((m, replan_text(app, m)?))) {
        lines.push(Line::from(vec![
            label(&fit(&m.name, 20)),
            Span::styled(replan, app.theme.warning(Colour::Yellow)),
        ]));
    }
    lines.push(Line::from(label(t.updates)));
    if p.updates.is_empty() {
        lines.push(Line::from(Span::styled(
            format!(" {}", t.none),
            app.theme.dim(),
        )));
    }
    // Newest first: the latest report is what a meeting asks about.
    for u in p.updates.iter().rev() {
        let by =
            u.by.as_deref()
                .map(|b| format!(" ({b})"))
                .unwrap_or_default();
        lines.push(Line::from(vec![
            Span::styled(format!(" {} ", &u.date.to_string()[5..]), app.theme.dim()),
            Span::raw(format!("{}{by}", u.text)),
        ]));
    }
    frame.render_widget(Paragraph::new(wrapped(lines, inner.width)), inner);
}
