//! What a character is: separator, word character, CJK.
//!
//! Every part of the crate that asks "is this a word character?" or "is this
//! CJK?" asks here: normalization, term boundaries, pattern triggers,
//! parameter context words and the quantity scanner. Two tables that
//! disagreed (the quantity scanner's CJK blocks lacked `々` and Hangul Jamo,
//! so `々500W` found no quantity while `功率500W` did) are now one.

/// True for the characters that separate words and fold into one space.
pub(crate) fn is_separator(c: char) -> bool {
    matches!(
        c,
        '-' | '_' | '/' | '\u{00B7}' | '\u{30FB}' | '\u{2010}'..='\u{2015}' | '\u{2212}'
    ) || c.is_whitespace()
}

/// [`is_separator`] for an ASCII byte.
pub(crate) const fn is_ascii_separator(b: u8) -> bool {
    // char::is_whitespace in ASCII: `\t`, `\n`, vertical tab, form feed,
    // `\r` and space.
    matches!(b, b'-' | b'_' | b'/' | b' ' | b'\t'..=b'\r')
}

/// True for characters that lower-casing leaves unchanged. Normalized text
/// consists of such characters only (every character of it is the output of
/// lower-casing, and lower-casing is idempotent).
pub(crate) fn is_lower_fixed(c: char) -> bool {
    let mut l = c.to_lowercase();
    l.next() == Some(c) && l.next().is_none()
}

/// True for characters of scripts written without spaces between words
/// (Han, kana, Hangul): they never form word boundaries with Latin text.
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF      // Hangul Jamo
        | 0x2E80..=0x2FDF    // CJK radicals
        | 0x3005..=0x3007    // 々 〆 〇
        | 0x3040..=0x30FF    // Hiragana, Katakana
        | 0x3130..=0x318F    // Hangul compatibility Jamo
        | 0x31F0..=0x31FF    // Katakana phonetic extensions
        | 0x3400..=0x4DBF    // CJK extension A
        | 0x4E00..=0x9FFF    // CJK unified ideographs
        | 0xAC00..=0xD7AF    // Hangul syllables
        | 0xF900..=0xFAFF    // CJK compatibility ideographs
        | 0xFF66..=0xFF9F    // half-width Katakana
        | 0x20000..=0x3FFFF  // CJK extensions B–H
    )
}

/// True for characters that make up words for the purpose of boundaries:
/// letters and digits of scripts that separate words with spaces.
pub(crate) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && !is_cjk(c)
}

/// True for letters of scripts that separate words with spaces (Latin,
/// Greek, Cyrillic, ...): alphabetic and not [`is_cjk`]. Digits are not
/// letters; see [`is_word_char`] for letters and digits.
pub(crate) fn is_word_letter(c: char) -> bool {
    c.is_alphabetic() && !is_cjk(c)
}

/// True for the characters the regex syntax counts as word characters
/// (`\w`, which `\b` tests). Pattern triggers use it: a trigger literal
/// next to such a character cannot start or end a match at `\b`.
pub(crate) fn is_regex_word(c: char) -> bool {
    regex_syntax::try_is_word_character(c).unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_iteration_marks_and_jamo_are_cjk() {
        for c in ['々', '〆', '〇', '钐', 'サ', 'さ', '한', 'ᄀ', '\u{20000}'] {
            assert!(is_cjk(c), "{c:?}");
            assert!(!is_word_char(c), "{c:?}");
            assert!(!is_word_letter(c), "{c:?}");
        }
        for c in ['a', 'Z', 'é', 'ж', 'λ', '5'] {
            assert!(!is_cjk(c), "{c:?}");
            assert!(is_word_char(c), "{c:?}");
        }
        assert!(!is_word_letter('5'));
    }

    #[test]
    fn word_letters_are_word_chars() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            if is_word_letter(c) {
                assert!(is_word_char(c), "{c:?}");
            }
        }
    }
}
