//! Surgical edits of ledger text: set, replace or remove a struct's fields, append to or pop
//! from a list, touching no other byte. Comments, order, spacing and line endings stay as the
//! office wrote them, and removing what an insertion added restores the original bytes
//! exactly, so an undo is byte-for-byte.

use std::fmt;
use std::ops::Range;

use super::ron::lex::block_comment_end;
use super::ron::{
    ListSpans, Seg, StructSpans, SyntaxError, check_value, list_at, locate, struct_at,
};

/// Why an edit could not be made. The text is never half-edited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditError {
    Syntax(SyntaxError),
    /// Which path (or item) is missing.
    NotFound(String),
    NotAStruct,
    NotAList,
}

impl fmt::Display for EditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EditError::Syntax(e) => write!(f, "the ledger text is not valid RON ({e})"),
            EditError::NotFound(what) => write!(f, "{what} was not found in the ledger text"),
            EditError::NotAStruct => write!(f, "the value to edit is not a struct"),
            EditError::NotAList => write!(f, "the value to append to is not a list"),
        }
    }
}

impl std::error::Error for EditError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            EditError::Syntax(e) => Some(e),
            _ => None,
        }
    }
}

impl From<SyntaxError> for EditError {
    fn from(e: SyntaxError) -> Self {
        EditError::Syntax(e)
    }
}

/// `projects[3].milestones[1]`, for messages.
pub fn describe(path: &[Seg]) -> String {
    let mut s = String::new();
    for seg in path {
        match seg {
            Seg::Field(f) => {
                if !s.is_empty() {
                    s.push('.');
                }
                s.push_str(f);
            }
            Seg::Index(i) => {
                s.push('[');
                s.push_str(&i.to_string());
                s.push(']');
            }
        }
    }
    if s.is_empty() {
        s.push_str("the top-level value");
    }
    s
}

/// A RON string literal for `s` (quotes, escapes for `\`, `"` and control characters), so
/// any text a user types is written back as the same text.
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
            c if c.is_control() => {
                out.push_str("\\u{");
                out.push_str(&format!("{:x}", c as u32));
                out.push('}');
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// One entry of a bracketed body: a field (`name: value`) or a list item.
#[derive(Debug, Clone, Copy)]
struct Entry {
    start: usize,
    end: usize,
    comma: Option<usize>,
}

/// A bracketed body: its brackets and entries.
struct Body {
    open: usize,
    close: usize,
    entries: Vec<Entry>,
}

impl Body {
    fn of_struct(st: &StructSpans) -> Self {
        Body {
            open: st.open,
            close: st.close,
            entries: st
                .fields
                .iter()
                .map(|f| Entry {
                    start: f.name_span.start,
                    end: f.value_span.end,
                    comma: f.comma,
                })
                .collect(),
        }
    }

    fn of_list(l: &ListSpans) -> Self {
        Body {
            open: l.open,
            close: l.close,
            entries: l
                .items
                .iter()
                .map(|(r, c)| Entry {
                    start: r.start,
                    end: r.end,
                    comma: *c,
                })
                .collect(),
        }
    }
}

fn line_start(b: &[u8], pos: usize) -> usize {
    b[..pos]
        .iter()
        .rposition(|&c| c == b'\n')
        .map_or(0, |i| i + 1)
}

/// True when only spaces and tabs stand between the start of `pos`'s line and `pos`.
fn starts_line(b: &[u8], pos: usize) -> bool {
    b[line_start(b, pos)..pos]
        .iter()
        .all(|&c| c == b' ' || c == b'\t')
}

/// The spaces and tabs that begin the line holding `pos`.
fn indent_of(text: &str, pos: usize) -> &str {
    let b = text.as_bytes();
    let ls = line_start(b, pos);
    let n = b[ls..]
        .iter()
        .take_while(|&&c| c == b' ' || c == b'\t')
        .count();
    &text[ls..ls + n]
}

/// The line ending of the line that ends before `pos`'s line (CRLF or LF).
fn eol_before(b: &[u8], pos: usize) -> &'static str {
    let ls = line_start(b, pos);
    if ls >= 2 && b[ls - 2] == b'\r' {
        "\r\n"
    } else {
        "\n"
    }
}

