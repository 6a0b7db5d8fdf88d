//! The scanner: finds numbers with units in normalized text and builds
//! [`Quantity`]s — single values, ranges, tolerances, `N x M` counts, body
//! sides and pixel formats, `1064/532 nm` lists and `5N` purity.
//!
//! [`Scanner::new`] normalizes the text one character at a time, keeping
//! each normalized character's byte span in the original, so every span it
//! reports points into the original text. Numerals are read in
//! [`super::number`], operators in [`super::ops`], units in [`super::units`].

use super::number::{Num, decimal_comma_convention};
use super::units::{Conv, UnitDef, lower, prefix_factor, units};
use super::{Bound, Dimension, Quantity};
use crate::text::chars::is_word_letter;
use std::ops::Range;

use unicode_normalization::UnicodeNormalization;

// ---------------------------------------------------------------------------
// Character classes
//
// What a word letter and CJK are comes from `crate::text::chars`, the one
// definition of text for the crate (`is_word_letter`; CJK characters are not
// word letters, so `功率500W` and `々500W` are not glued). The classes below
// are the scanner's own: nothing in `text::chars` means the same.

/// A character that glues to a number or a unit (`N52`, `5 Wide`, `10 m2`):
/// an ASCII digit or a word letter. Digits are ASCII because they are the
/// only ones the scanner reads as numbers (full-width digits are ASCII after
/// normalization). Not `text::chars::is_word_char`, which also counts the
/// digits and numerals of other scripts (`٣`): the scanner has always let
/// those through next to a number, and this split keeps that behaviour.
fn is_glue(c: char) -> bool {
    c.is_ascii_digit() || is_word_letter(c)
}

/// Katakana block (U+30A0..U+30FF, with the prolonged sound mark `ー`): a
/// katakana unit (`メートル`) followed by katakana is part of a longer word.
/// Scanner-specific: `text::chars::is_cjk` is the wider class of all
/// scripts written without spaces, and says nothing about where katakana
/// words end.
fn is_katakana(c: char) -> bool {
    matches!(c as u32, 0x30A0..=0x30FF)
}

/// The whitespace a quantity may contain (`1.5 kW`, `≥ 50 W`): space and
/// tab, after normalization (which folds no-break and ideographic spaces to
/// a space). Scanner-specific: `text::chars::is_separator` also counts line
/// breaks, `-`, `_` and `/`, which end or shape a quantity instead.
pub(super) fn is_ws(c: char) -> bool {
    c == ' ' || c == '\t'
}

/// Per-character folding applied after NFKC: dashes to `-`, middle dots to
/// `·`, wave dashes to `~`, no-break and ideographic spaces to a space. Not
/// a class but a mapping; the full-width comma `，` is kept (see
/// [`Scanner::new`]).
fn fold(c: char) -> char {
    match c {
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE63}' => '-',
        '\u{22C5}' | '\u{2219}' | '\u{30FB}' | '\u{2027}' => '·',
        '\u{301C}' | '\u{223C}' => '~',
        '\u{00A0}' | '\u{3000}' => ' ',
        _ => c,
    }
}

// ---------------------------------------------------------------------------
// Scanner

/// A normalized character and the original character it came from.
pub(super) struct NChar {
    c: char,
    /// Byte range of the original character this came from.
    s: usize,
    e: usize,
    /// Original was a thin / narrow no-break space (thousands separator).
    pub(super) thin: bool,
}

/// A unit found after a number.
pub(super) struct UnitHit {
    /// Index into the unit table's definitions.
    def: usize,
    /// Position in the normalized text where the unit starts / ends.
    start: usize,
    end: usize,
    /// Prefix multiplier glued to the number (`1.2k W`).
    extra: f64,
}

/// The normalized text being scanned. Positions (`i`, `k`, `end`) are
/// indices into it, never byte offsets; [`Scanner::span`] maps them back.
pub(super) struct Scanner<'a> {
    /// The original text.
    text: &'a str,
    /// Normalized characters with their original byte spans.
    pub(super) ch: Vec<NChar>,
    /// The normalized characters alone (`ch[i].c`).
    pub(super) cs: Vec<char>,
    /// The text writes decimals with a comma (see [`decimal_comma_convention`]).
    pub(super) comma_decimal: bool,
}

