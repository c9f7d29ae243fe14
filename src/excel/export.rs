//! The 台账 as a workbook for printing: 项目台账, 节点, 单位承诺, 考核排名 and 总览, each with a
//! title row and the day, a frozen header with a filter, column widths from the display
//! width of the text (a Chinese character is two columns wide), numbers as numbers, dates
//! as dates, and pages set up for A3 landscape, one page wide, header rows repeated and the
//! date in the footer. Warning cells are filled in their colour and say it too.

use chrono::NaiveDate;
use rust_xlsxwriter::{
    Color, Format, FormatAlign, FormatBorder, FormatPattern, Workbook, Worksheet, XlsxError,
};

use super::words::{Words, words};
use crate::lang::{Lang, fill};
use crate::ledger::{Ledger, UnitId};
use crate::report::format::colour_label;
use crate::rules::{self, Colour, Countdown};

/// The fill of each colour's cells (strong enough to tell apart on a grey printer too).
pub fn fill_rgb(c: Colour) -> u32 {
    match c {
        Colour::Red => 0xFF7C80,
        Colour::Yellow => 0xFFE699,
        Colour::Blue => 0x9BC2E6,
        Colour::Green => 0xC6E0B4,
    }
}

/// Excel's paper size code for A3.
const A3: u8 = 8;

/// A cell to write: text, a number, a date, or nothing; filled in a colour or not.
pub(super) enum Cell {
    Text(String),
    Number(f64),
    Date(NaiveDate),
    Empty,
}

impl Cell {
    /// Its width on screen, in Excel's columns (a Chinese character counts two).
    fn width(&self) -> usize {
        match self {
            Cell::Text(s) => unicode_width::UnicodeWidthStr::width(s.as_str()),
            Cell::Number(x) => crate::ledger::number::display(*x).len(),
            Cell::Date(_) => 10,
            Cell::Empty => 0,
        }
    }
}

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

fn opt_number(x: Option<f64>) -> Cell {
    x.map_or(Cell::Empty, Cell::Number)
}

fn opt_date(d: Option<NaiveDate>) -> Cell {
    d.map_or(Cell::Empty, Cell::Date)
}

/// One sheet's content: headers and rows, with the colour of each row's warning cell.
pub(super) struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<(Option<Colour>, Vec<Cell>)>,
    /// Which column holds the warning (its cells filled), if any.
    pub warning_col: Option<u16>,
    /// Which column holds percentage points (one decimal shown), if any.
    pub points_col: Option<u16>,
}

/// The formats every sheet uses.
pub(super) struct Formats {
    title: Format,
    header: Format,
    cell: Format,
    number: Format,
    percent_points: Format,
    date: Format,
    fills: [Format; 4],
}

impl Formats {
    pub(super) fn new() -> Self {
        let cell = Format::new()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::VerticalCenter);
        let fill = |c: Colour| {
            cell.clone()
                .set_pattern(FormatPattern::Solid)
                .set_background_color(Color::RGB(fill_rgb(c)))
                .set_bold()
        };
        Formats {
            title: Format::new()
                .set_bold()
                .set_font_size(16)
                .set_align(FormatAlign::Center),
            header: cell
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_pattern(FormatPattern::Solid)
                .set_background_color(Color::RGB(0xD9E1F2)),
            number: cell.clone().set_num_format("0.##"),
            percent_points: cell.clone().set_num_format("0.0"),
            date: cell.clone().set_num_format("yyyy-mm-dd"),
            fills: [
                fill(Colour::Red),
                fill(Colour::Yellow),
                fill(Colour::Blue),
                fill(Colour::Green),
            ],
            cell,
        }
    }

    fn fill(&self, c: Colour) -> &Format {
        &self.fills[match c {
            Colour::Red => 0,
            Colour::Yellow => 1,
            Colour::Blue => 2,
            Colour::Green => 3,
        }]
    }
}

