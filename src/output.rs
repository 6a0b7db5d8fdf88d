//! The output record of `dualuse screen`: one JSON object per input row.
//!
//! ```json
//! {"row": 1, "id": "SKU-1", "hits": [
//!   {"rule": "CN-1C902.a.4", "ruleset": "cn-mofcom-2025-18", "regime": "CN",
//!    "control_code": "1C902.a.4", "category": "dual-use", "confidence": "confirmed",
//!    "elements": ["Sm", "Co"], "title": "…", "instrument": "…",
//!    "evidence": [{"kind": "term", "term": "smco", "start": 0, "end": 4},
//!                 {"kind": "hs", "prefix": "8505.11", "relation": "within"}],
//!    "applies": {"as_of": "2026-11-28", "effective": "2025-04-04"}}],
//!  "error": null, "fingerprint": "sha256:…"}
//! ```
//!
//! A hit of a rule with numeric thresholds also has `"parameters"` (`met`,
//! `unknown` or, on an `hs` lead only, `failed`) and one evidence entry per
//! quantity compared: `{"kind": "quantity", "quantity": "power", "start": 12,
//! "end": 18, "value": 1500.0, "unit": "W", "op": ">", "threshold": "1 kW",
//! "met": true}` (`value` in SI `unit`).
//!
//! [`NearMissRecord`] is the JSON form of a rule that matched in part but
//! gave no hit (what `explain` shows under "not hit"), with the same
//! evidence entries.

use crate::classification::{
    Classification, Evidence, Hit, MissReason, NearMiss, Parameters, TermKind,
};
use crate::param::ParamEvidence;
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};
use std::cell::RefCell;

/// One output record.
#[non_exhaustive]
#[derive(Debug, Clone, Serialize)]
pub struct Record<'a> {
    /// Data row number, from 1.
    pub row: u64,
    /// The row's id, if the input has one.
    pub id: Option<&'a str>,
    /// Hits (empty for a row that could not be read).
    pub hits: Hits<'a>,
    /// For an order line: may it go, and why not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verdict: Option<VerdictRecord<'a>>,
    /// Why the row could not be read or fully classified, if so.
    pub error: Option<String>,
    /// Fingerprint of the rule set.
    pub fingerprint: &'a str,
}

/// A verdict as a record carries it: level, reasons, the date it was made
/// as of, and the fingerprint of the party lists it was made with.
#[derive(Debug, Clone, Serialize)]
pub struct VerdictRecord<'a> {
    /// The level.
    pub level: crate::order::Level,
    /// The reasons, most severe first.
    pub reasons: &'a [crate::order::Reason<'a>],
    /// The date the lists, measures and rules were read as of.
    pub as_of: chrono::NaiveDate,
    /// Fingerprint of the party lists.
    pub lists: &'a str,
}

/// How much each hit of a [`Record`] spells out.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Detail {
    /// Everything: rule set, regime, code, category, elements, title,
    /// instrument, every piece of evidence and the dates (the DESIGN.md
    /// record).
    #[default]
    Full,
    /// Ids and codes: rule, control code, confidence, the byte spans of the
    /// words that matched and the HS prefix. Titles, instruments and dates
    /// are in `dualuse rules --json`, keyed by the record's fingerprint.
    Ids,
}

/// Hits as serialized in a [`Record`].
#[derive(Debug, Clone)]
pub struct Hits<'a>(&'a [Hit<'a>], Detail);

impl<'a> Hits<'a> {
    /// The hits.
    pub fn as_slice(&self) -> &'a [Hit<'a>] {
        self.0
    }
}

impl<'a> Record<'a> {
    /// The record for a classified row. A warning of the classification
    /// (an unparsable HS code) becomes the record's `error`.
    pub fn new(row: u64, id: Option<&'a str>, c: &'a Classification<'a>) -> Record<'a> {
        Record {
            row,
            id,
            hits: Hits(&c.hits, Detail::Full),
            verdict: None,
            error: c.warning.clone(),
            fingerprint: c.fingerprint,
        }
    }

    /// The record with the verdict of its order line, made with the party
    /// lists of fingerprint `lists`.
    pub fn with_verdict(mut self, v: &'a crate::order::Verdict<'a>, lists: &'a str) -> Record<'a> {
        self.verdict = Some(VerdictRecord {
            level: v.level,
            reasons: &v.reasons,
            as_of: v.as_of,
            lists,
        });
        self
    }

    /// The record with hits spelled out to `detail`.
    pub fn with_detail(mut self, detail: Detail) -> Record<'a> {
        self.hits.1 = detail;
        self
    }

    /// The record for a row that could not be read.
    pub fn error(row: u64, id: Option<&'a str>, error: String, fingerprint: &'a str) -> Record<'a> {
        Record {
            row,
            id,
            hits: Hits(&[], Detail::Full),
            verdict: None,
            error: Some(error),
            fingerprint,
        }
    }
}

