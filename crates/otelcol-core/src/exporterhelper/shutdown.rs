//! How shutdown reaches an exporter's sending machinery: the runtime announces its deadline,
//! and retries, waits and attempts in flight end in time to report their outcome.

use std::time::Duration;
use tokio::sync::watch;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

/// Work still running this close to the runtime's deadline is abandoned, so that its acks are
/// failed (and a persistent queue left consistent) before the runtime aborts the task.
pub const ABANDON_MARGIN: Duration = Duration::from_secs(1);

/// The runtime's shutdown deadline, shared with every exporter. Cheap to clone.
#[derive(Clone)]
pub struct ShutdownDeadline(watch::Sender<Option<Instant>>);

impl Default for ShutdownDeadline {
    fn default() -> Self {
        ShutdownDeadline(watch::Sender::new(None))
    }
}

impl ShutdownDeadline {
    /// Shutdown has begun; everything must be finished within `within`.
    pub fn begin(&self, within: Duration) {
        self.0.send_replace(Some(Instant::now() + within));
    }

    pub(crate) fn interrupts(&self, stop_retries_at_shutdown: bool) -> Interrupts {
        Interrupts {
            deadline: self.0.subscribe(),
            stopping: CancellationToken::new(),
            stop_retries_at_shutdown,
        }
    }
}

/// What ends an exporter's work early. Waits between retries end at the deadline, or (for a
/// persistent queue, whose data survives) as soon as the exporter stops taking data.
#[derive(Clone)]
pub(crate) struct Interrupts {
    deadline: watch::Receiver<Option<Instant>>,
    stopping: CancellationToken,
    stop_retries_at_shutdown: bool,
}

impl Interrupts {
    /// The exporter takes no more data (its intake closed).
    pub fn begin_stopping(&self) {
        self.stopping.cancel();
    }

    /// When work in flight is abandoned, once shutdown has begun.
    pub fn abandon_at(&self) -> Option<Instant> {
        self.deadline
            .borrow()
            .map(|d| d.checked_sub(ABANDON_MARGIN).unwrap_or(d))
    }

    pub fn is_abandoned(&self) -> bool {
        self.abandon_at().is_some_and(|t| Instant::now() >= t)
    }

    /// Resolves once the abandon time has come (never, if shutdown never begins).
    pub async fn abandoned(&self) {
        let mut deadline = self.deadline.clone();
        loop {
            if let Some(at) = self.abandon_at() {
                tokio::time::sleep_until(at).await;
                return;
            }
            if deadline.changed().await.is_err() {
                std::future::pending::<()>().await;
            }
        }
    }

    /// Whether a retry wait should not even start.
    pub fn retries_stopped(&self) -> bool {
        (self.stop_retries_at_shutdown && self.stopping.is_cancelled()) || self.is_abandoned()
    }

    /// Resolves when a wait between retries must end.
    pub async fn stop_retrying(&self) {
        if self.stop_retries_at_shutdown {
            tokio::select! {
                _ = self.stopping.cancelled() => {}
                _ = self.abandoned() => {}
            }
        } else {
            self.abandoned().await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn abandons_one_margin_before_the_runtime_deadline() {
        let deadline = ShutdownDeadline::default();
        let interrupts = deadline.interrupts(false);
        assert_eq!(interrupts.abandon_at(), None);
        let start = Instant::now();
        let waiter = tokio::spawn({
            let i = interrupts.clone();
            async move { i.abandoned().await }
        });
        tokio::time::sleep(Duration::from_secs(5)).await;
        deadline.begin(Duration::from_secs(30));
        waiter.await.expect("abandoned");
        assert!(Instant::now() - start >= Duration::from_secs(34));
        assert!(interrupts.is_abandoned());
    }

    #[tokio::test(start_paused = true)]
    async fn persistent_queues_stop_retrying_when_the_exporter_stops() {
        let deadline = ShutdownDeadline::default();
        let memory = deadline.interrupts(false);
        let persistent = deadline.interrupts(true);
        memory.begin_stopping();
        persistent.begin_stopping();
        assert!(!memory.retries_stopped());
        assert!(persistent.retries_stopped());
        persistent.stop_retrying().await;
    }
}
