//! Test support: the receiver built from its factory and YAML, with a pipeline stand-in that
//! records each batch and acks it as told (deliver or fail), and the fixtures in `testdata/`.

mod config;
mod formats;
mod mapping;
mod resume;

use crate::AuditFileReceiverFactory;
use otelcol_core::confmap::parse_yaml;
use otelcol_core::pdata::{any_value::Value, AnyValue, LogRecord, ResourceLogs};
use otelcol_core::{
    ComponentId, CreateContext, Host, LogsBatch, LogsConsumer, Receiver, ReceiverContext,
    ReceiverFactory, Telemetry,
};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::mpsc;

pub(crate) fn testdata(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata")
        .join(name)
}

pub(crate) struct Harness {
    pub receiver: Box<dyn Receiver>,
    pub received: Arc<Mutex<Vec<ResourceLogs>>>,
    pub finished: mpsc::UnboundedReceiver<ComponentId>,
    pub telemetry: Telemetry,
    /// While `true`, batches are failed instead of delivered (and not recorded).
    pub failing: Arc<Mutex<bool>>,
}

impl Harness {
    /// Starts `auditfile` on `yaml` (the receiver's own block).
    pub(crate) async fn start(yaml: &str) -> Harness {
        let id = ComponentId::new("auditfile", None);
        let telemetry = Telemetry::default();
        let ctx = CreateContext {
            id: id.clone(),
            telemetry: telemetry.clone(),
            pipeline: None,
            host: Host::default(),
        };
        let config = parse_yaml("test.yaml", yaml).expect("test config parses");
        let mut receiver = AuditFileReceiverFactory
            .create(&ctx, &config)
            .expect("config is valid");
        let received: Arc<Mutex<Vec<ResourceLogs>>> = Arc::default();
        let failing = Arc::new(Mutex::new(false));
        let (tx, mut rx) = mpsc::channel::<LogsBatch>(4);
        let (sink, fail) = (received.clone(), failing.clone());
        tokio::spawn(async move {
            while let Some(batch) = rx.recv().await {
                if *fail.lock().unwrap() {
                    batch.fail("test exporter refuses");
                    continue;
                }
                sink.lock()
                    .unwrap()
                    .extend(batch.resource_logs.iter().cloned());
                batch.deliver();
            }
        });
        let (done, finished) = mpsc::unbounded_channel();
        let rctx = ReceiverContext::new(
            id,
            LogsConsumer::new(vec![tx]),
            Host::default(),
            telemetry.clone(),
            done,
        );
        receiver.start(rctx).await.expect("receiver starts");
        Harness {
            receiver,
            received,
            finished,
            telemetry,
            failing,
        }
    }

    /// Waits (bounded) for a one-shot receiver to finish, then shuts it down.
    pub(crate) async fn finish(mut self) -> Vec<ResourceLogs> {
        tokio::time::timeout(Duration::from_secs(60), self.finished.recv())
            .await
            .expect("finished within 60s")
            .expect("finished signal");
        self.receiver.shutdown().await.expect("shutdown");
        let received = self.received.lock().unwrap().clone();
        received
    }

    pub(crate) fn records(&self) -> Vec<LogRecord> {
        records(&self.received.lock().unwrap())
    }

    /// Polls until at least `n` records arrived (bounded).
    pub(crate) async fn wait_records(&self, n: usize) -> Vec<LogRecord> {
        for _ in 0..1200 {
            let got = self.records();
            if got.len() >= n {
                return got;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!(
            "fewer than {n} records within 60s: {}",
            self.records().len()
        );
    }

    pub(crate) fn counter(&self, name: &str) -> u64 {
        let text = self.telemetry.render_prometheus();
        text.lines()
            .find(|l| l.starts_with(name) && !l.starts_with('#'))
            .and_then(|l| l.rsplit(' ').next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    }
}

/// A one-shot import of `files` (extra YAML lines appended), returning what was delivered.
pub(crate) async fn import(files: &[PathBuf], extra: &str, state: &Path) -> Vec<ResourceLogs> {
    let include: Vec<String> = files
        .iter()
        .map(|f| format!("  - {}", f.display()))
        .collect();
    let yaml = format!(
        "include:\n{}\none_shot: true\ncheckpoint_file: {}\n{extra}",
        include.join("\n"),
        state.display()
    );
    Harness::start(&yaml).await.finish().await
}

pub(crate) fn records(rls: &[ResourceLogs]) -> Vec<LogRecord> {
    rls.iter()
        .flat_map(|rl| rl.scope_logs.iter())
        .flat_map(|sl| sl.log_records.iter().cloned())
        .collect()
}

pub(crate) fn attr<'a>(r: &'a LogRecord, key: &str) -> Option<&'a AnyValue> {
    r.attributes
        .iter()
        .find(|kv| kv.key == key)
        .and_then(|kv| kv.value.as_ref())
}

pub(crate) fn text_attr(r: &LogRecord, key: &str) -> Option<String> {
    match attr(r, key).and_then(|v| v.value.as_ref()) {
        Some(Value::StringValue(s)) => Some(s.clone()),
        _ => None,
    }
}

/// The event id of a record, whatever its vendor (`id` for CAST AI v1, `event.id` else).
pub(crate) fn event_id(r: &LogRecord) -> Option<String> {
    text_attr(r, "event.id").or_else(|| text_attr(r, "id"))
}

pub(crate) fn service_names(rls: &[ResourceLogs]) -> Vec<String> {
    rls.iter()
        .filter_map(|rl| rl.resource.as_ref())
        .filter_map(|r| r.attributes.iter().find(|kv| kv.key == "service.name"))
        .filter_map(
            |kv| match kv.value.as_ref().and_then(|v| v.value.as_ref()) {
                Some(Value::StringValue(s)) => Some(s.clone()),
                _ => None,
            },
        )
        .collect()
}
