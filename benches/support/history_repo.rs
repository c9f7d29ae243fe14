//! A long ledger history for benchmarks: a git work tree whose `ledger.ron` has one commit a
//! day for years, each making a handful of the small edits tracker itself writes (cross-offs,
//! re-plans, progress lines, monthly investment figures), with a `meeting-DAY` tag every 7th
//! day. Edits are string surgery on the text (the bytes tracker would write), never a
//! re-serialisation; all commits go through one `git fast-import`.
//!
//! Included from a bench with `#[path = "support/history_repo.rs"] mod history_repo;`.

use std::fmt::Write as _;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use chrono::{Datelike, Days, NaiveDate};
use tracker::generate::Rng;

/// Bumped whenever the history written changes, so cached repositories are rebuilt.
const VERSION: u32 = 3;

/// The generator's milestone names, in its order (one of each per project).
const MILESTONES: [&str; 5] = [
    "完成立项审批",
    "完成土地摘牌",
    "开工建设",
    "主体封顶",
    "竣工投用",
];

/// Who commits: the name tracker records in `by` and git's author.
const AUTHORS: [(&str, &str); 6] = [
    ("攻坚办张三", "zhangsan@erqi.gov.example"),
    ("区住建局李四", "lisi@erqi.gov.example"),
    ("区发改委王五", "wangwu@erqi.gov.example"),
    ("攻坚办赵六", "zhaoliu@erqi.gov.example"),
    ("区城管局刘七", "liuqi@erqi.gov.example"),
    ("区自然资源局陈八", "chenba@erqi.gov.example"),
];

const PROGRESS: [&str; 8] = [
    "完成进度{}%",
    "主体施工完成{}%",
    "土方开挖完成{}%",
    "征迁完成{}%",
    "已完成投资的{}%",
    "管网铺设完成{}%",
    "协调解决问题{}项",
    "设计方案修改完成{}%",
];

/// The first day of the history (commit 1); the initial ledger is committed the day before.
fn first_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2017, 1, 1).unwrap_or_default()
}

/// The day `d` days after the first (`d` may be negative).
fn day(d: i64) -> NaiveDate {
    let first = first_day();
    if d >= 0 {
        first.checked_add_days(Days::new(d as u64))
    } else {
        first.checked_sub_days(Days::new(d.unsigned_abs()))
    }
    .unwrap_or(first)
}

/// The day of the last commit of a history of `commits` commits.
pub fn last_day(commits: usize) -> NaiveDate {
    day(commits as i64 - 1)
}

/// 18:00 +0800 on `d` days after the first day, as seconds since the epoch.
fn timestamp(d: i64) -> i64 {
    // 2017-01-01 18:00 +0800 is 2017-01-01 10:00 UTC.
    1_483_264_800 + d * 86_400
}

/// An amount in tenths of 亿元, as tracker writes a number (`24.6`, `3`).
fn tenths(v: u64) -> String {
    if v.is_multiple_of(10) {
        format!("{}", v / 10)
    } else {
        format!("{}.{}", v / 10, v % 10)
    }
}

