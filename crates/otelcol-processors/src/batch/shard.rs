//! One batch in the making (Go `shard`): the pending input batches of one metadata value
//! combination, cut into output batches without losing any ack.

use otelcol_core::{ClientContext, LogsBatch};
use std::collections::VecDeque;
use std::sync::Arc;
use tokio::time::Instant;

/// Pending data of one shard. Each input batch keeps its own acks until its last record has
/// been cut into an output batch, so an ack resolves as soon as all its records are out.
pub(super) struct Shard {
    /// The request context the output batches carry (the shard's metadata values only).
    client: Arc<ClientContext>,
    /// Input batches in arrival order, each with its record count.
    pending: VecDeque<(usize, LogsBatch)>,
    count: usize,
    /// When the shard's timer fires next (timer mode only).
    pub deadline: Option<Instant>,
}

impl Shard {
    pub fn new(client: Arc<ClientContext>, deadline: Option<Instant>) -> Self {
        Shard {
            client,
            pending: VecDeque::new(),
            count: 0,
            deadline,
        }
    }

    /// Records held.
    pub fn count(&self) -> usize {
        self.count
    }

    /// Appends an input batch with `records` (> 0) log records.
    pub fn add(&mut self, records: usize, batch: LogsBatch) {
        self.count += records;
        self.pending.push_back((records, batch));
    }

    /// Cuts the first `n` held records (all if `n` >= count) into one output batch. Whole
    /// input batches move with their acks; a split input batch gives both parts a share of
    /// its acks (`LogsBatch::split_off_front`).
    pub fn take(&mut self, n: usize) -> LogsBatch {
        let mut out =
            LogsBatch::new(Vec::new(), Default::default()).with_client(self.client.clone());
        let mut remaining = n.min(self.count);
        self.count -= remaining;
        while remaining > 0 {
            let Some((records, front)) = self.pending.front_mut() else {
                break;
            };
            if *records <= remaining {
                remaining -= *records;
                if let Some((_, whole)) = self.pending.pop_front() {
                    out.append(whole);
                }
            } else {
                out.append(front.split_off_front(remaining));
                *records -= remaining;
                remaining = 0;
            }
        }
        out
    }
}
