//! Realistic generated ledgers for benchmarks and tests (not a `tracker` command):
//! N projects with 5 milestones each, CJK names, 50 to 500 units, all four colours as of
//! 2018-06-15, pledges, progress logs and comments. Deterministic for a given seed.

use std::fmt::Write as _;

/// A seeded SplitMix64 generator: the same seed gives the same sequence on every machine,
/// so generated ledgers and the tests' random cases repeat exactly from run to run.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// A generator starting from `seed`.
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    /// The next 64 random bits.
    #[allow(clippy::should_implement_trait)] // not an iterator: it never ends
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    /// An index in `0..len` (0 when `len` is 0): `below` for lengths.
    pub fn index(&mut self, len: usize) -> usize {
        self.below(len as u64) as usize
    }

    /// One of `items`, which must not be empty.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.index(items.len())]
    }
}

const PLACES: &[&str] = &[
    "二七",
    "侯寨",
    "马寨",
    "金水源",
    "樱桃沟",
    "凤湖",
    "贾鲁河",
    "尖岗",
    "德化",
    "长江路",
    "京广",
    "嵩山",
    "大学路",
    "航海",
    "陇海",
    "建设路",
    "南湖",
    "西岗",
    "刘胡垌",
    "王胡砦",
];
const KINDS: &[&str] = &[
    "生态文化公园",
    "产业园",
    "安置房",
    "市政道路",
    "变电站",
    "人才公寓",
    "总部经济项目",
    "物流园",
    "科技园",
    "综合整治工程",
    "文旅小镇",
    "便民服务中心",
    "学校",
    "医院迁建",
    "游园",
    "公厕改造",
    "绿道",
    "污水处理厂",
    "商业综合体",
    "棚户区改造",
];
const UNIT_KINDS: &[&str] = &[
    "街道办事处",
    "管委会",
    "局",
    "委",
    "办",
    "乡",
    "镇",
    "公司",
    "中心",
    "指挥部",
];
const MILESTONES: [&str; 5] = [
    "完成立项审批",
    "完成土地摘牌",
    "开工建设",
    "主体封顶",
    "竣工投用",
];
const CATEGORIES: [&str; 5] = [
    "出彩项目",
    "重大产业项目",
    "新型城镇化项目",
    "生态建设项目",
    "社会民生项目",
];
const MEASURES: &[&str] = &["个", "座", "套", "条", "公里", "万㎡", "亿元"];

/// Days from 2018-01-01 to the date string; 2018 is not a leap year.
fn date(day_of_year: u64) -> String {
    const MONTHS: [u64; 12] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let mut d = day_of_year.min(364);
    for (m, len) in MONTHS.iter().enumerate() {
        if d < *len {
            return format!("2018-{:02}-{:02}", m + 1, d + 1);
        }
        d -= len;
    }
    "2018-12-31".to_string()
}

/// The number of units for `projects` projects: one per 20 projects, 50 to 500.
pub fn unit_count(projects: usize) -> usize {
    (projects / 20).clamp(50, 500)
}

