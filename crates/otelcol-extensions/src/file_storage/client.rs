//! `StorageClient` over one redb file; blocking calls go through `spawn_blocking`.

use super::db::{self, FileClaim};
use async_trait::async_trait;
use otelcol_core::storage::{StorageClient, StorageOp};
use otelcol_core::ComponentError;
use redb::Database;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock, Weak};
use std::time::Duration;
use tokio::task::JoinHandle;

const MIB: u64 = 1024 * 1024;

/// The open database and this process's claim on its file (dropped in this order).
struct OpenDb {
    db: Database,
    _claim: FileClaim,
}

struct Shared {
    path: PathBuf,
    /// `None` once closed. Reads and writes share the lock; compaction takes it exclusively.
    open: RwLock<Option<OpenDb>>,
    max_size: Option<u64>,
}

/// Settings of online ("rebound") compaction.
#[derive(Debug, Clone, Copy)]
pub struct Rebound {
    pub check_interval: Duration,
    pub needed_bytes: u64,
    pub trigger_bytes: u64,
}

impl Rebound {
    pub fn from_mib(check_interval: Duration, needed_mib: i64, trigger_mib: i64) -> Self {
        let bytes = |mib: i64| u64::try_from(mib).unwrap_or(0).saturating_mul(MIB);
        Rebound {
            check_interval,
            needed_bytes: bytes(needed_mib),
            trigger_bytes: bytes(trigger_mib),
        }
    }
}

/// A component's store in `<directory>/<kind>_<type>_<name>[_<client>]`.
pub struct FileStorageClient {
    shared: Arc<Shared>,
    rebound_task: Mutex<Option<JoinHandle<()>>>,
}

impl FileStorageClient {
    pub(crate) fn new(
        path: PathBuf,
        db: Database,
        claim: FileClaim,
        max_size: Option<u64>,
    ) -> Self {
        FileStorageClient {
            shared: Arc::new(Shared {
                path,
                open: RwLock::new(Some(OpenDb { db, _claim: claim })),
                max_size,
            }),
            rebound_task: Mutex::new(None),
        }
    }

    /// The database file behind this client.
    pub fn path(&self) -> &Path {
        &self.shared.path
    }

    /// Compacts the file now (`compaction.on_start`).
    pub async fn compact(&self) -> Result<bool, ComponentError> {
        let shared = self.shared.clone();
        run_blocking(move || compact_now(&shared)).await
    }

    /// Starts the periodic rebound check (`compaction.on_rebound`).
    pub(crate) fn start_rebound(&self, rebound: Rebound) {
        let weak = Arc::downgrade(&self.shared);
        let task = tokio::spawn(rebound_loop(weak, rebound));
        if let Ok(mut slot) = self.rebound_task.lock() {
            *slot = Some(task);
        }
    }
}

fn closed(path: &Path) -> String {
    format!("{}: storage client is closed", path.display())
}

fn compact_now(shared: &Shared) -> Result<bool, String> {
    let mut guard = shared
        .open
        .write()
        .map_err(|_| "storage lock poisoned".to_string())?;
    let open = guard.as_mut().ok_or_else(|| closed(&shared.path))?;
    let started = std::time::Instant::now();
    let compacted = db::compact(&mut open.db)?;
    tracing::info!(file = %shared.path.display(), elapsed = ?started.elapsed(), compacted, "finished compaction");
    Ok(compacted)
}

/// Go's `shouldCompact`: the file has grown past `needed` and the data in it is below `trigger`.
fn rebound_check(shared: &Shared, rebound: Rebound) -> Result<(), String> {
    let total = std::fs::metadata(&shared.path)
        .map_err(|e| e.to_string())?
        .len();
    if total < rebound.needed_bytes {
        return Ok(());
    }
    let used = {
        let guard = shared
            .open
            .read()
            .map_err(|_| "storage lock poisoned".to_string())?;
        let open = guard.as_ref().ok_or_else(|| closed(&shared.path))?;
        db::used_bytes(&open.db)?
    };
    if used > rebound.trigger_bytes {
        return Ok(());
    }
    compact_now(shared).map(|_| ())
}

