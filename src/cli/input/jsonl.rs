//! The JSON-lines reader: one object per line; blank lines are skipped.
//!
//! A line is read by a serde visitor that keeps only the keys the columns
//! name (id, HS code, scheme, order fields, description parts) and skips
//! every other value without building it, instead of parsing the whole
//! object into a `serde_json::Value` and picking from it: a row costs no
//! map, no key strings and no copies of values nobody reads. What it
//! returns is what the `Value` route returned (strings trimmed, numbers as
//! `serde_json` writes them, other types absent, the last of duplicate keys
//! wins), which `tests.rs` checks on a mix of lines.

use super::encoding::Encoding;
use super::lines::{Line, Lines};
use super::{Columns, Row};
use anyhow::Result;
use std::io::BufRead;

/// Rows of a JSON-lines file. Blank lines are skipped.
pub(super) struct JsonlRows<R: BufRead> {
    lines: Lines<R>,
    columns: Columns,
    /// Each wanted key with its slot ([`ID`], [`HS`], …).
    keys: Vec<(String, usize)>,
    encoding: Encoding,
    number: u64,
    done: bool,
    /// The slots of the last row, emptied, for the next one.
    scratch: Vec<Option<String>>,
}

impl<R: BufRead> JsonlRows<R> {
    pub(super) fn new(lines: Lines<R>, columns: Columns, encoding: Encoding) -> Self {
        let mut keys = vec![(columns.id.clone(), ID), (columns.scheme.clone(), SCHEME)];
        if let Some(hs) = &columns.hs {
            keys.push((hs.clone(), HS));
        }
        for (i, k) in super::ORDER_COLUMNS.iter().enumerate() {
            keys.push(((*k).to_string(), ORDER + i));
        }
        for (i, k) in columns.description.iter().enumerate() {
            keys.push((k.clone(), DESCRIPTION + i));
        }
        JsonlRows {
            lines,
            columns,
            keys,
            encoding,
            number: 0,
            done: false,
            scratch: Vec::new(),
        }
    }

    pub(super) fn row(&mut self, line_no: u64, line: &[u8]) -> Row {
        let mut row = Row {
            number: self.number,
            ..Row::default()
        };
        let text = match self.encoding.decode(line) {
            Ok(t) => t,
            Err(e) => {
                row.error = Some(format!(
                    "{} at byte {} of line {line_no}; {}",
                    e.what, e.at, e.hint
                ));
                return row;
            }
        };
        // Anything but an object goes through `Value`, for its error.
        if !text.trim_start().starts_with('{') {
            row.error = Some(match serde_json::from_str::<serde_json::Value>(&text) {
                Ok(_) => "malformed JSON: the line is not an object".into(),
                Err(e) => format!("malformed JSON: {e}"),
            });
            return row;
        }
        let mut values = std::mem::take(&mut self.scratch);
        values.clear();
        values.resize(slot_count(&self.keys), None);
        let slots = match flat_object(&text, &self.keys, values) {
            Ok(slots) => slots,
            Err(values) => {
                let mut de = serde_json::Deserializer::from_str(&text);
                let seed = Object {
                    keys: &self.keys,
                    values,
                };
                match serde::de::DeserializeSeed::deserialize(seed, &mut de)
                    .and_then(|slots| de.end().map(|()| slots))
                {
                    Ok(slots) => slots,
                    Err(e) => {
                        row.error = Some(format!("malformed JSON: {e}"));
                        return row;
                    }
                }
            }
        };
        let Slots {
            mut values,
            order_present,
        } = slots;
        row.id = values[ID].take();
        row.hs = values[HS].take();
        row.scheme = values[SCHEME]
            .take()
            .or_else(|| self.columns.default_scheme.clone());
        if order_present {
            row.order = Some(std::array::from_fn(|i| values[ORDER + i].take()));
        }
        // The first part moved, the others appended.
        let mut parts = values[DESCRIPTION..].iter_mut().filter_map(Option::take);
        row.description = parts.next().unwrap_or_default();
        for p in parts {
            row.description.push(' ');
            row.description.push_str(&p);
        }
        self.scratch = values;
        if row.description.is_empty() {
            row.error = Some(format!(
                "missing description (key `{}`)",
                self.columns.description.join("`, `")
            ));
        }
        row
    }
}

impl<R: BufRead> Iterator for JsonlRows<R> {
    type Item = Result<Row>;
    fn next(&mut self) -> Option<Result<Row>> {
        while !self.done {
            match self.lines.next() {
                Ok(None) => self.done = true,
                Ok(Some((n, Line::TooLong(len)))) => {
                    self.number += 1;
                    return Some(Ok(Row {
                        number: self.number,
                        error: Some(format!(
                            "line {n} is {len} bytes long, more than --max-row-bytes {}; skipped",
                            self.lines.max
                        )),
                        ..Row::default()
                    }));
                }
                Ok(Some((n, Line::Text(t)))) => {
                    let line = t.trim_ascii();
                    if line.is_empty() {
                        self.lines.recycle(t);
                        continue;
                    }
                    self.number += 1;
                    let row = self.row(n, line);
                    self.lines.recycle(t);
                    return Some(Ok(row));
                }
                Err(e) => {
                    self.done = true;
                    return Some(Err(anyhow::Error::new(e).context("cannot read input")));
                }
            }
        }
        None
    }
}

/// Slots of the values a row needs.
const ID: usize = 0;
const HS: usize = 1;
const SCHEME: usize = 2;
/// The five order fields, in [`super::ORDER_COLUMNS`] order.
const ORDER: usize = 3;
/// The description parts, in column order.
const DESCRIPTION: usize = ORDER + super::ORDER_COLUMNS.len();

