//! The `filter` processor: drops logs for which OTTL conditions hold (Go
//! `processor/filterprocessor`).

mod config;
mod processor;
#[cfg(test)]
mod tests;

pub use config::{ConditionGroup, ContextConditions, FilterConfig, LegacyLogs};
pub use processor::FilterProcessor;

use otelcol_core::confmap::ConfValue;
use otelcol_core::{
    decode_config, CreateContext, CreateError, FactoryInfo, Processor, ProcessorFactory, Stability,
};

/// The factory of the `filter` processor.
#[derive(Debug, Clone, Copy, Default)]
pub struct FilterProcessorFactory;

impl FilterProcessorFactory {
    /// Decodes (both `log_conditions` styles), validates and compiles a config.
    pub fn compile(config: &ConfValue) -> Result<Vec<ConditionGroup>, CreateError> {
        let normalized =
            crate::transform::normalize_basic_style(config, "log_conditions", "conditions")
                .map_err(CreateError::Invalid)?;
        let cfg: FilterConfig = decode_config(&normalized)?;
        cfg.compile().map_err(CreateError::Invalid)
    }
}

impl ProcessorFactory for FilterProcessorFactory {
    fn info(&self) -> FactoryInfo {
        FactoryInfo {
            type_name: "filter",
            aliases: &[],
            stability: Stability::Alpha,
            module: crate::MODULE,
        }
    }

    fn create(
        &self,
        _ctx: &CreateContext,
        config: &ConfValue,
    ) -> Result<Box<dyn Processor>, CreateError> {
        Ok(Box::new(FilterProcessor::new(Self::compile(config)?)))
    }
}
