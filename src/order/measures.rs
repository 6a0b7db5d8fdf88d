//! Destination and end-use measures as data (`measures/*.toml`).
//!
//! A measure says: for China-origin dual-use items (all of them, or those
//! of some rules) going to a destination, with a military end user or use
//! (or regardless), the verdict is at least this level; from an effective
//! date, outside suspension windows. The words that mark a military end
//! user or use are data too (`[military] words`). Loaded as strictly as
//! rule files, with `file:line:col` diagnostics.

use super::Level;
use crate::error::{Error, Severity};
use crate::load::Ctx;
use crate::load::schema::{Datetime, RawSuspension};
use crate::rule::Suspension;
use chrono::NaiveDate;
use serde::Deserialize;
use toml::Spanned;

/// When a measure applies.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// A military end user or end use is stated.
    MilitaryEndUserOrUse,
    /// A military end user is stated (the end use alone does not suffice).
    MilitaryEndUser,
    /// The item is one of the measure's rules, whatever the end use.
    Items,
    /// The item is one of the measure's rules and was made outside China
    /// (the order's `origin` is another country): rules on re-exports of
    /// foreign-made goods that contain China-origin items.
    ForeignMadeItems,
    /// One of the measure's own `words` is stated in the end user or the
    /// end use (an end use the instrument names, such as advanced chips).
    EndUse,
}

/// One measure.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Measure {
    /// Unique id.
    pub id: String,
    /// The legal instrument.
    pub instrument: String,
    /// Where to read it.
    pub source: String,
    /// From when it applies.
    pub effective: NaiveDate,
    /// Windows in which it is suspended (both ends inclusive).
    pub suspended: Vec<Suspension>,
    /// ISO alpha-2 destination, or `*` for every destination but China.
    pub destination: String,
    /// What else it needs.
    pub when: When,
    /// Rule-id prefixes of the items it covers, matched whole up to a
    /// `.`: needed by `When::Items` and `When::ForeignMadeItems`; a
    /// military measure with rules covers only those items, without rules
    /// every dual-use item.
    pub rules: Vec<String>,
    /// For `When::EndUse`: the words that state its end use, normalized
    /// like item text (whole words where they begin or end with a word
    /// character).
    pub words: Vec<String>,
    /// The verdict it gives.
    pub level: Level,
    /// When a person last checked it.
    pub reviewed: NaiveDate,
    /// Remarks.
    pub notes: Option<String>,
}

impl Measure {
    /// True if the measure applies on `date`.
    pub fn applies_at(&self, date: NaiveDate) -> bool {
        date >= self.effective && !self.suspended.iter().any(|s| s.contains(date))
    }

    /// True if the measure applies to goods going to `destination` (an
    /// ISO code; `None` if the order names none or no country).
    pub fn goes_to(&self, destination: Option<&str>) -> bool {
        match self.destination.as_str() {
            "*" => destination != Some("CN"),
            d => destination == Some(d),
        }
    }

    /// The rule ids of `items` that the measure covers: those of its
    /// rules, or all of them for a measure without rules (a military
    /// measure on every dual-use item).
    pub(crate) fn covered<'a>(&self, items: &[&'a str]) -> Vec<&'a str> {
        if self.rules.is_empty() {
            items.to_vec()
        } else {
            items.iter().copied().filter(|i| self.covers(i)).collect()
        }
    }

    /// True if the measure covers the rule `id`.
    pub fn covers(&self, id: &str) -> bool {
        self.rules.iter().any(|p| {
            id == p
                || id
                    .strip_prefix(p.as_str())
                    .is_some_and(|r| r.starts_with('.'))
        })
    }
}

/// Measures and the military words, loaded.
#[derive(Debug, Clone, Default)]
pub struct Measures {
    pub(crate) measures: Vec<Measure>,
    pub(crate) military: Vec<String>,
    /// The military words and every end-use measure's words in one
    /// automaton, with the word boundaries each needs (see
    /// [`crate::text::boundary`]) and whose word it is.
    words_ac: Option<WordsAc>,
}

/// Whose word an automaton pattern is.
#[derive(Debug, Clone, Copy)]
enum Owner {
    Military,
    /// The measure at this index.
    Measure(usize),
}

#[derive(Debug, Clone)]
struct WordsAc {
    ac: aho_corasick::AhoCorasick,
    bounds: Vec<(bool, bool)>,
    owners: Vec<Owner>,
}

