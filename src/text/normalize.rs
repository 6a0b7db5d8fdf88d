//! Text normalization shared by rule terms and input text.
//!
//! [`normalize`] applies, per character cluster (a starter and the combining
//! marks that follow it): Unicode NFKC, lower-casing, NFKC again (until
//! stable), CJK variant folding (every traditional or Japanese form of a Han
//! character to its simplified form, see [`super::variants`]), and then
//! folds every run of separators (white space, `-`, `_`, `/`, `·`, `・` and
//! the Unicode dashes) into one ASCII space. So `Ｎｄ-Ｆｅ-Ｂ`, `nd fe b` and
//! `ND_FE_B` all become `nd fe b`, and `酸化鏑` becomes `酸化镝`.
//!
//! [`Normalized`] keeps, for every byte of the normalized text, the byte range
//! of the original text it came from, so that matches found in normalized text
//! are reported as spans of the original.

use super::chars::{is_ascii_separator, is_lower_fixed, is_separator};
use super::variants;
use std::ops::Range;
use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

/// Returns the normalized form of `text`.
///
/// Normalization is idempotent: `normalize(&normalize(s)) == normalize(s)`.
///
/// ```
/// assert_eq!(dualuse::normalize("Ｎｄ-Ｆｅ-Ｂ  Magnet"), "nd fe b magnet");
/// assert_eq!(dualuse::normalize("SmCo_2:17"), "smco 2:17");
/// assert_eq!(dualuse::normalize("磁鐵"), dualuse::normalize("磁铁"));
/// ```
pub fn normalize(text: &str) -> String {
    let mut n = Normalized::default();
    n.set(text);
    n.text
}

/// Normalized text together with the map back into the original text.
///
/// A `Normalized` can be reused across texts ([`Normalized::set`]) so that
/// screening many items does not allocate per item.
#[derive(Debug, Default, Clone)]
pub struct Normalized {
    text: String,
    /// The map back to the original: consecutive pieces of the normalized
    /// text, in order. Typical ASCII text is one piece.
    pieces: Vec<Piece>,
    /// Scratch buffers for non-ASCII clusters.
    cluster: String,
    folded: String,
}

/// What normalized text holds for each ASCII byte: the byte lower-cased,
/// a separator as a space (runs of them are folded apart).
const ASCII_FOLD: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        t[b] = if is_ascii_separator(b as u8) {
            b' '
        } else {
            (b as u8).to_ascii_lowercase()
        };
        b += 1;
    }
    t
};

/// [`is_ascii_separator`] of each ASCII byte, as a table.
const ASCII_SEPARATOR: [bool; 128] = {
    let mut t = [false; 128];
    let mut b = 0;
    while b < 128 {
        t[b] = is_ascii_separator(b as u8);
        b += 1;
    }
    t
};

/// A stretch of normalized text and the original bytes it came from.
#[derive(Debug, Clone, Copy)]
struct Piece {
    /// First byte in the normalized text; the piece ends where the next
    /// begins (or at the end of the text).
    norm: usize,
    /// The original bytes.
    start: usize,
    end: usize,
    /// Byte `norm + k` came from original byte `start + k` (a run copied
    /// byte for byte, up to case, or characters replaced by variants of the
    /// same length). Otherwise every byte of the piece came from all of
    /// `start..end` (a folded separator run or a character cluster that NFKC
    /// or variant folding changed in length).
    identity: bool,
}

impl Normalized {
    /// Normalizes `original`.
    pub fn new(original: &str) -> Normalized {
        let mut n = Normalized::default();
        n.set(original);
        n
    }

