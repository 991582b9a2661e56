//! The HTTP side: fetch one page by cursor and pick its events and next cursor out of the JSON.

use crate::config::PagedJsonAuditConfig;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde_json::Value;

/// One page of the API.
#[derive(Debug)]
pub(crate) struct Page {
    pub items: Vec<Value>,
    pub next_cursor: Option<String>,
}

pub(crate) struct PageClient {
    http: reqwest::Client,
    url: String,
    cursor_param: String,
    items_path: String,
    cursor_field: String,
}

/// Follows a dot path (`data.events`) into a JSON value; "" is the value itself.
pub(crate) fn lookup<'a>(value: &'a Value, path: &str) -> Option<&'a Value> {
    if path.is_empty() {
        return Some(value);
    }
    path.split('.').try_fold(value, |v, key| v.get(key))
}

impl PageClient {
    /// Builds the client; header names and values are checked here (values are not echoed).
    pub(crate) fn new(cfg: &PagedJsonAuditConfig) -> Result<Self, String> {
        let mut headers = HeaderMap::new();
        for (name, value) in &cfg.headers {
            let name = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| format!("headers: {name:?} is not a valid header name"))?;
            let mut value = HeaderValue::from_str(value)
                .map_err(|_| format!("headers: the value of {name} is not a valid header value"))?;
            value.set_sensitive(true);
            headers.insert(name, value);
        }
        let http = reqwest::Client::builder()
            .default_headers(headers)
            .timeout(cfg.timeout.as_std())
            .user_agent(concat!(
                "otelcol-audit-paged-json-audit/",
                env!("CARGO_PKG_VERSION")
            ))
            .build()
            .map_err(|e| format!("cannot build the HTTP client: {e}"))?;
        Ok(PageClient {
            http,
            url: cfg.url.clone(),
            cursor_param: cfg.cursor_param.clone(),
            items_path: cfg.items_path.clone(),
            cursor_field: cfg.cursor_field.clone(),
        })
    }

    /// Fetches the page at `cursor` (`None` = the first page). Errors name the URL path and
    /// the HTTP status, never a header.
    pub(crate) async fn fetch(&self, cursor: Option<&str>) -> Result<Page, String> {
        let mut request = self.http.get(&self.url);
        if let Some(cursor) = cursor {
            request = request.query(&[(self.cursor_param.as_str(), cursor)]);
        }
        let response = request
            .send()
            .await
            .map_err(|e| format!("GET {}: {}", self.url, e.without_url()))?;
        let status = response.status();
        if !status.is_success() {
            return Err(format!("GET {}: HTTP {status}", self.url));
        }
        let body: Value = response.json().await.map_err(|e| {
            format!(
                "GET {}: the page is not JSON: {}",
                self.url,
                e.without_url()
            )
        })?;
        let items = match lookup(&body, &self.items_path) {
            Some(Value::Array(items)) => items.clone(),
            Some(Value::Null) | None => Vec::new(),
            Some(_) => {
                return Err(format!(
                    "GET {}: {:?} is not an array",
                    self.url, self.items_path
                ))
            }
        };
        let next_cursor = match lookup(&body, &self.cursor_field) {
            Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
            Some(Value::Number(n)) => Some(n.to_string()),
            _ => None,
        };
        Ok(Page { items, next_cursor })
    }
}
