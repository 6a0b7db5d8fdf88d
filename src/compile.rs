//! Compiling a [`Ruleset`] into the tables a [`crate::Matcher`] scans with.
//!
//! Every literal of every rule (`terms`, `require`, `exclude`) is normalized,
//! de-duplicated and put into ONE Aho-Corasick automaton; each literal keeps
//! the list of (rule, role) that use it. HS prefixes go into a sorted index.
//!
//! Patterns are prefiltered by the same automaton: for each pattern the
//! literals one of which every match starts (or ends) with (from
//! `regex-syntax`'s literal extractor, case-insensitive) are added to the
//! automaton as *triggers*, and a pattern's regex runs only on texts where
//! one of its triggers occurs. Patterns without a usable prefix set go into
//! one `RegexSet` that runs on every text. Regexes are compiled on first use
//! (loading has already checked that each one compiles with the same
//! builder), so compiling a rule set is cheap and a text pays only for the
//! regexes its triggers select. Classifying an item is then one automaton
//! pass, a few regexes at most and a few binary searches, whatever the
//! number of rules.

use crate::Ruleset;
use crate::error::Error;
use crate::normalize::{normalize, term_boundaries};
use crate::rule::Rule;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use std::collections::HashMap;
use std::sync::OnceLock;

/// Size limit for one compiled pattern and for the set of all patterns.
const REGEX_SIZE_LIMIT: usize = 64 << 20;

/// Builds a rule pattern: case-insensitive, over normalized text.
pub(crate) fn build_regex(p: &str) -> Result<Regex, regex::Error> {
    RegexBuilder::new(p)
        .case_insensitive(true)
        .size_limit(REGEX_SIZE_LIMIT)
        .build()
}

/// A rule pattern, compiled on first use.
#[derive(Debug)]
pub(crate) struct LazyRegex {
    src: String,
    re: OnceLock<Option<Regex>>,
}

impl LazyRegex {
    fn new(src: &str) -> LazyRegex {
        LazyRegex {
            src: src.to_string(),
            re: OnceLock::new(),
        }
    }

    /// The compiled regex. `None` only if it does not compile, which loading
    /// has ruled out (it compiles every pattern with [`build_regex`]).
    pub(crate) fn get(&self) -> Option<&Regex> {
        self.re.get_or_init(|| build_regex(&self.src).ok()).as_ref()
    }
}

/// The patterns without a usable prefix set, as one set built on first use.
#[derive(Debug, Default)]
pub(crate) struct LazySet {
    /// Indices into `Tables::regexes`.
    pub members: Vec<u32>,
    set: OnceLock<Option<RegexSet>>,
}

impl LazySet {
    /// The set; `None` if it cannot be built (then each member runs alone).
    pub(crate) fn get(&self, regexes: &[LazyRegex]) -> Option<&RegexSet> {
        self.set
            .get_or_init(|| {
                RegexSetBuilder::new(self.members.iter().map(|&k| &regexes[k as usize].src))
                    .case_insensitive(true)
                    .size_limit(REGEX_SIZE_LIMIT)
                    .build()
                    .ok()
            })
            .as_ref()
    }
}

/// Literals one of which occurs in every normalized text the pattern
/// matches: the match's prefixes or its suffixes, whichever set is better.
/// `None` when neither is a finite set of non-empty literals.
///
/// The extraction runs on the pattern parsed exactly as [`build_regex`]
/// parses it (Unicode, case-insensitive), with every character class first
/// restricted to characters that lower-casing leaves unchanged: normalized
/// text consists of such characters only (see
/// `normalize::tests::normalized_text_is_lower_case`), so a match in it is
/// also a match of the restricted pattern, and the restriction keeps the
/// case-insensitive variants (`S`, `s`, `ſ` …) from blowing up the sets.
pub(crate) fn pattern_triggers(pattern: &str) -> Option<Vec<Vec<u8>>> {
    let hir = regex_syntax::ParserBuilder::new()
        .case_insensitive(true)
        .build()
        .parse(pattern)
        .ok()?;
    let hir = lower_classes(&hir);
    // Optional parts multiply the literals. The extractor's default limit
    // keeps the automaton small; only a pattern that yields nothing under it
    // (it would run on every text) may have up to 1,024 trigger literals.
    [250, 1024]
        .into_iter()
        .find_map(|limit| triggers_with_limit(&hir, limit))
}

