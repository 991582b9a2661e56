//! `sending_queue.batch`: batches taken from the queue are merged per partition of client
//! metadata until `min_size` is reached or `flush_timeout` has passed, then split at `max_size`.

use super::config::QueueBatchConfig;
use super::sizer::Sizer;
use crate::batch::LogsBatch;
use std::collections::HashMap;
use std::time::Duration;
use tokio::time::Instant;

/// The values of the `metadata_keys` in a batch's client metadata (`None`: key not sent).
type PartitionKey = Vec<Option<Vec<String>>>;

/// Items of one partition waiting to be merged.
struct Pending<T> {
    items: Vec<T>,
    size: u64,
    deadline: Instant,
}

/// A queue item carrying a batch.
pub(crate) trait HasBatch {
    fn batch(&self) -> &LogsBatch;
    fn take_batch(&mut self) -> LogsBatch;
}

impl HasBatch for super::memory_queue::Queued {
    fn batch(&self) -> &LogsBatch {
        &self.batch
    }
    fn take_batch(&mut self) -> LogsBatch {
        std::mem::take(&mut self.batch)
    }
}

impl HasBatch for super::persistent_queue::Dispatched {
    fn batch(&self) -> &LogsBatch {
        &self.batch
    }
    fn take_batch(&mut self) -> LogsBatch {
        std::mem::take(&mut self.batch)
    }
}

/// Collects queue items into groups to send together.
pub(crate) struct Accumulator<T> {
    sizer: Sizer,
    min_size: u64,
    flush_timeout: Duration,
    metadata_keys: Vec<String>,
    partitions: HashMap<PartitionKey, Pending<T>>,
}

impl<T: HasBatch> Accumulator<T> {
    pub fn new(config: &QueueBatchConfig) -> Self {
        Accumulator {
            sizer: config.sizer_kind().unwrap_or(Sizer::Items),
            min_size: u64::try_from(config.min_size).unwrap_or(0),
            flush_timeout: config.flush_timeout.as_std(),
            metadata_keys: config
                .metadata_keys
                .iter()
                .map(|k| k.to_lowercase())
                .collect(),
            partitions: HashMap::new(),
        }
    }

    fn key_of(&self, batch: &LogsBatch) -> PartitionKey {
        self.metadata_keys
            .iter()
            .map(|k| batch.client.metadata.get(k).cloned())
            .collect()
    }

    /// Adds `item`; returns its partition's items once they reach `min_size`.
    pub fn push(&mut self, item: T) -> Option<Vec<T>> {
        let key = self.key_of(item.batch());
        let size = self.sizer.size_of(item.batch());
        let deadline = Instant::now() + self.flush_timeout;
        let pending = self.partitions.entry(key.clone()).or_insert(Pending {
            items: Vec::new(),
            size: 0,
            deadline,
        });
        pending.items.push(item);
        pending.size += size;
        if pending.size >= self.min_size {
            return self.partitions.remove(&key).map(|p| p.items);
        }
        None
    }

    /// When the oldest partition's `flush_timeout` ends.
    pub fn next_deadline(&self) -> Option<Instant> {
        self.partitions.values().map(|p| p.deadline).min()
    }

    /// The partitions whose `flush_timeout` has passed at `now`.
    pub fn take_expired(&mut self, now: Instant) -> Vec<Vec<T>> {
        let expired: Vec<PartitionKey> = self
            .partitions
            .iter()
            .filter(|(_, p)| p.deadline <= now)
            .map(|(k, _)| k.clone())
            .collect();
        expired
            .into_iter()
            .filter_map(|k| self.partitions.remove(&k).map(|p| p.items))
            .collect()
    }

    /// Everything still pending (at shutdown).
    pub fn take_all(&mut self) -> Vec<Vec<T>> {
        self.partitions.drain().map(|(_, p)| p.items).collect()
    }
}

/// One batch from the items' batches (taken out of them): resource logs in order, every ack
/// kept, the first client context.
pub(crate) fn merge<T: HasBatch>(items: &mut [T]) -> LogsBatch {
    let mut iter = items.iter_mut().map(|i| i.take_batch());
    let Some(mut merged) = iter.next() else {
        return LogsBatch::default();
    };
    for batch in iter {
        merged.append(batch);
    }
    merged
}

/// Splits `batch` into parts of at most `max_size` in `sizer` units (0: no limit). Bytes are
/// split by record count, from the batch's average encoded record size; a single record larger
/// than `max_size` travels alone.
pub(crate) fn split(mut batch: LogsBatch, sizer: Sizer, max_size: u64) -> Vec<LogsBatch> {
    let records = batch.record_count() as u64;
    if max_size == 0 || records <= 1 {
        return vec![batch];
    }
    let total = sizer.size_of(&batch);
    if total <= max_size {
        return vec![batch];
    }
    let per_part = match sizer {
        Sizer::Items | Sizer::Requests => max_size,
        Sizer::Bytes => (max_size * records / total).max(1),
    };
    let mut parts = Vec::new();
    while batch.record_count() as u64 > per_part {
        parts.push(batch.split_off_front(per_part as usize));
    }
    parts.push(batch);
    parts
}
