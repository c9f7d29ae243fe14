//! Surgical edits of ledger text: set, replace or remove a struct's fields, append to or pop
//! from a list, touching no other byte. Removing what an insertion added restores the
//! original bytes exactly.

use std::fmt;
use std::ops::Range;

use super::spans::{self, FieldSpan, Seg, SyntaxError};

#[derive(Debug)]
pub enum EditError {
    Syntax(SyntaxError),
    NotFound(String),
}

impl fmt::Display for EditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EditError::Syntax(e) => write!(f, "the ledger text is not valid RON ({e})"),
            EditError::NotFound(what) => write!(f, "{what} was not found in the ledger text"),
        }
    }
}

impl std::error::Error for EditError {}

impl From<SyntaxError> for EditError {
    fn from(e: SyntaxError) -> Self {
        EditError::Syntax(e)
    }
}

fn describe(path: &[Seg]) -> String {
    let mut s = String::new();
    for seg in path {
        match seg {
            Seg::Field(f) => {
                if !s.is_empty() {
                    s.push('.');
                }
                s.push_str(f);
            }
            Seg::Index(i) => s.push_str(&format!("[{i}]")),
        }
    }
    s
}

/// A RON string literal for `s`.
pub fn ron_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// How a bracketed body is laid out, read from its existing items.
struct Layout {
    multiline: bool,
    indent: String,
    eol: &'static str,
}

fn line_start(text: &str, pos: usize) -> usize {
    text[..pos].rfind('\n').map_or(0, |i| i + 1)
}

/// The position just after the newline ending the line that holds `pos`, if the rest of the
/// line is only whitespace or a `//` comment.
fn end_of_line_after(text: &str, pos: usize) -> Option<usize> {
    let rest = &text[pos..];
    let nl = rest.find('\n')?;
    let tail = rest[..nl].trim_start();
    (tail.is_empty() || tail.starts_with("//") || tail == "\r").then_some(pos + nl + 1)
}

fn eol_of(text: &str, pos: usize) -> &'static str {
    let rest = &text[pos..];
    match rest.find('\n') {
        Some(i) if i > 0 && rest.as_bytes()[i - 1] == b'\r' => "\r\n",
        _ => "\n",
    }
}

/// Layout of a body opening at `open` whose items start at `starts`.
fn layout(text: &str, open: usize, close: usize, starts: &[usize]) -> Layout {
    let first = starts.first().copied().unwrap_or(close);
    let multiline = text[open..first].contains('\n');
    let indent = match starts.last() {
        Some(&last) if multiline => {
            let ls = line_start(text, last);
            let ws = &text[ls..last];
            if ws.chars().all(|c| c == ' ' || c == '\t') {
                ws.to_string()
            } else {
                "    ".to_string()
            }
        }
        _ => {
            let ls = line_start(text, open);
            let base: String = text[ls..]
                .chars()
                .take_while(|c| *c == ' ' || *c == '\t')
                .collect();
            format!("{base}    ")
        }
    };
    Layout {
        multiline,
        indent,
        eol: eol_of(text, open),
    }
}

fn splice(text: &str, range: Range<usize>, with: &str) -> String {
    let mut out = String::with_capacity(text.len() + with.len());
    out.push_str(&text[..range.start]);
    out.push_str(with);
    out.push_str(&text[range.end..]);
    out
}

/// Where and what to insert for a new item `item` after the existing items.
/// `last`: the last item's (value end, comma). `open`/`close`: the body's brackets.
fn insertion(
    text: &str,
    lay: &Layout,
    open: usize,
    last: Option<(usize, Option<usize>)>,
    item: &str,
) -> (usize, String) {
    match last {
        None if lay.multiline => {
            // An empty multi-line body: a new line after the opening bracket.
            let at = end_of_line_after(text, open + 1).unwrap_or(open + 1);
            (at, format!("{}{item},{}", lay.indent, lay.eol))
        }
        None => (open + 1, item.to_string()),
        Some((_, Some(comma))) if lay.multiline => match end_of_line_after(text, comma + 1) {
            Some(at) => (at, format!("{}{item},{}", lay.indent, lay.eol)),
            None => (comma + 1, format!(" {item},")),
        },
        Some((end, _)) if lay.multiline => (end, format!(",{}{}{item}", lay.eol, lay.indent)),
        Some((end, _)) => (end, format!(", {item}")),
    }
}

