//! Validating rule patterns by parsing them, without compiling them.
//!
//! The matcher compiles every pattern (lazily, on first use) with
//! `engine::pattern::build_regex`: Unicode, case-insensitive, UTF-8 only,
//! and a 64 MiB limit on the compiled automaton. Loading used to compile every
//! pattern once more just to see whether it compiles, which cost most of
//! the start-up time. Instead, [`check`] parses the pattern with the same
//! syntax settings (so a syntax error reads exactly as the compiler words
//! it) and bounds its size from the parsed form ([`cost`]): an upper
//! estimate of the automaton states, of which a pattern may have at most
//! [`MAX_PATTERN_COST`]. The bound is well below what the compiler accepts,
//! so a pattern that passes always compiles (a test proves this for the
//! shapes that grow fastest), and a pattern whose counted repetitions
//! explode (`(\w{100}){100}`) fails with a clear message instead.
//!
//! Long literals in a pattern need no limit of their own, unlike terms: a
//! pattern reaches the term automaton only through its trigger literals,
//! which the literal extractor cuts to 100 bytes.

use regex_syntax::hir::{Class, Hir, HirKind};

/// The largest [`cost`] a pattern may have: about a million automaton
/// transitions. Measured, the compiled automaton takes at most about 40
/// bytes per unit of cost, so a pattern at the limit compiles to about
/// 20 MiB, a third of the compiler's 64 MiB limit. The largest shipped
/// pattern costs under 5,000.
pub(crate) const MAX_PATTERN_COST: u64 = 500_000;

/// Why a pattern is rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PatternError {
    /// It does not parse (as the compiler words it, on one line).
    Syntax(String),
    /// It parses, but its estimated size exceeds [`MAX_PATTERN_COST`].
    TooBig {
        /// Its [`cost`].
        cost: u64,
    },
}

impl std::fmt::Display for PatternError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PatternError::Syntax(s) => write!(f, "pattern does not compile: {s}"),
            PatternError::TooBig { cost } => write!(
                f,
                "pattern is too big: it expands to about {cost} automaton states, more than the {MAX_PATTERN_COST} allowed (a counted repetition such as `{{100}}` copies what it repeats; use fewer or smaller repetitions)"
            ),
        }
    }
}

/// Parses `pattern` exactly as `engine::pattern::build_regex` does
/// (Unicode, case-insensitive, UTF-8 only, the default nesting limit) and
/// bounds its size. Returns the parsed pattern, for further lints.
pub(crate) fn check(pattern: &str) -> Result<Hir, PatternError> {
    let hir = regex_syntax::ParserBuilder::new()
        .case_insensitive(true)
        .build()
        .parse(pattern)
        .map_err(|e| PatternError::Syntax(one_line(&e.to_string())))?;
    let cost = cost(&hir);
    if cost > MAX_PATTERN_COST {
        return Err(PatternError::TooBig { cost });
    }
    Ok(hir)
}

/// An upper estimate of the size of the automaton a pattern compiles to:
/// one unit per literal byte, per byte range of the UTF-8 form of a
/// character class, per group and per branch; a repetition `x{n,m}`
/// counts `m` copies of `x` (`n + 1` when unbounded), as the compiler
/// makes them. Saturates instead of overflowing.
pub(crate) fn cost(hir: &Hir) -> u64 {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => 1,
        HirKind::Literal(lit) => (lit.0.len() as u64).max(1),
        HirKind::Class(Class::Unicode(class)) => class
            .ranges()
            .iter()
            .map(|r| {
                regex_syntax::utf8::Utf8Sequences::new(r.start(), r.end())
                    .map(|seq| seq.len() as u64)
                    .sum::<u64>()
            })
            .sum::<u64>()
            .max(1),
        HirKind::Class(Class::Bytes(class)) => (class.ranges().len() as u64).max(1),
        HirKind::Capture(cap) => cost(&cap.sub).saturating_add(2),
        HirKind::Concat(subs) => subs.iter().map(cost).fold(0, u64::saturating_add),
        HirKind::Alternation(subs) => subs
            .iter()
            .map(cost)
            .fold(subs.len() as u64, u64::saturating_add),
        HirKind::Repetition(rep) => {
            let copies = rep.max.unwrap_or(rep.min.saturating_add(1)).max(1);
            cost(&rep.sub)
                .saturating_add(1)
                .saturating_mul(u64::from(copies))
        }
    }
}

/// True if every match of the pattern is empty: it can never make a hit,
/// because the matcher ignores empty matches.
pub(crate) fn matches_only_empty(hir: &Hir) -> bool {
    hir.properties().maximum_len() == Some(0)
}

