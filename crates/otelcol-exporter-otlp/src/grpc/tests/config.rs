//! Config and factory: Go defaults (`createDefaultConfig`), endpoint rules (`Validate`,
//! `sanitizedEndpoint`), TLS default, accepted client keys, validation messages.

use super::super::{OtlpGrpcConfig, OtlpGrpcExporterFactory, Target};
use crate::compression::Compression;
use crate::test_support::{create_context, yaml};
use otelcol_core::confmap::GoDuration;
use otelcol_core::{ExporterFactory, Stability};
use std::time::Duration;

fn refused(config_yaml: &str) -> String {
    match OtlpGrpcExporterFactory.create(&create_context("otlp_grpc"), &yaml(config_yaml)) {
        Ok(_) => panic!("accepted:\n{config_yaml}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn factory_is_otlp_grpc_with_the_otlp_alias_and_stable() {
    let info = OtlpGrpcExporterFactory.info();
    assert_eq!(info.type_name, "otlp_grpc");
    assert_eq!(info.aliases, ["otlp"]);
    assert_eq!(info.stability, Stability::Stable);
}

#[test]
fn defaults_are_the_go_defaults() {
    let c = OtlpGrpcConfig::default();
    assert_eq!(c.compression, Compression::Gzip);
    assert_eq!(c.timeout, GoDuration::from_secs(5));
    assert_eq!(c.write_buffer_size, 512 * 1024);
    assert_eq!(c.balancer_name, "round_robin");
    assert_eq!(c.keepalive, None);
    assert!(!c.tls.insecure);
    let helper = c.helper_settings();
    assert_eq!(helper.timeout, Some(Duration::from_secs(5)));
    assert!(helper.queue.enabled && helper.retry.enabled);
}

#[test]
fn endpoint_is_required_and_needs_a_port() {
    assert_eq!(
        refused("compression: gzip"),
        r#"requires a non-empty "endpoint""#
    );
    assert_eq!(
        refused("endpoint: http://"),
        r#"requires a non-empty "endpoint""#
    );
    assert_eq!(
        refused("endpoint: localhost"),
        "address localhost: missing port in address"
    );
    assert_eq!(refused("endpoint: localhost:abc"), "invalid port \"abc\"");
    assert_eq!(
        refused("endpoint: a:b:c"),
        "address a:b:c: too many colons in address"
    );
    assert_eq!(
        refused("endpoint: 'unix://'"),
        "unix socket path cannot be empty"
    );
}

#[test]
fn schemes_are_stripped_and_https_forces_tls() {
    for (endpoint, host, tls) in [
        ("localhost:4317", "localhost", true),
        ("http://localhost:4317", "localhost", true),
        ("https://collector:4317", "collector", true),
        ("dns:///collector:4317", "collector", true),
        ("[::1]:4317", "::1", true),
    ] {
        let c = super::config(&format!("endpoint: '{endpoint}'"));
        assert_eq!(
            c.target(),
            Ok(Target::Tcp {
                host: host.into(),
                port: 4317
            }),
            "{endpoint}"
        );
        assert_eq!(c.uses_tls(), tls, "{endpoint}");
    }
    let insecure = |endpoint: &str| {
        super::config(&format!("endpoint: {endpoint}\ntls: {{insecure: true}}")).uses_tls()
    };
    assert!(!insecure("localhost:4317"));
    assert!(
        !insecure("http://localhost:4317"),
        "http:// does not disable TLS, insecure does"
    );
    assert!(insecure("https://localhost:4317"));
    let with_ca = super::config("endpoint: x:1\ntls: {insecure: true, ca_pem: CA}");
    assert!(
        with_ca.uses_tls(),
        "a CA turns TLS on even with insecure (Go LoadTLSConfig)"
    );
    assert_eq!(
        super::config("endpoint: unix:///run/otel.sock").target(),
        Ok(Target::Unix("/run/otel.sock".into()))
    );
}

#[test]
fn go_client_keys_are_accepted() {
    let c = super::config(
        "endpoint: x:1\nbalancer_name: pick_first\nauthority: collector.example\nwait_for_ready: true\nread_buffer_size: 1024\nwrite_buffer_size: 2048\nuser_agent: custom\nkeepalive:\n  time: 20s\n  timeout: 5s\n  permit_without_stream: true\ntimeout: 2s\nsending_queue: {queue_size: 10}\nretry_on_failure: {enabled: false}\n",
    );
    assert_eq!(c.balancer_name, "pick_first");
    assert_eq!(
        c.keepalive.as_ref().map(|k| k.time),
        Some(GoDuration::from_secs(20))
    );
    assert!(c
        .keepalive
        .as_ref()
        .is_some_and(|k| k.permit_without_stream));
    assert_eq!(c.helper_settings().timeout, Some(Duration::from_secs(2)));
    assert_eq!(c.helper_settings().queue.queue_size, 10);
    assert!(!c.helper_settings().retry.enabled);
    let empty_keepalive = super::config("endpoint: x:1\nkeepalive:\n");
    assert_eq!(
        empty_keepalive.keepalive.map(|k| k.time),
        Some(GoDuration::from_secs(10)),
        "an empty keepalive: turns pings on with the Go defaults"
    );
}

#[test]
fn validation_messages() {
    assert_eq!(
        refused("endpoint: x:1\nbalancer_name: magic"),
        "invalid balancer_name: magic"
    );
    assert!(refused("endpoint: x:1\ncompression: snappy").contains("for gRPC"));
    assert!(refused("endpoint: x:1\ncompression: br").contains("unsupported compression type"));
    assert!(
        refused("endpoint: x:1\nauth: {authenticator: bearertokenauth}")
            .contains("no client authenticator extensions")
    );
    assert_eq!(
        refused("endpoint: x:1\ntls: {ca_file: a, ca_pem: b}"),
        "tls: provide either a CA file or the PEM-encoded string, but not both"
    );
    assert!(refused("endpoint: x:1\nheaders: {'bad key': v}").contains("bad key"));
    assert!(refused("endpoint: x:1\nmax_recv_msg_size_mib: 4").contains("max_recv_msg_size_mib"));
}

#[test]
fn compression_written_empty_means_none() {
    assert_eq!(
        super::config("endpoint: x:1\ncompression:").compression,
        Compression::None
    );
    assert_eq!(
        super::config("endpoint: x:1\ncompression: ''").compression,
        Compression::None
    );
}
