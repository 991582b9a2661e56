//! The in-memory `sending_queue`: bounded in its sizer's unit, refusing or blocking when full,
//! `num_consumers` concurrent sends, acks resolved only at delivery, draining at shutdown.

use super::test_support::*;
use super::{encoded_len, ExporterHelperSettings, QueueConfig, RetryConfig};
use crate::ack::AckOutcome;
use crate::host::Host;
use crate::AckSet;
use std::sync::atomic::Ordering;
use std::time::Duration;

fn queue(size: i64, sizer: &str, consumers: usize, block: bool) -> ExporterHelperSettings {
    ExporterHelperSettings {
        queue: QueueConfig {
            queue_size: size,
            sizer: sizer.into(),
            num_consumers: consumers,
            block_on_overflow: block,
            ..QueueConfig::default()
        },
        retry: RetryConfig::disabled(),
        timeout: None,
    }
}

#[tokio::test(start_paused = true)]
async fn memory_queue_acks_resolve_only_once_delivered() {
    let exporter = ScriptedExporter::new(queue(10, "requests", 1, false));
    exporter.hold();
    let h = Harness::start(exporter.clone(), &Host::default())
        .await
        .expect("starts");
    let outcome = h.send(&["a"]).await;
    eventually("the export to start", || exporter.attempt_count() == 1).await;
    tokio::time::sleep(Duration::from_secs(60)).await;
    assert!(!outcome.is_finished(), "queued is not delivered");
    exporter.release();
    assert_eq!(outcome.await.expect("outcome"), AckOutcome::Delivered);
}

#[tokio::test(start_paused = true)]
async fn full_queue_refuses_at_once_with_sending_queue_is_full() {
    let exporter = ScriptedExporter::new(queue(2, "requests", 1, false));
    exporter.hold();
    let h = Harness::start(exporter.clone(), &Host::default())
        .await
        .expect("starts");
    let in_flight = h.send(&["1"]).await;
    let queued = h.send(&["2"]).await;
    let refused = h.send(&["3", "3b"]).await;
    assert_eq!(
        refused.await.expect("outcome"),
        AckOutcome::Failed("exporter sink: sending queue is full".into())
    );
    assert_eq!(
        h.metric("otelcol_exporter_enqueue_failed_log_records_total"),
        Some(2)
    );
    assert_eq!(h.metric("otelcol_exporter_queue_size"), Some(2));
    exporter.release();
    assert!(in_flight.await.expect("outcome").is_delivered());
    assert!(queued.await.expect("outcome").is_delivered());
    assert_eq!(exporter.delivered(), vec!["1", "2"]);
}

#[tokio::test(start_paused = true)]
async fn full_queue_with_block_on_overflow_waits_for_space() {
    let exporter = ScriptedExporter::new(queue(2, "requests", 1, true));
    exporter.hold();
    let h = Harness::start(exporter.clone(), &Host::default())
        .await
        .expect("starts");
    let first = h.send(&["1"]).await;
    let second = h.send(&["2"]).await;
    let third = h.send(&["3"]).await;
    tokio::time::sleep(Duration::from_secs(60)).await;
    assert!(!third.is_finished(), "the sender waits, nothing is refused");
    assert_eq!(
        h.metric("otelcol_exporter_enqueue_failed_log_records_total"),
        Some(0)
    );
    exporter.release();
    for outcome in [first, second, third] {
        assert!(outcome.await.expect("outcome").is_delivered());
    }
    assert_eq!(exporter.delivered(), vec!["1", "2", "3"]);
}

#[tokio::test(start_paused = true)]
async fn deprecated_blocking_key_also_waits_for_space() {
    let mut settings = queue(1, "requests", 1, false);
    settings.queue.blocking = Some(true);
    let exporter = ScriptedExporter::new(settings);
    exporter.hold();
    let h = Harness::start(exporter.clone(), &Host::default())
        .await
        .expect("starts");
    let first = h.send(&["1"]).await;
    let second = h.send(&["2"]).await;
    tokio::time::sleep(Duration::from_secs(5)).await;
    assert!(!second.is_finished());
    exporter.release();
    assert!(first.await.expect("outcome").is_delivered());
    assert!(second.await.expect("outcome").is_delivered());
}

