//! Rendering: a pure function of the state, one file per pane.

pub mod chrome;
pub mod dialog;
mod draft;
mod form;
pub mod help;
pub mod overview;
pub mod picker;
pub mod projects;
pub mod timeline;
pub mod trend;
pub mod units;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::app::{App, Mode, View};
use super::theme::Theme;
use crate::rules::Colour;

/// Below this the UI shows only a "terminal too small" note.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 15;

/// Draws the whole screen.
pub fn render(frame: &mut Frame, app: &App) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        render_too_small(frame, app, area);
        return;
    }
    let [title, tabs, body, status, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    chrome::render_title(frame, app, title);
    chrome::render_tabs(frame, app, tabs);
    match app.view {
        View::Projects => projects::render_projects(frame, app, body),
        View::Units => units::render_units(frame, app, body),
        View::Timeline if app.wall => timeline::render_wall_chart(frame, app, body),
        View::Timeline => timeline::render_timeline(frame, app, body),
        View::Overview => overview::render_overview(frame, app, body),
    }
    chrome::render_status(frame, app, status);
    chrome::render_footer(frame, app, footer);
    match &app.mode {
        Mode::Picker(p) => picker::render_picker(frame, app, p, area),
        Mode::CrossOff(d) => dialog::render_cross_off(frame, app, d, area),
        Mode::Unmark(at) => dialog::render_unmark(frame, app, *at, area),
        Mode::Input(f) => dialog::render_input(frame, app, f, area),
        Mode::Form(f) => form::render_form(frame, app, f, area),
        Mode::ConfirmRemove(at) => form::render_confirm_remove(frame, app, *at, area),
        Mode::Help { scroll } => help::render_help(frame, app, *scroll, area),
        Mode::SyncConflict(choice) => help::render_sync_conflict(frame, app, choice, area),
        Mode::History { lines, scroll } => help::render_history(frame, app, lines, *scroll, area),
        Mode::DraftProblems(d) => draft::render_draft_problems(frame, app, d, area),
        Mode::ConfirmQuit(_) => dialog::render_confirm_quit(frame, app, area),
        Mode::SyncPassword(said) => dialog::render_sync_password(frame, app, said, area),
        Mode::Conflict(d) => dialog::render_conflict(frame, app, d, area),
        Mode::Browse | Mode::Search(_) => {}
    }
}

fn render_too_small(frame: &mut Frame, app: &App, area: Rect) {
    let t = app.text();
    let msg = format!(
        "{} ({}x{} < {MIN_WIDTH}x{MIN_HEIGHT})",
        t.too_small, area.width, area.height
    );
    let lines = vec![Line::from(msg), Line::from(t.too_small_quit)];
    frame.render_widget(Paragraph::new(lines), area);
}

/// A bordered block in the theme's border set.
pub fn block(theme: Theme, title: String, focused: bool) -> Block<'static> {
    let style = if focused {
        theme.focus_border()
    } else {
        theme.dim()
    };
    Block::default()
        .borders(Borders::ALL)
        .border_set(theme.border_set())
        .border_style(style)
        .title(Span::styled(title, theme.header()))
}

/// The colour cell: symbol and word, styled ("✗红", "✓ green").
pub fn colour_span(app: &App, c: Colour) -> Span<'static> {
    let t = app.text();
    let word = t.colour_words[c as usize];
    let sep = if word.is_ascii() { " " } else { "" };
    Span::styled(
        format!("{}{sep}{word}", app.theme.symbol(c)),
        app.theme.warning(c),
    )
}

/// The colour cell of a project: "—" when it has no milestones, so no colour.
pub fn project_colour_span(app: &App, c: Option<Colour>) -> Span<'static> {
    match c {
        Some(c) => colour_span(app, c),
        None => Span::styled(app.theme.no_colour(), app.theme.dim()),
    }
}

