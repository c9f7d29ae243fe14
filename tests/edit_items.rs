//! Every kind of item edit (a month's investment, plan and total, a due date moved and moved
//! back, items added, renamed and removed, a pledge closed and reopened) on one small ledger
//! written by hand with CRLF line endings and `//` and `/* */` comments between items and
//! fields: the exact bytes after each edit, that they load, that the splice's inverse gives
//! back the bytes from before, and, where the contract promises it (add then remove, move then
//! move back, close then reopen), that the inverse `apply` returns does too.

use chrono::NaiveDate;
use tracker::ledger::change::{
    Fields, InvestmentEntry, Item, MilestoneFields, NewItem, PledgeEntry, ProjectFields, Refusal,
    UnitFields, fields_of, item_of, move_milestone, record_investment, record_pledge,
};
use tracker::ledger::save::fingerprint;
use tracker::ledger::{
    Change, ChangeError, Investment, Ledger, Pledge, edit_bytes, edit_file, load_bytes,
};

/// The ledger every test edits, written with LF here; [`crlf`] gives the file's bytes.
const BASE: &str = r#"#![enable(implicit_some)]
// 小台账: CRLF, comments between items and fields
Ledger(
    title: "测试台账",
    year: 2018,
    office: "区攻坚办",
    categories: ["生态建设项目", "社会民生项目"],
    units: [
        // 攻坚办
        Unit(
            name: "区攻坚办",
            pledges: [
                Pledge(text: "新建公厕24座", due: "2018-12-31", target: 24, measure: "座", progress: 9), // 公厕
                /* 已完成 */ Pledge(text: "梳理项目", due: "2018-02-28", done: "2018-02-24", by: "wang"),
            ],
        ),
        Unit(
            name: "区农工委", /* 农工委 */
            leader: "余莉",
            // 职务未填
            pledges: [
                Pledge(
                    text: "续建生态项目",
                    // 四个
                    due: "2018-12-31", target: 4, measure: "个",
                ),
            ],
        ),
        Unit(name: "区城管局"), // 城管
        /* 没有项目的单位 */
        Unit(name: "区统计局", leader: "赵六"),
    ],
    projects: [
        /* 第一个项目 */
        Project(
            name: "生态公园",
            category: "生态建设项目",
            lead: "区农工委", // 牵头
            support: ["区城管局", /* 配合 */ "区攻坚办"],
            investment: (total: 12.5, plan: 3.0, done: 1.2),
            monthly: [
                Month(month: "2018-04", done: 0.7), // 四月
            ],
            milestones: [
                Milestone(name: "开工", due: "2018-03-31", done: "2018-03-29", by: "wang"),
                // 下一个
                Milestone(name: "建成", due: "2018-06-30", unit: "区城管局"),
            ],
            updates: [
                Update(date: "2018-03-05", text: "主园路完成80%"),
            ],
        ),
        Project(name: "安置房", lead: "区城管局", milestones: [Milestone(name: "封顶", due: "2018-09-30")]), // 一行
    ],
)
"#;

/// Text written with LF in this file, as the CRLF bytes the ledger has.
fn crlf(lf: &str) -> String {
    assert!(
        !lf.contains('\r'),
        "expected texts are written with LF here"
    );
    lf.replace('\n', "\r\n")
}

fn base() -> String {
    crlf(BASE)
}

/// The expected bytes after an edit: [`BASE`] with each `(from, to)` made in turn, as CRLF
/// (see [`crlf`]). Each `from` occurs exactly once in the text so far. A line added is written
/// as the line before it and then the new one; a line removed as a newline and the line, to
/// nothing.
fn changed(edits: &[(&str, &str)]) -> String {
    let mut text = BASE.to_string();
    for (from, to) in edits {
        let n = text.matches(from).count();
        assert_eq!(n, 1, "{from:?} occurs {n} times in the expected text");
        text = text.replacen(from, to, 1);
    }
    crlf(&text)
}

fn ledger_of(text: &str) -> Ledger {
    load_bytes(text.as_bytes())
        .unwrap_or_else(|e| panic!("does not load: {e:?}\n{text}"))
        .0
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
}

/// Every line ends in CRLF: no bare LF came in with the edit.
fn assert_crlf_only(text: &str, what: &str) {
    let bare = text
        .match_indices('\n')
        .filter(|(i, _)| *i == 0 || text.as_bytes()[i - 1] != b'\r')
        .count();
    assert_eq!(bare, 0, "{what}: {bare} line(s) end in a bare LF\n{text:?}");
}

