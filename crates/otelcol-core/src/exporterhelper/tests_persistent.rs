//! The persistent `sending_queue` (`storage:`) over an in-memory storage extension: acks at
//! the durable write, survival of a crash and of a graceful stop, order after a restart,
//! capacity, storage errors, and start errors.

use super::test_support::*;
use super::{ExporterHelperSettings, QueueConfig, RetryConfig};
use crate::ack::AckOutcome;
use crate::batch::ClientContext;
use crate::component::{ComponentError, ComponentId, ExportError, Extension, Kind};
use crate::host::Host;
use async_trait::async_trait;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

fn persistent(size: i64, sizer: &str, consumers: usize) -> ExporterHelperSettings {
    ExporterHelperSettings {
        queue: QueueConfig {
            queue_size: size,
            sizer: sizer.into(),
            num_consumers: consumers,
            storage: Some("file_storage/queue".into()),
            ..QueueConfig::default()
        },
        retry: RetryConfig::default(),
        timeout: None,
    }
}

fn storage_host() -> (Host, Arc<MemoryStorageExtension>) {
    let ext = Arc::new(MemoryStorageExtension::default());
    let host = host_with(vec![(
        "file_storage/queue",
        ext.clone() as Arc<dyn Extension>,
    )]);
    (host, ext)
}

/// A host whose storage extension serves `storage` (the same data as before a "restart").
fn restarted_host(storage: &MemoryStorage) -> Host {
    let ext = Arc::new(MemoryStorageExtension {
        storage: storage.clone(),
        ..Default::default()
    });
    host_with(vec![("file_storage/queue", ext as Arc<dyn Extension>)])
}

#[tokio::test(start_paused = true)]
async fn acks_are_delivered_once_the_batch_is_durably_written() {
    let (host, ext) = storage_host();
    let exporter = ScriptedExporter::new(persistent(100, "requests", 1));
    exporter.hold();
    let h = Harness::start(exporter.clone(), &host)
        .await
        .expect("starts");
    let outcome = h.send(&["a"]).await.await.expect("outcome");
    assert_eq!(
        outcome,
        AckOutcome::Delivered,
        "durable enqueue counts as delivered"
    );
    assert!(exporter.delivered().is_empty(), "not yet exported");
    assert_eq!(ext.storage.item_keys(), vec!["0"]);
    exporter.release();
    eventually("the export", || exporter.delivered() == vec!["a"]).await;
    eventually("the item to be deleted", || {
        ext.storage.item_keys().is_empty()
    })
    .await;
    assert_eq!(h.metric("otelcol_exporter_sent_log_records_total"), Some(1));
}

#[tokio::test(start_paused = true)]
async fn the_storage_client_is_the_exporters_logs_client() {
    let (host, ext) = storage_host();
    let exporter = ScriptedExporter::new(persistent(100, "requests", 1));
    let h = Harness::start(exporter, &host).await.expect("starts");
    assert_eq!(
        lock(&ext.requested).clone(),
        vec![(
            Kind::Exporter,
            ComponentId::new("sink", None),
            "logs".to_string()
        )]
    );
    h.stop(Duration::from_secs(30)).await;
    assert!(
        ext.storage.closed.load(Ordering::SeqCst),
        "the client is closed at shutdown"
    );
}

#[tokio::test(start_paused = true)]
async fn items_left_at_a_crash_are_exported_after_the_restart_in_order() {
    let (host, ext) = storage_host();
    let down = ScriptedExporter::new(persistent(100, "requests", 1));
    down.always(Err(ExportError::Retryable("connection refused".into())));
    let h = Harness::start(down.clone(), &host).await.expect("starts");
    for body in ["1", "2", "3", "4", "5"] {
        assert!(h.send(&[body]).await.await.expect("outcome").is_delivered());
    }
    eventually("retries of the first item", || down.attempt_count() >= 2).await;
    h.crash().await;
    assert_eq!(ext.storage.item_keys().len(), 5);

    let up = ScriptedExporter::new(persistent(100, "requests", 1));
    let h = Harness::start(up.clone(), &restarted_host(&ext.storage))
        .await
        .expect("restarts");
    eventually("every stored item", || up.delivered().len() == 5).await;
    assert_eq!(up.delivered(), vec!["1", "2", "3", "4", "5"]);
    eventually("the queue to be emptied", || {
        ext.storage.item_keys().is_empty()
    })
    .await;
    h.stop(Duration::from_secs(30)).await;
}

