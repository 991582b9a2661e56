//! Run:ai audit events → `LogRecord`, pure, one mapping for both API shapes: each shape is
//! first read into [`Fields`]; then the event time is the timestamp, the record itself the
//! body, severity comes from the result (`Failed` is WARN, ERROR for a 5xx), and attributes
//! use semantic names.

use crate::model::{AuditLog, ClassicAuditLogRecord};
use otelcol_core::pdata::{KeyValue, LogRecord};
use otelcol_pull::json::{attribute, int, string, to_any_value};
use otelcol_pull::record::stamp;
use otelcol_pull::time::{parse_rfc3339, Timestamp};
use otelcol_pull::PulledRecord;
use serde_json::Value;

pub const SEVERITY_INFO: i32 = 9;
pub const SEVERITY_WARN: i32 = 13;
pub const SEVERITY_ERROR: i32 = 17;

/// An event of either API in common terms (borrowed from the parsed record).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Fields<'a> {
    pub raw: Option<&'a Value>,
    pub id: Option<&'a str>,
    pub timestamp: Option<&'a str>,
    pub tenant_id: Option<&'a str>,
    pub subject: Option<&'a str>,
    pub subject_type: Option<&'a str>,
    pub subject_id: Option<&'a str>,
    pub source_ip: Option<&'a str>,
    pub user_agent: Option<&'a str>,
    pub action: Option<&'a str>,
    pub result: Option<&'a str>,
    pub http_method: Option<&'a str>,
    pub http_status_code: Option<i64>,
    pub error_type: Option<&'a str>,
    pub url: Option<&'a str>,
    pub entity_type: Option<&'a str>,
    pub entity_name: Option<&'a str>,
    pub entity_id: Option<&'a str>,
    pub cluster_name: Option<&'a str>,
    pub cluster_id: Option<&'a str>,
    pub request_id: Option<&'a str>,
}

impl<'a> Fields<'a> {
    /// A `GET /api/v1/audit/log` record.
    pub fn current(log: &'a AuditLog) -> Self {
        let user_agent = log.metadata.as_ref().and_then(|m| {
            ["user_agent", "userAgent", "user-agent"]
                .iter()
                .find_map(|k| m.get(*k).and_then(|v| v.as_str()))
        });
        Fields {
            raw: Some(&log.raw),
            id: log.id.as_deref(),
            timestamp: log.timestamp.as_deref(),
            tenant_id: log.tenant_id.as_deref(),
            subject: log.subject.as_deref(),
            subject_type: log.subject_type.as_deref(),
            subject_id: None,
            source_ip: log.source_ip.as_deref(),
            user_agent,
            action: log.action.as_deref(),
            result: log.result.as_deref(),
            http_method: log.http_method.as_deref(),
            http_status_code: log.http_status_code,
            error_type: None,
            url: log.url.as_deref(),
            entity_type: log.entity_type.as_deref(),
            entity_name: log.entity_name.as_deref(),
            entity_id: log.entity_id.as_deref(),
            cluster_name: log.cluster_name.as_deref(),
            cluster_id: log.cluster_id.as_deref(),
            request_id: log.request_id.as_deref(),
        }
    }

    /// A classic `GET /v1/k8s/audit` record.
    pub fn classic(log: &'a ClassicAuditLogRecord) -> Self {
        Fields {
            raw: Some(&log.raw),
            id: log.id.as_deref(),
            timestamp: log.happened_at.as_deref(),
            tenant_id: log.tenant_id.as_deref(),
            subject: log.source_name.as_deref(),
            subject_type: log.source_type.as_deref(),
            subject_id: log.source_id.as_deref(),
            source_ip: log.ip_address.as_deref(),
            user_agent: log.user_agent.as_deref(),
            action: log.action.as_deref(),
            result: log.result.as_deref(),
            http_method: None,
            http_status_code: log.http_status_code,
            error_type: log.error_type.as_deref(),
            url: None,
            entity_type: log.entity_type.as_deref(),
            entity_name: log.entity_name.as_deref(),
            entity_id: log.entity_id.as_deref(),
            cluster_name: None,
            cluster_id: log.cluster_uuid.as_deref(),
            request_id: None,
        }
    }
}

/// Maps a `GET /api/v1/audit/log` record.
pub fn record(log: &AuditLog, observed: Timestamp) -> PulledRecord {
    map(&Fields::current(log), observed)
}

/// Maps a classic `GET /v1/k8s/audit` record into the same attributes as [`record`].
pub fn classic_record(log: &ClassicAuditLogRecord, observed: Timestamp) -> PulledRecord {
    map(&Fields::classic(log), observed)
}

pub(crate) fn map(f: &Fields<'_>, observed: Timestamp) -> PulledRecord {
    let time = f.timestamp.and_then(parse_rfc3339);
    let (severity_number, severity_text) = severity(f);
    let name = event_name(f);
    let mut attributes = attributes(f);
    if !name.is_empty() {
        attributes.insert(0, attribute("event.name", string(name.clone())));
    }
    let mut record = LogRecord {
        severity_number,
        severity_text: severity_text.into(),
        body: f.raw.map(to_any_value),
        event_name: name,
        attributes,
        ..Default::default()
    };
    stamp(&mut record, time, observed);
    PulledRecord {
        id: f.id.map(str::to_string),
        time,
        record,
    }
}

fn severity(f: &Fields<'_>) -> (i32, &'static str) {
    let failed = f.result.is_some_and(|r| r.eq_ignore_ascii_case("failed"));
    match (failed, f.http_status_code) {
        (true, Some(500..=599)) => (SEVERITY_ERROR, "ERROR"),
        (true, _) => (SEVERITY_WARN, "WARN"),
        (false, _) => (SEVERITY_INFO, "INFO"),
    }
}

/// `runai.<entity_type>.<action>`, e.g. `runai.project.update` (missing parts left out).
fn event_name(f: &Fields<'_>) -> String {
    let parts: Vec<String> = [f.entity_type, f.action]
        .iter()
        .filter_map(|p| *p)
        .map(|p| p.to_ascii_lowercase().replace(' ', "_"))
        .collect();
    if parts.is_empty() {
        return String::new();
    }
    format!("runai.{}", parts.join("."))
}

fn attributes(f: &Fields<'_>) -> Vec<KeyValue> {
    let mut attrs = Vec::new();
    let mut push = |k: &str, v: Option<&str>| {
        if let Some(v) = v {
            attrs.push(attribute(k, string(v)));
        }
    };
    push("event.id", f.id);
    push("enduser.id", f.subject);
    push("runai.subject_type", f.subject_type);
    push("runai.subject.id", f.subject_id);
    push("client.address", f.source_ip);
    push("runai.action", f.action);
    push("runai.result", f.result);
    push("http.request.method", f.http_method);
    let url_key = match f.url {
        Some(u) if u.contains("://") => "url.full",
        _ => "url.path",
    };
    push(url_key, f.url);
    push("runai.entity.type", f.entity_type);
    push("runai.entity.name", f.entity_name);
    push("runai.entity.id", f.entity_id);
    push("runai.cluster.name", f.cluster_name);
    push("runai.cluster.id", f.cluster_id);
    push("runai.tenant.id", f.tenant_id);
    push("runai.request.id", f.request_id);
    push("error.type", f.error_type);
    if let Some(code) = f.http_status_code {
        attrs.push(attribute("http.response.status_code", int(code)));
    }
    if let Some(ua) = f.user_agent {
        attrs.push(attribute("user_agent.original", string(ua)));
    }
    attrs
}
