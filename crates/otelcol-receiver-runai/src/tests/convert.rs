//! The `AuditLog` → record mapping, as snapshots of what an exporter would see.

use crate::convert::record;
use crate::model::{AuditLog, AuditLogPage};
use chrono::{DateTime, Utc};
use otelcol_core::pdata::{ResourceLogs, ScopeLogs};
use serde_json::Value;

fn observed() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-05-04T10:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

/// The record as the OTLP/JSON a `file` exporter writes, with the dedupe id and event time.
fn mapped(json: Value) -> String {
    let pulled = record(&AuditLog::from_value(&json), observed());
    let rl = ResourceLogs {
        scope_logs: vec![ScopeLogs {
            log_records: vec![pulled.record],
            ..Default::default()
        }],
        ..Default::default()
    };
    let mut out = Vec::new();
    otelcol_core::otlp_json::encode_logs_request(&[rl], &mut out);
    let doc: Value = serde_json::from_slice(&out).unwrap();
    let r = &doc["resourceLogs"][0]["scopeLogs"][0]["logRecords"][0];
    format!(
        "dedupe id: {:?}\nevent time: {:?}\n{}",
        pulled.id,
        pulled.time.map(|t| t.to_rfc3339()),
        serde_json::to_string_pretty(r).unwrap()
    )
}

#[test]
fn successful_project_update_by_an_app_is_info_with_semantic_attributes() {
    insta::assert_snapshot!(mapped(serde_json::json!({
        "id": "3f0c9a52-8d3e-4c59-9a51-0b8a9a0e2f11", "timestamp": "2026-05-04T09:12:44.531Z",
        "tenant_id": "1001", "subject": "ci-bot", "subject_type": "App", "source_ip": "34.88.12.7",
        "action": "update", "http_method": "PUT", "url": "/api/v1/org-unit/projects/4501",
        "entity_type": "project", "entity_name": "team-a", "entity_id": "4501",
        "result": "Succeeded", "http_status_code": 200, "cluster_name": "gpu-prod",
        "cluster_id": "d3d1bfdf-67c4-41fa-b065-858242731616",
        "request_id": "bb0c4742-e52f-4d5e-bfee-2c4ff57c339c", "metadata": {}
    })));
}

#[test]
fn failed_deletion_is_a_warning() {
    insta::assert_snapshot!(mapped(serde_json::json!({
        "id": "a1", "timestamp": "2026-05-04T09:13:00Z", "tenant_id": 12345,
        "subject": "jane@example.com", "subject_type": "User", "source_ip": "10.0.0.7",
        "action": "delete", "http_method": "DELETE", "url": "https://myorg.run.ai/api/v1/org-unit/departments/7",
        "entity_type": "department", "entity_name": "research", "entity_id": 7,
        "result": "Failed", "http_status_code": "403",
        "metadata": {"user_agent": "Mozilla/5.0 (X11; Linux x86_64)"}
    })));
}

#[test]
fn failed_action_with_a_server_error_is_an_error() {
    insta::assert_snapshot!(mapped(serde_json::json!({
        "id": "a2", "timestamp": "2026-05-04T11:13:00+02:00", "subject": "jane@example.com",
        "action": "sign-in", "entity_type": "Login", "result": "Failed", "http_status_code": 502
    })));
}

#[test]
fn record_without_time_is_stamped_with_the_observed_time_and_flagged() {
    insta::assert_snapshot!(mapped(serde_json::json!({
        "id": "a3", "timestamp": "yesterday", "subject": "x", "action": "create", "result": "Succeeded"
    })));
}

#[test]
fn a_page_that_is_not_json_or_has_a_wrong_shape_is_refused() {
    assert!(AuditLogPage::parse(b"<html>")
        .unwrap_err()
        .contains("not JSON"));
    assert!(AuditLogPage::parse(br#"{"audit_logs": {}}"#)
        .unwrap_err()
        .contains("audit_logs is not a list"));
    assert!(AuditLogPage::parse(br#"{"total": "x"}"#)
        .unwrap_err()
        .contains("total is not a number"));
    let empty = AuditLogPage::parse(b"{}").unwrap();
    assert!(empty.audit_logs.is_empty() && empty.total.is_none());
}
