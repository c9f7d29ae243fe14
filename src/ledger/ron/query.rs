//! Questions asked of RON text: where the value at a path is, a struct's fields, a list's
//! items, and line and column of a byte. All of them read with the one [`Scanner`].

use std::ops::Range;

use memchr::{memchr_iter, memrchr};

use super::lex::bare_name;
use super::scan::Scanner;
use super::{FieldSpan, ListSpans, Located, Seg, StructSpans, SyntaxError, ValueKind};

/// The span and kind of the value at `path` (`Some(..)` is looked through for the kind and
/// for descent; the span is the value as written).
pub fn locate(text: &str, path: &[Seg]) -> Result<Option<Located>, SyntaxError> {
    let mut s = Scanner::new(text);
    let Some((start, wraps)) = s.walk(path)? else {
        return Ok(None);
    };
    let kind = s.skip_value()?;
    s.close_some(wraps)?;
    Ok(Some(Located {
        span: start..s.pos,
        kind,
    }))
}

/// The fields of the struct at `path`; `None` if there is no value there or it is not a
/// struct with named fields (an empty `()` counts as a struct).
pub fn struct_at(text: &str, path: &[Seg]) -> Result<Option<StructSpans>, SyntaxError> {
    let mut s = Scanner::new(text);
    if s.walk(path)?.is_none() {
        return Ok(None);
    }
    let start = s.pos;
    if !s.onto_bracket()? || s.peek() != Some(b'(') {
        s.skip_value()?;
        return Ok(None);
    }
    let mut g = s.open_group()?;
    let mut fields = Vec::new();
    while let Some(entry) = s.next_entry(&mut g)? {
        let Some(name_span) = entry.name else {
            // A tuple: still checked to its end, like any other value read.
            s.skip_value()?;
            s.after_value(&mut g)?;
            while s.next_entry(&mut g)?.is_some() {
                s.skip_value()?;
                s.after_value(&mut g)?;
            }
            return Ok(None);
        };
        let vstart = s.pos;
        s.skip_value()?;
        let value_span = vstart..s.pos;
        let comma = s.after_value(&mut g)?;
        fields.push(FieldSpan {
            name: String::from_utf8_lossy(bare_name(&s.b[name_span.clone()])).into_owned(),
            name_span,
            value_span,
            comma,
        });
    }
    Ok(Some(StructSpans {
        span: start..s.pos,
        open: g.open,
        close: s.pos - 1,
        fields,
    }))
}

/// The items of the list at `path`; `None` if there is no value there or it is not a list.
pub fn list_at(text: &str, path: &[Seg]) -> Result<Option<ListSpans>, SyntaxError> {
    let mut s = Scanner::new(text);
    if s.walk(path)?.is_none() {
        return Ok(None);
    }
    if s.peek() != Some(b'[') {
        s.skip_value()?;
        return Ok(None);
    }
    let mut g = s.open_group()?;
    let mut items = Vec::new();
    while s.next_entry(&mut g)?.is_some() {
        let start = s.pos;
        s.skip_value()?;
        let span = start..s.pos;
        items.push((span, s.after_value(&mut g)?));
    }
    Ok(Some(ListSpans {
        span: g.open..s.pos,
        open: g.open,
        close: s.pos - 1,
        items,
    }))
}

/// Checks that `text` is exactly one RON value with nothing around it (not even whitespace or
/// a comment, which could swallow what follows it), e.g. a literal about to be written into a
/// ledger.
pub fn check_value(text: &str) -> Result<ValueKind, SyntaxError> {
    let mut s = Scanner::new(text);
    let kind = s.skip_value()?;
    if s.pos < s.b.len() {
        return s.err(s.pos, "unexpected text after the value");
    }
    Ok(kind)
}

/// Checks that `text` is a whole RON document: a preamble, one value, and only whitespace
/// and comments after it.
#[cfg(test)]
pub(crate) fn check_document(text: &str) -> Result<ValueKind, SyntaxError> {
    let mut s = Scanner::new(text);
    s.preamble()?;
    let kind = s.skip_value()?;
    s.ws()?;
    if s.pos < s.b.len() {
        return s.err(s.pos, "unexpected text after the top-level value");
    }
    Ok(kind)
}

/// Up to this many paths are walked one by one; more are grouped (see [`value_starts`]).
const WALK_ALONE: usize = 4;

/// Where the value at each of `paths` starts (`None` where there is none, or the text is not
/// RON). A few paths are each walked from the top; more are grouped by their first step, so
/// that a struct or list holding many of them is read once rather than once per path.
pub(crate) fn value_starts(text: &str, paths: &[&[Seg]]) -> Vec<Option<usize>> {
    let mut starts = vec![None; paths.len()];
    let mut todo: Vec<(usize, &[Seg])> = paths.iter().copied().enumerate().collect();
    starts_within(text, 0, &mut todo, &mut starts);
    starts
}

/// [`value_starts`] for the value that is `text`, found at `offset` in the whole text.
fn starts_within(
    text: &str,
    offset: usize,
    todo: &mut [(usize, &[Seg])],
    starts: &mut [Option<usize>],
) {
    let children = if todo.len() > WALK_ALONE {
        Children::of(text)
    } else {
        None
    };
    let Some(children) = children else {
        for &(i, path) in todo.iter() {
            starts[i] = locate(text, path)
                .ok()
                .flatten()
                .map(|l| offset + l.span.start);
        }
        return;
    };
    todo.sort_unstable_by_key(|&(_, path)| path.first().copied());
    for group in todo.chunk_by_mut(|a, b| a.1.first() == b.1.first()) {
        let Some(&first) = group[0].1.first() else {
            let root = locate(text, &[]).ok().flatten();
            for &(i, _) in group.iter() {
                starts[i] = root.as_ref().map(|l| offset + l.span.start);
            }
            continue;
        };
        let Some(span) = children.span(first) else {
            continue;
        };
        let mut rest: Vec<(usize, &[Seg])> = group.iter().map(|&(i, p)| (i, &p[1..])).collect();
        starts_within(&text[span.clone()], offset + span.start, &mut rest, starts);
    }
}

/// One step down from a value: a struct's fields or a list's items.
enum Children {
    Fields(Vec<FieldSpan>),
    Items(Vec<(Range<usize>, Option<usize>)>),
}

impl Children {
    /// `None` for values that are neither (tuples, maps, scalars) or text that is not RON.
    fn of(text: &str) -> Option<Self> {
        if let Ok(Some(st)) = struct_at(text, &[]) {
            return Some(Children::Fields(st.fields));
        }
        let list = list_at(text, &[]).ok()??;
        Some(Children::Items(list.items))
    }

    /// The span of the value one `step` down.
    fn span(&self, step: Seg) -> Option<&Range<usize>> {
        match (self, step) {
            (Children::Fields(fields), Seg::Field(want)) => fields
                .iter()
                .find(|f| f.name == want)
                .map(|f| &f.value_span),
            (Children::Items(items), Seg::Index(i)) => items.get(i).map(|(span, _)| span),
            _ => None,
        }
    }
}

/// 1-based line and 1-based column counted in chars (not bytes), as ron counts them.
/// A `byte` inside a character or past the end is taken back to the character's start.
pub fn line_col(text: &str, byte: usize) -> (usize, usize) {
    let mut end = byte.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let before = &text.as_bytes()[..end];
    let line = memchr_iter(b'\n', before).count() + 1;
    let line_start = memrchr(b'\n', before).map_or(0, |i| i + 1);
    let col = before[line_start..]
        .iter()
        .filter(|&&c| (c & 0xC0) != 0x80)
        .count()
        + 1;
    (line, col)
}
