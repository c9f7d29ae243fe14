//! The reader's tests, and sample ledgers other tests share.

use super::*;

/// The contract's sample ledger, with comments, CJK text and an optional-field `Some`.
pub(crate) const SAMPLE: &str = r#"#![enable(implicit_some)]
// 台账: comments like this one are the office's own and must survive every save.
Ledger(
    title: "二七区2018年“项目建设全力攻坚年”重点项目台账",
    year: 2018,                       // the campaign year
    office: Some("二七区项目建设攻坚办"),     /* optional */
    categories: ["出彩项目", "重大产业项目", "新型城镇化项目", "生态建设项目", "社会民生项目"],
    warning: (soon_days: 14, red_days: 30),   // optional; these are the defaults
    units: [
        Unit(
            name: "区农工委",             // unique; projects refer to units by this name
            pledges: [                    // the unit's 目标承诺书, optional
                Pledge(
                    text: "完成贾鲁河蓝线主体等4个续建生态项目",
                    target: 4, measure: "个",  // optional, together
                    progress: 1,              // optional
                ),
            ],
        ),
    ],
    projects: [
        Project(
            name: "南水北调生态文化公园",  // unique
            lead: "区农工委",
            investment: (total: 12.5, plan: 3.0, done: 1.2),
            milestones: [
                Milestone(name: "建成开放", due: "2018-04-30"),
                Milestone(name: "绿化完成", due: "2018-03-31", done: "2018-03-29", by: "wang"),
            ],
            updates: [
                Update(date: "2018-03-05", text: "主园路完成80%", by: "wang"),
            ],
        ),
        Project(
            name: "樱桃沟 /* not a comment */ // nor this",
            lead: "区农工委",
            milestones: Some([
                Milestone(
                    name: "开工",
                    due: "2018-03-31", // 3月底前
                ),
            ]),
        ),
    ],
)
"#;

/// A ledger shaped like the office's, with `n` projects of five milestones each.
pub(crate) fn generated(n: usize) -> String {
    let mut out = String::with_capacity(n * 1400);
    out.push_str("#![enable(implicit_some)]\n// 生成的台账\nLedger(\n    title: \"生成台账\",\n    year: 2018,\n    units: [\n        Unit(name: \"单位1\", leader: \"张某\"),\n    ],\n    projects: [\n");
    for i in 0..n {
        if i % 50 == 0 {
            out.push_str(&format!("        // 第{}批\n", i / 50 + 1));
        }
        out.push_str("        Project(\n");
        out.push_str(&format!(
                "            name: \"贾鲁河生态文化公园{i}\",\n            category: \"生态建设项目\",\n            lead: \"单位1\",\n            support: [\"单位1\"],\n            investment: (total: 12.0, plan: {}.0, done: 1.5),\n            scale: \"占地约200亩，建设“一河两岸”景观带，含道路、绿化、照明等配套工程\",\n",
                i % 7 + 1
            ));
        out.push_str("            milestones: [\n");
        for k in 0..5 {
            out.push_str(&format!(
                "                Milestone(name: \"节点{k}：完成立项审批\", due: \"2018-0{}-15\"",
                k + 3
            ));
            if (i + k) % 3 == 0 {
                out.push_str(", done: \"2018-03-01\", by: \"攻坚办\"");
            }
            out.push_str("),\n");
        }
        out.push_str("            ],\n");
        if i % 4 == 0 {
            out.push_str("            updates: [\n                Update(date: \"2018-03-05\", text: \"主园路完成80%，绿化完成60%，正在进行照明工程施工\", by: \"攻坚办\"),\n            ],\n");
        }
        out.push_str("        ),\n");
    }
    out.push_str("    ],\n)\n");
    out
}

fn at<'t>(text: &'t str, path: &[Seg]) -> &'t str {
    let l = locate(text, path).expect("parses").expect("found");
    &text[l.span]
}

use Seg::{Field as F, Index as I};

