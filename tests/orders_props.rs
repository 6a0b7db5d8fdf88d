//! Properties of verdicts over whole order lines, with the built-in rules,
//! party lists and measures:
//!
//! - the per-thread cache of field values is invisible: a verdict is the
//!   same the first time a value is seen, the second time, and from a new
//!   screener whose cache is empty;
//! - naming a party of the Export Control List whose listing is in force as
//!   consignee never lowers the level of an order line, and with a CN
//!   dual-use item makes it `prohibited`;
//! - an origin outside China makes every line `clear`, whatever else it
//!   says, unless the item is a magnet or target that MOFCOM No. 61 of 2025
//!   covers when made abroad with China-origin content: then `review`,
//!   for that reason alone;
//! - the level is the most severe of the levels a line's fields give alone.

use dualuse::{
    Item, Level, ListKind, ListingStatus, Matcher, Measures, NaiveDate, Order, OrderScreener,
    PartyLists, Reason, Verdict,
};
use proptest::prelude::*;
use std::sync::OnceLock;

fn date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()
}

fn matcher() -> &'static Matcher {
    Matcher::builtin().expect("built-in rules compile")
}

fn screener() -> OrderScreener {
    OrderScreener::new(
        PartyLists::builtin().expect("built-in party lists load"),
        Measures::builtin().expect("built-in measures load"),
    )
}

/// One screener shared by the cases (its cache warms up across them).
fn shared() -> &'static OrderScreener {
    static S: OnceLock<OrderScreener> = OnceLock::new();
    S.get_or_init(screener)
}

/// Every name of every party whose listing is on the Export Control List
/// and in force on [`date`].
fn in_force_control_names() -> &'static [String] {
    static N: OnceLock<Vec<String>> = OnceLock::new();
    N.get_or_init(|| {
        let lists = PartyLists::builtin().unwrap();
        lists
            .parties()
            .iter()
            .filter(|p| {
                let list = lists.list_of(p).unwrap();
                list.kind == ListKind::Control
                    && p.status_at(list, date()) == ListingStatus::InForce
            })
            .map(|p| p.name.clone())
            .collect()
    })
}

fn descriptions() -> impl Strategy<Value = String> {
    prop_oneof![
        // CN dual-use items of Nos. 18, 23 and 33.
        Just("Gallium metal 99.9999%, 1 kg ingot".to_string()),
        Just("Terbium oxide Tb4O7 99.99%".to_string()),
        Just("高纯三氧化二锑 4N 粉末".to_string()),
        Just("Dysprosium-containing NdFeB sintered magnet N52SH".to_string()),
        Just("Terbium sputtering target 99.9%, 3 inch".to_string()),
        // Not controlled.
        Just("Stainless steel hex bolt M8".to_string()),
        Just("Office chair, mesh back".to_string()),
        "\\PC{0,40}",
    ]
}

fn countries() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "JP",
        "US",
        "DE",
        "CN",
        "SG",
        "jp",
        "Japan",
        "日本",
        "アメリカ",
        "",
        " ",
        "Atlantis",
    ])
    .prop_map(str::to_string)
}

fn parties() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(in_force_control_names().to_vec()),
        prop::sample::select(vec![
            "Mitsubishi Heavy Industries, Ltd.",
            "Acme Trading Co., Ltd.",
            "Japan Ground Self-Defense Force",
            "陸上自衛隊",
            "",
        ])
        .prop_map(str::to_string),
        "\\PC{0,30}",
    ]
}

fn uses() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "automotive motors",
        "military aircraft",
        "防衛装備",
        "research",
        "",
    ])
    .prop_map(str::to_string)
}

/// The fields of an order line: description, destination, consignee, end
/// user, end use, origin (`None`: the column is absent).
type Line = (String, String, String, String, String, Option<String>);

fn lines() -> impl Strategy<Value = Line> {
    (
        descriptions(),
        countries(),
        parties(),
        parties(),
        uses(),
        proptest::option::of(countries()),
    )
}

