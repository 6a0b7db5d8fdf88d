//! Orders: may this item go to this party, for this use? And if not, why.
//!
//! An [`Order`] is an [`Item`] plus who gets it and what for (destination,
//! consignee, end user, end use, origin). An [`OrderScreener`] holds the
//! party lists (one name automaton over every listed name) and the
//! destination and end-use [`Measures`]; given the item's
//! [`Classification`] it gives a [`Verdict`]: a [`Level`] and the reasons
//! for it, as DESIGN.md ("Orders") fixes them.
//!
//! * [`measures`]: destination and end-use measures as data.
//! * [`country`]: destination and origin names to ISO codes.

pub mod measures;

mod country;

use crate::classification::Classification;
use crate::item::Item;
use crate::party::names::{How, NameHit, NameKind, NameMatcher};
use crate::party::{ListKind, ListingStatus, PartyLists};
use crate::rule::{Category, Confidence, Regime};
use chrono::NaiveDate;
use serde::Serialize;

pub use measures::{Measure, Measures, When};

/// How serious a verdict is, least first.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    /// Nothing found.
    Clear,
    /// A person should look: a listed party without a controlled item, a
    /// military end use, an HS lead, a name that matches only in part.
    Review,
    /// A CN dual-use item: an export licence is needed.
    LicenceRequired,
    /// A CN dual-use item to a Watch-List party: individual licence with a
    /// risk-assessment report and a written commitment.
    LicenceRiskAssessment,
    /// A CN dual-use item to a party or use that a measure in force forbids.
    Prohibited,
}

impl Level {
    /// The name records and flags use.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Clear => "clear",
            Level::Review => "review",
            Level::LicenceRequired => "licence-required",
            Level::LicenceRiskAssessment => "licence-risk-assessment",
            Level::Prohibited => "prohibited",
        }
    }

    /// Parses [`Level::as_str`].
    pub fn parse(s: &str) -> Option<Level> {
        [
            Level::Clear,
            Level::Review,
            Level::LicenceRequired,
            Level::LicenceRiskAssessment,
            Level::Prohibited,
        ]
        .into_iter()
        .find(|l| l.as_str() == s)
    }
}

/// An item and who gets it, for what.
///
/// ```
/// use dualuse::{Item, Order};
/// let order = Order::new(Item::new("Dysprosium metal 99.9%"))
///     .destination("JP")
///     .end_user("Japan Ground Self-Defense Force");
/// assert_eq!(order.item().description(), "Dysprosium metal 99.9%");
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct Order<'a> {
    item: Item<'a>,
    destination: Option<&'a str>,
    consignee: Option<&'a str>,
    end_user: Option<&'a str>,
    end_use: Option<&'a str>,
    origin: Option<&'a str>,
}

impl<'a> Order<'a> {
    /// An order of `item` with no party, destination or use given.
    pub fn new(item: Item<'a>) -> Order<'a> {
        Order {
            item,
            ..Order::default()
        }
    }

    /// The names of an order's fields, in the order [`Order::from_fields`]
    /// takes them: the columns (or JSONL keys) of `dualuse screen`.
    pub const FIELDS: [&'static str; 5] =
        ["destination", "consignee", "end_user", "end_use", "origin"];

    /// An order of `item` with the fields of [`Order::FIELDS`] that are
    /// given (`None`: the order does not say).
    ///
    /// ```
    /// use dualuse::{Item, Order};
    /// let item = Item::new("Gallium metal 99.99%");
    /// let o = Order::from_fields(item, [Some("JP"), Some("Acme K.K."), None, None, None]);
    /// assert!(o.has_order_fields());
    /// assert!(!Order::from_fields(item, [None; 5]).has_order_fields());
    /// ```
    pub fn from_fields(item: Item<'a>, fields: [Option<&'a str>; 5]) -> Order<'a> {
        let [destination, consignee, end_user, end_use, origin] = fields;
        Order {
            item,
            destination,
            consignee,
            end_user,
            end_use,
            origin,
        }
    }

    /// Destination: ISO 3166 alpha-2 or an English, Chinese or Japanese
    /// country name.
    pub fn destination(mut self, d: &'a str) -> Self {
        self.destination = Some(d);
        self
    }

    /// The consignee's name.
    pub fn consignee(mut self, c: &'a str) -> Self {
        self.consignee = Some(c);
        self
    }

    /// The end user's name.
    pub fn end_user(mut self, u: &'a str) -> Self {
        self.end_user = Some(u);
        self
    }

