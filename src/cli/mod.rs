//! The command line: argument parsing and the one-shot commands. The UI is started from here.
//! Errors stay typed until `main`, where they become words.

mod check;
mod edit;
mod excel;
mod forms;
mod help;
mod history;
mod import;
mod report;
mod setup;
mod share;
mod words;

pub use check::summary_line;
pub use report::{ReportArgs, ReportCommand};

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Parser, Subcommand};

use crate::ledger::sanitize::{self, path as shown};
use crate::ledger::{self, ChangeError, parse_date};
use crate::rules;

pub use crate::lang::Lang;
pub use crate::paths::SAMPLE_LEDGER;

#[derive(Debug, Parser)]
#[command(
    name = "tracker",
    version,
    about = "Keyboard-driven tracker for a district's major-project campaign ledger (重大项目建设攻坚台账)"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// The ledger to open (default: ledger.ron in the platform data directory).
    pub file: Option<PathBuf>,
    /// Take this date as today for every rule (YYYY-MM-DD).
    #[arg(long, global = true, value_parser = parse_day)]
    pub today: Option<NaiveDate>,
    /// Interface language: zh or en (default: from LANG).
    #[arg(long, global = true, value_parser = parse_lang)]
    pub lang: Option<Lang>,
    /// Start with the projects of this unit only.
    #[arg(long)]
    pub unit: Option<String>,
    /// The format of the weekly brief that `b` writes: txt (default), md or csv.
    #[arg(long, value_parser = report::parse_format)]
    pub brief_format: Option<crate::report::Format>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check a ledger: print every problem with its line and column; exit 1 if any.
    Check {
        file: Option<PathBuf>,
        /// Replace the full-width punctuation a Chinese input method typed outside strings
        /// (，：（）“”‘’；【】 and the ideographic space) by its ASCII twin, when the result
        /// loads; show each line changed.
        #[arg(long)]
        fix_punctuation: bool,
    },
    /// Cross off (销号) a milestone.
    Done {
        file: PathBuf,
        project: String,
        milestone: String,
        /// The date it was done (default: today).
        #[arg(long, value_parser = parse_day)]
        date: Option<NaiveDate>,
        /// Who recorded it (default: $TRACKER_USER, else the login name).
        #[arg(long)]
        by: Option<String>,
        /// Replace the date and who of a milestone already crossed off.
        #[arg(long)]
        force: bool,
    },
    /// Un-mark a crossed-off milestone.
    Undone {
        file: PathBuf,
        project: String,
        milestone: String,
    },
    /// Add a line to a project's progress log (进度填报).
    Log {
        file: PathBuf,
        project: String,
        text: String,
        /// The date of the report (default: today).
        #[arg(long, value_parser = parse_day)]
        date: Option<NaiveDate>,
        #[arg(long)]
        by: Option<String>,
    },
    /// Record investment (月报): a month's completed figure (the year's total follows), the
    /// plan, the total.
    Invest(forms::InvestArgs),
    /// Move a milestone's due date (倒排工期); the first date is kept as its baseline.
    Move {
        file: PathBuf,
        project: String,
        milestone: String,
        /// The new due date: 2018-07-31, 7月底, 7-31 …
        #[arg(long)]
        due: String,
    },
    /// Record a pledge: fulfilled (--done), its progress, or open again.
    Pledge(forms::PledgeArgs),
    /// Add a unit, pledge, project or milestone.
    #[command(subcommand)]
    Add(forms::AddCommand),
    /// Rename a unit (with every reference to it), project, milestone or pledge.
    #[command(subcommand)]
    Rename(forms::RenameCommand),
    /// Remove a unit no project names, a project, a milestone or a pledge (with --yes).
    #[command(subcommand)]
    Remove(forms::RemoveCommand),
    /// Reports: the weekly brief, the warning notice, the unit scorecard.
    #[command(subcommand)]
    Report(report::ReportCommand),
    /// Build a ledger from an office's existing 台账 spreadsheet (.xlsx, .xls, .ods, .csv).
    Import(import::ImportArgs),
    /// Export the ledger (an Excel workbook for printing).
    #[command(subcommand)]
    Export(excel::ExportCommand),
    /// Every change with who, when and what: from git when the ledger is in a work tree,
    /// else from what the ledger records.
    History {
        file: PathBuf,
        project: Option<String>,
        milestone: Option<String>,
    },
    /// Mark this week's meeting (a git tag) so that `report changes` counts from it.
    Meeting { file: Option<PathBuf> },
    /// Share the ledger through git: fetch, merge by item and field, push.
    Sync {
        file: Option<PathBuf>,
        /// Where both sides changed the same field: keep your value.
        #[arg(long, conflicts_with = "take_theirs")]
        keep_mine: bool,
        /// Where both sides changed the same field: take the other side's value.
        #[arg(long)]
        take_theirs: bool,
    },
    /// What git calls to merge two versions of a ledger (see `tracker share-setup`).
    MergeDriver {
        base: PathBuf,
        ours: PathBuf,
        theirs: PathBuf,
        /// The ledger's path in the repository.
        name: Option<String>,
        /// Where both sides changed the same field: keep ours.
        #[arg(long, conflicts_with = "take_theirs")]
        keep_mine: bool,
        /// Where both sides changed the same field: take theirs.
        #[arg(long)]
        take_theirs: bool,
        /// A file of choices, one per conflict as listed before: `m` or `t`, a tab, the
        /// conflict's line (written by the interface's sync).
        #[arg(long, value_name = "FILE")]
        choices: Option<PathBuf>,
    },
    /// Make `git pull` merge ledgers by item and field too (.gitattributes and config).
    ShareSetup { file: Option<PathBuf> },
    /// Show the config file's place and the settings in force (with where each comes
    /// from); create a commented template if there is no file.
    Config,
    /// Create an empty ledger (refuses to replace a file).
    New(setup::NewArgs),
}

