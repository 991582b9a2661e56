//! The `otlpjsonfile` config: contrib's keys (stanza file consumer, `storage`, `replay_file`) plus `one_shot`.

use crate::bytesize::ByteSize;
use otelcol_core::confmap::GoDuration;
use otelcol_core::{ComponentId, ValidateConfig};
use serde::de::IgnoredAny;
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OtlpJsonFileConfig {
    pub include: Vec<String>,
    pub exclude: Vec<String>,
    pub exclude_older_than: GoDuration,
    pub ordering_criteria: OrderingCriteria,
    pub include_file_name: bool,
    pub include_file_path: bool,
    pub include_file_name_resolved: bool,
    pub include_file_path_resolved: bool,
    pub include_file_owner_name: bool,
    pub include_file_owner_group_name: bool,
    pub include_file_permissions: bool,
    pub include_file_record_number: bool,
    pub include_file_record_offset: bool,
    pub poll_interval: GoDuration,
    pub max_concurrent_files: i64,
    pub max_batches: i64,
    pub start_at: String,
    pub fingerprint_size: ByteSize,
    pub initial_buffer_size: ByteSize,
    pub max_log_size: ByteSize,
    pub max_log_size_behavior: String,
    pub encoding: String,
    pub multiline: Option<MultilineConfig>,
    pub preserve_leading_whitespaces: bool,
    pub preserve_trailing_whitespaces: bool,
    pub force_flush_period: GoDuration,
    pub header: Option<HeaderConfig>,
    pub delete_after_read: bool,
    pub compression: String,
    pub polls_to_archive: i64,
    pub acquire_fs_lock: bool,
    pub on_truncate: String,
    /// The id of a storage extension (`file_storage`) that keeps read offsets across restarts.
    pub storage: Option<String>,
    /// Re-read every matched file from the start at every poll (no tracking).
    pub replay_file: bool,
    /// Not in Go: read every matched file once, then let the collector exit.
    pub one_shot: bool,
}

impl Default for OtlpJsonFileConfig {
    fn default() -> Self {
        OtlpJsonFileConfig {
            include: Vec::new(),
            exclude: Vec::new(),
            exclude_older_than: GoDuration::ZERO,
            ordering_criteria: OrderingCriteria::default(),
            include_file_name: true,
            include_file_path: false,
            include_file_name_resolved: false,
            include_file_path_resolved: false,
            include_file_owner_name: false,
            include_file_owner_group_name: false,
            include_file_permissions: false,
            include_file_record_number: false,
            include_file_record_offset: false,
            poll_interval: GoDuration::from_millis(200),
            max_concurrent_files: 1024,
            max_batches: 0,
            start_at: "end".into(),
            fingerprint_size: ByteSize(1000),
            initial_buffer_size: ByteSize(16 * 1024),
            max_log_size: ByteSize(1024 * 1024),
            max_log_size_behavior: "split".into(),
            encoding: "utf-8".into(),
            multiline: None,
            preserve_leading_whitespaces: false,
            preserve_trailing_whitespaces: false,
            force_flush_period: GoDuration::from_millis(500),
            header: None,
            delete_after_read: false,
            compression: String::new(),
            polls_to_archive: 0,
            acquire_fs_lock: false,
            on_truncate: "ignore".into(),
            storage: None,
            replay_file: false,
            one_shot: false,
        }
    }
}

/// `ordering_criteria` (accepted; only the defaults are served).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OrderingCriteria {
    pub regex: String,
    pub top_n: Option<i64>,
    pub sort_by: Vec<SortRule>,
    pub group_by: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SortRule {
    pub sort_type: String,
    pub regex_key: String,
    pub ascending: bool,
    pub layout: String,
    pub location: String,
    pub max_time: GoDuration,
}

/// `multiline` (accepted; an OTLP/JSON file has one request per line).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MultilineConfig {
    pub line_start_pattern: String,
    pub line_end_pattern: String,
    pub omit_pattern: bool,
}

/// `header` (Go needs a feature gate for it).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HeaderConfig {
    pub pattern: String,
    pub metadata_operators: Vec<IgnoredAny>,
}

/// Where a file is read from the first time it is seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StartAt {
    Beginning,
    End,
}

/// What to do when a known file shrinks below the read offset (copytruncate rotation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnTruncate {
    Ignore,
    ReadWholeFile,
    ReadNew,
}

impl OtlpJsonFileConfig {
    pub fn start_at(&self) -> StartAt {
        if self.start_at == "beginning" {
            StartAt::Beginning
        } else {
            StartAt::End
        }
    }