    /// The stated end use, free text.
    pub fn end_use(mut self, u: &'a str) -> Self {
        self.end_use = Some(u);
        self
    }

    /// Country of origin of the item (absent: unknown).
    pub fn origin(mut self, o: &'a str) -> Self {
        self.origin = Some(o);
        self
    }

    /// The item.
    pub fn item(&self) -> &Item<'a> {
        &self.item
    }

    /// True if any order field is set (records then carry a verdict).
    pub fn has_order_fields(&self) -> bool {
        self.destination.is_some()
            || self.consignee.is_some()
            || self.end_user.is_some()
            || self.end_use.is_some()
            || self.origin.is_some()
    }
}

/// Why a verdict has its level.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Reason<'a> {
    /// A listed party named in a field of the order.
    Party {
        /// The list's id.
        list: &'a str,
        /// What the list does.
        list_kind: ListKind,
        /// The party's id.
        party: &'a str,
        /// `consignee` or `end_user`.
        field: &'static str,
        /// The listed name or alias that matched.
        matched: &'a str,
        /// `exact`, `normalized`, `alias`, `variant` or `partial`.
        how: &'static str,
        /// The list's instrument.
        instrument: &'a str,
        /// The listing's status on the as-of date.
        status: ListingStatus,
        /// The CN dual-use item hits (rule ids) it bears on.
        items: Vec<&'a str>,
        /// `list`, `list_kind`, `party`, `matched` and `instrument` as
        /// records write them, rendered once per screener.
        #[doc(hidden)]
        #[serde(skip)]
        json: ListedJson<'a>,
    },
    /// A destination measure.
    Destination {
        /// The measure's id.
        measure: &'a str,
        /// Its instrument.
        instrument: &'a str,
        /// The destination, ISO alpha-2.
        destination: &'a str,
        /// The military word found in `end_user` or `end_use`, if the
        /// measure needs one.
        #[serde(skip_serializing_if = "Option::is_none")]
        military: Option<&'a str>,
        /// The end-use word found in `end_user` or `end_use`, for a
        /// measure on an end use (such as advanced chips).
        #[serde(skip_serializing_if = "Option::is_none")]
        end_use: Option<&'a str>,
        /// The CN dual-use item hits it bears on.
        items: Vec<&'a str>,
    },
    /// A military end user or use stated, without a CN dual-use item hit.
    MilitaryUse {
        /// The military word found.
        matched: &'a str,
        /// The field it was found in.
        field: &'static str,
    },
    /// CN dual-use items: a licence is needed.
    Items {
        /// Their rule ids.
        items: Vec<&'a str>,
    },
    /// Only HS leads on CN dual-use rules: the text does not confirm.
    HsLeads {
        /// Their rule ids.
        items: Vec<&'a str>,
    },
    /// A destination or origin that is no country code or known name: a
    /// person must say where it goes.
    UnknownCountry {
        /// `destination` or `origin`.
        field: &'static str,
        /// The value as given.
        value: &'a str,
    },
    /// The item was made outside China but is of a kind that a rule on
    /// foreign-made goods with China-origin content covers (MOFCOM No. 61
    /// of 2025): whether it needs a licence depends on what it contains,
    /// which a description does not say.
    ForeignMade {
        /// The measure's id.
        measure: &'a str,
        /// Its instrument.
        instrument: &'a str,
        /// The origin as given.
        origin: &'a str,
        /// The CN dual-use item hits it bears on.
        items: Vec<&'a str>,
    },
    /// The origin is not China: China's measures do not apply.
    Origin {
        /// The origin as given.
        origin: &'a str,
    },
}

/// A listed name's parts of a party reason as JSON (`,"list":…,"list_kind":
/// …,"party":…`, `,"matched":…` and `,"instrument":…`), rendered once when
/// the screener is built: a record copies three strings instead of
/// escaping four on every order line that names a listed party.
#[doc(hidden)]
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct ListedJson<'a> {
    pub(crate) head: &'a str,
    pub(crate) matched: &'a str,
    pub(crate) instrument: &'a str,
}

impl std::fmt::Debug for ListedJson<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ListedJson")
    }
}

/// One name of the screener's automaton: whose it is, as listed, and its
/// parts of a party reason as JSON (the owned strings of a
/// [`ListedJson`]).
#[derive(Debug)]
struct Listed {
    /// The party's index.
    party: u32,
    /// The name or alias as the list writes it.
    name: String,
    head: String,
    matched: String,
    instrument: String,
}

