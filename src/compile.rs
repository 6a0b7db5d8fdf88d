//! Compiling a [`Ruleset`] into the tables a [`crate::Matcher`] scans with.
//!
//! Every literal of every rule (`terms`, `require`, `exclude`) is normalized,
//! de-duplicated and put into ONE Aho-Corasick automaton; each literal keeps
//! the list of (rule, role) that use it. HS prefixes go into a sorted index
//! of integer keys.
//!
//! Patterns are prefiltered by the same automaton: for each pattern the
//! literals one of which every match starts (or ends) with (from
//! `regex-syntax`'s literal extractor, case-insensitive; sets of more than
//! 64 cut shorter) are added to the automaton as *triggers*. A pattern's
//! regex runs only on texts where one of its triggers occurs (and not where
//! a word character next to the occurrence rules out the pattern's `\b`),
//! and only over the windows of the text where a match starting or ending
//! at an occurrence can lie, given the pattern's longest match. Patterns
//! without a usable literal set go into one `RegexSet` that runs on every
//! text. Regexes are compiled on first use (loading has already checked
//! that each one compiles with the same builder), so compiling a rule set
//! is cheap and a text pays only for the regexes its triggers select.
//! Classifying an item is then one automaton pass, a few short regex
//! searches at most and a few binary searches, whatever the number of
//! rules.

