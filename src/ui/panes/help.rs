//! The help screen, generated from the keymap table.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{block, centered, colour_span};
use crate::rules::Colour;
use crate::ui::app::App;
use crate::ui::keymap::{Context, Pick};
use crate::ui::width::pad;

pub fn render_help(frame: &mut Frame, app: &App, scroll: u16, area: Rect) {
    let t = app.text();
    let th = app.theme;
    let rect = centered(area, 72, area.height.saturating_sub(2));
    super::clear_popup(frame, rect);
    let outer = block(
        th,
        format!(
            " {} · {} ",
            t.help_title,
            app.keymap.fill_keys(
                t.help_footer,
                &[(Context::Help, crate::ui::Action::ToggleHelp, Pick::All)]
            )
        ),
        true,
    );
    let inner = outer.inner(rect);
    frame.render_widget(outer, rect);
    let mut lines = Vec::new();
    let mut last: Option<Context> = None;
    for (context, keys, what) in app.keymap.help_rows(app.lang) {
        if last != Some(context) {
            lines.push(Line::from(Span::styled(
                t.contexts[context.index()].to_string(),
                th.header(),
            )));
            last = Some(context);
        }
        lines.push(Line::from(vec![
            Span::styled(format!("  {}", pad(&keys, 24)), th.focus_border()),
            Span::raw(what),
        ]));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        t.col_warning.to_string(),
        th.header(),
    )));
    for c in Colour::BY_SEVERITY {
        lines.push(Line::from(vec![
            Span::raw("  "),
            colour_span(app, c),
            Span::raw(format!("  {}", t.colour_meaning[c as usize])),
        ]));
    }
    lines.push(Line::from(vec![
        Span::raw(format!("  {}", th.replanned_mark())),
        Span::raw(format!("  {}", t.replanned_legend)),
    ]));
    let max_scroll = lines.len().saturating_sub(usize::from(inner.height));
    let scroll = usize::from(scroll).min(max_scroll);
    let visible: Vec<Line> = lines.into_iter().skip(scroll).collect();
    frame.render_widget(Paragraph::new(visible), inner);
}

/// The history of the selected project or milestone, newest first, scrolled.
pub fn render_history(frame: &mut Frame, app: &App, lines: &[String], scroll: u16, area: Rect) {
    let th = app.theme;
    let width = area.width.saturating_sub(4).min(110);
    let rect = centered(area, width, area.height.saturating_sub(2));
    super::clear_popup(frame, rect);
    let outer = block(th, format!(" {} ", app.text().history_title), true);
    let inner = outer.inner(rect);
    frame.render_widget(outer, rect);
    let shown: Vec<Line> = lines
        .iter()
        .map(|l| Line::from(Span::raw(l.clone())))
        .collect();
    let shown = super::wrapped(shown, inner.width);
    let max_scroll = shown.len().saturating_sub(usize::from(inner.height));
    let scroll = usize::from(scroll).min(max_scroll);
    let visible: Vec<Line> = shown.into_iter().skip(scroll).collect();
    frame.render_widget(Paragraph::new(visible), inner);
}

/// The fields a sync found both sides changed, with both values and the choice.
pub fn render_sync_conflict(
    frame: &mut Frame,
    app: &App,
    choice: &crate::ui::app::SyncChoice,
    area: Rect,
) {
    use crate::ledger::merge::Side;
    let th = app.theme;
    let t = app.text();
    let width = area.width.saturating_sub(4).min(100);
    let who = crate::ui::i18n::conflict_who(app.lang, &choice.who.0, &choice.who.1);
    let mut shown = vec![
        Line::from(Span::raw(t.sync_conflict_hint)),
        Line::from(Span::styled(who, th.dim())),
        Line::from(""),
    ];
    let mark_w = t
        .sync_picks
        .iter()
        .map(|p| crate::ui::width::width(p))
        .max()
        .unwrap_or(0);
    for (i, (line, pick)) in choice.lines.iter().zip(&choice.picks).enumerate() {
        let mark = match pick {
            Some(Side::Mine) => t.sync_picks[0],
            Some(Side::Theirs) => t.sync_picks[1],
            None => t.sync_picks[2],
        };
        let style = if i == choice.selected {
            th.selected()
        } else if pick.is_none() {
            th.error()
        } else {
            ratatui::style::Style::new()
        };
        shown.push(Line::from(vec![
            Span::styled(format!("[{}] ", pad(mark, mark_w)), th.header()),
            Span::styled(line.clone(), style),
        ]));
    }
    let shown = super::wrapped(shown, width.saturating_sub(2));
    let height = (shown.len() + 2).min(usize::from(area.height)) as u16;
    let rect = centered(area, width, height);
    super::clear_popup(frame, rect);
    let outer = block(th, format!(" {} ", t.sync_conflict_title), true);
    let inner = outer.inner(rect);
    frame.render_widget(outer, rect);
    frame.render_widget(Paragraph::new(shown), inner);
}