/// Makes `change` on `old` as the save does: the edited text equals `want` exactly, loads
/// to the model with the change applied, and the splice's inverse gives `old` back byte for
/// byte. Returns the edited text and the inverse `apply` gave.
fn edit(old: &str, change: &Change, want: &str, what: &str) -> (String, Change) {
    let splice = edit_file(old.as_bytes(), change).unwrap_or_else(|e| panic!("{what}: {e}"));
    let new = splice.apply(old);
    assert_eq!(
        edit_bytes(old.as_bytes(), change).expect("edits"),
        new.as_bytes(),
        "{what}: edit_bytes and edit_file agree"
    );
    assert_eq!(new, want, "{what}: the bytes after the edit");
    assert_crlf_only(&new, what);
    let mut model = ledger_of(old);
    let inverse = change
        .apply(&mut model)
        .unwrap_or_else(|e| panic!("{what}: {e}"));
    assert_eq!(ledger_of(&new), model, "{what}: loads as the model with it");
    let back = splice.inverse(old);
    assert_eq!(back.apply(&new), old, "{what}: the inverse splice");
    (new, inverse)
}

/// The inverse `apply` returned, made on `new`, gives back `old` byte for byte.
fn undo_restores(new: &str, inverse: &Change, old: &str, what: &str) {
    let back = edit_bytes(new.as_bytes(), inverse).unwrap_or_else(|e| panic!("{what}: {e}"));
    assert!(
        back == old.as_bytes(),
        "{what}: undo left {:?}",
        String::from_utf8_lossy(&back)
    );
    let mut model = ledger_of(new);
    inverse.apply(&mut model).expect("undo applies");
    assert_eq!(model, ledger_of(old), "{what}: undo restores the model");
}

fn set(ledger: &Ledger, item: Item, f: impl FnOnce(&mut Fields)) -> Change {
    let mut fields = fields_of(ledger, item).expect("item");
    f(&mut fields);
    Change::Set {
        item,
        fields: Box::new(fields),
    }
}

/// The change recording `done` as `month`'s figure on project `project`, with no plan or
/// total given.
fn month_invested(ledger: &Ledger, project: usize, month: u32, done: f64) -> Change {
    let entry = InvestmentEntry {
        month: Some((month, done)),
        plan: None,
        total: None,
    };
    record_investment(ledger, project, entry).expect("change")
}

fn renamed(ledger: &Ledger, item: Item, new: &str) -> Change {
    set(ledger, item, |f| match f {
        Fields::Unit(u) => u.name = new.into(),
        Fields::Project(p) => p.name = new.into(),
        Fields::Milestone(m) => m.name = new.into(),
        Fields::Pledge(p) => p.text = new.into(),
    })
}

#[test]
fn the_hand_written_ledger_loads_with_crlf_and_comments() {
    let text = base();
    assert_crlf_only(&text, "base");
    assert!(text.contains("/* 配合 */") && text.contains("// 牵头\r\n"));
    let l = ledger_of(&text);
    assert_eq!(l.units.len(), 4);
    assert_eq!(l.projects.len(), 2);
    assert_eq!(l.projects[0].month_done(4), Some(0.7));
}

#[test]
fn a_new_month_of_investment_is_appended_and_the_year_follows() {
    let old = base();
    let c = month_invested(&ledger_of(&old), 0, 5, 0.4);
    let want = changed(&[
        (
            "investment: (total: 12.5, plan: 3.0, done: 1.2),",
            "investment: (total: 12.5, plan: 3.0, done: 1.6),",
        ),
        (
            r#"Month(month: "2018-04", done: 0.7), // 四月"#,
            r#"Month(month: "2018-04", done: 0.7), // 四月
                Month(month: "2018-05", done: 0.4),"#,
        ),
    ]);
    let (new, inverse) = edit(&old, &c, &want, "May invested");
    let after = ledger_of(&new);
    assert_eq!(after.projects[0].month_done(5), Some(0.4));
    assert_eq!(after.projects[0].month_done(4), Some(0.7));
    assert_eq!(after.projects[0].investment.and_then(|i| i.done), Some(1.6));
    // Setting the figures back removes the month again, as it was.
    undo_restores(&new, &inverse, &old, "invest undone");
}

