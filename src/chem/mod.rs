//! Elements in text: where a controlled element is named, and in what form.
//!
//! Export-control lists name an element's forms separately (metal, alloy,
//! sputtering target, oxide, other compounds), and catalogs name them in
//! ways no list of terms follows: the element inside a systematic or
//! foreign name (`trichlorogadolinium`, `Dysprosiumnitrat`,
//! `tris(acetylacetonato)terbium`), alone with a purity or a shape
//! (`Terbium 99.9% 10 g ingot`), joined to its alloy partner (`Terbium--iron`,
//! `铽铁`), or as a formula (`TbCl3·6H2O`, `Dy(NO3)3`, `GaN`). This module
//! finds every such *mention* and gives it a [`ElementForm`]:
//!
//! 1. Names ([`lexicon`]): one leftmost-longest automaton over the
//!    normalized text holds the names of all 118 elements (so `ytterbium`
//!    is never read as `terbium`) and the other-language names of the
//!    controlled ones. Long Latin names count inside words, short ones only
//!    as whole words, a single Chinese character only alone or next to a
//!    character of chemistry.
//! 2. Formulas ([`formula`]): read in the original text, case-aware.
//! 3. ElementForm: from a formula's composition (oxygen alone: oxide; other
//!    non-metals: compound; metals only: alloy), or from the words around a
//!    name: anions and compound words (`chloride`, `nitrat`, `(3+)`,
//!    `氯化`, `硝酸`, `塩化`) make a compound, oxide words (`oxide`, `氧化`,
//!    `酸化`, `yttria`) an oxide; then `target`/`靶` a target, `magnet`/`磁`
//!    a magnet, `alloy`/`合金` or another metal next to it an alloy; words
//!    that say the element is only part of something else (`doped`,
//!    `based`, `containing`, `free`, `contrast agent`) make it
//!    [`ElementForm::Other`]; a count glued to the name and nothing else
//!    (`tetragermanium`) names a cluster molecule, also `Other`; anything
//!    else is the metal.
//!
//! 4. Partners ([`partners`]): the other elements of the compound a mention
//!    names, from the formula, the words of the same compound name
//!    (`arsenide`, `arsanylidyne`, `砒素`) and other element names in it
//!    (`indium gallium arsenide`). Parent hydrides and their groups
//!    (`stibine`, `germyl`, `stibanyl`) add the hydrogen they keep unless
//!    substituents replace it; a group glued to the name that binds carbon
//!    through O or S (`triphenoxy`, `…sulfanyl)stibanyl`) adds the ligand
//!    mark. A compound of the element and oxygen alone is its oxide.
//!
//! Rules select mentions with `forms = [...]` (see the README): a mention of
//! the rule's first element in one of its forms is a text condition, like a
//! term, with `require` and `exclude` applying as usual; `with = [...]`
//! keeps only the mentions whose partners are exactly those elements.
//!
//! Everything here is linear in the text: one automaton pass, one formula
//! pass, and a bounded window of context per mention.

mod formula;
mod lexicon;
pub(crate) mod partners;

use crate::text::Normalized;
use crate::text::chars::{is_cjk, is_word_char};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use lexicon::Fit;
use partners::Elements;
use std::ops::Range;
use std::sync::OnceLock;

/// The form in which a text names an element.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ElementForm {
    /// The element itself: alone, with a purity, a shape or `metal`.
    Metal,
    /// An alloy: `alloy`, or another metal joined to it.
    Alloy,
    /// A sputtering target.
    Target,
    /// A magnet.
    Magnet,
    /// The oxide.
    Oxide,
    /// Any other compound: salts, halides, complexes, formulas.
    Compound,
    /// Part of something else (`doped`, `based`, `containing`, `free`).
    Other,
}

impl ElementForm {
    /// All forms, in order.
    pub const ALL: &'static [ElementForm] = &[
        ElementForm::Metal,
        ElementForm::Alloy,
        ElementForm::Target,
        ElementForm::Magnet,
        ElementForm::Oxide,
        ElementForm::Compound,
        ElementForm::Other,
    ];

    /// The name rule files and records use.
    pub fn as_str(self) -> &'static str {
        match self {
            ElementForm::Metal => "metal",
            ElementForm::Alloy => "alloy",
            ElementForm::Target => "target",
            ElementForm::Magnet => "magnet",
            ElementForm::Oxide => "oxide",
            ElementForm::Compound => "compound",
            ElementForm::Other => "other",
        }
    }

    /// Parses [`ElementForm::as_str`].
    pub fn parse(s: &str) -> Option<ElementForm> {
        ElementForm::ALL.iter().copied().find(|f| f.as_str() == s)
    }

    /// One bit per form.
    pub(crate) fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

/// One mention of an element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Mention {
    /// Element symbol.
    pub(crate) element: &'static str,
    /// How the text names it.
    pub(crate) form: ElementForm,
    /// Byte span in the original text.
    pub(crate) span: Range<usize>,
    /// The other elements of the compound it names (see [`partners`]).
    pub(crate) partners: Elements,
}

/// What a name says by itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// The element: its form comes from the words around.
    Element,
    /// The oxide (`yttria`).
    Oxide,
    /// A compound: a substituent or anion name (`gallanyl`, `antimonide`).
    Compound,
    /// The parent hydride (`gallane`, `stibine`): a compound, with hydrogen
    /// unless substituents replace it (`tetrachlorogermane`).
    Hydride,
    /// A substituent group named from the parent hydride (`germyl`,
    /// `germanyl`, `stibanyl`, `stibino`): it keeps the hydride's remaining
    /// hydrogen unless substituents replace it (`oxostibanyl`,
    /// `diphenylstiboryl`) or it is bound by all its valences
    /// (`stibanylidyne`). Its hydrogen belongs to the whole compound name
    /// (`germanyloxygermane` is H3Ge-O-GeH3, not GeO2).
    Group,
    /// A replacement prefix (`stiba`): the element in place of a skeleton
    /// carbon, whose other atoms the name counts (see [`skeleton`]).
    Replacement,
}

