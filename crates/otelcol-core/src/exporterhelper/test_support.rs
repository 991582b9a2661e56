//! Test doubles for the exporter machinery: a scripted exporter, an in-memory storage
//! extension (with failure switches), a harness that runs a `QueueSender` over an intake, and
//! a log capture.

use super::{ExporterHelperSettings, QueueSender, ShutdownDeadline};
use crate::ack::{Ack, AckOutcome};
use crate::batch::{ClientContext, LogsBatch};
use crate::component::{ComponentError, ComponentId, ExportError, Exporter, Extension, Kind};
use crate::host::Host;
use crate::pdata::{string_value, AnyValue, LogRecord, ResourceLogs, ScopeLogs};
use crate::storage::{StorageClient, StorageExtension, StorageOp};
use crate::telemetry::Telemetry;
use crate::AckSet;
use async_trait::async_trait;
use std::collections::{BTreeMap, VecDeque};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{mpsc, watch};
use tokio::task::JoinHandle;
use tokio::time::Instant;

pub fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// A batch of records whose bodies are `bodies`.
pub fn batch_of(bodies: &[&str], acks: AckSet) -> LogsBatch {
    let records = bodies
        .iter()
        .map(|b| LogRecord {
            body: Some(string_value(*b)),
            ..Default::default()
        })
        .collect();
    LogsBatch::new(
        vec![ResourceLogs {
            scope_logs: vec![ScopeLogs {
                log_records: records,
                ..Default::default()
            }],
            ..Default::default()
        }],
        acks,
    )
}

pub fn bodies(batch: &LogsBatch) -> Vec<String> {
    let mut out = Vec::new();
    for rl in &batch.resource_logs {
        for sl in &rl.scope_logs {
            for r in &sl.log_records {
                if let Some(AnyValue {
                    value: Some(crate::pdata::any_value::Value::StringValue(s)),
                }) = &r.body
                {
                    out.push(s.clone());
                }
            }
        }
    }
    out
}

/// An exporter that answers attempts from a script (then with `fallback`), records what it
/// was given, and can be held (`hold`) so that exports wait until released.
pub struct ScriptedExporter {
    pub settings: ExporterHelperSettings,
    script: Mutex<VecDeque<Result<(), ExportError>>>,
    fallback: Mutex<Result<(), ExportError>>,
    /// When each attempt started.
    pub attempts: Mutex<Vec<Instant>>,
    /// Bodies of every successful export, in order of completion.
    pub delivered: Mutex<Vec<String>>,
    /// Client context of every successful export.
    pub clients: Mutex<Vec<Arc<ClientContext>>>,
    /// How long every attempt takes.
    pub latency: Mutex<Duration>,
    held: watch::Sender<bool>,
    in_flight: AtomicUsize,
    pub max_in_flight: AtomicUsize,
}

impl ScriptedExporter {
    pub fn new(settings: ExporterHelperSettings) -> Arc<Self> {
        Arc::new(ScriptedExporter {
            settings,
            script: Mutex::default(),
            fallback: Mutex::new(Ok(())),
            attempts: Mutex::default(),
            delivered: Mutex::default(),
            clients: Mutex::default(),
            latency: Mutex::new(Duration::ZERO),
            held: watch::Sender::new(false),
            in_flight: AtomicUsize::new(0),
            max_in_flight: AtomicUsize::new(0),
        })
    }

    /// The next attempts answer these, in order.
    pub fn script(&self, answers: impl IntoIterator<Item = Result<(), ExportError>>) {
        lock(&self.script).extend(answers);
    }

    /// Attempts after the script answer this.
    pub fn always(&self, answer: Result<(), ExportError>) {
        *lock(&self.fallback) = answer;
    }

    /// Attempts wait until `release`d.
    pub fn hold(&self) {
        self.held.send_replace(true);
    }

    /// Lets every waiting and future attempt through.
    pub fn release(&self) {
        self.held.send_replace(false);
    }

