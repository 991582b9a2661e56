//! One exporter's task: takes batches from its bounded queue, exports each, and resolves the
//! batch's acks as delivered or failed (with the exporter id and error), counting both.

use crate::batch::LogsBatch;
use crate::component::{ComponentId, Exporter};
use crate::telemetry::{names, Telemetry};
use std::sync::Arc;
use tokio::sync::mpsc;

pub(crate) async fn run_exporter(
    id: ComponentId,
    exporter: Arc<dyn Exporter>,
    mut queue: mpsc::Receiver<LogsBatch>,
    telemetry: Telemetry,
) {
    let label = id.to_string();
    let labels = [("exporter", label.as_str())];
    let sent = telemetry.counter(
        names::EXPORTER_SENT,
        "Number of log records successfully sent to destination.",
        &labels,
    );
    let failed = telemetry.counter(
        names::EXPORTER_FAILED,
        "Number of log records in failed attempts to send to destination.",
        &labels,
    );
    let queue_size = telemetry.gauge(
        names::EXPORTER_QUEUE_SIZE,
        "Current size of the retry queue (in batches).",
        &labels,
    );
    while let Some(batch) = queue.recv().await {
        queue_size.set(queue.len() as i64);
        let records = batch.record_count() as u64;
        match exporter.export(&batch).await {
            Ok(()) => {
                sent.add(records);
                batch.deliver();
            }
            Err(err) => {
                failed.add(records);
                tracing::error!(exporter = %id, error = %err, dropped_items = records, "Exporting failed; the failure is reported back to the receiver.");
                batch.fail(&format!("exporter {id}: {err}"));
            }
        }
    }
    if let Err(err) = exporter.shutdown().await {
        tracing::error!(exporter = %id, error = %err, "exporter shutdown failed");
    }
}
