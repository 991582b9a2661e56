//! One connection's life: a reader task pulls messages (each holding a slot), the session
//! groups them (`max_batch_size` / `flush_interval`) and hands them to delivery, until the
//! stream fails, stays idle past `idle_timeout`, the token needs renewing, or the receiver stops.

use crate::delivery::{Deliveries, Slotted};
use otelcol_pulsar::{MessageStream, PulsarError};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

#[derive(Debug, Clone, Copy)]
pub struct Grouping {
    pub max_batch_size: usize,
    pub flush_interval: Duration,
    /// Zero: no watchdog.
    pub idle_timeout: Duration,
}

#[derive(Debug)]
pub enum SessionEnd {
    Stopped,
    Lost(PulsarError),
    Idle(Duration),
    /// The token expires soon: connect again with a fresh one.
    Renew,
}

pub struct Session {
    pub deliveries: Arc<Deliveries>,
    pub grouping: Grouping,
    pub renew_at: Option<Instant>,
    pub stop: CancellationToken,
}

type Read = Result<Slotted, PulsarError>;

impl Session {
    /// Runs until the session ends; returns how it ended, whether any message arrived, and
    /// the stream (to be closed by the caller; `None` if its reader panicked).
    pub async fn run(
        &self,
        stream: Box<dyn MessageStream>,
    ) -> (SessionEnd, bool, Option<Box<dyn MessageStream>>) {
        let (tx, mut rx) = mpsc::channel::<Read>(1);
        let cancel = CancellationToken::new();
        let reader = tokio::spawn(read(
            stream,
            self.deliveries.slots.clone(),
            tx,
            cancel.clone(),
        ));
        let mut pending: Vec<Slotted> = Vec::new();
        let mut flush_at: Option<Instant> = None;
        let mut received = false;
        let idle = self.grouping.idle_timeout;
        let mut idle_at = (!idle.is_zero()).then(|| Instant::now() + idle);
        let end = loop {
            tokio::select! {
                biased;
                _ = self.stop.cancelled() => break SessionEnd::Stopped,
                _ = until(self.renew_at) => break SessionEnd::Renew,
                _ = until(flush_at) => {
                    self.flush(&mut pending).await;
                    flush_at = None;
                }
                _ = until(idle_at) => {
                    // Waiting for slots (delivery is slow) is not idleness.
                    if self.deliveries.slots.available_permits() > 0 {
                        break SessionEnd::Idle(idle);
                    }
                    idle_at = Some(Instant::now() + idle);
                }
                read = rx.recv() => match read {
                    Some(Ok(slotted)) => {
                        received = true;
                        idle_at = (!idle.is_zero()).then(|| Instant::now() + idle);
                        if let Some(fresh) = self.deliveries.admit(slotted).await {
                            pending.push(fresh);
                            flush_at.get_or_insert_with(|| Instant::now() + self.grouping.flush_interval);
                        }
                        if pending.len() >= self.grouping.max_batch_size {
                            self.flush(&mut pending).await;
                            flush_at = None;
                        }
                    }
                    Some(Err(e)) => break SessionEnd::Lost(e),
                    None => break SessionEnd::Lost(PulsarError::Closed),
                },
            }
        };
        cancel.cancel();
        // What was received is still delivered; anything the broker sends after is not read.
        self.flush(&mut pending).await;
        let stream = match reader.await {
            Ok(stream) => Some(stream),
            Err(e) => {
                tracing::error!(receiver = %self.deliveries.receiver, error = %e, "the message reader failed");
                None
            }
        };
        (end, received, stream)
    }

    async fn flush(&self, pending: &mut Vec<Slotted>) {
        let group = std::mem::take(pending);
        self.deliveries.send(group, chrono::Utc::now()).await;
    }
}

async fn until(at: Option<Instant>) {
    match at {
        Some(at) => tokio::time::sleep_until(at).await,
        None => std::future::pending().await,
    }
}

/// Takes a slot, then a message, until cancelled or the stream fails; gives the stream back.
async fn read(
    mut stream: Box<dyn MessageStream>,
    slots: Arc<tokio::sync::Semaphore>,
    tx: mpsc::Sender<Read>,
    cancel: CancellationToken,
) -> Box<dyn MessageStream> {
    loop {
        let permit = tokio::select! {
            _ = cancel.cancelled() => return stream,
            p = slots.clone().acquire_owned() => match p {
                Ok(p) => p,
                Err(_) => return stream,
            },
        };
        let next = tokio::select! {
            _ = cancel.cancelled() => return stream,
            r = stream.next_message() => r,
        };
        let failed = next.is_err();
        let sent = tokio::select! {
            _ = cancel.cancelled() => false,
            s = tx.send(next.map(|m| (m, permit))) => s.is_ok(),
        };
        if failed || !sent {
            return stream;
        }
    }
}
