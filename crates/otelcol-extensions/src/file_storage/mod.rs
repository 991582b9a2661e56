//! `file_storage`: per-component key-value stores in crash-safe redb files under one directory.

mod backend;
mod client;
mod config;
mod db;
mod directory;
mod naming;
#[cfg(test)]
mod tests;

pub use client::FileStorageClient;
pub use config::{CompactionConfig, FileStorageConfig, DEFAULT_DIRECTORY};
pub use naming::{client_file_name, sanitize};

use async_trait::async_trait;
use client::Rebound;
use otelcol_core::confmap::ConfValue;
use otelcol_core::storage::{StorageClient, StorageExtension};
use otelcol_core::{
    decode_config, ComponentError, ComponentId, CreateContext, CreateError, Extension,
    ExtensionFactory, FactoryInfo, Host, Kind, Stability,
};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The `file_storage` factory (contrib `filestorage`, Beta).
#[derive(Debug, Default, Clone, Copy)]
pub struct FileStorageExtensionFactory;

impl FileStorageExtensionFactory {
    /// Decodes and validates `config` and builds the extension; no file system access.
    pub fn create_extension(
        &self,
        ctx: &CreateContext,
        config: &ConfValue,
    ) -> Result<Arc<FileStorageExtension>, CreateError> {
        let config: FileStorageConfig = decode_config(config)?;
        Ok(Arc::new(FileStorageExtension::new(ctx.id.clone(), config)))
    }
}

impl ExtensionFactory for FileStorageExtensionFactory {
    fn info(&self) -> FactoryInfo {
        FactoryInfo {
            type_name: "file_storage",
            aliases: &[],
            stability: Stability::Beta,
            module: crate::MODULE,
        }
    }

    fn create(
        &self,
        ctx: &CreateContext,
        config: &ConfValue,
    ) -> Result<Arc<dyn Extension>, CreateError> {
        Ok(self.create_extension(ctx, config)?)
    }
}

/// A `file_storage` instance.
pub struct FileStorageExtension {
    id: ComponentId,
    config: FileStorageConfig,
}

impl FileStorageExtension {
    pub fn new(id: ComponentId, config: FileStorageConfig) -> Self {
        FileStorageExtension { id, config }
    }

    pub fn config(&self) -> &FileStorageConfig {
        &self.config
    }

    /// The concrete client (with `path()` and `compact()`); `client` returns it as a trait object.
    pub async fn open_client(
        &self,
        kind: Kind,
        component: &ComponentId,
        name: &str,
    ) -> Result<Arc<FileStorageClient>, ComponentError> {
        let directory = PathBuf::from(&self.config.directory);
        let directory = std::fs::canonicalize(&directory).unwrap_or(directory);
        let path = directory.join(client_file_name(kind, component, name));
        let settings = db::OpenSettings {
            fsync: self.config.fsync,
            timeout: self.config.timeout.as_std(),
            recreate: self.config.recreate,
        };
        let max_size = u64::try_from(self.config.max_size).ok().filter(|m| *m > 0);
        let open_path = path.clone();
        let opened = tokio::task::spawn_blocking(move || {
            let claim = db::FileClaim::acquire(&open_path)?;
            let database = db::open(&open_path, settings)?;
            Ok::<_, String>(FileStorageClient::new(open_path, database, claim, max_size))
        })
        .await
        .map_err(|e| ComponentError::new(format!("file_storage task failed: {e}")))?;
        let client = opened.map_err(|e| ComponentError::new(format!("{}: {e}", self.id)))?;
        let compaction = &self.config.compaction;
        if compaction.on_start {
            // As in Go, a failed compaction is logged and the client is still handed out.
            if let Err(e) = client.compact().await {
                tracing::error!(extension = %self.id, file = %path.display(), error = %e, "compaction on start failed");
            }
        }
        if compaction.on_rebound {
            client.start_rebound(Rebound::from_mib(
                compaction.check_interval.as_std(),
                compaction.rebound_needed_threshold_mib,
                compaction.rebound_trigger_threshold_mib,
            ));
        }
        Ok(Arc::new(client))
    }
}

#[async_trait]
impl Extension for FileStorageExtension {
    /// Checks (or creates) the directories, then removes leftover compaction temp files.
    async fn start(&self, _host: &Host) -> Result<(), ComponentError> {
        let config = self.config.clone();
        let id = self.id.clone();
        tokio::task::spawn_blocking(move || directory::prepare(&config))
            .await
            .map_err(|e| ComponentError::new(format!("{id}: {e}")))?
            .map_err(ComponentError::new)
    }

    /// Clients are closed by the components that own them, as in Go.
    async fn shutdown(&self) -> Result<(), ComponentError> {
        Ok(())
    }

    fn as_storage(self: Arc<Self>) -> Option<Arc<dyn StorageExtension>> {
        Some(self)
    }
}

#[async_trait]
impl StorageExtension for FileStorageExtension {
    async fn client(
        &self,
        kind: Kind,
        component: &ComponentId,
        name: &str,
    ) -> Result<Arc<dyn StorageClient>, ComponentError> {
        Ok(self.open_client(kind, component, name).await?)
    }
}

/// The database file a client of this extension would use (for operators and tests).
pub fn client_path(directory: &Path, kind: Kind, component: &ComponentId, name: &str) -> PathBuf {
    directory.join(client_file_name(kind, component, name))
}
