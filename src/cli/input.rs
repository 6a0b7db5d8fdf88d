//! Reading catalog rows from CSV, TSV and JSONL, plain or gzip-compressed.
//!
//! A row that cannot be read (bad UTF-8, missing description, malformed
//! JSON) is still a [`Row`], with `error` set: nothing is dropped.

use anyhow::{Context, Result, bail};
use clap::{Args, ValueEnum};
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

/// Input format.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Comma-separated values with a header row.
    Csv,
    /// Tab-separated values with a header row.
    Tsv,
    /// One JSON object per line.
    Jsonl,
}

/// How to read the input.
#[derive(Args, Debug, Clone)]
pub struct InputArgs {
    /// Input format; default from the file extension (.csv, .tsv, .jsonl,
    /// .ndjson, optionally .gz), else sniffed from the first byte.
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Field delimiter for CSV (one ASCII character, `\t` for tab).
    #[arg(long, value_name = "CHAR")]
    pub delimiter: Option<String>,
    /// Column (or JSON key) with the description; repeat to join several.
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

/// Opens `path` (or stdin for `-`) as a stream of rows.
pub fn open(path: &Path, args: &InputArgs) -> Result<Box<dyn Iterator<Item = Result<Row>> + Send>> {
    let name = path.to_string_lossy().to_string();
    let (raw, gz): (Box<dyn Read + Send>, bool) = if name == "-" {
        (Box::new(io::stdin()), false)
    } else {
        let f = File::open(path).with_context(|| format!("cannot open {name}"))?;
        (Box::new(f), name.ends_with(".gz"))
    };
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
            let first = buf.iter().find(|b| !b.is_ascii_whitespace());
            if first == Some(&b'{') {
                Format::Jsonl
            } else {
                Format::Csv
            }
        }
    };
    let columns = Columns::from_args(args);
    Ok(match format {
        Format::Jsonl => Box::new(JsonlRows::new(reader, columns)),
        Format::Csv | Format::Tsv => {
            let delimiter = match (&args.delimiter, format) {
                (Some(d), _) => parse_delimiter(d)?,
                (None, Format::Tsv) => b'\t',
                (None, _) => b',',
            };
            Box::new(CsvRows::new(reader, delimiter, columns)?)
        }
    })
}

