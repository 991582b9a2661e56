//! The in-memory sending queue: batches wait here for one of `num_consumers` consumers. Its
//! size (in the sizer's unit) counts a batch from enqueue until its export has finished, so
//! `queue_size` bounds queued plus in-flight data, as in Go.

use super::shutdown::Interrupts;
use super::sizer::Sizer;
use crate::batch::LogsBatch;
use crate::telemetry::Gauge;
use std::collections::VecDeque;
use std::sync::Mutex;
use tokio::sync::Notify;

/// Go's `ErrQueueIsFull` text.
pub const QUEUE_FULL: &str = "sending queue is full";
/// A batch larger than the whole queue can never be taken.
pub const TOO_LARGE: &str = "element size too large";

/// A batch taken from the queue; give its size back with [`MemoryQueue::done`].
pub(crate) struct Queued {
    pub batch: LogsBatch,
    pub size: u64,
}

#[derive(Default)]
struct State {
    items: VecDeque<Queued>,
    used: u64,
    closed: bool,
}

pub(crate) struct MemoryQueue {
    state: Mutex<State>,
    item_ready: Notify,
    space_freed: Notify,
    capacity: u64,
    sizer: Sizer,
    block_on_overflow: bool,
    size_gauge: Gauge,
}

impl MemoryQueue {
    pub fn new(capacity: u64, sizer: Sizer, block_on_overflow: bool, size_gauge: Gauge) -> Self {
        size_gauge.set(0);
        MemoryQueue {
            state: Mutex::default(),
            item_ready: Notify::new(),
            space_freed: Notify::new(),
            capacity,
            sizer,
            block_on_overflow,
            size_gauge,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Takes `batch`, waiting for space when `block_on_overflow` (until the shutdown
    /// deadline); otherwise a full queue refuses it at once. A batch of size 0 has nothing to
    /// send and is delivered here. On refusal the batch comes back with the reason.
    pub async fn offer(
        &self,
        batch: LogsBatch,
        interrupts: &Interrupts,
    ) -> Result<(), (LogsBatch, String)> {
        let size = self.sizer.size_of(&batch);
        if size == 0 {
            batch.deliver();
            return Ok(());
        }
        if size > self.capacity {
            return Err((batch, TOO_LARGE.to_string()));
        }
        loop {
            let space = self.space_freed.notified();
            tokio::pin!(space);
            space.as_mut().enable();
            {
                let mut state = self.lock();
                if state.used + size <= self.capacity {
                    state.used += size;
                    state.items.push_back(Queued { batch, size });
                    self.size_gauge.set(gauge_value(state.used));
                    drop(state);
                    self.item_ready.notify_one();
                    return Ok(());
                }
            }
            if !self.block_on_overflow {
                return Err((batch, QUEUE_FULL.to_string()));
            }
            tokio::select! {
                _ = space => {}
                _ = interrupts.abandoned() => {
                    return Err((batch, format!("interrupted due to shutdown: {QUEUE_FULL}")));
                }
            }
        }
    }

    /// The next batch, oldest first; `None` once the queue is closed and empty.
    pub async fn next(&self) -> Option<Queued> {
        loop {
            let ready = self.item_ready.notified();
            tokio::pin!(ready);
            ready.as_mut().enable();
            {
                let mut state = self.lock();
                if let Some(item) = state.items.pop_front() {
                    return Some(item);
                }
                if state.closed {
                    return None;
                }
            }
            ready.await;
        }
    }

    /// A consumer finished a batch (delivered or failed): its size is free again.
    pub fn done(&self, size: u64) {
        let mut state = self.lock();
        state.used = state.used.saturating_sub(size);
        self.size_gauge.set(gauge_value(state.used));
        drop(state);
        self.space_freed.notify_one();
    }

    /// No more offers; consumers drain what is queued, then `next` returns `None`.
    pub fn close(&self) {
        self.lock().closed = true;
        self.item_ready.notify_waiters();
    }
}

fn gauge_value(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}
