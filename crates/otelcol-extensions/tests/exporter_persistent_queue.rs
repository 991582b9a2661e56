//! The exporter persistent queue (`sending_queue.storage`) end to end on the real
//! `file_storage` extension, through the collector runtime: data acknowledged while the
//! backend is down survives a graceful restart and a SIGKILL, and is exported afterwards.

use async_trait::async_trait;
use otelcol_core::confmap::{parse_yaml, ConfValue, GoDuration};
use otelcol_core::exporterhelper::{ExporterHelperSettings, QueueConfig, RetryConfig};
use otelcol_core::pdata::{any_value, string_value, LogRecord, ResourceLogs, ScopeLogs};
use otelcol_core::service::{CollectorConfig, Graph};
use otelcol_core::{
    Ack, AckSet, ComponentError, ComponentId, Components, CreateContext, CreateError, ExportError,
    Exporter, ExporterFactory, FactoryInfo, Kind, LogsBatch, Receiver, ReceiverContext,
    ReceiverFactory, Stability, Telemetry,
};
use otelcol_extensions::file_storage::{client_path, FileStorageExtensionFactory};
use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

const CHILD_DIR_ENV: &str = "OTELCOL_EXTENSIONS_QUEUE_CHILD_DIR";
const ACKS_BEFORE_KILL: usize = 200;

fn info(type_name: &'static str) -> FactoryInfo {
    FactoryInfo {
        type_name,
        aliases: &[],
        stability: Stability::Development,
        module: "test",
    }
}

fn record(body: &str) -> LogsBatch {
    let rl = ResourceLogs {
        scope_logs: vec![ScopeLogs {
            log_records: vec![LogRecord {
                body: Some(string_value(body)),
                ..Default::default()
            }],
            ..Default::default()
        }],
        ..Default::default()
    };
    LogsBatch::new(vec![rl], AckSet::none())
}

/// Sends `count` one-record batches (`r0`, `r1`, ...), one at a time, awaiting each ack;
/// prints `acked <i>` when `print` (the crash child), then finishes if `finish`.
#[derive(Clone)]
struct Sender {
    count: usize,
    print: bool,
    finish: bool,
    acked: Arc<Mutex<Vec<String>>>,
}

#[async_trait]
impl Receiver for Sender {
    async fn start(&mut self, ctx: ReceiverContext) -> Result<(), ComponentError> {
        let this = self.clone();
        tokio::spawn(async move {
            for i in 0..this.count {
                let (ack, waiter) = Ack::new();
                let mut batch = record(&format!("r{i}"));
                batch.acks = AckSet::single(ack);
                if ctx.output.consume(batch).await.is_err() {
                    return;
                }
                if waiter.outcome().await.is_delivered() {
                    this.acked.lock().expect("lock").push(format!("r{i}"));
                    if this.print {
                        let mut out = std::io::stdout();
                        writeln!(out, "acked {i}").expect("stdout");
                        out.flush().expect("flush");
                    }
                }
            }
            if this.finish {
                ctx.finished();
            }
        });
        Ok(())
    }
    async fn shutdown(&mut self) -> Result<(), ComponentError> {
        Ok(())
    }
}

impl ReceiverFactory for Sender {
    fn info(&self) -> FactoryInfo {
        info("sender")
    }
    fn create(&self, _: &CreateContext, _: &ConfValue) -> Result<Box<dyn Receiver>, CreateError> {
        Ok(Box::new(self.clone()))
    }
}

/// An exporter whose backend is down (503) or up (records what it receives).
#[derive(Clone, Default)]
struct Backend {
    up: Arc<AtomicBool>,
    received: Arc<Mutex<Vec<String>>>,
}

impl Backend {
    fn received(&self) -> Vec<String> {
        self.received.lock().expect("lock").clone()
    }
}

struct QueuedExporter(Backend);

#[async_trait]
impl Exporter for QueuedExporter {
    async fn export(&self, batch: &LogsBatch) -> Result<(), ExportError> {
        if !self.0.up.load(Ordering::SeqCst) {
            return Err(ExportError::Retryable(
                "HTTP 503 Service Unavailable".into(),
            ));
        }
        let mut received = self.0.received.lock().expect("lock");
        for rl in &batch.resource_logs {
            for sl in &rl.scope_logs {
                for r in &sl.log_records {
                    if let Some(any_value::Value::StringValue(s)) =
                        r.body.as_ref().and_then(|b| b.value.as_ref())
                    {
                        received.push(s.clone());
                    }
                }
            }
        }
        Ok(())
    }

    fn helper_settings(&self) -> ExporterHelperSettings {
        ExporterHelperSettings {
            queue: QueueConfig {
                storage: Some("file_storage".into()),
                num_consumers: 1,
                queue_size: 100_000,
                ..QueueConfig::default()
            },
            retry: RetryConfig {
                initial_interval: GoDuration::from_millis(50),
                max_interval: GoDuration::from_millis(200),
                max_elapsed_time: GoDuration::ZERO,
                ..RetryConfig::default()
            },
            timeout: Some(Duration::from_secs(5)),
        }
    }
}

impl ExporterFactory for Backend {
    fn info(&self) -> FactoryInfo {
        info("queued")
    }
    fn create(&self, _: &CreateContext, _: &ConfValue) -> Result<Arc<dyn Exporter>, CreateError> {
        Ok(Arc::new(QueuedExporter(self.clone())))
    }
}

