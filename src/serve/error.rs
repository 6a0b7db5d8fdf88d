//! The error answer of the service: a 4xx (or 5xx) status and
//! `{"error": {"code": "…", "message": "…"}}`, the shape DESIGN.md fixes.
//!
//! Every code a client can see is a variant of [`Code`], with its status,
//! so that the table in the OpenAPI document and the README is the whole
//! list. A reload that fails adds `"diagnostics"` (one `file:line:col:
//! error: message` string each) to the error object and the fingerprint
//! that is still served beside it.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// What went wrong, as clients match on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Code {
    /// The body is not JSON (a syntax error or an early end).
    BadJson,
    /// The JSON does not have the request's shape: a missing or unknown
    /// field, a wrong type, a malformed date or option.
    InvalidRequest,
    /// `items` is empty.
    EmptyBatch,
    /// More items than `--max-items`.
    BatchTooLarge,
    /// A body longer than `--max-body-bytes`.
    BodyTooLarge,
    /// A text field longer than `--max-field-bytes`.
    FieldTooLong,
    /// The body could not be read (the client went away mid-body).
    BadBody,
    /// No or a wrong bearer token.
    Unauthorized,
    /// No such route.
    NotFound,
    /// The route exists, the method does not.
    MethodNotAllowed,
    /// Not answered within `--timeout`.
    Timeout,
    /// `--concurrency` requests are being screened already.
    Overloaded,
    /// New rules or party lists failed to load; the old ones still serve.
    ReloadFailed,
    /// A bug: the screening of a request panicked (caught; the server
    /// goes on).
    Internal,
}

impl Code {
    /// Every code, for the documentation test.
    #[cfg(test)]
    pub const ALL: [Code; 14] = [
        Code::BadJson,
        Code::InvalidRequest,
        Code::EmptyBatch,
        Code::BatchTooLarge,
        Code::BodyTooLarge,
        Code::FieldTooLong,
        Code::BadBody,
        Code::Unauthorized,
        Code::NotFound,
        Code::MethodNotAllowed,
        Code::Timeout,
        Code::Overloaded,
        Code::ReloadFailed,
        Code::Internal,
    ];

    /// The code as the JSON names it.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::BadJson => "bad-json",
            Code::InvalidRequest => "invalid-request",
            Code::EmptyBatch => "empty-batch",
            Code::BatchTooLarge => "batch-too-large",
            Code::BodyTooLarge => "body-too-large",
            Code::FieldTooLong => "field-too-long",
            Code::BadBody => "bad-body",
            Code::Unauthorized => "unauthorized",
            Code::NotFound => "not-found",
            Code::MethodNotAllowed => "method-not-allowed",
            Code::Timeout => "timeout",
            Code::Overloaded => "overloaded",
            Code::ReloadFailed => "reload-failed",
            Code::Internal => "internal",
        }
    }

    /// The HTTP status of the code.
    pub fn status(self) -> StatusCode {
        match self {
            Code::BadJson | Code::BadBody => StatusCode::BAD_REQUEST,
            Code::InvalidRequest | Code::EmptyBatch | Code::FieldTooLong => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            Code::BatchTooLarge | Code::BodyTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Code::Unauthorized => StatusCode::UNAUTHORIZED,
            Code::NotFound => StatusCode::NOT_FOUND,
            Code::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Code::Timeout => StatusCode::REQUEST_TIMEOUT,
            Code::Overloaded => StatusCode::SERVICE_UNAVAILABLE,
            Code::ReloadFailed => StatusCode::CONFLICT,
            Code::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

/// An error answer.
#[derive(Debug)]
pub struct ApiError {
    /// The code.
    pub code: Code,
    /// For a person: what was wrong and, where it helps, the limit.
    pub message: String,
    /// For `reload-failed`: the loader's diagnostics.
    pub diagnostics: Vec<String>,
    /// For `reload-failed`: the fingerprint that still serves.
    pub fingerprint: Option<String>,
}

impl ApiError {
    /// An error with a code and a message.
    pub fn new(code: Code, message: impl Into<String>) -> ApiError {
        ApiError {
            code,
            message: message.into(),
            diagnostics: Vec::new(),
            fingerprint: None,
        }
    }
}

/// The code of an error answer, left in the response's extensions for the
/// metrics.
#[derive(Debug, Clone, Copy)]
pub struct ErrorCode(pub Code);

#[derive(Serialize)]
struct Body<'a> {
    error: Inner<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fingerprint: Option<&'a str>,
}

#[derive(Serialize)]
struct Inner<'a> {
    code: &'static str,
    message: &'a str,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    diagnostics: &'a [String],
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = Body {
            error: Inner {
                code: self.code.as_str(),
                message: &self.message,
                diagnostics: &self.diagnostics,
            },
            fingerprint: self.fingerprint.as_deref(),
        };
        let json = serde_json::to_vec(&body).unwrap_or_default();
        let mut r = (
            self.code.status(),
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            )],
            json,
        )
            .into_response();
        match self.code {
            Code::Unauthorized => {
                r.headers_mut().insert(
                    header::WWW_AUTHENTICATE,
                    HeaderValue::from_static("Bearer realm=\"dualuse\""),
                );
            }
            Code::Overloaded => {
                r.headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
            }
            _ => {}
        }
        r.extensions_mut().insert(ErrorCode(self.code));
        r
    }
}

/// Maps a JSON error on `body` to `bad-json` (the body is not JSON) or
/// `invalid-request` (JSON of the wrong shape). serde_json's own category
/// does not tell these apart for every type (an enum given a number is a
/// "syntax" error to it), so the body is parsed again, as any JSON.
pub fn from_json(e: serde_json::Error, body: &[u8]) -> ApiError {
    if serde_json::from_slice::<serde::de::IgnoredAny>(body).is_ok() {
        ApiError::new(Code::InvalidRequest, e.to_string())
    } else {
        ApiError::new(Code::BadJson, format!("the body is not JSON: {e}"))
    }
}
