//! The `GET /api/v1/audit/log` payload: `{total, next, audit_logs}` (all optional, as runapy
//! treats them). Records are read field by field so a wrong-typed field never loses an event;
//! numbers are accepted where the spec says string (`tenant_id: 12345` in its own example).

use serde_json::{Map, Value};

pub use crate::classic_model::ClassicAuditLogRecord;

/// One `AuditLog`; `raw` is the record as received (it becomes the body).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AuditLog {
    pub raw: Value,
    pub id: Option<String>,
    pub timestamp: Option<String>,
    pub tenant_id: Option<String>,
    pub subject: Option<String>,
    /// `User` or `App`.
    pub subject_type: Option<String>,
    pub source_ip: Option<String>,
    /// `create`, `update`, `delete`, `sign-in`, `sign-out`, `reset-password`.
    pub action: Option<String>,
    pub http_method: Option<String>,
    pub url: Option<String>,
    pub entity_type: Option<String>,
    pub entity_name: Option<String>,
    pub entity_id: Option<String>,
    /// `Succeeded` or `Failed`.
    pub result: Option<String>,
    pub http_status_code: Option<i64>,
    pub cluster_name: Option<String>,
    pub cluster_id: Option<String>,
    pub request_id: Option<String>,
    pub metadata: Option<Map<String, Value>>,
}

/// A page of `GET /api/v1/audit/log`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AuditLogPage {
    pub total: Option<u64>,
    pub next: Option<u64>,
    pub audit_logs: Vec<AuditLog>,
}

/// A string, or a number written as text; empty strings are absent.
pub(crate) fn text(m: &Map<String, Value>, k: &str) -> Option<String> {
    match m.get(k)? {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn integer(m: &Map<String, Value>, k: &str) -> Option<i64> {
    match m.get(k)? {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

impl AuditLog {
    pub fn from_value(value: &Value) -> Self {
        let Some(m) = value.as_object() else {
            return AuditLog {
                raw: value.clone(),
                ..AuditLog::default()
            };
        };
        AuditLog {
            raw: value.clone(),
            id: text(m, "id"),
            timestamp: text(m, "timestamp"),
            tenant_id: text(m, "tenant_id"),
            subject: text(m, "subject"),
            subject_type: text(m, "subject_type"),
            source_ip: text(m, "source_ip"),
            action: text(m, "action"),
            http_method: text(m, "http_method"),
            url: text(m, "url"),
            entity_type: text(m, "entity_type"),
            entity_name: text(m, "entity_name"),
            entity_id: text(m, "entity_id"),
            result: text(m, "result"),
            http_status_code: integer(m, "http_status_code"),
            cluster_name: text(m, "cluster_name"),
            cluster_id: text(m, "cluster_id"),
            request_id: text(m, "request_id"),
            metadata: m.get("metadata").and_then(Value::as_object).cloned(),
        }
    }
}

fn count(page: &Map<String, Value>, k: &str) -> Result<Option<u64>, String> {
    match page.get(k) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => n
            .as_u64()
            .map(Some)
            .ok_or_else(|| format!("unexpected body in response: {k} is not a count")),
        Some(_) => Err(format!("unexpected body in response: {k} is not a number")),
    }
}

impl AuditLogPage {
    /// Parses a page; anything that is not a page is an error (the page is requested again).
    pub fn parse(body: &[u8]) -> Result<Self, String> {
        let value: Value = serde_json::from_slice(body).map_err(|e| {
            format!(
                "unexpected body in response ({} bytes): not JSON: {e}",
                body.len()
            )
        })?;
        let Value::Object(page) = value else {
            return Err("unexpected body in response: not a JSON object".into());
        };
        let audit_logs = match page.get("audit_logs") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(items)) => items.iter().map(AuditLog::from_value).collect(),
            Some(_) => return Err("unexpected body in response: audit_logs is not a list".into()),
        };
        Ok(AuditLogPage {
            total: count(&page, "total")?,
            next: count(&page, "next")?,
            audit_logs,
        })
    }
}
