//! The file exporter: opens its file in `start`, writes each batch as one message (or one per
//! `group_by` file) before acknowledging it, syncs to disk every `flush_interval` and at
//! shutdown.

use crate::config::FileConfig;
use crate::encode::MessageEncoder;
use crate::error::{classify, component_error};
use crate::group::{create_dir_all, GroupWriters};
use crate::writer::{FileWriter, OpenMode};
use async_trait::async_trait;
use otelcol_core::pdata::{any_value::Value, find_attribute, ResourceLogs};
use otelcol_core::{ComponentError, ComponentId, ExportError, Exporter, Host, LogsBatch};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

/// Where the exporter is in its life.
enum Phase {
    NotStarted,
    Single(FileWriter),
    Grouped(GroupWriters),
    ShutDown,
}

/// One message to append, with the `group_by` path segment it belongs to.
type Message = (Option<String>, Vec<u8>);

struct Flusher {
    stop: CancellationToken,
    task: JoinHandle<()>,
}

pub struct FileExporter {
    id: ComponentId,
    config: FileConfig,
    encoder: MessageEncoder,
    phase: Arc<Mutex<Phase>>,
    flusher: Mutex<Option<Flusher>>,
}

impl FileExporter {
    /// Builds the exporter; nothing is opened until `start`.
    pub fn new(id: ComponentId, config: FileConfig) -> Self {
        FileExporter {
            id,
            encoder: MessageEncoder::new(&config),
            config,
            phase: Arc::new(Mutex::new(Phase::NotStarted)),
            flusher: Mutex::new(None),
        }
    }

    fn open_mode(&self) -> OpenMode {
        OpenMode {
            append: self.config.append,
            rotation: self.config.rotation.clone(),
            length_prefixed: self.config.length_prefixed(),
        }
    }

    fn open_outputs(&self) -> Result<Phase, ComponentError> {
        if self.config.group_by.enabled {
            let max_open = usize::try_from(self.config.group_by.max_open_files).unwrap_or(1);
            return Ok(Phase::Grouped(GroupWriters::new(
                &self.config.path,
                self.open_mode(),
                self.config.directory_mode(),
                max_open,
            )));
        }
        let path = Path::new(&self.config.path);
        if self.config.create_directory {
            create_dir_all(path.parent(), self.config.directory_mode()).map_err(|e| {
                component_error(&self.id, path, "cannot create the directory of", &e)
            })?;
        }
        let writer = FileWriter::open(path, &self.open_mode())
            .map_err(|e| component_error(&self.id, path, "cannot open", &e))?;
        Ok(Phase::Single(writer))
    }

    /// The messages of a batch: one for the file, or one per `group_by` file. Resources
    /// without the attribute (or with a non-string value) are dropped, as in Go.
    fn encode(&self, batch: &LogsBatch) -> Result<Vec<Message>, ExportError> {
        let encode =
            |rls: &[ResourceLogs]| self.encoder.encode(rls).map_err(ExportError::Permanent);
        if !self.config.group_by.enabled {
            return Ok(vec![(None, encode(&batch.resource_logs)?)]);
        }
        let attribute = &self.config.group_by.resource_attribute;
        let mut groups: indexmap::IndexMap<&str, Vec<ResourceLogs>> = indexmap::IndexMap::new();
        let mut dropped = 0usize;
        for rl in &batch.resource_logs {
            let value = rl
                .resource
                .as_ref()
                .and_then(|r| find_attribute(&r.attributes, attribute))
                .and_then(|v| v.value.as_ref());
            match value {
                Some(Value::StringValue(segment)) => {
                    groups.entry(segment.as_str()).or_default().push(rl.clone())
                }
                _ => dropped += 1,
            }
        }
        if dropped > 0 {
            tracing::warn!(exporter = %self.id, attribute = %attribute, resources = dropped, "Resource does not contain the group_by attribute, dropping it");
        }
        groups
            .into_iter()
            .map(|(segment, rls)| Ok((Some(segment.to_string()), encode(&rls)?)))
            .collect()
    }
}