impl Record<'_> {
    /// Appends the record as one line of JSON (no newline): byte for byte
    /// what `serde_json::to_writer` writes for it, but the parts of a hit
    /// that depend on its rule alone (ids, regime, category, elements,
    /// title, instrument) are escaped once per rule and copied after that.
    /// This is what `dualuse screen` writes.
    ///
    /// ```
    /// use dualuse::{Item, Matcher, output::Record};
    /// let m = Matcher::builtin().expect("built-in rules compile");
    /// let c = m.classify(&Item::new("Sm2Co17 ring magnet"));
    /// let rec = Record::new(1, Some("SKU-1"), &c);
    /// let mut fast = Vec::new();
    /// rec.write_json(&mut fast);
    /// assert_eq!(fast, serde_json::to_vec(&rec).unwrap());
    /// ```
    pub fn write_json(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(b"{\"row\":");
        out.extend_from_slice(itoa::Buffer::new().format(self.row).as_bytes());
        out.extend_from_slice(b",\"id\":");
        match self.id {
            Some(id) => json_str(out, id),
            None => out.extend_from_slice(b"null"),
        }
        out.extend_from_slice(b",\"hits\":[");
        for (i, h) in self.hits.0.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            match self.hits.1 {
                Detail::Full => write_hit(out, h),
                Detail::Ids => write_hit_ids(out, h),
            }
        }
        out.push(b']');
        if let Some(v) = &self.verdict {
            out.extend_from_slice(b",\"verdict\":");
            write_verdict(out, v);
        }
        out.extend_from_slice(b",\"error\":");
        match &self.error {
            Some(e) => json_str(out, e),
            None => out.extend_from_slice(b"null"),
        }
        thread_local! {
            static TAIL: Repeated<String> = const { RefCell::new(None) };
        }
        write_repeated(
            &TAIL,
            out,
            |f| f == self.fingerprint,
            || self.fingerprint.to_string(),
            |out| {
                out.extend_from_slice(b",\"fingerprint\":");
                json_str(out, self.fingerprint);
                out.push(b'}');
            },
        );
    }
}

impl Record<'_> {
    /// The record as one line of JSON (no newline): what
    /// [`Record::write_json`] appends, as a `String`.
    pub fn to_json(&self) -> String {
        let mut out = Vec::with_capacity(256);
        self.write_json(&mut out);
        // Written from `str`s, escaped by serde_json: always UTF-8.
        String::from_utf8(out)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    }
}

/// Appends `v` as JSON. The record's parts serialize to memory without
/// error (no map has a non-string key), so there is no error to return.
fn json<T: Serialize + ?Sized>(out: &mut Vec<u8>, v: &T) {
    let r = serde_json::to_writer(&mut *out, v);
    debug_assert!(r.is_ok());
}

/// Appends `s` as a JSON string: copied as is when nothing in it needs an
/// escape (ids, fingerprints, terms: nearly always), else escaped by
/// serde_json. serde_json escapes exactly `"`, `\` and the controls below
/// U+0020, so both roads write the same bytes.
fn json_str(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    if crate::text::bytes::copy_plain(out, s.as_bytes(), [b'"', b'\\']) {
        out.push(b'"');
    } else {
        out.pop();
        json(out, s);
    }
}

/// Whether any byte of `s` is `"`, `\\` or below U+0020: what serde_json
/// escapes.
fn needs_escape(s: &[u8]) -> bool {
    crate::text::bytes::any_control_or(s, [b'"', b'\\'])
}

