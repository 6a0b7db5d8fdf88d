//! `dualuse diff`: rows whose classification changes between two rule sets.

use super::input::Row;
use super::input::{self, InputArgs};
use super::pipeline::{self, Ending, Limits, on_interrupt, pool};
use super::screen::EXIT_INTERRUPTED;
use super::{EXIT_OK, load_rules};
use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use dualuse::{Classification, Confidence, Matcher, NaiveDate};
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::PathBuf;

#[derive(Args, Debug)]
pub struct DiffArgs {
    /// The rules before the change (directory or file; repeatable).
    #[arg(long, value_name = "DIR", required = true)]
    pub old: Vec<PathBuf>,
    /// The rules after the change (directory or file; repeatable).
    #[arg(long, value_name = "DIR", required = true)]
    pub new: Vec<PathBuf>,
    /// The party lists before the change (repeatable; default the built-in
    /// lists). Order lines (rows with order columns) report verdict changes.
    #[arg(long, value_name = "DIR")]
    pub old_parties: Vec<PathBuf>,
    /// The party lists after the change (repeatable; default the built-in
    /// lists).
    #[arg(long, value_name = "DIR")]
    pub new_parties: Vec<PathBuf>,
    #[command(flatten)]
    pub input: InputArgs,
    /// Classify as of this date (YYYY-MM-DD); default today.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<NaiveDate>,
    /// Output: JSON lines, or a table for people (summary at its foot).
    #[arg(long, value_enum, default_value = "jsonl", value_name = "FORMAT")]
    pub output: DiffOutput,
    /// Worker threads [default: all cores; at most 4 per core].
    #[arg(long, value_name = "N", value_parser = pipeline::parse_threads)]
    pub threads: Option<usize>,
    /// The catalog to screen (`-` for standard input).
    pub file: PathBuf,
}

/// A row's output line, its (added, removed, changed) counts, and whether
/// it is an unreadable row.
type Line = (Vec<u8>, [usize; 3], bool);

/// Output format of `diff`.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiffOutput {
    /// One JSON object per changed (or unreadable) row.
    Jsonl,
    /// A table of changed rows, then a summary.
    Table,
}

/// One changed row, or one that could not be read (`error` set).
#[derive(Serialize)]
struct Change<'a> {
    row: u64,
    id: Option<&'a str>,
    description: &'a str,
    added: Vec<RuleConfidence>,
    removed: Vec<RuleConfidence>,
    changed: Vec<ConfidenceChange>,
    /// For an order line whose verdict level changes.
    #[serde(skip_serializing_if = "Option::is_none")]
    verdict: Option<LevelChange>,
    error: Option<&'a str>,
}

#[derive(Serialize)]
struct LevelChange {
    old: dualuse::Level,
    new: dualuse::Level,
}

