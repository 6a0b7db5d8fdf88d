//! The rule model: what a loaded rule set contains.
//!
//! Rule files are parsed and validated by [`crate::load`]; the types here are
//! the validated result, independent of TOML.

use crate::hs::HsCode;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

/// The control regime a rule set belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Regime {
    /// China: MOFCOM/GACC dual-use export-control announcements.
    CN,
    /// European Union: Regulation (EU) 2021/821, Annex I.
    EU,
    /// United States: Commerce Control List (EAR Part 774).
    US,
    /// Japan: Export Trade Control Order and related lists.
    JP,
    /// Wassenaar Arrangement: List of Dual-Use Goods and Technologies.
    WA,
    /// Rare-earth dependency taxonomy (not a legal control list).
    RE,
}

impl Regime {
    /// The regime's code as written in rule files: `CN`, `EU`, …
    pub fn as_str(self) -> &'static str {
        match self {
            Regime::CN => "CN",
            Regime::EU => "EU",
            Regime::US => "US",
            Regime::JP => "JP",
            Regime::WA => "WA",
            Regime::RE => "RE",
        }
    }

    /// Parses a regime code.
    pub fn parse(s: &str) -> Option<Regime> {
        Some(match s {
            "CN" => Regime::CN,
            "EU" => Regime::EU,
            "US" => Regime::US,
            "JP" => Regime::JP,
            "WA" => Regime::WA,
            "RE" => Regime::RE,
            _ => return None,
        })
    }
}

impl fmt::Display for Regime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What kind of entry a rule is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Category {
    /// A dual-use control-list entry.
    DualUse,
    /// A product category that depends on rare earths.
    RareEarthDependent,
}

impl Category {
    /// `dual-use` or `rare-earth-dependent`.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::DualUse => "dual-use",
            Category::RareEarthDependent => "rare-earth-dependent",
        }
    }
}

/// A window in which a rule set does not apply; both ends inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Suspension {
    /// First day of the suspension.
    pub from: NaiveDate,
    /// Last day of the suspension: the rule applies again the day after.
    pub until: NaiveDate,
}

impl Suspension {
    /// True if `date` falls within the window.
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.from <= date && date <= self.until
    }
}

/// The `[ruleset]` table of one rule file: the instrument its rules encode.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct RulesetInfo {
    /// Unique id, e.g. `cn-mofcom-2025-18`.
    pub id: String,
    /// The regime.
    pub regime: Regime,
    /// Human title.
    pub title: String,
    /// The legal instrument, e.g. `MOFCOM/GACC Announcement No. 18 of 2025`.
    pub instrument: String,
    /// Where a person can read the instrument.
    pub source: String,
    /// Date from which the rules apply.
    pub effective: NaiveDate,
    /// Windows in which the rules do not apply.
    pub suspended: Vec<Suspension>,
    /// When a person last checked the file against its source.
    pub reviewed: NaiveDate,
    /// Free-text remarks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// The file (or source name) it was loaded from; not part of the fingerprint.
    #[serde(skip)]
    pub origin: String,
}

impl RulesetInfo {
    /// True if the rules apply at `date`: on or after `effective` and outside
    /// every suspension window.
    pub fn applies_at(&self, date: NaiveDate) -> bool {
        date >= self.effective && !self.suspended.iter().any(|s| s.contains(date))
    }
}

/// Where something was written: file, 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Location {
    /// File path or source name.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub col: usize,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.col)
    }
}

