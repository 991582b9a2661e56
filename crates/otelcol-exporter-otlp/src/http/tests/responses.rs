//! Response handling: Go `TestErrorResponses` (16 rows), the partial-success tests
//! (`TestPartialSuccess_logs`, `TestPartialSuccessInvalidBody`,
//! `TestPartialSuccessUnsupportedContentType`, `TestPartialResponse_missingHeaderAndBody`,
//! `TestPartialSuccess_responseBodyTooLarge`) and transport errors.

use super::server::{Reply, TestServer};
use super::started;
use crate::http::classify::parse_retry_after;
use crate::rpc_status::Status;
use crate::test_support::{batch, capture_logs, sample_logs};
use otelcol_core::pdata::{ExportLogsPartialSuccess, ExportLogsServiceResponse};
use otelcol_core::ExportError;
use otelcol_core::Exporter;
use prost::Message;
use std::time::{Duration, SystemTime};

#[derive(Debug, Clone, Copy, PartialEq)]
enum Expect {
    Permanent,
    Retryable,
    Throttled(Duration),
}

/// (row, status, status message, Retry-After, expected, whether the message is decoded)
type Row<'a> = (&'a str, u16, &'a str, Option<&'a str>, Expect, bool);

fn status_body(code: i32, message: &str) -> Vec<u8> {
    Status {
        code,
        message: message.into(),
        details: Vec::new(),
    }
    .encode_to_vec()
}

#[tokio::test]
async fn error_statuses_are_classified_like_go_test_error_responses() {
    let long = "a".repeat(64 * 1024 + 1);
    let rows: Vec<Row> = vec![
        ("400", 400, "Bad field", None, Expect::Permanent, true),
        ("402", 402, "Bad field", None, Expect::Permanent, true),
        ("404", 404, "Bad field", None, Expect::Permanent, true),
        ("405", 405, "Bad field", None, Expect::Permanent, true),
        ("413", 413, "Bad field", None, Expect::Permanent, true),
        ("414", 414, "Bad field", None, Expect::Permanent, true),
        ("431", 431, "Bad field", None, Expect::Permanent, true),
        ("429", 429, "Quota exceeded", None, Expect::Retryable, true),
        (
            "429-Retry-After (past date)",
            429,
            "Quota exceeded",
            Some("Mon, 09 Feb 2025 15:04:05 GMT"),
            Expect::Throttled(Duration::ZERO),
            true,
        ),
        (
            "429-Retry-After-Malformed",
            429,
            "Quota exceeded",
            Some("Malformed"),
            Expect::Retryable,
            true,
        ),
        (
            "500",
            500,
            "Internal server error",
            None,
            Expect::Permanent,
            true,
        ),
        ("502", 502, "Bad gateway", None, Expect::Retryable, true),
        (
            "503",
            503,
            "Server overloaded",
            None,
            Expect::Retryable,
            true,
        ),
        (
            "503-Retry-After",
            503,
            "Server overloaded",
            Some("30"),
            Expect::Throttled(Duration::from_secs(30)),
            true,
        ),
        ("504", 504, "Gateway timeout", None, Expect::Retryable, true),
        (
            "Bad response payload",
            503,
            &long,
            None,
            Expect::Retryable,
            false,
        ),
    ];
    for (name, status, message, retry_after, expect, decoded) in rows {
        let server = TestServer::start().await;
        let mut reply = Reply::status(status).body(status_body(3, message));
        if let Some(value) = retry_after {
            reply = reply.header("retry-after", value);
        }
        server.reply(reply);
        let exporter = started(&format!(
            "logs_endpoint: {}/v1/logs\nencoding: proto\n",
            server.base
        ))
        .await;
        let err = exporter
            .export(&batch(sample_logs()))
            .await
            .expect_err(name);
        let prefix = format!(
            "error exporting items, request to {}/v1/logs responded with HTTP Status Code {status}",
            server.base
        );
        let want_message = if decoded {
            format!("{prefix}, Message={message}, Details=[]")
        } else {
            prefix
        };
        let (got, text) = match &err {
            ExportError::Permanent(m) => (Expect::Permanent, m.clone()),
            ExportError::Retryable(m) => (Expect::Retryable, m.clone()),
            ExportError::Throttled { delay, message } => {
                (Expect::Throttled(*delay), message.clone())
            }
        };
        assert_eq!(got, expect, "row {name}");
        assert_eq!(text, want_message, "row {name}");
        assert_eq!(server.received().len(), 1, "row {name}: one attempt");
    }
}

#[test]
fn retry_after_accepts_seconds_and_http_dates() {
    let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
    assert_eq!(parse_retry_after("3", now), Some(Duration::from_secs(3)));
    assert_eq!(parse_retry_after("-4", now), Some(Duration::ZERO));
    let later = httpdate::fmt_http_date(now + Duration::from_secs(90));
    assert_eq!(
        parse_retry_after(&later, now),
        Some(Duration::from_secs(90))
    );
    assert_eq!(parse_retry_after("soon", now), None);
    // Go's RFC1123 parsing ignores a wrong weekday (9 Feb 2025 was a Sunday).
    let past = parse_retry_after("Mon, 09 Feb 2025 15:04:05 GMT", now);
    assert_eq!(
        past,
        Some(Duration::from_secs(1_739_113_445 - 1_700_000_000))
    );
}

