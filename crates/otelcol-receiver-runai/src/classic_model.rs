//! The classic `GET /v1/k8s/audit` payload: a bare JSON array of `AuditLogRecord`s. Fields are
//! read one by one and numbers may come as strings (`id`, `tenantId`, `entityId`, `version`),
//! so a wrong-typed field never loses an event. The outcome is derived from `error` (a
//! JSON-encoded `{status, description, errorType}`), or from a `success` flag if one is sent.

use crate::model::text;
use serde_json::{Map, Value};

/// One classic `AuditLogRecord`; `raw` is the record as received (it becomes the body).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ClassicAuditLogRecord {
    pub raw: Value,
    pub id: Option<String>,
    pub happened_at: Option<String>,
    pub tenant_id: Option<String>,
    pub cluster_uuid: Option<String>,
    /// `Create`, `Update`, `Delete`, `Login`.
    pub action: Option<String>,
    pub version: Option<String>,
    pub entity_id: Option<String>,
    pub entity_type: Option<String>,
    pub entity_name: Option<String>,
    /// `User` or `Application`.
    pub source_type: Option<String>,
    pub source_id: Option<String>,
    pub source_name: Option<String>,
    /// `context.user_agent`.
    pub user_agent: Option<String>,
    /// `context.ip_address`.
    pub ip_address: Option<String>,
    /// `Succeeded` or `Failed`, derived from `success` or `error`.
    pub result: Option<String>,
    /// `error.status`.
    pub http_status_code: Option<i64>,
    /// `error.errorType`, e.g. `BackendError`.
    pub error_type: Option<String>,
}

/// `error` as an object: a JSON-encoded string or an object; `Some(None)` for an error that
/// is present but not JSON.
fn error_of(m: &Map<String, Value>) -> Option<Option<Map<String, Value>>> {
    match m.get("error")? {
        Value::Object(o) if o.is_empty() => None,
        Value::Object(o) => Some(Some(o.clone())),
        Value::String(s) => {
            let s = s.trim();
            if s.is_empty() || s == "null" || s == "{}" {
                return None;
            }
            Some(serde_json::from_str::<Map<String, Value>>(s).ok())
        }
        _ => None,
    }
}

fn flag(m: &Map<String, Value>, k: &str) -> Option<bool> {
    match m.get(k)? {
        Value::Bool(b) => Some(*b),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

impl ClassicAuditLogRecord {
    pub fn from_value(value: &Value) -> Self {
        let Some(m) = value.as_object() else {
            return ClassicAuditLogRecord {
                raw: value.clone(),
                ..Default::default()
            };
        };
        let context = m.get("context").and_then(Value::as_object);
        let error = error_of(m);
        let success = flag(m, "success").unwrap_or(error.is_none());
        let error = error.flatten();
        ClassicAuditLogRecord {
            raw: value.clone(),
            id: text(m, "id"),
            happened_at: text(m, "happenedAt"),
            tenant_id: text(m, "tenantId"),
            cluster_uuid: text(m, "clusterUuid"),
            action: text(m, "action"),
            version: text(m, "version"),
            entity_id: text(m, "entityId"),
            entity_type: text(m, "entityType"),
            entity_name: text(m, "entityName"),
            source_type: text(m, "sourceType"),
            source_id: text(m, "sourceId"),
            source_name: text(m, "sourceName"),
            user_agent: context.and_then(|c| text(c, "user_agent")),
            ip_address: context.and_then(|c| text(c, "ip_address")),
            result: Some(if success { "Succeeded" } else { "Failed" }.into()),
            http_status_code: error
                .as_ref()
                .and_then(|e| text(e, "status").and_then(|s| s.trim().parse().ok())),
            error_type: error.as_ref().and_then(|e| text(e, "errorType")),
        }
    }

    /// Parses a page (a bare array; `null` is empty); anything else is an error (the page is
    /// requested again).
    pub fn parse_page(body: &[u8]) -> Result<Vec<Self>, String> {
        let value: Value = serde_json::from_slice(body).map_err(|e| {
            format!(
                "unexpected body in response ({} bytes): not JSON: {e}",
                body.len()
            )
        })?;
        match value {
            Value::Null => Ok(Vec::new()),
            Value::Array(items) => Ok(items.iter().map(Self::from_value).collect()),
            _ => Err("unexpected body in response: not a JSON array".into()),
        }
    }
}
