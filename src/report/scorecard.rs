//! The unit scorecard (单位考核排名): units ranked by on-time rate, then fewer reds, then
//! pledge attainment; units that tie share a rank (1, 1, 3). Units with nothing due yet are
//! listed apart, unranked ("—").

use chrono::NaiveDate;

use super::csv::{Cell, Csv};
use super::format::{Format, cn_date, md_escape, md_row, md_table_head, one_decimal, percent};
use crate::ledger::Ledger;
use crate::rules::{ScoreRow, UnitStats};

const BASIS: &str = "排名依据：按期率（高者在前），其次红色预警数（少者在前），再次承诺完成度（高者在前）；并列者名次相同。尚无节点到期的单位没有按期率，不参与排名，另列于后。延期次数为调整过期限的节点数（推后或提前），不计入排名。";

/// The heading of the units listed apart, unranked.
fn apart_heading(n: usize, tight: bool) -> String {
    if tight {
        format!("尚无到期节点（{n}个单位，不参与排名）")
    } else {
        format!("尚无到期节点（{n} 个单位，不参与排名）")
    }
}

/// "1", or "—" for a unit with nothing due yet.
fn rank(r: &ScoreRow) -> String {
    r.rank.map_or_else(|| "—".to_string(), |n| n.to_string())
}

pub fn render(
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
        Format::Csv => csv(ledger, &rows, bom),
        Format::Md => md(ledger, &rows, today),
        Format::Txt => txt(ledger, &rows, today),
    }
}

/// A unit's place and its figures.
type Row<'a> = (&'a ScoreRow, &'a UnitStats);

fn csv(ledger: &Ledger, rows: &[Row], bom: bool) -> String {
    let mut csv = Csv::new(bom);
    csv.row(
        [
            "名次",
            "单位",
            "按期率（%）",
            "红",
            "黄",
            "蓝",
            "绿",
            "承诺完成度（%）",
            "到期节点",
            "按期完成",
            "逾期完成",
            "延期次数",
        ]
        .map(Cell::from),
    );
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

fn md(ledger: &Ledger, rows: &[Row], today: NaiveDate) -> String {
    let mut out = format!(
        "# {} 单位考核排名（{}）\n\n{BASIS}\n\n",
        md_escape(&ledger.title),
        cn_date(today)
    );
    let columns = [
        "名次",
        "单位",
        "按期率",
        "✗红",
        "!黄",
        "►蓝",
        "✓绿",
        "承诺完成度",
        "按期/到期",
        "延期次数",
    ];
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
        out.push_str(&format!("\n## {}\n\n", apart_heading(apart.len(), false)));
        table(&mut out, &apart);
    }
    out
}

fn txt(ledger: &Ledger, rows: &[Row], today: NaiveDate) -> String {
    let mut out = format!(
        "{} 单位考核排名（{}）\n{BASIS}\n\n",
        ledger.title,
        cn_date(today)
    );
    let (ranked, apart): (Vec<Row>, Vec<Row>) =
        rows.iter().copied().partition(|(r, _)| r.rank.is_some());
    for (i, part) in [ranked, apart].iter().enumerate() {
        if i == 1 && !part.is_empty() {
            out.push_str(&format!("\n{}\n", apart_heading(part.len(), true)));
        }
        for (r, s) in part {
            let place = r
                .rank
                .map_or_else(|| "—".to_string(), |n| format!("第{n}名"));
            out.push_str(&format!(
                "{place}　{}　按期率{}（{}/{}）　红{} 黄{} 蓝{} 绿{}　承诺完成度{}　延期次数{}\n",
                ledger.unit_name(r.unit),
                percent(s.on_time_rate()),
                s.on_time,
                s.due_so_far,
                s.counts.red,
                s.counts.yellow,
                s.counts.blue,
                s.counts.green,
                percent(s.pledge_attainment),
                s.replanned
            ));
        }
    }
    out
}
