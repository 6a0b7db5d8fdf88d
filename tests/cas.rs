//! CAS Registry Numbers as a rule condition: matching, evidence, output,
//! and how `require` and `exclude` apply to them.

use dualuse::output::Record;
use dualuse::{Confidence, Evidence, Item, Matcher, MissReason, NaiveDate, Ruleset};

const HEADER: &str = "[ruleset]\nid = 'h'\nregime = 'CN'\ntitle = 't'\ninstrument = 'i'\nsource = 's'\neffective = 2025-04-04\nreviewed = 2026-01-01\n";

fn matcher(rules: &str) -> Matcher {
    Matcher::new(Ruleset::from_source("t.toml", &format!("{HEADER}{rules}")).unwrap()).unwrap()
}

fn rule(id: &str, body: &str) -> String {
    format!(
        "\n[[rule]]\nid = '{id}'\ncontrol_code = '{id}'\ncategory = 'dual-use'\ntitle = 't'\n{body}\n"
    )
}

fn item(text: &str) -> Item<'_> {
    Item::new(text).as_of(NaiveDate::from_ymd_opt(2025, 6, 1).unwrap())
}

/// (rule, cas, the words of the span) of every CAS evidence of every hit.
fn cas_hits<'t>(m: &Matcher, text: &'t str) -> Vec<(String, String, &'t str)> {
    let c = m.classify(&item(text));
    let mut v = Vec::new();
    for h in &c.hits {
        for e in &h.evidence {
            if let Evidence::Cas { cas, start, end } = e {
                assert_eq!(e.kind_str(), "cas");
                assert_eq!(e.span(), Some(*start..*end));
                v.push((h.rule.id.clone(), cas.to_string(), &text[*start..*end]));
            }
        }
    }
    v
}

#[test]
fn a_listed_number_is_a_text_hit_with_cas_evidence() {
    let m = matcher(&rule("GD", "cas = ['7440-54-2']\nhs = ['2805.30']"));
    let text = "Gd ingot, CAS 7440-54-2, 99.9%";
    let c = m.classify(&item(text).hs("2805.30"));
    assert_eq!(c.hits.len(), 1);
    assert_eq!(c.hits[0].confidence, Confidence::Confirmed);
    let record = serde_json::to_value(Record::new(1, None, &c)).unwrap();
    let evidence = &record["hits"][0]["evidence"];
    assert_eq!(
        evidence[0],
        serde_json::json!({"kind": "cas", "cas": "7440-54-2", "start": 14, "end": 23})
    );
    assert_eq!(evidence[1]["kind"], "hs");
    assert_eq!(
        cas_hits(&m, text),
        [("GD".into(), "7440-54-2".into(), "7440-54-2")]
    );
}

#[test]
fn catalog_forms_full_width_and_spans() {
    let m = matcher(&rule("GD", "cas = ['7440-54-2']"));
    for (text, words) in [
        ("[7440-54-2] gadolinium", "7440-54-2"),
        ("CAS No.: 7440-54-2", "7440-54-2"),
        ("钆锭 CAS号：７４４０－５４－２", "７４４０－５４－２"),
        ("氧化钆7440–54–2", "7440–54–2"),
    ] {
        assert_eq!(
            cas_hits(&m, text),
            [("GD".into(), "7440-54-2".into(), words)],
            "{text:?}"
        );
    }
}

#[test]
fn invalid_or_glued_numbers_are_no_evidence() {
    // The rule lists a number; texts hold it glued to other characters or
    // with a wrong check digit.
    let m = matcher(&rule("GD", "cas = ['7440-54-2']"));
    for text in [
        "7440-54-3",
        "17440-54-2",
        "7440-54-21",
        "P/N 1-7440-54-2",
        "ABC-7440-54-2",
        "7440-54-2B",
        "1.7440-54-2",
        "7440 54 2",
    ] {
        assert!(m.classify(&item(text)).hits.is_empty(), "{text:?}");
    }
}

#[test]
fn a_number_found_twice_is_one_piece_of_evidence_and_rules_share_numbers() {
    let m = matcher(
        &(rule("A", "cas = ['7440-54-2', '12064-62-9']")
            + &rule("B", "cas = ['12064-62-9']\nterms = ['gadolinia']")),
    );
    let text = "12064-62-9 gadolinia; 7440-54-2, again 12064-62-9";
    assert_eq!(
        cas_hits(&m, text),
        [
            ("A".into(), "12064-62-9".into(), "12064-62-9"),
            ("A".into(), "7440-54-2".into(), "7440-54-2"),
            ("B".into(), "12064-62-9".into(), "12064-62-9"),
        ]
    );
    // Evidence is in text order: the number, then the term after it.
    let c = m.classify(&item(text));
    let kinds: Vec<&str> = c.hits[1].evidence.iter().map(|e| e.kind_str()).collect();
    assert_eq!(kinds, ["cas", "term"]);
}

/// `require` is not waived for CAS numbers: the shipped rules' groups say
/// what a number cannot (purity of antimony oxides, the product form of
/// anode graphite), so a number meets the rule's text condition exactly as
/// a term does and the groups still apply; so does `exclude`.
#[test]
fn require_and_exclude_apply_to_cas_hits() {
    let m = matcher(&rule(
        "SB",
        "cas = ['1309-64-4']\nterms = ['antimony trioxide']\nrequire = [['99.99%', '4n']]\nexclude = ['flame retardant masterbatch']",
    ));
    assert!(
        m.classify(&item("Sb2O3 CAS 1309-64-4, 99.5%"))
            .hits
            .is_empty()
    );
    let c = m.classify_explained(&item("Sb2O3 CAS 1309-64-4, 99.5%"));
    assert_eq!(c.near_misses.len(), 1);
    assert_eq!(c.near_misses[0].reason, MissReason::RequireUnmet(vec![0]));
    assert_eq!(c.near_misses[0].evidence[0].kind_str(), "cas");
    assert_eq!(cas_hits(&m, "Sb2O3 CAS 1309-64-4, 99.99%").len(), 1);
    let text = "flame retardant masterbatch with 1309-64-4, 99.99%";
    assert!(m.classify(&item(text)).hits.is_empty());
    let c = m.classify_explained(&item(text));
    assert_eq!(c.near_misses[0].reason, MissReason::Excluded);
}

#[test]
fn rule_examples_may_use_cas_numbers() {
    let m = matcher(&rule(
        "GD",
        "cas = ['7440-54-2']\n[[rule.examples]]\ntext = 'CAS 7440-54-2, 99.9%'\nexpect = 'hit'\n[[rule.examples]]\ntext = 'CAS 7440-54-3, 99.9%'\nexpect = 'miss'",
    ));
    let report = m.run_examples(NaiveDate::from_ymd_opt(2025, 6, 1).unwrap());
    assert_eq!((report.passed, report.failures.len()), (2, 0));
}
/// Every shipped CAS number parses, is unique within its rule, and a text
/// of just that number hits the rule that lists it (unless the rule's
/// `require` groups need more).
#[test]
fn shipped_cas_numbers_hit_their_rules() {
    let m = Matcher::builtin().unwrap();
    let mut n = 0;
    for rule in m.ruleset().rules() {
        if !rule.require.is_empty() {
            continue;
        }
        for cas in &rule.cas {
            let text = format!("CAS {cas}");
            let c =
                m.classify(&Item::new(&text).as_of(NaiveDate::from_ymd_opt(2027, 1, 1).unwrap()));
            assert!(
                c.hits.iter().any(|h| h.rule.id == rule.id),
                "{} does not hit {}",
                text,
                rule.id
            );
            n += 1;
        }
    }
    assert!(n > 0);
}
