//! The editor's tests: round trips in every layout, and hostile text.

use super::*;
use crate::ledger::ron::tests::{Rng, SAMPLE, generated, hostile_inputs};
use crate::ledger::ron::{ValueKind, check_document};
use Seg::{Field as F, Index as I};

// The editor's functions, the whole text edited, as the tests compare it.
fn set_struct_fields(
    text: &str,
    path: &[Seg],
    changes: &[(&str, Option<&str>)],
) -> Result<String, EditError> {
    super::set_struct_fields(text, path, changes).map(|s| s.apply(text))
}

fn push_to_list(text: &str, path: &[Seg], field: &str, item: &str) -> Result<String, EditError> {
    super::push_to_list(text, path, field, item).map(|s| s.apply(text))
}

fn pop_from_list(text: &str, path: &[Seg], field: &str) -> Result<String, EditError> {
    super::pop_from_list(text, path, field).map(|s| s.apply(text))
}

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
    let t =
        "Pledge(\n        text: \"完成\",\n        target: 4, measure: \"个\",  // together\n    )";
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

/// The last entry, on a line of its own with the bracket after it: the previous line's
/// comment stays, and so does the line break that ends it.
#[test]
fn removing_the_last_entry_keeps_the_comment_before_it() {
    let cases = [
        (
            "(\n    a: 1, // one\n    b: 2)",
            "b",
            "(\n    a: 1, // one\n)",
        ),
        (
            "(\n    a: 1 /* one */,\n    b: 2, c: 3)",
            "c",
            "(\n    a: 1 /* one */,\n    b: 2)",
        ),
    ];
    for (t, field, want) in cases {
        let got = set_struct_fields(t, &[], &[(field, None)]);
        assert_eq!(got.as_deref(), Ok(want), "{t:?} without {field}");
    }
    let list = "[\r\n    \"A\", // first\r\n    \"B\"]";
    let (s, emptied) = remove_from_list(list, &[], 1).expect("removed");
    assert!(!emptied);
    assert_eq!(s.apply(list), "[\r\n    \"A\", // first\r\n]");
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
                    let by = value_at(&t, &[F("projects"), I(p), F("milestones"), I(k), F("by")]);
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