#[test]
fn the_same_month_again_replaces_its_figure_and_moves_the_year_by_the_difference() {
    let old = base();
    let c = month_invested(&ledger_of(&old), 0, 4, 0.5);
    let want = changed(&[
        (
            "investment: (total: 12.5, plan: 3.0, done: 1.2),",
            "investment: (total: 12.5, plan: 3.0, done: 1),",
        ),
        (
            r#"Month(month: "2018-04", done: 0.7), // 四月"#,
            r#"Month(month: "2018-04", done: 0.5), // 四月"#,
        ),
    ]);
    let (new, _) = edit(&old, &c, &want, "April again");
    let after = ledger_of(&new);
    assert_eq!(after.projects[0].monthly.len(), 1);
    assert_eq!(after.projects[0].month_done(4), Some(0.5));
    // 1.2 - 0.7 + 0.5, with no binary tail.
    assert_eq!(after.projects[0].investment.and_then(|i| i.done), Some(1.0));
}

#[test]
fn a_month_on_a_one_line_project_without_figures_adds_both_on_its_line() {
    let old = base();
    let c = month_invested(&ledger_of(&old), 1, 5, 0.4);
    let want = changed(&[(
        r#"Project(name: "安置房", lead: "区城管局", milestones: [Milestone(name: "封顶", due: "2018-09-30")]), // 一行"#,
        r#"Project(name: "安置房", lead: "区城管局", investment: (done: 0.4), monthly: [Month(month: "2018-05", done: 0.4)], milestones: [Milestone(name: "封顶", due: "2018-09-30")]), // 一行"#,
    )]);
    let (new, inverse) = edit(&old, &c, &want, "a month on the one-line project");
    undo_restores(
        &new,
        &inverse,
        &old,
        "figures taken off the one-line project",
    );
}

#[test]
fn plan_and_total_are_set_in_place() {
    let old = base();
    let l = ledger_of(&old);
    let entry = InvestmentEntry {
        month: None,
        plan: Some(4.0),
        total: Some(13.0),
    };
    let c = record_investment(&l, 0, entry).expect("change");
    let want = changed(&[(
        "investment: (total: 12.5, plan: 3.0, done: 1.2),",
        "investment: (total: 13, plan: 4, done: 1.2),",
    )]);
    let (new, _) = edit(&old, &c, &want, "plan and total");
    let inv = ledger_of(&new).projects[0].investment.expect("figures");
    assert_eq!(
        (inv.total, inv.plan, inv.done),
        (Some(13.0), Some(4.0), Some(1.2))
    );
    let c = record_investment(&l, 1, entry).expect("change");
    let want = changed(&[(
        r#"Project(name: "安置房", lead: "区城管局", milestones: [Milestone(name: "封顶", due: "2018-09-30")]), // 一行"#,
        r#"Project(name: "安置房", lead: "区城管局", investment: (total: 13, plan: 4), milestones: [Milestone(name: "封顶", due: "2018-09-30")]), // 一行"#,
    )]);
    let (new, inverse) = edit(&old, &c, &want, "plan and total on the one-line project");
    undo_restores(&new, &inverse, &old, "figures taken off again");
}

#[test]
fn a_due_date_moved_twice_keeps_the_first_as_baseline_and_moving_back_drops_it() {
    let old = base();
    let l0 = ledger_of(&old);
    let first = move_milestone(&l0, 0, 1, day("2018-07-31")).expect("change");
    let want = changed(&[(
        r#"Milestone(name: "建成", due: "2018-06-30", unit: "区城管局"),"#,
        r#"Milestone(name: "建成", due: "2018-07-31", baseline: "2018-06-30", unit: "区城管局"),"#,
    )]);
    let (moved, undo_first) = edit(&old, &first, &want, "moved once");
    let l1 = ledger_of(&moved);
    assert_eq!(
        l1.projects[0].milestones[1].baseline,
        Some(day("2018-06-30"))
    );
    assert_eq!(l1.projects[0].milestones[1].moved_days(), Some(31));
    undo_restores(&moved, &undo_first, &old, "first move undone");

    let second = move_milestone(&l1, 0, 1, day("2018-08-15")).expect("change");
    let want = changed(&[(
        r#"Milestone(name: "建成", due: "2018-06-30", unit: "区城管局"),"#,
        r#"Milestone(name: "建成", due: "2018-08-15", baseline: "2018-06-30", unit: "区城管局"),"#,
    )]);
    let (twice, undo_second) = edit(&moved, &second, &want, "moved twice");
    let l2 = ledger_of(&twice);
    assert_eq!(
        l2.projects[0].milestones[1].baseline,
        Some(day("2018-06-30"))
    );
    undo_restores(&twice, &undo_second, &moved, "second move undone");

    let back = move_milestone(&l2, 0, 1, day("2018-06-30")).expect("change");
    let back_fields = match &back {
        Change::Set { fields, .. } => fields.as_ref().clone(),
        other => panic!("{other:?}"),
    };
    let Fields::Milestone(m) = back_fields else {
        panic!("milestone fields")
    };
    assert_eq!(
        m.baseline, None,
        "moving back to the baseline ends the re-plan"
    );
    let base_text = base();
    let (again, _) = edit(&twice, &back, &base_text, "moved back");
    assert_eq!(again, old, "moved back to its baseline: the original bytes");
}

