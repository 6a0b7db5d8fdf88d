//! Rule patterns: compiled on first use, and prefiltered by the automaton.
//!
//! For each pattern the literals one of which every match starts (or ends)
//! with (from `regex-syntax`'s literal extractor, case-insensitive; sets of
//! more than 64 cut shorter) are added to the automaton as *triggers*. A
//! pattern's regex runs only on texts where one of its triggers occurs (and
//! not where a word character next to the occurrence rules out the
//! pattern's `\b`), and only over the windows of the text where a match
//! starting or ending at an occurrence can lie, given the pattern's longest
//! match. Patterns without a usable literal set go into one `RegexSet` that
//! runs on every text. Regexes are compiled on first use, and only once:
//! loading validated them by parsing, so compiling a rule set is cheap and a
//! text pays only for the regexes its triggers select.

use regex::{RegexSet, RegexSetBuilder};
use regex_automata::{meta, util::syntax};
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{ClassUnicode, ClassUnicodeRange};
use std::sync::OnceLock;

/// Size limit for one compiled pattern and for the set of all patterns.
const REGEX_SIZE_LIMIT: usize = 64 << 20;

/// Builds a rule pattern: case-insensitive, over normalized text. The error
/// reads as the `regex` crate words it.
pub(crate) fn build_regex(p: &str) -> Result<meta::Regex, String> {
    meta::Regex::builder()
        .syntax(syntax::Config::new().case_insensitive(true))
        .configure(
            meta::Config::new()
                .nfa_size_limit(Some(REGEX_SIZE_LIMIT))
                .onepass_size_limit(Some(REGEX_SIZE_LIMIT)),
        )
        .build(p)
        .map_err(|e| match (e.size_limit(), e.syntax_error()) {
            (Some(limit), _) => format!("compiled regex exceeds size limit of {limit} bytes"),
            (None, Some(syntax)) => syntax.to_string(),
            (None, None) => e.to_string(),
        })
}

/// Where a triggered pattern's matches lie relative to its trigger
/// occurrences: a regex runs only over those windows of the text (with the
/// text around them as context for `\b`), not over all of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Window {
    /// Untriggered: the whole text.
    Text,
    /// Every match starts at an occurrence and is at most this many bytes
    /// long (`None`: unbounded).
    After(Option<usize>),
    /// Every match ends at an occurrence and is at most this many bytes long.
    Before(Option<usize>),
}

impl Window {
    /// The byte range of the text where a match can lie, given a trigger
    /// occurrence at `start..end` (`usize::MAX`: to the end of the text).
    pub(super) fn around(self, start: usize, end: usize) -> (usize, usize) {
        match self {
            Window::After(Some(n)) => (start, start.saturating_add(n)),
            Window::After(None) => (start, usize::MAX),
            Window::Before(Some(n)) => (end.saturating_sub(n), end),
            Window::Before(None) => (0, end),
            Window::Text => (0, usize::MAX),
        }
    }
}

/// A rule pattern, compiled on first use.
#[derive(Debug)]
pub(super) struct LazyRegex {
    src: String,
    pub(super) window: Window,
    re: OnceLock<Option<meta::Regex>>,
}

impl LazyRegex {
    pub(super) fn new(src: &str, window: Window) -> LazyRegex {
        LazyRegex {
            src: src.to_string(),
            window,
            re: OnceLock::new(),
        }
    }

    /// The compiled regex. `None` only if it does not compile, which loading
    /// has ruled out: it parses every pattern with the syntax settings of
    /// [`build_regex`] and bounds its compiled size from the parse.
    pub(super) fn get(&self) -> Option<&meta::Regex> {
        self.re.get_or_init(|| build_regex(&self.src).ok()).as_ref()
    }
}

/// The patterns without a usable prefix set, as one set built on first use.
#[derive(Debug, Default)]
pub(super) struct LazySet {
    /// Indices into `Tables::regexes`.
    pub(super) members: Vec<u32>,
    set: OnceLock<Option<RegexSet>>,
}

