//! CAS Registry Numbers: parsing, check-digit validation, and finding them
//! in a description.
//!
//! A CAS RN is written `NNNNNNN-NN-R`: two to seven digits (no leading
//! zero), a hyphen, two digits, a hyphen and a check digit `R`. The check
//! digit is the sum of the other digits, each multiplied by its position
//! counted from the right (1, 2, 3, …), modulo 10: for `7440-54-2`,
//! `4·1 + 5·2 + 0·3 + 4·4 + 4·5 + 7·6 = 92`, so `R = 2`. A number whose
//! check digit is wrong is not a CAS number (a typo, or a part number of
//! the same shape) and is never evidence.
//!
//! [`find`] scans the ORIGINAL description (not the normalized text):
//! normalization folds hyphens into spaces, which would make `7440 54 2`
//! in a list of dimensions look like a CAS number, and scanning the
//! original gives the byte spans that evidence needs without a map back.
//! The scanner accepts what NFKC would fold: full-width digits `０`–`９` and
//! the hyphen-like characters catalogs use (`‐ ‑ ‒ – − －` and the small
//! hyphen-minus).

use std::fmt;
use std::ops::Range;

/// A valid CAS Registry Number, as the integer of its digits
/// (`7440-54-2` is `7440542`). Without leading zeros in the first group,
/// the integer determines the number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Cas(pub(crate) u64);

impl fmt::Display for Cas {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0;
        write!(f, "{}-{:02}-{}", n / 1000, (n / 10) % 100, n % 10)
    }
}

/// Why a rule file's CAS number is not one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum CasError {
    /// Not of the form `NNNNNNN-NN-R` (2–7 digits without a leading zero,
    /// 2 digits, 1 check digit, ASCII hyphens).
    Malformed,
    /// Well formed, but the check digit is not the one the other digits
    /// give.
    CheckDigit {
        /// The check digit as written.
        found: u8,
        /// The check digit the other digits give.
        expected: u8,
    },
}

impl fmt::Display for CasError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CasError::Malformed => f.write_str(
                "is not a CAS Registry Number: expected 2 to 7 digits (no leading zero), a hyphen, 2 digits, a hyphen and a check digit, such as 7440-54-2",
            ),
            CasError::CheckDigit { found, expected } => write!(
                f,
                "has the wrong check digit {found}: the other digits give {expected}"
            ),
        }
    }
}

/// The check digit of the digits before it (`body` = first and second
/// group run together, as an integer).
fn check_digit(mut body: u64) -> u8 {
    let mut sum = 0u64;
    let mut weight = 1u64;
    while body > 0 {
        sum += (body % 10) * weight;
        body /= 10;
        weight += 1;
    }
    (sum % 10) as u8
}

/// Checks the groups of a CAS number: digit counts, no leading zero, check
/// digit. `first` and `first_len` are the value and digit count of the
/// first group, and so on.
fn validate(groups: [(u64, u32, bool); 3]) -> Result<Cas, CasError> {
    let [(a, a_len, a_zero), (b, b_len, _), (r, r_len, _)] = groups;
    if !(2..=7).contains(&a_len) || a_zero || b_len != 2 || r_len != 1 {
        return Err(CasError::Malformed);
    }
    let body = a * 100 + b;
    let expected = check_digit(body);
    if expected as u64 != r {
        return Err(CasError::CheckDigit {
            found: r as u8,
            expected,
        });
    }
    Ok(Cas(body * 10 + r))
}

/// Parses a CAS number as rule files write it: ASCII digits and hyphens
/// exactly (`7440-54-2`), check digit validated.
pub(crate) fn parse(s: &str) -> Result<Cas, CasError> {
    let mut parts = s.split('-');
    let mut groups = [(0u64, 0u32, false); 3];
    for g in &mut groups {
        let part = parts.next().ok_or(CasError::Malformed)?;
        if part.is_empty() || part.len() > 7 || !part.bytes().all(|b| b.is_ascii_digit()) {
            return Err(CasError::Malformed);
        }
        let value = part.bytes().fold(0u64, |v, b| v * 10 + u64::from(b - b'0'));
        *g = (value, part.len() as u32, part.starts_with('0'));
    }
    if parts.next().is_some() {
        return Err(CasError::Malformed);
    }
    validate(groups)
}

/// The value of an ASCII or full-width digit.
fn digit(c: char) -> Option<u64> {
    match c {
        '0'..='9' => Some(c as u64 - '0' as u64),
        '\u{FF10}'..='\u{FF19}' => Some(c as u64 - 0xFF10),
        _ => None,
    }
}

