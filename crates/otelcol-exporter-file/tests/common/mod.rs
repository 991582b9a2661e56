//! Shared helpers: batches, an exporter built from YAML through the factory, and readers for
//! the two file formats.
#![allow(dead_code)]

use otelcol_core::confmap::parse_yaml;
use otelcol_core::pdata::{
    key_value, string_value, ExportLogsServiceRequest, InstrumentationScope, LogRecord, Resource,
    ResourceLogs, ScopeLogs,
};
use otelcol_core::{
    AckSet, ComponentId, CreateContext, Exporter, ExporterFactory, Host, LogsBatch, Telemetry,
};
use otelcol_exporter_file::FileExporterFactory;
use std::path::Path;
use std::sync::Arc;

/// Resource logs with `records` records whose bodies are `body-<i>`; `segment` sets the
/// `fileexporter.path_segment` resource attribute.
pub fn resource_logs(service: &str, segment: Option<&str>, records: usize) -> ResourceLogs {
    let mut attributes = vec![key_value("service.name", string_value(service))];
    if let Some(segment) = segment {
        attributes.push(key_value(
            "fileexporter.path_segment",
            string_value(segment),
        ));
    }
    ResourceLogs {
        resource: Some(Resource {
            attributes,
            ..Default::default()
        }),
        // pdata always has a scope (OTLP/JSON writes `"scope":{}`), so the round trip is exact.
        scope_logs: vec![ScopeLogs {
            scope: Some(InstrumentationScope::default()),
            log_records: (0..records)
                .map(|i| LogRecord {
                    time_unix_nano: 1_700_000_000_000_000_000 + i as u64,
                    body: Some(string_value(format!("body-{i}"))),
                    trace_id: vec![7; 16],
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        }],
        schema_url: String::new(),
    }
}

/// One resource with one record whose body is `size` bytes of `fill`.
pub fn big_resource_logs(fill: char, size: usize) -> ResourceLogs {
    let mut rl = resource_logs("big", None, 1);
    rl.scope_logs[0].log_records[0].body = Some(string_value(fill.to_string().repeat(size)));
    rl
}

pub fn batch(resource_logs: Vec<ResourceLogs>) -> LogsBatch {
    LogsBatch::new(resource_logs, AckSet::default())
}

/// An exporter created through the factory from a YAML config.
pub fn exporter(yaml: &str) -> Arc<dyn Exporter> {
    let value = parse_yaml("config.yaml", yaml).expect("yaml");
    let ctx = CreateContext {
        id: ComponentId::new("file", None),
        telemetry: Telemetry::default(),
        pipeline: None,
        host: Host::default(),
    };
    FileExporterFactory
        .create(&ctx, &value)
        .expect("config accepted")
}

/// An exporter started on `path` with extra YAML settings.
pub async fn started(path: &Path, extra: &str) -> Arc<dyn Exporter> {
    let exporter = exporter(&format!("path: {}\n{extra}", path.display()));
    exporter.start(&Host::default()).await.expect("start");
    exporter
}

/// Every JSON line of a file, decoded.
pub fn json_lines(path: &Path) -> Vec<ExportLogsServiceRequest> {
    let text = std::fs::read(path).expect("read output");
    assert!(
        text.is_empty() || text.ends_with(b"\n"),
        "lines are newline-terminated"
    );
    text.split(|b| *b == b'\n')
        .filter(|line| !line.is_empty())
        .map(|line| otelcol_core::otlp_json::decode_logs_request(line).expect("OTLP/JSON line"))
        .collect()
}

/// The payloads of a length-prefixed file (4-byte big-endian length, then the message).
pub fn framed_messages(path: &Path) -> Vec<Vec<u8>> {
    let bytes = std::fs::read(path).expect("read output");
    let mut rest = bytes.as_slice();
    let mut messages = Vec::new();
    while !rest.is_empty() {
        let (len, tail) = rest.split_at(4);
        let len = u32::from_be_bytes(len.try_into().expect("4 bytes")) as usize;
        let (message, tail) = tail.split_at(len);
        messages.push(message.to_vec());
        rest = tail;
    }
    messages
}