use crate::Ruleset;
use crate::error::Error;
use crate::hs::{self, Relation};
use crate::rule::Rule;
use crate::text::boundary::term_boundaries;
use crate::text::chars::is_regex_word;
use crate::text::normalize;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::{RegexSet, RegexSetBuilder};
use regex_automata::{meta, util::syntax};
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{ClassUnicode, ClassUnicodeRange};
use std::collections::HashMap;
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
pub(crate) enum Window {
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
    pub(crate) fn around(self, start: usize, end: usize) -> (usize, usize) {
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
pub(crate) struct LazyRegex {
    src: String,
    pub window: Window,
    re: OnceLock<Option<meta::Regex>>,
}

impl LazyRegex {
    fn new(src: &str, window: Window) -> LazyRegex {
        LazyRegex {
            src: src.to_string(),
            window,
            re: OnceLock::new(),
        }
    }

    /// The compiled regex. `None` only if it does not compile, which loading
    /// has ruled out (it compiles every pattern with [`build_regex`]).
    pub(crate) fn get(&self) -> Option<&meta::Regex> {
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
pub(crate) fn pattern_triggers(pattern: &str) -> Option<Triggers> {
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
pub(crate) struct Triggers {
    /// Every match starts with one of them (ends with one, if `suffix`).
    pub literals: Vec<Vec<u8>>,
    pub suffix: bool,
    /// Every match starts (ends, if `suffix`) at a Unicode word boundary
    /// (`\b`, `\b{start}`, `\b{end}` …): an occurrence of a literal that
    /// starts (ends) with a word character right after (before) another
    /// word character cannot begin (end) a match.
    pub bounded: bool,
    /// The longest match in bytes (`None`: unbounded).
    pub max_len: Option<usize>,
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

/// A regex that a trigger literal selects, and the word boundaries an
/// occurrence of the literal needs to begin (`left`) or end (`right`) a
/// match of it; an occurrence without them does not select the regex.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TriggerUse {
    pub regex: u32,
    pub left: bool,
    pub right: bool,
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
    pub rule: u32,
    /// The national scheme, if any, and index into the rule's code list.
    pub scheme: Option<String>,
    pub code: u32,
}

/// `11^k`: HS digits are keyed in base 11 (digit `d` as `d + 1`, `0` for
/// "no digit"), so that numeric order is the codes' lexicographic order and
/// the codes starting with a prefix form one interval.
const POW11: [u64; hs::MAX_DIGITS + 1] = {
    let mut p = [1u64; hs::MAX_DIGITS + 1];
    let mut k = 1;
    while k <= hs::MAX_DIGITS {
        p[k] = p[k - 1] * 11;
        k += 1;
    }
    p
};

/// Bits below the scheme number in a key (`11^12 < 2^42`).
const SCHEME_SHIFT: u32 = 42;

/// The rules' HS codes as sorted integer keys (scheme number, then the
/// digits in base 11): a lookup is a few binary searches over `u64`s.
#[derive(Debug, Default)]
pub(crate) struct HsIndex {
    keys: Vec<u64>,
    /// Parallel to `keys`.
    pub entries: Vec<HsEntry>,
    /// National schemes; scheme number `i + 1` (0 is international).
    schemes: Vec<String>,
    /// Bit `n` set: some international (`.0`) or national (`.1`) entry has
    /// `n` digits. Lookups skip other lengths.
    lengths: (u64, u64),
}

impl HsIndex {
    fn build(rules: &[Rule]) -> HsIndex {
        let mut schemes: Vec<String> = rules
            .iter()
            .flat_map(|r| r.hs_national.keys().cloned())
            .collect();
        schemes.sort();
        schemes.dedup();
        let mut index = HsIndex::default();
        let mut keyed = Vec::new();
        for (r, rule) in rules.iter().enumerate() {
            let national = rule.hs_national.iter().flat_map(|(scheme, codes)| {
                let n = schemes.binary_search(scheme).map_or(0, |i| i + 1);
                codes
                    .iter()
                    .enumerate()
                    .map(move |(i, c)| (n, Some(scheme), i, c))
            });
            let international = rule.hs.iter().enumerate().map(|(i, c)| (0, None, i, c));
            for (n, scheme, i, code) in international.chain(national) {
                let digits = code.digits().as_bytes();
                let bit = 1u64 << digits.len().min(63);
                if n == 0 {
                    index.lengths.0 |= bit;
                } else {
                    index.lengths.1 |= bit;
                }
                let entry = HsEntry {
                    rule: r as u32,
                    scheme: scheme.cloned(),
                    code: i as u32,
                };
                keyed.push((key(n as u64, digits, digits.len()), entry));
            }
        }
        keyed.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.rule.cmp(&b.1.rule)));
        (index.keys, index.entries) = keyed.into_iter().unzip();
        index.schemes = schemes;
        index
    }

    /// Calls `found(entry, relation)` for every entry of `scheme` (`None`:
    /// international) that `digits` is within (the entry is a prefix of
    /// them), then, for codes of at least four digits, every entry that
    /// extends them (overlapping). `digits` are ASCII digits.
    pub(crate) fn lookup(
        &self,
        scheme: Option<&str>,
        digits: &[u8],
        mut found: impl FnMut(usize, Relation),
    ) {
        let (n, lengths) = match scheme {
            None => (0, self.lengths.0),
            Some(s) => match self.schemes.iter().position(|x| x == s) {
                Some(i) => (i as u64 + 1, self.lengths.1),
                None => return,
            },
        };
        if digits.len() > hs::MAX_DIGITS {
            return;
        }
        // Within: every prefix of the code that is an entry.
        for k in 2..=digits.len() {
            if lengths & (1u64 << k) == 0 {
                continue;
            }
            let at = key(n, digits, k);
            let lo = self.keys.partition_point(|&x| x < at);
            for (i, _) in self.keys[lo..]
                .iter()
                .enumerate()
                .take_while(|(_, x)| **x == at)
            {
                found(lo + i, Relation::Within);
            }
        }
        // Overlapping: entries that extend the code.
        if digits.len() >= 4 {
            let at = key(n, digits, digits.len());
            let end = at + POW11[hs::MAX_DIGITS - digits.len()];
            let lo = self.keys.partition_point(|&x| x <= at);
            for (i, _) in self.keys[lo..]
                .iter()
                .enumerate()
                .take_while(|(_, x)| **x < end)
            {
                found(lo + i, Relation::Overlapping);
            }
        }
    }
}

/// The key of scheme number `scheme` and the first `len` of `digits`.
fn key(scheme: u64, digits: &[u8], len: usize) -> u64 {
    let mut k = scheme << SCHEME_SHIFT;
    for (i, d) in digits[..len].iter().enumerate() {
        k += (u64::from(d.wrapping_sub(b'0')) + 1) * POW11[hs::MAX_DIGITS - 1 - i];
    }
    k
}

/// The compiled tables.
#[derive(Debug)]
pub(crate) struct Tables {
    /// Literals (pattern ids `0..literals.len()`), then pattern triggers.
    pub ac: Option<AhoCorasick>,
    pub literals: Vec<Literal>,
    pub uses: Vec<Use>,
    /// For automaton pattern `literals.len() + i`: the regexes it triggers.
    pub triggers: Vec<Vec<TriggerUse>>,
    pub regexes: Vec<LazyRegex>,
    /// Regexes without triggers: run on every text.
    pub untriggered: LazySet,
    /// For each regex: (rule, index into the rule's `patterns`).
    pub regex_uses: Vec<Vec<(u32, u16)>>,
    pub hs: HsIndex,
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
            let mut n = normalize(text);
            if n.starts_with(' ') || n.ends_with(' ') {
                n = n.trim_matches(' ').to_string();
            }
            let i = intern(&mut index, n, |n| {
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
        let mut windows = vec![Window::Text; regex_src.len()];

        // Triggers: distinct prefixes, each with the regexes it selects.
        let mut trigger_lits: Vec<Vec<u8>> = Vec::new();
        let mut trigger_index: HashMap<Vec<u8>, usize> = HashMap::new();
        let mut triggers: Vec<Vec<TriggerUse>> = Vec::new();
        let mut untriggered = LazySet::default();
        for (k, p) in regex_src.iter().enumerate() {
            match pattern_triggers(p) {
                Some(found) => {
                    windows[k] = if found.suffix {
                        Window::Before(found.max_len)
                    } else {
                        Window::After(found.max_len)
                    };
                    for prefix in found.literals {
                        // Only literals that begin (end) with a word
                        // character can be vetoed by a word before (after).
                        let text = std::str::from_utf8(&prefix).ok();
                        let first = text.and_then(|t| t.chars().next());
                        let last = text.and_then(|t| t.chars().next_back());
                        let use_ = TriggerUse {
                            regex: k as u32,
                            left: found.bounded
                                && !found.suffix
                                && first.is_some_and(is_regex_word),
                            right: found.bounded && found.suffix && last.is_some_and(is_regex_word),
                        };
                        let i = intern(&mut trigger_index, prefix, |prefix| {
                            trigger_lits.push(prefix);
                            triggers.push(Vec::new());
                            triggers.len() - 1
                        });
                        if triggers[i].last().map(|u| u.regex) != Some(k as u32) {
                            triggers[i].push(use_);
                        }
                    }
                }
                None => untriggered.members.push(k as u32),
            }
        }

        let regexes: Vec<LazyRegex> = regex_src
            .iter()
            .zip(windows)
            .map(|(p, w)| LazyRegex::new(p, w))
            .collect();

        // Automaton pattern ids: the literals, then the triggers.
        let patterns: Vec<&[u8]> = texts
            .iter()
            .map(|t| t.as_bytes())
            .chain(trigger_lits.iter().map(Vec::as_slice))
            .collect();
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

        let hs = HsIndex::build(rules);

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
            rules: compiled,
        })
    }
}

/// The index of `key` in `index`; a new key is first stored by `add`,
/// which returns its index.
fn intern<K: Eq + std::hash::Hash + Clone>(
    index: &mut HashMap<K, usize>,
    key: K,
    add: impl FnOnce(K) -> usize,
) -> usize {
    if let Some(&i) = index.get(&key) {
        return i;
    }
    let i = add(key.clone());
    index.insert(key, i);
    i
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
