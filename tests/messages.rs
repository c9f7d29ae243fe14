//! What `tracker check` and the commands say, in both languages: each input-method slip
//! named at its line and column, the README's broken example, and the commands' errors.

mod common;

use std::path::Path;

use common::{stderr, stdout, tracker};

/// A small valid ledger; each slip is typed into a copy of it.
const LEDGER: &str = r#"Ledger(
    title: "测试台账",
    year: 2018,
    categories: ["生态建设项目"],
    units: [
        Unit(name: "区城管局"),
    ],
    projects: [
        Project(name: "公园", lead: "区城管局", milestones: [Milestone(name: "开工", due: "2018-06-30")]),
    ],
)
"#;

/// `tracker check --lang LANG` on `text`: exit code, stdout, stderr (the file's name
/// replaced by FILE).
fn check(text: &str, lang: &str) -> (Option<i32>, String, String) {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("ledger.ron");
    std::fs::write(&path, text).expect("write");
    let file = path.to_str().expect("utf-8");
    let out = tracker(&["check", "--lang", lang, file]);
    assert_eq!(
        std::fs::read_to_string(&path).expect("read"),
        text,
        "untouched"
    );
    (
        out.status.code(),
        stdout(&out).replace(file, "FILE"),
        stderr(&out).replace(file, "FILE"),
    )
}

/// (the line as typed, the line it replaces, the messages in Chinese, in English).
type Slip = (
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
);

const SLIPS: &[Slip] = &[
    (
        "    year: 2018，",
        "    year: 2018,",
        &["FILE 第 3 行第 15 列是全角逗号“，”（中文输入法输入），应为半角逗号“,”"],
        &[
            "FILE:3:15: a full-width comma `，` (typed by a Chinese input method) where the ledger needs the ASCII `,`",
        ],
    ),
    (
        "    year：2018,",
        "    year: 2018,",
        &["FILE 第 3 行第 9 列是全角冒号“：”（中文输入法输入），应为半角冒号“:”"],
        &[
            "FILE:3:9: a full-width colon `：` (typed by a Chinese input method) where the ledger needs the ASCII `:`",
        ],
    ),
    (
        "        Unit（name: \"区城管局\"),",
        "        Unit(name: \"区城管局\"),",
        &["FILE 第 6 行第 13 列是全角左括号“（”（中文输入法输入），应为半角左括号“(”"],
        &[
            "FILE:6:13: a full-width opening parenthesis `（` (typed by a Chinese input method) where the ledger needs the ASCII `(`",
        ],
    ),
    (
        "        Unit(name: \"区城管局\"）,",
        "        Unit(name: \"区城管局\"),",
        &["FILE 第 6 行第 26 列是全角右括号“）”（中文输入法输入），应为半角右括号“)”"],
        &[
            "FILE:6:26: a full-width closing parenthesis `）` (typed by a Chinese input method) where the ledger needs the ASCII `)`",
        ],
    ),
    (
        "    title: “测试台账”,",
        "    title: \"测试台账\",",
        &[
            "FILE 第 2 行第 12 列是全角左双引号““”（中文输入法输入），应为半角双引号“\"”",
            "FILE 第 2 行第 17 列是全角右双引号“””（中文输入法输入），应为半角双引号“\"”",
        ],
        &[
            "FILE:2:12: a full-width opening quotation mark `“` (typed by a Chinese input method) where the ledger needs the ASCII `\"`",
            "FILE:2:17: a full-width closing quotation mark `”` (typed by a Chinese input method) where the ledger needs the ASCII `\"`",
        ],
    ),
    (
        "    title: ‘测试台账’,",
        "    title: \"测试台账\",",
        &[
            "FILE 第 2 行第 12 列是全角左单引号“‘”（中文输入法输入），应为半角单引号“'”",
            "FILE 第 2 行第 17 列是全角右单引号“’”（中文输入法输入），应为半角单引号“'”",
        ],
        &[
            "FILE:2:12: a full-width opening single quotation mark `‘` (typed by a Chinese input method) where the ledger needs the ASCII `'`",
            "FILE:2:17: a full-width closing single quotation mark `’` (typed by a Chinese input method) where the ledger needs the ASCII `'`",
        ],
    ),
    (
        "    year: 2018；",
        "    year: 2018,",
        &["FILE 第 3 行第 15 列是全角分号“；”（中文输入法输入），应为半角逗号“,”"],
        &[
            "FILE:3:15: a full-width semicolon `；` (typed by a Chinese input method) where the ledger needs the ASCII `,`",
        ],
    ),
    (
        "    categories: 【\"生态建设项目\"】,",
        "    categories: [\"生态建设项目\"],",
        &[
            "FILE 第 4 行第 17 列是全角左方括号“【”（中文输入法输入），应为半角左方括号“[”",
            "FILE 第 4 行第 26 列是全角右方括号“】”（中文输入法输入），应为半角右方括号“]”",
        ],
        &[
            "FILE:4:17: a full-width opening bracket `【` (typed by a Chinese input method) where the ledger needs the ASCII `[`",
            "FILE:4:26: a full-width closing bracket `】` (typed by a Chinese input method) where the ledger needs the ASCII `]`",
        ],
    ),
    (
        "    year:\u{3000}2018,",
        "    year: 2018,",
        &["FILE 第 3 行第 10 列是全角空格（中文输入法输入），应为半角空格"],
        &[
            "FILE:3:10: a full-width (ideographic) space, typed by a Chinese input method, where the ledger needs an ASCII space",
        ],
    ),
];

