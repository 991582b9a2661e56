//! The Astra DevOps API double for audit log streaming: `POST/GET/DELETE
//! /v2/organizations/{orgID}/telemetry/auditLogs` (reference §C.2, §D). Bearer application
//! tokens (401 unknown, 403 without the Organization Administrator role), the POST body
//! checked against `PulsarTelemetryRequest` (400), 202 without body, GET with the token
//! masked as `********` or 404, and error bodies `{"errors":[{"ID":..,"message":..}]}`.

pub mod cli;
mod handlers;
#[cfg(test)]
mod tests;

use crate::server::SimServer;
use axum::routing::post;
use axum::Router;
use serde_json::Value;
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};

#[derive(Debug, Clone)]
pub struct AstraDevopsOptions {
    /// Application tokens with the Organization Administrator role.
    pub tokens: Vec<String>,
    /// Valid application tokens without the role (403).
    pub forbidden_tokens: Vec<String>,
    /// A POST while a config exists answers 409 instead of replacing it.
    pub conflict_if_exists: bool,
    /// Error bodies use `id` (as the spec's `required` list) instead of `ID`.
    pub lowercase_error_id: bool,
}

impl Default for AstraDevopsOptions {
    fn default() -> Self {
        AstraDevopsOptions {
            tokens: vec!["AstraCS:admin-token".into()],
            forbidden_tokens: Vec::new(),
            conflict_if_exists: false,
            lowercase_error_id: false,
        }
    }
}

/// One request the double answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DevopsRequest {
    pub method: String,
    pub org: String,
    pub status: u16,
}

struct Inner {
    options: AstraDevopsOptions,
    /// The stored `pulsar` objects by organization id, as posted.
    configs: HashMap<String, Value>,
    faults: VecDeque<u16>,
    requests: Vec<DevopsRequest>,
}

/// A handle on the double; clones share it.
#[derive(Clone)]
pub struct AstraDevopsSim {
    inner: Arc<Mutex<Inner>>,
}

impl AstraDevopsSim {
    pub fn new(options: AstraDevopsOptions) -> Self {
        AstraDevopsSim {
            inner: Arc::new(Mutex::new(Inner {
                options,
                configs: HashMap::new(),
                faults: VecDeque::new(),
                requests: Vec::new(),
            })),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn router(&self) -> Router {
        Router::new()
            .route(
                "/v2/organizations/{org}/telemetry/auditLogs",
                post(handlers::set)
                    .get(handlers::get)
                    .delete(handlers::delete),
            )
            .with_state(self.clone())
    }

    pub async fn serve(&self, addr: &str) -> std::io::Result<SimServer> {
        SimServer::start(self.router(), addr).await
    }

    pub fn serve_in_thread(&self) -> std::io::Result<SimServer> {
        SimServer::start_in_thread(self.router())
    }

    /// The stored `pulsar` object of `org`, unmasked (what the double received).
    pub fn stored(&self, org: &str) -> Option<Value> {
        self.lock().configs.get(org).cloned()
    }

    /// The next request is answered with this status (e.g. 503) before any other check.
    pub fn fail_next(&self, status: u16) {
        self.lock().faults.push_back(status);
    }

    pub fn requests(&self) -> Vec<DevopsRequest> {
        self.lock().requests.clone()
    }
}
