//! Partner elements: the other elements a named compound is made of.
//!
//! No. 23 and No. 33 list specific compounds (gallium arsenide, zinc
//! germanium phosphide, indium antimonide), so a mention of gallium must
//! also say what the gallium is joined to. A mention's *partners* are:
//!
//! - for a formula, all its other elements (`GaN` → N, `InGaAs` → In, As);
//! - for a name, the elements that the words of the same compound name
//!   say: anion and substituent words, glued to the name or next to it
//!   (`arsenide`, `arsanylidyne`, `nitrido`, `selan`, `oxo`, `garnet`,
//!   `砷化`, `窒化`, `塩化`), and the names of other elements in it
//!   (`indium gallium arsenide`, `zinc germanium phosphide`).
//!
//! The compound name is the *scope* of a name mention: the words around it
//! up to [`SCOPE_WORDS`] on each side, within the context window, cut at
//! punctuation that ends a name (`,` `:` `、` `;` followed by a space) and
//! at joining words (`on`, `and`, `for`, …). So `gallium nitride on silicon`
//! is GaN, and `gallium arsenide, indium phosphide` gives gallium only
//! arsenic. Partner words share the context-word automaton of the module
//! (one pass over the window per mention), so partners cost no extra pass.
//!
//! A set of elements is a [`Elements`] bit set (one bit per atomic number).

use std::ops::Range;

/// A set of elements, one bit per atomic number (bit 0: hydrogen).
pub(crate) type Elements = u128;

/// Not an element: the mark of an organic group whose carbon is not bonded
/// to the element: bound through O or S (carboxylates, alkoxides, chelates,
/// thiolates) or a separate ion (oxonium, azanium and thianthrenium
/// salts of a complex anion). Partner words of such groups add it
/// to C, O, H, so that a rule asking for hydrocarbon groups on the element
/// (`with = ["C", "H"]`, optionally with O) never takes `antimony
/// triacetate` or `antimony ethanolate`. Rules cannot name it (`with` takes
/// element symbols only), so an exact partner set never matches a mention
/// that carries it.
pub(crate) const LIGAND: Elements = 1 << 127;

/// The pseudo-symbol of [`LIGAND`] in [`PARTNER_WORDS`].
const LIGAND_SYMBOL: &str = "(ligand)";

/// `SYMBOLS` index + 1 by the symbol's letters; 0: none.
const INDEX: [u8; 26 * 27] = {
    let mut t = [0u8; 26 * 27];
    let symbols = crate::elements::SYMBOLS;
    let mut i = 0;
    while i < symbols.len() {
        let b = symbols[i].as_bytes();
        let second = if b.len() == 2 { b[1] - b'a' + 1 } else { 0 };
        t[(b[0] - b'A') as usize * 27 + second as usize] = (i + 1) as u8;
        i += 1;
    }
    t
};

/// The bit of element symbol `sym` (0 if it is none): a table lookup.
pub(crate) fn bit(sym: &str) -> Elements {
    if sym == LIGAND_SYMBOL {
        return LIGAND;
    }
    let slot = match sym.as_bytes() {
        [a @ b'A'..=b'Z'] => (a - b'A') as usize * 27,
        [a @ b'A'..=b'Z', b @ b'a'..=b'z'] => (a - b'A') as usize * 27 + (b - b'a') as usize + 1,
        _ => return 0,
    };
    match INDEX[slot] {
        0 => 0,
        i => 1 << (i - 1),
    }
}

/// The set of the given symbols.
pub(crate) fn set(symbols: &[&str]) -> Elements {
    symbols.iter().fold(0, |s, e| s | bit(e))
}

/// The symbols of a set, in order of atomic number.
#[cfg(test)]
pub(crate) fn symbols(set: Elements) -> Vec<&'static str> {
    crate::elements::SYMBOLS
        .iter()
        .enumerate()
        .filter(|(i, _)| set & (1 << i) != 0)
        .map(|(_, s)| *s)
        .collect()
}

