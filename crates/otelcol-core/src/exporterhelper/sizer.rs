//! How a sending queue measures a batch (`sending_queue.sizer`): requests, log records, or
//! bytes of the encoded OTLP request.

use crate::batch::LogsBatch;
use crate::pdata::ResourceLogs;

/// `sending_queue.sizer`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sizer {
    /// One per batch (Go's default).
    Requests,
    /// Log records.
    Items,
    /// Bytes of the batch as a protobuf `ExportLogsServiceRequest`.
    Bytes,
}

impl Sizer {
    pub fn parse(s: &str) -> Option<Sizer> {
        match s {
            "requests" => Some(Sizer::Requests),
            "items" => Some(Sizer::Items),
            "bytes" => Some(Sizer::Bytes),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Sizer::Requests => "requests",
            Sizer::Items => "items",
            Sizer::Bytes => "bytes",
        }
    }

    /// The size of `batch` in this sizer's unit.
    pub fn size_of(self, batch: &LogsBatch) -> u64 {
        match self {
            Sizer::Requests => 1,
            Sizer::Items => batch.record_count() as u64,
            Sizer::Bytes => encoded_len(&batch.resource_logs) as u64,
        }
    }
}

/// The encoded size of an `ExportLogsServiceRequest` holding `resource_logs` (field 1,
/// repeated), computed without building or copying the request.
pub fn encoded_len(resource_logs: &[ResourceLogs]) -> usize {
    resource_logs
        .iter()
        .map(|rl| prost::encoding::message::encoded_len(1, rl))
        .sum()
}

/// Encodes `resource_logs` as an `ExportLogsServiceRequest`, without copying the records.
pub fn encode_request(resource_logs: &[ResourceLogs]) -> Vec<u8> {
    let mut buf = Vec::with_capacity(encoded_len(resource_logs));
    for rl in resource_logs {
        prost::encoding::message::encode(1, rl, &mut buf);
    }
    buf
}

/// The size units of one queued batch in every sizer, so a queue can keep all three totals.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BatchSize {
    pub items: u64,
    pub bytes: u64,
}

impl BatchSize {
    pub fn of(batch: &LogsBatch) -> BatchSize {
        BatchSize {
            items: batch.record_count() as u64,
            bytes: encoded_len(&batch.resource_logs) as u64,
        }
    }

    /// This batch in `sizer` units.
    pub fn in_units(self, sizer: Sizer) -> u64 {
        match sizer {
            Sizer::Requests => 1,
            Sizer::Items => self.items,
            Sizer::Bytes => self.bytes,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdata::{ExportLogsServiceRequest, LogRecord, ScopeLogs};
    use crate::AckSet;
    use prost::Message;

    fn batch(records: usize, body: &str) -> LogsBatch {
        let record = LogRecord {
            body: Some(crate::pdata::string_value(body)),
            ..Default::default()
        };
        LogsBatch::new(
            vec![ResourceLogs {
                scope_logs: vec![ScopeLogs {
                    log_records: vec![record; records],
                    ..Default::default()
                }],
                ..Default::default()
            }],
            AckSet::none(),
        )
    }

    #[test]
    fn requests_sizer_counts_one_per_batch() {
        assert_eq!(Sizer::Requests.size_of(&batch(7, "x")), 1);
    }

    #[test]
    fn items_sizer_counts_log_records() {
        assert_eq!(Sizer::Items.size_of(&batch(7, "x")), 7);
        assert_eq!(Sizer::Items.size_of(&batch(0, "x")), 0);
    }

    #[test]
    fn bytes_sizer_is_the_encoded_otlp_request_size() {
        let b = batch(3, "hello world");
        let request = ExportLogsServiceRequest {
            resource_logs: b.resource_logs.clone(),
        };
        assert_eq!(Sizer::Bytes.size_of(&b), request.encoded_len() as u64);
        assert_eq!(encode_request(&b.resource_logs), request.encode_to_vec());
        assert!(Sizer::Bytes.size_of(&batch(3, "a much longer body")) > Sizer::Bytes.size_of(&b));
    }

    #[test]
    fn sizer_names_parse_like_go() {
        for name in ["requests", "items", "bytes"] {
            assert_eq!(Sizer::parse(name).map(Sizer::as_str), Some(name));
        }
        assert_eq!(Sizer::parse("Requests"), None);
        assert_eq!(Sizer::parse(""), None);
    }
}
