//! `sending_queue.batch`: the Go config table (sizer inheritance, validation messages) and the
//! batching itself: merge to `min_size`, flush at `flush_timeout`, split at `max_size`, one
//! batch per metadata partition, acks of every merged batch, persistent queue, shutdown.

use super::test_support::*;
use super::{ExporterHelperSettings, QueueBatchConfig, QueueConfig, RetryConfig};
use crate::ack::AckOutcome;
use crate::batch::ClientContext;
use crate::component::{ExportError, Extension};
use crate::confmap::{parse_yaml, GoDuration};
use crate::factory::{decode_config, ValidateConfig};
use crate::host::Host;
use crate::AckSet;
use std::sync::Arc;
use std::time::Duration;

fn decode(yaml: &str) -> QueueConfig {
    decode_config(&parse_yaml("q.yaml", yaml).expect("yaml")).expect("decodes")
}

fn batch(min_size: i64, max_size: i64, sizer: &str) -> QueueBatchConfig {
    QueueBatchConfig {
        flush_timeout: GoDuration::from_millis(200),
        min_size,
        max_size,
        sizer: sizer.into(),
        metadata_keys: Vec::new(),
    }
}

// ---- queuebatch/config_test.go TestUnmarshal (testdata/batch_*.yaml) ----

#[test]
fn an_empty_batch_section_with_an_explicit_sizer_inherits_it() {
    // Go's `batch:` with no value does not inherit; `batch: {}` is a non-empty section there.
    let cfg = decode("sizer: bytes\nqueue_size: 100000\nbatch: {}\n");
    assert_eq!(cfg.batch, Some(batch(8192, 0, "bytes")));
    // The same sizer: the default `min_size` 8192 must fit the queue (Go's rule).
    let small = decode_config::<QueueConfig>(
        &parse_yaml("q.yaml", "sizer: bytes\nbatch: {}\n").expect("yaml"),
    );
    let err = small.expect_err("8192 > 1000").to_string();
    assert!(
        err.contains("`min_size` must be less than or equal to `queue_size`"),
        "{err}"
    );
}

#[test]
fn an_empty_batch_section_without_a_sizer_gets_the_defaults() {
    let cfg = decode("enabled: true\nbatch: {}\n");
    assert_eq!(cfg.batch, Some(batch(8192, 0, "items")));
    assert_eq!(cfg.sizer, "requests");
}

#[test]
fn a_set_queue_sizer_is_inherited_by_a_nonempty_batch_section() {
    let cfg = decode("enabled: true\nsizer: bytes\nqueue_size: 2000\nbatch:\n  min_size: 100\n");
    assert_eq!(cfg.batch, Some(batch(100, 0, "bytes")));
}

#[test]
fn without_a_queue_sizer_the_batch_sizer_is_items() {
    let cfg = decode("enabled: true\nqueue_size: 2000\nbatch:\n  min_size: 100\n");
    assert_eq!(cfg.batch, Some(batch(100, 0, "items")));
    assert_eq!(cfg.validate(), Ok(()));
}

#[test]
fn batch_unset_or_disabled_means_no_batching() {
    assert_eq!(decode("enabled: true\n").batch, None);
    let cfg = decode("enabled: true\nsizer: requests\nbatch:\n  enabled: false\n");
    assert_eq!(cfg.batch, None);
    assert_eq!(cfg.validate(), Ok(()));
}

#[test]
fn every_batch_key_decodes() {
    let cfg = decode(
        "batch:\n  flush_timeout: 2s\n  min_size: 10\n  max_size: 20\n  sizer: items\n  partition:\n    metadata_keys: [Tenant]\n",
    );
    let expected = QueueBatchConfig {
        flush_timeout: GoDuration::from_secs(2),
        metadata_keys: vec!["Tenant".into()],
        ..batch(10, 20, "items")
    };
    assert_eq!(cfg.batch, Some(expected));
    let unknown = decode_config::<QueueConfig>(
        &parse_yaml("q.yaml", "batch:\n  min_items: 3\n").expect("yaml"),
    );
    assert!(unknown.is_err());
}

// ---- queuebatch/config_test.go TestBatchConfig_Validate / TestConfig_Validate ----