/// The better of the prefix and suffix literal sets of `hir` under a limit
/// on their number: longest shortest literal, then fewest literals.
fn triggers_with_limit(hir: &regex_syntax::hir::Hir, limit: usize) -> Option<Vec<Vec<u8>>> {
    let best = [ExtractKind::Prefix, ExtractKind::Suffix]
        .into_iter()
        .filter_map(|kind| {
            let seq = Extractor::new().kind(kind).limit_total(limit).extract(hir);
            let lits: Vec<Vec<u8>> = seq
                .literals()?
                .iter()
                .map(|l| l.as_bytes().to_vec())
                .collect();
            let shortest = lits.iter().map(Vec::len).min().unwrap_or(0);
            (shortest > 0).then_some((shortest, lits))
        })
        .max_by_key(|(shortest, lits)| (*shortest, std::cmp::Reverse(lits.len())));
    best.map(|(_, lits)| lits)
}

/// `hir` with every Unicode class restricted to lower-case-fixed characters
/// (classes of more than 64 characters, which the extractor does not expand,
/// are kept as they are).
fn lower_classes(hir: &regex_syntax::hir::Hir) -> regex_syntax::hir::Hir {
    use regex_syntax::hir::{
        Capture, Class, ClassUnicode, ClassUnicodeRange, Hir, HirKind, Repetition,
    };
    match hir.kind() {
        HirKind::Class(Class::Unicode(c)) => {
            let size: u32 = c
                .ranges()
                .iter()
                .map(|r| r.end() as u32 - r.start() as u32 + 1)
                .sum();
            // Large classes yield no literals anyway.
            if size > 64 {
                return hir.clone();
            }
            let mut ranges = Vec::new();
            for r in c.ranges() {
                for ch in (r.start() as u32..=r.end() as u32).filter_map(char::from_u32) {
                    if crate::normalize::is_lower_fixed(ch) {
                        ranges.push(ClassUnicodeRange::new(ch, ch));
                    }
                }
            }
            Hir::class(Class::Unicode(ClassUnicode::new(ranges)))
        }
        HirKind::Repetition(r) => Hir::repetition(Repetition {
            min: r.min,
            max: r.max,
            greedy: r.greedy,
            sub: Box::new(lower_classes(&r.sub)),
        }),
        HirKind::Capture(c) => Hir::capture(Capture {
            index: c.index,
            name: c.name.clone(),
            sub: Box::new(lower_classes(&c.sub)),
        }),
        HirKind::Concat(hs) => Hir::concat(hs.iter().map(lower_classes).collect()),
        HirKind::Alternation(hs) => Hir::alternation(hs.iter().map(lower_classes).collect()),
        _ => hir.clone(),
    }
}

/// What a literal does for a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// One of `terms` (index into it).
    Term(u16),
    /// `require[group][index]`.
    Require(u8, u16),
    /// One of `exclude` (index into it).
    Exclude(u16),
}

/// One use of a literal by a rule.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Use {
    pub rule: u32,
    pub role: Role,
}

/// A distinct normalized literal.
#[derive(Debug)]
pub(crate) struct Literal {
    /// Needs a word boundary before / after.
    pub left: bool,
    pub right: bool,
    /// Range into `Tables::uses`.
    pub uses: std::ops::Range<u32>,
}

/// Per-rule data the matcher needs at classification time.
#[derive(Debug)]
pub(crate) struct CompiledRule {
    /// Bit mask with one bit per `require` group.
    pub require_full: u64,
    /// Position in the deterministic output order.
    pub rank: u32,
    /// The literals this rule uses, with their roles.
    pub literals: Vec<(u32, Role)>,
    /// The regexes this rule uses: (regex, index into the rule's `patterns`).
    pub regexes: Vec<(u32, u16)>,
}

/// One HS prefix in the index.
#[derive(Debug, Clone)]
pub(crate) struct HsEntry {
    /// `scheme:digits`, with an empty scheme for international prefixes.
    pub key: String,
    pub rule: u32,
    /// The national scheme, if any, and index into the rule's code list.
    pub scheme: Option<String>,
    pub code: u32,
}

