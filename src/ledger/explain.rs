//! ron's parse errors, said in the ledger's terms: what is wrong and what was expected.

/// Where `)]` is missing when the file opens with a `#![...` attribute that is never closed
/// before the ledger starts: the end of the attribute's line.
pub(super) fn unclosed_attribute(text: &str) -> Option<(usize, usize)> {
    let (n, line) = text
        .lines()
        .enumerate()
        .find(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with("//"))?;
    if !line.trim_start().starts_with("#!") {
        return None;
    }
    let start = text.lines().take(n).map(|l| l.len() + 1).sum::<usize>();
    let rest = &text[start.min(text.len())..];
    let ledger = rest.find("Ledger").unwrap_or(rest.len());
    if rest[..ledger].contains(']') {
        return None;
    }
    Some((n + 1, line.trim_end().chars().count() + 1))
}

/// ron's messages, made to say what was expected in the ledger's terms.
pub(super) fn explain_ron(code: &ron::Error) -> String {
    use ron::Error as E;
    match code {
        E::NoSuchStructField {
            expected,
            found,
            outer,
        } => {
            let within = outer.as_deref().unwrap_or("this item");
            format!(
                "unknown field `{found}` in {within}; expected one of: {}",
                expected.join(", ")
            )
        }
        E::MissingStructField { field, outer } => {
            let within = outer.as_deref().unwrap_or("this item");
            format!("{within} is missing its `{field}` field, which is required")
        }
        E::DuplicateStructField { field, outer } => {
            let within = outer.as_deref().unwrap_or("this item");
            format!("field `{field}` appears twice in {within}; keep one")
        }
        E::ExpectedComma => "expected a `,` between two items or fields, or the closing bracket; \
                             is a `,` or a closing `\"` missing just before here?"
            .to_string(),
        E::ExpectedIdentifier => {
            "expected a field name (like `name:` or `due:`) here; is a character stray?".to_string()
        }
        E::ExpectedInteger => "expected a whole number here (e.g. `2018` or `14`)".to_string(),
        E::ExpectedFloat => "expected a number here (e.g. `12.5`)".to_string(),
        E::ExpectedString => {
            "expected text in double quotes here (e.g. `\"区农工委\"`)".to_string()
        }
        E::ExpectedStringEnd => {
            "a text in quotes is not closed; expected a closing `\"`".to_string()
        }
        E::ExpectedArray => "expected a list in `[ ]` here".to_string(),
        E::ExpectedArrayEnd => {
            "expected `]` to close the list, or a `,` before the next item".to_string()
        }
        E::ExpectedNamedStructLike(name) => {
            format!("expected `{name}( ... )` here")
        }
        E::ExpectedStructLikeEnd => {
            "expected `)` to close this item, or a `,` before the next field".to_string()
        }
        E::UnclosedBlockComment => "a `/*` comment is not closed; expected `*/`".to_string(),
        E::ExceededRecursionLimit => {
            "brackets nested too deeply (more than 128 levels); a ledger needs about 5".to_string()
        }
        E::TrailingCharacters => {
            "text after the end of the ledger; expected nothing after its closing `)`".to_string()
        }
        E::IntegerOutOfBounds => "this whole number is too large or too small for a ledger; \
                                  expected a year like 2018 or a number of days like 14"
            .to_string(),
        E::InvalidEscape(what) if what.contains("Unicode-escaped character") => {
            "this `\\u{...}` escape is not a Unicode character; expected a code up to 10FFFF \
             outside D800–DFFF, e.g. `\\u{4e2d}` for 中, or the character itself"
                .to_string()
        }
        E::InvalidEscape(what) => format!(
            "this `\\` escape in a text is not valid ({}); expected `\\\"`, `\\\\`, `\\n`, \
             `\\t` or `\\u{{4e2d}}`, or the character itself",
            what.trim_end_matches('.').to_lowercase()
        ),
        E::Eof => "the file ends before the ledger does: a `(`, `[` or string is not closed; \
                   expected the rest of the ledger and its closing `)`"
            .to_string(),
        other => {
            let s = other.to_string();
            if s.contains("out of range") {
                format!("{s}; expected a number that fits (days are whole numbers)")
            } else {
                s
            }
        }
    }
}
