//! OTLP/HTTP against a real server on an ephemeral port, with reqwest as the client.

use super::{bodies, metric, request, start, Outcome, Running};
use otelcol_core::pdata::ExportLogsServiceResponse;
use otelcol_core::telemetry::names;
use otelcol_core::Receiver;
use prost::Message;
use reqwest::StatusCode;
use std::io::Write;
use std::time::Duration;

const HTTP_ONLY: &str = "protocols:\n  http:\n    endpoint: 127.0.0.1:0\n";

/// A `google.rpc.Status` as sent in error bodies.
#[derive(Clone, PartialEq, Message)]
struct RpcStatus {
    #[prost(int32, tag = "1")]
    code: i32,
    #[prost(string, tag = "2")]
    message: String,
}

async fn post(
    r: &Running,
    content_type: &str,
    encoding: Option<&str>,
    body: Vec<u8>,
) -> reqwest::Response {
    let mut req = reqwest::Client::new()
        .post(r.http_url("/v1/logs"))
        .header("Content-Type", content_type)
        .body(body);
    if let Some(e) = encoding {
        req = req.header("Content-Encoding", e);
    }
    req.send().await.expect("request sent")
}

fn json_body(n: usize) -> Vec<u8> {
    let mut out = Vec::new();
    otelcol_core::otlp_json::encode_logs_request(&request(n).resource_logs, &mut out);
    out
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(data).unwrap();
    enc.finish().unwrap()
}

#[tokio::test]
async fn protobuf_logs_are_delivered_and_answered_with_a_protobuf_response() {
    let mut r = start(HTTP_ONLY).await;
    let resp = post(
        &r,
        "application/x-protobuf",
        None,
        request(3).encode_to_vec(),
    )
    .await;
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(resp.headers()["content-type"], "application/x-protobuf");
    let body = resp.bytes().await.unwrap();
    assert_eq!(
        ExportLogsServiceResponse::decode(body)
            .unwrap()
            .partial_success,
        None
    );
    assert_eq!(
        bodies(&r.pipeline.next().await.resource_logs),
        ["record-0", "record-1", "record-2"]
    );
    assert_eq!(metric(&r.telemetry, names::RECEIVER_ACCEPTED, "http"), 3);
}

#[tokio::test]
async fn json_logs_are_delivered_and_answered_with_json() {
    let mut r = start(HTTP_ONLY).await;
    let resp = post(&r, "application/json; charset=utf-8", None, json_body(2)).await;
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(resp.headers()["content-type"], "application/json");
    let body: serde_json::Value = resp.json().await.unwrap();
    let partial = &body["partialSuccess"];
    assert!(
        partial.is_null() || partial.as_object().is_some_and(|o| o.is_empty()),
        "{body}"
    );
    assert_eq!(
        bodies(&r.pipeline.next().await.resource_logs),
        ["record-0", "record-1"]
    );
}

#[tokio::test]
async fn gzip_zstd_and_deflate_bodies_are_decompressed() {
    let mut r = start(HTTP_ONLY).await;
    let proto = request(1).encode_to_vec();
    let resp = post(&r, "application/x-protobuf", Some("gzip"), gzip(&proto)).await;
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(bodies(&r.pipeline.next().await.resource_logs), ["record-0"]);

    let zstd = zstd::encode_all(&json_body(2)[..], 3).unwrap();
    let resp = post(&r, "application/json", Some("zstd"), zstd).await;
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(bodies(&r.pipeline.next().await.resource_logs).len(), 2);

    let mut zlib = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    zlib.write_all(&proto).unwrap();
    let resp = post(
        &r,
        "application/x-protobuf",
        Some("deflate"),
        zlib.finish().unwrap(),
    )
    .await;
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(bodies(&r.pipeline.next().await.resource_logs), ["record-0"]);
}

#[tokio::test]
async fn malformed_protobuf_is_400_with_a_status_and_nothing_is_consumed() {
    let mut r = start(HTTP_ONLY).await;
    let resp = post(
        &r,
        "application/x-protobuf",
        None,
        vec![0x0a, 0xff, 0xff, 0x01],
    )
    .await;
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
    let status = RpcStatus::decode(resp.bytes().await.unwrap()).unwrap();
    assert_eq!(status.code, 3);
    assert!(
        status.message.contains("protobuf ExportLogsServiceRequest"),
        "{}",
        status.message
    );
    r.pipeline.assert_nothing_consumed();
}

