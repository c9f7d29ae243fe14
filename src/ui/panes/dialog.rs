//! Dialogs: cross off (销号), un-mark, and one-line inputs.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{block, centered};
use crate::ui::Action;
use crate::ui::app::{
    App, ConflictDialog, CrossOffDialog, DateProblem, InputField, InputPurpose, MilestoneRef,
};
use crate::ui::i18n::fill;
use crate::ui::keymap::{Context as C, Pick};
use crate::ui::width::fit;

fn frame_dialog(frame: &mut Frame, app: &App, title: String, area: Rect, lines: Vec<Line>) {
    // Wrapped first, so the dialog is as tall as its wrapped lines.
    let lines = super::wrapped(lines, 56.min(area.width).saturating_sub(2));
    let rect = centered(area, 56, (lines.len() as u16).saturating_add(2));
    super::clear_popup(frame, rect);
    let outer = block(app.theme, title, true);
    let inner = outer.inner(rect);
    frame.render_widget(outer, rect);
    frame.render_widget(Paragraph::new(lines), inner);
}

fn milestone_lines(app: &App, at: MilestoneRef) -> Vec<Line<'static>> {
    let t = app.text();
    let th = app.theme;
    let p = &app.ledger.projects[at.project];
    let m = &p.milestones[at.milestone];
    let mut lines = vec![
        Line::from(vec![
            Span::styled(format!("{} ", t.col_project), th.header()),
            Span::raw(fit(&p.name, 46)),
        ]),
        Line::from(vec![
            Span::styled(format!("{} ", t.col_milestone), th.header()),
            Span::raw(fit(&m.name, 30)),
            Span::raw(format!("  {} {}", t.col_due, m.due)),
        ]),
        Line::from(vec![
            Span::styled(format!("{} ", t.col_unit), th.header()),
            Span::raw(fit(app.ledger.unit_name(p.milestone_unit(m)), 46)),
        ]),
    ];
    if let (Some(d), by) = (m.done, &m.by) {
        lines.push(Line::from(fit(
            &format!("{} {d} {}", t.done_on, by.as_deref().unwrap_or("")),
            50,
        )));
    }
    lines
}

pub fn render_cross_off(frame: &mut Frame, app: &App, d: &CrossOffDialog, area: Rect) {
    let t = app.text();
    let th = app.theme;
    let mut lines = milestone_lines(app, d.at);
    lines.push(Line::from(""));
    lines.push(Line::from(vec![
        Span::styled(format!("{} ", t.crossoff_date), th.header()),
        Span::styled(
            {
                let (before, after) = d.date.split();
                format!("[{before}{}{after}]", th.cursor())
            },
            th.focus_border(),
        ),
        Span::raw(fit(&format!("  {} {}", t.col_by, app.user), 24)),
    ]));
    if let Some(problem) = d.error {
        let why = match problem {
            DateProblem::Shape => t.bad_date.to_string(),
            DateProblem::NoSuchDay => fill(t.date_no_such_day, d.date.as_str().trim()),
            DateProblem::AfterToday => fill(t.date_after_today, app.today),
        };
        lines.push(Line::from(Span::styled(why, th.error())));
    }
    lines.push(Line::from(Span::styled(
        hint(app, t.confirm_hint, C::Dialog, Pick::First),
        th.dim(),
    )));
    frame_dialog(frame, app, format!(" {} ", t.crossoff_title), area, lines);
}

pub fn render_unmark(frame: &mut Frame, app: &App, at: MilestoneRef, area: Rect) {
    let t = app.text();
    let mut lines = milestone_lines(app, at);
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        hint(app, t.unmark_hint, C::Dialog, Pick::First),
        app.theme.dim(),
    )));
    frame_dialog(frame, app, format!(" {} ", t.unmark_title), area, lines);
}

