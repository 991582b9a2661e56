//! The HTTP side: `GET /v1/audit` and `GET /v2/audit/events` with `X-API-Key`, the query
//! parameters the receivers send, faults applied per request, and a log of every request.

use super::faults::{Fault, KeyCheck, RequestRecord};
use super::render;
use super::store::{Filters, Listing, Order};
use super::CastAiSim;
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use serde_json::{json, Value};
use std::time::Instant;

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Api {
    V1,
    V2,
}

pub(crate) async fn v1_list(
    State(sim): State<CastAiSim>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    serve(
        sim,
        Api::V1,
        "/v1/audit",
        &headers,
        query.unwrap_or_default(),
    )
    .await
}

pub(crate) async fn v2_list(
    State(sim): State<CastAiSim>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    serve(
        sim,
        Api::V2,
        "/v2/audit/events",
        &headers,
        query.unwrap_or_default(),
    )
    .await
}

fn error(status: StatusCode, code: u32, message: &str) -> (StatusCode, Value) {
    (
        status,
        json!({"code": code, "message": message, "details": []}),
    )
}

async fn serve(
    sim: CastAiSim,
    api: Api,
    path: &str,
    headers: &HeaderMap,
    query: String,
) -> Response {
    let key = headers.get("x-api-key").and_then(|v| v.to_str().ok());
    let (n, latency, key_check, fault) = sim.begin_request(key);
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    let mut fault = fault;
    if let Some(Fault::Delay(d)) = fault {
        tokio::time::sleep(d).await;
        fault = None;
    }
    let (status, body, events): (StatusCode, Result<Value, String>, usize) = match key_check {
        KeyCheck::Unauthorized => {
            let (s, b) = error(StatusCode::UNAUTHORIZED, 16, "invalid api key");
            (s, Ok(b), 0)
        }
        KeyCheck::Forbidden => {
            let (s, b) = error(
                StatusCode::FORBIDDEN,
                7,
                "permission denied: the key has no audit log read scope",
            );
            (s, Ok(b), 0)
        }
        KeyCheck::Ok => match fault {
            Some(Fault::Status(code)) => {
                let s = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
                let (s, b) = error(s, 13, "internal error");
                (s, Ok(b), 0)
            }
            Some(Fault::Throttle { retry_after_secs }) => {
                sim.record(RequestRecord {
                    n,
                    at: Instant::now(),
                    path: path.into(),
                    query,
                    status: 429,
                    events: 0,
                });
                let (s, b) = error(StatusCode::TOO_MANY_REQUESTS, 8, "rate limit exceeded");
                return (
                    s,
                    [(header::RETRY_AFTER, retry_after_secs.to_string())],
                    axum::Json(b),
                )
                    .into_response();
            }
            Some(Fault::MalformedBody) => (StatusCode::OK, Err("<html>upstream hiccup".into()), 0),
            Some(Fault::WrongShape) => {
                let field = if api == Api::V1 { "items" } else { "events" };
                (StatusCode::OK, Ok(json!({ field: "not a list" })), 0)
            }
            Some(Fault::Delay(_)) | None => match list(&sim, api, &query) {
                Ok((body, count)) => (StatusCode::OK, Ok(body), count),
                Err(message) => {
                    let (s, b) = error(StatusCode::BAD_REQUEST, 3, &message);
                    (s, Ok(b), 0)
                }
            },
        },
    };
    sim.record(RequestRecord {
        n,
        at: Instant::now(),
        path: path.into(),
        query,
        status: status.as_u16(),
        events,
    });
    match body {
        Ok(v) => (status, axum::Json(v)).into_response(),
        Err(text) => (status, [(header::CONTENT_TYPE, "application/json")], text).into_response(),
    }
}

/// Parsed query parameters; repeated keys keep every value.
fn params(query: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(query.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

fn one<'a>(params: &'a [(String, String)], key: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

fn all(params: &[(String, String)], key: &str) -> Vec<String> {
    params
        .iter()
        .filter(|(k, _)| k == key)
        .map(|(_, v)| v.clone())
        .collect()
}

fn time_param(
    params: &[(String, String)],
    key: &str,
) -> Result<Option<chrono::DateTime<Utc>>, String> {
    match one(params, key) {
        None | Some("") => Ok(None),
        Some(s) => chrono::DateTime::parse_from_rfc3339(s)
            .map(|t| Some(t.with_timezone(&Utc)))
            .map_err(|_| format!("invalid {key}: {s:?} is not RFC 3339")),
    }
}

fn list(sim: &CastAiSim, api: Api, query: &str) -> Result<(Value, usize), String> {
    let p = params(query);
    let options = sim.options();
    let max = if api == Api::V1 {
        options.max_page_limit
    } else {
        250
    };
    let limit = match one(&p, "page.limit") {
        None => 10,
        Some(s) => s
            .parse::<usize>()
            .ok()
            .filter(|l| (1..=max).contains(l))
            .ok_or_else(|| format!("invalid page.limit {s:?}: between 1 and {max}"))?,
    };
    let include_body = api == Api::V2
        && matches!(
            one(&p, "includeBody").or(one(&p, "include_body")),
            Some("true" | "1")
        );
    let limit = if include_body { limit.min(25) } else { limit };
    let cursor = one(&p, "page.cursor").filter(|c| !c.is_empty());
    let listing = match (api, cursor) {
        (Api::V1, Some(c)) => Listing::decode(c).ok_or("invalid page.cursor")?,
        (Api::V1, None) => {
            let mut filters = Filters::default();
            if let Some(c) = one(&p, "clusterId").filter(|c| !c.is_empty()) {
                uuid::Uuid::parse_str(c)
                    .map_err(|_| "clusterId must be a valid UUID".to_string())?;
                filters.clusters.push(c.to_string());
            }
            Listing {
                from: time_param(&p, "fromDate")?,
                to: time_param(&p, "toDate")?,
                filters,
                order: options.order,
                after: None,
                page: 0,
            }
        }
        (Api::V2, c) => {
            let order = match one(&p, "sort.order") {
                Some(o) => o.parse::<Order>()?,
                None => options.order,
            };
            let filters = Filters {
                clusters: all(&p, "filter.clusters"),
                domains: all(&p, "filter.domains"),
                resources: all(&p, "filter.resources"),
                actions: all(&p, "filter.actions"),
                sources: all(&p, "filter.sources"),
                severity: all(&p, "filter.severity"),
                search: one(&p, "filter.search").unwrap_or_default().to_string(),
            };
            let (after, page) = match c {
                Some(c) => {
                    let prev = Listing::decode(c).ok_or("invalid page.cursor")?;
                    (prev.after, prev.page)
                }
                None => (None, 0),
            };
            Listing {
                from: time_param(&p, "fromDate")?,
                to: time_param(&p, "toDate")?,
                filters,
                order,
                after,
                page,
            }
        }
    };
    let (events, next) = sim.page(&listing, limit);
    let count = events.len();
    let rendered: Vec<Value> = events
        .iter()
        .map(|e| match api {
            Api::V1 => render::v1(e, options.time_style),
            Api::V2 => render::v2(e, include_body),
        })
        .collect();
    let mut body = serde_json::Map::new();
    let field = if api == Api::V1 { "items" } else { "events" };
    if !(rendered.is_empty() && options.omit_empty) {
        body.insert(field.into(), Value::Array(rendered));
    }
    if let Some(next) = next {
        body.insert("nextCursor".into(), json!(next.encode()));
    }
    if api == Api::V2 {
        body.insert("count".into(), json!(count));
    }
    Ok((Value::Object(body), count))
}