impl Change<'_> {
    /// The table line: row, id, then the rules added, removed and changed.
    fn table_line(&self) -> String {
        let list = |v: &[RuleConfidence]| {
            v.iter()
                .map(|r| format!("{} ({})", r.rule, r.confidence.as_str()))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut what = Vec::new();
        if let Some(e) = self.error {
            what.push(format!("error: {e}"));
        }
        if !self.added.is_empty() {
            what.push(format!("+ {}", list(&self.added)));
        }
        if !self.removed.is_empty() {
            what.push(format!("- {}", list(&self.removed)));
        }
        if !self.changed.is_empty() {
            what.push(format!(
                "~ {}",
                self.changed
                    .iter()
                    .map(|c| format!("{} {} -> {}", c.rule, c.old.as_str(), c.new.as_str()))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        if let Some(v) = &self.verdict {
            what.push(format!("verdict {} -> {}", v.old.as_str(), v.new.as_str()));
        }
        let id = self.id.unwrap_or("-");
        format!("{:>7}  {id:<14}  {}\n", self.row, what.join("; "))
    }
}

#[derive(Serialize)]
struct RuleConfidence {
    rule: String,
    confidence: Confidence,
}

#[derive(Serialize)]
struct ConfidenceChange {
    rule: String,
    old: Confidence,
    new: Confidence,
}

fn hit_map(c: &Classification<'_>) -> BTreeMap<String, Confidence> {
    c.hits
        .iter()
        .map(|h| (h.rule.id.clone(), h.confidence))
        .collect()
}

/// The output line of a changed or unreadable row (`None` if unchanged).
/// The rules and party lists of one side of a diff.
pub struct Side {
    pub matcher: Matcher,
    pub screener: dualuse::OrderScreener,
}

fn change_line(row: &Row, old: &Side, new: &Side, as_of: NaiveDate, table: bool) -> Option<Line> {
    let mut change = Change {
        row: row.number,
        id: row.id.as_deref(),
        description: &row.description,
        added: Vec::new(),
        removed: Vec::new(),
        changed: Vec::new(),
        verdict: None,
        error: row.error.as_deref(),
    };
    if row.error.is_none() {
        let item = row.item(as_of);
        let (oc, nc) = (old.matcher.classify(&item), new.matcher.classify(&item));
        if let Some(order) = row.order(item) {
            let (ov, nv) = (
                old.screener.verdict(&order, &oc, as_of),
                new.screener.verdict(&order, &nc, as_of),
            );
            if ov.level != nv.level {
                change.verdict = Some(LevelChange {
                    old: ov.level,
                    new: nv.level,
                });
            }
        }
        let (o, n) = (hit_map(&oc), hit_map(&nc));
        if o == n && change.verdict.is_none() {
            return None;
        }
        change.added = n
            .iter()
            .filter(|(k, _)| !o.contains_key(*k))
            .map(|(k, &c)| RuleConfidence {
                rule: k.clone(),
                confidence: c,
            })
            .collect();
        change.removed = o
            .iter()
            .filter(|(k, _)| !n.contains_key(*k))
            .map(|(k, &c)| RuleConfidence {
                rule: k.clone(),
                confidence: c,
            })
            .collect();
        change.changed = o
            .iter()
            .filter_map(|(k, &oc)| {
                n.get(k)
                    .filter(|&&nc| nc != oc)
                    .map(|&nc| ConfidenceChange {
                        rule: k.clone(),
                        old: oc,
                        new: nc,
                    })
            })
            .collect();
    }
    let counts = [
        change.added.len(),
        change.removed.len(),
        change.changed.len(),
    ];
    let line = if table {
        change.table_line().into_bytes()
    } else {
        let mut v = serde_json::to_vec(&change).ok()?;
        v.push(b'\n');
        v
    };
    Some((line, counts, row.error.is_some()))
}

pub fn run(a: &DiffArgs) -> Result<i32> {
    let old = Side {
        matcher: Matcher::new(load_rules(&a.old).context("cannot load --old rules")?)?,
        screener: super::screen::order_screener(&a.old_parties).context("--old-parties")?,
    };
    let new = Side {
        matcher: Matcher::new(load_rules(&a.new).context("cannot load --new rules")?)?,
        screener: super::screen::order_screener(&a.new_parties).context("--new-parties")?,
    };
    let as_of = a.as_of.unwrap_or_else(crate::cli::today);
    let input = input::open(&a.file, &a.input)?;
    let pool = pool(a.threads)?;
    let stop = on_interrupt();
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let table = a.output == DiffOutput::Table;
    if table {
        writeln!(
            out,
            "{:>7}  {:<14}  changes (+ added, - removed, ~ confidence)",
            "row", "id"
        )
        .context("cannot write output")?;
    }
    let (mut rows_total, mut rows_changed, mut errors, mut added, mut removed, mut changed) =
        (0u64, 0u64, 0u64, 0usize, 0usize, 0usize);
    // Each changed row yields its output line and its (added, removed,
    // changed) counts, so the summary never re-parses our own output.
    let ending = pipeline::run(
        input.rows,
        Limits::rows(pipeline::DEFAULT_BATCH_ROWS),
        &pool,
        &stop,
        &mut out,
        |rows| {
            rows.iter()
                .map(|row| change_line(row, &old, &new, as_of, table))
                .collect::<Vec<_>>()
        },
        |_, lines, out| {
            for line in lines {
                rows_total += 1;
                let Some((line, [a, r, c], error)) = line else {
                    continue;
                };
                if error {
                    errors += 1;
                } else {
                    rows_changed += 1;
                }
                added += a;
                removed += r;
                changed += c;
                out.write_all(&line).context("cannot write output")?;
            }
            Ok(())
        },
    )?;
    let summary = format!(
        "{rows_changed} of {rows_total} rows change: {added} hits added, {removed} removed, {changed} changed confidence; {errors} rows could not be read (old {}, new {})",
        old.matcher.fingerprint(),
        new.matcher.fingerprint()
    );
    if table {
        writeln!(out, "\n{summary}").context("cannot write output")?;
    }
    out.flush().context("cannot write output")?;
    match ending {
        Ending::Done => {}
        Ending::Failed(e, n) => {
            return Err(e.context(format!("reading stopped after row {n}")));
        }
        Ending::Interrupted => {
            eprintln!("dualuse diff: interrupted after {rows_total} rows; {summary}");
            return Ok(EXIT_INTERRUPTED);
        }
    }
    if !table {
        eprintln!("dualuse diff: {summary}");
    }
    Ok(EXIT_OK)
}
