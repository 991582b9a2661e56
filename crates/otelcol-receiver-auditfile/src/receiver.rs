//! The running `auditfile` receiver: open the offsets, then import every matched file once
//! (`one_shot`, then `finished()`) or at every poll; shutdown stops reading and lets a batch
//! in flight finish its delivery and offset step.

use crate::config::AuditFileConfig;
use crate::finder::Finder;
use crate::format::{Format, SourceHint, Vendor};
use crate::import::{Importer, Metrics};
use crate::offsets::Offsets;
use crate::seen::SeenIds;
use async_trait::async_trait;
use otelcol_core::telemetry::names;
use otelcol_core::{ComponentError, Kind, Receiver, ReceiverContext};
use otelcol_pull::{StateLocation, StateStore};
use std::time::Duration;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

/// What the import loop needs from the config.
#[derive(Debug, Clone)]
pub struct Settings {
    pub format: Format,
    /// The vendor from `format` or `source`, if either names one.
    pub vendor: Option<Vendor>,
    pub one_shot: bool,
    pub batch_size: usize,
    pub poll_interval: Duration,
}

impl Settings {
    pub fn from_config(cfg: &AuditFileConfig) -> Self {
        let format = cfg.format();
        let vendor = format.vendor().or(match cfg.source() {
            SourceHint::Vendor(v) => Some(v),
            SourceHint::Auto => None,
        });
        Settings {
            format,
            vendor,
            one_shot: cfg.one_shot,
            batch_size: cfg.batch_size,
            poll_interval: cfg.poll_interval.as_std(),
        }
    }
}

pub struct AuditFileReceiver {
    cfg: AuditFileConfig,
    location: StateLocation,
    stop: CancellationToken,
    task: Option<JoinHandle<()>>,
}

impl AuditFileReceiver {
    pub fn new(cfg: AuditFileConfig, location: StateLocation) -> Self {
        AuditFileReceiver {
            cfg,
            location,
            stop: CancellationToken::new(),
            task: None,
        }
    }
}

async fn open_store(
    location: &StateLocation,
    ctx: &ReceiverContext,
) -> Result<StateStore, ComponentError> {
    Ok(match location {
        StateLocation::Memory => StateStore::Memory,
        StateLocation::File(path) => StateStore::File(path.clone()),
        StateLocation::Extension(id) => StateStore::Extension {
            client: ctx
                .host
                .storage(id)?
                .client(Kind::Receiver, &ctx.id, "")
                .await?,
            extension: id.to_string(),
        },
    })
}

fn metrics(ctx: &ReceiverContext) -> Metrics {
    let id = ctx.id.to_string();
    let labels = [("receiver", id.as_str()), ("transport", "file")];
    let t = &ctx.telemetry;
    Metrics {
        accepted: t.counter(
            names::RECEIVER_ACCEPTED,
            "Number of log records successfully pushed into the pipeline.",
            &labels,
        ),
        refused: t.counter(
            names::RECEIVER_REFUSED,
            "Number of log records that could not be pushed into the pipeline.",
            &labels,
        ),
        bad: t.counter(
            BAD_RECORDS,
            "Lines, rows or records of imported files that could not be read or mapped (skipped).",
            &labels[..1],
        ),
        duplicates: t.counter(
            DUPLICATES,
            "Imported records dropped because their event id was already delivered in this run.",
            &labels[..1],
        ),
    }
}

pub const BAD_RECORDS: &str = "otelcol_receiver_auditfile_bad_records_total";
pub const DUPLICATES: &str = "otelcol_receiver_auditfile_duplicate_records_total";

#[async_trait]
impl Receiver for AuditFileReceiver {
    async fn start(&mut self, ctx: ReceiverContext) -> Result<(), ComponentError> {
        let store = open_store(&self.location, &ctx).await?;
        let offsets = Offsets::open(store)
            .await
            .map_err(|e| ComponentError::new(format!("{}: {e}", ctx.id)))?;
        tracing::info!(receiver = %ctx.id, store = %offsets.store, one_shot = self.cfg.one_shot, "auditfile receiver starting");
        let importer = Importer {
            settings: Settings::from_config(&self.cfg),
            metrics: metrics(&ctx),
            offsets,
            seen: SeenIds::new(self.cfg.dedupe_capacity),
            stop: self.stop.clone(),
            unterminated: Default::default(),
            ctx,
        };
        let finder = Finder::new(&self.cfg.include, &self.cfg.exclude);
        self.task = Some(tokio::spawn(run(importer, finder)));
        Ok(())
    }

    async fn shutdown(&mut self) -> Result<(), ComponentError> {
        self.stop.cancel();
        if let Some(task) = self.task.take() {
            task.await
                .map_err(|e| ComponentError::new(format!("auditfile: import task failed: {e}")))?;
        }
        Ok(())
    }
}

async fn run(mut importer: Importer, finder: Finder) {
    let id = importer.ctx.id.clone();
    let unmatched = finder.unmatched();
    if !unmatched.is_empty() {
        tracing::warn!(receiver = %id, include = ?unmatched, "auditfile: no file matches these include entries");
    }
    loop {
        for path in finder.find() {
            if importer.stop.is_cancelled() {
                break;
            }
            if let Some(r) = importer.import(&path).await {
                tracing::info!(
                    receiver = %id,
                    file = %path.display(),
                    records = r.records,
                    bad = r.bad,
                    duplicates = r.duplicates,
                    complete = r.stopped.is_none(),
                    "auditfile: file imported"
                );
            }
        }
        if importer.stop.is_cancelled() {
            return;
        }
        if importer.settings.one_shot {
            tracing::info!(receiver = %id, "auditfile: every matched file was read and delivered (one_shot)");
            importer.ctx.finished();
            return;
        }
        tokio::select! {
            _ = tokio::time::sleep(importer.settings.poll_interval) => {}
            _ = importer.stop.cancelled() => return,
        }
    }
}
