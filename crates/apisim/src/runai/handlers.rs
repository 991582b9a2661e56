//! The HTTP side: token exchange (form and JSON), bearer checks (401 for unknown or expired
//! tokens), `GET /api/v1/audit/log` with its required window, paging, sorting and `filterBy`,
//! queued faults, and a log of every request. Errors use the API's `{code, message}` body.
// A refused request is the handler's answer itself, so errors are axum `Response`s.
#![allow(clippy::result_large_err)]

use super::{RunaiSim, Timestamp, Token};
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use chrono::{DateTime, Utc};
use serde_json::{json, Value};

pub(super) fn error(status: u16, message: &str) -> Response {
    let code = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (
        code,
        axum::Json(json!({"code": status, "message": message})),
    )
        .into_response()
}

/// Issues a token if the credentials match: `(token, expires_in)`.
fn issue(sim: &RunaiSim, grant: &str, id: &str, secret: &str) -> Result<(String, u64), Response> {
    let mut inner = sim.lock();
    if grant != "client_credentials" {
        return Err(error(400, "unsupported_grant_type"));
    }
    if id != inner.options.client_id || secret != inner.options.client_secret {
        return Err(error(401, "invalid client credentials"));
    }
    inner.issued += 1;
    let ttl = inner.options.token_ttl.as_secs().max(1);
    let exp = Utc::now().timestamp() + ttl as i64;
    let enc = |v: &Value| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string());
    let token = format!(
        "{}.{}.sim",
        enc(&json!({"alg": "none", "typ": "JWT"})),
        enc(&json!({"sub": id, "exp": exp, "jti": inner.issued}))
    );
    let uses_left = inner.options.token_uses;
    inner.tokens.insert(
        token.clone(),
        Token {
            expires_at: DateTime::from_timestamp(exp, 0).unwrap_or_else(Utc::now),
            uses_left,
        },
    );
    Ok((token, ttl))
}

pub(crate) async fn token_v2(State(sim): State<RunaiSim>, body: Bytes) -> Response {
    let form: std::collections::HashMap<String, String> =
        form_urlencoded::parse(&body).into_owned().collect();
    let get = |k: &str| form.get(k).map(String::as_str).unwrap_or_default();
    let answer = match issue(
        &sim,
        get("grant_type"),
        get("client_id"),
        get("client_secret"),
    ) {
        Ok((token, ttl)) => {
            let mut v = json!({"access_token": token, "token_type": "Bearer"});
            if !sim.options().omit_expires_in {
                v["expires_in"] = json!(ttl);
            }
            axum::Json(v).into_response()
        }
        Err(e) => e,
    };
    sim.record("/api/v2/token", "", answer.status().as_u16());
    answer
}

pub(crate) async fn token_v1(State(sim): State<RunaiSim>, body: Bytes) -> Response {
    let lowered: std::collections::HashMap<String, String> =
        match serde_json::from_slice::<Value>(&body) {
            Ok(Value::Object(m)) => m
                .into_iter()
                .filter_map(|(k, v)| Some((k.to_ascii_lowercase(), v.as_str()?.to_string())))
                .collect(),
            _ => {
                sim.record("/api/v1/token", "", 400);
                return error(400, "the body is not a JSON TokenRequest");
            }
        };
    let get = |k: &str| lowered.get(k).map(String::as_str).unwrap_or_default();
    let answer = match issue(&sim, get("granttype"), get("clientid"), get("clientsecret")) {
        Ok((token, ttl)) => {
            let mut v = json!({"accessToken": token, "idToken": "", "refreshToken": ""});
            if !sim.options().omit_expires_in {
                v["expiresIn"] = json!(ttl);
            }
            axum::Json(v).into_response()
        }
        Err(e) => e,
    };
    sim.record("/api/v1/token", "", answer.status().as_u16());
    answer
}

