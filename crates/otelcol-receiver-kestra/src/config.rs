//! `kestra_audit_logs` config: where Kestra is, how to authenticate, which parameter generation
//! to speak, what to select (resources, namespace), and how to window and checkpoint.

use crate::iso_duration::parse_iso_duration;
use crate::secret::Secret;
use otelcol_core::confmap::GoDuration;
use otelcol_core::{ComponentId, ValidateConfig};
use otelcol_pull::StateLocation;
use serde::Deserialize;
use std::path::PathBuf;
use std::time::Duration;

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct KestraAuditLogsConfig {
    /// Kestra base URL, e.g. `https://kestra.example.com`.
    pub url: String,
    /// Tenant id (`main` by default in Kestra EE); empty: the tenant-less path.
    pub tenant: String,
    pub username: String,
    pub password: Secret,
    /// An API token sent as `Authorization: Bearer` (instead of username/password).
    pub token: Secret,
    /// `auto`, `filters` (2.0) or `flat` (≤ 1.3).
    pub api_style: String,
    /// `size` per page (1..1000).
    pub page_size: u32,
    /// First run: start this long before now (ISO-8601, as Kestra's `lookbackPeriod`).
    pub lookback_period: String,
    pub poll_interval: GoDuration,
    pub overlap: GoDuration,
    pub safety_lag: GoDuration,
    pub timeout: GoDuration,
    /// Resource types to read (`FLOW`, `EXECUTION`, ...); empty: all.
    pub resources: Vec<String>,
    /// Namespace (and its children) to read; empty: all.
    pub namespace: String,
    pub checkpoint_file: String,
    pub storage: Option<String>,
}

impl Default for KestraAuditLogsConfig {
    fn default() -> Self {
        KestraAuditLogsConfig {
            url: String::new(),
            tenant: String::new(),
            username: String::new(),
            password: Secret::default(),
            token: Secret::default(),
            api_style: "auto".into(),
            page_size: 100,
            lookback_period: "P1D".into(),
            poll_interval: GoDuration::from_secs(60),
            overlap: GoDuration::from_secs(300),
            safety_lag: GoDuration::from_secs(30),
            timeout: GoDuration::from_secs(30),
            resources: Vec::new(),
            namespace: String::new(),
            checkpoint_file: String::new(),
            storage: None,
        }
    }
}

/// How requests authenticate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Auth {
    Basic { username: String, password: Secret },
    Bearer(Secret),
}

/// The search parameter generation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiStyle {
    /// Probe `filters`, fall back to `flat` (see README).
    Auto,
    /// Kestra EE ≤ 1.3: `startDate`, `endDate`, `namespace`, `resources`.
    Flat,
    /// Kestra EE 2.0: `filters[<field>][<OP>]=<value>`.
    Filters,
}

/// `ResourceType` names of Kestra EE 1.3, 2.0's `Resource`, and the Audit Log Shipper's list.
pub const RESOURCE_TYPES: [&str; 46] = [
    "AUDITLOG",
    "APP",
    "ASSET",
    "APP_EXECUTION",
    "BLUEPRINT",
    "BINDING",
    "DASHBOARD",
    "EXECUTION",
    "FLOW",
    "KILL_SWITCH",
    "KV_STORE",
    "GROUP",
    "INVITATION",
    "NAMESPACE",
    "NAMESPACE_FILE",
    "ROLE",
    "SECURITY_INTEGRATION",
    "SECRET",
    "SETTING",
    "TEMPLATE",
    "TRIGGER",
    "TENANT",
    "TENANT_ACCESS",
    "TESTSUITE",
    "TESTSUITE_RUN",
    "VERSIONED_PLUGIN",
    "USER",
    "CREDENTIAL",
    "WORKER_GROUP",
    "INSTANCE",
    "UNKNOWN", // 1.3
    "KVSTORE",
    "SYSTEM_SETTINGS",
    "TENANT_SETTINGS",
    "REUSABLE_INPUTS",
    "SERVICE_ACCOUNT",
    "COPILOT",
    "MCP_SERVER",
    "SUPPORT",
    "POLICY",
    "WORKER_QUEUE", // 2.0
    "IMPERSONATE",
    "INFRASTRUCTURE",
    "APPEXECUTION",
    "ME",
    "APITOKEN", // shipper docs
];

impl KestraAuditLogsConfig {
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

    pub fn auth(&self) -> Result<Auth, String> {
        let basic = !self.username.is_empty() || !self.password.is_empty();
        match (basic, self.token.is_empty()) {
            (true, false) => Err("token and username/password cannot be used together".into()),
            (false, true) => Err("either username and password, or token, must be set".into()),
            (false, false) => Ok(Auth::Bearer(self.token.clone())),
            (true, true) if self.username.is_empty() => {
                Err("username must be set with password".into())
            }
            (true, true) if self.password.is_empty() => {
                Err("password must be set with username".into())
            }
            (true, true) => Ok(Auth::Basic {
                username: self.username.clone(),
                password: self.password.clone(),
            }),
        }
    }

    pub fn style(&self) -> Result<ApiStyle, String> {
        match self.api_style.as_str() {
            "auto" => Ok(ApiStyle::Auto),
            "flat" => Ok(ApiStyle::Flat),
            "filters" => Ok(ApiStyle::Filters),
            other => Err(format!(
                "api_style must be auto, flat or filters, not {other:?}"
            )),
        }
    }

    pub fn lookback(&self) -> Result<Duration, String> {
        parse_iso_duration(&self.lookback_period).map_err(|e| format!("lookback_period: {e}"))
    }
}

impl ValidateConfig for KestraAuditLogsConfig {
    fn validate(&self) -> Result<(), String> {
        if self.url.is_empty() {
            return Err("url must be specified".into());
        }
        let parsed = reqwest::Url::parse(&self.url)
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some());
        let Some(parsed) = parsed else {
            return Err("url must be an http:// or https:// URL".into());
        };
        if !parsed.username().is_empty() || parsed.password().is_some() {
            return Err("url must not carry credentials; use username/password or token".into());
        }
        if self.tenant.contains(['/', '?', '#']) {
            return Err(format!("tenant {:?} must not contain / ? #", self.tenant));
        }
        self.auth()?;
        self.style()?;
        self.lookback()?;
        for (name, d) in [
            ("timeout", self.timeout),
            ("poll_interval", self.poll_interval),
        ] {
            if d.as_nanos() <= 0 {
                return Err(format!("{name} must be greater than zero"));
            }
        }
        for (name, d) in [("overlap", self.overlap), ("safety_lag", self.safety_lag)] {
            if d.is_negative() {
                return Err(format!("{name} must not be negative"));
            }
        }
        if !(1..=1000).contains(&self.page_size) {
            return Err("page_size must be between 1 and 1000".into());
        }
        if let Some(bad) = self
            .resources
            .iter()
            .find(|r| !RESOURCE_TYPES.contains(&r.as_str()))
        {
            return Err(format!(
                "resources: {bad:?} is not a Kestra resource type (one of {})",
                RESOURCE_TYPES.join(", ")
            ));
        }
        self.location().map(|_| ())
    }
}
