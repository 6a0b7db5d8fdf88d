//! `dualuse serve`, end to end: each test starts the real binary on an
//! ephemeral loopback port (`--listen 127.0.0.1:0`, the bound address read
//! from its first line on stderr) and talks HTTP to it with a real client
//! (ureq) or, where a test must hold a request half-sent, over a raw TCP
//! socket. Nothing of the HTTP layer is mocked.
//!
//! No test asserts how fast anything is; waits are bounded by generous
//! deadlines only, so a hang fails instead of blocking the suite.

#![cfg(feature = "serve")]

use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long anything may take before the test calls it a hang.
const DEADLINE: Duration = Duration::from_secs(120);

const BIN: &str = env!("CARGO_BIN_EXE_dualuse");

/// A running server; killed when dropped.
struct Server {
    child: Child,
    addr: String,
    stderr: Arc<Mutex<Vec<String>>>,
    token: Option<String>,
}

impl Server {
    fn start(args: &[&str]) -> Server {
        Server::start_with(args, &[])
    }

    fn start_with(args: &[&str], env: &[(&str, &str)]) -> Server {
        let mut cmd = Command::new(BIN);
        cmd.args(["serve", "--listen", "127.0.0.1:0"])
            .args(args)
            .env_remove("DUALUSE_TOKEN")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("start dualuse serve");
        let stderr = Arc::new(Mutex::new(Vec::new()));
        let (tx, rx) = std::sync::mpsc::channel();
        let lines = BufReader::new(child.stderr.take().unwrap());
        let keep = stderr.clone();
        std::thread::spawn(move || {
            for line in lines.lines().map_while(Result::ok) {
                if let Some(rest) = line.strip_prefix("dualuse: serving on http://") {
                    let _ = tx.send(rest.split(' ').next().unwrap().to_string());
                }
                keep.lock().unwrap().push(line);
            }
        });
        let addr = match rx.recv_timeout(DEADLINE) {
            Ok(a) => a,
            Err(_) => {
                let _ = child.kill();
                panic!(
                    "the server did not start: {:?}",
                    stderr.lock().unwrap().join("\n")
                );
            }
        };
        Server {
            child,
            addr,
            stderr,
            token: None,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    fn agent() -> ureq::Agent {
        ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(DEADLINE))
            .build()
            .into()
    }

    /// POSTs `body` (as is); the status and the body as text.
    fn post_raw(&self, path: &str, body: &[u8]) -> (u16, String) {
        let mut req = Server::agent()
            .post(self.url(path))
            .content_type("application/json");
        if let Some(t) = &self.token {
            req = req.header("Authorization", format!("Bearer {t}"));
        }
        let mut resp = req.send(body).expect("POST");
        let status = resp.status().as_u16();
        (status, resp.body_mut().read_to_string().expect("body"))
    }

    fn post(&self, path: &str, body: &Value) -> (u16, Value) {
        let (status, text) = self.post_raw(path, body.to_string().as_bytes());
        (status, parse(&text))
    }

    fn get_text(&self, path: &str) -> (u16, String) {
        let mut req = Server::agent().get(self.url(path));
        if let Some(t) = &self.token {
            req = req.header("Authorization", format!("Bearer {t}"));
        }
        let mut resp = req.call().expect("GET");
        let status = resp.status().as_u16();
        (status, resp.body_mut().read_to_string().expect("body"))
    }

    fn get(&self, path: &str) -> (u16, Value) {
        let (status, text) = self.get_text(path);
        (status, parse(&text))
    }

    fn pid(&self) -> u32 {
        self.child.id()
    }

    fn signal(&self, name: &str) {
        // The shell's own `kill`: no procps needed.
        let ok = Command::new("sh")
            .args(["-c", &format!("kill -{name} {}", self.pid())])
            .status()
            .expect("run kill")
            .success();
        assert!(ok, "kill -{name}");
    }

    /// The value of a metric sample line (`name{labels}`) in /metrics.
    fn metric(&self, sample: &str) -> Option<f64> {
        let (_, text) = self.get_text("/metrics");
        text.lines()
            .find_map(|l| l.strip_prefix(sample)?.strip_prefix(' ')?.parse().ok())
    }

    /// Waits until `dualuse_http_requests_in_flight` (which counts the
    /// /metrics request itself) reaches `n`.
    fn wait_in_flight(&self, n: f64) {
        let start = Instant::now();
        while self.metric("dualuse_http_requests_in_flight") != Some(n) {
            assert!(start.elapsed() < DEADLINE, "never {n} requests in flight");
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn parse(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

/// The error code of an error answer.
fn code(v: &Value) -> &str {
    v["error"]["code"].as_str().unwrap_or("<none>")
}

/// A request sent over a raw socket up to part of its body: the server
/// holds it in flight until the rest comes or the socket closes.
struct HalfSent {
    stream: TcpStream,
    rest: Vec<u8>,
}

impl HalfSent {
    fn open(server: &Server, path: &str, body: &[u8], sent: usize) -> HalfSent {
        let mut stream = TcpStream::connect(&server.addr).expect("connect");
        stream.set_read_timeout(Some(DEADLINE)).unwrap();
        let head = format!(
            "POST {path} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            server.addr,
            body.len()
        );
        stream.write_all(head.as_bytes()).unwrap();
        stream.write_all(&body[..sent]).unwrap();
        stream.flush().unwrap();
        HalfSent {
            stream,
            rest: body[sent..].to_vec(),
        }
    }

    /// Sends the rest (if `finish`) and reads the answer: status and body.
    fn answer(mut self, finish: bool) -> (u16, String) {
        if finish {
            self.stream.write_all(&self.rest).unwrap();
        }
        let mut raw = String::new();
        self.stream
            .read_to_string(&mut raw)
            .expect("read the answer");
        let status = raw
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("no status line: {raw:?}"));
        let body = raw.split_once("\r\n\r\n").map_or("", |(_, b)| b);
        (status, body.to_string())
    }
}

// ---------------------------------------------------------------------------
// A small validator for the JSON Schema subset the OpenAPI document uses:
// `$ref`, `type` (one or a list), `enum`, `required`, `properties` (closed
// unless `additionalProperties` is true), `items`, `minItems`.

fn validate(doc: &Value, schema: &Value, v: &Value, at: &str) -> Result<(), String> {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        let name = r.strip_prefix("#/components/schemas/").unwrap();
        return validate(doc, &doc["components"]["schemas"][name], v, at);
    }
    if let Some(t) = schema.get("type") {
        let types: Vec<&str> = match t {
            Value::String(s) => vec![s.as_str()],
            Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
            _ => return Err(format!("{at}: bad type in schema")),
        };
        let ok = types.iter().any(|t| match *t {
            "object" => v.is_object(),
            "array" => v.is_array(),
            "string" => v.is_string(),
            "integer" => v.is_i64() || v.is_u64(),
            "number" => v.is_number(),
            "boolean" => v.is_boolean(),
            "null" => v.is_null(),
            _ => false,
        });
        if !ok {
            return Err(format!("{at}: {v} is not of type {types:?}"));
        }
    }
    if let Some(e) = schema.get("enum").and_then(Value::as_array) {
        if !e.contains(v) {
            return Err(format!("{at}: {v} is not one of {e:?}"));
        }
    }
    if let Some(obj) = v.as_object() {
        for r in schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let r = r.as_str().unwrap();
            if !obj.contains_key(r) {
                return Err(format!("{at}: missing `{r}`"));
            }
        }
        if let Some(props) = schema.get("properties").and_then(Value::as_object) {
            let open = schema.get("additionalProperties") == Some(&Value::Bool(true));
            for (k, val) in obj {
                match props.get(k) {
                    Some(s) => validate(doc, s, val, &format!("{at}.{k}"))?,
                    None if open => {}
                    None => return Err(format!("{at}: `{k}` is not in the schema")),
                }
            }
        }
    }
    if let Some(a) = v.as_array() {
        if let Some(min) = schema.get("minItems").and_then(Value::as_u64) {
            if (a.len() as u64) < min {
                return Err(format!("{at}: fewer than {min} items"));
            }
        }
        if let Some(items) = schema.get("items") {
            for (i, x) in a.iter().enumerate() {
                validate(doc, items, x, &format!("{at}[{i}]"))?;
            }
        }
    }
    Ok(())
}

/// Validates an answer against the document's schema for this route,
/// method and status.
fn check_answer(doc: &Value, method: &str, path: &str, status: u16, v: &Value) {
    let op = &doc["paths"][path][method];
    assert!(op.is_object(), "{method} {path} is not documented");
    let resp = &op["responses"][status.to_string()];
    assert!(
        resp.is_object(),
        "{method} {path}: status {status} is not documented"
    );
    let schema = &resp["content"]["application/json"]["schema"];
    validate(doc, schema, v, &format!("{method} {path} {status}"))
        .unwrap_or_else(|e| panic!("{e}"));
}

/// Validates a request body against the document.
fn check_request(doc: &Value, path: &str, v: &Value) {
    let schema =
        &doc["paths"][path]["post"]["requestBody"]["content"]["application/json"]["schema"];
    validate(doc, schema, v, &format!("request {path}")).unwrap_or_else(|e| panic!("{e}"));
}

fn error_schema_ok(doc: &Value, v: &Value) {
    validate(
        doc,
        &json!({"$ref": "#/components/schemas/Error"}),
        v,
        "error",
    )
    .unwrap_or_else(|e| panic!("{e}"));
}

// ---------------------------------------------------------------------------

#[test]
fn every_route_answers_as_the_openapi_document_says() {
    let s = Server::start(&[]);
    let (status, doc) = s.get("/openapi.json");
    assert_eq!(status, 200);
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));

