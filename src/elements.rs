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
    SYMBOLS.contains(&s)
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
        assert!(RARE_EARTHS.iter().all(|s| is_symbol(s)));
        let mut sorted = SYMBOLS.to_vec();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), 118);
    }
}
