//! Recall on real text (project issue 10, part 5): the evaluation corpus
//! `tests/data/recall/corpus.tsv` holds real chemical names, product and
//! price-table titles and tariff lines, each labelled with the control family
//! it belongs to (or `none`) and the reason; `tests/data/recall/README.md`
//! cites every source.
//!
//! - `corpus_is_well_formed` (always runs) checks the file: header, columns,
//!   labels from the allowed sets, every source id defined in the README, no
//!   duplicate text.
//! - `recall_report` (ignored: a report, not a gate) classifies every line with
//!   the built-in rules and prints recall and false-positive rate per family,
//!   per language and per kind, then writes every miss and every false positive
//!   to `target/recall-misses.tsv` and `target/recall-false-positives.tsv`.
//!   It does not fail on low recall: the engine work that raises it lands
//!   later. Run it with
//!   `cargo test --release --test recall -- --ignored --nocapture`.
//!
//! ## Family → rules
//!
//! A line labelled with a family counts as found when any built-in rule of
//! that family (table [`FAMILIES`]: rule-id prefixes, matched whole up to a
//! `.`) gives a `text` or `confirmed` hit. An `hs`-only hit is a lead, not a
//! finding, and does not count. A line may name several families joined by
//! `+` (terbium-dysprosium-iron is both `CN-Tb` and `CN-Dy`): it counts once
//! for each. A false positive of family F is a line not labelled F that a
//! rule of F hits with `text` or `confirmed` confidence; the false-positive
//! rate of F is over all lines not labelled F (the `none` negatives and the
//! other families' lines). The per-language and per-kind false-positive
//! rates are over the `none` lines: such a line is a false positive when any
//! family in the table hits it. Rules outside the table (EU, US, the
//! rare-earth-dependency taxonomy, No. 57's Ho/Er/Tm/Eu, No. 56/58 batteries
//! and equipment) are not scored here.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fmt::Write as _;
use std::path::PathBuf;

use chrono::NaiveDate;
use dualuse::{Confidence, Item, Matcher};

/// The corpus header, column by column.
const HEADER: [&str; 8] = [
    "text", "hs", "family", "expect", "lang", "kind", "source", "reason",
];

/// Control family → the rule-id prefixes of the built-in rules that belong to
/// it. A prefix matches a rule id equal to it or continuing with `.`.
const FAMILIES: &[(&str, &[&str])] = &[
    // MOFCOM/GACC No. 18 of 2025: 1C902 Sm … 1C908 Y.
    ("CN-Sm", &["CN-1C902"]),
    ("CN-Gd", &["CN-1C903"]),
    ("CN-Tb", &["CN-1C904"]),
    ("CN-Dy", &["CN-1C905"]),
    ("CN-Lu", &["CN-1C906"]),
    ("CN-Sc", &["CN-1C907"]),
    ("CN-Y", &["CN-1C908"]),
    // No. 23 of 2023: 3C001 gallium items, 3C002 germanium items.
    ("CN-Ga", &["CN-3C001"]),
    ("CN-Ge", &["CN-3C002"]),
    // No. 33 of 2024: 3C003 antimony items, 3E003 gold-antimony technology.
    ("CN-Sb", &["CN-3C003", "CN-3E003"]),
    // No. 33 of 2024 (2B901, 2C901, 2E901) and No. 55 of 2025 (2E902).
    (
        "CN-superhard",
        &["CN-2B901", "CN-2C901", "CN-2E901", "CN-2E902"],
    ),
    // No. 39 of 2023 (1C108) and No. 58 of 2025 graphite anode material.
    ("CN-graphite", &["CN-1C108", "CN-3C901.b", "CN-3C902.b"]),
    // No. 10 of 2025.
    ("CN-W", &["CN-1C117", "CN-1C004"]),
    ("CN-In", &["CN-3C004"]),
    ("CN-Bi", &["CN-6C001"]),
    ("CN-Te", &["CN-6C002"]),
    // No molybdenum rule is encoded yet (rules/cn-mofcom-2025-10.toml).
    ("CN-Mo", &["CN-1C9xx-Mo"]),
];

