//! Destination and origin names to ISO 3166 alpha-2 codes.
//!
//! A two-letter code is taken as written (upper-cased); the names of the
//! countries the measures and lists concern are recognised in English,
//! Chinese and Japanese, after the same normalization as item text. Any
//! other name is unknown, and an order naming an unknown destination gets
//! a `review`, never a guess.

/// (code, names), names in normalized form.
const NAMES: &[(&str, &[&str])] = &[
    ("JP", &["japan", "日本", "日本国", "ジャパン"]),
    (
        "US",
        &[
            "united states",
            "united states of america",
            "usa",
            "u.s.",
            "u.s.a.",
            "america",
            "美国",
            "米国",
            "アメリカ",
            "アメリカ合衆国",
        ],
    ),
    (
        "CN",
        &[
            "china",
            "people's republic of china",
            "prc",
            "p.r.c.",
            "中国",
            "中华人民共和国",
            "中華人民共和国",
        ],
    ),
    ("TW", &["taiwan", "chinese taipei", "台湾"]),
    (
        "KR",
        &[
            "south korea",
            "korea",
            "republic of korea",
            "韩国",
            "韓国",
            "大韩民国",
            "大韓民国",
        ],
    ),
    ("SG", &["singapore", "新加坡", "シンガポール"]),
    ("HK", &["hong kong", "香港"]),
    ("DE", &["germany", "德国", "ドイツ"]),
    (
        "NL",
        &["netherlands", "the netherlands", "荷兰", "オランダ"],
    ),
    (
        "GB",
        &["united kingdom", "uk", "great britain", "英国", "イギリス"],
    ),
    ("FR", &["france", "法国", "フランス"]),
    ("IN", &["india", "印度", "インド"]),
    ("VN", &["vietnam", "viet nam", "越南", "ベトナム"]),
    ("TH", &["thailand", "泰国", "タイ"]),
    ("MY", &["malaysia", "马来西亚", "マレーシア"]),
    ("RU", &["russia", "russian federation", "俄罗斯", "ロシア"]),
];

/// [`NAMES`] normalized as text is, once.
fn normalized_names() -> &'static [(&'static str, String)] {
    static NORMALIZED: std::sync::OnceLock<Vec<(&'static str, String)>> =
        std::sync::OnceLock::new();
    NORMALIZED.get_or_init(|| {
        NAMES
            .iter()
            .flat_map(|(c, names)| names.iter().map(move |n| (*c, crate::text::normalize(n))))
            .collect()
    })
}

/// The ISO alpha-2 code of a country given by code or name.
pub(crate) fn code(s: &str) -> Option<&'static str> {
    let t = s.trim();
    if let [a, b] = *t.as_bytes() {
        if a.is_ascii_alphabetic() && b.is_ascii_alphabetic() {
            // Every order line has a destination: no allocation, no
            // search, one entry of a 26 × 26 table.
            let pair = usize::from(a.to_ascii_uppercase() - b'A') * 26
                + usize::from(b.to_ascii_uppercase() - b'A');
            return match CODE_OF_PAIR[pair] {
                0 => None,
                k => Some(ALL_CODES[usize::from(k) - 1]),
            };
        }
    }
    let n = crate::text::normalize(t);
    normalized_names()
        .iter()
        .find(|(_, name)| *name == n)
        .map(|(c, _)| *c)
}

/// Per pair of capitals (`AA` = 0, `AB` = 1, … `ZZ` = 675): 1 + its index
/// in [`ALL_CODES`], or 0 if it is no assigned code.
const CODE_OF_PAIR: [u16; 26 * 26] = {
    let mut t = [0u16; 26 * 26];
    let mut k = 0;
    while k < ALL_CODES.len() {
        let c = ALL_CODES[k].as_bytes();
        t[(c[0] - b'A') as usize * 26 + (c[1] - b'A') as usize] = k as u16 + 1;
        k += 1;
    }
    t
};

/// The officially assigned ISO 3166-1 alpha-2 codes, sorted.
const ALL_CODES: &[&str] = &[
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ",
    "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS",
    "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN",
    "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE",
    "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF",
    "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM",
    "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM",
    "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC",
    "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK",
    "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA",
    "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG",
    "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW",
    "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS",
    "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO",
    "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
    "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_code_table_is_sorted_and_the_bit_table_agrees() {
        assert!(ALL_CODES.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(ALL_CODES.len(), 249);
        // Every two-letter pair, in both cases: a code exactly when listed.
        for a in b'A'..=b'Z' {
            for b in b'A'..=b'Z' {
                let pair = String::from_utf8(vec![a, b]).unwrap();
                let listed = ALL_CODES.binary_search(&pair.as_str()).is_ok();
                assert_eq!(code(&pair), listed.then_some(pair.as_str()), "{pair}");
                assert_eq!(
                    code(&pair.to_lowercase()),
                    listed.then_some(pair.as_str()),
                    "{pair}"
                );
            }
        }
    }

    #[test]
    fn every_pair_of_letters_is_its_code_or_none() {
        for a in b'A'..=b'Z' {
            for b in b'A'..=b'Z' {
                let pair = String::from_utf8(vec![a, b]).unwrap();
                let expected = ALL_CODES.iter().find(|c| **c == pair).copied();
                assert_eq!(code(&pair), expected, "{pair}");
                assert_eq!(code(&pair.to_lowercase()), expected, "{pair}");
            }
        }
    }

    #[test]
    fn codes_and_names() {
        assert_eq!(code("JP"), Some("JP"));
        assert_eq!(code("jp"), Some("JP"));
        assert_eq!(code("Japan"), Some("JP"));
        assert_eq!(code("日本"), Some("JP"));
        assert_eq!(code("米国"), Some("US"));
        assert_eq!(code("美國"), Some("US"), "traditional forms fold");
        assert_eq!(code("U.S.A."), Some("US"));
        assert_eq!(code("XX"), None);
        assert_eq!(code("Atlantis"), None);
        assert_eq!(code(""), None);
    }
}