    pub fn attempt_count(&self) -> usize {
        lock(&self.attempts).len()
    }

    pub fn delivered(&self) -> Vec<String> {
        lock(&self.delivered).clone()
    }
}

#[async_trait]
impl Exporter for ScriptedExporter {
    async fn export(&self, batch: &LogsBatch) -> Result<(), ExportError> {
        lock(&self.attempts).push(Instant::now());
        let now = self.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        self.max_in_flight.fetch_max(now, Ordering::SeqCst);
        let _ = self.held.subscribe().wait_for(|held| !held).await;
        let latency = *lock(&self.latency);
        if !latency.is_zero() {
            tokio::time::sleep(latency).await;
        }
        self.in_flight.fetch_sub(1, Ordering::SeqCst);
        let answer = lock(&self.script)
            .pop_front()
            .unwrap_or_else(|| lock(&self.fallback).clone());
        if answer.is_ok() {
            lock(&self.delivered).extend(bodies(batch));
            lock(&self.clients).push(batch.client.clone());
        }
        answer
    }

    fn helper_settings(&self) -> ExporterHelperSettings {
        self.settings.clone()
    }
}

/// A storage client over a shared map, so a "restarted" collector sees the same data.
#[derive(Clone, Default)]
pub struct MemoryStorage {
    pub data: Arc<Mutex<BTreeMap<String, Vec<u8>>>>,
    pub fail_writes: Arc<AtomicBool>,
    pub closed: Arc<AtomicBool>,
}

impl MemoryStorage {
    /// The stored batch keys (every key but the metadata).
    pub fn item_keys(&self) -> Vec<String> {
        lock(&self.data)
            .keys()
            .filter(|k| k.as_str() != super::stored::METADATA_KEY)
            .cloned()
            .collect()
    }
}

#[async_trait]
impl StorageClient for MemoryStorage {
    async fn get(&self, key: &str) -> Result<Option<Vec<u8>>, ComponentError> {
        Ok(lock(&self.data).get(key).cloned())
    }
    async fn set(&self, key: &str, value: Vec<u8>) -> Result<(), ComponentError> {
        self.batch(vec![StorageOp::Set(key.into(), value)])
            .await
            .map(|_| ())
    }
    async fn delete(&self, key: &str) -> Result<(), ComponentError> {
        self.batch(vec![StorageOp::Delete(key.into())])
            .await
            .map(|_| ())
    }
    async fn batch(&self, ops: Vec<StorageOp>) -> Result<Vec<Option<Vec<u8>>>, ComponentError> {
        let writes = ops.iter().any(|op| !matches!(op, StorageOp::Get(_)));
        if writes && self.fail_writes.load(Ordering::SeqCst) {
            return Err(ComponentError::new("disk full"));
        }
        let mut data = lock(&self.data);
        let mut copy = data.clone();
        let results = ops
            .into_iter()
            .map(|op| match op {
                StorageOp::Get(k) => copy.get(&k).cloned(),
                StorageOp::Set(k, v) => {
                    copy.insert(k, v);
                    None
                }
                StorageOp::Delete(k) => {
                    copy.remove(&k);
                    None
                }
            })
            .collect();
        *data = copy;
        Ok(results)
    }
    async fn close(&self) -> Result<(), ComponentError> {
        self.closed.store(true, Ordering::SeqCst);
        Ok(())
    }
}

/// A storage extension handing out one shared [`MemoryStorage`]; records the clients asked for.
#[derive(Default)]
pub struct MemoryStorageExtension {
    pub storage: MemoryStorage,
    pub requested: Mutex<Vec<(Kind, ComponentId, String)>>,
}

#[async_trait]
impl Extension for MemoryStorageExtension {
    async fn start(&self, _host: &Host) -> Result<(), ComponentError> {
        Ok(())
    }
    async fn shutdown(&self) -> Result<(), ComponentError> {
        Ok(())
    }
    fn as_storage(self: Arc<Self>) -> Option<Arc<dyn StorageExtension>> {
        Some(self)
    }
}

