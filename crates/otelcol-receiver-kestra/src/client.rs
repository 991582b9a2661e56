//! `AuditLogSearch`: one page of `GET /api/v1/[{tenant}/]auditlogs/search` per call, in the
//! configured parameter generation (or the one `auto` detected), Basic or Bearer auth, and the
//! keyset cursor of `query.rs`. Errors carry the endpoint, status and Kestra's message only.

use crate::config::{ApiStyle, Auth};
use crate::mapping::{map_search_item_at, parse_date};
use crate::query::{kestra_date, search_query, Cursor, Selection};
use async_trait::async_trait;
use chrono::Utc;
use otelcol_pull::time::Timestamp;
use otelcol_pull::{parse_retry_after, FetchError, FetchErrorKind, Page, PageQuery, PageSource};
use serde_json::Value;
use std::sync::atomic::{AtomicU8, Ordering};
use std::time::{Duration, SystemTime};

pub(crate) const USER_AGENT: &str = concat!("otelcol-audit/", env!("CARGO_PKG_VERSION"));

pub(crate) const UNDECIDED: u8 = 0;
const FLAT: u8 = 1;
const FILTERS: u8 = 2;

pub struct AuditLogSearch {
    pub(crate) http: reqwest::Client,
    /// `{url}/api/v1/{tenant}/auditlogs/search` (or the tenant-less path).
    pub(crate) endpoint: String,
    pub(crate) auth: Auth,
    pub(crate) style: ApiStyle,
    pub(crate) page_size: u32,
    pub(crate) selection: Selection,
    pub(crate) timeout: Duration,
    /// `auto`: the generation found by the probe (kept for the life of the process).
    pub(crate) detected: AtomicU8,
}

/// A 2xx search answer.
struct SearchPage {
    results: Vec<Value>,
    total: u64,
}

/// A non-2xx answer.
struct Refused {
    status: u16,
    retry_after: Option<Duration>,
    body: Vec<u8>,
}

impl AuditLogSearch {
    pub fn search_path(tenant: &str) -> String {
        if tenant.is_empty() {
            "/api/v1/auditlogs/search".into()
        } else {
            format!("/api/v1/{tenant}/auditlogs/search")
        }
    }

    /// The generation to use now: the configured one, or under `auto` the detected one
    /// (`filters` while undecided).
    fn current_style(&self) -> (ApiStyle, bool) {
        match (self.style, self.detected.load(Ordering::Relaxed)) {
            (ApiStyle::Auto, FLAT) => (ApiStyle::Flat, false),
            (ApiStyle::Auto, FILTERS) => (ApiStyle::Filters, false),
            (ApiStyle::Auto, _) => (ApiStyle::Filters, true),
            (style, _) => (style, false),
        }
    }

