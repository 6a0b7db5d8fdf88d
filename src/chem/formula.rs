//! Chemical formulas in the original text, where case carries meaning.
//!
//! `GaSb`, `InGaP`, `TbCl3·6H2O`, `Dy(NO3)3`, `Y2O3:Eu`, `Sm2Co17` and the
//! hyphenated element lists of alloys (`Nd-Pr-Tb`, `Sm-Co`) are read
//! element by element. A token is a formula only if it parses entirely
//! into element symbols with optional counts and groups, and it is
//! distinctive: at least two element parts and a digit, a group or a
//! two-letter symbol. So `GaP` is gallium phosphide while `gap` and `Gap`
//! are not formulas, `SW` (switch) and `USB` are not formulas (single
//! letters, no digit), and `Tb` alone (terabyte) is not one.
//!
//! Scanning is one pass over the text; each token is parsed once, and a
//! token longer than [`MAX_TOKEN`] bytes is skipped, so time is linear.

use crate::elements::is_symbol;
use std::ops::Range;

/// Longest token read as a formula.
const MAX_TOKEN: usize = 64;

/// A formula found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Formula {
    /// Byte span in the original text.
    pub(crate) span: Range<usize>,
    /// The distinct element symbols, in order of first appearance.
    pub(crate) elements: Vec<&'static str>,
    /// Written as a hyphenated list of elements (`Nd-Pr-Tb`): an alloy.
    pub(crate) hyphenated: bool,
    /// Has counts (`Sm2Co17`), not only symbols (`SmCo`, `NdFeB`).
    pub(crate) digits: bool,
}

/// Characters a formula token is made of.
fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'(' | b')' | b'[' | b']')
}

/// Whether `b` can start a formula: a symbol's capital or a group.
fn can_start(b: u8) -> bool {
    b.is_ascii_uppercase() || b == b'(' || b == b'['
}

/// The first position at or after `from` whose byte can start a formula.
/// Most text has few: blocks of sixteen bytes without one are passed in a
/// loop the compiler vectorizes.
fn next_candidate(bytes: &[u8], mut from: usize) -> Option<usize> {
    const BLOCK: usize = 16;
    while let Some(block) = bytes.get(from..from.saturating_add(BLOCK)) {
        let mut any = false;
        for &b in block {
            any |= can_start(b);
        }
        if any {
            break;
        }
        from += BLOCK;
    }
    let rest = bytes.get(from..)?;
    rest.iter().position(|&b| can_start(b)).map(|p| from + p)
}

/// Every formula of `text`, in order.
///
/// The text is read as runs: a token byte and every token byte or `-`
/// after it; bytes outside runs are skipped. Only runs whose first byte
/// can start a formula are parsed, so the scan jumps from one such byte to
/// the next and decides there whether a run starts (the byte before it,
/// past any `-`, is no token byte) or the byte lies inside a run that did
/// not (whose rest is then passed). `tests` checks it against the plain
/// byte-by-byte loop.
pub(crate) fn formulas(text: &str) -> Vec<Formula> {
    let bytes = text.as_bytes();
    let in_run = |b: u8| is_token_byte(b) || b == b'-';
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(start) = next_candidate(bytes, i) {
        // A `-` joins only after a token byte: a run starts here unless
        // one goes on through the `-`s before it.
        let mut q = start;
        while q > 0 && bytes[q - 1] == b'-' {
            q -= 1;
        }
        let starts_run = q == 0 || !is_token_byte(bytes[q - 1]);
        // Where the run (this one, or the one this byte is in) ends.
        let mut end = start;
        while end < bytes.len() && in_run(bytes[end]) {
            end += 1;
        }
        i = end;
        if !starts_run {
            continue;
        }
        while end > start && bytes[end - 1] == b'-' {
            end -= 1;
        }
        // Glued to a non-ASCII letter (`钐Sm`) the token still counts;
        // glued to other ASCII it cannot be (the run took all of it).
        if end - start > MAX_TOKEN {
            continue;
        }
        // A capital and two lower-case letters begin a word (`Dysprosium`,
        // `Office`), never a formula: no symbol has two lower-case letters.
        if let [b'A'..=b'Z', b'a'..=b'z', b'a'..=b'z', ..] = bytes[start..end] {
            continue;
        }
        if let Some(f) = parse_token(&text[start..end]) {
            out.push(Formula {
                span: start..end,
                ..f
            });
        }
    }
    out
}

