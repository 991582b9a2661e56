//! Pulsar message → `LogRecord`, pure: the payload as body, Astra control-plane and
//! Cassandra/DSE data-plane fields as semantic attributes, unknown keys under `astra.*`, the
//! message's id, times, key and properties as `messaging.*` attributes.

use chrono::{DateTime, TimeZone, Utc};
use otelcol_core::pdata::{any_value::Value, AnyValue, KeyValue, LogRecord};
use otelcol_pull::json::{attribute, boolean, int, string, to_any_value};
use otelcol_pull::record::TIME_MISSING_ATTRIBUTE;
use otelcol_pull::time::{parse_rfc3339, unix_nanos, Timestamp};
use otelcol_pulsar::ReceivedMessage;
use serde_json::{Map, Value as Json};

pub const SEVERITY_INFO: i32 = 9;
pub const SEVERITY_WARN: i32 = 13;
/// Set to `true` when the payload is not a JSON object (the body is then the payload text).
pub const NOT_JSON_ATTRIBUTE: &str = "astra.payload.not_json";

pub fn record(msg: &ReceivedMessage, observed: Timestamp) -> LogRecord {
    let text = std::str::from_utf8(&msg.payload).ok();
    let object = text.and_then(parse_object);
    let mut record = LogRecord {
        severity_number: SEVERITY_INFO,
        severity_text: "INFO".into(),
        body: Some(match text {
            Some(t) => string(t),
            None => AnyValue {
                value: Some(Value::BytesValue(msg.payload.clone())),
            },
        }),
        ..Default::default()
    };
    let event_time = match &object {
        Some(fields) => map_fields(fields, &mut record),
        None => {
            record
                .attributes
                .push(attribute(NOT_JSON_ATTRIBUTE, boolean(true)));
            None
        }
    };
    record.attributes.extend(message_attributes(msg));
    stamp(&mut record, msg, event_time, observed);
    record
}

/// A JSON object, tolerating a byte-order mark and surrounding whitespace.
fn parse_object(text: &str) -> Option<Map<String, Json>> {
    match serde_json::from_str(text.trim_start_matches('\u{feff}').trim()) {
        Ok(Json::Object(map)) => Some(map),
        _ => None,
    }
}

/// `userID`, `user_id` and `UserId` are one key: lower case without `_`, `-` or `.`.
fn normalized(key: &str) -> String {
    key.chars()
        .filter(|c| !matches!(c, '_' | '-' | '.'))
        .flat_map(char::to_lowercase)
        .collect()
}

