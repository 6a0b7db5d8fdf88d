//! The compiled matcher and what it returns.

use crate::Ruleset;
use crate::compile::{Role, Tables};
use crate::error::Error;
use crate::hs::{HsCode, Relation};
use crate::param::{ParamEvidence, ParamStatus};
use crate::quantity::Quantity;
use crate::rule::Confidence;
use crate::rule::{Rule, RulesetInfo, Suspension};
use crate::text::Normalized;
use crate::text::boundary::at_boundaries;
use crate::text::chars::is_regex_word;
use chrono::NaiveDate;
use regex_automata::Input;
use serde::Serialize;
use std::cell::RefCell;
use std::ops::Range;
use std::sync::atomic::{AtomicU64, Ordering};

/// A product line to classify: description, optional HS code and scheme,
/// optional as-of date.
///
/// ```
/// use dualuse::Item;
/// let item = Item::new("Sm2Co17 magnet ring").hs("8505.11");
/// assert_eq!(item.hs_code(), Some("8505.11"));
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct Item<'a> {
    description: &'a str,
    hs: Option<&'a str>,
    scheme: Option<&'a str>,
    as_of: Option<NaiveDate>,
}

impl<'a> Item<'a> {
    /// An item with only a description.
    pub fn new(description: &'a str) -> Item<'a> {
        Item {
            description,
            ..Item::default()
        }
    }

    /// Sets the customs code (any punctuation; digits compared).
    pub fn hs(mut self, code: &'a str) -> Self {
        self.hs = Some(code).filter(|c| !c.trim().is_empty());
        self
    }

    /// Sets the national scheme of the customs code (`CN`, `US`, …); digits
    /// beyond six are compared only with the rules' codes of that scheme.
    pub fn scheme(mut self, scheme: &'a str) -> Self {
        self.scheme = Some(scheme).filter(|s| !s.trim().is_empty());
        self
    }

    /// Classifies as of this date instead of today.
    pub fn as_of(mut self, date: NaiveDate) -> Self {
        self.as_of = Some(date);
        self
    }

    /// The description.
    pub fn description(&self) -> &'a str {
        self.description
    }

    /// The customs code as given.
    pub fn hs_code(&self) -> Option<&'a str> {
        self.hs
    }
}

/// Why a rule hit: one piece of evidence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Evidence<'m> {
    /// A literal matched. `start..end` are byte offsets in the original text.
    Term {
        /// What the literal did for the rule.
        kind: TermKind,
        /// The literal as the rule writes it.
        term: &'m str,
        /// Start byte in the original text.
        start: usize,
        /// End byte in the original text.
        end: usize,
    },
    /// A pattern matched. `start..end` are byte offsets in the original text.
    Pattern {
        /// The pattern as the rule writes it.
        pattern: &'m str,
        /// Start byte in the original text.
        start: usize,
        /// End byte in the original text.
        end: usize,
    },
    /// The item's HS code relates to one of the rule's codes.
    Hs {
        /// The rule's code.
        prefix: &'m HsCode,
        /// The national scheme of the rule's code (`None`: international).
        scheme: Option<&'m str>,
        /// Within or overlapping.
        relation: Relation,
    },
}

/// The role of a matched literal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TermKind {
    /// One of the rule's `terms`.
    Term,
    /// A term of a `require` group.
    Require,
    /// An `exclude` term: it vetoed the text match.
    Exclude,
}

/// One rule that an item hit.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit<'m> {
    /// The rule.
    pub rule: &'m Rule,
    /// The header of the rule's file.
    pub ruleset: &'m RulesetInfo,
    /// How strongly the hit is supported.
    pub confidence: Confidence,
    /// Why it hit; spans point into the original description.
    pub evidence: Vec<Evidence<'m>>,
    /// The as-of date the rule was found to apply at.
    pub as_of: NaiveDate,
    /// For a rule with parameter conditions whose text matched: how the
    /// numbers in the description compare with its thresholds. `None` for
    /// rules without `params` and for HS-only hits.
    pub parameters: Option<Parameters>,
}