/// Words (normalized, matched anywhere in a word of the scope) that name
/// the elements of a compound, with those elements.
///
/// The stems are chosen so that they say the element and nothing else:
/// `nitrid`, not `nitr` (a nitrate is no nitride, but holds N and O, and
/// says so); `arsen` covers arsenide, arsenic and arsenate (which adds O).
pub(crate) const PARTNER_WORDS: &[(&str, &[&str])] = &[
    // Arsenic.
    ("arsen", &["As"]),
    ("arsan", &["As"]),
    ("arsin", &["As"]),
    ("arsor", &["As"]),
    // Nitrogen.
    ("nitrid", &["N"]),
    ("nitrur", &["N"]),
    ("azanyl", &["N"]),
    ("azanid", &["N"]),
    ("azane", &["N"]),
    ("amid", &["N"]),
    ("amin", &["N"]),
    ("nitrat", &["N", "O"]),
    ("nitrit", &["N", "O"]),
    ("nitro", &["N", "O"]),
    ("phosphat", &["P", "O"]),
    ("sulfat", &["S", "O"]),
    ("sulphat", &["S", "O"]),
    ("arsenat", &["As", "O"]),
    ("antimonat", &["Sb", "O"]),
    ("selenat", &["Se", "O"]),
    ("silicat", &["Si", "O"]),
    ("gallat", &["Ga", "O"]),
    ("germanat", &["Ge", "O"]),
    ("cyan", &["C", "N"]),
    // Phosphorus.
    ("phosph", &["P"]),
    ("fosf", &["P"]),
    // Selenium and the other chalcogens.
    ("selen", &["Se"]),
    ("selan", &["Se"]),
    ("tellur", &["Te"]),
    ("tellan", &["Te"]),
    ("sulf", &["S"]),
    ("sulph", &["S"]),
    ("thio", &["S"]),
    ("mercapt", &["S"]),
    // Sulfur heterocycles, whose `thia` replacement prefix is too short to
    // stand alone (`lithia`).
    ("thianthren", &["S", LIGAND_SYMBOL]),
    ("thiophen", &["S"]),
    ("thiazol", &["S"]),
    // Antimony (as a partner of another element).
    ("antimon", &["Sb"]),
    ("stib", &["Sb"]),
    // Oxygen.
    ("oxid", &["O"]),
    ("oxyd", &["O"]),
    ("óxid", &["O"]),
    ("ossid", &["O"]),
    ("oxo", &["O"]),
    ("oxy", &["O"]),
    ("oxidan", &["O"]),
    // The replacement prefix of ring oxygen (`hexaoxa-…-tetrastiba…`).
    ("oxa", &["O"]),
    ("hydroxy", &["O", "H"]),
    ("hydroxid", &["O", "H"]),
    ("garnet", &["O"]),
    ("carbonat", &["C", "O"]),
    ("acetat", &["C", "O", "H", LIGAND_SYMBOL]),
    ("oxalat", &["C", "O", LIGAND_SYMBOL]),
    ("acetylaceton", &["C", "O", "H", LIGAND_SYMBOL]),
    // Alkoxides and carboxylates by their endings (`ethanolate`,
    // `triethanoate`, `neodecanoate`): the alkyl group is bound through O.
    ("anolat", &["C", "O", "H", LIGAND_SYMBOL]),
    ("enolat", &["C", "O", "H", LIGAND_SYMBOL]),
    ("anoat", &["C", "O", "H", LIGAND_SYMBOL]),
    ("acac", &["C", "O", "H", LIGAND_SYMBOL]),
    ("dioat", &["C", "O", "H", LIGAND_SYMBOL]),
    ("tartrat", &["C", "O", "H", LIGAND_SYMBOL]),
    ("citrat", &["C", "O", "H", LIGAND_SYMBOL]),
    ("lactat", &["C", "O", "H", LIGAND_SYMBOL]),
    ("gluconat", &["C", "O", "H", LIGAND_SYMBOL]),
    ("glycolat", &["C", "O", "H", LIGAND_SYMBOL]),
    ("olato", &["C", "O", "H", LIGAND_SYMBOL]),
    // Dialkyl- and diarylamides (`antimony tris(dimethylamide)`,
    // `dimethylamido`): the organic group is bound through N.
    ("ylamid", &["C", "N", "H", LIGAND_SYMBOL]),
    // Thiolates: the organic group is bound through S.
    ("mercaptid", &["C", "S", "H", LIGAND_SYMBOL]),
    ("thiolat", &["C", "S", "H", LIGAND_SYMBOL]),
    // Halogens.
    ("chlor", &["Cl"]),
    ("chloran", &["Cl"]),
    ("fluor", &["F"]),
    ("fluoran", &["F"]),
    ("bromid", &["Br"]),
    ("bromo", &["Br"]),
    ("broman", &["Br"]),
    ("iodid", &["I"]),
    ("iodo", &["I"]),
    ("iodan", &["I"]),
    // Hydrogen.
    ("hydrid", &["H"]),
    ("hydro", &["H"]),
    ("hydrogen", &["H"]),
    // Carbon (organic groups).
    ("methyl", &["C", "H"]),
    ("ethyl", &["C", "H"]),
    ("propyl", &["C", "H"]),
    ("butyl", &["C", "H"]),
    ("phenyl", &["C", "H"]),
    ("pentyl", &["C", "H"]),
    ("hexyl", &["C", "H"]),
    ("octyl", &["C", "H"]),
    ("decyl", &["C", "H"]),
    // Dutch, Czech and Scandinavian (`trifenylstibin`).
    ("fenyl", &["C", "H"]),
    ("vinyl", &["C", "H"]),
    ("ethenyl", &["C", "H"]),
    ("ethynyl", &["C", "H"]),
    ("carbid", &["C"]),
    ("carbox", &["C", "O"]),
    ("methan", &["C", "H"]),
    ("ethan", &["C", "H"]),
    ("propan", &["C", "H"]),
    ("butan", &["C", "H"]),
    ("pentan", &["C", "H"]),
    ("hexan", &["C", "H"]),
    ("heptan", &["C", "H"]),
    ("octan", &["C", "H"]),
    ("meth", &["C", "H"]),
    ("prop", &["C", "H"]),
    ("ethox", &["C", "H", "O", LIGAND_SYMBOL]),
    ("butox", &["C", "H", "O", LIGAND_SYMBOL]),
    ("methox", &["C", "H", "O", LIGAND_SYMBOL]),
    ("propox", &["C", "H", "O", LIGAND_SYMBOL]),
    // Organic cations of a salt: their carbon is in another ion.
    ("oxonium", &["C", "H", "O", LIGAND_SYMBOL]),
    ("oxidanium", &["C", "H", "O", LIGAND_SYMBOL]),
    ("azanium", &["C", "H", "N", LIGAND_SYMBOL]),
    ("benz", &["C", "H"]),
    ("phen", &["C", "H"]),
    // Silicon, boron.
    ("silic", &["Si"]),
    ("silan", &["Si"]),
    ("borid", &["B"]),
    ("borat", &["B", "O"]),
    // Names too short to be read inside a word by the name automaton.
    ("indium", &["In"]),
    ("indigan", &["In"]),
    ("zinc", &["Zn"]),
    // Chinese.
    ("砷", &["As"]),
    ("砒", &["As"]),
    ("氮", &["N"]),
    ("磷", &["P"]),
    ("硒", &["Se"]),
    ("碲", &["Te"]),
    ("硫", &["S"]),
    ("锑", &["Sb"]),
    ("氧", &["O"]),
    ("氯", &["Cl"]),
    ("氟", &["F"]),
    ("溴", &["Br"]),
    ("碘", &["I"]),
    ("氢", &["H"]),
    ("硝酸", &["N", "O"]),
    ("碳酸", &["C", "O"]),
    ("醋酸", &["C", "O", "H"]),
    ("锌", &["Zn"]),
    ("铟", &["In"]),
    ("镓", &["Ga"]),
    ("锗", &["Ge"]),
    // Japanese.
    ("ヒ素", &["As"]),
    ("ヒ化", &["As"]),
    ("砒素", &["As"]),
    ("窒化", &["N"]),
    ("リン", &["P"]),
    ("りん化", &["P"]),
    ("セレン", &["Se"]),
    ("テルル", &["Te"]),
    ("アンチモン", &["Sb"]),
    ("酸化", &["O"]),
    ("水酸化", &["O", "H"]),
    ("塩化", &["Cl"]),
    ("フッ化", &["F"]),
    ("臭化", &["Br"]),
    ("ヨウ化", &["I"]),
    ("水素化", &["H"]),
    ("亜鉛", &["Zn"]),
    ("インジウム", &["In"]),
    ("ガリウム", &["Ga"]),
    ("ゲルマニウム", &["Ge"]),
];

