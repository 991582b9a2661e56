//! Partial success responses: logged as a warning and counted as success, never retried (Go
//! `logsPartialSuccessHandler`).

use otelcol_core::pdata::ExportLogsPartialSuccess;
use otelcol_core::ComponentId;

/// Logs `Partial success response` when the server rejected records or sent a message.
pub(crate) fn log_partial_success(
    exporter: &ComponentId,
    partial: Option<&ExportLogsPartialSuccess>,
) {
    let Some(partial) = partial else { return };
    if partial.error_message.is_empty() && partial.rejected_log_records == 0 {
        return;
    }
    tracing::warn!(
        exporter = %exporter,
        error_message = %partial.error_message,
        dropped_log_records = partial.rejected_log_records,
        "Partial success response"
    );
}
