//! One exporter wrapped in the shared machinery: batches from its intake go into the sending
//! queue (memory, persistent, or none), consumers send them with retries and timeouts, and
//! every batch's acks are resolved — when delivered or finally failed (memory queue, no
//! queue), or once durably stored (persistent queue).

use super::batcher::{merge, split, Accumulator, HasBatch};
use super::config::{ExporterHelperSettings, QueueBatchConfig};
use super::memory_queue::{MemoryQueue, Queued};
use super::obs::ExporterMetrics;
use super::persistent_queue::{Dispatched, PersistentQueue};
use super::retry::{send, SendError};
use super::shutdown::{Interrupts, ShutdownDeadline};
use super::sizer::Sizer;
use crate::batch::LogsBatch;
use crate::component::{ComponentError, ComponentId, Exporter, Kind};
use crate::host::Host;
use crate::telemetry::Telemetry;
use std::sync::Arc;
use tokio::sync::{mpsc, OwnedSemaphorePermit, Semaphore};
use tokio::task::JoinSet;

enum Queue {
    None,
    Memory(MemoryQueue),
    Persistent(PersistentQueue),
}

struct Shared {
    id: ComponentId,
    exporter: Arc<dyn Exporter>,
    settings: ExporterHelperSettings,
    metrics: ExporterMetrics,
    interrupts: Interrupts,
    queue: Queue,
}

/// An exporter's sending machinery, started and ready to run over its intake.
pub struct QueueSender(Arc<Shared>);

fn invalid(msg: impl std::fmt::Display) -> ComponentError {
    ComponentError::new(format!("sending_queue: {msg}"))
}

impl QueueSender {
    /// Builds the queue the exporter's `helper_settings()` ask for. A persistent queue opens
    /// its storage client here (`exporter_<type>_<name>_logs`) and loads what was left in it.
    pub async fn start(
        id: ComponentId,
        exporter: Arc<dyn Exporter>,
        host: &Host,
        telemetry: &Telemetry,
        deadline: &ShutdownDeadline,
    ) -> Result<Self, ComponentError> {
        let settings = exporter.helper_settings();
        let metrics = ExporterMetrics::new(telemetry, &id);
        let config = &settings.queue;
        let queue = if !config.enabled {
            Queue::None
        } else {
            let sizer = config
                .sizer_kind()
                .ok_or_else(|| invalid(format!("invalid sizer: {:?}", config.sizer)))?;
            let capacity = u64::try_from(config.queue_size)
                .ok()
                .filter(|c| *c > 0)
                .ok_or_else(|| invalid("`queue_size` must be positive"))?;
            if config.num_consumers == 0 {
                return Err(invalid("`num_consumers` must be positive"));
            }
            ExporterMetrics::set_capacity(telemetry, &id, capacity);
            let block = config.blocks_on_overflow();
            let gauge = metrics.queue_size.clone();
            match config.storage_id().map_err(invalid)? {
                None => Queue::Memory(MemoryQueue::new(capacity, sizer, block, gauge)),
                Some(storage) => {
                    let client = host
                        .storage(&storage)?
                        .client(Kind::Exporter, &id, "logs")
                        .await?;
                    let queue =
                        PersistentQueue::open(id.clone(), client, capacity, sizer, block, gauge);
                    Queue::Persistent(queue.await?)
                }
            }
        };
        let interrupts = deadline.interrupts(matches!(queue, Queue::Persistent(_)));
        Ok(QueueSender(Arc::new(Shared {
            id,
            exporter,
            settings,
            metrics,
            interrupts,
            queue,
        })))
    }

    /// Runs until the intake closes (shutdown), then drains: a memory queue sends what it
    /// holds (until the shutdown deadline); a persistent queue keeps it for the next start.
    pub async fn run(self, mut intake: mpsc::Receiver<LogsBatch>) {
        let shared = self.0;
        let mut consumers = JoinSet::new();
        match (&shared.queue, shared.settings.queue.batch.clone()) {
            (Queue::None, _) => {}
            (_, Some(batch)) => {
                consumers.spawn(shared.clone().consume_batched(batch));
            }
            (_, None) => {
                for _ in 0..shared.settings.queue.num_consumers {
                    consumers.spawn(shared.clone().consume());
                }
            }
        }
        while let Some(batch) = intake.recv().await {
            shared.take(batch, intake.len()).await;
        }
        shared.interrupts.begin_stopping();
        match &shared.queue {
            Queue::None => {}
            Queue::Memory(queue) => queue.close(),
            Queue::Persistent(queue) => queue.close(),
        }
        while consumers.join_next().await.is_some() {}
        if let Queue::Persistent(queue) = &shared.queue {
            queue.shutdown().await;
        }
    }
}

