//! Delivery acknowledgement: every batch carries acks that resolve to delivered or failed,
//! so a receiver can await the outcome before it moves a checkpoint.
//!
//! A receiver makes one [`Ack`] per unit it wants to hear about and keeps the
//! [`AckWaiter`]. Each component that holds the batch ends its hold with [`Ack::deliver`]
//! or [`Ack::fail`]; fan-out and splitting clone the handle, batching merges sets of them.
//! The waiter resolves once every handle is finished: delivered only if none failed.
//! A handle dropped without an outcome counts as a failure, so data can never be lost
//! silently through a forgotten ack.

use std::sync::{Arc, Mutex};
use tokio::sync::oneshot;

/// The final outcome of everything that was done with one acknowledged unit of data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AckOutcome {
    /// Every destination delivered the data (or durably queued it).
    Delivered,
    /// At least one destination failed; the message names the first failure.
    Failed(String),
}

impl AckOutcome {
    pub fn is_delivered(&self) -> bool {
        matches!(self, AckOutcome::Delivered)
    }
}

struct Shared {
    first_failure: Mutex<Option<String>>,
    notify: Mutex<Option<oneshot::Sender<AckOutcome>>>,
}

impl Drop for Shared {
    fn drop(&mut self) {
        let failure = self.first_failure.get_mut().ok().and_then(|f| f.take());
        let outcome = match failure {
            Some(msg) => AckOutcome::Failed(msg),
            None => AckOutcome::Delivered,
        };
        if let Some(tx) = self.notify.get_mut().ok().and_then(|n| n.take()) {
            let _ = tx.send(outcome);
        }
    }
}

/// One holder's share of an acknowledgement. Clone it to hand a share to another holder.
pub struct Ack {
    shared: Option<Arc<Shared>>,
}

impl Ack {
    /// A new acknowledgement and the waiter that learns its outcome.
    pub fn new() -> (Ack, AckWaiter) {
        let (tx, rx) = oneshot::channel();
        let shared = Arc::new(Shared {
            first_failure: Mutex::new(None),
            notify: Mutex::new(Some(tx)),
        });
        (
            Ack {
                shared: Some(shared),
            },
            AckWaiter { rx },
        )
    }

    /// This share reached its destination.
    pub fn deliver(mut self) {
        self.shared.take();
    }

    /// This share could not be delivered.
    pub fn fail(mut self, reason: impl Into<String>) {
        if let Some(shared) = self.shared.take() {
            record_failure(&shared, reason.into());
        }
    }
}

fn record_failure(shared: &Shared, reason: String) {
    if let Ok(mut slot) = shared.first_failure.lock() {
        slot.get_or_insert(reason);
    }
}

impl Clone for Ack {
    fn clone(&self) -> Self {
        Ack {
            shared: self.shared.clone(),
        }
    }
}

impl Drop for Ack {
    fn drop(&mut self) {
        if let Some(shared) = self.shared.take() {
            record_failure(&shared, "data was dropped before delivery".to_string());
        }
    }
}

impl std::fmt::Debug for Ack {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Ack")
    }
}

/// Awaits the outcome of an [`Ack`] and all its clones.
pub struct AckWaiter {
    rx: oneshot::Receiver<AckOutcome>,
}

impl AckWaiter {
    /// Resolves once every share is finished.
    pub async fn outcome(self) -> AckOutcome {
        self.rx
            .await
            .unwrap_or_else(|_| AckOutcome::Failed("acknowledgement was lost".to_string()))
    }
}

/// The acks of everything merged into one batch. Empty for data nobody waits for.
#[derive(Debug, Default, Clone)]
pub struct AckSet {
    acks: Vec<Ack>,
}

impl AckSet {
    pub fn none() -> Self {
        AckSet::default()
    }

    pub fn single(ack: Ack) -> Self {
        AckSet { acks: vec![ack] }
    }

    pub fn len(&self) -> usize {
        self.acks.len()
    }

    pub fn is_empty(&self) -> bool {
        self.acks.is_empty()
    }

    pub fn push(&mut self, ack: Ack) {
        self.acks.push(ack);
    }

    /// Takes over all acks of `other` (batching merges acks).
    pub fn merge(&mut self, other: AckSet) {
        self.acks.extend(other.acks);
    }

    pub fn deliver(self) {
        for ack in self.acks {
            ack.deliver();
        }
    }

    pub fn fail(self, reason: &str) {
        for ack in self.acks {
            ack.fail(reason);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn delivered_when_every_share_delivers() {
        let (ack, waiter) = Ack::new();
        let other = ack.clone();
        ack.deliver();
        other.deliver();
        assert_eq!(waiter.outcome().await, AckOutcome::Delivered);
    }

    #[tokio::test]
    async fn one_failed_share_fails_the_whole() {
        let (ack, waiter) = Ack::new();
        let other = ack.clone();
        other.fail("exporter file: disk full");
        ack.deliver();
        assert_eq!(
            waiter.outcome().await,
            AckOutcome::Failed("exporter file: disk full".into())
        );
    }

    #[tokio::test]
    async fn dropped_share_counts_as_failure() {
        let (ack, waiter) = Ack::new();
        drop(ack);
        assert!(!waiter.outcome().await.is_delivered());
    }

    #[tokio::test]
    async fn merged_sets_resolve_each_origin() {
        let (a, wa) = Ack::new();
        let (b, wb) = Ack::new();
        let mut set = AckSet::single(a);
        set.merge(AckSet::single(b));
        let copy = set.clone();
        set.deliver();
        copy.fail("x");
        assert!(!wa.outcome().await.is_delivered());
        assert!(!wb.outcome().await.is_delivered());
    }
}
