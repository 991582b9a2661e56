//! OTLP/HTTP load generator for the end-to-end bench: posts CAST AI-like audit records
//! (~560 bytes each) as protobuf requests with a fixed concurrency and reports records/s.
//!
//! Usage: otlp_load URL TOTAL_RECORDS RECORDS_PER_REQUEST CONCURRENCY [plain|castai]
//!
//! `plain` (default) sends finished records (body set, time set); `castai` sends records as
//! CAST AI's receiver emits them (event map in `attributes["event"]`, empty body, time 0),
//! the input of seed 000's transform.

use otelcol_core::pdata::{
    any_value::Value, key_value, string_value, AnyValue, ExportLogsServiceRequest, KeyValue,
    KeyValueList, LogRecord, ResourceLogs, ScopeLogs,
};
use prost::Message;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Instant;

fn kvlist(pairs: Vec<KeyValue>) -> AnyValue {
    AnyValue {
        value: Some(Value::KvlistValue(KeyValueList { values: pairs })),
    }
}

fn audit_record(i: usize) -> LogRecord {
    let event = format!(
        "{{\"cluster\":{{\"id\":\"5d4c3b2a-0000-4000-8000-{i:012}\",\"name\":\"prod-eu-west-1\"}},\"node\":{{\"name\":\"ip-10-0-{}-{}.eu-west-1.compute.internal\",\"instanceType\":\"m6i.large\"}},\"reason\":\"unschedulable pods: 3 pending\"}}",
        i % 250,
        i % 200
    );
    LogRecord {
        time_unix_nano: 1_751_537_704_123_456_000 + i as u64,
        observed_time_unix_nano: 1_751_537_705_000_000_000 + i as u64,
        severity_number: 9,
        severity_text: "INFO".into(),
        body: Some(string_value(event)),
        attributes: vec![
            key_value(
                "id",
                string_value(format!("6f1c2b7e-1d1a-4a5e-9a10-{i:012}")),
            ),
            key_value("eventType", string_value("nodeAdded")),
            key_value(
                "initiatedBy",
                kvlist(vec![
                    key_value("id", string_value("google-oauth2|100123456789")),
                    key_value("name", string_value("CAST AI autoscaler")),
                    key_value("email", string_value("autoscaler@cast.ai")),
                ]),
            ),
            key_value(
                "labels",
                kvlist(vec![key_value("ClusterId", string_value("5d4c3b2a"))]),
            ),
        ],
        ..Default::default()
    }
}

/// The record as CAST AI's receiver emits it: the event under `attributes["event"]`.
fn castai_receiver_record(i: usize) -> LogRecord {
    let event = kvlist(vec![
        key_value(
            "cluster",
            kvlist(vec![
                key_value(
                    "id",
                    string_value(format!("5d4c3b2a-0000-4000-8000-{i:012}")),
                ),
                key_value("name", string_value("prod-eu-west-1")),
            ]),
        ),
        key_value(
            "node",
            kvlist(vec![
                key_value(
                    "name",
                    string_value(format!(
                        "ip-10-0-{}-{}.eu-west-1.compute.internal",
                        i % 250,
                        i % 200
                    )),
                ),
                key_value("instanceType", string_value("m6i.large")),
            ]),
        ),
        key_value("reason", string_value("unschedulable pods: 3 pending")),
    ]);
    let mut record = audit_record(i);
    record.time_unix_nano = 0;
    record.severity_number = 0;
    record.severity_text.clear();
    record.body = None;
    record.attributes.push(key_value("event", event));
    record
}

fn request(start: usize, n: usize, shape: fn(usize) -> LogRecord) -> Vec<u8> {
    ExportLogsServiceRequest {
        resource_logs: vec![ResourceLogs {
            scope_logs: vec![ScopeLogs {
                log_records: (start..start + n).map(shape).collect(),
                ..Default::default()
            }],
            ..Default::default()
        }],
    }
    .encode_to_vec()
}

#[tokio::main]
async fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 5 && args.len() != 6 {
        return Err(
            "usage: otlp_load URL TOTAL_RECORDS RECORDS_PER_REQUEST CONCURRENCY [plain|castai]"
                .into(),
        );
    }
    let shape: fn(usize) -> LogRecord = match args.get(5).map(String::as_str) {
        None | Some("plain") => audit_record,
        Some("castai") => castai_receiver_record,
        Some(other) => return Err(format!("unknown shape {other:?} (plain|castai)")),
    };
    let url = args[1].clone();
    let parse = |s: &str| s.parse::<usize>().map_err(|e| format!("{s}: {e}"));
    let (total, per_request, concurrency) = (parse(&args[2])?, parse(&args[3])?, parse(&args[4])?);
    let requests: Arc<Vec<Vec<u8>>> = Arc::new(
        (0..total / per_request)
            .map(|r| request(r * per_request, per_request, shape))
            .collect(),
    );
    let next = Arc::new(AtomicUsize::new(0));
    let client = reqwest::Client::new();
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..concurrency {
        let (requests, next, client, url) =
            (requests.clone(), next.clone(), client.clone(), url.clone());
        tasks.push(tokio::spawn(async move {
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(body) = requests.get(i) else {
                    return Ok::<(), String>(());
                };
                let resp = client
                    .post(&url)
                    .header("content-type", "application/x-protobuf")
                    .body(body.clone())
                    .send()
                    .await
                    .map_err(|e| e.to_string())?;
                if !resp.status().is_success() {
                    return Err(format!("request {i}: HTTP {}", resp.status()));
                }
            }
        }));
    }
    for t in tasks {
        t.await.map_err(|e| e.to_string())??;
    }
    let secs = started.elapsed().as_secs_f64();
    let sent = requests.len() * per_request;
    println!(
        "records={sent} seconds={secs:.3} records_per_second={:.0}",
        sent as f64 / secs
    );
    Ok(())
}
