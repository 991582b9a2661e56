//! `KestraAuditLogsReceiverFactory`: type `kestra_audit_logs`, alpha.

use crate::client::{AuditLogSearch, USER_AGENT};
use crate::config::KestraAuditLogsConfig;
use crate::query::Selection;
use otelcol_core::confmap::ConfValue;
use otelcol_core::{
    decode_config, CreateContext, CreateError, FactoryInfo, Receiver, ReceiverFactory, Stability,
};
use otelcol_pull::record::{resource, scope};
use otelcol_pull::seen::DEFAULT_CAPACITY;
use otelcol_pull::{BackoffSettings, PullReceiver, PullSettings};
use std::sync::atomic::AtomicU8;

/// Registers the `kestra_audit_logs` receiver.
#[derive(Debug, Default, Clone, Copy)]
pub struct KestraAuditLogsReceiverFactory;

impl ReceiverFactory for KestraAuditLogsReceiverFactory {
    fn info(&self) -> FactoryInfo {
        FactoryInfo {
            type_name: "kestra_audit_logs",
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
        let cfg: KestraAuditLogsConfig = decode_config(config)?;
        let location = cfg.location().map_err(CreateError::Invalid)?;
        let auth = cfg.auth().map_err(CreateError::Invalid)?;
        let style = cfg.style().map_err(CreateError::Invalid)?;
        let lookback = cfg.lookback().map_err(CreateError::Invalid)?;
        let timeout = cfg.timeout.as_std();
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .user_agent(USER_AGENT)
            .build()
            .map_err(|e| CreateError::Invalid(format!("cannot build the HTTP client: {e}")))?;
        let source = AuditLogSearch {
            http,
            endpoint: format!(
                "{}{}",
                cfg.url.trim_end_matches('/'),
                AuditLogSearch::search_path(&cfg.tenant)
            ),
            auth,
            style,
            page_size: cfg.page_size,
            selection: Selection {
                resources: cfg.resources.clone(),
                namespace: cfg.namespace.clone(),
            },
            timeout,
            detected: AtomicU8::new(crate::client::UNDECIDED),
        };
        let settings = PullSettings {
            poll_interval: cfg.poll_interval.as_std(),
            overlap: cfg.overlap.as_std(),
            lookback,
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
