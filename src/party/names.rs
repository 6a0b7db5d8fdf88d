//! Party names: the match key of a listed name, and the matcher that finds
//! listed parties in a party field of an order (`consignee`, `end_user`).
//!
//! # Keys
//!
//! [`key`] is the text a name is compared by. It is built from the
//! normalized name ([`crate::text::normalize`]: NFKC, case folding, CJK
//! variant folding, separator folding) cut into tokens:
//!
//! * a word: a run of word characters ([`is_word_char`]: letters and digits
//!   of scripts that put spaces between words); an apostrophe inside a word
//!   is dropped (`Moody's` is `moodys`);
//! * one CJK character (Han, kana, Hangul): CJK names have no spaces, so
//!   every character is a token;
//! * `&`, which is the word `and`.
//!
//! Everything else (`.` `,` `(` `)` `"` ...) is punctuation and dropped;
//! spacing is dropped except that two words keep one space between them.
//! Legal-form words are then removed ([`super::legal_forms`]: `Co., Ltd.`,
//! `Corporation`, `株式会社`, `(株)` ... everywhere, ambiguous ones such as
//! `Co`, `AG`, `公司`, `The` only at an edge of the name). So
//! `Mitsubishi Heavy Industries Aero Engines, Ltd.`,
//! `MITSUBISHI HEAVY INDUSTRIES AERO-ENGINES LTD` and
//! `ｍｉｔｓｕｂｉｓｈｉ heavy industries aero engines` all have the key
//! `mitsubishi heavy industries aero engines`; `三菱重工航空エンジン㈱` has
//! `三菱重工航空エンジン`, and `日東電工株式会社` and `日东电工株式会社` both
//! have `日东电工`. A name that is only legal forms (`Co., Ltd.`) has an empty
//! key and cannot be matched: [`NameMatcher::new`] skips it and lists it in
//! [`NameMatcher::skipped`] for the loader to report.
//!
//! # The whole-name rule
//!
//! A field (the query) meets a listed name when the listed key occurs in the
//! query key as whole tokens: a key that begins (ends) with a word is not
//! preceded (followed) by a word character, so `tdk` is not found in
//! `tdks`; CJK tokens are single characters, so a CJK key may begin or end
//! anywhere. Then:
//!
//! * **full** match (the party is named): every query token outside the
//!   occurrence is inside brackets, or comes after a legal form followed by
//!   a comma that both stand after the occurrence. What may surround a
//!   listed name is thus legal forms (already gone from the key),
//!   punctuation, spacing, a bracketed location or department, and an
//!   address or department after the company's legal form and a comma:
//!   `MHI AERO ENGINES LTD`,
//!   `Mitsubishi Heavy Industries Aero Engines, Ltd. (Nagoya)`,
//!   `Mitsubishi Heavy Industries Aero Engines, Ltd., Komaki, Aichi`,
//!   `三菱重工航空エンジン株式会社、愛知県小牧市`, `「JMU防卫系统株式会社」`,
//!   `TDK Corporation`, `TDK Corporation, Tokyo`. (A division written after
//!   a listed company's legal form and a comma, `X Corp, Aero Division`, is
//!   the listed company itself; `X Corp Aero Division Ltd` is another
//!   company.)
//! * **partial** match ([`How::Partial`], the verdict's `review`): there are
//!   more words or CJK characters, before or after the listed name:
//!   `Mitsubishi Heavy Industries Aero Engines Ltd Nagoya Works`,
//!   `MHI Aero Engines, Komaki, Aichi` (without a legal form before the
//!   comma, an address is not told apart from the rest of a name),
//!   `三菱重工航空エンジン株式会社名古屋工場`, `Sojitz (for MHI Aero
//!   Engines)`. Only listed keys of weight at least [`PARTIAL_WEIGHT`] (a
//!   word weighs 2, a CJK character 1: two words, four CJK characters, or
//!   `IHI` plus two characters) match in part; single-word names and short
//!   CJK names (`TDK`, `OKI`, `NOF`, `IHI`, `JAXA`, `ACSL`, `KGM`, `ENEOS`,
//!   `JMU`, `日油`, `东金`) match only whole, so `TDK-Lambda`, `OKI Data`,
//!   `TDK, Tokyo` and `JAXA Tsukuba Space Center` meet nothing (`JAXA
//!   (Tsukuba Space Center)` does). A partial match inside the occurrence
//!   of another hit (`IHI Aerospace` inside `IHI Aerospace Engineering Co.,
//!   Ltd.`) is dropped: the longer listed name explains those words.
//! * otherwise no match.
//!
//! A listed subsidiary never meets its parent: the parent's key
//! (`mitsubishi heavy industries`) does not contain the subsidiary's
//! (`mitsubishi heavy industries aero engines`), so `Mitsubishi Heavy
//! Industries, Ltd.` meets nothing. A listed parent meets its subsidiary
//! only in part: if `X Corp` were listed, `X Corp Aero Division Ltd` is a
//! partial match (review), never a full one; and if the parent is a single
//! word (`IHI`), not at all. CJK names work alike, a character standing for
//! a word: `三菱重工航空エンジン` is not met by `三菱重工業株式会社`.
//!
//! # Speed
//!
//! All keys of all names are one Aho-Corasick automaton over the query key;
//! every candidate occurrence is checked in O(log n) (token lookup, a
//! prefix count of the tokens outside brackets) plus, at most a few times per
//! party, the length of the name (variant check). Normalizing and cutting
//! the query is linear; legal-form removal is a bounded number of linear
//! rounds ([`MAX_ROUNDS`]).

// The party layer that calls this module is being written alongside it.

use super::legal_forms;
use crate::text::Normalized;
use crate::text::boundary::{at_boundaries, term_boundaries};
use crate::text::chars::{is_cjk, is_separator, is_word_char};
use aho_corasick::AhoCorasick;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::canonical_combining_class;

/// Which field of a listed party a name came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NameKind {
    /// The listed `name`.
    Name,
    /// One of `names`: other official names (other languages, scripts).
    OtherName,
    /// One of `aliases`: short forms, former names.
    Alias,
}

/// How a query met a listed name. Listed best first: a party hit reports
/// the best way any of its names was met.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum How {
    /// A full match, and the query (trimmed of white space) is the listed
    /// name (or other name) byte for byte.
    Exact,
    /// A full match of the name or an other name after normalization,
    /// legal forms, punctuation and bracketed parts.
    Normalized,
    /// A full match through an alias.
    Alias,
    /// A full match that needed CJK variant folding: the query writes a
    /// Han character of the name in another form (`日東電工` for the listed
    /// `日东电工`).
    Variant,
    /// The listed name occurs whole in the query, but the query has more
    /// distinctive words or characters: the name matches only in part
    /// (`review`).
    Partial,
}

impl How {
    /// The name verdict reasons use: `exact`, `normalized`, `alias`,
    /// `variant` or `partial`.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            How::Exact => "exact",
            How::Normalized => "normalized",
            How::Alias => "alias",
            How::Variant => "variant",
            How::Partial => "partial",
        }
    }
}

/// A listed party met in a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NameHit {
    /// The party, as given to [`NameMatcher::new`].
    pub party: u32,
    /// The listed name met: its index in the names given to
    /// [`NameMatcher::new`].
    pub name: u32,
    /// How it was met.
    pub how: How,
    /// Where, in the original query (byte offsets).
    pub span: Range<usize>,
}

/// The smallest weight (a word 2, a CJK character 1) of a listed key that
/// may match in part; lighter keys match only whole.
pub(crate) const PARTIAL_WEIGHT: u32 = 4;