impl LazySet {
    /// The set; `None` if it cannot be built (then each member runs alone).
    pub(super) fn get(&self, regexes: &[LazyRegex]) -> Option<&RegexSet> {
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
/// The extraction runs on the pattern as [`build_regex`] compiles it
/// (Unicode, case-insensitive), with every literal character and character
/// class restricted to characters that lower-casing leaves unchanged:
/// normalized text consists of such characters only (see
/// `text::normalize::tests::normalized_text_is_lower_case`), so a match in it is
/// also a match of the restricted pattern, and the restriction keeps the
/// case-insensitive variants (`S`, `s`, `ſ` …) from blowing up the sets.
///
/// The pattern is parsed case-sensitively and only the literals and small
/// classes are case-folded here: folding the large Unicode classes (`\w`,
/// `\d`, `.`) would cost most of the compile time, and the extractor does
/// not expand them anyway. A pattern with byte-oriented parts (`(?-u)`) is
/// parsed case-insensitively instead.
pub(super) fn pattern_triggers(pattern: &str) -> Option<Triggers> {
    let parse = |case_insensitive| {
        regex_syntax::ParserBuilder::new()
            .case_insensitive(case_insensitive)
            .build()
            .parse(pattern)
            .ok()
    };
    let hir = match fold_lower(&parse(false)?) {
        Some(hir) => hir,
        None => fold_lower(&parse(true)?)?,
    };
    triggers(&hir)
}

/// The trigger literals of a pattern, and where its matches must have word
/// boundaries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Triggers {
    /// Every match starts with one of them (ends with one, if `suffix`).
    pub(super) literals: Vec<Vec<u8>>,
    pub(super) suffix: bool,
    /// Every match starts (ends, if `suffix`) at a Unicode word boundary
    /// (`\b`, `\b{start}`, `\b{end}` …): an occurrence of a literal that
    /// starts (ends) with a word character right after (before) another
    /// word character cannot begin (end) a match.
    pub(super) bounded: bool,
    /// The longest match in bytes (`None`: unbounded).
    pub(super) max_len: Option<usize>,
}

/// The trigger literals of a folded pattern (see [`pattern_triggers`]).
fn triggers(hir: &regex_syntax::hir::Hir) -> Option<Triggers> {
    use regex_syntax::hir::Look;
    // Optional parts multiply the literals. The extractor's default limit
    // keeps the automaton small; only a pattern that yields nothing under it
    // (it would run on every text) may have up to 1,024 trigger literals.
    let (literals, suffix) = [250, 1024]
        .into_iter()
        .find_map(|limit| triggers_with_limit(hir, limit))?;
    let props = hir.properties();
    let bounded = if suffix {
        let looks = props.look_set_suffix();
        looks.contains(Look::WordUnicode)
            || looks.contains(Look::WordEndUnicode)
            || looks.contains(Look::WordEndHalfUnicode)
    } else {
        let looks = props.look_set_prefix();
        looks.contains(Look::WordUnicode)
            || looks.contains(Look::WordStartUnicode)
            || looks.contains(Look::WordStartHalfUnicode)
    };
    Some(Triggers {
        literals,
        suffix,
        bounded,
        max_len: max_len(hir),
    })
}

/// The longest match of a folded pattern in normalized text, in bytes
/// (`None`: unbounded). Classes left unfolded (see [`fold_lower`]) count as
/// any character, four bytes: folding could add longer characters.
fn max_len(hir: &regex_syntax::hir::Hir) -> Option<usize> {
    use regex_syntax::hir::{Class, HirKind};
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Some(0),
        HirKind::Literal(l) => Some(l.0.len()),
        HirKind::Class(Class::Unicode(c)) => {
            if class_size(c) > FOLD_CLASS_LIMIT {
                Some(4)
            } else {
                c.maximum_len()
            }
        }
        HirKind::Class(Class::Bytes(c)) => c.maximum_len(),
        HirKind::Repetition(r) => {
            let n = usize::try_from(r.max?).ok()?;
            max_len(&r.sub)?.checked_mul(n)
        }
        HirKind::Capture(c) => max_len(&c.sub),
        HirKind::Concat(hs) => hs
            .iter()
            .try_fold(0usize, |sum, h| sum.checked_add(max_len(h)?)),
        HirKind::Alternation(hs) => hs.iter().try_fold(0usize, |m, h| Some(m.max(max_len(h)?))),
    }
}

/// Number of characters in a class.
fn class_size(c: &ClassUnicode) -> u32 {
    c.ranges()
        .iter()
        .map(|r| r.end() as u32 - r.start() as u32 + 1)
        .sum()
}

/// The better of the prefix and suffix literal sets of `hir` under a limit
/// on their number, each [shortened](shorten): longest shortest literal,
/// then fewest literals. `true` for the suffix set.
fn triggers_with_limit(hir: &regex_syntax::hir::Hir, limit: usize) -> Option<(Vec<Vec<u8>>, bool)> {
    let best = [ExtractKind::Prefix, ExtractKind::Suffix]
        .into_iter()
        .filter_map(|kind| {
            let suffix = matches!(kind, ExtractKind::Suffix);
            let seq = Extractor::new().kind(kind).limit_total(limit).extract(hir);
            let lits = shorten(
                seq.literals()?.iter().map(|l| l.as_bytes().to_vec()),
                suffix,
            );
            let shortest = lits.iter().map(Vec::len).min().unwrap_or(0);
            (shortest > 0).then_some((shortest, lits, suffix))
        })
        .max_by_key(|(shortest, lits, _)| (*shortest, std::cmp::Reverse(lits.len())));
    best.map(|(_, lits, suffix)| (lits, suffix))
}

