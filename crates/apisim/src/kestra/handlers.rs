//! The HTTP side: Basic/Bearer checks (401), the tenant path (404 for another tenant), queued
//! faults (429/503 with `Retry-After`), the search itself, scheduled purges between pages, and
//! a log of every request. Errors use Kestra's (Micronaut's) `{message, _embedded.errors}` body.

use super::{purge_oldest, query, KestraSim};
use axum::extract::{OriginalUri, Path, RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use chrono::Utc;
use serde_json::json;

pub(super) fn error(status: u16, path: &str, message: &str) -> Response {
    let code = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = json!({
        "message": message,
        "_links": {"self": {"href": path, "templated": false}},
        "_embedded": {"errors": [{"message": message}]},
    });
    (code, axum::Json(body)).into_response()
}

/// Whether the Authorization header carries the Basic credentials or a Bearer token.
fn authorized(sim: &KestraSim, headers: &HeaderMap) -> bool {
    let Some(value) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let options = sim.options();
    if let Some(token) = value.strip_prefix("Bearer ") {
        return options.tokens.iter().any(|t| t == token);
    }
    let Some(encoded) = value.strip_prefix("Basic ") else {
        return false;
    };
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .ok()
        .and_then(|b| String::from_utf8(b).ok());
    decoded.is_some_and(|d| d == format!("{}:{}", options.username, options.password))
}

pub(crate) async fn search_tenant(
    State(sim): State<KestraSim>,
    Path(tenant): Path<String>,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    delay(&sim).await;
    respond(&sim, Some(&tenant), uri.path(), &headers, query)
}

async fn delay(sim: &KestraSim) {
    let latency = sim.options().latency;
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
}

pub(crate) async fn search_all(
    State(sim): State<KestraSim>,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    delay(&sim).await;
    respond(&sim, None, uri.path(), &headers, query)
}

fn respond(
    sim: &KestraSim,
    tenant: Option<&str>,
    path: &str,
    headers: &HeaderMap,
    query: Option<String>,
) -> Response {
    let query = query.unwrap_or_default();
    let answer = answer(sim, tenant, path, headers, &query);
    sim.record(path, &query, answer.status().as_u16());
    answer
}

fn answer(
    sim: &KestraSim,
    tenant: Option<&str>,
    path: &str,
    headers: &HeaderMap,
    query: &str,
) -> Response {
    if !authorized(sim, headers) {
        return error(401, path, "Unauthorized");
    }
    let options = sim.options();
    if tenant.is_some_and(|t| t != options.tenant) {
        return error(
            404,
            path,
            &format!("Tenant '{}' not found", tenant.unwrap_or_default()),
        );
    }
    if let Some((status, retry_after)) = sim.lock().faults.pop_front() {
        let mut r = error(status, path, "Too many requests, please retry later");
        if let Some(s) = retry_after.and_then(|s| s.to_string().parse().ok()) {
            r.headers_mut().insert(header::RETRY_AFTER, s);
        }
        return r;
    }
    let pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect();
    let search = match query::parse(options.style, options.ignore_unknown, &pairs) {
        Ok(s) => s,
        Err((status, message)) => return error(status, path, &message),
    };
    let mut inner = sim.lock();
    let now = Utc::now();
    let mut hits: Vec<&super::KestraEvent> = inner
        .events
        .iter()
        .filter(|e| e.visible_at <= now && search.matches(e))
        .collect();
    // A stable sort: events sharing a date keep their insertion order.
    hits.sort_by_key(|e| e.time);
    if search.descending {
        hits.reverse();
    }
    let total = hits.len();
    let results: Vec<serde_json::Value> = hits
        .into_iter()
        .skip((search.page - 1).saturating_mul(search.size))
        .take(search.size)
        .map(|e| {
            let mut item = e.item.clone();
            if options.legacy_deleted {
                item["auditLog"]["deleted"] = json!(false);
            }
            item
        })
        .collect();
    inner.searches += 1;
    let searches = inner.searches;
    let due: Vec<usize> = inner
        .purges
        .iter()
        .filter(|p| p.after == searches)
        .map(|p| p.count)
        .collect();
    for count in due {
        purge_oldest(&mut inner, count);
    }
    axum::Json(json!({"results": results, "total": total})).into_response()
}
