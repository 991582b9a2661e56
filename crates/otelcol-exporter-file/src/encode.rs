//! Turns resource logs into one file message: OTLP/JSON or protobuf `ExportLogsServiceRequest`,
//! optionally zstd-compressed, then framed as a line or with a 4-byte big-endian length.

use crate::config::{FileConfig, COMPRESSION_ZSTD, FORMAT_PROTO};
use otelcol_core::otlp_json::encode_logs_request;
use otelcol_core::pdata::ResourceLogs;

/// zstd's default level, what Go's encoder uses when no level is given.
const ZSTD_DEFAULT_LEVEL: i32 = 3;

/// How messages are encoded, fixed at create time.
#[derive(Debug, Clone)]
pub struct MessageEncoder {
    proto: bool,
    zstd_level: Option<i32>,
    length_prefixed: bool,
}

impl MessageEncoder {
    pub fn new(config: &FileConfig) -> Self {
        let zstd_level = (config.compression == COMPRESSION_ZSTD).then(|| {
            let level = config.compression_params.level;
            if level <= 0 {
                ZSTD_DEFAULT_LEVEL
            } else {
                level.min(i64::from(*zstd::compression_level_range().end())) as i32
            }
        });
        MessageEncoder {
            proto: config.format == FORMAT_PROTO,
            zstd_level,
            length_prefixed: config.length_prefixed(),
        }
    }

    /// The bytes to append to the file for these resource logs.
    pub fn encode(&self, resource_logs: &[ResourceLogs]) -> Result<Vec<u8>, String> {
        let mut body = Vec::new();
        if self.proto {
            encode_proto_request(resource_logs, &mut body);
        } else {
            encode_logs_request(resource_logs, &mut body);
        }
        if let Some(level) = self.zstd_level {
            body = zstd::bulk::compress(&body, level)
                .map_err(|e| format!("zstd compression failed: {e}"))?;
        }
        if !self.length_prefixed {
            body.push(b'\n');
            return Ok(body);
        }
        let len = u32::try_from(body.len()).map_err(|_| {
            format!(
                "message of {} bytes does not fit a 4-byte length prefix",
                body.len()
            )
        })?;
        let mut framed = Vec::with_capacity(4 + body.len());
        framed.extend_from_slice(&len.to_be_bytes());
        framed.extend_from_slice(&body);
        Ok(framed)
    }
}

/// `ExportLogsServiceRequest { resource_logs }` in protobuf, without cloning the records:
/// the request's only field is `repeated ResourceLogs resource_logs = 1`.
fn encode_proto_request(resource_logs: &[ResourceLogs], out: &mut Vec<u8>) {
    for rl in resource_logs {
        prost::encoding::message::encode(1, rl, out);
    }
}
