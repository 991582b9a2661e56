//! Runtime behaviour with small in-test components: acks through processors and fan-out,
//! exporter failures reaching the sender, shutdown flushing held data, one-shot exit.

use super::{CollectorConfig, Graph, StopReason};
use crate::ack::{Ack, AckOutcome};
use crate::batch::LogsBatch;
use crate::component::*;
use crate::confmap::{self, ConfValue};
use crate::factory::*;
use crate::pdata::{LogRecord, ResourceLogs, ScopeLogs};
use crate::telemetry::Telemetry;
use async_trait::async_trait;
use std::sync::{Arc, Mutex};
use tokio::sync::oneshot;

fn info(type_name: &'static str) -> FactoryInfo {
    FactoryInfo {
        type_name,
        aliases: &[],
        stability: Stability::Development,
        module: "test",
    }
}

fn logs(n: usize) -> Vec<ResourceLogs> {
    vec![ResourceLogs {
        scope_logs: vec![ScopeLogs {
            log_records: vec![LogRecord::default(); n],
            ..Default::default()
        }],
        ..Default::default()
    }]
}

/// Sends `batches` batches of 3 records at start, reports each outcome, then finishes.
#[derive(Clone, Default)]
struct Outcomes(Arc<Mutex<Vec<AckOutcome>>>);

struct SendReceiver {
    batches: usize,
    outcomes: Outcomes,
    hold: Option<oneshot::Receiver<()>>,
}

#[async_trait]
impl Receiver for SendReceiver {
    async fn start(&mut self, ctx: ReceiverContext) -> Result<(), ComponentError> {
        let (batches, outcomes, hold) = (self.batches, self.outcomes.clone(), self.hold.take());
        tokio::spawn(async move {
            let mut waiters = Vec::new();
            for _ in 0..batches {
                let (ack, waiter) = Ack::new();
                let _ = ctx
                    .output
                    .consume(LogsBatch::new(logs(3), crate::AckSet::single(ack)))
                    .await;
                waiters.push(waiter);
            }
            if let Some(hold) = hold {
                let _ = hold.await;
            }
            for w in waiters {
                let outcome = w.outcome().await;
                outcomes.0.lock().expect("lock").push(outcome);
            }
            ctx.finished();
        });
        Ok(())
    }
    async fn shutdown(&mut self) -> Result<(), ComponentError> {
        Ok(())
    }
}

struct SendFactory {
    batches: usize,
    outcomes: Outcomes,
}

impl ReceiverFactory for SendFactory {
    fn info(&self) -> FactoryInfo {
        info("sender")
    }
    fn create(&self, _: &CreateContext, _: &ConfValue) -> Result<Box<dyn Receiver>, CreateError> {
        Ok(Box::new(SendReceiver {
            batches: self.batches,
            outcomes: self.outcomes.clone(),
            hold: None,
        }))
    }
}

/// Holds everything until shutdown (like a batch processor with an endless timeout) and
/// counts what it holds.
#[derive(Default)]
struct HoldProcessor(Option<LogsBatch>, Arc<std::sync::atomic::AtomicUsize>);

impl Processor for HoldProcessor {
    fn process(&mut self, batch: LogsBatch, _out: &mut ProcessorOutput) {
        self.1
            .fetch_add(batch.record_count(), std::sync::atomic::Ordering::SeqCst);
        match &mut self.0 {
            Some(held) => held.append(batch),
            None => self.0 = Some(batch),
        }
    }
    fn flush(&mut self, out: &mut ProcessorOutput) {
        if let Some(b) = self.0.take() {
            out.emit(b);
        }
    }
}

#[derive(Clone, Default)]
struct HoldFactory(Arc<std::sync::atomic::AtomicUsize>);
impl ProcessorFactory for HoldFactory {
    fn info(&self) -> FactoryInfo {
        info("hold")
    }
    fn create(&self, _: &CreateContext, _: &ConfValue) -> Result<Box<dyn Processor>, CreateError> {
        Ok(Box::new(HoldProcessor(None, self.0.clone())))
    }
}

#[derive(Clone, Default)]
struct Sink(Arc<Mutex<usize>>);

struct SinkExporter {
    sink: Sink,
    fail: bool,
}

#[async_trait]
impl Exporter for SinkExporter {
    async fn export(&self, batch: &LogsBatch) -> Result<(), ExportError> {
        if self.fail {
            return Err(ExportError::Permanent("backend said 400".into()));
        }
        *self.sink.0.lock().expect("lock") += batch.record_count();
        Ok(())
    }
}

