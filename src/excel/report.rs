//! A report (the brief, the notice, the scorecard) as a workbook: its table as the CSV
//! report lists it, with a title row, a frozen header with a filter, widths from display
//! width, numbers as numbers, dates as dates, colour cells filled, set up to print.

use chrono::NaiveDate;
use rust_xlsxwriter::{Workbook, XlsxError};

use super::export::{Cell, Formats, Table, set_up_pages, write_table};
use super::import::grid::{Value, csv};
use super::words::words;
use crate::lang::Lang;
use crate::report::format::colour_label;
use crate::rules::Colour;

/// The workbook of a report whose table is `csv` (as `--format csv` writes it).
pub fn report_workbook(
    sheet: &str,
    title: &str,
    day: NaiveDate,
    csv_text: &str,
    lang: Lang,
) -> Result<Vec<u8>, XlsxError> {
    let rw = crate::report::words::words(lang);
    let mut rows = csv(csv_text.strip_prefix('\u{feff}').unwrap_or(csv_text)).into_iter();
    let headers: Vec<String> = rows
        .next()
        .unwrap_or_default()
        .iter()
        .map(Value::text)
        .collect();
    let colours = Colour::BY_SEVERITY.map(|c| (colour_label(rw, c), c));
    let mut warning_col = None;
    let rows: Vec<(Option<Colour>, Vec<Cell>)> = rows
        .map(|r| {
            let mut colour = None;
            let cells = r
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    let t = v.text();
                    if let Some((_, c)) = colours.iter().find(|(l, _)| *l == t) {
                        colour = Some(*c);
                        warning_col = Some(i as u16);
                    }
                    cell(&t)
                })
                .collect();
            (colour, cells)
        })
        .collect();
    let table = Table {
        headers,
        rows,
        warning_col,
        points_col: None,
    };
    let f = Formats::new();
    let mut book = Workbook::new();
    let s = book.add_worksheet();
    s.set_name(sheet)?;
    write_table(s, &f, title, &table)?;
    set_up_pages(s, title, &day.to_string(), words(lang))?;
    book.save_to_buffer()
}

/// A CSV cell as the workbook holds it: a number, a date (YYYY-MM-DD), else text (the
/// quote CSV puts before a formula sign is not needed in a workbook).
fn cell(t: &str) -> Cell {
    if t.is_empty() {
        return Cell::Empty;
    }
    if let Ok(x) = t.parse::<f64>() {
        return Cell::Number(x);
    }
    if t.len() == 10
        && let Ok(d) = NaiveDate::parse_from_str(t, "%Y-%m-%d")
    {
        return Cell::Date(d);
    }
    Cell::Text(t.strip_prefix('\'').unwrap_or(t).to_string())
}
