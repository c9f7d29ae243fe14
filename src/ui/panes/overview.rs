//! The overview (总览): totals by colour, investment, district pledges, unit scorecard.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{bar, block, colour_span};
use crate::rules::{self, Colour};
use crate::ui::app::App;
use crate::ui::i18n::{fill, fill_all};
use crate::ui::width::{fit, pad, pad_distinct, pad_left};

/// The weekly trend's rows: its summary, five rows of columns, the days, and the border.
const TREND_HEIGHT: u16 = 9;

pub fn render_overview(frame: &mut Frame, app: &App, area: Rect) {
    let left_w = (area.width / 2).max(30);
    let [left, right] =
        Layout::horizontal([Constraint::Length(left_w), Constraint::Min(0)]).areas(area);
    let pledges = app
        .ledger
        .office_unit()
        .map_or(0, |u| app.ledger.units[u].pledges.len());
    // One more line when some projects have no milestones, to count them apart.
    let no_milestones = app
        .derived
        .totals
        .as_ref()
        .is_some_and(|t| t.no_milestones > 0);
    let totals_h = 10 + u16::from(no_milestones);
    let [totals, trend, district] = Layout::vertical([
        Constraint::Length(totals_h.min(left.height)),
        Constraint::Length(TREND_HEIGHT.min(left.height.saturating_sub(totals_h))),
        Constraint::Min(0),
    ])
    .areas(left);
    render_totals(frame, app, totals);
    if trend.height > 2 {
        super::trend::render_trend(frame, app, trend);
    }
    if district.height > 2 {
        render_district_pledges(frame, app, district, pledges);
    }
    render_scorecard(frame, app, right);
}

fn render_totals(frame: &mut Frame, app: &App, area: Rect) {
    let t = app.text();
    let th = app.theme;
    let outer = block(th, format!(" {} ", t.view_overview), false);
    let inner = outer.inner(area);
    frame.render_widget(outer, area);
    let fallback;
    let totals = match &app.derived.totals {
        Some(t) => t,
        None => {
            // Only before the view was ever shown (tests drawing it directly).
            fallback = app.fresh_totals();
            &fallback
        }
    };
    let w = usize::from(inner.width);
    let mut lines = vec![Line::from(vec![Span::styled(
        fill_all(t.totals_line, &[&totals.projects, &totals.milestones]),
        th.header(),
    )])];
    if totals.no_milestones > 0 {
        lines.push(Line::from(Span::styled(
            fit(&fill(t.no_milestone_projects, totals.no_milestones), w),
            th.warning(Colour::Yellow),
        )));
    }
    // Counts never cut: as wide as the total (at 100,000 projects, six digits).
    let count_w = crate::ui::width::digits(totals.milestones).max(5);
    let bar_w = w.saturating_sub(15 + count_w).clamp(4, 30);
    for c in Colour::BY_SEVERITY {
        let n = totals.counts.get(c);
        let share = if totals.milestones == 0 {
            0.0
        } else {
            n as f64 / totals.milestones as f64
        };
        let cell = colour_span(app, c);
        let pad_n =
            super::colour_cell_width(app).saturating_sub(crate::ui::width::width(&cell.content));
        let [bar_done, bar_rest] = bar(th, share, bar_w, th.warning(c));
        lines.push(Line::from(vec![
            Span::raw(" "),
            cell,
            Span::raw(format!(
                "{} {} ",
                " ".repeat(pad_n),
                pad_left(&n.to_string(), count_w)
            )),
            bar_done,
            bar_rest,
        ]));
    }
    let share = totals
        .plan_share()
        .map_or_else(|| "—".to_string(), |s| format!("{:.1}%", s * 100.0));
    let elapsed = rules::year_elapsed_share(app.ledger.year, app.today) * 100.0;
    lines.push(Line::from(Span::styled(
        t.investment.to_string(),
        th.header(),
    )));
    let figures = fill_all(
        t.investment_figures,
        &[
            &crate::ledger::number::display(totals.investment_total),
            &crate::ledger::number::display(totals.investment_plan),
            &crate::ledger::number::display(totals.investment_done),
        ],
    );
    let progress = fill_all(t.investment_progress, &[&share, &format!("{elapsed:.1}")]);
    lines.push(Line::from(fit(&figures, w)));
    lines.push(Line::from(fit(&progress, w)));
    frame.render_widget(Paragraph::new(lines), inner);
}

fn render_district_pledges(frame: &mut Frame, app: &App, area: Rect, count: usize) {
    let t = app.text();
    let th = app.theme;
    let title = fill(t.district_targets, count);
    let outer = block(th, title, false);
    let inner = outer.inner(area);
    frame.render_widget(outer, area);
    let Some(u) = app.ledger.office_unit() else {
        frame.render_widget(Paragraph::new(Line::from(format!(" {}", t.none))), inner);
        return;
    };
    let w = usize::from(inner.width);
    let bar_w = 8;
    let amount_w = 14;
    let text_w = w.saturating_sub(bar_w + amount_w + 3).max(6);
    let lines: Vec<Line> = app.ledger.units[u]
        .pledges
        .iter()
        .take(usize::from(inner.height))
        .map(|p| {
            let amount = super::pledge_amount(p);
            let [bar_done, bar_rest] = super::pledge_bar(th, p, bar_w);
            Line::from(vec![
                Span::raw(format!(" {} ", pad(&p.text, text_w))),
                bar_done,
                bar_rest,
                Span::raw(format!(" {}", pad_left(&amount, amount_w))),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

fn render_scorecard(frame: &mut Frame, app: &App, area: Rect) {
    let t = app.text();
    let th = app.theme;
    let title = t.scorecard_title.to_string();
    let outer = block(th, title, true);
    let inner = outer.inner(area);
    frame.render_widget(outer, area);
    let w = usize::from(inner.width);
    let name_w = w
        .saturating_sub(4 + 6 + 4 * app.derived.count_width + 6 + 4)
        .max(6);
    let header = format!(
        "{} {} {} {} {}",
        pad_left(t.col_rank, 4),
        pad(t.col_unit, name_w),
        pad_left(t.col_on_time, 6),
        super::count_header(app),
        pad_left(t.col_pledges, 6),
    );
    let names = super::unit_names(app);
    let rows: Vec<&rules::ScoreRow> = app
        .derived
        .scorecard
        .iter()
        .filter(|r| app.filter.unit.is_none_or(|u| u == r.unit))
        .collect();
    let height = usize::from(inner.height).saturating_sub(1);
    let offset = app.overview.visible_offset(rows.len(), height);
    let mut lines = vec![Line::from(Span::styled(header, th.header()))];
    for (i, r) in rows.iter().enumerate().skip(offset).take(height) {
        let s = &app.derived.unit_stats[r.unit];
        let rate = s
            .on_time_rate()
            .map_or_else(|| "—".into(), |x| format!("{:.0}%", x * 100.0));
        let att = s
            .pledge_attainment
            .map_or_else(|| "—".into(), |x| format!("{:.0}%", x * 100.0));
        let selected = i == app.overview.selected;
        let mut spans = vec![Span::raw(format!(
            "{} {} {} ",
            pad_left(&r.rank.map_or_else(|| "—".into(), |n| n.to_string()), 4),
            pad_distinct(&app.ledger.units[r.unit].name, name_w, &names),
            pad_left(&rate, 5)
        ))];
        spans.extend(super::count_cells(app, &s.counts));
        spans.push(Span::raw(format!(" {}", pad_left(&att, 6))));
        let line = Line::from(spans);
        lines.push(if selected {
            line.style(th.selected())
        } else {
            line
        });
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
