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
        (_, Some(n)) => [0..0, e.start..n.start],
        (Some(p), None) => [0..0, p.comma.unwrap_or(p.end)..e.end],
        (None, None) => [0..0, e.start..e.comma.map_or(e.end, |c| c + 1)],
    }
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
) -> Result<String, EditError> {
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
        part = set_one(&part, name, *value, &empty_indent)?;
    }
    Ok(splice(text, window, &part))
}

/// One change on a text that is just the struct.
fn set_one(
    text: &str,
    name: &str,
    value: Option<&str>,
    empty_indent: &str,
) -> Result<String, EditError> {
    let st = struct_at(text, &[])?.ok_or(EditError::NotAStruct)?;
    let found = st.fields.iter().position(|f| f.name == name);
    let body = Body::of_struct(&st);
    Ok(match (found, value) {
        (Some(i), Some(v)) => splice(text, st.fields[i].value_span.clone(), v),
        (Some(i), None) => delete_all(text, &removal(text, &body, i)),
        (None, Some(v)) => insert_all(
            text,
            &append(text, &body, &format!("{name}: {v}"), empty_indent),
        ),
        (None, None) => text.to_string(),
    })
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
) -> Result<String, EditError> {
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
            set_one(part, field, Some(&format!("[{item}]")), &empty_indent)?
        }
    };
    Ok(splice(text, window, &edited))
}

/// Removes the last item of the list in `field` of the struct at `path`: the exact inverse
/// of [`push_to_list`] on a list that existed.
pub fn pop_from_list(text: &str, path: &[Seg], field: &str) -> Result<String, EditError> {
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
    Ok(splice(text, window, &edited))
}

#[cfg(test)]
mod tests {
    use super::super::ron::tests::{Rng, SAMPLE, generated, hostile_inputs};
    use super::super::ron::{ValueKind, check_document};
    use super::*;
    use Seg::{Field as F, Index as I};

    const DONE: &str = "\"2018-06-15\"";
    const BY: &str = "\"wang\"";
    const MARK: [(&str, Option<&str>); 2] = [("done", Some(DONE)), ("by", Some(BY))];
    const UNMARK: [(&str, Option<&str>); 2] = [("done", None), ("by", None)];

