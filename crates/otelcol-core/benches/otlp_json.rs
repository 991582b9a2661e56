//! Criterion benches: OTLP/JSON encode and decode of 100 and 1000 CAST-AI-like audit log records.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use opentelemetry_proto::tonic::common::v1::{
    any_value::Value, AnyValue, InstrumentationScope, KeyValue, KeyValueList,
};
use opentelemetry_proto::tonic::logs::v1::{LogRecord, ResourceLogs, ScopeLogs};
use opentelemetry_proto::tonic::resource::v1::Resource;
use otelcol_core::otlp_json::{decode_logs_request, encode_logs_request};

fn kv(key: &str, value: Value) -> KeyValue {
    KeyValue {
        key: key.into(),
        value: Some(AnyValue { value: Some(value) }),
        ..Default::default()
    }
}

fn st(s: &str) -> Value {
    Value::StringValue(s.into())
}

fn map(entries: Vec<KeyValue>) -> Value {
    Value::KvlistValue(KeyValueList { values: entries })
}

/// One audit event as the pipeline of peer-figures.md leaves it: id, eventType, initiatedBy and
/// labels as attributes, the event as the body (sorted-key JSON text for even `i`, a kvlist for
/// odd `i`), event time and observed time set.
fn audit_record(i: u64) -> LogRecord {
    let cluster = format!("1e6e37e0-7a06-4fde-8eb0-{:012x}", i % 7);
    let event_json = format!(
        r#"{{"cluster":{{"id":"{cluster}","name":"prod-eu-{}","providerType":"gke","region":"europe-west1"}},"node":"gke-prod-pool-{i:05}","reason":"spot interruption"}}"#,
        i % 7
    );
    let body = if i % 2 == 1 {
        map(vec![
            kv(
                "cluster",
                map(vec![
                    kv("id", st(&cluster)),
                    kv("name", st(&format!("prod-eu-{}", i % 7))),
                    kv("providerType", st("gke")),
                    kv("region", st("europe-west1")),
                ]),
            ),
            kv("node", st(&format!("gke-prod-pool-{i:05}"))),
            kv("reason", st("spot interruption")),
        ])
    } else {
        st(&event_json)
    };
    LogRecord {
        time_unix_nano: 1_751_537_704_123_456_000 + i * 1_000_000,
        observed_time_unix_nano: 1_751_537_710_000_000_000 + i * 1_000,
        body: Some(AnyValue { value: Some(body) }),
        attributes: vec![
            kv("id", st(&format!("824e7a47-b8e3-430e-8a7d-{i:012x}"))),
            kv("eventType", st("nodeInterrupted")),
            kv(
                "initiatedBy",
                map(vec![
                    kv("id", st("google-oauth2|100123456789012345678")),
                    kv("name", st("Jane Doe")),
                    kv("email", st("jane@example.com")),
                ]),
            ),
            kv("labels", map(vec![kv("clusterId", st(&cluster))])),
        ],
        ..Default::default()
    }
}

fn batch(n: u64) -> Vec<ResourceLogs> {
    vec![ResourceLogs {
        resource: Some(Resource {
            attributes: vec![kv("service.name", st("castai-audit-logs"))],
            ..Default::default()
        }),
        scope_logs: vec![ScopeLogs {
            scope: Some(InstrumentationScope {
                name: "castai_audit_logs".into(),
                version: "0.1.0".into(),
                ..Default::default()
            }),
            log_records: (0..n).map(audit_record).collect(),
            ..Default::default()
        }],
        ..Default::default()
    }]
}

fn bench(c: &mut Criterion) {
    for n in [100u64, 1000] {
        let logs = batch(n);
        let mut json = Vec::new();
        encode_logs_request(&logs, &mut json);
        eprintln!(
            "otlp_json batch of {n}: {} bytes of OTLP/JSON, {} bytes per record",
            json.len(),
            json.len() as u64 / n
        );

        let mut group = c.benchmark_group("otlp_json");
        group.throughput(Throughput::Bytes(json.len() as u64));
        let mut out = Vec::with_capacity(json.len());
        group.bench_with_input(BenchmarkId::new("encode", n), &logs, |b, logs| {
            b.iter(|| {
                out.clear();
                encode_logs_request(black_box(logs), &mut out);
                black_box(out.len())
            })
        });
        group.bench_with_input(BenchmarkId::new("decode", n), &json, |b, json| {
            b.iter(|| decode_logs_request(black_box(json)).map(|r| r.resource_logs.len()))
        });
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