/// What the measures' words say of one normalized field: where its first
/// military word is, and per end-use measure (by index) where its first
/// word is.
#[derive(Debug, Clone, Default)]
pub(crate) struct FieldWords {
    pub(crate) military: Option<std::ops::Range<usize>>,
    pub(crate) end_use: Vec<(usize, std::ops::Range<usize>)>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    military: Option<RawMilitary>,
    #[serde(default)]
    measure: Vec<Spanned<RawMeasure>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMilitary {
    words: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMeasure {
    id: Spanned<String>,
    instrument: Spanned<String>,
    source: Spanned<String>,
    effective: Spanned<Datetime>,
    #[serde(default)]
    suspended: Vec<Spanned<RawSuspension>>,
    destination: Spanned<String>,
    when: Spanned<String>,
    #[serde(default)]
    rules: Vec<Spanned<String>>,
    #[serde(default)]
    words: Vec<Spanned<String>>,
    level: Spanned<String>,
    reviewed: Spanned<Datetime>,
    notes: Option<String>,
}

/// The measures file compiled into the crate.
const BUILTIN: &str = include_str!("../../measures/cn.toml");

impl Measures {
    /// The built-in measures (`measures/cn.toml`).
    pub fn builtin() -> Result<Measures, Error> {
        Measures::from_source("measures/cn.toml", BUILTIN)
    }

    /// Loads measures from text; `name` is used in diagnostics.
    pub fn from_source(name: &str, text: &str) -> Result<Measures, Error> {
        let mut ctx = Ctx::new(name, text);
        let mut out = Measures::default();
        match toml::from_str::<RawFile>(text) {
            Ok(raw) => {
                if let Some(m) = &raw.military {
                    for w in &m.words {
                        let n = crate::text::normalize(w.get_ref());
                        if n.trim().is_empty() {
                            ctx.error(w.span(), "a military word must not be empty");
                        } else {
                            out.military.push(n.trim().to_string());
                        }
                    }
                }
                let mut ids = std::collections::HashSet::new();
                for m in &raw.measure {
                    if let Some(measure) = load_measure(&mut ctx, m.get_ref()) {
                        if !ids.insert(measure.id.clone()) {
                            ctx.error(
                                m.get_ref().id.span(),
                                format!("duplicate measure id `{}`", measure.id),
                            );
                        }
                        out.measures.push(measure);
                    }
                }
            }
            Err(e) => {
                let span = e.span().unwrap_or(0..0);
                ctx.error(span, e.message().trim().replace('\n', " "));
            }
        }
        let words: Vec<(&str, Owner)> =
            out.military
                .iter()
                .map(|w| (w.as_str(), Owner::Military))
                .chain(out.measures.iter().enumerate().flat_map(|(i, m)| {
                    m.words.iter().map(move |w| (w.as_str(), Owner::Measure(i)))
                }))
                .collect();
        if !words.is_empty() {
            match aho_corasick::AhoCorasick::new(words.iter().map(|w| w.0)) {
                Ok(ac) => {
                    out.words_ac = Some(WordsAc {
                        ac,
                        bounds: words
                            .iter()
                            .map(|w| crate::text::boundary::term_boundaries(w.0))
                            .collect(),
                        owners: words.iter().map(|w| w.1).collect(),
                    })
                }
                Err(e) => ctx.error(
                    0..0,
                    format!("cannot build the military and end-use words: {e}"),
                ),
            }
        }
        crate::load::warnings_or_errors(ctx.diagnostics)?;
        Ok(out)
    }

    /// The measures.
    pub fn measures(&self) -> &[Measure] {
        &self.measures
    }

    /// Where the first military word and each end-use measure's first
    /// word are in normalized `text`, as whole words where they begin or
    /// end with a word character. One automaton pass.
    pub(crate) fn field_words(&self, text: &str) -> FieldWords {
        let mut found = FieldWords::default();
        let Some(w) = &self.words_ac else {
            return found;
        };
        for m in w.ac.find_overlapping_iter(text) {
            let p = m.pattern().as_usize();
            let (l, r) = w.bounds[p];
            if !crate::text::boundary::at_boundaries(text, m.start(), m.end(), l, r) {
                continue;
            }
            match w.owners[p] {
                Owner::Military => {
                    found.military.get_or_insert(m.start()..m.end());
                }
                Owner::Measure(i) => {
                    if !found.end_use.iter().any(|e| e.0 == i) {
                        found.end_use.push((i, m.start()..m.end()));
                    }
                }
            }
        }
        found
    }
}

fn load_measure(ctx: &mut Ctx<'_>, m: &RawMeasure) -> Option<Measure> {
    let before = ctx.diagnostics.len();
    let when = match m.when.get_ref().as_str() {
        "military-end-user-or-use" => Some(When::MilitaryEndUserOrUse),
        "military-end-user" => Some(When::MilitaryEndUser),
        "items" => Some(When::Items),
        "foreign-made-items" => Some(When::ForeignMadeItems),
        "end-use" => Some(When::EndUse),
        other => {
            ctx.error(m.when.span(), format!("unknown `when` `{other}`; expected military-end-user-or-use, military-end-user, items, foreign-made-items or end-use"));
            None
        }
    };
    let mut words = Vec::new();
    for w in &m.words {
        let n = crate::text::normalize(w.get_ref());
        if n.trim().is_empty() {
            ctx.error(w.span(), "an end-use word must not be empty");
        } else {
            words.push(n.trim().to_string());
        }
    }
    match (when, m.words.first()) {
        (Some(When::EndUse), None) => {
            ctx.error(m.when.span(), "`when = \"end-use\"` needs `words`")
        }
        (Some(w), Some(first)) if w != When::EndUse => ctx.error(
            first.span(),
            format!(
                "`words` is only for `when = \"end-use\"`, not `{}`",
                m.when.get_ref()
            ),
        ),
        _ => {}
    }
    if matches!(when, Some(When::Items | When::ForeignMadeItems)) && m.rules.is_empty() {
        ctx.error(
            m.when.span(),
            format!("`when = \"{}\"` needs `rules`", m.when.get_ref()),
        );
    }
    let level = Level::parse(m.level.get_ref());
    if level.is_none() {
        ctx.error(
            m.level.span(),
            format!("unknown level `{}`", m.level.get_ref()),
        );
    }
    let destination = m.destination.get_ref().clone();
    let code = destination.len() == 2 && destination.chars().all(|c| c.is_ascii_uppercase());
    if !(code || destination == "*") {
        ctx.error(
            m.destination.span(),
            format!("destination `{destination}` must be an ISO 3166 alpha-2 code, or `*` for every destination but China"),
        );
    }
    let effective = ctx.date(&m.effective, "effective");
    let reviewed = ctx.date(&m.reviewed, "reviewed");
    let suspended = ctx.suspensions(&m.suspended);
    let failed = ctx.diagnostics[before..]
        .iter()
        .any(|d| d.severity == Severity::Error);
    if failed {
        return None;
    }
    Some(Measure {
        id: m.id.get_ref().clone(),
        instrument: ctx.non_empty(&m.instrument, "instrument"),
        source: ctx.non_empty(&m.source, "source"),
        effective: effective?,
        suspended,
        destination,
        when: when?,
        rules: m.rules.iter().map(|r| r.get_ref().clone()).collect(),
        words,
        level: level?,
        reviewed: reviewed?,
        notes: m.notes.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_measures_load() {
        let m = Measures::builtin().expect("measures/cn.toml loads");
        assert_eq!(m.measures().len(), 7);
        assert!(
            m.military.iter().any(|w| w == "自卫队"),
            "traditional and Japanese forms fold"
        );
        let para2 = &m.measures()[2];
        let d = |y, mo, da| NaiveDate::from_ymd_opt(y, mo, da).unwrap();
        assert!(!para2.applies_at(d(2026, 11, 27)));
        assert!(para2.applies_at(d(2026, 11, 28)));
        assert!(para2.covers("CN-3C001.b") && !para2.covers("CN-3C0011"));
    }

    #[test]
    fn end_use_words_belong_to_end_use_measures() {
        let head = "[[measure]]\nid = 'x'\ninstrument = 'i'\nsource = 's'\neffective = 2026-01-06\ndestination = '*'\nlevel = 'review'\nreviewed = 2026-11-30\n";
        for (tail, error) in [
            (
                "when = 'end-use'\n",
                "m.toml:9:8: error: `when = \"end-use\"` needs `words`",
            ),
            (
                "when = 'items'\nrules = ['CN-1']\nwords = ['3nm']\n",
                "m.toml:11:10: error: `words` is only for `when = \"end-use\"`, not `items`",
            ),
            (
                "when = 'end-use'\nwords = [' ']\n",
                "m.toml:10:10: error: an end-use word must not be empty",
            ),
        ] {
            let e = Measures::from_source("m.toml", &format!("{head}{tail}")).unwrap_err();
            assert!(e.to_string().contains(error), "{e}");
        }
        let ok = Measures::from_source(
            "m.toml",
            &format!("{head}when = 'end-use'\nwords = ['3nm', '軍事用AI']\n"),
        )
        .unwrap();
        let w = ok.field_words(&crate::text::normalize("for 軍事用ai and 3nm"));
        assert_eq!(
            (w.military, w.end_use.len()),
            (None, 1),
            "first word per measure only"
        );
    }

    #[test]
    fn errors_name_line_and_column() {
        let e = Measures::from_source("m.toml", "[[measure]]\nid = 'x'\ninstrument = 'i'\nsource = 's'\neffective = 2026-01-06\ndestination = 'Japan'\nwhen = 'always'\nlevel = 'prohibited'\nreviewed = 2026-11-30\n").unwrap_err();
        let s = e.to_string();
        assert!(s.contains("m.toml:6:15: error: destination `Japan`"), "{s}");
        assert!(
            s.contains("m.toml:7:8: error: unknown `when` `always`"),
            "{s}"
        );
    }
}
