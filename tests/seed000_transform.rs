//! Seed 000 end to end: the CAST AI guide's processors block (transform + resource + batch),
//! verbatim, on CAST AI-shaped records (event in attributes, time 0) replayed by the
//! `otlpjsonfile` receiver into the `file` exporter.

mod support;

use otelcol_core::pdata::any_value::Value;
use serde_json::json;
use std::time::Duration;
use support::{read_file_export, Collector};

const RECORDS: usize = 25;

/// The processors block of seed 000 as the guide publishes it.
const SEED_PROCESSORS: &str = r#"processors:
  transform:
    error_mode: ignore
    log_statements:
      - context: log
        statements:
          - set(body, String(attributes["event"])) where IsMap(attributes["event"])
          - delete_key(attributes, "event") where IsMap(attributes)
          - set(time, observed_time)
  resource:
    attributes:
      - key: service.name
        value: castai-audit-logs
        action: upsert
  batch:
    timeout: 5s
    send_batch_size: 100
"#;

fn kv(key: &str, value: serde_json::Value) -> serde_json::Value {
    json!({"key": key, "value": value})
}

fn s(v: &str) -> serde_json::Value {
    json!({"stringValue": v})
}

/// One request per line; each audit event in its own resource, as the CAST AI receiver emits.
fn castai_line(n: usize) -> String {
    let event = json!({"kvlistValue": {"values": [
        kv("cluster", json!({"kvlistValue": {"values": [
            kv("id", s("1e6e37e0-7a06-4fde-8eb0-019ae8b1cf4f")),
            kv("name", s("prod <eu> & 1")),
            kv("nodes", json!({"intValue": "3"})),
        ]}})),
        kv("seq", json!({"intValue": n.to_string()})),
    ]}});
    let record = json!({
        "timeUnixNano": "0",
        "observedTimeUnixNano": (1_751_537_704_000_000_000u64 + n as u64).to_string(),
        "attributes": [
            kv("id", s(&format!("824e7a47-b8e3-430e-8a7d-{n:012}"))),
            kv("eventType", s("clusterDeleted")),
            kv("initiatedBy", json!({"kvlistValue": {"values": [
                kv("id", s("google-oauth2|1001")), kv("name", s("Jane Doe")),
            ]}})),
            kv("labels", json!({"kvlistValue": {"values": [kv("clusterId", s("1e6e37e0"))]}})),
            kv("event", event),
        ],
    });
    json!({"resourceLogs": [{"resource": {}, "scopeLogs": [{"scope": {}, "logRecords": [record]}]}]})
        .to_string()
}

#[test]
fn seed000_moves_event_to_body_sets_time_and_service_name() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("castai.jsonl");
    let lines: Vec<String> = (0..RECORDS).map(castai_line).collect();
    std::fs::write(&input, lines.join("\n") + "\n").expect("write input");
    let output = dir.path().join("out.jsonl");
    let config = format!(
        "receivers:\n  otlpjsonfile:\n    include: [{input:?}]\n    one_shot: true\n    include_file_name: false\n{SEED_PROCESSORS}exporters:\n  file:\n    path: {output:?}\nservice:\n  pipelines:\n    logs:\n      receivers: [otlpjsonfile]\n      processors: [transform, resource, batch]\n      exporters: [file]\n"
    );
    let mut collector = Collector::start(dir.path(), &config);
    let code = collector.wait_exit(Duration::from_secs(60));
    assert_eq!(code, 0, "collector log:\n{}", collector.log());

    let requests = read_file_export(&output);
    let mut seen = 0;
    for rl in requests.iter().flat_map(|r| r.resource_logs.iter()) {
        let service = rl
            .resource
            .as_ref()
            .and_then(|r| r.attributes.iter().find(|kv| kv.key == "service.name"))
            .and_then(|kv| kv.value.as_ref())
            .and_then(|v| v.value.as_ref());
        assert_eq!(
            service,
            Some(&Value::StringValue("castai-audit-logs".into()))
        );
        for record in rl.scope_logs.iter().flat_map(|sl| sl.log_records.iter()) {
            let n = record.observed_time_unix_nano - 1_751_537_704_000_000_000;
            let body = match record.body.as_ref().and_then(|b| b.value.as_ref()) {
                Some(Value::StringValue(b)) => b.clone(),
                other => panic!("body is not a string: {other:?}"),
            };
            assert_eq!(
                body,
                format!(
                    r#"{{"cluster":{{"id":"1e6e37e0-7a06-4fde-8eb0-019ae8b1cf4f","name":"prod \u003ceu\u003e \u0026 1","nodes":3}},"seq":{n}}}"#
                )
            );
            assert_eq!(record.time_unix_nano, record.observed_time_unix_nano);
            assert!(record.attributes.iter().all(|kv| kv.key != "event"));
            assert!(record.attributes.iter().any(|kv| kv.key == "initiatedBy"));
            seen += 1;
        }
    }
    assert_eq!(seen, RECORDS, "every record is exported once");
}

#[test]
fn validate_reports_a_bad_statement_quoted_with_its_position() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("config.yaml");
    let config = "receivers:\n  otlp:\n    protocols:\n      http:\nprocessors:\n  transform:\n    log_statements:\n      - context: log\n        statements:\n          - set(body, String(attributes[\"event\"]) where IsMap(attributes[\"event\"])\nexporters:\n  debug:\nservice:\n  pipelines:\n    logs:\n      receivers: [otlp]\n      processors: [transform]\n      exporters: [debug]\n";
    std::fs::write(&path, config).expect("write config");
    let out = support::run(&["validate", "--config", path.to_str().expect("utf-8 path")]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(r#"processors::transform: unable to parse OTTL statement "set(body, String(attributes[\"event\"]) where IsMap(attributes[\"event\"])": 1:39: unexpected token "where""#),
        "{err}"
    );
}
