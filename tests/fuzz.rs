//! Fuzzing on stable: rule loading and classification under mutated and
//! hostile input, driven by proptest so that it runs in every `cargo test`
//! and, with a larger budget, in CI (`DUALUSE_FUZZ_CASES`).
//!
//! Properties:
//! * loading any mutation of a shipped rule file (bytes deleted, inserted,
//!   duplicated, truncated; invalid UTF-8) never panics and never hangs; it
//!   either loads or reports diagnostics whose `file:line:col` lie inside
//!   the file;
//! * a rule set that loads also compiles and classifies its own examples;
//! * classifying any text with the built-in rules never panics or hangs,
//!   and every evidence span lies on character boundaries of the text.
//!
//! A hang is a failure like a panic: each case runs on a worker thread and
//! fails if it has not finished within [`CASE_LIMIT`]. A crash or hang found
//! here is kept as a regression case in `fuzz.proptest-regressions` and as a
//! named test below.

use dualuse::{Error, Item, Matcher, NaiveDate, Ruleset};
use proptest::prelude::*;
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::Duration;

/// Wall time one case may take before it counts as a hang (generous: debug
/// builds on a loaded two-core machine).
const CASE_LIMIT: Duration = Duration::from_secs(60);

fn cases() -> u32 {
    std::env::var("DUALUSE_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(48)
}

/// Runs `f` on a worker thread; a panic or a run past [`CASE_LIMIT`] fails.
fn bounded<T: Send + 'static>(what: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    std::thread::Builder::new()
        .name(format!("fuzz: {what}"))
        .spawn(move || {
            let _ = tx.send(f());
        })
        .expect("spawn a worker");
    match rx.recv_timeout(CASE_LIMIT) {
        Ok(v) => v,
        Err(mpsc::RecvTimeoutError::Timeout) => panic!("hang: {what} ran past {CASE_LIMIT:?}"),
        Err(mpsc::RecvTimeoutError::Disconnected) => panic!("panic: {what}"),
    }
}

fn shipped() -> Vec<(String, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("rules");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("rules/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).expect("read rule file"))
        })
        .collect()
}

/// Fragments that TOML, the rule schema and the regex syntax care about.
const DICTIONARY: &[&str] = &[
    "\"",
    "'",
    "'''",
    "[",
    "]",
    "[[rule]]",
    "[[rule.examples]]",
    "[ruleset]",
    "=",
    "\n",
    "\r",
    "\r\n",
    "#",
    "\\",
    "\\u{0}",
    "\u{0}",
    "{",
    "}",
    ",",
    "(",
    ")",
    "*",
    "+",
    "?",
    "{99999}",
    "(?i)",
    "\\b",
    ".*",
    "a{1000}{1000}",
    "terms = []",
    "terms = ['']",
    "patterns = ['']",
    "exclude = ['x']",
    "hs = ['99']",
    "elements = ['Xx']",
    "\u{200B}",
    "\u{301}",
    "钐",
    "ﬁ",
    "2026-13-45",
    "expect = 'hit'",
    "expect = 'miss'",
    "\u{FEFF}",
];

#[derive(Debug, Clone)]
enum Mutation {
    Delete { at: usize, len: usize },
    Insert { at: usize, what: Vec<u8> },
    Duplicate { at: usize, len: usize },
    Truncate { at: usize },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let fragment = prop_oneof![
        proptest::sample::select(DICTIONARY).prop_map(|s| s.as_bytes().to_vec()),
        proptest::collection::vec(any::<u8>(), 1..8),
    ];
    prop_oneof![
        (any::<usize>(), 1usize..64).prop_map(|(at, len)| Mutation::Delete { at, len }),
        (any::<usize>(), fragment).prop_map(|(at, what)| Mutation::Insert { at, what }),
        (any::<usize>(), 1usize..400).prop_map(|(at, len)| Mutation::Duplicate { at, len }),
        any::<usize>().prop_map(|at| Mutation::Truncate { at }),
    ]
}

fn apply(bytes: &mut Vec<u8>, m: &Mutation) {
    let n = bytes.len().max(1);
    match m {
        Mutation::Delete { at, len } => {
            let at = at % n;
            let end = at.saturating_add(*len).min(bytes.len());
            bytes.drain(at.min(end)..end);
        }
        Mutation::Insert { at, what } => {
            let at = at % (bytes.len() + 1);
            bytes.splice(at..at, what.iter().copied());
        }
        Mutation::Duplicate { at, len } => {
            let at = at % n;
            let end = at.saturating_add(*len).min(bytes.len());
            let copy = bytes[at.min(end)..end].to_vec();
            bytes.splice(end..end, copy);
        }
        Mutation::Truncate { at } => bytes.truncate(at % n),
    }
}

