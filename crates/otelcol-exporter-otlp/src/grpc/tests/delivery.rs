//! Delivery: the batch arrives as sent with metadata, user agent, `grpc-timeout` and the
//! configured compression; partial success (Go `TestSendLogData`); schemes and TLS
//! (`TestSendTracesWhenEndpointHasHTTPScheme`); server down then up; `wait_for_ready`.

use super::server::GrpcServer;
use super::{plaintext, started};
use crate::test_support::{batch, capture_logs, sample_logs, self_signed, tls_acceptor};
use otelcol_core::pdata::{ExportLogsPartialSuccess, ExportLogsServiceResponse};
use otelcol_core::ExportError;
use otelcol_core::Exporter;
use std::time::Duration;

#[tokio::test]
async fn batch_arrives_as_sent_with_metadata_user_agent_and_deadline() {
    let server = GrpcServer::start().await;
    let exporter = plaintext(
        server.addr,
        "headers: {X-Scope-OrgID: tenant-1, authorization: Bearer abc}\n",
    )
    .await;
    exporter
        .export(&batch(sample_logs()))
        .await
        .expect("export");
    let received = server.received();
    assert_eq!(received.len(), 1);
    let (metadata, request) = &received[0];
    assert_eq!(request.resource_logs, sample_logs());
    let get = |k: &str| {
        metadata
            .get(k)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    assert_eq!(get("x-scope-orgid").as_deref(), Some("tenant-1"));
    assert_eq!(get("authorization").as_deref(), Some("Bearer abc"));
    assert!(get("user-agent").is_some_and(|ua| ua.starts_with(&crate::user_agent())));
    assert!(
        get("grpc-timeout").is_some(),
        "the 5s per-attempt deadline is sent"
    );
    assert_eq!(
        get("grpc-encoding").as_deref(),
        Some("gzip"),
        "gzip by default"
    );
}

#[tokio::test]
async fn compression_zstd_and_none_are_honoured() {
    for (line, encoding) in [
        ("compression: zstd", Some("zstd")),
        ("compression: none", None),
    ] {
        let server = GrpcServer::start().await;
        let exporter = plaintext(server.addr, line).await;
        exporter.export(&batch(sample_logs())).await.expect(line);
        let (metadata, request) = &server.received()[0];
        assert_eq!(request.resource_logs, sample_logs());
        let got = metadata.get("grpc-encoding").and_then(|v| v.to_str().ok());
        assert_eq!(got, encoding, "{line}");
    }
}

#[tokio::test]
async fn user_agent_setting_replaces_the_default() {
    let server = GrpcServer::start().await;
    let exporter = plaintext(server.addr, "user_agent: My Distribution For The Collector").await;
    exporter
        .export(&batch(sample_logs()))
        .await
        .expect("export");
    let (metadata, _) = &server.received()[0];
    let ua = metadata
        .get("user-agent")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert!(ua.starts_with("My Distribution For The Collector"), "{ua}");
    assert!(!ua.contains("otelcol-audit/"), "{ua}");
}

#[tokio::test]
async fn partial_success_is_logged_and_counts_as_success() {
    let server = GrpcServer::start().await;
    let exporter = plaintext(server.addr, "").await;
    server.reply(Ok(ExportLogsServiceResponse {
        partial_success: Some(ExportLogsPartialSuccess {
            rejected_log_records: 1,
            error_message: "Some log records were not ingested".into(),
        }),
    }));
    let (_guard, logs) = capture_logs();
    exporter
        .export(&batch(sample_logs()))
        .await
        .expect("success");
    let text = logs.text();
    let warnings: Vec<&str> = text.lines().filter(|l| l.contains(" WARN ")).collect();
    assert_eq!(warnings.len(), 1, "{text}");
    assert!(warnings[0].contains("Partial success response"), "{text}");
    assert!(warnings[0].contains("dropped_log_records=1"), "{text}");
}

#[tokio::test]
async fn http_scheme_with_insecure_reaches_a_plaintext_server() {
    let server = GrpcServer::start().await;
    let exporter = started(&format!(
        "endpoint: http://{}\ntls: {{insecure: true}}\n",
        server.addr
    ))
    .await;
    exporter
        .export(&batch(sample_logs()))
        .await
        .expect("export");
    assert_eq!(server.received().len(), 1);
}

#[tokio::test]
async fn https_scheme_uses_tls_even_with_insecure() {
    let (cert, key) = self_signed(&["localhost"]);
    let server = GrpcServer::start_tls(tls_acceptor(&cert, &key, &[b"h2"])).await;
    // Go's row ("Use https scheme": default TLS settings plus insecure_skip_verify), then the
    // same with `insecure: true`, which an https:// endpoint overrides.
    for tls in [
        "{insecure_skip_verify: true}",
        "{insecure: true, insecure_skip_verify: true}",
    ] {
        let exporter = started(&format!("endpoint: https://{}\ntls: {tls}\n", server.addr)).await;
        exporter.export(&batch(sample_logs())).await.expect(tls);
    }
    assert_eq!(server.received().len(), 2);
}

#[tokio::test]
async fn tls_is_on_by_default_and_verifies_with_the_configured_ca() {
    let (cert, key) = self_signed(&["localhost"]);
    let server = GrpcServer::start_tls(tls_acceptor(&cert, &key, &[b"h2"])).await;
    let port = server.addr.port();
    let ca: String = cert.lines().map(|l| format!("    {l}\n")).collect();
    let exporter = started(&format!(
        "endpoint: localhost:{port}\ntls:\n  ca_pem: |\n{ca}"
    ))
    .await;
    exporter
        .export(&batch(sample_logs()))
        .await
        .expect("verified TLS");
    // Without the CA the system roots do not know the issuer: a retryable failure.
    let untrusted = started(&format!("endpoint: localhost:{port}\n")).await;
    match untrusted.export(&batch(sample_logs())).await {
        Err(ExportError::Retryable(m)) => assert!(m.contains("Unavailable"), "{m}"),
        other => panic!("expected a retryable error, got {other:?}"),
    }
    assert_eq!(server.received().len(), 1);
}

#[tokio::test]
async fn server_down_is_retryable_and_the_next_export_after_it_is_up_succeeds() {
    let addr = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        l.local_addr().expect("addr")
    };
    let exporter = plaintext(addr, "").await;
    match exporter.export(&batch(sample_logs())).await {
        Err(ExportError::Retryable(m)) => {
            assert!(m.starts_with("rpc error: code = Unavailable"), "{m}")
        }
        other => panic!("expected a retryable error, got {other:?}"),
    }
    let server = GrpcServer::start_on(&addr.to_string()).await;
    exporter
        .export(&batch(sample_logs()))
        .await
        .expect("server is up");
    assert_eq!(server.received().len(), 1);
}

#[tokio::test]
async fn wait_for_ready_waits_for_a_server_that_starts_during_the_call() {
    let addr = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        l.local_addr().expect("addr")
    };
    let exporter = plaintext(addr, "wait_for_ready: true\ntimeout: 10s").await;
    let starter = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(500)).await;
        GrpcServer::start_on(&addr.to_string()).await
    });
    exporter
        .export(&batch(sample_logs()))
        .await
        .expect("delivered once the server is up");
    let server = starter.await.expect("server task");
    assert_eq!(server.received().len(), 1);
}

#[tokio::test]
async fn wait_for_ready_gives_up_at_the_timeout() {
    let addr = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        l.local_addr().expect("addr")
    };
    let exporter = plaintext(addr, "wait_for_ready: true\ntimeout: 300ms").await;
    assert_eq!(
        exporter.export(&batch(sample_logs())).await,
        Err(ExportError::Retryable(
            "rpc error: code = DeadlineExceeded desc = context deadline exceeded".into()
        ))
    );
}
