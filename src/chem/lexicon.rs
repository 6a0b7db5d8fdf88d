//! Element names as catalogs and chemical databases write them.
//!
//! Every element has its English name (IUPAC spelling, plus the American
//! `aluminum` and the older `cesium`/`sulphur` forms), so that the longest
//! name wins where one contains another (`ytterbium` ⊃ `terbium`). The
//! elements that the built-in rules control by form (the rare earths, Ga,
//! Ge, Sb and their usual alloy partners) also have their German, French,
//! Spanish and Italian names, their Chinese characters (simplified and
//! traditional) and their Japanese katakana names.
//!
//! How a name may occur ([`Fit`]) is part of the entry: a long Latin name
//! is recognised inside a longer word (`trichlorogadolinium`,
//! `Dysprosiumnitrat`), a short one only as a whole word (`iron` must not
//! hit `environment`), a single Chinese character only next to words of
//! chemistry or standing alone (`钐刀`, a scythe, is not samarium).

/// How a name may sit in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fit {
    /// Anywhere, also inside a longer word.
    WordPart,
    /// Only as a whole word.
    Word,
    /// One CJK character: alone, or next to a word of chemistry.
    Han,
    /// Katakana: anywhere (names are long and distinctive).
    Kana,
}

/// An element name: (normalized name, element symbol, fit).
pub(crate) type Name = (&'static str, &'static str, Fit);

use Fit::{Han, Kana, Word, WordPart};

/// Latin names of at least this many bytes may occur inside a word.
const WORD_PART_MIN: usize = 7;

/// English names of all 118 elements, by symbol.
const ENGLISH: [(&str, &str); 118] = [
    ("H", "hydrogen"),
    ("He", "helium"),
    ("Li", "lithium"),
    ("Be", "beryllium"),
    ("B", "boron"),
    ("C", "carbon"),
    ("N", "nitrogen"),
    ("O", "oxygen"),
    ("F", "fluorine"),
    ("Ne", "neon"),
    ("Na", "sodium"),
    ("Mg", "magnesium"),
    ("Al", "aluminium"),
    ("Si", "silicon"),
    ("P", "phosphorus"),
    ("S", "sulfur"),
    ("Cl", "chlorine"),
    ("Ar", "argon"),
    ("K", "potassium"),
    ("Ca", "calcium"),
    ("Sc", "scandium"),
    ("Ti", "titanium"),
    ("V", "vanadium"),
    ("Cr", "chromium"),
    ("Mn", "manganese"),
    ("Fe", "iron"),
    ("Co", "cobalt"),
    ("Ni", "nickel"),
    ("Cu", "copper"),
    ("Zn", "zinc"),
    ("Ga", "gallium"),
    ("Ge", "germanium"),
    ("As", "arsenic"),
    ("Se", "selenium"),
    ("Br", "bromine"),
    ("Kr", "krypton"),
    ("Rb", "rubidium"),
    ("Sr", "strontium"),
    ("Y", "yttrium"),
    ("Zr", "zirconium"),
    ("Nb", "niobium"),
    ("Mo", "molybdenum"),
    ("Tc", "technetium"),
    ("Ru", "ruthenium"),
    ("Rh", "rhodium"),
    ("Pd", "palladium"),
    ("Ag", "silver"),
    ("Cd", "cadmium"),
    ("In", "indium"),
    ("Sn", "tin"),
    ("Sb", "antimony"),
    ("Te", "tellurium"),
    ("I", "iodine"),
    ("Xe", "xenon"),
    ("Cs", "caesium"),
    ("Ba", "barium"),
    ("La", "lanthanum"),
    ("Ce", "cerium"),
    ("Pr", "praseodymium"),
    ("Nd", "neodymium"),
    ("Pm", "promethium"),
    ("Sm", "samarium"),
    ("Eu", "europium"),
    ("Gd", "gadolinium"),
    ("Tb", "terbium"),
    ("Dy", "dysprosium"),
    ("Ho", "holmium"),
    ("Er", "erbium"),
    ("Tm", "thulium"),
    ("Yb", "ytterbium"),
    ("Lu", "lutetium"),
    ("Hf", "hafnium"),
    ("Ta", "tantalum"),
    ("W", "tungsten"),
    ("Re", "rhenium"),
    ("Os", "osmium"),
    ("Ir", "iridium"),
    ("Pt", "platinum"),
    ("Au", "gold"),
    ("Hg", "mercury"),
    ("Tl", "thallium"),
    ("Pb", "lead"),
    ("Bi", "bismuth"),
    ("Po", "polonium"),
    ("At", "astatine"),
    ("Rn", "radon"),
    ("Fr", "francium"),
    ("Ra", "radium"),
    ("Ac", "actinium"),
    ("Th", "thorium"),
    ("Pa", "protactinium"),
    ("U", "uranium"),
    ("Np", "neptunium"),
    ("Pu", "plutonium"),
    ("Am", "americium"),
    ("Cm", "curium"),
    ("Bk", "berkelium"),
    ("Cf", "californium"),
    ("Es", "einsteinium"),
    ("Fm", "fermium"),
    ("Md", "mendelevium"),
    ("No", "nobelium"),
    ("Lr", "lawrencium"),
    ("Rf", "rutherfordium"),
    ("Db", "dubnium"),
    ("Sg", "seaborgium"),
    ("Bh", "bohrium"),
    ("Hs", "hassium"),
    ("Mt", "meitnerium"),
    ("Ds", "darmstadtium"),
    ("Rg", "roentgenium"),
    ("Cn", "copernicium"),
    ("Nh", "nihonium"),
    ("Fl", "flerovium"),
    ("Mc", "moscovium"),
    ("Lv", "livermorium"),
    ("Ts", "tennessine"),
    ("Og", "oganesson"),
];

