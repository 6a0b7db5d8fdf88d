//! Reading catalog rows from CSV, TSV and JSONL, plain or gzip-compressed.
//!
//! A row that cannot be read (bad encoding, missing description, malformed
//! JSON, an over-long line, an unbalanced quote) is still a [`Row`], with
//! `error` set: nothing is dropped, and reading goes on with the next row.
//!
//! Lines end in `\n` or `\r\n`. CSV follows RFC 4180 as the `csv` crate
//! reads it: a field that starts with the quote character is quoted, `""`
//! inside it is one quote, and a quoted field may span lines. Blank lines
//! are not rows.
//!
//! **Unbalanced quotes.** A quote that is never closed would otherwise
//! swallow the rest of the file into one field. A quoted field that spans
//! lines is accepted only if the row it completes has as many fields as the
//! header and stays within `--max-row-bytes`. Otherwise the line where the
//! quote opened becomes an error row on its own and reading resumes on the
//! next line, so a stray quote costs one row, not the rest of the file.

use anyhow::{Context, Result, bail};
use clap::{Args, ValueEnum};
use std::borrow::Cow;
use std::collections::VecDeque;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// Input format.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Delimited values with a header row (delimiter detected from the header).
    Csv,
    /// Tab-separated values with a header row.
    Tsv,
    /// One JSON object per line.
    Jsonl,
}

/// Character encoding of the input.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    /// UTF-8 (a leading byte-order mark is skipped).
    #[default]
    #[value(name = "utf-8", alias = "utf8")]
    Utf8,
    /// Windows-1252 (Western European, the usual "ANSI" of Excel exports).
    #[value(name = "windows-1252", alias = "cp1252")]
    Windows1252,
    /// ISO-8859-1 (Latin-1).
    #[value(name = "latin1", alias = "iso-8859-1", alias = "latin-1")]
    Latin1,
}

impl Encoding {
    fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Windows1252 => "Windows-1252",
            Encoding::Latin1 => "Latin-1",
        }
    }

    /// Decodes `b`, or says why it is not text in this encoding. Never
    /// substitutes replacement characters: a wrong guess is an error, not
    /// mojibake.
    pub fn decode(self, b: &[u8]) -> Result<Cow<'_, str>, DecodeError> {
        if b.is_ascii() {
            // ASCII is the same in all three; the common case is cheap.
            return Ok(Cow::Borrowed(std::str::from_utf8(b).unwrap_or_default()));
        }
        match self {
            Encoding::Utf8 => std::str::from_utf8(b).map(Cow::Borrowed).map_err(|e| DecodeError {
                what: "invalid UTF-8".into(),
                at: e.valid_up_to(),
                hint: "if the file is Windows-1252 or Latin-1, use --encoding windows-1252 or --encoding latin1",
            }),
            Encoding::Windows1252 | Encoding::Latin1 => {
                if std::str::from_utf8(b).is_ok() {
                    return Err(DecodeError {
                        what: format!("UTF-8 text, not {},", self.name()),
                        at: b.iter().position(|c| !c.is_ascii()).unwrap_or(0),
                        hint: "the file is probably UTF-8: drop --encoding",
                    });
                }
                if self == Encoding::Windows1252 {
                    // Bytes that Windows-1252 leaves undefined.
                    if let Some(i) = b
                        .iter()
                        .position(|&c| matches!(c, 0x81 | 0x8D | 0x8F | 0x90 | 0x9D))
                    {
                        return Err(DecodeError {
                            what: format!("byte 0x{:02X}, undefined in Windows-1252,", b[i]),
                            at: i,
                            hint: "check the file's encoding",
                        });
                    }
                    Ok(encoding_rs::WINDOWS_1252.decode_without_bom_handling(b).0)
                } else {
                    // C1 control codes: in practice these bytes are
                    // Windows-1252 punctuation (“ ” – €), not Latin-1.
                    if let Some(i) = b.iter().position(|&c| (0x80..=0x9F).contains(&c)) {
                        return Err(DecodeError {
                            what: format!("Latin-1 control code 0x{:02X}", b[i]),
                            at: i,
                            hint: "the file is probably Windows-1252: use --encoding windows-1252",
                        });
                    }
                    Ok(encoding_rs::mem::decode_latin1(b))
                }
            }
        }
    }
}

