//! The `api` block both receivers share (`url`, `key`, `timeout`) and the API key type that
//! never prints itself.

use otelcol_core::confmap::GoDuration;
use serde::Deserialize;
use std::fmt;

/// A CAST AI API access key. `Debug` and `Display` print `[REDACTED]`.
#[derive(Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct ApiKey(String);

impl ApiKey {
    pub fn new(key: impl Into<String>) -> Self {
        ApiKey(key.into())
    }

    /// The key itself, for the request header only.
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[REDACTED]")
    }
}

impl fmt::Display for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[REDACTED]")
    }
}

/// `api:` — where the CAST AI API is and how to call it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ApiConfig {
    pub url: String,
    pub key: ApiKey,
    /// Per-request timeout; unset means the receiver's default (v1 `1m`, v2 `30s`).
    pub timeout: Option<GoDuration>,
}

pub const DEFAULT_URL: &str = "https://api.cast.ai";

impl Default for ApiConfig {
    fn default() -> Self {
        ApiConfig {
            url: DEFAULT_URL.to_string(),
            key: ApiKey::default(),
            timeout: None,
        }
    }
}

/// Go's `url.ParseRequestURI` acceptance: an absolute URI, or an absolute path.
pub fn is_request_uri(url: &str) -> bool {
    url.starts_with('/') || reqwest::Url::parse(url).is_ok()
}

/// Whether the URL can actually be called (http or https with a host).
pub fn is_http_url(url: &str) -> bool {
    reqwest::Url::parse(url)
        .map(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some())
        .unwrap_or(false)
}