    let classify = json!({"items": [
        {"id": "A-1", "description": "Sm2Co17 ring magnet, OD 20 mm", "hs_code": "8505.11"},
        {"id": 2, "description": "Graphite pencils HB", "hs_code": 960910},
        {"description": "   "}
    ], "as_of": "2026-11-30"});
    check_request(&doc, "/v1/classify", &classify);
    let (status, v) = s.post("/v1/classify", &classify);
    assert_eq!(status, 200, "{v}");
    check_answer(&doc, "post", "/v1/classify", 200, &v);
    let recs = v["records"].as_array().unwrap();
    assert_eq!(recs.len(), 3);
    assert_eq!(recs[0]["row"], 1);
    assert_eq!(recs[0]["hits"][0]["rule"], "CN-1C902.a.4");
    assert_eq!(recs[1]["id"], "2");
    assert_eq!(recs[2]["error"], "missing description (key `description`)");
    let fp = v["fingerprint"].as_str().unwrap();
    assert!(fp.starts_with("sha256:"));
    assert!(recs.iter().all(|r| r["fingerprint"] == fp));

    let ids = json!({"items": [{"description": "SmCo magnet", "hs_code": "8505.11"}],
        "detail": "ids", "min_confidence": "text", "regimes": ["cn"], "as_of": "2026-11-30"});
    check_request(&doc, "/v1/classify", &ids);
    let (status, v) = s.post("/v1/classify", &ids);
    assert_eq!(status, 200, "{v}");
    check_answer(&doc, "post", "/v1/classify", 200, &v);
    let hits = v["records"][0]["hits"].as_array().unwrap();
    assert!(!hits.is_empty());
    assert!(
        hits.iter()
            .all(|h| h["rule"].as_str().unwrap().starts_with("CN-")
                && h["confidence"] != "hs"
                && h.get("spans").is_some())
    );

