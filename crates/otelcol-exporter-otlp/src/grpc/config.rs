//! The `otlp_grpc` configuration (Go `otlpexporter.Config` + `configgrpc.ClientConfig`),
//! decoded over the Go defaults and validated with the Go messages.

use crate::auth::{refuse_extensions, AuthConfig, MiddlewareConfig};
use crate::compression::Compression;
use crate::headers::Headers;
use otelcol_core::configtls::TlsClientConfig;
use otelcol_core::confmap::{self, ConfValue, GoDuration};
use otelcol_core::exporterhelper::{
    validate_timeout, ExporterHelperSettings, QueueConfig, RetryConfig,
};
use otelcol_core::{CreateError, ValidateConfig};
use serde::Deserialize;

/// `exporters: otlp_grpc:` settings.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OtlpGrpcConfig {
    /// `host:port`, `dns:///host:port`, `unix:///path`; `http://`/`https://` are stripped.
    pub endpoint: String,
    /// Per-attempt timeout (exporterhelper).
    pub timeout: GoDuration,
    pub compression: Compression,
    pub tls: TlsClientConfig,
    /// Present (even empty) turns HTTP/2 keepalive pings on.
    pub keepalive: Option<KeepaliveConfig>,
    pub read_buffer_size: i64,
    pub write_buffer_size: i64,
    /// Wait for the connection instead of failing fast while the server is unreachable.
    pub wait_for_ready: bool,
    pub headers: Headers,
    /// Replaces the default `User-Agent`.
    pub user_agent: String,
    /// `round_robin` (default) or `pick_first`.
    pub balancer_name: String,
    /// Overrides `:authority` (and the TLS server name).
    pub authority: String,
    pub auth: Option<AuthConfig>,
    pub middlewares: Vec<MiddlewareConfig>,
    pub sending_queue: QueueConfig,
    pub retry_on_failure: RetryConfig,
}

/// `keepalive:` (Go `configgrpc.KeepaliveClientConfig`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct KeepaliveConfig {
    pub time: GoDuration,
    pub timeout: GoDuration,
    pub permit_without_stream: bool,
}

impl Default for KeepaliveConfig {
    fn default() -> Self {
        KeepaliveConfig {
            time: GoDuration::from_secs(10),
            timeout: GoDuration::from_secs(10),
            permit_without_stream: false,
        }
    }
}

impl Default for OtlpGrpcConfig {
    fn default() -> Self {
        OtlpGrpcConfig {
            endpoint: String::new(),
            timeout: GoDuration::from_secs(5),
            compression: Compression::Gzip,
            tls: TlsClientConfig::default(),
            keepalive: None,
            read_buffer_size: 0,
            write_buffer_size: 512 * 1024,
            wait_for_ready: false,
            headers: Headers::default(),
            user_agent: String::new(),
            balancer_name: "round_robin".into(),
            authority: String::new(),
            auth: None,
            middlewares: Vec::new(),
            sending_queue: QueueConfig::default(),
            retry_on_failure: RetryConfig::default(),
        }
    }
}

/// Where the client connects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Host (name or IP, without brackets) and port.
    Tcp {
        host: String,
        port: u16,
    },
    Unix(String),
}

impl OtlpGrpcConfig {
    /// Decodes over the defaults, then validates (`compression:` with no value means none).
    pub fn from_conf(conf: &ConfValue) -> Result<Self, CreateError> {
        let mut config: OtlpGrpcConfig = confmap::decode(conf)?;
        if crate::present_but_null(conf, "compression") {
            config.compression = Compression::None;
        }
        if config.keepalive.is_none() && conf.get("keepalive").is_some() {
            config.keepalive = Some(KeepaliveConfig::default());
        }
        config.validate().map_err(CreateError::Invalid)?;
        Ok(config)
    }

    /// The endpoint without `http://`, `https://` or `dns://[authority]/` (Go).
    pub fn sanitized_endpoint(&self) -> &str {
        let e = self.endpoint.as_str();
        if let Some(rest) = e.strip_prefix("http://") {
            rest
        } else if let Some(rest) = e.strip_prefix("https://") {
            rest
        } else if let Some(rest) = e.strip_prefix("dns://") {
            rest.split_once('/').map_or(rest, |(_, target)| target)
        } else {
            e
        }
    }

    /// `https://` forces TLS; otherwise TLS is on unless `tls.insecure` (and no CA) is set.
    pub fn uses_tls(&self) -> bool {
        self.endpoint.starts_with("https://") || !self.tls.insecure || self.tls.has_ca()
    }

    /// The connect target (Go `net.SplitHostPort` rules and messages).
    pub fn target(&self) -> Result<Target, String> {
        if let Some(path) = self.endpoint.strip_prefix("unix://") {
            if path.is_empty() {
                return Err("unix socket path cannot be empty".into());
            }
            return Ok(Target::Unix(path.to_string()));
        }
        let address = self.sanitized_endpoint();
        let (host, port) = split_host_port(address)?;
        let port = port
            .parse::<u16>()
            .map_err(|_| format!("invalid port {port:?}"))?;
        Ok(Target::Tcp {
            host: host.to_string(),
            port,
        })
    }

    /// Per-attempt timeout for the runtime and the `grpc-timeout` header.
    pub fn helper_settings(&self) -> ExporterHelperSettings {
        ExporterHelperSettings {
            queue: self.sending_queue.clone(),
            retry: self.retry_on_failure.clone(),
            timeout: (self.timeout.as_nanos() > 0).then(|| self.timeout.as_std()),
        }
    }
}

/// Go `net.SplitHostPort`.
fn split_host_port(address: &str) -> Result<(&str, &str), String> {
    let missing = || format!("address {address}: missing port in address");
    if let Some(rest) = address.strip_prefix('[') {
        let (host, after) = rest
            .split_once(']')
            .ok_or_else(|| format!("address {address}: missing ']' in address"))?;
        let port = after.strip_prefix(':').ok_or_else(missing)?;
        return Ok((host, port));
    }
    let (host, port) = address.rsplit_once(':').ok_or_else(missing)?;
    if host.contains(':') {
        return Err(format!("address {address}: too many colons in address"));
    }
    Ok((host, port))
}

impl ValidateConfig for OtlpGrpcConfig {
    fn validate(&self) -> Result<(), String> {
        self.tls.validate().map_err(|e| format!("tls: {e}"))?;
        self.headers
            .validate()
            .map_err(|e| format!("headers: {e}"))?;
        self.helper_settings().validate()?;
        if !self.sanitized_endpoint().is_empty() {
            self.target()?;
        }
        if !matches!(
            self.balancer_name.as_str(),
            "" | "round_robin" | "pick_first"
        ) {
            return Err(format!("invalid balancer_name: {}", self.balancer_name));
        }
        if self.sanitized_endpoint().is_empty() {
            return Err(r#"requires a non-empty "endpoint""#.into());
        }
        match self.compression {
            Compression::None | Compression::Gzip | Compression::Zstd => {}
            other => {
                return Err(format!(
                    "unsupported compression type {:?} for gRPC (use gzip, zstd or none)",
                    other.name()
                ))
            }
        }
        refuse_extensions(&self.auth, &self.middlewares)?;
        validate_timeout(self.timeout)?;
        Ok(())
    }
}
