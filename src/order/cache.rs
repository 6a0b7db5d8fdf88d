//! Verdicts of order lines already seen, with the JSON their records carry.
//!
//! Order books name the same customers, destinations and end uses line
//! after line, and most lines carry no CN dual-use item at all, so the
//! verdict of a line (and the JSON of it in a record) is very often one
//! already made. A [`VerdictCache`] keeps them, keyed by exactly what a
//! verdict depends on: the five order fields as given, the CN dual-use hits
//! of the classification (rule id and confidence, in order), the date, the
//! screener and the rule set (by fingerprint). Anything else that differs
//! is a miss; a change of screener, rules or date empties the cache.
//!
//! The cache is explicit, as `regex-automata`'s are: one per thread, owned
//! by the caller. It holds at most [`VerdictCache::CAPACITY`] verdicts and
//! [`VerdictCache::MAX_BYTES`] of keys and JSON and starts over when full,
//! and it keeps no line whose order fields are longer than a kilobyte
//! together, so memory stays bounded whatever the input. Where
//! lines rarely repeat (thousands of customers, each seen a few times),
//! keeping every verdict costs more than it saves: when fewer than a
//! quarter of a window of lookups find their verdict, the cache steps
//! aside for a while and verdicts are made as [`OrderScreener::verdict`]
//! makes them, then it tries again.

use super::{Level, Order, OrderScreener, Verdict};
use crate::classification::Classification;
use crate::rule::{Category, Confidence, Regime};
use chrono::NaiveDate;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// A verdict and the JSON a [`Record`](crate::output::Record) writes for
/// it (the value of its `"verdict"` key).
#[derive(Debug, Clone)]
pub struct CachedVerdict {
    verdict: Verdict,
    /// Fingerprint of the party lists it was made with.
    lists: Arc<str>,
    json: Vec<u8>,
}

impl CachedVerdict {
    /// The verdict.
    pub fn verdict(&self) -> &Verdict {
        &self.verdict
    }

    /// The verdict's level.
    pub fn level(&self) -> Level {
        self.verdict.level
    }

    /// Fingerprint of the party lists it was made with.
    pub fn lists(&self) -> &str {
        &self.lists
    }

    /// The verdict as its record writes it.
    pub(crate) fn json(&self) -> &[u8] {
        &self.json
    }
}

/// Verdicts already made, for [`OrderScreener::verdict_cached`].
#[derive(Debug, Default)]
pub struct VerdictCache {
    /// What every entry was made with: screener id, rules fingerprint, date.
    made_with: Option<(u64, Box<str>, NaiveDate)>,
    /// Entries by the hash of their key; a bucket holds the rare
    /// collisions.
    map: rustc_hash::FxHashMap<u64, Vec<Entry>>,
    len: usize,
    /// Bytes of keys and JSON held.
    bytes: usize,
    /// Lookups and hits in the current window.
    lookups: u32,
    hits: u32,
    /// Lines left for which the cache steps aside.
    aside: u32,
    /// The verdict of the last line made while the cache stepped aside.
    last: Option<CachedVerdict>,
}

#[derive(Debug)]
struct Entry {
    fields: [Option<Box<str>>; 5],
    hits: Box<[(Box<str>, Confidence)]>,
    value: CachedVerdict,
}

impl VerdictCache {
    /// Verdicts kept before the cache starts over (a few hundred bytes
    /// each).
    pub const CAPACITY: usize = 8192;
    /// Bytes of keys and JSON held before the cache starts over.
    pub const MAX_BYTES: usize = 16 << 20;
    /// Lines whose order fields are longer than this together are not
    /// kept (a 10 MB name would hold 10 MB per line).
    const MAX_FIELDS: usize = 1024;
    /// Lookups over which the share of hits is weighed.
    const WINDOW: u32 = 2048;
    /// Lines for which the cache steps aside when too few lookups hit.
    const ASIDE: u32 = 32 * 1024;

    /// An empty cache.
    pub fn new() -> VerdictCache {
        VerdictCache::default()
    }