/// Other spellings and languages, with their fit.
const OTHER: &[Name] = &[
    // English variants.
    ("aluminum", "Al", WordPart),
    ("cesium", "Cs", Word),
    ("sulphur", "S", Word),
    ("stibium", "Sb", Word),
    // German.
    ("antimon", "Sb", Word),
    ("lutetium", "Lu", WordPart),
    // The older English spelling.
    ("lutecium", "Lu", WordPart),
    ("eisen", "Fe", Word),
    ("kobalt", "Co", Word),
    // French (accents kept by normalization).
    ("lutécium", "Lu", WordPart),
    ("antimoine", "Sb", Word),
    ("fer", "Fe", Word),
    // Spanish and Italian.
    ("samario", "Sm", Word),
    ("gadolinio", "Gd", Word),
    ("terbio", "Tb", Word),
    ("disprosio", "Dy", Word),
    ("lutecio", "Lu", Word),
    ("lutezio", "Lu", Word),
    ("escandio", "Sc", Word),
    ("scandio", "Sc", Word),
    ("itrio", "Y", Word),
    ("ittrio", "Y", Word),
    ("galio", "Ga", Word),
    ("gallio", "Ga", Word),
    ("germanio", "Ge", Word),
    ("antimonio", "Sb", Word),
    ("iterbio", "Yb", Word),
    ("itterbio", "Yb", Word),
    // Chinese, simplified and traditional.
    ("钐", "Sm", Han),
    ("釤", "Sm", Han),
    ("钆", "Gd", Han),
    ("釓", "Gd", Han),
    ("铽", "Tb", Han),
    ("鋱", "Tb", Han),
    ("镝", "Dy", Han),
    ("鏑", "Dy", Han),
    ("镥", "Lu", Han),
    ("鑥", "Lu", Han),
    ("钪", "Sc", Han),
    ("鈧", "Sc", Han),
    ("钇", "Y", Han),
    ("釔", "Y", Han),
    ("镓", "Ga", Han),
    ("鎵", "Ga", Han),
    ("锗", "Ge", Han),
    ("鍺", "Ge", Han),
    ("锑", "Sb", Han),
    ("銻", "Sb", Han),
    ("镱", "Yb", Han),
    ("鐿", "Yb", Han),
    ("镧", "La", Han),
    ("鑭", "La", Han),
    ("铈", "Ce", Han),
    ("鈰", "Ce", Han),
    ("镨", "Pr", Han),
    ("鐠", "Pr", Han),
    ("钕", "Nd", Han),
    ("釹", "Nd", Han),
    ("铕", "Eu", Han),
    ("銪", "Eu", Han),
    ("钬", "Ho", Han),
    ("鈥", "Ho", Han),
    ("铒", "Er", Han),
    ("鉺", "Er", Han),
    ("铥", "Tm", Han),
    ("銩", "Tm", Han),
    ("铋", "Bi", Han),
    ("鉍", "Bi", Han),
    ("碲", "Te", Han),
    ("铁", "Fe", Han),
    ("鐵", "Fe", Han),
    ("鉄", "Fe", Han),
    ("钴", "Co", Han),
    ("鈷", "Co", Han),
    ("镍", "Ni", Han),
    ("鎳", "Ni", Han),
    ("铝", "Al", Han),
    ("鋁", "Al", Han),
    ("镁", "Mg", Han),
    ("鎂", "Mg", Han),
    ("铜", "Cu", Han),
    ("銅", "Cu", Han),
    // Japanese.
    ("サマリウム", "Sm", Kana),
    ("ガドリニウム", "Gd", Kana),
    ("テルビウム", "Tb", Kana),
    ("ジスプロシウム", "Dy", Kana),
    ("ルテチウム", "Lu", Kana),
    ("スカンジウム", "Sc", Kana),
    ("イットリウム", "Y", Kana),
    ("ガリウム", "Ga", Kana),
    ("ゲルマニウム", "Ge", Kana),
    ("アンチモン", "Sb", Kana),
    ("イッテルビウム", "Yb", Kana),
    ("ランタン", "La", Kana),
    ("セリウム", "Ce", Kana),
    ("プラセオジム", "Pr", Kana),
    ("ネオジム", "Nd", Kana),
    ("ユウロピウム", "Eu", Kana),
    ("ホルミウム", "Ho", Kana),
    ("エルビウム", "Er", Kana),
    ("ツリウム", "Tm", Kana),
    ("ビスマス", "Bi", Kana),
    ("テルル", "Te", Kana),
    ("コバルト", "Co", Kana),
    ("ニッケル", "Ni", Kana),
    ("アルミニウム", "Al", Kana),
    ("マグネシウム", "Mg", Kana),
];

