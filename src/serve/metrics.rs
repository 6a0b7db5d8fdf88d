//! Prometheus metrics in the text exposition format (version 0.0.4).
//!
//! Written by hand, not with the `prometheus-client` crate: the service has
//! a fixed, small set of series (counters by route and status, one latency
//! histogram per route, counts by regime, error code and reload result, and
//! one info gauge), all updated under one short lock next to work that
//! takes far longer, and the format is a few lines of text. A crate would
//! add a registry, derive macros for label sets and its dependencies for
//! that.
//!
//! Series (all prefixed `dualuse_`):
//!
//! | name | type | labels |
//! | --- | --- | --- |
//! | `http_requests_total` | counter | `route`, `status` |
//! | `http_request_duration_seconds` | histogram | `route` |
//! | `http_requests_in_flight` | gauge | |
//! | `items_total` | counter | `route` (items screened) |
//! | `hits_total` | counter | `regime` |
//! | `errors_total` | counter | `code` (error answers) |
//! | `reloads_total` | counter | `result` (`ok`, `failed`, `unchanged`) |
//! | `rules_info` | gauge (1) | `fingerprint`, `lists` |
//! | `rules` | gauge | rules loaded |

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::time::Duration;

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 14] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

#[derive(Default)]
struct Histogram {
    /// Count per bucket (not cumulative; summed when written).
    counts: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

#[derive(Default)]
struct Inner {
    requests: BTreeMap<(&'static str, u16), u64>,
    latency: BTreeMap<&'static str, Histogram>,
    in_flight: i64,
    items: BTreeMap<&'static str, u64>,
    hits: BTreeMap<&'static str, u64>,
    errors: BTreeMap<&'static str, u64>,
    reloads: BTreeMap<&'static str, u64>,
}

/// A request in flight; see [`Metrics::start`].
pub struct InFlight<'a>(&'a Metrics);

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.with(|m| m.in_flight -= 1);
    }
}

/// The service's counters.
#[derive(Default)]
pub struct Metrics {
    inner: Mutex<Inner>,
}

impl Metrics {
    fn with<T>(&self, f: impl FnOnce(&mut Inner) -> T) -> T {
        // A panic while holding the lock cannot leave the counters
        // inconsistent in a way that matters: go on with them.
        let mut g = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut g)
    }

    /// A request started: counted in flight until the guard is dropped
    /// (answered, or given up when the client went away).
    #[must_use = "the request counts as in flight until the guard is dropped"]
    pub fn start(&self) -> InFlight<'_> {
        self.with(|m| m.in_flight += 1);
        InFlight(self)
    }

    /// A request on `route` ended with `status` after `elapsed`, with the
    /// error code `error` if it was an error answer.
    pub fn finish(
        &self,
        route: &'static str,
        status: u16,
        elapsed: Duration,
        error: Option<&'static str>,
    ) {
        let secs = elapsed.as_secs_f64();
        self.with(|m| {
            *m.requests.entry((route, status)).or_default() += 1;
            let h = m.latency.entry(route).or_default();
            if let Some(i) = BUCKETS.iter().position(|&b| secs <= b) {
                h.counts[i] += 1;
            }
            h.count += 1;
            h.sum += secs;
            if let Some(code) = error {
                *m.errors.entry(code).or_default() += 1;
            }
        });
    }

    /// `items` items were screened on `route`, with these hits by regime.
    pub fn screened(&self, route: &'static str, items: u64, hits: &BTreeMap<&'static str, u64>) {
        self.with(|m| {
            *m.items.entry(route).or_default() += items;
            for (regime, n) in hits {
                *m.hits.entry(regime).or_default() += n;
            }
        });
    }

    /// A reload ended: `ok`, `failed` or `unchanged`.
    pub fn reload(&self, result: &'static str) {
        self.with(|m| *m.reloads.entry(result).or_default() += 1);
    }

    /// The exposition, with the info gauge of the rules now served.
    pub fn render(&self, fingerprint: &str, lists: &str, rules: usize) -> String {
        let mut o = String::with_capacity(4096);
        self.with(|m| {
            family(&mut o, "http_requests_total", "counter", "HTTP requests answered, by route and status.");
            for ((route, status), n) in &m.requests {
                let _ = writeln!(o, "dualuse_http_requests_total{{route=\"{}\",status=\"{status}\"}} {n}", escape(route));
            }
            family(&mut o, "http_request_duration_seconds", "histogram", "Time from request to answer, by route.");
            for (route, h) in &m.latency {
                let route = escape(route);
                let mut cumulative = 0;
                for (b, c) in BUCKETS.iter().zip(h.counts) {
                    cumulative += c;
                    let _ = writeln!(o, "dualuse_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{b}\"}} {cumulative}");
                }
                let _ = writeln!(o, "dualuse_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}", h.count);
                let _ = writeln!(o, "dualuse_http_request_duration_seconds_sum{{route=\"{route}\"}} {}", h.sum);
                let _ = writeln!(o, "dualuse_http_request_duration_seconds_count{{route=\"{route}\"}} {}", h.count);
            }
            family(&mut o, "http_requests_in_flight", "gauge", "Requests being answered.");
            let _ = writeln!(o, "dualuse_http_requests_in_flight {}", m.in_flight);
            family(&mut o, "items_total", "counter", "Items and order lines screened, by route.");
            for (route, n) in &m.items {
                let _ = writeln!(o, "dualuse_items_total{{route=\"{}\"}} {n}", escape(route));
            }
            family(&mut o, "hits_total", "counter", "Hits in screened records, by regime.");
            for (regime, n) in &m.hits {
                let _ = writeln!(o, "dualuse_hits_total{{regime=\"{}\"}} {n}", escape(regime));
            }
            family(&mut o, "errors_total", "counter", "Error answers, by error code.");
            for (code, n) in &m.errors {
                let _ = writeln!(o, "dualuse_errors_total{{code=\"{}\"}} {n}", escape(code));
            }
            family(&mut o, "reloads_total", "counter", "Reloads of rules and party lists, by result (ok, failed, unchanged).");
            for (result, n) in &m.reloads {
                let _ = writeln!(o, "dualuse_reloads_total{{result=\"{}\"}} {n}", escape(result));
            }
        });
        family(
            &mut o,
            "rules_info",
            "gauge",
            "The rule set and party lists served (value 1; fingerprints as labels).",
        );
        let _ = writeln!(
            o,
            "dualuse_rules_info{{fingerprint=\"{}\",lists=\"{}\"}} 1",
            escape(fingerprint),
            escape(lists)
        );
        family(&mut o, "rules", "gauge", "Rules in the rule set served.");
        let _ = writeln!(o, "dualuse_rules {rules}");
        o
    }
}

