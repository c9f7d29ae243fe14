//! Which column holds what: headers found among the first rows (one line or two, merged
//! cells already filled), read through a table of the names offices use (and a mapping
//! file's, where an office's differ).

use std::collections::BTreeMap;

use super::grid::{Grid, Value};

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Name,
    Category,
    Lead,
    Support,
    Leader,
    Total,
    Plan,
    Done,
    Milestone,
    Due,
    Baseline,
    DoneOn,
    By,
    Scale,
    Unit,
    UnitLeader,
    Pledge,
    Target,
    Measure,
    Progress,
    /// Known, and not imported (a serial number, a figure tracker works out itself).
    Ignore,
}

/// The names offices give each column, as compared: no spaces, no unit in brackets.
const NAMES: &[(&str, Field)] = &[
    ("项目名称", Field::Name),
    ("项目", Field::Name),
    ("项目名", Field::Name),
    ("名称", Field::Name),
    ("project", Field::Name),
    ("类别", Field::Category),
    ("项目类别", Field::Category),
    ("分类", Field::Category),
    ("category", Field::Category),
    ("责任单位", Field::Lead),
    ("牵头单位", Field::Lead),
    ("主责单位", Field::Lead),
    ("责任部门", Field::Lead),
    ("牵头部门", Field::Lead),
    ("leadunit", Field::Lead),
    ("配合单位", Field::Support),
    ("协同单位", Field::Support),
    ("配合部门", Field::Support),
    ("supportingunits", Field::Support),
    ("分包领导", Field::Leader),
    ("责任领导", Field::Leader),
    ("分管领导", Field::Leader),
    ("联系领导", Field::Leader),
    ("包抓领导", Field::Leader),
    ("leader", Field::Leader),
    ("总投资", Field::Total),
    ("totalinvestment", Field::Total),
    ("年度计划投资", Field::Plan),
    ("年度投资", Field::Plan),
    ("计划投资", Field::Plan),
    ("年度计划", Field::Plan),
    ("planthisyear", Field::Plan),
    ("完成投资", Field::Done),
    ("累计完成投资", Field::Done),
    ("已完成投资", Field::Done),
    ("累计完成", Field::Done),
    ("done", Field::Done),
    ("节点", Field::Milestone),
    ("节点目标", Field::Milestone),
    ("工作节点", Field::Milestone),
    ("节点任务", Field::Milestone),
    ("milestone", Field::Milestone),
    ("时限", Field::Due),
    ("完成时限", Field::Due),
    ("计划完成时间", Field::Due),
    ("完成时间", Field::Due),
    ("截止时间", Field::Due),
    ("due", Field::Due),
    ("原计划时限", Field::Baseline),
    ("firstplanned", Field::Baseline),
    ("完成日期", Field::DoneOn),
    ("销号日期", Field::DoneOn),
    ("销号人", Field::By),
    ("crossedoffby", Field::By),
    ("建设规模", Field::Scale),
    ("建设内容", Field::Scale),
    ("规模", Field::Scale),
    ("scale", Field::Scale),
    ("序号", Field::Ignore),
    ("预警", Field::Ignore),
    ("warning", Field::Ignore),
];

/// Compared without spaces and line breaks, without a unit in brackets, ASCII in lower case.
pub fn fold(header: &str) -> String {
    let mut s: String = header
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    for (open, close) in [('（', '）'), ('(', ')')] {
        while let (Some(a), Some(b)) = (s.find(open), s.rfind(close)) {
            if a >= b {
                break;
            }
            s.replace_range(a..b + close.len_utf8(), "");
        }
    }
    s
}

/// The header names in force: the built-in table, then the mapping file's.
pub struct Names {
    extra: BTreeMap<String, Field>,
    /// Names that mean something else on this sheet (the export's 节点 sheet: 责任单位 is
    /// the milestone's unit).
    overrides: Vec<(&'static str, Field)>,
}

impl Names {
    pub fn new(extra: &BTreeMap<String, Field>) -> Self {
        Names {
            extra: extra.iter().map(|(k, v)| (fold(k), *v)).collect(),
            overrides: Vec::new(),
        }
    }

