//! `dualuse schema`: every shipped rule and party file validates against
//! its JSON Schema, and the schema rejects what the loader rejects
//! (unknown keys, unknown enum values, values of the wrong type).
#![cfg(feature = "schema")]

use dualuse::json_schema::{party_files, rule_files};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// TOML as JSON, as an editor hands it to a schema: dates become strings.
fn to_json(v: toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => i.into(),
        toml::Value::Float(f) => f.into(),
        toml::Value::Boolean(b) => b.into(),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => a.into_iter().map(to_json).collect(),
        toml::Value::Table(t) => t.into_iter().map(|(k, v)| (k, to_json(v))).collect(),
    }
}

fn parse(text: &str) -> Value {
    to_json(toml::from_str(text).expect("valid TOML"))
}

fn toml_files(dir: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("read dir")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    files
}

fn errors(validator: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    validator
        .iter_errors(doc)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

fn validator(schema: &Value) -> jsonschema::Validator {
    jsonschema::options()
        .should_validate_formats(true)
        .build(schema)
        .expect("the schema is a valid JSON Schema")
}

#[test]
fn schemas_are_draft7_objects_without_extra_keys() {
    for s in [rule_files(), party_files()] {
        assert_eq!(s["$schema"], "http://json-schema.org/draft-07/schema#");
        assert_eq!(s["additionalProperties"], false);
        assert!(jsonschema::meta::is_valid(&s));
    }
}

#[test]
fn shipped_rule_files_validate() {
    let v = validator(&rule_files());
    let files = toml_files("rules");
    assert!(files.len() >= 10);
    for f in files {
        let doc = parse(&std::fs::read_to_string(&f).unwrap());
        let e = errors(&v, &doc);
        assert!(e.is_empty(), "{}: {e:#?}", f.display());
    }
}

#[test]
fn shipped_party_files_validate() {
    let v = validator(&party_files());
    let files = toml_files("parties");
    assert!(files.len() >= 10);
    for f in files {
        let doc = parse(&std::fs::read_to_string(&f).unwrap());
        let e = errors(&v, &doc);
        assert!(e.is_empty(), "{}: {e:#?}", f.display());
    }
}

const RULE_FILE: &str = r#"
[ruleset]
id = "demo"
regime = "CN"
title = "Samarium items"
instrument = "MOFCOM/GACC Announcement No. 18 of 2025"
source = "https://www.mofcom.gov.cn/"
effective = 2025-04-04
suspended = [{ from = 2025-11-07, until = 2026-11-10 }]
reviewed = 2026-11-28

[[rule]]
id = "CN-1C902.a.4"
control_code = "1C902.a.4"
category = "dual-use"
title = "Samarium-cobalt permanent magnet materials"
elements = ["Sm", "Co"]
hs = ["8505.11"]
terms = ["smco", "samarium cobalt"]
require = [["magnet", "powder"]]
exclude = ["samarium-free"]

[[rule.params]]
quantity = "power"
op = ">"
value = "1 kW"

[[rule.examples]]
text = "SmCo magnet 2 kW"
hs = "8505.11"
expect = "hit"
confidence = "confirmed"
parameters = "met"

[[rule.examples]]
text = "ferrite magnet, samarium-free"
expect = "miss"
"#;

const PARTY_FILE: &str = r#"
[list]
id = "demo"
regime = "CN"
kind = "control"
title = "Export Control List"
instrument = "MOFCOM Announcement No. 11 of 2026"
source = "https://www.mofcom.gov.cn/"
effective = 2026-02-24
reviewed = 2026-11-30

[[party]]
id = "P-1"
name = "Example Aero Engines, Ltd."
aliases = ["Example Aero"]
country = "JP"
stopped = 2026-05-01

[[party.examples]]
name = "EXAMPLE AERO ENGINES LTD"
expect = "hit"
"#;

/// Each change makes a file the loader rejects; the schema must reject it too.
const RULE_BREAKS: &[(&str, &str, &str)] = &[
    // unknown keys, in each table
    (
        "unknown key in [ruleset]",
        "reviewed = 2026-11-28",
        "reviewed = 2026-11-28\nauthor = \"me\"",
    ),
    (
        "unknown key in [[rule]]",
        "exclude = [",
        "colour = \"red\"\nexclude = [",
    ),
    (
        "unknown key in an example",
        "expect = \"miss\"",
        "expect = \"miss\"\nnote = \"x\"",
    ),
    (
        "unknown key in params",
        "value = \"1 kW\"",
        "value = \"1 kW\"\nunit = \"W\"",
    ),
    (
        "unknown key in a suspension",
        "until = 2026-11-10 }",
        "until = 2026-11-10, why = \"x\" }",
    ),
    (
        "unknown top-level table",
        "[ruleset]",
        "[meta]\nx = 1\n\n[ruleset]",
    ),
    // bad enum values
    ("bad regime", "regime = \"CN\"", "regime = \"XX\""),
    (
        "bad category",
        "category = \"dual-use\"",
        "category = \"weapons\"",
    ),
    (
        "bad confidence",
        "confidence = \"confirmed\"",
        "confidence = \"certain\"",
    ),
    ("bad expect", "expect = \"miss\"", "expect = \"maybe\""),
    (
        "bad parameters",
        "parameters = \"met\"",
        "parameters = \"failed\"",
    ),
    ("bad op", "op = \">\"", "op = \"=>\""),
    (
        "bad element",
        "elements = [\"Sm\", \"Co\"]",
        "elements = [\"Sm\", \"Xx\"]",
    ),
    // wrong types
    (
        "terms as a string",
        "terms = [\"smco\", \"samarium cobalt\"]",
        "terms = \"smco\"",
    ),
    ("id as a number", "id = \"demo\"", "id = 7"),
    (
        "require not nested",
        "require = [[\"magnet\", \"powder\"]]",
        "require = [\"magnet\"]",
    ),
    ("missing title", "title = \"Samarium items\"\n", ""),
];

#[test]
fn schema_rejects_what_the_rule_loader_rejects() {
    let v = validator(&rule_files());
    assert_eq!(errors(&v, &parse(RULE_FILE)), Vec::<String>::new());
    dualuse::Ruleset::from_source("base.toml", RULE_FILE).expect("the base file loads");
    for (what, from, to) in RULE_BREAKS {
        assert!(
            RULE_FILE.contains(from),
            "{what}: `{from}` not in the base file"
        );
        let text = RULE_FILE.replacen(from, to, 1);
        assert!(
            dualuse::Ruleset::from_source("broken.toml", &text).is_err(),
            "{what}: the loader accepts it"
        );
        assert!(!v.is_valid(&parse(&text)), "{what}: the schema accepts it");
    }
}

const PARTY_BREAKS: &[(&str, &str, &str)] = &[
    (
        "unknown key in [list]",
        "reviewed = 2026-11-30",
        "reviewed = 2026-11-30\nauthor = \"me\"",
    ),
    (
        "unknown key in [[party]]",
        "country = \"JP\"",
        "country = \"JP\"\nphone = \"1\"",
    ),
    (
        "unknown key in an example",
        "expect = \"hit\"",
        "expect = \"hit\"\nwhy = \"x\"",
    ),
    ("bad list kind", "kind = \"control\"", "kind = \"banned\""),
    ("bad regime", "regime = \"CN\"", "regime = \"China\""),
    ("bad expect", "expect = \"hit\"", "expect = \"yes\""),
    (
        "aliases as a string",
        "aliases = [\"Example Aero\"]",
        "aliases = \"Example Aero\"",
    ),
    (
        "missing name",
        "name = \"Example Aero Engines, Ltd.\"\n",
        "",
    ),
];

#[test]
fn schema_rejects_what_the_party_loader_rejects() {
    let v = validator(&party_files());
    assert_eq!(errors(&v, &parse(PARTY_FILE)), Vec::<String>::new());
    dualuse::PartyLists::from_source("base.toml", PARTY_FILE).expect("the base file loads");
    for (what, from, to) in PARTY_BREAKS {
        assert!(
            PARTY_FILE.contains(from),
            "{what}: `{from}` not in the base file"
        );
        let text = PARTY_FILE.replacen(from, to, 1);
        assert!(
            dualuse::PartyLists::from_source("broken.toml", &text).is_err(),
            "{what}: the loader accepts it"
        );
        assert!(!v.is_valid(&parse(&text)), "{what}: the schema accepts it");
    }
}

#[test]
fn dates_are_toml_dates() {
    let s = rule_files();
    let effective = &s["definitions"]["RawRuleset"]["properties"]["effective"];
    assert_eq!(effective["type"], "string");
    assert_eq!(effective["format"], "date");
}

#[test]
fn cli_prints_the_schemas() {
    for (args, want) in [
        (&["schema"][..], rule_files()),
        (&["schema", "--parties"][..], party_files()),
    ] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_dualuse"))
            .args(args)
            .output()
            .expect("run dualuse");
        assert!(out.status.success());
        let printed: Value = serde_json::from_slice(&out.stdout).expect("JSON");
        assert_eq!(printed, want);
    }
}
