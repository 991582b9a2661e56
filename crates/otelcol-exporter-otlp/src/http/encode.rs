//! The request body: the batch as one `ExportLogsServiceRequest`, in protobuf (encoded straight
//! from the batch, no copy) or OTLP/JSON (the core's encoder).

use super::config::Encoding;
use otelcol_core::otlp_json::encode_logs_request;
use otelcol_core::pdata::ResourceLogs;

/// Encodes `resource_logs` as the body of `POST /v1/logs`.
pub(crate) fn encode_request(resource_logs: &[ResourceLogs], encoding: Encoding) -> Vec<u8> {
    match encoding {
        Encoding::Proto => {
            // `ExportLogsServiceRequest` is exactly `repeated ResourceLogs resource_logs = 1`.
            let len = resource_logs
                .iter()
                .map(|rl| prost::encoding::message::encoded_len(1, rl))
                .sum();
            let mut out = Vec::with_capacity(len);
            for rl in resource_logs {
                prost::encoding::message::encode(1, rl, &mut out);
            }
            out
        }
        Encoding::Json => {
            let mut out = Vec::new();
            encode_logs_request(resource_logs, &mut out);
            out
        }
    }
}