/// Hyphens and dashes that separate the groups of a CAS number (those NFKC
/// folds to `-` or that catalogs print instead of it).
fn is_hyphen(c: char) -> bool {
    matches!(
        c,
        '-' | '\u{2010}'..='\u{2013}' | '\u{2212}' | '\u{FE63}' | '\u{FF0D}'
    )
}

fn is_dot(c: char) -> bool {
    matches!(c, '.' | '\u{FF0E}')
}

/// A word character on the far side of a number glues it to a word
/// (`A7440-54-2`, `7440-54-2b`); Chinese and Japanese characters do not,
/// since those scripts write no spaces (`氧化钐12060-58-1`).
fn is_glue(c: char) -> bool {
    crate::text::chars::is_word_char(c)
}

/// One maximal run of digits and hyphens, as it is read.
#[derive(Default)]
struct Run {
    /// Byte offset of the run's first character (a digit or a hyphen).
    begin: usize,
    /// Byte offsets of the first and after the last digit.
    start: Option<usize>,
    end: usize,
    /// The groups seen so far (value, digits, leading zero); `groups` counts
    /// them, and a run with more than three or an empty one inside is
    /// `bad`.
    groups: [(u64, u32, bool); 3],
    count: usize,
    /// Hyphens read since the last digit: one separates groups, more
    /// than one inside a number makes it no CAS number (at either end of
    /// the run, hyphens are not part of the number).
    hyphens_after: u32,
    bad: bool,
}

impl Run {
    fn digit(&mut self, at: usize, len: usize, d: u64) {
        if self.bad {
            return;
        }
        if self.start.is_none() {
            self.start = Some(at);
            self.count = 1;
        } else if self.hyphens_after > 0 {
            if self.count == 3 || self.hyphens_after > 1 {
                self.bad = true;
                return;
            }
            self.count += 1;
        }
        self.hyphens_after = 0;
        self.end = at + len;
        let g = &mut self.groups[self.count - 1];
        if g.1 == 0 {
            g.2 = d == 0;
        }
        g.1 += 1;
        if g.1 > 7 {
            self.bad = true;
            return;
        }
        g.0 = g.0 * 10 + d;
    }

    fn hyphen(&mut self) {
        if self.start.is_some() {
            self.hyphens_after = self.hyphens_after.saturating_add(1);
        }
    }
}

/// Every CAS number with a valid check digit in `text`, in order: its
/// value and its byte span in `text`. One pass over the text, constant
/// work per character, whatever it holds.
///
/// A number must stand apart: the run of digits and hyphens it is read from
/// must be exactly one CAS number (`17440-54-2` and the part number
/// `123-45-6789` are not CAS numbers, nor is `7440-54-2-1`), with no
/// letter or digit of a space-separated script glued to it (`AB-7440-54-2`,
/// `7440-54-2A`) and no decimal point joining it to a number (`1.7440-54-2`,
/// `7440-54-2.5`). Catalog forms such as `CAS 7440-54-2`,
/// `CAS No.: 7440-54-2`, `[7440-54-2]` and `7440-54-2, 7440-55-3` are found.
pub(crate) fn find(text: &str, mut found: impl FnMut(Cas, Range<usize>)) {
    if !may_contain(text) {
        return;
    }
    // The two characters before the current run.
    let mut before: [Option<char>; 2] = [None, None];
    let mut run: Option<Run> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let d = digit(c);
        if d.is_some() || is_hyphen(c) {
            let r = run.get_or_insert_with(|| Run {
                begin: at,
                ..Run::default()
            });
            match d {
                Some(d) => r.digit(at, c.len_utf8(), d),
                None => r.hyphen(),
            }
            let next = chars.peek().map(|&(_, c)| c);
            if next.is_some_and(|n| digit(n).is_some() || is_hyphen(n)) {
                continue;
            }
            // The run ends here: decide it.
            let r = run.take().unwrap_or_default();
            if let (Some(start), false, 3) = (r.start, r.bad, r.count) {
                let after = {
                    let mut rest = text[at + c.len_utf8()..].chars();
                    [rest.next(), rest.next()]
                };
                let glued_before = (before[0].is_some_and(is_glue)
                    && !after_cas_label(text, r.begin))
                    || (before[0].is_some_and(is_dot)
                        && before[1].is_some_and(|p| digit(p).is_some()));
                let glued_after = after[0].is_some_and(is_glue)
                    || (after[0].is_some_and(is_dot)
                        && after[1].is_some_and(|n| digit(n).is_some()));
                if !glued_before && !glued_after {
                    if let Ok(cas) = validate(r.groups) {
                        found(cas, start..r.end);
                    }
                }
            }
            before = [None, None];
            before[0] = Some(c);
            continue;
        }
        before = [Some(c), before[0]];
    }
}

