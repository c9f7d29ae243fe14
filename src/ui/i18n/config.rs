//! Words about the config file, first run and `tracker new`, in both languages (the CLI
//! prints them too).

use std::path::Path;

use super::{fill, fill_all, text};
use crate::config::{Problem, ProblemKind, Source};
use crate::lang::Lang;
use crate::ledger::sanitize::path as shown;

#[derive(Debug)]
pub struct ConfigTexts {
    pub unknown_field: &'static str,
    pub wrong_value: &'static str,
    pub syntax: &'static str,
    pub expected_string: &'static str,
    pub unreadable: &'static str,
    pub unknown_action: &'static str,
    pub bad_key: &'static str,
    pub no_keys: &'static str,
    pub conflict: &'static str,
    /// The status line (and the CLI's warning) when the file could not be used.
    pub bad_config: &'static str,
    /// The status line when some key overrides were left out.
    pub bad_keys: &'static str,
    /// The config's unit is not in the ledger.
    pub no_such_unit: &'static str,
    pub file: &'static str,
    pub created_template: &'static str,
    pub no_file: &'static str,
    pub no_place: &'static str,
    pub in_force: &'static str,
    pub from_flag: &'static str,
    pub from_env: &'static str,
    pub from_config: &'static str,
    pub from_default: &'static str,
    pub from_git: &'static str,
    pub unset: &'static str,
    pub names: [&'static str; 6],
    pub template: &'static str,
    pub first_none: &'static str,
    pub first_create: &'static str,
    pub first_sample: &'static str,
    pub first_quit: &'static str,
    pub first_choose: &'static str,
    pub ask_title: &'static str,
    pub ask_office: &'static str,
    pub ask_path: &'static str,
    pub default_title: &'static str,
    pub default_office: &'static str,
    pub created: &'static str,
    pub remembered: &'static str,
    pub not_remembered: &'static str,
    pub exists: &'static str,
    pub cannot_write: &'static str,
}

pub const ZH: ConfigTexts = ConfigTexts {
    unknown_field: "没有 {} 这一项；可用的有：{}",
    wrong_value: "值不对：应为 {}，实为 {}",
    syntax: "RON 格式有误：{}",
    expected_string: "此处应为带引号的文字",
    unreadable: "无法读取：{}",
    unknown_action: "没有叫 {} 的操作",
    bad_key: "{} 的按键 \"{}\" 无法识别（例：x、ctrl-s、space、enter、f5）",
    no_keys: "{} 没有给出按键",
    conflict: "按键 {} 在 {} 中同时属于 {} 和 {}；此项改键未生效",
    bad_config: "配置文件有误，已使用默认设置：{}",
    bad_keys: "部分改键未生效：{}",
    no_such_unit: "配置中的单位 {} 不在台账中，未按单位筛选",
    file: "配置文件：{}",
    created_template: "（原先没有，已创建带注释的模板）",
    no_file: "（不存在）",
    no_place: "找不到存放配置的目录（没有主目录）；可用 TRACKER_CONFIG 指定",
    in_force: "当前生效的设置：",
    from_flag: "命令行参数",
    from_env: "环境变量 {}",
    from_config: "配置文件",
    from_default: "默认",
    from_git: "git 的 user.name",
    unset: "（未设置）",
    names: ["用户名", "单位", "界面语言", "默认台账", "简报格式", "改键"],
    template: "// tracker 的设置（RON 格式）。去掉 // 即可生效；写错时 tracker 照常启动，使用默认设置并提示错误位置。
// 优先级：命令行参数 > 环境变量（TRACKER_USER）> 本文件 > 默认；界面语言：--lang > 本文件 > LANG。
(
    // 销号、填报时记录的姓名（by）
    // user: \"张三\",
    // 本人所在单位：界面启动时只显示该单位的项目
    // unit: \"区发改委\",
    // 界面语言：zh 或 en
    // lang: \"zh\",
    // 不指定文件时打开的台账
    // ledger: \"/home/me/台账/2026.ron\",
    // b 生成周报的格式：txt、md 或 csv
    // brief_format: \"txt\",
    // 改键：操作名（或 上下文.操作名）对应按键列表，例如：
    // keys: {
    //     \"cross_off\": [\"x\", \"space\"],
    //     \"write_brief\": [\"ctrl-s\"],
    //     \"browse.up\": [\"up\", \"k\"],
    // },
)
",
    first_none: "还没有台账。请选择：",
    first_create: "新建 {} 年的空台账",
    first_sample: "打开示例台账（二七区 2018 年，以 2018-06-15 为今天）",
    first_quit: "退出",
    first_choose: "请输入 1、2 或 q 后回车：",
    ask_title: "台账标题 [{}]：",
    ask_office: "牵头办公室 [{}]：",
    ask_path: "保存到 [{}]：",
    default_title: "{}年重大项目建设台账",
    default_office: "区攻坚办",
    created: "已新建台账 {}",
    remembered: "已在配置 {} 中记为默认台账",
    not_remembered: "未能记入配置 {}：{}",
    exists: "{} 已存在，未覆盖",
    cannot_write: "无法写入 {}：{}",
};

pub const EN: ConfigTexts = ConfigTexts {
    unknown_field: "no setting named {}; the settings are: {}",
    wrong_value: "wrong value: expected {}, found {}",
    syntax: "not valid RON: {}",
    expected_string: "text in quotes expected here",
    unreadable: "cannot read it: {}",
    unknown_action: "no action named {}",
    bad_key: "{}: \"{}\" is not a key name (e.g. x, ctrl-s, space, enter, f5)",
    no_keys: "{} is given no key",
    conflict: "key {} in {} would be both {} and {}; this override is not applied",
    bad_config: "the config file has a mistake; using the defaults: {}",
    bad_keys: "some key overrides are not applied: {}",
    no_such_unit: "the config's unit {} is not in this ledger; not filtering by unit",
    file: "config file: {}",
    created_template: "(there was none: a commented template was created)",
    no_file: "(none)",
    no_place: "no directory for the config (no home directory); set TRACKER_CONFIG",
    in_force: "settings in force:",
    from_flag: "command line",
    from_env: "environment {}",
    from_config: "config file",
    from_default: "default",
    from_git: "git's user.name",
    unset: "(not set)",
    names: [
        "user",
        "unit",
        "language",
        "default ledger",
        "brief format",
        "keys",
    ],
    template:
        "// tracker's settings (RON). Remove the // to use a line. When this file has a mistake,
// tracker still starts, with the defaults, and says where the mistake is.
// Precedence: flags > environment (TRACKER_USER) > this file > defaults; the language:
// --lang > this file > LANG.
(
    // who is recorded in `by` when crossing off or logging progress
    // user: \"Zhang San\",
    // your unit: the interface starts showing its projects only
    // unit: \"区发改委\",
    // interface language: zh or en
    // lang: \"en\",
    // the ledger opened when no file is given
    // ledger: \"/home/me/ledgers/2026.ron\",
    // the format of the brief `b` writes: txt, md or csv
    // brief_format: \"txt\",
    // key overrides: an action (or context.action) to its keys, e.g.
    // keys: {
    //     \"cross_off\": [\"x\", \"space\"],
    //     \"write_brief\": [\"ctrl-s\"],
    //     \"browse.up\": [\"up\", \"k\"],
    // },
)
",
    first_none: "There is no ledger yet. Choose:",
    first_create: "create an empty ledger for {}",
    first_sample: "open the bundled sample (Erqi district 2018, as of 2018-06-15)",
    first_quit: "quit",
    first_choose: "Type 1, 2 or q and Enter: ",
    ask_title: "Title [{}]: ",
    ask_office: "Office [{}]: ",
    ask_path: "Save as [{}]: ",
    default_title: "Major projects {}",
    default_office: "Project office",
    created: "created the ledger {}",
    remembered: "remembered as the default ledger in {}",
    not_remembered: "could not remember it in {}: {}",
    exists: "{} exists already; not overwritten",
    cannot_write: "cannot write {}: {}",
};

pub fn texts(lang: Lang) -> &'static ConfigTexts {
    &text(lang).config
}