/// Appends `n` in decimal.
fn json_usize(out: &mut Vec<u8>, n: usize) {
    out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

/// `,"start":S,"end":E}`: how every spanned evidence ends.
fn write_span_end(out: &mut Vec<u8>, start: usize, end: usize) {
    out.extend_from_slice(b",\"start\":");
    json_usize(out, start);
    out.extend_from_slice(b",\"end\":");
    json_usize(out, end);
    out.push(b'}');
}

/// The evidence of a hit, as [`EvidenceList`] serializes it, with the
/// keys written as bytes (the strings of a term or pattern are escaped
/// only when they need it).
fn write_evidence(out: &mut Vec<u8>, evidence: &[Evidence<'_>], parameters: Option<&Parameters>) {
    out.push(b'[');
    for (i, e) in evidence.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        match e {
            Evidence::Term {
                kind,
                term,
                start,
                end,
            } => {
                out.extend_from_slice(match kind {
                    TermKind::Term => b"{\"kind\":\"term\",\"term\":",
                    TermKind::Require => b"{\"kind\":\"require\",\"term\":",
                    TermKind::Exclude => b"{\"kind\":\"exclude\",\"term\":",
                });
                json_str(out, term);
                write_span_end(out, *start, *end);
            }
            Evidence::Pattern {
                pattern,
                start,
                end,
            } => {
                out.extend_from_slice(b"{\"kind\":\"pattern\",\"pattern\":");
                json_str(out, pattern);
                write_span_end(out, *start, *end);
            }
            Evidence::Element {
                element,
                form,
                start,
                end,
            } => {
                out.extend_from_slice(b"{\"kind\":\"element\",\"element\":");
                json_str(out, element);
                out.extend_from_slice(b",\"form\":");
                json_str(out, form.as_str());
                write_span_end(out, *start, *end);
            }
            Evidence::Cas { cas, start, end } => {
                out.extend_from_slice(b"{\"kind\":\"cas\",\"cas\":");
                json_str(out, cas);
                write_span_end(out, *start, *end);
            }
            Evidence::Hs {
                prefix,
                scheme,
                relation,
            } => {
                // Digits and dots: nothing to escape.
                out.extend_from_slice(b"{\"kind\":\"hs\",\"prefix\":\"");
                prefix.write_dotted(out);
                out.push(b'"');
                if let Some(scheme) = scheme {
                    out.extend_from_slice(b",\"scheme\":");
                    json_str(out, scheme);
                }
                out.extend_from_slice(b",\"relation\":\"");
                out.extend_from_slice(relation.as_str().as_bytes());
                out.extend_from_slice(b"\"}");
            }
        }
    }
    let quantities = parameters.map_or(&[][..], |p| &p.evidence[..]);
    for (i, q) in quantities.iter().enumerate() {
        if i > 0 || !evidence.is_empty() {
            out.push(b',');
        }
        json(out, &QuantityRecord(q));
    }
    out.push(b']');
}

/// A hit by ids and codes, as [`HitIds`] serializes it: the compact
/// record is written by hand like the full one, so that it is the cheaper
/// path and not serde's map machinery per hit.
fn write_hit_ids(out: &mut Vec<u8>, h: &Hit<'_>) {
    out.extend_from_slice(b"{\"rule\":");
    json_str(out, &h.rule.id);
    if let Some(code) = &h.rule.control_code {
        out.extend_from_slice(b",\"code\":");
        json_str(out, code);
    }
    out.extend_from_slice(b",\"confidence\":");
    json_str(out, h.confidence.as_str());
    out.extend_from_slice(b",\"spans\":[");
    // Evidence comes sorted by span: the spans are written as they come,
    // each once; otherwise they are sorted first.
    let spans = || id_spans(h);
    let sorted = spans().zip(spans().skip(1)).all(|(a, b)| a <= b);
    let mut write = |i: usize, (start, end): (usize, usize)| {
        if i > 0 {
            out.push(b',');
        }
        out.push(b'[');
        json_usize(out, start);
        out.push(b',');
        json_usize(out, end);
        out.push(b']');
    };
    if sorted {
        let mut last = None;
        let mut i = 0;
        for span in spans() {
            if last != Some(span) {
                write(i, span);
                i += 1;
                last = Some(span);
            }
        }
    } else {
        let mut all: Vec<(usize, usize)> = spans().collect();
        all.sort_unstable();
        all.dedup();
        for (i, span) in all.into_iter().enumerate() {
            write(i, span);
        }
    }
    out.push(b']');
    if let Some(prefix) = hs_prefix(h) {
        // Digits and dots: nothing to escape.
        out.extend_from_slice(b",\"hs\":\"");
        prefix.write_dotted(out);
        out.push(b'"');
    }
    out.push(b'}');
}

/// A full hit, as [`HitRecord`] serializes it, from the rule's cached parts.
fn write_hit(out: &mut Vec<u8>, h: &Hit<'_>) {
    let (head, tail) = h.rule.record_parts.0.get_or_init(|| {
        let head = HitHead(h).to_json();
        let tail = HitTail(h).to_json();
        (head.into_boxed_str(), tail.into_boxed_str())
    });
    out.push(b'{');
    out.extend_from_slice(head.as_bytes());
    out.extend_from_slice(b",\"confidence\":");
    json_str(out, h.confidence.as_str());
    out.push(b',');
    out.extend_from_slice(tail.as_bytes());
    out.extend_from_slice(b",\"evidence\":");
    write_evidence(out, &h.evidence, h.parameters.as_ref());
    if let Some(p) = &h.parameters {
        out.extend_from_slice(b",\"parameters\":");
        json(out, &p.status);
    }
    out.extend_from_slice(b",\"applies\":{\"as_of\":");
    IsoDate(h.as_of).write(out);
    out.extend_from_slice(b",\"effective\":");
    IsoDate(h.ruleset.effective).write(out);
    let mut ended = 0;
    for w in h.suspensions_ended() {
        out.extend_from_slice(if ended == 0 {
            b",\"suspensions_ended\":[{\"from\":"
        } else {
            b",{\"from\":"
        });
        IsoDate(w.from).write(out);
        out.extend_from_slice(b",\"until\":");
        IsoDate(w.until).write(out);
        out.push(b'}');
        ended += 1;
    }
    if ended > 0 {
        out.push(b']');
    }
    out.extend_from_slice(b"}}");
}

/// A verdict, as its derived `Serialize` writes it, with the keys written
/// as bytes (an order line's reasons cost more through serde's map
/// machinery than the item's hits).
fn write_verdict(out: &mut Vec<u8>, v: &VerdictRecord<'_>) {
    use crate::order::Reason;
    out.extend_from_slice(b"{\"level\":");
    json_plain(out, v.level.as_str());
    out.extend_from_slice(b",\"reasons\":[");
    for (i, r) in v.reasons.iter().enumerate() {
        out.extend_from_slice(if i > 0 { b",{\"kind\":" } else { b"{\"kind\":" });
        json_plain(out, r.kind());
        // `key` is `,"name":` as bytes.
        let entry = |out: &mut Vec<u8>, key: &[u8], value: &str| {
            out.extend_from_slice(key);
            json_str(out, value);
        };
        // The same, for the crate's own names (kebab-case words).
        let plain = |out: &mut Vec<u8>, key: &[u8], value: &'static str| {
            out.extend_from_slice(key);
            json_plain(out, value);
        };
        let items = match r {
            // The listed name's strings come rendered from the screener.
            Reason::Party {
                field,
                how,
                status,
                items,
                json,
                ..
            } => {
                out.extend_from_slice(json.head.as_bytes());
                plain(out, b",\"field\":", field);
                out.extend_from_slice(json.matched.as_bytes());
                plain(out, b",\"how\":", how);
                out.extend_from_slice(json.instrument.as_bytes());
                plain(out, b",\"status\":", status.as_str());
                Some(items)
            }
            Reason::Destination {
                measure,
                instrument,
                destination,
                military,
                end_use,
                items,
            } => {
                entry(out, b",\"measure\":", measure);
                entry(out, b",\"instrument\":", instrument);
                entry(out, b",\"destination\":", destination);
                if let Some(w) = military {
                    entry(out, b",\"military\":", w);
                }
                if let Some(w) = end_use {
                    entry(out, b",\"end_use\":", w);
                }
                Some(items)
            }
            Reason::MilitaryUse { matched, field } => {
                entry(out, b",\"matched\":", matched);
                plain(out, b",\"field\":", field);
                None
            }
            Reason::Items { items } | Reason::HsLeads { items } => Some(items),
            Reason::UnknownCountry { field, value } => {
                plain(out, b",\"field\":", field);
                entry(out, b",\"value\":", value);
                None
            }
            Reason::ForeignMade {
                measure,
                instrument,
                origin,
                items,
            } => {
                entry(out, b",\"measure\":", measure);
                entry(out, b",\"instrument\":", instrument);
                entry(out, b",\"origin\":", origin);
                Some(items)
            }
            Reason::Origin { origin } => {
                entry(out, b",\"origin\":", origin);
                None
            }
        };
        if let Some(items) = items {
            out.extend_from_slice(b",\"items\":[");
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                json_str(out, item);
            }
            out.push(b']');
        }
        out.push(b'}');
    }
    out.push(b']');
    write_verdict_tail(out, v.as_of, v.lists);
}

