//! Load test of `dualuse serve` on loopback.
//!
//! Starts the built binary (`--listen 127.0.0.1:0`, with this repository's
//! `rules/` and `parties/` so that a reload does real work) and drives it
//! with 1, 8 and 64 concurrent clients (threads with keep-alive
//! connections), sending single items and batches of 100 taken from
//! `examples/catalog.csv`. Each scenario is bounded in time and in count.
//! It prints requests/s, items/s and p50/p99/max latency per scenario;
//! then the same load with a reload every half second (failed requests
//! counted; there must be none); then an RSS soak: 8 clients sending
//! batches of 100 while the server's VmRSS (`/proc/<pid>/status`) is
//! sampled.
//!
//! ```sh
//! cargo bench --bench serve_load                          # about 30 s
//! SERVE_LOAD_SECS=10 SERVE_SOAK_SECS=300 cargo bench --bench serve_load
//! ```
//!
//! | variable | default | what |
//! | --- | --- | --- |
//! | `SERVE_LOAD_SECS` | 3 | seconds per scenario |
//! | `SERVE_LOAD_MAX_REQUESTS` | 200000 | requests per scenario, at most |
//! | `SERVE_SOAK_SECS` | 10 | seconds of the soak (0: none) |
//!
//! Clients and server share the machine's cores: the figures are of the
//! whole loop on one machine, not of the server alone.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

fn env_num(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

struct Server {
    child: Child,
    base: String,
}

impl Server {
    fn start() -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dualuse"))
            .args([
                "serve",
                "--listen",
                "127.0.0.1:0",
                "--rules",
                "rules",
                "--parties",
                "parties",
            ])
            .env_remove("DUALUSE_TOKEN")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start dualuse serve");
        let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
        let addr = loop {
            let line = lines
                .next()
                .expect("the server stopped before it listened")
                .unwrap();
            if let Some(rest) = line.strip_prefix("dualuse: serving on http://") {
                break rest.split(' ').next().unwrap().to_string();
            }
        };
        // Keep draining stderr (reload lines) so the server never blocks on it.
        std::thread::spawn(move || for _ in lines {});
        Server {
            child,
            base: format!("http://{addr}"),
        }
    }

    fn rss_kib(&self) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.split_whitespace().next()?.parse().ok())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(60)))
        .max_idle_connections_per_host(128)
        .build()
        .into()
}

/// Request bodies of `batch` items each, rotating through the catalog.
fn bodies(descriptions: &[(String, String)], batch: usize, n: usize) -> Vec<String> {
    (0..n)
        .map(|k| {
            let items: Vec<serde_json::Value> = (0..batch)
                .map(|i| {
                    let (d, hs) = &descriptions[(k * batch + i) % descriptions.len()];
                    serde_json::json!({"id": format!("{k}-{i}"), "description": d, "hs_code": hs})
                })
                .collect();
            serde_json::json!({"items": items, "as_of": "2026-11-30"}).to_string()
        })
        .collect()
}

struct Outcome {
    latencies: Vec<Duration>,
    failures: u64,
    elapsed: Duration,
}

/// Runs `clients` threads posting `bodies` to /v1/classify until `secs`
/// pass or `max` requests are sent, optionally reloading meanwhile.
fn drive(
    server: &Server,
    clients: usize,
    bodies: &Arc<Vec<String>>,
    secs: u64,
    max: u64,
    reload_every: Option<Duration>,
) -> (Outcome, u64) {
    let url = format!("{}/v1/classify", server.base);
    let sent = Arc::new(AtomicU64::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let deadline = Instant::now() + Duration::from_secs(secs);
    let started = Instant::now();
    let threads: Vec<_> = (0..clients)
        .map(|c| {
            let (url, bodies, sent, stop) =
                (url.clone(), bodies.clone(), sent.clone(), stop.clone());
            std::thread::spawn(move || {
                let agent = agent();
                let mut latencies = Vec::new();
                let mut failures = 0;
                let mut k = c;
                while Instant::now() < deadline
                    && !stop.load(Ordering::Relaxed)
                    && sent.fetch_add(1, Ordering::Relaxed) < max
                {
                    let body = &bodies[k % bodies.len()];
                    k += clients;
                    let t = Instant::now();
                    let ok = match agent.post(&url).content_type("application/json").send(body) {
                        Ok(mut r) => {
                            let status = r.status().as_u16();
                            let read = r.body_mut().read_to_vec().is_ok();
                            status == 200 && read
                        }
                        Err(_) => false,
                    };
                    latencies.push(t.elapsed());
                    if !ok {
                        failures += 1;
                    }
                }
                (latencies, failures)
            })
        })
        .collect();
    let mut reloads = 0;
    if let Some(every) = reload_every {
        let agent = agent();
        let url = format!("{}/v1/admin/reload", server.base);
        while Instant::now() + every < deadline {
            std::thread::sleep(every);
            let r = agent.post(&url).send_empty().expect("reload");
            assert_eq!(r.status().as_u16(), 200, "reload failed");
            reloads += 1;
        }
    }
    let mut out = Outcome {
        latencies: Vec::new(),
        failures: 0,
        elapsed: Duration::ZERO,
    };
    for t in threads {
        let (l, f) = t.join().expect("client thread");
        out.latencies.extend(l);
        out.failures += f;
    }
    stop.store(true, Ordering::Relaxed);
    out.elapsed = started.elapsed();
    (out, reloads)
}

fn pct(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[i]
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1e3)
}

