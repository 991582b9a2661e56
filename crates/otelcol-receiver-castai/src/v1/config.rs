//! `castai_audit_logs` config: CAST AI's v1 keys, defaults, validation order and messages,
//! plus `api.timeout`, `overlap` and `storage: file_storage/<name>`.

use crate::api::{is_http_url, is_request_uri, ApiConfig};
use otelcol_core::confmap::GoDuration;
use otelcol_core::{ComponentId, ValidateConfig};
use otelcol_pull::StateLocation;
use serde::Deserialize;
use serde_json::Value;
use std::path::PathBuf;

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CastAiAuditLogsConfig {
    pub api: ApiConfig,
    pub poll_interval_sec: i64,
    pub page_limit: i64,
    /// `{type: in-memory|persistent, filename, back_from_now_sec}` or a storage extension id.
    /// Kept untyped, as in Go, and checked in `validate` with Go's messages.
    pub storage: Option<Value>,
    pub filters: FilterConfig,
    /// Not in Go: how far each poll reaches back before the previous one's end.
    pub overlap: GoDuration,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FilterConfig {
    /// A cluster UUID; empty (an unset env var) means every cluster.
    pub cluster_id: Option<String>,
}

impl Default for CastAiAuditLogsConfig {
    fn default() -> Self {
        CastAiAuditLogsConfig {
            api: ApiConfig::default(),
            poll_interval_sec: 10,
            page_limit: 100,
            storage: None,
            filters: FilterConfig::default(),
            overlap: GoDuration::from_secs(300),
        }
    }
}

/// The decoded `storage` block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Storage {
    pub location: StateLocation,
    pub back_from_now_sec: i64,
}

impl CastAiAuditLogsConfig {
    /// The storage block, decoded as Go decodes it (validate first).
    pub fn storage(&self) -> Result<Storage, String> {
        let map = match &self.storage {
            None | Some(Value::Null) => return Err("storage type is not defined".into()),
            Some(Value::String(id)) => {
                let id = ComponentId::parse(id).map_err(|e| format!("storage: {e}"))?;
                return Ok(Storage {
                    location: StateLocation::Extension(id),
                    back_from_now_sec: 0,
                });
            }
            Some(Value::Object(map)) => map,
            Some(_) => return Err("storage type is not defined".into()),
        };
        let kind = match map.get("type") {
            None | Some(Value::Null) => return Err("storage type is not defined".into()),
            Some(Value::String(t)) => t.as_str(),
            Some(_) => return Err("invalid storage type".into()),
        };
        let extension = storage_extension(kind);
        let context = match (kind, &extension) {
            ("in-memory", _) => "decoding in-memory storage configuration",
            ("persistent", _) => "decoding persistent storage configuration",
            (_, Some(_)) => "decoding storage extension configuration",
            _ => return Err("unsupported storage type provided".into()),
        };
        let unknown: Vec<&str> = map
            .keys()
            .map(String::as_str)
            .filter(|k| !matches!(*k, "type" | "filename" | "back_from_now_sec"))
            .collect();
        if !unknown.is_empty() {
            return Err(format!(
                "{context}: 'storage' has invalid keys: {}",
                unknown.join(", ")
            ));
        }
        let back_from_now_sec = match map.get("back_from_now_sec") {
            None | Some(Value::Null) => 0,
            Some(Value::Number(n)) if n.is_i64() => n.as_i64().unwrap_or(0),
            Some(Value::String(s)) if s.trim().parse::<i64>().is_ok() => {
                s.trim().parse().unwrap_or(0)
            }
            Some(other) => {
                return Err(format!(
                "{context}: 'back_from_now_sec' expected type 'int', got unconvertible type '{}'",
                go_type(other)
            ))
            }
        };
        if back_from_now_sec < 0 {
            return Err("back_from_now_sec must not be negative".into());
        }
        let filename = match map.get("filename") {
            None | Some(Value::Null) => String::new(),
            Some(Value::String(s)) => s.clone(),
            Some(other) => {
                return Err(format!(
                    "{context}: 'filename' expected type 'string', got unconvertible type '{}'",
                    go_type(other)
                ))
            }
        };
        let location = match (kind, extension) {
            ("persistent", _) if filename.is_empty() => {
                return Err("file name must be provided in persistent storage configuration".into())
            }
            ("persistent", _) => StateLocation::File(PathBuf::from(filename)),
            (_, Some(id)) => StateLocation::Extension(id),
            _ => StateLocation::Memory,
        };
        Ok(Storage {
            location,
            back_from_now_sec,
        })
    }

    /// `api.timeout`, default `1m` (the Go receiver's fixed timeout).
    pub fn timeout(&self) -> GoDuration {
        self.api.timeout.unwrap_or(GoDuration::from_secs(60))
    }

    /// The cluster filter, if one is set.
    pub fn cluster_id(&self) -> Option<&str> {
        self.filters.cluster_id.as_deref().filter(|c| !c.is_empty())
    }
}

/// `type: file_storage[/name]` (ours): a storage extension, by an id whose type ends in
/// `_storage`; anything else stays `unsupported storage type provided`.
fn storage_extension(kind: &str) -> Option<ComponentId> {
    ComponentId::parse(kind)
        .ok()
        .filter(|id| id.type_name.ends_with("_storage"))
}

fn go_type(v: &Value) -> &'static str {
    match v {
        Value::Bool(_) => "bool",
        Value::Number(n) if n.is_i64() => "int",
        Value::Number(_) => "float64",
        Value::String(_) => "string",
        Value::Array(_) => "[]interface {}",
        Value::Object(_) => "map[string]interface {}",
        Value::Null => "<nil>",
    }
}

impl ValidateConfig for CastAiAuditLogsConfig {
    fn validate(&self) -> Result<(), String> {
        if self.api.url.is_empty() {
            return Err("api url must be specified".into());
        }
        if !is_request_uri(&self.api.url) {
            return Err("api url must be in the form of <scheme>://<hostname>:<port>".into());
        }
        if self.api.key.is_empty() {
            return Err("api access key cannot be empty".into());
        }
        if self.poll_interval_sec <= 0 {
            return Err("poll interval must be positive number".into());
        }
        if self.page_limit < 10 || 1000 < self.page_limit {
            return Err("page limit must be within 10...1000 interval".into());
        }
        if let Some(cluster) = self.cluster_id() {
            if uuid::Uuid::parse_str(cluster).is_err() {
                return Err("cluster id must be a valid UUID".into());
            }
        }
        self.storage()?;
        if !is_http_url(&self.api.url) {
            return Err("api url must be an http:// or https:// URL".into());
        }
        if self.timeout().as_nanos() <= 0 {
            return Err("api timeout must be positive".into());
        }
        if self.overlap.is_negative() {
            return Err("overlap must not be negative".into());
        }
        Ok(())
    }
}