/// At most this many rounds of legal-form removal (a round is needed only
/// when removing forms brings together the tokens of another form, as in
/// `S Ltd A`, which becomes `S A`).
pub(crate) const MAX_ROUNDS: usize = 8;

/// Words that order and procurement systems abbreviate, with what they
/// stand for: a word of a name or a query that is one of these is read as
/// its expansion, on both sides, so `Mitsubishi Heavy Ind.` and `MHI Aero
/// Engines` meet `Mitsubishi Heavy Industries Aero Engines, Ltd.` and
/// `Hvy`, `Mfg`, `Intl` their words. Only abbreviations with one reading
/// in company names are here; the group acronyms are those of the listed
/// Japanese groups (MHI, KHI), whose subsidiaries carry them in their
/// trading names. A parent written as its acronym stays the parent
/// (`MHI` is `mitsubishi heavy industries`, which no list names).
const ABBREVIATIONS: &[(&str, &[&str])] = &[
    ("ind", &["industries"]),
    ("inds", &["industries"]),
    ("hvy", &["heavy"]),
    ("mfg", &["manufacturing"]),
    ("intl", &["international"]),
    ("elec", &["electric"]),
    ("sys", &["systems"]),
    ("equip", &["equipment"]),
    ("eqpt", &["equipment"]),
    ("mach", &["machinery"]),
    ("engg", &["engineering"]),
    ("mhi", &["mitsubishi", "heavy", "industries"]),
    ("khi", &["kawasaki", "heavy", "industries"]),
];

/// A listed name as the matcher keeps it.
#[derive(Debug)]
struct Listed {
    party: u32,
    kind: NameKind,
    /// The name as given, for [`How::Exact`].
    name: Box<str>,
    /// The unfolded form (NFKC, no variant folding) of each CJK token of
    /// the key, in order, for [`How::Variant`].
    raw: Box<[char]>,
    weight: u32,
}

/// Finds listed parties in party fields; see the [module docs](self) for
/// the rule. Immutable, `Send` and `Sync`.
#[derive(Debug)]
pub(crate) struct NameMatcher {
    names: Vec<Listed>,
    /// One automaton over the distinct keys; `None` when there are none.
    automaton: Option<AhoCorasick>,
    /// Per automaton pattern: the names with that key, and the boundaries
    /// the key needs (left, right).
    patterns: Vec<(Vec<u32>, bool, bool)>,
    /// Names whose key is empty (only legal forms). Party loading rejects
    /// them, so only tests see any.
    #[cfg_attr(not(test), allow(dead_code))]
    skipped: Vec<u32>,
}

impl NameMatcher {
    /// Compiles the listed names: `(party, name, kind)`; a hit's `name` is
    /// the index into `names`. Names whose key is empty (only legal forms,
    /// punctuation or spacing) can never be met; they are skipped and
    /// listed in [`NameMatcher::skipped`].
    pub(crate) fn new(names: &[(u32, &str, NameKind)]) -> NameMatcher {
        let mut listed = Vec::with_capacity(names.len());
        let mut skipped = Vec::new();
        let mut ids: HashMap<String, usize> = HashMap::new();
        let mut keys: Vec<String> = Vec::new();
        let mut patterns: Vec<(Vec<u32>, bool, bool)> = Vec::new();
        for (i, &(party, name, kind)) in names.iter().enumerate() {
            let i = u32::try_from(i).expect("fewer than 2^32 names");
            let norm = Normalized::new(name);
            let parsed = Parsed::new(norm.as_str());
            let k = parsed.key();
            let raw = parsed
                .toks
                .iter()
                .filter(|t| t.cjk)
                .map(|t| raw_char(name, &norm, t))
                .collect();
            listed.push(Listed {
                party,
                kind,
                name: name.into(),
                raw,
                weight: parsed.toks.iter().map(|t| if t.cjk { 1 } else { 2 }).sum(),
            });
            if k.text.is_empty() {
                skipped.push(i);
                continue;
            }
            let id = *ids.entry(k.text.clone()).or_insert_with(|| {
                let (left, right) = term_boundaries(&k.text);
                patterns.push((Vec::new(), left, right));
                keys.push(k.text.clone());
                patterns.len() - 1
            });
            patterns[id].0.push(i);
        }
        let automaton = (!keys.is_empty())
            .then(|| AhoCorasick::new(&keys).expect("an automaton over the name keys builds"));
        NameMatcher {
            names: listed,
            automaton,
            patterns,
            skipped,
        }
    }

    /// The indices of the names that [`NameMatcher::new`] skipped because
    /// their key is empty.
    #[cfg(test)]
    pub(crate) fn skipped(&self) -> &[u32] {
        &self.skipped
    }

    /// The parties whose whole distinctive name (or alias) the field
    /// `query` is, or contains as a whole name between boundaries: at most
    /// one hit per party (its best, see [`How`]), sorted by span, party
    /// and name. See the [module docs](self) for full and partial matches.
    pub(crate) fn find(&self, query: &str) -> Vec<NameHit> {
        let Some(automaton) = &self.automaton else {
            return Vec::new();
        };
        let norm = Normalized::new(query);
        let parsed = Parsed::new(norm.as_str());
        let key = parsed.key();
        if key.text.is_empty() {
            return Vec::new();
        }
        // outside[i]: tokens before token i that are not in brackets.
        let mut outside = Vec::with_capacity(parsed.toks.len() + 1);
        let mut count = 0u32;
        outside.push(0);
        for t in &parsed.toks {
            count += u32::from(!t.in_brackets);
            outside.push(count);
        }
        // tail[i]: the first token at or after i that follows a legal form
        // and a comma (the start of an address or department), or the end.
        let n = parsed.toks.len();
        let mut tail = vec![n; n + 1];
        for i in (0..n).rev() {
            tail[i] = if parsed.toks[i].closed_before {
                i
            } else {
                tail[i + 1]
            };
        }
        let trimmed = query.trim();
        // Per party: (how, name, token range).
        let mut best: HashMap<u32, (How, u32, Range<usize>)> = HashMap::new();
        for m in automaton.find_overlapping_iter(key.text.as_str()) {
            let (names, left, right) = &self.patterns[m.pattern().as_usize()];
            if !at_boundaries(&key.text, m.start(), m.end(), *left, *right) {
                continue;
            }
            let (Ok(a), Ok(last)) = (
                key.starts.binary_search(&m.start()),
                key.ends.binary_search(&m.end()),
            ) else {
                continue;
            };
            let b = last + 1;
            let full = outside[a] == 0 && outside[tail[b]] == outside[b];
            for &ni in names {
                let listed = &self.names[ni as usize];
                if !full && listed.weight < PARTIAL_WEIGHT {
                    continue;
                }
                let floor = match (full, listed.kind) {
                    (false, _) => How::Partial,
                    (true, NameKind::Alias) => How::Alias,
                    (true, _) => How::Exact,
                };
                if best.get(&listed.party).is_some_and(|(h, _, _)| *h <= floor) {
                    continue;
                }
                let how = if !full {
                    How::Partial
                } else if self.is_variant(listed, query, &norm, &parsed.toks[a..b]) {
                    How::Variant
                } else if listed.kind == NameKind::Alias {
                    How::Alias
                } else if trimmed == &*listed.name {
                    How::Exact
                } else {
                    How::Normalized
                };
                let better = best
                    .get(&listed.party)
                    .is_none_or(|(h, n, _)| (how, ni) < (*h, *n));
                if better {
                    best.insert(listed.party, (how, ni, a..b));
                }
            }
        }
        let mut found: Vec<(u32, How, u32, Range<usize>)> = best
            .into_iter()
            .map(|(party, (how, name, toks))| (party, how, name, toks))
            .collect();
        // Drop partial hits inside another hit's occurrence.
        found.sort_by(|x, y| (x.3.start, y.3.end, x.0).cmp(&(y.3.start, x.3.end, y.0)));
        let mut kept = Vec::with_capacity(found.len());
        let mut max_end = 0;
        let mut i = 0;
        while i < found.len() {
            let range = found[i].3.clone();
            let mut j = i;
            while j < found.len() && found[j].3 == range {
                j += 1;
            }
            let inside = i > 0 && max_end >= range.end;
            for f in &found[i..j] {
                if !(inside && f.1 == How::Partial) {
                    kept.push(f.clone());
                }
            }
            max_end = max_end.max(range.end);
            i = j;
        }
        let mut hits: Vec<NameHit> = kept
            .into_iter()
            .map(|(party, how, name, toks)| NameHit {
                party,
                name,
                how,
                span: norm.match_span(
                    parsed.toks[toks.start].norm.start..parsed.toks[toks.end - 1].norm.end,
                ),
            })
            .collect();
        hits.sort_by(|x, y| {
            (x.span.start, x.span.end, x.party, x.name).cmp(&(
                y.span.start,
                y.span.end,
                y.party,
                y.name,
            ))
        });
        hits
    }

