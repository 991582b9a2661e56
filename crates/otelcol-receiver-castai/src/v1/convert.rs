//! v1 `AuditEvent` → `LogRecord`, pure. Keeps CAST AI's attribute layout (`id`, `eventType`,
//! `initiatedBy`, `labels`, `event`) and adds what its receiver left out: the event time as
//! timestamp (any RFC 3339 offset; observed time plus `event.time_missing` if absent), the
//! event as body, a severity mapped from the event type, and the event name.

use super::model::AuditEvent;
use otelcol_core::pdata::{LogRecord, SeverityNumber};
use otelcol_pull::json::{attribute, string, to_any_value};
use otelcol_pull::record::stamp;
use otelcol_pull::time::{parse_rfc3339, Timestamp};
use otelcol_pull::PulledRecord;
use serde_json::Value;

/// The record of one event, observed at `observed`.
pub fn record(event: &AuditEvent, observed: Timestamp) -> PulledRecord {
    let time = event.time.as_str().and_then(parse_rfc3339);
    let (severity, severity_text) = severity(event.event_type());
    let body = match (&event.event, event.event_type()) {
        (Value::Null, Some(t)) => Some(string(t)),
        (Value::Null, None) => None,
        (e, _) => Some(to_any_value(e)),
    };
    let mut record = LogRecord {
        severity_number: severity as i32,
        severity_text: severity_text.to_string(),
        body,
        event_name: event.event_type().unwrap_or_default().to_string(),
        attributes: vec![
            attribute("id", to_any_value(&event.id)),
            attribute("eventType", to_any_value(&event.event_type)),
            attribute("initiatedBy", to_any_value(&event.initiated_by)),
            attribute("labels", to_any_value(&event.labels)),
            attribute("event", to_any_value(&event.event)),
        ],
        ..Default::default()
    };
    stamp(&mut record, time, observed);
    PulledRecord {
        id: event.id_key(),
        time,
        record,
    }
}

/// v1 events carry no severity: failures are errors, destructive or disruptive operations
/// warnings, everything else info.
pub fn severity(event_type: Option<&str>) -> (SeverityNumber, &'static str) {
    let t = event_type.unwrap_or_default().to_ascii_lowercase();
    if t.contains("fail") || t.contains("error") {
        (SeverityNumber::Error, "error")
    } else if ["delete", "remove", "evict", "interrupt", "disconnect"]
        .iter()
        .any(|w| t.contains(w))
    {
        (SeverityNumber::Warn, "warn")
    } else {
        (SeverityNumber::Info, "info")
    }
}
