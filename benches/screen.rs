//! The whole `screen` pipeline: the built `dualuse` binary (with the shipped
//! rules compiled in) on generated CSV catalogs of 10,000 to 1,000,000 rows,
//! output to /dev/null: process start, rule compile, CSV parsing,
//! classification on all cores (and on one), JSON output.

mod common;

use common::catalog;
use criterion::{
    BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};
use std::process::{Command, Stdio};

fn screen(file: &std::path::Path, threads: Option<usize>) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dualuse"));
    cmd.args(["screen", "--as-of", "2026-12-01"]);
    if let Some(n) = threads {
        cmd.args(["--threads", &n.to_string()]);
    }
    let status = cmd
        .arg(file)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("runs dualuse");
    assert!(status.success(), "dualuse screen failed");
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut g = c.benchmark_group("screen");
    g.sampling_mode(SamplingMode::Flat);
    g.sample_size(10);
    for rows in [10_000usize, 100_000, 1_000_000] {
        let path = dir.path().join(format!("catalog-{rows}.csv"));
        let mut f = std::io::BufWriter::new(std::fs::File::create(&path).expect("create"));
        catalog::write(&mut f, rows, common::SEED, catalog::Format::Csv).expect("write");
        drop(f);
        let bytes = std::fs::metadata(&path).expect("stat").len();
        g.throughput(Throughput::Bytes(bytes));
        g.bench_with_input(BenchmarkId::new("all-cores", rows), &path, |b, p| {
            b.iter(|| screen(p, None))
        });
        if rows <= 100_000 {
            g.bench_with_input(BenchmarkId::new("one-thread", rows), &path, |b, p| {
                b.iter(|| screen(p, Some(1)))
            });
        }
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = common::config();
    targets = bench
}
criterion_main!(benches);
