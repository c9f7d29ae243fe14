//! Findings in Chinese: what a clerk sees in `tracker check` and in the interface.

use super::{Figure, Finding};
use crate::ledger::number::compact;

pub(super) fn figure(f: Figure) -> &'static str {
    match f {
        Figure::InvestmentTotal => "总投资",
        Figure::InvestmentPlan => "年度计划投资",
        Figure::InvestmentDone => "已完成投资",
        Figure::MonthlyDone => "月度完成投资",
        Figure::Target => "承诺目标",
        Figure::Progress => "完成进度",
        Figure::LagPoints => "序时滞后阈值（lag_points）",
    }
}

/// The measure after each figure, and the hint that ends a "too large" message.
fn measure(f: Figure) -> (&'static str, &'static str) {
    match f {
        Figure::Target | Figure::Progress => ("", "（按其计量单位）"),
        Figure::LagPoints => (" 个百分点", ""),
        _ => (" 亿元", "（即 100 万亿元）：是否小数点或单位写错了？"),
    }
}

fn mark(c: char) -> &'static str {
    match c {
        '，' => "逗号",
        '：' => "冒号",
        '（' => "左括号",
        '）' => "右括号",
        '“' => "左双引号",
        '”' => "右双引号",
        '‘' => "左单引号",
        '’' => "右单引号",
        '；' => "分号",
        '【' => "左方括号",
        '】' => "右方括号",
        _ => "标点",
    }
}

/// The ASCII mark by its Chinese name.
fn ascii_name(c: char) -> &'static str {
    match c {
        ',' => "逗号",
        ':' => "冒号",
        '(' => "左括号",
        ')' => "右括号",
        '"' => "双引号",
        '\'' => "单引号",
        '[' => "左方括号",
        ']' => "右方括号",
        _ => "符号",
    }
}

/// The item's name as ron gives it (`Milestone`), in the office's words.
fn item(w: &Option<String>) -> String {
    match w.as_deref() {
        Some("Ledger") => "台账".into(),
        Some("Unit") => "单位（Unit）".into(),
        Some("Pledge") => "承诺（Pledge）".into(),
        Some("Project") => "项目（Project）".into(),
        Some("Milestone") => "节点（Milestone）".into(),
        Some("Update") => "进度填报（Update）".into(),
        Some("Month") => "月报（Month）".into(),
        Some(other) => format!("“{other}”"),
        None => "此项".into(),
    }
}

pub(super) const WARNING: &str = "（提示）";

pub(super) fn place(line: usize, col: usize, character: bool) -> String {
    if character {
        format!("第 {line} 行第 {col} 列是")
    } else {
        format!("第 {line} 行第 {col} 列：")
    }
}

