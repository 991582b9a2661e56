//! One pipeline's task: runs its processors in order over each batch (and on their
//! deadlines), then fans the result out to its exporters' queues. At stop it drains its input
//! and flushes every processor, so nothing accepted is left behind.

use super::graph::BuiltPipeline;
use crate::batch::LogsBatch;
use crate::component::{ComponentId, Processor, ProcessorOutput};
use crate::consumer::send_to_each;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

pub(crate) struct PipelineTask {
    pub id: String,
    pub processors: Vec<(ComponentId, Box<dyn Processor>)>,
    pub exporters: Vec<mpsc::Sender<LogsBatch>>,
}

impl PipelineTask {
    pub fn new(built: BuiltPipeline, exporters: Vec<mpsc::Sender<LogsBatch>>) -> Self {
        PipelineTask {
            id: built.id,
            processors: built.processors,
            exporters,
        }
    }

    pub async fn run(mut self, mut input: mpsc::Receiver<LogsBatch>, stop: CancellationToken) {
        loop {
            let deadline = self
                .processors
                .iter()
                .filter_map(|(_, p)| p.next_deadline())
                .min();
            tokio::select! {
                biased;
                received = input.recv() => match received {
                    Some(batch) => self.push(0, vec![batch]).await,
                    None => break,
                },
                _ = stop.cancelled() => {
                    input.close();
                    while let Some(batch) = input.recv().await {
                        self.push(0, vec![batch]).await;
                    }
                    break;
                }
                _ = sleep_until(deadline) => self.fire_deadlines().await,
            }
        }
        self.flush_all().await;
        tracing::debug!(pipeline = %self.id, "pipeline stopped");
    }

    /// Runs `batches` through the processors from index `from`, then exports the result.
    async fn push(&mut self, from: usize, mut batches: Vec<LogsBatch>) {
        let mut out = ProcessorOutput::default();
        for (_, processor) in self.processors.iter_mut().skip(from) {
            for batch in batches.drain(..) {
                processor.process(batch, &mut out);
            }
            batches = out.take();
            if batches.is_empty() {
                return;
            }
        }
        for batch in batches {
            self.fan_out(batch).await;
        }
    }

    async fn fire_deadlines(&mut self) {
        let now = tokio::time::Instant::now();
        for i in 0..self.processors.len() {
            let due = self.processors[i]
                .1
                .next_deadline()
                .is_some_and(|d| d <= now);
            if due {
                let mut out = ProcessorOutput::default();
                self.processors[i].1.on_deadline(&mut out);
                let produced = out.take();
                if !produced.is_empty() {
                    self.push(i + 1, produced).await;
                }
            }
        }
    }

    async fn flush_all(&mut self) {
        for i in 0..self.processors.len() {
            let mut out = ProcessorOutput::default();
            self.processors[i].1.flush(&mut out);
            let produced = out.take();
            if !produced.is_empty() {
                self.push(i + 1, produced).await;
            }
        }
    }

    /// Sends the batch to every exporter queue: a fork (new ack shares) for all but the last.
    async fn fan_out(&self, batch: LogsBatch) {
        let reason = format!("pipeline {}: exporter queue is closed", self.id);
        send_to_each(&self.exporters, batch, &reason).await;
    }
}

async fn sleep_until(deadline: Option<tokio::time::Instant>) {
    match deadline {
        Some(d) => tokio::time::sleep_until(d).await,
        None => std::future::pending().await,
    }
}
