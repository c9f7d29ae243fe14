//! Title bar, view tabs, status line and the footer of key hints.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::ui::app::{App, Mode, StatusKind, View};
use crate::ui::keymap::VIEW_ORDER;
use crate::ui::width::{fit, width};

/// Ledger title, today, and the active filters.
pub fn render_title(frame: &mut Frame, app: &App, area: Rect) {
    let t = app.text();
    let mut right = format!("{} {}", t.today, app.today);
    if let Some(u) = app.filter.unit {
        right.push_str(&format!(
            " · {}: {}",
            t.filter_unit,
            app.ledger.unit_name(u)
        ));
    }
    if let Mode::Search(field) = &app.mode {
        let (before, after) = field.split();
        right.push_str(&format!(" · {}: {before}", t.filter_search));
        right.push_str(app.theme.cursor());
        right.push_str(after);
    } else if !app.filter.search.is_empty() {
        right.push_str(&format!(" · {}: {}", t.filter_search, app.filter.search));
    }
    if let Some(c) = app.filter.colour {
        right.push_str(&format!(
            " · {}: {}",
            t.filter_colour,
            t.colour_filters[c.index()]
        ));
    }
    if app.file.read_only {
        right.push_str(&format!(" · [{}]", t.read_only));
    }
    let total = usize::from(area.width);
    let right = fit(&right, total.saturating_sub(2));
    let room = total.saturating_sub(width(&right) + 3);
    let title = fit(&app.ledger.title, room);
    let gap = total.saturating_sub(width(&title) + width(&right) + 2);
    let line = format!(" {title}{}{right} ", " ".repeat(gap));
    frame.render_widget(
        Paragraph::new(Line::from(line)).style(app.theme.title_bar()),
        area,
    );
}

pub fn view_name(app: &App, v: View) -> &'static str {
    let t = app.text();
    match v {
        View::Projects => t.view_projects,
        View::Units => t.view_units,
        View::Timeline if app.wall => t.wall_chart,
        View::Timeline => t.view_timeline,
        View::Overview => t.view_overview,
    }
}

/// "1 项目  2 单位承诺  3 时间轴  4 总览", the active one marked.
pub fn render_tabs(frame: &mut Frame, app: &App, area: Rect) {
    let mut spans = vec![Span::raw(" ")];
    for (i, v) in VIEW_ORDER.iter().enumerate() {
        let label = format!("{} {}", i + 1, view_name(app, *v));
        let style = if *v == app.view {
            app.theme.tab_active()
        } else {
            app.theme.dim()
        };
        let marked = if *v == app.view {
            format!("[{label}]")
        } else {
            format!(" {label} ")
        };
        spans.push(Span::styled(marked, style));
        spans.push(Span::raw(" "));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The last message, or the file's name and state.
pub fn render_status(frame: &mut Frame, app: &App, area: Rect) {
    let total = usize::from(area.width);
    let (text, style) = match &app.status {
        Some(s) => (
            s.text.clone(),
            match s.kind {
                StatusKind::Error => app.theme.error(),
                StatusKind::Ok => app.theme.ok(),
                StatusKind::Info => Style::new(),
            },
        ),
        None => {
            let t = app.text();
            let mut s = format!(
                "{} · {}{} · {}{}",
                app.file_name(),
                app.derived.rows.len(),
                t.status_projects,
                app.ledger.units.len(),
                t.status_units
            );
            if app.file.read_only {
                s.push_str(&format!(" · {}", t.read_only));
            }
            (s, app.theme.dim())
        }
    };
    let mut text = fit(&format!(" {text}"), total);
    if !app.unsaved.is_empty() {
        let badge = format!(" [{}: {}]", app.text().not_saved, app.unsaved.len());
        text = fit(&text, total.saturating_sub(width(&badge)));
        text.push_str(&badge);
    }
    frame.render_widget(Paragraph::new(Line::from(Span::styled(text, style))), area);
}

/// Key hints for the current mode, generated from the keymap.
pub fn render_footer(frame: &mut Frame, app: &App, area: Rect) {
    let total = usize::from(area.width);
    let mut spans = Vec::new();
    let mut used = 0;
    for (key, what) in app.keymap.hints(&app.mode, app.lang) {
        let need = width(&key) + width(what) + 3;
        if used + need > total {
            break;
        }
        spans.push(Span::raw(" "));
        spans.push(Span::styled(key, app.theme.key()));
        spans.push(Span::raw(format!(" {what} ")));
        used += need;
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
