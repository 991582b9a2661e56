//! The `AuditLog` → record mapping, as snapshots of what an exporter would see.

use crate::convert::{classic_record, record};
use crate::model::{AuditLog, AuditLogPage, ClassicAuditLogRecord};
use chrono::{DateTime, Utc};
use otelcol_core::pdata::{ResourceLogs, ScopeLogs};
use otelcol_pull::PulledRecord;
use serde_json::Value;

fn observed() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-05-04T10:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

/// The record as the OTLP/JSON a `file` exporter writes, with the dedupe id and event time.
fn mapped(json: Value) -> String {
    shown(record(&AuditLog::from_value(&json), observed()))
}

/// A classic `AuditLogRecord`, shown the same way.
fn mapped_classic(json: Value) -> String {
    shown(classic_record(
        &ClassicAuditLogRecord::from_value(&json),
        observed(),
    ))
}

fn shown(pulled: PulledRecord) -> String {
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

#[test]
fn classic_update_by_a_user_maps_to_the_same_attributes() {
    insta::assert_snapshot!(mapped_classic(serde_json::json!({
        "id": 3, "tenantId": 1, "happenedAt": "2022-07-07T09:45:32.069Z", "action": "Update",
        "version": "1.0", "entityId": "1", "entityType": "Project", "entityName": "team-a",
        "sourceType": "User", "sourceId": "a79500fb-c452-471f-adc0-b65c972bd5c2",
        "sourceName": "test@run.ai",
        "clusterUuid": "d3d1bfdf-67c4-41fa-b065-858242731616",
        "context": {"user_agent": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) Chrome/103.0.0.0 Safari/537.36",
                    "ip_address": "10.244.0.0"}
    })));
}

#[test]
fn classic_failure_with_numbers_as_strings_is_a_warning_with_its_status() {
    insta::assert_snapshot!(mapped_classic(serde_json::json!({
        "id": "17", "tenantId": "1", "happenedAt": "2022-07-07T10:00:00Z", "action": "Delete",
        "version": 1, "entityId": 51, "entityType": "Node Pool", "entityName": "a100",
        "sourceType": "Application", "sourceId": 9, "sourceName": "ci-bot",
        "error": "{\"status\":\"404\",\"description\":\"not found\",\"errorType\":\"BackendError\"}",
        "context": {"ip_address": "10.0.0.9"}, "body": {"name": "a100"}
    })));
}

#[test]
fn classic_server_failure_is_an_error_and_wrong_types_never_panic() {
    let r = classic_record(
        &ClassicAuditLogRecord::from_value(&serde_json::json!({
            "id": 5, "happenedAt": 12, "action": ["x"], "error": {"status": 503},
            "context": "not an object"
        })),
        observed(),
    );
    assert_eq!(r.record.severity_text, "ERROR");
    assert_eq!(r.id.as_deref(), Some("5"));
    assert_eq!(r.time, None, "a numeric time is not a time");
    let odd = classic_record(
        &ClassicAuditLogRecord::from_value(&Value::from(7)),
        observed(),
    );
    assert_eq!((odd.id, odd.record.severity_text.as_str()), (None, "INFO"));
    let not_json_error = ClassicAuditLogRecord::from_value(&serde_json::json!({"error": "boom"}));
    assert_eq!(not_json_error.result.as_deref(), Some("Failed"));
    let explicit = ClassicAuditLogRecord::from_value(
        &serde_json::json!({"error": "{\"status\":400}", "success": "true"}),
    );
    assert_eq!(explicit.result.as_deref(), Some("Succeeded"));
}

#[test]
fn a_classic_page_is_a_bare_array() {
    let page = ClassicAuditLogRecord::parse_page(br#"[{"id": 1}, {"id": "2"}]"#).unwrap();
    assert_eq!(
        page.iter()
            .map(|r| r.id.clone().unwrap())
            .collect::<Vec<_>>(),
        ["1", "2"]
    );
    assert!(ClassicAuditLogRecord::parse_page(b"null")
        .unwrap()
        .is_empty());
    assert!(ClassicAuditLogRecord::parse_page(br#"{"audit_logs": []}"#)
        .unwrap_err()
        .contains("not a JSON array"));
    assert!(ClassicAuditLogRecord::parse_page(b"<html>")
        .unwrap_err()
        .contains("not JSON"));
}
