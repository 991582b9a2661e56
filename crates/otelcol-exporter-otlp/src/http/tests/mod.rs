//! Tests of `otlp_http` against a local scripted server: the rows of Go `otlp_test.go`
//! (`TestErrorResponses`, partial success, `TestEncoding`, `TestUserAgent`) and
//! `factory_test.go` (URL composition, create/start table), plus TLS and config rules.

mod config;
mod requests;
mod responses;
mod server;
mod tls;

use super::{OtlpHttpConfig, OtlpHttpExporter};
use crate::test_support::yaml;
use otelcol_core::{ComponentId, Exporter, Host};

/// Decodes `config_yaml` like the factory does.
pub(super) fn config(config_yaml: &str) -> OtlpHttpConfig {
    OtlpHttpConfig::from_conf(&yaml(config_yaml))
        .unwrap_or_else(|e| panic!("config refused: {e}\n{config_yaml}"))
}

/// A started exporter for `config_yaml`.
pub(super) async fn started(config_yaml: &str) -> OtlpHttpExporter {
    let exporter = OtlpHttpExporter::new(ComponentId::new("otlp_http", None), config(config_yaml))
        .expect("exporter");
    exporter.start(&Host::default()).await.expect("start");
    exporter
}
