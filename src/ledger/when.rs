//! Dates as the office writes them: `2018-06-30`, `2018/6/30`, `2018.6.30`, `6-30`,
//! `2018年6月30日`, `6月30日`, `6月底`, `6月底前`, `年底前`, `上半年`, `三季度`, with full-width
//! digits or Chinese numerals (二〇一八年十二月三十一日). A date without a year takes the
//! campaign's. A phrase for a period means its last day, as the ledger's commitments do
//! ("3月底前" is 03-31); each phrase's day is listed in `docs/format.md`.

use chrono::{Datelike, NaiveDate};

/// Why a text is not a date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WhenError {
    #[error("\"{0}\" is not a date")]
    NotADate(String),
    #[error("{year}-{month:02}-{day:02} is no day in the calendar")]
    NoSuchDay { year: i32, month: u32, day: u32 },
    /// More than a year before the campaign: a slip of the year, not a plan.
    #[error("{date} is before the campaign (the ledger's year is {year}); expected a date from {} on", year - 1)]
    BeforeCampaign { date: NaiveDate, year: i32 },
    #[error("\"{0}\" is not a month; write it as 2018-05, 5 or 5月")]
    NotAMonth(String),
    /// A month, but not one of the ledger's year (figures are kept per year).
    #[error(
        "\"{text}\" is not a month of the ledger's year {year}; write it as {year}-05, 5 or 5月"
    )]
    MonthOutsideYear { text: String, year: i32 },
}

/// A date typed for the ledger (a due date, a done date): as [`parse_when`] reads it, and
/// not before the year before the campaign's (work prepared in the December before counts).
pub fn parse_campaign_day(text: &str, year: i32) -> Result<NaiveDate, WhenError> {
    let date = parse_when(text, year)?;
    if chrono::Datelike::year(&date) < year - 1 {
        return Err(WhenError::BeforeCampaign { date, year });
    }
    Ok(date)
}

/// The day `text` means, in the campaign year `year` when it names none.
pub fn parse_when(text: &str, year: i32) -> Result<NaiveDate, WhenError> {
    let not_a_date = || WhenError::NotADate(text.trim().to_string());
    let raw = text.trim();
    let raw = raw.strip_suffix('前').unwrap_or(raw).trim_end();
    // Phrases first, as written: 十一 is the National Day, not the 11th.
    if let Some(day) = period(raw, year) {
        return day.ok_or_else(not_a_date);
    }
    let folded = fold(raw);
    let s = folded.trim();
    if s.is_empty() {
        return Err(not_a_date());
    }
    if let Some(day) = period(s, year) {
        return day.ok_or_else(not_a_date);
    }
    let (y, rest) = match leading_year(s) {
        Some((y, rest)) => (y, rest),
        None => (year, s),
    };
    if rest.is_empty() {
        return Err(not_a_date());
    }
    if let Some(day) = period(rest, y) {
        return day.ok_or_else(not_a_date);
    }
    let (month, day) = month_day(rest).ok_or_else(not_a_date)?;
    day_of(y, month, day)
}

fn day_of(year: i32, month: u32, day: u32) -> Result<NaiveDate, WhenError> {
    NaiveDate::from_ymd_opt(year, month, day).ok_or(WhenError::NoSuchDay { year, month, day })
}

fn last_of(year: i32, month: u32) -> Option<NaiveDate> {
    let first_of_next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)
    };
    first_of_next.and_then(|d| d.pred_opt())
}

/// Full-width digits and punctuation as ASCII, Chinese numerals as digits (十 as a count:
/// 十二 → 12, 二十 → 20, 三十一 → 31), ideographic spaces as spaces.
fn fold(text: &str) -> String {
    let chars: Vec<char> = text
        .chars()
        .map(|c| match super::names::half_width(c) {
            '—' | '–' => '-',
            '。' => '.',
            c => c,
        })
        .collect();
    // 〇 and 零 are both 0; each is 3 bytes in UTF-8.
    let digit = |c: char| {
        "〇零一二三四五六七八九"
            .find(c)
            .map(|i| (i / 3).saturating_sub(1))
    };
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '十' {
            let tens = out
                .chars()
                .last()
                .filter(|d| d.is_ascii_digit() && i > 0 && digit(chars[i - 1]).is_some())
                .is_some();
            let ones = chars.get(i + 1).and_then(|&n| digit(n));
            if !tens {
                out.push('1');
            }
            match ones {
                Some(n) => {
                    out.push(char::from(b'0' + n as u8));
                    i += 1;
                }
                None => out.push('0'),
            }
        } else if let Some(n) = digit(c) {
            out.push(char::from(b'0' + n as u8));
        } else {
            out.push(c);
        }
        i += 1;
    }
    out
}

/// `2018年`, `2018-`, `2018/`, `2018.` at the start: the year and what follows.
fn leading_year(s: &str) -> Option<(i32, &str)> {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if digits != 4 {
        return None;
    }
    let year: i32 = s[..4].parse().ok()?;
    let rest = &s[4..];
    let rest = rest
        .strip_prefix('年')
        .or_else(|| rest.strip_prefix(['-', '/', '.']))?;
    Some((year, rest.trim_start()))
}

