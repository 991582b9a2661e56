//! Run:ai audit log receiver `runai_audit_logs`: pages `GET /api/v1/audit/log` with a static
//! or exchanged bearer token through the shared `otelcol-pull` loop. See README.md.

mod auth;
mod client;
mod config;
pub mod convert;
mod factory;
pub mod model;
mod secret;

#[cfg(test)]
mod tests;

pub use auth::{Credentials, TokenApi, TokenProvider};
pub use client::AuditLogSource;
pub use config::RunaiAuditLogsConfig;
pub use factory::RunaiAuditLogsReceiverFactory;
pub use secret::Secret;

/// `service.name` of every record.
pub const SERVICE_NAME: &str = "runai";
/// The instrumentation scope name of every record.
pub const SCOPE_NAME: &str = "otelcol-receiver-runai";
