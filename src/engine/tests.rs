//! Unit tests of the engine: matching semantics on small rule sets.

use crate::{Confidence, Evidence, Item, Matcher, NaiveDate, Relation, Ruleset};

const HEADER: &str = "[ruleset]\nid = 'h'\nregime = 'CN'\ntitle = 't'\ninstrument = 'i'\nsource = 's'\neffective = 2025-04-04\nsuspended = [{ from = 2025-11-07, until = 2026-11-10 }]\nreviewed = 2026-01-01\n";

fn matcher(rules: &str) -> Matcher {
    Matcher::new(Ruleset::from_source("t.toml", &format!("{HEADER}{rules}")).unwrap()).unwrap()
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn hits(m: &Matcher, text: &str) -> Vec<(String, Confidence)> {
    m.classify(&Item::new(text).as_of(date(2025, 6, 1)))
        .hits
        .iter()
        .map(|h| (h.rule.id.clone(), h.confidence))
        .collect()
}

/// The ids of the rules `text` hits.
fn hit_ids(m: &Matcher, text: &str) -> Vec<String> {
    hits(m, text).into_iter().map(|(id, _)| id).collect()
}

fn rule(id: &str, body: &str) -> String {
    format!(
        "\n[[rule]]\nid = '{id}'\ncontrol_code = '{id}'\ncategory = 'dual-use'\ntitle = 't'\n{body}\n"
    )
}

#[test]
fn matcher_is_send_and_sync() {
    fn assert<T: Send + Sync>() {}
    assert::<Matcher>();
}

#[test]
fn latin_terms_need_word_boundaries_cjk_terms_do_not() {
    let m =
        matcher(&(rule("A", "terms = ['terbium metal', 'tb4o7']") + &rule("B", "terms = ['铽']")));
    assert_eq!(hits(&m, "Terbium-Metal ingot").len(), 1);
    assert!(hits(&m, "xterbium metal").is_empty());
    assert!(hits(&m, "Tb4O7x").is_empty());
    assert_eq!(
        hits(&m, "Tb4O7 99.99%"),
        [("A".to_string(), Confidence::Text)]
    );
    assert_eq!(
        hits(&m, "氧化铽粉末"),
        [("B".to_string(), Confidence::Text)]
    );
    // Latin text glued to CJK text still has a boundary.
    assert_eq!(hits(&m, "Tb4O7粉末").len(), 1);
}

#[test]
fn require_and_exclude() {
    let m = matcher(&rule(
        "A",
        "terms = ['samarium']\nrequire = [['alloy', 'magnet'], ['ingot', 'powder']]\nexclude = ['samarium-free']",
    ));
    assert!(
        hits(&m, "samarium alloy").is_empty(),
        "second group missing"
    );
    assert_eq!(hits(&m, "samarium alloy powder").len(), 1);
    assert!(hits(&m, "samarium free alloy powder").is_empty());
    assert!(hits(&m, "alloy powder").is_empty());
}

#[test]
fn hs_within_overlapping_and_national() {
    let m = matcher(&rule(
        "A",
        "terms = ['smco']\nhs = ['8505.11']\nhs_national = { CN = ['2805301910'] }",
    ));
    let c = |text: &str, hs: &str, scheme: Option<&str>| {
        let mut item = Item::new(text).hs(hs).as_of(date(2025, 6, 1));
        if let Some(s) = scheme {
            item = item.scheme(s);
        }
        m.classify(&item)
            .hits
            .first()
            .map(|h| (h.confidence, h.evidence.last().cloned()))
    };
    assert_eq!(
        c("smco", "8505.11.00", None).unwrap().0,
        Confidence::Confirmed
    );
    assert_eq!(
        c("smco", "8505", None).unwrap().0,
        Confidence::Text,
        "overlapping does not confirm"
    );
    assert_eq!(c("bolt", "8505", None).unwrap().0, Confidence::Hs);
    assert_eq!(
        c("bolt", "850", None),
        None,
        "fewer than 4 digits never overlaps"
    );
    assert_eq!(c("bolt", "8504.40", None), None);
    // National digits compare only under the declared scheme.
    assert_eq!(c("bolt", "2805301910", None), None);
    let (conf, ev) = c("bolt", "2805.30.19.10", Some("CN")).unwrap();
    assert_eq!(conf, Confidence::Hs);
    assert!(matches!(
        ev,
        Some(Evidence::Hs {
            scheme: Some("CN"),
            relation: Relation::Within,
            ..
        })
    ));
    assert_eq!(c("bolt", "28053019", Some("CN")).unwrap().0, Confidence::Hs);
    assert_eq!(c("bolt", "2805301910", Some("US")), None);
    // An unparsable code is reported, the text still classified.
    let r = m.classify(&Item::new("smco").hs("85x").as_of(date(2025, 6, 1)));
    assert_eq!(r.hits.len(), 1);
    assert!(r.warning.unwrap().contains("85x"));
}

#[test]
fn dates_and_suspension_windows_are_inclusive() {
    let m = matcher(&rule("A", "terms = ['smco']"));
    let at = |d| m.classify(&Item::new("smco").as_of(d)).hits.len();
    assert_eq!(at(date(2025, 4, 3)), 0);
    assert_eq!(at(date(2025, 4, 4)), 1);
    assert_eq!(at(date(2025, 11, 6)), 1);
    assert_eq!(at(date(2025, 11, 7)), 0);
    assert_eq!(at(date(2026, 11, 10)), 0);
    assert_eq!(at(date(2026, 11, 11)), 1);
    let r = m.classify(&Item::new("smco").as_of(date(2026, 11, 11)));
    assert_eq!(r.hits[0].suspensions_ended().count(), 1);
}

#[test]
fn hits_are_ordered_by_regime_code_and_id() {
    let re = "[ruleset]\nid = 'r'\nregime = 'RE'\ntitle = 't'\ninstrument = 'i'\nsource = 's'\neffective = 2025-01-01\nreviewed = 2026-01-01\n[[rule]]\nid = 'A-RE'\ncategory = 'rare-earth-dependent'\ntitle = 't'\nterms = ['magnet']\n";
    let cn = format!(
        "{HEADER}{}{}{}",
        rule("Z", "terms = ['magnet']"),
        rule("1C9", "terms = ['magnet']"),
        rule("1C10", "terms = ['magnet']")
    );
    let rs = Ruleset::builder()
        .add_source("re.toml", re)
        .add_source("cn.toml", cn)
        .build()
        .unwrap();
    let m = Matcher::new(rs).unwrap();
    let ids: Vec<String> = hits(&m, "magnet").into_iter().map(|h| h.0).collect();
    assert_eq!(ids, ["1C10", "1C9", "Z", "A-RE"]);
}

#[test]
fn patterns_run_over_windows_around_their_triggers() {
    // Matches far into a long text, after many trigger decoys and next
    // to multi-byte characters: found, with their whole spans (the
    // first pattern's window starts at its trigger, the second's ends
    // at its trigger `mah`).
    let m = matcher(&rule(
        "A",
        "patterns = ['co ?[1-57]{1,2}\\b', '\\d+ ?mah\\b']",
    ));
    let mut text = "cobalt coating, 日本語 ".repeat(300);
    text.push_str("Ｃｏ 17 then 2000mAh");
    let c = m.classify(&Item::new(&text).as_of(date(2025, 6, 1)));
    let spans: Vec<&str> = c.hits[0]
        .evidence
        .iter()
        .filter_map(|e| match e {
            Evidence::Pattern { start, end, .. } => Some(&text[*start..*end]),
            _ => None,
        })
        .collect();
    assert_eq!(spans, ["Ｃｏ 17", "2000mAh"]);
}

#[test]
fn evidence_spans_point_into_the_original_text() {
    let m = matcher(&rule("A", "terms = ['nd fe b']\npatterns = ['n\\d\\dsh']"));
    let text = "Magnet ＮＤ－ＦＥ－Ｂ, grade N42SH";
    let c = m.classify(&Item::new(text).as_of(date(2025, 6, 1)));
    let spans: Vec<&str> = c.hits[0]
        .evidence
        .iter()
        .filter_map(|e| e.span().map(|s| &text[s]))
        .collect();
    assert_eq!(spans, ["ＮＤ－ＦＥ－Ｂ", "N42SH"]);
}

#[test]
fn fingerprint_ignores_file_names_order_and_formatting() {
    let a = format!("{HEADER}{}", rule("A", "terms = ['x y']"));
    let b = "[ruleset]\nid = 'k'\nregime = 'EU'\ntitle = 't'\ninstrument = 'i'\nsource = 's'\neffective = 2025-01-01\nreviewed = 2026-01-01\n";
    let one = Ruleset::builder()
        .add_source("a.toml", a.clone())
        .add_source("b.toml", b)
        .build()
        .unwrap();
    let two = Ruleset::builder()
        .add_source("z.toml", b.replace('\n', "\n\n"))
        .add_source("y.toml", a.clone())
        .build()
        .unwrap();
    assert_eq!(one.fingerprint(), two.fingerprint());
    let three = Ruleset::builder()
        .add_source("a.toml", a.replace("x y", "x z"))
        .add_source("b.toml", b)
        .build()
        .unwrap();
    assert_ne!(one.fingerprint(), three.fingerprint());
}

/// Term indices are not truncated: a rule with more than 65,535 terms
/// reports the term that matched (indices were `u16`).
#[test]
fn evidence_names_the_right_term_past_65535_terms() {
    let mut terms: Vec<String> = (0..70_000).map(|i| format!("zq{i}x")).collect();
    terms.push("needleterm".into());
    let list = terms
        .iter()
        .map(|t| format!("'{t}'"))
        .collect::<Vec<_>>()
        .join(", ");
    let m = matcher(&rule("BIG", &format!("terms = [{list}]")));
    for (text, want) in [
        ("a needleterm here", "needleterm"),
        ("zq65536x", "zq65536x"),
    ] {
        let c = m.classify(&Item::new(text).as_of(date(2025, 6, 1)));
        assert_eq!(c.hits.len(), 1, "{text}");
        let terms: Vec<&str> = c.hits[0]
            .evidence
            .iter()
            .filter_map(|e| match e {
                Evidence::Term { term, .. } => Some(*term),
                _ => None,
            })
            .collect();
        assert_eq!(terms, [want], "{text}");
    }
}

/// A scanner gives what the thread-local path gives, item after item, and
/// one thread may alternate between more matchers than the cache holds.
#[test]
fn scanners_equal_the_convenience_path() {
    let matchers: Vec<Matcher> = (0..6)
        .map(|i| {
            matcher(&rule(
                &format!("R{i}"),
                &format!("terms = ['term{i}', 'shared']"),
            ))
        })
        .collect();
    let mut scanners: Vec<_> = matchers.iter().map(Matcher::scanner).collect();
    for text in ["shared", "term3 and term5", "nothing", "term0 shared", ""] {
        for (m, s) in matchers.iter().zip(&mut scanners) {
            let item = Item::new(text).as_of(date(2025, 6, 1));
            assert_eq!(s.classify(&item), m.classify(&item), "{text}");
            assert_eq!(
                s.classify_explained(&item),
                m.classify_explained(&item),
                "{text}"
            );
        }
    }
}

/// A rule with `forms` hits on a mention of its first element in one of
/// them, with element evidence; other forms and other elements miss, and
/// `exclude` still vetoes.
#[test]
fn forms_select_element_mentions() {
    let m = matcher(&rule(
        "GD-C",
        "elements = ['Gd']\nforms = ['compound']\nexclude = ['contrast agent']",
    ));
    let ids = |text: &str| hits(&m, text);
    assert_eq!(ids("trichlorogadolinium").len(), 1);
    assert_eq!(ids("GdCl3·6H2O 99.9%").len(), 1);
    assert_eq!(ids("硝酸ガドリニウム").len(), 1);
    assert!(ids("gadolinium metal ingot").is_empty());
    assert!(ids("gadolinium oxide").is_empty());
    assert!(ids("ytterbium chloride").is_empty());
    assert!(ids("gadolinium chloride contrast agent").is_empty());
    let text = "Gadolinium(III) nitrate hexahydrate";
    let c = m.classify(&Item::new(text).as_of(date(2025, 6, 1)));
    assert_eq!(
        c.hits[0].evidence,
        [Evidence::Element {
            element: "Gd",
            form: crate::ElementForm::Compound,
            start: 0,
            end: 10,
        }]
    );
}

/// `with` keeps the form mentions whose compound is made of the first
/// element and exactly those partners: gallium arsenide in any writing,
/// but not gallium nitride, gallium nitrate, InGaAs or GaAsP.
#[test]
fn with_selects_compounds_by_their_partners() {
    let m = matcher(&format!(
        "{}{}",
        rule(
            "GAAS",
            "elements = ['Ga', 'As']\nforms = ['compound']\nwith = ['As']\nexclude = ['mmic']"
        ),
        rule(
            "GAN",
            "elements = ['Ga', 'N']\nforms = ['compound']\nwith = ['N']"
        )
    ));
    let ids = |text: &str| hit_ids(&m, text);
    for text in [
        "gallium monoarsenide",
        "arsanylidynegallium",
        "GaAs wafer",
        "砒化ガリウム",
        "ガリウム砒素",
        "Gallium(III) arsenide 6N",
    ] {
        assert_eq!(ids(text), ["GAAS"], "{text}");
    }
    for text in ["nitridogallium", "GaN on sapphire", "窒化ガリウム"] {
        assert_eq!(ids(text), ["GAN"], "{text}");
    }
    for text in [
        "gallium nitrate",
        "indium gallium arsenide",
        "gallium arsenide phosphide",
        "gadolinium gallium garnet",
        "gallium trichloride",
        "GaAs MMIC",
        "gallium ingot, arsenic free",
    ] {
        assert!(ids(text).is_empty(), "{text}: {:?}", ids(text));
    }
}

/// `with_optional` widens the exact partner set by partners that may be
/// present: hydrocarbon groups on antimony, maybe with chlorine or oxygen,
/// but never chlorine alone, and never a carboxylate, alkoxide or thiolate
/// (their organic group is bound through O or S: the ligand mark).
#[test]
fn with_optional_allows_extra_partners_but_requires_with() {
    let m = matcher(&rule(
        "ORGANO",
        "elements = ['Sb']\nforms = ['compound']\nwith = ['C', 'H']\nwith_optional = ['Cl', 'Br', 'O', 'S']",
    ));
    let ids = |text: &str| hit_ids(&m, text);
    for text in [
        "triphenylstibane",
        "triphenylantimony dichloride",
        "dibromotrimethylstiborane",
        "triphenylstibine oxide",
        "triphenylstibine sulfide",
        "phenylstibonic acid",
    ] {
        assert_eq!(ids(text), ["ORGANO"], "{text}");
    }
    for text in [
        "antimony trichloride",
        "antimony acetate",
        "antimony(III) oxide",
        "trimethyloxonium hexachloroantimonate",
        // Bound through O or S: the ligand mark keeps them out.
        "antimony(3+);methanolate",
        "antimony tris(2-ethylhexanoate)",
        "antimony potassium tartrate",
        "antimony tris(2-hydroxyethylmercaptide)",
    ] {
        assert!(ids(text).is_empty(), "{text}: {:?}", ids(text));
    }
}

/// Patterns run over normalized text, where CJK variants are folded: a
/// pattern written in traditional or Japanese forms meets every writing.
#[test]
fn patterns_are_folded_like_text() {
    let m = matcher(&rule("J", "patterns = ['イオン交換装置']"));
    assert_eq!(hits(&m, "希土類分離用イオン交換装置").len(), 1);
    assert_eq!(hits(&m, "イオン交换装置").len(), 1);
    let m = matcher(&rule("T", "patterns = ['鏑(?:金属|鐵)']"));
    assert_eq!(hits(&m, "镝铁").len(), 1);
    assert_eq!(hits(&m, "鏑金属").len(), 1);
}

/// The element-name gate shares the automaton with rule literals: a rule
/// term equal to an element name and a rule selecting that element by
/// form both see the text.
#[test]
fn gate_names_and_equal_terms_both_match() {
    let m = matcher(&format!(
        "{}{}",
        rule("T", "terms = ['gadolinium']"),
        rule("F", "elements = ['Gd']\nforms = ['compound']")
    ));
    let ids: Vec<String> = hits(&m, "gadolinium chloride")
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    assert_eq!(ids, ["F", "T"]);
    assert!(hits(&m, "lanthanum chloride").is_empty());
}

/// `require` and `exclude` of rules touched through an element form or an
/// HS code (not a term): the same hits, near misses and evidence whether
/// the rule's qualifiers are looked up when it is decided (16 or fewer)
/// or while scanning (more).
#[test]
fn qualifiers_of_rules_touched_without_a_term() {
    // Words that never occur, to push a rule past 16 qualifiers.
    let padding: Vec<String> = (0..17).map(|i| format!("'zzpad{i}'")).collect();
    for extra in ["", &format!(", {}", padding.join(", "))] {
        let m = matcher(
            &(rule(
                "GD",
                &format!(
                    "elements = ['Gd']\nforms = ['compound']\nexclude = ['contrast agent'{extra}]"
                ),
            ) + &rule(
                "GD-R",
                "elements = ['Gd']\nforms = ['compound']\nrequire = [['powder']]",
            ) + &rule(
                "HS",
                &format!(
                    "terms = ['magnet block']\nhs = ['8505']\nrequire = [['neodymium'{extra}]]"
                ),
            )),
        );
        // Whether the evidence names `term` in this role.
        let names = |evidence: &[Evidence<'_>], kind: crate::TermKind, term: &str| {
            evidence
                .iter()
                .any(|e| matches!(e, Evidence::Term { kind: k, term: t, .. } if *k == kind && *t == term))
        };
        let explained = |text: &str, hs: &str| {
            m.classify_explained(&Item::new(text).hs(hs).as_of(date(2025, 6, 1)))
        };
        // Excluded: a near miss naming the exclusion.
        let c = explained("gadolinium chloride contrast agent", "");
        assert!(c.hits.iter().all(|h| h.rule.id != "GD"), "{extra}");
        let miss = c.near_misses.iter().find(|n| n.rule.id == "GD").unwrap();
        assert_eq!(miss.reason, crate::MissReason::Excluded);
        assert!(names(
            miss.evidence.as_slice(),
            crate::TermKind::Exclude,
            "contrast agent"
        ));
        // Require unmet, then met.
        let c = explained("gadolinium chloride", "");
        let miss = c.near_misses.iter().find(|n| n.rule.id == "GD-R").unwrap();
        assert_eq!(miss.reason, crate::MissReason::RequireUnmet(vec![0]));
        let c = explained("gadolinium chloride powder", "");
        let hit = c.hits.iter().find(|h| h.rule.id == "GD-R").unwrap();
        assert!(names(
            hit.evidence.as_slice(),
            crate::TermKind::Require,
            "powder"
        ));
        // Touched by its HS code alone: a lead whose evidence names the
        // required word that occurred.
        let c = explained("neodymium ring", "8505.11");
        let hit = c.hits.iter().find(|h| h.rule.id == "HS").unwrap();
        assert_eq!(hit.confidence, Confidence::Hs);
        assert!(names(
            hit.evidence.as_slice(),
            crate::TermKind::Require,
            "neodymium"
        ));
        // A required word alone touches nothing.
        let c = explained("neodymium powder", "");
        assert!(
            c.hits.is_empty() && c.near_misses.is_empty(),
            "{:?}",
            c.near_misses
        );
    }
}
