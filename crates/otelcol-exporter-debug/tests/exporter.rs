//! What the debug exporter writes for a batch, to `output_paths` and through the internal
//! logger, at each verbosity.

mod common;

use common::generate_logs;
use otelcol_core::{AckSet, ComponentId, Exporter, Host, LogsBatch};
use otelcol_exporter_debug::{DebugConfig, DebugExporter, Verbosity};
use std::io::Write;
use std::sync::{Arc, Mutex};

fn batch(records: usize) -> LogsBatch {
    LogsBatch::new(generate_logs(records), AckSet::default())
}

fn file_config(verbosity: Verbosity, path: &std::path::Path) -> DebugConfig {
    DebugConfig {
        verbosity,
        use_internal_logger: false,
        output_paths: Some(vec![path.to_string_lossy().into_owned()]),
        ..DebugConfig::default()
    }
}

async fn export_to_file(verbosity: Verbosity, records: usize) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("debug.out");
    let exporter = DebugExporter::new(
        ComponentId::new("debug", None),
        file_config(verbosity, &path),
    );
    exporter.start(&Host::default()).await.expect("start");
    exporter.export(&batch(records)).await.expect("export");
    exporter.shutdown().await.expect("shutdown");
    std::fs::read_to_string(&path).expect("output file")
}

#[tokio::test]
async fn basic_writes_one_summary_line() {
    let out = export_to_file(Verbosity::Basic, 2).await;
    assert_eq!(out, "Logs\t{\"resource logs\": 1, \"log records\": 2}\n");
}

#[tokio::test]
async fn normal_writes_summary_then_one_line_per_record() {
    let out = export_to_file(Verbosity::Normal, 2).await;
    assert_eq!(
        out,
        "Logs\t{\"resource logs\": 1, \"log records\": 2}\n\
ResourceLog #0 resource-attr=resource-attr-val-1\n\
ScopeLog #0\n\
This is a log message app=server instance_num=1\n\
something happened customer=acme env=dev\n\
\n"
    );
}

#[tokio::test]
async fn detailed_writes_summary_then_every_field() {
    let out = export_to_file(Verbosity::Detailed, 1).await;
    let (summary, text) = out.split_once('\n').expect("two entries");
    assert_eq!(summary, "Logs\t{\"resource logs\": 1, \"log records\": 1}");
    assert!(text.starts_with("ResourceLog #0\nResource SchemaURL: \n"));
    assert!(text.ends_with("Span ID: 0102040800000000\nFlags: 0\n\n"));
}

#[tokio::test]
async fn output_file_is_appended_to() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("debug.out");
    std::fs::write(&path, "earlier\n").expect("seed file");
    let exporter = DebugExporter::new(
        ComponentId::new("debug", None),
        file_config(Verbosity::Basic, &path),
    );
    exporter.start(&Host::default()).await.expect("start");
    exporter.export(&batch(1)).await.expect("export");
    exporter.shutdown().await.expect("shutdown");
    let out = std::fs::read_to_string(&path).expect("output file");
    assert_eq!(
        out,
        "earlier\nLogs\t{\"resource logs\": 1, \"log records\": 1}\n"
    );
}

#[tokio::test]
async fn unopenable_output_path_fails_start_with_the_path() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("no-such-dir").join("debug.out");
    let exporter = DebugExporter::new(
        ComponentId::new("debug", None),
        file_config(Verbosity::Basic, &path),
    );
    let err = exporter
        .start(&Host::default())
        .await
        .expect_err("start must fail");
    assert!(err.to_string().contains("no-such-dir"), "{err}");
}

/// Collects what the `tracing` fmt layer writes.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if let Ok(mut out) = self.0.lock() {
            out.extend_from_slice(buf);
        }
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn text(&self) -> String {
        self.0
            .lock()
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_default()
    }
}

#[tokio::test]
async fn internal_logger_gets_the_summary_and_the_text() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let config = DebugConfig {
        verbosity: Verbosity::Normal,
        ..DebugConfig::default()
    };
    let exporter = DebugExporter::new(ComponentId::new("debug", Some("audit")), config);
    exporter.start(&Host::default()).await.expect("start");
    exporter.export(&batch(2)).await.expect("export");
    let out = captured.text();
    assert!(out.contains(" INFO "), "{out}");
    assert!(out.contains("Logs"), "{out}");
    assert!(out.contains("resource logs=1"), "{out}");
    assert!(out.contains("log records=2"), "{out}");
    assert!(out.contains("otelcol.component.id=debug/audit"), "{out}");
    assert!(
        out.contains("This is a log message app=server instance_num=1"),
        "{out}"
    );
}