#[tokio::test]
async fn json_error_body_is_decoded_into_the_message() {
    let server = TestServer::start().await;
    server.reply(
        Reply::status(400)
            .header("content-type", "application/json")
            .body(br#"{"code":3,"message":"body.timeUnixNano is invalid"}"#.to_vec()),
    );
    let exporter = started(&format!("endpoint: {}\nencoding: json\n", server.base)).await;
    let err = exporter.export(&batch(sample_logs())).await.unwrap_err();
    assert_eq!(
        err,
        ExportError::Permanent(format!(
            "error exporting items, request to {}/v1/logs responded with HTTP Status Code 400, Message=body.timeUnixNano is invalid, Details=[]",
            server.base
        ))
    );
}

fn partial_response(message: &str, rejected: i64) -> ExportLogsServiceResponse {
    ExportLogsServiceResponse {
        partial_success: Some(ExportLogsPartialSuccess {
            rejected_log_records: rejected,
            error_message: message.into(),
        }),
    }
}

#[tokio::test]
async fn partial_success_is_logged_once_and_counts_as_success() {
    for content_type in ["application/x-protobuf", "application/json"] {
        let server = TestServer::start().await;
        let response = partial_response("hello", 1);
        let body = if content_type == "application/json" {
            let mut out = Vec::new();
            otelcol_core::otlp_json::encode_export_response(&response, &mut out);
            out
        } else {
            response.encode_to_vec()
        };
        server.reply(
            Reply::status(200)
                .header("content-type", content_type)
                .body(body),
        );
        let exporter = started(&format!("endpoint: {}\n", server.base)).await;
        let (_guard, logs) = capture_logs();
        exporter
            .export(&batch(sample_logs()))
            .await
            .expect("partial success is success");
        let text = logs.text();
        let warnings: Vec<&str> = text.lines().filter(|l| l.contains(" WARN ")).collect();
        assert_eq!(warnings.len(), 1, "{content_type}: {text}");
        assert!(warnings[0].contains("Partial success response"), "{text}");
        assert!(warnings[0].contains("error_message=hello"), "{text}");
        assert!(warnings[0].contains("dropped_log_records=1"), "{text}");
    }
}

#[tokio::test]
async fn partial_success_with_an_unknown_content_type_is_not_read() {
    for content_type in ["text/plain", "application/octet-stream"] {
        let server = TestServer::start().await;
        let body = partial_response("foo", 42).encode_to_vec();
        server.reply(
            Reply::status(200)
                .header("content-type", content_type)
                .body(body),
        );
        let exporter = started(&format!("endpoint: {}\n", server.base)).await;
        let (_guard, logs) = capture_logs();
        exporter
            .export(&batch(sample_logs()))
            .await
            .expect(content_type);
        assert!(!logs.text().contains("Partial success"), "{}", logs.text());
    }
}

#[tokio::test]
async fn unparsable_success_body_is_a_permanent_error() {
    let server = TestServer::start().await;
    server.reply(
        Reply::status(200)
            .header("content-type", "application/x-protobuf")
            .body(vec![1]),
    );
    let exporter = started(&format!("endpoint: {}\n", server.base)).await;
    match exporter.export(&batch(sample_logs())).await {
        Err(ExportError::Permanent(m)) => {
            assert!(m.starts_with("error parsing protobuf response:"), "{m}")
        }
        other => panic!("expected a permanent error, got {other:?}"),
    }
}

#[tokio::test]
async fn empty_success_body_with_either_content_type_is_success() {
    for content_type in ["application/x-protobuf", "application/json"] {
        let server = TestServer::start().await;
        server.reply(Reply::status(200).header("content-type", content_type));
        let exporter = started(&format!("endpoint: {}\n", server.base)).await;
        exporter
            .export(&batch(sample_logs()))
            .await
            .expect(content_type);
    }
}

#[tokio::test]
async fn success_body_over_64_kib_is_a_permanent_parse_error() {
    let server = TestServer::start().await;
    let body = partial_response(&"x".repeat(70_000), 1).encode_to_vec();
    server.reply(
        Reply::status(200)
            .header("content-type", "application/x-protobuf")
            .body(body),
    );
    let exporter = started(&format!("endpoint: {}\n", server.base)).await;
    match exporter.export(&batch(sample_logs())).await {
        Err(ExportError::Permanent(m)) => {
            assert!(m.starts_with("error parsing protobuf response:"), "{m}")
        }
        other => panic!("expected a permanent error, got {other:?}"),
    }
}

#[tokio::test]
async fn unreachable_server_is_a_retryable_transport_error() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        l.local_addr().expect("addr").port()
    };
    let exporter = started(&format!("endpoint: http://127.0.0.1:{port}\n")).await;
    match exporter.export(&batch(sample_logs())).await {
        Err(ExportError::Retryable(m)) => {
            assert!(m.starts_with("failed to make an HTTP request: "), "{m}");
            assert!(m.contains(&format!("127.0.0.1:{port}/v1/logs")), "{m}");
        }
        other => panic!("expected a retryable error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_server_slower_than_timeout_is_a_retryable_error() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    // Accepts and never answers.
    let task = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket);
        }
    });
    let exporter = started(&format!("endpoint: http://{addr}\ntimeout: 300ms\n")).await;
    let err = exporter.export(&batch(sample_logs())).await.unwrap_err();
    task.abort();
    match err {
        ExportError::Retryable(m) => {
            assert!(m.starts_with("failed to make an HTTP request"), "{m}")
        }
        other => panic!("expected a retryable error, got {other:?}"),
    }
}
