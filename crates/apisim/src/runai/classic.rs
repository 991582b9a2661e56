//! The classic `GET /v1/k8s/audit` (deprecated in 2.19): `start`/`end` as `yyyy-MM-dd` or
//! `yyyy-MM-ddTHH:mm:ss` (leniently, UTC), `limit` 1..500 (default 50), `offset`, the exact-match
//! filters of the old docs, and a bare JSON array, newest first, of `AuditLogRecord`s whose
//! numbers are sometimes sent as strings.

use super::handlers::{authorize_or_fault, error};
use super::{RunaiSim, Timestamp};
use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use chrono::{NaiveDate, NaiveTime, TimeZone, Utc};
use serde_json::{json, Value};
use std::collections::HashMap;

/// The classic shape of an event built from its current-API record; `n` varies the encoding.
pub(super) fn record(current: &Value, id: &str, n: usize) -> Value {
    let s = |k: &str| current.get(k).and_then(Value::as_str).unwrap_or_default();
    let (action, entity_type) = match s("action") {
        "sign-in" | "sign-out" | "reset-password" => ("Login", "Login".to_string()),
        a => (capitalized(a), classic_entity(s("entity_type"))),
    };
    let as_number_sometimes = |v: &str| match v.parse::<i64>() {
        Ok(num) if n.is_multiple_of(2) => json!(num),
        _ => json!(v),
    };
    let mut r = json!({
        "id": as_number_sometimes(id),
        "clusterUuid": s("cluster_id"),
        "tenantId": if n.is_multiple_of(3) { json!("1001") } else { json!(1001) },
        "happenedAt": s("timestamp"),
        "action": action,
        "version": if n.is_multiple_of(2) { json!(1) } else { json!("1.0") },
        "entityId": as_number_sometimes(s("entity_id")),
        "entityType": entity_type,
        "entityName": s("entity_name"),
        "sourceType": if s("subject_type") == "App" { "Application" } else { "User" },
        "sourceId": format!("{:08x}-0000-4000-8000-{:012x}", n, n),
        "sourceName": s("subject"),
        "context": {
            "user_agent": "Mozilla/5.0 (X11; Linux x86_64) runai-cli/2.18",
            "ip_address": s("source_ip"),
        },
        "body": {},
    });
    if s("result") == "Failed" {
        let status = current
            .get("http_status_code")
            .and_then(Value::as_i64)
            .unwrap_or(400);
        r["error"] = json!(json!({
            "status": status,
            "description": "the request was refused",
            "errorType": "BackendError",
        })
        .to_string());
    }
    r
}

fn capitalized(s: &str) -> &'static str {
    match s {
        "create" => "Create",
        "delete" => "Delete",
        _ => "Update",
    }
}

fn classic_entity(s: &str) -> String {
    match s {
        "node-pool" => "Node Pool".into(),
        "access-rule" => "Applications".into(),
        other => {
            let mut c = other.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect())
                .unwrap_or_default()
        }
    }
}

/// `2022-1-1`, `2022-01-01T10:00:00`, with optional fraction and zone; a date alone is the
/// day's start (`end_of_day`: its last millisecond).
fn parse_time(v: &str, end_of_day: bool) -> Option<Timestamp> {
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(v) {
        return Some(t.with_timezone(&Utc));
    }
    let (date, time) = match v.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (v, None),
    };
    let mut parts = date.split('-').map(|p| p.parse::<u32>().ok());
    let (y, m, d) = (parts.next()??, parts.next()??, parts.next()??);
    let date = NaiveDate::from_ymd_opt(y as i32, m, d)?;
    let time = match time {
        Some(t) => {
            let t = t.trim_end_matches('Z');
            NaiveTime::parse_from_str(t, "%H:%M:%S%.f")
                .or_else(|_| NaiveTime::parse_from_str(t, "%H:%M"))
                .ok()?
        }
        None if end_of_day => NaiveTime::from_hms_milli_opt(23, 59, 59, 999)?,
        None => NaiveTime::MIN,
    };
    Some(Utc.from_utc_datetime(&date.and_time(time)))
}

