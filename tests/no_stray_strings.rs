//! No words for the user outside the tables of each language. Every string literal in the
//! covered code that holds Chinese or an English phrase (two words or more, once `{…}`
//! placeholders are taken out) must sit in a language table, or be one of the few
//! literals below that are not words for the user (the dates a clerk may type, RON the
//! editor writes). Comments, attributes (`#[error]` Display for logs, clap's help),
//! `Display` impls (English for logs), assertions and panics, and test modules are not
//! words for the user.
//!
//! Not covered: the span reader's and editor's own diagnostics
//! (src/ledger/ron, src/ledger/edit.rs, src/ledger/change/verify.rs), which only appear
//! inside a localized sentence when an edit fails as it never should; and the generator
//! of test ledgers (src/generate.rs), whose literals are sample data.

use std::path::{Path, PathBuf};

/// The tables of words, one per language.
const TABLES: &[&str] = &[
    "src/ui/i18n/zh.rs",
    "src/ui/i18n/en.rs",
    "src/ui/i18n/config.rs",
    "src/cli/words.rs",
    // The Chinese help (English help is the doc comments clap reads).
    "src/cli/help.rs",
    "src/ledger/finding/zh.rs",
    "src/ledger/finding/en.rs",
    "src/report/words/zh.rs",
    "src/report/words/en.rs",
    "src/excel/words.rs",
];

const NOT_COVERED: &[&str] = &[
    "src/ledger/ron/",
    "src/ledger/edit.rs",
    "src/ledger/edit/",
    "src/ledger/change/verify.rs",
    "src/generate.rs",
];

/// Literals that are not words for the user: (file, literal).
const NOT_WORDS: &[(&str, &str)] = &[
    // The column names, totals words and units of an office's spreadsheet, read by the
    // import to be understood.
    ("src/excel/import/build.rs", "*"),
    ("src/excel/import/columns.rs", "*"),
    ("src/excel/import/values.rs", "*"),
    // The date and month phrases a clerk may type, read by the parser.
    ("src/ledger/when.rs", "*"),
    ("src/ledger/change/work.rs", "份"),
    ("src/ledger/change/work.rs", "{t}月"),
    // The separator of a support-units field as typed and read back.
    ("src/ui/update/forms.rs", "、"),
    // RON written into the ledger.
    ("src/ledger/change/text.rs", "*"),
    // ron's own messages, matched to be explained.
    ("src/ledger/explain.rs", "Unicode-escaped character"),
    ("src/ledger/explain.rs", "out of range"),
    // serde's description of what it expects.
    ("src/ledger/stream.rs", "struct Ledger"),
    // The values a config field takes, as serde names them.
    ("src/config.rs", "zh, en"),
    ("src/config.rs", "txt, md, csv"),
    // serde's words around a value, taken off to show the value alone.
    ("src/config.rs", "the string "),
    // RON of a new ledger.
    (
        "src/paths.rs",
        "#![enable(implicit_some)]\\nLedger(\\n    title: {},\\n    year: {year},\\n    office: {},\\n    \\",
    ),
    // git's own names and words: a driver's name in git's config, a git command named in
    // an error, what git says of a push rejected because the remote moved on, arguments.
    ("src/git/share.rs", "tracker ledger merge"),
    ("src/git/share.rs", "merge --abort"),
    ("src/git/share.rs", "fetch first"),
    // git's and ssh's words for a missing password, matched to offer the terminal.
    ("src/git/password.rs", "*"),
    ("src/cli/share.rs", " --lang zh"),
    ("src/cli/share.rs", " --lang en"),
    // Line-breaking rules: punctuation that may not start or end a line.
    ("src/ui/width.rs", "*"),
    // What an impossible failure of an edit concerns, inside a localized sentence.
    ("src/ledger/change/mod.rs", "progress log line"),
    ("src/ledger/change/mod.rs", "the ledger's year"),
    ("src/ledger/change/mod.rs", "the milestone"),
    ("src/ledger/change/mod.rs", "the pledge"),
    ("src/ledger/change/mod.rs", "the progress log"),
];

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