/// A problem's message in the language, cleaned: it quotes names from the file, which may
/// hold escape sequences.
pub fn problem_message(lang: Lang, p: &Problem) -> String {
    let t = texts(lang);
    let message = match &p.kind {
        ProblemKind::Unreadable(why) => fill(t.unreadable, why),
        ProblemKind::UnknownField { found, expected } => {
            fill_all(t.unknown_field, &[found, &expected.join(", ")])
        }
        ProblemKind::WrongValue { expected, found } => fill_all(t.wrong_value, &[expected, found]),
        ProblemKind::Syntax(s) => fill(t.syntax, s),
        ProblemKind::ExpectedString => t.expected_string.into(),
        ProblemKind::UnknownAction(a) => fill(t.unknown_action, a),
        ProblemKind::BadKey { action, key } => fill_all(t.bad_key, &[action, key]),
        ProblemKind::NoKeys(a) => fill(t.no_keys, a),
        ProblemKind::Conflict {
            key,
            context,
            first,
            second,
        } => fill_all(t.conflict, &[key, context, first, second]),
    };
    crate::ledger::sanitize::message(&message)
}

/// `FILE:LINE:COL: message`, the form editors and terminals make clickable.
pub fn problem_line(lang: Lang, file: &Path, p: &Problem) -> String {
    format!(
        "{}:{}:{}: {}",
        shown(file),
        p.line,
        p.col,
        problem_message(lang, p)
    )
}

/// Where a setting came from, in words.
pub fn source_text(lang: Lang, s: Source) -> String {
    let t = texts(lang);
    match s {
        Source::Flag => t.from_flag.into(),
        Source::Env(name) => fill(t.from_env, name),
        Source::Config => t.from_config.into(),
        Source::Git => t.from_git.into(),
        Source::Default => t.from_default.into(),
    }
}
