//! Ported Go `splitlogs_test.go`: cutting the first N records keeps order, resource and scope,
//! and gives both parts a share of the acks.

use super::tests::texts;
use crate::test_support::resource_logs;
use otelcol_core::pdata::{InstrumentationScope, LogRecord, ResourceLogs};
use otelcol_core::{Ack, AckSet, LogsBatch};

fn records(group: usize, n: usize) -> Vec<LogRecord> {
    (0..n)
        .map(|i| LogRecord {
            severity_text: format!("test-log-int-{group}-{i}"),
            ..Default::default()
        })
        .collect()
}

fn batch(resources: Vec<ResourceLogs>) -> LogsBatch {
    LogsBatch::new(resources, AckSet::none())
}

#[test]
fn split_larger_than_the_batch_takes_everything() {
    let mut ld = batch(vec![resource_logs("r", records(0, 20))]);
    let split = ld.split_off_front(40);
    assert_eq!(split.record_count(), 20);
    assert!(ld.resource_logs.is_empty());
    assert_eq!(
        split.resource_logs[0].resource,
        resource_logs("r", vec![]).resource
    );
}

#[test]
fn repeated_splits_walk_the_records_in_order() {
    let mut ld = batch(vec![resource_logs("r", records(0, 20))]);
    for (i, left) in [15, 10, 5, 0].into_iter().enumerate() {
        let split = ld.split_off_front(5);
        assert_eq!(split.record_count(), 5);
        assert_eq!(ld.record_count(), left);
        let t = texts(std::slice::from_ref(&split));
        assert_eq!(
            t.first().map(String::as_str),
            Some(format!("test-log-int-0-{}", i * 5).as_str())
        );
        assert_eq!(
            t.last().map(String::as_str),
            Some(format!("test-log-int-0-{}", i * 5 + 4).as_str())
        );
        assert_eq!(
            split.resource_logs[0].resource,
            ld_resource(),
            "the resource is copied into the part"
        );
    }
}

fn ld_resource() -> Option<otelcol_core::pdata::Resource> {
    resource_logs("r", vec![]).resource
}

#[test]
fn split_within_the_first_of_several_resources() {
    let mut ld = batch(vec![
        resource_logs("r", records(0, 20)),
        resource_logs("r", records(1, 20)),
    ]);
    let split = ld.split_off_front(5);
    assert_eq!((split.record_count(), ld.record_count()), (5, 35));
    let t = texts(std::slice::from_ref(&split));
    assert_eq!(
        (t[0].as_str(), t[4].as_str()),
        ("test-log-int-0-0", "test-log-int-0-4")
    );
}

#[test]
fn split_across_resources_keeps_each_resource() {
    let mut ld = batch(vec![
        resource_logs("r", records(0, 20)),
        resource_logs("r", records(1, 20)),
    ]);
    let split = ld.split_off_front(25);
    assert_eq!((split.record_count(), ld.record_count()), (25, 15));
    assert_eq!((split.resource_logs.len(), ld.resource_logs.len()), (2, 1));
    let t = texts(std::slice::from_ref(&split));
    assert_eq!(
        (t[0].as_str(), t[19].as_str()),
        ("test-log-int-0-0", "test-log-int-0-19")
    );
    assert_eq!(
        (t[20].as_str(), t[24].as_str()),
        ("test-log-int-1-0", "test-log-int-1-4")
    );
}

#[test]
fn split_across_scopes_keeps_each_scope() {
    let mut rl = resource_logs("r", records(0, 20));
    for group in 1..3 {
        let mut sl = rl.scope_logs[0].clone();
        sl.scope = Some(InstrumentationScope {
            name: format!("scope{group}"),
            ..Default::default()
        });
        sl.log_records = records(group, 20);
        rl.scope_logs.push(sl);
    }
    let mut ld = batch(vec![rl]);
    let split = ld.split_off_front(40);
    assert_eq!((split.record_count(), ld.record_count()), (40, 20));
    assert_eq!(split.resource_logs[0].scope_logs.len(), 2);
    assert_eq!(
        split.resource_logs[0].scope_logs[1]
            .scope
            .as_ref()
            .map(|s| s.name.as_str()),
        Some("scope1")
    );
    assert_eq!(
        ld.resource_logs[0].scope_logs[0]
            .scope
            .as_ref()
            .map(|s| s.name.as_str()),
        Some("scope2")
    );
}

#[tokio::test]
async fn both_parts_of_a_split_hold_the_ack() {
    let (ack, waiter) = Ack::new();
    let mut ld = LogsBatch::new(
        vec![resource_logs("r", records(0, 10))],
        AckSet::single(ack),
    );
    let head = ld.split_off_front(4);
    head.deliver();
    ld.fail("exporter down");
    assert!(!waiter.outcome().await.is_delivered());
}
