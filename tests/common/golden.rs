//! Report goldens kept as insta snapshots byte for byte. Insta trims leading newlines and
//! trailing whitespace and folds CRLF when it compares, so the snapshot shows the BOM, every
//! CR and the end of the text as marks; `exact` turns a snapshot back into the bytes.

use std::path::Path;

const BOM_MARK: &str = "<BOM>";
const CR_MARK: &str = "␍";
const END_MARK: &str = "<EOF>";

/// `text` with its BOM, CRs and end made visible, for `insta::assert_snapshot!`.
pub fn visible(text: &str) -> String {
    for mark in [BOM_MARK, CR_MARK, END_MARK] {
        assert!(!text.contains(mark), "the report itself contains {mark}");
    }
    assert!(
        !text.starts_with('\n'),
        "insta would drop a leading newline"
    );
    let mut out = text.replace('\u{feff}', BOM_MARK).replace('\r', CR_MARK);
    out.push_str(END_MARK);
    assert_eq!(exact(&out), text, "the marks must round-trip");
    out
}

/// The bytes a `visible` rendering stands for.
pub fn exact(visible: &str) -> String {
    let body = visible
        .strip_suffix(END_MARK)
        .unwrap_or_else(|| panic!("no {END_MARK} at the end of {visible:?}"));
    body.replace(CR_MARK, "\r").replace(BOM_MARK, "\u{feff}")
}

/// The exact report text stored in `tests/snapshots/report_golden__{name}.snap`, for tests
/// that check other ways of producing the same report against the same golden.
pub fn report_golden(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(format!("report_golden__{name}.snap"));
    let snap = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    // The YAML header sits between the first two `---` lines.
    let body = snap
        .strip_prefix("---\n")
        .and_then(|rest| rest.split_once("\n---\n"))
        .map(|(_, body)| body)
        .unwrap_or_else(|| panic!("{}: no snapshot header", path.display()));
    exact(body.trim_end_matches('\n'))
}
