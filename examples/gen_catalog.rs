//! Writes a deterministic synthetic product catalog to standard output.
//!
//! ```text
//! cargo run --release --example gen_catalog -- --rows 1000000 [--seed 42] [--format csv|jsonl] > catalog.csv
//! ```
//!
//! Rows mix controlled goods, near misses, electronics parts, chemicals,
//! hardware and CJK / full-width lines with plausible HS codes (20% without a
//! code, 10% with only four digits). The same `--rows`/`--seed` always give
//! the same bytes. CSV columns: `id,description,hs_code`, ready for
//! `dualuse screen`.

#[path = "../benches/common/catalog.rs"]
#[allow(dead_code)]
mod catalog;

use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

fn usage() -> ExitCode {
    eprintln!("usage: gen_catalog --rows N [--seed S] [--format csv|jsonl]");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let mut rows = None;
    let mut seed = 42u64;
    let mut format = catalog::Format::Csv;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let value = args.next();
        match (a.as_str(), value.as_deref()) {
            ("--rows", Some(v)) => match v.replace('_', "").parse() {
                Ok(n) => rows = Some(n),
                Err(_) => return usage(),
            },
            ("--seed", Some(v)) => match v.parse() {
                Ok(s) => seed = s,
                Err(_) => return usage(),
            },
            ("--format", Some("csv")) => format = catalog::Format::Csv,
            ("--format", Some("jsonl")) => format = catalog::Format::Jsonl,
            _ => return usage(),
        }
    }
    let Some(rows) = rows else {
        return usage();
    };
    let mut out = BufWriter::with_capacity(1 << 16, io::stdout().lock());
    match catalog::write(&mut out, rows, seed, format).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gen_catalog: {e}");
            ExitCode::from(2)
        }
    }
}
