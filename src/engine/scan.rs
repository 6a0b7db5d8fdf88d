//! Classifying one item: the automaton pass, the triggered patterns, the HS
//! index, and the decision per touched rule, in scratch space that is reused
//! across items.

use super::Matcher;
use super::tables::Role;
use crate::chem::Mention;
use crate::classification::{
    Classification, Evidence, Hit, MissReason, NearMiss, Parameters, TermKind,
};
use crate::hs::{HsCode, Relation};
use crate::item::Item;
use crate::param::ParamStatus;
use crate::quantity::Quantity;
use crate::rule::{Confidence, Rule};
use crate::text::Normalized;
use crate::text::boundary::at_boundaries;
use crate::text::chars::is_regex_word;
use chrono::NaiveDate;
use regex_automata::Input;
use std::ops::Range;

/// Scratch space of one scanner, so classifying allocates only the result.
///
/// Sized for one matcher (`matcher` is its id); [`Scratch::prepare`] resets
/// it for another.
#[derive(Default)]
pub(super) struct Scratch {
    pub(super) matcher: u64,
    generation: u32,
    norm: Normalized,
    /// Per literal: generation when first seen, and its span (normalized).
    lit_gen: Vec<u32>,
    lit_span: Vec<Range<usize>>,
    /// Every use of a literal seen this generation: (literal, role, and
    /// the rule's previous entry plus one, or 0). Each rule's entries form
    /// a chain from its [`RuleState::uses`], so a hit's term evidence is
    /// a walk over its own uses, neither over every literal of its rule
    /// (thousands for a rule of thousands of terms) nor over every use
    /// seen (many for a common word among 100,000 terms), and nothing is
    /// sorted for rows without hits.
    lit_uses: Vec<(u32, Role, u32)>,
    /// Per regex: span of its leftmost match this generation.
    regex_gen: Vec<u32>,
    regex_span: Vec<Range<usize>>,
    /// Per regex: this thread's search cache, made on first use. The
    /// regex's own pool hands its cache to one thread without a lock and
    /// to every other thread through a mutex: with two workers, every
    /// search of the second took that lock.
    /// Boxed: a cache is about a kilobyte and a rule set may have
    /// thousands of regexes that never run.
    regex_cache: Vec<Option<Box<regex_automata::meta::Cache>>>,
    /// Trigger occurrences that selected a regex: (regex, start, end) in
    /// normalized text.
    occ: Vec<(u32, usize, usize)>,
    /// Byte ranges of the text one regex runs over.
    windows: Vec<(usize, usize)>,
    /// Per rule: its state this generation, and which rules were touched.
    rules: RuleStates,
    /// Element mentions of this item, and (rule, mention) for each mention
    /// that met one of a rule's `forms`.
    mentions: Vec<Mention>,
    form_hits: Vec<(u32, u32)>,
    /// CAS numbers found that rules list: (rule, index into its `cas`,
    /// span in the ORIGINAL text), sorted, first occurrence of each.
    cas: Vec<(u32, u32, Range<usize>)>,
}

#[derive(Default, Clone, Copy)]
struct RuleState {
    text: bool,
    require: u64,
    excluded: bool,
    hs: Option<(Relation, u32)>,
    /// The last of this rule's entries in `lit_uses`, plus one; 0 for none.
    uses: u32,
}

impl RuleState {
    /// Records that one of the rule's literals occurred in `role`.
    fn apply(&mut self, role: Role) {
        match role {
            Role::Term(_) => self.text = true,
            Role::Require(g, _) => self.require |= 1u64 << g,
            Role::Exclude(_) => self.excluded = true,
        }
    }
}

impl Matcher {
    pub(super) fn classify_with<'m>(
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

