//! `dualuse screen`: classify every row of a catalog, streaming and in
//! parallel, writing one record per input row in input order.
//!
//! Nothing is lost: every row the reader produces is numbered, each number
//! is checked to arrive exactly once and in order, and the final count on
//! stderr says how many rows were read and written. If the counts disagree
//! the command fails (exit 2).

use super::human;
use super::input::{self, Input, InputArgs, Row};
use super::pipeline::{self, Ending, Limits, on_interrupt, pool};
use super::{ConfidenceArg, EXIT_FAILURES, EXIT_OK, RuleArgs, parse_regime};
use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use dualuse::output::Record;
use dualuse::{Confidence, Evidence, Matcher, NaiveDate, Regime, TermKind};
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::time::Instant;

/// Exit status after Ctrl-C (128 + SIGINT), as shells report it.
pub const EXIT_INTERRUPTED: i32 = 130;

/// Output format of `screen`.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    /// One JSON record per input row (the format of DESIGN.md).
    Jsonl,
    /// CSV with a header: one line per hit, one line for a row without hits.
    Csv,
    /// A table for people: one line per hit or unreadable row (the
    /// default when stdout is a terminal).
    Human,
}

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
    /// Exit with status 1 if any order line's verdict is at this level or
    /// more severe (prohibited, licence-risk-assessment, licence-required,
    /// review).
    #[arg(long, value_name = "LEVEL", value_parser = parse_level)]
    pub fail_on: Option<dualuse::Level>,
    /// How much each hit of a JSON record spells out: `full` (the record of
    /// DESIGN.md) or `ids` (rule, code, confidence, spans, HS prefix; the
    /// rest is in `dualuse rules --json`, keyed by the fingerprint).
    #[arg(long, value_enum, default_value = "full", value_name = "DETAIL")]
    pub detail: DetailArg,
    /// Party-list directory or file (repeatable); replaces the built-in
    /// lists for order lines.
    #[arg(long = "parties", value_name = "DIR")]
    pub parties: Vec<PathBuf>,
    /// Output format [default: human on a terminal, else jsonl].
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub output: Option<OutputFormat>,
    /// JSON lines even on a terminal (the same as `--output jsonl`).
    #[arg(long, conflicts_with = "output")]
    pub json: bool,
    /// Print counts per regime, control code and confidence, and error rows,
    /// on stderr at the end.
    #[arg(long)]
    pub summary: bool,
    /// Write the summary as JSON to this file.
    #[arg(long, value_name = "FILE")]
    pub summary_json: Option<PathBuf>,
    /// No progress bar and no final count line (warnings and errors still
    /// go to stderr).
    #[arg(long, short)]
    pub quiet: bool,
    /// Worker threads [default: all cores; at most 4 per core].
    #[arg(long, value_name = "N", value_parser = pipeline::parse_threads)]
    pub threads: Option<usize>,
    /// Rows per batch handed to the workers.
    #[arg(long, value_name = "N", default_value_t = pipeline::DEFAULT_BATCH_ROWS, hide = true, value_parser = pipeline::parse_batch_size)]
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

/// What screening one row gave, besides its output bytes.
#[derive(Debug, Default)]
pub struct Screened {
    /// The verdict's level, for an order line.
    pub level: Option<dualuse::Level>,
    pub hit: bool,
    pub error: Option<String>,
    /// (regime, control code or rule id, confidence) of each hit; filled
    /// only when a summary is wanted.
    pub hits: Vec<(&'static str, String, Confidence)>,
}

/// Classifies one row and serializes its output (one JSON line, or CSV
/// lines) into `out`.
/// `--detail`.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum DetailArg {
    /// Every field of every hit.
    Full,
    /// Ids, codes, spans and HS prefixes.
    Ids,
}

impl From<DetailArg> for dualuse::output::Detail {
    fn from(d: DetailArg) -> Self {
        match d {
            DetailArg::Full => dualuse::output::Detail::Full,
            DetailArg::Ids => dualuse::output::Detail::Ids,
        }
    }
}

