//! `retry_on_failure` and `timeout` as a user sees them: when attempts happen (virtual time),
//! which errors are retried, what the failed ack says, and what is logged.

use super::test_support::*;
use super::{ExporterHelperSettings, QueueConfig, RetryConfig};
use crate::ack::AckOutcome;
use crate::component::ExportError;
use crate::confmap::GoDuration;
use crate::host::Host;
use std::time::Duration;

fn retry(
    initial_ms: i64,
    multiplier: f64,
    max_ms: i64,
    factor: f64,
    max_elapsed_ms: i64,
) -> RetryConfig {
    RetryConfig {
        enabled: true,
        initial_interval: GoDuration::from_millis(initial_ms),
        multiplier,
        max_interval: GoDuration::from_millis(max_ms),
        randomization_factor: factor,
        max_elapsed_time: GoDuration::from_millis(max_elapsed_ms),
    }
}

fn no_queue(retry: RetryConfig, timeout: Option<Duration>) -> ExporterHelperSettings {
    ExporterHelperSettings {
        queue: QueueConfig::disabled(),
        retry,
        timeout,
    }
}

fn unavailable() -> ExportError {
    ExportError::Retryable("HTTP 503 Service Unavailable".into())
}

fn gaps_ms(exporter: &ScriptedExporter) -> Vec<f64> {
    let attempts = lock(&exporter.attempts).clone();
    attempts
        .windows(2)
        .map(|w| (w[1] - w[0]).as_secs_f64() * 1000.0)
        .collect()
}

#[tokio::test(start_paused = true)]
async fn retry_delays_follow_the_backoff_formula_within_jitter_bounds() {
    let exporter = ScriptedExporter::new(no_queue(retry(1_000, 2.0, 5_000, 0.5, 0), None));
    exporter.script(vec![Err(unavailable()); 5]);
    let h = Harness::start(exporter.clone(), &Host::default())
        .await
        .expect("starts");
    let outcome = h.send(&["a"]).await.await.expect("outcome");
    assert_eq!(outcome, AckOutcome::Delivered);
    let gaps = gaps_ms(&exporter);
    // min(initial·multiplier^n, max_interval) ± 50%.
    let bases = [1_000.0, 2_000.0, 4_000.0, 5_000.0, 5_000.0];
    assert_eq!(gaps.len(), bases.len(), "{gaps:?}");
    for (gap, base) in gaps.iter().zip(bases) {
        assert!(
            *gap >= base * 0.5 && *gap <= base * 1.5 + 1.0,
            "gap {gap} for base {base}: {gaps:?}"
        );
    }
    h.stop(Duration::from_secs(30)).await;
}

#[tokio::test(start_paused = true)]
async fn without_jitter_the_delays_are_exactly_the_formula() {
    let exporter = ScriptedExporter::new(no_queue(retry(5_000, 1.5, 30_000, 0.0, 0), None));
    exporter.script(vec![Err(unavailable()); 6]);
    let h = Harness::start(exporter.clone(), &Host::default())
        .await
        .expect("starts");
    assert!(h.send(&["a"]).await.await.expect("outcome").is_delivered());
    let gaps = gaps_ms(&exporter);
    let expected = [5_000.0, 7_500.0, 11_250.0, 16_875.0, 25_312.5, 30_000.0];
    for (gap, want) in gaps.iter().zip(expected) {
        assert!((gap - want).abs() < 1.0, "{gaps:?}");
    }
}

