//! What the file exporter leaves on disk: formats, framing, append vs truncate, write-before-ack,
//! shutdown, and start-time errors.

mod common;

use common::*;
use otelcol_core::pdata::ExportLogsServiceRequest;
use otelcol_core::{ExportError, Host};
use prost::Message;

#[tokio::test]
async fn json_lines_round_trip_through_otlp_json() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("logs.json");
    let exporter = started(&path, "").await;
    let first = vec![resource_logs("a", None, 2)];
    let second = vec![resource_logs("b", None, 1), resource_logs("c", None, 3)];
    exporter
        .export(&batch(first.clone()))
        .await
        .expect("export");
    exporter
        .export(&batch(second.clone()))
        .await
        .expect("export");
    exporter.shutdown().await.expect("shutdown");
    let lines = json_lines(&path);
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0].resource_logs, first);
    assert_eq!(lines[1].resource_logs, second);
    let text = std::fs::read_to_string(&path).expect("read");
    assert!(text.starts_with("{\"resourceLogs\":[{"), "{text}");
}

#[tokio::test]
async fn proto_messages_carry_a_big_endian_length_prefix() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("logs.pb");
    let exporter = started(&path, "format: proto\n").await;
    let batches = [
        vec![resource_logs("a", None, 1)],
        vec![resource_logs("b", None, 4)],
    ];
    for resource_logs in &batches {
        exporter
            .export(&batch(resource_logs.clone()))
            .await
            .expect("export");
    }
    exporter.shutdown().await.expect("shutdown");
    let messages = framed_messages(&path);
    assert_eq!(messages.len(), 2);
    for (message, want) in messages.iter().zip(&batches) {
        let request = ExportLogsServiceRequest::decode(message.as_slice()).expect("protobuf");
        assert_eq!(&request.resource_logs, want);
    }
    let raw = std::fs::read(&path).expect("read");
    assert_eq!(
        u32::from_be_bytes([raw[0], raw[1], raw[2], raw[3]]) as usize,
        messages[0].len()
    );
}

#[tokio::test]
async fn zstd_compresses_each_json_message_and_frames_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("logs.json.zst");
    let exporter = started(&path, "compression: zstd\n").await;
    let logs = vec![resource_logs("a", None, 3)];
    exporter.export(&batch(logs.clone())).await.expect("export");
    exporter.shutdown().await.expect("shutdown");
    let messages = framed_messages(&path);
    assert_eq!(messages.len(), 1);
    let json = zstd::decode_all(messages[0].as_slice()).expect("zstd frame");
    let request = otelcol_core::otlp_json::decode_logs_request(&json).expect("OTLP/JSON");
    assert_eq!(request.resource_logs, logs);
}

#[tokio::test]
async fn existing_file_is_truncated_at_start_by_default() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("logs.json");
    std::fs::write(&path, "old content\n").expect("seed");
    let exporter = started(&path, "").await;
    assert_eq!(std::fs::read(&path).expect("read").len(), 0);
    exporter
        .export(&batch(vec![resource_logs("a", None, 1)]))
        .await
        .expect("export");
    exporter.shutdown().await.expect("shutdown");
    assert_eq!(json_lines(&path).len(), 1);
}

#[tokio::test]
async fn append_keeps_what_the_file_had() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("logs.json");
    for service in ["first-run", "second-run"] {
        let exporter = started(&path, "append: true\n").await;
        exporter
            .export(&batch(vec![resource_logs(service, None, 1)]))
            .await
            .expect("export");
        exporter.shutdown().await.expect("shutdown");
    }
    let lines = json_lines(&path);
    assert_eq!(lines.len(), 2);
    assert_eq!(
        lines[1].resource_logs,
        vec![resource_logs("second-run", None, 1)]
    );
}

#[tokio::test]
async fn exported_batch_is_in_the_file_before_export_returns() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("logs.json");
    let exporter = started(&path, "flush_interval: 1h\n").await;
    exporter
        .export(&batch(vec![resource_logs("a", None, 1)]))
        .await
        .expect("export");
    assert_eq!(
        json_lines(&path).len(),
        1,
        "acknowledged data must already be written"
    );
    exporter.shutdown().await.expect("shutdown");
}

#[tokio::test]
async fn shutdown_syncs_and_later_exports_fail_permanently() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("logs.json");
    let exporter = started(&path, "flush_interval: 0s\n").await;
    exporter
        .export(&batch(vec![resource_logs("a", None, 2)]))
        .await
        .expect("export");
    exporter.shutdown().await.expect("shutdown");
    assert_eq!(json_lines(&path).len(), 1);
    let err = exporter
        .export(&batch(vec![resource_logs("late", None, 1)]))
        .await
        .expect_err("export after shutdown");
    assert!(matches!(err, ExportError::Permanent(_)), "{err:?}");
}

#[tokio::test]
async fn export_before_start_is_retryable() {
    let dir = tempfile::tempdir().expect("temp dir");
    let exporter = exporter(&format!(
        "path: {}\n",
        dir.path().join("logs.json").display()
    ));
    let err = exporter
        .export(&batch(vec![resource_logs("a", None, 1)]))
        .await
        .expect_err("not started");
    assert!(matches!(err, ExportError::Retryable(_)), "{err:?}");
}

#[tokio::test]
async fn missing_directory_fails_start_with_the_path() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("missing").join("logs.json");
    let exporter = exporter(&format!("path: {}\n", path.display()));
    let err = exporter
        .start(&Host::default())
        .await
        .expect_err("start must fail");
    let text = err.to_string();
    assert!(
        text.contains("missing/logs.json") && text.contains("cannot open"),
        "{text}"
    );
}

#[tokio::test]
async fn create_directory_makes_the_parent_directories() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("a").join("b").join("logs.json");
    let exporter = started(&path, "create_directory: true\n").await;
    exporter
        .export(&batch(vec![resource_logs("a", None, 1)]))
        .await
        .expect("export");
    exporter.shutdown().await.expect("shutdown");
    assert_eq!(json_lines(&path).len(), 1);
}

#[cfg(unix)]
#[tokio::test]
async fn directory_permissions_apply_to_created_directories() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("private").join("logs.json");
    let exporter = started(
        &path,
        "create_directory: true\ndirectory_permissions: '0700'\n",
    )
    .await;
    exporter.shutdown().await.expect("shutdown");
    let mode = std::fs::metadata(dir.path().join("private"))
        .expect("dir")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o700);
}
