//! `AuditLogSource`: one page per call of `GET /api/v1/audit/log` (the window as `start`/`end`,
//! `sortBy=timestamp&sortOrder=asc`, the offset as the cursor) or of the classic
//! `GET /v1/k8s/audit` (see `classic.rs`), with a bearer token exchanged again once after a
//! 401. `api_version: auto` probes the current API once and remembers the answer. Errors carry
//! the endpoint, the status and the vendor's message only.

use crate::auth::TokenProvider;
use crate::convert::{self, Fields};
use crate::filters::Filters;
use crate::model::AuditLogPage;
use async_trait::async_trait;
use chrono::Utc;
use otelcol_pull::time::format_rfc3339_nano;
use otelcol_pull::{parse_retry_after, FetchError, FetchErrorKind, Page, PageQuery, PageSource};
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

pub const AUDIT_LOG_PATH: &str = "/api/v1/audit/log";
pub(crate) const USER_AGENT: &str = concat!("otelcol-audit/", env!("CARGO_PKG_VERSION"));

/// An API generation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Api {
    /// `GET /api/v1/audit/log` (2.19 on).
    Current,
    /// `GET /v1/k8s/audit` (deprecated in 2.19).
    Classic,
}

impl Api {
    pub fn path(self) -> &'static str {
        match self {
            Api::Current => AUDIT_LOG_PATH,
            Api::Classic => crate::classic::CLASSIC_AUDIT_PATH,
        }
    }
}

/// `api_version`: which API to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiVersion {
    /// Probe the current API once; a 404/405 means classic.
    Auto,
    Fixed(Api),
}

impl ApiVersion {
    pub fn parse(s: &str) -> Result<Self, String> {
        match s {
            "auto" => Ok(ApiVersion::Auto),
            "current" => Ok(ApiVersion::Fixed(Api::Current)),
            "classic" => Ok(ApiVersion::Fixed(Api::Classic)),
            other => Err(format!(
                "api_version must be auto, current or classic, not {other:?}"
            )),
        }
    }
}

pub struct AuditLogSource {
    pub(crate) http: reqwest::Client,
    pub(crate) base: String,
    pub(crate) auth: TokenProvider,
    pub(crate) page_size: i64,
    /// `filter_by` items as configured (current API only).
    pub(crate) filter_by: Vec<String>,
    pub(crate) filters: Filters,
    pub(crate) api_version: ApiVersion,
    /// The API in use, once decided.
    pub(crate) chosen: Mutex<Option<Api>>,
    pub(crate) timeout: Duration,
}

/// A non-error answer or an error status with what classifying it needs.
pub(crate) struct Reply {
    pub status: u16,
    pub retry_after: Option<Duration>,
    pub body: Vec<u8>,
}

impl Reply {
    /// The body of a 2xx, else the classified error.
    pub fn into_body(self, path: &str) -> Result<Vec<u8>, FetchError> {
        match self.status {
            200..=299 => Ok(self.body),
            status => Err(classify("GET", path, status, self.retry_after, &self.body)),
        }
    }
}

/// The stored cursor: `<offset>` (current API) or `classic:<offset>[:<id of the last record>]`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Cursor {
    pub api: Option<Api>,
    pub offset: u64,
    pub anchor: Option<String>,
}

impl Cursor {
    fn parse(c: Option<&str>) -> Result<Cursor, FetchError> {
        let bad = |c: &str| {
            FetchError::new(
                FetchErrorKind::CursorRejected,
                format!("stored offset {c:?} is not a number"),
            )
        };
        let Some(c) = c else {
            return Ok(Cursor::default());
        };
        match c.strip_prefix("classic:") {
            None => Ok(Cursor {
                api: Some(Api::Current),
                offset: c.parse().map_err(|_| bad(c))?,
                anchor: None,
            }),
            Some(rest) => {
                let mut parts = rest.splitn(2, ':');
                let offset = parts
                    .next()
                    .and_then(|o| o.parse().ok())
                    .ok_or_else(|| bad(c))?;
                Ok(Cursor {
                    api: Some(Api::Classic),
                    offset,
                    anchor: parts.next().filter(|a| !a.is_empty()).map(str::to_string),
                })
            }
        }
    }
}

impl AuditLogSource {
    /// One GET with the current token; after a 401 an exchanged token is replaced and the
    /// request repeated once.
    pub(crate) async fn get(
        &self,
        path: &str,
        query: &[(&str, String)],
    ) -> Result<Reply, FetchError> {
        let reply = self.get_once(path, query).await?;
        if reply.0.status == 401 && self.auth.can_refresh() {
            self.auth.invalidate(&reply.1).await;
            return Ok(self.get_once(path, query).await?.0);
        }
        Ok(reply.0)
    }

