//! Request handling of the DevOps double: auth, body checks, the store, error bodies.

use super::{AstraDevopsSim, DevopsRequest};
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Map, Value};

const MASK: &str = "********";

/// A refused request: status, error `ID` and message.
type Refusal = (StatusCode, u32, String);

fn refusal(status: StatusCode, id: u32, message: &str) -> Refusal {
    (status, id, message.to_string())
}

fn error(sim: &AstraDevopsSim, status: StatusCode, id: u32, message: &str) -> Response {
    let key = if sim.lock().options.lowercase_error_id {
        "id"
    } else {
        "ID"
    };
    (
        status,
        Json(json!({"errors": [{key: id, "message": message}]})),
    )
        .into_response()
}

/// The fault, auth and role checks every method shares.
fn admit(sim: &AstraDevopsSim, headers: &HeaderMap) -> Result<(), Refusal> {
    let fault = sim.lock().faults.pop_front();
    if let Some(code) = fault {
        let status = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        return Err(refusal(status, 500, "internal error, please retry later"));
    }
    let token = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    let (known, forbidden) = {
        let inner = sim.lock();
        let t = token.unwrap_or("");
        (
            inner.options.tokens.iter().any(|k| k == t),
            inner.options.forbidden_tokens.iter().any(|k| k == t),
        )
    };
    match (token, known, forbidden) {
        (None, _, _) => Err(refusal(StatusCode::UNAUTHORIZED, 401, "missing bearer token")),
        (_, _, true) => Err(refusal(
            StatusCode::FORBIDDEN,
            403,
            "the token does not have the permission org-audits-read (Organization Administrator role required)",
        )),
        (_, false, _) => Err(refusal(StatusCode::UNAUTHORIZED, 401, "invalid or expired token")),
        _ => Ok(()),
    }
}

fn log(sim: &AstraDevopsSim, method: &str, org: &str, status: StatusCode) {
    sim.lock().requests.push(DevopsRequest {
        method: method.into(),
        org: org.into(),
        status: status.as_u16(),
    });
}

fn status_of(r: &Response) -> StatusCode {
    r.status()
}

pub async fn set(
    State(sim): State<AstraDevopsSim>,
    Path(org): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let response = match admit(&sim, &headers).and_then(|()| store(&sim, &org, &body)) {
        Ok(()) => StatusCode::ACCEPTED.into_response(),
        Err((status, id, m)) => error(&sim, status, id, &m),
    };
    log(&sim, "POST", &org, status_of(&response));
    response
}

fn store(sim: &AstraDevopsSim, org: &str, body: &[u8]) -> Result<(), Refusal> {
    let bad = |m: String| (StatusCode::BAD_REQUEST, 400, m);
    let doc: Value =
        serde_json::from_slice(body).map_err(|e| bad(format!("invalid JSON body: {e}")))?;
    let pulsar = doc
        .get("pulsar")
        .and_then(Value::as_object)
        .ok_or_else(|| bad("body must be {\"pulsar\": PulsarTelemetryRequest}".into()))?;
    if let Some(other) = doc
        .as_object()
        .and_then(|o| o.keys().find(|k| *k != "pulsar"))
    {
        return Err(bad(format!(
            "unknown destination {other:?}; only pulsar is supported for audit logs"
        )));
    }
    validate(pulsar).map_err(bad)?;
    let mut inner = sim.lock();
    if inner.options.conflict_if_exists && inner.configs.contains_key(org) {
        drop(inner);
        return Err(refusal(
            StatusCode::CONFLICT,
            409,
            "an audit log streaming configuration already exists for this organization",
        ));
    }
    inner
        .configs
        .insert(org.to_string(), Value::Object(pulsar.clone()));
    Ok(())
}

/// `PulsarTelemetryRequest`: common fields plus the `auth_strategy` branch's fields.
fn validate(p: &Map<String, Value>) -> Result<(), String> {
    let text = |k: &str| p.get(k).and_then(Value::as_str).filter(|s| !s.is_empty());
    let endpoint = text("endpoint").ok_or("pulsar.endpoint is required")?;
    if !endpoint.starts_with("pulsar://") && !endpoint.starts_with("pulsar+ssl://") {
        return Err(format!(
            "pulsar.endpoint {endpoint:?} must be a pulsar:// or pulsar+ssl:// URL"
        ));
    }
    let topic = text("topic").ok_or("pulsar.topic is required")?;
    let full = topic
        .split_once("://")
        .filter(|(scheme, rest)| {
            matches!(*scheme, "persistent" | "non-persistent") && rest.split('/').count() == 3
        })
        .is_some();
    if !full {
        return Err(format!(
            "pulsar.topic {topic:?} must be a full topic name persistent://<tenant>/<namespace>/<topic>"
        ));
    }
    let (required, optional): (&[&str], &[&str]) = match text("auth_strategy") {
        Some("token") => (&["token"], &[]),
        Some("oauth2") => (
            &["oauth2_credentials_url", "oauth2_issuer_url"],
            &["oauth2_audience", "oauth2_scope"],
        ),
        Some(other) => {
            return Err(format!(
                "pulsar.auth_strategy {other:?} must be token or oauth2"
            ))
        }
        None => return Err("pulsar.auth_strategy is required".into()),
    };
    if let Some(missing) = required.iter().find(|k| text(k).is_none()) {
        return Err(format!(
            "pulsar.{missing} is required with this auth_strategy"
        ));
    }
    let common = ["endpoint", "topic", "auth_strategy", "auth_name"];
    for (k, v) in p {
        let known = common.contains(&k.as_str())
            || required.contains(&k.as_str())
            || optional.contains(&k.as_str());
        if !known {
            return Err(format!("pulsar.{k} is not a field of this auth_strategy"));
        }
        if !v.is_string() {
            return Err(format!("pulsar.{k} must be a string"));
        }
    }
    Ok(())
}

pub async fn get(
    State(sim): State<AstraDevopsSim>,
    Path(org): Path<String>,
    headers: HeaderMap,
) -> Response {
    let response = match admit(&sim, &headers) {
        Err((status, id, m)) => error(&sim, status, id, &m),
        Ok(()) => match sim.stored(&org) {
            None => error(
                &sim,
                StatusCode::NOT_FOUND,
                404,
                "no audit log streaming configuration found for this organization",
            ),
            Some(mut pulsar) => {
                if let Some(t) = pulsar.get_mut("token") {
                    *t = json!(MASK);
                }
                (StatusCode::OK, Json(json!({"pulsar": pulsar}))).into_response()
            }
        },
    };
    log(&sim, "GET", &org, status_of(&response));
    response
}

pub async fn delete(
    State(sim): State<AstraDevopsSim>,
    Path(org): Path<String>,
    headers: HeaderMap,
) -> Response {
    let response = match admit(&sim, &headers) {
        Err((status, id, m)) => error(&sim, status, id, &m),
        Ok(()) => {
            sim.lock().configs.remove(&org);
            StatusCode::ACCEPTED.into_response()
        }
    };
    log(&sim, "DELETE", &org, status_of(&response));
    response
}
