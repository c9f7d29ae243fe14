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
use crate::trend::{Counts, Point, Trend};

/// A unit's red and yellow at the end of the month before, and the change since: then
/// against now.
fn month_before(
    before: Before,
    ledger: &Ledger,
    r: &ScoreRow,
    s: &UnitStats,
) -> Option<(Counts, i64)> {
    let (trend, point) = before?;
    let then = trend.unit_at(point, ledger.unit_name(r.unit));
    let now = (s.counts.red + s.counts.yellow) as i64;
    Some((then, now - i64::from(then.warned())))
}

/// "+2", "−3", "0".
fn signed(n: i64) -> String {
    match n {
        0 => "0".to_string(),
        n if n > 0 => format!("+{n}"),
        n => format!("−{}", -n),
    }
}

/// The sentence saying what the month-before columns are.
fn before_basis(w: &Words, before: Before, today: NaiveDate) -> Option<String> {
    let (_, point) = before?;
    Some(fill(
        w.scorecard_month_before_basis,
        &[&long_date(w, point.day), &long_date(w, today)],
    ))
}

/// The heading of the units listed apart, unranked; `tight` for plain text.
fn apart_heading(w: &Words, n: usize, tight: bool) -> String {
    fill(w.scorecard_apart[usize::from(tight)], &[&n])
}

/// "1", or "—" for a unit with nothing due yet.
fn rank(r: &ScoreRow) -> String {
    r.rank.map_or_else(|| "—".to_string(), |n| n.to_string())
}

/// The history's counts at the end of the month before, and that point.
pub type Before<'a> = Option<(&'a Trend, &'a Point)>;

pub fn render(
    w: &Words,
    ledger: &Ledger,
    (rows, stats): (&[ScoreRow], &[UnitStats]),
    before: Before,
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
        Format::Csv => csv(w, ledger, &rows, before, bom),
        Format::Md => md(w, ledger, &rows, before, today),
        Format::Txt => txt(w, ledger, &rows, before, today),
    }
}

/// A unit's place and its figures.
type Row<'a> = (&'a ScoreRow, &'a UnitStats);

fn csv(w: &Words, ledger: &Ledger, rows: &[Row], before: Before, bom: bool) -> String {
    let mut csv = Csv::new(bom);
    let mut head: Vec<Cell> = w.scorecard_csv_columns.map(Cell::from).to_vec();
    if before.is_some() {
        head.extend(w.scorecard_month_before_csv.map(Cell::from));
    }
    csv.row(head);
    let pct = |x: Option<f64>| x.map_or(Cell::Empty, |v| Cell::Number(one_decimal(v * 100.0)));
    for (r, s) in rows {
        csv.row(
            [
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
            ]
            .into_iter()
            .chain(
                month_before(before, ledger, r, s)
                    .into_iter()
                    .flat_map(|(then, change)| {
                        [
                            Cell::Number(f64::from(then.red)),
                            Cell::Number(f64::from(then.yellow)),
                            Cell::Number(change as f64),
                        ]
                    }),
            )
            .collect::<Vec<_>>(),
        );
    }
    csv.finish()
}

fn md(w: &Words, ledger: &Ledger, rows: &[Row], before: Before, today: NaiveDate) -> String {
    let title = fill(w.scorecard_title, &[&ledger.title, &long_date(w, today)]);
    let mut out = format!("# {}\n\n{}\n\n", md_escape(&title), w.scorecard_basis);
    if let Some(basis) = before_basis(w, before, today) {
        out.push_str(&basis);
        out.push_str("\n\n");
    }
    // The four colours' columns are the colour labels themselves.
    let extra: &[&str] = if before.is_some() {
        &w.scorecard_month_before_columns
    } else {
        &[]
    };
    let columns: Vec<&str> = w
        .scorecard_columns_before
        .iter()
        .chain(&w.colours)
        .chain(&w.scorecard_columns_after)
        .chain(extra)
        .copied()
        .collect();
    let (ranked, apart): (Vec<Row>, Vec<Row>) =
        rows.iter().copied().partition(|(r, _)| r.rank.is_some());
    let table = |out: &mut String, part: &[(&ScoreRow, &UnitStats)]| {
        md_table_head(out, &columns);
        for (r, s) in part {
            let mut cells = vec![
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
            ];
            if let Some((then, change)) = month_before(before, ledger, r, s) {
                cells.push(format!("{}/{}", then.red, then.yellow));
                cells.push(signed(change));
            }
            md_row(out, &cells);
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

fn txt(w: &Words, ledger: &Ledger, rows: &[Row], before: Before, today: NaiveDate) -> String {
    let mut out = fill(w.scorecard_title, &[&ledger.title, &long_date(w, today)]);
    out.push('\n');
    out.push_str(w.scorecard_basis);
    if let Some(basis) = before_basis(w, before, today) {
        out.push('\n');
        out.push_str(&basis);
    }
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
            if let Some((then, change)) = month_before(before, ledger, r, s) {
                out.push_str(&fill(
                    w.scorecard_month_before_line,
                    &[&then.red, &then.yellow, &signed(change)],
                ));
            }
            out.push('\n');
        }
    }
    out
}