#[test]
fn a_milestone_added_at_the_end_of_a_list_and_removed_again() {
    let old = base();
    let l = ledger_of(&old);
    let m = NewItem::Milestone(MilestoneFields {
        name: "验收".into(),
        due: day("2018-12-31"),
        baseline: None,
        done: None,
        by: None,
        unit: Some("区攻坚办".into()),
    });
    let at = Item::Milestone {
        project: 0,
        milestone: l.projects[0].milestones.len(),
    };
    let c = Change::Add {
        at,
        item: Box::new(m.clone()),
    };
    let want = changed(&[(
        r#"Milestone(name: "建成", due: "2018-06-30", unit: "区城管局"),"#,
        r#"Milestone(name: "建成", due: "2018-06-30", unit: "区城管局"),
                Milestone(name: "验收", due: "2018-12-31", unit: "区攻坚办"),"#,
    )]);
    let (new, inverse) = edit(&old, &c, &want, "milestone added");
    assert_eq!(inverse, Change::Remove { at });
    undo_restores(&new, &inverse, &old, "milestone added then removed");
    assert_eq!(item_of(&ledger_of(&new), at), Some(m.clone()));

    let at = Item::Milestone {
        project: 1,
        milestone: 1,
    };
    let c = Change::Add {
        at,
        item: Box::new(m),
    };
    let want = changed(&[(
        r#"Project(name: "安置房", lead: "区城管局", milestones: [Milestone(name: "封顶", due: "2018-09-30")]), // 一行"#,
        r#"Project(name: "安置房", lead: "区城管局", milestones: [Milestone(name: "封顶", due: "2018-09-30"), Milestone(name: "验收", due: "2018-12-31", unit: "区攻坚办")]), // 一行"#,
    )]);
    let (new, inverse) = edit(&old, &c, &want, "milestone added on one line");
    undo_restores(
        &new,
        &inverse,
        &old,
        "one-line milestone added then removed",
    );
}

#[test]
fn a_project_added_in_its_neighbours_layout_and_removed_again() {
    let old = base();
    let fields = ProjectFields {
        name: "人才公寓".into(),
        pinyin: None,
        category: Some("社会民生项目".into()),
        lead: "区攻坚办".into(),
        support: vec!["区农工委".into()],
        leader: Some("李四".into()),
        investment: Some(Investment {
            total: Some(2.0),
            plan: Some(1.0),
            done: None,
        }),
        monthly: Vec::new(),
        scale: Some("1500套".into()),
    };
    let c = Change::Add {
        at: Item::Project(2),
        item: Box::new(NewItem::Project(fields, Vec::new(), Vec::new())),
    };
    let want = changed(&[(
        r#"Project(name: "安置房", lead: "区城管局", milestones: [Milestone(name: "封顶", due: "2018-09-30")]), // 一行"#,
        r#"Project(name: "安置房", lead: "区城管局", milestones: [Milestone(name: "封顶", due: "2018-09-30")]), // 一行
        Project(
            name: "人才公寓",
            category: "社会民生项目",
            lead: "区攻坚办",
            support: ["区农工委"],
            leader: "李四",
            investment: (total: 2, plan: 1),
            scale: "1500套",
        ),"#,
    )]);
    let (new, inverse) = edit(&old, &c, &want, "project added");
    let p = &ledger_of(&new).projects[2];
    assert_eq!((p.lead, p.support.as_slice()), (0, &[1][..]));
    undo_restores(&new, &inverse, &old, "project added then removed");
}