#[test]
fn batch_validation_messages_are_gos() {
    let cases: Vec<(QueueBatchConfig, &str)> = vec![
        (
            QueueBatchConfig {
                flush_timeout: GoDuration(0),
                ..batch(2048, 0, "items")
            },
            "`flush_timeout` must be positive, found 0",
        ),
        (
            batch(-1, 0, "items"),
            "`min_size` must be non-negative, found -1",
        ),
        (
            batch(2048, -1, "items"),
            "`max_size` must be non-negative, found -1",
        ),
        (
            batch(2048, 0, "requests"),
            "`batch` supports only `items` or `bytes` sizer, found \"requests\"",
        ),
        (
            batch(2048, 0, ""),
            "`batch` supports only `items` or `bytes` sizer, found \"\"",
        ),
        (
            batch(2048, 1024, "items"),
            "`max_size` (1024) must be greater or equal to `min_size` (2048)",
        ),
        (
            QueueBatchConfig {
                metadata_keys: vec!["tenant".into(), "Tenant".into()],
                ..batch(1, 0, "items")
            },
            "partition: duplicate entry in metadata_keys: \"tenant\" (case-insensitive)",
        ),
    ];
    for (cfg, expected) in cases {
        assert_eq!(cfg.validate(), Err(expected.to_string()), "{cfg:?}");
    }
    assert_eq!(batch(2048, 0, "bytes").validate(), Ok(()));
}

#[test]
fn min_size_above_queue_size_with_the_same_sizer_is_refused() {
    let cfg = QueueConfig {
        sizer: "items".into(),
        queue_size: 100,
        batch: Some(batch(200, 0, "items")),
        ..QueueConfig::default()
    };
    assert_eq!(
        cfg.validate(),
        Err("`min_size` must be less than or equal to `queue_size`".into())
    );
    let other_sizer = QueueConfig {
        queue_size: 100,
        batch: Some(batch(200, 0, "items")),
        ..QueueConfig::default()
    };
    assert_eq!(other_sizer.validate(), Ok(()));
}

// ---- the batching ----

fn batching(config: QueueBatchConfig, consumers: usize) -> ExporterHelperSettings {
    ExporterHelperSettings {
        queue: QueueConfig {
            num_consumers: consumers,
            batch: Some(config),
            ..QueueConfig::default()
        },
        retry: RetryConfig::disabled(),
        timeout: None,
    }
}

#[tokio::test(start_paused = true)]
async fn queued_batches_are_merged_until_min_size() {
    let exporter = ScriptedExporter::new(batching(
        QueueBatchConfig {
            flush_timeout: GoDuration::from_secs(60),
            ..batch(4, 0, "items")
        },
        2,
    ));
    let h = Harness::start(exporter.clone(), &Host::default())
        .await
        .expect("starts");
    let outcomes = vec![
        h.send(&["a"]).await,
        h.send(&["b", "c"]).await,
        h.send(&["d"]).await,
    ];
    eventually("one merged export", || exporter.delivered().len() == 4).await;
    assert_eq!(exporter.attempt_count(), 1);
    assert_eq!(exporter.delivered(), vec!["a", "b", "c", "d"]);
    for outcome in outcomes {
        assert_eq!(outcome.await.expect("outcome"), AckOutcome::Delivered);
    }
    h.stop(Duration::from_secs(30)).await;
}

#[tokio::test(start_paused = true)]
async fn flush_timeout_sends_a_batch_below_min_size() {
    let exporter = ScriptedExporter::new(batching(batch(100, 0, "items"), 1));
    let h = Harness::start(exporter.clone(), &Host::default())
        .await
        .expect("starts");
    let first = h.send(&["a"]).await;
    let second = h.send(&["b"]).await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(exporter.attempt_count(), 0, "not before flush_timeout");
    eventually("the timed flush", || exporter.delivered().len() == 2).await;
    assert_eq!(exporter.attempt_count(), 1);
    assert!(first.await.expect("outcome").is_delivered());
    assert!(second.await.expect("outcome").is_delivered());
    h.stop(Duration::from_secs(30)).await;
}

#[tokio::test(start_paused = true)]
async fn max_size_splits_a_merged_batch() {
    let exporter = ScriptedExporter::new(batching(batch(1, 3, "items"), 1));
    let h = Harness::start(exporter.clone(), &Host::default())
        .await
        .expect("starts");
    let outcome = h.send(&["1", "2", "3", "4", "5", "6", "7"]).await;
    assert_eq!(outcome.await.expect("outcome"), AckOutcome::Delivered);
    assert_eq!(exporter.attempt_count(), 3, "3 + 3 + 1 records");
    assert_eq!(
        exporter.delivered(),
        vec!["1", "2", "3", "4", "5", "6", "7"]
    );
    h.stop(Duration::from_secs(30)).await;
}

