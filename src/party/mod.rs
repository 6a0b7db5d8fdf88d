//! Party lists: who may not receive China-origin dual-use items, and on
//! what terms.
//!
//! * [`PartyLists`] loads `parties/*.toml` (one file per announcement) as
//!   strictly as rule files: every problem is a [`crate::Diagnostic`] with
//!   file, line and column, and a set with any error is not built.
//! * [`load`] holds the file schema and its validation.
//! * `names` matches party names as order systems hold them against every
//!   listed name, alias and other-script name in one automaton.
//!
//! The lists' facts (names, dates, statuses) come from
//! `../shared/reference/parties/`; see `parties/README.md`.

pub(crate) mod legal_forms;
pub(crate) mod load;
pub(crate) mod names;

use crate::error::{Diagnostic, Error};
use crate::rule::{Location, Regime, Suspension};
use chrono::NaiveDate;
use serde::Serialize;

pub use load::PartyListsBuilder;
#[cfg(feature = "schema")]
pub(crate) use load::json_schema as load_json_schema;

/// What a list does to the parties on it.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ListKind {
    /// Export Control List (管控名单): dual-use exports prohibited.
    Control,
    /// Watch List (关注名单): individual licence with a risk assessment.
    Watch,
    /// Unreliable Entity List: import and export with China barred.
    Unreliable,
}

impl ListKind {
    /// `control`, `watch` or `unreliable`.
    pub fn as_str(self) -> &'static str {
        match self {
            ListKind::Control => "control",
            ListKind::Watch => "watch",
            ListKind::Unreliable => "unreliable",
        }
    }

    /// Parses [`ListKind::as_str`].
    pub fn parse(s: &str) -> Option<ListKind> {
        match s {
            "control" => Some(ListKind::Control),
            "watch" => Some(ListKind::Watch),
            "unreliable" => Some(ListKind::Unreliable),
            _ => None,
        }
    }
}

/// The header of one party file: the announcement.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ListInfo {
    /// Unique id, e.g. `cn-mofcom-2026-11`.
    pub id: String,
    /// The regime that keeps the list.
    pub regime: Regime,
    /// What the list does.
    pub kind: ListKind,
    /// Human title.
    pub title: String,
    /// The legal instrument.
    pub instrument: String,
    /// Where a person can read it.
    pub source: String,
    /// From when the listings apply.
    pub effective: NaiveDate,
    /// Windows in which the whole list's measures are suspended.
    pub suspended: Vec<Suspension>,
    /// When a person last checked the file against its source.
    pub reviewed: NaiveDate,
    /// Remarks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// The file it was loaded from.
    #[serde(skip)]
    pub origin: String,
}

/// Whether a listing's measures apply on a date.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ListingStatus {
    /// Before the list's effective date.
    NotYet,
    /// The measures apply.
    InForce,
    /// Inside a suspension window (of the list or of this listing).
    Suspended,
    /// The measures were stopped on or before the date.
    Stopped,
}

impl ListingStatus {
    /// The name records use: `not-yet`, `in-force`, `suspended`, `stopped`.
    pub fn as_str(self) -> &'static str {
        match self {
            ListingStatus::NotYet => "not-yet",
            ListingStatus::InForce => "in-force",
            ListingStatus::Suspended => "suspended",
            ListingStatus::Stopped => "stopped",
        }
    }
}

/// One listed party.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Party {
    /// Unique id, e.g. `CN-ECL-2026-11-02`.
    pub id: String,
    /// Index of its list in [`PartyLists::lists`].
    #[serde(skip)]
    pub list: usize,
    /// The name as the announcement gives it (English).
    pub name: String,
    /// Other official names (Chinese, Japanese).
    pub names: Vec<String>,
    /// Short forms, former names, romanizations.
    pub aliases: Vec<String>,
    /// ISO 3166 alpha-2 country.
    pub country: String,
    /// Address, where the annex gives one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// Windows in which this listing's measures are suspended.
    pub suspended: Vec<Suspension>,
    /// Measures stopped since this date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stopped: Option<NaiveDate>,
    /// Remarks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// Names that must and must not match this party.
    pub examples: Vec<PartyExample>,
    /// Where the party was written.
    #[serde(skip)]
    pub location: Location,
}

