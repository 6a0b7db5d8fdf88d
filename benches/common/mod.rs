//! Shared by the bench binaries: catalogs, synthetic rule sets, and the
//! baselines that `dualuse` is compared with.
#![allow(dead_code)]

pub mod catalog;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use dualuse::{Confidence, Item, Matcher, NaiveDate, Ruleset, normalize};
use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};
use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;

/// The date every bench classifies at: all shipped and synthetic rules apply.
pub fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 1).expect("valid date")
}

/// Criterion settings of every bench: one-second warm-up, three seconds of
/// measurement, no plots (drawing them took longer than measuring;
/// `benches/report.py` makes the tables and the plot from criterion's
/// JSON files).
pub fn config() -> criterion::Criterion {
    criterion::Criterion::default()
        .warm_up_time(std::time::Duration::from_secs(1))
        .measurement_time(std::time::Duration::from_secs(3))
        .without_plots()
        .configure_from_args()
}

/// Seed of every generated catalog.
pub const SEED: u64 = 42;

/// The shipped rules (`rules/*.toml`, embedded at build time).
pub fn shipped() -> Ruleset {
    let rs = Ruleset::builtin().expect("built-in rules load");
    assert!(
        !rs.rules().is_empty(),
        "rules/ is empty: copy the rule files into rules/ before benchmarking"
    );
    rs
}

// ---------------------------------------------------------------------------
// Synthetic rule sets
// ---------------------------------------------------------------------------

/// Real product vocabulary, so that synthetic rules hit the generated
/// catalogs at a realistic rate.
const REAL_TERMS: &[&str] = &[
    "ndfeb",
    "neodymium magnet",
    "nd fe b",
    "sm2co17",
    "smco5",
    "samarium cobalt",
    "dysprosium oxide",
    "dy2o3",
    "terbium metal",
    "tb4o7",
    "gadolinium oxide",
    "lutetium oxide",
    "yttrium oxide",
    "scandium oxide",
    "gallium arsenide",
    "germanium ingot",
    "gallium metal",
    "spherical graphite",
    "tungsten carbide",
    "maraging steel",
    "isostatic press",
    "frequency changer",
    "antimony trioxide",
    "indium phosphide",
    "prnd",
    "holmium oxide",
    "thiodiglycol",
    "potassium cyanide",
    "hydrofluoric acid",
    "triethanolamine",
    "钕铁硼",
    "氧化镝",
    "金属铽",
    "钐钴",
    "サマリウムコバルト",
    "ネオジム磁石",
    "酸化ジスプロシウム",
    "砷化镓",
    "锗锭",
    "球形石墨",
];

const REAL_REQUIRE: &[&str] = &["magnet", "powder", "ingot", "wafer", "磁石", "粉末"];
const REAL_EXCLUDE: &[&str] = &["samarium free", "ferrite", "toy", "souvenir"];

const ONSETS: &[&str] = &[
    "b", "c", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "kr", "st",
    "tr", "ph",
];
const VOWELS: &[&str] = &["a", "e", "i", "o", "u", "ai", "eo", "y"];
const CODAS: &[&str] = &["", "", "n", "r", "l", "x", "th", "m"];

/// The `i`-th pseudo-word: distinct for distinct `i`, never a real word
/// from the catalogs (it always ends in a syllable with a letter pattern
/// the catalogs do not use, `q` + digits).
fn pseudo_word(i: usize, rng: &mut catalog::Rng) -> String {
    let mut s = String::new();
    for _ in 0..rng.range(2, 3) {
        s.push_str(rng.pick(ONSETS));
        s.push_str(rng.pick(VOWELS));
        s.push_str(rng.pick(CODAS));
    }
    match rng.below(10) {
        // Part-number style: glued digits.
        0..=2 => {
            let _ = write!(s, "q{i}");
        }
        // Two words.
        3..=4 => {
            let _ = write!(s, " vaq{i}");
        }
        // CJK term (matches anywhere): rarely used ideographs.
        5 => {
            s.clear();
            let mut n = i;
            for _ in 0..3 {
                s.push(char::from_u32(0x5E00 + (n % 0x1000) as u32).expect("CJK"));
                n = n / 0x1000 + 7 * i;
            }
        }
        _ => {
            let _ = write!(s, "q{i}x");
        }
    }
    s
}