impl Listed {
    fn new(lists: &PartyLists, party: u32, name: String) -> Self {
        let json = |s: &str| serde_json::to_string(s).expect("a string serializes");
        let p = &lists.parties()[party as usize];
        let list = &lists.lists()[p.list];
        Listed {
            party,
            head: format!(
                ",\"list\":{},\"list_kind\":{},\"party\":{}",
                json(&list.id),
                json(list.kind.as_str()),
                json(&p.id)
            ),
            matched: format!(",\"matched\":{}", json(&name)),
            instrument: format!(",\"instrument\":{}", json(&list.instrument)),
            name,
        }
    }

    fn json(&self) -> ListedJson<'_> {
        ListedJson {
            head: &self.head,
            matched: &self.matched,
            instrument: &self.instrument,
        }
    }
}

impl Reason<'_> {
    /// The reason's `kind` as records write it (`party`, `destination`,
    /// `military-use`, `items`, `hs-leads`, `unknown-country`,
    /// `foreign-made`, `origin`).
    pub fn kind(&self) -> &'static str {
        match self {
            Reason::Party { .. } => "party",
            Reason::Destination { .. } => "destination",
            Reason::MilitaryUse { .. } => "military-use",
            Reason::Items { .. } => "items",
            Reason::HsLeads { .. } => "hs-leads",
            Reason::UnknownCountry { .. } => "unknown-country",
            Reason::ForeignMade { .. } => "foreign-made",
            Reason::Origin { .. } => "origin",
        }
    }

    /// What the reason is about, in a word: the party id, the measure id,
    /// the military word, the unknown country or the origin (`None` for
    /// item reasons).
    pub fn subject(&self) -> Option<&str> {
        match self {
            Reason::Party { party, .. } => Some(party),
            Reason::Destination { measure, .. } | Reason::ForeignMade { measure, .. } => {
                Some(measure)
            }
            Reason::MilitaryUse { matched, .. } => Some(matched),
            Reason::UnknownCountry { value, .. } => Some(value),
            Reason::Origin { origin } => Some(origin),
            Reason::Items { .. } | Reason::HsLeads { .. } => None,
        }
    }
}

/// The reason as a sentence for a person (`dualuse explain`).
impl std::fmt::Display for Reason<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let items = |items: &[&str]| items.join(", ");
        match self {
            Reason::Party {
                list,
                list_kind,
                party,
                field,
                matched,
                how,
                instrument,
                status,
                items: its,
                json: _,
            } => {
                write!(
                    f,
                    "{field} names a listed party: {party} ({instrument}, {} list {list}), {how} match of {matched:?}; listing {}",
                    list_kind.as_str(),
                    status.as_str()
                )?;
                if !its.is_empty() {
                    write!(f, "; items {}", items(its))?;
                }
                Ok(())
            }
            Reason::Destination {
                measure,
                instrument,
                destination,
                military,
                end_use,
                items: its,
            } => {
                if let Some(w) = end_use {
                    write!(
                        f,
                        "end use {w:?} under {instrument} ({measure}): the licence is examined case by case"
                    )?;
                } else if *destination == "*" {
                    write!(f, "any destination under {instrument} ({measure})")?;
                } else {
                    write!(
                        f,
                        "destination {destination} under {instrument} ({measure})"
                    )?;
                }
                if let Some(w) = military {
                    write!(f, ", military end user or use: {w:?}")?;
                }
                write!(f, "; items {}", items(its))
            }
            Reason::MilitaryUse { matched, field } => write!(
                f,
                "military end use stated in {field}: {matched:?} (no CN dual-use item)"
            ),
            Reason::Items { items: its } => {
                write!(
                    f,
                    "CN dual-use items need an export licence: {}",
                    items(its)
                )
            }
            Reason::HsLeads { items: its } => write!(
                f,
                "only HS leads on CN dual-use items (text does not confirm): {}",
                items(its)
            ),
            Reason::UnknownCountry { field, value } => {
                write!(f, "{field} {value:?} is no country code or known name")
            }
            Reason::ForeignMade {
                measure,
                instrument,
                origin,
                items: its,
            } => write!(
                f,
                "made in {origin:?}, outside China, but of a kind {instrument} ({measure}) covers when China-origin items or technology went into it; check the content and how it was made: items {}",
                items(its)
            ),
            Reason::Origin { origin } => write!(
                f,
                "origin {origin:?} is not China: China's measures do not apply"
            ),
        }
    }
}

