//! Comparison operators and range separators: the words and signs that
//! bound a number (`≥ 5 W`, `up to 6 kW`, `100 W or more`, `5 kW以上`) and
//! those that join the two ends of a range (`1-4 GHz`, `3.7至6.8GHz`).
//!
//! The tables are data ([`OPS_PREFIX`], [`OPS_SUFFIX`], [`RANGE_SEPS`]); the
//! [`Scanner`] methods here find them around a number.

use super::Bound;
use super::scan::{Scanner, is_ws};
use super::units::lower;
use std::collections::HashMap;
use std::sync::OnceLock;

/// Operators before a number, longer phrases before their endings (`not
/// less than` before `less than`): the first match wins.
const OPS_PREFIX: &[(&str, Bound)] = &[
    ("not less than", Bound::AtLeast),
    ("no less than", Bound::AtLeast),
    ("not below", Bound::AtLeast),
    ("at least", Bound::AtLeast),
    ("minimum", Bound::AtLeast),
    ("min.", Bound::AtLeast),
    ("min:", Bound::AtLeast),
    ("min", Bound::AtLeast),
    (">=", Bound::AtLeast),
    ("=>", Bound::AtLeast),
    ("≥", Bound::AtLeast),
    ("≧", Bound::AtLeast),
    ("⩾", Bound::AtLeast),
    ("大于等于", Bound::AtLeast),
    ("大于或等于", Bound::AtLeast),
    ("不小于", Bound::AtLeast),
    ("不低于", Bound::AtLeast),
    ("不少于", Bound::AtLeast),
    ("至少", Bound::AtLeast),
    ("in excess of", Bound::MoreThan),
    ("greater than", Bound::MoreThan),
    ("more than", Bound::MoreThan),
    ("exceeding", Bound::MoreThan),
    ("above", Bound::MoreThan),
    ("over", Bound::MoreThan),
    (">", Bound::MoreThan),
    ("大于", Bound::MoreThan),
    ("超过", Bound::MoreThan),
    ("高于", Bound::MoreThan),
    ("dc-", Bound::AtMost),
    ("dc~", Bound::AtMost),
    ("dc to", Bound::AtMost),
    ("not more than", Bound::AtMost),
    ("no more than", Bound::AtMost),
    ("not exceeding", Bound::AtMost),
    ("maximum", Bound::AtMost),
    ("up to", Bound::AtMost),
    ("upto", Bound::AtMost),
    ("max.", Bound::AtMost),
    ("max:", Bound::AtMost),
    ("max", Bound::AtMost),
    ("<=", Bound::AtMost),
    ("=<", Bound::AtMost),
    ("≤", Bound::AtMost),
    ("≦", Bound::AtMost),
    ("⩽", Bound::AtMost),
    ("小于等于", Bound::AtMost),
    ("小于或等于", Bound::AtMost),
    ("不大于", Bound::AtMost),
    ("不超过", Bound::AtMost),
    ("不高于", Bound::AtMost),
    ("最大", Bound::AtMost),
    ("最高", Bound::AtMost),
    ("高达", Bound::AtMost),
    ("less than", Bound::LessThan),
    ("below", Bound::LessThan),
    ("under", Bound::LessThan),
    ("<", Bound::LessThan),
    ("小于", Bound::LessThan),
    ("低于", Bound::LessThan),
    ("approximately", Bound::Approx),
    ("approx.", Bound::Approx),
    ("approx", Bound::Approx),
    ("about", Bound::Approx),
    ("around", Bound::Approx),
    ("circa", Bound::Approx),
    ("ca.", Bound::Approx),
    ("~", Bound::Approx),
    ("≈", Bound::Approx),
    ("≃", Bound::Approx),
    ("大约", Bound::Approx),
    ("大約", Bound::Approx),
    ("约", Bound::Approx),
    ("約", Bound::Approx),
    ("およそ", Bound::Approx),
    ("+/-", Bound::PlusMinus),
    ("+-", Bound::PlusMinus),
    ("±", Bound::PlusMinus),
];

/// Operators after a number (and its unit); the first match wins.
const OPS_SUFFIX: &[(&str, Bound)] = &[
    ("or more", Bound::AtLeast),
    ("or greater", Bound::AtLeast),
    ("or higher", Bound::AtLeast),
    ("or above", Bound::AtLeast),
    ("and above", Bound::AtLeast),
    ("and up", Bound::AtLeast),
    ("minimum", Bound::AtLeast),
    ("(min.)", Bound::AtLeast),
    ("(min)", Bound::AtLeast),
    ("min.", Bound::AtLeast),
    ("min", Bound::AtLeast),
    ("以上", Bound::AtLeast),
    ("or less", Bound::AtMost),
    ("or lower", Bound::AtMost),
    ("and below", Bound::AtMost),
    ("maximum", Bound::AtMost),
    ("(max.)", Bound::AtMost),
    ("(max)", Bound::AtMost),
    ("max.", Bound::AtMost),
    ("max", Bound::AtMost),
    ("以下", Bound::AtMost),
    ("未満", Bound::LessThan),
    ("超", Bound::MoreThan),
];

