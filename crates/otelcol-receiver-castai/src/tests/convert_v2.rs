//! v2 vendor JSON → LogRecord, one snapshot per event family.

use super::convert_v1::render;
use crate::v2::convert::record;
use crate::v2::model::{Event, EventList};
use otelcol_pull::time::parse_rfc3339;
use serde_json::{json, Value};

fn snapshot(event: Value) -> String {
    let observed = parse_rfc3339("2025-07-03T10:20:00Z").unwrap();
    let pulled = record(&Event::from_value(&event), observed);
    render(
        pulled.id,
        pulled.time.map(|t| t.to_rfc3339()),
        pulled.record,
    )
}

#[test]
fn autoscaler_rebalancing_by_the_system_with_correlation() {
    insta::assert_snapshot!(snapshot(json!({
        "eventId": "5b0e7f3a-2c1d-4e8f-9a6b-7c5d4e3f2a1b",
        "requestId": "req-1",
        "correlationId": "0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b",
        "tenantId": "5d9a3b8e-6c1f-4e0a-9b7d-2f4c8a1e3b60",
        "occurredAt": "2025-07-03T10:15:04.123456789Z",
        "ingestedAt": "2025-07-03T10:15:05.5Z",
        "sourceService": "autoscaler",
        "sourceVersion": "v1.42.0",
        "eventDomain": "autoscaler",
        "eventResource": "rebalancing",
        "eventAction": "initiated",
        "eventSeverity": 9,
        "eventSeverityText": "info",
        "description": "Rebalancing plan 17 initiated",
        "actor": {"type": "internal", "id": "internal|autoscaler", "displayName": "Autoscaler"},
        "resource": {"type": "rebalancing_plan", "id": "17", "displayName": "plan-17"},
        "labels": {"cluster": "1e6e37e0-7a06-4fde-8eb0-019ae8b1cf4f"},
        "clusterId": "1e6e37e0-7a06-4fde-8eb0-019ae8b1cf4f",
        "correlatedEventCount": 4
    })));
}

#[test]
fn workload_change_by_a_user_with_base64_json_body() {
    insta::assert_snapshot!(snapshot(json!({
        "eventId": "7c6b5a49-3827-4615-8a4b-3c2d1e0f9a8b",
        "tenantId": "5d9a3b8e-6c1f-4e0a-9b7d-2f4c8a1e3b60",
        "occurredAt": "2025-07-03T12:16:00+02:00",
        "ingestedAt": "2025-07-03T10:16:01Z",
        "eventDomain": "workload",
        "eventResource": "recommended_requests",
        "eventAction": "updated",
        "eventSeverity": 13,
        "eventSeverityText": "warn",
        "description": "Requests of deployment web changed",
        "actor": {"type": "user", "id": "google-oauth2|1001", "displayName": "Jane Doe", "email": "jane@example.com"},
        "resource": {"type": "Deployment", "id": "", "displayName": "web"},
        "body": "eyJjcHUiOiI1MDBtIiwibWVtb3J5IjoiMUdpIn0="
    })));
}

#[test]
fn node_failure_with_text_severity_only_and_plain_text_body() {
    insta::assert_snapshot!(snapshot(json!({
        "eventId": "1a2b3c4d-5e6f-4789-8abc-def012345678",
        "tenantId": "t-1",
        "occurredAt": "2025-07-03T10:17:00Z",
        "eventDomain": "autoscaler",
        "eventResource": "node",
        "eventAction": "failed",
        "eventSeverityText": "error",
        "actor": {"type": "csp", "id": "csp|aws", "displayName": "AWS"},
        "body": "not base64 and not json"
    })));
}

#[test]
fn event_without_occurred_at_is_stamped_with_observed_time_and_flagged() {
    insta::assert_snapshot!(snapshot(json!({
        "eventId": "ffeeddcc-bbaa-4988-8776-655443322110",
        "tenantId": "t-1",
        "eventDomain": "cluster",
        "eventResource": "cluster",
        "eventAction": "deleted",
        "eventSeverity": 13,
        "eventSeverityText": "warn",
        "description": "Cluster prod-eu-1 deleted",
        "correlationId": "not-a-uuid"
    })));
}

#[test]
fn pages_without_events_are_empty_and_wrong_shapes_are_errors() {
    assert!(EventList::parse(br#"{"count":0}"#)
        .unwrap()
        .events
        .is_empty());
    assert!(EventList::parse(br#"{"events":{}}"#)
        .unwrap_err()
        .contains("events is not a list"));
    assert!(EventList::parse(b"oops").unwrap_err().contains("not JSON"));
}
