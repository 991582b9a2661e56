//! Component identity and the runtime traits of receivers, processors, exporters and
//! extensions (Go collector vocabulary: Start/Shutdown, ConsumeLogs).

use crate::batch::LogsBatch;
use crate::host::Host;
use crate::storage::StorageExtension;
use crate::telemetry::Telemetry;
use async_trait::async_trait;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// `type[/name]`, as written in the config.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ComponentId {
    pub type_name: String,
    pub name: Option<String>,
}

impl ComponentId {
    pub fn new(type_name: impl Into<String>, name: Option<&str>) -> Self {
        ComponentId {
            type_name: type_name.into(),
            name: name.map(str::to_string),
        }
    }

    /// Parses `type[/name]` with the Go rules: split at the first `/`, trim both parts.
    pub fn parse(s: &str) -> Result<Self, String> {
        let (type_part, name_part) = match s.split_once('/') {
            Some((t, n)) => (t.trim(), Some(n.trim())),
            None => (s.trim(), None),
        };
        if type_part.is_empty() {
            return Err(format!(
                "in {s:?} id: the part before / should not be empty"
            ));
        }
        let mut chars = type_part.chars();
        let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
        let rest_ok = chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !first_ok || !rest_ok || type_part.len() > 63 {
            return Err(format!(
                "in {s:?} id: invalid character(s) in type {type_part:?}"
            ));
        }
        if let Some(name) = name_part {
            if name.is_empty() {
                return Err(format!("in {s:?} id: the part after / should not be empty"));
            }
            let bad = name
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || is_symbol(c));
            if bad || name.len() > 1024 {
                return Err(format!(
                    "in {s:?} id: invalid character(s) in name {name:?}"
                ));
            }
        }
        Ok(ComponentId::new(type_part, name_part))
    }
}

/// Unicode symbol classes (Sm, Sc, Sk, So) for the ASCII range, as the Go name regex forbids.
fn is_symbol(c: char) -> bool {
    matches!(c, '$' | '+' | '<' | '=' | '>' | '^' | '`' | '|' | '~')
}

impl fmt::Display for ComponentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.name {
            Some(name) => write!(f, "{}/{}", self.type_name, name),
            None => f.write_str(&self.type_name),
        }
    }
}

/// The four kinds of components.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Receiver,
    Processor,
    Exporter,
    Extension,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Receiver => "receiver",
            Kind::Processor => "processor",
            Kind::Exporter => "exporter",
            Kind::Extension => "extension",
        }
    }
}

/// Stability levels as the Go collector prints them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stability {
    Development,
    Alpha,
    Beta,
    Stable,
    Deprecated,
    Unmaintained,
}

impl Stability {
    pub fn as_str(self) -> &'static str {
        match self {
            Stability::Development => "Development",
            Stability::Alpha => "Alpha",
            Stability::Beta => "Beta",
            Stability::Stable => "Stable",
            Stability::Deprecated => "Deprecated",
            Stability::Unmaintained => "Unmaintained",
        }
    }
}

/// An error from starting, running or stopping a component.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ComponentError(pub String);

impl ComponentError {
    pub fn new(msg: impl fmt::Display) -> Self {
        ComponentError(msg.to_string())
    }
}

/// What a receiver is handed at start: where to send data, and the host.
#[derive(Clone)]
pub struct ReceiverContext {
    pub id: ComponentId,
    pub output: crate::consumer::LogsConsumer,
    pub host: Host,
    pub telemetry: Telemetry,
    pub(crate) done: tokio::sync::mpsc::UnboundedSender<ComponentId>,
}

impl ReceiverContext {
    pub fn new(
        id: ComponentId,
        output: crate::consumer::LogsConsumer,
        host: Host,
        telemetry: Telemetry,
        done: tokio::sync::mpsc::UnboundedSender<ComponentId>,
    ) -> Self {
        ReceiverContext {
            id,
            output,
            host,
            telemetry,
            done,
        }
    }

    /// A one-shot receiver calls this when all its data is delivered; once every receiver
    /// of the collector has finished, the collector shuts down gracefully and exits.
    pub fn finished(&self) {
        let _ = self.done.send(self.id.clone());
    }
}

