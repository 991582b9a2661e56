//! `batch` config, size trigger, no-timer mode and shutdown flush; ported from Go
//! `batch_processor_test.go` (the log cases, and the trace cases that apply to logs).

use super::{BatchConfig, BatchProcessorFactory};
use crate::test_support::{conf, create_context, resource_logs};
use otelcol_core::pdata::LogRecord;
use otelcol_core::{
    decode_config, Ack, AckSet, AckWaiter, CreateError, LogsBatch, Processor, ProcessorFactory,
    ProcessorOutput,
};
use serde_json::json;

pub(super) fn create(cfg: serde_json::Value) -> Result<Box<dyn Processor>, CreateError> {
    BatchProcessorFactory.create(&create_context("batch"), &conf(cfg))
}

/// Request `request` of `n` records (severity text `test-log-int-<request>-<i>`), with an ack.
pub(super) fn request(request: usize, n: usize) -> (LogsBatch, AckWaiter) {
    let records = (0..n)
        .map(|i| LogRecord {
            severity_text: format!("test-log-int-{request}-{i}"),
            ..Default::default()
        })
        .collect();
    let (ack, waiter) = Ack::new();
    (
        LogsBatch::new(vec![resource_logs("svc", records)], AckSet::single(ack)),
        waiter,
    )
}

pub(super) fn process(p: &mut Box<dyn Processor>, batch: LogsBatch) -> Vec<LogsBatch> {
    let mut out = ProcessorOutput::default();
    p.process(batch, &mut out);
    out.take()
}

pub(super) fn flush(p: &mut Box<dyn Processor>) -> Vec<LogsBatch> {
    let mut out = ProcessorOutput::default();
    p.flush(&mut out);
    out.take()
}

/// Severity texts of every record, in order.
pub(super) fn texts(batches: &[LogsBatch]) -> Vec<String> {
    batches
        .iter()
        .flat_map(|b| &b.resource_logs)
        .flat_map(|rl| &rl.scope_logs)
        .flat_map(|sl| &sl.log_records)
        .map(|r| r.severity_text.clone())
        .collect()
}

#[test]
fn factory_names_the_batch_type() {
    let info = BatchProcessorFactory.info();
    assert_eq!((info.type_name, info.stability.as_str()), ("batch", "Beta"));
}

#[test]
fn empty_config_gives_the_go_defaults() {
    let cfg: BatchConfig = decode_config(&conf(json!(null))).expect("decodes");
    assert_eq!(cfg, BatchConfig::default());
    assert_eq!(cfg.timeout.as_std(), std::time::Duration::from_millis(200));
    assert_eq!(
        (
            cfg.send_batch_size,
            cfg.send_batch_max_size,
            cfg.metadata_cardinality_limit
        ),
        (8192, 0, 1000)
    );
    let cfg: BatchConfig =
        decode_config(&conf(json!({"timeout": "1s", "metadata_keys": ["a"]}))).expect("decodes");
    assert_eq!(cfg.timeout.as_std(), std::time::Duration::from_secs(1));
    assert_eq!(cfg.send_batch_size, 8192);
}

#[test]
fn invalid_configs_are_refused_with_the_go_wording() {
    let rows = [
        (
            json!({"send_batch_size": 100, "send_batch_max_size": 10}),
            "send_batch_max_size must be greater or equal to send_batch_size",
        ),
        (
            json!({"metadata_keys": ["myTOKEN", "mytoken"]}),
            "duplicate entry in metadata_keys: \"mytoken\" (case-insensitive)",
        ),
        (
            json!({"timeout": "-1s"}),
            "timeout must be greater or equal to 0",
        ),
    ];
    for (cfg, want) in rows {
        assert_eq!(create(cfg).err().expect("must fail").to_string(), want);
    }
    assert!(
        create(json!({"send_batch_size": 10, "send_batch_max_size": 0})).is_ok(),
        "max 0 means unlimited"
    );
    assert!(
        create(json!({"sendbatchsize": 10})).is_err(),
        "unknown keys are refused"
    );
}

#[test]
fn every_record_is_delivered_once_in_order() {
    let mut p = create(json!({"timeout": "200ms", "send_batch_size": 50})).expect("valid");
    let mut sent = Vec::new();
    let mut got = Vec::new();
    for r in 0..100 {
        let (batch, _waiter) = request(r, 5);
        sent.extend(texts(std::slice::from_ref(&batch)));
        got.extend(process(&mut p, batch));
    }
    got.extend(process(&mut p, LogsBatch::default()));
    got.extend(flush(&mut p));
    assert_eq!(texts(&got), sent);
}

