//! Chemical element symbols, for validating `elements` in rule files.

/// The 118 element symbols, in order of atomic number.
pub const SYMBOLS: [&str; 118] = [
    "H", "He", "Li", "Be", "B", "C", "N", "O", "F", "Ne", "Na", "Mg", "Al", "Si", "P", "S", "Cl",
    "Ar", "K", "Ca", "Sc", "Ti", "V", "Cr", "Mn", "Fe", "Co", "Ni", "Cu", "Zn", "Ga", "Ge", "As",
    "Se", "Br", "Kr", "Rb", "Sr", "Y", "Zr", "Nb", "Mo", "Tc", "Ru", "Rh", "Pd", "Ag", "Cd", "In",
    "Sn", "Sb", "Te", "I", "Xe", "Cs", "Ba", "La", "Ce", "Pr", "Nd", "Pm", "Sm", "Eu", "Gd", "Tb",
    "Dy", "Ho", "Er", "Tm", "Yb", "Lu", "Hf", "Ta", "W", "Re", "Os", "Ir", "Pt", "Au", "Hg", "Tl",
    "Pb", "Bi", "Po", "At", "Rn", "Fr", "Ra", "Ac", "Th", "Pa", "U", "Np", "Pu", "Am", "Cm", "Bk",
    "Cf", "Es", "Fm", "Md", "No", "Lr", "Rf", "Db", "Sg", "Bh", "Hs", "Mt", "Ds", "Rg", "Cn", "Nh",
    "Fl", "Mc", "Lv", "Ts", "Og",
];

/// True if `s` is an element symbol, spelled with the usual capitalisation.
pub fn is_symbol(s: &str) -> bool {
    symbol(s).is_some()
}

/// `SYMBOLS` index + 1 by the symbol's letters (see [`slot`]); 0: none.
const INDEX: [u8; 26 * 27] = {
    let mut t = [0u8; 26 * 27];
    let mut i = 0;
    while i < SYMBOLS.len() {
        let b = SYMBOLS[i].as_bytes();
        let second = if b.len() == 2 { b[1] - b'a' + 1 } else { 0 };
        t[(b[0] - b'A') as usize * 27 + second as usize] = (i + 1) as u8;
        i += 1;
    }
    t
};

/// The table slot of a one- or two-letter symbol spelling, if it can be
/// one (an upper-case letter, then at most one lower-case letter).
fn slot(s: &str) -> Option<usize> {
    match s.as_bytes() {
        [a @ b'A'..=b'Z'] => Some((a - b'A') as usize * 27),
        [a @ b'A'..=b'Z', b @ b'a'..=b'z'] => {
            Some((a - b'A') as usize * 27 + (b - b'a') as usize + 1)
        }
        _ => None,
    }
}

/// The symbol as spelled in [`SYMBOLS`] (a `'static` string), if `s` is
/// one; a table lookup, for scanning text.
pub(crate) fn symbol(s: &str) -> Option<&'static str> {
    let i = INDEX[slot(s)?];
    (i > 0).then(|| SYMBOLS[i as usize - 1])
}

/// The rare-earth elements: the 15 lanthanides plus scandium and yttrium.
pub const RARE_EARTHS: [&str; 17] = [
    "Sc", "Y", "La", "Ce", "Pr", "Nd", "Pm", "Sm", "Eu", "Gd", "Tb", "Dy", "Ho", "Er", "Tm", "Yb",
    "Lu",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symbols() {
        assert!(is_symbol("Dy"));
        assert!(is_symbol("W"));
        assert!(!is_symbol("dy"));
        assert!(!is_symbol("Xx"));
        assert!(!is_symbol(""));
        assert!(!is_symbol("Dyy"));
        for s in SYMBOLS {
            assert_eq!(symbol(s), Some(s));
        }
        for a in 'A'..='Z' {
            for b in std::iter::once(None).chain(('a'..='z').map(Some)) {
                let s: String = std::iter::once(a).chain(b).collect();
                assert_eq!(is_symbol(&s), SYMBOLS.contains(&s.as_str()), "{s}");
            }
        }
        assert!(RARE_EARTHS.iter().all(|s| is_symbol(s)));
        let mut sorted = SYMBOLS.to_vec();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), 118);
    }
}