fn text_of(v: &Json) -> Option<String> {
    match v {
        Json::String(s) if !s.is_empty() => Some(s.clone()),
        Json::Number(n) => Some(n.to_string()),
        Json::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Maps the known fields, keeps the rest under `astra.*`; returns the event time if any.
fn map_fields(fields: &Map<String, Json>, record: &mut LogRecord) -> Option<Timestamp> {
    let mut attrs: Vec<KeyValue> = Vec::new();
    let put = |attrs: &mut Vec<KeyValue>, key: &str, v: AnyValue| {
        if !attrs.iter().any(|a| a.key == key) {
            attrs.push(attribute(key, v));
        }
    };
    let mut event_time = None;
    let mut event_name: Option<String> = None;
    let mut failed = false;
    let has = |k: &str| fields.keys().any(|f| normalized(f) == k);
    let (has_source, is_data_plane) = (
        has("source"),
        has("keyspace") || has("operation") || has("category"),
    );
    for (key, value) in fields {
        let text = text_of(value);
        match (normalized(key).as_str(), text) {
            ("typename", Some(t)) => put(&mut attrs, "astra.typename", string(t)),
            ("eventtype", Some(t)) => event_name = Some(t),
            ("actionresult", Some(t)) => {
                failed |= !is_success(&t);
                put(&mut attrs, "astra.action_result", string(t));
            }
            ("userid" | "user", Some(t)) => put(&mut attrs, "enduser.id", string(t)),
            ("eventtime", _) => {
                event_time = event_time.or_else(|| time_of(value));
                put(&mut attrs, "astra.event_time", to_any_value(value));
            }
            ("timestamp", _) => event_time = event_time.or_else(|| time_of(value)),
            ("event", _) => put(&mut attrs, "astra.event", to_any_value(value)),
            ("source", Some(t)) => put(&mut attrs, "client.address", string(address(&t))),
            ("host", Some(t)) if !has_source => {
                put(&mut attrs, "client.address", string(address(&t)))
            }
            ("port", Some(t)) => match t.parse::<i64>() {
                Ok(p) => put(&mut attrs, "client.port", int(p)),
                Err(_) => put(&mut attrs, "astra.port", string(t)),
            },
            ("keyspace", Some(t)) => put(&mut attrs, "db.namespace", string(t)),
            ("table" | "scope", Some(t)) => put(&mut attrs, "db.collection.name", string(t)),
            ("category", Some(t)) => {
                failed |= t.eq_ignore_ascii_case("ERROR");
                put(&mut attrs, "astra.category", string(t));
            }
            ("type", Some(t)) => {
                failed |= t.to_ascii_uppercase().contains("ERROR")
                    || t.eq_ignore_ascii_case("UNAUTHORIZED_ATTEMPT");
                put(&mut attrs, "db.operation.name", string(t.clone()));
                event_name.get_or_insert(t);
            }
            ("operation", Some(t)) => put(&mut attrs, "db.query.text", string(t)),
            ("batchid", Some(t)) => put(&mut attrs, "astra.batch_id", string(t)),
            _ => put(&mut attrs, &format!("astra.{key}"), to_any_value(value)),
        }
    }
    if is_data_plane {
        put(&mut attrs, "db.system.name", string("cassandra"));
    }
    if let Some(name) = event_name {
        attrs.insert(0, attribute("event.name", string(name.clone())));
        record.event_name = name;
    }
    if failed {
        record.severity_number = SEVERITY_WARN;
        record.severity_text = "WARN".into();
    }
    record.attributes = attrs;
    event_time
}

fn is_success(result: &str) -> bool {
    ["SUCCESS", "SUCCEEDED", "SUCCESSFUL", "OK", "ALLOWED"]
        .iter()
        .any(|s| result.eq_ignore_ascii_case(s))
}

/// Cassandra writes client addresses as `/10.0.0.7` or `/10.0.0.7:9042`; keep the host part.
fn address(raw: &str) -> String {
    let a = raw.trim_start_matches('/');
    match a.rsplit_once(':') {
        Some((host, port)) if !host.contains(':') && port.parse::<u16>().is_ok() => host.into(),
        _ => a.into(),
    }
}

/// RFC 3339 text, or epoch milliseconds (a number or a numeric string).
fn time_of(v: &Json) -> Option<Timestamp> {
    let millis = match v {
        Json::String(s) => match parse_rfc3339(s) {
            Some(t) => return Some(t),
            None => s.trim().parse::<i64>().ok()?,
        },
        Json::Number(n) => n.as_i64()?,
        _ => return None,
    };
    (millis > 0).then(|| Utc.timestamp_millis_opt(millis).single())?
}

fn millis(ms: u64) -> Option<Timestamp> {
    i64::try_from(ms)
        .ok()
        .filter(|m| *m > 0)
        .and_then(DateTime::from_timestamp_millis)
}

fn rfc3339(t: &Timestamp) -> AnyValue {
    string(t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
}

fn message_attributes(msg: &ReceivedMessage) -> Vec<KeyValue> {
    let mut attrs = vec![
        attribute("messaging.system", string("pulsar")),
        attribute("messaging.destination.name", string(msg.topic.clone())),
        attribute("messaging.message.id", string(msg.id.to_string())),
    ];
    if msg.id.partition >= 0 {
        attrs.push(attribute(
            "messaging.destination.partition.id",
            string(msg.id.partition.to_string()),
        ));
    }
    if let Some(t) = millis(msg.publish_time_ms) {
        attrs.push(attribute("messaging.pulsar.publish_time", rfc3339(&t)));
    }
    if let Some(t) = msg.event_time_ms.and_then(millis) {
        attrs.push(attribute("messaging.pulsar.event_time", rfc3339(&t)));
    }
    if let Some(key) = &msg.key {
        attrs.push(attribute(
            "messaging.pulsar.message.key",
            string(key.clone()),
        ));
    }
    if !msg.producer_name.is_empty() {
        attrs.push(attribute(
            "messaging.pulsar.producer.name",
            string(msg.producer_name.clone()),
        ));
    }
    if msg.redelivery_count > 0 {
        attrs.push(attribute(
            "messaging.pulsar.message.redelivery_count",
            int(i64::from(msg.redelivery_count)),
        ));
    }
    for (k, v) in &msg.properties {
        attrs.push(attribute(
            format!("messaging.pulsar.message.property.{k}"),
            string(v.clone()),
        ));
    }
    attrs
}

/// Timestamp: the payload's event time, else the message's event time, else its publish
/// time, else the observed time (flagged). Never 0.
fn stamp(
    record: &mut LogRecord,
    msg: &ReceivedMessage,
    payload_time: Option<Timestamp>,
    observed: Timestamp,
) {
    record.observed_time_unix_nano = unix_nanos(&observed);
    let time = payload_time
        .or_else(|| msg.event_time_ms.and_then(millis))
        .or_else(|| millis(msg.publish_time_ms))
        .map(|t| unix_nanos(&t))
        .filter(|n| *n > 0);
    record.time_unix_nano = match time {
        Some(n) => n,
        None => {
            record
                .attributes
                .push(attribute(TIME_MISSING_ATTRIBUTE, boolean(true)));
            unix_nanos(&observed)
        }
    };
}