/// Why bytes are not text in the chosen encoding.
#[derive(Debug, Clone)]
pub struct DecodeError {
    /// What is wrong, e.g. "invalid UTF-8".
    pub what: String,
    /// Byte offset of the first bad byte.
    pub at: usize,
    /// What to do about it.
    pub hint: &'static str,
}

/// Default for `--max-row-bytes`.
pub const DEFAULT_MAX_ROW_BYTES: usize = 16 << 20;

/// How to read the input.
#[derive(Args, Debug, Clone)]
pub struct InputArgs {
    /// Input format; default from the file extension (.csv, .tsv, .jsonl,
    /// .ndjson, optionally .gz), else sniffed from the first byte.
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Field delimiter for CSV (one ASCII character, `\t` or `tab`)
    /// [default: detected from the header line among `,` `;` tab `|`].
    #[arg(long, value_name = "CHAR")]
    pub delimiter: Option<String>,
    /// Quote character for CSV (one ASCII character), or `none` for no
    /// quoting [default: `"`].
    #[arg(long, value_name = "CHAR")]
    pub quote: Option<String>,
    /// Character encoding of the input; bytes that are not valid in it make
    /// an error record for their row, never replacement characters.
    #[arg(long, value_enum, default_value = "utf-8", value_name = "ENC")]
    pub encoding: Encoding,
    /// Longest row read, in bytes; a longer row yields an error record and
    /// reading goes on.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_ROW_BYTES)]
    pub max_row_bytes: usize,
    /// Column (or JSON key) with the description; repeat to join several
    /// (joined with a space, empty ones left out).
    #[arg(long = "description-col", value_name = "NAME")]
    pub description_col: Vec<String>,
    /// Column with the customs code [default: hs_code].
    #[arg(long = "hs-col", value_name = "NAME")]
    pub hs_col: Option<String>,
    /// Column with the row id [default: id].
    #[arg(long = "id-col", value_name = "NAME")]
    pub id_col: Option<String>,
    /// Column with the national scheme of the customs code [default: scheme].
    #[arg(long = "scheme-col", value_name = "NAME")]
    pub scheme_col: Option<String>,
    /// National scheme for rows that do not name one (CN, US, EU, JP, …).
    #[arg(long, value_name = "SCHEME")]
    pub scheme: Option<String>,
}

/// One input row.
#[derive(Debug, Clone, Default)]
pub struct Row {
    /// Data row number, from 1.
    pub number: u64,
    pub id: Option<String>,
    pub description: String,
    pub hs: Option<String>,
    pub scheme: Option<String>,
    /// Why the row could not be read.
    pub error: Option<String>,
}

/// An opened input: its rows, and how far the reader has got.
pub struct Input {
    pub rows: Box<dyn Iterator<Item = Result<Row>> + Send>,
    /// Bytes read so far from the file (compressed bytes for .gz).
    pub bytes_read: Arc<AtomicU64>,
    /// Size of the file, if known.
    pub size: Option<u64>,
}

