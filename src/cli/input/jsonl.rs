//! The JSON-lines reader: one object per line; blank lines are skipped.

use super::encoding::Encoding;
use super::lines::{Line, Lines};
use super::{Columns, Row};
use anyhow::Result;
use std::io::BufRead;

/// Rows of a JSON-lines file. Blank lines are skipped.
pub(super) struct JsonlRows<R: BufRead> {
    lines: Lines<R>,
    columns: Columns,
    encoding: Encoding,
    number: u64,
    done: bool,
}

impl<R: BufRead> JsonlRows<R> {
    pub(super) fn new(lines: Lines<R>, columns: Columns, encoding: Encoding) -> Self {
        JsonlRows {
            lines,
            columns,
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
        let value: serde_json::Value = match serde_json::from_str(&text) {
            Ok(v) => v,
            Err(e) => {
                row.error = Some(format!("malformed JSON: {e}"));
                return row;
            }
        };
        let Some(obj) = value.as_object() else {
            row.error = Some("malformed JSON: the line is not an object".into());
            return row;
        };
        let text = |key: &str| -> Option<String> {
            match obj.get(key)? {
                serde_json::Value::String(s) => {
                    Some(s.trim().to_string()).filter(|s| !s.is_empty())
                }
                serde_json::Value::Number(n) => Some(n.to_string()),
                _ => None,
            }
        };
        row.id = text(&self.columns.id);
        row.hs = self.columns.hs.as_deref().and_then(text);
        row.scheme = text(&self.columns.scheme).or_else(|| self.columns.default_scheme.clone());
        if super::ORDER_COLUMNS.iter().any(|k| obj.contains_key(*k)) {
            row.order = Some(super::ORDER_COLUMNS.map(text));
        }
        let parts: Vec<String> = self
            .columns
            .description
            .iter()
            .filter_map(|k| text(k))
            .collect();
        row.description = parts.join(" ");
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
