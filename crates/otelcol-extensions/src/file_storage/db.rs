//! Blocking redb work for one database file: open (lock wait, recreate), batches, compaction.
//! Everything here runs on a blocking thread (`spawn_blocking`).

use super::backend::SyncPolicyBackend;
use otelcol_core::storage::StorageOp;
use redb::{
    Builder, Database, DatabaseError, ReadableDatabase, ReadableTable, StorageError,
    TableDefinition,
};
use std::collections::BTreeSet;
use std::fs::OpenOptions;
use std::io;
use std::os::unix::fs::OpenOptionsExt;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The one table of every file, named like Go's bbolt bucket.
const TABLE: TableDefinition<&str, &[u8]> = TableDefinition::new("default");

/// Page cache per database; the stores are small (checkpoints, queues), so 16 MiB is plenty.
const CACHE_BYTES: usize = 16 * 1024 * 1024;

/// How often a locked file is retried while waiting for `timeout`.
const LOCK_RETRY: Duration = Duration::from_millis(25);

/// Files with an open client in this process: a second client for the same file is refused.
static OPEN_FILES: Mutex<BTreeSet<PathBuf>> = Mutex::new(BTreeSet::new());

/// This process's claim on a file; released when dropped.
#[derive(Debug)]
pub struct FileClaim(PathBuf);

impl FileClaim {
    pub fn acquire(path: &Path) -> Result<FileClaim, String> {
        let mut open = OPEN_FILES
            .lock()
            .map_err(|_| "file_storage registry poisoned".to_string())?;
        if !open.insert(path.to_path_buf()) {
            return Err(format!(
                "{}: a storage client for this file is already open in this collector",
                path.display()
            ));
        }
        Ok(FileClaim(path.to_path_buf()))
    }
}

impl Drop for FileClaim {
    fn drop(&mut self) {
        if let Ok(mut open) = OPEN_FILES.lock() {
            open.remove(&self.0);
        }
    }
}

/// How to open a database file.
#[derive(Debug, Clone, Copy)]
pub struct OpenSettings {
    pub fsync: bool,
    /// Wait for another process's lock this long; zero waits forever (bbolt's meaning).
    pub timeout: Duration,
    pub recreate: bool,
}

enum OpenFailure {
    Locked,
    Corrupt(String),
    Other(String),
}

/// Opens (creating if needed) the database at `path` and makes sure its table exists.
pub fn open(path: &Path, settings: OpenSettings) -> Result<Database, String> {
    let started = Instant::now();
    let mut recreated = false;
    loop {
        match try_open(path, settings.fsync) {
            Ok(db) => return Ok(db),
            Err(OpenFailure::Locked) => {
                if !settings.timeout.is_zero() && started.elapsed() >= settings.timeout {
                    return Err(format!(
                        "{}: timeout after {:?} waiting for the file lock (the database is open in another process)",
                        path.display(),
                        settings.timeout
                    ));
                }
                std::thread::sleep(LOCK_RETRY);
            }
            Err(OpenFailure::Corrupt(reason)) if settings.recreate && !recreated => {
                let backup = backup_path(path);
                std::fs::rename(path, &backup).map_err(|e| {
                    format!("{}: cannot move corrupt database aside: {e}", path.display())
                })?;
                tracing::warn!(
                    file = %path.display(),
                    backup = %backup.display(),
                    reason = %reason,
                    "file_storage database could not be opened; moved aside and recreated (recreate: true)"
                );
                recreated = true;
            }
            Err(OpenFailure::Corrupt(reason)) => {
                return Err(format!(
                    "{}: database cannot be opened ({reason}); set recreate: true to move it aside and start empty",
                    path.display()
                ))
            }
            Err(OpenFailure::Other(reason)) => return Err(format!("{}: {reason}", path.display())),
        }
    }
}

/// `<file>.backup`, next to the file; an older backup is replaced.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(".backup");
    PathBuf::from(name)
}

