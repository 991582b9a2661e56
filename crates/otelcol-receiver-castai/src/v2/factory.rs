//! `CastAiAuditLogsV2ReceiverFactory`: type `castai_audit_logs_v2`, alpha.

use super::client::V2Source;
use super::config::CastAiAuditLogsV2Config;
use crate::http::ApiClient;
use otelcol_core::confmap::ConfValue;
use otelcol_core::{
    decode_config, CreateContext, CreateError, FactoryInfo, Receiver, ReceiverFactory, Stability,
};
use otelcol_pull::PullReceiver;

/// Registers the `castai_audit_logs_v2` receiver.
#[derive(Debug, Default, Clone, Copy)]
pub struct CastAiAuditLogsV2ReceiverFactory;

impl ReceiverFactory for CastAiAuditLogsV2ReceiverFactory {
    fn info(&self) -> FactoryInfo {
        FactoryInfo {
            type_name: "castai_audit_logs_v2",
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
        let cfg: CastAiAuditLogsV2Config = decode_config(config)?;
        let location = cfg.location().map_err(CreateError::Invalid)?;
        let api = ApiClient::new(&cfg.api.url, cfg.api.key.clone(), cfg.timeout().as_std())
            .map_err(CreateError::Invalid)?;
        if cfg.include_body && cfg.page_limit > 25 {
            tracing::info!("castai_audit_logs_v2: with include_body the API returns at most 25 events per page");
        }
        let source = V2Source {
            api,
            page_limit: cfg.page_limit,
            include_body: cfg.include_body,
            filters: cfg.filters.clone(),
        };
        let settings = crate::receiver::settings(
            cfg.poll_interval.as_std(),
            cfg.overlap.as_std(),
            cfg.lookback.as_std(),
            super::SCOPE_NAME,
        );
        Ok(Box::new(PullReceiver::new(source, settings, location)))
    }
}