/// The range to delete to remove item `i` of a body, mirroring `insertion`.
fn removal(
    text: &str,
    lay: &Layout,
    items: &[(Range<usize>, Option<usize>)],
    i: usize,
    close: usize,
) -> Range<usize> {
    let (span, comma) = &items[i];
    if lay.multiline
        && let Some(comma) = comma
    {
        let ls = line_start(text, span.start);
        let alone = text[ls..span.start].chars().all(|c| c == ' ' || c == '\t');
        if alone && let Some(end) = end_of_line_after(text, comma + 1) {
            return ls..end;
        }
    }
    if i > 0 {
        // From the end of the previous item: ", item" or ",\n    item".
        let prev_end = items[i - 1].0.end;
        let end = if i + 1 == items.len() {
            span.end
        } else {
            comma.map_or(span.end, |c| c)
        };
        return prev_end..end;
    }
    // The first item: up to the next item, or the whole body when alone.
    match items.get(1) {
        Some((next, _)) => span.start..next.start,
        None => {
            let end = comma.map_or(span.end, |c| c + 1);
            let end = if lay.multiline { end } else { end.min(close) };
            span.start..end
        }
    }
}

fn field_items(fields: &[FieldSpan]) -> Vec<(Range<usize>, Option<usize>)> {
    fields
        .iter()
        .map(|f| (f.name_span.start..f.value_span.end, f.comma))
        .collect()
}

/// Sets, replaces or removes fields of the struct at `path`: (name, Some(RON literal)) to
/// insert or replace, (name, None) to remove. Changes apply in order. The struct is found
/// once and edited on its own text, so a 13 MB ledger is walked and copied only once.
pub fn set_struct_fields(
    text: &str,
    path: &[Seg],
    changes: &[(&str, Option<&str>)],
) -> Result<String, EditError> {
    let st = spans::struct_at(text, path)?.ok_or_else(|| EditError::NotFound(describe(path)))?;
    let window = st.span.start..st.close + 1;
    let edited = set_fields_here(&text[window.clone()], changes)?;
    Ok(splice(text, window, &edited))
}

/// `set_struct_fields` on a text whose top-level value is the struct.
fn set_fields_here(text: &str, changes: &[(&str, Option<&str>)]) -> Result<String, EditError> {
    let mut text = text.to_string();
    for (name, value) in changes {
        let st = spans::struct_at(&text, &[])?
            .ok_or_else(|| EditError::NotFound("the struct".into()))?;
        let found = st.fields.iter().position(|f| f.name == *name);
        let starts: Vec<usize> = st.fields.iter().map(|f| f.name_span.start).collect();
        let lay = layout(&text, st.open, st.close, &starts);
        text = match (found, value) {
            (Some(i), Some(v)) => splice(&text, st.fields[i].value_span.clone(), v),
            (Some(i), None) => {
                let items = field_items(&st.fields);
                let r = removal(&text, &lay, &items, i, st.close);
                splice(&text, r, "")
            }
            (None, Some(v)) => {
                let last = st.fields.last().map(|f| (f.value_span.end, f.comma));
                let (at, ins) = insertion(&text, &lay, st.open, last, &format!("{name}: {v}"));
                splice(&text, at..at, &ins)
            }
            (None, None) => text,
        };
    }
    Ok(text)
}

fn with_field<'a>(path: &[Seg<'a>], field: &'a str) -> Vec<Seg<'a>> {
    let mut p = path.to_vec();
    p.push(Seg::Field(field));
    p
}

/// Appends `item` to the list in `field` of the struct at `path`, creating the field if absent.
pub fn push_to_list(
    text: &str,
    path: &[Seg],
    field: &str,
    item: &str,
) -> Result<String, EditError> {
    let list_path = with_field(path, field);
    let Some(list) = spans::list_at(text, &list_path)? else {
        let st =
            spans::struct_at(text, path)?.ok_or_else(|| EditError::NotFound(describe(path)))?;
        if st.fields.iter().any(|f| f.name == field) {
            return Err(EditError::NotFound(format!(
                "a list in {}",
                describe(&list_path)
            )));
        }
        return set_struct_fields(text, path, &[(field, Some(&format!("[{item}]")))]);
    };
    let starts: Vec<usize> = list.items.iter().map(|(r, _)| r.start).collect();
    let lay = layout(text, list.open, list.close, &starts);
    let last = list.items.last().map(|(r, c)| (r.end, *c));
    let (at, ins) = insertion(text, &lay, list.open, last, item);
    Ok(splice(text, at..at, &ins))
}

/// Removes the last item of the list in `field` of the struct at `path`.
pub fn pop_from_list(text: &str, path: &[Seg], field: &str) -> Result<String, EditError> {
    let list_path = with_field(path, field);
    let list = spans::list_at(text, &list_path)?
        .ok_or_else(|| EditError::NotFound(describe(&list_path)))?;
    if list.items.is_empty() {
        return Err(EditError::NotFound(format!(
            "an item in {}",
            describe(&list_path)
        )));
    }
    let starts: Vec<usize> = list.items.iter().map(|(r, _)| r.start).collect();
    let lay = layout(text, list.open, list.close, &starts);
    let r = removal(text, &lay, &list.items, list.items.len() - 1, list.close);
    Ok(splice(text, r, ""))
}
