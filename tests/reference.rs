//! The compiled matcher must return exactly what a naive reference evaluator
//! returns: rule by rule, plain string search over normalized text.

use dualuse::{Confidence, Evidence, Item, Matcher, NaiveDate, Normalized, Ruleset, normalize};
use proptest::prelude::*;
use std::collections::BTreeSet;

/// Word characters for boundaries, written independently of the crate.
fn is_word(c: char) -> bool {
    let cjk = matches!(c as u32, 0x1100..=0x11FF | 0x2E80..=0x2FDF | 0x3005..=0x3007 | 0x3040..=0x30FF
        | 0x3130..=0x318F | 0x31F0..=0x31FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF
        | 0xF900..=0xFAFF | 0xFF66..=0xFF9F | 0x20000..=0x3FFFF);
    c.is_alphanumeric() && !cjk
}

/// Leftmost occurrence of `term` in `text` that respects word boundaries.
fn find_term(text: &str, term: &str) -> Option<(usize, usize)> {
    let term = normalize(term);
    let term = term.trim_matches(' ');
    let left = term.chars().next().is_some_and(is_word);
    let right = term.chars().next_back().is_some_and(is_word);
    for (i, _) in text.char_indices() {
        if !text[i..].starts_with(term) {
            continue;
        }
        let end = i + term.len();
        if left && text[..i].chars().next_back().is_some_and(is_word) {
            continue;
        }
        if right && text[end..].chars().next().is_some_and(is_word) {
            continue;
        }
        return Some((i, end));
    }
    None
}

#[derive(Debug, PartialEq, Eq, PartialOrd, Ord, Clone)]
struct RefHit {
    rule: String,
    confidence: Confidence,
    /// (kind, term or pattern, start, end) in the original text.
    spans: BTreeSet<(String, String, usize, usize)>,
    hs: Option<dualuse::Relation>,
}

fn reference(
    rules: &Ruleset,
    text: &str,
    hs: Option<&str>,
    scheme: Option<&str>,
    as_of: NaiveDate,
) -> Vec<RefHit> {
    let n = Normalized::new(text);
    let norm = n.as_str();
    let span = |(s, e): (usize, usize)| {
        let r = n.original_span(s..e).expect("a match is a valid span");
        (r.start, r.end)
    };
    let item_digits: Option<String> = hs
        .filter(|h| !h.trim().is_empty())
        .and_then(|h| dualuse::HsCode::parse(h).ok())
        .map(|c| c.digits().to_string());
    let mut hits = Vec::new();
    for rule in rules.rules() {
        let info = rules.info(rule);
        if as_of < info.effective
            || info
                .suspended
                .iter()
                .any(|s| s.from <= as_of && as_of <= s.until)
        {
            continue;
        }
        let mut spans = BTreeSet::new();
        let mut any = false;
        for t in &rule.terms {
            if let Some(m) = find_term(norm, t) {
                any = true;
                let (s, e) = span(m);
                spans.insert(("term".to_string(), t.clone(), s, e));
            }
        }
        for p in &rule.patterns {
            let re = regex::RegexBuilder::new(p)
                .case_insensitive(true)
                .build()
                .unwrap();
            if let Some(m) = re.find(norm).filter(|m| !m.is_empty()) {
                any = true;
                let (s, e) = span((m.start(), m.end()));
                spans.insert(("pattern".to_string(), p.clone(), s, e));
            }
        }
        let mut all_groups = true;
        for g in &rule.require {
            let mut group_hit = false;
            for t in g {
                if let Some(m) = find_term(norm, t) {
                    group_hit = true;
                    let (s, e) = span(m);
                    spans.insert(("require".to_string(), t.clone(), s, e));
                }
            }
            all_groups &= group_hit;
        }
        let mut excluded = false;
        for t in &rule.exclude {
            if let Some(m) = find_term(norm, t) {
                excluded = true;
                let (s, e) = span(m);
                spans.insert(("exclude".to_string(), t.clone(), s, e));
            }
        }
        let relation = |item: &str, prefix: &str| {
            if item.starts_with(prefix) {
                Some(dualuse::Relation::Within)
            } else if item.len() >= 4 && prefix.starts_with(item) {
                Some(dualuse::Relation::Overlapping)
            } else {
                None
            }
        };
        let mut best = None;
        if let Some(d) = &item_digits {
            let intl = &d[..d.len().min(6)];
            for p in &rule.hs {
                best = best.max(relation(intl, p.digits()));
            }
            if let Some(codes) = scheme.and_then(|s| rule.hs_national.get(s)) {
                for p in codes {
                    best = best.max(relation(d, p.digits()));
                }
            }
        }
        let text_match = any && all_groups && !excluded;
        let confidence = match (text_match, best) {
            (true, Some(dualuse::Relation::Within)) => Confidence::Confirmed,
            (true, _) => Confidence::Text,
            (false, Some(_)) => Confidence::Hs,
            (false, None) => continue,
        };
        hits.push(RefHit {
            rule: rule.id.clone(),
            confidence,
            spans,
            hs: best,
        });
    }
    hits.sort();
    hits
}