/// `,"as_of":"…","lists":"…"}`: the same on every order line of a run.
fn write_verdict_tail(out: &mut Vec<u8>, as_of: chrono::NaiveDate, lists: &str) {
    thread_local! {
        static TAIL: Repeated<(chrono::NaiveDate, String)> = const { RefCell::new(None) };
    }
    write_repeated(
        &TAIL,
        out,
        |(d, l)| *d == as_of && l == lists,
        || (as_of, lists.to_string()),
        |out| {
            out.extend_from_slice(b",\"as_of\":");
            IsoDate(as_of).write(out);
            out.extend_from_slice(b",\"lists\":");
            json_str(out, lists);
            out.push(b'}');
        },
    );
}

/// The bytes of a part of a record that is the same on every row of a run
/// (the rules' or the lists' fingerprint, the as-of date), with the key
/// they were written for: each thread writes them once and copies them
/// after.
type Repeated<K> = RefCell<Option<(K, Vec<u8>)>>;

/// Appends what `write` writes: the bytes kept in `slot` if `same` says
/// they were written for this key, else written anew and kept with `key`.
fn write_repeated<K: 'static>(
    slot: &'static std::thread::LocalKey<Repeated<K>>,
    out: &mut Vec<u8>,
    same: impl Fn(&K) -> bool,
    key: impl FnOnce() -> K,
    write: impl Fn(&mut Vec<u8>),
) {
    slot.with(|cell| {
        let Ok(mut kept) = cell.try_borrow_mut() else {
            return write(out);
        };
        match &*kept {
            Some((k, bytes)) if same(k) => out.extend_from_slice(bytes),
            _ => {
                let mut bytes = Vec::new();
                write(&mut bytes);
                out.extend_from_slice(&bytes);
                *kept = Some((key(), bytes));
            }
        }
    });
}

/// Appends one of the crate's own names (a level, a kind, a field name:
/// lower-case ASCII words and dashes) as a JSON string, without looking
/// for characters to escape: there are none.
fn json_plain(out: &mut Vec<u8>, s: &'static str) {
    // The unit tests write every kind of reason through here.
    if cfg!(test) || cfg!(debug_assertions) {
        assert!(!needs_escape(s.as_bytes()), "{s:?}");
    }
    out.push(b'"');
    out.extend_from_slice(s.as_bytes());
    out.push(b'"');
}

/// The entries of a hit record before `confidence`.
struct HitHead<'a>(&'a Hit<'a>);

impl Serialize for HitHead<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        head_entries(&mut m, self.0)?;
        m.end()
    }
}

fn head_entries<M: SerializeMap>(m: &mut M, h: &Hit<'_>) -> Result<(), M::Error> {
    m.serialize_entry("rule", &h.rule.id)?;
    m.serialize_entry("ruleset", &h.ruleset.id)?;
    m.serialize_entry("regime", h.ruleset.regime.as_str())?;
    m.serialize_entry("control_code", &h.rule.control_code)?;
    m.serialize_entry("category", h.rule.category.as_str())
}

fn tail_entries<M: SerializeMap>(m: &mut M, h: &Hit<'_>) -> Result<(), M::Error> {
    m.serialize_entry("elements", &h.rule.elements)?;
    m.serialize_entry("title", &h.rule.title)?;
    m.serialize_entry("instrument", &h.ruleset.instrument)
}

/// The entries of a hit record between `confidence` and `evidence`.
struct HitTail<'a>(&'a Hit<'a>);

impl Serialize for HitTail<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        tail_entries(&mut m, self.0)?;
        m.end()
    }
}

