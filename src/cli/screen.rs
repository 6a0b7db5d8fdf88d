//! `dualuse screen`: classify every row of a catalog, streaming and in
//! parallel, writing one record per input row in input order.

use super::input::{self, InputArgs, Row};
use super::{ConfidenceArg, EXIT_FAILURES, EXIT_OK, RuleArgs, parse_regime};
use anyhow::{Context, Result};
use clap::Args;
use dualuse::output::Record;
use dualuse::{Confidence, Item, Matcher, NaiveDate, Regime};
use rayon::prelude::*;
use std::io::{self, Write};
use std::path::PathBuf;
use std::sync::mpsc;

#[derive(Args, Debug)]
pub struct ScreenArgs {
    #[command(flatten)]
    pub rules: RuleArgs,
    #[command(flatten)]
    pub input: InputArgs,
    /// Classify as of this date (YYYY-MM-DD); default today.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<NaiveDate>,
    /// Drop hits below this confidence.
    #[arg(long, value_enum, value_name = "C")]
    pub min_confidence: Option<ConfidenceArg>,
    /// Keep only hits of these regimes (repeatable).
    #[arg(long, value_parser = parse_regime, value_name = "REGIME")]
    pub regime: Vec<Regime>,
    /// Write only rows with hits or errors.
    #[arg(long)]
    pub hits_only: bool,
    /// Exit with status 1 if any row has a hit (after filters).
    #[arg(long)]
    pub fail_on_hit: bool,
    /// Worker threads [default: all cores].
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Rows per batch handed to the workers.
    #[arg(long, value_name = "N", default_value_t = 2048, hide = true)]
    pub batch_size: usize,
    /// The catalog to screen (`-` for standard input).
    pub file: PathBuf,
}

/// Filters applied to hits before output.
#[derive(Debug, Clone)]
pub struct Filters {
    pub min_confidence: Option<Confidence>,
    pub regimes: Vec<Regime>,
}

impl Filters {
    pub fn keep(&self, hit: &dualuse::Hit<'_>) -> bool {
        self.min_confidence.is_none_or(|m| hit.confidence >= m)
            && (self.regimes.is_empty() || self.regimes.contains(&hit.ruleset.regime))
    }
}

/// Classifies one row and serializes its record as one JSON line into `out`.
/// Returns whether the record has hits.
pub fn screen_row(
    matcher: &Matcher,
    row: &Row,
    as_of: NaiveDate,
    filters: &Filters,
    out: &mut Vec<u8>,
) -> bool {
    let record_hits;
    let result = if let Some(error) = &row.error {
        record_hits = false;
        serde_json::to_writer(
            &mut *out,
            &Record::error(
                row.number,
                row.id.as_deref(),
                error.clone(),
                matcher.fingerprint(),
            ),
        )
    } else {
        let mut item = Item::new(&row.description).as_of(as_of);
        if let Some(hs) = &row.hs {
            item = item.hs(hs);
        }
        if let Some(scheme) = &row.scheme {
            item = item.scheme(scheme);
        }
        let mut c = matcher.classify(&item);
        c.hits.retain(|h| filters.keep(h));
        record_hits = !c.hits.is_empty();
        serde_json::to_writer(&mut *out, &Record::new(row.number, row.id.as_deref(), &c))
    };
    // Serializing to a Vec only fails on non-string map keys, which records do not have.
    debug_assert!(result.is_ok());
    out.push(b'\n');
    record_hits
}

/// Reads batches of rows on a separate thread; bounded to a few batches in
/// flight so memory stays flat whatever the input size.
pub fn batches(
    rows: Box<dyn Iterator<Item = Result<Row>> + Send>,
    batch_size: usize,
) -> mpsc::Receiver<Result<Vec<Row>>> {
    let (tx, rx) = mpsc::sync_channel::<Result<Vec<Row>>>(2);
    std::thread::spawn(move || {
        let mut batch = Vec::with_capacity(batch_size);
        for row in rows {
            match row {
                Ok(r) => {
                    batch.push(r);
                    if batch.len() >= batch_size
                        && tx
                            .send(Ok(std::mem::replace(
                                &mut batch,
                                Vec::with_capacity(batch_size),
                            )))
                            .is_err()
                    {
                        return;
                    }
                }
                Err(e) => {
                    let _ = tx.send(Ok(std::mem::take(&mut batch)));
                    let _ = tx.send(Err(e));
                    return;
                }
            }
        }
        if !batch.is_empty() {
            let _ = tx.send(Ok(batch));
        }
    });
    rx
}

/// Builds the worker pool.
pub fn pool(threads: Option<usize>) -> Result<rayon::ThreadPool> {
    let mut b = rayon::ThreadPoolBuilder::new();
    if let Some(n) = threads {
        b = b.num_threads(n.max(1));
    }
    b.build().context("cannot start worker threads")
}

pub fn run(a: &ScreenArgs) -> Result<i32> {
    let matcher = a.rules.matcher()?;
    let as_of = a.as_of.unwrap_or_else(dualuse::today);
    warn_stale(&matcher, as_of);
    let filters = Filters {
        min_confidence: a.min_confidence.map(Into::into),
        regimes: a.regime.clone(),
    };
    let rows = input::open(&a.file, &a.input)?;
    let pool = pool(a.threads)?;
    let stdout = io::stdout();
    let mut out = io::BufWriter::with_capacity(1 << 20, stdout.lock());
    let mut any_hit = false;
    let (mut rows_in, mut rows_out) = (0u64, 0u64);
    for batch in batches(rows, a.batch_size.max(1)) {
        let batch = batch?;
        let results: Vec<(bool, Vec<u8>)> = pool.install(|| {
            batch
                .par_iter()
                .map(|row| {
                    let mut buf = Vec::with_capacity(256);
                    let hit = screen_row(&matcher, row, as_of, &filters, &mut buf);
                    (hit, buf)
                })
                .collect()
        });
        for (row, (hit, buf)) in batch.iter().zip(&results) {
            rows_in += 1;
            any_hit |= hit;
            if a.hits_only && !hit && row.error.is_none() {
                continue;
            }
            out.write_all(buf).context("cannot write output")?;
            rows_out += 1;
        }
    }
    out.flush().context("cannot write output")?;
    let _ = rows_out;
    let _ = rows_in;
    Ok(if a.fail_on_hit && any_hit {
        EXIT_FAILURES
    } else {
        EXIT_OK
    })
}

/// Warns on stderr about rule files not reviewed within a year of the as-of date.
pub fn warn_stale(matcher: &Matcher, as_of: NaiveDate) {
    for info in matcher.ruleset().infos() {
        let age = (as_of - info.reviewed).num_days();
        if age > 365 {
            eprintln!(
                "dualuse: warning: rule set `{}` was last reviewed on {} ({age} days before {as_of}); check it against {}",
                info.id, info.reviewed, info.source
            );
        }
    }
}

/// True if the error chain contains a broken pipe (the reader of stdout
/// went away, as with `| head`): not an error for a filter.
pub fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}
