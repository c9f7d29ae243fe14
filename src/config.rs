//! The user's settings file: RON in the platform config directory (or `$TRACKER_CONFIG`).
//! Reading it never stops tracker: a bad file is reported with its line and column and the
//! defaults are used. Key names stay strings here; the keymap (in `ui`) parses them, so this
//! layer needs no terminal types.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Deserializer};

use crate::lang::Lang;
use crate::report::Format;

/// The settings as written in the file. Every field is optional.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Who is recorded in `by`.
    #[serde(default)]
    pub user: Option<String>,
    /// The user's unit: the interface starts filtered to it.
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default, deserialize_with = "lang")]
    pub lang: Option<Lang>,
    /// The ledger opened when none is given.
    #[serde(default)]
    pub ledger: Option<PathBuf>,
    #[serde(default, deserialize_with = "format")]
    pub brief_format: Option<Format>,
    /// Action name (`cross_off`, or `browse.up` for one context) to its keys (`ctrl-s`, `x`).
    #[serde(default)]
    pub keys: BTreeMap<String, Vec<String>>,
}

fn lang<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Lang>, D::Error> {
    let s = String::deserialize(d)?;
    Lang::parse(&s)
        .map(Some)
        .ok_or_else(|| serde::de::Error::invalid_value(serde::de::Unexpected::Str(&s), &"zh, en"))
}

fn format<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Format>, D::Error> {
    let s = String::deserialize(d)?;
    Format::parse(&s).map(Some).ok_or_else(|| {
        serde::de::Error::invalid_value(serde::de::Unexpected::Str(&s), &"txt, md, csv")
    })
}

/// A key override with where its action is named in the file (for positioned errors).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyOverride {
    pub action: String,
    pub keys: Vec<String>,
    pub line: usize,
    pub col: usize,
}

/// What is wrong, in words the interface tables turn into either language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProblemKind {
    /// The file exists but cannot be read.
    Unreadable(String),
    UnknownField {
        found: String,
        expected: Vec<&'static str>,
    },
    /// A value of the wrong type or outside its choices.
    WrongValue { expected: String, found: String },
    /// A number or a list where text in quotes belongs.
    ExpectedString,
    /// Any other RON mistake, in ron's own words.
    Syntax(String),
    /// No binding is named so (`keys`).
    UnknownAction(String),
    /// A key name that is not one (`keys`).
    BadKey { action: String, key: String },
    /// An action given no key at all.
    NoKeys(String),
    /// Two actions on one key where both listen: the override is not applied.
    Conflict {
        key: String,
        context: String,
        first: String,
        second: String,
    },
}

/// A problem in the config file, pinned to a line and column (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    pub col: usize,
    pub kind: ProblemKind,
}

/// Where a setting in force came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Flag,
    Env(&'static str),
    Config,
    /// git's own `user.name`.
    Git,
    Default,
}

/// The config as read: the file's path, its settings (the defaults if it is bad) and what
/// was wrong.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    pub path: Option<PathBuf>,
    pub exists: bool,
    pub config: Config,
    pub keys: Vec<KeyOverride>,
    /// Set when the file could not be used at all (the defaults are in force).
    pub problem: Option<Problem>,
}

/// The config file's path: `$TRACKER_CONFIG`, else `config.ron` in the platform config
/// directory (`~/.config/tracker` on Linux).
pub fn path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("TRACKER_CONFIG").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    directories::ProjectDirs::from("", "", "tracker").map(|d| d.config_dir().join("config.ron"))
}

/// Reads the config file, if there is one. Never fails: see `Loaded::problem`.
pub fn load() -> Loaded {
    let Some(path) = path() else {
        return Loaded::default();
    };
    load_from(&path)
}