/// A map's entries without its braces, as JSON.
trait Entries: Serialize {
    fn to_json(&self) -> String {
        let mut s = serde_json::to_string(self).unwrap_or_default();
        // `{…}`: keep what is between the braces.
        s.pop();
        s.remove(0);
        s
    }
}

impl Entries for HitHead<'_> {}
impl Entries for HitTail<'_> {}

impl Serialize for Hits<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for h in self.0 {
            match self.1 {
                Detail::Full => seq.serialize_element(&HitRecord(h))?,
                Detail::Ids => seq.serialize_element(&HitIds(h))?,
            }
        }
        seq.end()
    }
}

struct HitRecord<'a>(&'a Hit<'a>);

/// The spans a compact hit shows: those of its evidence, exclusions
/// left out, in evidence order.
fn id_spans<'a>(h: &'a Hit<'_>) -> impl Iterator<Item = (usize, usize)> + 'a {
    h.evidence
        .iter()
        .filter(|e| {
            !matches!(
                e,
                Evidence::Term {
                    kind: crate::TermKind::Exclude,
                    ..
                }
            )
        })
        .filter_map(|e| e.span().map(|r| (r.start, r.end)))
}

/// The HS prefix a compact hit shows: its code evidence's, if any.
fn hs_prefix<'a>(h: &'a Hit<'_>) -> Option<&'a crate::HsCode> {
    h.evidence.iter().find_map(|e| match e {
        Evidence::Hs { prefix, .. } => Some(*prefix),
        _ => None,
    })
}

/// A hit by ids and codes: `{"rule", "code", "confidence", "spans":
/// [[start, end], …], "hs"}` (`code` and `hs` only when there is one).
struct HitIds<'a>(&'a Hit<'a>);

impl Serialize for HitIds<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let h = self.0;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("rule", &h.rule.id)?;
        if let Some(code) = &h.rule.control_code {
            m.serialize_entry("code", code)?;
        }
        m.serialize_entry("confidence", h.confidence.as_str())?;
        let mut spans: Vec<(usize, usize)> = id_spans(h).collect();
        spans.sort_unstable();
        spans.dedup();
        m.serialize_entry("spans", &spans)?;
        if let Some(prefix) = hs_prefix(h) {
            m.serialize_entry("hs", &prefix.to_string())?;
        }
        m.end()
    }
}

impl Serialize for HitRecord<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let h = self.0;
        let mut m = s.serialize_map(None)?;
        head_entries(&mut m, h)?;
        m.serialize_entry("confidence", h.confidence.as_str())?;
        tail_entries(&mut m, h)?;
        m.serialize_entry(
            "evidence",
            &EvidenceList(&h.evidence, h.parameters.as_ref()),
        )?;
        if let Some(p) = &h.parameters {
            m.serialize_entry("parameters", &p.status)?;
        }
        m.serialize_entry("applies", &Applies(h))?;
        m.end()
    }
}

/// Words and codes, then the quantities compared with thresholds.
struct EvidenceList<'a>(&'a [Evidence<'a>], Option<&'a Parameters>);

impl Serialize for EvidenceList<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let quantities = self.1.map_or(&[][..], |p| &p.evidence[..]);
        let mut seq = s.serialize_seq(Some(self.0.len() + quantities.len()))?;
        for e in self.0 {
            seq.serialize_element(&EvidenceRecord(e))?;
        }
        for q in quantities {
            seq.serialize_element(&QuantityRecord(q))?;
        }
        seq.end()
    }
}

struct QuantityRecord<'a>(&'a ParamEvidence);

impl Serialize for QuantityRecord<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let q = self.0;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("kind", "quantity")?;
        m.serialize_entry("quantity", &q.quantity)?;
        m.serialize_entry("start", &q.span.start)?;
        m.serialize_entry("end", &q.span.end)?;
        m.serialize_entry("value", &q.value)?;
        m.serialize_entry("unit", q.unit_si)?;
        m.serialize_entry("op", &q.op)?;
        m.serialize_entry("threshold", &q.threshold_text)?;
        m.serialize_entry("met", &q.met)?;
        m.end()
    }
}

struct EvidenceRecord<'a>(&'a Evidence<'a>);

impl Serialize for EvidenceRecord<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        match self.0 {
            Evidence::Term {
                kind,
                term,
                start,
                end,
            } => {
                m.serialize_entry("kind", kind)?;
                m.serialize_entry("term", term)?;
                m.serialize_entry("start", start)?;
                m.serialize_entry("end", end)?;
            }
            Evidence::Pattern {
                pattern,
                start,
                end,
            } => {
                m.serialize_entry("kind", "pattern")?;
                m.serialize_entry("pattern", pattern)?;
                m.serialize_entry("start", start)?;
                m.serialize_entry("end", end)?;
            }
            Evidence::Element {
                element,
                form,
                start,
                end,
            } => {
                m.serialize_entry("kind", "element")?;
                m.serialize_entry("element", element)?;
                m.serialize_entry("form", form)?;
                m.serialize_entry("start", start)?;
                m.serialize_entry("end", end)?;
            }
            Evidence::Cas { cas, start, end } => {
                m.serialize_entry("kind", "cas")?;
                m.serialize_entry("cas", cas)?;
                m.serialize_entry("start", start)?;
                m.serialize_entry("end", end)?;
            }
            Evidence::Hs {
                prefix,
                scheme,
                relation,
            } => {
                m.serialize_entry("kind", "hs")?;
                m.serialize_entry("prefix", &prefix.to_string())?;
                if let Some(scheme) = scheme {
                    m.serialize_entry("scheme", scheme)?;
                }
                m.serialize_entry("relation", relation)?;
            }
        }
        m.end()
    }
}

