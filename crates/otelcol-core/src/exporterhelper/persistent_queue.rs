//! The persistent sending queue (`sending_queue.storage`): each batch is written to the
//! exporter's storage client before its acks resolve; consumers read in write order, and an
//! item is deleted only once sent or finally failed. Every change of the queue is one atomic
//! `StorageClient::batch` (item + metadata), so a crash at any point leaves a consistent queue;
//! items being sent at the crash are sent again first after the restart (at least once).

use super::memory_queue::{QUEUE_FULL, TOO_LARGE};
use super::shutdown::Interrupts;
use super::sizer::{BatchSize, Sizer};
use super::stored::{decode_batch, encode_batch, item_key, QueueMetadata, METADATA_KEY};
use crate::batch::LogsBatch;
use crate::component::{ComponentError, ComponentId};
use crate::storage::{StorageClient, StorageOp};
use crate::telemetry::Gauge;
use prost::Message;
use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use tokio::sync::{Mutex, Notify};

/// A batch read from storage; finish it with `complete` (sent or dropped) or leave it stored.
pub(crate) struct Dispatched {
    pub index: u64,
    pub batch: LogsBatch,
    pub size: BatchSize,
}

/// How long to wait before reading again after the storage refused a read.
const STORAGE_RETRY: std::time::Duration = std::time::Duration::from_secs(1);

enum Read {
    Item(Dispatched),
    Dropped,
    StorageFailed,
}

struct State {
    meta: QueueMetadata,
    /// Indexes to send, in order: items interrupted by the last stop first, then the rest.
    pending: VecDeque<u64>,
}

pub(crate) struct PersistentQueue {
    id: ComponentId,
    client: Arc<dyn StorageClient>,
    state: Mutex<State>,
    closed: AtomicBool,
    item_ready: Notify,
    space_freed: Notify,
    capacity: u64,
    sizer: Sizer,
    block_on_overflow: bool,
    size_gauge: Gauge,
}

impl PersistentQueue {
    /// Loads the queue left by the previous run (if any) from `client`.
    pub async fn open(
        id: ComponentId,
        client: Arc<dyn StorageClient>,
        capacity: u64,
        sizer: Sizer,
        block_on_overflow: bool,
        size_gauge: Gauge,
    ) -> Result<Self, ComponentError> {
        let meta = match client.get(METADATA_KEY).await? {
            None => QueueMetadata::default(),
            Some(bytes) => QueueMetadata::decode(bytes.as_slice()).unwrap_or_else(|e| {
                tracing::error!(exporter = %id, error = %e, "Failed getting metadata, starting with new ones");
                QueueMetadata::default()
            }),
        };
        let mut interrupted = meta.dispatched.clone();
        interrupted.sort_unstable();
        let pending: VecDeque<u64> = interrupted
            .into_iter()
            .chain(meta.read_index..meta.write_index)
            .collect();
        if !pending.is_empty() {
            tracing::info!(exporter = %id, items = pending.len(), interrupted = meta.dispatched.len(), "Loaded the persistent queue left by the previous run; sending it first");
        }
        let queue = PersistentQueue {
            id,
            client,
            state: Mutex::new(State { meta, pending }),
            closed: AtomicBool::new(false),
            item_ready: Notify::new(),
            space_freed: Notify::new(),
            capacity,
            sizer,
            block_on_overflow,
            size_gauge,
        };
        let used = queue.used(&queue.state.lock().await.meta);
        queue.size_gauge.set(gauge_value(used));
        Ok(queue)
    }

    fn used(&self, meta: &QueueMetadata) -> u64 {
        match self.sizer {
            Sizer::Requests => meta.requests(),
            Sizer::Items => u64::try_from(meta.items_size).unwrap_or(0),
            Sizer::Bytes => u64::try_from(meta.bytes_size).unwrap_or(0),
        }
    }

    /// Writes `batch` durably (waiting for space when `block_on_overflow`, until the shutdown
    /// deadline). `Ok` means the batch is stored: its acks may resolve as delivered.
    pub async fn offer(&self, batch: &LogsBatch, interrupts: &Interrupts) -> Result<(), String> {
        let size = BatchSize::of(batch);
        let units = size.in_units(self.sizer);
        if units == 0 {
            return Ok(());
        }
        if units > self.capacity {
            return Err(TOO_LARGE.to_string());
        }
        let value = encode_batch(batch);
        loop {
            let space = self.space_freed.notified();
            tokio::pin!(space);
            space.as_mut().enable();
            {
                let mut state = self.state.lock().await;
                if self.used(&state.meta) + units <= self.capacity {
                    let index = state.meta.write_index;
                    let mut meta = state.meta.clone();
                    meta.write_index += 1;
                    meta.add(size);
                    let ops = vec![
                        StorageOp::Set(item_key(index), value),
                        StorageOp::Set(METADATA_KEY.into(), meta.encode_to_vec()),
                    ];
                    self.client.batch(ops).await.map_err(|e| {
                        format!("failed to write the batch to the persistent queue: {e}")
                    })?;
                    self.size_gauge.set(gauge_value(self.used(&meta)));
                    state.meta = meta;
                    state.pending.push_back(index);
                    drop(state);
                    self.item_ready.notify_one();
                    return Ok(());
                }
            }
            if !self.block_on_overflow {
                return Err(QUEUE_FULL.to_string());
            }
            tokio::select! {
                _ = space => {}
                _ = interrupts.abandoned() => return Err(format!("interrupted due to shutdown: {QUEUE_FULL}")),
            }
        }
    }