const EXPECTS: &[&str] = &["hit", "miss"];
const KINDS: &[&str] = &["chemical", "title", "tariff", "part"];
/// BCP 47 tags used in the corpus; `zxx` (no linguistic content) is for bare
/// CAS registry numbers and formulas.
const LANGS: &[&str] = &[
    "en", "de", "fr", "es", "it", "nl", "pl", "cs", "ru", "la", "ja", "ko", "zh-Hans", "zh-Hant",
    "zxx",
];

/// The as-of date of the evaluation.
fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 30).expect("valid date")
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(rel: &str) -> String {
    let path = root().join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

struct Line<'a> {
    /// 1-based line number in the file (header is line 1).
    no: usize,
    text: &'a str,
    hs: &'a str,
    families: Vec<&'a str>,
    expect: &'a str,
    lang: &'a str,
    kind: &'a str,
    source: &'a str,
    reason: &'a str,
}

fn lines(corpus: &str) -> Vec<Line<'_>> {
    let mut it = corpus.lines();
    let header: Vec<&str> = it.next().expect("header").split('\t').collect();
    assert_eq!(header, HEADER, "corpus header");
    it.enumerate()
        .map(|(i, l)| {
            let c: Vec<&str> = l.split('\t').collect();
            assert_eq!(
                c.len(),
                8,
                "line {}: {} columns, want 8: {l:?}",
                i + 2,
                c.len()
            );
            Line {
                no: i + 2,
                text: c[0],
                hs: c[1],
                families: c[2].split('+').collect(),
                expect: c[3],
                lang: c[4],
                kind: c[5],
                source: c[6],
                reason: c[7],
            }
        })
        .collect()
}

/// Source ids defined in the README: table rows that start with `` | `id` | ``.
fn defined_sources(readme: &str) -> BTreeSet<String> {
    readme
        .lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split_once("` |"))
        .map(|(id, _)| id.to_string())
        .collect()
}

fn family_of_rule(rule: &str) -> Option<&'static str> {
    FAMILIES.iter().find_map(|(fam, prefixes)| {
        prefixes
            .iter()
            .any(|p| rule == *p || rule.strip_prefix(p).is_some_and(|r| r.starts_with('.')))
            .then_some(*fam)
    })
}

#[test]
fn corpus_is_well_formed() {
    let corpus = read("tests/data/recall/corpus.tsv");
    let sources = defined_sources(&read("tests/data/recall/README.md"));
    assert!(!sources.is_empty(), "README defines no source ids");
    let families: HashSet<&str> = FAMILIES.iter().map(|(f, _)| *f).chain(["none"]).collect();
    let mut errors = Vec::new();
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    let rows = lines(&corpus);
    for l in &rows {
        let mut bad = |m: String| errors.push(format!("line {}: {m}", l.no));
        if l.text.trim().is_empty() || l.text.trim() != l.text {
            bad(format!("empty text or surrounding spaces: {:?}", l.text));
        }
        if l.text.contains('\r') || l.reason.contains('\r') {
            bad("carriage return".into());
        }
        if !l.hs.is_empty() && !l.hs.chars().all(|c| c.is_ascii_digit() || c == '.') {
            bad(format!("hs {:?} is not digits and dots", l.hs));
        }
        for f in &l.families {
            if !families.contains(f) {
                bad(format!("unknown family {f:?}"));
            }
        }
        if l.families.len() > 1 && l.families.contains(&"none") {
            bad("`none` combined with a family".into());
        }
        let distinct: HashSet<&&str> = l.families.iter().collect();
        if distinct.len() != l.families.len() {
            bad("family repeated".into());
        }
        if !EXPECTS.contains(&l.expect) {
            bad(format!("expect {:?} is not hit or miss", l.expect));
        }
        if (l.expect == "miss") != (l.families == ["none"]) {
            bad(format!(
                "expect {:?} with family {:?}: `miss` goes with `none` and only with it",
                l.expect,
                l.families.join("+")
            ));
        }
        if !LANGS.contains(&l.lang) {
            bad(format!("unknown lang {:?}", l.lang));
        }
        if !KINDS.contains(&l.kind) {
            bad(format!("unknown kind {:?}", l.kind));
        }
        let id = l.source.split(':').next().unwrap_or_default();
        if !sources.contains(id) {
            bad(format!("source id {id:?} is not defined in README.md"));
        }
        if l.reason.trim().is_empty() {
            bad("empty reason".into());
        }
        if let Some(first) = seen.insert(l.text, l.no) {
            bad(format!("duplicate of line {first}: {:?}", l.text));
        }
    }
    assert!(
        errors.is_empty(),
        "{} problem(s) in tests/data/recall/corpus.tsv:\n{}",
        errors.len(),
        errors.join("\n")
    );
    assert!(rows.len() >= 2_000, "corpus has only {} lines", rows.len());
}

