//! The `auditfile` config: which files, in which format, from which vendor, one-shot or
//! polling, how many records per delivery, and where the read offsets live.

use crate::format::{Format, SourceHint};
use otelcol_core::confmap::GoDuration;
use otelcol_core::{ComponentId, ValidateConfig};
use otelcol_pull::StateLocation;
use serde::Deserialize;
use std::path::PathBuf;

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AuditFileConfig {
    /// Paths or globs of the files to import (required).
    pub include: Vec<String>,
    /// Globs of matched files to leave out.
    pub exclude: Vec<String>,
    /// `auto`, `castai_json`, `runai_json`, `runai_csv`, `kestra_csv`, `kestra_json`, `ndjson`.
    pub format: String,
    /// `auto`, `castai`, `runai`, `kestra`: the vendor, when it cannot be told from the data.
    pub source: String,
    /// Read every matched file once, deliver it, then let the collector exit.
    pub one_shot: bool,
    /// How often to look for new or grown files (not one-shot).
    pub poll_interval: GoDuration,
    /// Records per delivery (one batch, one ack, one offset step).
    pub batch_size: usize,
    /// A storage extension id (`file_storage[/name]`) keeping the offsets.
    pub storage: Option<String>,
    /// The offsets file; default `./<receiver id>.offsets.json` (`/` in the id becomes `_`).
    pub checkpoint_file: Option<String>,
    /// Event ids remembered per run to drop repeats (oldest forgotten first).
    pub dedupe_capacity: usize,
}

impl Default for AuditFileConfig {
    fn default() -> Self {
        AuditFileConfig {
            include: Vec::new(),
            exclude: Vec::new(),
            format: "auto".into(),
            source: "auto".into(),
            one_shot: false,
            poll_interval: GoDuration::from_secs(5),
            batch_size: 500,
            storage: None,
            checkpoint_file: None,
            dedupe_capacity: 100_000,
        }
    }
}

impl AuditFileConfig {
    /// The configured format (validate first).
    pub fn format(&self) -> Format {
        Format::parse(&self.format).unwrap_or(Format::Auto)
    }

    /// The configured source (validate first).
    pub fn source(&self) -> SourceHint {
        SourceHint::parse(&self.source).unwrap_or(SourceHint::Auto)
    }

    /// Where the offsets live; `id` names the default file.
    pub fn location(&self, id: &ComponentId) -> Result<StateLocation, String> {
        match (&self.storage, &self.checkpoint_file) {
            (Some(_), Some(_)) => Err("checkpoint_file and storage cannot be used together".into()),
            (Some(ext), None) => ComponentId::parse(ext)
                .map(StateLocation::Extension)
                .map_err(|e| format!("storage: {e}")),
            (None, Some(file)) => Ok(StateLocation::File(PathBuf::from(file))),
            (None, None) => Ok(StateLocation::File(default_checkpoint_file(id))),
        }
    }
}

/// `./<id>.offsets.json` with `/` replaced by `_` (e.g. `auditfile_backfill.offsets.json`).
pub fn default_checkpoint_file(id: &ComponentId) -> PathBuf {
    PathBuf::from(format!("{}.offsets.json", id.to_string().replace('/', "_")))
}

impl ValidateConfig for AuditFileConfig {
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
        let format = Format::parse(&self.format).ok_or_else(|| {
            format!(
                "format: unknown format {:?} (use auto, castai_json, runai_json, runai_csv, kestra_csv, kestra_json or ndjson)",
                self.format
            )
        })?;
        let source = SourceHint::parse(&self.source).ok_or_else(|| {
            format!(
                "source: unknown source {:?} (use auto, castai, runai or kestra)",
                self.source
            )
        })?;
        if let (Some(implied), SourceHint::Vendor(given)) = (format.vendor(), source) {
            if implied != given {
                return Err(format!(
                    "format {:?} is a {} format but source is {:?}",
                    self.format,
                    implied.as_str(),
                    self.source
                ));
            }
        }
        if self.batch_size == 0 || self.batch_size > 100_000 {
            return Err("batch_size must be between 1 and 100000".into());
        }
        if self.poll_interval.as_nanos() <= 0 {
            return Err("poll_interval must be positive".into());
        }
        if self.dedupe_capacity == 0 {
            return Err("dedupe_capacity must be positive".into());
        }
        if let Some(storage) = &self.storage {
            ComponentId::parse(storage).map_err(|e| format!("storage: {e}"))?;
            if self.checkpoint_file.is_some() {
                return Err("checkpoint_file and storage cannot be used together".into());
            }
        }
        if self.checkpoint_file.as_deref() == Some("") {
            return Err("checkpoint_file must not be empty (leave it out for the default)".into());
        }
        Ok(())
    }
}