/// The name automaton, built once.
struct Lexicon {
    ac: AhoCorasick,
    /// The automaton's patterns (normalized names).
    patterns: Vec<String>,
    /// Per automaton pattern: (symbol, fit, kind).
    names: Vec<(&'static str, Fit, Kind)>,
    /// Per automaton pattern: the elements the name itself holds.
    own: Vec<Elements>,
}

/// Names that mean the oxide itself.
const OXIDE_NAMES: &[(&str, &str)] = &[
    ("samaria", "Sm"),
    ("gadolinia", "Gd"),
    ("terbia", "Tb"),
    ("dysprosia", "Dy"),
    ("lutetia", "Lu"),
    ("scandia", "Sc"),
    ("yttria", "Y"),
];

/// Names of compounds of one element, as systematic and PubChem names
/// write them: parent hydrides (`gallane`, `stibane`, `germane`), their
/// substituent forms (`gallanylidyne`, `stibanyl`) and the antimonide
/// anion, which names antimony in `indium antimonide`. The last field: the
/// elements the name itself holds besides the element (`stiboryl` is
/// R2Sb(=O)-, `stibinine` the ring C5H5Sb).
const COMPOUND_NAMES: &[(&str, &str, Kind, &[&str])] = &[
    ("gallane", "Ga", Kind::Hydride, &[]),
    ("gallanyl", "Ga", Kind::Group, &[]),
    ("germane", "Ge", Kind::Hydride, &[]),
    ("germanyl", "Ge", Kind::Group, &[]),
    // GeH3- (`digermyl ether`, `trimethylgermyl`).
    ("germyl", "Ge", Kind::Group, &[]),
    ("stibane", "Sb", Kind::Hydride, &[]),
    ("stibine", "Sb", Kind::Hydride, &[]),
    // The German, Dutch and Czech spelling (`Stibin`, `trifenylstibin`,
    // `triphenylstibinsulfide`).
    ("stibin", "Sb", Kind::Hydride, &[]),
    ("stibanyl", "Sb", Kind::Group, &[]),
    // H2Sb- and HSb= (`stibino radical`, `butoxystibylene`).
    ("stibino", "Sb", Kind::Group, &[]),
    ("stibylene", "Sb", Kind::Group, &[]),
    // H2Sb(=O)- (`diphenylstiborylbenzene`).
    ("stiboryl", "Sb", Kind::Group, &["O"]),
    // H2Sb-O-SbH2 and its chains and rings (`1,3-dioxodistiboxane`).
    ("stiboxane", "Sb", Kind::Hydride, &["O"]),
    // SbH5 (λ5-stibane) and the SbH4+ cation, whose hydrogens substituents
    // replace: `dibromotrimethylstiborane`, `tetramethylstibonium iodide`.
    ("stiborane", "Sb", Kind::Hydride, &[]),
    ("stibonium", "Sb", Kind::Hydride, &[]),
    ("stibanium", "Sb", Kind::Hydride, &[]),
    // Stibonic acids (R-Sb(=O)(OH)2) and their substituent form.
    ("stibonic", "Sb", Kind::Compound, &["O", "H"]),
    ("stibono", "Sb", Kind::Compound, &["O", "H"]),
    // The replacement prefix: antimony in place of a ring or chain carbon
    // (`stibabenzene`, `tetrastibatricyclo[...]decane`); the other ring
    // atoms are named by the rest of the name.
    ("stiba", "Sb", Kind::Replacement, &[]),
    // The six-membered ring C5H5Sb by its Hantzsch-Widman names.
    ("stibinin", "Sb", Kind::Compound, &["C", "H"]),
    ("antimonin", "Sb", Kind::Compound, &["C", "H"]),
    ("antimonide", "Sb", Kind::Compound, &[]),
    // The SbO group (`antimonyl potassium tartrate`,
    // `Antimonylbrenzcatechindisulfosäure`): a compound, never the metal.
    ("antimonyl", "Sb", Kind::Compound, &["O"]),
];

fn lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(|| {
        let mut names: Vec<(&'static str, Fit, Kind)> = Vec::new();
        let mut own: Vec<Elements> = Vec::new();
        let mut patterns: Vec<String> = Vec::new();
        let all = lexicon::names()
            .into_iter()
            .map(|(n, s, f)| (n, s, f, Kind::Element, &[][..]))
            .chain(
                OXIDE_NAMES
                    .iter()
                    .map(|&(n, s)| (n, s, Fit::Word, Kind::Oxide, &[][..])),
            )
            .chain(
                COMPOUND_NAMES
                    .iter()
                    .map(|&(n, s, k, o)| (n, s, Fit::WordPart, k, o)),
            );
        for (name, sym, fit, kind, holds) in all {
            // Normalized as text is, so that folding (width, case, CJK
            // variants) meets the same form.
            let n = crate::text::normalize(name);
            if n.is_empty() || patterns.contains(&n) {
                continue;
            }
            patterns.push(n);
            names.push((sym, fit, kind));
            own.push(partners::set(holds));
        }
        let ac = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)
            .expect("the element names build an automaton");
        Lexicon {
            ac,
            patterns,
            names,
            own,
        }
    })
}

/// The normalized names of the elements `wanted` selects: a text that
/// contains none of them holds no name mention of those elements.
pub(crate) fn names_of(wanted: impl Fn(&str) -> bool) -> Vec<String> {
    let lex = lexicon();
    lex.patterns
        .iter()
        .zip(&lex.names)
        .filter(|(_, (sym, _, _))| wanted(sym))
        .map(|(p, _)| p.clone())
        .collect()
}

