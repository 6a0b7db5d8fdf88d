//! Properties of normalization and HS codes.

use dualuse::{HsCode, Normalized, normalize};
use proptest::prelude::*;

/// Text mixing ASCII, separators, case, full-width forms, combining marks,
/// Chinese, Japanese, Greek and Cyrillic.
fn mixed_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "Nd",
        "fe",
        "B",
        "SmCo",
        "Ｓｍ",
        "ＮｄＦｅＢ",
        "１２３",
        "-",
        "_",
        "/",
        "·",
        "・",
        " ",
        "\t",
        "\u{3000}",
        "钐钴",
        "磁铁",
        "ネオジム",
        "ﾈｵｼﾞﾑ",
        "Ωμ",
        "ДИС",
        "e\u{301}",
        "\u{301}",
        "ﬁ",
        "Å",
        "ß",
        "İ",
        "Dy₂O₃",
        "㎜",
        "①",
        "\u{f73}",
        "\u{0344}",
        "\u{1100}\u{1161}",
        "ǅ",
        "ᾈ",
    ]);
    prop::collection::vec(pieces, 0..16).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn normalization_is_idempotent(s in mixed_text()) {
        let once = normalize(&s);
        prop_assert_eq!(normalize(&once), once);
    }

    /// Any range, reversed, empty, out of bounds or inside a character,
    /// gives `None` or a span within the original: never a panic.
    #[test]
    fn original_span_takes_any_range(s in mixed_text(), a in 0usize..200, b in 0usize..200) {
        let n = Normalized::new(&s);
        let norm = n.as_str();
        let valid = a < b && norm.is_char_boundary(a) && norm.is_char_boundary(b);
        match n.original_span(a..b) {
            Some(r) => {
                prop_assert!(valid);
                prop_assert!(r.start <= r.end && r.end <= s.len());
            }
            None => prop_assert!(!valid),
        }
    }

    #[test]
    fn normalization_is_idempotent_on_any_text(s in any::<String>()) {
        let once = normalize(&s);
        prop_assert_eq!(normalize(&once), once);
    }

    #[test]
    fn every_span_maps_back_to_the_original(s in prop_oneof![mixed_text(), any::<String>()]) {
        let n = Normalized::new(&s);
        let norm = n.as_str();
        for (i, c) in norm.char_indices() {
            let r = n.original_span(i..i + c.len_utf8()).expect("one character");
            prop_assert!(r.start < r.end && r.end <= s.len());
            prop_assert!(s.is_char_boundary(r.start) && s.is_char_boundary(r.end));
            // The original piece normalizes to a string containing the character.
            let piece = normalize(&s[r.clone()]);
            if c == ' ' {
                prop_assert!(piece.is_empty() || piece.contains(' '), "{:?} -> {:?}", &s[r], piece);
            } else {
                prop_assert!(piece.contains(c), "{:?} -> {:?} lacks {:?}", &s[r], piece, c);
            }
        }
        // Spans are monotonic.
        let mut last = 0;
        for (i, c) in norm.char_indices() {
            let r = n.original_span(i..i + c.len_utf8()).expect("one character");
            prop_assert!(r.start >= last);
            last = r.start;
        }
    }

    #[test]
    fn separators_fold_to_one_space(parts in prop::collection::vec("[a-z]{1,4}", 1..6), seps in prop::collection::vec("[-_/ \t·]{1,3}", 5)) {
        let mut s = String::new();
        for (i, p) in parts.iter().enumerate() {
            if i > 0 {
                s.push_str(&seps[i % seps.len()]);
            }
            s.push_str(p);
        }
        prop_assert_eq!(normalize(&s), parts.join(" "));
    }

    #[test]
    fn hs_codes_round_trip(digits in "[0-9]{2,12}") {
        let code = HsCode::parse(&digits).unwrap();
        prop_assert_eq!(code.digits(), digits.as_str());
        let shown = code.to_string();
        let again = HsCode::parse(&shown).unwrap();
        prop_assert_eq!(&again, &code);
        prop_assert_eq!(again.to_string(), shown);
        prop_assert_eq!(code.international(), &digits[..digits.len().min(6)]);
    }

    #[test]
    fn hs_parse_never_panics(s in any::<String>()) {
        if let Ok(code) = HsCode::parse(&s) {
            prop_assert!(code.digits().bytes().all(|b| b.is_ascii_digit()));
            prop_assert!((2..=12).contains(&code.len()));
        }
    }
}
