//! The Overview's weekly trend: a column per week end, red stacked under yellow, scaled to
//! the most warned week shown; the unit's own when the unit filter is on.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::block;
use crate::rules::Colour;
use crate::trend::{Counts, Trend};
use crate::ui::app::{App, Counted};
use crate::ui::i18n::fill;
use crate::ui::width::width;

pub fn render_trend(frame: &mut Frame, app: &App, area: Rect) {
    let t = app.text();
    let unit = app.filter.unit.map(|u| app.ledger.unit_name(u));
    let title = match unit {
        Some(name) => fill(t.trend_unit_title, name),
        None => t.trend_title.to_string(),
    };
    let outer = block(app.theme, format!(" {title} "), false);
    let inner = outer.inner(area);
    frame.render_widget(outer, area);
    let note = |text: String| Paragraph::new(text).wrap(Wrap { trim: true });
    match &app.trend.counted {
        None => frame.render_widget(note(t.trend_counting.to_string()), inner),
        Some(Counted::NoHistory) => frame.render_widget(note(t.trend_no_history.into()), inner),
        Some(Counted::Failed(e)) => frame.render_widget(note(fill(t.sync_git_failed, e)), inner),
        Some(Counted::Trend(trend)) if trend.points.is_empty() => {
            frame.render_widget(note(t.none.to_string()), inner);
        }
        Some(Counted::Trend(trend)) => {
            let lines = chart(app, trend, unit, inner.width, inner.height);
            frame.render_widget(Paragraph::new(lines), inner);
        }
    }
}

/// The summary line, the columns, and the first and last days under them.
fn chart(app: &App, trend: &Trend, unit: Option<&str>, w: u16, h: u16) -> Vec<Line<'static>> {
    let t = app.text();
    let th = app.theme;
    let counts = |p: &crate::trend::Point| unit.map_or(p.total, |u| trend.unit_at(p, u));
    // Up to three cells a week when the history is short, one when it is long.
    let cell_w = (usize::from(w) / trend.points.len().max(1)).clamp(1, 3);
    let shown = &trend.points[trend.points.len().saturating_sub(usize::from(w) / cell_w)..];
    let top = shown
        .iter()
        .map(|p| counts(p).warned())
        .max()
        .unwrap_or(0)
        .max(1);
    let w = usize::from(w);
    let mut lines = Vec::new();
    if let Some(last) = shown.last() {
        let c = counts(last);
        let latest = crate::lang::fill(
            t.trend_latest,
            &[&last.day.format("%m-%d"), &c.red, &c.yellow],
        );
        let max = fill(t.trend_max, top);
        let gap = w.saturating_sub(width(&latest) + width(&max)).max(1);
        lines.push(Line::from(vec![
            Span::styled(latest, th.header()),
            Span::raw(" ".repeat(gap)),
            Span::styled(max, th.dim()),
        ]));
    }
    let rows = usize::from(h).saturating_sub(2).max(1);
    let heights: Vec<(usize, usize)> = shown.iter().map(|p| stack(counts(p), top, rows)).collect();
    for r in 0..rows {
        let level = rows - r;
        let mut spans: Vec<Span> = Vec::new();
        let mut run = String::new();
        let mut run_style = Style::new();
        for &(red, all) in &heights {
            let (cell, style) = if level <= red {
                (th.trend_cell(Colour::Red), th.warning(Colour::Red))
            } else if level <= all {
                (th.trend_cell(Colour::Yellow), th.warning(Colour::Yellow))
            } else {
                (" ", Style::new())
            };
            if style != run_style && !run.is_empty() {
                spans.push(Span::styled(std::mem::take(&mut run), run_style));
            }
            run_style = style;
            run.push_str(&cell.repeat(cell_w));
        }
        spans.push(Span::styled(run, run_style));
        lines.push(Line::from(spans));
    }
    if let (Some(first), Some(last)) = (shown.first(), shown.last()) {
        let span = crate::lang::fill(t.trend_span, &[&first.day, &last.day, &shown.len()]);
        lines.push(Line::from(Span::styled(
            crate::ui::width::fit(&span, w),
            th.dim(),
        )));
    }
    lines
}

/// How many rows of `rows` the red part and the whole column fill, scaled to `top`. A count
/// above zero fills at least one row, so no warned week looks clear.
fn stack(c: Counts, top: u32, rows: usize) -> (usize, usize) {
    let scale = |n: u32| {
        if n == 0 {
            0
        } else {
            ((n as usize * rows + top as usize / 2) / top as usize).clamp(1, rows)
        }
    };
    let red = scale(c.red);
    let mut all = scale(c.warned()).max(red);
    if c.yellow > 0 && all == red && all < rows {
        all += 1;
    }
    (red, all)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_keep_red_and_yellow_visible_and_never_overflow() {
        let c = |red, yellow| Counts { red, yellow };
        assert_eq!(stack(c(0, 0), 10, 4), (0, 0));
        assert_eq!(stack(c(10, 0), 10, 4), (4, 4));
        assert_eq!(stack(c(5, 5), 10, 4), (2, 4));
        // One yellow beside many red still shows.
        assert_eq!(stack(c(1, 0), 100, 4), (1, 1));
        assert_eq!(stack(c(99, 1), 100, 4), (4, 4));
        assert_eq!(stack(c(60, 1), 100, 4), (2, 3));
    }
}
