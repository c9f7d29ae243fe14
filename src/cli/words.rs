//! What the commands say, in each language: one table per language, chosen by `--lang`,
//! else the environment (`LC_ALL`, `LC_MESSAGES`, `LANG`).

use crate::lang::Lang;

/// The command line's words. `{}` marks where a value goes, filled in order.
#[derive(Debug)]
pub struct CliText {
    /// The file, then the summary.
    pub check_ok: &'static str,
    /// The file, then the number of problems.
    pub check_failed: &'static str,
    pub check_failed_one: &'static str,
    /// units, projects, milestones, red, yellow, blue, green, today.
    pub summary: &'static str,
    pub fix_nothing: &'static str,
    /// The file, the number of marks.
    pub fix_would_not_load: &'static str,
    pub fix_would_not_load_one: &'static str,
    /// The file, the number of marks.
    pub fix_done: &'static str,
    pub fix_done_one: &'static str,
    /// The file, the line number.
    pub fix_line: &'static str,
    /// Before every error.
    pub error_prefix: &'static str,
    pub created_default: &'static str,
    pub bad_lang: &'static str,
    pub bad_format: &'static str,
    pub bad_report_format: &'static str,
    pub file_before_command: &'static str,
    pub unit_before_command: &'static str,
    pub brief_format_before_command: &'static str,
    /// The file, then what was done.
    pub done_in: &'static str,
    pub crossed_off: &'static str,
    pub unmarked: &'static str,
    pub logged: &'static str,
    pub invested: &'static str,
    pub replanned: &'static str,
    pub replanned_base: &'static str,
    pub pledge_done: &'static str,
    pub pledge_reopened: &'static str,
    pub pledge_progress: &'static str,
    pub added_milestone: &'static str,
    pub added_project: &'static str,
    pub added_unit: &'static str,
    pub added_pledge: &'static str,
    /// Kind, old name, new name.
    pub renamed: &'static str,
    pub removed: &'static str,
    pub goes_unit: &'static str,
    pub goes_project: &'static str,
    pub goes_milestone: &'static str,
    pub goes_pledge: &'static str,
    /// Project, milestone, date, who (may be empty).
    pub already_done: &'static str,
    pub already_done_by: &'static str,
    pub not_confirmed: &'static str,
    pub empty_line: &'static str,
    pub cannot_write_report: &'static str,
    pub no_home: &'static str,
    pub cannot_create: &'static str,
    pub done_after_today: &'static str,
    pub no_such_unit_of: &'static str,
    pub cannot_watch_signals: &'static str,
    pub cannot_draw: &'static str,
    /// The path, then why.
    pub cannot_read: &'static str,
    pub not_saved: &'static str,
    pub merge_conflicts: &'static str,
    pub merge_conflict_field: &'static str,
    pub merge_failed: &'static str,
    pub not_in_git: &'static str,
    pub share_ready: &'static str,
    pub synced: &'static str,
    pub sync_conflict: &'static str,
    pub usage_unknown_argument: &'static str,
    pub usage_unknown_command: &'static str,
    pub usage_missing: &'static str,
    pub usage_missing_command: &'static str,
    pub usage_invalid_value: &'static str,
    pub usage_conflict: &'static str,
    pub usage_bad_value: &'static str,
    pub usage_other: &'static str,
    pub usage_heading: &'static str,
    pub usage_more: &'static str,
    pub changes_no_version: &'static str,
    /// The merge commit a sync makes: {} the other side's branch.
    pub sync_merged: &'static str,
    /// The workbook could not be made: {} why.
    pub export_failed: &'static str,
    /// `--format xlsx` without `-o`.
    pub xlsx_needs_output: &'static str,
    /// After "git needs a password" when no one can type it here.
    pub sync_password_hint: &'static str,
    pub changes_no_meeting: &'static str,
    pub meeting_marked: &'static str,
    pub meeting_exists: &'static str,
    pub list_separator: &'static str,
}

