//! `AstraAuditLogsReceiver`: connect (with a fresh token), run a session, and on any loss back
//! off (jittered, capped) and connect again; unhealthy while not subscribed. `shutdown` stops
//! reading, lets sent batches resolve (bounded) and closes the consumer.

use crate::auth::TokenSource;
use crate::connector::Connector;
use crate::delivery::Deliveries;
use crate::session::{Grouping, Session, SessionEnd};
use async_trait::async_trait;
use otelcol_core::pdata::{InstrumentationScope, Resource};
use otelcol_core::{ComponentError, ComponentStatus, Kind, Receiver, ReceiverContext};
use otelcol_pull::{Backoff, BackoffSettings};
use otelcol_pulsar::{ConsumerSettings, PulsarError};
use std::sync::Arc;
use std::time::Duration;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

/// Everything the receiver needs, built by the factory (tests build it directly).
pub struct ReceiverParts {
    pub settings: ConsumerSettings,
    pub tokens: TokenSource,
    pub connector: Arc<dyn Connector>,
    pub grouping: Grouping,
    pub backoff: BackoffSettings,
    pub max_unacked: usize,
    pub dedupe_capacity: usize,
    pub resource: Resource,
    pub scope: InstrumentationScope,
    /// How long `shutdown` waits for sent batches to resolve.
    pub drain_timeout: Duration,
}

pub struct AstraAuditLogsReceiver {
    parts: Option<ReceiverParts>,
    stop: CancellationToken,
    task: Option<JoinHandle<()>>,
    deliveries: Option<Arc<Deliveries>>,
}

impl AstraAuditLogsReceiver {
    pub fn new(parts: ReceiverParts) -> Self {
        AstraAuditLogsReceiver {
            parts: Some(parts),
            stop: CancellationToken::new(),
            task: None,
            deliveries: None,
        }
    }

    /// The delivery counters (tests).
    pub fn deliveries(&self) -> Option<Arc<Deliveries>> {
        self.deliveries.clone()
    }
}

#[async_trait]
impl Receiver for AstraAuditLogsReceiver {
    async fn start(&mut self, ctx: ReceiverContext) -> Result<(), ComponentError> {
        let Some(parts) = self.parts.take() else {
            return Err(ComponentError::new(format!("{}: already started", ctx.id)));
        };
        let deliveries = Deliveries::new(
            ctx.id.to_string(),
            &ctx.telemetry,
            ctx.output.clone(),
            parts.resource.clone(),
            parts.scope.clone(),
            parts.max_unacked,
            parts.dedupe_capacity,
        );
        self.deliveries = Some(deliveries.clone());
        ctx.host
            .report_status(Kind::Receiver, &ctx.id, ComponentStatus::Starting);
        let run = Runner {
            parts,
            ctx,
            deliveries,
            stop: self.stop.clone(),
        };
        self.task = Some(tokio::spawn(run.run()));
        Ok(())
    }

    async fn shutdown(&mut self) -> Result<(), ComponentError> {
        self.stop.cancel();
        if let Some(task) = self.task.take() {
            task.await
                .map_err(|e| ComponentError::new(format!("astra_audit_logs loop failed: {e}")))?;
        }
        Ok(())
    }
}

struct Runner {
    parts: ReceiverParts,
    ctx: ReceiverContext,
    deliveries: Arc<Deliveries>,
    stop: CancellationToken,
}

impl Runner {
    async fn run(mut self) {
        let mut backoff = Backoff::new(self.parts.backoff);
        let endpoint = self.parts.settings.endpoint.clone();
        while !self.stop.is_cancelled() {
            let delay = match self.connect_and_consume().await {
                Attempt::Stopped => break,
                Attempt::Renew => continue,
                Attempt::Failed { reason, received } => {
                    if received {
                        backoff.reset();
                    }
                    let delay = backoff.next(None);
                    self.report(ComponentStatus::RecoverableError(reason.clone()));
                    tracing::error!(receiver = %self.ctx.id, endpoint = %endpoint, error = %reason, retry_in = ?delay, "not subscribed; connecting again after the backoff");
                    delay
                }
            };
            tokio::select! {
                _ = self.stop.cancelled() => break,
                _ = tokio::time::sleep(delay) => {}
            }
        }
        self.drain().await;
        self.report(ComponentStatus::Stopped);
    }