impl<'a> Scanner<'a> {
    /// Normalizes `text` (see the module docs of [`super`]).
    pub(super) fn new(text: &'a str) -> Self {
        let mut ch = Vec::with_capacity(text.len());
        for (s, c) in text.char_indices() {
            let e = s + c.len_utf8();
            if c.is_ascii() {
                ch.push(NChar {
                    c,
                    s,
                    e,
                    thin: false,
                });
                continue;
            }
            let thin = matches!(c, '\u{2009}' | '\u{202F}');
            match c {
                // Kept as is: a clause separator in CJK text, never a digit separator.
                '\u{FF0C}' => ch.push(NChar { c, s, e, thin }),
                'º' | '˚' => ch.push(NChar {
                    c: '°', s, e, thin
                }),
                _ => {
                    for n in std::iter::once(c).nfkc() {
                        ch.push(NChar {
                            c: fold(n),
                            s,
                            e,
                            thin,
                        });
                    }
                }
            }
        }
        let cs: Vec<char> = ch.iter().map(|n| n.c).collect();
        let comma_decimal = decimal_comma_convention(&cs);
        Scanner {
            text,
            ch,
            cs,
            comma_decimal,
        }
    }

    /// The normalized character at `i`.
    pub(super) fn at(&self, i: usize) -> Option<char> {
        #[cfg(test)]
        steps::count();
        self.cs.get(i).copied()
    }

    /// Whether an ASCII digit is at `i` (full-width digits are ASCII after
    /// normalization).
    pub(super) fn digit(&self, i: usize) -> bool {
        self.at(i).is_some_and(|c| c.is_ascii_digit())
    }

    /// The first position at or after `i` that is not [`is_ws`].
    pub(super) fn skip_ws(&self, mut i: usize) -> usize {
        while self.at(i).is_some_and(is_ws) {
            i += 1;
        }
        i
    }

    /// Whether a character that glues ([`is_glue`]) is at `i`.
    pub(super) fn alnum_word(&self, i: usize) -> bool {
        self.at(i).is_some_and(is_glue)
    }

    /// Original byte span of normalized positions `a..b`.
    fn span(&self, a: usize, b: usize) -> Range<usize> {
        let s = self.ch.get(a).map(|n| n.s).unwrap_or(self.text.len());
        let e = if b == 0 {
            s
        } else {
            self.ch.get(b - 1).map(|n| n.e).unwrap_or(self.text.len())
        };
        s..e.max(s)
    }

    /// The original text of normalized positions `a..b`.
    fn orig(&self, a: usize, b: usize) -> String {
        self.text.get(self.span(a, b)).unwrap_or("").to_string()
    }

    /// Every quantity of the text, ordered by position.
    pub(super) fn run(&self) -> Vec<Quantity> {
        let mut out = Vec::new();
        let n = self.cs.len();
        let mut i = 0;
        while i < n {
            if !self.digit(i) || (i > 0 && self.digit(i - 1)) {
                i += 1;
                continue;
            }
            if self.glued_left(i) {
                i = self.skip_number_run(i);
                continue;
            }
            // `1 000 W` with a plain space: `000` is a digit group, not a number.
            if self.at(i) == Some('0')
                && self.digit(i + 1)
                && i >= 2
                && self.at(i - 1).is_some_and(is_ws)
                && self.digit(i - 2)
            {
                i = self.skip_number_run(i);
                continue;
            }
            let found = self
                .try_purity(i)
                .or_else(|| self.try_slash_list(i))
                .or_else(|| self.try_multi(i))
                .or_else(|| self.try_single(i).map(|(q, e)| (vec![q], e)));
            match found {
                Some((qs, end)) => {
                    out.extend(qs.into_iter().filter(|q| {
                        q.value.is_finite()
                            && q.max.is_none_or(f64::is_finite)
                            && q.tolerance.is_none_or(f64::is_finite)
                    }));
                    i = end.max(i + 1);
                }
                None => i = self.skip_number_run(i),
            }
        }
        out.sort_by_key(|q| q.span.start);
        out
    }

