//! Delivery: checkpoints follow acks, overlap re-reads are deduplicated, errors back off and
//! are reported, pages are never skipped.

use super::harness::{eventually, settings, start, FakeApi};
use crate::receiver::StateLocation;
use crate::source::{FetchError, FetchErrorKind};
use crate::state::PullState;
use crate::time::minus;
use chrono::Utc;
use otelcol_core::pdata::any_value::Value;
use otelcol_core::{ComponentStatus, Host, Kind, Receiver};
use std::collections::BTreeMap;
use std::time::Duration;

fn counts(ids: &[String]) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::new();
    for id in ids {
        *m.entry(id.clone()).or_insert(0) += 1;
    }
    m
}

fn ago(ms: u64) -> chrono::DateTime<Utc> {
    minus(Utc::now(), Duration::from_millis(ms))
}

#[tokio::test]
async fn backfill_is_read_page_by_page_and_each_event_delivered_once() {
    let api = FakeApi::new(3);
    for i in 0..10 {
        api.add(&format!("e{i}"), ago(60_000 + i * 10));
    }
    let mut run = start(&api, settings(), StateLocation::Memory, Host::default())
        .await
        .unwrap();
    eventually("10 events", || run.sink.ids().len() >= 10).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    run.receiver.shutdown().await.unwrap();
    let ids = run.sink.ids();
    assert_eq!(ids.len(), 10, "{ids:?}");
    assert!(counts(&ids).values().all(|&n| n == 1));
    let first = &api.calls()[0];
    let lookback = Utc::now() - first.from;
    assert!(lookback >= chrono::Duration::seconds(3600), "{lookback}");
}

#[tokio::test]
async fn each_page_is_one_resource_logs_with_service_name_and_scope() {
    let api = FakeApi::new(4);
    for i in 0..6 {
        api.add(&format!("e{i}"), ago(5_000 + i));
    }
    let mut run = start(&api, settings(), StateLocation::Memory, Host::default())
        .await
        .unwrap();
    eventually("6 events", || run.sink.ids().len() >= 6).await;
    run.receiver.shutdown().await.unwrap();
    let pages = run.sink.pages.lock().unwrap().clone();
    assert_eq!(pages.len(), 2);
    assert_eq!(pages[0].scope_logs[0].log_records.len(), 4);
    let resource = pages[0].resource.as_ref().unwrap();
    assert_eq!(resource.attributes[0].key, "service.name");
    assert_eq!(
        resource.attributes[0].value.as_ref().unwrap().value,
        Some(Value::StringValue("test-service".into()))
    );
    assert_eq!(
        pages[0].scope_logs[0].scope.as_ref().unwrap().name,
        "test-scope"
    );
}

#[tokio::test]
async fn a_failed_ack_keeps_the_checkpoint_and_the_page_is_sent_again() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.json");
    let api = FakeApi::new(2);
    for i in 0..4 {
        api.add(&format!("e{i}"), ago(10_000 + i));
    }
    let host = Host::default();
    let sink_fail = 1;
    let mut run = start(&api, settings(), StateLocation::File(path.clone()), host)
        .await
        .unwrap();
    *run.sink.fail_next.lock().unwrap() = sink_fail;
    eventually("4 events", || run.sink.ids().len() >= 4).await;
    run.receiver.shutdown().await.unwrap();
    let ids = run.sink.ids();
    assert!(counts(&ids).values().all(|&n| n == 1), "{ids:?}");
    // The refused first page was requested twice with the same (absent) cursor.
    let calls = api.calls();
    assert_eq!(calls[0].cursor, None);
    assert_eq!(calls[1].cursor, None);
    let state = PullState::from_json(&std::fs::read(&path).unwrap(), 100).unwrap();
    assert!(state.check_point > ago(5_000));
}

