//! Runs a built graph: starts extensions, exporters, pipelines and receivers (in that
//! order), marks the collector ready, and on shutdown stops them in reverse so that
//! everything accepted is delivered or reported as failed within the deadline.

use super::exporter_task::ExporterTask;
use super::graph::Graph;
use super::metrics_server::MetricsServer;
use super::pipeline::PipelineTask;
use crate::component::ReceiverContext;
use crate::component::{ComponentId, Kind};
use crate::consumer::LogsConsumer;
use crate::exporterhelper::ShutdownDeadline;
use crate::host::{CollectorState, ComponentStatus};
use std::future::Future;
use std::time::{Duration, SystemTime};
use tokio::sync::mpsc;
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

/// Bounded queue length (in batches) in front of each pipeline and each exporter.
const QUEUE_BATCHES: usize = 64;

/// How long a graceful shutdown may take before remaining work is abandoned (its acks fail).
pub const SHUTDOWN_DEADLINE: Duration = Duration::from_secs(30);

/// Why the collector stopped running.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StopReason {
    Signal,
    ReceiversFinished,
}

impl Graph {
    /// Starts everything, runs until `shutdown` resolves or every receiver has finished, then
    /// shuts down gracefully. `metrics_address` serves the Prometheus endpoint when given.
    pub async fn run(
        self,
        metrics_address: Option<String>,
        shutdown: impl Future<Output = ()>,
    ) -> Result<StopReason, String> {
        let Graph {
            extensions,
            receivers,
            pipelines,
            exporters,
            host,
            telemetry,
        } = self;
        let metrics = match metrics_address {
            Some(addr) => Some(MetricsServer::start(&addr, telemetry.clone()).await?),
            None => None,
        };
        let mut started_ext = Vec::new();
        for (id, ext) in &extensions {
            if let Err(e) = ext.start(&host).await {
                stop_extensions(&started_ext).await;
                return Err(format!("failed to start extensions: {id}: {e}"));
            }
            started_ext.push((id.clone(), ext.clone()));
        }

        let shutdown_deadline = ShutdownDeadline::default();
        let mut exporter_tasks = JoinSet::new();
        let mut exporter_queues = Vec::new();
        for (id, exporter) in &exporters {
            let started =
                ExporterTask::start(id, exporter, &host, &telemetry, &shutdown_deadline).await;
            let task = match started {
                Ok(task) => task,
                Err(e) => {
                    stop_extensions(&started_ext).await;
                    return Err(format!(
                        "cannot start pipelines: failed to start \"{id}\" exporter: {e}"
                    ));
                }
            };
            let (tx, rx) = mpsc::channel(QUEUE_BATCHES);
            exporter_queues.push(tx);
            exporter_tasks.spawn(task.run(rx));
        }

        let stop_pipelines = CancellationToken::new();
        let mut pipeline_tasks = JoinSet::new();
        let mut pipeline_inputs = Vec::new();
        for built in pipelines {
            let queues = built
                .exporters
                .iter()
                .map(|&i| exporter_queues[i].clone())
                .collect();
            let (tx, rx) = mpsc::channel(QUEUE_BATCHES);
            pipeline_inputs.push(tx);
            pipeline_tasks.spawn(PipelineTask::new(built, queues).run(rx, stop_pipelines.clone()));
        }
        drop(exporter_queues);

        let (done_tx, mut done_rx) = mpsc::unbounded_channel::<ComponentId>();
        let mut running = Vec::new();
        let mut start_error = None;
        for mut built in receivers {
            let consumer = LogsConsumer::new(
                built
                    .pipelines
                    .iter()
                    .map(|&i| pipeline_inputs[i].clone())
                    .collect(),
            );
            host.report_status(Kind::Receiver, &built.id, ComponentStatus::Starting);
            let ctx = ReceiverContext::new(
                built.id.clone(),
                consumer.clone(),
                host.clone(),
                telemetry.clone(),
                done_tx.clone(),
            );
            if let Err(e) = built.receiver.start(ctx).await {
                start_error = Some(format!(
                    "cannot start pipelines: failed to start \"{}\" receiver: {e}",
                    built.id
                ));
                break;
            }
            host.report_status(Kind::Receiver, &built.id, ComponentStatus::Ok);
            running.push((built.id, built.receiver, consumer));
        }
        drop(pipeline_inputs);
        drop(done_tx);

        let reason = if let Some(err) = start_error {
            Err(err)
        } else {
            host.set_state(CollectorState::Ready {
                since: SystemTime::now(),
            });
            tracing::info!("Everything is ready. Begin running and processing data.");
            Ok(wait_for_stop(shutdown, &mut done_rx, running.len()).await)
        };

        host.set_state(CollectorState::ShuttingDown);
        shutdown_deadline.begin(SHUTDOWN_DEADLINE);
        tracing::info!("Shutdown initiated; stopping receivers and draining pipelines");
        let drained = tokio::time::timeout(SHUTDOWN_DEADLINE, async {
            for (id, receiver, consumer) in running.iter_mut() {
                host.report_status(Kind::Receiver, id, ComponentStatus::Stopping);
                if let Err(e) = receiver.shutdown().await {
                    tracing::error!(receiver = %id, error = %e, "receiver shutdown failed");
                }
                consumer.close();
                host.report_status(Kind::Receiver, id, ComponentStatus::Stopped);
            }
            stop_pipelines.cancel();
            while pipeline_tasks.join_next().await.is_some() {}
            while exporter_tasks.join_next().await.is_some() {}
        })
        .await;
        if drained.is_err() {
            tracing::error!(deadline = ?SHUTDOWN_DEADLINE, "shutdown deadline passed; undelivered data is reported as failed");
            pipeline_tasks.abort_all();
            exporter_tasks.abort_all();
        }
        stop_extensions(&started_ext).await;
        if let Some(m) = metrics {
            m.stop().await;
        }
        tracing::info!("Shutdown complete.");
        reason
    }
}

async fn wait_for_stop(
    shutdown: impl Future<Output = ()>,
    done: &mut mpsc::UnboundedReceiver<ComponentId>,
    receivers: usize,
) -> StopReason {
    let all_finished = async {
        let mut finished = std::collections::BTreeSet::new();
        while let Some(id) = done.recv().await {
            finished.insert(id);
            if finished.len() >= receivers {
                return;
            }
        }
        std::future::pending::<()>().await;
    };
    tokio::select! {
        _ = shutdown => StopReason::Signal,
        _ = all_finished => {
            tracing::info!("every receiver has finished its work");
            StopReason::ReceiversFinished
        }
    }
}

async fn stop_extensions(
    started: &[(ComponentId, std::sync::Arc<dyn crate::component::Extension>)],
) {
    for (id, ext) in started.iter().rev() {
        if let Err(e) = ext.shutdown().await {
            tracing::error!(extension = %id, error = %e, "extension shutdown failed");
        }
    }
}
