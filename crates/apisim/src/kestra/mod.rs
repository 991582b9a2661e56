//! The Kestra Enterprise double: `GET /api/v1/{tenant}/auditlogs/search` and the tenant-less
//! `GET /api/v1/auditlogs/search` (reference §B, §D): the ≤ 1.3 flat parameters and/or the 2.0
//! `filters[field][OP]=value` form, Basic or Bearer auth, 1-based pages, `sort=date:asc|desc`,
//! `{results:[{auditLog,user}], total}`. Awkward parts on purpose: many events share a
//! timestamp, late events, a purge between pages (total shrinks, items shift), 429/503.

pub mod cli;
mod handlers;
mod query;

use crate::rng::Rng;
use crate::server::SimServer;
use axum::routing::get;
use axum::Router;
use chrono::{DateTime, Duration as ChronoDuration, SecondsFormat, Utc};
use serde_json::{json, Value};
use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

pub type Timestamp = DateTime<Utc>;

/// Which search parameter generation the double answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamStyle {
    /// Kestra EE ≤ 1.3: `startDate`, `endDate`, `namespace`, `resources`; a `filters[...]`
    /// parameter is a 400 (or ignored, see `ignore_unknown`).
    Flat,
    /// Kestra EE 2.0: `filters[...]` only; a flat filter parameter is a 400
    /// `invalid-query-filters`.
    Filters,
    /// Either.
    Both,
}

/// How the double behaves.
#[derive(Debug, Clone)]
pub struct KestraOptions {
    pub style: ParamStyle,
    /// Flat mode: ignore unknown `filters[...]` parameters (200, unfiltered) instead of a 400.
    pub ignore_unknown: bool,
    /// "≤ 1.2" mode: `auditLog.deleted` is served.
    pub legacy_deleted: bool,
    /// Basic credentials accepted.
    pub username: String,
    pub password: String,
    /// Bearer tokens accepted.
    pub tokens: Vec<String>,
    /// The tenant of every event (`/api/v1/{tenant}/...`; other tenants answer 404).
    pub tenant: String,
    /// Events sharing one timestamp, consecutively.
    pub tie_group: usize,
    /// Delay added to every answer.
    pub latency: Duration,
    pub seed: u64,
}

impl Default for KestraOptions {
    fn default() -> Self {
        KestraOptions {
            style: ParamStyle::Both,
            ignore_unknown: false,
            legacy_deleted: false,
            username: "admin@kestra.io".into(),
            password: "sim-password".into(),
            tokens: vec!["sim-token".into()],
            tenant: "main".into(),
            tie_group: 1,
            latency: Duration::ZERO,
            seed: 1,
        }
    }
}

/// One stored audit event.
#[derive(Debug, Clone)]
pub struct KestraEvent {
    pub id: String,
    pub time: Timestamp,
    /// When it becomes visible to searches (late ingestion).
    pub visible_at: Timestamp,
    pub resource: String,
    pub namespace: String,
    /// The `ApiAuditLogItem` (`{auditLog, user}`) as served (without `deleted`).
    pub item: Value,
}

/// One request the double answered.
#[derive(Debug, Clone)]
pub struct RequestRecord {
    pub path: String,
    pub query: String,
    pub status: u16,
}

/// A purge between pages: after `after` more successful searches, the `count` oldest
/// events are deleted.
#[derive(Debug, Clone, Copy)]
struct Purge {
    after: u64,
    count: usize,
}

struct Inner {
    options: KestraOptions,
    events: Vec<KestraEvent>,
    faults: VecDeque<(u16, Option<u64>)>,
    purges: Vec<Purge>,
    purged: Vec<String>,
    searches: u64,
    requests: Vec<RequestRecord>,
    rng: Rng,
}

/// A handle on the double; clones share it.
#[derive(Clone)]
pub struct KestraSim {
    inner: Arc<Mutex<Inner>>,
}

const ACTIONS: [&str; 4] = ["CREATE", "UPDATE", "READ", "DELETE"];
const RESOURCES: [&str; 4] = ["FLOW", "EXECUTION", "NAMESPACE", "KV_STORE"];
const NAMESPACES: [&str; 3] = ["company.team", "company.team.sub", "company.other"];

