//! Verdicts: every level, from a small rule set, two party lists and the
//! built-in measures.

use super::*;
use crate::{Item, Matcher, Ruleset};

const RULES: &str = r#"
[ruleset]
id = "t"
regime = "CN"
title = "t"
instrument = "i"
source = "s"
effective = 2024-01-01
reviewed = 2026-11-30

[[rule]]
id = "CN-1C905.a.1"
control_code = "1C905.a.1"
category = "dual-use"
title = "Dysprosium metal"
elements = ["Dy"]
forms = ["metal"]
hs = ["8112.99"]

[[rule]]
id = "CN-3C001.a"
control_code = "3C001.a"
category = "dual-use"
title = "Gallium metal"
elements = ["Ga"]
forms = ["metal"]
"#;

const PARTIES: &str = r#"
[list]
id = "ecl"
regime = "CN"
kind = "control"
title = "Export Control List"
instrument = "MOFCOM Announcement No. 11 of 2026"
source = "s"
effective = 2026-02-24
reviewed = 2026-11-30

[[party]]
id = "ECL-1"
name = "Example Aero Engines, Ltd."
names = ["示例航空发动机株式会社"]
aliases = ["EAE"]
country = "JP"

[[party]]
id = "ECL-2"
name = "Paused Dynamics"
country = "US"
suspended = [{ from = 2025-11-10, until = 2026-11-09 }]
"#;

const WATCH: &str = r#"
[list]
id = "wl"
regime = "CN"
kind = "watch"
title = "Watch List"
instrument = "MOFCOM Announcement No. 12 of 2026"
source = "s"
effective = 2026-02-24
reviewed = 2026-11-30

[[party]]
id = "WL-1"
name = "Sample Materials Corporation"
country = "JP"
"#;

/// The rules and lists of these tests, built once (verdicts borrow them).
fn setup() -> &'static (Matcher, OrderScreener) {
    static SETUP: std::sync::OnceLock<(Matcher, OrderScreener)> = std::sync::OnceLock::new();
    SETUP.get_or_init(build)
}