/// Most words of a compound name read on each side of the mention.
pub(crate) const SCOPE_WORDS: usize = 3;

/// Words that join one name to another rather than belong to one.
const JOINING_WORDS: &[&str] = &[
    "on",
    "and",
    "or",
    "for",
    "with",
    "in",
    "to",
    "from",
    "by",
    "plus",
    "vs",
    "und",
    "et",
    "free",
    "doped",
    "based",
    "containing",
    "+",
    "&",
];

/// Characters that end a compound name.
fn ends_name(c: char) -> bool {
    matches!(c, ',' | ':' | '、' | '，' | '。' | '|')
}

/// The scope of a name mention at `r` in normalized `text`, within the
/// window `window` (see the module documentation): byte range in `text`.
///
/// `words`: how many words on each side besides the one the mention
/// stands in ([`SCOPE_WORDS`]; 0 for CJK, where a space ends a name).
pub(crate) fn scope(
    text: &str,
    r: &Range<usize>,
    window: &Range<usize>,
    words: usize,
) -> Range<usize> {
    let limit = words;
    // Cut the window at the nearest name-ending character on each side; a
    // `;` with a space after it ends a name, one glued to the next word
    // joins the components of one PubChem name (`antimony;gallane`), and
    // `. ` ends a sentence while `compd.` or `(3.5)` does not.
    let before = &text[window.start..r.start];
    let after = &text[r.end..window.end];
    // A name written as a cation (`antimony(3+)`) is one ion of a PubChem
    // ion list (`potassium; antimony(3+); oxygen(2-)`): its `; `s join the
    // salt's ions instead of ending the name.
    let cation = after
        .strip_prefix('(')
        .and_then(|a| a.get(..a.find(')').filter(|&k| k <= 3)?))
        .is_some_and(|charge| charge.ends_with('+'));
    let mut a = window.start;
    let mut next = text[r.start..].chars().next();
    for (i, c) in before.char_indices().rev() {
        let locant = c == ',' && next.is_some_and(|n| n.is_ascii_digit());
        let ion_list = cation && c == ';';
        if (ends_name(c) && !locant)
            || (matches!(c, ';' | '.') && next.is_none_or(|n| n == ' ') && !ion_list)
        {
            a = window.start + i + c.len_utf8();
            break;
        }
        next = Some(c);
    }
    let mut b = window.end;
    for (i, c) in after.char_indices() {
        let next = text[r.end + i + c.len_utf8()..].chars().next();
        // `2,2,6,6-tetramethyl`: a comma between locants joins them.
        let locant = c == ',' && next.is_some_and(|n| n.is_ascii_digit());
        // The cation's `; ` leads to its anion (`gallium(3+); oxygen(2-)`).
        let ion_pair = c == ';' && cation;
        if (ends_name(c) && !locant)
            || (matches!(c, ';' | '.') && next.is_none_or(|n| n == ' ') && !ion_pair)
        {
            b = r.end + i;
            break;
        }
    }
    // At most SCOPE_WORDS words on each side, none of them a joining word.
    let mut start = r.start;
    let mut words = 0;
    let left = &text[a..r.start];
    // The part glued before the mention belongs to its word.
    let glued = left.rfind(' ').map_or(0, |i| i + 1);
    start = start.min(a + glued);
    for w in left[..glued].split(' ').rev().filter(|w| !w.is_empty()) {
        if words == limit || JOINING_WORDS.contains(&w) {
            break;
        }
        words += 1;
        // `w` is a subslice of `text`: its offset is its pointer difference.
        start = w.as_ptr() as usize - text.as_ptr() as usize;
    }
    let right = &text[r.end..b];
    let glued = right.find(' ').unwrap_or(right.len());
    let mut end = r.end + glued;
    words = 0;
    for w in right[glued..].split(' ').filter(|w| !w.is_empty()) {
        if words == limit || JOINING_WORDS.contains(&w) {
            break;
        }
        words += 1;
        end = w.as_ptr() as usize - text.as_ptr() as usize + w.len();
    }
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bits_follow_atomic_numbers() {
        assert_eq!(bit("H"), 1);
        assert_eq!(bit("He"), 2);
        assert_eq!(bit("Og"), 1 << 117);
        assert_eq!(bit("Xx"), 0);
        assert_eq!(bit("ga"), 0);
        assert_eq!(symbols(set(&["As", "Ga", "N"])), ["N", "Ga", "As"]);
        assert_eq!(bit(LIGAND_SYMBOL), LIGAND);
        assert_eq!(LIGAND & ((1 << 118) - 1), 0, "the mark is no element");
        for (w, els) in PARTNER_WORDS {
            let marks = usize::from(els.contains(&LIGAND_SYMBOL));
            assert_eq!(symbols(set(els)).len() + marks, els.len(), "{w}");
            assert!(!crate::text::normalize(w).is_empty(), "{w}");
        }
    }

    #[test]
    fn scope_is_the_compound_name() {
        let cases = [
            ("gallium nitride on silicon", "gallium", "gallium nitride"),
            (
                "indium gallium arsenide wafer 2 inch",
                "gallium",
                "indium gallium arsenide wafer 2",
            ),
            (
                "gallium arsenide, indium phosphide",
                "gallium",
                "gallium arsenide",
            ),
            ("arsanylidynegallium", "gallium", "arsanylidynegallium"),
            ("antimony;gallane", "gallane", "antimony;gallane"),
            ("antimony; gallane", "gallane", "gallane"),
            (
                "gallium(3+); oxygen(2-)",
                "gallium",
                "gallium(3+); oxygen(2-)",
            ),
            (
                "potassium; antimony(3+); oxygen(2-)",
                "antimony",
                "potassium; antimony(3+); oxygen(2-)",
            ),
            ("gallium; oxygen", "gallium", "gallium"),
            ("x. gallium arsenide", "gallium", "gallium arsenide"),
            ("gan + aln", "gan", "gan"),
            ("x, 2,2 dimethyl gallium", "gallium", "2,2 dimethyl gallium"),
            (
                "digallium(3+) ion triselenide",
                "gallium",
                "digallium(3+) ion triselenide",
            ),
            ("砷化镓、磷化铟", "镓", "砷化镓"),
        ];
        for (text, name, want) in cases {
            let s = text.find(name).unwrap();
            let r = s..s + name.len();
            let got = scope(text, &r, &(0..text.len()), SCOPE_WORDS);
            assert_eq!(&text[got], want, "{text}");
        }
    }
}