    /// Whether the number at `i` is glued to what precedes it (`N52`,
    /// `Ti-6Al-4V`, `1/2`) and so not a quantity; see the module docs of
    /// [`super`].
    fn glued_left(&self, i: usize) -> bool {
        if i == 0 {
            return false;
        }
        let Some(p) = self.at(i - 1) else {
            return false;
        };
        if matches!(p, 'Φ' | 'φ' | 'ϕ' | 'Ø' | 'ø' | '⌀' | 'λ') {
            return false;
        }
        if is_word_letter(p) {
            // DC12V / AC220V
            if i >= 2
                && matches!(
                    self.cs[i - 2..i],
                    ['D', 'C'] | ['A', 'C'] | ['d', 'c'] | ['a', 'c']
                )
                && (i < 3 || !self.at(i - 3).is_some_and(is_word_letter))
            {
                return false;
            }
            return true;
        }
        if p.is_ascii_digit() {
            return true;
        }
        if i >= 2 {
            let pp = self.at(i - 2).unwrap_or(' ');
            let pp_word = is_glue(pp);
            let dc = i >= 3
                && matches!(self.cs[i - 3..i - 1], ['D', 'C'] | ['d', 'c'])
                && (i < 4 || !self.alnum_word(i - 4));
            if matches!(p, '-' | '_' | '.') && pp_word && !(p == '-' && dc) {
                return true;
            }
            if p == '/' && pp.is_ascii_digit() {
                return true;
            }
        }
        false
    }

    /// Longest unit at normalized position `k` (no whitespace skipping).
    fn unit_exact(&self, k: usize, prefix: Option<char>) -> Option<(usize, usize)> {
        let u = units();
        let first = match prefix {
            Some(p) => p,
            None => self.at(k)?,
        };
        let cands = u.by_first.get(&lower(first))?;
        let get = |idx: usize| -> Option<char> {
            match prefix {
                Some(p) if idx == 0 => Some(p),
                Some(_) => self.at(k + idx - 1),
                None => self.at(k + idx),
            }
        };
        let shift = usize::from(prefix.is_some());
        for &di in cands {
            let d = &u.defs[di];
            let matched = d.text.iter().enumerate().all(|(idx, &e)| {
                get(idx).is_some_and(|c| if d.ci { lower(c) == e } else { c == e })
            });
            if !matched {
                continue;
            }
            let end = k + d.text.len() - shift;
            if self.unit_boundary_ok(d, end) {
                return Some((di, end));
            }
        }
        None
    }

    /// Whether unit `d` may end at `end`: not followed by a letter or digit,
    /// nor by `/`, `·`, `^` and a letter (`5 mm/s`), nor katakana by katakana.
    fn unit_boundary_ok(&self, d: &UnitDef, end: usize) -> bool {
        let Some(next) = self.at(end) else {
            return true;
        };
        let last = d.text.last().copied().unwrap_or(' ');
        let after = self.at(end + 1);
        // Any letter or digit, CJK included (`5 W/台` is not `5 W`): Unicode's
        // alphanumeric class, not a word class of `text::chars`.
        let alnum_after = after.is_some_and(|c| c.is_alphanumeric() || c == '√');
        if matches!(next, '/' | '·' | '^') && alnum_after {
            return false;
        }
        if is_katakana(last) && is_katakana(next) {
            return false;
        }
        if is_glue(last) && is_glue(next) {
            // `500Wx2`: a count suffix may follow.
            if matches!(next, 'x' | 'X') && after.is_some_and(|c| c.is_ascii_digit()) {
                return true;
            }
            return false;
        }
        true
    }