    let orders = json!({"items": [
        {"id": "SO-01", "description": "Dysprosium metal 99.9% 1 kg ingot", "hs_code": "8112.99",
         "destination": "JP", "consignee": "MITSUBISHI HEAVY INDUSTRIES AERO ENGINES LTD"},
        {"id": "SO-02", "description": "Office chairs", "destination": "DE"}
    ], "as_of": "2026-11-30"});
    check_request(&doc, "/v1/orders", &orders);
    let (status, v) = s.post("/v1/orders", &orders);
    assert_eq!(status, 200, "{v}");
    check_answer(&doc, "post", "/v1/orders", 200, &v);
    assert_eq!(v["records"][0]["verdict"]["level"], "prohibited");
    assert_eq!(v["records"][1]["verdict"]["level"], "clear");
    let lists = v["lists"].as_str().unwrap();
    assert_eq!(v["records"][0]["verdict"]["lists"], lists);

    let explain = json!({"description": "samarium cobalt magnet", "as_of": "2020-01-01"});
    check_request(&doc, "/v1/explain", &explain);
    let (status, v) = s.post("/v1/explain", &explain);
    assert_eq!(status, 200, "{v}");
    check_answer(&doc, "post", "/v1/explain", 200, &v);
    assert!(v["record"]["hits"].as_array().unwrap().is_empty());
    let misses = v["near_misses"].as_array().unwrap();
    assert!(
        misses
            .iter()
            .any(|m| m["rule"] == "CN-1C902.a.4" && m["reason"] == "not-in-force")
    );
    let explain = json!({"description": "Sm2Co17 magnet", "hs_code": "8505.11",
        "destination": "US", "end_user": "US Army", "as_of": "2026-11-30"});
    let (status, v) = s.post("/v1/explain", &explain);
    assert_eq!(status, 200, "{v}");
    check_answer(&doc, "post", "/v1/explain", 200, &v);
    assert_eq!(v["record"]["verdict"]["level"], "prohibited");
    assert_eq!(v["lists"], lists);

    let (status, v) = s.get("/v1/rulesets");
    assert_eq!(status, 200);
    check_answer(&doc, "get", "/v1/rulesets", 200, &v);
    assert_eq!(v["fingerprint"], fp);
    assert_eq!(v["lists"], lists);
    assert_eq!(v["source"], "built-in");
    let sets = v["rulesets"].as_array().unwrap();
    assert!(
        sets.iter()
            .any(|r| r["id"] == "cn-mofcom-2025-18" && r["rules"].as_u64() > Some(0))
    );
    let party_lists = v["party_lists"].as_array().unwrap();
    assert!(party_lists.iter().any(|l| l["listings"].as_u64() > Some(0)));

    let (status, v) = s.post("/v1/admin/reload", &json!({}));
    assert_eq!(status, 200);
    check_answer(&doc, "post", "/v1/admin/reload", 200, &v);
    assert_eq!(v["reloaded"], false);
    assert_eq!(v["fingerprint"], fp);

    let (status, v) = s.get("/healthz");
    assert_eq!(status, 200);
    check_answer(&doc, "get", "/healthz", 200, &v);

    let (status, text) = s.get_text("/metrics");
    assert_eq!(status, 200);
    for sample in [
        "dualuse_http_requests_total{route=\"/v1/classify\",status=\"200\"} 2",
        "dualuse_http_requests_total{route=\"/v1/orders\",status=\"200\"} 1",
        "dualuse_items_total{route=\"/v1/classify\"} 4",
        "dualuse_items_total{route=\"/v1/orders\"} 2",
        "dualuse_reloads_total{result=\"unchanged\"} 1",
        "dualuse_http_request_duration_seconds_count{route=\"/v1/explain\"} 2",
    ] {
        assert!(
            text.lines().any(|l| l == sample),
            "no `{sample}` in\n{text}"
        );
    }
    assert!(text.contains(&format!(
        "dualuse_rules_info{{fingerprint=\"{fp}\",lists=\"{lists}\"}} 1"
    )));
    assert!(
        text.lines()
            .any(|l| l.starts_with("dualuse_hits_total{regime=\"CN\"}"))
    );