pub const ZH: CliText = CliText {
    check_ok: "{}：正常。{}",
    check_failed: "{}：发现 {} 处问题，文件未作任何改动",
    check_failed_one: "{}：发现 {} 处问题，文件未作任何改动",
    summary: "{} 个单位，{} 个项目，{} 个节点：红色 {} 个，黄色 {} 个，蓝色 {} 个，绿色 {} 个（截至 {}）",
    fix_nothing: "{}：没有需要替换的全角标点",
    fix_would_not_load: "{}：即使替换其中的 {} 个全角标点，文件仍无法载入，未作任何改动。替换后仍有以下问题：",
    fix_would_not_load_one: "{}：即使替换其中的 {} 个全角标点，文件仍无法载入，未作任何改动。替换后仍有以下问题：",
    fix_done: "{}：已将 {} 个全角标点替换为半角",
    fix_done_one: "{}：已将 {} 个全角标点替换为半角",
    fix_line: "{} 第 {} 行：",
    error_prefix: "tracker：",
    created_default: "已用示例台账创建默认台账 {}",
    bad_lang: "“{}”不是可用的语言；应为 zh 或 en",
    bad_format: "“{}”不是可用的格式；应为 md、txt 或 csv",
    bad_report_format: "“{}”不是可用的格式；应为 md、txt、csv 或 xlsx",
    file_before_command: "命令前的文件名会打开界面；请把文件名写在命令之后",
    unit_before_command: "命令前的 --unit 是界面的单位筛选；报告请在 report brief|notice|scorecard 之后写 --unit",
    brief_format_before_command: "--brief-format 用于界面中的 b 键；报告请用 --format",
    done_in: "{}：{}",
    crossed_off: "已销号 {} / {}（{}）",
    unmarked: "已撤销销号 {} / {}",
    logged: "已为 {} 填报进度（{}）",
    invested: "{} 的投资：总投资 {}，年度计划 {}，已完成 {} 亿元",
    replanned: "已调整期限 {} / {}：{} → {}{}",
    replanned_base: "（原计划 {}，调整 {} 天）",
    pledge_done: "{} 的承诺已于 {} 完成：{}",
    pledge_reopened: "{} 的承诺重新打开：{}",
    pledge_progress: "{} 的承诺“{}”进度：{}",
    added_milestone: "已新增节点 {} / {}，期限 {}",
    added_project: "已新增项目 {}（牵头单位 {}）",
    added_unit: "已新增单位 {}",
    added_pledge: "已新增 {} 的承诺：{}",
    renamed: "已将{}“{}”改名为“{}”",
    removed: "已删除{}",
    goes_unit: "单位 {}（含 {} 项承诺）",
    goes_project: "项目 {}（含 {} 个节点、{} 条进度填报）",
    goes_milestone: "节点 {} / {}（期限 {}）",
    goes_pledge: "{} 的承诺：{}",
    already_done: "{} / {} 已于 {} {}销号，未作改动（加 --force 可替换日期和填报人）",
    already_done_by: "由 {} ",
    not_confirmed: "将删除{}；未作改动（确认删除请加 --yes）",
    empty_line: "进度内容为空；请写明要填报的内容",
    cannot_write_report: "无法输出报告：{}",
    no_home: "找不到用户主目录，无法存放默认台账；请指定台账文件",
    cannot_create: "无法创建 {}：{}",
    done_after_today: "完成日期 {} 晚于今天（{}）；节点完成后才能销号，不能提前",
    no_such_unit_of: "没有名为“{}”的单位；台账中的单位有：{}",
    cannot_watch_signals: "无法监听系统信号：{}",
    cannot_draw: "无法绘制界面：{}",
    cannot_read: "{}：{}",
    not_saved: "{}：未保存：{}",
    merge_conflicts: "{}：{} 处冲突（双方改了同一字段，值不同），保留本方的值：",
    merge_conflict_field: "{}：{}（本方 {}，对方 {}）",
    merge_failed: "{}：无法按项目合并：{}",
    not_in_git: "{} 不在 git 仓库中；请先 git clone 办公室的仓库，或在台账所在文件夹 git init",
    share_ready: "{}：git pull 也将按项目合并台账（.gitattributes 和仓库配置已写好）",
    synced: "已同步：取回 {} 个提交，推送 {} 个提交",
    sync_conflict: "未同步：双方修改了同一字段，已撤销这次合并，台账保持本方的样子。请商定后用 tracker sync --keep-mine（保留本方）或 --take-theirs（采用对方）再同步。冲突：",
    usage_unknown_argument: "不认识的参数：{}",
    usage_unknown_command: "没有“{}”这个命令",
    usage_missing: "缺少必填参数：{}",
    usage_missing_command: "请给出命令（tracker --help 列出全部命令）",
    usage_invalid_value: "参数 {} 的值“{}”无效",
    usage_conflict: "参数 {} 不能与 {} 同用",
    usage_bad_value: "参数 {0} 的值“{1}”无效：{2}",
    usage_other: "命令行有误（{}）",
    usage_heading: "用法：",
    usage_more: "更多信息：tracker --help",
    changes_no_meeting: "还没有标记过例会（tracker meeting）；请用 --since 指定日期或提交",
    meeting_marked: "已标记例会：{}（此后 tracker report changes 默认从这里算起）",
    meeting_exists: "{} 已标记过例会",
    sync_merged: "同步：合并他人的修改（{}）",
    export_failed: "无法生成工作簿：{}",
    xlsx_needs_output: "--format xlsx 需要用 -o 指定要写入的工作簿文件",
    sync_password_hint: "在终端中运行 tracker sync，git 会直接询问；或设置凭据助手（git config credential.helper）或 ssh-agent，使同步无需输入",
    changes_no_version: "找不到“{}”时的台账（应为日期 YYYY-MM-DD、提交或标签，且台账当时已在 git 中）",
    list_separator: "、",
};

