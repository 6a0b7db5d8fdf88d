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
        }
    }

    pub(super) fn row(&self, line_no: u64, line: &[u8]) -> Row {
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
        let mut de = serde_json::Deserializer::from_str(&text);
        let slots =
            match serde::de::DeserializeSeed::deserialize(Object { keys: &self.keys }, &mut de)
                .and_then(|slots| de.end().map(|()| slots))
            {
                Ok(slots) => slots,
                Err(e) => {
                    row.error = Some(format!("malformed JSON: {e}"));
                    return row;
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
                        continue;
                    }
                    self.number += 1;
                    return Some(Ok(self.row(n, line)));
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

/// Reads an object, keeping the values of `keys` (key, slot).
struct Object<'k> {
    keys: &'k [(String, usize)],
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
        let n = self.keys.iter().map(|&(_, s)| s + 1).max().unwrap_or(0);
        let mut slots = Slots {
            values: vec![None; n.max(DESCRIPTION)],
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
                slots.order_present |= (ORDER..DESCRIPTION).contains(&slot);
                slots.values[slot].clone_from(&value);
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
        let v = v.trim();
        Ok((!v.is_empty()).then(|| v.to_owned()))
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
