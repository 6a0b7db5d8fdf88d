//! The rules' HS prefixes as one sorted index of integer keys.

use crate::hs::{self, Relation};
use crate::rule::Rule;

/// One HS prefix in the index.
#[derive(Debug, Clone)]
pub(super) struct HsEntry {
    pub(super) rule: u32,
    /// The national scheme, if any, and index into the rule's code list.
    pub(super) scheme: Option<String>,
    pub(super) code: u32,
}

/// `11^k`: HS digits are keyed in base 11 (digit `d` as `d + 1`, `0` for
/// "no digit"), so that numeric order is the codes' lexicographic order and
/// the codes starting with a prefix form one interval.
const POW11: [u64; hs::MAX_DIGITS + 1] = {
    let mut p = [1u64; hs::MAX_DIGITS + 1];
    let mut k = 1;
    while k <= hs::MAX_DIGITS {
        p[k] = p[k - 1] * 11;
        k += 1;
    }
    p
};

/// Bits below the scheme number in a key (`11^12 < 2^42`).
const SCHEME_SHIFT: u32 = 42;

/// The rules' HS codes as sorted integer keys (scheme number, then the
/// digits in base 11): a lookup is a few binary searches over `u64`s.
#[derive(Debug, Default)]
pub(super) struct HsIndex {
    keys: Vec<u64>,
    /// Parallel to `keys`.
    pub(super) entries: Vec<HsEntry>,
    /// National schemes; scheme number `i + 1` (0 is international).
    schemes: Vec<String>,
    /// Bit `n` set: some international (`.0`) or national (`.1`) entry has
    /// `n` digits. Lookups skip other lengths.
    lengths: (u64, u64),
}

impl HsIndex {
    pub(super) fn build(rules: &[Rule]) -> HsIndex {
        let mut schemes: Vec<String> = rules
            .iter()
            .flat_map(|r| r.hs_national.keys().cloned())
            .collect();
        schemes.sort();
        schemes.dedup();
        let mut index = HsIndex::default();
        let mut keyed = Vec::new();
        for (r, rule) in rules.iter().enumerate() {
            let national = rule.hs_national.iter().flat_map(|(scheme, codes)| {
                let n = schemes.binary_search(scheme).map_or(0, |i| i + 1);
                codes
                    .iter()
                    .enumerate()
                    .map(move |(i, c)| (n, Some(scheme), i, c))
            });
            let international = rule.hs.iter().enumerate().map(|(i, c)| (0, None, i, c));
            for (n, scheme, i, code) in international.chain(national) {
                let digits = code.digits().as_bytes();
                let bit = 1u64 << digits.len().min(63);
                if n == 0 {
                    index.lengths.0 |= bit;
                } else {
                    index.lengths.1 |= bit;
                }
                let entry = HsEntry {
                    rule: r as u32,
                    scheme: scheme.cloned(),
                    code: i as u32,
                };
                keyed.push((key(n as u64, digits, digits.len()), entry));
            }
        }
        keyed.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.rule.cmp(&b.1.rule)));
        (index.keys, index.entries) = keyed.into_iter().unzip();
        index.schemes = schemes;
        index
    }

    /// Calls `found(entry, relation)` for every entry of `scheme` (`None`:
    /// international) that `digits` is within (the entry is a prefix of
    /// them), then, for codes of at least four digits, every entry that
    /// extends them (overlapping). `digits` are ASCII digits.
    pub(super) fn lookup(
        &self,
        scheme: Option<&str>,
        digits: &[u8],
        mut found: impl FnMut(usize, Relation),
    ) {
        let (n, lengths) = match scheme {
            None => (0, self.lengths.0),
            Some(s) => match self.schemes.iter().position(|x| x == s) {
                Some(i) => (i as u64 + 1, self.lengths.1),
                None => return,
            },
        };
        if digits.len() > hs::MAX_DIGITS {
            return;
        }
        // Within: every prefix of the code that is an entry.
        for k in 2..=digits.len() {
            if lengths & (1u64 << k) == 0 {
                continue;
            }
            let at = key(n, digits, k);
            let lo = self.keys.partition_point(|&x| x < at);
            for (i, _) in self.keys[lo..]
                .iter()
                .enumerate()
                .take_while(|(_, x)| **x == at)
            {
                found(lo + i, Relation::Within);
            }
        }
        // Overlapping: entries that extend the code.
        if digits.len() >= 4 {
            let at = key(n, digits, digits.len());
            let end = at + POW11[hs::MAX_DIGITS - digits.len()];
            let lo = self.keys.partition_point(|&x| x <= at);
            for (i, _) in self.keys[lo..]
                .iter()
                .enumerate()
                .take_while(|(_, x)| **x < end)
            {
                found(lo + i, Relation::Overlapping);
            }
        }
    }
}

/// The key of scheme number `scheme` and the first `len` of `digits`.
fn key(scheme: u64, digits: &[u8], len: usize) -> u64 {
    let mut k = scheme << SCHEME_SHIFT;
    for (i, d) in digits[..len].iter().enumerate() {
        k += (u64::from(d.wrapping_sub(b'0')) + 1) * POW11[hs::MAX_DIGITS - 1 - i];
    }
    k
}