/// `6-30`, `6/30`, `6.30`, `6月30日`, `6月30号`, `6月30`: month and day.
fn month_day(s: &str) -> Option<(u32, u32)> {
    let m_len = s.bytes().take_while(u8::is_ascii_digit).count();
    if !(1..=2).contains(&m_len) {
        return None;
    }
    let month: u32 = s[..m_len].parse().ok()?;
    let rest = &s[m_len..];
    let rest = rest
        .strip_prefix('月')
        .or_else(|| rest.strip_prefix(['-', '/', '.']))?;
    let d_len = rest.bytes().take_while(u8::is_ascii_digit).count();
    if !(1..=2).contains(&d_len) {
        return None;
    }
    let day: u32 = rest[..d_len].parse().ok()?;
    let tail = &rest[d_len..];
    if !(tail.is_empty() || tail == "日" || tail == "号") {
        return None;
    }
    (1..=12).contains(&month).then_some((month, day))
}

/// A phrase for a period, as its last day: `Some(None)` when the phrase is one but names
/// no day of the calendar.
fn period(s: &str, year: i32) -> Option<Option<NaiveDate>> {
    let fixed = |m: u32, d: u32| Some(NaiveDate::from_ymd_opt(year, m, d));
    match s {
        "年底" | "年末" | "全年" | "下半年" | "四季度" | "第四季度" | "年内" => {
            return fixed(12, 31);
        }
        "上半年" | "年中" | "二季度" | "第二季度" => return fixed(6, 30),
        "一季度" | "第一季度" => return fixed(3, 31),
        "三季度" | "第三季度" => return fixed(9, 30),
        "五一" => return fixed(4, 30),
        "七一" => return fixed(6, 30),
        "十一" | "国庆" => return fixed(9, 30),
        _ => {}
    }
    // `6月底`, `6月末`, `6月份`, `6月` (the month's last day); `6月上旬` (10th), `中旬`
    // (20th), `下旬` (the last day).
    let m_len = s.bytes().take_while(u8::is_ascii_digit).count();
    if !(1..=2).contains(&m_len) {
        return None;
    }
    let month: u32 = s[..m_len].parse().ok()?;
    let rest = s[m_len..].strip_prefix('月')?;
    let day = match rest {
        "" | "底" | "末" | "份" | "份底" | "下旬" => last_of(year, month),
        "上旬" => NaiveDate::from_ymd_opt(year, month, 10),
        "中旬" => NaiveDate::from_ymd_opt(year, month, 20),
        _ => return None,
    };
    Some(day.filter(|d| d.year() == year))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("a test date")
    }

    #[test]
    fn every_way_the_office_writes_a_day() {
        let cases = [
            ("2018-06-30", "2018-06-30"),
            ("2018/6/30", "2018-06-30"),
            ("2018.6.30", "2018-06-30"),
            ("2018年6月30日", "2018-06-30"),
            ("6-30", "2018-06-30"),
            ("6/30", "2018-06-30"),
            ("6月30日", "2018-06-30"),
            ("6月30号", "2018-06-30"),
            ("６月３０日", "2018-06-30"),
            ("２０１８／６／３０", "2018-06-30"),
            ("二〇一八年十二月三十一日", "2018-12-31"),
            ("十月一日", "2018-10-01"),
            ("三月二十一日", "2018-03-21"),
            ("6月底", "2018-06-30"),
            ("6月底前", "2018-06-30"),
            ("2月底", "2018-02-28"),
            ("2019年2月底", "2019-02-28"),
            ("6月", "2018-06-30"),
            ("6月上旬", "2018-06-10"),
            ("6月中旬", "2018-06-20"),
            ("6月下旬", "2018-06-30"),
            ("年底前", "2018-12-31"),
            ("上半年", "2018-06-30"),
            ("一季度", "2018-03-31"),
            ("三季度", "2018-09-30"),
            ("五一前", "2018-04-30"),
            ("十一前", "2018-09-30"),
            ("十二月", "2018-12-31"),
            ("2019年上半年", "2019-06-30"),
            ("  6月30日 ", "2018-06-30"),
        ];
        for (text, want) in cases {
            assert_eq!(parse_when(text, 2018), Ok(d(want)), "{text}");
        }
    }

    #[test]
    fn what_is_no_date_says_so() {
        for text in [
            "",
            "下周",
            "6月32日",
            "13月1日",
            "2018-6",
            "6-30-1",
            "abc",
            "2018年",
        ] {
            assert!(parse_when(text, 2018).is_err(), "{text}");
        }
        assert_eq!(
            parse_when("2018-02-30", 2018),
            Err(WhenError::NoSuchDay {
                year: 2018,
                month: 2,
                day: 30
            })
        );
        assert_eq!(
            parse_when("下周", 2018),
            Err(WhenError::NotADate("下周".into()))
        );
    }
}
