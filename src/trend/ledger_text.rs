//! The ledger's text kept as the history walk needs it: whole lines, the projects grouped
//! into blocks of lines, each block with the milestones read from it. A commit's line edits
//! are made on the blocks they touch, and only those blocks are read again: walking two
//! years of a 10,000-project ledger reads the whole file once.

use std::ops::Range;

use crate::git::Hunk;
use crate::ledger::ron::{Seg, list_at, locate};
use crate::ledger::{Thresholds, parse_date, parse_raw_project, parse_raw_warning};

/// What the weekly count needs of one milestone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Fact {
    pub due: chrono::NaiveDate,
    pub done: bool,
    /// Index into [`Names`].
    pub unit: u32,
}

/// Unit names as written, each given a number once.
#[derive(Debug, Default)]
pub(super) struct Names {
    pub names: Vec<String>,
    index: std::collections::HashMap<String, u32>,
}

impl Names {
    pub fn id(&mut self, name: &str) -> u32 {
        if let Some(&i) = self.index.get(name) {
            return i;
        }
        let i = self.names.len() as u32;
        self.names.push(name.to_string());
        self.index.insert(name.to_string(), i);
        i
    }
}

/// Whole lines holding one or more whole projects (and the comments before them).
#[derive(Debug)]
pub(super) struct Block {
    lines: Vec<String>,
    pub facts: Vec<Fact>,
}

/// One version of the ledger.
#[derive(Debug, Default)]
pub(super) struct LedgerText {
    /// The lines before the first project's block.
    head: Vec<String>,
    pub blocks: Vec<Block>,
    /// The lines after the last project's block.
    tail: Vec<String>,
    pub thresholds: Thresholds,
    /// Whether a commit's edits can be made block by block: the projects sit on lines of
    /// their own. When not, every changed version is read whole.
    by_blocks: bool,
    /// False when this version could not be read (its counts are then not taken).
    pub readable: bool,
}

impl LedgerText {
    /// Reads a whole version.
    pub fn read(text: &str, names: &mut Names) -> Self {
        Self::from_lines(text.split('\n').map(str::to_string).collect(), names)
    }

    fn from_lines(lines: Vec<String>, names: &mut Names) -> Self {
        let text = lines.join("\n");
        let mut out = LedgerText {
            thresholds: thresholds(&text),
            ..Default::default()
        };
        let list = match list_at(&text, &[Seg::Field("projects")]) {
            Ok(Some(list)) => list,
            _ => {
                out.head = lines;
                return out;
            }
        };
        let Some(first) = list.items.first() else {
            out.head = lines;
            out.readable = true;
            return out;
        };
        let starts = line_starts(&text);
        let line_of = |byte: usize| starts.partition_point(|&s| s <= byte) - 1;
        let first_line = line_of(first.0.start);
        let last = &list.items[list.items.len() - 1];
        let last_line = line_of(last.1.unwrap_or(last.0.end - 1));
        out.head = lines[..first_line].to_vec();
        out.tail = lines[last_line + 1..].to_vec();
        let body = lines[first_line..=last_line].to_vec();
        let own_lines = text[starts[first_line]..first.0.start].trim().is_empty()
            && ends_its_line(&text, &starts, last_line, last);
        let blocks = if own_lines {
            split(&body, names)
        } else {
            // One block of every project, read where they stand in the whole text.
            let mut facts = Vec::new();
            list.items
                .iter()
                .try_for_each(|(span, _)| read_facts(&text[span.clone()], names, &mut facts))
                .map(|()| vec![Block { lines: body, facts }])
        };
        if let Some(blocks) = blocks {
            out.blocks = blocks;
            out.readable = true;
            out.by_blocks = own_lines;
        }
        out
    }

    fn into_lines(self) -> Vec<String> {
        let mut all = self.head;
        for b in self.blocks {
            all.extend(b.lines);
        }
        all.extend(self.tail);
        all
    }

    /// This version changed by `hunks` (in order, as git gives them).
    pub fn apply(self, hunks: &[Hunk], names: &mut Names) -> Self {
        if hunks.is_empty() {
            return self;
        }
        if !self.by_blocks {
            return Self::whole(self.into_lines(), hunks, names);
        }
        self.apply_in_blocks(hunks, names)
    }

    /// `hunks` made on all the lines, then the result read whole.
    fn whole(mut lines: Vec<String>, hunks: &[Hunk], names: &mut Names) -> Self {
        for h in hunks.iter().rev() {
            splice(&mut lines, h, 0);
        }
        Self::from_lines(lines, names)
    }

