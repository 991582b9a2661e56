//! `AuditFileReceiverFactory`: type `auditfile`, alpha.

use crate::config::AuditFileConfig;
use crate::receiver::AuditFileReceiver;
use otelcol_core::confmap::ConfValue;
use otelcol_core::{
    decode_config, CreateContext, CreateError, FactoryInfo, Receiver, ReceiverFactory, Stability,
};

/// Registers the `auditfile` receiver.
#[derive(Debug, Default, Clone, Copy)]
pub struct AuditFileReceiverFactory;

impl ReceiverFactory for AuditFileReceiverFactory {
    fn info(&self) -> FactoryInfo {
        FactoryInfo {
            type_name: "auditfile",
            aliases: &[],
            stability: Stability::Alpha,
            module: concat!(env!("CARGO_PKG_NAME"), " ", env!("CARGO_PKG_VERSION")),
        }
    }

    fn create(
        &self,
        ctx: &CreateContext,
        config: &ConfValue,
    ) -> Result<Box<dyn Receiver>, CreateError> {
        let cfg: AuditFileConfig = decode_config(config)?;
        let location = cfg.location(&ctx.id).map_err(CreateError::Invalid)?;
        Ok(Box::new(AuditFileReceiver::new(cfg, location)))
    }
}
