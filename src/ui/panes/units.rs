//! The units view: each unit's standing, its pledge letter, and the projects it leads.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{block, project_colour_span};
use crate::rules;
use crate::ui::app::{App, Focus};
use crate::ui::width::{fit, pad, pad_distinct, pad_left};

pub fn render_units(frame: &mut Frame, app: &App, area: Rect) {
    let left_w = (area.width * 9 / 20).clamp(34, 56);
    let [left, right] =
        Layout::horizontal([Constraint::Length(left_w), Constraint::Min(0)]).areas(area);
    render_unit_table(frame, app, left);
    render_pledge_letter(frame, app, right);
}

fn render_unit_table(frame: &mut Frame, app: &App, area: Rect) {
    let t = app.text();
    let title = format!(" {} {} ", t.view_units, app.derived.unit_rows.len());
    let outer = block(app.theme, title, app.focus == Focus::Table);
    let inner = outer.inner(area);
    frame.render_widget(outer, area);
    let w = usize::from(inner.width);
    // name | proj | ✗ ! ► ✓ | on time
    let counts_w = 4 * app.derived.count_width;
    let proj_w = app.derived.projects_width;
    let name_w = w.saturating_sub(1 + proj_w + counts_w + 6 + 3).max(6);
    let th = app.theme;
    let header = format!(
        " {} {} {} {}",
        pad(t.col_unit, name_w),
        pad_left(t.col_projects, proj_w),
        super::count_header(app),
        pad_left(t.col_on_time, 6),
    );
    let names = super::unit_names(app);
    let height = usize::from(inner.height).saturating_sub(1);
    let len = app.derived.unit_rows.len();
    let offset = app.units.visible_offset(len, height);
    let mut lines = vec![Line::from(Span::styled(header, th.header()))];
    for (i, &u) in app
        .derived
        .unit_rows
        .iter()
        .enumerate()
        .skip(offset)
        .take(height)
    {
        let s = &app.derived.unit_stats[u];
        let selected = i == app.units.selected;
        let marker = if selected { th.marker() } else { " " };
        let mut spans = vec![Span::raw(format!(
            "{marker}{} {}",
            pad_distinct(&app.ledger.units[u].name, name_w, &names),
            pad_left(&s.projects.to_string(), proj_w)
        ))];
        spans.extend(super::count_cells(app, &s.counts));
        let rate = s
            .on_time_rate()
            .map_or_else(|| "—".to_string(), |r| format!("{:.0}%", r * 100.0));
        spans.push(Span::raw(format!(" {}", pad_left(&rate, 6))));
        let line = Line::from(spans);
        lines.push(if selected {
            line.style(th.selected())
        } else {
            line
        });
    }
    if len == 0 {
        lines.push(Line::from(Span::styled(format!(" {}", t.empty), th.dim())));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

fn render_pledge_letter(frame: &mut Frame, app: &App, area: Rect) {
    let t = app.text();
    let th = app.theme;
    let Some(u) = app.selected_unit() else {
        frame.render_widget(block(th, format!(" {} ", t.pledge_letter), false), area);
        return;
    };
    let unit = &app.ledger.units[u];
    let title = format!(" {} · {} ", fit(&unit.name, 20), t.pledge_letter);
    let outer = block(th, title, app.focus == Focus::Detail);
    let inner = outer.inner(area);
    frame.render_widget(outer, area);
    let w = usize::from(inner.width);
    let mut lines = Vec::new();
    let who = match (&unit.leader, &unit.title) {
        (Some(l), Some(ti)) => format!("{ti} {l}"),
        (Some(l), None) => l.to_string(),
        (None, Some(ti)) => ti.to_string(),
        (None, None) => String::new(),
    };
    let s = &app.derived.unit_stats[u];
    let attainment = s
        .pledge_attainment
        .map(|a| format!(" · {} {:.0}%", t.col_pledges, a * 100.0))
        .unwrap_or_default();
    lines.push(Line::from(vec![
        Span::styled(fit(&who, w.saturating_sub(16)), th.header()),
        Span::raw(attainment),
    ]));
    let inner_h = usize::from(inner.height);
    // Pledges take what they need, up to 60% of the panel; the rest lists projects.
    let pledge_room = crate::ui::layout::pledge_room(inner_h);
    if unit.pledges.is_empty() {
        lines.push(Line::from(Span::styled(
            format!(" {}", t.no_pledges),
            th.dim(),
        )));
    }
    let offset = app
        .pledges
        .visible_offset(unit.pledges.len(), pledge_room.saturating_sub(1));
    let bar_w = 10;
    let text_w = w.saturating_sub(1 + bar_w + 1 + 14 + 1 + 6).max(6);
    for (i, p) in unit
        .pledges
        .iter()
        .enumerate()
        .skip(offset)
        .take(pledge_room.saturating_sub(1))
    {
        let selected = app.focus == Focus::Detail && i == app.pledges.selected;
        let marker = if selected { th.marker() } else { " " };
        let amount = super::pledge_amount(p);
        let state = if p.done.is_some() {
            t.pledge_done
        } else {
            t.pledge_open
        };
        let due = p
            .due
            .map(|d| d.to_string()[5..].to_string())
            .unwrap_or_default();
        let [bar_done, bar_rest] = super::pledge_bar(th, p, bar_w);
        let line = Line::from(vec![
            Span::raw(format!("{marker}{} ", pad(&p.text, text_w))),
            bar_done,
            bar_rest,
            Span::raw(format!(" {} {} ", pad_left(&amount, 14), pad(&due, 5))),
            Span::styled(fit(state, 6), th.dim()),
        ]);
        lines.push(if selected {
            line.style(th.selected())
        } else {
            line
        });
    }
    lines.push(Line::from(Span::styled(
        t.unit_projects.to_string(),
        th.header(),
    )));
    let name_w = w.saturating_sub(4 + 1 + 12 + 1).max(6);
    let projects = app.led_rows(u);
    let room = inner_h.saturating_sub(lines.len());
    for &pi in projects.iter().take(room) {
        let p = &app.ledger.projects[pi];
        let next = rules::next_open(p)
            .map(|m| super::countdown_text(app, m))
            .unwrap_or_else(|| {
                if p.milestones.is_empty() {
                    t.no_milestones.to_string()
                } else {
                    t.no_open.to_string()
                }
            });
        lines.push(Line::from(vec![
            Span::raw(" "),
            project_colour_span(app, app.derived.project_colour[pi]),
            Span::raw(format!(" {} {}", pad(&p.name, name_w), fit(&next, 12))),
        ]));
    }
    if projects.is_empty() {
        lines.push(Line::from(Span::styled(format!(" {}", t.none), th.dim())));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
