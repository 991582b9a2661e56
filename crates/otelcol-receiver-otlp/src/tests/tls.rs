//! TLS-terminated OTLP/HTTP with a self-signed certificate read from files.

use super::{bodies, start};
use reqwest::StatusCode;

#[tokio::test]
async fn https_requests_are_served_with_the_configured_certificate() {
    let cert = rcgen::generate_simple_self_signed(vec!["localhost".to_string()]).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (crt, key) = (dir.path().join("server.crt"), dir.path().join("server.key"));
    std::fs::write(&crt, cert.cert.pem()).unwrap();
    std::fs::write(&key, cert.key_pair.serialize_pem()).unwrap();
    let mut r = start(&format!(
        "protocols:\n  http:\n    endpoint: 127.0.0.1:0\n    tls:\n      cert_file: {}\n      key_file: {}\n",
        crt.display(),
        key.display()
    ))
    .await;
    let port = r.receiver.endpoints()[0]
        .rsplit(':')
        .next()
        .unwrap()
        .to_string();
    let client = reqwest::Client::builder()
        .add_root_certificate(reqwest::Certificate::from_pem(cert.cert.pem().as_bytes()).unwrap())
        .resolve("localhost", format!("127.0.0.1:{port}").parse().unwrap())
        .build()
        .unwrap();
    let resp = client
        .post(format!("https://localhost:{port}/v1/logs"))
        .header("Content-Type", "application/json")
        .body("{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"body\":{\"stringValue\":\"secure\"}}]}]}]}")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(bodies(&r.pipeline.next().await.resource_logs), ["secure"]);

    // Plain HTTP on the TLS port gets no OTLP answer.
    let plain = reqwest::Client::new()
        .post(format!("http://127.0.0.1:{port}/v1/logs"))
        .header("Content-Type", "application/json")
        .body("{}")
        .send()
        .await;
    assert!(plain.map(|r| r.status() != StatusCode::OK).unwrap_or(true));
}

#[tokio::test]
async fn a_missing_certificate_file_fails_start_naming_the_file() {
    let cfg = super::config(
        "protocols:\n  grpc:\n    endpoint: 127.0.0.1:0\n    tls:\n      cert_file: /nonexistent/server.crt\n      key_file: /nonexistent/server.key\n",
    )
    .unwrap();
    let mut receiver = crate::receiver::OtlpReceiver::new(cfg);
    let (tx, _rx) = tokio::sync::mpsc::channel(1);
    let (done, _) = tokio::sync::mpsc::unbounded_channel();
    let ctx = otelcol_core::ReceiverContext::new(
        otelcol_core::ComponentId::new("otlp", None),
        otelcol_core::LogsConsumer::new(vec![tx]),
        otelcol_core::Host::default(),
        otelcol_core::Telemetry::default(),
        done,
    );
    let err = otelcol_core::Receiver::start(&mut receiver, ctx)
        .await
        .err()
        .unwrap()
        .to_string();
    assert!(err.contains("/nonexistent/server.crt"), "{err}");
}
