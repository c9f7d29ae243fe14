//! No word for the user outside the tables of words: every string literal in the covered
//! source (before its `#[cfg(test)]` tests) that holds a Chinese character or an English word
//! must be in a table of words (TABLES), or be named in NOT_WORDS with the reason it is no
//! word for the user. Comments, placeholders (`{}`, `{name}`, `{:.1}`) and escapes are not
//! words. The parts of the program not yet moved into tables are listed in NOT_COVERED.

use std::path::{Path, PathBuf};

/// The tables of words: one per language, each may say anything.
const TABLES: &[&str] = &["src/report/words/zh.rs", "src/report/words/en.rs"];

/// Not yet checked: their words are still to be moved into tables (issue 15).
const NOT_COVERED: &[&str] = &[
    "src/cli/",
    "src/ledger/",
    "src/rules/",
    "src/ui/",
    "src/generate.rs",
    "src/lang.rs",
    "src/lib.rs",
    "src/main.rs",
    "src/paths.rs",
];

/// Literals that look like words but are not words for the user, with the reason.
const NOT_WORDS: &[(&str, &str)] = &[
    (
        "md",
        "the name of a format on the command line, and a file's extension",
    ),
    (
        "txt",
        "the name of a format on the command line, and a file's extension",
    ),
    (
        "csv",
        "the name of a format on the command line, and a file's extension",
    ),
    (
        "--days {0} is negative; expected 0 or more days",
        "ReportError's Display for the library's callers; the user reads ui::i18n::report_error_text",
    ),
    (
        "no unit named \\\"{name}\\\"; the ledger's units are: {}",
        "ReportError's Display for the library's callers; the user reads ui::i18n::report_error_text",
    ),
    (
        "{} is the ledger itself; a report is never written over the ledger (choose another -o file)",
        "ReportError's Display for the library's callers; the user reads ui::i18n::report_error_text",
    ),
];

/// Every string literal of `src` before its tests, with its line, as written (escapes kept).
fn literals(src: &str) -> Vec<(usize, String)> {
    let end = src.find("#[cfg(test)]").unwrap_or(src.len());
    let b = &src.as_bytes()[..end];
    let (mut out, mut i, mut line) = (Vec::new(), 0, 1);
    let ident = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    while i < b.len() {
        let c = b[i];
        if c == b'\n' {
            line += 1;
        }
        if b[i..].starts_with(b"//") {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
            continue;
        }
        if b[i..].starts_with(b"/*") {
            let close = src[i..end].find("*/").map_or(end, |n| i + n + 2);
            line += src[i..close].matches('\n').count();
            i = close;
            continue;
        }
        // A raw string: r"…", r#"…"#, br"…".
        if c == b'r'
            && (i == 0 || !ident(b[i - 1]) || (b[i - 1] == b'b' && (i < 2 || !ident(b[i - 2]))))
        {
            let hashes = b[i + 1..].iter().take_while(|&&h| h == b'#').count();
            if b.get(i + 1 + hashes) == Some(&b'"') {
                let start = i + 2 + hashes;
                let closing = format!("\"{}", "#".repeat(hashes));
                let stop = src[start..end].find(&closing).map_or(end, |n| start + n);
                out.push((line, src[start..stop].to_string()));
                line += src[start..stop].matches('\n').count();
                i = stop + closing.len();
                continue;
            }
        }
        if c == b'"' {
            let start = i + 1;
            let mut j = start;
            while j < b.len() && b[j] != b'"' {
                j += if b[j] == b'\\' { 2 } else { 1 };
            }
            out.push((line, src[start..j.min(end)].to_string()));
            line += src[start..j.min(end)].matches('\n').count();
            i = j + 1;
            continue;
        }
        // A char literal ('x', '\n', '"'), not a lifetime ('a).
        if c == b'\'' {
            if b.get(i + 1) == Some(&b'\\') {
                let close = src[i + 2..end].find('\'').map_or(end, |n| i + 2 + n);
                i = close + 1;
                continue;
            }
            let next = src[i + 1..end].chars().next().map_or(0, char::len_utf8);
            if b.get(i + 1 + next) == Some(&b'\'') {
                i += next + 2;
                continue;
            }
        }
        i += 1;
    }
    out
}