fn build() -> (Matcher, OrderScreener) {
    let m = Matcher::new(Ruleset::from_source("r.toml", RULES).unwrap()).unwrap();
    let p = PartyLists::builder()
        .add_source("ecl.toml", PARTIES)
        .add_source("wl.toml", WATCH)
        .build()
        .unwrap();
    (m, OrderScreener::new(p, Measures::builtin().unwrap()))
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn level(o: Order<'_>, on: NaiveDate) -> (Level, Vec<Reason<'_>>) {
    let (m, s) = setup();
    let c = m.classify(&o.item().as_of(on));
    let v = s.verdict(&o, &c, on);
    (v.level, v.reasons)
}

const DY: &str = "Dysprosium metal 99.9%, 1 kg";

#[test]
fn listed_control_party_with_an_item_is_prohibited() {
    let on = date(2026, 11, 30);
    let (l, r) = level(
        Order::new(Item::new(DY)).consignee("Example Aero Engines, Ltd."),
        on,
    );
    assert_eq!(l, Level::Prohibited, "{r:?}");
    assert!(matches!(&r[0], Reason::Party { party, field: "consignee", .. } if *party == "ECL-1"));
    // Before the list took effect: a licence, no more.
    let (l, _) = level(
        Order::new(Item::new(DY)).consignee("Example Aero Engines, Ltd."),
        date(2026, 2, 1),
    );
    assert_eq!(l, Level::LicenceRequired);
}

#[test]
fn watch_list_party_needs_a_risk_assessment() {
    let (l, r) = level(
        Order::new(Item::new(DY)).end_user("Sample Materials Corporation"),
        date(2026, 11, 30),
    );
    assert_eq!(l, Level::LicenceRiskAssessment, "{r:?}");
}

#[test]
fn suspended_listing_means_licence_required() {
    let (l, r) = level(
        Order::new(Item::new(DY)).consignee("Paused Dynamics"),
        date(2026, 6, 1),
    );
    assert_eq!(l, Level::LicenceRequired, "{r:?}");
    assert!(r.iter().any(|x| matches!(
        x,
        Reason::Party {
            status: ListingStatus::Suspended,
            ..
        }
    )));
    let (l, _) = level(
        Order::new(Item::new(DY)).consignee("Paused Dynamics"),
        date(2026, 11, 10),
    );
    assert_eq!(l, Level::Prohibited);
}

#[test]
fn japanese_military_end_use_is_prohibited() {
    let on = date(2026, 11, 30);
    for (user, use_) in [
        ("Japan Ground Self-Defense Force", ""),
        ("", "陸上自衛隊向け"),
        ("防衛装備庁", ""),
    ] {
        let mut o = Order::new(Item::new(DY)).destination("Japan");
        if !user.is_empty() {
            o = o.end_user(user);
        }
        if !use_.is_empty() {
            o = o.end_use(use_);
        }
        let (l, r) = level(o, on);
        assert_eq!(l, Level::Prohibited, "{user} {use_}: {r:?}");
        assert!(
            matches!(&r[0], Reason::Destination { measure, .. } if *measure == "cn-mofcom-2026-1")
        );
    }
    // Before No. 1 of 2026: a licence.
    let (l, _) = level(
        Order::new(Item::new(DY))
            .destination("JP")
            .end_user("Japan Ground Self-Defense Force"),
        date(2025, 12, 1),
    );
    assert_eq!(l, Level::LicenceRequired);
    // A civil Japanese user: a licence.
    let (l, _) = level(
        Order::new(Item::new(DY))
            .destination("JP")
            .end_user("Tokyo University"),
        on,
    );
    assert_eq!(l, Level::LicenceRequired);
}

#[test]
fn us_paragraph_two_applies_after_its_suspension() {
    let ga = Order::new(Item::new("Gallium 99.99999% 1 kg ingot")).destination("US");
    assert_eq!(level(ga, date(2026, 11, 27)).0, Level::LicenceRequired);
    let (l, r) = level(ga, date(2026, 11, 28));
    assert_eq!(l, Level::Prohibited, "{r:?}");
    // Paragraph 1: a US military end user, for any dual-use item.
    let (l, _) = level(
        Order::new(Item::new(DY))
            .destination("USA")
            .end_user("US Army"),
        date(2026, 11, 27),
    );
    assert_eq!(l, Level::Prohibited);
}

#[test]
fn review_clear_and_origin() {
    let on = date(2026, 11, 30);
    // A listed party, no controlled item.
    let (l, _) = level(Order::new(Item::new("office chairs")).consignee("EAE"), on);
    assert_eq!(l, Level::Review);
    // A military end use, no controlled item.
    let (l, r) = level(
        Order::new(Item::new("office chairs"))
            .destination("JP")
            .end_use("for the Self-Defense Forces"),
        on,
    );
    assert_eq!(l, Level::Review, "{r:?}");
    // Only an HS lead.
    let (l, _) = level(
        Order::new(Item::new("metal parts").hs("8112.99")).destination("DE"),
        on,
    );
    assert_eq!(l, Level::Review);
    // An unknown destination.
    let (l, _) = level(
        Order::new(Item::new("office chairs")).destination("Atlantis"),
        on,
    );
    assert_eq!(l, Level::Review);
    // Nothing.
    let (l, r) = level(
        Order::new(Item::new("office chairs"))
            .destination("DE")
            .consignee("Acme GmbH"),
        on,
    );
    assert_eq!((l, r), (Level::Clear, vec![]));
    // Not of Chinese origin, and not an item of No. 61's annex: China's
    // measures do not apply.
    let (l, r) = level(
        Order::new(Item::new("Gallium metal 99.99999% ingot"))
            .origin("DE")
            .consignee("Example Aero Engines, Ltd."),
        on,
    );
    assert_eq!(l, Level::Clear);
    assert!(matches!(&r[0], Reason::Origin { .. }));
    // Chinese origin: they do.
    let (l, _) = level(
        Order::new(Item::new(DY))
            .origin("中国")
            .consignee("Example Aero Engines, Ltd."),
        on,
    );
    assert_eq!(l, Level::Prohibited);
}

#[test]
fn verdict_serializes_as_designed() {
    let (m, s) = setup();
    let on = date(2026, 11, 30);
    let o = Order::new(Item::new(DY)).consignee("EAE");
    let v = s.verdict(&o, &m.classify(&o.item().as_of(on)), on);
    let j = serde_json::to_value(&v).unwrap();
    assert_eq!(j["level"], "prohibited");
    assert_eq!(j["reasons"][0]["kind"], "party");
    assert_eq!(j["reasons"][0]["list_kind"], "control");
    assert_eq!(j["reasons"][0]["how"], "alias");
    assert_eq!(j["reasons"][0]["items"][0], "CN-1C905.a.1");
}

/// The per-thread cache of name matches belongs to one screener: two
/// screeners with different lists, used in turn on one thread, each see
/// their own lists.
#[test]
fn name_cache_is_per_screener() {
    let (m, with_ecl) = setup();
    let watch_only = OrderScreener::new(
        PartyLists::from_source("wl.toml", WATCH).unwrap(),
        Measures::builtin().unwrap(),
    );
    let on = date(2026, 11, 30);
    let o = Order::new(Item::new(DY)).consignee("EAE");
    let c = m.classify(&o.item().as_of(on));
    for _ in 0..3 {
        assert_eq!(with_ecl.verdict(&o, &c, on).level, Level::Prohibited);
        assert_eq!(watch_only.verdict(&o, &c, on).level, Level::LicenceRequired);
    }
}

/// A reason's `kind` and a listing status's name are what records write.
#[test]
fn kinds_and_statuses_are_the_record_names() {
    use crate::party::ListingStatus;
    let reasons = [
        Reason::Items {
            items: vec!["CN-1"],
        },
        Reason::HsLeads { items: vec![] },
        Reason::Origin { origin: "JP" },
        Reason::UnknownCountry {
            field: "destination",
            value: "Atlantis",
        },
        Reason::MilitaryUse {
            matched: "military",
            field: "end_use",
        },
    ];
    for r in &reasons {
        let j = serde_json::to_value(r).unwrap();
        assert_eq!(j["kind"], r.kind());
        assert!(!r.to_string().is_empty());
    }
    for s in [
        ListingStatus::NotYet,
        ListingStatus::InForce,
        ListingStatus::Suspended,
        ListingStatus::Stopped,
    ] {
        assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
    }
}

/// MOFCOM No. 61 of 2025, item 1: a magnet or target made outside China
/// is `review` (its China-origin content decides) once the suspension
/// ended, to any destination but China; other foreign-made goods are
/// `clear`.
#[test]
fn foreign_made_magnets_and_targets_are_reviewed_under_no_61() {
    let s = OrderScreener::new(PartyLists::builtin().unwrap(), Measures::builtin().unwrap());
    let m = Matcher::builtin().unwrap();
    let verdict =
        |text: &'static str, origin: &'static str, dest: &'static str, date: NaiveDate| {
            let item = Item::new(text).as_of(date);
            let o = Order::new(item).origin(origin).destination(dest);
            s.verdict(&o, &m.classify(&item), date)
        };
    let magnet = "Dysprosium-containing NdFeB sintered magnet N52SH, Dy 4%";
    let after = date(2026, 11, 11);
    let v = verdict(magnet, "JP", "US", after);
    assert_eq!(v.level, Level::Review);
    // Item 1 (China-origin content) and item 2 (China-origin technology).
    assert!(
        matches!(&v.reasons[..], [
            Reason::ForeignMade { measure: m1, items: i1, .. },
            Reason::ForeignMade { measure: m2, items: i2, .. },
        ]
        if *m1 == "cn-mofcom-2025-61-1" && *m2 == "cn-mofcom-2025-61-2"
            && **i1 == ["CN-1C905.a.4"] && **i2 == ["CN-1C905.a.4"]),
        "{:?}",
        v.reasons
    );
    // Suspended until 2026-11-10 (No. 70 of 2025).
    assert_eq!(
        verdict(magnet, "JP", "US", date(2026, 11, 10)).level,
        Level::Clear
    );
    // Not for goods going to China; not for other items.
    assert_eq!(verdict(magnet, "JP", "CN", after).level, Level::Clear);
    assert_eq!(
        verdict("Gadolinium oxide 99.9%", "JP", "US", after).level,
        Level::Clear
    );
    // Part 1 of the annex (dysprosium oxide): item 2 alone.
    let v = verdict("Dysprosium oxide 99.9%", "JP", "US", after);
    assert_eq!(v.level, Level::Review);
    assert!(
        matches!(&v.reasons[..], [Reason::ForeignMade { measure, items, .. }]
        if *measure == "cn-mofcom-2025-61-2" && *items == ["CN-1C905.b"]),
        "{:?}",
        v.reasons
    );
    // Made in China: the usual licence, whatever No. 61 says.
    assert_eq!(
        verdict(magnet, "CN", "US", after).level,
        Level::LicenceRequired
    );
}