/// The workbook of the ledger as of `today` (of one unit's projects, milestones and
/// pledges when `unit` is given), in `lang`.
pub fn workbook(
    ledger: &Ledger,
    today: NaiveDate,
    unit: Option<UnitId>,
    lang: Lang,
) -> Result<Vec<u8>, XlsxError> {
    let w = words(lang);
    let rw = crate::report::words::words(lang);
    let f = Formats::new();
    let mut book = Workbook::new();
    let day = today.format("%Y-%m-%d").to_string();
    let tables = [
        projects(ledger, today, unit, w, rw),
        milestones(ledger, today, unit, w, rw),
        pledges(ledger, unit, w),
        scorecard(ledger, today, unit, w),
        overview(ledger, today, unit, w),
    ];
    for (i, table) in tables.iter().enumerate() {
        let sheet = book.add_worksheet();
        sheet.set_name(w.sheets[i])?;
        let title = fill(w.titles[i], &[&ledger.title, &day]);
        write_table(sheet, &f, &title, table)?;
        set_up_pages(sheet, &title, &day, w)?;
        if i == 4 {
            legend(sheet, &f, ledger, w, rw, table.rows.len() as u32 + 3)?;
        }
    }
    book.save_to_buffer()
}

/// Title, headers, rows, widths, frozen header, filter.
pub(super) fn write_table(
    sheet: &mut Worksheet,
    f: &Formats,
    title: &str,
    t: &Table,
) -> Result<(), XlsxError> {
    let last_col = t.headers.len().saturating_sub(1) as u16;
    sheet.merge_range(0, 0, 0, last_col, title, &f.title)?;
    sheet.set_row_height(0, 28)?;
    let mut widths: Vec<usize> = t
        .headers
        .iter()
        // Long headers wrap onto a second line rather than widen a column of figures.
        .map(|h| unicode_width::UnicodeWidthStr::width(h.as_str()).min(10))
        .collect();
    for (c, h) in t.headers.iter().enumerate() {
        sheet.write_string_with_format(1, c as u16, h, &f.header)?;
    }
    sheet.set_row_height(1, 32)?;
    for (r, (colour, cells)) in t.rows.iter().enumerate() {
        let row = r as u32 + 2;
        for (c, cell) in cells.iter().enumerate() {
            let col = c as u16;
            let base = match (colour, t.warning_col) {
                (Some(colour), Some(wc)) if wc == col => f.fill(*colour),
                _ => &f.cell,
            };
            match cell {
                Cell::Text(s) => {
                    sheet.write_string_with_format(row, col, s, base)?;
                }
                Cell::Number(x) => {
                    let format = if t.points_col == Some(col) {
                        &f.percent_points
                    } else {
                        &f.number
                    };
                    sheet.write_number_with_format(row, col, *x, format)?;
                }
                Cell::Date(d) => {
                    sheet.write_date_with_format(row, col, d, &f.date)?;
                }
                Cell::Empty => {
                    sheet.write_blank(row, col, base)?;
                }
            }
            if let Some(wd) = widths.get_mut(c) {
                *wd = (*wd).max(cell.width());
            }
        }
    }
    for (c, wd) in widths.iter().enumerate() {
        // Room for the filter's button.
        sheet.set_column_width(c as u16, (*wd + 3).min(60) as f64)?;
    }
    sheet.set_freeze_panes(2, 0)?;
    let last_row = (t.rows.len() as u32 + 1).max(2);
    sheet.autofilter(1, 0, last_row, last_col)?;
    Ok(())
}

/// A3 landscape, one page wide, the title and header rows on every page, the date in the
/// footer.
pub(super) fn set_up_pages(
    sheet: &mut Worksheet,
    title: &str,
    day: &str,
    w: &Words,
) -> Result<(), XlsxError> {
    sheet.set_paper_size(A3);
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(0, 1)?;
    // `&` starts a code in Excel's footers: a title's own is doubled.
    let title = title.replace('&', "&&");
    sheet.set_footer(format!("&L{title}&C{}&R{day}", w.footer_page));
    Ok(())
}

