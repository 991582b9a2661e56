//! The `start` checks: the directories exist (or are created) and leftover temp files go.

use super::config::FileStorageConfig;
use std::fs::DirBuilder;
use std::io::ErrorKind;
use std::os::unix::fs::DirBuilderExt;
use std::path::Path;

/// Go's prefix for the temporary database of a compaction.
const TEMP_DB_PREFIX: &str = "tempdb";

/// Runs Go's directory checks (from `Validate` and `Start`) against the file system.
pub fn prepare(config: &FileStorageConfig) -> Result<(), String> {
    let mut dirs = vec![config.directory.as_str()];
    if config.compaction.cleanup_on_start && config.compaction_directory() != config.directory {
        dirs.push(config.compaction_directory());
    }
    for dir in dirs {
        check_or_create(dir, config)?;
    }
    if config.compaction.cleanup_on_start {
        cleanup(Path::new(config.compaction_directory()));
    }
    Ok(())
}

fn check_or_create(dir: &str, config: &FileStorageConfig) -> Result<(), String> {
    match std::fs::metadata(dir) {
        Ok(meta) if meta.is_dir() => Ok(()),
        Ok(_) => Err(format!("{dir} is not a directory")),
        Err(e) if e.kind() == ErrorKind::NotFound && config.create_directory => {
            let mode = config.directory_mode()?;
            DirBuilder::new()
                .recursive(true)
                .mode(mode)
                .create(dir)
                .map_err(|e| format!("mkdir {dir}: {e}"))
        }
        Err(e) if e.kind() == ErrorKind::NotFound => Err(format!(
            "directory must exist: stat {dir}: no such file or directory. You can enable the create_directory option to automatically create it"
        )),
        Err(e) => Err(format!("problem accessing configured directory: {dir}, err: stat {dir}: {e}")),
    }
}

/// Removes `tempdb*` files left by a compaction that was killed (Go `cleanup`); failures are
/// logged, never fatal.
fn cleanup(dir: &Path) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            tracing::info!(directory = %dir.display(), error = %e, "cleanup error listing temporary files");
            return;
        }
    };
    for entry in entries.flatten() {
        if !entry
            .file_name()
            .to_string_lossy()
            .starts_with(TEMP_DB_PREFIX)
        {
            continue;
        }
        match std::fs::remove_file(entry.path()) {
            Ok(()) => tracing::debug!(deleted_file = %entry.path().display(), "cleanup"),
            Err(e) => tracing::info!(file = %entry.path().display(), error = %e, "cleanup errors"),
        }
    }
}
