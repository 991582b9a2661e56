//! `LogsBatch`: the one thing that travels through a pipeline — resource logs, the acks of
//! everything in them, and the request context of the client that sent them.

use crate::ack::AckSet;
use crate::pdata::{record_count, split_records, ResourceLogs};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Who sent the data: the peer address and, when a receiver keeps them, request metadata
/// (HTTP headers / gRPC metadata, lower-cased keys). Used by `from_context` and `metadata_keys`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClientContext {
    pub address: Option<String>,
    pub metadata: BTreeMap<String, Vec<String>>,
}

/// A batch of logs plus its acknowledgements.
#[derive(Debug, Default)]
pub struct LogsBatch {
    pub resource_logs: Vec<ResourceLogs>,
    pub acks: AckSet,
    pub client: Arc<ClientContext>,
}

impl LogsBatch {
    pub fn new(resource_logs: Vec<ResourceLogs>, acks: AckSet) -> Self {
        LogsBatch {
            resource_logs,
            acks,
            client: Arc::default(),
        }
    }

    pub fn with_client(mut self, client: Arc<ClientContext>) -> Self {
        self.client = client;
        self
    }

    pub fn record_count(&self) -> usize {
        record_count(&self.resource_logs)
    }

    /// A copy for another destination: the data is cloned and every ack gets a new share.
    pub fn fork(&self) -> LogsBatch {
        LogsBatch {
            resource_logs: self.resource_logs.clone(),
            acks: self.acks.clone(),
            client: self.client.clone(),
        }
    }

    /// Splits off the first `n` records; both parts hold a share of every ack.
    pub fn split_off_front(&mut self, n: usize) -> LogsBatch {
        LogsBatch {
            resource_logs: split_records(&mut self.resource_logs, n),
            acks: self.acks.clone(),
            client: self.client.clone(),
        }
    }

    /// Appends another batch (resource logs as they are, acks merged).
    pub fn append(&mut self, other: LogsBatch) {
        self.resource_logs.extend(other.resource_logs);
        self.acks.merge(other.acks);
    }

    /// Resolves every ack of the batch as delivered.
    pub fn deliver(self) {
        self.acks.deliver();
    }

    /// Resolves every ack of the batch as failed.
    pub fn fail(self, reason: &str) {
        self.acks.fail(reason);
    }
}
