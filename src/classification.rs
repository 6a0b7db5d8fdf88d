//! The result of classification: hits, their evidence, near misses.
//!
//! Results borrow the rules they name from the [`crate::Matcher`] that
//! produced them (`'m`), so a hit costs no copies of rule text.

use crate::hs::{HsCode, Relation};
use crate::param::{ParamEvidence, ParamStatus};
use crate::rule::{Confidence, Rule, RulesetInfo, Suspension};
use chrono::NaiveDate;
use serde::Serialize;

/// Why a rule hit: one piece of evidence.
#[non_exhaustive]
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
    /// The rule's element is named in the text in one of the rule's
    /// `forms`. `start..end` are byte offsets in the original text.
    Element {
        /// The element symbol.
        element: &'static str,
        /// The form the text names it in.
        form: crate::chem::ElementForm,
        /// Start byte in the original text.
        start: usize,
        /// End byte in the original text.
        end: usize,
    },
    /// A CAS Registry Number that the rule lists, with a valid check digit,
    /// stood in the text. `start..end` are byte offsets in the original
    /// text (which may write it with full-width digits or other hyphens).
    Cas {
        /// The number as the rule writes it (`7440-54-2`).
        cas: &'m str,
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
#[non_exhaustive]
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
#[non_exhaustive]
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
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq)]
pub struct Parameters {
    /// `Met`, `Unknown` (no number of the needed kind: check the datasheet)
    /// or `Failed` (only on HS-only hits: the text named the product but its
    /// numbers are below the thresholds).
    pub status: ParamStatus,
    /// Each quantity compared, with the threshold it met or failed.
    pub evidence: Vec<ParamEvidence>,
}

impl Evidence<'_> {
    /// The byte span in the original text that this evidence points at, for
    /// kinds that point at words (`None` for HS evidence).
    pub fn span(&self) -> Option<std::ops::Range<usize>> {
        match self {
            Evidence::Term { start, end, .. }
            | Evidence::Pattern { start, end, .. }
            | Evidence::Element { start, end, .. }
            | Evidence::Cas { start, end, .. } => Some(*start..*end),
            Evidence::Hs { .. } => None,
        }
    }

    /// The kind as the output record names it: `term`, `pattern`, `cas` or
    /// `hs` (a term's record names its role instead: `require`, `exclude`).
    pub fn kind_str(&self) -> &'static str {
        match self {
            Evidence::Term { .. } => "term",
            Evidence::Pattern { .. } => "pattern",
            Evidence::Element { .. } => "element",
            Evidence::Cas { .. } => "cas",
            Evidence::Hs { .. } => "hs",
        }
    }
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
#[non_exhaustive]
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
    /// Filled only by [`crate::Matcher::classify_explained`]: rules that matched in
    /// part but gave no text hit, with the reason.
    pub near_misses: Vec<NearMiss<'m>>,
}

/// A rule whose text matched in part but that gave no text hit.
#[non_exhaustive]
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
#[non_exhaustive]
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
