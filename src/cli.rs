//! The command line: argument parsing and the one-shot commands. The UI is started from here.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Parser, Subcommand};

use crate::ledger::sanitize::{self, path as shown};
use crate::ledger::{self, Change, ChangeError, Ledger, Severity, load_path, parse_date};
use crate::rules::{self, Colour};

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
    #[arg(long, value_enum)]
    pub brief_format: Option<crate::report::Format>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check a ledger: print every problem with its line and column; exit 1 if any.
    Check { file: Option<PathBuf> },
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
    /// Reports: the weekly brief, the warning notice, the unit scorecard.
    #[command(subcommand)]
    Report(crate::report::ReportCommand),
}

fn parse_day(s: &str) -> Result<NaiveDate, String> {
    parse_date(s)
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::parse(s).ok_or_else(|| format!("\"{s}\" is not a language here; expected zh or en"))
}

/// Entry point of the binary.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    // Checked here, not by clap: clap's `args_conflicts_with_subcommands` also refuses the
    // global `--today` and `--lang` before a subcommand.
    if cli.command.is_some() {
        let ui_only = [
            cli.file.as_ref().map(
                |_| "a FILE before the command opens the interface; give it after the command",
            ),
            cli.unit.as_ref().map(|_| {
                "--unit before the command is the interface's filter; a report takes \
                 --unit after `report brief|notice|scorecard`"
            }),
            cli.brief_format
                .as_ref()
                .map(|_| "--brief-format is for the interface's `b`; a report takes --format"),
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
    let result = match &cli.command {
        Some(Command::Check { file }) => check(file.as_deref(), today),
        Some(Command::Done {
            file,
            project,
            milestone,
            date,
            by,
            force,
        }) => done(
            file,
            project,
            milestone,
            (date.unwrap_or(today), today),
            typed(by.clone().unwrap_or_else(ledger::default_user)),
            *force,
        ),
        Some(Command::Undone {
            file,
            project,
            milestone,
        }) => cross_off(file, project, milestone, None, None, true),
        Some(Command::Log {
            file,
            project,
            text,
            date,
            by,
        }) => log(
            file,
            project,
            &typed(text.clone()),
            date.unwrap_or(today),
            typed(by.clone().unwrap_or_else(ledger::default_user)),
        ),
        Some(Command::Report(cmd)) => crate::report::run(cmd, today),
        None => resolve_ledger(cli.file.as_deref())
            .map_err(|e| e.to_string())
            .and_then(|file| {
                crate::ui::run(crate::ui::Options {
                    file: Some(file),
                    today: cli.today,
                    lang: cli.lang,
                    unit: cli.unit.clone(),
                    brief_format: cli.brief_format,
                })
            }),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            // Errors quote paths and names from many places: clean them all here too.
            let _ = writeln!(io::stderr(), "tracker: {}", sanitize::message(&message));
            ExitCode::FAILURE
        }
    }
}

/// Text typed on the command line, cleaned before it is written into the ledger (U+2028
/// would break the file's lines, ESC would reach every later reader's terminal).
fn typed(text: String) -> String {
    sanitize::clean(text).0
}

/// The ledger to use: the given file, or the default one, created from the sample on first
/// use (and said so).
pub fn resolve_ledger(file: Option<&Path>) -> Result<PathBuf, crate::paths::PathError> {
    let (path, created) = crate::paths::resolve_ledger(file)?;
    if created {
        let _ = writeln!(
            io::stderr(),
            "tracker: created the default ledger {} from the bundled sample",
            shown(&path)
        );
    }
    Ok(path)
}

fn check(file: Option<&Path>, today: NaiveDate) -> Result<ExitCode, String> {
    let path = resolve_ledger(file).map_err(|e| e.to_string())?;
    let name = shown(&path);
    let mut err = io::stderr().lock();
    match load_path(&path) {
        Ok(loaded) => {
            for w in &loaded.warnings {
                let _ = writeln!(err, "{}", w.display_in(&name));
            }
            let summary = summary_line(&loaded.ledger, today);
            let _ = writeln!(io::stdout(), "{name}: ok: {summary}");
            Ok(ExitCode::SUCCESS)
        }
        Err(ledger::LoadError::Invalid { problems, .. }) => {
            for p in &problems {
                let _ = writeln!(err, "{}", p.display_in(&name));
            }
            let errors = problems
                .iter()
                .filter(|p| p.severity == Severity::Error)
                .count();
            let _ = writeln!(
                err,
                "{name}: {errors} problem{} found; nothing was changed",
                if errors == 1 { "" } else { "s" }
            );
            Ok(ExitCode::FAILURE)
        }
        Err(e) => Err(e.to_string()),
    }
}

