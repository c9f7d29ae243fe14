//! Where a field an edit adds is written.

/// The fields of every kind of item in the order docs/format.md gives them: a field an edit
/// adds goes where a reader expects it (`baseline` after `due`, `monthly` after
/// `investment`), not after a long list of milestones. One list serves all four kinds, as
/// the names they share come in the same order.
pub(super) const FIELD_ORDER: &[&str] = &[
    "name",
    "pinyin",
    "text",
    "category",
    "lead",
    "support",
    "leader",
    "title",
    "investment",
    "monthly",
    "scale",
    "due",
    "baseline",
    "target",
    "measure",
    "progress",
    "done",
    "by",
    "unit",
    "pledges",
    "milestones",
    "updates",
];
