//! The ledger as edited in the editor does not load: every problem with its place, the
//! draft's path, and the way back (the footer lists the keys).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{block, centered, clear_popup, wrapped};
use crate::ui::app::{App, DraftProblems};
use crate::ui::i18n::fill;

pub fn render_draft_problems(frame: &mut Frame, app: &App, d: &DraftProblems, area: Rect) {
    let t = &app.text().editor;
    let th = app.theme;
    let width = area.width.saturating_sub(4).min(96);
    let inner_width = width.saturating_sub(2);
    let mut lines = vec![
        Line::from(Span::raw(t.invalid_hint)),
        Line::from(Span::styled(
            fill(t.draft_at, crate::ledger::sanitize::path(&d.draft.path)),
            th.dim(),
        )),
        Line::from(""),
    ];
    let head = wrapped(lines.split_off(0), inner_width);
    let problems: Vec<Line> = d
        .problems
        .iter()
        .map(|p| {
            Line::from(Span::styled(
                p.at(app.lang, &p.message(app.lang)),
                th.error(),
            ))
        })
        .collect();
    let problems = wrapped(problems, inner_width);
    let height = (head.len() + problems.len() + 2).min(usize::from(area.height.saturating_sub(2)));
    let rect = centered(area, width, height as u16);
    clear_popup(frame, rect);
    let outer = block(th, format!(" {} ", t.invalid_title), true);
    let inner = outer.inner(rect);
    frame.render_widget(outer, rect);
    // The head stays; the problems scroll under it.
    let room = usize::from(inner.height).saturating_sub(head.len());
    let scroll = usize::from(d.scroll).min(problems.len().saturating_sub(room));
    lines = head;
    lines.extend(problems.into_iter().skip(scroll).take(room));
    frame.render_widget(Paragraph::new(lines), inner);
}