fn verdict<'a>(s: &'a OrderScreener, line: &'a Line) -> Verdict<'a> {
    let (desc, dest, consignee, end_user, end_use, origin) = line;
    let item = Item::new(desc).as_of(date());
    let mut order = Order::new(item)
        .destination(dest)
        .consignee(consignee)
        .end_user(end_user)
        .end_use(end_use);
    if let Some(o) = origin {
        order = order.origin(o);
    }
    s.verdict(&order, &matcher().classify(&item), date())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn the_field_cache_is_invisible(line in lines()) {
        let first = verdict(shared(), &line);
        let again = verdict(shared(), &line);
        let fresh_screener = screener();
        let fresh = verdict(&fresh_screener, &line);
        prop_assert_eq!(&first, &again);
        prop_assert_eq!(&first, &fresh);
    }

    #[test]
    fn a_listed_consignee_never_lowers_the_level(
        line in lines(),
        listed in prop::sample::select(in_force_control_names().to_vec()),
    ) {
        let origin_outside_china = line.5.as_deref().is_some_and(|o| {
            !o.trim().is_empty() && !matches!(o.trim(), "CN" | "Atlantis" | " " | "")
        });
        let without = verdict(shared(), &line);
        let mut with = line.clone();
        with.2 = listed.clone();
        let with = verdict(shared(), &with);
        if origin_outside_china {
            // Who receives it does not matter then.
            prop_assert_eq!(with.level, without.level);
        } else {
            prop_assert!(with.level >= without.level,
                "{listed}: {:?} < {:?}", with.level, without.level);
            prop_assert!(with.reasons.iter().any(|r| matches!(r, Reason::Party { field: "consignee", .. })),
                "{listed} not found as consignee: {:?}", with.reasons);
            let has_item = with.reasons.iter().any(|r| matches!(r, Reason::Items { .. }));
            if has_item {
                prop_assert_eq!(with.level, Level::Prohibited, "{}", listed);
            }
        }
    }

    #[test]
    fn an_origin_outside_china_is_clear(
        line in lines(),
        origin in prop::sample::select(vec!["JP", "US", "DE", "Japan", "日本", "us"]),
    ) {
        let mut line = line;
        line.5 = Some(origin.to_string());
        let v = verdict(shared(), &line);
        // No. 61's reason, and an unknown destination's, and no other.
        let foreign_made = v.reasons.iter().any(|r| matches!(r, Reason::ForeignMade { .. }))
            && v.reasons.iter().all(|r| {
                matches!(r, Reason::ForeignMade { .. } | Reason::UnknownCountry { .. })
            });
        match v.level {
            Level::Clear => {
                let only_origin = matches!(v.reasons[..], [Reason::Origin { .. }]);
                prop_assert!(only_origin, "{:?}", v.reasons);
            }
            Level::Review => prop_assert!(foreign_made, "{:?}", v.reasons),
            other => prop_assert!(false, "{other:?}: {:?}", v.reasons),
        }
        // No. 61 does not apply to goods going to China.
        line.1 = "CN".to_string();
        prop_assert_eq!(verdict(shared(), &line).level, Level::Clear);
    }

    /// Each field alone gives a level; the line's level is the most severe
    /// of them (with the item, which every field's line shares).
    #[test]
    fn the_level_is_the_most_severe_field(line in lines()) {
        let (desc, dest, consignee, end_user, end_use, _) = line.clone();
        let without_origin = (desc.clone(), dest.clone(), consignee.clone(), end_user.clone(), end_use.clone(), None);
        let whole = verdict(shared(), &without_origin);
        let blank = String::new();
        let alone = [
            (dest.clone(), blank.clone(), blank.clone(), blank.clone()),
            (dest.clone(), consignee, blank.clone(), blank.clone()),
            (dest.clone(), blank.clone(), end_user, blank.clone()),
            (dest, blank.clone(), blank, end_use),
        ];
        let most = alone
            .into_iter()
            .map(|(d, c, u, e)| verdict(shared(), &(desc.clone(), d, c, u, e, None)).level)
            .max()
            .unwrap();
        // A military end user and a military end use each suffice for
        // No. 1 of 2026; no level needs two fields together.
        prop_assert_eq!(whole.level, most, "{:?}", whole.reasons);
    }
}

/// Every listed English name, written with the abbreviations order systems
/// use (`MHI`, `KHI`, `Ind.`, `Hvy`, `Sys.`, `Equip.`, `Mach.`, `Mfg.`,
/// `Int'l`), still names its party in full.
#[test]
fn abbreviated_listed_names_still_match() {
    let lists = PartyLists::builtin().unwrap();
    let s = shared();
    let mut checked = 0;
    for p in lists.parties() {
        let abbreviated = [
            ("Mitsubishi Heavy Industries", "MHI"),
            ("MITSUBISHI HEAVY INDUSTRIES", "MHI"),
            ("Kawasaki Heavy Industries", "KHI"),
            ("KAWASAKI HEAVY INDUSTRIES", "KHI"),
            ("Industries", "Ind."),
            ("INDUSTRIES", "IND"),
            ("Heavy", "Hvy"),
            ("Systems", "Sys."),
            ("Equipment", "Equip."),
            ("Machinery", "Mach."),
            ("Manufacturing", "Mfg."),
            ("International", "Int'l"),
        ]
        .iter()
        .fold(p.name.clone(), |n, (long, short)| n.replace(long, short));
        if abbreviated == p.name {
            continue;
        }
        checked += 1;
        let line: Line = (
            "Gallium metal 99.99%".into(),
            "JP".into(),
            abbreviated.clone(),
            String::new(),
            String::new(),
            None,
        );
        let v = verdict(s, &line);
        let named = v.reasons.iter().any(|r| {
            matches!(r, Reason::Party { party, how, .. } if *party == p.id && *how != "partial")
        });
        assert!(named, "{abbreviated:?} ({}): {:?}", p.id, v.reasons);
    }
    assert!(checked >= 10, "{checked}");
}
