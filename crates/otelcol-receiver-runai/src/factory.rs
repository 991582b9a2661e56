//! `RunaiAuditLogsReceiverFactory`: type `runai_audit_logs`, alpha.

use crate::auth::TokenProvider;
use crate::client::{AuditLogSource, USER_AGENT};
use crate::config::RunaiAuditLogsConfig;
use otelcol_core::confmap::ConfValue;
use otelcol_core::{
    decode_config, CreateContext, CreateError, FactoryInfo, Receiver, ReceiverFactory, Stability,
};
use otelcol_pull::record::{resource, scope};
use otelcol_pull::seen::DEFAULT_CAPACITY;
use otelcol_pull::{BackoffSettings, PullReceiver, PullSettings};

/// Registers the `runai_audit_logs` receiver.
#[derive(Debug, Default, Clone, Copy)]
pub struct RunaiAuditLogsReceiverFactory;

impl ReceiverFactory for RunaiAuditLogsReceiverFactory {
    fn info(&self) -> FactoryInfo {
        FactoryInfo {
            type_name: "runai_audit_logs",
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
        let cfg: RunaiAuditLogsConfig = decode_config(config)?;
        let location = cfg.location().map_err(CreateError::Invalid)?;
        let api_version = cfg.api().map_err(CreateError::Invalid)?;
        let credentials = cfg.credentials().map_err(CreateError::Invalid)?;
        let timeout = cfg.timeout.as_std();
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .user_agent(USER_AGENT)
            .build()
            .map_err(|e| CreateError::Invalid(format!("cannot build the HTTP client: {e}")))?;
        let base = cfg.url.trim_end_matches('/').to_string();
        let auth = TokenProvider::new(
            http.clone(),
            &base,
            credentials,
            cfg.token_refresh_margin.as_std(),
            timeout,
        );
        let source = AuditLogSource {
            http,
            base,
            auth,
            page_size: cfg.page_size,
            filter_by: cfg.filter_by.clone(),
            filters: cfg.filters.clone(),
            api_version,
            chosen: std::sync::Mutex::new(None),
            timeout,
        };
        let settings = PullSettings {
            poll_interval: cfg.poll_interval.as_std(),
            overlap: cfg.overlap.as_std(),
            lookback: cfg.lookback.as_std(),
            seen_capacity: DEFAULT_CAPACITY,
            backoff: BackoffSettings::default(),
            resource: resource(crate::SERVICE_NAME, &[]),
            scope: scope(crate::SCOPE_NAME, env!("CARGO_PKG_VERSION")),
        };
        Ok(Box::new(
            PullReceiver::new(source, settings, location).with_safety_lag(cfg.safety_lag.as_std()),
        ))
    }
}
