//! JSON Schemas (draft 7) of rule files and party files, for editors that
//! validate and complete TOML from a schema (taplo, Even Better TOML) and
//! for `dualuse schema`.
//!
//! The schemas are derived (schemars) from the very serde structs the
//! loaders read, so a key the loader accepts is a key the schema knows and
//! an unknown key is an error in both (`additionalProperties: false`, from
//! `deny_unknown_fields`). Values the loader reads as strings and then
//! checks against a closed set (regime, category, list kind, `expect`,
//! `confidence`, `parameters`, `op`, element symbols and forms) are `enum`s
//! here, listed from the library's own tables where it has one.
//!
//! What a schema cannot say, the loader still checks (`dualuse check`):
//! unique ids, HS codes and CAS numbers that parse, regexes that compile,
//! rules with something to match, thresholds with known units. TOML dates
//! are `{"type": "string", "format": "date"}`: editors hand TOML
//! date values to the schema as strings, so a quoted `"2025-04-04"`, which
//! the loader rejects, passes the schema.
//!
//! ```
//! let schema = dualuse::json_schema::rule_files();
//! assert_eq!(schema["additionalProperties"], false);
//! assert!(schema["required"].as_array().unwrap().contains(&"ruleset".into()));
//! ```

use schemars::transform::transform_subschemas;
use schemars::{JsonSchema, Schema, SchemaGenerator, generate::SchemaSettings, json_schema};
use serde_json::Value;
use std::borrow::Cow;

/// The JSON Schema of a rule file (`rules/*.toml`).
pub fn rule_files() -> serde_json::Value {
    let mut s = generator().into_root_schema_for::<crate::load::schema::RawFile>();
    describe(
        &mut s,
        "dualuse rule file",
        "One [ruleset] table (a legal instrument or taxonomy) and its [[rule]] tables; see DESIGN.md.",
    );
    s.to_value()
}

/// The JSON Schema of a party-list file (`parties/*.toml`).
pub fn party_files() -> serde_json::Value {
    let mut s = crate::party::load_json_schema(&mut generator());
    describe(
        &mut s,
        "dualuse party-list file",
        "One [list] table (a MOFCOM announcement's list) and its [[party]] tables.",
    );
    s.to_value()
}

fn generator() -> SchemaGenerator {
    SchemaSettings::draft07()
        .with_transform(no_nulls)
        .into_generator()
}

/// TOML has no null: an optional key is one that may be left out, so
/// `null` is dropped from types, enums and defaults.
fn no_nulls(s: &mut Schema) {
    if let Some(o) = s.as_object_mut() {
        if let Some(Value::Array(types)) = o.get_mut("type") {
            types.retain(|t| t != "null");
            if let [one] = types.as_slice() {
                let one = one.clone();
                o.insert("type".into(), one);
            }
        }
        if let Some(Value::Array(values)) = o.get_mut("enum") {
            values.retain(|v| !v.is_null());
        }
        if o.get("default") == Some(&Value::Null) {
            o.remove("default");
        }
    }
    transform_subschemas(&mut no_nulls, s);
}

fn describe(s: &mut Schema, title: &str, description: &str) {
    s.insert("title".into(), title.into());
    s.insert("description".into(), description.into());
}

/// Implements [`JsonSchema`] for a stand-in type: a string from a closed
/// set, or a TOML date. The stand-ins only name schemas; nothing holds one.
macro_rules! stand_in {
    ($name:ident, $doc:literal, $schema:expr) => {
        #[doc = $doc]
        pub(crate) struct $name;

        impl JsonSchema for $name {
            fn schema_name() -> Cow<'static, str> {
                stringify!($name).into()
            }

            fn inline_schema() -> bool {
                true
            }

            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                $schema
            }
        }
    };
}

fn one_of_strings(values: &[&str], description: &str) -> Schema {
    json_schema!({"type": "string", "enum": values, "description": description})
}

stand_in!(
    TomlDate,
    "A TOML date such as `2025-04-04`, unquoted.",
    json_schema!({"type": "string", "format": "date", "description": "a TOML date (2025-04-04), unquoted"})
);
stand_in!(
    RegimeName,
    "A regime code.",
    one_of_strings(
        REGIMES,
        "CN, EU, US, JP, WA (Wassenaar) or RE (rare-earth dependency)"
    )
);
stand_in!(
    CategoryName,
    "A rule category.",
    one_of_strings(CATEGORIES, "dual-use or rare-earth-dependent")
);
stand_in!(
    ListKindName,
    "What a party list does.",
    one_of_strings(
        LIST_KINDS,
        "control (Export Control List), watch (Watch List) or unreliable (Unreliable Entity List)"
    )
);
stand_in!(
    ExpectName,
    "What an example expects.",
    one_of_strings(EXPECTS, "hit or miss")
);
stand_in!(
    ConfidenceName,
    "A hit's confidence.",
    one_of_strings(
        CONFIDENCES,
        "confirmed (text and HS code), text, or hs (an HS lead)"
    )
);
stand_in!(
    ParametersName,
    "What an example expects of a rule's parameter conditions.",
    one_of_strings(PARAMETERS, "met or unknown")
);
stand_in!(
    OpName,
    "A threshold comparison.",
    one_of_strings(OPS, ">, >=, <, <= or range (with max)")
);
stand_in!(
    ElementSymbol,
    "A chemical element symbol.",
    one_of_strings(&crate::elements::SYMBOLS, "a chemical element symbol")
);
stand_in!(FormName, "The form in which a text names an element.", {
    let forms: Vec<&str> = crate::ElementForm::ALL.iter().map(|f| f.as_str()).collect();
    one_of_strings(
        &forms,
        "metal, alloy, target, magnet, oxide, compound or other",
    )
});

const REGIMES: &[&str] = &["CN", "EU", "US", "JP", "WA", "RE"];
const CATEGORIES: &[&str] = &["dual-use", "rare-earth-dependent"];
const LIST_KINDS: &[&str] = &["control", "watch", "unreliable"];
const EXPECTS: &[&str] = &["hit", "miss"];
const CONFIDENCES: &[&str] = &["confirmed", "text", "hs"];
const PARAMETERS: &[&str] = &["met", "unknown"];
const OPS: &[&str] = &[">", ">=", "<", "<=", "range"];

#[cfg(test)]
mod tests {
    use super::*;

    /// Every value the schema offers is one the library parses.
    #[test]
    fn enum_values_parse() {
        for r in REGIMES {
            assert!(crate::Regime::parse(r).is_some(), "{r}");
        }
        for c in CONFIDENCES {
            assert!(crate::Confidence::parse(c).is_some(), "{c}");
        }
        for k in LIST_KINDS {
            assert!(crate::ListKind::parse(k).is_some(), "{k}");
        }
    }
}