#[derive(Default, Clone, Copy)]
struct Tally {
    pos: usize,
    found: usize,
    neg: usize,
    fp: usize,
}

impl Tally {
    fn recall(&self) -> String {
        pct(self.found, self.pos)
    }
    fn fp_rate(&self) -> String {
        pct(self.fp, self.neg)
    }
}

fn pct(n: usize, d: usize) -> String {
    if d == 0 {
        "-".into()
    } else {
        format!("{:.1}%", 100.0 * n as f64 / d as f64)
    }
}

fn table(out: &mut String, title: &str, rows: &BTreeMap<String, Tally>) {
    let _ = writeln!(
        out,
        "\n{title:<14} {:>5} {:>6} {:>7}   {:>5} {:>4} {:>6}",
        "pos", "found", "recall", "neg", "fp", "fp%"
    );
    for (k, t) in rows {
        let _ = writeln!(
            out,
            "{k:<14} {:>5} {:>6} {:>7}   {:>5} {:>4} {:>6}",
            t.pos,
            t.found,
            t.recall(),
            t.neg,
            t.fp,
            t.fp_rate()
        );
    }
}

/// The families whose rules give a line a `text` or `confirmed` hit, and
/// those rules' ids.
fn classify(matcher: &Matcher, l: &Line<'_>, date: NaiveDate) -> (BTreeSet<&'static str>, String) {
    let mut item = Item::new(l.text).as_of(date);
    if !l.hs.is_empty() {
        item = item.hs(l.hs);
    }
    let c = matcher.classify(&item);
    let hit_rules: Vec<String> = c
        .hits
        .iter()
        .filter(|h| matches!(h.confidence, Confidence::Text | Confidence::Confirmed))
        .map(|h| h.rule.id.to_string())
        .collect();
    let families = hit_rules.iter().filter_map(|r| family_of_rule(r)).collect();
    (families, hit_rules.join(" "))
}

/// The families that meet the bar of issue 10 (recall ≥ 95%, false
/// positives ≤ 0.1%) on this corpus, kept there: a rule change that loses
/// recall or gains false positives in them fails here. Every family with
/// more than one line in the corpus is gated now; `recall_report`
/// prints the figures per family, language and kind.
const GATED: &[&str] = &[
    "CN-Sm",
    "CN-Gd",
    "CN-Tb",
    "CN-Dy",
    "CN-Lu",
    "CN-Sc",
    "CN-Y",
    "CN-Ga",
    "CN-Ge",
    "CN-Sb",
    "CN-Bi",
    "CN-Te",
    "CN-graphite",
];

#[test]
fn gated_families_meet_the_bar() {
    let corpus = read("tests/data/recall/corpus.tsv");
    let matcher = Matcher::builtin().expect("built-in rules compile");
    let date = as_of();
    let mut tallies: BTreeMap<&str, Tally> = BTreeMap::new();
    for l in &lines(&corpus) {
        let (hit, _) = classify(matcher, l, date);
        for fam in GATED {
            let t = tallies.entry(fam).or_default();
            if l.families.contains(fam) {
                t.pos += 1;
                t.found += usize::from(hit.contains(fam));
            } else {
                t.neg += 1;
                t.fp += usize::from(hit.contains(fam));
            }
        }
    }
    let failing: Vec<String> = tallies
        .iter()
        .filter(|(_, t)| t.found * 100 < t.pos * 95 || t.fp * 1000 > t.neg)
        .map(|(f, t)| {
            format!(
                "{f}: recall {} ({}/{}), false positives {} ({}/{})",
                t.recall(),
                t.found,
                t.pos,
                t.fp_rate(),
                t.fp,
                t.neg
            )
        })
        .collect();
    assert!(
        failing.is_empty(),
        "below recall 95% or above 0.1% false positives:\n{}",
        failing.join("\n")
    );
}