#[tokio::test(start_paused = true)]
async fn items_being_sent_at_a_crash_are_sent_first_after_the_restart() {
    let (host, ext) = storage_host();
    let hung = ScriptedExporter::new(persistent(100, "requests", 2));
    hung.hold();
    let h = Harness::start(hung.clone(), &host).await.expect("starts");
    for body in ["1", "2", "3", "4"] {
        assert!(h.send(&[body]).await.await.expect("outcome").is_delivered());
    }
    eventually("two items in flight", || hung.attempt_count() == 2).await;
    h.crash().await;

    let up = ScriptedExporter::new(persistent(100, "requests", 1));
    let h = Harness::start(up.clone(), &restarted_host(&ext.storage))
        .await
        .expect("restarts");
    eventually("every stored item", || up.delivered().len() == 4).await;
    assert_eq!(up.delivered(), vec!["1", "2", "3", "4"]);
    h.stop(Duration::from_secs(30)).await;
}

#[tokio::test(start_paused = true)]
async fn graceful_stop_keeps_unsent_items_without_waiting_for_retries() {
    let (host, ext) = storage_host();
    let down = ScriptedExporter::new(persistent(100, "requests", 1));
    down.always(Err(ExportError::Retryable("HTTP 503".into())));
    let h = Harness::start(down.clone(), &host).await.expect("starts");
    for body in ["1", "2", "3"] {
        assert!(h.send(&[body]).await.await.expect("outcome").is_delivered());
    }
    eventually("a retry wait", || down.attempt_count() >= 1).await;
    let stop_started = tokio::time::Instant::now();
    h.stop(Duration::from_secs(30)).await;
    assert!(
        stop_started.elapsed() < Duration::from_secs(1),
        "consumers stop after their current attempt"
    );
    assert_eq!(ext.storage.item_keys().len(), 3);
    assert!(down.delivered().is_empty());

    let up = ScriptedExporter::new(persistent(100, "requests", 1));
    let h = Harness::start(up.clone(), &restarted_host(&ext.storage))
        .await
        .expect("restarts");
    eventually("every stored item", || up.delivered().len() == 3).await;
    assert_eq!(up.delivered(), vec!["1", "2", "3"]);
    h.stop(Duration::from_secs(30)).await;
}

#[tokio::test(start_paused = true)]
async fn final_failure_deletes_the_item_logs_and_counts_it() {
    let logs = LogCapture::default();
    let _guard = logs.install();
    let (host, ext) = storage_host();
    let exporter = ScriptedExporter::new(persistent(100, "requests", 1));
    exporter.always(Err(ExportError::Permanent("HTTP 400 Bad Request".into())));
    let h = Harness::start(exporter.clone(), &host)
        .await
        .expect("starts");
    assert!(h
        .send(&["a", "b"])
        .await
        .await
        .expect("outcome")
        .is_delivered());
    eventually("the failed item to be deleted", || {
        exporter.attempt_count() == 1 && ext.storage.item_keys().is_empty()
    })
    .await;
    eventually("the failure to be counted", || {
        h.metric("otelcol_exporter_send_failed_log_records_total") == Some(2)
    })
    .await;
    let text = logs.text();
    assert!(text.contains("Exporting failed. Dropping data."), "{text}");
    assert!(text.contains("dropped_items=2"), "{text}");
    assert!(
        text.contains("not retryable error: HTTP 400 Bad Request"),
        "{text}"
    );
}

#[tokio::test(start_paused = true)]
async fn full_persistent_queue_refuses_with_sending_queue_is_full() {
    let (host, _ext) = storage_host();
    let exporter = ScriptedExporter::new(persistent(2, "requests", 1));
    exporter.hold();
    let h = Harness::start(exporter.clone(), &host)
        .await
        .expect("starts");
    assert!(h.send(&["1"]).await.await.expect("outcome").is_delivered());
    assert!(h.send(&["2"]).await.await.expect("outcome").is_delivered());
    assert_eq!(
        h.send(&["3"]).await.await.expect("outcome"),
        AckOutcome::Failed("exporter sink: sending queue is full".into())
    );
    assert_eq!(
        h.metric("otelcol_exporter_enqueue_failed_log_records_total"),
        Some(1)
    );
    assert_eq!(h.metric("otelcol_exporter_queue_size"), Some(2));
}