fn legend(
    sheet: &mut Worksheet,
    f: &Formats,
    ledger: &Ledger,
    w: &Words,
    rw: &crate::report::words::Words,
    at: u32,
) -> Result<(), XlsxError> {
    let t = &ledger.thresholds;
    sheet.write_string_with_format(at, 0, w.legend_title, &f.header)?;
    let days = [t.red_days, t.red_days, t.soon_days, 0];
    for (i, c) in Colour::BY_SEVERITY.into_iter().enumerate() {
        let row = at + 1 + i as u32;
        sheet.write_string_with_format(row, 0, colour_label(rw, c), f.fill(c))?;
        sheet.write_string_with_format(row, 1, fill(w.legend[i], &[&days[i]]), &f.cell)?;
    }
    Ok(())
}

fn in_unit(p: &crate::ledger::Project, unit: Option<UnitId>) -> bool {
    unit.is_none_or(|u| p.names_unit(u))
}

fn projects(
    ledger: &Ledger,
    today: NaiveDate,
    unit: Option<UnitId>,
    w: &Words,
    rw: &crate::report::words::Words,
) -> Table {
    let t = &ledger.thresholds;
    let rows = ledger
        .projects
        .iter()
        .filter(|p| in_unit(p, unit))
        .map(|p| {
            let colour = rules::project_colour(p, today, t);
            let next = rules::next_open(p);
            let inv = p.investment.unwrap_or_default();
            let lag = rules::investment_lag(ledger, p, today);
            let support: Vec<&str> = p.support.iter().map(|&u| ledger.unit_name(u)).collect();
            let days = next.map(|m| match rules::countdown(m, today) {
                Countdown::Left(d) => d as f64,
                Countdown::Overdue(d) => -(d as f64),
                Countdown::Done(_) => 0.0,
            });
            let cells = vec![
                colour.map_or(Cell::Empty, |c| text(colour_label(rw, c))),
                text(p.name.as_str()),
                text(p.category.as_deref().unwrap_or("")),
                text(ledger.unit_name(p.lead)),
                text(support.join(w.support_separator)),
                text(p.leader.as_deref().unwrap_or("")),
                text(next.map_or("", |m| m.name.as_str())),
                opt_date(next.map(|m| m.due)),
                opt_number(days),
                opt_number(inv.total),
                opt_number(inv.plan),
                opt_number(inv.done),
                opt_number(crate::report::data::month_done(ledger, p, today)),
                opt_number(lag.map(|l| round1(l.done_pct))),
                opt_number(lag.map(|l| round1(l.gap_points))),
            ];
            (colour, cells)
        })
        .collect();
    Table {
        headers: w.projects.iter().map(|h| h.to_string()).collect(),
        rows,
        warning_col: Some(0),
        points_col: Some(14),
    }
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

fn milestones(
    ledger: &Ledger,
    today: NaiveDate,
    unit: Option<UnitId>,
    w: &Words,
    rw: &crate::report::words::Words,
) -> Table {
    let t = &ledger.thresholds;
    let mut rows = Vec::new();
    for p in &ledger.projects {
        for m in &p.milestones {
            let u = p.milestone_unit(m);
            if unit.is_some_and(|x| x != u) {
                continue;
            }
            let colour = rules::milestone_colour(m, today, t);
            let days = match rules::countdown(m, today) {
                Countdown::Left(d) => Cell::Number(d as f64),
                Countdown::Overdue(d) => Cell::Number(-(d as f64)),
                Countdown::Done(_) => Cell::Empty,
            };
            rows.push((
                Some(colour),
                vec![
                    text(colour_label(rw, colour)),
                    text(p.name.as_str()),
                    text(m.name.as_str()),
                    text(ledger.unit_name(u)),
                    Cell::Date(m.due),
                    opt_date(m.baseline),
                    opt_date(m.done),
                    text(m.by.as_deref().unwrap_or("")),
                    days,
                ],
            ));
        }
    }
    Table {
        headers: w.milestones.iter().map(|h| h.to_string()).collect(),
        rows,
        warning_col: Some(0),
        points_col: None,
    }
}

fn pledges(ledger: &Ledger, unit: Option<UnitId>, w: &Words) -> Table {
    let mut rows = Vec::new();
    for (i, u) in ledger.units.iter().enumerate() {
        if unit.is_some_and(|x| x != i) {
            continue;
        }
        for p in &u.pledges {
            let share = rules::pledge_attainment(p).map(|s| round1(s * 100.0));
            rows.push((
                None,
                vec![
                    text(u.name.as_str()),
                    text(u.leader.as_deref().unwrap_or("")),
                    text(p.text.as_str()),
                    opt_date(p.due),
                    opt_number(p.target),
                    text(p.measure.as_deref().unwrap_or("")),
                    opt_number(p.progress),
                    opt_number(share),
                    opt_date(p.done),
                ],
            ));
        }
    }
    Table {
        headers: w.pledges.iter().map(|h| h.to_string()).collect(),
        rows,
        warning_col: None,
        points_col: None,
    }
}

fn scorecard(ledger: &Ledger, today: NaiveDate, unit: Option<UnitId>, w: &Words) -> Table {
    let (rows, stats) = crate::report::data::scorecard(ledger, today);
    let pct = |x: Option<f64>| opt_number(x.map(|v| round1(v * 100.0)));
    let rows = rows
        .iter()
        .filter(|r| unit.is_none_or(|u| u == r.unit))
        .filter_map(|r| {
            let s = stats.get(r.unit)?;
            Some((
                None,
                vec![
                    r.rank.map_or_else(|| text("—"), |n| Cell::Number(n as f64)),
                    text(ledger.unit_name(r.unit)),
                    pct(s.on_time_rate()),
                    Cell::Number(s.counts.red as f64),
                    Cell::Number(s.counts.yellow as f64),
                    Cell::Number(s.counts.blue as f64),
                    Cell::Number(s.counts.green as f64),
                    pct(s.pledge_attainment),
                    text(format!("{}/{}", s.on_time, s.due_so_far)),
                    Cell::Number(s.replanned as f64),
                ],
            ))
        })
        .collect();
    Table {
        headers: w.scorecard.iter().map(|h| h.to_string()).collect(),
        rows,
        warning_col: None,
        points_col: None,
    }
}

fn overview(ledger: &Ledger, today: NaiveDate, unit: Option<UnitId>, w: &Words) -> Table {
    let shown = ledger.projects.iter().filter(|p| in_unit(p, unit));
    let totals = rules::totals(ledger, shown, today);
    let n = |x: usize| Cell::Number(x as f64);
    let r = &w.overview_rows;
    let colour_row = |i: usize, c: Colour| (Some(c), vec![text(r[i]), n(totals.counts.get(c))]);
    let mut rows = vec![
        (None, vec![text(r[0]), n(totals.projects)]),
        (None, vec![text(r[1]), n(totals.milestones)]),
        colour_row(2, Colour::Red),
        colour_row(3, Colour::Yellow),
        colour_row(4, Colour::Blue),
        colour_row(5, Colour::Green),
        (
            None,
            vec![text(r[6]), Cell::Number(totals.investment_total)],
        ),
        (None, vec![text(r[7]), Cell::Number(totals.investment_plan)]),
        (None, vec![text(r[8]), Cell::Number(totals.investment_done)]),
    ];
    if let Some(office) = &ledger.office {
        rows.push((None, vec![text(w.office_row), text(office.as_str())]));
    }
    Table {
        headers: w.overview.iter().map(|h| h.to_string()).collect(),
        rows,
        warning_col: Some(0),
        points_col: None,
    }
}