/// Loads `bytes` as a rule file the way `--rules FILE` does, and checks
/// what comes back.
fn load_and_use(name: String, bytes: Vec<u8>) -> Result<(), String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let path = dir.path().join(&name);
    std::fs::write(&path, &bytes).map_err(|e| e.to_string())?;
    let lines = bytes.split(|&b| b == b'\n').count();
    match Ruleset::builder().add_file(&path).build() {
        Ok(rules) => {
            // It loaded: it compiles and classifies its examples.
            let matcher = Matcher::new(rules).map_err(|e| format!("compile: {e}"))?;
            let report = matcher.run_examples(NaiveDate::from_ymd_opt(2026, 11, 30).unwrap());
            let _ = report.passed;
            Ok(())
        }
        Err(Error::Rules(diags)) => {
            if diags.is_empty() {
                return Err("an error without diagnostics".into());
            }
            for d in &diags {
                let loc = &d.location;
                if loc.line == 0 || loc.col == 0 || loc.line > lines + 1 {
                    return Err(format!("diagnostic outside the file ({lines} lines): {d}"));
                }
                if !loc.file.ends_with(&name) {
                    return Err(format!("diagnostic names another file: {d}"));
                }
            }
            Ok(())
        }
        Err(e) => Err(format!("not a rule diagnostic: {e}")),
    }
}

/// Texts that stress the scanner: rule words and trigger fragments
/// repeated, separators, numbers and units, mixed scripts.
fn hostile_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        proptest::sample::select(
            &[
                "samarium",
                "sm2co17",
                "ndfeb",
                "gallium",
                "ga",
                "gan",
                "ge",
                "tb",
                "terbium",
                "ytterbium",
                "dy",
                "镝",
                "鏑",
                "ジスプロシウム",
                "钐钴",
                "-",
                " ",
                "/",
                "·",
                "\u{301}",
                "(",
                "\"",
                "1",
                "99.99%",
                "5 kW",
                "1070 nm",
                "≥",
                "×",
                "mm",
                "hs",
                "8505.11",
                "\u{200B}",
                "ｎｄｆｅｂ",
                "Σ",
                "İ",
                "ß",
                "\r\n",
                "\t",
                "7440-54-2",
                "12064-62-9",
                "７４４０－５４－２",
                "CAS ",
            ][..]
        )
        .prop_map(str::to_string),
        any::<char>().prop_map(String::from),
    ];
    (proptest::collection::vec(piece, 0..200), 1usize..400).prop_map(|(pieces, repeat)| {
        let unit: String = pieces.concat();
        // Up to about 400 repetitions of the unit: long texts with
        // many occurrences of the same words.
        let times = if unit.len() < 100 { repeat } else { 1 };
        unit.repeat(times)
    })
}

