//! The running receiver: read pages from the checkpoint on, send each page as one batch,
//! wait for its ack, and only then move (and store) the checkpoint.

use crate::checkpoint::{Checkpoint, CheckpointStore};
use crate::client::{Page, PageClient};
use crate::config::PagedJsonAuditConfig;
use crate::convert::{event_id, record, resource_logs};
use async_trait::async_trait;
use otelcol_core::telemetry::{names, Counter};
use otelcol_core::{
    Ack, AckOutcome, AckSet, ComponentError, ComponentId, Kind, LogsBatch, LogsConsumer, Receiver,
    ReceiverContext,
};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

pub(crate) struct PagedJsonAuditReceiver {
    cfg: Arc<PagedJsonAuditConfig>,
    stop: CancellationToken,
    task: Option<JoinHandle<()>>,
}

impl PagedJsonAuditReceiver {
    pub(crate) fn new(cfg: PagedJsonAuditConfig) -> Self {
        PagedJsonAuditReceiver {
            cfg: Arc::new(cfg),
            stop: CancellationToken::new(),
            task: None,
        }
    }
}

#[async_trait]
impl Receiver for PagedJsonAuditReceiver {
    async fn start(&mut self, ctx: ReceiverContext) -> Result<(), ComponentError> {
        let client = match self.cfg.storage_id() {
            Some(id) => Some(
                ctx.host
                    .storage(&id)?
                    .client(Kind::Receiver, &ctx.id, "")
                    .await?,
            ),
            None => None,
        };
        let store = CheckpointStore::new(client);
        let checkpoint = store.load().await?;
        let pages = PageClient::new(&self.cfg)
            .map_err(|e| ComponentError::new(format!("paged_json_audit: {e}")))?;
        let receiver = ctx.id.to_string();
        let labels = [("receiver", receiver.as_str()), ("transport", "http")];
        let run = Run {
            id: ctx.id.clone(),
            cfg: self.cfg.clone(),
            pages,
            store,
            checkpoint,
            output: ctx.output.clone(),
            stop: self.stop.clone(),
            accepted: ctx.telemetry.counter(
                names::RECEIVER_ACCEPTED,
                "Number of log records successfully pushed into the pipeline.",
                &labels,
            ),
            refused: ctx.telemetry.counter(
                names::RECEIVER_REFUSED,
                "Number of log records that could not be pushed into the pipeline.",
                &labels,
            ),
        };
        self.task = Some(tokio::spawn(run.run()));
        Ok(())
    }

    /// Stops polling; a page already sent is waited for, so its checkpoint is still stored.
    async fn shutdown(&mut self) -> Result<(), ComponentError> {
        self.stop.cancel();
        if let Some(task) = self.task.take() {
            task.await.map_err(|e| {
                ComponentError::new(format!("paged_json_audit: poll task failed: {e}"))
            })?;
        }
        Ok(())
    }
}

struct Run {
    id: ComponentId,
    cfg: Arc<PagedJsonAuditConfig>,
    pages: PageClient,
    store: CheckpointStore,
    checkpoint: Checkpoint,
    output: LogsConsumer,
    stop: CancellationToken,
    accepted: Counter,
    refused: Counter,
}

impl Run {
    async fn run(mut self) {
        loop {
            if let Err(e) = self.drain().await {
                tracing::warn!(receiver = %self.id, "paged_json_audit: {e}; trying again after poll_interval");
            }
            tokio::select! {
                _ = self.stop.cancelled() => break,
                _ = tokio::time::sleep(self.cfg.poll_interval.as_std()) => {}
            }
        }
        self.store.close().await;
    }

    /// Reads pages from the checkpoint on until the last page (no next cursor).
    async fn drain(&mut self) -> Result<(), String> {
        while !self.stop.is_cancelled() {
            let fetched = tokio::select! {
                _ = self.stop.cancelled() => return Ok(()),
                page = self.pages.fetch(self.checkpoint.cursor.as_deref()) => page?,
            };
            let delivered = self.deliver(&fetched).await?;
            let next = match fetched.next_cursor {
                Some(next) if self.checkpoint.cursor.as_deref() != Some(next.as_str()) => {
                    Checkpoint {
                        cursor: Some(next),
                        delivered: Default::default(),
                    }
                }
                _ => {
                    let mut same = self.checkpoint.clone();
                    same.delivered.extend(delivered);
                    same
                }
            };
            let last_page = next.cursor == self.checkpoint.cursor;
            if next != self.checkpoint {
                self.checkpoint = next;
                if let Err(e) = self.store.save(&self.checkpoint).await {
                    tracing::error!(receiver = %self.id, error = %e, "paged_json_audit: cannot store the checkpoint");
                }
            }
            if last_page {
                return Ok(());
            }
        }
        Ok(())
    }

    /// Sends the page's events not yet delivered as one batch and waits for the outcome.
    /// Returns the ids it delivered. Events without an id are keyed by their page position.
    async fn deliver(&mut self, page: &Page) -> Result<Vec<String>, String> {
        let observed = now_nanos();
        let mut records = Vec::new();
        let mut ids = Vec::new();
        for (position, item) in page.items.iter().enumerate() {
            let id = event_id(item, &self.cfg.id_field);
            let key = id.clone().unwrap_or_else(|| format!("#{position}"));
            if self.checkpoint.delivered.contains(&key) {
                continue;
            }
            records.push(record(item, id.as_deref(), &self.cfg.time_field, observed));
            ids.push(key);
        }
        if records.is_empty() {
            return Ok(ids);
        }
        let count = records.len() as u64;
        let (ack, waiter) = Ack::new();
        let batch = LogsBatch::new(
            vec![resource_logs(&self.cfg.service_name, records)],
            AckSet::single(ack),
        );
        if let Err(e) = self.output.consume(batch).await {
            self.refused.add(count);
            return Err(e.to_string());
        }
        self.accepted.add(count);
        match waiter.outcome().await {
            AckOutcome::Delivered => Ok(ids),
            AckOutcome::Failed(reason) => Err(format!(
                "delivery of {count} events failed, the page will be read again: {reason}"
            )),
        }
    }
}

fn now_nanos() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX))
        .unwrap_or(0)
}