/// The compiled tables.
#[derive(Debug)]
pub(crate) struct Tables {
    /// Literals (pattern ids `0..literals.len()`), then pattern triggers.
    pub ac: Option<AhoCorasick>,
    pub literals: Vec<Literal>,
    pub uses: Vec<Use>,
    /// For automaton pattern `literals.len() + i`: the regexes it triggers.
    pub triggers: Vec<Vec<u32>>,
    pub regexes: Vec<LazyRegex>,
    /// Regexes without triggers: run on every text.
    pub untriggered: LazySet,
    /// For each regex: (rule, index into the rule's `patterns`).
    pub regex_uses: Vec<Vec<(u32, u16)>>,
    pub hs: Vec<HsEntry>,
    /// Bit `n` set: some international (`hs_lengths.0`) or national
    /// (`hs_lengths.1`) entry has `n` digits. Lookups skip other lengths.
    pub hs_lengths: (u64, u64),
    pub rules: Vec<CompiledRule>,
}

impl Tables {
    pub(crate) fn build(ruleset: &Ruleset) -> Result<Tables, Error> {
        let rules = ruleset.rules();
        // Normalized literal -> its uses.
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut texts: Vec<String> = Vec::new();
        let mut uses_by_lit: Vec<Vec<Use>> = Vec::new();
        let mut add = |text: &str, u: Use| {
            let n = normalize(text).trim_matches(' ').to_string();
            let i = *index.entry(n.clone()).or_insert_with(|| {
                texts.push(n);
                uses_by_lit.push(Vec::new());
                texts.len() - 1
            });
            uses_by_lit[i].push(u);
        };
        for (r, rule) in rules.iter().enumerate() {
            let rule_ix = r as u32;
            for (i, t) in rule.terms.iter().enumerate() {
                add(
                    t,
                    Use {
                        rule: rule_ix,
                        role: Role::Term(i as u16),
                    },
                );
            }
            for (g, group) in rule.require.iter().enumerate() {
                for (i, t) in group.iter().enumerate() {
                    add(
                        t,
                        Use {
                            rule: rule_ix,
                            role: Role::Require(g as u8, i as u16),
                        },
                    );
                }
            }
            for (i, t) in rule.exclude.iter().enumerate() {
                add(
                    t,
                    Use {
                        rule: rule_ix,
                        role: Role::Exclude(i as u16),
                    },
                );
            }
        }
        let mut uses = Vec::new();
        let mut literals = Vec::with_capacity(texts.len());
        for (text, lu) in texts.iter().zip(uses_by_lit) {
            let (left, right) = term_boundaries(text);
            let start = uses.len() as u32;
            uses.extend(lu);
            literals.push(Literal {
                left,
                right,
                uses: start..uses.len() as u32,
            });
        }
        let mut pattern_index: HashMap<&str, usize> = HashMap::new();
        let mut regex_src: Vec<&str> = Vec::new();
        let mut regex_uses: Vec<Vec<(u32, u16)>> = Vec::new();
        for (r, rule) in rules.iter().enumerate() {
            for (i, p) in rule.patterns.iter().enumerate() {
                let k = *pattern_index.entry(p.as_str()).or_insert_with(|| {
                    regex_src.push(p);
                    regex_uses.push(Vec::new());
                    regex_src.len() - 1
                });
                regex_uses[k].push((r as u32, i as u16));
            }
        }
        let regexes: Vec<LazyRegex> = regex_src.iter().map(|p| LazyRegex::new(p)).collect();

        // Triggers: distinct prefixes, each with the regexes it selects.
        let mut patterns: Vec<Vec<u8>> = texts.iter().map(|t| t.clone().into_bytes()).collect();
        let mut trigger_index: HashMap<Vec<u8>, usize> = HashMap::new();
        let mut triggers: Vec<Vec<u32>> = Vec::new();
        let mut untriggered = LazySet::default();
        for (k, p) in regex_src.iter().enumerate() {
            match pattern_triggers(p) {
                Some(prefixes) => {
                    for prefix in prefixes {
                        let i = *trigger_index.entry(prefix.clone()).or_insert_with(|| {
                            patterns.push(prefix);
                            triggers.push(Vec::new());
                            triggers.len() - 1
                        });
                        if triggers[i].last() != Some(&(k as u32)) {
                            triggers[i].push(k as u32);
                        }
                    }
                }
                None => untriggered.members.push(k as u32),
            }
        }

        let ac = if patterns.is_empty() {
            None
        } else {
            Some(
                AhoCorasickBuilder::new()
                    .match_kind(MatchKind::Standard)
                    .build(&patterns)
                    .map_err(|e| Error::Build(e.to_string()))?,
            )
        };

        let mut hs = Vec::new();
        for (r, rule) in rules.iter().enumerate() {
            for (i, code) in rule.hs.iter().enumerate() {
                hs.push(HsEntry {
                    key: format!(":{}", code.digits()),
                    rule: r as u32,
                    scheme: None,
                    code: i as u32,
                });
            }
            for (scheme, codes) in &rule.hs_national {
                for (i, code) in codes.iter().enumerate() {
                    hs.push(HsEntry {
                        key: format!("{scheme}:{}", code.digits()),
                        rule: r as u32,
                        scheme: Some(scheme.clone()),
                        code: i as u32,
                    });
                }
            }
        }
        hs.sort_by(|a, b| a.key.cmp(&b.key).then(a.rule.cmp(&b.rule)));
        let mut hs_lengths = (0u64, 0u64);
        for e in &hs {
            let digits = e.key.len() - e.key.find(':').map_or(0, |i| i + 1);
            let bit = 1u64 << digits.min(63);
            match e.scheme {
                None => hs_lengths.0 |= bit,
                Some(_) => hs_lengths.1 |= bit,
            }
        }

        let mut order: Vec<usize> = (0..rules.len()).collect();
        order.sort_by(|&a, &b| sort_key(ruleset, &rules[a]).cmp(&sort_key(ruleset, &rules[b])));
        let mut compiled: Vec<CompiledRule> = rules
            .iter()
            .map(|rule| CompiledRule {
                require_full: if rule.require.len() >= 64 {
                    u64::MAX
                } else {
                    (1u64 << rule.require.len()) - 1
                },
                rank: 0,
                literals: Vec::new(),
                regexes: Vec::new(),
            })
            .collect();
        for (lit, l) in literals.iter().enumerate() {
            for u in &uses[l.uses.start as usize..l.uses.end as usize] {
                compiled[u.rule as usize]
                    .literals
                    .push((lit as u32, u.role));
            }
        }
        for (k, ru) in regex_uses.iter().enumerate() {
            for &(rule, p) in ru {
                compiled[rule as usize].regexes.push((k as u32, p));
            }
        }
        for (rank, &r) in order.iter().enumerate() {
            compiled[r].rank = rank as u32;
        }

        Ok(Tables {
            ac,
            literals,
            uses,
            triggers,
            regexes,
            untriggered,
            regex_uses,
            hs,
            hs_lengths,
            rules: compiled,
        })
    }
}

