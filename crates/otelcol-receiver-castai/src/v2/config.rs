//! `castai_audit_logs_v2` config: CAST AI's v2 keys, defaults, validation order and messages,
//! plus `overlap` and `storage: file_storage/<name>`.

use crate::api::{is_http_url, is_request_uri, ApiConfig};
use otelcol_core::confmap::GoDuration;
use otelcol_core::{ComponentId, ValidateConfig};
use otelcol_pull::StateLocation;
use serde::Deserialize;
use std::path::PathBuf;

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CastAiAuditLogsV2Config {
    pub api: ApiConfig,
    pub poll_interval: GoDuration,
    pub page_limit: i64,
    pub include_body: bool,
    pub lookback: GoDuration,
    pub checkpoint_file: String,
    pub filters: FilterConfig,
    /// Not in Go: a storage extension id keeping the checkpoint instead of a file.
    pub storage: Option<String>,
    /// Not in Go: how far each poll reaches back before the previous one's end.
    pub overlap: GoDuration,
}

/// `filters`: every list matches any of its values; lists combine with AND.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FilterConfig {
    pub search: String,
    pub clusters: Vec<String>,
    pub domains: Vec<String>,
    pub resources: Vec<String>,
    pub actions: Vec<String>,
    pub sources: Vec<String>,
    pub severity: Vec<String>,
}

impl Default for CastAiAuditLogsV2Config {
    fn default() -> Self {
        CastAiAuditLogsV2Config {
            api: ApiConfig::default(),
            poll_interval: GoDuration::from_secs(10),
            page_limit: 100,
            include_body: false,
            lookback: GoDuration::ZERO,
            checkpoint_file: String::new(),
            filters: FilterConfig::default(),
            storage: None,
            overlap: GoDuration::from_secs(300),
        }
    }
}

impl CastAiAuditLogsV2Config {
    /// `api.timeout`, default `30s`.
    pub fn timeout(&self) -> GoDuration {
        self.api.timeout.unwrap_or(GoDuration::from_secs(30))
    }

    /// Where the checkpoint lives (validate first).
    pub fn location(&self) -> Result<StateLocation, String> {
        match (&self.storage, self.checkpoint_file.is_empty()) {
            (Some(_), false) => Err("checkpoint_file and storage cannot be used together".into()),
            (Some(id), true) => ComponentId::parse(id)
                .map(StateLocation::Extension)
                .map_err(|e| format!("storage: {e}")),
            (None, false) => Ok(StateLocation::File(PathBuf::from(&self.checkpoint_file))),
            (None, true) => Ok(StateLocation::Memory),
        }
    }
}

impl ValidateConfig for CastAiAuditLogsV2Config {
    fn validate(&self) -> Result<(), String> {
        if self.api.url.is_empty() {
            return Err("api.url must be specified".into());
        }
        if !is_request_uri(&self.api.url) {
            return Err("api.url must be in the form <scheme>://<hostname>:<port>".into());
        }
        if self.api.key.is_empty() {
            return Err("api.key cannot be empty".into());
        }
        if self.timeout().as_nanos() <= 0 {
            return Err("api.timeout must be greater than zero".into());
        }
        if self.poll_interval.as_nanos() <= 0 {
            return Err("poll_interval must be greater than zero".into());
        }
        if self.page_limit < 1 || self.page_limit > 250 {
            return Err("page_limit must be between 1 and 250".into());
        }
        if self.lookback.is_negative() {
            return Err("lookback must not be negative".into());
        }
        if !is_http_url(&self.api.url) {
            return Err("api.url must be an http:// or https:// URL".into());
        }
        if self.overlap.is_negative() {
            return Err("overlap must not be negative".into());
        }
        self.location().map(|_| ())
    }
}
