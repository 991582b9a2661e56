//! Pure mapping: a page's JSON events → one ResourceLogs of log records.

use crate::client::lookup;
use otelcol_core::pdata::{
    any_value, key_value, string_value, AnyValue, ArrayValue, InstrumentationScope, KeyValue,
    KeyValueList, LogRecord, Resource, ResourceLogs, ScopeLogs,
};
use serde_json::Value;

/// Scope name of every record this receiver emits.
pub(crate) const SCOPE: &str = "otelcol-audit/paged_json_audit";

/// A JSON value as an OTLP `AnyValue` (objects become key/value lists).
pub(crate) fn any(value: &Value) -> AnyValue {
    let v = match value {
        Value::Null => return AnyValue { value: None },
        Value::Bool(b) => any_value::Value::BoolValue(*b),
        Value::Number(n) => match n.as_i64() {
            Some(i) => any_value::Value::IntValue(i),
            None => any_value::Value::DoubleValue(n.as_f64().unwrap_or(f64::NAN)),
        },
        Value::String(s) => any_value::Value::StringValue(s.clone()),
        Value::Array(items) => any_value::Value::ArrayValue(ArrayValue {
            values: items.iter().map(any).collect(),
        }),
        Value::Object(map) => any_value::Value::KvlistValue(KeyValueList {
            values: map.iter().map(|(k, v)| key_value(k, any(v))).collect(),
        }),
    };
    AnyValue { value: Some(v) }
}

/// An event's id as text (strings as they are, numbers printed), if it has one.
pub(crate) fn event_id(item: &Value, id_field: &str) -> Option<String> {
    match lookup(item, id_field)? {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The event time in Unix nanoseconds, from an RFC 3339 string with any offset.
fn event_time(item: &Value, time_field: &str) -> Option<u64> {
    let text = lookup(item, time_field)?.as_str()?;
    let time = chrono::DateTime::parse_from_rfc3339(text).ok()?;
    u64::try_from(time.timestamp_nanos_opt()?).ok()
}

/// The record of one event: body = the event, `event.id` (when it has one), and the event
/// time as timestamp (observed time plus `paged_json_audit.time_missing = true` when it has none).
pub(crate) fn record(item: &Value, id: Option<&str>, time_field: &str, observed: u64) -> LogRecord {
    let mut attributes: Vec<KeyValue> = id
        .map(|id| key_value("event.id", string_value(id)))
        .into_iter()
        .collect();
    let time = match event_time(item, time_field) {
        Some(t) => t,
        None => {
            attributes.push(key_value(
                "paged_json_audit.time_missing",
                AnyValue {
                    value: Some(any_value::Value::BoolValue(true)),
                },
            ));
            observed
        }
    };
    LogRecord {
        time_unix_nano: time,
        observed_time_unix_nano: observed,
        body: Some(any(item)),
        attributes,
        ..Default::default()
    }
}

/// One ResourceLogs (`service.name`) with one scope holding every record of a page.
pub(crate) fn resource_logs(service_name: &str, records: Vec<LogRecord>) -> ResourceLogs {
    ResourceLogs {
        resource: Some(Resource {
            attributes: vec![key_value("service.name", string_value(service_name))],
            ..Default::default()
        }),
        scope_logs: vec![ScopeLogs {
            scope: Some(InstrumentationScope {
                name: SCOPE.into(),
                version: env!("CARGO_PKG_VERSION").into(),
                ..Default::default()
            }),
            log_records: records,
            schema_url: String::new(),
        }],
        schema_url: String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn event_time_with_offset_becomes_the_timestamp() {
        let item = json!({"id": "a", "time": "2025-01-02T03:04:05.5+02:00"});
        let rec = record(&item, Some("a"), "time", 7);
        assert_eq!(rec.time_unix_nano, 1_735_779_845_500_000_000);
        assert_eq!(rec.observed_time_unix_nano, 7);
        assert_eq!(rec.attributes.len(), 1, "no time_missing flag");
    }

    #[test]
    fn event_without_time_gets_observed_time_and_a_flag() {
        let rec = record(&json!({"id": 5}), Some("5"), "time", 42);
        assert_eq!(rec.time_unix_nano, 42);
        assert_eq!(rec.attributes[1].key, "paged_json_audit.time_missing");
    }

    #[test]
    fn nested_fields_are_found_by_dot_path_and_body_keeps_the_event() {
        let item = json!({"meta": {"id": 12, "at": "2025-01-01T00:00:00Z"}, "who": "ann"});
        assert_eq!(event_id(&item, "meta.id").as_deref(), Some("12"));
        let rec = record(&item, Some("12"), "meta.at", 1);
        assert_eq!(rec.time_unix_nano, 1_735_689_600_000_000_000);
        let Some(any_value::Value::KvlistValue(body)) = rec.body.and_then(|b| b.value) else {
            panic!("body is a map");
        };
        assert_eq!(body.values[1].key, "who");
    }
}