    // Every answer names the rule fingerprint in a header, errors too.
    for path in [
        "/healthz",
        "/metrics",
        "/openapi.json",
        "/v1/rulesets",
        "/nope",
    ] {
        let resp = Server::agent().get(s.url(path)).call().unwrap();
        assert_eq!(
            resp.headers().get("dualuse-fingerprint").unwrap(),
            fp,
            "{path}"
        );
    }

    // Unknown routes and methods: JSON errors of the documented shape.
    let (status, v) = s.get("/v2/classify");
    assert_eq!((status, code(&v)), (404, "not-found"));
    error_schema_ok(&doc, &v);
    let (status, v) = s.get("/v1/classify");
    assert_eq!((status, code(&v)), (405, "method-not-allowed"));
    error_schema_ok(&doc, &v);
    let (_, text) = s.get_text("/metrics");
    assert!(
        text.contains("dualuse_errors_total{code=\"not-found\"} 2"),
        "{text}"
    );
}

/// Rows of a CSV file as request items: every column by name, blank ones
/// left out.
fn csv_items(path: &Path) -> Vec<Value> {
    let mut r = csv::Reader::from_path(path).unwrap();
    let header = r.headers().unwrap().clone();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            let mut item = serde_json::Map::new();
            for (k, v) in header.iter().zip(rec.iter()) {
                if !v.is_empty() {
                    item.insert(k.to_string(), Value::String(v.to_string()));
                }
            }
            Value::Object(item)
        })
        .collect()
}

/// The JSON lines `dualuse screen` writes for `file`.
fn screen_lines(file: &str, extra: &[&str]) -> Vec<String> {
    let out = Command::new(BIN)
        .args(["screen", "--json", "--quiet", "--as-of", "2026-11-30"])
        .args(extra)
        .arg(file)
        .output()
        .expect("run screen");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(String::from)
        .collect()
}

/// The answer `/v1/classify` must give: screen's lines, byte for byte, as
/// `records`.
fn expected_body(fp: &str, lists: Option<&str>, lines: &[String]) -> String {
    let lists = lists.map_or(String::new(), |l| format!(",\"lists\":\"{l}\""));
    format!(
        "{{\"fingerprint\":\"{fp}\"{lists},\"as_of\":\"2026-11-30\",\"records\":[{}]}}",
        lines.join(",")
    )
}

#[test]
fn classify_records_are_screens_records_byte_for_byte() {
    let s = Server::start(&[]);
    let items = csv_items(Path::new("examples/catalog.csv"));
    assert_eq!(items.len(), 400);
    let (_, health) = s.get("/healthz");
    let fp = health["fingerprint"].as_str().unwrap();
    for (detail, flags) in [("full", vec![]), ("ids", vec!["--detail", "ids"])] {
        let lines = screen_lines("examples/catalog.csv", &flags);
        assert_eq!(lines.len(), 400);
        let body = json!({"items": items, "as_of": "2026-11-30", "detail": detail});
        let (status, text) = s.post_raw("/v1/classify", body.to_string().as_bytes());
        assert_eq!(status, 200, "{text}");
        assert_eq!(text, expected_body(fp, None, &lines), "detail {detail}");
    }
    // Filters as `screen`'s flags.
    let lines = screen_lines(
        "examples/catalog.csv",
        &["--min-confidence", "text", "--regime", "EU"],
    );
    let body =
        json!({"items": items, "as_of": "2026-11-30", "min_confidence": "text", "regimes": ["EU"]});
    let (status, text) = s.post_raw("/v1/classify", body.to_string().as_bytes());
    assert_eq!(status, 200);
    assert_eq!(text, expected_body(fp, None, &lines));
}

#[test]
fn order_records_are_screens_records_byte_for_byte() {
    let s = Server::start(&[]);
    let items = csv_items(Path::new("examples/orders.csv"));
    let lines = screen_lines("examples/orders.csv", &[]);
    assert_eq!(items.len(), lines.len());
    assert!(lines.iter().all(|l| l.contains("\"verdict\":")));
    let (_, health) = s.get("/healthz");
    let fp = health["fingerprint"].as_str().unwrap();
    let lists = health["lists"].as_str().unwrap();
    let body = json!({"items": items, "as_of": "2026-11-30"});
    let (status, text) = s.post_raw("/v1/orders", body.to_string().as_bytes());
    assert_eq!(status, 200, "{text}");
    assert_eq!(text, expected_body(fp, Some(lists), &lines));
}

