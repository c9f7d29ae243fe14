//! Serde mirror of the ledger file, exactly as written: dates stay strings so that
//! every bad date can be reported with its position instead of stopping at the first.

use serde::Deserialize;

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename = "Ledger", deny_unknown_fields)]
pub struct RawLedger {
    pub title: String,
    pub year: i64,
    #[serde(default)]
    pub office: Option<String>,
    #[serde(default)]
    pub categories: Vec<String>,
    #[serde(default)]
    pub warning: Option<RawWarning>,
    #[serde(default)]
    pub units: Vec<RawUnit>,
    #[serde(default)]
    pub projects: Vec<RawProject>,
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
    pub name: String,
    #[serde(default)]
    pub leader: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub pledges: Vec<RawPledge>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename = "Pledge", deny_unknown_fields)]
pub struct RawPledge {
    pub text: String,
    #[serde(default)]
    pub due: Option<String>,
    #[serde(default)]
    pub target: Option<f64>,
    #[serde(default)]
    pub measure: Option<String>,
    #[serde(default)]
    pub progress: Option<f64>,
    #[serde(default)]
    pub done: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename = "Project", deny_unknown_fields)]
pub struct RawProject {
    pub name: String,
    #[serde(default)]
    pub category: Option<String>,
    pub lead: String,
    #[serde(default)]
    pub support: Vec<String>,
    #[serde(default)]
    pub leader: Option<String>,
    #[serde(default)]
    pub investment: Option<RawInvestment>,
    #[serde(default)]
    pub scale: Option<String>,
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
#[serde(rename = "Milestone", deny_unknown_fields)]
pub struct RawMilestone {
    pub name: String,
    pub due: String,
    #[serde(default)]
    pub done: Option<String>,
    #[serde(default)]
    pub by: Option<String>,
    #[serde(default)]
    pub unit: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename = "Update", deny_unknown_fields)]
pub struct RawUpdate {
    pub date: String,
    pub text: String,
    #[serde(default)]
    pub by: Option<String>,
}
