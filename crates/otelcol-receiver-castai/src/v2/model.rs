//! The v2 API's payload, `GET /v2/audit/events` (source: CAST AI's v2 receiver `client.go`
//! and its tests). Read field by field so that an unexpected type never loses an event.

use serde_json::{Map, Value};

/// `ListEventsResponse`.
#[derive(Debug, Clone, PartialEq)]
pub struct EventList {
    /// `events` (Optional: left out when empty).
    pub events: Vec<Event>,
    /// `nextCursor` (Optional): absent or `""` on the last page.
    pub next_cursor: Option<String>,
}

/// `Event`. Strings are `None` when absent or not strings.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Event {
    /// `eventId` (Required): UUID.
    pub event_id: Option<String>,
    /// `requestId` (Optional).
    pub request_id: Option<String>,
    /// `correlationId` (Optional): UUID when present; also the trace id.
    pub correlation_id: Option<String>,
    /// `tenantId` (Required).
    pub tenant_id: Option<String>,
    /// `occurredAt` (Required): RFC 3339 nano.
    pub occurred_at: Option<String>,
    /// `ingestedAt` (Required): RFC 3339 nano.
    pub ingested_at: Option<String>,
    /// `sourceService`, `sourceVersion` (Optional).
    pub source_service: Option<String>,
    pub source_version: Option<String>,
    /// `eventDomain`, `eventResource`, `eventAction` (Required): the event type
    /// `domain.resource.action`, e.g. `autoscaler.rebalancing.initiated`.
    pub domain: Option<String>,
    pub resource: Option<String>,
    pub action: Option<String>,
    /// `eventSeverity` (Optional): already an OTel severity number (9/13/17).
    pub severity: Option<u64>,
    /// `eventSeverityText` (Optional): `info`, `warn` or `error`.
    pub severity_text: Option<String>,
    /// `description` (Optional): human-readable text.
    pub description: Option<String>,
    /// `actor` (Optional): `{type: internal|user|csp, id, displayName, email}`.
    pub actor: Option<Map<String, Value>>,
    /// `resource` (Optional): `{type, id, displayName}`.
    pub target: Option<Map<String, Value>>,
    /// `labels` (Optional): map.
    pub labels: Option<Map<String, Value>>,
    /// `clusterId` (Optional).
    pub cluster_id: Option<String>,
    /// `correlatedEventCount` (Optional).
    pub correlated_event_count: Option<i64>,
    /// `body` (Optional, with `include_body`): base64 of JSON; plain JSON or text accepted.
    pub body: Option<String>,
}

fn text(m: &Map<String, Value>, k: &str) -> Option<String> {
    m.get(k)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

fn object(m: &Map<String, Value>, k: &str) -> Option<Map<String, Value>> {
    m.get(k).and_then(Value::as_object).cloned()
}

impl Event {
    pub fn from_value(value: &Value) -> Self {
        let Some(m) = value.as_object() else {
            return Event {
                description: Some(value.to_string()),
                ..Event::default()
            };
        };
        Event {
            event_id: text(m, "eventId"),
            request_id: text(m, "requestId"),
            correlation_id: text(m, "correlationId"),
            tenant_id: text(m, "tenantId"),
            occurred_at: text(m, "occurredAt"),
            ingested_at: text(m, "ingestedAt"),
            source_service: text(m, "sourceService"),
            source_version: text(m, "sourceVersion"),
            domain: text(m, "eventDomain"),
            resource: text(m, "eventResource"),
            action: text(m, "eventAction"),
            severity: m.get("eventSeverity").and_then(Value::as_u64),
            severity_text: text(m, "eventSeverityText"),
            description: text(m, "description"),
            actor: object(m, "actor"),
            target: object(m, "resource"),
            labels: object(m, "labels"),
            cluster_id: text(m, "clusterId"),
            correlated_event_count: m.get("correlatedEventCount").and_then(Value::as_i64),
            body: text(m, "body"),
        }
    }

    /// `domain.resource.action` (missing parts left out).
    pub fn name(&self) -> String {
        [&self.domain, &self.resource, &self.action]
            .iter()
            .filter_map(|p| p.as_deref())
            .collect::<Vec<_>>()
            .join(".")
    }
}

impl EventList {
    /// Parses a page; anything that is not a page is an error (requested again, not skipped).
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
        let events = match page.get("events") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(events)) => events.iter().map(Event::from_value).collect(),
            Some(_) => return Err("unexpected body in response: events is not a list".into()),
        };
        let next_cursor = match page.get("nextCursor") {
            None | Some(Value::Null) => None,
            Some(Value::String(c)) if c.is_empty() => None,
            Some(Value::String(c)) => Some(c.clone()),
            Some(_) => return Err("unexpected body in response: nextCursor is not a string".into()),
        };
        Ok(EventList {
            events,
            next_cursor,
        })
    }
}