    fn value_at<'t>(text: &'t str, path: &[Seg]) -> Option<&'t str> {
        let l = locate(text, path).expect("still parses")?;
        Some(&text[l.span])
    }

    /// Marks the struct at the root, checks the result reads back, unmarks it in both orders.
    fn mark_round_trip(text: &str, path: &[Seg]) -> String {
        let marked = set_struct_fields(text, path, &MARK).expect("marks");
        check_document(&marked).expect("the result is RON");
        let mut p = path.to_vec();
        p.push(F("done"));
        assert_eq!(value_at(&marked, &p), Some(DONE));
        p.pop();
        p.push(F("by"));
        assert_eq!(value_at(&marked, &p), Some(BY));
        assert_eq!(
            set_struct_fields(&marked, path, &UNMARK).as_deref(),
            Ok(text)
        );
        let reverse = [UNMARK[1], UNMARK[0]];
        assert_eq!(
            set_struct_fields(&marked, path, &reverse).as_deref(),
            Ok(text)
        );
        let once = set_struct_fields(&marked, path, &UNMARK[..1]).expect("unmarks done");
        assert_eq!(
            set_struct_fields(&once, path, &UNMARK[1..]).as_deref(),
            Ok(text)
        );
        marked
    }

    #[test]
    fn single_line_insertion_follows_the_line() {
        let t = r#"Milestone(name: "建成开放", due: "2018-04-30")"#;
        let got = set_struct_fields(
            t,
            &[],
            &[("done", Some("\"2018-06-15\"")), ("by", Some(BY))],
        );
        assert_eq!(
            got.as_deref(),
            Ok(r#"Milestone(name: "建成开放", due: "2018-04-30", done: "2018-06-15", by: "wang")"#)
        );
        mark_round_trip(t, &[]);

        let t = "(a: 1, b: 2,)";
        assert_eq!(
            mark_round_trip(t, &[]),
            r#"(a: 1, b: 2, done: "2018-06-15", by: "wang",)"#
        );
        let t = "( a: 1 /* c */ , b: 2 , ) // after";
        assert_eq!(
            mark_round_trip(t, &[]),
            r#"( a: 1 /* c */ , b: 2, done: "2018-06-15", by: "wang" , ) // after"#
        );
        // Fields over several values on one line, the closing bracket on the next.
        let t = "Milestone(name: \"x\", due: \"y\" // note\n)";
        assert_eq!(
            mark_round_trip(t, &[]),
            "Milestone(name: \"x\", due: \"y\", done: \"2018-06-15\", by: \"wang\" // note\n)"
        );
    }

    #[test]
    fn multi_line_insertion_follows_the_lines() {
        let t = "Milestone(\n    name: \"开工\",\n    due: \"2018-04-30\", // note\n)";
        assert_eq!(
            mark_round_trip(t, &[]),
            "Milestone(\n    name: \"开工\",\n    due: \"2018-04-30\", // note\n    done: \"2018-06-15\",\n    by: \"wang\",\n)"
        );
        // No trailing commas: none added, and the comment stays on its line.
        let t = "Milestone(\n\tname: \"开工\",\n\tdue: \"2018-04-30\" /* note */\n)";
        assert_eq!(
            mark_round_trip(t, &[]),
            "Milestone(\n\tname: \"开工\",\n\tdue: \"2018-04-30\", /* note */\n\tdone: \"2018-06-15\",\n\tby: \"wang\"\n)"
        );
        // The closing bracket on the last field's line.
        let t = "Milestone(\n    name: \"开工\",\n    due: \"2018-04-30\")";
        assert_eq!(
            mark_round_trip(t, &[]),
            "Milestone(\n    name: \"开工\",\n    due: \"2018-04-30\",\n    done: \"2018-06-15\",\n    by: \"wang\")"
        );
        let t = "Milestone(\n    name: \"开工\",\n    due: \"2018-04-30\",)";
        assert_eq!(
            mark_round_trip(t, &[]),
            "Milestone(\n    name: \"开工\",\n    due: \"2018-04-30\",\n    done: \"2018-06-15\",\n    by: \"wang\",)"
        );
        // Two fields on the last line: indentation of that line.
        let t = "Pledge(\n        text: \"完成\",\n        target: 4, measure: \"个\",  // together\n    )";
        assert_eq!(
            mark_round_trip(t, &[]),
            "Pledge(\n        text: \"完成\",\n        target: 4, measure: \"个\",  // together\n        done: \"2018-06-15\",\n        by: \"wang\",\n    )"
        );
        // Fields aligned under the first one.
        let t = "Milestone(name: \"a\",\n          due: \"b\")";
        assert_eq!(
            mark_round_trip(t, &[]),
            "Milestone(name: \"a\",\n          due: \"b\",\n          done: \"2018-06-15\",\n          by: \"wang\")"
        );
    }

    #[test]
    fn crlf_is_kept() {
        let t = "Ledger(\r\n    m: Milestone(\r\n        name: \"开工\",\r\n        due: \"2018-04-30\", // 节点\r\n    ),\r\n)\r\n";
        let marked = mark_round_trip(t, &[F("m")]);
        assert_eq!(
            marked,
            "Ledger(\r\n    m: Milestone(\r\n        name: \"开工\",\r\n        due: \"2018-04-30\", // 节点\r\n        done: \"2018-06-15\",\r\n        by: \"wang\",\r\n    ),\r\n)\r\n"
        );
        assert!(!marked.replace("\r\n", "").contains('\n'));
        let t = "Ledger(\r\n    m: Milestone(\r\n        due: \"2018-04-30\"\r\n    ),\r\n)\r\n";
        let marked = mark_round_trip(t, &[F("m")]);
        assert!(!marked.replace("\r\n", "").contains('\n'), "{marked:?}");
    }

    #[test]
    fn empty_structs() {
        assert_eq!(
            mark_round_trip("()", &[]),
            r#"(done: "2018-06-15", by: "wang")"#
        );
        assert_eq!(
            mark_round_trip("Milestone( )", &[]),
            r#"Milestone(done: "2018-06-15", by: "wang" )"#
        );
        let t = "[\n    Milestone(\n    ),\n]";
        assert_eq!(
            mark_round_trip(t, &[I(0)]),
            "[\n    Milestone(\n        done: \"2018-06-15\",\n        by: \"wang\",\n    ),\n]"
        );
        let t = "Ledger(\r\n  m: (\r\n  ),\r\n)";
        assert_eq!(
            mark_round_trip(t, &[F("m")]),
            "Ledger(\r\n  m: (\r\n      done: \"2018-06-15\",\r\n      by: \"wang\",\r\n  ),\r\n)"
        );
    }

    #[test]
    fn replacing_changes_only_the_value() {
        let t = "M(name: \"a\", done: Some( \"2018-01-01\" ) /* c */, by: \"x\")";
        let got = set_struct_fields(t, &[], &[("done", Some(DONE)), ("by", Some("\"王\""))]);
        assert_eq!(
            got.as_deref(),
            Ok("M(name: \"a\", done: \"2018-06-15\" /* c */, by: \"王\")")
        );
        // Mixed: replace one, remove one, insert one.
        let got = set_struct_fields(
            t,
            &[],
            &[
                ("name", Some("\"b\"")),
                ("by", None),
                ("unit", Some("\"u\"")),
            ],
        );
        assert_eq!(
            got.as_deref(),
            Ok("M(name: \"b\", done: Some( \"2018-01-01\" ), unit: \"u\" /* c */)")
        );
    }

    #[test]
    fn removing_what_is_not_there_is_a_no_op() {
        for t in ["M(a: 1)", "()", "M(\n    a: 1,\n)", SAMPLE] {
            let path: &[Seg] = if t == SAMPLE {
                &[F("projects"), I(0), F("milestones"), I(0)]
            } else {
                &[]
            };
            assert_eq!(set_struct_fields(t, path, &UNMARK).as_deref(), Ok(t));
        }
    }

    #[test]
    fn removing_other_fields_keeps_the_rest_tidy() {
        let cases = [
            ("(a: 1, b: 2, c: 3)", "b", "(a: 1, c: 3)"),
            ("(a: 1, b: 2, c: 3)", "a", "(b: 2, c: 3)"),
            ("(a: 1, b: 2, c: 3)", "c", "(a: 1, b: 2)"),
            ("(a: 1,)", "a", "()"),
            ("(\n    a: 1, // one\n    b: 2,\n)", "a", "(\n    b: 2,\n)"),
            ("(\n    a: 1,\n    b: 2\n)", "b", "(\n    a: 1\n)"),
            (
                "(\n    t: 4, m: \"个\", // c\n    p: 1,\n)",
                "t",
                "(\n    m: \"个\", // c\n    p: 1,\n)",
            ),
            (
                "(\n    t: 4, m: \"个\", // c\n    p: 1,\n)",
                "m",
                "(\n    t: 4, // c\n    p: 1,\n)",
            ),
        ];
        for (t, field, want) in cases {
            let got = set_struct_fields(t, &[], &[(field, None)]);
            assert_eq!(got.as_deref(), Ok(want), "{t:?} without {field}");
        }
    }

    #[test]
    fn the_sample_ledger_round_trips_with_crlf() {
        let crlf = SAMPLE.replace('\n', "\r\n");
        for t in [SAMPLE, crlf.as_str()] {
            let ms = [
                vec![F("projects"), I(0), F("milestones"), I(0)],
                vec![F("projects"), I(1), F("milestones"), I(0)],
                vec![F("units"), I(0), F("pledges"), I(0)],
                vec![F("warning")],
            ];
            for m in &ms {
                let marked = mark_round_trip(t, m);
                // Every other value is where it was, by content.
                assert_eq!(value_at(&marked, &[F("title")]), value_at(t, &[F("title")]));
                assert_eq!(
                    value_at(&marked, &[F("projects"), I(1), F("name")]),
                    value_at(t, &[F("projects"), I(1), F("name")])
                );
                assert_eq!(marked.matches("//").count(), t.matches("//").count());
                assert_eq!(marked.matches('\r').count() > 0, t.contains('\r'));
                if t.contains('\r') {
                    assert!(!marked.replace("\r\n", "").contains('\n'));
                }
            }
            // Already done: replacing and putting back restores the bytes.
            let m = [F("projects"), I(0), F("milestones"), I(1)];
            let changed = set_struct_fields(t, &m, &MARK).expect("replaces");
            assert_eq!(
                changed.len(),
                t.len() - "2018-03-29".len() + "2018-06-15".len()
            );
            let back = set_struct_fields(
                &changed,
                &m,
                &[("done", Some("\"2018-03-29\"")), ("by", Some("\"wang\""))],
            );
            assert_eq!(back.as_deref(), Ok(t));
        }
    }

    #[test]
    fn every_milestone_of_a_generated_ledger_round_trips() {
        let t = generated(40);
        check_document(&t).expect("one whole document");
        let mut checked = 0;
        for p in 0..40 {
            for k in 0..5 {
                let m = [F("projects"), I(p), F("milestones"), I(k)];
                let mut done = m.to_vec();
                done.push(F("done"));
                match locate(&t, &done).expect("reads").map(|l| l.span) {
                    None => {
                        let marked = set_struct_fields(&t, &m, &MARK).expect("marks");
                        assert_eq!(value_at(&marked, &done), Some(DONE));
                        let next = [F("projects"), I(p), F("milestones"), I(k + 1)];
                        assert_eq!(
                            locate(&marked, &next).map(|l| l.map(|l| l.kind)),
                            Ok((k < 4).then_some(ValueKind::Struct))
                        );
                        assert_eq!(
                            set_struct_fields(&marked, &m, &UNMARK).as_deref(),
                            Ok(t.as_str())
                        );
                        checked += 1;
                    }
                    Some(span) => {
                        let old = &t[span];
                        let by =
                            value_at(&t, &[F("projects"), I(p), F("milestones"), I(k), F("by")]);
                        let unmarked = set_struct_fields(&t, &m, &UNMARK).expect("unmarks");
                        assert_eq!(value_at(&unmarked, &done), None);
                        let again =
                            set_struct_fields(&unmarked, &m, &[("done", Some(old)), ("by", by)]);
                        assert_eq!(again.as_deref(), Ok(t.as_str()));
                    }
                }
            }
        }
        assert!(checked > 60);
    }

    #[test]
    fn random_layouts_round_trip() {
        // Structs with random spacing, comments, line endings and trailing commas.
        let mut rng = Rng(11);
        for _ in 0..500 {
            let eol = if rng.below(2) == 0 { "\n" } else { "\r\n" };
            let multi = rng.below(2) == 0;
            let n = rng.below(4);
            let mut t = String::from("[\n  X(");
            for i in 0..n {
                if multi {
                    t.push_str(eol);
                    t.push_str(["    ", "\t", "  "][rng.below(3)]);
                } else if i > 0 {
                    t.push(' ');
                }
                t.push_str(&format!("f{i}: \"值{i}\""));
                let last = i + 1 == n;
                if !last || rng.below(2) == 0 {
                    t.push(',');
                }
                match rng.below(4) {
                    0 if multi => t.push_str(" // 注释"),
                    1 => t.push_str(" /* c */"),
                    _ => {}
                }
            }
            if multi && rng.below(3) > 0 {
                t.push_str(eol);
            }
            t.push_str("),");
            t.push_str(eol);
            t.push(']');
            if check_document(&t).is_err() {
                continue; // a `//` comment swallowed the closing bracket
            }
            mark_round_trip(&t, &[I(0)]);
            let pushed = push_to_list(&t, &[], "x", "1");
            assert_eq!(pushed, Err(EditError::NotAStruct));
        }
    }

    #[test]
    fn push_to_lists() {
        let t = "P(updates: [U(a: 1), U(a: 2)])";
        let got = push_to_list(t, &[], "updates", "U(a: 3)").expect("pushes");
        assert_eq!(got, "P(updates: [U(a: 1), U(a: 2), U(a: 3)])");
        assert_eq!(pop_from_list(&got, &[], "updates").as_deref(), Ok(t));

        let t = "P(\n    updates: [\n        U(a: 1),\n    ],\n)";
        let got = push_to_list(t, &[], "updates", "U(a: 3)").expect("pushes");
        assert_eq!(
            got,
            "P(\n    updates: [\n        U(a: 1),\n        U(a: 3),\n    ],\n)"
        );
        assert_eq!(pop_from_list(&got, &[], "updates").as_deref(), Ok(t));

        let t = "P(updates: [])";
        let got = push_to_list(t, &[], "updates", "U(a: 3)").expect("pushes");
        assert_eq!(got, "P(updates: [U(a: 3)])");
        assert_eq!(pop_from_list(&got, &[], "updates").as_deref(), Ok(t));

        let t = "P(\n    updates: [\n    ],\n)";
        let got = push_to_list(t, &[], "updates", "U(a: 3)").expect("pushes");
        assert_eq!(got, "P(\n    updates: [\n        U(a: 3),\n    ],\n)");
        assert_eq!(pop_from_list(&got, &[], "updates").as_deref(), Ok(t));

        let t = "P(name: \"x\")";
        let got = push_to_list(t, &[], "updates", "U(a: 3)").expect("pushes");
        assert_eq!(got, "P(name: \"x\", updates: [U(a: 3)])");
        assert_eq!(
            set_struct_fields(&got, &[], &[("updates", None)]).as_deref(),
            Ok(t)
        );

        let t = "P(\r\n    name: \"x\",\r\n)";
        let got = push_to_list(t, &[], "updates", "U(a: 3)").expect("pushes");
        assert_eq!(
            got,
            "P(\r\n    name: \"x\",\r\n    updates: [U(a: 3)],\r\n)"
        );

        let t = "P(\n    updates: Some([\n        U(a: 1), // 一\n    ]),\n)";
        let got = push_to_list(t, &[], "updates", "U(a: 3)").expect("pushes");
        assert_eq!(
            got,
            "P(\n    updates: Some([\n        U(a: 1), // 一\n        U(a: 3),\n    ]),\n)"
        );
        assert_eq!(pop_from_list(&got, &[], "updates").as_deref(), Ok(t));
    }

    #[test]
    fn pushes_to_the_sample() {
        let crlf = SAMPLE.replace('\n', "\r\n");
        for t in [SAMPLE, crlf.as_str()] {
            for p in 0..2 {
                let path = [F("projects"), I(p)];
                let item = "Update(date: \"2018-06-15\", text: \"完成\\\"80%\\\"\", by: \"wang\")";
                let got = push_to_list(t, &path, "updates", item).expect("pushes");
                let n = if p == 0 { 1 } else { 0 };
                assert_eq!(
                    value_at(&got, &[F("projects"), I(p), F("updates"), I(n)]),
                    Some(item)
                );
                check_document(&got).expect("still RON");
                if p == 0 {
                    assert_eq!(pop_from_list(&got, &path, "updates").as_deref(), Ok(t));
                } else {
                    let back = set_struct_fields(&got, &path, &[("updates", None)]);
                    assert_eq!(back.as_deref(), Ok(t));
                }
            }
            let ms = [F("projects"), I(1)];
            let got = push_to_list(
                t,
                &ms,
                "milestones",
                "Milestone(name: \"竣工\", due: \"2018-12-31\")",
            )
            .expect("pushes into Some([..])");
            assert_eq!(
                value_at(
                    &got,
                    &[F("projects"), I(1), F("milestones"), I(1), F("due")]
                ),
                Some("\"2018-12-31\"")
            );
            assert_eq!(pop_from_list(&got, &ms, "milestones").as_deref(), Ok(t));
        }
    }

    #[test]
    fn errors() {
        let t = SAMPLE;
        assert_eq!(
            set_struct_fields(t, &[F("projects"), I(5)], &MARK),
            Err(EditError::NotFound("projects[5]".into()))
        );
        assert_eq!(
            set_struct_fields(t, &[F("year")], &MARK),
            Err(EditError::NotAStruct)
        );
        assert_eq!(
            set_struct_fields(t, &[F("categories")], &MARK),
            Err(EditError::NotAStruct)
        );
        assert_eq!(
            push_to_list(t, &[F("projects"), I(0)], "name", "1"),
            Err(EditError::NotAList)
        );
        assert_eq!(
            push_to_list(t, &[F("year")], "x", "1"),
            Err(EditError::NotAStruct)
        );
        assert_eq!(
            pop_from_list(t, &[F("projects"), I(0)], "name"),
            Err(EditError::NotAList)
        );
        assert!(matches!(
            pop_from_list(t, &[F("projects"), I(0)], "nope"),
            Err(EditError::NotFound(_))
        ));
        assert!(matches!(
            pop_from_list("(u: [])", &[], "u"),
            Err(EditError::NotFound(_))
        ));
        // Literals that are not one RON value, and names that are not names.
        for bad in [
            "\"unterminated",
            "1 2",
            "",
            "(",
            "// c",
            "\"x\" // c",
            " 1",
            "1\n",
        ] {
            assert!(
                matches!(
                    set_struct_fields(t, &[F("warning")], &[("x", Some(bad))]),
                    Err(EditError::Syntax(_))
                ),
                "{bad}"
            );
            assert!(
                matches!(
                    push_to_list(t, &[F("projects"), I(0)], "updates", bad),
                    Err(EditError::Syntax(_))
                ),
                "{bad}"
            );
        }
        for name in ["", "a b", "1a", "a:"] {
            assert!(matches!(
                set_struct_fields(t, &[F("warning")], &[(name, Some("1"))]),
                Err(EditError::Syntax(_))
            ));
        }
        let e = set_struct_fields("(a: \"x)", &[], &MARK).expect_err("unterminated");
        assert!(matches!(&e, EditError::Syntax(s) if s.offset == 4));
        assert!(e.to_string().contains("unterminated string"));
        assert!(std::error::Error::source(&e).is_some());
        assert!(
            EditError::NotFound("x".into())
                .to_string()
                .contains("x was not found")
        );
    }

    #[test]
    fn hostile_text_gives_errors_not_panics() {
        for t in [
            "(a: 1",
            "(a: \"x",
            "/* (a: 1)",
            "(a: r#\"x\")",
            "\u{0}\u{ff}",
            "(((((",
            "([)]",
        ] {
            assert!(
                matches!(set_struct_fields(t, &[], &MARK), Err(EditError::Syntax(_))),
                "{t:?}"
            );
            assert!(push_to_list(t, &[], "u", "1").is_err(), "{t:?}");
            assert!(pop_from_list(t, &[], "u").is_err(), "{t:?}");
        }
        let paths: [&[Seg]; 3] = [
            &[],
            &[F("projects"), I(0), F("milestones"), I(0)],
            &[F("projects"), I(1)],
        ];
        for t in hostile_inputs(2000) {
            for p in paths {
                if let Ok(out) = set_struct_fields(&t, p, &MARK) {
                    let _ = set_struct_fields(&out, p, &UNMARK);
                }
                let _ = push_to_list(&t, p, "updates", "1");
                let _ = pop_from_list(&t, p, "milestones");
            }
        }
    }

    #[test]
    fn ron_strings() {
        assert_eq!(ron_string("wang"), "\"wang\"");
        assert_eq!(ron_string("a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(
            ron_string("1\n2\r3\t4\u{0}5\u{7f}"),
            r#""1\n2\r3\t4\u{0}5\u{7f}""#
        );
        assert_eq!(ron_string("王五 /* x */ // y"), "\"王五 /* x */ // y\"");
        for s in ["", "\"", "\\", "\\\"", "a\u{1b}[31m", "中文\u{2028}"] {
            let lit = ron_string(s);
            assert_eq!(check_value(&lit), Ok(ValueKind::Str), "{s:?}");
            let t = set_struct_fields("M(name: \"x\")", &[], &[("by", Some(&lit))]).expect("sets");
            assert_eq!(value_at(&t, &[F("by")]), Some(lit.as_str()));
        }
    }
}
