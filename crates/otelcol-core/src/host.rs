//! `Host`: what the runtime offers components — the started extensions (e.g. storage) and a
//! status board where components report their health.

use crate::component::{ComponentError, ComponentId, Extension, Kind};
use crate::storage::StorageExtension;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::SystemTime;
use tokio::sync::watch;

/// A component's reported condition (Go `componentstatus`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ComponentStatus {
    Starting,
    Ok,
    /// Working but degraded (e.g. a vendor API refuses the key); may recover by itself.
    RecoverableError(String),
    /// Cannot work until the configuration is changed.
    PermanentError(String),
    Stopping,
    Stopped,
}

/// Whether the collector as a whole is serving.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CollectorState {
    Starting,
    /// Every pipeline has started, since the given time.
    Ready {
        since: SystemTime,
    },
    ShuttingDown,
}

#[derive(Default)]
struct Board {
    statuses: BTreeMap<(Kind, ComponentId), ComponentStatus>,
}

/// Shared by the runtime and all components. Cheap to clone.
#[derive(Clone)]
pub struct Host {
    extensions: Arc<BTreeMap<ComponentId, Arc<dyn Extension>>>,
    board: Arc<Mutex<Board>>,
    state: watch::Sender<CollectorState>,
}

impl Default for Host {
    fn default() -> Self {
        Host::new(BTreeMap::new())
    }
}

impl Host {
    pub fn new(extensions: BTreeMap<ComponentId, Arc<dyn Extension>>) -> Self {
        Host {
            extensions: Arc::new(extensions),
            board: Arc::default(),
            state: watch::Sender::new(CollectorState::Starting),
        }
    }

    /// The storage extension with this id, as the Go collector resolves `storage:` keys.
    pub fn storage(&self, id: &ComponentId) -> Result<Arc<dyn StorageExtension>, ComponentError> {
        let ext = self.extensions.get(id).ok_or_else(|| {
            ComponentError::new(format!(
                "storage extension {id:?} not found: no storage client extension found"
            ))
        })?;
        ext.clone().as_storage().ok_or_else(|| {
            ComponentError::new(format!(
                "{id}: requested extension is not a storage extension"
            ))
        })
    }

    pub fn report_status(&self, kind: Kind, id: &ComponentId, status: ComponentStatus) {
        if let Ok(mut board) = self.board.lock() {
            board.statuses.insert((kind, id.clone()), status);
        }
    }

    /// Every component's last reported status.
    pub fn statuses(&self) -> Vec<(Kind, ComponentId, ComponentStatus)> {
        self.board
            .lock()
            .map(|b| {
                b.statuses
                    .iter()
                    .map(|((k, id), s)| (*k, id.clone(), s.clone()))
                    .collect()
            })
            .unwrap_or_default()
    }

    pub fn set_state(&self, state: CollectorState) {
        self.state.send_replace(state);
    }

    pub fn state(&self) -> CollectorState {
        *self.state.borrow()
    }

    /// Watches the collector state (health_check, tests).
    pub fn watch_state(&self) -> watch::Receiver<CollectorState> {
        self.state.subscribe()
    }
}
