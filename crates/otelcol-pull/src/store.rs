//! `StateStore`: where a checkpoint lives — nowhere (in memory), in a file written atomically
//! (temp file, fsync, rename, fsync of the directory; mode 0600), or under a key of a storage
//! extension client (`file_storage`).

use otelcol_core::storage::StorageClient;
use otelcol_core::ComponentError;
use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The key under which a storage extension client keeps a receiver's checkpoint.
pub const STORAGE_KEY: &str = "checkpoint";

#[derive(Clone)]
pub enum StateStore {
    /// Kept in memory only: a restart starts over.
    Memory,
    File(PathBuf),
    Extension {
        client: Arc<dyn StorageClient>,
        /// The extension's id, for messages.
        extension: String,
    },
}

impl fmt::Display for StateStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StateStore::Memory => f.write_str("in-memory checkpoint"),
            StateStore::File(path) => write!(f, "checkpoint file {}", path.display()),
            StateStore::Extension { extension, .. } => {
                write!(f, "checkpoint in storage extension {extension}")
            }
        }
    }
}

impl StateStore {
    /// The stored bytes; `None` when nothing was stored yet.
    pub async fn load(&self) -> Result<Option<Vec<u8>>, ComponentError> {
        match self {
            StateStore::Memory => Ok(None),
            StateStore::File(path) => {
                let path = path.clone();
                let read = tokio::task::spawn_blocking(move || match std::fs::read(&path) {
                    Ok(bytes) => Ok(Some(bytes)),
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
                    Err(e) => Err(e),
                })
                .await
                .map_err(|e| ComponentError::new(format!("{self}: cannot read: {e}")))?;
                read.map_err(|e| ComponentError::new(format!("{self}: cannot read: {e}")))
            }
            StateStore::Extension { client, .. } => client.get(STORAGE_KEY).await,
        }
    }

    /// Replaces the stored bytes; a crash leaves either the old or the new state, never a mix.
    pub async fn save(&self, bytes: Vec<u8>) -> Result<(), ComponentError> {
        match self {
            StateStore::Memory => Ok(()),
            StateStore::File(path) => {
                let path = path.clone();
                tokio::task::spawn_blocking(move || write_atomically(&path, &bytes))
                    .await
                    .map_err(|e| ComponentError::new(format!("{self}: cannot write: {e}")))?
                    .map_err(|e| ComponentError::new(format!("{self}: cannot write: {e}")))
            }
            StateStore::Extension { client, .. } => client.set(STORAGE_KEY, bytes).await,
        }
    }

    pub fn is_persistent(&self) -> bool {
        !matches!(self, StateStore::Memory)
    }
}

/// Writes `<path>.tmp` (mode 0600), syncs it, renames it over `path` and syncs the directory.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut tmp_name = path.as_os_str().to_owned();
    tmp_name.push(".tmp");
    let tmp = PathBuf::from(tmp_name);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(&tmp)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    file.write_all(bytes)?;
    file.sync_all()?;
    drop(file);
    std::fs::rename(&tmp, path)?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    if let Ok(d) = std::fs::File::open(dir) {
        // Makes the rename durable; not possible on every platform, never fatal.
        let _ = d.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn missing_file_loads_as_nothing_stored() {
        let dir = tempfile::tempdir().unwrap();
        let store = StateStore::File(dir.path().join("state.json"));
        assert_eq!(store.load().await.unwrap(), None);
    }

    #[tokio::test]
    async fn saved_state_is_read_back_and_private_to_the_owner() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        let store = StateStore::File(path.clone());
        store.save(b"one".to_vec()).await.unwrap();
        store.save(b"two".to_vec()).await.unwrap();
        assert_eq!(store.load().await.unwrap(), Some(b"two".to_vec()));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temp file is left behind");
    }

    #[tokio::test]
    async fn a_missing_directory_is_an_error_naming_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let store = StateStore::File(dir.path().join("nope/state.json"));
        let err = store.save(b"x".to_vec()).await.unwrap_err().to_string();
        assert!(
            err.contains("nope/state.json") && err.contains("cannot write"),
            "{err}"
        );
    }
}
