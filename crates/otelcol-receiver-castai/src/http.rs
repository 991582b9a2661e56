//! HTTP to the CAST AI API: `GET` with `X-API-Key`, a per-request timeout, and every
//! non-2xx answer classified for the poll loop. Messages carry the status and the vendor's
//! message, never the key and never audit contents.

use crate::api::ApiKey;
use otelcol_pull::{parse_retry_after, FetchError, FetchErrorKind};
use std::time::{Duration, SystemTime};

const USER_AGENT: &str = concat!("otelcol-audit/", env!("CARGO_PKG_VERSION"));

pub(crate) struct ApiClient {
    http: reqwest::Client,
    base: String,
    key: ApiKey,
    timeout: Duration,
}

impl ApiClient {
    /// A client for `url` (its trailing `/` trimmed). No I/O happens here.
    pub fn new(url: &str, key: ApiKey, timeout: Duration) -> Result<Self, String> {
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .user_agent(USER_AGENT)
            .build()
            .map_err(|e| format!("cannot build the HTTP client: {e}"))?;
        Ok(ApiClient {
            http,
            base: url.trim_end_matches('/').to_string(),
            key,
            timeout,
        })
    }

    /// `GET <url><path>?<query>`; the body of a 2xx answer.
    pub async fn get(
        &self,
        path: &str,
        query: &[(&str, String)],
        with_cursor: bool,
    ) -> Result<Vec<u8>, FetchError> {
        let url = format!("{}{path}", self.base);
        let sent = self
            .http
            .get(&url)
            .query(query)
            .header("X-API-Key", self.key.expose())
            .header("Accept", "application/json")
            .send()
            .await;
        let resp = match sent {
            Ok(r) => r,
            Err(e) => return Err(transport_error(path, e, self.timeout)),
        };
        let status = resp.status().as_u16();
        let retry_after = resp
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| parse_retry_after(v, SystemTime::now()));
        let body = match resp.bytes().await {
            Ok(b) => b.to_vec(),
            Err(e) => return Err(transport_error(path, e, self.timeout)),
        };
        if (200..300).contains(&status) {
            return Ok(body);
        }
        Err(classify(status, retry_after, &body, with_cursor))
    }
}

fn transport_error(path: &str, e: reqwest::Error, timeout: Duration) -> FetchError {
    let message = if e.is_timeout() {
        format!("GET {path}: no answer within the timeout of {timeout:?} (api.timeout)")
    } else {
        let e = e.without_url();
        let mut text = e.to_string();
        let mut source = std::error::Error::source(&e);
        while let Some(s) = source {
            text.push_str(": ");
            text.push_str(&s.to_string());
            source = s.source();
        }
        format!("GET {path}: {text}")
    };
    FetchError::new(FetchErrorKind::Transport, message)
}

/// The vendor's own message from an error body (`message` or `error`), shortened.
fn vendor_message(body: &[u8]) -> Option<String> {
    let v: serde_json::Value = serde_json::from_slice(body).ok()?;
    let m = v
        .get("message")
        .or_else(|| v.get("error"))
        .and_then(|m| m.as_str())?;
    Some(m.chars().take(200).collect())
}

fn reason(status: u16) -> &'static str {
    reqwest::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("")
}

/// Classifies a non-2xx answer.
pub(crate) fn classify(
    status: u16,
    retry_after: Option<Duration>,
    body: &[u8],
    with_cursor: bool,
) -> FetchError {
    let vendor = vendor_message(body)
        .map(|m| format!(" ({m})"))
        .unwrap_or_default();
    let (kind, message) = match status {
        401 | 403 => (
            FetchErrorKind::Auth,
            format!(
                "invalid api access key, response code: {status}{vendor}: check api.key; the key needs the Audit Log read scope"
            ),
        ),
        429 => (
            FetchErrorKind::Throttled,
            format!("audit logs api is rate limiting, response code: 429{vendor}"),
        ),
        400 if with_cursor => (
            FetchErrorKind::CursorRejected,
            format!("audit logs api refused the page cursor, response code: 400{vendor}"),
        ),
        500..=599 => (
            FetchErrorKind::from_status(status, retry_after.is_some()),
            format!(
                "unexpected response from audit logs api, response code: {status} {}{vendor}",
                reason(status)
            ),
        ),
        _ => (
            FetchErrorKind::Rejected,
            format!(
                "unexpected response from audit logs api, response code: {status} {}{vendor}",
                reason(status)
            ),
        ),
    };
    FetchError::new(kind, message).with_retry_after(retry_after)
}
