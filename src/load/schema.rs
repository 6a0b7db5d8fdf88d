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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct RawFile {
    #[cfg_attr(feature = "schema", schemars(with = "RawRuleset"))]
    pub(crate) ruleset: Spanned<RawRuleset>,
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Vec<RawRule>"))]
    pub(crate) rule: Vec<Spanned<RawRule>>,
}

/// The `[ruleset]` table.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRuleset {
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub(crate) id: Spanned<String>,
    #[cfg_attr(feature = "schema", schemars(with = "crate::json_schema::RegimeName"))]
    pub(crate) regime: Spanned<String>,
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub(crate) title: Spanned<String>,
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub(crate) instrument: Spanned<String>,
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub(crate) source: Spanned<String>,
    #[cfg_attr(feature = "schema", schemars(with = "crate::json_schema::TomlDate"))]
    pub(crate) effective: Spanned<Datetime>,
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Vec<RawSuspension>"))]
    pub(crate) suspended: Vec<Spanned<RawSuspension>>,
    #[cfg_attr(feature = "schema", schemars(with = "crate::json_schema::TomlDate"))]
    pub(crate) reviewed: Spanned<Datetime>,
    pub(crate) notes: Option<String>,
}

/// One `suspended = [{ from, until }]` window.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSuspension {
    #[cfg_attr(feature = "schema", schemars(with = "crate::json_schema::TomlDate"))]
    pub(crate) from: Spanned<Datetime>,
    #[cfg_attr(feature = "schema", schemars(with = "crate::json_schema::TomlDate"))]
    pub(crate) until: Spanned<Datetime>,
}

/// One `[[rule]]` table.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRule {
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub(crate) id: Spanned<String>,
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub(crate) control_code: Option<Spanned<String>>,
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::json_schema::CategoryName")
    )]
    pub(crate) category: Spanned<String>,
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub(crate) title: Spanned<String>,
    #[serde(default)]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Vec<crate::json_schema::ElementSymbol>")
    )]
    pub(crate) elements: Vec<Spanned<String>>,
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Vec<String>"))]
    pub(crate) hs: Vec<Spanned<String>>,
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "BTreeMap<String, Vec<String>>"))]
    pub(crate) hs_national: BTreeMap<String, Vec<Spanned<String>>>,
    /// CAS Registry Numbers (`7440-54-2`), check digit validated.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Vec<String>"))]
    pub(crate) cas: Vec<Spanned<String>>,
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Vec<String>"))]
    pub(crate) terms: Vec<Spanned<String>>,
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Vec<String>"))]
    pub(crate) patterns: Vec<Spanned<String>>,
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Vec<Vec<String>>"))]
    pub(crate) require: Vec<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Vec<String>"))]
    pub(crate) exclude: Vec<Spanned<String>>,
    #[serde(default)]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Vec<crate::json_schema::FormName>")
    )]
    pub(crate) forms: Vec<Spanned<String>>,
    /// Partner elements of the compounds `forms` select.
    #[serde(default)]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Vec<crate::json_schema::ElementSymbol>")
    )]
    pub(crate) with: Vec<Spanned<String>>,
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Vec<RawParam>"))]
    pub(crate) params: Vec<Spanned<RawParam>>,
    pub(crate) notes: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Vec<RawExample>"))]
    pub(crate) examples: Vec<Spanned<RawExample>>,
}

/// One `[[rule.examples]]` table.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct RawExample {
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub(crate) text: Spanned<String>,
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub(crate) hs: Option<Spanned<String>>,
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub(crate) scheme: Option<Spanned<String>>,
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::json_schema::TomlDate>")
    )]
    pub(crate) as_of: Option<Spanned<Datetime>>,
    #[cfg_attr(feature = "schema", schemars(with = "crate::json_schema::ExpectName"))]
    pub(crate) expect: Spanned<String>,
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::json_schema::ConfidenceName>")
    )]
    pub(crate) confidence: Option<Spanned<String>>,
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::json_schema::ParametersName>")
    )]
    pub(crate) parameters: Option<Spanned<String>>,
}

/// One `[[rule.params]]` entry as written.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct RawParam {
    /// Dimension name or alias.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub(crate) quantity: Option<Spanned<String>>,
    /// Comparison: `>`, `>=`, `<`, `<=`, `range`.
    #[serde(default)]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::json_schema::OpName>")
    )]
    pub(crate) op: Option<Spanned<String>>,
    /// Threshold with unit (lower end for `range`).
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub(crate) value: Option<Spanned<String>>,
    /// Upper end for `range`.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub(crate) max: Option<Spanned<String>>,
    /// Words of which one must occur near the quantity.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Option<Vec<String>>"))]
    pub(crate) near: Option<Vec<Spanned<String>>>,
    /// Alternative sub-conditions; excludes `quantity`/`op`/`value`/`max`/`near`.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Option<Vec<RawCondition>>"))]
    pub(crate) any: Option<Spanned<Vec<RawCondition>>>,
}

/// A sub-condition inside `any = [...]`.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCondition {
    /// Dimension name or alias.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub(crate) quantity: Option<Spanned<String>>,
    /// Comparison.
    #[serde(default)]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::json_schema::OpName>")
    )]
    pub(crate) op: Option<Spanned<String>>,
    /// Threshold with unit.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub(crate) value: Option<Spanned<String>>,
    /// Upper end for `range`.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub(crate) max: Option<Spanned<String>>,
    /// Words of which one must occur near the quantity.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Option<Vec<String>>"))]
    pub(crate) near: Option<Vec<Spanned<String>>>,
}
