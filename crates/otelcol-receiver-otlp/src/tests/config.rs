//! Config decoding and validation, ported from Go `otlpreceiver/config_test.go` and its testdata.

use super::config;
use crate::config::OtlpReceiverConfig;
use crate::http::sanitize_url_path;
use otelcol_core::confmap::{decode, parse_yaml};

fn decode_only(yaml: &str) -> Result<OtlpReceiverConfig, String> {
    let value = parse_yaml("test", yaml).map_err(|e| e.to_string())?;
    decode::<OtlpReceiverConfig>(&value).map_err(|e| e.to_string())
}

#[test]
fn both_protocol_keys_without_values_enable_both_with_defaults() {
    // testdata/default.yaml
    let cfg = config("protocols:\n  grpc:\n  http:\n").unwrap();
    let grpc = cfg.protocols.grpc.unwrap();
    assert_eq!(grpc.endpoint, "localhost:4317");
    assert_eq!(grpc.transport, "tcp");
    assert_eq!(grpc.read_buffer_size, 512 * 1024);
    assert_eq!(grpc.max_recv_bytes(), 4 * 1024 * 1024);
    let http = cfg.protocols.http.unwrap();
    assert_eq!(http.endpoint, "localhost:4318");
    assert_eq!(http.logs_path(), "/v1/logs");
    assert_eq!(http.traces_url_path, "/v1/traces");
    assert_eq!(http.metrics_url_path, "/v1/metrics");
    assert_eq!(http.max_body_bytes(), 20 * 1024 * 1024);
    assert!(http.keep_alives_enabled);
    assert!(http.tls.is_none() && http.cors.is_none());
}

#[test]
fn only_the_present_protocol_is_enabled() {
    // testdata/only_grpc.yaml, only_http.yaml, only_http_null.yaml, only_http_empty_map.yaml
    let grpc_only = config("protocols:\n  grpc:\n").unwrap();
    assert!(grpc_only.protocols.grpc.is_some() && grpc_only.protocols.http.is_none());
    for yaml in [
        "protocols:\n  http:\n",
        "protocols:\n  http: null\n",
        "protocols:\n  http: {}\n",
    ] {
        let cfg = config(yaml).unwrap();
        assert!(cfg.protocols.grpc.is_none(), "{yaml}");
        assert_eq!(
            cfg.protocols.http.unwrap().endpoint,
            "localhost:4318",
            "{yaml}"
        );
    }
}

#[test]
fn every_key_of_the_go_example_decodes() {
    // testdata/config.yaml
    let cfg = decode_only(
        r#"
protocols:
  grpc:
    tls:
      cert_file: test.crt
      key_file: test.key
    max_recv_msg_size_mib: 32
    max_concurrent_streams: 16
    read_buffer_size: 1024
    write_buffer_size: 1024
    keepalive:
      server_parameters:
        max_connection_idle: 11s
        max_connection_age: 12s
        max_connection_age_grace: 13s
        time: 30s
        timeout: 5s
      enforcement_policy:
        min_time: 10s
        permit_without_stream: true
  http:
    auth:
      authenticator: test
    tls:
      cert_file: test.crt
      key_file: test.key
    cors:
      allowed_origins:
        - https://*.test.com
        - https://test.com
      max_age: 7200
    traces_url_path: traces
    metrics_url_path: /v2/metrics
    logs_url_path: log/ingest
"#,
    )
    .unwrap();
    let grpc = cfg.protocols.grpc.as_ref().unwrap();
    assert_eq!(grpc.max_recv_bytes(), 32 * 1024 * 1024);
    assert_eq!(grpc.max_concurrent_streams, 16);
    assert_eq!(
        grpc.keepalive
            .server_parameters
            .max_connection_age
            .as_std()
            .as_secs(),
        12
    );
    assert!(grpc.keepalive.enforcement_policy.permit_without_stream);
    assert_eq!(grpc.tls.as_ref().unwrap().cert_file, "test.crt");
    let http = cfg.protocols.http.as_ref().unwrap();
    assert_eq!(http.auth.as_ref().unwrap().authenticator, "test");
    assert_eq!(http.cors.as_ref().unwrap().max_age, 7200);
    assert_eq!(http.logs_path(), "/log/ingest");
    assert_eq!(sanitize_url_path(&http.traces_url_path).unwrap(), "/traces");
    assert_eq!(
        sanitize_url_path(&http.metrics_url_path).unwrap(),
        "/v2/metrics"
    );
}

