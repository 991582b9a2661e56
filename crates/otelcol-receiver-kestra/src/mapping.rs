//! Kestra `ApiAuditLogItem` (`{auditLog, user}`) or bare `AuditLog` → `PulledRecord`, pure:
//! `date` as timestamp, the item as body, WARN for failed logins/locked accounts, and semantic
//! attributes with the user object folded in. Shared with the `auditfile` import receiver.

use chrono::{NaiveDateTime, Utc};
use otelcol_core::pdata::{KeyValue, LogRecord};
use otelcol_pull::json::{attribute, boolean, string, to_any_value};
use otelcol_pull::record::stamp;
use otelcol_pull::time::{parse_rfc3339, Timestamp};
use otelcol_pull::PulledRecord;
use serde_json::{Map, Value};

/// `service.name` of every Kestra record (the vendor's name, as the Run:ai receiver's `runai`).
pub const SERVICE_NAME: &str = "kestra";

pub const SEVERITY_INFO: i32 = 9;
pub const SEVERITY_WARN: i32 = 13;

/// Set to `true` on a record whose audit log had no `id`: it cannot be deduplicated.
pub const ID_MISSING_ATTRIBUTE: &str = "event.id_missing";

/// Audit actions (`CrudEventType`/`AuditableAction`) mapped to WARN; all others are INFO.
pub const WARN_ACTIONS: [&str; 2] = ["LOGIN_FAILURE", "ACCOUNT_LOCKED"];

/// Maps one search result item, observed now. See [`map_search_item_at`].
pub fn map_search_item(item: &Value) -> Result<PulledRecord, String> {
    map_search_item_at(item, Utc::now())
}

/// Maps one search result item (`{"auditLog": {...}, "user": {...}}` or a bare `AuditLog`)
/// observed at `observed`. Errors only when there is no audit log object to map; the message
/// names the event id when one can be found. A missing or unparseable `date` gives the
/// observed time plus `event.time_missing: true`; a missing `id` gives a record without
/// `event.id` and with `event.id_missing: true` (not deduplicated).
pub fn map_search_item_at(item: &Value, observed: Timestamp) -> Result<PulledRecord, String> {
    let (log, user) = split(item)?;
    let id = scalar(log.get("id"));
    let time = log.get("date").and_then(Value::as_str).and_then(parse_date);
    let action = scalar(log.get("type"));
    let name = event_name(log, action.as_deref());
    let severity = match action.as_deref() {
        Some(a) if WARN_ACTIONS.contains(&a) => (SEVERITY_WARN, "WARN"),
        _ => (SEVERITY_INFO, "INFO"),
    };
    let mut attributes = vec![attribute("event.name", string(name.clone()))];
    attributes.extend(log_attributes(log, id.as_deref(), action.as_deref()));
    if let Some(user) = user {
        attributes.extend(user_attributes(user));
    }
    let mut record = LogRecord {
        severity_number: severity.0,
        severity_text: severity.1.into(),
        body: Some(to_any_value(item)),
        event_name: name,
        attributes,
        ..Default::default()
    };
    stamp(&mut record, time, observed);
    Ok(PulledRecord { id, time, record })
}

/// The audit log object and the user object (if any) of an item.
/// A JSON object.
type Object = Map<String, Value>;

