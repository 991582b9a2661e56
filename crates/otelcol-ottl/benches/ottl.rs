//! Seed 000's three statements over CAST AI-shaped records, through the compiled OTTL
//! evaluator, next to a hand-written Rust function making the same three changes (the floor).

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use otelcol_core::pdata::{
    any_value, AnyValue, KeyValue, KeyValueList, LogRecord, ResourceLogs, ScopeLogs,
};
use otelcol_core::pvalue;
use otelcol_ottl::{compile_group, execute_statements, ContextName, ErrorMode, EvalContext, Group};

const SEED: [&str; 3] = [
    r#"set(body, String(attributes["event"])) where IsMap(attributes["event"])"#,
    r#"delete_key(attributes, "event") where IsMap(attributes)"#,
    "set(time, observed_time)",
];

fn s(v: &str) -> AnyValue {
    AnyValue {
        value: Some(any_value::Value::StringValue(v.to_string())),
    }
}

fn kv(k: &str, v: AnyValue) -> KeyValue {
    KeyValue {
        key: k.to_string(),
        value: Some(v),
        ..Default::default()
    }
}

fn map(entries: Vec<KeyValue>) -> AnyValue {
    AnyValue {
        value: Some(any_value::Value::KvlistValue(KeyValueList {
            values: entries,
        })),
    }
}

/// One CAST AI receiver record: the audit event in `attributes["event"]`, body empty, time 0.
fn castai_record(n: usize) -> LogRecord {
    LogRecord {
        observed_time_unix_nano: 1_751_537_704_000_000_000 + n as u64,
        attributes: vec![
            kv("id", s(&format!("824e7a47-b8e3-430e-8a7d-{n:012}"))),
            kv("eventType", s("clusterDeleted")),
            kv(
                "initiatedBy",
                map(vec![
                    kv("id", s("google-oauth2|1001")),
                    kv("name", s("Jane Doe")),
                    kv("email", s("jane@example.com")),
                ]),
            ),
            kv(
                "labels",
                map(vec![kv(
                    "clusterId",
                    s("1e6e37e0-7a06-4fde-8eb0-019ae8b1cf4f"),
                )]),
            ),
            kv(
                "event",
                map(vec![kv(
                    "cluster",
                    map(vec![
                        kv("id", s("1e6e37e0-7a06-4fde-8eb0-019ae8b1cf4f")),
                        kv("name", s("prod-eu-1")),
                        kv("providerType", s("gke")),
                        kv("region", s("europe-west1")),
                        kv(
                            "cloudCredentialsIDs",
                            s("b72c816f-5b46-4aa2-b832-a834e0a75e30"),
                        ),
                    ]),
                )]),
            ),
        ],
        ..Default::default()
    }
}

/// `records` records, one resource per record as the CAST AI receiver emits them.
fn batch(records: usize) -> Vec<ResourceLogs> {
    (0..records)
        .map(|n| ResourceLogs {
            resource: None,
            scope_logs: vec![ScopeLogs {
                scope: None,
                log_records: vec![castai_record(n)],
                schema_url: String::new(),
            }],
            schema_url: String::new(),
        })
        .collect()
}

fn run_ottl(group: &Group, rls: &mut [ResourceLogs], cache: &mut Vec<KeyValue>) {
    for rl in rls.iter_mut() {
        for sl in rl.scope_logs.iter_mut() {
            for record in sl.log_records.iter_mut() {
                cache.clear();
                let mut ctx = EvalContext::log(
                    &mut rl.resource,
                    &mut rl.schema_url,
                    &mut sl.scope,
                    &mut sl.schema_url,
                    record,
                    cache,
                );
                let _ = execute_statements(&group.statements, ErrorMode::Ignore, &mut ctx);
            }
        }
    }
}

/// The same three changes written by hand.
fn floor(rls: &mut [ResourceLogs]) {
    for record in rls
        .iter_mut()
        .flat_map(|rl| rl.scope_logs.iter_mut())
        .flat_map(|sl| sl.log_records.iter_mut())
    {
        let event = record
            .attributes
            .iter()
            .find(|kv| kv.key == "event")
            .and_then(|kv| kv.value.as_ref())
            .and_then(|v| v.value.as_ref());
        if let Some(any_value::Value::KvlistValue(m)) = event {
            if let Some(json) = pvalue::map_json(&m.values, true) {
                record.body = Some(s(&json));
            }
        }
        record.attributes.retain(|kv| kv.key != "event");
        record.time_unix_nano = record.observed_time_unix_nano;
    }
}

fn bench_seed000(c: &mut Criterion) {
    let texts: Vec<String> = SEED.iter().map(|s| s.to_string()).collect();
    let group = compile_group(&texts, &[], Some(ContextName::Log)).expect("seed 000 compiles");
    let mut g = c.benchmark_group("seed000");
    for records in [1_000usize, 100_000, 1_000_000] {
        let input = batch(records);
        g.throughput(Throughput::Elements(records as u64));
        if records > 1_000 {
            g.sample_size(10);
        }
        if records >= 1_000_000 {
            // One iteration takes seconds; ten samples of one iteration each.
            g.measurement_time(std::time::Duration::from_secs(30));
        }
        g.bench_function(format!("ottl/{records}"), |b| {
            let mut cache = Vec::new();
            b.iter_batched(
                || input.clone(),
                |mut rls| {
                    run_ottl(&group, &mut rls, &mut cache);
                    rls
                },
                BatchSize::LargeInput,
            )
        });
        g.bench_function(format!("floor/{records}"), |b| {
            b.iter_batched(
                || input.clone(),
                |mut rls| {
                    floor(&mut rls);
                    rls
                },
                BatchSize::LargeInput,
            )
        });
    }
    g.finish();
}

criterion_group!(benches, bench_seed000);
criterion_main!(benches);