        // 1. All literals in one pass (and whether an element name that a
        // rule's `forms` select occurs at all).
        let mut names = false;
        if let Some(ac) = &t.ac {
            let literals = t.literals.len();
            for m in ac.find_overlapping_iter(text) {
                let lit = m.pattern().as_usize();
                if lit >= t.gate_start as usize {
                    names = true;
                    continue;
                }
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
                    let st = s.rules.touch(u.rule, generation);
                    s.lit_uses.push((lit as u32, u.role, st.uses));
                    // At most one entry per (literal, use): bounded by the
                    // compiled tables, far below `u32::MAX`.
                    st.uses = s.lit_uses.len() as u32;
                    st.apply(u.role);
                }
            }
        }

        // 1b. CAS numbers, read from the original text (check digit
        // valid, standing apart), looked up in the sorted list of the
        // rules' numbers. A listed number is a text-condition hit like a
        // term: `require` and `exclude` apply to it as to terms.
        if !t.cas.is_empty() {
            let mut found = std::mem::take(&mut s.cas);
            // Only the first occurrence of each (rule, number) is kept:
            // compacting whenever the list doubles bounds it by the
            // number of listed numbers, however often a text repeats one.
            let first_only = |found: &mut Vec<(u32, u32, Range<usize>)>| {
                found.sort_unstable_by_key(|(rule, i, span)| (*rule, *i, span.start));
                found.dedup_by_key(|(rule, i, _)| (*rule, *i));
            };
            let bound = 2 * t.cas.len() + 64;
            crate::cas::find(item.description, |cas, span| {
                let from = t.cas.partition_point(|e| e.0 < cas.0);
                for &(_, rule, i) in t.cas[from..].iter().take_while(|e| e.0 == cas.0) {
                    s.rules.touch(rule, generation).text = true;
                    found.push((rule, i, span.clone()));
                }
                if found.len() > bound {
                    first_only(&mut found);
                }
            });
            first_only(&mut found);
            s.cas = found;
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

        // 3. Element mentions, for rules that select them by form.
        if !t.forms.is_empty() {
            s.mentions = crate::chem::mentions(item.description, &s.norm, names, |e| {
                t.forms.contains_key(e)
            });
            for (i, m) in s.mentions.iter().enumerate() {
                let Some(rules) = t.forms.get(m.element) else {
                    continue;
                };
                for f in rules {
                    // `with`: the compound is made of exactly these others
                    // (and maybe the optional ones).
                    if !f.accepts(m.form.bit(), m.partners) {
                        continue;
                    }
                    s.rules.touch(f.rule, generation).text = true;
                    s.form_hits.push((f.rule, i as u32));
                }
            }
        }

        // 4. HS codes through the prefix index.
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
        for i in 0..s.rules.touched.len() {
            let r = s.rules.touched[i] as usize;
            // The deferred `require` and `exclude` literals that occurred.
            for &(lit, role) in t.qualifiers_of(r) {
                if s.lit_gen[lit as usize] == generation {
                    s.rules.state[r].apply(role);
                }
            }
            let st = s.rules.state[r];
            let rule = &self.ruleset.rules()[r];
            let info = &*t.rules[r].header.0;
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
        let cache = s.regex_cache[k].get_or_insert_with(|| Box::new(re.create_cache()));
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
            end = crate::text::ceil_boundary(text, end);
            start = crate::text::floor_boundary(text, start.min(end));
            found = re
                .search_with(cache, &Input::new(text).span(start..end))
                .filter(|m| !m.is_empty());
        }
        let Some(m) = found else {
            return;
        };
        s.regex_gen[k] = generation;
        s.regex_span[k] = m.start()..m.end();
        for &(rule, _) in &t.regex_uses[k] {
            s.rules.touch(rule, generation).text = true;
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
        // The rule's literals that occurred (in any order: the evidence is
        // sorted below).
        let mut next = st.uses;
        let chain = std::iter::from_fn(|| {
            let &(lit, role, previous) = s.lit_uses.get(next.checked_sub(1)? as usize)?;
            next = previous;
            Some((lit, role))
        });
        let deferred = t
            .qualifiers_of(r)
            .iter()
            .filter(|&&(lit, _)| s.lit_gen[lit as usize] == g)
            .copied();
        for (lit, role) in chain.chain(deferred) {
            let span = s.norm.match_span(s.lit_span[lit as usize].clone());
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
            let span = s.norm.match_span(s.regex_span[k as usize].clone());
            ev.push(Evidence::Pattern {
                pattern: rule.patterns[p as usize].as_str(),
                start: span.start,
                end: span.end,
            });
        }
        for &(fr, i) in &s.form_hits {
            if fr as usize != r {
                continue;
            }
            let m = &s.mentions[i as usize];
            ev.push(Evidence::Element {
                element: m.element,
                form: m.form,
                start: m.span.start,
                end: m.span.end,
            });
        }
        let from = s.cas.partition_point(|c| (c.0 as usize) < r);
        for (_, i, span) in s.cas[from..].iter().take_while(|c| c.0 as usize == r) {
            ev.push(Evidence::Cas {
                cas: rule.cas[*i as usize].as_str(),
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
            Evidence::Element {
                start,
                end,
                element,
                ..
            } => (*start, *end, 4, *element),
            Evidence::Cas { start, end, cas } => (*start, *end, 5, *cas),
            _ => (usize::MAX, 0, 0, ""),
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

/// The state of every rule, valid for the rules touched this generation.
#[derive(Default)]
struct RuleStates {
    /// Per rule: generation when touched, and its state.
    generation: Vec<u32>,
    state: Vec<RuleState>,
    /// The rules touched this generation, in order.
    touched: Vec<u32>,
}

impl RuleStates {
    /// The state of `rule` this generation, reset and recorded as touched
    /// on first use.
    fn touch(&mut self, rule: u32, generation: u32) -> &mut RuleState {
        let r = rule as usize;
        if self.generation[r] != generation {
            self.generation[r] = generation;
            self.state[r] = RuleState::default();
            self.touched.push(rule);
        }
        &mut self.state[r]
    }
}

fn record_hs(s: &mut Scratch, rule: u32, relation: Relation, entry: u32, generation: u32) {
    let st = s.rules.touch(rule, generation);
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
            self.regex_cache = vec![None; regexes];
            self.rules.generation = vec![0; rules];
            self.rules.state = vec![RuleState::default(); rules];
        }
        self.generation += 1;
        self.rules.touched.clear();
        self.lit_uses.clear();
        self.occ.clear();
        self.mentions.clear();
        self.form_hits.clear();
        self.cas.clear();
    }

    /// Releases the memory a very long text needed.
    pub(super) fn shrink(&mut self) {
        self.norm.shrink_to(1 << 20);
    }
}
