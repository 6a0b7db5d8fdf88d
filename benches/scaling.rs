//! Scaling with the number of rule terms: synthetic rule sets of 100 to
//! 100,000 literals (plus 1% patterns). Compile time, and classify
//! throughput against the baselines on the same generated catalog rows.
//! (Memory of the compiled matcher: `benches/memory.rs`.)

mod common;

use common::catalog;
use common::{Floor, RegexLoop, RegexSetBaseline, as_of, check_equal, synthetic};
use criterion::{
    BatchSize, BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};
use dualuse::{Item, Matcher, Ruleset, normalize};
use std::hint::black_box;

/// Literal counts of the synthetic rule sets.
const SIZES: &[usize] = &[100, 1_000, 10_000, 100_000];
/// Catalog rows classified per iteration.
const ROWS: usize = 2_000;

fn scaling(c: &mut Criterion) {
    let rows = catalog::catalog(ROWS, common::SEED);
    let texts: Vec<&str> = rows.iter().map(|r| r.description.as_str()).collect();
    let normalized: Vec<String> = texts.iter().map(|t| normalize(t)).collect();
    let bytes: usize = texts.iter().map(|t| t.len()).sum();
    let date = as_of();

    let mut compile = c.benchmark_group("scaling-compile");
    compile.sampling_mode(SamplingMode::Flat);
    compile.sample_size(10);
    for &n in SIZES {
        let toml = common::synthetic_toml(n);
        let rs = synthetic(n);
        compile.bench_with_input(BenchmarkId::new("load", n), &toml, |b, toml| {
            b.iter(|| Ruleset::from_source("synthetic.toml", toml).expect("loads"))
        });
        compile.bench_with_input(BenchmarkId::new("compile", n), &rs, |b, rs| {
            b.iter_batched(
                || rs.clone(),
                |rs| Matcher::new(rs).expect("compiles"),
                BatchSize::PerIteration,
            )
        });
    }
    compile.finish();

    let mut g = c.benchmark_group("scaling-classify");
    g.sampling_mode(SamplingMode::Flat);
    g.sample_size(10);
    for &n in SIZES {
        let rs = synthetic(n);
        let m = Matcher::new(rs.clone()).expect("compiles");
        let floor = Floor::new(&rs);
        // The regex baselines get slow (and big) with many rules: they run
        // on fewer rows, and stop at 10,000 terms.
        let few = &texts[..200];
        // (At 100,000 terms the RegexSet would need gigabytes: skipped.)
        let set = (n <= 10_000).then(|| RegexSetBaseline::new(&rs));
        let regex_loop = (n <= 10_000).then(|| RegexLoop::new(&rs));
        // The RegexSet is checked on the rows it is timed on.
        let set_rows = if n >= 10_000 { 20 } else { few.len() };
        let with_hits = check_equal(&rs, &m, few, regex_loop.as_ref(), None, &floor);
        check_equal(&rs, &m, &few[..set_rows], None, set.as_ref(), &floor);
        check_equal(&rs, &m, &texts, None, None, &floor);
        eprintln!(
            "synthetic {n}: {} rules, {:?} (literals, patterns); {with_hits} of {} checked rows hit; baselines agree",
            rs.rules().len(),
            common::size(&rs),
            few.len()
        );
        // Warm up lazily compiled regexes before timing.
        for t in &texts {
            black_box(m.classify(&Item::new(t).as_of(date)));
        }
        g.throughput(Throughput::Bytes(bytes as u64));
        g.bench_with_input(BenchmarkId::new("dualuse", n), &rows, |b, rows| {
            b.iter(|| {
                for r in rows {
                    black_box(m.classify(&Item::new(&r.description).hs(&r.hs).as_of(date)));
                }
            })
        });
        g.bench_with_input(
            BenchmarkId::new("floor-ac-scan", n),
            &normalized,
            |b, ts| {
                b.iter(|| {
                    for t in ts {
                        black_box(floor.scan(t));
                    }
                })
            },
        );
        g.throughput(Throughput::Bytes(
            few.iter().map(|t| t.len()).sum::<usize>() as u64,
        ));
        if let Some(set) = &set {
            // At 10,000 terms the set takes ~80 ms a row: 20 rows.
            let few = &few[..set_rows];
            g.throughput(Throughput::Bytes(
                few.iter().map(|t| t.len()).sum::<usize>() as u64,
            ));
            g.bench_with_input(BenchmarkId::new("regex-set", n), &few, |b, few| {
                b.iter(|| {
                    for t in *few {
                        black_box(set.text_hits(t));
                    }
                })
            });
        }
        g.throughput(Throughput::Bytes(
            few.iter().map(|t| t.len()).sum::<usize>() as u64,
        ));
        if let Some(regex_loop) = &regex_loop {
            g.bench_with_input(BenchmarkId::new("regex-loop", n), &few, |b, few| {
                b.iter(|| {
                    for t in *few {
                        black_box(regex_loop.text_hits(t));
                    }
                })
            });
        }
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = common::config();
    targets = scaling
}
criterion_main!(benches);