fn toml_str(s: &str) -> String {
    format!("{s:?}")
}

/// A synthetic rule file with `terms` literals in all (terms, require and
/// exclude lists; about five per rule) and `terms / 100` patterns.
pub fn synthetic_toml(terms: usize) -> String {
    let mut rng = catalog::Rng::new(terms as u64);
    let mut out = String::with_capacity(terms * 40);
    out.push_str(
        "[ruleset]\nid = \"synthetic\"\nregime = \"EU\"\ntitle = \"Synthetic\"\ninstrument = \"bench\"\nsource = \"https://example.org\"\neffective = 2025-01-01\nreviewed = 2026-11-01\n",
    );
    let patterns = terms / 100;
    let rules = terms.div_ceil(5);
    let pattern_every = rules.checked_div(patterns).unwrap_or(usize::MAX).max(1);
    let mut real = REAL_TERMS.iter();
    let mut left = terms;
    let mut word = 0usize;
    let mut next = |rng: &mut catalog::Rng, real: &mut std::slice::Iter<&str>| {
        word += 1;
        match real.next() {
            Some(t) if word % 2 == 0 || terms >= 1000 => t.to_string(),
            _ => pseudo_word(word, rng),
        }
    };
    let mut patterns_left = patterns;
    // Real codes for the first few rules; then distinct 6-digit codes, so an
    // item's code relates to a few rules, not to a sixth of them.
    let codes = [
        "8505.11", "2846.90", "2805.30", "3818.00", "8112.92", "8542.31",
    ];
    let code = |r: usize| {
        if r < codes.len() {
            codes[r].to_string()
        } else {
            format!(
                "{:02}{:02}.{:02}",
                25 + r % 70,
                r / 70 % 100,
                r / 7000 % 100
            )
        }
    };
    for r in 0.. {
        if left == 0 {
            break;
        }
        let _ = write!(
            out,
            "\n[[rule]]\nid = \"S-{r}\"\ncontrol_code = \"{r}\"\ncategory = \"dual-use\"\ntitle = \"rule {r}\"\nhs = [\"{}\"]\n",
            code(r)
        );
        let n = left.min(4);
        left -= n;
        let ts: Vec<String> = (0..n)
            .map(|_| toml_str(&next(&mut rng, &mut real)))
            .collect();
        let _ = writeln!(out, "terms = [{}]", ts.join(", "));
        if r % 5 == 1 && left >= 2 {
            left -= 2;
            let a = if r % 10 == 1 {
                REAL_REQUIRE[r / 10 % REAL_REQUIRE.len()].to_string()
            } else {
                pseudo_word(1_000_000 + r, &mut rng)
            };
            let _ = writeln!(
                out,
                "require = [[{}, {}]]",
                toml_str(&a),
                toml_str(&pseudo_word(2_000_000 + r, &mut rng))
            );
        }
        if r % 7 == 3 && left >= 1 {
            left -= 1;
            let e = if r % 14 == 3 {
                REAL_EXCLUDE[r / 14 % REAL_EXCLUDE.len()].to_string()
            } else {
                pseudo_word(3_000_000 + r, &mut rng)
            };
            let _ = writeln!(out, "exclude = [{}]", toml_str(&e));
        }
        if patterns_left > 0 && r % pattern_every == 0 {
            patterns_left -= 1;
            // The two real patterns once each, the others distinct: with
            // every fourth pattern the same, 100,000 terms put each real
            // one in 250 rules, and every magnet grade in the catalog hit
            // them all (17 times the hits of 1,000 terms). No rule set
            // repeats a pattern in hundreds of rules.
            let p = if r == 0 {
                r"\bn\d{2}(?:sh|uh|eh|h|m)?\b".to_string()
            } else if r == pattern_every {
                r"\bsm\s?2\s?co\s?17\b".to_string()
            } else {
                let w = pseudo_word(4_000_000 + r, &mut rng).replace(' ', r"\s");
                format!(r"\b{}\s?\d{{2,4}}[a-z]?\b", regex::escape(&w))
            };
            let _ = writeln!(out, "patterns = ['{p}']");
        }
    }
    out
}

