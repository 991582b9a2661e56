//! Test support: the receiver on ephemeral ports in front of a recording, acking test pipeline.

mod config;
mod grpc;
mod http;
mod tls;

use crate::config::OtlpReceiverConfig;
use crate::receiver::OtlpReceiver;
use otelcol_core::confmap::parse_yaml;
use otelcol_core::pdata::{
    string_value, ExportLogsServiceRequest, LogRecord, ResourceLogs, ScopeLogs,
};
use otelcol_core::{
    decode_config, ClientContext, ComponentId, Host, LogsBatch, LogsConsumer, Receiver,
    ReceiverContext, Telemetry,
};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{mpsc, watch};

/// What the test pipeline does with each batch.
#[derive(Debug, Clone)]
pub(crate) enum Outcome {
    Deliver,
    Fail(String),
    /// Keep the batch unacknowledged until `Pipeline::release`.
    Hold,
}

/// A batch as the pipeline saw it.
#[derive(Debug, Clone)]
pub(crate) struct Seen {
    pub resource_logs: Vec<ResourceLogs>,
    pub client: ClientContext,
}

pub(crate) struct Pipeline {
    pub seen: mpsc::UnboundedReceiver<Seen>,
    outcome: Arc<Mutex<Outcome>>,
    release: watch::Sender<bool>,
}

impl Pipeline {
    pub(crate) fn set(&self, outcome: Outcome) {
        *self.outcome.lock().unwrap() = outcome;
    }

    pub(crate) fn release(&self) {
        self.release.send_replace(true);
    }

    /// The next batch, waiting at most 10 s.
    pub(crate) async fn next(&mut self) -> Seen {
        tokio::time::timeout(Duration::from_secs(10), self.seen.recv())
            .await
            .expect("a batch within 10s")
            .expect("pipeline open")
    }

    /// Nothing reached the pipeline (checked after the response, which comes after consume).
    pub(crate) fn assert_nothing_consumed(&mut self) {
        assert!(
            self.seen.try_recv().is_err(),
            "nothing should reach the pipeline"
        );
    }
}

pub(crate) struct Running {
    pub receiver: OtlpReceiver,
    pub pipeline: Pipeline,
    pub telemetry: Telemetry,
}

impl Running {
    pub(crate) fn grpc_addr(&self) -> String {
        self.receiver.endpoints()[0].clone()
    }

    /// The HTTP endpoint (the last one started).
    pub(crate) fn http_url(&self, path: &str) -> String {
        format!("http://{}{path}", self.receiver.endpoints().last().unwrap())
    }
}

pub(crate) fn config(yaml: &str) -> Result<OtlpReceiverConfig, String> {
    let value = parse_yaml("test", yaml).map_err(|e| e.to_string())?;
    decode_config::<OtlpReceiverConfig>(&value).map_err(|e| e.to_string())
}

/// Starts the receiver from its YAML with a test pipeline behind it.
pub(crate) async fn start(yaml: &str) -> Running {
    let mut receiver = OtlpReceiver::new(config(yaml).expect("valid config"));
    let (tx, mut rx) = mpsc::channel::<LogsBatch>(16);
    let (seen_tx, seen) = mpsc::unbounded_channel();
    let outcome = Arc::new(Mutex::new(Outcome::Deliver));
    let (release, released) = watch::channel(false);
    let (o, r) = (outcome.clone(), released);
    tokio::spawn(async move {
        while let Some(batch) = rx.recv().await {
            let outcome = o.lock().unwrap().clone();
            let _ = seen_tx.send(Seen {
                resource_logs: batch.resource_logs.clone(),
                client: (*batch.client).clone(),
            });
            match outcome {
                Outcome::Deliver => batch.deliver(),
                Outcome::Fail(reason) => batch.fail(&reason),
                Outcome::Hold => {
                    let mut r = r.clone();
                    tokio::spawn(async move {
                        let _ = r.wait_for(|released| *released).await;
                        batch.deliver();
                    });
                }
            }
        }
    });
    let telemetry = Telemetry::default();
    let (done, _) = mpsc::unbounded_channel();
    let ctx = ReceiverContext::new(
        ComponentId::new("otlp", None),
        LogsConsumer::new(vec![tx]),
        Host::default(),
        telemetry.clone(),
        done,
    );
    receiver.start(ctx).await.expect("receiver starts");
    Running {
        receiver,
        pipeline: Pipeline {
            seen,
            outcome,
            release,
        },
        telemetry,
    }
}

/// A request with `n` records whose bodies are `record-<i>`.
pub(crate) fn request(n: usize) -> ExportLogsServiceRequest {
    let records = (0..n)
        .map(|i| LogRecord {
            body: Some(string_value(format!("record-{i}"))),
            ..Default::default()
        })
        .collect();
    ExportLogsServiceRequest {
        resource_logs: vec![ResourceLogs {
            scope_logs: vec![ScopeLogs {
                log_records: records,
                ..Default::default()
            }],
            ..Default::default()
        }],
    }
}

/// The bodies of every record, in order.
pub(crate) fn bodies(resource_logs: &[ResourceLogs]) -> Vec<String> {
    use otelcol_core::pdata::any_value::Value;
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

/// The value of a counter line in the Prometheus text.
pub(crate) fn metric(telemetry: &Telemetry, name: &str, transport: &str) -> u64 {
    let needle = format!("{name}{{receiver=\"otlp\",transport=\"{transport}\"}} ");
    telemetry
        .render_prometheus()
        .lines()
        .find_map(|l| l.strip_prefix(&needle).map(|v| v.parse().unwrap()))
        .unwrap_or(0)
}