/// How the numbers of a description compared with a rule's thresholds.
#[derive(Debug, Clone, PartialEq)]
pub struct Parameters {
    /// `Met`, `Unknown` (no number of the needed kind: check the datasheet)
    /// or `Failed` (only on HS-only hits: the text named the product but its
    /// numbers are below the thresholds).
    pub status: ParamStatus,
    /// Each quantity compared, with the threshold it met or failed.
    pub evidence: Vec<ParamEvidence>,
}

impl Hit<'_> {
    /// Suspension windows that ended before the as-of date: the rule applies
    /// again after them.
    pub fn suspensions_ended(&self) -> impl Iterator<Item = &Suspension> {
        self.ruleset
            .suspended
            .iter()
            .filter(|s| s.until < self.as_of)
    }
}

/// The result of classifying one item.
#[derive(Debug, Clone, PartialEq)]
pub struct Classification<'m> {
    /// Hits sorted by regime, control code, rule id.
    pub hits: Vec<Hit<'m>>,
    /// Fingerprint of the rule set that produced the result.
    pub fingerprint: &'m str,
    /// The date the item was classified at.
    pub as_of: NaiveDate,
    /// A problem with the item that did not stop classification (an HS code
    /// that does not parse: the text is still classified).
    pub warning: Option<String>,
    /// Filled only by [`Matcher::classify_explained`]: rules that matched in
    /// part but gave no text hit, with the reason.
    pub near_misses: Vec<NearMiss<'m>>,
}

/// A rule whose text matched in part but that gave no text hit.
#[derive(Debug, Clone, PartialEq)]
pub struct NearMiss<'m> {
    /// The rule.
    pub rule: &'m Rule,
    /// The header of the rule's file.
    pub ruleset: &'m RulesetInfo,
    /// Why it did not hit.
    pub reason: MissReason,
    /// What did match.
    pub evidence: Vec<Evidence<'m>>,
}

/// Why a [`NearMiss`] did not hit.
#[derive(Debug, Clone, PartialEq)]
pub enum MissReason {
    /// The rule does not apply at the as-of date (before `effective`, or
    /// in a suspension window).
    NotInForce,
    /// An `exclude` term vetoed the text match.
    Excluded,
    /// These `require` groups (indices) had no hit.
    RequireUnmet(Vec<usize>),
    /// The description gives numbers and they fail the rule's parameter
    /// conditions; the evidence says which value failed which threshold.
    ParametersFailed(Vec<ParamEvidence>),
}

impl Classification<'_> {
    /// The strongest confidence of any hit.
    pub fn max_confidence(&self) -> Option<Confidence> {
        self.hits.iter().map(|h| h.confidence).max()
    }
}

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// How many matchers' scratch spaces a thread keeps.
const SCRATCH_CACHE: usize = 4;

/// A compiled, immutable rule set. `Send + Sync`: share it between threads.
///
/// ```
/// use dualuse::{Confidence, Item, Matcher, Ruleset};
/// let matcher = Matcher::new(Ruleset::builtin()?)?;
/// let result = matcher.classify(&Item::new("Sm2Co17 permanent magnet ring").hs("8505.11"));
/// let hit = result.hits.iter().find(|h| h.rule.id == "CN-1C902.a.4").expect("SmCo hit");
/// assert_eq!(hit.confidence, Confidence::Confirmed);
/// # Ok::<(), dualuse::Error>(())
/// ```
#[derive(Debug)]
pub struct Matcher {
    id: u64,
    ruleset: Ruleset,
    tables: Tables,
}

/// Per-thread scratch space, so classifying allocates only the result.
#[derive(Default)]
struct Scratch {
    matcher: u64,
    generation: u32,
    norm: Normalized,
    /// Per literal: generation when first seen, and its span (normalized).
    lit_gen: Vec<u32>,
    lit_span: Vec<Range<usize>>,
    /// Per regex: span of its leftmost match this generation.
    regex_gen: Vec<u32>,
    regex_span: Vec<Range<usize>>,
    /// Trigger occurrences that selected a regex: (regex, start, end) in
    /// normalized text.
    occ: Vec<(u32, usize, usize)>,
    /// Byte ranges of the text one regex runs over.
    windows: Vec<(usize, usize)>,
    /// Per rule: generation when touched, and its state.
    rule_gen: Vec<u32>,
    state: Vec<RuleState>,
    touched: Vec<u32>,
}