#[test]
fn bad_input_gets_a_4xx_json_error_never_a_500() {
    let s = Server::start(&[
        "--max-body-bytes",
        "4000",
        "--max-items",
        "3",
        "--max-field-bytes",
        "100",
    ]);
    let (_, doc) = s.get("/openapi.json");
    let item = json!({"description": "magnet"});
    let cases: Vec<(&str, Vec<u8>, u16, &str)> = vec![
        ("/v1/classify", b"".to_vec(), 400, "bad-json"),
        ("/v1/classify", b"{\"items\": [".to_vec(), 400, "bad-json"),
        ("/v1/classify", b"\xff\xfe{}".to_vec(), 400, "bad-json"),
        ("/v1/classify", b"[1, 2]".to_vec(), 422, "invalid-request"),
        ("/v1/classify", b"null".to_vec(), 422, "invalid-request"),
        ("/v1/classify", b"{}".to_vec(), 422, "invalid-request"),
        (
            "/v1/classify",
            br#"{"items": {}}"#.to_vec(),
            422,
            "invalid-request",
        ),
        (
            "/v1/classify",
            br#"{"items": [{"description": 5}]}"#.to_vec(),
            422,
            "invalid-request",
        ),
        (
            "/v1/classify",
            br#"{"items": [{"description": "x", "hs_code": true}]}"#.to_vec(),
            422,
            "invalid-request",
        ),
        (
            "/v1/classify",
            br#"{"items": [{"description": "x", "destination": "JP"}]}"#.to_vec(),
            422,
            "invalid-request",
        ),
        (
            "/v1/classify",
            br#"{"items": [{"description": "x"}], "as_of": "2026-13-01"}"#.to_vec(),
            422,
            "invalid-request",
        ),
        (
            "/v1/classify",
            br#"{"items": [{"description": "x"}], "detail": "most"}"#.to_vec(),
            422,
            "invalid-request",
        ),
        (
            "/v1/classify",
            br#"{"items": [{"description": "x"}], "regimes": ["XX"]}"#.to_vec(),
            422,
            "invalid-request",
        ),
        (
            "/v1/classify",
            br#"{"items": [{"description": "x"}], "min_confidence": 3}"#.to_vec(),
            422,
            "invalid-request",
        ),
        (
            "/v1/classify",
            br#"{"items": []}"#.to_vec(),
            422,
            "empty-batch",
        ),
        (
            "/v1/orders",
            br#"{"items": []}"#.to_vec(),
            422,
            "empty-batch",
        ),
        (
            "/v1/orders",
            br#"{"items": [{"description": "x", "consignee": ["a"]}]}"#.to_vec(),
            422,
            "invalid-request",
        ),
        (
            "/v1/explain",
            br#"{"items": []}"#.to_vec(),
            422,
            "invalid-request",
        ),
        (
            "/v1/explain",
            br#"{"description": null}"#.to_vec(),
            422,
            "invalid-request",
        ),
        (
            "/v1/classify",
            json!({"items": [item, item, item, item]})
                .to_string()
                .into_bytes(),
            413,
            "batch-too-large",
        ),
        (
            "/v1/classify",
            json!({"items": [{"description": "x".repeat(101)}]})
                .to_string()
                .into_bytes(),
            422,
            "field-too-long",
        ),
        (
            "/v1/orders",
            json!({"items": [{"description": "x", "end_use": "y".repeat(101)}]})
                .to_string()
                .into_bytes(),
            422,
            "field-too-long",
        ),
        (
            "/v1/explain",
            json!({"description": "x", "id": "i".repeat(101)})
                .to_string()
                .into_bytes(),
            422,
            "field-too-long",
        ),
        (
            "/v1/classify",
            json!({"items": [{"description": "x".repeat(5000)}]})
                .to_string()
                .into_bytes(),
            413,
            "body-too-large",
        ),
        (
            "/v1/classify",
            format!("{}{}", "[".repeat(3000), "]".repeat(3000)).into_bytes(),
            413,
            "body-too-large",
        ),
        (
            "/v1/classify",
            // JSON, but deeper than the parser goes (a wrong shape, anyway).
            format!("{}{}", "[".repeat(1000), "]".repeat(1000)).into_bytes(),
            422,
            "invalid-request",
        ),
    ];
    for (path, body, status, want) in &cases {
        let (got, text) = s.post_raw(path, body);
        let v = parse(&text);
        assert_eq!(
            (got, code(&v)),
            (*status, *want),
            "{path} {:.200}",
            String::from_utf8_lossy(body)
        );
        assert!(!v["error"]["message"].as_str().unwrap().is_empty());
        error_schema_ok(&doc, &v);
        check_answer(&doc, "post", path, got, &v);
    }
    // The limits are the flags: 3 items of 100 bytes pass.
    let ok = json!({"items": [{"description": "x".repeat(100)}, item, item]});
    let (status, v) = s.post("/v1/classify", &ok);
    assert_eq!(status, 200, "{v}");
    // Still serving, and the errors counted by code.
    let (status, _) = s.get("/healthz");
    assert_eq!(status, 200);
    assert_eq!(
        s.metric("dualuse_errors_total{code=\"invalid-request\"}"),
        Some(15.0)
    );
    assert_eq!(s.metric("dualuse_errors_total{code=\"internal\"}"), None);
}

