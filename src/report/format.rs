//! What every report shares: the output formats and the office's way of writing dates,
//! colours, countdowns and figures.

use chrono::{Datelike, NaiveDate};

use super::data::Findings;
use super::words::Words;
use crate::lang::fill;
use crate::ledger::{Ledger, Pledge, UnitId};
use crate::rules::Colour;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Markdown.
    Md,
    /// Plain text, to paste into a Word document.
    Txt,
    /// CSV for Excel.
    Csv,
}

impl Format {
    /// `md`, `txt` or `csv`, as given on the command line.
    pub fn parse(s: &str) -> Option<Format> {
        match s.to_ascii_lowercase().as_str() {
            "md" => Some(Format::Md),
            "txt" => Some(Format::Txt),
            "csv" => Some(Format::Csv),
            _ => None,
        }
    }
}

/// A date in running text: "2018年6月15日", "2018-06-15".
pub fn long_date(w: &Words, d: NaiveDate) -> String {
    fill(w.date, &[&d.year(), &d.month(), &d.day(), &d])
}

/// The colour with a symbol and a word, so the report reads the same printed in black.
pub fn colour_label(w: &Words, c: Colour) -> &'static str {
    let [red, yellow, blue, green] = w.colours;
    match c {
        Colour::Red => red,
        Colour::Yellow => yellow,
        Colour::Blue => blue,
        Colour::Green => green,
    }
}

/// `n` days with the words for many or for one.
fn days(n: i64, many: &str, one: &str) -> String {
    fill(if n == 1 { one } else { many }, &[&n])
}

/// "逾期 N 天" / "今天到期" / "还剩 N 天", from days past due (negative: days left); `tight`
/// for running text ("逾期75天").
pub fn countdown(w: &Words, days_late: i64, tight: bool) -> String {
    let t = usize::from(tight);
    match days_late {
        d if d > 0 => days(d, w.late[t], w.late_one[t]),
        0 => w.due_today.to_string(),
        d => days(-d, w.left[t], w.left_one[t]),
    }
}

/// "延期 19 天" / "提前 5 天" / "未变", from the days a re-plan moved a due date (positive:
/// later); `tight` for running text ("延期19天").
pub fn moved(w: &Words, moved_days: i64, tight: bool) -> String {
    let t = usize::from(tight);
    match moved_days {
        d if d > 0 => days(d, w.later[t], w.later_one[t]),
        0 => w.unchanged.to_string(),
        d => days(-d, w.earlier[t], w.earlier_one[t]),
    }
}

/// A month's completed investment in 亿元 ("1.2"), or "未报" without an entry.
pub fn month_figure(w: &Words, x: Option<f64>) -> String {
    x.map_or_else(|| w.not_reported.to_string(), number)
}

/// A share 0..=1 as a whole percentage; "—" when there is none.
pub fn percent(x: Option<f64>) -> String {
    x.map_or_else(|| "—".to_string(), |v| format!("{:.0}%", v * 100.0))
}

pub use crate::ledger::number::display as number;

