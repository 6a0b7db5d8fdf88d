//! Reading catalog rows from CSV, TSV and JSONL, plain or gzip-compressed.
//!
//! A row that cannot be read (bad encoding, missing description, malformed
//! JSON, an over-long line, an unbalanced quote) is still a [`Row`], with
//! `error` set: nothing is dropped, and reading goes on with the next row.
//!
//! Lines end in `\n`, `\r\n` or a bare `\r` (classic Mac OS). CSV follows
//! RFC 4180 as the `csv` crate reads it: a field that starts with the quote
//! character is quoted, `""` inside it is one quote, and a quoted field may
//! span lines. Blank lines are not rows.
//!
//! The parts, by concept: [`args`] (the flags), [`encoding`] (bytes to
//! text), [`lines`] (bounded physical lines), [`csv`] (the CSV scanner and
//! its stray-quote recovery) and [`jsonl`].

use anyhow::{Context, Result, bail};
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

mod args;
mod csv;
mod encoding;
mod jsonl;
mod lines;
#[cfg(test)]
mod props;
mod sniff;
#[cfg(test)]
mod tests;

pub use args::{Format, InputArgs};
use csv::{CsvRows, parse_delimiter};
use jsonl::JsonlRows;
use lines::Lines;

/// One input row.
#[derive(Debug, Clone, Default)]
pub struct Row {
    /// Data row number, from 1.
    pub number: u64,
    pub id: Option<String>,
    pub description: String,
    pub hs: Option<String>,
    pub scheme: Option<String>,
    /// The order fields ([`ORDER_COLUMNS`], in that order), if the input
    /// has any of those columns (keys, in JSONL): then the record carries
    /// a verdict.
    pub order: Option<[Option<String>; 5]>,
    /// Why the row could not be read.
    pub error: Option<String>,
}

/// The order columns: destination, consignee, end user, end use, origin.
pub const ORDER_COLUMNS: [&str; 5] = dualuse::Order::FIELDS;

impl Row {
    /// The order of this row's item, if the input has order columns.
    pub fn order<'a>(&'a self, item: dualuse::Item<'a>) -> Option<dualuse::Order<'a>> {
        let fields = self.order.as_ref()?;
        Some(dualuse::Order::from_fields(
            item,
            fields.each_ref().map(Option::as_deref),
        ))
    }
}

/// The item to classify from a description and the optional customs code
/// and scheme: the one place the command line builds a [`dualuse::Item`]
/// (rows of `screen` and `diff` through [`Row::item`], and `explain`).
pub fn item<'a>(
    description: &'a str,
    hs: Option<&'a str>,
    scheme: Option<&'a str>,
    as_of: dualuse::NaiveDate,
) -> dualuse::Item<'a> {
    let mut item = dualuse::Item::new(description).as_of(as_of);
    if let Some(hs) = hs {
        item = item.hs(hs);
    }
    if let Some(scheme) = scheme {
        item = item.scheme(scheme);
    }
    item
}

