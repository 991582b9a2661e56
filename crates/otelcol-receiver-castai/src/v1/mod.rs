//! `castai_audit_logs`: CAST AI's v1 audit API (`/v1/audit`) with CAST AI's v1 config.

mod client;
mod config;
pub mod convert;
mod factory;
pub mod model;

pub use client::V1Source;
pub use config::{CastAiAuditLogsConfig, FilterConfig, Storage};
pub use factory::CastAiAuditLogsReceiverFactory;

/// The instrumentation scope of v1 records (CAST AI's module path).
pub const SCOPE_NAME: &str = "github.com/castai/audit-logs-receiver/audit-logs";
