//! The checkpoint: the cursor of the page being read and the ids already delivered from it,
//! kept in a storage extension when one is configured (in memory otherwise).

use otelcol_core::storage::StorageClient;
use otelcol_core::ComponentError;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::sync::Arc;

const KEY: &str = "paged_json_audit.checkpoint";

/// Where reading resumes: the page at `cursor` (`None` = the first page), minus `delivered`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Checkpoint {
    pub cursor: Option<String>,
    pub delivered: BTreeSet<String>,
}

pub(crate) struct CheckpointStore {
    client: Option<Arc<dyn StorageClient>>,
}

impl CheckpointStore {
    pub(crate) fn new(client: Option<Arc<dyn StorageClient>>) -> Self {
        CheckpointStore { client }
    }

    /// The stored checkpoint; a corrupt one is an error, never silently reset.
    pub(crate) async fn load(&self) -> Result<Checkpoint, ComponentError> {
        let Some(client) = &self.client else {
            return Ok(Checkpoint::default());
        };
        match client.get(KEY).await? {
            None => Ok(Checkpoint::default()),
            Some(bytes) => serde_json::from_slice(&bytes).map_err(|e| {
                ComponentError::new(format!(
                    "paged_json_audit: the stored checkpoint is corrupt ({e}); delete it to start over"
                ))
            }),
        }
    }

    pub(crate) async fn save(&self, checkpoint: &Checkpoint) -> Result<(), ComponentError> {
        let Some(client) = &self.client else {
            return Ok(());
        };
        let bytes = serde_json::to_vec(checkpoint)
            .map_err(|e| ComponentError::new(format!("paged_json_audit: checkpoint: {e}")))?;
        client.set(KEY, bytes).await
    }

    pub(crate) async fn close(&self) {
        if let Some(client) = &self.client {
            if let Err(e) = client.close().await {
                tracing::warn!(error = %e, "paged_json_audit: closing the storage client failed");
            }
        }
    }
}
