//! One exporter's task: its bounded intake feeds the shared sending machinery
//! (`exporterhelper`: queue, retries, timeout, acks, metrics); after the intake closes and
//! the queue has drained, the exporter is shut down.

use crate::batch::LogsBatch;
use crate::component::{ComponentError, ComponentId, Exporter};
use crate::exporterhelper::{QueueSender, ShutdownDeadline};
use crate::host::Host;
use crate::telemetry::Telemetry;
use std::sync::Arc;
use tokio::sync::mpsc;

/// A started exporter with its sending queue, ready to run.
pub(crate) struct ExporterTask {
    id: ComponentId,
    exporter: Arc<dyn Exporter>,
    sender: QueueSender,
}

impl ExporterTask {
    /// Starts the exporter, then its sending queue (a persistent queue opens its storage
    /// here); if the queue cannot start, the exporter is shut down again.
    pub async fn start(
        id: &ComponentId,
        exporter: &Arc<dyn Exporter>,
        host: &Host,
        telemetry: &Telemetry,
        deadline: &ShutdownDeadline,
    ) -> Result<Self, ComponentError> {
        exporter.start(host).await?;
        match QueueSender::start(id.clone(), exporter.clone(), host, telemetry, deadline).await {
            Ok(sender) => Ok(ExporterTask {
                id: id.clone(),
                exporter: exporter.clone(),
                sender,
            }),
            Err(e) => {
                if let Err(stop) = exporter.shutdown().await {
                    tracing::error!(exporter = %id, error = %stop, "exporter shutdown failed");
                }
                Err(e)
            }
        }
    }

    pub async fn run(self, intake: mpsc::Receiver<LogsBatch>) {
        self.sender.run(intake).await;
        if let Err(err) = self.exporter.shutdown().await {
            tracing::error!(exporter = %self.id, error = %err, "exporter shutdown failed");
        }
    }
}