#[tokio::test]
async fn boundary_and_late_events_within_the_overlap_are_delivered_exactly_once() {
    let api = FakeApi::new(2);
    for i in 0..5 {
        api.add(&format!("old{i}"), ago(1_000));
    }
    let mut run = start(&api, settings(), StateLocation::Memory, Host::default())
        .await
        .unwrap();
    eventually("first window", || run.sink.ids().len() >= 5).await;
    // Late: stamped before the last window's end, visible only now.
    api.add("late", ago(500));
    api.add("fresh", Utc::now());
    eventually("late and fresh", || run.sink.ids().len() >= 7).await;
    // Several more windows re-read the overlap; nothing may repeat.
    let calls = api.calls().len();
    eventually("more windows", || api.calls().len() >= calls + 6).await;
    run.receiver.shutdown().await.unwrap();
    let ids = run.sink.ids();
    assert_eq!(ids.len(), 7, "{ids:?}");
    assert!(counts(&ids).values().all(|&n| n == 1), "{ids:?}");
}

#[tokio::test]
async fn a_malformed_page_is_requested_again_and_later_pages_are_not_skipped() {
    let api = FakeApi::new(2);
    for i in 0..6 {
        api.add(&format!("e{i}"), ago(20_000 + i));
    }
    let mut run = start(&api, settings(), StateLocation::Memory, Host::default())
        .await
        .unwrap();
    api.fail_next(FetchError::new(
        FetchErrorKind::Malformed,
        "unexpected body",
    ));
    api.fail_next(FetchError::new(
        FetchErrorKind::Malformed,
        "unexpected body",
    ));
    eventually("6 events", || run.sink.ids().len() >= 6).await;
    run.receiver.shutdown().await.unwrap();
    assert_eq!(run.sink.ids().len(), 6);
}

#[tokio::test]
async fn auth_errors_report_a_recoverable_error_and_polling_recovers() {
    let api = FakeApi::new(10);
    api.add("e0", ago(1_000));
    for _ in 0..3 {
        api.fail_next(FetchError::new(
            FetchErrorKind::Auth,
            "invalid api access key, response code: 403",
        ));
    }
    let host = Host::default();
    let mut run = start(&api, settings(), StateLocation::Memory, host.clone())
        .await
        .unwrap();
    let status = |h: &Host| {
        h.statuses()
            .into_iter()
            .find(|(k, id, _)| *k == Kind::Receiver && *id == run.id)
            .map(|(_, _, s)| s)
    };
    eventually(
        "error status",
        || matches!(status(&host), Some(ComponentStatus::RecoverableError(m)) if m.contains("403")),
    )
    .await;
    eventually("event after recovery", || run.sink.ids().len() == 1).await;
    eventually("ok status", || status(&host) == Some(ComponentStatus::Ok)).await;
    run.receiver.shutdown().await.unwrap();
}

#[tokio::test]
async fn retry_after_spaces_requests_at_least_that_far_apart() {
    let api = FakeApi::new(10);
    for _ in 0..2 {
        api.fail_next(
            FetchError::new(FetchErrorKind::Throttled, "429")
                .with_retry_after(Some(Duration::from_millis(300))),
        );
    }
    let started = std::time::Instant::now();
    let mut run = start(&api, settings(), StateLocation::Memory, Host::default())
        .await
        .unwrap();
    eventually("third call", || api.calls().len() >= 3).await;
    assert!(started.elapsed() >= Duration::from_millis(600));
    run.receiver.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_restart_resumes_at_the_stored_cursor() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.json");
    let from = ago(60_000);
    let to = ago(30_000);
    let doc = format!(
        r#"{{"format":"otelcol-pull/1","check_point":"{f}","from":"{f}","to":"{t}","cursor":"2"}}"#,
        f = crate::time::format_rfc3339_nano(&from),
        t = crate::time::format_rfc3339_nano(&to)
    );
    std::fs::write(&path, doc).unwrap();
    let api = FakeApi::new(2);
    for i in 0..4 {
        api.add(&format!("e{i}"), ago(40_000 + i));
    }
    let mut run = start(&api, settings(), StateLocation::File(path), Host::default())
        .await
        .unwrap();
    eventually("the rest of the window", || run.sink.ids().len() >= 2).await;
    run.receiver.shutdown().await.unwrap();
    assert_eq!(api.calls()[0].cursor.as_deref(), Some("2"));
    assert_eq!(run.sink.ids(), vec!["e2".to_string(), "e3".to_string()]);
}