    /// Unit after a number ending at `j`, allowing whitespace and a glued
    /// prefix multiplier (`1.2k W`).
    fn unit_after(&self, j: usize, value: f64) -> Option<UnitHit> {
        let k = self.skip_ws(j);
        let spaced = k > j;
        if let Some((def, end)) = self.unit_exact(k, None) {
            let d = &units().defs[def];
            if spaced || value.abs() >= d.glue_min {
                return Some(UnitHit {
                    def,
                    start: k,
                    end,
                    extra: 1.0,
                });
            }
        }
        let p = self.at(j)?;
        if matches!(p, 'k' | 'K' | 'M' | 'G') && self.at(j + 1).is_some_and(is_ws) {
            let k2 = self.skip_ws(j + 1);
            let pre = if p == 'K' { 'k' } else { p };
            if let Some((def, end)) = self.unit_exact(k2, Some(pre)) {
                // Only when the prefixed form is a real unit of the same base.
                if let Some((base, _)) = self.unit_exact(k2, None) {
                    let ud = units();
                    let f = |i: usize| match ud.defs[i].conv {
                        Conv::Linear { factor, .. } => factor,
                        _ => f64::NAN,
                    };
                    let ratio = f(def) / f(base);
                    if ud.defs[def].dim == ud.defs[base].dim
                        && (ratio / prefix_factor(pre) - 1.0).abs() < 1e-9
                    {
                        return Some(UnitHit {
                            def: base,
                            start: j,
                            end,
                            extra: prefix_factor(pre),
                        });
                    }
                }
            }
        }
        None
    }

    /// The conversion and dimension of a found unit, with its glued prefix.
    fn conv(&self, u: &UnitHit) -> (Conv, Dimension) {
        let d = &units().defs[u.def];
        let conv = match d.conv {
            Conv::Linear { factor, offset } => Conv::Linear {
                factor: factor * u.extra,
                offset,
            },
            c => c,
        };
        (conv, d.dim)
    }

    /// The unit as written in the original text.
    fn unit_text(&self, u: &UnitHit) -> String {
        self.orig(u.start, u.end)
    }

    /// Matches an ASCII-or-CJK token list at position `k` (case-insensitive
    /// for ASCII); word tokens need word boundaries.
    pub(super) fn match_token(&self, k: usize, tok: &str) -> bool {
        let mut n = 0;
        for (i, c) in tok.chars().enumerate() {
            if self.at(k + i).is_none_or(|x| lower(x) != c) {
                return false;
            }
            n = i + 1;
        }
        let word_end = tok.chars().last().is_some_and(|c| c.is_ascii_alphabetic());
        !(word_end && self.alnum_word(k + n))
    }

    /// Sign directly before `i`: returns the start position if signed.
    fn sign_at(&self, i: usize) -> Option<usize> {
        if i == 0 {
            return None;
        }
        let p = self.at(i - 1)?;
        if !matches!(p, '-' | '+') {
            return None;
        }
        if i >= 2 {
            let pp = self.at(i - 2)?;
            if is_glue(pp) || matches!(pp, '+' | '/' | '-') {
                return None;
            }
        }
        Some(i - 1)
    }

    /// `5N`, `4N5` purity at `i`.
    fn try_purity(&self, i: usize) -> Option<(Vec<Quantity>, usize)> {
        let n = self.at(i)?.to_digit(10)?;
        if !(2..=9).contains(&n) || self.at(i + 1) != Some('N') {
            return None;
        }
        let mut end = i + 2;
        let mut v = 1.0 - 10f64.powi(-(n as i32));
        if let Some(m) = self.at(end).and_then(|c| c.to_digit(10)) {
            if m == 0 {
                return None;
            }
            v = 1.0 - (10.0 - m as f64) * 10f64.powi(-(n as i32) - 1);
            end += 1;
        }
        if self.alnum_word(end) || self.digit(end) {
            return None;
        }
        let (bound, start) = self.prefix_op(i).unwrap_or((Bound::Exact, i));
        let (bound, end2) = self.apply_suffix(bound, end);
        let q = Quantity {
            value: v,
            max: None,
            dimension: Dimension::Fraction,
            bound,
            tolerance: None,
            count: None,
            span: self.span(start, end2),
            unit: "N".to_string(),
        };
        Some((vec![q], end2))
    }

