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

    /// The header of the file a rule came from: [`Rule::info`]. Every rule
    /// carries its header, so this is right (and cannot fail) for any rule,
    /// also one of another rule set.
    ///
    /// ```
    /// let builtin = dualuse::Ruleset::builtin()?;
    /// let other = dualuse::Ruleset::from_source("x.toml", r#"
    /// [ruleset]
    /// id = "x"
    /// regime = "RE"
    /// title = "X"
    /// instrument = "none"
    /// source = "https://example.org"
    /// effective = 2025-01-01
    /// reviewed = 2025-01-01
    ///
    /// [[rule]]
    /// id = "RE-X"
    /// category = "rare-earth-dependent"
    /// title = "X"
    /// terms = ["xenotime"]
    /// "#)?;
    /// let foreign = &builtin.rules()[builtin.rules().len() - 1];
    /// assert_eq!(other.info(foreign), foreign.info());
    /// assert_ne!(other.info(foreign).id, "x");
    /// # Ok::<(), dualuse::Error>(())
    /// ```
    pub fn info<'a>(&'a self, rule: &'a Rule) -> &'a RulesetInfo {
        rule.info()
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
    sha256_of(&canonical)
}

/// `sha256:` and the hex SHA-256 of `value`'s canonical JSON: the
/// fingerprint of rule sets and party lists.
pub(crate) fn sha256_of(value: &impl serde::Serialize) -> String {
    // Serializing plain data to a Vec cannot fail.
    let bytes = serde_json::to_vec(value).unwrap_or_default();
    let digest = Sha256::digest(&bytes);
    let mut s = String::with_capacity(7 + 64);
    s.push_str("sha256:");
    for b in digest {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `info` used to index this set's headers with the rule's index, which
    /// for a rule of another set was out of bounds (a panic) or the wrong
    /// header.
    #[test]
    fn info_of_a_rule_of_another_set() {
        let builtin = Ruleset::builtin().unwrap();
        let one = Ruleset::builder()
            .add_source("a.toml", crate::builtin::FILES[0].1)
            .build()
            .unwrap();
        for rule in builtin.rules() {
            let info = one.info(rule);
            assert_eq!(info, &builtin.infos()[rule.ruleset]);
            assert_eq!(info, rule.info());
        }
        assert!(builtin.infos().len() > 1);
    }
}