#[test]
fn a_slow_request_times_out_with_408() {
    let s = Server::start(&["--timeout", "1"]);
    let body = json!({"items": [{"description": "magnet"}]}).to_string();
    let half = HalfSent::open(&s, "/v1/classify", body.as_bytes(), 5);
    let (status, text) = half.answer(false);
    assert_eq!(status, 408, "{text}");
    assert_eq!(code(&parse(&text)), "timeout");
    let (status, _) = s.get("/healthz");
    assert_eq!(status, 200);
    // Headers that never end: the connection is closed (with a bare 408
    // from the HTTP layer, if anything).
    let mut slow = TcpStream::connect(&s.addr).unwrap();
    slow.set_read_timeout(Some(DEADLINE)).unwrap();
    slow.write_all(b"POST /v1/classify HTTP/1.1\r\nHost: x\r\n")
        .unwrap();
    let mut got = Vec::new();
    slow.read_to_end(&mut got)
        .expect("the server closes the connection");
    let got = String::from_utf8_lossy(&got);
    assert!(got.is_empty() || got.starts_with("HTTP/1.1 408"), "{got}");
    // A client that goes away mid-body is no longer in flight.
    let half = HalfSent::open(&s, "/v1/classify", body.as_bytes(), 5);
    s.wait_in_flight(2.0);
    drop(half);
    s.wait_in_flight(1.0);
}

#[test]
fn beyond_the_concurrency_limit_requests_get_503() {
    let s = Server::start(&["--concurrency", "1"]);
    let body = json!({"items": [{"description": "magnet"}]}).to_string();
    // One screening request held half-sent holds the only permit ...
    let half = HalfSent::open(&s, "/v1/classify", body.as_bytes(), 5);
    s.wait_in_flight(2.0);
    // ... so the next is turned away at once, with Retry-After ...
    let mut resp = Server::agent()
        .post(s.url("/v1/classify"))
        .send(body.as_bytes())
        .unwrap();
    assert_eq!(resp.status().as_u16(), 503);
    assert_eq!(resp.headers().get("retry-after").unwrap(), "1");
    let v = parse(&resp.body_mut().read_to_string().unwrap());
    assert_eq!(code(&v), "overloaded");
    // ... while routes that do not screen still answer.
    assert_eq!(s.get("/v1/rulesets").0, 200);
    // The held request completes, and the permit is free again.
    let (status, text) = half.answer(true);
    assert_eq!(status, 200, "{text}");
    let (status, _) = s.post_raw("/v1/classify", body.as_bytes());
    assert_eq!(status, 200);
}

#[test]
fn bearer_token_guards_v1_and_leaves_health_metrics_and_openapi_open() {
    for by_file in [false, true] {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("token");
        std::fs::write(&file, "s3cret-token\n").unwrap();
        let file = file.to_str().unwrap().to_string();
        let mut s = if by_file {
            Server::start(&["--token-file", &file])
        } else {
            Server::start_with(&[], &[("DUALUSE_TOKEN", "s3cret-token")])
        };
        let body = json!({"items": [{"description": "magnet"}]});
        for path in [
            "/v1/classify",
            "/v1/orders",
            "/v1/explain",
            "/v1/admin/reload",
        ] {
            let (status, v) = s.post(path, &body);
            assert_eq!((status, code(&v)), (401, "unauthorized"), "{path}");
        }
        assert_eq!(code(&s.get("/v1/rulesets").1), "unauthorized");
        let resp = Server::agent()
            .post(s.url("/v1/classify"))
            .header("Authorization", "Bearer wrong-token!")
            .send(body.to_string())
            .unwrap();
        assert_eq!(resp.status().as_u16(), 401);
        assert!(resp.headers().get("www-authenticate").is_some());
        for path in ["/healthz", "/metrics", "/openapi.json"] {
            assert_eq!(s.get_text(path).0, 200, "{path}");
        }
        s.token = Some("s3cret-token".into());
        assert_eq!(s.post("/v1/classify", &body).0, 200);
        assert_eq!(s.post("/v1/orders", &body).0, 200);
        assert_eq!(
            s.post("/v1/explain", &json!({"description": "magnet"})).0,
            200
        );
        assert_eq!(s.get("/v1/rulesets").0, 200);
        assert_eq!(s.post("/v1/admin/reload", &json!({})).0, 200);
    }
}

const RULES_V1: &str = r#"[ruleset]
id = "demo"
regime = "CN"
title = "Samarium items"
instrument = "MOFCOM/GACC Announcement No. 18 of 2025"
source = "https://www.mofcom.gov.cn/"
effective = 2025-04-04
reviewed = 2026-11-28

[[rule]]
id = "CN-1C902.a.4"
control_code = "1C902.a.4"
category = "dual-use"
title = "Samarium-cobalt permanent magnet materials"
elements = ["Sm", "Co"]
hs = ["8505.11"]
terms = ["smco", "samarium cobalt"]
"#;

/// The same rule set with one more term: another fingerprint.
fn rules_v2() -> String {
    RULES_V1.replace(
        r#"terms = ["smco", "samarium cobalt"]"#,
        r#"terms = ["smco", "samarium cobalt", "sm2co17"]"#,
    )
}

