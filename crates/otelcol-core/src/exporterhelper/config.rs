//! The shared exporter settings every exporter embeds: `sending_queue`, `retry_on_failure`
//! and `timeout`, with the Go exporterhelper defaults and validation messages.

use super::sizer::Sizer;
use crate::component::ComponentId;
use crate::confmap::GoDuration;
use crate::factory::ValidateConfig;
use serde::Deserialize;

/// `sending_queue` (Go `exporterhelper.QueueBatchConfig`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(from = "RawQueueConfig")]
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
    /// Batching of queued batches before sending (`sending_queue.batch`); `None` = off.
    pub batch: Option<QueueBatchConfig>,
    /// Deprecated Go key, accepted.
    pub blocking: Option<bool>,
}

/// `sending_queue.batch` (Go `queuebatch.BatchConfig`), with the sizer already resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct QueueBatchConfig {
    pub flush_timeout: GoDuration,
    pub min_size: i64,
    /// 0: no maximum (no splitting).
    pub max_size: i64,
    /// `items` or `bytes` (anything else is a validation error, as in Go).
    pub sizer: String,
    pub metadata_keys: Vec<String>,
}

impl Default for QueueBatchConfig {
    fn default() -> Self {
        QueueBatchConfig {
            flush_timeout: GoDuration::from_millis(200),
            min_size: 8192,
            max_size: 0,
            sizer: "items".into(),
            metadata_keys: Vec::new(),
        }
    }
}

impl QueueBatchConfig {
    pub fn sizer_kind(&self) -> Option<Sizer> {
        Sizer::parse(&self.sizer).filter(|s| *s != Sizer::Requests)
    }
}

/// The keys as written, to tell a set `sizer` from the default (Go's `Config.Unmarshal`).
#[derive(Deserialize)]
#[serde(default, deny_unknown_fields)]
struct RawQueueConfig {
    enabled: bool,
    num_consumers: usize,
    queue_size: i64,
    sizer: Option<String>,
    block_on_overflow: bool,
    wait_for_result: bool,
    storage: Option<String>,
    batch: Option<RawBatchConfig>,
    blocking: Option<bool>,
}

impl Default for RawQueueConfig {
    fn default() -> Self {
        let d = QueueConfig::default();
        RawQueueConfig {
            enabled: d.enabled,
            num_consumers: d.num_consumers,
            queue_size: d.queue_size,
            sizer: None,
            block_on_overflow: d.block_on_overflow,
            wait_for_result: d.wait_for_result,
            storage: None,
            batch: None,
            blocking: None,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBatchConfig {
    /// Go's `configoptional` switch: `enabled: false` turns batching off.
    enabled: Option<bool>,
    flush_timeout: Option<GoDuration>,
    min_size: Option<i64>,
    max_size: Option<i64>,
    sizer: Option<String>,
    partition: Option<RawPartitionConfig>,
}

#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
struct RawPartitionConfig {
    metadata_keys: Vec<String>,
}

impl From<RawQueueConfig> for QueueConfig {
    fn from(raw: RawQueueConfig) -> Self {
        let queue_sizer = raw.sizer.clone();
        let batch = raw.batch.and_then(|b| {
            if b.enabled == Some(false) {
                return None;
            }
            let d = QueueBatchConfig::default();
            // A set `batch::sizer` wins; else a set queue `sizer` is inherited; else `items`
            // (Go `Config.Unmarshal`; `batch:` with no value is off here, see the README).
            let sizer = b.sizer.or_else(|| queue_sizer.clone()).unwrap_or(d.sizer);
            Some(QueueBatchConfig {
                flush_timeout: b.flush_timeout.unwrap_or(d.flush_timeout),
                min_size: b.min_size.unwrap_or(d.min_size),
                max_size: b.max_size.unwrap_or(d.max_size),
                sizer,
                metadata_keys: b.partition.map(|p| p.metadata_keys).unwrap_or_default(),
            })
        });
        QueueConfig {
            enabled: raw.enabled,
            num_consumers: raw.num_consumers,
            queue_size: raw.queue_size,
            sizer: raw.sizer.unwrap_or_else(|| QueueConfig::default().sizer),
            block_on_overflow: raw.block_on_overflow,
            wait_for_result: raw.wait_for_result,
            storage: raw.storage,
            batch,
            blocking: raw.blocking,
        }
    }
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
        if let Some(batch) = &self.batch {
            if batch.sizer == self.sizer && batch.min_size > self.queue_size {
                return Err("`min_size` must be less than or equal to `queue_size`".into());
            }
            batch.validate().map_err(|e| format!("batch: {e}"))?;
        }
        self.storage_id().map(|_| ())
    }
}

/// Go `queuebatch.BatchConfig.Validate` and `PartitionConfig.Validate`.
impl ValidateConfig for QueueBatchConfig {
    fn validate(&self) -> Result<(), String> {
        if self.sizer_kind().is_none() {
            return Err(format!(
                "`batch` supports only `items` or `bytes` sizer, found {:?}",
                self.sizer
            ));
        }
        if self.flush_timeout.as_nanos() <= 0 {
            return Err(format!(
                "`flush_timeout` must be positive, found {}",
                self.flush_timeout.as_nanos()
            ));
        }
        if self.min_size < 0 {
            return Err(format!(
                "`min_size` must be non-negative, found {}",
                self.min_size
            ));
        }
        if self.max_size < 0 {
            return Err(format!(
                "`max_size` must be non-negative, found {}",
                self.max_size
            ));
        }
        if self.max_size > 0 && self.max_size < self.min_size {
            return Err(format!(
                "`max_size` ({}) must be greater or equal to `min_size` ({})",
                self.max_size, self.min_size
            ));
        }
        let mut seen = std::collections::HashSet::new();
        for key in &self.metadata_keys {
            let lower = key.to_lowercase();
            if !seen.insert(lower.clone()) {
                return Err(format!(
                    "partition: duplicate entry in metadata_keys: {lower:?} (case-insensitive)"
                ));
            }
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
