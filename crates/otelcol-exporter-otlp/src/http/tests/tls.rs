//! HTTPS: a CA given as PEM or file is trusted, an unknown issuer is a retryable transport
//! error, `insecure_skip_verify` and `server_name_override` work; the Go `configtls` messages.

use super::server::TestServer;
use super::started;
use crate::test_support::{batch, sample_logs, self_signed, tls_acceptor};
use otelcol_core::configtls::TlsClientConfig;
use otelcol_core::ExportError;
use otelcol_core::Exporter;

fn indent(pem: &str) -> String {
    pem.lines().map(|l| format!("    {l}\n")).collect()
}

#[tokio::test]
async fn ca_pem_makes_a_self_signed_server_trusted() {
    let (cert, key) = self_signed(&["localhost"]);
    let server = TestServer::start_tls(
        tls_acceptor(&cert, &key, &[b"h2", b"http/1.1"]),
        "localhost",
    )
    .await;
    let exporter = started(&format!(
        "endpoint: {}\ntls:\n  ca_pem: |\n{}",
        server.base,
        indent(&cert)
    ))
    .await;
    exporter
        .export(&batch(sample_logs()))
        .await
        .expect("trusted");
    assert_eq!(server.received().len(), 1);
}

#[tokio::test]
async fn unknown_issuer_is_a_retryable_transport_error() {
    let (cert, key) = self_signed(&["localhost"]);
    let server =
        TestServer::start_tls(tls_acceptor(&cert, &key, &[b"http/1.1"]), "localhost").await;
    let exporter = started(&format!("endpoint: {}\n", server.base)).await;
    match exporter.export(&batch(sample_logs())).await {
        Err(ExportError::Retryable(m)) => {
            assert!(m.starts_with("failed to make an HTTP request"), "{m}");
            assert!(m.to_lowercase().contains("certificate"), "{m}");
        }
        other => panic!("expected a retryable TLS error, got {other:?}"),
    }
    assert!(server.received().is_empty());
}

#[tokio::test]
async fn insecure_skip_verify_accepts_any_certificate() {
    let (cert, key) = self_signed(&["somewhere.else"]);
    let server =
        TestServer::start_tls(tls_acceptor(&cert, &key, &[b"http/1.1"]), "localhost").await;
    let exporter = started(&format!(
        "endpoint: {}\ntls: {{insecure_skip_verify: true}}\n",
        server.base
    ))
    .await;
    exporter
        .export(&batch(sample_logs()))
        .await
        .expect("accepted");
}

#[tokio::test]
async fn server_name_override_verifies_the_certificate_for_that_name() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (cert, key) = self_signed(&["collector.internal"]);
    let ca = dir.path().join("ca.pem");
    std::fs::write(&ca, &cert).expect("write CA");
    let server =
        TestServer::start_tls(tls_acceptor(&cert, &key, &[b"http/1.1"]), "localhost").await;
    let base = format!(
        "endpoint: {}\ntls:\n  ca_file: {}\n",
        server.base,
        ca.display()
    );
    let without = started(&base).await;
    assert!(
        without.export(&batch(sample_logs())).await.is_err(),
        "name mismatch must fail"
    );
    let with = started(&format!(
        "{base}  server_name_override: collector.internal\n"
    ))
    .await;
    with.export(&batch(sample_logs()))
        .await
        .expect("verified for the override name");
}

#[test]
fn tls_validation_uses_the_go_messages() {
    let check = |c: TlsClientConfig| c.validate().unwrap_err();
    assert_eq!(
        check(TlsClientConfig {
            ca_file: "a".into(),
            ca_pem: "b".into(),
            ..Default::default()
        }),
        "provide either a CA file or the PEM-encoded string, but not both"
    );
    assert_eq!(
        check(TlsClientConfig {
            cert_file: "a".into(),
            ..Default::default()
        }),
        "TLS configuration must include both certificate and key (CertFile/CertPem and KeyFile/KeyPem)"
    );
    assert_eq!(
        check(TlsClientConfig {
            key_file: "a".into(),
            key_pem: "b".into(),
            ..Default::default()
        }),
        "provide either key file or PEM, but not both"
    );
    assert_eq!(
        check(TlsClientConfig {
            min_version: "1.4".into(),
            ..Default::default()
        }),
        "invalid TLS min_version: unsupported TLS version: \"1.4\""
    );
    assert_eq!(
        check(TlsClientConfig {
            min_version: "1.3".into(),
            max_version: "1.2".into(),
            ..Default::default()
        }),
        "invalid TLS configuration: min_version cannot be greater than max_version"
    );
    assert!(check(TlsClientConfig {
        cipher_suites: vec!["TLS_AES_128_GCM_SHA256".into()],
        ..Default::default()
    })
    .contains("cipher_suites is not supported"));
    assert!(TlsClientConfig {
        min_version: "1.3".into(),
        ..Default::default()
    }
    .validate()
    .is_ok());
}

#[test]
fn a_ca_file_that_is_not_pem_fails_with_the_go_message() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bad = dir.path().join("bad.pem");
    std::fs::write(&bad, "not a certificate").expect("write");
    let config = TlsClientConfig {
        ca_file: bad.to_string_lossy().into_owned(),
        ..Default::default()
    };
    assert_eq!(
        config.client_config(&[]).unwrap_err(),
        "failed to load TLS config: failed to load CA CertPool File: failed to parse cert"
    );
}