/// To one decimal, for the numeric cells of a CSV (so Excel gets 45.5, not 45.47945…).
pub fn one_decimal(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// Who a report covers: one unit, or all of them.
pub fn scope(w: &Words, ledger: &Ledger, f: &Findings) -> String {
    f.unit.map_or_else(
        || w.all_units.to_string(),
        |u| ledger.unit_name(u).to_string(),
    )
}

/// "党组书记、主任 余莉", "余莉", or "" when the ledger names nobody.
pub fn unit_leader(ledger: &Ledger, u: UnitId) -> String {
    let Some(unit) = ledger.units.get(u) else {
        return String::new();
    };
    match (&unit.title, &unit.leader) {
        (Some(t), Some(l)) => format!("{t} {l}"),
        (None, Some(l)) => l.to_string(),
        _ => String::new(),
    }
}

/// "20/24座", or "—" for a pledge without a target.
pub fn pledge_progress(p: &Pledge) -> String {
    match (p.target, &p.measure) {
        (Some(t), m) => format!(
            "{}/{}{}",
            number(p.progress.unwrap_or(0.0)),
            number(t),
            m.as_deref().unwrap_or("")
        ),
        _ => "—".to_string(),
    }
}

/// Ledger text in Markdown, shown literally wherever it goes (cells, headings, paragraphs):
/// every character that could open a link, image, autolink, raw HTML, entity, emphasis,
/// code or a heading's closing `#` is backslash-escaped, and `|` cannot split a table cell.
pub fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '|' | '[' | ']' | '<' | '>' | '&' | '`' | '*' | '_' | '~' | '#'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Ledger text that begins a line of Markdown: also a leading `-`, `+`, `=` or `1.`, which
/// would start a list or underline a heading.
pub fn md_escape_line(s: &str) -> String {
    let out = md_escape(s);
    let digits = out.chars().take_while(char::is_ascii_digit).count();
    match out[digits..].chars().next() {
        Some('-' | '+' | '=') if digits == 0 => format!("\\{out}"),
        Some('.' | ')') if digits > 0 => format!("{}\\{}", &out[..digits], &out[digits..]),
        _ => out,
    }
}

/// A Markdown table's header and rule.
pub fn md_table_head(out: &mut String, columns: &[&str]) {
    out.push_str(&format!("| {} |\n", columns.join(" | ")));
    out.push_str(&format!("|{}\n", " --- |".repeat(columns.len())));
}

/// A Markdown table row; every cell is escaped.
pub fn md_row(out: &mut String, cells: &[String]) {
    let cells: Vec<String> = cells.iter().map(|c| md_escape(c)).collect();
    out.push_str(&format!("| {} |\n", cells.join(" | ")));
}

/// A section heading: `## text` in Markdown, the bare text in plain text.
pub fn heading(out: &mut String, md: bool, text: &str) {
    if md {
        out.push_str(&format!("## {text}\n\n"));
    } else {
        out.push_str(text);
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zh() -> &'static Words {
        super::super::words::words(crate::lang::Lang::Zh)
    }

    fn en() -> &'static Words {
        super::super::words::words(crate::lang::Lang::En)
    }

    #[test]
    fn countdown_words() {
        let w = zh();
        assert_eq!(countdown(w, 3, false), "逾期 3 天");
        assert_eq!(countdown(w, 0, false), "今天到期");
        assert_eq!(countdown(w, -5, false), "还剩 5 天");
        assert_eq!(countdown(w, 75, true), "逾期75天");
        let w = en();
        assert_eq!(countdown(w, 3, true), "3 days late");
        assert_eq!(countdown(w, 1, false), "1 day late");
        assert_eq!(countdown(w, 0, true), "due today");
        assert_eq!(countdown(w, -12, false), "12 days left");
        assert_eq!(countdown(w, -1, true), "1 day left");
    }

    #[test]
    fn moves_and_months() {
        let w = zh();
        assert_eq!(moved(w, 19, false), "延期 19 天");
        assert_eq!(moved(w, -5, false), "提前 5 天");
        assert_eq!(moved(w, 0, false), "未变");
        assert_eq!(moved(w, 19, true), "延期19天");
        assert_eq!(month_figure(w, Some(1.2)), "1.2");
        assert_eq!(month_figure(w, Some(0.0)), "0");
        assert_eq!(month_figure(w, None), "未报");
        let w = en();
        assert_eq!(moved(w, 19, true), "19 days later");
        assert_eq!(moved(w, -1, false), "1 day earlier");
        assert_eq!(moved(w, 0, false), "unchanged");
        assert_eq!(month_figure(w, None), "not reported");
    }

    #[test]
    fn figures() {
        assert_eq!(number(4.0), "4");
        assert_eq!(number(4.26), "4.26");
        assert_eq!(number(0.25), "0.25");
        assert_eq!(number(1.5), "1.5");
        assert_eq!(number(10.0), "10");
        assert_eq!(number(-0.001), "0");
        assert_eq!(one_decimal(45.479_452), 45.5);
        assert_eq!(one_decimal(-35.479_452), -35.5);
        assert_eq!(percent(Some(0.5)), "50%");
        assert_eq!(percent(None), "—");
        let d = NaiveDate::from_ymd_opt(2018, 6, 5).expect("date");
        assert_eq!(long_date(zh(), d), "2018年6月5日");
        assert_eq!(long_date(en(), d), "2018-06-05");
    }

    #[test]
    fn md_text_is_literal() {
        assert_eq!(
            md_escape("[a](javascript:x) <b> &amp; *c* _d_ `e` ~f~ #g \\"),
            "\\[a\\](javascript:x) \\<b\\> \\&amp; \\*c\\* \\_d\\_ \\`e\\` \\~f\\~ \\#g \\\\"
        );
        assert_eq!(md_escape_line("- 列表"), "\\- 列表");
        assert_eq!(md_escape_line("=== "), "\\=== ");
        assert_eq!(md_escape_line("12. 项"), "12\\. 项");
        assert_eq!(md_escape_line("2018年"), "2018年");
        assert_eq!(md_escape_line("# 标题"), "\\# 标题");
    }

    #[test]
    fn md_cells_cannot_split_a_table() {
        let mut out = String::new();
        md_row(&mut out, &["a|b".to_string(), "c".to_string()]);
        assert_eq!(out, "| a\\|b | c |\n");
    }
}
