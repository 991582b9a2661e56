//! `castai_audit_logs_v2`: CAST AI's v2 audit API (`/v2/audit/events`).

mod client;
mod config;
pub mod convert;
mod factory;
pub mod model;

pub use client::V2Source;
pub use config::{CastAiAuditLogsV2Config, FilterConfig};
pub use factory::CastAiAuditLogsV2ReceiverFactory;

/// The instrumentation scope of v2 records (CAST AI's v2 module path).
pub const SCOPE_NAME: &str = "github.com/castai/audit-logs-receiver/audit-logs/v2";