impl Shared {
    /// Takes one batch from the intake: sends it (no queue) or enqueues it.
    async fn take(&self, batch: LogsBatch, backlog: usize) {
        match &self.queue {
            Queue::None => {
                self.metrics.queue_size.set(backlog as i64);
                let result = self.send(&batch).await;
                self.resolve(batch, result, false);
            }
            Queue::Memory(queue) => {
                if let Err((batch, reason)) = queue.offer(batch, &self.interrupts).await {
                    self.refuse(batch, &reason);
                }
            }
            Queue::Persistent(queue) => match queue.offer(&batch, &self.interrupts).await {
                Ok(()) => batch.deliver(),
                Err(reason) => self.refuse(batch, &reason),
            },
        }
    }

    async fn send(&self, batch: &LogsBatch) -> Result<(), SendError> {
        send(
            &self.id,
            self.exporter.as_ref(),
            batch,
            &self.settings,
            &self.interrupts,
        )
        .await
    }

    /// One consumer of the queue.
    async fn consume(self: Arc<Self>) {
        match &self.queue {
            Queue::None => {}
            Queue::Memory(queue) => {
                while let Some(item) = queue.next().await {
                    let result = self.send(&item.batch).await;
                    self.resolve(item.batch, result, true);
                    queue.done(item.size);
                }
            }
            Queue::Persistent(queue) => {
                // Past the abandon time nothing can be sent: leave the rest stored.
                while !self.interrupts.is_abandoned() {
                    let Some(item) = queue.next().await else {
                        break;
                    };
                    let result = self.send(&item.batch).await;
                    self.settle_stored(queue, &item, result).await;
                }
            }
        }
    }

    /// The queue with `sending_queue.batch`: a reader task takes batches from the queue, this
    /// task merges them per partition, and up to `num_consumers` merged groups are sent at a
    /// time. (The reader keeps `next()` from being cancelled halfway through a storage read.)
    async fn consume_batched(self: Arc<Self>, config: QueueBatchConfig) {
        let sizer = config.sizer_kind().unwrap_or(Sizer::Items);
        let max_size = u64::try_from(config.max_size).unwrap_or(0);
        match &self.queue {
            Queue::None => {}
            Queue::Memory(_) => {
                let (tx, rx) = mpsc::channel::<Queued>(1);
                let reader = self.clone();
                tokio::spawn(async move {
                    let Queue::Memory(queue) = &reader.queue else {
                        return;
                    };
                    while let Some(item) = queue.next().await {
                        if let Err(unsent) = tx.send(item).await {
                            // Not reached (the batcher outlives the reader); never lose acks.
                            let item = unsent.0;
                            item.batch.fail(&format!("exporter {}: stopped", reader.id));
                            queue.done(item.size);
                        }
                    }
                });
                let me = self.clone();
                self.merge_and_send(&config, rx, move |items, slot| {
                    me.clone().send_memory_group(items, sizer, max_size, slot)
                })
                .await;
            }
            Queue::Persistent(_) => {
                let (tx, rx) = mpsc::channel::<Dispatched>(1);
                let reader = self.clone();
                tokio::spawn(async move {
                    let Queue::Persistent(queue) = &reader.queue else {
                        return;
                    };
                    // Past the abandon time nothing can be sent: leave the rest stored.
                    while !reader.interrupts.is_abandoned() {
                        let Some(item) = queue.next().await else {
                            break;
                        };
                        // A refused item stays stored, listed as being sent: sent after restart.
                        if tx.send(item).await.is_err() {
                            break;
                        }
                    }
                });
                let me = self.clone();
                self.merge_and_send(&config, rx, move |items, slot| {
                    me.clone().send_stored_group(items, sizer, max_size, slot)
                })
                .await;
            }
        }
    }

    /// Groups items per partition until `min_size` or `flush_timeout`, and hands each group to
    /// `send` once a sending slot is free; at the end flushes the rest and waits for the sends.
    async fn merge_and_send<T, F, Fut>(
        &self,
        config: &QueueBatchConfig,
        mut items: mpsc::Receiver<T>,
        send: F,
    ) where
        T: HasBatch + Send + 'static,
        F: Fn(Vec<T>, Option<OwnedSemaphorePermit>) -> Fut,
        Fut: std::future::Future<Output = ()> + Send + 'static,
    {
        let slots = Arc::new(Semaphore::new(self.settings.queue.num_consumers.max(1)));
        let mut senders = JoinSet::new();
        let mut pending: Accumulator<T> = Accumulator::new(config);
        loop {
            let deadline = pending.next_deadline();
            let groups = tokio::select! {
                item = items.recv() => match item {
                    Some(item) => pending.push(item).into_iter().collect(),
                    None => break,
                },
                _ = sleep_until(deadline), if deadline.is_some() => {
                    pending.take_expired(tokio::time::Instant::now())
                }
            };
            for group in groups {
                let slot = acquire(&slots).await;
                senders.spawn(send(group, slot));
            }
            while senders.try_join_next().is_some() {}
        }
        for group in pending.take_all() {
            let slot = acquire(&slots).await;
            senders.spawn(send(group, slot));
        }
        while senders.join_next().await.is_some() {}
    }