#[derive(Default, Clone, Copy)]
struct RuleState {
    text: bool,
    require: u64,
    excluded: bool,
    hs: Option<(Relation, u32)>,
}

thread_local! {
    /// Scratch space of the few matchers most recently used on this thread
    /// (`dualuse diff` alternates between two), most recent last.
    static SCRATCH: RefCell<Vec<Scratch>> = const { RefCell::new(Vec::new()) };
}

impl Matcher {
    /// Compiles a rule set.
    pub fn new(ruleset: Ruleset) -> Result<Matcher, Error> {
        let tables = Tables::build(&ruleset)?;
        Ok(Matcher {
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            ruleset,
            tables,
        })
    }

    /// The built-in rule set, compiled once on first use.
    pub fn builtin() -> Result<&'static Matcher, &'static Error> {
        static BUILTIN: std::sync::LazyLock<Result<Matcher, Error>> =
            std::sync::LazyLock::new(|| Matcher::new(Ruleset::builtin()?));
        BUILTIN.as_ref()
    }

    /// The rule set this matcher was compiled from.
    pub fn ruleset(&self) -> &Ruleset {
        &self.ruleset
    }

    /// The rule-set fingerprint (see [`Ruleset::fingerprint`]).
    pub fn fingerprint(&self) -> &str {
        self.ruleset.fingerprint()
    }

    /// Classifies one item. Without an as-of date on the item, classifies as
    /// of today (local time).
    pub fn classify<'m>(&'m self, item: &Item<'_>) -> Classification<'m> {
        self.run(item, false)
    }

    /// Like [`Matcher::classify`], and also fills
    /// [`Classification::near_misses`]: rules whose text matched in part but
    /// that did not hit, and why. For people asking "why not?".
    pub fn classify_explained<'m>(&'m self, item: &Item<'_>) -> Classification<'m> {
        self.run(item, true)
    }

    fn run<'m>(&'m self, item: &Item<'_>, explain: bool) -> Classification<'m> {
        let as_of = item.as_of.unwrap_or_else(today);
        SCRATCH.with(|cell| match cell.try_borrow_mut() {
            Ok(mut cache) => {
                let mut s = match cache.iter().position(|s| s.matcher == self.id) {
                    Some(i) => cache.remove(i),
                    None => Scratch::default(),
                };
                let c = self.classify_with(&mut s, item, as_of, explain);
                s.shrink();
                if cache.len() >= SCRATCH_CACHE {
                    cache.remove(0);
                }
                cache.push(s);
                c
            }
            // Re-entrant use on one thread (not possible through this API,
            // but never panic): use fresh scratch space.
            Err(_) => self.classify_with(&mut Scratch::default(), item, as_of, explain),
        })
    }

    /// Classifies many items, in order.
    pub fn classify_all<'m>(&'m self, items: &[Item<'_>]) -> Vec<Classification<'m>> {
        items.iter().map(|i| self.classify(i)).collect()
    }

    fn classify_with<'m>(
        &'m self,
        s: &mut Scratch,
        item: &Item<'_>,
        as_of: NaiveDate,
        explain: bool,
    ) -> Classification<'m> {
        let t = &self.tables;
        s.prepare(self.id, t.literals.len(), t.regexes.len(), t.rules.len());
        let generation = s.generation;
        s.norm.set(item.description);
        let text = s.norm.as_str();

