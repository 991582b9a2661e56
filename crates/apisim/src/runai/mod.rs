//! The Run:ai control-plane double: `POST /api/v2/token` (form), `POST /api/v1/token` (JSON,
//! keys case-insensitive), `GET /api/v1/audit/log` (with `filterBy`) and the classic
//! `GET /v1/k8s/audit` (a bare array, newest first), as described in
//! `reference/runai-kestra-astra-apis.md` §A and §D. Where the real API is unknown the double
//! takes the awkward side: both window ends inclusive, `next` always present, events that
//! share a timestamp, events that become visible late, tokens that expire mid-run, classic
//! numbers sometimes sent as strings.

mod classic;
mod filter_by;
mod handlers;

use crate::rng::Rng;
use crate::server::SimServer;
use axum::routing::{get, post};
use axum::Router;
use chrono::{DateTime, Duration as ChronoDuration, Utc};
use serde_json::{json, Value};
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

pub type Timestamp = DateTime<Utc>;

/// How the double behaves.
#[derive(Debug, Clone)]
pub struct RunaiOptions {
    /// Client credentials accepted by both token endpoints.
    pub client_id: String,
    pub client_secret: String,
    /// Tokens accepted as they are (a static bearer token).
    pub static_tokens: Vec<String>,
    /// `expires_in` of issued tokens (also their JWT `exp`).
    pub token_ttl: Duration,
    /// Leave `expires_in`/`expiresIn` out of token answers (clients must read the JWT `exp`).
    pub omit_expires_in: bool,
    /// An issued token expires (401) after this many audit log requests.
    pub token_uses: Option<u32>,
    /// Events sharing one timestamp, consecutively.
    pub tie_group: usize,
    pub seed: u64,
    /// Serve `GET /api/v1/audit/log`; `false`: it answers 404 (a control plane before 2.19).
    pub current_api: bool,
    /// Serve the classic `GET /v1/k8s/audit`; `false`: it answers 404.
    pub classic_api: bool,
    /// Delay before answering an audit log request (slow pages).
    pub latency: Duration,
}

impl Default for RunaiOptions {
    fn default() -> Self {
        RunaiOptions {
            client_id: "sim-client".into(),
            client_secret: "sim-secret".into(),
            static_tokens: vec!["static-token".into()],
            token_ttl: Duration::from_secs(3600),
            omit_expires_in: false,
            token_uses: None,
            tie_group: 1,
            seed: 1,
            current_api: true,
            classic_api: true,
            latency: Duration::ZERO,
        }
    }
}

/// One stored audit event.
#[derive(Debug, Clone)]
pub struct RunaiEvent {
    pub id: String,
    pub time: Timestamp,
    /// When it becomes visible to queries (late ingestion).
    pub visible_at: Timestamp,
    /// The `AuditLog` JSON as served by `GET /api/v1/audit/log`.
    pub record: Value,
    /// The id of the same event in the classic API (an integer, sent as number or string).
    pub classic_id: String,
    /// The classic `AuditLogRecord` JSON as served by `GET /v1/k8s/audit`.
    pub classic: Value,
}

/// One request the double answered.
#[derive(Debug, Clone)]
pub struct RequestRecord {
    pub path: String,
    pub query: String,
    pub status: u16,
}

struct Token {
    expires_at: Timestamp,
    uses_left: Option<u32>,
}

struct Inner {
    options: RunaiOptions,
    events: Vec<RunaiEvent>,
    tokens: HashMap<String, Token>,
    issued: u64,
    faults: VecDeque<(u16, Option<u64>)>,
    requests: Vec<RequestRecord>,
    rng: Rng,
}

/// A handle on the double; clones share it.
#[derive(Clone)]
pub struct RunaiSim {
    inner: Arc<Mutex<Inner>>,
}

const ACTIONS: [&str; 6] = [
    "create",
    "update",
    "delete",
    "sign-in",
    "sign-out",
    "reset-password",
];
const ENTITIES: [&str; 5] = ["project", "department", "user", "access-rule", "node-pool"];

