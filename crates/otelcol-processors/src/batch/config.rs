//! `batch` processor configuration (Go `batchprocessor.Config`), defaults and validation.

use otelcol_core::confmap::GoDuration;
use otelcol_core::ValidateConfig;
use serde::Deserialize;
use std::collections::HashSet;

/// `processors: batch: {...}`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BatchConfig {
    /// Time after which a batch is sent regardless of size; `0` sends on every add.
    pub timeout: GoDuration,
    /// Record count that triggers a send; `0` sends on every add.
    pub send_batch_size: u32,
    /// Upper bound on a sent batch (larger ones are split); `0` means unlimited.
    pub send_batch_max_size: u32,
    /// Client metadata keys whose values form separate batches (case-insensitive).
    pub metadata_keys: Vec<String>,
    /// Most distinct metadata value combinations (batches) kept; `0` means unlimited.
    pub metadata_cardinality_limit: u32,
}

impl Default for BatchConfig {
    fn default() -> Self {
        BatchConfig {
            timeout: GoDuration::from_millis(200),
            send_batch_size: 8192,
            send_batch_max_size: 0,
            metadata_keys: Vec::new(),
            metadata_cardinality_limit: 1000,
        }
    }
}

impl ValidateConfig for BatchConfig {
    fn validate(&self) -> Result<(), String> {
        if self.send_batch_max_size > 0 && self.send_batch_max_size < self.send_batch_size {
            return Err(
                "send_batch_max_size must be greater or equal to send_batch_size".to_string(),
            );
        }
        let mut seen = HashSet::new();
        for key in &self.metadata_keys {
            let lower = key.to_lowercase();
            if !seen.insert(lower.clone()) {
                return Err(format!(
                    "duplicate entry in metadata_keys: {lower:?} (case-insensitive)"
                ));
            }
        }
        if self.timeout.is_negative() {
            return Err("timeout must be greater or equal to 0".to_string());
        }
        Ok(())
    }
}