/// A name that must (or must not) match its party.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PartyExample {
    /// The name as an order system may hold it.
    pub name: String,
    /// True if it must match.
    pub hit: bool,
    /// Where it was written.
    #[serde(skip)]
    pub location: Location,
}

impl Party {
    /// The listing's status on `date`, given its list.
    pub fn status_at(&self, list: &ListInfo, date: NaiveDate) -> ListingStatus {
        if date < list.effective {
            ListingStatus::NotYet
        } else if self.stopped.is_some_and(|d| d <= date) {
            ListingStatus::Stopped
        } else if list
            .suspended
            .iter()
            .chain(&self.suspended)
            .any(|s| s.contains(date))
        {
            ListingStatus::Suspended
        } else {
            ListingStatus::InForce
        }
    }

    /// Every name the party is listed under: the name, the other names and
    /// the aliases.
    pub fn all_names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str())
            .chain(self.names.iter().map(String::as_str))
            .chain(self.aliases.iter().map(String::as_str))
    }
}

/// Loaded and validated party lists, fingerprinted like rule sets.
///
/// ```
/// use dualuse::PartyLists;
/// let lists = PartyLists::from_source("p.toml", r#"
/// [list]
/// id = "demo"
/// regime = "CN"
/// kind = "control"
/// title = "Export Control List"
/// instrument = "MOFCOM Announcement No. 11 of 2026"
/// source = "https://www.mofcom.gov.cn/"
/// effective = 2026-02-24
/// reviewed = 2026-11-30
///
/// [[party]]
/// id = "P-1"
/// name = "Example Aero Engines, Ltd."
/// country = "JP"
/// "#)?;
/// assert_eq!(lists.parties().len(), 1);
/// assert!(lists.fingerprint().starts_with("sha256:"));
/// # Ok::<(), dualuse::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct PartyLists {
    lists: Vec<ListInfo>,
    parties: Vec<Party>,
    warnings: Vec<Diagnostic>,
    fingerprint: String,
}

impl PartyLists {
    /// A builder to load party files and directories.
    pub fn builder() -> PartyListsBuilder {
        PartyListsBuilder::new()
    }

    /// Loads one party file's text; `name` is used in diagnostics.
    pub fn from_source(name: &str, text: &str) -> Result<PartyLists, Error> {
        PartyListsBuilder::new().add_source(name, text).build()
    }

    /// The party lists compiled into the crate from the project's
    /// `parties/` directory.
    pub fn builtin() -> Result<PartyLists, Error> {
        let mut b = PartyListsBuilder::new();
        for (name, text) in crate::builtin::PARTY_FILES {
            b = b.add_source(format!("parties/{name}"), *text);
        }
        b.build()
    }

    /// Loads every `*.toml` file of a directory.
    pub fn from_dir(dir: impl AsRef<std::path::Path>) -> Result<PartyLists, Error> {
        PartyListsBuilder::new().add_dir(dir).build()
    }

    pub(crate) fn new(
        lists: Vec<ListInfo>,
        parties: Vec<Party>,
        warnings: Vec<Diagnostic>,
    ) -> Self {
        let fingerprint = fingerprint(&lists, &parties);
        PartyLists {
            lists,
            parties,
            warnings,
            fingerprint,
        }
    }

    /// The lists (file headers), in load order.
    pub fn lists(&self) -> &[ListInfo] {
        &self.lists
    }

    /// Every listed party.
    pub fn parties(&self) -> &[Party] {
        &self.parties
    }

    /// The list a party is on.
    pub fn list_of(&self, party: &Party) -> Option<&ListInfo> {
        self.lists.get(party.list)
    }

    /// Warnings (for example, a party without examples).
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }

    /// SHA-256 over the canonical content of the lists.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }
}

fn fingerprint(lists: &[ListInfo], parties: &[Party]) -> String {
    #[derive(Serialize)]
    struct Canonical<'a> {
        format: u32,
        lists: Vec<(&'a ListInfo, Vec<&'a Party>)>,
    }
    let mut all: Vec<(&ListInfo, Vec<&Party>)> = lists
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let mut ps: Vec<&Party> = parties.iter().filter(|p| p.list == i).collect();
            ps.sort_by(|a, b| a.id.cmp(&b.id));
            (l, ps)
        })
        .collect();
    all.sort_by(|a, b| a.0.id.cmp(&b.0.id));
    crate::ruleset::sha256_of(&Canonical {
        format: 1,
        lists: all,
    })
}
