//! Test support: the receiver over temp files, a recording/acking test pipeline, in-memory storage.

mod config;
mod reading;
mod recovery;

use crate::config::OtlpJsonFileConfig;
use crate::receiver::OtlpJsonFileReceiver;
use async_trait::async_trait;
use otelcol_core::confmap::parse_yaml;
use otelcol_core::pdata::{any_value::Value, string_value, LogRecord, ResourceLogs, ScopeLogs};
use otelcol_core::storage::{StorageClient, StorageExtension, StorageOp};
use otelcol_core::{
    decode_config, ComponentError, ComponentId, Extension, Host, Kind, LogsBatch, LogsConsumer,
    Receiver, ReceiverContext, Telemetry,
};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{mpsc, watch};

#[derive(Debug, Clone)]
pub(crate) enum Outcome {
    Deliver,
    Fail(String),
    Hold,
}

pub(crate) struct Harness {
    pub receiver: OtlpJsonFileReceiver,
    pub seen: mpsc::UnboundedReceiver<Vec<ResourceLogs>>,
    pub finished: mpsc::UnboundedReceiver<ComponentId>,
    pub telemetry: Telemetry,
    outcome: Arc<Mutex<Outcome>>,
    release: watch::Sender<bool>,
}

impl Harness {
    pub(crate) fn set(&self, outcome: Outcome) {
        *self.outcome.lock().unwrap() = outcome;
    }

    /// The bodies of the next batch (waits at most 10 s).
    pub(crate) async fn next(&mut self) -> Vec<String> {
        bodies(&self.next_batch().await)
    }

    pub(crate) async fn next_batch(&mut self) -> Vec<ResourceLogs> {
        tokio::time::timeout(Duration::from_secs(10), self.seen.recv())
            .await
            .expect("a batch within 10s")
            .expect("pipeline open")
    }

    /// Collects bodies until `n` records have arrived.
    pub(crate) async fn records(&mut self, n: usize) -> Vec<String> {
        let mut out = Vec::new();
        while out.len() < n {
            out.extend(self.next().await);
        }
        out
    }

    pub(crate) async fn wait_finished(&mut self) {
        tokio::time::timeout(Duration::from_secs(10), self.finished.recv())
            .await
            .expect("finished within 10s");
    }
}

pub(crate) fn config(yaml: &str) -> Result<OtlpJsonFileConfig, String> {
    let value = parse_yaml("test", yaml).map_err(|e| e.to_string())?;
    decode_config::<OtlpJsonFileConfig>(&value).map_err(|e| e.to_string())
}

/// Starts the receiver from its YAML; `storage` is registered as `file_storage`.
pub(crate) async fn start(yaml: &str, storage: Option<&MemStorage>) -> Harness {
    let mut receiver = OtlpJsonFileReceiver::new(config(yaml).expect("valid config"));
    let (tx, mut rx) = mpsc::channel::<LogsBatch>(16);
    let (seen_tx, seen) = mpsc::unbounded_channel();
    let outcome = Arc::new(Mutex::new(Outcome::Deliver));
    let (release, released) = watch::channel(false);
    let o = outcome.clone();
    tokio::spawn(async move {
        while let Some(batch) = rx.recv().await {
            let outcome = o.lock().unwrap().clone();
            let _ = seen_tx.send(batch.resource_logs.clone());
            match outcome {
                Outcome::Deliver => batch.deliver(),
                Outcome::Fail(reason) => batch.fail(&reason),
                Outcome::Hold => {
                    let mut r = released.clone();
                    tokio::spawn(async move {
                        let _ = r.wait_for(|v| *v).await;
                        batch.deliver();
                    });
                }
            }
        }
    });
    let mut extensions: BTreeMap<ComponentId, Arc<dyn Extension>> = BTreeMap::new();
    if let Some(s) = storage {
        extensions.insert(ComponentId::new("file_storage", None), Arc::new(s.clone()));
    }
    let telemetry = Telemetry::default();
    let (done, finished) = mpsc::unbounded_channel();
    let ctx = ReceiverContext::new(
        ComponentId::new("otlpjsonfile", None),
        LogsConsumer::new(vec![tx]),
        Host::new(extensions),
        telemetry.clone(),
        done,
    );
    receiver.start(ctx).await.expect("receiver starts");
    Harness {
        receiver,
        seen,
        finished,
        telemetry,
        outcome,
        release,
    }
}

