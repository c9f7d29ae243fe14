//! `tracker config`, `tracker new` and the first run: the settings file and a first ledger.

use std::io::{self, BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::{Datelike, NaiveDate};

use super::CliError;
use crate::config::{self, Loaded, Settings, Source};
use crate::lang::Lang;
use crate::ledger::sanitize::{self, path as shown};
use crate::ui::i18n::config::{problem_line, source_text, texts};
use crate::ui::i18n::{fill, fill_all};
use crate::ui::keymap::Keymap;

/// `tracker config`: where the file is (creating the template if there is none) and each
/// setting in force with where it came from.
pub fn show(loaded: &Loaded, settings: &Settings) -> Result<ExitCode, CliError> {
    let lang = settings.lang.0;
    let t = texts(lang);
    let mut out = io::stdout().lock();
    let Some(path) = &loaded.path else {
        let _ = writeln!(out, "{}", t.no_place);
        return Ok(ExitCode::FAILURE);
    };
    let created = config::create_template(path, t.template)
        .map_err(|e| CliError::Setup(fill_all(t.cannot_write, &[&shown(path), &e.kind()])))?;
    let note = if created { t.created_template } else { "" };
    let line = format!("{} {note}", fill(t.file, shown(path)));
    let _ = writeln!(out, "{}", line.trim_end());
    if let Some(p) = &loaded.problem {
        let _ = writeln!(out, "{}", fill(t.bad_config, problem_line(lang, path, p)));
    }
    let (_, key_problems) = Keymap::with_overrides(&loaded.keys);
    for p in &key_problems {
        let _ = writeln!(out, "{}", fill(t.bad_keys, problem_line(lang, path, p)));
    }
    let _ = writeln!(out, "{}", t.in_force);
    let unset = || t.unset.to_string();
    // Only the overrides in force: a refused one is listed above with why, not here.
    let in_force: Vec<String> = loaded
        .keys
        .iter()
        .filter(|k| {
            !key_problems
                .iter()
                .any(|p| p.line == k.line && p.col == k.col)
        })
        .map(|k| format!("{} = {}", k.action, k.keys.join(", ")))
        .collect();
    let keys = if in_force.is_empty() {
        (unset(), Source::Default)
    } else {
        (in_force.join("; "), Source::Config)
    };
    let rows = [
        settings.user.clone(),
        (
            settings.unit.0.clone().unwrap_or_else(unset),
            settings.unit.1,
        ),
        (lang_code(lang).into(), settings.lang.1),
        (
            settings.ledger.0.as_deref().map_or_else(unset, shown),
            settings.ledger.1,
        ),
        (
            format!("{:?}", settings.brief_format.0).to_lowercase(),
            settings.brief_format.1,
        ),
        keys,
    ];
    let width = t
        .names
        .iter()
        .map(|n| crate::ui::width::width(n))
        .max()
        .unwrap_or(0);
    for (name, (value, source)) in t.names.iter().zip(rows) {
        let _ = writeln!(
            out,
            "  {}  {}  [{}]",
            crate::ui::width::pad(name, width),
            sanitize::message(&value),
            source_text(lang, source)
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn lang_code(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "zh",
        Lang::En => "en",
    }
}

/// What `tracker new` is given.
#[derive(Debug, Clone, clap::Args)]
pub struct NewArgs {
    /// The file to create (never replaced).
    pub file: PathBuf,
    /// The ledger's title (default: "<year>年重大项目建设台账").
    #[arg(long)]
    pub title: Option<String>,
    /// The office keeping the ledger (default: 区攻坚办).
    #[arg(long)]
    pub office: Option<String>,
    /// The campaign year (default: this year).
    #[arg(long)]
    pub year: Option<i32>,
}

/// `tracker new FILE`: an empty ledger that `tracker check` accepts.
pub fn new(a: &NewArgs, lang: Lang, today: NaiveDate) -> Result<ExitCode, CliError> {
    let t = texts(lang);
    let year = a.year.unwrap_or_else(|| today.year());
    let title = given(a.title.as_deref()).unwrap_or_else(|| fill(t.default_title, year));
    let office = given(a.office.as_deref()).unwrap_or_else(|| t.default_office.into());
    create(&a.file, &title, &office, year, lang)?;
    println!("{}", fill(t.created, shown(&a.file)));
    Ok(ExitCode::SUCCESS)
}

/// Text typed for the ledger, cleaned; nothing typed is no answer.
fn given(s: Option<&str>) -> Option<String> {
    s.map(|s| sanitize::clean(s.trim().to_string()).0)
        .filter(|s| !s.is_empty())
}

fn create(path: &Path, title: &str, office: &str, year: i32, lang: Lang) -> Result<(), CliError> {
    let t = texts(lang);
    crate::paths::write_new(path, &crate::paths::blank_ledger(title, office, year)).map_err(|e| {
        CliError::Setup(if e.kind() == io::ErrorKind::AlreadyExists {
            fill(t.exists, shown(path))
        } else {
            fill_all(t.cannot_write, &[&shown(path), &e.kind()])
        })
    })
}

/// The first run's answer: the ledger to open, and whether it is the sample (opened as of
/// its own date).
pub struct FirstRun {
    pub path: PathBuf,
    pub sample: bool,
}

/// No ledger given and none found: offers, on the terminal before the interface starts,
/// to create an empty ledger for this year (remembered in the config) or to open the
/// bundled sample. `None`: the user quit (or the input ended).
pub fn first_run(lang: Lang, today: NaiveDate) -> Result<Option<FirstRun>, CliError> {
    let t = texts(lang);
    let year = today.year();
    let mut input = io::stdin().lock();
    let mut ask = |prompt: &str| -> Option<String> {
        print!("{prompt}");
        let _ = io::stdout().flush();
        let mut line = String::new();
        match input.read_line(&mut line) {
            Ok(0) | Err(_) => None,
            Ok(_) => Some(line.trim().to_string()),
        }
    };
    println!("tracker: {}", t.first_none);
    println!("  1  {}", fill(t.first_create, year));
    println!("  2  {}", t.first_sample);
    println!("  q  {}", t.first_quit);
    loop {
        match ask(t.first_choose).as_deref() {
            None | Some("q" | "Q") => return Ok(None),
            Some("2") => {
                return Ok(Some(FirstRun {
                    path: crate::paths::sample_copy()?,
                    sample: true,
                }));
            }
            Some("1") => break,
            Some(_) => {}
        }
    }
    let default_title = fill(t.default_title, year);
    let Some(title) = ask(&fill(t.ask_title, &default_title)) else {
        return Ok(None);
    };
    let title = given(Some(&title)).unwrap_or(default_title);
    let Some(office) = ask(&fill(t.ask_office, t.default_office)) else {
        return Ok(None);
    };
    let office = given(Some(&office)).unwrap_or_else(|| t.default_office.into());
    let default_path = crate::paths::default_ledger()?;
    let path = loop {
        let Some(typed) = ask(&fill(t.ask_path, shown(&default_path))) else {
            return Ok(None);
        };
        let path = if typed.is_empty() {
            default_path.clone()
        } else {
            absolute(PathBuf::from(typed))
        };
        match create(&path, &title, &office, year, lang) {
            Ok(()) => break path,
            Err(e) => println!("{}", sanitize::message(&e.to_string())),
        }
    };
    println!("{}", fill(t.created, shown(&path)));
    if let Some(config) = config::path() {
        match config::remember_ledger(&config, t.template, &path) {
            Ok(()) => println!("{}", fill(t.remembered, shown(&config))),
            Err(e) => println!(
                "{}",
                fill_all(t.not_remembered, &[&shown(&config), &e.kind()])
            ),
        }
    }
    Ok(Some(FirstRun {
        path,
        sample: false,
    }))
}

fn absolute(p: PathBuf) -> PathBuf {
    if p.is_absolute() {
        return p;
    }
    std::env::current_dir().map_or(p.clone(), |d| d.join(p))
}

/// The command line's say in the settings.
pub fn flags(cli: &super::Cli) -> config::Flags {
    config::Flags {
        lang: cli.lang,
        unit: cli.unit.clone(),
        ledger: cli.file.clone(),
        brief_format: cli.brief_format,
    }
}
