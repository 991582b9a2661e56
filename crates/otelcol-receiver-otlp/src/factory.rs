//! `OtlpReceiverFactory`: type `otlp`, stable; decodes and validates, binds nothing until `start`.

use crate::config::OtlpReceiverConfig;
use crate::receiver::OtlpReceiver;
use otelcol_core::confmap::ConfValue;
use otelcol_core::{
    decode_config, CreateContext, CreateError, FactoryInfo, Receiver, ReceiverFactory, Stability,
};

/// Registers the `otlp` receiver.
#[derive(Debug, Default, Clone, Copy)]
pub struct OtlpReceiverFactory;

impl ReceiverFactory for OtlpReceiverFactory {
    fn info(&self) -> FactoryInfo {
        FactoryInfo {
            type_name: "otlp",
            aliases: &[],
            stability: Stability::Stable,
            module: concat!(env!("CARGO_PKG_NAME"), " ", env!("CARGO_PKG_VERSION")),
        }
    }

    fn create(
        &self,
        _ctx: &CreateContext,
        config: &ConfValue,
    ) -> Result<Box<dyn Receiver>, CreateError> {
        let config: OtlpReceiverConfig = decode_config(config)?;
        Ok(Box::new(OtlpReceiver::new(config)))
    }
}