#[test]
fn locates_values_along_paths() {
    let t = SAMPLE;
    assert_eq!(at(t, &[F("year")]), "2018");
    assert_eq!(
        at(t, &[F("title")]),
        "\"二七区2018年“项目建设全力攻坚年”重点项目台账\""
    );
    assert_eq!(at(t, &[F("office")]), "Some(\"二七区项目建设攻坚办\")");
    assert_eq!(at(t, &[F("categories"), I(4)]), "\"社会民生项目\"");
    assert_eq!(at(t, &[F("warning"), F("red_days")]), "30");
    let p = [F("projects"), I(0), F("milestones"), I(1), F("by")];
    assert_eq!(at(t, &p), "\"wang\"");
    let m = [F("projects"), I(0), F("milestones"), I(0)];
    assert_eq!(
        at(t, &m),
        "Milestone(name: \"建成开放\", due: \"2018-04-30\")"
    );
    assert_eq!(
        at(t, &[F("units"), I(0), F("pledges"), I(0), F("measure")]),
        "\"个\""
    );
    assert!(at(t, &[]).starts_with("Ledger(") && at(t, &[]).ends_with(')'));
    assert_eq!(
        at(t, &[F("projects"), I(1), F("name")]),
        "\"樱桃沟 /* not a comment */ // nor this\""
    );
}

#[test]
fn missing_paths_are_none() {
    let t = SAMPLE;
    for p in [
        vec![F("nope")],
        vec![F("projects"), I(2)],
        vec![F("projects"), I(0), F("milestones"), I(0), F("done")],
        vec![F("year"), F("x")],
        vec![F("year"), I(0)],
        vec![F("projects"), F("name")],
        vec![I(0)],
        vec![F("warning"), I(0)],
    ] {
        assert_eq!(locate(t, &p), Ok(None), "{p:?}");
        assert_eq!(struct_at(t, &p), Ok(None), "{p:?}");
        assert_eq!(list_at(t, &p), Ok(None), "{p:?}");
    }
    assert_eq!(struct_at(t, &[F("year")]), Ok(None));
    assert_eq!(list_at(t, &[F("warning")]), Ok(None));
}

#[test]
fn kinds() {
    let t = r##"(a: "s", b: 'c', c: -1.5e-3, d: true, e: None, f: (), g: [1], h: {"k": 1},
            i: X(1), j: (1, 2), k: Some(3), l: r#"raw"#, m: inf, n: -NaN, o: 0xFF, p: b'x', q: Unit)"##;
    let kind = |f| locate(t, &[F(f)]).ok().flatten().map(|l| l.kind);
    use ValueKind::*;
    for (f, k) in [
        ("a", Str),
        ("b", Char),
        ("c", Number),
        ("d", Bool),
        ("e", Ident),
        ("f", Unit),
        ("g", List),
        ("h", Map),
        ("i", Struct),
        ("j", Struct),
        ("k", Number),
        ("l", Str),
        ("m", Number),
        ("n", Number),
        ("o", Number),
        ("p", Number),
        ("q", Ident),
    ] {
        assert_eq!(kind(f), Some(k), "{f}");
    }
    assert_eq!(locate(t, &[]).ok().flatten().map(|l| l.kind), Some(Struct));
    assert_eq!(check_document(t), Ok(Struct));
}