fn fingerprint_of(s: &Server) -> String {
    s.get("/v1/rulesets").1["fingerprint"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn reload_swaps_good_rules_and_keeps_the_old_ones_on_errors() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("rules");
    std::fs::create_dir(&rules).unwrap();
    std::fs::write(rules.join("demo.toml"), RULES_V1).unwrap();
    let parties = dir.path().join("parties");
    std::fs::create_dir(&parties).unwrap();
    let party_file = std::fs::read_dir("parties")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .min()
        .unwrap();
    let party_text = std::fs::read_to_string(&party_file).unwrap();
    std::fs::write(parties.join("list.toml"), &party_text).unwrap();
    let s = Server::start(&[
        "--rules",
        rules.to_str().unwrap(),
        "--parties",
        parties.to_str().unwrap(),
    ]);
    let (_, doc) = s.get("/openapi.json");
    let item = json!({"items": [{"description": "Sm2Co17 ring magnet"}], "as_of": "2026-11-30"});
    let (_, v) = s.post("/v1/classify", &item);
    let fp1 = v["fingerprint"].as_str().unwrap().to_string();
    assert!(v["records"][0]["hits"].as_array().unwrap().is_empty());
    assert_eq!(s.get("/v1/rulesets").1["source"], "files");

    // A good change: the new rules serve, and the answer names both.
    std::fs::write(rules.join("demo.toml"), rules_v2()).unwrap();
    let (status, v) = s.post("/v1/admin/reload", &json!({}));
    assert_eq!(status, 200, "{v}");
    check_answer(&doc, "post", "/v1/admin/reload", 200, &v);
    assert_eq!(v["reloaded"], true);
    assert_eq!(v["previous"], fp1.as_str());
    let fp2 = v["fingerprint"].as_str().unwrap().to_string();
    assert_ne!(fp1, fp2);
    let (_, v) = s.post("/v1/classify", &item);
    assert_eq!(v["fingerprint"], fp2.as_str());
    assert_eq!(v["records"][0]["fingerprint"], fp2.as_str());
    assert_eq!(v["records"][0]["hits"][0]["rule"], "CN-1C902.a.4");

    // A broken rule file: 409 with file:line:col, and the old rules serve.
    let broken = rules_v2().replace(r#"category = "dual-use""#, r#"category = "dual-usage""#);
    let line = broken
        .lines()
        .position(|l| l.contains("dual-usage"))
        .unwrap()
        + 1;
    std::fs::write(rules.join("demo.toml"), &broken).unwrap();
    let (status, v) = s.post("/v1/admin/reload", &json!({}));
    assert_eq!((status, code(&v)), (409, "reload-failed"), "{v}");
    check_answer(&doc, "post", "/v1/admin/reload", 409, &v);
    assert_eq!(v["fingerprint"], fp2.as_str());
    let diags: Vec<&str> = v["error"]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_str().unwrap())
        .collect();
    let at = format!("demo.toml:{line}:");
    assert!(
        diags
            .iter()
            .any(|d| d.contains(&at) && d.contains(": error: ")),
        "{diags:?}"
    );
    let (_, v) = s.post("/v1/classify", &item);
    assert_eq!(v["fingerprint"], fp2.as_str());
    assert_eq!(v["records"][0]["hits"][0]["rule"], "CN-1C902.a.4");

    // A broken party list fails the same way.
    std::fs::write(rules.join("demo.toml"), rules_v2()).unwrap();
    std::fs::write(parties.join("list.toml"), format!("{party_text}\n[oops\n")).unwrap();
    let (status, v) = s.post("/v1/admin/reload", &json!({}));
    assert_eq!((status, code(&v)), (409, "reload-failed"), "{v}");
    assert!(
        v["error"]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d.as_str().unwrap().contains("list.toml:")),
        "{v}"
    );
    assert_eq!(fingerprint_of(&s), fp2);

    // SIGHUP reloads too.
    std::fs::write(parties.join("list.toml"), &party_text).unwrap();
    std::fs::write(rules.join("demo.toml"), RULES_V1).unwrap();
    s.signal("HUP");
    let start = Instant::now();
    while fingerprint_of(&s) != fp1 {
        assert!(start.elapsed() < DEADLINE, "SIGHUP did not reload");
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(s.metric("dualuse_reloads_total{result=\"ok\"}"), Some(2.0));
    assert_eq!(
        s.metric("dualuse_reloads_total{result=\"failed\"}"),
        Some(2.0)
    );
    let log = s.stderr.lock().unwrap().join("\n");
    assert!(log.contains("dualuse: reload failed"), "{log}");
}

#[test]
fn requests_during_reloads_all_succeed_and_name_their_fingerprint() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("demo.toml"), RULES_V1).unwrap();
    let s = Arc::new(Server::start(&["--rules", dir.path().to_str().unwrap()]));
    let fp1 = fingerprint_of(&s);
    std::fs::write(dir.path().join("demo.toml"), rules_v2()).unwrap();
    assert_eq!(s.post("/v1/admin/reload", &json!({})).0, 200);
    let fp2 = fingerprint_of(&s);
    assert_ne!(fp1, fp2);

    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let clients: Vec<_> = (0..8)
        .map(|c| {
            let (s, stop) = (s.clone(), stop.clone());
            std::thread::spawn(move || {
                let mut seen = Vec::new();
                let items: Vec<Value> = (0..10)
                    .map(
                        |i| json!({"id": format!("{c}-{i}"), "description": "Sm2Co17 ring magnet"}),
                    )
                    .collect();
                let body = json!({"items": items, "as_of": "2026-11-30"});
                let mut n = 0;
                // Bounded: at most 400 requests a client.
                while n < 400 && (n < 20 || !stop.load(std::sync::atomic::Ordering::Relaxed)) {
                    let (status, v) = s.post("/v1/classify", &body);
                    assert_eq!(status, 200, "{v}");
                    let fp = v["fingerprint"].as_str().unwrap().to_string();
                    for r in v["records"].as_array().unwrap() {
                        assert_eq!(r["fingerprint"], fp.as_str());
                    }
                    seen.push(fp);
                    n += 1;
                }
                seen
            })
        })
        .collect();
    let mut reloads = 0;
    for i in 0..10 {
        let text = if i % 2 == 0 {
            RULES_V1.to_string()
        } else {
            rules_v2()
        };
        std::fs::write(dir.path().join("demo.toml"), text).unwrap();
        let (status, v) = s.post("/v1/admin/reload", &json!({}));
        assert_eq!(status, 200, "{v}");
        reloads += 1;
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let mut answers = 0;
    for c in clients {
        let seen = c.join().expect("a client failed");
        assert!(seen.iter().all(|fp| *fp == fp1 || *fp == fp2));
        answers += seen.len();
    }
    assert!(answers >= 8 * 20);
    assert_eq!(reloads, 10);
    assert_eq!(
        s.metric("dualuse_http_requests_total{route=\"/v1/classify\",status=\"200\"}"),
        Some(answers as f64)
    );
    assert_eq!(s.metric("dualuse_reloads_total{result=\"ok\"}"), Some(11.0));
}

