//! Interop with a real client: the OpenTelemetry Python SDK sends logs over OTLP/gRPC and
//! OTLP/HTTP to our `otlp` receiver; the `file` exporter's output must hold every record,
//! field for field.

mod support;

use otelcol_core::pdata::{any_value::Value, AnyValue, KeyValue, LogRecord, ResourceLogs};
use serde_json::Value as Json;
use std::collections::BTreeMap;
use std::process::Command;
use std::time::Duration;
use support::{free_port, python, read_file_export, repo_root, wait_for, Collector};

const RECORDS_PER_PROTOCOL: usize = 120;

fn config(grpc: u16, http: u16, out: &str) -> String {
    format!(
        r#"
receivers:
  otlp:
    protocols:
      grpc:
        endpoint: 127.0.0.1:{grpc}
      http:
        endpoint: 127.0.0.1:{http}
processors:
  batch:
    timeout: 100ms
exporters:
  file:
    path: {out}
service:
  telemetry:
    metrics:
      level: none
  pipelines:
    logs:
      receivers: [otlp]
      processors: [batch]
      exporters: [file]
"#
    )
}

fn send_with_sdk(protocol: &str, endpoint: &str, expected: &std::path::Path) {
    let script = repo_root().join("tests/peers/otel_sdk_send_logs.py");
    let status = Command::new(python())
        .arg(script)
        .args(["--protocol", protocol, "--endpoint", endpoint])
        .args(["--count", &RECORDS_PER_PROTOCOL.to_string()])
        .arg("--expected")
        .arg(expected)
        .status()
        .expect("run the Python SDK client");
    assert!(status.success(), "the SDK client failed for {protocol}");
}

fn to_json(v: &AnyValue) -> Json {
    match &v.value {
        Some(Value::StringValue(s)) => Json::from(s.clone()),
        Some(Value::IntValue(i)) => Json::from(*i),
        Some(Value::DoubleValue(d)) => Json::from(*d),
        Some(Value::BoolValue(b)) => Json::from(*b),
        Some(Value::ArrayValue(a)) => Json::Array(a.values.iter().map(to_json).collect()),
        Some(Value::KvlistValue(kv)) => {
            Json::Object(attrs_to_json(&kv.values).into_iter().collect())
        }
        Some(Value::BytesValue(b)) => Json::from(hex::encode(b)),
        Some(Value::StringValueStrindex(i)) => Json::from(format!("strindex:{i}")),
        None => Json::Null,
    }
}

fn attrs_to_json(attrs: &[KeyValue]) -> BTreeMap<String, Json> {
    attrs
        .iter()
        .map(|kv| {
            (
                kv.key.clone(),
                kv.value.as_ref().map(to_json).unwrap_or(Json::Null),
            )
        })
        .collect()
}

fn check_record(got: &LogRecord, want: &Json) {
    let seq = &want["seq"];
    assert_eq!(
        Json::from(got.time_unix_nano),
        want["time_unix_nano"],
        "time of {seq}"
    );
    assert_eq!(
        Json::from(got.observed_time_unix_nano),
        want["observed_time_unix_nano"],
        "observed time of {seq}"
    );
    assert_eq!(
        Json::from(got.severity_number),
        want["severity_number"],
        "severity of {seq}"
    );
    assert_eq!(Json::from(got.severity_text.clone()), want["severity_text"]);
    assert_eq!(Json::from(got.event_name.clone()), want["event_name"]);
    assert_eq!(Json::from(hex::encode(&got.trace_id)), want["trace_id"]);
    assert_eq!(Json::from(hex::encode(&got.span_id)), want["span_id"]);
    assert_eq!(Json::from(got.flags & 0xff), want["flags"]);
    assert_eq!(
        got.body.as_ref().map(to_json).unwrap_or(Json::Null),
        want["body"],
        "body of {seq}"
    );
    let attrs: Json = Json::Object(attrs_to_json(&got.attributes).into_iter().collect());
    assert_eq!(attrs, want["attributes"], "attributes of {seq}");
}

fn records_by_service(resource_logs: &[ResourceLogs], service: &str) -> Vec<LogRecord> {
    resource_logs
        .iter()
        .filter(|rl| {
            rl.resource.as_ref().is_some_and(|r| {
                attrs_to_json(&r.attributes).get("service.name") == Some(&Json::from(service))
            })
        })
        .flat_map(|rl| rl.scope_logs.iter())
        .inspect(|sl| {
            let scope = sl.scope.as_ref().expect("scope is kept");
            assert_eq!(
                (scope.name.as_str(), scope.version.as_str()),
                ("audit.sdk.test", "1.2.3")
            );
        })
        .flat_map(|sl| sl.log_records.iter().cloned())
        .collect()
}

#[test]
fn python_sdk_logs_over_grpc_and_http_arrive_field_for_field() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("out.jsonl");
    let (grpc, http) = (free_port(), free_port());
    let mut collector = Collector::start(
        dir.path(),
        &config(grpc, http, out.to_str().expect("utf-8")),
    );
    collector.wait_ready();

    let cases = [
        ("grpc", format!("127.0.0.1:{grpc}")),
        ("http", format!("http://127.0.0.1:{http}/v1/logs")),
    ];
    for (protocol, endpoint) in &cases {
        let expected_path = dir.path().join(format!("expected-{protocol}.json"));
        send_with_sdk(protocol, endpoint, &expected_path);
        let expected: Json =
            serde_json::from_slice(&std::fs::read(&expected_path).expect("expected file"))
                .expect("json");
        let service = format!("sdk-{protocol}");
        let records = wait_for(
            Duration::from_secs(30),
            "all records in the file output",
            || {
                let all: Vec<ResourceLogs> = read_file_export(&out)
                    .into_iter()
                    .flat_map(|r| r.resource_logs)
                    .collect();
                let found = records_by_service(&all, &service);
                (found.len() >= RECORDS_PER_PROTOCOL).then_some(found)
            },
        );
        assert_eq!(
            records.len(),
            RECORDS_PER_PROTOCOL,
            "no duplicates for {protocol}"
        );
        let mut by_user: BTreeMap<String, &LogRecord> = BTreeMap::new();
        for r in &records {
            let attrs = attrs_to_json(&r.attributes);
            let user = attrs
                .get("enduser.id")
                .and_then(Json::as_str)
                .expect("enduser.id")
                .to_string();
            by_user.insert(user, r);
        }
        for want in expected["records"].as_array().expect("records") {
            let user = format!("user-{}", want["seq"]);
            check_record(
                by_user
                    .get(&user)
                    .unwrap_or_else(|| panic!("{user} missing for {protocol}")),
                want,
            );
        }
    }
    assert_eq!(collector.terminate(), 0, "clean exit:\n{}", collector.log());
}
