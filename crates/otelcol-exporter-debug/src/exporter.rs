//! The debug exporter: a summary line per batch, then (normal/detailed) the batch as text,
//! through the collector's logger or straight to `output_paths`, sampled like zap.

use crate::config::{DebugConfig, Verbosity};
use crate::output::Outputs;
use crate::sampler::Sampler;
use crate::text::{marshal_detailed, marshal_normal};
use async_trait::async_trait;
use otelcol_core::{ComponentError, ComponentId, ExportError, Exporter, Host, LogsBatch};
use std::sync::Mutex;

/// The message of the summary line, as in Go.
const SUMMARY_MESSAGE: &str = "Logs";

pub struct DebugExporter {
    id: ComponentId,
    config: DebugConfig,
    sampler: Sampler,
    /// Opened in `start` when `use_internal_logger: false`.
    outputs: Mutex<Option<Outputs>>,
}

impl DebugExporter {
    /// Builds the exporter; no output is opened until `start`.
    pub fn new(id: ComponentId, config: DebugConfig) -> Self {
        DebugExporter {
            id,
            sampler: Sampler::new(config.sampling_initial, config.sampling_thereafter),
            config,
            outputs: Mutex::new(None),
        }
    }

    fn summary(&self, resource_logs: usize, log_records: usize) -> Result<(), ExportError> {
        if self.config.use_internal_logger {
            tracing::info!(
                otelcol.component.id = %self.id,
                otelcol.component.kind = "exporter",
                otelcol.signal = "logs",
                "resource logs" = resource_logs,
                "log records" = log_records,
                "{SUMMARY_MESSAGE}"
            );
            return Ok(());
        }
        let line = format!(
            "{SUMMARY_MESSAGE}\t{{\"resource logs\": {resource_logs}, \"log records\": {log_records}}}\n"
        );
        self.write_direct(line.as_bytes())
    }

    fn text(&self, text: &str) -> Result<(), ExportError> {
        if self.config.use_internal_logger {
            tracing::info!(
                otelcol.component.id = %self.id,
                otelcol.component.kind = "exporter",
                otelcol.signal = "logs",
                "{text}"
            );
            return Ok(());
        }
        // zap's console encoder ends every entry with a newline, after the text's own.
        let mut entry = Vec::with_capacity(text.len() + 1);
        entry.extend_from_slice(text.as_bytes());
        entry.push(b'\n');
        self.write_direct(&entry)
    }

    fn write_direct(&self, entry: &[u8]) -> Result<(), ExportError> {
        let mut guard = self.outputs.lock().map_err(|_| {
            ExportError::Permanent(format!("exporter {}: output lock poisoned", self.id))
        })?;
        match guard.as_mut() {
            Some(outputs) => {
                outputs.write(entry);
                Ok(())
            }
            None => Err(ExportError::Retryable(format!(
                "exporter {} is not started",
                self.id
            ))),
        }
    }
}

#[async_trait]
impl Exporter for DebugExporter {
    async fn start(&self, _host: &Host) -> Result<(), ComponentError> {
        if self.config.use_internal_logger {
            return Ok(());
        }
        let outputs = Outputs::open(&self.config.effective_output_paths())
            .map_err(|e| ComponentError::new(format!("exporter {}: {e}", self.id)))?;
        if let Ok(mut guard) = self.outputs.lock() {
            *guard = Some(outputs);
        }
        Ok(())
    }

    async fn export(&self, batch: &LogsBatch) -> Result<(), ExportError> {
        if self.sampler.check(SUMMARY_MESSAGE) {
            self.summary(batch.resource_logs.len(), batch.record_count())?;
        }
        let text = match self.config.verbosity {
            Verbosity::Normal => marshal_normal(&batch.resource_logs),
            Verbosity::Detailed => marshal_detailed(&batch.resource_logs),
            Verbosity::Basic | Verbosity::None => return Ok(()),
        };
        if self.sampler.check(&text) {
            self.text(&text)?;
        }
        Ok(())
    }

    async fn shutdown(&self) -> Result<(), ComponentError> {
        let taken = self.outputs.lock().ok().and_then(|mut guard| guard.take());
        match taken {
            Some(mut outputs) => outputs
                .sync()
                .map_err(|e| ComponentError::new(format!("exporter {}: {e}", self.id))),
            None => Ok(()),
        }
    }
}