/// The synthetic rule set of about `terms` literals.
pub fn synthetic(terms: usize) -> Ruleset {
    Ruleset::from_source("synthetic.toml", &synthetic_toml(terms)).expect("synthetic rules load")
}

/// Number of distinct normalized literals and of patterns in a rule set.
pub fn size(rs: &Ruleset) -> (usize, usize) {
    let mut lits = BTreeSet::new();
    let mut pats = BTreeSet::new();
    for r in rs.rules() {
        for t in r
            .terms
            .iter()
            .chain(r.require.iter().flatten())
            .chain(&r.exclude)
        {
            lits.insert(normalize(t).trim_matches(' ').to_string());
        }
        pats.extend(r.patterns.iter().cloned());
    }
    (lits.len(), pats.len())
}

// ---------------------------------------------------------------------------
// What dualuse returns, reduced to what the baselines can compute
// ---------------------------------------------------------------------------

/// Indices (into `ruleset.rules()`) of the rules whose words matched: text
/// hits, and near misses whose numbers failed the thresholds (the baselines
/// match words only).
pub fn dualuse_text_hits(m: &Matcher, index: &HashMap<&str, usize>, text: &str) -> Vec<usize> {
    let c = m.classify_explained(&Item::new(text).as_of(as_of()));
    let mut v: Vec<usize> = c
        .hits
        .iter()
        .filter(|h| h.confidence >= Confidence::Text)
        .map(|h| index[h.rule.id.as_str()])
        .chain(
            c.near_misses
                .iter()
                .filter(|n| matches!(n.reason, dualuse::MissReason::ParametersFailed(_)))
                .map(|n| index[n.rule.id.as_str()]),
        )
        .collect();
    v.sort_unstable();
    v
}

/// Rule id -> index.
pub fn rule_index(rs: &Ruleset) -> HashMap<&str, usize> {
    rs.rules()
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect()
}

// ---------------------------------------------------------------------------
// Baselines
// ---------------------------------------------------------------------------

/// CJK ranges that never form word boundaries (as in the design contract).
const CJK_CLASS: &str = r"\x{1100}-\x{11FF}\x{2E80}-\x{2FDF}\x{3005}-\x{3007}\x{3040}-\x{30FF}\x{3130}-\x{318F}\x{31F0}-\x{31FF}\x{3400}-\x{4DBF}\x{4E00}-\x{9FFF}\x{AC00}-\x{D7AF}\x{F900}-\x{FAFF}\x{FF66}-\x{FF9F}\x{20000}-\x{3FFFF}";

fn is_word(c: char) -> bool {
    let cjk = matches!(c as u32, 0x1100..=0x11FF | 0x2E80..=0x2FDF | 0x3005..=0x3007 | 0x3040..=0x30FF
        | 0x3130..=0x318F | 0x31F0..=0x31FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF
        | 0xF900..=0xFAFF | 0xFF66..=0xFF9F | 0x20000..=0x3FFFF);
    c.is_alphanumeric() && !cjk
}

/// A regex for one normalized literal with the contract's boundaries: a
/// literal that starts (ends) with a word character needs a non-word
/// character or the text's edge before (after) it. `\b` is not the same:
/// Rust's `\w` counts CJK as word characters and `_` as one.
fn term_regex(term: &str) -> String {
    let nonword = format!(r"[^\p{{Alphabetic}}\p{{N}}--[{CJK_CLASS}]]");
    let left = term.chars().next().is_some_and(is_word);
    let right = term.chars().next_back().is_some_and(is_word);
    format!(
        "{}{}{}",
        if left {
            format!("(?:^|{nonword})")
        } else {
            String::new()
        },
        regex::escape(term),
        if right {
            format!("(?:{nonword}|$)")
        } else {
            String::new()
        }
    )
}

fn lit(t: &str) -> String {
    normalize(t).trim_matches(' ').to_string()
}