/// Separators between the ends of a range.
const RANGE_SEPS: &[&str] = &["-", "~", "to", "至", "到", "...", "…", "から"];

/// The entries of [`OPS_PREFIX`] whose last character is `c`, in their
/// order there (longer phrases before their endings).
fn prefix_ops_ending_with(c: char) -> &'static [(&'static str, Bound)] {
    static BY_LAST: OnceLock<HashMap<char, Vec<(&'static str, Bound)>>> = OnceLock::new();
    let by_last = BY_LAST.get_or_init(|| {
        let mut m: HashMap<char, Vec<(&'static str, Bound)>> = HashMap::new();
        for &(op, b) in OPS_PREFIX {
            if let Some(last) = op.chars().next_back() {
                m.entry(last).or_default().push((op, b));
            }
        }
        m
    });
    by_last.get(&c).map_or(&[], Vec::as_slice)
}

impl Scanner<'_> {
    /// Prefix operator ending just before position `k` (whitespace allowed).
    pub(super) fn prefix_op(&self, k: usize) -> Option<(Bound, usize)> {
        let mut p = k;
        while p > 0 && self.at(p - 1).is_some_and(is_ws) {
            p -= 1;
        }
        // Only the operators ending with the character before the number.
        let before = lower(self.at(p.checked_sub(1)?)?);
        for &(op, b) in prefix_ops_ending_with(before) {
            let len = op.chars().count();
            if len > p {
                continue;
            }
            let s = p - len;
            let ok = op
                .chars()
                .enumerate()
                .all(|(i, c)| self.at(s + i).is_some_and(|x| lower(x) == c));
            if !ok {
                continue;
            }
            // Word operators need a word start: not `Datamax`, not `(BH)max`.
            if op.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                && s > 0
                && (self.alnum_word(s - 1) || self.at(s - 1) == Some(')'))
            {
                continue;
            }
            // `~` between two numbers is a range, not a prefix.
            if matches!(op, "~" | "-") && s > 0 && self.digit(self.skip_ws_back(s)) {
                continue;
            }
            return Some((b, s));
        }
        None
    }

    /// The position before the whitespace that ends at `s`, minus one: the
    /// last character before that whitespace (0 at the start).
    fn skip_ws_back(&self, mut s: usize) -> usize {
        while s > 0 && self.at(s - 1).is_some_and(is_ws) {
            s -= 1;
        }
        s.saturating_sub(1)
    }

    /// Suffix operator at position `k` (whitespace allowed before a word),
    /// with the position after it; a `+` must be glued.
    fn suffix_op(&self, k: usize) -> Option<(Bound, usize)> {
        if self.at(k) == Some('+')
            && !self.digit(k + 1)
            && !self.at(k + 1).is_some_and(|c| c == '/' || c == '-')
        {
            return Some((Bound::AtLeast, k + 1));
        }
        let k2 = self.skip_ws(k);
        for &(op, b) in OPS_SUFFIX {
            if self.match_token(k2, op) {
                // `5 W min` but not `500 W minus`; CJK suffixes glue.
                return Some((b, k2 + op.chars().count()));
            }
        }
        None
    }

    /// `bound` combined with a suffix operator at `end`: a prefix wins over a
    /// suffix, but the span still covers the suffix. Returns the bound and
    /// the new end.
    pub(super) fn apply_suffix(&self, bound: Bound, end: usize) -> (Bound, usize) {
        match self.suffix_op(end) {
            Some((b, e)) if bound == Bound::Exact => (b, e),
            Some((_, e)) => (bound, e),
            None => (bound, end),
        }
    }

    /// Range separator at position `k`; the position after it.
    pub(super) fn range_sep(&self, k: usize) -> Option<usize> {
        for sep in RANGE_SEPS {
            if self.match_token(k, sep) {
                return Some(k + sep.chars().count());
            }
        }
        None
    }

    /// `between` directly before position `k` (whitespace allowed).
    pub(super) fn between_before(&self, k: usize) -> bool {
        let mut p = k;
        while p > 0 && self.at(p - 1).is_some_and(is_ws) {
            p -= 1;
        }
        p >= 7 && self.match_token(p - 7, "between") && (p == 7 || !self.alnum_word(p - 8))
    }
}