fn parse_delimiter(d: &str) -> Result<u8> {
    match d {
        "\\t" | "tab" | "\t" => Ok(b'\t'),
        d if d.len() == 1 && d.is_ascii() => Ok(d.as_bytes()[0]),
        _ => bail!("--delimiter must be one ASCII character or `\\t`, not `{d}`"),
    }
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

/// Rows of a delimited file with a header.
struct CsvRows<R: Read> {
    reader: csv::Reader<R>,
    record: csv::ByteRecord,
    description: Vec<(usize, String)>,
    hs: Option<(usize, String)>,
    id: Option<(usize, String)>,
    scheme: Option<(usize, String)>,
    default_scheme: Option<String>,
    number: u64,
    done: bool,
}

impl<R: Read> CsvRows<R> {
    fn new(reader: R, delimiter: u8, columns: Columns) -> Result<Self> {
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .has_headers(true)
            .from_reader(reader);
        let header = reader
            .byte_headers()
            .context("cannot read the header row")?
            .clone();
        let names: Vec<String> = header
            .iter()
            .map(|h| String::from_utf8_lossy(h).trim().to_string())
            .collect();
        if names.iter().all(|n| n.is_empty()) {
            // An empty file (or a blank first line): no header, no rows.
            return Ok(CsvRows {
                reader,
                record: csv::ByteRecord::new(),
                description: Vec::new(),
                hs: None,
                id: None,
                scheme: None,
                default_scheme: None,
                number: 0,
                done: true,
            });
        }
        let find = |want: &str| {
            names
                .iter()
                .position(|n| n.eq_ignore_ascii_case(want))
                .map(|i| (i, want.to_string()))
        };
        let mut description = Vec::new();
        for d in &columns.description {
            match find(d) {
                Some(c) => description.push(c),
                None => bail!(
                    "the header has no column `{d}` (columns: {}); name the description column with --description-col",
                    names.join(", ")
                ),
            }
        }
        let hs = columns.hs.as_deref().and_then(find);
        if hs.is_none() && columns.hs_explicit {
            bail!(
                "the header has no column `{}` (columns: {})",
                columns.hs.unwrap_or_default(),
                names.join(", ")
            );
        }
        Ok(CsvRows {
            reader,
            record: csv::ByteRecord::new(),
            description,
            hs,
            id: find(&columns.id),
            scheme: find(&columns.scheme),
            default_scheme: columns.default_scheme,
            number: 0,
            done: false,
        })
    }

    fn field(&self, col: &(usize, String)) -> Result<Option<String>, String> {
        match self.record.get(col.0) {
            None => Ok(None),
            Some(b) => match std::str::from_utf8(b) {
                Ok(s) => Ok(Some(s.to_string())),
                Err(e) => Err(format!(
                    "invalid UTF-8 in column `{}` at byte {}; is the file Windows-1252 or Latin-1?",
                    col.1,
                    e.valid_up_to()
                )),
            },
        }
    }

    fn row(&self) -> Row {
        let mut row = Row {
            number: self.number,
            ..Row::default()
        };
        let mut errors = Vec::new();
        let mut take = |col: &Option<(usize, String)>| -> Option<String> {
            let col = col.as_ref()?;
            match self.field(col) {
                Ok(v) => v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty()),
                Err(e) => {
                    errors.push(e);
                    None
                }
            }
        };
        row.id = take(&self.id);
        row.hs = take(&self.hs);
        row.scheme = take(&self.scheme).or_else(|| self.default_scheme.clone());
        let parts: Vec<String> = self
            .description
            .iter()
            .filter_map(|c| take(&Some(c.clone())))
            .collect();
        row.description = parts.join(" ");
        if let Some(e) = errors.into_iter().next() {
            row.error = Some(e);
        } else if row.description.trim().is_empty() {
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

impl<R: Read> Iterator for CsvRows<R> {
    type Item = Result<Row>;
    fn next(&mut self) -> Option<Result<Row>> {
        if self.done {
            return None;
        }
        let mut record = std::mem::take(&mut self.record);
        let r = self.reader.read_byte_record(&mut record);
        self.record = record;
        match r {
            Ok(false) => {
                self.done = true;
                None
            }
            Ok(true) => {
                self.number += 1;
                Some(Ok(self.row()))
            }
            Err(e) => match e.kind() {
                csv::ErrorKind::Io(_) => {
                    self.done = true;
                    Some(Err(anyhow::Error::new(e).context("cannot read input")))
                }
                _ => {
                    self.number += 1;
                    Some(Ok(Row {
                        number: self.number,
                        error: Some(format!("malformed CSV: {e}")),
                        ..Row::default()
                    }))
                }
            },
        }
    }
}

/// Rows of a JSON-lines file. Blank lines are skipped.
struct JsonlRows<R: BufRead> {
    reader: R,
    columns: Columns,
    line: Vec<u8>,
    number: u64,
    done: bool,
}

impl<R: BufRead> JsonlRows<R> {
    fn new(reader: R, columns: Columns) -> Self {
        JsonlRows {
            reader,
            columns,
            line: Vec::new(),
            number: 0,
            done: false,
        }
    }

    fn row(&self, line: &[u8]) -> Row {
        let mut row = Row {
            number: self.number,
            ..Row::default()
        };
        let value: serde_json::Value = match serde_json::from_slice(line) {
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
            self.line.clear();
            match self.reader.read_until(b'\n', &mut self.line) {
                Ok(0) => self.done = true,
                Ok(_) => {
                    let mut line = trim_ascii(&self.line);
                    if self.number == 0 {
                        line = line
                            .strip_prefix(b"\xEF\xBB\xBF".as_slice())
                            .unwrap_or(line);
                    }
                    if line.is_empty() {
                        continue;
                    }
                    self.number += 1;
                    return Some(Ok(self.row(line)));
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

fn trim_ascii(b: &[u8]) -> &[u8] {
    let start = b
        .iter()
        .position(|c| !c.is_ascii_whitespace())
        .unwrap_or(b.len());
    let end = b
        .iter()
        .rposition(|c| !c.is_ascii_whitespace())
        .map_or(start, |e| e + 1);
    &b[start..end.max(start)]
}
