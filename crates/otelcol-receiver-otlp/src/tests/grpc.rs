//! OTLP/gRPC against a real server on an ephemeral port, with a tonic client.

use super::{bodies, metric, request, start, Outcome, Running};
use opentelemetry_proto::tonic::collector::logs::v1::logs_service_client::LogsServiceClient;
use otelcol_core::telemetry::names;
use otelcol_core::Receiver;
use std::time::Duration;
use tonic::codec::CompressionEncoding;
use tonic::transport::Channel;
use tonic::Code;

const GRPC_ONLY: &str = "protocols:\n  grpc:\n    endpoint: 127.0.0.1:0\n";

async fn client(r: &Running) -> LogsServiceClient<Channel> {
    LogsServiceClient::connect(format!("http://{}", r.grpc_addr()))
        .await
        .expect("connects")
}

#[tokio::test]
async fn export_is_delivered_and_answered_ok() {
    let mut r = start(GRPC_ONLY).await;
    let resp = client(&r).await.export(request(2)).await.expect("OK");
    assert_eq!(resp.into_inner().partial_success, None);
    assert_eq!(
        bodies(&r.pipeline.next().await.resource_logs),
        ["record-0", "record-1"]
    );
    assert_eq!(metric(&r.telemetry, names::RECEIVER_ACCEPTED, "grpc"), 2);
}

#[tokio::test]
async fn gzip_and_zstd_compressed_exports_are_accepted() {
    let mut r = start(GRPC_ONLY).await;
    for encoding in [CompressionEncoding::Gzip, CompressionEncoding::Zstd] {
        let mut c = client(&r).await.send_compressed(encoding);
        c.export(request(1)).await.expect("OK");
        assert_eq!(bodies(&r.pipeline.next().await.resource_logs), ["record-0"]);
    }
}

#[tokio::test]
async fn a_failed_delivery_is_unavailable_with_the_reason() {
    let mut r = start(GRPC_ONLY).await;
    r.pipeline
        .set(Outcome::Fail("exporter otlp_grpc: backend down".into()));
    let status = client(&r).await.export(request(3)).await.unwrap_err();
    assert_eq!(status.code(), Code::Unavailable);
    assert_eq!(status.message(), "exporter otlp_grpc: backend down");
    r.pipeline.next().await;
    assert_eq!(metric(&r.telemetry, names::RECEIVER_REFUSED, "grpc"), 3);
}

#[tokio::test]
async fn messages_above_max_recv_msg_size_are_refused_and_nothing_is_consumed() {
    let mut r =
        start("protocols:\n  grpc:\n    endpoint: 127.0.0.1:0\n    max_recv_msg_size_mib: 1\n")
            .await;
    let mut big = request(1);
    big.resource_logs[0].scope_logs[0].log_records[0].body = Some(
        otelcol_core::pdata::string_value("x".repeat(2 * 1024 * 1024)),
    );
    let status = client(&r).await.export(big.clone()).await.unwrap_err();
    assert!(
        matches!(status.code(), Code::OutOfRange | Code::ResourceExhausted),
        "{status:?}"
    );
    // Compressed, the message is small on the wire but too large once inflated.
    let mut c = client(&r).await.send_compressed(CompressionEncoding::Gzip);
    let status = c.export(big).await.unwrap_err();
    assert_eq!(status.code(), Code::ResourceExhausted, "{status:?}");
    r.pipeline.assert_nothing_consumed();
}

#[tokio::test]
async fn include_metadata_passes_grpc_metadata() {
    let mut r =
        start("protocols:\n  grpc:\n    endpoint: 127.0.0.1:0\n    include_metadata: true\n").await;
    let mut req = tonic::Request::new(request(1));
    req.metadata_mut()
        .insert("x-tenant-id", "acme".parse().unwrap());
    client(&r).await.export(req).await.expect("OK");
    let seen = r.pipeline.next().await;
    assert_eq!(
        seen.client.metadata.get("x-tenant-id"),
        Some(&vec!["acme".to_string()])
    );
    assert!(seen.client.address.unwrap().starts_with("127.0.0.1:"));
}

#[tokio::test]
async fn without_include_metadata_only_the_peer_address_is_kept() {
    let mut r = start(GRPC_ONLY).await;
    let mut req = tonic::Request::new(request(1));
    req.metadata_mut()
        .insert("x-tenant-id", "acme".parse().unwrap());
    client(&r).await.export(req).await.expect("OK");
    let seen = r.pipeline.next().await;
    assert!(seen.client.metadata.is_empty());
    assert!(seen.client.address.is_some());
}

#[tokio::test]
async fn the_trace_service_is_unimplemented() {
    let r = start(GRPC_ONLY).await;
    let channel = Channel::from_shared(format!("http://{}", r.grpc_addr()))
        .unwrap()
        .connect()
        .await
        .unwrap();
    let mut grpc = tonic::client::Grpc::new(channel);
    grpc.ready().await.unwrap();
    let path = http::uri::PathAndQuery::from_static(
        "/opentelemetry.proto.collector.trace.v1.TraceService/Export",
    );
    let codec = tonic_prost::ProstCodec::<
        otelcol_core::pdata::ExportLogsServiceRequest,
        otelcol_core::pdata::ExportLogsServiceResponse,
    >::default();
    let status = grpc
        .unary(tonic::Request::new(request(0)), path, codec)
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::Unimplemented);
}

#[tokio::test]
async fn shutdown_answers_in_flight_exports_and_then_refuses_connections() {
    let mut r = start(GRPC_ONLY).await;
    r.pipeline.set(Outcome::Hold);
    let mut c = client(&r).await;
    let in_flight = tokio::spawn(async move { c.export(request(1)).await });
    r.pipeline.next().await; // the export now waits for its ack
    let addr = r.grpc_addr();
    let mut receiver = r.receiver;
    let shutdown = tokio::spawn(async move { receiver.shutdown().await });

    let mut refused = false;
    for _ in 0..200 {
        if tokio::net::TcpStream::connect(&addr).await.is_err() {
            refused = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert!(refused, "the listener should close at shutdown");
    assert!(
        !shutdown.is_finished(),
        "shutdown waits for the in-flight export"
    );

    r.pipeline.release();
    in_flight
        .await
        .unwrap()
        .expect("the in-flight export is answered OK");
    shutdown.await.unwrap().unwrap();
}

#[tokio::test]
async fn grpc_and_http_run_side_by_side() {
    let mut r = start(
        "protocols:\n  grpc:\n    endpoint: 127.0.0.1:0\n  http:\n    endpoint: 127.0.0.1:0\n",
    )
    .await;
    client(&r).await.export(request(1)).await.expect("OK");
    r.pipeline.next().await;
    let resp = reqwest::Client::new()
        .post(r.http_url("/v1/logs"))
        .header("Content-Type", "application/json")
        .body("{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{}]}]}]}")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), reqwest::StatusCode::OK);
    r.pipeline.next().await;
    assert_eq!(metric(&r.telemetry, names::RECEIVER_ACCEPTED, "grpc"), 1);
    assert_eq!(metric(&r.telemetry, names::RECEIVER_ACCEPTED, "http"), 1);
}
