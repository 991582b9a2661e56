//! The receiver against the in-memory broker: acknowledgement only after delivery, nack on
//! failure, reconnects, dedupe of redeliveries, auth failures, token files, the watchdog.

use super::fake::FakeBroker;
use crate::{AstraAuditLogsReceiver, AstraAuditLogsReceiverFactory};
use otelcol_core::confmap::parse_yaml;
use otelcol_core::pdata::any_value::Value;
use otelcol_core::telemetry::Telemetry;
use otelcol_core::{
    ComponentId, ComponentStatus, CreateContext, Host, Kind, LogsBatch, LogsConsumer, Receiver,
    ReceiverContext,
};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc;

const BOUND: Duration = Duration::from_secs(60);

struct Harness {
    receiver: AstraAuditLogsReceiver,
    host: Host,
    batches: mpsc::Receiver<LogsBatch>,
}

fn yaml(extra: &str) -> String {
    let flush = if extra.contains("flush_interval") {
        ""
    } else {
        "flush_interval: 50ms\n"
    };
    format!(
        "endpoint: pulsar://127.0.0.1:6650\ntopics: [\"{}\"]\n{flush}reconnect:\n  initial_interval: 20ms\n  max_interval: 100ms\n{extra}",
        super::fake::TOPIC
    )
}

async fn start(broker: &FakeBroker, extra: &str) -> Harness {
    let factory = AstraAuditLogsReceiverFactory::with_connector(Arc::new(broker.clone()));
    let id = ComponentId::new("astra_audit_logs", None);
    let host = Host::default();
    let ctx = CreateContext {
        id: id.clone(),
        telemetry: Telemetry::default(),
        pipeline: None,
        host: host.clone(),
    };
    let config = parse_yaml("test.yaml", &yaml(extra)).unwrap();
    let mut receiver = factory.build(&ctx, &config).unwrap();
    let (tx, batches) = mpsc::channel(16);
    let (done, _) = mpsc::unbounded_channel();
    let rctx = ReceiverContext::new(
        id,
        LogsConsumer::new(vec![tx]),
        host.clone(),
        Telemetry::default(),
        done,
    );
    receiver.start(rctx).await.unwrap();
    Harness {
        receiver,
        host,
        batches,
    }
}

impl Harness {
    async fn next_batch(&mut self) -> LogsBatch {
        tokio::time::timeout(BOUND, self.batches.recv())
            .await
            .expect("a batch within the bound")
            .expect("the receiver is running")
    }

    fn status(&self) -> Option<ComponentStatus> {
        self.host
            .statuses()
            .into_iter()
            .find(|(k, _, _)| *k == Kind::Receiver)
            .map(|(_, _, s)| s)
    }
}

/// The `messaging.message.id` of every record of the batch.
fn ids(batch: &LogsBatch) -> Vec<String> {
    batch
        .resource_logs
        .iter()
        .flat_map(|rl| &rl.scope_logs)
        .flat_map(|sl| &sl.log_records)
        .filter_map(|r| {
            r.attributes
                .iter()
                .find(|a| a.key == "messaging.message.id")
                .and_then(|a| match a.value.as_ref()?.value.as_ref()? {
                    Value::StringValue(s) => Some(s.clone()),
                    _ => None,
                })
        })
        .collect()
}

