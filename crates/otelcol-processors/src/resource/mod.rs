//! The `resource` processor: applies attribute actions to the resource attributes of every
//! `ResourceLogs` (Go `processor/resourceprocessor`).

mod config;
mod processor;
#[cfg(test)]
mod tests;

pub use config::ResourceConfig;
pub use processor::ResourceProcessor;

use crate::attraction::AttrProc;
use otelcol_core::confmap::ConfValue;
use otelcol_core::{
    decode_config, CreateContext, CreateError, FactoryInfo, Processor, ProcessorFactory, Stability,
};

/// The factory of the `resource` processor.
#[derive(Debug, Clone, Copy, Default)]
pub struct ResourceProcessorFactory;

impl ProcessorFactory for ResourceProcessorFactory {
    fn info(&self) -> FactoryInfo {
        FactoryInfo {
            type_name: "resource",
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
        let cfg: ResourceConfig = decode_config(config)?;
        let actions = AttrProc::new(&cfg.attributes).map_err(CreateError::Invalid)?;
        Ok(Box::new(ResourceProcessor::new(actions)))
    }
}