/// A pattern whose literal set is larger than this has its literals cut
/// shorter (at a character boundary) until the set fits: the extractor
/// spells out every combination of a pattern's alternatives (`samarium
/// chloride`, `samarium (iii) nitrate`, …), and their common start
/// (`samarium`) selects the pattern as well with far fewer literals in the
/// automaton.
const TRIGGER_SET: usize = 64;

/// The lengths literals are cut to, longest first, until the set fits
/// [`TRIGGER_SET`]; the last one is used even if it does not.
const TRIGGER_CUTS: [usize; 6] = [16, 12, 10, 8, 6, 4];

/// Shortens a prefix literal set (a suffix set when `suffix`): drops every
/// literal that starts (ends) with another one, since a text containing it
/// contains the other, and if more than [`TRIGGER_SET`] are left, cuts
/// them to the lengths of [`TRIGGER_CUTS`] in turn.
fn shorten(lits: impl Iterator<Item = Vec<u8>>, suffix: bool) -> Vec<Vec<u8>> {
    // Work on reversed suffix literals, so that both cases cut the end.
    let mut lits: Vec<Vec<u8>> = lits
        .map(|mut l| {
            if suffix {
                l.reverse();
            }
            l
        })
        .collect();
    minimize(&mut lits);
    for cut in TRIGGER_CUTS {
        if lits.len() <= TRIGGER_SET {
            break;
        }
        for l in &mut lits {
            if l.len() > cut {
                // Cut at a character boundary: the first byte dropped (the
                // last byte kept, of reversed suffixes) starts a character.
                let continuation = |b: u8| b & 0xC0 == 0x80;
                let mut end = cut;
                while end > 0 && continuation(if suffix { l[end - 1] } else { l[end] }) {
                    end -= 1;
                }
                l.truncate(end);
            }
        }
        minimize(&mut lits);
    }
    if suffix {
        for l in &mut lits {
            l.reverse();
        }
    }
    lits
}

/// Sorts `lits` and drops every literal that starts with another one.
fn minimize(lits: &mut Vec<Vec<u8>>) {
    // Sorted, a literal that starts with another follows it, with only
    // literals that also start with it in between.
    lits.sort_unstable();
    lits.dedup_by(|later, kept| later.starts_with(kept));
}

/// Classes of more characters than this are left as they are: the
/// extractor does not expand them (its class limit is 10).
const FOLD_CLASS_LIMIT: u32 = 64;

/// `hir` as a case-insensitive pattern over normalized text: every literal
/// character and every class of at most [`FOLD_CLASS_LIMIT`] characters is
/// case-folded and then restricted to lower-case-fixed characters. `None`
/// for byte-oriented literals or classes (not Unicode).
fn fold_lower(hir: &regex_syntax::hir::Hir) -> Option<regex_syntax::hir::Hir> {
    use regex_syntax::hir::{Capture, Class, Hir, HirKind, Repetition};
    Some(match hir.kind() {
        HirKind::Literal(lit) => {
            let text = std::str::from_utf8(&lit.0).ok()?;
            // Runs of characters that fold to one character stay one literal.
            let mut parts = Vec::new();
            let mut run = String::new();
            for c in text.chars() {
                match fold_char(c) {
                    Ok(l) => run.push(l),
                    Err(class) => {
                        if !run.is_empty() {
                            parts.push(Hir::literal(std::mem::take(&mut run).into_bytes()));
                        }
                        parts.push(class);
                    }
                }
            }
            if !run.is_empty() {
                parts.push(Hir::literal(run.into_bytes()));
            }
            Hir::concat(parts)
        }
        HirKind::Class(Class::Unicode(c)) => {
            if class_size(c) > FOLD_CLASS_LIMIT {
                hir.clone()
            } else {
                fold_class(c.clone())
            }
        }
        HirKind::Class(Class::Bytes(_)) => return None,
        HirKind::Repetition(r) => Hir::repetition(Repetition {
            min: r.min,
            max: r.max,
            greedy: r.greedy,
            sub: Box::new(fold_lower(&r.sub)?),
        }),
        HirKind::Capture(c) => Hir::capture(Capture {
            index: c.index,
            name: c.name.clone(),
            sub: Box::new(fold_lower(&c.sub)?),
        }),
        HirKind::Concat(hs) => Hir::concat(hs.iter().map(fold_lower).collect::<Option<_>>()?),
        HirKind::Alternation(hs) => {
            Hir::alternation(hs.iter().map(fold_lower).collect::<Option<_>>()?)
        }
        HirKind::Empty | HirKind::Look(_) => hir.clone(),
    })
}

