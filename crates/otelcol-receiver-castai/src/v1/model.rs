//! The v1 API's payload, `GET /v1/audit` (sources: the 2021 CAST AI SDK `AuditEventList` /
//! `AuditEvent` / `AuditInitiator`, CAST AI's receiver code and its test fixtures). Fields are
//! kept as JSON values so that an unexpected type never loses an event.

use serde_json::Value;

/// `AuditEventList`.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditEventList {
    /// `items` (Optional: proto3 JSON leaves an empty list out).
    pub items: Vec<AuditEvent>,
    /// `nextCursor` (Optional): absent or `""` on the last page.
    pub next_cursor: Option<String>,
}

/// `AuditEvent`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AuditEvent {
    /// `id` (Required): a UUID string.
    pub id: Value,
    /// `eventType` (Required): camelCase operation name, e.g. `clusterDeleted`.
    pub event_type: Value,
    /// `initiatedBy` (Optional): `{id, name, email?}`; no email for system calls.
    pub initiated_by: Value,
    /// `time` (Required): "Event creation UTC time in RFC3339 format".
    pub time: Value,
    /// `event` (Optional): free-form object whose shape depends on `eventType`.
    pub event: Value,
    /// `labels` (Optional): `map<string,string>`, e.g. `{"clusterId": "<uuid>"}`.
    pub labels: Value,
}

impl AuditEventList {
    /// Parses a page. Anything that is not a page is an error (the page is requested again,
    /// never skipped); odd items are kept as they are.
    pub fn parse(body: &[u8]) -> Result<Self, String> {
        let value: Value = serde_json::from_slice(body).map_err(|e| {
            format!(
                "unexpected body in response ({} bytes): not JSON: {e}",
                body.len()
            )
        })?;
        let Value::Object(mut page) = value else {
            return Err("unexpected body in response: not a JSON object".into());
        };
        let items = match page.remove("items") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(items)) => items.into_iter().map(AuditEvent::from_value).collect(),
            Some(_) => return Err("unexpected body in response: items is not a list".into()),
        };
        let next_cursor = match page.remove("nextCursor") {
            None | Some(Value::Null) => None,
            Some(Value::String(c)) if c.is_empty() => None,
            Some(Value::String(c)) => Some(c),
            Some(_) => return Err("unexpected body in response: nextCursor is not a string".into()),
        };
        Ok(AuditEventList { items, next_cursor })
    }
}

impl AuditEvent {
    /// Takes the documented fields of an item; a non-object item keeps only `event`.
    pub fn from_value(value: Value) -> Self {
        match value {
            Value::Object(mut m) => {
                let mut take = |k: &str| m.remove(k).unwrap_or(Value::Null);
                AuditEvent {
                    id: take("id"),
                    event_type: take("eventType"),
                    initiated_by: take("initiatedBy"),
                    time: take("time"),
                    event: take("event"),
                    labels: take("labels"),
                }
            }
            other => AuditEvent {
                event: other,
                ..AuditEvent::default()
            },
        }
    }

    /// The id as a dedupe key (a non-string id by its JSON text).
    pub fn id_key(&self) -> Option<String> {
        match &self.id {
            Value::Null => None,
            Value::String(s) if s.is_empty() => None,
            Value::String(s) => Some(s.clone()),
            other => Some(other.to_string()),
        }
    }

    pub fn event_type(&self) -> Option<&str> {
        self.event_type.as_str().filter(|s| !s.is_empty())
    }
}
