//! Compiling a [`Ruleset`] into the tables the scanner runs on.
//!
//! Every literal of every rule (`terms`, `require`, `exclude`) is normalized,
//! de-duplicated and put into ONE Aho-Corasick automaton; each literal keeps
//! the list of (rule, role) that use it. Pattern triggers (see
//! [`super::pattern`]) go into the same automaton after the literals. HS
//! prefixes go into a sorted index of integer keys ([`super::hs_index`]),
//! CAS numbers into a sorted list of integers.
//! Classifying an item is then one automaton pass, a few short regex
//! searches at most and a few binary searches, whatever the number of
//! rules.
//!
//! The tables are private to the engine: only [`super::scan`] reads them.

use super::hs_index::HsIndex;
use super::pattern::{LazyRegex, LazySet, Window, pattern_triggers};
use crate::Ruleset;
use crate::error::Error;
use crate::rule::Rule;
use crate::text::boundary::term_boundaries;
use crate::text::chars::is_regex_word;
use crate::text::normalize;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use std::collections::HashMap;

/// Total literal bytes above which the automaton is never a DFA (see
/// `Tables::build`).
const DFA_MAX_BYTES: usize = 16 << 10;

/// A rule with at most this many `require` and `exclude` literals has them
/// read when the rule is decided, not when they occur (see
/// [`CompiledRule::qualifiers`]).
const DEFERRED_QUALIFIERS: usize = 16;

/// What a literal does for a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    /// One of `terms` (index into it).
    Term(u32),
    /// `require[group][index]`.
    Require(u8, u32),
    /// One of `exclude` (index into it).
    Exclude(u32),
}

/// One use of a literal by a rule.
#[derive(Debug, Clone, Copy)]
pub(super) struct Use {
    pub(super) rule: u32,
    pub(super) role: Role,
}

/// A regex that a trigger literal selects, and the word boundaries an
/// occurrence of the literal needs to begin (`left`) or end (`right`) a
/// match of it; an occurrence without them does not select the regex.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct TriggerUse {
    pub(super) regex: u32,
    pub(super) left: bool,
    pub(super) right: bool,
}

/// A distinct normalized literal.
#[derive(Debug)]
pub(super) struct Literal {
    /// Needs a word boundary before / after.
    pub(super) left: bool,
    pub(super) right: bool,
    /// Range into `Tables::uses`.
    pub(super) uses: std::ops::Range<u32>,
}

/// Per-rule data the matcher needs at classification time.
#[derive(Debug)]
pub(super) struct CompiledRule {
    /// Bit mask with one bit per `require` group.
    pub(super) require_full: u64,
    /// Position in the deterministic output order.
    pub(super) rank: u32,
    /// The regexes this rule uses: (regex, index into the rule's `patterns`).
    pub(super) regexes: Vec<(u32, u32)>,
    /// The header of the rule's file, so that deciding whether a touched
    /// rule is in force reads this compact table and not the `Rule` (a
    /// cache miss per touched rule when there are tens of thousands).
    pub(super) header: crate::rule::Header,
    /// Range into `Tables::qualifiers`: the rule's `require` and `exclude`
    /// literals, looked up when the rule is decided, if it has at most
    /// [`DEFERRED_QUALIFIERS`] of them. A rule is decided only if
    /// something else touched it (a term, pattern, CAS number, element
    /// form or HS code), so a common word that a few hundred rules require
    /// or exclude (`magnet`, `powder`) costs nothing where none of those
    /// rules is otherwise touched. Rules with more have them in
    /// `Tables::uses` like terms, so deciding a rule stays bounded.
    pub(super) qualifiers: std::ops::Range<u32>,
}

/// A rule that selects mentions of an element by form (`forms`, `with`,
/// `with_optional`).
#[derive(Debug)]
pub(super) struct FormRule {
    /// The forms, one bit each ([`crate::chem::ElementForm::bit`]).
    pub(super) forms: u8,
    /// The partners the compound must have; 0: any.
    pub(super) with: crate::chem::partners::Elements,
    /// The partners it may have besides those.
    pub(super) optional: crate::chem::partners::Elements,
    /// The rule's index.
    pub(super) rule: u32,
}

impl FormRule {
    /// Whether a mention in `form` with `partners` counts for the rule.
    pub(super) fn accepts(&self, form: u8, partners: crate::chem::partners::Elements) -> bool {
        self.forms & form != 0 && (self.with == 0 || partners & !self.optional == self.with)
    }
}