impl Drop for FileExporter {
    /// Stops the flusher of an exporter dropped without `shutdown`.
    fn drop(&mut self) {
        if let Ok(Some(flusher)) = self.flusher.get_mut().map(Option::take) {
            flusher.stop.cancel();
        }
    }
}

fn lock(phase: &Mutex<Phase>) -> MutexGuard<'_, Phase> {
    phase
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Writes the messages; runs on a blocking thread.
fn write_all(
    phase: &Mutex<Phase>,
    id: &ComponentId,
    messages: Vec<Message>,
) -> Result<(), ExportError> {
    let mut guard = lock(phase);
    match &mut *guard {
        Phase::NotStarted => Err(ExportError::Retryable(format!(
            "exporter {id} is not started"
        ))),
        Phase::ShutDown => Err(ExportError::Permanent(format!(
            "exporter {id} is shut down"
        ))),
        Phase::Single(writer) => {
            for (_, message) in &messages {
                writer
                    .write_message(message)
                    .map_err(|e| classify(writer.path(), &e))?;
            }
            Ok(())
        }
        Phase::Grouped(groups) => {
            for (segment, message) in &messages {
                let full_path = groups.full_path(segment.as_deref().unwrap_or_default());
                groups
                    .write_message(&full_path, message)
                    .map_err(|e| classify(Path::new(&full_path), &e))?;
            }
            Ok(())
        }
    }
}

/// Syncs every open file; the first failure with its path.
fn sync_all(phase: &Mutex<Phase>) -> Result<(), (PathBuf, std::io::Error)> {
    match &mut *lock(phase) {
        Phase::Single(writer) => writer.sync().map_err(|e| (writer.path().to_path_buf(), e)),
        Phase::Grouped(groups) => groups.sync_all(),
        Phase::NotStarted | Phase::ShutDown => Ok(()),
    }
}

#[async_trait]
impl Exporter for FileExporter {
    async fn start(&self, _host: &Host) -> Result<(), ComponentError> {
        let outputs = self.open_outputs()?;
        *lock(&self.phase) = outputs;
        if let Some(interval) = self.config.sync_interval() {
            let stop = CancellationToken::new();
            let task = tokio::spawn(run_flusher(
                self.id.clone(),
                self.phase.clone(),
                interval,
                stop.clone(),
            ));
            if let Ok(mut flusher) = self.flusher.lock() {
                *flusher = Some(Flusher { stop, task });
            }
        }
        Ok(())
    }

    async fn export(&self, batch: &LogsBatch) -> Result<(), ExportError> {
        let messages = self.encode(batch)?;
        let phase = self.phase.clone();
        let id = self.id.clone();
        tokio::task::spawn_blocking(move || write_all(&phase, &id, messages))
            .await
            .map_err(|e| {
                ExportError::Retryable(format!("exporter {}: write task failed: {e}", self.id))
            })?
    }

    async fn shutdown(&self) -> Result<(), ComponentError> {
        let flusher = self.flusher.lock().ok().and_then(|mut f| f.take());
        if let Some(flusher) = flusher {
            flusher.stop.cancel();
            let _ = flusher.task.await;
        }
        let phase = self.phase.clone();
        let id = self.id.clone();
        tokio::task::spawn_blocking(move || {
            let synced = sync_all(&phase);
            *lock(&phase) = Phase::ShutDown;
            synced.map_err(|(path, e)| component_error(&id, &path, "cannot sync", &e))
        })
        .await
        .map_err(|e| {
            ComponentError::new(format!("exporter {}: shutdown task failed: {e}", self.id))
        })?
    }
}

/// Syncs written data to disk every `interval` until stopped.
async fn run_flusher(
    id: ComponentId,
    phase: Arc<Mutex<Phase>>,
    interval: std::time::Duration,
    stop: CancellationToken,
) {
    let mut ticker = tokio::time::interval(interval);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    ticker.tick().await;
    loop {
        tokio::select! {
            _ = stop.cancelled() => return,
            _ = ticker.tick() => {}
        }
        let phase = phase.clone();
        let synced = tokio::task::spawn_blocking(move || sync_all(&phase)).await;
        if let Ok(Err((path, err))) = synced {
            tracing::warn!(exporter = %id, path = %path.display(), error = %err, "file exporter cannot sync its file");
        }
    }
}