fn try_open(path: &Path, fsync: bool) -> Result<Database, OpenFailure> {
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o600)
        .open(path)
        .map_err(|e| OpenFailure::Other(format!("open: {e}")))?;
    let backend = SyncPolicyBackend::new(file, fsync).map_err(classify)?;
    // redb may panic (debug assertions) on a file it did not write; that is corruption too.
    let opened = catch_unwind(AssertUnwindSafe(|| {
        let db = Builder::new()
            .set_cache_size(CACHE_BYTES)
            .create_with_backend(backend)
            .map_err(classify)?;
        ensure_table(&db).map_err(OpenFailure::Corrupt)?;
        Ok(db)
    }));
    opened.unwrap_or_else(|_| {
        Err(OpenFailure::Corrupt(
            "redb panicked while opening the file".to_string(),
        ))
    })
}

fn classify(e: DatabaseError) -> OpenFailure {
    match e {
        DatabaseError::DatabaseAlreadyOpen | DatabaseError::LockProtocolMismatch => {
            OpenFailure::Locked
        }
        DatabaseError::Storage(StorageError::Corrupted(m)) => OpenFailure::Corrupt(m),
        DatabaseError::Storage(StorageError::Io(io))
            if matches!(
                io.kind(),
                io::ErrorKind::UnexpectedEof | io::ErrorKind::InvalidData
            ) =>
        {
            OpenFailure::Corrupt(io.to_string())
        }
        DatabaseError::UpgradeRequired(v) => {
            OpenFailure::Corrupt(format!("file format version {v} needs an upgrade"))
        }
        other => OpenFailure::Other(other.to_string()),
    }
}

fn ensure_table(db: &Database) -> Result<(), String> {
    let txn = db.begin_write().map_err(|e| e.to_string())?;
    txn.open_table(TABLE).map_err(|e| e.to_string())?;
    txn.commit().map_err(|e| e.to_string())
}

/// Applies `ops` in order in one transaction (one write transaction when anything is written,
/// so the batch commits or fails as a whole). Returns one entry per op, `Some` for a Get hit.
pub fn apply(db: &Database, ops: &[StorageOp]) -> Result<Vec<Option<Vec<u8>>>, String> {
    let writes = ops.iter().any(|op| !matches!(op, StorageOp::Get(_)));
    if !writes {
        let txn = db.begin_read().map_err(|e| e.to_string())?;
        let table = txn.open_table(TABLE).map_err(|e| e.to_string())?;
        return ops
            .iter()
            .map(|op| match op {
                StorageOp::Get(key) => read(table.get(key.as_str()).map_err(|e| e.to_string())?),
                _ => Ok(None),
            })
            .collect();
    }
    let txn = db.begin_write().map_err(|e| e.to_string())?;
    let mut results = Vec::with_capacity(ops.len());
    {
        let mut table = txn.open_table(TABLE).map_err(|e| e.to_string())?;
        for op in ops {
            let result = match op {
                StorageOp::Get(key) => read(table.get(key.as_str()).map_err(|e| e.to_string())?)?,
                StorageOp::Set(key, value) => {
                    table
                        .insert(key.as_str(), value.as_slice())
                        .map_err(|e| e.to_string())?;
                    None
                }
                StorageOp::Delete(key) => {
                    table.remove(key.as_str()).map_err(|e| e.to_string())?;
                    None
                }
            };
            results.push(result);
        }
    }
    txn.commit().map_err(|e| e.to_string())?;
    Ok(results)
}

fn read(guard: Option<redb::AccessGuard<'_, &[u8]>>) -> Result<Option<Vec<u8>>, String> {
    Ok(guard.map(|g| g.value().to_vec()))
}

/// Bytes of pages in use (Go: `tx.Size() - FreeAlloc`).
pub fn used_bytes(db: &Database) -> Result<u64, String> {
    let txn = db.begin_write().map_err(|e| e.to_string())?;
    let stats = txn.stats().map_err(|e| e.to_string())?;
    txn.abort().map_err(|e| e.to_string())?;
    Ok(stats.allocated_pages() * stats.page_size() as u64)
}

/// Compacts in place and shrinks the file; returns whether anything was reclaimed.
pub fn compact(db: &mut Database) -> Result<bool, String> {
    db.compact().map_err(|e| e.to_string())
}
