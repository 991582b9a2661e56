//! Kestra Enterprise audit log receiver `kestra_audit_logs`: pages
//! `GET /api/v1/{tenant}/auditlogs/search` through the shared `otelcol-pull` loop. See README.md.

mod client;
mod config;
mod factory;
mod iso_duration;
pub mod mapping;
mod query;
use otelcol_core::secret;

#[cfg(test)]
mod tests;

pub use client::AuditLogSearch;
pub use config::{ApiStyle, Auth, KestraAuditLogsConfig, RESOURCE_TYPES};
pub use factory::KestraAuditLogsReceiverFactory;
pub use iso_duration::parse_iso_duration;
pub use mapping::{map_search_item, map_search_item_at, SERVICE_NAME};
pub use secret::Secret;

/// The instrumentation scope name of every record.
pub const SCOPE_NAME: &str = "otelcol-receiver-kestra";
