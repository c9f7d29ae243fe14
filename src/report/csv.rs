//! CSV that Excel opens correctly: RFC 4180 quoting, CRLF records, a UTF-8 BOM (Excel
//! garbles Chinese without it), and text cells that could run as formulas neutralised.

/// One cell: text is quoted and neutralised as needed; numbers stay numbers.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
    Empty,
}

impl From<&str> for Cell {
    fn from(s: &str) -> Self {
        Cell::Text(s.to_string())
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Self {
        Cell::Text(s)
    }
}

/// A text cell starting with one of these could run as a formula in Excel (OWASP). Excel
/// and WPS may also skip leading blanks or read full-width ＝＋－＠ as formula signs; neither
/// could be run to check, so the first non-blank character decides too (conservative).
fn dangerous(s: &str) -> bool {
    if matches!(s.chars().next(), Some('\t' | '\r')) {
        return true;
    }
    let first = s
        .chars()
        .find(|c| !matches!(c, ' ' | '\t' | '\r' | '\n' | '\u{a0}' | '\u{3000}'));
    matches!(
        first,
        Some('=' | '+' | '-' | '@' | '\u{ff1d}' | '\u{ff0b}' | '\u{ff0d}' | '\u{ff20}')
    )
}

fn text_cell(s: &str) -> String {
    let s = if dangerous(s) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

fn number_cell(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

/// Builds a CSV document row by row.
#[derive(Debug)]
pub struct Csv {
    out: String,
}

impl Csv {
    /// `bom`: start with a UTF-8 byte-order mark so Excel reads the file as UTF-8.
    pub fn new(bom: bool) -> Self {
        Self {
            out: if bom {
                "\u{feff}".to_string()
            } else {
                String::new()
            },
        }
    }

    pub fn row(&mut self, cells: impl IntoIterator<Item = Cell>) {
        let line: Vec<String> = cells
            .into_iter()
            .map(|c| match c {
                Cell::Text(s) => text_cell(&s),
                Cell::Number(x) => number_cell(x),
                Cell::Empty => String::new(),
            })
            .collect();
        self.out.push_str(&line.join(","));
        self.out.push_str("\r\n");
    }

    pub fn finish(self) -> String {
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(cells: Vec<Cell>) -> String {
        let mut c = Csv::new(false);
        c.row(cells);
        c.finish()
    }

    #[test]
    fn quoting_follows_rfc_4180() {
        assert_eq!(
            one(vec![
                "a,b".into(),
                "say \"hi\"".into(),
                "x\ny".into(),
                "plain".into()
            ]),
            "\"a,b\",\"say \"\"hi\"\"\",\"x\ny\",plain\r\n"
        );
    }

    #[test]
    fn every_dangerous_first_character_is_neutralised() {
        for s in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            let got = one(vec![s.into()]);
            assert!(
                got.starts_with("'") || got.starts_with("\"'"),
                "{s:?} -> {got:?}"
            );
        }
        assert_eq!(
            one(vec!["=HYPERLINK(\"x\")".into()]),
            "\"'=HYPERLINK(\"\"x\"\")\"\r\n"
        );
    }

    #[test]
    fn numbers_stay_numbers_even_negative() {
        assert_eq!(
            one(vec![
                Cell::Number(-3.0),
                Cell::Number(2.5),
                Cell::Empty,
                "项目".into()
            ]),
            "-3,2.5,,项目\r\n"
        );
    }

    #[test]
    fn bom_is_optional() {
        assert!(Csv::new(true).finish().starts_with('\u{feff}'));
        assert!(Csv::new(false).finish().is_empty());
    }
}