/// Counts bytes as they are read.
struct Counting<R> {
    inner: R,
    count: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// Opens `path` (or stdin for `-`) as a stream of rows.
pub fn open(path: &Path, args: &InputArgs) -> Result<Input> {
    let name = path.to_string_lossy().to_string();
    let bytes_read = Arc::new(AtomicU64::new(0));
    let (raw, gz, size): (Box<dyn Read + Send>, bool, Option<u64>) = if name == "-" {
        (Box::new(io::stdin()), false, None)
    } else {
        let f = File::open(path).with_context(|| format!("cannot open {name}"))?;
        let size = f.metadata().ok().filter(|m| m.is_file()).map(|m| m.len());
        (Box::new(f), name.ends_with(".gz"), size)
    };
    let raw = Box::new(Counting {
        inner: raw,
        count: bytes_read.clone(),
    });
    let reader: Box<dyn Read + Send> = if gz {
        Box::new(flate2::read::MultiGzDecoder::new(raw))
    } else {
        raw
    };
    let mut reader = BufReader::with_capacity(1 << 20, reader);
    let stem = name
        .strip_suffix(".gz")
        .unwrap_or(&name)
        .to_ascii_lowercase();
    let format = match args.format {
        Some(f) => f,
        None if stem.ends_with(".jsonl")
            || stem.ends_with(".ndjson")
            || stem.ends_with(".json") =>
        {
            Format::Jsonl
        }
        None if stem.ends_with(".tsv") || stem.ends_with(".tab") => Format::Tsv,
        None if stem.ends_with(".csv") => Format::Csv,
        None => {
            let buf = reader
                .fill_buf()
                .with_context(|| format!("cannot read {name}"))?;
            let buf = buf.strip_prefix(b"\xEF\xBB\xBF".as_slice()).unwrap_or(buf);
            let first = buf.iter().find(|b| !b.is_ascii_whitespace());
            if first == Some(&b'{') {
                Format::Jsonl
            } else {
                Format::Csv
            }
        }
    };
    if args.max_row_bytes == 0 {
        bail!("--max-row-bytes must be at least 1");
    }
    let columns = Columns::from_args(args);
    let lines = Lines::new(reader, args.max_row_bytes);
    let rows: Box<dyn Iterator<Item = Result<Row>> + Send> = match format {
        Format::Jsonl => Box::new(JsonlRows::new(lines, columns, args.encoding)),
        Format::Csv | Format::Tsv => {
            let quote = match args.quote.as_deref() {
                None => Some(b'"'),
                Some("none") => None,
                Some(q) if q.len() == 1 && q.is_ascii() => Some(q.as_bytes()[0]),
                Some(q) => bail!("--quote must be one ASCII character or `none`, not `{q}`"),
            };
            let delimiter = match (&args.delimiter, format) {
                (Some(d), _) => Some(parse_delimiter(d)?),
                (None, Format::Tsv) => Some(b'\t'),
                (None, _) => None,
            };
            if delimiter.is_some() && delimiter == quote {
                bail!("the delimiter and the quote character must differ");
            }
            Box::new(CsvRows::new(
                lines,
                delimiter,
                quote,
                columns,
                args.encoding,
            )?)
        }
    };
    Ok(Input {
        rows,
        bytes_read,
        size,
    })
}

fn parse_delimiter(d: &str) -> Result<u8> {
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

/// Column names to read.
#[derive(Debug, Clone)]
struct Columns {
    description: Vec<String>,
    hs: Option<String>,
    hs_explicit: bool,
    id: String,
    scheme: String,
    default_scheme: Option<String>,
}

impl Columns {
    fn from_args(a: &InputArgs) -> Columns {
        Columns {
            description: if a.description_col.is_empty() {
                vec!["description".into()]
            } else {
                a.description_col.clone()
            },
            hs: Some(a.hs_col.clone().unwrap_or_else(|| "hs_code".into())),
            hs_explicit: a.hs_col.is_some(),
            id: a.id_col.clone().unwrap_or_else(|| "id".into()),
            scheme: a.scheme_col.clone().unwrap_or_else(|| "scheme".into()),
            default_scheme: a.scheme.clone(),
        }
    }
}

/// One physical line, as read.
enum Line {
    /// The line, with its terminator if it had one.
    Text(Vec<u8>),
    /// A line longer than the limit: its length without terminator; its
    /// bytes were skipped.
    TooLong(u64),
}

/// Physical lines of the input, each bounded by `max` bytes, with lines
/// pushed back for re-reading after an unbalanced quote.
struct Lines<R: BufRead> {
    reader: R,
    max: usize,
    pending: VecDeque<(u64, Line)>,
    /// Number of the last line returned, from 1.
    number: u64,
    started: bool,
}

impl<R: BufRead> Lines<R> {
    fn new(reader: R, max: usize) -> Self {
        Lines {
            reader,
            max,
            pending: VecDeque::new(),
            number: 0,
            started: false,
        }
    }

    /// Puts lines back, to be returned again, in order, by `next`.
    fn push_back(&mut self, lines: Vec<(u64, Line)>) {
        for l in lines.into_iter().rev() {
            self.pending.push_front(l);
        }
    }

    /// The next line and its number, or `None` at the end of input.
    fn next(&mut self) -> io::Result<Option<(u64, Line)>> {
        if let Some((n, l)) = self.pending.pop_front() {
            self.number = n;
            return Ok(Some((n, l)));
        }
        let mut out = Vec::new();
        let mut total = 0u64;
        let mut overflow = false;
        let mut any = false;
        // Terminator length of the line, tracked for over-long lines whose
        // bytes are not kept.
        let (mut last_cr, mut term) = (false, 0u64);
        loop {
            let buf = match self.reader.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if buf.is_empty() {
                break;
            }
            any = true;
            let (take, end) = match memchr::memchr(b'\n', buf) {
                Some(i) => (i + 1, true),
                None => (buf.len(), false),
            };
            total += take as u64;
            if end {
                let cr = if take >= 2 {
                    buf[take - 2] == b'\r'
                } else {
                    last_cr
                };
                term = if cr { 2 } else { 1 };
            } else {
                last_cr = buf[take - 1] == b'\r';
            }
            if !overflow {
                // Keep up to max + 2 bytes: room for a `\r\n` terminator.
                if out.len() + take <= self.max + 2 {
                    out.extend_from_slice(&buf[..take]);
                } else {
                    overflow = true;
                    out.clear();
                    out.shrink_to_fit();
                }
            }
            self.reader.consume(take);
            if end {
                break;
            }
        }
        if !any {
            return Ok(None);
        }
        self.number += 1;
        if !self.started {
            self.started = true;
            if out.starts_with(b"\xEF\xBB\xBF") {
                out.drain(..3);
                total -= 3;
            }
        }
        let content = if overflow {
            total - term
        } else {
            (out.len() - terminator_len(&out)) as u64
        };
        if overflow || content > self.max as u64 {
            return Ok(Some((self.number, Line::TooLong(content))));
        }
        Ok(Some((self.number, Line::Text(out))))
    }
}

fn terminator_len(line: &[u8]) -> usize {
    if line.ends_with(b"\r\n") {
        2
    } else if line.ends_with(b"\n") {
        1
    } else {
        0
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum State {
    StartField,
    InField,
    InQuoted,
    QuoteInQuoted,
}

/// What reading one CSV record gave.
enum Record {
    /// Fields are in `CsvRows::fields`/`ends`; the record starts on this line.
    Fields(u64),
    /// A row that cannot be read, with the line it starts on.
    Bad(u64, String),
    Eof,
}

/// Rows of a delimited file with a header.
struct CsvRows<R: BufRead> {
    lines: Lines<R>,
    delimiter: u8,
    quote: Option<u8>,
    encoding: Encoding,
    max: usize,
    /// Number of header fields (None while reading the header).
    header_len: Option<usize>,
    /// Unescaped field bytes of the current record.
    fields: Vec<u8>,
    /// End offset in `fields` of each field.
    ends: Vec<usize>,
    description: Vec<(usize, String)>,
    hs: Option<(usize, String)>,
    id: Option<(usize, String)>,
    scheme: Option<(usize, String)>,
    default_scheme: Option<String>,
    number: u64,
    done: bool,
}

impl<R: BufRead> CsvRows<R> {
    fn new(
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
            default_scheme: columns.default_scheme.clone(),
            number: 0,
            done: false,
        };
        let names: Vec<String> = match rows.record().context("cannot read the header row")? {
            Record::Eof => {
                // An empty file: no header, no rows.
                rows.done = true;
                return Ok(rows);
            }
            Record::Bad(line, e) => bail!("cannot read the header row (line {line}): {e}"),
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
        Ok(rows)
    }

    fn field_bytes(&self, i: usize) -> &[u8] {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.fields[start..self.ends[i]]
    }

    /// Scans one line's content (without terminator) from `state`.
    fn scan(&mut self, content: &[u8], mut state: State) -> State {
        let (d, q) = (self.delimiter, self.quote);
        for &b in content {
            state = match state {
                State::StartField if Some(b) == q => State::InQuoted,
                State::StartField | State::InField if b == d => {
                    self.ends.push(self.fields.len());
                    State::StartField
                }
                State::StartField | State::InField => {
                    self.fields.push(b);
                    State::InField
                }
                State::InQuoted if Some(b) == q => State::QuoteInQuoted,
                State::InQuoted => {
                    self.fields.push(b);
                    State::InQuoted
                }
                State::QuoteInQuoted if Some(b) == q => {
                    self.fields.push(b);
                    State::InQuoted
                }
                State::QuoteInQuoted if b == d => {
                    self.ends.push(self.fields.len());
                    State::StartField
                }
                State::QuoteInQuoted => {
                    self.fields.push(b);
                    State::InField
                }
            };
        }
        state
    }

    /// Reads the next record, skipping blank lines.
    fn record(&mut self) -> io::Result<Record> {
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
                continue; // a blank line
            }
            let mut state = self.scan(&first[..first.len() - term], State::StartField);
            if state != State::InQuoted {
                self.ends.push(self.fields.len());
                return Ok(Record::Fields(first_no));
            }
            // A quoted field goes on over the line end.
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
            let why = if closed {
                format!(
                    "the quoted field opened on line {first_no} closes on line {} but leaves a row of {} fields, not {}",
                    self.lines.number,
                    self.ends.len(),
                    self.header_len.unwrap_or(0)
                )
            } else if size > self.max || used.iter().any(|(_, l)| matches!(l, Line::TooLong(_))) {
                format!(
                    "the quoted field opened on line {first_no} runs past --max-row-bytes {}",
                    self.max
                )
            } else {
                format!("the quoted field opened on line {first_no} never closes")
            };
            let next = first_no + 1;
            // The fields completed before the quote opened, for the row's id.
            self.fields.clear();
            self.ends.clear();
            self.scan(&first[..first.len() - term], State::StartField);
            self.lines.push_back(used);
            self.lines.number = first_no;
            return Ok(Record::Bad(
                first_no,
                format!(
                    "unbalanced quote: {why}; line {first_no} is taken as this row alone and reading resumes on line {next}"
                ),
            ));
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

    fn row(&self, line: u64) -> Row {
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
        let parts: Vec<String> = self.description.iter().filter_map(&mut take).collect();
        row.description = parts.join(" ");
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

/// Rows of a JSON-lines file. Blank lines are skipped.
struct JsonlRows<R: BufRead> {
    lines: Lines<R>,
    columns: Columns,
    encoding: Encoding,
    number: u64,
    done: bool,
}

impl<R: BufRead> JsonlRows<R> {
    fn new(lines: Lines<R>, columns: Columns, encoding: Encoding) -> Self {
        JsonlRows {
            lines,
            columns,
            encoding,
            number: 0,
            done: false,
        }
    }

    fn row(&self, line_no: u64, line: &[u8]) -> Row {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(input: &[u8], max: usize, enc: Encoding) -> Vec<(u64, String, Option<String>)> {
        let lines = Lines::new(io::Cursor::new(input.to_vec()), max);
        let cols = Columns {
            description: vec!["description".into()],
            hs: Some("hs_code".into()),
            hs_explicit: false,
            id: "id".into(),
            scheme: "scheme".into(),
            default_scheme: None,
        };
        CsvRows::new(lines, None, Some(b'"'), cols, enc)
            .unwrap()
            .map(|r| {
                let r = r.unwrap();
                (r.number, r.description, r.error)
            })
            .collect()
    }

    #[test]
    fn detects_delimiters() {
        assert_eq!(
            detect_delimiter(b"id;description;hs_code\n", Some(b'"')),
            b';'
        );
        assert_eq!(detect_delimiter(b"id\tdescription\n", Some(b'"')), b'\t');
        assert_eq!(detect_delimiter(b"id|description\n", Some(b'"')), b'|');
        assert_eq!(detect_delimiter(b"description\n", Some(b'"')), b',');
        assert_eq!(detect_delimiter(b"\"a;b\",c\n", Some(b'"')), b',');
    }

    #[test]
    fn multi_line_quoted_field_is_one_row() {
        let r = rows(
            b"id,description\n1,\"two\nlines\"\n2,x\n",
            100,
            Encoding::Utf8,
        );
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].1, "two\nlines");
        assert_eq!(r[1].1, "x");
    }

    #[test]
    fn unbalanced_quote_costs_one_row() {
        let r = rows(
            b"id,description\n1,\"open\n2,fine\n3,also fine\n",
            100,
            Encoding::Utf8,
        );
        assert_eq!(r.len(), 3, "{r:?}");
        assert!(r[0].2.as_deref().unwrap().starts_with("unbalanced quote"));
        assert_eq!(r[1].1, "fine");
        assert_eq!(r[2].1, "also fine");
        // A quote that closes later but leaves a row of the wrong width.
        let r = rows(
            b"id,description,hs_code\n1,\"open,8505\n2,fine\",x,y,z\n3,ok,1\n",
            100,
            Encoding::Utf8,
        );
        assert_eq!(r.len(), 3, "{r:?}");
        assert!(
            r[0].2
                .as_deref()
                .unwrap()
                .contains("leaves a row of 5 fields, not 3")
        );
        assert!(r[1].2.as_deref().unwrap().contains("has 5 fields"));
        assert_eq!(r[2].1, "ok");
    }

    #[test]
    fn long_lines_are_error_rows() {
        let r = rows(
            b"id,description\n1,short\n2,this one is long\n3,ok\n",
            16,
            Encoding::Utf8,
        );
        assert_eq!(r.len(), 3);
        assert_eq!(r[0].1, "short");
        assert_eq!(
            r[1].2.as_deref(),
            Some("line 3 is 18 bytes long, more than --max-row-bytes 16; skipped")
        );
        assert_eq!(r[2].1, "ok");
    }

    #[test]
    fn encodings() {
        assert_eq!(
            Encoding::Windows1252.decode(b"caf\xe9 \x93x\x94").unwrap(),
            "café “x”"
        );
        assert_eq!(Encoding::Latin1.decode(b"caf\xe9").unwrap(), "café");
        let e = Encoding::Latin1.decode(b"\x93x").unwrap_err();
        assert_eq!((e.what.as_str(), e.at), ("Latin-1 control code 0x93", 0));
        let e = Encoding::Windows1252.decode("café".as_bytes()).unwrap_err();
        assert_eq!(
            (e.what.as_str(), e.at),
            ("UTF-8 text, not Windows-1252,", 3)
        );
        let e = Encoding::Windows1252.decode(b"a\x81").unwrap_err();
        assert_eq!(e.what, "byte 0x81, undefined in Windows-1252,");
        let e = Encoding::Utf8.decode(b"caf\xe9").unwrap_err();
        assert_eq!((e.what.as_str(), e.at), ("invalid UTF-8", 3));
    }

    /// All fields of all records, as our reader splits them.
    fn our_fields(input: &[u8], cols: usize) -> Vec<Vec<String>> {
        let lines = Lines::new(io::Cursor::new(input.to_vec()), 1 << 20);
        let columns = Columns {
            description: vec!["c0".into()],
            hs: None,
            hs_explicit: false,
            id: "id".into(),
            scheme: "scheme".into(),
            default_scheme: None,
        };
        let mut r = CsvRows::new(lines, Some(b','), Some(b'"'), columns, Encoding::Utf8).unwrap();
        assert_eq!(r.header_len, Some(cols));
        let mut out = Vec::new();
        loop {
            match r.record().unwrap() {
                Record::Eof => return out,
                Record::Bad(line, e) => panic!("line {line}: {e}"),
                Record::Fields(_) => out.push(
                    (0..r.ends.len())
                        .map(|i| String::from_utf8(r.field_bytes(i).to_vec()).unwrap())
                        .collect(),
                ),
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 300, ..Default::default() })]

        /// On well-formed CSV (any mix of delimiters, quotes, line breaks,
        /// CJK inside quoted fields; LF or CRLF) our reader splits exactly
        /// as the `csv` crate does.
        #[test]
        fn splits_like_the_csv_crate(
            cols in 1usize..5,
            rows in proptest::collection::vec(
                proptest::collection::vec(
                    proptest::collection::vec(
                        proptest::sample::select(vec!["a", "b c", ",", "\"", "\n", "\r\n", " ", "日本", ";", "\t"]),
                        0..4,
                    ),
                    4,
                ),
                0..8,
            ),
            crlf in proptest::bool::ANY,
            quote_all in proptest::bool::ANY,
        ) {
            let term = if crlf { "\r\n" } else { "\n" };
            let mut text = (0..cols).map(|i| format!("c{i}")).collect::<Vec<_>>().join(",");
            text.push_str(term);
            for row in &rows {
                let fields: Vec<String> = row[..cols]
                    .iter()
                    .map(|parts| {
                        let f = parts.concat();
                        if quote_all || f.contains([',', '"', '\n', '\r']) {
                            format!("\"{}\"", f.replace('"', "\"\""))
                        } else {
                            f
                        }
                    })
                    .collect();
                text.push_str(&fields.join(","));
                text.push_str(term);
            }
            let theirs: Vec<Vec<String>> = csv::ReaderBuilder::new()
                .from_reader(text.as_bytes())
                .records()
                .map(|r| r.unwrap().iter().map(str::to_string).collect())
                .collect();
            proptest::prop_assert_eq!(our_fields(text.as_bytes(), cols), theirs);
        }
    }
}
