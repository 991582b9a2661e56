//! Batch processor throughput: 100-record input batches merged toward `send_batch_size: 8192`
//! and split to `send_batch_max_size: 1000`, acks included (records/s).

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use otelcol_core::pdata::{
    key_value, string_value, AnyValue, InstrumentationScope, LogRecord, Resource, ResourceLogs,
    ScopeLogs,
};
use otelcol_core::{Ack, AckSet, LogsBatch, Processor, ProcessorOutput, Telemetry};
use otelcol_processors::batch::{BatchConfig, BatchProcessor};
use std::hint::black_box;

const RECORDS_PER_INPUT: usize = 100;
const INPUTS: usize = 164; // 16_400 records: two size triggers plus a remainder for flush

fn input(n: usize) -> LogsBatch {
    let records = (0..RECORDS_PER_INPUT)
        .map(|i| LogRecord {
            time_unix_nano: (n * RECORDS_PER_INPUT + i) as u64,
            severity_number: 9,
            severity_text: "INFO".into(),
            body: Some(string_value(format!(
                "audit event {n}-{i}: user alice changed policy p-17"
            ))),
            attributes: vec![
                key_value("event.id", string_value(format!("e-{n}-{i}"))),
                key_value(
                    "status",
                    AnyValue {
                        value: Some(otelcol_core::pdata::any_value::Value::IntValue(200)),
                    },
                ),
            ],
            ..Default::default()
        })
        .collect();
    let rl = ResourceLogs {
        resource: Some(Resource {
            attributes: vec![key_value("service.name", string_value("castai-audit"))],
            ..Default::default()
        }),
        scope_logs: vec![ScopeLogs {
            scope: Some(InstrumentationScope {
                name: "audit".into(),
                ..Default::default()
            }),
            log_records: records,
            schema_url: String::new(),
        }],
        schema_url: String::new(),
    };
    let (ack, waiter) = Ack::new();
    drop(waiter);
    LogsBatch::new(vec![rl], AckSet::single(ack))
}

fn split_merge(c: &mut Criterion) {
    let cfg = BatchConfig {
        send_batch_size: 8192,
        send_batch_max_size: 1000,
        ..BatchConfig::default()
    };
    let mut group = c.benchmark_group("batch");
    group.throughput(Throughput::Elements((INPUTS * RECORDS_PER_INPUT) as u64));
    group.bench_function("100_record_inputs_to_8192_max_1000", |b| {
        b.iter_batched(
            || (0..INPUTS).map(input).collect::<Vec<_>>(),
            |inputs| {
                let mut p = BatchProcessor::new(&cfg, &Telemetry::default(), "batch");
                let mut out = ProcessorOutput::default();
                let mut sent = 0;
                for batch in inputs {
                    p.process(batch, &mut out);
                    for b in out.take() {
                        sent += b.record_count();
                        b.deliver();
                    }
                }
                p.flush(&mut out);
                for b in out.take() {
                    sent += b.record_count();
                    b.deliver();
                }
                assert_eq!(sent, INPUTS * RECORDS_PER_INPUT);
                black_box(sent)
            },
            BatchSize::LargeInput,
        );
    });
    group.finish();
}

criterion_group!(benches, split_merge);
criterion_main!(benches);