/// Checks the bearer token and counts its use; `Err` is the 401 answer.
pub(super) fn authorize(sim: &RunaiSim, headers: &HeaderMap) -> Result<(), Response> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .ok_or_else(|| error(401, "Authorization header is missing"))?;
    let mut inner = sim.lock();
    if inner.options.static_tokens.iter().any(|t| t == token) {
        return Ok(());
    }
    let Some(t) = inner.tokens.get_mut(token) else {
        return Err(error(401, "Issuer is not familiar."));
    };
    if t.expires_at <= Utc::now() || t.uses_left == Some(0) {
        return Err(error(401, "Token is expired."));
    }
    if let Some(n) = t.uses_left.as_mut() {
        *n -= 1;
    }
    Ok(())
}

fn parse_time(v: Option<&String>, name: &str) -> Result<Timestamp, Response> {
    let v = v.ok_or_else(|| error(400, &format!("{name} is required")))?;
    DateTime::parse_from_rfc3339(v)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| error(400, &format!("{name} must be an ISO 8601 date-time")))
}

pub(crate) async fn audit_log(
    State(sim): State<RunaiSim>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let query = query.unwrap_or_default();
    let latency = sim.options().latency;
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    let answer = if sim.options().current_api {
        answer(&sim, &headers, &query)
    } else {
        error(404, "Not Found")
    };
    sim.record("/api/v1/audit/log", &query, answer.status().as_u16());
    answer
}

/// Checks the token, then answers a queued fault if there is one.
pub(super) fn authorize_or_fault(sim: &RunaiSim, headers: &HeaderMap) -> Result<(), Response> {
    authorize(sim, headers)?;
    if let Some((status, retry_after)) = sim.lock().faults.pop_front() {
        let mut r = error(status, "Please try again in few minutes.");
        if let Some(s) = retry_after {
            if let Ok(v) = s.to_string().parse() {
                r.headers_mut().insert(header::RETRY_AFTER, v);
            }
        }
        return Err(r);
    }
    Ok(())
}

fn answer(sim: &RunaiSim, headers: &HeaderMap, query: &str) -> Response {
    if let Err(e) = authorize_or_fault(sim, headers) {
        return e;
    }
    let params: std::collections::HashMap<String, String> =
        form_urlencoded::parse(query.as_bytes())
            .into_owned()
            .collect();
    let (start, end) = match (
        parse_time(params.get("start"), "start"),
        parse_time(params.get("end"), "end"),
    ) {
        (Ok(s), Ok(e)) => (s, e),
        (Err(e), _) | (_, Err(e)) => return e,
    };
    let number = |k: &str, default: usize| -> Result<usize, Response> {
        params.get(k).map_or(Ok(default), |v| {
            v.parse()
                .map_err(|_| error(400, &format!("{k} must be an integer")))
        })
    };
    let (offset, samples) = match (number("offset", 0), number("numberOfSamples", 20)) {
        (Ok(o), Ok(n)) => (o, n),
        (Err(e), _) | (_, Err(e)) => return e,
    };
    if samples > 1000 {
        return error(400, "numberOfSamples must be less than or equal to 1000");
    }
    let descending = match params.get("sortOrder").map(String::as_str) {
        None | Some("asc") => false,
        Some("desc") => true,
        Some(_) => return error(400, "sortOrder must be asc or desc"),
    };
    let filters = match params.get("filterBy").map(|f| super::filter_by::parse(f)) {
        None => Vec::new(),
        Some(Ok(f)) => f,
        Some(Err(m)) => return error(400, &m),
    };
    let now = Utc::now();
    let inner = sim.lock();
    let mut matching: Vec<(Timestamp, &Value)> = inner
        .events
        .iter()
        .filter(|e| e.visible_at <= now && e.time >= start && e.time <= end)
        .filter(|e| filters.iter().all(|f| f.matches(&e.record)))
        .map(|e| (e.time, &e.record))
        .collect();
    matching.sort_by_key(|(t, _)| *t);
    if descending {
        matching.reverse();
    }
    let total = matching.len();
    let page: Vec<Value> = matching
        .into_iter()
        .skip(offset)
        .take(samples)
        .map(|(_, r)| r.clone())
        .collect();
    drop(inner);
    let next = offset + page.len();
    axum::Json(json!({"total": total, "next": next, "audit_logs": page})).into_response()
}