#[test]
fn tricky_lexemes() {
    let t = r###"#![enable(implicit_some)] #![enable(unwrap_newtypes)]
/* a /* nested */ comment with "quotes" and ) */
Data( // ( [ {
    s: "a \"quoted\" \\ ) ] // not a comment \u{4e2d} 中",
    r: r#"raw "with" quotes ) "#,
    r2: r"plain raw",
    c: [')', '\'', '\\', '中', '\u{4e2d}', '"'],
    n: [1e5, -3, +4, 1_000, 0x1F, 0b101, 0o17, 1.5e+3, .5, 7u8, -inf, NaN],
    t: ((1, "x"), [2], {"k": (a: 1)}),
    raw_ident: r#type,
    r#type: 1,
    b: b"bytes",
    u: (),
    e: Some(Some([1, 2,],),),
)
"###;
    assert_eq!(
        at(t, &[F("s")]),
        r#""a \"quoted\" \\ ) ] // not a comment \u{4e2d} 中""#
    );
    assert_eq!(at(t, &[F("r")]), r##"r#"raw "with" quotes ) "#"##);
    assert_eq!(at(t, &[F("r2")]), r#"r"plain raw""#);
    assert_eq!(at(t, &[F("c"), I(1)]), r"'\''");
    assert_eq!(at(t, &[F("c"), I(3)]), "'中'");
    assert_eq!(at(t, &[F("c"), I(5)]), "'\"'");
    assert_eq!(at(t, &[F("n"), I(7)]), "1.5e+3");
    assert_eq!(at(t, &[F("n"), I(10)]), "-inf");
    assert_eq!(at(t, &[F("t"), I(0), I(1)]), "\"x\"");
    assert_eq!(at(t, &[F("t"), I(1), I(0)]), "2");
    assert_eq!(at(t, &[F("raw_ident")]), "r#type");
    // A raw identifier is the field it names (`r#type` is `type`), as ron reads it.
    assert_eq!(at(t, &[F("type")]), "1");
    assert_eq!(at(t, &[F("e")]), "Some(Some([1, 2,],),)");
    assert_eq!(at(t, &[F("e"), I(1)]), "2");
    assert_eq!(
        list_at(t, &[F("e")])
            .expect("ok")
            .expect("list")
            .items
            .len(),
        2
    );
    assert_eq!(at(t, &[F("u")]), "()");
    check_document(t).expect("one whole document");
}

#[test]
fn some_is_transparent() {
    let t = SAMPLE;
    let ms = [F("projects"), I(1), F("milestones")];
    let l = locate(t, &ms).expect("ok").expect("found");
    assert_eq!(l.kind, ValueKind::List);
    assert!(t[l.span.clone()].starts_with("Some(["));
    assert!(t[l.span].ends_with("])"));
    let list = list_at(t, &ms).expect("ok").expect("list");
    assert_eq!(&t[list.span.clone()][..1], "[");
    assert_eq!(list.items.len(), 1);
    assert_eq!(list.items[0].1.map(|c| &t[c..c + 1]), Some(","));
    let m = [F("projects"), I(1), F("milestones"), I(0)];
    let st = struct_at(t, &m).expect("ok").expect("struct");
    assert!(t[st.span.clone()].starts_with("Milestone("));
    assert_eq!(st.fields.len(), 2);
    assert_eq!(
        at(t, &[F("projects"), I(1), F("milestones"), I(0), F("due")]),
        "\"2018-03-31\""
    );
    assert_eq!(
        struct_at("Some(Some(X(a: 1)))", &[])
            .ok()
            .flatten()
            .map(|s| s.span),
        Some(10..17)
    );
}

#[test]
fn struct_and_list_spans() {
    let t = SAMPLE;
    let m = [F("projects"), I(0), F("milestones"), I(1)];
    let st = struct_at(t, &m).expect("ok").expect("struct");
    assert_eq!(&t[st.open..=st.open], "(");
    assert_eq!(&t[st.close..=st.close], ")");
    assert_eq!(st.span.end, st.close + 1);
    let names: Vec<&str> = st.fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["name", "due", "done", "by"]);
    for f in &st.fields {
        assert_eq!(&t[f.name_span.clone()], f.name);
    }
    assert_eq!(&t[st.fields[2].value_span.clone()], "\"2018-03-29\"");
    assert!(
        st.fields[..3]
            .iter()
            .all(|f| f.comma.is_some_and(|c| &t[c..=c] == ","))
    );
    assert_eq!(st.fields[3].comma, None);

    let pl = [F("units"), I(0), F("pledges"), I(0)];
    let st = struct_at(t, &pl).expect("ok").expect("struct");
    assert!(st.fields.iter().all(|f| f.comma.is_some()));

    let list = list_at(t, &[F("categories")]).expect("ok").expect("list");
    assert_eq!(list.items.len(), 5);
    assert_eq!(&t[list.items[4].0.clone()], "\"社会民生项目\"");
    assert_eq!(list.items[4].1, None);
    assert_eq!(&t[list.span.clone()][..1], "[");

    let empty = struct_at("X()", &[]).expect("ok").expect("struct");
    assert_eq!(
        (empty.span, empty.open, empty.close, empty.fields.len()),
        (0..3, 1, 2, 0)
    );
    assert_eq!(struct_at("(1, 2)", &[]), Ok(None));
    assert_eq!(
        list_at("[]", &[]).ok().flatten().map(|l| l.items.len()),
        Some(0)
    );
}

