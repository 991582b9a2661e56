//! Delivery of grouped messages: one `LogsBatch` with one Ack per group; the messages are
//! acknowledged to Pulsar only once the Ack resolves Delivered, negatively acknowledged when
//! it fails. The slots (`max_unacked_messages`) are held until then.

use crate::convert;
use crate::tracker::{DeliveryTracker, MessageKey, Seen};
use otelcol_core::pdata::{InstrumentationScope, Resource, ResourceLogs, ScopeLogs};
use otelcol_core::telemetry::{names, Counter, Telemetry};
use otelcol_core::{Ack, AckOutcome, AckSet, LogsBatch, LogsConsumer};
use otelcol_pulsar::{MessageAcker, MessageId, ReceivedMessage};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio_util::task::TaskTracker;

/// A received message holding its slot.
pub type Slotted = (ReceivedMessage, OwnedSemaphorePermit);

/// Redeliveries of messages already delivered or in flight, not sent again.
pub const DUPLICATES: &str = "otelcol_receiver_astra_duplicates_dropped_total";

/// The collector's own metrics of this receiver.
struct Metrics {
    accepted: Counter,
    refused: Counter,
    duplicates: Counter,
}

impl Metrics {
    fn new(t: &Telemetry, receiver: &str) -> Self {
        let labels = [("receiver", receiver), ("transport", "pulsar")];
        Metrics {
            accepted: t.counter(
                names::RECEIVER_ACCEPTED,
                "Number of log records successfully pushed into the pipeline.",
                &labels,
            ),
            refused: t.counter(
                names::RECEIVER_REFUSED,
                "Number of log records that could not be pushed into the pipeline.",
                &labels,
            ),
            duplicates: t.counter(
                DUPLICATES,
                "Pulsar redeliveries acknowledged without being sent again.",
                &[("receiver", receiver)],
            ),
        }
    }
}

/// Counts for logs and tests.
#[derive(Debug, Default)]
pub struct DeliveryCounts {
    pub delivered: AtomicU64,
    pub failed: AtomicU64,
    pub duplicates: AtomicU64,
    pub acked: AtomicU64,
    pub nacked: AtomicU64,
}

/// What sessions and acknowledgement tasks share across reconnects.
pub struct Deliveries {
    pub receiver: String,
    pub output: LogsConsumer,
    pub resource: Resource,
    pub scope: InstrumentationScope,
    pub slots: Arc<Semaphore>,
    pub tasks: TaskTracker,
    pub counts: DeliveryCounts,
    metrics: Metrics,
    tracker: Mutex<DeliveryTracker>,
    /// The acker of the connection in use; `None` while disconnected.
    acker: Mutex<Option<Arc<dyn MessageAcker>>>,
}

impl Deliveries {
    pub fn new(
        receiver: String,
        telemetry: &Telemetry,
        output: LogsConsumer,
        resource: Resource,
        scope: InstrumentationScope,
        max_unacked: usize,
        dedupe_capacity: usize,
    ) -> Arc<Self> {
        Arc::new(Deliveries {
            metrics: Metrics::new(telemetry, &receiver),
            receiver,
            output,
            resource,
            scope,
            slots: Arc::new(Semaphore::new(max_unacked)),
            tasks: TaskTracker::new(),
            counts: DeliveryCounts::default(),
            tracker: Mutex::new(DeliveryTracker::new(dedupe_capacity)),
            acker: Mutex::new(None),
        })
    }

    fn tracker(&self) -> MutexGuard<'_, DeliveryTracker> {
        self.tracker.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn set_acker(&self, acker: Option<Arc<dyn MessageAcker>>) {
        *self.acker.lock().unwrap_or_else(|p| p.into_inner()) = acker;
    }

