//! Test rig: a tiny paged audit API on an ephemeral port, a sink exporter that records event
//! ids (and can fail on demand), and a collector graph built from YAML with the receiver
//! registered the way `components.rs` would register it.

mod config;
mod polling;

use crate::PagedJsonAuditReceiverFactory;
use async_trait::async_trait;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use otelcol_core::confmap;
use otelcol_core::pdata::{any_value, find_attribute};
use otelcol_core::service::{CollectorConfig, Graph};
use otelcol_core::{
    Components, CreateContext, CreateError, ExportError, Exporter, ExporterFactory, FactoryInfo,
    LogsBatch, Stability, Telemetry,
};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub(crate) const API_KEY: &str = "secret-key-123";

/// An audit API: `GET /audit?cursor=pN` → `{"data": {"events": [...]}, "next": "pN+1"}`;
/// the last page has no `next`. Wants `X-API-Key`; can answer 500 a given number of times.
#[derive(Default)]
pub(crate) struct Api {
    pub pages: Mutex<Vec<Vec<Value>>>,
    /// The cursor of every request, in order (`None` = first page).
    pub requests: Mutex<Vec<Option<String>>>,
    pub fail_next: AtomicUsize,
}

impl Api {
    pub fn with_pages(pages: &[usize]) -> Arc<Api> {
        let api = Arc::new(Api::default());
        let mut n = 0;
        for &size in pages {
            let page = (0..size)
                .map(|_| {
                    n += 1;
                    event(n - 1)
                })
                .collect();
            api.pages.lock().expect("lock").push(page);
        }
        api
    }

    /// Appends events to the last page (new activity at the end of the log).
    pub fn append(&self, ids: std::ops::Range<usize>) {
        let mut pages = self.pages.lock().expect("lock");
        let last = pages.last_mut().expect("a page");
        last.extend(ids.map(event));
    }

    pub fn requests(&self) -> Vec<Option<String>> {
        self.requests.lock().expect("lock").clone()
    }
}

pub(crate) fn event(n: usize) -> Value {
    json!({
        "id": format!("e{n}"),
        "time": format!("2025-01-01T00:{:02}:{:02}Z", n / 60 % 60, n % 60),
        "action": "user.login",
        "actor": {"email": "ann@example.com"},
    })
}

pub(crate) fn ids(range: std::ops::Range<usize>) -> Vec<String> {
    range.map(|n| format!("e{n}")).collect()
}

async fn audit(
    State(api): State<Arc<Api>>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    if headers.get("x-api-key").and_then(|v| v.to_str().ok()) != Some(API_KEY) {
        return (StatusCode::UNAUTHORIZED, "invalid api key").into_response();
    }
    let cursor = query.get("cursor").cloned();
    api.requests.lock().expect("lock").push(cursor.clone());
    if api
        .fail_next
        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
        .is_ok()
    {
        return (StatusCode::INTERNAL_SERVER_ERROR, "try later").into_response();
    }
    let index = cursor
        .as_deref()
        .and_then(|c| c.strip_prefix('p'))
        .and_then(|n| n.parse::<usize>().ok())
        .unwrap_or(0);
    let pages = api.pages.lock().expect("lock");
    let events = pages.get(index).cloned().unwrap_or_default();
    let mut body = json!({"data": {"events": events}});
    if index + 1 < pages.len() {
        body["next"] = json!(format!("p{}", index + 1));
    }
    Json(body).into_response()
}

/// Serves `api` on 127.0.0.1 and returns the page URL.
pub(crate) async fn serve(api: Arc<Api>) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let app = axum::Router::new()
        .route("/audit", axum::routing::get(audit))
        .with_state(api);
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    format!("http://{addr}/audit")
}

/// What reached the backend: the `event.id` of every delivered record, in order.
#[derive(Clone, Default)]
pub(crate) struct Sink {
    pub ids: Arc<Mutex<Vec<String>>>,
    pub fail_first: Arc<AtomicUsize>,
}

impl Sink {
    pub fn ids(&self) -> Vec<String> {
        self.ids.lock().expect("lock").clone()
    }
}

struct SinkExporter(Sink);

#[async_trait]
impl Exporter for SinkExporter {
    async fn export(&self, batch: &LogsBatch) -> Result<(), ExportError> {
        let failing = self
            .0
            .fail_first
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1));
        if failing.is_ok() {
            return Err(ExportError::Permanent("backend said 400".into()));
        }
        let mut ids = self.0.ids.lock().expect("lock");
        for rl in &batch.resource_logs {
            for sl in &rl.scope_logs {
                for rec in &sl.log_records {
                    let id = match find_attribute(&rec.attributes, "event.id")
                        .and_then(|v| v.value.as_ref())
                    {
                        Some(any_value::Value::StringValue(s)) => s.clone(),
                        _ => "<no id>".into(),
                    };
                    ids.push(id);
                }
            }
        }
        Ok(())
    }
}

struct SinkFactory(Sink);

impl ExporterFactory for SinkFactory {
    fn info(&self) -> FactoryInfo {
        FactoryInfo {
            type_name: "sink",
            aliases: &[],
            stability: Stability::Development,
            module: "test",
        }
    }
    fn create(
        &self,
        _: &CreateContext,
        _: &confmap::ConfValue,
    ) -> Result<Arc<dyn Exporter>, CreateError> {
        Ok(Arc::new(SinkExporter(self.0.clone())))
    }
}

/// The components of a distribution that links this receiver (plus the test sink).
pub(crate) fn components(sink: &Sink) -> Components {
    Components::default()
        .receiver(PagedJsonAuditReceiverFactory)
        .exporter(SinkFactory(sink.clone()))
        .extension(otelcol_extensions::file_storage::FileStorageExtensionFactory)
}

pub(crate) fn graph(yaml: &str, sink: &Sink) -> Result<Graph, String> {
    let root = confmap::parse_yaml("test.yaml", yaml).map_err(|e| e.to_string())?;
    let config = CollectorConfig::from_value(&root).map_err(|e| e.to_string())?;
    Graph::build(&components(sink), &config, Telemetry::default()).map_err(|e| e.to_string())
}

/// A collector config: the receiver against `url`, into the sink; `extra` is added to the
/// receiver's keys, `storage_dir` adds a file_storage extension there.
pub(crate) fn collector_yaml(url: &str, extra: &str, storage_dir: Option<&str>) -> String {
    let mut yaml = format!(
        "receivers:\n  paged_json_audit:\n    url: {url}\n    headers:\n      X-API-Key: {API_KEY}\n    items_path: data.events\n    cursor_field: next\n{extra}"
    );
    yaml.push_str("exporters:\n  sink:\n");
    if let Some(dir) = storage_dir {
        yaml.push_str(&format!(
            "extensions:\n  file_storage:\n    directory: {dir}\nservice:\n  extensions: [file_storage]\n"
        ));
    } else {
        yaml.push_str("service:\n");
    }
    yaml.push_str(
        "  pipelines:\n    logs:\n      receivers: [paged_json_audit]\n      exporters: [sink]\n",
    );
    yaml
}

/// Waits (bounded) until `check` holds.
pub(crate) async fn poll_until(what: &str, mut check: impl FnMut() -> bool) {
    for _ in 0..2_000 {
        if check() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("timed out waiting for {what}");
}