impl RunaiSim {
    pub fn new(options: RunaiOptions) -> Self {
        let rng = Rng::new(options.seed);
        RunaiSim {
            inner: Arc::new(Mutex::new(Inner {
                options,
                events: Vec::new(),
                tokens: HashMap::new(),
                issued: 0,
                faults: VecDeque::new(),
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
            .route("/api/v2/token", post(handlers::token_v2))
            .route("/api/v1/token", post(handlers::token_v1))
            .route("/api/v1/audit/log", get(handlers::audit_log))
            .route("/v1/k8s/audit", get(classic::audit))
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

    pub fn options(&self) -> RunaiOptions {
        self.lock().options.clone()
    }

    /// Adds `n` events spread over the last `span` (ties per `tie_group`); returns their ids.
    pub fn generate(&self, n: usize, span: Duration) -> Vec<String> {
        let now = Utc::now();
        let group = self.lock().options.tie_group.max(1);
        let step = span.as_millis() as i64 / (n.max(1) as i64);
        let start = now - ChronoDuration::milliseconds(span.as_millis() as i64);
        (0..n)
            .map(|i| {
                let at = start + ChronoDuration::milliseconds(step * ((i / group * group) as i64));
                self.add(at, now)
            })
            .collect()
    }

    /// An event that happened at `time` and is visible from `visible_at`; returns its id.
    pub fn add(&self, time: Timestamp, visible_at: Timestamp) -> String {
        let mut inner = self.lock();
        let rng = &mut inner.rng;
        let id = rng.uuid();
        let action = *rng.pick(&ACTIONS);
        let entity = *rng.pick(&ENTITIES);
        let failed = rng.below(10) == 0;
        let app = rng.below(3) == 0;
        let n = rng.below(1000);
        let status = if failed {
            *rng.pick(&[403, 404, 500])
        } else {
            200
        };
        let record = json!({
            "id": id,
            "timestamp": time.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            "tenant_id": if n.is_multiple_of(2) { json!(1001) } else { json!("1001") },
            "subject": if app { "ci-bot".to_string() } else { format!("user{}@example.com", n % 7) },
            "subject_type": if app { "App" } else { "User" },
            "source_ip": format!("10.0.{}.{}", n % 255, n % 7),
            "action": action,
            "http_method": match action { "create" => "POST", "delete" => "DELETE", _ => "PUT" },
            "url": format!("/api/v1/org-unit/{entity}s/{n}"),
            "entity_type": entity,
            "entity_name": format!("{entity}-{n}"),
            "entity_id": n.to_string(),
            "result": if failed { "Failed" } else { "Succeeded" },
            "http_status_code": status,
            "cluster_name": "gpu-prod",
            "cluster_id": "d3d1bfdf-67c4-41fa-b065-858242731616",
            "request_id": rng.uuid(),
            "metadata": {},
        });
        let classic_id = (inner.events.len() + 1).to_string();
        let classic = classic::record(&record, &classic_id, n);
        inner.events.push(RunaiEvent {
            id: id.clone(),
            time,
            visible_at,
            record,
            classic_id,
            classic,
        });
        id
    }

    /// A late event: it happened `age` ago and becomes visible only now.
    pub fn add_late(&self, age: Duration) -> String {
        let now = Utc::now();
        self.add(now - ChronoDuration::from_std(age).unwrap_or_default(), now)
    }

    pub fn events(&self) -> Vec<RunaiEvent> {
        self.lock().events.clone()
    }

    pub fn ids(&self) -> Vec<String> {
        self.lock().events.iter().map(|e| e.id.clone()).collect()
    }

    /// The classic API's ids of every event (`ids()` in the same order).
    pub fn classic_ids(&self) -> Vec<String> {
        self.lock()
            .events
            .iter()
            .map(|e| e.classic_id.clone())
            .collect()
    }

    /// The classic id of the event with the current API's id `id`.
    pub fn classic_id_of(&self, id: &str) -> Option<String> {
        self.lock()
            .events
            .iter()
            .find(|e| e.id == id)
            .map(|e| e.classic_id.clone())
    }

    /// Switches the current API on or off (off: 404, as before 2.19).
    pub fn set_current_api(&self, on: bool) {
        self.lock().options.current_api = on;
    }

    /// Replaces the accepted static tokens.
    pub fn set_static_tokens(&self, tokens: Vec<String>) {
        self.lock().options.static_tokens = tokens;
    }

    /// Replaces the accepted client secret.
    pub fn set_client_secret(&self, secret: &str) {
        self.lock().options.client_secret = secret.to_string();
    }

    /// The next audit log requests (with a valid token) are answered `status` (with
    /// `Retry-After` seconds if given), one each.
    pub fn push_fault(&self, status: u16, retry_after: Option<u64>) {
        self.lock().faults.push_back((status, retry_after));
    }

    /// Every token ever issued expires now.
    pub fn expire_tokens(&self) {
        let now = Utc::now();
        for t in self.lock().tokens.values_mut() {
            t.expires_at = now;
        }
    }

    /// How many tokens the token endpoints issued.
    pub fn tokens_issued(&self) -> u64 {
        self.lock().issued
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

#[cfg(test)]
mod tests;
