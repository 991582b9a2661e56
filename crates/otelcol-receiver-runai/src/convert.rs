//! `AuditLog` → `LogRecord`, pure: the event time as timestamp, the record itself as body,
//! severity from `result` (`Failed` is WARN, ERROR for a 5xx), and semantic attributes.

use crate::model::AuditLog;
use otelcol_core::pdata::{KeyValue, LogRecord};
use otelcol_pull::json::{attribute, int, string, to_any_value};
use otelcol_pull::record::stamp;
use otelcol_pull::time::{parse_rfc3339, Timestamp};
use otelcol_pull::PulledRecord;

pub const SEVERITY_INFO: i32 = 9;
pub const SEVERITY_WARN: i32 = 13;
pub const SEVERITY_ERROR: i32 = 17;

pub fn record(log: &AuditLog, observed: Timestamp) -> PulledRecord {
    let time = log.timestamp.as_deref().and_then(parse_rfc3339);
    let (severity_number, severity_text) = severity(log);
    let name = event_name(log);
    let mut attributes = attributes(log);
    if !name.is_empty() {
        attributes.insert(0, attribute("event.name", string(name.clone())));
    }
    let mut record = LogRecord {
        severity_number,
        severity_text: severity_text.into(),
        body: Some(to_any_value(&log.raw)),
        event_name: name,
        attributes,
        ..Default::default()
    };
    stamp(&mut record, time, observed);
    PulledRecord {
        id: log.id.clone(),
        time,
        record,
    }
}

fn severity(log: &AuditLog) -> (i32, &'static str) {
    let failed = log
        .result
        .as_deref()
        .is_some_and(|r| r.eq_ignore_ascii_case("failed"));
    match (failed, log.http_status_code) {
        (true, Some(500..=599)) => (SEVERITY_ERROR, "ERROR"),
        (true, _) => (SEVERITY_WARN, "WARN"),
        (false, _) => (SEVERITY_INFO, "INFO"),
    }
}

/// `runai.<entity_type>.<action>`, e.g. `runai.project.update` (missing parts left out).
fn event_name(log: &AuditLog) -> String {
    let parts: Vec<String> = [&log.entity_type, &log.action]
        .iter()
        .filter_map(|p| p.as_deref())
        .map(|p| p.to_ascii_lowercase().replace(' ', "_"))
        .collect();
    if parts.is_empty() {
        return String::new();
    }
    format!("runai.{}", parts.join("."))
}

fn attributes(log: &AuditLog) -> Vec<KeyValue> {
    let mut attrs = Vec::new();
    let mut push = |k: &str, v: &Option<String>| {
        if let Some(v) = v {
            attrs.push(attribute(k, string(v.clone())));
        }
    };
    push("event.id", &log.id);
    push("enduser.id", &log.subject);
    push("runai.subject_type", &log.subject_type);
    push("client.address", &log.source_ip);
    push("runai.action", &log.action);
    push("runai.result", &log.result);
    push("http.request.method", &log.http_method);
    let url_key = match &log.url {
        Some(u) if u.contains("://") => "url.full",
        _ => "url.path",
    };
    push(url_key, &log.url);
    push("runai.entity.type", &log.entity_type);
    push("runai.entity.name", &log.entity_name);
    push("runai.entity.id", &log.entity_id);
    push("runai.cluster.name", &log.cluster_name);
    push("runai.cluster.id", &log.cluster_id);
    push("runai.tenant.id", &log.tenant_id);
    push("runai.request.id", &log.request_id);
    if let Some(code) = log.http_status_code {
        attrs.push(attribute("http.response.status_code", int(code)));
    }
    let user_agent = log.metadata.as_ref().and_then(|m| {
        ["user_agent", "userAgent", "user-agent"]
            .iter()
            .find_map(|k| m.get(*k).and_then(|v| v.as_str()))
    });
    if let Some(ua) = user_agent {
        attrs.push(attribute("user_agent.original", string(ua)));
    }
    attrs
}