/// Every unit's name, for cutting one so it cannot be read as another (`fit_distinct`).
pub fn unit_names(app: &App) -> Vec<&str> {
    app.ledger.units.iter().map(|u| u.name.as_str()).collect()
}

/// Cells the colour cell takes in this language.
pub fn colour_cell_width(app: &App) -> usize {
    let t = app.text();
    t.colour_words
        .iter()
        .map(|w| 1 + super::width::width(w) + usize::from(w.is_ascii()))
        .max()
        .unwrap_or(3)
}

/// The head of the four colour-count columns: each colour's symbol over its column
/// (`App::count_width` cells).
pub fn count_header(app: &App) -> String {
    Colour::BY_SEVERITY
        .iter()
        .map(|&c| super::width::pad_left(app.theme.symbol(c), app.derived.count_width))
        .collect()
}

/// A unit's milestones by colour, worst first, each in its column; nothing to see is dim.
pub fn count_cells(app: &App, counts: &crate::rules::ColourCounts) -> Vec<Span<'static>> {
    let (theme, w) = (app.theme, app.derived.count_width);
    Colour::BY_SEVERITY
        .iter()
        .map(|&c| {
            let n = counts.get(c);
            let style = if n > 0 && c != Colour::Green {
                theme.warning(c)
            } else {
                theme.dim()
            };
            Span::styled(super::width::pad_left(&n.to_string(), w), style)
        })
        .collect()
}

/// A pledge's figures ("20/24座"); empty without a target.
pub fn pledge_amount(p: &crate::ledger::Pledge) -> String {
    use crate::ledger::number::display;
    match (p.target, &p.measure) {
        (Some(target), Some(m)) => format!(
            "{}/{}{m}",
            display(p.progress.unwrap_or(0.0)),
            display(target)
        ),
        _ => String::new(),
    }
}

/// A pledge's bar of `cells` cells: how much of it is attained, green once it is.
pub fn pledge_bar(theme: Theme, p: &crate::ledger::Pledge, cells: usize) -> [Span<'static>; 2] {
    let share = crate::rules::pledge_attainment(p).unwrap_or(0.0);
    let colour = if p.done.is_some() || share >= 1.0 {
        Colour::Green
    } else {
        Colour::Blue
    };
    bar(theme, share, cells, theme.warning(colour))
}

/// A progress bar of `cells` cells for a share 0..=1: the done part in `style`, the rest dim.
pub fn bar(theme: Theme, share: f64, cells: usize, style: Style) -> [Span<'static>; 2] {
    let filled = ((share.clamp(0.0, 1.0) * cells as f64).round() as usize).min(cells);
    let (full, empty) = theme.bar_chars();
    [
        Span::styled(full.repeat(filled), style),
        Span::styled(empty.repeat(cells - filled), theme.dim()),
    ]
}

/// The countdown words of a milestone ("还剩 5 天" / "逾期 3 天" / "已完成").
pub fn countdown_text(app: &App, m: &crate::ledger::Milestone) -> String {
    countdown_words(app, crate::rules::countdown(m, app.today))
}

fn countdown_words(app: &App, c: crate::rules::Countdown) -> String {
    let t = app.text();
    match c {
        crate::rules::Countdown::Done(_) => t.done_on.to_string(),
        crate::rules::Countdown::Left(0) => t.due_today.to_string(),
        crate::rules::Countdown::Left(n) => super::i18n::fill(t.days_left, n),
        crate::rules::Countdown::Overdue(n) => super::i18n::fill(t.days_late, n),
    }
}

