//! `dualuse serve`: screening over HTTP, for procurement and order systems.
//!
//! JSON under `/v1` (DESIGN.md, "Service"), on axum, hyper and tokio:
//!
//! | route | does |
//! | --- | --- |
//! | `POST /v1/classify` | records for a batch of items, as `screen` writes them |
//! | `POST /v1/orders` | the same for order lines, with verdicts |
//! | `POST /v1/explain` | one item: its record and its near misses |
//! | `GET /v1/rulesets` | rule sets, party lists and their fingerprints |
//! | `POST /v1/admin/reload` | load the rules and party lists again |
//! | `GET /healthz`, `GET /metrics`, `GET /openapi.json` | health, Prometheus text, the API document |
//!
//! The parts: [`api`] (request bodies and their rows), [`error`] (the error
//! answer and its codes), [`metrics`] (the Prometheus text) and [`openapi`]
//! (the document). Here: the state, the router, the guard every request
//! passes (timeout, bearer token, concurrency, metrics), the handlers, and
//! reloading.
//!
//! **State and reload.** The compiled rules and party lists are one
//! [`Engine`] behind an [`ArcSwap`]: a request takes the engine of the
//! moment (one atomic load) and keeps it to its end, so every record of an
//! answer comes from the fingerprint the answer names. A reload (SIGHUP or
//! `POST /v1/admin/reload`) compiles a new engine beside the old one on a
//! blocking thread and swaps it in; a rule set that fails to load leaves
//! the old engine serving, and the admin answer carries the loader's
//! `file:line:col` diagnostics. Reloads run one at a time.
//!
//! **CPU.** Classification runs on a rayon pool (`--threads`), never on the
//! tokio workers: the handler hands the batch over and awaits a oneshot
//! channel, and a batch is split across the pool. A panic there is caught
//! and answered with a 500 (`internal`); the server goes on.
//!
//! **Records.** Each row goes through `screen`'s own
//! [`screen_row`](crate::cli::screen::screen_row), and the answer splices
//! its JSON lines into `records`: a record is byte for byte what `dualuse
//! screen` writes for the same row (the tests compare them).

pub mod api;
pub mod error;
pub mod metrics;
pub mod openapi;

use crate::cli::input::Row;
use crate::cli::screen::{Filters, OutputFormat, screen_row};
use crate::cli::{RuleArgs, pipeline};
use anyhow::{Context, Result, bail};
use api::{BatchRequest, ExplainRequest, ItemIn, OrderIn, ToRow};
use arc_swap::ArcSwap;
use axum::Router;
use axum::body::Body;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, get, post};
use clap::Args;
use dualuse::output::{NearMissRecord, Record};
use dualuse::{Matcher, NaiveDate, OrderScreener};
use error::{ApiError, Code, ErrorCode};
use http_body_util::{BodyExt, LengthLimitError, Limited};
use rayon::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;
use std::net::ToSocketAddrs;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Default `--max-body-bytes`: 4 MiB.
pub const DEFAULT_MAX_BODY_BYTES: usize = 4 << 20;
/// Default `--max-items`.
pub const DEFAULT_MAX_ITEMS: usize = 1000;
/// Default `--max-field-bytes`: 16 KiB.
pub const DEFAULT_MAX_FIELD_BYTES: usize = 16 << 10;
/// Default `--timeout`, in seconds.
pub const DEFAULT_TIMEOUT_SECS: f64 = 30.0;
/// Default `--concurrency`.
pub const DEFAULT_CONCURRENCY: usize = 256;

/// `dualuse serve`.
#[derive(Args, Debug)]
pub struct ServeArgs {
    /// Address to listen on (port 0: any free port; the address is printed).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    pub listen: String,
    #[command(flatten)]
    pub rules: RuleArgs,
    /// Party-list directory or file (repeatable); replaces the built-in lists.
    #[arg(long = "parties", value_name = "DIR")]
    pub parties: Vec<PathBuf>,
    /// Largest request body, in bytes (larger: 413 body-too-large).
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_MAX_BODY_BYTES, value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=1 << 30))]
    pub max_body_bytes: usize,
    /// Most items (or order lines) per request (more: 413 batch-too-large).
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_ITEMS, value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=1_000_000))]
    pub max_items: usize,
    /// Longest text field of an item, in bytes (longer: 422 field-too-long).
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_MAX_FIELD_BYTES, value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=1 << 30))]
    pub max_field_bytes: usize,
    /// Seconds a request may take, body included (longer: 408 timeout).
    #[arg(long, value_name = "SECS", default_value_t = DEFAULT_TIMEOUT_SECS, value_parser = parse_secs)]
    pub timeout: f64,
    /// Screening requests answered at once; more get 503 overloaded at once.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_CONCURRENCY, value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=100_000))]
    pub concurrency: usize,
    /// Classification threads [default: all cores].
    #[arg(long, value_name = "N", value_parser = pipeline::parse_threads)]
    pub threads: Option<usize>,
    /// File holding the bearer token that /v1 requests must send (else the
    /// DUALUSE_TOKEN environment variable; neither: no token needed).
    #[arg(long, value_name = "FILE")]
    pub token_file: Option<PathBuf>,
}