    fn acker(&self) -> Option<Arc<dyn MessageAcker>> {
        self.acker.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Sorts an arriving message: a new one is returned to be sent; a redelivery of a
    /// delivered one is acknowledged at once; one still in flight is dropped (its own
    /// acknowledgement covers it).
    pub async fn admit(&self, slotted: Slotted) -> Option<Slotted> {
        let key = (slotted.0.topic.clone(), slotted.0.id);
        let seen = self.tracker().arrive(&key);
        match seen {
            Seen::New => return Some(slotted),
            Seen::Delivered => {
                self.counts.duplicates.fetch_add(1, Ordering::Relaxed);
                self.metrics.duplicates.add(1);
                self.ack(&[key]).await;
            }
            Seen::InFlight => {
                self.counts.duplicates.fetch_add(1, Ordering::Relaxed);
                self.metrics.duplicates.add(1);
            }
        }
        tracing::debug!(receiver = %self.receiver, topic = %slotted.0.topic, id = %slotted.0.id, ?seen, "redelivered message not sent again");
        None
    }

    /// Sends the messages as one batch and spawns the task that acknowledges them once the
    /// batch's Ack resolves.
    pub async fn send(
        self: &Arc<Self>,
        group: Vec<Slotted>,
        observed: chrono::DateTime<chrono::Utc>,
    ) {
        if group.is_empty() {
            return;
        }
        let mut records = Vec::with_capacity(group.len());
        let mut keys = Vec::with_capacity(group.len());
        let mut permits = Vec::with_capacity(group.len());
        for (msg, permit) in group {
            records.push(convert::record(&msg, observed));
            keys.push((msg.topic, msg.id));
            permits.push(permit);
        }
        let rl = ResourceLogs {
            resource: Some(self.resource.clone()),
            scope_logs: vec![ScopeLogs {
                scope: Some(self.scope.clone()),
                log_records: records,
                schema_url: String::new(),
            }],
            schema_url: String::new(),
        };
        let (ack, waiter) = Ack::new();
        let this = self.clone();
        self.tasks.spawn(async move {
            let outcome = waiter.outcome().await;
            this.resolve(keys, outcome).await;
            drop(permits);
        });
        // A refused batch fails its Ack, which the task above turns into a nack.
        let _ = self
            .output
            .consume(LogsBatch::new(vec![rl], AckSet::single(ack)))
            .await;
    }

    async fn resolve(&self, keys: Vec<MessageKey>, outcome: AckOutcome) {
        let n = keys.len() as u64;
        match outcome {
            AckOutcome::Delivered => {
                {
                    let mut tracker = self.tracker();
                    for k in &keys {
                        tracker.delivered(k.clone());
                    }
                }
                self.counts.delivered.fetch_add(n, Ordering::Relaxed);
                self.metrics.accepted.add(n);
                self.ack(&keys).await;
            }
            AckOutcome::Failed(reason) => {
                {
                    let mut tracker = self.tracker();
                    for k in &keys {
                        tracker.abandoned(k);
                    }
                }
                self.counts.failed.fetch_add(n, Ordering::Relaxed);
                self.metrics.refused.add(n);
                tracing::warn!(receiver = %self.receiver, messages = n, reason = %reason, "delivery failed; the messages are negatively acknowledged for redelivery");
                self.nack(&keys).await;
            }
        }
    }

    /// Acknowledges through the current connection. Without one (or when the ack is lost)
    /// the broker redelivers and [`Deliveries::admit`] acknowledges the redelivery.
    async fn ack(&self, keys: &[MessageKey]) {
        let Some(acker) = self.acker() else { return };
        for (topic, id) in keys {
            match acker.ack(topic, id).await {
                Ok(()) => {
                    self.counts.acked.fetch_add(1, Ordering::Relaxed);
                }
                Err(e) => {
                    tracing::debug!(receiver = %self.receiver, topic = %topic, id = %id, error = %e, "ack not sent; the redelivery will be acknowledged without being sent again");
                    return;
                }
            }
        }
    }

    async fn nack(&self, keys: &[MessageKey]) {
        let Some(acker) = self.acker() else { return };
        let mut by_topic: BTreeMap<&str, Vec<MessageId>> = BTreeMap::new();
        for (topic, id) in keys {
            by_topic.entry(topic.as_str()).or_default().push(*id);
        }
        for (topic, ids) in by_topic {
            match acker.nack(topic, &ids).await {
                Ok(()) => {
                    self.counts
                        .nacked
                        .fetch_add(ids.len() as u64, Ordering::Relaxed);
                }
                Err(e) => {
                    tracing::debug!(receiver = %self.receiver, topic = %topic, error = %e, "nack not sent; the broker redelivers after reconnect")
                }
            }
        }
    }
}