#[tokio::test(start_paused = true)]
async fn one_batch_per_metadata_partition() {
    let exporter = ScriptedExporter::new(batching(
        QueueBatchConfig {
            flush_timeout: GoDuration::from_secs(60),
            metadata_keys: vec!["X-Tenant".into()],
            ..batch(2, 0, "items")
        },
        1,
    ));
    let h = Harness::start(exporter.clone(), &Host::default())
        .await
        .expect("starts");
    for (body, tenant) in [("a1", "a"), ("b1", "b"), ("a2", "a"), ("b2", "b")] {
        let client = ClientContext {
            metadata: [("x-tenant".to_string(), vec![tenant.to_string()])].into(),
            ..ClientContext::default()
        };
        h.send_batch(batch_of(&[body], AckSet::default()).with_client(Arc::new(client)))
            .await;
    }
    eventually("both partitions", || exporter.delivered().len() == 4).await;
    assert_eq!(exporter.attempt_count(), 2);
    let mut delivered = exporter.delivered();
    delivered.sort();
    assert_eq!(delivered, vec!["a1", "a2", "b1", "b2"]);
    let first_export: Vec<String> = exporter.delivered()[..2].to_vec();
    assert!(
        first_export == ["a1", "a2"] || first_export == ["b1", "b2"],
        "an export holds one tenant: {first_export:?}"
    );
    h.stop(Duration::from_secs(30)).await;
}

#[tokio::test(start_paused = true)]
async fn a_failed_merged_batch_fails_every_ack() {
    let exporter = ScriptedExporter::new(batching(batch(2, 0, "items"), 1));
    exporter.always(Err(ExportError::Permanent("400 Bad Request".into())));
    let h = Harness::start(exporter.clone(), &Host::default())
        .await
        .expect("starts");
    let first = h.send(&["a"]).await;
    let second = h.send(&["b"]).await;
    for outcome in [first, second] {
        match outcome.await.expect("outcome") {
            AckOutcome::Failed(reason) => assert!(reason.contains("400"), "{reason}"),
            other => panic!("expected a failure, got {other:?}"),
        }
    }
    assert_eq!(exporter.attempt_count(), 1);
    h.stop(Duration::from_secs(30)).await;
}

#[tokio::test(start_paused = true)]
async fn shutdown_sends_what_is_still_being_merged() {
    let exporter = ScriptedExporter::new(batching(
        QueueBatchConfig {
            flush_timeout: GoDuration::from_secs(3600),
            ..batch(1000, 0, "items")
        },
        1,
    ));
    let h = Harness::start(exporter.clone(), &Host::default())
        .await
        .expect("starts");
    let outcome = h.send(&["a", "b"]).await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_eq!(exporter.attempt_count(), 0);
    h.stop(Duration::from_secs(30)).await;
    assert_eq!(exporter.delivered(), vec!["a", "b"]);
    assert!(outcome.await.expect("outcome").is_delivered());
}

#[tokio::test(start_paused = true)]
async fn stored_batches_are_merged_and_deleted_once_sent() {
    let ext = Arc::new(MemoryStorageExtension::default());
    let host = host_with(vec![("file_storage/q", ext.clone() as Arc<dyn Extension>)]);
    let mut settings = batching(
        QueueBatchConfig {
            flush_timeout: GoDuration::from_secs(60),
            ..batch(3, 0, "items")
        },
        1,
    );
    settings.queue.storage = Some("file_storage/q".into());
    let exporter = ScriptedExporter::new(settings);
    exporter.hold();
    let h = Harness::start(exporter.clone(), &host)
        .await
        .expect("starts");
    for body in ["1", "2", "3"] {
        assert!(h.send(&[body]).await.await.expect("outcome").is_delivered());
    }
    eventually("the merged export to start", || {
        exporter.attempt_count() == 1
    })
    .await;
    assert_eq!(ext.storage.item_keys().len(), 3, "stored until sent");
    exporter.release();
    eventually("the stored items deleted", || {
        ext.storage.item_keys().is_empty()
    })
    .await;
    assert_eq!(exporter.delivered(), vec!["1", "2", "3"]);
    assert_eq!(exporter.attempt_count(), 1);
    h.stop(Duration::from_secs(30)).await;
}