#[test]
fn sigterm_finishes_requests_in_flight_then_exits_0() {
    let mut s = Server::start(&[]);
    let body = json!({"items": [{"id": "x", "description": "SmCo magnet"}], "as_of": "2026-11-30"})
        .to_string();
    let half = HalfSent::open(&s, "/v1/classify", body.as_bytes(), 7);
    s.wait_in_flight(2.0);
    s.signal("TERM");
    let (status, text) = half.answer(true);
    assert_eq!(status, 200, "{text}");
    assert_eq!(parse(&text)["records"][0]["id"], "x");
    let start = Instant::now();
    let exit = loop {
        if let Some(st) = s.child.try_wait().unwrap() {
            break st;
        }
        assert!(start.elapsed() < DEADLINE, "the server did not stop");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(exit.success(), "{exit:?}");
    let log = s.stderr.lock().unwrap().join("\n");
    assert!(log.contains("shutting down"), "{log}");
}

#[test]
fn explain_record_is_explain_jsons_record() {
    let s = Server::start(&[]);
    let cases: [(&[&str], Value); 2] = [
        (
            &["--hs", "8505.11", "Sm2Co17 ring magnet, OD 20 mm"],
            json!({"description": "Sm2Co17 ring magnet, OD 20 mm", "hs_code": "8505.11"}),
        ),
        (
            &[
                "--destination",
                "US",
                "--end-user",
                "US Army",
                "Gallium arsenide wafers",
            ],
            json!({"description": "Gallium arsenide wafers", "destination": "US", "end_user": "US Army"}),
        ),
    ];
    for (flags, mut body) in cases {
        let out = Command::new(BIN)
            .args(["explain", "--json", "--as-of", "2026-11-30"])
            .args(flags)
            .output()
            .expect("run explain");
        assert!(out.status.success());
        let want = parse(String::from_utf8(out.stdout).unwrap().trim());
        body["as_of"] = json!("2026-11-30");
        let (status, v) = s.post("/v1/explain", &body);
        assert_eq!(status, 200, "{v}");
        assert_eq!(v["record"], want, "{flags:?}");
    }
}

#[test]
fn start_up_errors_exit_2_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("bad.toml"),
        RULES_V1.replace("regime = \"CN\"", "regime = \"XX\""),
    )
    .unwrap();
    let rules = dir.path().to_str().unwrap();
    let empty_token = dir.path().join("token");
    std::fs::write(&empty_token, "\n").unwrap();
    let empty_token = empty_token.to_str().unwrap();
    let cases: [(&[&str], &str); 6] = [
        (&["--rules", rules], "bad.toml:3:"),
        (&["--listen", "not an address"], "cannot resolve --listen"),
        (&["--timeout", "0"], "--timeout"),
        (&["--max-items", "0"], "--max-items"),
        (
            &["--token-file", "/no/such/token"],
            "cannot read /no/such/token",
        ),
        (&["--token-file", empty_token], "the bearer token is empty"),
    ];
    for (args, want) in cases {
        let out = Command::new(BIN)
            .arg("serve")
            .args(args)
            .env_remove("DUALUSE_TOKEN")
            .stdin(Stdio::null())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(want), "{args:?}: {stderr}");
    }
}
