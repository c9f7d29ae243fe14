//! Numbers and dates as spreadsheets hold them: numbers, or text with full-width digits or
//! a unit after; dates as date cells, Excel serial numbers, or text as the office writes it
//! (`ledger::when`: 2018/6/30, 6月底前, 三季度, 二〇一八年六月三十日 …).

use chrono::{Datelike, NaiveDate};

use super::grid::Value;

/// A figure in 亿元 (or a count), 0 or more; `Err` with the text when it is not one.
pub fn number(v: &Value) -> Result<Option<f64>, String> {
    match v {
        Value::Empty => Ok(None),
        Value::Number(x) if x.is_finite() && *x >= 0.0 => Ok(Some(*x)),
        Value::Number(x) => Err(crate::ledger::number::display(*x)),
        Value::Date(d) => Err(d.to_string()),
        Value::Text(t) => {
            let folded: String = t
                .trim()
                .chars()
                .map(|c| match c {
                    '０'..='９' => {
                        char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c)
                    }
                    '．' => '.',
                    c => c,
                })
                .collect();
            let bare = folded
                .trim_end_matches("亿元")
                .trim_end_matches('亿')
                .trim();
            if bare.is_empty() || bare == "—" || bare == "-" {
                return Ok(None);
            }
            bare.parse::<f64>()
                .ok()
                .filter(|x| x.is_finite() && *x >= 0.0)
                .map(Some)
                .ok_or_else(|| t.trim().to_string())
        }
    }
}

/// Excel counts days from 1899-12-30 (its 1900 leap-year slip included).
fn serial(x: f64) -> Option<NaiveDate> {
    let base = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    // Days 1990 to 2099: a number outside is a figure, not a date.
    (32874.0..73051.0)
        .contains(&x)
        .then(|| base + chrono::Duration::days(x.trunc() as i64))
}

/// A date; `Err` with the text when it is none.
pub fn date(v: &Value, year: i32) -> Result<Option<NaiveDate>, String> {
    match v {
        Value::Empty => Ok(None),
        Value::Date(d) => Ok(Some(*d)),
        Value::Number(x) => serial(*x).map(Some).ok_or_else(|| v.text()),
        Value::Text(t) => crate::ledger::parse_campaign_day(t, year)
            .map(Some)
            .map_err(|_| t.trim().to_string()),
    }
}

/// The campaign's year as a title writes it: `2018年`, `二〇一八年`.
pub fn year_in(text: &str) -> Option<i32> {
    let digits: String = text
        .chars()
        .map(|c| match c {
            '〇' | '零' => '0',
            '一' => '1',
            '二' => '2',
            '三' => '3',
            '四' => '4',
            '五' => '5',
            '六' => '6',
            '七' => '7',
            '八' => '8',
            '九' => '9',
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            c => c,
        })
        .collect();
    let chars: Vec<char> = digits.chars().collect();
    chars.windows(5).find_map(|w| {
        (w[4] == '年' && w[..4].iter().all(char::is_ascii_digit))
            .then(|| w[..4].iter().collect::<String>().parse::<i32>().ok())
            .flatten()
            .filter(|y| (1990..2100).contains(y))
    })
}

/// The year of the dates in a column, when the title names none: the most common year of
/// the full dates found.
pub fn year_of_dates<'a>(values: impl Iterator<Item = &'a Value>) -> Option<i32> {
    let mut counts = std::collections::BTreeMap::<i32, usize>::new();
    for v in values {
        if let Value::Date(d) = v {
            *counts.entry(d.year()).or_default() += 1;
        }
    }
    counts.into_iter().max_by_key(|(_, n)| *n).map(|(y, _)| y)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_years_as_offices_write_them() {
        assert_eq!(number(&Value::Text("１２．５".into())), Ok(Some(12.5)));
        assert_eq!(number(&Value::Text("3亿元".into())), Ok(Some(3.0)));
        assert_eq!(number(&Value::Text("约3".into())), Err("约3".into()));
        assert_eq!(number(&Value::Number(-1.0)), Err("-1".into()));
        assert_eq!(year_in("二〇一八年重点项目台账"), Some(2018));
        assert_eq!(year_in("2018年"), Some(2018));
        assert_eq!(year_in("重点项目台账"), None);
        let d = NaiveDate::from_ymd_opt(2018, 6, 30);
        assert_eq!(date(&Value::Number(43281.0), 2018), Ok(d));
        assert_eq!(date(&Value::Text("6月底前".into()), 2018), Ok(d));
    }
}
