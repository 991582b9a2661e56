//! `CastAiAuditLogsReceiverFactory`: type `castai_audit_logs`, alpha.

use super::client::V1Source;
use super::config::CastAiAuditLogsConfig;
use crate::http::ApiClient;
use otelcol_core::confmap::ConfValue;
use otelcol_core::{
    decode_config, CreateContext, CreateError, FactoryInfo, Receiver, ReceiverFactory, Stability,
};
use otelcol_pull::PullReceiver;
use std::time::Duration;

/// Registers the `castai_audit_logs` receiver.
#[derive(Debug, Default, Clone, Copy)]
pub struct CastAiAuditLogsReceiverFactory;

impl ReceiverFactory for CastAiAuditLogsReceiverFactory {
    fn info(&self) -> FactoryInfo {
        FactoryInfo {
            type_name: "castai_audit_logs",
            aliases: &[],
            stability: Stability::Alpha,
            module: concat!(env!("CARGO_PKG_NAME"), " ", env!("CARGO_PKG_VERSION")),
        }
    }

    fn create(
        &self,
        _ctx: &CreateContext,
        config: &ConfValue,
    ) -> Result<Box<dyn Receiver>, CreateError> {
        let cfg: CastAiAuditLogsConfig = decode_config(config)?;
        let storage = cfg.storage().map_err(CreateError::Invalid)?;
        let api = ApiClient::new(&cfg.api.url, cfg.api.key.clone(), cfg.timeout().as_std())
            .map_err(CreateError::Invalid)?;
        let source = V1Source {
            api,
            page_limit: cfg.page_limit,
            cluster_id: cfg.cluster_id().map(str::to_string),
        };
        let settings = crate::receiver::settings(
            Duration::from_secs(cfg.poll_interval_sec.unsigned_abs()),
            cfg.overlap.as_std(),
            Duration::from_secs(storage.back_from_now_sec.unsigned_abs()),
            super::SCOPE_NAME,
        );
        Ok(Box::new(PullReceiver::new(
            source,
            settings,
            storage.location,
        )))
    }
}