    pub fn on_truncate(&self) -> OnTruncate {
        match self.on_truncate.as_str() {
            "read_whole_file" => OnTruncate::ReadWholeFile,
            "read_new" => OnTruncate::ReadNew,
            _ => OnTruncate::Ignore,
        }
    }

    pub fn storage_id(&self) -> Option<ComponentId> {
        self.storage
            .as_deref()
            .and_then(|s| ComponentId::parse(s).ok())
    }
}

impl ValidateConfig for OtlpJsonFileConfig {
    fn validate(&self) -> Result<(), String> {
        if self.include.is_empty() {
            return Err("'include' must be specified".into());
        }
        for (key, globs) in [("include", &self.include), ("exclude", &self.exclude)] {
            for g in globs {
                glob::Pattern::new(g)
                    .map_err(|e| format!("'{key}' is invalid: parse glob: {g:?}: {e}"))?;
            }
        }
        match self.start_at.as_str() {
            "beginning" | "end" => {}
            other => return Err(format!("invalid start_at location '{other}'")),
        }
        if self.max_log_size.0 <= 0 {
            return Err("`max_log_size` must be positive".into());
        }
        if self.max_concurrent_files <= 1 {
            return Err("`max_concurrent_files` must be greater than 1".into());
        }
        if self.fingerprint_size.0 < 16 {
            return Err("`fingerprint_size` must be at least 16 bytes".into());
        }
        if self.delete_after_read && self.start_at() == StartAt::End && !self.one_shot {
            return Err("`delete_after_read` cannot be used with `start_at: end`".into());
        }
        if self.max_batches < 0 {
            return Err("`max_batches` must not be negative".into());
        }
        if self.poll_interval.as_nanos() <= 0 {
            return Err("`poll_interval` must be positive".into());
        }
        if !matches!(
            self.on_truncate.as_str(),
            "ignore" | "read_whole_file" | "read_new"
        ) {
            return Err(format!(
                "invalid value for on_truncate: {:?} (use ignore, read_whole_file or read_new)",
                self.on_truncate
            ));
        }
        if !matches!(self.max_log_size_behavior.as_str(), "split" | "truncate") {
            return Err(format!(
                "invalid value for max_log_size_behavior: {:?} (use split or truncate)",
                self.max_log_size_behavior
            ));
        }
        validate_encoding(&self.encoding)?;
        self.validate_unsupported()?;
        if let Some(storage) = &self.storage {
            ComponentId::parse(storage).map_err(|e| format!("storage: {e}"))?;
        }
        if self.replay_file && self.one_shot {
            return Err("replay_file and one_shot cannot be used together".into());
        }
        Ok(())
    }
}

impl OtlpJsonFileConfig {
    /// Keys Go accepts that make no sense for one-request-per-line JSON, or that change which
    /// files are read: refused rather than silently ignored.
    fn validate_unsupported(&self) -> Result<(), String> {
        if self.header.is_some() {
            return Err("`header` is not supported by otlpjsonfile in this distribution".into());
        }
        if self
            .multiline
            .as_ref()
            .is_some_and(|m| !m.line_start_pattern.is_empty() || !m.line_end_pattern.is_empty())
        {
            return Err(
                "`multiline` is not supported: every line of an OTLP/JSON file is one request"
                    .into(),
            );
        }
        let o = &self.ordering_criteria;
        if !o.regex.is_empty()
            || !o.sort_by.is_empty()
            || !o.group_by.is_empty()
            || o.top_n.is_some()
        {
            return Err(
                "`ordering_criteria` is not supported by otlpjsonfile in this distribution".into(),
            );
        }
        if !self.compression.is_empty() {
            return Err(format!(
                "compression {:?} is not supported: otlpjsonfile reads uncompressed files",
                self.compression
            ));
        }
        Ok(())
    }
}

/// Go `decode.LookupEncoding`, limited to what can carry OTLP/JSON (UTF-8 and its subsets).
fn validate_encoding(encoding: &str) -> Result<(), String> {
    match encoding.to_ascii_lowercase().as_str() {
        "" | "utf-8" | "utf8" | "nop" | "ascii" | "us-ascii" => Ok(()),
        "utf-16le" | "utf-16be" | "utf-16" | "big5" | "shift_jis" | "gbk" | "windows-1252"
        | "latin1" | "iso-8859-1" => Err(format!(
            "encoding '{encoding}' is not supported: OTLP/JSON files are UTF-8"
        )),
        _ => Err(format!("unsupported encoding '{encoding}'")),
    }
}
