//! The message → record mapping, as snapshots of what an exporter would see.

use super::fake::message;
use crate::convert::record;
use chrono::{DateTime, Utc};
use otelcol_core::pdata::{ResourceLogs, ScopeLogs};
use otelcol_pulsar::ReceivedMessage;
use serde_json::Value;

fn observed() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-05-04T10:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

fn mapped(msg: &ReceivedMessage) -> String {
    let rl = ResourceLogs {
        scope_logs: vec![ScopeLogs {
            log_records: vec![record(msg, observed())],
            ..Default::default()
        }],
        ..Default::default()
    };
    let mut out = Vec::new();
    otelcol_core::otlp_json::encode_logs_request(&[rl], &mut out);
    let doc: Value = serde_json::from_slice(&out).unwrap();
    serde_json::to_string_pretty(&doc["resourceLogs"][0]["scopeLogs"][0]["logRecords"][0]).unwrap()
}

#[test]
fn control_plane_db_created_event_is_info_with_the_user_and_event_time() {
    let mut m = message(
        1,
        r#"{"typename": "AuditEvent", "eventType": "DB_CREATED", "actionResult": "SUCCESS",
 "userID": "7e1f6f0a-2b5d-4a8e-9c0e-1d2f3a4b5c6d", "eventTime": "2026-05-04T09:12:44.531Z",
 "event": {"orgId": "d04d1eb2-6a52-483e-ab16-faaad3d077a9", "databaseName": "orders", "region": "us-east-2"}}"#,
    );
    m.key = Some("org-d04d1eb2".into());
    m.properties = vec![("source".into(), "astra-control-plane".into())];
    insta::assert_snapshot!(mapped(&m));
}

#[test]
fn control_plane_failure_is_a_warning() {
    let m = message(
        2,
        r#"{"typename":"AuditEvent","eventType":"DELETE_ROLE","actionResult":"FAILURE","userID":"u-1","eventTime":"2026-05-04T09:13:00Z","event":null}"#,
    );
    insta::assert_snapshot!(mapped(&m));
}

#[test]
fn data_plane_cql_select_maps_to_db_semantic_attributes() {
    let mut m = message(
        3,
        r#"{"user":"app_user","host":"/10.1.2.3","source":"/203.0.113.9:52314","port":9042,"timestamp":1777885964123,"type":"CQL_SELECT","category":"QUERY","keyspace":"orders","scope":"line_items","operation":"SELECT * FROM orders.line_items WHERE id = ?","batch_id":"9b1d","consistency":"LOCAL_QUORUM"}"#,
    );
    m.id.partition = 2;
    m.event_time_ms = Some(1_777_885_964_000);
    m.redelivery_count = 1;
    insta::assert_snapshot!(mapped(&m));
}

#[test]
fn data_plane_login_error_is_a_warning() {
    let m = message(
        4,
        r#"{"user":"intruder","source":"/198.51.100.4","timestamp":"1777885965000","type":"LOGIN_ERROR","category":"AUTH","operation":"Authentication failed"}"#,
    );
    insta::assert_snapshot!(mapped(&m));
}

#[test]
fn a_payload_that_is_not_json_is_delivered_as_text_and_flagged() {
    let m = message(5, "user=bob action=login result=ok");
    insta::assert_snapshot!(mapped(&m));
}

#[test]
fn a_message_without_any_time_is_stamped_with_the_observed_time() {
    let mut m = message(6, r#"{"eventType":"CREATE_USER","eventTime":"yesterday"}"#);
    m.publish_time_ms = 0;
    let out = mapped(&m);
    assert!(out.contains("event.time_missing"), "{out}");
    assert!(
        out.contains("\"timeUnixNano\": \"1777888800000000000\""),
        "{out}"
    );
}