/// The answer for one order line. Its strings are borrowed (see
/// [`OrderScreener::verdict`]).
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verdict<'a> {
    /// The most severe level any reason gives.
    pub level: Level,
    /// Every reason, most severe first.
    pub reasons: Vec<Reason<'a>>,
    /// The date the lists, measures and rules were read as of.
    pub as_of: NaiveDate,
}

/// The outcome of [`OrderScreener::run_party_examples`].
#[non_exhaustive]
#[derive(Debug, Clone, Default)]
pub struct PartyExampleReport {
    /// Examples that behaved as expected.
    pub passed: usize,
    /// Those that did not.
    pub failures: Vec<PartyExampleFailure>,
}

/// A party example that did not behave as expected.
#[non_exhaustive]
#[derive(Debug, Clone)]
pub struct PartyExampleFailure {
    /// The party's id.
    pub party: String,
    /// The example name.
    pub name: String,
    /// True if it should have matched.
    pub expected_hit: bool,
    /// Where the example is written.
    pub location: String,
}

/// Party lists and measures, compiled for screening orders.
#[derive(Debug)]
pub struct OrderScreener {
    /// Identifies this screener in the per-thread cache of name matches.
    id: u64,
    parties: PartyLists,
    names: NameMatcher,
    /// Per automaton name: its party, the name and its JSON.
    listed: Vec<Listed>,
    measures: Measures,
}

impl OrderScreener {
    /// Compiles the names of every party of `parties` into one matcher.
    pub fn new(parties: PartyLists, measures: Measures) -> OrderScreener {
        let mut listed: Vec<(u32, String, NameKind)> = Vec::new();
        for (i, p) in parties.parties().iter().enumerate() {
            listed.push((i as u32, p.name.clone(), NameKind::Name));
            listed.extend(
                p.names
                    .iter()
                    .map(|n| (i as u32, n.clone(), NameKind::OtherName)),
            );
            listed.extend(
                p.aliases
                    .iter()
                    .map(|n| (i as u32, n.clone(), NameKind::Alias)),
            );
        }
        let refs: Vec<(u32, &str, NameKind)> = listed
            .iter()
            .map(|(p, n, k)| (*p, n.as_str(), *k))
            .collect();
        let names = NameMatcher::new(&refs);
        static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        OrderScreener {
            id: NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            listed: listed
                .into_iter()
                .map(|(p, n, _)| Listed::new(&parties, p, n))
                .collect(),
            parties,
            names,
            measures,
        }
    }

    /// The party lists.
    pub fn parties(&self) -> &PartyLists {
        &self.parties
    }

    /// Runs every party's examples: a `hit` must match that party by a
    /// whole name, a `miss` must not match it at all.
    pub fn run_party_examples(&self) -> PartyExampleReport {
        let mut report = PartyExampleReport::default();
        for (i, p) in self.parties.parties().iter().enumerate() {
            for ex in &p.examples {
                let found = self
                    .names
                    .find(&ex.name)
                    .into_iter()
                    .filter(|h| h.party as usize == i)
                    .map(|h| h.how)
                    .collect::<Vec<_>>();
                let full = found.iter().any(|h| *h != How::Partial);
                let ok = if ex.hit { full } else { found.is_empty() };
                if ok {
                    report.passed += 1;
                } else {
                    report.failures.push(PartyExampleFailure {
                        party: p.id.clone(),
                        name: ex.name.clone(),
                        expected_hit: ex.hit,
                        location: ex.location.to_string(),
                    });
                }
            }
        }
        report
    }