pub const EN: CliText = CliText {
    check_ok: "{}: ok: {}",
    check_failed: "{}: {} problems found; nothing was changed",
    check_failed_one: "{}: {} problem found; nothing was changed",
    summary: "{} units, {} projects, {} milestones: {} red, {} yellow, {} blue, {} green (as of {})",
    fix_nothing: "{}: no full-width punctuation to replace",
    fix_would_not_load: "{}: with its {} full-width punctuation marks replaced, the file would still not load; nothing was changed. What would remain:",
    fix_would_not_load_one: "{}: with its {} full-width punctuation mark replaced, the file would still not load; nothing was changed. What would remain:",
    fix_done: "{}: replaced {} full-width punctuation marks",
    fix_done_one: "{}: replaced {} full-width punctuation mark",
    fix_line: "{}:{}:",
    error_prefix: "tracker: ",
    created_default: "created the default ledger {} from the bundled sample",
    bad_lang: "\"{}\" is not a language here; expected zh or en",
    bad_format: "\"{}\" is not a format here; expected md, txt or csv",
    bad_report_format: "\"{}\" is not a format here; expected md, txt, csv or xlsx",
    file_before_command: "a FILE before the command opens the interface; give it after the command",
    unit_before_command: "--unit before the command is the interface's filter; a report takes --unit after `report brief|notice|scorecard`",
    brief_format_before_command: "--brief-format is for the interface's `b`; a report takes --format",
    done_in: "{}: {}",
    crossed_off: "crossed off {} / {} on {}",
    unmarked: "un-marked {} / {}",
    logged: "logged for {} on {}",
    invested: "investment of {}: total {}, plan {}, done {} 亿元",
    replanned: "re-planned {} / {}: {} → {}{}",
    replanned_base: " (first planned {}, moved {} days)",
    pledge_done: "pledge of {} fulfilled on {}: {}",
    pledge_reopened: "pledge of {} open again: {}",
    pledge_progress: "progress of {}'s pledge {}: {}",
    added_milestone: "added milestone {} / {} due {}",
    added_project: "added project {} (lead {})",
    added_unit: "added unit {}",
    added_pledge: "added pledge of {}: {}",
    renamed: "renamed {} {} → {}",
    removed: "removed {}",
    goes_unit: "unit {} with {} pledge(s)",
    goes_project: "project {} with {} milestone(s) and {} progress line(s)",
    goes_milestone: "milestone {} / {} (due {})",
    goes_pledge: "pledge of {}: {}",
    already_done: "{} / {} was already crossed off on {}{}; nothing was changed (--force replaces the date and who)",
    already_done_by: " by {}",
    not_confirmed: "would remove {}; nothing was changed (add --yes to remove it)",
    empty_line: "the progress line is empty; give the text to record",
    cannot_write_report: "cannot write the report: {}",
    no_home: "no home directory to keep the default ledger in; give a FILE",
    cannot_create: "cannot create {}: {}",
    done_after_today: "done date {} is after today ({}); a milestone is crossed off once it is done, not in advance",
    no_such_unit_of: "no unit named \"{}\"; the ledger's units are: {}",
    cannot_watch_signals: "cannot watch signals: {}",
    cannot_draw: "cannot draw: {}",
    cannot_read: "{}: {}",
    not_saved: "{}: not saved: {}",
    merge_conflicts: "{}: {} conflict(s) (both sides changed the same field differently); ours is kept:",
    merge_conflict_field: "{}: {} (ours {}, theirs {})",
    merge_failed: "{}: cannot merge by item: {}",
    not_in_git: "{} is not in a git repository; clone the office's repository first, or git init in the ledger's folder",
    share_ready: "{}: git pull now merges ledgers by item too (.gitattributes and the repository's config written)",
    synced: "synced: {} commit(s) brought in, {} sent",
    sync_conflict: "not synced: both sides changed the same field; the merge was undone and the ledger is yours as it was. Agree, then sync again with --keep-mine or --take-theirs. Conflicts:",
    usage_unknown_argument: "unknown argument: {}",
    usage_unknown_command: "no command named \"{}\"",
    usage_missing: "missing a required argument: {}",
    usage_missing_command: "give a command (tracker --help lists them)",
    usage_invalid_value: "invalid value \"{1}\" for {0}",
    usage_conflict: "{} cannot be used with {}",
    usage_bad_value: "invalid value \"{1}\" for {0}: {2}",
    usage_other: "the command line is not right ({})",
    usage_heading: "Usage: ",
    usage_more: "more: tracker --help",
    changes_no_meeting: "no meeting has been marked yet (tracker meeting); give --since a date or a revision",
    meeting_marked: "meeting marked: {} (tracker report changes counts from here by default)",
    meeting_exists: "{} already has a meeting marked",
    sync_merged: "sync: merged the others' changes ({})",
    export_failed: "cannot make the workbook: {}",
    xlsx_needs_output: "--format xlsx needs -o and the workbook file to write",
    sync_password_hint: "run tracker sync in a terminal and git asks you itself; or set up a credential helper (git config credential.helper) or ssh-agent so that syncing needs no typing",
    changes_no_version: "no version of the ledger at \"{}\" (expected a date YYYY-MM-DD, a commit or a tag from when the ledger was in git)",
    list_separator: ", ",
};

