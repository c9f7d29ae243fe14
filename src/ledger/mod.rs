//! The ledger (台账): its model, loading and checking, and safe in-place saving.
//! Nothing here knows about the terminal.

pub(crate) mod cache;
pub mod change;
pub(crate) mod edit;
mod explain;
pub mod facts;
mod finding;
mod load;
pub(crate) mod lock;
pub mod merge;
mod model;
pub mod names;
pub mod number;
pub mod pinyin;
mod problem;
pub mod raw;
pub(crate) mod rebase;
pub(crate) mod ron;
pub mod sanitize;
pub mod save;
pub mod slips;
mod stream;
mod validate;
pub mod when;

pub use cache::{
    CACHE_DIR_ENV, CacheWrite, PendingCache, load_path_cached, load_path_cached_in,
    load_path_cached_later, load_path_cached_with,
};
pub use change::{
    Change, ChangeError, apply_to_file, change_file, change_file_noting, default_user, edit_bytes,
    edit_file,
};
pub use load::{
    LedgerFile, LoadError, Loaded, MAX_INVESTMENT, MAX_QUANTITY, decode, load_bytes, load_path,
    load_str, month_text, parse_date, parse_raw, parse_raw_project, parse_raw_warning,
};
pub use model::{
    Investment, Ledger, Milestone, MonthDone, Pledge, Project, Thresholds, Unit, UnitId, Update,
    updates_added,
};
pub use problem::{Figure, Finding, Problem, Severity};
pub use when::{WhenError, parse_campaign_day, parse_when};