    /// The verdict for `order`, whose item classified as `c`, as of `as_of`.
    ///
    /// The verdict borrows its strings (list and party ids, listed names,
    /// instruments, rule ids, the words of the order's fields) from the
    /// screener, the classification and the order instead of copying them:
    /// keep those while the verdict is used.
    pub fn verdict<'a>(
        &'a self,
        order: &Order<'a>,
        c: &Classification<'a>,
        as_of: NaiveDate,
    ) -> Verdict<'a> {
        let mut reasons = Reasons::default();
        // Each country field read once: its code, or `None` if it names no
        // country (absent, blank or unknown).
        let dest = order.destination.and_then(country::code);
        let origin_code = order.origin.and_then(country::code);
        for (field, value, code) in [
            ("destination", order.destination, dest),
            ("origin", order.origin, origin_code),
        ] {
            if let Some(v) = value.filter(|v| code.is_none() && !v.trim().is_empty()) {
                reasons.push(Level::Review, Reason::UnknownCountry { field, value: v });
            }
        }
        let cn_dual_use = |conf: fn(Confidence) -> bool| -> Vec<&'a str> {
            c.hits
                .iter()
                .filter(|h| {
                    h.ruleset.regime == Regime::CN
                        && h.rule.category == Category::DualUse
                        && conf(h.confidence)
                })
                .map(|h| h.rule.id.as_str())
                .collect()
        };
        let items = cn_dual_use(|c| c >= Confidence::Text);
        let has_items = !items.is_empty();
        let measures = &self.measures.measures;

        // Made outside China: only rules on foreign-made goods apply.
        if let Some(origin) = order
            .origin
            .filter(|_| origin_code.is_some_and(|c| c != "CN"))
        {
            let mut foreign_made = false;
            for m in measures {
                if m.when != When::ForeignMadeItems || !m.applies_at(as_of) || !m.goes_to(dest) {
                    continue;
                }
                let covered = m.covered(&items);
                if !covered.is_empty() {
                    foreign_made = true;
                    reasons.push(
                        m.level,
                        Reason::ForeignMade {
                            measure: &m.id,
                            instrument: &m.instrument,
                            origin,
                            items: covered,
                        },
                    );
                }
            }
            if !foreign_made {
                return Verdict {
                    level: Level::Clear,
                    reasons: vec![Reason::Origin { origin }],
                    as_of,
                };
            }
            return reasons.verdict(as_of);
        }

        // Listed parties in the name fields, and military words in the end
        // user and the end use.
        let consignee = order.consignee.map(|v| self.read_field(v));
        let end_user = order.end_user.map(|v| self.read_field(v));
        for (field, read) in [("consignee", &consignee), ("end_user", &end_user)] {
            for hit in read.iter().flat_map(|r| &r.found.0) {
                let (level, reason) = self.party_reason(field, hit, &items, as_of);
                reasons.push(level, reason);
            }
        }

        // Destination measures and military end uses.
        let end_use = order.end_use.map(|v| self.read_field(v));
        let mil_user = end_user.as_ref().and_then(|r| r.military);
        let mil_use = end_use.as_ref().and_then(|r| r.military);
        if has_items {
            for (i, m) in measures.iter().enumerate() {
                if !m.goes_to(dest) || !m.applies_at(as_of) {
                    continue;
                }
                let mut end_use_word = None;
                let (applies, word) = match m.when {
                    When::MilitaryEndUserOrUse => {
                        let w = mil_user.or(mil_use);
                        (w.is_some(), w)
                    }
                    When::MilitaryEndUser => (mil_user.is_some(), mil_user),
                    When::Items => (true, None),
                    // Only for goods made outside China (above).
                    When::ForeignMadeItems => (false, None),
                    When::EndUse => {
                        end_use_word = [&end_user, &end_use]
                            .into_iter()
                            .flatten()
                            .find_map(|f| f.end_use.iter().find(|e| e.0 == i).map(|e| e.1));
                        (end_use_word.is_some(), None)
                    }
                };
                if !applies {
                    continue;
                }
                let covered = m.covered(&items);
                if !covered.is_empty() {
                    reasons.push(
                        m.level,
                        Reason::Destination {
                            measure: &m.id,
                            instrument: &m.instrument,
                            destination: &m.destination,
                            military: word,
                            end_use: end_use_word,
                            items: covered,
                        },
                    );
                }
            }
            reasons.push(Level::LicenceRequired, Reason::Items { items });
        } else {
            for (field, word) in [("end_user", mil_user), ("end_use", mil_use)] {
                if let Some(w) = word {
                    reasons.push(Level::Review, Reason::MilitaryUse { matched: w, field });
                }
            }
            let leads = cn_dual_use(|c| c == Confidence::Hs);
            if !leads.is_empty() {
                reasons.push(Level::Review, Reason::HsLeads { items: leads });
            }
        }
        reasons.verdict(as_of)
    }

    /// What a party or end-use field says: the listed names in it, its
    /// first military word and the first word of each end-use measure. Order files name the same customers line after
    /// line, so each thread keeps what the last few thousand distinct
    /// field values said (per screener); a value seen before costs one
    /// hash lookup instead of a parse, a normalization and two automaton
    /// passes.
    fn read_field<'v>(&self, value: &'v str) -> Field<'v> {
        /// Distinct values kept per thread before the cache starts over.
        const CAPACITY: usize = 4096;
        /// Per value: the name hits and where the measures' words are;
        /// shared with the cache, so a value seen before costs no copy.
        type Found = std::rc::Rc<(Vec<NameHit>, measures::FieldWords)>;
        // FxHash: a field value hashes in a few instructions instead of
        // SipHash's hundred; a crafted set of colliding values costs at
        // most a scan of this bounded cache.
        type Cache = (u64, rustc_hash::FxHashMap<String, Found>);
        thread_local! {
            static CACHE: std::cell::RefCell<Cache> = std::cell::RefCell::new((0, Default::default()));
        }
        let read = |value: &str| -> Found {
            let n = crate::text::Normalized::new(value);
            let mut words = self.measures.field_words(n.as_str());
            // Spans into the value as given.
            words.military = words.military.map(|r| n.match_span(r));
            for e in &mut words.end_use {
                e.1 = n.match_span(e.1.clone());
            }
            std::rc::Rc::new((self.names.find(value), words))
        };
        let found = CACHE.with(|cell| {
            let Ok(mut cache) = cell.try_borrow_mut() else {
                return read(value);
            };
            if cache.0 != self.id {
                *cache = (self.id, Default::default());
            }
            if let Some(found) = cache.1.get(value) {
                return found.clone();
            }
            let found = read(value);
            if cache.1.len() >= CAPACITY {
                cache.1.clear();
            }
            cache.1.insert(value.to_string(), found.clone());
            found
        });
        // The words as the field writes them (`陸上自衛隊`, `U.S. Army`).
        let words = &found.1;
        Field {
            military: words.military.clone().and_then(|r| value.get(r)),
            end_use: words
                .end_use
                .iter()
                .filter_map(|(i, r)| Some((*i, value.get(r.clone())?)))
                .collect(),
            found,
        }
    }

    fn party_reason<'a>(
        &'a self,
        field: &'static str,
        hit: &NameHit,
        items: &[&'a str],
        as_of: NaiveDate,
    ) -> (Level, Reason<'a>) {
        let listed = &self.listed[hit.name as usize];
        let party = &self.parties.parties()[listed.party as usize];
        let list = &self.parties.lists()[party.list];
        let status = party.status_at(list, as_of);
        let level = if hit.how == How::Partial || items.is_empty() {
            Level::Review
        } else {
            match (status, list.kind) {
                (ListingStatus::InForce, ListKind::Watch) => Level::LicenceRiskAssessment,
                (ListingStatus::InForce, _) => Level::Prohibited,
                _ => Level::LicenceRequired,
            }
        };
        (
            level,
            Reason::Party {
                list: &list.id,
                list_kind: list.kind,
                party: &party.id,
                field,
                matched: &listed.name,
                how: hit.how.as_str(),
                instrument: &list.instrument,
                status,
                items: items.to_vec(),
                json: listed.json(),
            },
        )
    }
}