fn parse_secs(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v > 0.0 && v <= 86_400.0 => Ok(v),
        _ => Err("expected seconds, more than 0 and at most 86400".into()),
    }
}

/// Where the rules and party lists come from: read again on reload.
#[derive(Debug, Clone)]
struct Sources {
    rules: Vec<PathBuf>,
    parties: Vec<PathBuf>,
}

/// The compiled rules and party lists one answer is made with.
pub struct Engine {
    matcher: Matcher,
    screener: OrderScreener,
    loaded: chrono::DateTime<chrono::Utc>,
}

/// Why an engine did not load: the message and the loader's diagnostics.
#[derive(Debug)]
struct LoadFailure {
    message: String,
    diagnostics: Vec<String>,
}

impl LoadFailure {
    fn new(e: anyhow::Error) -> LoadFailure {
        let diagnostics = e
            .chain()
            .find_map(|c| match c.downcast_ref::<dualuse::Error>() {
                Some(dualuse::Error::Rules(d)) => Some(d.iter().map(|d| d.to_string()).collect()),
                _ => None,
            })
            .unwrap_or_default();
        LoadFailure {
            message: format!("{e:#}"),
            diagnostics,
        }
    }
}

impl Engine {
    /// Loads and compiles the rules and party lists of `sources`.
    fn load(sources: &Sources) -> Result<Engine, LoadFailure> {
        let load = || -> Result<Engine> {
            let rules = crate::cli::load_rules(&sources.rules).context("cannot load rules")?;
            let matcher = Matcher::new(rules).context("cannot compile rules")?;
            let screener = crate::cli::screen::order_screener(&sources.parties)?;
            Ok(Engine {
                matcher,
                screener,
                loaded: chrono::Utc::now(),
            })
        };
        load().map_err(LoadFailure::new)
    }

    fn fingerprint(&self) -> &str {
        self.matcher.fingerprint()
    }

    fn lists(&self) -> &str {
        self.screener.parties().fingerprint()
    }
}

/// Limits of one request.
#[derive(Debug, Clone, Copy)]
struct Limits {
    max_body_bytes: usize,
    max_items: usize,
    max_field_bytes: usize,
    timeout: Duration,
}

/// What every handler shares.
pub struct App {
    engine: ArcSwap<Engine>,
    sources: Sources,
    limits: Limits,
    token: Option<String>,
    metrics: metrics::Metrics,
    pool: rayon::ThreadPool,
    /// Screening requests being answered.
    permits: Arc<tokio::sync::Semaphore>,
    /// One reload at a time.
    reloading: tokio::sync::Mutex<()>,
}

type Shared = Arc<App>;

/// Every route: method and path. The router is built from this table, and
/// the OpenAPI document is checked against it.
pub const ROUTES: [(&str, &str); 8] = [
    ("POST", "/v1/classify"),
    ("POST", "/v1/orders"),
    ("POST", "/v1/explain"),
    ("GET", "/v1/rulesets"),
    ("POST", "/v1/admin/reload"),
    ("GET", "/healthz"),
    ("GET", "/metrics"),
    ("GET", "/openapi.json"),
];

/// Routes that screen: they take a concurrency permit.
const SCREENING: [&str; 3] = ["/v1/classify", "/v1/orders", "/v1/explain"];

/// The handler of a route of [`ROUTES`].
fn handler(path: &str) -> MethodRouter<Shared> {
    match path {
        "/v1/classify" => post(classify),
        "/v1/orders" => post(orders),
        "/v1/explain" => post(explain),
        "/v1/rulesets" => get(rulesets),
        "/v1/admin/reload" => post(admin_reload),
        "/healthz" => get(healthz),
        "/metrics" => get(metrics_text),
        "/openapi.json" => get(openapi::document),
        other => unreachable!("no handler for {other}"),
    }
}

