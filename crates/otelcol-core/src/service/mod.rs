//! The collector service: config model and validation, graph building, and the runtime.

pub mod config;
mod exporter_task;
pub mod graph;
mod metrics_server;
mod pipeline;
pub mod runtime;

pub use config::{CollectorConfig, ServiceError, TelemetryConfig};
pub use graph::Graph;
pub use runtime::{StopReason, SHUTDOWN_DEADLINE};

#[cfg(test)]
mod tests;