/// A receiver: binds or starts polling in `start` (errors there stop the collector from
/// starting), and in `shutdown` stops taking data and waits for in-flight work to finish.
#[async_trait]
pub trait Receiver: Send + Sync {
    async fn start(&mut self, ctx: ReceiverContext) -> Result<(), ComponentError>;
    async fn shutdown(&mut self) -> Result<(), ComponentError>;
}

/// Collects what a processor passes on.
#[derive(Default)]
pub struct ProcessorOutput {
    batches: Vec<LogsBatch>,
}

impl ProcessorOutput {
    pub fn emit(&mut self, batch: LogsBatch) {
        if batch.resource_logs.is_empty() {
            batch.deliver();
        } else {
            self.batches.push(batch);
        }
    }

    pub fn take(&mut self) -> Vec<LogsBatch> {
        std::mem::take(&mut self.batches)
    }

    pub fn is_empty(&self) -> bool {
        self.batches.is_empty()
    }
}

/// A processor, one instance per pipeline. Processing is synchronous and in place; a
/// processor that holds data (batch) names its next deadline and is flushed at shutdown.
/// A processor that cannot process a batch resolves its acks as failed (`batch.fail`).
pub trait Processor: Send + Sync {
    fn process(&mut self, batch: LogsBatch, out: &mut ProcessorOutput);

    /// When `on_deadline` should next be called, if the processor holds data.
    fn next_deadline(&self) -> Option<tokio::time::Instant> {
        None
    }

    fn on_deadline(&mut self, _out: &mut ProcessorOutput) {}

    /// Passes on everything still held (shutdown).
    fn flush(&mut self, _out: &mut ProcessorOutput) {}
}

/// How an export attempt failed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ExportError {
    /// Worth retrying (transport errors, 5xx that the protocol calls retryable).
    #[error("{0}")]
    Retryable(String),
    /// Retry, but not before `delay` (429/503 Retry-After, gRPC RetryInfo).
    #[error("{message}")]
    Throttled { delay: Duration, message: String },
    /// Retrying cannot help (bad request, auth, encoding).
    #[error("not retryable error: {0}")]
    Permanent(String),
}

/// An exporter: delivers one batch per call and classifies failures. Queueing, retries and
/// acks are done by the runtime around it.
#[async_trait]
pub trait Exporter: Send + Sync {
    async fn start(&self, _host: &Host) -> Result<(), ComponentError> {
        Ok(())
    }

    async fn export(&self, batch: &LogsBatch) -> Result<(), ExportError>;

    /// Queue, retry and timeout the runtime applies around `export` (from the exporter's
    /// `sending_queue` / `retry_on_failure` / `timeout` keys). Default: export each batch
    /// once, in order.
    fn helper_settings(&self) -> crate::exporterhelper::ExporterHelperSettings {
        crate::exporterhelper::ExporterHelperSettings::passthrough()
    }

    /// Flushes and closes (files, connections); called after the last export.
    async fn shutdown(&self) -> Result<(), ComponentError> {
        Ok(())
    }
}

/// An extension (health_check, file_storage, ...), started before the pipelines and stopped
/// after them.
#[async_trait]
pub trait Extension: Send + Sync {
    async fn start(&self, host: &Host) -> Result<(), ComponentError>;
    async fn shutdown(&self) -> Result<(), ComponentError>;

    /// The storage interface, for extensions that are storage (file_storage).
    fn as_storage(self: Arc<Self>) -> Option<Arc<dyn StorageExtension>> {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_ids_like_the_go_collector() {
        assert_eq!(ComponentId::parse("otlp").unwrap().to_string(), "otlp");
        let id = ComponentId::parse(" batch / a/b ").unwrap();
        assert_eq!(id.type_name, "batch");
        assert_eq!(id.name.as_deref(), Some("a/b"));
        assert_eq!(
            ComponentId::parse("x/").unwrap_err(),
            "in \"x/\" id: the part after / should not be empty"
        );
        assert_eq!(
            ComponentId::parse("/x").unwrap_err(),
            "in \"/x\" id: the part before / should not be empty"
        );
        assert!(ComponentId::parse("1abc")
            .unwrap_err()
            .contains("invalid character(s) in type \"1abc\""));
    }
}