/// The compiled tables.
#[derive(Debug)]
pub(super) struct Tables {
    /// Literals (pattern ids `0..literals.len()`), then pattern triggers.
    pub(super) ac: Option<AhoCorasick>,
    pub(super) literals: Vec<Literal>,
    pub(super) uses: Vec<Use>,
    /// Deferred `require` and `exclude` literals: (literal, role), in
    /// runs per rule ([`CompiledRule::qualifiers`]).
    pub(super) qualifiers: Vec<(u32, Role)>,
    /// For automaton pattern `literals.len() + i`: the regexes it triggers.
    pub(super) triggers: Vec<Vec<TriggerUse>>,
    pub(super) regexes: Vec<LazyRegex>,
    /// Regexes without triggers: run on every text.
    pub(super) untriggered: LazySet,
    /// For each regex: (rule, index into the rule's `patterns`).
    pub(super) regex_uses: Vec<Vec<(u32, u32)>>,
    pub(super) hs: HsIndex,
    /// CAS numbers of every rule: (number, rule, index into the rule's
    /// `cas`), sorted, for a binary search per number found in a text.
    pub(super) cas: Vec<(u64, u32, u32)>,
    pub(super) rules: Vec<CompiledRule>,
    /// Rules with `forms`, by element symbol.
    pub(super) forms: HashMap<String, Vec<FormRule>>,
    /// First automaton pattern id of the element-name gate.
    pub(super) gate_start: u32,
}