/// MOFCOM No. 61 of 2025: annex items to a military end user are denied
/// to every destination once the suspension ended; other dual-use items
/// to the same user need the usual licence.
#[test]
fn annex_items_to_military_end_users_are_prohibited_under_no_61() {
    let s = OrderScreener::new(PartyLists::builtin().unwrap(), Measures::builtin().unwrap());
    let m = Matcher::builtin().unwrap();
    let verdict = |text: &'static str, date: NaiveDate| {
        let item = Item::new(text).as_of(date);
        let o = Order::new(item)
            .destination("KR")
            .end_user("Republic of Korea Army");
        s.verdict(&o, &m.classify(&item), date)
    };
    let v = verdict("Terbium metal 99.99% ingot", date(2026, 11, 30));
    assert_eq!(v.level, Level::Prohibited);
    assert!(
        v.reasons.iter().any(
            |r| matches!(r, Reason::Destination { measure, military: Some(w), items, .. }
            if *measure == "cn-mofcom-2025-61-mil" && *w == "Army" && *items == ["CN-1C904.a.1"])
        ),
        "{:?}",
        v.reasons
    );
    assert_eq!(
        verdict("Gallium metal 99.99999% ingot", date(2026, 11, 30)).level,
        Level::LicenceRequired
    );
    // Suspended until 2026-11-10 (No. 70 of 2025).
    assert_eq!(
        verdict("Terbium metal 99.99% ingot", date(2026, 11, 10)).level,
        Level::LicenceRequired
    );
}