fn split(item: &Value) -> Result<(&Object, Option<&Object>), String> {
    let Some(obj) = item.as_object() else {
        return Err(format!(
            "audit log item is a JSON {} instead of an object",
            kind(item)
        ));
    };
    match obj.get("auditLog") {
        None => Ok((obj, None)),
        Some(Value::Object(log)) => Ok((log, obj.get("user").and_then(Value::as_object))),
        Some(other) => {
            let user_id = obj
                .get("user")
                .and_then(|u| scalar(u.get("id")))
                .map(|u| format!(" (user {u})"))
                .unwrap_or_default();
            Err(format!(
                "audit log item{user_id}: `auditLog` is a JSON {} instead of an object",
                kind(other)
            ))
        }
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// A string or number as text; empty strings and other types are `None`.
fn scalar(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// RFC 3339 with any offset; without an offset (`yyyy-MM-ddTHH:mm[:ss][.SSS]`) read as UTC.
pub(crate) fn parse_date(text: &str) -> Option<Timestamp> {
    parse_rfc3339(text).or_else(|| {
        ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M"]
            .iter()
            .find_map(|f| NaiveDateTime::parse_from_str(text.trim(), f).ok())
            .map(|t| t.and_utc())
    })
}

/// The resource type of `detail`: `resourceType` (1.3), `resource` (2.0), `type`, `permission`.
fn resource_type(detail: Option<&Map<String, Value>>) -> Option<String> {
    let d = detail?;
    ["resourceType", "resource", "type", "permission"]
        .iter()
        .find_map(|k| scalar(d.get(*k)))
}

/// `kestra.<resource type>.<action>` in lower case, e.g. `kestra.flow.update`; `kestra.<action>`
/// without a resource type (e.g. `kestra.login`); `kestra.unknown` without either.
fn event_name(log: &Map<String, Value>, action: Option<&str>) -> String {
    let detail = log.get("detail").and_then(Value::as_object);
    let parts: Vec<String> = [resource_type(detail), action.map(str::to_string)]
        .into_iter()
        .flatten()
        .map(|p| p.to_ascii_lowercase())
        .collect();
    if parts.is_empty() {
        return "kestra.unknown".into();
    }
    format!("kestra.{}", parts.join("."))
}

fn log_attributes(
    log: &Map<String, Value>,
    id: Option<&str>,
    action: Option<&str>,
) -> Vec<KeyValue> {
    let detail = log.get("detail").and_then(Value::as_object);
    let from_detail = |k: &str| detail.and_then(|d| scalar(d.get(k)));
    let mut attrs = Vec::new();
    let mut push = |k: &str, v: Option<String>| {
        if let Some(v) = v {
            attrs.push(attribute(k, string(v)));
        }
    };
    push("event.id", id.map(str::to_string));
    push("kestra.action", action.map(str::to_string));
    push("enduser.id", scalar(log.get("userId")));
    push("client.address", scalar(log.get("ipAddress")));
    push("kestra.tenant.id", scalar(log.get("tenantId")));
    push("kestra.resource.type", resource_type(detail));
    push("kestra.resource.id", from_detail("id"));
    push("kestra.namespace", from_detail("namespace"));
    push("kestra.flow.id", from_detail("flowId"));
    push("kestra.execution.id", from_detail("executionId"));
    push("kestra.impersonated_by", scalar(log.get("impersonatedBy")));
    if id.is_none() {
        attrs.push(attribute(ID_MISSING_ATTRIBUTE, boolean(true)));
    }
    if let Some(deleted) = log.get("deleted").and_then(Value::as_bool) {
        attrs.push(attribute("kestra.deleted", boolean(deleted)));
    }
    attrs
}

/// The `ApiUser` folded in: `user.id`, `user.name` (username), `user.email`, `user.full_name`,
/// `kestra.user.type`, `kestra.user.super_admin`.
fn user_attributes(user: &Map<String, Value>) -> Vec<KeyValue> {
    let mut attrs = Vec::new();
    let mut push = |k: &str, v: Option<String>| {
        if let Some(v) = v {
            attrs.push(attribute(k, string(v)));
        }
    };
    push("user.id", scalar(user.get("id")));
    push("user.name", scalar(user.get("username")));
    push("user.email", scalar(user.get("email")));
    let full_name = scalar(user.get("name")).or_else(|| {
        let parts: Vec<String> = ["firstName", "lastName"]
            .iter()
            .filter_map(|k| scalar(user.get(*k)))
            .collect();
        (!parts.is_empty()).then(|| parts.join(" "))
    });
    push("user.full_name", full_name);
    push("kestra.user.type", scalar(user.get("type")));
    if let Some(admin) = user.get("superAdmin").and_then(Value::as_bool) {
        attrs.push(attribute("kestra.user.super_admin", boolean(admin)));
    }
    attrs
}
