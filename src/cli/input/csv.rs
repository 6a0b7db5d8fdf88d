//! The CSV/TSV scanner: header, fields, and recovery from stray quotes.
//!
//! CSV follows RFC 4180 as the `csv` crate reads it: a field that starts
//! with the quote character is quoted, `""` inside it is one quote, and a
//! quoted field may span lines. Blank lines are not rows.
//!
//! **Unbalanced quotes.** A quote that is never closed would otherwise
//! swallow the rest of the file into one field. A quoted field that spans
//! lines is accepted only if the row it completes has as many fields as the
//! header and stays within `--max-row-bytes`. Otherwise the line where the
//! quote opened becomes an error row on its own and reading resumes on the
//! next line, so a stray quote costs one row, not the rest of the file.
//! Recovery is linear: each line is re-read at most once (see
//! [`CsvRows::known_outcome`]); a quote opened while an earlier unbalanced
//! quote was still open and ran past `--max-row-bytes` is an error row too.
//!
//! **Why a hand-written scanner and not `csv-core`.** The recovery above
//! works on physical lines: it needs to know on which line a quoted field
//! opened, to stop a record at `--max-row-bytes` without buffering it, and
//! to put the lines it read ahead back and re-read them from a clean state.
//! `csv-core` is a byte-level push parser with its quote state inside it;
//! driving it line by line, resetting it and replaying lines would need
//! as much code as the scanner itself (the state machine in
//! [`CsvRows::scan`] is some forty lines). The scanner is checked against
//! the `csv` crate on well-formed input by a property test
//! (`splits_like_the_csv_crate` in `tests.rs`), so the two cannot drift.

use super::encoding::Encoding;
use super::lines::{Line, Lines, terminator_len};
use super::{Columns, Row};
use anyhow::{Context, Result, bail};
use std::io::{self, BufRead};

pub(super) fn parse_delimiter(d: &str) -> Result<u8> {
    match d {
        "\\t" | "tab" | "\t" => Ok(b'\t'),
        d if d.len() == 1 && d.is_ascii() && !matches!(d, "\n" | "\r") => Ok(d.as_bytes()[0]),
        _ => bail!("--delimiter must be one ASCII character or `\\t`, not `{d}`"),
    }
}