/// Parses a whole token, or `None` if it is not a distinctive formula.
fn parse_token(token: &str) -> Option<Formula> {
    if token.contains('-') {
        // An element list: every part one symbol (`Nd-Pr-Tb`, `Sm-Co`),
        // checked before anything is collected (`Dysprosium-free`).
        if token.split('-').any(|p| !is_symbol(p)) || !token.split('-').any(|p| p.len() == 2) {
            return None;
        }
        let mut elements: Vec<&'static str> = Vec::new();
        for p in token.split('-') {
            let s = canonical(p)?;
            if !elements.contains(&s) {
                elements.push(s);
            }
        }
        return (elements.len() >= 2).then_some(Formula {
            span: 0..0,
            elements,
            hyphenated: true,
            digits: false,
        });
    }
    let b = token.as_bytes();
    // The distinct symbols seen so far, kept without allocating: most
    // capitalized tokens are words (`Dysprosium`) that fail after one.
    let mut seen: [&'static str; 16] = [""; 16];
    let mut n = 0usize;
    let (mut parts, mut digits, mut groups, mut two_letter) = (0usize, false, false, false);
    let mut depth = 0usize;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_uppercase() {
            let two = i + 1 < b.len() && b[i + 1].is_ascii_lowercase();
            let sym = if two && is_symbol(&token[i..i + 2]) {
                two_letter = true;
                &token[i..i + 2]
            } else if is_symbol(&token[i..i + 1]) {
                &token[i..i + 1]
            } else {
                return None;
            };
            i += sym.len();
            parts += 1;
            let s = canonical(sym)?;
            if !seen[..n].contains(&s) {
                // More distinct elements than any formula has: not one.
                *seen.get_mut(n)? = s;
                n += 1;
            }
        } else if c.is_ascii_digit() {
            // A count after an element or a group; a leading number
            // (`6H2O` after a dot, `2Tb`) is not part of a formula here.
            if i == 0 {
                return None;
            }
            digits = true;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
        } else if c == b'(' || c == b'[' {
            depth += 1;
            groups = true;
            i += 1;
        } else if c == b')' || c == b']' {
            depth = depth.checked_sub(1)?;
            i += 1;
        } else {
            // A lower-case letter not after a capital: an ordinary word.
            return None;
        }
    }
    // Of single-letter symbols only, a formula needs oxygen or fluorine
    // (`Y2O3`, `WO3`, `YF3`): grade and part codes are made of such
    // letters and digits too (`Y5P`, `Y5V` capacitor dielectrics, `Y30BH`
    // ferrite).
    let elements = &seen[..n];
    let plausible = two_letter || elements.iter().any(|e| matches!(*e, "O" | "F"));
    let distinctive = parts >= 2 && (digits || groups || two_letter) && plausible;
    (distinctive && depth == 0 && elements.len() >= 2).then(|| Formula {
        span: 0..0,
        elements: elements.to_vec(),
        hyphenated: false,
        digits,
    })
}

