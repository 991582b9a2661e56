//! Status classification: every gRPC code (Go `shouldRetry`), `ResourceExhausted` with and
//! without `RetryInfo` (`TestSendTracesOnResourceExhaustion`), `RetryInfo` as a throttle.

use super::plaintext;
use super::server::GrpcServer;
use crate::rpc_status::{ProtoDuration, RetryInfo, Status as RpcStatus};
use crate::test_support::{batch, sample_logs};
use otelcol_core::ExportError;
use otelcol_core::Exporter;
use prost::Message;
use std::time::Duration;
use tonic::{Code, Status};

fn with_retry_info(code: Code, message: &str, delay: Duration) -> Status {
    let details = RpcStatus {
        code: code as i32,
        message: message.into(),
        details: vec![RetryInfo {
            retry_delay: Some(ProtoDuration {
                seconds: delay.as_secs() as i64,
                nanos: delay.subsec_nanos() as i32,
            }),
        }
        .into_any()],
    }
    .encode_to_vec();
    Status::with_details(code, message, details.into())
}

#[tokio::test]
async fn every_status_code_is_classified_like_go_should_retry() {
    let rows = [
        (Code::Cancelled, "Canceled", true),
        (Code::Unknown, "Unknown", false),
        (Code::InvalidArgument, "InvalidArgument", false),
        (Code::DeadlineExceeded, "DeadlineExceeded", true),
        (Code::NotFound, "NotFound", false),
        (Code::AlreadyExists, "AlreadyExists", false),
        (Code::PermissionDenied, "PermissionDenied", false),
        (Code::ResourceExhausted, "ResourceExhausted", false),
        (Code::FailedPrecondition, "FailedPrecondition", false),
        (Code::Aborted, "Aborted", true),
        (Code::OutOfRange, "OutOfRange", true),
        (Code::Unimplemented, "Unimplemented", false),
        (Code::Internal, "Internal", false),
        (Code::Unavailable, "Unavailable", true),
        (Code::DataLoss, "DataLoss", true),
        (Code::Unauthenticated, "Unauthenticated", false),
    ];
    let server = GrpcServer::start().await;
    let exporter = plaintext(server.addr, "").await;
    for (code, name, retryable) in rows {
        server.reply(Err(Status::new(code, "the reason")));
        let err = exporter.export(&batch(sample_logs())).await.unwrap_err();
        let message = format!("rpc error: code = {name} desc = the reason");
        let want = if retryable {
            ExportError::Retryable(message)
        } else {
            ExportError::Permanent(message)
        };
        assert_eq!(err, want, "{name}");
    }
    assert_eq!(server.received().len(), rows.len());
}

#[tokio::test]
async fn resource_exhausted_is_retried_only_with_retry_info() {
    let server = GrpcServer::start().await;
    let exporter = plaintext(server.addr, "").await;
    server.reply(Err(Status::new(
        Code::ResourceExhausted,
        "resource exhausted",
    )));
    assert!(matches!(
        exporter.export(&batch(sample_logs())).await,
        Err(ExportError::Permanent(_))
    ));
    server.reply(Err(with_retry_info(
        Code::ResourceExhausted,
        "resource exhausted",
        Duration::from_millis(100),
    )));
    assert_eq!(
        exporter.export(&batch(sample_logs())).await,
        Err(ExportError::Throttled {
            delay: Duration::from_millis(100),
            message: "rpc error: code = ResourceExhausted desc = resource exhausted".into(),
        })
    );
}

#[tokio::test]
async fn retry_info_on_a_retryable_code_throttles_and_on_a_permanent_code_does_not() {
    let server = GrpcServer::start().await;
    let exporter = plaintext(server.addr, "").await;
    server.reply(Err(with_retry_info(
        Code::Unavailable,
        "busy",
        Duration::from_secs(3),
    )));
    match exporter.export(&batch(sample_logs())).await {
        Err(ExportError::Throttled { delay, .. }) => assert_eq!(delay, Duration::from_secs(3)),
        other => panic!("expected a throttle, got {other:?}"),
    }
    server.reply(Err(with_retry_info(
        Code::InvalidArgument,
        "bad",
        Duration::from_secs(3),
    )));
    assert!(matches!(
        exporter.export(&batch(sample_logs())).await,
        Err(ExportError::Permanent(_))
    ));
    // A zero RetryInfo delay is a plain retry.
    server.reply(Err(with_retry_info(
        Code::Unavailable,
        "busy",
        Duration::ZERO,
    )));
    assert!(matches!(
        exporter.export(&batch(sample_logs())).await,
        Err(ExportError::Retryable(_))
    ));
}