/// The dates that made the rule apply.
struct Applies<'a>(&'a Hit<'a>);

impl Serialize for Applies<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let h = self.0;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("as_of", &IsoDate(h.as_of))?;
        m.serialize_entry("effective", &IsoDate(h.ruleset.effective))?;
        let ended: Vec<_> = h.suspensions_ended().collect();
        if !ended.is_empty() {
            m.serialize_entry("suspensions_ended", &ended)?;
        }
        m.end()
    }
}

/// A date as `YYYY-MM-DD`, the form chrono's serde writes, without going
/// through `fmt` one character at a time (two dates per hit: this was a
/// twentieth of a record's cost).
struct IsoDate(chrono::NaiveDate);

impl IsoDate {
    /// The ten bytes of the date, if its year has four digits (outside
    /// them chrono writes a sign; that form is left to chrono).
    fn bytes(&self) -> Option<[u8; 10]> {
        use chrono::Datelike;
        let (y, m, d) = (self.0.year(), self.0.month(), self.0.day());
        let y = u32::try_from(y).ok().filter(|y| *y <= 9999)?;
        let digit = |v: u32| b'0' + (v % 10) as u8;
        Some([
            digit(y / 1000),
            digit(y / 100),
            digit(y / 10),
            digit(y),
            b'-',
            digit(m / 10),
            digit(m),
            b'-',
            digit(d / 10),
            digit(d),
        ])
    }

    /// Appends the date as a JSON string, as its `Serialize` writes it.
    fn write(&self, out: &mut Vec<u8>) {
        match self.bytes() {
            Some(b) => {
                out.push(b'"');
                out.extend_from_slice(&b);
                out.push(b'"');
            }
            None => json(out, self),
        }
    }
}

impl Serialize for IsoDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.bytes() {
            // ASCII digits and dashes: always UTF-8.
            Some(b) => s.serialize_str(std::str::from_utf8(&b).unwrap_or_default()),
            None => self.0.serialize(s),
        }
    }
}

/// A near miss as JSON: `{"rule", "ruleset", "regime", "control_code",
/// "title", "reason", "evidence"}`, where `reason` is `not-in-force`,
/// `excluded`, `require-unmet` (with `"groups"`: the terms of each required
/// group that had no hit) or `parameters-failed` (with the quantities
/// compared among the evidence).
///
/// ```
/// use dualuse::{Item, Matcher, NaiveDate};
/// use dualuse::output::NearMissRecord;
/// let m = Matcher::builtin().unwrap();
/// let item = Item::new("samarium cobalt magnet")
///     .as_of(NaiveDate::from_ymd_opt(2020, 1, 1).unwrap());
/// let c = m.classify_explained(&item);
/// let json = serde_json::to_value(NearMissRecord(&c.near_misses[0])).unwrap();
/// assert_eq!(json["reason"], "not-in-force");
/// ```
#[derive(Debug, Clone, Copy)]
pub struct NearMissRecord<'a>(pub &'a NearMiss<'a>);

impl Serialize for NearMissRecord<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let n = self.0;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("rule", &n.rule.id)?;
        m.serialize_entry("ruleset", &n.ruleset.id)?;
        m.serialize_entry("regime", n.ruleset.regime.as_str())?;
        m.serialize_entry("control_code", &n.rule.control_code)?;
        m.serialize_entry("title", &n.rule.title)?;
        // The quantities that failed, listed after the words as a hit's are.
        let mut failed = None;
        let reason = match &n.reason {
            MissReason::NotInForce => "not-in-force",
            MissReason::Excluded => "excluded",
            MissReason::RequireUnmet(_) => "require-unmet",
            MissReason::ParametersFailed(ev) => {
                failed = Some(Parameters {
                    status: crate::param::ParamStatus::Failed,
                    evidence: ev.clone(),
                });
                "parameters-failed"
            }
        };
        m.serialize_entry("reason", reason)?;
        if let MissReason::RequireUnmet(groups) = &n.reason {
            let groups: Vec<&[String]> = groups
                .iter()
                .filter_map(|&g| n.rule.require.get(g).map(Vec::as_slice))
                .collect();
            m.serialize_entry("groups", &groups)?;
        }
        m.serialize_entry("evidence", &EvidenceList(&n.evidence, failed.as_ref()))?;
        m.end()
    }
}

#[cfg(test)]
mod tests {
    use super::{IsoDate, needs_escape};
    use chrono::{Datelike, NaiveDate};