#[test]
fn unix_socket_transport_decodes() {
    // testdata/uds.yaml
    let cfg = config(
        "protocols:\n  grpc:\n    transport: unix\n    endpoint: /tmp/grpc_otlp.sock\n  http:\n    transport: unix\n    endpoint: /tmp/http_otlp.sock\n",
    )
    .unwrap();
    assert_eq!(cfg.protocols.grpc.unwrap().endpoint, "/tmp/grpc_otlp.sock");
    assert_eq!(cfg.protocols.http.unwrap().transport, "unix");
}

#[test]
fn misspelled_or_unknown_protocols_are_invalid_keys() {
    // testdata/typo_default_proto_config.yaml and bad_proto_config.yaml
    let typo = config("protocols:\n  grpc:\n  htttp:\n").unwrap_err();
    assert!(
        typo.contains("'protocols' has invalid keys: htttp"),
        "{typo}"
    );
    let thrift = config("protocols:\n  thrift:\n    endpoint: \"127.0.0.1:1234\"\n").unwrap_err();
    assert!(
        thrift.contains("'protocols' has invalid keys: thrift"),
        "{thrift}"
    );
}

#[test]
fn no_protocol_at_all_is_rejected_with_the_go_message() {
    // testdata/bad_no_proto_config.yaml and TestUnmarshalConfigEmpty
    for yaml in ["protocols:\n", "{}", "protocols: {}\n"] {
        assert_eq!(
            config(yaml).unwrap_err(),
            "must specify at least one protocol when using the OTLP receiver",
            "{yaml}"
        );
    }
}

#[test]
fn url_paths_that_go_cannot_parse_are_rejected() {
    // testdata/invalid_{traces,metrics,logs}_path.yaml
    for key in ["traces_url_path", "metrics_url_path", "logs_url_path"] {
        let err = config(&format!("protocols:\n  http:\n    {key}: \":invalid\"\n")).unwrap_err();
        assert!(
            err.contains(
                "invalid HTTP URL path set for signal: parse \":invalid\": missing protocol scheme"
            ),
            "{err}"
        );
        assert!(err.contains(key), "{err}");
    }
}

#[test]
fn grpc_sizes_are_checked_like_go() {
    let err = config("protocols:\n  grpc:\n    read_buffer_size: -1\n").unwrap_err();
    assert_eq!(err, "protocols::grpc: invalid read_buffer_size value: -1");
    let err = config("protocols:\n  grpc:\n    write_buffer_size: -2\n").unwrap_err();
    assert_eq!(err, "protocols::grpc: invalid write_buffer_size value: -2");
    let err = config("protocols:\n  grpc:\n    max_recv_msg_size_mib: -1\n").unwrap_err();
    assert!(
        err.contains("invalid max_recv_msg_size_mib value, must be between 1 and"),
        "{err}"
    );
}

#[test]
fn server_authenticators_fail_validation_instead_of_being_ignored() {
    let err = config("protocols:\n  http:\n    auth:\n      authenticator: oidc\n").unwrap_err();
    assert!(
        err.starts_with("protocols::http: auth: authenticator \"oidc\""),
        "{err}"
    );
    let err =
        config("protocols:\n  grpc:\n    auth:\n      authenticator: basicauth\n").unwrap_err();
    assert!(err.starts_with("protocols::grpc: auth:"), "{err}");
}

#[test]
fn tls_needs_a_certificate_and_key() {
    let err = config("protocols:\n  http:\n    tls: {}\n").unwrap_err();
    assert_eq!(
        err,
        "protocols::http: tls: a TLS server needs a certificate: set cert_file or cert_pem"
    );
    let err = config("protocols:\n  grpc:\n    tls:\n      cert_file: a.crt\n      key_file: a.key\n      min_version: \"1.1\"\n")
        .unwrap_err();
    assert!(
        err.contains("min_version \"1.1\" is not supported"),
        "{err}"
    );
    let err = config("protocols:\n  grpc:\n    tls:\n      cert_file: a.crt\n      key_file: a.key\n      min_version: \"1.3\"\n      max_version: \"1.2\"\n")
        .unwrap_err();
    assert!(
        err.contains("min_version cannot be greater than max_version"),
        "{err}"
    );
}