#[async_trait]
impl StorageExtension for MemoryStorageExtension {
    async fn client(
        &self,
        kind: Kind,
        component: &ComponentId,
        name: &str,
    ) -> Result<Arc<dyn StorageClient>, ComponentError> {
        lock(&self.requested).push((kind, component.clone(), name.to_string()));
        Ok(Arc::new(self.storage.clone()))
    }
}

/// A host whose extensions are `(id, extension)`.
pub fn host_with(extensions: Vec<(&str, Arc<dyn Extension>)>) -> Host {
    Host::new(
        extensions
            .into_iter()
            .map(|(id, ext)| (ComponentId::parse(id).expect("id"), ext))
            .collect(),
    )
}

pub fn exporter_id() -> ComponentId {
    ComponentId::new("sink", None)
}

/// A `QueueSender` running over an intake, as the runtime runs it.
pub struct Harness {
    pub intake: Option<mpsc::Sender<LogsBatch>>,
    pub task: JoinHandle<()>,
    pub deadline: ShutdownDeadline,
    pub telemetry: Telemetry,
}

impl Harness {
    pub async fn start(
        exporter: Arc<ScriptedExporter>,
        host: &Host,
    ) -> Result<Harness, ComponentError> {
        let telemetry = Telemetry::default();
        let deadline = ShutdownDeadline::default();
        let sender =
            QueueSender::start(exporter_id(), exporter, host, &telemetry, &deadline).await?;
        let (tx, rx) = mpsc::channel(64);
        let task = tokio::spawn(sender.run(rx));
        Ok(Harness {
            intake: Some(tx),
            task,
            deadline,
            telemetry,
        })
    }

    /// Sends a batch with one ack; the returned task resolves to its outcome.
    pub async fn send(&self, bodies: &[&str]) -> JoinHandle<AckOutcome> {
        let (ack, waiter) = Ack::new();
        self.send_batch(batch_of(bodies, AckSet::single(ack))).await;
        tokio::spawn(waiter.outcome())
    }

    pub async fn send_batch(&self, batch: LogsBatch) {
        let intake = self.intake.as_ref().expect("intake open");
        intake.send(batch).await.expect("exporter task runs");
    }

    /// Graceful stop: the runtime's deadline starts and the intake closes; waits for the task.
    pub async fn stop(mut self, within: Duration) {
        self.deadline.begin(within);
        self.intake.take();
        self.task.await.expect("exporter task ends cleanly");
    }

    /// A crash: the task is dropped mid-work, nothing is shut down.
    pub async fn crash(self) {
        self.task.abort();
        let _ = self.task.await;
    }

    pub fn metric(&self, name: &str) -> Option<i64> {
        let text = self.telemetry.render_prometheus();
        let prefix = format!("{name}{{exporter=\"sink\"}} ");
        text.lines()
            .find_map(|l| l.strip_prefix(prefix.as_str()))
            .and_then(|v| v.parse().ok())
    }
}

/// Waits (in virtual or real time) until `check` holds, at most 1000 steps of 10 ms.
pub async fn eventually(what: &str, mut check: impl FnMut() -> bool) {
    for _ in 0..1000 {
        if check() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("timed out waiting for {what}");
}

/// Captures what is logged on this thread (tests run on a current-thread runtime).
#[derive(Clone, Default)]
pub struct LogCapture(Arc<Mutex<Vec<u8>>>);

impl LogCapture {
    pub fn install(&self) -> tracing::subscriber::DefaultGuard {
        let writer = self.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(move || writer.clone())
            .with_ansi(false)
            .with_max_level(tracing::Level::INFO)
            .finish();
        tracing::subscriber::set_default(subscriber)
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&lock(&self.0)).into_owned()
    }
}

impl std::io::Write for LogCapture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        lock(&self.0).extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