    /// True when the CJK tokens of the occurrence `toks` are written in
    /// other variant forms than the listed name's.
    fn is_variant(&self, listed: &Listed, query: &str, norm: &Normalized, toks: &[Tok]) -> bool {
        toks.iter()
            .filter(|t| t.cjk)
            .zip(listed.raw.iter())
            .any(|(t, &r)| raw_char(query, norm, t) != r)
    }
}

/// The match key of a name: normalized ([`crate::text::normalize`]),
/// punctuation dropped, legal-form words removed, words separated by one
/// space and CJK characters by none (see the [module docs](self)).
///
/// Idempotent: `key(&key(s)) == key(s)`.
pub(crate) fn key(name: &str) -> String {
    let norm = Normalized::new(name);
    Parsed::new(norm.as_str()).key().text
}

/// The unfolded form of the CJK token `t`: NFKC and lower case of the
/// original character, without variant folding (the normalized character
/// when the original is not one character).
fn raw_char(original: &str, norm: &Normalized, t: &Tok) -> char {
    let folded = norm.as_str()[t.norm.clone()].chars().next().unwrap_or(' ');
    let span = norm.match_span(t.norm.clone());
    let mut chars = original
        .get(span)
        .unwrap_or("")
        .nfkc()
        .flat_map(char::to_lowercase);
    match (chars.next(), chars.next()) {
        (Some(c), None) => c,
        _ => folded,
    }
}

/// A token of a name (see the module docs).
#[derive(Debug, Clone)]
struct Tok {
    /// Its text, in [`Parsed::buf`].
    text: Range<usize>,
    /// Where it is in the normalized text.
    norm: Range<usize>,
    /// One CJK character (else a word).
    cjk: bool,
    /// Punctuation, brackets or removed legal forms stand between this
    /// token and the one before.
    gap_before: bool,
    /// A comma (`,` `、` `;`) stands right before this token (no token in
    /// between, removed or not).
    comma_before: bool,
    /// A removed legal form and then a comma stand between this token and
    /// the one before: what follows is an address or department of the
    /// company named before (`TDK Corporation, Tokyo`).
    closed_before: bool,
    /// Inside brackets.
    in_brackets: bool,
    /// A legal form (set for bracketed forms while cutting).
    legal: bool,
}

/// A normalized name cut into tokens, legal forms removed.
#[derive(Debug)]
struct Parsed {
    buf: String,
    toks: Vec<Tok>,
}

/// A key with the byte range of each token in it.
struct Key {
    text: String,
    starts: Vec<usize>,
    ends: Vec<usize>,
}

/// What a character is to the tokenizer: `Some(true)` a CJK token,
/// `Some(false)` part of a word, `None` neither. Combining marks and
/// Hangul vowel and final jamo are neither: normalization has already
/// composed them with what they follow, and left alone they could compose
/// with a new neighbour once punctuation is dropped, which would make
/// [`key`] not idempotent.
fn token_char(c: char) -> Option<bool> {
    if canonical_combining_class(c) != 0 || ('\u{1160}'..='\u{11FF}').contains(&c) {
        None
    } else if is_cjk(c) {
        Some(true)
    } else if is_word_char(c) {
        Some(false)
    } else {
        None
    }
}

fn is_open(c: char) -> bool {
    matches!(c, '(' | '[' | '{' | '【' | '〔' | '「' | '『' | '〈' | '《')
}

fn is_close(c: char) -> bool {
    matches!(c, ')' | ']' | '}' | '】' | '〕' | '」' | '』' | '〉' | '》')
}

fn is_comma(c: char) -> bool {
    // NFKC has already turned `，` and `；` into `,` and `;`.
    matches!(c, ',' | ';' | '、')
}

/// Where a legal form is removed (see [`legal_forms`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Where {
    Anywhere,
    Trailing,
    Edges,
}

/// The legal forms, tokenized.
struct Forms {
    /// By first token: (tokens, where).
    by_first: HashMap<String, Vec<(Vec<String>, Where)>>,
    /// Every form's tokens, including the bracket-only ones.
    all: Vec<Vec<String>>,
}

fn forms() -> &'static Forms {
    static FORMS: OnceLock<Forms> = OnceLock::new();
    FORMS.get_or_init(|| {
        let tokens = |form: &str| -> Vec<String> {
            let norm = Normalized::new(form);
            let p = Parsed::cut(norm.as_str());
            p.toks
                .iter()
                .map(|t| p.buf[t.text.clone()].to_string())
                .collect()
        };
        let mut forms = Forms {
            by_first: HashMap::new(),
            all: Vec::new(),
        };
        let lists = [
            (legal_forms::ANYWHERE, Where::Anywhere),
            (legal_forms::TRAILING, Where::Trailing),
            (legal_forms::LEADING_OR_TRAILING, Where::Edges),
        ];
        for (list, at) in lists {
            for form in list {
                let t = tokens(form);
                forms
                    .by_first
                    .entry(t[0].clone())
                    .or_default()
                    .push((t.clone(), at));
                forms.all.push(t);
            }
        }
        for form in legal_forms::IN_BRACKETS {
            forms.all.push(tokens(form));
        }
        forms
    })
}

impl Parsed {
    /// Cuts `norm` (normalized text) into tokens and removes legal forms.
    fn new(norm: &str) -> Parsed {
        let mut p = Parsed::cut(norm);
        p.strip_legal_forms();
        p
    }

    fn text(&self, t: &Tok) -> &str {
        &self.buf[t.text.clone()]
    }

