//! The status document: Go's `{"status","upSince","uptime"}` JSON, or the configured static bodies.

use super::config::ResponseBodyConfig;
use chrono::{DateTime, Local, Offset, Timelike};
use otelcol_core::confmap::format_go_duration;
use otelcol_core::CollectorState;
use serde::Serialize;
use std::time::SystemTime;

/// Go's zero `time.Time`, as `encoding/json` writes it.
const ZERO_TIME: &str = "0001-01-01T00:00:00Z";

/// What the endpoint answers for one collector state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusResponse {
    pub status: u16,
    pub body: String,
}

/// Go's `healthCheckResponse`, field order included.
#[derive(Serialize)]
struct StatusDocument<'a> {
    status: &'a str,
    #[serde(rename = "upSince")]
    up_since: String,
    uptime: String,
}

/// The response for `state` at time `now`. Only `Ready` is healthy: `Starting` and
/// `ShuttingDown` both answer "Server not available".
pub fn status_response(
    state: CollectorState,
    now: SystemTime,
    response_body: Option<&ResponseBodyConfig>,
) -> StatusResponse {
    let (status, body) = match (state, response_body) {
        (CollectorState::Ready { .. }, Some(static_body)) => (200, static_body.healthy.clone()),
        (_, Some(static_body)) => (503, static_body.unhealthy.clone()),
        (CollectorState::Ready { since }, None) => {
            let uptime = now.duration_since(since).unwrap_or_default();
            let doc = StatusDocument {
                status: "Server available",
                up_since: format_rfc3339_nano(since),
                uptime: format_go_duration(uptime),
            };
            (200, to_json(&doc))
        }
        (_, None) => {
            let doc = StatusDocument {
                status: "Server not available",
                up_since: ZERO_TIME.to_string(),
                uptime: String::new(),
            };
            (503, to_json(&doc))
        }
    };
    StatusResponse { status, body }
}

fn to_json(doc: &StatusDocument<'_>) -> String {
    // Serializing three strings cannot fail; an empty body would still be a valid answer.
    serde_json::to_string(doc).unwrap_or_default()
}

/// Go's `time.RFC3339Nano` in the local zone: trailing zeros of the fraction dropped, `Z` for a
/// zero offset (`2024-05-01T12:00:00.5+02:00`).
pub fn format_rfc3339_nano(t: SystemTime) -> String {
    let local: DateTime<Local> = DateTime::from(t);
    let mut out = local.format("%Y-%m-%dT%H:%M:%S").to_string();
    let nanos = local.nanosecond() % 1_000_000_000;
    if nanos != 0 {
        let digits = format!("{nanos:09}");
        out.push('.');
        out.push_str(digits.trim_end_matches('0'));
    }
    let offset = local.offset().fix().local_minus_utc();
    if offset == 0 {
        out.push('Z');
    } else {
        let sign = if offset < 0 { '-' } else { '+' };
        let abs = offset.unsigned_abs();
        out.push_str(&format!("{sign}{:02}:{:02}", abs / 3600, abs % 3600 / 60));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn not_ready_answers_503_with_go_zero_time_and_empty_uptime() {
        for state in [CollectorState::Starting, CollectorState::ShuttingDown] {
            let resp = status_response(state, SystemTime::now(), None);
            assert_eq!(resp.status, 503);
            assert_eq!(
                resp.body,
                r#"{"status":"Server not available","upSince":"0001-01-01T00:00:00Z","uptime":""}"#
            );
        }
    }

    #[test]
    fn ready_answers_200_with_up_since_and_go_uptime() {
        let since = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let now = since + Duration::from_millis(62_500);
        let resp = status_response(CollectorState::Ready { since }, now, None);
        assert_eq!(resp.status, 200);
        let expected = format!(
            r#"{{"status":"Server available","upSince":"{}","uptime":"1m2.5s"}}"#,
            format_rfc3339_nano(since)
        );
        assert_eq!(resp.body, expected);
    }

    #[test]
    fn ready_with_clock_going_backwards_reports_zero_uptime() {
        let since = SystemTime::now() + Duration::from_secs(60);
        let resp = status_response(CollectorState::Ready { since }, SystemTime::now(), None);
        assert!(resp.body.ends_with(r#""uptime":"0s"}"#), "{}", resp.body);
    }

    #[test]
    fn static_bodies_replace_the_document_and_may_be_empty() {
        let bodies = ResponseBodyConfig {
            healthy: "ALL OK".to_string(),
            unhealthy: String::new(),
        };
        let ready = CollectorState::Ready {
            since: SystemTime::now(),
        };
        let ok = status_response(ready, SystemTime::now(), Some(&bodies));
        assert_eq!((ok.status, ok.body.as_str()), (200, "ALL OK"));
        let down = status_response(CollectorState::Starting, SystemTime::now(), Some(&bodies));
        assert_eq!((down.status, down.body.as_str()), (503, ""));
    }

    #[test]
    fn rfc3339_nano_trims_trailing_zeros_and_keeps_a_local_offset() {
        let t = SystemTime::UNIX_EPOCH + Duration::new(1_700_000_000, 120_000_000);
        let text = format_rfc3339_nano(t);
        let parsed = DateTime::parse_from_rfc3339(&text).expect("valid RFC 3339");
        assert_eq!(SystemTime::from(parsed), t);
        assert!(text.contains(".12"), "{text}");
        assert!(!text.contains(".120"), "{text}");
        let whole = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert!(!format_rfc3339_nano(whole).contains('.'));
    }
}