        // 1. All literals in one pass.
        if let Some(ac) = &t.ac {
            let literals = t.literals.len();
            for m in ac.find_overlapping_iter(text) {
                let lit = m.pattern().as_usize();
                if lit >= literals {
                    // A pattern trigger: its regexes become candidates,
                    // unless a word character next to this occurrence rules
                    // out a match beginning or ending here.
                    let is_word = |c: Option<char>| c.is_some_and(is_regex_word);
                    let word_before =
                        is_word(text.get(..m.start()).and_then(|p| p.chars().next_back()));
                    let word_after = is_word(text.get(m.end()..).and_then(|p| p.chars().next()));
                    for u in &t.triggers[lit - literals] {
                        if (u.left && word_before) || (u.right && word_after) {
                            continue;
                        }
                        s.occ.push((u.regex, m.start(), m.end()));
                    }
                    continue;
                }
                if s.lit_gen[lit] == generation {
                    continue;
                }
                let l = &t.literals[lit];
                if !at_boundaries(text, m.start(), m.end(), l.left, l.right) {
                    continue;
                }
                s.lit_gen[lit] = generation;
                s.lit_span[lit] = m.start()..m.end();
                for u in &t.uses[l.uses.start as usize..l.uses.end as usize] {
                    let st = touch(
                        &mut s.rule_gen,
                        &mut s.state,
                        &mut s.touched,
                        u.rule,
                        generation,
                    );
                    match u.role {
                        Role::Term(_) => st.text = true,
                        Role::Require(g, _) => st.require |= 1u64 << g,
                        Role::Exclude(_) => st.excluded = true,
                    }
                }
            }
        }

        // 2. Patterns: each regex whose triggers occurred, over the windows
        // of the text where its matches can lie; then those without
        // triggers (one set pass, then the members that matched).
        let mut occ = std::mem::take(&mut s.occ);
        occ.sort_unstable();
        for group in occ.chunk_by(|a, b| a.0 == b.0) {
            let k = group[0].0 as usize;
            let mut windows = std::mem::take(&mut s.windows);
            windows.clear();
            let window = t.regexes[k].window;
            windows.extend(
                group
                    .iter()
                    .map(|&(_, start, end)| window.around(start, end)),
            );
            self.run_regex(s, k, &mut windows, generation);
            s.windows = windows;
        }
        s.occ = occ;
        let untriggered = &t.untriggered;
        if !untriggered.members.is_empty() {
            let members: Vec<u32> = match untriggered.get(&t.regexes) {
                Some(set) => set
                    .matches(s.norm.as_str())
                    .iter()
                    .map(|i| untriggered.members[i])
                    .collect(),
                None => untriggered.members.clone(),
            };
            for k in members {
                self.run_regex(s, k as usize, &mut [(0, usize::MAX)], generation);
            }
        }

        // 3. HS codes through the prefix index.
        let mut warning = None;
        if let Some(code) = item.hs {
            match HsCode::parse(code) {
                Ok(code) => self.match_hs(s, &code, item.scheme, generation),
                Err(e) => warning = Some(e.to_string()),
            }
        }