fn graph(dir: &str, sender: Sender, backend: Backend) -> Graph {
    let yaml = format!(
        "
receivers: {{sender: }}
exporters: {{queued/primary: }}
extensions:
  file_storage:
    directory: {dir}
service:
  extensions: [file_storage]
  telemetry: {{metrics: {{level: none}}}}
  pipelines:
    logs: {{receivers: [sender], exporters: [queued/primary]}}
"
    );
    let components = Components::default()
        .receiver(sender)
        .exporter(backend)
        .extension(FileStorageExtensionFactory);
    let root = parse_yaml("test.yaml", &yaml).expect("yaml");
    let config = CollectorConfig::from_value(&root).expect("config");
    Graph::build(&components, &config, Telemetry::default()).expect("graph")
}

fn sender(count: usize, print: bool, finish: bool) -> Sender {
    Sender {
        count,
        print,
        finish,
        acked: Arc::default(),
    }
}

/// Runs a collector over `dir` with the backend up until it has received every body in
/// `expected`, then shuts it down gracefully. Returns everything the backend received.
async fn drain_after_restart(dir: &str, expected: &BTreeSet<String>) -> Vec<String> {
    let backend = Backend::default();
    backend.up.store(true, Ordering::SeqCst);
    let watch = backend.clone();
    let wanted = expected.clone();
    let all_received = async move {
        for _ in 0..3_000 {
            let got: BTreeSet<String> = watch.received().into_iter().collect();
            if wanted.is_subset(&got) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        panic!("the restarted collector did not export every stored record within 30s");
    };
    graph(dir, sender(0, false, false), backend.clone())
        .run(None, all_received)
        .await
        .expect("restarted collector runs");
    backend.received()
}

async fn stored_items(dir: &std::path::Path) -> usize {
    let ext = FileStorageExtensionFactory
        .create_extension(
            &CreateContext {
                id: ComponentId::new("file_storage", None),
                telemetry: Telemetry::default(),
                pipeline: None,
                host: otelcol_core::Host::default(),
            },
            &parse_yaml("s.yaml", &format!("directory: {}", dir.display())).expect("yaml"),
        )
        .expect("extension");
    let client = ext
        .open_client(
            Kind::Exporter,
            &ComponentId::new("queued", Some("primary")),
            "logs",
        )
        .await
        .expect("the queue's storage client");
    let mut count = 0;
    for i in 0..10_000 {
        if otelcol_core::storage::StorageClient::get(client.as_ref(), &i.to_string())
            .await
            .expect("get")
            .is_some()
        {
            count += 1;
        }
    }
    otelcol_core::storage::StorageClient::close(client.as_ref())
        .await
        .expect("close");
    count
}

#[tokio::test]
async fn acked_records_survive_a_graceful_restart_and_are_exported_after_it() {
    let tmp = tempfile::TempDir::new().expect("tempdir");
    let dir = tmp.path().to_string_lossy().into_owned();
    let backend = Backend::default();
    let first = sender(20, false, true);
    let acked = first.acked.clone();
    graph(&dir, first, backend.clone())
        .run(None, std::future::pending())
        .await
        .expect("first run");
    assert_eq!(
        acked.lock().expect("lock").len(),
        20,
        "durable enqueue = delivered"
    );
    assert!(backend.received().is_empty(), "the backend was down");
    let file = client_path(
        tmp.path(),
        Kind::Exporter,
        &ComponentId::new("queued", Some("primary")),
        "logs",
    );
    assert!(file.ends_with("exporter_queued_primary_logs"), "{file:?}");
    assert!(file.exists(), "the queue lives in {file:?}");

    let expected: BTreeSet<String> = acked.lock().expect("lock").iter().cloned().collect();
    let received = drain_after_restart(&dir, &expected).await;
    let order: Vec<String> = (0..20).map(|i| format!("r{i}")).collect();
    assert_eq!(received, order, "one consumer keeps the original order");
    assert_eq!(stored_items(tmp.path()).await, 0, "sent items are deleted");
}

/// The crash child: backend down, sends records until killed, printing each acked one.
#[test]
fn queue_crash_child() {
    let Ok(dir) = std::env::var(CHILD_DIR_ENV) else {
        return; // Only runs as the child of the test below.
    };
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        graph(&dir, sender(1_000_000, true, false), Backend::default())
            .run(None, std::future::pending())
            .await
            .expect("child collector runs");
    });
}

#[tokio::test]
async fn records_acked_before_sigkill_are_exported_after_the_restart() {
    let tmp = tempfile::TempDir::new().expect("tempdir");
    let dir = tmp.path().to_string_lossy().into_owned();
    let mut child = Command::new(std::env::current_exe().expect("test binary"))
        .args([
            "queue_crash_child",
            "--exact",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_DIR_ENV, &dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn child");
    let stdout = child.stdout.take().expect("child stdout");
    let mut acked = BTreeSet::new();
    for line in BufReader::new(stdout).lines() {
        let line = line.expect("read child output");
        if let Some(n) = line.strip_prefix("acked ") {
            acked.insert(format!("r{}", n.trim()));
            if acked.len() >= ACKS_BEFORE_KILL {
                child.kill().expect("SIGKILL the child");
                break;
            }
        }
    }
    child.wait().expect("reap child");
    assert!(
        acked.len() >= ACKS_BEFORE_KILL,
        "the child acknowledged records"
    );

    let received = drain_after_restart(&dir, &acked).await;
    let received_set: BTreeSet<String> = received.iter().cloned().collect();
    let missing: Vec<&String> = acked.difference(&received_set).collect();
    assert!(missing.is_empty(), "acked but never exported: {missing:?}");
    assert_eq!(stored_items(tmp.path()).await, 0, "sent items are deleted");
}