/// One OTLP/JSON line (with `\n`) holding records with these bodies.
pub(crate) fn line(bodies: &[&str]) -> String {
    let records = bodies
        .iter()
        .map(|b| LogRecord {
            body: Some(string_value(*b)),
            ..Default::default()
        })
        .collect();
    let rl = vec![ResourceLogs {
        scope_logs: vec![ScopeLogs {
            log_records: records,
            ..Default::default()
        }],
        ..Default::default()
    }];
    let mut out = Vec::new();
    otelcol_core::otlp_json::encode_logs_request(&rl, &mut out);
    let mut text = String::from_utf8(out).unwrap();
    text.push('\n');
    text
}

pub(crate) fn append(path: &Path, text: &str) {
    use std::io::Write;
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .unwrap();
    f.write_all(text.as_bytes()).unwrap();
}

pub(crate) fn bodies(resource_logs: &[ResourceLogs]) -> Vec<String> {
    resource_logs
        .iter()
        .flat_map(|r| &r.scope_logs)
        .flat_map(|s| &s.log_records)
        .map(|l| match l.body.as_ref().and_then(|b| b.value.as_ref()) {
            Some(Value::StringValue(s)) => s.clone(),
            other => format!("{other:?}"),
        })
        .collect()
}

/// A string attribute of the first record.
pub(crate) fn attribute(resource_logs: &[ResourceLogs], key: &str) -> Option<Value> {
    resource_logs[0].scope_logs[0].log_records[0]
        .attributes
        .iter()
        .find(|kv| kv.key == key)
        .and_then(|kv| kv.value.as_ref()?.value.clone())
}

/// An in-memory storage extension shared across receiver restarts.
#[derive(Clone, Default)]
pub(crate) struct MemStorage {
    data: Arc<Mutex<HashMap<String, Vec<u8>>>>,
}

impl MemStorage {
    pub(crate) fn keys(&self) -> Vec<String> {
        self.data.lock().unwrap().keys().cloned().collect()
    }
}

#[async_trait]
impl Extension for MemStorage {
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
impl StorageExtension for MemStorage {
    async fn client(
        &self,
        kind: Kind,
        component: &ComponentId,
        name: &str,
    ) -> Result<Arc<dyn StorageClient>, ComponentError> {
        Ok(Arc::new(MemClient {
            prefix: format!("{}_{component}_{name}/", kind.as_str()),
            data: self.data.clone(),
        }))
    }
}

struct MemClient {
    prefix: String,
    data: Arc<Mutex<HashMap<String, Vec<u8>>>>,
}

#[async_trait]
impl StorageClient for MemClient {
    async fn get(&self, key: &str) -> Result<Option<Vec<u8>>, ComponentError> {
        Ok(self
            .data
            .lock()
            .unwrap()
            .get(&format!("{}{key}", self.prefix))
            .cloned())
    }
    async fn set(&self, key: &str, value: Vec<u8>) -> Result<(), ComponentError> {
        self.data
            .lock()
            .unwrap()
            .insert(format!("{}{key}", self.prefix), value);
        Ok(())
    }
    async fn delete(&self, key: &str) -> Result<(), ComponentError> {
        self.data
            .lock()
            .unwrap()
            .remove(&format!("{}{key}", self.prefix));
        Ok(())
    }
    async fn batch(&self, ops: Vec<StorageOp>) -> Result<Vec<Option<Vec<u8>>>, ComponentError> {
        let mut out = Vec::new();
        for op in ops {
            out.push(match op {
                StorageOp::Get(k) => self.get(&k).await?,
                StorageOp::Set(k, v) => {
                    self.set(&k, v).await?;
                    None
                }
                StorageOp::Delete(k) => {
                    self.delete(&k).await?;
                    None
                }
            });
        }
        Ok(out)
    }
    async fn close(&self) -> Result<(), ComponentError> {
        Ok(())
    }
}