#[test]
fn size_trigger_sends_full_batches_of_whole_requests() {
    let mut p = create(json!({"timeout": "100ms", "send_batch_size": 50})).expect("valid");
    let mut got = Vec::new();
    for r in 0..100 {
        got.extend(process(&mut p, request(r, 5).0));
    }
    assert!(
        flush(&mut p).is_empty(),
        "500 records are exactly 10 batches of 50"
    );
    assert_eq!(got.len(), 10);
    for batch in &got {
        assert_eq!(batch.record_count(), 50);
        assert_eq!(
            batch.resource_logs.len(),
            10,
            "input resources are appended, not merged"
        );
    }
}

#[test]
fn size_trigger_with_max_size_sends_max_size_chunks() {
    let mut p = create(json!({"send_batch_size": 128, "send_batch_max_size": 130})).expect("valid");
    let mut got = Vec::new();
    for r in 0..1000 {
        got.extend(process(&mut p, request(r, 150).0));
    }
    got.extend(flush(&mut p));
    let total: usize = got.iter().map(LogsBatch::record_count).sum();
    assert_eq!(total, 150_000);
    let (last, full) = got.split_last().expect("batches");
    assert!(full.iter().all(|b| b.record_count() == 130));
    assert_eq!(last.record_count(), 150_000 % 130);
}

#[test]
fn one_large_request_is_split_to_max_size() {
    let mut p =
        create(json!({"send_batch_size": 20, "send_batch_max_size": 37, "timeout": "500ms"}))
            .expect("valid");
    let mut got = process(&mut p, request(0, 500).0);
    got.extend(flush(&mut p));
    assert_eq!(got.len(), 500usize.div_ceil(37));
    assert!(got[..got.len() - 1].iter().all(|b| b.record_count() == 37));
    assert_eq!(got.last().map(LogsBatch::record_count), Some(500 % 37));
}

#[test]
fn shutdown_flushes_what_the_timer_still_holds() {
    let mut p = create(json!({"timeout": "3s", "send_batch_size": 1000})).expect("valid");
    for r in 0..5 {
        assert!(process(&mut p, request(r, 10).0).is_empty());
    }
    let got = flush(&mut p);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].record_count(), 50);
    assert!(flush(&mut p).is_empty(), "nothing is sent twice");
}

#[test]
fn zero_config_passes_each_request_through() {
    let mut p =
        create(json!({"timeout": 0, "send_batch_size": 0, "metadata_cardinality_limit": 0}))
            .expect("valid");
    for r in 0..5 {
        let got = process(&mut p, request(r, 10 + r).0);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].resource_logs.len(), 1);
        assert_eq!(got[0].record_count(), 10 + r);
    }
    assert_eq!(p.next_deadline(), None);
}

#[test]
fn split_only_config_cuts_every_request_to_max_size() {
    let mut p = create(json!({"timeout": 0, "send_batch_size": 0, "send_batch_max_size": 10}))
        .expect("valid");
    let mut got = Vec::new();
    for r in 0..5 {
        got.extend(process(&mut p, request(r, 100).0));
    }
    assert_eq!(got.len(), 50);
    assert!(got.iter().all(|b| b.record_count() == 10));
}

#[tokio::test]
async fn empty_requests_are_acknowledged_at_once() {
    let mut p = create(json!({})).expect("valid");
    let (ack, waiter) = Ack::new();
    let got = process(&mut p, LogsBatch::new(vec![], AckSet::single(ack)));
    assert!(got.is_empty());
    assert!(waiter.outcome().await.is_delivered());
}

#[tokio::test]
async fn export_failure_flows_back_to_the_sender() {
    let mut p = create(json!({"send_batch_size": 4, "timeout": "1s"})).expect("valid");
    let (a, wa) = request(0, 3);
    let (b, wb) = request(1, 3);
    let (c, wc) = request(2, 2);
    assert!(process(&mut p, a).is_empty());
    let first = process(&mut p, b);
    assert_eq!(first.len(), 1, "3 + 3 records reach send_batch_size 4");
    let mut rest = process(&mut p, c);
    rest.extend(flush(&mut p));
    for out in first {
        out.fail("exporter otlp_http: 400 Bad Request");
    }
    for out in rest {
        out.deliver();
    }
    assert!(
        !wa.outcome().await.is_delivered(),
        "a was in the failed batch"
    );
    assert!(
        !wb.outcome().await.is_delivered(),
        "b was in the failed batch"
    );
    assert!(
        wc.outcome().await.is_delivered(),
        "c was only in the delivered batch"
    );
}
