//! Harmonized System (HS) customs codes.
//!
//! Codes are compared as digit strings: punctuation and spaces in
//! `8505.11.00`, `8505 11` or `2846-90` are ignored. The first six digits are
//! the international HS subheading; digits beyond six belong to a national
//! scheme (CN, EU CN/TARIC, US HTS, JP …) and are only compared with codes of
//! the same scheme.

use std::fmt;

/// The most digits a code may have (national schemes use up to 12).
pub const MAX_DIGITS: usize = 12;

/// Number of digits of the international (HS) part of a code.
pub const INTERNATIONAL_DIGITS: usize = 6;

/// A customs code as a string of 2 to 12 digits.
///
/// ```
/// use dualuse::HsCode;
/// let code: HsCode = "8505.11.00".parse()?;
/// assert_eq!(code.digits(), "85051100");
/// assert_eq!(code.to_string(), "8505.11.00");
/// assert_eq!(code.international(), "850511");
/// # Ok::<(), dualuse::HsError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct HsCode {
    digits: String,
}

/// Why a string is not an HS code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum HsError {
    /// The string has a character other than digits, `.`, `-` or spaces.
    #[error(
        "HS code `{code}` has the character `{found}`; only digits, `.`, `-` and spaces are allowed"
    )]
    BadCharacter {
        /// The code as given.
        code: String,
        /// The offending character.
        found: char,
    },
    /// Too few or too many digits.
    #[error("HS code `{code}` has {len} digits; expected {min} to {max}")]
    BadLength {
        /// The code as given.
        code: String,
        /// Its number of digits.
        len: usize,
        /// Fewest digits allowed.
        min: usize,
        /// Most digits allowed.
        max: usize,
    },
}

impl HsCode {
    /// Parses a code of 2 to [`MAX_DIGITS`] digits.
    pub fn parse(s: &str) -> Result<HsCode, HsError> {
        HsCode::parse_len(s, 2, MAX_DIGITS)
    }

    /// Parses a code whose digit count lies in `min..=max`.
    pub fn parse_len(s: &str, min: usize, max: usize) -> Result<HsCode, HsError> {
        let mut digits = String::with_capacity(s.len());
        for c in s.trim().chars() {
            match c {
                '0'..='9' => digits.push(c),
                '.' | '-' | ' ' | '．' | '－' | '　' => {}
                // Full-width digits, as in some Japanese and Chinese files.
                '０'..='９' => digits.push(char::from(b'0' + (c as u32 - '０' as u32) as u8)),
                _ => {
                    return Err(HsError::BadCharacter {
                        code: s.to_string(),
                        found: c,
                    });
                }
            }
        }
        if digits.len() < min || digits.len() > max {
            return Err(HsError::BadLength {
                code: s.to_string(),
                len: digits.len(),
                min,
                max,
            });
        }
        Ok(HsCode { digits })
    }

    /// The digits of the code.
    pub fn digits(&self) -> &str {
        &self.digits
    }

    /// The international part: the first six digits (or fewer, if the code
    /// is shorter).
    pub fn international(&self) -> &str {
        &self.digits[..self.digits.len().min(INTERNATIONAL_DIGITS)]
    }

    /// Number of digits.
    pub fn len(&self) -> usize {
        self.digits.len()
    }

    /// Always false: a code has at least two digits.
    pub fn is_empty(&self) -> bool {
        self.digits.is_empty()
    }
}

/// Serializes as the digit string.
impl serde::Serialize for HsCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.digits)
    }
}

impl std::str::FromStr for HsCode {
    type Err = HsError;
    fn from_str(s: &str) -> Result<HsCode, HsError> {
        HsCode::parse(s)
    }
}

impl HsCode {
    /// Appends the code as [`Display`](fmt::Display) writes it (`8505.11.00`),
    /// without going through `fmt`.
    pub(crate) fn write_dotted(&self, out: &mut Vec<u8>) {
        let d = self.digits.as_bytes();
        out.extend_from_slice(&d[..d.len().min(4)]);
        for pair in d.get(4..).unwrap_or_default().chunks(2) {
            out.push(b'.');
            out.extend_from_slice(pair);
        }
    }
}

/// Formats as `8505`, `8505.11`, `8505.11.00`, `2846.90.19.40`: a dot after
/// the heading and after every further pair of digits.
impl fmt::Display for HsCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = &self.digits;
        f.write_str(&d[..d.len().min(4)])?;
        let mut i = 4;
        while i < d.len() {
            f.write_str(".")?;
            f.write_str(&d[i..d.len().min(i + 2)])?;
            i += 2;
        }
        Ok(())
    }
}

/// How an item's code relates to a rule's code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Relation {
    /// The item's code is shorter than the rule's (at least four digits) and
    /// agrees with it: the item is not precise enough to tell.
    Overlapping,
    /// The item's code starts with the rule's code.
    Within,
}

impl Relation {
    /// Relates an item code to a rule code, both as digit strings.
    pub fn of(item: &str, rule: &str) -> Option<Relation> {
        if item.starts_with(rule) {
            Some(Relation::Within)
        } else if item.len() >= 4 && rule.starts_with(item) {
            Some(Relation::Overlapping)
        } else {
            None
        }
    }

    /// `within` or `overlapping`.
    pub fn as_str(self) -> &'static str {
        match self {
            Relation::Within => "within",
            Relation::Overlapping => "overlapping",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `write_dotted` writes what `Display` writes, at every length.
    #[test]
    fn write_dotted_is_display() {
        let digits = "85051100123456";
        for len in 2..=digits.len().min(MAX_DIGITS) {
            let code = HsCode::parse(&digits[..len]).unwrap();
            let mut out = Vec::new();
            code.write_dotted(&mut out);
            assert_eq!(String::from_utf8(out).unwrap(), code.to_string());
        }
    }

    #[test]
    fn parses_common_forms() {
        assert_eq!(HsCode::parse("8505.11").unwrap().digits(), "850511");
        assert_eq!(HsCode::parse(" 8505 11 00 ").unwrap().digits(), "85051100");
        assert_eq!(HsCode::parse("２８０５．３０").unwrap().digits(), "280530");
        assert_eq!(HsCode::parse("2846-90").unwrap().digits(), "284690");
        assert!(matches!(
            HsCode::parse("85x5"),
            Err(HsError::BadCharacter { found: 'x', .. })
        ));
        assert!(matches!(
            HsCode::parse("8"),
            Err(HsError::BadLength { len: 1, .. })
        ));
        assert!(matches!(
            HsCode::parse(""),
            Err(HsError::BadLength { len: 0, .. })
        ));
        assert!(HsCode::parse("1234567890123").is_err());
    }

    #[test]
    fn formats_with_dots() {
        for (d, s) in [
            ("85", "85"),
            ("8505", "8505"),
            ("850511", "8505.11"),
            ("8505110", "8505.11.0"),
            ("2846901940", "2846.90.19.40"),
        ] {
            assert_eq!(HsCode::parse(d).unwrap().to_string(), s);
        }
    }

    #[test]
    fn relations() {
        assert_eq!(Relation::of("85051100", "850511"), Some(Relation::Within));
        assert_eq!(Relation::of("850511", "850511"), Some(Relation::Within));
        assert_eq!(Relation::of("8505", "850511"), Some(Relation::Overlapping));
        assert_eq!(Relation::of("850", "850511"), None);
        assert_eq!(Relation::of("850519", "850511"), None);
        assert_eq!(Relation::of("85", "85"), Some(Relation::Within));
    }
}