/// The literal without its escapes and placeholders: what a reader would see as words.
fn visible(literal: &str) -> String {
    let mut out = String::new();
    let mut chars = literal.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('u') => {
                    for d in chars.by_ref() {
                        if d == '}' {
                            break;
                        }
                    }
                }
                Some('\n') => {
                    while chars.peek().is_some_and(|c| c.is_whitespace()) {
                        chars.next();
                    }
                }
                _ => {}
            },
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
            }
            '{' => {
                for d in chars.by_ref() {
                    if d == '}' {
                        break;
                    }
                }
                out.push(' ');
            }
            _ => out.push(c),
        }
    }
    out
}

/// A Chinese character (or full-width punctuation) or two Latin letters in a row.
fn has_words(literal: &str) -> bool {
    let v = visible(literal);
    let cjk = |c: char| matches!(c, '\u{3000}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{ff00}'..='\u{ffef}');
    v.chars().any(cjk)
        || v.as_bytes()
            .windows(2)
            .any(|w| w[0].is_ascii_alphabetic() && w[1].is_ascii_alphabetic())
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn every_word_for_the_user_is_in_a_table() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for table in TABLES {
        assert!(root.join(table).is_file(), "{table} is not a file");
    }
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    files.sort();
    let (mut stray, mut checked) = (Vec::new(), 0);
    for path in files {
        let rel = path.strip_prefix(root).expect("under the root");
        let rel = rel.to_string_lossy().replace('\\', "/");
        if TABLES.contains(&rel.as_str()) || NOT_COVERED.iter().any(|p| rel.starts_with(p)) {
            continue;
        }
        checked += 1;
        let src = std::fs::read_to_string(&path).expect("read");
        for (line, lit) in literals(&src) {
            if has_words(&lit) && !NOT_WORDS.iter().any(|(w, _)| *w == lit) {
                stray.push(format!("{rel}:{line}: \"{lit}\""));
            }
        }
    }
    assert!(checked >= 5, "only {checked} files checked");
    assert!(
        stray.is_empty(),
        "words outside the tables (move them into a table, or into NOT_WORDS with a reason):\n{}",
        stray.join("\n")
    );
}

#[test]
fn every_not_word_is_still_in_the_source() {
    // A stale entry would let a new word with the same text through unseen.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src/report"), &mut files);
    let all: Vec<String> = files
        .iter()
        .flat_map(|p| literals(&std::fs::read_to_string(p).expect("read")))
        .map(|(_, l)| l)
        .collect();
    for (w, _) in NOT_WORDS {
        assert!(
            all.iter().any(|l| l == w),
            "NOT_WORDS holds {w:?}, no longer in src/report"
        );
    }
}

#[test]
fn the_checker_sees_words_and_only_words() {
    let src = r##"
// "注释里的字" is a comment
/* "block comment words" */
fn f<'a>(x: &'a str) -> String {
    let c = '"';
    let d = '\'';
    let s = format!("{x:.1}%\n\n# {}", c);
    let t = "逾期 {} 天";
    let u = r#"days late"#;
    let v = "\u{feff}{{}}—";
    s + t + u + v
}
#[cfg(test)]
mod tests { const W: &str = "test words"; }
"##;
    let found: Vec<(usize, String)> = literals(src)
        .into_iter()
        .filter(|(_, l)| has_words(l))
        .collect();
    assert_eq!(
        found,
        [(8, "逾期 {} 天".to_string()), (9, "days late".to_string())]
    );
    assert!(!has_words("{name}: {0} {:>4}"));
    assert!(has_words("：")); // full-width punctuation is Chinese text
}