/// Every name: the English ones (word parts from [`WORD_PART_MIN`] bytes
/// on), then [`OTHER`].
pub(crate) fn names() -> Vec<Name> {
    let mut v: Vec<Name> = ENGLISH
        .iter()
        .map(|&(sym, name)| {
            let fit = if name.len() >= WORD_PART_MIN {
                WordPart
            } else {
                Word
            };
            (name, sym, fit)
        })
        .collect();
    v.extend_from_slice(OTHER);
    v
}

/// True for elements that are metals: a formula of metals only is an
/// alloy, and an alloy is a name next to another metal's. The metalloids
/// (B, Si, Ge, As, Sb, Te) are not: `GaSb` and `GaAs` are compounds.
pub(crate) fn is_metal(sym: &str) -> bool {
    !matches!(
        sym,
        "H" | "He"
            | "B"
            | "Ge"
            | "Sb"
            | "C"
            | "N"
            | "O"
            | "F"
            | "Ne"
            | "Si"
            | "P"
            | "S"
            | "Cl"
            | "Ar"
            | "As"
            | "Se"
            | "Br"
            | "Kr"
            | "Te"
            | "I"
            | "Xe"
            | "At"
            | "Rn"
            | "Ts"
            | "Og"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::elements::SYMBOLS;
    use crate::text::normalize;

    #[test]
    fn english_names_cover_every_symbol_once() {
        let mut syms: Vec<&str> = ENGLISH.iter().map(|(s, _)| *s).collect();
        syms.sort_unstable();
        let mut all = SYMBOLS.to_vec();
        all.sort_unstable();
        assert_eq!(syms, all);
    }

    #[test]
    fn names_are_normalized_and_symbols_valid() {
        for (name, sym, fit) in names() {
            // CJK variants fold (鏑 → 镝); the automaton holds the folded
            // form, which meets every writing.
            if !matches!(fit, Fit::Han) {
                assert_eq!(normalize(name), name, "{name}");
            }
            assert!(crate::elements::is_symbol(sym), "{sym}");
        }
    }
}
