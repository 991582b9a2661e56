//! The `transform` processor: OTTL statements on logs (Go `processor/transformprocessor`).

mod config;
mod processor;
#[cfg(test)]
pub(crate) mod tests;
#[cfg(test)]
mod tests_config;

pub(crate) use config::normalize_basic_style;
pub use config::{CompiledGroup, ContextId, ContextStatements, TransformConfig};
pub use processor::TransformProcessor;

use otelcol_core::confmap::ConfValue;
use otelcol_core::{
    decode_config, CreateContext, CreateError, FactoryInfo, Processor, ProcessorFactory, Stability,
};

/// The factory of the `transform` processor.
#[derive(Debug, Clone, Copy, Default)]
pub struct TransformProcessorFactory;

impl TransformProcessorFactory {
    /// Decodes (both config styles), validates and compiles a config.
    pub fn compile(config: &ConfValue) -> Result<Vec<CompiledGroup>, CreateError> {
        let normalized = config::normalize_basic_style(config, "log_statements", "statements")
            .map_err(CreateError::Invalid)?;
        let cfg: TransformConfig = decode_config(&normalized)?;
        if !cfg.trace_statements.is_empty() || !cfg.metric_statements.is_empty() {
            tracing::warn!(
                "transform: trace_statements and metric_statements are ignored (logs only)"
            );
        }
        cfg.compile().map_err(CreateError::Invalid)
    }
}

impl ProcessorFactory for TransformProcessorFactory {
    fn info(&self) -> FactoryInfo {
        FactoryInfo {
            type_name: "transform",
            aliases: &[],
            stability: Stability::Beta,
            module: crate::MODULE,
        }
    }

    fn create(
        &self,
        _ctx: &CreateContext,
        config: &ConfValue,
    ) -> Result<Box<dyn Processor>, CreateError> {
        Ok(Box::new(TransformProcessor::new(Self::compile(config)?)))
    }
}