    async fn get(
        &self,
        query: &[(String, String)],
    ) -> Result<Result<SearchPage, Refused>, FetchError> {
        let request = self
            .http
            .get(&self.endpoint)
            .query(query)
            .header("Accept", "application/json");
        let request = match &self.auth {
            Auth::Basic { username, password } => {
                request.basic_auth(username, Some(password.expose()))
            }
            Auth::Bearer(token) => request.bearer_auth(token.expose()),
        };
        let resp = request.send().await.map_err(|e| self.transport(e))?;
        let status = resp.status().as_u16();
        let retry_after = resp
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| parse_retry_after(v, SystemTime::now()));
        let body = resp.bytes().await.map_err(|e| self.transport(e))?.to_vec();
        if !(200..300).contains(&status) {
            return Ok(Err(Refused {
                status,
                retry_after,
                body,
            }));
        }
        parse_page(&body).map(Ok).map_err(|e| {
            FetchError::new(
                FetchErrorKind::Malformed,
                format!("GET {}: {e}", self.endpoint),
            )
        })
    }

    fn transport(&self, e: reqwest::Error) -> FetchError {
        let message = if e.is_timeout() {
            format!(
                "GET {}: no answer within the timeout of {:?} (timeout)",
                self.endpoint, self.timeout
            )
        } else {
            let e = e.without_url();
            let mut text = e.to_string();
            let mut source = std::error::Error::source(&e);
            while let Some(s) = source {
                text.push_str(": ");
                text.push_str(&s.to_string());
                source = s.source();
            }
            format!("GET {}: {text}", self.endpoint)
        };
        FetchError::new(FetchErrorKind::Transport, message)
    }

    /// Requests one page. Under `auto` (README, "The auto probe"): `filters` until the server
    /// shows it does not apply them, by a 400/422 about filters or by an event outside the
    /// requested selection; then `flat` for the life of the process.
    async fn search(
        &self,
        from: &Timestamp,
        to: &Timestamp,
        page: u32,
    ) -> Result<SearchPage, FetchError> {
        let (style, probing) = self.current_style();
        let query = search_query(style, &self.selection, from, to, page, self.page_size);
        let auto_filters = self.style == ApiStyle::Auto && style == ApiStyle::Filters;
        match self.get(&query).await? {
            Err(r)
                if auto_filters && matches!(r.status, 400 | 422) && mentions_filters(&r.body) =>
            {
                tracing::info!(endpoint = %self.endpoint, status = r.status,
                    "api_style auto: the server refused filters[...] parameters; using the flat (Kestra <= 1.3) parameters");
            }
            Err(r) => return Err(self.classify(r)),
            Ok(found) => match self.stray(&found.results, from, to) {
                None => {
                    if probing && !found.results.is_empty() {
                        tracing::info!(endpoint = %self.endpoint,
                            "api_style auto: the server applies filters[...] parameters (Kestra 2.0)");
                        self.detected.store(FILTERS, Ordering::Relaxed);
                    }
                    return Ok(found);
                }
                Some(stray) if auto_filters => {
                    tracing::info!(endpoint = %self.endpoint, event = %stray,
                        "api_style auto: the server ignored filters[...] parameters; using the flat (Kestra <= 1.3) parameters");
                }
                Some(stray) => return Err(self.ignored(style, &stray, from, to)),
            },
        }
        self.detected.store(FLAT, Ordering::Relaxed);
        let query = search_query(
            ApiStyle::Flat,
            &self.selection,
            from,
            to,
            page,
            self.page_size,
        );
        let found = self.get(&query).await?.map_err(|r| self.classify(r))?;
        match self.stray(&found.results, from, to) {
            None => Ok(found),
            Some(stray) => Err(self.ignored(ApiStyle::Flat, &stray, from, to)),
        }
    }

    /// The first item the server should not have returned for this selection, described.
    fn stray(&self, items: &[Value], from: &Timestamp, to: &Timestamp) -> Option<String> {
        let from = parse_date(&kestra_date(from))?;
        let to = parse_date(&kestra_date(to))?;
        let sel = &self.selection;
        items.iter().find_map(|item| {
            let log = item.get("auditLog").unwrap_or(item);
            let id = log.get("id").and_then(Value::as_str).unwrap_or("?");
            let detail = log.get("detail");
            let text = |k: &str| detail.and_then(|d| d.get(k)).and_then(Value::as_str);
            if let Some(date) = log.get("date").and_then(Value::as_str) {
                if parse_date(date).is_some_and(|d| d < from || d > to) {
                    return Some(format!("{id} dated {date}"));
                }
            }
            if let Some(ns) = text("namespace") {
                if !sel.namespace.is_empty() && !ns.starts_with(&sel.namespace) {
                    return Some(format!("{id} in namespace {ns}"));
                }
            }
            let resource = text("resourceType").or_else(|| text("type"));
            if let Some(r) = resource {
                if !sel.resources.is_empty() && !sel.resources.iter().any(|s| s == r) {
                    return Some(format!("{id} of resource type {r}"));
                }
            }
            None
        })
    }

    fn ignored(
        &self,
        style: ApiStyle,
        stray: &str,
        from: &Timestamp,
        to: &Timestamp,
    ) -> FetchError {
        FetchError::new(
            FetchErrorKind::Rejected,
            format!(
                "GET {}: the answer holds event {stray}, outside the requested selection from {} to {}: \
                 the server ignores the {} parameters; set api_style to the other generation",
                self.endpoint,
                kestra_date(from),
                kestra_date(to),
                style_name(style)
            ),
        )
    }

    fn classify(&self, r: Refused) -> FetchError {
        let vendor = vendor_message(&r.body)
            .map(|m| format!(" ({m})"))
            .unwrap_or_default();
        let kind = FetchErrorKind::from_status(r.status, r.retry_after.is_some());
        let hint = match (r.status, &self.auth) {
            (401, Auth::Basic { .. }) => ": the credentials were refused; check username and password",
            (401, Auth::Bearer(_)) => ": the token was refused; check token",
            (403, _) => ": reading audit logs needs the AUDITLOG read permission (the tenant-less path needs a super admin)",
            _ => "",
        };
        FetchError::new(
            kind,
            format!(
                "GET {}: response code {}{vendor}{hint}",
                self.endpoint, r.status
            ),
        )
        .with_retry_after(r.retry_after)
    }
}

