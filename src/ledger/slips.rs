//! What a Chinese input method types where RON needs ASCII: full-width punctuation
//! (，：（）“”‘’；【】), the ideographic space, and numbers written with their unit (25万,
//! 3.5亿元). Found outside strings and comments, each at its line and column, so that a
//! file that does not parse is explained by what the clerk actually typed.

use super::problem::{Finding, Problem};
use super::ron::lex::Cursor;
use super::ron::line_col;

/// A full-width character and the ASCII one RON expects in its place.
const SLIPS: &[(char, char)] = &[
    ('，', ','),
    ('：', ':'),
    ('（', '('),
    ('）', ')'),
    ('“', '"'),
    ('”', '"'),
    ('‘', '\''),
    ('’', '\''),
    ('；', ','),
    ('【', '['),
    ('】', ']'),
    ('\u{3000}', ' '),
];

/// Units a number is written with in Chinese, which RON cannot read after a number.
const UNITS: &[char] = &['万', '亿', '元', '个', '座', '条', '亩', '米', '%', '％'];

/// One slip: where it starts (a byte offset) and what it is.
enum Slip<'a> {
    /// A full-width character where RON needs `ascii`.
    Punctuation { c: char, ascii: char },
    /// A number with its unit written after it.
    Number { number: &'a str, unit: String },
}

/// Every input-method slip outside strings and comments, in file order.
pub fn find(text: &str) -> Vec<Problem> {
    scan(text)
        .into_iter()
        .map(|(at, slip)| {
            let (line, col) = line_col(text, at);
            Problem::error(line, col, explain(&slip))
        })
        .collect()
}

fn explain(slip: &Slip) -> Finding {
    match slip {
        // The ideographic space cannot be seen between quotes: named only.
        Slip::Punctuation { c: '\u{3000}', .. } => Finding::IdeographicSpace,
        Slip::Punctuation { c, ascii } => Finding::FullWidth {
            c: *c,
            ascii: *ascii,
        },
        Slip::Number { number, unit } => Finding::NumberWithUnit {
            number: number.to_string(),
            unit: unit.clone(),
        },
    }
}

/// The text with every full-width punctuation slip replaced by its ASCII character, and
/// how many were replaced (numbers with units are left: what 25万 means in 亿元 is the
/// clerk's to say). Strings and comments are untouched.
pub fn fix_punctuation(text: &str) -> (String, usize) {
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    let mut fixed = 0;
    for (at, slip) in scan(text) {
        if let Slip::Punctuation { c, ascii, .. } = slip {
            out.push_str(&text[from..at]);
            out.push(ascii);
            from = at + c.len_utf8();
            fixed += 1;
        }
    }
    out.push_str(&text[from..]);
    (out, fixed)
}

/// The slips, walking the text with the span reader's lexer so that strings (raw ones
/// too), character literals and comments are skipped by the rules the reader reads them by.
fn scan(text: &str) -> Vec<(usize, Slip<'_>)> {
    let mut found = Vec::new();
    let mut cur = Cursor::new(text);
    while let Some(b) = cur.peek() {
        let start = cur.pos;
        let skipped = match b {
            // An unclosed string or comment runs to the end: nothing after it is outside.
            b'"' => {
                if cur.string().is_err() {
                    break;
                }
                true
            }
            b'/' => {
                if cur.ws().is_err() {
                    break;
                }
                cur.pos > start
            }
            b'r' if matches!(cur.at(1), Some(b'"' | b'#')) => cur.raw_string().is_ok(),
            b'\'' => cur.char_lit().is_ok(),
            b'0'..=b'9' => {
                let digits = cur
                    .rest()
                    .iter()
                    .take_while(|&&d| d.is_ascii_digit() || d == b'.');
                cur.pos += digits.count();
                let unit: String = text[cur.pos..]
                    .chars()
                    .take_while(|c| UNITS.contains(c))
                    .collect();
                if !unit.is_empty() {
                    let number = &text[start..cur.pos];
                    cur.pos += unit.len();
                    found.push((start, Slip::Number { number, unit }));
                }
                true
            }
            lead if lead >= 0x80 => {
                let c = text[start..].chars().next().unwrap_or('\u{FFFD}');
                if let Some(&(c, ascii)) = SLIPS.iter().find(|(s, _)| *s == c) {
                    found.push((start, Slip::Punctuation { c, ascii }));
                }
                cur.pos += c.len_utf8();
                true
            }
            _ => false,
        };
        // Anything else, or what the lexer could not read (the file does not parse
        // anyway): one byte on.
        if !skipped {
            cur.pos = start + 1;
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn places(text: &str) -> Vec<(usize, usize)> {
        find(text).iter().map(|p| (p.line, p.col)).collect()
    }

    #[test]
    fn each_slip_is_found_where_it_was_typed() {
        let text = "Ledger(title：\"t\"，\n  units: [Unit(name: “区城管局”)]，\n  note\u{3000}x)";
        let found = find(text);
        assert_eq!(
            places(text),
            vec![(1, 13), (1, 17), (2, 22), (2, 27), (2, 30), (3, 7)]
        );
        assert!(
            found[0]
                .message(crate::lang::Lang::En)
                .contains("colon `：`"),
            "{}",
            found[0].message(crate::lang::Lang::En)
        );
        assert!(
            found[1]
                .message(crate::lang::Lang::En)
                .contains("ASCII `,`"),
            "{}",
            found[1].message(crate::lang::Lang::En)
        );
        assert!(
            found[2]
                .message(crate::lang::Lang::En)
                .contains("quotation mark"),
            "{}",
            found[2].message(crate::lang::Lang::En)
        );
    }

    #[test]
    fn strings_and_comments_may_hold_them() {
        let text =
            "Ledger(title: \"攻坚，（一）“二”\\\"，\", // 注：全角，\n /* 【】 */ year: 2018)";
        assert_eq!(places(text), Vec::<(usize, usize)>::new());
    }

    #[test]
    fn punctuation_is_fixed_outside_strings_only() {
        let text = "Ledger(title：\"攻坚，一\"，\n  units: [Unit（name: “区”)], plan: 25万)";
        let (fixed, n) = fix_punctuation(text);
        assert_eq!(n, 5);
        assert_eq!(
            fixed,
            "Ledger(title:\"攻坚，一\",\n  units: [Unit(name: \"区\")], plan: 25万)"
        );
        assert_eq!(
            fix_punctuation("\"，\" // ，"),
            ("\"，\" // ，".to_string(), 0)
        );
    }

    #[test]
    fn a_number_with_its_unit_is_named() {
        let text = "investment: (total: 3.5亿元, plan: 25万)";
        let found = find(text);
        assert_eq!(places(text), vec![(1, 21), (1, 34)]);
        assert!(
            found[0].message(crate::lang::Lang::En).contains("3.5亿元"),
            "{}",
            found[0].message(crate::lang::Lang::En)
        );
        assert!(
            found[0].message(crate::lang::Lang::En).contains("(3.5)"),
            "{}",
            found[0].message(crate::lang::Lang::En)
        );
        // A number in a string is text.
        assert!(find("name: \"公厕24座\"").is_empty());
    }
}