pub(super) fn words(f: &Finding) -> String {
    use Finding as F;
    match f {
        F::UnknownField {
            found,
            expected,
            within,
        } => format!(
            "{}中没有“{found}”这一字段；可用的字段为：{}",
            item(within),
            expected.join("、")
        ),
        F::MissingField { field, within } => {
            format!("{}缺少必填字段“{field}”", item(within))
        }
        F::DuplicateField { field, within } => {
            format!("{}中“{field}”字段写了两次，请只保留一个", item(within))
        }
        F::ExpectedComma => "此处应有半角逗号“,”分隔前后两项，或应为右括号；是否在此之前漏了“,”或右引号“\"”？".into(),
        F::ExpectedFieldName => "此处应为字段名（如“name:”“due:”）；是否多了一个字符？".into(),
        F::ExpectedInteger => "此处应为整数（如 2018 或 14）".into(),
        F::ExpectedNumber => "此处应为数字（如 12.5）".into(),
        F::ExpectedText => "此处应为用半角双引号括起的文字（如 \"区农工委\"）".into(),
        F::UnclosedText => "引号中的文字没有结束，缺少右引号“\"”".into(),
        F::ExpectedList => "此处应为用“[ ]”括起的列表".into(),
        F::ExpectedListEnd => "此处应为“]”结束列表，或在下一项前加“,”".into(),
        F::ExpectedItem(name) => format!("此处应为“{name}( ... )”"),
        F::ExpectedItemEnd => "此处应为“)”结束本项，或在下一个字段前加“,”".into(),
        F::UnclosedComment => "“/*”注释没有结束，缺少“*/”".into(),
        F::TooDeep => "括号嵌套过深（超过 128 层）；台账一般只需 5 层左右".into(),
        F::TrailingText => "台账结束的“)”之后还有内容；结尾之后不应再有文字".into(),
        F::IntegerOutOfBounds => "这个整数过大或过小；应为年份（如 2018）或天数（如 14）".into(),
        F::BadUnicodeEscape => "“\\u{...}”转义不是有效的字符；应为不超过 10FFFF 且不在 D800–DFFF 之间的编码（如“\\u{4e2d}”表示“中”），或直接写出该字符".into(),
        F::BadEscape(what) => format!(
            "文字中的“\\”转义无效（{what}）；应为“\\\"”“\\\\”“\\n”“\\t”或“\\u{{4e2d}}”，或直接写出该字符"
        ),
        F::EndOfFile => "文件在台账结束前就结束了：有“(”“[”或引号没有配对；应补全台账剩余部分和结尾的“)”".into(),
        F::OutOfRange(s) => format!("数值超出范围（{s}）；天数应为整数"),
        F::Ron(s) => format!("无法读取：{s}"),
        F::UnclosedAttribute => "“#![enable(”这一行没有结束，行尾应为“)]”，即“#![enable(implicit_some)]”（也可以删去这一行，tracker 会自行启用 implicit_some）".into(),
        F::NotUtf8 { byte } => format!(
            "字节 0x{byte:02X} 不是 UTF-8 文字；台账应以 UTF-8 编码保存（请在编辑器中另存为 UTF-8）"
        ),
        F::ConflictMarker => "git 合并冲突标记（<<<<<<<）：文件中同时有两个版本；请保留其一，删除 <<<<<<< ======= >>>>>>> 各行后重新载入".into(),
        F::FullWidth { c, ascii } => format!(
            "全角{}“{c}”（中文输入法输入），应为半角{}“{ascii}”",
            mark(*c),
            ascii_name(*ascii)
        ),
        F::IdeographicSpace => "全角空格（中文输入法输入），应为半角空格".into(),
        F::NumberWithUnit { number, unit } => format!(
            "数字“{number}{unit}”带了单位，此处应只写数字（{number}）：投资以亿元为单位，承诺的计量单位写在 measure 中"
        ),
        F::NotADate(s) => format!("“{s}”不是日期；应写成 YYYY-MM-DD，如 \"2018-03-31\""),
        F::NoSuchDay(s) => format!("{s} 不是日期（日历上没有这一天）；应为真实的日期，写成 YYYY-MM-DD"),
        F::NotAMonth { text, year } => {
            format!("“{text}”不是月份；应写成 YYYY-MM，如 \"{year}-05\"")
        }
        F::MonthOutsideYear { text, year } => {
            format!("月份“{text}”不在台账年度 {year} 年内；应为 {year} 年的月份")
        }
        F::MonthTwice(m) => format!("月份“{m}”写了两次；每月只应有一个数"),
        F::BadAmount { what, x } => format!("{}为 {x}；应为不小于 0 的有限数字", figure(*what)),
        F::TooLarge { what, x, max } => {
            let (unit, hint) = measure(*what);
            format!(
                "{}为 {}{unit}；最多应为 {}{unit}{hint}",
                figure(*what),
                compact(*x),
                compact(*max)
            )
        }
        F::DoneTooEarly { date, year } => format!(
            "完成日期 {date} 早于 {year} 年攻坚行动可能开始的时间；应不早于 {}-01-01",
            year - 1
        ),
        F::NotACampaignYear(y) => format!("{y} 不是攻坚年度；应为年份，如 2018"),
        F::DuplicateUnit { name, first } => {
            format!("单位“{name}”列出了两次（另见第 {} 个单位）；单位名称不能重复", first + 1)
        }
        F::DuplicateProject { name, first } => {
            format!("项目“{name}”列出了两次（另见第 {} 个项目）；项目名称不能重复", first + 1)
        }
        F::DuplicateMilestone {
            name,
            project,
            first,
        } => format!(
            "项目“{project}”中节点“{name}”出现了两次（另见第 {} 个节点）；同一项目内节点名称不能重复",
            first + 1
        ),
        F::UnknownCategory {
            category,
            categories,
        } => format!(
            "类别“{category}”不在 categories 中；应为其中之一：{}",
            categories.join("、")
        ),
        F::UnknownUnit { name, suggestion } => {
            let hint = suggestion
                .as_ref()
                .map(|s| format!("（是否为“{s}”？）"))
                .unwrap_or_default();
            format!("没有名为“{name}”的单位{hint}；应为台账中某个单位的名称")
        }
        F::EmptyUnitName => "有一个单位名称为空；应填写单位名称，如“区农工委”".into(),
        F::EmptyProjectName => "有一个项目名称为空；应填写项目名称".into(),
        F::SoonDaysNegative(d) => format!("soon_days 为 {d}；应为 0 或更多天"),
        F::RedDaysTooSmall(d) => format!("red_days 为 {d}；应为 1 或更多天"),
        F::TargetWithoutMeasure => {
            "有目标数却没有计量单位；应写成如“target: 24, measure: \"座\"”".into()
        }
        F::MeasureWithoutTarget => {
            "有计量单位却没有目标数；应写成如“target: 24, measure: \"座\"”".into()
        }
        F::NotAReading(p) => format!(
            "拼音“{p}”不是读音；应为用空格分开的拉丁字母音节，不带声调，如 \"chong qing lu\""
        ),
        F::HiddenCharacters(s) => format!(
            "“{s}”中有控制字符或不可见字符（或终端显示宽度不一的表情符号），显示为 ␛/\u{2426}；应为普通文字"
        ),
    }
}