/// The string literals of `code` that are words, with their line numbers.
fn words_in(code: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    let mut skip_depth: Option<i32> = None;
    let mut depth = 0i32;
    let mut in_attr = false;
    for (n, line) in code.lines().enumerate() {
        let t = line.trim_start();
        if t.starts_with("#[cfg(test)]") {
            break;
        }
        let opens = line.matches('{').count() as i32;
        let closes = line.matches('}').count() as i32;
        if skip_depth.is_none() && t.starts_with("impl") && t.contains("Display for") {
            skip_depth = Some(depth);
        }
        depth += opens - closes;
        if let Some(d) = skip_depth {
            if depth <= d && closes > 0 {
                skip_depth = None;
            }
            continue;
        }
        if t.starts_with("#[") {
            in_attr = !t.trim_end().ends_with(")]") && !t.trim_end().ends_with(']');
            continue;
        }
        if in_attr {
            if t.trim_end().ends_with(")]") {
                in_attr = false;
            }
            continue;
        }
        if t.starts_with("//")
            || [
                "panic!(",
                "expect(",
                "unreachable!(",
                "assert",
                "debug_assert",
            ]
            .iter()
            .any(|m| line.contains(m))
        {
            continue;
        }
        let code_part = line.split(" //").next().unwrap_or(line);
        for lit in literals(code_part) {
            if is_words(&lit) {
                found.push((n + 1, lit));
            }
        }
    }
    found
}

/// The contents of the `"…"` literals on a line (escapes kept as written).
fn literals(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = line.chars().peekable();
    let mut prev = ' ';
    while let Some(c) = chars.next() {
        if c == '"' && prev != '\'' {
            let mut lit = String::new();
            let mut escaped = false;
            for d in chars.by_ref() {
                if escaped {
                    lit.push(d);
                    escaped = false;
                } else if d == '\\' {
                    lit.push(d);
                    escaped = true;
                } else if d == '"' {
                    break;
                } else {
                    lit.push(d);
                }
            }
            out.push(lit);
        }
        prev = c;
    }
    out
}

/// Chinese, or an English phrase once placeholders are taken out.
fn is_words(lit: &str) -> bool {
    let mut plain = String::new();
    let mut depth = 0;
    for c in lit.chars() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            _ if depth == 0 => plain.push(c),
            _ => {}
        }
    }
    let chinese = plain
        .chars()
        .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    // A phrase: two words of letters with a space between (not an identifier, a path or
    // an environment variable's name).
    let english = plain.split_whitespace().filter(|w| {
        let letters = w.trim_matches(|c: char| !c.is_ascii_alphabetic());
        letters.len() >= 2
            && letters
                .chars()
                .all(|c| c.is_ascii_alphabetic() || c == '\'')
    });
    let english = english.count() >= 2;
    chinese || english
}

#[test]
fn every_word_for_the_user_is_in_a_table() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    let mut stray = Vec::new();
    let mut checked = 0;
    for path in files {
        let rel = path
            .strip_prefix(root)
            .expect("in the repo")
            .to_string_lossy()
            .replace('\\', "/");
        if TABLES.contains(&rel.as_str())
            || NOT_COVERED.iter().any(|p| rel.starts_with(p))
            || rel.ends_with("tests.rs")
        {
            continue;
        }
        checked += 1;
        let code = std::fs::read_to_string(&path).expect("read");
        for (line, lit) in words_in(&code) {
            let allowed = NOT_WORDS
                .iter()
                .any(|(f, l)| *f == rel && (*l == "*" || *l == lit));
            if !allowed {
                stray.push(format!("{rel}:{line}: \"{lit}\""));
            }
        }
    }
    assert!(checked > 60, "only {checked} files looked at");
    assert!(
        stray.is_empty(),
        "words outside the tables:\n{}",
        stray.join("\n")
    );
}

#[test]
fn the_scan_finds_words_and_passes_what_is_not() {
    let code = r#"
fn f() {
    let a = format!("{} is not a date", x);
    let b = "已保存";
    let c = format!("{year}-{month:02}");
    let d = "name";
    // "a comment with words"
    panic!("a panic with words");
}
impl std::fmt::Display for X {
    fn fmt(&self) { write!(f, "words for the log") }
}
#[error("an attribute with words")]
struct Y;
"#;
    let found: Vec<String> = words_in(code).into_iter().map(|(_, l)| l).collect();
    assert_eq!(found, ["{} is not a date", "已保存"]);
}