/// True if `text[..at]` ends with the word `CAS` (any case) standing
/// apart from what comes before it: `CAS-7782-42-5` and `CAS7440-54-2`
/// are how some rulings and catalogs glue the label to the number.
fn after_cas_label(text: &str, at: usize) -> bool {
    let Some(head) = text.get(..at) else {
        return false;
    };
    let n = head.len();
    n >= 3
        && head.as_bytes()[n - 3..].eq_ignore_ascii_case(b"cas")
        && !head[..n - 3].chars().next_back().is_some_and(is_glue)
}

/// False only when `text` cannot hold a CAS number: all ASCII and no
/// hyphen between two digits. A byte search, so the common line without
/// one costs little; non-ASCII text (full-width digits and dashes) is
/// always scanned.
fn may_contain(text: &str) -> bool {
    let b = text.as_bytes();
    if !b.is_ascii() {
        return true;
    }
    memchr::memchr_iter(b'-', b)
        .any(|i| i > 0 && b[i - 1].is_ascii_digit() && b.get(i + 1).is_some_and(u8::is_ascii_digit))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn all(text: &str) -> Vec<(String, &str)> {
        let mut v = Vec::new();
        find(text, |cas, span| v.push((cas.to_string(), &text[span])));
        v
    }

    #[test]
    fn parses_and_checks() {
        assert_eq!(parse("7440-54-2"), Ok(Cas(7440542)));
        assert_eq!(parse("7440-54-2").unwrap().to_string(), "7440-54-2");
        assert_eq!(parse("50-00-0").unwrap().to_string(), "50-00-0");
        assert_eq!(parse("1303-00-0").unwrap().to_string(), "1303-00-0");
        assert_eq!(
            parse("7440-54-3"),
            Err(CasError::CheckDigit {
                found: 3,
                expected: 2
            })
        );
        for bad in [
            "",
            "7440542",
            "7440-54",
            "7440-5-42",
            "0440-54-2",
            "7-54-2",
            "12345678-54-2",
            "7440-54-2-1",
            "7440 54 2",
            "７４４０-54-2",
            "7440–54–2",
            " 7440-54-2",
            "7440-54-22",
            "7440--54-2",
            "+7440-54-2",
        ] {
            assert_eq!(parse(bad), Err(CasError::Malformed), "{bad:?}");
        }
        assert_eq!(
            CasError::CheckDigit {
                found: 3,
                expected: 2
            }
            .to_string(),
            "has the wrong check digit 3: the other digits give 2"
        );
    }

    #[test]
    fn finds_catalog_forms() {
        for text in [
            "CAS 7440-54-2, 99.9%",
            "CAS No.: 7440-54-2",
            "CAS No.7440-54-2",
            "CAS#7440-54-2",
            "[7440-54-2]",
            "(7440-54-2)",
            "CAS：７４４０－５４－２",
            "氧化钆7440-54-2粉末",
            "7440\u{2011}54\u{2011}2",
            "7440–54–2",
            "Gd; 7440-54-2.",
            "CAS -7440-54-2",
            "CAS-7440-54-2",
            "(CAS-7440-54-2)",
            "cas7440-54-2",
            "7440-54-2-",
            "7440-54-2--",
            "--7440-54-2",
        ] {
            let got = all(text);
            assert_eq!(got.len(), 1, "{text:?}: {got:?}");
            assert_eq!(got[0].0, "7440-54-2", "{text:?}");
            assert_eq!(
                got[0].1.chars().filter_map(digit).count(),
                7,
                "{text:?}: {got:?}"
            );
        }
        assert_eq!(
            all("7440-54-2,7440-55-3/1303-00-0 and 50-00-0"),
            [
                ("7440-54-2".to_string(), "7440-54-2"),
                ("7440-55-3".to_string(), "7440-55-3"),
                ("1303-00-0".to_string(), "1303-00-0"),
                ("50-00-0".to_string(), "50-00-0"),
            ]
        );
    }

    #[test]
    fn glued_or_invalid_numbers_are_not_found() {
        for text in [
            "17440-54-2",
            "7440-54-21",
            "1-7440-54-2",
            "7440-54-2-1",
            "AB-7440-54-2",
            "ABCAS-7440-54-2",
            "XCAS7440-54-2",
            "A7440-54-2",
            "7440-54-2A",
            "7440-54-2-A",
            "1.7440-54-2",
            "7440-54-2.5",
            "123-45-6789",
            "7440-54-3",
            "7440 54 2",
            "7440--54-2",
            "0440-54-2",
            "７４４０－５４－２ｂ",
            "",
            "-",
            "--7--",
        ] {
            assert!(all(text).is_empty(), "{text:?}: {:?}", all(text));
        }
    }

    /// A CAS number of `first` (its first group) and `second`, with its
    /// right check digit.
    fn valid(first: u64, second: u64) -> String {
        let r = check_digit(first * 100 + second);
        format!("{first}-{second:02}-{r}")
    }

    /// What may come before a number: catalog prefixes and punctuation.
    fn separator() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            " ",
            ", ",
            "; ",
            "[",
            "(",
            ": ",
            "CAS ",
            "CAS No.: ",
            "CAS#",
            "\t",
            "/",
            "钐",
            "、",
            "\n",
            "'",
            "\"",
        ])
    }

    /// What may come after a number.
    fn closer() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            " ", ", ", "; ", "]", ")", ". ", "\t", "/", "钐", "、", "\n", "'", "\"", "，",
        ])
    }

    fn filler() -> impl Strategy<Value = String> {
        "[a-zA-Z0-9 .,%()钐-]{0,12}"
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        /// A valid number between separators is found with its exact span.
        #[test]
        fn valid_numbers_are_found(
            first in 10u64..10_000_000,
            second in 0u64..100,
            head in filler(),
            tail in filler(),
            l in separator(),
            r in closer(),
        ) {
            let cas = valid(first, second);
            let text = format!("{head}{l}{cas}{r}{tail}");
            let start = head.len() + l.len();
            let mut found = Vec::new();
            find(&text, |c, span| found.push((c, span)));
            let want = (parse(&cas).unwrap(), start..start + cas.len());
            prop_assert!(found.contains(&want), "{text:?}: {found:?}");
            prop_assert_eq!(parse(&cas).unwrap().to_string(), cas);
        }

        /// A number with a wrong check digit is never found, wherever it is.
        #[test]
        fn wrong_check_digits_are_never_found(
            first in 10u64..10_000_000,
            second in 0u64..100,
            wrong in 1u64..10,
            l in separator(),
            r in closer(),
        ) {
            let good = check_digit(first * 100 + second) as u64;
            let bad = (good + wrong) % 10;
            let cas = format!("{first}-{second:02}-{bad}");
            let text = format!("{l}{cas}{r}");
            let mut found = Vec::new();
            find(&text, |c, span| found.push((c, span)));
            prop_assert!(found.is_empty(), "{text:?}: {found:?}");
            let err = parse(&cas).unwrap_err();
            prop_assert_eq!(err, CasError::CheckDigit { found: bad as u8, expected: good as u8 });
        }

        /// Whatever the text, nothing panics and everything found parses
        /// back from its span (after folding full-width forms).
        #[test]
        fn never_panics(text in "[0-9０-９\\-－–.a-z 钐]{0,64}") {
            find(&text, |c, span| {
                let s: String = text[span]
                    .chars()
                    .map(|ch| match digit(ch) {
                        Some(d) => char::from(b'0' + d as u8),
                        None => '-',
                    })
                    .collect();
                assert_eq!(parse(&s), Ok(c), "{text:?}");
            });
        }
    }

    /// Long runs of digits and hyphens take one pass: a few megabytes of
    /// them are scanned in well under a second (a quadratic scan would take
    /// hours).
    #[test]
    fn long_runs_are_linear() {
        for unit in ["1-", "12-", "7440-54-2-", "1", "-", "7440-54-2 ", "１－"] {
            let text = unit.repeat((2 << 20) / unit.len());
            let t = std::time::Instant::now();
            let mut n = 0usize;
            find(&text, |_, _| n += 1);
            assert!(t.elapsed().as_secs() < 20, "{unit:?}: {:?}", t.elapsed());
            if unit == "7440-54-2 " {
                assert_eq!(n, text.len() / unit.len());
            } else {
                assert_eq!(n, 0, "{unit:?}");
            }
        }
    }
}
