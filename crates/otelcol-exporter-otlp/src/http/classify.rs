//! Response classification (Go `otlphttpexporter` `export`): 2xx is success (a partial success
//! is logged), 429/502/503/504 are retryable (`Retry-After` honoured on 429 and 503), every
//! other status is permanent; error bodies are decoded as `google.rpc.Status`.

use crate::rpc_status::Status;
use otelcol_core::otlp_json::decode_export_response;
use otelcol_core::pdata::{ExportLogsPartialSuccess, ExportLogsServiceResponse};
use otelcol_core::ExportError;
use std::time::{Duration, SystemTime};

/// At most this much of a response body is read.
pub(crate) const MAX_RESPONSE_READ: usize = 64 * 1024;

const PROTOBUF: &str = "application/x-protobuf";
const JSON: &str = "application/json";

/// A 2xx body: parsed by its exact content type (as Go does); other types are not read.
pub(crate) fn parse_success(
    content_type: Option<&str>,
    body: &[u8],
) -> Result<Option<ExportLogsPartialSuccess>, ExportError> {
    if body.is_empty() {
        return Ok(None);
    }
    let response: ExportLogsServiceResponse = match content_type {
        Some(PROTOBUF) => prost::Message::decode(body)
            .map_err(|e| ExportError::Permanent(format!("error parsing protobuf response: {e}")))?,
        Some(JSON) => decode_export_response(body)
            .map_err(|e| ExportError::Permanent(format!("error parsing json response: {e}")))?,
        _ => return Ok(None),
    };
    Ok(response.partial_success)
}

/// A non-2xx response as an export error.
pub(crate) fn classify_failure(
    url: &str,
    status: u16,
    content_type: Option<&str>,
    retry_after: Option<&str>,
    body: &[u8],
    now: SystemTime,
) -> ExportError {
    let rpc_status = (400..=599).contains(&status).then(|| {
        if content_type.is_some_and(|t| t.starts_with(JSON)) {
            Status::from_json(body)
        } else {
            Status::from_proto(body)
        }
    });
    let message = match rpc_status.flatten() {
        Some(s) => format!(
            "error exporting items, request to {url} responded with HTTP Status Code {status}, Message={}, Details={}",
            s.message,
            s.details_text()
        ),
        None => format!(
            "error exporting items, request to {url} responded with HTTP Status Code {status}"
        ),
    };
    if !matches!(status, 429 | 502 | 503 | 504) {
        return ExportError::Permanent(message);
    }
    if matches!(status, 429 | 503) {
        if let Some(delay) = retry_after.and_then(|v| parse_retry_after(v, now)) {
            return ExportError::Throttled { delay, message };
        }
    }
    ExportError::Retryable(message)
}

/// `Retry-After`: delay-seconds or an HTTP-date (a past date means no wait).
pub(crate) fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    if let Ok(seconds) = value.parse::<i64>() {
        return Some(Duration::from_secs(seconds.max(0) as u64));
    }
    let date = httpdate::parse_http_date(value)
        .ok()
        .or_else(|| parse_rfc1123_any_weekday(value))?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

/// Go `time.Parse(time.RFC1123, v)`: the weekday is not checked and the zone abbreviation
/// counts as UTC (`Mon, 09 Feb 2025 15:04:05 GMT`).
fn parse_rfc1123_any_weekday(value: &str) -> Option<SystemTime> {
    let (_weekday, rest) = value.split_once(", ")?;
    let (date_time, _zone) = rest.rsplit_once(' ')?;
    let parsed = chrono::NaiveDateTime::parse_from_str(date_time, "%d %b %Y %H:%M:%S").ok()?;
    let seconds = u64::try_from(parsed.and_utc().timestamp()).ok()?;
    Some(SystemTime::UNIX_EPOCH + Duration::from_secs(seconds))
}
