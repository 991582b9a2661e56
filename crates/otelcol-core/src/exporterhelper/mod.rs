//! Exporter machinery shared by every exporter (Go `exporterhelper`): the sending queue
//! (memory or persistent through a storage extension), retries with exponential backoff,
//! per-attempt timeouts, and the exporter's self-metrics. See README.md in this folder.

mod backoff;
mod batcher;
mod config;
mod memory_queue;
mod obs;
mod persistent_queue;
mod queue_sender;
mod retry;
mod shutdown;
mod sizer;
mod stored;

pub use backoff::ExponentialBackoff;
pub use config::{
    validate_timeout, ExporterHelperSettings, QueueBatchConfig, QueueConfig, RetryConfig,
};
pub use memory_queue::{QUEUE_FULL, TOO_LARGE};
pub use queue_sender::QueueSender;
pub use retry::SendError;
pub use shutdown::{ShutdownDeadline, ABANDON_MARGIN};
pub use sizer::{encoded_len, BatchSize, Sizer};

#[cfg(test)]
mod test_support;
#[cfg(test)]
mod tests_batching;
#[cfg(test)]
mod tests_config;
#[cfg(test)]
mod tests_persistent;
#[cfg(test)]
mod tests_queue;
#[cfg(test)]
mod tests_retry;
