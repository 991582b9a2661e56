//! The `api` block both receivers share (`url`, `key`, `timeout`) and the API key type that
//! never prints itself.

use otelcol_core::confmap::GoDuration;
use serde::Deserialize;

/// A CAST AI API access key (never printed).
pub type ApiKey = otelcol_core::secret::Secret;

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