    /// The fast writer writes what serde writes, for every line of the
    /// recall corpus and the sample catalog (hits of every kind of
    /// evidence, parameters, CJK, quotes and escapes), in both details, and
    /// a second time from the cached rule parts.
    #[test]
    fn write_json_is_serde_json() {
        use super::{Detail, Record};
        let m = crate::Matcher::builtin().unwrap();
        let corpus = include_str!("../tests/data/recall/corpus.tsv");
        let catalog = include_str!("../examples/catalog.csv");
        let date = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let mut with_hits = 0;
        // Kinds of output the hand-written parts must cover.
        let mut seen = [0usize; 3];
        let kinds: [&[u8]; 3] = [
            b"\"kind\":\"hs\"",
            b"\"scheme\":\"CN\"",
            b"suspensions_ended",
        ];
        // Catalog rows are `id,description,hs_code`; CN national codes
        // (with their scheme) and international ones, with and without text.
        let coded = [
            ("SKU-1,Gallium nitride 5N", "2850001901", "CN"),
            ("SKU-2,gallium oxide", "2825600002", "CN"),
            ("SKU-6,gallium metal 6N", "8112929090", "CN"),
            ("SKU-3,ring magnet", "850511", ""),
            ("SKU-4,", "8505.11.00", ""),
            ("SKU-5,Sm2Co17 ring magnet", "8505", ""),
        ];
        let rows = corpus
            .lines()
            .chain(catalog.lines())
            .map(|line| (line, None, ""))
            .chain(coded.iter().map(|&(l, hs, sc)| (l, Some(hs), sc)));
        for (i, (line, hs, scheme)) in rows.enumerate() {
            let mut fields = line.split(['\t', ',']);
            let text = fields.next().unwrap_or("");
            let mut item = crate::Item::new(line)
                .hs(hs.or_else(|| line.rsplit(',').next()).unwrap_or(""))
                .as_of(date);
            if !scheme.is_empty() {
                item = item.scheme(scheme);
            }
            let c = m.classify(&item);
            with_hits += usize::from(!c.hits.is_empty());
            for detail in [Detail::Full, Detail::Ids] {
                for _ in 0..2 {
                    let rec = Record::new(i as u64, Some(text), &c).with_detail(detail);
                    assert_eq!(rec.to_json(), serde_json::to_string(&rec).unwrap());
                    let mut fast = Vec::new();
                    rec.write_json(&mut fast);
                    for (n, kind) in seen.iter_mut().zip(kinds) {
                        *n += usize::from(fast.windows(kind.len()).any(|w| w == kind));
                    }
                    assert_eq!(
                        String::from_utf8(fast).unwrap(),
                        serde_json::to_string(&rec).unwrap()
                    );
                }
            }
            let err = Record::error(i as u64, None, format!("bad \"{text}\""), c.fingerprint);
            let mut fast = Vec::new();
            err.write_json(&mut fast);
            assert_eq!(fast, serde_json::to_vec(&err).unwrap());
        }
        assert!(with_hits > 1500, "{with_hits}");
        assert!(seen.iter().all(|&n| n > 0), "{seen:?}");
    }

    /// The compact record writes spans sorted and once each, also when a
    /// hit's evidence is not in span order.
    #[test]
    fn ids_spans_are_sorted_and_distinct() {
        use super::{Detail, Record};
        let m = crate::Matcher::builtin().unwrap();
        let mut c = m.classify(&crate::Item::new(
            "Sm2Co17 samarium cobalt ring magnet, Sm2Co17",
        ));
        assert!(c.hits.iter().any(|h| h.evidence.len() > 2));
        for h in &mut c.hits {
            h.evidence.reverse();
            let again = h.evidence.clone();
            h.evidence.extend(again);
        }
        let rec = Record::new(1, None, &c).with_detail(Detail::Ids);
        let mut fast = Vec::new();
        rec.write_json(&mut fast);
        assert_eq!(
            String::from_utf8(fast).unwrap(),
            serde_json::to_string(&rec).unwrap()
        );
    }

    /// Records with verdicts: every kind of reason, through the fast
    /// writer and through serde, are the same bytes.
    #[test]
    fn verdicts_are_written_as_serde_writes_them() {
        use super::Record;
        use crate::{Measures, Order, OrderScreener, PartyLists};
        let m = crate::Matcher::builtin().unwrap();
        let s = OrderScreener::new(PartyLists::builtin().unwrap(), Measures::builtin().unwrap());
        let date = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let texts = [
            "Dysprosium metal 99.9% 1 kg ingot",
            "Gallium metal 99.99999% 1 kg",
            "Dysprosium-containing NdFeB sintered magnet N52SH",
            "Permanent magnet parts lot",
            "Office chairs \"deluxe\" with armrests",
        ];
        let fields: [[Option<&str>; 5]; 8] = [
            [
                Some("JP"),
                Some("MITSUBISHI HEAVY INDUSTRIES AERO ENGINES LTD"),
                None,
                None,
                None,
            ],
            [Some("JP"), None, Some("陸上自衛隊"), None, Some("CN")],
            [Some("US"), Some("LEIDOS"), Some("US Army"), None, None],
            [
                Some("Neverland"),
                Some("SUBARU Corporation"),
                None,
                Some("military \\ use"),
                None,
            ],
            [Some("US"), None, None, None, Some("JP")],
            [Some("DE"), None, None, None, Some("DE")],
            [
                Some("JP"),
                Some("JMU防務系統株式會社 (Yokohama)"),
                None,
                None,
                None,
            ],
            [
                Some("KR"),
                None,
                None,
                Some("for the \"navy\""),
                Some("Atlantis"),
            ],
        ];
        let mut kinds = std::collections::BTreeSet::new();
        // The tail of a verdict is kept per thread: a new date or new lists
        // must write a new one.
        let earlier = NaiveDate::from_ymd_opt(2026, 11, 10).unwrap();
        let runs = [
            (date, "sha256:x"),
            (earlier, "sha256:x"),
            (earlier, "lists \"y\""),
            (date, "sha256:x"),
        ];
        for (text, (date, lists)) in texts.into_iter().flat_map(|t| runs.map(|r| (t, r))) {
            for hs in ["", "8505.11"] {
                let item = crate::Item::new(text).hs(hs).as_of(date);
                let c = m.classify(&item);
                for f in fields {
                    let v = s.verdict(&Order::from_fields(item, f), &c, date);
                    kinds.extend(v.reasons.iter().map(|r| r.kind()));
                    let rec = Record::new(1, None, &c).with_verdict(&v, lists);
                    let mut fast = Vec::new();
                    rec.write_json(&mut fast);
                    assert_eq!(
                        String::from_utf8(fast).unwrap(),
                        serde_json::to_string(&rec).unwrap()
                    );
                }
            }
        }
        assert_eq!(kinds.len(), 8, "{kinds:?}");
    }

