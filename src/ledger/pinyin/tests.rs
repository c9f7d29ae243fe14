use super::*;

#[test]
fn full_pinyin_and_initials_match() {
    for q in [
        "nanshuibeidiao",
        "NanShuiBeiDiao",
        "nan shui",
        "nanshuib",
        "shuibei",
    ] {
        assert_eq!(
            tier("南水北调生态文化公园", None, q),
            Some(Tier::Full),
            "{q}"
        );
    }
    for q in ["nsbd", "NSBD", "sbd", "nanshuibd", "nsbeidiao"] {
        assert_eq!(
            tier("南水北调生态文化公园", None, q),
            Some(Tier::Initials),
            "{q}"
        );
    }
    for q in ["nsbx", "beinan", "nsbdz"] {
        assert_eq!(tier("南水北调生态文化公园", None, q), None, "{q}");
    }
}

#[test]
fn every_reading_of_a_polyphonic_character_counts() {
    for q in ["chongqing", "zhongqing"] {
        assert_eq!(tier("重庆路", None, q), Some(Tier::Full), "{q}");
    }
    for q in ["cq", "zq", "cql"] {
        assert_eq!(tier("重庆路", None, q), Some(Tier::Initials), "{q}");
    }
    // 区 reads qu (and ou): both.
    assert_eq!(tier("区农工委", None, "qngw"), Some(Tier::Initials));
    assert_eq!(tier("区农工委", None, "ongw"), Some(Tier::Initials));
    assert_eq!(tier("重庆路", None, "xq"), None);
    // ü is typed v, as on a pinyin keyboard.
    assert_eq!(tier("绿化完成", None, "lvhua"), Some(Tier::Full));
}

#[test]
fn latin_letters_and_digits_match_as_written() {
    assert_eq!(tier("G107国道改造", None, "g107gd"), Some(Tier::Initials));
    assert_eq!(tier("G107国道改造", None, "g107guodao"), Some(Tier::Full));
    assert_eq!(tier("Ｇ１０７国道", None, "g107"), Some(Tier::Full));
    assert_eq!(tier("（一期）南水", None, "yiqi"), Some(Tier::Full));
    assert_eq!(tier("G107 国道", None, "g107gd"), Some(Tier::Initials));
    assert_eq!(
        tier("教育文化工程（学校建设）", None, "gcxx"),
        Some(Tier::Initials)
    );
    // A letter the table has no reading for stops a match.
    assert_eq!(tier("南α北", None, "nb"), None);
    assert_eq!(tier("南α北", None, "n"), Some(Tier::Full));
    // Chinese text is the substring search's business, not this.
    assert!(Query::new("南水").is_none());
    assert!(Query::new("123").is_none());
}

#[test]
fn the_whole_name_by_readings() {
    let r = Reading::of("区农工委", None);
    let q = |s| Query::new(s).expect("a query");
    assert_eq!(r.whole(&q("qunonggongwei")), Some(Tier::Full));
    assert_eq!(r.whole(&q("qngw")), Some(Tier::Initials));
    assert_eq!(r.whole(&q("ngw")), None);
    assert_eq!(r.whole(&q("qngwx")), None);
    assert_eq!(r.within(&q("ngw")), Some(Tier::Initials));
}

#[test]
fn an_override_replaces_the_table() {
    // Read the override's way only: the table's 长 (chang, zhang) no longer counts.
    let r = Reading::of("长江路", Some("Chang Jiang Lu"));
    let q = |s| Query::new(s).expect("a query");
    assert_eq!(r.whole(&q("cjl")), Some(Tier::Initials));
    assert_eq!(r.whole(&q("changjianglu")), Some(Tier::Full));
    assert_eq!(r.within(&q("zjl")), None);
    assert_eq!(
        Reading::of("长江路", None).within(&q("zjl")),
        Some(Tier::Initials)
    );
}

#[test]
fn many_names_at_once() {
    let mut all = Readings::default();
    for n in ["南水北调生态文化公园", "重庆路", "南三环"] {
        all.push(n, None).expect("fits");
    }
    let q = Query::new("ns").expect("a query");
    assert_eq!(all.matching(&q).collect::<Vec<_>>(), vec![0, 2]);
    let q = Query::new("zq").expect("a query");
    assert_eq!(all.matching(&q).collect::<Vec<_>>(), vec![1]);
}

/// The sample's units (data/erqi-2018.ron) in CLDR's pinyin order.
#[test]
fn units_sort_in_pinyin_order() {
    let text = std::fs::read_to_string("data/erqi-2018.ron").expect("the sample");
    let ledger = crate::ledger::load_str(&text).expect("loads").0;
    let order = NameOrder::new().expect("compiled data");
    let mut names: Vec<&str> = ledger.units.iter().map(|u| u.name.as_str()).collect();
    names.sort_by_key(|n| order.key(n, None));
    assert_eq!(
        names,
        [
            "德化街道",             // de
            "二七新区管委会",       // er
            "河南上林置业有限公司", // he
            "侯寨乡",               // hou
            "解放路街道",           // jie
            "金水源街道筹备组",     // jin
            "马寨产业集聚区管委会", // ma
            "区城管执法局",         // qu cheng guan
            "区城建局",             // qu cheng jian
            "区发改委",
            "区攻坚办",
            "区检察院",
            "区教体局",
            "区科技局",
            "区民政局",
            "区农工委",
            "区商务局",
            "区卫计委",
            "区征迁办",
            "区政府办公室",
            "区住建局",
            "郑州华侨城都市置业有限公司", // zheng
        ]
    );
}

#[test]
fn an_override_sorts_by_its_syllables() {
    let order = NameOrder::new().expect("compiled data");
    let key = |n, p| order.key(n, p);
    // The collator reads 长 as zhang; the override puts 长江路 among the c's.
    assert!(key("长江路", None) > key("区农工委", None));
    assert!(key("长江路", Some("chang jiang lu")) < key("德化街道", None));
    assert!(key("长江路", Some("chang jiang lu")) > key("阿里", None));
    assert_eq!(order.compare("重庆", "德化"), Ordering::Less);
}