/// The router: every route of [`ROUTES`], JSON errors for unknown routes
/// and methods, and the guard around all of them.
fn router(app: Shared) -> Router {
    let mut r = Router::new();
    for (_, path) in ROUTES {
        r = r.route(
            path,
            handler(path).fallback(|| async {
                ApiError::new(
                    Code::MethodNotAllowed,
                    "method not allowed on this route (see /openapi.json)",
                )
            }),
        );
    }
    r.fallback(|| async { ApiError::new(Code::NotFound, "no such route (see /openapi.json)") })
        .layer(axum::middleware::from_fn_with_state(app.clone(), guard))
        .with_state(app)
}

/// What every request passes: the timeout around all of it, the bearer
/// token on `/v1`, a concurrency permit on screening routes, and the
/// metrics.
async fn guard(State(app): State<Shared>, req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .and_then(|m| ROUTES.iter().find(|r| r.1 == m.as_str()))
        .map_or("unmatched", |r| r.1);
    let _in_flight = app.metrics.start();
    let started = Instant::now();
    let limit = app.limits.timeout;
    let resp = match tokio::time::timeout(limit, admit(&app, route, req, next)).await {
        Ok(r) => r,
        Err(_) => ApiError::new(
            Code::Timeout,
            format!("not answered within {} s (--timeout)", limit.as_secs_f64()),
        )
        .into_response(),
    };
    let mut resp = resp;
    // Every answer names a rule fingerprint: the one that made it (set by
    // the handler), else the one serving now.
    if !resp.headers().contains_key(FINGERPRINT_HEADER) {
        if let Ok(v) = HeaderValue::from_str(app.engine.load().fingerprint()) {
            resp.headers_mut().insert(FINGERPRINT_HEADER, v);
        }
    }
    let code = resp.extensions().get::<ErrorCode>().map(|c| c.0.as_str());
    app.metrics
        .finish(route, resp.status().as_u16(), started.elapsed(), code);
    resp
}

/// The header that names the rule fingerprint of every answer.
const FINGERPRINT_HEADER: &str = "dualuse-fingerprint";

async fn admit(app: &App, route: &str, req: Request, next: Next) -> Response {
    if req.uri().path().starts_with("/v1/") {
        if let Some(token) = &app.token {
            if !authorized(req.headers(), token) {
                return ApiError::new(
                    Code::Unauthorized,
                    "send the service's token as `Authorization: Bearer <token>`",
                )
                .into_response();
            }
        }
    }
    if !SCREENING.contains(&route) {
        return next.run(req).await;
    }
    let Ok(_permit) = app.permits.clone().try_acquire_owned() else {
        return ApiError::new(
            Code::Overloaded,
            "as many requests as --concurrency allows are being screened; retry",
        )
        .into_response();
    };
    next.run(req).await
}

/// True if the request carries `Authorization: Bearer <token>` (compared
/// in time independent of where the first difference is).
fn authorized(headers: &HeaderMap, token: &str) -> bool {
    let Some(given) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
    else {
        return false;
    };
    let (a, b) = (given.trim().as_bytes(), token.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |d, (x, y)| d | (x ^ y)) == 0
}

/// Reads a body of at most `--max-body-bytes`.
async fn read_body(app: &App, body: Body) -> Result<axum::body::Bytes, ApiError> {
    let limit = app.limits.max_body_bytes;
    match Limited::new(body, limit).collect().await {
        Ok(c) => Ok(c.to_bytes()),
        Err(e) if e.is::<LengthLimitError>() => Err(ApiError::new(
            Code::BodyTooLarge,
            format!("the body is larger than {limit} bytes (--max-body-bytes)"),
        )),
        Err(e) => Err(ApiError::new(
            Code::BadBody,
            format!("cannot read the body: {e}"),
        )),
    }
}

/// Runs `f` on the classification pool and awaits its result; a panic in
/// it becomes a 500.
async fn on_pool<T: Send + 'static>(
    app: &App,
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, ApiError> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    app.pool.spawn(move || {
        // The request timed out (or its client left) while this waited
        // for a thread: nobody wants the answer.
        if tx.is_closed() {
            return;
        }
        let _ = tx.send(std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)));
    });
    match rx.await {
        Ok(Ok(v)) => Ok(v),
        _ => Err(ApiError::new(
            Code::Internal,
            "screening this request failed (a bug: please report it); the server goes on",
        )),
    }
}

