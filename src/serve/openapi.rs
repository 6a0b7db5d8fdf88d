//! The OpenAPI 3.1 document of the service, served at `/openapi.json`.
//!
//! A static document (`openapi.json` beside this file), written by hand
//! rather than generated from the handler types: the request types are
//! plain serde structs and the records are serialized by the library's own
//! code, so a generator would describe neither without annotations on
//! both. Instead, tests hold the document to the server: the unit tests
//! below check that it is OpenAPI 3.x, that its paths and methods are
//! exactly the router's [`ROUTES`](super::ROUTES) and that its error codes
//! are exactly [`Code`](super::error::Code)'s; `tests/serve.rs` validates
//! real answers of every route against its schemas.

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

/// The document.
pub const DOCUMENT: &str = include_str!("openapi.json");

/// `GET /openapi.json`.
pub async fn document() -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        DOCUMENT,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::super::ROUTES;
    use super::super::error::Code;
    use super::DOCUMENT;
    use std::collections::BTreeSet;

    fn doc() -> serde_json::Value {
        serde_json::from_str(DOCUMENT).expect("openapi.json is JSON")
    }

    #[test]
    fn is_openapi_3() {
        let d = doc();
        assert!(d["openapi"].as_str().unwrap().starts_with("3."));
        assert!(d["info"]["title"].is_string());
        assert!(d["info"]["version"].is_string());
    }

    #[test]
    fn covers_exactly_the_routes() {
        let d = doc();
        let mut documented = BTreeSet::new();
        for (path, ops) in d["paths"].as_object().unwrap() {
            for method in ops.as_object().unwrap().keys() {
                documented.insert((method.to_ascii_uppercase(), path.clone()));
            }
        }
        let routed: BTreeSet<(String, String)> = ROUTES
            .iter()
            .map(|(m, p)| (m.to_string(), p.to_string()))
            .collect();
        assert_eq!(documented, routed);
    }

    #[test]
    fn lists_exactly_the_error_codes() {
        let d = doc();
        let documented: BTreeSet<&str> = d["components"]["schemas"]["ErrorCode"]["enum"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        let codes: BTreeSet<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(documented, codes);
    }

    #[test]
    fn every_reference_resolves() {
        fn walk(v: &serde_json::Value, d: &serde_json::Value) {
            match v {
                serde_json::Value::Object(m) => {
                    if let Some(r) = m.get("$ref").and_then(|r| r.as_str()) {
                        let name = r.strip_prefix("#/components/schemas/").unwrap();
                        assert!(d["components"]["schemas"][name].is_object(), "{r}");
                    }
                    m.values().for_each(|v| walk(v, d));
                }
                serde_json::Value::Array(a) => a.iter().for_each(|v| walk(v, d)),
                _ => {}
            }
        }
        let d = doc();
        walk(&d, &d);
    }
}