/// The wanted values of one object.
struct Slots {
    values: Vec<Option<String>>,
    /// Whether any order key is present, whatever its value.
    order_present: bool,
}

/// The number of slots for `keys`.
fn slot_count(keys: &[(String, usize)]) -> usize {
    keys.iter()
        .map(|&(_, s)| s + 1)
        .max()
        .unwrap_or(0)
        .max(DESCRIPTION)
}

impl Slots {
    /// Puts a value in `slot` (the last of duplicate keys wins).
    fn set(&mut self, slot: usize, value: Option<&str>) {
        self.order_present |= (ORDER..DESCRIPTION).contains(&slot);
        self.values[slot] = value.map(str::to_owned);
    }
}

/// A JSON string as a value: trimmed, absent if empty.
fn text_value(v: &str) -> Option<&str> {
    let v = v.trim();
    (!v.is_empty()).then_some(v)
}

/// The common line read without serde: an object of string values with
/// no escape, no control character and no whitespace but spaces (`{"id":
/// "SKU-1", "description": "Terbium metal"}`). Such a string is exactly
/// the bytes between its quotes, so it is read in place. The slots come
/// in as `values` (all `None`); for anything else (numbers, nesting,
/// escapes, errors) they go back, emptied, for the serde visitor, which
/// then decides every error message.
///
/// Written by hand because serde_json has no cheaper way to pick a few
/// string values out of a flat object: its visitor costs about four
/// thousand instructions per catalog line, most of a reader thread.
fn flat_object(
    text: &str,
    keys: &[(String, usize)],
    values: Vec<Option<String>>,
) -> Result<Slots, Vec<Option<String>>> {
    let mut slots = Slots {
        values,
        order_present: false,
    };
    match read_flat(text, keys, &mut slots) {
        Some(()) => Ok(slots),
        None => {
            slots.values.iter_mut().for_each(|v| *v = None);
            Err(slots.values)
        }
    }
}

fn read_flat(text: &str, keys: &[(String, usize)], slots: &mut Slots) -> Option<()> {
    let b = text.as_bytes();
    if has_control_or_backslash(b) {
        return None;
    }
    let skip = |mut i: usize| {
        while b.get(i) == Some(&b' ') {
            i += 1;
        }
        i
    };
    // A string starting at `i` (a quote): its contents and the index after
    // its closing quote.
    let string = |i: usize| -> Option<(&str, usize)> {
        if b.get(i) != Some(&b'"') {
            return None;
        }
        let len = memchr::memchr(b'"', b.get(i + 1..)?)?;
        // Quotes are ASCII: both ends are character boundaries.
        Some((text.get(i + 1..i + 1 + len)?, i + len + 2))
    };
    let mut i = skip(0);
    if b.get(i) != Some(&b'{') {
        return None;
    }
    i = skip(i + 1);
    if b.get(i) == Some(&b'}') {
        i += 1;
    } else {
        loop {
            let (key, next) = string(i)?;
            i = skip(next);
            if b.get(i) != Some(&b':') {
                return None;
            }
            let (value, next) = string(skip(i + 1))?;
            for &(_, slot) in keys.iter().filter(|(k, _)| k == key) {
                slots.set(slot, text_value(value));
            }
            i = skip(next);
            match b.get(i) {
                Some(b',') => i = skip(i + 1),
                Some(b'}') => {
                    i += 1;
                    break;
                }
                _ => return None,
            }
        }
    }
    (skip(i) == b.len()).then_some(())
}

/// Whether any byte of `b` is below U+0020 or a backslash: a string a
/// JSON line cannot hold as it is.
pub(super) fn has_control_or_backslash(b: &[u8]) -> bool {
    bytes::any_control_or(b, [b'\\'])
}

/// The byte tests the library's output uses too (one file, both crates).
#[path = "../../text/bytes.rs"]
mod bytes;

/// Reads an object, keeping the values of `keys` (key, slot) in `values`
/// (one per slot, all `None`).
struct Object<'k> {
    keys: &'k [(String, usize)],
    values: Vec<Option<String>>,
}

impl<'de> serde::de::DeserializeSeed<'de> for Object<'_> {
    type Value = Slots;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Slots, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Object<'_> {
    type Value = Slots;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an object")
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Slots, A::Error> {
        let mut slots = Slots {
            values: self.values,
            order_present: false,
        };
        while let Some(key) = map.next_key_seed(Key)? {
            let mut wanted = self.keys.iter().filter(|(k, _)| *k == *key).peekable();
            if wanted.peek().is_none() {
                map.next_value::<serde::de::IgnoredAny>()?;
                continue;
            }
            let value = map.next_value_seed(Text)?;
            for &(_, slot) in wanted {
                slots.set(slot, value.as_deref());
            }
        }
        Ok(slots)
    }
}

/// A key, borrowed from the line when it has no escapes.
struct Key;

impl<'de> serde::de::DeserializeSeed<'de> for Key {
    type Value = std::borrow::Cow<'de, str>;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Key {
    type Value = std::borrow::Cow<'de, str>;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a key")
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(std::borrow::Cow::Borrowed(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(std::borrow::Cow::Owned(v.to_owned()))
    }
}

/// A wanted value as text: a string trimmed (absent if empty), a number as
/// `serde_json` writes it; any other type is absent.
struct Text;

impl<'de> serde::de::DeserializeSeed<'de> for Text {
    type Value = Option<String>;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Text {
    type Value = Option<String>;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(text_value(v).map(str::to_owned))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(serde_json::Number::from(v).to_string()))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(serde_json::Number::from(v).to_string()))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
        Ok(serde_json::Number::from_f64(v).map(|n| n.to_string()))
    }
    fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
        Ok(None)
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map
            .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
            .is_some()
        {}
        Ok(None)
    }
}
