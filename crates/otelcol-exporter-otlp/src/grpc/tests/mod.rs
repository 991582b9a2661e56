//! Tests of `otlp_grpc` against a local tonic server: the status-code and `RetryInfo` rules of
//! Go `otlpexporter/otlp.go` (`shouldRetry`, `TestSendTracesOnResourceExhaustion`), delivery,
//! metadata, compression, TLS, wait_for_ready (`TestSendTraceDataServerStartWhileRequest`) and
//! config rules.

mod codes;
mod config;
mod delivery;
mod server;

use super::{OtlpGrpcConfig, OtlpGrpcExporter};
use crate::test_support::yaml;
use otelcol_core::{ComponentId, Exporter, Host};

pub(super) fn config(config_yaml: &str) -> OtlpGrpcConfig {
    OtlpGrpcConfig::from_conf(&yaml(config_yaml))
        .unwrap_or_else(|e| panic!("config refused: {e}\n{config_yaml}"))
}

/// A started exporter for `config_yaml`.
pub(super) async fn started(config_yaml: &str) -> OtlpGrpcExporter {
    let exporter = OtlpGrpcExporter::new(ComponentId::new("otlp_grpc", None), config(config_yaml))
        .expect("exporter");
    exporter.start(&Host::default()).await.expect("start");
    exporter
}

/// A plaintext exporter to `addr`.
pub(super) async fn plaintext(addr: std::net::SocketAddr, extra: &str) -> OtlpGrpcExporter {
    started(&format!(
        "endpoint: {addr}\ntls: {{insecure: true}}\n{extra}"
    ))
    .await
}