    /// The normalized text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Maps a byte range of the normalized text back to the byte range of
    /// the original text that produced it.
    ///
    /// `None` unless `range` is non-empty, lies within the normalized text
    /// and starts and ends on character boundaries (as every match does).
    ///
    /// ```
    /// let n = dualuse::Normalized::new("Ｎｄ-Ｆｅ-Ｂ magnet");
    /// assert_eq!(n.as_str(), "nd fe b magnet");
    /// let span = n.original_span(8..14).unwrap();
    /// assert_eq!(&"Ｎｄ-Ｆｅ-Ｂ magnet"[span], "magnet");
    /// assert_eq!(n.original_span(14..8), None);
    /// assert_eq!(n.original_span(0..99), None);
    /// ```
    pub fn original_span(&self, range: Range<usize>) -> Option<Range<usize>> {
        let ok = range.start < range.end
            && self.text.is_char_boundary(range.start)
            && self.text.is_char_boundary(range.end);
        ok.then(|| self.match_span(range))
    }

    /// [`Normalized::original_span`] of a match: `range` is non-empty,
    /// within the text and on character boundaries. Otherwise the result
    /// is a meaningless (but valid, `start <= end`) range.
    pub(crate) fn match_span(&self, range: Range<usize>) -> Range<usize> {
        debug_assert!(range.start < range.end && range.end <= self.text.len());
        let start = match self.piece(range.start) {
            Some(p) if p.identity => p.start + (range.start - p.norm),
            Some(p) => p.start,
            None => 0,
        };
        let end = match range.end.checked_sub(1).and_then(|last| self.piece(last)) {
            Some(p) if p.identity => p.start + (range.end.saturating_sub(p.norm)),
            Some(p) => p.end,
            None => start,
        };
        start..end.max(start)
    }

    fn piece(&self, at: usize) -> Option<&Piece> {
        let i = self.pieces.partition_point(|p| p.norm <= at);
        self.pieces.get(i.checked_sub(1)?)
    }

    /// Releases memory beyond what a text of `bytes` bytes needs.
    pub(crate) fn shrink_to(&mut self, bytes: usize) {
        if self.text.capacity() > bytes {
            self.text = String::new();
            self.pieces = Vec::new();
        }
    }