/// The delimiter of a header line: the most frequent of `,` `;` tab `|`
/// outside quotes (ties in that order), `,` if none occurs.
pub fn detect_delimiter(header: &[u8], quote: Option<u8>) -> u8 {
    const CANDIDATES: [u8; 4] = [b',', b';', b'\t', b'|'];
    let mut counts = [0usize; 4];
    let mut quoted = false;
    for &b in header {
        if Some(b) == quote {
            quoted = !quoted;
        } else if !quoted {
            if let Some(i) = CANDIDATES.iter().position(|&c| c == b) {
                counts[i] += 1;
            }
        }
    }
    let mut best = 0;
    for i in 1..4 {
        if counts[i] > counts[best] {
            best = i;
        }
    }
    CANDIDATES[best]
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum State {
    StartField,
    InField,
    InQuoted,
    QuoteInQuoted,
}

/// What reading one CSV record gave.
pub(super) enum Record {
    /// Fields are in `CsvRows::fields`/`ends`; the record starts on this line.
    Fields(u64),
    /// A row that cannot be read, with the line it starts on.
    Bad(u64, String),
    Eof,
}

/// The error row of a quote that does not close into a row.
fn bad_quote(line: u64, why: &str) -> Record {
    Record::Bad(
        line,
        format!(
            "unbalanced quote: {why}; line {line} is taken as this row alone and reading resumes on line {}",
            line + 1
        ),
    )
}

/// How the quoted field of an unbalanced quote ended.
#[derive(Debug, Clone, Copy)]
enum Outcome {
    /// At the end of the input, still open.
    NeverCloses,
    /// Still open where it ran past `--max-row-bytes`.
    PastLimit,
    /// It closed into a row of `width` fields (the wrong width).
    Closes { width: usize },
}

/// The last unbalanced quote: opened on line `first`, its quote stayed
/// open over every line after it up to `through`.
#[derive(Debug, Clone)]
struct Run {
    first: u64,
    through: u64,
    outcome: Outcome,
    /// Fields completed by the end of each line after `first` that was
    /// scanned (a line inside the quote may close it and open another).
    ends_after: Vec<usize>,
}

/// Rows of a delimited file with a header.
pub(super) struct CsvRows<R: BufRead> {
    pub(super) lines: Lines<R>,
    delimiter: u8,
    quote: Option<u8>,
    encoding: Encoding,
    pub(super) max: usize,
    /// Number of header fields (None while reading the header).
    pub(super) header_len: Option<usize>,
    /// Unescaped field bytes of the current record.
    pub(super) fields: Vec<u8>,
    /// End offset in `fields` of each field.
    pub(super) ends: Vec<usize>,
    description: Vec<(usize, String)>,
    hs: Option<(usize, String)>,
    id: Option<(usize, String)>,
    scheme: Option<(usize, String)>,
    order: [Option<(usize, String)>; 5],
    default_scheme: Option<String>,
    pub(super) number: u64,
    done: bool,
    /// The last unbalanced quote, for linear recovery.
    run: Option<Run>,
    /// Fields completed by the end of each line read for the current
    /// quoted field (becomes `Run::ends_after`).
    ends_after: Vec<usize>,
    /// Use what `run` knows (off only in tests, to compare with re-reading).
    pub(super) linear: bool,
}

impl<R: BufRead> CsvRows<R> {
    pub(super) fn new(
        mut lines: Lines<R>,
        delimiter: Option<u8>,
        quote: Option<u8>,
        columns: Columns,
        encoding: Encoding,
    ) -> Result<Self> {
        let max = lines.max;
        // Detect the delimiter from the first non-blank line, then read it
        // again as the header.
        let delimiter = match delimiter {
            Some(d) => d,
            None => {
                let mut seen = Vec::new();
                let mut d = b',';
                while let Some((n, line)) = lines.next().context("cannot read the header row")? {
                    let blank = matches!(&line, Line::Text(t) if t.len() == terminator_len(t));
                    if let (Line::Text(t), false) = (&line, blank) {
                        d = detect_delimiter(t, quote);
                    }
                    seen.push((n, line));
                    if !blank {
                        break;
                    }
                }
                lines.push_back(seen);
                d
            }
        };
        let mut rows = CsvRows {
            lines,
            delimiter,
            quote,
            encoding,
            max,
            header_len: None,
            fields: Vec::new(),
            ends: Vec::new(),
            description: Vec::new(),
            hs: None,
            id: None,
            scheme: None,
            order: Default::default(),
            default_scheme: columns.default_scheme.clone(),
            number: 0,
            done: false,
            run: None,
            ends_after: Vec::new(),
            linear: true,
        };
        let names: Vec<String> = match rows.record().context("cannot read the header row")? {
            Record::Eof => {
                // An empty file: no header, no rows.
                rows.done = true;
                return Ok(rows);
            }
            Record::Bad(line, e) => bail!("cannot read the header row (line {line}): {e}"),
            // A quote in the header that closes lines later would make the
            // lines between part of a column name: rows lost silently.
            Record::Fields(line) if rows.lines.number != line => bail!(
                "cannot read the header row: a quoted name opened on line {line} closes on line {}, so the lines between would be part of the header; column names cannot span lines (check the quotes of the header)",
                rows.lines.number
            ),
            Record::Fields(_) => (0..rows.ends.len())
                .map(|i| {
                    let b = rows.field_bytes(i);
                    match encoding.decode(b) {
                        Ok(s) => s.trim().to_string(),
                        Err(_) => String::from_utf8_lossy(b).trim().to_string(),
                    }
                })
                .collect(),
        };
        rows.header_len = Some(names.len());
        let find = |want: &str| {
            names
                .iter()
                .position(|n| n.eq_ignore_ascii_case(want))
                .map(|i| (i, want.to_string()))
        };
        let shown = |d: u8| match d {
            b'\t' => "tab".to_string(),
            d => format!("`{}`", d as char),
        };
        for d in &columns.description {
            match find(d) {
                Some(c) => rows.description.push(c),
                None => bail!(
                    "the header has no column `{d}` (columns: {}; delimiter {}); name the description column with --description-col, the delimiter with --delimiter",
                    names.join(", "),
                    shown(delimiter)
                ),
            }
        }
        rows.hs = columns.hs.as_deref().and_then(find);
        if rows.hs.is_none() && columns.hs_explicit {
            bail!(
                "the header has no column `{}` (columns: {})",
                columns.hs.unwrap_or_default(),
                names.join(", ")
            );
        }
        rows.id = find(&columns.id);
        rows.scheme = find(&columns.scheme);
        rows.order = super::ORDER_COLUMNS.map(find);
        Ok(rows)
    }

    pub(super) fn field_bytes(&self, i: usize) -> &[u8] {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.fields[start..self.ends[i]]
    }

    /// Scans one line's content (without terminator) from `state`.
    pub(super) fn scan(&mut self, content: &[u8], mut state: State) -> State {
        let (d, q) = (self.delimiter, self.quote);
        // A field's bytes are copied a run at a time: up to the next
        // delimiter outside quotes, up to the next quote inside them.
        let mut i = 0;
        while i < content.len() {
            let b = content[i];
            state = match state {
                State::StartField if Some(b) == q => {
                    i += 1;
                    State::InQuoted
                }
                State::StartField if b == d => {
                    self.ends.push(self.fields.len());
                    i += 1;
                    State::StartField
                }
                // A quote inside an unquoted field is a byte like any other.
                State::StartField | State::InField => match memchr::memchr(d, &content[i..]) {
                    Some(n) => {
                        self.fields.extend_from_slice(&content[i..i + n]);
                        self.ends.push(self.fields.len());
                        i += n + 1;
                        State::StartField
                    }
                    None => {
                        self.fields.extend_from_slice(&content[i..]);
                        i = content.len();
                        State::InField
                    }
                },
                State::InQuoted => {
                    // In this state the quote is set.
                    let found = q.and_then(|q| memchr::memchr(q, &content[i..]));
                    let n = found.unwrap_or(content.len() - i);
                    self.fields.extend_from_slice(&content[i..i + n]);
                    i += n;
                    if found.is_some() {
                        i += 1;
                        State::QuoteInQuoted
                    } else {
                        State::InQuoted
                    }
                }
                State::QuoteInQuoted => {
                    i += 1;
                    if Some(b) == q {
                        self.fields.push(b);
                        State::InQuoted
                    } else if b == d {
                        self.ends.push(self.fields.len());
                        State::StartField
                    } else {
                        self.fields.push(b);
                        State::InField
                    }
                }
            };
        }
        state
    }

    /// Reads the next record, skipping blank lines.
    pub(super) fn record(&mut self) -> io::Result<Record> {
        loop {
            self.fields.clear();
            self.ends.clear();
            let Some((first_no, first)) = self.lines.next()? else {
                return Ok(Record::Eof);
            };
            let first = match first {
                Line::TooLong(n) => {
                    return Ok(Record::Bad(
                        first_no,
                        format!(
                            "line {first_no} is {n} bytes long, more than --max-row-bytes {}; skipped",
                            self.max
                        ),
                    ));
                }
                Line::Text(t) => t,
            };
            let term = terminator_len(&first);
            if first.len() == term {
                self.lines.recycle(first);
                continue; // a blank line
            }
            let mut state = self.scan(&first[..first.len() - term], State::StartField);
            if state != State::InQuoted {
                self.ends.push(self.fields.len());
                self.lines.recycle(first);
                return Ok(Record::Fields(first_no));
            }
            // Fields completed on this line before the quote opened.
            let before = self.ends.len();
            if let Some(why) = self.known_outcome(first_no, before) {
                return Ok(bad_quote(first_no, &why));
            }
            // A quoted field goes on over the line end.
            self.ends_after.clear();
            let mut size = first.len();
            let mut used: Vec<(u64, Line)> = Vec::new();
            let closed = if term == 0 {
                false // the end of input, inside the quote
            } else {
                self.fields.extend_from_slice(&first[first.len() - term..]);
                self.continue_quoted(&mut state, &mut size, &mut used)?
            };
            if closed {
                self.ends.push(self.fields.len());
                if Some(self.ends.len()) == self.header_len || self.header_len.is_none() {
                    return Ok(Record::Fields(first_no));
                }
            }
            let through = self.lines.number;
            let (why, outcome) = if closed {
                (
                    format!(
                        "the quoted field opened on line {first_no} closes on line {through} but leaves a row of {} fields, not {}",
                        self.ends.len(),
                        self.header_len.unwrap_or(0)
                    ),
                    Outcome::Closes {
                        width: self.ends.len(),
                    },
                )
            } else if size > self.max || used.iter().any(|(_, l)| matches!(l, Line::TooLong(_))) {
                (
                    format!(
                        "the quoted field opened on line {first_no} runs past --max-row-bytes {}",
                        self.max
                    ),
                    Outcome::PastLimit,
                )
            } else {
                (
                    format!("the quoted field opened on line {first_no} never closes"),
                    Outcome::NeverCloses,
                )
            };
            self.run = Some(Run {
                first: first_no,
                through,
                outcome,
                ends_after: std::mem::take(&mut self.ends_after),
            });
            // The fields completed before the quote opened, for the row's id.
            self.fields.clear();
            self.ends.clear();
            self.scan(&first[..first.len() - term], State::StartField);
            self.lines.push_back(used);
            self.lines.number = first_no;
            return Ok(bad_quote(first_no, &why));
        }
    }

    /// What the quote opened on line `line` (after `before` complete
    /// fields) will do, if an earlier unbalanced quote already read over
    /// this line with its quote still open: from the end of this line on,
    /// the quote state then evolves exactly as it did for the earlier one
    /// (the scanner's quote state depends only on the state at the start
    /// of a line), so the lines after it need not be read ahead again.
    /// This keeps recovery linear: without it, every line of a run of
    /// lines that each close one quote and open another (`"a",x,"b`)
    /// re-read the rest of the file.
    ///
    /// One case is a rule rather than a shortcut: a quote opened inside
    /// the open stretch of an earlier quote that ran past
    /// `--max-row-bytes` is an error row, without reading ahead to see
    /// whether, starting later, it would have closed within the limit.
    /// (Reading ahead up to the limit for each such line is what made
    /// recovery quadratic.)
    ///
    /// `None` when nothing is known, or when the quote closes into a row
    /// of the header's width (then the row is read normally).
    fn known_outcome(&self, line: u64, before: usize) -> Option<String> {
        let run = self.run.as_ref().filter(|r| line > r.first)?;
        match run.outcome {
            // Re-reading (tests only) still applies the rule for
            // `PastLimit`: it is part of what the reader does, not a
            // shortcut.
            _ if !self.linear && !matches!(run.outcome, Outcome::PastLimit) => None,
            Outcome::NeverCloses if line <= run.through => Some(format!(
                "the quoted field opened on line {line} never closes"
            )),
            Outcome::PastLimit if line < run.through => Some(format!(
                "the quoted field opened on line {line} is still open on line {}, where the one opened on line {} ran past --max-row-bytes {}",
                run.through, run.first, self.max
            )),
            Outcome::Closes { width } if line < run.through => {
                // The fields completed from the end of this line to the
                // close are the same for both quotes.
                let done = run.ends_after[usize::try_from(line - run.first - 1).ok()?];
                let width = before + (width - done);
                (Some(width) != self.header_len).then(|| {
                    format!(
                        "the quoted field opened on line {line} closes on line {} but leaves a row of {width} fields, not {}",
                        run.through,
                        self.header_len.unwrap_or(0)
                    )
                })
            }
            _ => None,
        }
    }

    /// Reads further lines of a quoted field that spans lines, after the
    /// terminator of the last one was added to the field. True if the quote
    /// closes; false at the end of input or past the size limit.
    fn continue_quoted(
        &mut self,
        state: &mut State,
        size: &mut usize,
        used: &mut Vec<(u64, Line)>,
    ) -> io::Result<bool> {
        loop {
            match self.lines.next()? {
                None => return Ok(false),
                Some((n, Line::TooLong(len))) => {
                    used.push((n, Line::TooLong(len)));
                    return Ok(false);
                }
                Some((n, Line::Text(t))) => {
                    let term = terminator_len(&t);
                    *size += t.len();
                    if *size > self.max {
                        used.push((n, Line::Text(t)));
                        return Ok(false);
                    }
                    *state = self.scan(&t[..t.len() - term], *state);
                    self.ends_after.push(self.ends.len());
                    if *state == State::InQuoted && term > 0 {
                        self.fields.extend_from_slice(&t[t.len() - term..]);
                    }
                    used.push((n, Line::Text(t)));
                    if *state != State::InQuoted {
                        return Ok(true);
                    }
                    if term == 0 {
                        return Ok(false);
                    }
                }
            }
        }
    }

    pub(super) fn row(&self, line: u64) -> Row {
        let mut row = Row {
            number: self.number,
            ..Row::default()
        };
        let mut errors = Vec::new();
        let mut take = |col: &(usize, String)| -> Option<String> {
            if col.0 >= self.ends.len() {
                return None;
            }
            match self.encoding.decode(self.field_bytes(col.0)) {
                Ok(v) => Some(v.trim().to_string()).filter(|s| !s.is_empty()),
                Err(e) => {
                    errors.push(format!(
                        "{} in column `{}` at byte {} (line {line}); {}",
                        e.what, col.1, e.at, e.hint
                    ));
                    None
                }
            }
        };
        row.id = self.id.as_ref().and_then(&mut take);
        row.hs = self.hs.as_ref().and_then(&mut take);
        row.scheme = self
            .scheme
            .as_ref()
            .and_then(&mut take)
            .or_else(|| self.default_scheme.clone());
        if self.order.iter().any(Option::is_some) {
            row.order = Some(
                self.order
                    .each_ref()
                    .map(|c| c.as_ref().and_then(&mut take)),
            );
        }
        row.description = match &self.description[..] {
            [one] => take(one).unwrap_or_default(),
            many => {
                let parts: Vec<String> = many.iter().filter_map(&mut take).collect();
                parts.join(" ")
            }
        };
        let header_len = self.header_len.unwrap_or(0);
        if let Some(e) = errors.into_iter().next() {
            row.error = Some(e);
        } else if self.ends.len() > header_len
            && (header_len..self.ends.len()).any(|i| !self.field_bytes(i).trim_ascii().is_empty())
        {
            row.error = Some(format!(
                "line {line} has {} fields but the header has {header_len}; a field that contains the delimiter must be quoted",
                self.ends.len()
            ));
        } else if row.description.is_empty() {
            row.error = Some(format!(
                "missing description (column `{}`)",
                self.description
                    .iter()
                    .map(|c| c.1.as_str())
                    .collect::<Vec<_>>()
                    .join("`, `")
            ));
        }
        row
    }
}

impl<R: BufRead> Iterator for CsvRows<R> {
    type Item = Result<Row>;
    fn next(&mut self) -> Option<Result<Row>> {
        if self.done {
            return None;
        }
        match self.record() {
            Ok(Record::Eof) => {
                self.done = true;
                None
            }
            Ok(Record::Fields(line)) => {
                self.number += 1;
                Some(Ok(self.row(line)))
            }
            Ok(Record::Bad(_, e)) => {
                self.number += 1;
                // The id, if its field was complete before the trouble began.
                let id = self
                    .id
                    .as_ref()
                    .filter(|c| c.0 < self.ends.len())
                    .and_then(|c| self.encoding.decode(self.field_bytes(c.0)).ok())
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty());
                Some(Ok(Row {
                    number: self.number,
                    id,
                    error: Some(e),
                    ..Row::default()
                }))
            }
            Err(e) => {
                self.done = true;
                Some(Err(anyhow::Error::new(e).context("cannot read input")))
            }
        }
    }
}
