//! `AstraAuditLogsReceiverFactory`: type `astra_audit_logs`, alpha. `with_connector` swaps the
//! Pulsar transport (tests).

use crate::auth::TokenSource;
use crate::config::AstraAuditLogsConfig;
use crate::connector::{Connector, PulsarConnector};
use crate::receiver::{AstraAuditLogsReceiver, ReceiverParts};
use crate::session::Grouping;
use otelcol_core::confmap::ConfValue;
use otelcol_core::{
    decode_config, CreateContext, CreateError, FactoryInfo, Receiver, ReceiverFactory, Stability,
};
use otelcol_pull::record::{resource, scope};
use otelcol_pulsar::ConsumerSettings;
use std::sync::Arc;

/// Registers the `astra_audit_logs` receiver.
#[derive(Clone)]
pub struct AstraAuditLogsReceiverFactory {
    connector: Arc<dyn Connector>,
}

impl Default for AstraAuditLogsReceiverFactory {
    fn default() -> Self {
        AstraAuditLogsReceiverFactory {
            connector: Arc::new(PulsarConnector),
        }
    }
}

impl AstraAuditLogsReceiverFactory {
    pub fn with_connector(connector: Arc<dyn Connector>) -> Self {
        AstraAuditLogsReceiverFactory { connector }
    }

    /// The receiver itself (tests read its delivery counters).
    pub fn build(
        &self,
        ctx: &CreateContext,
        config: &ConfValue,
    ) -> Result<AstraAuditLogsReceiver, CreateError> {
        let cfg: AstraAuditLogsConfig = decode_config(config)?;
        let invalid = CreateError::Invalid;
        let timeout = cfg.operation_timeout.as_std();
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .user_agent(concat!("otelcol-audit/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| invalid(format!("cannot build the HTTP client: {e}")))?;
        let consumer_name = match cfg.consumer_name.as_str() {
            "" => None,
            name => Some(name.to_string()),
        };
        let settings = ConsumerSettings {
            endpoint: cfg.endpoint.clone(),
            tls: cfg.tls_settings(),
            auth_token: None,
            topics: cfg.topics.clone(),
            topic_pattern: (!cfg.topic_pattern.is_empty()).then(|| cfg.topic_pattern.clone()),
            subscription: cfg.subscription.clone(),
            subscription_type: cfg.subscription_type().map_err(invalid)?,
            initial_position: cfg.initial_position().map_err(invalid)?,
            receiver_queue_size: cfg.receiver_queue_size,
            consumer_name: consumer_name.or_else(|| Some(ctx.id.to_string())),
            operation_timeout: timeout,
            keepalive_interval: cfg.keepalive_interval.as_std(),
        };
        Ok(AstraAuditLogsReceiver::new(ReceiverParts {
            settings,
            tokens: TokenSource::new(cfg.auth_method().map_err(invalid)?, http),
            connector: self.connector.clone(),
            grouping: Grouping {
                max_batch_size: cfg.max_batch_size,
                flush_interval: cfg.flush_interval.as_std(),
                idle_timeout: cfg.idle_timeout.as_std(),
            },
            backoff: cfg.backoff(),
            max_unacked: cfg.max_unacked_messages,
            dedupe_capacity: cfg.dedupe_capacity,
            resource: resource(crate::SERVICE_NAME, &[]),
            scope: scope(crate::SCOPE_NAME, env!("CARGO_PKG_VERSION")),
            drain_timeout: timeout,
        }))
    }
}

impl ReceiverFactory for AstraAuditLogsReceiverFactory {
    fn info(&self) -> FactoryInfo {
        FactoryInfo {
            type_name: "astra_audit_logs",
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
        Ok(Box::new(self.build(ctx, config)?))
    }
}