/// Cells the countdown column needs for the dates of `span`: its longest text. More days
/// never take fewer digits, so the earliest and latest open due dates give the longest texts.
pub fn countdown_width(app: &App, span: &crate::ui::app::DueSpan) -> usize {
    use crate::rules::Countdown;
    let mut texts = Vec::new();
    if let (Some(first), Some(last)) = (span.first, span.last) {
        let today = app.today;
        if last >= today {
            texts.push(Countdown::Left((last - today).num_days()));
        }
        if first < today {
            texts.push(Countdown::Overdue((today - first).num_days()));
        }
        if first <= today && today <= last {
            texts.push(Countdown::Left(0));
        }
    }
    if span.any_done {
        texts.push(Countdown::Done(app.today));
    }
    texts
        .into_iter()
        .map(|c| super::width::width(&countdown_words(app, c)))
        .max()
        .unwrap_or(0)
}

/// A due date as "MM-DD", with the year when it is not the campaign's year.
/// Cells the due column needs: a full date when any falls in another year.
pub fn due_width(span: &crate::ui::app::DueSpan) -> usize {
    if span.other_year { 10 } else { 5 }
}

pub fn due_text(app: &App, d: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    if d.year() == app.ledger.year {
        d.format("%m-%d").to_string()
    } else {
        d.to_string()
    }
}

/// A milestone's due date as [`due_text`] shows it, marked when it was re-planned.
pub fn due_marked(app: &App, m: &crate::ledger::Milestone) -> String {
    let mut s = due_text(app, m.due);
    if m.moved_days().is_some_and(|d| d != 0) {
        s.push_str(app.theme.replanned_mark());
    }
    s
}

/// "原计划 04-30 · 延期 92 天": a re-planned milestone against its first due date.
pub fn replan_text(app: &App, m: &crate::ledger::Milestone) -> Option<String> {
    let t = &app.text().edits;
    let days = m.moved_days().filter(|&d| d != 0)?;
    let baseline = crate::ui::i18n::fill(t.baseline, due_text(app, m.baseline?));
    let moved = if days > 0 {
        crate::ui::i18n::fill(t.moved_days, days)
    } else {
        crate::ui::i18n::fill(t.moved_earlier, -days)
    };
    Some(format!("{baseline} · {moved}"))
}

/// A centred rectangle of at most `w` x `h` inside `area`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// Money in 亿元 as figures are shown; "—" when there is none.
pub fn money(x: Option<f64>) -> String {
    x.map_or_else(|| "—".to_string(), crate::ledger::number::display)
}

pub fn plain(s: impl Into<String>) -> Span<'static> {
    Span::styled(s.into(), Style::new())
}

/// Clears a popup's area, and the wide character that straddles its left edge: otherwise
/// that character's right half would hide the popup's border.
pub fn clear_popup(frame: &mut Frame, rect: Rect) {
    frame.render_widget(ratatui::widgets::Clear, rect);
    if rect.x == 0 {
        return;
    }
    let buf = frame.buffer_mut();
    for y in rect.y..rect.bottom() {
        let cell = &mut buf[(rect.x - 1, y)];
        if super::width::width(cell.symbol()) > 1 {
            cell.set_symbol(" ");
        }
    }
}

/// `lines` wrapped to `w` cells by `width::wrap`, each span keeping its style. Not ratatui's
/// `Wrap`: its word wrapper checks the width before adding a character, so a wide one that
/// lands on the last cell (after an odd-width `"` or `“`) overflows into the border.
pub fn wrapped(lines: Vec<Line<'_>>, w: u16) -> Vec<Line<'static>> {
    lines
        .into_iter()
        .flat_map(|l| wrap_line(&l, usize::from(w)))
        .collect()
}

fn wrap_line(line: &Line<'_>, w: usize) -> Vec<Line<'static>> {
    let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
    super::width::wrap(&text, w)
        .into_iter()
        .map(|range| {
            let mut at = 0;
            let mut spans = Vec::new();
            for s in &line.spans {
                let (start, end) = (at, at + s.content.len());
                at = end;
                let (lo, hi) = (start.max(range.start), end.min(range.end));
                if lo < hi {
                    spans.push(Span::styled(text[lo..hi].to_string(), s.style));
                }
            }
            Line::from(spans).style(line.style)
        })
        .collect()
}