#[tokio::test(start_paused = true)]
async fn items_sizer_bounds_the_number_of_log_records() {
    let exporter = ScriptedExporter::new(queue(5, "items", 1, false));
    exporter.hold();
    let h = Harness::start(exporter.clone(), &Host::default())
        .await
        .expect("starts");
    let three = h.send(&["a", "b", "c"]).await;
    let two = h.send(&["d", "e"]).await;
    let one = h.send(&["f"]).await;
    assert_eq!(
        one.await.expect("outcome"),
        AckOutcome::Failed("exporter sink: sending queue is full".into())
    );
    assert_eq!(h.metric("otelcol_exporter_queue_size"), Some(5));
    assert_eq!(h.metric("otelcol_exporter_queue_capacity"), Some(5));
    exporter.release();
    assert!(three.await.expect("outcome").is_delivered());
    assert!(two.await.expect("outcome").is_delivered());
    eventually("the queue to empty", || {
        h.metric("otelcol_exporter_queue_size") == Some(0)
    })
    .await;
}

#[tokio::test(start_paused = true)]
async fn bytes_sizer_bounds_the_encoded_request_size() {
    let one_batch = encoded_len(&batch_of(&["0123456789"], AckSet::none()).resource_logs) as i64;
    let exporter = ScriptedExporter::new(queue(one_batch * 3 / 2, "bytes", 1, false));
    exporter.hold();
    let h = Harness::start(exporter.clone(), &Host::default())
        .await
        .expect("starts");
    let fits = h.send(&["0123456789"]).await;
    let refused = h.send(&["9876543210"]).await;
    assert_eq!(
        refused.await.expect("outcome"),
        AckOutcome::Failed("exporter sink: sending queue is full".into())
    );
    assert_eq!(h.metric("otelcol_exporter_queue_size"), Some(one_batch));
    exporter.release();
    assert!(fits.await.expect("outcome").is_delivered());
}

#[tokio::test(start_paused = true)]
async fn a_batch_larger_than_the_whole_queue_is_refused_even_when_blocking() {
    let exporter = ScriptedExporter::new(queue(2, "items", 1, true));
    let h = Harness::start(exporter.clone(), &Host::default())
        .await
        .expect("starts");
    let outcome = h.send(&["a", "b", "c"]).await.await.expect("outcome");
    assert_eq!(
        outcome,
        AckOutcome::Failed("exporter sink: element size too large".into())
    );
    assert!(h
        .send(&["small"])
        .await
        .await
        .expect("outcome")
        .is_delivered());
}

#[tokio::test(start_paused = true)]
async fn num_consumers_bounds_concurrent_exports() {
    let exporter = ScriptedExporter::new(queue(100, "requests", 3, false));
    *lock(&exporter.latency) = Duration::from_millis(100);
    let h = Harness::start(exporter.clone(), &Host::default())
        .await
        .expect("starts");
    let mut outcomes = Vec::new();
    for i in 0..12 {
        outcomes.push(h.send(&[&i.to_string()]).await);
    }
    for outcome in outcomes {
        assert!(outcome.await.expect("outcome").is_delivered());
    }
    assert_eq!(exporter.max_in_flight.load(Ordering::SeqCst), 3);
    assert_eq!(exporter.delivered().len(), 12);
}

#[tokio::test(start_paused = true)]
async fn one_consumer_exports_in_enqueue_order() {
    let exporter = ScriptedExporter::new(queue(100, "requests", 1, false));
    let h = Harness::start(exporter.clone(), &Host::default())
        .await
        .expect("starts");
    let mut outcomes = Vec::new();
    for body in ["a", "b", "c", "d"] {
        outcomes.push(h.send(&[body]).await);
    }
    for outcome in outcomes {
        assert!(outcome.await.expect("outcome").is_delivered());
    }
    assert_eq!(exporter.delivered(), vec!["a", "b", "c", "d"]);
}