/// Output order: regime, control code, rule id.
fn sort_key<'a>(ruleset: &'a Ruleset, rule: &'a Rule) -> (&'a str, &'a str, &'a str) {
    (
        ruleset.info(rule).regime.as_str(),
        rule.control_code.as_deref().unwrap_or(""),
        &rule.id,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_pattern_has_triggers() {
        // A pattern without literal triggers runs on every text.
        let rules = Ruleset::builtin().expect("built-in rules load");
        let untriggered: Vec<&str> = rules
            .rules()
            .iter()
            .flat_map(|r| r.patterns.iter())
            .filter(|p| pattern_triggers(p).is_none())
            .map(String::as_str)
            .collect();
        assert!(untriggered.is_empty(), "{untriggered:#?}");
    }

    #[test]
    fn triggers_are_the_lower_case_literals_a_match_starts_or_ends_with() {
        let t = pattern_triggers(r"\bSm ?Co ?5\b").expect("literal prefix");
        for lit in [&b"smco5"[..], b"sm co 5", b"smco 5"] {
            assert!(t.iter().any(|l| l == lit), "{t:?}");
        }
        assert!(t.iter().all(|l| l.ends_with(b"5")), "{t:?}");
        // Nothing literal to anchor on: no triggers.
        assert_eq!(pattern_triggers(r"\d+"), None);
    }
}