    /// `a x b [x c] unit` forms: counts, body sides, pixel formats.
    fn try_multi(&self, i: usize) -> Option<(Vec<Quantity>, usize)> {
        let mut nums = vec![self.number(i)?];
        let mut starts = vec![i];
        loop {
            let j = nums.last()?.end;
            let k = self.skip_ws(j);
            if !matches!(self.at(k), Some('x' | 'X' | '×' | '*')) {
                break;
            }
            let k2 = self.skip_ws(k + 1);
            // `2x` followed by a letter word is not a multiplication.
            if !self.digit(k2) || nums.len() >= 3 {
                break;
            }
            let n = self.number(k2)?;
            starts.push(k2);
            nums.push(n);
        }
        if nums.len() < 2 {
            return None;
        }
        let last_end = nums.last()?.end;
        let unit = self.unit_after(last_end, nums.last()?.value);
        match unit {
            Some(u) => {
                let (conv, dim) = self.conv(&u);
                let utext = self.unit_text(&u);
                if dim == Dimension::Length {
                    let mut qs = Vec::new();
                    let (_, end) = self.apply_suffix(Bound::Exact, u.end);
                    for (k, n) in nums.iter().enumerate() {
                        let e = if k + 1 == nums.len() { u.end } else { n.end };
                        qs.push(Quantity {
                            value: conv.apply(n.value),
                            max: None,
                            dimension: dim,
                            bound: Bound::Exact,
                            tolerance: None,
                            count: None,
                            span: self.span(starts[k], e),
                            unit: utext.clone(),
                        });
                    }
                    return Some((qs, end));
                }
                if nums.len() != 2 {
                    return None;
                }
                if dim == Dimension::PixelCount
                    && u.extra == 1.0
                    && let Conv::Linear { factor, .. } = conv
                    && factor == 1.0
                {
                    let q = Quantity {
                        value: nums[0].value * nums[1].value,
                        max: None,
                        dimension: dim,
                        bound: Bound::Exact,
                        tolerance: None,
                        count: None,
                        span: self.span(i, u.end),
                        unit: utext,
                    };
                    return Some((vec![q], u.end));
                }
                let cnt = nums[0].int.filter(|c| (1..=1000).contains(c))?;
                let (bound, start) = self.prefix_op(i).unwrap_or((Bound::Exact, i));
                let (bound, end) = self.apply_suffix(bound, u.end);
                let q = Quantity {
                    value: conv.apply(nums[1].value),
                    max: None,
                    dimension: dim,
                    bound,
                    tolerance: None,
                    count: u32::try_from(cnt).ok(),
                    span: self.span(start, end),
                    unit: utext,
                };
                Some((vec![q], end))
            }
            None => {
                if nums.len() != 2 {
                    return None;
                }
                let a = nums[0].int?;
                let b = nums[1].int?;
                if a < 32 || b < 32 || a > 100_000 || b > 100_000 {
                    return None;
                }
                if self.alnum_word(last_end) {
                    return None;
                }
                let q = Quantity {
                    value: (a * b) as f64,
                    max: None,
                    dimension: Dimension::PixelCount,
                    bound: Bound::Exact,
                    tolerance: None,
                    count: None,
                    span: self.span(i, last_end),
                    unit: String::new(),
                };
                Some((vec![q], last_end))
            }
        }
    }

