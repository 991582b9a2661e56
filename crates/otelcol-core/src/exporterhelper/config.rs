//! The shared exporter settings every exporter embeds: `sending_queue`, `retry_on_failure`
//! and `timeout`, with the Go exporterhelper defaults and validation messages.

use super::sizer::Sizer;
use crate::component::ComponentId;
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

    /// How `queue_size` is measured; `None` for an unknown `sizer` (a validation error).
    pub fn sizer_kind(&self) -> Option<Sizer> {
        Sizer::parse(&self.sizer)
    }

    /// Whether a full queue makes the sender wait (`block_on_overflow`, or the deprecated
    /// `blocking: true`) instead of refusing the batch.
    pub fn blocks_on_overflow(&self) -> bool {
        self.block_on_overflow || self.blocking == Some(true)
    }

    /// The storage extension of a persistent queue, parsed (`file_storage/x`).
    pub fn storage_id(&self) -> Result<Option<ComponentId>, String> {
        self.storage
            .as_deref()
            .map(ComponentId::parse)
            .transpose()
            .map_err(|e| format!("storage: {e}"))
    }
}

/// Go `queuebatch.Config.Validate`; a disabled queue is not checked (Go's `configoptional`).
impl ValidateConfig for QueueConfig {
    fn validate(&self) -> Result<(), String> {
        if !self.enabled {
            return Ok(());
        }
        if self.sizer_kind().is_none() {
            return Err(format!("invalid sizer: {:?}", self.sizer));
        }
        if self.num_consumers == 0 {
            return Err("`num_consumers` must be positive".into());
        }
        if self.queue_size <= 0 {
            return Err("`queue_size` must be positive".into());
        }
        if self.storage.is_some() && self.wait_for_result {
            return Err("`wait_for_result` is not supported with a persistent queue configured with `storage`".into());
        }
        self.storage_id().map(|_| ())
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

/// Go `configretry` validation: every rule is checked (also with `enabled: false`, as in Go)
/// and all failures are reported, one per line, in Go's order.
impl ValidateConfig for RetryConfig {
    fn validate(&self) -> Result<(), String> {
        let mut errors = Vec::new();
        if self.max_elapsed_time.as_nanos() > 0 {
            if self.max_elapsed_time < self.initial_interval {
                errors.push("'max_elapsed_time' must not be less than 'initial_interval'");
            } else if self.max_elapsed_time < self.max_interval {
                errors.push("'max_elapsed_time' must not be less than 'max_interval'");
            }
        }
        if self.initial_interval.is_negative() {
            errors.push("initial_interval value must be greater than or equal to 0");
        }
        if self.max_elapsed_time.is_negative() {
            errors.push("max_elapsed_time value must be greater than or equal to 0");
        }
        if self.max_interval.is_negative() {
            errors.push("max_interval value must be greater than or equal to 0");
        }
        if self.multiplier < 0.0 {
            errors.push("multiplier value must be greater than or equal to 0");
        }
        if self.randomization_factor < 0.0 {
            errors.push("randomization_factor value must be greater than or equal to 0");
        }
        if self.randomization_factor > 1.0 {
            errors.push("randomization_factor value must be less than or equal to 1");
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors.join("\n"))
        }
    }
}

/// Go's `TimeoutConfig.Validate` for an exporter's `timeout` key (0 = no timeout).
pub fn validate_timeout(timeout: GoDuration) -> Result<(), String> {
    if timeout.is_negative() {
        return Err("'timeout' must be non-negative".into());
    }
    Ok(())
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
