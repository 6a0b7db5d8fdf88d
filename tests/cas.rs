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

/// A text that repeats listed numbers many times gives one piece of evidence
/// per rule and number, at the first occurrence.
#[test]
fn many_repetitions_give_one_piece_of_evidence() {
    let m =
        matcher(&(rule("A", "cas = ['7440-54-2', '50-00-0']") + &rule("B", "cas = ['50-00-0']")));
    let text = "7440-54-2, 50-00-0; ".repeat(20_000);
    assert_eq!(
        cas_hits(&m, &text),
        [
            ("A".into(), "7440-54-2".into(), "7440-54-2"),
            ("A".into(), "50-00-0".into(), "50-00-0"),
            ("B".into(), "50-00-0".into(), "50-00-0"),
        ]
    );
    let c = m.classify(&item(&text));
    assert_eq!(c.hits[0].evidence[1].span(), Some(11..18));
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

/// The CAS numbers the engine reports for a text, against a reference
/// written independently of the crate: runs of digits and hyphens found by
/// a regex over the text with full-width forms folded, compared as strings.
mod reference {
    use super::*;
    use proptest::prelude::*;
    use std::collections::BTreeSet;

    const LISTED: &[&str] = &["7440-54-2", "50-00-0", "12064-62-9"];

    fn fold(c: char) -> char {
        match c {
            '\u{FF10}'..='\u{FF19}' => char::from_u32(c as u32 - 0xFF10 + '0' as u32).unwrap(),
            '\u{2010}'..='\u{2013}' | '\u{2212}' | '\u{FE63}' | '\u{FF0D}' => '-',
            '\u{FF0E}' => '.',
            c => c,
        }
    }

    fn is_word(c: char) -> bool {
        let cjk = matches!(c as u32, 0x1100..=0x11FF | 0x2E80..=0x2FDF | 0x3005..=0x3007 | 0x3040..=0x30FF
            | 0x3130..=0x318F | 0x31F0..=0x31FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF
            | 0xF900..=0xFAFF | 0xFF66..=0xFF9F | 0x20000..=0x3FFFF);
        c.is_alphanumeric() && !cjk
    }

    fn valid(s: &str) -> bool {
        let digits: Vec<u32> = s.chars().filter_map(|c| c.to_digit(10)).collect();
        let (check, body) = digits.split_last().unwrap();
        let sum: u32 = body
            .iter()
            .rev()
            .enumerate()
            .map(|(i, d)| (i as u32 + 1) * d)
            .sum();
        sum % 10 == *check
    }

    /// (number, start, end) of the first occurrence of each listed number.
    fn want(text: &str) -> BTreeSet<(String, usize, usize)> {
        // Folded characters with their byte offsets in the original.
        let chars: Vec<(usize, char, usize)> = text
            .char_indices()
            .map(|(i, c)| (i, fold(c), i + c.len_utf8()))
            .collect();
        let folded: String = chars.iter().map(|c| c.1).collect();
        let offsets: Vec<usize> = folded.char_indices().map(|(i, _)| i).collect();
        let at = |byte: usize| offsets.iter().position(|&o| o == byte).unwrap();
        let run = regex::Regex::new(r"[0-9-]+").unwrap();
        let shape = regex::Regex::new(r"^-*([1-9][0-9]{1,6}-[0-9]{2}-[0-9])-*$").unwrap();
        let mut found = BTreeSet::new();
        for m in run.find_iter(&folded) {
            let (first, last) = (at(m.start()), at(m.end() - 1));
            let before = |k: usize| first.checked_sub(k).map(|i| chars[i].1);
            let after = |k: usize| chars.get(last + k).map(|c| c.1);
            let digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
            if before(1).is_some_and(is_word)
                || (before(1) == Some('.') && digit(before(2)))
                || after(1).is_some_and(is_word)
                || (after(1) == Some('.') && digit(after(2)))
            {
                continue;
            }
            let Some(c) = shape.captures(m.as_str()) else {
                continue;
            };
            let number = c.get(1).unwrap();
            if !valid(number.as_str()) || !LISTED.contains(&number.as_str()) {
                continue;
            }
            let (s, e) = (
                at(m.start() + number.start()),
                at(m.start() + number.end() - 1),
            );
            if !found
                .iter()
                .any(|(n, _, _): &(String, usize, usize)| n == number.as_str())
            {
                found.insert((number.as_str().to_string(), chars[s].0, chars[e].2));
            }
        }
        found
    }

    fn got(m: &Matcher, text: &str) -> BTreeSet<(String, usize, usize)> {
        let c = m.classify(&item(text));
        let mut found = BTreeSet::new();
        for h in &c.hits {
            for e in &h.evidence {
                if let Evidence::Cas { cas, start, end } = e {
                    found.insert((cas.to_string(), *start, *end));
                }
            }
        }
        found
    }

    const TOKENS: &[&str] = &[
        "7440-54-2",
        "7440-54-3",
        "50-00-0",
        "12064-62-9",
        "７４４０－５４－２",
        "7440–54–2",
        "1",
        "0",
        "12",
        "a",
        "Ａ",
        "钆",
        " ",
        "-",
        "－",
        ".",
        "．",
        ",",
        "[",
        "]",
        "CAS ",
        "No.",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn engine_equals_reference(parts in prop::collection::vec(prop::sample::select(TOKENS), 1..10)) {
            let m = matcher(&rule("ONE", "cas = ['7440-54-2', '50-00-0', '12064-62-9']"));
            let text: String = parts.concat();
            prop_assert_eq!(got(&m, &text), want(&text), "{:?}", text);
        }
    }
}