#[test]
fn a_unit_added_and_removed_again() {
    let old = base();
    let c = Change::Add {
        at: Item::Unit(4),
        item: Box::new(NewItem::Unit(
            UnitFields {
                name: "区教育局".into(),
                pinyin: Some("qu jiao yu ju".into()),
                leader: Some("钱七".into()),
                title: None,
            },
            Vec::new(),
        )),
    };
    let want = changed(&[(
        r#"Unit(name: "区统计局", leader: "赵六"),"#,
        r#"Unit(name: "区统计局", leader: "赵六"),
        Unit(name: "区教育局", pinyin: "qu jiao yu ju", leader: "钱七"),"#,
    )]);
    let (new, inverse) = edit(&old, &c, &want, "unit added");
    undo_restores(&new, &inverse, &old, "unit added then removed");
}

fn new_pledge() -> Pledge {
    Pledge {
        text: "新建游园6个".into(),
        due: Some(day("2018-12-31")),
        target: Some(6.0),
        measure: Some("个".into()),
        progress: None,
        done: None,
        by: None,
    }
}

#[test]
fn a_pledge_added_to_a_list_and_to_a_unit_without_one_and_removed_again() {
    let old = base();
    let c = Change::Add {
        at: Item::Pledge { unit: 0, pledge: 2 },
        item: Box::new(NewItem::Pledge(new_pledge())),
    };
    let want = changed(&[(
        r#"/* 已完成 */ Pledge(text: "梳理项目", due: "2018-02-28", done: "2018-02-24", by: "wang"),"#,
        r#"/* 已完成 */ Pledge(text: "梳理项目", due: "2018-02-28", done: "2018-02-24", by: "wang"),
                Pledge(text: "新建游园6个", due: "2018-12-31", target: 6, measure: "个"),"#,
    )]);
    let (new, inverse) = edit(&old, &c, &want, "pledge added");
    undo_restores(&new, &inverse, &old, "pledge added then removed");

    let c = Change::Add {
        at: Item::Pledge { unit: 2, pledge: 0 },
        item: Box::new(NewItem::Pledge(new_pledge())),
    };
    let want = changed(&[(
        r#"Unit(name: "区城管局"), // 城管"#,
        r#"Unit(name: "区城管局", pledges: [Pledge(text: "新建游园6个", due: "2018-12-31", target: 6, measure: "个")]), // 城管"#,
    )]);
    let (new, inverse) = edit(&old, &c, &want, "first pledge added");
    // The list it made goes with it.
    undo_restores(&new, &inverse, &old, "first pledge added then removed");
}

#[test]
fn a_unit_renamed_renames_every_lead_support_and_milestone_unit_naming_it() {
    let old = base();
    let l = ledger_of(&old);
    let c = renamed(&l, Item::Unit(2), "区城市管理局");
    let want = changed(&[
        (
            r#"Unit(name: "区城管局"), // 城管"#,
            r#"Unit(name: "区城市管理局"), // 城管"#,
        ),
        (
            r#"support: ["区城管局", /* 配合 */ "区攻坚办"],"#,
            r#"support: ["区城市管理局", /* 配合 */ "区攻坚办"],"#,
        ),
        (
            r#"Milestone(name: "建成", due: "2018-06-30", unit: "区城管局"),"#,
            r#"Milestone(name: "建成", due: "2018-06-30", unit: "区城市管理局"),"#,
        ),
        (
            r#"Project(name: "安置房", lead: "区城管局", milestones: [Milestone(name: "封顶", due: "2018-09-30")]), // 一行"#,
            r#"Project(name: "安置房", lead: "区城市管理局", milestones: [Milestone(name: "封顶", due: "2018-09-30")]), // 一行"#,
        ),
    ]);
    let (new, inverse) = edit(&old, &c, &want, "unit renamed");
    assert!(
        !new.contains("区城管局\""),
        "no reference to the old name is left"
    );
    let after = ledger_of(&new);
    assert_eq!(after.units[2].name, "区城市管理局");
    assert_eq!(after.projects[0].support, vec![2, 0]);
    assert_eq!(after.projects[0].milestones[1].unit, Some(2));
    assert_eq!(after.projects[1].lead, 2);
    // Renamed back: every reference back as it was.
    undo_restores(&new, &inverse, &old, "unit renamed back");
}