/// The reasons of a verdict as they are found, with the level each gives.
#[derive(Default)]
struct Reasons<'a> {
    levels: Vec<Level>,
    reasons: Vec<Reason<'a>>,
}

impl<'a> Reasons<'a> {
    fn push(&mut self, level: Level, reason: Reason<'a>) {
        self.levels.push(level);
        self.reasons.push(reason);
    }

    /// The verdict of these reasons: the most severe level, and the
    /// reasons most severe first (in the order found within a level).
    fn verdict(self, as_of: NaiveDate) -> Verdict<'a> {
        let Reasons { levels, reasons } = self;
        let level = levels.iter().copied().max().unwrap_or(Level::Clear);
        let reasons = if levels.windows(2).all(|w| w[0] >= w[1]) {
            reasons
        } else {
            let mut tagged: Vec<(Level, Reason)> = levels.into_iter().zip(reasons).collect();
            tagged.sort_by_key(|r| std::cmp::Reverse(r.0));
            tagged.into_iter().map(|(_, r)| r).collect()
        };
        Verdict {
            level,
            reasons,
            as_of,
        }
    }
}

/// What one field of an order says.
struct Field<'v> {
    /// Listed names found in it (and where its words are, as cached).
    found: std::rc::Rc<(Vec<NameHit>, measures::FieldWords)>,
    /// Its first military word, as the field writes it.
    military: Option<&'v str>,
    /// Per end-use measure (by index) its first word, as the field writes
    /// it.
    end_use: Vec<(usize, &'v str)>,
}

#[cfg(test)]
mod tests;
