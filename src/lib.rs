//! `dualuse` screens product lines — a free-text description and, where
//! known, a customs (HS) code — against export-control lists (China's MOFCOM
//! dual-use and rare-earth controls, EU Regulation 2021/821 Annex I, the US
//! Commerce Control List) and a rare-earth-dependency taxonomy, and explains
//! every hit.
//!
//! The pipeline has three stages, each a type:
//!
//! ```text
//! rules/*.toml ──load+validate──▶ Ruleset ──compile──▶ Matcher ──classify──▶ Classification
//!                (file:line:col)              (one automaton       (Item)      (hits + evidence)
//!                                              for all terms)
//! ```
//!
//! * [`Ruleset`] loads and validates rule files strictly: any error, with
//!   its file, line and column, fails the whole set.
//! * [`Matcher`] compiles every literal term of every rule into one
//!   Aho-Corasick automaton, every pattern into one regex set and every HS
//!   code into a prefix index. It is immutable, `Send` and `Sync`.
//! * A [`Scanner`] borrows a matcher and owns the scratch space one
//!   classification needs; keep one per thread to classify many items
//!   without allocating more than their results. [`Matcher::classify`]
//!   does the same through a small thread-local cache.
//! * [`Matcher::classify`] returns a [`Classification`]: [`Hit`]s sorted by
//!   regime, control code and rule id, each with its [`Confidence`] and its
//!   [`Evidence`] (byte spans in the original text, HS prefixes), plus the
//!   rule-set fingerprint.
//! * Rules can carry numeric thresholds (`[[rule.params]]`, see [`param`]):
//!   [`quantity::extract`] reads the quantities a description states
//!   (`1.5 kW`, `1070 nm`, `≥ 99.99 %`, `2千瓦`) in SI units, and each hit of
//!   such a rule says in [`Hit::parameters`] whether the numbers met the
//!   thresholds or were not given.
//!
//! # Example
//!
//! ```
//! use dualuse::{Confidence, Item, Matcher, Ruleset};
//! use chrono::NaiveDate;
//!
//! let rules = Ruleset::from_source("magnets.toml", r#"
//! [ruleset]
//! id = "demo"
//! regime = "CN"
//! title = "Samarium items"
//! instrument = "MOFCOM/GACC Announcement No. 18 of 2025"
//! source = "https://www.mofcom.gov.cn/"
//! effective = 2025-04-04
//! reviewed = 2026-11-28
//!
//! [[rule]]
//! id = "CN-1C902.a.4"
//! control_code = "1C902.a.4"
//! category = "dual-use"
//! title = "Samarium-cobalt permanent magnet materials"
//! elements = ["Sm", "Co"]
//! hs = ["8505.11"]
//! terms = ["smco", "samarium cobalt", "钐钴"]
//! patterns = ['\bsm\s?2\s?co\s?17\b']
//! exclude = ["samarium-free"]
//! "#)?;
//! let matcher = Matcher::new(rules)?;
//!
//! let date = NaiveDate::from_ymd_opt(2026, 1, 15).unwrap();
//! let text = "Sm2Co17 ring magnet, OD 20 mm";
//! let result = matcher.classify(&Item::new(text).hs("8505.11.00").as_of(date));
//! assert_eq!(result.hits.len(), 1);
//! assert_eq!(result.hits[0].rule.id, "CN-1C902.a.4");
//! assert_eq!(result.hits[0].confidence, Confidence::Confirmed);
//!
//! // Before the announcement took effect, nothing applies.
//! let before = NaiveDate::from_ymd_opt(2025, 4, 3).unwrap();
//! assert!(matcher.classify(&Item::new(text).as_of(before)).hits.is_empty());
//! # Ok::<(), dualuse::Error>(())
//! ```
//!
//! The rule set compiled into the crate from the project's `rules/`
//! directory is available as [`Matcher::builtin`], compiled once on first
//! use.
//!
//! Orders add who gets the item and what for: [`PartyLists`] (the party
//! files of `parties/`) and [`Measures`] compile into an [`OrderScreener`],
//! which gives each [`Order`] a [`Verdict`] (a [`Level`] and its
//! [`Reason`]s) from the item's classification.
//!
//! # What is public
//!
//! The stable surface is what the pipeline above names: [`Ruleset`] (and
//! [`RulesetBuilder`], [`Rule`], [`RulesetInfo`], [`Diagnostic`]),
//! [`Matcher`], [`Scanner`], [`Item`], [`Classification`] with [`Hit`],
//! [`Evidence`] and [`NearMiss`], [`Matcher::run_examples`] for test suites,
//! [`output::Record`] (the JSON record of `dualuse screen`), [`HsCode`],
//! [`normalize`]/[`Normalized`] (the folding that terms and text share),
//! [`quantity::extract`] and the parameter evidence types of [`param`],
//! and with the `schema` feature the file schemas of `json_schema`.
//! Types that will grow are `#[non_exhaustive]`. Everything else is
//! private to the crate and may change in any release.
//!
//! # Features
//!
//! `cli` (default) builds the `dualuse` binary and pulls in its
//! dependencies (clap, csv, rayon, indicatif, flate2). `serve` (default,
//! implies `cli`) adds `dualuse serve`, the HTTP service, with axum and
//! tokio; the library itself never links them. `schema` (part of `cli`)
//! adds [`json_schema`]: the JSON Schemas of rule and party files
//! (schemars). Library users can turn all of them off with
//! `default-features = false`.

#![deny(missing_docs)]

mod builtin;
mod cas;
mod chem;
mod classification;
pub mod elements;
mod engine;
mod error;
pub mod hs;
mod item;
#[cfg(feature = "schema")]
pub mod json_schema;
mod load;
mod order;
pub mod output;
pub mod param;
mod party;
pub mod quantity;
mod rule;
mod ruleset;
mod testing;
mod text;

pub use chem::ElementForm;
pub use classification::{
    Classification, Evidence, Hit, MissReason, NearMiss, Parameters, TermKind,
};
pub use engine::{Matcher, Scanner};
pub use error::{Diagnostic, Diagnostics, Error, Severity};
pub use hs::{HsCode, HsError, Relation};
pub use item::Item;
pub use load::RulesetBuilder;
pub use order::{
    Level, Measure, Measures, Order, OrderScreener, PartyExampleFailure, PartyExampleReport,
    Reason, Verdict, When,
};
pub use party::{
    ListInfo, ListKind, ListingStatus, Party, PartyExample, PartyLists, PartyListsBuilder,
};
pub use rule::{
    Category, Confidence, Example, Expect, Location, Regime, Rule, RulesetInfo, Suspension,
};
pub use ruleset::Ruleset;
pub use testing::{ExampleFailure, ExampleReport};
pub use text::{Normalized, normalize};

/// Re-exported so callers can name dates without depending on chrono.
pub use chrono::NaiveDate;