/// The line ending of the first line break at or after `pos`.
fn eol_after(b: &[u8], pos: usize) -> &'static str {
    match b[pos..].iter().position(|&c| c == b'\n') {
        Some(i) if i > 0 && b[pos + i - 1] == b'\r' => "\r\n",
        _ => "\n",
    }
}

/// If the rest of the line from `pos` is only blanks and comments, the position just past its
/// line break (a comment there belongs to what precedes it).
fn blank_rest(b: &[u8], mut pos: usize) -> Option<usize> {
    loop {
        match (b.get(pos), b.get(pos + 1)) {
            (Some(b' ' | b'\t'), _) => pos += 1,
            (Some(b'\r'), Some(b'\n')) => return Some(pos + 2),
            (Some(b'\n'), _) => return Some(pos + 1),
            (Some(b'/'), Some(b'/')) => {
                let i = b[pos..].iter().position(|&c| c == b'\n')?;
                return Some(pos + i + 1);
            }
            (Some(b'/'), Some(b'*')) => pos = block_comment_end(b, pos)?,
            _ => return None,
        }
    }
}

/// One indentation step deeper than `base`, in its own style.
fn deeper(base: &str) -> String {
    if base.contains('\t') {
        format!("{base}\t")
    } else {
        format!("{base}    ")
    }
}

/// The insertions (ascending positions) that append `entry` to `body`, following its layout:
/// on one line `, entry`; over several lines a new line with the last entry's indentation and
/// its trailing-comma habit, after any comment on the last entry's line. `empty_indent` is
/// the indentation for the first entry of an empty multi-line body.
fn append(text: &str, body: &Body, entry: &str, empty_indent: &str) -> Vec<(usize, String)> {
    let b = text.as_bytes();
    let Some(last) = body.entries.last() else {
        let inner = &b[body.open + 1..body.close];
        if inner.contains(&b'\n')
            && let Some(at) = blank_rest(b, body.open + 1)
        {
            let eol = eol_after(b, body.open);
            return vec![(at, format!("{empty_indent}{entry},{eol}"))];
        }
        return vec![(body.open + 1, entry.to_string())];
    };
    if !b[body.open..last.start].contains(&b'\n') {
        return vec![(last.end, format!(", {entry}"))];
    }
    let indent = indent_of(text, last.start);
    let eol = eol_before(b, last.start);
    match last.comma {
        Some(c) => match blank_rest(b, c + 1) {
            Some(at) => vec![(at, format!("{indent}{entry},{eol}"))],
            None => vec![(c + 1, format!("{eol}{indent}{entry},"))],
        },
        None => match blank_rest(b, last.end) {
            Some(at) => vec![
                (last.end, ",".to_string()),
                (at, format!("{indent}{entry}{eol}")),
            ],
            None => vec![(last.end, format!(",{eol}{indent}{entry}"))],
        },
    }
}

/// The two ranges (ascending, disjoint, the first often empty) to delete to remove entry `i`
/// of `body`: exactly what [`append`] adds, and for other entries the entry with its
/// separator (and its own line, with any comment on it, when it stands alone on one).
fn removal(text: &str, body: &Body, i: usize) -> [Range<usize>; 2] {
    let b = text.as_bytes();
    let e = body.entries[i];
    let prev = i.checked_sub(1).and_then(|p| body.entries.get(p));
    let next = body.entries.get(i + 1);
    let own_line = starts_line(b, e.start);
    if own_line && let Some(after) = blank_rest(b, e.comma.map_or(e.end, |c| c + 1)) {
        let line = line_start(b, e.start)..after;
        return match (e.comma, prev.and_then(|p| p.comma)) {
            // The last entry without a trailing comma: its predecessor's comma goes too.
            (None, Some(pc)) => [pc..pc + 1, line],
            _ => [0..0, line],
        };
    }
    match (prev, next) {
        // From the comma before it, so a comment after the previous value stays.
        (Some(p), _) if !own_line => [0..0, p.comma.unwrap_or(p.end)..e.end],
        // The last entry, with the bracket after it on its line, and a comment ending the
        // line before: from the start of its own line, so that comment and the break that
        // ends it stay (the previous comma stays, as a trailing one).
        (Some(p), None) if commented(b, p.comma.unwrap_or(p.end), e.start) => [
            0..0,
            line_start(b, e.start)..e.comma.map_or(e.end, |c| c + 1),
        ],
        (_, Some(n)) => [0..0, e.start..n.start],
        (Some(p), None) => [0..0, p.comma.unwrap_or(p.end)..e.end],
        (None, None) => [0..0, e.start..e.comma.map_or(e.end, |c| c + 1)],
    }
}

