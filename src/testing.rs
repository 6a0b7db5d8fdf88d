//! Running the examples that rules carry (`dualuse test`): what test
//! suites call before a rule change ships.

use crate::rule::{Example, Expect, Rule};
use crate::{Item, Matcher};
use chrono::NaiveDate;

/// The outcome of one example that failed.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ExampleFailure<'m> {
    /// The rule.
    pub rule: &'m Rule,
    /// The example.
    pub example: &'m Example,
    /// What happened instead, e.g. `missed` or `hit with confidence hs`.
    pub actual: String,
}

/// Results of running every example of every rule.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct ExampleReport<'m> {
    /// Examples that behaved as expected.
    pub passed: usize,
    /// Examples that did not.
    pub failures: Vec<ExampleFailure<'m>>,
}

impl Matcher {
    /// Runs every example of every rule (`[[rule.examples]]`). An example
    /// without `as_of` is classified as of `default_as_of`.
    ///
    /// ```
    /// use dualuse::{Matcher, NaiveDate};
    /// let matcher = Matcher::builtin().expect("the built-in rules compile");
    /// let report = matcher.run_examples(NaiveDate::from_ymd_opt(2026, 11, 30).unwrap());
    /// assert!(report.failures.is_empty(), "{:?}", report.failures);
    /// assert!(report.passed > 400);
    /// ```
    pub fn run_examples(&self, default_as_of: NaiveDate) -> ExampleReport<'_> {
        let mut scanner = self.scanner();
        let mut report = ExampleReport::default();
        for rule in self.ruleset().rules() {
            for ex in &rule.examples {
                let mut item = Item::new(&ex.text).as_of(ex.as_of.unwrap_or(default_as_of));
                if let Some(hs) = &ex.hs {
                    item = item.hs(hs);
                }
                if let Some(scheme) = &ex.scheme {
                    item = item.scheme(scheme);
                }
                let c = scanner.classify(&item);
                let hit = c.hits.iter().find(|h| std::ptr::eq(h.rule, rule));
                let actual = match (ex.expect, hit) {
                    (Expect::Hit, None) => Some("missed".to_string()),
                    (Expect::Hit, Some(h)) => {
                        let got = h.parameters.as_ref().map(|p| p.status);
                        if ex.confidence.is_some_and(|want| want != h.confidence) {
                            Some(format!("hit with confidence {}", h.confidence.as_str()))
                        } else if ex.parameters.is_some() && ex.parameters != got {
                            Some(format!(
                                "hit with parameters {}",
                                got.map_or("not evaluated", |p| p.as_str())
                            ))
                        } else {
                            None
                        }
                    }
                    (Expect::Miss, Some(h)) => {
                        Some(format!("hit with confidence {}", h.confidence.as_str()))
                    }
                    (Expect::Miss, None) => None,
                };
                match actual {
                    None => report.passed += 1,
                    Some(actual) => report.failures.push(ExampleFailure {
                        rule,
                        example: ex,
                        actual,
                    }),
                }
            }
        }
        report
    }
}