impl Row {
    /// The row as an item to classify as of `as_of` (the one place that
    /// turns a row's optional fields into a [`dualuse::Item`]).
    pub fn item(&self, as_of: dualuse::NaiveDate) -> dualuse::Item<'_> {
        item(
            &self.description,
            self.hs.as_deref(),
            self.scheme.as_deref(),
            as_of,
        )
    }

    /// Asks the processor to bring the row's text into the cache, so that
    /// a worker screening a row a few rows before this one does not wait
    /// for it later. The reader thread wrote the text on another core, in
    /// one allocation per field, so each field is a cache miss the
    /// hardware prefetcher cannot predict; fetched ahead, those misses
    /// overlap with the screening of the rows before. 1,000,000 rows, one
    /// thread, medians of five runs: order lines (eight fields) 2.61 →
    /// 2.55 s, catalog rows (three) unchanged at 2.08 s. The first 256
    /// bytes of each field are fetched; beyond that the text is read in
    /// order, which the hardware prefetches itself.
    pub fn prefetch(&self) {
        #[cfg(target_arch = "x86_64")]
        {
            use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
            let fetch = |text: &str| {
                let bytes = text.as_bytes();
                for line in bytes.chunks(64).take(4) {
                    // SAFETY: a prefetch is a hint: it never faults, reads
                    // no value and changes nothing the program can
                    // observe, and `line` points into a live `str`.
                    unsafe { _mm_prefetch::<_MM_HINT_T0>(line.as_ptr().cast()) }
                }
            };
            fetch(&self.description);
            for text in [&self.id, &self.hs].into_iter().flatten() {
                fetch(text);
            }
            for text in self.order.iter().flatten().flatten() {
                fetch(text);
            }
        }
    }

    /// Bytes of text the row holds, for batching by size.
    pub fn text_len(&self) -> usize {
        let opt = |s: &Option<String>| s.as_ref().map_or(0, String::len);
        self.description.len()
            + opt(&self.id)
            + opt(&self.hs)
            + opt(&self.scheme)
            + opt(&self.error)
    }
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
///
/// A gzip file (by its `.gz` name or its magic bytes) is decompressed.
/// A regular gzip file is first checked whole: a damaged deflate stream
/// can decompress to garbage that only the checksum at the end of the
/// member reveals, and no garbage row may be screened as a normal record.
/// This costs one extra decompression pass (fast next to screening).
/// Standard input cannot be read twice: there the error comes when the
/// decompressor finds it, and the command exits 2.
pub fn open(path: &Path, args: &InputArgs) -> Result<Input> {
    let name = path.to_string_lossy().to_string();
    let bytes_read = Arc::new(AtomicU64::new(0));
    let (raw, size): (Box<dyn Read + Send>, Option<u64>) = if name == "-" {
        (Box::new(io::stdin()), None)
    } else {
        let mut f = File::open(path).with_context(|| format!("cannot open {name}"))?;
        let size = f.metadata().ok().filter(|m| m.is_file()).map(|m| m.len());
        if size.is_some() {
            let mut start = [0u8; 2];
            let n =
                read_up_to(&mut f, &mut start).with_context(|| format!("cannot read {name}"))?;
            if sniff::magic(&start[..n]) == Some(sniff::Magic::Gzip) {
                verify_gzip(&mut f).with_context(|| {
                    format!("{name} is a damaged gzip file; nothing was screened")
                })?;
            }
            f.seek(SeekFrom::Start(0))
                .with_context(|| format!("cannot read {name}"))?;
        }
        (Box::new(f), size)
    };
    let raw = Box::new(Counting {
        inner: raw,
        count: bytes_read.clone(),
    });
    let rows = rows(raw, &name, args)?;
    Ok(Input {
        rows,
        bytes_read,
        size,
    })
}

/// Reads into `buf` until it is full or the input ends; returns the length.
fn read_up_to(r: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

/// Decompresses a whole gzip file (every member), checking each member's
/// checksum and length, and keeps nothing. A file cut short passes: what
/// precedes the cut decompresses correctly, and reading it stops with an
/// error (exit 2) after the rows before the cut.
fn verify_gzip(f: &mut File) -> io::Result<()> {
    f.seek(SeekFrom::Start(0))?;
    let mut d = flate2::read::MultiGzDecoder::new(BufReader::with_capacity(1 << 16, &mut *f));
    match io::copy(&mut d, &mut io::sink()) {
        Err(e) if e.kind() != io::ErrorKind::UnexpectedEof => Err(e),
        _ => Ok(()),
    }
}

/// The rows of `raw` (named `name` for format detection and messages):
/// sniffed, decompressed if gzip, and split by the chosen format.
pub(super) fn rows(
    raw: Box<dyn Read + Send>,
    name: &str,
    args: &InputArgs,
) -> Result<Box<dyn Iterator<Item = Result<Row>> + Send>> {
    let mut raw = BufReader::with_capacity(1 << 20, raw);
    let start = raw
        .fill_buf()
        .with_context(|| format!("cannot read {name}"))?;
    let gz = match sniff::magic(start) {
        Some(sniff::Magic::Gzip) => true,
        Some(sniff::Magic::Unreadable(why)) => bail!("cannot read {name}: {why}"),
        None => name.ends_with(".gz"),
    };
    let mut reader: Box<dyn BufRead + Send> = if gz {
        Box::new(BufReader::with_capacity(
            1 << 20,
            flate2::bufread::MultiGzDecoder::new(raw),
        ))
    } else {
        Box::new(raw)
    };
    let start = reader
        .fill_buf()
        .with_context(|| format!("cannot read {name}"))?;
    sniff::check_text(start).map_err(|why| anyhow::anyhow!("cannot read {name}: {why}"))?;
    let stem = name
        .strip_suffix(".gz")
        .unwrap_or(name)
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
    if args.max_row_bytes == 0 || args.max_row_bytes > args::MAX_MAX_ROW_BYTES {
        bail!(
            "--max-row-bytes must be between 1 and {}",
            args::MAX_MAX_ROW_BYTES
        );
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
    Ok(rows)
}

/// Column names to read.
#[derive(Debug, Clone)]
pub(super) struct Columns {
    pub(super) description: Vec<String>,
    pub(super) hs: Option<String>,
    pub(super) hs_explicit: bool,
    pub(super) id: String,
    pub(super) scheme: String,
    pub(super) default_scheme: Option<String>,
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
