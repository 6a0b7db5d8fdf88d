//! The engine: a compiled rule set ([`Matcher`]) and the scratch space that
//! classifying with it needs ([`Scanner`]).
//!
//! * [`tables`]: compiling a [`Ruleset`] into one Aho-Corasick automaton for
//!   every literal and pattern trigger, the patterns, and the HS index.
//! * [`pattern`]: rule patterns, compiled once on first use and selected by
//!   their trigger literals.
//! * [`hs_index`]: HS prefixes as sorted integer keys.
//! * [`scan`]: classifying one item with those tables.
//!
//! The split follows YARA-X's `Rules` and `Scanner`: a [`Matcher`] is
//! immutable and shared between threads; a [`Scanner`] borrows it and owns
//! the per-call scratch space (normalized text, per-literal and per-rule
//! state), so classifying many items allocates only their results. Callers
//! that manage threads themselves keep one `Scanner` per thread;
//! [`Matcher::classify`] is the convenience path that keeps scanners in a
//! small thread-local cache.

mod hs_index;
pub(crate) mod pattern;
mod scan;
mod tables;
#[cfg(test)]
mod tests;

use crate::Ruleset;
use crate::classification::Classification;
use crate::error::Error;
use crate::item::{Item, today};
use scan::Scratch;
use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};
use tables::Tables;

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// How many matchers' scratch spaces a thread keeps for
/// [`Matcher::classify`]. A caller alternating between more matchers on
/// one thread should keep a [`Scanner`] per matcher instead.
const SCRATCH_CACHE: usize = 4;

/// A compiled, immutable rule set. `Send + Sync`: share it between threads.
///
/// ```
/// use dualuse::{Confidence, Item, Matcher, Ruleset};
/// let matcher = Matcher::new(Ruleset::builtin()?)?;
/// let result = matcher.classify(&Item::new("Sm2Co17 permanent magnet ring").hs("8505.11"));
/// let hit = result.hits.iter().find(|h| h.rule.id == "CN-1C902.a.4").expect("SmCo hit");
/// assert_eq!(hit.confidence, Confidence::Confirmed);
/// # Ok::<(), dualuse::Error>(())
/// ```
#[derive(Debug)]
pub struct Matcher {
    id: u64,
    ruleset: Ruleset,
    tables: Tables,
}

thread_local! {
    /// Scratch space of the few matchers most recently used on this thread
    /// (`dualuse diff` alternates between two), most recent last.
    static SCRATCH: RefCell<Vec<Scratch>> = const { RefCell::new(Vec::new()) };
}

impl Matcher {
    /// Compiles a rule set.
    pub fn new(ruleset: Ruleset) -> Result<Matcher, Error> {
        let tables = Tables::build(&ruleset)?;
        Ok(Matcher {
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            ruleset,
            tables,
        })
    }

    /// The built-in rule set, compiled once on first use.
    pub fn builtin() -> Result<&'static Matcher, &'static Error> {
        static BUILTIN: std::sync::LazyLock<Result<Matcher, Error>> =
            std::sync::LazyLock::new(|| Matcher::new(Ruleset::builtin()?));
        BUILTIN.as_ref()
    }

    /// The rule set this matcher was compiled from.
    pub fn ruleset(&self) -> &Ruleset {
        &self.ruleset
    }

    /// The rule-set fingerprint (see [`Ruleset::fingerprint`]).
    pub fn fingerprint(&self) -> &str {
        self.ruleset.fingerprint()
    }

