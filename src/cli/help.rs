//! The command line's help and usage errors in the user's language. English help is the
//! doc comments clap reads; the Chinese table below replaces them, and clap's own usage
//! errors are said again from the tables of each language.

use std::error::Error as _;

use clap::error::{ContextKind, ContextValue, ErrorKind};

use super::Lang;
use super::words::{self, say};

/// Chinese help, by command path and argument id ("done", "done date").
const ZH: &[(&str, &str)] = &[
    ("", "区重大项目建设攻坚台账：用键盘查看、销号、填报、出报告"),
    (
        " file",
        "要打开的台账（默认：数据目录中的 ledger.ron，或配置中的台账）",
    ),
    (" today", "以这一天为今天（YYYY-MM-DD）"),
    (" lang", "界面语言：zh 或 en（默认：配置，其次 LANG）"),
    (" unit", "启动时只显示这个单位的项目"),
    (
        " brief_format",
        "b 键生成周报的格式：txt（默认）、md 或 csv",
    ),
    (
        "check",
        "检查台账：列出每个问题及其行列，有问题时退出码为 1",
    ),
    ("check file", "台账文件"),
    (
        "check fix_punctuation",
        "把中文输入法在字符串外打出的全角标点（，：（）“”‘’；【】和全角空格）换成半角，替换后能载入才保存，并列出改动的行",
    ),
    ("done", "节点销号"),
    ("done date", "完成日期（默认：今天）"),
    (
        "done by",
        "填报人（默认：TRACKER_USER、配置中的姓名或登录名）",
    ),
    ("done force", "替换已销号节点的日期和填报人"),
    ("undone", "撤销节点销号"),
    ("log", "为项目填报一条进度"),
    ("log date", "填报日期（默认：今天）"),
    ("log by", "填报人"),
    (
        "invest",
        "填报投资（月报）：某月完成投资（年度累计随之更新）、年度计划、总投资",
    ),
    ("invest month", "月份：2018-05，或台账年度内的 5、5月"),
    ("invest done", "该月完成投资（亿元）"),
    ("invest plan", "年度计划投资（亿元）"),
    ("invest total", "总投资（亿元）"),
    (
        "move",
        "调整节点期限（倒排工期）；第一次调整时保留原计划日期",
    ),
    ("move due", "新的期限：2018-07-31、7月底、7-31 等"),
    (
        "pledge",
        "承诺：完成（--done）、进度（--progress）或重新打开（--reopen）",
    ),
    ("pledge done", "完成日期（承诺完成）"),
    ("pledge by", "填报人"),
    ("pledge reopen", "重新打开已完成的承诺"),
    ("pledge progress", "完成进度（按目标的计量单位）"),
    ("add", "新增单位、承诺、项目或节点"),
    ("add milestone", "在项目末尾新增节点"),
    (
        "add milestone due",
        "期限：2018-06-30、6月30日、6月底、年底前等",
    ),
    ("add milestone unit", "节点的责任单位（不是项目牵头单位时）"),
    ("add project", "在台账末尾新增项目"),
    ("add project lead", "牵头单位（责任单位）"),
    ("add project category", "类别（攻坚战）"),
    ("add project support", "配合单位；可重复"),
    ("add project leader", "分包领导"),
    ("add project plan", "年度计划投资（亿元）"),
    ("add project total", "总投资（亿元）"),
    ("add project scale", "建设规模（文字）"),
    ("add unit", "新增责任单位"),
    ("add unit leader", "签订承诺书的负责人"),
    ("add unit title", "负责人的职务"),
    ("add pledge", "新增单位的承诺（目标承诺书）"),
    ("add pledge due", "期限"),
    ("add pledge target", "目标数（与 --measure 同用）"),
    ("add pledge measure", "目标的计量单位，如 座、个、公里"),
    ("rename", "改名：单位（连同所有引用）、项目、节点或承诺"),
    ("rename unit", "单位改名，所有项目中的引用随之更新"),
    ("rename project", "项目改名"),
    ("rename milestone", "节点改名"),
    ("rename pledge", "承诺改写"),
    (
        "remove",
        "删除：没有项目引用的单位、项目、节点或承诺（需加 --yes）",
    ),
    ("remove unit", "删除没有项目引用的单位"),
    ("remove project", "删除项目及其节点和进度填报"),
    ("remove milestone", "删除节点"),
    ("remove pledge", "删除承诺"),
    ("report", "报告：周例会简报、督查通报、单位考核排名"),
    ("export", "导出台账（供打印的 Excel 工作簿）"),
    (
        "import",
        "由办公室现有的台账表格（.xlsx、.xls、.ods、.csv）生成台账",
    ),
    ("import sheet_file", "表格文件"),
    ("import output", "要写入的台账文件（新文件）"),
    (
        "import map",
        "自定义列名的映射文件：Map(columns: {\"主要负责单位\": lead})",
    ),
    ("import sheet", "要读的工作表（默认：第一张）"),
    ("import year", "日期未写年份且标题中没有年份时所用的年份"),
    ("import dry_run", "只说明将读出什么，不写文件"),
    (
        "export xlsx",
        "Excel 工作簿（.xlsx）：项目台账、节点、单位承诺、考核排名、总览，按预警着色，按 A3 横向打印排版",
    ),
    ("export xlsx output", "要写入的工作簿文件"),
    ("export xlsx unit", "只导出这个单位的项目、节点和承诺"),
    (
        "report brief",
        "周例会简报：按单位列出逾期和临期节点、到期承诺、投资滞后项目和小结",
    ),
    (
        "report notice",
        "督查通报：每个红色、黄色节点及其责任单位和负责人",
    ),
    (
        "report changes",
        "自某日或某次提交（如上次例会的标签）以来的变化：销号、新出现的预警、调整期限、进度填报、月报，按单位列出",
    ),
    (
        "report changes since",
        "自这一天（YYYY-MM-DD）或这个提交、标签以来（默认：上次例会）",
    ),
    (
        "meeting",
        "标记本周例会（git 标签），此后 report changes 默认从这里算起",
    ),
    (
        "report scorecard",
        "单位考核排名：按期率、红色预警数、承诺完成度",
    ),
    (
        "history",
        "修改记录：谁在何时做了什么（在 git 仓库中取自提交，否则取自台账中的销号和进度填报）",
    ),
    ("history project", "只看这个项目"),
    ("history milestone", "只看这个节点"),
    (
        "sync",
        "通过 git 同步：取回他人的修改，按项目和字段合并，推送本方的修改",
    ),
    ("sync keep_mine", "双方改了同一字段时，保留本方的值"),
    ("sync take_theirs", "双方改了同一字段时，采用对方的值"),
    ("merge-driver keep_mine", "双方改了同一字段时，保留本方"),
    ("merge-driver take_theirs", "双方改了同一字段时，采用对方"),
    ("merge-driver name", "台账在仓库中的路径（%P）"),
    (
        "merge-driver choices",
        "逐条选择的文件：每行 m 或 t、制表符、冲突的原文（由界面的同步写出）",
    ),
    (
        "merge-driver",
        "git 合并台账时调用的合并程序（见 tracker share-setup）",
    ),
    (
        "share-setup",
        "让 git pull 也按项目和字段合并台账（写入 .gitattributes 和仓库配置）",
    ),
    (
        "config",
        "显示配置文件的位置和当前生效的设置；没有配置文件时创建带注释的模板",
    ),
    ("new", "新建空台账（不会覆盖已有文件）"),
    ("new file", "要新建的台账文件（已有文件不会被覆盖）"),
    ("new title", "台账标题（默认：“<年度>年重大项目建设台账”）"),
    ("new office", "管理台账的办公室（默认：区攻坚办）"),
    ("new year", "台账年度（默认：今年）"),
    ("help", "显示帮助"),
];

