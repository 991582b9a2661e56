//! v2 `Event` → `LogRecord`, pure. CAST AI's v2 layout (body = description, severity as
//! given, `event.*`, `actor.*`, `resource.*`, `cluster.id`, `labels`, `event.body`, trace id
//! from the correlation id) plus the event name, `source.*`, and a timestamp that is never 0.

use super::model::Event;
use base64::Engine as _;
use otelcol_core::pdata::{KeyValue, LogRecord};
use otelcol_pull::json::{attribute, int, string, to_any_value};
use otelcol_pull::record::stamp;
use otelcol_pull::time::{format_rfc3339_nano, parse_rfc3339, Timestamp};
use otelcol_pull::PulledRecord;
use serde_json::{Map, Value};

pub fn record(e: &Event, observed: Timestamp) -> PulledRecord {
    let time = e.occurred_at.as_deref().and_then(parse_rfc3339);
    let name = e.name();
    let body = e.description.clone().unwrap_or_else(|| name.clone());
    let text = e.severity_text.clone().unwrap_or_default();
    let number = match e.severity {
        Some(n @ 1..=24) => n as i32,
        _ => severity_from_text(&text),
    };
    let mut record = LogRecord {
        severity_number: number,
        severity_text: text,
        body: Some(string(body)),
        event_name: name,
        attributes: attributes(e),
        ..Default::default()
    };
    if let Some(trace_id) = e
        .correlation_id
        .as_deref()
        .and_then(|c| uuid::Uuid::parse_str(c).ok())
    {
        record.trace_id = trace_id.as_bytes().to_vec();
    }
    stamp(&mut record, time, observed);
    PulledRecord {
        id: e.event_id.clone(),
        time,
        record,
    }
}

fn severity_from_text(text: &str) -> i32 {
    match text.to_ascii_lowercase().as_str() {
        "warn" | "warning" => 13,
        "error" => 17,
        "info" => 9,
        _ => 0,
    }
}

fn attributes(e: &Event) -> Vec<KeyValue> {
    let s = |v: &Option<String>| string(v.clone().unwrap_or_default());
    let mut attrs = vec![
        attribute("tenant.id", s(&e.tenant_id)),
        attribute("event.id", s(&e.event_id)),
        attribute("event.domain", s(&e.domain)),
        attribute("event.resource", s(&e.resource)),
        attribute("event.action", s(&e.action)),
    ];
    if let Some(ingested) = &e.ingested_at {
        let normalized = parse_rfc3339(ingested)
            .map(|t| format_rfc3339_nano(&t))
            .unwrap_or_else(|| ingested.clone());
        attrs.push(attribute("ingested_at", string(normalized)));
    }
    let mut push = |k: &str, v: &Option<String>| {
        if let Some(v) = v {
            attrs.push(attribute(k, string(v.clone())));
        }
    };
    push("cluster.id", &e.cluster_id);
    push("request.id", &e.request_id);
    push("source.service", &e.source_service);
    push("source.version", &e.source_version);
    if let Some(c) = &e.correlation_id {
        attrs.push(attribute("correlation.id", string(c.clone())));
        attrs.push(attribute(
            "correlation.count",
            int(e.correlated_event_count.unwrap_or(0)),
        ));
    }
    if let Some(actor) = &e.actor {
        for (key, field) in [
            ("id", "id"),
            ("type", "type"),
            ("display_name", "displayName"),
            ("email", "email"),
        ] {
            attrs.push(attribute(
                format!("actor.{key}"),
                string(field_text(actor, field)),
            ));
        }
    }
    if let Some(target) = &e.target {
        for (key, field) in [
            ("type", "type"),
            ("id", "id"),
            ("display_name", "displayName"),
        ] {
            attrs.push(attribute(
                format!("resource.{key}"),
                string(field_text(target, field)),
            ));
        }
    }
    if let Some(labels) = e.labels.as_ref().filter(|l| !l.is_empty()) {
        attrs.push(attribute(
            "labels",
            to_any_value(&Value::Object(labels.clone())),
        ));
    }
    if let Some(body) = &e.body {
        attrs.push(attribute("event.body", event_body(body)));
    }
    attrs
}

fn field_text(m: &Map<String, Value>, k: &str) -> String {
    m.get(k)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

/// The API's event body: base64 of JSON (a map), base64 of text, plain JSON, or text.
fn event_body(body: &str) -> otelcol_core::pdata::AnyValue {
    if let Ok(decoded) = base64::engine::general_purpose::STANDARD.decode(body) {
        return match serde_json::from_slice::<Value>(&decoded) {
            Ok(v @ Value::Object(_)) => to_any_value(&v),
            _ => string(String::from_utf8_lossy(&decoded).into_owned()),
        };
    }
    match serde_json::from_str::<Value>(body) {
        Ok(v @ Value::Object(_)) => to_any_value(&v),
        _ => string(body),
    }
}