struct SinkFactory {
    ok: Sink,
    failing: Sink,
}

impl ExporterFactory for SinkFactory {
    fn info(&self) -> FactoryInfo {
        info("sink")
    }
    fn create(&self, ctx: &CreateContext, _: &ConfValue) -> Result<Arc<dyn Exporter>, CreateError> {
        let fail = ctx.id.name.as_deref() == Some("failing");
        let sink = if fail {
            self.failing.clone()
        } else {
            self.ok.clone()
        };
        Ok(Arc::new(SinkExporter { sink, fail }))
    }
}

fn build(yaml: &str, batches: usize) -> (Graph, Outcomes, Sink) {
    build_with(yaml, batches, HoldFactory::default())
}

fn build_with(yaml: &str, batches: usize, hold: HoldFactory) -> (Graph, Outcomes, Sink) {
    let outcomes = Outcomes::default();
    let ok = Sink::default();
    let components = Components::default()
        .receiver(SendFactory {
            batches,
            outcomes: outcomes.clone(),
        })
        .processor(hold)
        .exporter(SinkFactory {
            ok: ok.clone(),
            failing: Sink::default(),
        });
    let root = confmap::parse_yaml("test.yaml", yaml).expect("yaml");
    let config = CollectorConfig::from_value(&root).expect("config");
    (
        Graph::build(&components, &config, Telemetry::default()).expect("graph"),
        outcomes,
        ok,
    )
}

const TWO_PIPELINES: &str = "
receivers: {sender: }
processors: {hold: }
exporters: {sink: , sink/failing: }
service:
  pipelines:
    logs/a: {receivers: [sender], processors: [hold], exporters: [sink]}
    logs/b: {receivers: [sender], exporters: [sink]}
";

async fn poll_until(what: &str, mut check: impl FnMut() -> bool) {
    for _ in 0..2_000 {
        if check() {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    panic!("timed out waiting for {what}");
}

#[tokio::test]
async fn shutdown_flushes_held_data_and_resolves_every_ack() {
    let hold = HoldFactory::default();
    let held = hold.0.clone();
    let (graph, outcomes, sink) = build_with(TWO_PIPELINES, 4, hold);
    let signal = async move {
        poll_until("the hold processor to hold 12 records", || {
            held.load(std::sync::atomic::Ordering::SeqCst) == 12
        })
        .await;
    };
    let reason = graph.run(None, signal).await.expect("runs");
    assert_eq!(reason, StopReason::Signal);
    assert_eq!(
        *sink.0.lock().expect("lock"),
        24,
        "both pipelines delivered everything"
    );
    poll_until("4 outcomes", || outcomes.0.lock().expect("lock").len() == 4).await;
    assert!(outcomes
        .0
        .lock()
        .expect("lock")
        .iter()
        .all(AckOutcome::is_delivered));
}

#[tokio::test]
async fn exporter_failure_in_one_branch_fails_the_senders_ack() {
    let yaml = "
receivers: {sender: }
exporters: {sink: , sink/failing: }
service:
  pipelines:
    logs: {receivers: [sender], exporters: [sink, sink/failing]}
";
    let (graph, outcomes, sink) = build(yaml, 3);
    let reason = graph.run(None, std::future::pending()).await.expect("runs");
    assert_eq!(reason, StopReason::ReceiversFinished);
    let outcomes = outcomes.0.lock().expect("lock").clone();
    assert_eq!(outcomes.len(), 3);
    for o in outcomes {
        assert_eq!(
            o,
            AckOutcome::Failed(
                "exporter sink/failing: not retryable error: backend said 400".into()
            )
        );
    }
    assert_eq!(
        *sink.0.lock().expect("lock"),
        9,
        "the healthy branch still delivered"
    );
}

#[tokio::test]
async fn fan_out_to_two_pipelines_delivers_to_both_then_acks() {
    let yaml = "
receivers: {sender: }
exporters: {sink: }
service:
  pipelines:
    logs/a: {receivers: [sender], exporters: [sink]}
    logs/b: {receivers: [sender], exporters: [sink]}
";
    let (graph, outcomes, sink) = build(yaml, 5);
    graph.run(None, std::future::pending()).await.expect("runs");
    assert!(outcomes
        .0
        .lock()
        .expect("lock")
        .iter()
        .all(AckOutcome::is_delivered));
    assert_eq!(*sink.0.lock().expect("lock"), 2 * 5 * 3);
}