    /// The edits made on the blocks they touch; read whole when one reaches the head or the
    /// tail, or a block does not read as projects afterwards.
    fn apply_in_blocks(mut self, hunks: &[Hunk], names: &mut Names) -> Self {
        let head = self.head.len();
        let mut starts = Vec::with_capacity(self.blocks.len());
        let mut at = head + 1;
        for b in &self.blocks {
            starts.push(at);
            at += b.lines.len();
        }
        let end = at; // the first line after the blocks
        let block_of = |line: usize| starts.partition_point(|&s| s <= line) - 1;
        // The blocks each hunk touches, as ranges of block indices; overlapping ones merged.
        let mut groups: Vec<(usize, usize, Vec<&Hunk>)> = Vec::new();
        for h in hunks {
            let touched = if h.old_len == 0 {
                // After line old_start: inside a block, or just before the first one.
                match h.old_start {
                    s if s == head => Some((0, 0)),
                    s if s > head && s < end => Some((block_of(s), block_of(s))),
                    _ => None,
                }
            } else {
                let last = h.old_start + h.old_len - 1;
                (h.old_start > head && last < end).then(|| (block_of(h.old_start), block_of(last)))
            };
            let Some((lo, hi)) = touched else {
                return Self::whole(self.into_lines(), hunks, names);
            };
            match groups.last_mut() {
                Some(g) if lo <= g.1 => {
                    g.1 = g.1.max(hi);
                    g.2.push(h);
                }
                _ => groups.push((lo, hi, vec![h])),
            }
        }
        // The last group first, so that the line numbers of those before stay right.
        while let Some((lo, hi, hs)) = groups.pop() {
            let mut lines: Vec<String> = self.blocks[lo..=hi]
                .iter_mut()
                .flat_map(|b| std::mem::take(&mut b.lines))
                .collect();
            for h in hs.iter().rev() {
                splice(&mut lines, h, starts[lo] - 1);
            }
            match split(&lines, names) {
                Some(blocks) => {
                    self.blocks.splice(lo..=hi, blocks);
                }
                None => {
                    let facts = Vec::new();
                    self.blocks.splice(lo..=hi, [Block { lines, facts }]);
                    let rest: Vec<Hunk> = groups
                        .iter()
                        .flat_map(|g| g.2.iter().map(|h| (*h).clone()))
                        .collect();
                    return Self::whole(self.into_lines(), &rest, names);
                }
            }
        }
        self
    }
}

/// Makes one hunk on `lines`, which are the file's lines from `offset + 1`.
fn splice(lines: &mut Vec<String>, h: &Hunk, offset: usize) {
    let start = if h.old_len == 0 {
        h.old_start
    } else {
        h.old_start - 1
    };
    let start = start.saturating_sub(offset).min(lines.len());
    let end = (start + h.old_len).min(lines.len());
    lines.splice(start..end, h.new.iter().cloned());
}

/// Splits whole lines of projects into blocks (a project's comments go with it; projects
/// sharing a line share a block) and reads each; `None` if they do not read as projects
/// that end their lines.
fn split(lines: &[String], names: &mut Names) -> Option<Vec<Block>> {
    // Line 0 of `wrapped` is the "[" added here; line n is lines[n - 1].
    let wrapped = format!("[\n{}\n]", lines.join("\n"));
    let list = list_at(&wrapped, &[]).ok()??;
    let starts = line_starts(&wrapped);
    let line_of = |byte: usize| starts.partition_point(|&s| s <= byte) - 1;
    let end_line = |item: &(Range<usize>, Option<usize>)| line_of(item.1.unwrap_or(item.0.end - 1));
    let mut blocks = Vec::new();
    let mut from = 0; // the first of `lines` not yet in a block
    let mut i = 0;
    while i < list.items.len() {
        let mut last = end_line(&list.items[i]);
        let mut j = i + 1;
        // Projects starting on the line this one ends on join its block.
        while j < list.items.len() && line_of(list.items[j].0.start) <= last {
            last = end_line(&list.items[j]);
            j += 1;
        }
        if last == 0
            || last > lines.len()
            || !ends_its_line(&wrapped, &starts, last, &list.items[j - 1])
        {
            return None;
        }
        let mut facts = Vec::new();
        for (span, _) in &list.items[i..j] {
            read_facts(&wrapped[span.clone()], names, &mut facts)?;
        }
        blocks.push(Block {
            lines: lines[from..last].to_vec(),
            facts,
        });
        from = last;
        i = j;
    }
    // Lines after the last project (comments, blank lines) stay with the last block.
    if from < lines.len() {
        let rest = &lines[from..];
        match blocks.last_mut() {
            Some(b) => b.lines.extend_from_slice(rest),
            None if rest.iter().all(|l| l.trim().is_empty()) => blocks.push(Block {
                lines: rest.to_vec(),
                facts: Vec::new(),
            }),
            None => return None,
        }
    }
    Some(blocks)
}