pub fn text(lang: Lang) -> &'static CliText {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}

/// `say!(template, a, b)`: the template with `a`, `b` in its `{}`s.
macro_rules! say {
    ($t:expr $(, $v:expr)* $(,)?) => {
        $crate::cli::words::fill($t, &[$(&$v as &dyn std::fmt::Display),*])
    };
}
pub(crate) use say;

pub use crate::lang::fill;

/// Why a command failed, in `lang`.
pub fn error_words(e: &super::CliError, lang: Lang) -> String {
    use super::CliError as E;
    use crate::ledger::save::SaveError;
    use crate::ui::terminal::UiError;
    let t = text(lang);
    match e {
        E::Path(p) | E::Ui(UiError::Path(p)) => path_words(p, lang),
        E::Load(l) | E::Ui(UiError::Load(l)) => load_words(l, lang),
        E::Save(SaveError::Edit(c)) => crate::ui::update::change_error_words(lang, c),
        E::Save(s) => say!(
            t.not_saved,
            save_path(s),
            crate::ui::i18n::save_error_text(lang, s)
        ),
        E::Report(r) => report_words(r, lang),
        E::DoneDate(crate::rules::DoneDateError::AfterToday { done, today }) => {
            say!(t.done_after_today, done, today)
        }
        E::AlreadyDone {
            project,
            milestone,
            on,
            by,
        } => {
            let who = by
                .as_ref()
                .map(|b| say!(t.already_done_by, b))
                .unwrap_or_default();
            say!(t.already_done, project, milestone, on, who)
        }
        E::NotConfirmed(goes) => say!(t.not_confirmed, goes),
        E::EmptyLine => t.empty_line.to_string(),
        // Already in the user's language (config and first-run words).
        E::Setup(words) => words.clone(),
        E::Stdout(io) => say!(t.cannot_write_report, io),
        E::Ui(UiError::NoSuchUnit { name, units }) => {
            say!(t.no_such_unit_of, name, units.join(t.list_separator))
        }
        E::Ui(UiError::Signals(io)) => say!(t.cannot_watch_signals, io),
        E::Ui(UiError::Draw(io)) => say!(t.cannot_draw, io),
    }
}

fn path_words(e: &crate::paths::PathError, lang: Lang) -> String {
    use crate::paths::PathError as P;
    let t = text(lang);
    match e {
        P::NoHome => t.no_home.to_string(),
        P::Create { path, source } => {
            say!(t.cannot_create, crate::ledger::sanitize::path(path), source)
        }
    }
}

fn load_words(e: &crate::ledger::LoadError, lang: Lang) -> String {
    use crate::ledger::LoadError as L;
    match e {
        L::Read(r) => say!(
            text(lang).cannot_read,
            crate::ledger::sanitize::path(r.path()),
            crate::ui::i18n::read_error_text(lang, r)
        ),
        L::Invalid { .. } => e.problems_in(lang).unwrap_or_default(),
    }
}

fn report_words(e: &crate::report::ReportError, lang: Lang) -> String {
    crate::ui::i18n::report_error_text(lang, e)
}

/// The file a failed save was about.
fn save_path<E>(e: &crate::ledger::save::SaveError<E>) -> String {
    use crate::ledger::save::SaveError as S;
    let path = match e {
        S::ChangedOnDisk { path }
        | S::ReadOnly { path }
        | S::NoSpace { path }
        | S::Unconfirmed { path, .. }
        | S::LockBusy { path, .. }
        | S::Io { path, .. } => path.as_path(),
        S::Read(r) => r.path(),
        S::Edit(_) => return String::new(),
    };
    crate::ledger::sanitize::path(path)
}