    /// Replaces the contents with the normalization of `original`.
    pub fn set(&mut self, original: &str) {
        self.text.clear();
        self.pieces.clear();
        self.text.reserve(original.len());
        if original.is_ascii() {
            self.set_ascii(original);
            return;
        }
        let bytes = original.as_bytes();
        // Pending run of separators in the original: folded into one space
        // once the next non-separator arrives (or at the end).
        let mut sep: Option<Range<usize>> = None;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b.is_ascii() && !is_ascii_separator(b) {
                // Fast path: a run of ASCII word characters, none followed by
                // a combining mark, copied and lower-cased in bulk.
                let mut j = i + 1;
                while j < bytes.len() && bytes[j].is_ascii() && !is_ascii_separator(bytes[j]) {
                    j += 1;
                }
                if j < bytes.len() && !bytes[j].is_ascii() {
                    // The last one may carry a combining mark: slow path.
                    j -= 1;
                }
                if j > i {
                    self.flush_separator(&mut sep);
                    self.push_ascii_run(original, i..j);
                    i = j;
                    continue;
                }
            }
            if b.is_ascii() && bytes.get(i + 1).is_none_or(|n| n.is_ascii()) {
                // Fast path: an ASCII character not followed by a combining mark.
                if is_ascii_separator(b) {
                    extend(&mut sep, i..i + 1);
                } else {
                    self.flush_separator(&mut sep);
                    self.push_ascii_run(original, i..i + 1);
                }
                i += 1;
                continue;
            }
            let end = cluster_end(original, i);
            let mut chars = original[i..end].chars();
            if let (Some(c), None) = (chars.next(), chars.next()) {
                // A lone character that NFKC and lower-casing leave as it is
                // (most CJK): fold_cluster would return only its variant fold.
                if is_plain_cjk(c)
                    || (!is_separator(c)
                        && is_lower_fixed(c)
                        && is_nfkc_quick(std::iter::once(c)) == IsNormalized::Yes)
                {
                    let f = variants::fold(c);
                    self.flush_separator(&mut sep);
                    self.add_piece(i..end, f.len_utf8() == c.len_utf8());
                    self.text.push(f);
                    i = end;
                    continue;
                }
            }
            self.fold_cluster(&original[i..end], i..end, &mut sep);
            i = end;
        }
        self.flush_separator(&mut sep);
    }

    /// All-ASCII text: lower-case and fold separator runs, nothing else
    /// applies (ASCII is NFKC-stable and has no combining marks). Four
    /// rows in five of a catalog are ASCII. Each piece ends at the next run
    /// of two separators, found through a table, and is mapped into the
    /// text through another ([`ASCII_FOLD`]): about 8 instructions a byte,
    /// where pushing character by character with the checks inline cost
    /// about 24. `tests` checks it against that loop, text and pieces.
    fn set_ascii(&mut self, original: &str) {
        let bytes = original.as_bytes();
        let sep = |b: u8| ASCII_SEPARATOR[usize::from(b & 0x7F)];
        // Where the run of two or more separators at or after `from`
        // starts, or the end.
        // (`from` is never inside a run: it is 0 or follows one.)
        let next_run = |from: usize| {
            let mut prev = false;
            for (p, &b) in bytes[from..].iter().enumerate() {
                let s = sep(b);
                if prev & s {
                    return from + p - 1;
                }
                prev = s;
            }
            bytes.len()
        };
        let mut text = std::mem::take(&mut self.text).into_bytes();
        let mut i = 0;
        while i < bytes.len() {
            // One piece copied byte for byte (lower-cased, a lone separator
            // as a space), up to the next run of two or more separators.
            let start = i;
            i = next_run(i);
            if i > start {
                self.pieces.push(Piece {
                    norm: text.len(),
                    start,
                    end: i,
                    identity: true,
                });
                text.extend(
                    bytes[start..i]
                        .iter()
                        .map(|&b| ASCII_FOLD[usize::from(b & 0x7F)]),
                );
            }
            if i < bytes.len() {
                // A run of separators folds into one space.
                let mut k = i + 2;
                while k < bytes.len() && sep(bytes[k]) {
                    k += 1;
                }
                self.pieces.push(Piece {
                    norm: text.len(),
                    start: i,
                    end: k,
                    identity: false,
                });
                text.push(b' ');
                i = k;
            }
        }
        // ASCII in, ASCII out: the check cannot fail, and costs a fraction
        // of an instruction a byte on ASCII.
        self.text = String::from_utf8(text)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    }

    /// Appends `original[run]`, all ASCII non-separators, lower-cased.
    fn push_ascii_run(&mut self, original: &str, run: Range<usize>) {
        let at = self.text.len();
        self.add_piece(run.clone(), true);
        self.text.push_str(&original[run]);
        self.text[at..].make_ascii_lowercase();
    }

    /// Starts a piece at the current end of the text, merging an identity
    /// piece into the previous one when they are contiguous in both texts.
    fn add_piece(&mut self, span: Range<usize>, identity: bool) {
        if identity {
            if let Some(last) = self.pieces.last_mut() {
                if last.identity && last.end == span.start {
                    last.end = span.end;
                    return;
                }
            }
        }
        self.pieces.push(Piece {
            norm: self.text.len(),
            start: span.start,
            end: span.end,
            identity,
        });
    }

    fn fold_cluster(&mut self, cluster: &str, span: Range<usize>, sep: &mut Option<Range<usize>>) {
        self.cluster.clear();
        self.cluster.push_str(cluster);
        // NFKC, lower-case, and repeat until stable (lower-casing can produce
        // text that NFKC changes again, e.g. for some Greek and Cherokee letters).
        for _ in 0..4 {
            self.folded.clear();
            for c in self.cluster.nfkc() {
                self.folded.extend(c.to_lowercase());
            }
            let stable = self.folded.nfkc().eq(self.folded.chars());
            if stable {
                break;
            }
            self.cluster.clear();
            self.cluster.extend(self.folded.nfkc());
        }
        if self.folded.chars().any(|c| variants::fold(c) != c) {
            // A compatibility ideograph NFKC made a traditional form, or a
            // variant with a combining mark.
            self.cluster.clear();
            self.cluster.extend(self.folded.chars().map(variants::fold));
            std::mem::swap(&mut self.cluster, &mut self.folded);
        }
        let folded = std::mem::take(&mut self.folded);
        // One character of the same length maps byte for byte; anything
        // else maps every byte to the whole cluster.
        let mut chars = folded.chars();
        let single = matches!((chars.next(), chars.next()), (Some(_), None));
        let identity = single && folded.len() == span.len();
        let mut open = false;
        for c in folded.chars() {
            if is_separator(c) {
                extend(sep, span.clone());
                open = false;
            } else {
                self.flush_separator(sep);
                if !open {
                    self.add_piece(span.clone(), identity);
                    open = true;
                }
                self.text.push(c);
            }
        }
        self.folded = folded;
    }

    fn flush_separator(&mut self, sep: &mut Option<Range<usize>>) {
        if let Some(r) = sep.take() {
            let single = r.len() == 1;
            self.add_piece(r, single);
            self.text.push(' ');
        }
    }
}

