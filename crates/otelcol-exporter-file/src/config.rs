//! The file exporter's configuration (contrib `exporter/fileexporter/config.go`), decoded over
//! the Go defaults and validated with the Go error texts.

use otelcol_core::confmap::{self, ConfValue, GoDuration};
use otelcol_core::{CreateError, ValidateConfig};
use serde::{Deserialize, Deserializer};
use std::time::Duration;

pub const FORMAT_JSON: &str = "json";
pub const FORMAT_PROTO: &str = "proto";
pub const COMPRESSION_ZSTD: &str = "zstd";

/// `exporters: file:` settings.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FileConfig {
    /// The file to write (relative to the working directory). With `group_by`, contains one `*`.
    pub path: String,
    /// Append to an existing file instead of truncating it at start.
    pub append: bool,
    /// Size-based rotation; on only when the key is present (`rotation:` alone enables it).
    #[serde(deserialize_with = "rotation_if_present")]
    pub rotation: Option<Rotation>,
    /// `json` (OTLP/JSON, one request per line) or `proto` (length-prefixed protobuf).
    pub format: String,
    /// An encoding extension id; not supported here (refused by `validate`).
    pub encoding: Option<String>,
    /// `""` or `zstd` (each message compressed and length-prefixed).
    pub compression: String,
    /// Compression level (`compression_params: {level: N}`).
    pub compression_params: CompressionParams,
    /// How often written data is synced to disk; unset means 1s, `0` only at shutdown.
    pub flush_interval: Option<GoDuration>,
    /// One file per value of a resource attribute.
    pub group_by: GroupBy,
    /// Create the parent directory of `path` at start.
    pub create_directory: bool,
    /// Octal mode for created directories (`0755` when `create_directory` is on).
    pub directory_permissions: String,
}

impl Default for FileConfig {
    fn default() -> Self {
        FileConfig {
            path: String::new(),
            append: false,
            rotation: None,
            format: FORMAT_JSON.to_string(),
            encoding: None,
            compression: String::new(),
            compression_params: CompressionParams::default(),
            flush_interval: None,
            group_by: GroupBy::default(),
            create_directory: false,
            directory_permissions: String::new(),
        }
    }
}

/// `rotation:` settings (lumberjack semantics).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Rotation {
    /// Rotate before a write would take the file past this size; `0` means 100.
    pub max_megabytes: i64,
    /// Delete backups whose name timestamp is older than this many days; `0` keeps them.
    pub max_days: i64,
    /// Keep at most this many backups; `0` keeps all.
    pub max_backups: i64,
    /// Name backups with local time instead of UTC.
    pub localtime: bool,
}

impl Default for Rotation {
    fn default() -> Self {
        Rotation {
            max_megabytes: 100,
            max_days: 0,
            max_backups: 100,
            localtime: false,
        }
    }
}

impl Rotation {
    /// The size limit in bytes (`max_megabytes` ≤ 0 means 100 MiB, as lumberjack).
    pub fn max_bytes(&self) -> u64 {
        let megabytes = if self.max_megabytes > 0 {
            self.max_megabytes as u64
        } else {
            100
        };
        megabytes.saturating_mul(1024 * 1024)
    }
}

/// `compression_params:` (Go `configcompression.CompressionParams`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CompressionParams {
    /// zstd level; `0` means the zstd default (3).
    pub level: i64,
}

/// `group_by:` settings.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GroupBy {
    pub enabled: bool,
    /// The resource attribute whose string value replaces the `*` of `path`.
    pub resource_attribute: String,
    /// Open files kept; the least recently written is closed beyond this.
    pub max_open_files: i64,
}

impl Default for GroupBy {
    fn default() -> Self {
        GroupBy {
            enabled: false,
            resource_attribute: "fileexporter.path_segment".to_string(),
            max_open_files: 100,
        }
    }
}

/// `rotation:` present (even empty) enables rotation with the defaults, as in Go.
fn rotation_if_present<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Rotation>, D::Error> {
    Ok(Some(
        Option::<Rotation>::deserialize(deserializer)?.unwrap_or_default(),
    ))
}

impl FileConfig {
    /// Decodes over the defaults, then validates. Like Go's custom `Unmarshal`, a `rotation`
    /// key that is present but empty (`rotation:`) turns rotation on with its defaults.
    pub fn from_conf(conf: &ConfValue) -> Result<Self, CreateError> {
        let mut config: FileConfig = confmap::decode(conf)?;
        if config.rotation.is_none() && conf.get("rotation").is_some() {
            config.rotation = Some(Rotation::default());
        }
        config.validate().map_err(CreateError::Invalid)?;
        Ok(config)
    }

    /// The periodic sync interval, if any.
    pub fn sync_interval(&self) -> Option<Duration> {
        match self.flush_interval {
            None => Some(Duration::from_secs(1)),
            Some(d) if d.as_nanos() > 0 => Some(d.as_std()),
            Some(_) => None,
        }
    }

    /// Whether messages are length-prefixed rather than newline-terminated.
    pub fn length_prefixed(&self) -> bool {
        self.format == FORMAT_PROTO || !self.compression.is_empty()
    }

    /// The mode for directories this exporter creates.
    pub fn directory_mode(&self) -> u32 {
        parse_permissions(&self.directory_permissions)
            .ok()
            .flatten()
            .unwrap_or(0o755)
    }
}

/// `None` for an empty string; the mode for a valid octal string.
fn parse_permissions(text: &str) -> Result<Option<u32>, String> {
    if text.is_empty() {
        return Ok(None);
    }
    let mode = i64::from_str_radix(text, 8)
        .ok()
        .filter(|m| i32::try_from(*m).is_ok())
        .ok_or("directory_permissions value must be a valid octal representation")?;
    if mode & 0o777 != mode {
        return Err("directory_permissions contain invalid bits for file access".to_string());
    }
    Ok(Some(mode as u32))
}

impl ValidateConfig for FileConfig {
    fn validate(&self) -> Result<(), String> {
        if self.path.is_empty() {
            return Err("path must be non-empty".into());
        }
        if self.append && !self.compression.is_empty() {
            return Err("append and compression enabled at the same time is not supported".into());
        }
        if self.append && self.rotation.is_some() {
            return Err("append and rotation enabled at the same time is not supported".into());
        }
        if self.format != FORMAT_JSON && self.format != FORMAT_PROTO {
            return Err("format type is not supported".into());
        }
        if !self.compression.is_empty() && self.compression != COMPRESSION_ZSTD {
            return Err("compression is not supported".into());
        }
        if self.flush_interval.is_some_and(|d| d.is_negative()) {
            return Err("flush_interval must be larger than zero".into());
        }
        if let Some(encoding) = &self.encoding {
            return Err(format!(
                "encoding {encoding:?}: encoding extensions are not supported; use format json or proto"
            ));
        }
        if self.group_by.enabled {
            let parts: Vec<&str> = self.path.split('*').collect();
            if parts.len() != 2 {
                return Err("path must contain exactly one * when group_by is enabled".into());
            }
            if parts[0].is_empty() {
                return Err("path must not start with * when group_by is enabled".into());
            }
            if self.group_by.resource_attribute.is_empty() {
                return Err("resource_attribute must not be empty when group_by is enabled".into());
            }
            if self.group_by.max_open_files <= 0 {
                return Err("max_open_files must be positive when group_by is enabled".into());
            }
        }
        if self.create_directory {
            parse_permissions(&self.directory_permissions)?;
        } else if !self.directory_permissions.is_empty() {
            return Err("directory_permissions requires create_directory to be true".into());
        }
        Ok(())
    }
}