/// A ledger of `projects` projects as RON text, pretty-printed the way an office writes it.
pub fn ledger_text(projects: usize, seed: u64) -> String {
    let mut rng = Rng::new(seed);
    let units = unit_count(projects);
    let mut out = String::with_capacity(projects * 1300 + units * 300);
    out.push_str("#![enable(implicit_some)]\n// 生成的台账：用于性能测试\nLedger(\n");
    let _ = writeln!(out, "    title: \"生成台账（{projects}个项目）\",");
    out.push_str("    year: 2018,\n    office: \"单位1\",\n    categories: [");
    for (i, c) in CATEGORIES.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        let _ = write!(out, "\"{c}\"");
    }
    out.push_str("],\n    warning: (soon_days: 14, red_days: 30),\n    units: [\n");
    let unit_names: Vec<String> = (0..units)
        .map(|i| {
            let place = PLACES[i % PLACES.len()];
            let kind = UNIT_KINDS[(i / PLACES.len()) % UNIT_KINDS.len()];
            if i == 0 {
                "单位1".to_string()
            } else {
                format!("{place}{kind}{i}")
            }
        })
        .collect();
    for name in &unit_names {
        let _ = writeln!(out, "        Unit(\n            name: \"{name}\",");
        let _ = writeln!(
            out,
            "            leader: \"{}某\",",
            rng.pick(&["张", "王", "李", "赵", "刘"])
        );
        out.push_str("            pledges: [\n");
        for _ in 0..1 + rng.below(3) {
            let target = 1 + rng.below(200);
            let progress = rng.below(target + 1);
            let measure = rng.pick(MEASURES);
            let _ = writeln!(
                out,
                "                Pledge(text: \"完成{}项目{target}{measure}\", due: \"2018-12-31\", target: {target}, measure: \"{measure}\", progress: {progress}),",
                rng.pick(KINDS)
            );
        }
        out.push_str("            ],\n        ),\n");
    }
    out.push_str("    ],\n    projects: [\n");
    for i in 0..projects {
        if i % 50 == 0 {
            let _ = writeln!(out, "        // 第{}批", i / 50 + 1);
        }
        let lead = &unit_names[rng.below(units as u64) as usize];
        let support = &unit_names[rng.below(units as u64) as usize];
        let plan = 1 + rng.below(50);
        let done = rng.below(plan * 10 + 1) as f64 / 10.0;
        let _ = writeln!(out, "        Project(");
        let _ = writeln!(
            out,
            "            name: \"{}{}{i}\",",
            rng.pick(PLACES),
            rng.pick(KINDS)
        );
        let _ = writeln!(out, "            category: \"{}\",", CATEGORIES[i % 5]);
        let _ = writeln!(out, "            lead: \"{lead}\",");
        let _ = writeln!(out, "            support: [\"{support}\"],");
        let _ = writeln!(
            out,
            "            investment: (total: {}.0, plan: {plan}.0, done: {done:.1}),",
            plan * 3
        );
        out.push_str("            milestones: [\n");
        // Five milestones spread over the year; earlier ones done more often, so every
        // colour appears on 2018-06-15 (day 165).
        let start = rng.below(150);
        for (k, name) in MILESTONES.iter().enumerate() {
            let due = start + k as u64 * (20 + rng.below(40));
            let _ = write!(
                out,
                "                Milestone(name: \"{name}\", due: \"{}\"",
                date(due)
            );
            if due < 165 && rng.below(10) < 6 {
                let done_day = (due + rng.below(20)).saturating_sub(10).min(165);
                let _ = write!(out, ", done: \"{}\", by: \"攻坚办\"", date(done_day));
            }
            out.push_str("),\n");
        }
        out.push_str("            ],\n");
        if rng.below(4) == 0 {
            let _ = writeln!(
                out,
                "            updates: [\n                Update(date: \"{}\", text: \"完成进度{}%\", by: \"攻坚办\"),\n            ],",
                date(rng.below(165)),
                rng.below(100)
            );
        }
        out.push_str("        ),\n");
    }
    out.push_str("    ],\n)\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_text_and_it_loads_with_all_colours() {
        let a = ledger_text(200, 7);
        assert_eq!(a, ledger_text(200, 7));
        assert_ne!(a, ledger_text(200, 8));
        let (ledger, warnings) = crate::ledger::load_str(&a).expect("generated ledger loads");
        assert!(warnings.is_empty());
        assert_eq!(ledger.projects.len(), 200);
        assert_eq!(ledger.units.len(), 50);
        let today = chrono::NaiveDate::from_ymd_opt(2018, 6, 15).expect("date");
        let t = crate::rules::totals(&ledger, &ledger.projects, today);
        assert_eq!(t.milestones, 1000);
        for c in crate::rules::Colour::BY_SEVERITY {
            assert!(t.counts.get(c) > 0, "{c:?}");
        }
    }

    #[test]
    fn the_rng_is_splitmix64_and_repeats_its_sequence() {
        // The published SplitMix64 outputs for seed 0: tests that replay a seed rely on them.
        let mut rng = Rng::new(0);
        assert_eq!(rng.next(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(rng.next(), 0x6E78_9E6A_A1B9_65F4);
        let (mut a, mut b) = (Rng::new(42), Rng::new(42));
        for _ in 0..100 {
            assert_eq!(a.below(1000), b.below(1000));
        }
        assert_eq!(a.below(0), 0);
        assert_eq!(*a.pick(&["only"]), "only");
    }
}