fn actual(
    m: &Matcher,
    text: &str,
    hs: Option<&str>,
    scheme: Option<&str>,
    as_of: NaiveDate,
) -> Vec<RefHit> {
    let mut item = Item::new(text).as_of(as_of);
    if let Some(h) = hs {
        item = item.hs(h);
    }
    if let Some(s) = scheme {
        item = item.scheme(s);
    }
    let c = m.classify(&item);
    // Hits come sorted by regime, control code, rule id.
    let keys: Vec<_> = c
        .hits
        .iter()
        .map(|h| {
            (
                h.ruleset.regime.as_str(),
                h.rule.control_code.clone().unwrap_or_default(),
                h.rule.id.clone(),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted, "hits are not in deterministic order");
    let mut hits: Vec<RefHit> = c
        .hits
        .iter()
        .map(|h| {
            let mut spans = BTreeSet::new();
            let mut hs_rel = None;
            for e in &h.evidence {
                match e {
                    Evidence::Term {
                        kind,
                        term,
                        start,
                        end,
                    } => {
                        let k = serde_json::to_value(kind)
                            .unwrap()
                            .as_str()
                            .unwrap()
                            .to_string();
                        assert!(
                            spans.insert((k, term.to_string(), *start, *end)),
                            "duplicate evidence"
                        );
                    }
                    Evidence::Pattern {
                        pattern,
                        start,
                        end,
                    } => {
                        spans.insert(("pattern".to_string(), pattern.to_string(), *start, *end));
                    }
                    Evidence::Hs {
                        prefix,
                        scheme,
                        relation,
                    } => {
                        // The reported prefix must be one of the rule's codes.
                        let listed = match scheme {
                            None => h.rule.hs.contains(prefix),
                            Some(s) => h
                                .rule
                                .hs_national
                                .get(*s)
                                .is_some_and(|v| v.contains(prefix)),
                        };
                        assert!(listed, "hs evidence {prefix} not a code of {}", h.rule.id);
                        hs_rel = Some(*relation);
                    }
                    other => panic!("the reference evaluator knows no {other:?}"),
                }
            }
            RefHit {
                rule: h.rule.id.clone(),
                confidence: h.confidence,
                spans,
                hs: hs_rel,
            }
        })
        .collect();
    hits.sort();
    hits
}

const TOKENS: &[&str] = &[
    "sm",
    "co",
    "smco",
    "smco5",
    "sm2co17",
    "magnet",
    "magnets",
    "ring",
    "tb",
    "tbsp",
    "free",
    "samarium",
    "钐",
    "钐钴",
    "磁铁",
    "磁石",
    "サマリウム",
    "ネオジム",
    "nd",
    "fe",
    "b",
    "ndfeb",
    "Ｓｍ",
    "ＮｄＦｅＢ",
    "Café",
    "cafe\u{301}",
    "αβ",
    "дис",
    "x",
    "1",
    "17",
    "ß",
    "İ",
    // For the word-boundary patterns: matches at a word start or end, and
    // the same letters inside words.
    "co1",
    "co 5",
    "co 17",
    "fering",
    "ndsm",
];
const SEPARATORS: &[&str] = &[
    "", " ", "  ", "-", "_", "/", "·", "・", " - ", "\t", ",", ".", "—",
];
const PATTERNS: &[&str] = &[
    r"\bsm\s?2\s?co\s?17\b",
    r"co\d",
    r"磁.",
    r"\bn\d{2}\b",
    r"(fe|co) ?b",
    // Word boundaries at the start or the end of every match: trigger
    // occurrences next to a word character are skipped.
    r"\bco ?\d",
    r"(?:co|fe)\b",
    r"\b(?:sm|nd)\b",
    r"\b钐",
    r"ring\b",
    // Prefix triggers and a bounded match length (5 bytes, `co 17`): the
    // regex runs only over windows that long after each trigger occurrence.
    r"co ?[1-57]{1,2}",
];
// Siblings (`8505`/`8506`, `850511`/`850512`) catch off-by-one errors at
// the ends of a prefix's range.
const PREFIXES: &[&str] = &[
    "85", "8505", "8506", "850511", "850512", "850519", "2805", "280530", "2846.90",
];
const NATIONAL: &[&str] = &[
    "2805301910",
    "2805302000",
    "28053019",
    "85051100",
    "85051200",
];

fn phrase(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(
        (
            prop::sample::select(TOKENS),
            prop::sample::select(SEPARATORS),
            any::<bool>(),
        ),
        1..=max,
    )
    .prop_map(|parts| {
        let mut s = String::new();
        for (i, (tok, sep, upper)) in parts.into_iter().enumerate() {
            if i > 0 {
                s.push_str(sep);
            }
            if upper {
                s.push_str(&tok.to_uppercase());
            } else {
                s.push_str(tok);
            }
        }
        s
    })
}

fn term() -> impl Strategy<Value = String> {
    phrase(3).prop_filter("non-empty after normalization", |t| {
        !normalize(t).trim().is_empty()
    })
}

#[derive(Debug, Clone)]
struct GenRule {
    terms: Vec<String>,
    patterns: Vec<String>,
    require: Vec<Vec<String>>,
    exclude: Vec<String>,
    hs: Vec<String>,
    national: Vec<String>,
}

fn gen_rule() -> impl Strategy<Value = GenRule> {
    (
        prop::collection::vec(term(), 0..4),
        prop::collection::vec(prop::sample::select(PATTERNS).prop_map(String::from), 0..2),
        // Groups of a few words, and now and then one of many: rules with
        // more than 16 `require` and `exclude` words match them while
        // scanning, rules with fewer when they are decided (two paths).
        prop::collection::vec(
            prop_oneof![
                3 => prop::collection::vec(term(), 1..3),
                1 => prop::collection::vec(term(), 15..20),
            ],
            0..3,
        ),
        prop_oneof![
            3 => prop::collection::vec(term(), 0..2),
            1 => prop::collection::vec(term(), 17..20),
        ],
        prop::collection::vec(prop::sample::select(PREFIXES).prop_map(String::from), 0..3),
        prop::collection::vec(prop::sample::select(NATIONAL).prop_map(String::from), 0..2),
    )
        .prop_map(|(terms, patterns, require, exclude, hs, national)| {
            let has_text = !terms.is_empty() || !patterns.is_empty();
            GenRule {
                // A rule needs a text condition or a code; require/exclude need text.
                hs: if !has_text && hs.is_empty() && national.is_empty() {
                    vec!["8505".into()]
                } else {
                    hs
                },
                require: if has_text { require } else { vec![] },
                exclude: if has_text { exclude } else { vec![] },
                terms,
                patterns,
                national,
            }
        })
}

fn lit(s: &str) -> String {
    format!("'{s}'")
}

fn list(v: &[String]) -> String {
    format!(
        "[{}]",
        v.iter().map(|s| lit(s)).collect::<Vec<_>>().join(", ")
    )
}

fn to_toml(rules: &[GenRule], suspended: bool) -> String {
    let mut s = String::from(
        "[ruleset]\nid = 'p'\nregime = 'CN'\ntitle = 't'\ninstrument = 'i'\nsource = 's'\neffective = 2025-04-04\nreviewed = 2026-01-01\n",
    );
    if suspended {
        s.push_str("suspended = [{ from = 2025-11-07, until = 2026-11-10 }]\n");
    }
    for (i, r) in rules.iter().enumerate() {
        s.push_str(&format!("\n[[rule]]\nid = 'R{i}'\ncontrol_code = '1C{:03}'\ncategory = 'dual-use'\ntitle = 't'\n", (i * 7) % 13));
        s.push_str(&format!(
            "terms = {}\npatterns = {}\nexclude = {}\nhs = {}\n",
            list(&r.terms),
            list(&r.patterns),
            list(&r.exclude),
            list(&r.hs)
        ));
        s.push_str(&format!(
            "require = [{}]\n",
            r.require
                .iter()
                .map(|g| list(g))
                .collect::<Vec<_>>()
                .join(", ")
        ));
        if !r.national.is_empty() {
            s.push_str(&format!("hs_national = {{ CN = {} }}\n", list(&r.national)));
        }
    }
    s
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn matcher_equals_reference(
        rules in prop::collection::vec(gen_rule(), 1..12),
        suspended in any::<bool>(),
        texts in prop::collection::vec(phrase(8), 1..6),
        code in prop::option::of(prop::sample::select(&["8505", "850511", "85051100", "2805301910", "28053019", "2846", "284690", "8", "xx", "2805", "850512", "8506", "280530"][..])),
        scheme in prop::option::of(Just("CN")),
        day in prop::sample::select(&[(2025, 1, 1), (2025, 4, 4), (2025, 11, 7), (2026, 11, 10), (2026, 11, 11)][..]),
    ) {
        let src = to_toml(&rules, suspended);
        let ruleset = Ruleset::from_source("gen.toml", &src).unwrap_or_else(|e| panic!("{e}\n{src}"));
        let matcher = Matcher::new(ruleset.clone()).unwrap();
        let as_of = NaiveDate::from_ymd_opt(day.0, day.1, day.2).unwrap();
        for text in &texts {
            let want = reference(&ruleset, text, code, scheme, as_of);
            let got = actual(&matcher, text, code, scheme, as_of);
            prop_assert_eq!(got, want, "text {:?} code {:?}\n{}", text, code, src);
        }
    }
}

#[test]
fn reference_agrees_on_a_known_case() {
    let src = to_toml(
        &[GenRule {
            terms: vec!["smco".into()],
            patterns: vec![],
            require: vec![vec!["magnet".into()]],
            exclude: vec!["free".into()],
            hs: vec!["8505".into()],
            national: vec![],
        }],
        false,
    );
    let rs = Ruleset::from_source("k.toml", &src).unwrap();
    let m = Matcher::new(rs.clone()).unwrap();
    let d = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let got = actual(&m, "SmCo magnet", Some("8505.11"), None, d);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].confidence, Confidence::Confirmed);
    assert_eq!(got, reference(&rs, "SmCo magnet", Some("8505.11"), None, d));
    assert!(actual(&m, "SmCo5 magnet", None, None, d).is_empty());
    assert_eq!(
        actual(&m, "SmCo magnet, free", Some("8505"), None, d)[0].confidence,
        Confidence::Hs
    );
}
