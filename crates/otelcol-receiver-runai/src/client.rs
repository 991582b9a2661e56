//! `AuditLogSource`: one page of `GET /api/v1/audit/log` per call — the window as `start`/`end`,
//! `sortBy=timestamp&sortOrder=asc`, the offset as the cursor — with a bearer token that is
//! exchanged again once after a 401. Errors carry the status and the vendor's message only.

use crate::auth::TokenProvider;
use crate::convert;
use crate::model::AuditLogPage;
use async_trait::async_trait;
use chrono::Utc;
use otelcol_pull::time::format_rfc3339_nano;
use otelcol_pull::{parse_retry_after, FetchError, FetchErrorKind, Page, PageQuery, PageSource};
use std::time::{Duration, SystemTime};

pub const AUDIT_LOG_PATH: &str = "/api/v1/audit/log";
pub(crate) const USER_AGENT: &str = concat!("otelcol-audit/", env!("CARGO_PKG_VERSION"));

pub struct AuditLogSource {
    pub(crate) http: reqwest::Client,
    pub(crate) base: String,
    pub(crate) auth: TokenProvider,
    pub(crate) page_size: i64,
    pub(crate) filter_by: Vec<String>,
    pub(crate) timeout: Duration,
}

enum Answer {
    Body(Vec<u8>),
    Unauthorized(Vec<u8>),
}

impl AuditLogSource {
    fn query(&self, q: &PageQuery, offset: u64) -> Vec<(&'static str, String)> {
        let mut query = vec![
            ("start", format_rfc3339_nano(&q.from)),
            ("end", format_rfc3339_nano(&q.to)),
            ("offset", offset.to_string()),
            ("numberOfSamples", self.page_size.to_string()),
            ("sortBy", "timestamp".into()),
            ("sortOrder", "asc".into()),
        ];
        if !self.filter_by.is_empty() {
            query.push(("filterBy", self.filter_by.join(",")));
        }
        query
    }

    async fn get(&self, query: &[(&str, String)]) -> Result<Answer, FetchError> {
        let token = self.auth.token().await?;
        let sent = self
            .http
            .get(format!("{}{AUDIT_LOG_PATH}", self.base))
            .query(query)
            .bearer_auth(token.expose())
            .header("Accept", "application/json")
            .send()
            .await;
        let resp = sent.map_err(|e| transport_error("GET", AUDIT_LOG_PATH, e, self.timeout))?;
        let status = resp.status().as_u16();
        let retry_after = resp
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| parse_retry_after(v, SystemTime::now()));
        let body = resp
            .bytes()
            .await
            .map_err(|e| transport_error("GET", AUDIT_LOG_PATH, e, self.timeout))?
            .to_vec();
        match status {
            200..=299 => Ok(Answer::Body(body)),
            401 if self.auth.can_refresh() => {
                self.auth.invalidate(&token).await;
                Ok(Answer::Unauthorized(body))
            }
            _ => Err(classify("GET", AUDIT_LOG_PATH, status, retry_after, &body)),
        }
    }
}

#[async_trait]
impl PageSource for AuditLogSource {
    async fn fetch(&self, q: &PageQuery) -> Result<Page, FetchError> {
        let offset = match &q.cursor {
            None => 0,
            Some(c) => c.parse::<u64>().map_err(|_| {
                FetchError::new(
                    FetchErrorKind::CursorRejected,
                    format!("stored offset {c:?} is not a number"),
                )
            })?,
        };
        let query = self.query(q, offset);
        let body = match self.get(&query).await? {
            Answer::Body(body) => body,
            Answer::Unauthorized(_) => match self.get(&query).await? {
                Answer::Body(body) => body,
                Answer::Unauthorized(body) => {
                    return Err(classify("GET", AUDIT_LOG_PATH, 401, None, &body))
                }
            },
        };
        let observed = Utc::now();
        let page = AuditLogPage::parse(&body)
            .map_err(|e| FetchError::new(FetchErrorKind::Malformed, e))?;
        let next = offset + page.audit_logs.len() as u64;
        let more = !page.audit_logs.is_empty() && page.total.is_none_or(|total| next < total);
        Ok(Page {
            records: page
                .audit_logs
                .iter()
                .map(|l| convert::record(l, observed))
                .collect(),
            next_cursor: more.then(|| next.to_string()),
        })
    }
}

pub(crate) fn transport_error(
    method: &str,
    path: &str,
    e: reqwest::Error,
    timeout: Duration,
) -> FetchError {
    let message = if e.is_timeout() {
        format!("{method} {path}: no answer within the timeout of {timeout:?} (timeout)")
    } else {
        let e = e.without_url();
        let mut text = e.to_string();
        let mut source = std::error::Error::source(&e);
        while let Some(s) = source {
            text.push_str(": ");
            text.push_str(&s.to_string());
            source = s.source();
        }
        format!("{method} {path}: {text}")
    };
    FetchError::new(FetchErrorKind::Transport, message)
}

/// The vendor's message from an error body (`{code,message}` or RFC 6749 `{error,...}`).
fn vendor_message(body: &[u8]) -> Option<String> {
    let v: serde_json::Value = serde_json::from_slice(body).ok()?;
    let m = ["message", "error_description", "error"]
        .iter()
        .find_map(|k| v.get(*k).and_then(|m| m.as_str()))?;
    Some(m.chars().take(200).collect())
}

/// Classifies a non-2xx answer.
pub(crate) fn classify(
    method: &str,
    path: &str,
    status: u16,
    retry_after: Option<Duration>,
    body: &[u8],
) -> FetchError {
    let vendor = vendor_message(body)
        .map(|m| format!(" ({m})"))
        .unwrap_or_default();
    let kind = match status {
        401 | 403 => FetchErrorKind::Auth,
        429 => FetchErrorKind::Throttled,
        503 if retry_after.is_some() => FetchErrorKind::Throttled,
        500..=599 => FetchErrorKind::Server,
        _ => FetchErrorKind::Rejected,
    };
    let hint = match status {
        401 => ": the token was refused; check token or client_id/client_secret",
        403 => ": reading the audit log needs a tenant-wide system administrator",
        _ => "",
    };
    FetchError::new(
        kind,
        format!("{method} {path}: response code {status}{vendor}{hint}"),
    )
    .with_retry_after(retry_after)
}
