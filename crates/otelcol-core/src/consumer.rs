//! `LogsConsumer`: a receiver's output — sends each batch into every pipeline the receiver
//! belongs to, over bounded channels (backpressure), and refuses data once stopped.

use crate::batch::LogsBatch;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use tokio::sync::mpsc;

/// Why a batch was not taken.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConsumeError {
    #[error("the collector is shutting down; data refused")]
    ShuttingDown,
}

/// The handle a receiver sends batches through. Cheap to clone.
#[derive(Clone)]
pub struct LogsConsumer {
    pipelines: Arc<[mpsc::Sender<LogsBatch>]>,
    closed: Arc<AtomicBool>,
}

impl LogsConsumer {
    pub fn new(pipelines: Vec<mpsc::Sender<LogsBatch>>) -> Self {
        LogsConsumer {
            pipelines: pipelines.into(),
            closed: Arc::new(AtomicBool::new(false)),
        }
    }

    /// Sends the batch to every pipeline (a fork for all but the last). Waits while a
    /// pipeline's queue is full. On refusal the batch's acks are resolved as failed.
    pub async fn consume(&self, batch: LogsBatch) -> Result<(), ConsumeError> {
        if self.closed.load(Ordering::Acquire) {
            batch.fail(&ConsumeError::ShuttingDown.to_string());
            return Err(ConsumeError::ShuttingDown);
        }
        let reason = ConsumeError::ShuttingDown.to_string();
        if !send_to_each(&self.pipelines, batch, &reason).await {
            return Err(ConsumeError::ShuttingDown);
        }
        Ok(())
    }

    /// Refuses everything from now on (the runtime calls this after the receivers stop).
    pub fn close(&self) {
        self.closed.store(true, Ordering::Release);
    }

    pub fn is_closed(&self) -> bool {
        self.closed.load(Ordering::Acquire)
    }
}

/// Sends `batch` to every target, a fork (new ack shares) for all but the last, waiting while
/// a target's queue is full. A target that is closed gets its share failed with `reason`.
/// Returns whether every target took the batch.
pub(crate) async fn send_to_each(
    targets: &[mpsc::Sender<LogsBatch>],
    batch: LogsBatch,
    reason: &str,
) -> bool {
    let last = targets.len().saturating_sub(1);
    let mut batch = Some(batch);
    let mut all_taken = true;
    for (i, target) in targets.iter().enumerate() {
        let item = if i == last {
            batch.take()
        } else {
            batch.as_ref().map(LogsBatch::fork)
        };
        let Some(item) = item else { break };
        if let Err(mpsc::error::SendError(refused)) = target.send(item).await {
            refused.fail(reason);
            all_taken = false;
        }
    }
    all_taken
}