/// The `'static` spelling of a symbol.
fn canonical(sym: &str) -> Option<&'static str> {
    crate::elements::symbol(sym)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::strategy::Strategy;

    fn elements(text: &str) -> Vec<Vec<&'static str>> {
        formulas(text).into_iter().map(|f| f.elements).collect()
    }

    #[test]
    fn formulas_are_read_where_case_says_so() {
        assert_eq!(elements("GaSb wafer"), [vec!["Ga", "Sb"]]);
        assert_eq!(elements("InGaP epi"), [vec!["In", "Ga", "P"]]);
        assert_eq!(elements("GaN on Si epi wafer"), [vec!["Ga", "N"]]);
        // A hydrate count starts with a digit: only the salt is read.
        assert_eq!(elements("TbCl3·6H2O"), [vec!["Tb", "Cl"]]);
        assert_eq!(elements("Dy(NO3)3"), [vec!["Dy", "N", "O"]]);
        assert_eq!(elements("Y2O3:Eu"), [vec!["Y", "O"]]);
        assert_eq!(elements("Sm2Co17 magnet"), [vec!["Sm", "Co"]]);
        assert_eq!(elements("Nd-Pr-Tb alloy"), [vec!["Nd", "Pr", "Tb"]]);
        assert!(formulas("Nd-Pr-Tb alloy")[0].hyphenated);
        assert_eq!(elements("GaP"), [vec!["Ga", "P"]]);
    }

    #[test]
    fn ordinary_words_and_codes_are_not_formulas() {
        for text in [
            "gap",
            "Gap",
            "GAP",
            "SW",
            "USB",
            "PCB",
            "2Tb drive",
            "Tb",
            "TB",
            "In stock",
            "Scandium",
            "Co-op",
            "Y",
            "LED",
            "WC",
            "X-ray",
            "Y5P",
            "Y5V",
            "Y30BH",
            "Sm",
            "S-N",
            "A-B",
        ] {
            assert!(formulas(text).is_empty(), "{text}: {:?}", formulas(text));
        }
    }

    #[test]
    fn spans_are_tokens_of_the_original() {
        let text = "钐Sm2O3, [GdCl3] and Tb-Fe";
        let found: Vec<&str> = formulas(text)
            .iter()
            .map(|f| &text[f.span.clone()])
            .collect();
        assert_eq!(found, ["Sm2O3", "[GdCl3]", "Tb-Fe"]);
    }

    /// The scan as it was first written, byte by byte: the reference the
    /// skipping scan must agree with.
    fn formulas_byte_by_byte(text: &str) -> Vec<Formula> {
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if !is_token_byte(bytes[i]) {
                i += 1;
                continue;
            }
            // A token: token bytes, possibly joined by `-` into an element list.
            let start = i;
            while i < bytes.len() && (is_token_byte(bytes[i]) || bytes[i] == b'-') {
                i += 1;
            }
            let mut end = i;
            while end > start && bytes[end - 1] == b'-' {
                end -= 1;
            }
            // Glued to a non-ASCII letter (`钐Sm`) the token still counts;
            // glued to other ASCII it cannot be (the loop took all of it).
            if end - start > MAX_TOKEN {
                continue;
            }
            let token = &text[start..end];
            // Every formula starts with a symbol (a capital) or a group; a word
            // or a number never is one (most tokens end here, unparsed).
            if !matches!(bytes[start], b'A'..=b'Z' | b'(' | b'[') {
                continue;
            }
            if let Some(f) = parse_token(token) {
                out.push(Formula {
                    span: start..end,
                    ..f
                });
            }
        }
        out
    }

    /// Texts of capitals, lowercase, digits, groups, `-`, spaces and a
    /// non-ASCII letter, where runs and their starts fall everywhere.
    fn texts() -> impl proptest::strategy::Strategy<Value = String> {
        let parts = [
            "A", "Nd", "Fe", "B", "Sm", "Co", "Ga", "As", "O", "Y", "Tb", "Cl", "a", "b", "x", "2",
            "3", "17", "(", ")", "[", "]", "-", "--", " ", ":", ",", "·", "钐", "Dys", "Office",
            "in",
        ];
        proptest::collection::vec(proptest::sample::select(parts.to_vec()), 0..40)
            .prop_map(|p| p.concat())
    }

    proptest::proptest! {
        #[test]
        fn skipping_finds_what_the_byte_loop_finds(text in texts()) {
            proptest::prop_assert_eq!(formulas(&text), formulas_byte_by_byte(&text));
        }
    }

    #[test]
    fn long_tokens_are_skipped_in_linear_time() {
        let text = "GdCl3".repeat(100_000);
        assert!(formulas(&text).is_empty());
        let text = "GdCl3 ".repeat(20_000);
        assert_eq!(formulas(&text).len(), 20_000);
        // Capitals inside one long run, and a long chain of `-` before a
        // formula: each byte is looked at a bounded number of times.
        let text = format!("a{}", "-A".repeat(200_000));
        assert!(formulas(&text).is_empty());
        let text = format!("{}Sm2O3", "-".repeat(400_000));
        assert_eq!(formulas(&text).len(), 1);
    }
}
