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

/// A component's current status and since when it has been in that status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusEntry {
    pub status: ComponentStatus,
    /// When the component entered this status. A repeated report of the same kind of status
    /// (e.g. a second `RecoverableError` with a new message) updates the message but keeps the
    /// time, so "in error for longer than X" measures the whole episode.
    pub since: SystemTime,
}

#[derive(Default)]
struct Board {
    statuses: BTreeMap<(Kind, ComponentId), StatusEntry>,
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
                "storage extension \"{id}\" not found: no storage client extension found"
            ))
        })?;
        ext.clone().as_storage().ok_or_else(|| {
            ComponentError::new(format!(
                "{id}: requested extension is not a storage extension"
            ))
        })
    }

    pub fn report_status(&self, kind: Kind, id: &ComponentId, status: ComponentStatus) {
        self.report_status_at(kind, id, status, SystemTime::now());
    }

    /// `report_status` with an explicit time (tests, replays).
    pub fn report_status_at(
        &self,
        kind: Kind,
        id: &ComponentId,
        status: ComponentStatus,
        at: SystemTime,
    ) {
        if let Ok(mut board) = self.board.lock() {
            let key = (kind, id.clone());
            let since = match board.statuses.get(&key) {
                Some(prev)
                    if std::mem::discriminant(&prev.status) == std::mem::discriminant(&status) =>
                {
                    prev.since
                }
                _ => at,
            };
            board.statuses.insert(key, StatusEntry { status, since });
        }
    }

    /// Every component's last reported status.
    pub fn statuses(&self) -> Vec<(Kind, ComponentId, ComponentStatus)> {
        self.status_entries()
            .into_iter()
            .map(|(k, id, e)| (k, id, e.status))
            .collect()
    }

    /// Every component's last reported status with the time it entered it (health_check).
    pub fn status_entries(&self) -> Vec<(Kind, ComponentId, StatusEntry)> {
        self.board
            .lock()
            .map(|b| {
                b.statuses
                    .iter()
                    .map(|((k, id), e)| (*k, id.clone(), e.clone()))
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn repeated_error_reports_keep_the_time_the_error_began() {
        let host = Host::default();
        let id = ComponentId::new("castai", None);
        let t0 = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000);
        let err = |m: &str| ComponentStatus::RecoverableError(m.to_string());
        host.report_status_at(Kind::Receiver, &id, err("HTTP 403"), t0);
        host.report_status_at(
            Kind::Receiver,
            &id,
            err("HTTP 401"),
            t0 + Duration::from_secs(5),
        );
        let entries = host.status_entries();
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].2.status, err("HTTP 401"));
        assert_eq!(entries[0].2.since, t0);
        let t1 = t0 + Duration::from_secs(9);
        host.report_status_at(Kind::Receiver, &id, ComponentStatus::Ok, t1);
        assert_eq!(host.status_entries()[0].2.since, t1);
        assert_eq!(
            host.statuses(),
            vec![(Kind::Receiver, id, ComponentStatus::Ok)]
        );
    }
}