fn check_classification(text: String, hs: Option<String>) -> Result<(), String> {
    let matcher = Matcher::builtin().map_err(|e| e.to_string())?;
    let date = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    let mut item = Item::new(&text).as_of(date);
    if let Some(hs) = &hs {
        item = item.hs(hs);
    }
    let mut scanner = matcher.scanner();
    let c = scanner.classify_explained(&item);
    let plain = matcher.classify(&item);
    if plain.hits != c.hits {
        return Err("the scanner and the convenience path disagree".into());
    }
    for hit in &c.hits {
        for e in &hit.evidence {
            // Every kind that points at words (terms, patterns, CAS numbers).
            let Some(std::ops::Range { start, end }) = e.span() else {
                continue;
            };
            if start > end || text.get(start..end).is_none() {
                return Err(format!("evidence {start}..{end} is not a span of the text"));
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: cases(),
        max_shrink_iters: 200,
        failure_persistence: Some(Box::new(
            proptest::test_runner::FileFailurePersistence::WithSource("proptest-regressions"),
        )),
        ..ProptestConfig::default()
    })]

    #[test]
    fn mutated_rule_files_load_or_explain(
        file in 0usize..64,
        mutations in proptest::collection::vec(mutation(), 1..6),
    ) {
        let files = shipped();
        let (name, mut bytes) = files[file % files.len()].clone();
        for m in &mutations {
            apply(&mut bytes, m);
        }
        let result = bounded("load a mutated rule file", move || load_and_use(name, bytes));
        prop_assert!(result.is_ok(), "{}", result.unwrap_err());
    }

    #[test]
    fn any_text_classifies(text in hostile_text(), hs in proptest::option::of("[0-9. ]{0,14}")) {
        let result = bounded("classify", move || check_classification(text, hs));
        prop_assert!(result.is_ok(), "{}", result.unwrap_err());
    }

    /// The public API takes any argument without panicking.
    #[test]
    fn public_api_takes_any_argument(
        s in any::<String>(),
        t in any::<String>(),
        min in any::<usize>(),
        max in any::<usize>(),
    ) {
        let _ = dualuse::HsCode::parse(&s);
        let _ = dualuse::HsCode::parse_len(&s, min, max);
        let _ = dualuse::Relation::of(&s, &t);
        let _ = dualuse::quantity::extract(&s);
        let _ = dualuse::normalize(&s);
        let (a, b) = (s.clone(), t.clone());
        let loaded = bounded("load any text as a rule file", move || {
            Ruleset::from_source(&a, &b).map(|r| r.rules().len())
        });
        if let Err(Error::Rules(d)) = &loaded {
            prop_assert!(!d.is_empty());
        }
    }

    /// Order lines with any text in every field get a verdict, never a
    /// panic or a hang; a listed name padded with noise is still found.
    #[test]
    fn any_order_gets_a_verdict(
        fields in proptest::collection::vec(
            prop_oneof![
                any::<String>(),
                hostile_text(),
                proptest::sample::select(&[
                    "MHI AERO ENGINES LTD", "三菱重工航空エンジン（株）", "JMU防務系統株式會社",
                    "Mitsubishi Heavy Industries, Ltd.", "JP", "Japan", "US", "陸上自衛隊", "military",
                    "", " ", "(株)", "Co., Ltd.",
                ][..]).prop_map(str::to_string),
            ],
            6,
        ),
    ) {
        let result = bounded("screen an order", move || {
            let screener = screener();
            let matcher = Matcher::builtin().map_err(|e| e.to_string())?;
            let date = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
            let item = Item::new(&fields[0]).as_of(date);
            let order = dualuse::Order::new(item)
                .destination(&fields[1])
                .consignee(&fields[2])
                .end_user(&fields[3])
                .end_use(&fields[4])
                .origin(&fields[5]);
            let v = screener.verdict(&order, &matcher.classify(&item), date);
            serde_json::to_string(&v).map_err(|e| e.to_string())?;
            Ok::<_, String>(())
        });
        prop_assert!(result.is_ok(), "{}", result.unwrap_err());
    }

    #[test]
    fn any_unicode_classifies(text in any::<String>()) {
        let result = bounded("classify", move || check_classification(text, None));
        prop_assert!(result.is_ok(), "{}", result.unwrap_err());
    }
}

/// The built-in party lists and measures, compiled once.
fn screener() -> &'static dualuse::OrderScreener {
    static SCREENER: std::sync::OnceLock<dualuse::OrderScreener> = std::sync::OnceLock::new();
    SCREENER.get_or_init(|| {
        dualuse::OrderScreener::new(
            dualuse::PartyLists::builtin().expect("built-in party lists load"),
            dualuse::Measures::builtin().expect("built-in measures load"),
        )
    })
}

/// Bytes that are not UTF-8 in a rule file: an error with a position, not a
/// panic.
#[test]
fn rule_file_with_invalid_utf8_is_a_diagnostic() {
    let (name, mut bytes) = shipped().swap_remove(0);
    let at = bytes.len() / 2;
    bytes.splice(at..at, [0xFF, 0xFE, 0x80]);
    let result = bounded("load a non-UTF-8 rule file", move || {
        load_and_use(name, bytes)
    });
    assert!(result.is_ok(), "{}", result.unwrap_err());
}

/// A megabyte of one rule word and a long run of combining marks classify
/// without a hang.
#[test]
fn long_repetitive_texts_classify() {
    for text in [
        "samarium cobalt ".repeat(65_536),
        // Element names glued into one word, CJK element characters and
        // counts: the mention scanner looks at bounded neighbourhoods.
        "samarium".repeat(100_000),
        "钐铁".repeat(150_000),
        format!("{}钐", "四".repeat(300_000)),
        "GdCl3 ".repeat(100_000),
        format!("a{}", "\u{301}".repeat(200_000)),
        "1".repeat(500_000),
        "(".repeat(300_000),
        // CAS numbers that the built-in rules list, and a run of digits
        // and hyphens without end.
        "7440-54-2, ".repeat(50_000),
        "7440-54-2-".repeat(50_000),
    ] {
        let result = bounded("classify a long text", move || {
            check_classification(text, None)
        });
        assert!(result.is_ok(), "{}", result.unwrap_err());
    }
}
