//! Config and factory: Go defaults, `factory_test.go` `TestComposeSignalURL` (logs rows) and
//! the create/start table of `TestCreateLogsExporter`-style rows (11), validation messages.

use super::super::{Encoding, OtlpHttpConfig, OtlpHttpExporterFactory};
use crate::compression::Compression;
use crate::test_support::{create_context, self_signed, yaml};
use otelcol_core::confmap::GoDuration;
use otelcol_core::exporterhelper::{QueueConfig, RetryConfig};
use otelcol_core::{ExporterFactory, Host, Stability};
use std::time::Duration;

fn refused(config_yaml: &str) -> String {
    match OtlpHttpExporterFactory.create(&create_context("otlp_http"), &yaml(config_yaml)) {
        Ok(_) => panic!("accepted:\n{config_yaml}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn factory_is_otlp_http_with_the_otlphttp_alias_and_stable() {
    let info = OtlpHttpExporterFactory.info();
    assert_eq!(info.type_name, "otlp_http");
    assert_eq!(info.aliases, ["otlphttp"]);
    assert_eq!(info.stability, Stability::Stable);
    assert!(info.module.starts_with("otelcol-exporter-otlp "));
}

#[test]
fn defaults_are_the_go_defaults() {
    let c = OtlpHttpConfig::default();
    assert_eq!(c.encoding, Encoding::Proto);
    assert_eq!(c.compression, Compression::Gzip);
    assert_eq!(c.timeout, GoDuration::from_secs(30));
    assert_eq!(c.write_buffer_size, 512 * 1024);
    assert_eq!(c.read_buffer_size, 0);
    assert_eq!(c.max_idle_conns, 100);
    assert_eq!(c.idle_conn_timeout, GoDuration::from_secs(90));
    assert!(c.force_attempt_http2);
    assert_eq!(c.sending_queue, QueueConfig::default());
    assert_eq!(c.retry_on_failure, RetryConfig::default());
    let helper = c.helper_settings();
    assert_eq!(
        helper.timeout, None,
        "the HTTP client enforces `timeout` itself"
    );
    assert!(helper.queue.enabled && helper.retry.enabled);
}

#[test]
fn logs_url_composition_follows_compose_signal_url() {
    for (config_yaml, url) in [
        (
            "endpoint: http://localhost:4318/",
            "http://localhost:4318/v1/logs",
        ),
        (
            "endpoint: http://localhost:4318",
            "http://localhost:4318/v1/logs",
        ),
        (
            "endpoint: https://ingest.example.com/otlp",
            "https://ingest.example.com/otlp/v1/logs",
        ),
        (
            "endpoint: http://localhost:4318\nlogs_endpoint: http://custom:9090/logs",
            "http://custom:9090/logs",
        ),
        (
            "logs_endpoint: http://custom:9090/logs/",
            "http://custom:9090/logs/",
        ),
    ] {
        assert_eq!(super::config(config_yaml).logs_url().as_deref(), Ok(url));
    }
}

#[test]
fn only_another_signals_endpoint_fails_at_create() {
    assert_eq!(
        refused("traces_endpoint: http://localhost:4318/v1/traces"),
        "either endpoint or logs_endpoint must be specified"
    );
}

#[test]
fn validation_messages_are_the_go_messages() {
    assert_eq!(
        refused("encoding: proto"),
        "at least one endpoint must be specified"
    );
    assert!(refused("endpoint: http://x:1\nencoding: xml").contains("invalid encoding type: xml"));
    assert!(refused("endpoint: http://x:1\ncompression: brotli")
        .contains("unsupported compression type \"brotli\""));
    assert_eq!(
        refused("endpoint: http://x:1\ncompression_params: {level: 12}"),
        "unsupported parameters {Level:12} for compression type \"gzip\""
    );
    assert_eq!(
        refused(
            "endpoint: http://x:1\nheaders:\n  - {name: a, value: '1'}\n  - {name: a, value: '2'}"
        ),
        "headers: duplicate keys in map-style list: [a]"
    );
    assert!(
        refused("endpoint: http://x:1\nretry_on_failure: {randomization_factor: 2}")
            .starts_with("retry_on_failure: ")
    );
    assert_eq!(
        refused("endpoint: http://x:1\nsending_queue: {num_consumers: 0}"),
        "sending_queue: `num_consumers` must be positive"
    );
    assert!(
        refused("endpoint: http://x:1\nauth: {authenticator: oauth2client}")
            .contains("no client authenticator extensions")
    );
    assert!(refused("endpoint: http://x:1\nunknown_key: 1").contains("unknown_key"));
    assert!(refused("endpoint: localhost:4318").contains("http:// or https://"));
}

#[test]
fn accepted_go_client_keys_decode() {
    let c = super::config(
        "endpoint: https://x:1\nproxy_url: http://proxy:3128\nread_buffer_size: 1024\nwrite_buffer_size: 2048\nmax_idle_conns: 5\nmax_idle_conns_per_host: 2\nmax_conns_per_host: 3\nidle_conn_timeout: 1m\ndisable_keep_alives: true\nhttp2_read_idle_timeout: 10s\nhttp2_ping_timeout: 5s\nforce_attempt_http2: false\ntimeout: 10s\nsending_queue: {enabled: false}\nretry_on_failure: {max_elapsed_time: 0}\n",
    );
    assert_eq!(c.proxy_url, "http://proxy:3128");
    assert_eq!(c.idle_conn_timeout, GoDuration::from_secs(60));
    assert_eq!(c.request_timeout(), Some(Duration::from_secs(10)));
    assert!(!c.helper_settings().queue.enabled);
    assert!(c.helper_settings().retry.max_elapsed_time.is_zero());
}

/// Go `TestCreateTraces`-style table, for logs: create must fail, start must fail, or both pass.
#[tokio::test]
async fn create_and_start_table() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ca = dir.path().join("ca.pem");
    std::fs::write(&ca, self_signed(&["localhost"]).0).expect("write CA");
    let ca = ca.to_string_lossy().into_owned();
    let endpoint = "endpoint: http://localhost:4318\n";
    let rows: Vec<(&str, String, bool, bool)> = vec![
        ("NoEndpoint", String::new(), true, false),
        (
            "UseSecure",
            format!("{endpoint}tls: {{insecure: false}}"),
            false,
            false,
        ),
        (
            "Headers",
            format!("{endpoint}headers: {{hdr1: val1, hdr2: val2}}"),
            false,
            false,
        ),
        (
            "CaCert",
            format!("{endpoint}tls: {{ca_file: {ca}}}"),
            false,
            false,
        ),
        (
            "CertPemFileError",
            format!("{endpoint}tls: {{ca_file: nosuchfile}}"),
            false,
            true,
        ),
        (
            "NoneCompression",
            format!("{endpoint}compression: none"),
            false,
            false,
        ),
        (
            "GzipCompression",
            format!("{endpoint}compression: gzip"),
            false,
            false,
        ),
        (
            "SnappyCompression",
            format!("{endpoint}compression: snappy"),
            false,
            false,
        ),
        (
            "ZstdCompression",
            format!("{endpoint}compression: zstd"),
            false,
            false,
        ),
        (
            "ProtoEncoding",
            format!("{endpoint}encoding: proto"),
            false,
            false,
        ),
        (
            "JSONEncoding",
            format!("{endpoint}encoding: json"),
            false,
            false,
        ),
    ];
    for (name, config_yaml, fail_create, fail_start) in rows {
        let value = if config_yaml.is_empty() {
            yaml("{}")
        } else {
            yaml(&config_yaml)
        };
        let created = OtlpHttpExporterFactory.create(&create_context("otlp_http"), &value);
        if fail_create {
            assert!(created.is_err(), "{name}: create should fail");
            continue;
        }
        let exporter = created.unwrap_or_else(|e| panic!("{name}: {e}"));
        let started = exporter.start(&Host::default()).await;
        assert_eq!(started.is_err(), fail_start, "{name}: {started:?}");
        if let Err(e) = started {
            assert!(
                e.to_string().contains("failed to load TLS config"),
                "{name}: {e}"
            );
        }
        exporter.shutdown().await.expect("shutdown");
    }
}

#[test]
fn debug_output_hides_header_values_and_private_keys() {
    let c = super::config(
        "endpoint: http://x:1\nheaders: {Authorization: Bearer hunter2}\ntls: {cert_pem: CERT, key_pem: PRIVATEKEY}\n",
    );
    let debug = format!("{c:?}");
    assert!(
        !debug.contains("hunter2") && !debug.contains("PRIVATEKEY"),
        "{debug}"
    );
    assert!(debug.contains("Authorization"), "{debug}");
}
