//! Component-health mode (Go v2 `component_health`): component statuses decide the answer.

use super::config::{ComponentHealthConfig, ResponseBodyConfig};
use super::status::{format_rfc3339_nano, StatusResponse};
use otelcol_core::{CollectorState, ComponentId, ComponentStatus, Kind, StatusEntry};
use serde::Serialize;
use std::collections::BTreeMap;
use std::time::SystemTime;

/// Go's `SerializableEvent` (plus `start_time` and `components` on the top level), field order
/// included.
#[derive(Serialize)]
struct HealthDocument {
    #[serde(skip_serializing_if = "Option::is_none")]
    start_time: Option<String>,
    healthy: bool,
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
    status_time: String,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    components: BTreeMap<String, HealthDocument>,
}

/// Go's `componentstatus.Status.String()`.
fn status_name(status: &ComponentStatus) -> &'static str {
    match status {
        ComponentStatus::Starting => "StatusStarting",
        ComponentStatus::Ok => "StatusOK",
        ComponentStatus::RecoverableError(_) => "StatusRecoverableError",
        ComponentStatus::PermanentError(_) => "StatusPermanentError",
        ComponentStatus::Stopping => "StatusStopping",
        ComponentStatus::Stopped => "StatusStopped",
    }
}

fn error_of(status: &ComponentStatus) -> Option<String> {
    match status {
        ComponentStatus::RecoverableError(m) | ComponentStatus::PermanentError(m) => {
            Some(m.clone())
        }
        _ => None,
    }
}

/// Go's component-health rule: a permanent error is unhealthy when included; a recoverable
/// error is unhealthy when included and `recovery_duration` has passed since it began.
pub fn is_healthy(entry: &StatusEntry, config: &ComponentHealthConfig, now: SystemTime) -> bool {
    match entry.status {
        ComponentStatus::PermanentError(_) => !config.include_permanent_errors,
        ComponentStatus::RecoverableError(_) if config.include_recoverable_errors => {
            // A deadline beyond the clock's range never passes.
            entry
                .since
                .checked_add(config.recovery_duration.as_std())
                .is_none_or(|deadline| now < deadline)
        }
        _ => true,
    }
}

/// How relevant an error is for the top-level status (higher wins), as Go's aggregation
/// ranks them: permanent over recoverable, reversed when only recoverable errors count.
fn error_rank(status: &ComponentStatus, config: &ComponentHealthConfig) -> u8 {
    let recoverable_first = config.include_recoverable_errors && !config.include_permanent_errors;
    match status {
        ComponentStatus::PermanentError(_) if recoverable_first => 1,
        ComponentStatus::PermanentError(_) => 2,
        ComponentStatus::RecoverableError(_) if recoverable_first => 2,
        ComponentStatus::RecoverableError(_) => 1,
        _ => 0,
    }
}

/// The answer in component-health mode: 500 when a component is unhealthy, else 503 unless the
/// collector is ready, else 200. The body is Go v2's JSON (or the configured static body).
pub fn component_health_response(
    state: CollectorState,
    entries: &[(Kind, ComponentId, StatusEntry)],
    config: &ComponentHealthConfig,
    started: SystemTime,
    now: SystemTime,
    response_body: Option<&ResponseBodyConfig>,
) -> StatusResponse {
    let mut components = BTreeMap::new();
    let mut healthy = true;
    let mut top: Option<&StatusEntry> = None;
    for (kind, id, entry) in entries {
        let component_healthy = is_healthy(entry, config, now);
        healthy &= component_healthy;
        let rank = error_rank(&entry.status, config);
        let better = match top {
            None => rank > 0,
            Some(current) => {
                let current_rank = error_rank(&current.status, config);
                rank > current_rank || (rank == current_rank && entry.since < current.since)
            }
        };
        if better {
            top = Some(entry);
        }
        components.insert(
            format!("{}:{id}", kind.as_str()),
            HealthDocument {
                start_time: None,
                healthy: component_healthy,
                status: status_name(&entry.status),
                error: error_of(&entry.status),
                status_time: format_rfc3339_nano(entry.since),
                components: BTreeMap::new(),
            },
        );
    }
    let (status, error, status_time) = match (state, top) {
        (CollectorState::Starting, _) => ("StatusStarting", None, started),
        (CollectorState::ShuttingDown, _) => ("StatusStopping", None, now),
        (CollectorState::Ready { .. }, Some(entry)) => (
            status_name(&entry.status),
            error_of(&entry.status),
            entry.since,
        ),
        (CollectorState::Ready { since }, None) => ("StatusOK", None, since),
    };
    let code = if !healthy {
        500
    } else if matches!(state, CollectorState::Ready { .. }) {
        200
    } else {
        503
    };
    let body = match response_body {
        Some(static_body) if code == 200 => static_body.healthy.clone(),
        Some(static_body) => static_body.unhealthy.clone(),
        None => {
            let doc = HealthDocument {
                start_time: Some(format_rfc3339_nano(started)),
                healthy,
                status,
                error,
                status_time: format_rfc3339_nano(status_time),
                components,
            };
            serde_json::to_string(&doc).unwrap_or_default()
        }
    };
    StatusResponse { status: code, body }
}