/// A JSON answer, with the rule fingerprint also as a header.
fn json(body: Vec<u8>, fingerprint: &str) -> Response {
    let mut r = (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        body,
    )
        .into_response();
    if let Ok(v) = HeaderValue::from_str(fingerprint) {
        r.headers_mut().insert(FINGERPRINT_HEADER, v);
    }
    r
}

fn to_json(v: &impl Serialize) -> Vec<u8> {
    // Serializing these answers to a Vec cannot fail: no map has non-string keys.
    serde_json::to_vec(v).unwrap_or_default()
}

/// The head of a batch answer, before `records`.
#[derive(Serialize)]
struct BatchHead<'a> {
    fingerprint: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    lists: Option<&'a str>,
    as_of: NaiveDate,
}

/// A screened batch: the answer's bytes, and hits by regime.
struct Screened {
    body: Vec<u8>,
    items: u64,
    hits: BTreeMap<&'static str, u64>,
}

/// Screens a batch: each item is a row of `screen`, numbered from 1, and
/// goes through `screen_row`; the JSON lines become `records`.
fn screen_batch<I: ToRow + Sync>(engine: &Engine, req: &BatchRequest<I>, orders: bool) -> Screened {
    let as_of = req.as_of.unwrap_or_else(crate::cli::today);
    let filters = Filters {
        min_confidence: req.min_confidence.map(Into::into),
        regimes: req.regimes.iter().map(|r| r.0).collect(),
    };
    let screener = orders.then_some(&engine.screener);
    let detail = req.detail.into();
    let records: Vec<(Vec<u8>, crate::cli::screen::Screened)> = req
        .items
        .par_iter()
        .with_min_len(8)
        .enumerate()
        .map(|(i, item)| {
            let row: Row = item.to_row(i as u64 + 1);
            let mut buf = Vec::with_capacity(512);
            let s = screen_row(
                &engine.matcher,
                screener,
                &row,
                as_of,
                &filters,
                OutputFormat::Jsonl,
                detail,
                true,
                &mut buf,
            );
            if buf.last() == Some(&b'\n') {
                buf.pop();
            }
            (buf, s)
        })
        .collect();
    let mut body = to_json(&BatchHead {
        fingerprint: engine.fingerprint(),
        lists: orders.then(|| engine.lists()),
        as_of,
    });
    body.pop(); // the closing brace
    body.extend_from_slice(b",\"records\":[");
    let mut hits = BTreeMap::new();
    for (i, (rec, s)) in records.iter().enumerate() {
        if i > 0 {
            body.push(b',');
        }
        body.extend_from_slice(rec);
        for (regime, _, _) in &s.hits {
            *hits.entry(*regime).or_default() += 1;
        }
    }
    body.extend_from_slice(b"]}");
    Screened {
        body,
        items: records.len() as u64,
        hits,
    }
}

async fn batch<I>(
    app: Shared,
    body: Body,
    route: &'static str,
    orders: bool,
) -> Result<Response, ApiError>
where
    I: ToRow + DeserializeOwned + Send + Sync + 'static,
{
    let bytes = read_body(&app, body).await?;
    let req: BatchRequest<I> = api::parse(&bytes)?;
    api::check_batch(&req.items, app.limits.max_items, app.limits.max_field_bytes)?;
    let engine = app.engine.load_full();
    let fingerprint = engine.fingerprint().to_string();
    let s = on_pool(&app, move || screen_batch(&engine, &req, orders)).await?;
    app.metrics.screened(route, s.items, &s.hits);
    Ok(json(s.body, &fingerprint))
}

async fn classify(State(app): State<Shared>, body: Body) -> Result<Response, ApiError> {
    batch::<ItemIn>(app, body, "/v1/classify", false).await
}

async fn orders(State(app): State<Shared>, body: Body) -> Result<Response, ApiError> {
    batch::<OrderIn>(app, body, "/v1/orders", true).await
}

