//! Word boundaries: where a term may begin and end.
//!
//! A term that begins (ends) with a word character ([`is_word_char`]) only
//! matches where no word character precedes (follows) it, so `tb` does not
//! hit `tbsp`; CJK characters are not word characters, so CJK terms match
//! anywhere. Used by the term matcher and by parameter context words.

use super::chars::is_word_char;

/// True when `text[start..end]` is delimited on each side as a term with
/// these first and last characters needs: a term that begins (ends) with a
/// word character only matches where no word character precedes (follows).
pub(crate) fn at_boundaries(text: &str, start: usize, end: usize, left: bool, right: bool) -> bool {
    if left && text[..start].chars().next_back().is_some_and(is_word_char) {
        return false;
    }
    if right && text[end..].chars().next().is_some_and(is_word_char) {
        return false;
    }
    true
}

/// The boundary requirements of a normalized term: (left, right).
pub(crate) fn term_boundaries(term: &str) -> (bool, bool) {
    let left = term.chars().next().is_some_and(is_word_char);
    let right = term.chars().next_back().is_some_and(is_word_char);
    (left, right)
}

/// True when `needle` occurs in `hay` delimited as [`at_boundaries`]
/// requires for its first and last characters ([`term_boundaries`]).
/// Both are expected in normalized form.
pub(crate) fn contains_term(hay: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return false;
    }
    let (left, right) = term_boundaries(needle);
    let mut from = 0;
    while let Some(pos) = hay.get(from..).and_then(|h| h.find(needle)) {
        let s = from + pos;
        let e = s + needle.len();
        if at_boundaries(hay, s, e, left, right) {
            return true;
        }
        from = s + needle.chars().next().map_or(1, char::len_utf8);
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundaries() {
        assert_eq!(term_boundaries("tb"), (true, true));
        assert_eq!(term_boundaries("钐"), (false, false));
        assert_eq!(term_boundaries("ndfeb磁铁"), (true, false));
        assert!(!at_boundaries("tbsp", 0, 2, true, true));
        assert!(at_boundaries("tb metal", 0, 2, true, true));
        assert!(at_boundaries("ndfeb磁铁", 0, 5, true, true));
        assert!(!at_boundaries("smco5", 0, 4, true, true));
    }

    #[test]
    fn contains_term_respects_boundaries() {
        assert!(contains_term("output power 5 w", "power"));
        assert!(!contains_term("powerful", "power"));
        assert!(contains_term("激光功率", "功率"));
        assert!(contains_term("tb metal", "tb"));
        assert!(!contains_term("tbsp", "tb"));
        assert!(contains_term("tbsp tb", "tb"));
        assert!(!contains_term("", "tb"));
        assert!(!contains_term("tb", ""));
        // Non-ASCII letters are word characters too.
        assert!(!contains_term("énergie", "nergie"));
    }
}