/// One rule as regex sources: any of terms/patterns; each require group;
/// any exclude.
struct RuleRegexes {
    rule: usize,
    any: String,
    require: Vec<String>,
    exclude: Option<String>,
}

fn alternation(parts: impl IntoIterator<Item = String>) -> String {
    let v: Vec<String> = parts.into_iter().map(|p| format!("(?:{p})")).collect();
    v.join("|")
}

fn rule_regexes(rs: &Ruleset) -> Vec<RuleRegexes> {
    let date = as_of();
    rs.rules()
        .iter()
        .enumerate()
        .filter(|(_, r)| rs.info(r).applies_at(date) && r.has_text_conditions())
        .map(|(i, r)| RuleRegexes {
            rule: i,
            any: alternation(
                r.terms
                    .iter()
                    .map(|t| term_regex(&lit(t)))
                    .chain(r.patterns.iter().cloned()),
            ),
            require: r
                .require
                .iter()
                .map(|g| alternation(g.iter().map(|t| term_regex(&lit(t)))))
                .collect(),
            exclude: (!r.exclude.is_empty())
                .then(|| alternation(r.exclude.iter().map(|t| term_regex(&lit(t))))),
        })
        .collect()
}

fn build(p: &str) -> Regex {
    RegexBuilder::new(p)
        .case_insensitive(true)
        .size_limit(1 << 30)
        .dfa_size_limit(64 << 20)
        .build()
        .expect("baseline regex compiles")
}

/// Baseline (a): a loop over one `Regex` per rule condition (any-of terms
/// and patterns; each require group; the exclude list), over normalized text.
pub struct RegexLoop {
    rules: Vec<(usize, Regex, Vec<Regex>, Option<Regex>)>,
}

impl RegexLoop {
    /// Compiles the baseline.
    pub fn new(rs: &Ruleset) -> RegexLoop {
        RegexLoop {
            rules: rule_regexes(rs)
                .into_iter()
                .map(|r| {
                    (
                        r.rule,
                        build(&r.any),
                        r.require.iter().map(|p| build(p)).collect(),
                        r.exclude.as_deref().map(build),
                    )
                })
                .collect(),
        }
    }

    /// Rules whose text matched (sorted).
    pub fn text_hits(&self, text: &str) -> Vec<usize> {
        let norm = normalize(text);
        self.rules
            .iter()
            .filter(|(_, any, req, excl)| {
                any.is_match(&norm)
                    && req.iter().all(|g| g.is_match(&norm))
                    && !excl.as_ref().is_some_and(|e| e.is_match(&norm))
            })
            .map(|(i, ..)| *i)
            .collect()
    }
}

/// Baseline (b): one `RegexSet` over every condition of every rule, then the
/// rule logic over the set of matching conditions.
pub struct RegexSetBaseline {
    set: RegexSet,
    /// (rule, any index, require indices, exclude index)
    rules: Vec<(usize, usize, Vec<usize>, Option<usize>)>,
}

impl RegexSetBaseline {
    /// Compiles the baseline.
    pub fn new(rs: &Ruleset) -> RegexSetBaseline {
        let mut pats = Vec::new();
        let mut rules = Vec::new();
        let mut add = |p: String| {
            pats.push(p);
            pats.len() - 1
        };
        for r in rule_regexes(rs) {
            let any = add(r.any);
            let req = r.require.into_iter().map(&mut add).collect();
            let ex = r.exclude.map(&mut add);
            rules.push((r.rule, any, req, ex));
        }
        let set = RegexSetBuilder::new(&pats)
            .case_insensitive(true)
            .size_limit(1 << 30)
            .dfa_size_limit(256 << 20)
            .build()
            .expect("baseline regex set compiles");
        RegexSetBaseline { set, rules }
    }

    /// Rules whose text matched (sorted).
    pub fn text_hits(&self, text: &str) -> Vec<usize> {
        let norm = normalize(text);
        let m = self.set.matches(&norm);
        self.rules
            .iter()
            .filter(|(_, any, req, ex)| {
                m.matched(*any)
                    && req.iter().all(|&g| m.matched(g))
                    && !ex.is_some_and(|e| m.matched(e))
            })
            .map(|(i, ..)| *i)
            .collect()
    }
}