#[test]
fn each_input_method_slip_is_named_at_its_place_in_both_languages() {
    for (typed, replaces, zh, en) in SLIPS {
        assert!(LEDGER.contains(replaces), "{replaces}");
        let text = LEDGER.replacen(replaces, typed, 1);
        for (lang, want) in [("zh", zh), ("en", en)] {
            let (code, out, err) = check(&text, lang);
            assert_eq!(code, Some(1), "{typed} ({lang}): {err}");
            assert!(out.is_empty(), "{out}");
            for line in want.iter() {
                assert!(
                    err.lines().any(|l| l == *line),
                    "{typed} ({lang}): no line\n{line}\nin\n{err}"
                );
            }
        }
    }
}

#[test]
fn the_same_marks_inside_strings_and_comments_are_text() {
    let marks = "，：（）“”‘’；【】\u{3000}";
    let text = LEDGER
        .replacen("\"测试台账\"", &format!("\"测试台账{marks}\""), 1)
        .replacen("    year: 2018,", &format!("    year: 2018, // {marks}"), 1);
    for lang in ["zh", "en"] {
        let (code, out, err) = check(&text, lang);
        assert_eq!(code, Some(0), "{err}");
        assert!(err.is_empty(), "{err}");
        assert!(out.starts_with("FILE"), "{out}");
    }
}

#[test]
fn a_number_written_with_its_unit_says_so_in_both_languages() {
    let text = LEDGER.replacen(
        "lead: \"区城管局\",",
        "lead: \"区城管局\", investment: (plan: 25万),",
        1,
    );
    let (_, _, zh) = check(&text, "zh");
    assert!(
        zh.contains("第 9 行第 62 列是数字“25万”带了单位，此处应只写数字（25）"),
        "{zh}"
    );
    let (_, _, en) = check(&text, "en");
    assert!(
        en.contains(
            "FILE:9:62: the number 25万 is written with its unit; expected the number alone (25)"
        ),
        "{en}"
    );
}

/// The README's broken example, in both languages, line for line.
#[test]
fn check_on_the_broken_example_in_both_languages() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("data/examples/broken.ron")).expect("example");
    let (code, out, zh) = check(&text, "zh");
    assert_eq!((code, out.as_str()), (Some(1), ""));
    assert_eq!(
        zh,
        "FILE 第 7 行第 40 列：red_days 为 0；应为 1 或更多天\n\
         FILE 第 16 行第 19 列：没有名为“农工委”的单位（是否为“区农工委”？）；应为台账中某个单位的名称\n\
         FILE 第 20 行第 46 列：2018-02-30 不是日期（日历上没有这一天）；应为真实的日期，写成 YYYY-MM-DD\n\
         FILE：发现 3 处问题，文件未作任何改动\n"
    );
    let (_, _, en) = check(&text, "en");
    assert_eq!(
        en,
        "FILE:7:40: red_days is 0; expected 1 or more days\n\
         FILE:16:19: no unit is named \"农工委\" (did you mean \"区农工委\"?); expected the name of one of the ledger's units\n\
         FILE:20:46: 2018-02-30 is not a date (no such day in the calendar); expected a real day as YYYY-MM-DD\n\
         FILE: 3 problems found; nothing was changed\n"
    );
}

