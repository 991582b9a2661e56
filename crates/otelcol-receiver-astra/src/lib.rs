//! Astra DB audit log receiver `astra_audit_logs`: a Pulsar consumer (Astra Streaming or any
//! Pulsar topic) that acknowledges a message only once the pipeline delivered it; plus the
//! DevOps API `telemetry/auditLogs` client behind `otelcol-audit astra streaming`. See README.md.

mod auth;
pub mod config;
pub mod connector;
pub mod convert;
pub mod delivery;
pub mod devops;
mod factory;
mod oauth2;
mod receiver;
use otelcol_core::secret;
mod session;
pub mod tracker;

#[cfg(test)]
mod tests;

pub use config::AstraAuditLogsConfig;
pub use connector::{Connector, PulsarConnector};
pub use factory::AstraAuditLogsReceiverFactory;
pub use receiver::AstraAuditLogsReceiver;
pub use secret::Secret;

/// `service.name` of every record (as the Run:ai receiver: the vendor's short name).
pub const SERVICE_NAME: &str = "astra";
/// The instrumentation scope name of every record.
pub const SCOPE_NAME: &str = "otelcol-receiver-astra";
