//! Heap memory of the compiled matcher (and of the RegexSet baseline), with
//! a counting global allocator; compile time by wall clock for the same rule
//! sets. Not a criterion bench: it prints a table and writes
//! `<target>/criterion/dualuse-memory.json` for `benches/report.py`.

mod common;

use common::{as_of, catalog, synthetic};
use dualuse::{Item, Matcher, Ruleset};
use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards to the system allocator and only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size >= layout.size() {
                let live = LIVE.fetch_add(new_size - layout.size(), Ordering::Relaxed) + new_size
                    - layout.size();
                PEAK.fetch_max(live, Ordering::Relaxed);
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

fn live() -> usize {
    LIVE.load(Ordering::Relaxed)
}

fn reset_peak() -> usize {
    let l = live();
    PEAK.store(l, Ordering::Relaxed);
    l
}

fn mb(bytes: usize) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

struct Row {
    name: String,
    literals: usize,
    patterns: usize,
    ruleset: usize,
    matcher: usize,
    matcher_warm: usize,
    compile_peak: usize,
    compile_ms: f64,
    regex_set: Option<usize>,
}

fn measure(name: &str, load: impl Fn() -> Ruleset, with_set: bool) -> Row {
    let rows = catalog::catalog(2_000, common::SEED);
    let date = as_of();
    let before = live();
    let rs = load();
    let ruleset = live() - before;
    let (literals, patterns) = common::size(&rs);

    // Compile time: best of five.
    let mut best = Duration::MAX;
    for _ in 0..5 {
        let r = rs.clone();
        let t = Instant::now();
        let m = Matcher::new(r).expect("compiles");
        best = best.min(t.elapsed());
        drop(black_box(m));
    }

    let copy = rs.clone();
    let base = reset_peak();
    let m = Matcher::new(copy).expect("compiles");
    let compile_peak = PEAK.load(Ordering::Relaxed) - base;
    let matcher = live() - base;
    // After classifying: lazily compiled regexes and per-thread scratch.
    for r in &rows {
        black_box(m.classify(&Item::new(&r.description).hs(&r.hs).as_of(date)));
    }
    let matcher_warm = live() - base;
    drop(m);

    let regex_set = with_set.then(|| {
        let before = live();
        let set = common::RegexSetBaseline::new(&rs);
        for r in rows.iter().take(50) {
            black_box(set.text_hits(&r.description));
        }
        let used = live() - before;
        drop(set);
        used
    });
    drop(rs);
    Row {
        name: name.to_string(),
        literals,
        patterns,
        ruleset,
        matcher,
        matcher_warm,
        compile_peak,
        compile_ms: best.as_secs_f64() * 1e3,
        regex_set,
    }
}

fn main() {
    // `cargo bench -- FILTER`: run only if the filter names this bench.
    let filters: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    if !filters.is_empty() && !filters.iter().any(|f| "memory".contains(f.as_str())) {
        return;
    }
    let mut out = vec![measure("shipped", common::shipped, true)];
    for n in [100, 1_000, 10_000, 100_000] {
        out.push(measure(&n.to_string(), || synthetic(n), n <= 10_000));
    }
    println!(
        "{:>9} {:>9} {:>8} {:>11} {:>11} {:>13} {:>13} {:>11} {:>13}",
        "rules",
        "literals",
        "patterns",
        "ruleset MB",
        "matcher MB",
        "after use MB",
        "compile peak",
        "compile ms",
        "RegexSet MB"
    );
    let mut json = String::from("[\n");
    for (i, r) in out.iter().enumerate() {
        println!(
            "{:>9} {:>9} {:>8} {:>11.2} {:>11.2} {:>13.2} {:>13.2} {:>11.1} {:>13}",
            r.name,
            r.literals,
            r.patterns,
            mb(r.ruleset),
            mb(r.matcher),
            mb(r.matcher_warm),
            mb(r.compile_peak),
            r.compile_ms,
            r.regex_set
                .map_or("-".to_string(), |b| format!("{:.2}", mb(b)))
        );
        json.push_str(&format!(
            "  {{\"name\": \"{}\", \"literals\": {}, \"patterns\": {}, \"ruleset_bytes\": {}, \"matcher_bytes\": {}, \"matcher_after_use_bytes\": {}, \"compile_peak_bytes\": {}, \"compile_ms\": {:.3}, \"regex_set_bytes\": {}}}{}\n",
            r.name,
            r.literals,
            r.patterns,
            r.ruleset,
            r.matcher,
            r.matcher_warm,
            r.compile_peak,
            r.compile_ms,
            r.regex_set.map_or("null".to_string(), |b| b.to_string()),
            if i + 1 < out.len() { "," } else { "" }
        ));
    }
    json.push_str("]\n");
    let target = std::env::var("CARGO_TARGET_DIR").unwrap_or_else(|_| "target".to_string());
    let dir = std::path::Path::new(&target).join("criterion");
    if std::fs::create_dir_all(&dir).is_ok() {
        let _ = std::fs::write(dir.join("dualuse-memory.json"), json);
    }
}