/// Each command's refusal, in both languages: (arguments after FILE, Chinese, English).
#[test]
fn the_commands_errors_in_both_languages() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let sample = std::fs::read_to_string(root.join("data/erqi-2018.ron")).expect("sample");
    let cases: &[(&[&str], &str, &str)] = &[
        (
            &["done", "FILE", "足球文化产业圆", "开工建设"],
            "没有名为“足球文化产业圆”的项目（是否为“足球文化产业园”？）",
            "no project named \"足球文化产业圆\" (did you mean \"足球文化产业园\"?)",
        ),
        (
            &["done", "FILE", "足球文化产业园", "竣工"],
            "项目“足球文化产业园”中没有节点“竣工”；该项目的节点有：完成立项审批、开工建设、主体结构封顶",
            "project \"足球文化产业园\" has no milestone \"竣工\"; it has: 完成立项审批, 开工建设, 主体结构封顶",
        ),
        (
            &["done", "FILE", "足球文化产业园", "开工建设"],
            "足球文化产业园 / 开工建设 已于 2018-04-12 由 攻坚办 销号，未作改动（加 --force 可替换日期和填报人）",
            "足球文化产业园 / 开工建设 was already crossed off on 2018-04-12 by 攻坚办; nothing was changed (--force replaces the date and who)",
        ),
        (
            &[
                "move",
                "FILE",
                "足球文化产业园",
                "主体结构封顶",
                "--due",
                "2018-02-30",
            ],
            "日历上没有 2018-02-30 这一天；未写入",
            "2018-02-30 is no day in the calendar; nothing was written",
        ),
        (
            &["invest", "FILE", "足球文化产业园", "--plan=-3"],
            "年度计划投资为 -3，应为不小于 0 的数；未写入",
            "investment plan is -3; expected a number, 0 or more; nothing was written",
        ),
        (
            &["add", "unit", "FILE", "区农工委"],
            "单位名称“区农工委”已被使用；未写入",
            "a unit named \"区农工委\" already exists; nothing was written",
        ),
        (
            &["remove", "project", "FILE", "足球文化产业园"],
            "将删除项目 足球文化产业园（含 3 个节点、2 条进度填报）；未作改动（确认删除请加 --yes）",
            "would remove project 足球文化产业园 with 3 milestone(s) and 2 progress line(s); nothing was changed (add --yes to remove it)",
        ),
        (
            &["report", "brief", "FILE", "--days", "-1"],
            "--days -1 为负数；应为 0 或更多天",
            "--days -1 is negative; expected 0 or more days",
        ),
        (
            &["rename", "unit", "FILE", "区城管局", "新名"],
            "没有名为“区城管局”的单位（是否为“区城建局”、“区城管执法局”？）",
            "no unit named \"区城管局\" (did you mean \"区城建局\", \"区城管执法局\"?)",
        ),
        (
            &["pledge", "FILE", "区攻坚办", "新开工", "--progress", "3"],
            "“新开工”对应多个承诺：“新开工项目65个”、“新开工安置房260万㎡”；请多写几个字",
            "\"新开工\" fits the names of several pledges: \"新开工项目65个\", \"新开工安置房260万㎡\"; give more of the name",
        ),
        (
            &[
                "invest",
                "FILE",
                "足球文化产业园",
                "--month",
                "2019-05",
                "--done",
                "1",
            ],
            "“2019-05”不是台账年度 2018 年的月份；可写 2018-05、5 或 5月；未写入",
            "\"2019-05\" is not a month of the ledger's year 2018; write it as 2018-05, 5 or 5月; nothing was written",
        ),
        (
            &[
                "add",
                "milestone",
                "FILE",
                "足球文化产业园",
                "验收",
                "--due",
                "2016-05-01",
            ],
            "2016-05-01 早于攻坚行动（台账年度为 2018 年）；应不早于 2017 年；未写入",
            "2016-05-01 is before the campaign (the ledger's year is 2018); expected a date from 2017 on; nothing was written",
        ),
        (
            &["remove", "unit", "FILE", "区科技局", "--yes"],
            "单位“区科技局”仍被以下项目引用，不能删除：“U创港”创新创业载体、中物军民融合双创科技园；未写入",
            "unit \"区科技局\" is still named by projects: “U创港”创新创业载体, 中物军民融合双创科技园; it cannot be removed; nothing was written",
        ),
        (
            &["log", "FILE", "足球文化产业园", " "],
            "进度内容为空；请写明要填报的内容",
            "the progress line is empty; give the text to record",
        ),
    ];
    for (args, zh, en) in cases {
        for (lang, want) in [("zh", zh), ("en", en)] {
            let dir = tempfile::tempdir().expect("dir");
            let path = dir.path().join("ledger.ron");
            std::fs::write(&path, &sample).expect("write");
            let file = path.to_str().expect("utf-8");
            let mut full: Vec<&str> = args
                .iter()
                .map(|a| if *a == "FILE" { file } else { a })
                .collect();
            full.extend(["--lang", lang]);
            let out = tracker(&full);
            let prefix = if lang == "zh" {
                "tracker："
            } else {
                "tracker: "
            };
            assert_eq!(out.status.code(), Some(1), "{args:?} {lang}");
            assert_eq!(stderr(&out), format!("{prefix}{want}\n"), "{args:?} {lang}");
            assert_eq!(std::fs::read_to_string(&path).expect("read"), sample);
        }
    }
}

