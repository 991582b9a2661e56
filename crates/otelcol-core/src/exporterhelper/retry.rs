//! Sends one batch: an attempt (with the per-attempt `timeout`), then retries with exponential
//! backoff as `retry_on_failure` says, with the Go retry sender's rules and messages.

use super::backoff::ExponentialBackoff;
use super::config::ExporterHelperSettings;
use super::shutdown::Interrupts;
use crate::batch::LogsBatch;
use crate::component::{ComponentId, ExportError, Exporter};
use crate::confmap::format_go_duration;
use std::time::Duration;
use tokio::time::Instant;

/// Why a batch was not sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendError {
    /// The data cannot be delivered: a permanent error, retries disabled or exhausted.
    Final(String),
    /// Shutdown ended the retries; a persistent queue keeps the data for the next start.
    Shutdown(String),
}

impl SendError {
    pub fn message(&self) -> &str {
        match self {
            SendError::Final(m) | SendError::Shutdown(m) => m,
        }
    }
}

impl std::fmt::Display for SendError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.message())
    }
}

fn interrupted(err: &str) -> SendError {
    SendError::Shutdown(format!("interrupted due to shutdown: {err}"))
}

/// One attempt, bounded by the per-attempt timeout (`None` or zero: no timeout). A timed-out
/// attempt is a retryable error, as Go's context deadline is.
pub async fn attempt(
    exporter: &dyn Exporter,
    batch: &LogsBatch,
    timeout: Option<Duration>,
) -> Result<(), ExportError> {
    match timeout.filter(|t| !t.is_zero()) {
        Some(limit) => tokio::time::timeout(limit, exporter.export(batch))
            .await
            .unwrap_or_else(|_| {
                Err(ExportError::Retryable(format!(
                    "export attempt exceeded the timeout of {}: context deadline exceeded",
                    format_go_duration(limit)
                )))
            }),
        None => exporter.export(batch).await,
    }
}

/// Exports `batch` until it is delivered, a permanent error occurs, the retry budget
/// (`max_elapsed_time`) is spent, or shutdown interrupts.
pub async fn send(
    id: &ComponentId,
    exporter: &dyn Exporter,
    batch: &LogsBatch,
    settings: &ExporterHelperSettings,
    interrupts: &Interrupts,
) -> Result<(), SendError> {
    let retry = &settings.retry;
    let max_elapsed = retry.max_elapsed_time.as_std();
    let give_up_at =
        (retry.enabled && !max_elapsed.is_zero()).then(|| Instant::now() + max_elapsed);
    let mut backoff = ExponentialBackoff::new(retry);
    let mut last_error: Option<String> = None;
    loop {
        if interrupts.is_abandoned() {
            let err = last_error
                .as_deref()
                .unwrap_or("the shutdown deadline passed before the data was sent");
            return Err(interrupted(err));
        }
        let outcome = tokio::select! {
            outcome = attempt(exporter, batch, settings.timeout) => outcome,
            _ = interrupts.abandoned() => {
                return Err(interrupted("the export attempt was abandoned at the shutdown deadline"));
            }
        };
        let err = match outcome {
            Ok(()) => return Ok(()),
            Err(err) => err,
        };
        if matches!(err, ExportError::Permanent(_)) || !retry.enabled {
            return Err(SendError::Final(err.to_string()));
        }
        let mut delay = backoff.next_delay();
        if let ExportError::Throttled {
            delay: at_least, ..
        } = &err
        {
            delay = delay.max(*at_least);
        }
        let next_attempt = Instant::now() + delay;
        if give_up_at.is_some_and(|limit| limit < next_attempt) {
            return Err(SendError::Final(format!("no more retries left: {err}")));
        }
        let past_deadline = interrupts.abandon_at().is_some_and(|at| at < next_attempt);
        if interrupts.retries_stopped() || past_deadline {
            return Err(interrupted(&err.to_string()));
        }
        let interval = format_go_duration(delay);
        tracing::info!(exporter = %id, error = %err, interval = %interval, "Exporting failed. Will retry the request after interval.");
        tokio::select! {
            _ = tokio::time::sleep(delay) => {}
            _ = interrupts.stop_retrying() => return Err(interrupted(&err.to_string())),
        }
        last_error = Some(err.to_string());
    }
}
