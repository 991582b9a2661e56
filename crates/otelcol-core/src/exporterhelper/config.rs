//! The shared exporter settings every exporter embeds: `sending_queue`, `retry_on_failure`
//! and `timeout`, with the Go exporterhelper defaults and validation messages.

use crate::confmap::GoDuration;
use crate::factory::ValidateConfig;
use serde::Deserialize;

/// `sending_queue` (Go `exporterhelper.QueueBatchConfig`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct QueueConfig {
    pub enabled: bool,
    pub num_consumers: usize,
    pub queue_size: i64,
    /// `requests` (default), `items` or `bytes`.
    pub sizer: String,
    pub block_on_overflow: bool,
    pub wait_for_result: bool,
    /// A storage extension id (`file_storage/x`): makes the queue persistent.
    pub storage: Option<String>,
    /// Queue batching (`sending_queue.batch`); accepted, see the exporterhelper README.
    pub batch: Option<serde_json::Value>,
    /// Deprecated Go key, accepted.
    pub blocking: Option<bool>,
}

impl Default for QueueConfig {
    fn default() -> Self {
        QueueConfig {
            enabled: true,
            num_consumers: 10,
            queue_size: 1000,
            sizer: "requests".into(),
            block_on_overflow: false,
            wait_for_result: false,
            storage: None,
            batch: None,
            blocking: None,
        }
    }
}

impl QueueConfig {
    /// The queue off (debug exporter's default; `enabled: false`).
    pub fn disabled() -> Self {
        QueueConfig {
            enabled: false,
            ..QueueConfig::default()
        }
    }
}

impl ValidateConfig for QueueConfig {
    fn validate(&self) -> Result<(), String> {
        if !self.enabled {
            return Ok(());
        }
        if self.num_consumers == 0 {
            return Err("`num_consumers` must be positive".into());
        }
        if self.queue_size <= 0 {
            return Err("`queue_size` must be positive".into());
        }
        if !["requests", "items", "bytes"].contains(&self.sizer.as_str()) {
            return Err(format!("invalid sizer: {:?}", self.sizer));
        }
        if self.storage.is_some() && self.wait_for_result {
            return Err("`wait_for_result` is not supported with a persistent queue configured with `storage`".into());
        }
        Ok(())
    }
}

/// `retry_on_failure` (Go `configretry.BackOffConfig`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RetryConfig {
    pub enabled: bool,
    pub initial_interval: GoDuration,
    pub randomization_factor: f64,
    pub multiplier: f64,
    pub max_interval: GoDuration,
    /// 0 means retry forever.
    pub max_elapsed_time: GoDuration,
}

impl Default for RetryConfig {
    fn default() -> Self {
        RetryConfig {
            enabled: true,
            initial_interval: GoDuration::from_secs(5),
            randomization_factor: 0.5,
            multiplier: 1.5,
            max_interval: GoDuration::from_secs(30),
            max_elapsed_time: GoDuration::from_secs(300),
        }
    }
}

impl RetryConfig {
    pub fn disabled() -> Self {
        RetryConfig {
            enabled: false,
            ..RetryConfig::default()
        }
    }
}

impl ValidateConfig for RetryConfig {
    fn validate(&self) -> Result<(), String> {
        if !self.enabled {
            return Ok(());
        }
        if self.initial_interval.is_negative() {
            return Err("'initial_interval' must be non-negative".into());
        }
        if !(0.0..=1.0).contains(&self.randomization_factor) {
            return Err("'randomization_factor' must be within [0, 1]".into());
        }
        if self.multiplier <= 0.0 {
            return Err("'multiplier' must be positive".into());
        }
        if self.max_interval.is_negative() {
            return Err("'max_interval' must be non-negative".into());
        }
        if self.max_elapsed_time.is_negative() {
            return Err("'max_elapsed_time' must be non-negative".into());
        }
        if !self.max_elapsed_time.is_zero() {
            if self.max_elapsed_time < self.initial_interval {
                return Err("'max_elapsed_time' must not be less than 'initial_interval'".into());
            }
            if self.max_elapsed_time < self.max_interval {
                return Err("'max_elapsed_time' must not be less than 'max_interval'".into());
            }
        }
        Ok(())
    }
}

/// What the runtime needs to drive one exporter: its queue, retry policy and per-attempt
/// timeout. An exporter returns this from `Exporter::helper_settings`.
#[derive(Debug, Clone, PartialEq)]
pub struct ExporterHelperSettings {
    pub queue: QueueConfig,
    pub retry: RetryConfig,
    /// Per-attempt timeout; `None` when the exporter enforces its own (otlp_http).
    pub timeout: Option<std::time::Duration>,
}

impl ExporterHelperSettings {
    /// No queue, no retries, no timeout: each batch is exported once, in order.
    pub fn passthrough() -> Self {
        ExporterHelperSettings {
            queue: QueueConfig::disabled(),
            retry: RetryConfig::disabled(),
            timeout: None,
        }
    }

    /// Validates both parts with the Go key prefixes (`sending_queue: ...`).
    pub fn validate(&self) -> Result<(), String> {
        self.queue
            .validate()
            .map_err(|e| format!("sending_queue: {e}"))?;
        self.retry
            .validate()
            .map_err(|e| format!("retry_on_failure: {e}"))
    }
}
