//! The arguments of the monthly-work commands, as clap reads them.

use std::path::PathBuf;

use clap::{Args, Subcommand};

#[derive(Debug, Subcommand)]
pub enum AddCommand {
    /// A milestone (节点) at the end of a project's list.
    Milestone {
        file: PathBuf,
        project: String,
        name: String,
        /// When it is due: 2018-06-30, 2018/6/30, 6-30, 6月30日, 6月底, 年底前 …
        #[arg(long)]
        due: String,
        /// The unit answering for it, when not the project's lead.
        #[arg(long)]
        unit: Option<String>,
    },
    /// A project at the end of the ledger.
    Project {
        file: PathBuf,
        name: String,
        /// The responsible unit (责任单位).
        #[arg(long)]
        lead: String,
        #[arg(long)]
        category: Option<String>,
        /// A cooperating unit (配合单位); repeat for several.
        #[arg(long)]
        support: Vec<String>,
        /// The official in charge (分包领导).
        #[arg(long)]
        leader: Option<String>,
        /// This year's planned investment, 亿元.
        #[arg(long, allow_negative_numbers = true)]
        plan: Option<f64>,
        /// The whole project's investment, 亿元.
        #[arg(long, allow_negative_numbers = true)]
        total: Option<f64>,
        /// Its scale, as free text.
        #[arg(long)]
        scale: Option<String>,
    },
    /// A responsible unit (责任单位).
    Unit {
        file: PathBuf,
        name: String,
        /// Who signed its pledge letter.
        #[arg(long)]
        leader: Option<String>,
        /// Their post.
        #[arg(long)]
        title: Option<String>,
    },
    /// A pledge (目标承诺书) of a unit.
    Pledge {
        file: PathBuf,
        unit: String,
        text: String,
        #[arg(long)]
        due: Option<String>,
        /// The number pledged (with --measure).
        #[arg(long, requires = "measure", allow_negative_numbers = true)]
        target: Option<f64>,
        /// The measure word of the target, e.g. 座, 个, 公里.
        #[arg(long, requires = "target")]
        measure: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum RenameCommand {
    /// A unit, and every project's reference to it.
    Unit {
        file: PathBuf,
        unit: String,
        new: String,
    },
    Project {
        file: PathBuf,
        project: String,
        new: String,
    },
    Milestone {
        file: PathBuf,
        project: String,
        milestone: String,
        new: String,
    },
    Pledge {
        file: PathBuf,
        unit: String,
        pledge: String,
        new: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum RemoveCommand {
    /// A unit no project names.
    Unit {
        file: PathBuf,
        unit: String,
        #[command(flatten)]
        yes: Yes,
    },
    /// A project with its milestones and progress log.
    Project {
        file: PathBuf,
        project: String,
        #[command(flatten)]
        yes: Yes,
    },
    Milestone {
        file: PathBuf,
        project: String,
        milestone: String,
        #[command(flatten)]
        yes: Yes,
    },
    Pledge {
        file: PathBuf,
        unit: String,
        pledge: String,
        #[command(flatten)]
        yes: Yes,
    },
}

#[derive(Debug, Args)]
pub struct Yes {
    /// Remove it. Without this, only say what would go.
    #[arg(long)]
    pub(in crate::cli) yes: bool,
}

#[derive(Debug, Args)]
pub struct InvestArgs {
    pub(in crate::cli) file: PathBuf,
    pub(in crate::cli) project: String,
    /// The month of the figure: 2018-05, or 5 or 5月 in the ledger's year.
    #[arg(long, requires = "done")]
    pub(in crate::cli) month: Option<String>,
    /// The investment completed in that month, 亿元 (the year's total follows).
    #[arg(long, requires = "month", allow_negative_numbers = true)]
    pub(in crate::cli) done: Option<f64>,
    /// This year's planned investment, 亿元.
    #[arg(long, allow_negative_numbers = true)]
    pub(in crate::cli) plan: Option<f64>,
    /// The whole project's investment, 亿元.
    #[arg(long, allow_negative_numbers = true)]
    pub(in crate::cli) total: Option<f64>,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("record").required(true).args(["done", "reopen", "progress"])))]
pub struct PledgeArgs {
    pub(in crate::cli) file: PathBuf,
    pub(in crate::cli) unit: String,
    pub(in crate::cli) pledge: String,
    /// Fulfilled on this day (closes the pledge).
    #[arg(long, conflicts_with_all = ["reopen", "progress"])]
    pub(in crate::cli) done: Option<String>,
    /// Who recorded it (default: $TRACKER_USER, else the login name).
    #[arg(long)]
    pub(in crate::cli) by: Option<String>,
    /// Open a closed pledge again.
    #[arg(long, conflicts_with = "progress")]
    pub(in crate::cli) reopen: bool,
    /// How much of the target is achieved.
    #[arg(long, allow_negative_numbers = true)]
    pub(in crate::cli) progress: Option<f64>,
}