    /// The listed-name JSON a screener renders for party reasons is what
    /// serde writes from the reason's fields, for every name and alias of
    /// the shipped lists (with a quote in a name, it escapes).
    #[test]
    fn every_listed_name_writes_its_party_reason_as_serde_does() {
        use super::Record;
        use crate::{Measures, Order, OrderScreener, PartyLists};
        let m = crate::Matcher::builtin().unwrap();
        let lists = crate::builtin::PARTY_FILES
            .iter()
            .fold(PartyLists::builder(), |b, (name, text)| {
                b.add_source(*name, *text)
            })
            .add_source(
                "q.toml",
                "[list]\nid = \"q\"\nregime = \"CN\"\nkind = \"watch\"\ntitle = \"Q\"\ninstrument = \"No. \\\"9\\\"\"\nsource = \"s\"\neffective = 2026-01-01\nreviewed = 2026-11-30\n\n[[party]]\nid = \"Q-1\"\nname = \"Kometa \\\"Q\\\" JSC\"\ncountry = \"RU\"\n",
            )
            .build()
            .unwrap();
        let s = OrderScreener::new(lists, Measures::builtin().unwrap());
        let date = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let item = crate::Item::new("Dysprosium metal 99.9% 1 kg ingot").as_of(date);
        let c = m.classify(&item);
        let (mut parties, mut quoted) = (0, 0);
        for p in s.parties().parties() {
            for name in std::iter::once(&p.name).chain(&p.names).chain(&p.aliases) {
                let o = Order::new(item).destination("JP").consignee(name);
                let v = s.verdict(&o, &c, date);
                parties += v.reasons.iter().filter(|r| r.kind() == "party").count();
                quoted += v
                    .reasons
                    .iter()
                    .filter(|r| r.subject() == Some("Q-1"))
                    .count();
                let rec = Record::new(1, None, &c).with_verdict(&v, "sha256:x");
                let mut fast = Vec::new();
                rec.write_json(&mut fast);
                assert_eq!(
                    String::from_utf8(fast).unwrap(),
                    serde_json::to_string(&rec).unwrap(),
                    "{name}"
                );
            }
        }
        assert!(parties > 500, "{parties}");
        assert!(quoted > 0);
    }

    /// A record's tail is kept per thread: records of other rules (another
    /// fingerprint) in the same thread get their own.
    #[test]
    fn each_fingerprint_writes_its_own_tail() {
        for fingerprint in ["sha256:a", "sha256:b", "rules \"c\"", "sha256:a"] {
            let rec = super::Record::error(7, Some("x"), "bad row".to_string(), fingerprint);
            let mut fast = Vec::new();
            rec.write_json(&mut fast);
            assert_eq!(fast, serde_json::to_vec(&rec).unwrap(), "{fingerprint}");
        }
    }

    /// The hand-written date form is chrono's, for every day of years at
    /// the edges of four digits and around today.
    #[test]
    fn iso_date_is_chronos_form() {
        for year in [-1, 0, 1, 999, 1000, 1969, 2024, 2025, 2026, 9999, 10000] {
            let mut d = NaiveDate::from_ymd_opt(year, 1, 1).unwrap();
            while d.year() == year {
                let ours = serde_json::to_string(&IsoDate(d)).unwrap();
                assert_eq!(ours, serde_json::to_string(&d).unwrap());
                d = d.succ_opt().unwrap();
            }
        }
    }

    /// The eight-at-a-time check says what a byte-by-byte one says, for
    /// every byte value at every lane position and for random strings.
    #[test]
    fn needs_escape_is_exact() {
        let slow = |s: &[u8]| s.iter().any(|&b| b < 0x20 || b == b'"' || b == b'\\');
        for len in 0..20 {
            for pos in 0..len {
                for b in 0..=255u8 {
                    let mut v = vec![b'a'; len];
                    v[pos] = b;
                    assert_eq!(needs_escape(&v), slow(&v), "{v:?}");
                    v.iter_mut().for_each(|x| *x = 0xff);
                    v[pos] = b;
                    assert_eq!(needs_escape(&v), slow(&v), "{v:?}");
                }
            }
        }
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..20_000 {
            let v: Vec<u8> = (0..(x % 40) as usize)
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    (x % 96 + 16) as u8
                })
                .collect();
            assert_eq!(needs_escape(&v), slow(&v), "{v:?}");
        }
    }
}
