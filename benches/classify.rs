//! Classify throughput with the shipped rules, one thread, side by side with
//! the baselines: on a generated catalog, and over text length.
//!
//! Every baseline is first checked to return exactly the rules `dualuse`
//! returns on every text of the bench (whole-word, case-insensitive,
//! normalized text; require/exclude logic).

mod common;

use common::catalog;
use common::{Floor, RegexLoop, RegexSetBaseline, as_of, check_equal, shipped};
use criterion::{
    BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};
use dualuse::{Item, Matcher, Ruleset, normalize};
use std::hint::black_box;

/// Rows of the catalog the per-row benches run over.
const ROWS: usize = 10_000;
/// Rows the regex baselines are checked and timed on (the RegexSet takes
/// about 55 ms a row).
const BASELINE_ROWS: usize = 15;

/// The shipped rules, compiled by `dualuse` and by the baselines once for
/// both groups (the RegexSet alone takes seconds to build).
struct Shipped {
    rs: Ruleset,
    m: Matcher,
    floor: Floor,
    set: RegexSetBaseline,
    regex_loop: RegexLoop,
}

fn all(c: &mut Criterion) {
    let rs = shipped();
    let ctx = Shipped {
        m: Matcher::new(rs.clone()).expect("shipped rules compile"),
        floor: Floor::new(&rs),
        set: RegexSetBaseline::new(&rs),
        regex_loop: RegexLoop::new(&rs),
        rs,
    };
    catalog_bench(c, &ctx);
    length_bench(c, &ctx);
}

fn catalog_bench(c: &mut Criterion, ctx: &Shipped) {
    let Shipped {
        rs,
        m,
        floor,
        set,
        regex_loop,
    } = ctx;
    let rows = catalog::catalog(ROWS, common::SEED);
    let texts: Vec<&str> = rows.iter().map(|r| r.description.as_str()).collect();
    let bytes: usize = texts.iter().map(|t| t.len()).sum();
    // The regex baselines are slow: they are checked and timed on the first
    // BASELINE_ROWS rows (dualuse is timed on those too, for a direct ratio).
    let few = &texts[..BASELINE_ROWS];
    let few_rows = &rows[..BASELINE_ROWS];
    check_equal(rs, m, few, Some(regex_loop), Some(set), floor);
    let with_hits = check_equal(rs, m, &texts, None, None, floor);
    eprintln!(
        "shipped rules: {} rules, {:?} (literals, patterns); catalog {ROWS} rows, {bytes} bytes, {with_hits} rows with a text hit; baselines agree",
        rs.rules().len(),
        common::size(rs)
    );
    let normalized: Vec<String> = texts.iter().map(|t| normalize(t)).collect();
    let date = as_of();

    let mut g = c.benchmark_group("catalog");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.sample_size(20);
    g.bench_function("dualuse", |b| {
        b.iter(|| {
            for r in &rows {
                black_box(m.classify(&Item::new(&r.description).hs(&r.hs).as_of(date)));
            }
        })
    });
    g.bench_function("floor-ac-scan", |b| {
        b.iter(|| {
            for t in &normalized {
                black_box(floor.scan(t));
            }
        })
    });
    g.bench_function("floor-normalize-ac-scan", |b| {
        b.iter(|| {
            for t in &texts {
                black_box(floor.normalize_and_scan(t));
            }
        })
    });
    g.bench_function("normalize", |b| {
        b.iter(|| {
            for t in &texts {
                black_box(dualuse::Normalized::new(t));
            }
        })
    });
    let few_bytes: usize = few.iter().map(|t| t.len()).sum();
    g.throughput(Throughput::Bytes(few_bytes as u64));
    g.sampling_mode(SamplingMode::Flat);
    g.sample_size(10);
    g.bench_function("dualuse-few", |b| {
        b.iter(|| {
            for r in few_rows {
                black_box(m.classify(&Item::new(&r.description).hs(&r.hs).as_of(date)));
            }
        })
    });
    g.bench_function("regex-set-few", |b| {
        b.iter(|| {
            for t in few {
                black_box(set.text_hits(t));
            }
        })
    });
    g.bench_function("regex-loop-few", |b| {
        b.iter(|| {
            for t in few {
                black_box(regex_loop.text_hits(t));
            }
        })
    });
    g.finish();
}

/// Text lengths from a short product line to a long spec sheet.
const LENGTHS: &[usize] = &[50, 200, 1_000, 10_000];

/// Text lengths up to which the RegexSet baseline runs (at 1,000 bytes a
/// single text takes it about 2 s).
const REGEX_SET_MAX_LEN: usize = 200;

fn length_bench(c: &mut Criterion, ctx: &Shipped) {
    let Shipped {
        rs,
        m,
        floor,
        set,
        regex_loop,
    } = ctx;
    let date = as_of();
    let mut g = c.benchmark_group("text-length");
    g.sampling_mode(SamplingMode::Flat);
    g.sample_size(10);
    for &len in LENGTHS {
        // About 200 KB of text per length.
        let n = (200_000 / len).max(1);
        let owned: Vec<String> = (0..n)
            .map(|i| catalog::text_of_len(len, common::SEED + i as u64))
            .collect();
        let texts: Vec<&str> = owned.iter().map(String::as_str).collect();
        // The regex baselines (the RegexSet runs at under 1 KB/s over the
        // shipped rules) are checked and timed on a two-hundredth of them.
        let few = &texts[..n.div_ceil(800)];
        let with_set = len <= REGEX_SET_MAX_LEN;
        check_equal(rs, m, few, Some(regex_loop), with_set.then_some(set), floor);
        check_equal(rs, m, &texts, None, None, floor);
        let normalized: Vec<String> = texts.iter().map(|t| normalize(t)).collect();
        let bytes: usize = texts.iter().map(|t| t.len()).sum();
        g.throughput(Throughput::Bytes(bytes as u64));
        g.bench_with_input(BenchmarkId::new("dualuse", len), &texts, |b, texts| {
            b.iter(|| {
                for t in texts {
                    black_box(m.classify(&Item::new(t).as_of(date)));
                }
            })
        });
        g.bench_with_input(
            BenchmarkId::new("floor-ac-scan", len),
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
        if with_set {
            g.bench_with_input(BenchmarkId::new("regex-set", len), &few, |b, texts| {
                b.iter(|| {
                    for t in *texts {
                        black_box(set.text_hits(t));
                    }
                })
            });
        }
        g.bench_with_input(BenchmarkId::new("regex-loop", len), &few, |b, texts| {
            b.iter(|| {
                for t in *texts {
                    black_box(regex_loop.text_hits(t));
                }
            })
        });
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = common::config();
    targets = all
}
criterion_main!(benches);
