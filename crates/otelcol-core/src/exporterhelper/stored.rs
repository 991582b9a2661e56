//! The persistent queue's records in the storage client: one metadata record (`qmv0`, the
//! read/write indexes, the items being sent and the queue's total size) and one record per
//! batch (key = its index in decimal), holding the OTLP request and the client context.

use super::sizer::{encode_request, BatchSize};
use crate::ack::AckSet;
use crate::batch::{ClientContext, LogsBatch};
use crate::pdata::ExportLogsServiceRequest;
use prost::Message;
use std::sync::Arc;

/// The key of the queue metadata (same name as Go's consolidated metadata key).
pub const METADATA_KEY: &str = "qmv0";

/// The key of the batch stored at `index`.
pub fn item_key(index: u64) -> String {
    index.to_string()
}

/// Queue metadata. Items `read_index..write_index` wait to be sent; `dispatched` lists the
/// items (below `read_index`) whose sending has started and not finished.
#[derive(Clone, PartialEq, Message)]
pub struct QueueMetadata {
    #[prost(sfixed64, tag = "1")]
    pub items_size: i64,
    #[prost(sfixed64, tag = "2")]
    pub bytes_size: i64,
    #[prost(fixed64, tag = "3")]
    pub read_index: u64,
    #[prost(fixed64, tag = "4")]
    pub write_index: u64,
    #[prost(fixed64, repeated, tag = "5")]
    pub dispatched: Vec<u64>,
}

impl QueueMetadata {
    /// Batches stored: waiting plus being sent.
    pub fn requests(&self) -> u64 {
        self.write_index.saturating_sub(self.read_index) + self.dispatched.len() as u64
    }

    pub fn add(&mut self, size: BatchSize) {
        self.items_size = self.items_size.saturating_add(as_i64(size.items));
        self.bytes_size = self.bytes_size.saturating_add(as_i64(size.bytes));
    }

    /// Removes a finished item; the totals are reset when the queue is empty, so a size that
    /// could not be subtracted (an unreadable item) does not stay forever.
    pub fn finish(&mut self, index: u64, size: Option<BatchSize>) {
        self.dispatched.retain(|i| *i != index);
        if let Some(size) = size {
            self.items_size = (self.items_size - as_i64(size.items)).max(0);
            self.bytes_size = (self.bytes_size - as_i64(size.bytes)).max(0);
        }
        if self.requests() == 0 {
            self.items_size = 0;
            self.bytes_size = 0;
        }
    }
}

fn as_i64(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

#[derive(Clone, PartialEq, Message)]
struct StoredMetadataEntry {
    #[prost(string, tag = "1")]
    key: String,
    #[prost(string, repeated, tag = "2")]
    values: Vec<String>,
}

/// One stored batch: field 1 is the `ExportLogsServiceRequest`, 2 and 3 the client context.
#[derive(Clone, PartialEq, Message)]
struct StoredBatch {
    #[prost(bytes = "vec", tag = "1")]
    request: Vec<u8>,
    #[prost(string, optional, tag = "2")]
    client_address: Option<String>,
    #[prost(message, repeated, tag = "3")]
    client_metadata: Vec<StoredMetadataEntry>,
}

/// Encodes a batch (its acks are not stored: they are resolved at the durable write).
pub fn encode_batch(batch: &LogsBatch) -> Vec<u8> {
    let client = StoredBatch {
        request: Vec::new(),
        client_address: batch.client.address.clone(),
        client_metadata: batch
            .client
            .metadata
            .iter()
            .map(|(key, values)| StoredMetadataEntry {
                key: key.clone(),
                values: values.clone(),
            })
            .collect(),
    };
    let request = encode_request(&batch.resource_logs);
    let mut buf = Vec::with_capacity(request.len() + 16 + client.encoded_len());
    prost::encoding::bytes::encode(1, &request, &mut buf);
    client.encode_raw(&mut buf);
    buf
}

/// Decodes a stored batch into a batch without acks (nobody waits for it any more).
pub fn decode_batch(bytes: &[u8]) -> Result<LogsBatch, prost::DecodeError> {
    let stored = StoredBatch::decode(bytes)?;
    let request = ExportLogsServiceRequest::decode(stored.request.as_slice())?;
    let client = ClientContext {
        address: stored.client_address,
        metadata: stored
            .client_metadata
            .into_iter()
            .map(|e| (e.key, e.values))
            .collect(),
    };
    Ok(LogsBatch::new(request.resource_logs, AckSet::none()).with_client(Arc::new(client)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdata::{string_value, LogRecord, ResourceLogs, ScopeLogs};

    #[test]
    fn a_stored_batch_keeps_its_records_and_client_context() {
        let mut client = ClientContext {
            address: Some("10.0.0.7:5555".into()),
            ..Default::default()
        };
        client
            .metadata
            .insert("x-tenant".into(), vec!["acme".into(), "beta".into()]);
        let batch = LogsBatch::new(
            vec![ResourceLogs {
                scope_logs: vec![ScopeLogs {
                    log_records: vec![LogRecord {
                        body: Some(string_value("login")),
                        ..Default::default()
                    }],
                    ..Default::default()
                }],
                ..Default::default()
            }],
            AckSet::none(),
        )
        .with_client(Arc::new(client.clone()));
        let decoded = decode_batch(&encode_batch(&batch)).expect("decodes");
        assert_eq!(decoded.resource_logs, batch.resource_logs);
        assert_eq!(*decoded.client, client);
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(decode_batch(&[0xff, 0xff, 0xff]).is_err());
    }

    #[test]
    fn finishing_the_last_item_resets_the_totals() {
        let mut meta = QueueMetadata {
            read_index: 3,
            write_index: 3,
            dispatched: vec![2],
            items_size: 10,
            bytes_size: 500,
        };
        meta.finish(2, None);
        assert_eq!(
            (meta.requests(), meta.items_size, meta.bytes_size),
            (0, 0, 0)
        );
    }
}
