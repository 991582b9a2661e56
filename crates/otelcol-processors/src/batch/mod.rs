//! The `batch` processor: merges incoming batches into batches of `send_batch_size` records
//! (or whatever arrived within `timeout`), split to `send_batch_max_size`, with every ack kept
//! (Go `processor/batchprocessor`).

mod config;
mod processor;
mod shard;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_metadata;
#[cfg(test)]
mod tests_property;
#[cfg(test)]
mod tests_split;
#[cfg(test)]
mod tests_timer;

pub use config::BatchConfig;
pub use processor::{BatchProcessor, TOO_MANY_BATCHERS};

use otelcol_core::confmap::ConfValue;
use otelcol_core::{
    decode_config, CreateContext, CreateError, FactoryInfo, Processor, ProcessorFactory, Stability,
};

/// The factory of the `batch` processor.
#[derive(Debug, Clone, Copy, Default)]
pub struct BatchProcessorFactory;

impl ProcessorFactory for BatchProcessorFactory {
    fn info(&self) -> FactoryInfo {
        FactoryInfo {
            type_name: "batch",
            aliases: &[],
            stability: Stability::Beta,
            module: crate::MODULE,
        }
    }

    fn create(
        &self,
        ctx: &CreateContext,
        config: &ConfValue,
    ) -> Result<Box<dyn Processor>, CreateError> {
        let cfg: BatchConfig = decode_config(config)?;
        Ok(Box::new(BatchProcessor::new(
            &cfg,
            &ctx.telemetry,
            &ctx.id.to_string(),
        )))
    }
}