/// `"28.0"` as tenths.
fn parse_tenths(s: &str) -> u64 {
    let (whole, frac) = s.split_once('.').unwrap_or((s, "0"));
    whole.parse::<u64>().unwrap_or(0) * 10 + frac.get(..1).and_then(|f| f.parse().ok()).unwrap_or(0)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Updates {
    /// No `updates` field.
    None,
    /// The generator's multi-line list: new lines go before its `],`.
    Lines,
    /// tracker's own one-line list: new entries go before its `]`.
    Inline,
}

struct Project {
    name: String,
    /// The project's lines (and the comment lines after it), exactly as in the file.
    text: String,
    /// Days after the first day.
    due: [i64; 5],
    replanned: [bool; 5],
    updates: Updates,
    plan: u64,
    done: u64,
    /// (month of 2018, tenths) as written.
    monthly: Vec<(u32, u64)>,
}

/// The ledger as text in pieces (one per project, so an edit moves only its project's
/// bytes) and what the edits need to know of it.
struct History {
    head: String,
    projects: Vec<Project>,
    /// Open milestones (project, milestone) by due day, days after the first day.
    open_by_due: Vec<Vec<(u32, u8)>>,
    rng: Rng,
    /// Each project's text before its edit, in the order of the edits since last taken.
    undo: Vec<(usize, String)>,
    /// The day's record of the milestones' facts changed, as tracker writes it into each
    /// commit (`tracker::ledger::facts`).
    record: Vec<String>,
}

fn find_from(hay: &str, from: usize, needle: &str) -> usize {
    from + hay[from..]
        .find(needle)
        .unwrap_or_else(|| panic!("history_repo: {needle:?} not found in a project"))
}

impl History {
    /// The generated ledger as it stood before the history: nothing done yet, no investment
    /// done yet, milestones spread over the years of the history, progress lines dated
    /// before it.
    fn new(projects: usize, seed: u64) -> Self {
        let text = tracker::generate::ledger_text(projects, seed);
        let mut rng = Rng::new(seed ^ 0x4849_5354_4f52_5921);
        const START: &str = "        Project(\n";
        let first = text.find(START).unwrap_or(text.len());
        let head = text[..first].to_string();
        let mut out = History {
            head,
            projects: Vec::with_capacity(projects),
            open_by_due: Vec::new(),
            rng: Rng::new(seed.wrapping_add(1)),
            undo: Vec::new(),
            record: Vec::new(),
        };
        let mut rest = &text[first..];
        while !rest.is_empty() {
            let end = rest[START.len()..]
                .find(START)
                .map_or(rest.len(), |e| e + START.len());
            let block = &rest[..end];
            rest = &rest[end..];
            let i = out.projects.len() as u32;
            let mut p = Project {
                name: String::new(),
                text: String::with_capacity(block.len() + 512),
                due: [0; 5],
                replanned: [false; 5],
                updates: Updates::None,
                plan: 0,
                done: 0,
                monthly: Vec::new(),
            };
            // Plans spread over the history: a start within its first two years, each
            // node 1 to 5 months after the one before.
            let mut due = 14 + rng.below(700) as i64;
            let mut k = 0;
            for line in block.split_inclusive('\n') {
                if let Some(name) = line.strip_prefix("            name: \"") {
                    p.name = name.trim_end().trim_end_matches("\",").to_string();
                    p.text.push_str(line);
                } else if let Some(inv) = line.strip_prefix("            investment: (") {
                    // (total: T, plan: P, done: D),
                    let field = |f: &str| {
                        let at = inv.find(f).map_or(0, |a| a + f.len());
                        let len = inv[at..].find([',', ')']).unwrap_or(0);
                        &inv[at..at + len]
                    };
                    p.plan = parse_tenths(field("plan: "));
                    let _ = writeln!(
                        p.text,
                        "            investment: (total: {}, plan: {}, done: 0.0),",
                        field("total: "),
                        field("plan: ")
                    );
                } else if let Some(m) = line.strip_prefix("                Milestone(name: \"") {
                    let name = &m[..m.find('"').unwrap_or(0)];
                    let _ = writeln!(
                        p.text,
                        "                Milestone(name: \"{name}\", due: \"{}\"),",
                        day(due)
                    );
                    if k < 5 {
                        p.due[k] = due;
                        out.open(due, (i, k as u8));
                    }
                    k += 1;
                    due += 30 + rng.below(120) as i64;
                } else if let Some(u) = line.strip_prefix("                Update(date: \"") {
                    let _ = write!(
                        p.text,
                        "                Update(date: \"2016-12-{:02}{}",
                        1 + rng.below(30),
                        &u[10..]
                    );
                } else {
                    if line == "            updates: [\n" {
                        p.updates = Updates::Lines;
                    }
                    p.text.push_str(line);
                }
            }
            assert_eq!(
                k, 5,
                "history_repo: the generator writes 5 milestones a project"
            );
            out.projects.push(p);
        }
        out
    }

    fn open(&mut self, due: i64, m: (u32, u8)) {
        let d = due.max(0) as usize;
        if self.open_by_due.len() <= d {
            self.open_by_due.resize_with(d + 1, Vec::new);
        }
        self.open_by_due[d].push(m);
    }

    /// An open milestone due `lo..=hi` days from `today`, taken out of the index.
    fn take_open(&mut self, today: i64, lo: i64, hi: i64) -> Option<(u32, u8)> {
        for _ in 0..16 {
            let d = today + lo + self.rng.below((hi - lo + 1) as u64) as i64;
            if let Some(list) = self.open_by_due.get_mut(d.max(0) as usize)
                && !list.is_empty()
            {
                let at = self.rng.index(list.len());
                return Some(list.swap_remove(at));
            }
        }
        None
    }

    /// Project `i`, about to be edited: its text is kept to undo the edit.
    fn edit(&mut self, i: usize) -> &mut Project {
        self.undo.push((i, self.projects[i].text.clone()));
        &mut self.projects[i]
    }

    /// The text of the ledger now.
    fn len(&self) -> usize {
        self.head.len() + self.projects.iter().map(|p| p.text.len()).sum::<usize>()
    }

    fn write_to(&self, w: &mut impl Write) -> io::Result<()> {
        w.write_all(self.head.as_bytes())?;
        for p in &self.projects {
            w.write_all(p.text.as_bytes())?;
        }
        Ok(())
    }

    fn text(&self) -> String {
        let mut s = String::with_capacity(self.len());
        s.push_str(&self.head);
        for p in &self.projects {
            s.push_str(&p.text);
        }
        s
    }

    /// A line of the day's record: the milestone's facts now (the generated ledger names
    /// no milestone unit: the project's lead answers).
    fn note(&mut self, (i, k): (u32, u8), done: bool) {
        let p = &self.projects[i as usize];
        let lead = find_from(&p.text, 0, "lead: \"") + "lead: \"".len();
        let lead = &p.text[lead..find_from(&p.text, lead, "\"")];
        let line = format!(
            "tracker-fact\t{}\t{}\t{}\t{}\t{lead}",
            p.name,
            MILESTONES[k as usize],
            day(p.due[k as usize]),
            u8::from(done)
        );
        self.record.push(line);
    }

    /// `, done: "DAY", by: "WHO"` at the end of the milestone's line.
    fn cross_off(&mut self, (i, k): (u32, u8), today: i64, by: &str) -> String {
        self.note((i, k), true);
        let p = self.edit(i as usize);
        let at = find_from(
            &p.text,
            0,
            &format!("Milestone(name: \"{}\"", MILESTONES[k as usize]),
        );
        let end = find_from(&p.text, at, "),\n");
        p.text
            .insert_str(end, &format!(", done: \"{}\", by: \"{by}\"", day(today)));
        format!(
            "已销号 {} / {}（{}）",
            p.name,
            MILESTONES[k as usize],
            day(today)
        )
    }

    /// `due: "NEW"`, with `baseline: "OLD"` after it the first time.
    fn replan(&mut self, (i, k): (u32, u8), later: i64) -> String {
        let p = self.edit(i as usize);
        let from = p.due[k as usize];
        let to = from + later;
        let at = find_from(
            &p.text,
            0,
            &format!("Milestone(name: \"{}\"", MILESTONES[k as usize]),
        );
        let due = find_from(&p.text, at, "due: \"") + "due: \"".len();
        let new = if p.replanned[k as usize] {
            day(to).to_string()
        } else {
            format!("{}\", baseline: \"{}", day(to), day(from))
        };
        p.text.replace_range(due..due + 10, &new);
        p.due[k as usize] = to;
        p.replanned[k as usize] = true;
        let msg = format!(
            "已调整 {} / {}：{} → {}",
            p.name,
            MILESTONES[k as usize],
            day(from),
            day(to)
        );
        self.open(to, (i, k));
        self.note((i, k), false);
        msg
    }

    /// A progress line appended to the project's `updates`, as tracker appends it.
    fn log(&mut self, i: usize, today: i64, text: &str, by: &str) -> String {
        let p = self.edit(i);
        let entry = format!(
            "Update(date: \"{}\", text: \"{text}\", by: \"{by}\")",
            day(today)
        );
        match p.updates {
            Updates::Lines => {
                let at = find_from(&p.text, 0, "            updates: [\n");
                let end = find_from(&p.text, at, "            ],\n");
                p.text
                    .insert_str(end, &format!("                {entry},\n"));
            }
            Updates::Inline => {
                let at = find_from(&p.text, 0, "            updates: [");
                let end = find_from(&p.text, at, "],\n");
                p.text.insert_str(end, &format!(", {entry}"));
            }
            Updates::None => {
                let at = find_from(&p.text, 0, "            milestones: [\n");
                let end = find_from(&p.text, at, "            ],\n") + "            ],\n".len();
                p.text
                    .insert_str(end, &format!("            updates: [{entry}],\n"));
                p.updates = Updates::Inline;
            }
        }
        format!("已填报 {} 进度（{}）", p.name, day(today))
    }

    /// A month's investment figure (tenths) for `month` of 2018, and the year's `done`
    /// moved by the difference, as `tracker invest --month --done` writes them.
    fn invest(&mut self, i: usize, month: u32, value: u64) -> String {
        let p = self.edit(i);
        let was = p.monthly.iter().find(|(m, _)| *m == month).map(|(_, v)| *v);
        p.done = p.done + value - was.unwrap_or(0);
        let inv = find_from(&p.text, 0, "            investment: (");
        let done = find_from(&p.text, inv, "done: ") + "done: ".len();
        let close = find_from(&p.text, done, ")");
        p.text.replace_range(done..close, &tenths(p.done));
        let entry = format!("Month(month: \"2018-{month:02}\", done: {})", tenths(value));
        if p.monthly.is_empty() {
            let eol = find_from(&p.text, inv, "\n") + 1;
            p.text
                .insert_str(eol, &format!("            monthly: [{entry}],\n"));
        } else if was.is_some() {
            let at = find_from(
                &p.text,
                0,
                &format!("Month(month: \"2018-{month:02}\", done: "),
            );
            let close = find_from(&p.text, at, ")") + 1;
            p.text.replace_range(at..close, &entry);
        } else {
            let at = find_from(&p.text, 0, "            monthly: [");
            let end = find_from(&p.text, at, "],\n");
            p.text.insert_str(end, &format!(", {entry}"));
        }
        match p.monthly.iter_mut().find(|(m, _)| *m == month) {
            Some(m) => m.1 = value,
            None => p.monthly.push((month, value)),
        }
        format!(
            "已填报 {} 2018年{month}月投资 {} 亿元",
            p.name,
            tenths(value)
        )
    }

    /// One day's edits by `by`: 3 to 10 of them; the commit message.
    fn edit_day(&mut self, today: i64, by: &str) -> String {
        let n = 3 + self.rng.below(8);
        let mut first = None;
        let date = day(today);
        // The figure reported early in a month is the month before's, when that is a
        // month of the campaign year (the ledger's `year` is 2018).
        let last_month = date
            .checked_sub_days(Days::new(u64::from(date.day())))
            .filter(|m| m.year() == 2018)
            .map(|m| m.month());
        for _ in 0..n {
            let r = self.rng.below(100);
            let msg = if r < 35
                && let Some(m) = self.take_open(today, -40, 10)
            {
                self.cross_off(m, today, by)
            } else if r < 50
                && let Some(m) = self.take_open(today, -5, 30)
            {
                let later = 15 + self.rng.below(75) as i64;
                self.replan(m, later)
            } else if r >= 90
                && let Some(month) = last_month
            {
                let i = self.rng.index(self.projects.len());
                let base = (self.projects[i].plan / 12).max(1);
                let value = base / 2 + self.rng.below(base + 1);
                self.invest(i, month, value)
            } else {
                let i = self.rng.index(self.projects.len());
                let t = self
                    .rng
                    .pick(&PROGRESS)
                    .replace("{}", &(1 + self.rng.below(99)).to_string());
                self.log(i, today, &t, by)
            };
            first.get_or_insert(msg);
        }
        let first = first.unwrap_or_default();
        let record = std::mem::take(&mut self.record);
        let record = format!("\n\ntracker-facts: {}\n{}", record.len(), record.join("\n"));
        if n > 1 {
            format!("{first} 等{n}处修改{}\n", record.trim_end())
        } else {
            format!("{first}{}\n", record.trim_end())
        }
    }
}

/// Checks that `text` loads as a ledger; panics with the first problems otherwise.
fn check_loads(text: &str, what: &str) {
    if let Err(problems) = tracker::ledger::load_str(text) {
        let shown: Vec<String> = problems.iter().take(5).map(|p| format!("{p:?}")).collect();
        panic!("history_repo: {what} does not load: {}", shown.join("; "));
    }
}

fn git(dir: &Path) -> Command {
    let mut c = Command::new("git");
    c.arg("-C").arg(dir).env("LC_ALL", "C");
    c
}

fn run(mut c: Command) -> io::Result<()> {
    let out = c.output()?;
    if out.status.success() {
        Ok(())
    } else {
        Err(io::Error::other(format!(
            "{c:?} failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        )))
    }
}

/// A git work tree at `dir` whose `ledger.ron` (the path returned) has an initial version
/// (a generated ledger of `projects` projects, committed 2016-12-31) and then `commits`
/// daily commits from 2017-01-01, 18:00 +0800, each of 3 to 10 edits, with an annotated tag
/// `meeting-DAY` on every 7th day's commit. Reused when `dir/.done` says it was built with
/// the same parameters; otherwise `dir` (if it holds an earlier build, or nothing) is
/// replaced.
pub fn history_repo(dir: &Path, projects: usize, commits: usize, seed: u64) -> io::Result<PathBuf> {
    let ledger = dir.join("ledger.ron");
    let stamp =
        format!("history_repo v{VERSION} projects={projects} commits={commits} seed={seed}\n");
    let marker = dir.join(".done");
    if std::fs::read_to_string(&marker).is_ok_and(|s| s == stamp) && ledger.is_file() {
        return Ok(ledger);
    }
    if dir.exists() {
        let ours = dir.join(".git").exists()
            || marker.exists()
            || std::fs::read_dir(dir)?.next().is_none();
        if !ours {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!("{} exists and is not a history repository", dir.display()),
            ));
        }
        std::fs::remove_dir_all(dir)?;
    }
    std::fs::create_dir_all(dir)?;
    let mut init = git(dir);
    init.args(["init", "-q", "-b", "main"]);
    run(init)?;
    // The cache marker is no part of the history.
    std::fs::create_dir_all(dir.join(".git/info"))?;
    std::fs::write(dir.join(".git/info/exclude"), "/.done\n")?;

    // Forward: every day's edits, keeping what each replaced.
    let mut h = History::new(projects, seed);
    check_loads(&h.text(), "the first version");
    let mut days = Vec::with_capacity(commits);
    for c in 0..commits {
        let who = *h.rng.pick(&AUTHORS);
        let msg = h.edit_day(c as i64, who.0);
        days.push((who, msg, std::mem::take(&mut h.undo)));
        // Every version loads; checked now and then (a 10,000-project load costs a
        // fraction of a second).
        if c % 100 == 99 && c + 1 != commits {
            check_loads(&h.text(), &format!("the version of {}", day(c as i64)));
        }
    }
    let last = h.text();
    check_loads(&last, "the last version");

    // The blobs newest first, each undone from the one after it: fast-import deltifies a
    // blob against the one before it in the stream, so the newest version is stored whole
    // and older ones as deltas, as `git gc` lays out a history (in time order, reading the
    // present would resolve the longest delta chain). Version v (0: the first) is mark v+1;
    // its commit is mark commits+2+v.
    let mut import = git(dir);
    import
        .args(["fast-import", "--quiet", "--done"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null());
    let mut child = import.spawn()?;
    let stdin = child
        .stdin
        .take()
        .ok_or_else(|| io::Error::other("no stdin for git fast-import"))?;
    let mut w = BufWriter::with_capacity(1 << 20, stdin);
    for v in (0..=commits).rev() {
        write!(w, "blob\nmark :{}\ndata {}\n", v + 1, h.len())?;
        h.write_to(&mut w)?;
        w.write_all(b"\n")?;
        if v > 0 {
            for (i, text) in days[v - 1].2.drain(..).rev() {
                h.projects[i].text = text;
            }
        }
    }
    let commit = |w: &mut BufWriter<_>, v: usize, who: (&str, &str), msg: &str| {
        let (name, email) = who;
        let ts = timestamp(v as i64 - 1);
        write!(
            w,
            "commit refs/heads/main\nmark :{}\nauthor {name} <{email}> {ts} +0800\n\
             committer {name} <{email}> {ts} +0800\ndata {}\n{msg}\n\
             M 100644 :{} ledger.ron\n\n",
            commits + 2 + v,
            msg.len(),
            v + 1
        )
    };
    commit(&mut w, 0, AUTHORS[0], "建立台账\n")?;
    for (c, (who, msg, _)) in days.iter().enumerate() {
        commit(&mut w, c + 1, *who, msg)?;
        if (c + 1) % 7 == 0 {
            let d = c as i64;
            let tag = format!("meeting-{}", day(d));
            write!(
                w,
                "tag {tag}\nfrom :{}\ntagger {} <{}> {} +0800\ndata {}\n{tag}\n",
                commits + 2 + c + 1,
                who.0,
                who.1,
                timestamp(d) + 1800,
                tag.len()
            )?;
        }
    }
    w.write_all(b"done\n")?;
    w.flush()?;
    drop(w);
    let status = child.wait()?;
    if !status.success() {
        return Err(io::Error::other(format!(
            "git fast-import failed: {status}"
        )));
    }
    let mut reset = git(dir);
    reset.args(["reset", "-q", "--hard", "main"]);
    run(reset)?;
    if std::fs::read(&ledger)? != last.as_bytes() {
        return Err(io::Error::other(
            "the work tree's ledger.ron is not the last version",
        ));
    }
    std::fs::write(&marker, stamp)?;
    Ok(ledger)
}