/// A file that cannot be read, in both languages.
#[test]
fn a_missing_file_or_a_folder_is_named_in_both_languages() {
    let dir = tempfile::tempdir().expect("dir");
    let none = dir.path().join("none.ron");
    let folder = dir.path().to_str().expect("utf-8").to_string();
    let none = none.to_str().expect("utf-8").to_string();
    for (file, zh, en) in [
        (&none, "文件不存在", "no such file"),
        (
            &folder,
            "台账不是普通文件（而是文件夹、设备或管道）；应为台账文件",
            "the ledger is not a regular file (a folder, device or pipe); expected a ledger file",
        ),
    ] {
        let out = tracker(&["check", file, "--lang", "zh"]);
        assert_eq!(stderr(&out), format!("tracker：{file}：{zh}\n"));
        let out = tracker(&["check", file, "--lang", "en"]);
        assert_eq!(stderr(&out), format!("tracker: {file}: {en}\n"));
    }
}

/// clap's usage errors and the help, in both languages.
#[test]
fn usage_errors_and_help_in_both_languages() {
    let out = tracker(&["--lang", "zh", "done", "ledger.ron"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "tracker：缺少必填参数：<PROJECT>、<MILESTONE>\n\n用法：tracker done <FILE> <PROJECT> <MILESTONE>\n\n更多信息：tracker --help\n"
    );
    let out = tracker(&["--lang", "en", "done", "ledger.ron"]);
    assert_eq!(
        stderr(&out),
        "tracker: missing a required argument: <PROJECT>, <MILESTONE>\n\nUsage: tracker done <FILE> <PROJECT> <MILESTONE>\n\nmore: tracker --help\n"
    );
    let out = tracker(&["--lang", "zh", "invest", "l.ron", "项目", "--mnth", "5"]);
    assert!(
        stderr(&out).starts_with("tracker：不认识的参数：--mnth\n"),
        "{}",
        stderr(&out)
    );
    let out = tracker(&[
        "report", "brief", "l.ron", "--format", "docx", "--lang", "zh",
    ]);
    assert!(
        stderr(&out).starts_with(
            "tracker：参数 --format <FORMAT> 的值“docx”无效：“docx”不是可用的格式；应为 md、txt、csv 或 xlsx"
        ),
        "{}",
        stderr(&out)
    );
    let out = tracker(&["--lang", "zh", "done", "--help"]);
    assert_eq!(out.status.code(), Some(0));
    let help = stdout(&out);
    assert!(help.starts_with("节点销号\n\n用法：tracker done"), "{help}");
    for line in [
        "  <PROJECT>    项目名称（可写开头几个字或拼音）",
        "      --date <DATE>    完成日期（默认：今天）",
        "  -h, --help           显示帮助",
    ] {
        assert!(help.contains(line), "{line}\n{help}");
    }
    let out = tracker(&["--lang", "en", "done", "--help"]);
    assert!(
        stdout(&out).starts_with("Cross off (销号) a milestone\n"),
        "{}",
        stdout(&out)
    );
}
