//! Classifies a generated catalog in a loop with the built-in rules, for
//! profilers (`perf record`, `valgrind --tool=callgrind`).
//!
//! ```text
//! cargo build --release --example profile_classify
//! perf record -g target/release/examples/profile_classify --rows 100000 --passes 20
//! target/release/examples/profile_classify --compile 50   # compile only
//! target/release/examples/profile_classify --len 10000     # long texts, no HS codes
//! target/release/examples/profile_classify --synthetic 100000   # synthetic rules of N terms
//! ```
//!
//! Prints the time per pass and the throughput, so that a change can be
//! checked quickly before the criterion benches confirm it.

#[path = "../benches/common/mod.rs"]
mod common;

use common::catalog;

use dualuse::{Item, Matcher, Ruleset};
use std::hint::black_box;
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let mut rows = 100_000usize;
    let mut passes = 10usize;
    let mut compile = 0usize;
    let mut len = 0usize;
    let mut synthetic = 0usize;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let value = args.next().and_then(|v| v.parse::<usize>().ok());
        match (a.as_str(), value) {
            ("--rows", Some(v)) => rows = v,
            ("--passes", Some(v)) => passes = v,
            ("--compile", Some(v)) => compile = v,
            ("--len", Some(v)) => len = v,
            ("--synthetic", Some(v)) => synthetic = v,
            _ => {
                eprintln!(
                    "usage: profile_classify [--rows N] [--passes N] [--compile N] [--len BYTES] [--synthetic TERMS]"
                );
                return ExitCode::from(2);
            }
        }
    }
    let rules = if synthetic > 0 {
        // The scaling bench's rule sets (`benches/common/mod.rs`).
        common::synthetic(synthetic)
    } else {
        match Ruleset::builtin() {
            Ok(r) => r,
            Err(e) => {
                eprintln!("built-in rules: {e}");
                return ExitCode::FAILURE;
            }
        }
    };
    if compile > 0 {
        let mut best = f64::INFINITY;
        for _ in 0..compile {
            let t = Instant::now();
            black_box(Matcher::new(rules.clone()).ok());
            best = best.min(t.elapsed().as_secs_f64());
        }
        println!("compile: best of {compile}: {:.2} ms", best * 1e3);
        return ExitCode::SUCCESS;
    }
    let matcher = match Matcher::new(rules) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("compile: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut catalog = catalog::catalog(rows, 42);
    if len > 0 {
        // Texts of about `len` bytes each, as the text-length bench makes them.
        for (i, r) in catalog.iter_mut().enumerate() {
            r.description = catalog::text_of_len(len, 42 + i as u64);
            r.hs.clear();
        }
    }
    let bytes: usize = catalog.iter().map(|r| r.description.len()).sum();
    let date = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default();
    let mut best = f64::INFINITY;
    let mut hits = 0;
    for _ in 0..passes {
        let t = Instant::now();
        hits = 0;
        for r in &catalog {
            let c = matcher.classify(&Item::new(&r.description).hs(&r.hs).as_of(date));
            hits += c.hits.len();
            black_box(c);
        }
        best = best.min(t.elapsed().as_secs_f64());
    }
    println!(
        "{rows} rows, {bytes} bytes, {hits} hits: best pass {:.1} ms, {:.1} MB/s, {:.2} µs/row",
        best * 1e3,
        bytes as f64 / best / 1e6,
        best * 1e6 / rows as f64
    );
    ExitCode::SUCCESS
}