pub fn load_from(path: &Path) -> Loaded {
    let mut loaded = Loaded {
        path: Some(path.to_path_buf()),
        ..Loaded::default()
    };
    match std::fs::read_to_string(path) {
        Ok(text) => {
            loaded.exists = true;
            match parse(&text) {
                Ok((config, keys)) => {
                    loaded.config = config;
                    loaded.keys = keys;
                }
                Err(p) => loaded.problem = Some(p),
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => {
            loaded.exists = true;
            loaded.problem = Some(Problem {
                line: 1,
                col: 1,
                kind: ProblemKind::Unreadable(e.kind().to_string()),
            });
        }
    }
    loaded
}

/// Parses a config text, with the key overrides located in it.
pub fn parse(text: &str) -> Result<(Config, Vec<KeyOverride>), Problem> {
    let options =
        ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
    let config: Config = options.from_str(text).map_err(|e| Problem {
        line: e.span.start.line,
        col: e.span.start.col,
        kind: kind_of(e.code),
    })?;
    let keys = config
        .keys
        .iter()
        .map(|(action, keys)| {
            let (line, col) = locate(text, &format!("\"{action}\""));
            KeyOverride {
                action: action.clone(),
                keys: keys.clone(),
                line,
                col,
            }
        })
        .collect();
    Ok((config, keys))
}

fn kind_of(e: ron::Error) -> ProblemKind {
    match e {
        ron::Error::NoSuchStructField {
            expected, found, ..
        } => ProblemKind::UnknownField {
            found,
            expected: expected.to_vec(),
        },
        ron::Error::InvalidValueForType { expected, found } => ProblemKind::WrongValue {
            expected,
            // serde's words around the value are English; the value alone reads in both.
            found: found
                .strip_prefix("the string ")
                .unwrap_or(&found)
                .to_string(),
        },
        ron::Error::ExpectedString | ron::Error::ExpectedStringEnd => ProblemKind::ExpectedString,
        other => ProblemKind::Syntax(other.to_string()),
    }
}

/// Line and column (1-based) of the first occurrence of `needle` outside a `//` comment.
fn locate(text: &str, needle: &str) -> (usize, usize) {
    for (i, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        if let Some(at) = code.find(needle) {
            return (i + 1, code[..at].chars().count() + 1);
        }
    }
    (1, 1)
}

/// Writes `ledger` as the default ledger into the config at `path`, keeping the rest of the
/// file (comments included): replaces a `ledger:` line, else adds one after the opening
/// parenthesis; a missing file is written from the template first.
pub fn remember_ledger(path: &Path, template: &str, ledger: &Path) -> std::io::Result<()> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => template.to_string(),
        Err(e) => return Err(e),
    };
    let value = ron::to_string(&ledger.to_string_lossy().into_owned())
        .map_err(|e| std::io::Error::other(e.to_string()))?;
    let setting = format!("    ledger: {value},");
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let is_setting = |l: &str| l.trim_start().starts_with("ledger:");
    if let Some(l) = lines.iter_mut().find(|l| is_setting(l)) {
        *l = setting;
    } else {
        let open = lines
            .iter()
            .position(|l| {
                let t = l.trim_start();
                !t.starts_with("//") && !t.starts_with("#!") && t.contains('(')
            })
            .unwrap_or(0);
        lines.insert((open + 1).min(lines.len()), setting);
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(path, lines.join("\n") + "\n")
}

/// Writes the commented template if there is no file yet; says whether it did.
pub fn create_template(path: &Path, template: &str) -> std::io::Result<bool> {
    if path.exists() {
        return Ok(false);
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut f = match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
    {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Ok(false),
        Err(e) => return Err(e),
    };
    std::io::Write::write_all(&mut f, template.as_bytes())?;
    Ok(true)
}

/// The settings in force, each with where it came from.
#[derive(Debug, Clone)]
pub struct Settings {
    pub user: (String, Source),
    pub unit: (Option<String>, Source),
    pub lang: (Lang, Source),
    pub ledger: (Option<PathBuf>, Source),
    pub brief_format: (Format, Source),
}

/// What the command line said.
#[derive(Debug, Clone, Default)]
pub struct Flags {
    pub lang: Option<Lang>,
    pub unit: Option<String>,
    pub ledger: Option<PathBuf>,
    pub brief_format: Option<Format>,
}

fn env(name: &'static str) -> Option<(String, Source)> {
    std::env::var(name)
        .ok()
        .filter(|v| !v.trim().is_empty())
        .map(|v| (v, Source::Env(name)))
}

/// Who is working: what changes are signed with and commits are authored by (the same
/// chain as the settings: TRACKER_USER, the config, git's user.name, the login name).
pub fn user() -> String {
    resolve(&load().config, &Flags::default()).user.0
}

/// Flags, then the environment where it has a say, then the config, then the defaults.
/// The language is the exception the issue asks for: `--lang`, the config, then `LANG`.
pub fn resolve(config: &Config, flags: &Flags) -> Settings {
    let user = env("TRACKER_USER")
        .or_else(|| config.user.clone().map(|u| (u, Source::Config)))
        // The name the person already gave git, before the login name.
        .or_else(|| crate::git::user_name().map(|u| (u, Source::Git)))
        .or_else(|| env("USER"))
        .or_else(|| env("LOGNAME"))
        .unwrap_or_else(|| ("tracker".into(), Source::Default));
    let lang = match (flags.lang, config.lang) {
        (Some(l), _) => (l, Source::Flag),
        (None, Some(l)) => (l, Source::Config),
        (None, None) => {
            let var = ["LC_ALL", "LC_MESSAGES", "LANG"]
                .into_iter()
                .find(|k| std::env::var(k).is_ok_and(|v| !v.is_empty()));
            (Lang::from_env(), var.map_or(Source::Default, Source::Env))
        }
    };
    fn pick<T: Clone>(flag: &Option<T>, config: &Option<T>) -> (Option<T>, Source) {
        match (flag, config) {
            (Some(v), _) => (Some(v.clone()), Source::Flag),
            (None, Some(v)) => (Some(v.clone()), Source::Config),
            (None, None) => (None, Source::Default),
        }
    }
    let (format, source) = pick(&flags.brief_format, &config.brief_format);
    Settings {
        user,
        unit: pick(&flags.unit, &config.unit),
        lang,
        ledger: pick(&flags.ledger, &config.ledger),
        brief_format: (format.unwrap_or(Format::Txt), source),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembering_the_ledger_keeps_the_rest_of_the_file() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("c.ron");
        std::fs::write(&path, "// mine\n(\n    user: \"张三\",\n)\n").expect("write");
        remember_ledger(&path, "()", Path::new("/a/b.ron")).expect("first");
        remember_ledger(&path, "()", Path::new("/a/c.ron")).expect("second");
        let text = std::fs::read_to_string(&path).expect("read");
        assert!(text.starts_with("// mine\n"), "{text}");
        let (config, _) = parse(&text).expect("loads");
        assert_eq!(config.user.as_deref(), Some("张三"));
        assert_eq!(config.ledger, Some(PathBuf::from("/a/c.ron")));
    }

    #[test]
    fn a_key_override_is_located_outside_comments() {
        let text = "(\n  // \"cross_off\": no\n  keys: { \"cross_off\": [\"x\"] },\n)\n";
        let (_, keys) = parse(text).expect("parses");
        assert_eq!((keys[0].line, keys[0].col), (3, 11));
    }
}
