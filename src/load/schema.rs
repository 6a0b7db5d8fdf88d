//! The rule-file schema: the TOML tables of a rule file as serde reads them.
//!
//! Everything a rule file may contain is declared here, in one place, and
//! nowhere else: unknown keys are rejected (`deny_unknown_fields`) and every
//! value keeps its byte span ([`Spanned`]) so that validation
//! ([`super`]) can name file, line and column. The types are the file as
//! written, before validation; the validated model is [`crate::rule`] (and
//! [`crate::param`] for parameter conditions).

use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

/// A TOML date-time as written; validation accepts plain dates only.
pub(crate) type Datetime = toml::value::Datetime;

/// A whole rule file: one `[ruleset]` table and any number of `[[rule]]`s.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawFile {
    pub(crate) ruleset: Spanned<RawRuleset>,
    #[serde(default)]
    pub(crate) rule: Vec<Spanned<RawRule>>,
}

/// The `[ruleset]` table.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRuleset {
    pub(crate) id: Spanned<String>,
    pub(crate) regime: Spanned<String>,
    pub(crate) title: Spanned<String>,
    pub(crate) instrument: Spanned<String>,
    pub(crate) source: Spanned<String>,
    pub(crate) effective: Spanned<Datetime>,
    #[serde(default)]
    pub(crate) suspended: Vec<Spanned<RawSuspension>>,
    pub(crate) reviewed: Spanned<Datetime>,
    pub(crate) notes: Option<String>,
}

/// One `suspended = [{ from, until }]` window.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSuspension {
    pub(crate) from: Spanned<Datetime>,
    pub(crate) until: Spanned<Datetime>,
}

/// One `[[rule]]` table.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRule {
    pub(crate) id: Spanned<String>,
    pub(crate) control_code: Option<Spanned<String>>,
    pub(crate) category: Spanned<String>,
    pub(crate) title: Spanned<String>,
    #[serde(default)]
    pub(crate) elements: Vec<Spanned<String>>,
    #[serde(default)]
    pub(crate) hs: Vec<Spanned<String>>,
    #[serde(default)]
    pub(crate) hs_national: BTreeMap<String, Vec<Spanned<String>>>,
    /// CAS Registry Numbers (`7440-54-2`), check digit validated.
    #[serde(default)]
    pub(crate) cas: Vec<Spanned<String>>,
    #[serde(default)]
    pub(crate) terms: Vec<Spanned<String>>,
    #[serde(default)]
    pub(crate) patterns: Vec<Spanned<String>>,
    #[serde(default)]
    pub(crate) require: Vec<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    pub(crate) exclude: Vec<Spanned<String>>,
    #[serde(default)]
    pub(crate) forms: Vec<Spanned<String>>,
    /// Partner elements of the compounds `forms` select.
    #[serde(default)]
    pub(crate) with: Vec<Spanned<String>>,
    #[serde(default)]
    pub(crate) params: Vec<Spanned<RawParam>>,
    pub(crate) notes: Option<String>,
    #[serde(default)]
    pub(crate) examples: Vec<Spanned<RawExample>>,
}

/// One `[[rule.examples]]` table.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawExample {
    pub(crate) text: Spanned<String>,
    pub(crate) hs: Option<Spanned<String>>,
    pub(crate) scheme: Option<Spanned<String>>,
    pub(crate) as_of: Option<Spanned<Datetime>>,
    pub(crate) expect: Spanned<String>,
    pub(crate) confidence: Option<Spanned<String>>,
    pub(crate) parameters: Option<Spanned<String>>,
}

/// One `[[rule.params]]` entry as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawParam {
    /// Dimension name or alias.
    #[serde(default)]
    pub(crate) quantity: Option<Spanned<String>>,
    /// Comparison: `>`, `>=`, `<`, `<=`, `range`.
    #[serde(default)]
    pub(crate) op: Option<Spanned<String>>,
    /// Threshold with unit (lower end for `range`).
    #[serde(default)]
    pub(crate) value: Option<Spanned<String>>,
    /// Upper end for `range`.
    #[serde(default)]
    pub(crate) max: Option<Spanned<String>>,
    /// Words of which one must occur near the quantity.
    #[serde(default)]
    pub(crate) near: Option<Vec<Spanned<String>>>,
    /// Alternative sub-conditions; excludes `quantity`/`op`/`value`/`max`/`near`.
    #[serde(default)]
    pub(crate) any: Option<Spanned<Vec<RawCondition>>>,
}

/// A sub-condition inside `any = [...]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCondition {
    /// Dimension name or alias.
    #[serde(default)]
    pub(crate) quantity: Option<Spanned<String>>,
    /// Comparison.
    #[serde(default)]
    pub(crate) op: Option<Spanned<String>>,
    /// Threshold with unit.
    #[serde(default)]
    pub(crate) value: Option<Spanned<String>>,
    /// Upper end for `range`.
    #[serde(default)]
    pub(crate) max: Option<Spanned<String>>,
    /// Words of which one must occur near the quantity.
    #[serde(default)]
    pub(crate) near: Option<Vec<Spanned<String>>>,
}