/// MOFCOM No. 61 of 2025: annex items for advanced chips or military AI
/// are reviewed case by case. The reason names the end-use word as the
/// field writes it; a node written inside a longer number, an item outside
/// the annex, the suspension window and an end use without an item give
/// no such reason.
#[test]
fn advanced_chip_end_uses_are_named_under_no_61() {
    let s = OrderScreener::new(PartyLists::builtin().unwrap(), Measures::builtin().unwrap());
    let m = Matcher::builtin().unwrap();
    let verdict = |text: &'static str, end_use: &'static str, date: NaiveDate| {
        let item = Item::new(text).as_of(date);
        let o = Order::new(item).destination("KR").end_use(end_use);
        s.verdict(&o, &m.classify(&item), date)
    };
    let chips = |v: &Verdict| -> Option<String> {
        v.reasons.iter().find_map(|r| match r {
            Reason::Destination {
                measure, end_use, ..
            } if *measure == "cn-mofcom-2025-61-chips" => end_use.map(str::to_string),
            _ => None,
        })
    };
    let on = date(2026, 11, 30);
    for (end_use, word) in [
        ("R&D of 3 nm logic chips", "3 nm"),
        ("14NM FinFET fab", "14NM"),
        ("256层3D NAND存储芯片生产", "256层"),
        ("Military AI research", "Military AI"),
    ] {
        let v = verdict("Terbium metal 99.99% ingot", end_use, on);
        assert_eq!(v.level, Level::LicenceRequired, "{end_use}");
        assert_eq!(chips(&v).as_deref(), Some(word), "{end_use}: {v:?}");
    }
    for end_use in ["114nm process", "28 nm logic", "DRAM assembly", ""] {
        assert_eq!(
            chips(&verdict("Terbium metal 99.99% ingot", end_use, on)),
            None,
            "{end_use}"
        );
    }
    // Gallium is no annex item; suspended until 2026-11-10; no item.
    assert_eq!(
        chips(&verdict("Gallium metal 99.99999% ingot", "3 nm", on)),
        None
    );
    assert_eq!(
        chips(&verdict(
            "Terbium metal 99.99% ingot",
            "3 nm",
            date(2026, 11, 10)
        )),
        None
    );
    let v = verdict("Office chairs", "3 nm fab", on);
    assert_eq!((v.level, chips(&v)), (Level::Clear, None));
}