async fn explain(State(app): State<Shared>, body: Body) -> Result<Response, ApiError> {
    let bytes = read_body(&app, body).await?;
    let req: ExplainRequest = api::parse(&bytes)?;
    api::check_fields(&req.fields(), app.limits.max_field_bytes, None)?;
    let engine = app.engine.load_full();
    let fingerprint = engine.fingerprint().to_string();
    let (body, hits) = on_pool(&app, move || explain_item(&engine, &req)).await?;
    app.metrics.screened("/v1/explain", 1, &hits);
    Ok(json(body, &fingerprint))
}

/// The answer of `/v1/explain`: the record (as `explain --json` writes it)
/// and every near miss.
fn explain_item(engine: &Engine, req: &ExplainRequest) -> (Vec<u8>, BTreeMap<&'static str, u64>) {
    #[derive(Serialize)]
    struct Answer<'a> {
        fingerprint: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        lists: Option<&'a str>,
        as_of: NaiveDate,
        record: Record<'a>,
        near_misses: Vec<NearMissRecord<'a>>,
    }
    let row = req.to_row();
    let as_of = req.as_of.unwrap_or_else(crate::cli::today);
    let lists = row.order.as_ref().map(|_| engine.lists());
    if let Some(error) = &row.error {
        let answer = Answer {
            fingerprint: engine.fingerprint(),
            lists,
            as_of,
            record: Record::error(1, row.id.as_deref(), error.clone(), engine.fingerprint()),
            near_misses: Vec::new(),
        };
        return (to_json(&answer), BTreeMap::new());
    }
    let item = row.item(as_of);
    let c = engine.matcher.classify_explained(&item);
    let verdict = row
        .order(item)
        .map(|o| engine.screener.verdict(&o, &c, as_of));
    let mut record = Record::new(1, row.id.as_deref(), &c);
    if let Some(v) = &verdict {
        record = record.with_verdict(v, engine.lists());
    }
    let mut hits = BTreeMap::new();
    for h in &c.hits {
        *hits.entry(h.ruleset.regime.as_str()).or_default() += 1;
    }
    let answer = Answer {
        fingerprint: engine.fingerprint(),
        lists,
        as_of,
        record,
        near_misses: c.near_misses.iter().map(NearMissRecord).collect(),
    };
    (to_json(&answer), hits)
}

async fn rulesets(State(app): State<Shared>) -> Response {
    #[derive(Serialize)]
    struct RuleSet<'a> {
        id: &'a str,
        regime: &'a str,
        title: &'a str,
        instrument: &'a str,
        source: &'a str,
        effective: NaiveDate,
        reviewed: NaiveDate,
        suspended: &'a [dualuse::Suspension],
        rules: usize,
    }
    #[derive(Serialize)]
    struct List<'a> {
        id: &'a str,
        regime: &'a str,
        kind: &'a str,
        title: &'a str,
        instrument: &'a str,
        source: &'a str,
        effective: NaiveDate,
        reviewed: NaiveDate,
        suspended: &'a [dualuse::Suspension],
        listings: usize,
    }
    #[derive(Serialize)]
    struct Answer<'a> {
        fingerprint: &'a str,
        lists: &'a str,
        loaded: String,
        source: &'a str,
        rulesets: Vec<RuleSet<'a>>,
        party_lists: Vec<List<'a>>,
    }
    let engine = app.engine.load_full();
    let rs = engine.matcher.ruleset();
    let parties = engine.screener.parties();
    let source = match (app.sources.rules.is_empty(), app.sources.parties.is_empty()) {
        (true, true) => "built-in",
        (false, false) => "files",
        (false, true) => "files (rules), built-in (party lists)",
        (true, false) => "built-in (rules), files (party lists)",
    };
    let answer = Answer {
        fingerprint: engine.fingerprint(),
        lists: engine.lists(),
        loaded: engine
            .loaded
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        source,
        rulesets: rs
            .infos()
            .iter()
            .map(|i| RuleSet {
                id: &i.id,
                regime: i.regime.as_str(),
                title: &i.title,
                instrument: &i.instrument,
                source: &i.source,
                effective: i.effective,
                reviewed: i.reviewed,
                suspended: &i.suspended,
                rules: rs.rules().iter().filter(|r| rs.info(r).id == i.id).count(),
            })
            .collect(),
        party_lists: parties
            .lists()
            .iter()
            .enumerate()
            .map(|(n, l)| List {
                id: &l.id,
                regime: l.regime.as_str(),
                kind: l.kind.as_str(),
                title: &l.title,
                instrument: &l.instrument,
                source: &l.source,
                effective: l.effective,
                reviewed: l.reviewed,
                suspended: &l.suspended,
                listings: parties.parties().iter().filter(|p| p.list == n).count(),
            })
            .collect(),
    };
    json(to_json(&answer), engine.fingerprint())
}