fn report(label: &str, clients: usize, batch: usize, mut o: Outcome) {
    o.latencies.sort_unstable();
    let n = o.latencies.len();
    let secs = o.elapsed.as_secs_f64();
    println!(
        "{label:<8} {clients:>7} {batch:>5} {n:>9} {:>10.0} {:>10.0} {:>8} {:>8} {:>8} {:>8}",
        n as f64 / secs,
        (n * batch) as f64 / secs,
        ms(pct(&o.latencies, 0.50)),
        ms(pct(&o.latencies, 0.99)),
        ms(o.latencies.last().copied().unwrap_or_default()),
        o.failures
    );
}

fn main() {
    // `cargo bench` passes `--bench`; with a filter that is not this
    // bench's name, do nothing.
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    if args.iter().any(|a| !"serve_load".contains(a.as_str())) {
        return;
    }
    let secs = env_num("SERVE_LOAD_SECS", 3);
    let max = env_num("SERVE_LOAD_MAX_REQUESTS", 200_000);
    let soak = env_num("SERVE_SOAK_SECS", 10);
    let mut catalog = csv::Reader::from_path("examples/catalog.csv").expect("examples/catalog.csv");
    let descriptions: Vec<(String, String)> = catalog
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[1].to_string(), r.get(2).unwrap_or("").to_string())
        })
        .collect();
    let server = Server::start();
    println!(
        "dualuse serve on {} ({} s or {max} requests per scenario, {} cores)",
        server.base,
        secs,
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    println!(
        "{:<8} {:>7} {:>5} {:>9} {:>10} {:>10} {:>8} {:>8} {:>8} {:>8}",
        "scenario",
        "clients",
        "batch",
        "requests",
        "req/s",
        "items/s",
        "p50 ms",
        "p99 ms",
        "max ms",
        "failed"
    );
    let singles = Arc::new(bodies(&descriptions, 1, 400));
    let batches = Arc::new(bodies(&descriptions, 100, 40));
    // Warm up: first use of every code path and connection set-up.
    let _ = drive(&server, 8, &batches, 1, 200, None);
    for (batch, b) in [(1, &singles), (100, &batches)] {
        for clients in [1, 8, 64] {
            let (o, _) = drive(&server, clients, b, secs, max, None);
            report("load", clients, batch, o);
        }
    }
    let (o, reloads) = drive(
        &server,
        8,
        &batches,
        secs.max(3),
        max,
        Some(Duration::from_millis(500)),
    );
    let failed = o.failures;
    report("reload", 8, 100, o);
    println!("reload under load: {reloads} reloads, {failed} failed requests");
    if soak > 0 {
        let every = Duration::from_secs((soak / 20).max(1));
        let before = server.rss_kib();
        println!(
            "soak: 8 clients, batches of 100, {soak} s; VmRSS sampled every {} s",
            every.as_secs()
        );
        let stop = Arc::new(AtomicBool::new(false));
        let sampler = {
            let stop = stop.clone();
            let pid = server.child.id();
            std::thread::spawn(move || {
                let mut samples = Vec::new();
                while !stop.load(Ordering::Relaxed) {
                    let status =
                        std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
                    if let Some(kib) = status
                        .lines()
                        .find_map(|l| l.strip_prefix("VmRSS:"))
                        .and_then(|v| v.split_whitespace().next()?.parse::<u64>().ok())
                    {
                        samples.push(kib);
                    }
                    let until = Instant::now() + every;
                    while Instant::now() < until && !stop.load(Ordering::Relaxed) {
                        std::thread::sleep(Duration::from_millis(50));
                    }
                }
                samples
            })
        };
        let (o, _) = drive(&server, 8, &batches, soak, u64::MAX, None);
        stop.store(true, Ordering::Relaxed);
        let samples = sampler.join().unwrap();
        report("soak", 8, 100, o);
        let mib = |k: u64| format!("{:.1}", k as f64 / 1024.0);
        let (first, last) = (samples.first().copied(), samples.last().copied());
        let half = &samples[samples.len() / 2..];
        println!(
            "soak VmRSS MiB: before {}, first {}, max {}, last {}; second half min {} max {} ({} samples)",
            before.map_or("?".into(), mib),
            first.map_or("?".into(), mib),
            samples.iter().max().copied().map_or("?".into(), mib),
            last.map_or("?".into(), mib),
            half.iter().min().copied().map_or("?".into(), mib),
            half.iter().max().copied().map_or("?".into(), mib),
            samples.len()
        );
        println!(
            "after soak VmRSS MiB: {}",
            server.rss_kib().map_or("?".into(), mib)
        );
    }
}
