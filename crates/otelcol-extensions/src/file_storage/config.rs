//! `file_storage` configuration, with the Go extension's keys, defaults and `Validate` wording.

use otelcol_core::confmap::GoDuration;
use otelcol_core::ValidateConfig;
use serde::Deserialize;

/// Go's `getDefaultDirectory()` on Linux and macOS.
pub const DEFAULT_DIRECTORY: &str = "/var/lib/otelcol/file_storage";

/// The extension's config (Go `filestorage.Config`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FileStorageConfig {
    /// Where the database files live; must exist unless `create_directory` is set.
    pub directory: String,
    /// How long to wait for the lock on a database file held by another process (0 = forever).
    pub timeout: GoDuration,
    /// `true`: every commit is fsynced. `false`: committed data survives a process crash but
    /// not necessarily a power loss (bbolt `NoSync`).
    pub fsync: bool,
    /// Upper bound in bytes for one database file; `0` (or negative) means unlimited.
    pub max_size: i64,
    /// Move a database that cannot be opened (corrupt) aside to `<file>.backup` and start empty.
    pub recreate: bool,
    pub create_directory: bool,
    /// Octal mode for created directories, minus the umask.
    pub directory_permissions: String,
    pub compaction: CompactionConfig,
}

impl Default for FileStorageConfig {
    fn default() -> Self {
        FileStorageConfig {
            directory: DEFAULT_DIRECTORY.to_string(),
            timeout: GoDuration::from_secs(1),
            fsync: false,
            max_size: 0,
            recreate: false,
            create_directory: false,
            directory_permissions: "0750".to_string(),
            compaction: CompactionConfig::default(),
        }
    }
}

/// `compaction` (Go `CompactionConfig`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CompactionConfig {
    /// Compact each database when its client is opened.
    pub on_start: bool,
    /// Compact online once usage has grown past `rebound_needed_threshold_mib` and then shrunk
    /// below `rebound_trigger_threshold_mib`.
    pub on_rebound: bool,
    /// Where Go puts its temporary copy; redb compacts in place, so here it is only where
    /// `cleanup_on_start` looks. Empty means `directory`.
    pub directory: String,
    /// Accepted for compatibility: redb compaction is not split into transactions by item count.
    pub max_transaction_size: i64,
    pub rebound_needed_threshold_mib: i64,
    pub rebound_trigger_threshold_mib: i64,
    pub check_interval: GoDuration,
    /// Remove leftover `tempdb*` files (from an interrupted Go compaction) on start.
    pub cleanup_on_start: bool,
}

impl Default for CompactionConfig {
    fn default() -> Self {
        CompactionConfig {
            on_start: false,
            on_rebound: false,
            directory: String::new(),
            max_transaction_size: 65_536,
            rebound_needed_threshold_mib: 100,
            rebound_trigger_threshold_mib: 10,
            check_interval: GoDuration::from_secs(5),
            cleanup_on_start: false,
        }
    }
}

impl FileStorageConfig {
    /// `compaction.directory`, or `directory` when it is left empty.
    pub fn compaction_directory(&self) -> &str {
        if self.compaction.directory.is_empty() {
            &self.directory
        } else {
            &self.compaction.directory
        }
    }

    /// `directory_permissions` as a mode, checked the way Go's `Validate` does.
    pub fn directory_mode(&self) -> Result<u32, String> {
        let text = self.directory_permissions.as_str();
        let (negative, digits) = match text.as_bytes().first() {
            Some(b'-') => (true, &text[1..]),
            Some(b'+') => (false, &text[1..]),
            _ => (false, text),
        };
        let invalid_octal =
            || "directory_permissions value must be a valid octal representation".to_string();
        if digits.is_empty() || !digits.bytes().all(|b| (b'0'..=b'7').contains(&b)) {
            return Err(invalid_octal());
        }
        let value = i64::from_str_radix(digits, 8).map_err(|_| invalid_octal())?;
        if value > i64::from(i32::MAX) {
            return Err(invalid_octal());
        }
        let value = if negative { -value } else { value };
        if value & 0o777 != value {
            return Err("directory_permissions contain invalid bits for file access".to_string());
        }
        u32::try_from(value).map_err(|_| invalid_octal())
    }
}

impl ValidateConfig for FileStorageConfig {
    /// Go's checks that need no file system access; the directory checks run in `start`.
    fn validate(&self) -> Result<(), String> {
        if self.directory.is_empty() {
            return Err("directory must be specified".to_string());
        }
        if self.compaction.max_transaction_size < 0 {
            return Err("max transaction size for compaction cannot be less than 0".to_string());
        }
        if self.compaction.on_rebound && self.compaction.check_interval.as_nanos() <= 0 {
            return Err(
                "compaction check interval must be positive when rebound compaction is set"
                    .to_string(),
            );
        }
        if self.create_directory {
            self.directory_mode()?;
        }
        Ok(())
    }
}