    /// The next stored batch, marked as being sent; `None` once the queue is closed.
    pub async fn next(&self) -> Option<Dispatched> {
        loop {
            let ready = self.item_ready.notified();
            tokio::pin!(ready);
            ready.as_mut().enable();
            if self.closed.load(Ordering::Acquire) {
                return None;
            }
            let mut storage_failed = false;
            {
                let mut state = self.state.lock().await;
                while let Some(index) = state.pending.pop_front() {
                    match self.dispatch(&mut state, index).await {
                        Read::Item(item) => return Some(item),
                        Read::Dropped => {}
                        Read::StorageFailed => {
                            state.pending.push_front(index);
                            storage_failed = true;
                            break;
                        }
                    }
                }
            }
            if storage_failed {
                // The storage refused the read: try again shortly, unless stopping.
                tokio::select! {
                    _ = tokio::time::sleep(STORAGE_RETRY) => {}
                    _ = &mut ready => {}
                }
                continue;
            }
            ready.await;
        }
    }

    /// Reads item `index` and records it as being sent, in one transaction. An item that is
    /// missing or cannot be decoded is dropped (logged), as Go does.
    async fn dispatch(&self, state: &mut State, index: u64) -> Read {
        let mut meta = state.meta.clone();
        if !meta.dispatched.contains(&index) {
            meta.dispatched.push(index);
        }
        meta.read_index = meta.read_index.max(index + 1);
        let mut ops = vec![StorageOp::Get(item_key(index))];
        if meta != state.meta {
            ops.push(StorageOp::Set(METADATA_KEY.into(), meta.encode_to_vec()));
        }
        let read = match self.client.batch(ops).await {
            Ok(mut results) => {
                state.meta = meta;
                results.swap_remove(0)
            }
            Err(e) => {
                tracing::error!(exporter = %self.id, index, error = %e, "Failed to read an item of the persistent queue; will try again");
                return Read::StorageFailed;
            }
        };
        match read.map(|bytes| decode_batch(&bytes)) {
            Some(Ok(batch)) => {
                let size = BatchSize::of(&batch);
                Read::Item(Dispatched { index, batch, size })
            }
            Some(Err(e)) => {
                tracing::error!(exporter = %self.id, index, error = %e, "Failed to decode an item of the persistent queue; dropping it");
                self.finish(state, index, None).await;
                Read::Dropped
            }
            None => {
                tracing::warn!(exporter = %self.id, index, "An item of the persistent queue is missing; skipping it");
                self.finish(state, index, None).await;
                Read::Dropped
            }
        }
    }

    /// The item was sent, or finally failed: delete it.
    pub async fn complete(&self, item: &Dispatched) {
        let mut state = self.state.lock().await;
        self.finish(&mut state, item.index, Some(item.size)).await;
    }

    async fn finish(&self, state: &mut State, index: u64, size: Option<BatchSize>) {
        let mut meta = state.meta.clone();
        meta.finish(index, size);
        let ops = vec![
            StorageOp::Delete(item_key(index)),
            StorageOp::Set(METADATA_KEY.into(), meta.encode_to_vec()),
        ];
        if let Err(e) = self.client.batch(ops).await {
            // The item stays stored and listed as being sent: it is sent again after a restart.
            tracing::error!(exporter = %self.id, index, error = %e, "Error deleting item from queue");
        }
        state.meta = meta;
        self.size_gauge.set(gauge_value(self.used(&state.meta)));
        self.space_freed.notify_one();
    }

    /// No more reads: consumers stop after the batch they are sending; the rest stays stored.
    pub fn close(&self) {
        self.closed.store(true, Ordering::Release);
        self.item_ready.notify_waiters();
    }

    /// Closes the storage client (after the consumers have stopped).
    pub async fn shutdown(&self) {
        if let Err(e) = self.client.close().await {
            tracing::error!(exporter = %self.id, error = %e, "Error closing the storage client of the persistent queue");
        }
    }
}

fn gauge_value(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}