/// Every mention of an element in `original`, whose normalized form is
/// `norm`, in order of position.
///
/// `names`: whether the text may hold a name of a wanted element (see
/// [`names_of`]); when it cannot, only formulas are read.
pub(crate) fn mentions(
    original: &str,
    norm: &Normalized,
    names: bool,
    wanted: impl Fn(&str) -> bool,
) -> Vec<Mention> {
    let text = norm.as_str();
    let lex = lexicon();
    // Name mentions, in normalized coordinates first.
    let mut found: Vec<(Range<usize>, &'static str, Fit, Kind)> = Vec::new();
    // Per name found: the elements the name itself holds, and for a
    // hydride group the hydrogen it keeps (see [`Kind::Group`]).
    let mut holds: Vec<Elements> = Vec::new();
    let scan = if names { text } else { "" };
    for m in lex.ac.find_iter(scan) {
        let p = m.pattern().as_usize();
        let (sym, fit, kind) = lex.names[p];
        let r = m.start()..m.end();
        if fits(text, &r, fit) {
            let mut own = lex.own[p];
            if kind == Kind::Group
                && !replaced(text, &r, fit)
                && !text[r.end..].starts_with("idyne")
            {
                own |= partners::bit("H");
            }
            found.push((r, sym, fit, kind));
            holds.push(own);
        }
    }
    let mut out = Vec::new();
    for (i, (r, sym, fit, kind)) in found.iter().enumerate() {
        // Names of other elements are only context (alloy partners).
        if !wanted(sym) {
            continue;
        }
        let window = window(text, r);
        // In Chinese and Japanese a name is one run of characters.
        let cjk = matches!(fit, Fit::Han | Fit::Kana);
        let words = if cjk { 0 } else { partners::SCOPE_WORDS };
        let scope = partners::scope(text, r, &window, words);
        let ctx = Context::around(text, r, &window, &scope);
        // Partners: the words of the compound name, the names of other
        // elements in it, and the hydrogen of a parent hydride.
        let mut with = ctx.partners | holds[i];
        for j in (0..i).rev() {
            if found[j].0.start < scope.start {
                break;
            }
            with |= partners::bit(found[j].1) | holds[j];
        }
        for (j, (o, s, _, _)) in found.iter().enumerate().skip(i + 1) {
            if o.end > scope.end {
                break;
            }
            with |= partners::bit(s) | holds[j];
        }
        // CAS index names join the components of an intermetallic
        // compound with `, compd. with` (`antimony, compd. with gallium
        // (1:2)`): the name on the other side is a partner.
        if text[..r.start].ends_with(COMPD) {
            let at = r.start - COMPD.len();
            // Names are in text order and short: a bounded look back.
            if let Some(j) = (0..i)
                .rev()
                .take_while(|&j| found[j].0.start + BEFORE >= at)
                .find(|&j| found[j].0.end == at)
            {
                with |= partners::bit(found[j].1);
            }
        }
        if text[r.end..].starts_with(COMPD) {
            let at = r.end + COMPD.len();
            if let Some((_, s, _, _)) = found[i + 1..]
                .iter()
                .take_while(|f| f.0.start <= at)
                .find(|f| f.0.start == at)
            {
                with |= partners::bit(s);
            }
        }
        // CAS index names put the substituents after the parent, behind a
        // comma and ending in a hyphen (`germane, tetrachloro-`,
        // `stibine, trichloro-`): they belong to the compound.
        let span = norm.match_span(r.clone());
        let inverted = inverted_substituents(original, span.end);
        // A substituent that links several parents (`germane, oxybis-`:
        // H3Ge-O-GeH3) takes one hydrogen of each, not all of them.
        let mut linking = false;
        if let Some(sub) = &inverted {
            let sub = original[sub.clone()].to_lowercase();
            let head = sub.trim_end_matches('-');
            linking = ["bis", "tris", "tetrakis"].iter().any(|m| {
                head.strip_suffix(m)
                    .is_some_and(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphabetic()))
            });
            with |= partner_words(&sub) | bound_through_chalcogen(&sub);
        }
        // A mention inside the substituents of a CAS index name belongs to
        // the parent before the comma (`benzenamine, 4-stibono-`).
        if let Some(parent) = inverted_parent(original, &span) {
            with |= partner_words(&original[parent].to_lowercase());
        }
        // Substituents glued before a parent hydride replace its hydrogen
        // (`tetrachlorogermane`, `tetrakis(chloranyl)germane`).
        if *kind == Kind::Hydride && !replaced(text, r, *fit) && (inverted.is_none() || linking) {
            with |= partners::bit("H");
        }
        // A substituent glued to the name that binds an organic group
        // through oxygen or sulfur (`butoxy-[…]oxy-stibanyl`,
        // `bis(2-hydroxyethylsulfanyl)stibanyl`, `triphenoxyantimony`):
        // that carbon is not bonded to the element.
        if !cjk {
            // A bounded look back: two prefixes' worth.
            let a = crate::text::ceil_boundary(text, r.start.saturating_sub(PREFIX_MAX * 2));
            with |= bound_through_chalcogen(&text[a..r.start]);
        }
        if *kind == Kind::Replacement {
            with |= skeleton(&text[scope.clone()]);
        }
        let with = with & !partners::bit(sym);
        let form = if *kind == Kind::Oxide {
            ElementForm::Oxide
        } else if matches!(
            *kind,
            Kind::Compound | Kind::Hydride | Kind::Group | Kind::Replacement
        ) {
            ElementForm::Compound
        } else {
            // Only the neighbours within reach are looked at (the list is in
            // text order), so a text of many names stays linear.
            let other_metal = |j: usize| {
                let (o, s, _, _) = &found[j];
                (*s != *sym && lexicon::is_metal(s)).then_some(o)
            };
            let partner = (i.saturating_sub(1)..(i + 2).min(found.len()))
                .filter(|&j| j != i)
                .any(|j| other_metal(j).is_some_and(|o| adjacent(text, r, o)));
            // Another metal named near an oxide word: a mixed oxide
            // (`gadolinium gallium oxide`), a compound of both.
            let reach = |j: &usize| found[*j].0.start.abs_diff(r.start) <= BEFORE;
            let near_metal = (0..i)
                .rev()
                .take_while(reach)
                .chain((i + 1..found.len()).take_while(reach))
                .any(|j| other_metal(j).is_some());
            match name_form(text, r, *fit, &ctx, partner && lexicon::is_metal(sym)) {
                ElementForm::Oxide if near_metal => ElementForm::Compound,
                // A non-metal glued to a CJK name (ガリウム砒素, 铟镓砷).
                ElementForm::Metal if cjk && with & non_metals() != 0 => ElementForm::Compound,
                // A count and the name, nothing else (`tetragermanium`):
                // a cluster molecule, not the metal.
                ElementForm::Metal if with == 0 && multiplied(text, r, *fit) => ElementForm::Other,
                form => form,
            }
        };
        // A compound of the element and oxygen alone is its oxide
        // (`oxo(oxogallanyloxy)gallane`, `antimony(3+);oxygen(2-)`).
        let form = if form == ElementForm::Compound && with == partners::bit("O") {
            ElementForm::Oxide
        } else {
            form
        };
        out.push(Mention {
            element: sym,
            form,
            span,
            partners: with,
        });
    }
    // Formulas in the original text.
    for f in formula::formulas(original) {
        if !f.elements.iter().any(|e| wanted(e)) {
            continue;
        }
        let metals = f.elements.iter().all(|s| lexicon::is_metal(s));
        let base = if f.hyphenated || metals {
            ElementForm::Alloy
        } else if f.elements.len() == 2 && f.elements.contains(&"O") {
            ElementForm::Oxide
        } else {
            ElementForm::Compound
        };
        let form = if base == ElementForm::Alloy {
            // `Sm-Co magnet`, `Gd-Fe target`: the context decides. Metals
            // run together without counts (`SmCo`, `NdFeB`) are the
            // catalogs' shorthand for magnet materials unless the words
            // say alloy.
            let ctx = Context::around_original(original, &f.span);
            if ctx.target {
                ElementForm::Target
            } else if ctx.alloy || f.hyphenated {
                ElementForm::Alloy
            } else if ctx.magnet || !f.digits {
                ElementForm::Magnet
            } else {
                ElementForm::Alloy
            }
        } else {
            base
        };
        let all = f.elements.iter().fold(0, |s, e| s | partners::bit(e));
        for e in &f.elements {
            out.push(Mention {
                element: e,
                form,
                span: f.span.clone(),
                partners: all & !partners::bit(e),
            });
        }
    }
    out.sort_by_key(|m| (m.span.start, m.span.end, m.element));
    out.dedup();
    out
}

/// The substituent part of a CAS index name after a name ending at byte
/// `end` of the original text: `, ` then one token ending in `-`
/// (`germane, tetrachloro-`, `antimony, dichlorotrimethyl-`) or in an anion
/// word (`antimony, triphenyldichloride`); commas and spaces inside
/// brackets belong to the token (`antimony, (o,o-bis(…)…)diphenyl-`).
fn inverted_substituents(original: &str, end: usize) -> Option<Range<usize>> {
    let rest = original.get(end..)?;
    // The parent may carry its oxide or sulfide word before the comma
    // (`stibine oxide, triphenyl-`, `stibine sulfide,triphenyl-`).
    let rest = [" oxide", " sulfide", " Oxide", " Sulfide"]
        .iter()
        .find_map(|w| rest.strip_prefix(w))
        .unwrap_or(rest);
    let token = rest.strip_prefix(", ").or_else(|| rest.strip_prefix(','))?;
    let start = original.len() - token.len();
    // A bounded token: substituent lists are short, and this is per mention.
    let mut len = None;
    let mut depth = 0usize;
    for (i, c) in token.char_indices() {
        if i > PREFIX_MAX * 4 {
            return None;
        }
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            c if depth == 0 && (c.is_whitespace() || c == ';' || c == ',') => {
                len = Some(i);
                break;
            }
            _ => {}
        }
    }
    // An unclosed bracket: the token ends at the first separator, as
    // without brackets (`antimony, bis(trichloro-, compd. with …`).
    let len = match len {
        Some(len) => len,
        None if depth == 0 => token.len(),
        None => token
            .find(|c: char| c.is_whitespace() || c == ';' || c == ',')
            .unwrap_or(token.len()),
    };
    let t = &token[..len];
    let anion = t.len() > 3
        && t.is_char_boundary(t.len() - 3)
        && t[t.len() - 3..].eq_ignore_ascii_case("ide");
    (len > 1 && len <= PREFIX_MAX * 4 && (t.ends_with('-') || anion)).then(|| start..start + len)
}

/// When the name at `span` of the original text stands in the substituent
/// part of a CAS index name (`benzenamine, 4-stibono-`): the parent, the
/// word before the comma, of which it is a substituent.
fn inverted_parent(original: &str, span: &Range<usize>) -> Option<Range<usize>> {
    let head = original.get(..span.start)?;
    // Back to the comma, over locants (`2,4-`) only, a bounded look.
    let mut comma = None;
    for (i, c) in head.char_indices().rev().take(PREFIX_MAX) {
        let prev = head[..i].chars().next_back();
        match c {
            ',' if head[i + 1..].starts_with(|n: char| n.is_ascii_digit())
                && prev.is_some_and(|p| p.is_ascii_digit()) => {}
            ',' => {
                comma = Some(i);
                break;
            }
            ' ' if prev == Some(',') => {
                comma = Some(i - 1);
                break;
            }
            c if c.is_whitespace() || c == ';' => return None,
            _ => {}
        }
    }
    let comma = comma?;
    // The token ends in a hyphen: substituents, not a word of a list.
    let tail = &original[span.end..];
    let len = tail
        .char_indices()
        .take(PREFIX_MAX * 4)
        .find(|&(_, c)| c.is_whitespace() || c == ';' || c == ',')
        .map_or(tail.len(), |(i, _)| i);
    if len > PREFIX_MAX * 4 || !tail[..len].ends_with('-') {
        return None;
    }
    let from = crate::text::ceil_boundary(original, comma.saturating_sub(PREFIX_MAX * 2));
    let before = original[from..comma].trim_end();
    let before_end = from + before.len();
    let start = from
        + before
            .char_indices()
            .rev()
            .take(PREFIX_MAX * 2)
            .take_while(|&(_, c)| !c.is_whitespace() && c != ',' && c != ';')
            .last()?
            .0;
    Some(start..before_end)
}

