//! Exporter machinery shared by every exporter (Go `exporterhelper`): settings for the
//! sending queue (memory or persistent), retries with backoff, and per-attempt timeouts.

mod config;

pub use config::{ExporterHelperSettings, QueueConfig, RetryConfig};
