//! `runai_audit_logs` config: where the control plane is, how to authenticate, how to page
//! and window, and where the checkpoint lives.

use crate::auth::{Credentials, TokenApi};
use crate::client::{Api, ApiVersion};
use crate::filters::Filters;
use crate::secret::Secret;
use otelcol_core::confmap::GoDuration;
use otelcol_core::{ComponentId, ValidateConfig};
use otelcol_pull::StateLocation;
use serde::Deserialize;
use std::path::PathBuf;

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RunaiAuditLogsConfig {
    /// Control plane base URL, e.g. `https://myorg.run.ai`.
    pub url: String,
    /// `auto` (probe), `current` (`/api/v1/audit/log`) or `classic` (`/v1/k8s/audit`).
    pub api_version: String,
    /// A static bearer token (instead of client credentials).
    pub token: Secret,
    pub client_id: String,
    pub client_secret: Secret,
    /// `v2` (`POST /api/v2/token`, form) or `v1` (`POST /api/v1/token`, JSON).
    pub token_api: String,
    /// Refresh an exchanged token this long before it expires.
    pub token_refresh_margin: GoDuration,
    pub timeout: GoDuration,
    pub poll_interval: GoDuration,
    /// `numberOfSamples` per page (1..1000); the classic `limit` is at most 500.
    pub page_size: i64,
    /// First run: start this long before now.
    pub lookback: GoDuration,
    /// How far each window reaches back before the previous one's end.
    pub overlap: GoDuration,
    /// Windows end this long before now.
    pub safety_lag: GoDuration,
    /// Exact-match filters both APIs understand.
    pub filters: Filters,
    /// Raw `filterBy` items of the current API, e.g. `entity_type==project` (sent comma-joined).
    pub filter_by: Vec<String>,
    pub checkpoint_file: String,
    /// A storage extension id keeping the checkpoint instead of a file.
    pub storage: Option<String>,
}

impl Default for RunaiAuditLogsConfig {
    fn default() -> Self {
        RunaiAuditLogsConfig {
            url: String::new(),
            api_version: "auto".into(),
            token: Secret::default(),
            client_id: String::new(),
            client_secret: Secret::default(),
            token_api: "v2".into(),
            token_refresh_margin: GoDuration::from_secs(60),
            timeout: GoDuration::from_secs(30),
            poll_interval: GoDuration::from_secs(60),
            page_size: 1000,
            lookback: GoDuration::from_secs(24 * 3600),
            overlap: GoDuration::from_secs(300),
            safety_lag: GoDuration::from_secs(30),
            filters: Filters::default(),
            filter_by: Vec::new(),
            checkpoint_file: String::new(),
            storage: None,
        }
    }
}

const FILTER_FIELDS: [&str; 10] = [
    "timestamp",
    "subject",
    "subject_type",
    "source_ip",
    "action",
    "result",
    "url",
    "entity_type",
    "entity_name",
    "cluster_name",
];
const FILTER_OPS: [&str; 8] = ["==", "!=", "<=", ">=", "=@", "!@", "=^", "=$"];

/// Whether `item` is `<field><op><value>` as the API's `filterBy` pattern requires.
fn valid_filter(item: &str) -> bool {
    FILTER_FIELDS.iter().any(|f| {
        item.strip_prefix(f).is_some_and(|rest| {
            FILTER_OPS
                .iter()
                .any(|op| rest.strip_prefix(op).is_some_and(|v| !v.is_empty()))
        })
    })
}

impl RunaiAuditLogsConfig {
    /// Which API to read (validate first).
    pub fn api(&self) -> Result<ApiVersion, String> {
        ApiVersion::parse(&self.api_version)
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

    /// The credentials (validate first).
    pub fn credentials(&self) -> Result<Credentials, String> {
        let has_client = !self.client_id.is_empty() || !self.client_secret.is_empty();
        match (self.token.is_empty(), has_client) {
            (false, true) => {
                Err("token and client_id/client_secret cannot be used together".into())
            }
            (false, false) => Ok(Credentials::Static(self.token.clone())),
            (true, false) => Err("either token or client_id and client_secret must be set".into()),
            (true, true) if self.client_id.is_empty() => {
                Err("client_id must be set with client_secret".into())
            }
            (true, true) if self.client_secret.is_empty() => {
                Err("client_secret must be set with client_id".into())
            }
            (true, true) => Ok(Credentials::Client {
                id: self.client_id.clone(),
                secret: self.client_secret.clone(),
                api: match self.token_api.as_str() {
                    "v1" => TokenApi::V1,
                    "v2" => TokenApi::V2,
                    other => return Err(format!("token_api must be v1 or v2, not {other:?}")),
                },
            }),
        }
    }
}

impl ValidateConfig for RunaiAuditLogsConfig {
    fn validate(&self) -> Result<(), String> {
        if self.url.is_empty() {
            return Err("url must be specified".into());
        }
        let parsed = reqwest::Url::parse(&self.url)
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some());
        if parsed.is_none() {
            return Err("url must be an http:// or https:// URL".into());
        }
        self.credentials()?;
        for (name, d) in [
            ("timeout", self.timeout),
            ("poll_interval", self.poll_interval),
        ] {
            if d.as_nanos() <= 0 {
                return Err(format!("{name} must be greater than zero"));
            }
        }
        for (name, d) in [
            ("lookback", self.lookback),
            ("overlap", self.overlap),
            ("safety_lag", self.safety_lag),
            ("token_refresh_margin", self.token_refresh_margin),
        ] {
            if d.is_negative() {
                return Err(format!("{name} must not be negative"));
            }
        }
        if !(1..=1000).contains(&self.page_size) {
            return Err("page_size must be between 1 and 1000".into());
        }
        if let Some(bad) = self.filter_by.iter().find(|f| !valid_filter(f)) {
            return Err(format!(
                "filter_by item {bad:?} must be <field><op><value> with a field of {} and an op of {}",
                FILTER_FIELDS.join(", "),
                FILTER_OPS.join(" ")
            ));
        }
        let api = self.api()?;
        if api == ApiVersion::Fixed(Api::Classic) && !self.filter_by.is_empty() {
            return Err(
                "filter_by applies to the current API only; with api_version: classic use filters"
                    .into(),
            );
        }
        self.filters.validate()?;
        if api == ApiVersion::Fixed(Api::Current) {
            if let Some(key) = self.filters.current_api_cannot() {
                return Err(format!(
                    "{key} needs the classic API; the current API's records have no such field"
                ));
            }
        }
        self.location().map(|_| ())
    }
}
