//! Properties of normalization and HS codes.

use dualuse::{HsCode, Normalized, normalize};
use proptest::prelude::*;

/// The same words in simplified Chinese, traditional Chinese and Japanese
/// forms (each row one word, the simplified form first), so a term in one
/// writing must meet every other.
const VARIANT_WORDS: &[&[&str]] = &[
    &["镝", "鏑"],
    &["钆", "釓"],
    &["铽", "鋱"],
    &["钐", "釤"],
    &["镥", "鑥"],
    &["钪", "鈧"],
    &["钇", "釔"],
    &["镓", "鎵"],
    &["锗", "鍺"],
    &["锑", "銻"],
    &["稀土", "稀土"],
    &["磁铁", "磁鐵", "磁鉄"],
    &["合金", "合金"],
    &["铁", "鐵", "鉄"],
    &["电", "電"],
    &["日东电工", "日東電工"],
    &["矿石", "礦石", "鉱石"],
    &["精炼", "精鍊", "精錬"],
    &["广东", "廣東", "広東"],
    &["生产", "生產", "生産"],
    &["说明", "說明", "説明"],
    &["钐钴", "釤鈷"],
    &["氧化镝", "氧化鏑"],
    &["酸化镝", "酸化鏑"],
];

/// CJK text mixing simplified, traditional and Japanese forms: the words of
/// [`VARIANT_WORDS`] in any of their writings, with kana, separators, ASCII
/// and a compatibility ideograph (U+F91F, 蘭 -> 兰) between them.
fn cjk_variant_text() -> impl Strategy<Value = String> {
    let words: Vec<&'static str> = VARIANT_WORDS
        .iter()
        .flat_map(|w| w.iter().copied())
        .collect();
    let piece = prop_oneof![
        4 => prop::sample::select(words),
        1 => prop::sample::select(vec!["・", " ", "-", "の", "ネオジム", "Dy", "99.9%", "\u{F91F}", "e\u{301}", "\u{301}"]),
    ];
    prop::collection::vec(piece, 0..12).prop_map(|v| v.concat())
}

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
        "磁鐵",
        "鉄",
        "酸化鏑",
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

/// One word of [`VARIANT_WORDS`] written once in each of two of its forms.
fn variant_pair() -> impl Strategy<Value = (&'static str, &'static str)> {
    prop::sample::select(VARIANT_WORDS).prop_flat_map(|w| {
        (
            prop::sample::select(w.to_vec()),
            prop::sample::select(w.to_vec()),
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn normalization_is_idempotent(s in prop_oneof![mixed_text(), cjk_variant_text()]) {
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

    /// Every writing of a word normalizes alike, alone and within text, and
    /// the normalized word's span is the word as written.
    #[test]
    fn variant_forms_meet(
        (a, b) in variant_pair(),
        before in cjk_variant_text(),
        after in cjk_variant_text(),
    ) {
        prop_assert_eq!(normalize(a), normalize(b));
        let word = normalize(b);
        let text = format!("{before} {a} {after}");
        let n = Normalized::new(&text);
        let at = normalize(&format!("{before} ")).len();
        prop_assert_eq!(&n.as_str()[at..at + word.len()], word.as_str());
        let span = n.original_span(at..at + word.len()).unwrap();
        prop_assert_eq!(&text[span], a);
    }

    #[test]
    fn every_span_maps_back_to_the_original(s in prop_oneof![mixed_text(), cjk_variant_text(), any::<String>()]) {
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
