//! A loaded, validated set of rules from one or more rule files.

use crate::error::{Diagnostic, Error};
use crate::load::RulesetBuilder;
use crate::rule::{Rule, RulesetInfo};
use sha2::{Digest, Sha256};
use std::path::Path;

/// Validated rules from one or more rule files, ready to compile into a
/// [`crate::Matcher`].
///
/// ```
/// let rules = dualuse::Ruleset::builtin()?;
/// assert!(rules.rules().iter().any(|r| r.id == "CN-1C902.a.1"));
/// assert!(rules.fingerprint().starts_with("sha256:"));
/// # Ok::<(), dualuse::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Ruleset {
    infos: Vec<RulesetInfo>,
    rules: Vec<Rule>,
    warnings: Vec<Diagnostic>,
    fingerprint: String,
}

impl Ruleset {
    /// A builder to add files, directories or strings.
    pub fn builder() -> RulesetBuilder {
        RulesetBuilder::new()
    }

    /// Loads every `*.toml` file in `dir`.
    pub fn from_dir(dir: impl AsRef<Path>) -> Result<Ruleset, Error> {
        RulesetBuilder::new().add_dir(dir).build()
    }

    /// Loads rules from one string; `name` appears in diagnostics.
    pub fn from_source(name: &str, text: &str) -> Result<Ruleset, Error> {
        RulesetBuilder::new().add_source(name, text).build()
    }

    /// The rule set compiled into the crate from the project's `rules/`.
    pub fn builtin() -> Result<Ruleset, Error> {
        let mut b = RulesetBuilder::new();
        for (name, text) in crate::builtin::FILES {
            b = b.add_source(format!("rules/{name}"), *text);
        }
        b.build()
    }

    pub(crate) fn new(
        infos: Vec<RulesetInfo>,
        rules: Vec<Rule>,
        warnings: Vec<Diagnostic>,
    ) -> Ruleset {
        let fingerprint = fingerprint(&infos, &rules);
        Ruleset {
            infos,
            rules,
            warnings,
            fingerprint,
        }
    }

    /// The `[ruleset]` headers, one per file, in load order.
    pub fn infos(&self) -> &[RulesetInfo] {
        &self.infos
    }

    /// All rules, in load order.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// The header of the file a rule came from.
    pub fn info(&self, rule: &Rule) -> &RulesetInfo {
        &self.infos[rule.ruleset]
    }

    /// Problems that do not stop loading (for example, rules without
    /// examples); `dualuse check --strict` treats them as errors.
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }

    /// `sha256:` and the hex SHA-256 of the canonical rule content: every
    /// header and rule (with its examples), sorted by id, independent of
    /// file names, file order and formatting.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }
}

fn fingerprint(infos: &[RulesetInfo], rules: &[Rule]) -> String {
    #[derive(serde::Serialize)]
    struct Canonical<'a> {
        format: u32,
        rulesets: Vec<(&'a RulesetInfo, Vec<&'a Rule>)>,
    }
    let mut rulesets: Vec<(&RulesetInfo, Vec<&Rule>)> = infos
        .iter()
        .enumerate()
        .map(|(i, info)| {
            let mut rs: Vec<&Rule> = rules.iter().filter(|r| r.ruleset == i).collect();
            rs.sort_by(|a, b| a.id.cmp(&b.id));
            (info, rs)
        })
        .collect();
    rulesets.sort_by(|a, b| a.0.id.cmp(&b.0.id));
    let canonical = Canonical {
        format: 1,
        rulesets,
    };
    // Serializing plain data to a Vec cannot fail.
    let bytes = serde_json::to_vec(&canonical).unwrap_or_default();
    let digest = Sha256::digest(&bytes);
    let mut s = String::with_capacity(7 + 64);
    s.push_str("sha256:");
    for b in digest {
        s.push_str(&format!("{b:02x}"));
    }
    s
}