fn extend(sep: &mut Option<Range<usize>>, r: Range<usize>) {
    match sep {
        Some(s) => s.end = r.end,
        None => *sep = Some(r),
    }
}

/// A character that begins a new cluster: a starter whose compatibility
/// decomposition also begins with a starter.
fn is_cluster_start(c: char) -> bool {
    c.is_ascii() || is_plain_cjk(c) || is_cluster_start_by_tables(c)
}

/// Han ideographs, hiragana, katakana and Hangul syllables of the common
/// blocks: NFKC and lower-casing leave each as it is and each starts a
/// cluster (a test checks every one against the Unicode tables), so the
/// common CJK text skips those table lookups and needs only the variant
/// fold.
fn is_plain_cjk(c: char) -> bool {
    matches!(c,
        '\u{4E00}'..='\u{9FFF}'     // CJK unified ideographs
        | '\u{3400}'..='\u{4DBF}'   // extension A
        | '\u{3041}'..='\u{3096}'   // hiragana
        | '\u{30A1}'..='\u{30FA}'   // katakana (not the middle dot U+30FB)
        | '\u{AC00}'..='\u{D7A3}'   // Hangul syllables
    )
}

fn is_cluster_start_by_tables(c: char) -> bool {
    if canonical_combining_class(c) != 0 {
        return false;
    }
    let mut first = None;
    unicode_normalization::char::decompose_compatible(c, |d| {
        if first.is_none() {
            first = Some(d);
        }
    });
    first.is_none_or(|d| canonical_combining_class(d) == 0)
}

