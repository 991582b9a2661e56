//! `health_check` configuration: the legacy (v1) keys of the Go extension, with Go's defaults.

use otelcol_core::confmap::GoDuration;
use otelcol_core::ValidateConfig;
use serde::Deserialize;

/// The extension's config (Go `healthcheckextension.Config`, legacy HTTP keys).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HealthCheckConfig {
    /// `host:port` to listen on.
    pub endpoint: String,
    /// The path the status is served at; `/` serves every path.
    pub path: String,
    /// Static bodies replacing the JSON status document.
    pub response_body: Option<ResponseBodyConfig>,
    /// Deprecated in Go ("not working as expected"); accepted, a warning is logged when enabled.
    pub check_collector_pipeline: CheckCollectorPipelineConfig,
    /// Server TLS (Go `configtls.ServerConfig`); accepted by the decoder, refused by `validate`.
    pub tls: Option<TlsServerConfig>,
    /// Go v2's component-health opt-in; when present, component statuses decide health.
    pub component_health: Option<ComponentHealthConfig>,
}

impl Default for HealthCheckConfig {
    fn default() -> Self {
        HealthCheckConfig {
            endpoint: "localhost:13133".to_string(),
            path: "/".to_string(),
            response_body: None,
            check_collector_pipeline: CheckCollectorPipelineConfig::default(),
            tls: None,
            component_health: None,
        }
    }
}

/// `response_body`: a missing key means an empty body for that state, as in Go.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ResponseBodyConfig {
    pub healthy: String,
    pub unhealthy: String,
}

/// `component_health` (Go v2 `common.ComponentHealthConfig`): which component errors make the
/// endpoint unhealthy. Go has no defaults here: both switches off, `recovery_duration` zero.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ComponentHealthConfig {
    /// A component in `PermanentError` makes the endpoint unhealthy.
    pub include_permanent_errors: bool,
    /// A component in `RecoverableError` for longer than `recovery_duration` makes it unhealthy.
    pub include_recoverable_errors: bool,
    /// Grace period for recoverable errors; zero (or negative) means at once.
    pub recovery_duration: GoDuration,
}

/// `check_collector_pipeline` (deprecated in Go).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CheckCollectorPipelineConfig {
    pub enabled: bool,
    /// A Go duration string; Go keeps it as a string and parses it in `Validate`.
    pub interval: String,
    pub exporter_failure_threshold: i64,
}

impl Default for CheckCollectorPipelineConfig {
    fn default() -> Self {
        CheckCollectorPipelineConfig {
            enabled: false,
            interval: "5m".to_string(),
            exporter_failure_threshold: 5,
        }
    }
}

/// The keys of Go's `configtls.ServerConfig`, so that a Go config decodes and then gets the
/// clear "not supported" error instead of an "invalid keys" one.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TlsServerConfig {
    pub ca_file: String,
    pub ca_pem: String,
    pub include_system_ca_certs_pool: bool,
    pub cert_file: String,
    pub cert_pem: String,
    pub key_file: String,
    pub key_pem: String,
    pub min_version: String,
    pub max_version: String,
    pub cipher_suites: Vec<String>,
    pub curve_preferences: Vec<String>,
    pub reload_interval: GoDuration,
    pub client_ca_file: String,
    pub client_ca_file_reload: bool,
}

impl ValidateConfig for HealthCheckConfig {
    /// The checks of Go's `Config.Validate`, in Go's order, plus the TLS refusal.
    fn validate(&self) -> Result<(), String> {
        GoDuration::parse(&self.check_collector_pipeline.interval)?;
        if self.endpoint.is_empty() {
            return Err("bad config: endpoint must be specified".to_string());
        }
        if self.check_collector_pipeline.exporter_failure_threshold <= 0 {
            return Err(
                "bad config: exporter_failure_threshold expects a positive number".to_string(),
            );
        }
        if !self.path.starts_with('/') {
            return Err("bad config: path must start with /".to_string());
        }
        if self.tls.is_some() {
            return Err("tls is not supported yet".to_string());
        }
        Ok(())
    }
}