#[test]
fn crlf_and_bom() {
    let crlf = format!("\u{feff}{}", SAMPLE.replace('\n', "\r\n"));
    let p = [F("projects"), I(1), F("milestones"), I(0), F("due")];
    assert_eq!(at(&crlf, &p), "\"2018-03-31\"");
    let start = value_starts(&crlf, &[&p])[0].expect("found");
    assert!(crlf[start..].starts_with("\"2018-03-31\""));
    let (line, col) = line_col(&crlf, start);
    let (l2, c2) = line_col(
        SAMPLE,
        locate(SAMPLE, &p)
            .ok()
            .flatten()
            .map_or(0, |l| l.span.start),
    );
    assert_eq!((line, col), (l2, c2));
}

#[test]
fn line_col_counts_chars() {
    let t = "ab\n中文x\r\nz";
    assert_eq!(line_col(t, 0), (1, 1));
    assert_eq!(line_col(t, 2), (1, 3));
    assert_eq!(line_col(t, 3), (2, 1));
    assert_eq!(line_col(t, 6), (2, 2));
    assert_eq!(line_col(t, 7), (2, 2), "inside a character");
    assert_eq!(line_col(t, 9), (2, 3));
    assert_eq!(line_col(t, 11), (2, 5));
    assert_eq!(line_col(t, 12), (3, 1));
    assert_eq!(line_col(t, 999), (3, 2));
    let p = [F("projects"), I(0), F("milestones"), I(1), F("by")];
    let span = locate(SAMPLE, &p)
        .ok()
        .flatten()
        .map_or(0, |l| l.span.start);
    assert_eq!(line_col(SAMPLE, span), (28, 84), "checked by hand");
}

/// Every path in `text` (fields, list and tuple items), depth first.
fn all_paths(text: &str) -> Vec<Vec<Seg<'_>>> {
    fn go<'t>(text: &'t str, path: &mut Vec<Seg<'t>>, out: &mut Vec<Vec<Seg<'t>>>) {
        out.push(path.clone());
        if let Ok(Some(st)) = struct_at(text, path) {
            for f in st.fields {
                let name = &text[f.name_span];
                path.push(F(name));
                go(text, path, out);
                path.pop();
            }
            return;
        }
        let mut i = 0;
        loop {
            path.push(I(i));
            let found = matches!(locate(text, path), Ok(Some(_)));
            if found {
                go(text, path, out);
            }
            path.pop();
            if !found {
                break;
            }
            i += 1;
        }
    }
    let mut out = Vec::new();
    go(text, &mut Vec::new(), &mut out);
    out
}

