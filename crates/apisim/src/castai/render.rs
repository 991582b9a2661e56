//! Events as the API writes them: v1 `AuditEvent` (`time` RFC 3339, UTC by default) and v2
//! `Event` (`occurredAt`/`ingestedAt` RFC 3339 nano, body base64 JSON when asked for).

use super::events::{SimEvent, Timestamp};
use super::store::source_service;
use base64::Engine as _;
use chrono::FixedOffset;
use serde_json::{json, Map, Value};

/// How times are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeStyle {
    /// `2025-07-03T10:15:04.123456Z`
    Utc,
    /// The same instant with this offset in minutes (`2025-07-03T12:15:04.123456+02:00`).
    Offset(i32),
}

pub fn time(t: &Timestamp, style: TimeStyle) -> String {
    match style {
        TimeStyle::Utc => t.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string(),
        TimeStyle::Offset(minutes) => {
            let offset = FixedOffset::east_opt(minutes * 60)
                .unwrap_or_else(|| FixedOffset::east_opt(0).expect("zero offset"));
            t.with_timezone(&offset)
                .format("%Y-%m-%dT%H:%M:%S%.6f%:z")
                .to_string()
        }
    }
}

pub fn v1(e: &SimEvent, style: TimeStyle) -> Value {
    let mut initiated_by = Map::new();
    initiated_by.insert("id".into(), json!(e.actor.id));
    initiated_by.insert("name".into(), json!(e.actor.name));
    if let Some(email) = &e.actor.email {
        initiated_by.insert("email".into(), json!(email));
    }
    json!({
        "id": e.id,
        "eventType": e.event_type,
        "initiatedBy": initiated_by,
        "time": time(&e.time, style),
        "event": e.payload,
        "labels": {"clusterId": e.cluster_id},
    })
}

pub fn v2(e: &SimEvent, include_body: bool) -> Value {
    let mut v = json!({
        "eventId": e.id,
        "requestId": format!("req-{}", &e.id[..8]),
        "tenantId": e.tenant_id,
        "occurredAt": e.time.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
        "ingestedAt": e.visible_at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
        "sourceService": source_service(e),
        "sourceVersion": "v1.42.0",
        "eventDomain": e.domain,
        "eventResource": e.resource,
        "eventAction": e.action,
        "eventSeverity": e.severity_number(),
        "eventSeverityText": e.severity_text,
        "description": e.description,
        "actor": {
            "type": e.actor.kind,
            "id": e.actor.id,
            "displayName": e.actor.name,
        },
        "resource": {"type": e.resource, "id": e.resource_id, "displayName": e.resource_name},
        "labels": {"cluster": e.cluster_id},
        "clusterId": e.cluster_id,
    });
    if let Some(email) = &e.actor.email {
        v["actor"]["email"] = json!(email);
    }
    if let Some(c) = &e.correlation_id {
        v["correlationId"] = json!(c);
        v["correlatedEventCount"] = json!(2);
    }
    if include_body {
        let body = serde_json::to_vec(&e.payload).unwrap_or_default();
        v["body"] = json!(base64::engine::general_purpose::STANDARD.encode(body));
    }
    v
}