pub fn render_input(frame: &mut Frame, app: &App, f: &InputField, area: Rect) {
    let t = app.text();
    let th = app.theme;
    let (title, about) = match f.purpose {
        InputPurpose::Update { project } => (
            t.updates,
            format!("{} · {}", app.ledger.projects[project].name, app.today),
        ),
        InputPurpose::Progress { unit, pledge } => {
            let p = &app.ledger.units[unit].pledges[pledge];
            let target = match (p.target, &p.measure) {
                (Some(x), Some(m)) => format!(" / {}{m}", crate::ledger::number::display(x)),
                _ => String::new(),
            };
            (t.col_pledges, format!("{}{target}", p.text))
        }
    };
    let (before, after) = f.text.split();
    let (before, after) = crate::ui::width::around_cursor(before, after, 50);
    let mut lines = vec![
        Line::from(Span::raw(fit(&about, 52))),
        Line::from(""),
        Line::from(vec![
            Span::styled("› ", th.header()),
            Span::raw(before),
            Span::styled(th.cursor(), th.focus_border()),
            Span::raw(after),
        ]),
    ];
    if let Some(e) = &f.error {
        lines.push(Line::from(Span::styled(e.clone(), th.error())));
    }
    lines.push(Line::from(Span::styled(
        hint(app, t.confirm_hint, C::Input, Pick::First),
        th.dim(),
    )));
    frame_dialog(frame, app, format!(" {title} "), area, lines);
}

/// Quitting would lose changes: which, and the choice.
pub fn render_confirm_quit(frame: &mut Frame, app: &App, area: Rect) {
    let t = app.text();
    let th = app.theme;
    let lost = crate::ui::update::saving::unsaved_lines(app);
    let mut lines = vec![Line::from(Span::styled(
        crate::ui::i18n::fill(t.confirm_quit, lost.len()),
        th.error(),
    ))];
    for what in lost.iter().take(5) {
        lines.push(Line::from(fit(&format!(" · {what}"), 52)));
    }
    if let Some(reason) = app
        .save_failed
        .as_deref()
        .or(app.lock_wait.as_ref().map(|_| t.lock_holder_unknown))
    {
        lines.push(Line::from(Span::styled(fit(reason, 52), th.dim())));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        hint(app, t.confirm_quit_hint, C::Dialog, Pick::Last),
        th.dim(),
    )));
    frame_dialog(
        frame,
        app,
        format!(" {} ", t.confirm_quit_title),
        area,
        lines,
    );
}

/// The first conflict: the user's version beside the file's.
pub fn render_conflict(frame: &mut Frame, app: &App, d: &ConflictDialog, area: Rect) {
    let t = app.text();
    let th = app.theme;
    let Some(c) = d.conflicts.first() else {
        return;
    };
    let lines = vec![
        Line::from(Span::raw(fit(t.conflict_intro, 52))),
        Line::from(Span::styled(fit(&c.what, 52), th.header())),
        Line::from(""),
        Line::from(vec![
            Span::styled(format!("{} ", t.conflict_mine), th.header()),
            Span::raw(fit(&c.mine, 44)),
        ]),
        Line::from(vec![
            Span::styled(format!("{} ", t.conflict_theirs), th.header()),
            Span::raw(fit(&c.theirs, 44)),
        ]),
        Line::from(""),
        Line::from(Span::styled(
            app.keymap.fill_keys(
                t.conflict_hint,
                &[
                    (C::Dialog, Action::KeepMine, Pick::First),
                    (C::Dialog, Action::KeepTheirs, Pick::First),
                ],
            ),
            th.dim(),
        )),
    ];
    let title = if d.conflicts.len() > 1 {
        format!(" {} (1/{}) ", t.conflict_title, d.conflicts.len())
    } else {
        format!(" {} ", t.conflict_title)
    };
    frame_dialog(frame, app, title, area, lines);
}

/// git wants a password: what it said, and the offer of the terminal.
pub fn render_sync_password(frame: &mut Frame, app: &App, said: &str, area: Rect) {
    let t = app.text();
    let th = app.theme;
    let mut lines = vec![Line::from(Span::raw(t.password_offer)), Line::from("")];
    // git's first words say what it wanted; the rest is its usual advice.
    lines.extend(
        said.lines()
            .filter(|l| !l.trim().is_empty())
            .take(1)
            .map(|l| Line::from(Span::styled(l.to_string(), th.dim()))),
    );
    lines.extend([
        Line::from(""),
        Line::from(Span::styled(
            hint(app, t.password_hint, C::Dialog, Pick::First),
            th.dim(),
        )),
    ]);
    frame_dialog(frame, app, format!(" {} ", t.password_title), area, lines);
}

/// A "{} confirm · {} cancel" hint with the keys in force.
fn hint(app: &App, template: &str, context: C, pick: Pick) -> String {
    app.keymap.fill_keys(
        template,
        &[
            (context, Action::Confirm, pick),
            (context, Action::Cancel, pick),
        ],
    )
}