        // 4. Decide each touched rule.
        let mut hits = Vec::new();
        let mut near_misses = Vec::new();
        // Quantities of the description, extracted once and only if a rule
        // with parameter conditions matched its text.
        let mut quantities: Option<Vec<Quantity>> = None;
        for i in 0..s.touched.len() {
            let r = s.touched[i] as usize;
            let st = s.state[r];
            let rule = &self.ruleset.rules()[r];
            let info = self.ruleset.info(rule);
            let in_force = info.applies_at(as_of);
            let require_met = st.require == t.rules[r].require_full;
            let words_match = st.text && require_met && !st.excluded;
            let parameters = (words_match && in_force && !rule.params.is_empty()).then(|| {
                let q =
                    quantities.get_or_insert_with(|| crate::quantity::extract(item.description));
                let (status, evidence) = crate::param::evaluate(&rule.params, item.description, q);
                Parameters { status, evidence }
            });
            let params_failed = parameters
                .as_ref()
                .is_some_and(|p| p.status == ParamStatus::Failed);
            let text_match = words_match && !params_failed;
            let confidence = match (text_match, st.hs) {
                _ if !in_force => None,
                (true, Some((Relation::Within, _))) => Some(Confidence::Confirmed),
                (true, _) => Some(Confidence::Text),
                (false, Some(_)) => Some(Confidence::Hs),
                (false, None) => None,
            };
            if let Some(confidence) = confidence {
                let hit = Hit {
                    rule,
                    ruleset: info,
                    confidence,
                    evidence: self.evidence(s, r, rule, st),
                    as_of,
                    parameters: parameters.clone(),
                };
                hits.push((t.rules[r].rank, hit));
            }
            // Why a rule whose text matched at least in part gave no text hit.
            if explain && (st.text || st.hs.is_some()) && !(in_force && text_match) {
                let reason = if !in_force {
                    MissReason::NotInForce
                } else if !st.text {
                    continue;
                } else if st.excluded {
                    MissReason::Excluded
                } else if let Some(p) = parameters.filter(|_| params_failed) {
                    MissReason::ParametersFailed(p.evidence)
                } else {
                    let full = t.rules[r].require_full;
                    let missing = (0..rule.require.len())
                        .filter(|g| (full & !st.require) & (1u64 << g) != 0)
                        .collect();
                    MissReason::RequireUnmet(missing)
                };
                near_misses.push((
                    t.rules[r].rank,
                    NearMiss {
                        rule,
                        ruleset: info,
                        reason,
                        evidence: self.evidence(s, r, rule, st),
                    },
                ));
            }
        }
        hits.sort_by_key(|(rank, _)| *rank);
        near_misses.sort_by_key(|(rank, _)| *rank);
        Classification {
            hits: hits.into_iter().map(|(_, h)| h).collect(),
            fingerprint: self.fingerprint(),
            as_of,
            warning,
            near_misses: near_misses.into_iter().map(|(_, m)| m).collect(),
        }
    }

    /// Runs regex `k` over `windows` of the normalized text (merged, in
    /// order; the text around each is context for look-around) and records
    /// its leftmost non-empty match. Every match lies within one window, so
    /// the first window with a match holds the leftmost match of the text.
    fn run_regex(
        &self,
        s: &mut Scratch,
        k: usize,
        windows: &mut [(usize, usize)],
        generation: u32,
    ) {
        let t = &self.tables;
        let Some(re) = t.regexes[k].get() else {
            return;
        };
        let text = s.norm.as_str();
        windows.sort_unstable();
        let mut found = None;
        let mut i = 0;
        while i < windows.len() && found.is_none() {
            let (mut start, mut end) = windows[i];
            i += 1;
            while i < windows.len() && windows[i].0 <= end {
                end = end.max(windows[i].1);
                i += 1;
            }
            // Widen to character boundaries.
            end = end.min(text.len());
            while !text.is_char_boundary(end) {
                end += 1;
            }
            start = start.min(end);
            while !text.is_char_boundary(start) {
                start -= 1;
            }
            found = re
                .search(&Input::new(text).span(start..end))
                .filter(|m| !m.is_empty());
        }
        let Some(m) = found else {
            return;
        };
        s.regex_gen[k] = generation;
        s.regex_span[k] = m.start()..m.end();
        for &(rule, _) in &t.regex_uses[k] {
            touch(
                &mut s.rule_gen,
                &mut s.state,
                &mut s.touched,
                rule,
                generation,
            )
            .text = true;
        }
    }

    fn match_hs(&self, s: &mut Scratch, code: &HsCode, scheme: Option<&str>, generation: u32) {
        let hs = &self.tables.hs;
        let mut found = |entry: usize, relation| {
            let rule = hs.entries[entry].rule;
            record_hs(s, rule, relation, entry as u32, generation);
        };
        hs.lookup(None, code.international().as_bytes(), &mut found);
        if let Some(scheme) = scheme {
            hs.lookup(Some(scheme), code.digits().as_bytes(), &mut found);
        }
    }

    fn evidence<'m>(
        &'m self,
        s: &Scratch,
        r: usize,
        rule: &'m Rule,
        st: RuleState,
    ) -> Vec<Evidence<'m>> {
        let t = &self.tables;
        let g = s.generation;
        let mut ev = Vec::new();
        for &(lit, role) in &t.rules[r].literals {
            if s.lit_gen[lit as usize] != g {
                continue;
            }
            let span = s.norm.original_span(s.lit_span[lit as usize].clone());
            let (kind, term) = match role {
                Role::Term(i) => (TermKind::Term, rule.terms[i as usize].as_str()),
                Role::Require(gr, i) => (
                    TermKind::Require,
                    rule.require[gr as usize][i as usize].as_str(),
                ),
                Role::Exclude(i) => (TermKind::Exclude, rule.exclude[i as usize].as_str()),
            };
            ev.push(Evidence::Term {
                kind,
                term,
                start: span.start,
                end: span.end,
            });
        }
        for &(k, p) in &t.rules[r].regexes {
            if s.regex_gen[k as usize] != g {
                continue;
            }
            let span = s.norm.original_span(s.regex_span[k as usize].clone());
            ev.push(Evidence::Pattern {
                pattern: rule.patterns[p as usize].as_str(),
                start: span.start,
                end: span.end,
            });
        }
        ev.sort_by_key(|e| match e {
            Evidence::Term {
                start,
                end,
                kind,
                term,
            } => (*start, *end, *kind as u8, *term),
            Evidence::Pattern {
                start,
                end,
                pattern,
            } => (*start, *end, 3, *pattern),
            Evidence::Hs { .. } => (usize::MAX, 0, 0, ""),
        });
        // A rule that lists the same term twice gives one piece of evidence.
        ev.dedup();
        if let Some((relation, entry)) = st.hs {
            let e = &t.hs.entries[entry as usize];
            let prefix = match &e.scheme {
                None => &rule.hs[e.code as usize],
                Some(sc) => &rule.hs_national[sc][e.code as usize],
            };
            ev.push(Evidence::Hs {
                prefix,
                scheme: e.scheme.as_deref(),
                relation,
            });
        }
        ev
    }
}