fn family(o: &mut String, name: &str, kind: &str, help: &str) {
    let _ = writeln!(o, "# HELP dualuse_{name} {help}");
    let _ = writeln!(o, "# TYPE dualuse_{name} {kind}");
}

/// A label value with `\`, `"` and line feeds escaped, as the format asks.
fn escape(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains(['\\', '"', '\n']) {
        return s.into();
    }
    s.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exposition() {
        let m = Metrics::default();
        let r = m.start();
        m.finish("/v1/classify", 200, Duration::from_millis(3), None);
        drop(r);
        let r = m.start();
        m.finish(
            "/v1/classify",
            422,
            Duration::from_secs(20),
            Some("empty-batch"),
        );
        drop(r);
        // One still in flight.
        let _r = m.start();
        m.screened("/v1/classify", 5, &BTreeMap::from([("CN", 2)]));
        m.reload("failed");
        let text = m.render("sha256:a\"b", "sha256:c", 7);
        assert!(
            text.contains("dualuse_http_requests_total{route=\"/v1/classify\",status=\"200\"} 1\n")
        );
        assert!(text.contains(
            "dualuse_http_request_duration_seconds_bucket{route=\"/v1/classify\",le=\"0.005\"} 1\n"
        ));
        assert!(text.contains(
            "dualuse_http_request_duration_seconds_bucket{route=\"/v1/classify\",le=\"10\"} 1\n"
        ));
        assert!(text.contains(
            "dualuse_http_request_duration_seconds_bucket{route=\"/v1/classify\",le=\"+Inf\"} 2\n"
        ));
        assert!(
            text.contains(
                "dualuse_http_request_duration_seconds_count{route=\"/v1/classify\"} 2\n"
            )
        );
        assert!(text.contains("dualuse_http_requests_in_flight 1\n"));
        assert!(text.contains("dualuse_items_total{route=\"/v1/classify\"} 5\n"));
        assert!(text.contains("dualuse_hits_total{regime=\"CN\"} 2\n"));
        assert!(text.contains("dualuse_errors_total{code=\"empty-batch\"} 1\n"));
        assert!(text.contains("dualuse_reloads_total{result=\"failed\"} 1\n"));
        assert!(
            text.contains(
                "dualuse_rules_info{fingerprint=\"sha256:a\\\"b\",lists=\"sha256:c\"} 1\n"
            )
        );
        assert!(text.contains("dualuse_rules 7\n"));
        // Every sample line belongs to a family announced before it.
        let mut typed = Vec::new();
        for line in text.lines() {
            if let Some(rest) = line.strip_prefix("# TYPE ") {
                typed.push(rest.split(' ').next().unwrap().to_string());
            } else if !line.starts_with('#') {
                let name = line.split(['{', ' ']).next().unwrap();
                assert!(typed.iter().any(|t| name.starts_with(t.as_str())), "{line}");
            }
        }
    }
}