/// One rule: a control-list entry or dependency category and the
/// conditions under which an item matches it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Rule {
    /// Unique id, e.g. `CN-1C902.a.1`.
    pub id: String,
    /// Index of its [`RulesetInfo`] in [`crate::Ruleset::infos`].
    #[serde(skip)]
    pub ruleset: usize,
    /// Code in the regime's list, exactly as printed (absent for `RE`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub control_code: Option<String>,
    /// Kind of entry.
    pub category: Category,
    /// Human title.
    pub title: String,
    /// Chemical element symbols the entry concerns.
    pub elements: Vec<String>,
    /// International HS prefixes (2–6 digits).
    pub hs: Vec<HsCode>,
    /// National codes per scheme (`CN`, `US`, …).
    pub hs_national: BTreeMap<String, Vec<HsCode>>,
    /// CAS Registry Numbers (`7440-54-2`, check digit validated at
    /// loading); any one found in a description is a text-condition hit,
    /// like a term. Empty for most rules, and then left out of the
    /// fingerprint's canonical content, which therefore changes only for
    /// rules that list CAS numbers.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cas: Vec<String>,
    /// Literal terms; any one hits.
    pub terms: Vec<String>,
    /// Regular expressions over normalized text; any one hits.
    pub patterns: Vec<String>,
    /// Groups of terms; every group needs one hit.
    pub require: Vec<Vec<String>>,
    /// Terms of which any hit vetoes the text match.
    pub exclude: Vec<String>,
    /// Forms of the rule's first element (`elements[0]`) whose mention in
    /// the text is a text condition, like a term (`forms = ["oxide"]`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub forms: Vec<crate::chem::ElementForm>,
    /// The other elements of the compound that `forms` select (`with =
    /// ["As"]`: gallium arsenide): a form mention counts only if the
    /// compound it names is made of the first element and exactly these
    /// (its partners, see the `chem` module). Empty: any mention in one of
    /// the forms counts.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub with: Vec<String>,
    /// Partners the compound may have besides those of `with`
    /// (`with = ["C", "H"]`, `with_optional = ["Cl"]`: hydrocarbon groups
    /// and maybe chlorine, as in `triphenylantimony dichloride`). Only with
    /// `with`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub with_optional: Vec<String>,
    /// Numeric conditions (`[[rule.params]]`), all of which must hold for a
    /// text match to count; see [`crate::param`].
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub params: Vec<crate::param::ParamSpec>,
    /// Free-text remarks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// Examples proving the rule.
    pub examples: Vec<Example>,
    /// Where the rule was written.
    #[serde(skip)]
    pub location: Location,
    /// The header of its file, so that [`Rule::info`] needs no rule set.
    #[serde(skip)]
    pub(crate) header: Header,
    /// The parts of its hit records that depend on the rule alone, made
    /// on first use (see [`crate::output::Record::write_json`]).
    #[serde(skip)]
    pub(crate) record_parts: RecordParts,
}

/// The JSON of a hit record that depends on the rule alone: the entries
/// before `confidence` and those between it and `evidence`, escaped once.
#[derive(Clone, Default)]
pub(crate) struct RecordParts(pub(crate) std::sync::OnceLock<(Box<str>, Box<str>)>);

/// A cache of what the rule says: rules are equal whatever it holds.
impl PartialEq for RecordParts {
    fn eq(&self, _: &RecordParts) -> bool {
        true
    }
}

impl fmt::Debug for RecordParts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RecordParts")
    }
}

/// A rule's own copy of its file's header (shared by the rules of a file).
#[derive(Clone, PartialEq)]
pub(crate) struct Header(pub(crate) Arc<RulesetInfo>);

/// Shows only the id: the header is printed once, with the rule set.
impl fmt::Debug for Header {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Header({:?})", self.0.id)
    }
}

impl Rule {
    /// The `[ruleset]` header of the file the rule came from.
    ///
    /// ```
    /// let rules = dualuse::Ruleset::builtin()?;
    /// let rule = &rules.rules()[0];
    /// assert_eq!(rule.info(), &rules.infos()[rule.ruleset]);
    /// # Ok::<(), dualuse::Error>(())
    /// ```
    pub fn info(&self) -> &RulesetInfo {
        &self.header.0
    }

    /// True if the rule has text conditions (terms, patterns or CAS
    /// numbers).
    pub fn has_text_conditions(&self) -> bool {
        !self.terms.is_empty() || !self.patterns.is_empty() || !self.cas.is_empty()
    }
}

/// How strongly a hit is supported.
///
/// Ordered from weakest to strongest: `Hs < Text < Confirmed`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    /// The HS code is within or overlaps the rule's codes but the text does
    /// not confirm: a lead for human review, never a verdict.
    Hs,
    /// The text matches; the HS code is absent or not one the rule lists.
    Text,
    /// The text matches and the HS code is within the rule's codes.
    Confirmed,
}

impl Confidence {
    /// Parses `confirmed`, `text` or `hs`.
    pub fn parse(s: &str) -> Option<Confidence> {
        match s {
            "confirmed" => Some(Confidence::Confirmed),
            "text" => Some(Confidence::Text),
            "hs" => Some(Confidence::Hs),
            _ => None,
        }
    }

    /// `confirmed`, `text` or `hs`.
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Confirmed => "confirmed",
            Confidence::Text => "text",
            Confidence::Hs => "hs",
        }
    }
}

/// Expected outcome of an example.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Expect {
    /// The rule must hit.
    Hit,
    /// The rule must not hit.
    Miss,
}

/// An example that a rule must hit or miss.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Example {
    /// Description text.
    pub text: String,
    /// HS code, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hs: Option<String>,
    /// National scheme of the HS code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scheme: Option<String>,
    /// Date to classify at (default: today).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub as_of: Option<NaiveDate>,
    /// Expected outcome.
    pub expect: Expect,
    /// Expected confidence, if checked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence: Option<Confidence>,
    /// Expected outcome of the rule's parameter conditions (`met` or
    /// `unknown`), if checked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parameters: Option<crate::param::ParamStatus>,
    /// Where the example was written.
    #[serde(skip)]
    pub location: Location,
}
