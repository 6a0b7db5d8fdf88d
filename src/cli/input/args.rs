//! The command-line flags that say how to read a catalog (`InputArgs`,
//! shared by `screen` and `diff`).

use super::encoding::Encoding;
use clap::{Args, ValueEnum};

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

/// Default for `--max-row-bytes`.
pub const DEFAULT_MAX_ROW_BYTES: usize = 16 << 20;
/// Largest `--max-row-bytes` accepted (1 GiB): a row is held in memory
/// whole, and sizes near `usize::MAX` would overflow the reader's sums.
pub const MAX_MAX_ROW_BYTES: usize = 1 << 30;

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
    #[arg(
        long,
        value_name = "N",
        default_value_t = DEFAULT_MAX_ROW_BYTES,
        value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=MAX_MAX_ROW_BYTES as u64)
    )]
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
