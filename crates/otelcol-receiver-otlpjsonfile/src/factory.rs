//! `OtlpJsonFileReceiverFactory`: type `otlpjsonfile` (alias `otlp_json_file`), alpha.

use crate::config::OtlpJsonFileConfig;
use crate::receiver::OtlpJsonFileReceiver;
use otelcol_core::confmap::ConfValue;
use otelcol_core::{
    decode_config, CreateContext, CreateError, FactoryInfo, Receiver, ReceiverFactory, Stability,
};

/// Registers the `otlpjsonfile` receiver.
#[derive(Debug, Default, Clone, Copy)]
pub struct OtlpJsonFileReceiverFactory;

impl ReceiverFactory for OtlpJsonFileReceiverFactory {
    fn info(&self) -> FactoryInfo {
        FactoryInfo {
            type_name: "otlpjsonfile",
            aliases: &["otlp_json_file"],
            stability: Stability::Alpha,
            module: concat!(env!("CARGO_PKG_NAME"), " ", env!("CARGO_PKG_VERSION")),
        }
    }

    fn create(
        &self,
        _ctx: &CreateContext,
        config: &ConfValue,
    ) -> Result<Box<dyn Receiver>, CreateError> {
        let config: OtlpJsonFileConfig = decode_config(config)?;
        Ok(Box::new(OtlpJsonFileReceiver::new(config)))
    }
}
