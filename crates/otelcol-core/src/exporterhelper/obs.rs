//! An exporter's self-metrics (Go `obsreport` names): records sent, failed and refused by the
//! queue, and the queue's size and capacity, labelled `exporter=<id>`.

use crate::component::ComponentId;
use crate::telemetry::{names, Counter, Gauge, Telemetry};

#[derive(Clone)]
pub(crate) struct ExporterMetrics {
    pub sent: Counter,
    pub failed: Counter,
    pub enqueue_failed: Counter,
    /// In the queue's sizer unit; without a queue, batches waiting in the exporter's intake.
    pub queue_size: Gauge,
}

impl ExporterMetrics {
    pub fn new(telemetry: &Telemetry, id: &ComponentId) -> Self {
        let label = id.to_string();
        let labels = [("exporter", label.as_str())];
        ExporterMetrics {
            sent: telemetry.counter(
                names::EXPORTER_SENT,
                "Number of log records successfully sent to destination.",
                &labels,
            ),
            failed: telemetry.counter(
                names::EXPORTER_FAILED,
                "Number of log records in failed attempts to send to destination.",
                &labels,
            ),
            enqueue_failed: telemetry.counter(
                names::EXPORTER_ENQUEUE_FAILED,
                "Number of log records failed to be added to the sending queue.",
                &labels,
            ),
            queue_size: telemetry.gauge(
                names::EXPORTER_QUEUE_SIZE,
                "Current size of the retry queue (in the unit of sending_queue.sizer).",
                &labels,
            ),
        }
    }

    /// Publishes the queue capacity (only exporters with a sending queue have one).
    pub fn set_capacity(telemetry: &Telemetry, id: &ComponentId, capacity: u64) {
        let label = id.to_string();
        telemetry
            .gauge(
                names::EXPORTER_QUEUE_CAPACITY,
                "Fixed capacity of the retry queue (in the unit of sending_queue.sizer).",
                &[("exporter", label.as_str())],
            )
            .set(i64::try_from(capacity).unwrap_or(i64::MAX));
    }
}