async fn healthz(State(app): State<Shared>) -> Response {
    let engine = app.engine.load();
    let body = to_json(&serde_json::json!({
        "status": "ok",
        "fingerprint": engine.fingerprint(),
        "lists": engine.lists(),
    }));
    json(body, engine.fingerprint())
}

async fn metrics_text(State(app): State<Shared>) -> Response {
    let engine = app.engine.load();
    let text = app.metrics.render(
        engine.fingerprint(),
        engine.lists(),
        engine.matcher.ruleset().rules().len(),
    );
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
        )],
        text,
    )
        .into_response()
}

/// What a reload did.
#[derive(Serialize)]
struct Reloaded {
    reloaded: bool,
    message: String,
    fingerprint: String,
    lists: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    previous: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    previous_lists: Option<String>,
}

/// Loads the rules and party lists again from the same sources and swaps
/// them in; on failure the old ones stay.
async fn reload(app: &Shared) -> Result<Reloaded, ApiError> {
    let _one = app.reloading.lock().await;
    let old = app.engine.load_full();
    if app.sources.rules.is_empty() && app.sources.parties.is_empty() {
        app.metrics.reload("unchanged");
        return Ok(Reloaded {
            reloaded: false,
            message:
                "built-in rules and party lists are compiled into the binary: nothing to reload"
                    .into(),
            fingerprint: old.fingerprint().into(),
            lists: old.lists().into(),
            previous: None,
            previous_lists: None,
        });
    }
    let sources = app.sources.clone();
    let loaded = tokio::task::spawn_blocking(move || Engine::load(&sources))
        .await
        .unwrap_or_else(|e| {
            Err(LoadFailure {
                message: format!("loading panicked: {e}"),
                diagnostics: Vec::new(),
            })
        });
    match loaded {
        Ok(new) => {
            let new = Arc::new(new);
            app.engine.store(new.clone());
            app.metrics.reload("ok");
            Ok(Reloaded {
                reloaded: true,
                message: if new.fingerprint() == old.fingerprint() && new.lists() == old.lists() {
                    "reloaded; the rules and party lists are unchanged".into()
                } else {
                    "reloaded".into()
                },
                fingerprint: new.fingerprint().into(),
                lists: new.lists().into(),
                previous: Some(old.fingerprint().into()),
                previous_lists: Some(old.lists().into()),
            })
        }
        Err(f) => {
            app.metrics.reload("failed");
            let mut e = ApiError::new(
                Code::ReloadFailed,
                format!(
                    "{}; the previous rules and party lists still serve",
                    f.message
                ),
            );
            e.diagnostics = f.diagnostics;
            e.fingerprint = Some(old.fingerprint().into());
            Err(e)
        }
    }
}

async fn admin_reload(State(app): State<Shared>) -> Result<Response, ApiError> {
    let r = reload(&app).await;
    log_reload(&r.as_ref());
    let r = r?;
    let fp = r.fingerprint.clone();
    Ok(json(to_json(&r), &fp))
}

fn log_reload(r: &Result<&Reloaded, &ApiError>) {
    match r {
        Ok(r) => eprintln!(
            "dualuse: reload: {} (rules {}, party lists {})",
            r.message, r.fingerprint, r.lists
        ),
        Err(e) => {
            eprintln!("dualuse: reload failed: {}", e.message);
            for d in &e.diagnostics {
                eprintln!("  {d}");
            }
        }
    }
}

/// Reads the bearer token: `--token-file`, else `DUALUSE_TOKEN`.
fn token(args: &ServeArgs) -> Result<Option<String>> {
    let token = match &args.token_file {
        Some(path) => Some(
            std::fs::read_to_string(path)
                .with_context(|| format!("cannot read {}", path.display()))?,
        ),
        None => std::env::var("DUALUSE_TOKEN").ok(),
    };
    match token.map(|t| t.trim().to_string()) {
        Some(t) if t.is_empty() => bail!("the bearer token is empty"),
        Some(t) if !t.bytes().all(|b| b.is_ascii_graphic()) => {
            bail!("the bearer token must be printable ASCII without spaces")
        }
        t => Ok(t),
    }
}

/// Resolves when SIGTERM or Ctrl-C arrives.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    eprintln!("dualuse: shutting down: finishing the requests in flight");
}

