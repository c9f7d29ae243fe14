//! The bureau picker: every unit with its project count; typing narrows the list.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{block, centered};
use crate::ui::Action;
use crate::ui::app::{App, Picker, Scroll};
use crate::ui::keymap::{Context, Pick};
use crate::ui::update::picker_rows;
use crate::ui::width::{pad, pad_left};

pub fn render_picker(frame: &mut Frame, app: &App, picker: &Picker, area: Rect) {
    let t = app.text();
    let th = app.theme;
    let rect = centered(area, 46, area.height.saturating_sub(4).max(8));
    super::clear_popup(frame, rect);
    let outer = block(th, format!(" {} ", t.picker_title), true);
    let inner = outer.inner(rect);
    frame.render_widget(outer, rect);
    let w = usize::from(inner.width);
    let rows = picker_rows(app, picker.query.as_str());
    let mut lines = vec![
        Line::from(vec![
            Span::styled("› ", th.header()),
            Span::raw(picker.query.split().0.to_string()),
            Span::styled(th.cursor(), th.focus_border()),
            Span::raw(picker.query.split().1.to_string()),
        ]),
        Line::from(Span::styled(
            crate::ui::width::fit(
                &app.keymap.fill_keys(
                    t.picker_hint,
                    &[
                        (Context::Picker, Action::Confirm, Pick::First),
                        (Context::Picker, Action::Cancel, Pick::First),
                    ],
                ),
                w,
            ),
            th.dim(),
        )),
    ];
    let height = usize::from(inner.height).saturating_sub(2);
    let scroll = Scroll {
        selected: picker.selected,
        offset: 0,
    };
    let offset = scroll.visible_offset(rows.len(), height);
    // Counts never cut: as wide as the number of all projects.
    let count_w = crate::ui::width::digits(app.ledger.projects.len()).max(5);
    for (i, row) in rows.iter().enumerate().skip(offset).take(height) {
        let (name, count) = match row {
            None => (t.all_units.to_string(), app.ledger.projects.len()),
            Some(u) => (
                app.ledger.units[*u].name.to_string(),
                app.derived.unit_stats[*u].projects,
            ),
        };
        let selected = i == picker.selected;
        let marker = if selected { th.marker() } else { " " };
        let line = Line::from(format!(
            "{marker}{} {}",
            pad(&name, w.saturating_sub(2 + count_w)),
            pad_left(&count.to_string(), count_w)
        ));
        lines.push(if selected {
            line.style(th.selected())
        } else {
            line
        });
    }
    if rows.is_empty() {
        lines.push(Line::from(Span::styled(t.empty, th.dim())));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