    /// Verdicts held.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

#[cfg(test)]
thread_local! {
    /// Tests set this to send every key to one bucket, so that the
    /// comparison of whole keys is what tells lines apart.
    pub(super) static COLLIDE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

fn key_hash(h: rustc_hash::FxHasher) -> u64 {
    #[cfg(test)]
    if COLLIDE.with(std::cell::Cell::get) {
        return 0;
    }
    h.finish()
}

/// The hits a verdict weighs: CN dual-use rules, by id and confidence.
fn weighed<'a>(c: &'a Classification<'_>) -> impl Iterator<Item = (&'a str, Confidence)> {
    c.hits
        .iter()
        .filter(|h| h.ruleset.regime == Regime::CN && h.rule.category == Category::DualUse)
        .map(|h| (h.rule.id.as_str(), h.confidence))
}

impl OrderScreener {
    /// [`OrderScreener::verdict`], from `cache` when a line with the same
    /// order fields and the same CN dual-use hits was screened before with
    /// this screener, these rules and this date; otherwise made, written as
    /// JSON once, and kept. The verdict is the one `verdict` returns (a
    /// test checks it on every kind of reason).
    ///
    /// ```
    /// use dualuse::{Item, Level, Matcher, Measures, Order, OrderScreener, PartyLists, VerdictCache};
    /// let m = Matcher::builtin().expect("built-in rules compile");
    /// let s = OrderScreener::new(PartyLists::builtin()?, Measures::builtin()?);
    /// let mut cache = VerdictCache::new();
    /// let item = Item::new("Dysprosium oxide 99.9%");
    /// let order = Order::from_fields(item, [Some("JP"), None, Some("Ministry of Defense"), None, None]);
    /// let c = m.classify(&item);
    /// for _ in 0..3 {
    ///     let v = s.verdict_cached(&mut cache, &order, &c, c.as_of);
    ///     assert_eq!(v.verdict(), &s.verdict(&order, &c, c.as_of));
    ///     assert_eq!(v.level(), Level::Prohibited);
    /// }
    /// assert_eq!(cache.len(), 1);
    /// # Ok::<(), dualuse::Error>(())
    /// ```
    pub fn verdict_cached<'c>(
        &self,
        cache: &'c mut VerdictCache,
        order: &Order<'_>,
        c: &Classification<'_>,
        as_of: NaiveDate,
    ) -> &'c CachedVerdict {
        let fresh = cache.made_with.as_ref().is_some_and(|(id, fp, date)| {
            *id == self.id && **fp == *c.fingerprint && *date == as_of
        });
        if !fresh || cache.len >= VerdictCache::CAPACITY || cache.bytes >= VerdictCache::MAX_BYTES {
            cache.map.clear();
            cache.len = 0;
            cache.bytes = 0;
            cache.made_with = Some((self.id, c.fingerprint.into(), as_of));
        }
        let fields = order.fields();
        let field_bytes: usize = fields.iter().flatten().map(|f| f.len()).sum();
        if cache.aside > 0 || field_bytes > VerdictCache::MAX_FIELDS {
            cache.aside = cache.aside.saturating_sub(1);
            let buf = cache.last.take().map(|l| l.json).unwrap_or_default();
            return cache.last.insert(self.make(buf, order, c, as_of));
        }
        cache.lookups += 1;
        if cache.lookups >= VerdictCache::WINDOW {
            if cache.hits < cache.lookups / 4 {
                cache.aside = VerdictCache::ASIDE;
            }
            cache.lookups = 0;
            cache.hits = 0;
        }
        let mut h = rustc_hash::FxHasher::default();
        fields.hash(&mut h);
        for (id, conf) in weighed(c) {
            id.hash(&mut h);
            conf.hash(&mut h);
        }
        let bucket = cache.map.entry(key_hash(h)).or_default();
        let found = bucket.iter().position(|e| {
            e.fields
                .iter()
                .map(Option::as_deref)
                .eq(fields.iter().copied())
                && e.hits
                    .iter()
                    .map(|(id, conf)| (&**id, *conf))
                    .eq(weighed(c))
        });
        let i = match found {
            Some(i) => {
                cache.hits += 1;
                i
            }
            None => {
                let entry = Entry {
                    fields: fields.map(|f| f.map(Box::from)),
                    hits: weighed(c).map(|(id, conf)| (Box::from(id), conf)).collect(),
                    value: self.make(Vec::with_capacity(256), order, c, as_of),
                };
                cache.bytes = cache.bytes.saturating_add(
                    field_bytes
                        + entry.value.json.len()
                        + entry.hits.iter().map(|(id, _)| id.len()).sum::<usize>(),
                );
                bucket.push(entry);
                cache.len += 1;
                bucket.len() - 1
            }
        };
        &bucket[i].value
    }

    /// Makes the verdict and writes its JSON into `json` (emptied first).
    fn make(
        &self,
        mut json: Vec<u8>,
        order: &Order<'_>,
        c: &Classification<'_>,
        as_of: NaiveDate,
    ) -> CachedVerdict {
        let verdict = self.verdict(order, c, as_of);
        json.clear();
        crate::output::write_verdict_of(&mut json, &verdict, &self.lists_fingerprint);
        CachedVerdict {
            verdict,
            lists: self.lists_fingerprint.clone(),
            json,
        }
    }
}