/// Arguments named the same in every command, by id, where no entry above says more.
const ZH_ARGS: &[(&str, &str)] = &[
    ("file", "台账文件"),
    ("project", "项目名称（可写开头几个字或拼音）"),
    ("milestone", "节点名称"),
    ("unit", "单位名称（可写开头几个字或拼音）"),
    ("pledge", "承诺（开头几个字即可）"),
    ("name", "名称"),
    ("new", "新名称"),
    ("text", "内容"),
    ("base", "共同的上一个版本（%O）"),
    ("ours", "本方版本，合并结果写回这里（%A）"),
    ("theirs", "对方版本（%B）"),
    ("yes", "确认删除；不加时只说明将删除什么"),
];

/// The arguments every report takes, by id.
const ZH_REPORT: &[(&str, &str)] = &[
    ("file", "台账文件（默认：默认台账）"),
    ("days", "临期窗口天数（默认：台账的 warning.soon_days）"),
    ("unit", "只看这个单位的节点、承诺和项目"),
    ("format", "md（默认）、txt（粘贴到文档）或 csv（Excel）"),
    (
        "no_bom",
        "CSV 不写 UTF-8 字节顺序标记（Excel 打开中文需要它）",
    ),
    ("output", "写到这个文件，而不是标准输出"),
];

/// The command with its help in `lang`.
pub fn command(lang: Lang) -> clap::Command {
    let cmd = <super::Cli as clap::CommandFactory>::command();
    match lang {
        Lang::En => cmd,
        Lang::Zh => zh(cmd, ""),
    }
}