impl KestraSim {
    pub fn new(options: KestraOptions) -> Self {
        let rng = Rng::new(options.seed);
        KestraSim {
            inner: Arc::new(Mutex::new(Inner {
                options,
                events: Vec::new(),
                faults: VecDeque::new(),
                purges: Vec::new(),
                purged: Vec::new(),
                searches: 0,
                requests: Vec::new(),
                rng,
            })),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn router(&self) -> Router {
        Router::new()
            .route("/api/v1/auditlogs/search", get(handlers::search_all))
            .route(
                "/api/v1/{tenant}/auditlogs/search",
                get(handlers::search_tenant),
            )
            .with_state(self.clone())
    }

    /// Serves on `addr` (`127.0.0.1:0` for a free port) from the current runtime.
    pub async fn serve(&self, addr: &str) -> std::io::Result<SimServer> {
        SimServer::start(self.router(), addr).await
    }

    /// Serves on a free port from a thread of its own (synchronous tests).
    pub fn serve_in_thread(&self) -> std::io::Result<SimServer> {
        SimServer::start_in_thread(self.router())
    }

    pub fn options(&self) -> KestraOptions {
        self.lock().options.clone()
    }

    /// Accept these Basic credentials from now on (the old ones are refused).
    pub fn set_basic_credentials(&self, username: &str, password: &str) {
        let mut inner = self.lock();
        inner.options.username = username.into();
        inner.options.password = password.into();
    }

    /// Adds `n` events spread over the last `span` (ties per `tie_group`); returns their ids.
    pub fn generate(&self, n: usize, span: Duration) -> Vec<String> {
        let now = Utc::now();
        let group = self.lock().options.tie_group.max(1);
        let span_ms = span.as_millis() as i64;
        let step = span_ms / (n.max(1) as i64);
        let start = now - ChronoDuration::milliseconds(span_ms);
        (0..n)
            .map(|i| {
                let at = start + ChronoDuration::milliseconds(step * ((i / group * group) as i64));
                self.add(at, now)
            })
            .collect()
    }

    /// An event dated `time` (to the millisecond) visible from `visible_at`; returns its id.
    pub fn add(&self, time: Timestamp, visible_at: Timestamp) -> String {
        let mut inner = self.lock();
        let time = DateTime::from_timestamp_millis(time.timestamp_millis()).unwrap_or(time);
        let tenant = inner.options.tenant.clone();
        let rng = &mut inner.rng;
        let id = base62_id(rng);
        let user_id = format!("user{}", rng.below(5));
        let action = *rng.pick(&ACTIONS);
        let resource = *rng.pick(&RESOURCES);
        let namespace = *rng.pick(&NAMESPACES);
        let flow = format!("flow_{}", rng.below(20));
        let impersonated = rng.below(10) == 0;
        let item = json!({
            "auditLog": {
                "id": id,
                "tenantId": tenant,
                "type": action,
                "detail": {
                    "type": resource, "resourceType": resource, "permission": resource,
                    "id": format!("{namespace}_{flow}"), "namespace": namespace, "flowId": flow,
                    "executionId": if resource == "EXECUTION" { json!(base62_id(rng)) } else { Value::Null },
                },
                "date": time.to_rfc3339_opts(SecondsFormat::Millis, true),
                "userId": user_id,
                "ipAddress": format!("10.12.0.{}", rng.below(250)),
                "impersonatedBy": if impersonated { json!("admin") } else { Value::Null },
                "appliedPatch": [],
                "revertPatch": [],
            },
            "user": {
                "id": user_id, "username": format!("{user_id}@acme.io"),
                "email": format!("{user_id}@acme.io"), "type": "STANDARD", "superAdmin": false,
            },
        });
        inner.events.push(KestraEvent {
            id: id.clone(),
            time,
            visible_at,
            resource: resource.into(),
            namespace: namespace.into(),
            item,
        });
        id
    }

    /// A late event: it happened `age` ago and becomes visible only now.
    pub fn add_late(&self, age: Duration) -> String {
        let now = Utc::now();
        self.add(now - ChronoDuration::from_std(age).unwrap_or_default(), now)
    }

    /// Adds a prepared event (e.g. a failed login) as served.
    pub fn add_item(&self, item: Value, resource: &str, namespace: &str) {
        let log = item.get("auditLog").unwrap_or(&item);
        let id = log
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let time = log
            .get("date")
            .and_then(Value::as_str)
            .and_then(|d| DateTime::parse_from_rfc3339(d).ok())
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_else(Utc::now);
        self.lock().events.push(KestraEvent {
            id,
            time,
            visible_at: time,
            resource: resource.into(),
            namespace: namespace.into(),
            item,
        });
    }

    pub fn events(&self) -> Vec<KestraEvent> {
        self.lock().events.clone()
    }

    pub fn ids(&self) -> Vec<String> {
        self.lock().events.iter().map(|e| e.id.clone()).collect()
    }

    /// The next search requests (authenticated) are answered `status` (with `Retry-After`
    /// seconds if given), one each.
    pub fn push_fault(&self, status: u16, retry_after: Option<u64>) {
        self.lock().faults.push_back((status, retry_after));
    }

    /// After `after` more successful searches, the `count` oldest events are deleted (as
    /// Kestra's `PurgeAuditLogs` or the shipper's `delete: true` would, between two pages).
    pub fn purge_after(&self, after: u64, count: usize) {
        let mut inner = self.lock();
        let at = inner.searches + after;
        inner.purges.push(Purge { after: at, count });
    }

    /// Deletes the `count` oldest events now; returns their ids.
    pub fn purge_oldest(&self, count: usize) -> Vec<String> {
        purge_oldest(&mut self.lock(), count)
    }

    /// Ids deleted by purges so far.
    pub fn purged(&self) -> Vec<String> {
        self.lock().purged.clone()
    }

    pub fn requests(&self) -> Vec<RequestRecord> {
        self.lock().requests.clone()
    }

    fn record(&self, path: &str, query: &str, status: u16) {
        self.lock().requests.push(RequestRecord {
            path: path.into(),
            query: query.into(),
            status,
        });
    }
}

fn purge_oldest(inner: &mut Inner, count: usize) -> Vec<String> {
    let mut order: Vec<usize> = (0..inner.events.len()).collect();
    order.sort_by_key(|i| inner.events[*i].time);
    let doomed: Vec<usize> = order.into_iter().take(count).collect();
    let ids: Vec<String> = doomed.iter().map(|i| inner.events[*i].id.clone()).collect();
    let mut index = 0;
    inner.events.retain(|_| {
        index += 1;
        !doomed.contains(&(index - 1))
    });
    inner.purged.extend(ids.iter().cloned());
    ids
}

/// A 22-character base62 id like Kestra's.
fn base62_id(rng: &mut Rng) -> String {
    const ALPHABET: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    (0..22)
        .map(|_| ALPHABET[rng.below(ALPHABET.len())] as char)
        .collect()
}

#[cfg(test)]
mod tests;