#[test]
fn a_project_a_milestone_and_a_pledge_renamed_in_place() {
    let old = base();
    let l = ledger_of(&old);
    for (item, name, want) in [
        (
            Item::Project(0),
            "生态文化公园",
            changed(&[(r#"name: "生态公园","#, r#"name: "生态文化公园","#)]),
        ),
        (
            Item::Milestone {
                project: 0,
                milestone: 1,
            },
            "建成开放",
            changed(&[(
                r#"Milestone(name: "建成", due: "2018-06-30", unit: "区城管局"),"#,
                r#"Milestone(name: "建成开放", due: "2018-06-30", unit: "区城管局"),"#,
            )]),
        ),
        (
            Item::Pledge { unit: 1, pledge: 0 },
            "完成贾鲁河等4个续建生态项目",
            changed(&[(
                r#"text: "续建生态项目","#,
                r#"text: "完成贾鲁河等4个续建生态项目","#,
            )]),
        ),
    ] {
        let c = renamed(&l, item, name);
        let (new, inverse) = edit(&old, &c, &want, name);
        undo_restores(&new, &inverse, &old, name);
    }
}

#[test]
fn items_removed_with_their_lists_when_emptied() {
    let old = base();
    for (at, want) in [
        (
            Item::Milestone {
                project: 0,
                milestone: 1,
            },
            changed(&[(
                r#"
                Milestone(name: "建成", due: "2018-06-30", unit: "区城管局"),"#,
                "",
            )]),
        ),
        (
            Item::Milestone {
                project: 1,
                milestone: 0,
            },
            changed(&[(
                r#"Project(name: "安置房", lead: "区城管局", milestones: [Milestone(name: "封顶", due: "2018-09-30")]), // 一行"#,
                r#"Project(name: "安置房", lead: "区城管局"), // 一行"#,
            )]),
        ),
        (
            Item::Pledge { unit: 0, pledge: 0 },
            changed(&[(
                r#"
                Pledge(text: "新建公厕24座", due: "2018-12-31", target: 24, measure: "座", progress: 9), // 公厕"#,
                "",
            )]),
        ),
        (
            Item::Pledge { unit: 1, pledge: 0 },
            changed(&[(
                r#"
            pledges: [
                Pledge(
                    text: "续建生态项目",
                    // 四个
                    due: "2018-12-31", target: 4, measure: "个",
                ),
            ],"#,
                "",
            )]),
        ),
        (
            Item::Project(0),
            changed(&[(
                r#"
        Project(
            name: "生态公园",
            category: "生态建设项目",
            lead: "区农工委", // 牵头
            support: ["区城管局", /* 配合 */ "区攻坚办"],
            investment: (total: 12.5, plan: 3.0, done: 1.2),
            monthly: [
                Month(month: "2018-04", done: 0.7), // 四月
            ],
            milestones: [
                Milestone(name: "开工", due: "2018-03-31", done: "2018-03-29", by: "wang"),
                // 下一个
                Milestone(name: "建成", due: "2018-06-30", unit: "区城管局"),
            ],
            updates: [
                Update(date: "2018-03-05", text: "主园路完成80%"),
            ],
        ),"#,
                "",
            )]),
        ),
        (
            Item::Project(1),
            changed(&[(
                r#"
        Project(name: "安置房", lead: "区城管局", milestones: [Milestone(name: "封顶", due: "2018-09-30")]), // 一行"#,
                "",
            )]),
        ),
        (
            Item::Unit(3),
            changed(&[(
                r#"
        Unit(name: "区统计局", leader: "赵六"),"#,
                "",
            )]),
        ),
    ] {
        let what = format!("remove {at:?}");
        let c = Change::Remove { at };
        let (new, inverse) = edit(&old, &c, &want, &what);
        // Put back: the same ledger (in the editor's layout, so not promised byte for byte),
        // and byte for byte with the exact undo the save keeps.
        let back = edit_bytes(new.as_bytes(), &inverse).expect("put back");
        assert_eq!(
            ledger_of(std::str::from_utf8(&back).expect("utf-8")),
            ledger_of(&old)
        );
        let splice = edit_file(old.as_bytes(), &c).expect("splice");
        let exactly = Change::Exactly {
            change: Box::new(inverse),
            on: fingerprint(new.as_bytes()),
            splice: splice.inverse(&old),
        };
        assert!(
            edit_bytes(new.as_bytes(), &exactly).expect("exact undo") == old.as_bytes(),
            "{what}: the exact undo"
        );
    }
}

#[test]
fn an_exact_undo_on_another_version_makes_the_change_as_usual() {
    let old = base();
    let c = Change::Remove {
        at: Item::Project(0),
    };
    let splice = edit_file(old.as_bytes(), &c).expect("splice");
    let new = splice.apply(&old);
    let inverse = c.apply(&mut ledger_of(&old)).expect("applies");
    let exactly = Change::Exactly {
        change: Box::new(inverse.clone()),
        on: fingerprint(new.as_bytes()),
        splice: splice.inverse(&old),
    };
    // The file changed since (a comment added at the top): the project is put back as a
    // change, the comment stays.
    let other = new.replacen("// 小台账", "// 另一版本 小台账", 1);
    let got = edit_bytes(other.as_bytes(), &exactly).expect("undo");
    let want = edit_bytes(other.as_bytes(), &inverse).expect("put back");
    assert_eq!(got, want);
    let got = String::from_utf8(got).expect("utf-8");
    assert!(got.contains("// 另一版本 小台账"));
    assert_eq!(ledger_of(&got), ledger_of(&old));
}

#[test]
fn a_unit_still_named_is_refused_naming_the_projects() {
    let old = base();
    let mut l = ledger_of(&old);
    let was = l.clone();
    let err = Change::Remove { at: Item::Unit(2) }
        .apply(&mut l)
        .expect_err("refused");
    match err {
        ChangeError::Rejected(Refusal::UnitInUse(u, projects)) => {
            assert_eq!(u, "区城管局");
            assert_eq!(projects, vec!["生态公园", "安置房"]);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(l, was, "nothing changed");
}

#[test]
fn a_pledge_closed_and_reopened_gives_the_bytes_back() {
    let old = base();
    let l = ledger_of(&old);
    let close = record_pledge(
        &l,
        0,
        0,
        PledgeEntry::Done(day("2018-06-15"), "tester".into()),
    )
    .expect("change");
    let want = changed(&[(
        r#"Pledge(text: "新建公厕24座", due: "2018-12-31", target: 24, measure: "座", progress: 9), // 公厕"#,
        r#"Pledge(text: "新建公厕24座", due: "2018-12-31", target: 24, measure: "座", progress: 9, done: "2018-06-15", by: "tester"), // 公厕"#,
    )]);
    let (closed, undo) = edit(&old, &close, &want, "pledge closed");
    let lc = ledger_of(&closed);
    assert_eq!(lc.units[0].pledges[0].done, Some(day("2018-06-15")));
    assert_eq!(lc.units[0].pledges[0].by.as_deref(), Some("tester"));
    undo_restores(&closed, &undo, &old, "close undone");
    let reopen = record_pledge(&lc, 0, 0, PledgeEntry::Reopen).expect("change");
    let base_text = base();
    let (reopened, _) = edit(&closed, &reopen, &base_text, "reopened");
    assert_eq!(reopened, old);
}

#[test]
fn a_pledge_closed_in_the_file_reopened_and_progress_set() {
    let old = base();
    let l = ledger_of(&old);
    let c = record_pledge(&l, 0, 1, PledgeEntry::Reopen).expect("change");
    let want = changed(&[(
        r#"/* 已完成 */ Pledge(text: "梳理项目", due: "2018-02-28", done: "2018-02-24", by: "wang"),"#,
        r#"/* 已完成 */ Pledge(text: "梳理项目", due: "2018-02-28"),"#,
    )]);
    let (new, undo) = edit(&old, &c, &want, "pledge reopened");
    assert_eq!(ledger_of(&new).units[0].pledges[1].done, None);
    undo_restores(&new, &undo, &old, "reopen undone");
    let c = record_pledge(&l, 0, 0, PledgeEntry::Progress(10.5)).expect("change");
    let want = changed(&[(
        r#"Pledge(text: "新建公厕24座", due: "2018-12-31", target: 24, measure: "座", progress: 9), // 公厕"#,
        r#"Pledge(text: "新建公厕24座", due: "2018-12-31", target: 24, measure: "座", progress: 10.5), // 公厕"#,
    )]);
    let (new, undo) = edit(&old, &c, &want, "progress set");
    undo_restores(&new, &undo, &old, "progress undone");
}