/// End of the cluster that starts at byte `start` of `s`.
fn cluster_end(s: &str, start: usize) -> usize {
    let mut chars = s[start..].char_indices();
    let _ = chars.next();
    for (off, c) in chars {
        if is_cluster_start(c) {
            return start + off;
        }
    }
    s.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_cjk_normalizes_to_its_variant_fold_and_starts_clusters() {
        let plain = (0..=0x10FFFFu32)
            .filter_map(char::from_u32)
            .filter(|&c| is_plain_cjk(c));
        let mut n = 0;
        for c in plain {
            n += 1;
            assert!(!is_separator(c), "{c:?}");
            assert!(is_lower_fixed(c), "{c:?}");
            assert_eq!(
                is_nfkc_quick(std::iter::once(c)),
                IsNormalized::Yes,
                "{c:?}"
            );
            assert!(is_cluster_start_by_tables(c), "{c:?}");
            assert_eq!(normalize(&c.to_string()), variants::fold(c).to_string());
        }
        assert!(n > 38_000, "{n}");
    }

    /// The ASCII path as it was written first, character by character:
    /// the reference `set_ascii` must equal.
    fn set_ascii_by_char(n: &mut Normalized, original: &str) {
        n.text.clear();
        n.pieces.clear();
        let bytes = original.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let (norm, start) = (n.text.len(), i);
            while i < bytes.len() {
                let b = bytes[i];
                if is_ascii_separator(b) {
                    if bytes.get(i + 1).is_some_and(|&n| is_ascii_separator(n)) {
                        break;
                    }
                    n.text.push(' ');
                } else {
                    n.text.push(char::from(b.to_ascii_lowercase()));
                }
                i += 1;
            }
            if i > start {
                n.pieces.push(Piece {
                    norm,
                    start,
                    end: i,
                    identity: true,
                });
            }
            if i < bytes.len() {
                let mut k = i + 2;
                while k < bytes.len() && is_ascii_separator(bytes[k]) {
                    k += 1;
                }
                n.pieces.push(Piece {
                    norm: n.text.len(),
                    start: i,
                    end: k,
                    identity: false,
                });
                n.text.push(' ');
                i = k;
            }
        }
    }

    fn pieces(n: &Normalized) -> Vec<(usize, usize, usize, bool)> {
        n.pieces
            .iter()
            .map(|p| (p.norm, p.start, p.end, p.identity))
            .collect()
    }

    proptest::proptest! {
        /// The bulk ASCII path gives the text and pieces of the character
        /// loop, on text dense in separators and capitals, and reused.
        #[test]
        fn ascii_path_equals_the_character_loop(
            texts in proptest::collection::vec("[ -~\\t\\n\\r\\x0b\\x0c_/-]{0,40}", 1..4),
        ) {
            let mut fast = Normalized::default();
            let mut slow = Normalized::default();
            for t in &texts {
                fast.set(t);
                set_ascii_by_char(&mut slow, t);
                proptest::prop_assert_eq!(fast.as_str(), slow.as_str());
                proptest::prop_assert_eq!(pieces(&fast), pieces(&slow));
            }
        }
    }

    #[test]
    fn ascii_path_handles_edges() {
        let mut fast = Normalized::default();
        let mut slow = Normalized::default();
        for t in [
            "",
            "-",
            "--",
            "A",
            "A-",
            "-A",
            "A--B",
            "a - b",
            "  x  ",
            "Nd-Fe-B 5 KG",
            "a\t\nb",
        ] {
            fast.set(t);
            set_ascii_by_char(&mut slow, t);
            assert_eq!(fast.as_str(), slow.as_str(), "{t:?}");
            assert_eq!(pieces(&fast), pieces(&slow), "{t:?}");
        }
    }

    #[test]
    fn ascii_separators_are_the_separators() {
        for b in 0u8..128 {
            assert_eq!(is_ascii_separator(b), is_separator(char::from(b)), "{b}");
        }
    }

    #[test]
    fn folds_case_width_and_separators() {
        assert_eq!(normalize("Nd-Fe-B"), "nd fe b");
        assert_eq!(normalize("nd_fe_b"), "nd fe b");
        assert_eq!(normalize("ＮｄＦｅＢ"), "ndfeb");
        assert_eq!(normalize("Nd \t- / Fe"), "nd fe");
        assert_eq!(normalize("Dy₂O₃"), "dy2o3");
        assert_eq!(normalize("ﾈｵｼﾞﾑ磁石"), "ネオジム磁石");
        assert_eq!(normalize("Café"), "café");
        assert_eq!(normalize("ネオジム・鉄・ボロン"), "ネオジム 铁 ボロン");
        assert_eq!(normalize("Sm–Co"), "sm co");
    }

    #[test]
    fn spans_point_into_original() {
        let original = "Ｓｍ2Co17  magnet";
        let n = Normalized::new(original);
        assert_eq!(n.as_str(), "sm2co17 magnet");
        let at = n.as_str().find("magnet").unwrap();
        let span = n.original_span(at..at + 6).unwrap();
        assert_eq!(&original[span], "magnet");
        let span = n.original_span(0..2).unwrap();
        assert_eq!(&original[span], "Ｓｍ");
        // The folded separator maps to the whole run.
        let span = n.original_span(7..8).unwrap();
        assert_eq!(&original[span], "  ");
    }

    #[test]
    fn combining_marks_stay_with_their_base() {
        let original = "cafe\u{301} x";
        let n = Normalized::new(original);
        assert_eq!(n.as_str(), "caf\u{e9} x");
        let e = n.as_str().find('\u{e9}').unwrap();
        assert_eq!(&original[n.original_span(e..e + 2).unwrap()], "e\u{301}");
    }

    #[test]
    fn cjk_variants_meet() {
        for (a, b) in [
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
            ("鉄", "铁"),
            ("鉄", "鐵"),
            ("電", "电"),
            ("日東電工", "日东电工"),
            ("ネオジム鉄ボロン磁石", "ネオジム铁ボロン磁石"),
        ] {
            assert_eq!(normalize(a), normalize(b), "{a} / {b}");
        }
        assert_eq!(normalize("稀土合金"), "稀土合金");
        assert_eq!(normalize("酸化鏑 Dy2O3"), "酸化镝 dy2o3");
        // A compatibility ideograph: NFKC first, then the variant fold
        // (U+F9B2 is 零, which stays; U+F91F is 蘭, which folds to 兰).
        assert_eq!(normalize("\u{F9B2}\u{F91F}"), "零兰");
        // A Kangxi radical (NFKC) and a variant with a combining mark (the
        // cluster path) fold as the plain characters do.
        assert_eq!(normalize("稀\u{2F1F}"), normalize("稀土"));
        assert_eq!(normalize("鏑\u{301}"), "镝\u{301}");
        let n = Normalized::new("x鏑\u{301}");
        assert_eq!(&"x鏑\u{301}"[n.original_span(1..4).unwrap()], "鏑\u{301}");
    }

    #[test]
    fn spans_of_folded_variants_point_into_original() {
        // The term 镝 found in 酸化鏑 is the 鏑 of the original.
        let original = "高纯 酸化鏑 99.9%";
        let n = Normalized::new(original);
        let at = n.as_str().find("镝").unwrap();
        let span = n.original_span(at..at + "镝".len()).unwrap();
        assert_eq!(&original[span], "鏑");
        let at = n.as_str().find("酸化镝").unwrap();
        let span = n.original_span(at..at + "酸化镝".len()).unwrap();
        assert_eq!(&original[span], "酸化鏑");
        // A fold that changes the length (a supplementary-plane form to a
        // BMP one) maps the character to the whole original character.
        let (from, to) = variants_table_length_change();
        let original = format!("x{from}y");
        let n = Normalized::new(&original);
        assert_eq!(n.as_str(), format!("x{to}y"));
        let at = n.as_str().find(to).unwrap();
        let span = n.original_span(at..at + to.len_utf8()).unwrap();
        assert_eq!(&original[span], from.to_string());
        let y = n.as_str().find('y').unwrap();
        assert_eq!(&original[n.original_span(y..y + 1).unwrap()], "y");
    }

    /// A table entry whose two sides differ in UTF-8 length.
    fn variants_table_length_change() -> (char, char) {
        let all = (0x20000..0x40000u32).filter_map(char::from_u32);
        all.map(|c| (c, variants::fold(c)))
            .find(|(c, f)| c.len_utf8() != f.len_utf8())
            .unwrap()
    }

    #[test]
    fn normalized_text_is_lower_case() {
        // The pattern prefilter relies on this (engine::pattern::pattern_triggers).
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            for l in c.to_lowercase() {
                assert!(is_lower_fixed(l), "lower-casing {c:?} is not idempotent");
            }
            let n = normalize(c.encode_utf8(&mut [0; 4]));
            assert!(n.chars().all(is_lower_fixed), "normalize({c:?}) = {n:?}");
        }
        let n = normalize("ΣΊΣΥΦΟΣ Straße ǅ İstanbul ＫＥＬＶＩＮ K");
        assert!(n.chars().all(is_lower_fixed), "{n:?}");
    }
}