impl Tables {
    pub(super) fn build(ruleset: &Ruleset) -> Result<Tables, Error> {
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
                        role: Role::Term(i as u32),
                    },
                );
            }
            for (g, group) in rule.require.iter().enumerate() {
                for (i, t) in group.iter().enumerate() {
                    add(
                        t,
                        Use {
                            rule: rule_ix,
                            role: Role::Require(g as u8, i as u32),
                        },
                    );
                }
            }
            for (i, t) in rule.exclude.iter().enumerate() {
                add(
                    t,
                    Use {
                        rule: rule_ix,
                        role: Role::Exclude(i as u32),
                    },
                );
            }
        }
        let deferred = |rule: &crate::rule::Rule| {
            rule.require.iter().map(Vec::len).sum::<usize>() + rule.exclude.len()
                <= DEFERRED_QUALIFIERS
        };
        let mut by_rule: Vec<Vec<(u32, Role)>> = vec![Vec::new(); rules.len()];
        let mut uses = Vec::new();
        let mut literals = Vec::with_capacity(texts.len());
        for (lit, (text, lu)) in texts.iter().zip(uses_by_lit).enumerate() {
            let (left, right) = term_boundaries(text);
            let start = uses.len() as u32;
            for u in lu {
                let qualifier = !matches!(u.role, Role::Term(_));
                if qualifier && deferred(&rules[u.rule as usize]) {
                    by_rule[u.rule as usize].push((lit as u32, u.role));
                } else {
                    uses.push(u);
                }
            }
            literals.push(Literal {
                left,
                right,
                uses: start..uses.len() as u32,
            });
        }
        // Patterns run over normalized text, where CJK variants are folded:
        // fold them in the pattern too (they are Han ideographs, never
        // regex syntax).
        let folded: Vec<Vec<String>> = rules
            .iter()
            .map(|rule| {
                rule.patterns
                    .iter()
                    .map(|p| p.chars().map(crate::text::variants::fold).collect())
                    .collect()
            })
            .collect();
        let mut pattern_index: HashMap<&str, usize> = HashMap::new();
        let mut regex_src: Vec<&str> = Vec::new();
        let mut regex_uses: Vec<Vec<(u32, u32)>> = Vec::new();
        for (r, patterns) in folded.iter().enumerate() {
            for (i, p) in patterns.iter().enumerate() {
                let k = *pattern_index.entry(p.as_str()).or_insert_with(|| {
                    regex_src.push(p);
                    regex_uses.push(Vec::new());
                    regex_src.len() - 1
                });
                regex_uses[k].push((r as u32, i as u32));
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

        let mut forms: HashMap<String, Vec<FormRule>> = HashMap::new();
        for (r, rule) in rules.iter().enumerate() {
            if let (Some(element), false) = (rule.elements.first(), rule.forms.is_empty()) {
                let bits = rule.forms.iter().fold(0u8, |b, f| b | f.bit());
                let set = |symbols: &[String]| {
                    symbols
                        .iter()
                        .fold(0, |s, e| s | crate::chem::partners::bit(e))
                };
                forms.entry(element.clone()).or_default().push(FormRule {
                    forms: bits,
                    with: set(&rule.with),
                    optional: set(&rule.with_optional),
                    rule: r as u32,
                });
            }
        }
        // The names of the elements that rules select by form: a text
        // without any of them needs no pass of the element-name automaton.
        let gate = crate::chem::names_of(|e| forms.contains_key(e));

        // Automaton pattern ids: the literals, then the triggers, then the
        // element-name gate.
        let patterns: Vec<&[u8]> = texts
            .iter()
            .map(|t| t.as_bytes())
            .chain(trigger_lits.iter().map(Vec::as_slice))
            .chain(gate.iter().map(|n| n.as_bytes()))
            .collect();
        let gate_start = (texts.len() + trigger_lits.len()) as u32;
        let ac = if patterns.is_empty() {
            None
        } else {
            let bytes: usize = patterns.iter().map(|p| p.len()).sum();
            // The automatic choice makes a DFA of small pattern sets, and
            // building a DFA is quadratic in the length of a long
            // self-overlapping literal (`abab…`: seconds for 64 KB). Past
            // a few kilobytes the contiguous NFA, built in linear time,
            // is used whatever the number of patterns.
            let kind = (bytes > DFA_MAX_BYTES).then_some(AhoCorasickKind::ContiguousNFA);
            Some(
                AhoCorasickBuilder::new()
                    .match_kind(MatchKind::Standard)
                    .kind(kind)
                    .build(&patterns)
                    .map_err(Error::from)?,
            )
        };

        let hs = HsIndex::build(rules);

        // CAS numbers were validated when the rules were loaded.
        let mut cas: Vec<(u64, u32, u32)> = Vec::new();
        for (r, rule) in rules.iter().enumerate() {
            for (i, c) in rule.cas.iter().enumerate() {
                if let Ok(n) = crate::cas::parse(c) {
                    cas.push((n.0, r as u32, i as u32));
                }
            }
        }
        cas.sort_unstable();

        let mut order: Vec<usize> = (0..rules.len()).collect();
        order.sort_by(|&a, &b| sort_key(ruleset, &rules[a]).cmp(&sort_key(ruleset, &rules[b])));
        let mut qualifiers = Vec::new();
        let mut compiled: Vec<CompiledRule> = rules
            .iter()
            .zip(by_rule)
            .map(|(rule, q)| CompiledRule {
                qualifiers: {
                    let start = qualifiers.len() as u32;
                    qualifiers.extend(q);
                    start..qualifiers.len() as u32
                },
                require_full: if rule.require.len() >= 64 {
                    u64::MAX
                } else {
                    (1u64 << rule.require.len()) - 1
                },
                rank: 0,
                regexes: Vec::new(),
                header: rule.header.clone(),
            })
            .collect();
        for (k, ru) in regex_uses.iter().enumerate() {
            for &(rule, p) in ru {
                compiled[rule as usize].regexes.push((k as u32, p));
            }
        }
        for (rank, &r) in order.iter().enumerate() {
            compiled[r].rank = rank as u32;
        }

        Ok(Tables {
            forms,
            gate_start,
            ac,
            literals,
            uses,
            qualifiers,
            triggers,
            regexes,
            untriggered,
            regex_uses,
            hs,
            cas,
            rules: compiled,
        })
    }

    /// Rule `r`'s deferred `require` and `exclude` literals.
    pub(super) fn qualifiers_of(&self, r: usize) -> &[(u32, Role)] {
        let q = &self.rules[r].qualifiers;
        &self.qualifiers[q.start as usize..q.end as usize]
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

    fn tables(terms: &[String]) -> Tables {
        let list: Vec<String> = terms.iter().map(|t| format!("'{t}'")).collect();
        let src = format!(
            "[ruleset]\nid = 'x'\nregime = 'CN'\ntitle = 't'\ninstrument = 'i'\nsource = 's'\neffective = 2025-01-01\nreviewed = 2026-01-01\n\n[[rule]]\nid = 'X'\ncontrol_code = 'X'\ncategory = 'dual-use'\ntitle = 't'\nterms = [{}]\n",
            list.join(", ")
        );
        Tables::build(&Ruleset::from_source("x.toml", &src).expect("loads")).expect("builds")
    }

    /// A few long self-overlapping terms: the automaton is built in linear
    /// time (a contiguous NFA), not as a DFA, which the automatic choice
    /// would make of fewer than 100 patterns.
    #[test]
    fn long_literals_never_make_a_dfa() {
        let pairs = ["ab", "cd", "ef", "gh", "ij", "kl", "mn", "op", "qr", "st"];
        let long: Vec<String> = (0..90)
            .map(|i| format!("{}{i}", pairs[i % pairs.len()].repeat(120)))
            .collect();
        let kind = tables(&long).ac.expect("an automaton").kind();
        assert_eq!(kind, AhoCorasickKind::ContiguousNFA);
        // Small sets keep the automatic choice.
        let short: Vec<String> = (0..10).map(|i| format!("term{i}")).collect();
        let kind = tables(&short).ac.expect("an automaton").kind();
        assert_eq!(kind, AhoCorasickKind::DFA);
    }
}
