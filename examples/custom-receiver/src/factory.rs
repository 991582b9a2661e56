//! `PagedJsonAuditReceiverFactory`: type `paged_json_audit`, development stability.

use crate::config::PagedJsonAuditConfig;
use crate::receiver::PagedJsonAuditReceiver;
use otelcol_core::confmap::ConfValue;
use otelcol_core::{
    decode_config, CreateContext, CreateError, FactoryInfo, Receiver, ReceiverFactory, Stability,
};

/// Registers the `paged_json_audit` receiver: `.receiver(PagedJsonAuditReceiverFactory)`.
#[derive(Debug, Default, Clone, Copy)]
pub struct PagedJsonAuditReceiverFactory;

impl ReceiverFactory for PagedJsonAuditReceiverFactory {
    fn info(&self) -> FactoryInfo {
        FactoryInfo {
            type_name: "paged_json_audit",
            aliases: &[],
            stability: Stability::Development,
            module: concat!(env!("CARGO_PKG_NAME"), " ", env!("CARGO_PKG_VERSION")),
        }
    }

    /// Decodes and validates the config; no I/O (the HTTP client is built in `start`).
    fn create(
        &self,
        _ctx: &CreateContext,
        config: &ConfValue,
    ) -> Result<Box<dyn Receiver>, CreateError> {
        let config: PagedJsonAuditConfig = decode_config(config)?;
        Ok(Box::new(PagedJsonAuditReceiver::new(config)))
    }
}
