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
    /// The header: which instrument or taxonomy the file holds.
    #[cfg_attr(feature = "schema", schemars(with = "RawRuleset"))]
    pub(crate) ruleset: Spanned<RawRuleset>,
    /// The rules of the file, one `[[rule]]` table each.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Vec<RawRule>"))]
    pub(crate) rule: Vec<Spanned<RawRule>>,
}

/// The `[ruleset]` table.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRuleset {
    /// Unique across all loaded files, e.g. `cn-mofcom-2025-18`.
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub(crate) id: Spanned<String>,
    /// The regime whose list this is.
    #[cfg_attr(feature = "schema", schemars(with = "crate::json_schema::RegimeName"))]
    pub(crate) regime: Spanned<String>,
    /// What the file covers.
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub(crate) title: Spanned<String>,
    /// The legal instrument, e.g. `MOFCOM/GACC Announcement No. 18 of 2025`.
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub(crate) instrument: Spanned<String>,
    /// Where a person can read the law (a URL).
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub(crate) source: Spanned<String>,
    /// The date from which the rules apply.
    #[cfg_attr(feature = "schema", schemars(with = "crate::json_schema::TomlDate"))]
    pub(crate) effective: Spanned<Datetime>,
    /// Windows in which the rules do not apply; both ends inclusive.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Vec<RawSuspension>"))]
    pub(crate) suspended: Vec<Spanned<RawSuspension>>,
    /// When a person last checked this file against its source.
    #[cfg_attr(feature = "schema", schemars(with = "crate::json_schema::TomlDate"))]
    pub(crate) reviewed: Spanned<Datetime>,
    /// Free text for people.
    pub(crate) notes: Option<String>,
}

/// One `suspended = [{ from, until }]` window.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSuspension {
    /// First day of the suspension.
    #[cfg_attr(feature = "schema", schemars(with = "crate::json_schema::TomlDate"))]
    pub(crate) from: Spanned<Datetime>,
    /// Last day of the suspension: the rules apply again the day after.
    #[cfg_attr(feature = "schema", schemars(with = "crate::json_schema::TomlDate"))]
    pub(crate) until: Spanned<Datetime>,
}

/// One `[[rule]]` table.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRule {
    /// Unique across all loaded files, e.g. `CN-1C902.a`.
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub(crate) id: Spanned<String>,
    /// The code in the regime's list (absent for RE).
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub(crate) control_code: Option<Spanned<String>>,
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::json_schema::CategoryName")
    )]
    /// dual-use or rare-earth-dependent.
    pub(crate) category: Spanned<String>,
    /// What the entry controls.
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub(crate) title: Spanned<String>,
    #[serde(default)]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Vec<crate::json_schema::ElementSymbol>")
    )]
    /// Chemical symbols of the elements the entry is about.
    pub(crate) elements: Vec<Spanned<String>>,
    /// HS prefixes, 2 to 6 digits (the international part).
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Vec<String>"))]
    pub(crate) hs: Vec<Spanned<String>>,
    /// National codes per scheme, e.g. `{ CN = ["2805301910"] }`.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "BTreeMap<String, Vec<String>>"))]
    pub(crate) hs_national: BTreeMap<String, Vec<Spanned<String>>>,
    /// CAS Registry Numbers (`7440-54-2`), check digit validated.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Vec<String>"))]
    pub(crate) cas: Vec<Spanned<String>>,
    /// Literal terms, any one of which matches (normalized: case, width, separators).
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Vec<String>"))]
    pub(crate) terms: Vec<Spanned<String>>,
    /// Regexes, any one of which matches.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Vec<String>"))]
    pub(crate) patterns: Vec<Spanned<String>>,
    /// AND: each group needs one of its terms.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Vec<Vec<String>>"))]
    pub(crate) require: Vec<Spanned<Vec<Spanned<String>>>>,
    /// NOT: any of these vetoes the text match.
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
    /// Partner elements the compounds `forms` select may also have, beyond
    /// the ones `with` requires.
    #[serde(default)]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Vec<crate::json_schema::ElementSymbol>")
    )]
    pub(crate) with_optional: Vec<Spanned<String>>,
    /// Numeric thresholds the description must meet.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Vec<RawParam>"))]
    pub(crate) params: Vec<Spanned<RawParam>>,
    /// Free text for people.
    pub(crate) notes: Option<String>,
    /// Examples `dualuse test` runs: at least one hit and one miss.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Vec<RawExample>"))]
    pub(crate) examples: Vec<Spanned<RawExample>>,
}

/// One `[[rule.examples]]` table.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct RawExample {
    /// The description.
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub(crate) text: Spanned<String>,
    /// Its customs code.
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub(crate) hs: Option<Spanned<String>>,
    /// The national scheme of the code (CN, US, ...).
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub(crate) scheme: Option<Spanned<String>>,
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::json_schema::TomlDate>")
    )]
    /// Classify as of this date (default: the run date).
    pub(crate) as_of: Option<Spanned<Datetime>>,
    /// hit or miss.
    #[cfg_attr(feature = "schema", schemars(with = "crate::json_schema::ExpectName"))]
    pub(crate) expect: Spanned<String>,
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::json_schema::ConfidenceName>")
    )]
    /// The confidence the hit must have.
    pub(crate) confidence: Option<Spanned<String>>,
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::json_schema::ParametersName>")
    )]
    /// For a rule with `params`: met or unknown.
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