    async fn get_once(
        &self,
        path: &str,
        query: &[(&str, String)],
    ) -> Result<(Reply, crate::Secret), FetchError> {
        let token = self.auth.token().await?;
        let sent = self
            .http
            .get(format!("{}{path}", self.base))
            .query(query)
            .bearer_auth(token.expose())
            .header("Accept", "application/json")
            .send()
            .await;
        let resp = sent.map_err(|e| transport_error("GET", path, e, self.timeout))?;
        let status = resp.status().as_u16();
        let retry_after = resp
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| parse_retry_after(v, SystemTime::now()));
        let body = resp
            .bytes()
            .await
            .map_err(|e| transport_error("GET", path, e, self.timeout))?
            .to_vec();
        Ok((
            Reply {
                status,
                retry_after,
                body,
            },
            token,
        ))
    }

    fn chosen(&self) -> Option<Api> {
        *self.chosen.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn choose(&self, api: Api, why: &str) -> Api {
        *self.chosen.lock().unwrap_or_else(|p| p.into_inner()) = Some(api);
        tracing::info!(
            api = match api {
                Api::Current => "current",
                Api::Classic => "classic",
            },
            endpoint = api.path(),
            "runai_audit_logs: reading GET {} ({why})",
            api.path()
        );
        api
    }

    /// The API to read: fixed by config, or probed once (`auto`).
    async fn api(&self, q: &PageQuery) -> Result<Api, FetchError> {
        if let Some(api) = self.chosen() {
            return Ok(api);
        }
        match self.api_version {
            ApiVersion::Fixed(api) => Ok(self.choose(api, "api_version")),
            ApiVersion::Auto => {
                let probe = [
                    ("start", format_rfc3339_nano(&q.from)),
                    ("end", format_rfc3339_nano(&q.to)),
                    ("offset", "0".to_string()),
                    ("numberOfSamples", "1".to_string()),
                ];
                let reply = self.get(AUDIT_LOG_PATH, &probe).await?;
                match reply.status {
                    404 | 405 => Ok(self.choose(
                        Api::Classic,
                        "api_version auto: the control plane answered 404/405 to the current API",
                    )),
                    _ => {
                        reply.into_body(AUDIT_LOG_PATH)?;
                        Ok(self.choose(
                            Api::Current,
                            "api_version auto: the control plane has the current API",
                        ))
                    }
                }
            }
        }
    }

    fn current_query(&self, q: &PageQuery, offset: u64) -> Vec<(&'static str, String)> {
        let mut query = vec![
            ("start", format_rfc3339_nano(&q.from)),
            ("end", format_rfc3339_nano(&q.to)),
            ("offset", offset.to_string()),
            ("numberOfSamples", self.page_size.to_string()),
            ("sortBy", "timestamp".into()),
            ("sortOrder", "asc".into()),
        ];
        let mut filter_by = self.filter_by.clone();
        filter_by.extend(self.filters.filter_by());
        if !filter_by.is_empty() {
            query.push(("filterBy", filter_by.join(",")));
        }
        query
    }

    async fn fetch_current(&self, q: &PageQuery, offset: u64) -> Result<Page, FetchError> {
        if let Some(key) = self.filters.current_api_cannot() {
            return Err(FetchError::new(
                FetchErrorKind::Rejected,
                format!("GET {AUDIT_LOG_PATH}: {key} needs the classic API (its records have no such field); remove it or set api_version: classic"),
            ));
        }
        let query = self.current_query(q, offset);
        let body = self
            .get(AUDIT_LOG_PATH, &query)
            .await?
            .into_body(AUDIT_LOG_PATH)?;
        let observed = Utc::now();
        let page = AuditLogPage::parse(&body)
            .map_err(|e| FetchError::new(FetchErrorKind::Malformed, e))?;
        let next = offset + page.audit_logs.len() as u64;
        let more = !page.audit_logs.is_empty() && page.total.is_none_or(|total| next < total);
        Ok(Page {
            records: page
                .audit_logs
                .iter()
                .map(Fields::current)
                .filter(|f| self.filters.matches(f))
                .map(|f| convert::map(&f, observed))
                .collect(),
            next_cursor: more.then(|| next.to_string()),
        })
    }
}

#[async_trait]
impl PageSource for AuditLogSource {
    async fn fetch(&self, q: &PageQuery) -> Result<Page, FetchError> {
        let cursor = Cursor::parse(q.cursor.as_deref())?;
        let api = self.api(q).await?;
        if cursor.api.is_some_and(|a| a != api) {
            return Err(FetchError::new(
                FetchErrorKind::CursorRejected,
                format!(
                    "the stored offset belongs to the other API than GET {}",
                    api.path()
                ),
            ));
        }
        match api {
            Api::Current => self.fetch_current(q, cursor.offset).await,
            Api::Classic => self.fetch_classic(q, &cursor).await,
        }
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
    let kind = FetchErrorKind::from_status(status, retry_after.is_some());
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