fn touch<'a>(
    rule_gen: &mut [u32],
    state: &'a mut [RuleState],
    touched: &mut Vec<u32>,
    rule: u32,
    generation: u32,
) -> &'a mut RuleState {
    let r = rule as usize;
    if rule_gen[r] != generation {
        rule_gen[r] = generation;
        state[r] = RuleState::default();
        touched.push(rule);
    }
    &mut state[r]
}

fn record_hs(s: &mut Scratch, rule: u32, relation: Relation, entry: u32, generation: u32) {
    let st = touch(
        &mut s.rule_gen,
        &mut s.state,
        &mut s.touched,
        rule,
        generation,
    );
    if st.hs.is_none_or(|(best, _)| relation > best) {
        st.hs = Some((relation, entry));
    }
}

impl Scratch {
    fn prepare(&mut self, matcher: u64, literals: usize, regexes: usize, rules: usize) {
        if self.matcher != matcher || self.generation == u32::MAX {
            self.matcher = matcher;
            self.generation = 0;
            self.lit_gen = vec![0; literals];
            self.lit_span = vec![0..0; literals];
            self.regex_gen = vec![0; regexes];
            self.regex_span = vec![0..0; regexes];
            self.rule_gen = vec![0; rules];
            self.state = vec![RuleState::default(); rules];
        }
        self.generation += 1;
        self.touched.clear();
        self.occ.clear();
    }

    /// Releases the memory a very long text needed.
    fn shrink(&mut self) {
        self.norm.shrink_to(1 << 20);
    }
}