pub(crate) async fn audit(
    State(sim): State<RunaiSim>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let query = query.unwrap_or_default();
    let latency = sim.options().latency;
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    let answer = if sim.options().classic_api {
        answer(&sim, &headers, &query)
    } else {
        error(404, "Not Found")
    };
    sim.record("/v1/k8s/audit", &query, answer.status().as_u16());
    answer
}

/// The exact-match filters and the record field each one compares.
const FILTERS: [(&str, &str); 7] = [
    ("action", "action"),
    ("source_type", "sourceType"),
    ("source_id", "sourceId"),
    ("source_name", "sourceName"),
    ("entity_type", "entityType"),
    ("entity_id", "entityId"),
    ("cluster_uuid", "clusterUuid"),
];

fn text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn answer(sim: &RunaiSim, headers: &HeaderMap, query: &str) -> Response {
    if let Err(e) = authorize_or_fault(sim, headers) {
        return e;
    }
    let params: HashMap<String, String> = form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect();
    let mut bounds = [None, None];
    for (i, k) in ["start", "end"].iter().enumerate() {
        if let Some(v) = params.get(*k).filter(|v| !v.is_empty()) {
            match parse_time(v, i == 1) {
                Some(t) => bounds[i] = Some(t),
                None => {
                    return error(
                        400,
                        &format!("{k} must be yyyy-MM-dd or yyyy-MM-ddTHH:mm:ss"),
                    )
                }
            }
        }
    }
    let limit = match params.get("limit").map(|v| v.parse::<i64>()) {
        None => 50,
        Some(Ok(n)) if (1..=500).contains(&n) => n as usize,
        Some(_) => return error(400, "limit must be an integer between 1 and 500"),
    };
    let offset = match params.get("offset").map(|v| v.parse::<usize>()) {
        None => 0,
        Some(Ok(n)) => n,
        Some(Err(_)) => return error(400, "offset must be a non-negative integer"),
    };
    let success = match params.get("success").map(String::as_str) {
        None | Some("") => None,
        Some("true") => Some(true),
        Some("false") => Some(false),
        Some(_) => return error(400, "success must be true or false"),
    };
    let now = Utc::now();
    let inner = sim.lock();
    let mut matching: Vec<(Timestamp, usize, &Value)> = inner
        .events
        .iter()
        .enumerate()
        .filter(|(_, e)| e.visible_at <= now)
        .filter(|(_, e)| bounds[0].is_none_or(|s| e.time >= s))
        .filter(|(_, e)| bounds[1].is_none_or(|end| e.time <= end))
        .filter(|(_, e)| success.is_none_or(|ok| e.classic.get("error").is_none() == ok))
        .filter(|(_, e)| {
            FILTERS.iter().all(|(param, field)| {
                params
                    .get(*param)
                    .filter(|v| !v.is_empty())
                    .is_none_or(|want| text(e.classic.get(*field)).as_deref() == Some(want))
            })
        })
        .map(|(i, e)| (e.time, i, &e.classic))
        .collect();
    // Newest first, as the old docs' sample is; insertion order breaks ties, stably.
    matching.sort_by_key(|e| std::cmp::Reverse((e.0, e.1)));
    let page: Vec<Value> = matching
        .into_iter()
        .skip(offset)
        .take(limit)
        .map(|(_, _, r)| r.clone())
        .collect();
    drop(inner);
    axum::Json(Value::Array(page)).into_response()
}

#[cfg(test)]
mod tests {
    use super::parse_time;

    #[test]
    fn lenient_dates_and_date_times_are_read_as_utc() {
        let t = |v, end| parse_time(v, end).map(|t| t.to_rfc3339());
        assert_eq!(t("2022-1-1", false).unwrap(), "2022-01-01T00:00:00+00:00");
        assert_eq!(
            t("2022-1-1", true).unwrap(),
            "2022-01-01T23:59:59.999+00:00"
        );
        assert_eq!(
            t("2022-07-07T09:45:32", false).unwrap(),
            "2022-07-07T09:45:32+00:00"
        );
        assert_eq!(
            t("2022-07-07T09:45:32.069Z", false).unwrap(),
            "2022-07-07T09:45:32.069+00:00"
        );
        assert_eq!(t("yesterday", false), None);
    }
}