#[tokio::test]
async fn malformed_json_is_400_naming_the_bad_field_and_nothing_is_consumed() {
    let mut r = start(HTTP_ONLY).await;
    let bad =
        br#"{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"traceId":"not-hex"}]}]}]}"#.to_vec();
    let resp = post(&r, "application/json", None, bad).await;
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
    assert_eq!(resp.headers()["content-type"], "application/json");
    let status: serde_json::Value = resp.json().await.unwrap();
    assert_eq!(status["code"], 3);
    let message = status["message"].as_str().unwrap();
    assert!(message.contains("traceId"), "{message}");
    r.pipeline.assert_nothing_consumed();
}

#[tokio::test]
async fn corrupt_gzip_and_unknown_encodings_are_400() {
    let mut r = start(HTTP_ONLY).await;
    let resp = post(&r, "application/json", Some("gzip"), b"plain text".to_vec()).await;
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
    let resp = post(&r, "application/json", Some("snappy"), json_body(1)).await;
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
    let status: serde_json::Value = resp.json().await.unwrap();
    assert_eq!(status["message"], "unsupported Content-Encoding: snappy");
    r.pipeline.assert_nothing_consumed();
}

#[tokio::test]
async fn other_content_types_are_415() {
    let mut r = start(HTTP_ONLY).await;
    let resp = post(&r, "text/plain", None, json_body(1)).await;
    assert_eq!(resp.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(
        resp.text().await.unwrap(),
        "415 unsupported media type, supported: [application/json, application/x-protobuf]"
    );
    r.pipeline.assert_nothing_consumed();
}

#[tokio::test]
async fn non_post_is_405_and_other_paths_are_404() {
    let r = start(HTTP_ONLY).await;
    let client = reqwest::Client::new();
    let resp = client.get(r.http_url("/v1/logs")).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(
        resp.text().await.unwrap(),
        "405 method not allowed, supported: [POST]"
    );
    let resp = client
        .post(r.http_url("/v1/traces"))
        .body("x")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn oversize_bodies_and_zip_bombs_are_413_and_nothing_is_consumed() {
    let mut r =
        start("protocols:\n  http:\n    endpoint: 127.0.0.1:0\n    max_request_body_size: 65536\n")
            .await;
    let big = request(20_000).encode_to_vec();
    assert!(big.len() > 65536);
    let resp = post(&r, "application/x-protobuf", None, big).await;
    assert_eq!(resp.status(), StatusCode::PAYLOAD_TOO_LARGE);

    let bomb = gzip(&vec![b' '; 10 * 1024 * 1024]);
    assert!(bomb.len() < 65536);
    let resp = post(&r, "application/json", Some("gzip"), bomb).await;
    assert_eq!(resp.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let status: serde_json::Value = resp.json().await.unwrap();
    assert!(status["message"].as_str().unwrap().contains("65536 bytes"));
    r.pipeline.assert_nothing_consumed();
}

#[tokio::test]
async fn a_failed_delivery_is_503_with_the_reason_so_the_client_retries() {
    let mut r = start(HTTP_ONLY).await;
    r.pipeline
        .set(Outcome::Fail("exporter otlp_http: backend down".into()));
    let resp = post(&r, "application/json", None, json_body(2)).await;
    assert_eq!(resp.status(), StatusCode::SERVICE_UNAVAILABLE);
    let status: serde_json::Value = resp.json().await.unwrap();
    assert_eq!(status["code"], 14);
    assert_eq!(status["message"], "exporter otlp_http: backend down");
    r.pipeline.next().await;
    assert_eq!(metric(&r.telemetry, names::RECEIVER_REFUSED, "http"), 2);
    assert_eq!(metric(&r.telemetry, names::RECEIVER_ACCEPTED, "http"), 0);
}

#[tokio::test]
async fn an_empty_request_is_answered_without_reaching_the_pipeline() {
    let mut r = start(HTTP_ONLY).await;
    let resp = post(&r, "application/json", None, b"{}".to_vec()).await;
    assert_eq!(resp.status(), StatusCode::OK);
    r.pipeline.assert_nothing_consumed();
}

#[tokio::test]
async fn include_metadata_passes_headers_with_lower_case_names() {
    let mut r =
        start("protocols:\n  http:\n    endpoint: 127.0.0.1:0\n    include_metadata: true\n").await;
    reqwest::Client::new()
        .post(r.http_url("/v1/logs"))
        .header("Content-Type", "application/json")
        .header("X-Tenant-ID", "acme")
        .body(json_body(1))
        .send()
        .await
        .unwrap();
    let seen = r.pipeline.next().await;
    assert_eq!(
        seen.client.metadata.get("x-tenant-id"),
        Some(&vec!["acme".to_string()])
    );
    assert!(seen.client.address.unwrap().starts_with("127.0.0.1:"));
}

#[tokio::test]
async fn without_include_metadata_only_the_peer_address_is_kept() {
    let mut r = start(HTTP_ONLY).await;
    reqwest::Client::new()
        .post(r.http_url("/v1/logs"))
        .header("Content-Type", "application/json")
        .header("X-Tenant-ID", "acme")
        .body(json_body(1))
        .send()
        .await
        .unwrap();
    let seen = r.pipeline.next().await;
    assert!(seen.client.metadata.is_empty());
    assert!(seen.client.address.is_some());
}

#[tokio::test]
async fn custom_logs_path_and_response_headers_are_served() {
    let r = start(
        "protocols:\n  http:\n    endpoint: 127.0.0.1:0\n    logs_url_path: ingest/logs\n    response_headers:\n      X-Served-By: otelcol-audit\n",
    )
    .await;
    let resp = reqwest::Client::new()
        .post(r.http_url("/ingest/logs"))
        .header("Content-Type", "application/json")
        .body(json_body(1))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(resp.headers()["x-served-by"], "otelcol-audit");
    let resp = reqwest::Client::new()
        .post(r.http_url("/v1/logs"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn cors_preflight_allows_listed_origins_only() {
    let r = start(
        "protocols:\n  http:\n    endpoint: 127.0.0.1:0\n    cors:\n      allowed_origins: [\"https://*.example.com\"]\n      max_age: 60\n",
    )
    .await;
    let client = reqwest::Client::new();
    let preflight = |origin: &'static str| {
        client
            .request(reqwest::Method::OPTIONS, r.http_url("/v1/logs"))
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "POST")
            .send()
    };
    let ok = preflight("https://app.example.com").await.unwrap();
    assert_eq!(
        ok.headers()["access-control-allow-origin"],
        "https://app.example.com"
    );
    assert_eq!(ok.headers()["access-control-max-age"], "60");
    let denied = preflight("https://evil.test").await.unwrap();
    assert!(denied
        .headers()
        .get("access-control-allow-origin")
        .is_none());
}

#[tokio::test]
async fn shutdown_answers_in_flight_requests_and_then_refuses_connections() {
    let mut r = start(HTTP_ONLY).await;
    r.pipeline.set(Outcome::Hold);
    let url = r.http_url("/v1/logs");
    let in_flight = tokio::spawn(
        reqwest::Client::new()
            .post(url.clone())
            .header("Content-Type", "application/json")
            .body(json_body(1))
            .send(),
    );
    r.pipeline.next().await; // the request is now waiting for its ack
    let mut receiver = r.receiver;
    let shutdown = tokio::spawn(async move { receiver.shutdown().await });

    // New connections are refused once the listener is closed.
    let mut refused = false;
    for _ in 0..200 {
        let fresh = reqwest::Client::new()
            .post(url.clone())
            .body("{}")
            .send()
            .await;
        if fresh.is_err() {
            refused = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert!(refused, "the listener should close at shutdown");
    assert!(
        !shutdown.is_finished(),
        "shutdown waits for the in-flight request"
    );

    r.pipeline.release();
    let resp = in_flight.await.unwrap().unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    shutdown.await.unwrap().unwrap();
}

#[tokio::test]
async fn binding_a_busy_endpoint_fails_naming_the_endpoint() {
    let first = start(HTTP_ONLY).await;
    let busy = first.receiver.endpoints()[0].clone();
    let cfg = super::config(&format!("protocols:\n  http:\n    endpoint: {busy}\n")).unwrap();
    let mut second = crate::receiver::OtlpReceiver::new(cfg);
    let (tx, _rx) = tokio::sync::mpsc::channel(1);
    let (done, _) = tokio::sync::mpsc::unbounded_channel();
    let ctx = otelcol_core::ReceiverContext::new(
        otelcol_core::ComponentId::new("otlp", Some("second")),
        otelcol_core::LogsConsumer::new(vec![tx]),
        otelcol_core::Host::default(),
        otelcol_core::Telemetry::default(),
        done,
    );
    let err = match second.start(ctx).await {
        Err(e) => e.to_string(),
        Ok(()) => panic!("binding a busy endpoint should fail"),
    };
    assert!(
        err.contains(&format!("failed to listen on http endpoint \"{busy}\"")),
        "{err}"
    );
}