fn style_name(style: ApiStyle) -> &'static str {
    match style {
        ApiStyle::Flat => "flat (startDate/endDate)",
        _ => "filters[...]",
    }
}

fn parse_page(body: &[u8]) -> Result<SearchPage, String> {
    let v: Value = serde_json::from_slice(body)
        .map_err(|e| format!("the answer is not JSON ({e}); the page is requested again"))?;
    let results = match v.get("results") {
        Some(Value::Array(items)) => items.clone(),
        Some(Value::Null) | None => Vec::new(),
        Some(_) => return Err("`results` is not an array; the page is requested again".into()),
    };
    let total = match v.get("total") {
        Some(Value::Number(n)) => n.as_u64().unwrap_or(0),
        Some(Value::String(s)) => s.parse().unwrap_or(0),
        _ if results.is_empty() => 0,
        _ => return Err("the answer has no `total`; the page is requested again".into()),
    };
    Ok(SearchPage { results, total })
}

/// Whether an error body is about the query filters (Kestra's `invalid-query-filters`, an
/// unknown or invalid `filters[...]` parameter).
fn mentions_filters(body: &[u8]) -> bool {
    String::from_utf8_lossy(body)
        .to_ascii_lowercase()
        .contains("filter")
}

/// Kestra's (Micronaut's) error message: `message`, then the first `_embedded.errors[].message`.
fn vendor_message(body: &[u8]) -> Option<String> {
    let v: Value = serde_json::from_slice(body).ok()?;
    let top = v.get("message").and_then(Value::as_str);
    let detail = v
        .pointer("/_embedded/errors/0/message")
        .and_then(Value::as_str)
        .filter(|d| Some(*d) != top);
    let m = match (top, detail) {
        (Some(t), Some(d)) => format!("{t}: {d}"),
        (Some(t), None) => t.to_string(),
        (None, Some(d)) => d.to_string(),
        (None, None) => return None,
    };
    Some(m.chars().take(300).collect())
}

#[async_trait]
impl PageSource for AuditLogSearch {
    async fn fetch(&self, q: &PageQuery) -> Result<Page, FetchError> {
        let (cursor, anchor) = match &q.cursor {
            None => (Cursor::first(&q.from), q.from),
            Some(text) => Cursor::parse(text)
                .map_err(|e| FetchError::new(FetchErrorKind::CursorRejected, e))?,
        };
        let found = self.search(&anchor, &q.to, cursor.page).await?;
        let observed = Utc::now();
        let mut records = Vec::with_capacity(found.results.len());
        let mut seen = Vec::with_capacity(found.results.len());
        for item in &found.results {
            let pulled = map_search_item_at(item, observed).map_err(|e| {
                FetchError::new(
                    FetchErrorKind::Malformed,
                    format!("GET {}: {e}; the page is requested again", self.endpoint),
                )
            })?;
            seen.push((pulled.id.clone(), pulled.time));
            if pulled
                .id
                .as_ref()
                .is_some_and(|id| cursor.skip.contains(id))
            {
                continue;
            }
            records.push(pulled);
        }
        let more = !found.results.is_empty()
            && u64::from(cursor.page) * u64::from(self.page_size) < found.total;
        Ok(Page {
            records,
            next_cursor: more.then(|| cursor.after(&anchor, &seen).encode()),
        })
    }
}
