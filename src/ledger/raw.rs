//! Serde mirror of the ledger file, exactly as written: dates stay strings so that
//! every bad date can be reported with its position instead of stopping at the first.

use compact_str::CompactString;
use serde::Deserialize;

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename = "Ledger", deny_unknown_fields)]
pub struct RawLedger {
    pub title: CompactString,
    pub year: i64,
    #[serde(default)]
    pub office: Option<CompactString>,
    #[serde(default)]
    pub categories: Vec<CompactString>,
    #[serde(default)]
    pub warning: Option<RawWarning>,
    #[serde(default)]
    pub units: Vec<RawUnit>,
    #[serde(default)]
    pub projects: Vec<RawProject>,
}

/// The ledger's fields other than those a project is checked against (year, units,
/// categories), as read.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RawHead {
    pub title: CompactString,
    pub office: Option<CompactString>,
    pub warning: Option<RawWarning>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename = "Warning", deny_unknown_fields)]
pub struct RawWarning {
    #[serde(default)]
    pub soon_days: Option<i64>,
    #[serde(default)]
    pub red_days: Option<i64>,
    #[serde(default)]
    pub lag_points: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename = "Unit", deny_unknown_fields)]
pub struct RawUnit {
    pub name: CompactString,
    #[serde(default)]
    pub pinyin: Option<CompactString>,
    #[serde(default)]
    pub leader: Option<CompactString>,
    #[serde(default)]
    pub title: Option<CompactString>,
    #[serde(default)]
    pub pledges: Vec<RawPledge>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename = "Pledge", deny_unknown_fields)]
pub struct RawPledge {
    pub text: CompactString,
    #[serde(default)]
    pub due: Option<CompactString>,
    #[serde(default)]
    pub target: Option<f64>,
    #[serde(default)]
    pub measure: Option<CompactString>,
    #[serde(default)]
    pub progress: Option<f64>,
    #[serde(default)]
    pub done: Option<CompactString>,
    #[serde(default)]
    pub by: Option<CompactString>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename = "Project", deny_unknown_fields)]
pub struct RawProject {
    pub name: CompactString,
    #[serde(default)]
    pub pinyin: Option<CompactString>,
    #[serde(default)]
    pub category: Option<CompactString>,
    pub lead: CompactString,
    #[serde(default)]
    pub support: Vec<CompactString>,
    #[serde(default)]
    pub leader: Option<CompactString>,
    #[serde(default)]
    pub investment: Option<RawInvestment>,
    #[serde(default)]
    pub monthly: Vec<RawMonth>,
    #[serde(default)]
    pub scale: Option<CompactString>,
    #[serde(default)]
    pub milestones: Vec<RawMilestone>,
    #[serde(default)]
    pub updates: Vec<RawUpdate>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename = "Investment", deny_unknown_fields)]
pub struct RawInvestment {
    #[serde(default)]
    pub total: Option<f64>,
    #[serde(default)]
    pub plan: Option<f64>,
    #[serde(default)]
    pub done: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename = "Month", deny_unknown_fields)]
pub struct RawMonth {
    pub month: CompactString,
    pub done: f64,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename = "Milestone", deny_unknown_fields)]
pub struct RawMilestone {
    pub name: CompactString,
    pub due: CompactString,
    #[serde(default)]
    pub baseline: Option<CompactString>,
    #[serde(default)]
    pub done: Option<CompactString>,
    #[serde(default)]
    pub by: Option<CompactString>,
    #[serde(default)]
    pub unit: Option<CompactString>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename = "Update", deny_unknown_fields)]
pub struct RawUpdate {
    pub date: CompactString,
    pub text: CompactString,
    #[serde(default)]
    pub by: Option<CompactString>,
}