fn zh(mut cmd: clap::Command, path: &str) -> clap::Command {
    let find = |key: &str| ZH.iter().find(|(k, _)| *k == key).map(|(_, v)| *v);
    if let Some(about) = find(path) {
        cmd = cmd.about(about).long_about(None);
    }
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    for (order, id) in ids.into_iter().enumerate() {
        let text = find(&format!("{path} {id}"))
            .or_else(|| {
                path.starts_with("report ")
                    .then(|| ZH_REPORT.iter().find(|(k, _)| *k == id).map(|(_, v)| *v))
                    .flatten()
            })
            .or_else(|| ZH_ARGS.iter().find(|(k, _)| *k == id).map(|(_, v)| *v));
        cmd = cmd.mut_arg(id, |a| {
            let heading = if a.is_positional() {
                "参数"
            } else {
                "选项"
            };
            // Kept in the order declared; the table's text says the default itself.
            let defaults = !a.get_default_values().is_empty();
            let a = a
                .help_heading(heading)
                .display_order(order)
                .hide_default_value(defaults);
            match text {
                Some(text) => a.help(text).long_help(None),
                None => a,
            }
        });
    }
    // clap's own --help and --version, and the help command, in Chinese.
    cmd = cmd
        .disable_help_flag(true)
        .disable_help_subcommand(true)
        .arg(
            clap::Arg::new("help")
                .short('h')
                .long("help")
                .action(clap::ArgAction::Help)
                .help("显示帮助")
                .help_heading("选项"),
        );
    if path.is_empty() {
        cmd = cmd.disable_version_flag(true).arg(
            clap::Arg::new("version")
                .short('V')
                .long("version")
                .action(clap::ArgAction::Version)
                .help("显示版本")
                .help_heading("选项"),
        );
    }
    let subs: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in subs {
        let sub_path = if path.is_empty() {
            name.clone()
        } else {
            format!("{path} {name}")
        };
        cmd = cmd.mut_subcommand(name, |s| zh(s, &sub_path));
    }
    cmd.help_template("{before-help}{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}")
        .subcommand_help_heading("命令")
}

/// clap's usage error, said in `lang` (help and version pass through as clap prints them).
pub fn usage_error(e: &clap::Error, lang: Lang) -> Option<String> {
    if matches!(
        e.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        return None;
    }
    let t = words::text(lang);
    let value = |k: ContextKind| match e.get(k) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(t.list_separator),
        Some(other) => other.to_string(),
        None => String::new(),
    };
    let arg = value(ContextKind::InvalidArg);
    let what = match e.kind() {
        ErrorKind::UnknownArgument => say!(t.usage_unknown_argument, arg),
        ErrorKind::InvalidSubcommand => say!(t.usage_unknown_command, arg),
        ErrorKind::MissingRequiredArgument => say!(t.usage_missing, arg),
        ErrorKind::MissingSubcommand => t.usage_missing_command.to_string(),
        ErrorKind::InvalidValue => {
            say!(t.usage_invalid_value, arg, value(ContextKind::InvalidValue))
        }
        ErrorKind::ArgumentConflict => match value(ContextKind::PriorArg) {
            prior if !prior.is_empty() => say!(t.usage_conflict, arg, prior),
            // tracker's own reason, already in the user's language.
            _ => e
                .to_string()
                .lines()
                .next()
                .unwrap_or_default()
                .trim_start_matches("error: ")
                .to_string(),
        },
        // A value our own parser refused: its words are already in the user's language.
        ErrorKind::ValueValidation => say!(
            t.usage_bad_value,
            arg,
            value(ContextKind::InvalidValue),
            e.source().map(|s| s.to_string()).unwrap_or_default()
        ),
        _ => say!(t.usage_other, e.kind()),
    };
    // clap's usage line, under the language's heading.
    let rendered = e.to_string();
    let usage = rendered
        .lines()
        .find_map(|l| l.strip_prefix("Usage: "))
        .map(|u| format!("\n\n{}{u}\n\n{}", t.usage_heading, t.usage_more))
        .unwrap_or_default();
    Some(format!("{}{what}{usage}", t.error_prefix))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// clap's own checks of every command, in both languages (a debug build asserts them
    /// only when a command is used).
    #[test]
    fn the_commands_are_sound_in_both_languages() {
        command(Lang::Zh).debug_assert();
        command(Lang::En).debug_assert();
    }

    #[test]
    fn every_command_and_option_has_chinese_help() {
        fn chinese(s: Option<&clap::builder::StyledStr>) -> bool {
            s.is_some_and(|s| {
                s.to_string()
                    .chars()
                    .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
            })
        }
        fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
            if !chinese(cmd.get_about()) {
                missing.push(format!("{path} (about)"));
            }
            for a in cmd.get_arguments() {
                if !chinese(a.get_help()) {
                    missing.push(format!("{path} {}", a.get_id()));
                }
            }
            for s in cmd.get_subcommands() {
                walk(s, &format!("{path} {}", s.get_name()), missing);
            }
        }
        let mut missing = Vec::new();
        walk(&command(Lang::Zh), "tracker", &mut missing);
        assert!(missing.is_empty(), "no Chinese help for: {missing:?}");
    }
}
