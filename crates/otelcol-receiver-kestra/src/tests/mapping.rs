//! The search item → record mapping, as snapshots of what an exporter would see.

use crate::mapping::map_search_item_at;
use chrono::{DateTime, Utc};
use otelcol_core::pdata::{ResourceLogs, ScopeLogs};
use serde_json::{json, Value};

fn observed() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-05-04T10:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

/// The record as the OTLP/JSON a `file` exporter writes, with the dedupe id and event time.
fn mapped(item: Value) -> String {
    let pulled = map_search_item_at(&item, observed()).unwrap();
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

/// The reference's sample item (§B.4).
fn sample() -> Value {
    json!({"auditLog": {"id": "5yVbWq2mXn4hJ3Kc1tR8aB", "tenantId": "main", "type": "UPDATE",
       "detail": {"type": "FLOW", "resourceType": "FLOW", "permission": "FLOW", "id": "company.team_hello_world",
                  "namespace": "company.team", "flowId": "hello_world", "revision": "7"},
       "date": "2026-05-04T09:12:44.531Z", "userId": "2kPx9e7Q1cJt6Yb0Lm3Sfa", "ipAddress": "10.12.0.34",
       "impersonatedBy": null, "appliedPatch": [{"op": "replace", "path": "/description", "value": "v7"}], "revertPatch": []},
      "user": {"id": "2kPx9e7Q1cJt6Yb0Lm3Sfa", "username": "jane@acme.io", "email": "jane@acme.io", "type": "STANDARD", "superAdmin": false}})
}

#[test]
fn flow_update_from_the_reference_sample_is_info_with_the_user_folded_in() {
    insta::assert_snapshot!(mapped(sample()));
}

#[test]
fn failed_login_is_a_warning_with_the_client_address() {
    insta::assert_snapshot!(mapped(json!({"auditLog": {
        "id": "lf1", "tenantId": "main", "type": "LOGIN_FAILURE", "detail": {"type": "USER"},
        "date": "2026-05-04T09:13:00.000+02:00", "userId": "anonymous", "ipAddress": "203.0.113.9"},
      "user": {"id": "anonymous", "username": "anonymous", "email": "", "type": "STANDARD",
               "firstName": "Ann", "lastName": "Onymous"}})));
}

#[test]
fn bare_legacy_execution_log_impersonated_with_deleted_flag() {
    insta::assert_snapshot!(mapped(json!({
        "id": "ex9", "type": "CREATE", "deleted": false, "impersonatedBy": "admin",
        "detail": {"type": "EXECUTION", "cls": "io.kestra.core.models.executions.Execution",
                   "id": "3xq", "namespace": "company.team", "flowId": "etl", "executionId": "3xq"},
        "date": "2026-05-04T09:14:00.5", "userId": "u1"})));
}

#[test]
fn item_without_date_or_id_is_kept_with_observed_time_and_flagged() {
    insta::assert_snapshot!(mapped(json!({"auditLog": {
        "type": "ACCOUNT_LOCKED", "detail": {}, "date": 1746349964, "userId": "u2"}, "user": null})));
}

#[test]
fn not_an_object_is_an_error_naming_the_problem() {
    let e = map_search_item_at(&json!([1]), observed()).unwrap_err();
    assert!(e.contains("array instead of an object"), "{e}");
    let e = map_search_item_at(&json!({"auditLog": "x", "user": {"id": "u7"}}), observed())
        .unwrap_err();
    assert!(
        e.contains("user u7") && e.contains("`auditLog` is a JSON string"),
        "{e}"
    );
}

#[test]
fn the_public_entry_point_stamps_the_current_time_when_date_is_missing() {
    let before = Utc::now();
    let r = crate::map_search_item(&json!({"id": "x", "type": "READ"})).unwrap();
    assert!(r.time.is_none());
    assert!(r.record.time_unix_nano >= before.timestamp_nanos_opt().unwrap() as u64);
    assert_eq!(r.id.as_deref(), Some("x"));
}