/// Whether a comment stands between `from` and `to`.
fn commented(b: &[u8], from: usize, to: usize) -> bool {
    b[from..to].windows(2).any(|w| w == b"//" || w == b"/*")
}

/// Applies insertions (ascending positions) to `text`.
fn insert_all(text: &str, inserts: &[(usize, String)]) -> String {
    let extra: usize = inserts.iter().map(|(_, s)| s.len()).sum();
    let mut out = String::with_capacity(text.len() + extra);
    let mut from = 0;
    for (at, s) in inserts {
        out.push_str(&text[from..*at]);
        out.push_str(s);
        from = *at;
    }
    out.push_str(&text[from..]);
    out
}

/// Deletes ranges (ascending, disjoint) from `text`.
fn delete_all(text: &str, ranges: &[Range<usize>]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    for r in ranges {
        out.push_str(&text[from..r.start]);
        from = r.end;
    }
    out.push_str(&text[from..]);
    out
}

/// One edit of a ledger's text: `range` replaced by `with`. An edit touches one item, so a
/// large ledger is never copied to make one: the save writes the bytes around it as they
/// are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Splice {
    pub range: Range<usize>,
    pub with: String,
}

impl Splice {
    /// The whole text with the edit made.
    pub fn apply(&self, text: &str) -> String {
        splice(text, self.range.clone(), &self.with)
    }
}

fn splice(text: &str, range: Range<usize>, with: &str) -> String {
    let mut out = String::with_capacity(text.len() + with.len());
    out.push_str(&text[..range.start]);
    out.push_str(with);
    out.push_str(&text[range.end..]);
    out
}

/// Refuses a literal that is not exactly one RON value, so an edit never breaks the file.
fn check_literal(what: &str, literal: &str) -> Result<(), EditError> {
    check_value(literal).map_err(|e| {
        EditError::Syntax(SyntaxError {
            offset: e.offset,
            message: format!("in the new value for {what}: {}", e.message),
        })
    })?;
    Ok(())
}

fn check_field_name(name: &str) -> Result<(), EditError> {
    let mut chars = name.chars();
    let first_ok = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    if first_ok && chars.all(|c| c.is_ascii_alphanumeric() || c == '_') {
        Ok(())
    } else {
        Err(EditError::Syntax(SyntaxError {
            offset: 0,
            message: format!("`{name}` is not a field name"),
        }))
    }
}

/// Why there is no struct at `path`: nothing there, or something else.
fn no_struct(text: &str, path: &[Seg]) -> EditError {
    match locate(text, path) {
        Ok(Some(_)) => EditError::NotAStruct,
        Ok(None) => EditError::NotFound(describe(path)),
        Err(e) => EditError::Syntax(e),
    }
}

/// Sets, replaces or removes fields of the struct at `path`. Each change: (field name,
/// Some(RON literal text) to insert or replace, None to remove); they apply in order.
/// Replacing changes only the value's bytes; inserting follows the struct's layout; removing
/// a field that is not there changes nothing. The struct is found once (one walk of a 13 MB
/// ledger) and edited on its own text.
pub fn set_struct_fields(
    text: &str,
    path: &[Seg],
    changes: &[(&str, Option<&str>)],
) -> Result<Splice, EditError> {
    for (name, value) in changes {
        check_field_name(name)?;
        if let Some(v) = value {
            check_literal(name, v)?;
        }
    }
    let st = struct_at(text, path)?.ok_or_else(|| no_struct(text, path))?;
    let empty_indent = deeper(indent_of(text, st.open));
    let window = st.span.clone();
    let mut part = text[window.clone()].to_string();
    for (name, value) in changes {
        part = set_one(&part, name, *value, &empty_indent, &[])?;
    }
    Ok(Splice {
        range: window,
        with: part,
    })
}