    /// Sends one merged group from the memory queue, then frees its queue space.
    async fn send_memory_group(
        self: Arc<Self>,
        mut items: Vec<Queued>,
        sizer: Sizer,
        max_size: u64,
        _slot: Option<OwnedSemaphorePermit>,
    ) {
        let queue_size: u64 = items.iter().map(|i| i.size).sum();
        for part in split(merge(&mut items), sizer, max_size) {
            let result = self.send(&part).await;
            self.resolve(part, result, true);
        }
        if let Queue::Memory(queue) = &self.queue {
            queue.done(queue_size);
        }
    }

    /// Sends one merged group read from the persistent queue; its items are deleted once every
    /// part was sent or finally failed, and stay stored when shutdown interrupted sending.
    async fn send_stored_group(
        self: Arc<Self>,
        mut items: Vec<Dispatched>,
        sizer: Sizer,
        max_size: u64,
        _slot: Option<OwnedSemaphorePermit>,
    ) {
        let Queue::Persistent(queue) = &self.queue else {
            return;
        };
        for part in split(merge(&mut items), sizer, max_size) {
            let records = part.record_count() as u64;
            match self.send(&part).await {
                Ok(()) => self.metrics.sent.add(records),
                Err(SendError::Final(err)) => {
                    self.metrics.failed.add(records);
                    tracing::error!(exporter = %self.id, error = %err, dropped_items = records, "Exporting failed. Dropping data.");
                }
                Err(SendError::Shutdown(err)) => {
                    tracing::info!(exporter = %self.id, error = %err, items = records, "Sending stopped by shutdown; the merged batches stay in the persistent queue and are sent after the next start.");
                    return;
                }
            }
        }
        for item in &items {
            queue.complete(item).await;
        }
    }

    /// Counts the outcome and resolves the batch's acks.
    fn resolve(&self, batch: LogsBatch, result: Result<(), SendError>, queued: bool) {
        let records = batch.record_count();
        match result {
            Ok(()) => {
                self.metrics.sent.add(records as u64);
                batch.deliver();
            }
            Err(err) => {
                self.metrics.failed.add(records as u64);
                if queued {
                    tracing::error!(exporter = %self.id, error = %err, dropped_items = records, "Exporting failed. Dropping data.");
                } else {
                    tracing::error!(exporter = %self.id, error = %err, dropped_items = records, "Exporting failed; the failure is reported back to the receiver.");
                }
                batch.fail(&format!("exporter {}: {err}", self.id));
            }
        }
    }

    /// A stored batch is deleted once sent or finally failed; interrupted, it stays stored.
    async fn settle_stored(
        &self,
        queue: &PersistentQueue,
        item: &Dispatched,
        result: Result<(), SendError>,
    ) {
        let records = item.size.items;
        match result {
            Ok(()) => self.metrics.sent.add(records),
            Err(SendError::Final(err)) => {
                self.metrics.failed.add(records);
                tracing::error!(exporter = %self.id, error = %err, dropped_items = records, "Exporting failed. Dropping data.");
            }
            Err(SendError::Shutdown(err)) => {
                tracing::info!(exporter = %self.id, error = %err, items = records, "Sending stopped by shutdown; the batch stays in the persistent queue and is sent after the next start.");
                return;
            }
        }
        queue.complete(item).await;
    }

    /// The queue did not take the batch: its acks fail at once.
    fn refuse(&self, batch: LogsBatch, reason: &str) {
        let records = batch.record_count();
        self.metrics.enqueue_failed.add(records as u64);
        tracing::warn!(exporter = %self.id, error = %reason, rejected_items = records, "Failed to enqueue the batch; the failure is reported back to the receiver.");
        batch.fail(&format!("exporter {}: {reason}", self.id));
    }
}

/// A sending slot; the semaphore is never closed.
async fn acquire(slots: &Arc<Semaphore>) -> Option<OwnedSemaphorePermit> {
    slots.clone().acquire_owned().await.ok()
}

/// Sleeps until `deadline` (never called without one).
async fn sleep_until(deadline: Option<tokio::time::Instant>) {
    match deadline {
        Some(at) => tokio::time::sleep_until(at).await,
        None => std::future::pending().await,
    }
}