/// A literal character case-folded and restricted to lower-case-fixed
/// characters: `Ok` if one character is left, else the class (or, if none
/// is left, the empty class, which matches nothing).
fn fold_char(c: char) -> Result<char, regex_syntax::hir::Hir> {
    use regex_syntax::hir::{Hir, HirKind};
    let one = |h: &Hir| match h.kind() {
        HirKind::Literal(l) => {
            let s = std::str::from_utf8(&l.0).ok()?;
            let mut cs = s.chars();
            cs.next().filter(|_| cs.next().is_none())
        }
        _ => None,
    };
    // ASCII characters, the common case, from a table made once.
    static ASCII: OnceLock<Vec<Option<char>>> = OnceLock::new();
    if c.is_ascii() {
        let table = ASCII.get_or_init(|| {
            (0u8..128)
                .map(|b| {
                    let c = char::from(b);
                    one(&fold_class(ClassUnicode::new([ClassUnicodeRange::new(
                        c, c,
                    )])))
                })
                .collect()
        });
        if let Some(l) = table.get(c as usize).copied().flatten() {
            return Ok(l);
        }
    }
    let class = fold_class(ClassUnicode::new([ClassUnicodeRange::new(c, c)]));
    one(&class).ok_or(class)
}

/// A small class, case-folded and restricted to lower-case-fixed characters
/// (a literal if one character is left).
fn fold_class(mut class: ClassUnicode) -> regex_syntax::hir::Hir {
    use regex_syntax::hir::{Class, Hir};
    class.case_fold_simple();
    let mut ranges = Vec::new();
    for r in class.ranges() {
        for ch in (r.start() as u32..=r.end() as u32).filter_map(char::from_u32) {
            if crate::text::chars::is_lower_fixed(ch) {
                ranges.push(ClassUnicodeRange::new(ch, ch));
            }
        }
    }
    Hir::class(Class::Unicode(ClassUnicode::new(ranges)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Ruleset;

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
    fn folding_literals_equals_parsing_case_insensitively() {
        // `pattern_triggers` parses case-sensitively and folds literals and
        // small classes itself; the result must be what folding every part
        // of the case-insensitive parse gives.
        let rules = Ruleset::builtin().expect("built-in rules load");
        let extra = [
            r"\bSm ?Co ?5\b",
            r"(?-i:NdFeB)\s*[A-Z]{2}",
            r"ΣΑΜ[Ά-Ώ]",
            r"\bİ\d+",
            r"(?i)ǅ[ǄǅǆK]",
        ];
        let patterns = rules
            .rules()
            .iter()
            .flat_map(|r| r.patterns.iter().map(String::as_str))
            .chain(extra);
        for p in patterns {
            let ci = regex_syntax::ParserBuilder::new()
                .case_insensitive(true)
                .build()
                .parse(p)
                .expect("parses");
            let expected = fold_lower(&ci).and_then(|h| triggers(&h));
            assert_eq!(pattern_triggers(p), expected, "{p}");
        }
    }

    #[test]
    fn triggers_are_the_lower_case_literals_a_match_starts_or_ends_with() {
        let found = pattern_triggers(r"\bSm ?Co ?5\b").expect("literal prefix");
        assert!(found.bounded);
        let t = found.literals;
        for lit in [&b"smco5"[..], b"sm co 5", b"smco 5"] {
            assert!(t.iter().any(|l| l == lit), "{t:?}");
        }
        assert!(t.iter().all(|l| l.ends_with(b"5")), "{t:?}");
        // Where matches need word boundaries.
        let bounds = |p: &str| {
            let t = pattern_triggers(p).expect("triggers");
            (t.suffix, t.bounded)
        };
        assert_eq!(bounds(r"\bdy ?\d+"), (false, true));
        assert_eq!(bounds(r"\d+ ?(?:mah|wh)\b"), (true, true));
        assert_eq!(bounds(r"\b(?:sm|dy)|co\d"), (false, false));
        assert_eq!(bounds(r"(?-u:\b)dy\d"), (false, false));
        // Nothing literal to anchor on: no triggers.
        assert_eq!(pattern_triggers(r"\d+"), None);
    }
}