/// The ligand mark (with C, H and the binding atom) when the substituent
/// that ends `before`, glued right before a name, binds an organic group
/// to it through oxygen or sulfur (`triphenoxy|antimony`,
/// `[…-enoyl]oxy-|stibanyl`, `bis(2-hydroxyethylsulfanyl)|stibanyl`, and
/// the substituents of an index name, `stibine, tris((…acetyl)oxy)-`), as
/// the alkoxide and thiolate words do: that carbon is not bonded to the
/// element. An inorganic group (`oxogallanyloxy`) has no carbon and no
/// mark.
fn bound_through_chalcogen(before: &str) -> Elements {
    let before = before.trim_end_matches([' ', '-', ')', ']']);
    let Some((stem, via)) = [
        ("oxidanyl", "O"),
        ("oxy", "O"),
        ("sulfanyl", "S"),
        ("thio", "S"),
    ]
    .iter()
    .find_map(|&(end, el)| before.strip_suffix(end).map(|s| (s, el))) else {
        return 0;
    };
    // The group bound through it: the bracket it closes, or the letters
    // before it.
    let group = match stem.strip_suffix([')', ']']) {
        Some(inner) => {
            let mut depth = 1usize;
            let mut start = 0;
            for (i, c) in inner.char_indices().rev() {
                match c {
                    ')' | ']' => depth += 1,
                    '(' | '[' => {
                        depth -= 1;
                        if depth == 0 {
                            start = i + 1;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            &inner[start..]
        }
        None => {
            let start = stem
                .char_indices()
                .rev()
                .take_while(|(_, c)| c.is_alphabetic())
                .last()
                .map_or(stem.len(), |(i, _)| i);
            &stem[start..]
        }
    };
    if partner_words(group) & partners::bit("C") != 0 {
        partners::LIGAND | partners::set(&["C", "H", via])
    } else {
        0
    }
}

/// True when substituents glued before a hydride name (at `r`) replace its
/// hydrogen: a substituent prefix (`tetrachloro|germane`), or a bracketed
/// group, with or without a count (`tetrakis(chloranyl)|germane`,
/// `tricyclo[3.3.1.1]tetra|stiboxane`).
fn replaced(text: &str, r: &Range<usize>, fit: Fit) -> bool {
    let head = &text[..r.start];
    let head = COUNTS
        .iter()
        .find_map(|c| head.strip_suffix(c))
        .unwrap_or(head);
    substituted(text, r, fit) || head.ends_with([')', ']'])
}

/// True when the letters glued before the name at `r` are a count alone
/// (`tetra|germanium`, `di|antimony`).
fn multiplied(text: &str, r: &Range<usize>, fit: Fit) -> bool {
    let head = &text[..r.start];
    matches!(fit, Fit::WordPart)
        && COUNTS.iter().any(|c| {
            head.strip_suffix(c)
                .is_some_and(|h| !h.chars().next_back().is_some_and(is_word_char))
        })
}

/// What the skeleton of a replacement name (`name`: its scope) gives the
/// element of a replacement prefix in it. The replacement prefixes with
/// their counts (`hexaoxa`, `tetrastiba`) replace that many atoms of the
/// parent (`decane`: 10, `benzene`: 6); the atoms left are carbon. So
/// `stibabenzene` is C5H5Sb (carbon and hydrogen), while
/// `2,4,6,8,9,10-hexaoxa-1,3,5,7-tetrastibatricyclo[3.3.1.1]decane` has no
/// carbon left (Sb4O6). Where ring oxygen and carbon are both left
/// (`2,6,7-trioxa-1-stibabicyclo[2.2.2]octane`), the cages name the
/// element bound to the oxygen: the carbon is bound through it, as in the
/// alkoxides, and carries the ligand mark.
fn skeleton(name: &str) -> Elements {
    let mut replaced = 0usize;
    let mut oxa = false;
    let mut size = None;
    for run in name
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| !w.is_empty())
        // Bounded: a name is a few words.
        .take(32)
    {
        for prefix in REPLACEMENT_PREFIXES {
            for (at, _) in run.match_indices(prefix) {
                let head = &run[..at];
                let count = MULTIPLIERS
                    .iter()
                    .find(|(m, _)| head.ends_with(m))
                    .map_or(1, |(_, n)| *n);
                replaced += count;
                oxa |= *prefix == "oxa";
            }
        }
        if let Some(stem) = run.strip_suffix("ane").or_else(|| run.strip_suffix("ene")) {
            if let Some((_, n)) = PARENT_SIZES.iter().find(|(p, _)| stem.ends_with(p)) {
                size = Some(*n);
            }
        }
    }
    if size.is_some_and(|n| replaced >= n) {
        0
    } else if oxa {
        partners::set(&["C", "H"]) | partners::LIGAND
    } else {
        partners::set(&["C", "H"])
    }
}

/// Replacement (`a`) prefixes of skeleton atoms.
const REPLACEMENT_PREFIXES: &[&str] = &["oxa", "thia", "aza", "stiba", "phospha", "arsa", "sila"];

/// Counts before a replacement prefix.
const MULTIPLIERS: &[(&str, usize)] = &[
    ("di", 2),
    ("tri", 3),
    ("tetra", 4),
    ("penta", 5),
    ("hexa", 6),
    ("hepta", 7),
    ("octa", 8),
];

/// Parent hydrocarbons by their stems (before `ane`/`ene`) and number of
/// skeleton atoms, longest stem first where one ends another.
const PARENT_SIZES: &[(&str, usize)] = &[
    ("hexadec", 16),
    ("pentadec", 15),
    ("tetradec", 14),
    ("tridec", 13),
    ("dodec", 12),
    ("undec", 11),
    ("dec", 10),
    ("non", 9),
    ("oct", 8),
    ("hept", 7),
    ("benz", 6),
    ("hex", 6),
    ("pent", 5),
    ("but", 4),
    ("prop", 3),
];

/// Multiplying prefixes, longest first where one ends another.
const COUNTS: &[&str] = &[
    "tetrakis", "tris", "bis", "hexa", "penta", "tetra", "tri", "di", "mono",
];

/// The partner elements that the partner words in `text` name.
fn partner_words(text: &str) -> Elements {
    let words = context_words();
    words
        .ac
        .find_overlapping_iter(text)
        .fold(0, |s, m| s | words.says[m.pattern().as_usize()].1)
}

/// The non-metals of [`lexicon::is_metal`], as a set.
fn non_metals() -> Elements {
    static SET: OnceLock<Elements> = OnceLock::new();
    *SET.get_or_init(|| {
        crate::elements::SYMBOLS
            .iter()
            .filter(|s| !lexicon::is_metal(s))
            .fold(0, |set, s| set | partners::bit(s))
    })
}

/// True when a name found at `r` may be read as an element there.
fn fits(text: &str, r: &Range<usize>, fit: Fit) -> bool {
    let before = match fit {
        // A count between a compound word and the element (七氧化四铽).
        Fit::Han => text[..r.start]
            .chars()
            .rev()
            .take(8)
            .find(|c| !"一二三四五六七八九十".contains(*c)),
        _ => text[..r.start].chars().next_back(),
    };
    let after = text[r.end..].chars().next();
    match fit {
        Fit::WordPart | Fit::Kana => true,
        Fit::Word => !before.is_some_and(is_word_char) && !after.is_some_and(is_word_char),
        Fit::Han => {
            let chem = |c: Option<char>| c.is_some_and(is_han_context);
            let alone = !before.is_some_and(is_cjk) && !after.is_some_and(is_cjk);
            alone || chem(before) || chem(after)
        }
    }
}

/// CJK characters that make a neighbouring element character chemistry:
/// compound, oxide and form words (crystal, foil, wire, bead, needle,
/// plate, strip), and other element characters (alloys).
fn is_han_context(c: char) -> bool {
    "化酸盐鹽氧氯氟溴碘硝硫碳磷硼氢氫氮金属屬锭錠块塊粉粒丝絲片棒靶磁合元素稀土晶箔线綫線珠针針板条條颗顆铁鐵鉄钴鈷镍鎳铝鋁镁鎂铜銅镧鑭铈鈰镨鐠钕釹钐釤铕銪钆釓铽鋱镝鏑钬鈥铒鉺铥銩镱鐿镥鑥钪鈧钇釔镓鎵锗鍺锑銻物砷砒铟銦锌鋅硒碲"
        .contains(c)
}

/// True when two name spans are next to each other: nothing between them
/// but one separator (`terbium iron`, `铽铁`, `dysprosium-iron`).
fn adjacent(text: &str, a: &Range<usize>, b: &Range<usize>) -> bool {
    let (first, second) = if a.start < b.start { (a, b) } else { (b, a) };
    if second.start < first.end {
        return false;
    }
    let gap = &text[first.end..second.start];
    gap.is_empty() || gap == " "
}

/// The form of a name mention at `r` from the words around it.
fn name_form(text: &str, r: &Range<usize>, fit: Fit, ctx: &Context, partner: bool) -> ElementForm {
    // What the characters right before a CJK name say (氧化钆, 氯化钆,
    // 酸化ガドリニウム, 硝酸ガドリニウム).
    // Counts between the compound word and the element (七氧化四铽,
    // 三氧化二锑) do not change what the word says.
    let before: String = {
        let mut v: Vec<char> = text[..r.start]
            .chars()
            .rev()
            .take(8)
            .skip_while(|c| "一二三四五六七八九十".contains(*c))
            .take(3)
            .collect();
        v.reverse();
        v.into_iter().collect()
    };
    let after = &text[r.end..];
    if matches!(fit, Fit::Han | Fit::Kana) {
        let hydroxide = before.ends_with("氢氧化") || before.ends_with("水酸化");
        if !hydroxide && (before.ends_with("氧化") || before.ends_with("酸化")) {
            return ElementForm::Oxide;
        }
        if before.ends_with('化')
            || before.ends_with('酸')
            || ["化合物", "盐", "鹽", "络合物", "配合物", "錯体", "酸"]
                .iter()
                .any(|w| after.starts_with(w))
        {
            return ElementForm::Compound;
        }
    }
    if ctx.compound || substituted(text, r, fit) {
        return ElementForm::Compound;
    }
    if ctx.oxide {
        return ElementForm::Oxide;
    }
    if ctx.target {
        return ElementForm::Target;
    }
    if ctx.magnet {
        return ElementForm::Magnet;
    }
    if ctx.alloy || partner {
        return ElementForm::Alloy;
    }
    if ctx.other {
        return ElementForm::Other;
    }
    ElementForm::Metal
}

/// True when the name is part of a substituted or listed compound name:
/// letters glued before it other than a count (`triphenyl|gallium`,
/// `spiro|germanium`, but not `di|samarium`), a substituent ending glued
/// after it (`antimony|l`), or a PubChem component list (`gallium;vanadium`).
fn substituted(text: &str, r: &Range<usize>, fit: Fit) -> bool {
    if !matches!(fit, Fit::WordPart | Fit::Word) {
        return false;
    }
    let head = &text[..r.start];
    // A bounded look back: a prefix longer than this is a prefix all the
    // same, and a run of glued names must not make the scan quadratic.
    let prefix_start = head
        .char_indices()
        .rev()
        .take(PREFIX_MAX)
        .take_while(|(_, c)| is_word_char(*c))
        .last()
        .map_or(r.start, |(i, _)| i);
    let mut prefix = &text[prefix_start..r.start];
    for count in COUNTS {
        if let Some(rest) = prefix.strip_suffix(count) {
            prefix = rest;
            break;
        }
    }
    let glued_after = text[r.end..]
        .chars()
        .take(3)
        .take_while(|c| is_word_char(*c))
        .collect::<String>();
    let listed = head.trim_end().ends_with(';') || text[r.end..].trim_start().starts_with(';');
    !prefix.is_empty() || glued_after == "yl" || glued_after == "l" || listed
}

/// How CAS index names join the components of an intermetallic compound.
const COMPD: &str = ", compd. with ";

/// Characters looked back for a prefix glued to a name.
const PREFIX_MAX: usize = 32;

/// Bytes of context read before and after a mention.
const BEFORE: usize = 32;
const AFTER: usize = 48;

/// What the words around a mention say.
#[derive(Debug, Default)]
struct Context {
    compound: bool,
    oxide: bool,
    target: bool,
    magnet: bool,
    alloy: bool,
    other: bool,
    /// Elements the partner words inside the scope name.
    partners: Elements,
}

/// Stems (lower case) that make a word a compound word, wherever they
/// stand in it (`trichloro`, `dichloride`, `Nitrat`, `chlorure`).
const COMPOUND_STEMS: &[&str] = &[
    "chlor",
    "clorur",
    "fluor",
    "bromid",
    "bromo",
    "bromat",
    "bromur",
    "iodid",
    "iodo",
    "iodat",
    "iodur",
    "nitrat",
    "nitrid",
    "nitrit",
    "nitrido",
    "carbonat",
    "carbid",
    "acetat",
    "acetyl",
    "aceto",
    "sulfat",
    "sulfid",
    "sulphat",
    "sulphid",
    "sulfit",
    "solfat",
    "oxalat",
    "hydroxid",
    "hydrid",
    "hydrat",
    "phosph",
    "fosfat",
    "borid",
    "borat",
    "silicat",
    "silicid",
    "selenid",
    "tellurid",
    "arsenid",
    "antimonid",
    "cyanid",
    "stearat",
    "citrat",
    "vanadat",
    "tungstat",
    "molybdat",
    "chromat",
    "titanat",
    "zirconat",
    "aluminat",
    "gallat",
    "germanat",
    "ferrit",
    "alkox",
    "ethox",
    "methox",
    "propox",
    "butox",
    "triflat",
    "amid",
    "imid",
    "azid",
    "formiat",
    "formate",
    "lactat",
    "benzoat",
    "anoat",
    "anolat",
    "enolat",
    "heptanedion",
    "acac",
    "cyclopentadien",
    "phthalocyan",
    "porphyr",
    "garnet",
    "compd",
    "compound",
    "complex",
    "salt",
    "chelat",
    "perchlor",
    "thiocyan",
    "selenat",
    "tellurat",
    "oxysulf",
    "oxychlor",
    "oxyfluor",
    "tartr",
    "carboxyl",
    "anyl",
    "ylidyne",
    "glycol",
    "catech",
    "hcl",
    "methyl",
    "ethyl",
    "phenyl",
    "vinyl",
    "ethenyl",
    "ethynyl",
    "propyl",
    "butyl",
    "allyl",
];

/// Stems of oxide words.
const OXIDE_STEMS: &[&str] = &["oxid", "oxyd", "óxid", "ossid"];

/// Words (prefixes) that say the element is only part of something else.
const OTHER_WORDS: &[&str] = &[
    "doped",
    "doping",
    "dopant",
    "based",
    "containing",
    "contains",
    "free",
    "coated",
    "coating",
    "contrast",
    "injection",
    "stabilized",
    "stabilised",
    "isotope",
    "enriched",
    "phosphor",
    // Tariff headings name elements in passing: `rare-earth metals,
    // scandium and yttrium, whether or not intermixed or interalloyed`.
    "intermixed",
    "interalloyed",
];

/// What a context word says, and where it must stand.
#[derive(Debug, Clone, Copy)]
enum Says {
    /// Anywhere, also inside a word (`trichloro`, `Nitrat`, `氯化`).
    Compound,
    Oxide,
    /// At the start of a word (`target`, `targets`, `sputtering`).
    Target,
    Magnet,
    Alloy,
    Other,
}

/// Every context word in one automaton, with what it says (and whether it
/// must begin a word) and the partner elements it names.
struct ContextWords {
    ac: AhoCorasick,
    says: Vec<(Option<(Says, bool)>, Elements)>,
}

fn context_words() -> &'static ContextWords {
    static WORDS: OnceLock<ContextWords> = OnceLock::new();
    WORDS.get_or_init(|| {
        let mut patterns: Vec<String> = Vec::new();
        let mut says: Vec<(Option<(Says, bool)>, Elements)> = Vec::new();
        let mut add = |words: &[&'static str], what: Says, word_start: bool| {
            for w in words {
                patterns.push(w.to_string());
                says.push((Some((what, word_start)), 0));
            }
        };
        add(COMPOUND_STEMS, Says::Compound, false);
        add(&["+)", "化合物"], Says::Compound, false);
        // Whole words only: `classification`, `companion`.
        add(&["cation", "anion"], Says::Compound, true);
        add(OXIDE_STEMS, Says::Oxide, false);
        add(&["target", "sputter"], Says::Target, true);
        add(&["靶", "ターゲット"], Says::Target, false);
        add(&["magnet"], Says::Magnet, true);
        add(&["磁", "マグネット"], Says::Magnet, false);
        add(
            &["alloy", "legierung", "alliage", "aleaci", "lega ", "ferro"],
            Says::Alloy,
            true,
        );
        add(&["合金", "アロイ", "フェロ"], Says::Alloy, false);
        add(OTHER_WORDS, Says::Other, true);
        add(&["掺", "ドープ", "添加"], Says::Other, false);
        // Partner words: merged into an entry of the same word, so that
        // one match says both.
        for (w, elements) in partners::PARTNER_WORDS {
            let bits = partners::set(elements);
            // Normalized as text is (CJK variants fold: 塩化 → 盐化).
            let w = crate::text::normalize(w);
            match patterns.iter().position(|p| *p == w) {
                Some(i) => says[i].1 |= bits,
                None => {
                    patterns.push(w);
                    says.push((None, bits));
                }
            }
        }
        let ac = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .build(&patterns)
            .expect("the context words build an automaton");
        ContextWords { ac, says }
    })
}

/// The window of context read around `r` in `text`: [`BEFORE`] bytes
/// before it and [`AFTER`] after, on character boundaries.
fn window(text: &str, r: &Range<usize>) -> Range<usize> {
    let a = crate::text::floor_boundary(text, r.start.saturating_sub(BEFORE));
    let b = crate::text::ceil_boundary(text, r.end.saturating_add(AFTER));
    a..b
}

impl Context {
    /// The context of `r` in normalized (lower-case) `text`: the bytes of
    /// `window` around it, not the mention itself, so the other parts of
    /// the word it stands in count (`trichloro|gadolinium`,
    /// `dysprosium|nitrat`) and its own letters do not. Partner words
    /// count only inside `scope` (the compound name, within the window).
    fn around(
        text: &str,
        r: &Range<usize>,
        window: &Range<usize>,
        scope: &Range<usize>,
    ) -> Context {
        let words = context_words();
        let mut ctx = Context::default();
        for piece in [window.start..r.start, r.end..window.end] {
            for m in words.ac.find_overlapping_iter(&text[piece.clone()]) {
                let (what, bits) = words.says[m.pattern().as_usize()];
                let at = piece.start + m.start();
                if bits != 0 && at >= scope.start && piece.start + m.end() <= scope.end {
                    ctx.partners |= bits;
                }
                let Some((what, word_start)) = what else {
                    continue;
                };
                if word_start && text[..at].chars().next_back().is_some_and(is_word_char) {
                    continue;
                }
                match what {
                    Says::Compound => ctx.compound = true,
                    Says::Oxide => ctx.oxide = true,
                    Says::Target => ctx.target = true,
                    Says::Magnet => ctx.magnet = true,
                    Says::Alloy => ctx.alloy = true,
                    Says::Other => ctx.other = true,
                }
            }
        }
        ctx
    }

    /// The context of a span of the original text (formulas), read
    /// lower-cased.
    fn around_original(original: &str, r: &Range<usize>) -> Context {
        let w = window(original, r);
        let before = original[w.start..r.start].to_lowercase();
        let after = original[r.end..w.end].to_lowercase();
        let window = format!("{before}\u{1}{after}");
        let r = before.len()..before.len() + 1;
        Context::around(&window, &r, &(0..window.len()), &(0..0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forms(text: &str) -> Vec<(&'static str, ElementForm)> {
        let n = Normalized::new(text);
        mentions(text, &n, true, |_| true)
            .into_iter()
            .map(|m| (m.element, m.form))
            .collect()
    }

    fn form_of(text: &str, element: &str) -> Option<ElementForm> {
        forms(text)
            .into_iter()
            .find(|(e, _)| *e == element)
            .map(|(_, f)| f)
    }

    #[test]
    fn systematic_and_foreign_names() {
        use ElementForm::*;
        for (text, el, form) in [
            ("trichlorogadolinium", "Gd", Compound),
            ("nitridodysprosium", "Dy", Compound),
            ("tribromoyttrium", "Y", Compound),
            ("phosphanylidynescandium", "Sc", Compound),
            ("samariumdichloride", "Sm", Compound),
            ("Dysprosiumnitrat", "Dy", Compound),
            ("gadolinium(3+) tribromide", "Gd", Compound),
            ("yttrium trihydroxide", "Y", Compound),
            ("disamarium trioxide", "Sm", Oxide),
            ("lutetium triacetate", "Lu", Compound),
            ("aluminum, compd. with scandium (3:1)", "Sc", Compound),
            ("gadolinium;chloride", "Gd", Compound),
            ("tris(acetylacetonato)terbium", "Tb", Compound),
            ("Gadolinium (Gd)", "Gd", Metal),
            ("Terbium 99.9% 10 g ingot", "Tb", Metal),
            ("Lutetium 99.99% lump", "Lu", Metal),
            ("Gadolinium(Gd) Sputtering Target", "Gd", Target),
            ("Scandium Cube", "Sc", Metal),
            ("铽铁", "Tb", Alloy),
            ("Terbium--iron", "Tb", Alloy),
            ("テルビウムフェロアロイ", "Tb", Alloy),
            ("Nd-Pr-Tb alloy", "Tb", Alloy),
            ("TbCl3·6H2O", "Tb", Compound),
            ("Dy(NO3)3", "Dy", Compound),
            ("Y2O3:Eu", "Y", Oxide),
            ("GaN on Si epi wafer", "Ga", Compound),
            ("GaSb", "Sb", Compound),
            ("氧化镝", "Dy", Oxide),
            ("七氧化四铽", "Tb", Oxide),
            ("triphenylgallium", "Ga", Compound),
            ("tetraethynylgermanium", "Ge", Compound),
            ("gallium;vanadium", "Ga", Compound),
            ("gadolinium gallium oxide", "Ga", Compound),
            ("gadolinium gallium oxide", "Gd", Compound),
            ("antimony potassium tartrate", "Sb", Compound),
            ("lutecium selenide", "Lu", Compound),
            ("氯化钆", "Gd", Compound),
            ("酸化ジスプロシウム", "Dy", Oxide),
            ("硝酸ガドリニウム", "Gd", Compound),
            ("金属钐", "Sm", Metal),
            ("钆", "Gd", Metal),
            ("yttria stabilized zirconia", "Y", Oxide),
            ("Sm2Co17 magnet", "Sm", Magnet),
            ("TbFe2 powder", "Tb", Alloy),
            ("SmCo PPM focusing", "Sm", Magnet),
            ("SmCo alloy", "Sm", Alloy),
            ("gadolinium-doped ceria", "Gd", Other),
            ("エルビウム添加光ファイバ", "Er", Other),
            ("tariff classification of dysprosium", "Dy", Metal),
            ("gadolinium(+3) cation", "Gd", Compound),
        ] {
            assert_eq!(form_of(text, el), Some(form), "{text}: {:?}", forms(text));
        }
    }

    #[test]
    fn traps_are_not_mentions() {
        for (text, el) in [
            ("ytterbium(III) chloride", "Tb"),
            ("ytterbium oxide", "Y"),
            ("イッテルビウム", "Tb"),
            ("流鏑馬", "Dy"),
            ("钐刀", "Sm"),
            ("gap filler", "Ga"),
            ("2Tb hard drive", "Tb"),
            ("SW 3 position switch", "W"),
            ("environment friendly", "Fe"),
            ("Galaxy tab", "Ga"),
        ] {
            assert_eq!(form_of(text, el), None, "{text}: {:?}", forms(text));
        }
        assert_eq!(
            form_of("ytterbium(III) chloride", "Yb"),
            Some(ElementForm::Compound)
        );
    }

    /// The partners of the first mention of `element` in `text`.
    fn partners_of(text: &str, element: &str) -> Option<Vec<&'static str>> {
        let n = Normalized::new(text);
        mentions(text, &n, true, |_| true)
            .into_iter()
            .find(|m| m.element == element)
            .map(|m| partners::symbols(m.partners))
    }

    #[test]
    fn partners_name_the_other_elements_of_the_compound() {
        for (text, el, want) in [
            // Formulas: all their other elements.
            ("GaAs wafer, semi-insulating", "Ga", &["As"][..]),
            ("GaN charger 65 W", "Ga", &["N"]),
            ("InGaAs epitaxial wafer", "Ga", &["In", "As"]),
            ("ZnGeP2 crystal", "Ge", &["P", "Zn"]),
            ("InSb wafer", "Sb", &["In"]),
            ("GeCl4 6N", "Ge", &["Cl"]),
            ("Ga(NO3)3", "Ga", &["N", "O"]),
            // Anion and substituent words, glued or next to the name.
            ("gallium arsenide wafer", "Ga", &["As"]),
            ("Gallium(III) arsenide", "Ga", &["As"]),
            ("gallium monoarsenide", "Ga", &["As"]),
            ("arsanylidynegallium", "Ga", &["As"]),
            ("nitridogallium", "Ga", &["N"]),
            ("azanylidynegallane", "Ga", &["N"]),
            ("gallium mononitride", "Ga", &["N"]),
            ("digallium triselenide", "Ga", &["Se"]),
            ("selanylidenegallium", "Ga", &["Se"]),
            ("gallanylidynephosphane", "Ga", &["P"]),
            ("gallium monophosphide", "Ga", &["P"]),
            ("gallanylidynestibane", "Ga", &["Sb"]),
            ("antimony;gallane", "Ga", &["Sb"]),
            ("gallium antimonide", "Ga", &["Sb"]),
            ("germanium tetrachloride", "Ge", &["Cl"]),
            ("tetrachlorogermane", "Ge", &["Cl"]),
            ("tetrakis(chloranyl)germane", "Ge", &["Cl"]),
            ("dioxogermane", "Ge", &["O"]),
            ("germanium dioxide", "Ge", &["O"]),
            ("gallium nitrate", "Ga", &["N", "O"]),
            ("gallium arsenide phosphide", "Ga", &["P", "As"]),
            ("ガリウム砒素リン", "Ga", &["P", "As"]),
            // CAS index names: substituents after the comma.
            ("germane, tetrachloro-", "Ge", &["Cl"]),
            ("germanium, tetrachloro-", "Ge", &["Cl"]),
            ("stibine, trichloro-", "Sb", &["Cl"]),
            ("antimony, compd. with gallium (1:2)", "Ga", &["Sb"]),
            ("stibine oxide, triphenyl-, hydrate", "Sb", &["H", "C", "O"]),
            ("stibine sulfide,triphenyl-", "Sb", &["H", "C", "S"]),
            ("antimony, compd. with gallium (1:2)", "Sb", &["Ga"]),
            (
                "antimony,diiodotrimethyl-, (tb-5-11)- (9ci)",
                "Sb",
                &["H", "C", "I"],
            ),
            ("tetramethylstibanium iodide", "Sb", &["H", "C", "I"]),
            ("gallium arsenide, 2 inch wafer", "Ga", &["As"]),
            // Hydrides: hydrogen unless substituents replace it.
            ("stibine 1% in hydrogen", "Sb", &["H"]),
            ("distibane", "Sb", &["H"]),
            ("gallane", "Ga", &["H"]),
            ("triphenylstibane", "Sb", &["H", "C"]),
            // Other element names in the same compound name.
            ("indium gallium arsenide", "Ga", &["As", "In"]),
            ("indium gallium arsenide", "In", &["Ga", "As"]),
            ("zinc germanium phosphide", "Ge", &["P", "Zn"]),
            ("indium antimonide", "Sb", &["In"]),
            ("stibanylidyneindium", "Sb", &["In"]),
            // The trap: gallium in a garnet is joined to Gd and O, not As.
            ("gadolinium gallium garnet", "Ga", &["O", "Gd"]),
            // CJK.
            ("砷化镓多晶", "Ga", &["As"]),
            ("砒化ガリウム", "Ga", &["As"]),
            ("ガリウム砒素", "Ga", &["As"]),
            ("ヒ化ガリウム", "Ga", &["As"]),
            ("氮化镓外延片", "Ga", &["N"]),
            ("窒化ガリウム", "Ga", &["N"]),
            ("磷化镓", "Ga", &["P"]),
            ("リン化ガリウム", "Ga", &["P"]),
            ("硒化镓晶体", "Ga", &["Se"]),
            ("セレン化ガリウム", "Ga", &["Se"]),
            ("锑化镓单晶片", "Ga", &["Sb"]),
            ("アンチモン化ガリウム", "Ga", &["Sb"]),
            ("铟镓砷外延片", "Ga", &["As", "In"]),
            ("四氯化锗", "Ge", &["Cl"]),
            ("二氧化锗", "Ge", &["O"]),
            ("磷锗锌晶体", "Ge", &["P", "Zn"]),
            ("锑化铟多晶", "Sb", &["In"]),
            // Separate names are separate compounds.
            ("gallium nitride on silicon", "Ga", &["N"]),
            ("gallium arsenide, indium phosphide", "Ga", &["As"]),
            ("gallium metal 99.99%, arsenic free", "Ga", &[]),
            ("gallium ingot 4N", "Ga", &[]),
            // Hydrocarbon groups alone (organometallic) against the same
            // groups bound through oxygen (alkoxides, carboxylates).
            ("triphenylstibane", "Sb", &["H", "C"]),
            ("antimony trimethyl", "Sb", &["H", "C"]),
            ("antimony(3+);ethanolate", "Sb", &["H", "C", "O"]),
            ("antimony(3+);triethanoate", "Sb", &["H", "C", "O"]),
            ("germanium tetrabutanolate", "Ge", &["H", "C", "O"]),
            ("antimony neodecanoate", "Sb", &["H", "C", "O"]),
        ] {
            let mut want: Vec<&str> = want.to_vec();
            want.sort_by_key(|s| crate::elements::SYMBOLS.iter().position(|e| e == s));
            assert_eq!(partners_of(text, el), Some(want), "{text}: {el}");
        }
    }

    #[test]
    fn compound_names_have_compound_forms() {
        use ElementForm::*;
        for (text, el, form) in [
            ("gallanylidynephosphane", "Ga", Compound),
            ("stibine", "Sb", Compound),
            ("indium antimonide", "Sb", Compound),
            ("tetrachlorogermane", "Ge", Compound),
            ("GaN charger", "Ga", Compound),
            ("germane", "Ge", Compound),
            ("oxo(oxogallanyloxy)gallane", "Ga", Oxide),
            ("dioxogermane", "Ge", Oxide),
            ("gallium;trihydroxide", "Ga", Compound),
            (
                "gallium;2-oxidanylpropane-1,2,3-tricarboxylate",
                "Ga",
                Compound,
            ),
        ] {
            assert_eq!(form_of(text, el), Some(form), "{text}: {:?}", forms(text));
        }
    }

    /// The partners of the first mention of `element` in `text`, with
    /// whether it carries the ligand mark.
    fn partners_and_mark(text: &str, element: &str) -> Option<(Vec<&'static str>, bool)> {
        let n = Normalized::new(text);
        mentions(text, &n, true, |_| true)
            .into_iter()
            .find(|m| m.element == element)
            .map(|m| {
                (
                    partners::symbols(m.partners),
                    m.partners & partners::LIGAND != 0,
                )
            })
    }

    #[test]
    fn hydride_groups_keep_their_hydrogen() {
        use ElementForm::*;
        for (text, el, want, form) in [
            // The groups of a parent hydride carry its hydrogen …
            ("germyl ether", "Ge", &["H"][..], Compound),
            ("digermyl oxide", "Ge", &["H", "O"], Compound),
            ("germanyloxygermane", "Ge", &["H", "O"], Compound),
            ("stibino radical", "Sb", &["H"], Compound),
            ("stibylene", "Sb", &["H"], Compound),
            // … to the whole compound name, whose other hydride is
            // substituted (`germanyloxy|germane`).
            ("gallanyloxygallane", "Ga", &["H", "O"], Compound),
            // A group that links two parents takes one hydrogen of each.
            ("germane,oxybis- (7ci)", "Ge", &["H", "O"], Compound),
            // Substituted groups and groups bound by all their valences
            // keep none.
            ("oxo(oxogallanyloxy)gallane", "Ga", &["O"], Oxide),
            ("dioxostibanyl stibinate", "Sb", &["O"], Oxide),
            ("stibanylidyneindium", "Sb", &["In"], Compound),
            ("diphenylstiborylbenzene", "Sb", &["H", "C", "O"], Compound),
            ("1,3-dioxodistiboxane 1-oxide", "Sb", &["O"], Oxide),
            ("tricyclo[3.3.1.1^{3,7}]tetrastiboxane", "Sb", &["O"], Oxide),
            ("distiboxane", "Sb", &["H", "O"], Compound),
        ] {
            let mut want: Vec<&str> = want.to_vec();
            want.sort_by_key(|s| crate::elements::SYMBOLS.iter().position(|e| e == s));
            assert_eq!(partners_of(text, el), Some(want), "{text}");
            assert_eq!(form_of(text, el), Some(form), "{text}: {:?}", forms(text));
        }
    }

    #[test]
    fn groups_bound_through_oxygen_or_sulfur_carry_the_ligand_mark() {
        for (text, marked) in [
            (
                "o4-[butoxy-[(e)-4-butoxy-4-oxidanylidene-but-2-enoyl]oxy-stibanyl] o1-butyl (e)-but-2-enedioate",
                true,
            ),
            (
                "2-[bis(2-hydroxyethylsulfanyl)stibanylsulfanyl]ethanol",
                true,
            ),
            ("triphenoxyantimony", true),
            ("stibine, tris(((isooctylthio)acetyl)oxy)-", true),
            ("antimony tris(dimethylamide)", true),
            ("2,6,7-trioxa-1-stibabicyclo[2.2.2]octane", true),
            // Carbon bonded to the element, or no carbon in the group.
            ("triphenylstibane", false),
            ("((2-stibonophenyl)thio)acetic acid", false),
            ("dioxo(oxostibanyloxy)stibane", false),
            ("stibabenzene", false),
        ] {
            let got = partners_and_mark(text, "Sb").map(|(_, mark)| mark);
            assert_eq!(got, Some(marked), "{text}");
        }
    }

    #[test]
    fn ring_and_index_names_of_organoantimony() {
        for (text, want) in [
            // Replacement and Hantzsch-Widman names: ring carbon, unless
            // the replacement prefixes leave none (Sb4O6).
            ("stibabenzene", &["H", "C"][..]),
            ("stibinine", &["H", "C"]),
            ("antimonin", &["H", "C"]),
            (
                "2,4,6,8,9,10-hexaoxa-1,3,5,7-tetrastibatricyclo[3.3.1.13,7]decane",
                &["O"],
            ),
            // Other spellings of stibine and phenyl.
            ("trifenylstibin", &["H", "C"]),
            ("triphenylstibinsulfide", &["H", "C", "S"]),
            // CAS index names: the substituents after the comma, and the
            // parent before it.
            ("antimony, triphenyldichloride", &["H", "C", "Cl"]),
            (
                "antimony, (o,o-bis(1-methylethyl)phosphorodithioato-s,s')diphenyl-, (t-4)-",
                &["H", "C", "P", "S"],
            ),
            ("benzenamine, 4-stibono-", &["H", "C", "N", "O"]),
            ("antimony, bis(trichloro-, compd. with 1 mol. of x", &["Cl"]),
        ] {
            let mut want: Vec<&str> = want.to_vec();
            want.sort_by_key(|s| crate::elements::SYMBOLS.iter().position(|e| e == s));
            assert_eq!(partners_of(text, "Sb"), Some(want), "{text}");
        }
        assert_eq!(
            form_of(
                "2,4,6,8,9,10-hexaoxa-1,3,5,7-tetrastibatricyclo[3.3.1.13,7]decane",
                "Sb"
            ),
            Some(ElementForm::Oxide)
        );
    }

    #[test]
    fn clusters_and_groups_are_not_the_metal() {
        use ElementForm::*;
        for (text, el, form) in [
            ("tetragermanium", "Ge", Other),
            ("diantimony", "Sb", Other),
            ("diantimony trioxide", "Sb", Oxide),
            ("germanium ingot 5N", "Ge", Metal),
            (
                "antimonylbrenzcatechindisulfosaures natrium",
                "Sb",
                Compound,
            ),
            ("antimonyl potassium tartrate", "Sb", Compound),
        ] {
            assert_eq!(form_of(text, el), Some(form), "{text}: {:?}", forms(text));
        }
    }

    #[test]
    fn substituent_readings_stay_linear() {
        // Unclosed brackets, index-name commas and glued groups, many times
        // over: every look is bounded, so this is quick.
        for unit in [
            "stibine, (((",
            "benzenamine, 4-stibono-",
            "(((ethylthio)stibanyl",
            "hexaoxa-tetrastibadecane ",
            "germanyloxygermane,oxybis-",
        ] {
            let text = unit.repeat(5_000);
            let n = Normalized::new(&text);
            assert!(!mentions(&text, &n, true, |_| true).is_empty(), "{unit}");
        }
        let text = format!("stibine, {}", "(".repeat(200_000));
        let n = Normalized::new(&text);
        assert_eq!(mentions(&text, &n, true, |_| true).len(), 1);
    }

    #[test]
    fn spans_point_into_the_original() {
        let text = "Ｔｅｒｂｉｕｍ 99.9% and TbCl3";
        let n = Normalized::new(text);
        let spans: Vec<&str> = mentions(text, &n, true, |_| true)
            .iter()
            .map(|m| &text[m.span.clone()])
            .collect();
        assert_eq!(spans, ["Ｔｅｒｂｉｕｍ", "TbCl3", "TbCl3"]);
    }
}