async fn wait_until(what: &str, mut check: impl FnMut() -> bool) {
    let start = tokio::time::Instant::now();
    while !check() {
        assert!(start.elapsed() < BOUND, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

#[tokio::test]
async fn messages_are_acked_only_after_their_batch_is_delivered() {
    let broker = FakeBroker::default();
    broker.publish(5);
    let mut h = start(&broker, "max_batch_size: 5").await;
    let batch = h.next_batch().await;
    assert_eq!(ids(&batch).len(), 5);
    wait_until("the broker to hand out all five", || broker.unacked() == 5).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(broker.acked().is_empty(), "acked before delivery");
    batch.deliver();
    wait_until("five acks", || broker.acked().len() == 5).await;
    assert_eq!(h.status(), Some(ComponentStatus::Ok));
    h.receiver.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_failed_delivery_is_nacked_and_the_redelivery_is_sent_and_acked() {
    let broker = FakeBroker::default();
    broker.publish(3);
    let mut h = start(&broker, "max_batch_size: 3").await;
    let first = h.next_batch().await;
    first.fail("exporter otlphttp: connection refused");
    wait_until("three nacks", || broker.state().nacked.len() == 3).await;
    assert!(broker.acked().is_empty());
    let again = h.next_batch().await;
    let rec = &again.resource_logs[0].scope_logs[0].log_records[0];
    assert!(rec
        .attributes
        .iter()
        .any(|a| a.key == "messaging.pulsar.message.redelivery_count"));
    assert_eq!(ids(&again).len(), 3);
    again.deliver();
    wait_until("three acks", || broker.acked().len() == 3).await;
    h.receiver.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_lost_connection_is_rebuilt_and_nothing_is_lost_or_sent_twice() {
    let broker = FakeBroker::default();
    broker.publish(20);
    let mut h = start(&broker, "max_batch_size: 5").await;
    let mut delivered = Vec::new();
    let first = h.next_batch().await;
    delivered.extend(ids(&first));
    broker.drop_connection();
    first.deliver();
    while broker.acked().len() < 20 {
        let batch = h.next_batch().await;
        delivered.extend(ids(&batch));
        batch.deliver();
        if delivered.len() >= 20 {
            wait_until("every ack", || broker.acked().len() == 20).await;
        }
    }
    let mut unique = delivered.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 20);
    assert_eq!(delivered.len(), 20, "a message was sent twice");
    assert!(broker.state().connects >= 2);
    assert_eq!(h.status(), Some(ComponentStatus::Ok));
    h.receiver.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_redelivery_of_a_delivered_message_is_acked_without_being_sent_again() {
    let broker = FakeBroker::default();
    broker.publish(5);
    let mut h = start(&broker, "max_batch_size: 5").await;
    broker.state().refuse_acks = true;
    let batch = h.next_batch().await;
    batch.deliver();
    let deliveries = h.receiver.deliveries().unwrap();
    wait_until("the delivery to resolve", || {
        deliveries
            .counts
            .delivered
            .load(std::sync::atomic::Ordering::Relaxed)
            == 5
    })
    .await;
    assert!(broker.acked().is_empty());
    broker.state().refuse_acks = false;
    broker.drop_connection();
    wait_until("the redeliveries to be acked", || broker.acked().len() == 5).await;
    assert!(h.batches.try_recv().is_err(), "a redelivery was sent again");
    assert_eq!(
        deliveries
            .counts
            .duplicates
            .load(std::sync::atomic::Ordering::Relaxed),
        5
    );
    h.receiver.shutdown().await.unwrap();
}

#[tokio::test]
async fn undelivered_messages_are_bounded_by_max_unacked_messages() {
    let broker = FakeBroker::default();
    broker.publish(100);
    let mut h = start(&broker, "max_batch_size: 5\nmax_unacked_messages: 10").await;
    let a = h.next_batch().await;
    let b = h.next_batch().await;
    wait_until("ten handed out", || broker.unacked() == 10).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(broker.unacked(), 10, "read past the bound");
    a.deliver();
    b.deliver();
    let mut total = 10;
    while total < 100 {
        let batch = h.next_batch().await;
        total += ids(&batch).len();
        batch.deliver();
    }
    wait_until("every ack", || broker.acked().len() == 100).await;
    h.receiver.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_wrong_token_is_an_unhealthy_receiver_that_retries_with_backoff() {
    let broker = FakeBroker::with_token("right-token");
    let h = start(&broker, "auth:\n  token: wrong-token-s3cr3t").await;
    wait_until("three attempts", || broker.state().connects >= 3).await;
    match h.status() {
        Some(ComponentStatus::RecoverableError(msg)) => {
            assert!(msg.contains("refused the credentials"), "{msg}");
            assert!(msg.contains("pulsar://127.0.0.1:6650"), "{msg}");
            assert!(!msg.contains("s3cr3t"), "{msg}");
        }
        other => panic!("unexpected status {other:?}"),
    }
    let mut h = h;
    h.receiver.shutdown().await.unwrap();
}

#[tokio::test]
async fn the_token_file_is_read_again_at_every_connect() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("token");
    std::fs::write(&file, "old-token\n").unwrap();
    let broker = FakeBroker::with_token("new-token");
    broker.publish(1);
    let extra = format!("auth:\n  token_file: {}", file.display());
    let mut h = start(&broker, &extra).await;
    wait_until("a refused attempt", || broker.state().connects >= 1).await;
    std::fs::write(&file, "new-token\n").unwrap();
    let batch = h.next_batch().await;
    batch.deliver();
    wait_until("the ack", || broker.acked().len() == 1).await;
    assert_eq!(h.status(), Some(ComponentStatus::Ok));
    let seen = broker.state().tokens_seen.clone();
    assert_eq!(
        seen.first().cloned().flatten().as_deref(),
        Some("old-token")
    );
    assert_eq!(seen.last().cloned().flatten().as_deref(), Some("new-token"));
    h.receiver.shutdown().await.unwrap();
}

#[tokio::test]
async fn the_idle_watchdog_rebuilds_a_silent_connection() {
    let broker = FakeBroker::default();
    let mut h = start(&broker, "idle_timeout: 100ms").await;
    wait_until("a rebuilt connection", || broker.state().connects >= 2).await;
    broker.publish(1);
    let batch = h.next_batch().await;
    batch.deliver();
    wait_until("the ack", || broker.acked().len() == 1).await;
    h.receiver.shutdown().await.unwrap();
}

#[tokio::test]
async fn shutdown_flushes_what_was_received_and_acks_it_once_delivered() {
    let broker = FakeBroker::default();
    broker.publish(3);
    let mut h = start(&broker, "flush_interval: 1h").await;
    wait_until("three handed out", || broker.unacked() == 3).await;
    let mut batches = std::mem::replace(&mut h.batches, mpsc::channel(1).1);
    let sink = tokio::spawn(async move {
        let mut n = 0;
        while let Some(batch) = batches.recv().await {
            n += ids(&batch).len();
            batch.deliver();
        }
        n
    });
    // Shutdown flushes the pending group; the sink delivers it; then the acks go out.
    h.receiver.shutdown().await.unwrap();
    assert_eq!(broker.acked().len(), 3);
    drop(h);
    assert_eq!(sink.await.unwrap(), 3);
}