#[test]
#[ignore = "report: every family, language and kind with the misses; run with --ignored --nocapture"]
fn recall_report() {
    let corpus = read("tests/data/recall/corpus.tsv");
    let rows = lines(&corpus);
    let matcher = Matcher::builtin().expect("built-in rules compile");
    let date = as_of();

    let mut per_family: BTreeMap<String, Tally> = BTreeMap::new();
    let mut per_lang: BTreeMap<String, Tally> = BTreeMap::new();
    let mut per_kind: BTreeMap<String, Tally> = BTreeMap::new();
    let mut total = Tally::default();
    let mut misses = String::from("family\tlang\tkind\ttext\trules hit\tsource\treason\n");
    let mut fps = String::from("rule family\tlabel\tlang\tkind\ttext\trules hit\tsource\treason\n");

    for l in &rows {
        let (hit_families, rules) = classify(matcher, l, date);

        // Per family: recall on its own lines, false positives on the others.
        for (fam, _) in FAMILIES {
            let t = per_family.entry((*fam).to_string()).or_default();
            if l.families.contains(fam) {
                t.pos += 1;
                if hit_families.contains(fam) {
                    t.found += 1;
                }
            } else {
                t.neg += 1;
                if hit_families.contains(fam) {
                    t.fp += 1;
                    let _ = writeln!(fps, "{fam}\t{}", report_line(l, &rules));
                }
            }
        }

        // Per language and kind: a positive line is found when each of its
        // families is found; a `none` line is a false positive when any
        // scored family hits it.
        let positive = l.expect == "hit";
        let ok = if positive {
            l.families.iter().all(|f| hit_families.contains(f))
        } else {
            !hit_families.is_empty()
        };
        for t in [
            per_lang.entry(l.lang.to_string()).or_default(),
            per_kind.entry(l.kind.to_string()).or_default(),
            &mut total,
        ] {
            if positive {
                t.pos += 1;
                t.found += usize::from(ok);
            } else {
                t.neg += 1;
                t.fp += usize::from(ok);
            }
        }
        if positive && !ok {
            let _ = writeln!(misses, "{}", report_line(l, &rules));
        }
    }

    let mut out = format!(
        "recall corpus: {} lines ({} positive, {} negative), as of {date}; found = a text or confirmed hit of a rule of the line's family",
        rows.len(),
        total.pos,
        total.neg
    );
    // Families without a single labelled line are left out of the table.
    per_family.retain(|_, t| t.pos > 0);
    table(&mut out, "family", &per_family);
    table(&mut out, "lang", &per_lang);
    table(&mut out, "kind", &per_kind);
    let mut all = BTreeMap::new();
    all.insert("all".to_string(), total);
    table(&mut out, "total", &all);
    println!("{out}");

    let target = root().join("target");
    std::fs::create_dir_all(&target).expect("create target/");
    for (name, body) in [
        ("recall-misses.tsv", &misses),
        ("recall-false-positives.tsv", &fps),
        ("recall-report.txt", &out),
    ] {
        let path = target.join(name);
        std::fs::write(&path, body).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        println!("wrote {}", path.display());
    }
}

/// A corpus line as the miss and false-positive reports print it: its
/// families, language, kind, text, the rules that hit, source and reason.
fn report_line(l: &Line<'_>, rules: &str) -> String {
    format!(
        "{}\t{}\t{}\t{}\t{rules}\t{}\t{}",
        l.families.join("+"),
        l.lang,
        l.kind,
        l.text,
        l.source,
        l.reason
    )
}