/// "165 projects, 420 milestones: 3 red, 5 yellow, 2 blue, 410 green (as of 2018-06-15)".
pub fn summary_line(ledger: &Ledger, today: NaiveDate) -> String {
    let t = rules::totals(ledger, &ledger.projects, today);
    format!(
        "{} units, {} projects, {} milestones: {} red, {} yellow, {} blue, {} green (as of {today})",
        ledger.units.len(),
        t.projects,
        t.milestones,
        t.counts.get(Colour::Red),
        t.counts.get(Colour::Yellow),
        t.counts.get(Colour::Blue),
        t.counts.get(Colour::Green),
    )
}

fn find_milestone(
    ledger: &Ledger,
    project: &str,
    milestone: &str,
) -> Result<(usize, usize), ChangeError> {
    let p = ledger
        .project_by_name(project)
        .ok_or_else(|| ChangeError::Missing(format!("no project named \"{project}\"")))?;
    let m = ledger.projects[p]
        .milestone_by_name(milestone)
        .ok_or_else(|| {
            let names: Vec<&str> = ledger.projects[p]
                .milestones
                .iter()
                .map(|m| m.name.as_str())
                .collect();
            ChangeError::Missing(format!(
                "project \"{project}\" has no milestone \"{milestone}\"; it has: {}",
                names.join(", ")
            ))
        })?;
    Ok((p, m))
}

/// `tracker done`: not dated after today (the rule the UI's dialog uses too).
fn done(
    file: &Path,
    project: &str,
    milestone: &str,
    (date, today): (NaiveDate, NaiveDate),
    by: String,
    force: bool,
) -> Result<ExitCode, String> {
    rules::check_done_date(date, today).map_err(|e| e.to_string())?;
    cross_off(file, project, milestone, Some(date), Some(by), force)
}

/// Sets or clears a milestone's `done`/`by`. Without `replace`, a milestone already crossed
/// off is left as recorded: silently replacing who and when would lose the record.
fn cross_off(
    file: &Path,
    project: &str,
    milestone: &str,
    done: Option<NaiveDate>,
    by: Option<String>,
    replace: bool,
) -> Result<ExitCode, String> {
    let mut refused = None;
    let change = ledger::change_file(file, |l| {
        let (p, m) = find_milestone(l, project, milestone)?;
        let recorded = &l.projects[p].milestones[m];
        if let (Some(on), Some(_), false) = (recorded.done, done, replace) {
            let who = recorded
                .by
                .as_deref()
                .map_or_else(String::new, |w| format!(" by {w}"));
            let why = format!(
                "{project} / {milestone} was already crossed off on {on}{who}; \
                 nothing was changed (--force replaces the date and who)"
            );
            refused = Some(why.clone());
            return Err(ChangeError::Missing(why));
        }
        Ok(Change::MilestoneDone {
            project: p,
            milestone: m,
            done,
            by: by.clone(),
        })
    })
    .map_err(|e| refused.take().unwrap_or_else(|| e.to_string()))?;
    let (project, milestone) = (sanitize::message(project), sanitize::message(milestone));
    let what = match (&change, done) {
        (_, Some(d)) => format!("crossed off {project} / {milestone} on {d}"),
        _ => format!("un-marked {project} / {milestone}"),
    };
    let _ = writeln!(io::stdout(), "{}: {what}", shown(file));
    Ok(ExitCode::SUCCESS)
}

fn log(
    file: &Path,
    project: &str,
    text: &str,
    date: NaiveDate,
    by: String,
) -> Result<ExitCode, String> {
    if text.trim().is_empty() {
        return Err("the progress line is empty; give the text to record".into());
    }
    ledger::change_file(file, |l| {
        let p = l
            .project_by_name(project)
            .ok_or_else(|| ChangeError::Missing(format!("no project named \"{project}\"")))?;
        Ok(Change::AddUpdate {
            project: p,
            update: ledger::Update {
                date,
                text: text.to_string(),
                by: Some(by.clone()),
            },
        })
    })
    .map_err(|e| e.to_string())?;
    let _ = writeln!(
        io::stdout(),
        "{}: logged for {} on {date}",
        shown(file),
        sanitize::message(project)
    );
    Ok(ExitCode::SUCCESS)
}
