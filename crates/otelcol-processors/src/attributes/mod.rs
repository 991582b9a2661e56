//! The `attributes` processor: applies attribute actions to log record attributes, optionally
//! only to records selected by `include`/`exclude` (Go `processor/attributesprocessor`).

mod config;
mod matcher;
mod processor;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_match;

pub use config::{
    AttributeMatch, AttributesConfig, LibraryMatch, MatchProperties, RegexpOptions,
    SeverityNumberMatch,
};
pub use processor::AttributesProcessor;

use crate::attraction::AttrProc;
use matcher::SkipExpr;
use otelcol_core::confmap::ConfValue;
use otelcol_core::{
    decode_config, CreateContext, CreateError, FactoryInfo, Processor, ProcessorFactory, Stability,
};

/// The factory of the `attributes` processor.
#[derive(Debug, Clone, Copy, Default)]
pub struct AttributesProcessorFactory;

impl ProcessorFactory for AttributesProcessorFactory {
    fn info(&self) -> FactoryInfo {
        FactoryInfo {
            type_name: "attributes",
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
        let cfg: AttributesConfig = decode_config(config)?;
        let actions = AttrProc::new(&cfg.actions).map_err(CreateError::Invalid)?;
        let skip = SkipExpr::new(cfg.include.as_ref(), cfg.exclude.as_ref())
            .map_err(CreateError::Invalid)?;
        Ok(Box::new(AttributesProcessor::new(actions, skip)))
    }
}