/// Sets, replaces or removes fields of a struct on its own text (`part`, which starts at
/// `at` in the ledger), as [`set_struct_fields`] does: for a second edit of a struct
/// already cut out.
pub fn set_fields_in(
    part: &str,
    changes: &[(&str, Option<&str>)],
    empty_indent: &str,
) -> Result<String, EditError> {
    set_fields_in_order(part, changes, empty_indent, &[])
}

/// [`set_fields_in`], a field not there yet written where `order` (the struct's fields in
/// their usual order) puts it: before the first field there that comes after it, else last.
pub fn set_fields_in_order(
    part: &str,
    changes: &[(&str, Option<&str>)],
    empty_indent: &str,
    order: &[&str],
) -> Result<String, EditError> {
    let mut part = part.to_string();
    for (name, value) in changes {
        check_field_name(name)?;
        if let Some(v) = value {
            check_literal(name, v)?;
        }
        part = set_one(&part, name, *value, empty_indent, order)?;
    }
    Ok(part)
}

/// One change on a text that is just the struct.
fn set_one(
    text: &str,
    name: &str,
    value: Option<&str>,
    empty_indent: &str,
    order: &[&str],
) -> Result<String, EditError> {
    let st = struct_at(text, &[])?.ok_or(EditError::NotAStruct)?;
    let found = st.fields.iter().position(|f| f.name == name);
    let body = Body::of_struct(&st);
    let entry = |v: &str| format!("{name}: {v}");
    let next = order.iter().position(|n| *n == name).and_then(|k| {
        st.fields
            .iter()
            .position(|f| order[k + 1..].iter().any(|n| f.name == *n))
    });
    Ok(match (found, value) {
        (Some(i), Some(v)) => splice(text, st.fields[i].value_span.clone(), v),
        (Some(i), None) => delete_all(text, &removal(text, &body, i)),
        (None, Some(v)) => match next {
            Some(j) => insert_all(text, &before_entry(text, &body, j, &entry(v))),
            None => insert_all(text, &append(text, &body, &entry(v), empty_indent)),
        },
        (None, None) => text.to_string(),
    })
}

/// The insertion that puts `entry` just before entry `j` of `body`: on a line of its own
/// when entry `j` starts one, else on the same line.
fn before_entry(text: &str, body: &Body, j: usize, entry: &str) -> Vec<(usize, String)> {
    let b = text.as_bytes();
    let e = body.entries[j];
    if starts_line(b, e.start) {
        let indent = indent_of(text, e.start);
        let eol = eol_before(b, e.start);
        vec![(line_start(b, e.start), format!("{indent}{entry},{eol}"))]
    } else {
        vec![(e.start, format!("{entry}, "))]
    }
}

/// The struct at `path` cut out of `text` (its span and text), so that further reading and
/// editing is local: one walk of a 13 MB ledger, then work on a few hundred bytes.
fn struct_window<'t>(text: &'t str, path: &[Seg]) -> Result<(Range<usize>, &'t str), EditError> {
    let st = struct_at(text, path)?.ok_or_else(|| no_struct(text, path))?;
    let window = st.span.clone();
    Ok((window.clone(), &text[window]))
}

fn with_field<'a>(path: &[Seg<'a>], field: &'a str) -> Vec<Seg<'a>> {
    let mut p = path.to_vec();
    p.push(Seg::Field(field));
    p
}

/// Appends `item` (RON literal text) to the list in field `field` of the struct at `path`,
/// creating `field: [item]` if the field is absent. A one-line list gets `, item`; a list
/// over several lines gets a new line indented like its items. One walk of the file.
pub fn push_to_list(
    text: &str,
    path: &[Seg],
    field: &str,
    item: &str,
) -> Result<Splice, EditError> {
    check_field_name(field)?;
    check_literal(field, item)?;
    let (window, part) = struct_window(text, path)?;
    let edited = match list_at(part, &[Seg::Field(field)])? {
        Some(list) => {
            let empty_indent = deeper(indent_of(text, window.start + list.open));
            insert_all(
                part,
                &append(part, &Body::of_list(&list), item, &empty_indent),
            )
        }
        None => {
            if locate(part, &[Seg::Field(field)])?.is_some() {
                return Err(EditError::NotAList);
            }
            let st = struct_at(part, &[])?.ok_or(EditError::NotAStruct)?;
            let empty_indent = deeper(indent_of(text, window.start + st.open));
            set_one(part, field, Some(&format!("[{item}]")), &empty_indent, &[])?
        }
    };
    Ok(Splice {
        range: window,
        with: edited,
    })
}

