//! The storage extension interface (Go `extension/xextension/storage`): a key-value client
//! per component, used for checkpoints and persistent queues.

use crate::component::{ComponentError, ComponentId, Kind};
use async_trait::async_trait;
use std::sync::Arc;

/// One operation of a [`StorageClient::batch`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StorageOp {
    Get(String),
    Set(String, Vec<u8>),
    Delete(String),
}

/// A component's private key-value store. `batch` applies all operations atomically.
#[async_trait]
pub trait StorageClient: Send + Sync {
    async fn get(&self, key: &str) -> Result<Option<Vec<u8>>, ComponentError>;
    async fn set(&self, key: &str, value: Vec<u8>) -> Result<(), ComponentError>;
    async fn delete(&self, key: &str) -> Result<(), ComponentError>;
    /// Runs the operations in one transaction; returns one entry per op (`Some` for a Get hit).
    async fn batch(&self, ops: Vec<StorageOp>) -> Result<Vec<Option<Vec<u8>>>, ComponentError>;
    async fn close(&self) -> Result<(), ComponentError>;
}

/// An extension that hands out storage clients.
#[async_trait]
pub trait StorageExtension: Send + Sync {
    /// The client for `component` of `kind`; `name` tells apart several stores of one
    /// component (e.g. `logs` for an exporter's queue). One client per (kind, id, name).
    async fn client(
        &self,
        kind: Kind,
        component: &ComponentId,
        name: &str,
    ) -> Result<Arc<dyn StorageClient>, ComponentError>;
}
