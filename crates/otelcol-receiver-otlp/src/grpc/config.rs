//! `protocols.grpc` (Go `configgrpc.ServerConfig`, with the OTLP receiver's defaults).

use crate::config::{
    enabled_when_present, validate_server_common, DialerConfig, MiddlewareConfig, TlsServerConfig,
};
use otelcol_core::confmap::GoDuration;
use serde::Deserialize;

/// The gRPC default (and Go's) when `max_recv_msg_size_mib` is 0.
pub(crate) const DEFAULT_MAX_RECV_MIB: usize = 4;

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GrpcConfig {
    pub endpoint: String,
    pub transport: String,
    pub dialer: DialerConfig,
    #[serde(deserialize_with = "enabled_when_present")]
    pub tls: Option<TlsServerConfig>,
    pub max_recv_msg_size_mib: i64,
    pub max_concurrent_streams: u32,
    pub read_buffer_size: i64,
    pub write_buffer_size: i64,
    pub keepalive: KeepaliveConfig,
    #[serde(deserialize_with = "enabled_when_present")]
    pub auth: Option<GrpcAuthConfig>,
    pub include_metadata: bool,
    pub middlewares: Vec<MiddlewareConfig>,
}

impl Default for GrpcConfig {
    fn default() -> Self {
        GrpcConfig {
            endpoint: "localhost:4317".into(),
            transport: "tcp".into(),
            dialer: DialerConfig::default(),
            tls: None,
            max_recv_msg_size_mib: 0,
            max_concurrent_streams: 0,
            read_buffer_size: 512 * 1024,
            write_buffer_size: 0,
            keepalive: KeepaliveConfig::default(),
            auth: None,
            include_metadata: false,
            middlewares: Vec::new(),
        }
    }
}

/// `keepalive`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct KeepaliveConfig {
    pub server_parameters: KeepaliveServerParameters,
    pub enforcement_policy: KeepaliveEnforcementPolicy,
}

/// `keepalive.server_parameters` (zero means the gRPC default).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct KeepaliveServerParameters {
    pub max_connection_idle: GoDuration,
    pub max_connection_age: GoDuration,
    pub max_connection_age_grace: GoDuration,
    pub time: GoDuration,
    pub timeout: GoDuration,
}

/// `keepalive.enforcement_policy`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct KeepaliveEnforcementPolicy {
    pub min_time: GoDuration,
    pub permit_without_stream: bool,
}

/// `auth` (Go `configauth.Config`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GrpcAuthConfig {
    pub authenticator: String,
}

impl GrpcConfig {
    /// Go `ServerConfig.Validate` plus what this distribution cannot honour.
    pub(crate) fn validate(&self) -> Result<(), String> {
        if self.max_recv_msg_size_mib < 0 || self.max_recv_msg_size_mib > i64::MAX / 1024 / 1024 {
            return Err(format!(
                "invalid max_recv_msg_size_mib value, must be between 1 and {}: {}",
                i64::MAX / 1024 / 1024,
                self.max_recv_msg_size_mib
            ));
        }
        if self.read_buffer_size < 0 {
            return Err(format!(
                "invalid read_buffer_size value: {}",
                self.read_buffer_size
            ));
        }
        if self.write_buffer_size < 0 {
            return Err(format!(
                "invalid write_buffer_size value: {}",
                self.write_buffer_size
            ));
        }
        validate_server_common(
            &self.transport,
            self.auth.as_ref().map(|a| a.authenticator.as_str()),
            &self.middlewares,
        )?;
        if let Some(tls) = &self.tls {
            crate::tls::validate(tls, &self.transport).map_err(|e| format!("tls: {e}"))?;
        }
        Ok(())
    }

    /// The largest decompressed message accepted, in bytes.
    pub(crate) fn max_recv_bytes(&self) -> usize {
        let mib = match usize::try_from(self.max_recv_msg_size_mib) {
            Ok(0) | Err(_) => DEFAULT_MAX_RECV_MIB,
            Ok(m) => m,
        };
        mib.saturating_mul(1024 * 1024)
    }
}