/// Removes the last item of the list in `field` of the struct at `path`: the exact inverse
/// of [`push_to_list`] on a list that existed.
pub fn pop_from_list(text: &str, path: &[Seg], field: &str) -> Result<Splice, EditError> {
    let (window, part) = struct_window(text, path)?;
    let Some(list) = list_at(part, &[Seg::Field(field)])? else {
        return Err(match locate(part, &[Seg::Field(field)])? {
            Some(_) => EditError::NotAList,
            None => EditError::NotFound(describe(&with_field(path, field))),
        });
    };
    if list.items.is_empty() {
        return Err(EditError::NotFound(format!(
            "an item in {}",
            describe(&with_field(path, field))
        )));
    }
    let body = Body::of_list(&list);
    let edited = delete_all(part, &removal(part, &body, body.entries.len() - 1));
    Ok(Splice {
        range: window,
        with: edited,
    })
}

/// The indent a field added to the struct at `path` gets (one step deeper than the line
/// the struct opens on).
pub fn field_indent(text: &str, path: &[Seg]) -> Result<String, EditError> {
    let st = struct_at(text, path)?.ok_or_else(|| no_struct(text, path))?;
    Ok(deeper(indent_of(text, st.open)))
}

#[cfg(test)]
mod tests;

/// Where an item goes in a list, and how it is laid out there: the indentation of its
/// first line and the file's line ending (a project spans several lines).
pub struct Placing<'a> {
    pub indent: &'a str,
    pub eol: &'a str,
}

/// Inserts an item into the list at `list` so that it becomes item `index` (the length
/// appends), laid out like its neighbours; `render` writes the item for its placing. None
/// when there is no such list field (the caller adds the field). The splice covers only the
/// inserted bytes.
pub fn insert_in_list(
    text: &str,
    list: &[Seg],
    index: usize,
    render: impl Fn(&Placing) -> String,
) -> Result<Option<Splice>, EditError> {
    let Some(spans) = list_at(text, list)? else {
        return match locate(text, list)? {
            Some(_) => Err(EditError::NotAList),
            None => Ok(None),
        };
    };
    let body = Body::of_list(&spans);
    let b = text.as_bytes();
    if index > body.entries.len() {
        return Err(EditError::NotFound(format!(
            "item {index} of {}",
            describe(list)
        )));
    }
    let inserts = match body.entries.get(index) {
        None => {
            let (indent, eol) = match body.entries.last() {
                Some(last) => (
                    indent_of(text, last.start).to_string(),
                    eol_before(b, last.start),
                ),
                None => (deeper(indent_of(text, body.open)), eol_after(b, body.open)),
            };
            let item = render(&Placing {
                indent: &indent,
                eol,
            });
            check_literal(&describe(list), &item)?;
            append(text, &body, &item, &indent)
        }
        Some(e) if starts_line(b, e.start) => {
            let indent = indent_of(text, e.start);
            let eol = eol_before(b, e.start);
            let item = render(&Placing { indent, eol });
            check_literal(&describe(list), &item)?;
            vec![(line_start(b, e.start), format!("{indent}{item},{eol}"))]
        }
        Some(e) => {
            let item = render(&Placing {
                indent: "",
                eol: eol_after(b, e.start),
            });
            check_literal(&describe(list), &item)?;
            vec![(e.start, format!("{item}, "))]
        }
    };
    Ok(Some(Splice::of_inserts(text, &inserts)))
}