async fn rebound_loop(shared: Weak<Shared>, rebound: Rebound) {
    let mut ticker = tokio::time::interval(rebound.check_interval);
    ticker.tick().await;
    loop {
        ticker.tick().await;
        let Some(strong) = shared.upgrade() else {
            return;
        };
        let path = strong.path.clone();
        let outcome = tokio::task::spawn_blocking(move || rebound_check(&strong, rebound)).await;
        match outcome {
            Ok(Ok(())) => {}
            Ok(Err(e)) => tracing::error!(file = %path.display(), error = %e, "compaction failure"),
            Err(e) => tracing::error!(file = %path.display(), error = %e, "compaction task failed"),
        }
    }
}

async fn run_blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, String> + Send + 'static,
) -> Result<T, ComponentError> {
    match tokio::task::spawn_blocking(work).await {
        Ok(result) => result.map_err(ComponentError::new),
        Err(e) => Err(ComponentError::new(format!(
            "file_storage task failed: {e}"
        ))),
    }
}

fn run_batch(shared: &Shared, ops: &[StorageOp]) -> Result<Vec<Option<Vec<u8>>>, String> {
    let guard = shared
        .open
        .read()
        .map_err(|_| "storage lock poisoned".to_string())?;
    let open = guard.as_ref().ok_or_else(|| closed(&shared.path))?;
    if let Some(max) = shared.max_size {
        let grows = ops.iter().any(|op| matches!(op, StorageOp::Set(..)));
        let size = std::fs::metadata(&shared.path)
            .map_err(|e| e.to_string())?
            .len();
        if grows && size >= max {
            return Err(format!(
                "{}: database file size {size} bytes has reached max_size ({max} bytes)",
                shared.path.display()
            ));
        }
    }
    db::apply(&open.db, ops).map_err(|e| format!("{}: {e}", shared.path.display()))
}

#[async_trait]
impl StorageClient for FileStorageClient {
    async fn get(&self, key: &str) -> Result<Option<Vec<u8>>, ComponentError> {
        let mut results = self.batch(vec![StorageOp::Get(key.to_string())]).await?;
        Ok(results.pop().flatten())
    }

    async fn set(&self, key: &str, value: Vec<u8>) -> Result<(), ComponentError> {
        self.batch(vec![StorageOp::Set(key.to_string(), value)])
            .await
            .map(|_| ())
    }

    async fn delete(&self, key: &str) -> Result<(), ComponentError> {
        self.batch(vec![StorageOp::Delete(key.to_string())])
            .await
            .map(|_| ())
    }

    async fn batch(&self, ops: Vec<StorageOp>) -> Result<Vec<Option<Vec<u8>>>, ComponentError> {
        let shared = self.shared.clone();
        run_blocking(move || run_batch(&shared, &ops)).await
    }

    /// Stops rebound compaction and closes the file; later calls fail. Closing twice is fine.
    async fn close(&self) -> Result<(), ComponentError> {
        if let Some(task) = self.rebound_task.lock().ok().and_then(|mut t| t.take()) {
            task.abort();
        }
        let shared = self.shared.clone();
        run_blocking(move || {
            let mut guard = shared
                .open
                .write()
                .map_err(|_| "storage lock poisoned".to_string())?;
            match guard.take() {
                Some(open) => open
                    .db
                    .close()
                    .map_err(|e| format!("{}: close: {e}", shared.path.display())),
                None => Ok(()),
            }
        })
        .await
    }
}

impl Drop for FileStorageClient {
    fn drop(&mut self) {
        if let Some(task) = self.rebound_task.lock().ok().and_then(|mut t| t.take()) {
            task.abort();
        }
    }
}