    /// A scanner for this matcher: classifying with it reuses its scratch
    /// space and never touches thread-local state.
    pub fn scanner(&self) -> Scanner<'_> {
        Scanner::new(self)
    }

    /// Classifies one item. Without an as-of date on the item, classifies as
    /// of today (local time).
    ///
    /// Scratch space comes from a small per-thread cache; to control it,
    /// use a [`Scanner`].
    pub fn classify<'m>(&'m self, item: &Item<'_>) -> Classification<'m> {
        self.run(item, false)
    }

    /// Like [`Matcher::classify`], and also fills
    /// [`Classification::near_misses`]: rules whose text matched in part but
    /// that did not hit, and why. For people asking "why not?".
    pub fn classify_explained<'m>(&'m self, item: &Item<'_>) -> Classification<'m> {
        self.run(item, true)
    }

    fn run<'m>(&'m self, item: &Item<'_>, explain: bool) -> Classification<'m> {
        let as_of = item.as_of.unwrap_or_else(today);
        SCRATCH.with(|cell| match cell.try_borrow_mut() {
            Ok(mut cache) => {
                // This matcher's scratch space goes last (most recently
                // used; the first is dropped when the cache is full), and
                // is used where it lies: a `Scratch` is some 500 bytes, and
                // moving it out and back cost two copies a row.
                match cache.iter().position(|s| s.matcher == self.id) {
                    // A no-op when it is last already, as it nearly always is.
                    Some(i) => cache[i..].rotate_left(1),
                    None => {
                        if cache.len() >= SCRATCH_CACHE {
                            cache.remove(0);
                        }
                        cache.push(Scratch::default());
                    }
                }
                match cache.last_mut() {
                    Some(s) => {
                        let c = self.classify_with(s, item, as_of, explain);
                        s.shrink();
                        c
                    }
                    None => self.classify_with(&mut Scratch::default(), item, as_of, explain),
                }
            }
            // Re-entrant use on one thread (not possible through this API,
            // but never panic): use fresh scratch space.
            Err(_) => self.classify_with(&mut Scratch::default(), item, as_of, explain),
        })
    }
}

/// Classifies items with one [`Matcher`], reusing its scratch space.
///
/// A `Scanner` is cheap to create and is `Send` but not `Sync`: keep one per
/// thread (for example with rayon's `map_init`). Results borrow the matcher,
/// not the scanner, so they outlive it.
///
/// ```
/// use dualuse::{Item, Matcher};
/// let matcher = Matcher::builtin().expect("the built-in rules compile");
/// let mut scanner = matcher.scanner();
/// let lines = ["NdFeB magnet N52", "office chair", "terbium metal 99.9%"];
/// let hits: Vec<usize> = lines
///     .iter()
///     .map(|l| scanner.classify(&Item::new(l)).hits.len())
///     .collect();
/// assert_eq!(hits[1], 0);
/// assert!(hits[2] > 0);
/// ```
pub struct Scanner<'m> {
    matcher: &'m Matcher,
    scratch: Scratch,
}

impl std::fmt::Debug for Scanner<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Scanner")
            .field("fingerprint", &self.matcher.fingerprint())
            .finish_non_exhaustive()
    }
}

impl<'m> Scanner<'m> {
    /// A scanner for `matcher`. Scratch space grows on first use.
    pub fn new(matcher: &'m Matcher) -> Scanner<'m> {
        Scanner {
            matcher,
            scratch: Scratch::default(),
        }
    }

    /// The matcher this scanner classifies with.
    pub fn matcher(&self) -> &'m Matcher {
        self.matcher
    }

    /// Classifies one item; the same result as [`Matcher::classify`].
    pub fn classify(&mut self, item: &Item<'_>) -> Classification<'m> {
        self.run(item, false)
    }

    /// Classifies one item with near misses; the same result as
    /// [`Matcher::classify_explained`].
    pub fn classify_explained(&mut self, item: &Item<'_>) -> Classification<'m> {
        self.run(item, true)
    }

    fn run(&mut self, item: &Item<'_>, explain: bool) -> Classification<'m> {
        let as_of = item.as_of.unwrap_or_else(today);
        let c = self
            .matcher
            .classify_with(&mut self.scratch, item, as_of, explain);
        self.scratch.shrink();
        c
    }
}
