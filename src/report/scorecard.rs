//! The unit scorecard (单位考核排名): units ranked by on-time rate, then fewer reds, then
//! pledge attainment; units that tie share a rank (1, 1, 3). Units with nothing due yet are
//! listed apart, unranked ("—").

use chrono::NaiveDate;

use super::csv::{Cell, Csv};
use super::format::{Format, long_date, md_escape, md_row, md_table_head, one_decimal, percent};
use super::words::Words;
use crate::lang::fill;
use crate::ledger::Ledger;
use crate::rules::{ScoreRow, UnitStats};

/// The heading of the units listed apart, unranked; `tight` for plain text.
fn apart_heading(w: &Words, n: usize, tight: bool) -> String {
    fill(w.scorecard_apart[usize::from(tight)], &[&n])
}

/// "1", or "—" for a unit with nothing due yet.
fn rank(r: &ScoreRow) -> String {
    r.rank.map_or_else(|| "—".to_string(), |n| n.to_string())
}

pub fn render(
    w: &Words,
    ledger: &Ledger,
    rows: &[ScoreRow],
    stats: &[UnitStats],
    today: NaiveDate,
    format: Format,
    bom: bool,
) -> String {
    // Rows come from `rules::scorecard(stats)`, so every index is in range; skip rather than
    // panic if that ever changes.
    let rows: Vec<Row> = rows
        .iter()
        .filter_map(|r| Some((r, stats.get(r.unit)?)))
        .collect();
    match format {
        Format::Csv => csv(w, ledger, &rows, bom),
        Format::Md => md(w, ledger, &rows, today),
        Format::Txt => txt(w, ledger, &rows, today),
    }
}

/// A unit's place and its figures.
type Row<'a> = (&'a ScoreRow, &'a UnitStats);

fn csv(w: &Words, ledger: &Ledger, rows: &[Row], bom: bool) -> String {
    let mut csv = Csv::new(bom);
    csv.row(w.scorecard_csv_columns.map(Cell::from));
    let pct = |x: Option<f64>| x.map_or(Cell::Empty, |v| Cell::Number(one_decimal(v * 100.0)));
    for (r, s) in rows {
        csv.row([
            r.rank.map_or(Cell::from("—"), |n| Cell::Number(n as f64)),
            ledger.unit_name(r.unit).into(),
            pct(s.on_time_rate()),
            Cell::Number(s.counts.red as f64),
            Cell::Number(s.counts.yellow as f64),
            Cell::Number(s.counts.blue as f64),
            Cell::Number(s.counts.green as f64),
            pct(s.pledge_attainment),
            Cell::Number(s.due_so_far as f64),
            Cell::Number(s.on_time as f64),
            Cell::Number(s.done_late as f64),
            Cell::Number(s.replanned as f64),
        ]);
    }
    csv.finish()
}

fn md(w: &Words, ledger: &Ledger, rows: &[Row], today: NaiveDate) -> String {
    let title = fill(w.scorecard_title, &[&ledger.title, &long_date(w, today)]);
    let mut out = format!("# {}\n\n{}\n\n", md_escape(&title), w.scorecard_basis);
    // The four colours' columns are the colour labels themselves.
    let columns: Vec<&str> = w
        .scorecard_columns_before
        .iter()
        .chain(&w.colours)
        .chain(&w.scorecard_columns_after)
        .copied()
        .collect();
    let (ranked, apart): (Vec<Row>, Vec<Row>) =
        rows.iter().copied().partition(|(r, _)| r.rank.is_some());
    let table = |out: &mut String, part: &[(&ScoreRow, &UnitStats)]| {
        md_table_head(out, &columns);
        for (r, s) in part {
            md_row(
                out,
                &[
                    rank(r),
                    ledger.unit_name(r.unit).to_string(),
                    percent(s.on_time_rate()),
                    s.counts.red.to_string(),
                    s.counts.yellow.to_string(),
                    s.counts.blue.to_string(),
                    s.counts.green.to_string(),
                    percent(s.pledge_attainment),
                    format!("{}/{}", s.on_time, s.due_so_far),
                    s.replanned.to_string(),
                ],
            );
        }
    };
    table(&mut out, &ranked);
    if !apart.is_empty() {
        out.push_str(&format!(
            "\n## {}\n\n",
            apart_heading(w, apart.len(), false)
        ));
        table(&mut out, &apart);
    }
    out
}

fn txt(w: &Words, ledger: &Ledger, rows: &[Row], today: NaiveDate) -> String {
    let mut out = fill(w.scorecard_title, &[&ledger.title, &long_date(w, today)]);
    out.push('\n');
    out.push_str(w.scorecard_basis);
    out.push_str("\n\n");
    let (ranked, apart): (Vec<Row>, Vec<Row>) =
        rows.iter().copied().partition(|(r, _)| r.rank.is_some());
    for (i, part) in [ranked, apart].iter().enumerate() {
        if i == 1 && !part.is_empty() {
            out.push_str(&format!("\n{}\n", apart_heading(w, part.len(), true)));
        }
        for (r, s) in part {
            let place = r
                .rank
                .map_or_else(|| "—".to_string(), |n| fill(w.scorecard_place, &[&n]));
            out.push_str(&fill(
                w.scorecard_line,
                &[
                    &place,
                    &ledger.unit_name(r.unit),
                    &percent(s.on_time_rate()),
                    &s.on_time,
                    &s.due_so_far,
                    &s.counts.red,
                    &s.counts.yellow,
                    &s.counts.blue,
                    &s.counts.green,
                    &percent(s.pledge_attainment),
                    &s.replanned,
                ],
            ));
            out.push('\n');
        }
    }
    out
}
