//! A sheet as a grid of values: xlsx, xls and ods through calamine (dates as dates; merged
//! cells filled down and across with their value), csv read here (UTF-8, with or without a
//! byte-order mark).

use std::path::Path;

use calamine::{Data, DataType, Reader, Sheets, open_workbook_auto};
use chrono::NaiveDate;

use super::ImportError;

/// One cell as read.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    Number(f64),
    Date(NaiveDate),
    Empty,
}

impl Value {
    pub fn is_empty(&self) -> bool {
        match self {
            Value::Empty => true,
            Value::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as text (a number as written, a date as YYYY-MM-DD).
    pub fn text(&self) -> String {
        match self {
            Value::Text(s) => s.trim().to_string(),
            Value::Number(x) => crate::ledger::number::display(*x),
            Value::Date(d) => d.to_string(),
            Value::Empty => String::new(),
        }
    }
}

/// A sheet: its name and rows.
pub struct Grid {
    pub sheet: String,
    pub rows: Vec<Vec<Value>>,
}

impl Grid {
    pub fn get(&self, row: usize, col: usize) -> &Value {
        self.rows
            .get(row)
            .and_then(|r| r.get(col))
            .unwrap_or(&Value::Empty)
    }
}

/// The sheet named, else the first; every sheet's name too.
pub fn read(path: &Path, sheet: Option<&str>) -> Result<(Grid, Vec<String>), ImportError> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    if ext.as_deref() == Some("csv") {
        let bytes = std::fs::read(path).map_err(|e| ImportError::Read(e.to_string()))?;
        let text = String::from_utf8(bytes).map_err(|_| ImportError::NotUtf8)?;
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("csv")
            .to_string();
        let rows = csv(text.strip_prefix('\u{feff}').unwrap_or(&text));
        return Ok((
            Grid {
                sheet: name.clone(),
                rows,
            },
            vec![name],
        ));
    }
    let mut book = open_workbook_auto(path).map_err(|e| ImportError::Read(e.to_string()))?;
    let names = book.sheet_names();
    let name = match sheet {
        Some(s) => names
            .iter()
            .find(|n| n.trim() == s.trim())
            .cloned()
            .ok_or_else(|| ImportError::NoSuchSheet {
                name: s.to_string(),
                sheets: names.clone(),
            })?,
        None => names.first().cloned().ok_or(ImportError::Empty)?,
    };
    let grid = sheet_grid(&mut book, &name)?;
    Ok((grid, names))
}

/// Another sheet of the same workbook.
pub fn read_sheet(path: &Path, name: &str) -> Result<Grid, ImportError> {
    let mut book = open_workbook_auto(path).map_err(|e| ImportError::Read(e.to_string()))?;
    sheet_grid(&mut book, name)
}

fn sheet_grid<RS: std::io::Read + std::io::Seek>(
    book: &mut Sheets<RS>,
    name: &str,
) -> Result<Grid, ImportError> {
    let range = book
        .worksheet_range(name)
        .map_err(|e| ImportError::Read(e.to_string()))?;
    let (r0, c0) = range.start().unwrap_or((0, 0));
    let mut rows: Vec<Vec<Value>> = vec![Vec::new(); r0 as usize];
    for r in range.rows() {
        let mut row = vec![Value::Empty; c0 as usize];
        row.extend(r.iter().map(value));
        rows.push(row);
    }
    let merged = match book {
        Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(name).ok(),
        Sheets::Xls(x) => x.merge_cells_by_sheet_name(name).ok(),
        _ => None,
    };
    for m in merged.unwrap_or_default() {
        let (sr, sc) = (m.start.0 as usize, m.start.1 as usize);
        let top = rows
            .get(sr)
            .and_then(|r| r.get(sc))
            .cloned()
            .unwrap_or(Value::Empty);
        for r in sr..=m.end.0 as usize {
            for c in sc..=m.end.1 as usize {
                if let Some(row) = rows.get_mut(r) {
                    if row.len() <= c {
                        row.resize(c + 1, Value::Empty);
                    }
                    row[c] = top.clone();
                }
            }
        }
    }
    Ok(Grid {
        sheet: name.to_string(),
        rows,
    })
}

fn value(d: &Data) -> Value {
    if let Some(date) = d
        .as_date()
        .filter(|_| d.is_datetime() || d.is_datetime_iso())
    {
        return Value::Date(date);
    }
    match d {
        Data::Int(i) => Value::Number(*i as f64),
        Data::Float(x) => Value::Number(*x),
        Data::String(s) => Value::Text(s.clone()),
        Data::Bool(b) => Value::Text(b.to_string()),
        _ => Value::Empty,
    }
}

/// CSV as Excel writes it: commas, quotes doubled inside quoted fields, CRLF or LF.
pub(crate) fn csv(text: &str) -> Vec<Vec<Value>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    let cell = |s: &mut String| {
        let t = std::mem::take(s);
        if t.trim().is_empty() {
            Value::Empty
        } else {
            Value::Text(t)
        }
    };
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            ('"', true) => quoted = false,
            ('"', false) if field.is_empty() => quoted = true,
            (',', false) => row.push(cell(&mut field)),
            ('\r', false) => {}
            ('\n', false) => {
                row.push(cell(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (c, _) => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(cell(&mut field));
        rows.push(row);
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_reads_quotes_commas_and_line_breaks() {
        let rows = csv("a,\"b,c\",\"say \"\"hi\"\"\"\r\n\"two\nlines\",,x\n");
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0][1], Value::Text("b,c".into()));
        assert_eq!(rows[0][2], Value::Text("say \"hi\"".into()));
        assert_eq!(rows[1][0], Value::Text("two\nlines".into()));
        assert_eq!(rows[1][1], Value::Empty);
    }
}
