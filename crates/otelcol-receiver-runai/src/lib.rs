//! Run:ai audit log receiver `runai_audit_logs`: pages `GET /api/v1/audit/log` or the classic
//! `GET /v1/k8s/audit` (`api_version: auto` probes) with a static or exchanged bearer token
//! through the shared `otelcol-pull` loop. See README.md.

mod auth;
mod classic;
mod classic_model;
mod client;
mod config;
pub mod convert;
mod factory;
mod filters;
pub mod model;
use otelcol_core::secret;

#[cfg(test)]
mod tests;

pub use auth::{Credentials, TokenApi, TokenProvider};
pub use classic::{CLASSIC_AUDIT_PATH, CLASSIC_MAX_LIMIT};
pub use client::{Api, ApiVersion, AuditLogSource, AUDIT_LOG_PATH};
pub use config::RunaiAuditLogsConfig;
pub use factory::RunaiAuditLogsReceiverFactory;
pub use filters::Filters;
pub use secret::Secret;

/// `service.name` of every record.
pub const SERVICE_NAME: &str = "runai";
/// The instrumentation scope name of every record.
pub const SCOPE_NAME: &str = "otelcol-receiver-runai";
