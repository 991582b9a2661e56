//! v1 vendor JSON → LogRecord, one snapshot per event family (OTLP/JSON as exporters write it).

use crate::v1::convert::record;
use crate::v1::model::{AuditEvent, AuditEventList};
use otelcol_core::otlp_json::encode_logs_request;
use otelcol_core::pdata::{LogRecord, ResourceLogs, ScopeLogs};
use otelcol_pull::time::parse_rfc3339;
use serde_json::{json, Value};

/// The record as OTLP/JSON, pretty, with the dedupe id and parsed time on top.
pub(super) fn render(id: Option<String>, time: Option<String>, r: LogRecord) -> String {
    let rl = ResourceLogs {
        scope_logs: vec![ScopeLogs {
            log_records: vec![r],
            ..Default::default()
        }],
        ..Default::default()
    };
    let mut out = Vec::new();
    encode_logs_request(&[rl], &mut out);
    let doc: Value = serde_json::from_slice(&out).unwrap();
    let record = &doc["resourceLogs"][0]["scopeLogs"][0]["logRecords"][0];
    format!(
        "dedupe id: {id:?}\nevent time: {time:?}\n{}",
        serde_json::to_string_pretty(record).unwrap()
    )
}

fn snapshot(item: Value) -> String {
    let observed = parse_rfc3339("2025-07-03T10:20:00Z").unwrap();
    let pulled = record(&AuditEvent::from_value(item), observed);
    render(
        pulled.id,
        pulled.time.map(|t| t.to_rfc3339()),
        pulled.record,
    )
}

#[test]
fn cluster_event_by_a_user() {
    insta::assert_snapshot!(snapshot(json!({
        "id": "824e7a47-b8e3-430e-8a7d-e9db83781e6e",
        "eventType": "clusterDeleted",
        "initiatedBy": {"id": "google-oauth2|1001", "name": "Jane Doe", "email": "jane@example.com"},
        "time": "2025-07-03T10:15:04.123456Z",
        "event": {"cluster": {"id": "1e6e37e0-7a06-4fde-8eb0-019ae8b1cf4f", "name": "prod-eu-1",
                  "providerType": "gke", "region": "europe-west1",
                  "cloudCredentialsIDs": "b72c816f-5b46-4aa2-b832-a834e0a75e30"}},
        "labels": {"clusterId": "1e6e37e0-7a06-4fde-8eb0-019ae8b1cf4f"}
    })));
}

#[test]
fn node_event_by_the_autoscaler_without_email() {
    insta::assert_snapshot!(snapshot(json!({
        "id": "0b7f7d1c-52a8-4b8e-9a59-4f1e8f3f7a10",
        "eventType": "nodeAdded",
        "initiatedBy": {"id": "internal|autoscaler", "name": "Autoscaler"},
        "time": "2025-07-03T10:16:00Z",
        "event": {"node": {"id": "n-1", "instanceType": "m5.large", "spot": false}},
        "labels": {"clusterId": "1e6e37e0-7a06-4fde-8eb0-019ae8b1cf4f"}
    })));
}

#[test]
fn failed_node_addition_is_an_error() {
    insta::assert_snapshot!(snapshot(json!({
        "id": "3c3d1f7a-8e2b-4b6a-9c0d-1e2f3a4b5c6d",
        "eventType": "addNodeFailed",
        "initiatedBy": {"id": "internal|autoscaler", "name": "Autoscaler"},
        "time": "2025-07-03T10:16:30.5Z",
        "event": {"reason": "InsufficientInstanceCapacity", "attempts": 3},
        "labels": {"clusterId": "1e6e37e0-7a06-4fde-8eb0-019ae8b1cf4f"}
    })));
}

#[test]
fn policy_change_with_nested_settings() {
    insta::assert_snapshot!(snapshot(json!({
        "id": "6a1e2d3c-4b5a-4697-8887-9a0b1c2d3e4f",
        "eventType": "policiesUpdated",
        "initiatedBy": {"id": "google-oauth2|1002", "name": "Sam Roe", "email": "sam@example.com"},
        "time": "2025-07-03T10:17:00.000001Z",
        "event": {"policy": {"enabled": true, "unschedulablePods": {"headroom": {"cpuPercentage": 10, "memoryPercentage": 12.5}}, "nodeDownscaler": null}},
        "labels": {"clusterId": "1e6e37e0-7a06-4fde-8eb0-019ae8b1cf4f"}
    })));
}

#[test]
fn spot_interruption_with_an_offset_time() {
    insta::assert_snapshot!(snapshot(json!({
        "id": "9f8e7d6c-5b4a-4392-8180-7f6e5d4c3b2a",
        "eventType": "nodesInterrupted",
        "initiatedBy": {"id": "csp|aws", "name": "AWS"},
        "time": "2025-07-03T12:18:00.25+02:00",
        "event": {"nodes": [{"id": "n-7", "spot": true}, {"id": "n-8", "spot": true}]},
        "labels": {"clusterId": "1e6e37e0-7a06-4fde-8eb0-019ae8b1cf4f"}
    })));
}

#[test]
fn pod_eviction_without_time_uses_observed_time_and_is_flagged() {
    insta::assert_snapshot!(snapshot(json!({
        "id": "aa11bb22-cc33-4d44-8e55-ff6677889900",
        "eventType": "podEvicted",
        "initiatedBy": {"id": "internal|evictor", "name": "Evictor"},
        "event": {"pod": {"name": "web-5d9c", "namespace": "default"}},
        "labels": {"clusterId": "1e6e37e0-7a06-4fde-8eb0-019ae8b1cf4f"}
    })));
}

#[test]
fn instance_event_with_unparseable_time_and_no_payload() {
    insta::assert_snapshot!(snapshot(json!({
        "id": 42,
        "eventType": "instanceTypeChanged",
        "time": "yesterday"
    })));
}

#[test]
fn a_page_without_items_is_empty_and_odd_shapes_are_errors() {
    let empty = AuditEventList::parse(b"{}").unwrap();
    assert!(empty.items.is_empty() && empty.next_cursor.is_none());
    let last = AuditEventList::parse(br#"{"items":[],"nextCursor":""}"#).unwrap();
    assert!(last.next_cursor.is_none());
    for (body, want) in [
        (&b"<html>"[..], "not JSON"),
        (b"[]", "not a JSON object"),
        (br#"{"items":"x"}"#, "items is not a list"),
        (
            br#"{"items":[],"nextCursor":5}"#,
            "nextCursor is not a string",
        ),
    ] {
        let e = AuditEventList::parse(body).unwrap_err();
        assert!(e.contains(want), "{e}");
        assert!(!e.contains("html"), "the body is not echoed: {e}");
    }
}