#[tokio::test(start_paused = true)]
async fn shutdown_drains_the_memory_queue_before_the_task_ends() {
    let exporter = ScriptedExporter::new(queue(100, "requests", 2, false));
    *lock(&exporter.latency) = Duration::from_secs(1);
    let h = Harness::start(exporter.clone(), &Host::default())
        .await
        .expect("starts");
    let mut outcomes = Vec::new();
    for i in 0..8 {
        outcomes.push(h.send(&[&format!("r{i}")]).await);
    }
    h.stop(Duration::from_secs(30)).await;
    for outcome in outcomes {
        assert!(outcome.is_finished());
        assert!(outcome.await.expect("outcome").is_delivered());
    }
    assert_eq!(exporter.delivered().len(), 8);
}

#[tokio::test(start_paused = true)]
async fn data_still_queued_at_the_shutdown_deadline_fails_its_acks() {
    let exporter = ScriptedExporter::new(queue(100, "requests", 1, false));
    exporter.hold();
    let h = Harness::start(exporter.clone(), &Host::default())
        .await
        .expect("starts");
    let stuck = h.send(&["stuck"]).await;
    let waiting = h.send(&["waiting"]).await;
    h.stop(Duration::from_secs(30)).await;
    assert_eq!(
        stuck.await.expect("outcome"),
        AckOutcome::Failed(
            "exporter sink: interrupted due to shutdown: the export attempt was abandoned at the shutdown deadline"
                .into()
        )
    );
    let AckOutcome::Failed(msg) = waiting.await.expect("outcome") else {
        panic!("queued data is not reported delivered");
    };
    assert!(
        msg.starts_with("exporter sink: interrupted due to shutdown"),
        "{msg}"
    );
}

#[tokio::test(start_paused = true)]
async fn final_failure_in_the_queue_is_logged_as_dropping_data() {
    let logs = LogCapture::default();
    let _guard = logs.install();
    let exporter = ScriptedExporter::new(queue(10, "requests", 1, false));
    exporter.always(Err(crate::ExportError::Permanent(
        "HTTP 401 Unauthorized".into(),
    )));
    let h = Harness::start(exporter.clone(), &Host::default())
        .await
        .expect("starts");
    let outcome = h.send(&["a", "b", "c"]).await.await.expect("outcome");
    assert_eq!(
        outcome,
        AckOutcome::Failed("exporter sink: not retryable error: HTTP 401 Unauthorized".into())
    );
    let text = logs.text();
    assert!(text.contains("Exporting failed. Dropping data."), "{text}");
    assert!(text.contains("dropped_items=3"), "{text}");
    assert_eq!(
        h.metric("otelcol_exporter_send_failed_log_records_total"),
        Some(3)
    );
}

#[tokio::test(start_paused = true)]
async fn without_a_queue_batches_are_exported_one_at_a_time_in_order() {
    let exporter = ScriptedExporter::new(ExporterHelperSettings::passthrough());
    *lock(&exporter.latency) = Duration::from_millis(50);
    let h = Harness::start(exporter.clone(), &Host::default())
        .await
        .expect("starts");
    let mut outcomes = Vec::new();
    for body in ["a", "b", "c"] {
        outcomes.push(h.send(&[body]).await);
    }
    for outcome in outcomes {
        assert!(outcome.await.expect("outcome").is_delivered());
    }
    assert_eq!(exporter.delivered(), vec!["a", "b", "c"]);
    assert_eq!(exporter.max_in_flight.load(Ordering::SeqCst), 1);
    assert_eq!(h.metric("otelcol_exporter_queue_capacity"), None);
}