/// The milestones of one `Project(...)`.
fn read_facts(text: &str, names: &mut Names, facts: &mut Vec<Fact>) -> Option<()> {
    let p = parse_raw_project(text)?;
    for m in &p.milestones {
        let unit = m.unit.as_deref().unwrap_or(&p.lead);
        facts.push(Fact {
            due: parse_date(&m.due).ok()?,
            done: m.done.is_some(),
            unit: names.id(unit),
        });
    }
    Some(())
}

/// The `warning` settings the colours are counted with (the defaults where the file has
/// none), as loading takes them.
fn thresholds(text: &str) -> Thresholds {
    let mut t = Thresholds::default();
    let Ok(Some(found)) = locate(text, &[Seg::Field("warning")]) else {
        return t;
    };
    if let Some(w) = parse_raw_warning(&text[found.span]) {
        if let Some(s) = w.soon_days.filter(|s| *s >= 0) {
            t.soon_days = s;
        }
        if let Some(r) = w.red_days.filter(|r| *r >= 1) {
            t.red_days = r;
        }
    }
    t
}

/// The byte where each line starts.
fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
        .collect()
}

/// Whether nothing but blanks or a line comment follows `item` (and its comma) on `line`.
fn ends_its_line(
    text: &str,
    starts: &[usize],
    line: usize,
    item: &(Range<usize>, Option<usize>),
) -> bool {
    let from = item.1.map_or(item.0.end, |c| c + 1);
    let to = starts.get(line + 1).map_or(text.len(), |&s| s - 1);
    let rest = text.get(from..to).unwrap_or_default().trim();
    rest.is_empty() || rest.starts_with("//")
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "Ledger(\n    title: \"t\",\n    year: 2018,\n    units: [Unit(name: \"甲\"), Unit(name: \"乙\")],\n    projects: [\n        Project(\n            name: \"一\",\n            lead: \"甲\",\n            milestones: [\n                Milestone(name: \"a\", due: \"2018-03-01\"),\n            ],\n        ),\n        // 二\n        Project(name: \"二\", lead: \"乙\", milestones: [Milestone(name: \"b\", due: \"2018-04-01\")]),\n    ],\n)\n";

    fn hunk(old_start: usize, old_len: usize, new: &[&str]) -> Hunk {
        Hunk {
            old_start,
            old_len,
            new: new.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn projects_on_lines_of_their_own_are_blocks_with_their_comments() {
        let mut names = Names::default();
        let v = LedgerText::read(TEXT, &mut names);
        assert!(v.readable && v.by_blocks);
        assert_eq!(v.blocks.len(), 2);
        assert_eq!(v.blocks[1].lines[0], "        // 二");
        assert_eq!(v.head.len(), 5);
        assert_eq!(v.into_lines().join("\n"), TEXT);
    }

    #[test]
    fn an_edit_inside_a_project_reads_that_block_alone() {
        let mut names = Names::default();
        let v = LedgerText::read(TEXT, &mut names);
        let crossed =
            "                Milestone(name: \"a\", due: \"2018-03-01\", done: \"2018-03-02\"),";
        let added = "        Project(name: \"三\", lead: \"甲\", milestones: [Milestone(name: \"c\", due: \"2018-05-01\")]),";
        // Line 10 crossed off; a project added after line 14 (the last project's).
        let v = v.apply(
            &[hunk(10, 1, &[crossed]), hunk(14, 0, &[added])],
            &mut names,
        );
        assert!(v.readable && v.by_blocks, "still block by block");
        assert_eq!(
            v.blocks.len(),
            3,
            "the new project split into a block of its own"
        );
        let done: Vec<bool> = v
            .blocks
            .iter()
            .flat_map(|b| &b.facts)
            .map(|f| f.done)
            .collect();
        assert_eq!(done, [true, false, false]);
        let expected = TEXT
            .replace(
                "                Milestone(name: \"a\", due: \"2018-03-01\"),",
                crossed,
            )
            .replace("    ],\n)", &format!("{added}\n    ],\n)"));
        assert_eq!(v.into_lines().join("\n"), expected);
    }

    #[test]
    fn an_edit_of_the_head_reads_the_whole_version() {
        let mut names = Names::default();
        let v = LedgerText::read(TEXT, &mut names);
        let v = v.apply(
            &[hunk(3, 1, &["    year: 2018, warning: (red_days: 3),"])],
            &mut names,
        );
        assert!(v.readable);
        assert_eq!(v.thresholds.red_days, 3);
    }

    #[test]
    fn an_edit_that_breaks_a_project_leaves_the_version_unread() {
        let mut names = Names::default();
        let v = LedgerText::read(TEXT, &mut names);
        let v = v.apply(&[hunk(7, 1, &["            name: \"一"])], &mut names);
        assert!(!v.readable);
    }
}
