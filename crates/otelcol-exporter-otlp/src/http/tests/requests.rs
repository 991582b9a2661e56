//! What goes on the wire: Go `TestEncoding` (2 rows), `TestUserAgent` (3 rows), every
//! compression, configured headers, and the Authorization value kept out of the logs.

use super::server::TestServer;
use super::started;
use crate::test_support::{batch, capture_logs, sample_logs};
use otelcol_core::otlp_json::decode_logs_request;
use otelcol_core::pdata::ExportLogsServiceRequest;
use otelcol_core::{ExportError, Exporter};
use prost::Message;

fn expected_request() -> ExportLogsServiceRequest {
    ExportLogsServiceRequest {
        resource_logs: sample_logs(),
    }
}

#[tokio::test]
async fn encoding_sets_content_type_and_the_body_decodes_to_the_batch() {
    for (encoding, content_type) in [
        ("proto", "application/x-protobuf"),
        ("json", "application/json"),
    ] {
        let server = TestServer::start().await;
        let exporter = started(&format!(
            "endpoint: {}\nencoding: {encoding}\n",
            server.base
        ))
        .await;
        exporter
            .export(&batch(sample_logs()))
            .await
            .expect(encoding);
        let received = server.received();
        assert_eq!(received.len(), 1);
        let request = &received[0];
        assert_eq!(request.path, "/v1/logs");
        assert_eq!(
            request.header("content-type").as_deref(),
            Some(content_type)
        );
        let decoded = if encoding == "json" {
            decode_logs_request(&request.body).expect("OTLP/JSON body")
        } else {
            ExportLogsServiceRequest::decode(request.body.as_slice()).expect("protobuf body")
        };
        assert_eq!(decoded, expected_request(), "{encoding}");
    }
}

#[tokio::test]
async fn every_compression_sets_content_encoding_and_round_trips() {
    for (compression, header) in [
        (None, Some("gzip")),
        (Some("gzip"), Some("gzip")),
        (Some("zstd"), Some("zstd")),
        (Some("zlib"), Some("zlib")),
        (Some("deflate"), Some("deflate")),
        (Some("none"), None),
        (Some("''"), None),
        (Some(""), None),
    ] {
        let server = TestServer::start().await;
        let line = compression.map_or(String::new(), |c| format!("compression: {c}\n"));
        let exporter = started(&format!("endpoint: {}\n{line}", server.base)).await;
        exporter
            .export(&batch(sample_logs()))
            .await
            .unwrap_or_else(|e| panic!("{compression:?}: {e}"));
        let received = server.received();
        assert_eq!(
            received[0].header("content-encoding").as_deref(),
            header,
            "{compression:?}"
        );
        let decoded = ExportLogsServiceRequest::decode(received[0].body.as_slice())
            .unwrap_or_else(|e| panic!("{compression:?}: {e}"));
        assert_eq!(decoded, expected_request(), "{compression:?}");
    }
}

#[tokio::test]
async fn user_agent_is_the_distribution_unless_a_header_overrides_it() {
    let default_ua = crate::user_agent();
    assert!(default_ua.starts_with("otelcol-audit/"), "{default_ua}");
    assert!(default_ua.contains("(linux/"), "{default_ua}");
    for (headers, expected) in [
        ("", default_ua.as_str()),
        (
            "headers: {User-Agent: My Custom Agent}\n",
            "My Custom Agent",
        ),
        (
            "headers: {user-agent: My Custom Agent}\n",
            "My Custom Agent",
        ),
    ] {
        let server = TestServer::start().await;
        let exporter = started(&format!("endpoint: {}\n{headers}", server.base)).await;
        exporter
            .export(&batch(sample_logs()))
            .await
            .expect("export");
        let received = server.received();
        assert_eq!(received[0].header("user-agent").as_deref(), Some(expected));
    }
}

#[tokio::test]
async fn configured_headers_are_sent_in_both_forms() {
    for headers in [
        "headers: {X-Scope-OrgID: tenant-1, Authorization: Bearer abc}\n",
        "headers:\n  - {name: X-Scope-OrgID, value: tenant-1}\n  - {name: Authorization, value: Bearer abc}\n",
    ] {
        let server = TestServer::start().await;
        let exporter = started(&format!("endpoint: {}\n{headers}", server.base)).await;
        exporter.export(&batch(sample_logs())).await.expect("export");
        let received = server.received();
        assert_eq!(received[0].header("x-scope-orgid").as_deref(), Some("tenant-1"));
        assert_eq!(received[0].header("authorization").as_deref(), Some("Bearer abc"));
    }
}

#[tokio::test]
async fn authorization_value_never_appears_in_logs_or_errors() {
    let secret = "Bearer sup3r-s3cr3t-t0ken";
    let server = TestServer::start().await;
    server.reply(super::server::Reply::status(401));
    let config = format!(
        "endpoint: {}\nheaders:\n  Authorization: {secret}\n",
        server.base
    );
    let (_guard, logs) = capture_logs();
    let exporter = started(&config).await;
    let err = exporter.export(&batch(sample_logs())).await.unwrap_err();
    exporter
        .export(&batch(sample_logs()))
        .await
        .expect("second export");
    let debug = format!("{:?}", super::config(&config));
    assert!(matches!(err, ExportError::Permanent(_)));
    for text in [logs.text(), err.to_string(), debug] {
        assert!(!text.contains("sup3r"), "secret leaked: {text}");
    }
    assert!(
        logs.text().contains("Preparing to make HTTP request"),
        "debug logs were captured"
    );
    assert_eq!(
        server.received()[0].header("authorization").as_deref(),
        Some(secret)
    );
}

#[tokio::test]
async fn export_before_start_is_a_permanent_error() {
    let exporter = super::super::OtlpHttpExporter::new(
        otelcol_core::ComponentId::new("otlp_http", None),
        super::config("endpoint: http://127.0.0.1:1\n"),
    )
    .expect("exporter");
    assert!(matches!(
        exporter.export(&batch(sample_logs())).await,
        Err(ExportError::Permanent(_))
    ));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_large_batch_is_encoded_off_the_async_workers_and_arrives_intact() {
    let server = TestServer::start().await;
    let exporter = started(&format!("endpoint: {}\nencoding: json\n", server.base)).await;
    let mut logs = sample_logs();
    let template = logs[0].scope_logs[0].log_records[0].clone();
    logs[0].scope_logs[0].log_records = vec![template; 2000];
    exporter.export(&batch(logs.clone())).await.expect("export");
    let received = server.received();
    let decoded = decode_logs_request(&received[0].body).expect("OTLP/JSON body");
    assert_eq!(decoded.resource_logs, logs);
}