/// Removes item `index` of the list at `list` (with its line, when it has one to itself).
/// Returns the splice and whether the list is left empty.
pub fn remove_from_list(
    text: &str,
    list: &[Seg],
    index: usize,
) -> Result<(Splice, bool), EditError> {
    let spans = list_at(text, list)?.ok_or_else(|| EditError::NotFound(describe(list)))?;
    let body = Body::of_list(&spans);
    if index >= body.entries.len() {
        return Err(EditError::NotFound(format!(
            "item {index} of {}",
            describe(list)
        )));
    }
    let [a, b] = removal(text, &body, index);
    let splice = if a.is_empty() {
        Splice {
            range: b,
            with: String::new(),
        }
    } else {
        Splice {
            range: a.start..b.end,
            with: text[a.end..b.start].to_string(),
        }
    };
    Ok((splice, body.entries.len() == 1))
}

impl Splice {
    /// Insertions (ascending positions) as one splice from the first to the last.
    pub fn of_inserts(text: &str, inserts: &[(usize, String)]) -> Splice {
        let (Some(first), Some(last)) = (inserts.first(), inserts.last()) else {
            return Splice {
                range: 0..0,
                with: String::new(),
            };
        };
        let range = first.0..last.0;
        let shifted: Vec<(usize, String)> = inserts
            .iter()
            .map(|(at, s)| (at - range.start, s.clone()))
            .collect();
        Splice {
            with: insert_all(&text[range.clone()], &shifted),
            range,
        }
    }

    /// Replacements (ascending, disjoint ranges) as one splice from the first to the last.
    pub fn of_replacements(text: &str, edits: &[(Range<usize>, String)]) -> Splice {
        let (Some(first), Some(last)) = (edits.first(), edits.last()) else {
            return Splice {
                range: 0..0,
                with: String::new(),
            };
        };
        let mut with = String::new();
        let mut from = first.0.start;
        for (r, s) in edits {
            with.push_str(&text[from..r.start]);
            with.push_str(s);
            from = r.end;
        }
        Splice {
            range: first.0.start..last.0.end,
            with,
        }
    }

    /// The same edit with the bytes it leaves as they were trimmed from both ends, so the
    /// splice says exactly which bytes change.
    pub fn trimmed(self, text: &str) -> Splice {
        let old = &text[self.range.clone()];
        let (a, b) = (old.as_bytes(), self.with.as_bytes());
        let mut pre = a.iter().zip(b).take_while(|(x, y)| x == y).count();
        while !old.is_char_boundary(pre) || !self.with.is_char_boundary(pre) {
            pre -= 1;
        }
        let max = a.len().min(b.len()) - pre;
        let mut suf = a
            .iter()
            .rev()
            .zip(b.iter().rev())
            .take(max)
            .take_while(|(x, y)| x == y)
            .count();
        while !old.is_char_boundary(a.len() - suf) || !self.with.is_char_boundary(b.len() - suf) {
            suf -= 1;
        }
        Splice {
            range: self.range.start + pre..self.range.end - suf,
            with: self.with[pre..b.len() - suf].to_string(),
        }
    }

    /// The splice that undoes this one on the text it produces (`text` is the text before).
    pub fn inverse(&self, text: &str) -> Splice {
        Splice {
            range: self.range.start..self.range.start + self.with.len(),
            with: text[self.range.clone()].to_string(),
        }
    }
}

/// Replaces the value at `path` (of any kind) with `literal`.
pub fn value_replacement(
    text: &str,
    path: &[Seg],
    literal: &str,
) -> Result<(Range<usize>, String), EditError> {
    check_literal(&describe(path), literal)?;
    let found = locate(text, path)?.ok_or_else(|| EditError::NotFound(describe(path)))?;
    Ok((found.span, literal.to_string()))
}

/// The span of the struct at `path` (one walk).
pub fn struct_span(text: &str, path: &[Seg]) -> Result<Range<usize>, EditError> {
    Ok(struct_window(text, path)?.0)
}

/// The span of the struct at `path` and the indent a field added to it gets, in one walk.
pub fn struct_place(text: &str, path: &[Seg]) -> Result<(Range<usize>, String), EditError> {
    let st = struct_at(text, path)?.ok_or_else(|| no_struct(text, path))?;
    Ok((st.span, deeper(indent_of(text, st.open))))
}

/// The spans of the items of the list at `path`, or None when there is no such list.
pub fn list_items(text: &str, path: &[Seg]) -> Result<Option<Vec<Range<usize>>>, EditError> {
    Ok(list_at(text, path)?.map(|l| l.items.into_iter().map(|(r, _)| r).collect()))
}