/// Many paths are grouped by their first steps; what they find is what each walk finds.
#[test]
fn value_starts_grouped_or_alone() {
    let crlf = SAMPLE.replace('\n', "\r\n");
    for t in [SAMPLE, crlf.as_str(), generated(3).as_str()] {
        let mut paths = all_paths(t);
        assert!(paths.len() > 40);
        paths.push(vec![F("nope")]);
        paths.push(vec![F("projects"), F("x")]);
        paths.push(vec![F("warning"), I(0)]);
        paths.push(vec![F("projects"), I(99), F("name")]);
        paths.reverse();
        let refs: Vec<&[Seg]> = paths.iter().map(Vec::as_slice).collect();
        let grouped = value_starts(t, &refs);
        for (p, start) in paths.iter().zip(grouped) {
            let alone = locate(t, p).expect("ok").map(|l| l.span.start);
            assert_eq!(start, alone, "{p:?}");
        }
    }
}

fn all_fail(text: &str) {
    assert!(check_document(text).is_err(), "{text:?}");
    assert!(locate(text, &[]).is_err(), "{text:?}");
    assert!(struct_at(text, &[]).is_err(), "{text:?}");
    assert!(list_at(text, &[]).is_err(), "{text:?}");
}

#[test]
fn malformed_text_is_an_error() {
    for t in [
        "",
        "   // only a comment",
        "Ledger(title: \"unterminated)",
        "/* /* nested unterminated */ Ledger()",
        "Ledger(a: r#\"raw\"",
        "Ledger(a: 'x)",
        "Ledger(a: '')",
        "Ledger(a: 1",
        "Ledger(a: [1, 2)",
        "Ledger(a: 1 b: 2)",
        "Ledger(a: 1,, b: 2)",
        "Ledger(a:)",
        "Ledger(,)",
        "[1 2]",
        "(a: 1, 2)",
        "{1: 2, 3}",
        "#![enable(implicit_some)",
        "#[x] ()",
        "Ledger(a: -)",
        "Ledger(a: /)",
        "Ledger(a: Some(1)",
        "Ledger(a: Some(1 2))",
        ")",
        "\"中",
        "'\\",
        "b\"",
    ] {
        all_fail(t);
    }
    assert!(check_document("() x").is_err());
    assert!(check_document("() // fine").is_ok());
    let e = locate("Ledger(title: \"unterminated)", &[F("title")]).expect_err("unterminated");
    assert_eq!(e.offset, 14);
    assert!(e.to_string().contains("unterminated string"));
    assert!(check_document("Ledger(a: 1) /* unterminated").is_err());
    let e = locate("(a: 1) /* x", &[]).map(|_| ());
    assert_eq!(e, Ok(()), "only the value found is read");
    assert_eq!(
        check_document("(a: 1) /* x")
            .map(|_| ())
            .map_err(|e| e.offset),
        Err(7)
    );
}

#[test]
fn deep_nesting_is_refused_not_overflowed() {
    for open in ["[", "(", "Some(", "X(a: ", "{1: "] {
        let t = open.repeat(100_000);
        assert!(check_document(&t).is_err(), "{open}");
        assert!(locate(&t, &[]).is_err(), "{open}");
        assert!(struct_at(&t, &[]).is_err(), "{open}");
        assert!(list_at(&t, &[]).is_err(), "{open}");
        assert!(locate(&t, &[I(0), I(0)]).is_err() || locate(&t, &[I(0), I(0)]) == Ok(None));
    }
    let ok = format!("{}{}", "[".repeat(100), "]".repeat(100));
    assert!(check_document(&ok).is_ok());
}

#[test]
fn truncated_text_never_panics_and_is_an_error() {
    let t = SAMPLE;
    let end = t.rfind(')').expect("closing");
    // Cut inside the name `Ledger`, what is left is a unit value.
    let name = t.find("Ledger(").expect("name");
    for cut in (0..t.len()).filter(|&i| t.is_char_boundary(i)) {
        let part = &t[..cut];
        let built = check_document(part);
        let whole = cut > end || (name < cut && cut <= name + 6);
        assert_eq!(built.is_err(), !whole, "cut at {cut}");
        let _ = locate(
            part,
            &[F("projects"), I(1), F("milestones"), I(0), F("due")],
        );
        let _ = struct_at(part, &[F("projects"), I(0)]);
        let _ = list_at(part, &[F("projects")]);
        let _ = line_col(part, cut / 2);
    }
}