/// Accepts connections and serves HTTP/1 on each until SIGTERM or Ctrl-C,
/// then stops accepting, lets every connection finish the request it is
/// in, and returns.
///
/// The loop of `axum::serve`, with one addition: a timer, so that a client
/// must send a request's headers within `header_timeout` (`--timeout`), or
/// the connection is closed. The guard's timeout starts only once the
/// headers are in.
async fn serve_connections(
    listener: tokio::net::TcpListener,
    router: Router,
    header_timeout: Duration,
) {
    use hyper_util::rt::{TokioIo, TokioTimer};
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown_signal());
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(e) => {
                    // Out of file descriptors, say: wait, then go on.
                    eprintln!("dualuse: cannot accept a connection: {e}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let service = hyper_util::service::TowerToHyperService::new(router.clone());
        let conn = hyper::server::conn::http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(header_timeout)
            .serve_connection(TokioIo::new(stream), service);
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            // A connection's errors (a client gone, headers too slow) end
            // that connection only.
            let _ = conn.await;
        });
    }
    drop(listener);
    graceful.shutdown().await;
}

/// Reloads on every SIGHUP.
#[cfg(unix)]
fn reload_on_hangup(app: Shared) -> Result<()> {
    let mut hup = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup())
        .context("cannot listen for SIGHUP")?;
    tokio::spawn(async move {
        while hup.recv().await.is_some() {
            let r = reload(&app).await;
            log_reload(&r.as_ref());
        }
    });
    Ok(())
}

/// Runs `dualuse serve` until SIGTERM or Ctrl-C.
pub fn run(args: ServeArgs) -> Result<i32> {
    let token = token(&args)?;
    let sources = Sources {
        rules: args.rules.rules.clone(),
        parties: args.parties.clone(),
    };
    let engine = Engine::load(&sources).map_err(|f| anyhow::anyhow!("{}", f.message))?;
    let addr = args
        .listen
        .to_socket_addrs()
        .with_context(|| format!("cannot resolve --listen {}", args.listen))?
        .next()
        .with_context(|| format!("--listen {} names no address", args.listen))?;
    let pool = pipeline::pool(args.threads)?;
    let app = Arc::new(App {
        engine: ArcSwap::from_pointee(engine),
        sources,
        limits: Limits {
            max_body_bytes: args.max_body_bytes,
            max_items: args.max_items,
            max_field_bytes: args.max_field_bytes,
            timeout: Duration::from_secs_f64(args.timeout),
        },
        token,
        metrics: metrics::Metrics::default(),
        pool,
        permits: Arc::new(tokio::sync::Semaphore::new(args.concurrency)),
        reloading: tokio::sync::Mutex::new(()),
    });
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .with_context(|| format!("cannot listen on {addr}"))?;
        let bound = listener.local_addr().context("cannot read the bound address")?;
        #[cfg(unix)]
        reload_on_hangup(app.clone())?;
        {
            let e = app.engine.load();
            eprintln!(
                "dualuse: serving on http://{bound} (rules {}, party lists {}{})",
                e.fingerprint(),
                e.lists(),
                if app.token.is_some() { ", bearer token required on /v1" } else { "" }
            );
            if app.token.is_none() && !bound.ip().is_loopback() {
                eprintln!(
                    "dualuse: warning: no bearer token (--token-file, DUALUSE_TOKEN): anyone who reaches {bound} can screen and reload"
                );
            }
        }
        let timeout = app.limits.timeout;
        serve_connections(listener, router(app), timeout).await;
        eprintln!("dualuse: stopped");
        Ok::<_, anyhow::Error>(())
    })?;
    Ok(crate::cli::EXIT_OK)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bearer_tokens() {
        let mut h = HeaderMap::new();
        assert!(!authorized(&h, "s3cret"));
        h.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("Bearer s3cret"),
        );
        assert!(authorized(&h, "s3cret"));
        assert!(!authorized(&h, "s3cre"));
        assert!(!authorized(&h, "s3creT"));
        h.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("Basic s3cret"),
        );
        assert!(!authorized(&h, "s3cret"));
    }

    #[test]
    fn every_route_has_a_handler() {
        use axum::http::Method;
        for (method, path) in ROUTES {
            let _ = handler(path);
            assert!(method == Method::GET.as_str() || method == Method::POST.as_str());
        }
    }
}