/// Parses a verdict level for `--fail-on`.
fn parse_level(s: &str) -> Result<dualuse::Level, String> {
    dualuse::Level::parse(s).ok_or_else(|| {
        format!("unknown level `{s}`; expected prohibited, licence-risk-assessment, licence-required, review or clear")
    })
}

/// The order screener of `screen`: the party lists named on the command
/// line, or the built-in ones, with the built-in measures.
pub fn order_screener(paths: &[PathBuf]) -> Result<dualuse::OrderScreener> {
    let lists = if paths.is_empty() {
        dualuse::PartyLists::builtin()
    } else {
        paths
            .iter()
            .fold(dualuse::PartyLists::builder(), |b, p| b.add_path(p))
            .build()
    }
    .context("cannot load party lists")?;
    let measures = dualuse::Measures::builtin().context("cannot load the built-in measures")?;
    Ok(dualuse::OrderScreener::new(lists, measures))
}

/// How many rows ahead of the one it screens a worker prefetches a row's
/// text ([`Row::prefetch`]): far enough for the fetch to finish (a row
/// takes a few microseconds), near enough for the text to stay in cache.
const PREFETCH_AHEAD: usize = 4;

#[allow(clippy::too_many_arguments)]
pub fn screen_row(
    matcher: &Matcher,
    screener: Option<&dualuse::OrderScreener>,
    row: &Row,
    as_of: NaiveDate,
    filters: &Filters,
    format: OutputFormat,
    detail: DetailArg,
    summary: bool,
    out: &mut Vec<u8>,
) -> Screened {
    let fp = matcher.fingerprint();
    if let Some(error) = &row.error {
        match format {
            OutputFormat::Jsonl => {
                Record::error(row.number, row.id.as_deref(), error.clone(), fp).write_json(out);
                out.push(b'\n');
            }
            OutputFormat::Csv => {
                csv_line(out, &csv_fields(row, &[""; 9], Some(error), fp));
            }
            OutputFormat::Human => human::error_line(out, row, error),
        }
        return Screened {
            error: Some(error.clone()),
            ..Screened::default()
        };
    }
    let item = row.item(as_of);
    let mut c = matcher.classify(&item);
    // The verdict weighs every hit; the filters only choose what is shown.
    let verdict = screener
        .zip(row.order(item))
        .map(|(s, o)| s.verdict(&o, &c, as_of));
    c.hits.retain(|h| filters.keep(h));
    match format {
        OutputFormat::Jsonl => {
            let mut rec = Record::new(row.number, row.id.as_deref(), &c).with_detail(detail.into());
            if let (Some(v), Some(s)) = (&verdict, screener) {
                rec = rec.with_verdict(v, s.parties().fingerprint());
            }
            rec.write_json(out);
            out.push(b'\n');
        }
        OutputFormat::Csv => write_csv_hits(out, row, &c, fp),
        OutputFormat::Human => {
            human::hit_lines(out, row, &c);
            if let Some(v) = &verdict {
                human::verdict_line(out, row, v);
            }
        }
    }
    Screened {
        level: verdict.as_ref().map(|v| v.level),
        hit: !c.hits.is_empty(),
        error: c.warning.clone(),
        hits: if summary {
            c.hits
                .iter()
                .map(|h| {
                    (
                        h.ruleset.regime.as_str(),
                        h.rule
                            .control_code
                            .clone()
                            .unwrap_or_else(|| h.rule.id.clone()),
                        h.confidence,
                    )
                })
                .collect()
        } else {
            Vec::new()
        },
    }
}

/// Columns of `--output csv`.
pub const CSV_HEADER: &str = "row,id,rule,ruleset,regime,control_code,category,confidence,hs_prefix,hs_relation,terms,error,fingerprint\n";