    pub fn with(mut self, overrides: &[(&'static str, Field)]) -> Self {
        self.overrides = overrides.to_vec();
        self
    }

    pub fn field(&self, header: &str) -> Option<Field> {
        let f = fold(header);
        if f.is_empty() {
            return None;
        }
        if let Some(v) = self.extra.get(&f) {
            return Some(*v);
        }
        if let Some((_, v)) = self.overrides.iter().find(|(k, _)| fold(k) == f) {
            return Some(*v);
        }
        NAMES.iter().find(|(k, _)| *k == f).map(|(_, v)| *v)
    }
}

/// The header found: its last row, and each column's field (or its text when unknown).
pub struct Header {
    pub row: usize,
    pub columns: Vec<(usize, Result<Field, String>)>,
}

/// The header among the first rows: the row naming most known columns (at least two); of
/// two such rows one above the other (a two-line header), the lower one. A column whose
/// lower name is unknown takes the upper line's (with it, or alone).
pub fn find_header(grid: &Grid, names: &Names) -> Option<Header> {
    let scan = grid.rows.len().min(12);
    let score = |r: usize| {
        grid.rows[r]
            .iter()
            .filter(|v| matches!(v, Value::Text(t) if names.field(t).is_some()))
            .count()
    };
    let scores: Vec<usize> = (0..scan).map(score).collect();
    let best = *scores.iter().max()?;
    if best < 2 {
        return None;
    }
    let first = scores.iter().position(|&s| s == best)?;
    // The line below is the header's second line when it names columns as well (merged
    // names filled down), or names some under blanks of this one (a group title above
    // sub-names, in a file whose merged cells are not known, as .ods and CSV).
    let completes = |r: usize| {
        grid.rows.get(r + 1).is_some_and(|below| {
            below.iter().enumerate().any(|(c, v)| {
                matches!(v, Value::Text(t) if names.field(t).is_some())
                    && names.field(&grid.get(r, c).text()).is_none()
            })
        })
    };
    let row = if scores.get(first + 1).is_some_and(|&s| s + 1 >= best) || completes(first) {
        first + 1
    } else {
        first
    };
    let width = grid.rows[row]
        .len()
        .max(grid.rows.get(row.wrapping_sub(1)).map_or(0, Vec::len));
    let above = |c: usize| {
        (row > 0 && scores[row - 1] > 0)
            .then(|| grid.get(row - 1, c).text())
            .filter(|t| !t.is_empty())
    };
    let mut columns = Vec::new();
    for c in 0..width {
        let here = grid.get(row, c).text();
        let up = above(c);
        if here.is_empty() && up.is_none() {
            continue;
        }
        let field = names
            .field(&here)
            .or_else(|| up.as_ref().and_then(|u| names.field(&format!("{u}{here}"))))
            .or_else(|| up.as_ref().and_then(|u| names.field(u)));
        let shown = match (&up, here.is_empty()) {
            (Some(u), false) if *u != here => format!("{u} {here}"),
            (Some(u), true) => u.clone(),
            _ => here.clone(),
        };
        columns.push((c, field.ok_or(shown)));
    }
    Some(Header { row, columns })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_compared_without_spaces_and_units() {
        let n = Names::new(&BTreeMap::new());
        assert_eq!(n.field(" 总投资\n（亿元）"), Some(Field::Total));
        assert_eq!(n.field("年度计划投资(亿元)"), Some(Field::Plan));
        assert_eq!(n.field("Lead unit"), Some(Field::Lead));
        assert_eq!(n.field("备注"), None);
        let mut extra = BTreeMap::new();
        extra.insert("主要负责单位".to_string(), Field::Lead);
        assert_eq!(Names::new(&extra).field("主要负责 单位"), Some(Field::Lead));
    }
}
