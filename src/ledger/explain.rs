//! ron's parse errors, said in the ledger's terms: what is wrong and what was expected.

use super::Finding;

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

/// ron's errors, as what was expected in the ledger's terms.
pub(super) fn explain_ron(code: &ron::Error) -> Finding {
    use Finding as F;
    use ron::Error as E;
    let within = |outer: &Option<String>| outer.clone();
    match code {
        E::NoSuchStructField {
            expected,
            found,
            outer,
        } => F::UnknownField {
            found: found.clone(),
            expected: expected.iter().map(|s| s.to_string()).collect(),
            within: within(outer),
        },
        E::MissingStructField { field, outer } => F::MissingField {
            field: field.to_string(),
            within: within(outer),
        },
        E::DuplicateStructField { field, outer } => F::DuplicateField {
            field: field.to_string(),
            within: within(outer),
        },
        E::ExpectedComma => F::ExpectedComma,
        E::ExpectedIdentifier => F::ExpectedFieldName,
        E::ExpectedInteger => F::ExpectedInteger,
        E::ExpectedFloat => F::ExpectedNumber,
        E::ExpectedString => F::ExpectedText,
        E::ExpectedStringEnd => F::UnclosedText,
        E::ExpectedArray => F::ExpectedList,
        E::ExpectedArrayEnd => F::ExpectedListEnd,
        E::ExpectedNamedStructLike(name) => F::ExpectedItem(name.to_string()),
        E::ExpectedStructLikeEnd => F::ExpectedItemEnd,
        E::UnclosedBlockComment => F::UnclosedComment,
        E::ExceededRecursionLimit => F::TooDeep,
        E::TrailingCharacters => F::TrailingText,
        E::IntegerOutOfBounds => F::IntegerOutOfBounds,
        E::InvalidEscape(what) if what.contains("Unicode-escaped character") => F::BadUnicodeEscape,
        E::InvalidEscape(what) => F::BadEscape(what.trim_end_matches('.').to_lowercase()),
        E::Eof => F::EndOfFile,
        other => {
            let s = other.to_string();
            if s.contains("out of range") {
                F::OutOfRange(s)
            } else {
                F::Ron(s)
            }
        }
    }
}