#[tokio::test(start_paused = true)]
async fn throttled_delay_is_a_lower_bound_for_the_next_wait() {
    let exporter = ScriptedExporter::new(no_queue(retry(1_000, 1.5, 30_000, 0.5, 0), None));
    exporter.script([
        Err(ExportError::Throttled {
            delay: Duration::from_secs(20),
            message: "HTTP 429 Too Many Requests".into(),
        }),
        Err(ExportError::Throttled {
            delay: Duration::from_millis(1),
            message: "HTTP 503 with Retry-After: 0".into(),
        }),
    ]);
    let h = Harness::start(exporter.clone(), &Host::default())
        .await
        .expect("starts");
    assert!(h.send(&["a"]).await.await.expect("outcome").is_delivered());
    let gaps = gaps_ms(&exporter);
    assert!(gaps[0] >= 20_000.0, "Retry-After honoured: {gaps:?}");
    assert!(
        gaps[1] >= 750.0,
        "a short Retry-After does not undercut the backoff: {gaps:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn permanent_error_is_attempted_once_and_fails_the_ack_with_the_message() {
    let exporter = ScriptedExporter::new(no_queue(RetryConfig::default(), None));
    exporter.always(Err(ExportError::Permanent("HTTP 400 Bad Request".into())));
    let h = Harness::start(exporter.clone(), &Host::default())
        .await
        .expect("starts");
    let outcome = h.send(&["a", "b"]).await.await.expect("outcome");
    assert_eq!(
        outcome,
        AckOutcome::Failed("exporter sink: not retryable error: HTTP 400 Bad Request".into())
    );
    assert_eq!(exporter.attempt_count(), 1);
    assert_eq!(
        h.metric("otelcol_exporter_send_failed_log_records_total"),
        Some(2)
    );
}

#[tokio::test(start_paused = true)]
async fn retryable_error_then_success_is_delivered_once() {
    let exporter = ScriptedExporter::new(no_queue(RetryConfig::default(), None));
    exporter.script([Err(unavailable())]);
    let h = Harness::start(exporter.clone(), &Host::default())
        .await
        .expect("starts");
    let outcome = h.send(&["only-once"]).await.await.expect("outcome");
    assert_eq!(outcome, AckOutcome::Delivered);
    assert_eq!(exporter.attempt_count(), 2);
    assert_eq!(exporter.delivered(), vec!["only-once"]);
    assert_eq!(h.metric("otelcol_exporter_sent_log_records_total"), Some(1));
    assert_eq!(
        h.metric("otelcol_exporter_send_failed_log_records_total"),
        Some(0)
    );
}

#[tokio::test(start_paused = true)]
async fn max_elapsed_time_exhaustion_fails_with_no_more_retries_left() {
    // Delays 1s, 1.5s, 2.25s, 3.375s (8.125s in all); the next (5s) would end past 10s.
    let exporter = ScriptedExporter::new(no_queue(retry(1_000, 1.5, 5_000, 0.0, 10_000), None));
    exporter.always(Err(unavailable()));
    let h = Harness::start(exporter.clone(), &Host::default())
        .await
        .expect("starts");
    let outcome = h.send(&["a"]).await.await.expect("outcome");
    assert_eq!(
        outcome,
        AckOutcome::Failed(
            "exporter sink: no more retries left: HTTP 503 Service Unavailable".into()
        )
    );
    assert_eq!(exporter.attempt_count(), 5);
}

#[tokio::test(start_paused = true)]
async fn retry_disabled_makes_the_first_error_final() {
    let exporter = ScriptedExporter::new(no_queue(RetryConfig::disabled(), None));
    exporter.always(Err(unavailable()));
    let h = Harness::start(exporter.clone(), &Host::default())
        .await
        .expect("starts");
    let outcome = h.send(&["a"]).await.await.expect("outcome");
    assert_eq!(
        outcome,
        AckOutcome::Failed("exporter sink: HTTP 503 Service Unavailable".into())
    );
    assert_eq!(exporter.attempt_count(), 1);
}

#[tokio::test(start_paused = true)]
async fn attempt_exceeding_the_timeout_is_a_retryable_deadline_exceeded_error() {
    let exporter = ScriptedExporter::new(no_queue(
        RetryConfig::default(),
        Some(Duration::from_secs(1)),
    ));
    *lock(&exporter.latency) = Duration::from_secs(10);
    let h = Harness::start(exporter.clone(), &Host::default())
        .await
        .expect("starts");
    let outcome = h.send(&["slow"]).await;
    eventually("the first attempt", || exporter.attempt_count() == 1).await;
    *lock(&exporter.latency) = Duration::ZERO;
    assert_eq!(outcome.await.expect("outcome"), AckOutcome::Delivered);
    assert_eq!(exporter.attempt_count(), 2);
    assert_eq!(exporter.delivered(), vec!["slow"]);
}

#[tokio::test(start_paused = true)]
async fn timed_out_attempt_without_retries_fails_with_context_deadline_exceeded() {
    let exporter = ScriptedExporter::new(no_queue(
        RetryConfig::disabled(),
        Some(Duration::from_millis(1_500)),
    ));
    *lock(&exporter.latency) = Duration::from_secs(10);
    let h = Harness::start(exporter.clone(), &Host::default())
        .await
        .expect("starts");
    let outcome = h.send(&["slow"]).await.await.expect("outcome");
    assert_eq!(
        outcome,
        AckOutcome::Failed(
            "exporter sink: export attempt exceeded the timeout of 1.5s: context deadline exceeded"
                .into()
        )
    );
}

#[tokio::test(start_paused = true)]
async fn retries_stop_at_the_shutdown_deadline_and_fail_the_ack() {
    // max_elapsed_time 0: retry forever — only the shutdown deadline ends it.
    let exporter = ScriptedExporter::new(no_queue(retry(1_000, 1.5, 30_000, 0.5, 0), None));
    exporter.always(Err(unavailable()));
    let h = Harness::start(exporter.clone(), &Host::default())
        .await
        .expect("starts");
    let outcome = h.send(&["a"]).await;
    eventually("a retry", || exporter.attempt_count() >= 2).await;
    let stop_started = tokio::time::Instant::now();
    h.stop(Duration::from_secs(30)).await;
    assert!(
        stop_started.elapsed() < Duration::from_secs(30),
        "finished before the runtime deadline"
    );
    assert_eq!(
        outcome.await.expect("outcome"),
        AckOutcome::Failed(
            "exporter sink: interrupted due to shutdown: HTTP 503 Service Unavailable".into()
        )
    );
}

#[tokio::test(start_paused = true)]
async fn each_retry_is_logged_at_info_with_the_error_and_interval() {
    let logs = LogCapture::default();
    let _guard = logs.install();
    let exporter = ScriptedExporter::new(no_queue(retry(2_000, 1.5, 30_000, 0.0, 0), None));
    exporter.script([Err(unavailable())]);
    let h = Harness::start(exporter.clone(), &Host::default())
        .await
        .expect("starts");
    assert!(h.send(&["a"]).await.await.expect("outcome").is_delivered());
    let text = logs.text();
    let line = text
        .lines()
        .find(|l| l.contains("Exporting failed. Will retry the request after interval."))
        .unwrap_or_else(|| panic!("no retry log in {text}"));
    assert!(line.contains(" INFO "), "{line}");
    assert!(line.contains("exporter=sink"), "{line}");
    assert!(
        line.contains("error=HTTP 503 Service Unavailable"),
        "{line}"
    );
    assert!(line.contains("interval=2s"), "{line}");
}