    /// `1064/532 nm`, `50/60 Hz`: one quantity per number, sharing the unit.
    /// Fractions (`1/2 inch`, `3/4`) are not lists.
    fn try_slash_list(&self, i: usize) -> Option<(Vec<Quantity>, usize)> {
        let mut nums = vec![self.number(i)?];
        let mut starts = vec![i];
        while nums.len() < 4 {
            let j = nums.last()?.end;
            if self.at(j) != Some('/') || !self.digit(j + 1) {
                break;
            }
            starts.push(j + 1);
            nums.push(self.number(j + 1)?);
        }
        if nums.len() < 2 {
            return None;
        }
        if let [a, b] = nums.as_slice()
            && let (Some(x), Some(y)) = (a.int, b.int)
            && x < y
            && matches!(y, 2 | 4 | 8 | 16 | 32 | 64)
        {
            return None;
        }
        let last = nums.last()?;
        let u = self.unit_after(last.end, last.value)?;
        let (conv, dim) = self.conv(&u);
        let utext = self.unit_text(&u);
        let (bound, end) = self.apply_suffix(Bound::Exact, u.end);
        let qs = nums
            .iter()
            .enumerate()
            .map(|(k, n)| Quantity {
                value: conv.apply(n.value),
                max: None,
                dimension: dim,
                bound,
                tolerance: None,
                count: None,
                span: self.span(starts[k], if k + 1 == nums.len() { u.end } else { n.end }),
                unit: utext.clone(),
            })
            .collect();
        Some((qs, end))
    }

    /// A number at `k` with an optional `-`/`+` sign; whether it was signed.
    fn signed_num(&self, k: usize) -> Option<(Num, bool)> {
        match self.at(k)? {
            '-' | '+' if self.digit(k + 1) => {
                let neg = self.at(k) == Some('-');
                let mut n = self.number(k + 1)?;
                if neg {
                    n.value = -n.value;
                }
                Some((n, true))
            }
            _ => Some((self.number(k)?, false)),
        }
    }