/// True if the pattern can match the empty string (and something else):
/// the matcher takes the leftmost match of a text, and an empty leftmost
/// match is no hit, so such a pattern misses texts it seems to match.
pub(crate) fn can_match_empty(hir: &Hir) -> bool {
    hir.properties().minimum_len() == Some(0)
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::pattern::build_regex;

    fn msg(p: &str) -> String {
        check(p)
            .map(|_| String::new())
            .unwrap_or_else(|e| e.to_string())
    }

    #[test]
    fn syntax_errors_read_as_the_compiler_words_them() {
        for p in [
            r"\bsm(2",
            "(",
            "a{2,1}",
            r"\p{Klingon}",
            r"(?-u)\xFF",
            r"\xZZ",
            "[z-a]",
            &"(".repeat(300),
        ] {
            let ours = msg(p);
            let theirs = build_regex(p).err().map(|e| one_line(&e));
            assert_eq!(
                Some(ours.trim_start_matches("pattern does not compile: ")),
                theirs.as_deref(),
                "{p}"
            );
        }
    }

    /// The compiler's limit is on the memory of its automata (forward and
    /// reverse). For the shapes that grow fastest per character of source,
    /// that memory stays under 40 bytes per unit of cost, so whatever passes
    /// [`MAX_PATTERN_COST`] is far below the limit and compiles.
    #[test]
    fn cost_bounds_the_compiled_size() {
        use regex_automata::nfa::thompson;
        use regex_automata::util::syntax;
        let shapes = [
            "a",
            "ab",
            "[a-z]",
            r"\w",
            r"\d",
            ".",
            r"\pL",
            r"(?-u:\w)",
            r"\s",
            "[^a]",
            "(a|bc|d)",
            r"\bx\b",
            r"\w+",
            r"[\w&&[^\d]]",
            "k",
            "ß",
            r"\W",
            r"(\w|\pL)*",
        ];
        for base in shapes {
            let p = format!("(?:{base}){{20}}");
            let c = cost(&check(&p).unwrap());
            for reverse in [false, true] {
                let nfa = thompson::Compiler::new()
                    .syntax(syntax::Config::new().case_insensitive(true))
                    .configure(thompson::Config::new().reverse(reverse).which_captures(
                        if reverse {
                            thompson::WhichCaptures::None
                        } else {
                            thompson::WhichCaptures::All
                        },
                    ))
                    .build(&p)
                    .unwrap();
                let bytes = nfa.memory_usage() as u64;
                assert!(bytes <= 40 * c, "{p}: {bytes} bytes for cost {c}");
            }
        }
        const { assert!(40 * MAX_PATTERN_COST < 64 << 20) };
        // And one at the bound compiles with the compiler's own settings.
        let n = MAX_PATTERN_COST / (cost(&check(r"\w").unwrap()) + 1);
        let p = format!(r"\w{{{n}}}");
        assert!(check(&p).is_ok());
        assert!(build_regex(&p).is_ok(), "{p}");
        assert!(check(&format!(r"\w{{{}}}", n + 1)).is_err());
    }

    #[test]
    fn exploding_repetitions_are_rejected() {
        for p in [
            r"(\w{100}){100}",
            "a{1000}{1000}",
            r"((((\pL{50}){50}){50}){50})",
        ] {
            let m = msg(p);
            assert!(m.starts_with("pattern is too big"), "{p}: {m}");
        }
        // Saturates instead of overflowing.
        assert_eq!(
            cost(
                &regex_syntax::parse("(((((((a{1000}){1000}){1000}){1000}){1000}){1000}){1000})")
                    .unwrap()
            ),
            u64::MAX
        );
    }

    #[test]
    fn shipped_patterns_are_far_below_the_bound() {
        let rules = crate::Ruleset::builtin().unwrap();
        let max = rules
            .rules()
            .iter()
            .flat_map(|r| &r.patterns)
            .map(|p| cost(&check(p).unwrap()))
            .max()
            .unwrap();
        assert!(max * 20 < MAX_PATTERN_COST, "{max}");
    }

    #[test]
    fn empty_matches() {
        let hir = |p| check(p).unwrap();
        assert!(matches_only_empty(&hir(r"\b")));
        assert!(matches_only_empty(&hir("(?:)")));
        assert!(matches_only_empty(&hir(r"^$")));
        assert!(!matches_only_empty(&hir("a*")));
        assert!(can_match_empty(&hir("a*")));
        assert!(can_match_empty(&hir(r"\bx?")));
        assert!(!can_match_empty(&hir(r"\bsm\s*2")));
    }

    /// A pattern's literals reach the term automaton only as triggers, which
    /// the literal extractor cuts to 100 bytes: a pattern with a literal of
    /// 60,000 characters loads, builds and matches quickly, unlike a term
    /// of that length.
    #[test]
    fn long_literals_in_patterns_stay_cheap() {
        let lit: String = (0..60_000)
            .map(|i| char::from(b'a' + (i * 7 % 26) as u8))
            .collect();
        let src = format!(
            "[ruleset]\nid = 'l'\nregime = 'RE'\ntitle = 't'\ninstrument = 'i'\nsource = 's'\neffective = 2025-01-01\nreviewed = 2025-01-01\n[[rule]]\nid = 'L'\ncategory = 'dual-use'\ntitle = 't'\npatterns = ['x{lit}']\n"
        );
        let t = std::time::Instant::now();
        let m = crate::Matcher::new(crate::Ruleset::from_source("l.toml", &src).unwrap()).unwrap();
        let text = format!("a x{lit} b");
        let hits = m.classify(&crate::Item::new(&text)).hits.len();
        assert_eq!(hits, 1);
        // Half a second in a debug build; a quadratic build would take minutes.
        assert!(
            t.elapsed() < std::time::Duration::from_secs(60),
            "{:?}",
            t.elapsed()
        );
    }
}
