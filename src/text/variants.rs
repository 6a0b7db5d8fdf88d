//! CJK variant folding: traditional, simplified and Japanese forms of a Han
//! character fold to one representative, so that one term meets every
//! writing of it (`鏑`, `镝`; `鐵`, `鉄`, `铁`; `日東電工`, `日东电工`).
//!
//! **What folds.** 6,504 Han characters, each to its *simplified Chinese*
//! form: the CN rules are written in simplified Chinese, so their terms
//! stay as written. Characters of the Table of General Standard Chinese
//! Characters (通用规范汉字表, 8,105 characters: the repertoire simplified text
//! is written in) never fold: `于` and `於`, `欠` ('owe') and the shinjitai
//! of `缺`, `芸` ('rue') and the shinjitai of `藝` keep their own meanings.
//! Kana, Hangul and everything else are untouched.
//!
//! **From which data.** The Unicode Unihan database (Unicode 15.0, the
//! `unicode-data` package's `Unihan_*.txt`), by `scripts/gen_cjk_variants.py`
//! into the generated table `variants_table.rs`:
//!
//! 1. `kSimplifiedVariant`: a character folds to its first listed simplified
//!    variant other than itself (one of the standard repertoire preferred).
//!    Where that is a class-analogous form encoded only in the supplementary
//!    extensions (`鑑` → U+30FAB), a same-reading `kSemanticVariant` with a
//!    standard simplified form is taken instead (`鑑` ~ `鑒` → `鉴`).
//! 2. Japanese shinjitai: the kyūjitai → shinjitai pairs of
//!    `kJinmeiyoKanji`, the old forms of the 2010 Jōyō table (vetted by hand
//!    in the script and checked against Unihan) and a few vetted glyph
//!    variants (`産`/`產`, `査`/`查`): the shinjitai folds to what its old
//!    form folds to (`鉄` → `鐵` → `铁`, `広` → `廣` → `广`).
//! 3. `kZVariant` (one character, two glyphs: `説`/`說`, `値`/`值`).
//!
//! `kSemanticVariant` is not followed otherwise: it links characters of
//! related meaning that must not meet (`磁` 'magnetic' ~ `瓷` 'porcelain').
//! Chains are resolved to a fixed point, so folding is idempotent (tested
//! over the whole table). The known over-folding: a few shinjitai code points
//! are also rare Chinese characters of another reading (`伝` yún, `価` sì),
//! which fold with them.
//!
//! **Why a generated table.** No crate on crates.io offers Unihan's variant
//! fields: `zhconv` and `character_converter` convert whole phrases with
//! OpenCC/MediaWiki dictionaries (and `zhconv` is GPL), and neither knows
//! Japanese forms. The table is a sorted array of `(from, to)` pairs;
//! a bit set over the BMP, built at compile time from it, answers "not
//! folded" for most characters with one load.

use super::variants_table::VARIANTS;

/// One bit per BMP code point: set where [`VARIANTS`] has an entry.
static BMP_FOLDS: [u64; 1024] = bmp_bits();

const fn bmp_bits() -> [u64; 1024] {
    let mut bits = [0u64; 1024];
    let mut i = 0;
    while i < VARIANTS.len() {
        let c = VARIANTS[i].0 as u32;
        if c < 0x10000 {
            bits[(c >> 6) as usize] |= 1 << (c & 63);
        }
        i += 1;
    }
    bits
}

/// The simplified representative of `c` (`c` itself for all but the
/// 6,504 variant forms).
#[inline]
pub(crate) fn fold(c: char) -> char {
    let u = c as u32;
    if u < 0x3400 {
        return c;
    }
    if u < 0x10000 && BMP_FOLDS[(u >> 6) as usize] & (1 << (u & 63)) == 0 {
        return c;
    }
    if u >= 0x10000 && !(0x20000..0x40000).contains(&u) {
        return c;
    }
    match VARIANTS.binary_search_by_key(&c, |&(from, _)| from) {
        Ok(i) => VARIANTS[i].1,
        Err(_) => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::chars::{is_cjk, is_lower_fixed};
    use unicode_normalization::{IsNormalized, is_nfkc_quick};

    #[test]
    fn the_table_is_sorted_and_folding_is_idempotent() {
        assert!(VARIANTS.windows(2).all(|w| w[0].0 < w[1].0));
        for &(from, to) in &VARIANTS {
            assert_ne!(from, to);
            assert_eq!(fold(from), to, "{from:?}");
            // A fixed point: the representative does not fold again.
            assert_eq!(fold(to), to, "{from:?} -> {to:?} -> {:?}", fold(to));
        }
        assert_eq!(VARIANTS.len(), 6504);
    }

    #[test]
    fn both_sides_are_plain_han_characters() {
        // So normalization stays idempotent and boundaries do not change:
        // both are NFKC-stable, lower-case fixed CJK starters.
        for &(from, to) in &VARIANTS {
            for c in [from, to] {
                assert!(is_cjk(c), "{c:?}");
                assert!(is_lower_fixed(c), "{c:?}");
                assert_eq!(
                    is_nfkc_quick(std::iter::once(c)),
                    IsNormalized::Yes,
                    "{c:?}"
                );
                assert!(c.is_alphabetic(), "{c:?}");
            }
        }
    }

    #[test]
    fn fold_agrees_with_the_table_everywhere() {
        let mut folded = 0;
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let expected = VARIANTS
                .binary_search_by_key(&c, |&(from, _)| from)
                .map_or(c, |i| VARIANTS[i].1);
            assert_eq!(fold(c), expected, "{c:?}");
            folded += usize::from(fold(c) != c);
        }
        assert_eq!(folded, VARIANTS.len());
    }

    #[test]
    fn examples_meet() {
        let same = |a: &str, b: &str| {
            let f = |s: &str| s.chars().map(fold).collect::<String>();
            assert_eq!(f(a), f(b), "{a} / {b}");
        };
        // Rare-earth and other metals: traditional (and Japanese) / simplified.
        for (t, s) in [
            ("鏑", "镝"),
            ("釓", "钆"),
            ("鋱", "铽"),
            ("釤", "钐"),
            ("鑥", "镥"),
            ("鈧", "钪"),
            ("釔", "钇"),
            ("鎵", "镓"),
            ("鍺", "锗"),
            ("銻", "锑"),
            ("磁鐵", "磁铁"),
            ("電", "电"),
            ("日東電工", "日东电工"),
        ] {
            same(t, s);
            assert_eq!(t.chars().map(fold).collect::<String>(), s, "{t}");
        }
        // Japanese shinjitai, kyujitai and simplified: iron, ore, refining.
        same("鉄", "铁");
        same("鐵", "铁");
        same("鉱石", "矿石");
        same("精錬", "精炼");
        same("生産", "生产");
        same("広東", "广东");
        // Unchanged: forms the simplified repertoire writes itself.
        for c in [
            '稀', '土', '合', '金', '磁', '于', '於', '欠', '芸', '乾', 'ネ', '한',
        ] {
            assert_eq!(fold(c), c, "{c:?}");
        }
    }
}