fn csv_fields<'a>(
    row: &'a Row,
    hit: &[&'a str; 9],
    error: Option<&'a str>,
    fp: &'a str,
) -> [std::borrow::Cow<'a, str>; 13] {
    let mut f: [std::borrow::Cow<'a, str>; 13] = Default::default();
    f[0] = row.number.to_string().into();
    f[1] = row.id.as_deref().unwrap_or("").into();
    for (i, v) in hit.iter().enumerate() {
        f[2 + i] = (*v).into();
    }
    f[11] = error.unwrap_or("").into();
    f[12] = fp.into();
    f
}

fn write_csv_hits(out: &mut Vec<u8>, row: &Row, c: &dualuse::Classification<'_>, fp: &str) {
    let error = c.warning.as_deref();
    if c.hits.is_empty() {
        csv_line(out, &csv_fields(row, &[""; 9], error, fp));
        return;
    }
    for h in &c.hits {
        let mut prefixes = Vec::new();
        let mut relations = Vec::new();
        let mut terms: Vec<&str> = Vec::new();
        for e in &h.evidence {
            match e {
                Evidence::Term {
                    kind: TermKind::Term,
                    term,
                    ..
                } => terms.push(term),
                Evidence::Pattern { start, end, .. } => {
                    terms.push(row.description.get(*start..*end).unwrap_or(""))
                }
                // As for terms, the number as the rule lists it.
                Evidence::Cas { cas, .. } => terms.push(cas),
                Evidence::Hs {
                    prefix, relation, ..
                } => {
                    prefixes.push(prefix.to_string());
                    relations.push(relation.as_str());
                }
                Evidence::Term { .. } => {}
                other => {
                    if let Some(w) = other.span().and_then(|s| row.description.get(s)) {
                        terms.push(w);
                    }
                }
            }
        }
        terms.dedup();
        let prefixes = prefixes.join("; ");
        let relations = relations.join("; ");
        let terms = terms.join("; ");
        let fields = [
            h.rule.id.as_str(),
            h.ruleset.id.as_str(),
            h.ruleset.regime.as_str(),
            h.rule.control_code.as_deref().unwrap_or(""),
            h.rule.category.as_str(),
            h.confidence.as_str(),
            &prefixes,
            relations.as_str(),
            &terms,
        ];
        csv_line(out, &csv_fields(row, &fields, error, fp));
    }
}

/// Writes one CSV line; fields are quoted when they contain a comma, a
/// quote, a line break or leading/trailing space.
fn csv_line<S: AsRef<str>>(out: &mut Vec<u8>, fields: &[S]) {
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        let f = f.as_ref();
        let needs = f.is_empty()
            || f.bytes().any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r'))
            || f.starts_with(' ')
            || f.ends_with(' ');
        if f.is_empty() {
            continue;
        }
        if needs {
            out.push(b'"');
            for b in f.bytes() {
                if b == b'"' {
                    out.push(b'"');
                }
                out.push(b);
            }
            out.push(b'"');
        } else {
            out.extend_from_slice(f.as_bytes());
        }
    }
    out.push(b'\n');
}

/// Counts for `--summary` / `--summary-json`.
#[derive(Debug, Default, Serialize)]
pub struct Summary {
    pub rows: u64,
    pub records: u64,
    pub rows_with_hits: u64,
    pub error_rows: u64,
    pub hits: u64,
    /// Hits per regime.
    pub regimes: BTreeMap<String, u64>,
    /// Hits per "REGIME control-code" (the rule id where a rule has no code).
    pub control_codes: BTreeMap<String, u64>,
    /// Hits per confidence.
    pub confidence: BTreeMap<String, u64>,
    /// Rows with an error: row number and why, in row order (first 1000).
    pub errors: Vec<ErrorRow>,
    /// Error rows beyond those listed.
    pub errors_not_listed: u64,
    pub fingerprint: String,
    pub as_of: NaiveDate,
}

#[derive(Debug, Serialize)]
pub struct ErrorRow {
    pub row: u64,
    pub error: String,
}

const ERRORS_LISTED: usize = 1000;

impl Summary {
    fn add(&mut self, row: &Row, s: &Screened) {
        self.rows += 1;
        if s.hit {
            self.rows_with_hits += 1;
        }
        if let Some(e) = &s.error {
            self.error_rows += 1;
            if self.errors.len() < ERRORS_LISTED {
                self.errors.push(ErrorRow {
                    row: row.number,
                    error: e.clone(),
                });
            } else {
                self.errors_not_listed += 1;
            }
        }
        for (regime, code, conf) in &s.hits {
            self.hits += 1;
            *self.regimes.entry(regime.to_string()).or_default() += 1;
            *self
                .control_codes
                .entry(format!("{regime} {code}"))
                .or_default() += 1;
            *self
                .confidence
                .entry(conf.as_str().to_string())
                .or_default() += 1;
        }
    }

