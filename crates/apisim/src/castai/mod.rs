//! The CAST AI audit API double: v1 `GET /v1/audit` and v2 `GET /v2/audit/events`, as
//! described in `reference/castai-api-and-receiver.md`. Where the real API is unknown, the
//! double takes the awkward side: both window ends inclusive, newest-first by default,
//! empty lists omitted from the JSON, `nextCursor` absent on the last page.

mod events;
mod faults;
mod handlers;
mod render;
mod store;

pub use events::{Actor, Generator, SimEvent, Timestamp};
pub use faults::{Fault, Faults, RequestRecord};
pub use render::TimeStyle;
pub use store::{Filters, Listing, Order};

use crate::rng::Rng;
use crate::server::SimServer;
use axum::routing::get;
use axum::Router;
use chrono::Utc;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};
use store::Store;

/// How the double behaves.
#[derive(Debug, Clone)]
pub struct CastAiOptions {
    /// Keys with the Audit Log read scope.
    pub keys: Vec<String>,
    /// Keys without it (answered 403).
    pub forbidden_keys: Vec<String>,
    /// v1 result order (v2 follows `sort.order`).
    pub order: Order,
    pub time_style: TimeStyle,
    /// Leave `items`/`events` out of an empty page (proto3 JSON does).
    pub omit_empty: bool,
    /// Largest v1 `page.limit` accepted.
    pub max_page_limit: usize,
}

impl Default for CastAiOptions {
    fn default() -> Self {
        CastAiOptions {
            keys: vec!["test-key".into()],
            forbidden_keys: vec!["no-scope-key".into()],
            order: Order::NewestFirst,
            time_style: TimeStyle::Utc,
            omit_empty: true,
            max_page_limit: 1000,
        }
    }
}

struct Inner {
    options: CastAiOptions,
    store: Store,
    faults: Faults,
    requests: Vec<RequestRecord>,
    begun: u64,
    generator: Generator,
    rng: Rng,
}

/// A handle on the double; clones share it.
#[derive(Clone)]
pub struct CastAiSim {
    inner: Arc<Mutex<Inner>>,
}

impl CastAiSim {
    pub fn new(options: CastAiOptions) -> Self {
        let mut faults = Faults::default();
        faults.valid_keys = options.keys.iter().cloned().collect();
        faults.forbidden_keys = options.forbidden_keys.iter().cloned().collect();
        CastAiSim {
            inner: Arc::new(Mutex::new(Inner {
                options,
                store: Store::default(),
                faults,
                requests: Vec::new(),
                begun: 0,
                generator: Generator::default(),
                rng: Rng::new(0xC0FFEE),
            })),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn router(&self) -> Router {
        Router::new()
            .route("/v1/audit", get(handlers::v1_list))
            .route("/v2/audit/events", get(handlers::v2_list))
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

    pub fn options(&self) -> CastAiOptions {
        self.lock().options.clone()
    }

    /// Replaces how events are generated (seed, clusters, timestamp ties).
    pub fn set_generator(&self, generator: Generator) {
        self.lock().generator = generator;
    }

    pub fn generator(&self) -> Generator {
        self.lock().generator.clone()
    }

    /// Adds `n` generated events spread over the last `span`; returns their ids.
    pub fn generate(&self, n: usize, span: Duration) -> Vec<String> {
        let mut inner = self.lock();
        let events = inner.generator.generate(n, span, Utc::now());
        let ids = events.iter().map(|e| e.id.clone()).collect();
        inner.store.add(events);
        ids
    }

    pub fn add_events(&self, events: Vec<SimEvent>) {
        self.lock().store.add(events);
    }

    /// A late-ingested event: it happened `age` ago and becomes visible only now.
    pub fn add_late(&self, age: Duration) -> String {
        self.add_at(Utc::now() - chrono::Duration::from_std(age).unwrap_or_default())
    }

    /// An event at `time`, visible now.
    pub fn add_at(&self, time: Timestamp) -> String {
        let mut inner = self.lock();
        let Inner {
            generator,
            rng,
            store,
            ..
        } = &mut *inner;
        let event = generator.event(rng, time, Utc::now());
        let id = event.id.clone();
        store.add(vec![event]);
        id
    }

    /// Every event (visible or not yet), oldest first.
    pub fn events(&self) -> Vec<SimEvent> {
        self.lock().store.all().to_vec()
    }

    pub fn ids(&self) -> Vec<String> {
        self.lock()
            .store
            .all()
            .iter()
            .map(|e| e.id.clone())
            .collect()
    }

    /// Changes the faults (keys, storms, queued failures, latency).
    pub fn faults<R>(&self, f: impl FnOnce(&mut Faults) -> R) -> R {
        f(&mut self.lock().faults)
    }

    /// 429 with `Retry-After: retry_after_secs` to every request for `duration`.
    pub fn throttle_for(&self, duration: Duration, retry_after_secs: u64) {
        self.faults(|f| f.throttle_until = Some((Instant::now() + duration, retry_after_secs)));
    }

    pub fn push_fault(&self, fault: Fault) {
        self.faults(|f| f.next.push_back(fault));
    }

    /// Every request so far.
    pub fn requests(&self) -> Vec<RequestRecord> {
        self.lock().requests.clone()
    }

    fn begin_request(&self, key: Option<&str>) -> (u64, Duration, faults::KeyCheck, Option<Fault>) {
        let mut inner = self.lock();
        inner.begun += 1;
        let n = inner.begun;
        let check = inner.faults.check_key(key);
        let fault = if check == faults::KeyCheck::Ok {
            inner.faults.take(n, Instant::now())
        } else {
            None
        };
        (n, inner.faults.latency, check, fault)
    }

    fn record(&self, r: RequestRecord) {
        self.lock().requests.push(r);
    }

    fn page(&self, listing: &Listing, limit: usize) -> (Vec<SimEvent>, Option<Listing>) {
        self.lock().store.page(listing, limit, Utc::now())
    }
}