#[test]
fn transports_other_than_tcp_and_unix_are_refused() {
    let err = config("protocols:\n  grpc:\n    transport: udp\n").unwrap_err();
    assert!(err.contains("transport \"udp\" is not supported"), "{err}");
    let err = config("protocols:\n  http:\n    transport: carrier-pigeon\n").unwrap_err();
    assert!(
        err.contains("unsupported transport type \"carrier-pigeon\""),
        "{err}"
    );
}

#[test]
fn response_headers_accept_a_map_or_a_list_and_reject_duplicates() {
    let map =
        config("protocols:\n  http:\n    response_headers:\n      X-B: two\n      X-A: one\n")
            .unwrap();
    assert_eq!(
        map.protocols.http.unwrap().response_headers.0,
        vec![
            ("X-A".to_string(), "one".to_string()),
            ("X-B".to_string(), "two".to_string())
        ]
    );
    let list = config(
        "protocols:\n  http:\n    response_headers:\n      - name: X-A\n        value: one\n",
    )
    .unwrap();
    assert_eq!(list.protocols.http.unwrap().response_headers.0.len(), 1);
    let dup = config(
        "protocols:\n  http:\n    response_headers:\n      - name: X-A\n        value: one\n      - name: X-A\n        value: two\n",
    )
    .unwrap_err();
    assert!(
        dup.contains("duplicate keys in map-style list: [X-A]"),
        "{dup}"
    );
}

#[test]
fn every_confighttp_and_configgrpc_key_is_accepted() {
    let cfg = config(
        r#"
protocols:
  grpc:
    endpoint: 0.0.0.0:4317
    transport: tcp
    dialer: { timeout: 1s }
    max_recv_msg_size_mib: 8
    max_concurrent_streams: 100
    read_buffer_size: 0
    write_buffer_size: 0
    include_metadata: true
    middlewares: []
  http:
    endpoint: 0.0.0.0:4318
    transport: tcp4
    dialer: { timeout: 1s }
    cors: { allowed_origins: ["*"], allowed_headers: [X-Custom], exposed_headers: [X-Out], max_age: 60 }
    max_request_body_size: 1048576
    include_metadata: true
    compression_algorithms: [gzip, zstd, ""]
    read_timeout: 10s
    read_header_timeout: 5s
    write_timeout: 30s
    idle_timeout: 1m
    keep_alives_enabled: false
    middlewares: []
"#,
    )
    .unwrap();
    let http = cfg.protocols.http.unwrap();
    assert_eq!(http.max_body_bytes(), 1_048_576);
    assert_eq!(http.enabled_encodings(), vec!["gzip", "zstd", ""]);
}

#[test]
fn unknown_keys_are_rejected() {
    let err = config("protocols:\n  http:\n    endpoint: x:1\n    max_body: 3\n").unwrap_err();
    assert!(err.contains("invalid keys: max_body"), "{err}");
}

#[test]
fn the_factory_names_the_type_and_creates_without_binding() {
    use otelcol_core::{ComponentId, CreateContext, Host, ReceiverFactory, Stability, Telemetry};
    let f = crate::OtlpReceiverFactory;
    assert_eq!(f.info().type_name, "otlp");
    assert_eq!(f.info().stability, Stability::Stable);
    let ctx = CreateContext {
        id: ComponentId::new("otlp", None),
        telemetry: Telemetry::default(),
        pipeline: None,
        host: Host::default(),
    };
    // Port 1 would need privileges to bind: create must not try.
    let ok = parse_yaml("test", "protocols:\n  grpc:\n    endpoint: 127.0.0.1:1\n").unwrap();
    assert!(f.create(&ctx, &ok).is_ok());
    let bad = parse_yaml("test", "protocols:\n").unwrap();
    let err = f.create(&ctx, &bad).err().map(|e| e.to_string());
    assert_eq!(
        err.as_deref(),
        Some("must specify at least one protocol when using the OTLP receiver")
    );
}