    fn print(&self, w: &mut dyn Write) -> io::Result<()> {
        writeln!(w, "summary: {} hits", self.hits)?;
        let section = |w: &mut dyn Write, name: &str, m: &BTreeMap<String, u64>| {
            writeln!(w, "  by {name}:")?;
            if m.is_empty() {
                writeln!(w, "    (none)")?;
            }
            for (k, v) in m {
                writeln!(w, "    {v:>8}  {k}")?;
            }
            Ok::<_, io::Error>(())
        };
        section(w, "regime", &self.regimes)?;
        section(w, "control code", &self.control_codes)?;
        section(w, "confidence", &self.confidence)?;
        writeln!(w, "  error rows: {}", self.error_rows)?;
        for e in &self.errors {
            writeln!(w, "    row {}: {}", e.row, e.error)?;
        }
        if self.errors_not_listed > 0 {
            writeln!(w, "    … and {} more", self.errors_not_listed)?;
        }
        Ok(())
    }
}

/// The progress bar: shown only when stderr is a terminal and not --quiet.
fn progress(input: &Input, quiet: bool) -> Option<indicatif::ProgressBar> {
    if quiet || !io::stderr().is_terminal() {
        return None;
    }
    let bar = match input.size {
        Some(size) => indicatif::ProgressBar::new(size).with_style(
            indicatif::ProgressStyle::with_template(
                "{wide_bar} {bytes}/{total_bytes} {binary_bytes_per_sec} ETA {eta} {msg}",
            )
            .ok()?,
        ),
        None => indicatif::ProgressBar::new_spinner().with_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} {bytes} {binary_bytes_per_sec} {msg}",
            )
            .ok()?,
        ),
    };
    bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
    Some(bar)
}

fn rate(rows: u64, since: Instant) -> u64 {
    let secs = since.elapsed().as_secs_f64();
    if secs > 0.0 {
        (rows as f64 / secs) as u64
    } else {
        0
    }
}