#[tokio::test(start_paused = true)]
async fn capacity_counts_the_items_restored_from_storage() {
    let (host, ext) = storage_host();
    let hung = ScriptedExporter::new(persistent(4, "items", 1));
    hung.hold();
    let h = Harness::start(hung.clone(), &host).await.expect("starts");
    assert!(h
        .send(&["a", "b", "c"])
        .await
        .await
        .expect("outcome")
        .is_delivered());
    h.crash().await;

    let still_down = ScriptedExporter::new(persistent(4, "items", 1));
    still_down.hold();
    let h = Harness::start(still_down, &restarted_host(&ext.storage))
        .await
        .expect("restarts");
    assert_eq!(h.metric("otelcol_exporter_queue_size"), Some(3));
    assert_eq!(
        h.send(&["d", "e"]).await.await.expect("outcome"),
        AckOutcome::Failed("exporter sink: sending queue is full".into())
    );
    assert!(h.send(&["d"]).await.await.expect("outcome").is_delivered());
}

#[tokio::test(start_paused = true)]
async fn a_failed_storage_write_fails_the_ack() {
    let (host, ext) = storage_host();
    ext.storage.fail_writes.store(true, Ordering::SeqCst);
    let exporter = ScriptedExporter::new(persistent(100, "requests", 1));
    let h = Harness::start(exporter.clone(), &host)
        .await
        .expect("starts");
    assert_eq!(
        h.send(&["a"]).await.await.expect("outcome"),
        AckOutcome::Failed(
            "exporter sink: failed to write the batch to the persistent queue: disk full".into()
        )
    );
    assert_eq!(
        h.metric("otelcol_exporter_enqueue_failed_log_records_total"),
        Some(1)
    );
    ext.storage.fail_writes.store(false, Ordering::SeqCst);
    assert!(h.send(&["b"]).await.await.expect("outcome").is_delivered());
    eventually("the export", || exporter.delivered() == vec!["b"]).await;
}

#[tokio::test(start_paused = true)]
async fn the_client_context_survives_the_persistent_queue() {
    let (host, _ext) = storage_host();
    let exporter = ScriptedExporter::new(persistent(100, "requests", 1));
    let h = Harness::start(exporter.clone(), &host)
        .await
        .expect("starts");
    let mut client = ClientContext {
        address: Some("192.0.2.1:4318".into()),
        ..Default::default()
    };
    client
        .metadata
        .insert("x-tenant".into(), vec!["acme".into()]);
    let batch = batch_of(&["a"], crate::AckSet::none()).with_client(Arc::new(client.clone()));
    h.send_batch(batch).await;
    eventually("the export", || exporter.delivered() == vec!["a"]).await;
    assert_eq!(*lock(&exporter.clients)[0], client);
}

#[tokio::test(start_paused = true)]
async fn a_missing_storage_extension_fails_the_start() {
    let exporter = ScriptedExporter::new(persistent(100, "requests", 1));
    let err = Harness::start(exporter, &Host::default())
        .await
        .err()
        .expect("start fails");
    assert!(
        err.to_string()
            .contains("no storage client extension found"),
        "{err}"
    );
}

struct NotStorage;

#[async_trait]
impl Extension for NotStorage {
    async fn start(&self, _host: &Host) -> Result<(), ComponentError> {
        Ok(())
    }
    async fn shutdown(&self) -> Result<(), ComponentError> {
        Ok(())
    }
}

#[tokio::test(start_paused = true)]
async fn an_extension_that_is_not_storage_fails_the_start() {
    let host = host_with(vec![(
        "file_storage/queue",
        Arc::new(NotStorage) as Arc<dyn Extension>,
    )]);
    let exporter = ScriptedExporter::new(persistent(100, "requests", 1));
    let err = Harness::start(exporter, &host)
        .await
        .err()
        .expect("start fails");
    assert!(
        err.to_string()
            .contains("requested extension is not a storage extension"),
        "{err}"
    );
}

#[tokio::test(start_paused = true)]
async fn corrupt_items_are_dropped_and_the_queue_goes_on() {
    let (host, ext) = storage_host();
    let hung = ScriptedExporter::new(persistent(100, "requests", 1));
    hung.hold();
    let h = Harness::start(hung.clone(), &host).await.expect("starts");
    for body in ["1", "2", "3"] {
        assert!(h.send(&[body]).await.await.expect("outcome").is_delivered());
    }
    h.crash().await;
    lock(&ext.storage.data).insert("1".into(), vec![0xff, 0xff, 0xff]);

    let up = ScriptedExporter::new(persistent(100, "requests", 1));
    let h = Harness::start(up.clone(), &restarted_host(&ext.storage))
        .await
        .expect("restarts");
    eventually("the readable items", || up.delivered().len() == 2).await;
    assert_eq!(up.delivered(), vec!["1", "3"]);
    eventually("the queue to be emptied", || {
        ext.storage.item_keys().is_empty()
    })
    .await;
    assert_eq!(h.metric("otelcol_exporter_queue_size"), Some(0));
}