/// Today's date in local time.
pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "[ruleset]\nid = 'h'\nregime = 'CN'\ntitle = 't'\ninstrument = 'i'\nsource = 's'\neffective = 2025-04-04\nsuspended = [{ from = 2025-11-07, until = 2026-11-10 }]\nreviewed = 2026-01-01\n";

    fn matcher(rules: &str) -> Matcher {
        Matcher::new(Ruleset::from_source("t.toml", &format!("{HEADER}{rules}")).unwrap()).unwrap()
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn hits(m: &Matcher, text: &str) -> Vec<(String, Confidence)> {
        m.classify(&Item::new(text).as_of(date(2025, 6, 1)))
            .hits
            .iter()
            .map(|h| (h.rule.id.clone(), h.confidence))
            .collect()
    }

    fn rule(id: &str, body: &str) -> String {
        format!(
            "\n[[rule]]\nid = '{id}'\ncontrol_code = '{id}'\ncategory = 'dual-use'\ntitle = 't'\n{body}\n"
        )
    }

    #[test]
    fn matcher_is_send_and_sync() {
        fn assert<T: Send + Sync>() {}
        assert::<Matcher>();
    }

    #[test]
    fn latin_terms_need_word_boundaries_cjk_terms_do_not() {
        let m = matcher(
            &(rule("A", "terms = ['terbium metal', 'tb4o7']") + &rule("B", "terms = ['铽']")),
        );
        assert_eq!(hits(&m, "Terbium-Metal ingot").len(), 1);
        assert!(hits(&m, "xterbium metal").is_empty());
        assert!(hits(&m, "Tb4O7x").is_empty());
        assert_eq!(
            hits(&m, "Tb4O7 99.99%"),
            [("A".to_string(), Confidence::Text)]
        );
        assert_eq!(
            hits(&m, "氧化铽粉末"),
            [("B".to_string(), Confidence::Text)]
        );
        // Latin text glued to CJK text still has a boundary.
        assert_eq!(hits(&m, "Tb4O7粉末").len(), 1);
    }

    #[test]
    fn require_and_exclude() {
        let m = matcher(&rule(
            "A",
            "terms = ['samarium']\nrequire = [['alloy', 'magnet'], ['ingot', 'powder']]\nexclude = ['samarium-free']",
        ));
        assert!(
            hits(&m, "samarium alloy").is_empty(),
            "second group missing"
        );
        assert_eq!(hits(&m, "samarium alloy powder").len(), 1);
        assert!(hits(&m, "samarium free alloy powder").is_empty());
        assert!(hits(&m, "alloy powder").is_empty());
    }

    #[test]
    fn hs_within_overlapping_and_national() {
        let m = matcher(&rule(
            "A",
            "terms = ['smco']\nhs = ['8505.11']\nhs_national = { CN = ['2805301910'] }",
        ));
        let c = |text: &str, hs: &str, scheme: Option<&str>| {
            let mut item = Item::new(text).hs(hs).as_of(date(2025, 6, 1));
            if let Some(s) = scheme {
                item = item.scheme(s);
            }
            m.classify(&item)
                .hits
                .first()
                .map(|h| (h.confidence, h.evidence.last().cloned()))
        };
        assert_eq!(
            c("smco", "8505.11.00", None).unwrap().0,
            Confidence::Confirmed
        );
        assert_eq!(
            c("smco", "8505", None).unwrap().0,
            Confidence::Text,
            "overlapping does not confirm"
        );
        assert_eq!(c("bolt", "8505", None).unwrap().0, Confidence::Hs);
        assert_eq!(
            c("bolt", "850", None),
            None,
            "fewer than 4 digits never overlaps"
        );
        assert_eq!(c("bolt", "8504.40", None), None);
        // National digits compare only under the declared scheme.
        assert_eq!(c("bolt", "2805301910", None), None);
        let (conf, ev) = c("bolt", "2805.30.19.10", Some("CN")).unwrap();
        assert_eq!(conf, Confidence::Hs);
        assert!(matches!(
            ev,
            Some(Evidence::Hs {
                scheme: Some("CN"),
                relation: Relation::Within,
                ..
            })
        ));
        assert_eq!(c("bolt", "28053019", Some("CN")).unwrap().0, Confidence::Hs);
        assert_eq!(c("bolt", "2805301910", Some("US")), None);
        // An unparsable code is reported, the text still classified.
        let r = m.classify(&Item::new("smco").hs("85x").as_of(date(2025, 6, 1)));
        assert_eq!(r.hits.len(), 1);
        assert!(r.warning.unwrap().contains("85x"));
    }

    #[test]
    fn dates_and_suspension_windows_are_inclusive() {
        let m = matcher(&rule("A", "terms = ['smco']"));
        let at = |d| m.classify(&Item::new("smco").as_of(d)).hits.len();
        assert_eq!(at(date(2025, 4, 3)), 0);
        assert_eq!(at(date(2025, 4, 4)), 1);
        assert_eq!(at(date(2025, 11, 6)), 1);
        assert_eq!(at(date(2025, 11, 7)), 0);
        assert_eq!(at(date(2026, 11, 10)), 0);
        assert_eq!(at(date(2026, 11, 11)), 1);
        let r = m.classify(&Item::new("smco").as_of(date(2026, 11, 11)));
        assert_eq!(r.hits[0].suspensions_ended().count(), 1);
    }

    #[test]
    fn hits_are_ordered_by_regime_code_and_id() {
        let re = "[ruleset]\nid = 'r'\nregime = 'RE'\ntitle = 't'\ninstrument = 'i'\nsource = 's'\neffective = 2025-01-01\nreviewed = 2026-01-01\n[[rule]]\nid = 'A-RE'\ncategory = 'rare-earth-dependent'\ntitle = 't'\nterms = ['magnet']\n";
        let cn = format!(
            "{HEADER}{}{}{}",
            rule("Z", "terms = ['magnet']"),
            rule("1C9", "terms = ['magnet']"),
            rule("1C10", "terms = ['magnet']")
        );
        let rs = Ruleset::builder()
            .add_source("re.toml", re)
            .add_source("cn.toml", cn)
            .build()
            .unwrap();
        let m = Matcher::new(rs).unwrap();
        let ids: Vec<String> = hits(&m, "magnet").into_iter().map(|h| h.0).collect();
        assert_eq!(ids, ["1C10", "1C9", "Z", "A-RE"]);
    }

    #[test]
    fn patterns_run_over_windows_around_their_triggers() {
        // Matches far into a long text, after many trigger decoys and next
        // to multi-byte characters: found, with their whole spans (the
        // first pattern's window starts at its trigger, the second's ends
        // at its trigger `mah`).
        let m = matcher(&rule(
            "A",
            "patterns = ['co ?[1-57]{1,2}\\b', '\\d+ ?mah\\b']",
        ));
        let mut text = "cobalt coating, 日本語 ".repeat(300);
        text.push_str("Ｃｏ 17 then 2000mAh");
        let c = m.classify(&Item::new(&text).as_of(date(2025, 6, 1)));
        let spans: Vec<&str> = c.hits[0]
            .evidence
            .iter()
            .filter_map(|e| match e {
                Evidence::Pattern { start, end, .. } => Some(&text[*start..*end]),
                _ => None,
            })
            .collect();
        assert_eq!(spans, ["Ｃｏ 17", "2000mAh"]);
    }

    #[test]
    fn evidence_spans_point_into_the_original_text() {
        let m = matcher(&rule("A", "terms = ['nd fe b']\npatterns = ['n\\d\\dsh']"));
        let text = "Magnet ＮＤ－ＦＥ－Ｂ, grade N42SH";
        let c = m.classify(&Item::new(text).as_of(date(2025, 6, 1)));
        let spans: Vec<&str> = c.hits[0]
            .evidence
            .iter()
            .filter_map(|e| match e {
                Evidence::Term { start, end, .. } | Evidence::Pattern { start, end, .. } => {
                    Some(&text[*start..*end])
                }
                Evidence::Hs { .. } => None,
            })
            .collect();
        assert_eq!(spans, ["ＮＤ－ＦＥ－Ｂ", "N42SH"]);
    }

    #[test]
    fn fingerprint_ignores_file_names_order_and_formatting() {
        let a = format!("{HEADER}{}", rule("A", "terms = ['x y']"));
        let b = "[ruleset]\nid = 'k'\nregime = 'EU'\ntitle = 't'\ninstrument = 'i'\nsource = 's'\neffective = 2025-01-01\nreviewed = 2026-01-01\n";
        let one = Ruleset::builder()
            .add_source("a.toml", a.clone())
            .add_source("b.toml", b)
            .build()
            .unwrap();
        let two = Ruleset::builder()
            .add_source("z.toml", b.replace('\n', "\n\n"))
            .add_source("y.toml", a.clone())
            .build()
            .unwrap();
        assert_eq!(one.fingerprint(), two.fingerprint());
        let three = Ruleset::builder()
            .add_source("a.toml", a.replace("x y", "x z"))
            .add_source("b.toml", b)
            .build()
            .unwrap();
        assert_ne!(one.fingerprint(), three.fingerprint());
    }
}