pub fn run(a: &ScreenArgs) -> Result<i32> {
    let matcher = a.rules.matcher()?;
    // Party lists are compiled only for input with order lines: an item
    // catalog does not pay for them at start-up. Lists named on the
    // command line are loaded now, so that an error in them stops the run
    // before any record is written.
    let screener = std::sync::OnceLock::new();
    if !a.parties.is_empty() {
        let _ = screener.set(order_screener(&a.parties)?);
    }
    let screener_for = |row: &Row| {
        row.order.as_ref()?;
        Some(screener.get_or_init(|| {
            order_screener(&[]).expect("the built-in party lists and measures load (tested)")
        }))
    };
    let as_of = a.as_of.unwrap_or_else(crate::cli::today);
    warn_stale(&matcher, as_of);
    let filters = Filters {
        min_confidence: a.min_confidence.map(Into::into),
        regimes: a.regime.clone(),
    };
    let input = input::open(&a.file, &a.input)?;
    let pool = pool(a.threads)?;
    let stop = on_interrupt();
    let bar = progress(&input, a.quiet);
    let want_summary = a.summary || a.summary_json.is_some();
    let mut summary = Summary {
        fingerprint: matcher.fingerprint().to_string(),
        as_of,
        ..Summary::default()
    };
    let stdout = io::stdout();
    // Smaller than a chunk's full records (about 36 KB of catalog rows),
    // so those go to the file without a copy; compact records, those of
    // `--hits-only` and the human table are gathered.
    let mut out = io::BufWriter::with_capacity(32 << 10, stdout.lock());
    let buffers = pipeline::Buffers::default();
    let format = match (a.output, a.json) {
        (Some(f), _) => f,
        (None, true) => OutputFormat::Jsonl,
        (None, false) if io::stdout().is_terminal() => OutputFormat::Human,
        (None, false) => OutputFormat::Jsonl,
    };
    match format {
        OutputFormat::Csv => out.write_all(CSV_HEADER.as_bytes()),
        OutputFormat::Human => out.write_all(human::header().as_bytes()),
        OutputFormat::Jsonl => Ok(()),
    }
    .context("cannot write output")?;
    let started = Instant::now();
    let (mut any_hit, mut rows_in, mut records) = (false, 0u64, 0u64);
    let mut worst: Option<dualuse::Level> = None;
    let ending = pipeline::run(
        input.rows,
        Limits::rows(a.batch_size),
        &pool,
        &stop,
        &mut out,
        |rows| {
            // One buffer for the records of the chunk, handed back by the
            // writer once written: no allocation, growth or cross-thread
            // free per record.
            let mut buf = buffers.take();
            let mut ends = Vec::with_capacity(rows.len());
            let mut screened = Vec::with_capacity(rows.len());
            for (i, row) in rows.iter().enumerate() {
                if let Some(next) = rows.get(i + PREFETCH_AHEAD) {
                    next.prefetch();
                }
                screened.push(screen_row(
                    &matcher,
                    screener_for(row),
                    row,
                    as_of,
                    &filters,
                    format,
                    a.detail,
                    want_summary,
                    &mut buf,
                ));
                ends.push(buf.len());
            }
            (buf, ends, screened)
        },
        |rows, (buf, ends, screened), out| {
            // The records to write, as one slice of `buf` where every row's
            // record is kept, else a slice per run of kept records.
            let mut kept_from = 0;
            let mut start = 0;
            for ((row, s), end) in rows.iter().zip(&screened).zip(ends) {
                rows_in += 1;
                any_hit |= s.hit;
                worst = worst.max(s.level);
                summary.add(row, s);
                if let Some(bar) = &bar {
                    if rows_in % 1024 == 0 {
                        bar.set_position(input.bytes_read.load(Ordering::Relaxed));
                        bar.set_message(format!("{rows_in} rows {}/s", rate(rows_in, started)));
                    }
                }
                if a.hits_only && !s.hit && row.error.is_none() {
                    out.write_all(&buf[kept_from..start])
                        .context("cannot write output")?;
                    kept_from = end;
                } else if end > start {
                    records += 1; // not a row without hits in the human table
                }
                start = end;
            }
            out.write_all(&buf[kept_from..start])
                .context("cannot write output")?;
            buffers.give(buf);
            Ok(())
        },
    )?;
    out.flush().context("cannot write output")?;
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    summary.records = records;
    let count_line = format!(
        "{rows_in} rows: {records} records written, {} with hits, {} with errors",
        summary.rows_with_hits, summary.error_rows
    );
    let finish = |summary: &Summary| -> Result<()> {
        if a.summary {
            let _ = summary.print(&mut io::stderr().lock());
        }
        if let Some(path) = &a.summary_json {
            let json = serde_json::to_vec_pretty(summary)?;
            std::fs::write(path, [json, b"\n".to_vec()].concat())
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
        Ok(())
    };
    match ending {
        Ending::Done => {}
        Ending::Failed(e, n) => {
            eprintln!("dualuse: screened {count_line}");
            finish(&summary)?;
            return Err(e.context(format!("reading stopped after row {n}")));
        }
        Ending::Interrupted => {
            eprintln!("dualuse: interrupted after {rows_in} rows ({count_line})");
            finish(&summary)?;
            return Ok(EXIT_INTERRUPTED);
        }
    }
    if !a.quiet {
        eprintln!("dualuse: screened {count_line}");
    }
    finish(&summary)?;
    let failed_gate = a
        .fail_on
        .is_some_and(|gate| worst.is_some_and(|w| w >= gate));
    Ok(if (a.fail_on_hit && any_hit) || failed_gate {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quoting() {
        let mut out = Vec::new();
        csv_line(
            &mut out,
            &["1", "", "a,b", "say \"hi\"", " x", "two\nlines", "日本"],
        );
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "1,,\"a,b\",\"say \"\"hi\"\"\",\" x\",\"two\nlines\",日本\n"
        );
    }
}
