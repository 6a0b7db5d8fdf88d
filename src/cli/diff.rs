//! `dualuse diff`: rows whose classification changes between two rule sets.

use super::input::{self, InputArgs};
use super::screen::{batches, pool};
use super::{EXIT_OK, load_rules};
use anyhow::{Context, Result};
use clap::Args;
use dualuse::{Classification, Confidence, Item, Matcher, NaiveDate};
use rayon::prelude::*;
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
    #[command(flatten)]
    pub input: InputArgs,
    /// Classify as of this date (YYYY-MM-DD); default today.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<NaiveDate>,
    /// Worker threads [default: all cores].
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// The catalog to screen (`-` for standard input).
    pub file: PathBuf,
}

/// One changed row.
#[derive(Serialize)]
struct Change<'a> {
    row: u64,
    id: Option<&'a str>,
    description: &'a str,
    added: Vec<RuleConfidence>,
    removed: Vec<RuleConfidence>,
    changed: Vec<ConfidenceChange>,
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

pub fn run(a: &DiffArgs) -> Result<i32> {
    let old = Matcher::new(load_rules(&a.old).context("cannot load --old rules")?)?;
    let new = Matcher::new(load_rules(&a.new).context("cannot load --new rules")?)?;
    let as_of = a.as_of.unwrap_or_else(dualuse::today);
    let rows = input::open(&a.file, &a.input)?;
    let pool = pool(a.threads)?;
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let (mut rows_total, mut rows_changed, mut added, mut removed, mut changed) =
        (0u64, 0u64, 0usize, 0usize, 0usize);
    for batch in batches(rows, 2048) {
        let batch = batch?;
        // Each changed row yields its JSON line and its (added, removed,
        // changed) counts, so the summary never re-parses our own output.
        let lines: Vec<Option<(Vec<u8>, [usize; 3])>> = pool.install(|| {
            batch
                .par_iter()
                .map(|row| {
                    if row.error.is_some() {
                        return None;
                    }
                    let mut item = Item::new(&row.description).as_of(as_of);
                    if let Some(hs) = &row.hs {
                        item = item.hs(hs);
                    }
                    if let Some(s) = &row.scheme {
                        item = item.scheme(s);
                    }
                    let (o, n) = (hit_map(&old.classify(&item)), hit_map(&new.classify(&item)));
                    if o == n {
                        return None;
                    }
                    let change = Change {
                        row: row.number,
                        id: row.id.as_deref(),
                        description: &row.description,
                        added: n
                            .iter()
                            .filter(|(k, _)| !o.contains_key(*k))
                            .map(|(k, &c)| RuleConfidence {
                                rule: k.clone(),
                                confidence: c,
                            })
                            .collect(),
                        removed: o
                            .iter()
                            .filter(|(k, _)| !n.contains_key(*k))
                            .map(|(k, &c)| RuleConfidence {
                                rule: k.clone(),
                                confidence: c,
                            })
                            .collect(),
                        changed: o
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
                            .collect(),
                    };
                    let counts = [
                        change.added.len(),
                        change.removed.len(),
                        change.changed.len(),
                    ];
                    serde_json::to_vec(&change).ok().map(|line| (line, counts))
                })
                .collect()
        });
        rows_total += batch.len() as u64;
        for (line, [a, r, c]) in lines.into_iter().flatten() {
            rows_changed += 1;
            added += a;
            removed += r;
            changed += c;
            out.write_all(&line).context("cannot write output")?;
            out.write_all(b"\n").context("cannot write output")?;
        }
    }
    out.flush().context("cannot write output")?;
    eprintln!(
        "dualuse diff: {rows_changed} of {rows_total} rows change: {added} hits added, {removed} removed, {changed} changed confidence (old {}, new {})",
        old.fingerprint(),
        new.fingerprint()
    );
    Ok(EXIT_OK)
}
