//! Timer mode on paused tokio time: the runtime calls `on_deadline` once `next_deadline` is
//! reached (Go `TestBatchLogsProcessor_Timeout` and the timer reset rules).

use super::tests::{create, flush, process, request};
use otelcol_core::{LogsBatch, Processor, ProcessorOutput};
use serde_json::json;
use std::time::Duration;
use tokio::time::{advance, Instant};

/// What the runtime does: wait until the deadline, then call `on_deadline`.
async fn run_timer(p: &mut Box<dyn Processor>) -> Vec<LogsBatch> {
    let Some(deadline) = p.next_deadline() else {
        return Vec::new();
    };
    tokio::time::sleep_until(deadline).await;
    let mut out = ProcessorOutput::default();
    p.on_deadline(&mut out);
    out.take()
}

#[tokio::test(start_paused = true)]
async fn timeout_sends_what_arrived_within_it() {
    let start = Instant::now();
    let mut p = create(json!({"timeout": "100ms", "send_batch_size": 100})).expect("valid");
    for r in 0..5 {
        assert!(process(&mut p, request(r, 10).0).is_empty());
    }
    assert_eq!(p.next_deadline(), Some(start + Duration::from_millis(100)));
    let got = run_timer(&mut p).await;
    assert!(Instant::now() >= start + Duration::from_millis(100));
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].record_count(), 50);
    assert_eq!(got[0].resource_logs.len(), 5);
    assert_eq!(p.next_deadline(), None, "nothing is held");
    assert!(flush(&mut p).is_empty());
}

#[tokio::test(start_paused = true)]
async fn deadline_before_expiry_sends_nothing() {
    let mut p = create(json!({"timeout": "1s", "send_batch_size": 100})).expect("valid");
    process(&mut p, request(0, 3).0);
    advance(Duration::from_millis(999)).await;
    let mut out = ProcessorOutput::default();
    p.on_deadline(&mut out);
    assert!(out.is_empty());
    advance(Duration::from_millis(1)).await;
    p.on_deadline(&mut out);
    assert_eq!(out.take().len(), 1);
}

#[tokio::test(start_paused = true)]
async fn a_size_send_resets_the_timer() {
    let start = Instant::now();
    let mut p = create(json!({"timeout": "100ms", "send_batch_size": 10})).expect("valid");
    process(&mut p, request(0, 5).0);
    advance(Duration::from_millis(50)).await;
    assert_eq!(
        process(&mut p, request(1, 7).0).len(),
        1,
        "12 records reach the size"
    );
    process(&mut p, request(2, 3).0);
    assert_eq!(p.next_deadline(), Some(start + Duration::from_millis(150)));
}

#[tokio::test(start_paused = true)]
async fn an_idle_timer_keeps_ticking_like_go() {
    let start = Instant::now();
    let mut p = create(json!({"timeout": "100ms", "send_batch_size": 100})).expect("valid");
    process(&mut p, request(0, 1).0);
    assert_eq!(run_timer(&mut p).await.len(), 1);
    advance(Duration::from_millis(250)).await;
    process(&mut p, request(1, 1).0);
    assert_eq!(
        p.next_deadline(),
        Some(start + Duration::from_millis(400)),
        "the timer was reset at 100ms and ticked idle at 200ms and 300ms"
    );
}

#[tokio::test(start_paused = true)]
async fn each_expiry_sends_and_then_waits_a_full_timeout_again() {
    let start = Instant::now();
    let mut p = create(json!({"timeout": "100ms", "send_batch_size": 100})).expect("valid");
    process(&mut p, request(0, 5).0);
    assert_eq!(run_timer(&mut p).await.len(), 1);
    advance(Duration::from_millis(20)).await;
    process(&mut p, request(1, 5).0);
    assert_eq!(p.next_deadline(), Some(start + Duration::from_millis(200)));
    let got = run_timer(&mut p).await;
    assert_eq!(got.iter().map(LogsBatch::record_count).sum::<usize>(), 5);
}
