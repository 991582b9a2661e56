//! `OtlpGrpcExporter`: a lazily connecting tonic channel built in `start`, one `Export` call per
//! batch with the configured metadata and `grpc-timeout`, classified by status code.

use super::classify::classify;
use super::config::{OtlpGrpcConfig, Target};
use super::connector::Connector;
use crate::partial_success::log_partial_success;
use async_trait::async_trait;
use opentelemetry_proto::tonic::collector::logs::v1::logs_service_client::LogsServiceClient;
use otelcol_core::exporterhelper::ExporterHelperSettings;
use otelcol_core::pdata::ExportLogsServiceRequest;
use otelcol_core::{ComponentError, ComponentId, ExportError, Exporter, Host, LogsBatch};
use rustls::pki_types::ServerName;
use std::sync::{Arc, OnceLock};
use std::time::Duration;
use tonic::codec::CompressionEncoding;
use tonic::metadata::MetadataMap;
use tonic::transport::{Channel, Endpoint};

/// The `otlp_grpc` exporter.
pub struct OtlpGrpcExporter {
    id: ComponentId,
    config: OtlpGrpcConfig,
    target: Target,
    metadata: MetadataMap,
    client: OnceLock<LogsServiceClient<Channel>>,
}

impl OtlpGrpcExporter {
    /// Checks the endpoint and headers; no I/O.
    pub fn new(id: ComponentId, config: OtlpGrpcConfig) -> Result<Self, String> {
        let target = config.target()?;
        let metadata = config.headers.to_metadata()?;
        Ok(OtlpGrpcExporter {
            id,
            config,
            target,
            metadata,
            client: OnceLock::new(),
        })
    }

    /// `host:port` for `:authority` (or the configured `authority`).
    fn authority(&self) -> String {
        if !self.config.authority.is_empty() {
            return self.config.authority.clone();
        }
        match &self.target {
            Target::Tcp { host, port } if host.contains(':') => format!("[{host}]:{port}"),
            Target::Tcp { host, port } => format!("{host}:{port}"),
            Target::Unix(_) => "localhost".to_string(),
        }
    }

    /// The name the server certificate must carry: `server_name_override`, else the
    /// authority's host, else the endpoint host.
    fn server_name(&self) -> Result<ServerName<'static>, String> {
        let name = if !self.config.tls.server_name_override.is_empty() {
            self.config.tls.server_name_override.clone()
        } else if !self.config.authority.is_empty() {
            let a = self.config.authority.as_str();
            let host = a.rsplit_once(':').map_or(a, |(h, _)| h);
            host.trim_start_matches('[')
                .trim_end_matches(']')
                .to_string()
        } else {
            match &self.target {
                Target::Tcp { host, .. } => host.clone(),
                Target::Unix(_) => "localhost".to_string(),
            }
        };
        ServerName::try_from(name.clone()).map_err(|_| format!("invalid TLS server name {name:?}"))
    }

    fn build_client(&self) -> Result<LogsServiceClient<Channel>, String> {
        let c = &self.config;
        let tls = if c.uses_tls() {
            let config = c.tls.client_config(&[b"h2"])?;
            let connector = tokio_rustls::TlsConnector::from(Arc::new(config));
            Some((connector, self.server_name()?))
        } else {
            None
        };
        let scheme = if tls.is_some() { "https" } else { "http" };
        let authority = self.authority();
        let origin = format!("{scheme}://{authority}")
            .parse()
            .map_err(|_| format!("invalid authority {authority:?}"))?;
        let user_agent = if c.user_agent.is_empty() {
            crate::user_agent()
        } else {
            c.user_agent.clone()
        };
        let mut endpoint = Endpoint::from_shared(format!("http://{authority}"))
            .map_err(|e| format!("invalid endpoint: {e}"))?
            .origin(origin)
            .user_agent(user_agent)
            .map_err(|e| format!("invalid user_agent: {e}"))?;
        if let Some(keepalive) = &c.keepalive {
            if keepalive.time.as_nanos() > 0 {
                endpoint = endpoint
                    .http2_keep_alive_interval(keepalive.time.as_std())
                    .keep_alive_while_idle(keepalive.permit_without_stream);
            }
            if keepalive.timeout.as_nanos() > 0 {
                endpoint = endpoint.keep_alive_timeout(keepalive.timeout.as_std());
            }
        }
        let channel =
            endpoint.connect_with_connector_lazy(Connector::new(self.target.clone(), tls));
        let mut client = LogsServiceClient::new(channel)
            .accept_compressed(CompressionEncoding::Gzip)
            .accept_compressed(CompressionEncoding::Zstd);
        match c.compression {
            crate::compression::Compression::Gzip => {
                client = client.send_compressed(CompressionEncoding::Gzip)
            }
            crate::compression::Compression::Zstd => {
                client = client.send_compressed(CompressionEncoding::Zstd)
            }
            _ => {}
        }
        Ok(client)
    }

    fn request(&self, batch: &LogsBatch) -> tonic::Request<ExportLogsServiceRequest> {
        let mut request = tonic::Request::new(ExportLogsServiceRequest {
            resource_logs: batch.resource_logs.clone(),
        });
        *request.metadata_mut() = self.metadata.clone();
        if self.config.timeout.as_nanos() > 0 {
            request.set_timeout(self.config.timeout.as_std());
        }
        request
    }
}

/// A failure to reach the server (no response from it): waited out under `wait_for_ready`.
fn is_connection_failure(status: &tonic::Status) -> bool {
    status.code() == tonic::Code::Unavailable && std::error::Error::source(status).is_some()
}

#[async_trait]
impl Exporter for OtlpGrpcExporter {
    async fn start(&self, _host: &Host) -> Result<(), ComponentError> {
        let client = self.build_client().map_err(ComponentError::new)?;
        let _ = self.client.set(client);
        Ok(())
    }

    async fn export(&self, batch: &LogsBatch) -> Result<(), ExportError> {
        let Some(client) = self.client.get() else {
            return Err(ExportError::Permanent("exporter not started".into()));
        };
        let started = tokio::time::Instant::now();
        let mut pause = Duration::from_millis(50);
        loop {
            match client.clone().export(self.request(batch)).await {
                Ok(response) => {
                    log_partial_success(&self.id, response.get_ref().partial_success.as_ref());
                    return Ok(());
                }
                Err(status) if self.config.wait_for_ready && is_connection_failure(&status) => {
                    let timeout = self.config.timeout.as_std();
                    if !timeout.is_zero() && started.elapsed() + pause >= timeout {
                        return Err(ExportError::Retryable(
                            "rpc error: code = DeadlineExceeded desc = context deadline exceeded"
                                .into(),
                        ));
                    }
                    tokio::time::sleep(pause).await;
                    pause = (pause * 2).min(Duration::from_secs(1));
                }
                Err(status) => return classify(&status),
            }
        }
    }

    fn helper_settings(&self) -> ExporterHelperSettings {
        self.config.helper_settings()
    }
}