/// SplitMix64, for repeatable random inputs.
pub(crate) struct Rng(pub u64);

impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Random text from the pieces RON is made of, and random mutations of the sample.
pub(crate) fn hostile_inputs(count: usize) -> Vec<String> {
    const PIECES: &[&str] = &[
        "(", ")", "[", "]", "{", "}", ",", ":", "\"", "'", "\\", "r#", "#", "r\"", "/*", "*/",
        "//", "\n", "\r\n", " ", "a", "Some", "None", "Some(", "1", "-", "e", "中", "\u{2028}",
        "\u{85}", "x: ", "b'", "#![", "\u{feff}", "é", "0x", "inf",
    ];
    let mut rng = Rng(7);
    let mut out = Vec::with_capacity(count);
    for k in 0..count {
        if k % 2 == 0 {
            let mut s = String::new();
            for _ in 0..rng.below(60) {
                s.push_str(PIECES[rng.below(PIECES.len())]);
            }
            out.push(s);
        } else {
            let mut s = SAMPLE.to_string();
            for _ in 0..1 + rng.below(3) {
                let mut at = rng.below(s.len());
                while !s.is_char_boundary(at) {
                    at -= 1;
                }
                if rng.below(2) == 0 {
                    s.insert_str(at, PIECES[rng.below(PIECES.len())]);
                } else {
                    let mut to = (at + 1 + rng.below(4)).min(s.len());
                    while !s.is_char_boundary(to) {
                        to += 1;
                    }
                    s.replace_range(at..to, "");
                }
            }
            out.push(s);
        }
    }
    out
}

#[test]
fn random_text_never_panics() {
    let paths: [&[Seg]; 4] = [
        &[],
        &[F("projects"), I(0), F("milestones"), I(1)],
        &[F("projects"), I(1), F("milestones")],
        &[I(0), I(1)],
    ];
    let mut errors = 0;
    for t in hostile_inputs(4000) {
        for p in paths {
            errors += usize::from(locate(&t, p).is_err());
            let _ = struct_at(&t, p);
            let _ = list_at(&t, p);
        }
        if check_document(&t).is_ok() {
            for start in value_starts(&t, &paths).into_iter().flatten() {
                assert!(
                    t.is_char_boundary(start),
                    "spans fall on character boundaries"
                );
            }
        }
        let _ = check_value(&t);
    }
    assert!(errors > 1000);
}

#[test]
fn large_ledger() {
    let t = generated(10_000);
    let last = [F("projects"), I(9_999), F("milestones"), I(4), F("due")];
    assert_eq!(at(&t, &last), "\"2018-07-15\"");
    let st = struct_at(&t, &last[..4]).expect("ok").expect("struct");
    assert_eq!(st.fields[0].name, "name");
    assert_eq!(locate(&t, &[F("projects"), I(10_000)]), Ok(None));
    check_document(&t).expect("one whole document");
    // Every milestone's due date at once, as a ledger with many problems asks.
    let paths: Vec<[Seg; 5]> = (0..10_000)
        .flat_map(|p| (0..5).map(move |k| [F("projects"), I(p), F("milestones"), I(k), F("due")]))
        .collect();
    let refs: Vec<&[Seg]> = paths.iter().map(|p| p.as_slice()).collect();
    let starts = value_starts(&t, &refs);
    for (k, start) in starts.iter().enumerate() {
        let due = format!("\"2018-0{}-15\"", k % 5 + 3);
        assert!(
            start.is_some_and(|s| t[s..].starts_with(&due)),
            "{:?}",
            paths[k]
        );
    }
    assert_eq!(
        starts.last(),
        Some(&locate(&t, &last).ok().flatten().map(|l| l.span.start))
    );
}
