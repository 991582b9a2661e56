//! `PullReceiver`: a `Receiver` over any [`PageSource`]. `start` opens the checkpoint (a
//! corrupt one fails the start, loudly) and spawns the poll loop; `shutdown` stops polling,
//! lets a page in flight finish its delivery and checkpoint, and returns.

use crate::checkpoint::Checkpoint;
use crate::runner::{PullSettings, Runner};
use crate::source::PageSource;
use crate::store::StateStore;
use crate::time::{format_rfc3339_nano, minus};
use async_trait::async_trait;
use chrono::Utc;
use otelcol_core::{ComponentError, ComponentId, Kind, Receiver, ReceiverContext};
use std::path::PathBuf;
use std::time::Duration;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

/// Where the receiver keeps its checkpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StateLocation {
    Memory,
    File(PathBuf),
    /// A storage extension (`file_storage[/name]`).
    Extension(ComponentId),
}

pub struct PullReceiver<S: PageSource> {
    source: Option<S>,
    settings: PullSettings,
    location: StateLocation,
    safety_lag: Duration,
    stop: CancellationToken,
    task: Option<JoinHandle<()>>,
}

impl<S: PageSource> PullReceiver<S> {
    pub fn new(source: S, settings: PullSettings, location: StateLocation) -> Self {
        PullReceiver {
            source: Some(source),
            settings,
            location,
            safety_lag: Duration::ZERO,
            stop: CancellationToken::new(),
            task: None,
        }
    }

    /// Windows end this long before now (for APIs whose newest events are still settling);
    /// default zero.
    pub fn with_safety_lag(mut self, safety_lag: Duration) -> Self {
        self.safety_lag = safety_lag;
        self
    }
}

async fn open_store(
    location: &StateLocation,
    ctx: &ReceiverContext,
) -> Result<StateStore, ComponentError> {
    Ok(match location {
        StateLocation::Memory => StateStore::Memory,
        StateLocation::File(path) => StateStore::File(path.clone()),
        StateLocation::Extension(id) => {
            let client = ctx
                .host
                .storage(id)?
                .client(Kind::Receiver, &ctx.id, "")
                .await?;
            StateStore::Extension {
                client,
                extension: id.to_string(),
            }
        }
    })
}

#[async_trait]
impl<S: PageSource> Receiver for PullReceiver<S> {
    async fn start(&mut self, ctx: ReceiverContext) -> Result<(), ComponentError> {
        let Some(source) = self.source.take() else {
            return Err(ComponentError::new(format!("{}: already started", ctx.id)));
        };
        let store = open_store(&self.location, &ctx).await?;
        let start = minus(Utc::now(), self.settings.lookback);
        let checkpoint = Checkpoint::open(store, start, self.settings.seen_capacity)
            .await
            .map_err(|e| ComponentError::new(format!("{}: {e}", ctx.id)))?;
        let state = &checkpoint.state;
        tracing::info!(
            receiver = %ctx.id,
            store = %checkpoint.store,
            check_point = %format_rfc3339_nano(&state.check_point),
            window_in_progress = state.window.is_some(),
            "pull receiver starting"
        );
        let runner = Runner {
            source,
            settings: self.settings.clone(),
            checkpoint,
            ctx,
            stop: self.stop.clone(),
            status_ok: true,
            safety_lag: self.safety_lag,
        };
        self.task = Some(tokio::spawn(runner.run()));
        Ok(())
    }

    async fn shutdown(&mut self) -> Result<(), ComponentError> {
        self.stop.cancel();
        if let Some(task) = self.task.take() {
            task.await
                .map_err(|e| ComponentError::new(format!("poll loop failed: {e}")))?;
        }
        Ok(())
    }
}