fn parse_day(s: &str) -> Result<NaiveDate, String> {
    // Parsed before `--lang` is known: the environment's language.
    parse_date(s).map_err(|f| f.words(early_lang()))
}

/// Why a command did not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Path(#[from] crate::paths::PathError),
    #[error(transparent)]
    Load(#[from] ledger::LoadError),
    #[error(transparent)]
    Save(#[from] ledger::save::SaveError<ChangeError>),
    #[error(transparent)]
    Report(#[from] crate::report::ReportError),
    #[error(transparent)]
    DoneDate(#[from] rules::DoneDateError),
    /// A milestone already crossed off, named with who and when.
    #[error("{project} / {milestone} was already crossed off on {on}")]
    AlreadyDone {
        project: String,
        milestone: String,
        on: NaiveDate,
        by: Option<String>,
    },
    /// A removal asked for without --yes: what would go, in words.
    #[error("would remove {0}")]
    NotConfirmed(String),
    #[error("the progress line is empty; give the text to record")]
    EmptyLine,
    #[error("cannot write the report: {0}")]
    Stdout(std::io::Error),
    #[error(transparent)]
    Ui(#[from] crate::ui::terminal::UiError),
    /// `tracker new`, the first run, `tracker config`: already in the interface language.
    #[error("{0}")]
    Setup(String),
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::parse(s).ok_or_else(|| words::say!(words::text(early_lang()).bad_lang, s))
}

/// Entry point of the binary.
pub fn main() -> ExitCode {
    // The help and clap's usage errors speak the language the command will: --lang as
    // typed, else the config's, else the environment's.
    let early = early_lang();
    let matches = match help::command(early).try_get_matches() {
        Ok(m) => m,
        Err(e) => match help::usage_error(&e, early) {
            Some(text) => {
                let _ = writeln!(io::stderr(), "{}", sanitize::message(&text));
                return ExitCode::from(2);
            }
            None => e.exit(),
        },
    };
    let cli =
        <Cli as clap::FromArgMatches>::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    // Checked here, not by clap: clap's `args_conflicts_with_subcommands` also refuses the
    // global `--today` and `--lang` before a subcommand.
    let lang = cli.lang.unwrap_or_else(Lang::from_env);
    let t = words::text(lang);
    if cli.command.is_some() {
        let ui_only = [
            cli.file.as_ref().map(|_| t.file_before_command),
            cli.unit.as_ref().map(|_| t.unit_before_command),
            cli.brief_format
                .as_ref()
                .map(|_| t.brief_format_before_command),
        ];
        if let Some(why) = ui_only.into_iter().flatten().next() {
            use clap::CommandFactory;
            Cli::command()
                .error(clap::error::ErrorKind::ArgumentConflict, why)
                .exit();
        }
    }
    let today = cli
        .today
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let loaded = config();
    let settings = crate::config::resolve(&loaded.config, &setup::flags(&cli));
    let lang = settings.lang.0;
    // A config that cannot be used never stops a command: one line says so.
    // (`tracker config` says it on stdout, the interface on its status line.)
    let quiet = matches!(cli.command, None | Some(Command::Config));
    if let (Some(p), Some(path), false) = (&loaded.problem, &loaded.path, quiet) {
        let words = crate::ui::i18n::config::texts(lang);
        let line = crate::ui::i18n::config::problem_line(lang, path, p);
        let _ = writeln!(
            io::stderr(),
            "{}{}",
            words::text(lang).error_prefix,
            sanitize::message(&crate::ui::i18n::fill(words.bad_config, line))
        );
    }
    let user = || typed(settings.user.0.clone());
    let result = match &cli.command {
        Some(Command::Check {
            file,
            fix_punctuation: false,
        }) => check::check(file.as_deref(), today, lang),
        Some(Command::Check {
            file,
            fix_punctuation: true,
        }) => check::fix_punctuation(file.as_deref(), today, lang),
        Some(Command::Done {
            file,
            project,
            milestone,
            date,
            by,
            force,
        }) => edit::done(
            file,
            project,
            milestone,
            (date.unwrap_or(today), today),
            by.clone().map_or_else(user, typed),
            *force,
            lang,
        ),
        Some(Command::Undone {
            file,
            project,
            milestone,
        }) => edit::cross_off(file, project, milestone, (None, None), true, lang),
        Some(Command::Log {
            file,
            project,
            text,
            date,
            by,
        }) => edit::log(
            file,
            project,
            &typed(text.clone()),
            date.unwrap_or(today),
            by.clone().map_or_else(user, typed),
            lang,
        ),
        Some(Command::Report(cmd)) => report::run(cmd, today, lang),
        Some(Command::Export(cmd)) => excel::export(cmd, today, lang),
        Some(Command::Import(a)) => import::run(a, lang),
        Some(Command::Invest(a)) => forms::invest(a, lang),
        Some(Command::Move {
            file,
            project,
            milestone,
            due,
        }) => forms::move_due(file, (project, milestone), due, lang),
        Some(Command::Pledge(a)) => forms::pledge(a, a.by.clone().map_or_else(user, typed), lang),
        Some(Command::Add(cmd)) => forms::add(cmd, lang),
        Some(Command::Rename(cmd)) => forms::rename(cmd, lang),
        Some(Command::Remove(cmd)) => forms::remove(cmd, lang),
        Some(Command::Config) => setup::show(loaded, &settings),
        Some(Command::History {
            file,
            project,
            milestone,
        }) => history::history(file, project.as_deref(), milestone.as_deref(), lang),
        Some(Command::Meeting { file }) => resolve_ledger(file.as_deref(), lang)
            .map_err(CliError::from)
            .and_then(|f| share::meeting(&f, today, lang)),
        Some(Command::Sync {
            file,
            keep_mine,
            take_theirs,
        }) => resolve_ledger(file.as_deref(), lang)
            .map_err(CliError::from)
            .and_then(|f| share::sync(&f, clash(*keep_mine, *take_theirs), lang)),
        Some(Command::ShareSetup { file }) => resolve_ledger(file.as_deref(), lang)
            .map_err(CliError::from)
            .and_then(|f| share::setup(&f, lang)),
        Some(Command::MergeDriver {
            base,
            ours,
            theirs,
            name,
            keep_mine,
            take_theirs,
            choices,
        }) => share::merge_driver(
            (base, ours, theirs),
            name.as_deref().unwrap_or(""),
            (
                clash(*keep_mine, *take_theirs),
                &choices
                    .as_deref()
                    .map(crate::git::read_choices)
                    .unwrap_or_default(),
            ),
            lang,
        ),
        Some(Command::New(a)) => setup::new(a, lang, today),
        None => interface(&cli, loaded, &settings, today),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            // Here errors become words. They quote paths and names from many places: clean
            // them all here too.
            let _ = writeln!(
                io::stderr(),
                "{}{}",
                t.error_prefix,
                sanitize::message(&words::error_words(&e, lang))
            );
            ExitCode::FAILURE
        }
    }
}

/// A save the commands made, recorded as a commit when the ledger is in a git work tree
/// (the message is what the command printed; `author` the person). A commit git refuses
/// is said, not fatal: the save is on disk.
fn commit(file: &Path, what: &str, author: &str, lang: Lang) {
    if let Some(Err(e)) = crate::git::record(file, what, author) {
        let t = words::text(lang);
        let _ = writeln!(
            io::stderr(),
            "{}{}",
            t.error_prefix,
            sanitize::message(&words::say!(crate::ui::i18n::text(lang).not_committed, e))
        );
    }
}

/// The interface, on the ledger given, the config's, the default one, or (none of them
/// existing) what the first run chooses.
fn interface(
    cli: &Cli,
    loaded: &crate::config::Loaded,
    settings: &crate::config::Settings,
    today: NaiveDate,
) -> Result<ExitCode, CliError> {
    use std::io::IsTerminal;
    let lang = settings.lang.0;
    let mut when = cli.today;
    let named = settings.ledger.0.clone();
    let first = named.is_none()
        && crate::paths::default_ledger().is_ok_and(|p| !p.exists())
        && io::stdin().is_terminal()
        && io::stdout().is_terminal();
    let file = if first {
        match setup::first_run(lang, today)? {
            Some(chosen) => {
                if chosen.sample {
                    // The sample as of its own date, not with every milestone years late.
                    when = when.or(NaiveDate::from_ymd_opt(2018, 6, 15));
                }
                chosen.path
            }
            None => return Ok(ExitCode::SUCCESS),
        }
    } else {
        resolve_ledger(named.as_deref(), lang)?
    };
    let from_config = crate::ui::startup::FromConfig {
        user: Some(settings.user.0.clone()),
        unit: if cli.unit.is_none() {
            loaded.config.unit.clone()
        } else {
            None
        },
        keys: loaded.keys.clone(),
        problem: loaded
            .problem
            .clone()
            .zip(loaded.path.clone())
            .map(|(p, f)| (f, p)),
    };
    crate::ui::run(crate::ui::Options {
        file: Some(file),
        today: when,
        lang: Some(lang),
        unit: cli.unit.clone(),
        brief_format: Some(settings.brief_format.0),
        config: from_config,
    })
    .map_err(CliError::Ui)
}

/// What a field both sides changed becomes, as the flags say.
fn clash(keep_mine: bool, take_theirs: bool) -> crate::ledger::merge::Clash {
    use crate::ledger::merge::Clash;
    match (keep_mine, take_theirs) {
        (true, _) => Clash::KeepOurs,
        (_, true) => Clash::TakeTheirs,
        _ => Clash::Report,
    }
}

/// The language before the arguments are parsed: `--lang` as typed, the config's, then the
/// environment's.
fn early_lang() -> Lang {
    static EARLY: std::sync::OnceLock<Lang> = std::sync::OnceLock::new();
    *EARLY.get_or_init(read_early_lang)
}

fn read_early_lang() -> Lang {
    let args: Vec<String> = std::env::args().collect();
    let typed = args
        .iter()
        .enumerate()
        .find_map(|(i, a)| match a.strip_prefix("--lang") {
            Some("") => args.get(i + 1).and_then(|v| Lang::parse(v)),
            Some(rest) => rest.strip_prefix('=').and_then(Lang::parse),
            None => None,
        });
    typed
        .or(config().config.lang)
        .unwrap_or_else(Lang::from_env)
}

/// The config file, read once (a bad one reads as the defaults, with its problem).
fn config() -> &'static crate::config::Loaded {
    static LOADED: std::sync::OnceLock<crate::config::Loaded> = std::sync::OnceLock::new();
    LOADED.get_or_init(crate::config::load)
}

/// Text typed on the command line, cleaned before it is written into the ledger (U+2028
/// would break the file's lines, ESC would reach every later reader's terminal).
fn typed(text: String) -> String {
    sanitize::clean(text).0
}

/// The ledger to use: the given file, or the default one, created from the sample on first
/// use (and said so).
pub fn resolve_ledger(file: Option<&Path>, lang: Lang) -> Result<PathBuf, crate::paths::PathError> {
    let remembered = config().config.ledger.as_deref();
    let (path, created) = crate::paths::resolve_ledger(file.or(remembered))?;
    if created {
        let t = words::text(lang);
        let _ = writeln!(
            io::stderr(),
            "{}{}",
            t.error_prefix,
            words::say!(t.created_default, shown(&path))
        );
    }
    Ok(path)
}