    /// One quantity at `i`: a number with its unit, operators, a range end
    /// or a tolerance, and a trailing `x N` count.
    fn try_single(&self, i: usize) -> Option<(Quantity, usize)> {
        let mut n1 = self.number(i)?;
        // Operator directly before the digits (±, +/-) takes precedence over a sign.
        let (mut bound, mut start, signed) = match self.prefix_op(i) {
            Some((b @ Bound::PlusMinus, s)) => (b, s, false),
            _ => match self.sign_at(i) {
                Some(s) => {
                    if self.at(s) == Some('-') {
                        n1.value = -n1.value;
                    }
                    let (b, st) = self.prefix_op(s).unwrap_or((Bound::Exact, s));
                    (b, st, true)
                }
                None => {
                    let (b, st) = self.prefix_op(i).unwrap_or((Bound::Exact, i));
                    (b, st, false)
                }
            },
        };
        let u1 = self.unit_after(n1.end, n1.value);
        let after1 = u1.as_ref().map(|u| u.end).unwrap_or(n1.end);
        let k = self.skip_ws(after1);

        let mut unit = None;
        let mut max_raw: Option<(f64, Option<UnitHit>)> = None;
        let mut tol_raw: Option<(f64, Option<UnitHit>)> = None;
        let mut end = after1;

        // Tolerance
        let tol_tok = ["±", "+/-", "+-"]
            .iter()
            .find(|t| self.match_token(k, t))
            .map(|t| k + t.chars().count());
        if let Some(tk) = tol_tok.filter(|_| bound != Bound::PlusMinus) {
            let tk = self.skip_ws(tk);
            if let Some(tn) = self.number(tk) {
                let tu = self.unit_after(tn.end, tn.value);
                let tend = tu.as_ref().map(|u| u.end).unwrap_or(tn.end);
                if u1.is_some() || tu.is_some() {
                    tol_raw = Some((tn.value, tu));
                    end = tend;
                }
            }
        } else if let Some(rk) = self
            .range_sep(k)
            .or_else(|| (self.between_before(start) && self.match_token(k, "and")).then_some(k + 3))
        {
            let rk = self.skip_ws(rk);
            if let Some((n2, _)) = self.signed_num(rk) {
                let u2 = self.unit_after(n2.end, n2.value);
                if let Some(u2) = u2 {
                    let same = u1
                        .as_ref()
                        .is_none_or(|u| units().defs[u.def].dim == units().defs[u2.def].dim);
                    if same {
                        end = u2.end;
                        max_raw = Some((n2.value, Some(u2)));
                    }
                }
            }
        }

        // Resolve the main unit.
        let main_unit = match (&u1, &max_raw, &tol_raw) {
            (Some(_), _, _) => u1,
            (None, Some((_, Some(_))), _) => None,
            (None, _, Some((_, Some(_)))) => None,
            _ => return None,
        };
        let (conv, dim) = match &main_unit {
            Some(u) => self.conv(u),
            None => {
                let u = max_raw
                    .as_ref()
                    .and_then(|m| m.1.as_ref())
                    .or_else(|| tol_raw.as_ref().and_then(|t| t.1.as_ref()))?;
                unit = Some(self.unit_text(u));
                self.conv(u)
            }
        };
        if unit.is_none() {
            unit = main_unit.as_ref().map(|u| self.unit_text(u));
        }
        // Signs only where negative values mean something.
        let signed_ok = conv.signed()
            || matches!(
                dim,
                Dimension::Temperature
                    | Dimension::Angle
                    | Dimension::AngularRate
                    | Dimension::Voltage
                    | Dimension::Current
            );
        if signed && !signed_ok {
            if n1.value < 0.0 {
                n1.value = -n1.value;
            }
            start = i;
            bound = Bound::Exact;
            if let Some((b, s)) = self.prefix_op(i) {
                bound = b;
                start = s;
            }
        }
        let value = if bound == Bound::PlusMinus {
            conv.delta(n1.value).unwrap_or(conv.apply(n1.value))
        } else {
            conv.apply(n1.value)
        };
        let mut max = None;
        if let Some((v2, u2)) = &max_raw {
            let c2 = match u2 {
                Some(u) if main_unit.is_some() => self.conv(u).0,
                _ => conv,
            };
            max = Some(c2.apply(*v2));
        }
        let mut tolerance = None;
        if let Some((tv, tu)) = &tol_raw {
            tolerance = match tu {
                Some(u) if units().defs[u.def].dim == dim => self.conv(u).0.delta(*tv),
                Some(u)
                    if units().defs[u.def].dim == Dimension::Fraction
                        && dim != Dimension::Fraction =>
                {
                    self.conv(u).0.delta(*tv).map(|f| (f * value).abs())
                }
                Some(_) => {
                    end = after1;
                    None
                }
                None => conv.delta(*tv),
            };
        }
        let (mut lo, mut hi) = (value, max);
        if let Some(h) = hi
            && h < lo
        {
            (lo, hi) = (h, Some(lo));
        }
        let (bound, mut end) = self.apply_suffix(bound, end);
        let mut count = None;
        // `500 W x 2`
        let k = self.skip_ws(end);
        if matches!(self.at(k), Some('x' | 'X' | '×' | '*')) {
            let k2 = self.skip_ws(k + 1);
            if let Some(n) = self.number(k2)
                && let Some(c) = n.int.filter(|c| (1..=1000).contains(c))
                && !self.alnum_word(n.end)
                && !self
                    .at(self.skip_ws(n.end))
                    .is_some_and(|c| c.is_ascii_digit())
                && self.unit_after(n.end, n.value).is_none()
            {
                count = u32::try_from(c).ok();
                end = n.end;
            }
        }
        Some((
            Quantity {
                value: lo,
                max: hi,
                dimension: dim,
                bound,
                tolerance,
                count,
                span: self.span(start, end),
                unit: unit.unwrap_or_default(),
            },
            end,
        ))
    }
}

/// A count of the scanner's character reads ([`Scanner::at`]) on this
/// thread, in test builds only: the tests measure the scanner's work in
/// steps, which unlike time does not depend on the machine.
#[cfg(test)]
pub(super) mod steps {
    use std::cell::Cell;

    thread_local! {
        static STEPS: Cell<u64> = const { Cell::new(0) };
    }

    pub(super) fn count() {
        STEPS.with(|s| s.set(s.get() + 1));
    }

    /// The character reads `f` makes on this thread.
    pub(in crate::quantity) fn of<T>(f: impl FnOnce() -> T) -> (T, u64) {
        let before = STEPS.with(Cell::get);
        let out = f();
        (out, STEPS.with(Cell::get) - before)
    }
}