    /// Cuts `norm` into tokens; marks bracket contents that are a legal
    /// form.
    fn cut(norm: &str) -> Parsed {
        let mut p = Parsed {
            buf: String::with_capacity(norm.len()),
            toks: Vec::new(),
        };
        // Punctuation (any, and a comma) since the last token.
        let mut gap = false;
        let mut comma = false;
        let mut brackets: Vec<usize> = Vec::new();
        // The word being read: (start in buf, start in norm).
        let mut word: Option<(usize, usize)> = None;
        let mut chars = norm.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            let kind = token_char(c);
            if kind == Some(false) {
                if word.is_none() {
                    word = Some((p.buf.len(), i));
                }
                p.buf.push(c);
                continue;
            }
            if matches!(c, '\'' | '\u{2019}')
                && word.is_some()
                && chars
                    .peek()
                    .is_some_and(|&(_, n)| token_char(n) == Some(false))
            {
                continue;
            }
            let in_brackets = !brackets.is_empty();
            if let Some((b, n)) = word.take() {
                p.push_word(b, n..i, (&mut gap, &mut comma), in_brackets);
            }
            let end = i + c.len_utf8();
            if kind == Some(true) {
                let b = p.buf.len();
                p.buf.push(c);
                p.push(
                    b..p.buf.len(),
                    i..end,
                    true,
                    (&mut gap, &mut comma),
                    in_brackets,
                );
            } else if c == '&' {
                let b = p.buf.len();
                p.buf.push_str("and");
                p.push(
                    b..p.buf.len(),
                    i..end,
                    false,
                    (&mut gap, &mut comma),
                    in_brackets,
                );
            } else if is_separator(c) {
                // Spacing: dropped.
            } else if is_open(c) {
                gap = true;
                brackets.push(p.toks.len());
            } else if is_close(c) {
                gap = true;
                if let Some(start) = brackets.pop() {
                    p.mark_bracketed_form(start);
                }
            } else {
                gap = true;
                comma |= is_comma(c);
            }
        }
        if let Some((b, n)) = word.take() {
            let in_brackets = !brackets.is_empty();
            p.push_word(b, n..norm.len(), (&mut gap, &mut comma), in_brackets);
        }
        p
    }

    /// Pushes the word in `buf[b..]` (at `norm` in the normalized text),
    /// read as its expansion if it is an abbreviation ([`ABBREVIATIONS`]):
    /// every word of the expansion stands where the abbreviation stood.
    fn push_word(
        &mut self,
        b: usize,
        norm: Range<usize>,
        (gap, comma): (&mut bool, &mut bool),
        in_brackets: bool,
    ) {
        let expansion = ABBREVIATIONS
            .iter()
            .find(|(short, _)| *short == &self.buf[b..])
            .map(|(_, long)| *long);
        let Some(words) = expansion else {
            self.push(b..self.buf.len(), norm, false, (gap, comma), in_brackets);
            return;
        };
        self.buf.truncate(b);
        for w in words {
            let start = self.buf.len();
            self.buf.push_str(w);
            self.push(
                start..self.buf.len(),
                norm.clone(),
                false,
                (gap, comma),
                in_brackets,
            );
        }
    }

    fn push(
        &mut self,
        text: Range<usize>,
        norm: Range<usize>,
        cjk: bool,
        (gap, comma): (&mut bool, &mut bool),
        in_brackets: bool,
    ) {
        self.toks.push(Tok {
            text,
            norm,
            cjk,
            gap_before: std::mem::take(gap),
            comma_before: std::mem::take(comma),
            closed_before: false,
            in_brackets,
            legal: false,
        });
    }

    /// Marks the tokens from `start` on as legal forms when together they
    /// are exactly one (`(株)`, `(Pty)`).
    fn mark_bracketed_form(&mut self, start: usize) {
        let inside = &self.toks[start..];
        if inside.is_empty() || inside.len() > 8 {
            return;
        }
        let is_form = forms().all.iter().any(|f| {
            f.len() == inside.len()
                && f.iter()
                    .zip(inside)
                    .all(|(f, t)| *f == self.buf[t.text.clone()])
        });
        if is_form {
            for t in &mut self.toks[start..] {
                t.legal = true;
            }
        }
    }

    /// Removes the tokens marked in `removed` (or as legal), recording the
    /// gap they leave and whether a comma follows a removed form.
    fn compact(&mut self, removed: &[bool]) {
        let mut gap = false;
        let mut seen_removed = false;
        let mut closed = false;
        let mut kept = 0;
        for i in 0..self.toks.len() {
            let t = &self.toks[i];
            closed |= seen_removed && t.comma_before;
            if removed.get(i).copied().unwrap_or(false) || t.legal {
                gap = true;
                seen_removed = true;
                closed |= t.closed_before;
                continue;
            }
            let mut t = t.clone();
            t.gap_before |= gap;
            t.closed_before |= closed;
            (gap, seen_removed, closed) = (false, false, false);
            self.toks[kept] = t;
            kept += 1;
        }
        self.toks.truncate(kept);
    }

    /// Removes legal forms (see [`legal_forms`]): those removed anywhere,
    /// those removed where a name ends or at either end, in rounds until
    /// none is left (at most [`MAX_ROUNDS`]).
    fn strip_legal_forms(&mut self) {
        self.compact(&[]);
        let forms = forms();
        for _ in 0..MAX_ROUNDS {
            let n = self.toks.len();
            let mut found: Vec<(usize, usize, Where)> = Vec::new();
            for i in 0..n {
                let Some(candidates) = forms.by_first.get(self.text(&self.toks[i])) else {
                    continue;
                };
                for (form, at) in candidates {
                    let end = i + form.len();
                    let whole = end <= n
                        && form
                            .iter()
                            .zip(&self.toks[i..end])
                            .all(|(f, t)| *f == self.buf[t.text.clone()]);
                    if whole {
                        found.push((i, end, *at));
                    }
                }
            }
            if found.is_empty() {
                return;
            }
            let mut removed = vec![false; n];
            for &(s, e, at) in &found {
                if at == Where::Anywhere {
                    removed[s..e].fill(true);
                }
            }
            let toks = &self.toks;
            // A name ends after `e`, or begins at `s`.
            let ends = |removed: &[bool], e: usize| e == n || toks[e].gap_before || removed[e];
            let begins =
                |removed: &[bool], s: usize| s == 0 || toks[s].gap_before || removed[s - 1];
            // Right to left, then left to right: a chain of forms
            // (`Foo Co KK`) goes in one pass from its anchored end.
            for &(s, e, at) in found.iter().rev() {
                if at != Where::Anywhere && ends(&removed, e) {
                    removed[s..e].fill(true);
                }
            }
            for &(s, e, at) in &found {
                if at == Where::Edges && begins(&removed, s) {
                    removed[s..e].fill(true);
                }
            }
            if !removed.contains(&true) {
                return;
            }
            self.compact(&removed);
        }
    }

    /// The key: words separated by one space, CJK tokens by none.
    fn key(&self) -> Key {
        let mut key = Key {
            text: String::with_capacity(self.buf.len() + self.toks.len()),
            starts: Vec::with_capacity(self.toks.len()),
            ends: Vec::with_capacity(self.toks.len()),
        };
        let mut prev_word = false;
        for t in &self.toks {
            if prev_word && !t.cjk {
                key.text.push(' ');
            }
            key.starts.push(key.text.len());
            key.text.push_str(&self.buf[t.text.clone()]);
            key.ends.push(key.text.len());
            prev_word = !t.cjk;
        }
        key
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    use NameKind::{Alias, Name, OtherName};

    /// Listed parties from `reference/parties/cn_party_lists.csv` (the
    /// `MHI Aero Engines` alias is DESIGN.md's example).
    const PARTIES: &[(u32, &[(&str, NameKind)])] = &[
        (
            1,
            &[
                ("Mitsubishi Heavy Industries Aero Engines, Ltd.", Name),
                ("三菱重工航空发动机株式会社", OtherName),
                ("三菱重工航空エンジン株式会社", OtherName),
                ("MHI Aero Engines", Alias),
            ],
        ),
        (
            2,
            &[
                ("Mitsubishi Heavy Industries Shipbuilding Co.", Name),
                ("三菱造船株式会社", OtherName),
                ("三菱造船", Alias),
                ("Mitsubishi Heavy Industries Shipbuilding Co., Ltd.", Alias),
            ],
        ),
        (
            3,
            &[
                ("JMU Defense Systems Co., Ltd.", Name),
                ("JMU防务系统株式会社", OtherName),
                ("JMU防卫系统株式会社", Alias),
            ],
        ),
        (
            4,
            &[
                ("Japan Marine United Corporation", Name),
                ("日本海洋联合株式会社", OtherName),
                ("ジャパンマリンユナイテッド株式会社", OtherName),
                ("JMU", Alias),
                ("ジャパン・マリンユナイテッド", Alias),
            ],
        ),
        (
            5,
            &[
                ("TDK Corporation", Name),
                ("TDK株式会社", OtherName),
                ("ＴＤＫ", OtherName),
                ("TDK", Alias),
            ],
        ),
        (
            6,
            &[
                ("IHI Power Systems Co., Ltd.", Name),
                ("IHI原动机株式会社", OtherName),
                ("IHI原動機", OtherName),
            ],
        ),
        (
            7,
            &[
                ("IHI Aerospace Co., Ltd.", Name),
                ("IHI宇航株式会社", OtherName),
                ("株式会社IHIエアロスペース", OtherName),
                ("IHI AEROSPACE CO., LTD.", Alias),
                ("IA", Alias),
                ("アイ・エイチ・アイ・エアロスペース", Alias),
            ],
        ),
        (
            8,
            &[
                ("IHI Aerospace Engineering Co., Ltd.", Name),
                ("IHI宇航工程株式会社", OtherName),
            ],
        ),
        (
            9,
            &[
                ("IHI Jet Service Co., Ltd.", Name),
                ("IHI喷气机服务株式会社", OtherName),
            ],
        ),
        (
            10,
            &[
                ("NEC Network and Sensor Systems, Ltd.", Name),
                ("日本电气网络传感器株式会社", OtherName),
            ],
        ),
        (
            11,
            &[
                ("NEC Aerospace Systems, Ltd.", Name),
                ("日本电气航空宇宙系统株式会社", OtherName),
                ("NEC航空宇宙システム", OtherName),
            ],
        ),
        (
            12,
            &[
                ("Japan Aerospace Exploration Agency", Name),
                ("日本宇宙航空研究开发机构", OtherName),
                ("宇宙航空研究開発機構", OtherName),
                ("JAXA", Alias),
            ],
        ),
        (
            13,
            &[
                ("OKI Electric Industry Co., Ltd.", Name),
                ("冲电气工业株式会社", OtherName),
            ],
        ),
        (
            14,
            &[
                ("OKI Engineering Co., Ltd.", Name),
                ("冲电气工程株式会社", OtherName),
            ],
        ),
        (
            15,
            &[
                ("Nitto Denko Corporation", Name),
                ("日东电工株式会社", OtherName),
            ],
        ),
        (
            16,
            &[("NOF Corporation", Name), ("日油株式会社", OtherName)],
        ),
        (
            17,
            &[
                ("ENEOS Corporation", Name),
                ("引能仕株式会社", OtherName),
                ("ENEOS", OtherName),
                ("引能仕", Alias),
            ],
        ),
        (18, &[("ACSL Ltd.", Name), ("ACSL株式会社", OtherName)]),
        (
            19,
            &[
                ("Kawajyu Gifu Manufacturing Co., Ltd.", Name),
                ("KGM株式会社", OtherName),
            ],
        ),
        (
            20,
            &[
                ("Mitsui Bussan Aerospace Co., Ltd.", Name),
                ("三井物产航空航天株式会社", OtherName),
                ("三井物産エアロスペース", OtherName),
                ("Mitsui Bussan Aerospace", Alias),
            ],
        ),
        (
            21,
            &[
                ("Mitsui Bussan Aerospace Co., Ltd. Maintenance Center", Name),
                ("三井物产航空航天株式会社维修中心", OtherName),
            ],
        ),
        (
            22,
            &[
                ("Kawasaki Heavy Industries Aerospace Systems Company", Name),
                ("川崎重工航空宇宙系统公司", OtherName),
                ("川崎重工業 航空宇宙システムカンパニー", OtherName),
                ("川崎重工業航空宇宙システムカンパニー", Alias),
            ],
        ),
        (
            23,
            &[
                ("The Fujikura Parachute Co., Ltd.", Name),
                ("藤仓航装株式会社", OtherName),
            ],
        ),
        (
            24,
            &[
                (
                    "Mitsubishi Heavy Industries Engine & Turbocharger, Ltd.",
                    Name,
                ),
                ("三菱重工发动机与涡轮增压器株式会社", OtherName),
                ("三菱重工エンジン＆ターボチャージャ株式会社", OtherName),
            ],
        ),
        (
            25,
            &[
                ("SUBARU Corporation", Name),
                ("斯巴鲁株式会社", OtherName),
                ("株式会社SUBARU", OtherName),
                ("SUBARU", Alias),
                ("スバル", Alias),
                ("速霸陸", Alias),
                ("富士重工業", Alias),
            ],
        ),
        (
            26,
            &[
                ("National Defense Academy of Japan", Name),
                ("防卫大学", OtherName),
                ("防衛大学校", OtherName),
                ("防卫大学", Alias),
                ("日本防衛大學校", Alias),
            ],
        ),
        (
            27,
            &[
                ("MITSUI E&S Co., Ltd.", Name),
                ("三井E&S株式会社", OtherName),
            ],
        ),
    ];

    fn names() -> Vec<(u32, &'static str, NameKind)> {
        PARTIES
            .iter()
            .flat_map(|(p, ns)| ns.iter().map(move |&(n, k)| (*p, n, k)))
            .collect()
    }

    fn matcher() -> &'static NameMatcher {
        static M: OnceLock<NameMatcher> = OnceLock::new();
        M.get_or_init(|| NameMatcher::new(&names()))
    }

    /// The hits as (party, how, matched text).
    fn hits(query: &str) -> Vec<(u32, How, &str)> {
        matcher()
            .find(query)
            .into_iter()
            .map(|h| (h.party, h.how, &query[h.span]))
            .collect()
    }

    #[test]
    fn keys() {
        let k = "mitsubishi heavy industries aero engines";
        assert_eq!(key("Mitsubishi Heavy Industries Aero Engines, Ltd."), k);
        assert_eq!(key("MITSUBISHI HEAVY INDUSTRIES AERO-ENGINES LTD"), k);
        assert_eq!(
            key("ｍｉｔｓｕｂｉｓｈｉ heavy  industries aero_engines Co.,Ltd."),
            k
        );
        assert_eq!(key("三菱重工航空エンジン㈱"), "三菱重工航空エンジン");
        assert_eq!(key("(株)三菱重工航空エンジン"), "三菱重工航空エンジン");
        assert_eq!(key("日東電工株式会社"), key("日东电工株式会社"));
        assert_eq!(key("日东电工株式会社"), "日东电工");
        assert_eq!(key("IHI原動機"), "ihi原动机");
        assert_eq!(key("株式会社 IHI エアロスペース"), "ihiエアロスペース");
        assert_eq!(
            key("The Fujikura Parachute Co., Ltd."),
            "fujikura parachute"
        );
        assert_eq!(
            key("NEC Network & Sensor Systems"),
            "nec network and sensor systems"
        );
        assert_eq!(
            key("Mitsui Bussan Aerospace Co., Ltd. Maintenance Center"),
            "mitsui bussan aerospace maintenance center"
        );
        assert_eq!(key("Foo Co KK"), "foo");
        assert_eq!(key("Foo Co Bar"), "foo co bar");
        assert_eq!(key("Foo Co., Bar"), "foo bar");
        assert_eq!(key("Siemens AG"), "siemens");
        assert_eq!(key("AG Chemical Works"), "ag chemical works");
        assert_eq!(key("Co-op Kobe"), "co op kobe");
        assert_eq!(key("有限会社ABC"), "abc");
        assert_eq!(key("Agilent Technologies, Inc."), "agilent technologies");
        assert_eq!(key("Moody's Corp."), "moodys");
        assert_eq!(key("S.A.S. Foo S.A."), "foo");
        assert_eq!(key("Foo S Ltd A"), "foo");
        assert_eq!(key("中国航天科技集团有限公司"), "中国航天科技集团");
        assert_eq!(key("三菱重工公司东京"), "三菱重工公司东京");
        assert_eq!(
            key("国立研究開発法人宇宙航空研究開発機構"),
            key("宇宙航空研究開発機構")
        );
        assert_eq!(key("Co., Ltd."), "");
        assert_eq!(key("(株)"), "");
        assert_eq!(key(""), "");
    }

    #[test]
    fn mhi_aero_engines_and_its_parent() {
        // `MHI` is read as `Mitsubishi Heavy Industries` (see
        // ABBREVIATIONS), and `Hvy.`, `Ind.` as their words.
        assert_eq!(
            hits("MHI AERO ENGINES LTD"),
            [(1, How::Normalized, "MHI AERO ENGINES")]
        );
        assert_eq!(
            hits("Mitsubishi Hvy. Ind. Aero Engines Ltd"),
            [(1, How::Normalized, "Mitsubishi Hvy. Ind. Aero Engines")]
        );
        // The parent, by its acronym or abbreviated, is not listed.
        assert!(hits("MHI").is_empty());
        assert!(hits("MHI Ltd.").is_empty());
        assert!(hits("Mitsubishi Heavy Ind., Ltd.").is_empty());
        assert_eq!(
            hits("Mitsubishi Heavy Industries Aero Engines, Ltd."),
            [(1, How::Exact, "Mitsubishi Heavy Industries Aero Engines")]
        );
        assert_eq!(
            hits("Mitsubishi Heavy Industries Aero Engines, Ltd. (Nagoya)"),
            [(
                1,
                How::Normalized,
                "Mitsubishi Heavy Industries Aero Engines"
            )]
        );
        assert_eq!(
            hits("三菱重工航空エンジン㈱"),
            [(1, How::Normalized, "三菱重工航空エンジン")]
        );
        assert_eq!(
            hits("三菱重工航空發動機株式會社"),
            [(1, How::Variant, "三菱重工航空發動機")]
        );
        // The parent is not listed.
        assert_eq!(hits("Mitsubishi Heavy Industries, Ltd."), []);
        assert_eq!(hits("MHI"), []);
        assert_eq!(hits("三菱重工業株式会社"), []);
        assert_eq!(hits("三菱重工"), []);
        // More distinctive words: in part only.
        assert_eq!(
            hits("Mitsubishi Heavy Industries Aero Engines Ltd Nagoya Works"),
            [(1, How::Partial, "Mitsubishi Heavy Industries Aero Engines")]
        );
        assert_eq!(
            hits("MHI Aero Engines, Komaki, Aichi"),
            [(1, How::Partial, "MHI Aero Engines")]
        );
        // After a legal form and a comma: an address or department.
        assert_eq!(
            hits(
                "Mitsubishi Heavy Industries Aero Engines, Ltd., 1200 Higashi Tanaka, Komaki, Aichi"
            ),
            [(
                1,
                How::Normalized,
                "Mitsubishi Heavy Industries Aero Engines"
            )]
        );
        assert_eq!(
            hits("三菱重工航空エンジン株式会社、愛知県小牧市"),
            [(1, How::Normalized, "三菱重工航空エンジン")]
        );
        assert_eq!(
            hits("三菱重工航空エンジン株式会社名古屋工場"),
            [(1, How::Partial, "三菱重工航空エンジン")]
        );
        // Not between boundaries.
        assert_eq!(hits("MHI Aero Enginesxyz"), []);
    }

    #[test]
    fn jmu_defense_systems_in_both_spellings_and_japan_marine_united() {
        assert_eq!(
            hits("JMU防务系统株式会社"),
            [(3, How::Exact, "JMU防务系统")]
        );
        assert_eq!(
            hits("JMU防卫系统株式会社"),
            [(3, How::Alias, "JMU防卫系统")]
        );
        assert_eq!(
            hits("ＪＭＵ防衛系統"),
            [(3, How::Variant, "ＪＭＵ防衛系統")]
        );
        assert_eq!(
            hits("JMU Defense Systems Co., Ltd."),
            [(3, How::Exact, "JMU Defense Systems")]
        );
        assert_eq!(
            hits("jmu defense systems"),
            [(3, How::Normalized, "jmu defense systems")]
        );
        // JMU alone is Japan Marine United, and only whole.
        assert_eq!(hits("JMU"), [(4, How::Alias, "JMU")]);
        assert_eq!(hits("JMU Co., Ltd."), [(4, How::Alias, "JMU")]);
        assert_eq!(hits("JMU Yokohama Shipyard"), []);
        assert_eq!(
            hits("Japan Marine United Corporation"),
            [(4, How::Exact, "Japan Marine United")]
        );
        assert_eq!(
            hits("ジャパン マリンユナイテッド㈱"),
            [(4, How::Normalized, "ジャパン マリンユナイテッド")]
        );
        // A press misnomer.
        assert_eq!(hits("Japan Maritime Integrated Corporation"), []);
    }

    #[test]
    fn short_names_match_only_whole() {
        assert_eq!(hits("TDK Corporation"), [(5, How::Exact, "TDK")]);
        assert_eq!(hits("TDK"), [(5, How::Normalized, "TDK")]);
        assert_eq!(hits("ｔｄｋ株式会社"), [(5, How::Normalized, "ｔｄｋ")]);
        assert_eq!(
            hits("TDK Corp. (Akita plant)"),
            [(5, How::Normalized, "TDK")]
        );
        assert_eq!(
            hits("TDK Corporation, Nihonbashi, Tokyo"),
            [(5, How::Normalized, "TDK")]
        );
        assert_eq!(hits("TDK, Tokyo"), []);
        assert_eq!(hits("TDK-Lambda"), []);
        assert_eq!(hits("TDK-Lambda Corporation"), []);
        assert_eq!(hits("TDKS"), []);
        assert_eq!(hits("OKI"), []);
        assert_eq!(hits("OKI Data Corporation"), []);
        assert_eq!(
            hits("Oki Electric Industry Co Ltd"),
            [(13, How::Normalized, "Oki Electric Industry")]
        );
        assert_eq!(
            hits("OKI Engineering"),
            [(14, How::Normalized, "OKI Engineering")]
        );
        assert_eq!(hits("NOF Corporation"), [(16, How::Exact, "NOF")]);
        assert_eq!(hits("NOF METAL COATINGS"), []);
        assert_eq!(hits("日油"), [(16, How::Normalized, "日油")]);
        assert_eq!(hits("日油技研工業"), []);
        assert_eq!(hits("ENEOS"), [(17, How::Exact, "ENEOS")]);
        assert_eq!(hits("ENEOS Globe"), []);
        assert_eq!(hits("ACSL Ltd."), [(18, How::Exact, "ACSL")]);
        assert_eq!(hits("KGM株式会社"), [(19, How::Exact, "KGM")]);
        assert_eq!(hits("KGM Motors"), []);
        assert_eq!(hits("JAXA"), [(12, How::Alias, "JAXA")]);
        assert_eq!(
            hits("JAXA (Tsukuba Space Center)"),
            [(12, How::Alias, "JAXA")]
        );
        assert_eq!(hits("JAXA Tsukuba Space Center"), []);
        assert_eq!(hits("IA"), [(7, How::Alias, "IA")]);
        assert_eq!(hits("IA Corp"), [(7, How::Alias, "IA")]);
        assert_eq!(hits("Ia Drang"), []);
    }

    #[test]
    fn ihi_units_and_ihi_corporation() {
        assert_eq!(hits("IHI Corporation"), []);
        assert_eq!(hits("株式会社IHI"), []);
        assert_eq!(
            hits("IHI Aerospace Co., Ltd."),
            [(7, How::Exact, "IHI Aerospace")]
        );
        assert_eq!(
            hits("株式会社ＩＨＩエアロスペース"),
            [(7, How::Normalized, "ＩＨＩエアロスペース")]
        );
        // The longer listed name explains the shorter one's words.
        assert_eq!(
            hits("IHI Aerospace Engineering Co., Ltd."),
            [(8, How::Exact, "IHI Aerospace Engineering")]
        );
        assert_eq!(
            hits("IHI Aerospace Tomioka Works"),
            [(7, How::Partial, "IHI Aerospace")]
        );
        assert_eq!(hits("IHI原動機"), [(6, How::Exact, "IHI原動機")]);
        assert_eq!(hits("IHI原动机株式会社"), [(6, How::Exact, "IHI原动机")]);
        assert_eq!(
            hits("IHI Power Systems"),
            [(6, How::Normalized, "IHI Power Systems")]
        );
        assert_eq!(
            hits("IHI Jet Service Co Ltd"),
            [(9, How::Normalized, "IHI Jet Service")]
        );
        assert_eq!(hits("IHI Jet"), []);
    }

    #[test]
    fn nec_units_and_nec_corporation() {
        assert_eq!(hits("NEC Corporation"), []);
        assert_eq!(hits("日本電気株式会社"), []);
        assert_eq!(
            hits("NEC Aerospace Systems, Ltd."),
            [(11, How::Exact, "NEC Aerospace Systems")]
        );
        assert_eq!(
            hits("NEC航空宇宙システム株式会社"),
            [(11, How::Normalized, "NEC航空宇宙システム")]
        );
        assert_eq!(
            hits("NEC Network & Sensor Systems Ltd"),
            [(10, How::Normalized, "NEC Network & Sensor Systems")]
        );
        assert_eq!(hits("NEC Network"), []);
    }

    #[test]
    fn jaxa_variants_groups_and_divisions() {
        assert_eq!(
            hits("国立研究開発法人宇宙航空研究開発機構"),
            [(12, How::Normalized, "宇宙航空研究開発機構")]
        );
        assert_eq!(
            hits("Japan Aerospace Exploration Agency (JAXA)"),
            [(12, How::Normalized, "Japan Aerospace Exploration Agency")]
        );
        assert_eq!(hits("日東電工株式会社"), [(15, How::Variant, "日東電工")]);
        assert_eq!(hits("防衛大学校"), [(26, How::Exact, "防衛大学校")]);
        assert_eq!(hits("防衛大学"), [(26, How::Variant, "防衛大学")]);
        assert_eq!(
            hits("Fujikura Parachute Co Ltd"),
            [(23, How::Normalized, "Fujikura Parachute")]
        );
        // A listed company and its listed maintenance center.
        assert_eq!(
            hits("Mitsui Bussan Aerospace Co., Ltd."),
            [(20, How::Exact, "Mitsui Bussan Aerospace")]
        );
        assert_eq!(
            hits("Mitsui Bussan Aerospace Maintenance Center"),
            [(
                21,
                How::Normalized,
                "Mitsui Bussan Aerospace Maintenance Center"
            )]
        );
        // An in-house company: the parent is not listed.
        assert_eq!(
            hits("川崎重工業株式会社 航空宇宙システムカンパニー"),
            [(
                22,
                How::Normalized,
                "川崎重工業株式会社 航空宇宙システムカンパニー"
            )]
        );
        assert_eq!(hits("川崎重工業株式会社"), []);
        assert_eq!(hits("Kawasaki Heavy Industries, Ltd."), []);
        assert_eq!(
            hits("三菱重工エンジン&ターボチャージャ"),
            [(24, How::Normalized, "三菱重工エンジン&ターボチャージャ")]
        );
        assert_eq!(
            hits("Mitsubishi Heavy Industries Engine and Turbocharger Ltd"),
            [(
                24,
                How::Normalized,
                "Mitsubishi Heavy Industries Engine and Turbocharger"
            )]
        );
        assert_eq!(
            hits("Mitsui E & S"),
            [(27, How::Normalized, "Mitsui E & S")]
        );
        assert_eq!(hits("株式会社SUBARU"), [(25, How::Exact, "SUBARU")]);
        assert_eq!(hits("Subaru of America"), []);
    }

    #[test]
    fn listed_parents_and_their_subsidiaries() {
        let m = NameMatcher::new(&[
            (1, "Acme Widgets Corp", Name),
            (2, "Acme Widgets Aero Division Ltd", Name),
        ]);
        let how = |q: &str| {
            m.find(q)
                .into_iter()
                .map(|h| (h.party, h.how))
                .collect::<Vec<_>>()
        };
        assert_eq!(how("Acme Widgets Aero Division Ltd"), [(2, How::Exact)]);
        assert_eq!(how("ACME WIDGETS CORPORATION"), [(1, How::Normalized)]);
        let parent_only = NameMatcher::new(&[(1, "Acme Widgets Corp", Name)]);
        let how = |q: &str| {
            parent_only
                .find(q)
                .into_iter()
                .map(|h| (h.party, h.how))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            how("Acme Widgets Corp Aero Division Ltd"),
            [(1, How::Partial)]
        );
        assert_eq!(how("Acme Widgets Aero Division"), [(1, How::Partial)]);
        // A division after the company's legal form and a comma is the company.
        assert_eq!(
            how("Acme Widgets Corp, Aero Division"),
            [(1, How::Normalized)]
        );
        assert_eq!(how("Acme Widgets, Aero Division"), [(1, How::Partial)]);
        assert_eq!(how("Acme"), []);
        assert_eq!(how("Sojitz (for Acme Widgets)"), [(1, How::Partial)]);
    }

    #[test]
    fn two_parties_in_one_field() {
        assert_eq!(
            hits("MHI Aero Engines / IHI Aerospace"),
            [
                (1, How::Partial, "MHI Aero Engines"),
                (7, How::Partial, "IHI Aerospace")
            ]
        );
    }

    #[test]
    fn names_without_a_key_are_skipped() {
        let m = NameMatcher::new(&[
            (1, "Co., Ltd.", Name),
            (1, "Acme Widgets", Alias),
            (2, "(株)", Name),
            (3, "", Name),
            (4, " The Company ", Name),
        ]);
        assert_eq!(m.skipped(), [0, 2, 3, 4]);
        assert!(m.find("Co., Ltd.").is_empty());
        assert!(m.find("The Company").is_empty());
        assert_eq!(m.find("Acme Widgets Ltd").len(), 1);
        let empty = NameMatcher::new(&[]);
        assert!(empty.find("anything").is_empty());
    }

    #[test]
    fn spans_point_into_the_original() {
        let q = "  ＭＨＩ　Ａｅｒｏ－Ｅｎｇｉｎｅｓ，Ｌｔｄ．";
        let h = matcher().find(q);
        assert_eq!(h.len(), 1);
        // The expanded acronym's words all stand where `ＭＨＩ` stands.
        assert_eq!(&q[h[0].span.clone()], "ＭＨＩ　Ａｅｒｏ－Ｅｎｇｉｎｅｓ");
        assert_eq!(h[0].party, 1);
    }

    /// A megabyte of overlapping candidates is matched (linear work: each
    /// candidate is checked in a bounded neighbourhood; the fuzz tests
    /// bound the time of every case, timing claims live in benches).
    #[test]
    fn long_queries_with_nested_names() {
        // Nested names ("a", "a a", ...) make many overlapping candidates.
        let nested: Vec<String> = (1..=12).map(|n| vec!["alpha"; n].join(" ")).collect();
        let mut listed = names();
        listed.extend(
            nested
                .iter()
                .enumerate()
                .map(|(i, n)| (100 + i as u32, n.as_str(), Name)),
        );
        let m = NameMatcher::new(&listed);
        let unit = "alpha alpha Mitsubishi Heavy Industries Aero Engines Co Ltd S Ltd A 三菱重工航空エンジン㈱ TDK, ";
        let q = unit.repeat(1_000_000 / unit.len() + 1);
        assert!(!m.find(&q).is_empty());
    }

    /// Case, width and spacing changes, and punctuation after words.
    fn disguise(name: &str, flips: &[u8]) -> String {
        let mut out = String::new();
        for (i, c) in name.chars().enumerate() {
            let f = flips[i % flips.len()];
            let c = if f & 1 == 1 && c.is_ascii_alphabetic() {
                if c.is_ascii_uppercase() {
                    c.to_ascii_lowercase()
                } else {
                    c.to_ascii_uppercase()
                }
            } else {
                c
            };
            match c {
                ' ' => {
                    out.push_str(["  ", "-", "_", "\u{3000}", " / ", "\t"][usize::from(f >> 1) % 6])
                }
                '!'..='~' if f & 2 == 2 => out.push(char::from_u32(c as u32 + 0xFEE0).unwrap_or(c)),
                _ => out.push(c),
            }
            if f & 12 == 12
                && c.is_ascii_alphanumeric()
                && !name[..]
                    .chars()
                    .nth(i + 1)
                    .is_some_and(|n| n.is_ascii_alphanumeric())
            {
                out.push('.');
            }
            if f & 28 == 28 && is_cjk(c) {
                out.push(' ');
            }
        }
        out
    }

    const PADS_BEFORE: &[&str] = &["", "", "株式会社", "(株)", "㈱ ", "The "];
    const PADS_AFTER: &[&str] = &[
        "",
        " Co., Ltd.",
        " Ltd",
        " LIMITED",
        " Corporation",
        " K.K.",
        "株式会社",
        "㈱",
        " (株)",
        " Inc.",
        ", LLC",
        " GmbH",
        " 有限公司",
        " Co.,Ltd. (Nagoya)",
        "（東京）",
        " [Tokyo Branch]",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// (1) A listed name padded with legal forms and a bracketed
        /// location, in other case, width and spacing, still matches in
        /// full.
        #[test]
        fn padded_names_match_in_full(
            i in 0..names().len(),
            before in 0..PADS_BEFORE.len(),
            after in 0..PADS_AFTER.len(),
            flips in prop::collection::vec(any::<u8>(), 1..8),
        ) {
            let (party, name, _) = names()[i];
            let query = format!("{}{}{}", PADS_BEFORE[before], disguise(name, &flips), PADS_AFTER[after]);
            let found = matcher().find(&query);
            prop_assert!(
                found.iter().any(|h| h.party == party && h.how != How::Partial),
                "{query:?} → {found:?}"
            );
        }

        /// (2) A listed name without its last distinctive word(s) (its
        /// parent) never meets it.
        #[test]
        fn parents_never_match(
            i in 0..names().len(),
            drop in 1usize..4,
            after in 0..PADS_AFTER.len(),
        ) {
            let (party, name, _) = names()[i];
            let k = key(name);
            let words: Vec<&str> = k.split(' ').collect();
            let cjk: Vec<char> = k.chars().collect();
            let parent = if words.len() > 1 {
                prop_assume!(drop < words.len());
                words[..words.len() - drop].join(" ")
            } else {
                prop_assume!(drop < cjk.len());
                cjk[..cjk.len() - drop].iter().collect()
            };
            // Unless the party has a name that the parent contains
            // (`日本防衛大學校` without `校` is `日本防卫大学`, which contains
            // the party's other name `防卫大学`).
            let pk = key(&parent);
            prop_assume!(names().iter().all(|&(p, n, _)| p != party || !pk.contains(&key(n))));
            let query = format!("{parent}{}", PADS_AFTER[after]);
            let found = matcher().find(&query);
            prop_assert!(found.iter().all(|h| h.party != party), "{query:?} → {found:?}");
        }

        /// (2) With made-up names: the parent of a listed subsidiary meets
        /// nothing, and a subsidiary of a listed parent meets it at most in
        /// part.
        #[test]
        fn made_up_parents_and_subsidiaries(
            words in prop::collection::vec("[a-z]{4,8}|[\u{4e00}-\u{4e2f}]{2,4}", 2..6),
            cut in any::<prop::sample::Index>(),
            suffix in 0..PADS_AFTER.len(),
        ) {
            // Words that are legal forms are not distinctive.
            let words: Vec<String> = words.iter().map(|w| key(w)).filter(|w| !w.is_empty()).collect();
            prop_assume!(words.len() >= 2);
            let cut = 1 + cut.index(words.len() - 1);
            let full = format!("{}{}", words.join(" "), PADS_AFTER[suffix]);
            let parent = format!("{}{}", words[..cut].join(" "), PADS_AFTER[suffix]);
            prop_assume!(key(&parent) != key(&full));
            let sub = NameMatcher::new(&[(1, &full, Name)]);
            prop_assert_eq!(sub.find(&parent), vec![]);
            let par = NameMatcher::new(&[(1, &parent, Name)]);
            prop_assert!(par.find(&full).iter().all(|h| h.how == How::Partial));
        }

        /// (3) Keys are idempotent.
        #[test]
        fn keys_are_idempotent(s in "\\PC{0,40}") {
            let k = key(&s);
            prop_assert_eq!(key(&k), k);
        }

        /// (3) Keys are idempotent on names made of words, legal forms and
        /// punctuation.
        #[test]
        fn keys_of_names_are_idempotent(parts in prop::collection::vec(prop::sample::select(vec![
            "Co", "Ltd", ".", ",", " ", "(", ")", "S", "A", "K", "KK", "AG", "The", "Company", "公司",
            "株式会社", "株", "有限", "会社", "三菱", "Foo", "&", "ガ", "\u{3099}", "\u{1100}", "\u{1161}",
            "é", "e\u{301}", "'", "Pty", "集团",
        ]), 0..16)) {
            let s: String = parts.concat();
            let k = key(&s);
            prop_assert_eq!(key(&k), k);
        }

        /// (4) Any query: no panic, spans on character boundaries.
        #[test]
        fn any_query_is_safe(s in "\\PC{0,60}|[\\(\\)（）㈱株式会社 ,.A-Za-z三菱重工航空エンジン日東電工]{0,60}") {
            for h in matcher().find(&s) {
                prop_assert!(s.get(h.span.clone()).is_some_and(|t| !t.is_empty()), "{s:?} {h:?}");
            }
        }

        /// (5) A name made only of legal forms has no key and is skipped.
        #[test]
        fn legal_forms_alone_are_not_names(parts in prop::collection::vec(
            prop::sample::select(
                legal_forms::ANYWHERE.iter().chain(legal_forms::TRAILING).chain(legal_forms::LEADING_OR_TRAILING).copied()
                    .chain(legal_forms::IN_BRACKETS.iter().map(|_| "(株)"))
                    .collect::<Vec<_>>()
            ),
            1..5,
        ), sep in prop::sample::select(vec![" ", ", ", ".", " - ", "\u{3000}"])) {
            let name = parts.join(sep);
            prop_assert_eq!(key(&name), "");
            let m = NameMatcher::new(&[(1, &name, Name)]);
            prop_assert_eq!(m.skipped(), &[0]);
            prop_assert!(m.find(&name).is_empty());
        }
    }
}