    async fn connect_and_consume(&mut self) -> Attempt {
        let endpoint = self.parts.settings.endpoint.clone();
        let token = match self.parts.tokens.token().await {
            Ok(t) => t,
            Err(e) => {
                return Attempt::Failed {
                    reason: format!("cannot get the Pulsar token for {endpoint}: {e}"),
                    received: false,
                }
            }
        };
        let secret = token.value.as_ref().map(|s| s.expose().to_string());
        self.parts.settings.auth_token = secret.clone();
        let redact = |e: &PulsarError| {
            let text = e.to_string();
            match &secret {
                Some(s) if !s.is_empty() => text.replace(s.as_str(), "[REDACTED]"),
                _ => text,
            }
        };
        let connected = tokio::select! {
            _ = self.stop.cancelled() => return Attempt::Stopped,
            c = self.parts.connector.connect(&self.parts.settings) => c,
        };
        let stream = match connected {
            Ok(s) => s,
            Err(e) => {
                let what = match e {
                    PulsarError::Auth(_) => "the broker refused the credentials",
                    _ => "cannot subscribe",
                };
                return Attempt::Failed {
                    reason: format!("{what} at {endpoint}: {}", redact(&e)),
                    received: false,
                };
            }
        };
        tracing::info!(receiver = %self.ctx.id, endpoint = %endpoint, subscription = %self.parts.settings.subscription, topics = ?self.parts.settings.topics, topic_pattern = ?self.parts.settings.topic_pattern, "subscribed");
        self.report(ComponentStatus::Ok);
        self.deliveries.set_acker(Some(stream.acker()));
        let session = Session {
            deliveries: self.deliveries.clone(),
            grouping: self.parts.grouping,
            renew_at: token.refresh_at.map(tokio::time::Instant::from_std),
            stop: self.stop.clone(),
        };
        let (end, received, stream) = session.run(stream).await;
        let attempt = match end {
            SessionEnd::Stopped => {
                // Sent batches still resolve (and are acked) over this connection.
                self.drain().await;
                Attempt::Stopped
            }
            SessionEnd::Renew => {
                tracing::info!(receiver = %self.ctx.id, endpoint = %endpoint, "the token expires soon; connecting again with a new one");
                Attempt::Renew
            }
            SessionEnd::Idle(d) => {
                // A quiet topic looks the same as a stalled consumer: rebuild at once, without
                // an error status (a failing reconnect reports one).
                tracing::warn!(receiver = %self.ctx.id, endpoint = %endpoint, idle = ?d, "no message within idle_timeout; rebuilding the client and consumer");
                Attempt::Renew
            }
            SessionEnd::Lost(e) => Attempt::Failed {
                reason: format!("connection to {endpoint} lost: {}", redact(&e)),
                received,
            },
        };
        self.deliveries.set_acker(None);
        if let Some(mut stream) = stream {
            stream.close().await;
        }
        attempt
    }

    /// Waits (bounded) for every sent batch to resolve.
    async fn drain(&self) {
        let tasks = &self.deliveries.tasks;
        tasks.close();
        if tokio::time::timeout(self.parts.drain_timeout, tasks.wait())
            .await
            .is_err()
        {
            tracing::warn!(receiver = %self.ctx.id, in_flight = tasks.len(), "shutdown: batches still undelivered; they are not acknowledged and the broker redelivers them");
        }
        tasks.reopen();
    }

    fn report(&self, status: ComponentStatus) {
        self.ctx
            .host
            .report_status(Kind::Receiver, &self.ctx.id, status);
    }
}

enum Attempt {
    Stopped,
    Renew,
    Failed { reason: String, received: bool },
}