/// Baseline (c), the floor: one Aho-Corasick automaton over the same
/// normalized literals, built as `dualuse` builds it, scanning text that is
/// already normalized, with no boundary checks and no rule logic.
pub struct Floor {
    ac: AhoCorasick,
    literals: Vec<String>,
}

impl Floor {
    /// Builds the automaton.
    pub fn new(rs: &Ruleset) -> Floor {
        let mut seen = HashMap::new();
        let mut literals = Vec::new();
        for r in rs.rules() {
            for t in r
                .terms
                .iter()
                .chain(r.require.iter().flatten())
                .chain(&r.exclude)
            {
                let l = lit(t);
                seen.entry(l.clone()).or_insert_with(|| {
                    literals.push(l);
                });
            }
        }
        let ac = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .build(&literals)
            .expect("automaton builds");
        Floor { ac, literals }
    }

    /// Number of (overlapping) literal occurrences in normalized text.
    pub fn scan(&self, normalized: &str) -> usize {
        self.ac.find_overlapping_iter(normalized).count()
    }

    /// Normalizes, then scans: the floor including normalization.
    pub fn normalize_and_scan(&self, text: &str) -> usize {
        self.scan(&normalize(text))
    }

    /// Checks the floor sees the same literals as the reference: every
    /// literal occurrence (with boundaries) found by plain string search
    /// is among the automaton's matches. Returns the literal hit set.
    pub fn literal_hits(&self, normalized: &str) -> BTreeSet<usize> {
        let mut out = BTreeSet::new();
        for m in self.ac.find_overlapping_iter(normalized) {
            let l = &self.literals[m.pattern().as_usize()];
            let left = l.chars().next().is_some_and(is_word);
            let right = l.chars().next_back().is_some_and(is_word);
            if left
                && normalized[..m.start()]
                    .chars()
                    .next_back()
                    .is_some_and(is_word)
            {
                continue;
            }
            if right && normalized[m.end()..].chars().next().is_some_and(is_word) {
                continue;
            }
            out.insert(m.pattern().as_usize());
        }
        out
    }

    /// The same set by naive search, for checking.
    pub fn literal_hits_naive(&self, normalized: &str) -> BTreeSet<usize> {
        let mut out = BTreeSet::new();
        for (k, l) in self.literals.iter().enumerate() {
            let left = l.chars().next().is_some_and(is_word);
            let right = l.chars().next_back().is_some_and(is_word);
            let mut from = 0;
            while let Some(at) = normalized[from..].find(l.as_str()) {
                let i = from + at;
                let end = i + l.len();
                from = i + normalized[i..].chars().next().map_or(1, char::len_utf8);
                if left && normalized[..i].chars().next_back().is_some_and(is_word) {
                    continue;
                }
                if right && normalized[end..].chars().next().is_some_and(is_word) {
                    continue;
                }
                out.insert(k);
                break;
            }
        }
        out
    }
}

/// Checks that every baseline returns exactly what `dualuse` returns on
/// `texts`; panics with the first difference. Returns the number of texts
/// with at least one text hit.
pub fn check_equal(
    rs: &Ruleset,
    m: &Matcher,
    texts: &[&str],
    regex_loop: Option<&RegexLoop>,
    set: Option<&RegexSetBaseline>,
    floor: &Floor,
) -> usize {
    let index = rule_index(rs);
    let mut with_hits = 0;
    for t in texts {
        let want = dualuse_text_hits(m, &index, t);
        with_hits += usize::from(!want.is_empty());
        if let Some(b) = regex_loop {
            assert_eq!(b.text_hits(t), want, "regex loop differs on {t:?}");
        }
        if let Some(b) = set {
            assert_eq!(b.text_hits(t), want, "regex set differs on {t:?}");
        }
        let n = normalize(t);
        assert_eq!(
            floor.literal_hits(&n),
            floor.literal_hits_naive(&n),
            "floor automaton differs on {t:?}"
        );
    }
    with_hits
}
