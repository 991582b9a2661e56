//! CAST AI audit log receivers: `castai_audit_logs` (the v1 API and config, drop-in for CAST
//! AI's own receiver) and `castai_audit_logs_v2` (`/v2/audit/events`). Both poll through the
//! shared `otelcol-pull` machinery: checkpoints move only after delivery. See README.md.

mod api;
mod http;
mod receiver;
pub mod v1;
pub mod v2;

#[cfg(test)]
mod tests;

pub use api::{ApiConfig, ApiKey};
pub use v1::{CastAiAuditLogsConfig, CastAiAuditLogsReceiverFactory};
pub use v2::{CastAiAuditLogsV2Config, CastAiAuditLogsV2ReceiverFactory};

/// `service.name` of every record.
pub const SERVICE_NAME: &str = "castai-audit-logs";
