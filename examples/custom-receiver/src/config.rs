//! The `paged_json_audit` config: where the API is, how its pages look, where state is kept.

use otelcol_core::confmap::GoDuration;
use otelcol_core::{ComponentId, ValidateConfig};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;

#[derive(Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PagedJsonAuditConfig {
    /// The first page; later pages add `cursor_param=<cursor>` to it.
    pub url: String,
    /// Request headers (API keys go here, usually as `${env:VAR}`); never logged.
    pub headers: BTreeMap<String, String>,
    /// Pause between polls once the last page is reached (or after an error).
    pub poll_interval: GoDuration,
    /// Limit for one HTTP request.
    pub timeout: GoDuration,
    /// Dot path to the array of events in a page (`data.events`); empty = the page is the array.
    pub items_path: String,
    /// Dot path to the next page's cursor; missing, null or "" = this is the last page.
    pub cursor_field: String,
    /// Query parameter that carries the cursor.
    pub cursor_param: String,
    /// Dot path to an event's unique id (dedupes the re-read last page).
    pub id_field: String,
    /// Dot path to an event's RFC 3339 time (the record's timestamp).
    pub time_field: String,
    /// Storage extension keeping the checkpoint across restarts; in memory without it.
    pub storage: Option<String>,
    /// `service.name` of the emitted resource.
    pub service_name: String,
}

impl Default for PagedJsonAuditConfig {
    fn default() -> Self {
        PagedJsonAuditConfig {
            url: String::new(),
            headers: BTreeMap::new(),
            poll_interval: GoDuration::from_secs(30),
            timeout: GoDuration::from_secs(30),
            items_path: "items".into(),
            cursor_field: "next_cursor".into(),
            cursor_param: "cursor".into(),
            id_field: "id".into(),
            time_field: "time".into(),
            storage: None,
            service_name: "paged-json-audit".into(),
        }
    }
}

/// Header values are secrets: only their names are shown.
impl fmt::Debug for PagedJsonAuditConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PagedJsonAuditConfig")
            .field("url", &self.url)
            .field("headers", &self.headers.keys().collect::<Vec<_>>())
            .field("poll_interval", &self.poll_interval)
            .field("timeout", &self.timeout)
            .field("items_path", &self.items_path)
            .field("cursor_field", &self.cursor_field)
            .field("cursor_param", &self.cursor_param)
            .field("id_field", &self.id_field)
            .field("time_field", &self.time_field)
            .field("storage", &self.storage)
            .field("service_name", &self.service_name)
            .finish()
    }
}

impl PagedJsonAuditConfig {
    pub(crate) fn storage_id(&self) -> Option<ComponentId> {
        self.storage
            .as_deref()
            .and_then(|s| ComponentId::parse(s).ok())
    }
}

impl ValidateConfig for PagedJsonAuditConfig {
    fn validate(&self) -> Result<(), String> {
        if self.url.is_empty() {
            return Err("url must be specified".into());
        }
        if !(self.url.starts_with("http://") || self.url.starts_with("https://")) {
            return Err(format!(
                "url {:?} must start with http:// or https://",
                self.url
            ));
        }
        if self.poll_interval.as_nanos() <= 0 {
            return Err("poll_interval must be positive".into());
        }
        if self.timeout.as_nanos() <= 0 {
            return Err("timeout must be positive".into());
        }
        if self.id_field.is_empty() {
            return Err("id_field must be specified".into());
        }
        if self.cursor_param.is_empty() {
            return Err("cursor_param must be specified".into());
        }
        for (name, value) in &self.headers {
            reqwest::header::HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| format!("headers: {name:?} is not a valid header name"))?;
            reqwest::header::HeaderValue::from_str(value).map_err(|_| {
                format!("headers: the value of {name:?} is not a valid header value")
            })?;
        }
        if let Some(storage) = &self.storage {
            ComponentId::parse(storage).map_err(|e| format!("storage: {e}"))?;
        }
        Ok(())
    }
}
